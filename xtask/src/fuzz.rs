//! `cargo xtask test`'s fuzz suite: a short `cargo fuzz` run of every target in `fuzz/`.
//!
//! The targets are built once (`cargo fuzz build`, address sanitizer), then each binary runs
//! for [`DEFAULT_SECONDS`] from the committed seed corpus `fuzz/corpus/<target>` plus the
//! inputs earlier runs found, which live in the target directory (`fuzz-corpus/<target>`), so
//! the repository's corpus stays as committed. A crash is written to `fuzz-artifacts/<target>/`
//! in the target directory, and the suite prints how to replay it.
//!
//! `QEBUL_FUZZ_SECONDS=600` runs each target longer (the closing note's long run);
//! `QEBUL_FUZZ_TARGETS=rule_phrase,escpos_decode` runs only those.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::deps;
use crate::suites::Outcome;

/// Every target of `fuzz/Cargo.toml`, in the order they run.
pub const TARGETS: [&str; 6] = [
    "mrz_parse",
    "history_search",
    "rule_phrase",
    "escpos_decode",
    "protocol_requests",
    "catalog_import",
];

/// How long each target runs in the test command: six targets at 15 s keep the suite, with a
/// warm build, within its 3 minutes on 2 cores, and reach each parser's corners from its seed
/// corpus (a hundred thousand to a million inputs each here).
const DEFAULT_SECONDS: u32 = 15;

/// One input that runs longer than this is a hang, reported as a failure rather than letting
/// the suite wait for libFuzzer's 20-minute default.
const INPUT_TIMEOUT_SECONDS: u32 = 10;

/// How one target's run went, read from libFuzzer's final statistics.
struct Run {
    ok: bool,
    executions: Option<u64>,
    /// The last `cov: N ft: M` of the log: edges and features reached.
    coverage: Option<String>,
    new_artifacts: Vec<PathBuf>,
    log: PathBuf,
}

/// Builds every target, runs each for a short time, and counts the targets that ran clean
/// (passed) and those that crashed, hung or ran out of memory (failed).
pub fn suite(root: &Path, target: &Path) -> Result<Outcome> {
    let seconds = seconds()?;
    let targets = targets()?;
    println!(
        "\n==> suite fuzz: cargo fuzz build, then {} targets for {seconds} s each",
        targets.len()
    );
    let cargo_fuzz = deps::cargo_tool("cargo-fuzz", &["cargo-fuzz", "--locked"])?;
    let fuzz_dir = root.join("fuzz");
    let build_dir = target.join("fuzz");
    // cargo-fuzz passes `-Z` flags (the address sanitizer), which the stable compiler accepts
    // with `RUSTC_BOOTSTRAP=1`.
    let status = Command::new(&cargo_fuzz)
        .args(["fuzz", "build", "--target-dir"])
        .arg(&build_dir)
        .current_dir(&fuzz_dir)
        .env("RUSTC_BOOTSTRAP", "1")
        .status()
        .context("cargo fuzz build")?;
    if !status.success() {
        println!("cargo fuzz build failed: no target ran");
        return Ok(Outcome {
            suite: "fuzz",
            passed: 0,
            failed: targets.len() as u64,
            ok: false,
        });
    }
    let bin_dir = build_dir.join(host_triple()?).join("release");

    let (mut passed, mut failed) = (0, 0);
    for name in &targets {
        let run = run_target(root, target, &bin_dir.join(name), name, seconds)?;
        let executions = run
            .executions
            .map_or_else(|| "? executions".to_owned(), |n| format!("{n} executions"));
        let coverage = run.coverage.as_deref().unwrap_or("cov: ?");
        if run.ok {
            passed += 1;
            println!("    {name}: ok, {executions}, {coverage}");
            continue;
        }
        failed += 1;
        println!("    {name}: FAILED after {executions}, {coverage}");
        print_tail(&run.log, 30);
        println!("    full log: {}", run.log.display());
        for artifact in &run.new_artifacts {
            println!("    crashing input: {}", artifact.display());
            println!(
                "    replay: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run {name} {}",
                artifact.display()
            );
        }
    }
    Ok(Outcome {
        suite: "fuzz",
        passed,
        failed,
        ok: failed == 0,
    })
}

/// Runs one built target for `seconds`, its libFuzzer output kept in a log file (it prints a
/// line per new feature: thousands).
fn run_target(root: &Path, target: &Path, binary: &Path, name: &str, seconds: u32) -> Result<Run> {
    let found = target.join("fuzz-corpus").join(name);
    let artifacts = target.join("fuzz-artifacts").join(name);
    let logs = target.join("fuzz-logs");
    for dir in [&found, &artifacts, &logs] {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let before = listing(&artifacts)?;
    let log = logs.join(format!("{name}.log"));
    let log_file = File::create(&log).with_context(|| format!("creating {}", log.display()))?;
    let mut artifact_prefix = artifacts.clone().into_os_string();
    artifact_prefix.push("/");

    let mut command = Command::new(binary);
    command
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-timeout={INPUT_TIMEOUT_SECONDS}"))
        .arg("-print_final_stats=1")
        .arg({
            let mut arg = std::ffi::OsString::from("-artifact_prefix=");
            arg.push(&artifact_prefix);
            arg
        });
    let dict = root.join("fuzz/dict").join(format!("{name}.dict"));
    if dict.exists() {
        let mut arg = std::ffi::OsString::from("-dict=");
        arg.push(&dict);
        command.arg(arg);
    }
    // The first corpus directory receives the new inputs; the committed one is only read.
    command
        .arg(&found)
        .arg(root.join("fuzz/corpus").join(name))
        .stdout(log_file.try_clone()?)
        .stderr(log_file);
    let status = command
        .status()
        .with_context(|| format!("running {}", binary.display()))?;

    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let new_artifacts = listing(&artifacts)?
        .difference(&before)
        .map(|f| artifacts.join(f))
        .collect::<Vec<_>>();
    Ok(Run {
        ok: status.success() && new_artifacts.is_empty(),
        executions: final_stat(&text, "stat::number_of_executed_units:"),
        coverage: last_coverage(&text),
        new_artifacts,
        log,
    })
}

fn seconds() -> Result<u32> {
    match std::env::var("QEBUL_FUZZ_SECONDS") {
        Ok(s) => match s.trim().parse::<u32>() {
            Ok(n) if n > 0 => Ok(n),
            _ => bail!("QEBUL_FUZZ_SECONDS must be a whole number of seconds above 0, not {s:?}"),
        },
        Err(_) => Ok(DEFAULT_SECONDS),
    }
}

fn targets() -> Result<Vec<&'static str>> {
    let Ok(list) = std::env::var("QEBUL_FUZZ_TARGETS") else {
        return Ok(TARGETS.to_vec());
    };
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|wanted| {
            TARGETS.into_iter().find(|t| *t == wanted).with_context(|| {
                format!("QEBUL_FUZZ_TARGETS: no target {wanted:?}; the targets are {TARGETS:?}")
            })
        })
        .collect()
}

/// cargo-fuzz builds for the host triple explicitly (so that the sanitizer flags stay off build
/// scripts), and puts the binaries under it.
fn host_triple() -> Result<String> {
    let out = Command::new("rustc")
        .arg("-vV")
        .stderr(Stdio::inherit())
        .output()
        .context("rustc -vV")?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .context("rustc -vV names no host triple")
}

fn listing(dir: &Path) -> Result<BTreeSet<std::ffi::OsString>> {
    Ok(std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect())
}

/// A number from libFuzzer's `-print_final_stats=1` block, e.g.
/// `stat::number_of_executed_units: 312345`.
fn final_stat(log: &str, key: &str) -> Option<u64> {
    log.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix(key))
        .and_then(|v| v.trim().parse().ok())
}

/// `cov: 1234 ft: 5678` from libFuzzer's last status line, e.g.
/// `#312345 DONE   cov: 1234 ft: 5678 corp: 90/12Kb ...`.
fn last_coverage(log: &str) -> Option<String> {
    log.lines().rev().find_map(|l| {
        let at = l.find("cov: ")?;
        let words: Vec<&str> = l[at..].split_whitespace().take(4).collect();
        (words.len() == 4 && words[2] == "ft:").then(|| words.join(" "))
    })
}

fn print_tail(log: &Path, lines: usize) {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    for line in &all[all.len().saturating_sub(lines)..] {
        println!("    | {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "\
#2      INITED cov: 120 ft: 121 corp: 4/400b exec/s: 0 rss: 40Mb
#4096   pulse  cov: 310 ft: 600 corp: 40/2Kb lim: 43 exec/s: 2048 rss: 45Mb
#31337  DONE   cov: 412 ft: 901 corp: 77/5Kb lim: 120 exec/s: 2089 rss: 51Mb
Done 31337 runs in 15 second(s)
stat::number_of_executed_units: 31337
stat::average_exec_per_sec:     2089
stat::new_units_added:          73
";

    #[test]
    fn the_final_stats_give_executions_and_the_last_coverage() {
        assert_eq!(
            final_stat(LOG, "stat::number_of_executed_units:"),
            Some(31337)
        );
        assert_eq!(last_coverage(LOG).as_deref(), Some("cov: 412 ft: 901"));
    }

    #[test]
    fn a_log_cut_short_by_a_crash_has_no_executions() {
        let crashed = "#2 INITED cov: 120 ft: 121 corp: 4/400b\n==1==ERROR: AddressSanitizer\n";
        assert_eq!(final_stat(crashed, "stat::number_of_executed_units:"), None);
        assert_eq!(last_coverage(crashed).as_deref(), Some("cov: 120 ft: 121"));
    }
}
