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
    /// `POST /v1/health`: the kiosk's health, reported each sync round ([`super::KioskHealth`]).
    /// An endpoint of its own rather than a field of the lease request: a newer kiosk reporting
    /// to an older server gets a 404 it can ignore, where an unknown field would be refused and
    /// stop its leases.
    pub const KIOSK_HEALTH: &str = "/v1/health";
    /// `POST /v1/notices/check`: a notice's QR seal, of any kiosk of the authority, checked
    /// against the notice key its kiosk gave at enrollment ([`super::NoticeCheck`]).
    pub const NOTICE_CHECK: &str = "/v1/notices/check";
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
    /// As `qebul-server kiosk enroll` prints it (`7KQ2-M9XD-4PLA`); case, spaces and dashes do
    /// not matter.
    #[cfg_attr(feature = "openapi", schema(example = "7KQ2-M9XD-4PLA"))]
    pub code: String,
    /// The kiosk's notice key (Ed25519 public key, 64 hex digits): the QR seal of every notice
    /// it prints is signed with it, so the server can verify a notice whose kiosk is gone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-fA-F]{64}$"))]
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
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^[0-9A-Z]{7}$", example = "5ZK7Q2M")
    )]
    pub fin: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, example = "AA1234567"))]
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
    /// 1 to [`MAX_COMMENT_CHARS`] characters (grapheme clusters, once cleaned; not only
    /// spaces).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
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
    /// The notice barcode's 15 digits (`qebul_core::numbering::BarcodePayload`): the day and
    /// month it was made, the application number (7 digits, not all zero), the day and month
    /// of the reception.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{7}(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])$",
            example = "030400000610704"
        )
    )]
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

/// The printer's state as the kiosk last saw it, in a [`KioskHealth`] report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PrinterHealth {
    /// The kiosk has no printer configured.
    NotConfigured,
    /// The printer's link cannot tell (CUPS, a device file), or it has not answered yet.
    Unknown,
    /// Ready to print (paper may be low: [`KioskHealth::paper_low`]).
    Ready,
    PaperOut,
    CoverOpen,
    Offline,
    /// Another fault the printer reports (cutter jam, overheating, ...).
    Error,
}

impl PrinterHealth {
    pub fn as_str(self) -> &'static str {
        match self {
            PrinterHealth::NotConfigured => "not_configured",
            PrinterHealth::Unknown => "unknown",
            PrinterHealth::Ready => "ready",
            PrinterHealth::PaperOut => "paper_out",
            PrinterHealth::CoverOpen => "cover_open",
            PrinterHealth::Offline => "offline",
            PrinterHealth::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<PrinterHealth> {
        [
            PrinterHealth::NotConfigured,
            PrinterHealth::Unknown,
            PrinterHealth::Ready,
            PrinterHealth::PaperOut,
            PrinterHealth::CoverOpen,
            PrinterHealth::Offline,
            PrinterHealth::Error,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }

    /// Notices cannot be printed in this state: someone must go to the kiosk.
    pub fn is_down(self) -> bool {
        matches!(
            self,
            PrinterHealth::PaperOut
                | PrinterHealth::CoverOpen
                | PrinterHealth::Offline
                | PrinterHealth::Error
        )
    }
}

/// `POST /v1/health`: what a technician needs to know of a kiosk without walking to it, sent
/// each sync round; the server keeps the last report of each kiosk with the time it arrived
/// (answered 204).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KioskHealth {
    /// The kiosk software's version: 1 to 64 characters, no control characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 64,
            pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]+$"
        )
    )]
    pub version: String,
    pub printer: PrinterHealth,
    /// The printer reports its paper near the end (printing still works).
    pub paper_low: bool,
    /// Bookings, cancellations, comments and check-ins not yet acknowledged by the server
    /// (refused ones not counted).
    pub unsent: u32,
    /// How long the oldest of them has waited, in seconds, by the kiosk's clock (an age rather
    /// than a moment, so a kiosk clock that is off does not skew it); none when nothing waits.
    pub oldest_unsent_secs: Option<u64>,
    /// Free space on the kiosk's data disk, in bytes; none when it could not be read.
    pub disk_free_bytes: Option<u64>,
}

/// `POST /v1/notices/check`: the text of a notice's QR seal exactly as scanned (a trailing
/// newline from the scanner is ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoticeCheckRequest {
    pub seal: String,
}

/// What the server makes of a notice's QR seal (bildirişin QR möhürü).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum NoticeVerdict {
    /// Signed with the notice key of the kiosk it names: issued by this authority.
    Genuine,
    /// The kiosk it names is known, but the signature is not its: altered or forged.
    Forged,
    /// It names a kiosk this server does not know: not issued by this authority.
    UnknownKiosk,
    /// Not a notice seal, or a damaged one ([`NoticeCheck::reason`] says which).
    Unreadable,
    /// The kiosk it names gave no notice key at enrollment: the seal cannot be judged; check the
    /// notice by its number.
    NoKey,
}

impl NoticeVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeVerdict::Genuine => "genuine",
            NoticeVerdict::Forged => "forged",
            NoticeVerdict::UnknownKiosk => "unknown-kiosk",
            NoticeVerdict::Unreadable => "unreadable",
            NoticeVerdict::NoKey => "no-key",
        }
    }
}

/// The answer to a [`NoticeCheckRequest`]. Every verdict is an answer (HTTP 200), so the kiosk
/// can show it; only a failure of the server itself is an [`ApiError`].
///
/// The seal's fields (`kiosk`, `booking_id`, `number`, `reception_date`, `official`) are filled
/// whenever the seal could be read; unless the verdict is `genuine` they are only what the notice
/// claims, and vouch for nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoticeCheck {
    pub verdict: NoticeVerdict,
    /// The kiosk the seal names (its id from enrollment).
    pub kiosk: Option<String>,
    /// That kiosk's name as its enrollment gave it, when the server knows the kiosk.
    pub kiosk_name: Option<String>,
    /// The booking the seal names.
    pub booking_id: Option<Uuid>,
    /// The application number printed as "BİLDİRİŞ №".
    pub number: Option<String>,
    pub reception_date: Option<NaiveDate>,
    /// The receiving official's id in the catalog.
    pub official: Option<String>,
    /// For a genuine seal, the booking as the server holds it; none when its kiosk has not
    /// pushed it yet (printed offline).
    pub on_server: Option<NoticeOnServer>,
    /// Why the verdict is not `genuine`, in English for the log and the technician (the kiosk
    /// words the verdict itself).
    pub reason: Option<String>,
}

/// The sealed booking as the server holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoticeOnServer {
    pub status: BookingStatus,
    /// Whether the kiosk, number, reception day and official on the server are the seal's.
    pub matches: bool,
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
    fn printer_states_round_trip_through_their_names() {
        for p in [
            PrinterHealth::NotConfigured,
            PrinterHealth::Unknown,
            PrinterHealth::Ready,
            PrinterHealth::PaperOut,
            PrinterHealth::CoverOpen,
            PrinterHealth::Offline,
            PrinterHealth::Error,
        ] {
            assert_eq!(PrinterHealth::parse(p.as_str()), Some(p));
            assert_eq!(
                serde_json::to_string(&p).ok(),
                Some(format!("\"{}\"", p.as_str()))
            );
        }
        assert_eq!(PrinterHealth::parse("jammed"), None);
    }

    #[test]
    fn a_health_report_reads_back_and_refuses_unknown_fields() {
        let report = KioskHealth {
            version: "0.1.0".into(),
            printer: PrinterHealth::PaperOut,
            paper_low: true,
            unsent: 3,
            oldest_unsent_secs: Some(600),
            disk_free_bytes: None,
        };
        let json = serde_json::to_string(&report).unwrap();
        assert_eq!(serde_json::from_str::<KioskHealth>(&json).unwrap(), report);
        let extra = json.replace('{', r#"{"battery":1,"#);
        assert!(serde_json::from_str::<KioskHealth>(&extra).is_err());
    }

    #[test]
    fn notice_verdicts_are_kebab_case_on_the_wire_and_a_check_reads_back() {
        for v in [
            NoticeVerdict::Genuine,
            NoticeVerdict::Forged,
            NoticeVerdict::UnknownKiosk,
            NoticeVerdict::Unreadable,
            NoticeVerdict::NoKey,
        ] {
            assert_eq!(
                serde_json::to_string(&v).ok(),
                Some(format!("\"{}\"", v.as_str()))
            );
        }
        let check = NoticeCheck {
            verdict: NoticeVerdict::Genuine,
            kiosk: Some("k-1".into()),
            kiosk_name: Some("lobby 1".into()),
            booking_id: Some(Uuid::from_u128(7)),
            number: Some("10000061".into()),
            reception_date: NaiveDate::from_ymd_opt(2026, 4, 7),
            official: Some("isgenderov".into()),
            on_server: Some(NoticeOnServer {
                status: BookingStatus::Booked,
                matches: true,
            }),
            reason: None,
        };
        let json = serde_json::to_string(&check).unwrap();
        assert!(json.contains(r#""verdict":"genuine""#), "{json}");
        assert_eq!(serde_json::from_str::<NoticeCheck>(&json).unwrap(), check);
        let extra = json.replace('{', r#"{"issuer":"x","#);
        assert!(serde_json::from_str::<NoticeCheck>(&extra).is_err());
        assert!(serde_json::from_str::<NoticeCheckRequest>(r#"{"seal":"QK1.x","at":1}"#).is_err());
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
