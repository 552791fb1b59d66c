//! Application numbers and the payload of the notice barcode.
//!
//! The seed's notice (Şəkil 7) carries the barcode `030400000610704`, which reads as
//! `0304` · `0000061` · `0704`: the day and month the application was **created**, the 7-digit
//! **application number**, and the day and month of the **reception**. [`BarcodePayload`] encodes
//! and decodes exactly that 15-digit string.
//!
//! # The number on the screens and the number in the barcode
//!
//! The seed's screens show the same application 61 as `10000061` (the notice, Şəkil 7, and the
//! history list, Şəkil 8) and as `100000061` (the details and search screens, Şəkil 9 and 10),
//! while its barcode carries `0000061`. The displayed number is the **series prefix `1`**
//! followed by the application number zero-padded to 7 digits ([`ApplicationNumber::displayed`],
//! `10000061`); Şəkil 9 and 10 pad the same number to 8 digits (`1` · `00000061`). The series is
//! not in the barcode, whose 7 digits are the number alone: the second seed application
//! (ŞAHBAZOV, created 03.04, reception 08.04) is `10000062` on screen and `030400000620804` in its
//! barcode. A receptionist may type any of these forms ([`ApplicationNumber::from_str`]):
//!
//! - 1 to 7 digits: the number itself, leading zeros or not (`61`, `0000061`);
//! - 8 digits starting with `1`: the displayed form (`10000061`);
//! - 9 digits starting with `1`: the displayed form padded to 8 (`100000061`).
//!
//! Anything else of 8 or more digits (`00000061`, `20000061`) is refused rather than guessed at.
//!
//! ```
//! use chrono::NaiveDate;
//! use qebul_core::numbering::{ApplicationNumber, BarcodePayload};
//!
//! let created = NaiveDate::from_ymd_opt(2015, 4, 3).unwrap();
//! let reception = NaiveDate::from_ymd_opt(2015, 4, 7).unwrap();
//! let number = ApplicationNumber::new(61).unwrap();
//! let payload = BarcodePayload::new(number, created, reception);
//! assert_eq!(payload.encode(), "030400000610704");
//!
//! let read = BarcodePayload::decode("030400000610704").unwrap();
//! assert_eq!(read.number().get(), 61);
//! assert_eq!((read.reception().day(), read.reception().month()), (7, 4));
//! ```
//!
//! # Decisions
//!
//! - **Number zero is refused.** Numbers start at 1; `0000000` is what an unfilled or misprinted
//!   field looks like, so a payload carrying it is refused as malformed.
//! - **Past 9,999,999 nothing wraps.** The payload has room for 7 digits, so
//!   [`ApplicationNumber::MAX`] is 9,999,999. [`ApplicationNumber::new`] refuses a larger value and
//!   [`ApplicationNumber::next`] after the last one returns [`NumberError::Exhausted`], whose message
//!   names the limit and what the operator must do (start a new number series on the central server,
//!   and with it a new barcode format version). Wrapping silently to 1 would give two notices that
//!   may both still be honoured the same barcode, so the kiosk stops issuing numbers instead of
//!   guessing. At the seed's pace (61 applications by April) the limit is centuries away for one
//!   authority, but the check costs nothing.
//! - **The year is not in the payload.** A day and month are checked against a leap year, so
//!   29.02 is accepted and 30.02, 31.04 or 00.05 are refused. A reception month earlier than the
//!   creation month is accepted too (an application made on 28.12 for 05.01): the full dates come
//!   from the booking that the number identifies.
//! - **Surrounding whitespace is ignored** by [`BarcodePayload::decode`], because keyboard-wedge
//!   scanners end a read with Enter; any other character is refused with its position.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// An application (booking) number: 1 to [`ApplicationNumber::MAX`], 7 digits on the notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApplicationNumber(u32);

impl ApplicationNumber {
    /// The first number of a series.
    pub const FIRST: ApplicationNumber = ApplicationNumber(1);
    /// The largest number the barcode's 7 digits can carry.
    pub const MAX: u32 = 9_999_999;
    /// How many digits the barcode gives the number.
    pub const DIGITS: usize = 7;

    /// A number in 1..=9,999,999; zero and anything larger are refused.
    pub fn new(n: u32) -> Result<Self, NumberError> {
        match n {
            0 => Err(NumberError::Zero),
            n if n > Self::MAX => Err(NumberError::TooLarge { found: n }),
            n => Ok(ApplicationNumber(n)),
        }
    }

    /// The number as an integer.
    pub fn get(self) -> u32 {
        self.0
    }

    /// The series prefix the screens show before the 7 digits (module doc).
    pub const SERIES: char = '1';

    /// The number as screens and notices show it: the series prefix, then the 7 digits:
    /// `10000061`.
    pub fn displayed(self) -> String {
        format!("{}{self}", Self::SERIES)
    }

    /// The number that follows this one, or [`NumberError::Exhausted`] after 9,999,999.
    pub fn next(self) -> Result<Self, NumberError> {
        if self.0 >= Self::MAX {
            Err(NumberError::Exhausted)
        } else {
            Ok(ApplicationNumber(self.0 + 1))
        }
    }
}

/// The 7-digit form the barcode carries: `0000061`. Screens and notices show
/// [`ApplicationNumber::displayed`] (`10000061`).
impl fmt::Display for ApplicationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:07}", self.0)
    }
}

/// Reads a typed number, surrounding whitespace ignored: `61` or `0000061` (1 to 7 ASCII digits),
/// or a displayed form, the series prefix `1` then 7 or 8 digits: `10000061`, `100000061`.
impl FromStr for ApplicationNumber {
    type Err = NumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let unreadable = || NumberError::Unreadable(s.to_owned());
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(unreadable());
        }
        let number = match s.len() {
            n if n <= Self::DIGITS => s,
            n if n <= Self::DIGITS + 2 => s.strip_prefix(Self::SERIES).ok_or_else(unreadable)?,
            _ => return Err(unreadable()),
        };
        // At most 8 ASCII digits: always fits in a u32.
        Self::new(number.parse().map_err(|_| unreadable())?)
    }
}

/// Why a number cannot be an application number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("application number 0 does not exist: numbers start at 1")]
    Zero,
    #[error("application number {found} is larger than 9999999, the most the notice barcode's 7 digits can carry")]
    TooLarge { found: u32 },
    #[error(
        "application numbers are exhausted: 9999999 is the last one the notice barcode's 7 digits can carry; \
         the operator must start a new number series on the central server before more bookings are taken"
    )]
    Exhausted,
    #[error(
        "{0:?} is not an application number: write 1 to 7 digits (61, 0000061) \
         or the number as screens show it (10000061, 100000061)"
    )]
    Unreadable(String),
}

/// A day and month without a year, as the barcode carries them. Always a day that exists in a
/// leap year: 29.02 is valid, 30.02 is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DayMonth {
    // Field order gives month-then-day ordering.
    month: u8,
    day: u8,
}

impl DayMonth {
    /// A day and month that can exist (in a leap year), or `None`.
    pub fn new(day: u32, month: u32) -> Option<Self> {
        let last = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 => 29,
            _ => return None,
        };
        (1..=last).contains(&day).then_some(DayMonth {
            day: day as u8,
            month: month as u8,
        })
    }

    /// The day and month of a date.
    pub fn of(date: NaiveDate) -> Self {
        DayMonth {
            day: date.day() as u8,
            month: date.month() as u8,
        }
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }
}

/// `03.04`, as notices write a day and month.
impl fmt::Display for DayMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}.{:02}", self.day, self.month)
    }
}

/// The notice barcode's content: creation day+month, application number, reception day+month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BarcodePayload {
    created: DayMonth,
    number: ApplicationNumber,
    reception: DayMonth,
}

impl BarcodePayload {
    /// The payload is always this many ASCII digits.
    pub const LEN: usize = 15;

    /// The payload for an application made on `created` for a reception on `reception`.
    pub fn new(number: ApplicationNumber, created: NaiveDate, reception: NaiveDate) -> Self {
        BarcodePayload {
            created: DayMonth::of(created),
            number,
            reception: DayMonth::of(reception),
        }
    }

    pub fn created(&self) -> DayMonth {
        self.created
    }

    pub fn number(&self) -> ApplicationNumber {
        self.number
    }

    pub fn reception(&self) -> DayMonth {
        self.reception
    }

    /// The 15 digits to print: `DDMM` `NNNNNNN` `DDMM`.
    pub fn encode(&self) -> String {
        format!(
            "{:02}{:02}{}{:02}{:02}",
            self.created.day,
            self.created.month,
            self.number,
            self.reception.day,
            self.reception.month
        )
    }

    /// Reads a scanned or typed payload, refusing anything malformed with the reason.
    pub fn decode(input: &str) -> Result<Self, BarcodeError> {
        let s = input.trim();
        let len = s.chars().count();
        if len != Self::LEN {
            return Err(BarcodeError::WrongLength { found: len });
        }
        if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(BarcodeError::NotADigit {
                position: i + 1,
                found: c,
            });
        }
        // All ASCII digits from here on, so byte slicing is safe.
        let num = |range: std::ops::Range<usize>| -> u32 {
            s[range].parse().expect("ASCII digits checked above")
        };
        let day_month = |part: Part, at: usize| {
            let (day, month) = (num(at..at + 2), num(at + 2..at + 4));
            DayMonth::new(day, month).ok_or(BarcodeError::ImpossibleDate { part, day, month })
        };
        let created = day_month(Part::Created, 0)?;
        let number = match num(4..11) {
            0 => return Err(BarcodeError::ZeroNumber),
            n => ApplicationNumber(n),
        };
        let reception = day_month(Part::Reception, 11)?;
        Ok(BarcodePayload {
            created,
            number,
            reception,
        })
    }
}

impl fmt::Display for BarcodePayload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

impl FromStr for BarcodePayload {
    type Err = BarcodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::decode(s)
    }
}

/// Which day+month of the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Digits 1–4: when the application was made.
    Created,
    /// Digits 12–15: the reception day.
    Reception,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Created => "creation date (digits 1-4)",
            Part::Reception => "reception date (digits 12-15)",
        })
    }
}

/// Why a scanned or typed text is not a notice barcode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BarcodeError {
    #[error("a notice barcode has 15 digits, this has {found} characters")]
    WrongLength { found: usize },
    #[error("a notice barcode has only digits: character {position} is {found:?}")]
    NotADigit { position: usize, found: char },
    #[error("the {part} reads {day:02}.{month:02}, a day that does not exist")]
    ImpossibleDate { part: Part, day: u32, month: u32 },
    #[error("application number 0000000 does not exist: numbers start at 1")]
    ZeroNumber,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn seed_barcode_reads_as_3_april_number_61_for_7_april() {
        let p = BarcodePayload::decode("030400000610704").unwrap();
        assert_eq!(p.created().to_string(), "03.04");
        assert_eq!(p.number().get(), 61);
        assert_eq!(p.number().to_string(), "0000061");
        assert_eq!(p.reception().to_string(), "07.04");
    }

    #[test]
    fn seed_application_encodes_to_the_seed_barcode() {
        let p = BarcodePayload::new(
            ApplicationNumber::new(61).unwrap(),
            date(2015, 4, 3),
            date(2015, 4, 7),
        );
        assert_eq!(p.encode(), "030400000610704");
        assert_eq!(p.to_string(), "030400000610704");
        assert_eq!("030400000610704".parse::<BarcodePayload>(), Ok(p));
    }

    #[test]
    fn scanner_enter_after_the_digits_is_ignored() {
        assert!(BarcodePayload::decode(" 030400000610704\r\n").is_ok());
    }

    #[test]
    fn too_short_or_too_long_barcode_is_refused_with_its_length() {
        for (input, found) in [("", 0), ("03040000061070", 14), ("0304000006107041", 16)] {
            assert_eq!(
                BarcodePayload::decode(input),
                Err(BarcodeError::WrongLength { found }),
                "{input:?}"
            );
        }
        // Counted in characters, not bytes.
        assert_eq!(
            BarcodePayload::decode("03040000061070ə"),
            Err(BarcodeError::NotADigit {
                position: 15,
                found: 'ə'
            })
        );
    }

    #[test]
    fn letter_or_space_inside_barcode_is_refused_with_its_position() {
        assert_eq!(
            BarcodePayload::decode("0304000O0610704"),
            Err(BarcodeError::NotADigit {
                position: 8,
                found: 'O'
            })
        );
        assert_eq!(
            BarcodePayload::decode("0304 0000610704"),
            Err(BarcodeError::NotADigit {
                position: 5,
                found: ' '
            })
        );
        assert!(matches!(
            BarcodePayload::decode("-30400000610704"),
            Err(BarcodeError::NotADigit { position: 1, .. })
        ));
    }

    #[test]
    fn days_that_cannot_exist_are_refused() {
        let cases = [
            ("310200000610704", Part::Created, 31, 2),
            ("300200000610704", Part::Created, 30, 2),
            ("000500000610704", Part::Created, 0, 5),
            ("031300000610704", Part::Created, 3, 13),
            ("030000000610704", Part::Created, 3, 0),
            ("030400000613104", Part::Reception, 31, 4),
            ("030400000613206", Part::Reception, 32, 6),
            ("030400000610700", Part::Reception, 7, 0),
        ];
        for (input, part, day, month) in cases {
            assert_eq!(
                BarcodePayload::decode(input),
                Err(BarcodeError::ImpossibleDate { part, day, month }),
                "{input}"
            );
        }
    }

    #[test]
    fn twenty_ninth_of_february_is_accepted_without_a_year() {
        let p = BarcodePayload::decode("290200000610103").unwrap();
        assert_eq!(p.created().to_string(), "29.02");
        assert_eq!(p.reception().to_string(), "01.03");
    }

    #[test]
    fn reception_in_january_for_an_application_in_december_is_accepted() {
        let p = BarcodePayload::new(
            ApplicationNumber::new(5).unwrap(),
            date(2015, 12, 28),
            date(2016, 1, 5),
        );
        assert_eq!(p.encode(), "281200000050501");
        assert_eq!(BarcodePayload::decode("281200000050501"), Ok(p));
    }

    #[test]
    fn application_number_zero_is_refused() {
        assert_eq!(
            BarcodePayload::decode("030400000000704"),
            Err(BarcodeError::ZeroNumber)
        );
        assert_eq!(ApplicationNumber::new(0), Err(NumberError::Zero));
    }

    #[test]
    fn numbers_stop_at_9999999_instead_of_wrapping() {
        let last = ApplicationNumber::new(9_999_999).unwrap();
        assert_eq!(last.to_string(), "9999999");
        assert_eq!(last.next(), Err(NumberError::Exhausted));
        let msg = NumberError::Exhausted.to_string();
        assert!(msg.contains("9999999") && msg.contains("operator"), "{msg}");
        assert_eq!(
            ApplicationNumber::new(10_000_000),
            Err(NumberError::TooLarge { found: 10_000_000 })
        );
        assert_eq!(ApplicationNumber::new(9_999_998).unwrap().next(), Ok(last));
        assert_eq!(ApplicationNumber::FIRST.next().unwrap().get(), 2);
    }

    #[test]
    fn application_number_is_typed_with_or_without_leading_zeros() {
        assert_eq!("61".parse::<ApplicationNumber>().unwrap().get(), 61);
        assert_eq!(" 0000061 ".parse::<ApplicationNumber>().unwrap().get(), 61);
        assert!("00000061".parse::<ApplicationNumber>().is_err());
        assert!("6l".parse::<ApplicationNumber>().is_err());
        assert!("".parse::<ApplicationNumber>().is_err());
        assert_eq!("0".parse::<ApplicationNumber>(), Err(NumberError::Zero));
    }

    #[test]
    fn seed_screens_numbers_are_the_barcodes_number_with_the_series_prefix() {
        let barcode = BarcodePayload::decode("030400000610704").unwrap().number();
        // Şəkil 7 and 8 show 10000061; Şəkil 9 and 10 show 100000061.
        for typed in ["10000061", "100000061", " 10000061\r\n", "0000061", "61"] {
            assert_eq!(typed.parse::<ApplicationNumber>(), Ok(barcode), "{typed:?}");
        }
        assert_eq!(barcode.displayed(), "10000061");
        assert_eq!(barcode.to_string(), "0000061");
    }

    #[test]
    fn second_seed_application_sahbazov_reads_as_3_april_number_62_for_8_april() {
        let p = BarcodePayload::decode("030400000620804").unwrap();
        assert_eq!(p.created().to_string(), "03.04");
        assert_eq!(p.number().get(), 62);
        assert_eq!(p.reception().to_string(), "08.04");
        assert_eq!(p.number().displayed(), "10000062");
        for typed in ["10000062", "100000062", "0000062", "62"] {
            assert_eq!(
                typed.parse::<ApplicationNumber>(),
                Ok(p.number()),
                "{typed:?}"
            );
        }
        let made = BarcodePayload::new(
            ApplicationNumber::new(62).unwrap(),
            date(2015, 4, 3),
            date(2015, 4, 8),
        );
        assert_eq!(made.encode(), "030400000620804");
        assert_eq!(made, p);
    }

    #[test]
    fn long_numbers_without_the_series_prefix_are_refused() {
        for typed in [
            "00000061",
            "20000061",
            "200000061",
            "010000061",
            "1000000061",
            "10000061x",
            "1 0000061",
        ] {
            assert!(
                matches!(
                    typed.parse::<ApplicationNumber>(),
                    Err(NumberError::Unreadable(_))
                ),
                "{typed:?}"
            );
        }
        assert_eq!(
            "10000000".parse::<ApplicationNumber>(),
            Err(NumberError::Zero)
        );
        assert_eq!(
            "100000000".parse::<ApplicationNumber>(),
            Err(NumberError::Zero)
        );
        assert_eq!(
            "110000000".parse::<ApplicationNumber>(),
            Err(NumberError::TooLarge { found: 10_000_000 })
        );
        let msg = NumberError::Unreadable("x".into()).to_string();
        assert!(msg.contains("10000061"), "{msg}");
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        // 2000-01-01 plus up to ~100 years, leap days included.
        (0u64..36_600).prop_map(|d| date(2000, 1, 1) + chrono::Days::new(d))
    }

    fn any_day_month() -> impl Strategy<Value = (u32, u32)> {
        (1u32..=12, 1u32..=31).prop_filter_map("day exists", |(m, d)| {
            DayMonth::new(d, m).map(|dm| (dm.day(), dm.month()))
        })
    }

    proptest! {
        #[test]
        fn barcode_round_trips_for_every_number_and_date(
            n in 1u32..=ApplicationNumber::MAX,
            created in any_date(),
            reception in any_date(),
        ) {
            let number = ApplicationNumber::new(n).unwrap();
            let p = BarcodePayload::new(number, created, reception);
            let text = p.encode();
            prop_assert_eq!(text.len(), BarcodePayload::LEN);
            prop_assert!(text.bytes().all(|b| b.is_ascii_digit()));
            let back = BarcodePayload::decode(&text).unwrap();
            prop_assert_eq!(back, p);
            prop_assert_eq!(back.number().get(), n);
            prop_assert_eq!((back.created().day(), back.created().month()), (created.day(), created.month()));
            prop_assert_eq!((back.reception().day(), back.reception().month()), (reception.day(), reception.month()));
        }

        #[test]
        fn every_valid_barcode_text_decodes_and_encodes_back(
            (cd, cm) in any_day_month(),
            n in 1u32..=ApplicationNumber::MAX,
            (rd, rm) in any_day_month(),
        ) {
            let text = format!("{cd:02}{cm:02}{n:07}{rd:02}{rm:02}");
            let p = BarcodePayload::decode(&text).unwrap();
            prop_assert_eq!(p.encode(), text);
        }

        #[test]
        fn decoder_never_panics_on_any_text(s in "\\PC{0,20}") {
            let _ = BarcodePayload::decode(&s);
        }

        /// Fifteen digits always pass the length and digit checks, so this reaches the date and
        /// number checks; the second pattern makes days and months that exist common enough.
        #[test]
        fn any_fifteen_digits_decode_and_encode_back_or_fail_on_a_date_or_the_number(
            text in prop_oneof!["[0-9]{15}", "[0-3][0-9][01][0-9][0-9]{7}[0-3][0-9][01][0-9]"],
        ) {
            let digits = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap();
            match BarcodePayload::decode(&text) {
                Ok(p) => {
                    prop_assert_eq!(p.encode(), text.clone());
                    prop_assert_eq!(p.number().get(), digits(4..11));
                }
                Err(BarcodeError::ImpossibleDate { part, day, month }) => {
                    let at = match part {
                        Part::Created => 0,
                        Part::Reception => 11,
                    };
                    prop_assert_eq!((day, month), (digits(at..at + 2), digits(at + 2..at + 4)));
                    prop_assert!(DayMonth::new(day, month).is_none());
                }
                Err(BarcodeError::ZeroNumber) => prop_assert_eq!(&text[4..11], "0000000"),
                Err(e) => prop_assert!(false, "{text}: unexpected {e:?}"),
            }
        }

        #[test]
        fn every_displayed_form_reads_back_as_the_same_number(n in 1u32..=ApplicationNumber::MAX) {
            let number = ApplicationNumber::new(n).unwrap();
            for typed in [number.displayed(), format!("1{n:08}"), number.to_string(), n.to_string()] {
                prop_assert_eq!(typed.parse::<ApplicationNumber>(), Ok(number), "{}", typed);
            }
        }
    }
}
