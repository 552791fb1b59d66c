//! The kiosk's application layer, without Tauri: the store, the sync task, the print worker, the
//! catalog and the citizen session behind one type, [`Kiosk`], with a method for every action
//! the UI takes and a `watch` channel for every state it shows.
//!
//! The shell (`src-tauri/`) turns commands into method calls and channels into events; tests
//! drive the same type with no webview at all:
//!
//! ```no_run
//! # async fn example(kiosk: qebul_app::Kiosk) {
//! let mut session = kiosk.session_changes();
//! kiosk.touch();
//! session.changed().await.unwrap();
//! assert_eq!(session.borrow().phase, qebul_app::SessionPhase::Visitor);
//! # }
//! ```

mod access;
mod applications;
mod booking;
mod catalog;
mod checkin;
mod config;
mod demo;
pub mod health;
mod kiosk;
pub mod ops;
mod printing;
pub mod session;
mod sessions;
pub mod staff;
mod time;
mod views;

/// Whether this build can run the demo (`--demo`): the `demo` feature, which links the
/// reference server.
pub const DEMO_AVAILABLE: bool = cfg!(feature = "demo");

pub use access::SpeechOutput;
pub use booking::BookingRefusal;
pub use config::{DemoPrinter, KioskConfig};
pub use demo::{DemoServerBooking, DemoTodayBooking, DEMO_STAFF_NAME, DEMO_STAFF_PIN};
pub use kiosk::{Kiosk, CATALOG_KEY_NAME};
pub use printing::open_printer;
pub use session::SessionConfig;
pub use staff::{
    DayBooking, DayChoice, DayListView, DayOfficial, KioskCareView, LeaseRow, PrinterCareView,
    RefusedItem, SealCheckView, SealVerdict, StaffNoticeRow, StaffPhase, StaffView, UnsentItem,
    UnsentKind, UnsentView,
};
pub use views::*;
