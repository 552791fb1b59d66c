//! Fuzzes the history screen's search (`qebul_core::search`): the three fields a citizen types
//! or picks, read with several "today"s.
//!
//! The input is split at its first two newlines into the date, official and status fields (a
//! field cannot hold a newline on the screen, so no input is lost to the split); the whole input
//! is also read as a date alone and as a status alone.
//!
//! Invariants: nothing panics; a parsed date range is not empty (`first <= last`) and can be
//! worded in every language; an error quotes what was typed and can be worded too.

#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use qebul_core::search::{parse_date, parse_status, HistoryEntry, HistoryQuery, StatusFilter};
use qebul_core::Lang;

/// The kiosk's clock is whatever its RTC says: an ordinary day, a leap day, the last day of the
/// century, and the epoch a dead RTC battery resets to.
const TODAYS: [(i32, u32, u32); 4] = [(2026, 5, 1), (2000, 2, 29), (2099, 12, 31), (1970, 1, 1)];

fuzz_target!(|text: &str| {
    let mut fields = text.splitn(3, '\n');
    let date = fields.next().unwrap_or("");
    let official = fields.next().unwrap_or("");
    let status = fields.next().unwrap_or("");
    for (y, m, d) in TODAYS {
        let Some(today) = NaiveDate::from_ymd_opt(y, m, d) else {
            return;
        };
        match parse_date(text, today) {
            Ok(range) => {
                assert!(range.first <= range.last, "{text:?} → {range:?}");
                for lang in Lang::ALL {
                    let _ = range.describe(lang);
                }
            }
            Err(e) => check_error(&e),
        }
        match HistoryQuery::parse(date, official, status, today) {
            Ok(query) => {
                for status in StatusFilter::ALL {
                    let entry = HistoryEntry {
                        applied_on: today,
                        reception_date: today,
                        official: "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU",
                        status,
                    };
                    let _ = query.matches(&entry);
                }
                if let Some(range) = query.date {
                    assert!(range.first <= range.last, "{date:?} → {range:?}");
                }
            }
            Err(e) => check_error(&e),
        }
    }
    if let Err(e) = parse_status(text) {
        check_error(&e);
    }
});

/// The screen words every error, with its arguments (`days_in_month` for "no such day").
fn check_error(e: &qebul_core::search::SearchError) {
    let _ = (e.code(), e.input(), e.days_in_month(), e.to_string());
    for lang in Lang::ALL {
        let _ = qebul_l10n::search_error(lang, e);
    }
}
