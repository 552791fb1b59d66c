//! The kiosk's health report (issue 17) against the real reference server: each sync round
//! delivers what the kiosk's provider builds from its store, the server keeps it as the kiosk's
//! last report, and a server without the endpoint (an older one) does not fail the round.
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use qebul_protocol::api::{
    paths, KioskHealth, LeaseGrant, LeaseRequest, PrinterHealth, UpdatesResponse,
};
use qebul_protocol::SignedCatalog;
use qebul_server::EmbeddedServer;
use qebul_store::key::DbKey;
use qebul_store::Store;
use qebul_sync::{HealthProvider, ServerClient, SyncConfig, SyncTask};

/// A report built from the store as the kiosk's would be: the outbox's size is its own.
fn provider(calls: Arc<AtomicU32>) -> HealthProvider {
    HealthProvider::new(move |store: &Store| {
        calls.fetch_add(1, Ordering::SeqCst);
        let pending = store.outbox_counts().ok()?.pending;
        Some(KioskHealth {
            version: "9.9.9-test".into(),
            printer: PrinterHealth::PaperOut,
            paper_low: false,
            unsent: u32::try_from(pending).ok()?,
            oldest_unsent_secs: None,
            disk_free_bytes: Some(8 << 30),
        })
    })
}

fn store(dir: &tempfile::TempDir) -> Arc<Mutex<Store>> {
    let store =
        Store::open(&dir.path().join("kiosk.db"), &DbKey::random_for_tests()).expect("store");
    Arc::new(Mutex::new(store))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_round_delivers_the_kiosks_health_to_the_server() {
    let dir = tempfile::tempdir().expect("dir");
    let server = EmbeddedServer::start_demo(dir.path())
        .await
        .expect("server");
    let client = ServerClient::new(&server.base_url()).expect("client");
    let enrolled = client
        .enroll(&server.enrollment_code)
        .await
        .expect("enrolled");
    let calls = Arc::new(AtomicU32::new(0));
    let mut config = SyncConfig::new(server.catalog_key);
    config.health = Some(provider(calls.clone()));
    let (mut task, _handle) =
        SyncTask::new(client.with_token(&enrolled.token), store(&dir), config).expect("task");

    let before = Utc::now();
    let report = task.round().await.expect("round");
    assert!(report.health_reported);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let statuses = server.db.kiosk_statuses().await.expect("statuses");
    let status = statuses
        .iter()
        .find(|s| s.kiosk.id == enrolled.kiosk_id)
        .expect("the kiosk");
    let kept = status.health.as_ref().expect("a report");
    assert!(kept.received_at >= before);
    assert_eq!(kept.health.version, "9.9.9-test");
    assert_eq!(kept.health.printer, PrinterHealth::PaperOut);
    assert_eq!(kept.health.unsent, 0);
    assert_eq!(kept.health.disk_free_bytes, Some(8 << 30));
    let line = qebul_server::fleet::list_line(
        status,
        Utc::now(),
        &qebul_server::fleet::VisitRules::default(),
    );
    assert!(
        line.ends_with("NEEDS A VISIT: printer: paper out"),
        "{line}"
    );

    // The next round reports again, and the server keeps the newer one.
    let first_seen = kept.received_at;
    assert!(task.round().await.expect("round").health_reported);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let again = server.db.kiosk_statuses().await.expect("statuses");
    let seen = again
        .iter()
        .find(|s| s.kiosk.id == enrolled.kiosk_id)
        .and_then(|s| s.health.as_ref())
        .expect("a report")
        .received_at;
    assert!(seen >= first_seen);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_provider_or_a_report_nothing_is_sent() {
    let dir = tempfile::tempdir().expect("dir");
    let server = EmbeddedServer::start_demo(dir.path())
        .await
        .expect("server");
    let client = ServerClient::new(&server.base_url()).expect("client");
    let enrolled = client
        .enroll(&server.enrollment_code)
        .await
        .expect("enrolled");
    let client = client.with_token(&enrolled.token);
    let (mut task, _handle) = SyncTask::new(
        client.clone(),
        store(&dir),
        SyncConfig::new(server.catalog_key),
    )
    .expect("task");
    assert!(!task.round().await.expect("round").health_reported);

    let second = tempfile::tempdir().expect("dir");
    let mut config = SyncConfig::new(server.catalog_key);
    config.health = Some(HealthProvider::new(|_: &Store| None));
    let (mut task, _handle) = SyncTask::new(client, store(&second), config).expect("task");
    assert!(!task.round().await.expect("round").health_reported);
    let statuses = server.db.kiosk_statuses().await.expect("statuses");
    assert!(statuses.iter().all(|s| s.health.is_none()));
}

/// An older server, which knows every path of a round but the health report: the round still
/// succeeds (the catalog, leases and updates are what the kiosk needs to book).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_without_the_health_endpoint_does_not_fail_the_round() {
    let key = qebul_protocol::SigningKey::from_bytes(&[9; 32]);
    let catalog = qebul_server::demo_catalog().expect("catalog");
    let signed = SignedCatalog::sign(&catalog, &key);
    let app = Router::new()
        .route(
            paths::LEASES,
            post(|Json(_): Json<LeaseRequest>| async {
                Json(LeaseGrant {
                    server_time: Utc::now(),
                    leases: Vec::new(),
                    numbers: None,
                })
            }),
        )
        .route(
            paths::UPDATES,
            get(|| async {
                Json(UpdatesResponse {
                    events: Vec::new(),
                    next: 0,
                })
            }),
        )
        .route(
            paths::CATALOG,
            get(move || {
                let signed = signed.clone();
                async move { Json(signed) }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let served = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let dir = tempfile::tempdir().expect("dir");
    let calls = Arc::new(AtomicU32::new(0));
    let mut config = SyncConfig::new(key.verifying_key());
    config.health = Some(provider(calls.clone()));
    let client = ServerClient::new(&format!("http://{addr}"))
        .expect("client")
        .with_token("token");
    let (mut task, _handle) = SyncTask::new(client, store(&dir), config).expect("task");
    let report = task.round().await.expect("the round succeeds");
    assert!(!report.health_reported);
    assert_eq!(calls.load(Ordering::SeqCst), 1, "the report was built");
    assert_eq!(report.new_catalog, Some(catalog.version));
    served.abort();
}
