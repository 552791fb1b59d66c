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

pub use catalog::{Authority, Catalog, LocalizedText, Official};
pub use lang::{Lang, UnknownLang};
pub use reception::{ClockTime, InvalidRule, ReceptionHours, ReceptionRule, RuleText, Weekday};
