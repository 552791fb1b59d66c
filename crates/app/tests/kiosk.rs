//! The application layer as the screens use it, with no Tauri and no webview: a kiosk enrolled
//! with the real reference server on loopback, the simulated card reader and a virtual printer.

use std::sync::Arc;
use std::time::Duration;

use qebul_app::{Kiosk, PrintJobState, SessionConfig, SessionPhase, SyncProblem, UiLang};
use qebul_core::validation::BookingForm;
use qebul_idcard::ReaderSpec;
use qebul_notice::PaperWidth;
use qebul_printer::VirtualPrinter;
use qebul_server::EmbeddedServer;
use qebul_store::key::{DbKey, MemoryKeyStore};
use qebul_store::Store;
use qebul_sync::{ServerClient, SyncConfig};
use tokio::sync::watch;

struct Setup {
    dir: tempfile::TempDir,
    server: EmbeddedServer,
    kiosk: Kiosk,
    keys: MemoryKeyStore,
}

/// A kiosk enrolled with a fresh demo server. Its sync task waits an hour between rounds, so
/// anything that reaches the server sooner was sent because something woke the task.
async fn kiosk() -> Setup {
    let dir = tempfile::tempdir().expect("dir");
    let server = EmbeddedServer::start_demo(dir.path())
        .await
        .expect("demo server");
    let client = ServerClient::new(&server.base_url()).expect("url");
    let enrolled = client
        .enroll_with_notice_key(&server.enrollment_code, None)
        .await
        .expect("enrolled");
    let store =
        Store::open(&dir.path().join("kiosk.db"), &DbKey::random_for_tests()).expect("store");
    let mut config = SyncConfig::new(server.catalog_key);
    config.interval = Duration::from_secs(3600);
    let mut kiosk = Kiosk::connect_with(store, client.with_token(&enrolled.token), config)
        .await
        .expect("kiosk");
    kiosk
        .use_card_reader(&ReaderSpec::Simulated, SessionConfig::default())
        .expect("simulated reader");
    Setup {
        dir,
        server,
        kiosk,
        keys: MemoryKeyStore::new(),
    }
}

/// Waits (at most 20 s) until `done` holds for what the channel shows.
async fn until<T: Clone + std::fmt::Debug>(
    rx: &mut watch::Receiver<T>,
    done: impl Fn(&T) -> bool,
) -> T {
    let wait = async {
        loop {
            let current = rx.borrow_and_update().clone();
            if done(&current) {
                return current;
            }
            rx.changed().await.expect("the kiosk is alive");
        }
    };
    match tokio::time::timeout(Duration::from_secs(20), wait).await {
        Ok(v) => v,
        Err(_) => panic!("never got there; last: {:?}", rx.borrow()),
    }
}

/// The demo's first citizen, identified and filled in by the registry.
async fn insert_gohar(kiosk: &Kiosk) {
    let mut session = kiosk.session_changes();
    kiosk.demo_insert_card(0).expect("demo card");
    until(&mut session, |s| {
        s.citizen.as_ref().is_some_and(|c| c.from_registry)
    })
    .await;
}

/// A valid form for the demo's first official, on the first date offered.
fn form(kiosk: &Kiosk) -> BookingForm {
    let official = kiosk.officials(UiLang::Az).expect("officials").officials[0]
        .id
        .clone();
    let date = kiosk.reception_dates(&official).expect("dates")[0];
    BookingForm {
        official_id: official,
        reception_date: date.to_string(),
        topic_id: "entrepreneurship".into(),
        social_status_id: "private-sector".into(),
        privilege_id: "none".into(),
        phone: "050 123 45 67".into(),
        address_same_as_id: true,
        ..BookingForm::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_queues_its_notice_prints_it_and_wakes_the_sync() {
    let mut s = kiosk().await;
    let notices = s.dir.path().join("notices");
    let printer = Arc::new(VirtualPrinter::new(&notices, PaperWidth::Mm80).expect("printer"));
    s.kiosk.attach_printer(printer, &s.keys).expect("printer");
    insert_gohar(&s.kiosk).await;
    s.kiosk.set_language(UiLang::Ru);

    let generation = s.kiosk.session().generation;
    let booked = s
        .kiosk
        .book(form(&s.kiosk), generation)
        .await
        .expect("booked");
    let stored = s
        .kiosk
        .store()
        .lock()
        .unwrap()
        .booking(booked.id)
        .unwrap()
        .expect("stored before book() returned");
    assert_eq!(
        stored.language,
        qebul_core::Lang::Ru,
        "the citizen's language"
    );
    assert_eq!(stored.document_kind, qebul_core::DocumentKind::IdCard);
    assert_eq!(
        stored.citizen_name.as_deref(),
        Some("ABDULLAYEVA GÖHƏR NOVRUZ QIZI")
    );

    // The print worker was woken (its next look was seconds away): the notice is printed.
    let printed_at = async {
        loop {
            let printed = s.kiosk.store().lock().unwrap().first_printed_at(booked.id);
            if let Some(at) = printed.unwrap() {
                return at;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(20), printed_at)
        .await
        .expect("the notice is printed");
    assert!(s.kiosk.print_queue().await.unwrap().jobs.is_empty());
    let printed = std::fs::read_dir(&notices)
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().ends_with(".escpos"));
    assert!(printed, "a notice in {}", notices.display());

    // The sync task was woken (its next round was an hour away): the booking is on the server.
    let mut sync = s.kiosk.sync_changes();
    until(&mut sync, |v| v.online && v.pending == 0).await;
    let on_server = s.server.db.booking(booked.id).await.expect("server db");
    assert!(on_server.is_some(), "the server has the booking");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_card_taken_out_wipes_the_session_and_holds_back_its_queued_notice() {
    let s = kiosk().await;
    // No printer yet: the notice stays queued.
    insert_gohar(&s.kiosk).await;
    s.kiosk.set_language(UiLang::En);
    let generation = s.kiosk.session().generation;
    s.kiosk
        .book(form(&s.kiosk), generation)
        .await
        .expect("booked");
    let queued = s.kiosk.print_queue().await.expect("queue");
    assert_eq!(queued.jobs.len(), 1);
    assert_eq!(queued.jobs[0].state, PrintJobState::Queued);

    let mut session = s.kiosk.session_changes();
    let before = session.borrow().generation;
    s.kiosk.demo_remove_card().expect("removed");
    let after = until(&mut session, |v| v.phase == SessionPhase::None).await;
    assert_eq!(after.ended, Some(qebul_app::EndReasonView::CardRemoved));
    assert_eq!(
        after.lang,
        UiLang::Az,
        "the next person starts in Azerbaijani"
    );
    assert!(after.citizen.is_none());
    assert_eq!(after.generation, before, "no new session began");
    let held = s.kiosk.print_queue().await.expect("queue");
    assert_eq!(held.jobs[0].state, PrintJobState::Failed);
    assert!(
        held.jobs[0]
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("left"),
        "{held:?}"
    );
    let state = s.kiosk.session_debug_state();
    for trace in ["ABDULLAYEVA", "GÖHƏR", "5ZK7Q2M", "AA1234567"] {
        assert!(!state.contains(trace), "{trace} left in {state}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_result_reaches_what_the_screens_show() {
    let s = kiosk().await;
    let mut sync = s.kiosk.sync_changes();
    let online = until(&mut sync, |v| v.online).await;
    assert_eq!(online.auth_problem, None);
    assert!(
        s.kiosk.catalog_changes().borrow().is_some(),
        "a catalog announced"
    );

    let kiosks = s.server.db.list_kiosks().await.expect("kiosks");
    s.server
        .db
        .revoke_kiosk(&kiosks[0].id, chrono::Utc::now())
        .await
        .expect("revoked");
    // The server trusts a valid token for a moment after checking it: ask until it notices.
    let noticed = async {
        loop {
            s.kiosk.sync_now();
            if sync.borrow_and_update().auth_problem.is_some() {
                return sync.borrow().clone();
            }
            let _ = tokio::time::timeout(Duration::from_millis(500), sync.changed()).await;
        }
    };
    let revoked = tokio::time::timeout(Duration::from_secs(30), noticed)
        .await
        .expect("the revocation reaches the screens");
    assert_eq!(revoked.auth_problem, Some(SyncProblem::Revoked));
    assert!(!revoked.online);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_chooses_a_language_and_idleness_takes_it_back() {
    let dir = tempfile::tempdir().expect("dir");
    let store =
        Store::open(&dir.path().join("kiosk.db"), &DbKey::random_for_tests()).expect("store");
    // No server at all: the kiosk starts offline.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let client = ServerClient::new(&format!("http://127.0.0.1:{port}")).expect("url");
    let key = qebul_server::auth::new_signing_key()
        .expect("key")
        .verifying_key();
    let mut kiosk = Kiosk::connect(store, client, key)
        .await
        .expect("offline kiosk");
    kiosk
        .use_card_reader(
            &ReaderSpec::None,
            SessionConfig {
                idle: Duration::from_millis(300),
                countdown: Duration::from_secs(1),
                accept_expired: false,
            },
        )
        .expect("no reader");
    let mut session = kiosk.session_changes();
    kiosk.set_language(UiLang::Ru);
    let visitor = until(&mut session, |v| v.phase == SessionPhase::Visitor).await;
    assert_eq!(visitor.lang, UiLang::Ru);
    let counting = until(&mut session, |v| v.phase == SessionPhase::Countdown).await;
    assert_eq!(counting.seconds_left, 1);
    let ended = until(&mut session, |v| v.phase == SessionPhase::None).await;
    assert_eq!(ended.ended, Some(qebul_app::EndReasonView::Idle));
    assert_eq!(ended.lang, UiLang::Az);
    assert_eq!(
        kiosk.catalog().unwrap_err().code,
        qebul_app::ErrorCode::CatalogUnavailable
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_filled_in_a_session_that_has_ended_books_nothing() {
    let s = kiosk().await;
    insert_gohar(&s.kiosk).await;
    let theirs = s.kiosk.session().generation;
    let form = form(&s.kiosk);
    // She leaves; the next person inserts the same demo card before her "send" arrives.
    let mut session = s.kiosk.session_changes();
    s.kiosk.demo_remove_card().expect("removed");
    until(&mut session, |v| v.phase == SessionPhase::None).await;
    insert_gohar(&s.kiosk).await;
    assert_ne!(s.kiosk.session().generation, theirs);
    let refused = s.kiosk.book(form, theirs).await.unwrap_err();
    assert!(
        matches!(refused, qebul_app::BookingRefusal::NoCitizen),
        "{refused:?}"
    );
    assert!(
        s.kiosk.print_queue().await.unwrap().jobs.is_empty(),
        "nothing booked"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_offers_four_dates_bookable_here_and_words_every_refusal_in_three_languages() {
    let s = kiosk().await;
    insert_gohar(&s.kiosk).await;
    let official = s.kiosk.officials(UiLang::Az).unwrap().officials[0]
        .id
        .clone();
    let az = s
        .kiosk
        .booking_options(&official, UiLang::Az)
        .await
        .expect("options");
    assert_eq!(
        az.dates.len(),
        4,
        "the next 4 reception dates (seed Şəkil 5)"
    );
    assert!(az.dates.iter().all(|d| d.bookable_here), "{:?}", az.dates);
    assert_eq!(az.privileges[0].id, "none");
    assert_eq!(az.privileges[0].name, "İmtiyazım yoxdur");
    assert!(!az.topics.is_empty() && !az.social_statuses.is_empty());
    let ru = s
        .kiosk
        .booking_options(&official, UiLang::Ru)
        .await
        .expect("options");
    assert_eq!(ru.privileges[0].name, "Нет льгот");
    assert_ne!(
        az.dates[0].label, ru.dates[0].label,
        "dates written in the language"
    );
    assert_eq!(az.dates[0].date, ru.dates[0].date);

    let generation = s.kiosk.session().generation;
    let mut form = qebul_app::BookingFormView {
        official_id: official.clone(),
        reception_date: az.dates[0].date.clone(),
        topic_id: az.topics[0].id.clone(),
        social_status_id: az.social_statuses[0].id.clone(),
        privilege_id: "none".into(),
        phone: "050 123 45".into(),
        address_same_as_id: true,
        ..Default::default()
    };
    let refused = s
        .kiosk
        .book_form(form.clone(), generation)
        .await
        .unwrap_err();
    assert_eq!(refused.code, qebul_app::BookingErrorCode::Invalid);
    assert_eq!(refused.fields.len(), 1, "{:?}", refused.fields);
    let phone = &refused.fields[0];
    assert_eq!(phone.field, qebul_app::FormField::Phone);
    assert_eq!(phone.code, "phone-too-short");
    assert!(phone.message.az.contains("Telefon"), "{:?}", phone.message);
    assert_ne!(phone.message.az, phone.message.ru);
    assert_ne!(phone.message.ru, phone.message.en);
    assert!(
        s.kiosk.print_queue().await.unwrap().jobs.is_empty(),
        "nothing stored"
    );

    form.phone = "050 123 45 67".into();
    let booked = s
        .kiosk
        .book_form(form.clone(), generation)
        .await
        .expect("booked");
    assert_eq!(booked.number.len(), 8, "{booked:?}");
    // The same official again: the booking policy answers in words the citizen can act on.
    form.reception_date = az.dates[1].date.clone();
    let again = s.kiosk.book_form(form, generation).await.unwrap_err();
    assert_eq!(
        again.code,
        qebul_app::BookingErrorCode::LimitReached,
        "{again:?}"
    );
    assert!(!again.message.az.is_empty() && again.fields.is_empty());
}

/// Demo card `index` in the reader (the previous one taken out), identified by the registry.
async fn insert_card(kiosk: &Kiosk, index: u32) {
    let mut session = kiosk.session_changes();
    if session.borrow().citizen.is_some() {
        kiosk.demo_remove_card().expect("removed");
        until(&mut session, |s| s.citizen.is_none()).await;
    }
    kiosk.demo_insert_card(index).expect("demo card");
    until(&mut session, |s| {
        s.citizen.as_ref().is_some_and(|c| c.from_registry)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn online_a_day_this_kiosk_has_spent_is_booked_on_the_server_and_a_full_day_says_the_place_went(
) {
    let s = kiosk().await;
    let official = s.kiosk.officials(UiLang::Az).expect("officials").officials[0]
        .id
        .clone();
    let day = s.kiosk.reception_dates(&official).expect("dates")[0];
    // The demo leases two places a day to a kiosk: two citizens spend them (card 2 has expired).
    for card in [0, 1] {
        insert_card(&s.kiosk, card).await;
        let generation = s.kiosk.session().generation;
        s.kiosk
            .book(form(&s.kiosk), generation)
            .await
            .expect("booked from the lease");
    }
    let options = s
        .kiosk
        .booking_options(&official, UiLang::Az)
        .await
        .expect("options");
    let spent = options.dates.iter().find(|d| d.date == day.to_string());
    let spent = spent.expect("the day is offered");
    assert!(!spent.bookable_here, "{spent:?}");
    assert!(spent.bookable, "online, the server may still have places");

    // The third citizen's place comes from the server, and is stored as delivered.
    insert_card(&s.kiosk, 3).await;
    let generation = s.kiosk.session().generation;
    let booked = s
        .kiosk
        .book(form(&s.kiosk), generation)
        .await
        .expect("booked directly");
    let on_server = s
        .server
        .db
        .booking(booked.id)
        .await
        .expect("server db")
        .expect("the server has it before book() returned");
    assert_eq!(
        on_server.booking.place,
        qebul_protocol::api::PlaceSource::Direct
    );
    assert_eq!(on_server.booking.application_number, booked.number);
    let stored = s.kiosk.store().lock().unwrap().booking(booked.id).unwrap();
    assert!(stored.expect("stored").acknowledged_at.is_some());
    let notice = s
        .kiosk
        .notice_status(&booked.id.to_string())
        .expect("notice");
    assert_eq!(
        notice.state,
        qebul_app::NoticeState::Queued,
        "no printer yet"
    );

    // Bookings made elsewhere take the rest of the day: the next citizen is told the place went.
    let taken = s
        .server
        .take_free_places(&official, day)
        .await
        .expect("the day filled");
    assert!(taken > 0);
    insert_card(&s.kiosk, 4).await;
    let generation = s.kiosk.session().generation;
    let refused = s
        .kiosk
        .book_form(form(&s.kiosk).into(), generation)
        .await
        .expect_err("the day is full");
    assert_eq!(refused.code, qebul_app::BookingErrorCode::PlaceGone);
    assert!(
        refused.message.az.contains("son yeri"),
        "{:?}",
        refused.message
    );
    assert!(
        refused.message.ru.contains("последнее место"),
        "{:?}",
        refused.message
    );
    assert!(
        refused.message.en.contains("last place"),
        "{:?}",
        refused.message
    );
    let capacity = s
        .server
        .db
        .day_capacity(&official, day)
        .await
        .expect("db")
        .expect("the day is counted");
    assert_eq!(capacity.taken, capacity.capacity, "{capacity:?}");
    assert_eq!(capacity.taken, capacity.leased + capacity.direct);
}

/// Göhər (demo card 0) as the server's records know her.
fn gohar_wire() -> qebul_protocol::api::CitizenWire {
    let record = qebul_server::demo_registry()
        .expect("demo registry")
        .into_iter()
        .find(|r| r.fin == "5ZK7Q2M")
        .expect("Göhər");
    qebul_protocol::api::CitizenWire {
        fin: record.fin,
        name: record.full_name,
        document_number: record.document_number.expect("her card's number"),
        birth_date: Some(record.birth_date),
        phone: "+994501234567".into(),
        email: None,
        workplace: "-".into(),
        position: "-".into(),
        address: record.address,
        note: String::new(),
    }
}

/// Asserts that `id` is cancelled on the server and in the kiosk's store; the server's copy.
async fn cancelled_on_both_sides(s: &Setup, id: uuid::Uuid) -> qebul_server::db::StoredBooking {
    let on_server = s
        .server
        .db
        .booking(id)
        .await
        .expect("db")
        .expect("the server keeps it");
    assert_eq!(
        on_server.status,
        qebul_protocol::api::BookingStatus::Cancelled
    );
    let stored = s.kiosk.store().lock().unwrap().booking(id).unwrap();
    assert_eq!(stored.expect("here").status, "cancelled");
    on_server
}

/// The barcode of a booking as its notice prints it.
fn barcode_of(b: &qebul_protocol::api::BookingWire) -> String {
    let number = qebul_core::numbering::ApplicationNumber::new(b.application_number).expect("n");
    qebul_core::numbering::BarcodePayload::new(
        number,
        qebul_core::time::baku_date(&b.created_at),
        b.reception_date,
    )
    .encode()
}

fn query(
    date: &str,
    official: &str,
    status: Option<qebul_app::StatusFilterView>,
) -> qebul_app::HistoryQueryView {
    qebul_app::HistoryQueryView {
        date: date.into(),
        official: official.into(),
        status,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_finds_every_kiosks_applications_comments_cancels_and_checks_in() {
    use qebul_app::{ApplicationStatusView as St, CheckInOutcome, CitizenErrorCode, HistorySource};
    let s = kiosk().await;
    insert_gohar(&s.kiosk).await;
    let g = s.kiosk.session().generation;
    let here = s.kiosk.book(form(&s.kiosk), g).await.expect("booked here");
    let officials = s.kiosk.officials(UiLang::Az).expect("officials").officials;
    let today = qebul_core::time::baku_date(&chrono::Utc::now());
    // Another kiosk booked her an audience with the second official for today.
    let elsewhere = s
        .server
        .book_elsewhere(gohar_wire(), &officials[1].id, today)
        .await
        .expect("booked elsewhere");

    let all = s
        .kiosk
        .history(g, query("", "", None), UiLang::Az)
        .await
        .expect("history");
    assert_eq!(all.source, HistorySource::Server);
    assert_eq!(all.total, 2);
    let numbers: Vec<_> = all
        .applications
        .iter()
        .map(|a| a.booking_id.clone())
        .collect();
    assert_eq!(
        numbers,
        [elsewhere.booking_id.to_string(), here.id.to_string()],
        "newest first"
    );
    assert_eq!(all.applications[0].official_name, officials[1].full_name);
    assert_eq!(all.applications[0].official_position, officials[1].position);

    // A date typed day first with dashes (the guide's 3-4-2015), an official misspelt without
    // its Azerbaijani letters, a status.
    let reception = form(&s.kiosk)
        .reception_date
        .parse::<chrono::NaiveDate>()
        .expect("date");
    let typed = reception.format("%-d-%-m-%Y").to_string();
    let by_date = s
        .kiosk
        .history(g, query(&typed, "", None), UiLang::Ru)
        .await
        .expect("by date");
    assert_eq!(by_date.applications.len(), 1, "{typed}");
    assert_eq!(by_date.applications[0].booking_id, here.id.to_string());
    assert!(by_date.date_searched.is_some());
    let loose = officials[1]
        .full_name
        .to_lowercase()
        .replace('ə', "a")
        .replace('İ', "i");
    let by_official = s
        .kiosk
        .history(g, query("", &loose[..8], None), UiLang::Az)
        .await
        .expect("by official");
    assert_eq!(by_official.applications.len(), 1, "{loose}");
    assert_eq!(
        by_official.applications[0].booking_id,
        elsewhere.booking_id.to_string()
    );
    let refused = s
        .kiosk
        .history(g, query("31.02.2026", "", None), UiLang::En)
        .await
        .expect_err("no such day");
    assert_eq!(refused.code, CitizenErrorCode::Search);
    assert!(
        refused.message.az.contains("31.02.2026"),
        "{:?}",
        refused.message
    );
    assert!(
        refused.message.ru.contains("31.02.2026"),
        "{:?}",
        refused.message
    );

    // Details, a comment, then the cancellation.
    let details = s
        .kiosk
        .application(g, &here.id.to_string(), UiLang::En)
        .await
        .expect("details");
    assert!(details.can_cancel && details.can_print && details.can_comment);
    assert_eq!(details.comment_limit, 1000);
    assert_eq!(details.timeline[0].kind, qebul_app::TimelineKind::Applied);
    let too_long = "ə".repeat(1001);
    let err = s
        .kiosk
        .comment_application(g, &here.id.to_string(), &too_long, UiLang::En)
        .await
        .expect_err("too long");
    assert_eq!(err.code, CitizenErrorCode::CommentInvalid);
    assert!(err.message.en.contains("1000"), "{:?}", err.message);
    let commented = s
        .kiosk
        .comment_application(
            g,
            &here.id.to_string(),
            "Zəng edin, xahiş edirəm.",
            UiLang::Az,
        )
        .await
        .expect("commented");
    let comment = commented
        .timeline
        .iter()
        .find(|t| t.kind == qebul_app::TimelineKind::Comment)
        .expect("the comment in the timeline");
    assert_eq!(comment.text.as_deref(), Some("Zəng edin, xahiş edirəm."));
    assert!(!comment.not_sent);

    let day_before = s
        .server
        .db
        .booking(here.id)
        .await
        .expect("db")
        .expect("the server has it");
    assert_eq!(
        day_before.status,
        qebul_protocol::api::BookingStatus::Booked
    );
    let cancelled = s
        .kiosk
        .cancel_application(g, &here.id.to_string(), UiLang::Ru)
        .await
        .expect("cancelled");
    assert_eq!(cancelled.row.status, St::Cancelled);
    assert!(!cancelled.can_cancel);
    let on_server = cancelled_on_both_sides(&s, here.id).await;
    let again = s
        .kiosk
        .cancel_application(g, &here.id.to_string(), UiLang::Az)
        .await
        .expect_err("once is enough");
    assert_eq!(again.code, CitizenErrorCode::NotCancellable);
    let by_status = s
        .kiosk
        .history(
            g,
            query("", "", Some(qebul_app::StatusFilterView::Cancelled)),
            UiLang::Az,
        )
        .await
        .expect("cancelled ones");
    assert_eq!(by_status.applications.len(), 1);
    assert_eq!(by_status.applications[0].status, St::Cancelled);

    // Printing: this kiosk's notice again (still queued here: no printer), another kiosk's not.
    let busy = s
        .kiosk
        .print_application(g, &here.id.to_string())
        .await
        .expect_err("queued");
    assert_eq!(busy.code, CitizenErrorCode::AlreadyPrinting);
    let other = s
        .kiosk
        .print_application(g, &elsewhere.booking_id.to_string())
        .await
        .expect_err("elsewhere");
    assert_eq!(other.code, CitizenErrorCode::PrintElsewhere);

    // Checking in: by card (today's booking, made elsewhere), twice; by barcodes.
    let first = s
        .kiosk
        .check_in_card(g, UiLang::En)
        .await
        .expect("checked in");
    assert_eq!(first.rows.len(), 1);
    assert_eq!(first.rows[0].outcome, CheckInOutcome::CheckedIn);
    assert_eq!(first.rows[0].place_in_line, Some(1));
    assert_eq!(
        first.rows[0]
            .official
            .as_ref()
            .map(|o| o.full_name.as_str()),
        Some(officials[1].full_name.as_str())
    );
    assert!(first.rows[0].room.is_some(), "the demo catalog gives rooms");
    let second = s.kiosk.check_in_card(g, UiLang::En).await.expect("again");
    assert_eq!(second.rows[0].outcome, CheckInOutcome::AlreadyCheckedIn);
    let by_barcode = s
        .kiosk
        .check_in_barcode(&barcode_of(&elsewhere), UiLang::Az)
        .await
        .expect("scanned");
    assert_eq!(by_barcode.rows[0].outcome, CheckInOutcome::AlreadyCheckedIn);
    let arrivals = s
        .server
        .db
        .updates(
            &s.server
                .db
                .booking(elsewhere.booking_id)
                .await
                .unwrap()
                .unwrap()
                .kiosk_id,
            0,
            100,
        )
        .await
        .expect("events")
        .events
        .into_iter()
        .filter(|e| e.kind == qebul_protocol::api::EventKind::Arrived)
        .count();
    assert_eq!(arrivals, 1, "a second check-in records nothing");
    let here_wire = on_server.booking;
    let cancelled_scan = s
        .kiosk
        .check_in_barcode(&barcode_of(&here_wire), UiLang::Az)
        .await
        .expect("scanned");
    assert_eq!(cancelled_scan.rows[0].outcome, CheckInOutcome::Cancelled);
    let mut unknown = here_wire.clone();
    unknown.application_number = 9_999_999;
    let unknown = s
        .kiosk
        .check_in_barcode(&barcode_of(&unknown), UiLang::Az)
        .await
        .expect("scanned");
    assert_eq!(unknown.rows[0].outcome, CheckInOutcome::Unknown);
    let garbage = s
        .kiosk
        .check_in_barcode("12345", UiLang::Az)
        .await
        .expect_err("not a barcode");
    assert_eq!(garbage.code, CitizenErrorCode::BarcodeUnreadable);
    for text in [
        &garbage.message.az,
        &garbage.message.ru,
        &garbage.message.en,
    ] {
        assert!(!text.is_empty());
    }

    // The card goes: the history is nobody's.
    s.kiosk.demo_remove_card().expect("removed");
    let mut session = s.kiosk.session_changes();
    until(&mut session, |v| v.citizen.is_none()).await;
    let gone = s
        .kiosk
        .history(g, query("", "", None), UiLang::Az)
        .await
        .expect_err("no card");
    assert_eq!(gone.code, CitizenErrorCode::CardNeeded);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_the_history_is_this_kiosks_and_a_cancellation_and_a_comment_wait_for_the_server() {
    use qebul_app::{ApplicationStatusView as St, HistorySource};
    let s = kiosk().await;
    insert_gohar(&s.kiosk).await;
    let g = s.kiosk.session().generation;
    let here = s.kiosk.book(form(&s.kiosk), g).await.expect("booked");
    let mut sync = s.kiosk.sync_changes();
    // The booking goes up at once (book() wakes the sync task).
    for _ in 0..200 {
        if s.server.db.booking(here.id).await.expect("db").is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    s.server.stop().await;
    s.kiosk.sync_now();
    until(&mut sync, |v| !v.online).await;
    let history = s
        .kiosk
        .history(g, query("", "", None), UiLang::Az)
        .await
        .expect("history");
    assert_eq!(history.source, HistorySource::ThisKiosk);
    assert_eq!(history.total, 1);

    let id = here.id.to_string();
    let cancelling = s
        .kiosk
        .cancel_application(g, &id, UiLang::Az)
        .await
        .expect("queued");
    assert_eq!(cancelling.row.status, St::Cancelling);
    assert!(!cancelling.can_cancel);
    let commented = s
        .kiosk
        .comment_application(g, &id, "Gələ bilməyəcəyəm.", UiLang::Az)
        .await
        .expect("queued");
    let queued = commented
        .timeline
        .iter()
        .find(|t| t.kind == qebul_app::TimelineKind::Comment)
        .expect("the comment");
    assert!(queued.not_sent);
    assert_eq!(
        s.server
            .db
            .booking(here.id)
            .await
            .expect("db")
            .expect("there")
            .status,
        qebul_protocol::api::BookingStatus::Booked,
        "nothing reached the server"
    );

    s.server.restart().await.expect("back");
    s.kiosk.sync_now();
    until(&mut sync, |v| v.online).await;
    cancelled_on_both_sides(&s, here.id).await;
    let details = s
        .kiosk
        .application(g, &id, UiLang::Az)
        .await
        .expect("details");
    assert_eq!(details.row.status, St::Cancelled);
    let comments: Vec<_> = details
        .timeline
        .iter()
        .filter(|t| t.kind == qebul_app::TimelineKind::Comment)
        .collect();
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert!(!comments[0].not_sent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_set_back_after_the_last_grant_does_not_stretch_the_kiosks_leases() {
    let s = kiosk().await;
    insert_gohar(&s.kiosk).await;
    let g = s.kiosk.session().generation;
    let mut sync = s.kiosk.sync_changes();
    // Offline, so the kiosk books on its own leases and no new grant moves its clock.
    s.server.stop().await;
    s.kiosk.sync_now();
    until(&mut sync, |v| !v.online).await;

    // The last grant came while the wall clock read 30 days ahead; it has been set right since.
    // By the lease clock the kiosk's leases (a day long at most) have ended.
    let clock = s.kiosk.lease_clock();
    clock.set_anchor(
        chrono::Utc::now() + chrono::Duration::days(30),
        clock.reading(),
    );
    let refused = s
        .kiosk
        .book(form(&s.kiosk), g)
        .await
        .expect_err("a lease past its end by the lease clock");
    assert!(
        matches!(
            refused,
            qebul_app::BookingRefusal::Store(qebul_store::BookError::NoLease { .. })
        ),
        "{refused:?}"
    );
    let store_bookings = |kiosk: &Kiosk| {
        kiosk
            .store()
            .lock()
            .unwrap()
            .connection()
            .query_row("SELECT count(*) FROM bookings", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    assert_eq!(store_bookings(&s.kiosk), 0);

    // The same booking by a clock anchored now: the lease is still there.
    clock.set_anchor(chrono::Utc::now(), clock.reading());
    s.kiosk.book(form(&s.kiosk), g).await.expect("booked");
    assert_eq!(store_bookings(&s.kiosk), 1);
}

/// One `input_event` record of the headphone switch, as the kernel writes it.
fn headphone_record(plugged: bool) -> Vec<u8> {
    let mut record = vec![0u8; qebul_speech::INPUT_EVENT_LEN];
    let tail = qebul_speech::INPUT_EVENT_LEN - 8;
    record[tail..tail + 2].copy_from_slice(&5u16.to_ne_bytes()); // EV_SW
    record[tail + 2..tail + 4].copy_from_slice(&2u16.to_ne_bytes()); // SW_HEADPHONE_INSERT
    record[tail + 4..].copy_from_slice(&i32::from(plugged).to_ne_bytes());
    record
}

/// The texts spoken so far into `dir` (the WAV voice's `.txt` files), oldest first.
fn spoken_texts(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("speech dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = p.file_stem().expect("name").to_string_lossy().into_owned();
            let lang = name.rsplit('-').next().expect("lang").to_owned();
            (lang, std::fs::read_to_string(p).expect("text"))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn speech_mode_speaks_in_the_sessions_language_and_the_next_person_starts_plain() {
    let mut s = kiosk().await;
    let voice_dir = s.dir.path().join("speech");
    std::fs::create_dir_all(&voice_dir).expect("dir");
    s.kiosk
        .use_speech(&qebul_app::SpeechOutput::WavDir(voice_dir.clone()));
    let kiosk = &s.kiosk;
    let mut session = kiosk.session_changes();

    // Out of speech mode nothing is said.
    kiosk.speak("Qəbula yazılmaq");
    assert!(spoken_texts(&voice_dir).is_empty());

    kiosk.set_access(qebul_app::AccessChange {
        speech: Some(true),
        large_text: Some(true),
        high_contrast: None,
    });
    let on = until(&mut session, |v| v.access.speech).await;
    assert_eq!(
        on.phase,
        SessionPhase::Visitor,
        "a key on the keypad is someone there"
    );
    assert!(on.access.large_text && !on.access.high_contrast);
    kiosk.set_language(UiLang::Ru);
    until(&mut session, |v| v.lang == UiLang::Ru).await;
    kiosk.speak("Дата приёма: 08.12.2026, номер 10000061");
    kiosk.speech_control(qebul_app::SpeechControl::VolumeUp);
    let louder = until(&mut session, |v| v.access.volume == 4).await;
    assert!(louder.access.speech);
    let said = spoken_texts(&voice_dir);
    assert_eq!(
        said,
        vec![
            (
                "ru".to_owned(),
                "Дата приёма: 8 декабря 2026 года, номер 1 0 0, 0 0 0, 6 1".to_owned()
            ),
            // Volume up says the last words again, at the new level.
            (
                "ru".to_owned(),
                "Дата приёма: 8 декабря 2026 года, номер 1 0 0, 0 0 0, 6 1".to_owned()
            ),
        ]
    );

    // The session ends: everything back to the defaults, and nothing more is said.
    kiosk.finish();
    let plain = until(&mut session, |v| v.phase == SessionPhase::None).await;
    assert_eq!(
        plain.access,
        qebul_app::AccessView {
            speech: false,
            volume: 3,
            large_text: false,
            high_contrast: false
        }
    );
    kiosk.speak("Qəbula yazılmaq");
    assert_eq!(spoken_texts(&voice_dir).len(), 2);

    // Headphones plugged into the jack turn speech on for whoever comes next.
    let jack = s.dir.path().join("jack");
    let c_path = std::ffi::CString::new(jack.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the file.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
    let writer = std::thread::spawn({
        let jack = jack.clone();
        move || {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(&jack)
                .expect("fifo");
            f.write_all(&headphone_record(true)).expect("write");
        }
    });
    kiosk.watch_headphones(jack).expect("jack");
    writer.join().expect("writer");
    let listening = until(&mut session, |v| v.access.speech).await;
    assert_eq!(listening.phase, SessionPhase::Visitor);
    kiosk.speak("Qəbula yazılmaq. 09:00–13:00");
    assert_eq!(
        spoken_texts(&voice_dir).last(),
        Some(&(
            "az".to_owned(),
            "Qəbula yazılmaq. 9 ilə 13 arası".to_owned()
        ))
    );
}
