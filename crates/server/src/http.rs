//! The HTTP API of protocol version 1: JSON, bearer device tokens, errors as [`ApiError`].
//! The citizen's own actions at any kiosk (history, cancel, comment, arrival) are in
//! `http/citizen.rs`; a notice's QR seal checked for any kiosk, in `http/notices.rs`.
mod citizen;
mod notices;
mod openapi;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, FromRequestParts, Path, Query, State};
use axum::http::header::{AUTHORIZATION, ETAG, IF_NONE_MATCH, RETRY_AFTER};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_protocol::api::{
    codes, paths, ApiError, EnrollRequest, EnrollResponse, KioskHealth, LeaseGrant, LeaseRequest,
    PushOutcome, PushRequest, PushResponse, PushResult, RegistryEntry, UpdatesResponse,
    MAX_PUSH_BATCH,
};
use qebul_protocol::{parse_public_key, public_key_hex, Catalog, SignedCatalog, VerifyingKey};
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

use self::openapi::CommonErrors;
use crate::auth::{new_device_token, normalise_code, secret_hash};
use crate::db::{DbError, KioskRow, RateLimit, ServerDb};
use crate::plan::{is_reception_day, lease_end, lease_wants, LeasePolicy};

/// The largest request body accepted: a full push batch of long bookings fits with room.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// A request that takes longer is answered 408 and its transaction rolled back.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The most timeline events one `updates` answer carries.
pub const UPDATES_PAGE: u32 = 500;

/// The server's clock; tests move it.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: ServerDb,
    pub catalog_key: VerifyingKey,
    pub leases: LeasePolicy,
    pub booking_policy: BookingPolicy,
    pub clock: Clock,
    /// How long a catalog read from the database is served before looking again.
    pub catalog_ttl: Duration,
    /// How long a device token found valid is trusted before asking the database again: a
    /// revocation (from `qebul-server kiosk revoke`, another process) takes effect within it.
    pub auth_ttl: Duration,
    /// How many history requests one kiosk may make, and in how long.
    pub history_limit: RateLimit,
    auth_cache:
        Arc<std::sync::RwLock<std::collections::HashMap<String, (std::time::Instant, KioskRow)>>>,
    /// The latest catalog, verified and parsed, for `catalog_ttl`: verifying and parsing it on
    /// every request would cost more than the booking itself.
    catalog_cache: Arc<std::sync::RwLock<Option<CachedCatalog>>>,
}

/// How long a valid device token is trusted without asking the database, unless set otherwise.
pub const AUTH_TTL: Duration = Duration::from_secs(2);

/// How long a server process serves a catalog before looking for a newer one in the database
/// (another process may have imported it), unless set otherwise.
pub const CATALOG_TTL: Duration = Duration::from_secs(2);

struct CachedCatalog {
    loaded: std::time::Instant,
    signed: Arc<SignedCatalog>,
    catalog: Arc<Catalog>,
}

impl AppState {
    pub fn new(db: ServerDb, catalog_key: VerifyingKey) -> AppState {
        AppState {
            db,
            catalog_key,
            leases: LeasePolicy::default(),
            booking_policy: BookingPolicy::default(),
            clock: Arc::new(Utc::now),
            catalog_ttl: CATALOG_TTL,
            auth_ttl: AUTH_TTL,
            history_limit: RateLimit::default(),
            auth_cache: Default::default(),
            catalog_cache: Default::default(),
        }
    }

    fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    async fn catalog(&self) -> Result<(Arc<SignedCatalog>, Arc<Catalog>), Failure> {
        if let Ok(cache) = self.catalog_cache.read() {
            if let Some(c) = cache
                .as_ref()
                .filter(|c| c.loaded.elapsed() < self.catalog_ttl)
            {
                return Ok((c.signed.clone(), c.catalog.clone()));
            }
        }
        let signed = self.db.latest_catalog().await?.ok_or_else(|| {
            Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                codes::NOT_FOUND,
                "no catalog has been imported on this server yet",
            )
        })?;
        let catalog = signed
            .verify(&self.catalog_key)
            .map_err(|e| Failure::internal(format!("the stored catalog does not verify: {e}")))?;
        let (signed, catalog) = (Arc::new(signed), Arc::new(catalog));
        if let Ok(mut cache) = self.catalog_cache.write() {
            *cache = Some(CachedCatalog {
                loaded: std::time::Instant::now(),
                signed: signed.clone(),
                catalog: catalog.clone(),
            });
        }
        Ok((signed, catalog))
    }
}

/// An error answer.
#[derive(Debug)]
pub struct Failure {
    status: StatusCode,
    body: ApiError,
    /// Seconds for a `Retry-After` header (429).
    retry_after: Option<u64>,
}

impl Failure {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Failure {
        Failure {
            status,
            body: ApiError {
                code: code.to_owned(),
                message: message.into(),
            },
            retry_after: None,
        }
    }

    fn internal(message: String) -> Failure {
        tracing::error!(%message, "internal error");
        Failure::new(StatusCode::INTERNAL_SERVER_ERROR, codes::INTERNAL, message)
    }
}

impl From<DbError> for Failure {
    fn from(e: DbError) -> Failure {
        let code = e.code();
        let status = match code {
            codes::NOT_FOUND => StatusCode::NOT_FOUND,
            codes::BAD_REQUEST => StatusCode::BAD_REQUEST,
            codes::CITIZEN_MISMATCH => StatusCode::FORBIDDEN,
            codes::INTERNAL => return Failure::internal(e.to_string()),
            _ => StatusCode::CONFLICT,
        };
        Failure::new(status, code, e.to_string())
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// A JSON body whose rejections (malformed, too large, wrong content type) are answered as
/// [`ApiError`]s like every other error.
pub struct ApiJson<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Failure> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => {
                let status = rejection.status();
                let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
                    codes::TOO_LARGE
                } else {
                    codes::BAD_REQUEST
                };
                Err(Failure::new(status, code, rejection.body_text()))
            }
        }
    }
}

/// Path parameters and query strings whose rejections are [`ApiError`]s too.
pub struct ApiPath<T>(pub T);
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| ApiPath(v))
            .map_err(|r| Failure::new(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, r.body_text()))
    }
}

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| ApiQuery(v))
            .map_err(|r| Failure::new(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, r.body_text()))
    }
}

/// The kiosk a request's bearer token belongs to; refused with 401 when missing, unknown or
/// revoked.
pub struct Kiosk(pub KioskRow);

impl FromRequestParts<AppState> for Kiosk {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Kiosk, Failure> {
        let unauthorized =
            |message: &str| Failure::new(StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED, message);
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| unauthorized("this request needs a kiosk's device token"))?;
        let hash = secret_hash(token.trim());
        let cached = state.auth_cache.read().ok().and_then(|cache| {
            cache
                .get(&hash)
                .filter(|(at, _)| at.elapsed() < state.auth_ttl)
                .map(|(_, kiosk)| kiosk.clone())
        });
        if let Some(kiosk) = cached {
            return Ok(Kiosk(kiosk));
        }
        let kiosk = state
            .db
            .kiosk_by_token(&hash)
            .await?
            .ok_or_else(|| unauthorized("this device token is not known to the server"))?;
        if kiosk.revoked_at.is_some() {
            return Err(Failure::new(
                StatusCode::UNAUTHORIZED,
                codes::KIOSK_REVOKED,
                format!("kiosk {} has been revoked; enroll it again", kiosk.id),
            ));
        }
        if !state.auth_ttl.is_zero() {
            if let Ok(mut cache) = state.auth_cache.write() {
                // Forget expired entries now and then, so the map stays the size of the fleet.
                if cache.len() > 10_000 {
                    cache.retain(|_, (at, _)| at.elapsed() < state.auth_ttl);
                }
                cache.insert(hash, (std::time::Instant::now(), kiosk.clone()));
            }
        }
        Ok(Kiosk(kiosk))
    }
}

/// The routes of protocol version 1, with body limits and timeouts.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route(paths::CATALOG, get(get_catalog))
        .route(paths::ENROLL, post(enroll))
        .route(paths::LEASES, post(leases))
        .route(paths::PUSH, post(push))
        .route(paths::UPDATES, get(updates))
        .route(paths::CANCEL, post(citizen::cancel))
        .route(paths::COMMENT, post(citizen::comment))
        .route(paths::HISTORY, post(citizen::history))
        .route(paths::ARRIVALS, post(citizen::arrivals))
        .route(paths::NOTICE_CHECK, post(notices::check))
        .route(paths::REGISTRY, get(registry))
        .route(paths::KIOSK_HEALTH, post(kiosk_health))
        .route(paths::OPENAPI, get(openapi))
        .route(paths::HEALTH, get(|| async { "ok" }))
        .fallback(|| async {
            Failure::new(
                StatusCode::NOT_FOUND,
                codes::NOT_FOUND,
                "no such endpoint in protocol version 1",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        // Kiosks sync over shop-grade links, often metered: answers go gzipped when asked.
        .layer(CompressionLayer::new().gzip(true))
        .with_state(state)
}

#[utoipa::path(get, path = "/v1/catalog", tag = "catalog",
    responses((status = 200, body = SignedCatalog), (status = 304, description = "Unchanged since the ETag sent in `If-None-Match`"),
        (status = 503, body = ApiError, description = "No catalog has been imported on this server yet")))]
async fn get_catalog(
    State(state): State<AppState>,
    _kiosk: Kiosk,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let (signed, _) = state.catalog().await?;
    let etag = signed.etag();
    let tag = HeaderValue::from_str(&etag)
        .map_err(|e| Failure::internal(format!("bad etag {etag:?}: {e}")))?;
    let unchanged = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, [(ETAG, tag)]).into_response());
    }
    Ok(([(ETAG, tag)], Json(SignedCatalog::clone(&signed))).into_response())
}

#[utoipa::path(post, path = "/v1/enroll", tag = "kiosks", request_body = EnrollRequest,
    responses((status = 200, body = EnrollResponse),
        (status = 400, body = ApiError, description = "`bad-request`: a notice key that is not an Ed25519 public key, or a body that is not JSON"),
        (status = 403, body = ApiError, description = "`bad-enrollment-code`: unknown, or used already")))]
async fn enroll(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<EnrollRequest>,
) -> Result<Json<EnrollResponse>, Failure> {
    // A key that does not parse is refused before the one-time code is used up.
    if let Some(key) = &req.notice_key {
        parse_public_key(key).map_err(|e| {
            Failure::new(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, e.to_string())
        })?;
    }
    let token = new_device_token().map_err(|e| Failure::internal(e.to_string()))?;
    let kiosk_id = state
        .db
        .enroll(
            &secret_hash(&normalise_code(&req.code)),
            &secret_hash(&token),
            state.now(),
        )
        .await?
        .ok_or_else(|| {
            Failure::new(
                StatusCode::FORBIDDEN,
                codes::BAD_ENROLLMENT_CODE,
                "this enrollment code is unknown or has already been used",
            )
        })?;
    if let Some(key) = &req.notice_key {
        state.db.set_notice_key(&kiosk_id, key).await?;
    }
    tracing::info!(%kiosk_id, notice_key = req.notice_key.is_some(), "kiosk enrolled");
    Ok(Json(EnrollResponse {
        kiosk_id,
        token,
        catalog_key: public_key_hex(&state.catalog_key),
    }))
}

#[utoipa::path(post, path = "/v1/leases", tag = "sync", request_body = LeaseRequest,
    responses((status = 200, body = LeaseGrant),
        (status = 503, body = ApiError, description = "No catalog has been imported on this server yet")))]
async fn leases(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    ApiJson(req): ApiJson<LeaseRequest>,
) -> Result<Json<LeaseGrant>, Failure> {
    let now = state.now();
    // "Nothing left to push" reclaims the kiosk's unused places, so only a request written now
    // says it: a copy delayed or replayed by the network (the simulation found one) may predate
    // bookings still on their way. A kiosk whose clock is off by more than the drift keeps its
    // places counted until its clock is right: the safe side.
    let fresh = (now - req.kiosk_time).abs() <= state.leases.drift;
    if req.outbox_pending == 0 && fresh {
        state.db.record_report(&kiosk.id, now).await?;
    }
    state.db.reclaim_leases(now, state.leases.drift).await?;
    let (_, catalog) = state.catalog().await?;
    let wants = lease_wants(&catalog, now, &state.leases);
    let mut leases = Vec::new();
    // One grant per lease end, since every reception day ends its lease at its own time.
    let mut by_end: std::collections::BTreeMap<
        DateTime<Utc>,
        Vec<(String, chrono::NaiveDate, u32)>,
    > = Default::default();
    for w in wants {
        by_end
            .entry(lease_end(w.reception_date, now, &state.leases))
            .or_default()
            .push((w.official_id, w.reception_date, w.capacity));
    }
    for (ends_at, wants) in by_end {
        leases.extend(
            state
                .db
                .grant_leases(
                    &kiosk.id,
                    &wants,
                    state.leases.places_per_kiosk,
                    ends_at,
                    now,
                )
                .await?,
        );
    }
    let numbers = if req.numbers_left < state.leases.numbers_low_water {
        Some(
            state
                .db
                .allocate_numbers(&kiosk.id, state.leases.number_block)
                .await?,
        )
    } else {
        None
    };
    let drift = (req.kiosk_time - now).num_seconds();
    if drift.abs() > state.leases.drift.num_seconds() {
        tracing::warn!(kiosk = %kiosk.id, drift_seconds = drift, "kiosk clock is off");
    }
    Ok(Json(LeaseGrant {
        server_time: now,
        leases,
        numbers,
    }))
}

#[utoipa::path(post, path = "/v1/bookings/push", tag = "sync", request_body = PushRequest,
    responses((status = 200, body = PushResponse, description = "One outcome per booking: accepted, duplicate or refused"),
        (status = 413, body = ApiError, description = "`too-large`: more bookings than a push carries, or a body over the limit"),
        (status = 503, body = ApiError, description = "No catalog has been imported on this server yet")))]
async fn push(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    ApiJson(req): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, Failure> {
    if req.items.len() > MAX_PUSH_BATCH {
        return Err(Failure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::TOO_LARGE,
            format!(
                "a push carries at most {MAX_PUSH_BATCH} bookings; this one has {}",
                req.items.len()
            ),
        ));
    }
    let now = state.now();
    let today = qebul_core::time::baku_date(&now);
    let (_, catalog) = state.catalog().await?;
    let mut results = Vec::with_capacity(req.items.len());
    for item in &req.items {
        let b = &item.booking;
        let refused = |code: &str, message: String| PushOutcome::Refused {
            code: code.to_owned(),
            message,
        };
        let outcome = match catalog.capacity(&b.official_id, b.reception_date) {
            None => refused(
                codes::UNKNOWN_OFFICIAL,
                format!("official {:?} is not in the catalog", b.official_id),
            ),
            Some(_)
                if b.place == qebul_protocol::api::PlaceSource::Direct
                    && !is_reception_day(&catalog, &b.official_id, b.reception_date, now) =>
            {
                refused(
                    codes::NOT_A_RECEPTION_DAY,
                    format!(
                        "{} is not a reception day of official {:?}",
                        b.reception_date, b.official_id
                    ),
                )
            }
            Some(capacity) => {
                state
                    .db
                    .push(&kiosk.id, item, capacity, &state.booking_policy, today, now)
                    .await?
            }
        };
        results.push(PushResult {
            seq: item.seq,
            idempotency_key: item.idempotency_key,
            outcome,
        });
    }
    Ok(Json(PushResponse { results }))
}

/// The longest version string a health report may carry.
const MAX_VERSION_CHARS: usize = 64;

#[utoipa::path(post, path = "/v1/health", tag = "kiosks", request_body = KioskHealth,
    responses((status = 204, description = "Recorded"),
        (status = 400, body = ApiError, description = "`bad-request`: a version of 1 to 64 characters, or a body that is not JSON")))]
async fn kiosk_health(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    ApiJson(report): ApiJson<KioskHealth>,
) -> Result<StatusCode, Failure> {
    let length = report.version.chars().count();
    if length == 0 || length > MAX_VERSION_CHARS || report.version.chars().any(char::is_control) {
        return Err(Failure::new(
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
            format!(
                "a kiosk's version has 1 to {MAX_VERSION_CHARS} characters, none of them a \
                 control character"
            ),
        ));
    }
    state
        .db
        .record_health(&kiosk.id, &report, state.now())
        .await?;
    tracing::debug!(kiosk = %kiosk.id, ?report, "health report");
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct UpdatesQuery {
    /// The `next` of the previous answer; 0 for all.
    #[serde(default)]
    after: u64,
}

#[utoipa::path(get, path = "/v1/updates", tag = "sync", params(UpdatesQuery),
    responses((status = 200, body = UpdatesResponse)))]
async fn updates(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    ApiQuery(q): ApiQuery<UpdatesQuery>,
) -> Result<Json<UpdatesResponse>, Failure> {
    Ok(Json(
        state.db.updates(&kiosk.id, q.after, UPDATES_PAGE).await?,
    ))
}

#[utoipa::path(get, path = "/v1/registry/{fin}", tag = "registry",
    params(("fin" = String, Path, description = "the citizen's personal identification number",
        example = "5ZK7Q2M")),
    responses((status = 200, body = RegistryEntry),
        (status = 400, body = ApiError, description = "`bad-request`: the FİN holds a control character"),
        (status = 404, body = ApiError, description = "`not-found`: no citizen with this FİN in the registry")))]
async fn registry(
    State(state): State<AppState>,
    _kiosk: Kiosk,
    ApiPath(fin): ApiPath<String>,
) -> Result<Json<RegistryEntry>, Failure> {
    let fin = fin.trim().to_ascii_uppercase();
    if fin.chars().any(char::is_control) {
        // No registry holds one, and PostgreSQL could not even look a NUL up.
        return Err(Failure::new(
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
            "a FİN holds no control characters",
        ));
    }
    state.db.registry(&fin).await?.map(Json).ok_or_else(|| {
        Failure::new(
            StatusCode::NOT_FOUND,
            codes::NOT_FOUND,
            format!("no citizen with FİN {fin} in the registry"),
        )
    })
}

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Qəbul Kiosk reference server", description = "Protocol version 1: the kiosk ↔ central server API."),
    paths(
        get_catalog, enroll, leases, push, updates, citizen::cancel, citizen::comment,
        citizen::history, citizen::arrivals, registry, kiosk_health, notices::check
    ),
    components(schemas(ApiError)),
    modifiers(&BearerAuth, &CommonErrors)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            openapi::DEVICE_TOKEN,
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(<ApiDoc as utoipa::OpenApi>::openapi())
}
