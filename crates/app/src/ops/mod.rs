//! The technician's tools (issue 17): the configuration file ([`settings`]), `doctor`
//! ([`doctor`]), enrollment from the terminal ([`enroll`]) and the audit log's export
//! ([`audit`]). The shell (`src-tauri/cli.rs`) parses the command line and prints; the work and
//! the words are here, testable without a terminal.

pub mod audit;
pub mod doctor;
pub mod enroll;
pub mod print_test;
pub mod settings;

pub use doctor::{Check, DoctorSetup, Outcome};
pub use settings::{Settings, SettingsError, DEFAULT_CONFIG_PATH};
