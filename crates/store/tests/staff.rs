//! The receptionist's screen in the store: staff members, the PIN gate's record, the audit log
//! (append-only), unsent and refused work, a refusal resolved, leases and the database's size.
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_protocol::api::{CitizenProof, CommentRequest, PushOutcome, PushResult};
use qebul_store::key::DbKey;
use qebul_store::{
    ActionRequest, AuditEntry, BookingRequest, StaffGateRecord, Store, StoreError, WorkKind,
};
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 8, 30, 0).unwrap()
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 12).unwrap()
}

fn request(fin: &str, name: &str) -> BookingRequest {
    BookingRequest {
        language: qebul_core::Lang::Az,
        document_kind: qebul_core::DocumentKind::IdCard,
        official_id: "off-1".into(),
        reception_date: day(),
        citizen_fin: fin.into(),
        citizen_name: name.into(),
        document_number: "AA1234567".into(),
        birth_date: None,
        phone: "+994501234567".into(),
        email: None,
        workplace: "-".into(),
        position: "-".into(),
        address: "Bakı".into(),
        note: String::new(),
        topic_id: "t".into(),
        social_status_id: "s".into(),
        privilege_id: None,
    }
}

fn ready(dir: &tempfile::TempDir, key: &DbKey) -> Store {
    let mut store = Store::open(&dir.path().join("kiosk.db"), key).unwrap();
    store
        .grant_lease("off-1", day(), 5, now() + Duration::days(2))
        .unwrap();
    store.grant_numbers(60, 99).unwrap();
    store
}

#[test]
fn the_gate_and_the_staff_survive_a_reopen_and_the_audit_log_is_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::random_for_tests();
    let mut store = ready(&dir, &key);
    assert_eq!(store.staff_gate().unwrap(), StaffGateRecord::default());
    let hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
    store.add_staff_member("Demo", hash, now()).unwrap();
    assert!(
        store.add_staff_member("Bad", "plain text", now()).is_err(),
        "argon2id only"
    );
    let locked = StaffGateRecord {
        failures: 0,
        lockouts: 2,
        locked_until: Some(now() + Duration::seconds(120)),
    };
    store
        .save_staff_gate(
            &locked,
            &[AuditEntry::new(now(), "unknown", "staff-locked-out")],
        )
        .unwrap();
    store
        .audit(
            now() + Duration::minutes(5),
            "Demo",
            "reprint",
            Some("b-1"),
            Some("x"),
        )
        .unwrap();
    drop(store);

    let store = Store::open(&dir.path().join("kiosk.db"), &key).unwrap();
    assert_eq!(store.staff_gate().unwrap(), locked);
    assert_eq!(store.staff_members().unwrap()[0].name, "Demo");
    let all = store.audit_entries(None).unwrap();
    assert_eq!(
        all.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["staff-locked-out", "reprint"]
    );
    let later = store
        .audit_entries(Some(now() + Duration::minutes(1)))
        .unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].subject.as_deref(), Some("b-1"));
    for sql in ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"] {
        let e = store.connection().execute(sql, []).unwrap_err();
        assert!(e.to_string().contains("audit_log"), "{sql}: {e}");
    }
}

#[test]
fn unsent_and_refused_work_and_a_refusal_resolved_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready(&dir, &DbKey::random_for_tests());
    let policy = BookingPolicy::default();
    let a = store
        .book(&request("FIN0001", "ƏLİYEV ƏLİ"), now(), &policy)
        .unwrap();
    let b = store
        .book(&request("FIN0002", "MƏMMƏDOVA AYGÜN"), now(), &policy)
        .unwrap();
    let comment = ActionRequest::Comment(CommentRequest {
        idempotency_key: Uuid::now_v7(),
        citizen: CitizenProof {
            fin: "FIN0001".into(),
            document_number: "AA1234567".into(),
        },
        text: "salam".into(),
    });
    let comment_key = store.queue_action(a.id, &comment, now(), now()).unwrap();
    let unsent = store.unsent_work().unwrap();
    let kinds: Vec<_> = unsent.iter().map(|w| (w.kind, w.number)).collect();
    assert_eq!(
        kinds,
        [
            (WorkKind::Booking, Some(a.number)),
            (WorkKind::Booking, Some(b.number)),
            (WorkKind::Comment, Some(a.number))
        ]
    );
    assert!(store.refused_work().unwrap().is_empty());

    let refused = PushResult {
        seq: 2,
        idempotency_key: b.outbox_key,
        outcome: PushOutcome::Refused {
            code: "policy".into(),
            message: "one a week".into(),
        },
    };
    store.apply_push_results(&[refused], now()).unwrap();
    store
        .action_refused(comment_key, "not-found", "no such booking", now())
        .unwrap();
    assert_eq!(store.outbox_counts().unwrap().refused, 1);
    let refused = store.refused_work().unwrap();
    assert_eq!(refused.len(), 2);
    assert_eq!(refused[0].key, b.outbox_key);
    assert!(refused[0]
        .last_error
        .as_deref()
        .unwrap()
        .contains("one a week"));
    assert_eq!(
        store.unsent_work().unwrap().len(),
        1,
        "only a's booking is still to send"
    );

    for key in [b.outbox_key, comment_key] {
        let audit = AuditEntry::new(now(), "Demo", "resolve-refused").subject(key.to_string());
        store.resolve_refused(key, "called them", &audit).unwrap();
        assert!(matches!(
            store.resolve_refused(key, "again", &audit),
            Err(StoreError::NotFound(_))
        ));
    }
    assert!(matches!(
        store.resolve_refused(
            a.outbox_key,
            "not refused",
            &AuditEntry::new(now(), "Demo", "x")
        ),
        Err(StoreError::NotFound(_))
    ));
    assert!(store.refused_entries().unwrap().is_empty());
    assert_eq!(store.outbox_counts().unwrap().refused, 0);
    assert!(store.refused_work().unwrap().is_empty());
    assert_eq!(store.audit_entries(None).unwrap().len(), 2);
}

#[test]
fn bookings_by_day_and_name_leases_and_size() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready(&dir, &DbKey::random_for_tests());
    let policy = BookingPolicy::default();
    let a = store
        .book(&request("FIN0001", "ƏLİYEV ƏLİ"), now(), &policy)
        .unwrap();
    assert_eq!(store.bookings_on(day()).unwrap()[0].id, a.id);
    assert!(store
        .bookings_on(day().succ_opt().unwrap())
        .unwrap()
        .is_empty());
    let range = store
        .bookings_between(day() - Duration::days(3), day(), 20)
        .unwrap();
    assert_eq!(range.len(), 1);
    assert_eq!(store.bookings_with_names().unwrap().len(), 1);
    assert_eq!(
        store
            .count_events(a.id, &["notice-printed", "notice-reprinted"])
            .unwrap(),
        0
    );
    store.start_printing(a.print_job, now()).unwrap();
    store.mark_printed(a.print_job, now()).unwrap();
    assert_eq!(
        store
            .count_events(a.id, &["notice-printed", "notice-reprinted"])
            .unwrap(),
        1
    );
    let leases = store.leases().unwrap();
    assert_eq!((leases[0].granted, leases[0].used), (5, 1));
    assert!(store.database_bytes().unwrap() > 0);
    assert_eq!(
        store.database_path().unwrap().file_name().unwrap(),
        "kiosk.db"
    );
}
