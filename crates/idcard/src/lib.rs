//! ID cards (şəxsiyyət vəsiqəsi): what the kiosk reads from one, the card-reader trait and the
//! readers behind it.
//!
//! Every reader implements [`CardReader`] and reports [`ReaderEvent`]s; none panics or blocks
//! past the wait it is given, and each recovers by itself from an unplugged device or a stopped
//! service ([`ReaderEvent::Lost`], then [`ReaderEvent::Connected`]):
//!
//! * [`SerialReader`]: a document scanner on a serial or USB-CDC port that sends the MRZ as text;
//! * [`WedgeReader`]: a scanner that types the MRZ into the UI like a keyboard;
//! * [`PcscReader`]: a PC/SC card slot, for card presence (the chip is not read);
//! * [`SimulatedCardReader`]: demo citizens, driven by the demo and the tests through a
//!   [`SimulatorControl`].
//!
//! ```
//! use std::time::Duration;
//! use qebul_idcard::{CardRead, CardReader, ReaderEvent, SimulatedCardReader};
//!
//! let mut reader = SimulatedCardReader::demo().expect("demo citizens");
//! let control = reader.control();
//! assert_eq!(reader.next_event(Duration::ZERO), None);
//! control.insert(0).expect("citizen 0 exists");
//! let event = reader.next_event(Duration::from_secs(1));
//! assert!(matches!(event, Some(ReaderEvent::Card(CardRead::Mrz(_)))));
//! control.remove();
//! assert_eq!(reader.next_event(Duration::from_secs(1)), Some(ReaderEvent::Removed));
//! ```

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod mrz;
pub mod pcsc;
pub mod reader;
pub mod serial;
mod spec;
pub mod wedge;

pub use crate::pcsc::{PcscConfig, PcscReader};
pub use mrz::{Mrz, MrzError};
pub use reader::{CardRead, CardReader, ReaderEvent};
pub use serial::{SerialConfig, SerialError, SerialReader};
pub use spec::{BadReaderSpec, ReaderSpec};
pub use wedge::{MrzAssembler, WedgeClosed, WedgeInput, WedgeReader};

const DEMO_CITIZENS: &str = include_str!("../demo/citizens.json");

/// What the kiosk takes from an ID card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardHolder {
    pub document_number: String,
    /// FİN: the 7-character personal identification number.
    pub fin: String,
    pub surname: String,
    pub given_names: String,
    /// "NOVRUZ QIZI": father's name with oğlu/qızı.
    pub patronymic: String,
    pub birth_date: NaiveDate,
    pub expiry_date: NaiveDate,
}

impl CardHolder {
    /// `SOYAD AD ATA-ADI OĞLU|QIZI`, as notices write it.
    pub fn full_name(&self) -> String {
        [&self.surname, &self.given_names, &self.patronymic]
            .into_iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether the card is still valid on `today` (the caller reads the clock).
    pub fn is_valid_on(&self, today: NaiveDate) -> bool {
        today <= self.expiry_date
    }
}

/// Today's date, as a reader needs it to check a card's expiry. Readers take one so that tests
/// (and the kiosk, which works in Asia/Baku time) choose the clock.
pub type Clock = Box<dyn Fn() -> NaiveDate + Send>;

/// The machine's local date.
pub fn system_clock() -> Clock {
    Box::new(|| chrono::Local::now().date_naive())
}

/// The event for an MRZ candidate: parsed, or refused with the parser's reason.
pub(crate) fn card_event(text: &str, clock: &Clock) -> ReaderEvent {
    ReaderEvent::Card(match mrz::parse(text, clock()) {
        Ok(mrz) => CardRead::Mrz(Box::new(mrz)),
        Err(err) => CardRead::Unreadable(err),
    })
}

/// A reader could not be set up or driven.
#[derive(Debug, thiserror::Error)]
pub enum ReaderError {
    #[error("the card reader is not connected")]
    Disconnected,
    #[error("there is no demo citizen number {index}: the simulated reader holds {count}")]
    NoSuchCitizen { index: usize, count: usize },
    #[error("the demo citizen list is unreadable: {0}")]
    BadCitizenList(#[from] serde_json::Error),
}

/// What the simulator's controls queue for the reader.
#[derive(Debug)]
enum SimEvent {
    Card(usize),
    Other(ReaderEvent),
}

#[derive(Debug, Default)]
struct SimState {
    queue: VecDeque<SimEvent>,
    inserted: Option<usize>,
    unplugged: bool,
}

#[derive(Debug, Default)]
struct SimShared {
    state: Mutex<SimState>,
    changed: Condvar,
}

impl SimShared {
    /// The state, even if a thread panicked while holding it (it stays consistent: every
    /// change is a single push or assignment).
    fn lock(&self) -> MutexGuard<'_, SimState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A reader with a list of demo citizens. The demo and the tests "insert" one of them through a
/// [`SimulatorControl`] (from any thread) and the reader reports it as an MRZ read, as a real
/// document reader would; it also reports removal, like a card slot.
pub struct SimulatedCardReader {
    citizens: Arc<Vec<CardHolder>>,
    shared: Arc<SimShared>,
    clock: Clock,
}

impl std::fmt::Debug for SimulatedCardReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimulatedCardReader")
            .field("citizens", &self.citizens.len())
            .field("state", &*self.shared.lock())
            .finish_non_exhaustive()
    }
}

/// Drives a [`SimulatedCardReader`] from another thread (a Tauri command, a test).
#[derive(Debug, Clone)]
pub struct SimulatorControl {
    citizens: Arc<Vec<CardHolder>>,
    shared: Arc<SimShared>,
}

impl SimulatorControl {
    /// Puts demo citizen `index`'s card on the reader (taking out the one there, if any).
    pub fn insert(&self, index: usize) -> Result<(), ReaderError> {
        if index >= self.citizens.len() {
            return Err(ReaderError::NoSuchCitizen {
                index,
                count: self.citizens.len(),
            });
        }
        let mut state = self.shared.lock();
        if state.unplugged {
            return Err(ReaderError::Disconnected);
        }
        if state.inserted.take().is_some() {
            state.queue.push_back(SimEvent::Other(ReaderEvent::Removed));
        }
        state.inserted = Some(index);
        state.queue.push_back(SimEvent::Card(index));
        self.shared.changed.notify_all();
        Ok(())
    }

    /// Takes the card out (nothing happens if there is none).
    pub fn remove(&self) {
        let mut state = self.shared.lock();
        if state.inserted.take().is_some() {
            state.queue.push_back(SimEvent::Other(ReaderEvent::Removed));
            self.shared.changed.notify_all();
        }
    }

    /// Unplugs the reader: the card (if any) is gone and the reader is lost until
    /// [`SimulatorControl::replug`].
    pub fn unplug(&self) {
        let mut state = self.shared.lock();
        if state.unplugged {
            return;
        }
        if state.inserted.take().is_some() {
            state.queue.push_back(SimEvent::Other(ReaderEvent::Removed));
        }
        state.unplugged = true;
        state.queue.push_back(SimEvent::Other(ReaderEvent::Lost(
            "the simulated card reader is unplugged; plug it back in".into(),
        )));
        self.shared.changed.notify_all();
    }

    /// Plugs the reader back in.
    pub fn replug(&self) {
        let mut state = self.shared.lock();
        if state.unplugged {
            state.unplugged = false;
            state
                .queue
                .push_back(SimEvent::Other(ReaderEvent::Connected));
            self.shared.changed.notify_all();
        }
    }

    /// The citizen whose card is on the reader, if any.
    pub fn inserted(&self) -> Option<CardHolder> {
        let index = self.shared.lock().inserted?;
        self.citizens.get(index).cloned()
    }

    pub fn citizens(&self) -> &[CardHolder] {
        &self.citizens
    }
}

impl SimulatedCardReader {
    /// A reader holding `citizens`, using the machine's date ([`system_clock`]).
    pub fn new(citizens: Vec<CardHolder>) -> SimulatedCardReader {
        SimulatedCardReader {
            citizens: Arc::new(citizens),
            shared: Arc::default(),
            clock: system_clock(),
        }
    }

    /// The demo citizens shipped with the kiosk.
    pub fn demo() -> Result<SimulatedCardReader, ReaderError> {
        Ok(SimulatedCardReader::new(serde_json::from_str(
            DEMO_CITIZENS,
        )?))
    }

    /// The same reader with another clock (for the MRZ's expiry check).
    pub fn with_clock(mut self, clock: Clock) -> SimulatedCardReader {
        self.clock = clock;
        self
    }

    pub fn citizens(&self) -> &[CardHolder] {
        &self.citizens
    }

    /// A handle to insert and remove cards from another thread.
    pub fn control(&self) -> SimulatorControl {
        SimulatorControl {
            citizens: Arc::clone(&self.citizens),
            shared: Arc::clone(&self.shared),
        }
    }

    /// Same as [`SimulatorControl::insert`].
    pub fn insert(&self, index: usize) -> Result<(), ReaderError> {
        self.control().insert(index)
    }

    /// Same as [`SimulatorControl::remove`].
    pub fn remove(&self) {
        self.control().remove()
    }

    fn event(&self, event: SimEvent) -> ReaderEvent {
        match event {
            SimEvent::Other(event) => event,
            SimEvent::Card(index) => match self.citizens.get(index) {
                Some(holder) => card_event(&demo_td1(holder), &self.clock),
                None => ReaderEvent::Lost(format!("there is no demo citizen number {index}")),
            },
        }
    }
}

impl CardReader for SimulatedCardReader {
    fn name(&self) -> &str {
        "simulated"
    }

    fn next_event(&mut self, wait: Duration) -> Option<ReaderEvent> {
        let deadline = Instant::now() + wait;
        let mut state = self.shared.lock();
        loop {
            if let Some(event) = state.queue.pop_front() {
                drop(state);
                return Some(self.event(event));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            state = match self.shared.changed.wait_timeout(state, left) {
                Ok((state, _)) => state,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    fn reports_removal(&self) -> bool {
        true
    }
}

/// The TD1 machine-readable zone of a demo citizen's card, as a real card would carry it: names
/// transliterated, the FİN in the optional data.
fn demo_td1(holder: &CardHolder) -> String {
    let sex = if holder.patronymic.ends_with("QIZI") {
        mrz::Sex::Female
    } else if holder.patronymic.ends_with("OĞLU") {
        mrz::Sex::Male
    } else {
        mrz::Sex::Unspecified
    };
    mrz::encode_td1(&mrz::MrzFields {
        document_code: "I".into(),
        issuing_state: "AZE".into(),
        document_number: holder.document_number.clone(),
        surname: holder.surname.clone(),
        given_names: holder.given_names.clone(),
        nationality: "AZE".into(),
        birth_date: holder.birth_date,
        sex,
        expiry_date: holder.expiry_date,
        optional_data: holder.fin.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_citizens_have_seven_character_fins_without_i_or_o() {
        let reader = SimulatedCardReader::demo().expect("demo list parses");
        assert!(reader.citizens().len() >= 3);
        for c in reader.citizens() {
            assert_eq!(c.fin.chars().count(), 7, "{}", c.fin);
            assert!(c
                .fin
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() && ch != 'I' && ch != 'O'));
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default()
    }

    fn demo() -> SimulatedCardReader {
        SimulatedCardReader::demo()
            .expect("demo list parses")
            .with_clock(Box::new(today))
    }

    const WAIT: Duration = Duration::from_secs(5);

    #[test]
    fn an_inserted_card_is_read_as_its_mrz_until_it_is_removed() {
        let mut reader = demo();
        assert!(reader.reports_removal());
        assert_eq!(reader.next_event(Duration::ZERO), None);
        reader.insert(1).expect("exists");
        let expected = mrz::parse(&demo_td1(&reader.citizens()[1]), today()).expect("valid");
        assert_eq!(
            reader.next_event(WAIT),
            Some(ReaderEvent::Card(CardRead::Mrz(Box::new(expected))))
        );
        assert_eq!(reader.next_event(Duration::ZERO), None);
        reader.remove();
        assert_eq!(reader.next_event(WAIT), Some(ReaderEvent::Removed));
        reader.remove();
        assert_eq!(reader.next_event(Duration::ZERO), None);
    }

    #[test]
    fn the_demo_cards_have_well_formed_td1_zones() {
        let reader = demo();
        let lines: Vec<String> = reader.citizens().iter().map(demo_td1).collect();
        assert_eq!(
            lines[0],
            "I<AZEAA123456785ZK7Q2M<<<<<<<<\n8003052F3106305AZE<<<<<<<<<<<7\nABDULLAYEVA<<GOHAR<<<<<<<<<<<<"
        );
        assert!(lines[1].ends_with("\nALIYEV<<ILQAR<<<<<<<<<<<<<<<<<"));
        // A 10-character document number overflows into the optional data.
        assert!(
            lines[2].starts_with("I<AZEAZE001928<38<7MP3X8K<<<<<"),
            "{}",
            lines[2]
        );
        for text in &lines {
            assert!(mrz::parse(text, today()).is_ok(), "{text}");
        }
    }

    #[test]
    fn a_control_on_another_thread_drives_the_reader() {
        let mut reader = demo();
        let control = reader.control();
        let driver = std::thread::spawn(move || {
            control.insert(0).expect("exists");
            let holder = control.inserted().expect("inserted");
            control.unplug();
            assert!(matches!(control.insert(0), Err(ReaderError::Disconnected)));
            control.replug();
            holder
        });
        let mut events = Vec::new();
        let until = Instant::now() + Duration::from_secs(30);
        while events.len() < 4 && Instant::now() < until {
            events.extend(reader.next_event(Duration::from_millis(200)));
        }
        let holder = driver.join().expect("driver thread");
        assert_eq!(holder.surname, "ABDULLAYEVA");
        assert!(
            matches!(events[0], ReaderEvent::Card(CardRead::Mrz(_))),
            "{events:?}"
        );
        assert_eq!(
            events[1..],
            [
                ReaderEvent::Removed,
                ReaderEvent::Lost("the simulated card reader is unplugged; plug it back in".into()),
                ReaderEvent::Connected,
            ]
        );
    }

    #[test]
    fn inserting_a_card_over_another_removes_the_first() {
        let mut reader = demo();
        reader.insert(0).expect("exists");
        reader.insert(2).expect("exists");
        assert!(matches!(
            reader.next_event(WAIT),
            Some(ReaderEvent::Card(_))
        ));
        assert_eq!(reader.next_event(WAIT), Some(ReaderEvent::Removed));
        assert!(matches!(
            reader.next_event(WAIT),
            Some(ReaderEvent::Card(_))
        ));
        assert_eq!(
            reader.control().inserted().map(|h| h.fin),
            Some("7MP3X8K".into())
        );
    }

    #[test]
    fn inserting_a_citizen_that_does_not_exist_is_refused() {
        let reader = demo();
        let err = reader.insert(99).unwrap_err();
        assert_eq!(
            err.to_string(),
            "there is no demo citizen number 99: the simulated reader holds 5"
        );
    }

    #[test]
    fn an_expired_card_is_not_valid() {
        let reader = SimulatedCardReader::demo().expect("demo list parses");
        let expired = &reader.citizens()[2];
        let day = |s: &str| s.parse::<NaiveDate>().expect("date");
        assert!(!expired.is_valid_on(day("2026-11-24")));
        assert!(expired.is_valid_on(day("2025-02-01")));
    }
}
