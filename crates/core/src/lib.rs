//! Pure domain rules of Qəbul Kiosk: reception rules, the interface languages and the text they render.
//!
//! Nothing here reads the clock, the disk or the network: callers pass everything in.
//!
//! ```
//! use qebul_core::{Lang, ReceptionHours, ReceptionRule, Weekday};
//!
//! let rule = ReceptionRule::new([Weekday::Wed, Weekday::Fri], ReceptionHours::AllWorkingHours);
//! assert_eq!(rule.describe(Lang::Az).days, "üçüncü, beşinci günlər");
//! assert_eq!(rule.describe(Lang::En).hours, "all working hours");
//! ```

mod catalog;
mod lang;
mod reception;

/// Reception dates: the working-day calendar and an official's next reception dates.
pub mod calendar;
/// Booking numbers and the notice barcode payload (seed: `030400000610704`).
pub mod numbering;
/// The phrases authorities publish for reception rules, parsed ("birinci günlər Saat: 10:00-dan").
pub mod rule_phrase;
/// The history screen's search query ("3-4-2015", "aprel 2015", an official, a status).
pub mod search;
/// Azerbaijani text: Turkic casing, alphabetical order, loose matching, dates as notices write them.
pub mod text;
/// Booking validation, field by field, and the booking policy.
pub mod validation;

pub use catalog::{Authority, Catalog, LocalizedText, Official};
pub use lang::{Lang, UnknownLang};
pub use reception::{ClockTime, InvalidRule, ReceptionHours, ReceptionRule, RuleText, Weekday};
