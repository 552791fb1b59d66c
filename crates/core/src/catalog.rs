use crate::{Lang, ReceptionRule};

/// What the kiosk knows of its authority once a catalog has been checked: plain data with the
/// reception rules already parsed, so no screen has to handle an invalid entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    pub version: u64,
    pub authority: Authority,
    pub officials: Vec<Official>,
}

/// An executive authority (icra hakimiyyəti).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    pub id: String,
    /// The official name, in Azerbaijani: "Biləsuvar Rayon İcra Hakimiyyəti".
    pub name: String,
}

/// An official who receives citizens (səlahiyyətli şəxs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Official {
    pub id: String,
    pub position: LocalizedText,
    /// `SOYAD AD ATA-ADI OĞLU|QIZI`, as the registry writes it; never translated.
    pub full_name: String,
    pub reception: ReceptionRule,
    /// Where the official receives ("2-ci mərtəbə, 204-cü otaq"), when the catalog says.
    pub room: Option<LocalizedText>,
}

/// A text in Azerbaijani, with optional Russian and English versions for the interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalizedText {
    pub az: String,
    pub ru: Option<String>,
    pub en: Option<String>,
}

impl LocalizedText {
    /// The text in `lang`, or the Azerbaijani original when there is no translation.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Az => None,
            Lang::Ru => self.ru.as_deref(),
            Lang::En => self.en.as_deref(),
        }
        .unwrap_or(&self.az)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localized_text_falls_back_to_azerbaijani() {
        let t = LocalizedText {
            az: "Şöbə müdiri".into(),
            ru: Some("Заведующий отделом".into()),
            en: None,
        };
        assert_eq!(t.get(Lang::Az), "Şöbə müdiri");
        assert_eq!(t.get(Lang::Ru), "Заведующий отделом");
        assert_eq!(t.get(Lang::En), "Şöbə müdiri");
    }
}
