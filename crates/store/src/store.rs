//! Opening the store, migrations, grants from the server and the catalog cache.
use std::path::Path;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};

use crate::key::{open_connection, DbKey, OpenError};

/// The schema version [`Store::open`] migrates to.
pub const SCHEMA_VERSION: usize = 8;

const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("migrations/001_initial.sql")),
    M::up(include_str!("migrations/002_print_times_and_indexes.sql")),
    // Rebuilds the bookings table: run with foreign keys off (see Store::open), checked after.
    M::up(include_str!("migrations/003_fewer_pages_per_booking.sql")).foreign_key_check(),
    M::up(include_str!("migrations/004_sync_state.sql")),
    M::up(include_str!(
        "migrations/005_booking_language_and_document.sql"
    )),
    M::up(include_str!("migrations/006_citizen_actions.sql")),
    M::up(include_str!("migrations/007_staff.sql")),
    M::up(include_str!("migrations/008_lease_anchor_reading.sql")),
];

/// The store's migrations, in order (version `n` is the first `n` of them).
pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("a stored value is not valid: {0}")]
    Corrupt(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("the server's grant is not valid: {0}")]
    InvalidGrant(String),
    #[error("print job {job} is {state}: it cannot be {action}")]
    InvalidTransition {
        job: i64,
        state: &'static str,
        action: &'static str,
    },
}

/// The catalog as last received from the server.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedCatalog {
    pub version: i64,
    pub signature: Vec<u8>,
    pub body: serde_json::Value,
    pub received_at: DateTime<Utc>,
}

/// The kiosk's local store. One connection; every write method is one transaction.
pub struct Store {
    pub(crate) conn: Connection,
}

impl Store {
    /// Opens (or creates) the encrypted database at `path` and migrates it to [`SCHEMA_VERSION`].
    pub fn open(path: &Path, key: &DbKey) -> Result<Store, StoreError> {
        let mut conn = open_connection(path, key)?;
        // Foreign keys off while migrating (a migration may rebuild a parent table, which must not
        // cascade), as SQLite's table-rebuild procedure requires; each such migration checks them
        // before it commits. Then on again, verified.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        let migrated = migrations().to_latest(&mut conn);
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrated?;
        let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
        if fk != 1 {
            return Err(StoreError::Open(OpenError::Setting {
                path: path.to_path_buf(),
                setting: "foreign_keys=ON",
                got: fk.to_string(),
            }));
        }
        // A job still "printing" was cut off by a crash or power loss: nobody knows whether the
        // notice came out, so it is failed with a reason the receptionist sees, ready to reprint.
        conn.execute(
            "UPDATE print_jobs SET state = 'failed', reason = ?1, printed_at = NULL, updated_at = ?2
             WHERE state = 'printing'",
            rusqlite::params![INTERRUPTED_PRINT, ts(chrono::Utc::now())],
        )?;
        Ok(Store { conn })
    }

    /// `PRAGMA integrity_check` says "ok".
    pub fn integrity_check(&self) -> Result<bool, StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(rows.len() == 1 && rows[0] == "ok")
    }

    /// The underlying connection, for tests and diagnostics only.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Records the server's capacity lease: this kiosk may book `places` places in total with
    /// `official_id` on `reception_date` until `expires_at`. A new grant replaces the previous
    /// one (leases only change while online); it can never be smaller than what is already used.
    pub fn grant_lease(
        &mut self,
        official_id: &str,
        reception_date: NaiveDate,
        places: u32,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let used: Option<u32> = tx
            .query_row(
                "SELECT used FROM capacity_leases WHERE official_id = ?1 AND reception_date = ?2",
                params![official_id, reception_date],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(used) = used {
            if places < used {
                return Err(StoreError::InvalidGrant(format!(
                    "lease of {places} place(s) for {official_id} on {reception_date}, but {used} already used"
                )));
            }
        }
        tx.execute(
            "INSERT INTO capacity_leases (official_id, reception_date, granted, used, expires_at)
             VALUES (?1, ?2, ?3, 0, ?4)
             ON CONFLICT (official_id, reception_date)
             DO UPDATE SET granted = excluded.granted, expires_at = excluded.expires_at",
            params![official_id, reception_date, places, ts(expires_at)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The places this kiosk can still book offline for `official_id` on `reception_date` at
    /// `now`: what its unexpired lease has left, or `None` when it holds no unexpired lease.
    pub fn places_here(
        &self,
        official_id: &str,
        reception_date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Option<u32>, StoreError> {
        let lease: Option<(u32, u32, String)> = self
            .conn
            .prepare_cached(
                "SELECT granted, used, expires_at FROM capacity_leases
                 WHERE official_id = ?1 AND reception_date = ?2",
            )?
            .query_row(params![official_id, reception_date], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        match lease {
            Some((granted, used, expires_at)) if parse_ts(&expires_at)? > now => {
                Ok(Some(granted.saturating_sub(used)))
            }
            _ => Ok(None),
        }
    }

    /// Records a block of application numbers `first..=last` granted by the server. Blocks never
    /// overlap.
    pub fn grant_numbers(&mut self, first: u32, last: u32) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        add_number_block(&tx, first, last)?;
        tx.commit()?;
        Ok(())
    }

    /// How many application numbers are left in all blocks.
    pub fn numbers_left(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT coalesce(sum(last + 1 - next), 0) FROM number_blocks",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Replaces the cached catalog (verified by the caller).
    pub fn save_catalog(
        &mut self,
        version: i64,
        signature: &[u8],
        body: &serde_json::Value,
        received_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO catalog_cache (id, version, signature, body, received_at)
             VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET version = excluded.version,
                 signature = excluded.signature, body = excluded.body,
                 received_at = excluded.received_at",
            params![version, signature, body.to_string(), ts(received_at)],
        )?;
        Ok(())
    }

    /// The cached catalog, if any.
    pub fn catalog(&self) -> Result<Option<CachedCatalog>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT version, signature, body, received_at FROM catalog_cache WHERE id = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, Vec<u8>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(version, signature, body, at)| {
            Ok(CachedCatalog {
                version,
                signature,
                body: parse_json(&body)?,
                received_at: parse_ts(&at)?,
            })
        })
        .transpose()
    }
}

/// A timestamp as stored: UTC, microseconds, `Z`; fixed width so that text order is time order.
/// The reason given to a print job the kiosk stopped in the middle of.
pub const INTERRUPTED_PRINT: &str =
    "interrupted: the kiosk stopped while printing; check the printer and reprint";

pub(crate) fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn parse_ts(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("timestamp {text:?}: {e}")))
}

pub(crate) fn parse_opt_ts(text: Option<String>) -> Result<Option<DateTime<Utc>>, StoreError> {
    text.as_deref().map(parse_ts).transpose()
}

pub(crate) fn parse_uuid(text: &str) -> Result<uuid::Uuid, StoreError> {
    uuid::Uuid::parse_str(text).map_err(|e| StoreError::Corrupt(format!("uuid {text:?}: {e}")))
}

pub(crate) fn parse_json(text: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("json: {e}")))
}

/// Adds the number block `first..=last` inside `tx`: the one write path of number blocks, for
/// a grant from the server and for tests alike. The same block again is a no-op (false); a block
/// that overlaps another is refused, since two bookings must never share a number.
pub(crate) fn add_number_block(
    tx: &rusqlite::Transaction<'_>,
    first: u32,
    last: u32,
) -> Result<bool, StoreError> {
    if first == 0 || last < first {
        return Err(StoreError::InvalidGrant(format!(
            "number block {first}..={last}"
        )));
    }
    let same: i64 = tx.query_row(
        "SELECT count(*) FROM number_blocks WHERE first = ?1 AND last = ?2",
        params![first, last],
        |r| r.get(0),
    )?;
    if same > 0 {
        return Ok(false);
    }
    let overlapping: i64 = tx.query_row(
        "SELECT count(*) FROM number_blocks WHERE first <= ?2 AND last >= ?1",
        params![first, last],
        |r| r.get(0),
    )?;
    if overlapping > 0 {
        return Err(StoreError::InvalidGrant(format!(
            "number block {first}..={last} overlaps a block already granted"
        )));
    }
    tx.execute(
        "INSERT INTO number_blocks (first, last, next) VALUES (?1, ?2, ?1)",
        params![first, last],
    )?;
    Ok(true)
}
