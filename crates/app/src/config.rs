//! How a kiosk is started: what the shell's command line turns into.

use std::path::PathBuf;

use qebul_idcard::ReaderSpec;
use qebul_printer::PrinterSpec;

use crate::session::SessionConfig;

/// Everything [`crate::Kiosk::start`] needs; the shell fills it from its command line.
#[derive(Debug, Clone)]
pub struct KioskConfig {
    /// The central server's base URL; `None` only in demo mode.
    pub server: Option<String>,
    /// Demo mode: an embedded reference server (needs the `demo` feature), the simulated card
    /// reader and a virtual printer unless others are named.
    pub demo: bool,
    /// Where the store lives; the demo without one uses a fresh temporary folder.
    pub data_dir: Option<PathBuf>,
    pub enroll_code: Option<String>,
    /// The catalog key to pin (64 hex digits).
    pub catalog_key: Option<String>,
    /// Start over with an empty store when the keyring says this kiosk had one that is gone.
    pub new_database: bool,
    pub printer: Option<PrinterSpec>,
    pub card_reader: Option<ReaderSpec>,
    pub session: SessionConfig,
    /// Where the demo's virtual printer writes.
    pub notice_dir: PathBuf,
    /// Which printer the demo prints on when no `printer` is named.
    pub demo_printer: DemoPrinter,
    /// Where speech mode's voice goes.
    pub speech: crate::SpeechOutput,
    /// The headphone jack's input device (`/dev/input/eventN`); `None`: the first one
    /// `/proc/bus/input/devices` lists, if any.
    pub headphone_jack: Option<PathBuf>,
    /// The staff screen closes after this long without activity (default 120 s).
    pub staff_idle: std::time::Duration,
}

/// The demo's own printer: a virtual one writing files, or the ESC/POS receipt printer emulator
/// on a loopback port (status queries, paper out and its recovery as a real printer does them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DemoPrinter {
    #[default]
    Virtual,
    Emulated,
}

impl std::str::FromStr for DemoPrinter {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "virtual" => Ok(DemoPrinter::Virtual),
            "emulated" => Ok(DemoPrinter::Emulated),
            other => Err(format!(
                "`{other}`: the demo's printer is `virtual` or `emulated`"
            )),
        }
    }
}

impl KioskConfig {
    /// Where the kiosk keeps its store: `data_dir`, or `$XDG_DATA_HOME/qebul-kiosk`
    /// (`~/.local/share/qebul-kiosk`).
    pub fn data_dir(&self) -> PathBuf {
        if let Some(dir) = &self.data_dir {
            return dir.clone();
        }
        std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
            .unwrap_or_else(std::env::temp_dir)
            .join("qebul-kiosk")
    }
}
