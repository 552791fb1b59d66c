//! Pages `book()` writes: each is encrypted, MACed, appended to the WAL and synced, so they are
//! what a booking costs beside a bare insert+commit (benches/book.rs). Counted from the WAL's
//! frame headers, table by table, so that a new index or table on the booking's path shows here.
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_store::key::DbKey;
use qebul_store::{BookingRequest, Store};

#[path = "support/booking_request.rs"]
mod booking_request;
#[path = "support/wal_pages.rs"]
mod wal_pages;
use wal_pages::wal_pages;

fn request(i: u64) -> BookingRequest {
    let day = NaiveDate::from_ymd_opt(2030, 3, 12).unwrap();
    booking_request::booking_request(&format!("F{i:06}"), "off-1", day)
}

#[test]
fn a_booking_writes_few_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let mut store = Store::open(&path, &DbKey::random_for_tests()).unwrap();
    let now = Utc.with_ymd_and_hms(2030, 3, 1, 9, 0, 0).unwrap();
    let day = NaiveDate::from_ymd_opt(2030, 3, 12).unwrap();
    store
        .grant_lease("off-1", day, 10_000, now + Duration::days(30))
        .unwrap();
    store.grant_numbers(1, 10_000).unwrap();
    let policy = BookingPolicy::default();
    let mut i = 0;
    // Enough bookings first that every B-tree has interior pages, as on a kiosk in service.
    for _ in 0..300 {
        i += 1;
        store.book(&request(i), now, &policy).unwrap();
    }
    let pages = wal_pages(&mut store, Store::connection, &path, 100, |s| {
        i += 1;
        s.book(&request(i), now, &policy).unwrap();
    });
    println!(
        "{:.2} pages per booking: {}",
        pages.per_call,
        pages.breakdown()
    );
    // Today: 14 B-trees (each at least one page) and page 1 (the file's size) about every other
    // booking, plus splits: about 18 pages. A new index or table on the booking's path, or a row
    // that spills into overflow pages, shows here.
    let bound = 19.5;
    assert!(
        pages.per_call <= bound,
        "book() writes {:.2} pages (at most {bound}): {}",
        pages.per_call,
        pages.breakdown()
    );
    let trees: Vec<&str> = pages.by_tree.keys().map(String::as_str).collect();
    assert_eq!(
        trees,
        [
            "booking_events",
            "booking_events_by_booking",
            "bookings",
            "bookings_by_citizen",
            "capacity_leases",
            "number_blocks",
            "outbox",
            "outbox_pending",
            "print_jobs",
            "print_jobs_by_state",
            "sqlite_autoindex_bookings_1",
            "sqlite_autoindex_outbox_1",
            "sqlite_autoindex_outbox_2",
            "sqlite_autoindex_print_jobs_1",
            "sqlite_schema",
        ],
        "the B-trees a booking writes: {}",
        pages.breakdown()
    );
}
