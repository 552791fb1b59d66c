//! The command line's edge: the configuration file, the logs, and the technician's subcommands
//! (`enroll`, `doctor`, `print-test`, `export-audit`), none of which opens a window. The work is
//! `qebul_app::ops`'s; this reads the terminal, prints, and picks the exit code.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;
use qebul_app::ops::{self, Settings};
use qebul_store::key::KeyringKeyStore;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{EnvFilter, Layer as _};

use crate::Args;

/// Exit code of a configuration file that cannot be used (as clap's for a bad command line).
const CONFIG_ERROR: u8 = 2;

/// The technician's tools.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Enroll this kiosk with the central server (device token, kiosk id and keys into the OS
    /// keyring), create its store and its first staff member; the PIN is asked twice on the
    /// terminal, or read from stdin's first line when stdin is not a terminal.
    Enroll {
        /// The one-time code from `qebul-server kiosk enroll`.
        #[arg(long, value_name = "CODE")]
        code: String,
        /// The first staff member (the receptionist who opens the staff screen with the PIN).
        #[arg(long, value_name = "NAME")]
        staff_name: String,
    },
    /// Check the server, the catalog's signature, the keyring, the database, the printer, the
    /// card reader, the disk and the clock; exit non-zero if anything fails.
    Doctor,
    /// Print a test page on the configured printer; exit non-zero with the reason if it fails.
    PrintTest,
    /// Write the audit log of staff actions as CSV (to stdout, or to --output).
    ExportAudit {
        /// Only entries from this day (2026-12-01 or 01.12.2026, Baku time) or instant (RFC 3339).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// The CSV file to write (default: stdout).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// The binary's `main`: the configuration file, the logs, then the kiosk or a subcommand.
pub fn main(args: Args) -> ExitCode {
    let (path, named) = match &args.config {
        Some(path) => (path.clone(), true),
        None => (PathBuf::from(ops::DEFAULT_CONFIG_PATH), false),
    };
    let settings = match Settings::load(&path, named) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("qebul-kiosk: {e}");
            return ExitCode::from(CONFIG_ERROR);
        }
    };
    let _logs = init_logs(&args, &settings);
    let outcome = match args.command.clone() {
        None => crate::run(args, &settings).map(|()| ExitCode::SUCCESS),
        Some(command) => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime")
            .and_then(|rt| rt.block_on(subcommand(command, &args, &settings))),
    };
    outcome.unwrap_or_else(|e| {
        tracing::error!("{e:#}");
        eprintln!("qebul-kiosk: {e:#}");
        ExitCode::FAILURE
    })
}

async fn subcommand(
    command: Command,
    args: &Args,
    settings: &Settings,
) -> anyhow::Result<ExitCode> {
    let config = args.config_over(settings);
    let keys = KeyringKeyStore::new();
    let data_dir = config.data_dir();
    match command {
        Command::Enroll { code, staff_name } => {
            let server = config.server.clone().context(
                "no central server: pass --server URL or set `server` in the configuration file",
            )?;
            let pin = read_pin()?;
            let request = ops::enroll::EnrollRequest {
                server: server.clone(),
                code,
                catalog_key: config.catalog_key.clone(),
                data_dir,
                staff_name: staff_name.clone(),
                pin,
            };
            let done = ops::enroll::enroll(&keys, &request, chrono::Utc::now()).await?;
            if done.already {
                println!(
                    "This kiosk was enrolled already (kiosk {}): the code was not used.",
                    done.kiosk_id
                );
            } else {
                println!("Enrolled with {server} as kiosk {}.", done.kiosk_id);
            }
            println!("Store: {}", done.database.display());
            println!("Staff member {staff_name} opens the staff screen with the PIN just given.");
            println!("Next: qebul-kiosk doctor");
            Ok(ExitCode::SUCCESS)
        }
        Command::Doctor => {
            let setup = ops::DoctorSetup {
                server: config.server.clone(),
                data_dir,
                printer: config.printer.clone(),
                card_reader: config
                    .card_reader
                    .clone()
                    .unwrap_or(qebul_idcard::ReaderSpec::None),
                min_free_bytes: settings.min_free_disk_bytes(),
                max_clock_skew: settings.max_clock_skew(),
            };
            let checks = ops::doctor::run(&setup, &keys).await;
            print!("{}", ops::doctor::render(&checks));
            Ok(if ops::doctor::all_ok(&checks) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::PrintTest => {
            let printer = config.printer.clone();
            let done = tokio::task::spawn_blocking(move || {
                ops::print_test::print_test(printer.as_ref(), chrono::Utc::now())
            })
            .await??;
            println!("Printed a test page on {}.", done.printer);
            for file in &done.receipt.files {
                println!("  {}", file.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::ExportAudit { since, output } => {
            let since = since
                .as_deref()
                .map(ops::audit::parse_since)
                .transpose()
                .map_err(anyhow::Error::msg)?;
            let (rows, csv) = ops::audit::export(&keys, &data_dir, since)?;
            match output {
                Some(file) => {
                    std::fs::write(&file, csv)
                        .with_context(|| format!("cannot write {}", file.display()))?;
                    eprintln!("Wrote {rows} audit entries to {}.", file.display());
                }
                None => std::io::stdout().write_all(csv.as_bytes())?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The first staff PIN: asked twice without echo on a terminal, else stdin's first line.
fn read_pin() -> anyhow::Result<String> {
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the PIN from stdin")?;
        return Ok(line.trim().to_owned());
    }
    for _ in 0..3 {
        let pin = rpassword::prompt_password("Staff PIN (4–8 digits): ")?;
        if !qebul_app::staff::valid_pin(pin.trim()) {
            eprintln!("A PIN is 4 to 8 digits; try again.");
            continue;
        }
        let again = rpassword::prompt_password("The same PIN again: ")?;
        if again.trim() == pin.trim() {
            return Ok(pin.trim().to_owned());
        }
        eprintln!("The two PINs differ; try again.");
    }
    anyhow::bail!("no PIN given: nothing was enrolled")
}

/// Logs to stderr (the journal) and to a file rotated daily in the log folder; the returned
/// guard flushes the file when `main` ends. Subcommands print their own report on stdout, so
/// their stderr shows warnings only (the file has everything the filter lets through).
fn init_logs(
    args: &Args,
    settings: &Settings,
) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let filter = || {
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&settings.log_filter))
    };
    let stderr_filter = match args.command {
        None => filter(),
        Some(_) => EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn")),
    };
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(stderr_filter);
    // The demo (and the tests running it) keep out of /var/log unless a folder is named.
    let named = args.log_dir.clone().or_else(|| {
        (!args.demo || settings.log_dir != Path::new(ops::settings::DEFAULT_LOG_DIR))
            .then(|| settings.log_dir.clone())
    });
    let mut problems = Vec::new();
    let appender = named.into_iter().chain(state_log_dir()).find_map(|dir| {
        // The appender lists the folder to prune old files before it would create it.
        if let Err(e) = std::fs::create_dir_all(&dir) {
            problems.push(format!("{}: {e}", dir.display()));
            return None;
        }
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("qebul-kiosk")
            .filename_suffix("log")
            .max_log_files(settings.log_files)
            .build(&dir)
            .map_err(|e| problems.push(format!("{}: {e}", dir.display())))
            .ok()
    });
    let Some(appender) = appender else {
        tracing_subscriber::registry().with(stderr).init();
        tracing::warn!(
            "no log folder can be written, logging to stderr only: {}",
            problems.join("; ")
        );
        return None;
    };
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let file = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(writer)
        .with_filter(filter());
    tracing_subscriber::registry()
        .with(stderr)
        .with(file)
        .init();
    for problem in problems {
        tracing::info!("log folder not writable, using the next one: {problem}");
    }
    Some(guard)
}

/// `$XDG_STATE_HOME/qebul-kiosk/log` (`~/.local/state/qebul-kiosk/log`).
fn state_log_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .map(|d| d.join("qebul-kiosk/log"))
}
