use qebul_app::{DemoCard, Kiosk, SessionView, UiLang};
use tauri::State;

use super::CommandError;

#[tauri::command]
#[specta::specta]
pub async fn session_status(kiosk: State<'_, Kiosk>) -> Result<SessionView, ()> {
    Ok(kiosk.session())
}

/// A touch, or "I need more time": someone is at the screen.
#[tauri::command]
#[specta::specta]
pub async fn session_touch(kiosk: State<'_, Kiosk>) -> Result<(), ()> {
    kiosk.touch();
    Ok(())
}

/// The person chose a language: the screens', and their notices' second lines.
#[tauri::command]
#[specta::specta]
pub async fn session_language(kiosk: State<'_, Kiosk>, lang: UiLang) -> Result<(), ()> {
    kiosk.set_language(lang);
    Ok(())
}

/// "Finish" or "Start over": the session ends and everything about the person is wiped.
#[tauri::command]
#[specta::specta]
pub async fn session_finish(kiosk: State<'_, Kiosk>) -> Result<(), ()> {
    kiosk.finish();
    Ok(())
}

/// Offline, the citizen confirms (or types) the registered address, on the screen of session
/// `generation`.
#[tauri::command]
#[specta::specta]
pub async fn confirm_address(
    kiosk: State<'_, Kiosk>,
    address: String,
    generation: u32,
) -> Result<(), CommandError> {
    kiosk.confirm_address(&address, generation)
}

/// What a keyboard-wedge scanner typed into the window.
#[tauri::command]
#[specta::specta]
pub async fn submit_mrz(kiosk: State<'_, Kiosk>, text: String) -> Result<(), CommandError> {
    kiosk.submit_mrz(&text)
}

#[tauri::command]
#[specta::specta]
pub async fn demo_cards(kiosk: State<'_, Kiosk>) -> Result<Vec<DemoCard>, CommandError> {
    kiosk.demo_cards()
}

#[tauri::command]
#[specta::specta]
pub async fn demo_insert_card(kiosk: State<'_, Kiosk>, index: u32) -> Result<(), CommandError> {
    kiosk.demo_insert_card(index)
}

#[tauri::command]
#[specta::specta]
pub async fn demo_remove_card(kiosk: State<'_, Kiosk>) -> Result<(), CommandError> {
    kiosk.demo_remove_card()
}

/// The demo's server goes down (`false`) or comes back (`true`).
#[tauri::command]
#[specta::specta]
pub async fn demo_server(kiosk: State<'_, Kiosk>, online: bool) -> Result<(), CommandError> {
    kiosk.demo_server(online).await
}

/// The demo's virtual printer runs out of paper (`true`) or gets a new roll (`false`).
#[tauri::command]
#[specta::specta]
pub async fn demo_paper(kiosk: State<'_, Kiosk>, out: bool) -> Result<(), CommandError> {
    kiosk.demo_paper(out)
}

/// What the demo's server holds of a booking (for the end-to-end test).
#[tauri::command]
#[specta::specta]
pub async fn demo_server_booking(
    kiosk: State<'_, Kiosk>,
    booking_id: String,
) -> Result<Option<qebul_app::DemoServerBooking>, CommandError> {
    kiosk.demo_server_booking(&booking_id).await
}

/// Bookings made elsewhere take every free place of an official's day on the demo's server.
#[tauri::command]
#[specta::specta]
pub async fn demo_take_free_places(
    kiosk: State<'_, Kiosk>,
    official_id: String,
    date: String,
) -> Result<u32, CommandError> {
    kiosk.demo_take_free_places(&official_id, &date).await
}

/// A booking for today made elsewhere for the citizen at the kiosk (check-in in the demo).
#[tauri::command]
#[specta::specta]
pub async fn demo_book_today(
    kiosk: State<'_, Kiosk>,
    generation: u32,
) -> Result<qebul_app::DemoTodayBooking, CommandError> {
    kiosk.demo_book_today(generation).await
}
