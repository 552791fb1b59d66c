use std::fmt;
use std::str::FromStr;

/// An interface language of the kiosk. Official texts stay Azerbaijani whatever the citizen picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Azərbaycan dili, the default.
    #[default]
    Az,
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Az, Lang::Ru, Lang::En];

    /// The BCP 47 tag, as the UI and the translation files name the language.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Az => "az",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A language tag that the kiosk does not speak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: the kiosk speaks az, ru and en")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownLang(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_tag_and_refuses_others() {
        for lang in Lang::ALL {
            assert_eq!(lang.tag().parse::<Lang>(), Ok(lang));
        }
        assert_eq!(" RU ".parse::<Lang>(), Ok(Lang::Ru));
        let err = "tr".parse::<Lang>().unwrap_err();
        assert!(err.to_string().contains("\"tr\""), "{err}");
    }
}
