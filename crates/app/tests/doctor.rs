//! `doctor`, `enroll`, `print-test` and `export-audit` with real parts: the embedded reference
//! server, the ESC/POS printer emulator, a real encrypted store, and a key store in memory (the
//! binary uses the OS keyring through the same trait). A healthy kiosk passes every check; each
//! broken part fails its own check, named, and only it (or the checks that need it).

use std::path::PathBuf;
use std::time::Duration;

use chrono::Utc;
use qebul_app::ops::doctor::{self, Check};
use qebul_app::ops::enroll::{enroll, EnrollRequest};
use qebul_app::ops::{audit, print_test, DoctorSetup};
use qebul_app::CATALOG_KEY_NAME;
use qebul_idcard::ReaderSpec;
use qebul_printer::{EmulatedPrinter, PrinterSpec};
use qebul_server::EmbeddedServer;
use qebul_store::key::{KeyStore, MemoryKeyStore, SERVER_CREDENTIAL_NAME};

/// An enrolled kiosk's parts.
struct Bench {
    dir: tempfile::TempDir,
    server: EmbeddedServer,
    keys: MemoryKeyStore,
    printer: EmulatedPrinter,
}

impl Bench {
    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn setup(&self) -> DoctorSetup {
        DoctorSetup {
            server: Some(self.server.base_url()),
            data_dir: self.data_dir(),
            printer: Some(self.printer_spec()),
            card_reader: ReaderSpec::None,
            min_free_bytes: 1024 * 1024,
            max_clock_skew: Duration::from_secs(120),
        }
    }

    fn printer_spec(&self) -> PrinterSpec {
        format!("tcp:{}", self.printer.address())
            .parse()
            .expect("the emulator's spec")
    }

    async fn doctor(&self, setup: &DoctorSetup) -> Vec<Check> {
        let checks = doctor::run(setup, &self.keys).await;
        println!("{}", doctor::render(&checks));
        checks
    }
}

/// A kiosk enrolled with a fresh demo server through `enroll`, with its first staff member.
async fn enrolled() -> Bench {
    let dir = tempfile::tempdir().expect("dir");
    let server = EmbeddedServer::start_demo(dir.path())
        .await
        .expect("the reference server starts");
    let keys = MemoryKeyStore::new();
    let request = EnrollRequest {
        server: server.base_url(),
        code: server.enrollment_code.clone(),
        catalog_key: None,
        data_dir: dir.path().join("data"),
        staff_name: "Məmmədova Aynur".into(),
        pin: "2468".into(),
    };
    let done = enroll(&keys, &request, Utc::now()).await.expect("enrolled");
    assert!(!done.already);
    assert!(done.database.is_file());
    let printer = EmulatedPrinter::start().expect("the printer emulator starts");
    Bench {
        dir,
        server,
        keys,
        printer,
    }
}

fn check<'a>(checks: &'a [Check], what: &str) -> &'a Check {
    checks
        .iter()
        .find(|c| c.what == what)
        .unwrap_or_else(|| panic!("no {what} check in {checks:?}"))
}

/// Exactly `failed` fail, each with what to do, and the report names them.
fn assert_failed(checks: &[Check], failed: &[&str]) {
    let report = doctor::render(checks);
    for c in checks {
        let expected = failed.contains(&c.what);
        assert_eq!(!c.is_ok(), expected, "{}: {report}", c.what);
        if expected {
            assert!(c.todo.is_some(), "{} says what to do", c.what);
            assert!(report.contains(&format!("FAIL {} — ", c.what)), "{report}");
        }
    }
    assert!(!doctor::all_ok(checks));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_healthy_kiosk_passes_every_check() {
    let b = enrolled().await;
    let checks = b.doctor(&b.setup()).await;
    let report = doctor::render(&checks);
    assert!(doctor::all_ok(&checks), "{report}");
    let names: Vec<_> = checks.iter().map(|c| c.what).collect();
    assert_eq!(
        names,
        [
            "server",
            "catalog",
            "keyring",
            "database",
            "printer",
            "card reader",
            "disk",
            "clock"
        ]
    );
    assert!(report.ends_with("All 8 checks passed.\n"), "{report}");
    assert!(
        check(&checks, "catalog").detail.contains("signature good"),
        "{report}"
    );
    assert!(
        check(&checks, "printer").detail.ends_with(": ready"),
        "{report}"
    );
    assert!(
        check(&checks, "database").detail.contains("integrity"),
        "{report}"
    );
    // Doctor changes nothing: a second run finds the same.
    assert!(doctor::all_ok(&b.doctor(&b.setup()).await));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_down_fails_the_server_and_what_needs_it() {
    let b = enrolled().await;
    b.server.stop().await;
    let checks = b.doctor(&b.setup()).await;
    assert_failed(&checks, &["server", "catalog", "clock"]);
    assert!(check(&checks, "server").detail.contains("cannot reach"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_pinned_catalog_key_fails_the_catalog() {
    let b = enrolled().await;
    let other = qebul_protocol::public_key_hex(
        &qebul_store::key::notice_key(&MemoryKeyStore::new())
            .expect("a key")
            .verifying_key(),
    );
    b.keys.save_secret(CATALOG_KEY_NAME, &other).expect("saved");
    let checks = b.doctor(&b.setup()).await;
    assert_failed(&checks, &["catalog"]);
    assert!(
        check(&checks, "catalog")
            .detail
            .contains("refused under the pinned key"),
        "{checks:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_database_fails_the_database() {
    let b = enrolled().await;
    let file = b.data_dir().join("kiosk.db");
    let mut bytes = std::fs::read(&file).expect("the store's file");
    assert!(bytes.len() > 8 * 2048, "{} bytes", bytes.len());
    // Past the first page (which holds the key check), in the middle of the schema's pages.
    let at = bytes.len() / 2;
    bytes[at..at + 64].fill(0x5a);
    std::fs::write(&file, &bytes).expect("overwritten");
    let checks = b.doctor(&b.setup()).await;
    assert_failed(&checks, &["database"]);
    assert!(
        check(&checks, "database").detail.contains("damaged"),
        "{checks:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keyring_without_the_device_token_fails_the_keyring() {
    let b = enrolled().await;
    b.keys.remove(SERVER_CREDENTIAL_NAME);
    let checks = b.doctor(&b.setup()).await;
    assert_failed(&checks, &["keyring", "catalog"]);
    let keyring = check(&checks, "keyring");
    assert!(keyring.detail.contains("device token"), "{keyring:?}");
    assert!(
        keyring
            .todo
            .as_deref()
            .is_some_and(|t| t.contains("qebul-kiosk enroll")),
        "{keyring:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_printer_out_of_paper_fails_the_printer_by_name() {
    let b = enrolled().await;
    b.printer.run_out_of_paper_after(0);
    let checks = b.doctor(&b.setup()).await;
    assert_failed(&checks, &["printer"]);
    assert!(
        check(&checks, "printer").detail.ends_with("paper out"),
        "{checks:?}"
    );
    // The roll is back: OK again.
    b.printer.load_paper();
    assert!(doctor::all_ok(&b.doctor(&b.setup()).await));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_printer_or_none_fails_the_printer() {
    let b = enrolled().await;
    // A loopback port nobody listens on any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut setup = b.setup();
    setup.printer = Some(format!("tcp:127.0.0.1:{port}").parse().expect("spec"));
    let checks = b.doctor(&setup).await;
    assert_failed(&checks, &["printer"]);
    assert!(
        check(&checks, "printer").detail.contains("cannot reach"),
        "{checks:?}"
    );
    setup.printer = None;
    let checks = b.doctor(&setup).await;
    assert_failed(&checks, &["printer"]);
    assert!(check(&checks, "printer").detail.contains("none configured"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_serial_card_reader_fails_the_card_reader() {
    let b = enrolled().await;
    let mut setup = b.setup();
    let device = b.dir.path().join("ttyACM9");
    setup.card_reader = ReaderSpec::Serial {
        path: device.clone(),
        baud: 9600,
    };
    let checks = b.doctor(&setup).await;
    assert_failed(&checks, &["card reader"]);
    assert!(
        check(&checks, "card reader")
            .detail
            .contains(&device.display().to_string()),
        "{checks:?}"
    );
    // A wedge scanner cannot be checked from here, and says so.
    setup.card_reader = ReaderSpec::Wedge;
    let checks = b.doctor(&setup).await;
    assert!(check(&checks, "card reader").detail.contains("wedge"));
    assert!(doctor::all_ok(&checks));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn less_free_disk_than_the_threshold_fails_the_disk() {
    let b = enrolled().await;
    let mut setup = b.setup();
    setup.min_free_bytes = u64::MAX;
    let checks = b.doctor(&setup).await;
    assert_failed(&checks, &["disk"]);
    assert!(check(&checks, "disk").detail.starts_with("only "));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolling_again_keeps_the_token_and_refuses_a_taken_pin() {
    let b = enrolled().await;
    let token = b.keys.load_secret(SERVER_CREDENTIAL_NAME).unwrap();
    let mut request = EnrollRequest {
        server: b.server.base_url(),
        code: "not-a-code".into(),
        catalog_key: None,
        data_dir: b.data_dir(),
        staff_name: "Əliyev Vüqar".into(),
        pin: "2468".into(),
    };
    let e = enroll(&b.keys, &request, Utc::now()).await.unwrap_err();
    assert!(format!("{e:#}").contains("staff member"), "{e:#}");
    request.pin = "13579".into();
    let done = enroll(&b.keys, &request, Utc::now())
        .await
        .expect("second member");
    assert!(done.already);
    assert_eq!(b.keys.load_secret(SERVER_CREDENTIAL_NAME).unwrap(), token);
    request.pin = "12".into();
    let e = enroll(&b.keys, &request, Utc::now()).await.unwrap_err();
    assert!(e.to_string().contains("4 to 8 digits"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_exports_as_csv_with_a_header_and_rows() {
    let b = enrolled().await;
    let (rows, csv) = audit::export(&b.keys, &b.data_dir(), None).expect("exported");
    assert!(rows >= 1, "{csv}");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("at_utc,at_baku,actor,action,subject,detail")
    );
    let enrolled = lines
        .find(|l| l.contains("staff-enrolled"))
        .unwrap_or_else(|| panic!("no enrollment row in {csv}"));
    assert!(enrolled.contains("Məmmədova Aynur"), "{enrolled}");
    // Nothing from tomorrow on.
    let tomorrow = Utc::now() + chrono::Duration::days(1);
    let (rows, csv) = audit::export(&b.keys, &b.data_dir(), Some(tomorrow)).expect("exported");
    assert_eq!((rows, csv.lines().count()), (0, 1), "{csv}");
    // A kiosk without a store is told so, and none is created.
    let elsewhere = b.dir.path().join("elsewhere");
    let e = audit::export(&b.keys, &elsewhere, None).unwrap_err();
    assert!(e.to_string().contains("no database"), "{e}");
    assert!(!elsewhere.exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn print_test_puts_a_page_on_the_printer_or_says_why_not() {
    let b = enrolled().await;
    let spec = b.printer_spec();
    let done = tokio::task::spawn_blocking(move || print_test::print_test(Some(&spec), Utc::now()))
        .await
        .unwrap()
        .expect("printed");
    assert!(done.printer.contains("TCP"), "{}", done.printer);
    assert_eq!(b.printer.take_pages().len(), 1);
    b.printer.run_out_of_paper_after(0);
    let spec = b.printer_spec();
    let e = tokio::task::spawn_blocking(move || print_test::print_test(Some(&spec), Utc::now()))
        .await
        .unwrap()
        .unwrap_err();
    assert!(e.to_string().contains("out of paper"), "{e}");
    let e = print_test::print_test(None, Utc::now()).unwrap_err();
    assert!(e.to_string().contains("no printer configured"), "{e}");
}
