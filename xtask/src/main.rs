//! Project automation: `cargo xtask demo | test | e2e | bench | sim | load | bindings | screenshots | package`.
//!
//! Each command installs what is missing first (Debian packages when run as root, npm packages,
//! tauri-driver), so a fresh Debian 12 machine needs nothing but these commands.

mod api_fuzz;
mod bench;
mod deps;
mod display;
mod fuzz;
mod load;
mod package;
mod sim;
mod suites;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Qəbul Kiosk project automation")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build everything and start the kiosk in demo mode (embedded server, simulated reader, virtual printer).
    Demo {
        /// Run under Xvfb and take a screenshot even when a display is available.
        #[arg(long)]
        headless: bool,
        /// Headless: keep the kiosk running after the screenshot, until Ctrl-C.
        #[arg(long)]
        keep_running: bool,
        /// With a display: a normal window instead of the full-screen kiosk.
        #[arg(long)]
        windowed: bool,
    },
    /// Run every test suite: Rust (nextest), UI unit (Vitest), UI browser (Chromium), end-to-end
    /// (tauri-driver), and the package's install test.
    Test {
        /// Only this suite (after the same builds), while working on it.
        #[arg(long, value_name = "SUITE")]
        only: Option<suites::Suite>,
        /// Use the UI and the kiosk as last built, without building them again (re-running one
        /// suite while other work in the tree does not build yet).
        #[arg(long)]
        no_build: bool,
    },
    /// Run only the end-to-end suite (the real app under Xvfb through tauri-driver).
    E2e,
    /// Run the benchmarks and write their figures, each beside its baseline, to docs/benchmarks.md.
    Bench,
    /// The deterministic simulation of kiosks and the server: runs `seeds` seeds (or one) and
    /// prints any failing seed so that it replays exactly.
    Sim {
        /// How many seeds to run, from 1.
        #[arg(long, default_value_t = 300)]
        seeds: u64,
        /// Only this seed (a failing seed's replay).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// The nationwide load test: simulated kiosks against two `qebul-server serve` processes on
    /// one PostgreSQL, on loopback.
    Load(load::LoadArgs),
    /// Regenerate ui/src/lib/bindings.ts and the UI tests' fixture from the Rust side.
    Bindings,
    /// Run the end-to-end tests and keep their screenshots in docs/screenshots/.
    Screenshots,
    /// Build the kiosk's Debian package with the Tauri bundler (the debug build with the demo,
    /// unless --release).
    Package {
        /// The production kiosk: a release build with `custom-protocol` only, no demo.
        #[arg(long)]
        release: bool,
    },
}

fn main() -> Result<()> {
    let root = project_root()?;
    std::env::set_current_dir(&root)?;
    match Cli::parse().command {
        Cmd::Demo {
            headless,
            keep_running,
            windowed,
        } => demo(&root, headless, keep_running, windowed),
        Cmd::Test { only, no_build } => suites::run_all(&root, only, no_build),
        Cmd::E2e => suites::e2e_only(&root),
        Cmd::Bench => bench::run(&root),
        Cmd::Sim { seeds, seed } => sim::run(&root, seeds, seed),
        Cmd::Load(args) => load::run_with(&root, &args),
        Cmd::Bindings => {
            let status = Command::new("cargo")
                .args([
                    "test", "--quiet", "--test", "bindings", "--test", "commands",
                ])
                .env("UPDATE_GENERATED", "1")
                .status()?;
            ensure(status, "generating the bindings")?;
            println!("wrote ui/src/lib/bindings.ts and ui/test/officials.json");
            Ok(())
        }
        Cmd::Screenshots => suites::screenshots(&root),
        Cmd::Package { release } => package::package_command(&root, release),
    }
}

fn project_root() -> Result<PathBuf> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    Ok(here
        .parent()
        .context("xtask has no parent folder")?
        .to_path_buf())
}

/// Where cargo puts its builds (honours CARGO_TARGET_DIR).
pub fn target_dir(root: &Path) -> Result<PathBuf> {
    let out = Command::new("cargo")
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root)
        .output()
        .context("cargo metadata")?;
    let meta: serde_json::Value =
        serde_json::from_slice(&out.stdout).context("cargo metadata output")?;
    let dir = meta["target_directory"]
        .as_str()
        .context("cargo metadata has no target_directory")?;
    Ok(PathBuf::from(dir))
}

pub fn ensure(status: std::process::ExitStatus, what: &str) -> Result<()> {
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// Installs the UI's npm packages (when the lockfile changed) and builds the UI into ui/dist.
pub fn build_ui(root: &Path) -> Result<()> {
    let ui = root.join("ui");
    let stamp = ui.join("node_modules/.package-lock.json");
    let lock_newer = match (
        std::fs::metadata(ui.join("package-lock.json")),
        std::fs::metadata(&stamp),
    ) {
        (Ok(lock), Ok(installed)) => lock.modified()? > installed.modified()?,
        _ => true,
    };
    if lock_newer {
        println!("==> npm ci (ui/)");
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&ui)
            .status()
            .context("npm is not installed: install Node.js 20.19+ and npm")?;
        ensure(status, "npm ci")?;
    }
    println!("==> building the UI (vite)");
    ensure(
        Command::new("npm")
            .args(["run", "--silent", "build"])
            .current_dir(&ui)
            .status()?,
        "the UI build",
    )
}

/// The kiosk's features for the demo and the tests: the bundled UI, and the embedded reference
/// server (`--demo`). A production kiosk is built with `custom-protocol` alone.
pub const APP_FEATURES: &str = "custom-protocol,demo";

/// Builds the kiosk binary that serves the bundled UI; returns its path.
pub fn build_app(root: &Path, all_targets: bool) -> Result<PathBuf> {
    println!("==> building the kiosk (cargo build --features {APP_FEATURES})");
    let mut cmd = Command::new("cargo");
    cmd.args(["build", "--features", APP_FEATURES]);
    if all_targets {
        // Same feature set as the test build, so the binary is built once for both.
        cmd.args(["--workspace", "--all-targets"]);
    }
    ensure(cmd.status()?, "the kiosk build")?;
    Ok(target_dir(root)?.join("debug/qebul-kiosk"))
}

fn demo(root: &Path, headless: bool, keep_running: bool, windowed: bool) -> Result<()> {
    deps::ensure_installed(deps::Purpose::Demo)?;
    build_ui(root)?;
    let app = build_app(root, false)?;
    let out = target_dir(root)?.join("demo");
    let notices = out.join("notices");
    std::fs::create_dir_all(&notices)?;
    let args = [
        "--demo".as_ref(),
        "--notice-dir".as_ref(),
        notices.as_os_str(),
    ];
    println!(
        "Notices (PNG and PDF) from the virtual printer go to: {}",
        notices.display()
    );

    let has_display = std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty())
        || std::env::var_os("WAYLAND_DISPLAY").is_some_and(|d| !d.is_empty());
    if has_display && !headless {
        let mut kiosk = Command::new(&app);
        kiosk.args(args);
        if windowed {
            kiosk.arg("--windowed");
        }
        let status = kiosk.status()?;
        return ensure(status, "the kiosk");
    }

    println!("No display: running the kiosk under Xvfb");
    let screen = display::VirtualScreen::start()?;
    let mut kiosk = Command::new(&app)
        .args(args)
        .env("DISPLAY", screen.name())
        .spawn()
        .context("starting the kiosk")?;
    let shot = out.join("screenshot-welcome.png");
    let result = screen.screenshot_when_drawn(&shot, &mut kiosk);
    if result.is_ok() {
        println!("Screenshot of the first screen: {}", shot.display());
        if keep_running {
            println!(
                "The kiosk runs on {} until you press Ctrl-C.",
                screen.name()
            );
            let status = kiosk.wait()?;
            return ensure(status, "the kiosk");
        }
    }
    let _ = kiosk.kill();
    let _ = kiosk.wait();
    result
}
