//! The voice: a trait, so that a better Azerbaijani voice can replace espeak-ng later, and
//! espeak-ng behind it.

use std::ffi::OsStr;
use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, PoisonError};

use qebul_core::Lang;

use crate::SpeechError;

/// Something that can speak. Implementations start a sound and return at once: the caller (the
/// kiosk's session) must never wait for a sentence to end before it reacts to the next touch.
pub trait Voice: Send + Sync {
    /// Starts saying `text` (already [`spoken`](crate::spoken)) in `lang` at `volume` (0..=200,
    /// espeak's amplitude scale; 100 normal). Returns at once; the returned handle stops/pauses it.
    fn start(&self, text: &str, lang: Lang, volume: u8) -> Result<Box<dyn Playing>, SpeechError>;
    /// Plays the warning tone (a short beep) the countdown uses.
    fn tone(&self, volume: u8) -> Result<Box<dyn Playing>, SpeechError>;
}

/// A sound being played. Each method is harmless once the sound has ended.
pub trait Playing: Send {
    fn stop(&mut self);
    fn pause(&mut self);
    fn resume(&mut self);
    fn is_done(&mut self) -> bool;
}

/// Where [`EspeakVoice`] sends its sound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The sound card, through espeak-ng's own audio output (and `aplay` for the tone).
    Device,
    /// Files instead of sound, for tests and the end-to-end suite, which cannot listen but can
    /// measure: each utterance as `NNNN-<lang>.wav` with `NNNN-<lang>.txt` beside it holding the
    /// exact text spoken, each tone as `NNNN-tone.wav`, `NNNN` counting up across restarts.
    /// Written whole before `start` returns (a sentence takes espeak-ng a fraction of a second),
    /// so nothing cuts a file short and espeak's failure is the caller's error.
    WavDir(PathBuf),
}

/// espeak-ng, the one free voice with Azerbaijani, Russian and English on Debian. It reads
/// Azerbaijani intelligibly but robotically; the [`Voice`] trait is where a better one goes.
#[derive(Debug, Clone)]
pub struct EspeakVoice {
    output: Output,
}

const ESPEAK: &str = "espeak-ng";
const APLAY: &str = "aplay";
/// Words a minute: slower than espeak's 175, for listeners who hear the kiosk for the first time.
const SPEED_WPM: &str = "150";

impl EspeakVoice {
    pub fn new(output: Output) -> Self {
        EspeakVoice { output }
    }
}

impl Voice for EspeakVoice {
    fn start(&self, text: &str, lang: Lang, volume: u8) -> Result<Box<dyn Playing>, SpeechError> {
        let voice = espeak_voice(lang);
        match &self.output {
            Output::Device => {
                let mut command = espeak(voice, volume);
                command.arg("--").arg(text);
                Ok(Box::new(ChildPlaying::spawn(command, ESPEAK)?))
            }
            Output::WavDir(dir) => {
                write_utterance(dir, text, lang, volume)?;
                Ok(Box::new(Finished))
            }
        }
    }

    fn tone(&self, volume: u8) -> Result<Box<dyn Playing>, SpeechError> {
        let wav = tone_wav(volume);
        match &self.output {
            Output::Device => {
                // From a pipe rather than a temporary file: nothing to clean up if the kiosk
                // stops mid-tone, and the 11 KB fit in the pipe's buffer, so the write never
                // waits for aplay.
                let mut command = Command::new(APLAY);
                command.args(["-q", "-"]).stdin(Stdio::piped());
                let mut playing = ChildPlaying::spawn(command, APLAY)?;
                if let Some(mut stdin) = playing.child.stdin.take() {
                    stdin.write_all(&wav).map_err(|source| SpeechError::Start {
                        program: APLAY,
                        source,
                    })?;
                }
                Ok(Box::new(playing))
            }
            Output::WavDir(dir) => {
                let (path, mut file) = reserve(dir, "tone.wav")?;
                file.write_all(&wav)
                    .map_err(|source| SpeechError::File { path, source })?;
                Ok(Box::new(Finished))
            }
        }
    }
}

fn espeak_voice(lang: Lang) -> &'static str {
    match lang {
        Lang::Az => "az",
        Lang::Ru => "ru",
        // espeak's plain "en" is British with a Received Pronunciation that kiosk users in Baku
        // hear less often than the American one.
        Lang::En => "en-us",
    }
}

/// espeak-ng's command line up to the text. The text is always an argument after `--`, never
/// through a shell, so nothing a citizen typed can be an option or a command.
fn espeak(voice: &str, volume: u8) -> Command {
    let mut command = Command::new(ESPEAK);
    command
        .args(["-v", voice, "-a", &volume.to_string(), "-s", SPEED_WPM])
        .stdin(Stdio::null());
    command
}

/// Writes `NNNN-<lang>.txt` and `NNNN-<lang>.wav`. Synchronously: espeak-ng writes a sentence in
/// well under a second, and a test or the end-to-end suite wants every utterance whole, not cut
/// by the next one, with espeak's failure reported rather than logged.
fn write_utterance(dir: &Path, text: &str, lang: Lang, volume: u8) -> Result<(), SpeechError> {
    let (txt, mut file) = reserve(dir, &format!("{}.txt", lang.tag()))?;
    let written = file.write_all(text.as_bytes());
    drop(file);
    if let Err(source) = written {
        return Err(SpeechError::File { path: txt, source });
    }
    let wav = txt.with_extension("wav");
    let mut command = espeak(espeak_voice(lang), volume);
    command.arg("-w").arg(&wav).arg("--").arg(text);
    let result = run(command, ESPEAK);
    if result.is_err() {
        // No text without its sound: the suite pairs them.
        let _ = fs::remove_file(&txt);
        let _ = fs::remove_file(&wav);
    }
    result
}

/// Runs a program to its end; a failure carries what it printed on stderr.
fn run(mut command: Command, program: &'static str) -> Result<(), SpeechError> {
    let output = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|source| SpeechError::starting(program, source))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(SpeechError::Failed {
            program,
            status: output.status,
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        })
    }
}

/// Serialises numbering in this process: two voices writing into one directory (a test's, the
/// suite's) must not take the same number.
static NUMBERING: Mutex<()> = Mutex::new(());

/// Creates the next numbered file `NNNN-<suffix>` in `dir`: one past the highest number there, so
/// a restarted kiosk continues its predecessor's files instead of overwriting them.
fn reserve(dir: &Path, suffix: &str) -> Result<(PathBuf, fs::File), SpeechError> {
    let _numbering = NUMBERING.lock().unwrap_or_else(PoisonError::into_inner);
    let file_error = |path: &Path| {
        let path = path.to_owned();
        move |source| SpeechError::File { path, source }
    };
    fs::create_dir_all(dir).map_err(file_error(dir))?;
    let highest = fs::read_dir(dir)
        .map_err(file_error(dir))?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| file_number(&entry.file_name()))
        .max()
        .unwrap_or(0);
    let mut number = highest + 1;
    loop {
        let path = dir.join(format!("{number:04}-{suffix}"));
        // `create_new` also keeps another process that numbers the same way from overwriting.
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => number += 1,
            Err(source) => return Err(SpeechError::File { path, source }),
        }
    }
}

/// `0012` of `0012-az.wav`.
fn file_number(name: &OsStr) -> Option<u32> {
    let (number, _) = name.to_str()?.split_once('-')?;
    number.parse().ok()
}

/// A sound that ended before its handle was returned (a file written).
struct Finished;

impl Playing for Finished {
    fn stop(&mut self) {}
    fn pause(&mut self) {}
    fn resume(&mut self) {}
    fn is_done(&mut self) -> bool {
        true
    }
}

/// A child process playing a sound: stopped by killing it, paused by stopping it.
///
/// The child is always reaped (on stop, when seen finished, on drop), so no zombie stays behind,
/// and it is signalled only while not yet reaped, so its pid cannot belong to another process.
pub(crate) struct ChildPlaying {
    child: Child,
    program: &'static str,
    reaped: bool,
}

impl ChildPlaying {
    pub(crate) fn spawn(mut command: Command, program: &'static str) -> Result<Self, SpeechError> {
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| SpeechError::starting(program, source))?;
        Ok(ChildPlaying {
            child,
            program,
            reaped: false,
        })
    }

    #[cfg(test)]
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    fn signal(&mut self, signal: libc::c_int) {
        if self.is_done() {
            return;
        }
        let Ok(pid) = libc::pid_t::try_from(self.child.id()) else {
            return;
        };
        // SAFETY: kill(2) takes plain integers; the pid is our unreaped child's, so it names no
        // other process.
        let sent = unsafe { libc::kill(pid, signal) };
        if sent != 0 {
            tracing::warn!(
                program = self.program,
                error = %io::Error::last_os_error(),
                "could not signal the voice"
            );
        }
    }
}

impl Playing for ChildPlaying {
    fn stop(&mut self) {
        if self.reaped {
            return;
        }
        // SIGKILL ends a stopped (paused) process too; waiting reaps it.
        let _ = self.child.kill();
        if let Err(error) = self.child.wait() {
            tracing::warn!(program = self.program, %error, "could not reap the voice");
        }
        self.reaped = true;
    }

    fn pause(&mut self) {
        self.signal(libc::SIGSTOP);
    }

    fn resume(&mut self) {
        self.signal(libc::SIGCONT);
    }

    fn is_done(&mut self) -> bool {
        if self.reaped {
            return true;
        }
        match self.child.try_wait() {
            Ok(None) => false,
            Ok(Some(status)) => {
                self.reaped = true;
                let mut stderr = String::new();
                if let Some(mut pipe) = self.child.stderr.take() {
                    let _ = pipe.read_to_string(&mut stderr);
                }
                // espeak-ng exits 0 when ALSA finds no sound card, and only says so on stderr.
                if !status.success() || !stderr.trim().is_empty() {
                    tracing::warn!(
                        program = self.program,
                        %status,
                        stderr = stderr.trim(),
                        "the voice reported a problem (no sound card?)"
                    );
                }
                true
            }
            Err(error) => {
                tracing::warn!(program = self.program, %error, "could not ask the voice");
                self.stop();
                true
            }
        }
    }
}

impl Drop for ChildPlaying {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The countdown's warning tone as a WAV file: 0.25 s of 880 Hz (an A, high enough to cut
/// through a lobby, short enough not to startle), 22050 Hz 16-bit mono, its amplitude scaled like
/// espeak's (`volume` 100 is half of full scale, 200 full), faded in and out over 10 ms so it
/// starts and ends without a click.
pub fn tone_wav(volume: u8) -> Vec<u8> {
    const RATE: u32 = 22_050;
    const SAMPLES: u32 = RATE / 4;
    const FREQUENCY: f64 = 880.0;
    const FADE: u32 = RATE / 100;
    let peak = f64::from(i16::MAX) * (f64::from(volume.min(200)) / 200.0);
    let data_len = SAMPLES * 2;
    let mut wav = Vec::with_capacity(44 + data_len as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk length
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&RATE.to_le_bytes());
    wav.extend_from_slice(&(RATE * 2).to_le_bytes()); // bytes a second
    wav.extend_from_slice(&2u16.to_le_bytes()); // bytes a frame
    wav.extend_from_slice(&16u16.to_le_bytes()); // bits a sample
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    for n in 0..SAMPLES {
        let fade = f64::from(n.min(SAMPLES - 1 - n).min(FADE)) / f64::from(FADE);
        let phase = 2.0 * std::f64::consts::PI * FREQUENCY * f64::from(n) / f64::from(RATE);
        // Within ±i16::MAX by construction; `as` only drops the fraction.
        let sample = (peak * fade * phase.sin()).round() as i16;
        wav.extend_from_slice(&sample.to_le_bytes());
    }
    wav
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// The state letter of /proc/<pid>/stat ('S' sleeping, 'T' stopped…); `None` once the
    /// process is gone (reaped).
    fn process_state(pid: u32) -> Option<char> {
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let (_, after_name) = stat.rsplit_once(')')?;
        after_name.trim_start().chars().next()
    }

    fn wait_for_state(pid: u32, wanted: impl Fn(Option<char>) -> bool) -> Option<char> {
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            let state = process_state(pid);
            if wanted(state) || Instant::now() > deadline {
                return state;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn pausing_stops_the_child_and_stopping_reaps_it() {
        let mut sleep = Command::new("sleep");
        sleep.arg("5");
        let mut playing = ChildPlaying::spawn(sleep, "sleep").unwrap();
        let pid = playing.pid();
        assert!(!playing.is_done());

        playing.pause();
        assert_eq!(wait_for_state(pid, |s| s == Some('T')), Some('T'));
        assert!(!playing.is_done(), "a paused voice has not finished");

        playing.resume();
        let resumed = wait_for_state(pid, |s| s.is_some_and(|s| s != 'T'));
        assert!(resumed.is_some_and(|s| s != 'T'), "{resumed:?}");

        playing.pause();
        playing.stop();
        assert_eq!(process_state(pid), None, "killed while paused, and reaped");
        assert!(playing.is_done());
        playing.resume(); // harmless once ended
    }

    #[test]
    fn a_finished_child_is_done_and_reaped() {
        let playing = ChildPlaying::spawn(Command::new("true"), "true").unwrap();
        let pid = playing.pid();
        let mut playing = playing;
        let deadline = Instant::now() + Duration::from_secs(2);
        while !playing.is_done() {
            assert!(Instant::now() < deadline, "`true` did not end");
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(process_state(pid), None);
    }

    #[test]
    fn dropping_a_playing_child_reaps_it() {
        let mut sleep = Command::new("sleep");
        sleep.arg("5");
        let playing = ChildPlaying::spawn(sleep, "sleep").unwrap();
        let pid = playing.pid();
        drop(playing);
        assert_eq!(process_state(pid), None);
    }

    #[test]
    fn a_missing_program_is_an_error_naming_it() {
        let error = ChildPlaying::spawn(Command::new("qebul-no-such-voice"), ESPEAK)
            .err()
            .unwrap();
        assert!(matches!(error, SpeechError::Missing { .. }), "{error:?}");
        assert!(error.to_string().contains("espeak-ng"), "{error}");
    }

    #[test]
    fn the_tone_is_a_quarter_second_of_pcm_scaled_by_volume() {
        let wav = tone_wav(100);
        assert_eq!(&wav[..4], b"RIFF");
        assert_eq!(&wav[8..16], b"WAVEfmt ");
        assert_eq!(wav.len(), 44 + 22_050 / 4 * 2);
        let peak = |wav: &[u8]| {
            wav[44..]
                .chunks(2)
                .map(|s| i16::from_le_bytes([s[0], s[1]]).unsigned_abs())
                .max()
                .unwrap()
        };
        assert!((16_000..=16_384).contains(&peak(&wav)), "{}", peak(&wav));
        assert!(peak(&tone_wav(200)) > 32_000);
        assert_eq!(peak(&tone_wav(0)), 0);
        // Faded: the first and last samples are silent.
        assert_eq!(&wav[44..46], &[0, 0]);
        assert_eq!(&wav[wav.len() - 2..], &[0, 0]);
    }

    #[test]
    fn numbering_continues_after_the_highest_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("0041-az.wav"), b"").unwrap();
        fs::write(dir.path().join("0007-tone.wav"), b"").unwrap();
        fs::write(dir.path().join("notes.txt"), b"").unwrap();
        let (path, _) = reserve(dir.path(), "ru.txt").unwrap();
        assert_eq!(path.file_name().unwrap(), "0042-ru.txt");
        let (path, _) = reserve(dir.path(), "tone.wav").unwrap();
        assert_eq!(path.file_name().unwrap(), "0043-tone.wav");
    }
}
