//! The staff screen's actions as the UI uses them, with no webview (see `staff_support`):
//! reprint by scan, number, name or date; seals checked; the day's list; unsent work and a
//! refusal resolved; the printer out of paper; the preview; the kiosk's care view.

use base64::Engine as _;
use chrono::Utc;
use qebul_app::{DayChoice, ErrorCode, PrintJobState, SealVerdict, UiLang, UnsentKind};
use qebul_core::numbering::{ApplicationNumber, BarcodePayload};
use qebul_core::time::baku_date;
use qebul_notice::PaperWidth;
use qebul_store::key::notice_key;
use uuid::Uuid;

mod staff_support;
use staff_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_notice_is_found_by_scan_number_name_or_date_reprinted_and_its_seal_checked() {
    let s = kiosk().await;
    let id = book_as_gohar(&s.kiosk).await;
    let (today_id, today_barcode) = book_today(&s.kiosk);
    printed(&s.kiosk, today_id, 1).await;
    let b = s
        .kiosk
        .store()
        .lock()
        .unwrap()
        .booking(id)
        .unwrap()
        .unwrap();
    let number = ApplicationNumber::new(b.number).unwrap();
    let barcode = BarcodePayload::new(number, baku_date(&b.created_at), b.reception_date).encode();
    assert_eq!(
        s.kiosk.staff_find_notices(&barcode).await.unwrap_err().code,
        ErrorCode::StaffClosed
    );
    s.kiosk.staff_open(PIN).await.expect("opened");

    // A wedge scanner types the 15 digits; the number, a name and a date find it too.
    let grouped = format!("{}·{}·{}", &barcode[..4], &barcode[4..11], &barcode[11..]);
    let date = b.reception_date.format("%d.%m.%Y").to_string();
    for query in [
        barcode.as_str(),
        &grouped,
        &number.to_string(),
        "abdullayeva",
        &date,
    ] {
        let rows = s.kiosk.staff_find_notices(query).await.expect("found");
        let row = rows
            .iter()
            .find(|r| r.booking == id.to_string())
            .unwrap_or_else(|| panic!("{query:?} finds the notice: {rows:?}"));
        assert_eq!(row.number, number.displayed());
        assert_eq!(row.citizen, "Abdullayeva G.", "surname and initial only");
        assert_eq!(row.times_printed, 1);
        assert_eq!(
            row.date,
            qebul_core::text::numeric_date(b.reception_date),
            "dd.mm.yyyy"
        );
    }
    assert!(s
        .kiosk
        .staff_find_notices("Heç kim")
        .await
        .unwrap()
        .is_empty());

    // The reprint comes out of the printer marked as one.
    std::fs::remove_file(s.notices().join(format!("{}.png", number.displayed()))).unwrap();
    let job = s
        .kiosk
        .staff_reprint(&id.to_string())
        .await
        .expect("reprint");
    printed(&s.kiosk, id, 2).await;
    let stored = s
        .kiosk
        .store()
        .lock()
        .unwrap()
        .print_job(i64::from(job))
        .unwrap()
        .unwrap();
    assert_eq!(stored.reprint_count, 1, "the job is a reprint");
    assert!(s
        .notices()
        .join(format!("{}.png", number.displayed()))
        .exists());
    let rows = s.kiosk.staff_find_notices(&barcode).await.unwrap();
    assert_eq!(rows[0].times_printed, 2);
    let unknown = s
        .kiosk
        .staff_reprint(&Uuid::now_v7().to_string())
        .await
        .unwrap_err();
    assert_eq!(unknown.code, ErrorCode::StaffNotFound);

    // The seal this kiosk prints is genuine; altered or signed with another key, forged.
    let catalog = s.kiosk.catalog().unwrap();
    let seal_key = notice_key(&s.keys).unwrap();
    let ctx = qebul_printer::queue::NoticeContext {
        catalog: &catalog,
        kiosk_id: &s.kiosk_id,
        seal_key: &seal_key,
    };
    let seal = qebul_printer::queue::notice_for(&b, false, &ctx, Utc::now())
        .unwrap()
        .seal
        .expect("sealed");
    let genuine = s
        .kiosk
        .staff_verify_seal(&format!("{seal}\n"))
        .await
        .unwrap();
    assert_eq!(genuine.verdict, SealVerdict::Genuine, "{genuine:?}");
    assert_eq!(genuine.number.as_deref(), Some(number.displayed().as_str()));
    assert_eq!(genuine.kiosk.as_deref(), Some(s.kiosk_id.as_str()));
    assert_eq!(
        genuine.issued_at,
        Some(qebul_core::time::baku_timestamp(&b.created_at)),
        "in Baku time, as people read it"
    );
    assert!(genuine.official.is_some() && genuine.reason.is_none());
    let (body, signature) = seal.rsplit_once('.').unwrap();
    let mut altered: Vec<char> = signature.chars().collect();
    altered[10] = if altered[10] == 'A' { 'B' } else { 'A' };
    let altered = format!("{body}.{}", altered.into_iter().collect::<String>());
    let other_key = qebul_protocol::SigningKey::from_bytes(&[7; 32]);
    let ctx_other = qebul_printer::queue::NoticeContext {
        seal_key: &other_key,
        ..ctx
    };
    let other = qebul_printer::queue::notice_for(&b, false, &ctx_other, Utc::now())
        .unwrap()
        .seal
        .unwrap();
    for forged in [altered, other] {
        let check = s.kiosk.staff_verify_seal(&forged).await.unwrap();
        assert_eq!(check.verdict, SealVerdict::Forged, "{check:?}");
        assert!(check.reason.is_some_and(|r| r.contains("signature")));
    }
    let elsewhere = seal.replacen(&s.kiosk_id, "kiosk-elsewhere", 1);
    let check = s.kiosk.staff_verify_seal(&elsewhere).await.unwrap();
    assert_eq!(check.verdict, SealVerdict::UnknownKiosk, "{check:?}");
    let check = s
        .kiosk
        .staff_verify_seal("https://example.com")
        .await
        .unwrap();
    assert_eq!(check.verdict, SealVerdict::Unreadable);

    // Today's list: the booking for today, checked in by its barcode.
    s.kiosk
        .check_in_barcode(&today_barcode, UiLang::Az)
        .await
        .expect("checked in");
    let day = s
        .kiosk
        .staff_day_list(DayChoice::Today)
        .await
        .expect("day list");
    assert_eq!(
        day.date,
        qebul_core::text::numeric_date(baku_date(&Utc::now()))
    );
    let listed: Vec<_> = day.officials.iter().flat_map(|o| &o.bookings).collect();
    let today_row = listed
        .iter()
        .find(|r| r.citizen == "Əliyev Ə.")
        .unwrap_or_else(|| panic!("{day:?}"));
    assert!(today_row.checked_in && !today_row.cancelled);

    // The preview is the notice drawn from its ESC/POS bytes.
    let url = s
        .kiosk
        .staff_notice_preview(&id.to_string())
        .await
        .expect("preview");
    let png = base64::engine::general_purpose::STANDARD
        .decode(
            url.strip_prefix("data:image/png;base64,")
                .expect("a PNG data URL"),
        )
        .unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(frame.width, PaperWidth::Mm80.dots());
    assert!(frame.height > 400, "a whole notice: {}", frame.height);

    let info = s.kiosk.staff_kiosk().await.expect("kiosk");
    assert_eq!(info.kiosk_id.as_deref(), Some(s.kiosk_id.as_str()));
    assert!(info.enrolled && info.catalog_signature_ok && info.catalog_version.is_some());
    assert!(!info.leases.is_empty() && info.leases.iter().any(|l| l.used >= 1));
    assert!(info.numbers_left > 0);
    assert!(info.disk_free_bytes.parse::<u64>().unwrap() > 0);
    assert!(info.database_bytes.parse::<u64>().unwrap() > 0);

    assert_eq!(
        actions_by(&s.kiosk, "Demo"),
        [
            "staff-open",
            // Each search shows names: audited (by barcode twice, number, name, date, …).
            "find-notices",
            "find-notices",
            "find-notices",
            "find-notices",
            "find-notices",
            "find-notices",
            "reprint",
            "find-notices",
            "verify-seal",
            "verify-seal",
            "verify-seal",
            "verify-seal",
            "verify-seal",
            "day-list",
            "notice-preview"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsent_work_shows_while_the_server_is_down_and_a_refused_push_is_resolved() {
    let s = kiosk().await;
    s.server.stop().await;
    let (id, barcode) = book_today(&s.kiosk);
    s.kiosk
        .check_in_barcode(&barcode, UiLang::Az)
        .await
        .expect("checked in offline");
    s.kiosk.staff_open(PIN).await.expect("opened");
    let mut sync = s.kiosk.sync_changes();
    s.kiosk.staff_sync_now().await.expect("sync now");
    until(&mut sync, |v| !v.online && v.last_error.is_some()).await;
    let unsent = s.kiosk.staff_unsent().await.expect("unsent");
    let number = ApplicationNumber::new(
        s.kiosk
            .store()
            .lock()
            .unwrap()
            .booking(id)
            .unwrap()
            .unwrap()
            .number,
    )
    .unwrap()
    .displayed();
    let kinds: Vec<_> = unsent
        .items
        .iter()
        .map(|i| (i.kind, i.number.as_str()))
        .collect();
    assert!(
        kinds.contains(&(UnsentKind::Booking, number.as_str())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(UnsentKind::CheckIn, number.as_str())),
        "{kinds:?}"
    );
    let booking = unsent
        .items
        .iter()
        .find(|i| i.kind == UnsentKind::Booking)
        .unwrap();
    assert!(
        booking.last_error.is_some(),
        "why it is not sent: {booking:?}"
    );
    assert!(!booking.since.is_empty());
    assert!(!unsent.sync.online);

    // The server refuses the booking for good (as it would a policy breach).
    let key = {
        let mut store = s.kiosk.store().lock().unwrap();
        let entry = store.outbox_entry_for(id).unwrap().unwrap();
        let result = qebul_protocol::api::PushResult {
            seq: u64::try_from(entry.seq).unwrap(),
            idempotency_key: entry.key,
            outcome: qebul_protocol::api::PushOutcome::Refused {
                code: "policy".into(),
                message: "one booking per official and week".into(),
            },
        };
        assert_eq!(
            store
                .apply_push_results(&[result], Utc::now())
                .unwrap()
                .refused,
            1
        );
        entry.key.to_string()
    };
    assert_eq!(
        s.kiosk
            .store()
            .lock()
            .unwrap()
            .outbox_counts()
            .unwrap()
            .refused,
        1
    );
    s.kiosk.staff_sync_now().await.expect("sync now");
    until(&mut sync, |v| v.refused == 1).await;
    let view = s.kiosk.staff_unsent().await.unwrap();
    assert_eq!(view.refused.len(), 1);
    assert_eq!(
        (view.refused[0].id.as_str(), view.refused[0].kind),
        (key.as_str(), UnsentKind::Booking)
    );
    assert!(view.refused[0].reason.contains("one booking per official"));
    let e = s.kiosk.staff_resolve_refused(&key, "  ").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::StaffNoteInvalid);
    let e = s
        .kiosk
        .staff_resolve_refused(&Uuid::now_v7().to_string(), "x")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::StaffNotFound);
    s.kiosk
        .staff_resolve_refused(&key, "Called the citizen; booked again")
        .await
        .unwrap();
    assert!(s.kiosk.staff_unsent().await.unwrap().refused.is_empty());
    assert_eq!(
        s.kiosk
            .store()
            .lock()
            .unwrap()
            .outbox_counts()
            .unwrap()
            .refused,
        0
    );
    until(&mut sync, |v| v.refused == 0).await;
    let again = s
        .kiosk
        .staff_resolve_refused(&key, "again")
        .await
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::StaffNotFound, "resolved once");
    let audit = s.kiosk.store().lock().unwrap().audit_entries(None).unwrap();
    let resolved = audit
        .iter()
        .find(|e| e.action == "resolve-refused")
        .expect("audited");
    assert_eq!(resolved.actor, "Demo");
    assert_eq!(resolved.subject.as_deref(), Some(key.as_str()));
    assert_eq!(
        resolved.detail.as_deref(),
        Some("Called the citizen; booked again")
    );
    assert!(audit
        .iter()
        .any(|e| e.action == "sync-now" && e.actor == "Demo"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_paper_a_reprint_fails_with_its_reason_and_prints_once_retried() {
    let s = kiosk().await;
    let id = book_as_gohar(&s.kiosk).await;
    s.kiosk.staff_open(PIN).await.expect("opened");
    s.kiosk.staff_test_page().await.expect("a test page");
    s.paper.set_out(true);
    let e = s.kiosk.staff_test_page().await.unwrap_err();
    assert_eq!(e.code, ErrorCode::PrintQueue);
    assert!(e.detail.to_lowercase().contains("paper"), "{e:?}");
    let job = s
        .kiosk
        .staff_reprint(&id.to_string())
        .await
        .expect("queued");
    let failed = eventually("the reprint failed", || {
        let handle = tokio::runtime::Handle::current();
        let care =
            tokio::task::block_in_place(|| handle.block_on(s.kiosk.staff_printer())).unwrap();
        care.queue
            .jobs
            .iter()
            .find(|j| j.id == job && j.state == PrintJobState::Failed)
            .cloned()
            .map(|j| (care.queue.status, j))
    })
    .await;
    assert_eq!(failed.0, Some(qebul_app::PrinterState::PaperOut));
    assert!(failed
        .1
        .reason
        .unwrap_or_default()
        .to_lowercase()
        .contains("paper"));
    s.paper.set_out(false);
    s.kiosk.staff_retry(job).await.expect("retried");
    printed(&s.kiosk, id, 2).await;
    let care = s.kiosk.staff_printer().await.unwrap();
    assert!(care.queue.jobs.is_empty() && !care.paper_low, "{care:?}");
    let e = s.kiosk.staff_retry(job).await.unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::PrintQueue,
        "a printed job is not retried"
    );
    assert_eq!(
        actions_by(&s.kiosk, "Demo"),
        [
            "staff-open",
            "test-page",
            "test-page",
            "reprint",
            "retry-print"
        ]
    );
}

/// Another kiosk's notice: this kiosk holds only its own key, so it asks the central server,
/// which holds every kiosk's; offline it says it cannot vouch for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_kiosks_notice_is_checked_at_the_server_and_offline_is_not_vouched_for() {
    use qebul_protocol::{NoticeSeal, SigningKey};
    use qebul_server::auth;
    let s = kiosk().await;
    s.kiosk.staff_open(PIN).await.expect("open");
    let code = auth::new_enrollment_code().expect("code");
    s.server
        .db
        .create_enrollment(
            "hall 2",
            &auth::secret_hash(&auth::normalise_code(&code)),
            Utc::now(),
        )
        .await
        .expect("enrollment");
    let key_b = SigningKey::from_bytes(&[23; 32]);
    let b = qebul_sync::ServerClient::new(&s.server.base_url())
        .expect("client")
        .enroll_with_notice_key(&code, Some(&key_b.verifying_key()))
        .await
        .expect("kiosk B enrolled");
    let seal = NoticeSeal {
        kiosk: b.kiosk_id.clone(),
        booking: Uuid::now_v7(),
        number: "10000077".into(),
        reception_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 21).expect("day"),
        official: "isgenderov-sahin".into(),
    }
    .sign(&key_b)
    .expect("seal");

    let genuine = s.kiosk.staff_verify_seal(&seal).await.expect("checked");
    assert_eq!(genuine.verdict, SealVerdict::Genuine, "{genuine:?}");
    assert_eq!(
        genuine.kiosk,
        Some(format!("hall 2 ({})", b.kiosk_id)),
        "named as the server knows it"
    );
    assert_eq!(genuine.number.as_deref(), Some("10000077"));
    let forged = seal.replacen(".10000077.", ".10000078.", 1);
    let check = s.kiosk.staff_verify_seal(&forged).await.expect("checked");
    assert_eq!(check.verdict, SealVerdict::Forged, "{check:?}");

    s.server.stop().await;
    let offline = s.kiosk.staff_verify_seal(&seal).await.expect("checked");
    assert_eq!(offline.verdict, SealVerdict::UnknownKiosk, "{offline:?}");
    assert!(
        offline
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("cannot be asked now")),
        "{offline:?}"
    );
    let audited = actions_by(&s.kiosk, "Demo");
    assert_eq!(
        audited.iter().filter(|a| *a == "verify-seal").count(),
        3,
        "{audited:?}"
    );
}
