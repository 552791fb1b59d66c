//! `qebul-kiosk print-test`: a test page on the configured printer, through the same printer
//! and transport the kiosk prints its notices with.

use chrono::{DateTime, Utc};
use qebul_printer::{Notice, PrintReceipt, PrinterSpec};

/// Prints a test page ("SINAQ", marked as a test) on the printer `spec` names; the error says
/// why it did not come out (paper out, unreachable, …) as the receptionist's screen would.
pub fn print_test(spec: Option<&PrinterSpec>, now: DateTime<Utc>) -> anyhow::Result<PrintTest> {
    let spec = spec.ok_or_else(|| {
        anyhow::anyhow!(
            "no printer configured: set `printer` in kiosk.toml (e.g. \"tcp:192.168.1.50\") or \
             pass --printer"
        )
    })?;
    let printer = crate::printing::open_printer(spec)?;
    let receipt = printer
        .print(&Notice::test_page(qebul_core::time::baku_timestamp(&now)))
        .map_err(|e| anyhow::anyhow!("{}: the test page did not print: {e}", printer.name()))?;
    Ok(PrintTest {
        printer: printer.name().to_owned(),
        receipt,
    })
}

/// A test page that came out.
#[derive(Debug)]
pub struct PrintTest {
    /// The printer's name as the staff screen shows it.
    pub printer: String,
    /// The files written, for a printer that writes files.
    pub receipt: PrintReceipt,
}
