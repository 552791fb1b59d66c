//! When each simulated kiosk syncs and what its citizens do between syncs: pure and seeded, so a
//! run's workload can be told again from its seed.

use std::time::Duration;

/// A small deterministic generator (SplitMix64): the workload needs spread, not secrecy, and a
/// seed that replays it.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The generator of kiosk `kiosk` in a run seeded with `seed`: independent streams.
    pub fn for_kiosk(seed: u64, kiosk: usize) -> Rng {
        let mut r = Rng(seed ^ (kiosk as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// The fleet's workload.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    /// How often each kiosk syncs.
    pub sync_every: Duration,
    /// Bookings made at one kiosk per minute (0.5: one every two minutes).
    pub bookings_per_kiosk_minute: f64,
    /// Of the bookings, the share taken from the kiosk's lease (the rest: direct, online).
    pub lease_share: f64,
    /// Per booking made, how many cancellations and comments follow on average.
    pub cancels_per_booking: f64,
    pub comments_per_booking: f64,
}

impl Default for Workload {
    fn default() -> Self {
        Workload {
            sync_every: Duration::from_secs(10),
            bookings_per_kiosk_minute: 0.5,
            lease_share: 0.5,
            cancels_per_booking: 0.25,
            comments_per_booking: 0.5,
        }
    }
}

/// What a kiosk's citizens did since its last sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoundPlan {
    /// Bookings made (0 or 1 at the default rate), and how many of them from the lease.
    pub bookings: u32,
    pub from_lease: u32,
    pub cancel: bool,
    pub comment: bool,
}

impl Workload {
    /// The chance that one sync round carries a booking (bounded to 1: past that rate, whole
    /// bookings per round are added).
    fn per_round(&self, per_booking: f64) -> f64 {
        self.bookings_per_kiosk_minute * self.sync_every.as_secs_f64() / 60.0 * per_booking
    }

    /// The round's plan, drawn from the kiosk's generator.
    pub fn round(&self, rng: &mut Rng) -> RoundPlan {
        let expected = self.per_round(1.0).max(0.0);
        let mut bookings = expected.floor() as u32;
        if rng.chance(expected.fract()) {
            bookings += 1;
        }
        let from_lease = (0..bookings)
            .filter(|_| rng.chance(self.lease_share))
            .count() as u32;
        RoundPlan {
            bookings,
            from_lease,
            cancel: rng.chance(self.per_round(self.cancels_per_booking)),
            comment: rng.chance(self.per_round(self.comments_per_booking)),
        }
    }

    /// The kiosk's first sync after the start: spread evenly at random over one period, so the
    /// fleet does not sync in lockstep.
    pub fn phase(&self, rng: &mut Rng) -> Duration {
        self.sync_every.mul_f64(rng.unit())
    }
}

/// Which server kiosk `kiosk` talks to: kiosk i to server i mod n.
pub fn server_of(kiosk: usize, servers: usize) -> usize {
    kiosk % servers.max(1)
}

/// A citizen's FİN (7 characters, upper case) unique to kiosk `kiosk`'s `n`-th booking, so the
/// booking policy (one active booking per official) never refuses the load's bookings.
pub fn fin(kiosk: usize, n: u32) -> String {
    const DIGITS: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut v = (kiosk as u64) * 100_000 + u64::from(n);
    let mut out = [b'0'; 7];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(v % 36) as usize];
        v /= 36;
    }
    out.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rate_books_about_once_per_kiosk_every_two_minutes() {
        let w = Workload::default();
        let mut rng = Rng::new(7);
        let rounds = 60_000;
        let (mut bookings, mut lease, mut cancels, mut comments) = (0, 0, 0, 0);
        for _ in 0..rounds {
            let r = w.round(&mut rng);
            bookings += r.bookings;
            lease += r.from_lease;
            cancels += u32::from(r.cancel);
            comments += u32::from(r.comment);
            assert!(r.from_lease <= r.bookings);
        }
        // 12 rounds of 10 s per two minutes: one booking in 12 rounds.
        let per_round = f64::from(bookings) / f64::from(rounds);
        assert!((per_round - 1.0 / 12.0).abs() < 0.005, "{per_round}");
        let lease_share = f64::from(lease) / f64::from(bookings);
        assert!((lease_share - 0.5).abs() < 0.05, "{lease_share}");
        assert!(cancels > 0 && cancels < comments && comments < bookings);
    }

    #[test]
    fn a_high_rate_makes_several_bookings_a_round() {
        let w = Workload {
            bookings_per_kiosk_minute: 15.0,
            ..Workload::default()
        };
        let r = w.round(&mut Rng::new(1));
        assert!(r.bookings >= 2, "{r:?}");
    }

    #[test]
    fn phases_spread_over_one_period_and_replay_from_the_seed() {
        let w = Workload::default();
        let phases: Vec<Duration> = (0..1000)
            .map(|k| w.phase(&mut Rng::for_kiosk(42, k)))
            .collect();
        assert!(phases.iter().all(|p| *p < w.sync_every));
        let early = phases.iter().filter(|p| p.as_secs() < 5).count();
        assert!((400..600).contains(&early), "{early}");
        let again: Vec<Duration> = (0..1000)
            .map(|k| w.phase(&mut Rng::for_kiosk(42, k)))
            .collect();
        assert_eq!(phases, again);
    }

    #[test]
    fn kiosks_alternate_between_servers() {
        let counts = (0..1000).fold([0; 2], |mut c, k| {
            c[server_of(k, 2)] += 1;
            c
        });
        assert_eq!(counts, [500, 500]);
    }

    #[test]
    fn fins_are_seven_upper_case_characters_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for k in [0, 1, 999] {
            for n in [0, 1, 99_999] {
                let f = fin(k, n);
                assert_eq!(f.len(), 7);
                assert!(f
                    .chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
                assert!(seen.insert(f));
            }
        }
    }
}
