//! A throwaway PostgreSQL cluster for tests and benchmarks, started by the tests themselves.
//!
//! [`PgCluster::start`] runs Debian's own binaries (`/usr/lib/postgresql/<major>/bin`, the highest
//! major installed; `apt-get install postgresql`): `initdb` into a fresh temporary folder, then
//! `postgres` listening on 127.0.0.1 only, on a free port, with its unix socket inside that
//! folder. Nothing system-wide is touched: no service, no port 5432, no `pg_ctlcluster`.
//! Authentication is `trust` for the superuser `postgres`; the cluster is UTF-8 with the
//! `C.UTF-8` locale, so sorting does not depend on the machine.
//!
//! `fsync` stays on by default: benchmarks measure durable commits, and a fixture that quietly
//! turned durability off would make them lie. [`PgClusterBuilder::fsync`] turns it off for tests
//! that only need a database. (`initdb` itself runs with `--no-sync`: the empty cluster it writes
//! is thrown away with the folder, and nothing measured happens before the server is up.)
//!
//! PostgreSQL refuses to run as root. When the tests run as root (containers, CI), `initdb` and
//! `postgres` run as the `postgres` system user that Debian's package creates, and the folder is
//! handed to that user. Client tools (`psql`, `createdb`, `pgbench`) run as the caller: they only
//! connect over TCP.
//!
//! Dropping the [`PgCluster`] stops the server (immediate shutdown) and removes the folder. If
//! the test process dies without unwinding (SIGKILL, abort, a harness timeout), a small watchdog
//! (`sh`, holding the read end of a pipe the process kept open) notices, stops the server and
//! removes the folder, so no orphan keeps a port or a data directory.
//!
//! ```no_run
//! let pg = qebul_pg_fixture::PgCluster::start()?;
//! let url = pg.create_database("bookings")?; // postgres://postgres@127.0.0.1:PORT/bookings
//! let status = pg.command("psql").args(["-d", "bookings", "-c", "select 1"]).status()?;
//! assert!(status.success());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::ffi::CString;
use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// Where Debian installs each PostgreSQL major version (`/usr/lib/postgresql/15/bin`, ...).
const DEBIAN_PG_ROOT: &str = "/usr/lib/postgresql";
/// Overrides the binaries' folder (a folder holding `initdb`, `postgres`, `psql`, ...).
pub const BIN_DIR_ENV: &str = "QEBUL_PG_BIN_DIR";
/// The Debian package that provides the server, `initdb`, `psql`, `createdb` and `pgbench`.
pub const DEBIAN_PACKAGE: &str = "postgresql";
/// The superuser `initdb` creates, and the system user the server runs as under root.
pub const SUPERUSER: &str = "postgres";
const SYSTEM_USER: &str = "postgres";
/// How many times a start is retried when the free port found was taken in the meantime.
const PORT_ATTEMPTS: u32 = 5;

#[derive(Debug, thiserror::Error)]
pub enum PgFixtureError {
    #[error(
        "PostgreSQL's binaries were not found ({looked_in}); install Debian's server package with: \
         apt-get install postgresql"
    )]
    BinariesNotFound { looked_in: String },
    #[error(
        "running as root, and PostgreSQL refuses to run as root, but there is no `postgres` system \
         user to run it as; Debian's package creates it: apt-get install postgresql"
    )]
    NoSystemUser,
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("`{command}` failed ({status}):\n{output}")]
    CommandFailed {
        command: String,
        status: ExitStatus,
        output: String,
    },
    #[error("PostgreSQL exited while starting ({status}); the end of its log:\n{log_tail}")]
    ServerExited {
        status: ExitStatus,
        log_tail: String,
    },
    #[error(
        "PostgreSQL did not accept connections within {timeout:?}; the end of its log:\n{log_tail}"
    )]
    StartTimeout { timeout: Duration, log_tail: String },
    #[error(
        "{0:?} is not a database name this fixture creates (1-63 ASCII letters, digits, '_', '-')"
    )]
    InvalidDatabaseName(String),
}

type Result<T, E = PgFixtureError> = std::result::Result<T, E>;

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> PgFixtureError {
    let what = what.into();
    move |source| PgFixtureError::Io { what, source }
}

/// Options for [`PgCluster`]; [`PgCluster::start`] is `PgCluster::builder().start()`.
#[derive(Debug, Clone)]
pub struct PgClusterBuilder {
    fsync: bool,
    settings: Vec<(String, String)>,
    startup_timeout: Duration,
    parent_dir: Option<PathBuf>,
}

impl Default for PgClusterBuilder {
    fn default() -> Self {
        Self {
            fsync: true,
            settings: Vec::new(),
            startup_timeout: Duration::from_secs(30),
            parent_dir: None,
        }
    }
}

impl PgClusterBuilder {
    /// `fsync` (with `synchronous_commit` and `full_page_writes` following it). On by default;
    /// turn it off only where durability is not what the test is about.
    pub fn fsync(mut self, on: bool) -> Self {
        self.fsync = on;
        self
    }

    /// Any other server setting, passed as `-c name=value` (after the fixture's own, so it wins).
    pub fn setting(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.settings.push((name.into(), value.into()));
        self
    }

    /// How long to wait for the server to accept connections (30 s by default).
    pub fn startup_timeout(mut self, timeout: Duration) -> Self {
        self.startup_timeout = timeout;
        self
    }

    /// Where the cluster's temporary folder goes (default: `TMPDIR`, else `/tmp`). Benchmarks of
    /// durable commits want a real disk here, not a tmpfs where fsync costs nothing. Under root
    /// the `postgres` user must be able to reach it (every parent folder searchable).
    pub fn parent_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.parent_dir = Some(dir.into());
        self
    }

    pub fn start(self) -> Result<PgCluster> {
        PgCluster::start_with(self)
    }
}

/// A running throwaway cluster; dropping it stops the server and removes its folder.
#[derive(Debug)]
pub struct PgCluster {
    // Field order matters only for the folder: `dir` is dropped (removed) after `Drop::drop`
    // has stopped the server.
    server: Child,
    watchdog: Option<(Child, ChildStdin)>,
    port: u16,
    bin_dir: PathBuf,
    data_dir: PathBuf,
    log: PathBuf,
    startup: Duration,
    dir: tempfile::TempDir,
}

impl PgCluster {
    /// Starts a cluster with the defaults (fsync on, 30 s startup timeout).
    pub fn start() -> Result<Self> {
        Self::builder().start()
    }

    pub fn builder() -> PgClusterBuilder {
        PgClusterBuilder::default()
    }

    fn start_with(options: PgClusterBuilder) -> Result<Self> {
        let began = Instant::now();
        let bin_dir = find_bin_dir()?;
        let run_as = if unsafe { libc::geteuid() } == 0 {
            Some(system_user()?)
        } else {
            None
        };

        let mut builder = tempfile::Builder::new();
        builder.prefix("qebul-pg-");
        let dir = match &options.parent_dir {
            Some(parent) => builder.tempdir_in(parent),
            None => builder.tempdir(),
        }
        .map_err(io("creating the cluster's temporary folder"))?;
        if let Some(user) = run_as {
            std::os::unix::fs::chown(dir.path(), Some(user.uid), Some(user.gid)).map_err(io(
                format!("handing {} to the postgres user", dir.path().display()),
            ))?;
        }
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700))
            .map_err(io("restricting the cluster's folder"))?;
        let data_dir = dir.path().join("data");
        let log = dir.path().join("postgres.log");

        let mut initdb = server_command(&bin_dir, "initdb", run_as, dir.path());
        initdb
            .arg("-D")
            .arg(&data_dir)
            .args(["-A", "trust", "-U", SUPERUSER, "-E", "UTF8"])
            .args(["--locale=C.UTF-8", "--no-sync", "--no-instructions"]);
        run(initdb)?;

        let mut last_error = None;
        for _ in 0..PORT_ATTEMPTS {
            let port = free_port()?;
            let log_file = File::create(&log).map_err(io("creating the server log"))?;
            if let Some(user) = run_as {
                std::os::unix::fs::chown(&log, Some(user.uid), Some(user.gid))
                    .map_err(io("handing the server log to the postgres user"))?;
            }
            let mut postgres = server_command(&bin_dir, "postgres", run_as, dir.path());
            postgres
                .arg("-D")
                .arg(&data_dir)
                .arg("-p")
                .arg(port.to_string());
            let socket_dir = dir.path().display().to_string();
            let fsync = if options.fsync { "on" } else { "off" };
            let settings = [
                ("listen_addresses", "127.0.0.1"),
                ("unix_socket_directories", socket_dir.as_str()),
                ("fsync", fsync),
                ("synchronous_commit", fsync),
                ("full_page_writes", fsync),
                ("logging_collector", "off"),
            ];
            let extra = options
                .settings
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()));
            for (name, value) in settings.into_iter().chain(extra) {
                postgres.arg("-c").arg(format!("{name}={value}"));
            }
            let stderr = log_file.try_clone().map_err(io("opening the server log"))?;
            postgres
                .stdin(Stdio::null())
                .stdout(log_file)
                .stderr(stderr)
                // Its own process group: a Ctrl-C meant for the tests does not reach it
                // half-way; the watchdog or Drop stops it.
                .process_group(0);
            let mut server = postgres.spawn().map_err(io(format!(
                "starting {}",
                bin_dir.join("postgres").display()
            )))?;
            let watchdog = spawn_watchdog(server.id(), dir.path()).ok();

            match wait_ready(&mut server, &data_dir, port, &log, options.startup_timeout) {
                Ok(()) => {
                    return Ok(PgCluster {
                        server,
                        watchdog,
                        port,
                        bin_dir,
                        data_dir,
                        log,
                        startup: began.elapsed(),
                        dir,
                    });
                }
                Err(error) => {
                    stop(&mut server, watchdog);
                    let port_taken = matches!(&error, PgFixtureError::ServerExited { log_tail, .. }
                        if log_tail.contains("could not bind") || log_tail.contains("already in use"));
                    if !port_taken {
                        return Err(error);
                    }
                    last_error = Some(error);
                }
            }
        }
        Err(last_error.expect("at least one attempt"))
    }

    /// `postgres://postgres@127.0.0.1:PORT/postgres`
    pub fn url(&self) -> String {
        self.url_for("postgres")
    }

    /// `postgres://postgres@127.0.0.1:PORT/<database>`
    pub fn url_for(&self, database: &str) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/{database}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The folder of `psql`, `createdb`, `pgbench`, ... of the same major version as the server.
    pub fn bin_dir(&self) -> &Path {
        &self.bin_dir
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The temporary folder holding the data directory, the unix socket and the log.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The server's log (its stdout and stderr).
    pub fn log_path(&self) -> &Path {
        &self.log
    }

    /// How long `start` took, from finding the binaries to the server accepting connections.
    pub fn startup_time(&self) -> Duration {
        self.startup
    }

    /// A client tool of this cluster's version (`psql`, `pgbench`, `pg_dump`, ...) with
    /// `PGHOST`, `PGPORT`, `PGUSER` and `PGDATABASE` pointing at it (over TCP).
    pub fn command(&self, tool: &str) -> Command {
        let mut command = Command::new(self.bin_dir.join(tool));
        for var in [
            "PGSERVICE",
            "PGSERVICEFILE",
            "PGPASSWORD",
            "PGOPTIONS",
            "PGHOSTADDR",
        ] {
            command.env_remove(var);
        }
        command
            .env("PGHOST", "127.0.0.1")
            .env("PGPORT", self.port.to_string())
            .env("PGUSER", SUPERUSER)
            .env("PGDATABASE", "postgres")
            .env("PGCONNECT_TIMEOUT", "10")
            .stdin(Stdio::null());
        command
    }

    /// Runs `psql -X -v ON_ERROR_STOP=1 -At -c <sql>` on `database` and returns its output.
    pub fn psql(&self, database: &str, sql: &str) -> Result<String> {
        let mut psql = self.command("psql");
        psql.args([
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-A",
            "-t",
            "-d",
            database,
            "-c",
            sql,
        ]);
        let output = run(psql)?;
        Ok(String::from_utf8_lossy(&output.stdout)
            .trim_end()
            .to_owned())
    }

    /// Creates a database (with `createdb`) and returns its URL.
    pub fn create_database(&self, name: &str) -> Result<String> {
        let valid = !name.is_empty()
            && name.len() <= 63
            && !name.starts_with('-')
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !valid {
            return Err(PgFixtureError::InvalidDatabaseName(name.to_owned()));
        }
        let mut createdb = self.command("createdb");
        createdb.arg(name);
        run(createdb)?;
        Ok(self.url_for(name))
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        stop(&mut self.server, self.watchdog.take());
        // `self.dir` (a TempDir) removes the folder when it is dropped, right after this.
    }
}

/// Stops the watchdog first (so it cannot signal a recycled pid later), then the server with
/// SIGQUIT (PostgreSQL's immediate shutdown), then SIGKILL if it lingers.
fn stop(server: &mut Child, watchdog: Option<(Child, ChildStdin)>) {
    if let Some((mut child, stdin)) = watchdog {
        let _ = child.kill();
        let _ = child.wait();
        drop(stdin);
    }
    if let Ok(None) = server.try_wait() {
        unsafe { libc::kill(server.id() as libc::pid_t, libc::SIGQUIT) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            match server.try_wait() {
                Ok(Some(_)) | Err(_) => return,
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        let _ = server.kill();
        let _ = server.wait();
    }
}

/// `sh` reading a pipe that only this process writes: end of file means the process is gone
/// (however it died); then it stops the server and removes the folder.
fn spawn_watchdog(server_pid: u32, dir: &Path) -> std::io::Result<(Child, ChildStdin)> {
    let script = r#"read _ignored
kill -QUIT "$1" 2>/dev/null
i=0
while kill -0 "$1" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i+1)); done
kill -KILL "$1" 2>/dev/null
rm -rf -- "$2""#;
    let mut child = Command::new("/bin/sh")
        .args(["-c", script, "qebul-pg-watchdog"])
        .arg(server_pid.to_string())
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()?;
    let stdin = child.stdin.take().expect("piped stdin");
    Ok((child, stdin))
}

/// Waits until `postmaster.pid` says "ready" (what `pg_ctl -w` checks) and the port answers.
fn wait_ready(
    server: &mut Child,
    data_dir: &Path,
    port: u16,
    log: &Path,
    timeout: Duration,
) -> Result<()> {
    let deadline = Instant::now() + timeout;
    let pid_file = data_dir.join("postmaster.pid");
    loop {
        if let Some(status) = server.try_wait().map_err(io("waiting for postgres"))? {
            return Err(PgFixtureError::ServerExited {
                status,
                log_tail: log_tail(log),
            });
        }
        let ready = fs::read_to_string(&pid_file)
            .map(|text| text.lines().nth(7).map(str::trim) == Some("ready"))
            .unwrap_or(false);
        if ready && TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(PgFixtureError::StartTimeout {
                timeout,
                log_tail: log_tail(log),
            });
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The last 4 KiB of the server log.
fn log_tail(log: &Path) -> String {
    let mut text = Vec::new();
    if let Ok(mut file) = File::open(log) {
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        let _ = file.seek(SeekFrom::Start(len.saturating_sub(4096)));
        let _ = file.read_to_end(&mut text);
    }
    let text = String::from_utf8_lossy(&text).into_owned();
    if text.trim().is_empty() {
        "(the log is empty)".into()
    } else {
        text
    }
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(io("finding a free port on 127.0.0.1"))?;
    let port = listener
        .local_addr()
        .map_err(io("finding a free port on 127.0.0.1"))?
        .port();
    Ok(port)
}

/// `$QEBUL_PG_BIN_DIR`, or the highest `/usr/lib/postgresql/<major>/bin` holding the server.
fn find_bin_dir() -> Result<PathBuf> {
    let complete = |dir: &Path| {
        ["initdb", "postgres", "psql", "createdb"]
            .iter()
            .all(|tool| dir.join(tool).is_file())
    };
    if let Some(dir) = std::env::var_os(BIN_DIR_ENV) {
        let dir = PathBuf::from(dir);
        if complete(&dir) {
            return Ok(dir);
        }
        return Err(PgFixtureError::BinariesNotFound {
            looked_in: format!(
                "{BIN_DIR_ENV}={} lacks initdb, postgres, psql or createdb",
                dir.display()
            ),
        });
    }
    let mut majors: Vec<(u32, PathBuf)> = fs::read_dir(DEBIAN_PG_ROOT)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let major = entry.file_name().to_str()?.parse::<u32>().ok()?;
            Some((major, entry.path().join("bin")))
        })
        .filter(|(_, bin)| complete(bin))
        .collect();
    majors.sort();
    majors
        .pop()
        .map(|(_, bin)| bin)
        .ok_or_else(|| PgFixtureError::BinariesNotFound {
            looked_in: format!(
                "no {DEBIAN_PG_ROOT}/<major>/bin with initdb, postgres, psql and createdb"
            ),
        })
}

#[derive(Debug, Clone, Copy)]
struct SystemUser {
    uid: u32,
    gid: u32,
}

fn system_user() -> Result<SystemUser> {
    let name = CString::new(SYSTEM_USER).expect("no NUL");
    // getpwnam is not thread-safe, but the fields are copied out at once; tests starting
    // clusters in parallel threads only ever look up this one user.
    let entry = unsafe { libc::getpwnam(name.as_ptr()) };
    if entry.is_null() {
        return Err(PgFixtureError::NoSystemUser);
    }
    let (uid, gid) = unsafe { ((*entry).pw_uid, (*entry).pw_gid) };
    Ok(SystemUser { uid, gid })
}

/// A server-side binary, run as the postgres user when we are root, from inside the folder
/// (so it never tries to read a working directory that user cannot enter).
fn server_command(bin_dir: &Path, tool: &str, run_as: Option<SystemUser>, cwd: &Path) -> Command {
    let mut command = Command::new(bin_dir.join(tool));
    command
        .current_dir(cwd)
        .env_remove("PGDATA")
        .stdin(Stdio::null());
    if let Some(user) = run_as {
        // std drops supplementary groups (setgroups(0)) when root sets a uid.
        command
            .uid(user.uid)
            .gid(user.gid)
            .env("HOME", cwd)
            .env("USER", SYSTEM_USER);
    }
    command
}

/// Runs a command to completion; a failure carries its output.
fn run(mut command: Command) -> Result<Output> {
    let shown = format!(
        "{} {}",
        command.get_program().to_string_lossy(),
        command
            .get_args()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let output = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(io(format!("running {shown}")))?;
    if !output.status.success() {
        return Err(PgFixtureError::CommandFailed {
            command: shown,
            status: output.status,
            output: format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        });
    }
    Ok(output)
}
