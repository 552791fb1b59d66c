//! A database at every earlier schema version, with data, migrates to the latest and keeps it.
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_store::key::{open_connection, DbKey};
use qebul_store::{migrations, BookingRequest, PrintState, Store, SCHEMA_VERSION};
use rusqlite::params;
use uuid::Uuid;

fn at_version(path: &std::path::Path, key: &DbKey, version: usize) -> rusqlite::Connection {
    let mut conn = open_connection(path, key).unwrap();
    migrations().to_version(&mut conn, version).unwrap();
    conn
}

#[test]
fn the_migrations_are_valid_and_reach_the_latest_version() {
    migrations().validate().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::random_for_tests();
    let path = dir.path().join("k.db");
    let store = Store::open(&path, &key).unwrap();
    let version: i64 = store
        .connection()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version as usize, SCHEMA_VERSION);
}

#[test]
fn an_empty_database_at_version_0_migrates_and_books() {
    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::random_for_tests();
    let path = dir.path().join("k.db");
    drop(at_version(&path, &key, 0));
    let mut store = Store::open(&path, &key).unwrap();
    let day = NaiveDate::from_ymd_opt(2025, 3, 12).unwrap();
    let now = Utc.with_ymd_and_hms(2025, 3, 3, 8, 0, 0).unwrap();
    store
        .grant_lease("o", day, 1, now + Duration::days(1))
        .unwrap();
    store.grant_numbers(1, 1).unwrap();
    let req = BookingRequest {
        language: qebul_core::Lang::Az,
        document_kind: qebul_core::DocumentKind::IdCard,
        official_id: "o".into(),
        reception_date: day,
        citizen_fin: "F".into(),
        citizen_name: "N".into(),
        document_number: "D".into(),
        birth_date: None,
        phone: "+994501112233".into(),
        email: None,
        workplace: String::new(),
        position: String::new(),
        address: String::new(),
        note: String::new(),
        topic_id: "t".into(),
        social_status_id: "s".into(),
        privilege_id: None,
    };
    store.book(&req, now, &BookingPolicy::default()).unwrap();
}

#[test]
fn a_version_1_database_with_data_migrates_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::random_for_tests();
    let path = dir.path().join("k.db");
    let printed = Uuid::now_v7();
    let queued = Uuid::now_v7();
    {
        let conn = at_version(&path, &key, 1);
        conn.execute_batch(
            "INSERT INTO catalog_cache VALUES (1, 9, x'0102', '{\"officials\":[]}', '2025-03-01T00:00:00.000000Z');
             INSERT INTO capacity_leases VALUES ('o', '2025-03-12', 5, 2, '2025-03-05T00:00:00.000000Z');
             INSERT INTO number_blocks (first, last, next) VALUES (100, 199, 102);",
        )
        .unwrap();
        for (id, number, state) in [(printed, 100, "printed"), (queued, 101, "queued")] {
            let id = id.to_string();
            conn.execute(
                "INSERT INTO bookings (id, application_number, official_id, reception_date,
                     created_at, topic_id, social_status_id, citizen_name, citizen_fin, phone)
                 VALUES (?1, ?2, 'o', '2025-03-12', '2025-03-02T09:00:00.000000Z', 't', 's',
                     'Ad Soyad', 'FIN', '+994501112233')",
                params![id, number],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO booking_events (booking_id, at, kind) VALUES (?1, '2025-03-02T09:00:00.000000Z', 'booked')",
                [&id],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO outbox (idempotency_key, booking_id, payload, next_attempt_at)
                 VALUES (?1, ?2, '{}', '2025-03-02T09:00:00.000000Z')",
                params![Uuid::now_v7().to_string(), id],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO print_jobs (booking_id, state, attempts) VALUES (?1, ?2, 1)",
                params![id, state],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO comments (booking_id, at, author, body) VALUES (?1, '2025-03-02T10:00:00.000000Z', 'r', 'ok')",
            [printed.to_string()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO audit_log (at, receptionist, action, booking_id) VALUES ('2025-03-02T10:00:00.000000Z', 'r', 'reprint', ?1)",
            [printed.to_string()],
        )
        .unwrap();
    }

    let mut store = Store::open(&path, &key).unwrap();
    assert!(store.integrity_check().unwrap());
    let b = store.booking(printed).unwrap().unwrap();
    assert_eq!(b.number, 100);
    assert_eq!(b.citizen_name.as_deref(), Some("Ad Soyad"));
    let p = store.print_job_for(printed).unwrap().unwrap();
    assert_eq!(p.state, PrintState::Printed);
    // Version 2 gives a job printed under version 1 a printed time.
    assert_eq!(p.printed_at, Some(b.created_at));
    let q = store.print_job_for(queued).unwrap().unwrap();
    assert_eq!((q.state, q.printed_at), (PrintState::Queued, None));
    assert!(store.outbox_entry_for(queued).unwrap().is_some());
    assert_eq!(store.catalog().unwrap().unwrap().version, 9);
    assert_eq!(store.numbers_left().unwrap(), 98);
    let counts: (i64, i64) = store
        .connection()
        .query_row(
            "SELECT (SELECT count(*) FROM comments), (SELECT count(*) FROM audit_log)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(counts, (1, 1));

    // And the migrated store keeps working: the lease's 3 remaining places, numbers from 102.
    store.start_printing(q.id, Utc::now()).unwrap();
    let req = BookingRequest {
        language: qebul_core::Lang::Az,
        document_kind: qebul_core::DocumentKind::IdCard,
        official_id: "o".into(),
        reception_date: NaiveDate::from_ymd_opt(2025, 3, 12).unwrap(),
        citizen_fin: "OTHER".into(),
        citizen_name: "N".into(),
        document_number: "D".into(),
        birth_date: None,
        phone: "+994501112233".into(),
        email: None,
        workplace: String::new(),
        position: String::new(),
        address: String::new(),
        note: String::new(),
        topic_id: "t".into(),
        social_status_id: "s".into(),
        privilege_id: None,
    };
    let now = Utc.with_ymd_and_hms(2025, 3, 3, 8, 0, 0).unwrap();
    let booked = store.book(&req, now, &BookingPolicy::default()).unwrap();
    assert_eq!(booked.number, 102);
}

#[test]
fn a_version_4_booking_keeps_being_pushed_and_reads_as_azerbaijani_on_an_id_card() {
    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::random_for_tests();
    let path = dir.path().join("k.db");
    let booking = Uuid::now_v7();
    let entry = Uuid::now_v7();
    {
        let conn = at_version(&path, &key, 4);
        conn.execute(
            "INSERT INTO bookings (id, application_number, official_id, reception_date,
                 created_at, topic_id, social_status_id, citizen_name, citizen_fin,
                 document_number, phone, workplace, position, address, note)
             VALUES (?1, 7, 'o', '2025-03-12', '2025-03-02T09:00:00.000000Z', 't', 's',
                 'Ad Soyad', 'FIN0001', 'AA1234567', '+994501112233', '', '', 'Bakı', '')",
            [booking.to_string()],
        )
        .unwrap();
        // As version 4 wrote it: without `place`, which the sync added when sending.
        let payload = serde_json::json!({
            "booking_id": booking,
            "application_number": 7,
            "official_id": "o",
            "reception_date": "2025-03-12",
            "created_at": "2025-03-02T09:00:00.000000Z",
            "topic_id": "t",
            "social_status_id": "s",
            "privilege_id": null,
            "citizen": {
                "fin": "FIN0001", "name": "Ad Soyad", "document_number": "AA1234567",
                "birth_date": null, "phone": "+994501112233", "email": null,
                "workplace": "", "position": "", "address": "Bakı", "note": ""
            }
        });
        conn.execute(
            "INSERT INTO outbox (idempotency_key, booking_id, payload, next_attempt_at)
             VALUES (?1, ?2, ?3, '2025-03-02T09:00:00.000000Z')",
            params![entry.to_string(), booking.to_string(), payload.to_string()],
        )
        .unwrap();
    }
    let store = Store::open(&path, &key).unwrap();
    let stored = store.booking(booking).unwrap().unwrap();
    assert_eq!(stored.language, qebul_core::Lang::Az);
    assert_eq!(stored.document_kind, qebul_core::DocumentKind::IdCard);
    let now = Utc.with_ymd_and_hms(2025, 3, 3, 8, 0, 0).unwrap();
    let batch = store.push_batch(now, 10).unwrap();
    assert!(batch.unreadable.is_empty(), "{:?}", batch.unreadable);
    assert_eq!(batch.items.len(), 1);
    assert_eq!(
        batch.items[0].booking.place,
        qebul_protocol::api::PlaceSource::Lease
    );
    assert_eq!(batch.items[0].booking.citizen.address, "Bakı");
}
