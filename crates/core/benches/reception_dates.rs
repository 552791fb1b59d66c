//! Next-4-dates over a year's calendar, against a naive baseline measured in the same run.
//!
//! `cargo bench --bench reception_dates` prints criterion's report, then one line with both
//! figures and their ratio (timed again with `Instant` over many iterations, the same inputs).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Baku;
use criterion::Criterion;
use qebul_core::calendar::{
    next_reception_dates, weekday_of, DateOptions, ReceptionDate, WorkingCalendar,
};
use qebul_core::{ReceptionHours, ReceptionRule, Weekday};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// 2025 roughly as decreed: about 20 holidays (New Year, 20 January is a memorial day and not
/// off, 8 March, Novruz, Ramazan, 9 May, 28 May, 15 and 26 June, Qurban, 8–9 November, 31 December),
/// some carried over, a few days moved off and on, and shortened eves.
struct Year {
    calendar: WorkingCalendar,
    taken: BTreeMap<NaiveDate, u32>,
    rule: ReceptionRule,
    /// Fifty-two moments, one per week: the same work whatever the week.
    nows: Vec<DateTime<Utc>>,
}

fn year() -> Year {
    let holidays = [
        d(2025, 1, 1),
        d(2025, 1, 2),
        d(2025, 3, 8),
        d(2025, 3, 10), // 8 March on a Saturday: carried over
        d(2025, 3, 20),
        d(2025, 3, 21),
        d(2025, 3, 22),
        d(2025, 3, 23),
        d(2025, 3, 24),
        d(2025, 3, 30),
        d(2025, 3, 31),
        d(2025, 5, 9),
        d(2025, 5, 28),
        d(2025, 6, 6),
        d(2025, 6, 7),
        d(2025, 6, 15),
        d(2025, 6, 26),
        d(2025, 11, 8),
        d(2025, 11, 9),
        d(2025, 12, 31),
    ];
    let calendar = WorkingCalendar {
        holidays: holidays.into_iter().collect(),
        moved_off: [
            d(2025, 3, 25),
            d(2025, 3, 26),
            d(2025, 4, 1),
            d(2025, 6, 9),
            d(2025, 11, 10),
        ]
        .into_iter()
        .collect(),
        moved_on: [
            (d(2025, 6, 14), Weekday::Mon),
            (d(2025, 11, 15), Weekday::Mon),
        ]
        .into_iter()
        .collect(),
        shortened: [
            d(2025, 3, 7),
            d(2025, 3, 19),
            d(2025, 5, 8),
            d(2025, 6, 5),
            d(2025, 12, 30),
        ]
        .into_iter()
        .collect(),
        ..WorkingCalendar::default()
    };
    let rule = ReceptionRule::new(
        [Weekday::Wed, Weekday::Fri],
        ReceptionHours::AllWorkingHours,
    )
    .with_capacity(20);
    // Half the reception days of the year are full, the others half taken.
    let mut taken = BTreeMap::new();
    let mut date = d(2025, 1, 1);
    let mut nth = 0u32;
    while date.year() == 2025 {
        if matches!(weekday_of(date), Weekday::Wed | Weekday::Fri) {
            taken.insert(date, if nth.is_multiple_of(2) { 20 } else { 10 });
            nth += 1;
        }
        date = date.succ_opt().expect("in range");
    }
    let nows = (0..52)
        .map(|week| {
            Utc.with_ymd_and_hms(2025, 1, 1, 11, 30, 0)
                .single()
                .expect("unambiguous")
                + chrono::Duration::weeks(week)
        })
        .collect();
    Year {
        calendar,
        taken,
        rule,
        nows,
    }
}

/// The naive way: flat `Vec`s searched linearly, every day of the horizon looked at in full.
struct Naive {
    weekend: Vec<u32>,
    holidays: Vec<NaiveDate>,
    moved_off: Vec<NaiveDate>,
    moved_on: Vec<(NaiveDate, u32)>,
    shortened: Vec<NaiveDate>,
    rule_days: Vec<u32>,
    capacity: Option<u32>,
    taken: Vec<(NaiveDate, u32)>,
}

impl Naive {
    fn new(y: &Year) -> Naive {
        Naive {
            weekend: y
                .calendar
                .weekend
                .iter()
                .map(|w| u32::from(w.number()))
                .collect(),
            holidays: y.calendar.holidays.iter().copied().collect(),
            moved_off: y.calendar.moved_off.iter().copied().collect(),
            moved_on: y
                .calendar
                .moved_on
                .iter()
                .map(|(d, w)| (*d, u32::from(w.number())))
                .collect(),
            shortened: y.calendar.shortened.iter().copied().collect(),
            rule_days: y.rule.days().map(|w| u32::from(w.number())).collect(),
            capacity: y.rule.capacity(),
            taken: y.taken.iter().map(|(d, n)| (*d, *n)).collect(),
        }
    }

    fn next(&self, now: &DateTime<Utc>, count: usize) -> Vec<(NaiveDate, bool, Option<u32>)> {
        let today = now.with_timezone(&Baku).date_naive();
        let mut out = Vec::new();
        for i in 1..366 {
            let date = today + chrono::Duration::days(i);
            let rest = self.holidays.contains(&date) || self.moved_off.contains(&date);
            let own = date.weekday().number_from_monday();
            let schedule = match self.moved_on.iter().find(|(m, _)| *m == date) {
                Some((_, w)) => Some(*w),
                None if self.weekend.contains(&own) => None,
                None => Some(own),
            };
            let taken = self
                .taken
                .iter()
                .find(|(t, _)| *t == date)
                .map_or(0, |(_, n)| *n);
            let shortened = self.shortened.contains(&date);
            if let Some(w) = schedule.filter(|w| !rest && self.rule_days.contains(w)) {
                let _ = w;
                let left = self.capacity.map(|c| c.saturating_sub(taken));
                if left != Some(0) {
                    out.push((date, shortened, left));
                    if out.len() == count {
                        break;
                    }
                }
            }
        }
        out
    }
}

fn ours(y: &Year, now: &DateTime<Utc>, options: &DateOptions) -> Vec<ReceptionDate> {
    next_reception_dates(&y.rule, &y.calendar, now, &y.taken, options).expect("valid options")
}

fn main() {
    let y = year();
    let naive = Naive::new(&y);
    let options = DateOptions::default();

    // Both answer the same, week after week.
    for now in &y.nows {
        let a: Vec<_> = ours(&y, now, &options)
            .iter()
            .map(|r| (r.date, r.shortened, r.places_left))
            .collect();
        assert_eq!(a, naive.next(now, options.count), "at {now}");
    }

    // `cargo test --benches` runs this binary without `--bench`: the equality check above is
    // the test; the measurements are for `cargo bench` only.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let mut i = 0usize;
    c.bench_function("next-4-dates (year calendar, Wed+Fri, half full)", |b| {
        b.iter(|| {
            i = (i + 1) % y.nows.len();
            ours(&y, black_box(&y.nows[i]), black_box(&options))
        })
    });
    let mut j = 0usize;
    c.bench_function("naive baseline (linear Vec lookups)", |b| {
        b.iter(|| {
            j = (j + 1) % y.nows.len();
            naive.next(black_box(&y.nows[j]), black_box(options.count))
        })
    });
    c.final_summary();

    // The figure and its baseline side by side, from this run, timed the same way.
    let rounds = 2000;
    let per_call = |f: &dyn Fn(&DateTime<Utc>) -> usize| {
        let start = Instant::now();
        let mut sink = 0usize;
        for _ in 0..rounds {
            for now in &y.nows {
                sink += f(black_box(now));
            }
        }
        black_box(sink);
        start.elapsed().as_secs_f64() / (rounds * y.nows.len()) as f64
    };
    let fast = per_call(&|now| ours(&y, now, &options).len());
    let slow = per_call(&|now| naive.next(now, options.count).len());
    println!(
        "next-4-dates: {:.2} µs; naive baseline: {:.2} µs; ratio {:.1}x",
        fast * 1e6,
        slow * 1e6,
        slow / fast
    );
}
