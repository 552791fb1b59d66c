//! What the central server says back to the kiosk, applied to the store: lease grants, the
//! results of a push, the timeline of this kiosk's bookings, the signed catalog, and the sync
//! state the receptionist's screen shows.
//!
//! This is the one module of the store that reads protocol types (`qebul_protocol::api`); the
//! rest of the store knows no wire format. Every method is one transaction.
//!
//! Outbox entries the server refused are **final**: `refused_at` and `refused_code` are set,
//! `last_error` keeps `"<code>: <message>"`, `delivered_at` stays NULL (the server does not have
//! the booking, so retention never erases it) and `next_attempt_at` becomes [`NEVER`], so
//! [`Store::pending`] and [`Store::push_batch`] never offer it again. [`Store::refused_entries`]
//! lists them for the receptionist.
use chrono::{DateTime, NaiveDate, Utc};
use qebul_protocol::api::{
    BookingStatus, BookingWire, EventKind, LeaseGrant, PushItem, PushOutcome, PushResult,
    TimelineEvent, UpdatesResponse,
};
use rusqlite::{params, OptionalExtension, Transaction};
use uuid::Uuid;

use crate::store::{add_number_block, parse_opt_ts, parse_ts, parse_uuid, ts, Store, StoreError};

/// `next_attempt_at` of an entry that will never be sent again (a refused one).
pub const NEVER: &str = "9999-12-31T23:59:59.999999Z";

/// The refusal code the kiosk gives itself for an outbox entry whose stored payload it cannot
/// turn into a [`BookingWire`] (it is refused locally, so one bad row never blocks the outbox).
pub const KIOSK_UNREADABLE_PAYLOAD: &str = "kiosk-unreadable-payload";

/// Why the server turned the kiosk's device token away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthProblemKind {
    /// The kiosk was revoked on the server: it must be enrolled again.
    Revoked,
    /// The token is missing or unknown.
    Unauthorized,
}

impl AuthProblemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthProblemKind::Revoked => "revoked",
            AuthProblemKind::Unauthorized => "unauthorized",
        }
    }

    fn parse(text: &str) -> Result<AuthProblemKind, StoreError> {
        match text {
            "revoked" => Ok(AuthProblemKind::Revoked),
            "unauthorized" => Ok(AuthProblemKind::Unauthorized),
            other => Err(StoreError::Corrupt(format!("auth problem {other:?}"))),
        }
    }
}

/// The last refusal of the device token, kept until a sync succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthProblem {
    pub kind: AuthProblemKind,
    /// The server's message.
    pub message: String,
    /// When the kiosk first saw it (kiosk clock); repeated refusals keep the first time.
    pub since: DateTime<Utc>,
}

/// Where the kiosk stands with the server.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncState {
    /// The end of the last fully successful round (kiosk clock).
    pub last_success_at: Option<DateTime<Utc>>,
    /// The server's clock in the last lease grant.
    pub server_time: Option<DateTime<Utc>>,
    /// The later of the kiosk's clock and the server's when the last grant arrived: the wall
    /// time a lease clock counts on from (see `qebul_sync::lease_clock`).
    pub lease_anchor_at: Option<DateTime<Utc>>,
    /// The monotonic clock's reading when the anchor was set (`boot-id/nanoseconds`, written by
    /// qebul-sync; opaque here), so a restart on the same boot still counts from the grant.
    /// Written with the grant since schema 8's first release; none for a grant applied
    /// without one (a store from before, tests).
    pub lease_anchor_reading: Option<String>,
    /// Ask `GET /v1/updates?after=` this.
    pub updates_cursor: u64,
    /// Events received for bookings this kiosk does not have.
    pub ignored_events: u64,
    /// The ETag of the cached catalog.
    pub catalog_etag: Option<String>,
    pub auth_problem: Option<AuthProblem>,
}

/// What [`Store::apply_lease_grant`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GrantApplied {
    /// Leases written (new or replaced).
    pub leases: usize,
    /// Leases granted fewer places than the kiosk has already used: kept at what is used.
    pub kept_at_used: usize,
    /// Leases the grant no longer lists: shrunk to what is used (no more offline booking).
    pub withdrawn: usize,
    /// A new number block was recorded (false when absent or already known).
    pub numbers_added: bool,
}

/// What became of one timeline event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventApplied {
    Applied,
    /// Its cursor was applied before.
    AlreadyApplied,
    /// The booking is not in this store: ignored, and counted in [`SyncState::ignored_events`].
    UnknownBooking,
}

/// What [`Store::apply_updates`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UpdatesApplied {
    pub applied: usize,
    pub already_applied: usize,
    pub unknown_booking: usize,
}

/// The next batch to push: the items, and the entries whose payload could not be read (refuse
/// them with [`KIOSK_UNREADABLE_PAYLOAD`] through [`Store::apply_push_results`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PushBatch {
    pub items: Vec<PushItem>,
    pub unreadable: Vec<UnreadableEntry>,
}

impl PushBatch {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.unreadable.is_empty()
    }

    /// Local refusals of the unreadable entries, to pass to [`Store::apply_push_results`].
    pub fn unreadable_results(&self) -> Vec<PushResult> {
        self.unreadable
            .iter()
            .map(|u| PushResult {
                seq: u.seq,
                idempotency_key: u.key,
                outcome: PushOutcome::Refused {
                    code: KIOSK_UNREADABLE_PAYLOAD.to_owned(),
                    message: u.error.clone(),
                },
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableEntry {
    pub seq: u64,
    pub key: Uuid,
    pub error: String,
}

/// What [`Store::apply_push_results`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PushApplied {
    /// Accepted or duplicate: delivered.
    pub delivered: usize,
    pub refused: usize,
    /// Results naming no outbox entry of this store (wrong key, or key and seq disagree).
    pub unknown: usize,
}

/// Outbox entries still to send, and entries the server refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    pub pending: u64,
    pub refused: u64,
}

/// A refused outbox entry, for the receptionist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedEntry {
    pub seq: u64,
    pub key: Uuid,
    pub booking_id: Uuid,
    pub application_number: u32,
    pub code: String,
    /// `"<code>: <message>"`.
    pub error: String,
    pub refused_at: DateTime<Utc>,
}

/// One entry of a booking's local timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    /// `booked` (made here), or the server's kinds: `received`, `status_changed`, `reply`,
    /// `cancelled`.
    pub kind: String,
    pub detail: Option<String>,
    /// Set when the entry came from (or was confirmed by) the server.
    pub server_cursor: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredComment {
    pub at: DateTime<Utc>,
    pub author: String,
    pub body: String,
    /// Set when the server's timeline carried it.
    pub server_cursor: Option<u64>,
}

/// The author of comments that came from the server's timeline.
pub const SERVER_AUTHOR: &str = "server";

/// The store's status for a protocol status. The schema's set is fixed (`held` is "Baxılır").
fn local_status(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Booked => "booked",
        BookingStatus::InReview => "held",
        BookingStatus::Closed => "closed",
        BookingStatus::Cancelled => "cancelled",
    }
}

fn event_kind(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Received => "received",
        EventKind::StatusChanged => "status_changed",
        EventKind::Reply => "reply",
        EventKind::Cancelled => "cancelled",
        EventKind::Comment => "comment",
        EventKind::Arrived => "arrived",
    }
}

fn cursor_i64(cursor: u64) -> Result<i64, StoreError> {
    i64::try_from(cursor).map_err(|_| StoreError::InvalidGrant(format!("cursor {cursor}")))
}

/// Gives one place back to the lease of `official_id` on `date` (never below 0).
fn give_place_back(
    tx: &Transaction<'_>,
    official_id: &str,
    date: NaiveDate,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE capacity_leases SET used = max(used - 1, 0)
         WHERE official_id = ?1 AND reception_date = ?2",
        params![official_id, date],
    )?;
    Ok(())
}

/// Moves `booking` to `status`, giving its place back when it becomes cancelled. A cancelled
/// booking stays cancelled (the kiosk never takes a place again for it): returns whether the
/// status changed.
fn set_status(
    tx: &Transaction<'_>,
    booking: &str,
    old: &str,
    official_id: &str,
    date: NaiveDate,
    new: &str,
) -> Result<bool, StoreError> {
    if old == new || old == "cancelled" {
        return Ok(false);
    }
    tx.execute(
        "UPDATE bookings SET status = ?2 WHERE id = ?1",
        params![booking, new],
    )?;
    if new == "cancelled" {
        give_place_back(tx, official_id, date)?;
    }
    Ok(true)
}

fn bump_cursor(tx: &Transaction<'_>, cursor: u64) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE sync_state SET updates_cursor = max(updates_cursor, ?1) WHERE id = 1",
        [cursor_i64(cursor)?],
    )?;
    Ok(())
}

fn stored_cursor(tx: &Transaction<'_>) -> Result<u64, StoreError> {
    let c: i64 = tx.query_row(
        "SELECT updates_cursor FROM sync_state WHERE id = 1",
        [],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(c).unwrap_or(0))
}

fn apply_event(tx: &Transaction<'_>, ev: &TimelineEvent) -> Result<EventApplied, StoreError> {
    let cursor = cursor_i64(ev.cursor)?;
    let seen: i64 = tx.query_row(
        "SELECT (SELECT count(*) FROM booking_events WHERE server_cursor = ?1)
              + (SELECT count(*) FROM comments WHERE server_cursor = ?1)",
        [cursor],
        |r| r.get(0),
    )?;
    if seen > 0 {
        return Ok(EventApplied::AlreadyApplied);
    }
    let id = ev.booking_id.hyphenated().to_string();
    let booking: Option<(String, String, NaiveDate)> = tx
        .query_row(
            "SELECT status, official_id, reception_date FROM bookings WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((old_status, official_id, date)) = booking else {
        // Counted once: a replay of an event at or before the stored cursor is not new.
        if ev.cursor > stored_cursor(tx)? {
            tx.execute(
                "UPDATE sync_state SET ignored_events = ignored_events + 1 WHERE id = 1",
                [],
            )?;
            bump_cursor(tx, ev.cursor)?;
            return Ok(EventApplied::UnknownBooking);
        }
        return Ok(EventApplied::AlreadyApplied);
    };
    let at = ts(ev.at);
    match ev.kind {
        EventKind::Comment => {
            let body = ev.text.clone().unwrap_or_default();
            // The echo of a comment this kiosk sent: confirm it rather than show it twice.
            let confirmed = tx.execute(
                "UPDATE comments SET server_cursor = ?3 WHERE id = (
                     SELECT id FROM comments
                     WHERE booking_id = ?1 AND server_cursor IS NULL AND body = ?2
                     ORDER BY id LIMIT 1)",
                params![id, body, cursor],
            )?;
            if confirmed == 0 {
                tx.execute(
                    "INSERT INTO comments (booking_id, at, author, body, server_cursor)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, at, SERVER_AUTHOR, body, cursor],
                )?;
            }
        }
        kind => {
            let kind = event_kind(kind);
            // The echo of a cancellation or a check-in this kiosk made: confirm its event.
            let confirmed = if kind == "cancelled" || kind == "arrived" {
                tx.execute(
                    "UPDATE booking_events SET server_cursor = ?3 WHERE id = (
                         SELECT id FROM booking_events
                         WHERE booking_id = ?1 AND kind = ?2 AND server_cursor IS NULL
                         ORDER BY id LIMIT 1)",
                    params![id, kind, cursor],
                )?
            } else {
                0
            };
            if confirmed == 0 {
                tx.execute(
                    "INSERT INTO booking_events (booking_id, at, kind, detail, server_cursor)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, at, kind, ev.text, cursor],
                )?;
            }
        }
    }
    set_status(
        tx,
        &id,
        &old_status,
        &official_id,
        date,
        local_status(ev.status),
    )?;
    bump_cursor(tx, ev.cursor)?;
    Ok(EventApplied::Applied)
}

/// Cancels a booking of this store (status, timeline, its place back to the lease): `None` if
/// the booking is not here, `Some(false)` if it was cancelled already.
pub(crate) fn cancel_locally(
    tx: &Transaction<'_>,
    booking: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<bool>, StoreError> {
    let id = booking.hyphenated().to_string();
    let row: Option<(String, String, NaiveDate)> = tx
        .query_row(
            "SELECT status, official_id, reception_date FROM bookings WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((old, official_id, date)) = row else {
        return Ok(None);
    };
    if !set_status(tx, &id, &old, &official_id, date, "cancelled")? {
        return Ok(Some(false));
    }
    tx.execute(
        "INSERT INTO booking_events (booking_id, at, kind, detail)
         VALUES (?1, ?2, 'cancelled', 'cancelled at the kiosk')",
        params![id, ts(now)],
    )?;
    Ok(Some(true))
}

/// Adds a comment to a booking of this store; false if the booking is not here.
pub(crate) fn comment_locally(
    tx: &Transaction<'_>,
    booking: Uuid,
    author: &str,
    text: &str,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let id = booking.hyphenated().to_string();
    let body = qebul_core::validation::clean_multiline(text);
    let known: i64 = tx.query_row("SELECT count(*) FROM bookings WHERE id = ?1", [&id], |r| {
        r.get(0)
    })?;
    if known == 0 {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO comments (booking_id, at, author, body) VALUES (?1, ?2, ?3, ?4)",
        params![id, ts(at), author, body],
    )?;
    Ok(true)
}

fn booking_wire(value: serde_json::Value) -> Result<BookingWire, String> {
    serde_json::from_value(value).map_err(|e| format!("payload is not a booking: {e}"))
}

impl Store {
    /// The sync state.
    pub fn sync_state(&self) -> Result<SyncState, StoreError> {
        type Raw = (
            Option<String>,
            Option<String>,
            Option<String>,
            i64,
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let raw: Raw = self.conn.query_row(
            "SELECT last_success_at, server_time, lease_anchor_at, updates_cursor, ignored_events,
                    catalog_etag, auth_problem, auth_message, auth_problem_at,
                    lease_anchor_reading
             FROM sync_state WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            },
        )?;
        let (last, server, anchor, cursor, ignored, etag, problem, message, since, reading) = raw;
        let auth_problem = match (problem, since) {
            (Some(kind), Some(since)) => Some(AuthProblem {
                kind: AuthProblemKind::parse(&kind)?,
                message: message.unwrap_or_default(),
                since: parse_ts(&since)?,
            }),
            _ => None,
        };
        Ok(SyncState {
            last_success_at: parse_opt_ts(last)?,
            server_time: parse_opt_ts(server)?,
            lease_anchor_at: parse_opt_ts(anchor)?,
            lease_anchor_reading: reading,
            updates_cursor: u64::try_from(cursor).unwrap_or(0),
            ignored_events: u64::try_from(ignored).unwrap_or(0),
            catalog_etag: etag,
            auth_problem,
        })
    }

    /// A sync round succeeded at `at` (kiosk clock): remembered, and any auth problem is over.
    pub fn record_sync_success(&mut self, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sync_state SET last_success_at = ?1, auth_problem = NULL, auth_message = NULL,
                 auth_problem_at = NULL
             WHERE id = 1",
            [ts(at)],
        )?;
        Ok(())
    }

    /// The server refused the device token. A repeat of the same kind keeps the first time.
    pub fn record_auth_problem(
        &mut self,
        kind: AuthProblemKind,
        message: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sync_state SET
                 auth_problem_at = CASE WHEN auth_problem = ?1 THEN auth_problem_at ELSE ?3 END,
                 auth_problem = ?1, auth_message = ?2
             WHERE id = 1",
            params![kind.as_str(), message, ts(at)],
        )?;
        Ok(())
    }

    /// Applies the server's lease grant, received at `kiosk_now` (kiosk clock), in one
    /// transaction:
    /// - each lease replaces the granted places of its (official, day) and its end; the places
    ///   the kiosk has used stay as they are (the kiosk's count includes bookings not yet
    ///   pushed), and a grant smaller than that is kept at what is used;
    /// - a lease the grant no longer lists shrinks to what is used (the grant is the whole set);
    /// - a number block is added; the same block granted again is no change, an overlapping one
    ///   refuses the whole grant ([`StoreError::InvalidGrant`]);
    /// - the server's time and the lease clock's anchor (the later of it and `kiosk_now`) are
    ///   recorded, with no monotonic reading (see [`Store::apply_lease_grant_read_at`]).
    pub fn apply_lease_grant(
        &mut self,
        grant: &LeaseGrant,
        kiosk_now: DateTime<Utc>,
    ) -> Result<GrantApplied, StoreError> {
        self.apply_lease_grant_read_at(grant, kiosk_now, None)
    }

    /// [`Store::apply_lease_grant`], keeping `reading` (the monotonic clock's reading taken with
    /// `kiosk_now`, see [`SyncState::lease_anchor_reading`]) beside the anchor in the same
    /// transaction: a crash leaves the new anchor with its reading or the old one with its own.
    pub fn apply_lease_grant_read_at(
        &mut self,
        grant: &LeaseGrant,
        kiosk_now: DateTime<Utc>,
        reading: Option<&str>,
    ) -> Result<GrantApplied, StoreError> {
        let tx = self.conn.transaction()?;
        let mut applied = GrantApplied::default();
        let mut listed = std::collections::HashSet::new();
        for lease in &grant.leases {
            if !listed.insert((lease.official_id.clone(), lease.reception_date)) {
                return Err(StoreError::InvalidGrant(format!(
                    "two leases for {} on {}",
                    lease.official_id, lease.reception_date
                )));
            }
            let used: Option<u32> = tx
                .query_row(
                    "SELECT used FROM capacity_leases
                     WHERE official_id = ?1 AND reception_date = ?2",
                    params![lease.official_id, lease.reception_date],
                    |r| r.get(0),
                )
                .optional()?;
            if used.is_some_and(|used| lease.places < used) {
                applied.kept_at_used += 1;
            }
            tx.execute(
                "INSERT INTO capacity_leases (official_id, reception_date, granted, used, expires_at)
                 VALUES (?1, ?2, ?3, 0, ?4)
                 ON CONFLICT (official_id, reception_date)
                 DO UPDATE SET granted = max(excluded.granted, used), expires_at = excluded.expires_at",
                params![
                    lease.official_id,
                    lease.reception_date,
                    lease.places,
                    ts(lease.ends_at)
                ],
            )?;
            applied.leases += 1;
        }
        let existing: Vec<(String, NaiveDate)> = {
            let mut stmt = tx.prepare(
                "SELECT official_id, reception_date FROM capacity_leases WHERE granted > used",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        for key in existing {
            if !listed.contains(&key) {
                tx.execute(
                    "UPDATE capacity_leases SET granted = used
                     WHERE official_id = ?1 AND reception_date = ?2",
                    params![key.0, key.1],
                )?;
                applied.withdrawn += 1;
            }
        }
        if let Some(block) = grant.numbers {
            applied.numbers_added = add_number_block(&tx, block.first, block.last)?;
        }
        let anchor = kiosk_now.max(grant.server_time);
        tx.execute(
            // The reading of the previous anchor never stays with the new one.
            "UPDATE sync_state SET server_time = ?1, lease_anchor_at = ?2,
                                   lease_anchor_reading = ?3
             WHERE id = 1",
            params![ts(grant.server_time), ts(anchor), reading],
        )?;
        tx.commit()?;
        Ok(applied)
    }

    /// Applies one event of the server's timeline of this kiosk's bookings, at most once (by
    /// its cursor): the event joins the booking's timeline (a comment joins its comments), the
    /// booking takes the event's status (`in_review` is stored as `held`), and a booking that
    /// becomes cancelled gives its place back to the lease. A cancelled booking stays
    /// cancelled. The server's echo of a cancellation or comment made here confirms the local
    /// one instead of adding a second. An event for a booking not in this store is ignored and
    /// counted. The stored cursor moves up to the event's.
    pub fn apply_timeline_event(
        &mut self,
        event: &TimelineEvent,
    ) -> Result<EventApplied, StoreError> {
        let tx = self.conn.transaction()?;
        let applied = apply_event(&tx, event)?;
        tx.commit()?;
        Ok(applied)
    }

    /// Applies one `GET /v1/updates` answer in one transaction, then stores its `next` as the
    /// cursor (it never moves back).
    pub fn apply_updates(
        &mut self,
        updates: &UpdatesResponse,
    ) -> Result<UpdatesApplied, StoreError> {
        let tx = self.conn.transaction()?;
        let mut done = UpdatesApplied::default();
        for event in &updates.events {
            match apply_event(&tx, event)? {
                EventApplied::Applied => done.applied += 1,
                EventApplied::AlreadyApplied => done.already_applied += 1,
                EventApplied::UnknownBooking => done.unknown_booking += 1,
            }
        }
        bump_cursor(&tx, updates.next)?;
        tx.commit()?;
        Ok(done)
    }

    /// The server accepted this kiosk's cancellation of `booking` at `now`: the booking is
    /// cancelled, its timeline says so, and its place goes back to the lease. Returns false
    /// (and changes nothing) if it was already cancelled.
    pub fn record_local_cancellation(
        &mut self,
        booking: Uuid,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let changed = cancel_locally(&tx, booking, now)?
            .ok_or_else(|| StoreError::NotFound(format!("booking {booking}")))?;
        tx.commit()?;
        Ok(changed)
    }

    /// A comment the server accepted from this kiosk. The text is stored as the server keeps it
    /// (line breaks unified, blank lines trimmed), so that its echo in the timeline matches.
    pub fn add_local_comment(
        &mut self,
        booking: Uuid,
        author: &str,
        text: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        if !comment_locally(&tx, booking, author, text, at)? {
            return Err(StoreError::NotFound(format!("booking {booking}")));
        }
        tx.commit()?;
        Ok(())
    }

    /// The timeline of `booking`, oldest first.
    pub fn timeline(&self, booking: Uuid) -> Result<Vec<TimelineEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, kind, detail, server_cursor FROM booking_events
             WHERE booking_id = ?1 ORDER BY at, id",
        )?;
        let rows = stmt
            .query_map([booking.hyphenated().to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(at, kind, detail, cursor)| {
                Ok(TimelineEntry {
                    at: parse_ts(&at)?,
                    kind,
                    detail,
                    server_cursor: cursor.and_then(|c| u64::try_from(c).ok()),
                })
            })
            .collect()
    }

    /// The comments of `booking`, oldest first.
    pub fn comments(&self, booking: Uuid) -> Result<Vec<StoredComment>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, author, body, server_cursor FROM comments
             WHERE booking_id = ?1 ORDER BY at, id",
        )?;
        let rows = stmt
            .query_map([booking.hyphenated().to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(at, author, body, cursor)| {
                Ok(StoredComment {
                    at: parse_ts(&at)?,
                    author,
                    body,
                    server_cursor: cursor.and_then(|c| u64::try_from(c).ok()),
                })
            })
            .collect()
    }

    /// The next outbox entries to push (undelivered, not refused, due at `now`; oldest first,
    /// at most `limit`) as protocol items, each with `place: lease`.
    pub fn push_batch(&self, now: DateTime<Utc>, limit: usize) -> Result<PushBatch, StoreError> {
        let mut batch = PushBatch {
            items: Vec::new(),
            unreadable: Vec::new(),
        };
        for entry in self.pending(now, limit)? {
            let seq = u64::try_from(entry.seq)
                .map_err(|_| StoreError::Corrupt(format!("outbox seq {}", entry.seq)))?;
            match booking_wire(entry.payload) {
                Ok(booking) => batch.items.push(PushItem {
                    seq,
                    idempotency_key: entry.key,
                    booking,
                }),
                Err(error) => batch.unreadable.push(UnreadableEntry {
                    seq,
                    key: entry.key,
                    error,
                }),
            }
        }
        Ok(batch)
    }

    /// Applies the server's answer to a push (and local refusals) in one transaction, at `now`:
    /// `accepted` and `duplicate` mark the entry delivered and its booking acknowledged (the
    /// server has it; retention may erase it later); `refused` is final (see the module doc). A
    /// result whose key names no entry, or whose sequence disagrees with the entry's, is
    /// counted as unknown and changes nothing. Results for entries already delivered, and
    /// refusals of entries already refused, change nothing.
    pub fn apply_push_results(
        &mut self,
        results: &[PushResult],
        now: DateTime<Utc>,
    ) -> Result<PushApplied, StoreError> {
        let at = ts(now);
        let tx = self.conn.transaction()?;
        let mut done = PushApplied::default();
        for result in results {
            let key = result.idempotency_key.hyphenated().to_string();
            let row: Option<(i64, String, Option<String>, Option<String>)> = tx
                .query_row(
                    "SELECT seq, booking_id, delivered_at, refused_at FROM outbox
                     WHERE idempotency_key = ?1",
                    [&key],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((seq, booking, delivered, refused)) = row else {
                done.unknown += 1;
                continue;
            };
            if u64::try_from(seq).ok() != Some(result.seq) {
                done.unknown += 1;
                continue;
            }
            match &result.outcome {
                PushOutcome::Accepted | PushOutcome::Duplicate => {
                    if delivered.is_none() {
                        tx.execute(
                            "UPDATE outbox SET delivered_at = ?2, refused_at = NULL,
                                 refused_code = NULL
                             WHERE idempotency_key = ?1",
                            params![key, at],
                        )?;
                        tx.execute(
                            "UPDATE bookings SET acknowledged_at = coalesce(acknowledged_at, ?2)
                             WHERE id = ?1",
                            params![booking, at],
                        )?;
                    }
                    done.delivered += 1;
                }
                PushOutcome::Refused { code, message } => {
                    if delivered.is_none() && refused.is_none() {
                        tx.execute(
                            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2,
                                 next_attempt_at = ?3, refused_at = ?4, refused_code = ?5
                             WHERE idempotency_key = ?1",
                            params![key, format!("{code}: {message}"), NEVER, at, code],
                        )?;
                        done.refused += 1;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(done)
    }

    /// How many outbox entries are still to send, and how many the server refused that no
    /// receptionist has resolved yet.
    pub fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let (pending, refused): (i64, i64) = self.conn.query_row(
            "SELECT count(*) FILTER (WHERE refused_at IS NULL),
                    count(*) FILTER (WHERE refused_at IS NOT NULL AND resolved_at IS NULL)
             FROM outbox WHERE delivered_at IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(OutboxCounts {
            pending: u64::try_from(pending).unwrap_or(0),
            refused: u64::try_from(refused).unwrap_or(0),
        })
    }

    /// The entries the server refused and no receptionist has resolved yet, oldest first.
    pub fn refused_entries(&self) -> Result<Vec<RefusedEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.seq, o.idempotency_key, o.booking_id, b.application_number, o.refused_code,
                    coalesce(o.last_error, o.refused_code), o.refused_at
             FROM outbox o JOIN bookings b ON b.id = o.booking_id
             WHERE o.refused_at IS NOT NULL AND o.delivered_at IS NULL
                   AND o.resolved_at IS NULL
             ORDER BY o.seq",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, u32>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(seq, key, booking, number, code, error, at)| {
                Ok(RefusedEntry {
                    seq: u64::try_from(seq).unwrap_or(0),
                    key: parse_uuid(&key)?,
                    booking_id: parse_uuid(&booking)?,
                    application_number: number,
                    code,
                    error,
                    refused_at: parse_ts(&at)?,
                })
            })
            .collect()
    }

    /// Replaces the cached catalog with one the caller has verified, keeping `body` exactly as
    /// signed (so it can be verified again) and its ETag, in one transaction.
    pub fn save_signed_catalog(
        &mut self,
        version: u64,
        signature: &[u8],
        body: &str,
        etag: &str,
        received_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let version = i64::try_from(version)
            .map_err(|_| StoreError::InvalidGrant(format!("catalog version {version}")))?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO catalog_cache (id, version, signature, body, received_at)
             VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET version = excluded.version,
                 signature = excluded.signature, body = excluded.body,
                 received_at = excluded.received_at",
            params![version, signature, body, ts(received_at)],
        )?;
        tx.execute(
            "UPDATE sync_state SET catalog_etag = ?1 WHERE id = 1",
            [etag],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The cached catalog's body exactly as stored and its signature, to verify it again.
    pub fn signed_catalog_text(&self) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT body, signature FROM catalog_cache WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_onto_the_schema() {
        assert_eq!(local_status(BookingStatus::InReview), "held");
        assert_eq!(local_status(BookingStatus::Booked), "booked");
        assert_eq!(local_status(BookingStatus::Closed), "closed");
        assert_eq!(local_status(BookingStatus::Cancelled), "cancelled");
    }

    #[test]
    fn a_payload_without_a_field_is_unreadable() {
        assert!(booking_wire(serde_json::json!({})).is_err());
        assert!(booking_wire(serde_json::json!([])).is_err());
    }

    #[test]
    fn never_sorts_after_any_time_a_kiosk_meets() {
        let far = chrono::TimeZone::with_ymd_and_hms(&Utc, 9999, 12, 31, 23, 59, 59).unwrap();
        assert!(NEVER > ts(far).as_str());
        assert_eq!(parse_ts(NEVER).map(|t| t > far).ok(), Some(true));
    }
}
