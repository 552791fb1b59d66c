//! The time the kiosk judges lease ends by.
//!
//! A lease ends at a moment of the server's clock. The kiosk's wall clock can be set back (by a
//! person, a dead RTC battery, a bad NTP answer), which would stretch its leases and let it book
//! places the server has taken back. So the kiosk counts from its last sync with the monotonic
//! clock, which nobody sets, and takes the later of the two.
//!
//! The monotonic reading taken at the last grant is kept in the store beside the anchor, with
//! the machine's boot id: a kiosk restarted on the same boot (a crash, an update) still counts the
//! time since that grant. The deterministic simulation found the gap this closes: a restart with
//! the clock set back let a kiosk spend a lease hours after its end. After a reboot the reading
//! means nothing and the last grant's time is only a floor; that gap remains (see
//! ARCHITECTURE.md).
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

/// A reading of a monotonic clock: which boot it belongs to, and the time since that boot's
/// origin. Two readings of one boot can be subtracted; readings of different boots cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonotonicReading {
    pub boot: String,
    pub since_boot: Duration,
}

impl MonotonicReading {
    /// `boot-id/nanoseconds`, as the store keeps it.
    pub fn to_text(&self) -> String {
        format!("{}/{}", self.boot, self.since_boot.as_nanos())
    }

    /// The store's text back; anything else is no reading (the last grant's time stays a floor).
    pub fn parse(text: &str) -> Option<MonotonicReading> {
        let (boot, nanos) = text.rsplit_once('/')?;
        let nanos: u64 = nanos.parse().ok()?;
        (!boot.is_empty()).then(|| MonotonicReading {
            boot: boot.to_owned(),
            since_boot: Duration::from_nanos(nanos),
        })
    }

    /// The time from `earlier` to `self`, when both are of one boot.
    pub fn since(&self, earlier: &MonotonicReading) -> Option<Duration> {
        (self.boot == earlier.boot).then(|| self.since_boot.saturating_sub(earlier.since_boot))
    }
}

/// A monotonic clock whose readings can be compared across restarts of the process.
pub type Monotonic = Arc<dyn Fn() -> MonotonicReading + Send + Sync>;

/// The machine's clock since boot (`/proc/uptime`, CLOCK_BOOTTIME: it counts suspended time too)
/// and its boot id. Where either cannot be read at the start, a clock of this process alone,
/// whose readings no later process can use.
pub fn system_monotonic() -> Monotonic {
    fn uptime() -> Option<Duration> {
        std::fs::read_to_string("/proc/uptime")
            .ok()
            .and_then(|t| t.split_whitespace().next().map(str::to_owned))
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(Duration::from_secs_f64)
    }
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .ok()
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty());
    // The source is chosen once: a later failed read of /proc/uptime must not turn a reading
    // of this boot into one of this process (no restart could count from it). It then counts
    // on from the last good reading by this process's clock, which misses a suspend in between
    // (the reading then lags by that suspend: a narrow gap, needing a failed read too).
    let Some((boot, first)) = boot.zip(uptime()) else {
        let process = format!(
            "process-{}-{}",
            std::process::id(),
            Utc::now().timestamp_nanos_opt().unwrap_or_default()
        );
        let origin = Instant::now();
        return Arc::new(move || MonotonicReading {
            boot: process.clone(),
            since_boot: origin.elapsed(),
        });
    };
    let last_good = Mutex::new((first, Instant::now()));
    Arc::new(move || {
        let mut last = last_good.lock().unwrap_or_else(|p| p.into_inner());
        let since_boot = match uptime() {
            Some(now) => {
                *last = (now, Instant::now());
                now
            }
            None => last.0 + last.1.elapsed(),
        };
        MonotonicReading {
            boot: boot.clone(),
            since_boot,
        }
    })
}

/// The time to judge lease ends by: the later of the wall clock `wall_now` and the last sync's
/// wall time `last_sync_wall` plus the monotonic time `since_last_sync` elapsed since it. Setting
/// the wall clock back therefore never extends a lease; setting it forward only ends leases
/// early (the safe side).
///
/// Without the monotonic reading (after a restart: an [`Instant`] does not survive one), the last
/// sync's time is still a floor: the kiosk never judges a time before its last sync. Without a
/// sync at all, only the wall clock is known.
pub fn lease_clock(
    wall_now: DateTime<Utc>,
    last_sync_wall: Option<DateTime<Utc>>,
    since_last_sync: Option<Duration>,
) -> DateTime<Utc> {
    let Some(synced) = last_sync_wall else {
        return wall_now;
    };
    let floor = match since_last_sync {
        // A span too long to add is past any lease end.
        Some(elapsed) => chrono::Duration::from_std(elapsed)
            .ok()
            .and_then(|d| synced.checked_add_signed(d))
            .unwrap_or(DateTime::<Utc>::MAX_UTC),
        None => synced,
    };
    wall_now.max(floor)
}

/// A shared [`lease_clock`]: the sync task sets its anchor at every lease grant (the later of
/// the kiosk's clock and the server's), the booking flow asks [`LeaseClock::now`].
/// The last sync's wall time, and the monotonic reading when it was taken (none when the store
/// kept none).
type Anchor = Option<(DateTime<Utc>, Option<MonotonicReading>)>;

#[derive(Clone)]
pub struct LeaseClock {
    anchor: Arc<Mutex<Anchor>>,
    wall: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    monotonic: Monotonic,
}

impl std::fmt::Debug for LeaseClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LeaseClock")
            .field("anchor", &self.anchor_at())
            .finish()
    }
}

impl LeaseClock {
    /// A clock anchored where the store's last grant left it (`lease_anchor_at` and the
    /// monotonic reading kept beside it, from before a restart), reading the system's clocks.
    pub fn new(persisted: Option<DateTime<Utc>>, reading: Option<&str>) -> LeaseClock {
        LeaseClock::with_clocks(persisted, reading, Arc::new(Utc::now), system_monotonic())
    }

    /// The same with a wall clock of the caller's (tests).
    pub fn with_wall(
        persisted: Option<DateTime<Utc>>,
        wall: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    ) -> LeaseClock {
        LeaseClock::with_clocks(persisted, None, wall, system_monotonic())
    }

    /// The same with a monotonic clock of the caller's too (the simulation's time).
    pub fn with_clocks(
        persisted: Option<DateTime<Utc>>,
        reading: Option<&str>,
        wall: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
        monotonic: Monotonic,
    ) -> LeaseClock {
        let reading = reading.and_then(MonotonicReading::parse);
        LeaseClock {
            anchor: Arc::new(Mutex::new(persisted.map(|at| (at, reading)))),
            wall,
            monotonic,
        }
    }

    /// The monotonic clock's reading now, to be kept with an anchor taken at the same moment.
    pub fn reading(&self) -> MonotonicReading {
        (self.monotonic)()
    }

    /// A sync happened: `at` is its wall time (the later of the kiosk's and the server's),
    /// `reading` the monotonic clock's reading taken with it ([`LeaseClock::reading`]).
    pub fn set_anchor(&self, at: DateTime<Utc>, reading: MonotonicReading) {
        let mut anchor = self.anchor.lock().unwrap_or_else(|p| p.into_inner());
        *anchor = Some((at, Some(reading)));
    }

    /// [`LeaseClock::set_anchor`] with a reading taken now; returns it.
    pub fn anchor(&self, at: DateTime<Utc>) -> MonotonicReading {
        let reading = self.reading();
        self.set_anchor(at, reading.clone());
        reading
    }

    pub fn anchor_at(&self) -> Option<DateTime<Utc>> {
        self.anchor
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|(at, _)| *at)
    }

    /// The kiosk's wall clock, unadjusted.
    pub fn wall(&self) -> DateTime<Utc> {
        (self.wall)()
    }

    /// The time to judge lease ends by (see [`lease_clock`]).
    pub fn now(&self) -> DateTime<Utc> {
        let anchor = self
            .anchor
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let elapsed = anchor
            .as_ref()
            .and_then(|(_, at)| at.as_ref())
            .and_then(|at| (self.monotonic)().since(at));
        lease_clock(self.wall(), anchor.map(|(at, _)| at), elapsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 3, h, m, 0).unwrap()
    }

    #[test]
    fn a_correct_clock_is_used_as_it_is() {
        assert_eq!(
            lease_clock(t(10, 5), Some(t(10, 0)), Some(Duration::from_secs(300))),
            t(10, 5)
        );
        assert_eq!(lease_clock(t(10, 5), None, None), t(10, 5));
    }

    #[test]
    fn a_clock_set_back_does_not_turn_time_back() {
        // Synced at 10:00; an hour later someone set the clock to 09:00.
        assert_eq!(
            lease_clock(t(9, 0), Some(t(10, 0)), Some(Duration::from_secs(3600))),
            t(11, 0)
        );
    }

    #[test]
    fn a_clock_set_forward_ends_leases_early() {
        assert_eq!(
            lease_clock(t(18, 0), Some(t(10, 0)), Some(Duration::from_secs(60))),
            t(18, 0)
        );
    }

    #[test]
    fn after_a_restart_the_last_sync_is_still_a_floor() {
        assert_eq!(lease_clock(t(8, 0), Some(t(10, 0)), None), t(10, 0));
        assert_eq!(lease_clock(t(12, 0), Some(t(10, 0)), None), t(12, 0));
    }

    #[test]
    fn an_absurd_elapsed_time_is_past_every_lease() {
        assert_eq!(
            lease_clock(t(8, 0), Some(t(10, 0)), Some(Duration::MAX)),
            DateTime::<Utc>::MAX_UTC
        );
    }

    #[test]
    fn the_shared_clock_counts_from_its_anchor() {
        let clock = LeaseClock::with_wall(Some(t(10, 0)), Arc::new(|| t(9, 0)));
        assert_eq!(clock.now(), t(10, 0), "persisted anchor is a floor");
        clock.anchor(t(12, 0));
        assert!(clock.now() >= t(12, 0));
        assert!(clock.now() < t(12, 1));
        assert_eq!(clock.anchor_at(), Some(t(12, 0)));
    }

    #[test]
    fn a_caller_monotonic_clock_counts_from_the_anchor() {
        let mono = Arc::new(Mutex::new(Duration::from_secs(100)));
        let clock = LeaseClock::with_clocks(None, None, Arc::new(|| t(9, 0)), sim(&mono, "b1"));
        assert_eq!(clock.now(), t(9, 0), "no anchor: the wall clock");
        clock.anchor(t(10, 0));
        *mono.lock().unwrap() += Duration::from_secs(1800);
        assert_eq!(
            clock.now(),
            t(10, 30),
            "the wall set back; 30 monotonic minutes counted"
        );
    }

    fn sim(mono: &Arc<Mutex<Duration>>, boot: &'static str) -> Monotonic {
        let mono = mono.clone();
        Arc::new(move || MonotonicReading {
            boot: boot.to_owned(),
            since_boot: *mono.lock().unwrap(),
        })
    }

    #[test]
    fn a_restart_on_the_same_boot_still_counts_from_the_last_grant() {
        let mono = Arc::new(Mutex::new(Duration::from_secs(100)));
        let before = LeaseClock::with_clocks(None, None, Arc::new(|| t(10, 0)), sim(&mono, "b1"));
        let kept = before.anchor(t(10, 0)).to_text();
        *mono.lock().unwrap() += Duration::from_secs(3 * 3600);
        // Restarted with the wall clock set back to 08:00, three hours after the grant.
        let after = LeaseClock::with_clocks(
            Some(t(10, 0)),
            Some(&kept),
            Arc::new(|| t(8, 0)),
            sim(&mono, "b1"),
        );
        assert_eq!(after.now(), t(13, 0));
        // After a reboot the reading is another boot's: the grant's time is only a floor.
        let rebooted = LeaseClock::with_clocks(
            Some(t(10, 0)),
            Some(&kept),
            Arc::new(|| t(8, 0)),
            sim(&mono, "b2"),
        );
        assert_eq!(rebooted.now(), t(10, 0));
    }

    #[test]
    fn readings_are_kept_as_text_and_refused_when_garbled() {
        let r = MonotonicReading {
            boot: "0f1e-2d3c".into(),
            since_boot: Duration::from_nanos(123_456_789),
        };
        assert_eq!(MonotonicReading::parse(&r.to_text()), Some(r));
        assert_eq!(MonotonicReading::parse("no-slash"), None);
        assert_eq!(MonotonicReading::parse("/12"), None);
        assert_eq!(MonotonicReading::parse("boot/-5"), None);
    }

    #[test]
    fn the_system_clock_reads_one_boot_and_never_goes_back() {
        let clock = system_monotonic();
        let (a, b) = (clock(), clock());
        assert_eq!(a.boot, b.boot);
        assert!(b.since(&a).is_some());
    }

    proptest! {
        #[test]
        fn never_before_the_wall_clock_nor_the_monotonic_estimate(
            wall in 0i64..4_000_000_000,
            synced in 0i64..4_000_000_000,
            elapsed in proptest::option::of(0u64..1_000_000_000),
        ) {
            let wall = Utc.timestamp_opt(wall, 0).unwrap();
            let synced = Utc.timestamp_opt(synced, 0).unwrap();
            let since = elapsed.map(Duration::from_secs);
            let judged = lease_clock(wall, Some(synced), since);
            prop_assert!(judged >= wall);
            let estimate = synced + chrono::Duration::seconds(elapsed.unwrap_or(0) as i64);
            prop_assert!(judged >= estimate);
            prop_assert!(judged == wall || judged == estimate);
        }

        #[test]
        fn setting_the_wall_clock_back_never_moves_the_judged_time_back(
            synced in 0i64..4_000_000_000,
            elapsed in 0u64..1_000_000,
            back in 0i64..100_000_000,
        ) {
            let synced = Utc.timestamp_opt(synced, 0).unwrap();
            let since = Duration::from_secs(elapsed);
            let true_now = synced + chrono::Duration::seconds(elapsed as i64);
            let set_back = true_now - chrono::Duration::seconds(back);
            prop_assert!(lease_clock(set_back, Some(synced), Some(since)) >= true_now);
        }
    }
}
