//! Qəbul Kiosk's texts in Azerbaijani, Russian and English: the one place on the Rust side where
//! codes become words.
//!
//! The texts are the Fluent files in `locales/` (`az.ftl`, `ru.ftl`, `en.ftl`), the same files the
//! UI reads (`ui/src/lib/i18n.ts`). They are compiled in with `include_str!`: this crate does no
//! I/O. The other crates return codes and their arguments (qebul-core's [`FieldError`],
//! [`PolicyRefusal`], [`SearchError`], [`StatusFilter`] and [`RulePhraseError`], qebul-store's
//! `BookError::code`); the edge (the Tauri shell, the notice, the
//! server's English details) asks this crate for the words. qebul-core does not depend on it.
//!
//! The messages the Rust side formats, with the variables each is given, are one typed list
//! ([`msg`]); `tests/messages.rs` fails when a message is missing in a language, when a file does
//! not parse, or when a message uses a variable its caller does not pass.
//!
//! ```
//! use qebul_core::validation::{Field, FieldError, PhoneProblem, Problem};
//! use qebul_core::Lang;
//!
//! let e = FieldError::new(Field::Phone, Problem::Phone(PhoneProblem::TooShort { digits: 8 }));
//! assert_eq!(e.code(), "phone-too-short");
//! assert_eq!(
//!     qebul_l10n::field_error(Lang::Az, &e),
//!     "Telefon nömrəsini tam yazın, məsələn 050 123 45 67"
//! );
//! assert_eq!(qebul_l10n::text(Lang::En, "welcome-title", &[]), "Welcome!");
//! ```

use std::borrow::Cow;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use qebul_core::rule_phrase::RulePhraseError;
use qebul_core::search::{SearchError, StatusFilter};
use qebul_core::validation::{
    EmailProblem, Field, FieldError, PhoneProblem, PolicyRefusal, Problem,
};
pub use qebul_core::Lang;
use unic_langid::LanguageIdentifier;

mod messages;

/// The typed list of the messages the Rust side formats.
pub mod msg {
    pub use crate::messages::*;
}

use msg::Msg;

/// The Fluent file of a language, as compiled in.
pub fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::Az => include_str!("../locales/az.ftl"),
        Lang::Ru => include_str!("../locales/ru.ftl"),
        Lang::En => include_str!("../locales/en.ftl"),
    }
}

/// A value for a message's variable.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    /// A number: Fluent chooses plural forms by it (`[one]`, `[0]`, …).
    Number(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> Bundle {
    let id: LanguageIdentifier = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around placeables, as in the UI: they would be printed on the
    // notice and counted by screen readers.
    bundle.set_use_isolating(false);
    // A file that does not parse keeps the messages that do; tests/messages.rs fails on any error.
    let resource = FluentResource::try_new(source(lang).to_owned()).unwrap_or_else(|(r, _)| r);
    // An id defined twice keeps its first text; the test refuses duplicates too.
    let _ = bundle.add_resource(resource);
    bundle
}

static BUNDLES: LazyLock<[Bundle; 3]> =
    LazyLock::new(|| [bundle(Lang::Az), bundle(Lang::Ru), bundle(Lang::En)]);

fn bundle_of(lang: Lang) -> &'static Bundle {
    &BUNDLES[match lang {
        Lang::Az => 0,
        Lang::Ru => 1,
        Lang::En => 2,
    }]
}

/// The message `id` in `lang` with its variables, or the Azerbaijani one when `lang` lacks it, or
/// the id itself (never an empty string), as the UI's translator does.
pub fn text(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        let value = match value {
            Arg::Text(s) => FluentValue::from(s.as_ref()),
            Arg::Number(n) => FluentValue::from(*n),
        };
        fluent_args.set(*name, value);
    }
    for lang in [lang, Lang::Az] {
        let bundle = bundle_of(lang);
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, Some(&fluent_args), &mut errors)
                .into_owned();
        }
    }
    id.to_owned()
}

/// A message of the typed list ([`msg`]). In debug builds, passing other variables than the list
/// names is a panic: the list is what the files are checked against.
pub fn message(lang: Lang, msg: Msg, args: &[(&str, Arg<'_>)]) -> String {
    debug_assert!(
        args.len() == msg.variables.len()
            && args.iter().all(|(name, _)| msg.variables.contains(name)),
        "{}: given {:?}, listed {:?}",
        msg.id,
        args.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        msg.variables
    );
    text(lang, msg.id, args)
}

/// The message of a booking-form error ([`FieldError`]), for the touch screen: short, polite, and
/// it says what to do.
pub fn field_error(lang: Lang, error: &FieldError) -> String {
    match &error.problem {
        Problem::TooLong { max, found } => message(
            lang,
            field_error_msg(error),
            &[("max", (*max).into()), ("found", (*found).into())],
        ),
        Problem::Phone(PhoneProblem::UnknownCode(code)) => message(
            lang,
            field_error_msg(error),
            &[("code", code.as_str().into())],
        ),
        _ => message(lang, field_error_msg(error), &[]),
    }
}

/// Which message says a booking-form error: `validation-` + its code, or, where several fields
/// share a wording, the shared one.
pub fn field_error_msg(error: &FieldError) -> Msg {
    use msg::*;
    use Field as F;
    match (&error.problem, error.field) {
        (Problem::Missing, field) => match field {
            F::Official => VALIDATION_OFFICIAL_MISSING,
            F::ReceptionDate => VALIDATION_DATE_MISSING,
            F::Topic => VALIDATION_TOPIC_MISSING,
            F::SocialStatus => VALIDATION_SOCIAL_STATUS_MISSING,
            F::Privilege => VALIDATION_PRIVILEGE_MISSING,
            F::Email => VALIDATION_EMAIL_MISSING,
            F::Phone => VALIDATION_PHONE_MISSING,
            F::Workplace => VALIDATION_WORKPLACE_MISSING,
            F::Position => VALIDATION_POSITION_MISSING,
            F::Address => VALIDATION_ADDRESS_MISSING,
            F::Note => VALIDATION_NOTE_MISSING,
            F::Comment => VALIDATION_COMMENT_MISSING,
        },
        (Problem::NotInCatalog, field) => match field {
            F::Official => VALIDATION_OFFICIAL_UNKNOWN,
            F::Topic => VALIDATION_TOPIC_UNKNOWN,
            F::SocialStatus => VALIDATION_SOCIAL_STATUS_UNKNOWN,
            F::Privilege => VALIDATION_PRIVILEGE_UNKNOWN,
            _ => VALIDATION_CHOICE_UNKNOWN,
        },
        (Problem::DateUnreadable, _) => VALIDATION_DATE_INVALID,
        (Problem::DateNotOffered, _) => VALIDATION_DATE_NOT_OFFERED,
        (Problem::TooLong { .. }, field) => match field {
            F::Workplace => VALIDATION_WORKPLACE_TOO_LONG,
            F::Position => VALIDATION_POSITION_TOO_LONG,
            F::Address => VALIDATION_ADDRESS_TOO_LONG,
            F::Note => VALIDATION_NOTE_TOO_LONG,
            F::Comment => VALIDATION_COMMENT_TOO_LONG,
            _ => VALIDATION_TEXT_TOO_LONG,
        },
        (Problem::Email(EmailProblem::NonAsciiDomain), _) => VALIDATION_EMAIL_NON_ASCII_DOMAIN,
        (Problem::Email(_), _) => VALIDATION_EMAIL_INVALID,
        (Problem::Phone(p), _) => match p {
            PhoneProblem::Empty => VALIDATION_PHONE_MISSING,
            PhoneProblem::InvalidCharacter(_) => VALIDATION_PHONE_INVALID_CHARACTER,
            PhoneProblem::NotE164 => VALIDATION_PHONE_NOT_E164,
            PhoneProblem::TooShort { .. } => VALIDATION_PHONE_TOO_SHORT,
            PhoneProblem::TooLong { .. } => VALIDATION_PHONE_TOO_LONG,
            PhoneProblem::UnknownCode(_) => VALIDATION_PHONE_UNKNOWN_CODE,
            PhoneProblem::ForeignInvalid { .. } => VALIDATION_PHONE_FOREIGN_INVALID,
        },
    }
}

/// The booking policy's refusal, naming the reception dates the citizen already holds.
pub fn policy_refusal(lang: Lang, refusal: &PolicyRefusal) -> String {
    let dates = refusal
        .active_dates
        .iter()
        .map(|d| qebul_core::text::numeric_date(*d))
        .collect::<Vec<_>>()
        .join(", ");
    message(
        lang,
        msg::BOOKING_LIMIT_REACHED,
        &[
            ("count", refusal.active_dates.len().into()),
            ("dates", dates.into()),
        ],
    )
}

/// A booking refusal by its code (qebul-store's `BookError::code`: `no-lease`, `no-place-left`,
/// `no-numbers-left`, `store-error`). A policy refusal (`booking-limit-reached`) names dates:
/// give it to [`policy_refusal`]; by its code alone it reads as "not possible at the moment".
/// Any other code is a technical error.
pub fn book_error(lang: Lang, code: &str) -> String {
    match code {
        "no-lease" => message(lang, msg::BOOKING_NO_LEASE, &[]),
        "no-place-left" => message(lang, msg::BOOKING_NO_PLACE_LEFT, &[]),
        "no-numbers-left" => message(lang, msg::BOOKING_NO_NUMBERS_LEFT, &[]),
        "booking-limit-reached" => message(
            lang,
            msg::BOOKING_LIMIT_REACHED,
            &[("count", 0i64.into()), ("dates", "".into())],
        ),
        _ => message(lang, msg::BOOKING_STORE_ERROR, &[]),
    }
}

/// A history search's refusal ([`SearchError`]), for the citizen: it quotes what was typed and
/// says how to write it.
pub fn search_error(lang: Lang, error: &SearchError) -> String {
    let input = ("input", Arg::from(error.input()));
    let msg = search_error_msg(error);
    match error {
        SearchError::NoSuchMonth { month, .. } => {
            message(lang, msg, &[input, ("month", i64::from(*month).into())])
        }
        SearchError::NoSuchDay { .. } => {
            let days = error.days_in_month().unwrap_or(31);
            message(lang, msg, &[input, ("days", i64::from(days).into())])
        }
        SearchError::NotADate { .. }
        | SearchError::YearOutOfRange { .. }
        | SearchError::UnknownStatus { .. } => message(lang, msg, &[input]),
    }
}

/// Which message says a history search's refusal: `search-` + its code.
pub fn search_error_msg(error: &SearchError) -> Msg {
    match error {
        SearchError::NotADate { .. } => msg::SEARCH_NOT_A_DATE,
        SearchError::NoSuchMonth { .. } => msg::SEARCH_NO_SUCH_MONTH,
        SearchError::NoSuchDay { .. } => msg::SEARCH_NO_SUCH_DAY,
        SearchError::YearOutOfRange { .. } => msg::SEARCH_YEAR_OUT_OF_RANGE,
        SearchError::UnknownStatus { .. } => msg::SEARCH_UNKNOWN_STATUS,
    }
}

/// The label of a history status filter in the status list (`status-` + its code). qebul-core's
/// `parse_status` reads every label back.
pub fn status_label(lang: Lang, filter: StatusFilter) -> String {
    let msg = match filter {
        StatusFilter::Active => msg::STATUS_ACTIVE,
        StatusFilter::Closed => msg::STATUS_CLOSED,
        StatusFilter::Cancelled => msg::STATUS_CANCELLED,
    };
    message(lang, msg, &[])
}

/// A reception-rule phrase that could not be read ([`RulePhraseError`]), for the operator
/// importing a catalog: it quotes the phrase and the part not understood. The server's import
/// prints the English one.
pub fn rule_phrase_error(lang: Lang, error: &RulePhraseError) -> String {
    use RulePhraseError::*;
    let msg = rule_phrase_error_msg(error);
    match error {
        Empty => message(lang, msg, &[]),
        NoDays { phrase } | NoHours { phrase } => {
            message(lang, msg, &[("phrase", phrase.as_str().into())])
        }
        UnknownDay { word, phrase } | RepeatedDay { word, phrase } => message(
            lang,
            msg,
            &[
                ("word", word.as_str().into()),
                ("phrase", phrase.as_str().into()),
            ],
        ),
        UnknownHours { text, phrase } | BadTime { text, phrase } | Unexpected { text, phrase } => {
            message(
                lang,
                msg,
                &[
                    ("text", text.as_str().into()),
                    ("phrase", phrase.as_str().into()),
                ],
            )
        }
        EndsBeforeStart { start, end, phrase } => message(
            lang,
            msg,
            &[
                ("start", start.to_string().into()),
                ("end", end.to_string().into()),
                ("phrase", phrase.as_str().into()),
            ],
        ),
    }
}

/// Which message says a reception-rule phrase error: `rule-phrase-` + its code.
pub fn rule_phrase_error_msg(error: &RulePhraseError) -> Msg {
    use RulePhraseError::*;
    match error {
        Empty => msg::RULE_PHRASE_EMPTY,
        NoDays { .. } => msg::RULE_PHRASE_NO_DAYS,
        UnknownDay { .. } => msg::RULE_PHRASE_UNKNOWN_DAY,
        RepeatedDay { .. } => msg::RULE_PHRASE_REPEATED_DAY,
        NoHours { .. } => msg::RULE_PHRASE_NO_HOURS,
        UnknownHours { .. } => msg::RULE_PHRASE_UNKNOWN_HOURS,
        BadTime { .. } => msg::RULE_PHRASE_BAD_TIME,
        EndsBeforeStart { .. } => msg::RULE_PHRASE_ENDS_BEFORE_START,
        Unexpected { .. } => msg::RULE_PHRASE_UNEXPECTED,
    }
}
