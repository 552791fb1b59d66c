//! The reference server's database: SQLite for a single machine, PostgreSQL for several server
//! processes sharing one database. [`ServerDb::open`] picks the engine from its target and runs
//! the versioned migrations of `src/db/migrations/<engine>/`.
//!
//! The rules that protect citizens hold in SQL as well as in code (DESIGN.md, "Offline
//! capacity"):
//! - `day_capacity.taken` counts the places granted in leases plus the places of direct bookings
//!   not cancelled, and `CHECK (taken >= 0 AND taken <= capacity)` makes over-granting a day
//!   impossible, whatever the code does. Every grant, direct booking, cancellation and reclaim
//!   changes `taken` in the same transaction as the rows it counts.
//! - A lease's `used <= places` is a CHECK too; a lease booking takes `used + 1` only while
//!   `used < places`, in one statement.
//! - Idempotency keys, booking ids and application numbers are UNIQUE: a replayed or duplicated
//!   push is answered `Duplicate`, never stored twice.
//! - A citizen acts on a booking from any kiosk only with their card as proof ([`citizen`]); the
//!   events of kiosk actions (a comment, an arrival) keep the action's idempotency key in
//!   `timeline_events.action_key`, UNIQUE, so a replay stores nothing new. Every history request
//!   is recorded in `history_requests`, refused ones too, and the per-kiosk rate limit counts
//!   from it.
//!
//! Every method that writes is one transaction. On SQLite all writes go through one connection
//! behind a mutex, in `BEGIN IMMEDIATE` transactions (a second process waits on the busy
//! timeout). On PostgreSQL (READ COMMITTED) concurrent writers are ordered by row locks, taken in
//! one order everywhere (day_capacity, then lease, then the kiosk's event counter), and by
//! transaction-scoped advisory locks on the idempotency key and on the citizen, so the booking
//! policy sees every booking committed before it.

pub mod citizen;
mod postgres;
mod sqlite;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use qebul_core::numbering::{BarcodePayload, DayMonth};
use qebul_core::time::baku_date;
use qebul_core::validation::BookingPolicy;
use qebul_protocol::api::{
    codes, Application, ArrivalOutcome, BookingStatus, BookingWire, CitizenProof, CitizenWire,
    EventKind, KioskHealth, Lease, NumberBlock, PlaceSource, PrinterHealth, PushItem, PushOutcome,
    RegistryEntry, UpdatesResponse,
};
use qebul_protocol::SignedCatalog;
use serde::Deserialize;
use uuid::Uuid;

pub use citizen::{Proof, ProofCheck, ProofError, RateLimit};

/// The most application numbers a kiosk may ask for at once.
pub const MAX_NUMBER_BLOCK: u32 = 100_000;

/// Why a database operation failed. [`DbError::code`] gives the protocol's stable code.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("SQLite schema migration failed: {0}")]
    SqliteMigration(#[from] rusqlite_migration::Error),
    #[error("PostgreSQL: {}", postgres_detail(.0))]
    Postgres(#[from] tokio_postgres::Error),
    #[error("no PostgreSQL connection: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("cannot set up the PostgreSQL connection pool: {0}")]
    PoolSetup(String),
    #[error(
        "the database schema is at version {found}, newer than this server knows ({known}): \
         run a newer server"
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error("a database task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("a stored value is not valid: {0}")]
    Corrupt(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("booking {0} is already cancelled")]
    AlreadyCancelled(Uuid),
    #[error("booking {booking} can no longer be cancelled: {reason}")]
    NotCancellable { booking: Uuid, reason: String },
    /// The proof does not hold, or is not this booking's citizen. The message names nothing
    /// the server holds: it is shown to whoever is at the kiosk.
    #[error(
        "the card in the reader does not prove this citizen, or is not this booking's citizen"
    )]
    CitizenMismatch,
    #[error("invalid request: {0}")]
    Invalid(String),
    #[error(
        "application numbers are exhausted: {wanted} more would pass {max}; start a new series"
    )]
    NumbersExhausted { wanted: u32, max: u32 },
    #[error("catalog version {0} is already stored with a different body")]
    CatalogVersionTaken(u64),
}

impl DbError {
    /// The protocol's stable code (`qebul_protocol::api::codes`); `internal` for the failures a
    /// kiosk can do nothing about.
    pub fn code(&self) -> &'static str {
        match self {
            DbError::NotFound(_) => codes::NOT_FOUND,
            DbError::AlreadyCancelled(_) => codes::ALREADY_CANCELLED,
            DbError::NotCancellable { .. } => codes::NOT_CANCELLABLE,
            DbError::CitizenMismatch => codes::CITIZEN_MISMATCH,
            DbError::Invalid(_) => codes::BAD_REQUEST,
            // Text PostgreSQL cannot store (a NUL byte): the request's fault, not the server's.
            // The checks before each query refuse what they know of; this is the net under them.
            DbError::Postgres(e)
                if e.code().is_some_and(|c| {
                    *c == tokio_postgres::error::SqlState::CHARACTER_NOT_IN_REPERTOIRE
                        || *c == tokio_postgres::error::SqlState::UNTRANSLATABLE_CHARACTER
                }) =>
            {
                codes::BAD_REQUEST
            }
            _ => codes::INTERNAL,
        }
    }
}

/// tokio-postgres shows a server's error as "db error" alone; its message says what happened.
fn postgres_detail(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => e.to_string(),
    }
}

/// A kiosk as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskRow {
    pub id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub enrolled_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_report_at: Option<DateTime<Utc>>,
}

/// A kiosk's last health report and when the server received it (by the server's clock: the
/// last time the kiosk was seen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthReport {
    pub received_at: DateTime<Utc>,
    pub health: KioskHealth,
}

/// A kiosk with its last health report (none before its first), for `qebul-server kiosk list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskStatus {
    pub kiosk: KioskRow,
    pub health: Option<HealthReport>,
}

/// A day a kiosk should hold a lease for: (official id, reception date, the day's capacity from
/// the catalog, used when the day is first seen).
pub type LeaseWant = (String, NaiveDate, u32);

/// A booking as stored, with what the server adds to what the kiosk sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBooking {
    pub kiosk_id: String,
    pub seq: u64,
    pub idempotency_key: Uuid,
    pub booking: BookingWire,
    pub status: BookingStatus,
    pub received_at: DateTime<Utc>,
}

/// A reception day's accounting: `taken` is the counter the CHECK guards; `leased` and `direct`
/// are recounted from the leases and bookings, so `taken == leased + direct` can be audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCapacity {
    pub capacity: u32,
    pub taken: u32,
    pub leased: u32,
    pub direct: u32,
    /// Leased places not (yet) used by the kiosks holding them: a cancelled lease booking
    /// gives its place back here.
    pub leased_unused: u32,
}

/// A registry entry as the server keeps it: the wire's [`RegistryEntry`] and the citizen's
/// current identity document number, which never leaves the server (it checks a
/// [`CitizenProof`]). Also the shape of a registry file (`demo/registry.json`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryRecord {
    pub fin: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub address: String,
    /// As printed on the card; `None` when the registry does not say.
    #[serde(default)]
    pub document_number: Option<String>,
}

impl RegistryRecord {
    /// What a kiosk is told.
    pub fn entry(&self) -> RegistryEntry {
        RegistryEntry {
            fin: self.fin.clone(),
            full_name: self.full_name.clone(),
            birth_date: self.birth_date,
            address: self.address.clone(),
        }
    }

    /// The document number as stored: normalised, and `None` rather than empty.
    fn stored_document(&self) -> Option<String> {
        self.document_number
            .as_deref()
            .map(citizen::normalise_document)
            .filter(|d| !d.is_empty())
    }
}

impl From<RegistryEntry> for RegistryRecord {
    fn from(e: RegistryEntry) -> RegistryRecord {
        RegistryRecord {
            fin: e.fin,
            full_name: e.full_name,
            birth_date: e.birth_date,
            address: e.address,
            document_number: None,
        }
    }
}

/// What became of one history request; each is recorded in `history_requests`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryOutcome {
    /// The citizen's applications, newest first (none when the server knows nothing of them).
    Answered(Vec<Application>),
    /// The kiosk asked too often; it may ask again after `retry_after`.
    RateLimited { retry_after: std::time::Duration },
    /// The proof (or the body) is malformed: the reason.
    Malformed(String),
    /// The FİN and the document do not belong together.
    Mismatch,
}

impl HistoryOutcome {
    /// The `outcome` column of `history_requests`.
    fn as_str(&self) -> &'static str {
        match self {
            HistoryOutcome::Answered(_) => "answered",
            HistoryOutcome::RateLimited { .. } => "rate-limited",
            HistoryOutcome::Malformed(_) => "malformed",
            HistoryOutcome::Mismatch => "mismatch",
        }
    }
}

/// One recorded history request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLogRow {
    pub kiosk_id: String,
    pub fin: String,
    pub at: DateTime<Utc>,
    /// `answered`, `mismatch`, `rate-limited` or `malformed`.
    pub outcome: String,
}

/// Who changes a booking's status.
#[derive(Debug, Clone)]
enum Actor {
    /// The citizen, at any kiosk, with their card: only their own booking, not once closed or
    /// after its reception day (`today`, in Baku).
    Citizen { proof: Proof, today: NaiveDate },
    /// The authority (the admin CLI): any booking, any status but a cancelled one.
    Authority,
}

impl Actor {
    /// The citizen's proof, if a citizen acts.
    fn proof(&self) -> Option<&Proof> {
        match self {
            Actor::Citizen { proof, .. } => Some(proof),
            Actor::Authority => None,
        }
    }
}

#[derive(Clone)]
enum Backend {
    Sqlite(sqlite::SqliteDb),
    Postgres(postgres::PgDb),
}

/// The server's database. Cheap to clone: clones share the connection (SQLite) or pool
/// (PostgreSQL).
#[derive(Clone)]
pub struct ServerDb {
    backend: Backend,
}

/// Calls the same method on whichever engine is open.
macro_rules! on_backend {
    ($self:ident, $db:ident => $call:expr) => {
        match &$self.backend {
            Backend::Sqlite($db) => $call,
            Backend::Postgres($db) => $call,
        }
    };
}

impl ServerDb {
    /// Opens the database and migrates it: a `postgres://` (or `postgresql://`) URL is
    /// PostgreSQL, anything else the path of an SQLite file (created if missing).
    pub async fn open(target: &str) -> Result<ServerDb, DbError> {
        let backend = if target.starts_with("postgres://") || target.starts_with("postgresql://") {
            Backend::Postgres(postgres::PgDb::open(target).await?)
        } else {
            Backend::Sqlite(sqlite::SqliteDb::open(target).await?)
        };
        Ok(ServerDb { backend })
    }

    /// `"sqlite"` or `"postgres"`, for logs.
    pub fn engine(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    // --- catalog -------------------------------------------------------------------------------

    /// Stores a signed catalog under `version`. Storing the same body again is a no-op; another
    /// body under a stored version is refused (a version names one content).
    pub async fn store_catalog(
        &self,
        catalog: &SignedCatalog,
        version: u64,
    ) -> Result<(), DbError> {
        on_backend!(self, db => db.store_catalog(catalog, version, Utc::now()).await)
    }

    /// The catalog with the highest version.
    pub async fn latest_catalog(&self) -> Result<Option<SignedCatalog>, DbError> {
        on_backend!(self, db => db.latest_catalog().await)
    }

    // --- kiosks --------------------------------------------------------------------------------

    /// Registers a kiosk to be enrolled with the code whose hash is `code_hash`; returns its id.
    pub async fn create_enrollment(
        &self,
        name: &str,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<String, DbError> {
        on_backend!(self, db => db.create_enrollment(name, code_hash, now).await)
    }

    /// Exchanges an enrolment code (by hash) for a device token (by hash): the kiosk's id, or
    /// `None` for an unknown, used or revoked code. A code works once.
    pub async fn enroll(
        &self,
        code_hash: &str,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, DbError> {
        on_backend!(self, db => db.enroll(code_hash, token_hash, now).await)
    }

    /// Records the public key a kiosk signs its notices' QR seals with (given at enrollment).
    pub async fn set_notice_key(&self, kiosk_id: &str, key_hex: &str) -> Result<(), DbError> {
        on_backend!(self, db => db.set_notice_key(kiosk_id, key_hex).await)
    }

    /// The public key kiosk `kiosk_id` signs its notices with, if it gave one.
    pub async fn notice_key(&self, kiosk_id: &str) -> Result<Option<String>, DbError> {
        on_backend!(self, db => db.notice_key(kiosk_id).await)
    }

    /// The kiosk holding the token whose hash is `token_hash`, revoked or not (the caller
    /// answers `kiosk-revoked`).
    pub async fn kiosk_by_token(&self, token_hash: &str) -> Result<Option<KioskRow>, DbError> {
        on_backend!(self, db => db.kiosk_by_token(token_hash).await)
    }

    /// Revokes a kiosk (again is a no-op: the first moment stays). Its leases stay counted as
    /// used: the notices it printed offline must still be honoured when they arrive.
    pub async fn revoke_kiosk(&self, kiosk_id: &str, now: DateTime<Utc>) -> Result<(), DbError> {
        on_backend!(self, db => db.revoke_kiosk(kiosk_id, now).await)
    }

    pub async fn list_kiosks(&self) -> Result<Vec<KioskRow>, DbError> {
        on_backend!(self, db => db.list_kiosks().await)
    }

    /// Keeps `health` as the kiosk's last report, received at `now` (the previous one is
    /// replaced).
    pub async fn record_health(
        &self,
        kiosk_id: &str,
        health: &KioskHealth,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        on_backend!(self, db => db.record_health(kiosk_id, health, now).await)
    }

    /// Every kiosk, in the order of [`ServerDb::list_kiosks`], with its last health report.
    pub async fn kiosk_statuses(&self) -> Result<Vec<KioskStatus>, DbError> {
        let kiosks = self.list_kiosks().await?;
        let mut reports: std::collections::HashMap<String, HealthReport> =
            on_backend!(self, db => db.health_reports().await)?
                .into_iter()
                .collect();
        Ok(kiosks
            .into_iter()
            .map(|kiosk| KioskStatus {
                health: reports.remove(&kiosk.id),
                kiosk,
            })
            .collect())
    }

    // --- numbers -------------------------------------------------------------------------------

    /// A new block of `count` application numbers for the kiosk, never handed out before.
    pub async fn allocate_numbers(
        &self,
        kiosk_id: &str,
        count: u32,
    ) -> Result<NumberBlock, DbError> {
        if count == 0 || count > MAX_NUMBER_BLOCK {
            return Err(DbError::Invalid(format!(
                "a number block holds 1 to {MAX_NUMBER_BLOCK} numbers, not {count}"
            )));
        }
        // The clock here only dates the block for audit; nothing is decided by it.
        on_backend!(self, db => db.allocate_numbers(kiosk_id, count, Utc::now()).await)
    }

    // --- leases --------------------------------------------------------------------------------

    /// Tops each of the kiosk's leases for `wants` up toward `per_kiosk_target` places from the
    /// day's free capacity (as much as is free), moves their end to `ends_at`, and returns the
    /// kiosk's leases for those days (days with no lease and nothing free are left out).
    pub async fn grant_leases(
        &self,
        kiosk_id: &str,
        wants: &[LeaseWant],
        per_kiosk_target: u32,
        ends_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Lease>, DbError> {
        for (_, _, capacity) in wants {
            to_i32(*capacity, "capacity")?;
        }
        to_i32(per_kiosk_target, "lease target")?;
        on_backend!(self, db => db.grant_leases(kiosk_id, wants, per_kiosk_target, ends_at, now).await)
    }

    /// The kiosk reported with an empty outbox at `now`: every booking it made before is here,
    /// so its ended leases may be reclaimed.
    pub async fn record_report(&self, kiosk_id: &str, now: DateTime<Utc>) -> Result<(), DbError> {
        on_backend!(self, db => db.record_report(kiosk_id, now).await)
    }

    /// Gives the unused rest of every lease back to its day once `ends_at + drift < now` and
    /// the kiosk has reported after `ends_at + drift` (a silent kiosk's lease stays counted as
    /// used: it may have printed notices offline). Returns the number of places given back.
    pub async fn reclaim_leases(
        &self,
        now: DateTime<Utc>,
        drift: TimeDelta,
    ) -> Result<u32, DbError> {
        if drift < TimeDelta::zero() || drift.num_microseconds().is_none() {
            return Err(DbError::Invalid(format!(
                "clock drift {drift} is out of range"
            )));
        }
        on_backend!(self, db => db.reclaim_leases(now, drift).await)
    }

    /// The day's accounting, or `None` if nothing was ever granted or booked on it.
    pub async fn day_capacity(
        &self,
        official_id: &str,
        date: NaiveDate,
    ) -> Result<Option<DayCapacity>, DbError> {
        on_backend!(self, db => db.day_capacity(official_id, date).await)
    }

    // --- bookings ------------------------------------------------------------------------------

    /// Applies one pushed booking in one transaction (see the module's doc for the rules).
    /// `day_capacity` is the catalog's capacity of the day, used when the day is first seen.
    /// A refusal is an `Ok(PushOutcome::Refused)`: it is an answer, not a failure.
    pub async fn push(
        &self,
        kiosk_id: &str,
        item: &PushItem,
        day_capacity: u32,
        policy: &BookingPolicy,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<PushOutcome, DbError> {
        if let Some(refusal) = precheck(item) {
            return Ok(refusal);
        }
        to_i32(day_capacity, "capacity")?;
        let outcome = on_backend!(self, db => db.push(kiosk_id, item, day_capacity, policy, today, now).await)?;
        if let PushOutcome::Refused { code, message } = &outcome {
            tracing::info!(kiosk_id, booking_id = %item.booking.booking_id, code, message, "push refused");
        }
        Ok(outcome)
    }

    /// The citizen cancels their booking at any kiosk (`kiosk_id`, for the log): the place goes
    /// back where it came from (the day for a direct booking, the making kiosk's lease for a
    /// lease booking), and the `cancelled` event goes to the timeline of the kiosk that made it.
    /// A malformed proof is [`DbError::Invalid`], another citizen's card
    /// [`DbError::CitizenMismatch`], a closed booking or one whose reception day is past (in
    /// Baku, at `now`) [`DbError::NotCancellable`].
    pub async fn cancel(
        &self,
        kiosk_id: &str,
        booking_id: Uuid,
        proof: &CitizenProof,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let proof = Proof::parse(proof).map_err(|e| DbError::Invalid(e.to_string()))?;
        let by = Actor::Citizen {
            proof,
            today: baku_date(&now),
        };
        on_backend!(self, db => db.change_status(by, booking_id, BookingStatus::Cancelled, None, now).await)?;
        tracing::info!(kiosk_id, %booking_id, "booking cancelled by its citizen");
        Ok(())
    }

    /// The citizen comments on their booking at any kiosk (`kiosk_id`, for the log); the event
    /// goes to the timeline of the kiosk that made it. Applied once per `key`: a replay stores
    /// nothing and returns `false`. `text` is checked by the caller.
    pub async fn add_comment(
        &self,
        kiosk_id: &str,
        booking_id: Uuid,
        key: Uuid,
        proof: &CitizenProof,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        let proof = Proof::parse(proof).map_err(|e| DbError::Invalid(e.to_string()))?;
        let stored =
            on_backend!(self, db => db.add_comment(booking_id, key, &proof, text, now).await)?;
        tracing::info!(kiosk_id, %booking_id, stored, "comment");
        Ok(stored)
    }

    /// The authority changes a booking's status and/or replies (the admin CLI). Cancelling
    /// frees the place as [`ServerDb::cancel`] does, closed or past as it may be; a cancelled
    /// booking cannot be reopened.
    pub async fn set_status(
        &self,
        booking_id: Uuid,
        status: BookingStatus,
        reply: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        on_backend!(self, db => db.change_status(Actor::Authority, booking_id, status, reply, now).await)
    }

    /// Events of the kiosk's bookings with a cursor above `after`, oldest first, at most `limit`.
    pub async fn updates(
        &self,
        kiosk_id: &str,
        after: u64,
        limit: u32,
    ) -> Result<UpdatesResponse, DbError> {
        let after = i64::try_from(after)
            .map_err(|_| DbError::Invalid(format!("cursor {after} is out of range")))?;
        on_backend!(self, db => db.updates(kiosk_id, after, limit).await)
    }

    pub async fn booking(&self, booking_id: Uuid) -> Result<Option<StoredBooking>, DbError> {
        on_backend!(self, db => db.booking(booking_id).await)
    }

    pub async fn count_bookings(&self) -> Result<u64, DbError> {
        on_backend!(self, db => db.count_bookings().await)
    }

    // --- the citizen at any kiosk --------------------------------------------------------------

    /// One citizen's applications from every kiosk, for the kiosk `kiosk_id` whose reader holds
    /// their card; `proof` is `None` when the request's body could not be read. Every request
    /// is recorded (kiosk, FİN, time, outcome), refused ones too, and a kiosk that made
    /// `limit.max` requests (not counting those refused for the rate) within `limit.per` is
    /// refused until the oldest of them leaves the window.
    pub async fn history(
        &self,
        kiosk_id: &str,
        proof: Option<&CitizenProof>,
        limit: RateLimit,
        now: DateTime<Utc>,
    ) -> Result<HistoryOutcome, DbError> {
        let per = TimeDelta::from_std(limit.per).map_err(|_| {
            DbError::Invalid(format!("rate window {:?} is out of range", limit.per))
        })?;
        let (fin, parsed) = match proof {
            Some(p) => (
                // PostgreSQL's text holds no NUL, and an audit log no control characters: the
                // request is recorded (and answered as malformed) without them.
                citizen::logged_fin(p)
                    .chars()
                    .filter(|c| !c.is_control())
                    .collect(),
                Proof::parse(p).map_err(|e| e.to_string()),
            ),
            None => (
                String::new(),
                Err("the request body is not a history request".to_owned()),
            ),
        };
        let outcome =
            on_backend!(self, db => db.history(kiosk_id, &fin, parsed, limit.max, per, now).await)?;
        tracing::info!(kiosk_id, outcome = outcome.as_str(), "history request");
        Ok(outcome)
    }

    /// The history requests of one kiosk, oldest first: who looked at whose applications.
    pub async fn history_log(&self, kiosk_id: &str) -> Result<Vec<HistoryLogRow>, DbError> {
        on_backend!(self, db => db.history_log(kiosk_id).await)
    }

    /// A citizen checks in at a kiosk with their notice's barcode (`payload`), at `at`. See
    /// [`ArrivalOutcome`]: one `arrived` event per booking, in the timeline of the kiosk that made
    /// it; `key` makes a replay answer as the first time did.
    pub async fn arrival(
        &self,
        kiosk_id: &str,
        payload: &BarcodePayload,
        key: Uuid,
        at: DateTime<Utc>,
    ) -> Result<ArrivalOutcome, DbError> {
        let outcome = on_backend!(self, db => db.arrival(payload, key, at).await)?;
        tracing::info!(kiosk_id, barcode = %payload, ?outcome, "arrival");
        Ok(outcome)
    }

    // --- registry ------------------------------------------------------------------------------

    /// Adds or replaces registry entries (by FİN, document number included), in one
    /// transaction.
    pub async fn put_registry(&self, entries: &[RegistryRecord]) -> Result<(), DbError> {
        on_backend!(self, db => db.put_registry(entries).await)
    }

    pub async fn registry(&self, fin: &str) -> Result<Option<RegistryEntry>, DbError> {
        on_backend!(self, db => db.registry(fin).await)
    }
}

// --- shared by both engines ----------------------------------------------------------------------

/// Refusals that need no database: values the schema could not hold.
fn precheck(item: &PushItem) -> Option<PushOutcome> {
    if i64::try_from(item.seq).is_err() {
        return Some(refused(
            codes::BAD_REQUEST,
            format!("sequence {} is out of range", item.seq),
        ));
    }
    let number = item.booking.application_number;
    if number == 0 || number > qebul_core::numbering::ApplicationNumber::MAX {
        return Some(refused(
            codes::NUMBER_NOT_OURS,
            format!("application number {number} is not in any of this kiosk's blocks"),
        ));
    }
    if let Some(field) = field_with_nul(&item.booking) {
        // PostgreSQL cannot store it, and no kiosk's form lets one through.
        return Some(refused(
            codes::BAD_REQUEST,
            format!("the booking's {field} holds a NUL, a control character no text may hold"),
        ));
    }
    None
}

/// The first text field of `b` holding a NUL character, by its wire name. (Destructured, so a
/// new text field cannot be forgotten here.)
fn field_with_nul(b: &BookingWire) -> Option<&'static str> {
    let CitizenWire {
        fin,
        name,
        document_number,
        birth_date: _,
        phone,
        email,
        workplace,
        position,
        address,
        note,
    } = &b.citizen;
    let fields = [
        ("official_id", b.official_id.as_str()),
        ("topic_id", b.topic_id.as_str()),
        ("social_status_id", b.social_status_id.as_str()),
        ("privilege_id", b.privilege_id.as_deref().unwrap_or("")),
        ("citizen.fin", fin.as_str()),
        ("citizen.name", name.as_str()),
        ("citizen.document_number", document_number.as_str()),
        ("citizen.phone", phone.as_str()),
        ("citizen.email", email.as_deref().unwrap_or("")),
        ("citizen.workplace", workplace.as_str()),
        ("citizen.position", position.as_str()),
        ("citizen.address", address.as_str()),
        ("citizen.note", note.as_str()),
    ];
    fields
        .into_iter()
        .find(|(_, text)| text.contains('\0'))
        .map(|(name, _)| name)
}

fn refused(code: &str, message: impl Into<String>) -> PushOutcome {
    PushOutcome::Refused {
        code: code.to_owned(),
        message: message.into(),
    }
}

fn no_lease(b: &BookingWire) -> PushOutcome {
    refused(
        codes::NO_LEASE,
        format!(
            "this kiosk holds no unused lease place for {} on {}",
            b.official_id, b.reception_date
        ),
    )
}

fn no_place_left(b: &BookingWire) -> PushOutcome {
    refused(
        codes::NO_PLACE_LEFT,
        format!(
            "no place is left for {} on {}",
            b.official_id, b.reception_date
        ),
    )
}

fn number_not_ours(b: &BookingWire) -> PushOutcome {
    refused(
        codes::NUMBER_NOT_OURS,
        format!(
            "application number {} is not in any of this kiosk's blocks",
            b.application_number
        ),
    )
}

fn already_used(b: &BookingWire) -> PushOutcome {
    refused(
        codes::BAD_REQUEST,
        format!(
            "booking {} or application number {} was already received under another idempotency key",
            b.booking_id, b.application_number
        ),
    )
}

fn policy_refusal(refusal: &qebul_core::validation::PolicyRefusal) -> PushOutcome {
    refused(
        codes::POLICY,
        qebul_l10n::policy_refusal(qebul_core::Lang::En, refusal),
    )
}

fn place_str(p: PlaceSource) -> &'static str {
    match p {
        PlaceSource::Lease => "lease",
        PlaceSource::Direct => "direct",
    }
}

fn parse_place(s: &str) -> Result<PlaceSource, DbError> {
    match s {
        "lease" => Ok(PlaceSource::Lease),
        "direct" => Ok(PlaceSource::Direct),
        other => Err(DbError::Corrupt(format!("place source {other:?}"))),
    }
}

fn kind_str(k: EventKind) -> &'static str {
    match k {
        EventKind::Received => "received",
        EventKind::StatusChanged => "status_changed",
        EventKind::Reply => "reply",
        EventKind::Cancelled => "cancelled",
        EventKind::Comment => "comment",
        EventKind::Arrived => "arrived",
    }
}

fn parse_kind(s: &str) -> Result<EventKind, DbError> {
    Ok(match s {
        "received" => EventKind::Received,
        "status_changed" => EventKind::StatusChanged,
        "reply" => EventKind::Reply,
        "cancelled" => EventKind::Cancelled,
        "comment" => EventKind::Comment,
        "arrived" => EventKind::Arrived,
        other => return Err(DbError::Corrupt(format!("event kind {other:?}"))),
    })
}

fn parse_printer(s: &str) -> Result<PrinterHealth, DbError> {
    PrinterHealth::parse(s).ok_or_else(|| DbError::Corrupt(format!("printer state {s:?}")))
}

/// A count or size from the wire as the schema's signed 64 bits: what does not fit is stored as
/// the largest value (no disk or backlog comes near it).
fn clamped_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn parse_status(s: &str) -> Result<BookingStatus, DbError> {
    BookingStatus::parse(s).ok_or_else(|| DbError::Corrupt(format!("booking status {s:?}")))
}

/// What the engines know of a booking when judging a citizen's action on it.
struct CitizenBooking {
    /// The kiosk that made it: its timeline gets the events.
    owner: String,
    fin: String,
    status: BookingStatus,
    reception_date: NaiveDate,
}

/// The rules of a status change. A citizen (whose proof the engine checked: `check`, `None`
/// for the authority) may cancel only their own booking, not once closed nor after its day; the
/// authority may do anything but reopen a cancelled booking.
fn status_change_allowed(
    by: &Actor,
    booking_id: Uuid,
    b: &CitizenBooking,
    check: Option<ProofCheck>,
) -> Result<(), DbError> {
    // The proof first: whoever is not this booking's citizen learns nothing of its state.
    if let Actor::Citizen { proof, .. } = by {
        citizen_may_act(proof, b, check.unwrap_or(ProofCheck::Mismatch))?;
    }
    if b.status == BookingStatus::Cancelled {
        return Err(DbError::AlreadyCancelled(booking_id));
    }
    if let Actor::Citizen { today, .. } = by {
        let reason = if b.status == BookingStatus::Closed {
            Some("it is closed".to_owned())
        } else if b.reception_date < *today {
            Some(format!("its reception day {} has passed", b.reception_date))
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(DbError::NotCancellable {
                booking: booking_id,
                reason,
            });
        }
    }
    Ok(())
}

/// The booking is the proof's citizen's: same FİN, and the proof holds (`check`).
fn citizen_may_act(proof: &Proof, b: &CitizenBooking, check: ProofCheck) -> Result<(), DbError> {
    if b.fin.trim().to_ascii_uppercase() != proof.fin || check != ProofCheck::Match {
        return Err(DbError::CitizenMismatch);
    }
    Ok(())
}

/// An idempotency key already used by an action: replayed on the same booking and kind, or a
/// key reused for something else (refused: keys are UUID v7, a reuse is a kiosk's bug).
fn replayed(
    used: Option<(Uuid, EventKind)>,
    booking_id: Uuid,
    kind: EventKind,
    key: Uuid,
) -> Result<bool, DbError> {
    match used {
        None => Ok(false),
        Some((b, k)) if b == booking_id && k == kind => Ok(true),
        Some(_) => Err(DbError::Invalid(format!(
            "idempotency key {key} was already used for another action"
        ))),
    }
}

/// What the engines read for an arrival: the booking with the barcode's number.
struct ArrivalBooking {
    booking_id: Uuid,
    /// The kiosk that made it: the `arrived` event goes to its timeline.
    owner: String,
    number: u32,
    official_id: String,
    reception_date: NaiveDate,
    created_at: DateTime<Utc>,
    status: BookingStatus,
}

impl ArrivalBooking {
    /// `ahead`: the official's bookings of the day, not cancelled, made before this one.
    fn checked_in(self, ahead: u32, first: bool) -> ArrivalOutcome {
        ArrivalOutcome::CheckedIn {
            booking_id: self.booking_id,
            official_id: self.official_id,
            reception_date: self.reception_date,
            place_in_line: ahead.saturating_add(1),
            first,
        }
    }
}

/// The booking to check in, or (`Err`) the answer without checking in: the barcode's days must
/// be the booking's (made on, in Baku; reception), else it is not this booking's notice; then a
/// cancelled booking, or another day than `at`'s date in Baku.
fn check_in_booking(
    payload: &BarcodePayload,
    booking: Option<ArrivalBooking>,
    at: DateTime<Utc>,
) -> Result<ArrivalBooking, ArrivalOutcome> {
    let Some(b) = booking.filter(|b| {
        DayMonth::of(baku_date(&b.created_at)) == payload.created()
            && DayMonth::of(b.reception_date) == payload.reception()
    }) else {
        return Err(ArrivalOutcome::Unknown);
    };
    if b.status == BookingStatus::Cancelled {
        Err(ArrivalOutcome::Cancelled {
            booking_id: b.booking_id,
            official_id: b.official_id,
            reception_date: b.reception_date,
        })
    } else if b.reception_date != baku_date(&at) {
        Err(ArrivalOutcome::OtherDay {
            booking_id: b.booking_id,
            official_id: b.official_id,
            reception_date: b.reception_date,
        })
    } else {
        Ok(b)
    }
}

/// How long until the oldest counted request leaves the window (at least a second: a
/// `Retry-After` of 0 would invite an immediate retry).
fn retry_after(
    oldest: Option<DateTime<Utc>>,
    per: TimeDelta,
    now: DateTime<Utc>,
) -> std::time::Duration {
    let wait = oldest.map_or(per, |oldest| oldest + per - now);
    let secs = (wait.num_milliseconds().max(0) + 999) / 1000;
    std::time::Duration::from_secs(u64::try_from(secs.max(1)).unwrap_or(1))
}

/// The events a status change writes: the change itself (if any), then the reply (if any).
fn status_events(
    from: BookingStatus,
    to: BookingStatus,
    reply: Option<&str>,
) -> Vec<(EventKind, Option<String>)> {
    let mut events = Vec::new();
    if from != to {
        let kind = if to == BookingStatus::Cancelled {
            EventKind::Cancelled
        } else {
            EventKind::StatusChanged
        };
        events.push((kind, None));
    }
    if let Some(text) = reply {
        events.push((EventKind::Reply, Some(text.to_owned())));
    }
    events
}

fn to_i32(v: u32, what: &str) -> Result<i32, DbError> {
    i32::try_from(v).map_err(|_| DbError::Invalid(format!("{what} {v} is out of range")))
}

fn stored_u32<T: TryInto<u32> + Copy + std::fmt::Display>(
    v: T,
    what: &str,
) -> Result<u32, DbError> {
    v.try_into()
        .map_err(|_| DbError::Corrupt(format!("{what} {v} is out of range")))
}

fn stored_u64(v: i64, what: &str) -> Result<u64, DbError> {
    u64::try_from(v).map_err(|_| DbError::Corrupt(format!("{what} {v} is out of range")))
}
