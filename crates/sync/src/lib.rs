//! The kiosk's client of the central server. Today: the catalog download.
//!
//! ```no_run
//! # async fn run() -> Result<(), qebul_sync::SyncError> {
//! let client = qebul_sync::ServerClient::new("http://127.0.0.1:8700")?;
//! let catalog = client.catalog().await?;
//! println!("{} officials", catalog.officials.len());
//! # Ok(()) }
//! ```

use std::time::Duration;

use qebul_core::Catalog;
use qebul_protocol::{InvalidCatalog, CATALOG_PATH};

/// Why the kiosk could not get what it asked the server for.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("server address {0:?} is not an http:// URL")]
    BadAddress(String),
    #[error("server address {0:?} uses https, which this build of the kiosk cannot speak yet: use http:// on a trusted network")]
    HttpsUnsupported(String),
    #[error("cannot reach the central server at {url}: {source}")]
    Unreachable { url: String, source: reqwest::Error },
    #[error("the central server answered {status} for {url}")]
    Status { url: String, status: u16 },
    #[error("the central server sent a catalog the kiosk cannot read: {0}")]
    Malformed(String),
    #[error("the central server sent an unusable catalog: {0}")]
    Invalid(#[from] InvalidCatalog),
}

/// The server's address and an HTTP client with time limits, so a dead network never hangs a screen.
#[derive(Debug, Clone)]
pub struct ServerClient {
    base: String,
    http: reqwest::Client,
}

impl ServerClient {
    pub fn new(base: &str) -> Result<ServerClient, SyncError> {
        let base = base.trim_end_matches('/');
        // TLS comes with the sync protocol; until then an https address is refused by name rather
        // than failing later as an unreachable server.
        if base.starts_with("https://") {
            return Err(SyncError::HttpsUnsupported(base.to_owned()));
        }
        if !base.starts_with("http://") || base.len() == "http://".len() {
            return Err(SyncError::BadAddress(base.to_owned()));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|source| SyncError::Unreachable {
                url: base.to_owned(),
                source,
            })?;
        Ok(ServerClient {
            base: base.to_owned(),
            http,
        })
    }

    /// Downloads and checks the catalog; an unusable one is an error, never half-applied.
    pub async fn catalog(&self) -> Result<Catalog, SyncError> {
        self.wire_catalog()
            .await?
            .to_domain()
            .map_err(SyncError::from)
    }

    async fn wire_catalog(&self) -> Result<qebul_protocol::Catalog, SyncError> {
        let url = format!("{}{CATALOG_PATH}", self.base);
        let unreachable = |source| SyncError::Unreachable {
            url: url.clone(),
            source,
        };
        let response = self.http.get(&url).send().await.map_err(unreachable)?;
        if !response.status().is_success() {
            return Err(SyncError::Status {
                url,
                status: response.status().as_u16(),
            });
        }
        let body = response.bytes().await.map_err(unreachable)?;
        serde_json::from_slice(&body).map_err(|e| SyncError::Malformed(e.to_string()))
    }
}
