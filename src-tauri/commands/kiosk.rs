use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use crate::Kiosk;

/// What the kiosk is connected to, for the welcome screen and the receptionist.
#[derive(Debug, Clone, Serialize, Type)]
pub struct KioskInfo {
    pub version: String,
    /// The authority's name once the catalog is in.
    pub authority: Option<String>,
    pub card_reader: Option<String>,
    pub printer: Option<String>,
}

/// Emitted when a catalog has been downloaded, so open screens refresh.
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct CatalogSynced {
    /// The catalog's version (saturating: JavaScript numbers cannot hold every u64).
    pub version: u32,
    pub officials: u32,
}

// Never fails, but Tauri requires async commands that borrow state to return a Result.
#[tauri::command]
#[specta::specta]
pub async fn kiosk_info(kiosk: State<'_, Kiosk>) -> Result<KioskInfo, ()> {
    Ok(KioskInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        authority: kiosk.catalog().await.ok().map(|c| c.authority.name),
        card_reader: kiosk.reader_name(),
        printer: kiosk.printer_name().map(str::to_owned),
    })
}

/// Where the kiosk stands with its central server, for the receptionist's screen: whether the
/// last sync went through, when one last did, and what has not reached the server yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct SyncStatusChanged {
    pub online: bool,
    /// RFC 3339, UTC; the UI shows it in Baku time.
    pub last_success: Option<String>,
    /// Bookings not yet on the server.
    pub pending: u32,
    /// Bookings the server refused (final): the receptionist must see to them.
    pub refused: u32,
    /// `revoked` or `unauthorized` when the server turned this kiosk away; booking goes on
    /// within its leases.
    pub auth_problem: Option<String>,
    /// The last failure, for the receptionist (never shown to citizens).
    pub last_error: Option<String>,
}

impl From<&qebul_sync::SyncStatus> for SyncStatusChanged {
    fn from(s: &qebul_sync::SyncStatus) -> Self {
        SyncStatusChanged {
            online: s.online,
            last_success: s.last_success.map(|t| t.to_rfc3339()),
            pending: u32::try_from(s.pending).unwrap_or(u32::MAX),
            refused: u32::try_from(s.refused).unwrap_or(u32::MAX),
            auth_problem: s.auth_problem.as_ref().map(|p| p.kind.as_str().to_owned()),
            last_error: s.last_error.clone(),
        }
    }
}

#[tauri::command]
#[specta::specta]
pub async fn sync_status(kiosk: State<'_, Kiosk>) -> Result<SyncStatusChanged, ()> {
    Ok(SyncStatusChanged::from(&kiosk.status()))
}
