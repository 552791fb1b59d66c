//! The staff screen's IPC types (the contract of issue 17). Times are Baku time as people read
//! them, `dd.mm.yyyy HH:MM`, and dates `dd.mm.yyyy` (`qebul_core::time` and `text` write them; the
//! UI shows them as they come). Nothing here is sent unasked: a staff view
//! with a citizen in it travels only as the answer to the command that asked for it.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::views::{ApplicationStatusView, PrintQueueView, SyncView};

/// Where the PIN gate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum StaffPhase {
    Closed,
    Open,
    /// Too many wrong PINs: no PIN is tried until the lock-out ends.
    LockedOut,
}

/// The staff screen's gate (event `StaffChanged`, command `staff_status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StaffView {
    pub phase: StaffPhase,
    /// The staff member's name while open.
    pub who: Option<String>,
    /// Wrong PINs still allowed before a lock-out (5 after a success; 0 while locked out).
    pub attempts_left: u32,
    /// Seconds until the lock-out ends (0 unless LockedOut).
    pub locked_seconds: u32,
    /// Seconds of staff idleness before the screen closes by itself (Rust's; for display only).
    pub idle_seconds: u32,
}

/// A notice found for reprinting (yenidən çap).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StaffNoticeRow {
    /// The booking id (uuid).
    pub booking: String,
    /// As the notice shows it: `10000061`.
    pub number: String,
    /// Surname and initial only (`Əliyev Ə.`): as little of the citizen as will do.
    pub citizen: String,
    /// The official's name.
    pub official: String,
    /// The reception date, `dd.mm.yyyy`.
    pub date: String,
    pub times_printed: u32,
    pub status: ApplicationStatusView,
}

/// What a notice's QR seal says (bildirişin yoxlanması).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum SealVerdict {
    /// Signed by this kiosk's notice key.
    Genuine,
    /// Claims this kiosk, but the signature does not hold: altered or made up.
    Forged,
    /// Not a notice seal, or damaged.
    Unreadable,
    /// Names another kiosk: only the central server can check it.
    UnknownKiosk,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SealCheckView {
    pub verdict: SealVerdict,
    /// The issuing kiosk: its id, or "name (id)" when the server named it.
    pub kiosk: Option<String>,
    pub number: Option<String>,
    /// The official's name, if the catalog knows them.
    pub official: Option<String>,
    /// The reception date, `dd.mm.yyyy`.
    pub date: Option<String>,
    /// `dd.mm.yyyy HH:MM` in Baku, when known (this kiosk's bookings).
    pub issued_at: Option<String>,
    /// For Forged, Unreadable and UnknownKiosk: why, worded for the receptionist (English).
    pub reason: Option<String>,
}

/// Which day's bookings (günün siyahısı).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum DayChoice {
    Today,
    Tomorrow,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DayListView {
    /// `dd.mm.yyyy` (Baku).
    pub date: String,
    pub officials: Vec<DayOfficial>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DayOfficial {
    pub official: String,
    pub room: Option<String>,
    pub bookings: Vec<DayBooking>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DayBooking {
    pub number: String,
    /// `Əliyev Ə.`
    pub citizen: String,
    pub checked_in: bool,
    pub cancelled: bool,
}

/// What a piece of unsent work is (göndərilməmiş).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum UnsentKind {
    Booking,
    Comment,
    Cancellation,
    CheckIn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct UnsentItem {
    pub kind: UnsentKind,
    /// The application number as shown, or empty when this kiosk does not know it.
    pub number: String,
    /// `dd.mm.yyyy HH:MM` in Baku: when it was made.
    pub since: String,
    pub attempts: u32,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RefusedItem {
    /// The idempotency key: what `staff_resolve_refused` names.
    pub id: String,
    pub kind: UnsentKind,
    pub number: String,
    /// `dd.mm.yyyy HH:MM` in Baku.
    pub refused_at: String,
    /// The server's reason (`code: message`).
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct UnsentView {
    /// Oldest first.
    pub items: Vec<UnsentItem>,
    /// Refused and not resolved yet, oldest first.
    pub refused: Vec<RefusedItem>,
    pub sync: SyncView,
}

/// The printer, for its care (printer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PrinterCareView {
    pub queue: PrintQueueView,
    pub paper_low: bool,
}

/// A capacity lease: places this kiosk may book offline for one official on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LeaseRow {
    pub official: String,
    /// `dd.mm.yyyy`
    pub date: String,
    pub places: u32,
    pub used: u32,
    /// `dd.mm.yyyy HH:MM` in Baku: when the lease ends.
    pub until: String,
}

/// The kiosk, for the receptionist and the technician (kiosk haqqında).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct KioskCareView {
    pub kiosk_id: Option<String>,
    pub server: Option<String>,
    pub enrolled: bool,
    pub catalog_version: Option<u32>,
    /// The cached catalog's signature holds under the pinned key.
    pub catalog_signature_ok: bool,
    pub leases: Vec<LeaseRow>,
    pub numbers_left: u32,
    /// A u64 as a decimal string (JavaScript numbers cannot hold every u64).
    pub disk_free_bytes: String,
    pub database_bytes: String,
    pub version: String,
}
