//! The catalog the screens show: the one cached in the store (verified against the pinned key
//! when it arrived), parsed once per version, so the kiosk works offline once it has synced.

use std::sync::{Arc, Mutex, RwLock};

use qebul_store::Store;
use tokio::sync::watch;

use crate::views::CatalogView;

/// A cached catalog, as the wire has it (topics, statuses, calendar) and as the domain does
/// (parsed reception rules).
#[derive(Debug)]
pub(crate) struct Cached {
    pub version: i64,
    pub wire: qebul_protocol::Catalog,
    pub domain: qebul_core::Catalog,
}

pub(crate) struct CatalogCache {
    store: Arc<Mutex<Store>>,
    current: RwLock<Option<Arc<Cached>>>,
    changes: watch::Sender<Option<CatalogView>>,
}

impl CatalogCache {
    pub fn new(store: Arc<Mutex<Store>>) -> CatalogCache {
        CatalogCache {
            store,
            current: RwLock::new(None),
            changes: watch::channel(None).0,
        }
    }

    /// The domain catalog, if one is cached.
    pub fn current(&self) -> Option<qebul_core::Catalog> {
        self.cached().map(|c| c.domain.clone())
    }

    pub fn cached(&self) -> Option<Arc<Cached>> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn subscribe(&self) -> watch::Receiver<Option<CatalogView>> {
        self.changes.subscribe()
    }

    /// Re-reads the cached catalog if its version changed; true when it did.
    pub fn refresh(&self) -> bool {
        let cached = self
            .store
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .catalog();
        let cached = match cached {
            Ok(Some(c)) => c,
            Ok(None) => return false,
            Err(e) => {
                tracing::error!("cannot read the cached catalog: {e}");
                return false;
            }
        };
        if self.cached().is_some_and(|c| c.version == cached.version) {
            return false;
        }
        // The cache holds only catalogs verified on arrival; an unreadable one is a bug or a
        // damaged store, logged, and the previous one stays on screen.
        let parsed = serde_json::from_value::<qebul_protocol::Catalog>(cached.body)
            .map_err(|e| e.to_string())
            .and_then(|wire| {
                let domain = wire.to_domain().map_err(|e| e.to_string())?;
                Ok((wire, domain))
            });
        match parsed {
            Ok((wire, domain)) => {
                let view = CatalogView {
                    version: u32::try_from(cached.version).unwrap_or(u32::MAX),
                    officials: u32::try_from(domain.officials.len()).unwrap_or(u32::MAX),
                };
                *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(Cached {
                    version: cached.version,
                    wire,
                    domain,
                }));
                self.changes.send_replace(Some(view));
                true
            }
            Err(e) => {
                tracing::error!("the cached catalog cannot be read: {e}");
                false
            }
        }
    }
}
