use qebul_app::{Kiosk, PrintQueueView};
use tauri::State;

use super::CommandError;

/// The printer and the notices not printed yet, asked now.
#[tauri::command]
#[specta::specta]
pub async fn print_queue(kiosk: State<'_, Kiosk>) -> Result<PrintQueueView, CommandError> {
    kiosk.print_queue().await
}

/// Puts a failed notice back in the queue (the receptionist loaded paper, closed the cover).
#[tauri::command]
#[specta::specta]
pub async fn retry_print(kiosk: State<'_, Kiosk>, job: u32) -> Result<(), CommandError> {
    kiosk.retry_print(job)
}
