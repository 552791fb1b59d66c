//! What the project needs from Debian, and installing it.

use std::process::Command;

use anyhow::{bail, Context, Result};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Demo,
    Test,
}

/// To build the Tauri app (WebKitGTK and friends).
const BUILD: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libxdo-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    // The `printers` crate links libcups; the `pcsc` crate libpcsclite.
    "libcups2-dev",
    "libpcsclite-dev",
];
/// To run the kiosk without a display, and to show Azerbaijani text.
const RUN: &[&str] = &[
    "xvfb",
    "matchbox-window-manager",
    "dbus",
    "fonts-noto-core",
    "fonts-dejavu-core",
    // Speech mode's voice (az, ru, en) and `aplay` for its warning tone.
    "espeak-ng",
    "alsa-utils",
];
/// To test: WebKit's WebDriver for tauri-driver, Chromium for the UI browser tests, a real
/// Secret Service (gnome-keyring) for the store's keyring test, and PostgreSQL for the server's
/// tests and benchmarks: `postgresql` pulls in `postgresql-15`, whose
/// `/usr/lib/postgresql/15/bin` holds `initdb`, `postgres` and `pgbench`, and
/// `postgresql-client-15` (`psql`, `createdb`). `crates/pg-fixture` starts its own throwaway
/// cluster from those binaries on 127.0.0.1; no system service is needed or started by us
/// (the package's own `main` cluster on 5432 may be created, and started where services run).
/// For printing: a real CUPS daemon (`cups`; `cups-client` for lpadmin and cupsdisable), which
/// the printer tests start themselves with their own configuration; zbar-tools' `zbarimg` to
/// read the printed barcode and QR back; poppler-utils' `pdftoppm` to render our PDFs; pcscd and
/// vsmartcard-vpcd for the card-slot tests (each starts its own pcscd with a virtual reader).
const TEST: &[&str] = &[
    "webkit2gtk-driver",
    "chromium",
    "gnome-keyring",
    "postgresql",
    "cups",
    "cups-client",
    "zbar-tools",
    "poppler-utils",
    // PC/SC card presence: the tests start their own pcscd with vpcd's virtual reader.
    "pcscd",
    "vsmartcard-vpcd",
    // To hear what speech mode says: each utterance's WAV checked for sound and length.
    "sox",
    // The package's install test: `systemd-analyze verify` of its unit (systemd need not run).
    // What the package itself needs (cage, gnome-keyring…) apt brings when it installs it.
    "systemd",
    // The API fuzzing suite's virtualenv for schemathesis (`python3 -m venv` needs ensurepip).
    "python3-venv",
];

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Installs missing Debian packages (as root) or says exactly what to run (otherwise);
/// then checks Node.js and, for tests, tauri-driver and cargo-nextest.
pub fn ensure_installed(purpose: Purpose) -> Result<()> {
    let mut wanted: Vec<&str> = BUILD.iter().chain(RUN).copied().collect();
    if purpose == Purpose::Test {
        wanted.extend(TEST);
    }
    let missing: Vec<&str> = wanted.into_iter().filter(|p| !installed(p)).collect();
    if !missing.is_empty() {
        let line = format!(
            "apt-get install -y --no-install-recommends {}",
            missing.join(" ")
        );
        if !is_root() {
            bail!(
                "missing Debian packages; install them with:\n  sudo apt-get update && sudo {line}"
            );
        }
        println!("==> {line}");
        let update = Command::new("apt-get").args(["update", "-q"]).status()?;
        crate::ensure(update, "apt-get update")?;
        let status = Command::new("sh")
            .args(["-c", &line])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()?;
        crate::ensure(status, "apt-get install")?;
    }
    check_node()?;
    if purpose == Purpose::Test {
        cargo_tool("cargo-nextest", &["cargo-nextest", "--locked"])?;
        cargo_tool(
            "tauri-driver",
            &["tauri-driver", "--version", "^2", "--locked"],
        )?;
    }
    Ok(())
}

fn check_node() -> Result<()> {
    let out = Command::new("node")
        .arg("--version")
        .output()
        .context("Node.js is not installed: the UI needs Node.js 20.19 or newer with npm")?;
    let version = String::from_utf8_lossy(&out.stdout);
    let mut parts = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if (major, minor) < (20, 19) {
        bail!(
            "Node.js {} is too old: the UI (Vite 8) needs 20.19 or newer",
            version.trim()
        );
    }
    Ok(())
}

/// Where `cargo install` puts tools.
pub fn cargo_bin(tool: &str) -> std::path::PathBuf {
    let home = std::env::var_os("CARGO_INSTALL_ROOT")
        .or_else(|| std::env::var_os("CARGO_HOME"))
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    home.join("bin").join(tool)
}

/// Finds `tool` on PATH or in cargo's bin folder, or installs it from crates.io.
pub fn cargo_tool(tool: &str, install_args: &[&str]) -> Result<std::path::PathBuf> {
    let on_path = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| std::path::PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    if let Some(path) = on_path {
        return Ok(path);
    }
    let path = cargo_bin(tool);
    if path.exists() {
        return Ok(path);
    }
    println!("==> cargo install {}", install_args.join(" "));
    let status = Command::new("cargo")
        .arg("install")
        .args(install_args)
        .status()?;
    crate::ensure(status, &format!("installing {tool}"))?;
    Ok(path)
}
