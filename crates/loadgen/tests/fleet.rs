//! The fleet against a real reference server (SQLite, in process): ten kiosks for a few seconds,
//! booking, cancelling and commenting, with no request failing.

use std::time::Duration;

use chrono::Utc;
use qebul_loadgen::catalog::{nationwide, Country};
use qebul_loadgen::schedule::Workload;
use qebul_loadgen::{run_fleet, FleetConfig, Kind, KioskEndpoint};
use qebul_protocol::SignedCatalog;
use qebul_server::{auth, AppState, EmbeddedServer, ServerDb};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_kiosks_sync_book_cancel_and_comment_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = ServerDb::open(&dir.path().join("server.db").to_string_lossy())
        .await
        .unwrap();
    let key = auth::new_signing_key().unwrap();
    let country = Country {
        authorities: 2,
        officials_per_authority: 3,
        daily_capacity: Country::capacity_for(10, 2, 100),
    };
    let catalog = nationwide(&qebul_server::demo_catalog().unwrap(), country);
    db.store_catalog(&SignedCatalog::sign(&catalog, &key), catalog.version)
        .await
        .unwrap();
    let server = EmbeddedServer::start(
        AppState::new(db.clone(), key.verifying_key()),
        String::new(),
    )
    .await
    .unwrap();
    let mut endpoints = Vec::new();
    for i in 0..10 {
        let code = auth::new_enrollment_code().unwrap();
        db.create_enrollment(
            &format!("kiosk {i}"),
            &auth::secret_hash(&auth::normalise_code(&code)),
            Utc::now(),
        )
        .await
        .unwrap();
        endpoints.push(KioskEndpoint {
            base_url: server.base_url(),
            code,
        });
    }
    let config = FleetConfig {
        // Every kiosk books each round, and cancels or comments often, so a few seconds cover
        // every kind of request.
        workload: Workload {
            sync_every: Duration::from_millis(500),
            bookings_per_kiosk_minute: 240.0,
            lease_share: 0.5,
            cancels_per_booking: 0.3,
            comments_per_booking: 0.3,
        },
        measured: Duration::from_secs(4),
        seed: 1,
        catalog_key: key.verifying_key(),
        authorities: 2,
        warmup_concurrency: 4,
    };
    let figures = run_fleet(&config, &endpoints).await.unwrap();

    assert_eq!(figures.kiosks, 10);
    assert!(figures.errors.is_empty(), "{}", figures.report_block());
    assert!(figures.refused.is_empty(), "{}", figures.report_block());
    assert!(figures.overall.count > 0);
    for kind in [
        Kind::Push,
        Kind::Leases,
        Kind::Health,
        Kind::Updates,
        Kind::Catalog,
        Kind::Cancel,
        Kind::Comment,
    ] {
        assert!(
            figures.per_kind.get(&kind).is_some_and(|s| s.count > 0),
            "no {} requests:\n{}",
            kind.name(),
            figures.report_block()
        );
    }
    // What the kiosks say was accepted is what the server holds.
    assert!(figures.bookings_accepted > 0);
    assert_eq!(
        db.count_bookings().await.unwrap(),
        figures.bookings_accepted
    );
    let line = figures.report_line();
    assert!(
        line.contains("baseline") && line.contains("ratio "),
        "{line}"
    );
}
