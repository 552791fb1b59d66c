//! The notice's printed texts: Azerbaijani, which is the official text, with the Russian and
//! English line a citizen's language may add under it.
//!
//! The words are qebul-l10n's (`notice-*` in `crates/l10n/locales/*.ftl`, compiled into that
//! crate: no loading at run time, so this crate stays pure). The Azerbaijani lines are printed on
//! an official document exactly as written there; the test below holds them to the reviewed text.

use qebul_l10n::msg::{self, Msg};
use qebul_l10n::Lang as L10nLang;

/// A language a notice's second line can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Azerbaijani: no second line (the official text is already Azerbaijani).
    Az,
    /// Russian.
    Ru,
    /// English.
    En,
}

/// One printed text, by its message in the translation files.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Label(Msg);

impl Label {
    /// The official Azerbaijani line.
    pub fn az(&self) -> String {
        qebul_l10n::message(L10nLang::Az, self.0, &[])
    }

    /// The line printed under the Azerbaijani one for `lang`, if any.
    pub fn second(&self, lang: Option<Lang>) -> Option<String> {
        let lang = match lang? {
            Lang::Az => return None,
            Lang::Ru => L10nLang::Ru,
            Lang::En => L10nLang::En,
        };
        Some(qebul_l10n::message(lang, self.0, &[]))
    }
}

pub(crate) const SERVICE: Label = Label(msg::NOTICE_SERVICE);
pub(crate) const NOTICE_NO: Label = Label(msg::NOTICE_NUMBER);
pub(crate) const APPLICATION_NO: Label = Label(msg::NOTICE_APPLICATION_NUMBER);
pub(crate) const OFFICIAL: Label = Label(msg::NOTICE_OFFICIAL);
pub(crate) const RECEPTION: Label = Label(msg::NOTICE_RECEPTION);
pub(crate) const CITIZEN: Label = Label(msg::NOTICE_CITIZEN);
pub(crate) const DOCUMENT_TYPE: Label = Label(msg::NOTICE_DOCUMENT_TYPE);
pub(crate) const DOCUMENT_NUMBER: Label = Label(msg::NOTICE_DOCUMENT_NUMBER);
pub(crate) const CREATED: Label = Label(msg::NOTICE_CREATED);
pub(crate) const PRINTED: Label = Label(msg::NOTICE_PRINTED);
pub(crate) const DATE_OF_BIRTH: Label = Label(msg::NOTICE_DATE_OF_BIRTH);
pub(crate) const SOCIAL_STATUS: Label = Label(msg::NOTICE_SOCIAL_STATUS);
pub(crate) const PRIVILEGE: Label = Label(msg::NOTICE_PRIVILEGE);
pub(crate) const TOPIC: Label = Label(msg::NOTICE_TOPIC);
pub(crate) const REGISTERED_ADDRESS: Label = Label(msg::NOTICE_REGISTERED_ADDRESS);
pub(crate) const HOME_ADDRESS: Label = Label(msg::NOTICE_HOME_ADDRESS);
pub(crate) const WORKPLACE: Label = Label(msg::NOTICE_WORKPLACE);
pub(crate) const CONTACT: Label = Label(msg::NOTICE_CONTACT);
pub(crate) const CITIZEN_NOTE: Label = Label(msg::NOTICE_CITIZEN_NOTE);
pub(crate) const TIMELINE: Label = Label(msg::NOTICE_TIMELINE);
pub(crate) const DETAILS: Label = Label(msg::NOTICE_DETAILS);
pub(crate) const REPRINT: Label = Label(msg::NOTICE_REPRINT);
pub(crate) const TEST: Label = Label(msg::NOTICE_TEST);
pub(crate) const SEAL: Label = Label(msg::NOTICE_SEAL);

#[cfg(test)]
mod tests {
    use super::*;

    /// The official text as reviewed (the seed's Şəkil 7 and 9; "saatı", not the seed's "saati").
    /// A change here is a change to an official document: the golden images change with it.
    #[test]
    fn the_azerbaijani_lines_are_the_reviewed_official_text() {
        let expected = [
            (SERVICE, "VƏTƏNDAŞLARIN ELEKTRON QƏBULU"),
            (NOTICE_NO, "BİLDİRİŞ №"),
            (APPLICATION_NO, "MÜRACİƏT №"),
            (OFFICIAL, "Qəbul edəcək vəzifəli şəxs:"),
            (RECEPTION, "Qəbul tarixi və saatı:"),
            (CITIZEN, "Vətəndaşın soyadı, adı və atasının adı:"),
            (DOCUMENT_TYPE, "Qeydiyyat sənədinin növü:"),
            (DOCUMENT_NUMBER, "Sənədin nömrəsi:"),
            (CREATED, "Müraciətin yaranma tarixi:"),
            (PRINTED, "Çap tarixi:"),
            (DATE_OF_BIRTH, "Təvəllüdü:"),
            (SOCIAL_STATUS, "Sosial vəziyyəti:"),
            (PRIVILEGE, "İmtiyazı:"),
            (TOPIC, "Müraciətin mövzusu:"),
            (REGISTERED_ADDRESS, "Qeydiyyatda olduğu ünvan:"),
            (HOME_ADDRESS, "Yaşadığı ünvan:"),
            (WORKPLACE, "İş yeri:"),
            (CONTACT, "Əlaqə vasitəsi:"),
            (CITIZEN_NOTE, "Vətəndaşın qeydi:"),
            (TIMELINE, "Tarixçə"),
            (DETAILS, "Ətraflı"),
            (REPRINT, "TƏKRAR ÇAP"),
            (TEST, "SINAQ ÇAPI"),
            (SEAL, "Bildirişin həqiqiliyini yoxlamaq üçün"),
        ];
        for (label, az) in expected {
            assert_eq!(label.az(), az, "{}", label.0.id);
            assert_eq!(label.second(Some(Lang::Az)), None);
            assert_eq!(label.second(None), None);
        }
    }

    #[test]
    fn the_second_line_is_in_the_citizens_language() {
        assert_eq!(
            SERVICE.second(Some(Lang::Ru)).as_deref(),
            Some("ЭЛЕКТРОННЫЙ ПРИЁМ ГРАЖДАН")
        );
        assert_eq!(
            RECEPTION.second(Some(Lang::En)).as_deref(),
            Some("Reception date and time:")
        );
    }
}
