//! The staff screen's PIN gate as a pure state machine: wrong PINs in a row, lock-outs that
//! double (60 s, 120 s, … capped at an hour), who has it open, and the idle close. It reads no
//! clock: the wall time (lock-outs outlive a restart, so they are instants) and the monotonic
//! time since the kiosk started (idleness) are passed in. The store keeps [`StaffGateRecord`].

use std::time::Duration;

use chrono::{DateTime, Utc};
use qebul_store::StaffGateRecord;

use super::views::{StaffPhase, StaffView};

/// Wrong PINs in a row that lock the gate.
pub const MAX_FAILURES: u32 = 5;
/// The first lock-out; each further one in a row doubles it.
pub const FIRST_LOCKOUT: Duration = Duration::from_secs(60);
/// The longest lock-out.
pub const MAX_LOCKOUT: Duration = Duration::from_secs(3600);

/// How long the `n`-th lock-out in a row lasts (`n` ≥ 1): 60 s, 120 s, 240 s, … at most 1 h.
pub fn lockout_length(n: u32) -> Duration {
    let doublings = n.saturating_sub(1).min(16);
    FIRST_LOCKOUT
        .saturating_mul(1 << doublings)
        .min(MAX_LOCKOUT)
}

/// Who has the staff screen open, and since when they last did something.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Open {
    who: String,
    last_activity: Duration,
}

/// What a wrong PIN did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrong {
    /// `attempts_left` more wrong PINs are allowed.
    TryAgain { attempts_left: u32 },
    /// This one locked the gate for `seconds`.
    LockedOut { seconds: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate {
    record: StaffGateRecord,
    open: Option<Open>,
    idle: Duration,
}

impl Gate {
    /// A closed gate with the store's `record`, closing itself after `idle` without activity.
    pub fn new(record: StaffGateRecord, idle: Duration) -> Gate {
        Gate {
            record,
            open: None,
            idle,
        }
    }

    /// What the store keeps.
    pub fn record(&self) -> StaffGateRecord {
        self.record
    }

    pub fn set_idle(&mut self, idle: Duration) {
        self.idle = idle;
    }

    /// Seconds of lock-out left at `now` (rounded up), 0 when not locked.
    pub fn locked_seconds(&self, now: DateTime<Utc>) -> u32 {
        match self.record.locked_until {
            Some(until) if until > now => {
                let left = (until - now).num_milliseconds().max(0);
                u32::try_from((left + 999) / 1000).unwrap_or(u32::MAX)
            }
            _ => 0,
        }
    }

    /// The member who has the screen open.
    pub fn who(&self) -> Option<&str> {
        self.open.as_ref().map(|o| o.who.as_str())
    }

    /// The right PIN of `who`: the gate opens, the count of wrong PINs and lock-outs starts over.
    /// (Refused by the caller while [`Gate::locked_seconds`] is not 0.)
    pub fn opened(&mut self, who: &str, mono: Duration) {
        self.record = StaffGateRecord::default();
        self.open = Some(Open {
            who: who.to_owned(),
            last_activity: mono,
        });
    }

    /// A wrong PIN at `now`: counted; the fifth in a row locks the gate (the count starts over,
    /// the lock-out count goes up). A wrong PIN also closes an open screen.
    pub fn wrong(&mut self, now: DateTime<Utc>) -> Wrong {
        self.open = None;
        self.record.failures += 1;
        if self.record.failures < MAX_FAILURES {
            return Wrong::TryAgain {
                attempts_left: MAX_FAILURES - self.record.failures,
            };
        }
        self.record.failures = 0;
        self.record.lockouts = self.record.lockouts.saturating_add(1);
        let length = lockout_length(self.record.lockouts);
        let length_chrono = chrono::Duration::from_std(length).unwrap_or(chrono::Duration::MAX);
        self.record.locked_until = Some(now + length_chrono);
        Wrong::LockedOut {
            seconds: u32::try_from(length.as_secs()).unwrap_or(u32::MAX),
        }
    }

    /// The member is still there; false when the screen is not open (or has just gone idle).
    pub fn touch(&mut self, mono: Duration) -> bool {
        if self.tick(mono).is_some() {
            return false;
        }
        match &mut self.open {
            Some(open) => {
                open.last_activity = mono;
                true
            }
            None => false,
        }
    }

    /// Closes the screen; who had it open.
    pub fn close(&mut self) -> Option<String> {
        self.open.take().map(|o| o.who)
    }

    /// When (monotonic) the open screen closes by itself, if it is open.
    pub fn poll_timeout(&self) -> Option<Duration> {
        self.open.as_ref().map(|o| o.last_activity + self.idle)
    }

    /// Time passed: an open screen idle for `idle` closes; who had it open.
    pub fn tick(&mut self, mono: Duration) -> Option<String> {
        match self.poll_timeout() {
            Some(deadline) if mono >= deadline => self.close(),
            _ => None,
        }
    }

    pub fn view(&self, now: DateTime<Utc>) -> StaffView {
        let locked = self.locked_seconds(now);
        let phase = match (&self.open, locked) {
            (Some(_), _) => StaffPhase::Open,
            (None, 0) => StaffPhase::Closed,
            (None, _) => StaffPhase::LockedOut,
        };
        StaffView {
            phase,
            who: self.who().map(str::to_owned),
            attempts_left: if phase == StaffPhase::LockedOut {
                0
            } else {
                MAX_FAILURES.saturating_sub(self.record.failures)
            },
            locked_seconds: locked,
            idle_seconds: u32::try_from(self.idle.as_secs()).unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap()
    }

    fn secs(n: i64) -> chrono::Duration {
        chrono::Duration::seconds(n)
    }

    const IDLE: Duration = Duration::from_secs(120);

    #[test]
    fn lockouts_double_from_a_minute_to_an_hour() {
        let lengths: Vec<u64> = (1..=8).map(|n| lockout_length(n).as_secs()).collect();
        assert_eq!(lengths, [60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(lockout_length(u32::MAX), MAX_LOCKOUT);
    }

    #[test]
    fn five_wrong_pins_lock_for_a_minute_then_two_then_a_success_starts_over() {
        let mut gate = Gate::new(StaffGateRecord::default(), IDLE);
        assert_eq!(gate.view(t0()).attempts_left, 5);
        for left in (1..5).rev() {
            assert_eq!(
                gate.wrong(t0()),
                Wrong::TryAgain {
                    attempts_left: left
                }
            );
            assert_eq!(gate.view(t0()).attempts_left, left);
        }
        assert_eq!(gate.wrong(t0()), Wrong::LockedOut { seconds: 60 });
        let view = gate.view(t0() + secs(1));
        assert_eq!(
            (view.phase, view.locked_seconds, view.attempts_left),
            (StaffPhase::LockedOut, 59, 0)
        );
        // The lock-out ends by itself; five more wrong ones lock for twice as long.
        let later = t0() + secs(60);
        assert_eq!(gate.view(later).phase, StaffPhase::Closed);
        assert_eq!(gate.view(later).attempts_left, 5);
        for _ in 0..4 {
            gate.wrong(later);
        }
        assert_eq!(gate.wrong(later), Wrong::LockedOut { seconds: 120 });
        // A success after it has ended starts everything over.
        gate.opened("Demo", Duration::ZERO);
        assert_eq!(gate.record(), StaffGateRecord::default());
        let view = gate.view(later + secs(200));
        assert_eq!(
            (view.phase, view.who.as_deref(), view.attempts_left),
            (StaffPhase::Open, Some("Demo"), 5)
        );
    }

    #[test]
    fn the_record_is_all_a_restart_needs() {
        let mut gate = Gate::new(StaffGateRecord::default(), IDLE);
        for _ in 0..5 {
            gate.wrong(t0());
        }
        let restarted = Gate::new(gate.record(), IDLE);
        assert_eq!(restarted.view(t0() + secs(30)).phase, StaffPhase::LockedOut);
        assert_eq!(restarted.locked_seconds(t0() + secs(30)), 30);
    }

    #[test]
    fn an_open_screen_closes_after_the_idle_time_and_activity_puts_it_off() {
        let mut gate = Gate::new(StaffGateRecord::default(), IDLE);
        assert_eq!(gate.poll_timeout(), None);
        assert!(
            !gate.touch(Duration::from_secs(1)),
            "closed: nothing to touch"
        );
        gate.opened("Demo", Duration::from_secs(10));
        assert_eq!(gate.poll_timeout(), Some(Duration::from_secs(130)));
        assert_eq!(gate.tick(Duration::from_secs(129)), None);
        assert!(gate.touch(Duration::from_secs(100)));
        assert_eq!(gate.tick(Duration::from_secs(219)), None);
        assert_eq!(gate.tick(Duration::from_secs(220)).as_deref(), Some("Demo"));
        assert_eq!(gate.view(t0()).phase, StaffPhase::Closed);
        // A touch that comes after the deadline does not reopen it.
        gate.opened("Demo", Duration::ZERO);
        assert!(!gate.touch(Duration::from_secs(500)));
        assert_eq!(gate.who(), None);
    }

    #[test]
    fn a_wrong_pin_closes_an_open_screen() {
        let mut gate = Gate::new(StaffGateRecord::default(), IDLE);
        gate.opened("Demo", Duration::ZERO);
        gate.wrong(t0());
        assert_eq!(gate.who(), None);
    }

    proptest! {
        /// Whatever the order of wrong PINs, successes and time, the gate never allows more than
        /// five wrong PINs between lock-outs, and a lock-out never exceeds an hour.
        #[test]
        fn never_more_than_five_tries_and_never_more_than_an_hour(
            steps in proptest::collection::vec((any::<bool>(), 0i64..4000), 1..80)
        ) {
            let mut gate = Gate::new(StaffGateRecord::default(), IDLE);
            let mut now = t0();
            let mut wrong_in_a_row = 0;
            for (right, wait) in steps {
                now += secs(wait);
                if gate.locked_seconds(now) > 0 {
                    prop_assert!(gate.locked_seconds(now) <= 3600);
                    prop_assert_eq!(gate.view(now).phase, StaffPhase::LockedOut);
                    continue;
                }
                if right {
                    gate.opened("Demo", Duration::ZERO);
                    wrong_in_a_row = 0;
                } else {
                    wrong_in_a_row += 1;
                    match gate.wrong(now) {
                        Wrong::TryAgain { attempts_left } => {
                            prop_assert!(wrong_in_a_row < 5);
                            prop_assert_eq!(attempts_left, 5 - wrong_in_a_row);
                        }
                        Wrong::LockedOut { seconds } => {
                            prop_assert_eq!(wrong_in_a_row, 5);
                            prop_assert!((60..=3600).contains(&seconds));
                            wrong_in_a_row = 0;
                        }
                    }
                }
            }
        }
    }
}
