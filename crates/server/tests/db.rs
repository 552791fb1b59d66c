//! The database layer against SQLite and a real PostgreSQL: each test runs on both.
//!
//! PostgreSQL: by default a throwaway cluster from `qebul-pg-fixture` (Debian's `postgresql`
//! package), started once for this test binary; set `QEBUL_TEST_PG_URL` to a superuser URL
//! (`postgres://postgres@127.0.0.1:5432/postgres`) to use a running server instead. Every test
//! gets a database of its own.
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use qebul_core::numbering::{ApplicationNumber, BarcodePayload};
use qebul_core::validation::BookingPolicy;
use qebul_protocol::api::{
    codes, ArrivalOutcome, BookingStatus, BookingWire, CitizenProof, CitizenWire, EventKind,
    NumberBlock, PlaceSource, PushItem, PushOutcome, RegistryEntry,
};
use qebul_protocol::SignedCatalog;
use qebul_server::db::{DbError, HistoryOutcome, LeaseWant, RateLimit, RegistryRecord, ServerDb};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    Sqlite,
    Postgres,
}

/// Runs a test body once per engine, as two tests (`<name>::sqlite`, `<name>::postgres`).
macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                super::$name(super::Engine::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                super::$name(super::Engine::Postgres).await;
            }
        }
    };
}

/// An open test database; the SQLite folder or PostgreSQL database lives as long as it does.
struct TestDb {
    db: ServerDb,
    target: String,
    engine: Engine,
    _dir: Option<tempfile::TempDir>,
}

/// The PostgreSQL server: `QEBUL_TEST_PG_URL`, or a cluster of our own.
fn pg_admin_url() -> String {
    static CLUSTER: OnceLock<Result<qebul_pg_fixture::PgCluster, String>> = OnceLock::new();
    if let Ok(url) = std::env::var("QEBUL_TEST_PG_URL") {
        return url;
    }
    let cluster = CLUSTER.get_or_init(|| {
        qebul_pg_fixture::PgCluster::builder()
            .fsync(false)
            .start()
            .map_err(|e| e.to_string())
    });
    match cluster {
        Ok(pg) => pg.url(),
        Err(e) => panic!("cannot start PostgreSQL for the tests: {e}"),
    }
}

async fn fresh_pg_database() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let admin = tokio::task::spawn_blocking(pg_admin_url)
        .await
        .expect("the cluster starts");
    let name = format!(
        "qebul_test_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    let (client, conn) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
        .await
        .expect("connect to PostgreSQL");
    tokio::spawn(conn);
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create database");
    // Same server, same credentials, another database.
    let base = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(base, _)| base);
    format!("{base}/{name}")
}

async fn open(engine: Engine) -> TestDb {
    match engine {
        Engine::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let target = dir.path().join("server.db").display().to_string();
            let db = ServerDb::open(&target).await.expect("open SQLite");
            TestDb {
                db,
                target,
                engine,
                _dir: Some(dir),
            }
        }
        Engine::Postgres => {
            let target = fresh_pg_database().await;
            let db = ServerDb::open(&target).await.expect("open PostgreSQL");
            TestDb {
                db,
                target,
                engine,
                _dir: None,
            }
        }
    }
}

impl TestDb {
    /// Runs SQL behind the server's back, as an operator with a console would.
    async fn raw_execute(&self, sql: &str) -> Result<u64, String> {
        match self.engine {
            Engine::Sqlite => {
                let (target, sql) = (self.target.clone(), sql.to_owned());
                tokio::task::spawn_blocking(move || {
                    let conn = rusqlite::Connection::open(target).map_err(|e| e.to_string())?;
                    conn.execute(&sql, [])
                        .map(|n| n as u64)
                        .map_err(|e| e.to_string())
                })
                .await
                .expect("task")
            }
            Engine::Postgres => {
                let (client, conn) = tokio_postgres::connect(&self.target, tokio_postgres::NoTls)
                    .await
                    .expect("connect");
                tokio::spawn(conn);
                client.execute(sql, &[]).await.map_err(|e| e.to_string())
            }
        }
    }
}

fn t(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2015, 4, 6, h, m, 0)
        .single()
        .expect("a valid time")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 4, 6).expect("a date")
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 4, d).expect("a date")
}

const OFFICIAL: &str = "isgenderov-sahin";
const POLICY: BookingPolicy = BookingPolicy {
    max_active_per_official: 1,
};

/// An enrolled kiosk with a block of numbers.
async fn kiosk(db: &ServerDb, name: &str, numbers: u32) -> (String, NumberBlock) {
    let id = db
        .create_enrollment(name, &format!("code-{name}"), t(8, 0))
        .await
        .expect("create enrollment");
    let enrolled = db
        .enroll(&format!("code-{name}"), &format!("token-{name}"), t(8, 1))
        .await
        .expect("enroll");
    assert_eq!(enrolled.as_deref(), Some(id.as_str()));
    let block = db.allocate_numbers(&id, numbers).await.expect("numbers");
    (id, block)
}

fn item(seq: u64, number: u32, date: NaiveDate, place: PlaceSource, fin: &str) -> PushItem {
    PushItem {
        seq,
        idempotency_key: Uuid::now_v7(),
        booking: BookingWire {
            booking_id: Uuid::now_v7(),
            application_number: number,
            official_id: OFFICIAL.into(),
            reception_date: date,
            created_at: t(9, 0),
            place,
            topic_id: "agriculture".into(),
            social_status_id: "entrepreneur".into(),
            privilege_id: None,
            citizen: CitizenWire {
                fin: fin.into(),
                name: "MƏMMƏDOV ƏLİ VƏLİ OĞLU".into(),
                document_number: "AA1234567".into(),
                birth_date: NaiveDate::from_ymd_opt(1980, 1, 2),
                phone: "+994501234567".into(),
                email: None,
                workplace: "Biləsuvar".into(),
                position: "fermer".into(),
                address: "Biləsuvar şəhəri".into(),
                note: String::new(),
            },
        },
    }
}

async fn push(db: &ServerDb, kiosk: &str, item: &PushItem, capacity: u32) -> PushOutcome {
    db.push(kiosk, item, capacity, &POLICY, today(), t(9, 5))
        .await
        .expect("push")
}

fn proof(fin: &str, document_number: &str) -> CitizenProof {
    CitizenProof {
        fin: fin.into(),
        document_number: document_number.into(),
    }
}

/// `item` made at another moment (its created_at decides the order of histories and lines).
fn item_at(
    seq: u64,
    number: u32,
    date: NaiveDate,
    fin: &str,
    created_at: DateTime<Utc>,
) -> PushItem {
    let mut it = item(seq, number, date, PlaceSource::Direct, fin);
    it.booking.created_at = created_at;
    it
}

fn refusal_code(outcome: &PushOutcome) -> Option<&str> {
    match outcome {
        PushOutcome::Refused { code, .. } => Some(code),
        _ => None,
    }
}

fn want(date: NaiveDate, capacity: u32) -> LeaseWant {
    (OFFICIAL.into(), date, capacity)
}

/// `taken` is what the CHECK guards; it must equal the recount of leases and direct bookings.
async fn assert_accounting(db: &ServerDb, date: NaiveDate) -> qebul_server::db::DayCapacity {
    let cap = db
        .day_capacity(OFFICIAL, date)
        .await
        .expect("read")
        .expect("the day exists");
    assert_eq!(cap.taken, cap.leased + cap.direct, "{cap:?}");
    assert!(cap.taken <= cap.capacity, "{cap:?}");
    cap
}

// --- the tests ------------------------------------------------------------------------------

/// 200 citizens at once for a day with 5 places: exactly 5 get one.
async fn direct_bookings_race_for_the_last_places(engine: Engine) {
    let tdb = open(engine).await;
    let (k, block) = kiosk(&tdb.db, "lobby", 200).await;
    let tasks: Vec<_> = (0..200u32)
        .map(|i| {
            let (db, k) = (tdb.db.clone(), k.clone());
            let it = item(
                u64::from(i),
                block.first + i,
                day(7),
                PlaceSource::Direct,
                &format!("FIN{i:04}"),
            );
            tokio::spawn(async move { push(&db, &k, &it, 5).await })
        })
        .collect();
    let mut accepted = 0;
    let mut no_place = 0;
    for task in tasks {
        match task.await.expect("task") {
            PushOutcome::Accepted => accepted += 1,
            other => {
                assert_eq!(
                    refusal_code(&other),
                    Some(codes::NO_PLACE_LEFT),
                    "{other:?}"
                );
                no_place += 1;
            }
        }
    }
    assert_eq!((accepted, no_place), (5, 195));
    let cap = assert_accounting(&tdb.db, day(7)).await;
    assert_eq!((cap.capacity, cap.taken, cap.direct), (5, 5, 5));
    assert_eq!(tdb.db.count_bookings().await.expect("count"), 5);
}
on_both!(direct_bookings_race_for_the_last_places);

/// Two server processes (two pools, opened at the same moment, so their migrations race too)
/// sharing one PostgreSQL database: still exactly 5.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_share_one_postgres_database() {
    let url = fresh_pg_database().await;
    let (a, b) = tokio::join!(ServerDb::open(&url), ServerDb::open(&url));
    let (a, b) = (a.expect("first server"), b.expect("second server"));
    let (k, block) = kiosk(&a, "lobby", 200).await;
    let tasks: Vec<_> = (0..200u32)
        .map(|i| {
            let db = if i % 2 == 0 { a.clone() } else { b.clone() };
            let k = k.clone();
            let it = item(
                u64::from(i),
                block.first + i,
                day(7),
                PlaceSource::Direct,
                &format!("FIN{i:04}"),
            );
            tokio::spawn(async move { push(&db, &k, &it, 5).await })
        })
        .collect();
    let mut accepted = 0;
    for task in tasks {
        match task.await.expect("task") {
            PushOutcome::Accepted => accepted += 1,
            other => assert_eq!(
                refusal_code(&other),
                Some(codes::NO_PLACE_LEFT),
                "{other:?}"
            ),
        }
    }
    assert_eq!(accepted, 5);
    let cap = assert_accounting(&b, day(7)).await;
    assert_eq!((cap.capacity, cap.taken), (5, 5));
    assert_eq!(a.count_bookings().await.expect("count"), 5);
}

/// Replayed, concurrently duplicated and reordered pushes store each booking once.
async fn pushes_are_idempotent(engine: Engine) {
    let tdb = open(engine).await;
    let db = &tdb.db;
    let (k, block) = kiosk(db, "lobby", 100).await;
    let n = |i: u32| block.first + i;

    // Replayed.
    let a = item(1, n(0), day(7), PlaceSource::Direct, "FINAAAA");
    assert_eq!(push(db, &k, &a, 20).await, PushOutcome::Accepted);
    assert_eq!(push(db, &k, &a, 20).await, PushOutcome::Duplicate);

    // The same item 20 times at once: direct (the citizen's policy must not mistake the
    // duplicate for a second booking) and from a lease of exactly one place (the duplicate
    // must not be mistaken for an over-spent lease).
    tdb.db
        .grant_leases(&k, &[want(day(8), 20)], 1, t(18, 0), t(9, 0))
        .await
        .expect("lease");
    for (place, date, number) in [
        (PlaceSource::Direct, day(7), n(1)),
        (PlaceSource::Lease, day(8), n(2)),
    ] {
        let same = item(2, number, date, place, "FINBBBB");
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let (db, k, it) = (db.clone(), k.clone(), same.clone());
                tokio::spawn(async move { push(&db, &k, &it, 20).await })
            })
            .collect();
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(task.await.expect("task"));
        }
        let accepted = outcomes
            .iter()
            .filter(|o| **o == PushOutcome::Accepted)
            .count();
        let duplicate = outcomes
            .iter()
            .filter(|o| **o == PushOutcome::Duplicate)
            .count();
        assert_eq!((accepted, duplicate), (1, 19), "{place:?}: {outcomes:?}");
    }

    // Reordered: a later outbox entry arrives first, then both again.
    let c = item(3, n(3), day(9), PlaceSource::Direct, "FINCCCC");
    let d = item(4, n(4), day(9), PlaceSource::Direct, "FINDDDD");
    assert_eq!(push(db, &k, &d, 20).await, PushOutcome::Accepted);
    assert_eq!(push(db, &k, &c, 20).await, PushOutcome::Accepted);
    assert_eq!(push(db, &k, &d, 20).await, PushOutcome::Duplicate);
    assert_eq!(push(db, &k, &c, 20).await, PushOutcome::Duplicate);

    // Another key for a booking id (or a number) already received is refused, not stored.
    let mut again = c.clone();
    again.idempotency_key = Uuid::now_v7();
    assert_eq!(
        refusal_code(&push(db, &k, &again, 20).await),
        Some(codes::BAD_REQUEST)
    );

    assert_eq!(db.count_bookings().await.expect("count"), 5);
    assert_eq!(assert_accounting(db, day(7)).await.direct, 2);
    assert_eq!(assert_accounting(db, day(9)).await.direct, 2);
    let stored = db
        .booking(c.booking.booking_id)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(stored.booking, c.booking);
    assert_eq!((stored.seq, stored.idempotency_key), (3, c.idempotency_key));
    assert_eq!(stored.status, BookingStatus::Booked);
    assert_eq!(stored.kiosk_id, k);
}
on_both!(pushes_are_idempotent);

/// Offline bookings spend the kiosk's lease and nothing more; the database itself refuses to
/// grant more than the day holds.
async fn lease_bookings_spend_only_the_lease(engine: Engine) {
    let tdb = open(engine).await;
    let db = &tdb.db;
    let (a, block) = kiosk(db, "a", 100).await;
    let (b, _) = kiosk(db, "b", 10).await;
    let (c, _) = kiosk(db, "c", 10).await;
    let date = day(7);
    let grant = |k: String, target: u32| {
        let db = db.clone();
        async move {
            db.grant_leases(&k, &[want(date, 10)], target, t(18, 0), t(9, 0))
                .await
                .expect("grant")
        }
    };
    let la = grant(a.clone(), 4).await;
    assert_eq!(
        (la.len(), la[0].places, la[0].used, la[0].ends_at),
        (1, 4, 0, t(18, 0))
    );
    assert_eq!(grant(b.clone(), 4).await[0].places, 4);
    // Only two are free for the third kiosk.
    assert_eq!(grant(c.clone(), 4).await[0].places, 2);
    // A top-up finds nothing free: the lease stays as it was.
    assert_eq!(grant(c.clone(), 6).await[0].places, 2);
    assert_eq!(assert_accounting(db, date).await.taken, 10);

    // The same citizen twice with one official: printed offline, so honoured despite the policy.
    for i in 0..4 {
        let it = item(
            i.into(),
            block.first + i,
            date,
            PlaceSource::Lease,
            "FINSAME",
        );
        assert_eq!(
            push(db, &a, &it, 10).await,
            PushOutcome::Accepted,
            "lease booking {i}"
        );
    }
    let fifth = item(5, block.first + 4, date, PlaceSource::Lease, "FINFIVE");
    assert_eq!(
        refusal_code(&push(db, &a, &fifth, 10).await),
        Some(codes::NO_LEASE)
    );
    // No lease at all for that day; and a number from another kiosk's block.
    let elsewhere = item(6, block.first + 5, day(9), PlaceSource::Lease, "FINSIX");
    assert_eq!(
        refusal_code(&push(db, &a, &elsewhere, 10).await),
        Some(codes::NO_LEASE)
    );
    let foreign = item(7, block.first + 7, date, PlaceSource::Lease, "FINSEVEN");
    assert_eq!(
        refusal_code(&push(db, &b, &foreign, 10).await),
        Some(codes::NUMBER_NOT_OURS)
    );
    // Every place is leased: a direct booking finds none.
    let direct = item(8, block.first + 6, date, PlaceSource::Direct, "FINEIGHT");
    assert_eq!(
        refusal_code(&push(db, &a, &direct, 10).await),
        Some(codes::NO_PLACE_LEFT)
    );

    let cap = assert_accounting(db, date).await;
    assert_eq!(
        (cap.capacity, cap.taken, cap.leased, cap.direct),
        (10, 10, 10, 0)
    );
    let la = grant(a.clone(), 4).await;
    assert_eq!((la[0].places, la[0].used), (4, 4));

    // Behind the server's back, the database still refuses.
    let over = tdb
        .raw_execute(&format!(
            "UPDATE day_capacity SET taken = capacity + 1 WHERE official_id = '{OFFICIAL}'"
        ))
        .await;
    assert!(over.is_err(), "taken > capacity was accepted: {over:?}");
    let overspent = tdb
        .raw_execute(&format!(
            "UPDATE leases SET used = places + 1 WHERE kiosk_id = '{a}'"
        ))
        .await;
    assert!(
        overspent.is_err(),
        "used > places was accepted: {overspent:?}"
    );
    let negative = tdb.raw_execute("UPDATE day_capacity SET taken = -1").await;
    assert!(
        negative.is_err(),
        "negative taken was accepted: {negative:?}"
    );
    assert_eq!(assert_accounting(db, date).await.taken, 10);
}
on_both!(lease_bookings_spend_only_the_lease);

/// The unused rest of a lease comes back only after its end plus drift, and only once the kiosk
/// has reported after that.
async fn leases_are_reclaimed_only_when_safe(engine: Engine) {
    let tdb = open(engine).await;
    let db = &tdb.db;
    let (k, block) = kiosk(db, "lobby", 10).await;
    let (date, end, drift) = (day(7), t(12, 0), TimeDelta::minutes(10));
    db.grant_leases(&k, &[want(date, 8)], 5, end, t(9, 0))
        .await
        .expect("grant");
    for i in 0..2 {
        let it = item(
            i.into(),
            block.first + i,
            date,
            PlaceSource::Lease,
            &format!("FIN{i}"),
        );
        assert_eq!(push(db, &k, &it, 8).await, PushOutcome::Accepted);
    }
    let reclaim = |now: DateTime<Utc>| {
        let db = db.clone();
        async move { db.reclaim_leases(now, drift).await.expect("reclaim") }
    };
    // The kiosk reported, but the lease has not ended (with drift) yet.
    db.record_report(&k, t(12, 5)).await.expect("report");
    assert_eq!(reclaim(t(12, 9)).await, 0);
    // Ended with drift, but the last report came before that: offline bookings may be on the way.
    assert_eq!(reclaim(t(14, 0)).await, 0);
    // A silent kiosk's lease stays counted as used, however long it stays silent.
    assert_eq!(reclaim(t(23, 0)).await, 0);
    assert_eq!(assert_accounting(db, date).await.taken, 5);
    // It reports after end + drift: exactly the unused three come back, once.
    db.record_report(&k, t(12, 11)).await.expect("report");
    assert_eq!(reclaim(t(12, 12)).await, 3);
    assert_eq!(reclaim(t(23, 0)).await, 0);
    let cap = assert_accounting(db, date).await;
    assert_eq!((cap.taken, cap.leased), (2, 2));
    let lease = db
        .grant_leases(&k, &[want(date, 8)], 0, end, t(12, 13))
        .await
        .expect("read lease");
    assert_eq!((lease[0].places, lease[0].used), (2, 2));
    // The places are free for direct bookings again.
    let direct = item(9, block.first + 2, date, PlaceSource::Direct, "FINDIRECT");
    assert_eq!(push(db, &k, &direct, 8).await, PushOutcome::Accepted);
    assert_eq!(assert_accounting(db, date).await.taken, 3);
}
on_both!(leases_are_reclaimed_only_when_safe);

async fn enrollment_works_once_and_revocation_sticks(engine: Engine) {
    let tdb = open(engine).await;
    let db = &tdb.db;
    let id = db
        .create_enrollment("lobby", "code-hash", t(8, 0))
        .await
        .expect("create");
    assert_eq!(
        db.enroll("wrong-hash", "token-1", t(8, 1))
            .await
            .expect("enroll"),
        None
    );
    assert_eq!(
        db.enroll("code-hash", "token-1", t(8, 1))
            .await
            .expect("enroll"),
        Some(id.clone())
    );
    // A code works once, even for the same token.
    assert_eq!(
        db.enroll("code-hash", "token-2", t(8, 2))
            .await
            .expect("enroll"),
        None
    );
    assert_eq!(db.kiosk_by_token("token-2").await.expect("lookup"), None);
    let row = db
        .kiosk_by_token("token-1")
        .await
        .expect("lookup")
        .expect("enrolled");
    assert_eq!((row.id.as_str(), row.name.as_str()), (id.as_str(), "lobby"));
    assert_eq!((row.enrolled_at, row.revoked_at), (Some(t(8, 1)), None));

    db.revoke_kiosk(&id, t(10, 0)).await.expect("revoke");
    db.revoke_kiosk(&id, t(11, 0)).await.expect("revoke again");
    let row = db
        .kiosk_by_token("token-1")
        .await
        .expect("lookup")
        .expect("still known");
    assert_eq!(row.revoked_at, Some(t(10, 0)));

    // A code revoked before use never works.
    let other = db
        .create_enrollment("spare", "spare-hash", t(8, 0))
        .await
        .expect("create");
    db.revoke_kiosk(&other, t(9, 0)).await.expect("revoke");
    assert_eq!(
        db.enroll("spare-hash", "token-3", t(9, 1))
            .await
            .expect("enroll"),
        None
    );
    let err = db
        .revoke_kiosk("no-such-kiosk", t(9, 0))
        .await
        .expect_err("unknown kiosk");
    assert_eq!(err.code(), codes::NOT_FOUND);

    let all = db.list_kiosks().await.expect("list");
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|k| k.revoked_at.is_some()));

    // Number blocks never overlap, across kiosks.
    let a = db.allocate_numbers(&id, 50).await.expect("numbers");
    let b = db.allocate_numbers(&other, 50).await.expect("numbers");
    assert_eq!((a.first, a.last, b.first, b.last), (1, 50, 51, 100));
    let err = db.allocate_numbers(&id, 0).await.expect_err("empty block");
    assert_eq!(err.code(), codes::BAD_REQUEST);
}
on_both!(enrollment_works_once_and_revocation_sticks);

/// The last health report of each kiosk, kept whole (values at the schema's edges too) and
/// replaced by the next; unknown kiosks are refused; the list keeps every kiosk, reported or not.
async fn each_kiosks_last_health_report_is_kept(engine: Engine) {
    use qebul_protocol::api::{KioskHealth, PrinterHealth};
    let tdb = open(engine).await;
    let db = &tdb.db;
    let (a, _) = kiosk(db, "lobby", 5).await;
    let (b, _) = kiosk(db, "hall", 5).await;
    let first = KioskHealth {
        version: "1.2.3".into(),
        printer: PrinterHealth::CoverOpen,
        paper_low: true,
        unsent: u32::MAX,
        oldest_unsent_secs: Some(0),
        disk_free_bytes: Some(i64::MAX as u64),
    };
    db.record_health(&a, &first, t(9, 0)).await.expect("record");
    let statuses = db.kiosk_statuses().await.expect("statuses");
    assert_eq!(
        statuses
            .iter()
            .map(|s| s.kiosk.id.as_str())
            .collect::<Vec<_>>(),
        vec![a.as_str(), b.as_str()]
    );
    let kept = statuses[0].health.clone().expect("a's report");
    assert_eq!((kept.received_at, &kept.health), (t(9, 0), &first));
    assert_eq!(statuses[1].health, None);

    let next = KioskHealth {
        printer: PrinterHealth::NotConfigured,
        paper_low: false,
        unsent: 0,
        oldest_unsent_secs: None,
        disk_free_bytes: None,
        ..first.clone()
    };
    db.record_health(&a, &next, t(9, 5)).await.expect("replace");
    // Sizes past the schema's 64 signed bits are kept as the largest it holds.
    let huge = KioskHealth {
        disk_free_bytes: Some(u64::MAX),
        ..next.clone()
    };
    db.record_health(&b, &huge, t(9, 6))
        .await
        .expect("record b");
    let statuses = db.kiosk_statuses().await.expect("statuses");
    let a_now = statuses[0].health.clone().expect("a's report");
    assert_eq!((a_now.received_at, a_now.health), (t(9, 5), next));
    let b_now = statuses[1].health.clone().expect("b's report");
    assert_eq!(b_now.health.disk_free_bytes, Some(i64::MAX as u64));

    let err = db
        .record_health("no-such-kiosk", &first, t(9, 0))
        .await
        .expect_err("unknown kiosk");
    assert_eq!(err.code(), codes::NOT_FOUND);
    assert_eq!(db.kiosk_statuses().await.expect("statuses").len(), 2);
}
on_both!(each_kiosks_last_health_report_is_kept);

async fn cancelling_frees_the_place(engine: Engine) {
    let tdb = open(engine).await;
    let db = &tdb.db;
    let (k, block) = kiosk(db, "lobby", 20).await;
    let (other, _) = kiosk(db, "other", 5).await;
    let date = day(7);
    let first = item(1, block.first, date, PlaceSource::Direct, "FIN0001");
    let second = item(2, block.first + 1, date, PlaceSource::Direct, "FIN0002");
    assert_eq!(push(db, &k, &first, 1).await, PushOutcome::Accepted);
    assert_eq!(
        refusal_code(&push(db, &k, &second, 1).await),
        Some(codes::NO_PLACE_LEFT)
    );
    // The policy: one active booking per official.
    let again = item(3, block.first + 2, day(9), PlaceSource::Direct, "FIN0001");
    assert_eq!(
        refusal_code(&push(db, &k, &again, 1).await),
        Some(codes::POLICY)
    );

    let id = first.booking.booking_id;
    let citizen = proof("FIN0001", "AA1234567");
    // Another citizen's card, or this citizen's FİN with another document.
    for wrong in [proof("FIN0002", "AA1234567"), proof("FIN0001", "AA0000000")] {
        let err = db
            .cancel(&k, id, &wrong, t(10, 0))
            .await
            .expect_err("someone else's");
        assert_eq!(err.code(), codes::CITIZEN_MISMATCH, "{wrong:?}");
    }
    let err = db
        .cancel(&k, id, &proof("FIN1", "AA1234567"), t(10, 0))
        .await
        .expect_err("malformed");
    assert_eq!(err.code(), codes::BAD_REQUEST);
    let err = db
        .cancel(&k, Uuid::now_v7(), &citizen, t(10, 0))
        .await
        .expect_err("unknown");
    assert_eq!(err.code(), codes::NOT_FOUND);
    // Any kiosk may cancel for the citizen whose card is in its reader.
    db.cancel(&other, id, &proof(" fin0001 ", "aa1234567"), t(10, 0))
        .await
        .expect("cancel");
    let err = db
        .cancel(&k, id, &citizen, t(10, 1))
        .await
        .expect_err("twice");
    assert!(matches!(err, DbError::AlreadyCancelled(_)));
    assert_eq!(err.code(), codes::ALREADY_CANCELLED);
    assert_eq!(
        db.booking(id).await.expect("read").expect("kept").status,
        BookingStatus::Cancelled
    );
    assert_eq!(assert_accounting(db, date).await.taken, 0);

    // The freed place goes to the next citizen; the first may book again.
    assert_eq!(push(db, &k, &second, 1).await, PushOutcome::Accepted);
    assert_eq!(push(db, &k, &again, 1).await, PushOutcome::Accepted);

    // A lease booking's place goes back to that kiosk's lease.
    db.grant_leases(&k, &[want(day(8), 3)], 2, t(18, 0), t(9, 0))
        .await
        .expect("grant");
    let leased = item(4, block.first + 3, day(8), PlaceSource::Lease, "FIN0003");
    assert_eq!(push(db, &k, &leased, 3).await, PushOutcome::Accepted);
    assert_eq!(assert_accounting(db, day(8)).await.leased_unused, 1);
    // The authority cancels it (the admin CLI): same freeing rule.
    db.set_status(
        leased.booking.booking_id,
        BookingStatus::Cancelled,
        Some("Müraciətçi gəlmədi"),
        t(11, 0),
    )
    .await
    .expect("cancel by the authority");
    let lease = db
        .grant_leases(&k, &[want(day(8), 3)], 0, t(18, 0), t(11, 1))
        .await
        .expect("read");
    assert_eq!((lease[0].places, lease[0].used), (2, 0));
    let cap = assert_accounting(db, day(8)).await;
    assert_eq!((cap.taken, cap.leased, cap.direct), (2, 2, 0));
    assert_eq!(
        cap.leased_unused, 2,
        "the cancelled booking's place is free in the lease"
    );
    let err = db
        .set_status(
            leased.booking.booking_id,
            BookingStatus::Booked,
            None,
            t(11, 2),
        )
        .await
        .expect_err("a cancelled booking is not reopened");
    assert_eq!(err.code(), codes::ALREADY_CANCELLED);
}
on_both!(cancelling_frees_the_place);

async fn updates_come_in_cursor_order(engine: Engine) {
    let tdb = open(engine).await;
    let db = &tdb.db;
    let (k, block) = kiosk(db, "lobby", 20).await;
    let (other, other_block) = kiosk(db, "other", 20).await;
    let items: Vec<_> = (0..3)
        .map(|i| {
            item(
                i.into(),
                block.first + i,
                day(7),
                PlaceSource::Direct,
                &format!("FIN000{i}"),
            )
        })
        .collect();
    for it in &items {
        assert_eq!(push(db, &k, it, 10).await, PushOutcome::Accepted);
    }
    let theirs = item(1, other_block.first, day(7), PlaceSource::Direct, "FINXXXX");
    assert_eq!(push(db, &other, &theirs, 10).await, PushOutcome::Accepted);
    let b0 = items[0].booking.booking_id;
    // Made at the other kiosk, the comment still goes to the feed of the kiosk that booked.
    db.add_comment(
        &other,
        b0,
        Uuid::now_v7(),
        &proof("FIN0000", "AA1234567"),
        "Sənədlər əlavə olunacaq",
        t(10, 0),
    )
    .await
    .expect("comment");
    let err = db
        .add_comment(
            &other,
            b0,
            Uuid::now_v7(),
            &proof("FINXXXX", "AA1234567"),
            "x",
            t(10, 0),
        )
        .await
        .expect_err("not theirs");
    assert_eq!(err.code(), codes::CITIZEN_MISMATCH);
    db.set_status(b0, BookingStatus::InReview, Some("Baxılır"), t(11, 0))
        .await
        .expect("status");
    db.cancel(
        &k,
        items[1].booking.booking_id,
        &proof("FIN0001", "AA1234567"),
        t(12, 0),
    )
    .await
    .expect("cancel");

    let all = db.updates(&k, 0, 100).await.expect("updates");
    let cursors: Vec<u64> = all.events.iter().map(|e| e.cursor).collect();
    assert_eq!(cursors, (1..=7).collect::<Vec<u64>>());
    assert_eq!(all.next, 7);
    let kinds: Vec<EventKind> = all.events.iter().map(|e| e.kind).collect();
    use EventKind::*;
    assert_eq!(
        kinds,
        [
            Received,
            Received,
            Received,
            Comment,
            StatusChanged,
            Reply,
            Cancelled
        ]
    );
    assert_eq!(
        all.events[3].text.as_deref(),
        Some("Sənədlər əlavə olunacaq")
    );
    assert_eq!(all.events[5].text.as_deref(), Some("Baxılır"));
    assert_eq!(all.events[5].status, BookingStatus::InReview);

    // Paging.
    let page = db.updates(&k, 2, 2).await.expect("page");
    assert_eq!(
        page.events.iter().map(|e| e.cursor).collect::<Vec<_>>(),
        [3, 4]
    );
    assert_eq!(page.next, 4);
    let end = db.updates(&k, 7, 10).await.expect("end");
    assert_eq!((end.events.len(), end.next), (0, 7));
    // The other kiosk sees only its own booking.
    let theirs_feed = db.updates(&other, 0, 100).await.expect("theirs");
    assert_eq!(theirs_feed.events.len(), 1);
    assert_eq!(theirs_feed.events[0].booking_id, theirs.booking.booking_id);
}
on_both!(updates_come_in_cursor_order);

async fn a_sealed_notice_checks_against_its_kiosks_key_and_the_booking(engine: Engine) {
    use qebul_protocol::{public_key_hex, NoticeSeal, SigningKey};
    use qebul_server::notices::{check_notice, NoticeCheckError};
    let tdb = open(engine).await;
    let db = &tdb.db;
    let (kiosk_id, block) = kiosk(db, "sealing", 10).await;
    let key = SigningKey::from_bytes(&[9; 32]);
    let booked = item(1, block.first, day(7), PlaceSource::Direct, "5ZK7Q2M");
    let seal = NoticeSeal {
        kiosk: kiosk_id.clone(),
        booking: booked.booking.booking_id,
        number: qebul_core::numbering::ApplicationNumber::new(block.first)
            .expect("number")
            .displayed(),
        reception_date: day(7),
        official: OFFICIAL.into(),
    };
    let text = seal.sign(&key).expect("seal");

    let err = check_notice(db, &text).await.unwrap_err();
    assert!(matches!(err, NoticeCheckError::NoKey(_)), "{err}");
    db.set_notice_key(&kiosk_id, &public_key_hex(&key.verifying_key()))
        .await
        .expect("key");
    // Printed offline: genuine, not on the server yet.
    let checked = check_notice(db, &text).await.expect("genuine");
    assert_eq!(
        (checked.seal.clone(), checked.on_server.clone()),
        (seal.clone(), None)
    );
    assert_eq!(push(db, &kiosk_id, &booked, 5).await, PushOutcome::Accepted);
    let on = check_notice(db, &text)
        .await
        .expect("genuine")
        .on_server
        .expect("pushed");
    assert!(on.matches);
    assert_eq!(on.status, qebul_protocol::api::BookingStatus::Booked);

    let altered = text.replacen(&format!(".{}.", seal.number), ".10009999.", 1);
    assert!(matches!(
        check_notice(db, &altered).await.unwrap_err(),
        NoticeCheckError::Seal(qebul_protocol::SealError::BadSignature { .. })
    ));
    let stranger = NoticeSeal {
        kiosk: "no-such-kiosk".into(),
        ..seal
    }
    .sign(&key)
    .expect("seal");
    assert!(matches!(
        check_notice(db, &stranger).await.unwrap_err(),
        NoticeCheckError::UnknownKiosk(_)
    ));
    assert!(matches!(
        check_notice(db, "https://example.az").await.unwrap_err(),
        NoticeCheckError::Seal(qebul_protocol::SealError::NotASeal)
    ));
}
on_both!(a_sealed_notice_checks_against_its_kiosks_key_and_the_booking);

async fn catalog_and_registry_round_trip(engine: Engine) {
    let tdb = open(engine).await;
    let db = &tdb.db;
    assert_eq!(db.latest_catalog().await.expect("read"), None);
    let v1 = SignedCatalog {
        body: r#"{"version":1}"#.into(),
        signature: "aa".into(),
    };
    let v2 = SignedCatalog {
        body: r#"{"version":2}"#.into(),
        signature: "bb".into(),
    };
    db.store_catalog(&v2, 2).await.expect("store");
    db.store_catalog(&v1, 1).await.expect("store");
    db.store_catalog(&v1, 1).await.expect("the same again");
    let err = db.store_catalog(&v2, 1).await.expect_err("another body");
    assert!(matches!(err, DbError::CatalogVersionTaken(1)));
    assert_eq!(db.latest_catalog().await.expect("read"), Some(v2));

    let entry = RegistryEntry {
        fin: "5ZX8K2P".into(),
        full_name: "ƏLİYEVA GÜLNAR ŞAHİN QIZI".into(),
        birth_date: NaiveDate::from_ymd_opt(1985, 3, 8).expect("date"),
        address: "Biləsuvar rayonu, Bəydili kəndi".into(),
    };
    db.put_registry(&[RegistryRecord::from(entry.clone())])
        .await
        .expect("put");
    let mut moved = entry.clone();
    moved.address = "Bakı".into();
    // The document number stays on the server: the wire entry is the same with or without it.
    let with_document = RegistryRecord {
        document_number: Some(" aa1234567 ".into()),
        ..RegistryRecord::from(moved.clone())
    };
    db.put_registry(&[with_document]).await.expect("replace");
    assert_eq!(db.registry("5ZX8K2P").await.expect("read"), Some(moved));
    assert_eq!(db.registry("0000000").await.expect("read"), None);
}
on_both!(catalog_and_registry_round_trip);

/// Reopening runs no migration twice and keeps the data.
async fn reopening_keeps_everything(engine: Engine) {
    let tdb = open(engine).await;
    let (k, block) = kiosk(&tdb.db, "lobby", 5).await;
    let it = item(1, block.first, day(7), PlaceSource::Direct, "FINONE");
    assert_eq!(push(&tdb.db, &k, &it, 3).await, PushOutcome::Accepted);
    let again = ServerDb::open(&tdb.target).await.expect("reopen");
    assert_eq!(again.count_bookings().await.expect("count"), 1);
    assert_eq!(push(&again, &k, &it, 3).await, PushOutcome::Duplicate);
}
on_both!(reopening_keeps_everything);

// --- the citizen at any kiosk (issue 15) ----------------------------------------------------

const FIN: &str = "5ZK7Q2M";
const CARD: &str = "AA1234567";

fn minutes_after(at: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
    at + TimeDelta::minutes(minutes)
}

fn history_of(outcome: HistoryOutcome) -> Vec<qebul_protocol::api::Application> {
    match outcome {
        HistoryOutcome::Answered(applications) => applications,
        other => panic!("not answered: {other:?}"),
    }
}

/// Both kiosks' applications of one citizen, newest first with their whole timelines, to that
/// citizen only; the registry's document outranks the bookings'; every request is recorded.
async fn history_shows_a_citizen_every_kiosks_applications(engine: Engine) {
    let tdb = open(engine).await;
    let db = &tdb.db;
    let (a, block_a) = kiosk(db, "a", 10).await;
    let (b, block_b) = kiosk(db, "b", 10).await;
    let older = item_at(1, block_a.first, day(7), FIN, t(9, 0));
    // From b's lease: the policy (one active booking per official) holds for direct ones.
    let mut newer = item_at(1, block_b.first, day(8), FIN, t(9, 30));
    newer.booking.place = PlaceSource::Lease;
    db.grant_leases(&b, &[want(day(8), 5)], 1, t(18, 0), t(9, 0))
        .await
        .expect("lease");
    let someone_else = item_at(2, block_a.first + 1, day(7), "2HQ9R4T", t(9, 45));
    for (k, it) in [(&a, &older), (&b, &newer), (&a, &someone_else)] {
        assert_eq!(push(db, k, it, 10).await, PushOutcome::Accepted);
    }
    // Kiosk b comments on kiosk a's booking: its event is part of that booking's timeline.
    db.add_comment(
        &b,
        older.booking.booking_id,
        Uuid::now_v7(),
        &proof(FIN, CARD),
        "Gecikə bilərəm",
        t(10, 0),
    )
    .await
    .expect("comment");
    let limit = RateLimit::default();
    let ask = |kiosk: String, fin: &'static str, doc: &'static str, at: DateTime<Utc>| {
        let db = db.clone();
        async move {
            db.history(&kiosk, Some(&proof(fin, doc)), limit, at)
                .await
                .expect("history")
        }
    };

    // The registry does not know this FİN's document: their bookings' document decides.
    for k in [&a, &b] {
        let apps = history_of(ask(k.clone(), FIN, CARD, t(11, 0)).await);
        let ids: Vec<Uuid> = apps.iter().map(|x| x.booking.booking_id).collect();
        assert_eq!(ids, [newer.booking.booking_id, older.booking.booking_id]);
        assert_eq!(apps[0].kiosk_id, b);
        assert_eq!(apps[1].kiosk_id, a);
        assert_eq!(apps[1].booking, older.booking, "the booking as stored");
        assert_eq!(apps[1].status, BookingStatus::Booked);
        let kinds: Vec<EventKind> = apps[1].events.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [EventKind::Received, EventKind::Comment]);
        assert_eq!(apps[1].events[1].text.as_deref(), Some("Gecikə bilərəm"));
        assert_eq!(apps[1].events[0].at, t(9, 5));
        assert_eq!(apps[0].events.len(), 1);
    }
    // Spaces and case do not matter; another document does.
    assert_eq!(
        history_of(ask(a.clone(), " 5zk7q2m", " aa1234567 ", t(11, 1)).await).len(),
        2
    );
    assert_eq!(
        ask(a.clone(), FIN, "AA7654321", t(11, 2)).await,
        HistoryOutcome::Mismatch
    );
    // A FİN the server knows nothing of: nothing to show, nothing to leak.
    assert_eq!(
        ask(a.clone(), "0000000", "AA0000000", t(11, 3)).await,
        HistoryOutcome::Answered(vec![])
    );
    for malformed in ["12", "ABC DEF1"] {
        assert!(
            matches!(
                ask(a.clone(), malformed, CARD, t(11, 4)).await,
                HistoryOutcome::Malformed(_)
            ),
            "{malformed}"
        );
    }
    let unreadable = db
        .history(&a, None, limit, t(11, 5))
        .await
        .expect("history");
    assert!(matches!(unreadable, HistoryOutcome::Malformed(_)));

    // The citizen's new card is in the registry now: the old card no longer proves them.
    db.put_registry(&[RegistryRecord {
        fin: FIN.into(),
        full_name: "ABDULLAYEVA GÖHƏR NOVRUZ QIZI".into(),
        birth_date: NaiveDate::from_ymd_opt(1980, 3, 5).expect("date"),
        address: "Biləsuvar".into(),
        document_number: Some("AB7777777".into()),
    }])
    .await
    .expect("registry");
    assert_eq!(
        ask(a.clone(), FIN, CARD, t(11, 6)).await,
        HistoryOutcome::Mismatch
    );
    assert_eq!(
        history_of(ask(a.clone(), FIN, "ab7777777", t(11, 7)).await).len(),
        2
    );

    let log = db.history_log(&a).await.expect("log");
    let outcomes: Vec<&str> = log.iter().map(|r| r.outcome.as_str()).collect();
    assert_eq!(
        outcomes,
        [
            "answered",
            "answered",
            "mismatch",
            "answered",
            "malformed",
            "malformed",
            "malformed",
            "mismatch",
            "answered"
        ]
    );
    let fins: Vec<&str> = log.iter().map(|r| r.fin.as_str()).collect();
    assert_eq!(
        fins,
        [FIN, FIN, FIN, "0000000", "12", "ABC DEF1", "", FIN, FIN]
    );
    assert!(log.iter().all(|r| r.kiosk_id == a));
    assert_eq!(log[0].at, t(11, 0));
    assert_eq!(db.history_log(&b).await.expect("log").len(), 1);
}
on_both!(history_shows_a_citizen_every_kiosks_applications);

/// A kiosk over its rate is refused until its oldest counted request leaves the window; the
/// refusals themselves do not count, and other kiosks are not slowed.
async fn history_requests_are_rate_limited_per_kiosk(engine: Engine) {
    let tdb = open(engine).await;
    let db = &tdb.db;
    let (a, _) = kiosk(db, "a", 1).await;
    let (b, _) = kiosk(db, "b", 1).await;
    let limit = RateLimit {
        max: 2,
        per: std::time::Duration::from_secs(60),
    };
    let start = t(10, 0);
    let at = |secs: i64| start + TimeDelta::seconds(secs);
    let ask = |kiosk: &str, when: DateTime<Utc>, fin: &str| {
        let (db, kiosk, p) = (db.clone(), kiosk.to_owned(), proof(fin, CARD));
        async move {
            db.history(&kiosk, Some(&p), limit, when)
                .await
                .expect("history")
        }
    };
    assert_eq!(ask(&a, at(0), FIN).await, HistoryOutcome::Answered(vec![]));
    // A refused request counts: a kiosk cannot walk through FİNs by guessing documents.
    assert!(matches!(
        ask(&a, at(1), "X").await,
        HistoryOutcome::Malformed(_)
    ));
    assert_eq!(
        ask(&a, at(10), FIN).await,
        HistoryOutcome::RateLimited {
            retry_after: std::time::Duration::from_secs(50)
        }
    );
    assert_eq!(ask(&b, at(10), FIN).await, HistoryOutcome::Answered(vec![]));
    assert_eq!(
        ask(&a, at(30), FIN).await,
        HistoryOutcome::RateLimited {
            retry_after: std::time::Duration::from_secs(30)
        }
    );
    // At 60 s the first request has left the window; the one at 1 s has not yet.
    assert_eq!(ask(&a, at(60), FIN).await, HistoryOutcome::Answered(vec![]));
    assert!(matches!(
        ask(&a, at(60), FIN).await,
        HistoryOutcome::RateLimited { .. }
    ));
    let outcomes: Vec<String> = db
        .history_log(&a)
        .await
        .expect("log")
        .into_iter()
        .map(|r| r.outcome)
        .collect();
    assert_eq!(
        outcomes,
        [
            "answered",
            "malformed",
            "rate-limited",
            "rate-limited",
            "answered",
            "rate-limited"
        ]
    );
}
on_both!(history_requests_are_rate_limited_per_kiosk);

/// The citizen cancels at another kiosk: the place comes back, the kiosk that booked hears of
/// it; a closed booking, or one whose day has passed, stays as it is.
async fn a_citizen_cancels_only_what_can_still_be_cancelled(engine: Engine) {
    let tdb = open(engine).await;
    let db = &tdb.db;
    let (maker, block) = kiosk(db, "maker", 10).await;
    let (elsewhere, _) = kiosk(db, "elsewhere", 1).await;
    db.grant_leases(&maker, &[want(day(7), 5)], 3, t(18, 0), t(9, 0))
        .await
        .expect("lease");
    let leased = item(1, block.first, day(7), PlaceSource::Lease, FIN);
    // Another citizen's: the policy allows one active booking per official.
    let closed = item(2, block.first + 1, day(8), PlaceSource::Direct, "3KD8V5N");
    let today_one = item(3, block.first + 2, today(), PlaceSource::Lease, "2HQ9R4T");
    db.grant_leases(&maker, &[want(today(), 5)], 1, t(18, 0), t(9, 0))
        .await
        .expect("lease");
    for it in [&leased, &closed, &today_one] {
        assert_eq!(push(db, &maker, it, 5).await, PushOutcome::Accepted);
    }
    let citizen = proof(FIN, CARD);

    db.cancel(&elsewhere, leased.booking.booking_id, &citizen, t(10, 0))
        .await
        .expect("cancelled at another kiosk");
    let lease = db
        .grant_leases(&maker, &[want(day(7), 5)], 0, t(18, 0), t(10, 1))
        .await
        .expect("read");
    assert_eq!(
        (lease[0].places, lease[0].used),
        (3, 0),
        "the place is the maker's again"
    );
    assert_eq!(assert_accounting(db, day(7)).await.taken, 3);
    let feed = db.updates(&maker, 0, 100).await.expect("updates");
    let last = feed.events.last().expect("events");
    assert_eq!(
        (last.booking_id, last.kind, last.status),
        (
            leased.booking.booking_id,
            EventKind::Cancelled,
            BookingStatus::Cancelled
        )
    );
    assert!(db
        .updates(&elsewhere, 0, 100)
        .await
        .expect("updates")
        .events
        .is_empty());
    let err = db
        .cancel(&elsewhere, leased.booking.booking_id, &citizen, t(10, 2))
        .await
        .expect_err("twice");
    assert_eq!(err.code(), codes::ALREADY_CANCELLED);

    db.set_status(
        closed.booking.booking_id,
        BookingStatus::Closed,
        None,
        t(10, 3),
    )
    .await
    .expect("closed by the authority");
    let err = db
        .cancel(
            &elsewhere,
            closed.booking.booking_id,
            &proof("3KD8V5N", CARD),
            t(10, 4),
        )
        .await
        .expect_err("closed");
    assert_eq!(err.code(), codes::NOT_CANCELLABLE);
    assert!(matches!(err, DbError::NotCancellable { .. }));

    // Its reception day is today in Baku: still cancellable; tomorrow it is past.
    let other_citizen = proof("2HQ9R4T", CARD);
    let tomorrow = minutes_after(t(9, 0), 24 * 60);
    let err = db
        .cancel(
            &maker,
            today_one.booking.booking_id,
            &other_citizen,
            tomorrow,
        )
        .await
        .expect_err("past");
    assert_eq!(err.code(), codes::NOT_CANCELLABLE);
    // 23:30 UTC on the 5th is 03:30 on the 6th in Baku: the reception day itself.
    let baku_today = Utc
        .with_ymd_and_hms(2015, 4, 5, 23, 30, 0)
        .single()
        .expect("time");
    db.cancel(
        &maker,
        today_one.booking.booking_id,
        &other_citizen,
        baku_today,
    )
    .await
    .expect("cancel on the day");
    assert_eq!(
        db.booking(closed.booking.booking_id)
            .await
            .expect("read")
            .expect("kept")
            .status,
        BookingStatus::Closed
    );
}
on_both!(a_citizen_cancels_only_what_can_still_be_cancelled);

/// A comment is stored once per idempotency key, on a cancelled booking too, in the timeline
/// of the kiosk that booked.
async fn a_comment_is_stored_once_per_key(engine: Engine) {
    let tdb = open(engine).await;
    let db = &tdb.db;
    let (maker, block) = kiosk(db, "maker", 10).await;
    let (elsewhere, _) = kiosk(db, "elsewhere", 1).await;
    let booked = item(1, block.first, day(7), PlaceSource::Direct, FIN);
    assert_eq!(push(db, &maker, &booked, 5).await, PushOutcome::Accepted);
    let id = booked.booking.booking_id;
    let citizen = proof(FIN, CARD);
    db.cancel(&elsewhere, id, &citizen, t(10, 0))
        .await
        .expect("cancel");
    let key = Uuid::now_v7();
    let comment = |key: Uuid, p: CitizenProof, at| {
        let db = db.clone();
        let k = elsewhere.clone();
        async move { db.add_comment(&k, id, key, &p, "Xəstələndim", at).await }
    };
    assert!(comment(key, citizen.clone(), t(10, 1))
        .await
        .expect("stored"));
    assert!(!comment(key, citizen.clone(), t(10, 2))
        .await
        .expect("replayed"));
    let err = comment(Uuid::now_v7(), proof(FIN, "AA0000000"), t(10, 3))
        .await
        .expect_err("wrong card");
    assert_eq!(err.code(), codes::CITIZEN_MISMATCH);
    let err = db
        .add_comment(
            &elsewhere,
            Uuid::now_v7(),
            Uuid::now_v7(),
            &citizen,
            "x",
            t(10, 3),
        )
        .await
        .expect_err("unknown booking");
    assert_eq!(err.code(), codes::NOT_FOUND);
    let comments: Vec<_> = db
        .updates(&maker, 0, 100)
        .await
        .expect("updates")
        .events
        .into_iter()
        .filter(|e| e.kind == EventKind::Comment)
        .collect();
    assert_eq!(comments.len(), 1);
    assert_eq!(
        (
            comments[0].text.as_deref(),
            comments[0].status,
            comments[0].at
        ),
        (Some("Xəstələndim"), BookingStatus::Cancelled, t(10, 1))
    );
    // The key of one action cannot be spent on another.
    let other = item(2, block.first + 1, day(8), PlaceSource::Direct, FIN);
    assert_eq!(push(db, &maker, &other, 5).await, PushOutcome::Accepted);
    let err = db
        .add_comment(
            &maker,
            other.booking.booking_id,
            key,
            &citizen,
            "x",
            t(10, 4),
        )
        .await
        .expect_err("key reused");
    assert_eq!(err.code(), codes::BAD_REQUEST);
}
on_both!(a_comment_is_stored_once_per_key);

/// 10:00 on the 7th in Baku.
fn reception_morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2015, 4, 7, 6, 0, 0)
        .single()
        .expect("time")
}

fn barcode(number: u32, created: NaiveDate, reception: NaiveDate) -> BarcodePayload {
    BarcodePayload::new(
        ApplicationNumber::new(number).expect("number"),
        created,
        reception,
    )
}

/// Check-ins: once per booking, with the place in the official's line for the day; another
/// day, a cancelled booking or a barcode that is not the booking's are answers, not check-ins.
async fn arrivals_check_in_once_with_the_place_in_line(engine: Engine) {
    let tdb = open(engine).await;
    let db = &tdb.db;
    let (maker, block) = kiosk(db, "maker", 10).await;
    let (lobby, _) = kiosk(db, "lobby", 1).await;
    let n = |i: u32| block.first + i;
    // Made in this order: first, dropped (cancelled later), second, third.
    let first = item_at(1, n(0), day(7), "FIN0001", t(9, 0));
    let dropped = item_at(2, n(1), day(7), "FIN0002", t(9, 5));
    let second = item_at(3, n(2), day(7), "FIN0003", t(9, 10));
    let third = item_at(4, n(3), day(7), "FIN0004", t(9, 20));
    let another_day = item_at(5, n(4), day(8), "FIN0005", t(9, 30));
    for it in [&first, &dropped, &second, &third, &another_day] {
        assert_eq!(push(db, &maker, it, 10).await, PushOutcome::Accepted);
    }
    db.cancel(
        &maker,
        dropped.booking.booking_id,
        &proof("FIN0002", CARD),
        t(10, 0),
    )
    .await
    .expect("cancel");
    let made = today(); // t(9, _) is the 6th in Baku too.
    let arrive = |payload: BarcodePayload, key: Uuid, at: DateTime<Utc>| {
        let (db, lobby) = (db.clone(), lobby.clone());
        async move {
            db.arrival(&lobby, &payload, key, at)
                .await
                .expect("arrival")
        }
    };

    let key = Uuid::now_v7();
    let checked = arrive(barcode(n(3), made, day(7)), key, reception_morning()).await;
    assert_eq!(
        checked,
        ArrivalOutcome::CheckedIn {
            booking_id: third.booking.booking_id,
            official_id: OFFICIAL.into(),
            reception_date: day(7),
            place_in_line: 3,
            first: true,
        }
    );
    // Again, from another request: nothing new. The same request again: the same answer.
    let later = minutes_after(reception_morning(), 5);
    let again = arrive(barcode(n(3), made, day(7)), Uuid::now_v7(), later).await;
    assert!(
        matches!(
            again,
            ArrivalOutcome::CheckedIn {
                first: false,
                place_in_line: 3,
                ..
            }
        ),
        "{again:?}"
    );
    assert_eq!(
        arrive(barcode(n(3), made, day(7)), key, later).await,
        checked
    );
    let arrived: Vec<_> = db
        .updates(&maker, 0, 100)
        .await
        .expect("updates")
        .events
        .into_iter()
        .filter(|e| e.kind == EventKind::Arrived)
        .collect();
    assert_eq!(arrived.len(), 1, "{arrived:?}");
    assert_eq!(
        (arrived[0].booking_id, arrived[0].at, arrived[0].status),
        (
            third.booking.booking_id,
            reception_morning(),
            BookingStatus::Booked
        )
    );
    assert!(db
        .updates(&lobby, 0, 100)
        .await
        .expect("updates")
        .events
        .is_empty());
    assert_eq!(
        db.booking(third.booking.booking_id)
            .await
            .expect("read")
            .expect("kept")
            .status,
        BookingStatus::Booked,
        "arriving changes no status"
    );

    // The first citizen cancels: the second is first in line.
    db.cancel(
        &maker,
        first.booking.booking_id,
        &proof("FIN0001", CARD),
        t(10, 1),
    )
    .await
    .expect("cancel");
    assert!(matches!(
        arrive(
            barcode(n(2), made, day(7)),
            Uuid::now_v7(),
            reception_morning()
        )
        .await,
        ArrivalOutcome::CheckedIn {
            place_in_line: 1,
            first: true,
            ..
        }
    ));
    assert_eq!(
        arrive(
            barcode(n(4), made, day(8)),
            Uuid::now_v7(),
            reception_morning()
        )
        .await,
        ArrivalOutcome::OtherDay {
            booking_id: another_day.booking.booking_id,
            official_id: OFFICIAL.into(),
            reception_date: day(8),
        }
    );
    assert_eq!(
        arrive(
            barcode(n(1), made, day(7)),
            Uuid::now_v7(),
            reception_morning()
        )
        .await,
        ArrivalOutcome::Cancelled {
            booking_id: dropped.booking.booking_id,
            official_id: OFFICIAL.into(),
            reception_date: day(7),
        }
    );
    // The barcode's days are not this booking's: not its notice.
    for wrong in [
        barcode(n(2), day(5), day(7)),
        barcode(n(2), made, day(9)),
        barcode(n(9), made, day(7)),
    ] {
        assert_eq!(
            arrive(wrong, Uuid::now_v7(), reception_morning()).await,
            ArrivalOutcome::Unknown,
            "{wrong}"
        );
    }
}
on_both!(arrivals_check_in_once_with_the_place_in_line);

/// A database made before migration 003 (timeline events, a registry entry) is migrated with
/// its data: the old events are still in the kiosk's feed, and the new kinds and columns work.
async fn migration_003_keeps_what_was_there(engine: Engine) {
    const SQLITE: [&str; 2] = [
        include_str!("../src/db/migrations/sqlite/001_initial.sql"),
        include_str!("../src/db/migrations/sqlite/002_notice_key.sql"),
    ];
    const POSTGRES: [&str; 2] = [
        include_str!("../src/db/migrations/postgres/001_initial.sql"),
        include_str!("../src/db/migrations/postgres/002_notice_key.sql"),
    ];
    // Valid in both dialects: text literals are read as timestamps, dates and UUIDs.
    const DATA: &str = "
        INSERT INTO kiosks (id, name, token_hash, created_at, enrolled_at, last_cursor)
            VALUES ('k1', 'old', 'token-old', '2015-04-06T08:00:00.000000Z',
                    '2015-04-06T08:00:00.000000Z', 2);
        INSERT INTO number_blocks (first, last, kiosk_id, granted_at)
            VALUES (1, 10, 'k1', '2015-04-06T08:00:00.000000Z');
        INSERT INTO day_capacity (official_id, reception_date, capacity, taken)
            VALUES ('isgenderov-sahin', '2015-04-07', 5, 1);
        INSERT INTO bookings (booking_id, idempotency_key, application_number, kiosk_id, seq,
            official_id, reception_date, created_at, place, topic_id, social_status_id,
            privilege_id, citizen_fin, citizen_name, document_number, birth_date, phone, email,
            workplace, position, address, note, status, received_at, updated_at)
            VALUES ('018f0000-0000-7000-8000-000000000001', '018f0000-0000-7000-8000-000000000002',
                1, 'k1', 1, 'isgenderov-sahin', '2015-04-07', '2015-04-06T09:00:00.000000Z',
                'direct', 'agriculture', 'entrepreneur', NULL, '5ZK7Q2M', 'X', 'AA1234567', NULL,
                '+994501234567', NULL, '', '', '-', '', 'booked', '2015-04-06T09:05:00.000000Z',
                '2015-04-06T09:05:00.000000Z');
        INSERT INTO timeline_events (kiosk_id, cursor, booking_id, at, kind, status, text) VALUES
            ('k1', 1, '018f0000-0000-7000-8000-000000000001', '2015-04-06T09:05:00.000000Z',
             'received', 'booked', NULL),
            ('k1', 2, '018f0000-0000-7000-8000-000000000001', '2015-04-06T09:06:00.000000Z',
             'comment', 'booked', 'köhnə');
        INSERT INTO registry (fin, full_name, birth_date, address)
            VALUES ('5ZK7Q2M', 'ABDULLAYEVA GÖHƏR NOVRUZ QIZI', '1980-03-05', 'Biləsuvar');";
    let (target, _dir) = match engine {
        Engine::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let target = dir.path().join("server.db").display().to_string();
            let conn = rusqlite::Connection::open(&target).expect("open");
            for sql in SQLITE {
                conn.execute_batch(sql).expect("old migration");
            }
            conn.execute_batch(DATA).expect("old data");
            // rusqlite_migration's version counter.
            conn.pragma_update(None, "user_version", 2)
                .expect("version");
            (target, Some(dir))
        }
        Engine::Postgres => {
            let target = fresh_pg_database().await;
            let (client, conn) = tokio_postgres::connect(&target, tokio_postgres::NoTls)
                .await
                .expect("connect");
            tokio::spawn(conn);
            for sql in POSTGRES {
                client.batch_execute(sql).await.expect("old migration");
            }
            client
                .batch_execute(
                    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,
                         applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
                     INSERT INTO schema_migrations (version) VALUES (1), (2);",
                )
                .await
                .expect("versions");
            client.batch_execute(DATA).await.expect("old data");
            (target, None)
        }
    };
    let db = ServerDb::open(&target).await.expect("migrated");
    let feed = db.updates("k1", 0, 100).await.expect("updates");
    let kinds: Vec<EventKind> = feed.events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EventKind::Received, EventKind::Comment]);
    assert_eq!(feed.events[1].text.as_deref(), Some("köhnə"));
    assert!(db.registry(FIN).await.expect("registry").is_some());
    // The new column and kind: an arrival on the day, in the old kiosk's feed after its events.
    let id = Uuid::parse_str("018f0000-0000-7000-8000-000000000001").expect("uuid");
    let checked = db
        .arrival(
            "k1",
            &barcode(1, today(), day(7)),
            Uuid::now_v7(),
            reception_morning(),
        )
        .await
        .expect("arrival");
    assert!(
        matches!(checked, ArrivalOutcome::CheckedIn { first: true, .. }),
        "{checked:?}"
    );
    let feed = db.updates("k1", 2, 100).await.expect("updates");
    assert_eq!(
        (
            feed.events.len(),
            feed.events[0].cursor,
            feed.events[0].booking_id,
            feed.events[0].kind
        ),
        (1, 3, id, EventKind::Arrived)
    );
    let apps = history_of(
        db.history(
            "k1",
            Some(&proof(FIN, CARD)),
            RateLimit::default(),
            t(12, 0),
        )
        .await
        .expect("history"),
    );
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].events.len(), 3);
}
on_both!(migration_003_keeps_what_was_there);
