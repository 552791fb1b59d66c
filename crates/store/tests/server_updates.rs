//! What the server says back, applied to a real SQLCipher store: lease grants, timeline events,
//! local cancellations and comments, the outbox as push items and the push results, the signed
//! catalog and the sync state.
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_protocol::api::{
    BookingStatus, EventKind, Lease, LeaseGrant, NumberBlock, PlaceSource, PushOutcome, PushResult,
    TimelineEvent, UpdatesResponse,
};
use qebul_store::key::DbKey;
use qebul_store::{
    AuthProblemKind, Booked, BookingRequest, EventApplied, Store, StoreError,
    KIOSK_UNREADABLE_PAYLOAD,
};
use uuid::Uuid;

#[path = "support/booking_request.rs"]
mod booking_request;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 8, 30, 0).unwrap()
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 12).unwrap()
}

fn request(fin: &str, official: &str) -> BookingRequest {
    booking_request::booking_request(fin, official, day())
}

fn other_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 13).unwrap()
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kiosk.db"), &DbKey::random_for_tests()).unwrap();
    (dir, store)
}

fn lease(official: &str, date: NaiveDate, places: u32) -> Lease {
    Lease {
        official_id: official.into(),
        reception_date: date,
        places,
        used: 0,
        ends_at: now() + Duration::days(2),
    }
}

fn grant(leases: Vec<Lease>, numbers: Option<(u32, u32)>) -> LeaseGrant {
    LeaseGrant {
        server_time: now(),
        leases,
        numbers: numbers.map(|(first, last)| NumberBlock { first, last }),
    }
}

/// A store with a lease of `places` for off-1 on day() and numbers 1000..=1999.
fn ready(places: u32) -> (tempfile::TempDir, Store) {
    let (dir, mut store) = open();
    store
        .apply_lease_grant(
            &grant(vec![lease("off-1", day(), places)], Some((1000, 1999))),
            now(),
        )
        .unwrap();
    (dir, store)
}

fn book(store: &mut Store, fin: &str) -> Booked {
    store
        .book(&request(fin, "off-1"), now(), &BookingPolicy::default())
        .unwrap()
}

/// (granted, used) of a lease.
fn lease_row(store: &Store, official: &str, date: NaiveDate) -> (u32, u32) {
    store
        .connection()
        .query_row(
            "SELECT granted, used FROM capacity_leases WHERE official_id = ?1 AND reception_date = ?2",
            rusqlite::params![official, date],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

fn event(cursor: u64, booking: Uuid, kind: EventKind, status: BookingStatus) -> TimelineEvent {
    TimelineEvent {
        cursor,
        booking_id: booking,
        at: now() + Duration::minutes(cursor as i64),
        kind,
        status,
        text: None,
    }
}

fn status(store: &Store, booking: Uuid) -> String {
    store.booking(booking).unwrap().unwrap().status
}

// ---- sync state ----

#[test]
fn a_new_store_has_an_empty_sync_state() {
    let (_dir, store) = open();
    let state = store.sync_state().unwrap();
    assert_eq!(state, qebul_store::SyncState::default());
}

#[test]
fn an_auth_problem_is_kept_with_its_first_time_until_a_sync_succeeds() {
    let (_dir, mut store) = open();
    store
        .record_auth_problem(AuthProblemKind::Revoked, "kiosk k1 has been revoked", now())
        .unwrap();
    store
        .record_auth_problem(
            AuthProblemKind::Revoked,
            "kiosk k1 has been revoked",
            now() + Duration::hours(1),
        )
        .unwrap();
    let problem = store.sync_state().unwrap().auth_problem.unwrap();
    assert_eq!(problem.kind, AuthProblemKind::Revoked);
    assert_eq!(problem.since, now());
    assert_eq!(problem.message, "kiosk k1 has been revoked");
    // A different problem starts its own time.
    store
        .record_auth_problem(
            AuthProblemKind::Unauthorized,
            "unknown token",
            now() + Duration::hours(2),
        )
        .unwrap();
    let problem = store.sync_state().unwrap().auth_problem.unwrap();
    assert_eq!(problem.kind, AuthProblemKind::Unauthorized);
    assert_eq!(problem.since, now() + Duration::hours(2));

    store
        .record_sync_success(now() + Duration::hours(3))
        .unwrap();
    let state = store.sync_state().unwrap();
    assert_eq!(state.auth_problem, None);
    assert_eq!(state.last_success_at, Some(now() + Duration::hours(3)));
}

#[test]
fn the_signed_catalog_is_kept_byte_for_byte_with_its_etag() {
    let (_dir, mut store) = open();
    let body = r#"{"version":7,  "officials":[],"authority":{"id":"a","name":"Ə"}}"#;
    store
        .save_signed_catalog(7, &[1, 2, 3], body, "\"abc\"", now())
        .unwrap();
    assert_eq!(
        store.signed_catalog_text().unwrap(),
        Some((body.to_owned(), vec![1, 2, 3]))
    );
    assert_eq!(
        store.sync_state().unwrap().catalog_etag.as_deref(),
        Some("\"abc\"")
    );
    let cached = store.catalog().unwrap().unwrap();
    assert_eq!(cached.version, 7);
    assert_eq!(cached.received_at, now());
    // Not JSON: refused by the schema, and the previous catalog and ETag stay.
    assert!(store
        .save_signed_catalog(8, &[9], "{not json", "\"def\"", now())
        .is_err());
    assert_eq!(store.catalog().unwrap().unwrap().version, 7);
    assert_eq!(
        store.sync_state().unwrap().catalog_etag.as_deref(),
        Some("\"abc\"")
    );
}

// ---- lease grants ----

#[test]
fn a_grant_records_leases_numbers_and_the_lease_clock_anchor() {
    let (_dir, mut store) = open();
    let mut g = grant(
        vec![lease("off-1", day(), 5), lease("off-2", other_day(), 3)],
        Some((1, 100)),
    );
    g.server_time = now() + Duration::minutes(10);
    let applied = store.apply_lease_grant(&g, now()).unwrap();
    assert_eq!(applied.leases, 2);
    assert!(applied.numbers_added);
    assert_eq!(lease_row(&store, "off-1", day()), (5, 0));
    assert_eq!(lease_row(&store, "off-2", other_day()), (3, 0));
    assert_eq!(store.numbers_left().unwrap(), 100);
    let state = store.sync_state().unwrap();
    assert_eq!(state.server_time, Some(now() + Duration::minutes(10)));
    // The kiosk's clock was behind the server's: the anchor is the later one.
    assert_eq!(state.lease_anchor_at, Some(now() + Duration::minutes(10)));
    // The same block again is no change.
    let again = store.apply_lease_grant(&g, now()).unwrap();
    assert!(!again.numbers_added);
    assert_eq!(store.numbers_left().unwrap(), 100);
}

#[test]
fn the_monotonic_reading_belongs_to_its_anchor_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.db");
    let key = DbKey::from_bytes([7; 32]);
    let mut store = Store::open(&path, &key).unwrap();
    let g = grant(vec![lease("off-1", day(), 5)], Some((1, 100)));
    store
        .apply_lease_grant_read_at(&g, now(), Some("boot-1/5000"))
        .unwrap();
    drop(store);
    let mut store = Store::open(&path, &key).unwrap();
    let state = store.sync_state().unwrap();
    assert_eq!(state.lease_anchor_reading.as_deref(), Some("boot-1/5000"));
    assert_eq!(state.lease_anchor_at, Some(now()));
    // A newer grant moves the anchor: the old reading no longer belongs to it.
    store
        .apply_lease_grant(&g, now() + Duration::hours(1))
        .unwrap();
    assert_eq!(store.sync_state().unwrap().lease_anchor_reading, None);
}

#[test]
fn a_new_grant_replaces_places_and_keeps_what_is_used() {
    let (_dir, mut store) = ready(5);
    book(&mut store, "1AAAAAA");
    book(&mut store, "2BBBBBB");
    assert_eq!(lease_row(&store, "off-1", day()), (5, 2));

    let applied = store
        .apply_lease_grant(&grant(vec![lease("off-1", day(), 8)], None), now())
        .unwrap();
    assert_eq!(applied.kept_at_used, 0);
    assert_eq!(lease_row(&store, "off-1", day()), (8, 2));

    // Smaller than what is used: kept at used, so nothing more can be booked.
    let applied = store
        .apply_lease_grant(&grant(vec![lease("off-1", day(), 1)], None), now())
        .unwrap();
    assert_eq!(applied.kept_at_used, 1);
    assert_eq!(lease_row(&store, "off-1", day()), (2, 2));
    let err = store
        .book(
            &request("3CCCCCC", "off-1"),
            now(),
            &BookingPolicy::default(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "no-place-left");
}

#[test]
fn a_lease_the_grant_no_longer_lists_shrinks_to_what_is_used() {
    let (_dir, mut store) = ready(5);
    book(&mut store, "1AAAAAA");
    let applied = store
        .apply_lease_grant(&grant(vec![lease("off-2", other_day(), 4)], None), now())
        .unwrap();
    assert_eq!(applied.withdrawn, 1);
    assert_eq!(lease_row(&store, "off-1", day()), (1, 1));
    assert_eq!(lease_row(&store, "off-2", other_day()), (4, 0));
}

#[test]
fn an_overlapping_number_block_refuses_the_whole_grant() {
    let (_dir, mut store) = ready(5);
    let err = store
        .apply_lease_grant(
            &grant(vec![lease("off-1", day(), 9)], Some((1500, 2500))),
            now(),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidGrant(_)), "{err}");
    // Nothing of it was applied.
    assert_eq!(lease_row(&store, "off-1", day()), (5, 0));
    assert_eq!(store.numbers_left().unwrap(), 1000);
}

// ---- timeline events ----

#[test]
fn events_set_the_status_join_the_timeline_and_apply_once() {
    let (_dir, mut store) = ready(5);
    let b = book(&mut store, "1AAAAAA");
    let received = event(1, b.id, EventKind::Received, BookingStatus::Booked);
    let mut review = event(2, b.id, EventKind::StatusChanged, BookingStatus::InReview);
    review.text = Some("Baxılır".into());
    assert_eq!(
        store.apply_timeline_event(&received).unwrap(),
        EventApplied::Applied
    );
    assert_eq!(
        store.apply_timeline_event(&review).unwrap(),
        EventApplied::Applied
    );
    assert_eq!(status(&store, b.id), "held");
    assert_eq!(
        store.apply_timeline_event(&review).unwrap(),
        EventApplied::AlreadyApplied
    );
    let timeline = store.timeline(b.id).unwrap();
    let kinds: Vec<_> = timeline.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["booked", "received", "status_changed"]);
    assert_eq!(timeline[2].detail.as_deref(), Some("Baxılır"));
    assert_eq!(timeline[2].server_cursor, Some(2));
    assert_eq!(store.sync_state().unwrap().updates_cursor, 2);

    let mut closed = event(3, b.id, EventKind::Reply, BookingStatus::Closed);
    closed.text = Some("Müraciətiniz təmin edildi".into());
    store.apply_timeline_event(&closed).unwrap();
    assert_eq!(status(&store, b.id), "closed");
}

#[test]
fn a_cancellation_on_the_server_gives_the_place_back_once() {
    let (_dir, mut store) = ready(2);
    let b = book(&mut store, "1AAAAAA");
    book(&mut store, "2BBBBBB");
    assert_eq!(lease_row(&store, "off-1", day()), (2, 2));
    let cancelled = event(5, b.id, EventKind::Cancelled, BookingStatus::Cancelled);
    store.apply_timeline_event(&cancelled).unwrap();
    assert_eq!(status(&store, b.id), "cancelled");
    assert_eq!(lease_row(&store, "off-1", day()), (2, 1));
    // Replayed: nothing more.
    store.apply_timeline_event(&cancelled).unwrap();
    assert_eq!(lease_row(&store, "off-1", day()), (2, 1));
    // A later event naming another status does not bring it back (nor take a place again).
    store
        .apply_timeline_event(&event(
            6,
            b.id,
            EventKind::StatusChanged,
            BookingStatus::Booked,
        ))
        .unwrap();
    assert_eq!(status(&store, b.id), "cancelled");
    assert_eq!(lease_row(&store, "off-1", day()), (2, 1));
    // The place can be booked again.
    book(&mut store, "3CCCCCC");
    assert_eq!(lease_row(&store, "off-1", day()), (2, 2));
}

#[test]
fn a_comment_event_goes_to_the_comments() {
    let (_dir, mut store) = ready(2);
    let b = book(&mut store, "1AAAAAA");
    let mut c = event(3, b.id, EventKind::Comment, BookingStatus::Booked);
    c.text = Some("Sənədlərin surətini gətirin".into());
    store.apply_timeline_event(&c).unwrap();
    store.apply_timeline_event(&c).unwrap();
    let comments = store.comments(b.id).unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, "Sənədlərin surətini gətirin");
    assert_eq!(comments[0].author, "server");
    assert_eq!(comments[0].server_cursor, Some(3));
    assert_eq!(
        store.timeline(b.id).unwrap().len(),
        1,
        "only the booking's own event"
    );
}

#[test]
fn events_of_unknown_bookings_are_ignored_and_counted_once() {
    let (_dir, mut store) = ready(2);
    let stranger = Uuid::now_v7();
    let e = event(9, stranger, EventKind::Received, BookingStatus::Booked);
    assert_eq!(
        store.apply_timeline_event(&e).unwrap(),
        EventApplied::UnknownBooking
    );
    assert_eq!(
        store.apply_timeline_event(&e).unwrap(),
        EventApplied::AlreadyApplied
    );
    let state = store.sync_state().unwrap();
    assert_eq!(state.ignored_events, 1);
    assert_eq!(state.updates_cursor, 9);
}

#[test]
fn an_updates_page_applies_in_one_go_and_stores_its_next() {
    let (_dir, mut store) = ready(3);
    let a = book(&mut store, "1AAAAAA");
    let b = book(&mut store, "2BBBBBB");
    let page = UpdatesResponse {
        events: vec![
            event(1, a.id, EventKind::Received, BookingStatus::Booked),
            event(2, b.id, EventKind::Received, BookingStatus::Booked),
            event(
                3,
                Uuid::now_v7(),
                EventKind::Received,
                BookingStatus::Booked,
            ),
            event(4, b.id, EventKind::Cancelled, BookingStatus::Cancelled),
        ],
        next: 10,
    };
    let done = store.apply_updates(&page).unwrap();
    assert_eq!(
        (done.applied, done.already_applied, done.unknown_booking),
        (3, 0, 1)
    );
    assert_eq!(store.sync_state().unwrap().updates_cursor, 10);
    assert_eq!(lease_row(&store, "off-1", day()), (3, 1));
    // The same page again changes nothing; an older `next` does not move the cursor back.
    let again = store
        .apply_updates(&UpdatesResponse { next: 4, ..page })
        .unwrap();
    assert_eq!(again.applied, 0);
    assert_eq!(store.sync_state().unwrap().updates_cursor, 10);
    assert_eq!(lease_row(&store, "off-1", day()), (3, 1));
}

// ---- local cancellation and comments ----

#[test]
fn a_local_cancellation_gives_the_place_back_and_its_echo_confirms_it() {
    let (_dir, mut store) = ready(2);
    let b = book(&mut store, "1AAAAAA");
    assert!(store.record_local_cancellation(b.id, now()).unwrap());
    assert!(!store.record_local_cancellation(b.id, now()).unwrap());
    assert_eq!(status(&store, b.id), "cancelled");
    assert_eq!(lease_row(&store, "off-1", day()), (2, 0));
    // The server's timeline echoes it: one cancelled entry, now confirmed; no second place back.
    store
        .apply_timeline_event(&event(
            7,
            b.id,
            EventKind::Cancelled,
            BookingStatus::Cancelled,
        ))
        .unwrap();
    let timeline = store.timeline(b.id).unwrap();
    let cancelled: Vec<_> = timeline.iter().filter(|e| e.kind == "cancelled").collect();
    assert_eq!(cancelled.len(), 1);
    assert_eq!(cancelled[0].server_cursor, Some(7));
    assert_eq!(lease_row(&store, "off-1", day()), (2, 0));

    assert!(matches!(
        store.record_local_cancellation(Uuid::now_v7(), now()),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn a_local_comment_is_confirmed_by_its_echo() {
    let (_dir, mut store) = ready(2);
    let b = book(&mut store, "1AAAAAA");
    store
        .add_local_comment(b.id, "receptionist", "Zəng edin\r\n", now())
        .unwrap();
    let mut echo = event(4, b.id, EventKind::Comment, BookingStatus::Booked);
    echo.text = Some("Zəng edin".into());
    store.apply_timeline_event(&echo).unwrap();
    let comments = store.comments(b.id).unwrap();
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(comments[0].author, "receptionist");
    assert_eq!(comments[0].server_cursor, Some(4));
    assert!(matches!(
        store.add_local_comment(Uuid::now_v7(), "r", "x", now()),
        Err(StoreError::NotFound(_))
    ));
}

// ---- the outbox as push items, and push results ----

#[test]
fn the_outbox_goes_up_as_lease_bookings_in_sequence_order() {
    let (_dir, mut store) = ready(5);
    let a = book(&mut store, "1AAAAAA");
    let b = book(&mut store, "2BBBBBB");
    let c = book(&mut store, "3CCCCCC");
    let batch = store.push_batch(now(), 2).unwrap();
    assert!(batch.unreadable.is_empty());
    assert_eq!(batch.items.len(), 2);
    let first = &batch.items[0];
    assert_eq!(first.idempotency_key, a.outbox_key);
    assert_eq!(batch.items[1].idempotency_key, b.outbox_key);
    assert!(first.seq < batch.items[1].seq);
    let wire = &first.booking;
    assert_eq!(wire.booking_id, a.id);
    assert_eq!(wire.application_number, a.number);
    assert_eq!(wire.place, PlaceSource::Lease);
    assert_eq!(wire.official_id, "off-1");
    assert_eq!(wire.reception_date, day());
    assert_eq!(wire.created_at, now());
    assert_eq!(wire.citizen.fin, "1AAAAAA");
    assert_eq!(
        wire.citizen.birth_date,
        NaiveDate::from_ymd_opt(1980, 5, 17)
    );
    assert_eq!(wire.citizen.email.as_deref(), Some("ali@example.az"));
    assert_eq!(store.push_batch(now(), 10).unwrap().items.len(), 3);
    let _ = c;
    assert_eq!(store.outbox_counts().unwrap().pending, 3);
}

#[test]
fn push_results_deliver_refuse_or_are_ignored() {
    let (_dir, mut store) = ready(5);
    let a = book(&mut store, "1AAAAAA");
    let b = book(&mut store, "2BBBBBB");
    let c = book(&mut store, "3CCCCCC");
    let batch = store.push_batch(now(), 10).unwrap();
    let seq = |i: usize| batch.items[i].seq;
    let later = now() + Duration::minutes(1);
    let results = vec![
        PushResult {
            seq: seq(0),
            idempotency_key: a.outbox_key,
            outcome: PushOutcome::Accepted,
        },
        PushResult {
            seq: seq(1),
            idempotency_key: b.outbox_key,
            outcome: PushOutcome::Duplicate,
        },
        PushResult {
            seq: seq(2),
            idempotency_key: c.outbox_key,
            outcome: PushOutcome::Refused {
                code: "no-lease".into(),
                message: "no lease held".into(),
            },
        },
        // Not ours, and a key whose seq disagrees.
        PushResult {
            seq: 999,
            idempotency_key: Uuid::now_v7(),
            outcome: PushOutcome::Accepted,
        },
        PushResult {
            seq: seq(0) + 100,
            idempotency_key: c.outbox_key,
            outcome: PushOutcome::Accepted,
        },
    ];
    let done = store.apply_push_results(&results, later).unwrap();
    assert_eq!((done.delivered, done.refused, done.unknown), (2, 1, 2));

    for booked in [a, b] {
        let entry = store.outbox_entry_for(booked.id).unwrap().unwrap();
        assert_eq!(entry.delivered_at, Some(later));
        assert_eq!(
            store.booking(booked.id).unwrap().unwrap().acknowledged_at,
            Some(later)
        );
    }
    let refused = store.outbox_entry_for(c.id).unwrap().unwrap();
    assert_eq!(refused.delivered_at, None);
    assert_eq!(
        refused.last_error.as_deref(),
        Some("no-lease: no lease held")
    );
    assert_eq!(store.booking(c.id).unwrap().unwrap().acknowledged_at, None);

    // Nothing is offered again, even far in the future.
    let far = now() + Duration::days(3650);
    assert!(store.push_batch(far, 10).unwrap().is_empty());
    assert!(store.pending(far, 10).unwrap().is_empty());
    let counts = store.outbox_counts().unwrap();
    assert_eq!((counts.pending, counts.refused), (0, 1));
    let listed = store.refused_entries().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].booking_id, c.id);
    assert_eq!(listed[0].application_number, c.number);
    assert_eq!(listed[0].code, "no-lease");
    assert_eq!(listed[0].refused_at, later);

    // Retention never erases the refused booking (the server does not have it).
    assert_eq!(store.erase_personal_data(far, 30).unwrap(), 2);
    assert!(store.booking(c.id).unwrap().unwrap().citizen_fin.is_some());

    // Applying the same answer again changes nothing.
    let again = store.apply_push_results(&results, far).unwrap();
    assert_eq!(again.refused, 0);
    assert_eq!(
        store.outbox_entry_for(a.id).unwrap().unwrap().delivered_at,
        Some(later)
    );
}

#[test]
fn an_unreadable_payload_is_refused_locally_and_does_not_block_the_rest() {
    let (_dir, mut store) = ready(5);
    let a = book(&mut store, "1AAAAAA");
    let b = book(&mut store, "2BBBBBB");
    store
        .connection()
        .execute(
            "UPDATE outbox SET payload = '{\"booking_id\":1}' WHERE booking_id = ?1",
            [a.id.to_string()],
        )
        .unwrap();
    let batch = store.push_batch(now(), 10).unwrap();
    assert_eq!(batch.items.len(), 1);
    assert_eq!(batch.items[0].idempotency_key, b.outbox_key);
    assert_eq!(batch.unreadable.len(), 1);
    assert_eq!(batch.unreadable[0].key, a.outbox_key);
    store
        .apply_push_results(&batch.unreadable_results(), now())
        .unwrap();
    let listed = store.refused_entries().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].code, KIOSK_UNREADABLE_PAYLOAD);
    let batch = store.push_batch(now(), 10).unwrap();
    assert!(batch.unreadable.is_empty());
    assert_eq!(batch.items.len(), 1);
}
