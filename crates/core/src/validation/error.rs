//! Errors: each a field, a problem and a stable code.

use std::fmt;

use super::{EmailProblem, PhoneProblem};
use crate::Lang;

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

pub(super) fn t(lang: Lang, az: &str, ru: &str, en: &str) -> String {
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
