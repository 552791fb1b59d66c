//! An unchanged sync: a kiosk that has everything the server has runs `SyncTask::round()` (push
//! nothing, leases, health, updates, catalog by ETag) against the reference server on loopback.
//! Each round is timed and its bytes on the wire counted (HTTP request and response, headers
//! included: a counting TCP proxy sits between the kiosk's client and the server). Baseline: one
//! bare `GET /health` of the same server through the same proxy, time and bytes. Goal: ≤ 20 ms
//! and ≤ 2 KB per round.
//!
//! `cargo bench -p qebul-sync --bench unchanged_sync`. Under `cargo test --benches` it returns
//! at once.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use qebul_protocol::api::{KioskHealth, PrinterHealth};
use qebul_server::EmbeddedServer;
use qebul_store::key::DbKey;
use qebul_store::Store;
use qebul_sync::{HealthProvider, ServerClient, SyncConfig, SyncTask};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Unchanged rounds timed (after the kiosk has caught up).
const ROUNDS: usize = 60;
/// Bare GETs timed for the baseline.
const GETS: usize = 200;
const GOAL_MS: f64 = 20.0;
const GOAL_BYTES: u64 = 2 * 1024;

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

/// What crossed the proxy, both ways, and how many HTTP requests (request lines) went up.
#[derive(Default)]
struct Wire {
    up: AtomicU64,
    down: AtomicU64,
    requests: AtomicU64,
    /// Both directions' bytes as they passed, while `recording` (one round, to see what is sent).
    recording: std::sync::atomic::AtomicBool,
    log: Mutex<Vec<u8>>,
}

impl Wire {
    fn take(&self) -> (u64, u64, u64) {
        (
            self.up.swap(0, Ordering::SeqCst),
            self.down.swap(0, Ordering::SeqCst),
            self.requests.swap(0, Ordering::SeqCst),
        )
    }
}

/// A loopback proxy to `upstream` counting the bytes each way; returns its address.
async fn counting_proxy(upstream: std::net::SocketAddr, wire: Arc<Wire>) -> String {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let wire = wire.clone();
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(upstream).await else {
                    return;
                };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                let (cr, cw) = client.into_split();
                let (sr, sw) = server.into_split();
                let up = tokio::spawn(pump(cr, sw, wire.clone(), true));
                let down = tokio::spawn(pump(sr, cw, wire, false));
                let _ = tokio::join!(up, down);
            });
        }
    });
    format!("http://{addr}")
}

/// Copies one direction, counting bytes, and request lines on the way up (a request line may
/// straddle two reads: the tail of the previous read is kept).
async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    wire: Arc<Wire>,
    upward: bool,
) {
    const MARK: &[u8] = b" HTTP/1.1\r\n";
    let mut buf = vec![0u8; 64 * 1024];
    let mut tail: Vec<u8> = Vec::new();
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if wire.recording.load(Ordering::SeqCst) {
            if let Ok(mut log) = wire.log.lock() {
                log.extend_from_slice(&buf[..n]);
            }
        }
        if upward {
            wire.up.fetch_add(n as u64, Ordering::SeqCst);
            tail.extend_from_slice(&buf[..n]);
            let found = tail.windows(MARK.len()).filter(|w| *w == MARK).count();
            wire.requests.fetch_add(found as u64, Ordering::SeqCst);
            let keep = tail.len().min(MARK.len() - 1);
            tail.drain(..tail.len() - keep);
        } else {
            wire.down.fetch_add(n as u64, Ordering::SeqCst);
        }
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn run() {
    let dir = tempfile::Builder::new()
        .prefix("unchanged-sync-bench")
        .tempdir_in(env!("CARGO_MANIFEST_DIR"))
        .expect("dir");
    let server = EmbeddedServer::start_demo(dir.path())
        .await
        .expect("demo server");
    let upstream = server
        .base_url()
        .trim_start_matches("http://")
        .parse()
        .expect("server address");
    let wire = Arc::new(Wire::default());
    let proxied = counting_proxy(upstream, wire.clone()).await;

    let client = ServerClient::new(&proxied).expect("client");
    let enrolled = client
        .enroll(&server.enrollment_code)
        .await
        .expect("enroll");
    let store =
        Store::open(&dir.path().join("kiosk.db"), &DbKey::random_for_tests()).expect("store");
    let store = Arc::new(Mutex::new(store));
    let mut config = SyncConfig::new(server.catalog_key);
    // What a kiosk with a ready printer reports each round (as qebul-app's report is built).
    config.health = Some(HealthProvider::new(|_store| {
        Some(KioskHealth {
            version: "0.1.0".into(),
            printer: PrinterHealth::Ready,
            paper_low: false,
            unsent: 0,
            oldest_unsent_secs: None,
            disk_free_bytes: Some(123_456_789_012),
        })
    }));
    let (mut task, _handle) =
        SyncTask::new(client.with_token(&enrolled.token), store, config).expect("task");

    // Catch up: the first rounds bring leases, numbers, the catalog and the timeline.
    let mut caught_up = false;
    for _ in 0..10 {
        let report = task.round().await.expect("a round");
        // Leases come back in every grant (`leases.leases` counts them rewritten even when the
        // same): what changes is a new catalog, new timeline events or a new number block.
        if report.new_catalog.is_none()
            && report.updates.applied == 0
            && !report.leases.numbers_added
        {
            caught_up = true;
            break;
        }
    }
    assert!(caught_up, "the kiosk never caught up with the server");

    let mut times = Vec::with_capacity(ROUNDS);
    let mut bytes = Vec::with_capacity(ROUNDS);
    let mut requests = 0;
    wire.take();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let report = task.round().await.expect("an unchanged round");
        times.push(started.elapsed());
        assert_eq!(report.new_catalog, None, "the catalog changed");
        assert_eq!(report.updates.applied, 0, "the timeline changed");
        assert!(
            report.health_reported,
            "the server refused the health report"
        );
        let (up, down, n) = wire.take();
        bytes.push((up, down));
        requests = n;
    }
    let round = median(times);
    let (up, down) = bytes[bytes.len() / 2];
    let round_bytes = up + down;

    // Baseline: one bare GET of the server's smallest endpoint, through the same proxy, on a
    // kept-alive connection as the sync client's are.
    let http = reqwest::Client::new();
    let url = format!("{proxied}/health");
    let get = || async {
        let body = http
            .get(&url)
            .send()
            .await
            .expect("GET /health")
            .text()
            .await
            .expect("body");
        assert_eq!(body, "ok");
    };
    get().await;
    wire.take();
    let mut times = Vec::with_capacity(GETS);
    for _ in 0..GETS {
        let started = Instant::now();
        get().await;
        times.push(started.elapsed());
    }
    let bare = median(times);
    let (gup, gdown, gets) = wire.take();
    assert_eq!(gets, GETS as u64, "the proxy counted every GET");
    let get_bytes = (gup + gdown) / GETS as u64;

    let ms = round.as_secs_f64() * 1000.0;
    let within = ms <= GOAL_MS && round_bytes <= GOAL_BYTES;
    println!(
        "unchanged sync round: {ms:.1} ms, {:.2} KB on the wire ({requests} requests; {up} B up, {down} B down); \
         one bare GET baseline: {:.2} ms, {:.2} KB; ratio {:.1}x{}",
        round_bytes as f64 / 1024.0,
        bare.as_secs_f64() * 1000.0,
        get_bytes as f64 / 1024.0,
        round.as_secs_f64() / bare.as_secs_f64(),
        if within {
            " (within the 20 ms / 2 KB goal)"
        } else {
            " (above the 20 ms / 2 KB goal)"
        }
    );
    // One round's traffic as it passed, to see what to cut when over the goal.
    if std::env::var_os("UNCHANGED_SYNC_DUMP").is_some() {
        wire.recording.store(true, Ordering::SeqCst);
        task.round().await.expect("a recorded round");
        wire.recording.store(false, Ordering::SeqCst);
        let log = wire.log.lock().expect("log").clone();
        eprintln!("{}", String::from_utf8_lossy(&log));
    }
}
