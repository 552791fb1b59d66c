//! The kiosk local store (issue 5): one durable transaction per booking (booking, timeline event,
//! outbox entry, print job), the outbox, the print queue and retention, in an SQLCipher database.
//!
//! - [`Store::open`] opens the encrypted database ([`key::open_connection`]: WAL,
//!   `synchronous=FULL`, foreign keys, busy timeout) and runs the versioned migrations.
//! - [`Store::book`] spends one place of a capacity lease and one application number of a number
//!   block, enforces the booking policy and writes everything in one transaction, before anything
//!   is printed.
//! - [`Store::pending`], [`Store::record_failure`], [`Store::mark_delivered`]: the outbox.
//! - [`Store::start_printing`] … [`Store::reprint`]: the print queue.
//! - Retention: [`Store::erase_personal_data`].
//! - The receptionist's screen: staff members and the PIN gate ([`Store::add_staff_member`],
//!   [`Store::save_staff_gate`]), the audit log ([`Store::audit`], [`Store::audit_entries`]).
//! - What the server says back ([`server_updates`]): [`Store::apply_lease_grant`],
//!   [`Store::apply_updates`], [`Store::push_batch`] / [`Store::apply_push_results`], the sync
//!   state ([`Store::sync_state`]). This module alone reads protocol types (`qebul-protocol`).
//!
//! Timestamps are stored as UTC RFC 3339 text with microseconds (fixed width, so they compare as
//! text), dates as `YYYY-MM-DD`, UUIDs as hyphenated text.

pub mod key;

mod audit;
mod booking;
mod citizen_actions;
mod desk;
mod outbox;
mod print_queue;
mod retention;
pub mod server_updates;
mod staff;
mod store;

pub use audit::AuditEntry;
pub use booking::{BookError, Booked, BookingRequest, DirectBooking, StoredBooking, BOOK_STEPS};
pub use citizen_actions::{
    ActionRecord, ActionRequest, ActionState, CitizenAction, CITIZEN_AUTHOR, LONGEST_ACTION_DELAY,
};
pub use desk::{LeaseRecord, WorkItem, WorkKind};
pub use outbox::OutboxEntry;
pub use print_queue::{PrintJob, PrintState};
pub use retention::DEFAULT_RETENTION_DAYS;
pub use server_updates::{
    AuthProblem, AuthProblemKind, EventApplied, GrantApplied, OutboxCounts, PushApplied, PushBatch,
    RefusedEntry, StoredComment, SyncState, TimelineEntry, UnreadableEntry, UpdatesApplied,
    KIOSK_UNREADABLE_PAYLOAD, NEVER,
};
pub use staff::{StaffGateRecord, StaffMember};
pub use store::{migrations, CachedCatalog, Store, StoreError, INTERRUPTED_PRINT, SCHEMA_VERSION};
