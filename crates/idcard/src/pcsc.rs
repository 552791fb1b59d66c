//! PC/SC card slots: whether a card is in the reader, through pcsc-lite (`pcscd`). The chip is
//! not read: presence drives the citizen's session, the data comes from an MRZ read.
//!
//! Build: Debian's `libpcsclite-dev` (and `pkg-config`). Run: `pcscd` and the reader's driver
//! (`libccid` for most USB readers).

use std::collections::VecDeque;
use std::ffi::CString;
use std::time::{Duration, Instant};

use ::pcsc::{Context, Error, ReaderState, Scope, State, PNP_NOTIFICATION};

use crate::reader::{CardRead, CardReader, ReaderEvent};

/// Which PC/SC reader to watch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PcscConfig {
    /// The reader's name as pcsc-lite lists it (`"ACS ACR1252 1S CL Reader [ACR1252 Reader
    /// PICC] 00 00"`), or its beginning (`"ACS ACR1252"`); case is ignored. `None`: the first
    /// reader listed.
    pub reader: Option<String>,
    /// How often to try again while pcscd is unreachable.
    pub retry_every: Duration,
}

impl Default for PcscConfig {
    fn default() -> PcscConfig {
        PcscConfig {
            reader: None,
            retry_every: Duration::from_secs(1),
        }
    }
}

/// A PC/SC card slot behind the [`CardReader`] trait.
///
/// * A card put in: [`CardRead::Present`]; taken out: [`ReaderEvent::Removed`]. A card already
///   in the slot when the reader is (re)connected is reported as put in.
/// * pcscd unreachable, no (matching) reader, the reader unplugged: [`ReaderEvent::Lost`] (after
///   a [`ReaderEvent::Removed`] if a card was in), and it keeps watching: pcscd is contacted
///   again about every [`PcscConfig::retry_every`], and reader arrivals are awaited through
///   pcsc-lite's `\\?PnP?\Notification`. [`ReaderEvent::Connected`] when the reader is usable
///   (also at start).
pub struct PcscReader {
    config: PcscConfig,
    name: String,
    context: Option<Context>,
    /// The reader watched, once found.
    watched: Option<ReaderState>,
    /// The PnP pseudo-reader, while waiting for a reader to arrive.
    pnp: Option<ReaderState>,
    /// Whether the PnP notification works with this pcsc-lite (if not: poll every retry).
    pnp_supported: bool,
    card_in: bool,
    /// The watched reader went away and that was reported: "no reader" is not news then.
    reader_gone: bool,
    /// The last connection state reported: `None` before the first, `Some(None)` connected,
    /// `Some(Some(reason))` lost.
    reported: Option<Option<String>>,
    next_establish: Instant,
    /// When the context last failed after being established: a second failure soon after waits
    /// for the retry period instead of reconnecting at once.
    last_context_loss: Option<Instant>,
    pending: VecDeque<ReaderEvent>,
}

impl std::fmt::Debug for PcscReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PcscReader")
            .field("config", &self.config)
            .field("context", &self.context.is_some())
            .field(
                "watched",
                &self.watched.as_ref().map(|w| w.name().to_owned()),
            )
            .field("card_in", &self.card_in)
            .field("reported", &self.reported)
            .finish_non_exhaustive()
    }
}

/// The longest single wait handed to pcsc-lite (its timeout is a 32-bit count of milliseconds).
const MAX_WAIT: Duration = Duration::from_secs(60);

impl PcscReader {
    /// A reader for `config`; nothing is contacted until the first [`CardReader::next_event`].
    pub fn new(config: PcscConfig) -> PcscReader {
        let name = match &config.reader {
            Some(reader) => format!("PC/SC {reader}"),
            None => "PC/SC (first reader)".to_owned(),
        };
        PcscReader {
            config,
            name,
            context: None,
            watched: None,
            pnp: None,
            pnp_supported: true,
            card_in: false,
            reader_gone: false,
            reported: None,
            next_establish: Instant::now(),
            last_context_loss: None,
            pending: VecDeque::new(),
        }
    }

    /// The name of the reader being watched, once one is found.
    pub fn reader_name(&self) -> Option<String> {
        self.watched
            .as_ref()
            .map(|w| w.name().to_string_lossy().into_owned())
    }

    fn report(&mut self, lost: Option<String>) {
        if lost.is_some() && self.card_in {
            self.card_in = false;
            self.pending.push_back(ReaderEvent::Removed);
        }
        if self.reported.as_ref() != Some(&lost) {
            self.pending.push_back(match &lost {
                None => ReaderEvent::Connected,
                Some(reason) => ReaderEvent::Lost(reason.clone()),
            });
            self.reported = Some(lost);
        }
    }

    fn wanted(&self) -> String {
        match &self.config.reader {
            Some(name) => format!("the card reader “{name}”"),
            None => "the card reader".to_owned(),
        }
    }

    /// Handles a pcsc-lite error; every error ends up as a state the next call recovers from.
    fn fail(&mut self, err: Error) {
        match err {
            Error::Timeout => {}
            Error::NoService
            | Error::ServiceStopped
            | Error::CommError
            | Error::InvalidHandle
            | Error::NoMemory
            | Error::InternalError
            | Error::UnknownError => self.lose_context(err),
            Error::UnknownReader | Error::ReaderUnavailable => {
                let reason = format!("{} was unplugged; plug it back in", self.wanted());
                self.watched = None;
                self.reader_gone = true;
                self.report(Some(reason));
            }
            Error::NoReadersAvailable => {
                if self.watched.take().is_some() {
                    self.reader_gone = true;
                    let reason = format!("{} was unplugged; plug it back in", self.wanted());
                    self.report(Some(reason));
                }
            }
            other => {
                let reason = format!(
                    "the card service reported an error ({other}); if this goes on, restart \
                     the kiosk"
                );
                self.lose_context_with(reason);
            }
        }
    }

    /// The context died (pcscd stopped or restarted): drop it and reconnect, at once the first
    /// time (pcscd may be back already; if not, the reason reported is pcsc-lite's own).
    fn lose_context(&mut self, err: Error) {
        let now = Instant::now();
        let recent = self
            .last_context_loss
            .is_some_and(|t| now.saturating_duration_since(t) < self.config.retry_every);
        self.last_context_loss = Some(now);
        self.drop_context();
        if recent {
            self.next_establish = now + self.config.retry_every;
            self.report(Some(service_reason(err)));
        } else {
            self.next_establish = now;
            // Mark the card gone now; the state is re-read once reconnected.
            if self.card_in {
                self.card_in = false;
                self.pending.push_back(ReaderEvent::Removed);
            }
        }
    }

    fn lose_context_with(&mut self, reason: String) {
        self.drop_context();
        self.next_establish = Instant::now() + self.config.retry_every;
        self.report(Some(reason));
    }

    fn drop_context(&mut self) {
        self.watched = None;
        self.reader_gone = false;
        self.pnp = None;
        // Releasing a context of a dead pcscd fails; nothing more to do about it.
        self.context = None;
    }

    fn no_reader_reason(&self) -> String {
        match &self.config.reader {
            Some(name) => format!("the card reader “{name}” is not plugged in; plug it in"),
            None => "no card reader is plugged in; plug the card reader in".to_owned(),
        }
    }

    /// Finds the reader to watch among those pcsc-lite lists.
    fn find_reader(&self, readers: &[CString]) -> Option<CString> {
        let Some(wanted) = &self.config.reader else {
            return readers.first().cloned();
        };
        let wanted = wanted.to_lowercase();
        let lower = |r: &CString| r.to_string_lossy().to_lowercase();
        readers
            .iter()
            .find(|r| lower(r) == wanted)
            .or_else(|| readers.iter().find(|r| lower(r).starts_with(&wanted)))
            .cloned()
    }

    /// One step with a context but no reader: list the readers, or wait for one to arrive.
    fn step_find(&mut self, until: Instant) {
        let Some(context) = self.context.as_ref() else {
            return;
        };
        let readers = match context.list_readers_owned() {
            Ok(readers) => readers,
            Err(Error::NoReadersAvailable) => Vec::new(),
            Err(err) => return self.fail(err),
        };
        if let Some(reader) = self.find_reader(&readers) {
            self.pnp = None;
            self.card_in = false;
            self.reader_gone = false;
            self.watched = Some(ReaderState::new(reader, State::UNAWARE));
            self.report(None);
            return;
        }
        if !self.reader_gone {
            let reason = self.no_reader_reason();
            self.report(Some(reason));
        }
        self.wait_for_arrival(until);
    }

    fn wait_for_arrival(&mut self, until: Instant) {
        let timeout = until
            .saturating_duration_since(Instant::now())
            .min(MAX_WAIT);
        if !self.pnp_supported {
            std::thread::sleep(timeout.min(self.config.retry_every));
            return;
        }
        let Some(context) = self.context.as_ref() else {
            return;
        };
        let pnp = self
            .pnp
            .get_or_insert_with(|| ReaderState::new(PNP_NOTIFICATION(), State::UNAWARE));
        let result = context.get_status_change(timeout, std::slice::from_mut(pnp));
        match result {
            Ok(()) => pnp.sync_current_state(),
            Err(Error::Timeout) => {}
            Err(Error::UnknownReader | Error::InvalidValue) => {
                // A pcsc-lite without PnP notification: poll instead.
                self.pnp_supported = false;
                self.pnp = None;
            }
            Err(err) => self.fail(err),
        }
    }

    /// One step watching the reader: wait for its state to change.
    fn step_watch(&mut self, until: Instant) {
        let (Some(context), Some(watched)) = (self.context.as_ref(), self.watched.as_mut()) else {
            return;
        };
        let timeout = until
            .saturating_duration_since(Instant::now())
            .min(MAX_WAIT);
        let result = context.get_status_change(timeout, std::slice::from_mut(watched));
        if let Err(err) = result {
            return self.fail(err);
        }
        let state = watched.event_state();
        watched.sync_current_state();
        if state.intersects(State::UNKNOWN | State::IGNORE) {
            return self.fail(Error::UnknownReader);
        }
        if state.contains(State::UNAVAILABLE) {
            // The reader is being set up or reset; its state comes a moment later.
            return;
        }
        let present = state.contains(State::PRESENT);
        if present && !self.card_in {
            self.card_in = true;
            self.pending.push_back(ReaderEvent::Card(CardRead::Present));
        } else if !present && self.card_in {
            self.card_in = false;
            self.pending.push_back(ReaderEvent::Removed);
        }
    }
}

/// The receptionist's reason when pcscd cannot be reached.
fn service_reason(err: Error) -> String {
    match err {
        Error::NoService => "the card service pcscd is not running; restart the kiosk or ask IT \
                             to start pcscd"
            .to_owned(),
        Error::ServiceStopped => "the card service pcscd has stopped; restart the kiosk or ask \
                                  IT to start pcscd"
            .to_owned(),
        other => format!(
            "the kiosk lost contact with the card service pcscd ({other}); if this goes on, \
             restart the kiosk"
        ),
    }
}

impl CardReader for PcscReader {
    fn name(&self) -> &str {
        &self.name
    }

    fn next_event(&mut self, wait: Duration) -> Option<ReaderEvent> {
        let deadline = Instant::now() + wait;
        let mut first = true;
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            let now = Instant::now();
            if !first && now >= deadline {
                return None;
            }
            first = false;
            if self.context.is_none() {
                if now < self.next_establish {
                    std::thread::sleep(
                        self.next_establish
                            .min(deadline)
                            .saturating_duration_since(now),
                    );
                    continue;
                }
                match Context::establish(Scope::User) {
                    Ok(context) => self.context = Some(context),
                    Err(err) => {
                        self.next_establish = Instant::now() + self.config.retry_every;
                        self.report(Some(service_reason(err)));
                    }
                }
                continue;
            }
            if self.watched.is_none() {
                self.step_find(deadline);
            } else {
                self.step_watch(deadline);
            }
        }
    }

    fn reports_removal(&self) -> bool {
        true
    }
}
