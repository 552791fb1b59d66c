//! The nationwide load test (issue 18): a fleet of simulated kiosks, each a tokio task speaking
//! through the real [`qebul_sync::ServerClient`], syncing every few seconds against reference
//! servers, with the latency of every request kept per kind.
//!
//! The pure parts — the schedule ([`schedule`]), the nationwide catalog ([`catalog`]), the
//! percentile summary and the report line ([`summary`]), the memory figures of `/proc`
//! ([`memory`]) — are unit-tested here; [`fleet`] is the I/O: the kiosks themselves. The binary
//! `qebul-loadgen` sets up PostgreSQL and two `qebul-server serve` processes around them
//! (`cargo xtask load`).

pub mod catalog;
pub mod fleet;
pub mod memory;
pub mod schedule;
pub mod summary;

pub use fleet::{run_fleet, FleetConfig, FleetReport, KioskEndpoint};
pub use summary::{Kind, LoadFigures, Summary};
