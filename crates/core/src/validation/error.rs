//! Errors: each a field, a problem and a stable code.

use std::fmt;

use super::{EmailProblem, PhoneProblem};

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

/// One field's error: the field, what is wrong, and a stable [`code`](FieldError::code). The
/// words for the citizen are qebul-l10n's (`field_error`): errors carry codes, only the edge
/// turns a code into words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {} ({:?})", self.field, self.code(), self.problem)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
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
}
