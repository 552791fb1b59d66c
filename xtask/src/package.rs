//! `cargo xtask package`: the kiosk's Debian package, built by the Tauri bundler; and the
//! `package` suite of `cargo xtask test`, which installs it on this machine, checks it, runs
//! `qebul-kiosk doctor` against a demo server and purges it.
//!
//! The bundler's configuration is `tauri.conf.json`'s `bundle` section plus
//! `packaging/bundle.conf.json` (a Debian package name must be ASCII: the bundler names the
//! package after `productName`, which is "Qəbul Kiosk" everywhere else).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::{ensure, target_dir};

/// Which build of the kiosk goes into the package.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The binary the test suite already built (`custom-protocol,demo`, debug): no second build.
    Debug,
    /// The production kiosk: `cargo build --release --features custom-protocol`, no demo.
    Release,
}

impl Profile {
    fn dir(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        }
    }
}

/// The package's name, as apt and dpkg know it.
pub const PACKAGE: &str = "qebul-kiosk";

/// `cargo xtask package [--release]`.
pub fn package_command(root: &Path, release: bool) -> Result<()> {
    crate::deps::ensure_installed(crate::deps::Purpose::Demo)?;
    crate::build_ui(root)?;
    let profile = if release {
        println!(
            "==> building the production kiosk (cargo build --release --features custom-protocol)"
        );
        let started = Instant::now();
        ensure(
            Command::new("cargo")
                .args([
                    "build",
                    "--release",
                    "--package",
                    "qebul-kiosk",
                    "--bin",
                    "qebul-kiosk",
                    "--features",
                    "custom-protocol",
                ])
                .current_dir(root)
                .status()?,
            "the release build",
        )?;
        println!(
            "(release build in {:.0} s)",
            started.elapsed().as_secs_f64()
        );
        Profile::Release
    } else {
        crate::build_app(root, false)?;
        Profile::Debug
    };
    let deb = build_deb(root, profile)?;
    let size = std::fs::metadata(&deb)?.len();
    println!(
        "{} ({:.1} MiB)\ninstall it with: apt install ./{}",
        deb.display(),
        size as f64 / (1024.0 * 1024.0),
        deb.file_name().unwrap_or_default().to_string_lossy()
    );
    Ok(())
}

/// Bundles the kiosk binary already built for `profile` into a `.deb`; returns its path.
///
/// The bundler reads the binary from `<target>/<profile>/` and writes beside it, so it is given
/// a staging target folder holding a copy without debug sections: the debug build's 400 MB of
/// DWARF would make a package five times larger and slower to install, for nothing a kiosk uses.
/// The copy also keeps the bundler from touching the binary the other suites run.
pub fn build_deb(root: &Path, profile: Profile) -> Result<PathBuf> {
    let target = target_dir(root)?;
    let built = target.join(profile.dir()).join("qebul-kiosk");
    if !built.exists() {
        bail!("{} is not built", built.display());
    }
    let stage = target.join("package");
    let _ = std::fs::remove_dir_all(&stage);
    let bin_dir = stage.join(profile.dir());
    std::fs::create_dir_all(&bin_dir)?;
    println!("==> staging {} without its debug sections", built.display());
    ensure(
        Command::new("objcopy")
            .arg("--strip-debug")
            .arg(&built)
            .arg(bin_dir.join("qebul-kiosk"))
            .status()
            .context("objcopy (Debian package binutils)")?,
        "objcopy --strip-debug",
    )?;

    println!("==> tauri bundle --bundles deb ({})", profile.dir());
    let cli = root.join("ui/node_modules/.bin/tauri");
    if !cli.exists() {
        bail!(
            "{} is missing: the UI's npm packages bring @tauri-apps/cli",
            cli.display()
        );
    }
    let mut bundle = Command::new(&cli);
    bundle.args(["bundle", "--bundles", "deb", "--ci", "--no-binary-patching"]);
    if profile == Profile::Debug {
        bundle.arg("--debug");
    }
    bundle
        .arg("--config")
        .arg(root.join("packaging/bundle.conf.json"))
        .env("CARGO_TARGET_DIR", &stage)
        .current_dir(root);
    ensure(
        bundle.status().context("running the Tauri CLI")?,
        "tauri bundle",
    )?;

    let out = bin_dir.join("bundle/deb");
    let deb = std::fs::read_dir(&out)
        .with_context(|| format!("the bundler wrote no {}", out.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.extension().is_some_and(|e| e == "deb")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{PACKAGE}_")))
        })
        .with_context(|| format!("no {PACKAGE}_….deb in {}", out.display()))?;
    Ok(deb)
}

/// One counted case of the install test.
struct Case {
    name: String,
    result: std::result::Result<(), String>,
}

/// The install test's cases, each printed as it finishes.
#[derive(Default)]
pub struct Cases(Vec<Case>);

impl Cases {
    fn check(&mut self, name: &str, result: std::result::Result<(), String>) -> bool {
        match &result {
            Ok(()) => println!("    ok    {name}"),
            Err(why) => println!(
                "    FAIL  {name}: {}",
                why.trim_end().replace('\n', "\n          ")
            ),
        }
        let ok = result.is_ok();
        self.0.push(Case {
            name: name.to_owned(),
            result,
        });
        ok
    }

    /// Cases that cannot run because an earlier one failed: each counted as failed, named.
    fn not_run(&mut self, names: &[&str], because: &str) {
        for name in names {
            self.check(name, Err(format!("not run: {because}")));
        }
    }

    pub fn passed(&self) -> u64 {
        self.0.iter().filter(|c| c.result.is_ok()).count() as u64
    }

    pub fn failed(&self) -> u64 {
        self.0.iter().filter(|c| c.result.is_err()).count() as u64
    }

    pub fn failures(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter(|c| c.result.is_err())
            .map(|c| c.name.as_str())
            .collect()
    }
}

/// What a command printed, and whether it succeeded.
struct Ran {
    ok: bool,
    out: String,
}

impl Ran {
    fn expect_ok(self, what: &str) -> std::result::Result<String, String> {
        if self.ok {
            Ok(self.out)
        } else {
            Err(format!("{what} failed:\n{}", tail(&self.out, 40)))
        }
    }
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Runs `cmd` with stdout and stderr together, `input` on its stdin.
fn run(cmd: &mut Command, input: Option<&str>) -> Ran {
    cmd.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let child = cmd.spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            return Ran {
                ok: false,
                out: format!("cannot start {:?}: {e}", cmd.get_program()),
            }
        }
    };
    if let (Some(text), Some(mut stdin)) = (input, child.stdin.take()) {
        let _ = stdin.write_all(text.as_bytes());
    }
    match child.wait_with_output() {
        Ok(o) => Ran {
            ok: o.status.success(),
            out: format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        },
        Err(e) => Ran {
            ok: false,
            out: e.to_string(),
        },
    }
}

fn sh(script: &str) -> Ran {
    run(Command::new("sh").args(["-c", script]), None)
}

fn installed() -> bool {
    sh(&format!(
        "dpkg-query -W -f='${{Status}}' {PACKAGE} 2>/dev/null | grep -q 'install ok installed'"
    ))
    .ok
}

/// Left by this test while its package is installed: a package found installed with this file
/// beside it is a previous run's leftover (safe to purge), without it someone's real kiosk.
const MARKER: &str = "/var/lib/qebul-kiosk-install-test";

/// The files the package must install (besides the icons and the desktop entry).
const FILES: &[&str] = &[
    "/usr/bin/qebul-kiosk",
    "/usr/sbin/qebul-kiosk-admin",
    "/usr/lib/qebul-kiosk/kiosk-session",
    "/lib/systemd/system/qebul-kiosk.service",
    "/usr/share/qebul-kiosk/kiosk.toml",
];
const UNIT: &str = "/lib/systemd/system/qebul-kiosk.service";
const BOOT_LINK: &str = "/etc/systemd/system/graphical.target.wants/qebul-kiosk.service";
const CONFIG: &str = "/etc/qebul-kiosk/kiosk.toml";
const HOME: &str = "/var/lib/qebul-kiosk";
const LOG_DIR: &str = "/var/log/qebul-kiosk";
/// The groups the kiosk user joins, where the machine has them (a container has no `render`).
const GROUPS: &[&str] = &["input", "lp", "dialout", "audio", "video", "render"];
/// What a dependency of the package must bring for the kiosk to run at all.
const DEPENDS: &[&str] = &[
    "cage",
    // cage 0.1.4 (Debian 12) exits at start when it cannot run Xwayland.
    "xwayland",
    "gnome-keyring",
    "dbus",
    "libwebkit2gtk-4.1-0",
    "espeak-ng",
];

/// The doctor's checks that must pass against the demo server, each a counted case: its line
/// of `doctor`'s output, "OK   <name> — <detail>".
const DOCTOR_CHECKS: &[&str] = &[
    "server",
    "catalog",
    "keyring",
    "database",
    "printer",
    "card reader",
    "disk",
    "clock",
];

/// The `package` suite: build the deb from the binary the suite built, install it with apt,
/// check it, enroll and run doctor against a demo server, purge it, check it is gone.
pub fn install_test(root: &Path) -> Result<Cases> {
    let mut cases = Cases::default();
    let user_is_root = sh("test \"$(id -u)\" = 0").ok;
    if !user_is_root {
        cases.check(
            "runs as root",
            Err("the install test installs a package: run `cargo xtask test` as root".into()),
        );
        return Ok(cases);
    }
    if installed() {
        if Path::new(MARKER).exists() {
            println!("==> purging the package a previous install test left");
            let _ = sh(&format!("apt-get purge -y -q {PACKAGE}"));
        } else {
            cases.check(
                "no kiosk installed before the test",
                Err(format!(
                    "{PACKAGE} is installed on this machine and was not installed by this test: \
                     the test would replace and purge it. Remove it first (apt-get purge {PACKAGE})."
                )),
            );
            return Ok(cases);
        }
    }

    let deb = build_deb(root, Profile::Debug);
    let deb = match deb {
        Ok(deb) => {
            cases.check("the deb builds", Ok(()));
            deb
        }
        Err(e) => {
            cases.check("the deb builds", Err(format!("{e:#}")));
            return Ok(cases);
        }
    };
    let size = std::fs::metadata(&deb).map(|m| m.len()).unwrap_or(0);
    println!(
        "    {} ({:.1} MiB)",
        deb.display(),
        size as f64 / (1024.0 * 1024.0)
    );
    cases.check("the deb names its dependencies", control_depends(&deb));

    std::fs::write(
        MARKER,
        "qebul-kiosk installed by `cargo xtask test` (package suite)\n",
    )?;
    let install = apt_install(&deb);
    let after_install = [
        "its files are installed",
        "the binary runs",
        "the kiosk user exists",
        "its folders and configuration",
        "the unit verifies",
        "the unit starts at boot",
    ];
    if !cases.check("apt-get install ./deb", install) {
        cases.not_run(&after_install, "the package did not install");
        let later = enrolled_cases();
        let later: Vec<&str> = later.iter().map(String::as_str).collect();
        cases.not_run(&later, "the package did not install");
    } else {
        cases.check(after_install[0], installed_files());
        cases.check(after_install[1], binary_runs());
        cases.check(after_install[2], user_exists());
        cases.check(after_install[3], folders_and_config());
        cases.check(after_install[4], unit_verifies());
        cases.check(after_install[5], enabled_at_boot());
        enroll_and_doctor(root, &mut cases)?;
    }

    let purged = sh(&format!("apt-get purge -y -q {PACKAGE}")).expect_ok("apt-get purge");
    let purged_ok = cases.check("apt-get purge", purged.map(|_| ()));
    if purged_ok {
        cases.check("its files are gone", files_gone());
        cases.check("the unit is gone", unit_gone());
        cases.check("the kiosk user is gone", user_gone());
        let _ = std::fs::remove_file(MARKER);
    } else {
        cases.not_run(
            &[
                "its files are gone",
                "the unit is gone",
                "the kiosk user is gone",
            ],
            "the purge failed",
        );
    }
    Ok(cases)
}

fn control_depends(deb: &Path) -> std::result::Result<(), String> {
    let ran = run(
        Command::new("dpkg-deb")
            .arg("--field")
            .arg(deb)
            .args(["Package", "Depends"]),
        None,
    );
    let out = ran.expect_ok("dpkg-deb --field")?;
    if !out.contains(&format!("Package: {PACKAGE}\n")) {
        return Err(format!("the package is not named {PACKAGE}:\n{out}"));
    }
    let depends: Vec<String> = out
        .lines()
        .find_map(|l| l.strip_prefix("Depends:"))
        .unwrap_or_default()
        .split(',')
        .map(|d| d.trim().to_owned())
        .collect();
    let missing: Vec<&&str> = DEPENDS
        .iter()
        .filter(|d| !depends.iter().any(|x| x == **d))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("Depends lacks {missing:?}: {depends:?}"))
    }
}

/// `apt-get install -y ./deb`: its dependencies come from the registry. Once more after
/// `apt-get update` when the package lists are missing or stale.
fn apt_install(deb: &Path) -> std::result::Result<(), String> {
    let install = || {
        run(
            Command::new("apt-get")
                .args(["install", "-y", "-q"])
                .arg(deb)
                .env("DEBIAN_FRONTEND", "noninteractive"),
            None,
        )
    };
    let first = install();
    if first.ok {
        return Ok(());
    }
    println!("    (apt-get install failed; updating the package lists and trying again)");
    sh("apt-get update -q").expect_ok("apt-get update")?;
    install().expect_ok("apt-get install").map(|_| ())
}

fn installed_files() -> std::result::Result<(), String> {
    let listed = run(Command::new("dpkg").args(["-L", PACKAGE]), None).expect_ok("dpkg -L")?;
    let problems: Vec<String> = FILES
        .iter()
        .filter_map(|f| {
            if !listed.lines().any(|l| l == *f) {
                Some(format!("{f} is not in dpkg -L"))
            } else if !Path::new(f).exists() {
                Some(format!("{f} is listed but absent"))
            } else {
                None
            }
        })
        .chain(
            [
                "/usr/bin/qebul-kiosk",
                "/usr/sbin/qebul-kiosk-admin",
                "/usr/lib/qebul-kiosk/kiosk-session",
            ]
            .iter()
            .filter(|f| !sh(&format!("test -x {f}")).ok)
            .map(|f| format!("{f} is not executable")),
        )
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn binary_runs() -> std::result::Result<(), String> {
    let out = run(Command::new("/usr/bin/qebul-kiosk").arg("--version"), None)
        .expect_ok("qebul-kiosk --version")?;
    if out.starts_with("qebul-kiosk ") {
        Ok(())
    } else {
        Err(format!("qebul-kiosk --version printed {out:?}"))
    }
}

fn user_exists() -> std::result::Result<(), String> {
    let passwd = sh("getent passwd qebul-kiosk").expect_ok("getent passwd qebul-kiosk")?;
    let fields: Vec<&str> = passwd.trim().split(':').collect();
    if fields.get(5) != Some(&HOME) {
        return Err(format!("its home is not {HOME}: {passwd}"));
    }
    let uid: u32 = fields
        .get(2)
        .and_then(|u| u.parse().ok())
        .unwrap_or(u32::MAX);
    if uid >= 1000 {
        return Err(format!("not a system user (uid {uid})"));
    }
    let groups = sh("id -nG qebul-kiosk").expect_ok("id -nG qebul-kiosk")?;
    let missing: Vec<&&str> = GROUPS
        .iter()
        .filter(|g| sh(&format!("getent group {g} >/dev/null")).ok)
        .filter(|g| !groups.split_whitespace().any(|x| x == **g))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "not in the groups {missing:?} (member of: {})",
            groups.trim()
        ))
    }
}

fn folders_and_config() -> std::result::Result<(), String> {
    let mut problems = Vec::new();
    for (dir, owner) in [(HOME, "qebul-kiosk"), (LOG_DIR, "qebul-kiosk")] {
        let stat = sh(&format!("stat -c %U {dir}"));
        if !stat.ok || stat.out.trim() != owner {
            problems.push(format!(
                "{dir} is not a folder of {owner}: {}",
                stat.out.trim()
            ));
        }
    }
    let shipped = std::fs::read("/usr/share/qebul-kiosk/kiosk.toml");
    let config = std::fs::read(CONFIG);
    match (shipped, config) {
        (Ok(a), Ok(b)) if a == b => {}
        (_, Err(e)) => problems.push(format!("{CONFIG}: {e}")),
        _ => problems.push(format!("{CONFIG} is not the packaged default")),
    }
    let password = sh("stat -c '%U:%G %a' /etc/qebul-kiosk/keyring-password");
    if password.out.trim() != "root:qebul-kiosk 640" {
        problems.push(format!(
            "/etc/qebul-kiosk/keyring-password is not root:qebul-kiosk 640: {}",
            password.out.trim()
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// `systemd-analyze verify` works without a running systemd (as in CI's container): it loads
/// the unit and what it names, and fails on a bad directive or a missing executable. Its
/// exit code alone is not enough (an unknown key is only a warning), so any line naming the
/// unit fails the case too.
fn unit_verifies() -> std::result::Result<(), String> {
    let ran = run(
        Command::new("systemd-analyze").args(["verify", "--man=no", UNIT]),
        None,
    );
    let ours: Vec<&str> = ran
        .out
        .lines()
        .filter(|l| l.contains("qebul-kiosk"))
        .collect();
    if ran.ok && ours.is_empty() {
        Ok(())
    } else {
        Err(format!("systemd-analyze verify {UNIT}:\n{}", ran.out))
    }
}

fn enabled_at_boot() -> std::result::Result<(), String> {
    match std::fs::read_link(BOOT_LINK) {
        Ok(to) if to == Path::new(UNIT) => Ok(()),
        Ok(to) => Err(format!("{BOOT_LINK} points to {}", to.display())),
        Err(e) => Err(format!(
            "{BOOT_LINK}: {e} (postinst did not enable the unit)"
        )),
    }
}

fn files_gone() -> std::result::Result<(), String> {
    let left: Vec<&str> = FILES
        .iter()
        .chain(&[CONFIG, "/etc/qebul-kiosk", HOME, LOG_DIR])
        .copied()
        .filter(|f| Path::new(f).exists())
        .collect();
    if !left.is_empty() {
        return Err(format!("still there after the purge: {left:?}"));
    }
    if sh(&format!("dpkg-query -W {PACKAGE} 2>/dev/null")).ok {
        return Err(format!("dpkg still knows {PACKAGE}"));
    }
    Ok(())
}

fn unit_gone() -> std::result::Result<(), String> {
    let left: Vec<&str> = [UNIT, BOOT_LINK]
        .into_iter()
        .filter(|f| Path::new(f).exists() || std::fs::read_link(f).is_ok())
        .collect();
    if left.is_empty() {
        Ok(())
    } else {
        Err(format!("still there after the purge: {left:?}"))
    }
}

fn user_gone() -> std::result::Result<(), String> {
    let mut left = Vec::new();
    if sh("getent passwd qebul-kiosk").ok {
        left.push("the user qebul-kiosk");
    }
    if sh("getent group qebul-kiosk").ok {
        left.push("the group qebul-kiosk");
    }
    if left.is_empty() {
        Ok(())
    } else {
        Err(format!("still there after the purge: {}", left.join(", ")))
    }
}

/// The reference server's demo on a loopback port, ended with the test.
struct DemoServer {
    child: std::process::Child,
    url: String,
    code: String,
    _dir: TempDir,
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A folder removed when dropped.
struct TempDir(PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl DemoServer {
    fn start(root: &Path) -> Result<DemoServer> {
        let server = target_dir(root)?.join("debug/qebul-server");
        let dir = TempDir(
            std::env::temp_dir().join(format!("qebul-package-test-{}", std::process::id())),
        );
        let _ = std::fs::remove_dir_all(&dir.0);
        std::fs::create_dir_all(&dir.0)?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let mut child = Command::new(&server)
            .arg("demo")
            .arg("--db")
            .arg(dir.0.join("server.db"))
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", server.display()))?;
        // "demo server on http://…; enrollment code CODE; catalog key HEX"
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            BufReader::new(out).read_line(&mut line)?;
        }
        let code = line
            .split(';')
            .find_map(|part| part.trim().strip_prefix("enrollment code "))
            .map(str::to_owned);
        let mut demo = DemoServer {
            child,
            url: format!("http://127.0.0.1:{port}"),
            code: String::new(),
            _dir: dir,
        };
        demo.code = code.with_context(|| format!("qebul-server demo printed {line:?}"))?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                bail!("qebul-server demo did not listen on port {port}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(demo)
    }
}

/// The technician's configuration for the test: the demo server, a virtual printer writing
/// into the kiosk's home, no card reader.
fn test_config(server: &str) -> String {
    format!(
        "# Written by the install test (cargo xtask test, package suite).\n\
         server = \"{server}\"\n\
         printer = \"virtual:{HOME}/test-notices\"\n\
         card_reader = \"none\"\n"
    )
}

/// The cases of [`enroll_and_doctor`], in order: all counted as failed when it cannot run.
fn enrolled_cases() -> Vec<String> {
    ["enroll", "doctor exits 0"]
        .into_iter()
        .map(str::to_owned)
        .chain(DOCTOR_CHECKS.iter().map(|c| format!("doctor: {c}")))
        .chain(
            [
                "print-test",
                "export-audit --output",
                "the kiosk session starts under cage",
            ]
            .map(str::to_owned),
        )
        .collect()
}

/// Enrolls the installed kiosk with a demo server through `qebul-kiosk-admin`, as a technician
/// would, then runs `qebul-kiosk-admin doctor`: each of its checks is a case.
fn enroll_and_doctor(root: &Path, cases: &mut Cases) -> Result<()> {
    let later = enrolled_cases();
    let later: Vec<&str> = later.iter().map(String::as_str).collect();
    let server = match DemoServer::start(root) {
        Ok(s) => s,
        Err(e) => {
            cases.check("the demo server starts", Err(format!("{e:#}")));
            cases.not_run(&later, "no demo server");
            return Ok(());
        }
    };
    std::fs::write(CONFIG, test_config(&server.url))?;
    let _ = std::fs::create_dir_all(format!("{HOME}/test-notices"));
    let _ = sh(&format!("chown qebul-kiosk: {HOME}/test-notices"));

    let enroll = run(
        admin().args([
            "enroll",
            "--server",
            &server.url,
            "--code",
            &server.code,
            "--staff-name",
            "Install Test",
        ]),
        // The first staff member's PIN, asked twice.
        Some("2468\n2468\n"),
    );
    if !cases.check(
        "enroll",
        enroll.expect_ok("qebul-kiosk-admin enroll").map(|_| ()),
    ) {
        cases.not_run(&later[1..], "enrollment failed");
        return Ok(());
    }
    let doctor = run(admin().arg("doctor"), None);
    for line in doctor.out.lines() {
        println!("    | {line}");
    }
    cases.check(
        "doctor exits 0",
        if doctor.ok {
            Ok(())
        } else {
            Err("qebul-kiosk-admin doctor exited non-zero".into())
        },
    );
    for check in DOCTOR_CHECKS {
        cases.check(&format!("doctor: {check}"), doctor_line(&doctor.out, check));
    }
    cases.check("print-test", print_test());
    cases.check("export-audit --output", export_audit());
    cases.check("the kiosk session starts under cage", session_starts());
    drop(server);
    Ok(())
}

/// The session the unit starts (kiosk-session → D-Bus and keyring → cage → `qebul-kiosk
/// --config …`), as the kiosk user, on cage's headless backend (no screen, no seat here): it
/// passes once the kiosk's web view runs (a WebKitWebProcess of the kiosk user), which needs the
/// keyring unlocked, the store opened and the window made; it fails if the session ends first.
fn session_starts() -> std::result::Result<(), String> {
    use std::os::unix::process::CommandExt;
    let runtime =
        TempDir(std::env::temp_dir().join(format!("qebul-package-session-{}", std::process::id())));
    let log =
        std::env::temp_dir().join(format!("qebul-package-session-{}.log", std::process::id()));
    let prepared = std::fs::create_dir_all(&runtime.0)
        .and_then(|()| std::fs::File::create(&log))
        .map_err(|e| e.to_string())?;
    let err = prepared.try_clone().map_err(|e| e.to_string())?;
    sh(&format!(
        "chown qebul-kiosk: {0} && chmod 0700 {0}",
        runtime.0.display()
    ))
    .expect_ok("preparing the runtime folder")?;
    let child = Command::new("runuser")
        .args(["-u", "qebul-kiosk", "--", "env"])
        .arg(format!("HOME={HOME}"))
        .arg(format!("XDG_RUNTIME_DIR={}", runtime.0.display()))
        .args([
            "WLR_BACKENDS=headless",
            "WLR_RENDERER=pixman",
            "WLR_LIBINPUT_NO_DEVICES=1",
            "/usr/lib/qebul-kiosk/kiosk-session",
        ])
        .current_dir("/")
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(prepared)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("runuser: {e}"))?;
    let mut session = SessionGroup(child);
    let deadline = Instant::now() + Duration::from_secs(120);
    let result = loop {
        if sh("pgrep -u qebul-kiosk WebKitWebProces >/dev/null").ok {
            break Ok(());
        }
        if let Ok(Some(status)) = session.0.try_wait() {
            break Err(format!(
                "the session ended ({status}) before the kiosk showed its page"
            ));
        }
        if Instant::now() > deadline {
            break Err("no web view of the kiosk after 120 s".to_owned());
        }
        std::thread::sleep(Duration::from_millis(250));
    };
    drop(session);
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let _ = std::fs::remove_file(&log);
    result.map_err(|e| format!("{e}; its output:\n{}", tail(&text, 25)))
}

/// The session's process group (runuser, the bus, cage, the kiosk, WebKit's processes), ended
/// together when dropped.
struct SessionGroup(std::process::Child);
impl Drop for SessionGroup {
    fn drop(&mut self) {
        let Ok(group) = i32::try_from(self.0.id()) else {
            return;
        };
        // SAFETY: killpg only sends a signal, to the group this child leads.
        unsafe { libc::killpg(group, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while matches!(self.0.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        // SAFETY: as above; whatever ignored SIGTERM ends now.
        unsafe { libc::killpg(group, libc::SIGKILL) };
        let _ = self.0.wait();
    }
}

/// `qebul-kiosk-admin print-test` on the test's virtual printer: it exits 0 and a page appears.
fn print_test() -> std::result::Result<(), String> {
    let notices = Path::new(HOME).join("test-notices");
    let count = || std::fs::read_dir(&notices).map(|d| d.count()).unwrap_or(0);
    let before = count();
    run(admin().arg("print-test"), None).expect_ok("qebul-kiosk-admin print-test")?;
    if count() > before {
        Ok(())
    } else {
        Err(format!(
            "print-test wrote nothing into {}",
            notices.display()
        ))
    }
}

/// `qebul-kiosk-admin export-audit --output FILE` writes FILE as root, where the technician
/// stands, from the CSV the kiosk user's command prints: its first line is the header.
fn export_audit() -> std::result::Result<(), String> {
    let dir =
        TempDir(std::env::temp_dir().join(format!("qebul-package-audit-{}", std::process::id())));
    std::fs::create_dir_all(&dir.0).map_err(|e| e.to_string())?;
    run(
        admin()
            .args(["export-audit", "--output", "audit.csv"])
            .current_dir(&dir.0),
        None,
    )
    .expect_ok("qebul-kiosk-admin export-audit --output audit.csv")?;
    let csv = std::fs::read_to_string(dir.0.join("audit.csv"))
        .map_err(|e| format!("audit.csv in the current folder: {e}"))?;
    match csv.lines().next() {
        Some(header) if header.starts_with("at_utc,") => Ok(()),
        other => Err(format!(
            "audit.csv does not start with its header: {other:?}"
        )),
    }
}

/// `qebul-kiosk-admin`, stopped if it hangs (a prompt waiting for a terminal, a lost server).
fn admin() -> Command {
    let mut cmd = Command::new("timeout");
    cmd.args(["--kill-after=10", "180", "/usr/sbin/qebul-kiosk-admin"]);
    cmd
}

/// Doctor's line for `check`, "OK   <check> — <detail>", must say OK.
fn doctor_line(out: &str, check: &str) -> std::result::Result<(), String> {
    let named = |l: &&str| {
        let (status, rest) = l.trim_start().split_once(' ').unwrap_or_default();
        matches!(status, "OK" | "FAIL")
            && rest
                .split('—')
                .next()
                .is_some_and(|name| name.trim() == check)
    };
    match out.lines().find(named) {
        Some(l) if l.trim_start().starts_with("OK") => Ok(()),
        Some(l) => {
            // The failure and its "→ what to do" line.
            let next = out
                .lines()
                .skip_while(|x| *x != l)
                .nth(1)
                .filter(|n| n.contains('→'))
                .unwrap_or_default();
            Err(format!("{l}\n{next}"))
        }
        None => Err(format!("doctor printed no line for the {check} check")),
    }
}

#[cfg(test)]
mod tests {
    use super::doctor_line;

    #[test]
    fn a_doctor_check_passes_only_on_its_own_ok_line() {
        let out = "OK    server — http://127.0.0.1:1 answers\n\
                   FAIL  printer — paper out\n      → load paper\n\
                   OK    disk — 40 GiB free on the server's disk\n\
                   OK    card reader — none configured\n";
        assert!(doctor_line(out, "server").is_ok());
        assert!(doctor_line(out, "disk").is_ok());
        assert!(doctor_line(out, "card reader").is_ok());
        let printer = doctor_line(out, "printer").unwrap_err();
        assert!(printer.contains("paper out") && printer.contains("load paper"));
        assert!(doctor_line(out, "clock").is_err());
    }
}
