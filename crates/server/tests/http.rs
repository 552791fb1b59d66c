//! The HTTP API end to end, on SQLite and on PostgreSQL: signed catalog with ETag, enrollment,
//! revocation, idempotent pushes, JSON errors with stable codes, and the OpenAPI document.
mod support;

use chrono::Utc;
use qebul_protocol::api::{
    codes, paths, ApiError, BookingWire, CitizenWire, EnrollResponse, LeaseGrant, LeaseRequest,
    PlaceSource, PushItem, PushOutcome, PushRequest, PushResponse, MAX_PUSH_BATCH,
};
use qebul_protocol::{parse_public_key, SignedCatalog};
use qebul_server::{auth, load_demo, AppState, EmbeddedServer, ServerDb};
use reqwest::StatusCode;
use support::Backend;
use uuid::Uuid;

struct Running {
    server: EmbeddedServer,
    key: qebul_protocol::SigningKey,
    http: reqwest::Client,
    _backend: Backend,
}

impl Running {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    async fn enroll(&self) -> EnrollResponse {
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

async fn start(backend: Backend) -> Running {
    let db = ServerDb::open(&backend.target).await.expect("open db");
    let key = auth::new_signing_key().expect("key");
    let code = load_demo(&db, &key, "lobby 1").await.expect("demo data");
    let mut state = AppState::new(db, key.verifying_key());
    // Every request sees a catalog stored a moment before (the tests import new ones).
    state.catalog_ttl = std::time::Duration::ZERO;
    // A revocation is seen at once.
    state.auth_ttl = std::time::Duration::ZERO;
    let server = EmbeddedServer::start(state, code).await.expect("server");
    Running {
        server,
        key,
        http: reqwest::Client::new(),
        _backend: backend,
    }
}

async fn api_error(r: reqwest::Response) -> (StatusCode, ApiError) {
    let status = r.status();
    let body = r.text().await.expect("body");
    let err: ApiError = serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("error body is not an ApiError ({e}): {body}"));
    (status, err)
}

/// Asserts the answer is the JSON error `code` with `status`, and returns it.
async fn expect_error(r: reqwest::Response, status: StatusCode, code: &str) -> ApiError {
    let (got, err) = api_error(r).await;
    assert_eq!((got, err.code.as_str()), (status, code), "{}", err.message);
    err
}

async fn catalog_is_signed_and_an_unchanged_sync_is_one_304(backend: Backend) {
    let s = start(backend).await;
    let enrolled = s.enroll().await;
    let pinned = parse_public_key(&enrolled.catalog_key).expect("key");
    assert_eq!(pinned, s.key.verifying_key());
    let r = s
        .http
        .get(s.url(paths::CATALOG))
        .bearer_auth(&enrolled.token)
        .send()
        .await
        .expect("catalog");
    assert_eq!(r.status(), StatusCode::OK);
    let etag = r.headers()["etag"].to_str().expect("etag").to_owned();
    let signed: SignedCatalog = r.json().await.expect("signed catalog");
    let catalog = signed.verify(&pinned).expect("verifies");
    assert_eq!(catalog.officials.len(), 8);

    let r = s
        .http
        .get(s.url(paths::CATALOG))
        .bearer_auth(&enrolled.token)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("catalog again");
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert!(r.bytes().await.expect("body").is_empty());

    // A new version is served whole, under a new tag.
    let mut next = catalog;
    next.version += 1;
    next.officials.pop();
    s.server
        .db
        .store_catalog(&SignedCatalog::sign(&next, &s.key), next.version)
        .await
        .expect("store");
    let r = s
        .http
        .get(s.url(paths::CATALOG))
        .bearer_auth(&enrolled.token)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("catalog after import");
    assert_eq!(r.status(), StatusCode::OK);
    assert_ne!(r.headers()["etag"].to_str().expect("etag"), etag);
    let newer: SignedCatalog = r.json().await.expect("json");
    assert_eq!(newer.verify(&pinned).expect("verifies").officials.len(), 7);
}

async fn a_code_enrolls_once_and_a_revoked_kiosk_is_refused(backend: Backend) {
    let s = start(backend).await;
    let enrolled = s.enroll().await;
    let again = s
        .http
        .post(s.url(paths::ENROLL))
        .json(&serde_json::json!({ "code": s.server.enrollment_code }))
        .send()
        .await
        .expect("enroll again");
    expect_error(again, StatusCode::FORBIDDEN, codes::BAD_ENROLLMENT_CODE).await;

    for token in [None, Some("0".repeat(64))] {
        let mut req = s.http.get(s.url(paths::CATALOG));
        if let Some(t) = &token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.expect("catalog");
        expect_error(r, StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED).await;
    }

    s.server
        .db
        .revoke_kiosk(&enrolled.kiosk_id, Utc::now())
        .await
        .expect("revoke");
    let r = s
        .http
        .get(s.url(paths::CATALOG))
        .bearer_auth(&enrolled.token)
        .send()
        .await
        .expect("catalog");
    expect_error(r, StatusCode::UNAUTHORIZED, codes::KIOSK_REVOKED).await;
}

fn booking(grant: &LeaseGrant, number: u32, fin: &str) -> PushItem {
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

async fn leases(s: &Running, token: &str) -> LeaseGrant {
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

async fn push(s: &Running, token: &str, items: Vec<PushItem>) -> Vec<PushOutcome> {
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

async fn replayed_duplicated_and_reordered_pushes_make_no_duplicates(backend: Backend) {
    let s = start(backend).await;
    let token = s.enroll().await.token;
    let grant = leases(&s, &token).await;
    let numbers = grant.numbers.expect("a number block");
    assert!(grant.leases[0].places >= 2, "{grant:?}");
    let a = booking(&grant, numbers.first, "AAAAAA1");
    let b = booking(&grant, numbers.first + 1, "BBBBBB2");
    use PushOutcome::{Accepted, Duplicate};
    assert_eq!(
        push(&s, &token, vec![a.clone(), b.clone()]).await,
        [Accepted, Accepted]
    );
    assert_eq!(
        push(&s, &token, vec![b.clone(), a.clone(), b.clone()]).await,
        [Duplicate, Duplicate, Duplicate]
    );
    assert_eq!(s.server.db.count_bookings().await.expect("count"), 2);
    let again = leases(&s, &token).await;
    let lease = again
        .leases
        .iter()
        .find(|l| {
            l.official_id == grant.leases[0].official_id
                && l.reception_date == grant.leases[0].reception_date
        })
        .expect("the same lease");
    assert_eq!(lease.used, 2, "a replay must not spend the lease again");
}

async fn errors_are_json_with_stable_codes(backend: Backend) {
    let s = start(backend).await;
    let token = s.enroll().await.token;
    let grant = leases(&s, &token).await;
    let first = grant.numbers.expect("numbers").first;

    let too_many: Vec<_> = (0..=MAX_PUSH_BATCH as u32)
        .map(|i| booking(&grant, first + i, "CCCCCC3"))
        .collect();
    let r = s
        .http
        .post(s.url(paths::PUSH))
        .bearer_auth(&token)
        .json(&PushRequest { items: too_many })
        .send()
        .await
        .expect("push");
    expect_error(r, StatusCode::PAYLOAD_TOO_LARGE, codes::TOO_LARGE).await;

    let r = s
        .http
        .post(s.url(paths::PUSH))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"items\": [")
        .send()
        .await
        .expect("push");
    expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;

    // On a connection of its own: the server answers before reading the whole body and closes
    // the connection, which a pooled client would then reuse.
    let r = reqwest::Client::new()
        .post(s.url(paths::PUSH))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(vec![b' '; 5 * 1024 * 1024])
        .send()
        .await
        .expect("push");
    expect_error(r, StatusCode::PAYLOAD_TOO_LARGE, codes::TOO_LARGE).await;

    let r = s.http.get(s.url("/v1/nothing")).send().await.expect("get");
    expect_error(r, StatusCode::NOT_FOUND, codes::NOT_FOUND).await;

    let r = s
        .http
        .post(s.url("/v1/bookings/not-a-uuid/cancel"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("cancel");
    expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;

    let a = booking(&grant, first, "DDDDDD4");
    let id = a.booking.booking_id;
    push(&s, &token, vec![a]).await;
    let long = "ə".repeat(1001);
    let r = s
        .http
        .post(s.url(&format!("/v1/bookings/{id}/comments")))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "text": long }))
        .send()
        .await
        .expect("comment");
    let err = expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;
    assert!(err.message.contains("1001"), "{}", err.message);
    let r = s
        .http
        .post(s.url(&format!("/v1/bookings/{id}/comments")))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "text": "ə".repeat(1000) }))
        .send()
        .await
        .expect("comment");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    let r = s
        .http
        .get(s.url("/v1/registry/5ZK7Q2M"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("registry");
    assert_eq!(r.status(), StatusCode::OK);
    let entry: qebul_protocol::api::RegistryEntry = r.json().await.expect("entry");
    assert_eq!(entry.full_name, "ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
    let r = s
        .http
        .get(s.url("/v1/registry/0000000"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("registry");
    expect_error(r, StatusCode::NOT_FOUND, codes::NOT_FOUND).await;
}

async fn the_openapi_document_names_every_endpoint(backend: Backend) {
    let s = start(backend).await;
    let doc: serde_json::Value = s
        .http
        .get(s.url(paths::OPENAPI))
        .send()
        .await
        .expect("openapi")
        .json()
        .await
        .expect("json");
    for path in [
        paths::CATALOG,
        paths::ENROLL,
        paths::LEASES,
        paths::PUSH,
        paths::UPDATES,
        paths::CANCEL,
        paths::COMMENT,
        paths::REGISTRY,
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from /openapi.json"
        );
    }
    assert!(doc["components"]["schemas"]["PushItem"].is_object());
}

async fn enrollment_registers_the_kiosks_notice_key_and_refuses_a_bad_one(backend: Backend) {
    let s = start(backend).await;
    let bad = s
        .http
        .post(s.url(paths::ENROLL))
        .json(&serde_json::json!({ "code": s.server.enrollment_code, "notice_key": "not-a-key" }))
        .send()
        .await
        .expect("enroll");
    let err = expect_error(bad, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;
    assert!(err.message.contains("not-a-key"), "{}", err.message);
    // The code was not used up by the refused request.
    let key = qebul_protocol::SigningKey::from_bytes(&[4; 32]).verifying_key();
    let r = s
        .http
        .post(s.url(paths::ENROLL))
        .json(&serde_json::json!({
            "code": s.server.enrollment_code,
            "notice_key": qebul_protocol::public_key_hex(&key),
        }))
        .send()
        .await
        .expect("enroll");
    assert_eq!(r.status(), StatusCode::OK);
    let enrolled: EnrollResponse = r.json().await.expect("json");
    let stored = s
        .server
        .db
        .notice_key(&enrolled.kiosk_id)
        .await
        .expect("read");
    assert_eq!(stored, Some(qebul_protocol::public_key_hex(&key)));
}

on_both_databases!(
    enrollment_registers_the_kiosks_notice_key_and_refuses_a_bad_one,
    catalog_is_signed_and_an_unchanged_sync_is_one_304,
    a_code_enrolls_once_and_a_revoked_kiosk_is_refused,
    replayed_duplicated_and_reordered_pushes_make_no_duplicates,
    errors_are_json_with_stable_codes,
    the_openapi_document_names_every_endpoint,
);

/// With the token cache on (as deployed), a revocation made by another process is seen once the
/// cache's time is up, never later.
#[tokio::test]
async fn a_revocation_takes_effect_within_the_token_cache_time() {
    let backend = support::sqlite();
    let db = ServerDb::open(&backend.target).await.expect("open db");
    let key = auth::new_signing_key().expect("key");
    let code = load_demo(&db, &key, "lobby 1").await.expect("demo data");
    let mut state = AppState::new(db, key.verifying_key());
    state.auth_ttl = std::time::Duration::from_millis(300);
    let server = EmbeddedServer::start(state, code).await.expect("server");
    let s = Running {
        server,
        key,
        http: reqwest::Client::new(),
        _backend: backend,
    };
    let enrolled = s.enroll().await;
    let get = || {
        s.http
            .get(s.url(paths::CATALOG))
            .bearer_auth(&enrolled.token)
            .send()
    };
    assert_eq!(get().await.expect("get").status(), StatusCode::OK);
    s.server
        .db
        .revoke_kiosk(&enrolled.kiosk_id, Utc::now())
        .await
        .expect("revoke");
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let r = get().await.expect("get");
    expect_error(r, StatusCode::UNAUTHORIZED, codes::KIOSK_REVOKED).await;
}
