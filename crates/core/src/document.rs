use std::fmt;
use std::str::FromStr;

/// The kind of identity document a citizen identified with (sənədin növü).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DocumentKind {
    /// Şəxsiyyət vəsiqəsi: the ID card (ICAO 9303 TD1).
    #[default]
    IdCard,
    /// Pasport (TD3).
    Passport,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 2] = [DocumentKind::IdCard, DocumentKind::Passport];

    /// The stable code, as the store and the UI name it.
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::IdCard => "id-card",
            DocumentKind::Passport => "passport",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A document kind code that the kiosk does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown document kind {0:?}: the kiosk knows id-card and passport")]
pub struct UnknownDocumentKind(pub String);

impl FromStr for DocumentKind {
    type Err = UnknownDocumentKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocumentKind::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .ok_or_else(|| UnknownDocumentKind(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for kind in DocumentKind::ALL {
            assert_eq!(kind.code().parse::<DocumentKind>(), Ok(kind));
        }
        assert!("pasport".parse::<DocumentKind>().is_err());
    }
}
