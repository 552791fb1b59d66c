//! ESC/POS: the bytes a receipt printer takes, and the status it reports.

/// What a printer reports about itself through `DLE EOT n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrinterStatus {
    /// Ready to print.
    Ready,
    /// Paper is running low; printing still works.
    PaperNearEnd,
    /// No paper: printing has stopped.
    PaperOut,
    /// The cover is open: printing has stopped.
    CoverOpen,
    /// The printer says it is offline (for another reason than paper or cover).
    Offline,
    /// The printer reports an error (cutter jam, overheating, ...).
    Error,
}

impl PrinterStatus {
    /// Whether a job can be printed in this state.
    pub fn can_print(self) -> bool {
        matches!(self, PrinterStatus::Ready | PrinterStatus::PaperNearEnd)
    }
}
