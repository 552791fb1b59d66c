//! The SQLite engine: one connection behind a mutex, every call on tokio's blocking pool.
//!
//! One writer is all SQLite allows anyway; `BEGIN IMMEDIATE` takes the write lock at the start
//! of each transaction, so a check and the write that depends on it can never interleave with
//! another writer, even one in another process (which waits up to the busy timeout).
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, SecondsFormat, TimeDelta, Utc};
use qebul_core::numbering::BarcodePayload;
use qebul_core::validation::{ActiveBooking, BookingPolicy};
use qebul_protocol::api::{
    Application, ApplicationEvent, ArrivalOutcome, BookingStatus, BookingWire, CitizenWire,
    EventKind, KioskHealth, Lease, NumberBlock, PlaceSource, PushItem, PushOutcome, RegistryEntry,
    TimelineEvent, UpdatesResponse,
};
use qebul_protocol::SignedCatalog;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use uuid::Uuid;

use super::{
    already_used, check_in_booking, citizen, citizen_may_act, clamped_i64, kind_str, no_lease,
    no_place_left, number_not_ours, parse_kind, parse_place, parse_printer, parse_status,
    place_str, policy_refusal, replayed, retry_after, status_change_allowed, status_events,
    stored_u32, stored_u64, Actor, ArrivalBooking, CitizenBooking, DayCapacity, DbError,
    HealthReport, HistoryLogRow, HistoryOutcome, KioskRow, LeaseWant, Proof, ProofCheck,
    RegistryRecord, StoredBooking,
};

const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("migrations/sqlite/001_initial.sql")),
    M::up(include_str!("migrations/sqlite/002_notice_key.sql")),
    M::up(include_str!("migrations/sqlite/003_citizen_actions.sql")),
    M::up(include_str!("migrations/sqlite/004_kiosk_health.sql")),
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

    pub(super) async fn record_health(
        &self,
        kiosk_id: &str,
        health: &KioskHealth,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let kiosk_id = kiosk_id.to_owned();
        let h = health.clone();
        self.write(move |tx| {
            ensure_kiosk(tx, &kiosk_id)?;
            tx.execute(
                "INSERT INTO kiosk_health (kiosk_id, received_at, version, printer, paper_low,
                                           unsent, oldest_unsent_secs, disk_free_bytes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (kiosk_id) DO UPDATE SET
                     received_at = excluded.received_at, version = excluded.version,
                     printer = excluded.printer, paper_low = excluded.paper_low,
                     unsent = excluded.unsent, oldest_unsent_secs = excluded.oldest_unsent_secs,
                     disk_free_bytes = excluded.disk_free_bytes",
                params![
                    kiosk_id,
                    ts(now),
                    h.version,
                    h.printer.as_str(),
                    h.paper_low,
                    i64::from(h.unsent),
                    h.oldest_unsent_secs.map(clamped_i64),
                    h.disk_free_bytes.map(clamped_i64),
                ],
            )?;
            Ok(((), true))
        })
        .await
    }

    pub(super) async fn health_reports(&self) -> Result<Vec<(String, HealthReport)>, DbError> {
        self.run(|conn| {
            let mut stmt = conn.prepare(
                "SELECT kiosk_id, received_at, version, printer, paper_low, unsent,
                        oldest_unsent_secs, disk_free_bytes
                 FROM kiosk_health",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, bool>(4)?,
                        r.get::<_, i64>(5)?,
                        r.get::<_, Option<i64>>(6)?,
                        r.get::<_, Option<i64>>(7)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(
                    |(id, at, version, printer, paper_low, unsent, oldest, disk)| {
                        Ok((
                            id,
                            HealthReport {
                                received_at: parse_ts(&at)?,
                                health: KioskHealth {
                                    version,
                                    printer: parse_printer(&printer)?,
                                    paper_low,
                                    unsent: stored_u32(unsent, "unsent count")?,
                                    oldest_unsent_secs: oldest
                                        .map(|v| stored_u64(v, "unsent age"))
                                        .transpose()?,
                                    disk_free_bytes: disk
                                        .map(|v| stored_u64(v, "free disk space"))
                                        .transpose()?,
                                },
                            },
                        ))
                    },
                )
                .collect()
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
                            AND b.place = 'direct' AND b.status <> 'cancelled'),
                        (SELECT COALESCE(SUM(places - used), 0) FROM leases l
                          WHERE l.official_id = d.official_id AND l.reception_date = d.reception_date)
                     FROM day_capacity d WHERE official_id = ?1 AND reception_date = ?2",
                    params![official_id, day(date)],
                    |r| {
                        Ok(DayCapacity {
                            capacity: r.get(0)?,
                            taken: r.get(1)?,
                            leased: r.get(2)?,
                            direct: r.get(3)?,
                            leased_unused: r.get(4)?,
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
        by: Actor,
        booking_id: Uuid,
        to: BookingStatus,
        reply: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let reply = reply.map(str::to_owned);
        self.write(move |tx| {
            let id = booking_id.to_string();
            let found: Option<(String, String, String)> = tx
                .query_row(
                    "SELECT place, official_id, reception_date FROM bookings WHERE booking_id = ?1",
                    [&id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let (Some((place, official_id, date)), Some(b)) =
                (found, citizen_booking(tx, booking_id)?)
            else {
                return Err(DbError::NotFound(format!("booking {booking_id}")));
            };
            let check = by.proof().map(|p| proof_check(tx, p)).transpose()?;
            status_change_allowed(&by, booking_id, &b, check)?;
            let from = b.status;
            if to == BookingStatus::Cancelled {
                free_place(tx, &b.owner, parse_place(&place)?, &official_id, &date)?;
            }
            if from != to {
                tx.execute(
                    "UPDATE bookings SET status = ?2, updated_at = ?3 WHERE booking_id = ?1",
                    params![id, to.as_str(), ts(now)],
                )?;
            }
            // The kiosk that made the booking learns of it through its updates, whoever acted.
            for (kind, text) in status_events(from, to, reply.as_deref()) {
                add_event(
                    tx,
                    &b.owner,
                    booking_id,
                    now,
                    kind,
                    to,
                    text.as_deref(),
                    None,
                )?;
            }
            Ok(((), true))
        })
        .await
    }

    pub(super) async fn add_comment(
        &self,
        booking_id: Uuid,
        key: Uuid,
        proof: &Proof,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        let (proof, text) = (proof.clone(), text.to_owned());
        self.write(move |tx| {
            let b = citizen_booking(tx, booking_id)?
                .ok_or_else(|| DbError::NotFound(format!("booking {booking_id}")))?;
            citizen_may_act(&proof, &b, proof_check(tx, &proof)?)?;
            if replayed(
                action_key_use(tx, key)?,
                booking_id,
                EventKind::Comment,
                key,
            )? {
                return Ok((false, false));
            }
            add_event(
                tx,
                &b.owner,
                booking_id,
                now,
                EventKind::Comment,
                b.status,
                Some(&text),
                Some(key),
            )?;
            Ok((true, true))
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

    // --- the citizen at any kiosk --------------------------------------------------------------

    pub(super) async fn history(
        &self,
        kiosk_id: &str,
        fin: &str,
        proof: Result<Proof, String>,
        max: u32,
        per: TimeDelta,
        now: DateTime<Utc>,
    ) -> Result<HistoryOutcome, DbError> {
        let (kiosk_id, fin) = (kiosk_id.to_owned(), fin.to_owned());
        // One writer at a time (BEGIN IMMEDIATE): two requests of one kiosk cannot both pass the
        // count before either is recorded.
        self.write(move |tx| {
            let (count, oldest): (u32, Option<String>) = tx.query_row(
                "SELECT COUNT(*), MIN(at) FROM history_requests
                 WHERE kiosk_id = ?1 AND at > ?2 AND outcome <> 'rate-limited'",
                params![kiosk_id, ts(now - per)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let outcome = if count >= max {
                let oldest = oldest.as_deref().map(parse_ts).transpose()?;
                HistoryOutcome::RateLimited {
                    retry_after: retry_after(oldest, per, now),
                }
            } else {
                match proof {
                    Err(reason) => HistoryOutcome::Malformed(reason),
                    Ok(proof) => match proof_check(tx, &proof)? {
                        ProofCheck::Mismatch => HistoryOutcome::Mismatch,
                        // Unknown: no booking of theirs, so the answer is empty.
                        ProofCheck::Match | ProofCheck::Unknown => {
                            HistoryOutcome::Answered(applications(tx, &proof.fin)?)
                        }
                    },
                }
            };
            tx.execute(
                "INSERT INTO history_requests (kiosk_id, fin, at, outcome) VALUES (?1, ?2, ?3, ?4)",
                params![kiosk_id, fin, ts(now), outcome.as_str()],
            )?;
            Ok((outcome, true))
        })
        .await
    }

    pub(super) async fn history_log(&self, kiosk_id: &str) -> Result<Vec<HistoryLogRow>, DbError> {
        let kiosk_id = kiosk_id.to_owned();
        self.run(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT kiosk_id, fin, at, outcome FROM history_requests
                 WHERE kiosk_id = ?1 ORDER BY at, rowid",
            )?;
            let rows = stmt
                .query_map([kiosk_id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(kiosk_id, fin, at, outcome)| {
                    Ok(HistoryLogRow {
                        kiosk_id,
                        fin,
                        at: parse_ts(&at)?,
                        outcome,
                    })
                })
                .collect()
        })
        .await
    }

    pub(super) async fn arrival(
        &self,
        payload: &BarcodePayload,
        key: Uuid,
        at: DateTime<Utc>,
    ) -> Result<ArrivalOutcome, DbError> {
        let payload = *payload;
        self.write(move |tx| {
            let found: Option<(String, String, String, String, String, String)> = tx
                .query_row(
                    "SELECT booking_id, kiosk_id, official_id, reception_date, created_at, status
                     FROM bookings WHERE application_number = ?1",
                    [payload.number().get()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
                )
                .optional()?;
            let found = found
                .map(|(id, owner, official_id, date, created, status)| {
                    Ok::<_, DbError>(ArrivalBooking {
                        booking_id: parse_uuid(&id)?,
                        owner,
                        official_id,
                        reception_date: parse_day(&date)?,
                        created_at: parse_ts(&created)?,
                        number: payload.number().get(),
                        status: parse_status(&status)?,
                    })
                })
                .transpose()?;
            let b = match check_in_booking(&payload, found, at) {
                Ok(b) => b,
                Err(answer) => return Ok((answer, false)),
            };
            let id = b.booking_id.to_string();
            let earlier: Option<Option<String>> = tx
                .query_row(
                    "SELECT action_key FROM timeline_events WHERE booking_id = ?1 AND kind = 'arrived'
                     ORDER BY at, cursor LIMIT 1",
                    [&id],
                    |r| r.get(0),
                )
                .optional()?;
            let first = match earlier {
                // Checked in before: nothing new. The same request again answers as it did.
                Some(earlier_key) => earlier_key == Some(key.to_string()),
                None => {
                    replayed(action_key_use(tx, key)?, b.booking_id, EventKind::Arrived, key)?;
                    add_event(
                        tx,
                        &b.owner,
                        b.booking_id,
                        at,
                        EventKind::Arrived,
                        b.status,
                        None,
                        Some(key),
                    )?;
                    true
                }
            };
            let ahead: u32 = tx.query_row(
                "SELECT COUNT(*) FROM bookings
                 WHERE official_id = ?1 AND reception_date = ?2 AND status <> 'cancelled'
                   AND (created_at < ?3 OR (created_at = ?3 AND application_number < ?4))",
                params![b.official_id, day(b.reception_date), ts(b.created_at), b.number],
                |r| r.get(0),
            )?;
            Ok((b.checked_in(ahead, first), true))
        })
        .await
    }

    // --- registry ------------------------------------------------------------------------------

    pub(super) async fn put_registry(&self, entries: &[RegistryRecord]) -> Result<(), DbError> {
        let entries = entries.to_vec();
        self.write(move |tx| {
            for e in &entries {
                tx.execute(
                    "INSERT INTO registry (fin, full_name, birth_date, address, document_number)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (fin) DO UPDATE SET full_name = excluded.full_name,
                         birth_date = excluded.birth_date, address = excluded.address,
                         document_number = excluded.document_number",
                    params![
                        e.fin,
                        e.full_name,
                        day(e.birth_date),
                        e.address,
                        e.stored_document()
                    ],
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

/// Appends an event to the kiosk's feed; `action_key` is the idempotency key of the kiosk
/// action that made it (a comment, an arrival), `None` for the server's own events.
#[allow(clippy::too_many_arguments)]
fn add_event(
    tx: &Transaction<'_>,
    kiosk_id: &str,
    booking_id: Uuid,
    at: DateTime<Utc>,
    kind: EventKind,
    status: BookingStatus,
    text: Option<&str>,
    action_key: Option<Uuid>,
) -> Result<(), DbError> {
    let cursor: i64 = tx.query_row(
        "UPDATE kiosks SET last_cursor = last_cursor + 1 WHERE id = ?1 RETURNING last_cursor",
        [kiosk_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO timeline_events (kiosk_id, cursor, booking_id, at, kind, status, text, action_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            kiosk_id,
            cursor,
            booking_id.to_string(),
            ts(at),
            kind_str(kind),
            status.as_str(),
            text,
            action_key.map(|k| k.to_string()),
        ],
    )?;
    Ok(())
}

/// The booking and event kind an idempotency key was used for, if it was.
fn action_key_use(conn: &Connection, key: Uuid) -> Result<Option<(Uuid, EventKind)>, DbError> {
    let used: Option<(String, String)> = conn
        .query_row(
            "SELECT booking_id, kind FROM timeline_events WHERE action_key = ?1",
            [key.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    used.map(|(b, k)| Ok((parse_uuid(&b)?, parse_kind(&k)?)))
        .transpose()
}

/// What a citizen's action needs of a booking.
fn citizen_booking(conn: &Connection, booking_id: Uuid) -> Result<Option<CitizenBooking>, DbError> {
    let row: Option<(String, String, String, String)> = conn
        .query_row(
            "SELECT kiosk_id, citizen_fin, status, reception_date FROM bookings WHERE booking_id = ?1",
            [booking_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    row.map(|(owner, fin, status, date)| {
        Ok(CitizenBooking {
            owner,
            fin,
            status: parse_status(&status)?,
            reception_date: parse_day(&date)?,
        })
    })
    .transpose()
}

/// The proof rule against what the server holds: the registry's document number for the FİN,
/// and (when it has none) the document numbers of the FİN's bookings.
fn proof_check(conn: &Connection, proof: &Proof) -> Result<ProofCheck, DbError> {
    let registered: Option<String> = conn
        .query_row(
            "SELECT document_number FROM registry WHERE fin = ?1",
            [&proof.fin],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let mut stmt =
        conn.prepare("SELECT DISTINCT document_number FROM bookings WHERE citizen_fin = ?1")?;
    let booked = stmt
        .query_map([&proof.fin], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(citizen::check(
        proof,
        registered.as_deref(),
        booked.iter().map(String::as_str),
    ))
}

/// All the FİN's bookings from every kiosk, newest first, each with its whole timeline (every
/// kiosk's events of it), oldest first.
fn applications(conn: &Connection, fin: &str) -> Result<Vec<Application>, DbError> {
    let mut stmt = conn.prepare(&format!(
        "{BOOKING_SELECT} WHERE citizen_fin = ?1 ORDER BY created_at DESC, application_number DESC"
    ))?;
    let raws = stmt
        .query_map([fin], raw_booking)?
        .collect::<Result<Vec<_>, _>>()?;
    let mut events = conn.prepare(
        "SELECT at, kind, status, text FROM timeline_events WHERE booking_id = ?1
         ORDER BY at, kiosk_id, cursor",
    )?;
    let mut out = Vec::with_capacity(raws.len());
    for raw in raws {
        let stored = stored_booking(raw)?;
        let rows = events
            .query_map([stored.booking.booking_id.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let events = rows
            .into_iter()
            .map(|(at, kind, status, text)| {
                Ok(ApplicationEvent {
                    at: parse_ts(&at)?,
                    kind: parse_kind(&kind)?,
                    status: parse_status(&status)?,
                    text,
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        out.push(Application {
            booking: stored.booking,
            status: stored.status,
            kiosk_id: stored.kiosk_id,
            events,
        });
    }
    Ok(out)
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

const BOOKING_SELECT: &str =
    "SELECT booking_id, kiosk_id, seq, idempotency_key, application_number,
        official_id, reception_date, created_at, place, topic_id, social_status_id, privilege_id,
        citizen_fin, citizen_name, document_number, birth_date, phone, email, workplace, position,
        address, note, status, received_at
     FROM bookings";

fn read_booking(conn: &Connection, booking_id: Uuid) -> Result<Option<StoredBooking>, DbError> {
    conn.query_row(
        &format!("{BOOKING_SELECT} WHERE booking_id = ?1"),
        [booking_id.to_string()],
        raw_booking,
    )
    .optional()?
    .map(stored_booking)
    .transpose()
}

/// A row of [`BOOKING_SELECT`].
fn raw_booking(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawBooking> {
    Ok(RawBooking {
        booking_id: r.get(0)?,
        kiosk_id: r.get(1)?,
        seq: r.get(2)?,
        key: r.get(3)?,
        number: r.get(4)?,
        official_id: r.get(5)?,
        reception_date: r.get(6)?,
        created_at: r.get(7)?,
        place: r.get(8)?,
        topic_id: r.get(9)?,
        social_status_id: r.get(10)?,
        privilege_id: r.get(11)?,
        citizen: CitizenWire {
            fin: r.get(12)?,
            name: r.get(13)?,
            document_number: r.get(14)?,
            birth_date: None,
            phone: r.get(16)?,
            email: r.get(17)?,
            workplace: r.get(18)?,
            position: r.get(19)?,
            address: r.get(20)?,
            note: r.get(21)?,
        },
        birth_date: r.get(15)?,
        status: r.get(22)?,
        received_at: r.get(23)?,
    })
}

fn stored_booking(raw: RawBooking) -> Result<StoredBooking, DbError> {
    let mut citizen = raw.citizen;
    citizen.birth_date = raw.birth_date.as_deref().map(parse_day).transpose()?;
    Ok(StoredBooking {
        kiosk_id: raw.kiosk_id,
        seq: stored_u64(raw.seq, "sequence")?,
        idempotency_key: parse_uuid(&raw.key)?,
        booking: BookingWire {
            booking_id: parse_uuid(&raw.booking_id)?,
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
    })
}

/// A booking row before its text columns are parsed (rusqlite's row closure cannot return ours).
struct RawBooking {
    booking_id: String,
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
