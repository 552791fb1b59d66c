//! ESC/POS: the bytes a receipt printer takes, and the status it reports.
//!
//! Pure, like the rest of the crate: bytes in, bytes out, no I/O and no clock. The transports in
//! `qebul-printer` carry these bytes; its printer emulator reads them back with [`Decoder`].
//!
//! - [`encode`] turns a rendered notice into one print job: `ESC @`, `GS P 0 203`, the raster as
//!   `GS v 0` bands with the white rows between them sent as `ESC J` paper feeds, `ESC d` margin
//!   lines, then the cut.
//! - [`status_query`] and [`StatusFlags`] speak `DLE EOT n`, the real-time status that a printer
//!   answers even when it has stopped.
//! - [`Decoder`] reads a byte stream back into [`Event`]s however the bytes are split;
//!   [`PageAssembler`] stacks those into the pages the paper would show; [`decode`] does both for
//!   a whole job; [`split_at_commands`] cuts a job into pieces at command boundaries, the only
//!   places where a status query may be slipped in.
//!
//! ```
//! use qebul_notice::escpos::{decode, encode, EncodeOptions};
//! use qebul_notice::{render, Notice, PaperWidth};
//!
//! let bitmap = render(&Notice::seed_example(), PaperWidth::Mm80)?;
//! let job = encode(&bitmap, &EncodeOptions::default());
//! assert!(job.len() <= 90_000);
//! assert_eq!(decode(&job)?, [bitmap]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::bitmap::DPI;
use crate::Bitmap;

const DLE: u8 = 0x10;
const EOT: u8 = 0x04;
const ESC: u8 = 0x1B;
const GS: u8 = 0x1D;

/// Bytes of a `GS v 0` header: `1D 76 30 m xL xH yL yH`.
const RASTER_HEADER: usize = 8;
/// Bytes of one `ESC J n` feed.
const FEED_COMMAND: usize = 3;
/// The most dots one `ESC J` feeds.
const MAX_FEED: u32 = 255;
/// The most rows the encoder puts in one `GS v 0` band. Epson's TM printers accept at most 2303
/// (`1 ≤ y ≤ 2303`); the header itself could say 65535.
pub const MAX_BAND_ROWS: u32 = 2303;
/// The widest raster row the decoder accepts, in bytes (2048 dots: 25 cm at 203 dpi). Receipt
/// printers are at most 112 mm wide (72–80 bytes); anything wider is a corrupt header, and taking
/// it at its word would mean buffering up to 4 GB.
pub const MAX_RASTER_BYTES_PER_ROW: u32 = 256;
/// The tallest page [`PageAssembler`] builds, in rows (about 12 m of paper): `ESC J 255` is three
/// bytes for 255 white rows, so without a limit a few kilobytes of feeds would fill the memory.
pub const MAX_PAGE_ROWS: u32 = 100_000;

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

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/// How the paper is cut at the end of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cut {
    /// No cut (a printer without a cutter; the receptionist tears the paper off).
    None,
    /// A partial cut, `GS V 66 0` (`1D 56 42 00`): one point stays attached, so the notice does
    /// not fall on the floor.
    Partial,
    /// A full cut, `GS V 65 0` (`1D 56 41 00`).
    Full,
}

/// How [`encode`] lays a bitmap out as ESC/POS commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeOptions {
    /// The most rows in one `GS v 0` band (clamped to 1..=[`MAX_BAND_ROWS`]). Small printers
    /// have small receive buffers, and a transport checks the printer's status between bands.
    pub band_rows: u32,
    /// The cut at the end of the job.
    pub cut: Cut,
    /// Lines fed (`ESC d n`) after the last row and before the cut, so that the end of the
    /// notice clears the cutter even on printers whose cut command does not feed by itself.
    pub feed_lines: u8,
}

impl Default for EncodeOptions {
    /// Bands of 128 rows (9 KB at 80 mm, within any printer's buffer), a partial cut, 3 lines of
    /// feed (about 13 mm) before it.
    fn default() -> Self {
        EncodeOptions {
            band_rows: 128,
            cut: Cut::Partial,
            feed_lines: 3,
        }
    }
}

/// One step of the encoded image: white rows fed, or rows drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    White { rows: u32 },
    Band { first: u32, rows: u32 },
}

/// Encodes `bitmap` as one ESC/POS print job.
///
/// The job is `ESC @` (initialise), `GS P 0 203`, the image top to bottom, `ESC d feed_lines`,
/// then the cut. `GS P 0 203` sets the vertical motion unit to 1/203 inch, one dot: `ESC J n`
/// counts in that unit, and its default differs between models (1/360 inch on a TM-T88, 1/406 on
/// a TM-T90), which would shrink every white gap of the notice.
///
/// Why white rows are sent as feeds: a `GS v 0` row costs its full width (72 bytes at 80 mm)
/// even when it is white, and a third of a notice is white (margins, line spacing, the gaps
/// around the barcode). An `ESC J n` feed moves the paper by up to 255 dots for 3 bytes. So every
/// run of white rows that costs more as raster than as feeds (plus, inside a band, the 8-byte
/// header of a new band) becomes a feed, and each band is trimmed of its leading and trailing
/// white rows. The seed notice at 80 mm drops from 61 KB of raw raster to about 37 KB, which at
/// 115200 baud is 3 s rather than 5 s of printing, and keeps well under the 90 KB goal.
///
/// Bands hold at most [`EncodeOptions::band_rows`] rows. Decoding the job gives back the bitmap
/// dot for dot, for any width that is a multiple of 8 (the decoded page is a whole number of
/// bytes wide) and any height above 0: an all-white bitmap sends its first row as raster so that
/// the page has a width.
pub fn encode(bitmap: &Bitmap, options: &EncodeOptions) -> Vec<u8> {
    let stride = bitmap.bytes_per_row();
    let pieces = plan(bitmap, options.band_rows.clamp(1, MAX_BAND_ROWS));
    let raster_rows: u32 = pieces
        .iter()
        .map(|piece| match piece {
            Piece::Band { rows, .. } => *rows,
            Piece::White { .. } => 0,
        })
        .sum();
    let mut out = Vec::with_capacity(16 + raster_rows as usize * stride + pieces.len() * 8);
    out.extend_from_slice(&[ESC, b'@']);
    // `GS P x y`: x = 0 keeps the horizontal default; y = 203 makes `ESC J n` feed n dots.
    out.extend_from_slice(&[GS, b'P', 0, DPI as u8]);
    let data = bitmap.as_bytes();
    for piece in pieces {
        match piece {
            Piece::White { rows } => push_feeds(&mut out, rows),
            Piece::Band { first, rows } => {
                // Bitmaps come from `render`, at most 576 dots wide: `xL xH` cannot overflow.
                let x = stride as u16;
                let y = rows as u16;
                out.extend_from_slice(&[GS, b'v', b'0', 0]);
                out.extend_from_slice(&x.to_le_bytes());
                out.extend_from_slice(&y.to_le_bytes());
                let start = first as usize * stride;
                out.extend_from_slice(&data[start..start + rows as usize * stride]);
            }
        }
    }
    if options.feed_lines > 0 {
        out.extend_from_slice(&[ESC, b'd', options.feed_lines]);
    }
    match options.cut {
        Cut::None => {}
        Cut::Partial => out.extend_from_slice(&[GS, b'V', 66, 0]),
        Cut::Full => out.extend_from_slice(&[GS, b'V', 65, 0]),
    }
    out
}

/// `ESC J` feeds for `rows` white rows, 255 at a time.
fn push_feeds(out: &mut Vec<u8>, mut rows: u32) {
    while rows > 0 {
        let n = rows.min(MAX_FEED);
        out.extend_from_slice(&[ESC, b'J', n as u8]);
        rows -= n;
    }
}

/// Bytes that `rows` white rows cost as feeds.
fn feed_cost(rows: u32) -> usize {
    rows.div_ceil(MAX_FEED) as usize * FEED_COMMAND
}

/// Splits the bitmap into drawn bands and white feeds, the cheaper way for every white run.
fn plan(bitmap: &Bitmap, band_rows: u32) -> Vec<Piece> {
    let stride = bitmap.bytes_per_row();
    let height = bitmap.height;
    if stride == 0 || height == 0 {
        return if height == 0 {
            Vec::new()
        } else {
            vec![Piece::White { rows: height }]
        };
    }
    let white: Vec<bool> = bitmap
        .rows()
        .map(|row| row.iter().all(|&b| b == 0))
        .collect();
    if white.iter().all(|&w| w) {
        let mut pieces = vec![Piece::Band { first: 0, rows: 1 }];
        if height > 1 {
            pieces.push(Piece::White { rows: height - 1 });
        }
        return pieces;
    }

    // Ink segments: from an inked row to an inked row, swallowing the white runs inside that
    // are cheaper as raster than as a feed plus a new band header.
    let mut segments: Vec<(u32, u32)> = Vec::new(); // (first, end) rows, end exclusive
    let mut y = 0u32;
    while y < height {
        if white[y as usize] {
            y += 1;
            continue;
        }
        let first = y;
        let mut end = y;
        while y < height {
            if !white[y as usize] {
                y += 1;
                end = y;
                continue;
            }
            let run_start = y;
            while y < height && white[y as usize] {
                y += 1;
            }
            let run = y - run_start;
            let as_raster = run as usize * stride;
            let as_feed = feed_cost(run) + RASTER_HEADER;
            if y == height || as_raster > as_feed {
                break;
            }
        }
        segments.push((first, end));
        y = end;
    }

    let mut pieces = Vec::new();
    let mut at = 0u32; // the next row not yet covered by a piece
    let white_to = |pieces: &mut Vec<Piece>, at: &mut u32, to: u32| {
        if to > *at {
            pieces.push(Piece::White { rows: to - *at });
            *at = to;
        }
    };
    for (first, end) in segments {
        let mut start = first;
        while start < end {
            let mut band_first = start;
            let mut band_end = (start + band_rows).min(end);
            let next = band_end;
            // Trim the band's white edges when a feed is cheaper than sending them.
            let mut lead = 0;
            while band_first + lead < band_end && white[(band_first + lead) as usize] {
                lead += 1;
            }
            if lead > 0 && lead as usize * stride > feed_cost(lead) {
                band_first += lead;
            }
            let mut trail = 0;
            while band_end - trail > band_first && white[(band_end - trail - 1) as usize] {
                trail += 1;
            }
            if trail > 0 && trail as usize * stride > feed_cost(trail) {
                band_end -= trail;
            }
            if band_end > band_first {
                white_to(&mut pieces, &mut at, band_first);
                pieces.push(Piece::Band {
                    first: band_first,
                    rows: band_end - band_first,
                });
                at = band_end;
            }
            start = next;
        }
    }
    white_to(&mut pieces, &mut at, height);
    // Neighbouring white pieces (a trimmed band edge next to a white run) merge into one feed.
    let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match (merged.last_mut(), piece) {
            (Some(Piece::White { rows }), Piece::White { rows: more }) => *rows += more,
            _ => merged.push(piece),
        }
    }
    merged
}

/// Splits an ESC/POS job into consecutive pieces of about `target` bytes, cutting only between
/// whole commands.
///
/// A transport sends a job piece by piece and asks for the printer's status in between; a
/// status query sent inside a `GS v 0` block would be printed as raster dots instead of being
/// answered. A piece holds whole commands until it reaches `target` bytes, so a band longer than
/// `target` is a piece of its own. A command cut short at the end of the job stays in the last
/// piece. Joining the pieces gives back `job`.
pub fn split_at_commands(job: &[u8], target: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    let mut piece_start = 0;
    let mut at = 0;
    while at < job.len() {
        let len = match scan(&job[at..]) {
            Scan::Command { len, .. } => len,
            Scan::Raster { x, y, .. } => RASTER_HEADER + x as usize * y as usize,
            Scan::Incomplete { .. } => job.len() - at,
        };
        at = (at + len).min(job.len());
        if at - piece_start >= target {
            pieces.push(&job[piece_start..at]);
            piece_start = at;
        }
    }
    if piece_start < job.len() {
        pieces.push(&job[piece_start..]);
    }
    pieces
}

// ---------------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------------

/// What `DLE EOT n` asks for: the `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusRequest {
    /// n = 1, printer status: offline (bit 3).
    Printer = 1,
    /// n = 2, offline cause: cover open (bit 2), stopped for paper end (bit 5), error (bit 6).
    OfflineCause = 2,
    /// n = 3, error cause: recoverable (bit 2), cutter (bit 3), unrecoverable (bit 5),
    /// auto-recoverable (bit 6).
    ErrorCause = 3,
    /// n = 4, paper sensors: near end (bits 2–3, `0x0C`), paper out (bits 5–6, `0x60`).
    PaperSensor = 4,
}

impl StatusRequest {
    /// The request for `n`, if `n` is 1–4.
    pub fn from_n(n: u8) -> Option<StatusRequest> {
        match n {
            1 => Some(StatusRequest::Printer),
            2 => Some(StatusRequest::OfflineCause),
            3 => Some(StatusRequest::ErrorCause),
            4 => Some(StatusRequest::PaperSensor),
            _ => None,
        }
    }

    /// The `n` of `DLE EOT n`.
    pub fn n(self) -> u8 {
        self as u8
    }
}

/// `DLE EOT n` (`10 04 n`): asks for one status byte, answered at once even when the printer
/// has stopped (unlike `GS r`, which a printer stopped for paper end never answers).
pub fn status_query(n: StatusRequest) -> [u8; 3] {
    [DLE, EOT, n.n()]
}

/// Every status byte has bit 1 and bit 4 set and bits 0 and 7 clear.
const FIXED_MASK: u8 = 0x93;
const FIXED_BITS: u8 = 0x12;

/// An answer to `DLE EOT n` that cannot be a status byte.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the printer answered 0x{byte:02X} to status request {n} (DLE EOT {n}), which is not an \
     ESC/POS status byte (bits 1 and 4 set, 0 and 7 clear); is the device at that address an \
     ESC/POS receipt printer?",
    n = request.n()
)]
pub struct StatusError {
    /// What was asked.
    pub request: StatusRequest,
    /// What came back.
    pub byte: u8,
}

/// The conditions a printer reports through `DLE EOT`: read from its answers
/// ([`StatusFlags::from_answers`]), or turned into answers (by an emulated printer,
/// [`StatusFlags::answer`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct StatusFlags {
    /// n = 1 bit 3.
    pub offline: bool,
    /// n = 2 bit 2.
    pub cover_open: bool,
    /// n = 2 bit 5: printing stopped because the paper ran out.
    pub paper_end_stop: bool,
    /// n = 2 bit 6, or any error cause of n = 3 (bits 2, 3, 5, 6).
    pub error: bool,
    /// n = 4 bits 2–3.
    pub paper_near_end: bool,
    /// n = 4 bits 5–6.
    pub paper_out: bool,
}

impl StatusFlags {
    /// Reads the answers to one or more `DLE EOT n` queries. A request not asked leaves its
    /// flags clear. Sensors report a condition with two bits; either one counts, because
    /// missing a paper-out is worse than a false alarm.
    ///
    /// Fails on the first byte that does not have the fixed bits of a status byte (bits 1 and 4
    /// set, 0 and 7 clear): that is not a printer answering, and guessing would be wrong.
    pub fn from_answers(answers: &[(StatusRequest, u8)]) -> Result<StatusFlags, StatusError> {
        let mut flags = StatusFlags::default();
        for &(request, byte) in answers {
            if byte & FIXED_MASK != FIXED_BITS {
                return Err(StatusError { request, byte });
            }
            let bit = |n: u8| byte & (1 << n) != 0;
            match request {
                StatusRequest::Printer => flags.offline |= bit(3),
                StatusRequest::OfflineCause => {
                    flags.cover_open |= bit(2);
                    flags.paper_end_stop |= bit(5);
                    flags.error |= bit(6);
                }
                StatusRequest::ErrorCause => flags.error |= bit(2) || bit(3) || bit(5) || bit(6),
                StatusRequest::PaperSensor => {
                    flags.paper_near_end |= byte & 0x0C != 0;
                    flags.paper_out |= byte & 0x60 != 0;
                }
            }
        }
        Ok(flags)
    }

    /// The one status that matters most when several apply: cover open, paper out (sensor or
    /// paper-end stop), error, offline, paper near end, ready. The cover and the paper come
    /// first because the receptionist can fix them, and a printer with either also says it is
    /// offline.
    pub fn status(&self) -> PrinterStatus {
        if self.cover_open {
            PrinterStatus::CoverOpen
        } else if self.paper_out || self.paper_end_stop {
            PrinterStatus::PaperOut
        } else if self.error {
            PrinterStatus::Error
        } else if self.offline {
            PrinterStatus::Offline
        } else if self.paper_near_end {
            PrinterStatus::PaperNearEnd
        } else {
            PrinterStatus::Ready
        }
    }

    /// The byte a printer in this state answers to `request`, both bits of a sensor set as
    /// Epson's printers do. n = 3 reports an error as unrecoverable (bit 5).
    pub fn answer(&self, request: StatusRequest) -> u8 {
        let bit = |on: bool, n: u8| if on { 1u8 << n } else { 0 };
        FIXED_BITS
            | match request {
                StatusRequest::Printer => bit(self.offline, 3),
                StatusRequest::OfflineCause => {
                    bit(self.cover_open, 2) | bit(self.paper_end_stop, 5) | bit(self.error, 6)
                }
                StatusRequest::ErrorCause => bit(self.error, 5),
                StatusRequest::PaperSensor => {
                    (if self.paper_near_end { 0x0C } else { 0 })
                        | (if self.paper_out { 0x60 } else { 0 })
                }
            }
    }
}

/// The status from the answers to one or more `DLE EOT n` queries: [`StatusFlags::from_answers`]
/// then [`StatusFlags::status`].
pub fn interpret_status(answers: &[(StatusRequest, u8)]) -> Result<PrinterStatus, StatusError> {
    StatusFlags::from_answers(answers).map(|flags| flags.status())
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

/// Why ESC/POS bytes could not be read back into pages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes end in the middle of a command.
    #[error(
        "the print data ends inside a {command} command that starts at byte {offset} \
         ({missing} more bytes expected): the job was cut short"
    )]
    Truncated {
        /// Where the command starts.
        offset: u64,
        /// Its name, e.g. `GS v 0`.
        command: &'static str,
        /// How many more bytes it needed.
        missing: u64,
    },
    /// A `GS v 0` raster wider than any receipt printer: a corrupt header.
    #[error(
        "the GS v 0 raster at byte {offset} says it is {width_bytes} bytes ({dots} dots) wide; no \
         receipt printer is wider than {MAX_RASTER_BYTES_PER_ROW} bytes, so the header is corrupt",
        dots = u32::from(*width_bytes) * 8
    )]
    RasterTooWide {
        /// Where the command starts.
        offset: u64,
        /// `xL + xH × 256`.
        width_bytes: u16,
    },
    /// A `GS v 0` raster with no width or no rows.
    #[error("the GS v 0 raster at byte {offset} is empty ({width_bytes} bytes x {rows} rows)")]
    EmptyRaster {
        /// Where the command starts.
        offset: u64,
        /// `xL + xH × 256`.
        width_bytes: u16,
        /// `yL + yH × 256`.
        rows: u16,
    },
    /// A `GS v 0` raster in a scaled mode (double width or height), which the encoder never sends.
    #[error("the GS v 0 raster at byte {offset} uses mode {mode}; only mode 0 (normal) is read")]
    UnsupportedRasterMode {
        /// Where the command starts.
        offset: u64,
        /// `m`.
        mode: u8,
    },
    /// A byte that starts no command this decoder knows (text, or a command it does not read).
    #[error("unknown ESC/POS command {} at byte {offset}", hex(.bytes))]
    UnknownCommand {
        /// Where it starts.
        offset: u64,
        /// The bytes that identify it (up to three).
        bytes: Vec<u8>,
    },
    /// Raster bands of different widths on one page.
    #[error(
        "page {page} mixes raster bands {page_width} and {band_width} dots wide; a page is drawn \
         at one width"
    )]
    BandWidthMismatch {
        /// The page, counted from 1.
        page: usize,
        /// The width of the page's first band, in dots.
        page_width: u32,
        /// The width of the band that differs, in dots.
        band_width: u32,
    },
    /// A page taller than [`MAX_PAGE_ROWS`].
    #[error("page {page} is taller than {MAX_PAGE_ROWS} rows (over 12 m of paper)")]
    PageTooTall {
        /// The page, counted from 1.
        page: usize,
    },
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One command read from the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `ESC @`: initialise (modes back to their defaults).
    Init,
    /// `GS P x y`: motion units set to 1/x and 1/y inch (0 = the default).
    MotionUnits {
        /// `x`.
        horizontal: u8,
        /// `y`.
        vertical: u8,
    },
    /// `GS v 0`: one band of raster rows, `xL + xH × 256` bytes (× 8 dots) wide.
    Raster(Bitmap),
    /// `ESC J n`: paper fed by `dots` dot rows (n in the vertical motion unit, converted to dots
    /// at 203 dpi; the default unit is one dot).
    Feed {
        /// White rows the feed adds.
        dots: u32,
    },
    /// `ESC d n`: `lines` text lines fed; the margin before the cut.
    FeedLines {
        /// `n`.
        lines: u8,
    },
    /// `GS V`: the paper is cut.
    Cut {
        /// A partial cut (`m` = 1, 49, 66) rather than a full one (0, 48, 65).
        partial: bool,
    },
    /// `DLE EOT n`: a real-time status request, to be answered with one byte.
    StatusQuery(StatusRequest),
    /// Bytes that start no known command, reported and skipped.
    Unknown {
        /// Where they start in the stream.
        offset: u64,
        /// The bytes skipped (one to three).
        bytes: Vec<u8>,
    },
    /// A command the decoder knows but refuses (a corrupt or unsupported raster); its data was
    /// skipped.
    Rejected(DecodeError),
}

/// The first command of some bytes, as far as they go.
enum Scan {
    /// A whole command other than a raster, `len` bytes long.
    Command { len: usize, command: Command },
    /// A `GS v 0` header (its data may not have arrived yet).
    Raster { mode: u8, x: u16, y: u16 },
    /// The bytes end before the command does.
    Incomplete {
        command: &'static str,
        needed: usize,
    },
}

enum Command {
    Init,
    MotionUnits(u8, u8),
    Feed(u8),
    FeedLines(u8),
    Cut { partial: bool },
    Status(StatusRequest),
    Unknown,
}

/// Reads the command at the start of `bytes` (not empty).
fn scan(bytes: &[u8]) -> Scan {
    let need = |command: &'static str, needed: usize| Scan::Incomplete { command, needed };
    let done = |len: usize, command: Command| Scan::Command { len, command };
    match bytes {
        [ESC] => need("ESC", 2),
        [ESC, b'@', ..] => done(2, Command::Init),
        [ESC, b'J'] => need("ESC J", 3),
        [ESC, b'J', n, ..] => done(3, Command::Feed(*n)),
        [ESC, b'd'] => need("ESC d", 3),
        [ESC, b'd', n, ..] => done(3, Command::FeedLines(*n)),
        [ESC, _, ..] => done(2, Command::Unknown),
        [GS] => need("GS", 2),
        [GS, b'P'] | [GS, b'P', _] => need("GS P", 4),
        [GS, b'P', x, y, ..] => done(4, Command::MotionUnits(*x, *y)),
        [GS, b'V'] => need("GS V", 3),
        [GS, b'V', m @ (0 | 1 | 48 | 49), ..] => done(
            3,
            Command::Cut {
                partial: matches!(m, 1 | 49),
            },
        ),
        [GS, b'V', 65 | 66] => need("GS V", 4),
        [GS, b'V', m @ (65 | 66), _, ..] => done(4, Command::Cut { partial: *m == 66 }),
        [GS, b'V', _, ..] => done(3, Command::Unknown),
        [GS, b'v'] => need("GS v 0", RASTER_HEADER),
        [GS, b'v', b'0', m, xl, xh, yl, yh, ..] => Scan::Raster {
            mode: *m,
            x: u16::from_le_bytes([*xl, *xh]),
            y: u16::from_le_bytes([*yl, *yh]),
        },
        [GS, b'v', b'0', ..] => need("GS v 0", RASTER_HEADER),
        [GS, b'v', _, ..] => done(3, Command::Unknown),
        [GS, _, ..] => done(2, Command::Unknown),
        [DLE] => need("DLE", 2),
        [DLE, EOT] => need("DLE EOT", 3),
        [DLE, EOT, n, ..] => match StatusRequest::from_n(*n) {
            Some(request) => done(3, Command::Status(request)),
            None => done(3, Command::Unknown),
        },
        [DLE, _, ..] => done(2, Command::Unknown),
        _ => done(1, Command::Unknown),
    }
}

/// Reads an ESC/POS byte stream into [`Event`]s as it arrives, however it is split: in the
/// middle of a command header or of raster data, the decoder keeps what it has and waits for
/// the rest. What it does not know it reports as [`Event::Unknown`] and skips; it never panics.
///
/// It models a 203-dpi printer: `ESC J n` feeds are converted to dots through the vertical
/// motion unit set by `GS P` (one dot by default and after `ESC @`).
#[derive(Debug, Default)]
pub struct Decoder {
    /// Bytes received but not yet part of a whole command.
    pending: Vec<u8>,
    /// The stream offset of `pending[0]`.
    offset: u64,
    /// Data bytes of a refused raster still to skip.
    skip: u64,
    /// Where that raster starts.
    skipping_from: u64,
    /// The `y` of the last `GS P` (0 = the default, one dot).
    vertical_unit: u8,
}

impl Decoder {
    /// A decoder at the start of a stream.
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// Takes the next bytes of the stream; returns the commands they complete, in order.
    pub fn feed(&mut self, mut bytes: &[u8]) -> Vec<Event> {
        let mut events = Vec::new();
        if self.skip > 0 {
            let n = self.skip.min(bytes.len() as u64);
            bytes = &bytes[n as usize..];
            self.skip -= n;
            self.offset += n;
        }
        self.pending.extend_from_slice(bytes);
        let mut at = 0usize;
        while at < self.pending.len() && self.skip == 0 {
            let offset = self.offset + at as u64;
            let rest = &self.pending[at..];
            match scan(rest) {
                Scan::Incomplete { .. } => break,
                Scan::Command { len, command } => {
                    let unit = &mut self.vertical_unit;
                    events.push(command_event(unit, command, &rest[..len], offset));
                    at += len;
                }
                Scan::Raster { mode, x, y } => {
                    let data_len = x as usize * y as usize;
                    let refusal = if !matches!(mode, 0 | 48) {
                        Some(DecodeError::UnsupportedRasterMode { offset, mode })
                    } else if u32::from(x) > MAX_RASTER_BYTES_PER_ROW {
                        Some(DecodeError::RasterTooWide {
                            offset,
                            width_bytes: x,
                        })
                    } else if data_len == 0 {
                        Some(DecodeError::EmptyRaster {
                            offset,
                            width_bytes: x,
                            rows: y,
                        })
                    } else {
                        None
                    };
                    if let Some(error) = refusal {
                        // Skip the data the header announces, without keeping it.
                        events.push(Event::Rejected(error));
                        let available = rest.len() - RASTER_HEADER;
                        let skipped = available.min(data_len);
                        at += RASTER_HEADER + skipped;
                        self.skip = (data_len - skipped) as u64;
                        self.skipping_from = offset;
                        continue;
                    }
                    if rest.len() < RASTER_HEADER + data_len {
                        break;
                    }
                    let data = rest[RASTER_HEADER..RASTER_HEADER + data_len].to_vec();
                    let band = Bitmap::from_packed(u32::from(x) * 8, u32::from(y), data);
                    events.push(Event::Raster(band));
                    at += RASTER_HEADER + data_len;
                }
            }
        }
        self.pending.drain(..at);
        self.offset += at as u64;
        events
    }

    /// Ends the stream: an error if it stopped in the middle of a command.
    pub fn finish(self) -> Result<(), DecodeError> {
        if self.skip > 0 {
            return Err(DecodeError::Truncated {
                offset: self.skipping_from,
                command: "GS v 0",
                missing: self.skip,
            });
        }
        if self.pending.is_empty() {
            return Ok(());
        }
        let (command, missing) = match scan(&self.pending) {
            Scan::Incomplete { command, needed } => (command, needed - self.pending.len()),
            Scan::Raster { x, y, .. } => (
                "GS v 0",
                (RASTER_HEADER + x as usize * y as usize - self.pending.len()),
            ),
            // `feed` consumes every whole command.
            Scan::Command { .. } => return Ok(()),
        };
        Err(DecodeError::Truncated {
            offset: self.offset,
            command,
            missing: missing as u64,
        })
    }
}

/// The event for a whole command other than a raster; tracks the vertical motion unit.
fn command_event(vertical_unit: &mut u8, command: Command, bytes: &[u8], offset: u64) -> Event {
    match command {
        Command::Init => {
            *vertical_unit = 0;
            Event::Init
        }
        Command::MotionUnits(horizontal, vertical) => {
            *vertical_unit = vertical;
            Event::MotionUnits {
                horizontal,
                vertical,
            }
        }
        Command::Feed(n) => {
            let unit = match *vertical_unit {
                0 => DPI,
                unit => u32::from(unit),
            };
            Event::Feed {
                dots: u32::from(n) * DPI / unit,
            }
        }
        Command::FeedLines(lines) => Event::FeedLines { lines },
        Command::Cut { partial } => Event::Cut { partial },
        Command::Status(request) => Event::StatusQuery(request),
        Command::Unknown => Event::Unknown {
            offset,
            bytes: bytes.to_vec(),
        },
    }
}

/// Stacks decoded events into pages as they would come out of the printer: raster bands one
/// under the other, `ESC J` feeds as white rows, each cut ending a page.
///
/// `ESC d` line feeds add nothing to a page: the encoder uses them only for the margin before
/// the cut, and their height depends on the printer's line spacing, so the page is the image
/// that was sent. White rows fed before the first band of a page are added once a band gives
/// the page its width.
#[derive(Debug, Default)]
pub struct PageAssembler {
    /// Bytes per row, once a band has set it.
    stride: Option<usize>,
    rows: u32,
    data: Vec<u8>,
    /// White rows fed before the page had a width.
    pending_white: u32,
    drew: bool,
    /// Pages finished so far, to number them in errors.
    finished: usize,
}

impl PageAssembler {
    /// An assembler with blank paper.
    pub fn new() -> PageAssembler {
        PageAssembler::default()
    }

    /// Puts one event on the paper; returns the finished page when the event is a cut. Events
    /// that print nothing (status queries, unknown bytes) are ignored.
    pub fn push(&mut self, event: &Event) -> Result<Option<Bitmap>, DecodeError> {
        let page = self.finished + 1;
        match event {
            Event::Raster(band) => {
                let stride = *self.stride.get_or_insert(band.bytes_per_row());
                if stride != band.bytes_per_row() {
                    return Err(DecodeError::BandWidthMismatch {
                        page,
                        page_width: stride as u32 * 8,
                        band_width: band.width,
                    });
                }
                let white = std::mem::take(&mut self.pending_white);
                self.grow(white + band.height, page)?;
                self.data
                    .resize(self.data.len() + white as usize * stride, 0);
                self.data.extend_from_slice(band.as_bytes());
                self.drew = true;
            }
            Event::Feed { dots } => match self.stride {
                Some(stride) => {
                    self.grow(*dots, page)?;
                    self.data
                        .resize(self.data.len() + *dots as usize * stride, 0);
                }
                None => {
                    self.pending_white = self.pending_white.saturating_add(*dots);
                    if self.pending_white > MAX_PAGE_ROWS {
                        return Err(DecodeError::PageTooTall { page });
                    }
                }
            },
            Event::Cut { .. } => return Ok(Some(self.take())),
            _ => {}
        }
        Ok(None)
    }

    fn grow(&mut self, rows: u32, page: usize) -> Result<(), DecodeError> {
        match self.rows.checked_add(rows) {
            Some(total) if total <= MAX_PAGE_ROWS => {
                self.rows = total;
                Ok(())
            }
            _ => Err(DecodeError::PageTooTall { page }),
        }
    }

    /// Whether anything has been put on the current page (drawn or fed).
    pub fn in_progress(&self) -> bool {
        self.rows > 0 || self.pending_white > 0
    }

    /// Throws the current, uncut page away (torn off by hand, or spoiled by a stop).
    pub fn discard(&mut self) {
        *self = PageAssembler {
            finished: self.finished,
            ..PageAssembler::default()
        };
    }

    /// The page left after the last cut, if anything was drawn on it.
    pub fn finish(mut self) -> Option<Bitmap> {
        self.drew.then(|| self.take())
    }

    /// The current page as a bitmap, and blank paper for the next. A page with no band has no
    /// width: it is `0` dots wide and as tall as the feeds.
    fn take(&mut self) -> Bitmap {
        let stride = self.stride.unwrap_or(0);
        let rows = if self.stride.is_some() {
            self.rows
        } else {
            self.pending_white
        };
        let page = Bitmap::from_packed(stride as u32 * 8, rows, std::mem::take(&mut self.data));
        self.finished += 1;
        self.discard();
        page
    }
}

/// Reads a whole ESC/POS job back into the pages it prints: each cut ends a page; bytes after
/// the last cut form a last page only if they drew anything.
///
/// Strict, unlike [`Decoder`]: unknown or refused commands, a job cut short, and bands of
/// different widths on one page are errors.
pub fn decode(bytes: &[u8]) -> Result<Vec<Bitmap>, DecodeError> {
    let mut decoder = Decoder::new();
    let mut paper = PageAssembler::new();
    let mut pages = Vec::new();
    for event in decoder.feed(bytes) {
        match event {
            Event::Unknown { offset, bytes } => {
                return Err(DecodeError::UnknownCommand { offset, bytes })
            }
            Event::Rejected(error) => return Err(error),
            event => pages.extend(paper.push(&event)?),
        }
    }
    decoder.finish()?;
    pages.extend(paper.finish());
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{render, Notice, PaperWidth};
    use proptest::prelude::*;

    fn seed(paper: PaperWidth) -> Bitmap {
        render(&Notice::seed_example(), paper).unwrap()
    }

    /// 64 x 40 dots: a frame, white runs of several lengths, ink up to the last row.
    fn sample() -> Bitmap {
        let (w, h) = (64u32, 40u32);
        let dots: Vec<u8> = (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                let ink = matches!(y, 3..=5 | 7 | 20..=22 | 39) && (x + y) % 3 != 0;
                ink as u8
            })
            .collect();
        Bitmap::from_dots(w, h, &dots)
    }

    #[test]
    fn the_seed_notice_round_trips_dot_for_dot_at_58_and_80_mm() {
        for paper in [PaperWidth::Mm58, PaperWidth::Mm80] {
            let bitmap = seed(paper);
            for options in [
                EncodeOptions::default(),
                EncodeOptions {
                    band_rows: 1,
                    cut: Cut::Full,
                    feed_lines: 0,
                },
                EncodeOptions {
                    band_rows: 5000,
                    cut: Cut::None,
                    feed_lines: 9,
                },
            ] {
                let job = encode(&bitmap, &options);
                assert_eq!(
                    decode(&job).unwrap(),
                    std::slice::from_ref(&bitmap),
                    "{paper} {options:?}"
                );
            }
        }
    }

    #[test]
    fn the_80_mm_seed_notice_is_at_most_90_kb_and_smaller_than_its_raw_raster() {
        let bitmap = seed(PaperWidth::Mm80);
        let job = encode(&bitmap, &EncodeOptions::default());
        assert!(job.len() <= 90_000, "{} bytes", job.len());
        assert!(
            job.len() < bitmap.as_bytes().len() * 3 / 4,
            "{} bytes for {} bytes of raster: white rows are not fed",
            job.len(),
            bitmap.as_bytes().len()
        );
    }

    #[test]
    fn the_job_is_init_motion_unit_bands_feeds_margin_and_cut() {
        let bitmap = sample();
        let job = encode(&bitmap, &EncodeOptions::default());
        assert!(job.starts_with(&[0x1B, 0x40, 0x1D, 0x50, 0, 203]));
        assert!(job.ends_with(&[0x1B, 0x64, 3, 0x1D, 0x56, 0x42, 0x00]));
        let events = Decoder::new().feed(&job);
        let bands: Vec<u32> = events
            .iter()
            .filter_map(|e| match e {
                Event::Raster(band) => Some(band.height),
                _ => None,
            })
            .collect();
        // Rows 3-7 (the one white row inside is cheaper as raster), 20-22, 39.
        assert_eq!(bands, [5, 3, 1]);
        let feeds: Vec<u32> = events
            .iter()
            .filter_map(|e| match e {
                Event::Feed { dots } => Some(*dots),
                _ => None,
            })
            .collect();
        assert_eq!(feeds, [3, 12, 16]);
        let full = encode(
            &bitmap,
            &EncodeOptions {
                cut: Cut::Full,
                feed_lines: 0,
                ..EncodeOptions::default()
            },
        );
        assert!(full.ends_with(&[0x1D, 0x56, 0x41, 0x00]));
    }

    #[test]
    fn long_white_runs_are_fed_255_dots_at_a_time_and_bands_respect_their_limit() {
        let (w, h) = (16u32, 700u32);
        let dots: Vec<u8> = (0..w * h)
            .map(|i| u8::from(i / w == 0 || i / w >= 600))
            .collect();
        let bitmap = Bitmap::from_dots(w, h, &dots);
        let options = EncodeOptions {
            band_rows: 64,
            ..EncodeOptions::default()
        };
        let job = encode(&bitmap, &options);
        let events = Decoder::new().feed(&job);
        let feeds: Vec<u32> = events
            .iter()
            .filter_map(|e| match e {
                Event::Feed { dots } => Some(*dots),
                _ => None,
            })
            .collect();
        assert_eq!(feeds, [255, 255, 89]);
        assert!(events
            .iter()
            .all(|e| !matches!(e, Event::Raster(b) if b.height > 64)));
        assert_eq!(decode(&job).unwrap(), [bitmap]);
    }

    #[test]
    fn an_all_white_bitmap_still_round_trips() {
        let bitmap = Bitmap::from_dots(24, 10, &[0; 240]);
        let job = encode(&bitmap, &EncodeOptions::default());
        assert_eq!(decode(&job).unwrap(), [bitmap]);
    }

    #[test]
    fn feeds_follow_the_vertical_motion_unit() {
        // 1/406 inch: ESC J 20 is 10 dots at 203 dpi; ESC @ restores the one-dot default.
        let bytes = [
            0x1D, 0x50, 0, 0xFF, 0x1B, 0x4A, 255, 0x1B, 0x40, 0x1B, 0x4A, 7,
        ];
        let events = Decoder::new().feed(&bytes);
        assert_eq!(events[1], Event::Feed { dots: 203 });
        assert_eq!(events[3], Event::Feed { dots: 7 });
    }

    #[test]
    fn each_cut_ends_a_page_and_trailing_feeds_make_no_page() {
        let band = |rows: u16| {
            let mut b = vec![0x1D, 0x76, 0x30, 0, 1, 0];
            b.extend_from_slice(&rows.to_le_bytes());
            b.extend(std::iter::repeat_n(0xF0, rows as usize));
            b
        };
        let mut job = Vec::new();
        job.extend([0x1B, 0x4A, 2]); // white before the first band
        job.extend(band(3));
        job.extend([0x1B, 0x64, 5]); // margin: not part of the page
        job.extend([0x1D, 0x56, 0x01]); // partial cut, no feed
        job.extend(band(1));
        job.extend([0x1D, 0x56, 0x30]); // full cut
        job.extend([0x1B, 0x4A, 40, 0x10, 0x04, 0x01]); // after the last cut: feeds only
        let pages = decode(&job).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!((pages[0].width, pages[0].height), (8, 5));
        assert_eq!(pages[0].as_bytes(), [0, 0, 0xF0, 0xF0, 0xF0]);
        assert_eq!((pages[1].width, pages[1].height), (8, 1));
        job.extend(band(2));
        assert_eq!(decode(&job).unwrap().len(), 3, "drawn after the last cut");
    }

    #[test]
    fn malformed_input_gives_distinct_errors() {
        let job = encode(&sample(), &EncodeOptions::default());
        // Cut short inside the raster data, and inside a header.
        let raster_at = job.iter().position(|&b| b == 0x76).unwrap() - 1;
        let err = decode(&job[..raster_at + 12]).unwrap_err();
        assert!(
            matches!(err, DecodeError::Truncated { offset, command: "GS v 0", .. } if offset == raster_at as u64),
            "{err:?}"
        );
        let err = decode(&job[..raster_at + 5]).unwrap_err();
        assert!(matches!(err, DecodeError::Truncated { .. }), "{err:?}");
        assert!(err.to_string().contains("cut short"), "{err}");
        assert!(matches!(
            decode(&[0x1B]).unwrap_err(),
            DecodeError::Truncated {
                offset: 0,
                command: "ESC",
                missing: 1
            }
        ));
        // Too wide: 300 bytes = 2400 dots.
        let err = decode(&[0x1D, 0x76, 0x30, 0, 0x2C, 0x01, 1, 0]).unwrap_err();
        assert_eq!(
            err,
            DecodeError::RasterTooWide {
                offset: 0,
                width_bytes: 300
            }
        );
        assert!(err.to_string().contains("2400 dots"), "{err}");
        assert!(matches!(
            decode(&[0x1D, 0x76, 0x30, 0, 0, 0, 1, 0]).unwrap_err(),
            DecodeError::EmptyRaster { .. }
        ));
        assert!(matches!(
            decode(&[0x1D, 0x76, 0x30, 3, 1, 0, 1, 0, 0xFF]).unwrap_err(),
            DecodeError::UnsupportedRasterMode { mode: 3, .. }
        ));
        // Unknown command, with its offset.
        let err = decode(&[0x1B, 0x40, 0x1B, 0x99]).unwrap_err();
        assert_eq!(
            err,
            DecodeError::UnknownCommand {
                offset: 2,
                bytes: vec![0x1B, 0x99]
            }
        );
        assert_eq!(err.to_string(), "unknown ESC/POS command 1B 99 at byte 2");
        assert!(matches!(
            decode(b"hello").unwrap_err(),
            DecodeError::UnknownCommand { offset: 0, .. }
        ));
        // Bands of 8 and 16 dots on one page.
        let err = decode(&[
            0x1D, 0x76, 0x30, 0, 1, 0, 1, 0, 0xFF, 0x1D, 0x76, 0x30, 0, 2, 0, 1, 0, 0xFF, 0xFF,
        ])
        .unwrap_err();
        assert_eq!(
            err,
            DecodeError::BandWidthMismatch {
                page: 1,
                page_width: 8,
                band_width: 16
            }
        );
        // Endless feeds.
        let feeds: Vec<u8> = std::iter::repeat_n([0x1B, 0x4A, 255], 500)
            .flatten()
            .collect();
        assert!(matches!(
            decode(&feeds).unwrap_err(),
            DecodeError::PageTooTall { page: 1 }
        ));
    }

    #[test]
    fn the_streaming_decoder_reports_skips_and_carries_on() {
        let mut bytes = vec![b'A', 0x1D, 0x76, 0x30, 0, 0x2C, 0x01, 2, 0];
        bytes.extend(std::iter::repeat_n(0x10, 600)); // data of the refused raster, skipped
        bytes.extend([0x10, 0x04, 0x09, 0x10, 0x04, 0x02]);
        let events = Decoder::new().feed(&bytes);
        assert_eq!(
            events,
            [
                Event::Unknown {
                    offset: 0,
                    bytes: vec![b'A']
                },
                Event::Rejected(DecodeError::RasterTooWide {
                    offset: 1,
                    width_bytes: 300
                }),
                Event::Unknown {
                    offset: 609,
                    bytes: vec![0x10, 0x04, 0x09]
                },
                Event::StatusQuery(StatusRequest::OfflineCause),
            ]
        );
    }

    /// A stream with every kind of event: a job, status queries, unknown bytes, a refused
    /// raster whose data must be skipped, a truncated-looking GS V.
    fn mixed_stream() -> Vec<u8> {
        let mut bytes = encode(&sample(), &EncodeOptions::default());
        bytes.extend([
            0x10, 0x04, 0x01, 0x10, 0x04, 0x04, b'x', 0x1B, 0x99, 0x1D, 0x56, 0x30,
        ]);
        bytes.extend([0x1D, 0x76, 0x30, 0, 0x2C, 0x01, 1, 0]);
        bytes.extend(std::iter::repeat_n(0x1B, 300));
        bytes.extend([0x1D, 0x76, 0x31, 0x10, 0x04]);
        bytes.extend(encode(
            &sample(),
            &EncodeOptions {
                band_rows: 2,
                cut: Cut::Full,
                feed_lines: 1,
            },
        ));
        bytes
    }

    #[test]
    fn the_seed_job_fed_one_byte_at_a_time_prints_the_same_page() {
        let bitmap = seed(PaperWidth::Mm58);
        let job = encode(&bitmap, &EncodeOptions::default());
        let mut decoder = Decoder::new();
        let mut paper = PageAssembler::new();
        let mut pages = Vec::new();
        for byte in job.chunks(1) {
            for event in decoder.feed(byte) {
                pages.extend(paper.push(&event).unwrap());
            }
        }
        decoder.finish().unwrap();
        assert_eq!(pages, [bitmap]);
    }

    proptest! {
        #[test]
        fn split_anywhere_the_decoder_gives_the_same_events(
            cuts in proptest::collection::vec(any::<proptest::sample::Index>(), 0..40)
        ) {
            let bytes = mixed_stream();
            let whole = Decoder::new().feed(&bytes);
            let mut points: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
            points.push(0);
            points.push(bytes.len());
            points.sort_unstable();
            let mut decoder = Decoder::new();
            let mut split = Vec::new();
            for pair in points.windows(2) {
                split.extend(decoder.feed(&bytes[pair[0]..pair[1]]));
            }
            prop_assert!(decoder.finish().is_ok());
            prop_assert_eq!(split, whole);
        }

        #[test]
        fn splitting_at_commands_keeps_every_byte_and_whole_commands(target in 1usize..20_000) {
            let bytes = mixed_stream();
            let pieces = split_at_commands(&bytes, target);
            prop_assert_eq!(pieces.concat(), bytes.clone());
            // Each piece decodes on its own with nothing left over, except a last piece that
            // the stream itself leaves unfinished.
            for piece in &pieces[..pieces.len() - 1] {
                let mut decoder = Decoder::new();
                decoder.feed(piece);
                prop_assert!(decoder.finish().is_ok());
            }
        }
    }

    #[test]
    fn every_answer_byte_of_every_request_maps_as_specified() {
        for request in [
            StatusRequest::Printer,
            StatusRequest::OfflineCause,
            StatusRequest::ErrorCause,
            StatusRequest::PaperSensor,
        ] {
            for byte in 0..=255u8 {
                let result = interpret_status(&[(request, byte)]);
                let fixed_ok = byte & 0b0000_0010 != 0
                    && byte & 0b0001_0000 != 0
                    && byte & 0b0000_0001 == 0
                    && byte & 0b1000_0000 == 0;
                if !fixed_ok {
                    assert_eq!(
                        result,
                        Err(StatusError { request, byte }),
                        "{request:?} {byte:#04x}"
                    );
                    continue;
                }
                let bit = |n: u8| byte & (1 << n) != 0;
                let expected = match request {
                    StatusRequest::Printer if bit(3) => PrinterStatus::Offline,
                    StatusRequest::OfflineCause if bit(2) => PrinterStatus::CoverOpen,
                    StatusRequest::OfflineCause if bit(5) => PrinterStatus::PaperOut,
                    StatusRequest::OfflineCause if bit(6) => PrinterStatus::Error,
                    StatusRequest::ErrorCause if bit(2) || bit(3) || bit(5) || bit(6) => {
                        PrinterStatus::Error
                    }
                    StatusRequest::PaperSensor if bit(5) || bit(6) => PrinterStatus::PaperOut,
                    StatusRequest::PaperSensor if bit(2) || bit(3) => PrinterStatus::PaperNearEnd,
                    _ => PrinterStatus::Ready,
                };
                assert_eq!(result, Ok(expected), "{request:?} {byte:#04x}");
            }
        }
        let err = interpret_status(&[
            (StatusRequest::Printer, 0x12),
            (StatusRequest::PaperSensor, b'A'),
        ])
        .unwrap_err();
        assert!(err.to_string().contains("0x41"), "{err}");
    }

    #[test]
    fn combined_answers_follow_the_precedence_and_answers_read_back() {
        let all = [
            StatusRequest::Printer,
            StatusRequest::OfflineCause,
            StatusRequest::ErrorCause,
            StatusRequest::PaperSensor,
        ];
        for bits in 0..64u8 {
            let flags = StatusFlags {
                offline: bits & 1 != 0,
                cover_open: bits & 2 != 0,
                paper_end_stop: bits & 4 != 0,
                error: bits & 8 != 0,
                paper_near_end: bits & 16 != 0,
                paper_out: bits & 32 != 0,
            };
            let answers: Vec<(StatusRequest, u8)> =
                all.iter().map(|&r| (r, flags.answer(r))).collect();
            assert_eq!(StatusFlags::from_answers(&answers), Ok(flags));
            let expected = if flags.cover_open {
                PrinterStatus::CoverOpen
            } else if flags.paper_out || flags.paper_end_stop {
                PrinterStatus::PaperOut
            } else if flags.error {
                PrinterStatus::Error
            } else if flags.offline {
                PrinterStatus::Offline
            } else if flags.paper_near_end {
                PrinterStatus::PaperNearEnd
            } else {
                PrinterStatus::Ready
            };
            assert_eq!(interpret_status(&answers), Ok(expected), "{flags:?}");
        }
        assert_eq!(status_query(StatusRequest::PaperSensor), [0x10, 0x04, 0x04]);
        assert_eq!(StatusFlags::default().answer(StatusRequest::Printer), 0x12);
    }
}
