//! The kiosk against the real reference server, on SQLite and on PostgreSQL: it books offline
//! within its leases while the network is down (a proxy that refuses connections), then the
//! network comes back and the outbox drains — every booking on the server with its original
//! number. Also: a tampered catalog keeps the last good one, a revoked kiosk is told and keeps
//! booking from its leases, and an unchanged catalog is a 304.
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use qebul_core::validation::BookingPolicy;
use qebul_protocol::SignedCatalog;
use qebul_server::{auth, load_demo, AppState, EmbeddedServer, ServerDb};
use qebul_store::key::DbKey;
use qebul_store::{BookError, BookingRequest, Store};
use qebul_sync::{CatalogFetch, ServerClient, SyncConfig, SyncError, SyncHandle, SyncTask};
use tokio::net::{TcpListener, TcpStream};

/// A loopback TCP proxy in front of the server: the kiosk's network, switched off and on (which
/// also cuts the connections already open), and routed to another server at the same address.
struct Network {
    addr: std::net::SocketAddr,
    /// (up, route generation): a connection lives while both stay as they were at its start.
    up: tokio::sync::watch::Sender<(bool, u64)>,
    target: Arc<Mutex<String>>,
    /// Connections being forwarded now.
    open: Arc<std::sync::atomic::AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Network {
    async fn to(server: &str) -> Network {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let target = Arc::new(Mutex::new(server.trim_start_matches("http://").to_owned()));
        let (up, watch) = tokio::sync::watch::channel((true, 0u64));
        let route = target.clone();
        let open = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = open.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let (is_up, generation) = *watch.borrow();
                if !is_up {
                    drop(inbound); // the connection is reset: the network is down
                    continue;
                }
                let target = route.lock().map(|t| t.clone()).unwrap_or_default();
                let mut down = watch.clone();
                let counter = counter.clone();
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&target).await {
                        tokio::select! {
                            _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                            _ = down.wait_for(|&(up, g)| !up || g != generation) => {}
                        }
                    }
                    counter.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                });
            }
        });
        Network {
            addr,
            up,
            target,
            open,
            task,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    async fn set_up(&self, up: bool) {
        self.up.send_modify(|state| state.0 = up);
        if !up {
            self.settle().await;
        }
    }

    async fn route_to(&self, server: &str) {
        if let Ok(mut t) = self.target.lock() {
            *t = server.trim_start_matches("http://").to_owned();
        }
        // Connections open to the old server go; new ones reach the new one.
        self.up.send_modify(|state| state.1 += 1);
        self.settle().await;
    }

    /// Waits until the connections cut are closed, so the client sees them closed rather than
    /// reusing one that is being cut.
    async fn settle(&self) {
        for _ in 0..100 {
            if self.open.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Setup {
    server: EmbeddedServer,
    key: qebul_protocol::SigningKey,
    network: Network,
    store: Arc<Mutex<Store>>,
    task: SyncTask,
    handle: SyncHandle,
    kiosk_id: String,
    token: String,
    _dir: tempfile::TempDir,
    _cluster: Option<qebul_pg_fixture::PgCluster>,
}

async fn setup(postgres: bool) -> Setup {
    let dir = tempfile::tempdir().expect("dir");
    let (target, cluster) = if postgres {
        let cluster = qebul_pg_fixture::PgCluster::start().expect("PostgreSQL");
        (cluster.create_database("qebul").expect("db"), Some(cluster))
    } else {
        (
            dir.path().join("server.db").to_string_lossy().into_owned(),
            None,
        )
    };
    let db = ServerDb::open(&target).await.expect("server db");
    let key = auth::new_signing_key().expect("key");
    let code = load_demo(&db, &key, "lobby 1").await.expect("demo");
    let mut state = AppState::new(db, key.verifying_key());
    // A revocation is seen at once.
    state.auth_ttl = std::time::Duration::ZERO;
    let server = EmbeddedServer::start(state, code).await.expect("server");
    let network = Network::to(&server.base_url()).await;
    let client = ServerClient::new(&network.url()).expect("client");
    let enrolled = client
        .enroll(&server.enrollment_code)
        .await
        .expect("enroll");
    let client = client.with_token(&enrolled.token);
    let store =
        Store::open(&dir.path().join("kiosk.db"), &DbKey::random_for_tests()).expect("store");
    let store = Arc::new(Mutex::new(store));
    let mut config = SyncConfig::new(key.verifying_key());
    config.push_batch = 7; // several batches
    let (task, handle) = SyncTask::new(client, store.clone(), config).expect("task");
    Setup {
        server,
        key,
        network,
        store,
        task,
        handle,
        kiosk_id: enrolled.kiosk_id,
        token: enrolled.token,
        _dir: dir,
        _cluster: cluster,
    }
}

fn request(official: &str, day: NaiveDate, n: usize) -> BookingRequest {
    BookingRequest {
        language: qebul_core::Lang::Az,
        document_kind: qebul_core::DocumentKind::IdCard,
        official_id: official.into(),
        reception_date: day,
        citizen_fin: format!("{n:07}"),
        citizen_name: "ƏLİYEV İLQAR ŞAHİN OĞLU".into(),
        document_number: "AA7654321".into(),
        birth_date: NaiveDate::from_ymd_opt(1975, 11, 20),
        phone: "+994501234567".into(),
        email: None,
        workplace: "Məlumat Hesablama Mərkəzi".into(),
        position: "mühəndis".into(),
        address: "Biləsuvar rayonu, Bəydili kəndi".into(),
        note: String::new(),
        topic_id: "agriculture".into(),
        social_status_id: "entrepreneur".into(),
        privilege_id: None,
    }
}

fn leases(store: &Arc<Mutex<Store>>) -> Vec<(String, NaiveDate, u32, u32)> {
    let store = store.lock().expect("store");
    let mut stmt = store
        .connection()
        .prepare(
            "SELECT official_id, reception_date, granted, used FROM capacity_leases ORDER BY 1, 2",
        )
        .expect("query");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("leases")
}

async fn offline_bookings_reach_the_server_with_their_numbers(postgres: bool) {
    let mut s = setup(postgres).await;
    s.task.round().await.expect("first round, online");
    let granted = leases(&s.store);
    assert!(
        granted.len() >= 8,
        "a lease per official and day: {granted:?}"
    );

    s.network.set_up(false).await;
    // Offline: spend every place of every lease, then one more is refused.
    let mut booked = Vec::new();
    for (official, day, places, _) in &granted {
        for _ in 0..*places {
            let req = request(official, *day, booked.len());
            let b = s
                .store
                .lock()
                .expect("store")
                .book(&req, s.handle.clock.now(), &BookingPolicy::default())
                .expect("books offline within the lease");
            booked.push(b);
        }
    }
    let (official, day, _, _) = &granted[0];
    let over = s.store.lock().expect("store").book(
        &request(official, *day, 9_999),
        s.handle.clock.now(),
        &BookingPolicy::default(),
    );
    assert!(
        matches!(over, Err(BookError::NoPlaceLeft { .. })),
        "{over:?}"
    );
    let err = s.task.round().await.expect_err("offline round fails");
    assert!(matches!(err, SyncError::Unreachable { .. }), "{err}");
    assert!(!s.handle.status.borrow().online);
    assert_eq!(s.handle.status.borrow().pending, booked.len() as u64);

    s.network.set_up(true).await;
    let report = s.task.round().await.expect("online again");
    assert_eq!(report.delivered, booked.len());
    assert!(report.push_requests >= booked.len().div_ceil(7));
    let status = s.handle.status.borrow().clone();
    assert!(status.online);
    assert_eq!((status.pending, status.refused), (0, 0));
    assert_eq!(
        s.server.db.count_bookings().await.expect("count"),
        booked.len() as u64
    );
    for b in &booked {
        let on_server = s
            .server
            .db
            .booking(b.id)
            .await
            .expect("query")
            .expect("the booking is on the server");
        assert_eq!(
            on_server.booking.application_number, b.number,
            "original number kept"
        );
    }
    // The kiosk reported everything: a second round pushes nothing.
    let again = s.task.round().await.expect("round");
    assert_eq!(again.delivered, 0);

    // Back to the kiosk: a citizen cancels at the kiosk, which gives the place back to its
    // lease on both sides; the authority closes another booking with a reply.
    let client = ServerClient::new(&s.network.url())
        .expect("client")
        .with_token(&s.token);
    let cancelled = &booked[0];
    let used = |store: &Arc<Mutex<Store>>| -> u32 {
        let b = &booked[0];
        let stored = store
            .lock()
            .expect("store")
            .booking(b.id)
            .expect("read")
            .expect("booking");
        leases(store)
            .into_iter()
            .find(|(o, d, _, _)| *o == stored.official_id && *d == stored.reception_date)
            .map(|(_, _, _, used)| used)
            .expect("its lease")
    };
    let used_before = used(&s.store);
    let stored = s
        .store
        .lock()
        .expect("store")
        .booking(cancelled.id)
        .expect("read")
        .expect("booking");
    let cancel = qebul_protocol::api::CancelRequest {
        citizen: qebul_protocol::api::CitizenProof {
            fin: stored.citizen_fin.clone().expect("fin"),
            document_number: stored.document_number.clone().expect("document"),
        },
    };
    client.cancel(cancelled.id, &cancel).await.expect("cancel");
    assert!(s
        .store
        .lock()
        .expect("store")
        .record_local_cancellation(cancelled.id, chrono::Utc::now())
        .expect("record"));
    assert_eq!(
        used(&s.store),
        used_before - 1,
        "the place is free again on the kiosk"
    );
    let on_server = s
        .server
        .db
        .booking(cancelled.id)
        .await
        .expect("query")
        .expect("booking");
    assert_eq!(
        on_server.status,
        qebul_protocol::api::BookingStatus::Cancelled
    );
    assert!(matches!(
        client
            .cancel(cancelled.id, &cancel)
            .await
            .expect("second cancel"),
        qebul_sync::CancelOutcome::AlreadyCancelled
    ));

    let closed = &booked[1];
    s.server
        .db
        .set_status(
            closed.id,
            qebul_protocol::api::BookingStatus::Closed,
            Some("Müraciətinizə baxılmışdır."),
            chrono::Utc::now(),
        )
        .await
        .expect("close");
    let report = s.task.round().await.expect("round with updates");
    assert!(report.updates.applied >= 2, "{report:?}");
    let store = s.store.lock().expect("store");
    assert_eq!(
        store
            .booking(closed.id)
            .expect("read")
            .expect("booking")
            .status,
        "closed"
    );
    let timeline = store.timeline(closed.id).expect("timeline");
    assert!(
        timeline
            .iter()
            .any(|e| e.kind == "reply" && e.detail.as_deref() == Some("Müraciətinizə baxılmışdır.")),
        "{timeline:?}"
    );
    assert_eq!(
        store
            .booking(cancelled.id)
            .expect("read")
            .expect("booking")
            .status,
        "cancelled"
    );
}

async fn tampered_catalog_is_refused_and_revoked_kiosk_keeps_booking(postgres: bool) {
    let mut s = setup(postgres).await;
    let first = s.task.round().await.expect("first round");
    let version = first.new_catalog.expect("a catalog on the first round");
    let etag = s
        .store
        .lock()
        .expect("store")
        .sync_state()
        .expect("state")
        .catalog_etag;

    // Unchanged: the server answers 304.
    let client = ServerClient::new(&s.network.url()).expect("client");
    let token_client = {
        // A fresh enrollment for a second kiosk, to ask with a valid token.
        let code = auth::new_enrollment_code().expect("code");
        s.server
            .db
            .create_enrollment(
                "lobby 2",
                &auth::secret_hash(&auth::normalise_code(&code)),
                chrono::Utc::now(),
            )
            .await
            .expect("enrollment");
        let enrolled = client.enroll(&code).await.expect("enroll");
        client.with_token(&enrolled.token)
    };
    let fetch = token_client
        .catalog_if_changed(etag.as_deref(), &s.key.verifying_key())
        .await
        .expect("fetch");
    assert!(matches!(fetch, CatalogFetch::NotModified));
    assert_eq!(s.task.round().await.expect("round").new_catalog, None);

    // A server at the same address serving a newer catalog signed with another key (a rogue
    // server, or a changed key): refused, the last good one kept.
    let mut forged = qebul_server::demo_catalog().expect("demo");
    forged.version = version + 1;
    forged.officials.truncate(1);
    let intruder = auth::new_signing_key().expect("key");
    s.server
        .db
        .store_catalog(&SignedCatalog::sign(&forged, &intruder), forged.version)
        .await
        .expect("store forged");
    let rogue = EmbeddedServer::start(
        AppState::new(s.server.db.clone(), intruder.verifying_key()),
        String::new(),
    )
    .await
    .expect("rogue server");
    s.network.route_to(&rogue.base_url()).await;
    let err = s
        .task
        .round()
        .await
        .expect_err("a forged catalog fails the round");
    assert!(matches!(err, SyncError::CatalogRefused(_)), "{err}");
    let kept = s
        .store
        .lock()
        .expect("store")
        .catalog()
        .expect("read")
        .expect("a catalog");
    assert_eq!(kept.version, version as i64);
    s.network.route_to(&s.server.base_url()).await;
    s.server
        .db
        .store_catalog(
            &SignedCatalog::sign(&qebul_server::demo_catalog().expect("demo"), &s.key),
            version + 2,
        )
        .await
        .expect("restore");

    // Revoked: the round says so, and local booking goes on within the leases.
    s.server
        .db
        .revoke_kiosk(&s.kiosk_id, chrono::Utc::now())
        .await
        .expect("revoke");
    let err = s.task.round().await.expect_err("revoked");
    assert!(matches!(err, SyncError::Revoked { .. }), "{err}");
    assert!(s.handle.status.borrow().auth_problem.is_some());
    let (official, day, _, _) = leases(&s.store).into_iter().next().expect("a lease");
    s.store
        .lock()
        .expect("store")
        .book(
            &request(&official, day, 1),
            s.handle.clock.now(),
            &BookingPolicy::default(),
        )
        .expect("still books from its lease");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_offline_bookings_reach_the_server_with_their_numbers() {
    offline_bookings_reach_the_server_with_their_numbers(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_offline_bookings_reach_the_server_with_their_numbers() {
    offline_bookings_reach_the_server_with_their_numbers(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_tampered_catalog_is_refused_and_revoked_kiosk_keeps_booking() {
    tampered_catalog_is_refused_and_revoked_kiosk_keeps_booking(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_tampered_catalog_is_refused_and_revoked_kiosk_keeps_booking() {
    tampered_catalog_is_refused_and_revoked_kiosk_keeps_booking(true).await;
}
