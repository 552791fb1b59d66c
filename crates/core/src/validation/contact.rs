//! Contacts: an e-mail address and a phone number, each parsed into a value that prints cleanly.

use std::fmt;

use super::text::{is_invisible, DASHES};

/// Mobile operator codes (Azercell 50, 51, 10; Bakcell 55, 99; Nar 70, 77; Naxtel 60), written
/// after +994 or after the trunk 0.
pub const AZ_MOBILE_CODES: [&str; 8] = ["10", "50", "51", "55", "60", "70", "77", "99"];
/// Fixed-line area codes of the national numbering plan: 12 Baku, 18 Sumqayıt and Abşeron,
/// 20–26 the regions (e.g. 22 Gəncə, 23 Şəki zone, 25 Lənkəran zone), 36 Naxçıvan. All are followed
/// by 7 digits, like the mobile codes. Extend this list if the regulator opens new codes.
pub const AZ_LANDLINE_CODES: [&str; 10] =
    ["12", "18", "20", "21", "22", "23", "24", "25", "26", "36"];

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::fixtures::*;
    use crate::validation::*;
    use proptest::prelude::*;

    fn canonical(input: &str) -> String {
        Phone::parse(input)
            .unwrap_or_else(|e| panic!("{input:?}: {e}"))
            .to_string()
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
        // The problem stays apart from other invalid addresses, so the message can say why.
        assert_eq!(
            errors[0].problem,
            Problem::Email(EmailProblem::NonAsciiDomain)
        );
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
    fn short_phone_number_is_too_short_not_an_unknown_code() {
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
            e.problem,
            Problem::Phone(PhoneProblem::TooShort { digits: 7 })
        );
    }

    #[test]
    fn unknown_phone_code_is_kept_for_the_message() {
        assert_eq!(
            Phone::parse("031 123 45 67"),
            Err(PhoneProblem::UnknownCode("31".into()))
        );
        let e = FieldError::new(
            Field::Phone,
            Problem::Phone(PhoneProblem::UnknownCode("31".into())),
        );
        assert_eq!(e.code(), "phone-unknown-code");
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
}
