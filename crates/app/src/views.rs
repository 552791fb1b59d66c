//! What the screens show, as plain data the shell sends over IPC: every value from a fixed set
//! is an enum here, so it is a union in the UI's generated bindings, never a free string.
//!
//! Snapshots are named `…View`; the shell's events that announce a new one carry it under
//! another name (`SessionChanged` carries a [`SessionView`]).

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::session::{self, CardNotice, Citizen, EndReason, Phase};

/// An interface language, as the UI names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum UiLang {
    Az,
    Ru,
    En,
}

impl From<UiLang> for qebul_core::Lang {
    fn from(lang: UiLang) -> Self {
        match lang {
            UiLang::Az => qebul_core::Lang::Az,
            UiLang::Ru => qebul_core::Lang::Ru,
            UiLang::En => qebul_core::Lang::En,
        }
    }
}

impl From<qebul_core::Lang> for UiLang {
    fn from(lang: qebul_core::Lang) -> Self {
        match lang {
            qebul_core::Lang::Az => UiLang::Az,
            qebul_core::Lang::Ru => UiLang::Ru,
            qebul_core::Lang::En => UiLang::En,
        }
    }
}

/// What went wrong, as a code the UI translates (its words come from the translation files,
/// never from `detail`), and a detail for the log and the receptionist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, thiserror::Error)]
#[error("{code:?}: {detail}")]
pub struct AppError {
    pub code: ErrorCode,
    pub detail: String,
}

impl AppError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> AppError {
        AppError {
            code,
            detail: detail.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The central server cannot be reached and no catalog is cached yet.
    CatalogUnavailable,
    /// The central server sent a catalog the kiosk refuses.
    CatalogInvalid,
    /// The print queue could not be read or changed (store error, unknown job).
    PrintQueue,
    /// A card or session action is not possible (no such demo card, no wedge reader, no session).
    Session,
    /// The registered address to confirm is empty.
    AddressEmpty,
    /// The registered address to confirm is longer than the form allows.
    AddressTooLong,
    /// A staff action while the staff screen is closed (or it closed itself when idle).
    StaffClosed,
    /// The staff PIN is wrong (`StaffView.attempts_left` says how many tries are left).
    StaffPinWrong,
    /// Too many wrong PINs: the staff screen is locked; `detail` is the seconds left.
    StaffLockedOut,
    /// A new staff PIN must be 4 to 8 digits.
    StaffPinInvalid,
    /// The note on a resolved refusal must be 1 to 500 characters.
    StaffNoteInvalid,
    /// No such booking, print job or refused entry.
    StaffNotFound,
}

/// The session's phase, as the UI shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum SessionPhase {
    None,
    Visitor,
    Active,
    Countdown,
}

/// Something about the card the person must be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum CardNoticeView {
    CardUnreadable,
    DocumentExpired,
    ReaderLost,
    CardPresent,
}

/// Why the last session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum EndReasonView {
    CardRemoved,
    Finished,
    Idle,
    NewCard,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKindView {
    IdCard,
    Passport,
}

/// The citizen's session as the UI shows it. After a wipe `citizen` is none and `generation`
/// has changed: the UI drops everything it showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SessionView {
    /// Changes whenever a new session starts (a visitor's or a citizen's).
    pub generation: u32,
    pub phase: SessionPhase,
    /// Seconds left in the countdown (0 outside it).
    pub seconds_left: u32,
    /// The language of the screens and of the citizen's notices; Azerbaijani between people.
    pub lang: UiLang,
    pub citizen: Option<CitizenView>,
    /// Why the last session ended, until the next one starts.
    pub ended: Option<EndReasonView>,
    pub notice: Option<CardNoticeView>,
    /// The reader's problem, for the receptionist (not shown to citizens).
    pub reader_problem: Option<String>,
    /// How the person is served: speech, large text, high contrast (the defaults between people).
    pub access: AccessView,
}

/// [`session::Access`] as the UI reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AccessView {
    pub speech: bool,
    /// 1 (softest) to 5 (loudest); 3 by default.
    pub volume: u8,
    pub large_text: bool,
    pub high_contrast: bool,
}

impl From<session::Access> for AccessView {
    fn from(a: session::Access) -> Self {
        AccessView {
            speech: a.speech,
            volume: a.volume,
            large_text: a.large_text,
            high_contrast: a.high_contrast,
        }
    }
}

/// What the person turned on or off (`null`: unchanged).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AccessChange {
    pub speech: Option<bool>,
    pub large_text: Option<bool>,
    pub high_contrast: Option<bool>,
}

/// The keypad's speech keys (EZ-Access: help repeats, volume up and down) and pause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum SpeechControl {
    Repeat,
    Pause,
    Stop,
    VolumeUp,
    VolumeDown,
}

/// What the screens may show of the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CitizenView {
    pub full_name: String,
    /// dd.mm.yyyy
    pub birth_date: String,
    pub address: Option<String>,
    pub document_kind: DocumentKindView,
    /// Partly masked: `AA****567`.
    pub document_number: String,
    /// Whether the registry filled the name, birth date and address (else: from the card).
    pub from_registry: bool,
    /// Whether the citizen must still confirm the address (offline).
    pub needs_address: bool,
}

impl From<qebul_core::DocumentKind> for DocumentKindView {
    fn from(kind: qebul_core::DocumentKind) -> Self {
        match kind {
            qebul_core::DocumentKind::IdCard => DocumentKindView::IdCard,
            qebul_core::DocumentKind::Passport => DocumentKindView::Passport,
        }
    }
}

impl From<&Citizen> for CitizenView {
    fn from(c: &Citizen) -> Self {
        CitizenView {
            full_name: c.full_name.clone(),
            birth_date: c.birth_date.format("%d.%m.%Y").to_string(),
            address: c.address.clone(),
            document_kind: c.document_kind.into(),
            document_number: qebul_core::text::mask_document(&c.document_number),
            from_registry: c.from_registry,
            needs_address: !c.is_complete(),
        }
    }
}

impl From<&session::CitizenSession> for SessionView {
    fn from(s: &session::CitizenSession) -> Self {
        let (phase, seconds_left) = match s.phase() {
            Phase::None => (SessionPhase::None, 0),
            Phase::Visitor => (SessionPhase::Visitor, 0),
            Phase::Active => (SessionPhase::Active, 0),
            Phase::Countdown { seconds_left } => (SessionPhase::Countdown, seconds_left),
        };
        SessionView {
            generation: s.generation(),
            phase,
            seconds_left,
            lang: s.language().into(),
            citizen: s.citizen().map(CitizenView::from),
            ended: s.ended().map(|r| match r {
                EndReason::CardRemoved => EndReasonView::CardRemoved,
                EndReason::Finished => EndReasonView::Finished,
                EndReason::Idle => EndReasonView::Idle,
                EndReason::NewCard => EndReasonView::NewCard,
            }),
            notice: s.notice().map(|n| match n {
                CardNotice::CardUnreadable => CardNoticeView::CardUnreadable,
                CardNotice::DocumentExpired => CardNoticeView::DocumentExpired,
                CardNotice::ReaderLost => CardNoticeView::ReaderLost,
                CardNotice::CardPresent => CardNoticeView::CardPresent,
            }),
            reader_problem: s.reader_problem().map(str::to_owned),
            access: s.access().into(),
        }
    }
}

/// A demo citizen the simulated reader can "insert".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DemoCard {
    pub index: u32,
    pub full_name: String,
}

/// What the kiosk is connected to, for the welcome screen and the receptionist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct KioskInfo {
    pub version: String,
    /// The authority's name once the catalog is in.
    pub authority: Option<String>,
    pub card_reader: Option<String>,
    pub printer: Option<String>,
}

/// The officials list (seed Şəkil 4), written out in the citizen's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OfficialsList {
    pub authority: String,
    pub officials: Vec<OfficialRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OfficialRow {
    pub id: String,
    pub position: String,
    pub full_name: String,
    pub reception_days: String,
    pub reception_hours: String,
    /// Where the official receives, when the catalog says (for a citizen checking in).
    pub room: Option<String>,
}

/// A catalog the kiosk has cached: so open screens refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CatalogView {
    /// The catalog's version (saturating: JavaScript numbers cannot hold every u64).
    pub version: u32,
    pub officials: u32,
}

/// Why the server turned this kiosk away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum SyncProblem {
    /// The kiosk was revoked: it must be enrolled again.
    Revoked,
    /// The server does not know the kiosk's token.
    Unauthorized,
}

/// Where the kiosk stands with its central server, for the receptionist's screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SyncView {
    pub online: bool,
    /// RFC 3339, UTC; the UI shows it in Baku time.
    pub last_success: Option<String>,
    /// Bookings not yet on the server.
    pub pending: u32,
    /// Bookings the server refused (final): the receptionist must see to them.
    pub refused: u32,
    /// Set when the server turned this kiosk away; booking goes on within its leases.
    pub auth_problem: Option<SyncProblem>,
    /// The last failure, for the receptionist (never shown to citizens).
    pub last_error: Option<String>,
}

impl From<&qebul_sync::SyncStatus> for SyncView {
    fn from(s: &qebul_sync::SyncStatus) -> Self {
        SyncView {
            online: s.online,
            last_success: s.last_success.map(|t| t.to_rfc3339()),
            pending: u32::try_from(s.pending).unwrap_or(u32::MAX),
            refused: u32::try_from(s.refused).unwrap_or(u32::MAX),
            auth_problem: s.auth_problem.as_ref().map(|p| match p.kind {
                qebul_store::AuthProblemKind::Revoked => SyncProblem::Revoked,
                qebul_store::AuthProblemKind::Unauthorized => SyncProblem::Unauthorized,
            }),
            last_error: s.last_error.clone(),
        }
    }
}

/// A printer's state as its two-way link reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum PrinterState {
    Ready,
    PaperNearEnd,
    PaperOut,
    CoverOpen,
    Offline,
    Error,
}

impl From<qebul_printer::PrinterStatus> for PrinterState {
    fn from(s: qebul_printer::PrinterStatus) -> Self {
        use qebul_printer::PrinterStatus as S;
        match s {
            S::Ready => PrinterState::Ready,
            S::PaperNearEnd => PrinterState::PaperNearEnd,
            S::PaperOut => PrinterState::PaperOut,
            S::CoverOpen => PrinterState::CoverOpen,
            S::Offline => PrinterState::Offline,
            S::Error => PrinterState::Error,
        }
    }
}

/// Where a notice not printed yet stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum PrintJobState {
    Queued,
    Printing,
    Failed,
}

/// The printer and the notices not printed yet, for the receptionist: a failed notice stays in
/// the queue with its reason until it is printed again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PrintQueueView {
    /// The printer's name, or none when the kiosk has no printer configured.
    pub printer: Option<String>,
    /// None when the printer's link cannot tell (CUPS, a device file) or it did not answer.
    pub status: Option<PrinterState>,
    /// Why the last status query failed, for the receptionist.
    pub status_error: Option<String>,
    /// Jobs queued, printing or failed, oldest first.
    pub jobs: Vec<PrintJobView>,
}

/// A notice waiting to be printed, or whose printing failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PrintJobView {
    pub id: u32,
    /// The application number as the notice shows it.
    pub number: String,
    pub state: PrintJobState,
    /// Why the last attempt failed, worded for the receptionist.
    pub reason: Option<String>,
    pub attempts: u32,
}

/// A text in the three languages, worded by qebul-l10n: the screen shows the one of the current
/// language, and switching language keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Worded {
    pub az: String,
    pub ru: String,
    pub en: String,
}

impl Worded {
    pub(crate) fn by(f: impl Fn(qebul_core::Lang) -> String) -> Worded {
        Worded {
            az: f(qebul_core::Lang::Az),
            ru: f(qebul_core::Lang::Ru),
            en: f(qebul_core::Lang::En),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum WeekdayView {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl From<qebul_core::Weekday> for WeekdayView {
    fn from(d: qebul_core::Weekday) -> Self {
        use qebul_core::Weekday as W;
        match d {
            W::Mon => WeekdayView::Mon,
            W::Tue => WeekdayView::Tue,
            W::Wed => WeekdayView::Wed,
            W::Thu => WeekdayView::Thu,
            W::Fri => WeekdayView::Fri,
            W::Sat => WeekdayView::Sat,
            W::Sun => WeekdayView::Sun,
        }
    }
}

/// One of the official's next reception dates (seed Şəkil 5), as a button shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DateOption {
    /// `yyyy-mm-dd`, as the form sends it back.
    pub date: String,
    /// Written out in the language asked for: `12 mart 2026`.
    pub label: String,
    /// The weekday whose schedule applies (a Saturday worked as a Monday is `mon`).
    pub weekday: WeekdayView,
    /// A shortened pre-holiday working day.
    pub shortened: bool,
    /// Offline, the places this kiosk still holds for the day, when few are left (none shown
    /// when many, nor online, where the server may hold more).
    pub places_left: Option<u32>,
    /// Whether this kiosk holds a place for the day now (offline, only such days can be booked).
    pub bookable_here: bool,
    /// Whether it can be booked now: from this kiosk's places, or online directly on the server.
    pub bookable: bool,
}

/// An entry of a list the citizen picks from, in their language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ChoiceRow {
    pub id: String,
    pub name: String,
}

/// Everything the booking form offers for one official, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BookingOptions {
    pub official: OfficialRow,
    pub dates: Vec<DateOption>,
    pub topics: Vec<ChoiceRow>,
    pub social_statuses: Vec<ChoiceRow>,
    /// "İmtiyazım yoxdur" first.
    pub privileges: Vec<ChoiceRow>,
}

/// The booking form as the screen sends it (seed Şəkil 5): plain strings, checked by the core.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BookingFormView {
    pub official_id: String,
    /// `yyyy-mm-dd`, one of the offered dates.
    pub reception_date: String,
    pub topic_id: String,
    pub social_status_id: String,
    pub privilege_id: String,
    pub email: String,
    pub phone: String,
    pub workplace: String,
    pub position: String,
    pub current_address: String,
    /// "Same as on my ID card".
    pub address_same_as_id: bool,
    pub note: String,
}

impl From<BookingFormView> for qebul_core::validation::BookingForm {
    fn from(f: BookingFormView) -> Self {
        qebul_core::validation::BookingForm {
            official_id: f.official_id,
            reception_date: f.reception_date,
            topic_id: f.topic_id,
            social_status_id: f.social_status_id,
            privilege_id: f.privilege_id,
            email: f.email,
            phone: f.phone,
            workplace: f.workplace,
            position: f.position,
            current_address: f.current_address,
            address_same_as_id: f.address_same_as_id,
            note: f.note,
        }
    }
}

impl From<qebul_core::validation::BookingForm> for BookingFormView {
    fn from(f: qebul_core::validation::BookingForm) -> Self {
        BookingFormView {
            official_id: f.official_id,
            reception_date: f.reception_date,
            topic_id: f.topic_id,
            social_status_id: f.social_status_id,
            privilege_id: f.privilege_id,
            email: f.email,
            phone: f.phone,
            workplace: f.workplace,
            position: f.position,
            current_address: f.current_address,
            address_same_as_id: f.address_same_as_id,
            note: f.note,
        }
    }
}

/// A booking that is durable in the local store: "sent" may be shown now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BookedView {
    /// The application number as the notice shows it.
    pub number: String,
    pub booking_id: String,
    /// The notice's print job (for "print again").
    pub print_job: u32,
}

/// Where one booking's notice stands, for the citizen who just booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct NoticeStatusView {
    pub job: u32,
    pub state: NoticeState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum NoticeState {
    Queued,
    Printing,
    Printed,
    Failed,
    /// Held back: its session ended before it printed (the receptionist prints it).
    Held,
}

/// A field of the booking form, for an error beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum FormField {
    Official,
    ReceptionDate,
    Topic,
    SocialStatus,
    Privilege,
    Email,
    Phone,
    Workplace,
    Position,
    Address,
    Note,
}

/// One refused field, with what to do, in the three languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FieldProblem {
    pub field: FormField,
    /// The core's stable code (`phone-too-short`), for tests and the log.
    pub code: String,
    pub message: Worded,
}

/// Why a booking was not made; nothing was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum BookingErrorCode {
    /// Fields are refused: see `fields`, in the order of the form.
    Invalid,
    /// Nobody is identified, or the form belongs to a session that has ended.
    NoCitizen,
    /// Offline, the registered address is not confirmed yet.
    AddressNotConfirmed,
    /// No catalog is cached.
    CatalogUnavailable,
    /// This kiosk holds no place for that day (only online booking is possible).
    NoPlaceHere,
    /// The booking policy: the citizen already holds the bookings allowed.
    LimitReached,
    /// The day's last place went while the form was filled: pick another date (the form is kept).
    PlaceGone,
    /// The store failed; ask the receptionist.
    StoreFailed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BookingError {
    pub code: BookingErrorCode,
    /// What the citizen is told, in the three languages.
    pub message: Worded,
    pub fields: Vec<FieldProblem>,
    /// For the log and the receptionist, never for a citizen.
    pub detail: String,
}

// --- The citizen's applications: history, details, check-in (seed Şəkil 8–10) -------------------

/// An application's status as the history and details show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum ApplicationStatusView {
    /// Qəbula yazılıb.
    Booked,
    /// Baxılır.
    InReview,
    /// Bağlanmış.
    Closed,
    /// Ləğv edilib.
    Cancelled,
    /// The citizen cancelled it here; the server has not confirmed yet.
    Cancelling,
}

/// The history's status filter (qebul-core's `StatusFilter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum StatusFilterView {
    Active,
    Closed,
    Cancelled,
}

/// One row of the history (Şəkil 8): number, official, application date and time, reception
/// date, status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ApplicationRow {
    pub booking_id: String,
    /// As the notice shows it: `10000061`.
    pub number: String,
    pub official_id: String,
    /// In the language asked for.
    pub official_position: String,
    pub official_name: String,
    /// `dd.mm.yyyy HH:MM`, Baku time.
    pub applied_at: String,
    /// `dd.mm.yyyy`.
    pub reception_date: String,
    pub status: ApplicationStatusView,
    /// Made at this kiosk and not yet on the server.
    pub not_sent: bool,
    /// The citizen checked in for it.
    pub checked_in: bool,
}

/// Where the history came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum HistorySource {
    /// The central server: every kiosk's applications, with this kiosk's unsent ones.
    Server,
    /// This kiosk only (the server could not be asked): the list may be incomplete.
    ThisKiosk,
}

/// The history search as the screen sends it (Şəkil 10): every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct HistoryQueryView {
    /// A date in any format (`3-4-2015`, `aprel 2015`).
    pub date: String,
    /// Part of an official's name, loosely matched.
    pub official: String,
    pub status: Option<StatusFilterView>,
}

/// The citizen's history, newest first, after the search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct HistoryView {
    pub source: HistorySource,
    /// Every application, before the search (the tab's count).
    pub total: u32,
    pub applications: Vec<ApplicationRow>,
    /// The date searched for, written out (`3 aprel 2015`), when a date was given.
    pub date_searched: Option<String>,
}

/// An entry of an application's timeline (Şəkil 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum TimelineKind {
    /// The citizen applied.
    Applied,
    /// The notice was printed.
    Printed,
    /// The authority changed the status (`status`).
    StatusChanged,
    /// The authority replied (`text`).
    Reply,
    /// A comment (`text`; `by_citizen`).
    Comment,
    Cancelled,
    /// The citizen checked in on the reception day.
    Arrived,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TimelineRow {
    /// `dd.mm.yyyy HH:MM`, Baku time.
    pub at: String,
    pub kind: TimelineKind,
    pub status: Option<ApplicationStatusView>,
    pub text: Option<String>,
    /// A comment written by the citizen (not the authority).
    pub by_citizen: bool,
    /// Asked at this kiosk, not yet on the server.
    pub not_sent: bool,
    /// The server refused it (a queued cancellation or comment that could not be applied).
    pub refused: bool,
}

/// One application, every field the guide's details screen shows (Şəkil 9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ApplicationView {
    pub row: ApplicationRow,
    /// Where the official receives, when the catalog says.
    pub room: Option<String>,
    pub citizen_name: String,
    /// Masked as on the notice: `AA****567`.
    pub document: String,
    /// `dd.mm.yyyy`.
    pub birth_date: Option<String>,
    pub topic: String,
    pub social_status: String,
    pub privilege: String,
    pub phone: String,
    pub email: String,
    pub workplace: String,
    pub position: String,
    pub address: String,
    pub note: String,
    /// Oldest first.
    pub timeline: Vec<TimelineRow>,
    pub can_cancel: bool,
    pub can_comment: bool,
    /// The notice can be printed again here (it was made at this kiosk).
    pub can_print: bool,
    /// The longest comment, in characters (grapheme clusters), for the screen's counter.
    pub comment_limit: u32,
}

/// What went wrong with a citizen's request about their applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum CitizenErrorCode {
    /// No card is in the reader (or the session changed).
    CardNeeded,
    /// The search could not be read (a date that is not one): `message` says why.
    Search,
    /// The comment is empty or too long: `message` says why.
    CommentInvalid,
    NotFound,
    /// The server could not match the card to the applicant.
    Mismatch,
    NotCancellable,
    AlreadyPrinting,
    /// Printing another kiosk's notice: the receptionist can.
    PrintElsewhere,
    /// A scanned text is not a notice barcode.
    BarcodeUnreadable,
    /// The store or the kiosk failed.
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CitizenError {
    pub code: CitizenErrorCode,
    pub message: Worded,
    /// For the log and the receptionist, never for a citizen.
    pub detail: String,
}

/// What a check-in found, for one booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum CheckInOutcome {
    CheckedIn,
    /// Checked in before: nothing new.
    AlreadyCheckedIn,
    /// The booking is for another day (`reception_date`).
    OtherDay,
    Cancelled,
    /// No booking has this barcode.
    Unknown,
    /// The notice is not from this kiosk and the server cannot be asked now.
    Unverified,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CheckInRow {
    pub outcome: CheckInOutcome,
    pub number: Option<String>,
    pub official: Option<OfficialRow>,
    pub room: Option<String>,
    /// `dd.mm.yyyy`.
    pub reception_date: Option<String>,
    /// The citizen's place in the official's line today (known when the server answered).
    pub place_in_line: Option<u32>,
    /// Recorded here; reaches the server when the connection returns.
    pub queued: bool,
}

/// A check-in's answer: one row per booking found (a card may have several today; a barcode one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CheckInView {
    pub rows: Vec<CheckInRow>,
}
