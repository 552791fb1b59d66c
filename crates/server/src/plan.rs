//! What to lease to a kiosk: pure functions over the catalog and the time.
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use qebul_core::calendar::{next_reception_dates, DateOptions, SameDay};
use qebul_protocol::Catalog;

/// The server's lease settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeasePolicy {
    /// Places a kiosk holds per official and day for booking offline.
    pub places_per_kiosk: u32,
    /// How many upcoming reception days of each official are leased.
    pub days_ahead: usize,
    /// How long a lease lasts from the grant (it never outlasts its reception day's start).
    pub duration: Duration,
    /// The largest clock error tolerated between a kiosk and the server: unused places come back
    /// only this long after a lease's end.
    pub drift: Duration,
    /// A kiosk with fewer numbers left than this gets a new block of `number_block` numbers.
    pub numbers_low_water: u32,
    pub number_block: u32,
}

impl Default for LeasePolicy {
    fn default() -> Self {
        LeasePolicy {
            places_per_kiosk: 2,
            days_ahead: 4,
            duration: Duration::hours(24),
            drift: Duration::minutes(15),
            numbers_low_water: 50,
            number_block: 200,
        }
    }
}

/// One lease the server wants a kiosk to hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseWant {
    pub official_id: String,
    pub reception_date: NaiveDate,
    /// The day's capacity, from the catalog.
    pub capacity: u32,
}

/// The upcoming reception days of every official, with their capacities: the same dates the
/// kiosk's booking screen offers (never today, the calendar's holidays and decrees applied).
pub fn lease_wants(catalog: &Catalog, now: DateTime<Utc>, policy: &LeasePolicy) -> Vec<LeaseWant> {
    let Ok(calendar) = catalog.calendar.to_calendar() else {
        return Vec::new();
    };
    let options = DateOptions {
        count: policy.days_ahead.max(1),
        same_day: SameDay::Never,
        horizon_days: 120,
    };
    let mut wants = Vec::new();
    for official in &catalog.officials {
        let Ok(rule) = official.reception.to_rule() else {
            continue;
        };
        let Ok(dates) = next_reception_dates(&rule, &calendar, &now, &Default::default(), &options)
        else {
            continue;
        };
        for d in dates {
            if let Some(capacity) = catalog.capacity(&official.id, d.date) {
                wants.push(LeaseWant {
                    official_id: official.id.clone(),
                    reception_date: d.date,
                    capacity,
                });
            }
        }
    }
    wants
}

/// When a lease granted at `now` for `reception_date` ends: after `policy.duration`, and never
/// later than the start of the reception day in Baku (bookings close the day before).
pub fn lease_end(
    reception_date: NaiveDate,
    now: DateTime<Utc>,
    policy: &LeasePolicy,
) -> DateTime<Utc> {
    let day_start = reception_date
        .and_hms_opt(0, 0, 0)
        .and_then(|t| qebul_core::time::ZONE.from_local_datetime(&t).earliest())
        .map(|t| t.with_timezone(&Utc));
    let by_duration = now + policy.duration;
    match day_start {
        Some(start) if start < by_duration => start,
        _ => by_duration,
    }
}

/// Whether a day accepts bookings for `official_id` (a reception day by the catalog's rule and
/// calendar, from tomorrow on in Baku).
pub fn is_reception_day(
    catalog: &Catalog,
    official_id: &str,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> bool {
    let Some(official) = catalog.official(official_id) else {
        return false;
    };
    let (Ok(rule), Ok(calendar)) = (official.reception.to_rule(), catalog.calendar.to_calendar())
    else {
        return false;
    };
    let today = qebul_core::time::baku_date(&now);
    if date <= today {
        return false;
    }
    match calendar.day(date) {
        qebul_core::calendar::DayKind::Working { schedule, .. } => {
            rule.days().any(|d| d == schedule)
        }
        qebul_core::calendar::DayKind::Rest => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        crate::demo::demo_catalog().expect("demo catalog")
    }

    #[test]
    fn wants_the_next_reception_days_of_every_official() {
        // Friday 20 November 2026, 16:31 in Baku.
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 31, 0).unwrap();
        let wants = lease_wants(&catalog(), now, &LeasePolicy::default());
        // The head receives on Mondays.
        let head: Vec<_> = wants
            .iter()
            .filter(|w| w.official_id == "bilesuvar-1")
            .map(|w| w.reception_date.to_string())
            .collect();
        assert_eq!(
            head,
            ["2026-11-23", "2026-11-30", "2026-12-07", "2026-12-14"]
        );
        assert!(wants.iter().all(|w| w.capacity > 0));
    }

    #[test]
    fn a_lease_ends_at_its_duration_or_the_day_start_whichever_is_first() {
        let policy = LeasePolicy::default();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        // Monday 00:00 in Baku is Sunday 20:00 UTC: before now + 24 h.
        assert_eq!(
            lease_end(monday, now, &policy),
            Utc.with_ymd_and_hms(2026, 11, 22, 20, 0, 0).unwrap()
        );
        let later = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(lease_end(later, now, &policy), now + Duration::hours(24));
    }

    #[test]
    fn reception_days_follow_the_rule_and_never_include_today() {
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 31, 0).unwrap();
        let c = catalog();
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(is_reception_day(&c, "bilesuvar-1", monday, now));
        assert!(!is_reception_day(
            &c,
            "bilesuvar-1",
            monday.succ_opt().unwrap(),
            now
        ));
        assert!(!is_reception_day(&c, "nobody", monday, now));
        let friday = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert!(!is_reception_day(&c, "bilesuvar-1", friday, now));
    }
}
