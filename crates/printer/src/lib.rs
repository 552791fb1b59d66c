//! The printing edge: the Printer trait and its transports.
//!
//! A [`Printer`] takes a [`Notice`] and puts it on paper:
//! - [`ReceiptPrinter`]: the notice rasterised for 58 or 80 mm paper, in ESC/POS, over a
//!   [`Transport`]: [`TcpTransport`] (port 9100, two-way: it reads the printer's status),
//!   [`DeviceTransport`] (a USB or serial device file) or [`CupsTransport`] (a raw CUPS queue);
//! - [`PagePrinter`]: the notice as an A4 or A5 PDF, usually to a CUPS queue;
//! - [`VirtualPrinter`]: the demo's printer, a folder.
//!
//! [`queue::print_job`] takes a job from the store's print queue to the printer and records how
//! it ended. [`EmulatedPrinter`] is a TCP 9100 receipt printer in a thread, for the tests and the
//! demo: it decodes what it gets and can run out of paper or open its cover mid-job.
//!
//! ```
//! use qebul_printer::{Notice, PaperWidth, Printer, VirtualPrinter};
//!
//! let dir = tempfile::tempdir()?;
//! let printer = VirtualPrinter::new(dir.path().join("notices"), PaperWidth::Mm80)?;
//! let notice = Notice {
//!     number: "10000061".into(),
//!     citizen_name: "ABDULLAYEVA GÖHƏR NOVRUZ QIZI".into(),
//!     barcode: "030400000610704".into(),
//!     ..Notice::default()
//! };
//! let receipt = printer.print(&notice)?;
//! // notices/10000061.escpos, .png (the ESC/POS bytes decoded back) and .pdf (A4)
//! assert_eq!(receipt.files.len(), 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cups;
mod device;
mod drivers;
mod emulator;
pub mod queue;
mod spec;
mod tcp;
mod transport;

pub use cups::CupsTransport;
pub use device::DeviceTransport;
pub use drivers::{PagePrinter, ReceiptPrinter};
pub use emulator::{EmulatedPrinter, EmulatorError};
pub use spec::{BadPrinterSpec, PrinterSpec};
pub use tcp::{TcpTimeouts, TcpTransport, RAW_PORT};
pub use transport::{PrinterStatus, Transport, TransportError};

use std::io::Write;
use std::path::{Path, PathBuf};

pub use qebul_notice::{escpos, Notice, NoticeError, PageSize, PaperWidth};

/// Something that prints notices.
pub trait Printer: Send + Sync {
    /// A name for logs and the staff screen, e.g. `virtual printer (/var/lib/qebul/notices)`.
    fn name(&self) -> &str;

    /// Prints `notice`; returns once the output is complete (for the virtual printer: its files
    /// are in place; for a receipt printer on a two-way link: the printer reported no fault by
    /// the end of the job). An error means the notice must not count as issued.
    fn print(&self, notice: &Notice) -> Result<PrintReceipt, PrintError>;

    /// The printer's status now; `Ok(None)` when the printer's link cannot tell.
    fn status(&self) -> Result<Option<PrinterStatus>, PrintError> {
        Ok(None)
    }
}

/// What a print produced, for logs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PrintReceipt {
    /// The files written, if the transport writes files.
    pub files: Vec<PathBuf>,
}

/// Why a notice was not printed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PrintError {
    /// The virtual printer's folder path exists but is not a folder.
    #[error(
        "the virtual printer's folder {} exists but is not a folder; \
         choose another path or move that file away",
        dir.display()
    )]
    NotAFolder {
        /// The configured path.
        dir: PathBuf,
    },
    /// The virtual printer's folder could not be created.
    #[error(
        "could not create the virtual printer's folder {}: {source}; check that every parent \
         is a folder and that the kiosk's user may write there",
        dir.display()
    )]
    CreateFolder {
        /// The configured path.
        dir: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The notice number cannot be used as a file name.
    #[error(
        "notice number {number:?} cannot name a file: use letters, digits, '-' or '_' only \
         (application numbers are digits)"
    )]
    InvalidNumber {
        /// The rejected number.
        number: String,
    },
    /// The notice could not be rendered.
    #[error("could not render notice {number}: {source}")]
    Render {
        /// The notice's number.
        number: String,
        /// What the renderer said.
        source: NoticeError,
    },
    /// The transport did not deliver the job (printer stopped, unreachable, spooler failed).
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// Our own ESC/POS bytes did not decode back: a bug in the encoder or the decoder.
    #[error("the virtual printer could not decode the ESC/POS bytes of notice {number} back into an image")]
    Preview {
        /// The notice's number.
        number: String,
    },
    /// An output file could not be written.
    #[error(
        "could not write {}: {source}; check that the folder still exists, that the kiosk's \
         user may write there and that the disk is not full",
        file.display()
    )]
    Write {
        /// The file that was being written.
        file: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// The demo's virtual printer: a receipt printer whose paper is a folder. Each notice goes
/// through the same renderer and ESC/POS encoder as on a real receipt printer, and is written as
/// `<number>.escpos` (the bytes a printer would get), `<number>.png` (those bytes decoded back:
/// what the paper would show) and `<number>.pdf` (the A4 page an office printer would get).
///
/// Each file is written to a temporary file in the same folder and renamed into place, so a
/// half-written notice never appears; printing the same number again overwrites the files.
#[derive(Debug)]
pub struct VirtualPrinter {
    dir: PathBuf,
    paper: PaperWidth,
    name: String,
    /// Whether its "roll" has run out: the demo's way to show a printer fault end to end.
    paper_out: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// The paper of a [`VirtualPrinter`], to take out and load again from elsewhere (the demo's
/// controls); a clone controls the same printer.
#[derive(Debug, Clone)]
pub struct VirtualPaper(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl VirtualPaper {
    /// `true`: the roll runs out (notices fail as on a receipt printer out of paper); `false`:
    /// a new roll is loaded.
    pub fn set_out(&self, out: bool) {
        self.0.store(out, std::sync::atomic::Ordering::SeqCst);
    }
}

impl VirtualPrinter {
    /// A virtual printer writing into `dir` for `paper`; creates the folder (and its parents) if
    /// needed, and refuses a path that exists and is not a folder.
    pub fn new(dir: impl Into<PathBuf>, paper: PaperWidth) -> Result<Self, PrintError> {
        let dir = dir.into();
        if dir.exists() && !dir.is_dir() {
            return Err(PrintError::NotAFolder { dir });
        }
        if let Err(source) = std::fs::create_dir_all(&dir) {
            return Err(PrintError::CreateFolder { dir, source });
        }
        let name = format!("virtual printer ({}, {paper})", dir.display());
        Ok(VirtualPrinter {
            dir,
            paper,
            name,
            paper_out: Default::default(),
        })
    }

    /// The folder notices are written to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The paper width notices are rendered for.
    pub fn paper(&self) -> PaperWidth {
        self.paper
    }

    /// Its roll, to run out and reload (the demo's controls).
    pub fn roll(&self) -> VirtualPaper {
        VirtualPaper(self.paper_out.clone())
    }

    fn is_out(&self) -> bool {
        self.paper_out.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Printer for VirtualPrinter {
    fn name(&self) -> &str {
        &self.name
    }

    fn print(&self, notice: &Notice) -> Result<PrintReceipt, PrintError> {
        if self.is_out() {
            return Err(PrintError::Transport(TransportError::Stopped {
                status: PrinterStatus::PaperOut,
            }));
        }
        let number = &notice.number;
        let safe = !number.is_empty()
            && number
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !safe {
            return Err(PrintError::InvalidNumber {
                number: number.clone(),
            });
        }
        let render_error = |source| PrintError::Render {
            number: number.clone(),
            source,
        };
        let bitmap = qebul_notice::render(notice, self.paper).map_err(render_error)?;
        let bytes = escpos::encode(&bitmap, &escpos::EncodeOptions::default());
        let paper = escpos::decode(&bytes)
            .ok()
            .and_then(|pages| pages.into_iter().next())
            .ok_or_else(|| PrintError::Preview {
                number: number.clone(),
            })?;
        let png = paper.to_png().map_err(render_error)?;
        let pdf =
            qebul_notice::render_pdf(notice, qebul_notice::PageSize::A4).map_err(render_error)?;

        let files = [
            (self.dir.join(format!("{number}.escpos")), bytes),
            (self.dir.join(format!("{number}.png")), png),
            (self.dir.join(format!("{number}.pdf")), pdf),
        ];
        for (file, contents) in &files {
            write_atomically(&self.dir, file, contents)?;
        }
        Ok(PrintReceipt {
            files: files.into_iter().map(|(file, _)| file).collect(),
        })
    }

    fn status(&self) -> Result<Option<PrinterStatus>, PrintError> {
        Ok(Some(if self.is_out() {
            PrinterStatus::PaperOut
        } else {
            PrinterStatus::Ready
        }))
    }
}

/// Writes `bytes` to a temporary file in `dir`, flushes it to disk and renames it to `file`
/// (replacing any previous version). The temporary file is removed on failure.
fn write_atomically(dir: &Path, file: &Path, bytes: &[u8]) -> Result<(), PrintError> {
    let error = |source| PrintError::Write {
        file: file.to_path_buf(),
        source,
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".notice-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(error)?;
    temp.write_all(bytes).map_err(error)?;
    temp.as_file().sync_all().map_err(error)?;
    temp.persist(file).map_err(|e| error(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed_notice() -> Notice {
        Notice::seed_example()
    }

    #[test]
    fn a_virtual_printer_out_of_paper_refuses_writes_nothing_and_prints_once_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        let printer = VirtualPrinter::new(dir.path(), PaperWidth::Mm80).unwrap();
        assert_eq!(printer.status().unwrap(), Some(PrinterStatus::Ready));
        printer.roll().set_out(true);
        assert_eq!(printer.status().unwrap(), Some(PrinterStatus::PaperOut));
        let err = printer.print(&seed_notice()).unwrap_err();
        assert!(err.to_string().contains("out of paper"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        printer.roll().set_out(false);
        assert_eq!(printer.print(&seed_notice()).unwrap().files.len(), 3);
    }

    fn png_size(file: &Path) -> (u32, u32) {
        let bytes = std::fs::read(file).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().unwrap();
        (reader.info().width, reader.info().height)
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn prints_the_seed_notice_as_escpos_png_and_pdf_into_a_new_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("kiosk").join("notices");
        let printer = VirtualPrinter::new(&dir, PaperWidth::Mm80).unwrap();
        assert!(printer.name().contains("notices"), "{}", printer.name());
        let receipt = printer.print(&seed_notice()).unwrap();
        assert_eq!(
            receipt.files,
            [
                dir.join("10000061.escpos"),
                dir.join("10000061.png"),
                dir.join("10000061.pdf")
            ]
        );
        assert_eq!(
            entries(&dir),
            ["10000061.escpos", "10000061.pdf", "10000061.png"]
        );
        // The PNG is what the ESC/POS bytes print: decoded, it is the rendered notice.
        let bytes = std::fs::read(&receipt.files[0]).unwrap();
        let printed = escpos::decode(&bytes).unwrap();
        let rendered = qebul_notice::render(&seed_notice(), PaperWidth::Mm80).unwrap();
        assert_eq!(printed, std::slice::from_ref(&rendered));
        let (width, height) = png_size(&receipt.files[1]);
        assert_eq!((width, height), (576, rendered.height));
        let pdf = std::fs::read(&receipt.files[2]).unwrap();
        assert!(pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF\n"));
        assert!(String::from_utf8_lossy(&pdf).contains("/MediaBox [0 0 595.2756 841.8898]"));
    }

    #[test]
    fn a_reprint_overwrites_and_leaves_no_temporary_files() {
        let tmp = tempfile::tempdir().unwrap();
        let printer = VirtualPrinter::new(tmp.path(), PaperWidth::Mm80).unwrap();
        printer.print(&seed_notice()).unwrap();
        let printer = VirtualPrinter::new(tmp.path(), PaperWidth::Mm58).unwrap();
        let receipt = printer.print(&seed_notice()).unwrap();
        assert_eq!(
            png_size(&receipt.files[1]).0,
            384,
            "the 58 mm reprint replaced it"
        );
        assert_eq!(
            entries(tmp.path()),
            ["10000061.escpos", "10000061.pdf", "10000061.png"]
        );
    }

    #[test]
    fn a_folder_path_that_is_a_file_is_refused_by_name() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("notices");
        std::fs::write(&file, b"not a folder").unwrap();
        let err = VirtualPrinter::new(&file, PaperWidth::Mm80).unwrap_err();
        assert!(matches!(err, PrintError::NotAFolder { .. }), "{err:?}");
        assert!(
            err.to_string().contains(&file.display().to_string()),
            "{err}"
        );
    }

    #[test]
    fn a_folder_that_cannot_be_created_is_an_error_not_a_panic() {
        // Tests run as root, so chmod 0o555 would not stop them: put a file where a parent
        // folder should be instead.
        let tmp = tempfile::tempdir().unwrap();
        let blocker = tmp.path().join("blocker");
        std::fs::write(&blocker, b"").unwrap();
        let dir = blocker.join("notices");
        let err = VirtualPrinter::new(&dir, PaperWidth::Mm80).unwrap_err();
        assert!(matches!(err, PrintError::CreateFolder { .. }), "{err:?}");
        assert!(
            err.to_string().contains(&dir.display().to_string()),
            "{err}"
        );
    }

    #[test]
    fn a_folder_removed_after_start_is_a_write_error_naming_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("notices");
        let printer = VirtualPrinter::new(&dir, PaperWidth::Mm80).unwrap();
        std::fs::remove_dir(&dir).unwrap();
        let err = printer.print(&seed_notice()).unwrap_err();
        assert!(matches!(err, PrintError::Write { .. }), "{err:?}");
        assert!(err.to_string().contains("10000061.escpos"), "{err}");
    }

    #[test]
    fn a_number_that_is_not_a_file_name_and_bad_notices_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let printer = VirtualPrinter::new(tmp.path(), PaperWidth::Mm80).unwrap();
        for number in ["", "../10000061", "a/b", "10 61", "."] {
            let mut notice = seed_notice();
            notice.number = number.into();
            let err = printer.print(&notice).unwrap_err();
            assert!(
                matches!(err, PrintError::InvalidNumber { .. }),
                "{number:?}"
            );
        }
        let mut notice = seed_notice();
        notice.barcode = "not digits".into();
        let err = printer.print(&notice).unwrap_err();
        assert!(matches!(err, PrintError::Render { .. }), "{err:?}");
        assert!(entries(tmp.path()).is_empty());
    }

    #[test]
    fn printers_can_be_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<VirtualPrinter>();
        let tmp = tempfile::tempdir().unwrap();
        let printer: Box<dyn Printer> =
            Box::new(VirtualPrinter::new(tmp.path(), PaperWidth::Mm58).unwrap());
        let printer = std::sync::Arc::new(printer);
        let other = std::sync::Arc::clone(&printer);
        let receipt = std::thread::spawn(move || other.print(&seed_notice()).unwrap())
            .join()
            .unwrap();
        assert_eq!(receipt.files.len(), 3);
    }
}
