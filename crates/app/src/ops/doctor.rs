//! `qebul-kiosk doctor`: every part a kiosk needs, checked from the technician's terminal, each
//! as one line "OK/FAIL <what> — <detail>" and, for a failure, a line saying what to do. The
//! checks go through the kiosk's own types (its key store, its store, its printers and readers,
//! its server client), so a check that passes means the kiosk will find the same part working.
//!
//! Doctor changes nothing: it creates no key, no database and no folder, and opens the store
//! without migrating it (so it can run beside the kiosk without failing a job it is printing).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use qebul_idcard::reader::{CardReader, ReaderEvent};
use qebul_idcard::{PcscConfig, PcscReader, ReaderSpec, SerialConfig, SerialReader};
use qebul_printer::{PrinterSpec, PrinterStatus};
use qebul_protocol::{parse_public_key, public_key_hex, VerifyingKey};
use qebul_store::key::{
    open_connection, KeyError, KeyStore, OpenError, DB_KEY_NAME, KIOSK_ID_NAME,
    SERVER_CREDENTIAL_NAME,
};
use qebul_sync::{CatalogFetch, ServerClient, SyncError};

use crate::kiosk::CATALOG_KEY_NAME;

/// How long the server gets to answer doctor's requests.
const SERVER_WAIT: Duration = Duration::from_secs(10);
/// How long a card reader gets to say whether it is there.
const READER_WAIT: Duration = Duration::from_secs(3);

/// The store's file name inside the data folder (as [`crate::kiosk`] opens it).
const DATABASE_FILE: &str = "kiosk.db";

/// How one check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Fail,
}

/// One line of doctor's report: what was checked, what was found, and for a failure what a
/// technician does about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub outcome: Outcome,
    /// `server`, `catalog`, `keyring`, `database`, `printer`, `card reader`, `disk`, `clock`.
    pub what: &'static str,
    pub detail: String,
    /// What to do (failures only).
    pub todo: Option<String>,
}

impl Check {
    pub fn ok(what: &'static str, detail: impl Into<String>) -> Check {
        Check {
            outcome: Outcome::Ok,
            what,
            detail: detail.into(),
            todo: None,
        }
    }

    pub fn fail(what: &'static str, detail: impl Into<String>, todo: impl Into<String>) -> Check {
        Check {
            outcome: Outcome::Fail,
            what,
            detail: detail.into(),
            todo: Some(todo.into()),
        }
    }

    pub fn is_ok(&self) -> bool {
        self.outcome == Outcome::Ok
    }
}

/// Whether every check passed (doctor's exit code).
pub fn all_ok(checks: &[Check]) -> bool {
    checks.iter().all(Check::is_ok)
}

/// The report as the technician reads it: one line per check, an arrow line under each
/// failure, and a last line counting them.
pub fn render(checks: &[Check]) -> String {
    let mut out = String::new();
    for check in checks {
        let word = match check.outcome {
            Outcome::Ok => "OK  ",
            Outcome::Fail => "FAIL",
        };
        out.push_str(&format!("{word} {} — {}\n", check.what, check.detail));
        if let Some(todo) = &check.todo {
            out.push_str(&format!("     → {todo}\n"));
        }
    }
    let failed = checks.iter().filter(|c| !c.is_ok()).count();
    if failed == 0 {
        out.push_str(&format!("All {} checks passed.\n", checks.len()));
    } else {
        out.push_str(&format!(
            "{failed} of {} checks failed: fix the lines marked FAIL, then run doctor again.\n",
            checks.len()
        ));
    }
    out
}

/// What doctor checks: the kiosk's configuration after the file and the flags.
#[derive(Debug, Clone)]
pub struct DoctorSetup {
    pub server: Option<String>,
    pub data_dir: PathBuf,
    pub printer: Option<PrinterSpec>,
    pub card_reader: ReaderSpec,
    /// FAIL under this many bytes free where the store is.
    pub min_free_bytes: u64,
    /// FAIL when the kiosk's clock and the server's differ by more.
    pub max_clock_skew: Duration,
}

/// Runs every check, in the order the report shows them.
pub async fn run(setup: &DoctorSetup, keys: &dyn KeyStore) -> Vec<Check> {
    let secrets = Secrets::read(keys);
    let reply = ask_server(setup.server.as_deref()).await;
    let catalog = check_catalog(&reply, &secrets).await;
    let printer = check_printer(setup.printer.clone()).await;
    let reader = check_card_reader(setup.card_reader.clone()).await;
    vec![
        reply.check.clone(),
        catalog,
        secrets.check(),
        check_database(keys, &setup.data_dir),
        printer,
        reader,
        check_disk(&setup.data_dir, setup.min_free_bytes),
        check_clock(&reply, setup.max_clock_skew),
    ]
}

// ---- keyring ------------------------------------------------------------------------------------

/// What the keyring holds for this kiosk.
struct Secrets {
    token: Option<String>,
    pinned: Option<VerifyingKey>,
    kiosk_id: Option<String>,
    has_db_key: bool,
    /// Why the keyring could not be read (or an entry is unusable).
    error: Option<KeyError>,
    bad_catalog_key: bool,
}

impl Secrets {
    fn read(keys: &dyn KeyStore) -> Secrets {
        let mut secrets = Secrets {
            token: None,
            pinned: None,
            kiosk_id: None,
            has_db_key: false,
            error: None,
            bad_catalog_key: false,
        };
        let read = || -> Result<_, KeyError> {
            Ok((
                keys.load_secret(SERVER_CREDENTIAL_NAME)?,
                keys.load_secret(CATALOG_KEY_NAME)?,
                keys.load_secret(KIOSK_ID_NAME)?,
                keys.load(DB_KEY_NAME)?.is_some(),
            ))
        };
        match read() {
            Ok((token, catalog_key, kiosk_id, has_db_key)) => {
                secrets.token = token;
                secrets.kiosk_id = kiosk_id;
                secrets.has_db_key = has_db_key;
                if let Some(hex) = catalog_key {
                    match parse_public_key(&hex) {
                        Ok(key) => secrets.pinned = Some(key),
                        Err(_) => secrets.bad_catalog_key = true,
                    }
                }
            }
            Err(e) => secrets.error = Some(e),
        }
        secrets
    }

    fn check(&self) -> Check {
        const WHAT: &str = "keyring";
        match &self.error {
            Some(KeyError::NoKeyring { .. }) => {
                return Check::fail(
                    WHAT,
                    "no OS keyring answers (no Secret Service on the D-Bus session bus)",
                    "run doctor as the kiosk's user inside its session: `sudo qebul-kiosk-admin \
                     doctor` starts D-Bus and gnome-keyring for it",
                )
            }
            Some(KeyError::KeyringLocked { .. }) => {
                return Check::fail(
                    WHAT,
                    "the OS keyring is locked",
                    "unlock it with the kiosk account's password (`gnome-keyring-daemon --unlock \
                     --components=secrets` reading it on stdin); `qebul-kiosk-admin` does this",
                )
            }
            Some(e) => {
                return Check::fail(
                    WHAT,
                    e.to_string(),
                    "restore the kiosk user's keyring (~/.local/share/keyrings) from its backup",
                )
            }
            None => {}
        }
        let mut missing = Vec::new();
        if self.token.is_none() {
            missing.push("the device token");
        }
        if self.pinned.is_none() && !self.bad_catalog_key {
            missing.push("the pinned catalog key");
        }
        if !self.has_db_key {
            missing.push("the database key");
        }
        if self.bad_catalog_key {
            return Check::fail(
                WHAT,
                "the pinned catalog key (entry catalog-key) is not a key",
                "enroll the kiosk again: `qebul-kiosk enroll --server URL --code CODE \
                 --staff-name NAME`",
            );
        }
        if !missing.is_empty() {
            let todo = if self.token.is_none() || self.pinned.is_none() {
                "enroll this kiosk: `qebul-kiosk enroll --server URL --code CODE --staff-name \
                 NAME` with a code from `qebul-server kiosk enroll`"
            } else {
                "restore the keyring (~/.local/share/keyrings of the kiosk's user) from its \
                 backup, or re-enter the saved key with secret-tool (see the store's recovery notes)"
            };
            return Check::fail(WHAT, format!("missing {}", missing.join(", ")), todo);
        }
        Check::ok(
            WHAT,
            format!(
                "device token, database key and catalog key readable (kiosk {})",
                self.kiosk_id.as_deref().unwrap_or("of unknown id")
            ),
        )
    }
}

// ---- server, catalog, clock --------------------------------------------------------------------

/// The server's answer to a plain request: its check, and the time its `Date` header gave.
struct ServerReply {
    check: Check,
    client: Option<ServerClient>,
    /// The server's clock (from `Date`) and the kiosk's when the answer came.
    date: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Why there is no date, when the server answered.
    no_date: Option<String>,
}

async fn ask_server(server: Option<&str>) -> ServerReply {
    const WHAT: &str = "server";
    let failed = |check| ServerReply {
        check,
        client: None,
        date: None,
        no_date: None,
    };
    let Some(url) = server else {
        return failed(Check::fail(
            WHAT,
            "no server configured",
            "set `server = \"http://ADDRESS:PORT\"` in kiosk.toml (or pass --server)",
        ));
    };
    let client = match ServerClient::new(url) {
        Ok(c) => c,
        Err(e) => {
            return failed(Check::fail(
                WHAT,
                e.to_string(),
                "correct `server` in kiosk.toml",
            ))
        }
    };
    let health = format!(
        "{}{}",
        client.base_url(),
        qebul_protocol::api::paths::HEALTH
    );
    let http = match reqwest::Client::builder().timeout(SERVER_WAIT).build() {
        Ok(http) => http,
        Err(e) => return failed(Check::fail(WHAT, error_chain(&e), "report this to support")),
    };
    let response =
        match http.get(&health).send().await {
            Ok(r) => r,
            Err(e) => return failed(Check::fail(
                WHAT,
                format!("cannot reach {}: {}", client.base_url(), error_chain(&e)),
                "check the network cable and the address in kiosk.toml (`server`), and that the \
                 server runs (`systemctl status qebul-server` there)",
            )),
        };
    let local = Utc::now();
    if !response.status().is_success() {
        return failed(Check::fail(
            WHAT,
            format!(
                "{} answered HTTP {} to {}",
                client.base_url(),
                response.status().as_u16(),
                qebul_protocol::api::paths::HEALTH
            ),
            "check that `server` in kiosk.toml names the Qəbul server (address and port)",
        ));
    }
    let header = response
        .headers()
        .get(reqwest::header::DATE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (date, no_date) = match header.as_deref().map(DateTime::parse_from_rfc2822) {
        Some(Ok(d)) => (Some((d.with_timezone(&Utc), local)), None),
        Some(Err(_)) => (
            None,
            Some(format!("the server's Date header {header:?} is not a date")),
        ),
        None => (
            None,
            Some("the server's answer has no Date header".to_owned()),
        ),
    };
    ServerReply {
        check: Check::ok(WHAT, format!("{} answers", client.base_url())),
        client: Some(client),
        date,
        no_date,
    }
}

async fn check_catalog(reply: &ServerReply, secrets: &Secrets) -> Check {
    const WHAT: &str = "catalog";
    let Some(client) = &reply.client else {
        return Check::fail(
            WHAT,
            "not checked: the server cannot be reached",
            "fix the server line first",
        );
    };
    let (Some(token), Some(pinned)) = (&secrets.token, &secrets.pinned) else {
        return Check::fail(
            WHAT,
            "not checked: this kiosk has no device token or pinned key (see keyring)",
            "fix the keyring line first",
        );
    };
    let fetched = tokio::time::timeout(
        SERVER_WAIT,
        client
            .clone()
            .with_token(token)
            .catalog_if_changed(None, pinned),
    )
    .await;
    let key = short_key(pinned);
    match fetched {
        Ok(Ok(CatalogFetch::New { version, .. })) => Check::ok(
            WHAT,
            format!("version {version}, signature good under the pinned key {key}"),
        ),
        Ok(Ok(CatalogFetch::NotModified)) => Check::ok(WHAT, "the server's catalog is unchanged"),
        Ok(Err(SyncError::CatalogRefused(e))) => Check::fail(
            WHAT,
            format!("refused under the pinned key {key}: {e}"),
            "the server signs with another key than the one pinned at enrollment: check that \
             `server` is the right server and `catalog_key` in kiosk.toml; if the server's key \
             was changed on purpose, enroll the kiosk again",
        ),
        Ok(Err(e)) if e.is_auth() => Check::fail(
            WHAT,
            e.to_string(),
            "enroll the kiosk again with a new code from `qebul-server kiosk enroll`",
        ),
        Ok(Err(e)) => Check::fail(
            WHAT,
            e.to_string(),
            "look at the server's log; run doctor again",
        ),
        Err(_) => Check::fail(
            WHAT,
            format!("no catalog within {} s", SERVER_WAIT.as_secs()),
            "check the network and the server's load; run doctor again",
        ),
    }
}

fn short_key(key: &VerifyingKey) -> String {
    let hex = public_key_hex(key);
    format!("{}…", &hex[..hex.len().min(16)])
}

fn check_clock(reply: &ServerReply, max: Duration) -> Check {
    const WHAT: &str = "clock";
    let Some((server, local)) = reply.date else {
        return match &reply.no_date {
            Some(why) => Check::fail(WHAT, why.clone(), "report this to the server's operator"),
            None => Check::fail(
                WHAT,
                "not checked: the server cannot be reached",
                "fix the server line first",
            ),
        };
    };
    // The Date header has whole seconds: the kiosk's clock is cut to them too.
    let skew = local.timestamp() - server.timestamp();
    let size = Duration::from_secs(skew.unsigned_abs());
    let within = format!("limit {}", human_duration(max));
    if size <= max {
        return Check::ok(
            WHAT,
            format!("{} from the server's ({within})", human_duration(size)),
        );
    }
    let side = if skew > 0 { "ahead of" } else { "behind" };
    Check::fail(
        WHAT,
        format!(
            "the kiosk's clock is {} {side} the server's ({within})",
            human_duration(size)
        ),
        "turn on time synchronisation (`timedatectl set-ntp true`, and let NTP through the \
         network) or set the time (`timedatectl set-time`): leases and reception days follow it",
    )
}

fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    match (s / 3600, s % 3600 / 60, s % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

// ---- database -----------------------------------------------------------------------------------

fn check_database(keys: &dyn KeyStore, data_dir: &Path) -> Check {
    const WHAT: &str = "database";
    let path = data_dir.join(DATABASE_FILE);
    match std::fs::metadata(&path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => {
            return Check::fail(
                WHAT,
                format!("{} is not a file", path.display()),
                "check `data_dir` in kiosk.toml",
            )
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Check::fail(
                WHAT,
                format!("no database at {}", path.display()),
                "enroll this kiosk (`qebul-kiosk enroll …` creates it), or check `data_dir` in \
                 kiosk.toml and that its disk is mounted",
            )
        }
        Err(e) => {
            return Check::fail(
                WHAT,
                format!("cannot read {}: {e}", path.display()),
                "run doctor as the kiosk's user (`sudo qebul-kiosk-admin doctor`)",
            )
        }
    }
    let key =
        match keys.load(DB_KEY_NAME) {
            Ok(Some(key)) => key,
            Ok(None) => return Check::fail(
                WHAT,
                format!(
                    "{} exists but the keyring has no key for it",
                    path.display()
                ),
                "restore the keyring that holds its key (recovery C in the store's notes); never \
                 delete the file",
            ),
            Err(e) => {
                return Check::fail(
                    WHAT,
                    format!("not checked: the keyring cannot be read ({e})"),
                    "fix the keyring line first",
                )
            }
        };
    let corrupt = |detail: String| {
        Check::fail(
            WHAT,
            format!("{} is damaged: {detail}", path.display()),
            "stop the kiosk and copy the data folder aside before anything else; bookings not yet \
             on the server are only in this file: call support",
        )
    };
    let conn =
        match open_connection(&path, &key) {
            Ok(conn) => conn,
            // The key is right (page 1 decrypted), yet SQLite cannot read on: a damaged page.
            Err(OpenError::Sqlite { source, .. }) => return corrupt(source.to_string()),
            Err(OpenError::WrongKey { .. }) => return Check::fail(
                WHAT,
                format!(
                    "{} cannot be decrypted with the keyring's key, or its first page is damaged",
                    path.display()
                ),
                "leave the file as it is; restore the keyring holding its key (recovery D in the \
                 store's notes), or call support if the file is damaged",
            ),
            Err(e) => {
                return Check::fail(
                    WHAT,
                    e.to_string(),
                    "call support with this line; leave the file as it is",
                )
            }
        };
    // Every page's HMAC (SQLCipher), then SQLite's own structure check.
    let cipher: Result<Vec<String>, _> = conn
        .prepare("PRAGMA cipher_integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect());
    match cipher {
        Ok(problems) if problems.is_empty() => {}
        Ok(problems) => return corrupt(first_lines(&problems)),
        Err(e) => return corrupt(e.to_string()),
    }
    let sqlite: Result<Vec<String>, _> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect());
    match sqlite {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => Check::ok(
            WHAT,
            format!("{} opens and passes its integrity checks", path.display()),
        ),
        Ok(rows) => corrupt(first_lines(&rows)),
        Err(e) => corrupt(e.to_string()),
    }
}

fn first_lines(rows: &[String]) -> String {
    let mut text = rows.iter().take(2).cloned().collect::<Vec<_>>().join("; ");
    if rows.len() > 2 {
        text.push_str(&format!(" (and {} more)", rows.len() - 2));
    }
    text
}

// ---- printer ------------------------------------------------------------------------------------

async fn check_printer(spec: Option<PrinterSpec>) -> Check {
    const WHAT: &str = "printer";
    let Some(spec) = spec else {
        return Check::fail(
            WHAT,
            "none configured: the kiosk would print no notices",
            "set `printer` in kiosk.toml, e.g. \"tcp:192.168.1.50\" or \"device:/dev/usb/lp0\"",
        );
    };
    let printer = match crate::printing::open_printer(&spec) {
        Ok(p) => p,
        Err(e) => return Check::fail(WHAT, format!("{e:#}"), "correct `printer` in kiosk.toml"),
    };
    let asked = {
        let printer = printer.clone();
        tokio::task::spawn_blocking(move || printer.status()).await
    };
    let name = printer.name();
    let check_it = "then `qebul-kiosk print-test`";
    match asked {
        Err(e) => Check::fail(WHAT, format!("{name}: {e}"), "report this to support"),
        Ok(Err(e)) => Check::fail(
            WHAT,
            format!("{name}: {e}"),
            format!(
                "check the printer's power and cable, and its address in kiosk.toml (`printer`); \
                 {check_it}"
            ),
        ),
        Ok(Ok(None)) => Check::ok(
            WHAT,
            format!(
                "{name}: its link cannot report the printer's state; `qebul-kiosk print-test` \
                 shows whether it prints"
            ),
        ),
        Ok(Ok(Some(status))) => printer_status(name, status, check_it),
    }
}

fn printer_status(name: &str, status: PrinterStatus, check_it: &str) -> Check {
    const WHAT: &str = "printer";
    let fail = |state: &str, todo: &str| {
        Check::fail(
            WHAT,
            format!("{name}: {state}"),
            format!("{todo}, {check_it}"),
        )
    };
    match status {
        PrinterStatus::Ready => Check::ok(WHAT, format!("{name}: ready")),
        PrinterStatus::PaperNearEnd => Check::ok(
            WHAT,
            format!("{name}: ready, paper nearly out (load a new roll soon)"),
        ),
        PrinterStatus::PaperOut => fail("paper out", "load a new roll and close the cover"),
        PrinterStatus::CoverOpen => fail("cover open", "close the printer's cover"),
        PrinterStatus::Offline => fail("offline", "check the printer's power and front panel"),
        PrinterStatus::Error => fail(
            "reports an error (cutter jam or overheating)",
            "open it, clear the jam or let it cool",
        ),
    }
}

// ---- card reader --------------------------------------------------------------------------------

async fn check_card_reader(spec: ReaderSpec) -> Check {
    const WHAT: &str = "card reader";
    let (reader, todo): (Box<dyn CardReader>, &str) = match spec {
        ReaderSpec::None => {
            return Check::ok(
                WHAT,
                "none configured (card_reader = \"none\"): touches start sessions, no card is read",
            )
        }
        ReaderSpec::Wedge => {
            return Check::ok(
                WHAT,
                "keyboard wedge: nothing to check from here; scan a card on the welcome screen",
            )
        }
        ReaderSpec::Simulated => return Check::ok(WHAT, "simulated (the demo's citizens)"),
        ReaderSpec::Serial { path, baud } => {
            match SerialReader::new(
                SerialConfig::new(path, baud),
                Box::new(crate::time::today_in_baku),
            ) {
                Ok(r) => (
                    Box::new(r),
                    "plug the reader in (`ls -l /dev/serial/by-id/` lists it), check that the \
                     kiosk's user is in the dialout group, and that `card_reader` names its device",
                ),
                Err(e) => {
                    return Check::fail(WHAT, e.to_string(), "correct `card_reader` in kiosk.toml")
                }
            }
        }
        ReaderSpec::Pcsc { reader } => (
            Box::new(PcscReader::new(PcscConfig {
                reader,
                ..PcscConfig::default()
            })),
            "check pcscd (`systemctl status pcscd`), plug the reader in (`pcsc_scan` lists it), \
             and that `card_reader` names it",
        ),
    };
    let answer = tokio::task::spawn_blocking(move || first_answer(reader)).await;
    match answer {
        Ok((name, Some(ReaderEvent::Connected))) => Check::ok(WHAT, format!("{name}: present")),
        Ok((name, Some(ReaderEvent::Lost(reason)))) => {
            Check::fail(WHAT, format!("{name}: {reason}"), todo)
        }
        Ok((name, _)) => Check::fail(
            WHAT,
            format!("{name}: no answer within {} s", READER_WAIT.as_secs()),
            todo,
        ),
        Err(e) => Check::fail(WHAT, e.to_string(), "report this to support"),
    }
}

/// The reader's first word on its connection (`Connected` or `Lost`), waiting a bounded time.
fn first_answer(mut reader: Box<dyn CardReader>) -> (String, Option<ReaderEvent>) {
    let deadline = Instant::now() + READER_WAIT;
    let name = reader.name().to_owned();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match reader.next_event(left) {
            Some(e @ (ReaderEvent::Connected | ReaderEvent::Lost(_))) => return (name, Some(e)),
            Some(_) => {}
            None => break,
        }
    }
    (name, None)
}

// ---- disk ---------------------------------------------------------------------------------------

fn check_disk(data_dir: &Path, min_free: u64) -> Check {
    const WHAT: &str = "disk";
    // The data folder may not exist yet (before enrollment): its disk is the nearest ancestor's.
    let existing = data_dir
        .ancestors()
        .find(|p| p.exists())
        .unwrap_or(Path::new("/"));
    match crate::health::disk_free_bytes(existing) {
        Ok(free) if free >= min_free => Check::ok(
            WHAT,
            format!(
                "{} free where the store is ({}; minimum {})",
                human_bytes(free),
                data_dir.display(),
                human_bytes(min_free)
            ),
        ),
        Ok(free) => Check::fail(
            WHAT,
            format!(
                "only {} free where the store is ({}; minimum {})",
                human_bytes(free),
                data_dir.display(),
                human_bytes(min_free)
            ),
            "free space on that disk: old logs (`journalctl --vacuum-size=200M`, the log folder), \
             `apt-get clean`; never delete the data folder",
        ),
        Err(e) => Check::fail(
            WHAT,
            format!("cannot tell the free space of {}: {e}", existing.display()),
            "check `data_dir` in kiosk.toml and that its disk is mounted",
        ),
    }
}

fn human_bytes(bytes: u64) -> String {
    const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
    const MIB: f64 = 1024.0 * 1024.0;
    // Precision is not needed to judge a disk, and u64 → f64 loses none that matters here.
    #[allow(clippy::cast_precision_loss)]
    let b = bytes as f64;
    if b >= GIB {
        format!("{:.1} GiB", b / GIB)
    } else {
        format!("{:.0} MiB", b / MIB)
    }
}

// ---- helpers ------------------------------------------------------------------------------------

/// An error with its causes, as one line (reqwest's own message leaves the cause out).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_has_a_line_per_check_and_what_to_do_under_each_failure() {
        let checks = [
            Check::ok("server", "http://10.0.0.5:8700 answers"),
            Check::fail("printer", "TCP 10.0.0.9:9100: paper out", "load a new roll"),
        ];
        assert_eq!(
            render(&checks),
            "OK   server — http://10.0.0.5:8700 answers\n\
             FAIL printer — TCP 10.0.0.9:9100: paper out\n     → load a new roll\n\
             1 of 2 checks failed: fix the lines marked FAIL, then run doctor again.\n"
        );
        assert!(!all_ok(&checks));
        assert!(render(&checks[..1]).ends_with("All 1 checks passed.\n"));
        assert!(all_ok(&checks[..1]));
    }

    #[test]
    fn durations_and_sizes_read_as_a_technician_says_them() {
        assert_eq!(human_duration(Duration::from_secs(7)), "7 s");
        assert_eq!(human_duration(Duration::from_secs(125)), "2 min 5 s");
        assert_eq!(human_duration(Duration::from_secs(120)), "2 min");
        assert_eq!(human_duration(Duration::from_secs(7300)), "2 h 1 min");
        assert_eq!(human_bytes(1024 * 1024 * 1024), "1.0 GiB");
        assert_eq!(human_bytes(300 * 1024 * 1024), "300 MiB");
    }

    fn reply_at(server: &str, local: &str) -> ServerReply {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        ServerReply {
            check: Check::ok("server", "x"),
            client: None,
            date: Some((at(server), at(local))),
            no_date: None,
        }
    }

    #[test]
    fn a_clock_more_than_the_limit_off_fails_and_says_which_way() {
        let max = Duration::from_secs(120);
        let ok = check_clock(
            &reply_at("2026-12-06T10:00:00Z", "2026-12-06T10:01:59Z"),
            max,
        );
        assert!(ok.is_ok(), "{ok:?}");
        let ahead = check_clock(
            &reply_at("2026-12-06T10:00:00Z", "2026-12-06T10:02:01Z"),
            max,
        );
        assert!(!ahead.is_ok());
        assert!(ahead.detail.contains("2 min 1 s ahead of"), "{ahead:?}");
        let behind = check_clock(
            &reply_at("2026-12-06T10:00:00Z", "2026-12-06T09:50:00Z"),
            max,
        );
        assert!(behind.detail.contains("10 min behind"), "{behind:?}");
    }

    #[test]
    fn the_http_date_header_reads_as_a_date() {
        let d = DateTime::parse_from_rfc2822("Sun, 06 Dec 2026 15:34:47 GMT").unwrap();
        assert_eq!(
            d.with_timezone(&Utc).to_rfc3339(),
            "2026-12-06T15:34:47+00:00"
        );
    }
}
