//! How bytes reach a printer: the [`Transport`] trait and its error.

pub use qebul_notice::escpos::PrinterStatus;

/// A link to one printer that carries a finished job (ESC/POS bytes or a PDF) and, where the link
/// is two-way, reads the printer's status back.
pub trait Transport: Send + Sync {
    /// A name for logs and the receptionist's screen, e.g. `TCP 192.168.1.50:9100`.
    fn describe(&self) -> String;

    /// Sends one whole job. `Ok` means every byte was accepted and, on a two-way link, that the
    /// printer reported no fault by the end of the job; anything else is an error with its reason.
    fn send(&self, job: &[u8]) -> Result<(), TransportError>;

    /// The printer's status now; `Ok(None)` when the link cannot tell (a CUPS queue, a one-way
    /// device file).
    fn status(&self) -> Result<Option<PrinterStatus>, TransportError>;
}

/// Why a job did not reach the paper, worded for the receptionist who has to act on it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// The printer reported a state in which it cannot print (before or during the job).
    #[error("{}", stopped_message(*.status))]
    Stopped {
        /// What the printer reported.
        status: PrinterStatus,
    },
    /// The printer could not be reached at all.
    #[error("cannot reach the printer at {target}: {reason}; check its cable, power and address")]
    Unreachable {
        /// Address, device path or queue name.
        target: String,
        /// What the operating system said.
        reason: String,
    },
    /// The printer stopped answering in the middle of a job or a status query.
    #[error("the printer at {target} stopped answering ({reason}); check it and print again")]
    NoAnswer {
        /// Address, device path or queue name.
        target: String,
        /// What went wrong (timeout, connection reset, ...).
        reason: String,
    },
    /// The print spooler (CUPS) refused or lost the job.
    #[error("the print queue {queue} did not print the job: {reason}")]
    Spooler {
        /// The CUPS queue name.
        queue: String,
        /// What CUPS said.
        reason: String,
    },
}

fn stopped_message(status: PrinterStatus) -> &'static str {
    match status {
        PrinterStatus::Ready => "the printer is ready",
        PrinterStatus::PaperNearEnd => "the printer's paper is nearly out; load a new roll soon",
        PrinterStatus::PaperOut => "the printer is out of paper; load a new roll and print again",
        PrinterStatus::CoverOpen => "the printer's cover is open; close it and print again",
        PrinterStatus::Offline => "the printer is offline; check it and print again",
        PrinterStatus::Error => {
            "the printer reports an error (cutter jam or overheating); check it and print again"
        }
    }
}
