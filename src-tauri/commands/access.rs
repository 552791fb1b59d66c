use qebul_app::{AccessChange, Kiosk, SpeechControl};
use tauri::State;

/// The person turned speech, large text or high contrast on or off.
#[tauri::command]
#[specta::specta]
pub async fn access_set(kiosk: State<'_, Kiosk>, change: AccessChange) -> Result<(), ()> {
    kiosk.set_access(change);
    Ok(())
}

/// Speech mode: says the screen's words, as shown, in the session's language.
#[tauri::command]
#[specta::specta]
pub async fn speak(kiosk: State<'_, Kiosk>, text: String) -> Result<(), ()> {
    kiosk.speak(&text);
    Ok(())
}

/// Speech mode: a warning tone, then the words (the countdown).
#[tauri::command]
#[specta::specta]
pub async fn speak_warning(kiosk: State<'_, Kiosk>, text: String) -> Result<(), ()> {
    kiosk.speak_warning(&text);
    Ok(())
}

/// The keypad's help, pause and volume keys.
#[tauri::command]
#[specta::specta]
pub async fn speech_control(kiosk: State<'_, Kiosk>, control: SpeechControl) -> Result<(), ()> {
    kiosk.speech_control(control);
    Ok(())
}
