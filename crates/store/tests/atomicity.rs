//! A failure injected after each statement of `book()` leaves no trace: every table is exactly as
//! it was, row for row.
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_store::key::DbKey;
use qebul_store::{BookError, BookingRequest, Store, BOOK_STEPS};
use rusqlite::types::Value;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 8, 30, 0).unwrap()
}

fn request(fin: &str) -> BookingRequest {
    BookingRequest {
        language: qebul_core::Lang::Az,
        document_kind: qebul_core::DocumentKind::IdCard,
        official_id: "off-1".into(),
        reception_date: NaiveDate::from_ymd_opt(2025, 3, 12).unwrap(),
        citizen_fin: fin.into(),
        citizen_name: "Məmmədova Günel".into(),
        document_number: "AZE01234567".into(),
        birth_date: None,
        phone: "+994551234567".into(),
        email: None,
        workplace: "-".into(),
        position: "-".into(),
        address: "Gəncə".into(),
        note: String::new(),
        topic_id: "t".into(),
        social_status_id: "s".into(),
        privilege_id: Some("p".into()),
    }
}

/// Every row of every table, in a fixed order.
fn snapshot(store: &Store) -> Vec<(String, Vec<Vec<Value>>)> {
    let conn = store.connection();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(tables.len() >= 9, "{tables:?}");
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
                .unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            (t, rows)
        })
        .collect()
}

#[test]
fn a_failure_after_any_statement_of_book_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("k.db"), &DbKey::random_for_tests()).unwrap();
    store
        .grant_lease(
            "off-1",
            NaiveDate::from_ymd_opt(2025, 3, 12).unwrap(),
            10,
            now() + Duration::days(1),
        )
        .unwrap();
    store.grant_numbers(1, 100).unwrap();
    let policy = BookingPolicy::default();
    // One committed booking first, so that every table has a row to disturb.
    store.book(&request("FIN0000"), now(), &policy).unwrap();

    let before = snapshot(&store);
    for step in 1..=BOOK_STEPS {
        let err = store
            .book_failing_after(step, &request("FIN0001"), now(), &policy)
            .unwrap_err();
        assert!(
            matches!(err, BookError::Injected(s) if s == step),
            "step {step}: {err:?}"
        );
        assert_eq!(
            snapshot(&store),
            before,
            "trace left by a failure after step {step}"
        );
    }
    // A step past the last one never fires: the booking commits and every table changes.
    let booked = store
        .book_failing_after(BOOK_STEPS + 1, &request("FIN0001"), now(), &policy)
        .unwrap();
    assert_eq!(booked.number, 2);
    let after = snapshot(&store);
    for ((table, rows_before), (_, rows_after)) in before.iter().zip(&after) {
        if [
            "bookings",
            "booking_events",
            "outbox",
            "print_jobs",
            "capacity_leases",
            "number_blocks",
        ]
        .contains(&table.as_str())
        {
            assert_ne!(
                rows_before, rows_after,
                "{table} unchanged by a committed booking"
            );
        }
    }
    assert!(store.integrity_check().unwrap());
}

#[test]
fn a_refusal_leaves_no_trace_either() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("k.db"), &DbKey::random_for_tests()).unwrap();
    store
        .grant_lease(
            "off-1",
            NaiveDate::from_ymd_opt(2025, 3, 12).unwrap(),
            5,
            now() + Duration::days(1),
        )
        .unwrap();
    // A place is taken before the number is found missing: both must roll back.
    let before = snapshot(&store);
    let err = store
        .book(&request("FIN0001"), now(), &BookingPolicy::default())
        .unwrap_err();
    assert!(matches!(err, BookError::NoNumbersLeft), "{err:?}");
    assert_eq!(snapshot(&store), before);
}
