//! The receptionist's screen: the PIN gate and the staff actions (issue 17). Each command
//! calls one method of the kiosk; the kiosk refuses every action but `staff_status` and
//! `staff_open` while the screen is closed, and audits each with who did it.

use qebul_app::{
    DayChoice, DayListView, Kiosk, KioskCareView, PrinterCareView, SealCheckView, StaffNoticeRow,
    StaffView, UnsentView,
};
use tauri::State;

use super::CommandError;

/// The staff screen's gate now (also sent as `StaffChanged`).
#[tauri::command]
#[specta::specta]
pub async fn staff_status(kiosk: State<'_, Kiosk>) -> Result<StaffView, ()> {
    Ok(kiosk.staff_status())
}

/// Opens the staff screen with a member's PIN; ends the citizen session.
#[tauri::command]
#[specta::specta]
pub async fn staff_open(kiosk: State<'_, Kiosk>, pin: String) -> Result<StaffView, CommandError> {
    kiosk.staff_open(&pin).await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_close(kiosk: State<'_, Kiosk>) -> Result<(), CommandError> {
    kiosk.staff_close()
}

/// The receptionist is still there (puts off the idle close).
#[tauri::command]
#[specta::specta]
pub async fn staff_touch(kiosk: State<'_, Kiosk>) -> Result<(), CommandError> {
    kiosk.staff_touch()
}

/// A new PIN for the member who has the screen open (`new` in the contract: `new` cannot name
/// a parameter in TypeScript).
#[tauri::command]
#[specta::specta]
pub async fn staff_change_pin(
    kiosk: State<'_, Kiosk>,
    old_pin: String,
    new_pin: String,
) -> Result<(), CommandError> {
    kiosk.staff_change_pin(&old_pin, &new_pin).await
}

/// Notices to reprint: a scanned barcode, a number, a name or a date.
#[tauri::command]
#[specta::specta]
pub async fn staff_find_notices(
    kiosk: State<'_, Kiosk>,
    query: String,
) -> Result<Vec<StaffNoticeRow>, CommandError> {
    kiosk.staff_find_notices(&query).await
}

/// Reprints a notice (marked as a reprint); returns its print job.
#[tauri::command]
#[specta::specta]
pub async fn staff_reprint(kiosk: State<'_, Kiosk>, booking: String) -> Result<u32, CommandError> {
    kiosk.staff_reprint(&booking).await
}

/// What a scanned QR seal says.
#[tauri::command]
#[specta::specta]
pub async fn staff_verify_seal(
    kiosk: State<'_, Kiosk>,
    text: String,
) -> Result<SealCheckView, CommandError> {
    kiosk.staff_verify_seal(&text).await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_day_list(
    kiosk: State<'_, Kiosk>,
    day: DayChoice,
) -> Result<DayListView, CommandError> {
    kiosk.staff_day_list(day).await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_unsent(kiosk: State<'_, Kiosk>) -> Result<UnsentView, CommandError> {
    kiosk.staff_unsent().await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_sync_now(kiosk: State<'_, Kiosk>) -> Result<(), CommandError> {
    kiosk.staff_sync_now().await
}

/// Records how a refused push was resolved (by its idempotency key).
#[tauri::command]
#[specta::specta]
pub async fn staff_resolve_refused(
    kiosk: State<'_, Kiosk>,
    id: String,
    note: String,
) -> Result<(), CommandError> {
    kiosk.staff_resolve_refused(&id, &note).await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_printer(kiosk: State<'_, Kiosk>) -> Result<PrinterCareView, CommandError> {
    kiosk.staff_printer().await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_retry(kiosk: State<'_, Kiosk>, job: u32) -> Result<(), CommandError> {
    kiosk.staff_retry(job).await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_test_page(kiosk: State<'_, Kiosk>) -> Result<(), CommandError> {
    kiosk.staff_test_page().await
}

/// A notice drawn from its ESC/POS bytes, as a `data:image/png;base64,…` URL.
#[tauri::command]
#[specta::specta]
pub async fn staff_notice_preview(
    kiosk: State<'_, Kiosk>,
    booking: String,
) -> Result<String, CommandError> {
    kiosk.staff_notice_preview(&booking).await
}

#[tauri::command]
#[specta::specta]
pub async fn staff_kiosk(kiosk: State<'_, Kiosk>) -> Result<KioskCareView, CommandError> {
    kiosk.staff_kiosk().await
}
