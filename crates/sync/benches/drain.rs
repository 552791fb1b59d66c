//! Pushing 10,000 bookings queued during an outage, once the network is back: the kiosk's sync
//! round (outbox → batches of 500 → the reference server on loopback, over SQLite) beside the
//! same 10,000 bookings applied by the server's database directly (no HTTP, no kiosk store), in
//! one run, printed as a ratio. Goal: ≤ 10 s.
//!
//! `cargo bench -p qebul-sync --bench drain`. Under `cargo test --benches` it returns at once.
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::{NaiveDate, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_protocol::api::{PushItem, PushOutcome};
use qebul_protocol::SignedCatalog;
use qebul_server::plan::LeasePolicy;
use qebul_server::{auth, AppState, EmbeddedServer, ServerDb};
use qebul_store::key::DbKey;
use qebul_store::{BookingRequest, Store};
use qebul_sync::{ServerClient, SyncConfig, SyncTask};

const QUEUED: usize = 10_000;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run());
}

async fn start_server(
    dir: &std::path::Path,
    name: &str,
) -> (EmbeddedServer, qebul_protocol::SigningKey) {
    let db = ServerDb::open(&dir.join(name).to_string_lossy())
        .await
        .expect("server db");
    let key = auth::new_signing_key().expect("key");
    let mut catalog = qebul_server::demo_catalog().expect("demo");
    for o in &mut catalog.officials {
        o.daily_capacity = 100_000;
    }
    catalog.capacity_overrides.clear();
    db.store_catalog(&SignedCatalog::sign(&catalog, &key), catalog.version)
        .await
        .expect("catalog");
    let code = auth::new_enrollment_code().expect("code");
    db.create_enrollment(
        "bench",
        &auth::secret_hash(&auth::normalise_code(&code)),
        Utc::now(),
    )
    .await
    .expect("enrollment");
    let mut state = AppState::new(db, key.verifying_key());
    // Leases big enough for a long outage, and numbers for all of it.
    state.leases = LeasePolicy {
        places_per_kiosk: 2_000,
        number_block: 20_000,
        ..LeasePolicy::default()
    };
    (
        EmbeddedServer::start(state, code).await.expect("server"),
        key,
    )
}

async fn run() {
    // On the crate's own disk (not a tmpfs /tmp): both databases are durable.
    let dir = tempfile::Builder::new()
        .prefix("drain-bench")
        .tempdir_in(env!("CARGO_MANIFEST_DIR"))
        .expect("dir");
    let (server, key) = start_server(dir.path(), "server.db").await;
    let client = ServerClient::new(&server.base_url()).expect("client");
    let enrolled = client
        .enroll(&server.enrollment_code)
        .await
        .expect("enroll");
    let store =
        Store::open(&dir.path().join("kiosk.db"), &DbKey::random_for_tests()).expect("store");
    let store = Arc::new(Mutex::new(store));
    let (mut task, handle) = SyncTask::new(
        client.with_token(&enrolled.token),
        store.clone(),
        SyncConfig::new(key.verifying_key()),
    )
    .expect("task");
    task.round()
        .await
        .expect("the first round brings leases and numbers");

    // The outage: 10,000 bookings into the outbox.
    let leases: Vec<(String, NaiveDate, u32)> = {
        let s = store.lock().expect("store");
        let mut stmt = s
            .connection()
            .prepare("SELECT official_id, reception_date, granted FROM capacity_leases")
            .expect("query");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("leases")
    };
    let policy = BookingPolicy {
        max_active_per_official: usize::MAX,
    };
    let mut n = 0;
    'outage: for (official, day, places) in &leases {
        for _ in 0..*places {
            if n == QUEUED {
                break 'outage;
            }
            let req = BookingRequest {
                language: qebul_core::Lang::Az,
                document_kind: qebul_core::DocumentKind::IdCard,
                official_id: official.clone(),
                reception_date: *day,
                citizen_fin: format!("{n:07}"),
                citizen_name: "ƏLİYEV İLQAR ŞAHİN OĞLU".into(),
                document_number: "AA7654321".into(),
                birth_date: NaiveDate::from_ymd_opt(1975, 11, 20),
                phone: "+994501234567".into(),
                email: None,
                workplace: "Məlumat Hesablama Mərkəzi".into(),
                position: "mühəndis".into(),
                address: "Biləsuvar rayonu, Bəydili kəndi, Mərkəzi küçə 7".into(),
                note: "Torpaq sahəsi ilə bağlı".into(),
                topic_id: "land".into(),
                social_status_id: "entrepreneur".into(),
                privilege_id: None,
            };
            store
                .lock()
                .expect("store")
                .book(&req, handle.clock.now(), &policy)
                .expect("books within the lease");
            n += 1;
        }
    }
    assert_eq!(n, QUEUED, "leases too small for the outage");

    // What the drain will send, for the baseline below (reading the outbox changes nothing).
    let items: Vec<PushItem> = store
        .lock()
        .expect("store")
        .push_batch(Utc::now(), QUEUED)
        .expect("outbox")
        .items;
    assert_eq!(items.len(), QUEUED);

    // The network is back.
    let started = Instant::now();
    let report = task.round().await.expect("drain");
    let drained = started.elapsed();
    assert_eq!(report.delivered, QUEUED);
    assert_eq!(handle.status.borrow().pending, 0);

    // Baseline: the same bookings applied by a fresh server's database directly, for a kiosk
    // holding the same leases and number block there.
    let (fresh, _) = start_server(dir.path(), "direct.db").await;
    let client = ServerClient::new(&fresh.base_url()).expect("client");
    let twin = client.enroll(&fresh.enrollment_code).await.expect("enroll");
    client
        .with_token(&twin.token)
        .request_leases(&qebul_protocol::api::LeaseRequest {
            kiosk_time: Utc::now(),
            numbers_left: 0,
            outbox_pending: 0,
        })
        .await
        .expect("leases");
    let today = Utc::now().date_naive();
    let started = Instant::now();
    for item in &items {
        let outcome = fresh
            .db
            .push(&twin.kiosk_id, item, 100_000, &policy, today, Utc::now())
            .await
            .expect("push");
        assert_eq!(outcome, PushOutcome::Accepted);
    }
    let direct = started.elapsed();
    println!(
        "drain {QUEUED} queued bookings after an outage: {:.2} s ({} requests); server database alone baseline: {:.2} s; ratio {:.1}x{}",
        drained.as_secs_f64(),
        report.push_requests,
        direct.as_secs_f64(),
        drained.as_secs_f64() / direct.as_secs_f64(),
        if drained.as_secs_f64() <= 10.0 { " (within the 10 s goal)" } else { " (above the 10 s goal)" }
    );
}
