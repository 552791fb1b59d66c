//! The database layer against SQLite and a real PostgreSQL: each test runs on both.
//!
//! PostgreSQL: by default a throwaway cluster from `qebul-pg-fixture` (Debian's `postgresql`
//! package), started once for this test binary; set `QEBUL_TEST_PG_URL` to a superuser URL
//! (`postgres://postgres@127.0.0.1:5432/postgres`) to use a running server instead. Every test
//! gets a database of its own.
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_protocol::api::{
    codes, BookingStatus, BookingWire, CitizenWire, EventKind, NumberBlock, PlaceSource, PushItem,
    PushOutcome, RegistryEntry,
};
use qebul_protocol::SignedCatalog;
use qebul_server::db::{DbError, LeaseWant, ServerDb};
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

async fn cancelling_frees_the_place(engine: Engine) {
    let tdb = open(engine).await;
    let db = &tdb.db;
    let (k, block) = kiosk(db, "lobby", 20).await;
    let (other, _) = kiosk(db, "other", 5).await;
    let date = day(7);
    let first = item(1, block.first, date, PlaceSource::Direct, "FINONE");
    let second = item(2, block.first + 1, date, PlaceSource::Direct, "FINTWO");
    assert_eq!(push(db, &k, &first, 1).await, PushOutcome::Accepted);
    assert_eq!(
        refusal_code(&push(db, &k, &second, 1).await),
        Some(codes::NO_PLACE_LEFT)
    );
    // The policy: one active booking per official.
    let again = item(3, block.first + 2, day(9), PlaceSource::Direct, "FINONE");
    assert_eq!(
        refusal_code(&push(db, &k, &again, 1).await),
        Some(codes::POLICY)
    );

    let id = first.booking.booking_id;
    let err = db
        .cancel(&other, id, t(10, 0))
        .await
        .expect_err("someone else's");
    assert_eq!(err.code(), codes::NOT_FOUND);
    let err = db
        .cancel(&k, Uuid::now_v7(), t(10, 0))
        .await
        .expect_err("unknown");
    assert_eq!(err.code(), codes::NOT_FOUND);
    db.cancel(&k, id, t(10, 0)).await.expect("cancel");
    let err = db.cancel(&k, id, t(10, 1)).await.expect_err("twice");
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
    let leased = item(4, block.first + 3, day(8), PlaceSource::Lease, "FINTHREE");
    assert_eq!(push(db, &k, &leased, 3).await, PushOutcome::Accepted);
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
                &format!("FIN{i}"),
            )
        })
        .collect();
    for it in &items {
        assert_eq!(push(db, &k, it, 10).await, PushOutcome::Accepted);
    }
    let theirs = item(1, other_block.first, day(7), PlaceSource::Direct, "FINX");
    assert_eq!(push(db, &other, &theirs, 10).await, PushOutcome::Accepted);
    let b0 = items[0].booking.booking_id;
    db.add_comment(&k, b0, "Sənədlər əlavə olunacaq", t(10, 0))
        .await
        .expect("comment");
    let err = db
        .add_comment(&other, b0, "x", t(10, 0))
        .await
        .expect_err("not theirs");
    assert_eq!(err.code(), codes::NOT_FOUND);
    db.set_status(b0, BookingStatus::InReview, Some("Baxılır"), t(11, 0))
        .await
        .expect("status");
    db.cancel(&k, items[1].booking.booking_id, t(12, 0))
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
    db.put_registry(std::slice::from_ref(&entry))
        .await
        .expect("put");
    let mut moved = entry.clone();
    moved.address = "Bakı".into();
    db.put_registry(std::slice::from_ref(&moved))
        .await
        .expect("replace");
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
