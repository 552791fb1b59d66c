//! Printers made of a renderer and a [`Transport`]: ESC/POS receipts and PDF pages.

use qebul_notice::escpos::{self, EncodeOptions};
use qebul_notice::{Notice, PageSize, PaperWidth};

use crate::{PrintError, PrintReceipt, Printer, PrinterStatus, Transport};

/// A receipt printer: the notice as a 1-bit raster in ESC/POS, over any transport (TCP 9100, a
/// device file, a raw CUPS queue).
pub struct ReceiptPrinter<T> {
    transport: T,
    paper: PaperWidth,
    options: EncodeOptions,
    name: String,
}

impl<T: Transport> ReceiptPrinter<T> {
    /// A receipt printer for `paper` behind `transport`, with the encoder's defaults (bands,
    /// feed, partial cut).
    pub fn new(transport: T, paper: PaperWidth) -> Self {
        let name = format!("receipt printer, {paper}, {}", transport.describe());
        ReceiptPrinter {
            transport,
            paper,
            options: EncodeOptions::default(),
            name,
        }
    }

    /// The bytes this printer would send for `notice`.
    pub fn job(&self, notice: &Notice) -> Result<Vec<u8>, PrintError> {
        let bitmap =
            qebul_notice::render(notice, self.paper).map_err(|source| PrintError::Render {
                number: notice.number.clone(),
                source,
            })?;
        Ok(escpos::encode(&bitmap, &self.options))
    }
}

impl<T: Transport> Printer for ReceiptPrinter<T> {
    fn name(&self) -> &str {
        &self.name
    }

    fn print(&self, notice: &Notice) -> Result<PrintReceipt, PrintError> {
        let job = self.job(notice)?;
        self.transport.send(&job)?;
        Ok(PrintReceipt::default())
    }

    fn status(&self) -> Result<Option<PrinterStatus>, PrintError> {
        Ok(self.transport.status()?)
    }
}

/// An office printer: the notice as an A4 or A5 PDF, usually through a CUPS queue.
pub struct PagePrinter<T> {
    transport: T,
    page: PageSize,
    name: String,
}

impl<T: Transport> PagePrinter<T> {
    /// An office printer for `page` behind `transport`.
    pub fn new(transport: T, page: PageSize) -> Self {
        let name = format!("office printer, {page:?}, {}", transport.describe());
        PagePrinter {
            transport,
            page,
            name,
        }
    }
}

impl<T: Transport> Printer for PagePrinter<T> {
    fn name(&self) -> &str {
        &self.name
    }

    fn print(&self, notice: &Notice) -> Result<PrintReceipt, PrintError> {
        let pdf =
            qebul_notice::render_pdf(notice, self.page).map_err(|source| PrintError::Render {
                number: notice.number.clone(),
                source,
            })?;
        self.transport.send(&pdf)?;
        Ok(PrintReceipt::default())
    }

    fn status(&self) -> Result<Option<PrinterStatus>, PrintError> {
        Ok(self.transport.status()?)
    }
}
