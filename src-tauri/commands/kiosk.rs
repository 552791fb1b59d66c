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
