//! The working-day calendar and an official's next reception dates (the seed's booking form offers
//! the **next 4**).
//!
//! Everything is plain data: the calendar (holidays, days moved off or on by decree, shortened
//! pre-holiday days) comes from the central server, the places already taken come from the store,
//! and "now" comes from the caller. Nothing here reads a clock.
//!
//! ```
//! use std::collections::BTreeMap;
//! use chrono::{NaiveDate, TimeZone};
//! use qebul_core::time::ZONE as Baku;
//! use qebul_core::calendar::{next_reception_dates, DateOptions, WorkingCalendar};
//! use qebul_core::{ReceptionHours, ReceptionRule, Weekday};
//!
//! // İSGƏNDƏROV receives every working day; the seed's citizen applies on Friday 03.04.2015 16:31.
//! let rule = ReceptionRule::new(Weekday::WORKING, ReceptionHours::AllWorkingHours);
//! let now = Baku.with_ymd_and_hms(2015, 4, 3, 16, 31, 0).unwrap();
//! let dates = next_reception_dates(
//!     &rule,
//!     &WorkingCalendar::default(),
//!     &now,
//!     &BTreeMap::new(),
//!     &DateOptions::default(),
//! )
//! .unwrap();
//! let days: Vec<u32> = dates.iter().map(|d| chrono::Datelike::day(&d.date)).collect();
//! assert_eq!(days, [6, 7, 8, 9]);
//! ```

use std::collections::{BTreeMap, BTreeSet};

use crate::time::ZONE as Baku;
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Timelike};

use crate::{ClockTime, ReceptionRule, Weekday};

/// The working-day calendar of one authority (or the whole country), as the central server sends
/// it. Holidays move every year and carry over from weekends: they are data, never constants.
///
/// How a date is classified, in order of precedence (a rest day always wins, so a contradictory
/// calendar never offers a date that may be a day off):
/// 1. in [`holidays`](Self::holidays) or [`moved_off`](Self::moved_off): a rest day;
/// 2. in [`moved_on`](Self::moved_on): a working day that follows the schedule of the given weekday;
/// 3. its weekday in [`weekend`](Self::weekend): a rest day;
/// 4. otherwise a working day that follows its own weekday's schedule.
///
/// A working day listed in [`shortened`](Self::shortened) is still a working (and reception) day,
/// marked so the screen can say so; listing a rest day there changes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCalendar {
    /// Weekdays that are rest days unless a decree says otherwise. Default: Saturday and Sunday.
    pub weekend: BTreeSet<Weekday>,
    /// Public holidays (bayram günləri), each date a rest day, including days a holiday carries
    /// over to when it falls on a weekend, if the server sends them as holidays.
    pub holidays: BTreeSet<NaiveDate>,
    /// Working days declared rest days by decree (e.g. a Monday between a holiday and a weekend).
    pub moved_off: BTreeSet<NaiveDate>,
    /// Days declared working days by decree (usually a Saturday or Sunday), each with the weekday
    /// whose reception schedule it follows: officials receive by weekday, so a Saturday that
    /// "works as a Monday" is a reception day for an official who receives on Mondays.
    /// A weekday listed here follows the given weekday's schedule instead of its own.
    pub moved_on: BTreeMap<NaiveDate, Weekday>,
    /// Shortened pre-holiday working days (bayramqabağı qısaldılmış iş günü).
    pub shortened: BTreeSet<NaiveDate>,
}

impl Default for WorkingCalendar {
    /// No holidays, no decrees, Saturday and Sunday off.
    fn default() -> Self {
        WorkingCalendar {
            weekend: [Weekday::Sat, Weekday::Sun].into_iter().collect(),
            holidays: BTreeSet::new(),
            moved_off: BTreeSet::new(),
            moved_on: BTreeMap::new(),
            shortened: BTreeSet::new(),
        }
    }
}

/// What the calendar makes of one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// A weekend day, a holiday or a day moved off.
    Rest,
    /// A working day.
    Working {
        /// The weekday whose reception schedule applies (the date's own, or the one a moved-on
        /// day follows).
        schedule: Weekday,
        /// A shortened pre-holiday day.
        shortened: bool,
    },
}

impl WorkingCalendar {
    /// How the calendar classifies `date` (see the type's documentation for the precedence).
    pub fn day(&self, date: NaiveDate) -> DayKind {
        if self.holidays.contains(&date) || self.moved_off.contains(&date) {
            return DayKind::Rest;
        }
        let schedule = match self.moved_on.get(&date) {
            Some(&follows) => follows,
            None => {
                let own = weekday_of(date);
                if self.weekend.contains(&own) {
                    return DayKind::Rest;
                }
                own
            }
        };
        DayKind::Working {
            schedule,
            shortened: self.shortened.contains(&date),
        }
    }
}

/// Whether today (in Baku) may be offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameDay {
    /// Today is never offered: the first date is tomorrow at the earliest. What the seed shows
    /// (on Friday 16:31 the first date offered to an every-day official is Monday).
    Never,
    /// Today is offered while the Baku time of "now" is strictly before this time:
    /// `Until(09:00)` offers today at 08:59:59 and not at 09:00:00.
    Until(ClockTime),
    /// Today is offered whatever the time (places and the calendar still apply).
    Always,
}

/// How far and how many dates to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOptions {
    /// How many dates to offer; the seed offers 4. Must be at least 1.
    pub count: usize,
    /// Whether today can be offered.
    pub same_day: SameDay,
    /// How many days to search, today included: dates from today up to, not including,
    /// today + `horizon_days`. Between 1 and [`MAX_HORIZON_DAYS`]. A calendar that allows fewer
    /// than `count` dates in this window gives fewer dates.
    pub horizon_days: u32,
}

/// The longest search window accepted: ten years.
pub const MAX_HORIZON_DAYS: u32 = 3660;

impl Default for DateOptions {
    /// 4 dates, never today, within 366 days.
    fn default() -> Self {
        DateOptions {
            count: 4,
            same_day: SameDay::Never,
            horizon_days: 366,
        }
    }
}

/// One date a citizen can choose on the booking form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceptionDate {
    /// The day, in Baku.
    pub date: NaiveDate,
    /// The weekday whose reception schedule applies: the date's own weekday, or the weekday a
    /// moved-on day follows (its hours are that weekday's hours).
    pub schedule: Weekday,
    /// A shortened pre-holiday day: still a reception day, and the screen says so.
    pub shortened: bool,
    /// Places still free that day; `None` when the official's rule sets no capacity.
    pub places_left: Option<u32>,
}

/// Options that cannot describe a search.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatesError {
    #[error("asked for no reception dates (count must be at least 1)")]
    ZeroCount,
    #[error("the search horizon is empty (horizon_days must be at least 1)")]
    EmptyHorizon,
    #[error("the search horizon of {days} days is longer than the {max} days allowed")]
    HorizonTooLong { days: u32, max: u32 },
}

/// The next `options.count` reception dates of the official whose rule is `rule`, from the
/// moment `now` (any time zone; it is read in Asia/Baku time).
///
/// A date is offered when the calendar makes it a working day whose schedule weekday is one of
/// the rule's days, it is today or later in Baku (today only as `options.same_day` allows), and,
/// if the rule has a capacity, `taken[date]` (missing = 0) is below it. Dates come back in
/// increasing order; fewer than `count` when the horizon allows fewer.
pub fn next_reception_dates<Z: TimeZone>(
    rule: &ReceptionRule,
    calendar: &WorkingCalendar,
    now: &DateTime<Z>,
    taken: &BTreeMap<NaiveDate, u32>,
    options: &DateOptions,
) -> Result<Vec<ReceptionDate>, DatesError> {
    if options.count == 0 {
        return Err(DatesError::ZeroCount);
    }
    if options.horizon_days == 0 {
        return Err(DatesError::EmptyHorizon);
    }
    if options.horizon_days > MAX_HORIZON_DAYS {
        return Err(DatesError::HorizonTooLong {
            days: options.horizon_days,
            max: MAX_HORIZON_DAYS,
        });
    }

    let local = now.with_timezone(&Baku);
    let today = local.date_naive();
    let today_open = match options.same_day {
        SameDay::Never => false,
        SameDay::Always => true,
        // `ClockTime` has whole minutes, so "now < cut-off" is "now's minute < cut-off".
        SameDay::Until(cutoff) => ClockTime::new(local.hour() as u8, local.minute() as u8)
            .is_some_and(|minute| minute < cutoff),
    };

    let weekend = weekday_mask(calendar.weekend.iter().copied());
    let receives = weekday_mask(rule.days());

    let mut dates = Vec::with_capacity(options.count.min(options.horizon_days as usize));
    let mut day = Some(today);
    for offset in 0..options.horizon_days {
        let Some(date) = day else { break };
        day = date.succ_opt();
        if offset == 0 && !today_open {
            continue;
        }
        // The same classification as `WorkingCalendar::day`, cheapest test first: most days
        // fail on the weekday alone, before any holiday is looked up.
        let schedule = match calendar.moved_on.get(&date) {
            Some(&follows) => follows,
            None => {
                let own = weekday_of(date);
                if weekend[own.index()] {
                    continue;
                }
                own
            }
        };
        if !receives[schedule.index()]
            || calendar.holidays.contains(&date)
            || calendar.moved_off.contains(&date)
        {
            continue;
        }
        let shortened = calendar.shortened.contains(&date);
        let places_left = match rule.capacity() {
            None => None,
            Some(capacity) => {
                let left = capacity.saturating_sub(taken.get(&date).copied().unwrap_or(0));
                if left == 0 {
                    continue;
                }
                Some(left)
            }
        };
        dates.push(ReceptionDate {
            date,
            schedule,
            shortened,
            places_left,
        });
        if dates.len() == options.count {
            break;
        }
    }
    Ok(dates)
}

/// Which weekdays are in `days`, indexed 0 (Monday) … 6 (Sunday).
fn weekday_mask(days: impl Iterator<Item = Weekday>) -> [bool; 7] {
    let mut mask = [false; 7];
    for day in days {
        mask[day.index()] = true;
    }
    mask
}

trait WeekdayIndex {
    /// 0 for Monday … 6 for Sunday.
    fn index(self) -> usize;
}

impl WeekdayIndex for Weekday {
    fn index(self) -> usize {
        usize::from(self.number() - 1)
    }
}

/// The crate's weekday of a date.
pub fn weekday_of(date: NaiveDate) -> Weekday {
    match date.weekday() {
        chrono::Weekday::Mon => Weekday::Mon,
        chrono::Weekday::Tue => Weekday::Tue,
        chrono::Weekday::Wed => Weekday::Wed,
        chrono::Weekday::Thu => Weekday::Thu,
        chrono::Weekday::Fri => Weekday::Fri,
        chrono::Weekday::Sat => Weekday::Sat,
        chrono::Weekday::Sun => Weekday::Sun,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ReceptionHours::AllWorkingHours;
    use chrono::{FixedOffset, Utc};
    use proptest::prelude::*;
    use Weekday::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn t(h: u8, m: u8) -> ClockTime {
        ClockTime::new(h, m).expect("valid time")
    }

    fn every_working_day() -> ReceptionRule {
        ReceptionRule::new(Weekday::WORKING, AllWorkingHours)
    }

    fn dates_of(found: &[ReceptionDate]) -> Vec<NaiveDate> {
        found.iter().map(|r| r.date).collect()
    }

    fn next<Z: TimeZone>(
        rule: &ReceptionRule,
        calendar: &WorkingCalendar,
        now: &DateTime<Z>,
        options: &DateOptions,
    ) -> Vec<ReceptionDate> {
        next_reception_dates(rule, calendar, now, &BTreeMap::new(), options).expect("valid options")
    }

    #[test]
    fn seed_shahbazov_on_wednesdays_and_fridays_is_offered_from_wednesday_8_april() {
        // Seed (Şəkil 8): ŞAHBAZOV ZAKİR VƏKİL OĞLU receives on Wednesdays and Fridays; the
        // citizen applied on Friday 03.04.2015 16:47 and was booked for 08.04.2015.
        let now = Baku
            .with_ymd_and_hms(2015, 4, 3, 16, 47, 0)
            .single()
            .expect("unambiguous");
        let wed_fri = ReceptionRule::new([Wed, Fri], AllWorkingHours);
        let found = next(
            &wed_fri,
            &WorkingCalendar::default(),
            &now,
            &DateOptions::default(),
        );
        assert_eq!(
            dates_of(&found),
            [
                d(2015, 4, 8),
                d(2015, 4, 10),
                d(2015, 4, 15),
                d(2015, 4, 17)
            ]
        );
    }

    #[test]
    fn seed_isgenderov_on_friday_afternoon_is_offered_monday_to_thursday() {
        // Seed (Şəkil 7/8): applied 03.04.2015 16:31 (a Friday), reception 07.04.2015; the form
        // offered the next 4 dates. (Baku was UTC+5 in April 2015: chrono-tz knows the old summer time.)
        let now = Baku
            .with_ymd_and_hms(2015, 4, 3, 16, 31, 0)
            .single()
            .expect("unambiguous");
        let found = next(
            &every_working_day(),
            &WorkingCalendar::default(),
            &now,
            &DateOptions::default(),
        );
        assert_eq!(
            dates_of(&found),
            [d(2015, 4, 6), d(2015, 4, 7), d(2015, 4, 8), d(2015, 4, 9)]
        );
        assert!(found
            .iter()
            .all(|r| !r.shortened && r.places_left.is_none()));
        assert_eq!(
            found.iter().map(|r| r.schedule).collect::<Vec<_>>(),
            [Mon, Tue, Wed, Thu]
        );
    }

    #[test]
    fn same_day_cutoff_offers_today_only_before_the_cutoff() {
        let rule = every_working_day();
        let cal = WorkingCalendar::default();
        let at = |h, m, s| {
            Baku.with_ymd_and_hms(2015, 4, 3, h, m, s)
                .single()
                .expect("unambiguous")
        };
        let until9 = DateOptions {
            same_day: SameDay::Until(t(9, 0)),
            ..DateOptions::default()
        };
        assert_eq!(
            next(&rule, &cal, &at(8, 59, 59), &until9)[0].date,
            d(2015, 4, 3)
        );
        assert_eq!(
            next(&rule, &cal, &at(9, 0, 0), &until9)[0].date,
            d(2015, 4, 6)
        );
        assert_eq!(
            next(&rule, &cal, &at(16, 31, 0), &until9)[0].date,
            d(2015, 4, 6)
        );
        let always = DateOptions {
            same_day: SameDay::Always,
            ..DateOptions::default()
        };
        assert_eq!(
            next(&rule, &cal, &at(23, 59, 0), &always)[0].date,
            d(2015, 4, 3)
        );
        let never = DateOptions::default();
        assert_eq!(
            next(&rule, &cal, &at(0, 0, 0), &never)[0].date,
            d(2015, 4, 6)
        );
    }

    /// Novruz 2025 as a decree might set it: 20–24 March off (20 Thu … 24 Mon), 25–26 March
    /// carried over from the weekend, and the 19th a shortened pre-holiday day.
    fn novruz_2025() -> WorkingCalendar {
        WorkingCalendar {
            holidays: (20..=24).map(|day| d(2025, 3, day)).collect(),
            moved_off: [d(2025, 3, 25), d(2025, 3, 26)].into_iter().collect(),
            shortened: [d(2025, 3, 19)].into_iter().collect(),
            ..WorkingCalendar::default()
        }
    }

    #[test]
    fn novruz_holidays_and_days_moved_off_are_skipped_and_the_eve_is_shortened() {
        let now = Baku
            .with_ymd_and_hms(2025, 3, 19, 8, 0, 0)
            .single()
            .expect("unambiguous");
        let options = DateOptions {
            same_day: SameDay::Until(t(9, 0)),
            ..DateOptions::default()
        };
        let found = next(&every_working_day(), &novruz_2025(), &now, &options);
        assert_eq!(
            dates_of(&found),
            [
                d(2025, 3, 19),
                d(2025, 3, 27),
                d(2025, 3, 28),
                d(2025, 3, 31)
            ]
        );
        assert_eq!(
            found.iter().map(|r| r.shortened).collect::<Vec<_>>(),
            [true, false, false, false]
        );
        // An official on Wednesdays and Fridays, asked on the 18th.
        let wed_fri = ReceptionRule::new([Wed, Fri], AllWorkingHours);
        let now = Baku
            .with_ymd_and_hms(2025, 3, 18, 12, 0, 0)
            .single()
            .expect("unambiguous");
        let found = next(&wed_fri, &novruz_2025(), &now, &DateOptions::default());
        assert_eq!(
            dates_of(&found),
            [d(2025, 3, 19), d(2025, 3, 28), d(2025, 4, 2), d(2025, 4, 4)]
        );
    }

    #[test]
    fn a_saturday_moved_on_follows_the_weekday_it_replaces() {
        // Monday 03.11.2025 moved off, Saturday 01.11.2025 works as a Monday.
        let cal = WorkingCalendar {
            moved_off: [d(2025, 11, 3)].into_iter().collect(),
            moved_on: [(d(2025, 11, 1), Mon)].into_iter().collect(),
            ..WorkingCalendar::default()
        };
        let now = Baku
            .with_ymd_and_hms(2025, 10, 28, 10, 0, 0)
            .single()
            .expect("unambiguous");
        let mondays = ReceptionRule::new([Mon], AllWorkingHours);
        let found = next(&mondays, &cal, &now, &DateOptions::default());
        assert_eq!(
            dates_of(&found),
            [
                d(2025, 11, 1),
                d(2025, 11, 10),
                d(2025, 11, 17),
                d(2025, 11, 24)
            ]
        );
        assert_eq!(found[0].schedule, Mon);
        assert_eq!(weekday_of(found[0].date), Sat);
        // An official on Wednesdays and Fridays does not receive on a Saturday that works as a Monday.
        let wed_fri = ReceptionRule::new([Wed, Fri], AllWorkingHours);
        let found = next(&wed_fri, &cal, &now, &DateOptions::default());
        assert_eq!(
            dates_of(&found),
            [
                d(2025, 10, 29),
                d(2025, 10, 31),
                d(2025, 11, 5),
                d(2025, 11, 7)
            ]
        );
    }

    #[test]
    fn a_utc_moment_already_tomorrow_in_baku_counts_from_the_baku_date() {
        // 21:30 UTC on Thursday 03.04.2025 is 01:30 on Friday 04.04.2025 in Baku (UTC+4).
        let now = Utc
            .with_ymd_and_hms(2025, 4, 3, 21, 30, 0)
            .single()
            .expect("unambiguous");
        let rule = every_working_day();
        let cal = WorkingCalendar::default();
        let until9 = DateOptions {
            same_day: SameDay::Until(t(9, 0)),
            ..DateOptions::default()
        };
        assert_eq!(
            dates_of(&next(&rule, &cal, &now, &until9)),
            [d(2025, 4, 4), d(2025, 4, 7), d(2025, 4, 8), d(2025, 4, 9)]
        );
        // "Never today" means never the Baku today: Friday is gone, Thursday long gone.
        assert_eq!(
            dates_of(&next(&rule, &cal, &now, &DateOptions::default())),
            [d(2025, 4, 7), d(2025, 4, 8), d(2025, 4, 9), d(2025, 4, 10)]
        );
    }

    #[test]
    fn full_days_are_skipped_and_places_left_reported() {
        let rule = ReceptionRule::new([Wed, Fri], AllWorkingHours).with_capacity(10);
        let now = Baku
            .with_ymd_and_hms(2025, 4, 1, 10, 0, 0)
            .single()
            .expect("unambiguous");
        let taken: BTreeMap<NaiveDate, u32> =
            [(d(2025, 4, 2), 10), (d(2025, 4, 4), 7), (d(2025, 4, 9), 12)]
                .into_iter()
                .collect();
        let found = next_reception_dates(
            &rule,
            &WorkingCalendar::default(),
            &now,
            &taken,
            &DateOptions::default(),
        )
        .expect("valid options");
        assert_eq!(
            found
                .iter()
                .map(|r| (r.date, r.places_left))
                .collect::<Vec<_>>(),
            [
                (d(2025, 4, 4), Some(3)),
                (d(2025, 4, 11), Some(10)),
                (d(2025, 4, 16), Some(10)),
                (d(2025, 4, 18), Some(10)),
            ]
        );
        // Capacity 0: nothing, but no endless search.
        let closed = ReceptionRule::new([Wed], AllWorkingHours).with_capacity(0);
        assert!(next(
            &closed,
            &WorkingCalendar::default(),
            &now,
            &DateOptions::default()
        )
        .is_empty());
    }

    #[test]
    fn a_short_horizon_gives_fewer_dates() {
        let now = Baku
            .with_ymd_and_hms(2025, 4, 1, 10, 0, 0)
            .single()
            .expect("unambiguous");
        let options = DateOptions {
            horizon_days: 10, // 1.4 … 10.4: tomorrow on, Wed 2, Fri 4, Wed 9
            ..DateOptions::default()
        };
        let rule = ReceptionRule::new([Wed, Fri], AllWorkingHours);
        assert_eq!(
            dates_of(&next(&rule, &WorkingCalendar::default(), &now, &options)),
            [d(2025, 4, 2), d(2025, 4, 4), d(2025, 4, 9)]
        );
        // A calendar where every day is off.
        let cal = WorkingCalendar {
            weekend: [Mon, Tue, Wed, Thu, Fri, Sat, Sun].into_iter().collect(),
            ..WorkingCalendar::default()
        };
        assert!(next(&rule, &cal, &now, &DateOptions::default()).is_empty());
    }

    #[test]
    fn a_rest_day_wins_over_a_contradictory_moved_on_entry() {
        let sat = d(2025, 5, 10);
        let cal = WorkingCalendar {
            holidays: [sat].into_iter().collect(),
            moved_on: [(sat, Mon)].into_iter().collect(),
            shortened: [sat, d(2025, 5, 11)].into_iter().collect(),
            ..WorkingCalendar::default()
        };
        assert_eq!(cal.day(sat), DayKind::Rest);
        assert_eq!(
            cal.day(d(2025, 5, 11)),
            DayKind::Rest,
            "shortened Sunday stays off"
        );
    }

    #[test]
    fn refuses_options_that_describe_no_search() {
        let now = Utc
            .with_ymd_and_hms(2025, 4, 1, 10, 0, 0)
            .single()
            .expect("unambiguous");
        let run = |options: DateOptions| {
            next_reception_dates(
                &every_working_day(),
                &WorkingCalendar::default(),
                &now,
                &BTreeMap::new(),
                &options,
            )
        };
        let base = DateOptions::default();
        assert_eq!(
            run(DateOptions { count: 0, ..base }),
            Err(DatesError::ZeroCount)
        );
        assert_eq!(
            run(DateOptions {
                horizon_days: 0,
                ..base
            }),
            Err(DatesError::EmptyHorizon)
        );
        assert_eq!(
            run(DateOptions {
                horizon_days: 100_000,
                ..base
            }),
            Err(DatesError::HorizonTooLong {
                days: 100_000,
                max: MAX_HORIZON_DAYS
            })
        );
        assert!(run(DateOptions {
            horizon_days: MAX_HORIZON_DAYS,
            ..base
        })
        .is_ok());
    }

    #[test]
    fn searching_near_the_end_of_time_stops_without_panicking() {
        let now = NaiveDate::MAX
            .and_hms_opt(0, 0, 0)
            .expect("valid time")
            .and_utc()
            - chrono::Duration::days(3);
        let options = DateOptions {
            same_day: SameDay::Always,
            horizon_days: MAX_HORIZON_DAYS,
            count: 100,
        };
        let rule = ReceptionRule::new(
            Weekday::WORKING.into_iter().chain([Sat, Sun]),
            AllWorkingHours,
        );
        let cal = WorkingCalendar {
            weekend: BTreeSet::new(),
            ..WorkingCalendar::default()
        };
        let found = next(&rule, &cal, &now, &options);
        assert!(!found.is_empty() && found.len() <= 4);
        assert_eq!(found.last().map(|r| r.date), Some(NaiveDate::MAX));
    }

    // ---- property tests -------------------------------------------------------------------------

    /// The brute-force oracle: every day of the window, linear lookups, the rules written out
    /// again from the documentation.
    struct Oracle<'a> {
        rule_days: Vec<Weekday>,
        capacity: Option<u32>,
        cal: &'a WorkingCalendar,
        taken: &'a BTreeMap<NaiveDate, u32>,
    }

    impl Oracle<'_> {
        /// Every date of the window that may be offered, in order (not cut at `count`).
        fn all(&self, now: &DateTime<FixedOffset>, options: &DateOptions) -> Vec<NaiveDate> {
            let baku = now.with_timezone(&Baku);
            let today = baku.date_naive();
            let hm = (baku.hour(), baku.minute());
            let mut out = Vec::new();
            for i in 0..options.horizon_days {
                let date = today + chrono::Duration::days(i64::from(i));
                if i == 0 {
                    let open = match options.same_day {
                        SameDay::Never => false,
                        SameDay::Always => true,
                        SameDay::Until(c) => {
                            let (h, m) = (
                                c.to_string()[..2].parse::<u32>(),
                                c.to_string()[3..].parse::<u32>(),
                            );
                            hm < (h.expect("hh"), m.expect("mm"))
                        }
                    };
                    if !open {
                        continue;
                    }
                }
                let holiday = self.cal.holidays.iter().any(|h| *h == date);
                let off = self.cal.moved_off.iter().any(|h| *h == date);
                if holiday || off {
                    continue;
                }
                let own = weekday_of(date);
                let schedule = match self.cal.moved_on.iter().find(|(m, _)| **m == date) {
                    Some((_, w)) => *w,
                    None if self.cal.weekend.iter().any(|w| *w == own) => continue,
                    None => own,
                };
                if !self.rule_days.contains(&schedule) {
                    continue;
                }
                if let Some(cap) = self.capacity {
                    let taken = self
                        .taken
                        .iter()
                        .find(|(t, _)| **t == date)
                        .map_or(0, |(_, n)| *n);
                    if taken >= cap {
                        continue;
                    }
                }
                out.push(date);
            }
            out
        }
    }

    /// Everything one property case needs; dates fall in a window of 80 days from `base`.
    #[derive(Debug)]
    struct Case {
        rule: ReceptionRule,
        cal: WorkingCalendar,
        taken: BTreeMap<NaiveDate, u32>,
        now: DateTime<FixedOffset>,
        options: DateOptions,
    }

    fn weekday_strategy() -> impl Strategy<Value = Weekday> {
        (1u8..=7).prop_map(|n| Weekday::from_number(n).expect("1..=7"))
    }

    fn case_strategy() -> impl Strategy<Value = Case> {
        let base_day = 0i64..(365 * 12); // 2014 … 2025: Baku with and without summer time
        (
            base_day,
            proptest::collection::btree_set(weekday_strategy(), 1..=7),
            proptest::option::of(0u32..4),
            proptest::collection::btree_set(weekday_strategy(), 0..=3),
            proptest::collection::btree_set(0i64..80, 0..20),
            proptest::collection::btree_set(0i64..80, 0..6),
            proptest::collection::btree_map(0i64..80, weekday_strategy(), 0..6),
            proptest::collection::btree_set(0i64..80, 0..6),
            proptest::collection::btree_map(0i64..80, 0u32..6, 0..30),
            (0i64..86_400, -12 * 3600i32..=14 * 3600),
            (1usize..8, 0u8..3, 0u8..24, 0u8..60, 1u32..90),
        )
            .prop_map(
                |(base, days, capacity, weekend, hol, off, on, short, taken, now, opt)| {
                    let base = d(2014, 1, 1) + chrono::Duration::days(base);
                    let at = |o: i64| base + chrono::Duration::days(o);
                    let mut rule = ReceptionRule::new(days, AllWorkingHours);
                    if let Some(c) = capacity {
                        rule = rule.with_capacity(c);
                    }
                    let cal = WorkingCalendar {
                        weekend,
                        holidays: hol.into_iter().map(at).collect(),
                        moved_off: off.into_iter().map(at).collect(),
                        moved_on: on.into_iter().map(|(o, w)| (at(o), w)).collect(),
                        shortened: short.into_iter().map(at).collect(),
                    };
                    let (secs, offset) = now;
                    let offset = FixedOffset::east_opt(offset).expect("within a day");
                    let now = (base.and_hms_opt(0, 0, 0).expect("midnight")
                        + chrono::Duration::seconds(secs))
                    .and_utc()
                    .with_timezone(&offset);
                    let (count, same_day, h, m, horizon_days) = opt;
                    let same_day = match same_day {
                        0 => SameDay::Never,
                        1 => SameDay::Always,
                        _ => SameDay::Until(t(h, m)),
                    };
                    Case {
                        rule,
                        cal,
                        taken: taken.into_iter().map(|(o, n)| (at(o), n)).collect(),
                        now,
                        options: DateOptions {
                            count,
                            same_day,
                            horizon_days,
                        },
                    }
                },
            )
    }

    fn run(case: &Case) -> Vec<ReceptionDate> {
        next_reception_dates(&case.rule, &case.cal, &case.now, &case.taken, &case.options)
            .expect("valid options")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn dates_are_strictly_increasing(case in case_strategy()) {
            let found = run(&case);
            prop_assert!(found.windows(2).all(|w| w[0].date < w[1].date));
        }

        #[test]
        fn each_date_is_a_reception_day_of_the_rule(case in case_strategy()) {
            for r in run(&case) {
                let schedule = case.cal.moved_on.get(&r.date).copied().unwrap_or(weekday_of(r.date));
                prop_assert_eq!(r.schedule, schedule);
                prop_assert!(case.rule.receives_on(schedule));
                prop_assert!(case.cal.moved_on.contains_key(&r.date)
                    || !case.cal.weekend.contains(&weekday_of(r.date)));
                prop_assert_eq!(r.shortened, case.cal.shortened.contains(&r.date));
            }
        }

        #[test]
        fn no_date_is_a_holiday_or_moved_off(case in case_strategy()) {
            for r in run(&case) {
                prop_assert!(!case.cal.holidays.contains(&r.date));
                prop_assert!(!case.cal.moved_off.contains(&r.date));
            }
        }

        #[test]
        fn no_date_is_before_now_in_baku_nor_today_past_the_cutoff(case in case_strategy()) {
            let baku = case.now.with_timezone(&Baku);
            let today = baku.date_naive();
            for r in run(&case) {
                prop_assert!(r.date >= today);
                let horizon_end = today + chrono::Duration::days(i64::from(case.options.horizon_days));
                prop_assert!(r.date < horizon_end);
                if r.date == today {
                    match case.options.same_day {
                        SameDay::Never => prop_assert!(false, "today offered under Never"),
                        SameDay::Always => {}
                        SameDay::Until(c) => prop_assert!(
                            ClockTime::new(baku.hour() as u8, baku.minute() as u8).expect("time") < c
                        ),
                    }
                }
            }
        }

        #[test]
        fn full_days_are_skipped(case in case_strategy()) {
            for r in run(&case) {
                match case.rule.capacity() {
                    None => prop_assert_eq!(r.places_left, None),
                    Some(cap) => {
                        let taken = case.taken.get(&r.date).copied().unwrap_or(0);
                        prop_assert!(taken < cap);
                        prop_assert_eq!(r.places_left, Some(cap - taken));
                    }
                }
            }
        }

        #[test]
        fn exactly_n_whenever_the_calendar_allows_n(case in case_strategy()) {
            let oracle = Oracle {
                rule_days: case.rule.days().collect(),
                capacity: case.rule.capacity(),
                cal: &case.cal,
                taken: &case.taken,
            };
            let allowed = oracle.all(&case.now, &case.options);
            let found = run(&case);
            prop_assert_eq!(found.len(), allowed.len().min(case.options.count));
            prop_assert_eq!(dates_of(&found), allowed[..found.len()].to_vec());
        }
    }
}
