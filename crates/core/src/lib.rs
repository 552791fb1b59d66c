//! Pure domain rules of Qəbul Kiosk: reception rules and dates, Azerbaijani text, booking
//! validation, numbering and history search.
//!
//! Nothing here reads the clock, the disk or the network: callers pass everything in ("now" and
//! "today" included). Modules: [`rule_phrase`] (published rule phrases), [`calendar`] (working-day
//! calendar, next reception dates), [`text`] (Turkic casing, alphabetical order, loose matching,
//! dates as notices write them), [`validation`] (the booking form, the booking policy),
//! [`numbering`] (application numbers, the barcode payload), [`search`] (the history query).
//!
//! ```
//! use qebul_core::{Lang, ReceptionHours, ReceptionRule, Weekday};
//!
//! let rule = ReceptionRule::new([Weekday::Wed, Weekday::Fri], ReceptionHours::AllWorkingHours);
//! assert_eq!(rule.describe(Lang::Az).days, "üçüncü, beşinci günlər");
//! assert_eq!(rule.describe(Lang::En).hours, "all working hours");
//! ```

mod catalog;
mod document;
mod lang;
mod reception;

pub mod calendar;
pub mod numbering;
pub mod rule_phrase;
pub mod search;
pub mod text;
pub mod time;
pub mod validation;

pub use catalog::{Authority, Catalog, LocalizedText, Official};
pub use document::{DocumentKind, UnknownDocumentKind};
pub use lang::{Lang, UnknownLang};
pub use reception::{ClockTime, InvalidRule, ReceptionHours, ReceptionRule, RuleText, Weekday};
