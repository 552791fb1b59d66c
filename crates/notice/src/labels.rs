//! The notice's printed texts: Azerbaijani, which is the official text, with the Russian and
//! English line a citizen's language may add under it.
//!
//! A compiled-in table rather than Fluent files: the set is fixed, printed on an official
//! document, reviewed as a whole, and this crate stays pure (no resource loading at run time).

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

/// One printed text in the three languages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Label {
    pub az: &'static str,
    pub ru: &'static str,
    pub en: &'static str,
}

impl Label {
    /// The line printed under the Azerbaijani one for `lang`, if any.
    pub fn second(&self, lang: Option<Lang>) -> Option<&'static str> {
        match lang? {
            Lang::Az => None,
            Lang::Ru => Some(self.ru),
            Lang::En => Some(self.en),
        }
    }
}

const fn label(az: &'static str, ru: &'static str, en: &'static str) -> Label {
    Label { az, ru, en }
}

pub(crate) const SERVICE: Label = label(
    "VƏTƏNDAŞLARIN ELEKTRON QƏBULU",
    "ЭЛЕКТРОННЫЙ ПРИЁМ ГРАЖДАН",
    "ELECTRONIC RECEPTION OF CITIZENS",
);
pub(crate) const NOTICE_NO: Label = label("BİLDİRİŞ №", "УВЕДОМЛЕНИЕ №", "NOTICE No.");
pub(crate) const APPLICATION_NO: Label = label("MÜRACİƏT №", "ОБРАЩЕНИЕ №", "APPLICATION No.");
pub(crate) const OFFICIAL: Label = label(
    "Qəbul edəcək vəzifəli şəxs:",
    "Принимающее должностное лицо:",
    "Receiving official:",
);
// The seed writes "saati"; the standard spelling is "saatı" (saat + back-vowel ı).
pub(crate) const RECEPTION: Label = label(
    "Qəbul tarixi və saatı:",
    "Дата и время приёма:",
    "Reception date and time:",
);
pub(crate) const CITIZEN: Label = label(
    "Vətəndaşın soyadı, adı və atasının adı:",
    "Фамилия, имя и отчество гражданина:",
    "Citizen's surname, name and patronymic:",
);
pub(crate) const DOCUMENT_TYPE: Label = label(
    "Qeydiyyat sənədinin növü:",
    "Вид документа:",
    "Identity document:",
);
pub(crate) const DOCUMENT_NUMBER: Label =
    label("Sənədin nömrəsi:", "Номер документа:", "Document number:");
pub(crate) const CREATED: Label = label(
    "Müraciətin yaranma tarixi:",
    "Дата обращения:",
    "Application made:",
);
pub(crate) const PRINTED: Label = label("Çap tarixi:", "Дата печати:", "Printed:");
pub(crate) const DATE_OF_BIRTH: Label = label("Təvəllüdü:", "Дата рождения:", "Date of birth:");
pub(crate) const SOCIAL_STATUS: Label = label(
    "Sosial vəziyyəti:",
    "Социальное положение:",
    "Social status:",
);
pub(crate) const PRIVILEGE: Label = label("İmtiyazı:", "Льгота:", "Privilege:");
pub(crate) const TOPIC: Label = label("Müraciətin mövzusu:", "Тема обращения:", "Topic:");
pub(crate) const REGISTERED_ADDRESS: Label = label(
    "Qeydiyyatda olduğu ünvan:",
    "Адрес регистрации:",
    "Registered address:",
);
pub(crate) const HOME_ADDRESS: Label =
    label("Yaşadığı ünvan:", "Адрес проживания:", "Home address:");
pub(crate) const WORKPLACE: Label = label("İş yeri:", "Место работы:", "Workplace:");
pub(crate) const CONTACT: Label = label("Əlaqə vasitəsi:", "Контакты:", "Contact:");
pub(crate) const CITIZEN_NOTE: Label = label(
    "Vətəndaşın qeydi:",
    "Примечание гражданина:",
    "Citizen's note:",
);
pub(crate) const TIMELINE: Label = label("Tarixçə", "История", "History");
pub(crate) const DETAILS: Label = label("Ətraflı", "Подробно", "Details");
pub(crate) const REPRINT: Label = label("TƏKRAR ÇAP", "ПОВТОРНАЯ ПЕЧАТЬ", "REPRINT");
pub(crate) const TEST: Label = label("SINAQ ÇAPI", "ТЕСТОВАЯ ПЕЧАТЬ", "TEST PRINT");
pub(crate) const SEAL: Label = label(
    "Bildirişin həqiqiliyini yoxlamaq üçün",
    "Для проверки подлинности уведомления",
    "To check that this notice is genuine",
);
