//! The database key in a REAL Secret Service: gnome-keyring under `dbus-run-session`.
//!
//! Each test runs the child binary `qebul-store-keyring-child` (tests/support/keyring_child.rs)
//! inside a private D-Bus session with a freshly unlocked gnome-keyring whose files live in a
//! temporary `XDG_DATA_HOME`, and asserts its exit status and its "CHILD-OK <phase>" line.
//! Children are killed after 60 s.
//!
//! Needs `dbus-run-session` (package dbus) and `gnome-keyring-daemon` (package gnome-keyring).

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "QEBUL_KEYRING_CHILD";
const DIR_ENV: &str = "QEBUL_KEYRING_DIR";
const CHILD: &str = env!("CARGO_BIN_EXE_qebul-store-keyring-child");
const PASSWORD: &str = "qebul-kiosk-test-password";
const CHILD_TIME_LIMIT: Duration = Duration::from_secs(60);

struct Run {
    /// `None`: killed at the time limit.
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn assert_ok(&self, phase: &str) {
        eprintln!(
            "[child {phase}] exit {:?}\n{}{}",
            self.code, self.stdout, self.stderr
        );
        assert!(
            self.code == Some(0) && self.stdout.contains(&format!("CHILD-OK {phase}\n")),
            "child phase {phase} failed (exit {:?}; None = killed after {CHILD_TIME_LIMIT:?})\n\
             --- stdout ---\n{}\n--- stderr ---\n{}",
            self.code,
            self.stdout,
            self.stderr
        );
    }
}

fn require_tool(name: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .stdout(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(found, "{name} is not installed: apt-get install dbus gnome-keyring (this test needs a real Secret Service)");
}

/// Runs `cmd` with output to files in `dir`, killing its whole process group after the limit.
fn run_limited(mut cmd: Command, dir: &Path, label: &str) -> Run {
    let out_path = dir.join(format!("{label}.stdout"));
    let err_path = dir.join(format!("{label}.stderr"));
    cmd.stdin(Stdio::null())
        .stdout(File::create(&out_path).unwrap())
        .stderr(File::create(&err_path).unwrap())
        .process_group(0);
    let mut child = cmd.spawn().expect("spawn child");
    let start = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait for child") {
            break status.code();
        }
        if start.elapsed() > CHILD_TIME_LIMIT {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Run {
        code,
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    }
}

struct Sandbox {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        for d in ["data", "home", "run", "work"] {
            std::fs::create_dir(root.join(d)).unwrap();
        }
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(root.join("run"), std::fs::Permissions::from_mode(0o700)).unwrap();
        Sandbox { _tmp: tmp, root }
    }

    fn child_command(&self, program: &str, phase: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env(CHILD_ENV, phase)
            .env(DIR_ENV, self.root.join("work"))
            .env("HOME", self.root.join("home"))
            .env("XDG_DATA_HOME", self.root.join("data"))
            .env("XDG_RUNTIME_DIR", self.root.join("run"))
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("GNOME_KEYRING_CONTROL")
            // No display: a keyring unlock prompt must fail at once, never wait for a click.
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
        cmd
    }

    /// One child phase in a new D-Bus session whose gnome-keyring is unlocked with `password`.
    fn in_session(&self, phase: &str, password: &str) -> Run {
        let script =
            "printf %s \"$PW\" | gnome-keyring-daemon --unlock --components=secrets >/dev/null \
             2>>\"$QEBUL_KEYRING_DIR/gnome-keyring.log\"; exec \"$0\"";
        let mut cmd = self.child_command("dbus-run-session", phase);
        cmd.args(["--", "sh", "-c", script])
            .arg(CHILD)
            .env("PW", password);
        run_limited(cmd, &self.root, phase)
    }
}

#[test]
fn real_secret_service_keeps_the_key_across_sessions() {
    require_tool("dbus-run-session");
    require_tool("gnome-keyring-daemon");
    let sandbox = Sandbox::new();

    sandbox.in_session("first", PASSWORD).assert_ok("first");
    let keyrings: Vec<_> = std::fs::read_dir(sandbox.root.join("data/keyrings"))
        .expect("gnome-keyring wrote its keyring under XDG_DATA_HOME")
        .collect();
    assert!(!keyrings.is_empty());

    // A new session, same keyring files and password: the key is still there.
    sandbox.in_session("second", PASSWORD).assert_ok("second");

    // A new session unlocked with the wrong password: the keyring stays locked.
    sandbox
        .in_session("locked", "not-the-password")
        .assert_ok("locked");
}

#[test]
fn without_a_session_bus_the_error_is_no_keyring() {
    let sandbox = Sandbox::new();
    let cmd = sandbox.child_command(CHILD, "nobus");
    let run = run_limited(cmd, &sandbox.root, "nobus");
    run.assert_ok("nobus");
}
