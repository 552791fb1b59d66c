//! The demo server over HTTP for the server's end-to-end tests (`http.rs`, the API fuzzing
//! regressions): started on a backend, enrolled, leased, pushed to; its JSON errors read back.
#![allow(dead_code)]

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{TimeDelta, Utc};
use qebul_protocol::api::{
    paths, ApiError, BookingWire, CitizenWire, EnrollResponse, LeaseGrant, LeaseRequest,
    PlaceSource, PushItem, PushOutcome, PushRequest, PushResponse,
};
use qebul_server::{auth, load_demo, AppState, EmbeddedServer, ServerDb};
use reqwest::StatusCode;
use uuid::Uuid;

use super::Backend;

pub struct Running {
    pub server: EmbeddedServer,
    pub key: qebul_protocol::SigningKey,
    pub http: reqwest::Client,
    /// Seconds the server's clock is ahead of the real one.
    pub skew: Arc<AtomicI64>,
    pub _backend: Backend,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    pub async fn enroll(&self) -> EnrollResponse {
        let r = self
            .http
            .post(self.url(paths::ENROLL))
            .json(&serde_json::json!({ "code": self.server.enrollment_code }))
            .send()
            .await
            .expect("enroll");
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.expect("enroll response")
    }
}

pub async fn start(backend: Backend) -> Running {
    start_with(backend, |_| {}).await
}

/// Starts the demo server with `configure` applied to its state.
pub async fn start_with(backend: Backend, configure: impl FnOnce(&mut AppState)) -> Running {
    let db = ServerDb::open(&backend.target).await.expect("open db");
    let key = auth::new_signing_key().expect("key");
    let code = load_demo(&db, &key, "lobby 1").await.expect("demo data");
    let mut state = AppState::new(db, key.verifying_key());
    // Every request sees a catalog stored a moment before (the tests import new ones).
    state.catalog_ttl = std::time::Duration::ZERO;
    // A revocation is seen at once.
    state.auth_ttl = std::time::Duration::ZERO;
    let skew = Arc::new(AtomicI64::new(0));
    let clock_skew = skew.clone();
    state.clock =
        Arc::new(move || Utc::now() + TimeDelta::seconds(clock_skew.load(Ordering::SeqCst)));
    configure(&mut state);
    let server = EmbeddedServer::start(state, code).await.expect("server");
    Running {
        server,
        key,
        http: reqwest::Client::new(),
        skew,
        _backend: backend,
    }
}

pub async fn api_error(r: reqwest::Response) -> (StatusCode, ApiError) {
    let status = r.status();
    let body = r.text().await.expect("body");
    let err: ApiError = serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("error body is not an ApiError ({e}): {body}"));
    (status, err)
}

/// Asserts the answer is the JSON error `code` with `status`, and returns it.
pub async fn expect_error(r: reqwest::Response, status: StatusCode, code: &str) -> ApiError {
    let (got, err) = api_error(r).await;
    assert_eq!((got, err.code.as_str()), (status, code), "{}", err.message);
    err
}

pub fn booking(grant: &LeaseGrant, number: u32, fin: &str) -> PushItem {
    let lease = &grant.leases[0];
    PushItem {
        seq: u64::from(number),
        idempotency_key: Uuid::now_v7(),
        booking: BookingWire {
            booking_id: Uuid::now_v7(),
            application_number: number,
            official_id: lease.official_id.clone(),
            reception_date: lease.reception_date,
            created_at: Utc::now(),
            place: PlaceSource::Lease,
            topic_id: "agriculture".into(),
            social_status_id: "entrepreneur".into(),
            privilege_id: None,
            citizen: CitizenWire {
                fin: fin.into(),
                name: "ABDULLAYEVA GÖHƏR NOVRUZ QIZI".into(),
                document_number: "AA1234567".into(),
                birth_date: None,
                phone: "+994501234567".into(),
                email: None,
                workplace: "Məlumat Hesablama Mərkəzi".into(),
                position: "mühəndis".into(),
                address: "Biləsuvar".into(),
                note: String::new(),
            },
        },
    }
}

pub async fn leases(s: &Running, token: &str) -> LeaseGrant {
    let r = s
        .http
        .post(s.url(paths::LEASES))
        .bearer_auth(token)
        .json(&LeaseRequest {
            kiosk_time: Utc::now(),
            numbers_left: 0,
            outbox_pending: 0,
        })
        .send()
        .await
        .expect("leases");
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("grant")
}

pub async fn push(s: &Running, token: &str, items: Vec<PushItem>) -> Vec<PushOutcome> {
    let r = s
        .http
        .post(s.url(paths::PUSH))
        .bearer_auth(token)
        .json(&PushRequest { items })
        .send()
        .await
        .expect("push");
    assert_eq!(r.status(), StatusCode::OK);
    let response: PushResponse = r.json().await.expect("push response");
    response.results.into_iter().map(|r| r.outcome).collect()
}
