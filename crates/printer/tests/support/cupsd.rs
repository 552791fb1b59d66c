//! A private, real cupsd for tests: its own configuration, spool, state and logs in a temporary
//! folder, listening on a free port of 127.0.0.1, stopped on drop.
//!
//! libcups (and so the `printers` crate) is pointed at it with `CUPS_SERVER`, and `TMPDIR` is
//! pointed at a folder of the fixture's own so a test can see whether a transport leaves
//! temporary files behind. Both are process-wide, so a global lock makes tests that change them
//! take turns: under cargo-nextest (one process per test) it is never contended; under plain
//! `cargo test` it serialises the CUPS tests of one binary. libcups reads `CUPS_SERVER` once per
//! thread, and each test runs on a new thread, so a test always talks to its own cupsd.
//!
//! cupsd runs as root (the tests do) and runs backends as `lp`: the temporary folder is made
//! traversable for it. A port taken in the meantime by another process shows in cupsd's log
//! ("Unable to open listen socket"; cupsd itself keeps running, listening nowhere): the fixture
//! then stops it and retries with another port.

use std::ffi::OsString;
use std::fs;
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long cupsd may take to start: it takes well under a second, but a loaded machine can be
/// slow and a false failure costs more than a slow one.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// How long cupsd may take to stop after SIGTERM before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

static CUPS_ENV: Mutex<()> = Mutex::new(());

/// Process-wide environment changes for the duration of one test, restored on drop.
pub struct EnvGuard {
    previous: Vec<(&'static str, Option<OsString>)>,
    _lock: MutexGuard<'static, ()>,
}

impl EnvGuard {
    /// Takes the lock; nothing changed yet.
    fn lock() -> EnvGuard {
        // A test that panicked while holding the lock restored the environment when unwinding.
        let lock = CUPS_ENV.lock().unwrap_or_else(|e| e.into_inner());
        EnvGuard {
            previous: Vec::new(),
            _lock: lock,
        }
    }

    /// Sets `vars` until drop.
    fn set(&mut self, vars: &[(&'static str, &str)]) {
        for &(name, value) in vars {
            self.previous.push((name, std::env::var_os(name)));
            std::env::set_var(name, value);
        }
    }
}

impl Drop for EnvGuard {
    fn drop(&mut self) {
        for (name, old) in self.previous.drain(..).rev() {
            match old {
                Some(value) => std::env::set_var(name, value),
                None => std::env::remove_var(name),
            }
        }
    }
}

/// Points libcups at a port where nothing listens: "no cupsd running".
pub fn no_cupsd() -> EnvGuard {
    let mut env = EnvGuard::lock();
    env.set(&[("CUPS_SERVER", &format!("127.0.0.1:{}", free_port()))]);
    env
}

/// A running private cupsd.
pub struct Cupsd {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
    // Dropped last, once the daemon is gone and `dir` removed: restores CUPS_SERVER and
    // TMPDIR, then lets the next test start its cupsd.
    _env: EnvGuard,
}

impl Cupsd {
    /// Starts a cupsd of the test's own and points this process's libcups at it.
    ///
    /// Panics, naming the Debian package to install, if CUPS is not installed: a CUPS test
    /// must never pass by not running.
    pub fn start() -> Cupsd {
        let cupsd = find_program("cupsd", "cups-daemon");
        for tool in ["lpadmin", "lpstat", "cupsdisable", "cupsenable", "cancel"] {
            find_program(tool, "cups-client");
        }
        // Before anything else: the previous test's TMPDIR is restored by then.
        let mut env = EnvGuard::lock();
        let dir = tempfile::Builder::new()
            .prefix("qebul-cupsd-")
            .tempdir()
            .expect("create the cupsd folder");
        // The backends run as lp and must reach the spool inside.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        for sub in [
            "root",
            "spool",
            "cache",
            "state",
            "tmp",
            "log",
            "client-tmp",
        ] {
            fs::create_dir(dir.path().join(sub)).unwrap();
        }

        let mut attempts = 0;
        let (child, port) = loop {
            attempts += 1;
            let port = free_port();
            write_config(dir.path(), port);
            match launch(&cupsd, dir.path(), port) {
                Ok(child) => break (child, port),
                Err(log) if attempts < 5 && log.contains("Unable to open listen socket") => {
                    continue
                }
                Err(log) => panic!("cupsd did not start:\n{log}"),
            }
        };
        let client_tmp = dir.path().join("client-tmp");
        env.set(&[
            ("CUPS_SERVER", &format!("127.0.0.1:{port}")),
            ("TMPDIR", client_tmp.to_str().unwrap()),
        ]);
        Cupsd {
            child,
            port,
            dir,
            _env: env,
        }
    }

    /// `127.0.0.1:<port>`, as `-h` and `CUPS_SERVER` take it.
    pub fn server(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The folder the process's `TMPDIR` points at while this cupsd runs.
    pub fn client_temp_dir(&self) -> PathBuf {
        self.dir.path().join("client-tmp")
    }

    /// Adds an enabled, accepting raw queue printing to `device_uri`, with `-o` options.
    pub fn add_raw_queue(&self, name: &str, device_uri: &str, options: &[&str]) {
        let mut args = vec!["-p", name, "-E", "-v", device_uri, "-m", "raw"];
        for option in options {
            args.extend(["-o", option]);
        }
        self.run("lpadmin", &args);
    }

    /// Runs a CUPS command-line tool against this cupsd; panics with its output on failure.
    pub fn run(&self, program: &str, args: &[&str]) -> String {
        let server = self.server();
        let output = Command::new(program)
            .args(["-h", &server])
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("run {program}: {e}"));
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "{program} {args:?} failed ({}): {stdout}{}\ncupsd's log:\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr),
            self.log()
        );
        stdout
    }

    /// The jobs of `queue` not yet finished, as `lpstat -o` lists them.
    pub fn active_jobs(&self, queue: &str) -> String {
        self.run("lpstat", &["-W", "not-completed", "-o", queue])
    }

    /// cupsd's error log so far.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("log/error_log")).unwrap_or_default()
    }
}

impl Drop for Cupsd {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: cupsd then stops its backends, which would otherwise outlive it
        // (a socket backend retrying a dead printer retries for days).
        // SAFETY: signalling our own child by its pid.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
            }
        }
        if std::thread::panicking() {
            eprintln!("cupsd's log:\n{}", self.log());
        }
    }
}

/// A port that was free a moment ago. Another process may take it before cupsd does; then
/// [`Cupsd::start`] tries another.
fn free_port() -> u16 {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").expect("find a free port");
    socket.local_addr().unwrap().port()
}

/// The path of `program`, or a panic naming the Debian package that provides it.
pub fn find_program(program: &str, package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::env::split_paths(&path).chain(["/usr/sbin".into(), "/sbin".into()]);
    for dir in dirs {
        let candidate = dir.join(program);
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!(
        "{program} is not installed, and the CUPS tests need a real cupsd: install the Debian \
         package {package} (apt-get install cups-daemon cups-client)"
    );
}

fn write_config(dir: &Path, port: u16) {
    let d = dir.display();
    // No authentication anywhere: this cupsd only listens on 127.0.0.1 for one test.
    let cupsd_conf = format!(
        "Listen 127.0.0.1:{port}\n\
         LogLevel debug\n\
         MaxLogSize 0\n\
         Browsing No\n\
         WebInterface No\n\
         DefaultAuthType None\n\
         <Location />\n  Order allow,deny\n  Allow all\n</Location>\n\
         <Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
    );
    let files_conf = format!(
        "ServerRoot {d}/root\n\
         RequestRoot {d}/spool\n\
         CacheDir {d}/cache\n\
         StateDir {d}/state\n\
         TempDir {d}/tmp\n\
         Printcap {d}/state/printcap\n\
         ErrorLog {d}/log/error_log\n\
         AccessLog {d}/log/access_log\n\
         PageLog {d}/log/page_log\n"
    );
    fs::write(dir.join("cupsd.conf"), cupsd_conf).unwrap();
    fs::write(dir.join("cups-files.conf"), files_conf).unwrap();
    let _ = fs::remove_file(dir.join("log/error_log"));
}

/// Starts cupsd and waits until it listens on `port`; `Err(log)` if it exits or never does.
fn launch(cupsd: &Path, dir: &Path, port: u16) -> Result<Child, String> {
    let output = |name: &str| {
        fs::File::create(dir.join("log").join(name))
            .map(Stdio::from)
            .unwrap()
    };
    let mut command = Command::new(cupsd);
    command
        .arg("-f")
        .arg("-c")
        .arg(dir.join("cupsd.conf"))
        .arg("-s")
        .arg(dir.join("cups-files.conf"))
        .stdin(Stdio::null())
        .stdout(output("stdout"))
        .stderr(output("stderr"));
    // SAFETY: prctl is async-signal-safe. If the test process dies without dropping the
    // fixture (killed by a timeout), cupsd gets SIGTERM instead of living on.
    unsafe {
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
            Ok(())
        });
    }
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", cupsd.display()));
    let log_file = dir.join("log/error_log");
    let listening = format!("Listening to 127.0.0.1:{port} ");
    let deadline = Instant::now() + START_TIMEOUT;
    let read_log = || {
        let mut log = fs::read_to_string(&log_file).unwrap_or_default();
        for name in ["stdout", "stderr"] {
            log.push_str(&fs::read_to_string(dir.join("log").join(name)).unwrap_or_default());
        }
        log
    };
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("cupsd exited ({status}):\n{}", read_log()));
        }
        let log = fs::read_to_string(&log_file).unwrap_or_default();
        if log.contains(&listening) && TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(child);
        }
        if log.contains("Unable to open listen socket") || Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "cupsd did not listen on port {port} (waited at most {START_TIMEOUT:?}):\n{}",
                read_log()
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
