use qebul_app::{
    ApplicationView, CheckInView, CitizenError, HistoryQueryView, HistoryView, Kiosk,
    NoticeStatusView, UiLang,
};
use tauri::State;

/// The history of the citizen of session `generation` (card in the reader), searched.
#[tauri::command]
#[specta::specta]
pub async fn history(
    kiosk: State<'_, Kiosk>,
    generation: u32,
    query: HistoryQueryView,
    lang: UiLang,
) -> Result<HistoryView, CitizenError> {
    kiosk.history(generation, query, lang).await
}

/// One application, every field and its timeline.
#[tauri::command]
#[specta::specta]
pub async fn application(
    kiosk: State<'_, Kiosk>,
    generation: u32,
    booking_id: String,
    lang: UiLang,
) -> Result<ApplicationView, CitizenError> {
    kiosk.application(generation, &booking_id, lang).await
}

/// "Göndər": the citizen's comment on an application.
#[tauri::command]
#[specta::specta]
pub async fn comment_application(
    kiosk: State<'_, Kiosk>,
    generation: u32,
    booking_id: String,
    text: String,
    lang: UiLang,
) -> Result<ApplicationView, CitizenError> {
    kiosk
        .comment_application(generation, &booking_id, &text, lang)
        .await
}

/// Cancels an application (after the screen's confirmation).
#[tauri::command]
#[specta::specta]
pub async fn cancel_application(
    kiosk: State<'_, Kiosk>,
    generation: u32,
    booking_id: String,
    lang: UiLang,
) -> Result<ApplicationView, CitizenError> {
    kiosk
        .cancel_application(generation, &booking_id, lang)
        .await
}

/// Prints an application's notice again (marked as a reprint).
#[tauri::command]
#[specta::specta]
pub async fn print_application(
    kiosk: State<'_, Kiosk>,
    generation: u32,
    booking_id: String,
) -> Result<NoticeStatusView, CitizenError> {
    kiosk.print_application(generation, &booking_id).await
}

/// The citizen with a card checks in for their bookings today (none: an empty answer).
#[tauri::command]
#[specta::specta]
pub async fn check_in_card(
    kiosk: State<'_, Kiosk>,
    generation: u32,
    lang: UiLang,
) -> Result<CheckInView, CitizenError> {
    kiosk.check_in_card(generation, lang).await
}

/// A notice's barcode, as a keyboard-wedge scanner typed it at the welcome screen.
#[tauri::command]
#[specta::specta]
pub async fn check_in_barcode(
    kiosk: State<'_, Kiosk>,
    barcode: String,
    lang: UiLang,
) -> Result<CheckInView, CitizenError> {
    kiosk.check_in_barcode(&barcode, lang).await
}
