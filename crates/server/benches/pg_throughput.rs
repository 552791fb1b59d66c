//! Server bookings per second on PostgreSQL with 32 concurrent clients, beside pgbench's
//! simple-update TPS on the same cluster in the same run, as a ratio (goal ≥ 0.5).
//!
//! The two are measured in alternating slices (server, pgbench, server, pgbench, ...) of equal
//! length rather than one after the other: on a shared 2-core machine a build starting or ending
//! half-way would otherwise land on one side of the ratio only.
//!
//! `cargo bench -p qebul-server --bench pg_throughput`. Under `cargo test --benches` it returns
//! at once.
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use qebul_pg_fixture::PgCluster;
use qebul_protocol::api::{
    paths, BookingWire, CitizenWire, EnrollResponse, PlaceSource, PushItem, PushOutcome,
    PushRequest, PushResponse,
};
use qebul_protocol::SignedCatalog;
use qebul_server::{auth, AppState, EmbeddedServer, ServerDb};
use uuid::Uuid;

const CLIENTS: usize = 32;
/// Each side runs `SLICES` slices of `SLICE_SECONDS`: 10 s each in all.
const SLICES: u32 = 5;
const SLICE_SECONDS: u64 = 2;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // On the crate's own disk, not a tmpfs, with fsync on: what a deployment would have.
    let cluster = PgCluster::builder()
        .parent_dir(env!("CARGO_MANIFEST_DIR"))
        .setting("max_connections", "200")
        .start()
        .expect("PostgreSQL (cargo xtask test installs it)");
    let server_url = cluster.create_database("qebul").expect("db");
    cluster.create_database("pgbench").expect("db");

    let init = cluster
        .command("pgbench")
        .args(["-i", "-q", "-s", "10", "pgbench"])
        .output()
        .expect("pgbench -i");
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let server = rt.block_on(BookingServer::start(&server_url));
    let (mut per_second, mut tps) = (0.0, 0.0);
    for _ in 0..SLICES {
        per_second += rt.block_on(server.bookings_per_second(Duration::from_secs(SLICE_SECONDS)))
            / f64::from(SLICES);
        tps += pgbench_tps(&cluster) / f64::from(SLICES);
    }
    println!(
        "server bookings on PostgreSQL, {CLIENTS} clients: {per_second:.0}/s; pgbench simple-update baseline: {tps:.0} tps; ratio {:.2}x{}",
        per_second / tps,
        if per_second / tps >= 0.5 { " (meets the 0.5x goal)" } else { " (below the 0.5x goal)" }
    );
}

/// One slice of pgbench's simple-update: 32 clients on 2 threads.
fn pgbench_tps(cluster: &PgCluster) -> f64 {
    let run = cluster
        .command("pgbench")
        .args(["-b", "simple-update", "-c", "32", "-j", "2", "-T"])
        .arg(SLICE_SECONDS.to_string())
        .arg("pgbench")
        .output()
        .expect("pgbench");
    let text = String::from_utf8_lossy(&run.stdout);
    text.lines()
        .find(|l| l.starts_with("tps = "))
        .and_then(|l| l.trim_start_matches("tps = ").split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no tps in pgbench's output: {text}"))
}

/// The server with its 32 enrolled kiosks, kept between slices.
struct BookingServer {
    server: EmbeddedServer,
    http: reqwest::Client,
    wants: Vec<qebul_server::plan::LeaseWant>,
    /// Each kiosk's token, number block and next number.
    kiosks: Vec<(String, qebul_protocol::api::NumberBlock, Arc<AtomicU32>)>,
}

impl BookingServer {
    async fn start(db_url: &str) -> BookingServer {
        let db = ServerDb::open(db_url).await.expect("open");
        let key = auth::new_signing_key().expect("key");
        let mut catalog = qebul_server::demo_catalog().expect("demo");
        for o in &mut catalog.officials {
            o.daily_capacity = 1_000_000;
        }
        catalog.capacity_overrides.clear();
        db.store_catalog(&SignedCatalog::sign(&catalog, &key), catalog.version)
            .await
            .expect("catalog");
        let mut state = AppState::new(db.clone(), key.verifying_key());
        state.leases.number_block = 10_000;
        let server = EmbeddedServer::start(state, String::new())
            .await
            .expect("server");
        let http = reqwest::Client::new();

        // 32 kiosks, each enrolled with its own code and holding its own number block, as in a
        // region where each lobby pushes its own bookings.
        let mut kiosks = Vec::new();
        for i in 0..CLIENTS {
            let code = auth::new_enrollment_code().expect("code");
            db.create_enrollment(
                &format!("lobby {i}"),
                &auth::secret_hash(&auth::normalise_code(&code)),
                Utc::now(),
            )
            .await
            .expect("enrollment");
            let enrolled: EnrollResponse = http
                .post(format!("{}{}", server.base_url(), paths::ENROLL))
                .json(&serde_json::json!({ "code": code }))
                .send()
                .await
                .expect("enroll")
                .json()
                .await
                .expect("json");
            let grant: qebul_protocol::api::LeaseGrant = http
                .post(format!("{}{}", server.base_url(), paths::LEASES))
                .bearer_auth(&enrolled.token)
                .json(&qebul_protocol::api::LeaseRequest {
                    kiosk_time: Utc::now(),
                    numbers_left: 0,
                    outbox_pending: 0,
                })
                .send()
                .await
                .expect("leases")
                .json()
                .await
                .expect("grant");
            let block = grant.numbers.expect("a number block");
            let next = Arc::new(AtomicU32::new(block.first));
            kiosks.push((enrolled.token, block, next));
        }
        // Each client books one official's day: 8 officials × their next 4 reception days.
        let wants = qebul_server::plan::lease_wants(&catalog, Utc::now(), &Default::default());
        BookingServer {
            server,
            http,
            wants,
            kiosks,
        }
    }

    /// 32 clients pushing one booking at a time for `slice`; bookings accepted per second.
    async fn bookings_per_second(&self, slice: Duration) -> f64 {
        let deadline = Instant::now() + slice;
        let started = Instant::now();
        let mut tasks = Vec::new();
        for c in 0..CLIENTS {
            let want = self.wants[c % self.wants.len()].clone();
            let (token, block, next) = self.kiosks[c].clone();
            let http = self.http.clone();
            let url = format!("{}{}", self.server.base_url(), paths::PUSH);
            tasks.push(tokio::spawn(async move {
                let mut done = 0u64;
                while Instant::now() < deadline {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    assert!(
                        n <= block.last,
                        "the number block ran out: make the run shorter"
                    );
                    let item = PushItem {
                        seq: u64::from(n),
                        idempotency_key: Uuid::now_v7(),
                        booking: BookingWire {
                            booking_id: Uuid::now_v7(),
                            application_number: n,
                            official_id: want.official_id.clone(),
                            reception_date: want.reception_date,
                            created_at: Utc::now(),
                            place: PlaceSource::Direct,
                            topic_id: "land".into(),
                            social_status_id: "pensioner".into(),
                            privilege_id: None,
                            citizen: CitizenWire {
                                fin: format!("{n:07}"),
                                name: "ƏLİYEV İLQAR ŞAHİN OĞLU".into(),
                                document_number: "AA7654321".into(),
                                birth_date: None,
                                phone: "+994501234567".into(),
                                email: None,
                                workplace: String::new(),
                                position: String::new(),
                                address: "Biləsuvar".into(),
                                note: String::new(),
                            },
                        },
                    };
                    let r: PushResponse = http
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&PushRequest { items: vec![item] })
                        .send()
                        .await
                        .expect("push")
                        .json()
                        .await
                        .expect("json");
                    assert_eq!(r.results[0].outcome, PushOutcome::Accepted);
                    done += 1;
                }
                done
            }));
        }
        let mut total = 0;
        for t in tasks {
            total += t.await.expect("client");
        }
        total as f64 / started.elapsed().as_secs_f64()
    }
}
