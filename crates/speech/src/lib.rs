//! Speech output of Qəbul Kiosk, for citizens who cannot see the screen (issue 16; 49 CFR 27.71,
//! EN 301 549 §5.1.3): screen text rewritten as a listener should hear it, said by espeak-ng in
//! az, ru or en, interrupted by the next action, repeated, paused, louder or softer for one
//! session, and a warning tone before the session ends. Headphones plugged into the kiosk turn
//! speech on.
//!
//! Why not the webview's Web Speech: WebKitGTK has no Azerbaijani or Russian voice. The voice is
//! behind [`Voice`], so a better Azerbaijani one can replace espeak-ng without touching callers.
//!
//! ```
//! use qebul_core::Lang;
//! use qebul_speech::spoken;
//!
//! assert_eq!(
//!     spoken("Qəbul günü 08.12.2026, 09:00–13:00", Lang::Ru),
//!     "Qəbul günü 8 декабря 2026 года, с 9 до 13"
//! );
//! ```
//!
//! [`spoken`] is pure; [`Speech`] holds what is playing; [`EspeakVoice`] runs the programs;
//! [`watch_jack`] reads the headphone jack. No tokio and no Tauri: the shell wires them.

mod error;
mod jack;
mod service;
mod spoken;
mod voice;

pub use error::SpeechError;
pub use jack::{
    find_headphone_devices, headphone_devices, jack_events, watch_jack, JackEvent, INPUT_EVENT_LEN,
};
pub use service::{amplitude, Speech, DEFAULT_VOLUME_LEVEL, MAX_VOLUME_LEVEL};
pub use spoken::spoken;
pub use voice::{tone_wav, EspeakVoice, Output, Playing, Voice};
