//! Notice (bildiriş) layout and rendering: 1-bit raster, PNG, PDF.
//!
//! [`render`] lays out a [`Notice`] for a receipt paper width and draws it, text and Code 128
//! barcode included, into a 1-bit [`Bitmap`] at 203 dpi. Text is rasterised from embedded DejaVu
//! fonts because receipt printers' code pages have no `Ə`. The bitmap is what a printer transport
//! sends (`GS v 0` rows, MSB = leftmost dot), and it converts to PNG and PDF for the virtual
//! printer and for people to look at.
//!
//! **Architecture Invariant:** this crate is pure: no file I/O, no clock, no printer. Dates arrive
//! already formatted, the document number already masked.
//!
//! ```
//! use qebul_notice::{render, Notice, PaperWidth};
//!
//! let notice = Notice {
//!     authority: "Biləsuvar Rayon İcra Hakimiyyəti".into(),
//!     number: "10000061".into(),
//!     official_position: "Şöbə müdiri".into(),
//!     official_name: "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU".into(),
//!     reception_date: "07 APREL 2015".into(),
//!     reception_time: "bütün iş saatı".into(),
//!     citizen_name: "ABDULLAYEVA GÖHƏR NOVRUZ QIZI".into(),
//!     document_type: "Şəxsiyyət vəsiqəsi".into(),
//!     document_number: "AA****567".into(),
//!     created_at: "03.04.2015 16:31".into(),
//!     printed_at: "03.04.2015 16:30".into(),
//!     barcode: "030400000610704".into(),
//!     ..Notice::default()
//! };
//! let bitmap = render(&notice, PaperWidth::Mm80)?;
//! assert_eq!(bitmap.width, 576);
//! let png: Vec<u8> = bitmap.to_png()?;
//! let pdf: Vec<u8> = qebul_notice::render_pdf(&notice, qebul_notice::PageSize::A4)?;
//! assert!(png.starts_with(b"\x89PNG") && pdf.starts_with(b"%PDF-"));
//! # Ok::<(), qebul_notice::NoticeError>(())
//! ```

mod barcode;
mod bitmap;
pub mod escpos;
mod labels;
mod layout;
mod pdf;
mod qr;
mod text;

pub use bitmap::Bitmap;
pub use labels::Lang;

/// The printed notice (bildiriş), as plain, already formatted strings: formatting dates is the
/// caller's job.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Notice {
    /// The executive authority, e.g. "Biləsuvar Rayon İcra Hakimiyyəti".
    pub authority: String,
    /// The application number, e.g. "10000061".
    pub number: String,
    /// The receiving official's position, e.g. "Şöbə müdiri".
    pub official_position: String,
    /// The receiving official's full name, e.g. "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU".
    pub official_name: String,
    /// The reception date, e.g. "07 APREL 2015".
    pub reception_date: String,
    /// The reception time, e.g. "bütün iş saatı" or "10:00-dan".
    pub reception_time: String,
    /// The citizen's full name, e.g. "ABDULLAYEVA GÖHƏR NOVRUZ QIZI".
    pub citizen_name: String,
    /// The identity document's type, e.g. "Şəxsiyyət vəsiqəsi".
    pub document_type: String,
    /// The identity document's number, already masked by the caller, e.g. "AA****567": a notice
    /// can be lost.
    pub document_number: String,
    /// When the application was made, e.g. "03.04.2015 16:31".
    pub created_at: String,
    /// When the notice is printed, e.g. "03.04.2015 16:30".
    pub printed_at: String,
    /// The barcode's digits, e.g. "030400000610704" (creation day+month, number, reception
    /// day+month), printed as Code 128 with the digits under it.
    pub barcode: String,
    /// A mark printed prominently in an inverted band at the top (reprint, test page).
    pub mark: Option<Mark>,
    /// The signed seal printed as a QR code under the barcode (the text of the protocol's
    /// `NoticeSeal`), so a receptionist's scan can verify the notice offline.
    pub seal: Option<String>,
    /// The citizen's language, when it is not Azerbaijani: every printed label gets a second,
    /// smaller line in it. The official text stays Azerbaijani.
    pub second_language: Option<Lang>,
    /// The details page (Ətraflı, seed Şəkil 9): the notice plus these fields and the timeline.
    pub details: Option<Details>,
}

/// A mark across the top of a notice, so that nobody mistakes what the paper is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// "TƏKRAR ÇAP": a receptionist printed this notice again.
    Reprint,
    /// "SINAQ ÇAPI": a printer test page, not a notice.
    Test,
}

/// What the details page (Şəkil 9) adds to the notice. Empty fields are left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Details {
    /// Təvəllüdü, e.g. "05.03.1980".
    pub date_of_birth: String,
    /// Sosial vəziyyəti, e.g. "Sahibkar".
    pub social_status: String,
    /// İmtiyazı, e.g. "İmtiyazım yoxdur".
    pub privilege: String,
    /// Müraciətin mövzusu, e.g. "Kənd təsərrüfatı məsələləri".
    pub topic: String,
    /// Qeydiyyatda olduğu ünvan.
    pub registered_address: String,
    /// Yaşadığı ünvan.
    pub home_address: String,
    /// İş yeri.
    pub workplace: String,
    /// Əlaqə vasitəsi, e.g. "Telefon: +994 50 123 45 67".
    pub contact: String,
    /// Vətəndaşın qeydi.
    pub citizen_note: String,
    /// The timeline (tarixçə), oldest first, each line already worded, e.g. "03.04.2015 16:47
    /// tarixində qəbula yazılmaq üçün müraciət edildi."
    pub timeline: Vec<String>,
}

impl Notice {
    /// The seed's own notice (Şəkil 7), the values the e-government guide prints.
    pub fn seed_example() -> Notice {
        Notice {
            authority: "Biləsuvar Rayon İcra Hakimiyyəti".into(),
            number: "10000061".into(),
            official_position: "Şöbə müdiri".into(),
            official_name: "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU".into(),
            reception_date: "07 APREL 2015".into(),
            reception_time: "bütün iş saatı".into(),
            citizen_name: "ABDULLAYEVA GÖHƏR NOVRUZ QIZI".into(),
            document_type: "Şəxsiyyət vəsiqəsi".into(),
            document_number: "AA****567".into(),
            created_at: "03.04.2015 16:31".into(),
            printed_at: "03.04.2015 16:30".into(),
            barcode: "030400000610704".into(),
            ..Notice::default()
        }
    }

    /// The seed's details page (Şəkil 9), with the values the guide shows (its redacted ones
    /// replaced by invented ones).
    pub fn seed_details_example() -> Notice {
        Notice {
            details: Some(Details {
                date_of_birth: "05.03.1980".into(),
                social_status: "Sahibkar".into(),
                privilege: "İmtiyazım yoxdur".into(),
                topic: "Kənd təsərrüfatı məsələləri".into(),
                registered_address:
                    "Biləsuvar rayonu, Biləsuvar şəhəri, Heydər Əliyev prospekti 12, mənzil 4"
                        .into(),
                home_address:
                    "Biləsuvar rayonu, Biləsuvar şəhəri, Heydər Əliyev prospekti 12, mənzil 4"
                        .into(),
                workplace: "Məlumat Hesablama Mərkəzi".into(),
                contact: "Telefon: +994 50 123 45 67".into(),
                citizen_note: "Torpaq sahəsinin sənədləşdirilməsi ilə bağlı.".into(),
                timeline: vec![
                    "03.04.2015 16:31 tarixində qəbula yazılmaq üçün müraciət edildi.".into(),
                    "03.04.2015 16:32 tarixində bildiriş çap edildi.".into(),
                ],
            }),
            ..Notice::seed_example()
        }
    }

    /// A printer's test page: the seed's notice, numbered and marked as a test so that nobody
    /// takes it to a reception. `printed_at` is the caller's clock, formatted.
    pub fn test_page(printed_at: impl Into<String>) -> Notice {
        Notice {
            number: "SINAQ".into(),
            printed_at: printed_at.into(),
            mark: Some(Mark::Test),
            ..Notice::seed_example()
        }
    }
}

/// Office paper for the PDF renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageSize {
    /// A4, 210 × 297 mm.
    A4,
    /// A5, 148 × 210 mm.
    A5,
}

impl PageSize {
    /// Width and height in millimetres.
    pub fn mm(self) -> (u32, u32) {
        match self {
            PageSize::A4 => (210, 297),
            PageSize::A5 => (148, 210),
        }
    }
}

/// Receipt paper width; the printable width at 203 dpi is [`PaperWidth::dots`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaperWidth {
    /// 58 mm paper: 384 dots.
    Mm58,
    /// 80 mm paper: 576 dots.
    Mm80,
}

impl PaperWidth {
    /// Printable width in dots at 203 dpi: 384 for 58 mm, 576 for 80 mm.
    pub fn dots(self) -> u32 {
        match self {
            PaperWidth::Mm58 => 384,
            PaperWidth::Mm80 => 576,
        }
    }
}

impl std::fmt::Display for PaperWidth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PaperWidth::Mm58 => f.write_str("58 mm (384 dots)"),
            PaperWidth::Mm80 => f.write_str("80 mm (576 dots)"),
        }
    }
}

/// Why a notice could not be rendered or encoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NoticeError {
    /// A field holds a character the embedded fonts cannot draw (it would print as a box).
    #[error(
        "the notice's `{field}` contains {character:?} (U+{code:04X}), which the embedded font cannot \
         print; replace or remove that character in the data",
        code = u32::from(*character)
    )]
    UnsupportedCharacter {
        /// The [`Notice`] field, e.g. `citizen_name`.
        field: &'static str,
        /// The character without a glyph.
        character: char,
    },
    /// The barcode value is empty or holds something other than the digits 0–9.
    #[error(
        "the notice's barcode {value:?} must be one or more digits 0-9; \
         check how the caller builds it (creation day+month, number, reception day+month)"
    )]
    InvalidBarcode {
        /// The rejected value.
        value: String,
    },
    /// The barcode is too long to fit the paper at the smallest readable module width.
    #[error(
        "the barcode {value:?} is too long for {paper} paper ({needed} dots needed with quiet \
         zones); use wider paper or a shorter barcode value"
    )]
    BarcodeTooWide {
        /// The barcode value.
        value: String,
        /// The paper it was laid out for.
        paper: PaperWidth,
        /// The width it needed, in dots.
        needed: u32,
    },
    /// The laid-out notice is taller than any real notice (some field is absurdly long).
    #[error(
        "the notice would be {height} dots tall, more than the limit of {limit} dots; \
         some field is far too long, shorten it"
    )]
    TooTall {
        /// The height the layout needed.
        height: u32,
        /// The limit, [`MAX_HEIGHT`].
        limit: u32,
    },
    /// The seal is too long for a QR code that fits the paper.
    #[error(
        "the notice's seal is {len} bytes, too long for a QR code on {paper}; \
         the seal should be about 150 bytes (see qebul-protocol's NoticeSeal)"
    )]
    SealTooLong {
        /// The seal's length in bytes.
        len: usize,
        /// Where it was to be printed, e.g. "58 mm (384 dots)".
        paper: String,
    },
    /// The PNG encoder failed.
    #[error("could not encode the notice as PNG: {0}")]
    Png(#[from] png::EncodingError),
}

/// The tallest notice [`render`] produces, in dots (about 2 m of paper at 203 dpi).
pub const MAX_HEIGHT: u32 = 16_000;

/// Lays out and draws `notice` for `paper`: a bitmap exactly `paper.dots()` wide, as tall as the
/// content needs. Long text wraps on word boundaries (a word longer than a line breaks between
/// letters); nothing is clipped.
///
/// Fails if a field has a character the fonts cannot print, the barcode is not all digits or is
/// too long for the paper, or the notice would be absurdly tall.
pub fn render(notice: &Notice, paper: PaperWidth) -> Result<Bitmap, NoticeError> {
    layout::render(notice, layout::Target::Receipt(paper)).map(|rendered| rendered.bitmap)
}

/// Lays out `notice` for office paper at 300 dpi: one bitmap per page, each as wide as the
/// page's printable area; a notice longer than a page (a long timeline) is split between lines.
pub fn render_pages(notice: &Notice, page: PageSize) -> Result<Vec<Bitmap>, NoticeError> {
    let rendered = layout::render(notice, layout::Target::Page(page))?;
    Ok(pdf::split_pages(&rendered.bitmap, page))
}

/// `notice` as a PDF for office printers (A4 or A5), one or more pages.
pub fn render_pdf(notice: &Notice, page: PageSize) -> Result<Vec<u8>, NoticeError> {
    Ok(pdf::document(&render_pages(notice, page)?, page))
}
