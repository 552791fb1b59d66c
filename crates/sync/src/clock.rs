//! The time the kiosk judges lease ends by.
//!
//! A lease ends at a moment of the server's clock. The kiosk's wall clock can be set back (by a
//! person, a dead RTC battery, a bad NTP answer), which would stretch its leases and let it book
//! places the server has taken back. So the kiosk counts from its last sync with the monotonic
//! clock, which nobody sets, and takes the later of the two.
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

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
/// The last sync's wall time, and the monotonic moment it was taken (none after a restart).
type Anchor = Option<(DateTime<Utc>, Option<Instant>)>;

#[derive(Clone)]
pub struct LeaseClock {
    anchor: Arc<Mutex<Anchor>>,
    wall: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
}

impl std::fmt::Debug for LeaseClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LeaseClock")
            .field("anchor", &self.anchor_at())
            .finish()
    }
}

impl LeaseClock {
    /// A clock anchored at `persisted` (the store's `lease_anchor_at`, from before a restart),
    /// reading the system's wall clock.
    pub fn new(persisted: Option<DateTime<Utc>>) -> LeaseClock {
        LeaseClock::with_wall(persisted, Arc::new(Utc::now))
    }

    /// The same with a wall clock of the caller's (tests).
    pub fn with_wall(
        persisted: Option<DateTime<Utc>>,
        wall: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    ) -> LeaseClock {
        LeaseClock {
            anchor: Arc::new(Mutex::new(persisted.map(|at| (at, None)))),
            wall,
        }
    }

    /// A sync happened: `at` is its wall time (the later of the kiosk's and the server's).
    pub fn anchor(&self, at: DateTime<Utc>) {
        let mut anchor = self.anchor.lock().unwrap_or_else(|p| p.into_inner());
        *anchor = Some((at, Some(Instant::now())));
    }

    pub fn anchor_at(&self) -> Option<DateTime<Utc>> {
        self.anchor
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .map(|(at, _)| at)
    }

    /// The kiosk's wall clock, unadjusted.
    pub fn wall(&self) -> DateTime<Utc> {
        (self.wall)()
    }

    /// The time to judge lease ends by (see [`lease_clock`]).
    pub fn now(&self) -> DateTime<Utc> {
        let anchor = *self.anchor.lock().unwrap_or_else(|p| p.into_inner());
        lease_clock(
            self.wall(),
            anchor.map(|(at, _)| at),
            anchor.and_then(|(_, i)| i).map(|i| i.elapsed()),
        )
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
