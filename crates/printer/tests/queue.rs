//! The print queue end to end: a booking in a real (encrypted) store, its notice sent as ESC/POS
//! over TCP to the emulated printer, which runs out of paper in the middle of the job. The job
//! fails with the printer's reason, the booking is intact, and once paper is loaded the retried
//! notice comes out whole, barcode and seal included.

use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_core::{
    Authority, Catalog, LocalizedText, Official, ReceptionHours, ReceptionRule, Weekday,
};
use qebul_notice::PaperWidth;
use qebul_printer::queue::{notice_for, print_job, NoticeContext, QueueError};
use qebul_printer::{EmulatedPrinter, ReceiptPrinter, TcpTimeouts, TcpTransport};
use qebul_protocol::{NoticeSeal, SigningKey};
use qebul_store::key::DbKey;
use qebul_store::{BookingRequest, PrintState, Store};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

fn now() -> DateTime<Utc> {
    // 16:31 in Baku.
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 31, 0).unwrap()
}

fn catalog() -> Catalog {
    Catalog {
        version: 1,
        authority: Authority {
            id: "bilesuvar".into(),
            name: "Biləsuvar Rayon İcra Hakimiyyəti".into(),
        },
        officials: vec![Official {
            id: "isgenderov".into(),
            position: LocalizedText {
                az: "Şöbə müdiri".into(),
                ru: None,
                en: None,
            },
            full_name: "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU".into(),
            reception: ReceptionRule::new([Weekday::Wed], ReceptionHours::AllWorkingHours),
            room: None,
        }],
    }
}

fn request() -> BookingRequest {
    BookingRequest {
        language: qebul_core::Lang::Az,
        document_kind: qebul_core::DocumentKind::IdCard,
        official_id: "isgenderov".into(),
        reception_date: day(),
        citizen_fin: "5ZJK7QP".into(),
        citizen_name: "ABDULLAYEVA GÖHƏR NOVRUZ QIZI".into(),
        document_number: "AA1234567".into(),
        birth_date: NaiveDate::from_ymd_opt(1980, 3, 5),
        phone: "+994501234567".into(),
        email: None,
        workplace: "Məlumat Hesablama Mərkəzi".into(),
        position: "Mühəndis".into(),
        address: "Biləsuvar şəhəri".into(),
        note: String::new(),
        topic_id: "topic-agriculture".into(),
        social_status_id: "status-entrepreneur".into(),
        privilege_id: None,
    }
}

/// A store with one booking; returns its id and print job.
fn booked_store() -> (tempfile::TempDir, Mutex<Store>, uuid::Uuid, i64) {
    booked_store_with(request())
}

fn booked_store_with(
    request: BookingRequest,
) -> (tempfile::TempDir, Mutex<Store>, uuid::Uuid, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kiosk.db"), &DbKey::random_for_tests()).unwrap();
    store.grant_numbers(61, 100).unwrap();
    store
        .grant_lease("isgenderov", day(), 2, now() + chrono::Duration::days(3))
        .unwrap();
    let booked = store
        .book(&request, now(), &BookingPolicy::default())
        .unwrap();
    (dir, Mutex::new(store), booked.id, booked.print_job)
}

fn transport(printer: &EmulatedPrinter) -> TcpTransport {
    TcpTransport::new(printer.address()).with_timeouts(TcpTimeouts {
        connect: Duration::from_secs(2),
        answer: Duration::from_secs(1),
        write: Duration::from_secs(2),
    })
}

fn key() -> SigningKey {
    SigningKey::from_bytes(&[3; 32])
}

#[test]
fn paper_out_mid_job_fails_with_its_reason_keeps_the_booking_and_the_retry_prints() {
    let (_dir, store, booking, job) = booked_store();
    let before = store.lock().unwrap().booking(booking).unwrap().unwrap();
    let emulator = EmulatedPrinter::start().unwrap();
    let printer = ReceiptPrinter::new(transport(&emulator), PaperWidth::Mm80);
    let catalog = catalog();
    let ctx = NoticeContext {
        catalog: &catalog,
        kiosk_id: "kiosk-1",
        seal_key: &key(),
    };

    // 200 rows in, the roll runs out.
    emulator.run_out_of_paper_after(200);
    let failed = print_job(&store, job, &printer, &ctx, now).unwrap();
    assert_eq!(failed.state, PrintState::Failed);
    let reason = failed.reason.clone().unwrap();
    assert!(reason.contains("out of paper"), "{reason}");
    assert!(!failed.is_printed());
    assert!(
        emulator.take_pages().is_empty(),
        "a torn-off notice is no notice"
    );
    {
        let store = store.lock().unwrap();
        assert_eq!(
            store.booking(booking).unwrap().unwrap(),
            before,
            "booking intact"
        );
        assert_eq!(store.printed_count().unwrap(), 0);
        assert_eq!(store.first_printed_at(booking).unwrap(), None);
    }

    // While the paper is still out, a retry fails again, before anything is sent.
    store.lock().unwrap().retry_print(job, now()).unwrap();
    let again = print_job(&store, job, &printer, &ctx, now).unwrap();
    assert_eq!(again.state, PrintState::Failed);
    assert_eq!(again.attempts, 2);

    emulator.load_paper();
    store.lock().unwrap().retry_print(job, now()).unwrap();
    let printed = print_job(&store, job, &printer, &ctx, now).unwrap();
    assert_eq!(printed.state, PrintState::Printed, "{:?}", printed.reason);
    let pages = emulator.take_pages();
    assert_eq!(pages.len(), 1);
    let notice = notice_for(&before, false, &ctx, now()).unwrap();
    assert_eq!(
        pages[0],
        qebul_notice::render(&notice, PaperWidth::Mm80).unwrap(),
        "the page is the whole notice"
    );
    let seal = NoticeSeal::verify(notice.seal.as_deref().unwrap(), &key().verifying_key()).unwrap();
    assert_eq!((seal.booking, seal.number.as_str()), (booking, "10000061"));
    let store = store.lock().unwrap();
    assert_eq!(store.printed_count().unwrap(), 1);
    assert!(store.first_printed_at(booking).unwrap().is_some());
}

#[test]
fn the_notice_of_a_booking_has_its_facts_in_baku_time_and_a_masked_document() {
    let (_dir, store, booking, _) = booked_store();
    let booking = store.lock().unwrap().booking(booking).unwrap().unwrap();
    let catalog = catalog();
    let ctx = NoticeContext {
        catalog: &catalog,
        kiosk_id: "kiosk-1",
        seal_key: &key(),
    };
    let notice = notice_for(&booking, true, &ctx, now()).unwrap();
    assert_eq!(notice.number, "10000061");
    assert_eq!(notice.authority, "Biləsuvar Rayon İcra Hakimiyyəti");
    assert_eq!(notice.official_name, "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU");
    assert_eq!(notice.reception_date, "02 DEKABR 2026");
    assert_eq!(notice.reception_time, "bütün iş saatı");
    assert_eq!(notice.document_number, "AA****567");
    assert_eq!(notice.created_at, "30.11.2026 16:31");
    // created 30.11, number 0000061, reception 02.12
    assert_eq!(notice.barcode, "301100000610212");
    assert_eq!(notice.mark, Some(qebul_notice::Mark::Reprint));
    assert_eq!(notice.second_language, None);

    let mut unknown = booking.clone();
    unknown.official_id = "gone".into();
    assert!(matches!(
        notice_for(&unknown, false, &ctx, now()),
        Err(QueueError::UnknownOfficial { .. })
    ));
    let mut erased = booking;
    erased.citizen_name = None;
    let err = notice_for(&erased, false, &ctx, now()).unwrap_err();
    assert!(matches!(err, QueueError::PersonalDataErased { .. }));
    assert!(err.to_string().contains("10000061"), "{err}");
}

#[test]
fn a_printer_that_is_not_there_fails_the_job_with_a_reason_and_never_counts_it() {
    let (_dir, store, booking, job) = booked_store();
    // A port nobody listens on: bind, note the address, close.
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let printer = ReceiptPrinter::new(TcpTransport::new(address), PaperWidth::Mm58);
    let catalog = catalog();
    let ctx = NoticeContext {
        catalog: &catalog,
        kiosk_id: "kiosk-1",
        seal_key: &key(),
    };
    let failed = print_job(&store, job, &printer, &ctx, now).unwrap();
    assert_eq!(failed.state, PrintState::Failed);
    assert!(failed.reason.unwrap().contains("cannot reach the printer"));
    let store = store.lock().unwrap();
    assert!(store.booking(booking).unwrap().is_some());
    assert_eq!(store.printed_count().unwrap(), 0);
}

#[test]
fn a_reprint_after_the_citizen_left_keeps_their_language_and_a_passport_is_named_so() {
    let booked = BookingRequest {
        language: qebul_core::Lang::Ru,
        document_kind: qebul_core::DocumentKind::Passport,
        document_number: "C01234567".into(),
        ..request()
    };
    let (_dir, store, booking, _) = booked_store_with(booked);
    let booking = store.lock().unwrap().booking(booking).unwrap().unwrap();
    assert_eq!(booking.language, qebul_core::Lang::Ru);
    assert_eq!(booking.document_kind, qebul_core::DocumentKind::Passport);
    let catalog = catalog();
    // Whoever stands at the kiosk now plays no part: the context has no language at all.
    let ctx = NoticeContext {
        catalog: &catalog,
        kiosk_id: "kiosk-1",
        seal_key: &key(),
    };
    let notice = notice_for(&booking, true, &ctx, now()).unwrap();
    assert_eq!(notice.second_language, Some(qebul_notice::Lang::Ru));
    assert_eq!(notice.document_type, "Pasport");
    assert_eq!(notice.document_number, "C0****567");

    let (_dir, store, id_card, _) = booked_store();
    let id_card = store.lock().unwrap().booking(id_card).unwrap().unwrap();
    let notice = notice_for(&id_card, false, &ctx, now()).unwrap();
    assert_eq!(notice.document_type, "Şəxsiyyət vəsiqəsi");
    assert_eq!(notice.second_language, None);
}
