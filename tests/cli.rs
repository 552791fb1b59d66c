//! The technician's command line, through the real binary: a configuration file that cannot be
//! used (exit 2, the file, line and key named), `doctor` on a broken setup (exit 1, each part
//! named with what to do), and a kiosk enrolled, checked, printed on and audited in a real
//! Secret Service (gnome-keyring under `dbus-run-session`, as `qebul-kiosk-admin` runs it).
//! Needs `dbus-run-session` (package dbus) and `gnome-keyring-daemon` (package gnome-keyring).

use std::fs::File;
use std::io::Write as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::Parser as _;

const BIN: &str = env!("CARGO_BIN_EXE_qebul-kiosk");
const PASSWORD: &str = "qebul-kiosk-test-password";
/// A run that takes longer is killed (and fails its test).
const TIME_LIMIT: Duration = Duration::from_secs(90);

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// A kiosk's folders in a temporary directory, and a keyring of its own.
struct Sandbox {
    tmp: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let tmp = tempfile::tempdir().expect("dir");
        for d in ["home", "xdg-data", "run", "logs"] {
            std::fs::create_dir(tmp.path().join(d)).expect("dir");
        }
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(
            tmp.path().join("run"),
            std::fs::Permissions::from_mode(0o700),
        )
        .expect("chmod");
        Sandbox { tmp }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// Writes `kiosk.toml` with `body` and the sandbox's log folder and data folder.
    fn config(&self, body: &str) -> PathBuf {
        let path = self.path("kiosk.toml");
        let text = format!(
            "log_dir = {:?}\ndata_dir = {:?}\n{body}",
            self.path("logs"),
            self.path("kiosk-data")
        );
        std::fs::write(&path, text).expect("config written");
        path
    }

    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .env("XDG_STATE_HOME", self.path("home/state"))
            .env("XDG_RUNTIME_DIR", self.path("run"))
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("GNOME_KEYRING_CONTROL")
            .env_remove("RUST_LOG")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
        cmd
    }

    /// The binary with `args`, outside any D-Bus session.
    fn kiosk(&self, args: &[&str]) -> Run {
        let mut cmd = self.command(BIN);
        cmd.args(args);
        run_limited(cmd, self.tmp.path(), "")
    }

    /// The binary with `args` in a new D-Bus session with the sandbox's gnome-keyring unlocked
    /// (its files persist between sessions), `stdin` on its standard input.
    fn kiosk_in_keyring(&self, args: &[&str], stdin: &str) -> Run {
        let script =
            "printf %s \"$PW\" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; \
             exec \"$0\" \"$@\"";
        let mut cmd = self.command("dbus-run-session");
        cmd.args(["--", "sh", "-c", script, BIN])
            .args(args)
            .env("PW", PASSWORD);
        run_limited(cmd, self.tmp.path(), stdin)
    }
}

/// Runs `cmd` with `stdin`, its output to files in `dir`, killing its process group after the
/// time limit.
fn run_limited(mut cmd: Command, dir: &Path, stdin: &str) -> Run {
    let out = dir.join("run.stdout");
    let err = dir.join("run.stderr");
    cmd.stdin(Stdio::piped())
        .stdout(File::create(&out).expect("stdout file"))
        .stderr(File::create(&err).expect("stderr file"))
        .process_group(0);
    let mut child = cmd.spawn().expect("the binary starts");
    if let Some(mut input) = child.stdin.take() {
        // A child that exits without reading is fine.
        let _ = input.write_all(stdin.as_bytes());
    }
    let start = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code();
        }
        if start.elapsed() > TIME_LIMIT {
            kill_group(child.id());
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Run {
        code,
        stdout: std::fs::read_to_string(&out).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err).unwrap_or_default(),
    }
}

/// Kills process group `pid` (the child and what it started: D-Bus, gnome-keyring).
fn kill_group(pid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .status();
}

fn require_tool(name: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "{name} is not installed: apt-get install dbus gnome-keyring (this test needs a real \
         Secret Service)"
    );
}

/// A loopback port nobody listens on.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

#[test]
fn a_configuration_error_names_the_file_line_and_key_and_exits_2() {
    let s = Sandbox::new();
    let cases = [
        (
            "idle_seconds = 60\n\nprintr = \"tcp:10.0.0.9\"\n",
            "kiosk.toml line 3: unknown key `printr`",
        ),
        (
            "idle_seconds = 2\n",
            "kiosk.toml line 1, key `idle_seconds`: must be 5–3600",
        ),
        ("speech = \"loud\"\n", "kiosk.toml line 1, key `speech`: "),
        ("\n[printer\n", "kiosk.toml line 2"),
    ];
    for (text, expected) in cases {
        let path = s.path("kiosk.toml");
        std::fs::write(&path, text).expect("written");
        for args in [vec!["doctor"], vec![]] {
            let mut argv = vec!["--config", path.to_str().expect("utf-8")];
            argv.extend(args);
            let run = s.kiosk(&argv);
            assert_eq!(run.code, Some(2), "{text:?}: {run}");
            assert!(run.stderr.contains(expected), "{text:?}: {run}");
            assert!(run.stdout.is_empty(), "nothing ran: {run}");
        }
    }
    let run = s.kiosk(&["--config", "/nonexistent/kiosk.toml", "doctor"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(
        run.stderr
            .contains("cannot read the configuration file /nonexistent/kiosk.toml"),
        "{run}"
    );
}

#[test]
fn doctor_on_a_broken_setup_names_each_failure_and_exits_1() {
    let s = Sandbox::new();
    let config = s.config(&format!(
        "server = \"http://127.0.0.1:{}\"\nprinter = \"tcp:127.0.0.1:{}\"\n\
         card_reader = \"serial:{}\"\n",
        closed_port(),
        closed_port(),
        s.path("ttyACM9").display()
    ));
    let run = s.kiosk(&["--config", config.to_str().expect("utf-8"), "doctor"]);
    println!("{run}");
    assert_eq!(run.code, Some(1), "{run}");
    for line in [
        "FAIL server — cannot reach http://127.0.0.1:",
        "FAIL catalog — not checked",
        "FAIL keyring — no OS keyring answers",
        "FAIL database — no database at ",
        "FAIL printer — ",
        "FAIL card reader — serial ",
        "OK   disk — ",
        "FAIL clock — not checked",
        "     → ",
        "7 of 8 checks failed",
    ] {
        assert!(run.stdout.contains(line), "{line:?} missing: {run}");
    }
    // Doctor creates nothing; the day's log file is written.
    assert!(!s.path("kiosk-data").exists());
    let logs: Vec<_> = std::fs::read_dir(s.path("logs"))
        .expect("the log folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        logs.iter()
            .any(|f| f.starts_with("qebul-kiosk.") && f.ends_with(".log")),
        "{logs:?}"
    );
}

#[test]
fn the_kiosk_without_a_server_anywhere_refuses_to_start() {
    let s = Sandbox::new();
    let config = s.config("idle_seconds = 60\n");
    let mut cmd = s.command(BIN);
    // A display, so the refusal is the missing server's (and no window opens: it comes first).
    cmd.args(["--config", config.to_str().expect("utf-8")])
        .env("DISPLAY", ":97");
    let run = run_limited(cmd, s.tmp.path(), "");
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains("no central server"), "{run}");
}

#[test]
fn flags_override_the_configuration_file() {
    let file = qebul_app::ops::Settings::parse(
        "idle_seconds = 60\nprinter = \"tcp:10.0.0.9\"\nserver = \"http://10.0.0.1:8700\"\n\
         staff_idle_seconds = 300\nspeech = \"off\"\n",
        "kiosk.toml",
    )
    .expect("parses");
    let args = |argv: &[&str]| qebul_kiosk::Args::try_parse_from(argv).expect("parses");
    let c = args(&["qebul-kiosk"]).config_over(&file);
    assert_eq!(c.session.idle, Duration::from_secs(60));
    assert_eq!(c.staff_idle, Duration::from_secs(300));
    assert_eq!(c.server.as_deref(), Some("http://10.0.0.1:8700"));
    assert_eq!(c.printer, Some("tcp:10.0.0.9".parse().expect("spec")));
    assert_eq!(c.speech, qebul_app::SpeechOutput::Off);
    let c = args(&[
        "qebul-kiosk",
        "--idle-seconds",
        "30",
        "--printer",
        "device:/dev/usb/lp0",
        "--server",
        "http://10.0.0.2:8700",
    ])
    .config_over(&file);
    assert_eq!(c.session.idle, Duration::from_secs(30));
    assert_eq!(
        c.printer,
        Some("device:/dev/usb/lp0".parse().expect("spec"))
    );
    assert_eq!(c.server.as_deref(), Some("http://10.0.0.2:8700"));
    // Without a file, the flags over the documented defaults (as before the file existed).
    let c = args(&["qebul-kiosk", "--demo"]).config();
    assert_eq!(c.session.idle, Duration::from_secs(90));
    assert_eq!(c.staff_idle, Duration::from_secs(120));
    assert_eq!(c.card_reader, None, "the demo's simulated reader");
    // The subcommands take the kiosk's flags after them too.
    let a = args(&[
        "qebul-kiosk",
        "doctor",
        "--config",
        "/x.toml",
        "--server",
        "http://h",
    ]);
    assert!(matches!(a.command, Some(qebul_kiosk::cli::Command::Doctor)));
    assert_eq!(a.config.as_deref(), Some(Path::new("/x.toml")));
}

#[test]
fn enroll_doctor_print_test_and_export_audit_in_a_real_keyring() {
    require_tool("dbus-run-session");
    require_tool("gnome-keyring-daemon");
    let s = Sandbox::new();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let server_dir = s.path("server");
    std::fs::create_dir(&server_dir).expect("dir");
    let server = rt
        .block_on(qebul_server::EmbeddedServer::start_demo(&server_dir))
        .expect("the reference server starts");
    let printer = qebul_printer::EmulatedPrinter::start().expect("the printer emulator");
    let config = s.config(&format!(
        "server = {:?}\nprinter = \"tcp:{}\"\ncard_reader = \"none\"\n",
        server.base_url(),
        printer.address()
    ));
    let config = config.to_str().expect("utf-8");

    // Before enrollment doctor says what to do.
    let run = s.kiosk_in_keyring(&["--config", config, "doctor"], "");
    assert_eq!(run.code, Some(1), "{run}");
    assert!(
        run.stdout
            .contains("FAIL keyring — missing the device token"),
        "{run}"
    );
    assert!(run.stdout.contains("qebul-kiosk enroll"), "{run}");

    // A PIN too short is refused before the code is spent.
    let enroll = |pin: &str| {
        s.kiosk_in_keyring(
            &[
                "--config",
                config,
                "enroll",
                "--code",
                &server.enrollment_code,
                "--staff-name",
                "Məmmədova Aynur",
            ],
            pin,
        )
    };
    let run = enroll("12\n");
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains("4 to 8 digits"), "{run}");
    let run = enroll("2468\n");
    assert_eq!(run.code, Some(0), "{run}");
    assert!(
        run.stdout.contains("Enrolled with http://127.0.0.1:"),
        "{run}"
    );

    // Enrolled: every check passes, in a new session reading the same keyring.
    let run = s.kiosk_in_keyring(&["--config", config, "doctor"], "");
    println!("{run}");
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stdout.ends_with("All 8 checks passed.\n"), "{run}");

    // The printer runs out of paper: doctor and print-test name it.
    printer.run_out_of_paper_after(0);
    let run = s.kiosk_in_keyring(&["--config", config, "doctor"], "");
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stdout.contains("FAIL printer — "), "{run}");
    assert!(run.stdout.contains(": paper out\n"), "{run}");
    let run = s.kiosk_in_keyring(&["--config", config, "print-test"], "");
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains("out of paper"), "{run}");
    printer.load_paper();
    let run = s.kiosk_in_keyring(&["--config", config, "print-test"], "");
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stdout.contains("Printed a test page"), "{run}");
    assert_eq!(printer.take_pages().len(), 1);

    // The audit log, to a file and from a day on.
    let csv = s.path("audit.csv");
    let run = s.kiosk_in_keyring(
        &[
            "--config",
            config,
            "export-audit",
            "--since",
            "2020-01-01",
            "--output",
            csv.to_str().expect("utf-8"),
        ],
        "",
    );
    assert_eq!(run.code, Some(0), "{run}");
    let text = std::fs::read_to_string(&csv).expect("the CSV");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("at_utc,at_baku,actor,action,subject,detail")
    );
    assert!(
        lines.any(|l| l.contains("staff-enrolled") && l.contains("Məmmədova Aynur")),
        "{text}"
    );
    let run = s.kiosk_in_keyring(
        &["--config", config, "export-audit", "--since", "2999-01-01"],
        "",
    );
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(
        run.stdout, "at_utc,at_baku,actor,action,subject,detail\n",
        "{run}"
    );
    drop(server);
}
