//! The reference central server that speaks the kiosk protocol.
//!
//! The national system is not ours; this server stands in for it in development, demos, tests and
//! small deployments. Today it serves a catalog held in memory; bookings, leases and storage come
//! with the sync protocol.
//!
//! ```no_run
//! # async fn run() -> anyhow::Result<()> {
//! let server = qebul_server::EmbeddedServer::start(qebul_server::demo_catalog()?).await?;
//! println!("catalog at {}{}", server.base_url(), qebul_protocol::CATALOG_PATH);
//! # Ok(()) }
//! ```

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use qebul_protocol::{Catalog, InvalidCatalog, CATALOG_PATH};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The seed's authority (Biləsuvar) and its eight officials, as `qebul-server demo` serves them.
const DEMO_CATALOG: &str = include_str!("../demo/catalog.json");

/// A catalog file that cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum CatalogFileError {
    #[error("cannot read catalog file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("catalog file {path} is not a valid catalog: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    #[error("catalog file {path}: {source}")]
    Invalid {
        path: String,
        source: InvalidCatalog,
    },
}

/// Parses and checks a catalog; `path` only names it in errors.
pub fn parse_catalog(json: &str, path: &str) -> Result<Catalog, CatalogFileError> {
    let catalog: Catalog =
        serde_json::from_str(json).map_err(|source| CatalogFileError::Parse {
            path: path.to_owned(),
            source,
        })?;
    catalog
        .validate()
        .map_err(|source| CatalogFileError::Invalid {
            path: path.to_owned(),
            source,
        })?;
    Ok(catalog)
}

pub fn load_catalog(path: &Path) -> Result<Catalog, CatalogFileError> {
    let shown = path.display().to_string();
    let json = std::fs::read_to_string(path).map_err(|source| CatalogFileError::Read {
        path: shown.clone(),
        source,
    })?;
    parse_catalog(&json, &shown)
}

/// The demo catalog compiled into the server.
pub fn demo_catalog() -> Result<Catalog, CatalogFileError> {
    parse_catalog(DEMO_CATALOG, "demo/catalog.json")
}

#[derive(Clone)]
struct AppState {
    catalog: Arc<Catalog>,
}

/// The HTTP routes of the server.
pub fn router(catalog: Catalog) -> Router {
    Router::new()
        .route(CATALOG_PATH, get(get_catalog))
        .route("/health", get(|| async { "ok" }))
        .with_state(AppState {
            catalog: Arc::new(catalog),
        })
}

async fn get_catalog(State(state): State<AppState>) -> Json<Catalog> {
    Json(Catalog::clone(&state.catalog))
}

/// Serves until the listener fails.
pub async fn serve(listener: TcpListener, catalog: Catalog) -> std::io::Result<()> {
    tracing::info!(addr = ?listener.local_addr().ok(), "reference server listening");
    axum::serve(listener, router(catalog)).await
}

/// A server running inside another process (the kiosk's demo mode, tests) on a free loopback port.
pub struct EmbeddedServer {
    addr: SocketAddr,
    task: JoinHandle<std::io::Result<()>>,
}

impl EmbeddedServer {
    /// Binds 127.0.0.1 on a free port and serves `catalog` on the current tokio runtime.
    pub async fn start(catalog: Catalog) -> std::io::Result<EmbeddedServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(serve(listener, catalog));
        Ok(EmbeddedServer { addr, task })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for EmbeddedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_catalog_has_the_seed_authority_and_its_eight_officials() {
        let catalog = demo_catalog().expect("demo catalog is valid");
        assert_eq!(catalog.authority.name, "Biləsuvar Rayon İcra Hakimiyyəti");
        let names: Vec<_> = catalog
            .officials
            .iter()
            .map(|o| o.full_name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "QULİYEV MAHİR HACI OĞLU",
                "MƏMMƏDOV XANLAR BAYRAM OĞLU",
                "HƏSƏNOV ELSEVƏR CƏMİL OĞLU",
                "QƏMBƏROVA XƏYALƏ NAZİM QIZI",
                "ŞAHBAZOV ZAKİR VƏKİL OĞLU",
                "ƏZİMOV YAŞAR ŞAHAB OĞLU",
                "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU",
                "ASTANOV ELŞƏN ƏVƏZ OĞLU",
            ]
        );
    }

    #[test]
    fn a_catalog_with_a_bad_rule_is_refused_naming_the_official() {
        let json = DEMO_CATALOG.replacen(
            "\"weekdays\": [\n          1\n        ]",
            "\"weekdays\": [9]",
            1,
        );
        assert_ne!(json, DEMO_CATALOG, "fixture edit must apply");
        let err = parse_catalog(&json, "x.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "catalog file x.json: official \"bilesuvar-1\" has an unusable reception rule: weekday 9 is not 1 (Monday) to 7 (Sunday)"
        );
    }

    #[test]
    fn a_file_that_is_not_json_is_refused_naming_it() {
        let err = parse_catalog("officials: none", "broken.json").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("catalog file broken.json is not a valid catalog"),
            "{err}"
        );
    }
}
