//! "Verify a notice" (issue 17) over HTTP, on SQLite and on PostgreSQL: one kiosk's staff screen
//! asks the server about a notice's QR seal printed by another kiosk of the authority; every
//! verdict, a malformed seal included, is an answer the kiosk can show.
mod support;

use chrono::{NaiveDate, TimeDelta, Utc};
use qebul_core::numbering::ApplicationNumber;
use qebul_core::time::baku_date;
use qebul_protocol::api::{
    codes, paths, ApiError, BookingStatus, CitizenWire, EnrollResponse, NoticeCheck,
    NoticeCheckRequest, NoticeOnServer, NoticeVerdict,
};
use qebul_protocol::{public_key_hex, NoticeSeal, SigningKey};
use qebul_server::{auth, load_demo, AppState, EmbeddedServer, ServerDb};
use reqwest::StatusCode;
use support::Backend;
use uuid::Uuid;

struct Running {
    server: EmbeddedServer,
    http: reqwest::Client,
    _backend: Backend,
}

impl Running {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    /// Enrolls a kiosk with `code`, giving `notice_key` if any.
    async fn enroll(&self, code: &str, notice_key: Option<&SigningKey>) -> EnrollResponse {
        let mut body = serde_json::json!({ "code": code });
        if let Some(key) = notice_key {
            body["notice_key"] = public_key_hex(&key.verifying_key()).into();
        }
        let r = self
            .http
            .post(self.url(paths::ENROLL))
            .json(&body)
            .send()
            .await
            .expect("enroll");
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.expect("enroll response")
    }

    /// A second kiosk, as `qebul-server kiosk enroll` and the technician would make it.
    async fn enroll_another(&self, name: &str) -> EnrollResponse {
        let code = auth::new_enrollment_code().expect("code");
        self.server
            .db
            .create_enrollment(
                name,
                &auth::secret_hash(&auth::normalise_code(&code)),
                Utc::now(),
            )
            .await
            .expect("enrollment");
        self.enroll(&code, None).await
    }

    async fn check(&self, token: &str, seal: &str) -> NoticeCheck {
        let r = self
            .http
            .post(self.url(paths::NOTICE_CHECK))
            .bearer_auth(token)
            .json(&NoticeCheckRequest { seal: seal.into() })
            .send()
            .await
            .expect("check");
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.expect("a notice check")
    }
}

async fn start(backend: Backend) -> Running {
    let db = ServerDb::open(&backend.target).await.expect("open db");
    let key = auth::new_signing_key().expect("key");
    let code = load_demo(&db, &key, "lobby 1").await.expect("demo data");
    let mut state = AppState::new(db, key.verifying_key());
    state.auth_ttl = std::time::Duration::ZERO;
    let server = EmbeddedServer::start(state, code).await.expect("server");
    Running {
        server,
        http: reqwest::Client::new(),
        _backend: backend,
    }
}

fn number(n: u32) -> String {
    ApplicationNumber::new(n).expect("number").displayed()
}

/// `text` with one character of its signature (the part after the last `.`) changed. A middle
/// one: the last character of base64 carries padding bits, and changing it may make the text
/// unreadable rather than forged.
fn one_signature_char_changed(text: &str) -> String {
    let at = text.rfind('.').expect("a signature") + 20;
    let mut bytes = text.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).expect("ascii")
}

async fn a_kiosk_checks_another_kiosks_notice(backend: Backend) {
    let s = start(backend).await;
    let key_a = SigningKey::from_bytes(&[5; 32]);
    let a = s
        .enroll(&s.server.enrollment_code.clone(), Some(&key_a))
        .await;
    let b = s.enroll_another("hall 2").await;
    let day = NaiveDate::from_ymd_opt(2026, 4, 7).expect("day");

    // Printed by kiosk A offline: genuine, with A's id and name, not on the server yet.
    let seal = NoticeSeal {
        kiosk: a.kiosk_id.clone(),
        booking: Uuid::now_v7(),
        number: number(61),
        reception_date: day,
        official: "isgenderov-sahin".into(),
    };
    let text = seal.sign(&key_a).expect("seal");
    // A scanner may end the text with a newline.
    let got = s.check(&b.token, &format!("{text}\n")).await;
    assert_eq!(
        got,
        NoticeCheck {
            verdict: NoticeVerdict::Genuine,
            kiosk: Some(a.kiosk_id.clone()),
            kiosk_name: Some("lobby 1".into()),
            booking_id: Some(seal.booking),
            number: Some(seal.number.clone()),
            reception_date: Some(day),
            official: Some("isgenderov-sahin".into()),
            on_server: None,
            reason: None,
        }
    );

    // One character of the signature changed: forged, and the answer says what it claimed.
    let forged = s.check(&b.token, &one_signature_char_changed(&text)).await;
    assert_eq!(forged.verdict, NoticeVerdict::Forged);
    assert_eq!(forged.kiosk.as_deref(), Some(a.kiosk_id.as_str()));
    assert_eq!(forged.on_server, None);
    assert!(
        forged
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("does not match its signature")),
        "{forged:?}"
    );
    // Signed with another key (a copy of the layout, not of the kiosk's key): forged too.
    let other_key = seal.sign(&SigningKey::from_bytes(&[6; 32])).expect("seal");
    assert_eq!(
        s.check(&b.token, &other_key).await.verdict,
        NoticeVerdict::Forged
    );

    // A seal naming a kiosk the server does not know: not issued by this authority.
    let stranger = NoticeSeal {
        kiosk: "no-such-kiosk".into(),
        ..seal.clone()
    }
    .sign(&key_a)
    .expect("seal");
    let unknown = s.check(&b.token, &stranger).await;
    assert_eq!(
        (
            unknown.verdict,
            unknown.kiosk.as_deref(),
            unknown.kiosk_name.as_deref()
        ),
        (NoticeVerdict::UnknownKiosk, Some("no-such-kiosk"), None)
    );

    // Kiosk B gave no notice key: its seals cannot be judged.
    let of_b = NoticeSeal {
        kiosk: b.kiosk_id.clone(),
        ..seal.clone()
    }
    .sign(&key_a)
    .expect("seal");
    let no_key = s.check(&a.token, &of_b).await;
    assert_eq!(
        (no_key.verdict, no_key.kiosk_name.as_deref()),
        (NoticeVerdict::NoKey, Some("hall 2"))
    );

    // Garbage, and a damaged seal: unreadable, with the reason, as an answer.
    for junk in ["https://example.az/x", "", &text[..text.len() / 2]] {
        let got = s.check(&b.token, junk).await;
        assert_eq!(got.verdict, NoticeVerdict::Unreadable, "{junk:?}");
        assert_eq!((got.kiosk, got.number), (None, None), "{junk:?}");
        assert!(got.reason.is_some_and(|r| !r.is_empty()), "{junk:?}");
    }
}

async fn a_genuine_notice_shows_its_booking_as_the_server_holds_it(backend: Backend) {
    let s = start(backend).await;
    let b = s.enroll(&s.server.enrollment_code.clone(), None).await;
    let signed = s
        .server
        .db
        .latest_catalog()
        .await
        .expect("read")
        .expect("a catalog");
    let catalog = signed.verify(&s.server.catalog_key).expect("verifies");
    let official = catalog.officials[0].id.clone();
    let day = baku_date(&(Utc::now() + TimeDelta::days(3)));
    // Booked and pushed by another kiosk ("elsewhere"), which gave its notice key.
    let booking = s
        .server
        .book_elsewhere(
            CitizenWire {
                fin: "5ZK7Q2M".into(),
                name: "ƏLİYEV ƏLİ".into(),
                document_number: "AA1234567".into(),
                birth_date: None,
                phone: "+994501234567".into(),
                email: None,
                workplace: String::new(),
                position: String::new(),
                address: "Bakı".into(),
                note: String::new(),
            },
            &official,
            day,
        )
        .await
        .expect("booked elsewhere");
    let stored = s
        .server
        .db
        .booking(booking.booking_id)
        .await
        .expect("read")
        .expect("stored");
    let key = SigningKey::from_bytes(&[8; 32]);
    s.server
        .db
        .set_notice_key(&stored.kiosk_id, &public_key_hex(&key.verifying_key()))
        .await
        .expect("key");
    let seal = NoticeSeal {
        kiosk: stored.kiosk_id.clone(),
        booking: booking.booking_id,
        number: number(booking.application_number),
        reception_date: day,
        official: official.clone(),
    };
    let got = s.check(&b.token, &seal.sign(&key).expect("seal")).await;
    assert_eq!(got.verdict, NoticeVerdict::Genuine);
    assert_eq!(got.kiosk.as_deref(), Some(stored.kiosk_id.as_str()));
    assert_eq!(got.kiosk_name.as_deref(), Some("elsewhere (another kiosk)"));
    assert_eq!(
        got.on_server,
        Some(NoticeOnServer {
            status: BookingStatus::Booked,
            matches: true
        })
    );

    // Genuinely signed, but for another day than the booking the server holds.
    let other_day = NoticeSeal {
        reception_date: day + TimeDelta::days(1),
        ..seal
    };
    let got = s
        .check(&b.token, &other_day.sign(&key).expect("seal"))
        .await;
    assert_eq!(got.verdict, NoticeVerdict::Genuine);
    assert_eq!(got.on_server.map(|o| o.matches), Some(false));
}

async fn checking_a_notice_needs_a_device_token_and_a_request_body(backend: Backend) {
    let s = start(backend).await;
    let b = s.enroll(&s.server.enrollment_code.clone(), None).await;
    let r = s
        .http
        .post(s.url(paths::NOTICE_CHECK))
        .json(&NoticeCheckRequest {
            seal: "QK1.x".into(),
        })
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let err: ApiError = r.json().await.expect("an ApiError");
    assert_eq!(err.code, codes::UNAUTHORIZED);

    let r = s
        .http
        .post(s.url(paths::NOTICE_CHECK))
        .bearer_auth(&b.token)
        .json(&serde_json::json!({ "seal": "QK1.x", "kiosk": "k" }))
        .send()
        .await
        .expect("post");
    // Unknown fields are refused, as everywhere (axum's status for a body it cannot take).
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: ApiError = r.json().await.expect("an ApiError");
    assert_eq!(err.code, codes::BAD_REQUEST);

    // Listed in the OpenAPI document, with its schemas.
    let doc: serde_json::Value = s
        .http
        .get(s.url(paths::OPENAPI))
        .send()
        .await
        .expect("openapi")
        .json()
        .await
        .expect("json");
    assert!(doc["paths"][paths::NOTICE_CHECK]["post"].is_object());
    for schema in [
        "NoticeCheckRequest",
        "NoticeCheck",
        "NoticeVerdict",
        "NoticeOnServer",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

on_both_databases!(
    a_kiosk_checks_another_kiosks_notice,
    a_genuine_notice_shows_its_booking_as_the_server_holds_it,
    checking_a_notice_needs_a_device_token_and_a_request_body,
);
