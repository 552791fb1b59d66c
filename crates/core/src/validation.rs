//! The booking form (seed Şəkil 5), validated field by field, and the booking policy.
//!
//! The kiosk sends a [`BookingForm`] of plain strings and ids; [`validate_booking`] checks it
//! against what the citizen was offered ([`BookingContext`]: the catalog's ids, the official's
//! next reception dates, the registered address from the ID card) and returns either a clean
//! [`Booking`] or **every** [`FieldError`] at once, in the order of the form. Each error has a
//! stable [`code`](FieldError::code) (`phone-too-short`, `note-too-long`, …), the [`Field`] it
//! belongs to, and a short polite [`message`](FieldError::message) in az, ru and en that says what
//! to do. [`BookingPolicy`] then decides whether this citizen may take one more place.
//!
//! ```
//! use chrono::NaiveDate;
//! use qebul_core::validation::{validate_booking, BookingContext, BookingForm};
//! use qebul_core::Lang;
//!
//! let day = NaiveDate::from_ymd_opt(2015, 4, 7).unwrap();
//! let ctx = BookingContext {
//!     official_ids: &["isgenderov"],
//!     offered_dates: &[day],
//!     topic_ids: &["agriculture"],
//!     social_status_ids: &["entrepreneur"],
//!     privilege_ids: &[],
//!     no_privilege_id: Some("none"),
//!     registered_address: "Biləsuvar r., Nizami küç. 5",
//! };
//! let mut form = BookingForm {
//!     official_id: "isgenderov".into(),
//!     reception_date: "2015-04-07".into(),
//!     topic_id: "agriculture".into(),
//!     social_status_id: "entrepreneur".into(),
//!     privilege_id: "none".into(),
//!     phone: "(050) 123-45-67".into(),
//!     address_same_as_id: true,
//!     ..BookingForm::default()
//! };
//! let booking = validate_booking(&form, &ctx).unwrap();
//! assert_eq!(booking.phone.to_string(), "+994 50 123 45 67");
//! assert_eq!(booking.address.text(), "Biləsuvar r., Nizami küç. 5");
//!
//! form.phone = "050 123 45".into();
//! let errors = validate_booking(&form, &ctx).unwrap_err();
//! assert_eq!(errors[0].code(), "phone-too-short");
//! assert_eq!(errors[0].message(Lang::Az), "Telefon nömrəsini tam yazın, məsələn 050 123 45 67");
//! ```
//!
//! # Decisions
//!
//! - **Required**: official, reception date, topic, social status, phone, and an address (typed,
//!   or "same as ID card"). **Optional**: privilege (empty, the form's placeholder `--`, or the
//!   catalog's "İmtiyazım yoxdur" id means none), e-mail (many citizens at a lobby kiosk have none;
//!   the phone is the contact that matters), workplace and position (pensioners, students and the
//!   unemployed have none), note.
//! - **A placeholder is not a choice**: the seed's form shows `--` in a list nothing was chosen
//!   from (Şəkil 5). A choice made only of dashes (`--`, `—`, …) counts as empty: no privilege, or
//!   "missing" for a required list, never "not in the catalog".
//! - **Characters are counted as a person counts them**: extended grapheme clusters
//!   ([`count_characters`]), so "ə́" or a flag emoji is one character.
//! - **Cleaning before counting** removes what a reader cannot see: control characters (Unicode
//!   Cc) and the invisible format characters that are default-ignorable (Cf: U+00AD soft hyphen,
//!   U+200B zero-width space, U+FEFF, U+2060 word joiner, the bidirectional marks, overrides and
//!   isolates U+200E–U+200F, U+202A–U+202E, U+2066–U+2069, which can make text display differently
//!   from what it says, …), and the invisible Hangul fillers. They neither fill a required field
//!   nor count toward a limit. Kept, because emoji and some scripts need them: ZWJ (U+200D), ZWNJ
//!   (U+200C), variation selectors, and the tag characters of a complete emoji tag sequence
//!   (U+1F3F4, tags, U+E007F: the flag of Scotland); a text left with nothing but those is empty.
//!   In the note and the comment, **line breaks are kept** (CR LF and CR become LF; a citizen may
//!   press Enter on the on-screen keyboard and the official reads the text as written), a tab
//!   becomes a space, trailing spaces of each line and the whole text's surrounding whitespace are
//!   trimmed. In one-line fields (workplace, position, address) any run of whitespace, line breaks
//!   included, becomes one space.
//! - **E-mail domains are ASCII**: the domain is lower-cased (ASCII letters as DNS does, so `MAIL`
//!   is `mail`; other letters with the Azerbaijani rules, so `MAİL` is `mail` too) and must then be
//!   plain ASCII: `maıl.az` is refused with a message that says why. Internationalised domains are
//!   not accepted; the local part is kept as typed.
//! - **Phones**: see [`Phone::parse`] for the formats and [`AZ_MOBILE_CODES`] /
//!   [`AZ_LANDLINE_CODES`] for the codes accepted. A [`Phone`] can only be made by
//!   [`Phone::parse`] or [`Phone::from_e164`], so every value prints without surprises.

use std::fmt;

use chrono::NaiveDate;
use unicode_segmentation::UnicodeSegmentation;

use crate::Lang;

/// The note on the booking form: at most 400 characters (seed Şəkil 5: "maksimum 400 simvol").
pub const NOTE_MAX: usize = 400;
/// The comment to the authority on the details screen: at most 1000 characters (seed Şəkil 9).
pub const COMMENT_MAX: usize = 1000;
/// Workplace, free text.
pub const WORKPLACE_MAX: usize = 150;
/// Position at work, free text.
pub const POSITION_MAX: usize = 150;
/// Current address, free text.
pub const ADDRESS_MAX: usize = 300;

/// Mobile operator codes (Azercell 50, 51, 10; Bakcell 55, 99; Nar 70, 77; Naxtel 60), written
/// after +994 or after the trunk 0.
pub const AZ_MOBILE_CODES: [&str; 8] = ["10", "50", "51", "55", "60", "70", "77", "99"];
/// Fixed-line area codes of the national numbering plan: 12 Baku, 18 Sumqayıt and Abşeron,
/// 20–26 the regions (e.g. 22 Gəncə, 23 Şəki zone, 25 Lənkəran zone), 36 Naxçıvan. All are followed
/// by 7 digits, like the mobile codes. Extend this list if the regulator opens new codes.
pub const AZ_LANDLINE_CODES: [&str; 10] =
    ["12", "18", "20", "21", "22", "23", "24", "25", "26", "36"];

// ---------------------------------------------------------------------------------------------
// The form, its context and the clean result
// ---------------------------------------------------------------------------------------------

/// The booking form as the kiosk's UI sends it: plain strings and ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookingForm {
    pub official_id: String,
    /// The chosen reception date, `2015-04-07` (as the UI sends it) or `07.04.2015`.
    pub reception_date: String,
    /// Müraciət istiqaməti.
    pub topic_id: String,
    pub social_status_id: String,
    /// Empty, or the catalog's "İmtiyazım yoxdur" id, means no privilege.
    pub privilege_id: String,
    pub email: String,
    pub phone: String,
    pub workplace: String,
    pub position: String,
    pub current_address: String,
    /// "Şəxsiyyət vəsiqəsi ilə eynidir?" ticked: the ID card's registered address is used and
    /// `current_address` is ignored.
    pub address_same_as_id: bool,
    pub note: String,
}

/// What the citizen could choose from, passed in by the caller.
#[derive(Debug, Clone, Copy, Default)]
pub struct BookingContext<'a> {
    /// The officials of the catalog.
    pub official_ids: &'a [&'a str],
    /// The reception dates offered for the chosen official (the next 4, seed Şəkil 5).
    pub offered_dates: &'a [NaiveDate],
    pub topic_ids: &'a [&'a str],
    pub social_status_ids: &'a [&'a str],
    /// Real privileges; the "none" choice need not be among them.
    pub privilege_ids: &'a [&'a str],
    /// The catalog's id of "İmtiyazım yoxdur", if it has one: choosing it means no privilege.
    pub no_privilege_id: Option<&'a str>,
    /// The registered address read from the ID card.
    pub registered_address: &'a str,
}

/// A booking form that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub official_id: String,
    pub reception_date: NaiveDate,
    pub topic_id: String,
    pub social_status_id: String,
    /// `None`: "İmtiyazım yoxdur".
    pub privilege_id: Option<String>,
    pub email: Option<Email>,
    pub phone: Phone,
    /// Empty when not given.
    pub workplace: String,
    /// Empty when not given.
    pub position: String,
    pub address: Address,
    /// Cleaned, possibly empty, at most [`NOTE_MAX`] characters, line breaks kept.
    pub note: String,
}

/// Where the citizen lives now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// "Same as ID card": the registered address, copied from the card.
    SameAsIdCard(String),
    /// Typed by the citizen.
    Current(String),
}

impl Address {
    pub fn text(&self) -> &str {
        match self {
            Address::SameAsIdCard(s) | Address::Current(s) => s,
        }
    }
}

/// Validates every field of `form`; on failure returns all errors, in the order of the form.
pub fn validate_booking(
    form: &BookingForm,
    ctx: &BookingContext<'_>,
) -> Result<Booking, Vec<FieldError>> {
    let mut errors = Vec::new();

    let official_id = keep(
        &mut errors,
        choose(Field::Official, &form.official_id, ctx.official_ids),
    );
    let reception_date = keep(
        &mut errors,
        reception_date(&form.reception_date, ctx.offered_dates),
    );
    let topic_id = keep(
        &mut errors,
        choose(Field::Topic, &form.topic_id, ctx.topic_ids),
    );
    let social_status_id = keep(
        &mut errors,
        choose(
            Field::SocialStatus,
            &form.social_status_id,
            ctx.social_status_ids,
        ),
    );
    let privilege_id = keep(&mut errors, privilege(&form.privilege_id, ctx));
    let email = keep(
        &mut errors,
        match form.email.trim() {
            "" => Ok(None),
            s => Email::parse(s)
                .map(Some)
                .map_err(|p| FieldError::new(Field::Email, Problem::Email(p))),
        },
    );
    let phone = keep(
        &mut errors,
        Phone::parse(&form.phone).map_err(|p| match p {
            PhoneProblem::Empty => FieldError::new(Field::Phone, Problem::Missing),
            p => FieldError::new(Field::Phone, Problem::Phone(p)),
        }),
    );
    let workplace = keep(
        &mut errors,
        limited(Field::Workplace, clean_line(&form.workplace), WORKPLACE_MAX),
    );
    let position = keep(
        &mut errors,
        limited(Field::Position, clean_line(&form.position), POSITION_MAX),
    );
    let address = keep(&mut errors, address(form, ctx));
    let note = keep(
        &mut errors,
        limited(Field::Note, clean_multiline(&form.note), NOTE_MAX),
    );

    match (
        official_id,
        reception_date,
        topic_id,
        social_status_id,
        privilege_id,
        email,
        phone,
        workplace,
        position,
        address,
        note,
    ) {
        (
            Some(official_id),
            Some(reception_date),
            Some(topic_id),
            Some(social_status_id),
            Some(privilege_id),
            Some(email),
            Some(phone),
            Some(workplace),
            Some(position),
            Some(address),
            Some(note),
        ) if errors.is_empty() => Ok(Booking {
            official_id,
            reception_date,
            topic_id,
            social_status_id,
            privilege_id,
            email,
            phone,
            workplace,
            position,
            address,
            note,
        }),
        _ => Err(errors),
    }
}

/// The comment a citizen writes to the authority on the details screen (seed Şəkil 9): cleaned
/// like the note (line breaks kept), not empty, at most [`COMMENT_MAX`] characters.
pub fn validate_comment(comment: &str) -> Result<String, FieldError> {
    match clean_multiline(comment) {
        s if s.is_empty() => Err(FieldError::new(Field::Comment, Problem::Missing)),
        s => limited(Field::Comment, s, COMMENT_MAX),
    }
}

fn keep<T>(errors: &mut Vec<FieldError>, result: Result<T, FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

/// Dashes and hyphens people (and list placeholders) write: ASCII hyphen-minus, hyphen,
/// non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign.
const DASHES: [char; 8] = [
    '-', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}',
];

/// Nothing chosen: empty, or a placeholder made only of dashes (the seed's form shows `--`).
fn is_placeholder(id: &str) -> bool {
    id.chars().all(|c| DASHES.contains(&c))
}

fn choose(field: Field, id: &str, ids: &[&str]) -> Result<String, FieldError> {
    let id = id.trim();
    if is_placeholder(id) {
        Err(FieldError::new(field, Problem::Missing))
    } else if ids.contains(&id) {
        Ok(id.to_owned())
    } else {
        Err(FieldError::new(field, Problem::NotInCatalog))
    }
}

fn privilege(id: &str, ctx: &BookingContext<'_>) -> Result<Option<String>, FieldError> {
    let id = id.trim();
    if is_placeholder(id) || Some(id) == ctx.no_privilege_id {
        Ok(None)
    } else {
        choose(Field::Privilege, id, ctx.privilege_ids).map(Some)
    }
}

fn reception_date(text: &str, offered: &[NaiveDate]) -> Result<NaiveDate, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new(Field::ReceptionDate, Problem::Missing));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"))
        .map_err(|_| FieldError::new(Field::ReceptionDate, Problem::DateUnreadable))?;
    if offered.contains(&date) {
        Ok(date)
    } else {
        Err(FieldError::new(
            Field::ReceptionDate,
            Problem::DateNotOffered,
        ))
    }
}

fn address(form: &BookingForm, ctx: &BookingContext<'_>) -> Result<Address, FieldError> {
    let (text, wrap): (String, fn(String) -> Address) = if form.address_same_as_id {
        (clean_line(ctx.registered_address), Address::SameAsIdCard)
    } else {
        (clean_line(&form.current_address), Address::Current)
    };
    if text.is_empty() {
        return Err(FieldError::new(Field::Address, Problem::Missing));
    }
    limited(Field::Address, text, ADDRESS_MAX).map(wrap)
}

fn limited(field: Field, text: String, max: usize) -> Result<String, FieldError> {
    match count_characters(&text) {
        found if found > max => Err(FieldError::new(field, Problem::TooLong { max, found })),
        _ => Ok(text),
    }
}

// ---------------------------------------------------------------------------------------------
// Text: cleaning and counting
// ---------------------------------------------------------------------------------------------

/// Characters as a person counts them: extended grapheme clusters. "ə́" (ə + combining acute) is
/// one, so is 🇦🇿 (two regional indicators) and 👨‍👩‍👧 (joined by ZWJ).
pub fn count_characters(text: &str) -> usize {
    text.graphemes(true).count()
}

/// Invisible characters that cleaning removes: the default-ignorable format characters (Cf) and
/// unassigned default-ignorables, plus the Hangul fillers that render as blanks. ZWNJ (U+200C) and
/// ZWJ (U+200D) are not among them, nor the variation selectors (Mn); tag characters are decided by
/// [`strip_invisible`], which keeps them inside a complete emoji tag sequence.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                 // soft hyphen
        | '\u{061C}'               // Arabic letter mark
        | '\u{115F}' | '\u{1160}' // Hangul choseong and jungseong fillers
        | '\u{180E}'               // Mongolian vowel separator
        | '\u{200B}'               // zero-width space
        | '\u{200E}' | '\u{200F}' // left-to-right and right-to-left marks
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates, deprecated
        | '\u{3164}'               // Hangul filler
        | '\u{FEFF}'               // zero-width no-break space (byte order mark)
        | '\u{FFA0}'               // halfwidth Hangul filler
        | '\u{FFF0}'..='\u{FFF8}' // unassigned, default-ignorable
        | '\u{1BCA0}'..='\u{1BCA3}' // shorthand format controls
        | '\u{1D173}'..='\u{1D17A}' // musical symbol format controls
        | '\u{E0000}'..='\u{E0FFF}' // tags and unassigned default-ignorables
    )
}

/// Joiners and variation selectors: kept, but they alone do not make a text non-empty.
fn is_joiner_or_selector(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

const BLACK_FLAG: char = '\u{1F3F4}';
const TAG_SPEC: std::ops::RangeInclusive<char> = '\u{E0020}'..='\u{E007E}';
const CANCEL_TAG: char = '\u{E007F}';

/// Removes control characters (Cc) other than whitespace, and [invisible](is_invisible) ones; the
/// tags of a complete emoji tag sequence (🏴, tag letters, cancel tag) stay, any other tag
/// character goes.
fn strip_invisible(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c == BLACK_FLAG {
            out.push(c);
            let spec = chars[i..]
                .iter()
                .take_while(|&&c| TAG_SPEC.contains(&c))
                .count();
            if spec > 0 && chars.get(i + spec) == Some(&CANCEL_TAG) {
                out.extend(&chars[i..=i + spec]);
                i += spec + 1;
            }
        } else if (c.is_whitespace() || !c.is_control()) && !is_invisible(c) {
            out.push(c);
        }
    }
    out
}

/// Empty when nothing visible is left (only joiners and variation selectors).
fn visible_or_empty(text: String) -> String {
    if text
        .chars()
        .all(|c| c.is_whitespace() || is_joiner_or_selector(c))
    {
        String::new()
    } else {
        text
    }
}

/// One-line free text: control and invisible characters removed, whitespace runs (line breaks
/// included) made one space, trimmed.
pub fn clean_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in strip_invisible(text).chars() {
        if c.is_whitespace() {
            pending_space = true;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
    visible_or_empty(out)
}

/// Multi-line free text (note, comment): CR LF, CR, NEL and the Unicode line and paragraph
/// separators become LF, a tab (or another whitespace control) becomes a space, other control and
/// invisible characters are removed, each line loses its trailing whitespace, and the whole text
/// is trimmed.
pub fn clean_multiline(text: &str) -> String {
    let unified = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], "\n");
    let lines: Vec<String> = strip_invisible(&unified)
        .split('\n')
        .map(|line| {
            line.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect();
    visible_or_empty(lines.join("\n").trim().to_owned())
}

// ---------------------------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------------------------

/// An e-mail address that passed sensible (not RFC-complete) checks; the domain is lower-cased
/// and ASCII.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Trims, then requires: no whitespace, exactly one `@`, a non-empty local part (≤ 64),
    /// a domain with a dot, no empty label (`a..b`, `.az`, `az.`), at most 254 characters in all.
    ///
    /// The domain is lower-cased: ASCII letters as DNS compares them (`MAIL.AZ` is `mail.az`, not
    /// the Azerbaijani `maıl.az`), then the rest with the Azerbaijani rules of
    /// [`crate::text::lower`] (`MAİL.AZ` is `mail.az`, where a general lower-casing would leave a
    /// combining dot). What remains must be ASCII: `maıl.az` or `şəki.az` is
    /// [`EmailProblem::NonAsciiDomain`].
    pub fn parse(input: &str) -> Result<Email, EmailProblem> {
        let s = input.trim();
        if s.is_empty() {
            return Err(EmailProblem::Empty);
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(EmailProblem::Space);
        }
        let (local, domain) = match s.split('@').collect::<Vec<_>>()[..] {
            [local, domain] => (local, domain),
            [_] => return Err(EmailProblem::NoAt),
            _ => return Err(EmailProblem::ManyAt),
        };
        if local.is_empty() || local.chars().count() > 64 {
            return Err(EmailProblem::BadLocalPart);
        }
        if !domain.contains('.') {
            return Err(EmailProblem::NoDotInDomain);
        }
        if domain
            .split('.')
            .any(|label| label.is_empty() || label.starts_with('-') || label.ends_with('-'))
        {
            return Err(EmailProblem::BadDomain);
        }
        let domain = crate::text::lower(&domain.to_ascii_lowercase());
        if !domain.is_ascii() {
            return Err(EmailProblem::NonAsciiDomain);
        }
        let email = format!("{local}@{domain}");
        if email.chars().count() > 254 {
            return Err(EmailProblem::TooLong);
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a text is not an e-mail address (for logs; the citizen sees one message).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailProblem {
    #[error("empty")]
    Empty,
    #[error("contains a space")]
    Space,
    #[error("has no @")]
    NoAt,
    #[error("has more than one @")]
    ManyAt,
    #[error("nothing (or more than 64 characters) before the @")]
    BadLocalPart,
    #[error("no dot in the domain")]
    NoDotInDomain,
    #[error("the domain has an empty label or a label starting or ending with '-'")]
    BadDomain,
    #[error("the domain has a letter outside ASCII (ə, ı, ş, …)")]
    NonAsciiDomain,
    #[error("longer than 254 characters")]
    TooLong,
}

// ---------------------------------------------------------------------------------------------
// Phone
// ---------------------------------------------------------------------------------------------

/// A contact phone number: Azerbaijani (mobile or landline) or foreign.
///
/// Made only by [`Phone::parse`] (what a citizen typed) or [`Phone::from_e164`] (what was stored),
/// so an Azerbaijani number always has its 9 digits and a known code, a foreign one 7 to 15 digits,
/// and printing never fails.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(PhoneRepr);

/// `Phone("+994501234567")`: the digits, not their bytes.
impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Phone").field(&self.e164()).finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PhoneRepr {
    /// The 9 digits after +994 (ASCII): 2-digit code + 7-digit subscriber number.
    Azerbaijani { kind: PhoneKind, national: [u8; 9] },
    /// Digits after the `+`, country code first (7 to 15 digits, E.164).
    Foreign { digits: String },
}

/// What kind of number a [`Phone`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhoneKind {
    /// Azerbaijani, one of [`AZ_MOBILE_CODES`].
    Mobile,
    /// Azerbaijani, one of [`AZ_LANDLINE_CODES`].
    Landline,
    /// Another country's number.
    Foreign,
}

/// Separators a phone number may be written with, besides whitespace and invisible characters.
fn is_phone_separator(c: char) -> bool {
    DASHES.contains(&c) || matches!(c, '.' | '/' | '(' | ')')
}

impl Phone {
    /// Reads a phone number in the ways people write them.
    ///
    /// Separators allowed anywhere: spaces, dashes (`-`, `–`, `—`, …), `.`, `/`, `(`, `)`, and
    /// invisible characters a copy-paste brings (bidi marks, zero-width space). A `+` only before
    /// the first digit: `+994 …`, `(+994) 50 123-45-67`.
    /// Azerbaijani numbers are 9 national digits (code + 7), written
    /// - with the trunk 0: `050 123 45 67`, `0501234567`, `(012) 345-67-89`, `012 345 67 89`;
    /// - without it: `12 345 67 89`, `501234567`;
    /// - with the country code: `+994501234567`, `+994 50 123 45 67`, `994 (50) 123-45-67`,
    ///   `00994 50 123 45 67`, and `+994 (0)50 …` with the trunk 0 kept by habit.
    ///
    /// Lengths are judged on the national digits, after the country code and the trunk 0 are
    /// removed: `050 123 45 6` and `99450123456` are one digit short ([`PhoneProblem::TooShort`]),
    /// not a wrong code or too many digits. Nine digits without `+`, `00` or a trunk 0 are national
    /// even when they start with 994 (`99 412 34 56`, code 99).
    ///
    /// The code must be one of [`AZ_MOBILE_CODES`] or [`AZ_LANDLINE_CODES`]. Any other country
    /// code after `+` or `00` (`+7 …`, `+90 …`, `00 7 …`) is kept as E.164, 7 to 15 digits.
    pub fn parse(input: &str) -> Result<Phone, PhoneProblem> {
        if input.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
            return Err(PhoneProblem::Empty);
        }
        let mut digits = String::new();
        let mut plus = false;
        for c in input.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if !plus && digits.is_empty() => plus = true,
                c if c.is_whitespace() || is_invisible(c) || is_phone_separator(c) => {}
                c => return Err(PhoneProblem::InvalidCharacter(c)),
            }
        }
        // International form: "+" or "00" in front.
        let international = if plus {
            Some(digits.as_str())
        } else {
            digits.strip_prefix("00")
        };
        let national = match international {
            Some(rest) => match rest.strip_prefix("994") {
                // "+994 (0)50 …": the trunk 0 kept after the country code.
                Some(az) => az.strip_prefix('0').unwrap_or(az),
                None => return Self::foreign(rest),
            },
            None => match digits.strip_prefix('0') {
                // The trunk 0: what follows is the whole national number.
                Some(national) => national,
                None if digits.len() == 9 => &digits,
                // Longer than 9 and starting with 994: the country code without "+".
                None => match digits.strip_prefix("994") {
                    Some(az) if digits.len() > 9 => az.strip_prefix('0').unwrap_or(az),
                    _ => &digits,
                },
            },
        };
        Self::azerbaijani(national)
    }

    /// Rebuilds a number from its [`e164`](Phone::e164) form, as stored: `+` and digits only,
    /// nothing else accepted. `+994…` must be followed by exactly 9 digits with a known code.
    pub fn from_e164(stored: &str) -> Result<Phone, PhoneProblem> {
        let digits = stored
            .strip_prefix('+')
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            .ok_or(PhoneProblem::NotE164)?;
        match digits.strip_prefix("994") {
            Some(national) => Self::azerbaijani(national),
            None => Self::foreign(digits),
        }
    }

    /// `national`: ASCII digits after +994 and any trunk 0.
    fn azerbaijani(national: &str) -> Result<Phone, PhoneProblem> {
        let national: [u8; 9] =
            national
                .as_bytes()
                .try_into()
                .map_err(|_| match national.len() {
                    n if n < 9 => PhoneProblem::TooShort { digits: n },
                    n => PhoneProblem::TooLong { digits: n },
                })?;
        let code: String = [national[0], national[1]].map(char::from).iter().collect();
        let kind = if AZ_MOBILE_CODES.contains(&code.as_str()) {
            PhoneKind::Mobile
        } else if AZ_LANDLINE_CODES.contains(&code.as_str()) {
            PhoneKind::Landline
        } else {
            return Err(PhoneProblem::UnknownCode(code));
        };
        Ok(Phone(PhoneRepr::Azerbaijani { kind, national }))
    }

    fn foreign(digits: &str) -> Result<Phone, PhoneProblem> {
        if digits.starts_with('0') || !(7..=15).contains(&digits.len()) {
            return Err(PhoneProblem::ForeignInvalid {
                digits: digits.len(),
            });
        }
        Ok(Phone(PhoneRepr::Foreign {
            digits: digits.to_owned(),
        }))
    }

    /// Mobile, landline or foreign.
    pub fn kind(&self) -> PhoneKind {
        match &self.0 {
            PhoneRepr::Azerbaijani { kind, .. } => *kind,
            PhoneRepr::Foreign { .. } => PhoneKind::Foreign,
        }
    }

    /// The 9 digits after +994 (`501234567`); `None` for a foreign number.
    pub fn national(&self) -> Option<String> {
        match &self.0 {
            PhoneRepr::Azerbaijani { national, .. } => {
                Some(national.iter().copied().map(char::from).collect())
            }
            PhoneRepr::Foreign { .. } => None,
        }
    }

    /// `+994501234567` or `+79123456789`: for SMS gateways and storage
    /// ([`from_e164`](Phone::from_e164) reads it back).
    pub fn e164(&self) -> String {
        match &self.0 {
            PhoneRepr::Azerbaijani { .. } => format!("+994{}", self.national().unwrap_or_default()),
            PhoneRepr::Foreign { digits } => format!("+{digits}"),
        }
    }
}

/// The canonical form shown and printed: `+994 50 123 45 67`; a foreign number as E.164.
impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            PhoneRepr::Azerbaijani { national, .. } => {
                f.write_str("+994")?;
                for (i, &digit) in national.iter().enumerate() {
                    if matches!(i, 0 | 2 | 5 | 7) {
                        f.write_str(" ")?;
                    }
                    write!(f, "{}", char::from(digit))?;
                }
                Ok(())
            }
            PhoneRepr::Foreign { digits } => write!(f, "+{digits}"),
        }
    }
}

/// Why a text is not a phone number the kiosk accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneProblem {
    #[error("empty")]
    Empty,
    #[error("{0:?} is not a digit or a separator")]
    InvalidCharacter(char),
    #[error("{digits} national digits, 9 needed")]
    TooShort { digits: usize },
    #[error("{digits} national digits, 9 needed")]
    TooLong { digits: usize },
    #[error("0{0} is neither a mobile operator code nor an area code")]
    UnknownCode(String),
    #[error(
        "a foreign number has 7 to 15 digits after +, the country code first; this has {digits}"
    )]
    ForeignInvalid { digits: usize },
    #[error("not a stored E.164 number: + followed by digits only")]
    NotE164,
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// A field of the booking form (or the details screen's comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Official,
    ReceptionDate,
    Topic,
    SocialStatus,
    Privilege,
    Email,
    Phone,
    Workplace,
    Position,
    Address,
    Note,
    Comment,
}

impl Field {
    /// The stable key, which also starts every error code of the field.
    pub fn key(self) -> &'static str {
        match self {
            Field::Official => "official",
            Field::ReceptionDate => "date",
            Field::Topic => "topic",
            Field::SocialStatus => "social-status",
            Field::Privilege => "privilege",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Workplace => "workplace",
            Field::Position => "position",
            Field::Address => "address",
            Field::Note => "note",
            Field::Comment => "comment",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Required and empty.
    Missing,
    /// An id that is not among the choices offered.
    NotInCatalog,
    /// The reception date is not a date (a UI bug rather than a citizen's mistake).
    DateUnreadable,
    /// A date that was not among the offered reception dates.
    DateNotOffered,
    /// Longer than `max` characters (grapheme clusters) after cleaning.
    TooLong {
        max: usize,
        found: usize,
    },
    Email(EmailProblem),
    Phone(PhoneProblem),
}

/// One field's error: a stable code, the field, and a message for the citizen in az, ru or en.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {} ({:?})", self.field, self.code(), self.problem)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

fn t(lang: Lang, az: &str, ru: &str, en: &str) -> String {
    match lang {
        Lang::Az => az,
        Lang::Ru => ru,
        Lang::En => en,
    }
    .to_owned()
}

impl FieldError {
    pub fn new(field: Field, problem: Problem) -> Self {
        FieldError { field, problem }
    }

    /// The stable code, `<field>-<problem>`: `official-unknown`, `date-not-offered`,
    /// `email-invalid`, `phone-missing`, `phone-too-short`, `phone-unknown-code`,
    /// `phone-invalid-character`, `phone-foreign-invalid`, `phone-not-e164`, `note-too-long`, …
    pub fn code(&self) -> String {
        let suffix = match &self.problem {
            Problem::Missing => "missing",
            Problem::NotInCatalog => "unknown",
            Problem::DateUnreadable | Problem::Email(_) => "invalid",
            Problem::DateNotOffered => "not-offered",
            Problem::TooLong { .. } => "too-long",
            Problem::Phone(p) => match p {
                PhoneProblem::Empty => "missing",
                PhoneProblem::InvalidCharacter(_) => "invalid-character",
                PhoneProblem::TooShort { .. } => "too-short",
                PhoneProblem::TooLong { .. } => "too-long",
                PhoneProblem::UnknownCode(_) => "unknown-code",
                PhoneProblem::ForeignInvalid { .. } => "foreign-invalid",
                PhoneProblem::NotE164 => "not-e164",
            },
        };
        format!("{}-{suffix}", self.field.key())
    }

    /// A short, polite message that says what to do, for the touch screen.
    pub fn message(&self, lang: Lang) -> String {
        use Field as F;
        match (&self.problem, self.field) {
            (Problem::Missing, F::Official) => t(
                lang,
                "Qəbuluna yazılmaq istədiyiniz vəzifəli şəxsi seçin.",
                "Выберите должностное лицо, к которому хотите записаться.",
                "Please choose the official you want to see.",
            ),
            (Problem::Missing, F::ReceptionDate) => t(
                lang,
                "Qəbul gününü seçin.",
                "Выберите день приёма.",
                "Please choose a reception day.",
            ),
            (Problem::Missing, F::Topic) => t(
                lang,
                "Müraciət istiqamətini seçin.",
                "Выберите тему обращения.",
                "Please choose the subject of your application.",
            ),
            (Problem::Missing, F::SocialStatus) => t(
                lang,
                "Sosial statusunuzu seçin.",
                "Выберите ваш социальный статус.",
                "Please choose your social status.",
            ),
            (Problem::Missing, F::Privilege) => t(
                lang,
                "İmtiyazınızı və ya «İmtiyazım yoxdur» variantını seçin.",
                "Выберите льготу или «Льгот нет».",
                "Please choose your privilege, or “I have no privilege”.",
            ),
            (Problem::Missing, F::Email) => t(
                lang,
                "E-poçt ünvanınızı yazın, məsələn ad@mail.az",
                "Укажите адрес электронной почты, например name@mail.az",
                "Please enter your e-mail address, for example name@mail.az",
            ),
            (Problem::Missing, F::Phone) => t(
                lang,
                "Telefon nömrənizi yazın, məsələn 050 123 45 67",
                "Укажите номер телефона, например 050 123 45 67",
                "Please enter your phone number, for example 050 123 45 67",
            ),
            (Problem::Missing, F::Workplace) => t(
                lang,
                "İş yerinizi yazın.",
                "Укажите место работы.",
                "Please enter your workplace.",
            ),
            (Problem::Missing, F::Position) => t(
                lang,
                "Vəzifənizi yazın.",
                "Укажите вашу должность.",
                "Please enter your position.",
            ),
            (Problem::Missing, F::Address) => t(
                lang,
                "Yaşadığınız ünvanı yazın və ya «Şəxsiyyət vəsiqəsi ilə eynidir» xanasını işarələyin.",
                "Укажите адрес проживания или отметьте «Совпадает с удостоверением личности».",
                "Please enter the address where you live, or tick “Same as ID card”.",
            ),
            (Problem::Missing, F::Note) => t(
                lang,
                "Qeydinizi yazın.",
                "Напишите примечание.",
                "Please write your note.",
            ),
            (Problem::Missing, F::Comment) => t(
                lang,
                "Fikrinizi yazın.",
                "Напишите ваш комментарий.",
                "Please write your comment.",
            ),
            (Problem::NotInCatalog, F::Official) => t(
                lang,
                "Bu vəzifəli şəxs siyahıda yoxdur. Siyahıdan yenidən seçin.",
                "Этого должностного лица нет в списке. Выберите снова из списка.",
                "This official is not on the list. Please choose again from the list.",
            ),
            (Problem::NotInCatalog, F::Topic) => t(
                lang,
                "Bu müraciət istiqaməti siyahıda yoxdur. Siyahıdan seçin.",
                "Такой темы обращения нет в списке. Выберите из списка.",
                "This subject is not on the list. Please choose one from the list.",
            ),
            (Problem::NotInCatalog, F::SocialStatus) => t(
                lang,
                "Bu sosial status siyahıda yoxdur. Siyahıdan seçin.",
                "Такого социального статуса нет в списке. Выберите из списка.",
                "This social status is not on the list. Please choose one from the list.",
            ),
            (Problem::NotInCatalog, F::Privilege) => t(
                lang,
                "Bu imtiyaz siyahıda yoxdur. Siyahıdan imtiyazınızı və ya «İmtiyazım yoxdur» variantını seçin.",
                "Такой льготы нет в списке. Выберите из списка или «Льгот нет».",
                "This privilege is not on the list. Choose one from the list, or “I have no privilege”.",
            ),
            (Problem::NotInCatalog, _) => t(
                lang,
                "Siyahıdan seçin.",
                "Выберите из списка.",
                "Please choose from the list.",
            ),
            (Problem::DateUnreadable, _) => t(
                lang,
                "Qəbul gününü təklif olunan günlərdən seçin.",
                "Выберите день приёма из предложенных.",
                "Please choose the reception day from the days offered.",
            ),
            (Problem::DateNotOffered, _) => t(
                lang,
                "Seçilən tarixdə qəbul yoxdur. Təklif olunan günlərdən birini seçin.",
                "На выбранную дату приёма нет. Выберите один из предложенных дней.",
                "There is no reception on the chosen date. Please choose one of the days offered.",
            ),
            (Problem::TooLong { max, found }, field) => {
                let (az, ru, en) = match field {
                    F::Workplace => ("İş yeri", "Место работы", "Workplace"),
                    F::Position => ("Vəzifə", "Должность", "Position"),
                    F::Address => ("Ünvan", "Адрес", "The address"),
                    F::Note => ("Qeyd", "Примечание", "The note"),
                    F::Comment => ("Fikriniz", "Комментарий", "Your comment"),
                    _ => ("Mətn", "Текст", "The text"),
                };
                match lang {
                    Lang::Az => format!(
                        "{az} ən çox {max} simvol ola bilər, indi {found} simvoldur. Mətni qısaldın."
                    ),
                    // Every limit ends in 0, so "символов" is the right plural.
                    Lang::Ru => format!(
                        "{ru}: не более {max} символов, сейчас {found}. Сократите, пожалуйста."
                    ),
                    Lang::En => format!(
                        "{en} can be at most {max} characters; it has {found}. Please shorten it."
                    ),
                }
            }
            (Problem::Email(EmailProblem::NonAsciiDomain), _) => t(
                lang,
                "E-poçt ünvanında @ işarəsindən sonrakı hissəni yalnız latın hərfləri ilə yazın (ə, ı, ş, ç, ğ, ö, ü olmadan), məsələn ad@mail.az",
                "Часть адреса электронной почты после @ пишется только латинскими буквами, без ə, ı, ş, ç, ğ, ö, ü, например name@mail.az",
                "The part of the e-mail address after @ can only have plain Latin letters (no ə, ı, ş, ç, ğ, ö, ü), for example name@mail.az",
            ),
            (Problem::Email(_), _) => t(
                lang,
                "E-poçt ünvanını yoxlayın, məsələn ad@mail.az",
                "Проверьте адрес электронной почты, например name@mail.az",
                "Please check the e-mail address, for example name@mail.az",
            ),
            (Problem::Phone(p), _) => phone_message(p, lang),
        }
    }
}

fn phone_message(p: &PhoneProblem, lang: Lang) -> String {
    match p {
        PhoneProblem::Empty => t(
            lang,
            "Telefon nömrənizi yazın, məsələn 050 123 45 67",
            "Укажите номер телефона, например 050 123 45 67",
            "Please enter your phone number, for example 050 123 45 67",
        ),
        PhoneProblem::InvalidCharacter(_) | PhoneProblem::NotE164 => t(
            lang,
            "Telefon nömrəsini yalnız rəqəmlərlə yazın, məsələn 050 123 45 67",
            "Введите номер телефона только цифрами, например 050 123 45 67",
            "Please write the phone number in digits only, for example 050 123 45 67",
        ),
        PhoneProblem::TooShort { .. } => t(
            lang,
            "Telefon nömrəsini tam yazın, məsələn 050 123 45 67",
            "Введите номер телефона полностью, например 050 123 45 67",
            "Please enter the whole phone number, for example 050 123 45 67",
        ),
        PhoneProblem::TooLong { .. } => t(
            lang,
            "Telefon nömrəsində artıq rəqəm var. Yoxlayın, məsələn 050 123 45 67",
            "В номере телефона лишние цифры. Проверьте, например 050 123 45 67",
            "The phone number has too many digits. Please check it, for example 050 123 45 67",
        ),
        PhoneProblem::UnknownCode(code) => match lang {
            Lang::Az => format!(
                "0{code} kodu tanınmır. Operator və ya şəhər kodunu yoxlayın, məsələn 050 və ya 012"
            ),
            Lang::Ru => format!(
                "Код 0{code} неизвестен. Проверьте код оператора или города, например 050 или 012"
            ),
            Lang::En => format!(
                "The code 0{code} is not known. Please check the operator or city code, for example 050 or 012"
            ),
        },
        PhoneProblem::ForeignInvalid { .. } => t(
            lang,
            "Xarici nömrəni ölkə kodu ilə tam yazın, məsələn +7 912 345 67 89",
            "Введите иностранный номер полностью, с кодом страны, например +7 912 345 67 89",
            "Please enter the foreign number in full with its country code, for example +7 912 345 67 89",
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Booking policy
// ---------------------------------------------------------------------------------------------

/// How many active bookings one citizen may hold with one official, so that one person cannot
/// take every place. The default is 1; 0 refuses every booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingPolicy {
    pub max_active_per_official: usize,
}

impl Default for BookingPolicy {
    fn default() -> Self {
        BookingPolicy {
            max_active_per_official: 1,
        }
    }
}

/// One of the citizen's bookings that is still active (not closed, not yet held), as the caller
/// found it for this citizen (by FİN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveBooking {
    pub official_id: String,
    pub reception_date: NaiveDate,
}

impl BookingPolicy {
    /// May the citizen whose active bookings are `active` book `official_id` once more?
    pub fn check(&self, official_id: &str, active: &[ActiveBooking]) -> Result<(), PolicyRefusal> {
        let mut dates: Vec<NaiveDate> = active
            .iter()
            .filter(|b| b.official_id == official_id)
            .map(|b| b.reception_date)
            .collect();
        if dates.len() < self.max_active_per_official {
            return Ok(());
        }
        dates.sort();
        Err(PolicyRefusal {
            official_id: official_id.to_owned(),
            max: self.max_active_per_official,
            active_dates: dates,
        })
    }
}

/// The policy's refusal: the citizen already holds as many bookings with this official as allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("booking-limit-reached: {} active booking(s) with official {official_id:?}, at most {max}", active_dates.len())]
pub struct PolicyRefusal {
    pub official_id: String,
    pub max: usize,
    /// The reception dates already booked with this official, earliest first.
    pub active_dates: Vec<NaiveDate>,
}

impl PolicyRefusal {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        "booking-limit-reached"
    }

    /// A short, polite message that says what the citizen can do.
    pub fn message(&self, lang: Lang) -> String {
        let dates = self
            .active_dates
            .iter()
            .map(|d| d.format("%d.%m.%Y").to_string())
            .collect::<Vec<_>>()
            .join(", ");
        match (self.active_dates.as_slice(), lang) {
            ([], _) => t(
                lang,
                "Bu vəzifəli şəxsin qəbuluna hazırda yazılmaq mümkün deyil.",
                "Записаться к этому должностному лицу сейчас нельзя.",
                "Bookings with this official are not possible at the moment.",
            ),
            ([_], Lang::Az) => format!(
                "Siz artıq bu vəzifəli şəxsin qəbuluna yazılmısınız: {dates}. Həmin qəbuldan sonra yenidən yazıla bilərsiniz."
            ),
            ([_], Lang::Ru) => format!(
                "Вы уже записаны к этому должностному лицу на {dates}. Записаться снова можно после этого приёма."
            ),
            ([_], Lang::En) => format!(
                "You already have a booking with this official on {dates}. You can book again after that reception."
            ),
            (_, Lang::Az) => format!(
                "Siz artıq bu vəzifəli şəxsin qəbuluna {} dəfə yazılmısınız: {dates}. Bu qəbullardan sonra yenidən yazıla bilərsiniz.",
                self.active_dates.len()
            ),
            (_, Lang::Ru) => format!(
                "Вы уже записаны к этому должностному лицу на {dates}, это предел. Записаться снова можно после этих приёмов."
            ),
            (_, Lang::En) => format!(
                "You already have {} bookings with this official: {dates}. You can book again after those receptions.",
                self.active_dates.len()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const OFFERED: [NaiveDate; 4] = [
        NaiveDate::from_ymd_opt(2015, 4, 7).unwrap(),
        NaiveDate::from_ymd_opt(2015, 4, 8).unwrap(),
        NaiveDate::from_ymd_opt(2015, 4, 14).unwrap(),
        NaiveDate::from_ymd_opt(2015, 4, 15).unwrap(),
    ];

    fn ctx() -> BookingContext<'static> {
        BookingContext {
            official_ids: &["isgenderov-sahin", "sahbazov-zakir"],
            offered_dates: &OFFERED,
            topic_ids: &["entrepreneurship", "agriculture"],
            social_status_ids: &["public-sector", "entrepreneur"],
            privilege_ids: &["veteran", "disability-1"],
            no_privilege_id: Some("none"),
            registered_address: "Biləsuvar rayonu, Nizami küçəsi 5",
        }
    }

    /// The seed's form (Şəkil 5 and 9), filled in as a citizen would.
    fn seed_form() -> BookingForm {
        BookingForm {
            official_id: "isgenderov-sahin".into(),
            reception_date: "2015-04-08".into(),
            topic_id: "entrepreneurship".into(),
            social_status_id: "public-sector".into(),
            privilege_id: "none".into(),
            email: "  Gohar.Abdullayeva@MAIL.AZ ".into(),
            phone: "050 123 45 67".into(),
            workplace: " Məlumat Hesablama Mərkəzi ".into(),
            position: "mühəndis".into(),
            current_address: String::new(),
            address_same_as_id: true,
            note: "Torpaq sahəsi barədə.".into(),
        }
    }

    fn codes(form: &BookingForm) -> Vec<String> {
        match validate_booking(form, &ctx()) {
            Ok(_) => vec![],
            Err(errors) => errors.iter().map(FieldError::code).collect(),
        }
    }

    fn canonical(input: &str) -> String {
        Phone::parse(input)
            .unwrap_or_else(|e| panic!("{input:?}: {e}"))
            .to_string()
    }

    // ----- the whole form -----

    #[test]
    fn seed_form_is_accepted_and_cleaned() {
        let b = validate_booking(&seed_form(), &ctx()).unwrap();
        assert_eq!(b.official_id, "isgenderov-sahin");
        assert_eq!(b.reception_date, date(2015, 4, 8));
        assert_eq!(b.privilege_id, None);
        assert_eq!(b.email.unwrap().as_str(), "Gohar.Abdullayeva@mail.az");
        assert_eq!(b.phone.to_string(), "+994 50 123 45 67");
        assert_eq!(b.workplace, "Məlumat Hesablama Mərkəzi");
        assert_eq!(
            b.address,
            Address::SameAsIdCard("Biləsuvar rayonu, Nizami küçəsi 5".into())
        );
        assert_eq!(b.note, "Torpaq sahəsi barədə.");
    }

    #[test]
    fn empty_form_lists_every_required_field_in_form_order() {
        assert_eq!(
            codes(&BookingForm::default()),
            [
                "official-missing",
                "date-missing",
                "topic-missing",
                "social-status-missing",
                "phone-missing",
                "address-missing",
            ]
        );
    }

    #[test]
    fn optional_fields_may_stay_empty() {
        let form = BookingForm {
            privilege_id: String::new(),
            email: "   ".into(),
            workplace: String::new(),
            position: String::new(),
            note: String::new(),
            ..seed_form()
        };
        let b = validate_booking(&form, &ctx()).unwrap();
        assert_eq!((b.privilege_id, b.email), (None, None));
        assert_eq!((b.workplace.as_str(), b.note.as_str()), ("", ""));
    }

    #[test]
    fn official_not_in_catalog_is_refused() {
        let form = BookingForm {
            official_id: "someone-else".into(),
            ..seed_form()
        };
        assert_eq!(codes(&form), ["official-unknown"]);
    }

    #[test]
    fn only_an_offered_reception_date_is_accepted() {
        for offered in ["2015-04-07", "07.04.2015", " 2015-04-15 "] {
            let form = BookingForm {
                reception_date: offered.into(),
                ..seed_form()
            };
            assert_eq!(codes(&form), Vec::<String>::new(), "{offered}");
        }
        let not_offered = BookingForm {
            reception_date: "2015-04-09".into(),
            ..seed_form()
        };
        assert_eq!(codes(&not_offered), ["date-not-offered"]);
        let garbage = BookingForm {
            reception_date: "sabah".into(),
            ..seed_form()
        };
        assert_eq!(codes(&garbage), ["date-invalid"]);
    }

    #[test]
    fn topic_status_and_privilege_must_come_from_the_catalog() {
        let form = BookingForm {
            topic_id: "weather".into(),
            social_status_id: "astronaut".into(),
            privilege_id: "king".into(),
            ..seed_form()
        };
        assert_eq!(
            codes(&form),
            [
                "topic-unknown",
                "social-status-unknown",
                "privilege-unknown"
            ]
        );
        let veteran = BookingForm {
            privilege_id: "veteran".into(),
            ..seed_form()
        };
        let b = validate_booking(&veteran, &ctx()).unwrap();
        assert_eq!(b.privilege_id.as_deref(), Some("veteran"));
    }

    #[test]
    fn privilege_placeholder_dashes_mean_no_privilege() {
        for placeholder in ["--", " -- ", "—", "\u{2013}\u{2013}"] {
            let form = BookingForm {
                privilege_id: placeholder.into(),
                ..seed_form()
            };
            let b = validate_booking(&form, &ctx()).unwrap();
            assert_eq!(b.privilege_id, None, "{placeholder:?}");
        }
        // In a required list the placeholder means nothing was chosen.
        let form = BookingForm {
            topic_id: "--".into(),
            ..seed_form()
        };
        assert_eq!(codes(&form), ["topic-missing"]);
    }

    #[test]
    fn typed_address_is_used_unless_same_as_id_card() {
        let form = BookingForm {
            address_same_as_id: false,
            current_address: "  Bakı,\n Nəsimi r.,   Azadlıq pr. 1 ".into(),
            ..seed_form()
        };
        let b = validate_booking(&form, &ctx()).unwrap();
        assert_eq!(
            b.address,
            Address::Current("Bakı, Nəsimi r., Azadlıq pr. 1".into())
        );
        let empty = BookingForm {
            address_same_as_id: false,
            current_address: " \t ".into(),
            ..seed_form()
        };
        assert_eq!(codes(&empty), ["address-missing"]);
    }

    #[test]
    fn same_as_id_card_without_a_registered_address_asks_for_one() {
        let ctx = BookingContext {
            registered_address: "  ",
            ..ctx()
        };
        let errors = validate_booking(&seed_form(), &ctx).unwrap_err();
        assert_eq!(errors[0].code(), "address-missing");
    }

    #[test]
    fn workplace_position_and_address_have_length_limits() {
        let form = BookingForm {
            workplace: "ş".repeat(WORKPLACE_MAX + 1),
            position: "ə".repeat(POSITION_MAX),
            address_same_as_id: false,
            current_address: "a".repeat(ADDRESS_MAX + 5),
            ..seed_form()
        };
        let errors = validate_booking(&form, &ctx()).unwrap_err();
        assert_eq!(
            errors,
            [
                FieldError::new(
                    Field::Workplace,
                    Problem::TooLong {
                        max: WORKPLACE_MAX,
                        found: WORKPLACE_MAX + 1
                    }
                ),
                FieldError::new(
                    Field::Address,
                    Problem::TooLong {
                        max: ADDRESS_MAX,
                        found: ADDRESS_MAX + 5
                    }
                ),
            ]
        );
    }

    // ----- e-mail -----

    #[test]
    fn email_is_trimmed_and_its_domain_lower_cased() {
        assert_eq!(
            Email::parse(" Ali.Aliyev@Mail.AZ ").unwrap().as_str(),
            "Ali.Aliyev@mail.az"
        );
        assert!(Email::parse("a@b.co").is_ok());
    }

    #[test]
    fn email_domain_is_lower_cased_the_azerbaijani_way() {
        // İ is the Azerbaijani capital of i: no combining dot is left behind.
        assert_eq!(Email::parse("Ali@MAİL.AZ").unwrap().as_str(), "Ali@mail.az");
        // An ASCII I in a domain is compared as i by DNS, not read as the Azerbaijani ı.
        assert_eq!(Email::parse("Ali@MAIL.AZ").unwrap().as_str(), "Ali@mail.az");
    }

    #[test]
    fn email_domain_outside_ascii_is_refused_and_the_message_says_so() {
        for input in ["ali@maıl.az", "ali@şəki.az", "ali@MAİL.ƏZ"] {
            assert_eq!(
                Email::parse(input),
                Err(EmailProblem::NonAsciiDomain),
                "{input}"
            );
        }
        let form = BookingForm {
            email: "ali@maıl.az".into(),
            ..seed_form()
        };
        let errors = validate_booking(&form, &ctx()).unwrap_err();
        assert_eq!(errors[0].code(), "email-invalid");
        assert!(errors[0].message(Lang::Az).contains("latın hərfləri"));
        assert!(errors[0].message(Lang::Ru).contains("латинскими буквами"));
        assert!(errors[0].message(Lang::En).contains("Latin letters"));
    }

    #[test]
    fn email_without_at_or_dot_or_with_spaces_is_refused() {
        let cases = [
            ("ali.mail.az", EmailProblem::NoAt),
            ("ali@@mail.az", EmailProblem::ManyAt),
            ("ali@x@mail.az", EmailProblem::ManyAt),
            ("ali@mailaz", EmailProblem::NoDotInDomain),
            ("ali @mail.az", EmailProblem::Space),
            ("@mail.az", EmailProblem::BadLocalPart),
            ("ali@.az", EmailProblem::BadDomain),
            ("ali@mail.", EmailProblem::BadDomain),
            ("ali@mail..az", EmailProblem::BadDomain),
        ];
        for (input, problem) in cases {
            assert_eq!(Email::parse(input), Err(problem), "{input}");
        }
        let form = BookingForm {
            email: "ali.mail.az".into(),
            ..seed_form()
        };
        assert_eq!(codes(&form), ["email-invalid"]);
    }

    // ----- phone -----

    #[test]
    fn every_common_way_of_writing_a_mobile_number_gives_the_same_number() {
        for input in [
            "050 123 45 67",
            "0501234567",
            "+994501234567",
            "994 (50) 123-45-67",
            "+994 50 123 45 67",
            "(050) 123-45-67",
            "50 123 45 67",
            "00994 50 123 45 67",
            "+994 (0)50 123 45 67",
            "050-123-45-67",
            "050.123.45.67",
            " 050 123 45 67 ",
            "050\u{a0}123\u{a0}45\u{a0}67",
        ] {
            assert_eq!(canonical(input), "+994 50 123 45 67", "{input:?}");
        }
    }

    #[test]
    fn every_common_way_of_writing_a_baku_number_gives_the_same_number() {
        for input in [
            "(012) 345-67-89",
            "12 345 67 89",
            "012 345 67 89",
            "0123456789",
            "+994 12 345 67 89",
            "994123456789",
        ] {
            assert_eq!(canonical(input), "+994 12 345 67 89", "{input:?}");
        }
        assert_eq!(
            Phone::parse("012 345 67 89").unwrap().kind(),
            PhoneKind::Landline
        );
    }

    #[test]
    fn every_mobile_operator_and_area_code_is_accepted() {
        for code in AZ_MOBILE_CODES {
            let p = Phone::parse(&format!("0{code} 123 45 67")).unwrap();
            assert_eq!(p.to_string(), format!("+994 {code} 123 45 67"));
            assert_eq!(p.kind(), PhoneKind::Mobile);
        }
        for code in AZ_LANDLINE_CODES {
            let p = Phone::parse(&format!("0{code} 123 45 67")).unwrap();
            assert_eq!(p.kind(), PhoneKind::Landline);
        }
    }

    #[test]
    fn nine_digit_mobile_starting_with_994_is_read_as_national() {
        assert_eq!(canonical("99 412 34 56"), "+994 99 412 34 56");
        assert_eq!(canonical("099 412 34 56"), "+994 99 412 34 56");
    }

    #[test]
    fn nine_digits_with_a_trunk_zero_are_one_digit_short_not_an_unknown_code() {
        assert_eq!(
            Phone::parse("050 123 45 6"),
            Err(PhoneProblem::TooShort { digits: 8 })
        );
        assert_eq!(
            Phone::parse("012345678"),
            Err(PhoneProblem::TooShort { digits: 8 })
        );
        let form = BookingForm {
            phone: "050 123 45 6".into(),
            ..seed_form()
        };
        let errors = validate_booking(&form, &ctx()).unwrap_err();
        assert_eq!(errors[0].code(), "phone-too-short");
        assert!(!errors[0].message(Lang::Az).contains("005"));
    }

    #[test]
    fn eleven_digits_starting_with_994_are_one_digit_short() {
        assert_eq!(
            Phone::parse("99450123456"),
            Err(PhoneProblem::TooShort { digits: 8 })
        );
        assert_eq!(
            Phone::parse("994 50 123 45"),
            Err(PhoneProblem::TooShort { digits: 7 })
        );
        assert_eq!(canonical("994 0 50 123 45 67"), "+994 50 123 45 67");
    }

    #[test]
    fn plus_may_come_after_an_opening_parenthesis() {
        assert_eq!(canonical("(+994) 50 123-45-67"), "+994 50 123 45 67");
        assert_eq!(canonical("( +994 ) (50) 123 45 67"), "+994 50 123 45 67");
        assert_eq!(canonical("(+7) 912 345-67-89"), "+79123456789");
        assert_eq!(
            Phone::parse("(050) +123 45 67"),
            Err(PhoneProblem::InvalidCharacter('+'))
        );
    }

    #[test]
    fn copied_number_with_invisible_marks_and_long_dashes_is_read() {
        for input in [
            "\u{202a}+994 50 123 45 67\u{202c}",
            "\u{2066}050\u{200b}123\u{2060}45\u{feff}67\u{2069}",
            "050 — 123 — 45 — 67",
            "050\u{2011}123\u{2011}45\u{2011}67",
        ] {
            assert_eq!(canonical(input), "+994 50 123 45 67", "{input:?}");
        }
        assert_eq!(Phone::parse("\u{200b} \u{feff}"), Err(PhoneProblem::Empty));
    }

    #[test]
    fn stored_phone_is_rebuilt_only_through_a_checked_constructor() {
        let mobile = Phone::from_e164("+994501234567").unwrap();
        assert_eq!(mobile, Phone::parse("050 123 45 67").unwrap());
        assert_eq!(mobile.to_string(), "+994 50 123 45 67");
        assert_eq!(mobile.national().as_deref(), Some("501234567"));
        let foreign = Phone::from_e164("+79123456789").unwrap();
        assert_eq!(
            (foreign.kind(), foreign.national()),
            (PhoneKind::Foreign, None)
        );
        assert_eq!(foreign.to_string(), "+79123456789");
        assert_eq!(format!("{mobile:?}"), r#"Phone("+994501234567")"#);
        // What a damaged database row may hold: refused, never a value that panics when shown.
        let cases = [
            ("+99450", PhoneProblem::TooShort { digits: 2 }),
            ("+994", PhoneProblem::TooShort { digits: 0 }),
            ("+9940501234567", PhoneProblem::TooLong { digits: 10 }),
            ("+994311234567", PhoneProblem::UnknownCode("31".into())),
            ("+7912", PhoneProblem::ForeignInvalid { digits: 4 }),
            ("0501234567", PhoneProblem::NotE164),
            ("+994 50 123 45 67", PhoneProblem::NotE164),
            ("+", PhoneProblem::NotE164),
            ("", PhoneProblem::NotE164),
        ];
        for (stored, problem) in cases {
            assert_eq!(Phone::from_e164(stored), Err(problem), "{stored:?}");
        }
    }

    #[test]
    fn foreign_numbers_are_kept_in_e164() {
        assert_eq!(canonical("+7 912 345-67-89"), "+79123456789");
        assert_eq!(canonical("00 7 912 345 67 89"), "+79123456789");
        assert_eq!(canonical("+90 532 123 45 67"), "+905321234567");
        assert_eq!(
            Phone::parse("+7 (912) 345 67 89").unwrap().e164(),
            "+79123456789"
        );
        assert_eq!(
            Phone::parse("050 123 45 67").unwrap().e164(),
            "+994501234567"
        );
    }

    #[test]
    fn foreign_number_too_short_or_too_long_is_refused() {
        assert_eq!(
            Phone::parse("+7 912"),
            Err(PhoneProblem::ForeignInvalid { digits: 4 })
        );
        assert_eq!(
            Phone::parse("+1 234 567 890 123 456"),
            Err(PhoneProblem::ForeignInvalid { digits: 16 })
        );
        assert!(Phone::parse("+0 123 456 789").is_err());
    }

    #[test]
    fn wrong_phone_numbers_are_refused_with_a_reason() {
        let cases = [
            ("050 123 45", PhoneProblem::TooShort { digits: 7 }),
            ("050 123 45 678", PhoneProblem::TooLong { digits: 10 }),
            ("+994 50 123 45", PhoneProblem::TooShort { digits: 7 }),
            ("031 123 45 67", PhoneProblem::UnknownCode("31".into())),
            ("040 123 45 67", PhoneProblem::UnknownCode("40".into())),
            ("050 123 45 6x", PhoneProblem::InvalidCharacter('x')),
            ("050+1234567", PhoneProblem::InvalidCharacter('+')),
            ("++994 50 123 45 67", PhoneProblem::InvalidCharacter('+')),
            ("050 123 45 6", PhoneProblem::TooShort { digits: 8 }),
            ("99450123456", PhoneProblem::TooShort { digits: 8 }),
            ("9945012345678", PhoneProblem::TooLong { digits: 10 }),
            ("nömrəm yoxdur", PhoneProblem::InvalidCharacter('n')),
            ("   ", PhoneProblem::Empty),
        ];
        for (input, problem) in cases {
            assert_eq!(Phone::parse(input), Err(problem), "{input:?}");
        }
    }

    #[test]
    fn short_phone_number_asks_for_the_whole_number_in_each_language() {
        let form = BookingForm {
            phone: "050 123 45".into(),
            ..seed_form()
        };
        let errors = validate_booking(&form, &ctx()).unwrap_err();
        assert_eq!(errors.len(), 1);
        let e = &errors[0];
        assert_eq!(
            (e.field, e.code().as_str()),
            (Field::Phone, "phone-too-short")
        );
        assert_eq!(
            e.message(Lang::Az),
            "Telefon nömrəsini tam yazın, məsələn 050 123 45 67"
        );
        assert_eq!(
            e.message(Lang::Ru),
            "Введите номер телефона полностью, например 050 123 45 67"
        );
        assert_eq!(
            e.message(Lang::En),
            "Please enter the whole phone number, for example 050 123 45 67"
        );
    }

    #[test]
    fn unknown_phone_code_is_named_in_the_message() {
        let e = FieldError::new(
            Field::Phone,
            Problem::Phone(PhoneProblem::UnknownCode("31".into())),
        );
        assert_eq!(e.code(), "phone-unknown-code");
        for lang in Lang::ALL {
            assert!(
                e.message(lang).contains("031"),
                "{lang}: {}",
                e.message(lang)
            );
        }
    }

    fn az_code() -> impl Strategy<Value = &'static str> {
        prop::sample::select(
            AZ_MOBILE_CODES
                .iter()
                .chain(AZ_LANDLINE_CODES.iter())
                .copied()
                .collect::<Vec<_>>(),
        )
    }

    proptest! {
        #[test]
        fn any_az_number_in_any_format_normalises_to_one_canonical_form(
            code in az_code(),
            a in 0u32..1000, b in 0u32..100, c in 0u32..100,
            format in 0usize..12,
        ) {
            let (a, b, c) = (format!("{a:03}"), format!("{b:02}"), format!("{c:02}"));
            let written = match format {
                0 => format!("0{code} {a} {b} {c}"),
                1 => format!("0{code}{a}{b}{c}"),
                2 => format!("+994{code}{a}{b}{c}"),
                3 => format!("994 ({code}) {a}-{b}-{c}"),
                4 => format!("+994 {code} {a} {b} {c}"),
                5 => format!("(0{code}) {a}-{b}-{c}"),
                6 => format!("{code} {a} {b} {c}"),
                7 => format!("{code}{a}{b}{c}"),
                8 => format!("00994 {code} {a} {b} {c}"),
                9 => format!("+994 (0){code} {a} {b} {c}"),
                10 => format!("994{code}{a}{b}{c}"),
                _ => format!("  0{code}-{a}-{b}-{c}  "),
            };
            let phone = Phone::parse(&written).map_err(|e| TestCaseError::fail(format!("{written:?}: {e}")))?;
            prop_assert_eq!(phone.to_string(), format!("+994 {code} {a} {b} {c}"));
            prop_assert_eq!(phone.e164(), format!("+994{code}{a}{b}{c}"));
            // The canonical form reads back as itself.
            prop_assert_eq!(Phone::parse(&phone.to_string()).unwrap(), phone);
        }

        #[test]
        fn phone_parser_never_panics(s in "\\PC{0,30}") {
            if let Ok(phone) = Phone::parse(&s) {
                let _ = phone.to_string();
                prop_assert_eq!(Phone::from_e164(&phone.e164()), Ok(phone));
            }
        }

        #[test]
        fn stored_phone_reader_never_panics_and_reads_back(s in "\\+?[0-9]{0,20}") {
            if let Ok(phone) = Phone::from_e164(&s) {
                prop_assert_eq!(phone.e164(), s);
                let _ = phone.to_string();
            }
        }

        #[test]
        fn wrong_lengths_and_unknown_codes_are_always_refused(
            code in az_code(),
            subscriber in "[0-9]{0,12}",
            unknown in "[1-9][0-9]",
            seven in "[0-9]{7}",
            format in 0usize..5,
        ) {
            // A known code with a subscriber number that is not 7 digits long.
            prop_assume!(subscriber.len() != 7);
            let wrong_length = match format {
                0 => format!("0{code} {subscriber}"),
                1 => format!("+994 {code} {subscriber}"),
                2 => format!("00994{code}{subscriber}"),
                3 => format!("+994 (0){code} {subscriber}"),
                // 994 without "+" is the country code only in more than nine digits.
                _ if subscriber.len() <= 4 => format!("0{code}{subscriber}"),
                _ => format!("994{code}{subscriber}"),
            };
            let national = 2 + subscriber.len();
            let want = if national < 9 {
                PhoneProblem::TooShort { digits: national }
            } else {
                PhoneProblem::TooLong { digits: national }
            };
            prop_assert_eq!(Phone::parse(&wrong_length), Err(want), "{}", wrong_length);

            // An unknown code with a subscriber number of the right length.
            let known = AZ_MOBILE_CODES.iter().chain(AZ_LANDLINE_CODES.iter());
            prop_assume!(!known.clone().any(|c| *c == unknown));
            let unknown_code = match format {
                0 => format!("0{unknown} {seven}"),
                1 => format!("+994 {unknown} {seven}"),
                2 => format!("00994{unknown}{seven}"),
                3 => format!("+994 (0){unknown} {seven}"),
                _ => format!("{unknown}{seven}"),
            };
            prop_assert_eq!(
                Phone::parse(&unknown_code),
                Err(PhoneProblem::UnknownCode(unknown.clone())),
                "{}", unknown_code
            );
        }
    }

    // ----- note, comment, characters -----

    #[test]
    fn note_of_400_letters_with_combining_marks_is_accepted_and_401_refused() {
        // "ə" + combining acute + combining dot below: 3 chars, 5 bytes, one character to a reader.
        let letter = "ə\u{301}\u{323}";
        assert_eq!(count_characters(letter), 1);
        let ok = BookingForm {
            note: letter.repeat(NOTE_MAX),
            ..seed_form()
        };
        assert!(validate_booking(&ok, &ctx()).is_ok());
        let too_long = BookingForm {
            note: letter.repeat(NOTE_MAX + 1),
            ..seed_form()
        };
        let errors = validate_booking(&too_long, &ctx()).unwrap_err();
        assert_eq!(
            errors,
            [FieldError::new(
                Field::Note,
                Problem::TooLong {
                    max: 400,
                    found: 401
                }
            )]
        );
        assert_eq!(errors[0].code(), "note-too-long");
        assert_eq!(
            errors[0].message(Lang::Az),
            "Qeyd ən çox 400 simvol ola bilər, indi 401 simvoldur. Mətni qısaldın."
        );
    }

    #[test]
    fn flag_and_family_emoji_count_as_one_character_each() {
        assert_eq!(count_characters("🇦🇿"), 1);
        assert_eq!(count_characters("👨\u{200d}👩\u{200d}👧"), 1);
        assert_eq!(count_characters("Şəki 🇦🇿"), 6);
        let flags = BookingForm {
            note: "🇦🇿".repeat(NOTE_MAX),
            ..seed_form()
        };
        assert!(validate_booking(&flags, &ctx()).is_ok());
    }

    #[test]
    fn control_characters_and_surrounding_spaces_do_not_count() {
        let padded = format!("  \u{7}\u{202e}{}\u{0}  \n\n", "a".repeat(NOTE_MAX));
        let form = BookingForm {
            note: padded,
            ..seed_form()
        };
        let b = validate_booking(&form, &ctx()).unwrap();
        assert_eq!(b.note, "a".repeat(NOTE_MAX));
    }

    #[test]
    fn note_keeps_line_breaks_and_drops_control_characters() {
        assert_eq!(
            clean_multiline("  Salam,\r\nsualım var:\t torpaq \rsahəsi\u{1b}[31m  \n"),
            "Salam,\nsualım var:  torpaq\nsahəsi[31m"
        );
        // CR LF counts once, as LF.
        assert_eq!(count_characters(&clean_multiline("a\r\nb")), 3);
    }

    #[test]
    fn invisible_format_characters_are_dropped_and_do_not_fill_a_field() {
        let invisible = "\u{200b}\u{feff}\u{ad}\u{2060}\u{200e}\u{61c}\u{180e}\u{3164}\u{e0041}";
        assert_eq!(clean_line(invisible), "");
        assert_eq!(clean_multiline(invisible), "");
        for only in ["\u{200b}", invisible, "\u{200d}", " \u{200c}\u{fe0f} "] {
            let form = BookingForm {
                address_same_as_id: false,
                current_address: only.into(),
                ..seed_form()
            };
            assert_eq!(codes(&form), ["address-missing"], "{only:?}");
            assert_eq!(
                validate_comment(only).unwrap_err().code(),
                "comment-missing"
            );
        }
        assert_eq!(
            clean_line("Ni\u{ad}za\u{200b}mi\u{feff} küç."),
            "Nizami küç."
        );
        // They do not count toward the limit either.
        let form = BookingForm {
            note: "a\u{200b}\u{ad}".repeat(NOTE_MAX),
            ..seed_form()
        };
        assert_eq!(
            validate_booking(&form, &ctx()).unwrap().note,
            "a".repeat(NOTE_MAX)
        );
    }

    #[test]
    fn joiners_variation_selectors_and_emoji_tag_sequences_are_kept() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let heart = "❤\u{fe0f}";
        let persian = "می\u{200c}خواهم";
        let scotland = "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}";
        for kept in [family, heart, persian, scotland] {
            assert_eq!(clean_line(kept), kept);
            assert_eq!(clean_multiline(kept), kept);
        }
        assert_eq!(count_characters(scotland), 1);
        // Tag characters outside a complete sequence are hidden text: dropped.
        assert_eq!(clean_line("🏴\u{e0067}\u{e0062} ok\u{e0041}"), "🏴 ok");
    }

    #[test]
    fn one_line_fields_join_lines_and_collapse_spaces() {
        assert_eq!(
            clean_line("\u{202e} Məlumat\n\tHesablama   Mərkəzi \u{0}"),
            "Məlumat Hesablama Mərkəzi"
        );
    }

    #[test]
    fn comment_of_1000_characters_is_accepted_and_1001_refused() {
        let letter = "ə\u{301}";
        assert_eq!(
            validate_comment(&letter.repeat(COMMENT_MAX)).unwrap(),
            letter.repeat(COMMENT_MAX)
        );
        let e = validate_comment(&letter.repeat(COMMENT_MAX + 1)).unwrap_err();
        assert_eq!(e.code(), "comment-too-long");
        assert_eq!(
            e.problem,
            Problem::TooLong {
                max: 1000,
                found: 1001
            }
        );
        assert_eq!(
            validate_comment(" \n ").unwrap_err().code(),
            "comment-missing"
        );
    }

    // ----- messages -----

    #[test]
    fn every_error_has_a_message_in_every_language() {
        let fields = [
            Field::Official,
            Field::ReceptionDate,
            Field::Topic,
            Field::SocialStatus,
            Field::Privilege,
            Field::Email,
            Field::Phone,
            Field::Workplace,
            Field::Position,
            Field::Address,
            Field::Note,
            Field::Comment,
        ];
        let problems = [
            Problem::Missing,
            Problem::NotInCatalog,
            Problem::DateUnreadable,
            Problem::DateNotOffered,
            Problem::TooLong { max: 10, found: 11 },
            Problem::Email(EmailProblem::NoAt),
            Problem::Email(EmailProblem::NonAsciiDomain),
            Problem::Phone(PhoneProblem::Empty),
            Problem::Phone(PhoneProblem::TooShort { digits: 8 }),
            Problem::Phone(PhoneProblem::TooLong { digits: 10 }),
            Problem::Phone(PhoneProblem::UnknownCode("31".into())),
            Problem::Phone(PhoneProblem::InvalidCharacter('x')),
            Problem::Phone(PhoneProblem::ForeignInvalid { digits: 3 }),
            Problem::Phone(PhoneProblem::NotE164),
        ];
        for field in fields {
            for problem in &problems {
                let e = FieldError::new(field, problem.clone());
                assert!(e.code().starts_with(field.key()));
                let [az, ru, en] = Lang::ALL.map(|l| e.message(l));
                assert!(!az.is_empty() && !ru.is_empty() && !en.is_empty());
                assert!(az != ru && ru != en && az != en, "{e}");
            }
        }
    }

    #[test]
    fn reviewed_wording_in_az_and_ru() {
        let privilege = FieldError::new(Field::Privilege, Problem::Missing);
        assert_eq!(
            privilege.message(Lang::Az),
            "İmtiyazınızı və ya «İmtiyazım yoxdur» variantını seçin."
        );
        let unknown = FieldError::new(
            Field::Phone,
            Problem::Phone(PhoneProblem::UnknownCode("31".into())),
        );
        assert!(unknown.message(Lang::Ru).starts_with("Код 031 неизвестен."));
        let two = BookingPolicy {
            max_active_per_official: 2,
        }
        .check(
            "isgenderov-sahin",
            &[
                active("isgenderov-sahin", 7),
                active("isgenderov-sahin", 14),
            ],
        )
        .unwrap_err();
        assert_eq!(
            two.message(Lang::Ru),
            "Вы уже записаны к этому должностному лицу на 07.04.2015, 14.04.2015, это предел. Записаться снова можно после этих приёмов."
        );
    }

    // ----- policy -----

    fn active(official: &str, d: u32) -> ActiveBooking {
        ActiveBooking {
            official_id: official.into(),
            reception_date: date(2015, 4, d),
        }
    }

    #[test]
    fn citizen_with_no_booking_may_book() {
        assert_eq!(
            BookingPolicy::default().check("isgenderov-sahin", &[]),
            Ok(())
        );
    }

    #[test]
    fn second_booking_with_the_same_official_is_refused() {
        let refusal = BookingPolicy::default()
            .check("isgenderov-sahin", &[active("isgenderov-sahin", 8)])
            .unwrap_err();
        assert_eq!(refusal.code(), "booking-limit-reached");
        assert_eq!(refusal.active_dates, [date(2015, 4, 8)]);
        assert_eq!(
            refusal.message(Lang::Az),
            "Siz artıq bu vəzifəli şəxsin qəbuluna yazılmısınız: 08.04.2015. Həmin qəbuldan sonra yenidən yazıla bilərsiniz."
        );
        assert!(refusal.message(Lang::Ru).contains("08.04.2015"));
        assert!(refusal.message(Lang::En).contains("08.04.2015"));
    }

    #[test]
    fn booking_with_another_official_is_not_limited() {
        assert_eq!(
            BookingPolicy::default().check("sahbazov-zakir", &[active("isgenderov-sahin", 8)]),
            Ok(())
        );
    }

    #[test]
    fn limit_per_official_is_configurable() {
        let two = BookingPolicy {
            max_active_per_official: 2,
        };
        let one = [active("isgenderov-sahin", 14)];
        assert_eq!(two.check("isgenderov-sahin", &one), Ok(()));
        let both = [
            active("isgenderov-sahin", 14),
            active("isgenderov-sahin", 7),
        ];
        let refusal = two.check("isgenderov-sahin", &both).unwrap_err();
        assert_eq!(refusal.active_dates, [date(2015, 4, 7), date(2015, 4, 14)]);
        assert!(refusal.message(Lang::En).contains("07.04.2015, 14.04.2015"));
        let closed = BookingPolicy {
            max_active_per_official: 0,
        };
        let refusal = closed.check("isgenderov-sahin", &[]).unwrap_err();
        for lang in Lang::ALL {
            assert!(!refusal.message(lang).is_empty());
        }
    }
}
