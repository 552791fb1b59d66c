//! `cargo xtask load`: the nationwide load test (simulated kiosks against two servers on one
//! PostgreSQL).
//!
//! Builds `qebul-server` and `qebul-loadgen` in release mode and runs the loadgen, which starts
//! a throwaway PostgreSQL (in the target folder: a real disk, commits fsynced), the servers on
//! loopback ports, and the kiosks. Its report line (the benchmark format, p99 beside the 100 ms
//! goal) is also written to `<target>/load-figures.txt` for `cargo xtask bench`.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::{deps, ensure, target_dir};

/// The load's size.
#[derive(Debug, Clone, clap::Args)]
pub struct LoadArgs {
    /// Simulated kiosks, spread over the authorities and alternating between the servers.
    #[arg(long, default_value_t = 1000)]
    pub kiosks: usize,
    /// Seconds measured, after every kiosk's first (unmeasured) sync.
    #[arg(long, default_value_t = 120)]
    pub seconds: u64,
}

impl Default for LoadArgs {
    fn default() -> Self {
        LoadArgs {
            kiosks: 1000,
            seconds: 120,
        }
    }
}

/// Where the figures go for `cargo xtask bench`.
pub const FIGURES_FILE: &str = "load-figures.txt";

/// `cargo xtask load [--kiosks N] [--seconds S]`.
pub fn run_with(root: &Path, args: &LoadArgs) -> Result<()> {
    // PostgreSQL's binaries (the `postgresql` package is in the test list).
    deps::ensure_installed(deps::Purpose::Test)?;
    let status = Command::new("cargo")
        .args([
            "build",
            "--release",
            "-p",
            "qebul-server",
            "--bin",
            "qebul-server",
            "-p",
            "qebul-loadgen",
            "--bin",
            "qebul-loadgen",
        ])
        .current_dir(root)
        .status()
        .context("cargo build")?;
    ensure(status, "building the server and the load generator")?;
    let target = target_dir(root)?;
    let release = target.join("release");
    let work = target.join("load");
    // The servers' logs; PostgreSQL's cluster goes to TMPDIR, which its user can reach.
    std::fs::create_dir_all(&work)?;
    let figures = target.join(FIGURES_FILE);
    let status = Command::new(release.join("qebul-loadgen"))
        .arg("--server-bin")
        .arg(release.join("qebul-server"))
        .args(["--kiosks", &args.kiosks.to_string()])
        .args(["--seconds", &args.seconds.to_string()])
        .arg("--work-dir")
        .arg(&work)
        .arg("--figures-out")
        .arg(&figures)
        .current_dir(root)
        .status()
        .context("running qebul-loadgen")?;
    ensure(status, "the load test")?;
    println!("wrote {}", figures.display());
    Ok(())
}
