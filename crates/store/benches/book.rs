//! `book()` beside a bare insert+commit of the same durability (SQLCipher with the store's cipher
//! settings, WAL, synchronous=FULL, on the same disk), in one run; prints the ratio and the pages
//! each writes to the WAL.
//!
//! The baseline is one row the size of a booking's row (its personal data included), with a
//! UUID key indexed as the bookings table's is: the least a durable booking could write.
//!
//! `cargo bench -p qebul-store --bench book`. Under `cargo test --benches` it returns at once.
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use criterion::Criterion;
use qebul_core::validation::BookingPolicy;
use qebul_store::key::{open_connection, DbKey};
use qebul_store::{BookingRequest, Store};
use rusqlite::Connection;

#[path = "../tests/support/booking_request.rs"]
mod booking_request;
#[path = "../tests/support/wal_pages.rs"]
mod wal_pages;
use wal_pages::wal_pages;

fn request(i: u64) -> BookingRequest {
    let day = NaiveDate::from_ymd_opt(2030, 3, 12).unwrap();
    booking_request::booking_request(&format!("F{i:06}"), "off-1", day)
}

fn median(mut v: Vec<StdDuration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e6
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    // On the crate's own disk (not a tmpfs /tmp), both databases side by side.
    let dir = tempfile::Builder::new()
        .prefix("book-bench")
        .tempdir_in(env!("CARGO_MANIFEST_DIR"))
        .unwrap();
    let key = DbKey::random_for_tests();
    let now = Utc.with_ymd_and_hms(2030, 3, 1, 9, 0, 0).unwrap();
    let store_path = dir.path().join("store.db");
    let mut store = Store::open(&store_path, &key).unwrap();
    store
        .grant_lease(
            "off-1",
            NaiveDate::from_ymd_opt(2030, 3, 12).unwrap(),
            u32::MAX / 2,
            now + Duration::days(30),
        )
        .unwrap();
    store.grant_numbers(1, u32::MAX / 2).unwrap();
    let policy = BookingPolicy::default();

    let bare_path = dir.path().join("bare.db");
    let mut bare = open_connection(&bare_path, &key).unwrap();
    bare.execute_batch(
        "CREATE TABLE t (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, row TEXT NOT NULL) STRICT",
    )
    .unwrap();
    let mut i = 0u64;
    let mut book_once = |store: &mut Store| {
        i += 1;
        store.book(&request(i), now, &policy).unwrap();
    };
    // As long as a booking's row (bytes of record per cell, by dbstat).
    book_once(&mut store);
    let row_len: i64 = store
        .connection()
        .query_row(
            "SELECT sum(payload) / sum(ncell) FROM dbstat WHERE name = 'bookings' AND pagetype = 'leaf'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let row = "x".repeat(usize::try_from(row_len - 40).unwrap_or(0));
    let bare_once = |bare: &mut Connection| {
        let tx = bare.transaction().unwrap();
        tx.execute(
            "INSERT INTO t (id, row) VALUES (?1, ?2)",
            [uuid::Uuid::now_v7().hyphenated().to_string(), row.clone()],
        )
        .unwrap();
        tx.commit().unwrap();
    };

    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(StdDuration::from_millis(500))
        .measurement_time(StdDuration::from_secs(3))
        .configure_from_args();
    c.bench_function("book", |b| b.iter(|| book_once(&mut store)));
    c.bench_function("bare insert+commit", |b| b.iter(|| bare_once(&mut bare)));

    // The ratio line: interleaved, so both see the same disk at the same time.
    let (mut booked, mut inserted) = (Vec::new(), Vec::new());
    for _ in 0..300 {
        let t = Instant::now();
        book_once(&mut store);
        booked.push(t.elapsed());
        let t = Instant::now();
        bare_once(&mut bare);
        inserted.push(t.elapsed());
    }
    let (x, y) = (median(booked), median(inserted));

    let book_pages = wal_pages(&mut store, Store::connection, &store_path, 200, |s| {
        book_once(s)
    });
    let bare_pages = wal_pages(&mut bare, |c| c, &bare_path, 200, |c| bare_once(c));
    println!("book() pages by B-tree: {}", book_pages.breakdown());
    println!("bare insert pages by B-tree: {}", bare_pages.breakdown());
    println!(
        "book(): {x:.0} µs, {:.1} pages; bare insert+commit baseline: {y:.0} µs, {:.1} pages; \
         ratio {:.1}x{}",
        book_pages.per_call,
        bare_pages.per_call,
        x / y,
        if x / y > 1.5 {
            " (above the 1.5x goal)"
        } else {
            " (within the 1.5x goal)"
        }
    );
    c.final_summary();
}
