//! The commands the UI calls: each converts its arguments, calls a crate, converts the result.

pub mod kiosk;
mod names;
pub mod officials;
pub mod printing;
pub mod session;

pub use names::COMMANDS;

use serde::{Deserialize, Serialize};
use specta::Type;

/// An interface language, as the UI names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum UiLang {
    Az,
    Ru,
    En,
}

impl From<UiLang> for qebul_core::Lang {
    fn from(lang: UiLang) -> Self {
        match lang {
            UiLang::Az => qebul_core::Lang::Az,
            UiLang::Ru => qebul_core::Lang::Ru,
            UiLang::En => qebul_core::Lang::En,
        }
    }
}

/// What went wrong, as a code the UI translates (its message comes from the translation files,
/// never from `detail`), and a detail for the log and the receptionist.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CommandError {
    pub code: ErrorCode,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The central server cannot be reached and no catalog is cached yet.
    CatalogUnavailable,
    /// The central server sent a catalog the kiosk refuses.
    CatalogInvalid,
    /// The print queue could not be read or changed (store error, unknown job).
    PrintQueue,
    /// A card or session action is not possible (no such demo card, no wedge reader, no session).
    Session,
    /// The typed address is empty, too long or has control characters.
    AddressInvalid,
}
