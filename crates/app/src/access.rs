//! How the person at the screen is served, at the edge: the settings their session keeps
//! (speech, volume, large text, high contrast) and the voice that speaks the screens.
//!
//! The UI decides what is on the screen and sends it as shown; [`qebul_speech::Speech`] turns
//! dates, numbers and masked characters into words and speaks in the session's language. The
//! settings live in [`crate::session::CitizenSession`], so the session's end resets them and the
//! voice (volume, last utterance) together.

use std::path::PathBuf;
use std::sync::Arc;

use qebul_speech::{EspeakVoice, JackEvent, Output, Speech};

use crate::kiosk::Kiosk;
use crate::session::Input;
use crate::views::{AccessChange, SpeechControl};

/// Where the kiosk's speech goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeechOutput {
    /// No speech (a kiosk without speakers or headphone jack).
    Off,
    /// espeak-ng on the default sound device.
    Device,
    /// Each utterance written as a WAV file and its text, in this folder (the tests).
    WavDir(PathBuf),
}

impl std::str::FromStr for SpeechOutput {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "off" => Ok(SpeechOutput::Off),
            "device" => Ok(SpeechOutput::Device),
            _ => match s.strip_prefix("wav:") {
                Some(dir) if !dir.is_empty() => Ok(SpeechOutput::WavDir(dir.into())),
                _ => Err(format!(
                    "unknown speech output {s:?}: use device, off or wav:DIR"
                )),
            },
        }
    }
}

/// The voice `output` names, or none.
pub(crate) fn open_speech(output: &SpeechOutput) -> Option<Arc<Speech>> {
    let output = match output {
        SpeechOutput::Off => return None,
        SpeechOutput::Device => Output::Device,
        SpeechOutput::WavDir(dir) => Output::WavDir(dir.clone()),
    };
    Some(Arc::new(Speech::new(Box::new(EspeakVoice::new(output)))))
}

impl Kiosk {
    /// Speaks through `output` from now on (the shell calls it once at start).
    pub fn use_speech(&mut self, output: &SpeechOutput) {
        self.speech = open_speech(output);
        self.sessions.use_speech(self.speech.clone());
    }

    /// Headphones plugged into the jack `path` reports (a Linux input device with a headphone
    /// switch) turn speech mode on for the person at the screen.
    pub fn watch_headphones(&self, path: PathBuf) -> std::io::Result<()> {
        let sessions = Arc::downgrade(&self.sessions);
        qebul_speech::watch_jack(path, move |event| {
            if event != JackEvent::Plugged {
                return;
            }
            if let Some(sessions) = sessions.upgrade() {
                tracing::info!("headphones plugged in: speech mode on");
                sessions.input(Input::Access(crate::session::AccessChange {
                    speech: Some(true),
                    ..Default::default()
                }));
            }
        })?;
        Ok(())
    }

    /// The person turned speech, large text or high contrast on or off (a touch, too).
    pub fn set_access(&self, change: AccessChange) {
        if change.speech == Some(false) {
            if let Some(speech) = &self.speech {
                speech.stop();
            }
        }
        self.sessions
            .input(Input::Access(crate::session::AccessChange {
                speech: change.speech,
                large_text: change.large_text,
                high_contrast: change.high_contrast,
                volume_step: 0,
            }));
    }

    /// Says `text` (the screen's words as shown) in the session's language, interrupting
    /// whatever was being said; nothing outside speech mode. A voice that fails is logged for
    /// the technician: the screen goes on without it.
    pub fn speak(&self, text: &str) {
        if let Some(speech) = self.speaking() {
            logged(speech.say(text, self.sessions.language()));
        }
    }

    /// A warning tone, then `text` (the countdown before the session ends).
    pub fn speak_warning(&self, text: &str) {
        if let Some(speech) = self.speaking() {
            logged(speech.warn(text, self.sessions.language()));
        }
    }

    /// The keypad's help (repeat), pause, and volume keys.
    pub fn speech_control(&self, control: SpeechControl) {
        // A key on the keypad is someone there.
        let step = match control {
            SpeechControl::VolumeUp => 1,
            SpeechControl::VolumeDown => -1,
            _ => 0,
        };
        self.sessions
            .input(Input::Access(crate::session::AccessChange {
                volume_step: step,
                ..Default::default()
            }));
        let Some(speech) = self.speaking() else {
            return;
        };
        match control {
            SpeechControl::Repeat => logged(speech.repeat()),
            SpeechControl::Pause => {
                speech.toggle_pause();
            }
            SpeechControl::Stop => speech.stop(),
            SpeechControl::VolumeUp | SpeechControl::VolumeDown => {
                // The new level, heard.
                logged(speech.repeat());
            }
        }
    }

    /// The voice, at the session's volume, when the person at the screen is in speech mode.
    fn speaking(&self) -> Option<&Arc<Speech>> {
        let speech = self.speech.as_ref()?;
        let access = self.sessions.access();
        speech.set_volume_level(access.volume);
        access.speech.then_some(speech)
    }
}

fn logged(result: Result<(), qebul_speech::SpeechError>) {
    if let Err(e) = result {
        tracing::warn!("speech failed: {e}");
    }
}
