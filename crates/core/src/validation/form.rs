//! The booking form: its fields, what the citizen was offered, and the clean result.

use chrono::NaiveDate;

use super::text::DASHES;
use super::{
    clean_line, clean_multiline, count_characters, Email, Field, FieldError, Phone, PhoneProblem,
    Problem,
};

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

/// An address as one line (the typed current address, or the registered address the citizen
/// confirms when the card's chip is not read): cleaned with [`clean_line`], not empty, at most
/// [`ADDRESS_MAX`] characters (grapheme clusters). [`validate_booking`] checks the form's address
/// with it.
pub fn validate_address(text: &str) -> Result<String, FieldError> {
    match clean_line(text) {
        s if s.is_empty() => Err(FieldError::new(Field::Address, Problem::Missing)),
        s => limited(Field::Address, s, ADDRESS_MAX),
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
    if form.address_same_as_id {
        validate_address(ctx.registered_address).map(Address::SameAsIdCard)
    } else {
        validate_address(&form.current_address).map(Address::Current)
    }
}

fn limited(field: Field, text: String, max: usize) -> Result<String, FieldError> {
    match count_characters(&text) {
        found if found > max => Err(FieldError::new(field, Problem::TooLong { max, found })),
        _ => Ok(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::fixtures::*;
    use crate::validation::*;

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

    #[test]
    fn an_address_alone_is_cleaned_required_and_limited() {
        assert_eq!(
            validate_address("  Biləsuvar r.,\n\tNizami küç.\u{200b} 5 ").unwrap(),
            "Biləsuvar r., Nizami küç. 5"
        );
        for empty in ["", "   ", "\u{200b}\u{feff}", "\n\t"] {
            assert_eq!(
                validate_address(empty),
                Err(FieldError::new(Field::Address, Problem::Missing)),
                "{empty:?}"
            );
        }
        // Counted in grapheme clusters: 300 letters with combining marks pass, 301 do not.
        let letter = "ə\u{301}";
        assert_eq!(
            validate_address(&letter.repeat(ADDRESS_MAX)).unwrap(),
            letter.repeat(ADDRESS_MAX)
        );
        let e = validate_address(&letter.repeat(ADDRESS_MAX + 1)).unwrap_err();
        assert_eq!(e.code(), "address-too-long");
        assert_eq!(
            e.problem,
            Problem::TooLong {
                max: ADDRESS_MAX,
                found: ADDRESS_MAX + 1
            }
        );
    }

    #[test]
    fn the_form_checks_its_address_as_validate_address_does() {
        for text in ["", " a ", &"b".repeat(ADDRESS_MAX + 1)] {
            let typed = BookingForm {
                address_same_as_id: false,
                current_address: text.into(),
                ..seed_form()
            };
            let expected = validate_address(text).map(Address::Current);
            let got = validate_booking(&typed, &ctx()).map(|b| b.address);
            match (expected, got) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(e), Err(errors)) => assert_eq!(errors, [e]),
                (e, g) => panic!("{text:?}: {e:?} vs {g:?}"),
            }
        }
    }
}
