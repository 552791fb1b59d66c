//! What the staff screen's tests share: a kiosk enrolled with the real reference server on
//! loopback, the simulated card reader, a virtual printer, a real store, staff member "Demo".
// Each test file uses some of these.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use qebul_app::{Kiosk, SessionConfig, UiLang};
use qebul_core::numbering::{ApplicationNumber, BarcodePayload};
use qebul_core::time::baku_date;
use qebul_core::validation::{BookingForm, BookingPolicy};
use qebul_idcard::ReaderSpec;
use qebul_notice::PaperWidth;
use qebul_printer::{VirtualPaper, VirtualPrinter};
use qebul_server::EmbeddedServer;
use qebul_store::key::{DbKey, KeyStore, MemoryKeyStore, KIOSK_ID_NAME};
use qebul_store::{BookingRequest, Store};
use qebul_sync::{ServerClient, SyncConfig};
use tokio::sync::watch;
use uuid::Uuid;

pub const PIN: &str = "2468";

pub struct Setup {
    pub dir: tempfile::TempDir,
    pub server: EmbeddedServer,
    pub kiosk: Kiosk,
    pub keys: MemoryKeyStore,
    pub key: DbKey,
    pub token: String,
    pub kiosk_id: String,
    pub paper: VirtualPaper,
}

impl Setup {
    pub fn notices(&self) -> std::path::PathBuf {
        self.dir.path().join("notices")
    }
}

/// A kiosk with its store, its printer and staff member "Demo" (PIN 2468). Its sync task waits
/// an hour between rounds.
pub async fn kiosk() -> Setup {
    let dir = tempfile::tempdir().expect("dir");
    let server = EmbeddedServer::start_demo(dir.path())
        .await
        .expect("demo server");
    let client = ServerClient::new(&server.base_url()).expect("url");
    let enrolled = client
        .enroll_with_notice_key(&server.enrollment_code, None)
        .await
        .expect("enrolled");
    let key = DbKey::random_for_tests();
    let mut store = Store::open(&dir.path().join("kiosk.db"), &key).expect("store");
    qebul_app::staff::add_staff_member(&mut store, "Demo", PIN, Utc::now()).expect("staff");
    let keys = MemoryKeyStore::new();
    keys.save_secret(KIOSK_ID_NAME, &enrolled.kiosk_id)
        .expect("kiosk id");
    let kiosk = connect(&server, store, &enrolled.token).await;
    let printer =
        VirtualPrinter::new(dir.path().join("notices"), PaperWidth::Mm80).expect("printer");
    let paper = printer.roll();
    let mut s = Setup {
        dir,
        server,
        kiosk,
        keys,
        key,
        token: enrolled.token,
        kiosk_id: enrolled.kiosk_id,
        paper,
    };
    s.kiosk
        .attach_printer(Arc::new(printer), &s.keys)
        .expect("printer");
    s
}

pub async fn connect(server: &EmbeddedServer, store: Store, token: &str) -> Kiosk {
    let client = ServerClient::new(&server.base_url()).expect("url");
    let mut config = SyncConfig::new(server.catalog_key);
    config.interval = Duration::from_secs(3600);
    let mut kiosk = Kiosk::connect_with(store, client.with_token(token), config)
        .await
        .expect("kiosk");
    kiosk
        .use_card_reader(&ReaderSpec::Simulated, SessionConfig::default())
        .expect("simulated reader");
    kiosk
}

/// Waits (at most 20 s) until `done` holds for what the channel shows.
pub async fn until<T: Clone + std::fmt::Debug>(
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

/// Waits (at most 20 s) until `f` gives a value.
pub async fn eventually<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    for _ in 0..400 {
        if let Some(v) = f() {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never: {what}")
}

/// The demo's first citizen books with the first official on the first date offered; the
/// notice is printed. Returns the booking.
pub async fn book_as_gohar(kiosk: &Kiosk) -> Uuid {
    insert_gohar(kiosk).await;
    let booked = book_first_date(kiosk).await;
    printed(kiosk, booked, 1).await;
    booked
}

/// The demo's first citizen at the kiosk, identified by the registry.
pub async fn insert_gohar(kiosk: &Kiosk) {
    let mut session = kiosk.session_changes();
    kiosk.demo_insert_card(0).expect("demo card");
    until(&mut session, |s| {
        s.citizen.as_ref().is_some_and(|c| c.from_registry)
    })
    .await;
}

/// A booking for the citizen at the kiosk, with the first official on the first date offered.
pub async fn book_first_date(kiosk: &Kiosk) -> Uuid {
    let official = kiosk.officials(UiLang::Az).expect("officials").officials[0]
        .id
        .clone();
    let date = kiosk.reception_dates(&official).expect("dates")[0];
    let form = BookingForm {
        official_id: official,
        reception_date: date.to_string(),
        topic_id: "entrepreneurship".into(),
        social_status_id: "private-sector".into(),
        privilege_id: "none".into(),
        phone: "050 123 45 67".into(),
        address_same_as_id: true,
        ..BookingForm::default()
    };
    let generation = kiosk.session().generation;
    kiosk.book(form, generation).await.expect("booked").id
}

/// A booking for today made here (straight into the store, on a lease for today).
pub fn book_today(kiosk: &Kiosk) -> (Uuid, String) {
    let official = kiosk.officials(UiLang::Az).expect("officials").officials[1]
        .id
        .clone();
    let now = Utc::now();
    let today = baku_date(&now);
    let mut store = kiosk.store().lock().unwrap();
    store
        .grant_lease(&official, today, 3, now + chrono::Duration::hours(12))
        .unwrap();
    let request = BookingRequest {
        official_id: official,
        language: qebul_core::Lang::Az,
        document_kind: qebul_core::DocumentKind::IdCard,
        reception_date: today,
        citizen_fin: "7ABCD12".into(),
        citizen_name: "ƏLİYEV ƏLİ VAQİF OĞLU".into(),
        document_number: "AA7654321".into(),
        birth_date: None,
        phone: "+994501112233".into(),
        email: None,
        workplace: "-".into(),
        position: "-".into(),
        address: "Bakı".into(),
        note: String::new(),
        topic_id: "entrepreneurship".into(),
        social_status_id: "private-sector".into(),
        privilege_id: None,
    };
    let booked = store
        .book(&request, now, &BookingPolicy::default())
        .expect("booked today");
    let number = ApplicationNumber::new(booked.number).unwrap();
    (
        booked.id,
        BarcodePayload::new(number, today, today).encode(),
    )
}

/// Waits until the notice of `booking` has come out `times` times in all.
pub async fn printed(kiosk: &Kiosk, booking: Uuid, times: u32) {
    eventually("the notice printed", || {
        let n = kiosk
            .store()
            .lock()
            .unwrap()
            .count_events(booking, &["notice-printed", "notice-reprinted"])
            .unwrap();
        (n >= times).then_some(())
    })
    .await;
}

pub fn actions_by(kiosk: &Kiosk, who: &str) -> Vec<String> {
    let entries = kiosk.store().lock().unwrap().audit_entries(None).unwrap();
    entries
        .into_iter()
        .filter(|e| e.actor == who)
        .map(|e| e.action)
        .collect()
}
