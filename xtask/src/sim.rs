//! `cargo xtask sim` and the test suite's short simulation run.
//!
//! Both run the `qebul-sim` binary (`crates/sim`): the debug build that the suite's workspace
//! build already made (built here only when missing, so the suite compiles nothing extra),
//! seeds in parallel threads, every failing seed printed with its replay command.
//! `QEBUL_SIM_SEEDS=2000 cargo xtask test --only sim` runs more seeds in the suite.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::suites::Outcome;

/// Seeds in the test suite's run: about 2½ minutes of a debug build on a loaded 2-core machine
/// (0.8 s a seed of 100 steps on one core).
const SUITE_SEEDS: u64 = 200;

/// The binary, built if missing (`always`: built anyway, so `cargo xtask sim` runs the code as
/// it is now).
fn binary(root: &Path, target: &Path, always: bool) -> Result<PathBuf> {
    let bin = target.join("debug/qebul-sim");
    if always || !bin.exists() {
        let status = Command::new("cargo")
            .args(["build", "-p", "qebul-sim"])
            .current_dir(root)
            .status()
            .context("cargo build -p qebul-sim")?;
        crate::ensure(status, "cargo build -p qebul-sim")?;
    }
    Ok(bin)
}

fn threads() -> String {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .to_string()
}

/// `cargo xtask sim --seeds N [--seed S]`: fails when any seed fails.
pub fn run(root: &Path, seeds: u64, seed: Option<u64>) -> Result<()> {
    let target = crate::target_dir(root)?;
    let bin = binary(root, &target, true)?;
    let mut cmd = Command::new(&bin);
    match seed {
        Some(s) => cmd.args(["--seed", &s.to_string()]),
        None => cmd.args(["--seeds", &seeds.to_string(), "--threads", &threads()]),
    };
    let status = cmd
        .current_dir(root)
        .status()
        .with_context(|| format!("running {}", bin.display()))?;
    crate::ensure(status, "the simulation")
}

/// The suite's run: [`SUITE_SEEDS`] seeds (or `QEBUL_SIM_SEEDS`); passed = seeds that passed.
pub fn suite(root: &Path, target: &Path) -> Result<Outcome> {
    let seeds = std::env::var("QEBUL_SIM_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SUITE_SEEDS);
    let bin = binary(root, target, false)?;
    println!("== sim: {seeds} seeds of the deterministic simulation");
    let started = Instant::now();
    let out = Command::new(&bin)
        .args(["--seeds", &seeds.to_string(), "--threads", &threads()])
        .current_dir(root)
        .output()
        .with_context(|| format!("running {}", bin.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    print!("{stdout}");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    let failed = stdout
        .lines()
        .filter(|l| l.starts_with("FAILED seed "))
        .count() as u64;
    // A crash of the binary itself fails every seed it did not report.
    let summarised = stdout.lines().any(|l| l.starts_with("sim: "));
    let failed = if summarised { failed } else { seeds };
    println!(
        "sim: {} of {seeds} seeds passed in {:.0} s",
        seeds - failed.min(seeds),
        started.elapsed().as_secs_f64()
    );
    Ok(Outcome {
        suite: "sim",
        passed: seeds - failed.min(seeds),
        failed,
        ok: out.status.success() && failed == 0,
    })
}
