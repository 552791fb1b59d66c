//! The PostgreSQL engine: a connection pool (deadpool-postgres), READ COMMITTED transactions.
//!
//! Several server processes may share the database, so nothing here relies on being alone:
//! - counters change by `UPDATE … WHERE <the rule still holds>` (a concurrent writer waits for
//!   the row lock, then PostgreSQL re-checks the WHERE clause against the committed row);
//! - rows are locked in one order everywhere (a booking, then `day_capacity`, then a lease, then
//!   the kiosk's event counter), so two transactions cannot wait on each other;
//! - a push first takes transaction-scoped advisory locks on its idempotency key and, for a
//!   direct booking, on the citizen: a concurrent duplicate then finds the first one committed
//!   and answers `Duplicate`, and the booking policy sees every booking of that citizen.
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use deadpool_postgres::Transaction;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use qebul_core::numbering::BarcodePayload;
use qebul_core::validation::{ActiveBooking, BookingPolicy};
use qebul_protocol::api::{
    Application, ApplicationEvent, ArrivalOutcome, BookingStatus, BookingWire, CitizenWire,
    EventKind, KioskHealth, Lease, NumberBlock, PlaceSource, PushItem, PushOutcome, RegistryEntry,
    TimelineEvent, UpdatesResponse,
};
use qebul_protocol::SignedCatalog;
use tokio_postgres::error::SqlState;
use tokio_postgres::{NoTls, Row};
use uuid::Uuid;

use super::{
    already_used, check_in_booking, citizen, citizen_may_act, clamped_i64, kind_str, no_lease,
    no_place_left, number_not_ours, parse_kind, parse_place, parse_printer, parse_status,
    place_str, policy_refusal, replayed, retry_after, status_change_allowed, status_events,
    stored_u32, stored_u64, to_i32, Actor, ArrivalBooking, CitizenBooking, DayCapacity, DbError,
    HealthReport, HistoryLogRow, HistoryOutcome, KioskRow, LeaseWant, Proof, ProofCheck,
    RegistryRecord, StoredBooking,
};

/// Versioned migrations: version `n` is `MIGRATIONS[n - 1]`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/postgres/001_initial.sql"),
    include_str!("migrations/postgres/002_notice_key.sql"),
    include_str!("migrations/postgres/003_citizen_actions.sql"),
    include_str!("migrations/postgres/004_kiosk_health.sql"),
    include_str!("migrations/postgres/005_push_fewer_writes.sql"),
];

/// The pool's size: enough for a busy morning at a few dozen kiosks.
const POOL_SIZE: usize = 16;

/// Advisory lock keys. The migration lock uses the one-bigint key space, the others the
/// (int, int) space, which PostgreSQL keeps apart.
const MIGRATION_LOCK: i64 = 0x7165_6275_6c5f_6462; // "qebul_db"
const LOCK_IDEMPOTENCY_KEY: i32 = 1;
const LOCK_CITIZEN: i32 = 2;
/// A kiosk's lease grant (see `grant_leases`).
const LOCK_KIOSK_LEASES: i32 = 4;
/// A kiosk's history requests: counted and recorded one at a time, so concurrent requests
/// cannot all pass the rate limit before any is recorded.
const LOCK_HISTORY: i32 = 3;

#[derive(Clone)]
pub(super) struct PgDb {
    pool: Pool,
}

impl PgDb {
    pub(super) async fn open(url: &str) -> Result<PgDb, DbError> {
        let config = tokio_postgres::Config::from_str(url)?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|e| DbError::PoolSetup(e.to_string()))?;
        let db = PgDb { pool };
        db.migrate().await?;
        Ok(db)
    }

    /// Brings the schema to the latest version in one transaction. The transaction-scoped
    /// advisory lock makes a second server starting at the same moment wait, then find the work
    /// done; PostgreSQL's DDL is transactional, so a failed migration leaves nothing behind.
    async fn migrate(&self) -> Result<(), DbError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute(
            &tx.prepare_cached("SELECT pg_advisory_xact_lock($1)")
                .await?,
            &[&MIGRATION_LOCK],
        )
        .await?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                version     INTEGER PRIMARY KEY,
                applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
            )",
        )
        .await?;
        let current: i32 = tx
            .query_one(
                &tx.prepare_cached("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
                    .await?,
                &[],
            )
            .await?
            .try_get(0)?;
        let known = i32::try_from(MIGRATIONS.len()).unwrap_or(i32::MAX);
        if current > known {
            return Err(DbError::SchemaTooNew {
                found: current.into(),
                known: known.into(),
            });
        }
        for (version, sql) in (1..)
            .zip(MIGRATIONS)
            .skip(usize::try_from(current).unwrap_or(0))
        {
            tx.batch_execute(sql).await?;
            tx.execute(
                &tx.prepare_cached("INSERT INTO schema_migrations (version) VALUES ($1)")
                    .await?,
                &[&version],
            )
            .await?;
            tracing::info!(version, "PostgreSQL schema migrated");
        }
        tx.commit().await?;
        Ok(())
    }

    // --- catalog -------------------------------------------------------------------------------

    pub(super) async fn store_catalog(
        &self,
        catalog: &SignedCatalog,
        version: u64,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let v = i64::try_from(version)
            .map_err(|_| DbError::Invalid(format!("catalog version {version} is out of range")))?;
        let client = self.pool.get().await?;
        let inserted = client
            .execute(
                "INSERT INTO catalogs (version, body, signature, stored_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (version) DO NOTHING",
                &[&v, &catalog.body, &catalog.signature, &now],
            )
            .await?;
        if inserted == 1 {
            return Ok(());
        }
        let stored: String = client
            .query_one("SELECT body FROM catalogs WHERE version = $1", &[&v])
            .await?
            .try_get(0)?;
        if stored == catalog.body {
            Ok(())
        } else {
            Err(DbError::CatalogVersionTaken(version))
        }
    }

    pub(super) async fn latest_catalog(&self) -> Result<Option<SignedCatalog>, DbError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT body, signature FROM catalogs ORDER BY version DESC LIMIT 1",
                &[],
            )
            .await?;
        row.map(|r| {
            Ok(SignedCatalog {
                body: r.try_get(0)?,
                signature: r.try_get(1)?,
            })
        })
        .transpose()
    }

    // --- kiosks --------------------------------------------------------------------------------

    pub(super) async fn create_enrollment(
        &self,
        name: &str,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<String, DbError> {
        let id = Uuid::now_v7().to_string();
        let client = self.pool.get().await?;
        client
            .execute(
                "INSERT INTO kiosks (id, name, code_hash, created_at) VALUES ($1, $2, $3, $4)",
                &[&id, &name, &code_hash, &now],
            )
            .await?;
        Ok(id)
    }

    pub(super) async fn enroll(
        &self,
        code_hash: &str,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, DbError> {
        let client = self.pool.get().await?;
        // One statement: the code is cleared as it is used, so it works once, even when two
        // requests race (the second re-checks the WHERE clause after the first commits).
        let row = client
            .query_opt(
                "UPDATE kiosks SET code_hash = NULL, token_hash = $2, enrolled_at = $3
                 WHERE code_hash = $1 AND enrolled_at IS NULL AND revoked_at IS NULL
                 RETURNING id",
                &[&code_hash, &token_hash, &now],
            )
            .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }

    pub(super) async fn set_notice_key(&self, kiosk_id: &str, key: &str) -> Result<(), DbError> {
        let client = self.pool.get().await?;
        let changed = client
            .execute(
                "UPDATE kiosks SET notice_key = $2 WHERE id = $1",
                &[&kiosk_id, &key],
            )
            .await?;
        if changed == 0 {
            return Err(DbError::NotFound(format!("kiosk {kiosk_id}")));
        }
        Ok(())
    }

    pub(super) async fn notice_key(&self, kiosk_id: &str) -> Result<Option<String>, DbError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt("SELECT notice_key FROM kiosks WHERE id = $1", &[&kiosk_id])
            .await?;
        Ok(row
            .map(|r| r.try_get::<_, Option<String>>(0))
            .transpose()?
            .flatten())
    }

    pub(super) async fn kiosk_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<KioskRow>, DbError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                &format!("{KIOSK_COLUMNS} WHERE token_hash = $1"),
                &[&token_hash],
            )
            .await?;
        row.as_ref().map(kiosk_row).transpose()
    }

    pub(super) async fn revoke_kiosk(
        &self,
        kiosk_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        // The first revocation's time stays.
        self.update_kiosk(
            "UPDATE kiosks SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1",
            kiosk_id,
            now,
        )
        .await
    }

    /// Runs `sql` (`$1` the kiosk, `$2` the time) on one kiosk's row; an unknown kiosk is
    /// [`DbError::NotFound`].
    async fn update_kiosk(
        &self,
        sql: &str,
        kiosk_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let client = self.pool.get().await?;
        if client.execute(sql, &[&kiosk_id, &now]).await? == 0 {
            return Err(DbError::NotFound(format!("kiosk {kiosk_id}")));
        }
        Ok(())
    }

    pub(super) async fn list_kiosks(&self) -> Result<Vec<KioskRow>, DbError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(&format!("{KIOSK_COLUMNS} ORDER BY created_at, id"), &[])
            .await?;
        rows.iter().map(kiosk_row).collect()
    }

    pub(super) async fn record_health(
        &self,
        kiosk_id: &str,
        health: &KioskHealth,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let client = self.pool.get().await?;
        let stored = client
            .execute(
                "INSERT INTO kiosk_health (kiosk_id, received_at, version, printer, paper_low,
                                           unsent, oldest_unsent_secs, disk_free_bytes)
                 SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM kiosks WHERE id = $1
                 ON CONFLICT (kiosk_id) DO UPDATE SET
                     received_at = excluded.received_at, version = excluded.version,
                     printer = excluded.printer, paper_low = excluded.paper_low,
                     unsent = excluded.unsent, oldest_unsent_secs = excluded.oldest_unsent_secs,
                     disk_free_bytes = excluded.disk_free_bytes",
                &[
                    &kiosk_id,
                    &now,
                    &health.version,
                    &health.printer.as_str(),
                    &health.paper_low,
                    &i64::from(health.unsent),
                    &health.oldest_unsent_secs.map(clamped_i64),
                    &health.disk_free_bytes.map(clamped_i64),
                ],
            )
            .await?;
        if stored == 0 {
            return Err(DbError::NotFound(format!("kiosk {kiosk_id}")));
        }
        Ok(())
    }

    pub(super) async fn health_reports(&self) -> Result<Vec<(String, HealthReport)>, DbError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT kiosk_id, received_at, version, printer, paper_low, unsent,
                        oldest_unsent_secs, disk_free_bytes
                 FROM kiosk_health",
                &[],
            )
            .await?;
        rows.iter()
            .map(|r| {
                let unsent: i64 = r.try_get(5)?;
                let oldest: Option<i64> = r.try_get(6)?;
                let disk: Option<i64> = r.try_get(7)?;
                Ok((
                    r.try_get(0)?,
                    HealthReport {
                        received_at: r.try_get(1)?,
                        health: KioskHealth {
                            version: r.try_get(2)?,
                            printer: parse_printer(r.try_get(3)?)?,
                            paper_low: r.try_get(4)?,
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
            })
            .collect()
    }

    // --- numbers -------------------------------------------------------------------------------

    pub(super) async fn allocate_numbers(
        &self,
        kiosk_id: &str,
        count: u32,
        now: DateTime<Utc>,
    ) -> Result<NumberBlock, DbError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        ensure_kiosk(&tx, kiosk_id).await?;
        let count_i = to_i32(count, "count")?;
        // The counter's row lock orders concurrent allocations; its CHECK (next <= 10,000,000)
        // refuses to pass the last number, which is answered below as exhaustion.
        let next: Option<i32> = match tx
            .query_opt(
                &tx.prepare_cached(
                    "UPDATE number_counter SET next = next + $1 WHERE id = 1 RETURNING next",
                )
                .await?,
                &[&count_i],
            )
            .await
        {
            Ok(row) => row.map(|r| r.try_get(0)).transpose()?,
            Err(e) if e.code() == Some(&SqlState::CHECK_VIOLATION) => None,
            Err(e) => return Err(e.into()),
        };
        let max = qebul_core::numbering::ApplicationNumber::MAX;
        let Some(next) = next else {
            return Err(DbError::NumbersExhausted { wanted: count, max });
        };
        let first = next - count_i;
        let last = next - 1;
        tx.execute(
            &tx.prepare_cached("INSERT INTO number_blocks (first, last, kiosk_id, granted_at) VALUES ($1, $2, $3, $4)").await?,
            &[&first, &last, &kiosk_id, &now],
        )
        .await?;
        tx.commit().await?;
        Ok(NumberBlock {
            first: stored_u32(first, "number")?,
            last: stored_u32(last, "number")?,
        })
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
        // Days are locked in one order, so two kiosks asking for the same days cannot deadlock.
        let mut order: Vec<&LeaseWant> = wants.iter().collect();
        order.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        let target = to_i32(target, "lease target")?;
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        ensure_kiosk(&tx, kiosk_id).await?;
        // One grant of a kiosk at a time (a retried request beside its first copy): two grants
        // splitting the days differently between the paths below could otherwise deadlock.
        tx.execute(
            &tx.prepare_cached("SELECT pg_advisory_xact_lock($1, hashtext($2))")
                .await?,
            &[&LOCK_KIOSK_LEASES, &kiosk_id],
        )
        .await?;
        // A kiosk that already holds its places only has its leases' ends moved: that touches
        // its own rows, never a day's, so a fleet's steady syncs do not queue on the shared day
        // rows (the load test found every lease request waiting there, one at a time). Read
        // without a lock: a stale "held" only sends a day through the locked path below.
        let held_now: std::collections::HashMap<(String, NaiveDate), i32> = tx
            .query(
                &tx.prepare_cached(
                    "SELECT official_id, reception_date, places FROM leases WHERE kiosk_id = $1",
                )
                .await?,
                &[&kiosk_id],
            )
            .await?
            .iter()
            .map(|r| Ok(((r.try_get(0)?, r.try_get(1)?), r.try_get(2)?)))
            .collect::<Result<_, DbError>>()?;
        let (full, order): (Vec<&LeaseWant>, Vec<&LeaseWant>) = order
            .into_iter()
            .partition(|(o, d, _)| held_now.get(&(o.clone(), *d)).is_some_and(|p| *p >= target));
        let mut granted = Vec::new();
        for (official, date, day_capacity) in order {
            let date = *date;
            ensure_day(&tx, official, date, to_i32(*day_capacity, "capacity")?).await?;
            let day = tx
                .query_one(
                    &tx.prepare_cached(
                        "SELECT capacity, taken FROM day_capacity
                     WHERE official_id = $1 AND reception_date = $2 FOR UPDATE",
                    )
                    .await?,
                    &[official, &date],
                )
                .await?;
            let (capacity, taken): (i32, i32) = (day.try_get(0)?, day.try_get(1)?);
            let held: Option<i32> = tx
                .query_opt(
                    &tx.prepare_cached(
                        "SELECT places FROM leases
                     WHERE kiosk_id = $1 AND official_id = $2 AND reception_date = $3 FOR UPDATE",
                    )
                    .await?,
                    &[&kiosk_id, official, &date],
                )
                .await?
                .map(|r| r.try_get(0))
                .transpose()?;
            let grant = (target - held.unwrap_or(0)).min(capacity - taken).max(0);
            if grant > 0 {
                tx.execute(
                    &tx.prepare_cached("UPDATE day_capacity SET taken = taken + $3 WHERE official_id = $1 AND reception_date = $2").await?,
                    &[official, &date, &grant],
                )
                .await?;
            }
            if held.is_some() || grant > 0 {
                let row = tx
                    .query_one(
                        &tx.prepare_cached("INSERT INTO leases (kiosk_id, official_id, reception_date, places, used, ends_at, updated_at)
                         VALUES ($1, $2, $3, $4, 0, $5, $6)
                         ON CONFLICT (kiosk_id, official_id, reception_date) DO UPDATE
                         SET places = leases.places + excluded.places,
                             ends_at = GREATEST(leases.ends_at, excluded.ends_at),
                             updated_at = excluded.updated_at
                         RETURNING places, used, ends_at").await?,
                        &[&kiosk_id, official, &date, &grant, &ends_at, &now],
                    )
                    .await?;
                granted.push(Lease {
                    official_id: official.clone(),
                    reception_date: date,
                    places: stored_u32(row.try_get::<_, i32>(0)?, "places")?,
                    used: stored_u32(row.try_get::<_, i32>(1)?, "used")?,
                    ends_at: row.try_get(2)?,
                });
            }
        }
        // After the days' locks, as every other path takes a day's lock before its leases'.
        if !full.is_empty() {
            let officials: Vec<&str> = full.iter().map(|(o, _, _)| o.as_str()).collect();
            let dates: Vec<NaiveDate> = full.iter().map(|(_, d, _)| *d).collect();
            let rows = tx
                .query(
                    &tx.prepare_cached(
                        "UPDATE leases SET ends_at = GREATEST(leases.ends_at, $4), updated_at = $5
                         FROM unnest($2::text[], $3::date[]) AS w(official_id, reception_date)
                         WHERE leases.kiosk_id = $1 AND leases.official_id = w.official_id
                           AND leases.reception_date = w.reception_date
                         RETURNING leases.official_id, leases.reception_date, places, used, ends_at",
                    )
                    .await?,
                    &[&kiosk_id, &officials, &dates, &ends_at, &now],
                )
                .await?;
            for row in rows {
                granted.push(Lease {
                    official_id: row.try_get(0)?,
                    reception_date: row.try_get(1)?,
                    places: stored_u32(row.try_get::<_, i32>(2)?, "places")?,
                    used: stored_u32(row.try_get::<_, i32>(3)?, "used")?,
                    ends_at: row.try_get(4)?,
                });
            }
        }
        tx.commit().await?;
        // Answer in the order asked.
        let mut leases = Vec::with_capacity(granted.len());
        for (official, date, _) in wants {
            if let Some(i) = granted
                .iter()
                .position(|l| l.official_id == *official && l.reception_date == *date)
            {
                leases.push(granted.swap_remove(i));
            }
        }
        Ok(leases)
    }

    pub(super) async fn record_report(
        &self,
        kiosk_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        // A report never moves back in time.
        self.update_kiosk(
            "UPDATE kiosks SET last_report_at = GREATEST(last_report_at, $2) WHERE id = $1",
            kiosk_id,
            now,
        )
        .await
    }

    pub(super) async fn reclaim_leases(
        &self,
        now: DateTime<Utc>,
        drift: TimeDelta,
    ) -> Result<u32, DbError> {
        let drift_us = drift
            .num_microseconds()
            .ok_or_else(|| DbError::Invalid(format!("clock drift {drift} is out of range")))?;
        // Only a report after the end (plus drift) proves that every booking the kiosk made
        // from the lease has arrived.
        const DUE: &str = "l.places > l.used AND l.ends_at + $2::bigint * INTERVAL '1 microsecond' < $1
                           AND k.last_report_at > l.ends_at + $2::bigint * INTERVAL '1 microsecond'";
        let mut client = self.pool.get().await?;
        let candidates = client
            .query(
                &format!(
                    "SELECT l.kiosk_id, l.official_id, l.reception_date
                     FROM leases l JOIN kiosks k ON k.id = l.kiosk_id WHERE {DUE}
                     ORDER BY l.official_id, l.reception_date, l.kiosk_id"
                ),
                &[&now, &drift_us],
            )
            .await?;
        let mut returned = 0u32;
        // One short transaction per lease, locking the day before the lease like every writer.
        for c in candidates {
            let (kiosk_id, official, date): (String, String, NaiveDate) =
                (c.try_get(0)?, c.try_get(1)?, c.try_get(2)?);
            let tx = client.transaction().await?;
            tx.execute(
                &tx.prepare_cached("SELECT 1 FROM day_capacity WHERE official_id = $1 AND reception_date = $2 FOR UPDATE").await?,
                &[&official, &date],
            )
            .await?;
            let row = tx
                .query_opt(
                    &format!(
                        "SELECT l.places - l.used FROM leases l JOIN kiosks k ON k.id = l.kiosk_id
                         WHERE l.kiosk_id = $3 AND l.official_id = $4 AND l.reception_date = $5 AND {DUE}
                         FOR UPDATE OF l"
                    ),
                    &[&now, &drift_us, &kiosk_id, &official, &date],
                )
                .await?;
            // Granted again in the meantime: no longer due.
            let Some(row) = row else {
                tx.rollback().await?;
                continue;
            };
            let unused: i32 = row.try_get(0)?;
            tx.execute(
                &tx.prepare_cached(
                    "UPDATE leases SET places = used, updated_at = $4
                 WHERE kiosk_id = $1 AND official_id = $2 AND reception_date = $3",
                )
                .await?,
                &[&kiosk_id, &official, &date, &now],
            )
            .await?;
            tx.execute(
                &tx.prepare_cached("UPDATE day_capacity SET taken = taken - $3 WHERE official_id = $1 AND reception_date = $2").await?,
                &[&official, &date, &unused],
            )
            .await?;
            tx.commit().await?;
            tracing::info!(kiosk_id, official, %date, unused, "lease reclaimed");
            returned = returned.saturating_add(stored_u32(unused, "places")?);
        }
        Ok(returned)
    }

    pub(super) async fn day_capacity(
        &self,
        official_id: &str,
        date: NaiveDate,
    ) -> Result<Option<DayCapacity>, DbError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT capacity, taken,
                    (SELECT COALESCE(SUM(places), 0) FROM leases l
                      WHERE l.official_id = d.official_id AND l.reception_date = d.reception_date),
                    (SELECT COUNT(*) FROM bookings b
                      WHERE b.official_id = d.official_id AND b.reception_date = d.reception_date
                        AND b.place = 'direct' AND b.status <> 'cancelled'),
                    (SELECT COALESCE(SUM(places - used), 0) FROM leases l
                      WHERE l.official_id = d.official_id AND l.reception_date = d.reception_date)
                 FROM day_capacity d WHERE official_id = $1 AND reception_date = $2",
                &[&official_id, &date],
            )
            .await?;
        row.map(|r| {
            Ok(DayCapacity {
                capacity: stored_u32(r.try_get::<_, i32>(0)?, "capacity")?,
                taken: stored_u32(r.try_get::<_, i32>(1)?, "taken")?,
                leased: stored_u32(r.try_get::<_, i64>(2)?, "leased")?,
                direct: stored_u32(r.try_get::<_, i64>(3)?, "direct")?,
                leased_unused: stored_u32(r.try_get::<_, i64>(4)?, "leased unused")?,
            })
        })
        .transpose()
    }

    // --- bookings ------------------------------------------------------------------------------

    /// A push in two round trips: BEGIN travels with the locks and the checks, COMMIT with the
    /// insert (see [`push_in`]). Nothing waits on BEGIN's or COMMIT's answer alone.
    pub(super) async fn push(
        &self,
        kiosk_id: &str,
        item: &PushItem,
        day_capacity: u32,
        policy: &BookingPolicy,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<PushOutcome, DbError> {
        let tx = PipelinedTransaction::new(self.pool.get().await?);
        let outcome = push_in(
            tx.client()?,
            kiosk_id,
            item,
            day_capacity,
            policy,
            today,
            now,
        )
        .await?;
        // Every path of `push_in` ended the transaction (COMMIT or ROLLBACK, answered).
        tx.finish();
        Ok(outcome)
    }

    pub(super) async fn change_status(
        &self,
        by: Actor,
        booking_id: Uuid,
        to: BookingStatus,
        reply: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // The booking's row lock orders every change of it, before the day and the lease.
        let found = tx
            .query_opt(
                &tx.prepare_cached(
                    "SELECT kiosk_id, citizen_fin, status, reception_date, place, official_id
                     FROM bookings WHERE booking_id = $1 FOR UPDATE",
                )
                .await?,
                &[&booking_id],
            )
            .await?;
        let row = found.ok_or_else(|| DbError::NotFound(format!("booking {booking_id}")))?;
        let b = citizen_booking(&row)?;
        let place = parse_place(row.try_get(4)?)?;
        let official: String = row.try_get(5)?;
        let check = match by.proof() {
            Some(proof) => Some(proof_check(&tx, proof).await?),
            None => None,
        };
        status_change_allowed(&by, booking_id, &b, check)?;
        let from = b.status;
        if to == BookingStatus::Cancelled {
            free_place(&tx, &b.owner, place, &official, b.reception_date).await?;
        }
        if from != to {
            tx.execute(
                &tx.prepare_cached(
                    "UPDATE bookings SET status = $2, updated_at = $3 WHERE booking_id = $1",
                )
                .await?,
                &[&booking_id, &to.as_str(), &now],
            )
            .await?;
        }
        // The kiosk that made the booking learns of it through its updates, whoever acted.
        for (kind, text) in status_events(from, to, reply) {
            add_event(
                &tx,
                &b.owner,
                booking_id,
                now,
                kind,
                to,
                text.as_deref(),
                None,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn add_comment(
        &self,
        booking_id: Uuid,
        key: Uuid,
        proof: &Proof,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // FOR UPDATE: two copies of one comment queue here, and the second then finds the
        // first's key committed.
        let row = tx
            .query_opt(
                &tx.prepare_cached(
                    "SELECT kiosk_id, citizen_fin, status, reception_date
                     FROM bookings WHERE booking_id = $1 FOR UPDATE",
                )
                .await?,
                &[&booking_id],
            )
            .await?
            .ok_or_else(|| DbError::NotFound(format!("booking {booking_id}")))?;
        let b = citizen_booking(&row)?;
        citizen_may_act(proof, &b, proof_check(&tx, proof).await?)?;
        if replayed(
            action_key_use(&tx, key).await?,
            booking_id,
            EventKind::Comment,
            key,
        )? {
            tx.rollback().await?;
            return Ok(false);
        }
        add_event(
            &tx,
            &b.owner,
            booking_id,
            now,
            EventKind::Comment,
            b.status,
            Some(text),
            Some(key),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    pub(super) async fn updates(
        &self,
        kiosk_id: &str,
        after: i64,
        limit: u32,
    ) -> Result<UpdatesResponse, DbError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT cursor, booking_id, at, kind, status, text FROM timeline_events
                 WHERE kiosk_id = $1 AND cursor > $2 ORDER BY cursor LIMIT $3",
                &[&kiosk_id, &after, &i64::from(limit)],
            )
            .await?;
        let mut events = Vec::with_capacity(rows.len());
        for r in &rows {
            events.push(TimelineEvent {
                cursor: stored_u64(r.try_get(0)?, "cursor")?,
                booking_id: r.try_get(1)?,
                at: r.try_get(2)?,
                kind: parse_kind(r.try_get(3)?)?,
                status: parse_status(r.try_get(4)?)?,
                text: r.try_get(5)?,
            });
        }
        let next = match events.last() {
            Some(e) => e.cursor,
            None => stored_u64(after, "cursor")?,
        };
        Ok(UpdatesResponse { events, next })
    }

    pub(super) async fn booking(&self, booking_id: Uuid) -> Result<Option<StoredBooking>, DbError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                &format!("{BOOKING_SELECT} WHERE booking_id = $1"),
                &[&booking_id],
            )
            .await?;
        row.as_ref().map(stored_booking).transpose()
    }

    pub(super) async fn count_bookings(&self) -> Result<u64, DbError> {
        let client = self.pool.get().await?;
        let n: i64 = client
            .query_one("SELECT COUNT(*) FROM bookings", &[])
            .await?
            .try_get(0)?;
        stored_u64(n, "count")
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
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute(
            &tx.prepare_cached("SELECT pg_advisory_xact_lock($1, hashtext($2))")
                .await?,
            &[&LOCK_HISTORY, &kiosk_id],
        )
        .await?;
        let counted = tx
            .query_one(
                &tx.prepare_cached(
                    "SELECT COUNT(*), MIN(at) FROM history_requests
                     WHERE kiosk_id = $1 AND at > $2 AND outcome <> 'rate-limited'",
                )
                .await?,
                &[&kiosk_id, &(now - per)],
            )
            .await?;
        let count: i64 = counted.try_get(0)?;
        let outcome = if count >= i64::from(max) {
            HistoryOutcome::RateLimited {
                retry_after: retry_after(counted.try_get(1)?, per, now),
            }
        } else {
            match proof {
                Err(reason) => HistoryOutcome::Malformed(reason),
                Ok(proof) => match proof_check(&tx, &proof).await? {
                    ProofCheck::Mismatch => HistoryOutcome::Mismatch,
                    // Unknown: no booking of theirs, so the answer is empty.
                    ProofCheck::Match | ProofCheck::Unknown => {
                        HistoryOutcome::Answered(applications(&tx, &proof.fin).await?)
                    }
                },
            }
        };
        tx.execute(
            &tx.prepare_cached(
                "INSERT INTO history_requests (kiosk_id, fin, at, outcome) VALUES ($1, $2, $3, $4)",
            )
            .await?,
            &[&kiosk_id, &fin, &now, &outcome.as_str()],
        )
        .await?;
        tx.commit().await?;
        Ok(outcome)
    }

    pub(super) async fn history_log(&self, kiosk_id: &str) -> Result<Vec<HistoryLogRow>, DbError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT kiosk_id, fin, at, outcome FROM history_requests
                 WHERE kiosk_id = $1 ORDER BY at, ctid",
                &[&kiosk_id],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(HistoryLogRow {
                    kiosk_id: r.try_get(0)?,
                    fin: r.try_get(1)?,
                    at: r.try_get(2)?,
                    outcome: r.try_get(3)?,
                })
            })
            .collect()
    }

    pub(super) async fn arrival(
        &self,
        payload: &BarcodePayload,
        key: Uuid,
        at: DateTime<Utc>,
    ) -> Result<ArrivalOutcome, DbError> {
        let number = i32::try_from(payload.number().get())
            .map_err(|_| DbError::Invalid(format!("application number {}", payload.number())))?;
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // FOR UPDATE: two check-ins of one booking queue here; the second finds the first's
        // event committed and records nothing.
        let found = tx
            .query_opt(
                &tx.prepare_cached(
                    "SELECT booking_id, kiosk_id, official_id, reception_date, created_at, status
                     FROM bookings WHERE application_number = $1 FOR UPDATE",
                )
                .await?,
                &[&number],
            )
            .await?;
        let found = found
            .map(|r| {
                Ok::<_, DbError>(ArrivalBooking {
                    booking_id: r.try_get(0)?,
                    owner: r.try_get(1)?,
                    number: payload.number().get(),
                    official_id: r.try_get(2)?,
                    reception_date: r.try_get(3)?,
                    created_at: r.try_get(4)?,
                    status: parse_status(r.try_get(5)?)?,
                })
            })
            .transpose()?;
        let b = match check_in_booking(payload, found, at) {
            Ok(b) => b,
            Err(answer) => {
                tx.rollback().await?;
                return Ok(answer);
            }
        };
        let earlier = tx
            .query_opt(
                &tx.prepare_cached(
                    "SELECT action_key FROM timeline_events WHERE booking_id = $1 AND kind = 'arrived'
                     ORDER BY at, cursor LIMIT 1",
                )
                .await?,
                &[&b.booking_id],
            )
            .await?;
        let first = match earlier {
            // Checked in before: nothing new. The same request again answers as it did.
            Some(row) => row.try_get::<_, Option<String>>(0)? == Some(key.to_string()),
            None => {
                replayed(
                    action_key_use(&tx, key).await?,
                    b.booking_id,
                    EventKind::Arrived,
                    key,
                )?;
                add_event(
                    &tx,
                    &b.owner,
                    b.booking_id,
                    at,
                    EventKind::Arrived,
                    b.status,
                    None,
                    Some(key),
                )
                .await?;
                true
            }
        };
        let ahead: i64 = tx
            .query_one(
                &tx.prepare_cached(
                    "SELECT COUNT(*) FROM bookings
                     WHERE official_id = $1 AND reception_date = $2 AND status <> 'cancelled'
                       AND (created_at, application_number) < ($3, $4)",
                )
                .await?,
                &[&b.official_id, &b.reception_date, &b.created_at, &number],
            )
            .await?
            .try_get(0)?;
        tx.commit().await?;
        Ok(b.checked_in(stored_u32(ahead, "place in line")?, first))
    }

    // --- registry ------------------------------------------------------------------------------

    pub(super) async fn put_registry(&self, entries: &[RegistryRecord]) -> Result<(), DbError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        for e in entries {
            tx.execute(
                &tx.prepare_cached(
                    "INSERT INTO registry (fin, full_name, birth_date, address, document_number)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (fin) DO UPDATE SET full_name = excluded.full_name,
                         birth_date = excluded.birth_date, address = excluded.address,
                         document_number = excluded.document_number",
                )
                .await?,
                &[
                    &e.fin,
                    &e.full_name,
                    &e.birth_date,
                    &e.address,
                    &e.stored_document(),
                ],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn registry(&self, fin: &str) -> Result<Option<RegistryEntry>, DbError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT fin, full_name, birth_date, address FROM registry WHERE fin = $1",
                &[&fin],
            )
            .await?;
        row.map(|r| {
            Ok(RegistryEntry {
                fin: r.try_get(0)?,
                full_name: r.try_get(1)?,
                birth_date: r.try_get(2)?,
                address: r.try_get(3)?,
            })
        })
        .transpose()
    }
}

/// A transaction on a pooled connection whose BEGIN is sent with the first statements, not
/// awaited on its own. Dropped before [`finish`](Self::finish) (an error, or the request
/// cancelled between two flights), it takes the connection out of the pool and closes it:
/// PostgreSQL rolls the transaction back and releases its locks, and no later request can find
/// it still open (deadpool's `Transaction` sends a ROLLBACK on drop instead, which needs a
/// transaction opened by an awaited BEGIN).
struct PipelinedTransaction {
    client: Option<deadpool_postgres::Object>,
}

impl PipelinedTransaction {
    fn new(client: deadpool_postgres::Object) -> Self {
        PipelinedTransaction {
            client: Some(client),
        }
    }

    fn client(&self) -> Result<&deadpool_postgres::ClientWrapper, DbError> {
        self.client
            .as_deref()
            .ok_or_else(|| DbError::Corrupt("a finished transaction was used".into()))
    }

    /// The transaction was committed or rolled back, and the answer read: the connection goes
    /// back to the pool.
    fn finish(mut self) {
        drop(self.client.take());
    }
}

impl Drop for PipelinedTransaction {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            drop(deadpool_postgres::Object::take(client));
        }
    }
}

/// One push in two flights. The first: BEGIN, the advisory locks, and the checks that need them
/// held. The second: the place, the booking and its "received" event in one statement, followed
/// by COMMIT without waiting for the statement's answer (if the statement fails, the transaction
/// is aborted and PostgreSQL turns the COMMIT into a ROLLBACK; if it found no place, it wrote
/// nothing and the COMMIT releases the locks). A push refused by the checks ends with a ROLLBACK.
/// On return the transaction is over, whatever the outcome; on an error it may still be open
/// (the caller's [`PipelinedTransaction`] then closes the connection).
async fn push_in(
    client: &deadpool_postgres::ClientWrapper,
    kiosk_id: &str,
    item: &PushItem,
    day_capacity: u32,
    policy: &BookingPolicy,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<PushOutcome, DbError> {
    let b = &item.booking;
    let key = item.idempotency_key.to_string();
    // Concurrent pushes of one item queue here; the second then sees the first committed. A
    // direct booking also locks its citizen: the policy reads this citizen's bookings, and no
    // other booking of theirs may commit between that read and this insert. One statement for
    // both locks, always in this order.
    let citizen = (b.place == PlaceSource::Direct).then_some(b.citizen.fin.as_str());
    let number = i32::try_from(b.application_number)
        .map_err(|_| DbError::Invalid(format!("application number {}", b.application_number)))?;
    // Prepared once per connection (the statements are cached on it), before BEGIN so that no
    // Parse round trip falls inside the transaction.
    let locks = client
        .prepare_cached(
            "SELECT pg_advisory_xact_lock($1, hashtext($2)),
                    CASE WHEN $4::text IS NULL THEN NULL
                         ELSE pg_advisory_xact_lock($3, hashtext($4)) END",
        )
        .await?;
    // The checks that need the locks held: whether the key, the booking or the number is known,
    // whether the number is this kiosk's, and the citizen's active bookings.
    let checks = client
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM bookings WHERE idempotency_key = $1),
                    EXISTS (SELECT 1 FROM bookings WHERE booking_id = $2)
                        OR EXISTS (SELECT 1 FROM bookings WHERE application_number = $3),
                    EXISTS (SELECT 1 FROM number_blocks
                            WHERE kiosk_id = $4 AND first <= $3 AND last >= $3),
                    ARRAY(SELECT official_id FROM bookings
                          WHERE $5::text IS NOT NULL AND citizen_fin = $5
                            AND status IN ('booked', 'in_review') AND reception_date >= $6
                          ORDER BY reception_date, official_id),
                    ARRAY(SELECT reception_date FROM bookings
                          WHERE $5::text IS NOT NULL AND citizen_fin = $5
                            AND status IN ('booked', 'in_review') AND reception_date >= $6
                          ORDER BY reception_date, official_id)",
        )
        .await?;
    let insert = client.prepare_cached(place_and_insert_sql(b.place)).await?;
    // One flight (pipelined on the connection). PostgreSQL runs them in order: the checks
    // start, with a fresh snapshot at READ COMMITTED, only once the locks are held.
    let lock_params: [&(dyn tokio_postgres::types::ToSql + Sync); 4] =
        [&LOCK_IDEMPOTENCY_KEY, &key, &LOCK_CITIZEN, &citizen];
    let check_params: [&(dyn tokio_postgres::types::ToSql + Sync); 6] = [
        &item.idempotency_key,
        &b.booking_id,
        &number,
        &kiosk_id,
        &citizen,
        &today,
    ];
    let (_, _, checks) = tokio::try_join!(
        client.batch_execute("BEGIN"),
        client.execute(&locks, &lock_params),
        client.query_one(&checks, &check_params)
    )?;
    let (seen, taken, ours): (bool, bool, bool) =
        (checks.try_get(0)?, checks.try_get(1)?, checks.try_get(2)?);
    // The citizen's active bookings (read under the citizen's lock; empty unless direct).
    let officials: Vec<String> = checks.try_get(3)?;
    let dates: Vec<NaiveDate> = checks.try_get(4)?;
    let active: Vec<ActiveBooking> = officials
        .into_iter()
        .zip(dates)
        .map(|(official_id, reception_date)| ActiveBooking {
            official_id,
            reception_date,
        })
        .collect();
    let refused = if seen {
        Some(PushOutcome::Duplicate)
    } else if taken {
        Some(already_used(b))
    } else if !ours {
        Some(number_not_ours(b))
    } else if b.place == PlaceSource::Direct {
        policy
            .check(&b.official_id, &active)
            .err()
            .map(|refusal| policy_refusal(&refusal))
    } else {
        None
    };
    if let Some(outcome) = refused {
        client.batch_execute("ROLLBACK").await?;
        return Ok(outcome);
    }
    let c = &b.citizen;
    let seq =
        i64::try_from(item.seq).map_err(|_| DbError::Invalid(format!("sequence {}", item.seq)))?;
    let capacity = to_i32(day_capacity, "capacity")?;
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 25] = [
        &b.booking_id,
        &item.idempotency_key,
        &number,
        &kiosk_id,
        &seq,
        &b.official_id,
        &b.reception_date,
        &b.created_at,
        &place_str(b.place),
        &b.topic_id,
        &b.social_status_id,
        &b.privilege_id,
        &c.fin,
        &c.name,
        &c.document_number,
        &c.birth_date,
        &c.phone,
        &c.email,
        &c.workplace,
        &c.position,
        &c.address,
        &c.note,
        &now,
        &kind_str(EventKind::Received),
        &capacity,
    ];
    // Both answers are awaited (not `try_join!`): the COMMIT's answer is read even when the
    // insert failed, so the connection goes back to the pool with no transaction open.
    let (inserted, committed) = tokio::join!(
        client.execute(&insert, &params),
        client.batch_execute("COMMIT")
    );
    match inserted {
        // The COMMIT of an aborted transaction is a ROLLBACK, answered without an error.
        // A booking id or number taken by a concurrent push under another key (the key
        // itself is serialised by its advisory lock).
        Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
            committed?;
            Ok(already_used(b))
        }
        Err(e) => Err(e.into()),
        Ok(n) => {
            committed?;
            Ok(if n == 1 {
                PushOutcome::Accepted
            } else if b.place == PlaceSource::Lease {
                no_lease(b)
            } else {
                no_place_left(b)
            })
        }
    }
}

/// The place, the booking and its first timeline event ("received"), in one statement: the place
/// comes from the kiosk's lease (`used < places`; offline bookings were printed already, so no
/// policy) or, for a direct booking, from the day's capacity (its row created with the first
/// place taken, or `taken < capacity`); without a place nothing is inserted and the statement
/// reports 0 rows. The kiosk's row stays locked until commit, so cursor order is commit order.
fn place_and_insert_sql(place: PlaceSource) -> &'static str {
    // The booking and its event, after the place `p` (one row, or none).
    macro_rules! insert_after_place {
        ($place:literal) => {
            concat!(
                "WITH ",
                $place,
                ",
                 b AS (
                 INSERT INTO bookings (booking_id, idempotency_key, application_number, kiosk_id,
                     seq, official_id, reception_date, created_at, place, topic_id,
                     social_status_id, privilege_id, citizen_fin, citizen_name, document_number,
                     birth_date, phone, email, workplace, position, address, note, status,
                     received_at, updated_at)
                 SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                     $17, $18, $19, $20, $21, $22, 'booked', $23, $23 FROM p
                 RETURNING booking_id),
             c AS (UPDATE kiosks SET last_cursor = last_cursor + 1
                   WHERE id = $4 AND EXISTS (SELECT 1 FROM b)
                   RETURNING last_cursor)
             INSERT INTO timeline_events (kiosk_id, cursor, booking_id, at, kind, status, text)
             SELECT $4, c.last_cursor, b.booking_id, $23, $24, 'booked', NULL FROM b, c"
            )
        };
    }
    match place {
        PlaceSource::Lease => insert_after_place!(
            "p AS (
                 UPDATE leases SET used = used + 1, updated_at = $23
                 WHERE kiosk_id = $4 AND official_id = $6 AND reception_date = $7
                   AND used < places AND $25::int IS NOT NULL
                 RETURNING 1)"
        ),
        PlaceSource::Direct => insert_after_place!(
            "p AS (
                 INSERT INTO day_capacity (official_id, reception_date, capacity, taken)
                 SELECT $6, $7, $25, 1 WHERE $25 > 0
                 ON CONFLICT (official_id, reception_date)
                 DO UPDATE SET taken = day_capacity.taken + 1
                 WHERE day_capacity.taken < day_capacity.capacity
                 RETURNING 1)"
        ),
    }
}

/// Gives a cancelled booking's place back where it came from.
async fn free_place(
    tx: &Transaction<'_>,
    kiosk_id: &str,
    place: PlaceSource,
    official: &str,
    date: NaiveDate,
) -> Result<(), DbError> {
    let n = match place {
        PlaceSource::Direct => {
            tx.execute(
                &tx.prepare_cached("UPDATE day_capacity SET taken = taken - 1 WHERE official_id = $1 AND reception_date = $2").await?,
                &[&official, &date],
            )
            .await?
        }
        PlaceSource::Lease => {
            tx.execute(
                &tx.prepare_cached("UPDATE leases SET used = used - 1
                 WHERE kiosk_id = $1 AND official_id = $2 AND reception_date = $3").await?,
                &[&kiosk_id, &official, &date],
            )
            .await?
        }
    };
    if n == 1 {
        Ok(())
    } else {
        Err(DbError::Corrupt(format!(
            "no {} row for the place of a booking on {official} {date}",
            place_str(place)
        )))
    }
}

/// Appends an event to the kiosk's feed; `action_key` is the idempotency key of the kiosk
/// action that made it (a comment, an arrival), `None` for the server's own events. The kiosk
/// row stays locked until commit, so cursors commit in order.
#[allow(clippy::too_many_arguments)]
async fn add_event(
    tx: &Transaction<'_>,
    kiosk_id: &str,
    booking_id: Uuid,
    at: DateTime<Utc>,
    kind: EventKind,
    status: BookingStatus,
    text: Option<&str>,
    action_key: Option<Uuid>,
) -> Result<(), DbError> {
    // The kiosk's row stays locked until commit, so cursor order is commit order.
    tx.execute(
        &tx.prepare_cached(
            "WITH c AS (UPDATE kiosks SET last_cursor = last_cursor + 1 WHERE id = $1
                        RETURNING last_cursor)
             INSERT INTO timeline_events (kiosk_id, cursor, booking_id, at, kind, status, text,
                                          action_key)
             SELECT $1, c.last_cursor, $2, $3, $4, $5, $6, $7 FROM c",
        )
        .await?,
        &[
            &kiosk_id,
            &booking_id,
            &at,
            &kind_str(kind),
            &status.as_str(),
            &text,
            &action_key.map(|k| k.to_string()),
        ],
    )
    .await?;
    Ok(())
}

/// The booking and event kind an idempotency key was used for, if it was.
async fn action_key_use(
    tx: &Transaction<'_>,
    key: Uuid,
) -> Result<Option<(Uuid, EventKind)>, DbError> {
    let row = tx
        .query_opt(
            &tx.prepare_cached(
                "SELECT booking_id, kind FROM timeline_events WHERE action_key = $1",
            )
            .await?,
            &[&key.to_string()],
        )
        .await?;
    row.map(|r| Ok((r.try_get(0)?, parse_kind(r.try_get(1)?)?)))
        .transpose()
}

/// What a citizen's action needs of a booking, from a row starting with `kiosk_id, citizen_fin,
/// status, reception_date`.
fn citizen_booking(row: &Row) -> Result<CitizenBooking, DbError> {
    Ok(CitizenBooking {
        owner: row.try_get(0)?,
        fin: row.try_get(1)?,
        status: parse_status(row.try_get(2)?)?,
        reception_date: row.try_get(3)?,
    })
}

/// The proof rule against what the server holds: the registry's document number for the FİN,
/// and (when it has none) the document numbers of the FİN's bookings.
async fn proof_check(tx: &Transaction<'_>, proof: &Proof) -> Result<ProofCheck, DbError> {
    let row = tx
        .query_one(
            &tx.prepare_cached(
                "SELECT (SELECT document_number FROM registry WHERE fin = $1),
                        ARRAY(SELECT DISTINCT document_number FROM bookings WHERE citizen_fin = $1)",
            )
            .await?,
            &[&proof.fin],
        )
        .await?;
    let registered: Option<String> = row.try_get(0)?;
    let booked: Vec<String> = row.try_get(1)?;
    Ok(citizen::check(
        proof,
        registered.as_deref(),
        booked.iter().map(String::as_str),
    ))
}

/// All the FİN's bookings from every kiosk, newest first, each with its whole timeline (every
/// kiosk's events of it), oldest first.
async fn applications(tx: &Transaction<'_>, fin: &str) -> Result<Vec<Application>, DbError> {
    let rows = tx
        .query(
            &tx.prepare_cached(&format!(
                "{BOOKING_SELECT} WHERE citizen_fin = $1
                 ORDER BY created_at DESC, application_number DESC"
            ))
            .await?,
            &[&fin],
        )
        .await?;
    let ids: Vec<Uuid> = rows
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    let events = tx
        .query(
            &tx.prepare_cached(
                "SELECT booking_id, at, kind, status, text FROM timeline_events
                 WHERE booking_id = ANY($1) ORDER BY at, kiosk_id, cursor",
            )
            .await?,
            &[&ids],
        )
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let stored = stored_booking(r)?;
        let mut timeline = Vec::new();
        for e in &events {
            if e.try_get::<_, Uuid>(0)? == stored.booking.booking_id {
                timeline.push(ApplicationEvent {
                    at: e.try_get(1)?,
                    kind: parse_kind(e.try_get(2)?)?,
                    status: parse_status(e.try_get(3)?)?,
                    text: e.try_get(4)?,
                });
            }
        }
        out.push(Application {
            booking: stored.booking,
            status: stored.status,
            kiosk_id: stored.kiosk_id,
            events: timeline,
        });
    }
    Ok(out)
}

async fn ensure_kiosk(tx: &Transaction<'_>, kiosk_id: &str) -> Result<(), DbError> {
    let found: bool = tx
        .query_one(
            &tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM kiosks WHERE id = $1)")
                .await?,
            &[&kiosk_id],
        )
        .await?
        .try_get(0)?;
    if found {
        Ok(())
    } else {
        Err(DbError::NotFound(format!("kiosk {kiosk_id}")))
    }
}

/// Creates the day's capacity row on first use, with the catalog's capacity.
async fn ensure_day(
    tx: &Transaction<'_>,
    official: &str,
    date: NaiveDate,
    capacity: i32,
) -> Result<(), DbError> {
    tx.execute(
        &tx.prepare_cached("INSERT INTO day_capacity (official_id, reception_date, capacity, taken) VALUES ($1, $2, $3, 0)
         ON CONFLICT (official_id, reception_date) DO NOTHING").await?,
        &[&official, &date, &capacity],
    )
    .await?;
    Ok(())
}

const BOOKING_SELECT: &str =
    "SELECT booking_id, kiosk_id, seq, idempotency_key, application_number,
        official_id, reception_date, created_at, place, topic_id, social_status_id, privilege_id,
        citizen_fin, citizen_name, document_number, birth_date, phone, email, workplace, position,
        address, note, status, received_at
     FROM bookings";

/// A row of [`BOOKING_SELECT`].
fn stored_booking(r: &Row) -> Result<StoredBooking, DbError> {
    Ok(StoredBooking {
        kiosk_id: r.try_get(1)?,
        seq: stored_u64(r.try_get(2)?, "sequence")?,
        idempotency_key: r.try_get(3)?,
        booking: BookingWire {
            booking_id: r.try_get(0)?,
            application_number: stored_u32(r.try_get::<_, i32>(4)?, "number")?,
            official_id: r.try_get(5)?,
            reception_date: r.try_get(6)?,
            created_at: r.try_get(7)?,
            place: parse_place(r.try_get(8)?)?,
            topic_id: r.try_get(9)?,
            social_status_id: r.try_get(10)?,
            privilege_id: r.try_get(11)?,
            citizen: CitizenWire {
                fin: r.try_get(12)?,
                name: r.try_get(13)?,
                document_number: r.try_get(14)?,
                birth_date: r.try_get(15)?,
                phone: r.try_get(16)?,
                email: r.try_get(17)?,
                workplace: r.try_get(18)?,
                position: r.try_get(19)?,
                address: r.try_get(20)?,
                note: r.try_get(21)?,
            },
        },
        status: parse_status(r.try_get(22)?)?,
        received_at: r.try_get(23)?,
    })
}

const KIOSK_COLUMNS: &str =
    "SELECT id, name, created_at, enrolled_at, revoked_at, last_report_at FROM kiosks";

fn kiosk_row(r: &Row) -> Result<KioskRow, DbError> {
    Ok(KioskRow {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        created_at: r.try_get(2)?,
        enrolled_at: r.try_get(3)?,
        revoked_at: r.try_get(4)?,
        last_report_at: r.try_get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use qebul_protocol::api::CitizenWire;

    fn item(number: u32, fin: &str, date: NaiveDate) -> PushItem {
        PushItem {
            seq: u64::from(number),
            idempotency_key: Uuid::now_v7(),
            booking: BookingWire {
                booking_id: Uuid::now_v7(),
                application_number: number,
                official_id: "official".into(),
                reception_date: date,
                created_at: Utc::now(),
                place: PlaceSource::Direct,
                topic_id: "land".into(),
                social_status_id: "pensioner".into(),
                privilege_id: None,
                citizen: CitizenWire {
                    fin: fin.into(),
                    name: "ƏLİYEV İLQAR ŞAHİN OĞLU".into(),
                    document_number: "AA7654321".into(),
                    birth_date: None,
                    phone: "+994501234567".into(),
                    email: None,
                    workplace: String::new(),
                    position: String::new(),
                    address: "Biləsuvar".into(),
                    note: String::new(),
                },
            },
        }
    }

    /// Pushes of one application number under different keys and citizens pass the checks
    /// together; all but one then fail on the UNIQUE key inside the pipelined insert + COMMIT.
    /// Each is answered, and no pooled connection is left inside a transaction: every
    /// connection then takes a booking again.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn racing_pushes_of_one_number_leave_no_transaction_open() {
        let cluster = qebul_pg_fixture::PgCluster::builder()
            .fsync(false)
            .start()
            .unwrap();
        let db = PgDb::open(&cluster.create_database("race").unwrap())
            .await
            .unwrap();
        let now = Utc::now();
        let kiosk = db.create_enrollment("lobby", "code", now).await.unwrap();
        let block = db.allocate_numbers(&kiosk, 1000, now).await.unwrap();
        let date = baku_today().succ_opt().unwrap();
        let policy = BookingPolicy::default();
        let push = |item: PushItem| {
            let (db, kiosk) = (db.clone(), kiosk.clone());
            tokio::spawn(async move {
                let outcome = db
                    .push(&kiosk, &item, 1000, &policy, baku_today(), now)
                    .await;
                (item, outcome.unwrap())
            })
        };

        let racers: Vec<_> = (0..POOL_SIZE * 2)
            .map(|i| push(item(block.first, &format!("FIN{i:04}"), date)))
            .collect();
        let mut accepted = 0;
        for racer in racers {
            let (item, outcome) = racer.await.unwrap();
            if outcome == PushOutcome::Accepted {
                accepted += 1;
            } else {
                assert_eq!(outcome, already_used(&item.booking));
            }
        }
        assert_eq!(accepted, 1);

        let open: i64 = db
            .pool
            .get()
            .await
            .unwrap()
            .query_one(
                "SELECT count(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(open, 0);

        let later: Vec<_> = (1..=u32::try_from(POOL_SIZE * 2).unwrap())
            .map(|i| push(item(block.first + i, &format!("LATER{i:04}"), date)))
            .collect();
        for pusher in later {
            assert_eq!(pusher.await.unwrap().1, PushOutcome::Accepted);
        }
    }

    fn baku_today() -> NaiveDate {
        qebul_core::time::baku_date(&Utc::now())
    }
}
