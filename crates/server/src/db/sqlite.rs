//! The SQLite engine: one connection behind a mutex, every call on tokio's blocking pool.
//!
//! One writer is all SQLite allows anyway; `BEGIN IMMEDIATE` takes the write lock at the start
//! of each transaction, so a check and the write that depends on it can never interleave with
//! another writer, even one in another process (which waits up to the busy timeout).
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, SecondsFormat, TimeDelta, Utc};
use qebul_core::validation::{ActiveBooking, BookingPolicy};
use qebul_protocol::api::{
    BookingStatus, BookingWire, CitizenWire, EventKind, Lease, NumberBlock, PlaceSource, PushItem,
    PushOutcome, RegistryEntry, TimelineEvent, UpdatesResponse,
};
use qebul_protocol::SignedCatalog;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use uuid::Uuid;

use super::{
    already_used, kind_str, no_lease, no_place_left, number_not_ours, parse_kind, parse_place,
    parse_status, place_str, policy_refusal, status_events, stored_u32, stored_u64, DayCapacity,
    DbError, KioskRow, LeaseWant, StoredBooking,
};

const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("migrations/sqlite/001_initial.sql")),
    M::up(include_str!("migrations/sqlite/002_notice_key.sql")),
];

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub(super) struct SqliteDb {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteDb {
    pub(super) async fn open(path: &str) -> Result<SqliteDb, DbError> {
        let path = path.to_owned();
        let conn = tokio::task::spawn_blocking(move || open_blocking(Path::new(&path))).await??;
        Ok(SqliteDb {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on the blocking pool.
    async fn run<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A panic while the lock was held left no half-done work behind: an unfinished
            // rusqlite Transaction rolls back when dropped. So a poisoned lock is still usable.
            let mut conn = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut conn)
        })
        .await?
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction, committed if `f` returns `Ok(commit=true)`.
    async fn write<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<(T, bool), DbError> + Send + 'static,
    {
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let (value, commit) = f(&tx)?;
            if commit {
                tx.commit()?;
            } else {
                tx.rollback()?;
            }
            Ok(value)
        })
        .await
    }

    // --- catalog -------------------------------------------------------------------------------

    pub(super) async fn store_catalog(
        &self,
        catalog: &SignedCatalog,
        version: u64,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let catalog = catalog.clone();
        let v = i64::try_from(version)
            .map_err(|_| DbError::Invalid(format!("catalog version {version} is out of range")))?;
        self.write(move |tx| {
            let stored: Option<String> = tx
                .query_row("SELECT body FROM catalogs WHERE version = ?1", [v], |r| r.get(0))
                .optional()?;
            match stored {
                Some(body) if body == catalog.body => Ok(((), false)),
                Some(_) => Err(DbError::CatalogVersionTaken(version)),
                None => {
                    tx.execute(
                        "INSERT INTO catalogs (version, body, signature, stored_at) VALUES (?1, ?2, ?3, ?4)",
                        params![v, catalog.body, catalog.signature, ts(now)],
                    )?;
                    Ok(((), true))
                }
            }
        })
        .await
    }

    pub(super) async fn latest_catalog(&self) -> Result<Option<SignedCatalog>, DbError> {
        self.run(|conn| {
            Ok(conn
                .query_row(
                    "SELECT body, signature FROM catalogs ORDER BY version DESC LIMIT 1",
                    [],
                    |r| {
                        Ok(SignedCatalog {
                            body: r.get(0)?,
                            signature: r.get(1)?,
                        })
                    },
                )
                .optional()?)
        })
        .await
    }

    // --- kiosks --------------------------------------------------------------------------------

    pub(super) async fn create_enrollment(
        &self,
        name: &str,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<String, DbError> {
        let (name, code_hash) = (name.to_owned(), code_hash.to_owned());
        let id = Uuid::now_v7().to_string();
        self.write(move |tx| {
            tx.execute(
                "INSERT INTO kiosks (id, name, code_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![id, name, code_hash, ts(now)],
            )?;
            Ok((id, true))
        })
        .await
    }

    pub(super) async fn enroll(
        &self,
        code_hash: &str,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, DbError> {
        let (code_hash, token_hash) = (code_hash.to_owned(), token_hash.to_owned());
        self.write(move |tx| {
            // One statement: the code is cleared as it is used, so it works once.
            let id: Option<String> = tx
                .query_row(
                    "UPDATE kiosks SET code_hash = NULL, token_hash = ?2, enrolled_at = ?3
                     WHERE code_hash = ?1 AND enrolled_at IS NULL AND revoked_at IS NULL
                     RETURNING id",
                    params![code_hash, token_hash, ts(now)],
                    |r| r.get(0),
                )
                .optional()?;
            let commit = id.is_some();
            Ok((id, commit))
        })
        .await
    }

    pub(super) async fn set_notice_key(&self, kiosk_id: &str, key: &str) -> Result<(), DbError> {
        let (kiosk_id, key) = (kiosk_id.to_owned(), key.to_owned());
        self.write(move |tx| {
            let changed = tx.execute(
                "UPDATE kiosks SET notice_key = ?2 WHERE id = ?1",
                params![kiosk_id, key],
            )?;
            if changed == 0 {
                return Err(DbError::NotFound(format!("kiosk {kiosk_id}")));
            }
            Ok(((), true))
        })
        .await
    }

    pub(super) async fn notice_key(&self, kiosk_id: &str) -> Result<Option<String>, DbError> {
        let kiosk_id = kiosk_id.to_owned();
        self.run(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT notice_key FROM kiosks WHERE id = ?1",
                    [kiosk_id],
                    |r| r.get::<_, Option<String>>(0),
                )
                .optional()?
                .flatten())
        })
        .await
    }

    pub(super) async fn kiosk_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<KioskRow>, DbError> {
        let token_hash = token_hash.to_owned();
        self.run(move |conn| {
            conn.query_row(
                &format!("{KIOSK_COLUMNS} WHERE token_hash = ?1"),
                [token_hash],
                raw_kiosk,
            )
            .optional()?
            .map(kiosk_row)
            .transpose()
        })
        .await
    }

    pub(super) async fn revoke_kiosk(
        &self,
        kiosk_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let kiosk_id = kiosk_id.to_owned();
        self.write(move |tx| {
            let n = tx.execute(
                "UPDATE kiosks SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
                params![kiosk_id, ts(now)],
            )?;
            if n == 0 {
                return Err(DbError::NotFound(format!("kiosk {kiosk_id}")));
            }
            Ok(((), true))
        })
        .await
    }

    pub(super) async fn list_kiosks(&self) -> Result<Vec<KioskRow>, DbError> {
        self.run(|conn| {
            let mut stmt = conn.prepare(&format!("{KIOSK_COLUMNS} ORDER BY created_at, id"))?;
            let rows = stmt.query_map([], raw_kiosk)?;
            rows.map(|r| kiosk_row(r?)).collect()
        })
        .await
    }

    // --- numbers -------------------------------------------------------------------------------

    pub(super) async fn allocate_numbers(
        &self,
        kiosk_id: &str,
        count: u32,
        now: DateTime<Utc>,
    ) -> Result<NumberBlock, DbError> {
        let kiosk_id = kiosk_id.to_owned();
        self.write(move |tx| {
            ensure_kiosk(tx, &kiosk_id)?;
            let next: i64 = tx.query_row("SELECT next FROM number_counter WHERE id = 1", [], |r| r.get(0))?;
            let first = stored_u32(next, "number counter")?;
            let max = qebul_core::numbering::ApplicationNumber::MAX;
            let last = first
                .checked_add(count - 1)
                .filter(|&last| last <= max)
                .ok_or(DbError::NumbersExhausted { wanted: count, max })?;
            tx.execute(
                "UPDATE number_counter SET next = ?1 WHERE id = 1",
                [i64::from(last) + 1],
            )?;
            tx.execute(
                "INSERT INTO number_blocks (first, last, kiosk_id, granted_at) VALUES (?1, ?2, ?3, ?4)",
                params![first, last, kiosk_id, ts(now)],
            )?;
            Ok((NumberBlock { first, last }, true))
        })
        .await
    }

    // --- leases --------------------------------------------------------------------------------

    pub(super) async fn grant_leases(
        &self,
        kiosk_id: &str,
        wants: &[LeaseWant],
        target: u32,
        ends_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Lease>, DbError> {
        let kiosk_id = kiosk_id.to_owned();
        let wants = wants.to_vec();
        self.write(move |tx| {
            ensure_kiosk(tx, &kiosk_id)?;
            let mut leases = Vec::new();
            for (official_id, reception_date, day_capacity) in &wants {
                let date = day(*reception_date);
                ensure_day(tx, official_id, *reception_date, *day_capacity)?;
                let (capacity, taken): (u32, u32) = tx.query_row(
                    "SELECT capacity, taken FROM day_capacity WHERE official_id = ?1 AND reception_date = ?2",
                    params![official_id, date],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                let held: Option<u32> = tx
                    .query_row(
                        "SELECT places FROM leases WHERE kiosk_id = ?1 AND official_id = ?2 AND reception_date = ?3",
                        params![kiosk_id, official_id, date],
                        |r| r.get(0),
                    )
                    .optional()?;
                let grant = target
                    .saturating_sub(held.unwrap_or(0))
                    .min(capacity.saturating_sub(taken));
                if grant > 0 {
                    tx.execute(
                        "UPDATE day_capacity SET taken = taken + ?3 WHERE official_id = ?1 AND reception_date = ?2",
                        params![official_id, date, grant],
                    )?;
                }
                if held.is_some() || grant > 0 {
                    tx.execute(
                        "INSERT INTO leases (kiosk_id, official_id, reception_date, places, used, ends_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)
                         ON CONFLICT (kiosk_id, official_id, reception_date) DO UPDATE
                         SET places = places + excluded.places, ends_at = excluded.ends_at,
                             updated_at = excluded.updated_at",
                        params![kiosk_id, official_id, date, grant, ts(ends_at), ts(now)],
                    )?;
                    leases.push(read_lease(tx, &kiosk_id, official_id, *reception_date)?);
                }
            }
            Ok((leases, true))
        })
        .await
    }

    pub(super) async fn record_report(
        &self,
        kiosk_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let kiosk_id = kiosk_id.to_owned();
        self.write(move |tx| {
            ensure_kiosk(tx, &kiosk_id)?;
            tx.execute(
                "UPDATE kiosks SET last_report_at = ?2
                 WHERE id = ?1 AND (last_report_at IS NULL OR last_report_at < ?2)",
                params![kiosk_id, ts(now)],
            )?;
            Ok(((), true))
        })
        .await
    }

    pub(super) async fn reclaim_leases(
        &self,
        now: DateTime<Utc>,
        drift: TimeDelta,
    ) -> Result<u32, DbError> {
        self.write(move |tx| {
            let mut stmt = tx.prepare(
                "SELECT l.kiosk_id, l.official_id, l.reception_date, l.places - l.used, l.ends_at, k.last_report_at
                 FROM leases l JOIN kiosks k ON k.id = l.kiosk_id
                 WHERE l.places > l.used AND l.ends_at < ?1 AND k.last_report_at IS NOT NULL",
            )?;
            let candidates = stmt
                .query_map([ts(now - drift)], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, u32>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let mut returned = 0u32;
            for (kiosk_id, official_id, date, unused, ends_at, reported) in candidates {
                // Only a report after the end (plus drift) proves that every booking the kiosk
                // made from this lease has arrived.
                if parse_ts(&reported)? <= parse_ts(&ends_at)? + drift {
                    continue;
                }
                tx.execute(
                    "UPDATE leases SET places = used, updated_at = ?4
                     WHERE kiosk_id = ?1 AND official_id = ?2 AND reception_date = ?3",
                    params![kiosk_id, official_id, date, ts(now)],
                )?;
                tx.execute(
                    "UPDATE day_capacity SET taken = taken - ?3 WHERE official_id = ?1 AND reception_date = ?2",
                    params![official_id, date, unused],
                )?;
                tracing::info!(kiosk_id, official_id, date, unused, "lease reclaimed");
                returned = returned.saturating_add(unused);
            }
            drop(stmt);
            Ok((returned, true))
        })
        .await
    }

    pub(super) async fn day_capacity(
        &self,
        official_id: &str,
        date: NaiveDate,
    ) -> Result<Option<DayCapacity>, DbError> {
        let official_id = official_id.to_owned();
        self.run(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT capacity, taken,
                        (SELECT COALESCE(SUM(places), 0) FROM leases l
                          WHERE l.official_id = d.official_id AND l.reception_date = d.reception_date),
                        (SELECT COUNT(*) FROM bookings b
                          WHERE b.official_id = d.official_id AND b.reception_date = d.reception_date
                            AND b.place = 'direct' AND b.status <> 'cancelled')
                     FROM day_capacity d WHERE official_id = ?1 AND reception_date = ?2",
                    params![official_id, day(date)],
                    |r| {
                        Ok(DayCapacity {
                            capacity: r.get(0)?,
                            taken: r.get(1)?,
                            leased: r.get(2)?,
                            direct: r.get(3)?,
                        })
                    },
                )
                .optional()?)
        })
        .await
    }

    // --- bookings ------------------------------------------------------------------------------

    pub(super) async fn push(
        &self,
        kiosk_id: &str,
        item: &PushItem,
        day_capacity: u32,
        policy: &BookingPolicy,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<PushOutcome, DbError> {
        let kiosk_id = kiosk_id.to_owned();
        let item = item.clone();
        let policy = *policy;
        self.write(move |tx| {
            let outcome = push_in(tx, &kiosk_id, &item, day_capacity, &policy, today, now)?;
            let commit = outcome == PushOutcome::Accepted;
            Ok((outcome, commit))
        })
        .await
    }

    pub(super) async fn change_status(
        &self,
        kiosk_id: Option<&str>,
        booking_id: Uuid,
        to: BookingStatus,
        reply: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let kiosk_id = kiosk_id.map(str::to_owned);
        let reply = reply.map(str::to_owned);
        self.write(move |tx| {
            let id = booking_id.to_string();
            let found: Option<(String, String, String, String, String)> = tx
                .query_row(
                    "SELECT kiosk_id, status, place, official_id, reception_date FROM bookings WHERE booking_id = ?1",
                    [&id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?;
            let Some((owner, status, place, official_id, date)) = found else {
                return Err(DbError::NotFound(format!("booking {booking_id}")));
            };
            // Another kiosk's booking is answered as if it did not exist.
            if kiosk_id.as_ref().is_some_and(|k| *k != owner) {
                return Err(DbError::NotFound(format!("booking {booking_id}")));
            }
            let from = parse_status(&status)?;
            if from == BookingStatus::Cancelled {
                return Err(DbError::AlreadyCancelled(booking_id));
            }
            if kiosk_id.is_some() && from == BookingStatus::Closed {
                return Err(DbError::Invalid(format!("booking {booking_id} is closed: it can no longer be cancelled")));
            }
            if to == BookingStatus::Cancelled {
                free_place(tx, &owner, parse_place(&place)?, &official_id, &date)?;
            }
            if from != to {
                tx.execute(
                    "UPDATE bookings SET status = ?2, updated_at = ?3 WHERE booking_id = ?1",
                    params![id, to.as_str(), ts(now)],
                )?;
            }
            for (kind, text) in status_events(from, to, reply.as_deref()) {
                add_event(tx, &owner, booking_id, now, kind, to, text.as_deref())?;
            }
            Ok(((), true))
        })
        .await
    }

    pub(super) async fn add_comment(
        &self,
        kiosk_id: &str,
        booking_id: Uuid,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let (kiosk_id, text) = (kiosk_id.to_owned(), text.to_owned());
        self.write(move |tx| {
            let status: Option<String> = tx
                .query_row(
                    "SELECT status FROM bookings WHERE booking_id = ?1 AND kiosk_id = ?2",
                    params![booking_id.to_string(), kiosk_id],
                    |r| r.get(0),
                )
                .optional()?;
            let status =
                status.ok_or_else(|| DbError::NotFound(format!("booking {booking_id}")))?;
            let status = parse_status(&status)?;
            add_event(
                tx,
                &kiosk_id,
                booking_id,
                now,
                EventKind::Comment,
                status,
                Some(&text),
            )?;
            Ok(((), true))
        })
        .await
    }

    pub(super) async fn updates(
        &self,
        kiosk_id: &str,
        after: i64,
        limit: u32,
    ) -> Result<UpdatesResponse, DbError> {
        let kiosk_id = kiosk_id.to_owned();
        self.run(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT cursor, booking_id, at, kind, status, text FROM timeline_events
                 WHERE kiosk_id = ?1 AND cursor > ?2 ORDER BY cursor LIMIT ?3",
            )?;
            let rows = stmt
                .query_map(params![kiosk_id, after, limit], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let mut events = Vec::with_capacity(rows.len());
            for (cursor, booking_id, at, kind, status, text) in rows {
                events.push(TimelineEvent {
                    cursor: stored_u64(cursor, "cursor")?,
                    booking_id: parse_uuid(&booking_id)?,
                    at: parse_ts(&at)?,
                    kind: parse_kind(&kind)?,
                    status: parse_status(&status)?,
                    text,
                });
            }
            let next = match events.last() {
                Some(e) => e.cursor,
                None => stored_u64(after, "cursor")?,
            };
            Ok(UpdatesResponse { events, next })
        })
        .await
    }

    pub(super) async fn booking(&self, booking_id: Uuid) -> Result<Option<StoredBooking>, DbError> {
        self.run(move |conn| read_booking(conn, booking_id)).await
    }

    pub(super) async fn count_bookings(&self) -> Result<u64, DbError> {
        self.run(|conn| {
            let n: i64 = conn.query_row("SELECT COUNT(*) FROM bookings", [], |r| r.get(0))?;
            stored_u64(n, "count")
        })
        .await
    }

    // --- registry ------------------------------------------------------------------------------

    pub(super) async fn put_registry(&self, entries: &[RegistryEntry]) -> Result<(), DbError> {
        let entries = entries.to_vec();
        self.write(move |tx| {
            for e in &entries {
                tx.execute(
                    "INSERT INTO registry (fin, full_name, birth_date, address) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (fin) DO UPDATE SET full_name = excluded.full_name,
                         birth_date = excluded.birth_date, address = excluded.address",
                    params![e.fin, e.full_name, day(e.birth_date), e.address],
                )?;
            }
            Ok(((), true))
        })
        .await
    }

    pub(super) async fn registry(&self, fin: &str) -> Result<Option<RegistryEntry>, DbError> {
        let fin = fin.to_owned();
        self.run(move |conn| {
            let row: Option<(String, String, String, String)> = conn
                .query_row(
                    "SELECT fin, full_name, birth_date, address FROM registry WHERE fin = ?1",
                    [fin],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            row.map(|(fin, full_name, birth, address)| {
                Ok(RegistryEntry {
                    fin,
                    full_name,
                    birth_date: parse_day(&birth)?,
                    address,
                })
            })
            .transpose()
        })
        .await
    }
}

fn open_blocking(path: &Path) -> Result<Connection, DbError> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL lets readers go on while a booking commits; FULL makes each commit durable before the
    // kiosk is told "accepted" (it then forgets the outbox entry).
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(DbError::Corrupt(format!(
            "SQLite refused WAL mode (journal mode {mode})"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Migrations::from_slice(MIGRATIONS).to_latest(&mut conn)?;
    tracing::info!(path = %path.display(), "SQLite database open");
    Ok(conn)
}

#[allow(clippy::too_many_arguments)]
fn push_in(
    tx: &Transaction<'_>,
    kiosk_id: &str,
    item: &PushItem,
    day_capacity: u32,
    policy: &BookingPolicy,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<PushOutcome, DbError> {
    let b = &item.booking;
    let key = item.idempotency_key.to_string();
    let seen: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM bookings WHERE idempotency_key = ?1)",
        [&key],
        |r| r.get(0),
    )?;
    if seen {
        return Ok(PushOutcome::Duplicate);
    }
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM bookings WHERE booking_id = ?1 OR application_number = ?2)",
        params![b.booking_id.to_string(), b.application_number],
        |r| r.get(0),
    )?;
    if taken {
        return Ok(already_used(b));
    }
    let ours: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM number_blocks WHERE kiosk_id = ?1 AND first <= ?2 AND last >= ?2)",
        params![kiosk_id, b.application_number],
        |r| r.get(0),
    )?;
    if !ours {
        return Ok(number_not_ours(b));
    }
    let date = day(b.reception_date);
    match b.place {
        // Printed already, perhaps offline: honoured from the lease whatever the policy says.
        PlaceSource::Lease => {
            let n = tx.execute(
                "UPDATE leases SET used = used + 1, updated_at = ?4
                 WHERE kiosk_id = ?1 AND official_id = ?2 AND reception_date = ?3 AND used < places",
                params![kiosk_id, b.official_id, date, ts(now)],
            )?;
            if n == 0 {
                return Ok(no_lease(b));
            }
        }
        PlaceSource::Direct => {
            let active = active_bookings(tx, &b.citizen.fin, today)?;
            if let Err(refusal) = policy.check(&b.official_id, &active) {
                return Ok(policy_refusal(&refusal));
            }
            ensure_day(tx, &b.official_id, b.reception_date, day_capacity)?;
            let n = tx.execute(
                "UPDATE day_capacity SET taken = taken + 1
                 WHERE official_id = ?1 AND reception_date = ?2 AND taken < capacity",
                params![b.official_id, date],
            )?;
            if n == 0 {
                return Ok(no_place_left(b));
            }
        }
    }
    insert_booking(tx, kiosk_id, item, now)?;
    add_event(
        tx,
        kiosk_id,
        b.booking_id,
        now,
        EventKind::Received,
        BookingStatus::Booked,
        None,
    )?;
    Ok(PushOutcome::Accepted)
}

fn active_bookings(
    tx: &Transaction<'_>,
    fin: &str,
    today: NaiveDate,
) -> Result<Vec<ActiveBooking>, DbError> {
    let mut stmt = tx.prepare(
        "SELECT official_id, reception_date FROM bookings
         WHERE citizen_fin = ?1 AND status IN ('booked', 'in_review') AND reception_date >= ?2",
    )?;
    let rows = stmt
        .query_map(params![fin, day(today)], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(official_id, date)| {
            Ok(ActiveBooking {
                official_id,
                reception_date: parse_day(&date)?,
            })
        })
        .collect()
}

fn insert_booking(
    tx: &Transaction<'_>,
    kiosk_id: &str,
    item: &PushItem,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let b = &item.booking;
    let c = &b.citizen;
    let seq =
        i64::try_from(item.seq).map_err(|_| DbError::Invalid(format!("sequence {}", item.seq)))?;
    tx.execute(
        "INSERT INTO bookings (booking_id, idempotency_key, application_number, kiosk_id, seq,
            official_id, reception_date, created_at, place, topic_id, social_status_id, privilege_id,
            citizen_fin, citizen_name, document_number, birth_date, phone, email, workplace, position,
            address, note, status, received_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
            ?20, ?21, ?22, 'booked', ?23, ?23)",
        params![
            b.booking_id.to_string(),
            item.idempotency_key.to_string(),
            b.application_number,
            kiosk_id,
            seq,
            b.official_id,
            day(b.reception_date),
            ts(b.created_at),
            place_str(b.place),
            b.topic_id,
            b.social_status_id,
            b.privilege_id,
            c.fin,
            c.name,
            c.document_number,
            c.birth_date.map(day),
            c.phone,
            c.email,
            c.workplace,
            c.position,
            c.address,
            c.note,
            ts(now),
        ],
    )?;
    Ok(())
}

/// Gives a cancelled booking's place back where it came from.
fn free_place(
    tx: &Transaction<'_>,
    kiosk_id: &str,
    place: PlaceSource,
    official_id: &str,
    date: &str,
) -> Result<(), DbError> {
    let n = match place {
        PlaceSource::Direct => tx.execute(
            "UPDATE day_capacity SET taken = taken - 1 WHERE official_id = ?1 AND reception_date = ?2",
            params![official_id, date],
        )?,
        PlaceSource::Lease => tx.execute(
            "UPDATE leases SET used = used - 1 WHERE kiosk_id = ?1 AND official_id = ?2 AND reception_date = ?3",
            params![kiosk_id, official_id, date],
        )?,
    };
    if n == 1 {
        Ok(())
    } else {
        Err(DbError::Corrupt(format!(
            "no {} row for the place of a booking on {official_id} {date}",
            place_str(place)
        )))
    }
}

fn add_event(
    tx: &Transaction<'_>,
    kiosk_id: &str,
    booking_id: Uuid,
    at: DateTime<Utc>,
    kind: EventKind,
    status: BookingStatus,
    text: Option<&str>,
) -> Result<(), DbError> {
    let cursor: i64 = tx.query_row(
        "UPDATE kiosks SET last_cursor = last_cursor + 1 WHERE id = ?1 RETURNING last_cursor",
        [kiosk_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO timeline_events (kiosk_id, cursor, booking_id, at, kind, status, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            kiosk_id,
            cursor,
            booking_id.to_string(),
            ts(at),
            kind_str(kind),
            status.as_str(),
            text
        ],
    )?;
    Ok(())
}

fn ensure_kiosk(tx: &Transaction<'_>, kiosk_id: &str) -> Result<(), DbError> {
    let found: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM kiosks WHERE id = ?1)",
        [kiosk_id],
        |r| r.get(0),
    )?;
    if found {
        Ok(())
    } else {
        Err(DbError::NotFound(format!("kiosk {kiosk_id}")))
    }
}

/// Creates the day's capacity row on first use, with the catalog's capacity.
fn ensure_day(
    tx: &Transaction<'_>,
    official_id: &str,
    date: NaiveDate,
    capacity: u32,
) -> Result<(), DbError> {
    tx.execute(
        "INSERT INTO day_capacity (official_id, reception_date, capacity, taken) VALUES (?1, ?2, ?3, 0)
         ON CONFLICT (official_id, reception_date) DO NOTHING",
        params![official_id, day(date), capacity],
    )?;
    Ok(())
}

fn read_lease(
    tx: &Transaction<'_>,
    kiosk_id: &str,
    official_id: &str,
    date: NaiveDate,
) -> Result<Lease, DbError> {
    let (places, used, ends_at): (u32, u32, String) = tx.query_row(
        "SELECT places, used, ends_at FROM leases WHERE kiosk_id = ?1 AND official_id = ?2 AND reception_date = ?3",
        params![kiosk_id, official_id, day(date)],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(Lease {
        official_id: official_id.to_owned(),
        reception_date: date,
        places,
        used,
        ends_at: parse_ts(&ends_at)?,
    })
}

fn read_booking(conn: &Connection, booking_id: Uuid) -> Result<Option<StoredBooking>, DbError> {
    let row = conn
        .query_row(
            "SELECT kiosk_id, seq, idempotency_key, application_number, official_id, reception_date,
                created_at, place, topic_id, social_status_id, privilege_id, citizen_fin, citizen_name,
                document_number, birth_date, phone, email, workplace, position, address, note, status,
                received_at
             FROM bookings WHERE booking_id = ?1",
            [booking_id.to_string()],
            |r| {
                Ok(RawBooking {
                    kiosk_id: r.get(0)?,
                    seq: r.get(1)?,
                    key: r.get(2)?,
                    number: r.get(3)?,
                    official_id: r.get(4)?,
                    reception_date: r.get(5)?,
                    created_at: r.get(6)?,
                    place: r.get(7)?,
                    topic_id: r.get(8)?,
                    social_status_id: r.get(9)?,
                    privilege_id: r.get(10)?,
                    citizen: CitizenWire {
                        fin: r.get(11)?,
                        name: r.get(12)?,
                        document_number: r.get(13)?,
                        birth_date: None,
                        phone: r.get(15)?,
                        email: r.get(16)?,
                        workplace: r.get(17)?,
                        position: r.get(18)?,
                        address: r.get(19)?,
                        note: r.get(20)?,
                    },
                    birth_date: r.get(14)?,
                    status: r.get(21)?,
                    received_at: r.get(22)?,
                })
            },
        )
        .optional()?;
    let Some(raw) = row else { return Ok(None) };
    let mut citizen = raw.citizen;
    citizen.birth_date = raw.birth_date.as_deref().map(parse_day).transpose()?;
    Ok(Some(StoredBooking {
        kiosk_id: raw.kiosk_id,
        seq: stored_u64(raw.seq, "sequence")?,
        idempotency_key: parse_uuid(&raw.key)?,
        booking: BookingWire {
            booking_id,
            application_number: raw.number,
            official_id: raw.official_id,
            reception_date: parse_day(&raw.reception_date)?,
            created_at: parse_ts(&raw.created_at)?,
            place: parse_place(&raw.place)?,
            topic_id: raw.topic_id,
            social_status_id: raw.social_status_id,
            privilege_id: raw.privilege_id,
            citizen,
        },
        status: parse_status(&raw.status)?,
        received_at: parse_ts(&raw.received_at)?,
    }))
}

/// A booking row before its text columns are parsed (rusqlite's row closure cannot return ours).
struct RawBooking {
    kiosk_id: String,
    seq: i64,
    key: String,
    number: u32,
    official_id: String,
    reception_date: String,
    created_at: String,
    place: String,
    topic_id: String,
    social_status_id: String,
    privilege_id: Option<String>,
    citizen: CitizenWire,
    birth_date: Option<String>,
    status: String,
    received_at: String,
}

const KIOSK_COLUMNS: &str =
    "SELECT id, name, created_at, enrolled_at, revoked_at, last_report_at FROM kiosks";

type RawKiosk = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn raw_kiosk(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawKiosk> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn kiosk_row(
    (id, name, created, enrolled, revoked, reported): RawKiosk,
) -> Result<KioskRow, DbError> {
    let opt = |s: Option<String>| s.as_deref().map(parse_ts).transpose();
    Ok(KioskRow {
        id,
        name,
        created_at: parse_ts(&created)?,
        enrolled_at: opt(enrolled)?,
        revoked_at: opt(revoked)?,
        last_report_at: opt(reported)?,
    })
}

/// Fixed width (six fractional digits, `Z`), so that text order is time order in SQL.
fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn parse_ts(s: &str) -> Result<DateTime<Utc>, DbError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| DbError::Corrupt(format!("timestamp {s:?}: {e}")))
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(s: &str) -> Result<NaiveDate, DbError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| DbError::Corrupt(format!("date {s:?}: {e}")))
}

fn parse_uuid(s: &str) -> Result<Uuid, DbError> {
    Uuid::parse_str(s).map_err(|e| DbError::Corrupt(format!("UUID {s:?}: {e}")))
}
