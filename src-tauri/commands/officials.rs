use qebul_app::{Kiosk, OfficialsList, UiLang};
use tauri::State;

use super::CommandError;

/// The officials list (seed Şəkil 4), written out in the citizen's language.
#[tauri::command]
#[specta::specta]
pub async fn list_officials(
    lang: UiLang,
    kiosk: State<'_, Kiosk>,
) -> Result<OfficialsList, CommandError> {
    kiosk.officials(lang)
}
