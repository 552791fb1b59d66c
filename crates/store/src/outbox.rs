//! The outbox: what must reach the server, marked delivered only on its acknowledgement.
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};
use uuid::Uuid;

use crate::store::{parse_json, parse_opt_ts, parse_ts, parse_uuid, ts, Store, StoreError};

/// One outbox row.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    /// The kiosk's sequence number (sent up with the entry; the server answers with the highest
    /// sequence it applied).
    pub seq: i64,
    /// The idempotency key (UUID v7) the server keeps as a permanent unique key.
    pub key: Uuid,
    pub booking_id: Uuid,
    pub payload: serde_json::Value,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str =
    "seq, idempotency_key, booking_id, payload, attempts, next_attempt_at, last_error, delivered_at";

type RawEntry = (
    i64,
    String,
    String,
    String,
    u32,
    String,
    Option<String>,
    Option<String>,
);

fn raw(r: &Row<'_>) -> rusqlite::Result<RawEntry> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

fn parse(raw: RawEntry) -> Result<OutboxEntry, StoreError> {
    let (seq, key, booking, payload, attempts, next, last_error, delivered) = raw;
    Ok(OutboxEntry {
        seq,
        key: parse_uuid(&key)?,
        booking_id: parse_uuid(&booking)?,
        payload: parse_json(&payload)?,
        attempts,
        next_attempt_at: parse_ts(&next)?,
        last_error,
        delivered_at: parse_opt_ts(delivered)?,
    })
}

impl Store {
    /// The outbox entry of `booking`, if any.
    pub fn outbox_entry_for(&self, booking: Uuid) -> Result<Option<OutboxEntry>, StoreError> {
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM outbox WHERE booking_id = ?1"
            ))?
            .query_row([booking.hyphenated().to_string()], raw)
            .optional()?;
        row.map(parse).transpose()
    }

    /// Undelivered entries due at `now`, oldest sequence first, at most `limit`. An entry never
    /// tried is due at once whatever its date: a booking dated by a clock that was ahead must not
    /// wait for the corrected clock to catch up (the simulation's kiosks waited hours).
    pub fn pending(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM outbox
             WHERE delivered_at IS NULL
               AND (next_attempt_at <= ?1 OR (attempts = 0 AND refused_at IS NULL))
             ORDER BY seq LIMIT ?2"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(params![ts(now), limit], raw)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(parse).collect()
    }

    /// A failed attempt to send entry `key`: counts it, keeps the error, and holds the entry back
    /// until `next_attempt_at`. A delivered entry is left alone.
    pub fn record_failure(
        &mut self,
        key: Uuid,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let key_text = key.hyphenated().to_string();
        let tx = self.conn.transaction()?;
        let delivered: Option<Option<String>> = tx
            .query_row(
                "SELECT delivered_at FROM outbox WHERE idempotency_key = ?1",
                [&key_text],
                |r| r.get(0),
            )
            .optional()?;
        match delivered {
            None => return Err(StoreError::NotFound(format!("outbox entry {key}"))),
            Some(Some(_)) => {}
            Some(None) => {
                tx.execute(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = ?2,
                         next_attempt_at = ?3
                     WHERE idempotency_key = ?1",
                    params![key_text, error, ts(next_attempt_at)],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The server acknowledged entry `key` at `at`: the entry is delivered and its booking
    /// acknowledged (which makes it eligible for retention). Call this only on the server's
    /// acknowledgement. Idempotent: a second acknowledgement keeps the first time.
    pub fn mark_delivered(&mut self, key: Uuid, at: DateTime<Utc>) -> Result<(), StoreError> {
        let key_text = key.hyphenated().to_string();
        let at = ts(at);
        let tx = self.conn.transaction()?;
        let booking: Option<String> = tx
            .query_row(
                "UPDATE outbox SET delivered_at = coalesce(delivered_at, ?2)
                 WHERE idempotency_key = ?1 RETURNING booking_id",
                params![key_text, at],
                |r| r.get(0),
            )
            .optional()?;
        let Some(booking) = booking else {
            return Err(StoreError::NotFound(format!("outbox entry {key}")));
        };
        tx.execute(
            "UPDATE bookings SET acknowledged_at = coalesce(acknowledged_at, ?2) WHERE id = ?1",
            params![booking, at],
        )?;
        tx.commit()?;
        Ok(())
    }
}
