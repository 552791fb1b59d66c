//! The commands the UI calls, one small module per area: each converts its arguments, calls the
//! application layer ([`qebul_app::Kiosk`]), and returns its result.

pub mod access;
pub mod applications;
pub mod booking;
pub mod kiosk;
mod names;
pub mod officials;
pub mod printing;
pub mod session;
pub mod staff;

pub use names::COMMANDS;

/// What a command's failure looks like to the UI: a code it translates, and a detail for the log
/// and the receptionist.
pub type CommandError = qebul_app::AppError;
