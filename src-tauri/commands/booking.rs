use qebul_app::{
    AppError, BookedView, BookingError, BookingFormView, BookingOptions, FieldProblem, Kiosk,
    NoticeStatusView, UiLang,
};
use tauri::State;

use super::CommandError;

/// What the booking form offers for one official: dates, lists, in the citizen's language.
#[tauri::command]
#[specta::specta]
pub async fn booking_options(
    kiosk: State<'_, Kiosk>,
    official_id: String,
    lang: UiLang,
) -> Result<BookingOptions, CommandError> {
    kiosk.booking_options(&official_id, lang).await
}

/// "MƏLUMATLARI GÖNDƏR": books the form for the citizen of session `generation`. `Ok` only once
/// the booking is durable in the local store.
#[tauri::command]
#[specta::specta]
pub async fn book(
    kiosk: State<'_, Kiosk>,
    form: BookingFormView,
    generation: u32,
) -> Result<BookedView, BookingError> {
    kiosk.book_form(form, generation).await
}

/// The booking form checked as "MƏLUMATLARI GÖNDƏR" would, without booking: the fields refused.
#[tauri::command]
#[specta::specta]
pub async fn check_form(
    kiosk: State<'_, Kiosk>,
    form: BookingFormView,
    generation: u32,
) -> Result<Vec<FieldProblem>, BookingError> {
    kiosk.check_form(form, generation)
}

/// Where the notice of booking `booking_id` stands: for the sent screen.
#[tauri::command]
#[specta::specta]
pub async fn notice_status(
    kiosk: State<'_, Kiosk>,
    booking_id: String,
) -> Result<NoticeStatusView, AppError> {
    kiosk.notice_status(&booking_id)
}
