//! `qebul-server`: the reference central server.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use qebul_protocol::api::BookingStatus;
use qebul_protocol::{public_key_hex, SignedCatalog, SigningKey};
use qebul_server::{auth, AppState, ServerDb};

#[derive(Parser)]
#[command(version, about = "The reference central server of Qəbul Kiosk")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the data lives: an SQLite file, or a PostgreSQL URL.
#[derive(clap::Args, Clone)]
struct DbArgs {
    /// An SQLite file (created if absent) or a `postgres://` URL.
    #[arg(long, default_value = "qebul-server.db")]
    db: String,
    /// The catalog signing key (created by the first `import` or `demo`). Default: the SQLite
    /// file's name with `.key`, or `qebul-server.key` for PostgreSQL.
    #[arg(long)]
    key: Option<PathBuf>,
}

impl DbArgs {
    fn key_path(&self) -> PathBuf {
        self.key.clone().unwrap_or_else(|| {
            if self.db.starts_with("postgres://") || self.db.starts_with("postgresql://") {
                PathBuf::from("qebul-server.key")
            } else {
                PathBuf::from(format!("{}.key", self.db))
            }
        })
    }

    async fn open(&self) -> anyhow::Result<ServerDb> {
        ServerDb::open(&self.db)
            .await
            .with_context(|| format!("cannot open the database {}", shown(&self.db)))
    }
}

/// A database target without its password, for messages.
fn shown(db: &str) -> String {
    match (db.find("://"), db.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &db[..scheme], &db[at..]),
        _ => db.to_owned(),
    }
}

#[derive(Subcommand)]
enum Command {
    /// Serve kiosks over HTTP.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long, default_value = "127.0.0.1:8700")]
        listen: SocketAddr,
    },
    /// Import a catalog (JSON), or an officials list (CSV: id, position_az, position_ru,
    /// position_en, full_name, reception, daily_capacity) into the current catalog; signs it.
    Import {
        #[command(flatten)]
        db: DbArgs,
        /// The file: `.json` for a whole catalog, `.csv` for the officials.
        file: PathBuf,
    },
    /// Enroll, revoke and list kiosks.
    Kiosk {
        #[command(subcommand)]
        command: KioskCommand,
    },
    /// Change a booking's status, with the authority's reply; the kiosk that made it learns it
    /// at its next sync.
    Booking {
        #[command(flatten)]
        db: DbArgs,
        /// The booking's id (UUID).
        id: uuid::Uuid,
        /// booked, in_review, closed or cancelled.
        status: String,
        /// The authority's reply, shown on the booking's details.
        #[arg(long)]
        reply: Option<String>,
    },
    /// Check a notice: the text its QR code reads (a scanner types it), against the key its
    /// kiosk gave at enrollment and the booking the server holds. Exits non-zero if the notice
    /// cannot be vouched for.
    Notice {
        #[command(flatten)]
        db: DbArgs,
        /// The QR code's text, `QK1.…`.
        seal: String,
    },
    /// Load the seed's demo authority (Biləsuvar), its eight officials, topics, statuses,
    /// privileges, a 2026–2027 calendar and demo citizens, print an enrollment code, and serve.
    Demo {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long, default_value = "127.0.0.1:8700")]
        listen: SocketAddr,
    },
}

#[derive(Subcommand)]
enum KioskCommand {
    /// Create a one-time enrollment code for a new kiosk; give it to the technician.
    Enroll {
        #[command(flatten)]
        db: DbArgs,
        /// Where the kiosk stands, e.g. "Biləsuvar RİH, lobby 1".
        #[arg(long)]
        name: String,
    },
    /// Revoke a kiosk: its token is refused from now on.
    Revoke {
        #[command(flatten)]
        db: DbArgs,
        kiosk_id: String,
    },
    /// List kiosks with their last health report, and flag those that need a visit: not seen
    /// for too long, printer down (paper out, cover open, offline), paper low, disk low.
    ///
    /// One line per kiosk, tab-separated: id, name, state, last seen, version, printer, paper,
    /// unsent (with the oldest's age), disk free, then `OK`, `NEEDS A VISIT: <reasons>`, or `-`
    /// for a kiosk out of service (revoked, or waiting for enrollment).
    List {
        #[command(flatten)]
        db: DbArgs,
        /// A kiosk not seen for longer than this many minutes is offline.
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
        offline_minutes: u32,
        /// A kiosk with less free disk space than this many MiB needs a visit.
        #[arg(long, default_value_t = 1024)]
        disk_low_mib: u64,
        /// Print a JSON array (one object per kiosk) instead of lines.
        #[arg(long)]
        json: bool,
    },
}

fn load_key(path: &Path) -> anyhow::Result<SigningKey> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read the catalog signing key {}; run `qebul-server import` or `demo` first, or pass --key",
            path.display()
        )
    })?;
    let bytes: [u8; 32] = hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .with_context(|| {
            format!(
                "{} is not a catalog signing key (64 hex digits)",
                path.display()
            )
        })?;
    Ok(SigningKey::from_bytes(&bytes))
}

fn load_or_create_key(path: &Path) -> anyhow::Result<SigningKey> {
    if path.exists() {
        return load_key(path);
    }
    let key = auth::new_signing_key()?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create the signing key {}", path.display()))?;
    writeln!(file, "{}", hex::encode(key.to_bytes()))?;
    file.sync_all()?;
    tracing::info!(path = %path.display(), public = %public_key_hex(&key.verifying_key()), "created a catalog signing key");
    Ok(key)
}

async fn serve(state: AppState, listen: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    qebul_server::serve(listener, state).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    match Cli::parse().command {
        Command::Serve { db, listen } => {
            let key = load_key(&db.key_path())?;
            let state = AppState::new(db.open().await?, key.verifying_key());
            serve(state, listen).await
        }
        Command::Import { db, file } => {
            let key = load_or_create_key(&db.key_path())?;
            let store = db.open().await?;
            let shown_file = file.display().to_string();
            let catalog = match file.extension().and_then(|e| e.to_str()) {
                Some("json") => qebul_server::load_catalog(&file)?,
                Some("csv") => {
                    let current = store
                        .latest_catalog()
                        .await?
                        .context("import a whole catalog (JSON) before an officials list")?
                        .verify(&key.verifying_key())
                        .context("the stored catalog does not verify with this key")?;
                    let text = std::fs::read_to_string(&file)
                        .with_context(|| format!("cannot read {shown_file}"))?;
                    qebul_server::merge_officials_csv(&current, &text, &shown_file)?
                }
                _ => bail!("{shown_file}: give a .json catalog or a .csv officials list"),
            };
            let mut catalog = catalog;
            if let Some(current) = store.latest_catalog().await? {
                if let Ok(current) = current.verify(&key.verifying_key()) {
                    // Versions only grow, so kiosks never take an import for an old catalog.
                    catalog.version = catalog.version.max(current.version.checked_add(1).context(
                        "the stored catalog is at the highest version; no newer one can be published",
                    )?);
                }
            }
            store
                .store_catalog(&SignedCatalog::sign(&catalog, &key), catalog.version)
                .await?;
            println!(
                "imported catalog version {} ({} officials); catalog key {}",
                catalog.version,
                catalog.officials.len(),
                public_key_hex(&key.verifying_key())
            );
            Ok(())
        }
        Command::Kiosk { command } => match command {
            KioskCommand::Enroll { db, name } => {
                let code = auth::new_enrollment_code()?;
                let id = db
                    .open()
                    .await?
                    .create_enrollment(
                        &name,
                        &auth::secret_hash(&auth::normalise_code(&code)),
                        chrono::Utc::now(),
                    )
                    .await?;
                println!("kiosk {id} ({name}): enrollment code {code}");
                Ok(())
            }
            KioskCommand::Revoke { db, kiosk_id } => {
                db.open()
                    .await?
                    .revoke_kiosk(&kiosk_id, chrono::Utc::now())
                    .await?;
                println!("kiosk {kiosk_id} revoked");
                Ok(())
            }
            KioskCommand::List {
                db,
                offline_minutes,
                disk_low_mib,
                json,
            } => {
                let rules = qebul_server::fleet::VisitRules {
                    offline_after: chrono::TimeDelta::minutes(i64::from(offline_minutes)),
                    disk_low_bytes: disk_low_mib.saturating_mul(1 << 20),
                };
                let statuses = db.open().await?.kiosk_statuses().await?;
                let now = chrono::Utc::now();
                if json {
                    let entries: Vec<_> = statuses
                        .iter()
                        .map(|s| qebul_server::fleet::list_entry(s, now, &rules))
                        .collect();
                    println!("{}", serde_json::to_string_pretty(&entries)?);
                } else {
                    for s in &statuses {
                        println!("{}", qebul_server::fleet::list_line(s, now, &rules));
                    }
                }
                Ok(())
            }
        },
        Command::Booking {
            db,
            id,
            status,
            reply,
        } => {
            let status = BookingStatus::parse(&status).with_context(|| {
                format!("{status:?} is not a status: booked, in_review, closed or cancelled")
            })?;
            db.open()
                .await?
                .set_status(id, status, reply.as_deref(), chrono::Utc::now())
                .await?;
            println!("booking {id}: {}", status.as_str());
            Ok(())
        }
        Command::Notice { db, seal } => {
            let checked = qebul_server::notices::check_notice(&db.open().await?, &seal).await?;
            let s = &checked.seal;
            println!(
                "genuine: notice {} of booking {}, printed by kiosk {}, reception {} with {}",
                s.number,
                s.booking,
                s.kiosk,
                s.reception_date.format("%d.%m.%Y"),
                s.official
            );
            match &checked.on_server {
                None => println!(
                    "the booking has not reached the server yet (its kiosk has not synced since)"
                ),
                Some(on) if on.matches => println!("on the server: {}", on.status.as_str()),
                Some(on) => anyhow::bail!(
                    "the server holds booking {} with other details than the notice ({}); \
                     check it by its number",
                    s.booking,
                    on.status.as_str()
                ),
            }
            Ok(())
        }
        Command::Demo { db, listen } => {
            let key = load_or_create_key(&db.key_path())?;
            let store = db.open().await?;
            let code = qebul_server::load_demo(&store, &key, "demo kiosk").await?;
            println!(
                "demo server on http://{listen}; enrollment code {code}; catalog key {}",
                public_key_hex(&key.verifying_key())
            );
            serve(AppState::new(store, key.verifying_key()), listen).await
        }
    }
}
