//! The citizen's session (pure): who is at the kiosk, and when their data must go.
//!
//! A card read starts a session; the card taken out (on a reader that can tell), "finish", or
//! idleness ends it: [`IDLE`] without a touch starts a visible [`COUNTDOWN`], and when that runs
//! out the session ends. Ending means the shell wipes everything it holds about the citizen; this
//! type holds nothing after [`CitizenSession::end`] either.
//!
//! Time is passed in as [`Duration`]s since any fixed origin (the shell uses a monotonic clock),
//! so the rules are tested without waiting.

use std::time::Duration;

use chrono::NaiveDate;

use crate::mrz::{Mrz, MrzFormat};

/// How long a session waits for a touch before the countdown starts.
pub const IDLE: Duration = Duration::from_secs(90);
/// How long the visible countdown lasts before the session ends.
pub const COUNTDOWN: Duration = Duration::from_secs(15);

/// The kind of identity document read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// Şəxsiyyət vəsiqəsi (TD1).
    IdCard,
    /// Pasport (TD3).
    Passport,
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
    /// The registered address: from the registry, or typed/confirmed by the citizen offline.
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
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// The card was taken out.
    CardRemoved,
    /// The citizen pressed "finish".
    Finished,
    /// Nobody touched the screen through the idle time and the countdown.
    Idle,
    /// Another document was read: the previous person's session ends first.
    NewCard,
}

/// Where the session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nobody is identified.
    Empty,
    /// A citizen is identified and active.
    Active,
    /// A citizen is identified but idle: the session ends when the countdown reaches zero.
    Countdown {
        /// Whole seconds left, rounded up (15, 14, …, 1).
        seconds_left: u64,
    },
}

/// The session's state machine.
#[derive(Debug, Clone)]
pub struct CitizenSession {
    idle: Duration,
    countdown: Duration,
    current: Option<Current>,
}

#[derive(Debug, Clone)]
struct Current {
    citizen: Citizen,
    last_touch: Duration,
}

impl Default for CitizenSession {
    fn default() -> Self {
        CitizenSession::new(IDLE, COUNTDOWN)
    }
}

impl CitizenSession {
    /// A session machine with these times (the kiosk's configuration; defaults 90 s and 15 s).
    pub fn new(idle: Duration, countdown: Duration) -> CitizenSession {
        CitizenSession {
            idle,
            countdown,
            current: None,
        }
    }

    /// The citizen at the screen, if any.
    pub fn citizen(&self) -> Option<&Citizen> {
        self.current.as_ref().map(|c| &c.citizen)
    }

    /// A document was read at `now`. Returns why the previous session ended, if a different
    /// document replaced it (the same document read again only counts as a touch).
    pub fn card_read(&mut self, citizen: Citizen, now: Duration) -> Option<EndReason> {
        if let Some(current) = &mut self.current {
            if current.citizen.document_number == citizen.document_number
                && current.citizen.fin == citizen.fin
            {
                current.last_touch = now;
                return None;
            }
        }
        let ended = self.current.take().map(|_| EndReason::NewCard);
        self.current = Some(Current {
            citizen,
            last_touch: now,
        });
        ended
    }

    /// Fills in what the registry says about the current citizen, if it is the same person
    /// (the answer may arrive after the card was swapped).
    pub fn fill_from_registry(
        &mut self,
        fin: &str,
        full_name: String,
        birth_date: NaiveDate,
        address: String,
    ) -> bool {
        let Some(current) = &mut self.current else {
            return false;
        };
        if current.citizen.fin.as_deref() != Some(fin) {
            return false;
        }
        let c = &mut current.citizen;
        c.full_name = full_name;
        c.birth_date = birth_date;
        c.address = Some(address);
        c.from_registry = true;
        true
    }

    /// The citizen confirmed (or typed) their address, offline.
    pub fn confirm_address(&mut self, address: String, now: Duration) -> bool {
        let Some(current) = &mut self.current else {
            return false;
        };
        current.citizen.address = Some(address);
        current.citizen.address_confirmed = true;
        current.last_touch = now;
        true
    }

    /// A touch (or "I need more time"): the person is still there.
    pub fn touch(&mut self, now: Duration) {
        if let Some(current) = &mut self.current {
            current.last_touch = now;
        }
    }

    /// The card was taken out of a reader that can tell.
    pub fn card_removed(&mut self) -> Option<EndReason> {
        self.end(EndReason::CardRemoved)
    }

    /// The citizen pressed "finish".
    pub fn finish(&mut self) -> Option<EndReason> {
        self.end(EndReason::Finished)
    }

    /// The phase at `now`; ends the session (returning why) once the countdown has run out.
    pub fn tick(&mut self, now: Duration) -> (Phase, Option<EndReason>) {
        let Some(current) = &self.current else {
            return (Phase::Empty, None);
        };
        let idle_for = now.saturating_sub(current.last_touch);
        if idle_for < self.idle {
            return (Phase::Active, None);
        }
        let into_countdown = idle_for - self.idle;
        if into_countdown >= self.countdown {
            return (Phase::Empty, self.end(EndReason::Idle));
        }
        let left = self.countdown - into_countdown;
        let seconds_left = left.as_millis().div_ceil(1000) as u64;
        (Phase::Countdown { seconds_left }, None)
    }

    /// Ends the session now, forgetting the citizen; `None` if there was none.
    pub fn end(&mut self, reason: EndReason) -> Option<EndReason> {
        self.current.take().map(|_| reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citizen(number: &str) -> Citizen {
        Citizen {
            document_kind: DocumentKind::IdCard,
            document_number: number.into(),
            fin: Some("5ZK7Q2M".into()),
            full_name: "ABDULLAYEVA GOHAR".into(),
            birth_date: NaiveDate::from_ymd_opt(1980, 3, 5).unwrap(),
            expiry_date: NaiveDate::from_ymd_opt(2031, 6, 30).unwrap(),
            address: None,
            from_registry: false,
            address_confirmed: false,
        }
    }

    const fn s(secs: u64) -> Duration {
        Duration::from_secs(secs)
    }

    #[test]
    fn idle_for_90_s_counts_down_15_s_then_ends() {
        let mut session = CitizenSession::default();
        assert_eq!(session.tick(s(0)), (Phase::Empty, None));
        assert_eq!(session.card_read(citizen("AA1234567"), s(10)), None);
        assert_eq!(session.tick(s(99)), (Phase::Active, None));
        assert_eq!(
            session.tick(s(100)),
            (Phase::Countdown { seconds_left: 15 }, None)
        );
        assert_eq!(
            session.tick(s(100) + Duration::from_millis(1)),
            (Phase::Countdown { seconds_left: 15 }, None)
        );
        assert_eq!(
            session.tick(s(114)),
            (Phase::Countdown { seconds_left: 1 }, None)
        );
        assert_eq!(session.tick(s(115)), (Phase::Empty, Some(EndReason::Idle)));
        assert!(session.citizen().is_none());
        assert_eq!(session.tick(s(200)), (Phase::Empty, None), "ends once");
    }

    #[test]
    fn i_need_more_time_restarts_the_idle_time() {
        let mut session = CitizenSession::default();
        session.card_read(citizen("AA1234567"), s(0));
        assert!(matches!(session.tick(s(95)).0, Phase::Countdown { .. }));
        session.touch(s(95));
        assert_eq!(session.tick(s(184)), (Phase::Active, None));
        assert!(session.citizen().is_some());
    }

    #[test]
    fn removal_finish_and_another_card_end_the_session() {
        let mut session = CitizenSession::default();
        assert_eq!(session.card_removed(), None, "nothing to end");
        session.card_read(citizen("AA1234567"), s(0));
        assert_eq!(session.card_removed(), Some(EndReason::CardRemoved));
        assert!(session.citizen().is_none());

        session.card_read(citizen("AA1234567"), s(0));
        assert_eq!(
            session.card_read(citizen("AA1234567"), s(50)),
            None,
            "same card"
        );
        assert_eq!(
            session.card_read(citizen("AA7654321"), s(60)),
            Some(EndReason::NewCard)
        );
        assert_eq!(session.citizen().unwrap().document_number, "AA7654321");
        assert_eq!(session.finish(), Some(EndReason::Finished));
        assert_eq!(session.finish(), None);
    }

    #[test]
    fn the_registry_fills_only_the_same_person_and_offline_needs_a_confirmed_address() {
        let mut session = CitizenSession::default();
        session.card_read(citizen("AA1234567"), s(0));
        assert!(!session.citizen().unwrap().is_complete());
        let born = NaiveDate::from_ymd_opt(1980, 3, 5).unwrap();
        assert!(!session.fill_from_registry("2HQ9R4T", "ƏLİYEV".into(), born, "x".into()));
        assert!(session.fill_from_registry(
            "5ZK7Q2M",
            "ABDULLAYEVA GÖHƏR NOVRUZ QIZI".into(),
            born,
            "Biləsuvar şəhəri".into()
        ));
        let c = session.citizen().unwrap();
        assert_eq!(c.full_name, "ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
        assert!(c.is_complete());

        session.card_read(citizen("AA7654321"), s(1));
        assert!(!session.citizen().unwrap().is_complete());
        assert!(session.confirm_address("Bəydili kəndi".into(), s(2)));
        assert!(session.citizen().unwrap().is_complete());
    }

    #[test]
    fn an_expired_document_is_reported_not_refused() {
        let c = citizen("AA1234567");
        assert!(!c.is_expired(NaiveDate::from_ymd_opt(2031, 6, 30).unwrap()));
        assert!(c.is_expired(NaiveDate::from_ymd_opt(2031, 7, 1).unwrap()));
    }
}
