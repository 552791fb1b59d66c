//! What the receptionist's screen reads (issue 17): bookings by reception day, unsent and
//! refused work, refused pushes resolved, leases, the database's size.
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use uuid::Uuid;

use crate::audit::{append, AuditEntry};
use crate::booking::{RawBooking, BOOKING_COLUMNS};
use crate::store::{parse_ts, parse_uuid, ts, Store, StoreError};
use crate::StoredBooking;

/// What a piece of work waiting for (or refused by) the server is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkKind {
    Booking,
    Cancel,
    Comment,
    Arrival,
}

impl WorkKind {
    fn parse(kind: &str) -> Result<WorkKind, StoreError> {
        Ok(match kind {
            "booking" => WorkKind::Booking,
            "cancel" => WorkKind::Cancel,
            "comment" => WorkKind::Comment,
            "arrival" => WorkKind::Arrival,
            other => return Err(StoreError::Corrupt(format!("work kind {other:?}"))),
        })
    }
}

/// An outbox entry or a citizen's action not on the server yet (or refused by it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItem {
    /// The idempotency key.
    pub key: Uuid,
    pub kind: WorkKind,
    /// The application number, when this kiosk knows it.
    pub number: Option<u32>,
    /// When it was made (unsent) or refused (refused).
    pub at: DateTime<Utc>,
    pub attempts: u32,
    /// The last error; for a refused item, the server's `code: message`.
    pub last_error: Option<String>,
}

/// A capacity lease as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseRecord {
    pub official_id: String,
    pub reception_date: NaiveDate,
    pub granted: u32,
    pub used: u32,
    pub expires_at: DateTime<Utc>,
}

/// Outbox entries and citizens' actions as one list: key, kind, number, time, attempts, error.
/// `{filter}` picks unsent (`refused_at IS NULL`) or refused-unresolved rows; `{time}` is the
/// time column shown.
const WORK: &str = "
    SELECT o.idempotency_key, 'booking', b.application_number, {booking_time}, o.attempts,
           o.last_error
    FROM outbox o JOIN bookings b ON b.id = o.booking_id
    WHERE o.delivered_at IS NULL AND {outbox_filter}
    UNION ALL
    SELECT a.idempotency_key, a.kind,
           coalesce(b.application_number,
                    CASE WHEN a.kind = 'arrival'
                         THEN CAST(substr(json_extract(a.payload, '$.barcode'), 5, 7) AS INTEGER)
                    END),
           {action_time}, a.attempts, a.last_error
    FROM citizen_actions a LEFT JOIN bookings b ON b.id = a.booking_id
    WHERE a.delivered_at IS NULL AND {action_filter}
    ORDER BY 4";

impl Store {
    /// This kiosk's bookings received on `date`, by official and number.
    pub fn bookings_on(&self, date: NaiveDate) -> Result<Vec<StoredBooking>, StoreError> {
        self.bookings_where(
            "reception_date = ?1 ORDER BY official_id, application_number",
            params![date],
        )
    }

    /// Bookings received from `from` to `to` (inclusive), newest reception date first, at most
    /// `limit`.
    pub fn bookings_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        limit: usize,
    ) -> Result<Vec<StoredBooking>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.bookings_where(
            "reception_date BETWEEN ?1 AND ?2
             ORDER BY reception_date DESC, application_number DESC LIMIT ?3",
            params![from, to, limit],
        )
    }

    /// Bookings whose citizen's name is still kept (not erased), newest reception date first:
    /// what a search by name can find.
    pub fn bookings_with_names(&self) -> Result<Vec<StoredBooking>, StoreError> {
        self.bookings_where(
            "citizen_name IS NOT NULL ORDER BY reception_date DESC, application_number DESC",
            [],
        )
    }

    fn bookings_where(
        &self,
        condition: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<StoredBooking>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {BOOKING_COLUMNS} FROM bookings WHERE {condition}"
        ))?;
        let rows = stmt
            .query_map(params, RawBooking::from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(RawBooking::parse).collect()
    }

    /// How many events of the `kinds` booking `booking`'s timeline holds.
    pub fn count_events(&self, booking: Uuid, kinds: &[&str]) -> Result<u32, StoreError> {
        let kinds = serde_json::to_string(kinds)
            .map_err(|e| StoreError::Corrupt(format!("event kinds: {e}")))?;
        Ok(self.conn.query_row(
            "SELECT count(*) FROM booking_events
             WHERE booking_id = ?1 AND kind IN (SELECT value FROM json_each(?2))",
            params![booking.hyphenated().to_string(), kinds],
            |r| r.get(0),
        )?)
    }

    /// Bookings, cancellations, comments and check-ins not on the server yet, oldest first.
    pub fn unsent_work(&self) -> Result<Vec<WorkItem>, StoreError> {
        self.work(
            &WORK
                .replace("{booking_time}", "b.created_at")
                .replace("{outbox_filter}", "o.refused_at IS NULL")
                .replace("{action_time}", "a.created_at")
                .replace("{action_filter}", "a.refused_at IS NULL"),
        )
    }

    /// What the server refused and no receptionist has resolved yet, oldest first.
    pub fn refused_work(&self) -> Result<Vec<WorkItem>, StoreError> {
        self.work(
            &WORK
                .replace("{booking_time}", "o.refused_at")
                .replace(
                    "{outbox_filter}",
                    "o.refused_at IS NOT NULL AND o.resolved_at IS NULL",
                )
                .replace("{action_time}", "a.refused_at")
                .replace(
                    "{action_filter}",
                    "a.refused_at IS NOT NULL AND a.resolved_at IS NULL",
                ),
        )
    }

    fn work(&self, sql: &str) -> Result<Vec<WorkItem>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<u32>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, u32>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(key, kind, number, at, attempts, last_error)| {
                Ok(WorkItem {
                    key: parse_uuid(&key)?,
                    kind: WorkKind::parse(&kind)?,
                    number,
                    at: parse_ts(&at)?,
                    attempts,
                    last_error,
                })
            })
            .collect()
    }

    /// A receptionist saw to the refused entry `key` (an outbox entry or a citizen's action):
    /// it stays refused, no longer counts as unresolved, and `audit` is appended, in one
    /// transaction. Not found: no unresolved refusal has that key.
    pub fn resolve_refused(
        &mut self,
        key: Uuid,
        note: &str,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let key_text = key.hyphenated().to_string();
        let tx = self.conn.transaction()?;
        let mut changed = 0;
        for table in ["outbox", "citizen_actions"] {
            changed += tx.execute(
                &format!(
                    "UPDATE {table} SET resolved_at = ?2, resolved_by = ?3, resolution = ?4
                     WHERE idempotency_key = ?1 AND refused_at IS NOT NULL
                       AND resolved_at IS NULL"
                ),
                params![key_text, ts(audit.at), audit.actor, note],
            )?;
        }
        if changed == 0 {
            return Err(StoreError::NotFound(format!("unresolved refusal {key}")));
        }
        append(&tx, audit)?;
        tx.commit()?;
        Ok(())
    }

    /// Every capacity lease, by day and official.
    pub fn leases(&self) -> Result<Vec<LeaseRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT official_id, reception_date, granted, used, expires_at FROM capacity_leases
             ORDER BY reception_date, official_id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, NaiveDate>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, u32>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(official_id, reception_date, granted, used, until)| {
                Ok(LeaseRecord {
                    official_id,
                    reception_date,
                    granted,
                    used,
                    expires_at: parse_ts(&until)?,
                })
            })
            .collect()
    }

    /// The database's size in bytes (its pages; the write-ahead log not counted).
    pub fn database_bytes(&self) -> Result<u64, StoreError> {
        let bytes: i64 = self.conn.query_row(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(bytes).unwrap_or(0))
    }

    /// The database file, when it is one (not in memory).
    pub fn database_path(&self) -> Option<PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    }
}
