//! Exponential backoff with full jitter (as in "Exponential Backoff And Jitter", AWS
//! Architecture Blog, 2015): the n-th retry waits a uniformly random time in
//! `[0, min(cap, base · 2ⁿ)]`, so kiosks that lost the server together do not come back together.
use std::time::Duration;

/// A source of random `u64`s; the default reads the OS's randomness.
pub type RandomSource = Box<dyn FnMut() -> u64 + Send + Sync>;

pub struct Backoff {
    base: Duration,
    cap: Duration,
    attempt: u32,
    random: RandomSource,
}

impl std::fmt::Debug for Backoff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backoff")
            .field("base", &self.base)
            .field("cap", &self.cap)
            .field("attempt", &self.attempt)
            .finish()
    }
}

fn os_random() -> u64 {
    // Without OS randomness the delay is its ceiling: still bounded, merely not spread out.
    getrandom::u64().unwrap_or(u64::MAX)
}

impl Backoff {
    /// Delays from `base` doubling up to `cap` (at least `base`), jittered with the OS's randomness.
    pub fn new(base: Duration, cap: Duration) -> Backoff {
        Backoff::with_random(base, cap, Box::new(os_random))
    }

    /// The same with the caller's random source (tests).
    pub fn with_random(base: Duration, cap: Duration, random: RandomSource) -> Backoff {
        Backoff {
            base,
            cap: cap.max(base),
            attempt: 0,
            random,
        }
    }

    /// Failures since the last success.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The longest the next delay can be: `min(cap, base · 2^attempt)`.
    pub fn ceiling(&self) -> Duration {
        match 1u32.checked_shl(self.attempt) {
            Some(factor) => self.base.saturating_mul(factor).min(self.cap),
            None => self.cap,
        }
    }

    /// The delay before the next retry (after a failure), uniformly in `[0, ceiling]`.
    pub fn next_delay(&mut self) -> Duration {
        let ceiling = self.ceiling();
        self.attempt = self.attempt.saturating_add(1);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        let pick = match nanos.checked_add(1) {
            Some(span) => (self.random)() % span,
            None => (self.random)(),
        };
        Duration::from_nanos(pick)
    }

    /// A success: the next failure starts again from `base`.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fixed(value: u64) -> RandomSource {
        Box::new(move || value)
    }

    #[test]
    fn the_ceiling_doubles_up_to_the_cap_and_resets() {
        let mut b = Backoff::with_random(
            Duration::from_secs(1),
            Duration::from_secs(10),
            fixed(u64::MAX),
        );
        let ceilings: Vec<u64> = (0..6)
            .map(|_| {
                let c = b.ceiling().as_secs();
                b.next_delay();
                c
            })
            .collect();
        assert_eq!(ceilings, [1, 2, 4, 8, 10, 10]);
        b.reset();
        assert_eq!(b.attempt(), 0);
        assert_eq!(b.ceiling(), Duration::from_secs(1));
    }

    #[test]
    fn the_random_source_spreads_the_delay_over_the_whole_range() {
        let mut zero =
            Backoff::with_random(Duration::from_secs(1), Duration::from_secs(60), fixed(0));
        assert_eq!(zero.next_delay(), Duration::ZERO);
        let top = Duration::from_secs(1).as_nanos() as u64;
        let mut max =
            Backoff::with_random(Duration::from_secs(1), Duration::from_secs(60), fixed(top));
        assert_eq!(max.next_delay(), Duration::from_secs(1));
    }

    #[test]
    fn the_os_source_gives_delays_within_bounds() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(5));
        for _ in 0..100 {
            let ceiling = b.ceiling();
            assert!(b.next_delay() <= ceiling);
        }
    }

    proptest! {
        #[test]
        fn delays_stay_within_their_ceiling_and_never_above_the_cap(
            base_ms in 1u64..10_000,
            cap_ms in 1u64..3_600_000,
            randoms in proptest::collection::vec(any::<u64>(), 1..80),
            reset_at in proptest::option::of(0usize..80),
        ) {
            let base = Duration::from_millis(base_ms);
            let cap = Duration::from_millis(cap_ms);
            let mut values = randoms.clone().into_iter().cycle();
            let mut b = Backoff::with_random(base, cap, Box::new(move || values.next().unwrap_or(0)));
            for i in 0..randoms.len() {
                if reset_at == Some(i) {
                    b.reset();
                }
                let n = b.attempt();
                let ceiling = b.ceiling();
                let expected = if n >= 32 { cap.max(base) } else {
                    base.saturating_mul(1u32 << n).min(cap.max(base))
                };
                prop_assert_eq!(ceiling, expected);
                let d = b.next_delay();
                prop_assert!(d <= ceiling);
                prop_assert!(d <= cap.max(base));
            }
        }
    }
}
