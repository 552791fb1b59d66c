//! The simulation against itself: it finds a bug injected on purpose, and a seed replays
//! exactly.
use qebul_sim::{Config, Sim};

const STEPS: u64 = 120;

/// Booking with the kiosk's raw wall clock (what the lease clock exists to prevent) spends a
/// lease after its end once a clock is set back: within a few seeds the simulation must say so,
/// on a seed that passes without the injected bug.
#[test]
fn booking_by_the_raw_wall_clock_is_caught_as_a_lease_spent_after_its_end() {
    let broken = Config {
        break_lease_clock: true,
        ..Config::default()
    };
    let mut found = None;
    for seed in 0..24 {
        let Err(failure) = Sim::new(seed, broken.clone()).run(STEPS) else {
            continue;
        };
        // Another invariant first is one of the genuine findings the lead was told of.
        if failure.invariant != "lease spent after its end" {
            continue;
        }
        if Sim::new(seed, Config::default()).run(STEPS).is_ok() {
            found = Some(seed);
            break;
        }
    }
    assert!(
        found.is_some(),
        "no seed in 0..24 found the injected lease-clock bug on a seed that otherwise passes"
    );
}

#[test]
fn the_same_seed_gives_the_same_trace_and_summary() {
    let first = Sim::new(3, Config::default()).run(STEPS);
    let second = Sim::new(3, Config::default()).run(STEPS);
    let (first, second) = (
        first.expect("seed 3 passes"),
        second.expect("seed 3 passes"),
    );
    assert!(first.trace.len() > STEPS as usize, "{}", first.trace.len());
    assert!(first.bookings > 0 && first.rounds > 0, "{first:?}");
    assert_eq!(first, second);
}

#[test]
fn a_failing_seed_fails_the_same_way_twice() {
    let broken = Config {
        break_lease_clock: true,
        ..Config::default()
    };
    let first = Sim::new(8, broken.clone())
        .run(STEPS)
        .expect_err("seed 8 finds the bug");
    let second = Sim::new(8, broken).run(STEPS).expect_err("again");
    assert_eq!(
        (first.step, &first.invariant, &first.trace),
        (second.step, &second.invariant, &second.trace)
    );
}
