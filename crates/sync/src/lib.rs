//! The kiosk's client of the central server, and its side of the sync protocol.
//!
//! - [`ServerClient`]: one method per protocol call (enrolment, signed catalog with its ETag,
//!   leases, push, updates, cancel, comment, history, arrivals, registry, notice check), with
//!   time limits so a dead network never hangs a screen, and the server's [`ApiError`]s as
//!   [`SyncError`]s.
//! - [`SyncTask`] ([`task`]): the background loop that pushes the outbox, tops up leases, reports
//!   the kiosk's health, pulls the timeline and refreshes the catalog, and reports a
//!   [`SyncStatus`].
//! - [`lease_clock`] / [`LeaseClock`] ([`clock`]): the time the kiosk judges lease ends by.
//! - [`Backoff`] ([`backoff`]): exponential backoff with full jitter.
//!
//! ```no_run
//! # async fn run() -> Result<(), qebul_sync::SyncError> {
//! let client = qebul_sync::ServerClient::new("http://127.0.0.1:8700")?;
//! let enrolled = client.enroll("ABCD-EFGH").await?;
//! let client = client.with_token(&enrolled.token);
//! let grant = client
//!     .request_leases(&qebul_protocol::api::LeaseRequest {
//!         kiosk_time: chrono::Utc::now(),
//!         numbers_left: 0,
//!         outbox_pending: 0,
//!     })
//!     .await?;
//! println!("{} leases", grant.leases.len());
//! # Ok(()) }
//! ```

pub mod actions;
pub mod backoff;
pub mod clock;
pub mod task;
pub mod transport;

use http::header::{AUTHORIZATION, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use http::{Method, StatusCode};
use qebul_core::Catalog;
use qebul_protocol::api::{
    codes, paths, ApiError, ArrivalOutcome, ArrivalRequest, CancelRequest, CommentRequest,
    EnrollRequest, EnrollResponse, HistoryRequest, HistoryResponse, KioskHealth, LeaseGrant,
    LeaseRequest, NoticeCheck, NoticeCheckRequest, PushRequest, PushResponse, RegistryEntry,
    UpdatesResponse,
};
use qebul_protocol::{CatalogRefused, InvalidCatalog, SignedCatalog, VerifyingKey};
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

pub use actions::{send_action, settle_action, ActionAnswer};
pub use backoff::Backoff;
pub use clock::{lease_clock, system_monotonic, LeaseClock, Monotonic, MonotonicReading};
pub use task::{HealthProvider, SyncConfig, SyncHandle, SyncStatus, SyncTask};
pub use transport::{ReqwestTransport, Transport, TransportError};

/// An answer as the transport gave it, body read in full.
type Response = http::Response<Vec<u8>>;

/// Why the kiosk could not get what it asked the server for.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("server address {0:?} is not an http:// URL")]
    BadAddress(String),
    #[error("server address {0:?} uses https, which this build of the kiosk cannot speak yet: use http:// on a trusted network")]
    HttpsUnsupported(String),
    #[error("cannot reach the central server at {url}: {source}")]
    Unreachable { url: String, source: TransportError },
    /// An error status without an [`ApiError`] body.
    #[error("the central server answered {status} for {url}")]
    Status { url: String, status: u16 },
    /// The server's own error answer.
    #[error("the central server refused the request ({status} {code}): {message}")]
    Api {
        status: u16,
        code: String,
        message: String,
    },
    /// The kiosk was revoked on the server (`kiosk-revoked`): it must be enrolled again.
    #[error("the central server has revoked this kiosk: {message}")]
    Revoked { message: String },
    /// The device token is missing or unknown (`unauthorized`, or a bare 401).
    #[error("the central server does not accept this kiosk's device token: {message}")]
    Unauthorized { message: String },
    #[error("the central server sent something the kiosk cannot read: {0}")]
    Malformed(String),
    #[error("the central server sent an unusable catalog: {0}")]
    Invalid(#[from] InvalidCatalog),
    /// The signed catalog failed verification against the pinned key: nothing was saved.
    #[error("the catalog was refused: {0}")]
    CatalogRefused(#[from] CatalogRefused),
    /// The server's answer breaks the protocol (e.g. a push answer that leaves items out).
    #[error("the central server broke the protocol: {0}")]
    Protocol(String),
    #[error(transparent)]
    Store(#[from] qebul_store::StoreError),
    #[error("internal error in the sync task: {0}")]
    Internal(String),
}

impl SyncError {
    /// The server turned the device token away (revoked or unauthorized).
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            SyncError::Revoked { .. } | SyncError::Unauthorized { .. }
        )
    }
}

/// What `GET /v1/catalog` with an ETag gave.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogFetch {
    /// 304: the cached catalog is current.
    NotModified,
    /// A new catalog, verified under the pinned key and valid.
    New {
        catalog: Catalog,
        /// Its version (from the wire catalog).
        version: u64,
        /// Exactly as signed, to store and verify again.
        signed: SignedCatalog,
        etag: String,
    },
}

/// What became of a cancellation request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelOutcome {
    Cancelled,
    /// The server had it cancelled already (`already-cancelled`).
    AlreadyCancelled,
}

/// The server's address and a [`Transport`] (HTTP with time limits, so a dead network never
/// hangs a screen); with the device token once enrolled.
#[derive(Clone)]
pub struct ServerClient {
    base: String,
    http: std::sync::Arc<dyn Transport>,
    token: Option<std::sync::Arc<str>>,
}

impl std::fmt::Debug for ServerClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the token.
        f.debug_struct("ServerClient")
            .field("base", &self.base)
            .field("has_token", &self.token.is_some())
            .finish()
    }
}

impl ServerClient {
    /// A client of the server at `base` over HTTP ([`ReqwestTransport`]).
    pub fn new(base: &str) -> Result<ServerClient, SyncError> {
        let base = checked_base(base)?;
        let http = ReqwestTransport::new().map_err(|source| SyncError::Unreachable {
            url: base.clone(),
            source,
        })?;
        Ok(ServerClient::with_transport_unchecked(
            base,
            std::sync::Arc::new(http),
        ))
    }

    /// A client of the server at `base` whose requests go through `transport` (the simulation's
    /// network); the address is checked as [`ServerClient::new`] checks it.
    pub fn with_transport(
        base: &str,
        transport: std::sync::Arc<dyn Transport>,
    ) -> Result<ServerClient, SyncError> {
        Ok(ServerClient::with_transport_unchecked(
            checked_base(base)?,
            transport,
        ))
    }

    fn with_transport_unchecked(base: String, http: std::sync::Arc<dyn Transport>) -> ServerClient {
        ServerClient {
            base,
            http,
            token: None,
        }
    }
}

/// `base` without its trailing `/`, if it is a plain-HTTP address.
fn checked_base(base: &str) -> Result<String, SyncError> {
    {
        let base = base.trim_end_matches('/');
        // TLS comes later; until then an https address is refused by name rather than failing
        // later as an unreachable server.
        if base.starts_with("https://") {
            return Err(SyncError::HttpsUnsupported(base.to_owned()));
        }
        if !base.starts_with("http://") || base.len() == "http://".len() {
            return Err(SyncError::BadAddress(base.to_owned()));
        }
        reqwest::Url::parse(base).map_err(|_| SyncError::BadAddress(base.to_owned()))?;
        Ok(base.to_owned())
    }
}

impl ServerClient {
    /// The same client, sending `token` as `Authorization: Bearer` on every call but enrolment.
    pub fn with_token(mut self, token: &str) -> ServerClient {
        self.token = Some(token.trim().into());
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// `base` + `/`-joined path segments, each percent-encoded.
    fn url(&self, segments: &[&str]) -> String {
        let mut url = match reqwest::Url::parse(&self.base) {
            Ok(url) => url,
            // Checked in `new`.
            Err(_) => return format!("{}/{}", self.base, segments.join("/")),
        };
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url.into()
    }

    fn path_url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request to `url` (JSON `body` if any), with the device token when there is one.
    fn request(
        &self,
        method: Method,
        url: &str,
        body: Option<Vec<u8>>,
        authorized: bool,
    ) -> Result<http::Request<Vec<u8>>, SyncError> {
        let mut builder = http::Request::builder().method(method).uri(url);
        if let (true, Some(token)) = (authorized, &self.token) {
            builder = builder.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        if body.is_some() {
            builder = builder.header(CONTENT_TYPE, "application/json");
        }
        builder
            .body(body.unwrap_or_default())
            .map_err(|e| SyncError::Internal(format!("cannot build the request to {url}: {e}")))
    }

    /// An authorized `POST` of `body` as JSON.
    fn post_json<B: Serialize>(
        &self,
        url: &str,
        body: &B,
    ) -> Result<http::Request<Vec<u8>>, SyncError> {
        let json = serde_json::to_vec(body)
            .map_err(|e| SyncError::Internal(format!("cannot encode the request to {url}: {e}")))?;
        self.request(Method::POST, url, Some(json), true)
    }

    /// Sends `request`; an error status becomes the matching [`SyncError`].
    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
        url: &str,
    ) -> Result<Response, SyncError> {
        let response =
            self.http
                .exchange(request)
                .await
                .map_err(|source| SyncError::Unreachable {
                    url: url.to_owned(),
                    source,
                })?;
        if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
            return Ok(response);
        }
        Err(failure(url, response))
    }

    fn read<T: DeserializeOwned>(response: Response, url: &str) -> Result<T, SyncError> {
        serde_json::from_slice(response.body())
            .map_err(|e| SyncError::Malformed(format!("{url}: {e}")))
    }

    /// `POST /v1/enroll`: the technician's one-time code for a device token (no token needed).
    pub async fn enroll(&self, code: &str) -> Result<EnrollResponse, SyncError> {
        self.enroll_with_notice_key(code, None).await
    }

    /// [`ServerClient::enroll`], registering the public key this kiosk signs its notices with.
    pub async fn enroll_with_notice_key(
        &self,
        code: &str,
        notice_key: Option<&VerifyingKey>,
    ) -> Result<EnrollResponse, SyncError> {
        let url = self.path_url(paths::ENROLL);
        let json = serde_json::to_vec(&EnrollRequest {
            code: code.to_owned(),
            notice_key: notice_key.map(qebul_protocol::public_key_hex),
        })
        .map_err(|e| SyncError::Internal(format!("cannot encode the enrollment: {e}")))?;
        // No token: enrolment is how a kiosk gets one.
        let request = self.request(Method::POST, &url, Some(json), false)?;
        let response = self.send(request, &url).await?;
        Self::read(response, &url)
    }

    /// `GET /v1/catalog` with `If-None-Match: etag`: [`CatalogFetch::NotModified`], or a new
    /// catalog verified under `pinned`. A catalog whose signature fails (or that is not valid)
    /// is [`SyncError::CatalogRefused`]: the caller keeps its last good one.
    pub async fn catalog_if_changed(
        &self,
        etag: Option<&str>,
        pinned: &VerifyingKey,
    ) -> Result<CatalogFetch, SyncError> {
        let url = self.path_url(paths::CATALOG);
        let mut request = self.request(Method::GET, &url, None, true)?;
        if let Some(etag) = etag {
            let value = http::HeaderValue::from_str(etag)
                .map_err(|e| SyncError::Internal(format!("a stored ETag is not a header: {e}")))?;
            request.headers_mut().insert(IF_NONE_MATCH, value);
        }
        let response = self.send(request, &url).await?;
        if response.status() == StatusCode::NOT_MODIFIED {
            return Ok(CatalogFetch::NotModified);
        }
        let header = response
            .headers()
            .get(ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let signed: SignedCatalog = Self::read(response, &url)?;
        let wire = signed.verify(pinned)?;
        let version = wire.version;
        let catalog = wire.to_domain().map_err(CatalogRefused::Invalid)?;
        let etag = header.unwrap_or_else(|| signed.etag());
        Ok(CatalogFetch::New {
            catalog,
            version,
            signed,
            etag,
        })
    }

    /// `POST /v1/leases`.
    pub async fn request_leases(&self, request: &LeaseRequest) -> Result<LeaseGrant, SyncError> {
        let url = self.path_url(paths::LEASES);
        let response = self.send(self.post_json(&url, request)?, &url).await?;
        Self::read(response, &url)
    }

    /// `POST /v1/health`: the kiosk's health, kept by the server as this kiosk's last report.
    pub async fn report_health(&self, report: &KioskHealth) -> Result<(), SyncError> {
        let url = self.path_url(paths::KIOSK_HEALTH);
        self.send(self.post_json(&url, report)?, &url).await?;
        Ok(())
    }

    /// `POST /v1/bookings/push`.
    pub async fn push(&self, request: &PushRequest) -> Result<PushResponse, SyncError> {
        let url = self.path_url(paths::PUSH);
        let response = self.send(self.post_json(&url, request)?, &url).await?;
        Self::read(response, &url)
    }

    /// `GET /v1/updates?after=<after>`.
    pub async fn updates(&self, after: u64) -> Result<UpdatesResponse, SyncError> {
        let url = format!("{}?after={after}", self.path_url(paths::UPDATES));
        let response = self
            .send(self.request(Method::GET, &url, None, true)?, &url)
            .await?;
        Self::read(response, &url)
    }

    /// `POST /v1/bookings/{id}/cancel` for the citizen at the kiosk. A booking the server had
    /// cancelled already is [`CancelOutcome::AlreadyCancelled`], not an error.
    pub async fn cancel(
        &self,
        booking: Uuid,
        request: &CancelRequest,
    ) -> Result<CancelOutcome, SyncError> {
        let id = booking.hyphenated().to_string();
        let url = self.url(&["v1", "bookings", &id, "cancel"]);
        match self.send(self.post_json(&url, request)?, &url).await {
            Ok(_) => Ok(CancelOutcome::Cancelled),
            Err(SyncError::Api { code, .. }) if code == codes::ALREADY_CANCELLED => {
                Ok(CancelOutcome::AlreadyCancelled)
            }
            Err(e) => Err(e),
        }
    }

    /// `POST /v1/bookings/{id}/comments`: stored once per idempotency key.
    pub async fn comment(&self, booking: Uuid, request: &CommentRequest) -> Result<(), SyncError> {
        let id = booking.hyphenated().to_string();
        let url = self.url(&["v1", "bookings", &id, "comments"]);
        self.send(self.post_json(&url, request)?, &url).await?;
        Ok(())
    }

    /// `POST /v1/history`: the applications of the citizen whose card is in the reader.
    pub async fn history(&self, request: &HistoryRequest) -> Result<HistoryResponse, SyncError> {
        let url = self.path_url(paths::HISTORY);
        let response = self.send(self.post_json(&url, request)?, &url).await?;
        Self::read(response, &url)
    }

    /// `POST /v1/arrivals`: a citizen checks in; every outcome is an answer.
    pub async fn arrival(&self, request: &ArrivalRequest) -> Result<ArrivalOutcome, SyncError> {
        let url = self.path_url(paths::ARRIVALS);
        let response = self.send(self.post_json(&url, request)?, &url).await?;
        Self::read(response, &url)
    }

    /// `POST /v1/notices/check`: a notice's QR seal (`seal`, the text as scanned), of any kiosk
    /// of the authority, judged by the server against the notice key its kiosk gave at
    /// enrollment. Every verdict, `unreadable` included, is an answer; an error means the server
    /// could not be asked (the caller falls back to checking its own seals).
    pub async fn check_notice(&self, seal: &str) -> Result<NoticeCheck, SyncError> {
        let url = self.path_url(paths::NOTICE_CHECK);
        let request = NoticeCheckRequest {
            seal: seal.to_owned(),
        };
        let response = self.send(self.post_json(&url, &request)?, &url).await?;
        Self::read(response, &url)
    }

    /// `GET /v1/registry/{fin}`: the citizen as the population registry knows them, or `None`
    /// when it does not (404).
    pub async fn registry(&self, fin: &str) -> Result<Option<RegistryEntry>, SyncError> {
        let url = self.url(&["v1", "registry", fin.trim()]);
        match self
            .send(self.request(Method::GET, &url, None, true)?, &url)
            .await
        {
            Ok(response) => Self::read(response, &url).map(Some),
            Err(SyncError::Api { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The error for a failed answer: the server's [`ApiError`] when it sent one.
fn failure(url: &str, response: Response) -> SyncError {
    let status = response.status().as_u16();
    let api: Option<ApiError> = serde_json::from_slice(response.body()).ok();
    match api {
        Some(e) if e.code == codes::KIOSK_REVOKED => SyncError::Revoked { message: e.message },
        Some(e) if status == 401 || e.code == codes::UNAUTHORIZED => {
            SyncError::Unauthorized { message: e.message }
        }
        None if status == 401 => SyncError::Unauthorized {
            message: format!("{url} answered 401"),
        },
        Some(e) => SyncError::Api {
            status,
            code: e.code,
            message: e.message,
        },
        None => SyncError::Status {
            url: url.to_owned(),
            status,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_encoded() {
        let client = ServerClient::new("http://127.0.0.1:9/").unwrap();
        assert_eq!(
            client.url(&["v1", "registry", "A B/C"]),
            "http://127.0.0.1:9/v1/registry/A%20B%2FC"
        );
        assert_eq!(
            client.path_url(paths::PUSH),
            "http://127.0.0.1:9/v1/bookings/push"
        );
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let client = ServerClient::new("http://x")
            .unwrap()
            .with_token("secret-token");
        let shown = format!("{client:?}");
        assert!(!shown.contains("secret-token"), "{shown}");
        assert!(shown.contains("has_token: true"), "{shown}");
    }
}
