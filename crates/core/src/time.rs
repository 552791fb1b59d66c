//! Azerbaijan's time: the one place that knows receptions happen in Asia/Baku. Every "today",
//! every date and time printed or shown, is read here from an instant the caller passes in
//! (this crate never reads the clock).

use chrono::{DateTime, NaiveDate, TimeZone};

/// The time zone of every reception (UTC+4, no daylight saving since 2016).
pub const ZONE: chrono_tz::Tz = chrono_tz::Asia::Baku;

/// The date in Baku at `at`.
pub fn baku_date<Z: TimeZone>(at: &DateTime<Z>) -> NaiveDate {
    at.with_timezone(&ZONE).date_naive()
}

/// `at` in Baku as people read it on a notice or a screen: `dd.mm.yyyy HH:MM`.
pub fn baku_timestamp<Z: TimeZone>(at: &DateTime<Z>) -> String {
    at.with_timezone(&ZONE).format("%d.%m.%Y %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn late_evening_utc_is_the_next_day_in_baku() {
        let at = Utc.with_ymd_and_hms(2026, 12, 31, 21, 30, 0).unwrap();
        assert_eq!(baku_date(&at), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(baku_timestamp(&at), "01.01.2027 01:30");
    }
}
