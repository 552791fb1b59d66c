//! The citizens' queued actions (cancel, comment, check in) on a real SQLCipher store: queued
//! durably, sent under one key, settled once, their personal data dropped once settled, and a
//! delivered cancellation or comment written into the booking's local timeline.
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_protocol::api::{
    ArrivalRequest, BookingStatus, CancelRequest, CitizenProof, CommentRequest, EventKind, Lease,
    LeaseGrant, NumberBlock, TimelineEvent, UpdatesResponse,
};
use qebul_store::key::DbKey;
use qebul_store::{
    ActionRequest, ActionState, BookingRequest, Store, CITIZEN_AUTHOR, LONGEST_ACTION_DELAY,
};
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 8, 30, 0).unwrap()
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 12).unwrap()
}

fn key() -> DbKey {
    DbKey::from_bytes([7; 32])
}

fn proof() -> CitizenProof {
    CitizenProof {
        fin: "5ZK7Q2M".into(),
        document_number: "AA1234567".into(),
    }
}

fn ready() -> (tempfile::TempDir, Store, Uuid) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.db");
    let mut store = Store::open(&path, &key()).unwrap();
    store
        .apply_lease_grant(
            &LeaseGrant {
                server_time: now(),
                leases: vec![Lease {
                    official_id: "off-1".into(),
                    reception_date: day(),
                    places: 2,
                    used: 0,
                    ends_at: now() + Duration::days(2),
                }],
                numbers: Some(NumberBlock {
                    first: 1000,
                    last: 1999,
                }),
            },
            now(),
        )
        .unwrap();
    let booked = store
        .book(
            &BookingRequest {
                language: qebul_core::Lang::Az,
                document_kind: qebul_core::DocumentKind::IdCard,
                official_id: "off-1".into(),
                reception_date: day(),
                citizen_fin: proof().fin,
                citizen_name: "ABDULLAYEVA GÖHƏR NOVRUZ QIZI".into(),
                document_number: proof().document_number,
                birth_date: None,
                phone: "+994501234567".into(),
                email: None,
                workplace: "Aqrar birlik".into(),
                position: "Mühasib".into(),
                address: "Biləsuvar".into(),
                note: String::new(),
                topic_id: "t".into(),
                social_status_id: "s".into(),
                privilege_id: None,
            },
            now(),
            &BookingPolicy::default(),
        )
        .unwrap();
    (dir, store, booked.id)
}

fn comment(text: &str) -> ActionRequest {
    ActionRequest::Comment(CommentRequest {
        idempotency_key: Uuid::now_v7(),
        citizen: proof(),
        text: text.into(),
    })
}

#[test]
fn a_queued_action_survives_a_reopen_and_is_due_only_from_its_first_attempt() {
    let (dir, mut store, booking) = ready();
    let queued = store
        .queue_action(
            booking,
            &comment("Zəng edin"),
            now(),
            now() + Duration::seconds(30),
        )
        .unwrap();
    assert!(store.due_actions(now(), 10).unwrap().is_empty());
    drop(store);
    let store = Store::open(&dir.path().join("kiosk.db"), &key()).unwrap();
    let due = store
        .due_actions(now() + Duration::seconds(30), 10)
        .unwrap();
    assert_eq!(due.iter().map(|a| a.key).collect::<Vec<_>>(), [queued]);
    assert_eq!(due[0].booking, booking);
    assert_eq!(store.queued_action_count().unwrap(), 1);
}

#[test]
fn an_action_timed_by_a_clock_that_was_ahead_is_due_once_the_clock_is_set_back() {
    let (_dir, mut store, booking) = ready();
    // Retried while the kiosk's clock ran a day ahead.
    let ahead = now() + Duration::days(1);
    let key = store
        .queue_action(booking, &comment("Zəng edin"), ahead, ahead)
        .unwrap();
    store
        .action_failed(key, "connection refused", ahead + Duration::seconds(5))
        .unwrap();
    // The clock is right again: the action does not wait a day for it.
    let due = store.due_actions(now(), 10).unwrap();
    assert_eq!(due.iter().map(|a| a.key).collect::<Vec<_>>(), [key]);

    // A pause within the longest delay is still kept.
    store
        .action_failed(key, "connection refused", now() + LONGEST_ACTION_DELAY)
        .unwrap();
    assert!(store.due_actions(now(), 10).unwrap().is_empty());
    assert_eq!(
        store
            .due_actions(now() + LONGEST_ACTION_DELAY, 10)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn an_action_is_sent_under_its_key_until_settled_and_settling_twice_is_harmless() {
    let (_dir, mut store, booking) = ready();
    let request = comment("Sənədləri gətirəcəyəm.");
    let key = store.queue_action(booking, &request, now(), now()).unwrap();
    let due = store.due_actions(now(), 10).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].key, key);
    assert_eq!(due[0].request, request);
    assert_eq!(store.queued_action_count().unwrap(), 1);

    // A failure waits for its next attempt.
    let later = now() + Duration::seconds(5);
    store
        .action_failed(key, "connection refused", later)
        .unwrap();
    assert!(store.due_actions(now(), 10).unwrap().is_empty());
    let again = store.due_actions(later, 10).unwrap();
    assert_eq!((again[0].key, again[0].attempts), (key, 1));

    store.action_delivered(key, later).unwrap();
    // The sync task and the screen may both have sent it: the second outcome changes nothing.
    store.action_delivered(key, later).unwrap();
    store.action_failed(key, "late failure", later).unwrap();
    store
        .action_refused(key, "bad-request", "late", later)
        .unwrap();
    assert_eq!(store.queued_action_count().unwrap(), 0);
    let records = store.actions_for(booking).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].state, ActionState::Delivered(later));
    // Delivered: the text is the store's comment now, not the queue's.
    assert_eq!(records[0].text, None);
    let comments = store.comments(booking).unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, "Sənədləri gətirəcəyəm.");
    assert_eq!(comments[0].author, CITIZEN_AUTHOR);
    // An unknown key is an error, not a silent success.
    assert!(store.action_delivered(Uuid::now_v7(), later).is_err());
}

#[test]
fn personal_data_leaves_the_queue_once_settled() {
    let (_dir, mut store, booking) = ready();
    let cancel = ActionRequest::Cancel(CancelRequest { citizen: proof() });
    let key = store.queue_action(booking, &cancel, now(), now()).unwrap();
    let payload = |store: &Store| -> String {
        store
            .connection()
            .query_row(
                "SELECT payload FROM citizen_actions WHERE idempotency_key = ?1",
                [key.hyphenated().to_string()],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert!(payload(&store).contains("5ZK7Q2M"));
    store
        .action_refused(key, "citizen-mismatch", "no", now())
        .unwrap();
    assert_eq!(payload(&store), "{}");
    assert_eq!(
        store.actions_for(booking).unwrap()[0].state,
        ActionState::Refused {
            code: "citizen-mismatch".into()
        }
    );
    // Refused: the booking is untouched.
    assert_eq!(store.booking(booking).unwrap().unwrap().status, "booked");
}

#[test]
fn a_delivered_cancellation_cancels_the_booking_here_and_gives_its_place_back() {
    let (_dir, mut store, booking) = ready();
    let places = |s: &Store| s.places_here("off-1", day(), now()).unwrap();
    let before = places(&store);
    let key = store
        .queue_action(
            booking,
            &ActionRequest::Cancel(CancelRequest { citizen: proof() }),
            now(),
            now(),
        )
        .unwrap();
    // Queued: nothing changes until the server confirms.
    assert_eq!(store.booking(booking).unwrap().unwrap().status, "booked");
    store.action_delivered(key, now()).unwrap();
    assert_eq!(store.booking(booking).unwrap().unwrap().status, "cancelled");
    assert_eq!(places(&store), before.map(|p| p + 1));
    // The server's echo confirms the local event instead of adding a second.
    store
        .apply_updates(&UpdatesResponse {
            events: vec![TimelineEvent {
                cursor: 7,
                booking_id: booking,
                at: now(),
                kind: EventKind::Cancelled,
                status: BookingStatus::Cancelled,
                text: None,
            }],
            next: 7,
        })
        .unwrap();
    let cancelled: Vec<_> = store
        .timeline(booking)
        .unwrap()
        .into_iter()
        .filter(|t| t.kind == "cancelled")
        .collect();
    assert_eq!(cancelled.len(), 1);
    assert_eq!(cancelled[0].server_cursor, Some(7));
}

#[test]
fn an_arrival_is_recorded_once_here_and_its_echo_confirms_it() {
    let (_dir, mut store, booking) = ready();
    assert!(store.record_local_arrival(booking, now()).unwrap());
    assert!(!store.record_local_arrival(booking, now()).unwrap());
    assert!(store.record_local_arrival(Uuid::now_v7(), now()).is_err());
    let arrival = ActionRequest::Arrival(ArrivalRequest {
        idempotency_key: Uuid::now_v7(),
        barcode: "030300010001203".into(),
        at: now(),
    });
    let key = store.queue_action(booking, &arrival, now(), now()).unwrap();
    // An arrival's key is its own: the server stores it once whatever the retries.
    if let ActionRequest::Arrival(a) = &arrival {
        assert_eq!(key, a.idempotency_key);
    }
    store
        .apply_updates(&UpdatesResponse {
            events: vec![TimelineEvent {
                cursor: 3,
                booking_id: booking,
                at: now(),
                kind: EventKind::Arrived,
                status: BookingStatus::Booked,
                text: None,
            }],
            next: 3,
        })
        .unwrap();
    let arrived: Vec<_> = store
        .timeline(booking)
        .unwrap()
        .into_iter()
        .filter(|t| t.kind == "arrived")
        .collect();
    assert_eq!(arrived.len(), 1);
    assert_eq!(arrived[0].server_cursor, Some(3));
}

#[test]
fn an_action_about_another_kiosks_booking_is_queued_too() {
    let (_dir, mut store, _) = ready();
    let elsewhere = Uuid::now_v7();
    let key = store
        .queue_action(elsewhere, &comment("Salam"), now(), now())
        .unwrap();
    assert_eq!(
        store.actions_for(elsewhere).unwrap()[0].text.as_deref(),
        Some("Salam")
    );
    // Delivered: nothing to write here, nothing fails.
    store.action_delivered(key, now()).unwrap();
    assert!(store.comments(elsewhere).unwrap().is_empty());
}

#[test]
fn the_citizens_bookings_and_a_booking_by_number_are_found() {
    let (_dir, store, booking) = ready();
    let mine = store.bookings_of("5ZK7Q2M").unwrap();
    assert_eq!(mine.iter().map(|b| b.id).collect::<Vec<_>>(), [booking]);
    assert!(store.bookings_of("0000000").unwrap().is_empty());
    let by_number = store.booking_by_number(mine[0].number).unwrap().unwrap();
    assert_eq!(by_number.id, booking);
    assert!(store.booking_by_number(1).unwrap().is_none());
}
