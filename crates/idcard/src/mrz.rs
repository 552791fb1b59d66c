//! Machine-readable zones (ICAO 9303): the three lines of 30 on an ID card (TD1) and the two lines
//! of 44 on a passport (TD3). [`parse`] turns what a document scanner sends into an [`Mrz`];
//! [`encode_td1`] and [`encode_td3`] build one (the simulator and the tests use them).
//!
//! Pure: no I/O and no clock. "Today" is a parameter because two-digit years need it: a birth
//! date is never in the future, an expiry date lies within about 50 years of today.
//!
//! ```
//! use chrono::NaiveDate;
//! use qebul_idcard::mrz::{parse, MrzFormat, Sex};
//!
//! let today = NaiveDate::from_ymd_opt(2026, 5, 1).expect("a date");
//! let mrz = parse(
//!     "I<UTOD231458907<<<<<<<<<<<<<<<\n\
//!      7408122F1204159UTO<<<<<<<<<<<6\n\
//!      ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n",
//!     today,
//! )
//! .expect("the ICAO specimen parses");
//! assert_eq!(mrz.format, MrzFormat::Td1);
//! assert_eq!((mrz.surname.as_str(), mrz.given_names.as_str()), ("ERIKSSON", "ANNA MARIA"));
//! assert_eq!(mrz.sex, Sex::Female);
//! assert!(mrz.is_expired(today)); // 2012: the caller decides what an expired card means
//! ```
//!
//! # What the check digits protect, and what they cannot
//!
//! ICAO check digits (weights 7-3-1, sum mod 10) cover the document number, the dates, the TD3
//! personal number, and a composite digit over all of those plus the TD1 optional data. They do
//! **not** cover the document code, the issuing state, the nationality, the sex, nor the names:
//! a misread there cannot be detected by any reader, only by comparing with the registry. And
//! because the sum is taken mod 10, two characters whose values differ by a multiple of 10
//! (`0`/`A`/`K`/`U`/`<`, `1`/`B`/`L`/`V`, …) are interchangeable for every check: such a swap in
//! the document number or the optional data is invisible too. A single misread digit in a
//! numeric field (dates, check digits) is always caught, because the weights 7, 3 and 1 are
//! coprime to 10.
//!
//! # OCR repairs
//!
//! OCR-B readers confuse `O`/`0`, `I`/`1`, `B`/`8`, `S`/`5` and `Z`/`2`. Where only a digit can
//! stand (dates and check digits) a letter of these pairs can only be a misread digit, so it is
//! replaced — and kept only if the field's check digit then holds (and the composite after it);
//! every repair is listed in [`Mrz::corrections`].
//!
//! In a document number letters and digits are both legal, so which one is right is a guess the
//! check digit would have to confirm. It cannot do that reliably for an arbitrary number: if the
//! misread character is *not* one of the pairs (say `7` read as `1`), swapping some other
//! look-alike makes a mod-10 check hold again in about one case in ten per candidate, and the
//! kiosk would book under somebody else's number. So document numbers are only repaired where
//! their layout says which positions hold letters: Azerbaijani ID cards, whose number is two
//! Latin letters and seven digits (`AA1234567`; the 2014 decree describing the under-15 card
//! words it so, "iki latın hərfindən və yeddi rəqəmdən").
//! There a digit among the letters or a letter among the digits is forced to its look-alike, and
//! the check digit decides; if the number as read and the repaired number both pass, the read is
//! ambiguous and refused. Numbers of other layouts are taken as read, or refused.
//!
//! # Azerbaijani documents
//!
//! An Azerbaijani ID card (TD1, document code `I…`, issuing state `AZE`) must carry its FİN;
//! without one it is refused as damaged. Where the current (2018) card prints it could not be
//! confirmed from a specimen: the design notes say "in the optional data"; a public guide
//! (avtokasko.az, "FİN (PİN) kod") says that on the older cards it is "the first seven of the
//! last eight characters of the last line", the eighth a digit to ignore — exactly where a 2 × 36
//! (TD2) zone keeps its 7-character optional data, before the composite check digit — and that
//! the newer cards print it apart on the photo side. So the FİN is taken as the first FİN-shaped
//! item (7 letters and digits, no I or O) of the optional data, line 1's before line 2's,
//! wherever it stands. TD2 zones (those older cards) are refused as an unknown format. An
//! Azerbaijani passport's FİN is its personal number; a passport without one is not damaged.
//!
//! Names in the MRZ are transliterated (Ə→A, Ö→O, Ü→U, Ç→C, Ş→S, Ğ→G, İ/ı→I):
//! [`transliterate_name`] does the same to a registry name so that the two can be compared.
//!
//! Lower-case letters are upper-cased without a note: OCR-B has no lower case, case carries no
//! information. Spaces are refused, not taken for `<`: a space is as likely a character the
//! reader could not make out as a `<` it rendered oddly, and taking it for a filler would turn an
//! unread letter into a name break where no check digit would notice.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// The two layouts the kiosk reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MrzFormat {
    /// ID-1 size cards (the Azerbaijani ID card): 3 lines of 30.
    Td1,
    /// Passports: 2 lines of 44.
    Td3,
}

impl MrzFormat {
    fn line_count(self) -> usize {
        match self {
            MrzFormat::Td1 => 3,
            MrzFormat::Td3 => 2,
        }
    }

    fn line_len(self) -> usize {
        match self {
            MrzFormat::Td1 => TD1_LINE,
            MrzFormat::Td3 => TD3_LINE,
        }
    }
}

/// The sex field: `M`, `F`, or unspecified (`<`, or `X` since the 8th edition of ICAO 9303).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Male,
    Female,
    Unspecified,
}

/// A parsed machine-readable zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mrz {
    pub format: MrzFormat,
    /// `ID`, `I`, `P`…: as in the MRZ, without fillers.
    pub document_code: String,
    /// Three-letter code of the issuing state (`AZE`), without fillers.
    pub issuing_state: String,
    /// Without fillers; for TD1 numbers longer than 9 characters, the whole number (the part
    /// continued in the optional data included).
    pub document_number: String,
    /// As transliterated in the MRZ, `<` between parts turned into spaces: `ABDULLAYEVA`.
    pub surname: String,
    /// Given names separated by single spaces: `ANNA MARIA`.
    pub given_names: String,
    pub nationality: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub expiry_date: NaiveDate,
    /// The optional data without leading and trailing fillers. TD1: line 1's (after the
    /// continuation of a long document number) and line 2's, joined by one space when both are
    /// non-empty (a space cannot occur in an MRZ, so the join is unambiguous). TD3: the personal
    /// number.
    pub optional_data: String,
    /// The Azerbaijani FİN (7 letters and digits, never I or O). Always present on an
    /// Azerbaijani ID card (parsing fails otherwise); on an Azerbaijani passport when its
    /// personal number is a FİN; `None` for every other document.
    pub fin: Option<String>,
    /// The OCR repairs made to get here, in reading order; empty for a clean read.
    pub corrections: Vec<Correction>,
}

impl Mrz {
    /// Whether the document has expired on `today`. A document is valid through its expiry date.
    /// Not a parse error: the caller decides what an expired card is still good for.
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        today > self.expiry_date
    }
}

/// One OCR repair: the character at `line`, `column` (both counted from 1) was read as `from`
/// and taken as `to` because the check digits hold only that way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Correction {
    pub line: usize,
    pub column: usize,
    pub from: char,
    pub to: char,
}

/// The fields an MRZ is built from ([`encode_td1`], [`encode_td3`]); what [`Mrz`] holds apart
/// from what parsing derives (format, FİN, corrections).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrzFields {
    /// `ID`, `I`, `P`…
    pub document_code: String,
    pub issuing_state: String,
    /// TD1 numbers longer than 9 characters are continued in line 1's optional data (ICAO 9303-5
    /// note j); TD3 has room for 9.
    pub document_number: String,
    /// Transliterated by the encoder ([`transliterate_name`]): `ƏLİYEV` becomes `ALIYEV`.
    pub surname: String,
    pub given_names: String,
    pub nationality: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub expiry_date: NaiveDate,
    /// As in [`Mrz::optional_data`]. An Azerbaijani ID card carries its FİN here (the simulator
    /// puts it first, on line 1); an Azerbaijani passport's personal number is the FİN.
    pub optional_data: String,
}

impl From<&Mrz> for MrzFields {
    fn from(mrz: &Mrz) -> MrzFields {
        MrzFields {
            document_code: mrz.document_code.clone(),
            issuing_state: mrz.issuing_state.clone(),
            document_number: mrz.document_number.clone(),
            surname: mrz.surname.clone(),
            given_names: mrz.given_names.clone(),
            nationality: mrz.nationality.clone(),
            birth_date: mrz.birth_date,
            sex: mrz.sex,
            expiry_date: mrz.expiry_date,
            optional_data: mrz.optional_data.clone(),
        }
    }
}

/// A field protected by its own check digit, as error messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MrzField {
    DocumentNumber,
    BirthDate,
    ExpiryDate,
    PersonalNumber,
}

impl fmt::Display for MrzField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MrzField::DocumentNumber => "document number",
            MrzField::BirthDate => "date of birth",
            MrzField::ExpiryDate => "date of expiry",
            MrzField::PersonalNumber => "personal number",
        })
    }
}

/// Why a read was refused. Each kind of damage is its own variant; the message tells the
/// receptionist where the problem is and what to do. Lines and positions count from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MrzError {
    #[error("The reader sent no text. Ask the citizen to place the document on the reader again.")]
    Empty,
    #[error(
        "The reader sent {found} line(s); an ID card has 3 lines of 30 characters, a passport 2 \
         lines of 44. Place the document flat on the reader and scan again."
    )]
    LineCount { found: usize },
    #[error(
        "Line {line} of the machine-readable zone has {found} characters instead of {expected}: \
         part of it was not read. Scan the document again."
    )]
    LineLength {
        line: usize,
        found: usize,
        expected: usize,
    },
    /// Lines of a consistent length the kiosk does not read: 2 × 36 (TD2: visas, older ID
    /// cards — apparently the Azerbaijani cards issued before 2018, see the module docs).
    #[error(
        "A machine-readable zone of {lines} lines of {length} characters belongs to a kind of \
         document not accepted here (a visa or an old card format). Ask for the ID card or \
         passport."
    )]
    UnknownFormat { lines: usize, length: usize },
    #[error(
        "Line {line}, position {column}: the reader sent {}, which cannot appear in a \
         machine-readable zone (only A-Z, 0-9 and '<'). Clean the document and scan again.",
        describe_char(*found)
    )]
    InvalidCharacter {
        line: usize,
        column: usize,
        found: char,
    },
    #[error(
        "The document type \"{found}\" is neither an ID card nor a passport. Ask for the ID card \
         or passport."
    )]
    UnknownDocumentCode { found: String },
    #[error(
        "The document number is empty. The document may be damaged: ask the receptionist to \
         check it."
    )]
    MissingDocumentNumber,
    #[error(
        "The document number is marked as continuing on line 1, but no continuation with its \
         check digit follows. Scan again; if this repeats, the document is damaged."
    )]
    TruncatedDocumentNumber,
    #[error(
        "The {field} has {found:?} at line {line}, position {column}, where only a digit can \
         stand. Scan again."
    )]
    NotADigit {
        field: MrzField,
        line: usize,
        column: usize,
        found: char,
    },
    #[error(
        "The check digit of the {field} (line {line}, position {column}) does not match: a \
         character was misread. Scan again; if this repeats, enter the data from the document."
    )]
    CheckDigit {
        field: MrzField,
        line: usize,
        column: usize,
    },
    #[error(
        "The overall check digit (line {line}, position {column}) does not match: a character of \
         the document number, the dates or the optional data was misread. Scan again."
    )]
    CompositeCheckDigit { line: usize, column: usize },
    #[error(
        "The {field} can be read in more than one way (letters and digits that look alike). Scan \
         again, or enter it from the document."
    )]
    AmbiguousCorrection { field: MrzField },
    #[error(
        "The {field} \"{value}\" (YYMMDD) is not a calendar date. The document may be damaged: \
         ask the receptionist to check it."
    )]
    ImpossibleDate { field: MrzField, value: String },
    #[error(
        "The date of expiry ({expiry}) is before the date of birth ({birth}): the zone \
         contradicts itself. Ask the receptionist to check the document."
    )]
    ExpiryBeforeBirth { birth: NaiveDate, expiry: NaiveDate },
    #[error("The sex field holds {found:?} instead of M, F, X or '<'. Scan again.")]
    InvalidSex { found: char },
    #[error(
        "The name on line {line} has no '<<' between surname and given names. Scan again; if \
         this repeats, enter the name from the document."
    )]
    MissingNameSeparator { line: usize },
    #[error("The name on line {line} has no surname. Scan again.")]
    EmptySurname { line: usize },
    #[error(
        "The name on line {line} has the digit '{found}' at position {column}; names hold only \
         letters. Scan again."
    )]
    DigitInName {
        line: usize,
        column: usize,
        found: char,
    },
    #[error(
        "This Azerbaijani ID card shows no FİN (personal identification number) in its \
         machine-readable zone. Scan again; if this repeats, ask the receptionist to check the \
         card."
    )]
    FinMissing,
    #[error(
        "The FİN read from this Azerbaijani ID card, \"{found}\", is not 7 letters and digits \
         without I and O. Scan again."
    )]
    FinMalformed { found: String },
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space (a space is not taken for '<': it may as well hide a lost character)"
            .to_string(),
        '\t' => "a tab".to_string(),
        c => format!("{c:?}"),
    }
}

const TD1_LINE: usize = 30;
const TD3_LINE: usize = 44;
const FILLER: u8 = b'<';
const WEIGHTS: [u32; 3] = [7, 3, 1];

/// The check digit of `field` (ICAO 9303-3 4.9): weights 7, 3, 1 repeating; `0`–`9` count as
/// themselves, `A`–`Z` as 10–35, `<` as 0; the sum mod 10. `None` if `field` holds anything else
/// (lower case included: the MRZ has none).
pub fn check_digit(field: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in field.chars().enumerate() {
        let value = match c {
            '0'..='9' | 'A'..='Z' | '<' => char_value(c as u8),
            _ => return None,
        };
        // Reduced as it goes: no overflow, however long the input.
        sum = (sum + value * WEIGHTS[i % 3]) % 10;
    }
    Some(sum as u8)
}

/// The value of an MRZ character; anything else counts 0 (callers pass validated bytes).
fn char_value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        b'A'..=b'Z' => u32::from(b - b'A') + 10,
        _ => 0,
    }
}

/// The check digit over validated MRZ bytes, as an ASCII digit.
fn check_byte<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u8 {
    let sum = parts
        .into_iter()
        .flatten()
        .enumerate()
        .fold(0, |sum, (i, &b)| {
            (sum + char_value(b) * WEIGHTS[i % 3]) % 10
        });
    b'0' + sum as u8
}

/// The digit an OCR-B look-alike letter stands for.
fn digit_for(letter: u8) -> Option<u8> {
    match letter {
        b'O' => Some(b'0'),
        b'I' => Some(b'1'),
        b'B' => Some(b'8'),
        b'S' => Some(b'5'),
        b'Z' => Some(b'2'),
        _ => None,
    }
}

/// The letter an OCR-B look-alike digit stands for.
fn letter_for(digit: u8) -> Option<u8> {
    match digit {
        b'0' => Some(b'O'),
        b'1' => Some(b'I'),
        b'8' => Some(b'B'),
        b'5' => Some(b'S'),
        b'2' => Some(b'Z'),
        _ => None,
    }
}

/// Parses a machine-readable zone as a document scanner sends it.
///
/// Accepted: surrounding whitespace and blank lines, LF, CRLF or CR line ends, lines sent without
/// separators (one line of 90 or 88 characters), lower case. Everything else that is wrong is an
/// [`MrzError`]. `today` resolves the century of two-digit years and nothing else; an expired
/// document parses ([`Mrz::is_expired`]).
pub fn parse(text: &str, today: NaiveDate) -> Result<Mrz, MrzError> {
    let (format, lines) = split_lines(text)?;
    let mut zone = Zone {
        lines,
        corrections: Vec::new(),
    };
    match format {
        MrzFormat::Td1 => parse_td1(&mut zone, today),
        MrzFormat::Td3 => parse_td3(&mut zone, today),
    }
}

/// Splits and validates the text: the right number of lines of the right length, MRZ characters
/// only (upper-cased).
fn split_lines(text: &str) -> Result<(MrzFormat, Vec<Vec<u8>>), MrzError> {
    let raw: Vec<Vec<char>> = text
        .split(['\r', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.chars().collect())
        .collect();
    let lengths: Vec<usize> = raw.iter().map(Vec::len).collect();
    let (format, raw) = match lengths.as_slice() {
        [] => return Err(MrzError::Empty),
        // A reader that sends the lines without separators.
        [90] => (
            MrzFormat::Td1,
            raw[0].chunks(TD1_LINE).map(<[char]>::to_vec).collect(),
        ),
        [88] => (
            MrzFormat::Td3,
            raw[0].chunks(TD3_LINE).map(<[char]>::to_vec).collect(),
        ),
        [36, 36] => {
            return Err(MrzError::UnknownFormat {
                lines: 2,
                length: 36,
            })
        }
        // Two lines of an ID card: a line is missing, not too short.
        [30, 30] => return Err(MrzError::LineCount { found: 2 }),
        [_, _] => (MrzFormat::Td3, raw),
        [_, _, _] => (MrzFormat::Td1, raw),
        _ => return Err(MrzError::LineCount { found: raw.len() }),
    };
    let expected = format.line_len();
    debug_assert_eq!(raw.len(), format.line_count());
    if let Some((i, line)) = raw.iter().enumerate().find(|(_, l)| l.len() != expected) {
        return Err(MrzError::LineLength {
            line: i + 1,
            found: line.len(),
            expected,
        });
    }
    let mut lines = Vec::with_capacity(raw.len());
    for (i, line) in raw.iter().enumerate() {
        let mut bytes = Vec::with_capacity(expected);
        for (j, &c) in line.iter().enumerate() {
            let c2 = c.to_ascii_uppercase();
            if !(c2.is_ascii_uppercase() || c2.is_ascii_digit() || c2 == '<') {
                return Err(MrzError::InvalidCharacter {
                    line: i + 1,
                    column: j + 1,
                    found: c,
                });
            }
            bytes.push(c2 as u8);
        }
        lines.push(bytes);
    }
    Ok((format, lines))
}

/// The validated lines and the repairs made to them so far.
struct Zone {
    lines: Vec<Vec<u8>>,
    corrections: Vec<Correction>,
}

/// A repair waiting for its check digit: line and column index from 0, the byte to put there.
type Pending = (usize, usize, u8);

impl Zone {
    fn bytes(&self, line: usize, start: usize, len: usize) -> &[u8] {
        &self.lines[line][start..start + len]
    }

    fn byte(&self, line: usize, col: usize) -> u8 {
        self.lines[line][col]
    }

    fn apply(&mut self, pending: &[Pending]) {
        for &(line, col, to) in pending {
            let from = self.lines[line][col];
            if from != to {
                self.lines[line][col] = to;
                self.corrections.push(Correction {
                    line: line + 1,
                    column: col + 1,
                    from: char::from(from),
                    to: char::from(to),
                });
            }
        }
    }

    /// The repairs that make the bytes at `cols` of `line` digits: look-alike letters become
    /// digits, anything else that is not a digit is refused.
    fn force_digits(
        &self,
        field: MrzField,
        line: usize,
        cols: impl IntoIterator<Item = usize>,
    ) -> Result<Vec<Pending>, MrzError> {
        let mut pending = Vec::new();
        for col in cols {
            let b = self.byte(line, col);
            if b.is_ascii_digit() {
                continue;
            }
            match digit_for(b) {
                Some(d) => pending.push((line, col, d)),
                None => {
                    return Err(MrzError::NotADigit {
                        field,
                        line: line + 1,
                        column: col + 1,
                        found: char::from(b),
                    })
                }
            }
        }
        Ok(pending)
    }

    /// A numeric field (a date) and its check digit: look-alike letters repaired, kept only if
    /// the check digit then holds. Returns the six digits.
    fn numeric_field(
        &mut self,
        field: MrzField,
        line: usize,
        start: usize,
        check_col: usize,
    ) -> Result<[u8; 6], MrzError> {
        let pending = self.force_digits(field, line, (start..start + 6).chain([check_col]))?;
        let mut digits = [0u8; 6];
        digits.copy_from_slice(self.bytes(line, start, 6));
        let mut check = self.byte(line, check_col);
        for &(_, col, to) in &pending {
            if col == check_col {
                check = to;
            } else {
                digits[col - start] = to;
            }
        }
        if check_byte([&digits[..]]) != check {
            return Err(MrzError::CheckDigit {
                field,
                line: line + 1,
                column: check_col + 1,
            });
        }
        self.apply(&pending);
        Ok(digits)
    }

    /// A 9-character document number followed by its check digit (TD1 line 1, TD3 line 2).
    /// `letters_then_digits` is the layout of Azerbaijani ID card numbers (two letters, seven
    /// digits), the only layout in which a look-alike may be repaired (see the module docs).
    fn document_number(
        &mut self,
        line: usize,
        start: usize,
        letters_then_digits: bool,
    ) -> Result<String, MrzError> {
        let field = MrzField::DocumentNumber;
        let check_col = start + 9;
        let number = self.bytes(line, start, 9).to_vec();
        if number.iter().all(|&b| b == FILLER) {
            return Err(MrzError::MissingDocumentNumber);
        }
        let mut pending = self.force_digits(field, line, [check_col])?;
        let check = pending
            .first()
            .map_or(self.byte(line, check_col), |&(_, _, to)| to);
        let as_read = check_byte([&number[..]]) == check;
        let repaired = if letters_then_digits {
            repair_letters_then_digits(&number)
                .filter(|r| *r != number && check_byte([&r[..]]) == check)
        } else {
            None
        };
        let number = match (as_read, repaired) {
            (true, None) => number,
            (true, Some(_)) => return Err(MrzError::AmbiguousCorrection { field }),
            (false, Some(r)) => {
                for (i, (&was, &now)) in number.iter().zip(&r).enumerate() {
                    if was != now {
                        pending.push((line, start + i, now));
                    }
                }
                r
            }
            (false, None) => {
                return Err(MrzError::CheckDigit {
                    field,
                    line: line + 1,
                    column: check_col + 1,
                })
            }
        };
        pending.sort_unstable();
        self.apply(&pending);
        Ok(strip_trailing(&number))
    }

    /// TD1 document numbers longer than 9 characters (ICAO 9303-5, note j): line 1 holds the
    /// first 9, `<` where the check digit would be, and the optional data starts with the rest of
    /// the number, its check digit and a filler. Returns the number and where the optional data
    /// proper starts.
    ///
    /// The check digit here is not repaired: where it stands is only known from where the
    /// continuation ends, so a look-alike there would be a guess about the layout as well.
    fn long_document_number(&mut self) -> Result<(String, usize), MrzError> {
        let opt = self.bytes(0, 15, 15);
        let token = opt.iter().position(|&b| b == FILLER).unwrap_or(opt.len());
        if token < 2 {
            return Err(MrzError::TruncatedDocumentNumber);
        }
        let check_col = 15 + token - 1;
        let check = self.byte(0, check_col);
        if !check.is_ascii_digit() {
            return Err(MrzError::NotADigit {
                field: MrzField::DocumentNumber,
                line: 1,
                column: check_col + 1,
                found: char::from(check),
            });
        }
        let head = self.bytes(0, 5, 9);
        let tail = self.bytes(0, 15, token - 1);
        if check_byte([head, tail]) != check {
            return Err(MrzError::CheckDigit {
                field: MrzField::DocumentNumber,
                line: 1,
                column: check_col + 1,
            });
        }
        let mut number = head.to_vec();
        number.extend_from_slice(tail);
        // Past the check digit and the filler after it (absent when the continuation fills the
        // whole field).
        Ok((strip_trailing(&number), (15 + token + 1).min(TD1_LINE)))
    }

    /// The composite check digit at `line`, `check_col`, over `parts` (line, start,
    /// length) as repaired so far.
    fn composite(
        &mut self,
        line: usize,
        check_col: usize,
        parts: &[(usize, usize, usize)],
    ) -> Result<(), MrzError> {
        let pending = match self.force_digits(MrzField::DocumentNumber, line, [check_col]) {
            Ok(p) => p,
            // The composite's own digit is not a digit: report it as a composite failure.
            Err(_) => {
                return Err(MrzError::CompositeCheckDigit {
                    line: line + 1,
                    column: check_col + 1,
                })
            }
        };
        let check = pending
            .first()
            .map_or(self.byte(line, check_col), |&(_, _, to)| to);
        let computed = check_byte(parts.iter().map(|&(l, s, n)| self.bytes(l, s, n)));
        if computed != check {
            return Err(MrzError::CompositeCheckDigit {
                line: line + 1,
                column: check_col + 1,
            });
        }
        self.apply(&pending);
        Ok(())
    }
}

/// The Azerbaijani ID card number layout: two letters, seven digits. Look-alikes out of place
/// are swapped; `None` if the number does not fit the layout even then.
fn repair_letters_then_digits(number: &[u8]) -> Option<Vec<u8>> {
    number
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if i < 2 {
                if b.is_ascii_uppercase() {
                    Some(b)
                } else {
                    letter_for(b)
                }
            } else if b.is_ascii_digit() {
                Some(b)
            } else {
                digit_for(b)
            }
        })
        .collect()
}

fn strip_trailing(bytes: &[u8]) -> String {
    let end = bytes
        .iter()
        .rposition(|&b| b != FILLER)
        .map_or(0, |i| i + 1);
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

fn strip_fillers(bytes: &[u8]) -> String {
    let start = bytes
        .iter()
        .position(|&b| b != FILLER)
        .unwrap_or(bytes.len());
    strip_trailing(&bytes[start..])
}

fn code_of(bytes: &[u8]) -> String {
    strip_fillers(bytes)
}

fn is_aze_id_card(format: MrzFormat, code: &str, state: &str) -> bool {
    format == MrzFormat::Td1 && code.starts_with('I') && state == "AZE"
}

fn parse_td1(zone: &mut Zone, today: NaiveDate) -> Result<Mrz, MrzError> {
    let document_code = code_of(zone.bytes(0, 0, 2));
    if !matches!(zone.byte(0, 0), b'I' | b'A' | b'C') {
        return Err(MrzError::UnknownDocumentCode {
            found: document_code,
        });
    }
    let issuing_state = code_of(zone.bytes(0, 2, 3));
    let aze_id_card = is_aze_id_card(MrzFormat::Td1, &document_code, &issuing_state);

    let (document_number, optional_start) = if zone.byte(0, 14) == FILLER {
        zone.long_document_number()?
    } else {
        (zone.document_number(0, 5, aze_id_card)?, 15)
    };
    let birth = zone.numeric_field(MrzField::BirthDate, 1, 0, 6)?;
    let expiry = zone.numeric_field(MrzField::ExpiryDate, 1, 8, 14)?;
    zone.composite(1, 29, &[(0, 5, 25), (1, 0, 7), (1, 8, 7), (1, 18, 11)])?;

    let birth_date = birth_date(&birth, today)?;
    let expiry_date = expiry_date(&expiry, today)?;
    if expiry_date < birth_date {
        return Err(MrzError::ExpiryBeforeBirth {
            birth: birth_date,
            expiry: expiry_date,
        });
    }
    let sex = sex(zone.byte(1, 7))?;
    let nationality = code_of(zone.bytes(1, 15, 3));
    let (surname, given_names) = names(zone, 2, 0, TD1_LINE)?;

    let opt1 = &zone.lines[0][optional_start..];
    let opt2 = zone.bytes(1, 18, 11);
    let fin = if aze_id_card {
        Some(fin_of_id_card(opt1, opt2)?)
    } else {
        None
    };
    let optional_data = [strip_fillers(opt1), strip_fillers(opt2)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");

    Ok(Mrz {
        format: MrzFormat::Td1,
        document_code,
        issuing_state,
        document_number,
        surname,
        given_names,
        nationality,
        birth_date,
        sex,
        expiry_date,
        optional_data,
        fin,
        corrections: std::mem::take(&mut zone.corrections),
    })
}

fn parse_td3(zone: &mut Zone, today: NaiveDate) -> Result<Mrz, MrzError> {
    let document_code = code_of(zone.bytes(0, 0, 2));
    if zone.byte(0, 0) != b'P' {
        return Err(MrzError::UnknownDocumentCode {
            found: document_code,
        });
    }
    let issuing_state = code_of(zone.bytes(0, 2, 3));

    let document_number = zone.document_number(1, 0, false)?;
    let birth = zone.numeric_field(MrzField::BirthDate, 1, 13, 19)?;
    let expiry = zone.numeric_field(MrzField::ExpiryDate, 1, 21, 27)?;
    personal_number_check(zone)?;
    zone.composite(1, 43, &[(1, 0, 10), (1, 13, 7), (1, 21, 22)])?;

    let birth_date = birth_date(&birth, today)?;
    let expiry_date = expiry_date(&expiry, today)?;
    if expiry_date < birth_date {
        return Err(MrzError::ExpiryBeforeBirth {
            birth: birth_date,
            expiry: expiry_date,
        });
    }
    let sex = sex(zone.byte(1, 20))?;
    let nationality = code_of(zone.bytes(1, 10, 3));
    let (surname, given_names) = names(zone, 0, 5, TD3_LINE - 5)?;
    let optional_data = strip_fillers(zone.bytes(1, 28, 14));
    // Azerbaijani passports carry the FİN as the personal number; other passports may carry
    // anything there, and a passport without one is not damaged.
    let fin =
        (issuing_state == "AZE" && is_fin(optional_data.as_bytes())).then(|| optional_data.clone());

    Ok(Mrz {
        format: MrzFormat::Td3,
        document_code,
        issuing_state,
        document_number,
        surname,
        given_names,
        nationality,
        birth_date,
        sex,
        expiry_date,
        optional_data,
        fin,
        corrections: std::mem::take(&mut zone.corrections),
    })
}

/// TD3 personal number (line 2, 29–42) and its check digit (43), which may be `<` (or 0) when
/// the field is empty.
fn personal_number_check(zone: &mut Zone) -> Result<(), MrzError> {
    let field = MrzField::PersonalNumber;
    let empty = zone.bytes(1, 28, 14).iter().all(|&b| b == FILLER);
    if empty && zone.byte(1, 42) == FILLER {
        return Ok(());
    }
    let pending = zone.force_digits(field, 1, [42])?;
    let check = pending.first().map_or(zone.byte(1, 42), |&(_, _, to)| to);
    if check_byte([zone.bytes(1, 28, 14)]) != check {
        return Err(MrzError::CheckDigit {
            field,
            line: 2,
            column: 43,
        });
    }
    zone.apply(&pending);
    Ok(())
}

/// Birth dates are never in the future: the latest century that does not put the date after
/// `today` (with `today` in 2026: 95 → 1995, 10 → 2010, 30 → 1930).
fn birth_date(digits: &[u8; 6], today: NaiveDate) -> Result<NaiveDate, MrzError> {
    let (yy, month, day) = yymmdd(digits);
    let century = today.year() - today.year().rem_euclid(100);
    [century + yy, century - 100 + yy]
        .into_iter()
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .find(|date| *date <= today)
        .ok_or_else(|| impossible(MrzField::BirthDate, digits))
}

/// Expiry dates: the century that puts the date nearest to `today` — within 50 years either way;
/// documents are valid for 10–20 years, and a card long expired must still read as expired.
fn expiry_date(digits: &[u8; 6], today: NaiveDate) -> Result<NaiveDate, MrzError> {
    let (yy, month, day) = yymmdd(digits);
    let century = today.year() - today.year().rem_euclid(100);
    [century - 100 + yy, century + yy, century + 100 + yy]
        .into_iter()
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        // Nearest first; of two equally near, the later.
        .min_by_key(|date| ((*date - today).num_days().abs(), std::cmp::Reverse(*date)))
        .ok_or_else(|| impossible(MrzField::ExpiryDate, digits))
}

fn yymmdd(digits: &[u8; 6]) -> (i32, u32, u32) {
    let two = |i: usize| u32::from(digits[i] - b'0') * 10 + u32::from(digits[i + 1] - b'0');
    (two(0) as i32, two(2), two(4))
}

fn impossible(field: MrzField, digits: &[u8; 6]) -> MrzError {
    MrzError::ImpossibleDate {
        field,
        value: String::from_utf8_lossy(digits).into_owned(),
    }
}

fn sex(b: u8) -> Result<Sex, MrzError> {
    match b {
        b'M' => Ok(Sex::Male),
        b'F' => Ok(Sex::Female),
        b'<' | b'X' => Ok(Sex::Unspecified),
        other => Err(MrzError::InvalidSex {
            found: char::from(other),
        }),
    }
}

/// `SURNAME<<GIVEN<NAMES<<<…`: the surname up to the first `<<`, given names split at `<`.
fn names(zone: &Zone, line: usize, start: usize, len: usize) -> Result<(String, String), MrzError> {
    let field = zone.bytes(line, start, len);
    if let Some(i) = field.iter().position(u8::is_ascii_digit) {
        return Err(MrzError::DigitInName {
            line: line + 1,
            column: start + i + 1,
            found: char::from(field[i]),
        });
    }
    if field.first() == Some(&FILLER) {
        return Err(MrzError::EmptySurname { line: line + 1 });
    }
    let split = field
        .windows(2)
        .position(|w| w == b"<<")
        .ok_or(MrzError::MissingNameSeparator { line: line + 1 })?;
    let words = |bytes: &[u8]| {
        bytes
            .split(|&b| b == FILLER)
            .filter(|w| !w.is_empty())
            .map(|w| String::from_utf8_lossy(w).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    Ok((words(&field[..split]), words(&field[split + 2..])))
}

fn is_fin(bytes: &[u8]) -> bool {
    bytes.len() == 7
        && bytes
            .iter()
            .all(|&b| (b.is_ascii_uppercase() || b.is_ascii_digit()) && b != b'I' && b != b'O')
}

/// The FİN of an Azerbaijani ID card: the first FİN-shaped item (7 letters and digits, no I or
/// O) of the optional data, line 1's (after the continuation of a long document number) before
/// line 2's.
///
/// Not at fixed columns, because where the current card prints it is not confirmed (see the
/// module docs); a card whose optional data holds no FİN-shaped item is refused, naming what is
/// there.
fn fin_of_id_card(line1: &[u8], line2: &[u8]) -> Result<String, MrzError> {
    let items: Vec<&[u8]> = [line1, line2]
        .into_iter()
        .flat_map(|bytes| bytes.split(|&b| b == FILLER))
        .filter(|item| !item.is_empty())
        .collect();
    let text = |item: &[u8]| String::from_utf8_lossy(item).into_owned();
    if let Some(fin) = items.iter().find(|item| is_fin(item)) {
        return Ok(text(fin));
    }
    // The item most likely to be a damaged FİN: one of its length, else the first.
    let damaged = items
        .iter()
        .find(|item| item.len() == 7)
        .or(items.first())
        .ok_or(MrzError::FinMissing)?;
    Err(MrzError::FinMalformed {
        found: text(damaged),
    })
}

/// A name as ICAO 9303-3 (6.A) writes it in the MRZ, in the Azerbaijani practice: Ə→A, Ö→O,
/// Ü→U, Ç→C, Ş→S, Ğ→G, İ/ı/i→I, upper case; hyphens and spaces separate parts (returned as single
/// spaces); apostrophes and anything else that is not a Latin letter are left out. Use it to
/// compare a registry name with an MRZ one: `ƏLİYEV` → `ALIYEV`, `GÖHƏR` → `GOHAR`.
pub fn transliterate_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let mapped = match c {
            'Ə' | 'ə' => Some('A'),
            'Ö' | 'ö' => Some('O'),
            'Ü' | 'ü' => Some('U'),
            'Ç' | 'ç' => Some('C'),
            'Ş' | 'ş' => Some('S'),
            'Ğ' | 'ğ' => Some('G'),
            'İ' | 'ı' => Some('I'),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_uppercase()),
            c if c.is_whitespace() || c == '-' || c == '<' => Some(' '),
            _ => None,
        };
        if let Some(m) = mapped {
            out.push(m);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A code or number field for the encoder: upper case, MRZ characters, anything else a filler.
fn mrz_field(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| {
            let c = c.to_ascii_uppercase();
            if c.is_ascii_uppercase() || c.is_ascii_digit() {
                c as u8
            } else {
                FILLER
            }
        })
        .collect()
}

fn padded(mut bytes: Vec<u8>, width: usize) -> Vec<u8> {
    bytes.truncate(width);
    bytes.resize(width, FILLER);
    bytes
}

fn date_digits(date: NaiveDate) -> Vec<u8> {
    let yy = date.year().rem_euclid(100) as u32;
    format!("{yy:02}{:02}{:02}", date.month(), date.day()).into_bytes()
}

fn sex_byte(sex: Sex) -> u8 {
    match sex {
        Sex::Male => b'M',
        Sex::Female => b'F',
        Sex::Unspecified => FILLER,
    }
}

/// `SURNAME<<GIVEN<NAMES`, filled to `width`. Too long a name is cut at the end (given names
/// first; the surname keeps room for `<<`): simpler than ICAO's truncation rules, enough for
/// the simulator and the tests.
fn name_field(surname: &str, given_names: &str, width: usize) -> Vec<u8> {
    let part = |s: &str| transliterate_name(s).replace(' ', "<").into_bytes();
    let mut out = part(surname);
    out.truncate(width.saturating_sub(2));
    out.extend_from_slice(b"<<");
    out.extend(part(given_names));
    padded(out, width)
}

/// Builds a TD1 (ID card) zone: three lines of 30 joined by `\n`, every check digit computed.
/// Fields that do not fit are cut; characters an MRZ cannot hold become fillers.
pub fn encode_td1(fields: &MrzFields) -> String {
    let number = mrz_field(&fields.document_number);
    let mut line1 = padded(mrz_field(&fields.document_code), 2);
    line1.extend(padded(mrz_field(&fields.issuing_state), 3));
    // The continuation of a long number: the rest of it, its check digit, a filler.
    let mut continuation = Vec::new();
    if number.len() <= 9 {
        let number = padded(number, 9);
        let check = check_byte([&number[..]]);
        line1.extend(number);
        line1.push(check);
    } else {
        let mut number = number;
        number.truncate(9 + 14);
        line1.extend_from_slice(&number[..9]);
        line1.push(FILLER);
        continuation.extend_from_slice(&number[9..]);
        continuation.push(check_byte([&number[..]]));
        if continuation.len() < 15 {
            continuation.push(FILLER);
        }
    }
    let room1 = 15 - continuation.len();
    let (opt1, opt2) = match fields.optional_data.split_once(' ') {
        Some((a, b)) => (a, b),
        None if fields.optional_data.len() > room1 && fields.optional_data.len() <= 11 => {
            ("", fields.optional_data.as_str())
        }
        None => (fields.optional_data.as_str(), ""),
    };
    line1.extend(continuation);
    line1.extend(padded(mrz_field(opt1), room1));

    let birth = date_digits(fields.birth_date);
    let expiry = date_digits(fields.expiry_date);
    let mut line2 = birth.clone();
    line2.push(check_byte([&birth[..]]));
    line2.push(sex_byte(fields.sex));
    line2.extend_from_slice(&expiry);
    line2.push(check_byte([&expiry[..]]));
    line2.extend(padded(mrz_field(&fields.nationality), 3));
    line2.extend(padded(mrz_field(opt2), 11));
    let composite = check_byte([&line1[5..30], &line2[0..7], &line2[8..15], &line2[18..29]]);
    line2.push(composite);

    let line3 = name_field(&fields.surname, &fields.given_names, TD1_LINE);
    join_lines(&[line1, line2, line3])
}

/// Builds a TD3 (passport) zone: two lines of 44 joined by `\n`, every check digit computed; the
/// personal number is [`MrzFields::optional_data`].
pub fn encode_td3(fields: &MrzFields) -> String {
    let mut line1 = padded(mrz_field(&fields.document_code), 2);
    line1.extend(padded(mrz_field(&fields.issuing_state), 3));
    line1.extend(name_field(
        &fields.surname,
        &fields.given_names,
        TD3_LINE - 5,
    ));

    let mut line2 = padded(mrz_field(&fields.document_number), 9);
    line2.push(check_byte([&line2[..]]));
    line2.extend(padded(mrz_field(&fields.nationality), 3));
    let birth = date_digits(fields.birth_date);
    line2.extend_from_slice(&birth);
    line2.push(check_byte([&birth[..]]));
    line2.push(sex_byte(fields.sex));
    let expiry = date_digits(fields.expiry_date);
    line2.extend_from_slice(&expiry);
    line2.push(check_byte([&expiry[..]]));
    let personal = padded(mrz_field(&fields.optional_data), 14);
    let personal_check = if personal.iter().all(|&b| b == FILLER) {
        FILLER
    } else {
        check_byte([&personal[..]])
    };
    line2.extend(personal);
    line2.push(personal_check);
    let composite = check_byte([&line2[0..10], &line2[13..20], &line2[21..43]]);
    line2.push(composite);
    join_lines(&[line1, line2])
}

fn join_lines(lines: &[Vec<u8>]) -> String {
    lines
        .iter()
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}
