//! The kiosk ↔ server messages of protocol version 1 (JSON over HTTP).
//!
//! Every request but enrolment carries `Authorization: Bearer <device token>`. Every error is an
//! [`ApiError`] with a stable code.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Paths of protocol version 1.
pub mod paths {
    pub const CATALOG: &str = "/v1/catalog";
    pub const ENROLL: &str = "/v1/enroll";
    pub const LEASES: &str = "/v1/leases";
    pub const PUSH: &str = "/v1/bookings/push";
    pub const UPDATES: &str = "/v1/updates";
    /// `POST /v1/bookings/{id}/cancel`
    pub const CANCEL: &str = "/v1/bookings/{id}/cancel";
    /// `POST /v1/bookings/{id}/comments`
    pub const COMMENT: &str = "/v1/bookings/{id}/comments";
    /// `GET /v1/registry/{fin}`
    pub const REGISTRY: &str = "/v1/registry/{fin}";
    /// `POST /v1/history`: one citizen's applications from every kiosk.
    pub const HISTORY: &str = "/v1/history";
    /// `POST /v1/arrivals`: a citizen checks in on their reception day.
    pub const ARRIVALS: &str = "/v1/arrivals";
    pub const OPENAPI: &str = "/openapi.json";
    pub const HEALTH: &str = "/health";
}

/// The most bookings one push may carry; the server refuses larger batches.
pub const MAX_PUSH_BATCH: usize = 500;
/// The longest comment, in characters (grapheme clusters), as on the portal's details screen.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// An error answer: a stable `code` for programs and a `message` for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

/// Stable error codes.
pub mod codes {
    pub const UNAUTHORIZED: &str = "unauthorized";
    pub const KIOSK_REVOKED: &str = "kiosk-revoked";
    pub const BAD_ENROLLMENT_CODE: &str = "bad-enrollment-code";
    pub const BAD_REQUEST: &str = "bad-request";
    pub const TOO_LARGE: &str = "too-large";
    pub const NOT_FOUND: &str = "not-found";
    pub const NO_PLACE_LEFT: &str = "no-place-left";
    pub const NO_LEASE: &str = "no-lease";
    pub const POLICY: &str = "policy";
    pub const UNKNOWN_OFFICIAL: &str = "unknown-official";
    pub const NOT_A_RECEPTION_DAY: &str = "not-a-reception-day";
    pub const NUMBER_NOT_OURS: &str = "number-not-in-block";
    pub const ALREADY_CANCELLED: &str = "already-cancelled";
    /// The booking is closed or its reception day has passed: it can no longer be cancelled.
    pub const NOT_CANCELLABLE: &str = "not-cancellable";
    /// The FİN and the document number do not belong together, or not to this booking's citizen.
    pub const CITIZEN_MISMATCH: &str = "citizen-mismatch";
    /// The kiosk asked for histories faster than the server allows (HTTP 429).
    pub const TOO_MANY_REQUESTS: &str = "too-many-requests";
    pub const INTERNAL: &str = "internal";
}

/// `POST /v1/enroll`: a one-time code, given to the technician, for a device token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    pub code: String,
    /// The kiosk's notice key (Ed25519 public key, 64 hex digits): the QR seal of every notice
    /// it prints is signed with it, so the server can verify a notice whose kiosk is gone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EnrollResponse {
    pub kiosk_id: String,
    /// The device token; the kiosk keeps it in the OS keyring.
    pub token: String,
    /// The server's catalog key (hex), for a kiosk that was not given one to pin.
    pub catalog_key: String,
}

/// `POST /v1/leases`: what the kiosk still holds, so the server can top it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LeaseRequest {
    /// The kiosk's clock, for the server to see drift.
    pub kiosk_time: DateTime<Utc>,
    /// Application numbers left in the kiosk's blocks.
    pub numbers_left: u32,
    /// Bookings still in the kiosk's outbox. At 0 the kiosk has reported everything it booked,
    /// so the server may take back the unused rest of its ended leases.
    pub outbox_pending: u32,
}

/// The server's grant: per official and upcoming reception day, the places this kiosk may book
/// offline (a total, replacing the previous grant), and perhaps a new block of numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LeaseGrant {
    pub server_time: DateTime<Utc>,
    pub leases: Vec<Lease>,
    pub numbers: Option<NumberBlock>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Lease {
    pub official_id: String,
    pub reception_date: NaiveDate,
    /// Places granted to this kiosk in total for the day.
    pub places: u32,
    /// Of them, used by bookings the server has received.
    pub used: u32,
    /// The kiosk stops spending at this moment (by its clock and by the time since its last
    /// sync); the server takes the rest back only after it plus the drift it tolerates.
    pub ends_at: DateTime<Utc>,
}

/// Application numbers `first..=last`, this kiosk's alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NumberBlock {
    pub first: u32,
    pub last: u32,
}

/// Where a pushed booking's place came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlaceSource {
    /// The kiosk's lease: booked offline (or online from the lease); the server must honour it.
    Lease,
    /// Taken from the day's free capacity now, while online.
    Direct,
}

/// `POST /v1/bookings/push`: outbox entries, each applied at most once by its idempotency key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub items: Vec<PushItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushItem {
    /// The kiosk's outbox sequence.
    pub seq: u64,
    /// UUID v7; the server keeps it as a permanent unique key.
    pub idempotency_key: Uuid,
    pub booking: BookingWire,
}

/// A booking as the kiosk made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BookingWire {
    pub booking_id: Uuid,
    pub application_number: u32,
    pub official_id: String,
    pub reception_date: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub place: PlaceSource,
    pub topic_id: String,
    pub social_status_id: String,
    pub privilege_id: Option<String>,
    pub citizen: CitizenWire,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CitizenWire {
    /// Şəxsiyyət vəsiqəsinin FİN-i: 7 characters.
    pub fin: String,
    pub name: String,
    pub document_number: String,
    pub birth_date: Option<NaiveDate>,
    /// E.164.
    pub phone: String,
    pub email: Option<String>,
    pub workplace: String,
    pub position: String,
    pub address: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushResponse {
    /// One per item, in the request's order.
    pub results: Vec<PushResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushResult {
    pub seq: u64,
    pub idempotency_key: Uuid,
    pub outcome: PushOutcome,
}

/// What became of one pushed booking. `Accepted` and `Duplicate` mean the server has it: the
/// kiosk marks the outbox entry delivered. `Refused` is final too, and shown to the receptionist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PushOutcome {
    Accepted,
    /// Already applied by an earlier push with the same idempotency key.
    Duplicate,
    Refused {
        code: String,
        message: String,
    },
}

/// `GET /v1/updates?after=<cursor>`: what happened to this kiosk's bookings on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdatesResponse {
    pub events: Vec<TimelineEvent>,
    /// Ask with `after=<next>` for the rest.
    pub next: u64,
}

/// One entry of a booking's timeline (Şəkil 9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TimelineEvent {
    pub cursor: u64,
    pub booking_id: Uuid,
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    /// The booking's status after the event.
    pub status: BookingStatus,
    /// The authority's reply or the comment's text.
    pub text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Received,
    StatusChanged,
    Reply,
    Cancelled,
    Comment,
    /// The citizen checked in at a kiosk on the reception day; the status does not change.
    Arrived,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Qəbula yazılıb.
    Booked,
    /// Baxılır.
    InReview,
    /// Bağlanmış.
    Closed,
    /// Ləğv edilib.
    Cancelled,
}

impl BookingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Booked => "booked",
            BookingStatus::InReview => "in_review",
            BookingStatus::Closed => "closed",
            BookingStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<BookingStatus> {
        [
            BookingStatus::Booked,
            BookingStatus::InReview,
            BookingStatus::Closed,
            BookingStatus::Cancelled,
        ]
        .into_iter()
        .find(|b| b.as_str() == s)
    }
}

/// Who is at the kiosk, as read from the card in its reader: the server answers for this
/// citizen only when both belong together (the registry's current document, or the document
/// of one of their bookings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CitizenProof {
    /// 7 characters, upper case.
    pub fin: String,
    pub document_number: String,
}

/// `POST /v1/bookings/{id}/cancel`: the citizen whose booking it is cancels it, at any kiosk.
/// Cancelling again is `already-cancelled` (409), which a kiosk takes as done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    pub citizen: CitizenProof,
}

/// `POST /v1/bookings/{id}/comments` ("Müraciət ilə əlaqəli fikirləriniz"): applied at most once
/// per idempotency key, so a queued comment sent twice is stored once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    pub idempotency_key: Uuid,
    pub citizen: CitizenProof,
    /// 1 to [`MAX_COMMENT_CHARS`] characters.
    pub text: String,
}

/// `POST /v1/history`: the applications of the citizen whose card is in the kiosk's reader.
/// Every request is recorded (kiosk, citizen, time) and rate-limited per kiosk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HistoryRequest {
    pub citizen: CitizenProof,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HistoryResponse {
    /// Newest application first.
    pub applications: Vec<Application>,
}

/// One application as the server holds it, made at any kiosk of the authority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub booking: BookingWire,
    pub status: BookingStatus,
    /// The kiosk that made it.
    pub kiosk_id: String,
    /// The timeline, oldest first.
    pub events: Vec<ApplicationEvent>,
}

/// One entry of an application's timeline, as the history carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApplicationEvent {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    /// The booking's status after the event.
    pub status: BookingStatus,
    pub text: Option<String>,
}

/// `POST /v1/arrivals`: a citizen is at the kiosk on their reception day, found by their notice's
/// barcode (scanned, or built by the kiosk from the booking of the card in its reader). Applied at
/// most once per booking: a second check-in answers `CheckedIn` with `first: false`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ArrivalRequest {
    pub idempotency_key: Uuid,
    /// The notice barcode's 15 digits (`qebul_core::numbering::BarcodePayload`).
    pub barcode: String,
    /// When the citizen checked in (a queued arrival is sent later); "today" is this moment's
    /// date in Baku.
    pub at: DateTime<Utc>,
}

/// What the server made of an arrival. Every case is an answer (HTTP 200), not a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ArrivalOutcome {
    CheckedIn {
        booking_id: Uuid,
        official_id: String,
        reception_date: NaiveDate,
        /// The citizen's place in the official's line for the day: 1 + the day's bookings of
        /// that official not cancelled that were made before this one.
        place_in_line: u32,
        /// `false` when this booking had checked in already (nothing new was recorded).
        first: bool,
    },
    /// The booking is for another day.
    OtherDay {
        booking_id: Uuid,
        official_id: String,
        reception_date: NaiveDate,
    },
    Cancelled {
        booking_id: Uuid,
        official_id: String,
        reception_date: NaiveDate,
    },
    /// No booking has this barcode (number unknown, or its days do not match).
    Unknown,
}

/// `GET /v1/registry/{fin}`: the citizen as the population registry knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegistryEntry {
    pub fin: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub address: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_tagged_on_the_wire() {
        let refused = PushOutcome::Refused {
            code: codes::NO_LEASE.into(),
            message: "x".into(),
        };
        assert_eq!(
            serde_json::to_string(&refused).ok().as_deref(),
            Some(r#"{"kind":"refused","code":"no-lease","message":"x"}"#)
        );
        assert_eq!(
            serde_json::to_string(&PushOutcome::Duplicate)
                .ok()
                .as_deref(),
            Some(r#"{"kind":"duplicate"}"#)
        );
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for s in [
            BookingStatus::Booked,
            BookingStatus::InReview,
            BookingStatus::Closed,
            BookingStatus::Cancelled,
        ] {
            assert_eq!(BookingStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).ok(),
                Some(format!("\"{}\"", s.as_str()))
            );
        }
        assert_eq!(BookingStatus::parse("open"), None);
    }
}
