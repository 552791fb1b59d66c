//! What the kiosk's shell calls: say, repeat, pause, warn, volume, reset, on any thread.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use qebul_core::Lang;

use crate::voice::{Playing, Voice};
use crate::{spoken, SpeechError};

/// The volume a session starts with, on a scale of 1 to [`MAX_VOLUME_LEVEL`].
pub const DEFAULT_VOLUME_LEVEL: u8 = 3;
/// The loudest level; 1 is the softest.
pub const MAX_VOLUME_LEVEL: u8 = 5;
/// espeak's amplitude for each level. Not linear: loudness is heard logarithmically, and a lobby
/// needs more headroom above normal (100) than below it.
const AMPLITUDES: [u8; MAX_VOLUME_LEVEL as usize] = [40, 70, 100, 140, 190];
/// The longest the warning text waits for its tone; the tone lasts 0.25 s.
const TONE_WAIT: Duration = Duration::from_millis(500);
const TONE_POLL: Duration = Duration::from_millis(20);

/// espeak's amplitude (0..=200) for a volume level, clamped to 1..=[`MAX_VOLUME_LEVEL`].
pub fn amplitude(level: u8) -> u8 {
    AMPLITUDES[usize::from(level.clamp(1, MAX_VOLUME_LEVEL) - 1)]
}

/// The kiosk's speech, one per kiosk: a citizen hears one thing at a time, each action
/// interrupting what was being said, and the next citizen starts from silence and the default
/// volume ([`Speech::reset`]).
///
/// Every method takes `&self` and returns at once with the device output (a voice is started,
/// never waited for; a warning's text follows its tone on a thread), so the session may call it
/// from wherever a touch arrives.
///
/// ```
/// use qebul_core::Lang;
/// use qebul_speech::{EspeakVoice, Output, Speech};
///
/// let dir = tempfile::tempdir().unwrap();
/// let speech = Speech::new(Box::new(EspeakVoice::new(Output::WavDir(dir.path().into()))));
/// speech.say("Müraciət № 10000061", Lang::Az).unwrap();
/// assert_eq!(speech.last().as_deref(), Some("Müraciət nömrə 1 0 0, 0 0 0, 6 1"));
/// ```
pub struct Speech {
    inner: Arc<Inner>,
}

struct Inner {
    voice: Box<dyn Voice>,
    state: Mutex<State>,
}

struct State {
    playing: Option<Box<dyn Playing>>,
    paused: bool,
    last: Option<Utterance>,
    level: u8,
    /// Counts interruptions, so a warning's text waiting for its tone knows when something else
    /// has been said meanwhile and stays silent.
    generation: u64,
}

#[derive(Clone)]
struct Utterance {
    spoken: String,
    lang: Lang,
}

impl Speech {
    pub fn new(voice: Box<dyn Voice>) -> Self {
        Speech {
            inner: Arc::new(Inner {
                voice,
                state: Mutex::new(State {
                    playing: None,
                    paused: false,
                    last: None,
                    level: DEFAULT_VOLUME_LEVEL,
                    generation: 0,
                }),
            }),
        }
    }

    /// Says `text` (screen text: it goes through [`spoken`]) in place of whatever was being said.
    /// Text with nothing to say leaves the current speech alone.
    pub fn say(&self, text: &str, lang: Lang) -> Result<(), SpeechError> {
        let spoken = spoken(text, lang);
        if spoken.is_empty() {
            return Ok(());
        }
        let mut state = self.inner.lock();
        state.interrupt();
        self.inner.start(&mut state, Utterance { spoken, lang })
    }

    /// Says the last utterance again, from its beginning.
    pub fn repeat(&self) -> Result<(), SpeechError> {
        let mut state = self.inner.lock();
        let Some(last) = state.last.clone() else {
            return Ok(());
        };
        state.interrupt();
        self.inner.start(&mut state, last)
    }

    /// Pauses what is being said, or resumes it if paused; whether it is paused now. With
    /// nothing being said there is nothing to pause: `false`.
    pub fn toggle_pause(&self) -> bool {
        let mut state = self.inner.lock();
        let paused = !state.paused;
        let Some(playing) = state.playing.as_mut() else {
            return false;
        };
        if playing.is_done() {
            state.paused = false;
            return false;
        }
        if paused {
            playing.pause();
        } else {
            playing.resume();
        }
        state.paused = paused;
        paused
    }

    /// Silence.
    pub fn stop(&self) {
        self.inner.lock().interrupt();
    }

    /// The countdown's warning: the tone, then `text`. The text follows the tone on a thread, so
    /// the caller never waits; anything said meanwhile cancels it. A tone that cannot be played
    /// is logged and the text said without it: the warning matters more than the beep.
    pub fn warn(&self, text: &str, lang: Lang) -> Result<(), SpeechError> {
        let spoken = spoken(text, lang);
        let mut state = self.inner.lock();
        state.interrupt();
        let utterance = Utterance { spoken, lang };
        let mut tone = match self.inner.voice.tone(amplitude(state.level)) {
            Ok(tone) => tone,
            Err(error) => {
                tracing::warn!(%error, "no warning tone; saying the warning without it");
                return self.inner.start_if_any(&mut state, utterance);
            }
        };
        if tone.is_done() {
            // Written to a file already (or too short to wait for): the text goes right after.
            return self.inner.start_if_any(&mut state, utterance);
        }
        state.playing = Some(tone);
        let generation = state.generation;
        drop(state);
        let inner = Arc::clone(&self.inner);
        thread::Builder::new()
            .name("qebul-speech-warn".into())
            .spawn(move || inner.after_tone(generation, utterance))
            .map_err(|source| SpeechError::Start {
                program: "the warning's thread",
                source,
            })?;
        Ok(())
    }

    /// The level the shell's session keeps (clamped to 1..=[`MAX_VOLUME_LEVEL`]): the session
    /// is the one place the level is decided, the voice follows it. It applies from the next
    /// utterance: espeak cannot change the volume of one it is saying.
    pub fn set_volume_level(&self, level: u8) {
        self.inner.lock().level = level.clamp(1, MAX_VOLUME_LEVEL);
    }

    pub fn volume_level(&self) -> u8 {
        self.inner.lock().level
    }

    /// For the next citizen: silence, the default volume, and nothing of the last citizen's
    /// words left to repeat.
    pub fn reset(&self) {
        let mut state = self.inner.lock();
        state.interrupt();
        state.level = DEFAULT_VOLUME_LEVEL;
        state.last = None;
    }

    /// The last text said (as spoken, after [`spoken`]), for tests and the shell's log; `None`
    /// after [`reset`](Speech::reset).
    pub fn last(&self) -> Option<String> {
        self.inner.lock().last.as_ref().map(|u| u.spoken.clone())
    }
}

impl Inner {
    /// A poisoned lock only means a voice panicked mid-call; the state is still whole.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn start(&self, state: &mut State, utterance: Utterance) -> Result<(), SpeechError> {
        let volume = amplitude(state.level);
        let playing = self
            .voice
            .start(&utterance.spoken, utterance.lang, volume)?;
        state.playing = Some(playing);
        state.last = Some(utterance);
        Ok(())
    }

    fn start_if_any(&self, state: &mut State, utterance: Utterance) -> Result<(), SpeechError> {
        if utterance.spoken.is_empty() {
            return Ok(());
        }
        self.start(state, utterance)
    }

    /// Waits for the tone (at most [`TONE_WAIT`] while it plays unpaused), then says the warning,
    /// unless something else was said or stopped since.
    fn after_tone(&self, generation: u64, utterance: Utterance) {
        let mut deadline = Instant::now() + TONE_WAIT;
        loop {
            thread::sleep(TONE_POLL);
            let mut state = self.lock();
            if state.generation != generation {
                return;
            }
            if state.paused {
                deadline = Instant::now() + TONE_WAIT;
                continue;
            }
            let tone_done = state.playing.as_mut().is_none_or(|tone| tone.is_done());
            if tone_done || Instant::now() >= deadline {
                state.interrupt();
                if let Err(error) = self.start_if_any(&mut state, utterance) {
                    tracing::warn!(%error, "could not say the warning");
                }
                return;
            }
        }
    }
}

impl State {
    /// Whatever plays is cut, as the next action of a citizen cuts it.
    fn interrupt(&mut self) {
        if let Some(mut playing) = self.playing.take() {
            playing.stop();
        }
        self.paused = false;
        self.generation += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Call {
        Start(String, Lang, u8),
        Tone(u8),
        Stop(usize),
        Pause(usize),
        Resume(usize),
    }

    /// A voice that records what it was asked; its sounds end only when a test says so, like a
    /// long sentence being spoken.
    #[derive(Clone, Default)]
    struct FakeVoice {
        calls: Arc<Mutex<Vec<Call>>>,
        sounds: Arc<Mutex<Vec<Arc<AtomicBool>>>>,
        /// Tones end as they start, as the WAV directory's do.
        instant_tone: bool,
    }

    struct FakePlaying {
        id: usize,
        calls: Arc<Mutex<Vec<Call>>>,
        done: Arc<AtomicBool>,
    }

    impl FakeVoice {
        fn calls(&self) -> Vec<Call> {
            self.calls.lock().unwrap().clone()
        }

        fn playing(&self, call: Call) -> Box<dyn Playing> {
            let mut calls = self.calls.lock().unwrap();
            calls.push(call);
            let done = Arc::new(AtomicBool::new(false));
            let mut sounds = self.sounds.lock().unwrap();
            sounds.push(Arc::clone(&done));
            Box::new(FakePlaying {
                id: sounds.len() - 1,
                calls: Arc::clone(&self.calls),
                done,
            })
        }

        /// Ends sound number `id` (counting starts and tones from 0), as if it had been said.
        fn finish(&self, id: usize) {
            self.sounds.lock().unwrap()[id].store(true, Ordering::SeqCst);
        }

        fn wait_for(&self, what: impl Fn(&[Call]) -> bool) -> Vec<Call> {
            let deadline = Instant::now() + Duration::from_secs(2);
            loop {
                let calls = self.calls();
                if what(&calls) || Instant::now() > deadline {
                    return calls;
                }
                thread::sleep(Duration::from_millis(5));
            }
        }
    }

    impl Voice for FakeVoice {
        fn start(
            &self,
            text: &str,
            lang: Lang,
            volume: u8,
        ) -> Result<Box<dyn Playing>, SpeechError> {
            Ok(self.playing(Call::Start(text.to_owned(), lang, volume)))
        }

        fn tone(&self, volume: u8) -> Result<Box<dyn Playing>, SpeechError> {
            let tone = self.playing(Call::Tone(volume));
            if self.instant_tone {
                let last = self.sounds.lock().unwrap().len() - 1;
                self.finish(last);
            }
            Ok(tone)
        }
    }

    impl Playing for FakePlaying {
        fn stop(&mut self) {
            self.calls.lock().unwrap().push(Call::Stop(self.id));
            self.done.store(true, Ordering::SeqCst);
        }
        fn pause(&mut self) {
            self.calls.lock().unwrap().push(Call::Pause(self.id));
        }
        fn resume(&mut self) {
            self.calls.lock().unwrap().push(Call::Resume(self.id));
        }
        fn is_done(&mut self) -> bool {
            self.done.load(Ordering::SeqCst)
        }
    }

    fn speech() -> (Speech, FakeVoice) {
        let voice = FakeVoice::default();
        (Speech::new(Box::new(voice.clone())), voice)
    }

    fn start(text: &str, lang: Lang) -> Call {
        Call::Start(text.to_owned(), lang, 100)
    }

    #[test]
    fn the_next_utterance_interrupts_the_last() {
        let (speech, voice) = speech();
        speech.say("Vəzifəli şəxsi seçin", Lang::Az).unwrap();
        speech.say("Qəbul günü 08.12.2026", Lang::Az).unwrap();
        assert_eq!(
            voice.calls(),
            [
                start("Vəzifəli şəxsi seçin", Lang::Az),
                Call::Stop(0),
                start("Qəbul günü 8 dekabr 2026", Lang::Az),
            ]
        );
        assert_eq!(speech.last().as_deref(), Some("Qəbul günü 8 dekabr 2026"));
    }

    #[test]
    fn nothing_to_say_interrupts_nothing() {
        let (speech, voice) = speech();
        speech.say("Gözləyin", Lang::Az).unwrap();
        speech.say("  \n", Lang::Az).unwrap();
        speech.say("← ✓", Lang::Az).unwrap();
        assert_eq!(voice.calls(), [start("Gözləyin", Lang::Az)]);
    }

    #[test]
    fn repeat_says_the_last_again_in_its_language() {
        let (speech, voice) = speech();
        speech.repeat().unwrap(); // nothing yet
        speech.say("Заявление № 10000061", Lang::Ru).unwrap();
        speech.repeat().unwrap();
        let said = start("Заявление номер 1 0 0, 0 0 0, 6 1", Lang::Ru);
        assert_eq!(voice.calls(), [said.clone(), Call::Stop(0), said]);
    }

    #[test]
    fn toggle_pause_pauses_and_resumes_what_plays() {
        let (speech, voice) = speech();
        assert!(!speech.toggle_pause(), "nothing to pause");
        speech.say("Select an official", Lang::En).unwrap();
        assert!(speech.toggle_pause());
        assert!(!speech.toggle_pause());
        assert!(speech.toggle_pause());
        // The next utterance is not paused.
        speech.say("Select a date", Lang::En).unwrap();
        assert!(speech.toggle_pause());
        voice.finish(1);
        assert!(
            !speech.toggle_pause(),
            "a finished utterance cannot be paused"
        );
        assert_eq!(
            voice.calls(),
            [
                start("Select an official", Lang::En),
                Call::Pause(0),
                Call::Resume(0),
                Call::Pause(0),
                Call::Stop(0),
                start("Select a date", Lang::En),
                Call::Pause(1),
            ]
        );
    }

    #[test]
    fn the_volume_is_the_sessions_level_clamped_and_reset_restores_it() {
        let (speech, voice) = speech();
        assert_eq!(speech.volume_level(), DEFAULT_VOLUME_LEVEL);
        speech.set_volume_level(9);
        assert_eq!(speech.volume_level(), 5);
        speech.say("Louder", Lang::En).unwrap();
        speech.set_volume_level(0);
        assert_eq!(speech.volume_level(), 1);
        speech.say("Softer", Lang::En).unwrap();
        speech.reset();
        assert_eq!(speech.volume_level(), DEFAULT_VOLUME_LEVEL);
        assert_eq!(
            voice.calls(),
            [
                Call::Start("Louder".into(), Lang::En, 190),
                Call::Stop(0),
                Call::Start("Softer".into(), Lang::En, 40),
                Call::Stop(1),
            ]
        );
        assert_eq!(
            (1..=5).map(amplitude).collect::<Vec<_>>(),
            [40, 70, 100, 140, 190]
        );
    }

    #[test]
    fn reset_leaves_nothing_of_the_last_citizen_to_repeat() {
        let (speech, voice) = speech();
        speech.say("Sənəd: AA****567", Lang::Az).unwrap();
        speech.reset();
        assert_eq!(speech.last(), None);
        speech.repeat().unwrap();
        assert!(!speech.toggle_pause());
        assert_eq!(
            voice.calls(),
            [
                start("Sənəd: A A, 4 gizli simvol, 5 6 7", Lang::Az),
                Call::Stop(0)
            ]
        );
    }

    #[test]
    fn warn_plays_the_tone_then_the_text() {
        let (speech, voice) = speech();
        speech.say("Müraciətlərim", Lang::Az).unwrap();
        speech.warn("Sessiya 15 saniyəyə bitir", Lang::Az).unwrap();
        assert_eq!(
            voice.calls(),
            [
                start("Müraciətlərim", Lang::Az),
                Call::Stop(0),
                Call::Tone(100)
            ]
        );
        voice.finish(1);
        let calls = voice.wait_for(|calls| calls.len() == 5);
        assert_eq!(
            calls[3..],
            [Call::Stop(1), start("Sessiya 15 saniyəyə bitir", Lang::Az)]
        );
        assert_eq!(speech.last().as_deref(), Some("Sessiya 15 saniyəyə bitir"));
    }

    #[test]
    fn warn_says_the_text_even_if_the_tone_does_not_end() {
        let (speech, voice) = speech();
        let started = Instant::now();
        speech.warn("Session ends", Lang::En).unwrap();
        assert!(
            started.elapsed() < Duration::from_millis(100),
            "the caller never waits"
        );
        let calls = voice.wait_for(|calls| calls.len() == 3);
        assert_eq!(
            calls,
            [
                Call::Tone(100),
                Call::Stop(0),
                start("Session ends", Lang::En)
            ]
        );
        assert!(started.elapsed() >= TONE_WAIT);
    }

    #[test]
    fn an_action_during_the_tone_cancels_the_warning_text() {
        let (speech, voice) = speech();
        speech.warn("Сессия заканчивается", Lang::Ru).unwrap();
        speech.say("Назад", Lang::Ru).unwrap();
        thread::sleep(TONE_WAIT + TONE_POLL * 5);
        assert_eq!(
            voice.calls(),
            [Call::Tone(100), Call::Stop(0), start("Назад", Lang::Ru)]
        );
    }

    #[test]
    fn an_instant_tone_is_followed_at_once() {
        let voice = FakeVoice {
            instant_tone: true,
            ..FakeVoice::default()
        };
        let speech = Speech::new(Box::new(voice.clone()));
        speech.warn("Session ends", Lang::En).unwrap();
        assert_eq!(
            voice.calls(),
            [Call::Tone(100), start("Session ends", Lang::En)]
        );
    }
}
