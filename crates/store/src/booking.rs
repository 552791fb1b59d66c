//! `book()`: one transaction per booking.
use chrono::{DateTime, NaiveDate, Utc};
use qebul_core::validation::{ActiveBooking, BookingPolicy, PolicyRefusal};
use qebul_core::{DocumentKind, Lang};
use qebul_protocol::api::{BookingWire, CitizenWire, PlaceSource};
use rusqlite::{params, OptionalExtension, Row};
use uuid::Uuid;

use crate::store::{parse_opt_ts, parse_ts, parse_uuid, ts, Store, StoreError};

/// What the kiosk books, already validated upstream (qebul-core).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRequest {
    pub official_id: String,
    /// The citizen's language: their notice's second lines, also when reprinted later.
    pub language: Lang,
    /// The document the citizen identified with, as the notice names it.
    pub document_kind: DocumentKind,
    pub reception_date: NaiveDate,
    pub citizen_fin: String,
    pub citizen_name: String,
    pub document_number: String,
    pub birth_date: Option<NaiveDate>,
    /// E.164.
    pub phone: String,
    pub email: Option<String>,
    pub workplace: String,
    pub position: String,
    pub address: String,
    pub note: String,
    pub topic_id: String,
    pub social_status_id: String,
    pub privilege_id: Option<String>,
}

/// A committed booking: print its notice now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Booked {
    pub id: Uuid,
    pub number: u32,
    pub outbox_key: Uuid,
    pub print_job: i64,
}

/// A booking as stored. Personal fields are `None` once erased by retention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBooking {
    pub id: Uuid,
    pub number: u32,
    pub official_id: String,
    pub reception_date: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub language: Lang,
    pub document_kind: DocumentKind,
    /// `booked`, `held`, `cancelled` or `closed`.
    pub status: String,
    pub topic_id: String,
    pub social_status_id: String,
    pub privilege_id: Option<String>,
    pub citizen_name: Option<String>,
    pub citizen_fin: Option<String>,
    pub document_number: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub workplace: Option<String>,
    pub position: Option<String>,
    pub address: Option<String>,
    pub note: Option<String>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub personal_erased_at: Option<DateTime<Utc>>,
}

/// Why `book()` refused. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// This kiosk holds no unexpired lease for the day.
    #[error("no-lease: no unexpired capacity lease for official {official_id:?} on {reception_date}; this day can only be booked online")]
    NoLease {
        official_id: String,
        reception_date: NaiveDate,
    },
    /// The lease is spent.
    #[error("no-place-left: the capacity lease for official {official_id:?} on {reception_date} is spent; this day can only be booked online")]
    NoPlaceLeft {
        official_id: String,
        reception_date: NaiveDate,
    },
    /// Every number block is spent.
    #[error("no-numbers-left: no application numbers left; this day can only be booked online")]
    NoNumbersLeft,
    #[error(transparent)]
    Policy(#[from] PolicyRefusal),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A failure injected by tests after statement `n` of `book()`.
    #[doc(hidden)]
    #[error("injected failure after step {0}")]
    Injected(usize),
}

impl From<rusqlite::Error> for BookError {
    fn from(e: rusqlite::Error) -> Self {
        BookError::Store(StoreError::Sqlite(e))
    }
}

impl BookError {
    /// The stable code. Its words are qebul-l10n's (`book_error`, or `policy_refusal` for
    /// [`BookError::Policy`], whose message names the dates already booked).
    pub fn code(&self) -> &'static str {
        match self {
            BookError::NoLease { .. } => "no-lease",
            BookError::NoPlaceLeft { .. } => "no-place-left",
            BookError::NoNumbersLeft => "no-numbers-left",
            BookError::Policy(p) => p.code(),
            BookError::Store(_) | BookError::Injected(_) => "store-error",
        }
    }
}

/// How many statements `book()` runs inside its transaction (the injection points of
/// [`Store::book_failing_after`] are `1..=BOOK_STEPS`; the last one is just before the commit).
pub const BOOK_STEPS: usize = 8;

pub(crate) const BOOKING_COLUMNS: &str =
    "id, application_number, official_id, reception_date, created_at,
    status, topic_id, social_status_id, privilege_id, citizen_name, citizen_fin, document_number,
    birth_date, phone, email, workplace, position, address, note, acknowledged_at,
    personal_erased_at, language, document_kind";

impl Store {
    /// Books one place, in one transaction committed with `synchronous=FULL` before returning:
    /// an application number from a number block, a place from an unexpired capacity lease, the
    /// booking policy checked against the citizen's active bookings, the booking, its first
    /// timeline event, its outbox entry (UUID v7 idempotency key) and its print job (queued).
    pub fn book(
        &mut self,
        req: &BookingRequest,
        now: DateTime<Utc>,
        policy: &BookingPolicy,
    ) -> Result<Booked, BookError> {
        self.book_inner(req, now, policy, None)
    }

    /// [`Store::book`] with a failure injected after statement `step` (`1..=BOOK_STEPS`): for the
    /// atomicity tests only.
    #[doc(hidden)]
    pub fn book_failing_after(
        &mut self,
        step: usize,
        req: &BookingRequest,
        now: DateTime<Utc>,
        policy: &BookingPolicy,
    ) -> Result<Booked, BookError> {
        self.book_inner(req, now, policy, Some(step))
    }

    fn book_inner(
        &mut self,
        req: &BookingRequest,
        now: DateTime<Utc>,
        policy: &BookingPolicy,
        fail_after: Option<usize>,
    ) -> Result<Booked, BookError> {
        let mut step = 0;
        let mut checkpoint = || {
            step += 1;
            if fail_after == Some(step) {
                Err(BookError::Injected(step))
            } else {
                Ok(())
            }
        };
        let now_text = ts(now);
        let tx = self.conn.transaction()?;

        // 1. The booking policy, against the citizen's active bookings.
        check_policy(&tx, req, now, policy)?;
        checkpoint()?;

        // 2. The lease: one must exist, be unexpired and have a place left.
        let lease: Option<(u32, u32, String)> = tx
            .prepare_cached(
                "SELECT granted, used, expires_at FROM capacity_leases
                 WHERE official_id = ?1 AND reception_date = ?2",
            )?
            .query_row(params![req.official_id, req.reception_date], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        match lease {
            Some((_, _, expires_at)) if parse_ts(&expires_at)? > now => {}
            _ => {
                return Err(BookError::NoLease {
                    official_id: req.official_id.clone(),
                    reception_date: req.reception_date,
                })
            }
        }
        checkpoint()?;

        // 3. A place from the lease.
        let spent = tx
            .prepare_cached(
                "UPDATE capacity_leases SET used = used + 1
                 WHERE official_id = ?1 AND reception_date = ?2 AND used < granted",
            )?
            .execute(params![req.official_id, req.reception_date])?;
        if spent == 0 {
            return Err(BookError::NoPlaceLeft {
                official_id: req.official_id.clone(),
                reception_date: req.reception_date,
            });
        }
        checkpoint()?;

        // 4. A number from the first block with one left.
        let number = take_number(&tx)?;
        checkpoint()?;

        // 5–8. The booking, its first event, its outbox entry and its print job.
        let id = Uuid::now_v7();
        let outbox_key = Uuid::now_v7();
        let print_job = insert_booking(
            &tx,
            req,
            &NewBooking {
                id,
                number,
                outbox_key,
                created_at: parse_ts(&now_text)?,
                place: PlaceSource::Lease,
                delivered_at: None,
            },
            &mut checkpoint,
        )?;

        tx.commit()?;
        Ok(Booked {
            id,
            number,
            outbox_key,
            print_job,
        })
    }

    /// The first half of a direct booking (online, when this kiosk holds no place for the day):
    /// the booking policy checked and an application number taken, committed. Nothing else is
    /// written: the server is asked for the place next ([`DirectBooking::wire`]), and only once
    /// it has granted it does [`Store::record_direct`] store the booking. A number whose place the
    /// server refused stays unused (a gap in the numbering, never a duplicate).
    pub fn prepare_direct(
        &mut self,
        req: &BookingRequest,
        now: DateTime<Utc>,
        policy: &BookingPolicy,
    ) -> Result<DirectBooking, BookError> {
        let tx = self.conn.transaction()?;
        check_policy(&tx, req, now, policy)?;
        let number = take_number(&tx)?;
        tx.commit()?;
        let booking = NewBooking {
            id: Uuid::now_v7(),
            number,
            outbox_key: Uuid::now_v7(),
            // As stored: to the precision the store keeps, so the push and the outbox agree.
            created_at: parse_ts(&ts(now))?,
            place: PlaceSource::Direct,
            delivered_at: None,
        };
        Ok(DirectBooking {
            wire: booking_wire(req, &booking),
            booking,
        })
    }

    /// The second half of a direct booking: the server granted the place at `granted_at`. The
    /// booking, its first event, its outbox entry (already delivered) and its print job, in one
    /// transaction, as [`Store::book`] writes them.
    pub fn record_direct(
        &mut self,
        req: &BookingRequest,
        direct: &DirectBooking,
        granted_at: DateTime<Utc>,
    ) -> Result<Booked, BookError> {
        let tx = self.conn.transaction()?;
        let booking = NewBooking {
            delivered_at: Some(granted_at),
            ..direct.booking
        };
        let print_job = insert_booking(&tx, req, &booking, &mut || Ok(()))?;
        tx.commit()?;
        Ok(Booked {
            id: booking.id,
            number: booking.number,
            outbox_key: booking.outbox_key,
            print_job,
        })
    }

    /// The booking `id`, if stored.
    pub fn booking(&self, id: Uuid) -> Result<Option<StoredBooking>, StoreError> {
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = ?1"
            ))?
            .query_row([id.hyphenated().to_string()], RawBooking::from_row)
            .optional()?;
        row.map(RawBooking::parse).transpose()
    }

    /// The booking with application number `number`, if stored (a notice's barcode).
    pub fn booking_by_number(&self, number: u32) -> Result<Option<StoredBooking>, StoreError> {
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT {BOOKING_COLUMNS} FROM bookings WHERE application_number = ?1"
            ))?
            .query_row([number], RawBooking::from_row)
            .optional()?;
        row.map(RawBooking::parse).transpose()
    }

    /// The bookings this kiosk made for the citizen `fin` (their personal data not yet
    /// erased), newest first: the history when the server cannot be asked.
    pub fn bookings_of(&self, fin: &str) -> Result<Vec<StoredBooking>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {BOOKING_COLUMNS} FROM bookings WHERE citizen_fin = ?1
             ORDER BY created_at DESC, application_number DESC"
        ))?;
        let rows = stmt
            .query_map([fin], RawBooking::from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(RawBooking::parse).collect()
    }
}

/// A direct booking between its two halves: the number taken, the place not granted yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectBooking {
    booking: NewBooking,
    /// What to push to the server (`place: direct`), with [`DirectBooking::idempotency_key`].
    pub wire: BookingWire,
}

impl DirectBooking {
    /// The key the push carries; the outbox entry keeps it, so a repeated push is a duplicate.
    pub fn idempotency_key(&self) -> Uuid {
        self.booking.outbox_key
    }

    pub fn number(&self) -> u32 {
        self.booking.number
    }
}

/// The ids and times of a booking about to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NewBooking {
    id: Uuid,
    number: u32,
    outbox_key: Uuid,
    created_at: DateTime<Utc>,
    place: PlaceSource,
    /// Set for a direct booking: the server has it already.
    delivered_at: Option<DateTime<Utc>>,
}

/// The booking policy, against the citizen's active bookings ("active" by the date in Baku,
/// where the receptions are).
fn check_policy(
    tx: &rusqlite::Transaction<'_>,
    req: &BookingRequest,
    now: DateTime<Utc>,
    policy: &BookingPolicy,
) -> Result<(), BookError> {
    let today = qebul_core::time::baku_date(&now);
    let mut stmt = tx.prepare_cached(
        "SELECT official_id, reception_date FROM bookings
         WHERE citizen_fin = ?1 AND status = 'booked' AND reception_date >= ?2",
    )?;
    let rows = stmt.query_map(params![req.citizen_fin, today], |r| {
        Ok(ActiveBooking {
            official_id: r.get(0)?,
            reception_date: r.get(1)?,
        })
    })?;
    let active: Vec<ActiveBooking> = rows.collect::<Result<_, _>>()?;
    policy.check(&req.official_id, &active)?;
    Ok(())
}

/// A number from the first block with one left.
fn take_number(tx: &rusqlite::Transaction<'_>) -> Result<u32, BookError> {
    let number: Option<u32> = tx
        .prepare_cached(
            "UPDATE number_blocks SET next = next + 1
             WHERE id = (SELECT id FROM number_blocks WHERE next <= last ORDER BY first LIMIT 1)
             RETURNING next - 1",
        )?
        .query_row([], |r| r.get(0))
        .optional()?;
    number.ok_or(BookError::NoNumbersLeft)
}

/// The booking as the server gets it: what the outbox keeps is what was committed.
fn booking_wire(req: &BookingRequest, b: &NewBooking) -> BookingWire {
    BookingWire {
        booking_id: b.id,
        application_number: b.number,
        official_id: req.official_id.clone(),
        reception_date: req.reception_date,
        created_at: b.created_at,
        place: b.place,
        topic_id: req.topic_id.clone(),
        social_status_id: req.social_status_id.clone(),
        privilege_id: req.privilege_id.clone(),
        citizen: CitizenWire {
            fin: req.citizen_fin.clone(),
            name: req.citizen_name.clone(),
            document_number: req.document_number.clone(),
            birth_date: req.birth_date,
            phone: req.phone.clone(),
            email: req.email.clone(),
            workplace: req.workplace.clone(),
            position: req.position.clone(),
            address: req.address.clone(),
            note: req.note.clone(),
        },
    }
}

/// Steps 5–8 of a booking, inside the caller's transaction: the booking, its first timeline
/// event, its outbox entry and its print job (queued). Returns the print job.
fn insert_booking(
    tx: &rusqlite::Transaction<'_>,
    req: &BookingRequest,
    b: &NewBooking,
    checkpoint: &mut dyn FnMut() -> Result<(), BookError>,
) -> Result<i64, BookError> {
    let created = ts(b.created_at);
    let id_text = b.id.hyphenated().to_string();
    tx.prepare_cached(
        "INSERT INTO bookings (id, application_number, official_id, reception_date, created_at,
             status, topic_id, social_status_id, privilege_id, citizen_name, citizen_fin,
             document_number, birth_date, phone, email, workplace, position, address, note,
             language, document_kind, acknowledged_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'booked', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
             ?16, ?17, ?18, ?19, ?20, ?21)",
    )?
    .execute(params![
        id_text,
        b.number,
        req.official_id,
        req.reception_date,
        created,
        req.topic_id,
        req.social_status_id,
        req.privilege_id,
        req.citizen_name,
        req.citizen_fin,
        req.document_number,
        req.birth_date,
        req.phone,
        req.email,
        req.workplace,
        req.position,
        req.address,
        req.note,
        req.language.tag(),
        req.document_kind.code(),
        b.delivered_at.map(ts),
    ])?;
    checkpoint()?;

    let how = match b.place {
        PlaceSource::Lease => "kiosk booking",
        PlaceSource::Direct => "kiosk booking, place granted by the server",
    };
    tx.prepare_cached(
        "INSERT INTO booking_events (booking_id, at, kind, detail) VALUES (?1, ?2, 'booked', ?3)",
    )?
    .execute(params![id_text, created, format!("{how} No {}", b.number)])?;
    checkpoint()?;

    let payload = serde_json::to_string(&booking_wire(req, b))
        .map_err(|e| StoreError::Corrupt(format!("the booking cannot be serialised: {e}")))?;
    tx.prepare_cached(
        "INSERT INTO outbox (idempotency_key, booking_id, payload, next_attempt_at, delivered_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        b.outbox_key.hyphenated().to_string(),
        id_text,
        payload,
        created,
        b.delivered_at.map(ts),
    ])?;
    checkpoint()?;

    tx.prepare_cached(
        "INSERT INTO print_jobs (booking_id, state, updated_at) VALUES (?1, 'queued', ?2)",
    )?
    .execute(params![id_text, created])?;
    let print_job = tx.last_insert_rowid();
    checkpoint()?;
    Ok(print_job)
}

pub(crate) struct RawBooking {
    id: String,
    number: u32,
    official_id: String,
    reception_date: NaiveDate,
    created_at: String,
    status: String,
    topic_id: String,
    social_status_id: String,
    privilege_id: Option<String>,
    citizen_name: Option<String>,
    citizen_fin: Option<String>,
    document_number: Option<String>,
    birth_date: Option<NaiveDate>,
    phone: Option<String>,
    email: Option<String>,
    workplace: Option<String>,
    position: Option<String>,
    address: Option<String>,
    note: Option<String>,
    acknowledged_at: Option<String>,
    personal_erased_at: Option<String>,
    language: String,
    document_kind: String,
}

impl RawBooking {
    pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<RawBooking> {
        Ok(RawBooking {
            id: r.get(0)?,
            number: r.get(1)?,
            official_id: r.get(2)?,
            reception_date: r.get(3)?,
            created_at: r.get(4)?,
            status: r.get(5)?,
            topic_id: r.get(6)?,
            social_status_id: r.get(7)?,
            privilege_id: r.get(8)?,
            citizen_name: r.get(9)?,
            citizen_fin: r.get(10)?,
            document_number: r.get(11)?,
            birth_date: r.get(12)?,
            phone: r.get(13)?,
            email: r.get(14)?,
            workplace: r.get(15)?,
            position: r.get(16)?,
            address: r.get(17)?,
            note: r.get(18)?,
            acknowledged_at: r.get(19)?,
            personal_erased_at: r.get(20)?,
            language: r.get(21)?,
            document_kind: r.get(22)?,
        })
    }

    pub(crate) fn parse(self) -> Result<StoredBooking, StoreError> {
        Ok(StoredBooking {
            id: parse_uuid(&self.id)?,
            number: self.number,
            official_id: self.official_id,
            reception_date: self.reception_date,
            created_at: parse_ts(&self.created_at)?,
            language: self
                .language
                .parse()
                .map_err(|e| StoreError::Corrupt(format!("booking {}: {e}", self.id)))?,
            document_kind: self
                .document_kind
                .parse()
                .map_err(|e| StoreError::Corrupt(format!("booking {}: {e}", self.id)))?,
            status: self.status,
            topic_id: self.topic_id,
            social_status_id: self.social_status_id,
            privilege_id: self.privilege_id,
            citizen_name: self.citizen_name,
            citizen_fin: self.citizen_fin,
            document_number: self.document_number,
            birth_date: self.birth_date,
            phone: self.phone,
            email: self.email,
            workplace: self.workplace,
            position: self.position,
            address: self.address,
            note: self.note,
            acknowledged_at: parse_opt_ts(self.acknowledged_at)?,
            personal_erased_at: parse_opt_ts(self.personal_erased_at)?,
        })
    }
}
