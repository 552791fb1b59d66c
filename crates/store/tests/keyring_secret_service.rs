//! The database key in a REAL Secret Service: gnome-keyring under `dbus-run-session`.
//!
//! Each parent test re-runs this test executable as a child (`--exact keyring_child`) inside a
//! private D-Bus session with a freshly unlocked gnome-keyring whose files live in a temporary
//! `XDG_DATA_HOME`. `keyring_child` does nothing unless `QEBUL_KEYRING_CHILD` names a phase; the
//! parent asserts the child's exit status and its "CHILD-OK <phase>" line, so the check cannot
//! pass by being skipped. Children are killed after 60 s.
//!
//! Needs `dbus-run-session` (package dbus) and `gnome-keyring-daemon` (package gnome-keyring).

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use qebul_store::key::{
    database_key, open_connection, DbKey, KeyError, KeyStore, KeyringKeyStore, OpenError,
    DB_KEY_NAME, SERVER_CREDENTIAL_NAME,
};

const CHILD_ENV: &str = "QEBUL_KEYRING_CHILD";
const DIR_ENV: &str = "QEBUL_KEYRING_DIR";
const CHILD_TEST: &str = "keyring_child";
const PASSWORD: &str = "qebul-kiosk-test-password";
const CHILD_TIME_LIMIT: Duration = Duration::from_secs(60);
const CREDENTIAL: &str = "kiosk-0007:7f3c9b1e-test-token";

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
        let exe = std::env::current_exe().unwrap();
        let script = format!(
            "printf %s \"$PW\" | gnome-keyring-daemon --unlock --components=secrets >/dev/null \
             2>>\"$QEBUL_KEYRING_DIR/gnome-keyring.log\"; exec \"$0\" --exact {CHILD_TEST} --nocapture"
        );
        let mut cmd = self.child_command("dbus-run-session", phase);
        cmd.args(["--", "sh", "-c", &script])
            .arg(exe)
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
    let exe = std::env::current_exe().unwrap();
    let mut cmd = sandbox.child_command(exe.to_str().unwrap(), "nobus");
    cmd.args(["--exact", CHILD_TEST, "--nocapture"]);
    let run = run_limited(cmd, &sandbox.root, "nobus");
    run.assert_ok("nobus");
}

/// The child half: returns at once unless a parent test started it (see the module docs).
#[test]
fn keyring_child() {
    let Ok(phase) = std::env::var(CHILD_ENV) else {
        return;
    };
    let dir = PathBuf::from(std::env::var(DIR_ENV).expect("work dir"));
    let db = dir.join("store.db");
    let expected_key = dir.join("expected-key.hex"); // test only: lets the next session compare
    let store = KeyringKeyStore::new();

    let refuses_wrong_key = |db: &Path| {
        let err = open_connection(db, &DbKey::random_for_tests()).unwrap_err();
        assert!(matches!(err, OpenError::WrongKey { .. }), "{err:?}");
    };

    match phase.as_str() {
        "first" => {
            assert!(!db.exists());
            assert_eq!(store.load(DB_KEY_NAME).unwrap(), None);
            let key = database_key(&store, &db).expect("first start creates and saves the key");
            assert_eq!(store.load(DB_KEY_NAME).unwrap(), Some(key.clone()));
            assert_eq!(
                KeyringKeyStore::new().load(DB_KEY_NAME).unwrap(),
                Some(key.clone())
            );
            let conn = open_connection(&db, &key).unwrap();
            conn.execute_batch(
                "CREATE TABLE booking(name TEXT); INSERT INTO booking VALUES ('Məmmədova Aynur');",
            )
            .unwrap();
            drop(conn);
            store
                .save_secret(SERVER_CREDENTIAL_NAME, CREDENTIAL)
                .unwrap();
            assert_eq!(
                store
                    .load_secret(SERVER_CREDENTIAL_NAME)
                    .unwrap()
                    .as_deref(),
                Some(CREDENTIAL)
            );
            assert_eq!(
                database_key(&store, &db).unwrap(),
                key,
                "second call, same key"
            );
            refuses_wrong_key(&db);
            std::fs::write(&expected_key, key.to_hex()).unwrap();
        }
        "second" => {
            assert!(db.exists());
            let want = DbKey::from_hex(&std::fs::read_to_string(&expected_key).unwrap()).unwrap();
            let key = store
                .load(DB_KEY_NAME)
                .unwrap()
                .expect("the key persisted across sessions");
            assert_eq!(key, want);
            assert_eq!(database_key(&store, &db).unwrap(), want);
            let conn = open_connection(&db, &key).unwrap();
            let name: String = conn
                .query_row("SELECT name FROM booking", [], |r| r.get(0))
                .unwrap();
            assert_eq!(name, "Məmmədova Aynur");
            drop(conn);
            assert_eq!(
                store
                    .load_secret(SERVER_CREDENTIAL_NAME)
                    .unwrap()
                    .as_deref(),
                Some(CREDENTIAL)
            );
            refuses_wrong_key(&db);
        }
        "locked" => {
            let before = std::fs::read(&db).unwrap();
            let err = database_key(&store, &db).unwrap_err();
            assert!(matches!(err, KeyError::KeyringLocked { .. }), "{err:?}");
            assert!(err.to_string().contains("locked"), "{err}");
            assert_eq!(std::fs::read(&db).unwrap(), before);
        }
        "nobus" => {
            let err = database_key(&store, &db).unwrap_err();
            assert!(matches!(err, KeyError::NoKeyring { .. }), "{err:?}");
            assert!(
                err.to_string().starts_with("no OS keyring reachable"),
                "{err}"
            );
            assert!(!db.exists(), "no database may be created without a key");
        }
        other => panic!("unknown phase {other}"),
    }
    println!("CHILD-OK {phase}");
}
