use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use crate::commands::{CommandError, ErrorCode, UiLang};
use crate::Kiosk;

/// The citizen's session as the UI shows it. Sent on every change; after a wipe `citizen` is
/// none and the UI must drop everything it showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct SessionChanged {
    /// `none`, `active` or `countdown`.
    pub phase: String,
    /// Seconds left in the countdown (0 outside it).
    pub seconds_left: u32,
    pub citizen: Option<CitizenView>,
    /// Why the last session ended (`card-removed`, `finished`, `idle`, `new-card`), once.
    pub ended: Option<String>,
    /// Something the citizen must be told: `card-unreadable`, `document-expired`,
    /// `reader-lost`; the UI translates it.
    pub notice: Option<String>,
    /// The reader's problem, for the receptionist (not shown to citizens).
    pub reader_problem: Option<String>,
}

/// What the screens may show of the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CitizenView {
    pub full_name: String,
    /// dd.mm.yyyy
    pub birth_date: String,
    pub address: Option<String>,
    /// `id-card` or `passport`.
    pub document_kind: String,
    /// Partly masked: `AA****567`.
    pub document_number: String,
    /// Whether the registry filled the name, birth date and address (else: from the card).
    pub from_registry: bool,
    /// Whether the citizen must still confirm the address (offline).
    pub needs_address: bool,
}

/// A demo citizen the simulated reader can "insert".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DemoCard {
    pub index: u32,
    pub full_name: String,
}

fn session_error(detail: impl Into<String>) -> CommandError {
    CommandError {
        code: ErrorCode::Session,
        detail: detail.into(),
    }
}

#[tauri::command]
#[specta::specta]
pub async fn session_status(kiosk: State<'_, Kiosk>) -> Result<SessionChanged, ()> {
    Ok(kiosk.sessions().view())
}

/// A touch, or "I need more time": the citizen is still there.
#[tauri::command]
#[specta::specta]
pub async fn session_touch(kiosk: State<'_, Kiosk>) -> Result<(), ()> {
    kiosk.sessions().touch();
    Ok(())
}

/// The citizen chose a language: their notices get its second lines.
#[tauri::command]
#[specta::specta]
pub async fn session_language(kiosk: State<'_, Kiosk>, lang: UiLang) -> Result<(), ()> {
    kiosk.sessions().set_language(lang.into());
    Ok(())
}

/// "Finish": the session ends and everything about the citizen is wiped.
#[tauri::command]
#[specta::specta]
pub async fn session_finish(kiosk: State<'_, Kiosk>) -> Result<(), ()> {
    kiosk.sessions().finish();
    Ok(())
}

/// Offline, the citizen confirms (or types) the registered address.
#[tauri::command]
#[specta::specta]
pub async fn confirm_address(kiosk: State<'_, Kiosk>, address: String) -> Result<(), CommandError> {
    kiosk
        .sessions()
        .confirm_address(&address)
        .map_err(|e| CommandError {
            code: ErrorCode::AddressInvalid,
            detail: e,
        })
}

/// What a keyboard-wedge scanner typed into the window.
#[tauri::command]
#[specta::specta]
pub async fn submit_mrz(kiosk: State<'_, Kiosk>, text: String) -> Result<(), CommandError> {
    kiosk.sessions().wedge_input(&text).map_err(session_error)
}

#[tauri::command]
#[specta::specta]
pub async fn demo_cards(kiosk: State<'_, Kiosk>) -> Result<Vec<DemoCard>, CommandError> {
    kiosk.sessions().demo_cards().map_err(session_error)
}

#[tauri::command]
#[specta::specta]
pub async fn demo_insert_card(kiosk: State<'_, Kiosk>, index: u32) -> Result<(), CommandError> {
    kiosk.sessions().demo_insert(index).map_err(session_error)
}

#[tauri::command]
#[specta::specta]
pub async fn demo_remove_card(kiosk: State<'_, Kiosk>) -> Result<(), CommandError> {
    kiosk.sessions().demo_remove().map_err(session_error)
}
