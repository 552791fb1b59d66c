use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use crate::commands::{CommandError, ErrorCode};
use crate::Kiosk;

/// The printer and the notices not printed yet, for the receptionist: a failed notice stays in
/// the queue with its reason until it is printed again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct PrintQueueChanged {
    /// The printer's name, or none when the kiosk has no printer configured.
    pub printer: Option<String>,
    /// `ready`, `paper-near-end`, `paper-out`, `cover-open`, `offline`, `error`, or none when the
    /// printer's link cannot tell (CUPS, a device file) or it did not answer.
    pub status: Option<String>,
    /// Why the last status query failed, for the receptionist.
    pub status_error: Option<String>,
    /// Jobs queued, printing or failed, oldest first.
    pub jobs: Vec<PrintJobView>,
}

/// A notice waiting to be printed, or whose printing failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PrintJobView {
    pub id: u32,
    /// The application number as the notice shows it.
    pub number: String,
    /// `queued`, `printing` or `failed`.
    pub state: String,
    /// Why the last attempt failed, worded for the receptionist.
    pub reason: Option<String>,
    pub attempts: u32,
}

#[tauri::command]
#[specta::specta]
pub async fn print_queue(kiosk: State<'_, Kiosk>) -> Result<PrintQueueChanged, CommandError> {
    kiosk.print_queue().await
}

/// Puts a failed notice back in the queue (the receptionist loaded paper, closed the cover).
#[tauri::command]
#[specta::specta]
pub async fn retry_print(kiosk: State<'_, Kiosk>, job: u32) -> Result<(), CommandError> {
    kiosk.retry_print(i64::from(job)).map_err(|e| CommandError {
        code: ErrorCode::PrintQueue,
        detail: e.to_string(),
    })
}
