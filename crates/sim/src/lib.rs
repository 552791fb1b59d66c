//! The deterministic simulation (issue 18): several kiosks and the reference server in one
//! process, with simulated time and a simulated network, driven by one seeded generator.
//!
//! It runs the real code: each kiosk's encrypted [`Store`] on disk, the real sync
//! ([`SyncTask::round`], [`ServerClient`], [`LeaseClock`]) and the real server (the axum
//! [`qebul_server::router`] over [`ServerDb`] on SQLite, its clock the simulation's). Only the
//! network ([`net::SimTransport`]) and the clocks are the simulation's. Each step does one
//! thing at random (a citizen books, cancels or comments; a kiosk syncs, crashes, has its clock
//! skewed or set back, its printer prints or fails; the server restarts; time passes; a kiosk
//! is cut off), then every invariant is checked ([`invariants`]). At the end the network heals
//! and the kiosks sync until quiet, and the end-state invariants are checked.
//!
//! ```no_run
//! let summary = qebul_sim::Sim::new(42, qebul_sim::Config::default()).run(200);
//! match summary {
//!     Ok(s) => println!("{} bookings", s.bookings),
//!     Err(f) => eprintln!("{f}"),
//! }
//! ```
pub mod invariants;
pub mod net;
mod world;

use std::fmt;

/// What the simulation is made of, and the bugs it may inject on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub kiosks: usize,
    /// Inject a realistic bug: book with the kiosk's raw wall clock instead of its
    /// [`qebul_sync::LeaseClock`] (a clock set back then stretches a lease past its end).
    /// The simulation must find it ("lease spent after its end").
    pub break_lease_clock: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            kiosks: 3,
            break_lease_clock: false,
        }
    }
}

/// What a passing seed did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub seed: u64,
    pub steps: u64,
    /// Bookings `Store::book` accepted.
    pub bookings: u64,
    /// Bookings the store refused (no lease, no place left, the policy).
    pub refused_bookings: u64,
    pub comments: u64,
    pub cancellations: u64,
    pub rounds: u64,
    pub failed_rounds: u64,
    pub crashes: u64,
    pub server_restarts: u64,
    pub printed: u64,
    pub print_failures: u64,
    /// Requests the network lost, duplicated, delayed or replayed.
    pub network_faults: u64,
    /// A hash of the decision trace: two runs of one seed give the same.
    pub trace_hash: u64,
    /// The decision trace: every action and every network decision, in order.
    pub trace: Vec<String>,
}

/// A broken invariant: which seed, at which step, what, and what led to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub seed: u64,
    /// The step (`steps` + 1 for the end-state checks after healing).
    pub step: u64,
    pub invariant: String,
    pub details: String,
    /// Every action and network decision before it, in order.
    pub trace: Vec<String>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "FAILED seed {} at step {}: {}: {}  (replay: cargo xtask sim --seed {})",
            self.seed, self.step, self.invariant, self.details, self.seed
        )
    }
}

impl std::error::Error for Failure {}

/// One seed's simulation.
#[derive(Debug, Clone)]
pub struct Sim {
    seed: u64,
    config: Config,
}

impl Sim {
    pub fn new(seed: u64, config: Config) -> Sim {
        Sim { seed, config }
    }

    /// Runs `steps` steps on a single-threaded runtime of its own, then heals and checks the
    /// end state.
    pub fn run(&self, steps: u64) -> Result<Summary, Failure> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Failure {
                seed: self.seed,
                step: 0,
                invariant: "setup".into(),
                details: format!("no runtime: {e}"),
                trace: Vec::new(),
            })?;
        runtime.block_on(world::run(self.seed, self.config.clone(), steps))
    }
}
