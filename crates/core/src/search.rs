//! The history screen's search (seed, Şəkil 8 and 10): a date typed "in any format", an official,
//! a status; "AXTAR" runs it.
//!
//! ```
//! use chrono::NaiveDate;
//! use qebul_core::search::{parse_date, HistoryQuery, StatusFilter};
//!
//! let today = NaiveDate::from_ymd_opt(2015, 4, 10).unwrap();
//! let third = NaiveDate::from_ymd_opt(2015, 4, 3).unwrap();
//! // Day first, always: 3-4-2015 is the 3rd of April.
//! assert_eq!(parse_date("3-4-2015", today).unwrap().first, third);
//!
//! let q = HistoryQuery::parse(
//!     "3-4-2015",
//!     "isgenderov sahin",
//!     "Bağlanmış müraciətlər",
//!     today,
//! )
//! .unwrap();
//! assert_eq!(q.status, Some(StatusFilter::Closed));
//! ```
//!
//! # Accepted dates
//!
//! Separators may be `.` `/` `\` `,`, spaces or any dash ([`text::is_dash`]: `-` `‐` `‑` `‒` `–`
//! `—` `−`), in any mix; month names are Azerbaijani,
//! Russian (nominative or genitive) or English, full or abbreviated to three letters or more, in
//! any case, with or without diacritics; English ordinals (`3rd`), Azerbaijani suffixes (`3-cü`,
//! `2015-ci il`) and Russian `г.`/`года` are ignored.
//!
//! | written | means |
//! |---|---|
//! | `3-4-2015`, `03.04.2015`, `3/4/2015`, `3.4.15` | that day, **day first** |
//! | `2015-04-03`, `2015.4.3`, `2015/04/03` | that day, year first (four-digit year) |
//! | `03042015`, `030415`, `20150403` | that day (ddmmyyyy, ddmmyy, yyyymmdd) |
//! | `3 aprel 2015`, `3 апреля 2015`, `3 April 2015`, `April 3, 2015`, `07 APREL 2015`, `2015 aprel 3` | that day |
//! | `3.4`, `3 aprel`, `April 3` | that day in today's year |
//! | `aprel 2015`, `апрель 2015`, `April 2015`, `04.2015`, `2015-04` | the whole month |
//! | `aprel` | the whole month in today's year |
//! | `2015` | the whole year |
//! | `bu gün`, `сегодня`, `today`; `dünən`, `вчера`, `yesterday`; `sabah`, `завтра`, `tomorrow` | that day |
//!
//! Two-digit years fall in the hundred years from 80 years before today's year to 19 years after
//! it: with today in 2026, `15` is 2015 and `46` is 1946. Four-digit years run from 1900 to 2199.
//! Anything else is an error ([`SearchError`], with a stable [`code`](SearchError::code) and the
//! arguments its message names; qebul-l10n's `search_error` words it in az, ru and en), and so
//! is an impossible date such as `31.02.2015`.

use chrono::{Datelike, Days, Month, NaiveDate};

use crate::text::{self, is_combining_mark, is_dash, loose_key, LooseQuery, Schwa};
use crate::Lang;

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateRange {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl DateRange {
    /// One day.
    pub fn day(date: NaiveDate) -> Self {
        DateRange {
            first: date,
            last: date,
        }
    }

    /// A whole month; `None` for a month outside 1..=12 or a year chrono cannot hold.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let last = first
            .checked_add_months(chrono::Months::new(1))?
            .pred_opt()?;
        Some(DateRange { first, last })
    }

    /// A whole year.
    pub fn year(year: i32) -> Option<Self> {
        Some(DateRange {
            first: NaiveDate::from_ymd_opt(year, 1, 1)?,
            last: NaiveDate::from_ymd_opt(year, 12, 31)?,
        })
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }

    /// The range in words, to show what was searched: `3 aprel 2015`, `апрель 2015`, `2015`,
    /// or `01.04.2015 – 10.04.2015`.
    pub fn describe(&self, lang: Lang) -> String {
        if self.first == self.last {
            return text::long_date(self.first, lang);
        }
        let (y, m) = (self.first.year(), self.first.month());
        if Some(*self) == DateRange::year(y) {
            return y.to_string();
        }
        if Some(*self) == DateRange::month(y, m) {
            let month = Month::try_from(m as u8).expect("a date's month is 1..=12");
            return text::month_year(y, month, lang);
        }
        format!(
            "{} – {}",
            text::numeric_date(self.first),
            text::numeric_date(self.last)
        )
    }
}

/// The status filter of the history screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusFilter {
    /// Applications still waiting for their reception ("Aktiv müraciətlər").
    Active,
    /// Closed applications ("Bağlanmış müraciətlər").
    Closed,
    /// Applications the citizen cancelled ("Ləğv edilmiş müraciətlər").
    Cancelled,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 3] = [
        StatusFilter::Active,
        StatusFilter::Closed,
        StatusFilter::Cancelled,
    ];

    /// The stable code: `active`, `closed`, `cancelled`. The label in the status list is
    /// qebul-l10n's `status_label` (message `status-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            StatusFilter::Active => "active",
            StatusFilter::Closed => "closed",
            StatusFilter::Cancelled => "cancelled",
        }
    }

    /// The filter whose [`code`](StatusFilter::code) this is.
    pub fn from_code(code: &str) -> Option<StatusFilter> {
        StatusFilter::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Whether an application of this class passes the filter.
    pub fn accepts(self, class: StatusFilter) -> bool {
        self == class
    }
}

/// Why a search could not run: a [`code`](SearchError::code) and the arguments of its message,
/// which qebul-l10n's `search_error` says to the user (message `search-<code>`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("{input:?} is not a date")]
    NotADate { input: String },
    #[error("{input:?}: there is no month {month}")]
    NoSuchMonth { input: String, month: u32 },
    #[error("{input:?}: there is no day {day} in {year}-{month:02}")]
    NoSuchDay {
        input: String,
        day: u32,
        month: u32,
        year: i32,
    },
    #[error("{input:?}: the year {year} is out of range (1900-2199)")]
    YearOutOfRange { input: String, year: i32 },
    #[error("{input:?} is not a status")]
    UnknownStatus { input: String },
}

impl SearchError {
    /// The stable code: `not-a-date`, `no-such-month`, `no-such-day`, `year-out-of-range`,
    /// `unknown-status`.
    pub fn code(&self) -> &'static str {
        match self {
            SearchError::NotADate { .. } => "not-a-date",
            SearchError::NoSuchMonth { .. } => "no-such-month",
            SearchError::NoSuchDay { .. } => "no-such-day",
            SearchError::YearOutOfRange { .. } => "year-out-of-range",
            SearchError::UnknownStatus { .. } => "unknown-status",
        }
    }

    /// What the user typed, as every message quotes it.
    pub fn input(&self) -> &str {
        match self {
            SearchError::NotADate { input }
            | SearchError::NoSuchMonth { input, .. }
            | SearchError::NoSuchDay { input, .. }
            | SearchError::YearOutOfRange { input, .. }
            | SearchError::UnknownStatus { input } => input,
        }
    }

    /// For [`SearchError::NoSuchDay`]: how many days the month has (its message says so).
    pub fn days_in_month(&self) -> Option<u32> {
        match self {
            SearchError::NoSuchDay { month, year, .. } => {
                DateRange::month(*year, *month).map(|r| r.last.day())
            }
            _ => None,
        }
    }
}

/// One row of the history list, as the search sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryEntry<'a> {
    /// When the citizen applied (Müraciət tarixi).
    pub applied_on: NaiveDate,
    /// The reception date (Qəbula yazılma tarixi).
    pub reception_date: NaiveDate,
    /// The official's full name, `SOYAD AD ATA-ADI OĞLU|QIZI`.
    pub official: &'a str,
    /// Which of the status list's classes the application is in.
    pub status: StatusFilter,
}

/// A parsed history search: every part is optional, and an entry must pass all that are set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryQuery {
    pub date: Option<DateRange>,
    pub official: Option<LooseQuery>,
    pub status: Option<StatusFilter>,
}

impl HistoryQuery {
    /// Parses the three fields of the history screen. An empty field (or the list's `--`) does
    /// not filter; a field that cannot be understood is an error, never an empty result.
    ///
    /// `today` must be the current date **in Asia/Baku**, as for [`parse_date`], which reads the
    /// date field with it ("bu gün", "3 aprel", "3.4.15").
    pub fn parse(
        date: &str,
        official: &str,
        status: &str,
        today: NaiveDate,
    ) -> Result<Self, SearchError> {
        let date = match date.trim() {
            "" => None,
            d => Some(parse_date(d, today)?),
        };
        let official = Some(LooseQuery::new(official)).filter(|q| !q.is_empty());
        let status = parse_status(status)?;
        Ok(HistoryQuery {
            date,
            official,
            status,
        })
    }

    /// Whether an entry passes. The date matches either the reception date or the application
    /// date: the seed's own example (Şəkil 10) types `3-4-2015`, the day the applications were
    /// made, into the field labelled "Qəbul tarixi".
    pub fn matches(&self, entry: &HistoryEntry<'_>) -> bool {
        self.date
            .is_none_or(|r| r.contains(entry.reception_date) || r.contains(entry.applied_on))
            && self
                .official
                .as_ref()
                .is_none_or(|q| q.matches(entry.official))
            && self.status.is_none_or(|s| s.accepts(entry.status))
    }
}

/// Words of the status field that name a status, folded by [`text::fold`] with `ə` as `e`:
/// every stem with every ending of its group, each compared with a *whole* word. Prefixes would
/// take a negated word for its positive: "bağlanmamış" (not closed) starts with "bağlan".
type Forms = &'static [(&'static [&'static str], &'static [&'static str])];

/// Endings of a Russian adjective or participle: "закрыт|ые", "завершённ|ых", "активн|ые".
const RU_LONG: &[&str] = &[
    "ый", "ая", "ое", "ые", "ых", "ым", "ыми", "ой", "ую", "ого", "ом", "ому",
];
/// Endings of its short form: "закрыт", "завершен|о", "активн|ы".
const RU_SHORT: &[&str] = &["", "а", "о", "ы"];

/// Closed: "Bağlanmış müraciətlər", "bağlı", "tamamlanıb", "Закрытые", "завершённые", "closed".
const CLOSED: Forms = &[
    (
        &["baglan", "qapan", "tamamlan"],
        &["mis", "mislar", "ib", "iblar", "di", "dilar", "an", "anlar"],
    ),
    (&["bagli", "qapali"], &["", "lar"]),
    (&["закрыт", "завершенн"], RU_LONG),
    (&["закрыт", "завершен"], RU_SHORT),
    (
        &[
            "closed",
            "close",
            "completed",
            "complete",
            "done",
            "finished",
        ],
        &[""],
    ),
];

/// Cancelled: "Ləğv edilmiş müraciətlər", "ləğv olunub", "Отменённые", "аннулированные",
/// "cancelled". "ləğv" alone names the status; the verb that follows it is [`CANCELLED_VERBS`].
const CANCELLED: Forms = &[
    (&["legv"], &["", "ler", "lar"]),
    (&["отмененн", "аннулированн"], RU_LONG),
    (&["отменен", "аннулирован"], RU_SHORT),
    (&["cancelled", "canceled", "cancel", "revoked"], &[""]),
];

/// The verb after "ləğv" ("edilmiş", "olunub"): no status of its own, but only affirmative
/// forms, so "ləğv edilməmiş" (not cancelled) is refused, never taken for "cancelled".
const CANCELLED_VERBS: Forms = &[(
    &["edil", "olun"],
    &[
        "mis", "mislar", "misler", "mus", "muslar", "ib", "ibler", "ub", "ublar", "en", "enler",
        "an", "anlar", "di", "diler", "du", "dular",
    ],
)];

/// Active: "Aktiv müraciətlər", "açıq", "gözləyən", "gözləmədə", "Активные", "open", "pending".
const ACTIVE: Forms = &[
    (&["aktiv", "aciq"], &["", "lar", "ler"]),
    (&["gozle"], &["yen", "yenler", "mede"]),
    (&["активн", "открыт"], RU_LONG),
    (&["открыт"], RU_SHORT),
    (&["активн"], &["а", "о", "ы"]),
    (
        &["ожидающ"],
        &["ий", "ая", "ее", "ие", "их", "им", "ими", "ую", "его"],
    ),
    (&["active", "open", "pending", "waiting"], &[""]),
];

/// Stems of words that name no status ("müraciətlər", "обращения", "applications"): these
/// nouns may be inflected freely, as a negation of them would not turn one status into the other.
const NEUTRAL_STEMS: &[&str] = &[
    "muraci",
    "обращ",
    "заявк",
    "applic",
    "booking",
    "request",
    "hamisi",
    "butun",
    "любы",
    "любо",
];

/// Whole words that name no status.
const NEUTRAL_WORDS: &[&str] = &[
    "all", "any", "все", "ve", "ya", "olan", "and", "or", "и", "или",
];

fn is_form(word: &str, forms: Forms) -> bool {
    forms.iter().any(|(stems, endings)| {
        stems.iter().any(|stem| {
            word.strip_prefix(stem)
                .is_some_and(|ending| endings.contains(&ending))
        })
    })
}

/// Reads the status field: `Ok(None)` for no filter (empty, `--`, "hamısı", "все", "all").
///
/// Status words are matched as whole words (the labels of qebul-l10n's `status_label`, and
/// their common inflections), in any case and with or without diacritics. A negated status is
/// refused, never guessed: "bağlanmamış", "tamamlanmamış", "aktiv olmayan", "не закрытые",
/// "незакрытые", "not closed" and "inactive" are [`SearchError::UnknownStatus`], whose message asks
/// to choose active or closed applications.
pub fn parse_status(input: &str) -> Result<Option<StatusFilter>, SearchError> {
    let folded = text::fold(input, Schwa::AsE);
    let (mut closed, mut active, mut cancelled) = (false, false, false);
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if is_form(word, CLOSED) {
            closed = true;
        } else if is_form(word, ACTIVE) {
            active = true;
        } else if is_form(word, CANCELLED) {
            cancelled = true;
        } else {
            let says_nothing = NEUTRAL_WORDS.contains(&word)
                || NEUTRAL_STEMS.iter().any(|s| word.starts_with(s))
                || (cancelled && is_form(word, CANCELLED_VERBS));
            if !says_nothing {
                return Err(SearchError::UnknownStatus {
                    input: input.trim().to_owned(),
                });
            }
        }
    }
    Ok(match (closed, active, cancelled) {
        (true, false, false) => Some(StatusFilter::Closed),
        (false, true, false) => Some(StatusFilter::Active),
        (false, false, true) => Some(StatusFilter::Cancelled),
        _ => None,
    })
}

/// A letter of a word, or a combining mark on one (decomposed input).
fn is_letter(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// A number and how many digits it was written with.
    Num(u32, usize),
    Month(u32),
}

/// Words that may stand next to a date's parts and mean nothing for it (folded as `loose_key`
/// folds): English ordinals, Azerbaijani ordinal suffixes and "il", Russian "г."/"года".
const NOISE: &[&str] = &[
    "st", "nd", "rd", "th", "of", "the", "ci", "cu", "il", "ili", "ilin", "г", "го", "год", "года",
];

/// Relative days: (spelling with spaces removed, folded; days from today).
const RELATIVE: &[(&str, i8)] = &[
    ("bugun", 0),
    ("сегодня", 0),
    ("today", 0),
    ("dunən", -1),
    ("dunen", -1),
    ("вчера", -1),
    ("yesterday", -1),
    ("sabah", 1),
    ("завтра", 1),
    ("tomorrow", 1),
];

/// Parses a date typed "in any format" into the days it stands for (see the module docs for the
/// accepted forms). `today` gives meaning to "bu gün", to dates without a year and to two-digit
/// years.
///
/// `today` must be the current date **in Asia/Baku** (the kiosk's and the authorities' time
/// zone), not in UTC nor in the zone of the machine: in the first hours after midnight in Baku
/// (UTC+4) the UTC date is still yesterday's, and "bu gün" would find yesterday's applications.
/// This crate reads no clock: the caller takes "now", converts it with `chrono_tz::Asia::Baku`
/// (`now.with_timezone(&Baku).date_naive()`) and passes that date.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<DateRange, SearchError> {
    let input = input.trim();
    let not_a_date = || SearchError::NotADate {
        input: input.to_owned(),
    };
    let lowered = text::lower(input);
    let mut toks: Vec<Tok> = Vec::with_capacity(4);
    let mut words: Vec<&str> = Vec::new();
    let mut rest = lowered.as_str();
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            let digits = &rest[..end];
            if digits.len() > 8 {
                return Err(not_a_date());
            }
            toks.push(Tok::Num(digits.parse().map_err(|_| not_a_date())?, end));
            rest = &rest[end..];
        } else if is_letter(c) {
            let end = rest.find(|c: char| !is_letter(c)).unwrap_or(rest.len());
            let word = &rest[..end];
            words.push(word);
            let key = loose_key(word);
            if let Some(month) = text::parse_month(word) {
                toks.push(Tok::Month(month.number_from_month()));
            } else if !NOISE.contains(&key.as_str()) {
                // Not a month: perhaps "bu gün", "сегодня".
                toks.push(Tok::Month(0));
            }
            rest = &rest[end..];
        } else if c.is_whitespace() || is_dash(c) || matches!(c, '.' | ',' | '/' | '\\') {
            rest = &rest[c.len_utf8()..];
        } else {
            return Err(not_a_date());
        }
    }
    if toks.contains(&Tok::Month(0)) {
        let joined: String = words.iter().map(|w| loose_key(w)).collect();
        return match RELATIVE.iter().find(|(w, _)| *w == joined) {
            Some((_, days)) if toks.iter().all(|t| *t == Tok::Month(0)) => {
                let day = if *days >= 0 {
                    today.checked_add_days(Days::new(*days as u64))
                } else {
                    today.checked_sub_days(Days::new(days.unsigned_abs() as u64))
                };
                day.map(DateRange::day).ok_or_else(not_a_date)
            }
            _ => Err(not_a_date()),
        };
    }

    let this_year = today.year();
    let year4 = |v: u32| -> Result<i32, SearchError> {
        let year = v as i32;
        if (1900..=2199).contains(&year) {
            Ok(year)
        } else {
            Err(SearchError::YearOutOfRange {
                input: input.to_owned(),
                year,
            })
        }
    };
    // A year written with 2 or 4 digits.
    let year = |v: u32, len: usize| -> Result<i32, SearchError> {
        match len {
            4 => year4(v),
            2 => Ok(two_digit_year(v, this_year)),
            _ => Err(not_a_date()),
        }
    };
    let day = |y: i32, m: u32, d: u32| -> Result<DateRange, SearchError> {
        if !(1..=12).contains(&m) {
            return Err(SearchError::NoSuchMonth {
                input: input.to_owned(),
                month: m,
            });
        }
        NaiveDate::from_ymd_opt(y, m, d)
            .map(DateRange::day)
            .ok_or_else(|| SearchError::NoSuchDay {
                input: input.to_owned(),
                day: d,
                month: m,
                year: y,
            })
    };
    let month = |y: i32, m: u32| -> Result<DateRange, SearchError> {
        DateRange::month(y, m).ok_or_else(|| SearchError::NoSuchMonth {
            input: input.to_owned(),
            month: m,
        })
    };
    let short = |len: usize| (1..=2).contains(&len);

    use Tok::{Month as M, Num as N};
    match toks.as_slice() {
        // ddmmyyyy, else yyyymmdd (they never overlap: a valid ddmmyyyy has 19/20/21 as its month
        // digits in the yyyymmdd reading).
        [N(v, 8)] => {
            let (d, m, y) = (v / 1_000_000, v / 10_000 % 100, v % 10_000);
            if (1..=12).contains(&m) && (1..=31).contains(&d) && year4(y).is_ok() {
                day(y as i32, m, d)
            } else {
                day(year4(v / 10_000)?, v / 100 % 100, v % 100)
            }
        }
        [N(v, 6)] => day(
            two_digit_year(v % 100, this_year),
            v / 100 % 100,
            v / 10_000,
        ),
        [N(v, 4)] => {
            let y = year4(*v)?;
            DateRange::year(y).ok_or_else(not_a_date)
        }
        [N(d, dl), N(m, ml), N(y, yl)] if short(*dl) && short(*ml) => day(year(*y, *yl)?, *m, *d),
        [N(y, 4), N(m, ml), N(d, dl)] if short(*ml) && short(*dl) => day(year4(*y)?, *m, *d),
        [N(m, ml), N(y, 4)] if short(*ml) => month(year4(*y)?, *m),
        [N(y, 4), N(m, ml)] if short(*ml) => month(year4(*y)?, *m),
        [N(d, dl), N(m, ml)] if short(*dl) && short(*ml) => day(this_year, *m, *d),
        [N(d, dl), M(m), N(y, yl)] | [M(m), N(d, dl), N(y, yl)] if short(*dl) => {
            day(year(*y, *yl)?, *m, *d)
        }
        [N(y, 4), M(m), N(d, dl)] if short(*dl) => day(year4(*y)?, *m, *d),
        [M(m), N(y, 4)] | [N(y, 4), M(m)] => month(year4(*y)?, *m),
        [N(d, dl), M(m)] | [M(m), N(d, dl)] if short(*dl) => day(this_year, *m, *d),
        [M(m)] => month(this_year, *m),
        _ => Err(not_a_date()),
    }
}

/// The year a two-digit year means: the one ending in those digits within
/// `[this_year - 80, this_year + 19]`.
fn two_digit_year(yy: u32, this_year: i32) -> i32 {
    let y = this_year - this_year.rem_euclid(100) + yy as i32;
    if y > this_year + 19 {
        y - 100
    } else if y < this_year - 80 {
        y + 100
    } else {
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// "Today" for the tests: the seed's screenshots are from 10 April 2015.
    fn today() -> NaiveDate {
        d(2015, 4, 10)
    }

    fn parse(s: &str) -> Result<DateRange, SearchError> {
        parse_date(s, today())
    }

    fn one_day(s: &str) -> NaiveDate {
        let r = parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        assert_eq!(r.first, r.last, "{s:?} should be one day");
        r.first
    }

    #[test]
    fn search_finds_3_4_2015_as_third_of_april() {
        assert_eq!(one_day("3-4-2015"), d(2015, 4, 3));
    }

    #[test]
    fn every_example_of_the_brief_parses() {
        let third = d(2015, 4, 3);
        for s in [
            "3-4-2015",
            "03.04.2015",
            "3/4/15",
            "2015-04-03",
            "3 aprel 2015",
            "3 апреля 2015",
            "April 3, 2015",
            "03 APREL 2015",
            "3 APRİL 2015",
            "3 Апреля 2015 г.",
            "3rd of April 2015",
            "3-cü aprel 2015-ci il",
            "3 apr. 2015",
            "2015 aprel 3",
            "3.4.2015",
            "  3 / 4 / 2015 ",
            "3\\4\\2015",
            "03042015",
            "20150403",
            "030415",
            "3.4",
            "3 aprel",
            "April 3",
        ] {
            assert_eq!(one_day(s), third, "{s:?}");
        }
        let april = DateRange {
            first: d(2015, 4, 1),
            last: d(2015, 4, 30),
        };
        for s in [
            "aprel 2015",
            "АПРЕЛЬ 2015",
            "April 2015",
            "04.2015",
            "2015-04",
            "aprel",
        ] {
            assert_eq!(parse(s), Ok(april), "{s:?}");
        }
        assert_eq!(
            parse("2015"),
            Ok(DateRange {
                first: d(2015, 1, 1),
                last: d(2015, 12, 31)
            })
        );
        assert_eq!(
            parse("fevral 2016").unwrap().last,
            d(2016, 2, 29),
            "a leap February"
        );
    }

    #[test]
    fn relative_days_in_three_languages() {
        for s in [
            "bu gün",
            "bugün",
            "BU GÜN",
            "Bu gun",
            "сегодня",
            "Сегодня",
            "today",
            "Today",
        ] {
            assert_eq!(one_day(s), today(), "{s:?}");
        }
        for s in ["dünən", "dunen", "вчера", "yesterday"] {
            assert_eq!(one_day(s), d(2015, 4, 9), "{s:?}");
        }
        for s in ["sabah", "завтра", "tomorrow"] {
            assert_eq!(one_day(s), d(2015, 4, 11), "{s:?}");
        }
        assert!(parse("bu gün 2015").is_err());
    }

    #[test]
    fn two_digit_years_stay_within_a_century_around_today() {
        assert_eq!(two_digit_year(15, 2026), 2015);
        assert_eq!(two_digit_year(45, 2026), 2045);
        assert_eq!(two_digit_year(46, 2026), 1946);
        assert_eq!(two_digit_year(99, 2026), 1999);
        assert_eq!(two_digit_year(0, 2099), 2100);
        assert_eq!(two_digit_year(19, 2000), 2019);
        assert_eq!(two_digit_year(20, 2000), 1920);
        assert_eq!(one_day("3/4/99"), d(1999, 4, 3));
    }

    #[test]
    fn impossible_dates_are_errors() {
        assert!(matches!(
            parse("31.02.2015"),
            Err(SearchError::NoSuchDay {
                day: 31,
                month: 2,
                ..
            })
        ));
        assert!(matches!(
            parse("29.02.2015"),
            Err(SearchError::NoSuchDay { .. })
        ));
        assert_eq!(one_day("29.02.2016"), d(2016, 2, 29));
        assert!(matches!(
            parse("0.4.2015"),
            Err(SearchError::NoSuchDay { .. })
        ));
        assert!(matches!(
            parse("31 aprel 2015"),
            Err(SearchError::NoSuchDay { .. })
        ));
        // Day first, always: there is no 13th month, not "April 13".
        assert!(matches!(
            parse("4/13/2015"),
            Err(SearchError::NoSuchMonth { month: 13, .. })
        ));
        assert!(matches!(
            parse("13.2015"),
            Err(SearchError::NoSuchMonth { .. })
        ));
        assert!(matches!(
            parse("3.4.1815"),
            Err(SearchError::YearOutOfRange { year: 1815, .. })
        ));
        assert!(matches!(
            parse("0015"),
            Err(SearchError::YearOutOfRange { .. })
        ));
    }

    #[test]
    fn text_that_is_no_date_is_an_error_not_an_empty_result() {
        for s in [
            "",
            "abc",
            "İSGƏNDƏROV",
            "3 4 5 6",
            "12345",
            "3.4.215",
            "3.4.5",
            "030400000610704",
            "iyu 2015",
            "3 aprel 2015 16:47",
            "aprel may 2015",
            "#3",
        ] {
            assert!(
                matches!(parse(s), Err(SearchError::NotADate { .. })),
                "{s:?}: {:?}",
                parse(s)
            );
        }
    }

    /// The errors carry a code and the arguments their messages name; the words are
    /// qebul-l10n's (`search_error`, tested there).
    #[test]
    fn errors_carry_a_code_and_their_arguments() {
        let cases = [
            (parse("abc").unwrap_err(), "not-a-date", "abc", None),
            (
                parse("31.02.2015").unwrap_err(),
                "no-such-day",
                "31.02.2015",
                Some(28),
            ),
            (
                parse("29.02.2015").unwrap_err(),
                "no-such-day",
                "29.02.2015",
                Some(28),
            ),
            (
                parse("32.01.2015").unwrap_err(),
                "no-such-day",
                "32.01.2015",
                Some(31),
            ),
            (
                parse("31.04.2015").unwrap_err(),
                "no-such-day",
                "31.04.2015",
                Some(30),
            ),
            (
                parse("3.13.2015").unwrap_err(),
                "no-such-month",
                "3.13.2015",
                None,
            ),
            (
                parse("3.4.1815").unwrap_err(),
                "year-out-of-range",
                "3.4.1815",
                None,
            ),
            (
                parse_status("xyz").unwrap_err(),
                "unknown-status",
                "xyz",
                None,
            ),
        ];
        for (e, code, input, days) in &cases {
            assert_eq!(e.code(), *code, "{e}");
            assert_eq!(e.input(), *input, "{e}");
            assert_eq!(e.days_in_month(), *days, "{e}");
        }
        assert_eq!(
            cases[5].0,
            SearchError::NoSuchMonth {
                input: "3.13.2015".into(),
                month: 13
            }
        );
    }

    #[test]
    fn statuses_in_three_languages() {
        use StatusFilter::*;
        for (s, want) in [
            ("Bağlanmış müraciətlər", Some(Closed)),
            ("BAĞLANMIŞ MÜRACİƏTLƏR", Some(Closed)),
            ("baglanmis", Some(Closed)),
            ("bağlı", Some(Closed)),
            ("tamamlanmış müraciətlər", Some(Closed)),
            ("tamamlanıb", Some(Closed)),
            ("qapalı", Some(Closed)),
            ("Закрытые обращения", Some(Closed)),
            ("завершённые", Some(Closed)),
            ("закрыто", Some(Closed)),
            ("завершено", Some(Closed)),
            ("closed", Some(Closed)),
            ("Completed applications", Some(Closed)),
            ("Aktiv müraciətlər", Some(Active)),
            ("aktivlər", Some(Active)),
            ("açıq", Some(Active)),
            ("gözləyən müraciətlər", Some(Active)),
            ("gözləmədə olan müraciətlər", Some(Active)),
            ("Активные", Some(Active)),
            ("открытые заявки", Some(Active)),
            ("open applications", Some(Active)),
            ("pending", Some(Active)),
            ("Ləğv edilmiş müraciətlər", Some(Cancelled)),
            ("LƏĞV EDİLMİŞ", Some(Cancelled)),
            ("legv olunub", Some(Cancelled)),
            ("ləğv", Some(Cancelled)),
            ("Отменённые обращения", Some(Cancelled)),
            ("отменено", Some(Cancelled)),
            ("аннулированные", Some(Cancelled)),
            ("Cancelled applications", Some(Cancelled)),
            ("canceled", Some(Cancelled)),
            ("aktiv və bağlanmış", None),
            ("bağlanmış və ləğv edilmiş", None),
            ("", None),
            ("--", None),
            ("Hamısı", None),
            ("все", None),
            ("all", None),
        ] {
            assert_eq!(parse_status(s), Ok(want), "{s:?}");
        }
        // The labels (qebul-l10n's status-active, status-closed) are read back there.
        assert_eq!(Active.code(), "active");
        assert_eq!(Closed.code(), "closed");
        for f in StatusFilter::ALL {
            assert_eq!(StatusFilter::from_code(f.code()), Some(f));
        }
        assert_eq!(StatusFilter::from_code("open"), None);
        assert!(matches!(
            parse_status("bilmirəm"),
            Err(SearchError::UnknownStatus { .. })
        ));
    }

    /// A negated status word is refused (the user is asked to choose active or closed), never
    /// read as its positive stem ("bağlanmamış" starts with "bağlan") nor guessed as the opposite.
    #[test]
    fn a_negated_status_is_refused_not_read_as_its_stem() {
        for s in [
            "Bağlanmamış",
            "bağlanmamış müraciətlər",
            "BAĞLANMAMIŞ MÜRACİƏTLƏR",
            "baglanmamis",
            "tamamlanmamış",
            "Tamamlanmamış müraciətlər",
            "tamamlanmayıb",
            "bağlanmayan",
            "qapanmamış",
            "bağlı deyil",
            "aktiv olmayan",
            "gözləməyən",
            "не закрытые",
            "Не закрытые обращения",
            "незакрытые",
            "не завершённые",
            "неактивные",
            "not closed",
            "not active",
            "unclosed",
            "inactive",
            "incomplete",
            "ləğv edilməmiş",
            "ləğv olunmayıb",
            "не отменённые",
            "not cancelled",
            "edilmiş",
        ] {
            assert_eq!(
                parse_status(s),
                Err(SearchError::UnknownStatus {
                    input: s.trim().to_owned()
                }),
                "{s:?}"
            );
        }
        let err = HistoryQuery::parse("", "", "Bağlanmamış", today()).unwrap_err();
        assert_eq!(
            err,
            SearchError::UnknownStatus {
                input: "Bağlanmamış".into()
            }
        );
    }

    #[test]
    fn a_date_may_be_separated_by_any_dash() {
        let third = d(2015, 4, 3);
        for s in [
            "3—4—2015",
            "3–4–2015",
            "3‐4‐2015",
            "3‑4‑2015",
            "3‒4‒2015",
            "3−4−2015",
            "3 — 4 — 2015",
            "2015—04—03",
            "3—aprel—2015",
        ] {
            assert_eq!(one_day(s), third, "{s:?}");
        }
        assert_eq!(parse("aprel—2015"), Ok(DateRange::month(2015, 4).unwrap()));
    }

    #[test]
    fn the_seeds_search_finds_the_seeds_rows() {
        // Şəkil 10: 3-4-2015, İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU, Bağlanmış müraciətlər.
        let isgenderov = HistoryEntry {
            applied_on: d(2015, 4, 3),
            reception_date: d(2015, 4, 7),
            official: "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU",
            status: StatusFilter::Closed,
        };
        let shahbazov = HistoryEntry {
            applied_on: d(2015, 4, 3),
            reception_date: d(2015, 4, 8),
            official: "ŞAHBAZOV ZAKİR VƏKİL OĞLU",
            status: StatusFilter::Cancelled,
        };
        let q = HistoryQuery::parse(
            "3-4-2015",
            "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU",
            "Bağlanmış müraciətlər",
            today(),
        )
        .unwrap();
        assert!(q.matches(&isgenderov));
        assert!(!q.matches(&shahbazov));
        let cancelled = HistoryQuery::parse("", "", "ləğv edilmiş", today()).unwrap();
        assert!(!cancelled.matches(&isgenderov) && cancelled.matches(&shahbazov));
        let by_name = HistoryQuery::parse("", "isgenderov", "--", today()).unwrap();
        assert!(by_name.matches(&isgenderov) && !by_name.matches(&shahbazov));
        let misspelt = HistoryQuery::parse("", "isgandarov sahin", "", today()).unwrap();
        assert!(misspelt.matches(&isgenderov) && !misspelt.matches(&shahbazov));
        let by_reception = HistoryQuery::parse("08.04.2015", "", "", today()).unwrap();
        assert!(!by_reception.matches(&isgenderov) && by_reception.matches(&shahbazov));
        let active = HistoryQuery::parse("aprel 2015", "", "aktiv", today()).unwrap();
        assert!(!active.matches(&isgenderov));
        let everything = HistoryQuery::parse(" ", " ", "", today()).unwrap();
        assert!(everything.matches(&isgenderov) && everything.matches(&shahbazov));
        assert!(HistoryQuery::parse("sabah ertə", "", "", today()).is_err());
    }

    #[test]
    fn ranges_describe_themselves() {
        assert_eq!(
            parse("3-4-2015").unwrap().describe(Lang::Ru),
            "3 апреля 2015"
        );
        assert_eq!(
            parse("aprel 2015").unwrap().describe(Lang::Ru),
            "апрель 2015"
        );
        assert_eq!(parse("2015").unwrap().describe(Lang::En), "2015");
        let r = DateRange {
            first: d(2015, 4, 1),
            last: d(2015, 4, 10),
        };
        assert_eq!(r.describe(Lang::Az), "01.04.2015 – 10.04.2015");
    }

    /// How many forms [`write_day`] knows.
    const DAY_FORMS: usize = 21;

    /// Relative words for (yesterday, today, tomorrow), by language.
    fn relative_word(lang: Lang, shift: i64, spaced: bool) -> &'static str {
        match (lang, shift) {
            (Lang::Az, -1) => "dünən",
            (Lang::Az, 0) if spaced => "bu gün",
            (Lang::Az, 0) => "bugün",
            (Lang::Az, _) => "sabah",
            (Lang::Ru, -1) => "вчера",
            (Lang::Ru, 0) => "сегодня",
            (Lang::Ru, _) => "завтра",
            (Lang::En, -1) => "yesterday",
            (Lang::En, 0) => "today",
            (Lang::En, _) => "tomorrow",
        }
    }

    /// One way of writing a day, as a user of the history screen might type it.
    #[derive(Debug, Clone)]
    struct Writing {
        format: usize,
        lang: Lang,
        abbreviate: bool,
        dash: char,
        /// For the relative forms: days from today (-1, 0 or 1).
        shift: i64,
    }

    /// Writes `date` in form `w.format` with "today" at `today`; returns the text and the day it
    /// stands for. Forms with a two-digit year stand for the day moved by a hundred years into
    /// today's window, year-less forms for the day in today's year, relative words for a day next
    /// to today. `None` only for a 29th of February that the move leaves in a common year.
    fn write_day(date: NaiveDate, today: NaiveDate, w: &Writing) -> Option<(String, NaiveDate)> {
        let date = match w.format {
            2 | 11 | 14 | 15 => {
                let this = today.year();
                match date.year() {
                    y if y > this + 19 => date.with_year(y - 100)?,
                    y if y < this - 80 => date.with_year(y + 100)?,
                    _ => date,
                }
            }
            17..=19 => date.with_year(today.year())?,
            20 => today.checked_add_signed(chrono::TimeDelta::days(w.shift))?,
            _ => date,
        };
        let (y, m, dd) = (date.year(), date.month(), date.day());
        let month = Month::try_from(m as u8).unwrap();
        let name = text::month_name(month, w.lang, text::MonthForm::Genitive);
        let name = if w.abbreviate && !name.starts_with("iyu") {
            format!("{}.", name.chars().take(3).collect::<String>())
        } else {
            name.to_owned()
        };
        let dash = w.dash;
        let yy = y % 100;
        let written = match w.format {
            0 => format!("{dd}{dash}{m}{dash}{y}"),
            1 => text::numeric_date(date),
            2 => format!("{dd}/{m}/{yy:02}"),
            3 => date.format(&format!("%Y{dash}%m{dash}%d")).to_string(),
            4 => format!("{dd} {name} {y}"),
            5 => format!("{name} {dd}, {y}"),
            6 => text::notice_date(date),
            7 => text::long_date(date, w.lang),
            8 => text::upper(&text::long_date(date, w.lang)),
            9 => date.format("%d%m%Y").to_string(),
            10 => date.format("%Y%m%d").to_string(),
            11 => date.format("%d%m%y").to_string(),
            12 => format!("{y}/{m}/{dd}"),
            13 => format!("{y} {name} {dd}"),
            // Dotted two-digit years: 3.4.15, 03.04.15.
            14 => format!("{dd}.{m}.{yy:02}"),
            15 => date.format("%d.%m.%y").to_string(),
            // Year first with dots: 2015.4.3.
            16 => format!("{y}.{m}.{dd}"),
            // Without a year: 3.4, 3 aprel, April 3.
            17 => format!("{dd}.{m}"),
            18 => format!("{dd} {name}"),
            19 => format!("{name} {dd}"),
            // bu gün / bugün, сегодня, today; dünən, вчера, yesterday; sabah, завтра, tomorrow.
            _ => relative_word(w.lang, w.shift, w.abbreviate).to_owned(),
        };
        Some((written, date))
    }

    /// Days from 1 January 1990 to 31 December 2099.
    const DAYS_1990_TO_2099: u64 = 40_177;

    fn any_day() -> impl Strategy<Value = NaiveDate> {
        (0..DAYS_1990_TO_2099).prop_map(|n| d(1990, 1, 1) + Days::new(n))
    }

    fn any_writing() -> impl Strategy<Value = Writing> {
        (
            0..DAY_FORMS,
            prop::sample::select(Lang::ALL.to_vec()),
            any::<bool>(),
            prop::sample::select("-‐‑‒–—−/.".chars().collect::<Vec<_>>()),
            -1i64..=1,
        )
            .prop_map(|(format, lang, abbreviate, dash, shift)| Writing {
                format,
                lang,
                abbreviate,
                dash,
                shift,
            })
    }

    #[test]
    fn the_test_writer_knows_every_form() {
        let date = d(2015, 4, 3);
        let today = d(2026, 4, 23);
        let written: Vec<String> = (0..DAY_FORMS)
            .map(|format| {
                let w = Writing {
                    format,
                    lang: Lang::Az,
                    abbreviate: false,
                    dash: '—',
                    shift: 0,
                };
                write_day(date, today, &w)
                    .expect("every form writes 2015-04-03")
                    .0
            })
            .collect();
        for form in [
            "3—4—2015",
            "3.4.15",
            "03.04.15",
            "2015.4.3",
            "3.4",
            "3 aprel",
            "aprel 3",
            "bugün",
        ] {
            assert!(written.iter().any(|w| w == form), "{form} in {written:?}");
        }
    }

    proptest! {
        #[test]
        fn any_day_written_any_way_parses_back(
            date in any_day(),
            today in any_day(),
            writing in any_writing(),
            shout in any::<bool>(),
        ) {
            let written = write_day(date, today, &writing);
            prop_assume!(written.is_some());
            let (mut written, want) = written.unwrap();
            if shout {
                written = text::upper(&written);
            }
            prop_assert_eq!(parse_date(&written, today), Ok(DateRange::day(want)), "{} at {}", written, today);
            // The query with all three fields parses the date field the same way.
            let q = HistoryQuery::parse(&written, "", "", today);
            prop_assert_eq!(q.map(|q| q.date), Ok(Some(DateRange::day(want))));
        }

        #[test]
        fn any_month_or_year_parses_to_its_range(
            year in 1990i32..=2099,
            month in 1u32..=12,
            format in 0usize..6,
            lang in prop::sample::select(Lang::ALL.to_vec()),
            today in any_day(),
        ) {
            let name = text::month_name(Month::try_from(month as u8).unwrap(), lang, text::MonthForm::Nominative);
            let written = match format {
                0 => format!("{name} {year}"),
                1 => format!("{month:02}.{year}"),
                2 => format!("{year}-{month:02}"),
                3 => text::upper(&format!("{name} {year}")),
                4 => year.to_string(),
                // A month without a year: in today's year.
                _ => name.to_owned(),
            };
            let want = match format {
                4 => DateRange::year(year),
                5 => DateRange::month(today.year(), month),
                _ => DateRange::month(year, month),
            };
            prop_assert_eq!(parse_date(&written, today).ok(), want, "{} at {}", written, today);
        }

        #[test]
        fn any_text_gives_a_range_or_an_error_never_a_panic(s in "\\PC{0,24}", today in any_day()) {
            if let Ok(r) = parse_date(&s, today) {
                prop_assert!(r.first <= r.last);
            }
        }

        #[test]
        fn digits_and_separators_never_panic(s in "[0-9./ \\-—–−]{0,20}", today in any_day()) {
            let _ = parse_date(&s, today);
        }

        #[test]
        fn any_status_text_gives_a_filter_or_an_error_never_a_panic(s in "\\PC{0,24}") {
            let _ = parse_status(&s);
        }
    }
}
