//! `cargo xtask test`: every suite, each one's count, and one total line.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::display::VirtualScreen;
use crate::{build_app, build_ui, deps, target_dir, APP_FEATURES};

pub struct Outcome {
    pub suite: &'static str,
    pub passed: u64,
    pub failed: u64,
    pub ok: bool,
}

/// The suites of `cargo xtask test`, in the order they run.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Suite {
    Rust,
    Fuzz,
    Sim,
    ApiFuzz,
    UiUnit,
    UiBrowser,
    E2e,
    Package,
}

pub fn run_all(root: &Path, only: Option<Suite>, no_build: bool) -> Result<()> {
    let started = Instant::now();
    deps::ensure_installed(deps::Purpose::Test)?;
    let target = target_dir(root)?;
    let app = if no_build {
        target.join("debug/qebul-kiosk")
    } else {
        build_ui(root)?;
        build_app(root, true)?
    };

    let wanted = |suite| only.is_none_or(|o| o == suite);
    let mut outcomes = Vec::new();
    if wanted(Suite::Rust) {
        outcomes.push(rust(root)?);
    }
    if wanted(Suite::Fuzz) {
        outcomes.push(crate::fuzz::suite(root, &target)?);
    }
    if wanted(Suite::Sim) {
        outcomes.push(crate::sim::suite(root, &target)?);
    }
    if wanted(Suite::ApiFuzz) {
        outcomes.push(crate::api_fuzz::suite(root, &target)?);
    }
    if wanted(Suite::UiUnit) {
        outcomes.push(ui_unit(root, &target)?);
    }
    if wanted(Suite::UiBrowser) {
        outcomes.push(vitest(root, "ui-browser", "test:browser", &target, &[])?);
    }
    if wanted(Suite::E2e) {
        outcomes.push(end_to_end(root, &app, &target.join("screenshots"))?);
    }
    // Last: it installs the package on this machine and purges it again.
    if wanted(Suite::Package) {
        outcomes.push(package(root)?);
    }

    println!("\n==> results");
    let mut all_ok = true;
    for o in &outcomes {
        let ran_none = o.passed + o.failed == 0;
        let verdict = match (o.ok, ran_none) {
            (_, true) => "RAN NO TEST",
            (true, false) => "ok",
            (false, false) => "FAILED",
        };
        println!(
            "{:>12}: {} passed, {} failed  [{verdict}]",
            o.suite, o.passed, o.failed
        );
        all_ok &= o.ok && !ran_none && o.failed == 0;
    }
    println!("(in {:.0} s)", started.elapsed().as_secs_f64());
    let passed: u64 = outcomes.iter().map(|o| o.passed).sum();
    let failed: u64 = outcomes.iter().map(|o| o.failed).sum();
    println!("{passed} passed, {failed} failed");
    if !all_ok {
        bail!("some test suites failed or ran no test");
    }
    Ok(())
}

/// `cargo xtask e2e`: the end-to-end suite alone.
pub fn e2e_only(root: &Path) -> Result<()> {
    deps::ensure_installed(deps::Purpose::Test)?;
    build_ui(root)?;
    let app = build_app(root, true)?;
    let o = end_to_end(root, &app, &target_dir(root)?.join("screenshots"))?;
    println!("{} passed, {} failed", o.passed, o.failed);
    if !o.ok || o.failed > 0 || o.passed == 0 {
        bail!("the end-to-end suite failed or ran no test");
    }
    Ok(())
}

/// `cargo xtask screenshots`: the end-to-end run, keeping its pictures for the README.
pub fn screenshots(root: &Path) -> Result<()> {
    deps::ensure_installed(deps::Purpose::Test)?;
    build_ui(root)?;
    let app = build_app(root, true)?;
    let dir = root.join("docs/screenshots");
    let o = end_to_end(root, &app, &dir)?;
    if !o.ok || o.failed > 0 {
        bail!("end-to-end tests failed; screenshots may be incomplete");
    }
    println!("screenshots in {}", dir.display());
    let figures = dir.join(E2E_FIGURES);
    let lines = std::fs::read_to_string(&figures).context("the end-to-end run wrote no figures")?;
    std::fs::remove_file(&figures)?;
    let benchmarks = root.join("docs/benchmarks.md");
    let before = std::fs::read_to_string(&benchmarks).unwrap_or_default();
    std::fs::write(&benchmarks, with_e2e_section(&before, &lines))?;
    println!("wrote the end-to-end figures into {}", benchmarks.display());
    Ok(())
}

/// The file the end-to-end run writes its figures to, beside its screenshots.
const E2E_FIGURES: &str = "e2e-figures.txt";

/// The heading of docs/benchmarks.md's end-to-end section (`cargo xtask bench` keeps it).
pub const E2E_SECTION: &str = "## End to end: the real app under Xvfb";

/// `report` with its end-to-end section replaced by `lines` (added if it has none).
pub fn with_e2e_section(report: &str, lines: &str) -> String {
    let head = report
        .split(E2E_SECTION)
        .next()
        .unwrap_or_default()
        .trim_end();
    format!(
        "{head}\n\n{E2E_SECTION}\n\nWritten by `cargo xtask screenshots` (WebKitGTK through tauri-driver, \
         1920×1080; touches are WebDriver clicks, timed in the page from the touch to the first frame \
         after the page changed). Reported, not asserted.\n\n```\n{}\n```\n",
        lines.trim_end()
    )
}

/// Runs `cmd`, echoing its standard output and returning every line of it.
fn run_echo(mut cmd: Command) -> Result<(bool, Vec<String>)> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let mut lines = Vec::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line?;
            println!("{line}");
            lines.push(line);
        }
    }
    Ok((child.wait()?.success(), lines))
}

fn shell(script: &str) -> Command {
    let mut cmd = Command::new("sh");
    cmd.args(["-c", &format!("{script} 2>&1")]);
    cmd
}

/// The number before `word` in `line`: ("57 passed, 0 failed", "passed") → 57.
fn count_before(line: &str, word: &str) -> Option<u64> {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .find(|w| w[1].trim_end_matches(['.', ';']) == word)
        .and_then(|w| w[0].parse().ok())
}

fn rust(root: &Path) -> Result<Outcome> {
    println!("\n==> suite rust: the core alone, cargo nextest (workspace) and doc tests");
    // The core on its own, where chrono has no clock: a `Utc::now()` in it fails here even though
    // the workspace build, which unifies features, enables the clock.
    let (core_ok, _) = run_echo(shell(
        "cargo check --package qebul-core --lib --color never",
    ))?;
    let mut nextest = shell(&format!(
        "cargo nextest run --workspace --features {APP_FEATURES} --no-fail-fast --color never"
    ));
    nextest.current_dir(root);
    let (ok, lines) = run_echo(nextest)?;
    let summary = lines.iter().rev().find(|l| l.contains("tests run:"));
    let (mut passed, mut failed) = summary
        .map(|l| {
            let n = |word| count_before(l, word).unwrap_or(0);
            (n("passed"), n("failed") + n("timed"))
        })
        .unwrap_or((0, 0));
    if !ok && failed == 0 {
        failed = 1; // a build failure: nothing ran, and that is a failure
    }
    if !core_ok {
        println!("qebul-core does not build on its own (a clock or I/O crate in the core?)");
        failed += 1;
    }
    let mut doc = shell(&format!(
        "cargo test --workspace --doc --features {APP_FEATURES} --color never"
    ));
    doc.current_dir(root);
    let (doc_ok, doc_lines) = run_echo(doc)?;
    let mut doc_failed = 0;
    for l in doc_lines.iter().filter(|l| l.starts_with("test result:")) {
        passed += count_before(l, "passed").unwrap_or(0);
        doc_failed += count_before(l, "failed").unwrap_or(0);
    }
    // A doc test that does not build fails the run with "0 failed" on every line.
    failed += if !doc_ok && doc_failed == 0 {
        1
    } else {
        doc_failed
    };
    Ok(Outcome {
        suite: "rust",
        passed,
        failed,
        ok: ok && doc_ok && core_ok,
    })
}

fn vitest(
    root: &Path,
    suite: &'static str,
    script: &str,
    target: &Path,
    env: &[(&str, String)],
) -> Result<Outcome> {
    println!("\n==> suite {suite}: npm run {script}");
    let report = target.join(format!("{suite}.json"));
    let _ = std::fs::remove_file(&report);
    let mut cmd = Command::new("npm");
    cmd.args([
        "run",
        "--silent",
        script,
        "--",
        "--reporter=default",
        "--reporter=json",
    ])
    .arg(format!("--outputFile.json={}", report.display()))
    .current_dir(root.join("ui"));
    // `E2E_ONLY=applications cargo xtask e2e`: one file of the suite, while working on it.
    if let (Ok(only), "e2e") = (std::env::var("E2E_ONLY"), suite) {
        cmd.arg(only);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let ok = cmd.status()?.success();
    let (passed, mut failed) = match std::fs::read_to_string(&report) {
        Ok(text) => {
            let json: serde_json::Value =
                serde_json::from_str(&text).context("vitest json report")?;
            let n = |k: &str| json[k].as_u64().unwrap_or(0);
            (n("numPassedTests"), n("numFailedTests"))
        }
        Err(_) => (0, 0),
    };
    if !ok && failed == 0 {
        failed = 1; // the suite itself broke (a file failed to load, a hook threw)
    }
    Ok(Outcome {
        suite,
        passed,
        failed,
        ok,
    })
}

/// The UI's type check (svelte-check) and its unit tests: a type error fails the suite.
fn ui_unit(root: &Path, target: &Path) -> Result<Outcome> {
    println!("\n==> suite ui-unit: svelte-check, then vitest");
    let typed = Command::new("npm")
        .args(["run", "--silent", "check"])
        .current_dir(root.join("ui"))
        .status()?
        .success();
    let mut o = vitest(root, "ui-unit", "test:unit", target, &[])?;
    if !typed {
        println!("svelte-check found type errors");
        o.ok = false;
        o.failed += 1;
    }
    Ok(o)
}

/// The package's install test: every case counted, each failure named.
fn package(root: &Path) -> Result<Outcome> {
    println!("\n==> suite package: build the .deb, install it with apt, enroll, doctor, purge");
    let started = Instant::now();
    let cases = crate::package::install_test(root)?;
    println!(
        "package: {} passed, {} failed (in {:.0} s)",
        cases.passed(),
        cases.failed(),
        started.elapsed().as_secs_f64()
    );
    for name in cases.failures() {
        println!("    failed: {name}");
    }
    Ok(Outcome {
        suite: "package",
        passed: cases.passed(),
        failed: cases.failed(),
        ok: cases.failed() == 0,
    })
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A child leading a process group of its own, ended together with everything it started:
/// tauri-driver starts WebKitWebDriver, which starts the kiosk; if the driver dies mid-session,
/// the kiosk must not outlive the run.
struct KilledGroup(Child);
impl Drop for KilledGroup {
    fn drop(&mut self) {
        let Ok(group) = i32::try_from(self.0.id()) else {
            return;
        };
        // SAFETY: killpg only sends a signal, to the group this child leads.
        unsafe { libc::killpg(group, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.0.try_wait(), Ok(None)) && Instant::now() < deadline {
            sleep(Duration::from_millis(50));
        }
        // SAFETY: as above; whatever ignored SIGTERM ends now.
        unsafe { libc::killpg(group, libc::SIGKILL) };
        let _ = self.0.wait();
    }
}

/// A private D-Bus session bus (the single-instance plugin talks through it), its socket in a
/// fresh folder under /tmp: a Unix socket path has at most 107 bytes, which a deep
/// CARGO_TARGET_DIR could exceed. The folder goes when the bus does.
struct DbusSession {
    daemon: Killed,
    dir: PathBuf,
    address: String,
}

impl DbusSession {
    fn start() -> Result<DbusSession> {
        let dir = std::env::temp_dir().join(format!("qebul-bus-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let address = format!("unix:path={}", dir.join("bus").display());
        let child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile"])
            .arg(format!("--address={address}"))
            .stdout(Stdio::null())
            .spawn()
            .context("dbus-daemon is not installed (Debian package dbus)")?;
        let mut bus = DbusSession {
            daemon: Killed(child),
            dir,
            address,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !bus.dir.join("bus").exists() {
            if let Some(status) = bus.daemon.0.try_wait()? {
                bail!("dbus-daemon exited at start ({status})");
            }
            if Instant::now() > deadline {
                bail!("dbus-daemon did not open its socket within 10 s");
            }
            sleep(Duration::from_millis(50));
        }
        Ok(bus)
    }
}

impl Drop for DbusSession {
    fn drop(&mut self) {
        let _ = self.daemon.0.kill();
        let _ = self.daemon.0.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn end_to_end(root: &Path, app: &Path, shots: &Path) -> Result<Outcome> {
    println!("\n==> suite e2e: the real app under Xvfb through tauri-driver");
    let target = target_dir(root)?;
    let screen = VirtualScreen::start()?;
    let bus = DbusSession::start()?;
    let driver_bin = deps::cargo_tool(
        "tauri-driver",
        &["tauri-driver", "--version", "^2", "--locked"],
    )?;
    let (port, native_port) = (free_port()?, free_port()?);
    let driver = Command::new(&driver_bin)
        .process_group(0)
        .args(["--port", &port.to_string()])
        .args(["--native-port", &native_port.to_string()])
        .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
        .env("DISPLAY", screen.name())
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(Stdio::null())
        .spawn()
        .context("starting tauri-driver")?;
    let driver = KilledGroup(driver);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("tauri-driver did not listen on port {port}");
        }
        sleep(Duration::from_millis(100));
    }
    let env = [
        ("WEBDRIVER_URL", format!("http://127.0.0.1:{port}")),
        ("KIOSK_APP", app.display().to_string()),
        ("SCREENSHOT_DIR", shots.display().to_string()),
        ("DISPLAY", screen.name().to_owned()),
        ("DBUS_SESSION_BUS_ADDRESS", bus.address.clone()),
    ];
    let outcome = vitest(root, "e2e", "test:e2e", &target, &env);
    drop(driver);
    outcome
}

#[cfg(test)]
mod tests {
    use super::count_before;

    #[test]
    fn the_end_to_end_section_is_added_then_replaced_and_the_rest_kept() {
        let bench = "# Benchmarks\n\n```\nbook(): ratio 2.4x\n```\n";
        let once = super::with_e2e_section(bench, "touch: 12 ms\n");
        assert!(once.starts_with(bench.trim_end()));
        assert!(once.contains("touch: 12 ms"));
        let twice = super::with_e2e_section(&once, "touch: 15 ms");
        assert!(twice.contains("touch: 15 ms") && !twice.contains("touch: 12 ms"));
        assert_eq!(twice.matches(super::E2E_SECTION).count(), 1);
        assert!(twice.contains("book(): ratio 2.4x"));
    }

    #[test]
    fn reads_nextest_and_cargo_test_summaries() {
        let nextest = "     Summary [   3.014s] 57 tests run: 55 passed, 2 failed, 0 skipped";
        assert_eq!(count_before(nextest, "passed"), Some(55));
        assert_eq!(count_before(nextest, "failed"), Some(2));
        let cargo = "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured";
        assert_eq!(count_before(cargo, "passed"), Some(3));
        assert_eq!(count_before(cargo, "failed"), Some(1));
        assert_eq!(
            count_before("57 tests run: 57 passed, 0 skipped", "failed"),
            None
        );
    }
}
