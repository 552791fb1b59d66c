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

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use crate::Lang;

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
}
