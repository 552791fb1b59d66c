//! Offline refusals, the booking policy, the outbox, the print queue, reprints and retention.
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_core::Lang;
use qebul_l10n::book_error;
use qebul_store::key::{DbKey, OpenError};
use qebul_store::{BookError, BookingRequest, PrintState, Store, StoreError, INTERRUPTED_PRINT};

#[path = "support/booking_request.rs"]
mod booking_request;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 8, 30, 0).unwrap()
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 12).unwrap()
}

fn request(fin: &str) -> BookingRequest {
    booking_request::booking_request(fin, "off-1", day())
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kiosk.db"), &DbKey::random_for_tests()).unwrap();
    (dir, store)
}

fn ready(places: u32) -> (tempfile::TempDir, Store) {
    let (dir, mut store) = open();
    store
        .grant_lease("off-1", day(), places, now() + Duration::days(2))
        .unwrap();
    store.grant_numbers(1000, 1999).unwrap();
    (dir, store)
}

fn policy() -> BookingPolicy {
    BookingPolicy::default()
}

#[test]
fn a_booking_is_stored_with_its_event_outbox_entry_and_queued_print_job() {
    let (_dir, mut store) = ready(5);
    let booked = store.book(&request("5ABCDE1"), now(), &policy()).unwrap();
    assert_eq!(booked.number, 1000);
    assert_eq!(booked.id.get_version_num(), 7);
    assert_eq!(booked.outbox_key.get_version_num(), 7);

    let b = store.booking(booked.id).unwrap().unwrap();
    assert_eq!(b.number, 1000);
    assert_eq!(b.status, "booked");
    assert_eq!(b.citizen_fin.as_deref(), Some("5ABCDE1"));
    assert_eq!(b.citizen_name.as_deref(), Some("Əliyev Əli Vəli oğlu"));
    assert_eq!(b.birth_date, NaiveDate::from_ymd_opt(1980, 5, 17));
    assert_eq!(b.created_at, now());
    assert_eq!(b.acknowledged_at, None);

    let o = store.outbox_entry_for(booked.id).unwrap().unwrap();
    assert_eq!(o.key, booked.outbox_key);
    assert_eq!(o.attempts, 0);
    assert_eq!(o.delivered_at, None);
    assert_eq!(o.payload["application_number"], 1000);
    assert_eq!(o.payload["citizen"]["fin"], "5ABCDE1");

    let p = store.print_job_for(booked.id).unwrap().unwrap();
    assert_eq!(p.id, booked.print_job);
    assert_eq!(p.state, PrintState::Queued);

    let events: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM booking_events WHERE booking_id = ?1 AND kind = 'booked'",
            [booked.id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(events, 1);
    assert!(store.integrity_check().unwrap());
}

#[test]
fn numbers_are_consecutive_and_flow_into_the_next_block() {
    let (_dir, mut store) = open();
    store
        .grant_lease("off-1", day(), 10, now() + Duration::days(1))
        .unwrap();
    store.grant_numbers(10, 11).unwrap();
    store.grant_numbers(50, 50).unwrap();
    assert!(matches!(
        store.grant_numbers(11, 20),
        Err(StoreError::InvalidGrant(_))
    ));
    let numbers: Vec<u32> = (0..3)
        .map(|i| {
            store
                .book(&request(&format!("FIN000{i}")), now(), &policy())
                .unwrap()
                .number
        })
        .collect();
    assert_eq!(numbers, [10, 11, 50]);
    assert_eq!(store.numbers_left().unwrap(), 0);
}

#[test]
fn without_a_lease_the_day_cannot_be_booked_offline() {
    let (_dir, mut store) = open();
    store.grant_numbers(1, 100).unwrap();
    let err = store
        .book(&request("5ABCDE1"), now(), &policy())
        .unwrap_err();
    assert!(matches!(err, BookError::NoLease { .. }), "{err:?}");
    assert_eq!(err.code(), "no-lease");
    assert!(err
        .to_string()
        .contains("this day can only be booked online"));
    // The citizen is told what to do at this kiosk, not to go and book online.
    assert!(book_error(Lang::En, err.code()).contains("choose another date"));
    assert!(book_error(Lang::Az, err.code()).contains("Başqa tarix seçin"));
    assert!(book_error(Lang::Ru, err.code()).contains("Выберите другую дату"));
}

#[test]
fn an_expired_lease_is_not_spent() {
    let (_dir, mut store) = open();
    store.grant_numbers(1, 100).unwrap();
    store.grant_lease("off-1", day(), 3, now()).unwrap();
    let err = store
        .book(&request("5ABCDE1"), now(), &policy())
        .unwrap_err();
    assert!(matches!(err, BookError::NoLease { .. }), "{err:?}");
    // One microsecond before the end it still books.
    let booked = store.book(
        &request("5ABCDE1"),
        now() - Duration::microseconds(1),
        &policy(),
    );
    assert!(booked.is_ok(), "{booked:?}");
}

#[test]
fn a_spent_lease_refuses_and_writes_nothing() {
    let (_dir, mut store) = ready(1);
    store.book(&request("FIN0001"), now(), &policy()).unwrap();
    let err = store
        .book(&request("FIN0002"), now(), &policy())
        .unwrap_err();
    assert!(matches!(err, BookError::NoPlaceLeft { .. }), "{err:?}");
    assert!(book_error(Lang::En, err.code()).contains("no place left for this day"));
    assert_eq!(store.numbers_left().unwrap(), 999);
    // The server may not shrink the lease below what is used.
    assert!(matches!(
        store.grant_lease("off-1", day(), 0, now() + Duration::days(1)),
        Err(StoreError::InvalidGrant(_))
    ));
    store
        .grant_lease("off-1", day(), 2, now() + Duration::days(1))
        .unwrap();
    assert!(store.book(&request("FIN0002"), now(), &policy()).is_ok());
}

#[test]
fn no_numbers_left_refuses_and_keeps_the_place() {
    let (_dir, mut store) = open();
    store
        .grant_lease("off-1", day(), 5, now() + Duration::days(1))
        .unwrap();
    store.grant_numbers(7, 7).unwrap();
    store.book(&request("FIN0001"), now(), &policy()).unwrap();
    let err = store
        .book(&request("FIN0002"), now(), &policy())
        .unwrap_err();
    assert!(matches!(err, BookError::NoNumbersLeft), "{err:?}");
    assert!(book_error(Lang::Az, err.code()).contains("qəbul işçisinə"));
    let used: u32 = store
        .connection()
        .query_row("SELECT used FROM capacity_leases", [], |r| r.get(0))
        .unwrap();
    assert_eq!(used, 1);
}

#[test]
fn the_policy_limits_active_bookings_per_citizen_and_official() {
    let (_dir, mut store) = ready(10);
    store.book(&request("5ABCDE1"), now(), &policy()).unwrap();
    let err = store
        .book(&request("5ABCDE1"), now(), &policy())
        .unwrap_err();
    let BookError::Policy(refusal) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(refusal.active_dates, [day()]);
    assert_eq!(err.code(), "booking-limit-reached");
    // Another citizen may book; a looser policy lets the same citizen book again.
    store.book(&request("7XYZ123"), now(), &policy()).unwrap();
    let two = BookingPolicy {
        max_active_per_official: 2,
    };
    store.book(&request("5ABCDE1"), now(), &two).unwrap();
    // A booking whose day has passed is no longer active.
    let later = Utc.with_ymd_and_hms(2025, 3, 13, 8, 0, 0).unwrap();
    store
        .grant_lease(
            "off-1",
            day() + Duration::days(7),
            1,
            later + Duration::days(1),
        )
        .unwrap();
    let mut next_week = request("5ABCDE1");
    next_week.reception_date = day() + Duration::days(7);
    store.book(&next_week, later, &policy()).unwrap();
}

#[test]
fn the_outbox_retries_and_is_delivered_only_on_acknowledgement() {
    let (_dir, mut store) = ready(10);
    let a = store.book(&request("FIN0001"), now(), &policy()).unwrap();
    let b = store.book(&request("FIN0002"), now(), &policy()).unwrap();
    let pending = store.pending(now(), 10).unwrap();
    assert_eq!(
        pending.iter().map(|e| e.key).collect::<Vec<_>>(),
        [a.outbox_key, b.outbox_key]
    );
    assert!(pending[0].seq < pending[1].seq);
    assert_eq!(store.pending(now(), 1).unwrap().len(), 1);

    let retry_at = now() + Duration::minutes(5);
    store
        .record_failure(a.outbox_key, "connection refused", retry_at)
        .unwrap();
    let e = store.outbox_entry_for(a.id).unwrap().unwrap();
    assert_eq!(e.attempts, 1);
    assert_eq!(e.last_error.as_deref(), Some("connection refused"));
    assert_eq!(e.next_attempt_at, retry_at);
    assert_eq!(store.pending(now(), 10).unwrap().len(), 1);
    assert_eq!(store.pending(retry_at, 10).unwrap().len(), 2);
    assert_eq!(store.booking(a.id).unwrap().unwrap().acknowledged_at, None);

    let ack = now() + Duration::minutes(6);
    store.mark_delivered(a.outbox_key, ack).unwrap();
    // A repeated acknowledgement keeps the first time; a late failure report changes nothing.
    store
        .mark_delivered(a.outbox_key, ack + Duration::hours(1))
        .unwrap();
    store.record_failure(a.outbox_key, "late", ack).unwrap();
    let e = store.outbox_entry_for(a.id).unwrap().unwrap();
    assert_eq!(e.delivered_at, Some(ack));
    assert_eq!(e.attempts, 1);
    assert_eq!(
        store.booking(a.id).unwrap().unwrap().acknowledged_at,
        Some(ack)
    );
    assert_eq!(
        store
            .pending(retry_at, 10)
            .unwrap()
            .iter()
            .map(|e| e.key)
            .collect::<Vec<_>>(),
        [b.outbox_key]
    );
    assert!(matches!(
        store.mark_delivered(uuid::Uuid::now_v7(), ack),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn print_jobs_go_queued_printing_printed_or_failed_with_a_reason() {
    let (_dir, mut store) = ready(10);
    let a = store.book(&request("FIN0001"), now(), &policy()).unwrap();
    let job = a.print_job;
    assert_eq!(store.queued_print_jobs(10).unwrap().len(), 1);
    assert!(matches!(
        store.mark_printed(job, now()),
        Err(StoreError::InvalidTransition { .. })
    ));
    store.start_printing(job, now()).unwrap();
    store.mark_print_failed(job, "paper out", now()).unwrap();
    let p = store.print_job(job).unwrap().unwrap();
    assert_eq!(p.state, PrintState::Failed);
    assert_eq!(p.reason.as_deref(), Some("paper out"));
    assert!(!p.is_printed());
    assert_eq!(p.printed_at, None);
    assert_eq!(store.printed_count().unwrap(), 0);
    assert!(matches!(
        store.mark_printed(job, now()),
        Err(StoreError::InvalidTransition { .. })
    ));

    store.retry_print(job, now()).unwrap();
    store.start_printing(job, now()).unwrap();
    store.mark_printed(job, now()).unwrap();
    let p = store.print_job_for(a.id).unwrap().unwrap();
    assert_eq!(p.state, PrintState::Printed);
    assert_eq!(p.attempts, 2);
    assert_eq!(p.printed_at, Some(now()));
    assert_eq!(store.printed_count().unwrap(), 1);

    // The schema itself refuses a failed job that claims to be printed.
    let forged = store.connection().execute(
        "UPDATE print_jobs SET state = 'failed', reason = 'x' WHERE id = ?1",
        [job],
    );
    assert!(forged.is_err());
}

#[test]
fn a_session_that_ends_holds_back_queued_notices_but_not_printed_ones() {
    let (_dir, mut store) = ready(10);
    let printed = store.book(&request("FIN0001"), now(), &policy()).unwrap();
    store.start_printing(printed.print_job, now()).unwrap();
    store.mark_printed(printed.print_job, now()).unwrap();
    let waiting = store.book(&request("FIN0002"), now(), &policy()).unwrap();
    assert_eq!(
        store.hold_queued_print_jobs("citizen left", now()).unwrap(),
        1
    );
    let held = store.print_job(waiting.print_job).unwrap().unwrap();
    assert_eq!(held.state, PrintState::Failed);
    assert_eq!(held.reason.as_deref(), Some("citizen left"));
    assert!(store.queued_print_jobs(10).unwrap().is_empty());
    assert!(store
        .print_job(printed.print_job)
        .unwrap()
        .unwrap()
        .is_printed());
    assert!(
        store.booking(waiting.id).unwrap().is_some(),
        "the booking stays"
    );
    assert_eq!(store.hold_queued_print_jobs("again", now()).unwrap(), 0);
    // The receptionist prints it later.
    store.reprint(waiting.id, "receptionist-7", now()).unwrap();
    assert_eq!(store.queued_print_jobs(10).unwrap().len(), 1);
}

#[test]
fn a_reprint_is_counted_and_audited() {
    let (_dir, mut store) = ready(10);
    let a = store.book(&request("FIN0001"), now(), &policy()).unwrap();
    assert!(matches!(
        store.reprint(a.id, "receptionist-7", now()),
        Err(StoreError::InvalidTransition { .. })
    ));
    store.start_printing(a.print_job, now()).unwrap();
    store.mark_printed(a.print_job, now()).unwrap();
    let p = store.reprint(a.id, "receptionist-7", now()).unwrap();
    assert_eq!(p.state, PrintState::Queued);
    assert_eq!(p.reprint_count, 1);
    assert_eq!(p.printed_at, None);
    assert_eq!(store.printed_count().unwrap(), 0);
    let (who, action, booking): (String, String, String) = store
        .connection()
        .query_row("SELECT actor, action, subject FROM audit_log", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(
        (who.as_str(), action.as_str()),
        ("receptionist-7", "reprint")
    );
    assert_eq!(booking, a.id.to_string());
}

#[test]
fn the_first_print_time_survives_reprints() {
    let (_dir, mut store) = ready(10);
    let a = store.book(&request("FIN0001"), now(), &policy()).unwrap();
    assert_eq!(store.first_printed_at(a.id).unwrap(), None);
    let first = now() + chrono::Duration::seconds(5);
    store.start_printing(a.print_job, first).unwrap();
    store.mark_printed(a.print_job, first).unwrap();
    assert_eq!(store.first_printed_at(a.id).unwrap(), Some(first));
    let later = now() + chrono::Duration::hours(2);
    store.reprint(a.id, "receptionist-7", later).unwrap();
    assert_eq!(store.first_printed_at(a.id).unwrap(), Some(first));
    store.start_printing(a.print_job, later).unwrap();
    store.mark_printed(a.print_job, later).unwrap();
    assert_eq!(
        store.print_job(a.print_job).unwrap().unwrap().printed_at,
        Some(later)
    );
    assert_eq!(store.first_printed_at(a.id).unwrap(), Some(first));
    let kinds: Vec<String> = store
        .connection()
        .prepare("SELECT kind FROM booking_events WHERE booking_id = ?1 ORDER BY id")
        .unwrap()
        .query_map([a.id.to_string()], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kinds, ["booked", "notice-printed", "notice-reprinted"]);
}

#[test]
fn retention_erases_exactly_when_due_and_never_before_acknowledgement() {
    let (_dir, mut store) = ready(10);
    let acked = store.book(&request("FIN0001"), now(), &policy()).unwrap();
    let unacked = store.book(&request("FIN0002"), now(), &policy()).unwrap();
    store.mark_delivered(acked.outbox_key, now()).unwrap();

    // Reception on 12 March, 30 days: due on 11 April in Baku (UTC+4), i.e. from 20:00 UTC on
    // 10 April; a UTC date would erase four hours late.
    let day_before = Utc.with_ymd_and_hms(2025, 4, 10, 19, 59, 59).unwrap();
    let due = Utc.with_ymd_and_hms(2025, 4, 10, 20, 0, 0).unwrap();
    assert_eq!(store.erase_personal_data(day_before, 30).unwrap(), 0);
    assert!(store
        .booking(acked.id)
        .unwrap()
        .unwrap()
        .citizen_fin
        .is_some());

    assert_eq!(store.erase_personal_data(due, 30).unwrap(), 1);
    let b = store.booking(acked.id).unwrap().unwrap();
    assert_eq!(b.personal_erased_at, Some(due));
    for field in [
        &b.citizen_name,
        &b.citizen_fin,
        &b.document_number,
        &b.phone,
        &b.email,
        &b.workplace,
        &b.position,
        &b.address,
        &b.note,
    ] {
        assert_eq!(field, &None);
    }
    assert_eq!(b.birth_date, None);
    // The non-personal record stays.
    assert_eq!(b.number, acked.number);
    assert_eq!(b.official_id, "off-1");
    assert_eq!(b.reception_date, day());
    assert_eq!(b.topic_id, "topic-housing");
    assert!(store.print_job_for(acked.id).unwrap().is_some());
    let payload = store.outbox_entry_for(acked.id).unwrap().unwrap().payload;
    assert!(!payload.to_string().contains("FIN0001"));

    // Never the unacknowledged one, however late.
    let much_later = due + Duration::days(400);
    assert_eq!(store.erase_personal_data(much_later, 30).unwrap(), 0);
    let u = store.booking(unacked.id).unwrap().unwrap();
    assert_eq!(u.citizen_fin.as_deref(), Some("FIN0002"));
    assert_eq!(u.personal_erased_at, None);
    let payload = store.outbox_entry_for(unacked.id).unwrap().unwrap().payload;
    assert_eq!(payload["citizen"]["fin"], "FIN0002");
    // The schema refuses it too.
    assert!(store
        .connection()
        .execute(
            "UPDATE bookings SET citizen_fin = NULL, citizen_name = NULL, personal_erased_at = 'x' WHERE id = ?1",
            [unacked.id.to_string()],
        )
        .is_err());

    // Once acknowledged, it goes on the next pass.
    store
        .mark_delivered(unacked.outbox_key, much_later)
        .unwrap();
    assert_eq!(store.erase_personal_data(much_later, 30).unwrap(), 1);
    assert!(store.integrity_check().unwrap());
}

#[test]
fn the_store_reopens_with_its_key_and_refuses_a_wrong_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.db");
    let key = DbKey::from_bytes([7; 32]);
    let id = {
        let mut store = Store::open(&path, &key).unwrap();
        store
            .grant_lease("off-1", day(), 1, now() + Duration::days(1))
            .unwrap();
        store.grant_numbers(1, 1).unwrap();
        store
            .book(&request("FIN0001"), now(), &policy())
            .unwrap()
            .id
    };
    let store = Store::open(&path, &key).unwrap();
    assert!(store.booking(id).unwrap().is_some());
    assert!(store.integrity_check().unwrap());
    drop(store);
    let err = Store::open(&path, &DbKey::from_bytes([8; 32]))
        .err()
        .expect("wrong key refused");
    assert!(
        matches!(err, StoreError::Open(OpenError::WrongKey { .. })),
        "{err:?}"
    );
}

#[test]
fn a_notice_cut_off_by_a_crash_while_printing_comes_back_as_failed_ready_to_reprint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.db");
    let key = DbKey::from_bytes([7; 32]);
    let (job, id) = {
        let mut store = Store::open(&path, &key).unwrap();
        store
            .grant_lease("off-1", day(), 1, now() + Duration::days(1))
            .unwrap();
        store.grant_numbers(1, 1).unwrap();
        let booked = store.book(&request("FIN0001"), now(), &policy()).unwrap();
        store.start_printing(booked.print_job, now()).unwrap();
        (booked.print_job, booked.id)
        // The kiosk stops here, mid-print.
    };
    let mut store = Store::open(&path, &key).unwrap();
    let printed = store.print_job_for(id).unwrap().expect("job kept");
    assert_eq!(printed.state, PrintState::Failed);
    assert_eq!(printed.reason.as_deref(), Some(INTERRUPTED_PRINT));
    assert!(!printed.is_printed());
    store
        .retry_print(job, now())
        .expect("a failed job can be retried");
    assert_eq!(
        store.print_job_for(id).unwrap().unwrap().state,
        PrintState::Queued
    );
}

#[test]
fn the_catalog_cache_keeps_version_signature_and_body() {
    let (_dir, mut store) = open();
    assert_eq!(store.catalog().unwrap(), None);
    let body = serde_json::json!({"officials": [{"id": "off-1"}]});
    store.save_catalog(3, b"sig", &body, now()).unwrap();
    store.save_catalog(4, b"sig4", &body, now()).unwrap();
    let c = store.catalog().unwrap().unwrap();
    assert_eq!((c.version, c.signature.as_slice()), (4, &b"sig4"[..]));
    assert_eq!(c.body, body);
}

#[test]
fn places_here_are_what_an_unexpired_lease_has_left() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("k.db"), &DbKey::random_for_tests()).unwrap();
    let day = NaiveDate::from_ymd_opt(2030, 3, 12).unwrap();
    let now = Utc.with_ymd_and_hms(2030, 3, 1, 8, 0, 0).unwrap();
    assert_eq!(
        store.places_here("off-1", day, now).unwrap(),
        None,
        "no lease"
    );
    store
        .grant_lease("off-1", day, 2, now + Duration::days(1))
        .unwrap();
    store.grant_numbers(1, 10).unwrap();
    assert_eq!(store.places_here("off-1", day, now).unwrap(), Some(2));
    let mut req = request("FIN0001");
    req.official_id = "off-1".into();
    req.reception_date = day;
    store.book(&req, now, &BookingPolicy::default()).unwrap();
    assert_eq!(store.places_here("off-1", day, now).unwrap(), Some(1));
    let later = now + Duration::days(2);
    assert_eq!(
        store.places_here("off-1", day, later).unwrap(),
        None,
        "expired"
    );
}

#[test]
fn a_direct_booking_takes_a_number_first_and_is_stored_delivered_once_the_server_granted_it() {
    // No lease for the day: only the server can grant the place.
    let (_dir, mut store) = open();
    store.grant_numbers(1000, 1999).unwrap();
    let req = request("5ABCDE1");
    assert!(matches!(
        store.book(&req, now(), &policy()),
        Err(BookError::NoLease { .. })
    ));

    let direct = store.prepare_direct(&req, now(), &policy()).unwrap();
    assert_eq!(direct.number(), 1000);
    assert_eq!(direct.wire.place, qebul_protocol::api::PlaceSource::Direct);
    assert_eq!(direct.wire.citizen.fin, "5ABCDE1");
    // Between the halves nothing but the number is written: no booking, nothing to push.
    assert_eq!(store.booking(direct.wire.booking_id).unwrap(), None);
    assert!(store.push_batch(now(), 10).unwrap().items.is_empty());
    assert_eq!(store.numbers_left().unwrap(), 999);

    let granted = now() + Duration::seconds(1);
    let booked = store.record_direct(&req, &direct, granted).unwrap();
    assert_eq!(booked.id, direct.wire.booking_id);
    assert_eq!(booked.number, 1000);
    assert_eq!(booked.outbox_key, direct.idempotency_key());
    let b = store.booking(booked.id).unwrap().unwrap();
    assert_eq!(b.status, "booked");
    assert_eq!(b.acknowledged_at, Some(granted));
    let o = store.outbox_entry_for(booked.id).unwrap().unwrap();
    assert_eq!(o.delivered_at, Some(granted));
    assert_eq!(o.payload["place"], "direct");
    // The server has it already: the sync task does not push it again.
    assert!(store.push_batch(now(), 10).unwrap().items.is_empty());
    let job = store.print_job_for(booked.id).unwrap().unwrap();
    assert_eq!(job.state, PrintState::Queued);
}

#[test]
fn a_direct_booking_is_refused_by_the_local_policy_before_any_number_is_taken() {
    let (_dir, mut store) = ready(5);
    let req = request("5ABCDE1");
    store.book(&req, now(), &policy()).unwrap();
    let left = store.numbers_left().unwrap();
    assert!(matches!(
        store.prepare_direct(&req, now(), &policy()),
        Err(BookError::Policy(_))
    ));
    assert_eq!(store.numbers_left().unwrap(), left);
}
