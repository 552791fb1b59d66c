use qebul_app::{Kiosk, KioskInfo, SyncView};
use tauri::State;

// These never fail, but Tauri requires async commands that borrow state to return a Result.

#[tauri::command]
#[specta::specta]
pub async fn kiosk_info(kiosk: State<'_, Kiosk>) -> Result<KioskInfo, ()> {
    Ok(kiosk.info())
}

/// Where the kiosk stands with its central server, for the receptionist's screen.
#[tauri::command]
#[specta::specta]
pub async fn sync_status(kiosk: State<'_, Kiosk>) -> Result<SyncView, ()> {
    Ok(kiosk.sync_view())
}
