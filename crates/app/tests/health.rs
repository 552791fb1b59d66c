//! The kiosk's health at the server (issue 17): a demo kiosk (embedded reference server, virtual
//! printer) whose printer runs out of paper reports it at its next sync, and the server's kiosk
//! list flags it "printer: paper out". Needs `--features demo`.
#![cfg(feature = "demo")]

use std::time::Duration;

use qebul_app::{Kiosk, KioskConfig, PrinterState, SessionConfig, SpeechOutput};
use qebul_protocol::api::PrinterHealth;
use qebul_server::db::KioskStatus;
use qebul_server::fleet::{list_line, VisitRules};
use qebul_server::ServerDb;

// The citizen and the booking as the staff screen's tests make them.
mod staff_support;
use staff_support::{book_first_date, insert_gohar};

fn demo_config(dir: &std::path::Path) -> KioskConfig {
    KioskConfig {
        server: None,
        demo: true,
        data_dir: Some(dir.join("data")),
        enroll_code: None,
        catalog_key: None,
        new_database: false,
        printer: None,
        card_reader: None,
        session: SessionConfig::default(),
        notice_dir: dir.join("notices"),
        demo_printer: qebul_app::DemoPrinter::Virtual,
        speech: SpeechOutput::Off,
        headphone_jack: None,
        staff_idle: Duration::from_secs(120),
    }
}

/// Waits (at most 30 s) until `done` gives a value.
async fn eventually<T, F: std::future::Future<Output = Option<T>>>(
    what: &str,
    mut attempt: impl FnMut() -> F,
) -> T {
    let wait = async {
        loop {
            if let Some(v) = attempt().await {
                return v;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(30), wait)
        .await
        .unwrap_or_else(|_| panic!("never happened: {what}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_out_of_paper_is_flagged_in_the_servers_kiosk_list() {
    let dir = tempfile::tempdir().expect("dir");
    let config = demo_config(dir.path());
    let kiosk = Kiosk::start(&config).await.expect("demo kiosk");
    // The demo's embedded server keeps its data beside the kiosk's store.
    let server = ServerDb::open(&config.data_dir().join("server.db").to_string_lossy())
        .await
        .expect("the demo server's database");
    let demo_kiosk =
        |statuses: Vec<KioskStatus>| statuses.into_iter().find(|s| s.kiosk.enrolled_at.is_some());

    // A healthy kiosk first: its printer ready, nothing flagged.
    kiosk.sync_now();
    let healthy = eventually("a report with the printer ready", || async {
        demo_kiosk(server.kiosk_statuses().await.ok()?).filter(|s| {
            s.health
                .as_ref()
                .is_some_and(|h| h.health.printer == PrinterHealth::Ready)
        })
    })
    .await;
    let line = list_line(&healthy, chrono::Utc::now(), &VisitRules::default());
    assert!(line.ends_with("\tOK"), "{line}");

    // The roll runs out; a booking makes the printer try, and the print queue sees it.
    kiosk.demo_paper(true).expect("demo paper");
    insert_gohar(&kiosk).await;
    book_first_date(&kiosk).await;
    let mut queue = kiosk.print_queue_changes();
    tokio::time::timeout(
        Duration::from_secs(20),
        queue.wait_for(|q| q.status == Some(PrinterState::PaperOut)),
    )
    .await
    .expect("the printer says paper out")
    .expect("the kiosk is alive");

    // The next round tells the server.
    kiosk.sync_now();
    let flagged = eventually("a report with the printer out of paper", || async {
        kiosk.sync_now();
        demo_kiosk(server.kiosk_statuses().await.ok()?).filter(|s| {
            s.health
                .as_ref()
                .is_some_and(|h| h.health.printer == PrinterHealth::PaperOut)
        })
    })
    .await;
    let health = &flagged.health.as_ref().expect("a report").health;
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    assert!(health.disk_free_bytes.is_some_and(|b| b > 0));
    let line = list_line(&flagged, chrono::Utc::now(), &VisitRules::default());
    assert!(
        line.ends_with("\tNEEDS A VISIT: printer: paper out"),
        "{line}"
    );
    assert!(line.contains("\tprinter paper out\t"), "{line}");

    // A new roll: the next report clears the flag.
    kiosk.demo_paper(false).expect("demo paper");
    let cleared = eventually("a report with the printer ready again", || async {
        kiosk.sync_now();
        demo_kiosk(server.kiosk_statuses().await.ok()?).filter(|s| {
            s.health
                .as_ref()
                .is_some_and(|h| h.health.printer == PrinterHealth::Ready)
        })
    })
    .await;
    let line = list_line(&cleared, chrono::Utc::now(), &VisitRules::default());
    assert!(line.ends_with("\tOK"), "{line}");
}

/// What the report says of unsent work, from the kiosk's real store: a booking made while the
/// server is down counts, aged from when it was made, until the server has it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsent_work_is_counted_and_aged_until_the_server_has_it() {
    let dir = tempfile::tempdir().expect("dir");
    let config = demo_config(dir.path());
    let kiosk = Kiosk::start(&config).await.expect("demo kiosk");
    let health_at = |now: chrono::DateTime<chrono::Utc>| {
        let store = kiosk.store().lock().unwrap_or_else(|p| p.into_inner());
        qebul_app::health::kiosk_health(&store, None, Some(&config.data_dir()), now)
            .expect("health")
    };
    let h = health_at(chrono::Utc::now());
    assert_eq!((h.unsent, h.oldest_unsent_secs), (0, None));
    assert_eq!(h.printer, PrinterHealth::Unknown, "no print queue given");

    insert_gohar(&kiosk).await;
    kiosk.demo_server(false).await.expect("server down");
    let before = chrono::Utc::now();
    book_first_date(&kiosk).await;
    let later = before + chrono::TimeDelta::minutes(10);
    let h = health_at(later);
    assert_eq!(h.unsent, 1);
    let age = h.oldest_unsent_secs.expect("an age");
    assert!((540..=600).contains(&age), "{age}");

    kiosk.demo_server(true).await.expect("server up");
    let h = eventually("the booking reaches the server", || {
        kiosk.sync_now();
        let h = health_at(later);
        async move { (h.unsent == 0).then_some(h) }
    })
    .await;
    assert_eq!(h.oldest_unsent_secs, None);
}
