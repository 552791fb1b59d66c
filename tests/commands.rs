//! The commands as the UI calls them, through Tauri's IPC (mock runtime, no webview), against
//! the real reference server on loopback.

use clap::Parser as _;
use qebul_kiosk::Kiosk;
use qebul_sync::ServerClient;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

fn app_with(kiosk: Kiosk) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let specta = qebul_kiosk::specta_builder::<MockRuntime>();
    let app = mock_builder()
        .invoke_handler(specta.invoke_handler())
        .manage(kiosk)
        .build(qebul_kiosk::context())
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window builds");
    (app, window)
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("json response"))
}

/// The demo kiosk: the embedded reference server, enrolled, one sync round done.
fn demo_kiosk() -> (tempfile::TempDir, Kiosk) {
    demo_kiosk_with(&[])
}

fn demo_kiosk_with(extra: &[&str]) -> (tempfile::TempDir, Kiosk) {
    let dir = tempfile::tempdir().expect("dir");
    let mut args: Vec<std::ffi::OsString> = vec![
        "qebul-kiosk".into(),
        "--demo".into(),
        "--data-dir".into(),
        dir.path().join("data").into(),
        "--notice-dir".into(),
        dir.path().join("notices").into(),
    ];
    args.extend(extra.iter().map(Into::into));
    let args = qebul_kiosk::Args::parse_from(args);
    let kiosk =
        tauri::async_runtime::block_on(Kiosk::start(&args.config())).expect("demo kiosk starts");
    (dir, kiosk)
}

#[test]
fn the_demo_prints_its_test_page_through_the_escpos_renderer() {
    let (dir, kiosk) = demo_kiosk();
    let notices = dir.path().join("notices");
    let bytes = std::fs::read(notices.join("SINAQ.escpos")).expect("the ESC/POS bytes");
    let pages = qebul_notice::escpos::decode(&bytes).expect("they decode");
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].width, 576);
    assert!(std::fs::read(notices.join("SINAQ.png"))
        .unwrap()
        .starts_with(b"\x89PNG"));
    assert!(std::fs::read(notices.join("SINAQ.pdf"))
        .unwrap()
        .starts_with(b"%PDF-"));
    let (_app, window) = app_with(kiosk);
    let queue = invoke(&window, "print_queue", json!({})).unwrap();
    assert!(queue["printer"]
        .as_str()
        .unwrap()
        .starts_with("virtual printer"));
    assert_eq!(queue["jobs"], json!([]));
}

#[test]
fn print_queue_reports_a_network_printer_out_of_paper_and_then_ready() {
    let emulator = qebul_printer::EmulatedPrinter::start().unwrap();
    emulator.run_out_of_paper_after(0);
    let spec = format!("tcp:{}", emulator.address());
    // The test page fails (no paper); the kiosk starts anyway.
    let (_dir, kiosk) = demo_kiosk_with(&["--printer", &spec]);
    let (_app, window) = app_with(kiosk);
    let queue = invoke(&window, "print_queue", json!({})).unwrap();
    assert!(queue["printer"]
        .as_str()
        .unwrap()
        .contains(&emulator.address().to_string()));
    assert_eq!(queue["status"], "paper-out");
    emulator.load_paper();
    let queue = invoke(&window, "print_queue", json!({})).unwrap();
    assert_eq!(queue["status"], "ready");
    assert!(
        emulator.take_pages().is_empty(),
        "nothing printed without paper"
    );

    let err = invoke(&window, "retry_print", json!({ "job": 4242 })).unwrap_err();
    assert_eq!(err["code"], "print-queue");
    assert!(err["detail"].as_str().unwrap().contains("4242"), "{err}");
}

#[test]
fn list_officials_returns_the_seed_officials_in_the_chosen_language() {
    let (_dir, kiosk) = demo_kiosk();
    let (_app, window) = app_with(kiosk);

    let az = invoke(&window, "list_officials", json!({ "lang": "az" })).expect("az list");
    assert_eq!(az["authority"], "Biləsuvar Rayon İcra Hakimiyyəti");
    let rows = az["officials"].as_array().expect("rows");
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[0]["full_name"], "QULİYEV MAHİR HACI OĞLU");
    assert_eq!(rows[0]["position"], "İcra başçısı");
    assert_eq!(rows[0]["reception_days"], "birinci günlər");
    assert_eq!(rows[0]["reception_hours"], "10:00-dan");
    assert_eq!(rows[4]["reception_days"], "üçüncü, beşinci günlər");
    assert_eq!(rows[6]["reception_days"], "həftənin bütün iş günləri");
    assert_eq!(rows[6]["reception_hours"], "bütün iş saatı");

    let ru = invoke(&window, "list_officials", json!({ "lang": "ru" })).expect("ru list");
    assert_eq!(
        ru["officials"][0]["position"],
        "Глава исполнительной власти"
    );
    assert_eq!(ru["officials"][0]["reception_days"], "по понедельникам");
    assert_eq!(
        ru["officials"][0]["full_name"], "QULİYEV MAHİR HACI OĞLU",
        "names stay as registered"
    );

    let en = invoke(&window, "list_officials", json!({ "lang": "en" })).expect("en list");
    assert_eq!(
        en["officials"][4]["reception_days"],
        "Wednesdays and Fridays"
    );
    assert_eq!(en["officials"][4]["reception_hours"], "all working hours");
}

#[test]
fn an_unreachable_server_is_an_error_code_the_ui_can_translate() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let client = ServerClient::new(&format!("http://127.0.0.1:{port}")).expect("url");
    let dir = tempfile::tempdir().expect("dir");
    let store = qebul_store::Store::open(
        &dir.path().join("kiosk.db"),
        &qebul_store::key::DbKey::random_for_tests(),
    )
    .expect("store");
    let pinned = qebul_server::auth::new_signing_key()
        .expect("key")
        .verifying_key();
    let kiosk = tauri::async_runtime::block_on(async {
        let mut kiosk = Kiosk::connect(store, client, pinned).await?;
        kiosk.use_card_reader(&qebul_idcard::ReaderSpec::Simulated, Default::default())?;
        anyhow::Ok(kiosk)
    })
    .expect("a kiosk starts offline, with a simulated reader");
    let (_app, window) = app_with(kiosk);
    let err = invoke(&window, "list_officials", json!({ "lang": "az" })).unwrap_err();
    assert_eq!(err["code"], "catalog-unavailable");
    assert!(err["detail"]
        .as_str()
        .unwrap_or_default()
        .contains("127.0.0.1"));

    // Offline, a card still starts a session: the card's own data, and the citizen confirms
    // the address, since the registry cannot.
    invoke(&window, "demo_insert_card", json!({ "index": 0 })).unwrap();
    let status = wait_for_session(&window, |s| !s["citizen"].is_null());
    let citizen = &status["citizen"];
    assert_eq!(
        citizen["full_name"], "ABDULLAYEVA GOHAR",
        "the MRZ's transliteration"
    );
    assert_eq!(citizen["from_registry"], false);
    assert_eq!(citizen["needs_address"], true);
    assert!(citizen["address"].is_null());
    let generation = status["generation"].clone();
    let err = invoke(
        &window,
        "confirm_address",
        json!({ "address": "Bakı", "generation": generation.as_u64().unwrap() + 1 }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "session", "typed on another session's screen");
    invoke(
        &window,
        "confirm_address",
        json!({ "address": "Biləsuvar şəhəri, Nizami küçəsi 5", "generation": generation }),
    )
    .unwrap();
    let status = wait_for_session(&window, |s| s["citizen"]["needs_address"] == false);
    assert_eq!(
        status["citizen"]["address"],
        "Biləsuvar şəhəri, Nizami küçəsi 5"
    );
    let long = "ə".repeat(301);
    let err = invoke(
        &window,
        "confirm_address",
        json!({ "address": long, "generation": generation }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "address-too-long");
    // Counted as a person counts: 300 letters with combining accents are 300, not 600.
    let accented = "ə\u{301}".repeat(300);
    invoke(
        &window,
        "confirm_address",
        json!({ "address": accented, "generation": generation }),
    )
    .unwrap();
    invoke(&window, "session_finish", json!({})).unwrap();
    let status = wait_for_session(&window, |s| s["citizen"].is_null());
    assert_eq!(status["ended"], "finished");
}

#[test]
fn an_unknown_language_is_refused_naming_it() {
    let (_dir, kiosk) = demo_kiosk();
    let (_app, window) = app_with(kiosk);
    let err = invoke(&window, "list_officials", json!({ "lang": "tr" })).unwrap_err();
    let err = err.to_string();
    assert!(err.contains("lang") && err.contains("tr"), "{err}");
}

/// The UI's browser tests mock IPC with exactly what `list_officials` answers for the demo
/// catalog, so the mock cannot drift from the Rust side. `cargo xtask bindings` rewrites it.
#[test]
fn the_ui_test_fixture_is_what_list_officials_answers() {
    let (_dir, kiosk) = demo_kiosk();
    let (_app, window) = app_with(kiosk);
    let mut answers = serde_json::Map::new();
    for lang in ["az", "ru", "en"] {
        let list = invoke(&window, "list_officials", json!({ "lang": lang })).expect("list");
        answers.insert(lang.into(), list);
    }
    let generated = serde_json::to_string_pretty(&answers).expect("json") + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/test/officials.json");
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&path, &generated).expect("write fixture");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/test/officials.json is stale: run `cargo xtask bindings` and commit the result"
    );
}

#[test]
fn kiosk_info_names_the_authority() {
    let (_dir, kiosk) = demo_kiosk();
    let (_app, window) = app_with(kiosk);
    let info = invoke(&window, "kiosk_info", json!({})).expect("info");
    assert_eq!(info["authority"], "Biləsuvar Rayon İcra Hakimiyyəti");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn a_command_outside_the_capability_is_refused() {
    let (_dir, kiosk) = demo_kiosk();
    let (_app, window) = app_with(kiosk);
    // A core command that the kiosk capability does not grant.
    let err = invoke(&window, "plugin:window|close", json!({ "label": "main" })).unwrap_err();
    assert!(err.to_string().contains("not allowed"), "{err}");
}

#[test]
fn the_kiosk_refuses_to_start_without_a_display_or_with_a_bad_server_address() {
    use clap::Parser;
    let args = |argv: &[&str]| qebul_kiosk::Args::try_parse_from(argv).expect("parses");
    let display = |name: &str| (name == "DISPLAY").then(|| ":0".to_owned());
    let nothing = |_: &str| None;

    let err = args(&["qebul-kiosk", "--demo"]).check(nothing).unwrap_err();
    assert!(err.to_string().contains("no display"), "{err}");
    args(&["qebul-kiosk", "--demo"])
        .check(display)
        .expect("demo with a display");

    let err = args(&["qebul-kiosk", "--server", "https://qebul.example"])
        .check(display)
        .unwrap_err();
    assert!(err.to_string().contains("https"), "{err}");
    let err = args(&["qebul-kiosk", "--server", "qebul.example"])
        .check(display)
        .unwrap_err();
    assert!(err.to_string().contains("not an http:// URL"), "{err}");
    // The server may come from the configuration file; `run` refuses a kiosk with neither
    // (tests/cli.rs runs the binary for that).
    assert!(qebul_kiosk::Args::try_parse_from(["qebul-kiosk"]).is_ok());
}

/// Polls `session_status` until `done` holds (the reader and the registry work in the
/// background), for at most 20 s.
fn wait_for_session(window: &WebviewWindow<MockRuntime>, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let status = invoke(window, "session_status", json!({})).unwrap();
        if done(&status) {
            return status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the session never got there: {status}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_demo_card_fills_the_session_from_the_registry_and_removal_leaves_no_trace_in_rust() {
    use tauri::Manager as _;
    let (_dir, kiosk) = demo_kiosk();
    let (app, window) = app_with(kiosk);
    let cards = invoke(&window, "demo_cards", json!({})).unwrap();
    assert_eq!(cards[0]["full_name"], "ABDULLAYEVA GÖHƏR NOVRUZ QIZI");

    invoke(&window, "session_language", json!({ "lang": "ru" })).unwrap();
    let status = wait_for_session(&window, |s| s["lang"] == "ru");
    assert_eq!(
        status["phase"], "visitor",
        "a language chosen before the card"
    );
    invoke(&window, "demo_insert_card", json!({ "index": 0 })).unwrap();
    let status = wait_for_session(&window, |s| s["citizen"]["from_registry"] == true);
    assert_eq!(status["phase"], "active");
    assert_eq!(status["lang"], "ru", "her notices get Russian second lines");
    let citizen = &status["citizen"];
    assert_eq!(citizen["full_name"], "ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
    assert_eq!(citizen["birth_date"], "05.03.1980");
    assert_eq!(citizen["document_number"], "AA****567");
    assert_eq!(citizen["needs_address"], false);
    let held = app.state::<Kiosk>().session_debug_state();
    assert!(
        held.contains("5ZK7Q2M"),
        "the session holds the FİN while it lasts"
    );

    invoke(&window, "demo_remove_card", json!({})).unwrap();
    let status = wait_for_session(&window, |s| s["citizen"].is_null());
    assert_eq!(status["ended"], "card-removed");
    assert_eq!(
        status["lang"], "az",
        "the next person starts in Azerbaijani"
    );
    let held = app.state::<Kiosk>().session_debug_state();
    for trace in [
        "ABDULLAYEVA",
        "GÖHƏR",
        "GOHAR",
        "5ZK7Q2M",
        "AA1234567",
        "1980-03-05",
        "05.03.1980",
        "Heydər",
    ] {
        assert!(
            !held.contains(trace),
            "{trace} left in the session state: {held}"
        );
    }
}

#[test]
fn card_commands_refuse_what_the_reader_cannot_do_with_a_code() {
    let (_dir, kiosk) = demo_kiosk();
    let (_app, window) = app_with(kiosk);
    let err = invoke(&window, "demo_insert_card", json!({ "index": 99 })).unwrap_err();
    assert_eq!(err["code"], "session");
    assert!(err["detail"].as_str().unwrap().contains("99"), "{err}");
    let err = invoke(&window, "submit_mrz", json!({ "text": "I<AZE..." })).unwrap_err();
    assert_eq!(err["code"], "session");
    assert!(err["detail"].as_str().unwrap().contains("wedge"), "{err}");
    let err = invoke(
        &window,
        "confirm_address",
        json!({ "address": "Bakı", "generation": 0 }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "session");
    assert!(
        err["detail"]
            .as_str()
            .unwrap()
            .contains("no citizen session"),
        "{err}"
    );
    let err = invoke(
        &window,
        "confirm_address",
        json!({ "address": " \u{200B} ", "generation": 0 }),
    )
    .unwrap_err();
    assert_eq!(
        err["code"], "address-empty",
        "invisible characters fill nothing"
    );
}

#[test]
fn a_keyboard_wedge_scan_typed_into_the_window_starts_a_session() {
    use qebul_idcard::mrz::{encode_td1, MrzFields, Sex};
    let (_dir, kiosk) = demo_kiosk_with(&["--card-reader", "wedge"]);
    let (_app, window) = app_with(kiosk);
    let err = invoke(&window, "demo_insert_card", json!({ "index": 0 })).unwrap_err();
    assert_eq!(err["code"], "session", "the wedge kiosk has no demo cards");
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let mrz = encode_td1(&MrzFields {
        document_code: "I".into(),
        issuing_state: "AZE".into(),
        document_number: "AA7654321".into(),
        surname: "ƏLİYEV".into(),
        given_names: "İLQAR".into(),
        nationality: "AZE".into(),
        birth_date: date(1975, 11, 20),
        sex: Sex::Male,
        expiry_date: date(2035, 1, 15),
        optional_data: "2HQ9R4T".into(),
    });
    // The UI sends each line as the scanner ends it with Enter.
    for line in mrz.lines() {
        invoke(
            &window,
            "submit_mrz",
            json!({ "text": format!("{line}\n") }),
        )
        .unwrap();
    }
    let status = wait_for_session(&window, |s| s["citizen"]["from_registry"] == true);
    assert_eq!(status["citizen"]["full_name"], "ƏLİYEV İLQAR ŞAHİN OĞLU");
    assert_eq!(status["citizen"]["document_number"], "AA****321");

    // A damaged scan: the citizen is told, the session is untouched.
    let damaged = mrz.replacen("AA7654321", "AA7654322", 1);
    for line in damaged.lines() {
        invoke(
            &window,
            "submit_mrz",
            json!({ "text": format!("{line}\n") }),
        )
        .unwrap();
    }
    let status = wait_for_session(&window, |s| s["notice"] == "card-unreadable");
    assert_eq!(status["citizen"]["full_name"], "ƏLİYEV İLQAR ŞAHİN OĞLU");
}

#[test]
fn the_booking_form_through_ipc_offers_dates_and_refuses_with_codes_and_words() {
    let (_dir, kiosk) = demo_kiosk();
    let (_app, window) = app_with(kiosk);
    invoke(&window, "demo_insert_card", json!({ "index": 0 })).unwrap();
    let status = wait_for_session(&window, |s| s["citizen"]["from_registry"] == true);
    let generation = status["generation"].clone();
    let officials = invoke(&window, "list_officials", json!({ "lang": "en" })).unwrap();
    let official = officials["officials"][0]["id"].clone();
    let options = invoke(
        &window,
        "booking_options",
        json!({ "officialId": official, "lang": "en" }),
    )
    .unwrap();
    assert_eq!(options["dates"].as_array().unwrap().len(), 4, "{options}");
    assert_eq!(options["privileges"][0]["name"], "No privilege");
    let weekday = options["dates"][0]["weekday"].as_str().unwrap();
    assert!(
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].contains(&weekday),
        "{weekday}"
    );
    let form = json!({
        "official_id": official,
        "reception_date": options["dates"][0]["date"],
        "topic_id": options["topics"][0]["id"],
        "social_status_id": options["social_statuses"][0]["id"],
        "privilege_id": "none",
        "email": "", "phone": "050 12", "workplace": "", "position": "",
        "current_address": "", "address_same_as_id": true, "note": "",
    });
    let err = invoke(
        &window,
        "book",
        json!({ "form": form, "generation": generation }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["fields"][0]["field"], "phone");
    assert!(err["fields"][0]["message"]["en"]
        .as_str()
        .unwrap()
        .contains("phone"));
    let stale = generation.as_u64().unwrap() + 1;
    let err = invoke(
        &window,
        "book",
        json!({ "form": form, "generation": stale }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "no-citizen", "a form of another session");
}

/// The browser tests' booking-form fixture has the shape `booking_options` answers, and the
/// demo catalog's lists in each language exactly: the dates are made up (they move every day),
/// the rest may not drift from the Rust side.
#[test]
fn the_ui_booking_fixture_has_what_booking_options_answers_but_its_dates() {
    let (_dir, kiosk) = demo_kiosk();
    let (_app, window) = app_with(kiosk);
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/test/booking-options.json");
    let fixture: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).expect("json");
    for lang in ["az", "ru", "en"] {
        let mine = &fixture[lang];
        let official = mine["official"]["id"].as_str().expect("an official");
        let answer = invoke(
            &window,
            "booking_options",
            json!({ "officialId": official, "lang": lang }),
        )
        .expect("options");
        // Every field the UI reads, with its type: the fixture deserialises as Rust's own type.
        let typed: qebul_app::BookingOptions =
            serde_json::from_value(mine.clone()).expect("the fixture has the IPC type's shape");
        assert_eq!(typed.dates.len(), 4);
        for list in ["topics", "social_statuses", "privileges"] {
            assert_eq!(mine[list], answer[list], "{lang}: {list}");
        }
        assert_eq!(mine["official"], answer["official"], "{lang}: the official");
    }
}

/// The browser tests' history and details fixture (`ui/test/applications.json`) has the IPC
/// types' shape, and the words the kiosk really answers for an application like its first:
/// the official, the catalog's lists and the room in each language, and the citizen as the
/// registry has them. Its dates and numbers are made up (they move every day).
#[test]
fn the_ui_applications_fixture_has_what_history_and_application_answer_but_dates() {
    let (_dir, kiosk) = demo_kiosk();
    let (_app, window) = app_with(kiosk);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/test/applications.json");
    let fixture: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).expect("json");
    invoke(&window, "demo_insert_card", json!({ "index": 0 })).unwrap();
    let status = wait_for_session(&window, |s| s["citizen"]["from_registry"] == true);
    let generation = status["generation"].clone();
    let mine = &fixture["az"]["application"];
    let official = mine["row"]["official_id"].as_str().expect("official");
    let options = invoke(
        &window,
        "booking_options",
        json!({ "officialId": official, "lang": "az" }),
    )
    .unwrap();
    let id_of = |list: &str, name: &Value| -> Value {
        options[list]
            .as_array()
            .expect("list")
            .iter()
            .find(|c| &c["name"] == name)
            .map(|c| c["id"].clone())
            .unwrap_or_else(|| panic!("the fixture's {name} is not in the catalog's {list}"))
    };
    let form = json!({
        "official_id": official,
        "reception_date": options["dates"][0]["date"],
        "topic_id": id_of("topics", &mine["topic"]),
        "social_status_id": id_of("social_statuses", &mine["social_status"]),
        "privilege_id": id_of("privileges", &mine["privilege"]),
        "email": mine["email"], "phone": mine["phone"], "workplace": mine["workplace"],
        "position": mine["position"], "current_address": "", "address_same_as_id": true,
        "note": mine["note"],
    });
    let booked = invoke(
        &window,
        "book",
        json!({ "form": form, "generation": generation }),
    )
    .expect("booked");
    for lang in ["az", "ru", "en"] {
        let mine = &fixture[lang];
        let typed: qebul_app::HistoryView =
            serde_json::from_value(mine["history"].clone()).expect("a HistoryView");
        assert!(!typed.applications.is_empty());
        let _: qebul_app::ApplicationView =
            serde_json::from_value(mine["application"].clone()).expect("an ApplicationView");
        let answer = invoke(
            &window,
            "application",
            json!({ "generation": generation, "bookingId": booked["booking_id"], "lang": lang }),
        )
        .expect("details");
        let fixture_app = &mine["application"];
        for key in [
            "room",
            "citizen_name",
            "document",
            "birth_date",
            "topic",
            "social_status",
            "privilege",
            "phone",
            "email",
            "workplace",
            "position",
            "address",
            "note",
        ] {
            assert_eq!(fixture_app[key], answer[key], "{lang}: {key}");
        }
        for key in ["official_id", "official_position", "official_name"] {
            assert_eq!(fixture_app["row"][key], answer["row"][key], "{lang}: {key}");
        }
        // Every row's official is the catalog's, in that language.
        let officials = invoke(&window, "list_officials", json!({ "lang": lang })).unwrap();
        for row in mine["history"]["applications"].as_array().expect("rows") {
            let o = officials["officials"]
                .as_array()
                .expect("officials")
                .iter()
                .find(|o| o["id"] == row["official_id"])
                .expect("a catalog official");
            assert_eq!(row["official_name"], o["full_name"], "{lang}");
            assert_eq!(row["official_position"], o["position"], "{lang}");
        }
    }
}
