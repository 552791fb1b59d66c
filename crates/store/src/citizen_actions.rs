//! What a citizen asked at the kiosk about one of their applications (cancel it, comment on it,
//! check in for it), queued until the server has it: offline, the answer is "queued", never
//! "lost". Each action is the wire request itself (`qebul-protocol`), sent again under the same
//! idempotency key until the server answers; its personal data (FİN, document, text) is dropped
//! from the queue once the server has it or refused it.
//!
//! The application may have been made at another kiosk: the queue keys actions by booking id,
//! with no link to this store's bookings. When the booking *is* here, the server's acceptance
//! is also written into its local timeline (cancelled, comment), as the server's own echo will
//! later confirm; a check-in is written at once ([`Store::record_local_arrival`]).
use chrono::{DateTime, Utc};
use qebul_protocol::api::{ArrivalRequest, CancelRequest, CommentRequest};
use rusqlite::{params, OptionalExtension};
use uuid::Uuid;

use crate::server_updates::{cancel_locally, comment_locally};
use crate::store::{parse_opt_ts, parse_ts, parse_uuid, ts, Store, StoreError};

/// The author of a comment the citizen wrote at a kiosk.
pub const CITIZEN_AUTHOR: &str = "citizen";

/// The furthest ahead an action's next attempt is ever set (the screen's own first try, a
/// retry's pause are seconds). One set further ahead than this was timed by a clock that has
/// since been set back, and is due at once: otherwise it would wait for the corrected clock to
/// catch up, hours or days. Sending early is harmless: the server keys actions by idempotency.
pub const LONGEST_ACTION_DELAY: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// One request the citizen made, as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionRequest {
    Cancel(CancelRequest),
    Comment(CommentRequest),
    Arrival(ArrivalRequest),
}

impl ActionRequest {
    /// The stored kind: `cancel`, `comment`, `arrival`.
    pub fn kind(&self) -> &'static str {
        match self {
            ActionRequest::Cancel(_) => "cancel",
            ActionRequest::Comment(_) => "comment",
            ActionRequest::Arrival(_) => "arrival",
        }
    }

    fn payload(&self) -> Result<String, StoreError> {
        let json = match self {
            ActionRequest::Cancel(r) => serde_json::to_string(r),
            ActionRequest::Comment(r) => serde_json::to_string(r),
            ActionRequest::Arrival(r) => serde_json::to_string(r),
        };
        json.map_err(|e| StoreError::Corrupt(format!("action payload: {e}")))
    }

    fn parse(kind: &str, payload: &str) -> Result<ActionRequest, StoreError> {
        let bad = |e: serde_json::Error| StoreError::Corrupt(format!("{kind} action: {e}"));
        Ok(match kind {
            "cancel" => ActionRequest::Cancel(serde_json::from_str(payload).map_err(bad)?),
            "comment" => ActionRequest::Comment(serde_json::from_str(payload).map_err(bad)?),
            "arrival" => ActionRequest::Arrival(serde_json::from_str(payload).map_err(bad)?),
            other => return Err(StoreError::Corrupt(format!("action kind {other:?}"))),
        })
    }
}

/// An action due to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitizenAction {
    pub key: Uuid,
    pub booking: Uuid,
    pub request: ActionRequest,
    pub created_at: DateTime<Utc>,
    pub attempts: u32,
}

/// Where an action stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionState {
    /// Not yet on the server.
    Queued,
    Delivered(DateTime<Utc>),
    /// The server said no for good (`code`: the protocol's, e.g. `not-cancellable`).
    Refused {
        code: String,
    },
}

/// An action as the details screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRecord {
    pub key: Uuid,
    pub booking: Uuid,
    /// `cancel`, `comment`, `arrival`.
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub state: ActionState,
    /// A comment's text while it is queued (dropped once the server has it).
    pub text: Option<String>,
}

impl Store {
    /// Queues `request` about `booking` at `now`, for the sync task from `first_attempt_at` (a
    /// caller sending it at once sets it later, so the two do not race); returns its
    /// idempotency key (a comment's and an arrival's are their own, a cancellation gets a new
    /// UUID v7).
    pub fn queue_action(
        &mut self,
        booking: Uuid,
        request: &ActionRequest,
        now: DateTime<Utc>,
        first_attempt_at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let key = match request {
            ActionRequest::Comment(r) => r.idempotency_key,
            ActionRequest::Arrival(r) => r.idempotency_key,
            ActionRequest::Cancel(_) => Uuid::now_v7(),
        };
        self.conn.execute(
            "INSERT INTO citizen_actions
                 (idempotency_key, booking_id, kind, payload, created_at, next_attempt_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                key.hyphenated().to_string(),
                booking.hyphenated().to_string(),
                request.kind(),
                request.payload()?,
                ts(now),
                ts(first_attempt_at),
            ],
        )?;
        Ok(key)
    }

    /// Queued actions due at `now`, oldest first, at most `limit`: those whose next attempt has
    /// come, and those whose next attempt is beyond [`LONGEST_ACTION_DELAY`] from `now`.
    pub fn due_actions(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<CitizenAction>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT idempotency_key, booking_id, kind, payload, created_at, attempts
             FROM citizen_actions
             WHERE delivered_at IS NULL AND refused_at IS NULL
               AND (next_attempt_at <= ?1 OR next_attempt_at > ?3)
             ORDER BY id LIMIT ?2",
        )?;
        let too_far = now.checked_add_signed(LONGEST_ACTION_DELAY).unwrap_or(now);
        let rows = stmt
            .query_map(
                params![
                    ts(now),
                    i64::try_from(limit).unwrap_or(i64::MAX),
                    ts(too_far)
                ],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, i64>(5)?,
                    ))
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(key, booking, kind, payload, created, attempts)| {
                Ok(CitizenAction {
                    key: parse_uuid(&key)?,
                    booking: parse_uuid(&booking)?,
                    request: ActionRequest::parse(&kind, &payload)?,
                    created_at: parse_ts(&created)?,
                    attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                })
            })
            .collect()
    }

    /// When an action was last settled (delivered or refused): what the server said before
    /// then may be out of date.
    pub fn last_action_settled_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let at: Option<String> = self.conn.query_row(
            "SELECT max(coalesce(delivered_at, refused_at)) FROM citizen_actions",
            [],
            |r| r.get(0),
        )?;
        parse_opt_ts(at)
    }

    /// How many actions are still queued (the receptionist's "not yet sent").
    pub fn queued_action_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM citizen_actions WHERE delivered_at IS NULL AND refused_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The server has the action: it is delivered, its personal data dropped, and, when the
    /// booking is here, a cancellation or comment written into its local timeline (the
    /// server's echo then confirms it instead of adding it twice). Delivering again is a no-op.
    pub fn action_delivered(&mut self, key: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let row: Option<(String, String, String, Option<String>)> = tx
            .query_row(
                "SELECT booking_id, kind, payload, delivered_at FROM citizen_actions
                 WHERE idempotency_key = ?1",
                [key.hyphenated().to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((booking, kind, payload, delivered)) = row else {
            return Err(StoreError::NotFound(format!("action {key}")));
        };
        if delivered.is_some() {
            return Ok(());
        }
        let booking = parse_uuid(&booking)?;
        match ActionRequest::parse(&kind, &payload)? {
            ActionRequest::Cancel(_) => {
                cancel_locally(&tx, booking, now)?;
            }
            ActionRequest::Comment(c) => {
                comment_locally(&tx, booking, CITIZEN_AUTHOR, &c.text, now)?;
            }
            ActionRequest::Arrival(_) => {}
        }
        tx.execute(
            "UPDATE citizen_actions SET delivered_at = ?2, payload = '{}', last_error = NULL
             WHERE idempotency_key = ?1",
            params![key.hyphenated().to_string(), ts(now)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The server could not be reached or failed: try again at `next_attempt_at`.
    pub fn action_failed(
        &mut self,
        key: Uuid,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let n = self.conn.execute(
            "UPDATE citizen_actions
             SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3
             WHERE idempotency_key = ?1 AND delivered_at IS NULL AND refused_at IS NULL",
            params![key.hyphenated().to_string(), error, ts(next_attempt_at)],
        )?;
        self.settled_or_missing(key, n)
    }

    /// The server refused the action for good (`code`, `message`): it is never sent again, and
    /// its personal data is dropped.
    pub fn action_refused(
        &mut self,
        key: Uuid,
        code: &str,
        message: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let n = self.conn.execute(
            "UPDATE citizen_actions
             SET refused_at = ?2, refused_code = ?3, last_error = ?4, payload = '{}',
                 attempts = attempts + 1
             WHERE idempotency_key = ?1 AND delivered_at IS NULL AND refused_at IS NULL",
            params![key.hyphenated().to_string(), ts(now), code, message],
        )?;
        self.settled_or_missing(key, n)
    }

    /// After an update of `n` rows of a queued action: none is fine when the action was settled
    /// meanwhile (the sync task and a screen may both have sent it), an error when it is unknown.
    fn settled_or_missing(&self, key: Uuid, n: usize) -> Result<(), StoreError> {
        if n > 0 {
            return Ok(());
        }
        let known: i64 = self.conn.query_row(
            "SELECT count(*) FROM citizen_actions WHERE idempotency_key = ?1",
            [key.hyphenated().to_string()],
            |r| r.get(0),
        )?;
        if known == 0 {
            return Err(StoreError::NotFound(format!("action {key}")));
        }
        Ok(())
    }

    /// Every action about `booking`, oldest first.
    pub fn actions_for(&self, booking: Uuid) -> Result<Vec<ActionRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT idempotency_key, kind, payload, created_at, delivered_at, refused_code
             FROM citizen_actions WHERE booking_id = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([booking.hyphenated().to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(key, kind, payload, created, delivered, refused)| {
                let state = match (parse_opt_ts(delivered)?, refused) {
                    (Some(at), _) => ActionState::Delivered(at),
                    (None, Some(code)) => ActionState::Refused { code },
                    (None, None) => ActionState::Queued,
                };
                let text = match (&state, ActionRequest::parse(&kind, &payload)) {
                    (ActionState::Queued, Ok(ActionRequest::Comment(c))) => Some(c.text),
                    _ => None,
                };
                Ok(ActionRecord {
                    key: parse_uuid(&key)?,
                    booking,
                    kind,
                    created_at: parse_ts(&created)?,
                    state,
                    text,
                })
            })
            .collect()
    }

    /// The citizen checked in for `booking` (made here) at `at`: its timeline says so at once,
    /// before the server hears of it. Returns false if it had checked in already; an error if
    /// the booking is not here.
    pub fn record_local_arrival(
        &mut self,
        booking: Uuid,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let id = booking.hyphenated().to_string();
        let tx = self.conn.transaction()?;
        let (known, arrived): (i64, i64) = tx.query_row(
            "SELECT (SELECT count(*) FROM bookings WHERE id = ?1),
                    (SELECT count(*) FROM booking_events WHERE booking_id = ?1 AND kind = 'arrived')",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if known == 0 {
            return Err(StoreError::NotFound(format!("booking {booking}")));
        }
        if arrived > 0 {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO booking_events (booking_id, at, kind) VALUES (?1, ?2, 'arrived')",
            params![id, ts(at)],
        )?;
        tx.commit()?;
        Ok(true)
    }
}
