//! The `qebul-server` binary as an operator runs it: import, kiosk enrollment, and serving from
//! two processes that share one PostgreSQL database — where 200 concurrent bookings of a day
//! with 5 free places must give exactly 5.
mod support;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use qebul_protocol::api::{
    codes, paths, BookingWire, CitizenWire, EnrollResponse, LeaseGrant, LeaseRequest, PlaceSource,
    PushItem, PushOutcome, PushRequest, PushResponse,
};
use qebul_protocol::CapacityOverride;
use uuid::Uuid;

const BIN: &str = env!("CARGO_BIN_EXE_qebul-server");

fn run(args: &[&str], dir: &Path) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run qebul-server");
    assert!(
        out.status.success(),
        "qebul-server {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A server process, killed when dropped.
struct Served(Child, String);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(db: &str, key: &Path, dir: &Path) -> Served {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let listen = format!("127.0.0.1:{port}");
    let child = Command::new(BIN)
        .args(["serve", "--db", db, "--key"])
        .arg(key)
        .args(["--listen", &listen])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn server");
    let served = Served(child, format!("http://{listen}"));
    let start = Instant::now();
    while std::net::TcpStream::connect(&listen).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    served
}

/// The 6th upcoming reception day of the head of the authority (beyond the days leased out).
fn far_reception_day() -> NaiveDate {
    let catalog = qebul_server::demo_catalog().expect("demo");
    let policy = qebul_server::plan::LeasePolicy {
        days_ahead: 6,
        ..Default::default()
    };
    let wants = qebul_server::plan::lease_wants(&catalog, Utc::now(), &policy);
    wants
        .iter()
        .filter(|w| w.official_id == "bilesuvar-1")
        .nth(5)
        .expect("six reception days")
        .reception_date
}

fn direct(i: u32, number: u32, day: NaiveDate) -> PushItem {
    PushItem {
        seq: u64::from(i),
        idempotency_key: Uuid::now_v7(),
        booking: BookingWire {
            booking_id: Uuid::now_v7(),
            application_number: number,
            official_id: "bilesuvar-1".into(),
            reception_date: day,
            created_at: Utc::now(),
            place: PlaceSource::Direct,
            topic_id: "land".into(),
            social_status_id: "pensioner".into(),
            privilege_id: None,
            citizen: CitizenWire {
                fin: format!("{i:07}"),
                name: format!("VƏTƏNDAŞ {i}"),
                document_number: format!("AA{i:07}"),
                birth_date: None,
                phone: "+994501234567".into(),
                email: None,
                workplace: String::new(),
                position: String::new(),
                address: "Biləsuvar".into(),
                note: String::new(),
            },
        },
    }
}

async fn two_hundred_attempts_at_five_places(db: &str, processes: usize) {
    let dir = tempfile::tempdir().expect("dir");
    let key = dir.path().join("catalog.key");
    let day = far_reception_day();
    let mut catalog = qebul_server::demo_catalog().expect("demo");
    catalog.capacity_overrides.push(CapacityOverride {
        official_id: "bilesuvar-1".into(),
        date: day,
        capacity: 5,
    });
    let file = dir.path().join("catalog.json");
    std::fs::write(&file, serde_json::to_string(&catalog).expect("json")).expect("write");
    let key_arg = key.to_string_lossy().into_owned();
    run(
        &[
            "import",
            "--db",
            db,
            "--key",
            &key_arg,
            &file.to_string_lossy(),
        ],
        dir.path(),
    );
    let out = run(
        &["kiosk", "enroll", "--db", db, "--name", "lobby 1"],
        dir.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let code = stdout
        .rsplit("enrollment code ")
        .next()
        .expect("a code")
        .trim()
        .to_owned();

    let servers: Vec<Served> = (0..processes)
        .map(|_| serve(db, &key, dir.path()))
        .collect();
    let http = reqwest::Client::new();
    let enrolled: EnrollResponse = http
        .post(format!("{}{}", servers[0].1, paths::ENROLL))
        .json(&serde_json::json!({ "code": code }))
        .send()
        .await
        .expect("enroll")
        .json()
        .await
        .expect("json");

    // Numbers come from the kiosk's block (the far day gets no lease: it is past the leased days).
    let grant: LeaseGrant = http
        .post(format!("{}{}", servers[0].1, paths::LEASES))
        .bearer_auth(&enrolled.token)
        .json(&LeaseRequest {
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
    assert!(grant.leases.iter().all(|l| l.reception_date != day));
    let first = grant.numbers.expect("a number block").first;
    let mut tasks = Vec::new();
    for i in 0..200u32 {
        let url = format!("{}{}", servers[i as usize % processes].1, paths::PUSH);
        let http = http.clone();
        let token = enrolled.token.clone();
        tasks.push(tokio::spawn(async move {
            let r = http
                .post(url)
                .bearer_auth(token)
                .json(&PushRequest {
                    items: vec![direct(i, first + i, day)],
                })
                .send()
                .await
                .expect("push");
            let status = r.status();
            let body = r.text().await.expect("body");
            let r: PushResponse = serde_json::from_str(&body)
                .unwrap_or_else(|e| panic!("not a push response ({status}, {e}): {body}"));
            r.results.into_iter().next().expect("one result").outcome
        }));
    }
    let (mut accepted, mut full) = (0, 0);
    for t in tasks {
        match t.await.expect("task") {
            PushOutcome::Accepted => accepted += 1,
            PushOutcome::Refused { code, .. } if code == codes::NO_PLACE_LEFT => full += 1,
            other => panic!("unexpected outcome {other:?}"),
        }
    }
    assert_eq!(
        (accepted, full),
        (5, 195),
        "on {processes} server process(es)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_one_process_200_attempts_at_5_places_accept_exactly_5() {
    let backend = support::sqlite();
    two_hundred_attempts_at_five_places(&backend.target, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_two_processes_200_attempts_at_5_places_accept_exactly_5() {
    let backend = support::postgres();
    two_hundred_attempts_at_five_places(&backend.target, 2).await;
}

#[test]
fn every_subcommand_has_help() {
    let dir = tempfile::tempdir().expect("dir");
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["import", "--help"],
        &["kiosk", "--help"],
        &["kiosk", "enroll", "--help"],
        &["kiosk", "revoke", "--help"],
        &["kiosk", "list", "--help"],
        &["booking", "--help"],
        &["notice", "--help"],
        &["demo", "--help"],
    ] {
        let out = run(args, dir.path());
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage:"),
            "{args:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_checks_a_notices_qr_seal() {
    use qebul_protocol::{public_key_hex, NoticeSeal, SigningKey};
    let dir = tempfile::tempdir().expect("dir");
    let db_path = dir.path().join("s.db");
    let db = qebul_server::ServerDb::open(&db_path.display().to_string())
        .await
        .expect("open");
    let kiosk = db
        .create_enrollment("lobby 1", "code-hash", chrono::Utc::now())
        .await
        .expect("create");
    db.enroll("code-hash", "token-hash", chrono::Utc::now())
        .await
        .expect("enroll");
    let key = SigningKey::from_bytes(&[5; 32]);
    db.set_notice_key(&kiosk, &public_key_hex(&key.verifying_key()))
        .await
        .expect("key");
    drop(db);
    let seal = NoticeSeal {
        kiosk,
        booking: Uuid::now_v7(),
        number: "10000061".into(),
        reception_date: NaiveDate::from_ymd_opt(2015, 4, 7).expect("date"),
        official: "isgenderov-sahin".into(),
    }
    .sign(&key)
    .expect("seal");
    let out = run(&["notice", "--db", "s.db", &seal], dir.path());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("genuine: notice 10000061"), "{said}");
    assert!(said.contains("reception 07.04.2015"), "{said}");
    assert!(said.contains("has not reached the server yet"), "{said}");
    let forged = seal.replacen(".10000061.", ".10000062.", 1);
    let err = run_failing(&["notice", "--db", "s.db", &forged], dir.path());
    assert!(err.contains("does not match its signature"), "{err}");
}

#[test]
fn serve_without_a_key_says_what_to_do() {
    let dir = tempfile::tempdir().expect("dir");
    let out = Command::new(BIN)
        .args(["serve", "--db", "x.db"])
        .current_dir(dir.path())
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("run `qebul-server import` or `demo` first"),
        "{err}"
    );
}

fn run_failing(args: &[&str], dir: &Path) -> String {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run qebul-server");
    assert!(!out.status.success(), "qebul-server {args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_operator_imports_a_catalog_and_an_officials_csv_and_manages_kiosks() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let catalog =
        serde_json::to_string(&qebul_server::demo_catalog().expect("demo")).expect("json");
    std::fs::write(d.join("catalog.json"), catalog).expect("write");
    // A CSV before any catalog: refused, saying what to do.
    std::fs::write(
        d.join("officials.csv"),
        "id;position_az;position_ru;position_en;full_name;reception;daily_capacity\n\
         b-1;İcra başçısı;Глава;Head;quliyev mahir hacı oğlu;birinci günlər Saat: 10:00-dan;10\n",
    )
    .expect("write");
    let err = run_failing(&["import", "--db", "s.db", "officials.csv"], d);
    assert!(
        err.contains("import a whole catalog (JSON) before an officials list"),
        "{err}"
    );

    let out = run(&["import", "--db", "s.db", "catalog.json"], d);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("imported catalog version 1 (8 officials)"),
        "{text}"
    );
    let out = run(&["import", "--db", "s.db", "officials.csv"], d);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("imported catalog version 2 (1 officials)"),
        "{text}"
    );

    // A broken row names its line and column; nothing is imported.
    std::fs::write(
        d.join("bad.csv"),
        "id,position_az,position_ru,position_en,full_name,reception,daily_capacity\n\
         b-1,İcra başçısı,,,QULİYEV MAHİR,birinci günlər Saat: 10:00-dan,ten\n",
    )
    .expect("write");
    let err = run_failing(&["import", "--db", "s.db", "bad.csv"], d);
    assert!(
        err.contains("bad.csv, line 2: column \"daily_capacity\""),
        "{err}"
    );

    let out = run(&["kiosk", "enroll", "--db", "s.db", "--name", "Lobby 1"], d);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let id = text
        .strip_prefix("kiosk ")
        .and_then(|t| t.split_whitespace().next())
        .expect("kiosk id")
        .to_owned();
    let list =
        String::from_utf8_lossy(&run(&["kiosk", "list", "--db", "s.db"], d).stdout).into_owned();
    assert!(
        list.contains(&id) && list.contains("waiting for enrollment"),
        "{list}"
    );
    run(&["kiosk", "revoke", "--db", "s.db", &id], d);
    let list =
        String::from_utf8_lossy(&run(&["kiosk", "list", "--db", "s.db"], d).stdout).into_owned();
    assert!(list.contains("revoked"), "{list}");

    let err = run_failing(
        &[
            "booking",
            "--db",
            "s.db",
            &uuid::Uuid::now_v7().to_string(),
            "shut",
        ],
        d,
    );
    assert!(
        err.contains("booked, in_review, closed or cancelled"),
        "{err}"
    );
    let err = run_failing(
        &[
            "booking",
            "--db",
            "s.db",
            &uuid::Uuid::now_v7().to_string(),
            "closed",
        ],
        d,
    );
    assert!(
        err.to_lowercase().contains("not found") || err.contains("no booking"),
        "{err}"
    );
}

/// `qebul-server kiosk list` as a technician runs it against an SQLite database: a kiosk whose
/// last report says its printer is out of paper is flagged, a healthy one is OK, one waiting for
/// enrollment is out of service; `--offline-minutes` and `--json` work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kiosk_list_shows_the_last_reports_and_flags_the_kiosks_to_visit() {
    use qebul_protocol::api::{KioskHealth, PrinterHealth};
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let mut ids = Vec::new();
    for name in ["Lobby 1", "Lobby 2", "Spare"] {
        let out = run(&["kiosk", "enroll", "--db", "s.db", "--name", name], d);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let code = text
            .rsplit("enrollment code ")
            .next()
            .expect("code")
            .trim()
            .to_owned();
        let id = text
            .strip_prefix("kiosk ")
            .and_then(|t| t.split_whitespace().next())
            .expect("kiosk id")
            .to_owned();
        ids.push((id, code));
    }
    // Two kiosks enroll and report, as their sync would (the third never enrolls).
    let db = qebul_server::ServerDb::open(&d.join("s.db").to_string_lossy())
        .await
        .expect("open");
    let healthy = KioskHealth {
        version: "0.4.0".into(),
        printer: PrinterHealth::Ready,
        paper_low: false,
        unsent: 0,
        oldest_unsent_secs: None,
        disk_free_bytes: Some(8 << 30),
    };
    for ((id, code), printer) in ids
        .iter()
        .zip([PrinterHealth::PaperOut, PrinterHealth::Ready])
    {
        let hash =
            |s: &str| qebul_server::auth::secret_hash(&qebul_server::auth::normalise_code(s));
        let enrolled = db
            .enroll(&hash(code), &format!("token-{id}"), Utc::now())
            .await
            .expect("enroll");
        assert_eq!(enrolled.as_deref(), Some(id.as_str()));
        let report = KioskHealth {
            printer,
            ..healthy.clone()
        };
        db.record_health(id, &report, Utc::now())
            .await
            .expect("report");
    }
    drop(db);

    let list =
        String::from_utf8_lossy(&run(&["kiosk", "list", "--db", "s.db"], d).stdout).into_owned();
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    let fields: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!(fields.len(), 10, "{}", lines[0]);
    assert_eq!(fields[..3], [ids[0].0.as_str(), "Lobby 1", "enrolled"]);
    assert!(fields[3].starts_with("last seen "), "{}", fields[3]);
    assert_eq!(
        fields[4..],
        [
            "version 0.4.0",
            "printer paper out",
            "paper ok",
            "unsent 0",
            "disk free 8.0 GiB",
            "NEEDS A VISIT: printer: paper out"
        ]
    );
    assert!(lines[1].starts_with(&format!("{}\tLobby 2\t", ids[1].0)));
    assert!(lines[1].ends_with("\tprinter ready\tpaper ok\tunsent 0\tdisk free 8.0 GiB\tOK"));
    assert!(lines[2].contains("\twaiting for enrollment\tnever seen\t"));
    assert!(lines[2].ends_with("\t-"));

    // A disk threshold above what they have flags both enrolled kiosks.
    let strict = String::from_utf8_lossy(
        &run(
            &["kiosk", "list", "--db", "s.db", "--disk-low-mib", "10240"],
            d,
        )
        .stdout,
    )
    .into_owned();
    assert!(
        strict
            .lines()
            .nth(1)
            .is_some_and(|l| l.ends_with("\tNEEDS A VISIT: disk low: 8.0 GiB free")),
        "{strict}"
    );

    let json: serde_json::Value =
        serde_json::from_slice(&run(&["kiosk", "list", "--db", "s.db", "--json"], d).stdout)
            .expect("JSON");
    let first = &json[0];
    assert_eq!(first["id"], ids[0].0.as_str());
    assert_eq!(first["state"], "enrolled");
    assert_eq!(first["health"]["printer"], "paper_out");
    assert_eq!(first["needs_visit"], true);
    assert_eq!(first["reasons"], serde_json::json!(["printer: paper out"]));
    assert_eq!(json[1]["needs_visit"], false);
    assert_eq!(json[2]["state"], "not_enrolled");
    assert!(json[2]["last_seen"].is_null());

    let err = run_failing(
        &["kiosk", "list", "--db", "s.db", "--offline-minutes", "0"],
        d,
    );
    assert!(err.contains("--offline-minutes"), "{err}");
}
