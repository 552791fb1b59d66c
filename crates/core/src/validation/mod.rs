//! The booking form (seed Şəkil 5), validated field by field, and the booking policy.
//!
//! The kiosk sends a [`BookingForm`] of plain strings and ids; [`validate_booking`] checks it
//! against what the citizen was offered ([`BookingContext`]: the catalog's ids, the official's
//! next reception dates, the registered address from the ID card) and returns either a clean
//! [`Booking`] or **every** [`FieldError`] at once, in the order of the form. Each error has a
//! stable [`code`](FieldError::code) (`phone-too-short`, `note-too-long`, …), the [`Field`] it
//! belongs to, and what is wrong ([`Problem`], with its arguments: the limit, the unknown phone
//! code). The words for the citizen are not here: qebul-l10n turns a code and its arguments into
//! a short, polite message in az, ru or en (errors carry codes; only the edge turns a code into
//! words). [`BookingPolicy`] then decides whether this citizen may take one more place.
//!
//! The module is split by concern: [`form`](validate_booking) (the form, its context, the clean
//! booking, the comment, a lone address), contacts ([`Email`], [`Phone`]), the policy
//! ([`BookingPolicy`]), text cleaning and counting ([`count_characters`], [`clean_line`],
//! [`clean_multiline`]) and the errors ([`FieldError`]); everything is re-exported here.
//!
//! ```
//! use chrono::NaiveDate;
//! use qebul_core::validation::{
//!     validate_booking, BookingContext, BookingForm, PhoneProblem, Problem,
//! };
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
//! assert_eq!(errors[0].problem, Problem::Phone(PhoneProblem::TooShort { digits: 7 }));
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

mod contact;
mod error;
mod form;
mod policy;
mod text;

pub use contact::{
    Email, EmailProblem, Phone, PhoneKind, PhoneProblem, AZ_LANDLINE_CODES, AZ_MOBILE_CODES,
};
pub use error::{Field, FieldError, Problem};
pub use form::{
    validate_address, validate_booking, validate_comment, Address, Booking, BookingContext,
    BookingForm, ADDRESS_MAX, COMMENT_MAX, NOTE_MAX, POSITION_MAX, WORKPLACE_MAX,
};
pub use policy::{ActiveBooking, BookingPolicy, PolicyRefusal};
pub use text::{clean_line, clean_multiline, count_characters};

/// What the tests of every part share: the seed's form and the choices it was offered.
#[cfg(test)]
mod fixtures {
    use super::*;
    use chrono::NaiveDate;

    pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    pub(crate) const OFFERED: [NaiveDate; 4] = [
        NaiveDate::from_ymd_opt(2015, 4, 7).unwrap(),
        NaiveDate::from_ymd_opt(2015, 4, 8).unwrap(),
        NaiveDate::from_ymd_opt(2015, 4, 14).unwrap(),
        NaiveDate::from_ymd_opt(2015, 4, 15).unwrap(),
    ];

    pub(crate) fn ctx() -> BookingContext<'static> {
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
    pub(crate) fn seed_form() -> BookingForm {
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

    pub(crate) fn codes(form: &BookingForm) -> Vec<String> {
        match validate_booking(form, &ctx()) {
            Ok(_) => vec![],
            Err(errors) => errors.iter().map(FieldError::code).collect(),
        }
    }

    pub(crate) fn active(official: &str, d: u32) -> ActiveBooking {
        ActiveBooking {
            official_id: official.into(),
            reception_date: date(2015, 4, d),
        }
    }
}
