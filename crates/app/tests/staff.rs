//! The staff screen's PIN gate as the UI uses it, with no webview (see `staff_support`): the
//! lock-out (also after a restart), the citizen's session ended, the PIN changed, the idle close.

use std::time::Duration;

use qebul_app::{ErrorCode, Kiosk, SessionConfig, SessionPhase, StaffPhase};
use qebul_store::Store;

mod staff_support;
use staff_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_wrong_pins_lock_the_staff_screen_even_after_a_restart() {
    let s = kiosk().await;
    assert_eq!(
        s.kiosk.staff_touch().unwrap_err().code,
        ErrorCode::StaffClosed,
        "no staff action while closed"
    );
    for left in (1..5).rev() {
        let e = s.kiosk.staff_open("1111").await.unwrap_err();
        assert_eq!(e.code, ErrorCode::StaffPinWrong);
        assert_eq!(s.kiosk.staff_status().attempts_left, left);
    }
    let e = s.kiosk.staff_open("1111").await.unwrap_err();
    assert_eq!(
        (e.code, e.detail.as_str()),
        (ErrorCode::StaffLockedOut, "60")
    );
    // Even the right PIN waits for the lock-out to end.
    let e = s.kiosk.staff_open(PIN).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::StaffLockedOut);
    let view = s.kiosk.staff_status();
    assert_eq!(view.phase, StaffPhase::LockedOut);
    assert!((55..=60).contains(&view.locked_seconds), "{view:?}");
    let refused = actions_by(&s.kiosk, "unknown");
    assert_eq!(
        refused
            .iter()
            .filter(|a| *a == "staff-open-refused")
            .count(),
        6
    );
    assert_eq!(
        refused.iter().filter(|a| *a == "staff-locked-out").count(),
        1
    );

    // The kiosk restarts: the lock-out is in the store.
    let Setup {
        kiosk,
        server,
        dir,
        key,
        token,
        ..
    } = s;
    drop(kiosk);
    let store = Store::open(&dir.path().join("kiosk.db"), &key).expect("reopened");
    let kiosk = connect(&server, store, &token).await;
    assert_eq!(kiosk.staff_status().phase, StaffPhase::LockedOut);
    let e = kiosk.staff_open(PIN).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::StaffLockedOut);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_right_pin_ends_the_citizen_session_and_the_pin_can_be_changed() {
    let s = kiosk().await;
    let mut session = s.kiosk.session_changes();
    s.kiosk.demo_insert_card(0).expect("card");
    until(&mut session, |v| v.phase == SessionPhase::Active).await;
    let mut gate = s.kiosk.staff_changes();
    let view = s.kiosk.staff_open(PIN).await.expect("opened");
    assert_eq!(
        (view.phase, view.who.as_deref()),
        (StaffPhase::Open, Some("Demo"))
    );
    assert_eq!((view.attempts_left, view.idle_seconds), (5, 120));
    until(&mut gate, |v| v.phase == StaffPhase::Open).await;
    let ended = until(&mut session, |v| v.phase == SessionPhase::None).await;
    assert!(
        ended.citizen.is_none(),
        "the citizen's data is gone: {ended:?}"
    );

    let wrong = s.kiosk.staff_change_pin("0000", "1357").await.unwrap_err();
    assert_eq!(wrong.code, ErrorCode::StaffPinWrong);
    let invalid = s.kiosk.staff_change_pin(PIN, "12a4").await.unwrap_err();
    assert_eq!(invalid.code, ErrorCode::StaffPinInvalid);
    s.kiosk
        .staff_change_pin(PIN, "1357")
        .await
        .expect("changed");
    s.kiosk.staff_close().expect("closed");
    until(&mut gate, |v| v.phase == StaffPhase::Closed).await;
    assert_eq!(
        s.kiosk.staff_open(PIN).await.unwrap_err().code,
        ErrorCode::StaffPinWrong,
        "the old PIN no longer opens"
    );
    s.kiosk.staff_open("1357").await.expect("the new PIN opens");
    assert_eq!(
        actions_by(&s.kiosk, "Demo"),
        [
            "staff-open",
            "staff-pin-changed",
            "staff-close",
            "staff-open"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_staff_screen_closes_itself() {
    let s = kiosk().await;
    s.kiosk.set_staff_idle(Duration::from_secs(1));
    let mut gate = s.kiosk.staff_changes();
    s.kiosk.staff_open(PIN).await.expect("opened");
    let closed = until(&mut gate, |v| v.phase == StaffPhase::Closed).await;
    assert_eq!(closed.who, None);
    assert_eq!(
        s.kiosk.staff_touch().unwrap_err().code,
        ErrorCode::StaffClosed
    );
    assert_eq!(
        actions_by(&s.kiosk, "Demo"),
        ["staff-open", "staff-idle-close"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_screens_own_refreshes_do_not_keep_an_unattended_staff_screen_open() {
    let s = kiosk().await;
    s.kiosk.set_staff_idle(Duration::from_secs(2));
    s.kiosk.staff_open(PIN).await.expect("opened");
    // What the unsent, printer and kiosk tabs ask by themselves after each sync round or print.
    let refreshes = async {
        while s.kiosk.staff_unsent().await.is_ok() {
            let _ = s.kiosk.staff_printer().await;
            let _ = s.kiosk.staff_kiosk().await;
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(30), refreshes)
        .await
        .expect("refreshed views kept the staff screen open");
    assert_eq!(s.kiosk.staff_status().phase, StaffPhase::Closed);
    assert_eq!(
        actions_by(&s.kiosk, "Demo"),
        ["staff-open", "staff-idle-close"],
        "refreshes are not audited"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_has_a_staff_member_whose_pin_opens_the_staff_screen() {
    let dir = tempfile::tempdir().expect("dir");
    let config = qebul_app::KioskConfig {
        server: None,
        demo: true,
        data_dir: Some(dir.path().join("data")),
        enroll_code: None,
        catalog_key: None,
        new_database: false,
        printer: None,
        card_reader: None,
        session: SessionConfig::default(),
        notice_dir: dir.path().join("notices"),
        demo_printer: qebul_app::DemoPrinter::Virtual,
        speech: qebul_app::SpeechOutput::Off,
        headphone_jack: None,
        staff_idle: Duration::from_secs(45),
    };
    let kiosk = Kiosk::start(&config).await.expect("demo");
    assert_eq!(kiosk.staff_status().idle_seconds, 45);
    let view = kiosk
        .staff_open(qebul_app::DEMO_STAFF_PIN)
        .await
        .expect("opened");
    assert_eq!(view.who.as_deref(), Some(qebul_app::DEMO_STAFF_NAME));
    let info = kiosk.staff_kiosk().await.expect("kiosk");
    assert!(info.kiosk_id.is_some() && info.enrolled, "{info:?}");
}
