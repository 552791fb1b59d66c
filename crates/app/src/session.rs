//! The citizen's session (pure, sans-IO): who is at the kiosk, in which language, and when their
//! data must go.
//!
//! A touch starts a *visitor* session (someone browsing without a card); a card read makes it a
//! citizen's. The card taken out (on a reader that can tell), "finish", another card, or
//! idleness ends it: [`IDLE`] without a touch starts a visible [`COUNTDOWN`], and when that runs
//! out the session ends. The machine is fed [`Input`]s with the time (a [`Duration`] since any
//! fixed origin: the shell uses a monotonic clock) and answers with [`Effect`]s for the shell to
//! carry out; [`CitizenSession::poll_timeout`] says when it next needs the time. Nothing here
//! sleeps, reads a clock or does I/O, so every rule is tested without waiting.

use std::time::Duration;

use chrono::NaiveDate;
use qebul_core::{DocumentKind, Lang};
use qebul_idcard::mrz::{Mrz, MrzFormat};
use qebul_idcard::{CardRead, ReaderEvent};

/// How long a session waits for a touch before the countdown starts.
pub const IDLE: Duration = Duration::from_secs(90);
/// How long the visible countdown lasts before the session ends.
pub const COUNTDOWN: Duration = Duration::from_secs(15);

/// How sessions behave (from the kiosk's configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionConfig {
    pub idle: Duration,
    pub countdown: Duration,
    /// Whether an expired document may still start a session (the authority's policy).
    pub accept_expired: bool,
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig {
            idle: IDLE,
            countdown: COUNTDOWN,
            accept_expired: false,
        }
    }
}

/// What the kiosk knows about the citizen at the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citizen {
    pub document_kind: DocumentKind,
    pub document_number: String,
    /// FİN, when the document carries one.
    pub fin: Option<String>,
    /// The display form: the registry's (`ABDULLAYEVA GÖHƏR NOVRUZ QIZI`) when online, else the
    /// MRZ's transliteration (`ABDULLAYEVA GOHAR`).
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub expiry_date: NaiveDate,
    /// The registered address: from the registry, or confirmed by the citizen offline.
    pub address: Option<String>,
    /// Whether the name, birth date and address came from the registry.
    pub from_registry: bool,
    /// Whether the citizen confirmed the address (needed when it did not come from the registry).
    pub address_confirmed: bool,
}

impl Citizen {
    /// The citizen as the document's MRZ tells it (offline: names transliterated, no address).
    pub fn from_mrz(mrz: &Mrz) -> Citizen {
        let full_name = [mrz.surname.trim(), mrz.given_names.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Citizen {
            document_kind: match mrz.format {
                MrzFormat::Td1 => DocumentKind::IdCard,
                MrzFormat::Td3 => DocumentKind::Passport,
            },
            document_number: mrz.document_number.clone(),
            fin: mrz.fin.clone(),
            full_name,
            birth_date: mrz.birth_date,
            expiry_date: mrz.expiry_date,
            address: None,
            from_registry: false,
            address_confirmed: false,
        }
    }

    /// Whether the citizen may book: the address must be known (from the registry, or confirmed).
    pub fn is_complete(&self) -> bool {
        self.address.is_some() && (self.from_registry || self.address_confirmed)
    }

    /// Whether the document has expired on `today`.
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.expiry_date < today
    }

    fn same_document(&self, other: &Citizen) -> bool {
        self.document_number == other.document_number && self.fin == other.fin
    }
}

/// How the person at the screen asked to be served: speech, its volume, large text, high
/// contrast. It belongs to the session, so the next person starts with the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// Speech mode: the screens are spoken and the idle time doubles.
    pub speech: bool,
    /// The speech volume, [`Access::MIN_VOLUME`]..=[`Access::MAX_VOLUME`].
    pub volume: u8,
    pub large_text: bool,
    pub high_contrast: bool,
}

impl Access {
    pub const MIN_VOLUME: u8 = 1;
    pub const MAX_VOLUME: u8 = 5;
    pub const DEFAULT_VOLUME: u8 = 3;
}

impl Default for Access {
    fn default() -> Self {
        Access {
            speech: false,
            volume: Access::DEFAULT_VOLUME,
            large_text: false,
            high_contrast: false,
        }
    }
}

/// What the person changed of [`Access`]; `None` leaves a setting as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccessChange {
    pub speech: Option<bool>,
    pub large_text: Option<bool>,
    pub high_contrast: Option<bool>,
    /// Louder (+1) or softer (-1), clamped.
    pub volume_step: i8,
}

/// What the registry says about a FİN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryAnswer {
    pub fin: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub address: String,
}

/// Something that happened, for the session to judge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The card reader said something; `today` is the date in Baku (for an expired document).
    Reader {
        event: ReaderEvent,
        today: NaiveDate,
    },
    /// The registry answered a [`Effect::LookUpRegistry`].
    Registry(RegistryAnswer),
    /// A touch, or "I need more time": the person is still there.
    Touch,
    /// The person chose a language.
    Language(Lang),
    /// The person changed how they are served (a touch or a key, so it also counts as one).
    Access(AccessChange),
    /// Offline, the citizen confirmed their registered address (already validated by the core)
    /// on the screen of session `generation`: an answer meant for a session that has since
    /// ended changes nothing.
    ConfirmAddress { address: String, generation: u32 },
    /// "Finish" or "Start over".
    Finish,
    /// Only time passed.
    Tick,
}

/// What the shell must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Ask the registry about this FİN, and feed the answer back as [`Input::Registry`].
    LookUpRegistry { fin: String },
    /// The session ended: the shell forgets everything about the person and, when a citizen was
    /// identified, holds back their notices not yet sent to the printer (a notice coming out
    /// after the person left would be left for the next one to pick up).
    Wiped {
        reason: EndReason,
        had_citizen: bool,
    },
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// The card was taken out.
    CardRemoved,
    /// The person pressed "finish" or "start over".
    Finished,
    /// Nobody touched the screen through the idle time and the countdown.
    Idle,
    /// Another document was read: the previous person's session ended first.
    NewCard,
}

/// Something about the card the person must be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardNotice {
    /// The card could not be read: insert it again.
    CardUnreadable,
    /// The document has expired (and the authority does not accept expired documents).
    DocumentExpired,
    /// The card reader stopped answering.
    ReaderLost,
    /// A slot that only tells presence has a card: the data must come from an MRZ read.
    CardPresent,
}

/// Where the session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nobody is at the screen.
    None,
    /// Someone touches the screen, without a card.
    Visitor,
    /// A citizen is identified and active.
    Active,
    /// Someone is there but idle: the session ends when the countdown reaches zero.
    Countdown {
        /// Whole seconds left, rounded up (15, 14, …, 1).
        seconds_left: u32,
    },
}

#[derive(Debug, Clone)]
struct Current {
    citizen: Option<Citizen>,
    last_touch: Duration,
    access: Access,
}

/// The session's state machine.
#[derive(Debug, Clone)]
pub struct CitizenSession {
    config: SessionConfig,
    now: Duration,
    current: Option<Current>,
    /// Counts sessions: the UI starts afresh whenever it changes.
    generation: u32,
    language: Lang,
    notice: Option<CardNotice>,
    ended: Option<EndReason>,
    reader_problem: Option<String>,
}

impl Default for CitizenSession {
    fn default() -> Self {
        CitizenSession::new(SessionConfig::default())
    }
}

impl CitizenSession {
    pub fn new(config: SessionConfig) -> CitizenSession {
        CitizenSession {
            config,
            now: Duration::ZERO,
            current: None,
            generation: 0,
            language: Lang::Az,
            notice: None,
            ended: None,
            reader_problem: None,
        }
    }

    /// Judges `input` at `now` (time never goes back: an earlier `now` counts as the last one).
    pub fn handle(&mut self, input: Input, now: Duration) -> Vec<Effect> {
        self.now = self.now.max(now);
        let mut effects = Vec::new();
        // Time first: a session that ran out ends before anything else is judged.
        self.expire(&mut effects);
        match input {
            Input::Reader { event, today } => self.on_reader(event, today, &mut effects),
            Input::Registry(answer) => self.fill_from_registry(answer),
            Input::Touch => self.touch(),
            Input::Language(lang) => {
                self.touch();
                self.language = lang;
            }
            Input::Access(change) => {
                self.touch();
                if let Some(current) = &mut self.current {
                    current.access = apply_access(current.access, change);
                }
            }
            Input::ConfirmAddress {
                address,
                generation,
            } => {
                if generation != self.generation {
                    return effects;
                }
                if let Some(citizen) = self.citizen_mut() {
                    citizen.address = Some(address);
                    citizen.address_confirmed = true;
                    self.touch();
                }
            }
            Input::Finish => self.end(EndReason::Finished, &mut effects),
            Input::Tick => {}
        }
        effects
    }

    /// When the machine next needs [`Input::Tick`]: the start of the countdown, each of its
    /// seconds, and its end. `None` while nobody is at the screen.
    pub fn poll_timeout(&self) -> Option<Duration> {
        let current = self.current.as_ref()?;
        let countdown_at = current.last_touch + self.idle();
        if self.now < countdown_at {
            return Some(countdown_at);
        }
        // Both are later than now: the next whole second of the countdown, and its end (a
        // session past its end has already ended in `handle`).
        let next_second =
            countdown_at + Duration::from_secs((self.now - countdown_at).as_secs() + 1);
        Some(next_second.min(countdown_at + self.config.countdown))
    }

    /// The phase at the last time seen.
    pub fn phase(&self) -> Phase {
        let Some(current) = &self.current else {
            return Phase::None;
        };
        let idle_for = self.now.saturating_sub(current.last_touch);
        if idle_for < self.idle() {
            return match current.citizen {
                Some(_) => Phase::Active,
                None => Phase::Visitor,
            };
        }
        let left = self.config.countdown.saturating_sub(idle_for - self.idle());
        Phase::Countdown {
            seconds_left: u32::try_from(left.as_millis().div_ceil(1000)).unwrap_or(u32::MAX),
        }
    }

    /// How the person at the screen is served; the defaults when nobody is there.
    pub fn access(&self) -> Access {
        self.current.as_ref().map(|c| c.access).unwrap_or_default()
    }

    /// The time without a touch before the countdown: doubled in speech mode, where every
    /// screen is listened to before anything is pressed (49 CFR 27.71, EN 301 549 §5.1.3.14).
    fn idle(&self) -> Duration {
        if self.access().speech {
            self.config.idle * 2
        } else {
            self.config.idle
        }
    }

    /// The citizen at the screen, if identified.
    pub fn citizen(&self) -> Option<&Citizen> {
        self.current.as_ref()?.citizen.as_ref()
    }

    /// The person's language; Azerbaijani when nobody is there.
    pub fn language(&self) -> Lang {
        self.language
    }

    /// Changes whenever a session starts, so the screens know to start afresh.
    pub fn generation(&self) -> u32 {
        self.generation
    }

    /// Why the last session ended, until the next one starts.
    pub fn ended(&self) -> Option<EndReason> {
        self.ended
    }

    pub fn notice(&self) -> Option<CardNotice> {
        self.notice
    }

    /// The reader's problem, for the receptionist.
    pub fn reader_problem(&self) -> Option<&str> {
        self.reader_problem.as_deref()
    }

    fn citizen_mut(&mut self) -> Option<&mut Citizen> {
        self.current.as_mut()?.citizen.as_mut()
    }

    fn begin(&mut self, citizen: Option<Citizen>) {
        self.generation = self.generation.wrapping_add(1);
        self.ended = None;
        // What the last person was told is not the next one's business; a lost reader still is.
        self.notice = self.notice.filter(|n| *n == CardNotice::ReaderLost);
        self.current = Some(Current {
            citizen,
            last_touch: self.now,
            access: Access::default(),
        });
    }

    fn touch(&mut self) {
        match &mut self.current {
            Some(current) => current.last_touch = self.now,
            None => self.begin(None),
        }
    }

    fn expire(&mut self, effects: &mut Vec<Effect>) {
        let Some(current) = &self.current else { return };
        let idle_for = self.now.saturating_sub(current.last_touch);
        if idle_for >= self.idle() + self.config.countdown {
            self.end(EndReason::Idle, effects);
        }
    }

    fn end(&mut self, reason: EndReason, effects: &mut Vec<Effect>) {
        let Some(current) = self.current.take() else {
            return;
        };
        self.language = Lang::Az;
        self.notice = self.notice.filter(|n| *n == CardNotice::ReaderLost);
        self.ended = Some(reason);
        effects.push(Effect::Wiped {
            reason,
            had_citizen: current.citizen.is_some(),
        });
    }

    fn on_reader(&mut self, event: ReaderEvent, today: NaiveDate, effects: &mut Vec<Effect>) {
        match event {
            ReaderEvent::Card(CardRead::Mrz(mrz)) => {
                let citizen = Citizen::from_mrz(&mrz);
                if let Some(current) = &mut self.current {
                    match &current.citizen {
                        Some(c) if c.same_document(&citizen) => {
                            current.last_touch = self.now;
                            return;
                        }
                        // Another document: the previous person's session ends first, language
                        // and all, whether or not this one may start a session.
                        Some(_) => self.end(EndReason::NewCard, effects),
                        // A visitor who chose a language, then inserted their card.
                        None => {}
                    }
                }
                if citizen.is_expired(today) && !self.config.accept_expired {
                    self.notice = Some(CardNotice::DocumentExpired);
                    return;
                }
                self.notice = None;
                if let Some(fin) = &citizen.fin {
                    effects.push(Effect::LookUpRegistry { fin: fin.clone() });
                }
                match &mut self.current {
                    Some(current) => {
                        current.citizen = Some(citizen);
                        current.last_touch = self.now;
                    }
                    None => {
                        let ended = self.ended;
                        self.begin(Some(citizen));
                        // Kept once so that the screens can say why the last one ended.
                        if ended == Some(EndReason::NewCard) {
                            self.ended = ended;
                        }
                    }
                }
            }
            ReaderEvent::Card(CardRead::Unreadable(_)) => {
                self.notice = Some(CardNotice::CardUnreadable);
            }
            ReaderEvent::Card(CardRead::Present) => self.notice = Some(CardNotice::CardPresent),
            ReaderEvent::Removed => {
                if self.citizen().is_some() {
                    self.end(EndReason::CardRemoved, effects);
                }
            }
            ReaderEvent::Connected => {
                self.reader_problem = None;
                if self.notice == Some(CardNotice::ReaderLost) {
                    self.notice = None;
                }
            }
            ReaderEvent::Lost(reason) => {
                self.reader_problem = Some(reason);
                self.notice = Some(CardNotice::ReaderLost);
            }
        }
    }

    fn fill_from_registry(&mut self, answer: RegistryAnswer) {
        // The answer may arrive after the card was swapped: only the same person is filled.
        let Some(c) = self.citizen_mut() else { return };
        if c.fin.as_deref() != Some(answer.fin.as_str()) {
            return;
        }
        c.full_name = answer.full_name;
        c.birth_date = answer.birth_date;
        c.address = Some(answer.address);
        c.from_registry = true;
    }
}

fn apply_access(access: Access, change: AccessChange) -> Access {
    let volume = (i16::from(access.volume) + i16::from(change.volume_step))
        .clamp(i16::from(Access::MIN_VOLUME), i16::from(Access::MAX_VOLUME));
    Access {
        speech: change.speech.unwrap_or(access.speech),
        volume: u8::try_from(volume).unwrap_or(Access::DEFAULT_VOLUME),
        large_text: change.large_text.unwrap_or(access.large_text),
        high_contrast: change.high_contrast.unwrap_or(access.high_contrast),
    }
}

impl std::fmt::Display for EndReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EndReason::CardRemoved => "card removed",
            EndReason::Finished => "finished",
            EndReason::Idle => "idle",
            EndReason::NewCard => "another card",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qebul_idcard::Mrz;

    const fn s(secs: u64) -> Duration {
        Duration::from_secs(secs)
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    /// A TD1 MRZ from the idcard crate's own test data shape.
    fn mrz(number: &str, fin: &str, expiry: NaiveDate) -> Mrz {
        Mrz {
            format: MrzFormat::Td1,
            document_code: "ID".into(),
            issuing_state: "AZE".into(),
            document_number: number.into(),
            surname: "ABDULLAYEVA".into(),
            given_names: "GOHAR".into(),
            nationality: "AZE".into(),
            birth_date: NaiveDate::from_ymd_opt(1980, 3, 5).unwrap(),
            sex: qebul_idcard::mrz::Sex::Female,
            expiry_date: expiry,
            optional_data: String::new(),
            fin: Some(fin.into()),
            corrections: Vec::new(),
        }
    }

    fn card(number: &str) -> Input {
        let expiry = NaiveDate::from_ymd_opt(2031, 6, 30).unwrap();
        Input::Reader {
            event: ReaderEvent::Card(CardRead::Mrz(Box::new(mrz(number, "5ZK7Q2M", expiry)))),
            today: today(),
        }
    }

    fn removed() -> Input {
        Input::Reader {
            event: ReaderEvent::Removed,
            today: today(),
        }
    }

    fn wiped(reason: EndReason, had_citizen: bool) -> Vec<Effect> {
        vec![Effect::Wiped {
            reason,
            had_citizen,
        }]
    }

    #[test]
    fn idle_for_90_s_counts_down_15_s_then_wipes() {
        let mut session = CitizenSession::default();
        assert_eq!(session.phase(), Phase::None);
        assert_eq!(session.poll_timeout(), None, "nobody there: no timer");
        let effects = session.handle(card("AA1234567"), s(10));
        assert_eq!(
            effects,
            vec![Effect::LookUpRegistry {
                fin: "5ZK7Q2M".into()
            }]
        );
        assert_eq!(session.poll_timeout(), Some(s(100)));
        assert!(session.handle(Input::Tick, s(99)).is_empty());
        assert_eq!(session.phase(), Phase::Active);
        session.handle(Input::Tick, s(100));
        assert_eq!(session.phase(), Phase::Countdown { seconds_left: 15 });
        assert_eq!(session.poll_timeout(), Some(s(101)), "each second shows");
        session.handle(Input::Tick, s(100) + Duration::from_millis(1));
        assert_eq!(session.phase(), Phase::Countdown { seconds_left: 15 });
        session.handle(Input::Tick, s(114));
        assert_eq!(session.phase(), Phase::Countdown { seconds_left: 1 });
        assert_eq!(session.poll_timeout(), Some(s(115)));
        assert_eq!(
            session.handle(Input::Tick, s(115)),
            wiped(EndReason::Idle, true)
        );
        assert_eq!(session.phase(), Phase::None);
        assert!(session.citizen().is_none());
        assert_eq!(session.ended(), Some(EndReason::Idle));
        assert!(session.handle(Input::Tick, s(200)).is_empty(), "ends once");
    }

    #[test]
    fn the_next_timeout_is_always_later_than_now_even_for_a_countdown_of_odd_length() {
        let mut session = CitizenSession::new(SessionConfig {
            idle: Duration::from_millis(300),
            countdown: Duration::from_millis(1500),
            accept_expired: false,
        });
        session.handle(Input::Touch, s(0));
        let mut now = Duration::ZERO;
        let mut ticks = 0;
        while let Some(at) = session.poll_timeout() {
            assert!(
                at > now,
                "{at:?} is not after {now:?}: the driver would spin"
            );
            now = at;
            session.handle(Input::Tick, now);
            ticks += 1;
            assert!(ticks < 10, "the countdown never ends");
        }
        assert_eq!(
            now,
            Duration::from_millis(1800),
            "it ends exactly at idle + countdown"
        );
        assert_eq!(session.ended(), Some(EndReason::Idle));
    }

    #[test]
    fn a_late_tick_still_ends_the_session_before_anything_else() {
        let mut session = CitizenSession::default();
        session.handle(card("AA1234567"), s(0));
        // The kiosk was busy; the next thing it hears is a touch, long after the end.
        assert_eq!(
            session.handle(Input::Touch, s(500)),
            wiped(EndReason::Idle, true)
        );
        assert!(session.citizen().is_none(), "the touch is a new visitor's");
        assert_eq!(session.phase(), Phase::Visitor);
    }

    #[test]
    fn i_need_more_time_restarts_the_idle_time() {
        let mut session = CitizenSession::default();
        session.handle(card("AA1234567"), s(0));
        session.handle(Input::Tick, s(95));
        assert!(matches!(session.phase(), Phase::Countdown { .. }));
        session.handle(Input::Touch, s(95));
        session.handle(Input::Tick, s(184));
        assert_eq!(session.phase(), Phase::Active);
        assert!(session.citizen().is_some());
    }

    #[test]
    fn a_visitor_without_a_card_gets_the_same_idle_wipe_and_their_language_goes() {
        let mut session = CitizenSession::default();
        let first = session.generation();
        assert!(session.handle(Input::Language(Lang::Ru), s(0)).is_empty());
        assert_eq!(session.phase(), Phase::Visitor);
        assert_eq!(session.language(), Lang::Ru);
        assert_ne!(session.generation(), first, "a new session started");
        assert_eq!(
            session.handle(Input::Tick, s(105)),
            wiped(EndReason::Idle, false)
        );
        assert_eq!(session.language(), Lang::Az, "back to Azerbaijani");
    }

    #[test]
    fn a_language_chosen_before_the_card_stays_with_the_citizen() {
        let mut session = CitizenSession::default();
        session.handle(Input::Language(Lang::En), s(0));
        let generation = session.generation();
        session.handle(card("AA1234567"), s(3));
        assert_eq!(session.language(), Lang::En);
        assert_eq!(session.generation(), generation, "the same person");
        assert_eq!(session.phase(), Phase::Active);
    }

    #[test]
    fn removal_finish_and_another_card_end_the_session() {
        let mut session = CitizenSession::default();
        assert!(session.handle(removed(), s(0)).is_empty(), "nothing to end");
        session.handle(card("AA1234567"), s(0));
        session.handle(Input::Language(Lang::Ru), s(1));
        assert_eq!(
            session.handle(removed(), s(2)),
            wiped(EndReason::CardRemoved, true)
        );
        assert!(session.citizen().is_none());
        assert_eq!(session.language(), Lang::Az);

        session.handle(card("AA1234567"), s(3));
        session.handle(Input::Language(Lang::Ru), s(4));
        let generation = session.generation();
        assert!(
            session.handle(card("AA1234567"), s(50)).is_empty(),
            "the same card again is a touch"
        );
        let effects = session.handle(card("AA7654321"), s(60));
        assert_eq!(effects[0], wiped(EndReason::NewCard, true)[0]);
        assert_ne!(session.generation(), generation, "the screens start afresh");
        assert_eq!(session.language(), Lang::Az, "not the previous person's");
        assert_eq!(session.ended(), Some(EndReason::NewCard));
        assert_eq!(session.citizen().unwrap().document_number, "AA7654321");
        assert_eq!(
            session.handle(Input::Finish, s(61)),
            wiped(EndReason::Finished, true)
        );
        assert!(session.handle(Input::Finish, s(62)).is_empty());
    }

    #[test]
    fn an_expired_document_is_told_and_starts_nothing_unless_the_authority_accepts_it() {
        let expired = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let read = Input::Reader {
            event: ReaderEvent::Card(CardRead::Mrz(Box::new(mrz(
                "AA1234567",
                "5ZK7Q2M",
                expired,
            )))),
            today: today(),
        };
        let mut session = CitizenSession::default();
        assert!(session.handle(read.clone(), s(0)).is_empty());
        assert_eq!(session.notice(), Some(CardNotice::DocumentExpired));
        assert!(session.citizen().is_none());

        let mut lenient = CitizenSession::new(SessionConfig {
            accept_expired: true,
            ..SessionConfig::default()
        });
        lenient.handle(read, s(0));
        assert!(lenient.citizen().is_some());
        assert_eq!(lenient.notice(), None);
    }

    #[test]
    fn the_registry_fills_only_the_same_person_and_offline_needs_a_confirmed_address() {
        let mut session = CitizenSession::default();
        session.handle(card("AA1234567"), s(0));
        assert!(!session.citizen().unwrap().is_complete());
        let born = NaiveDate::from_ymd_opt(1980, 3, 5).unwrap();
        session.handle(
            Input::Registry(RegistryAnswer {
                fin: "2HQ9R4T".into(),
                full_name: "ƏLİYEV".into(),
                birth_date: born,
                address: "x".into(),
            }),
            s(1),
        );
        assert_eq!(session.citizen().unwrap().full_name, "ABDULLAYEVA GOHAR");
        session.handle(
            Input::Registry(RegistryAnswer {
                fin: "5ZK7Q2M".into(),
                full_name: "ABDULLAYEVA GÖHƏR NOVRUZ QIZI".into(),
                birth_date: born,
                address: "Biləsuvar şəhəri".into(),
            }),
            s(1),
        );
        let c = session.citizen().unwrap();
        assert_eq!(c.full_name, "ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
        assert!(c.is_complete());

        let confirm = |generation| Input::ConfirmAddress {
            address: "Bəydili kəndi".into(),
            generation,
        };
        let previous = session.generation();
        session.handle(Input::Finish, s(2));
        session.handle(confirm(previous), s(2));
        assert!(session.citizen().is_none(), "no citizen, nothing confirmed");
        session.handle(card("AA7654321"), s(3));
        assert!(!session.citizen().unwrap().is_complete());
        session.handle(confirm(previous), s(4));
        assert!(
            !session.citizen().unwrap().is_complete(),
            "typed for the previous person: not this one's address"
        );
        session.handle(confirm(session.generation()), s(4));
        assert!(session.citizen().unwrap().is_complete());
    }

    #[test]
    fn an_expired_document_of_someone_else_ends_the_session_left_open() {
        let mut session = CitizenSession::default();
        session.handle(card("AA1234567"), s(0));
        session.handle(Input::Language(Lang::Ru), s(1));
        let expired = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let read = Input::Reader {
            event: ReaderEvent::Card(CardRead::Mrz(Box::new(mrz(
                "AB7654321",
                "2HQ9R4T",
                expired,
            )))),
            today: today(),
        };
        assert_eq!(session.handle(read, s(30)), wiped(EndReason::NewCard, true));
        assert!(session.citizen().is_none(), "nobody's data on the screen");
        assert_eq!(session.language(), Lang::Az);
        assert_eq!(session.notice(), Some(CardNotice::DocumentExpired));
        // The next person who touches the screen is not told about that document.
        session.handle(Input::Touch, s(40));
        assert_eq!(session.notice(), None);
    }

    #[test]
    fn reader_trouble_is_told_and_cleared() {
        let mut session = CitizenSession::default();
        let event = |event| Input::Reader {
            event,
            today: today(),
        };
        session.handle(event(ReaderEvent::Lost("unplugged".into())), s(0));
        assert_eq!(session.notice(), Some(CardNotice::ReaderLost));
        assert_eq!(session.reader_problem(), Some("unplugged"));
        session.handle(event(ReaderEvent::Connected), s(1));
        assert_eq!((session.notice(), session.reader_problem()), (None, None));
        session.handle(
            event(ReaderEvent::Card(CardRead::Unreadable(
                qebul_idcard::MrzError::Empty,
            ))),
            s(2),
        );
        assert_eq!(session.notice(), Some(CardNotice::CardUnreadable));

        // A lost reader is still lost for the next person.
        session.handle(event(ReaderEvent::Lost("unplugged".into())), s(3));
        session.handle(Input::Touch, s(4));
        session.handle(Input::Finish, s(5));
        assert_eq!(session.notice(), Some(CardNotice::ReaderLost));
    }

    fn speech_on() -> Input {
        Input::Access(AccessChange {
            speech: Some(true),
            ..AccessChange::default()
        })
    }

    #[test]
    fn turning_speech_on_starts_a_session_and_doubles_the_idle_time_only() {
        let mut session = CitizenSession::default();
        session.handle(speech_on(), s(0));
        assert_eq!(
            session.phase(),
            Phase::Visitor,
            "a key on the keypad is someone there"
        );
        assert!(session.access().speech);
        session.handle(Input::Tick, s(179));
        assert_eq!(
            session.phase(),
            Phase::Visitor,
            "180 s before the countdown"
        );
        session.handle(Input::Tick, s(180));
        assert_eq!(
            session.phase(),
            Phase::Countdown { seconds_left: 15 },
            "the countdown itself is not longer"
        );
        let effects = session.handle(Input::Tick, s(195));
        assert_eq!(effects, wiped(EndReason::Idle, false));

        // Without speech, the usual 90 s.
        session.handle(Input::Touch, s(200));
        session.handle(Input::Tick, s(290));
        assert_eq!(session.phase(), Phase::Countdown { seconds_left: 15 });
    }

    #[test]
    fn access_is_the_sessions_and_the_next_person_starts_plain() {
        let mut session = CitizenSession::default();
        assert_eq!(
            session.access(),
            Access::default(),
            "nobody there: the defaults"
        );
        session.handle(card("AA1234567"), s(0));
        session.handle(
            Input::Access(AccessChange {
                speech: Some(true),
                large_text: Some(true),
                high_contrast: Some(true),
                volume_step: 1,
            }),
            s(1),
        );
        let louder = session.access();
        assert_eq!(
            louder,
            Access {
                speech: true,
                volume: 4,
                large_text: true,
                high_contrast: true
            }
        );
        // A change of one setting leaves the others.
        session.handle(
            Input::Access(AccessChange {
                large_text: Some(false),
                ..AccessChange::default()
            }),
            s(2),
        );
        assert_eq!(
            session.access(),
            Access {
                large_text: false,
                ..louder
            }
        );
        // Taken to the card: inserting it after turning speech on keeps speech on.
        session.handle(removed(), s(3));
        assert_eq!(session.access(), Access::default(), "card out: reset");
        session.handle(speech_on(), s(4));
        session.handle(card("AA1234567"), s(5));
        assert!(
            session.access().speech,
            "the visitor's settings go on with their card"
        );
        session.handle(card("BB7654321"), s(6));
        assert_eq!(session.access(), Access::default(), "another person: reset");
    }

    #[test]
    fn the_volume_stays_within_its_levels() {
        let mut session = CitizenSession::default();
        let step = |volume_step| {
            Input::Access(AccessChange {
                volume_step,
                ..AccessChange::default()
            })
        };
        for t in 0..10 {
            session.handle(step(1), s(t));
        }
        assert_eq!(session.access().volume, Access::MAX_VOLUME);
        for t in 10..20 {
            session.handle(step(-1), s(t));
        }
        assert_eq!(session.access().volume, Access::MIN_VOLUME);
    }
}
