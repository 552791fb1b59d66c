//! The kiosk's side of the sync protocol against a small fake server (axum) that serves the
//! protocol's paths, with a real SQLCipher store. (End-to-end tests against the real server's
//! HTTP layer come with it.)
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::header::{AUTHORIZATION, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Days, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_protocol::api::{
    codes, paths, ApiError, BookingStatus, BookingWire, CancelRequest, CitizenProof,
    CommentRequest, EnrollRequest, EnrollResponse, EventKind, Lease, LeaseGrant, LeaseRequest,
    NumberBlock, PushOutcome, PushRequest, PushResponse, PushResult, RegistryEntry, TimelineEvent,
    UpdatesResponse,
};
use qebul_protocol::{public_key_hex, SignedCatalog, SigningKey, VerifyingKey};
use qebul_store::key::DbKey;
use qebul_store::{AuthProblemKind, BookingRequest, Store};
use qebul_sync::backoff::Backoff;
use qebul_sync::task::RoundReport;
use qebul_sync::{
    CancelOutcome, CatalogFetch, ServerClient, SyncConfig, SyncError, SyncHandle, SyncStatus,
    SyncTask,
};
use serde::Deserialize;
use uuid::Uuid;

const TOKEN: &str = "device-token-1";
const OFFICIAL: &str = "bilesuvar-1";
const REFUSED_OFFICIAL: &str = "bilesuvar-2";

fn server_key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

fn pinned() -> VerifyingKey {
    server_key().verifying_key()
}

fn reception_day() -> chrono::NaiveDate {
    Utc::now().date_naive() + Days::new(7)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PushMode {
    Normal,
    /// The connection breaks before an answer; nothing applied.
    DieBeforeApplying,
    /// The bookings are applied, then the connection breaks in the middle of the answer.
    DieAfterApplying,
}

struct Fake {
    revoked: bool,
    signed: SignedCatalog,
    /// Answer 200 whatever If-None-Match says (a body changed in transit keeps its ETag).
    ignore_etag: bool,
    catalog_200: usize,
    catalog_304: usize,
    push_mode: PushMode,
    /// Bookings the server holds, by idempotency key.
    received: HashMap<Uuid, BookingWire>,
    push_calls: usize,
    lease_requests: Vec<LeaseRequest>,
    events: Vec<TimelineEvent>,
    updates_after: Vec<u64>,
    page: usize,
    cancelled: Vec<Uuid>,
    comments: Vec<(Uuid, String)>,
    /// Every authenticated request, refused ones included.
    hits: usize,
}

type Shared = Arc<Mutex<Fake>>;

struct FakeServer {
    base: String,
    state: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeServer {
    fn with<T>(&self, f: impl FnOnce(&mut Fake) -> T) -> T {
        f(&mut self.state.lock().unwrap())
    }

    fn client(&self) -> ServerClient {
        ServerClient::new(&self.base).unwrap().with_token(TOKEN)
    }
}

fn signed_catalog(version: u64, key: &SigningKey) -> SignedCatalog {
    let mut catalog = qebul_server::demo_catalog().expect("demo catalog");
    catalog.version = version;
    SignedCatalog::sign(&catalog, key)
}

async fn start() -> FakeServer {
    let state: Shared = Arc::new(Mutex::new(Fake {
        revoked: false,
        signed: signed_catalog(1, &server_key()),
        ignore_etag: false,
        catalog_200: 0,
        catalog_304: 0,
        push_mode: PushMode::Normal,
        received: HashMap::new(),
        push_calls: 0,
        lease_requests: Vec::new(),
        events: Vec::new(),
        updates_after: Vec::new(),
        page: 2,
        cancelled: Vec::new(),
        comments: Vec::new(),
        hits: 0,
    }));
    let app = Router::new()
        .route(paths::CATALOG, get(catalog))
        .route(paths::ENROLL, post(enroll))
        .route(paths::LEASES, post(leases))
        .route(paths::PUSH, post(push))
        .route(paths::UPDATES, get(updates))
        .route(paths::CANCEL, post(cancel))
        .route(paths::COMMENT, post(comment))
        .route(paths::REGISTRY, get(registry))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    FakeServer {
        base: format!("http://{addr}"),
        state,
        task,
    }
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(ApiError {
            code: code.into(),
            message: message.into(),
        }),
    )
        .into_response()
}

/// The bearer check of every call but enrolment.
#[allow(clippy::result_large_err)]
fn check(headers: &HeaderMap, fake: &mut Fake) -> Result<(), Response> {
    fake.hits += 1;
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if token != Some(TOKEN) {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            codes::UNAUTHORIZED,
            "this device token is not known to the server",
        ));
    }
    if fake.revoked {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            codes::KIOSK_REVOKED,
            "kiosk k1 has been revoked; enroll it again",
        ));
    }
    Ok(())
}

async fn catalog(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let mut fake = s.lock().unwrap();
    if let Err(r) = check(&headers, &mut fake) {
        return r;
    }
    let etag = fake.signed.etag();
    let matches = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag);
    if matches && !fake.ignore_etag {
        fake.catalog_304 += 1;
        return (StatusCode::NOT_MODIFIED, [(ETAG, etag)]).into_response();
    }
    fake.catalog_200 += 1;
    ([(ETAG, etag)], Json(fake.signed.clone())).into_response()
}

async fn enroll(Json(req): Json<EnrollRequest>) -> Response {
    if req.code != "ABCD-1234" {
        return error(
            StatusCode::FORBIDDEN,
            codes::BAD_ENROLLMENT_CODE,
            "this enrollment code is unknown or has already been used",
        );
    }
    Json(EnrollResponse {
        kiosk_id: "k1".into(),
        token: TOKEN.into(),
        catalog_key: public_key_hex(&pinned()),
    })
    .into_response()
}

async fn leases(
    State(s): State<Shared>,
    headers: HeaderMap,
    Json(req): Json<LeaseRequest>,
) -> Response {
    let mut fake = s.lock().unwrap();
    if let Err(r) = check(&headers, &mut fake) {
        return r;
    }
    let numbers = (req.numbers_left < 10).then_some(NumberBlock {
        first: 1000 * (fake.lease_requests.len() as u32 + 1),
        last: 1000 * (fake.lease_requests.len() as u32 + 1) + 99,
    });
    fake.lease_requests.push(req);
    let now = Utc::now();
    let lease = |official: &str| Lease {
        official_id: official.into(),
        reception_date: reception_day(),
        places: 10,
        used: 0,
        ends_at: now + chrono::Duration::days(2),
    };
    Json(LeaseGrant {
        server_time: now,
        leases: vec![lease(OFFICIAL), lease(REFUSED_OFFICIAL)],
        numbers,
    })
    .into_response()
}

/// An answer whose body breaks off: the server "dies" in the middle of it.
fn broken_answer() -> Response {
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from_static(b"{\"results\":[")),
        Err(std::io::Error::other("server died")),
    ];
    Response::builder()
        .header("content-type", "application/json")
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .unwrap()
}

async fn push(
    State(s): State<Shared>,
    headers: HeaderMap,
    Json(req): Json<PushRequest>,
) -> Response {
    let mut fake = s.lock().unwrap();
    if let Err(r) = check(&headers, &mut fake) {
        return r;
    }
    fake.push_calls += 1;
    if fake.push_mode == PushMode::DieBeforeApplying {
        return broken_answer();
    }
    let mut results = Vec::new();
    for item in req.items {
        let outcome = if item.booking.official_id == REFUSED_OFFICIAL {
            PushOutcome::Refused {
                code: codes::UNKNOWN_OFFICIAL.into(),
                message: format!("official {REFUSED_OFFICIAL:?} is not in the catalog"),
            }
        } else {
            match fake.received.entry(item.idempotency_key) {
                std::collections::hash_map::Entry::Occupied(_) => PushOutcome::Duplicate,
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(item.booking);
                    PushOutcome::Accepted
                }
            }
        };
        results.push(PushResult {
            seq: item.seq,
            idempotency_key: item.idempotency_key,
            outcome,
        });
    }
    if fake.push_mode == PushMode::DieAfterApplying {
        return broken_answer();
    }
    Json(PushResponse { results }).into_response()
}

#[derive(Deserialize)]
struct After {
    #[serde(default)]
    after: u64,
}

async fn updates(State(s): State<Shared>, headers: HeaderMap, Query(q): Query<After>) -> Response {
    let mut fake = s.lock().unwrap();
    if let Err(r) = check(&headers, &mut fake) {
        return r;
    }
    fake.updates_after.push(q.after);
    let events: Vec<TimelineEvent> = fake
        .events
        .iter()
        .filter(|e| e.cursor > q.after)
        .take(fake.page)
        .cloned()
        .collect();
    let next = events.last().map_or(q.after, |e| e.cursor);
    Json(UpdatesResponse { events, next }).into_response()
}

async fn cancel(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    Json(_): Json<CancelRequest>,
) -> Response {
    let mut fake = s.lock().unwrap();
    if let Err(r) = check(&headers, &mut fake) {
        return r;
    }
    if fake.cancelled.contains(&id) {
        return error(
            StatusCode::CONFLICT,
            codes::ALREADY_CANCELLED,
            "already cancelled",
        );
    }
    fake.cancelled.push(id);
    StatusCode::NO_CONTENT.into_response()
}

async fn comment(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    Json(req): Json<CommentRequest>,
) -> Response {
    let mut fake = s.lock().unwrap();
    if let Err(r) = check(&headers, &mut fake) {
        return r;
    }
    fake.comments.push((id, req.text));
    StatusCode::NO_CONTENT.into_response()
}

async fn registry(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(fin): Path<String>,
) -> Response {
    let mut fake = s.lock().unwrap();
    if let Err(r) = check(&headers, &mut fake) {
        return r;
    }
    if fin != "5ABCDE1" {
        return error(StatusCode::NOT_FOUND, codes::NOT_FOUND, "no such citizen");
    }
    Json(RegistryEntry {
        fin,
        full_name: "Əliyev Əli Vəli oğlu".into(),
        birth_date: chrono::NaiveDate::from_ymd_opt(1980, 5, 17).unwrap(),
        address: "Biləsuvar".into(),
    })
    .into_response()
}

// ---- the kiosk's side ----

struct Kiosk {
    _dir: tempfile::TempDir,
    store: Arc<Mutex<Store>>,
    task: SyncTask,
    handle: SyncHandle,
}

fn config() -> SyncConfig {
    let mut c = SyncConfig::new(pinned());
    c.push_batch = 2;
    c
}

fn kiosk(client: ServerClient, config: SyncConfig) -> Kiosk {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kiosk.db"), &DbKey::random_for_tests()).unwrap();
    let store = Arc::new(Mutex::new(store));
    let (task, handle) = SyncTask::new(client, store.clone(), config).unwrap();
    Kiosk {
        _dir: dir,
        store,
        task,
        handle,
    }
}

impl Kiosk {
    /// Books for `fin` with `official` from the lease, judged by the lease clock.
    fn book(&self, fin: &str, official: &str) -> qebul_store::Booked {
        let req = BookingRequest {
            language: qebul_core::Lang::Az,
            document_kind: qebul_core::DocumentKind::IdCard,
            official_id: official.into(),
            reception_date: reception_day(),
            citizen_fin: fin.into(),
            citizen_name: "Əliyev Əli Vəli oğlu".into(),
            document_number: "AA1234567".into(),
            birth_date: None,
            phone: "+994501234567".into(),
            email: None,
            workplace: "İcra hakimiyyəti".into(),
            position: "Mühəndis".into(),
            address: "Biləsuvar".into(),
            note: String::new(),
            topic_id: "topic-housing".into(),
            social_status_id: "status-worker".into(),
            privilege_id: None,
        };
        self.store
            .lock()
            .unwrap()
            .book(&req, self.handle.clock.now(), &BookingPolicy::default())
            .unwrap()
    }

    fn pending(&self) -> u64 {
        self.store.lock().unwrap().outbox_counts().unwrap().pending
    }

    fn status(&self) -> SyncStatus {
        self.handle.status.borrow().clone()
    }

    async fn round(&mut self) -> Result<RoundReport, SyncError> {
        self.task.round().await
    }
}

// ---- client calls ----

#[tokio::test]
async fn enrolment_gives_the_token_the_other_calls_need() {
    let server = start().await;
    let anonymous = ServerClient::new(&server.base).unwrap();
    let err = anonymous.enroll("WRONG").await.unwrap_err();
    assert!(
        matches!(&err, SyncError::Api { status: 403, code, .. } if code == codes::BAD_ENROLLMENT_CODE),
        "{err}"
    );
    let enrolled = anonymous.enroll("ABCD-1234").await.unwrap();
    assert_eq!(enrolled.token, TOKEN);

    let request = LeaseRequest {
        kiosk_time: Utc::now(),
        numbers_left: 0,
        outbox_pending: 0,
    };
    let err = anonymous.request_leases(&request).await.unwrap_err();
    assert!(matches!(err, SyncError::Unauthorized { .. }), "{err}");
    assert!(err.is_auth());
    let client = anonymous.with_token(&enrolled.token);
    let grant = client.request_leases(&request).await.unwrap();
    assert_eq!(grant.leases.len(), 2);
    assert!(grant.numbers.is_some());
}

#[tokio::test]
async fn an_unchanged_catalog_is_not_downloaded_again() {
    let server = start().await;
    let client = server.client();
    let CatalogFetch::New {
        catalog,
        version,
        signed,
        etag,
    } = client.catalog_if_changed(None, &pinned()).await.unwrap()
    else {
        panic!("expected a catalog");
    };
    assert_eq!(version, 1);
    assert_eq!(etag, signed.etag());
    assert_eq!(catalog.officials.len(), 8);
    assert_eq!(
        client
            .catalog_if_changed(Some(&etag), &pinned())
            .await
            .unwrap(),
        CatalogFetch::NotModified
    );
    assert_eq!(server.with(|f| (f.catalog_200, f.catalog_304)), (1, 1));

    // In the sync loop: the second round asks with the stored ETag and gets 304.
    let mut k = kiosk(server.client(), config());
    k.round().await.unwrap();
    let first = k.store.lock().unwrap().catalog().unwrap().unwrap();
    let report = k.round().await.unwrap();
    assert_eq!(report.new_catalog, None);
    assert_eq!(server.with(|f| (f.catalog_200, f.catalog_304)), (2, 2));
    assert_eq!(k.store.lock().unwrap().catalog().unwrap().unwrap(), first);
    assert_eq!(k.status().catalog_version, Some(1));
}

#[tokio::test]
async fn a_tampered_catalog_is_refused_and_the_last_good_one_kept() {
    let server = start().await;
    let mut k = kiosk(server.client(), config());
    assert_eq!(k.round().await.unwrap().new_catalog, Some(1));
    let good = k
        .store
        .lock()
        .unwrap()
        .signed_catalog_text()
        .unwrap()
        .unwrap();
    let good_etag = k.store.lock().unwrap().sync_state().unwrap().catalog_etag;

    // Signed by someone else.
    server.with(|f| f.signed = signed_catalog(2, &SigningKey::from_bytes(&[9; 32])));
    let err = k.round().await.unwrap_err();
    assert!(matches!(err, SyncError::CatalogRefused(_)), "{err}");
    // Changed in transit under the good signature (and ETag).
    server.with(|f| {
        f.signed = signed_catalog(1, &server_key());
        f.signed.body = f.signed.body.replace("\"version\":1", "\"version\":3");
        f.ignore_etag = true;
    });
    let err = k.round().await.unwrap_err();
    assert!(
        matches!(
            err,
            SyncError::CatalogRefused(qebul_protocol::CatalogRefused::BadSignature)
        ),
        "{err}"
    );

    let store = k.store.lock().unwrap();
    assert_eq!(store.signed_catalog_text().unwrap().unwrap(), good);
    assert_eq!(store.sync_state().unwrap().catalog_etag, good_etag);
    assert_eq!(store.catalog().unwrap().unwrap().version, 1);
    // What is kept still verifies under the pinned key.
    let (body, signature) = good;
    let kept = SignedCatalog {
        body,
        signature: hex_encode(&signature),
    };
    assert_eq!(kept.verify(&pinned()).unwrap().version, 1);
    drop(store);
    let status = k.status();
    assert!(!status.online);
    assert!(status.last_error.unwrap().contains("signature"));
}

fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn cancel_comment_and_registry() {
    let server = start().await;
    let client = server.client();
    let id = Uuid::now_v7();
    let proof = CitizenProof {
        fin: "5ABCDE1".into(),
        document_number: "AA1234567".into(),
    };
    let cancel = CancelRequest {
        citizen: proof.clone(),
    };
    assert_eq!(
        client.cancel(id, &cancel).await.unwrap(),
        CancelOutcome::Cancelled
    );
    assert_eq!(
        client.cancel(id, &cancel).await.unwrap(),
        CancelOutcome::AlreadyCancelled
    );
    let comment = CommentRequest {
        idempotency_key: Uuid::now_v7(),
        citizen: proof,
        text: "Zəng edin".into(),
    };
    client.comment(id, &comment).await.unwrap();
    assert_eq!(
        server.with(|f| f.comments.clone()),
        [(id, "Zəng edin".to_owned())]
    );
    let entry = client.registry("5ABCDE1").await.unwrap().unwrap();
    assert_eq!(entry.full_name, "Əliyev Əli Vəli oğlu");
    assert_eq!(client.registry("0000000").await.unwrap(), None);
}

// ---- the sync loop ----

#[tokio::test]
async fn a_round_pushes_in_batches_and_applies_the_results() {
    let server = start().await;
    let mut k = kiosk(server.client(), config());
    // The first round brings leases and numbers; nothing to push yet.
    let first = k.round().await.unwrap();
    assert_eq!(first.push_requests, 0);
    assert_eq!(first.leases.leases, 2);
    assert!(first.leases.numbers_added);

    let booked: Vec<_> = ["1AAAAAA", "2BBBBBB", "3CCCCCC", "4DDDDDD"]
        .iter()
        .map(|fin| k.book(fin, OFFICIAL))
        .collect();
    let refused = k.book("5EEEEEE", REFUSED_OFFICIAL);
    assert_eq!(k.pending(), 5);

    let report = k.round().await.unwrap();
    assert_eq!(report.push_requests, 3, "5 bookings in batches of 2");
    assert_eq!((report.delivered, report.refused), (4, 1));
    // The lease request came after the push, with nothing left pending.
    let last = server.with(|f| f.lease_requests.last().cloned()).unwrap();
    assert_eq!(last.outbox_pending, 0);
    assert_eq!(last.numbers_left, 95);

    {
        let store = k.store.lock().unwrap();
        for b in &booked {
            assert!(store
                .outbox_entry_for(b.id)
                .unwrap()
                .unwrap()
                .delivered_at
                .is_some());
            assert!(store
                .booking(b.id)
                .unwrap()
                .unwrap()
                .acknowledged_at
                .is_some());
        }
        let listed = store.refused_entries().unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].booking_id, refused.id);
        assert_eq!(listed[0].code, codes::UNKNOWN_OFFICIAL);
    }
    let status = k.status();
    assert!(status.online);
    assert!(status.last_success.is_some());
    assert_eq!((status.pending, status.refused), (0, 1));
    // The server holds each accepted booking once, as the kiosk made it.
    server.with(|f| {
        assert_eq!(f.received.len(), 4);
        let wire = &f.received[&booked[0].outbox_key];
        assert_eq!(wire.booking_id, booked[0].id);
        assert_eq!(wire.place, qebul_protocol::api::PlaceSource::Lease);
    });
    // Nothing is sent again.
    let calls = server.with(|f| f.push_calls);
    k.round().await.unwrap();
    assert_eq!(server.with(|f| f.push_calls), calls);
}

#[tokio::test]
async fn a_server_that_dies_mid_push_loses_nothing() {
    let server = start().await;
    let mut k = kiosk(server.client(), config());
    k.round().await.unwrap();
    let booked: Vec<_> = ["1AAAAAA", "2BBBBBB", "3CCCCCC"]
        .iter()
        .map(|fin| k.book(fin, OFFICIAL))
        .collect();

    // Dies before applying anything.
    server.with(|f| f.push_mode = PushMode::DieBeforeApplying);
    let err = k.round().await.unwrap_err();
    assert!(matches!(err, SyncError::Unreachable { .. }), "{err}");
    assert_eq!(k.pending(), 3);
    assert!(server.with(|f| f.received.is_empty()));
    assert!(!k.status().online);
    assert_eq!(k.status().pending, 3);

    // Applies the first batch, then dies in the middle of its answer.
    server.with(|f| f.push_mode = PushMode::DieAfterApplying);
    let err = k.round().await.unwrap_err();
    assert!(matches!(err, SyncError::Unreachable { .. }), "{err}");
    assert_eq!(k.pending(), 3, "not marked delivered without the answer");
    assert_eq!(server.with(|f| f.received.len()), 2);

    // Back to normal: the same entries go up again and are settled, each held once.
    server.with(|f| f.push_mode = PushMode::Normal);
    let report = k.round().await.unwrap();
    assert_eq!(report.delivered, 3);
    assert_eq!(k.pending(), 0);
    server.with(|f| {
        assert_eq!(f.received.len(), 3);
        for b in &booked {
            assert_eq!(f.received[&b.outbox_key].booking_id, b.id);
        }
    });

    // A server that is gone altogether: the round fails, the outbox keeps what it has.
    let b = k.book("4DDDDDD", OFFICIAL);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let gone = ServerClient::new(&format!("http://127.0.0.1:{port}"))
        .unwrap()
        .with_token(TOKEN);
    let (mut task, handle) = SyncTask::new(gone, k.store.clone(), config()).unwrap();
    let err = task.round().await.unwrap_err();
    assert!(matches!(err, SyncError::Unreachable { .. }), "{err}");
    assert_eq!(k.pending(), 1);
    assert!(!handle.status.borrow().online);
    assert_eq!(handle.status.borrow().pending, 1);
    let entry = k
        .store
        .lock()
        .unwrap()
        .outbox_entry_for(b.id)
        .unwrap()
        .unwrap();
    assert_eq!(entry.delivered_at, None);
}

#[tokio::test]
async fn a_revoked_kiosk_is_told_and_still_books_from_its_leases() {
    let server = start().await;
    let mut k = kiosk(server.client(), config());
    k.round().await.unwrap();

    server.with(|f| f.revoked = true);
    let err = server
        .client()
        .push(&PushRequest { items: vec![] })
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::Revoked { .. }), "{err}");

    k.book("1AAAAAA", OFFICIAL);
    let err = k.round().await.unwrap_err();
    assert!(matches!(err, SyncError::Revoked { .. }), "{err}");
    let status = k.status();
    let problem = status.auth_problem.clone().expect("auth problem shown");
    assert_eq!(problem.kind, AuthProblemKind::Revoked);
    assert!(problem.message.contains("revoked"));
    assert!(!status.online);
    assert_eq!(status.pending, 1);
    // Remembered across a restart of the kiosk.
    assert_eq!(
        k.store.lock().unwrap().sync_state().unwrap().auth_problem,
        Some(problem)
    );
    // Local booking goes on within the leases.
    k.book("2BBBBBB", OFFICIAL);
    assert_eq!(k.pending(), 2);

    // Re-enabled on the server: the next round clears the problem and delivers.
    server.with(|f| f.revoked = false);
    k.round().await.unwrap();
    let status = k.status();
    assert_eq!(status.auth_problem, None);
    assert_eq!(status.pending, 0);
    assert!(status.online);
}

#[tokio::test]
async fn updates_are_pulled_page_by_page_and_applied() {
    let server = start().await;
    let mut k = kiosk(server.client(), config());
    k.round().await.unwrap();
    let a = k.book("1AAAAAA", OFFICIAL);
    let b = k.book("2BBBBBB", OFFICIAL);
    k.round().await.unwrap();
    let event = |cursor, booking, kind, status, text: Option<&str>| TimelineEvent {
        cursor,
        booking_id: booking,
        at: Utc::now(),
        kind,
        status,
        text: text.map(str::to_owned),
    };
    server.with(|f| {
        f.events = vec![
            event(1, a.id, EventKind::Received, BookingStatus::Booked, None),
            event(2, b.id, EventKind::Received, BookingStatus::Booked, None),
            event(
                3,
                a.id,
                EventKind::Cancelled,
                BookingStatus::Cancelled,
                Some("Vətəndaş imtina etdi"),
            ),
            event(
                4,
                b.id,
                EventKind::Comment,
                BookingStatus::Booked,
                Some("Sənədləri gətirin"),
            ),
            event(
                5,
                Uuid::now_v7(),
                EventKind::Received,
                BookingStatus::Booked,
                None,
            ),
        ];
        f.updates_after.clear();
    });
    let report = k.round().await.unwrap();
    assert_eq!(report.updates.applied, 4);
    assert_eq!(report.updates.unknown_booking, 1);
    assert_eq!(server.with(|f| f.updates_after.clone()), [0, 2, 4, 5]);
    {
        let store = k.store.lock().unwrap();
        assert_eq!(store.booking(a.id).unwrap().unwrap().status, "cancelled");
        assert_eq!(store.comments(b.id).unwrap()[0].body, "Sənədləri gətirin");
        let state = store.sync_state().unwrap();
        assert_eq!((state.updates_cursor, state.ignored_events), (5, 1));
        // The cancelled place is back in the lease: 2 booked, 1 given back.
        let used: u32 = store
            .connection()
            .query_row(
                "SELECT used FROM capacity_leases WHERE official_id = ?1",
                [OFFICIAL],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(used, 1);
    }
    // The next round asks from where it stopped.
    server.with(|f| f.updates_after.clear());
    k.round().await.unwrap();
    assert_eq!(server.with(|f| f.updates_after.clone()), [5]);
}

#[tokio::test]
async fn a_revoked_kiosk_stops_asking_except_for_the_slow_recheck() {
    let server = start().await;
    server.with(|f| f.revoked = true);
    let mut c = config();
    c.interval = Duration::from_millis(10);
    c.backoff_base = Duration::from_millis(10);
    c.backoff_cap = Duration::from_millis(20);
    c.auth_recheck = Duration::from_secs(3600);
    let k = kiosk(server.client(), c);
    let mut status = k.handle.status.clone();
    let running = tokio::spawn(k.task.run());
    tokio::time::timeout(
        Duration::from_secs(10),
        status.wait_for(|s| s.auth_problem.is_some()),
    )
    .await
    .unwrap()
    .unwrap();
    k.handle.sync_now(); // ignored while the token is refused
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        server.with(|f| f.hits),
        1,
        "one refused request, then silence"
    );
    running.abort();
}

#[tokio::test]
async fn the_loop_retries_with_backoff_then_syncs_at_once_when_asked() {
    let server = start().await;
    let mut c = config();
    c.interval = Duration::from_secs(3600);
    let mut k = kiosk(server.client(), c);
    k.round().await.unwrap(); // leases, so there is something to book
    k.book("1AAAAAA", OFFICIAL);
    server.with(|f| f.push_mode = PushMode::DieBeforeApplying);

    let Kiosk {
        task,
        handle,
        store,
        _dir,
    } = k;
    let task = task.with_backoff(Backoff::with_random(
        Duration::from_millis(5),
        Duration::from_millis(20),
        Box::new(|| u64::MAX),
    ));
    let mut status = handle.status.clone();
    let running = tokio::spawn(task.run());
    // Failing pushes are retried (no longer apart than the backoff's cap), never given up.
    tokio::time::timeout(Duration::from_secs(10), async {
        while server.with(|f| f.push_calls) < 3 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .unwrap();
    assert_eq!(store.lock().unwrap().outbox_counts().unwrap().pending, 1);
    server.with(|f| f.push_mode = PushMode::Normal);
    tokio::time::timeout(
        Duration::from_secs(10),
        status.wait_for(|s| s.online && s.pending == 0),
    )
    .await
    .unwrap()
    .unwrap();

    // Now idle for an hour: a new booking and a kick sync it at once.
    let req = BookingRequest {
        language: qebul_core::Lang::Az,
        document_kind: qebul_core::DocumentKind::IdCard,
        official_id: OFFICIAL.into(),
        reception_date: reception_day(),
        citizen_fin: "2BBBBBB".into(),
        citizen_name: "Məmmədova Aygün".into(),
        document_number: "AA7654321".into(),
        birth_date: None,
        phone: "+994551112233".into(),
        email: None,
        workplace: String::new(),
        position: String::new(),
        address: String::new(),
        note: String::new(),
        topic_id: "t".into(),
        social_status_id: "s".into(),
        privilege_id: None,
    };
    store
        .lock()
        .unwrap()
        .book(&req, handle.clock.now(), &BookingPolicy::default())
        .unwrap();
    handle.sync_now();
    tokio::time::timeout(
        Duration::from_secs(10),
        status.wait_for(|_| server.with(|f| f.received.len()) == 2),
    )
    .await
    .unwrap()
    .unwrap();
    tokio::time::timeout(Duration::from_secs(10), status.wait_for(|s| s.pending == 0))
        .await
        .unwrap()
        .unwrap();
    running.abort();
}
