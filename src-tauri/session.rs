//! The citizen's session at the edge: the card reader's thread, registry look-ups, the idle
//! clock, and the wipe. The rules are `qebul_idcard::session::CitizenSession` (pure); this module
//! feeds it events and time, and tells the UI.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use qebul_idcard::reader::{CardRead, CardReader, ReaderEvent};
use qebul_idcard::session::{Citizen, CitizenSession, DocumentKind, EndReason, Phase};
use qebul_idcard::{
    PcscConfig, PcscReader, ReaderSpec, SerialConfig, SerialReader, SimulatedCardReader,
    SimulatorControl, WedgeInput, WedgeReader,
};
use qebul_store::Store;
use qebul_sync::ServerClient;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event as _;
use tokio::sync::{mpsc, watch};

use crate::commands::session::{CitizenView, DemoCard, SessionChanged};
use crate::Kiosk;

/// How often the session looks at the clock (the countdown shows whole seconds).
const TICK: Duration = Duration::from_millis(250);
/// How long the reader thread waits for an event before checking whether the kiosk ended.
const READER_WAIT: Duration = Duration::from_millis(250);
/// The longest address a citizen may type.
const MAX_ADDRESS_CHARS: usize = 300;

/// How sessions behave (from the command line).
#[derive(Debug, Clone)]
pub struct SessionConfig {
    pub idle: Duration,
    pub countdown: Duration,
    /// Whether an expired document may still start a session (the authority's policy).
    pub accept_expired: bool,
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig {
            idle: qebul_idcard::session::IDLE,
            countdown: qebul_idcard::session::COUNTDOWN,
            accept_expired: false,
        }
    }
}

/// A kiosk without a card reader: nothing ever happens.
struct NoReader;

impl CardReader for NoReader {
    fn name(&self) -> &str {
        "none"
    }

    fn next_event(&mut self, wait: Duration) -> Option<ReaderEvent> {
        std::thread::sleep(wait);
        None
    }

    fn reports_removal(&self) -> bool {
        false
    }
}

/// Today in Baku, for the MRZ's dates (the century of a birth year, an expired document).
fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Baku)
        .date_naive()
}

/// The reader a spec names, with the demo's or the keyboard wedge's handle when it is one of
/// those.
pub type OpenedReader = (
    Box<dyn CardReader>,
    Option<SimulatorControl>,
    Option<WedgeInput>,
);

pub fn open_reader(spec: &ReaderSpec) -> anyhow::Result<OpenedReader> {
    Ok(match spec {
        ReaderSpec::None => (Box::new(NoReader), None, None),
        ReaderSpec::Simulated => {
            let reader = SimulatedCardReader::demo()?.with_clock(Box::new(today));
            let control = reader.control();
            (Box::new(reader), Some(control), None)
        }
        ReaderSpec::Wedge => {
            let reader = WedgeReader::new(WedgeReader::DEFAULT_IDLE_TIMEOUT, Box::new(today));
            let input = reader.input();
            (Box::new(reader), None, Some(input))
        }
        ReaderSpec::Serial { path, baud } => (
            Box::new(SerialReader::new(
                SerialConfig::new(path.clone(), *baud),
                Box::new(today),
            )?),
            None,
            None,
        ),
        ReaderSpec::Pcsc { reader } => (
            Box::new(PcscReader::new(PcscConfig {
                reader: reader.clone(),
                ..PcscConfig::default()
            })),
            None,
            None,
        ),
    })
}

/// The session and what feeds it. Owned by [`Kiosk`].
pub struct Sessions {
    state: Mutex<State>,
    origin: Instant,
    config: SessionConfig,
    view: watch::Sender<SessionChanged>,
    demo: Option<SimulatorControl>,
    wedge: Option<WedgeInput>,
    store: Arc<Mutex<Store>>,
    registry: Option<ServerClient>,
    reader_reports_removal: bool,
}

#[derive(Debug, Default)]
struct State {
    session: CitizenSession,
    /// The language the citizen chose; back to Azerbaijani when the session ends.
    language: Option<qebul_core::Lang>,
    phase: Option<Phase>,
    notice: Option<&'static str>,
    ended: Option<EndReason>,
    reader_problem: Option<String>,
}

fn empty_view() -> SessionChanged {
    SessionChanged {
        phase: "none".into(),
        seconds_left: 0,
        citizen: None,
        ended: None,
        notice: None,
        reader_problem: None,
    }
}

fn citizen_view(c: &Citizen) -> CitizenView {
    CitizenView {
        full_name: c.full_name.clone(),
        birth_date: c.birth_date.format("%d.%m.%Y").to_string(),
        address: c.address.clone(),
        document_kind: match c.document_kind {
            DocumentKind::IdCard => "id-card",
            DocumentKind::Passport => "passport",
        }
        .into(),
        document_number: qebul_core::text::mask_document(&c.document_number),
        from_registry: c.from_registry,
        needs_address: !c.is_complete(),
    }
}

fn end_reason(reason: EndReason) -> &'static str {
    match reason {
        EndReason::CardRemoved => "card-removed",
        EndReason::Finished => "finished",
        EndReason::Idle => "idle",
        EndReason::NewCard => "new-card",
    }
}

impl Sessions {
    /// Sessions fed by `reader` (in its own thread); `demo` and `wedge` are the handles of a
    /// simulated or keyboard-wedge reader, when that is the one.
    pub fn start(
        reader: Box<dyn CardReader>,
        demo: Option<SimulatorControl>,
        wedge: Option<WedgeInput>,
        config: SessionConfig,
        store: Arc<Mutex<Store>>,
        registry: Option<ServerClient>,
    ) -> anyhow::Result<Arc<Sessions>> {
        let (events, mut incoming) = mpsc::channel::<ReaderEvent>(16);
        let reader_reports_removal = reader.reports_removal();
        let sessions = Arc::new(Sessions {
            state: Mutex::new(State {
                session: CitizenSession::new(config.idle, config.countdown),
                ..State::default()
            }),
            origin: Instant::now(),
            config,
            view: watch::channel(empty_view()).0,
            demo,
            wedge,
            store,
            registry,
            reader_reports_removal,
        });
        std::thread::Builder::new()
            .name("card-reader".into())
            .spawn(move || read_cards(reader, events))?;
        let weak = Arc::downgrade(&sessions);
        tauri::async_runtime::spawn(async move {
            let mut tick = tokio::time::interval(TICK);
            loop {
                tokio::select! {
                    event = incoming.recv() => {
                        let (Some(event), Some(sessions)) = (event, weak.upgrade()) else { return };
                        sessions.on_reader(event);
                    }
                    _ = tick.tick() => {
                        let Some(sessions) = weak.upgrade() else { return };
                        sessions.tick();
                    }
                }
            }
        });
        Ok(sessions)
    }

    fn now(&self) -> Duration {
        self.origin.elapsed()
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The session as the UI sees it now.
    pub fn view(&self) -> SessionChanged {
        self.view.borrow().clone()
    }

    /// Changes of the view, for the UI.
    pub fn subscribe(&self) -> watch::Receiver<SessionChanged> {
        self.view.subscribe()
    }

    fn publish(&self) {
        let view = self.with(|state| {
            let (phase, seconds_left) = match state.phase.unwrap_or(Phase::Empty) {
                Phase::Empty => ("none", 0),
                Phase::Active => ("active", 0),
                Phase::Countdown { seconds_left } => {
                    ("countdown", u32::try_from(seconds_left).unwrap_or(u32::MAX))
                }
            };
            SessionChanged {
                phase: phase.into(),
                seconds_left,
                citizen: state.session.citizen().map(citizen_view),
                ended: state.ended.map(|r| end_reason(r).to_owned()),
                notice: state.notice.map(str::to_owned),
                reader_problem: state.reader_problem.clone(),
            }
        });
        self.view.send_if_modified(|current| {
            let changed = *current != view;
            *current = view;
            changed
        });
    }

    /// Wipes everything about the citizen: the session forgets them, and notices still waiting
    /// to be sent to the printer are held back (a notice coming out after the person left would
    /// be left for the next one to pick up; the receptionist reprints it).
    fn wiped(&self, state: &mut State, reason: EndReason) {
        state.ended = Some(reason);
        state.notice = None;
        state.language = None;
        state.phase = Some(Phase::Empty);
        tracing::info!(
            reason = end_reason(reason),
            "citizen session ended; data wiped"
        );
        let held = self
            .store
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .hold_queued_print_jobs(
                "the citizen left before the notice was printed; reprint it at the reception desk",
                chrono::Utc::now(),
            );
        match held {
            Ok(0) => {}
            Ok(n) => tracing::warn!(jobs = n, "notices held back: the citizen left"),
            Err(e) => tracing::error!("cannot hold back queued notices: {e}"),
        }
    }

    fn on_reader(self: &Arc<Self>, event: ReaderEvent) {
        let now = self.now();
        let today = chrono::Utc::now()
            .with_timezone(&chrono_tz::Asia::Baku)
            .date_naive();
        let mut look_up = None;
        self.with(|state| match event {
            ReaderEvent::Card(CardRead::Mrz(mrz)) => {
                let citizen = Citizen::from_mrz(&mrz);
                if citizen.is_expired(today) && !self.config.accept_expired {
                    state.notice = Some("document-expired");
                    return;
                }
                state.notice = None;
                state.ended = None;
                look_up = citizen.fin.clone();
                if let Some(reason) = state.session.card_read(citizen, now) {
                    self.wiped(state, reason);
                    state.ended = None;
                }
                state.phase = Some(Phase::Active);
            }
            ReaderEvent::Card(CardRead::Unreadable(error)) => {
                tracing::warn!("card unreadable: {error}");
                state.notice = Some("card-unreadable");
            }
            ReaderEvent::Card(CardRead::Present) => {
                // A slot that only tells presence: the data must come from an MRZ read.
                state.notice = Some("card-present");
            }
            ReaderEvent::Removed => {
                if let Some(reason) = state.session.card_removed() {
                    self.wiped(state, reason);
                }
            }
            ReaderEvent::Connected => {
                state.reader_problem = None;
                if state.notice == Some("reader-lost") {
                    state.notice = None;
                }
            }
            ReaderEvent::Lost(reason) => {
                tracing::warn!("card reader: {reason}");
                state.reader_problem = Some(reason);
                state.notice = Some("reader-lost");
            }
        });
        self.publish();
        if let (Some(fin), Some(client)) = (look_up, self.registry.clone()) {
            let sessions = Arc::clone(self);
            tauri::async_runtime::spawn(async move {
                match client.registry(&fin).await {
                    Ok(Some(entry)) => {
                        sessions.with(|state| {
                            state.session.fill_from_registry(
                                &entry.fin,
                                entry.full_name,
                                entry.birth_date,
                                entry.address,
                            )
                        });
                        sessions.publish();
                    }
                    Ok(None) => tracing::info!("the registry does not know this FİN"),
                    // Offline: the card's data is used and the citizen confirms the address.
                    Err(e) => tracing::info!("registry not reachable, using the card: {e}"),
                }
            });
        }
    }

    fn tick(&self) {
        let now = self.now();
        self.with(|state| {
            let (phase, ended) = state.session.tick(now);
            state.phase = Some(phase);
            if let Some(reason) = ended {
                self.wiped(state, reason);
            }
        });
        self.publish();
    }

    /// The citizen's language, for their notices' second lines.
    pub fn language(&self) -> qebul_core::Lang {
        self.with(|state| state.language.unwrap_or(qebul_core::Lang::Az))
    }

    pub fn set_language(&self, lang: qebul_core::Lang) {
        self.with(|state| state.language = Some(lang));
    }

    pub fn touch(&self) {
        let now = self.now();
        self.with(|state| {
            state.session.touch(now);
            if state.session.citizen().is_some() {
                state.phase = Some(Phase::Active);
            }
        });
        self.publish();
    }

    pub fn finish(&self) {
        self.with(|state| {
            if let Some(reason) = state.session.finish() {
                self.wiped(state, reason);
            }
        });
        self.publish();
    }

    pub fn confirm_address(&self, address: &str) -> Result<(), String> {
        let address = address.trim();
        let chars = address.chars().count();
        if chars == 0 {
            return Err("the address is empty".into());
        }
        if chars > MAX_ADDRESS_CHARS {
            return Err(format!(
                "the address has {chars} characters, more than {MAX_ADDRESS_CHARS}"
            ));
        }
        if address.chars().any(char::is_control) {
            return Err("the address contains control characters".into());
        }
        let now = self.now();
        let confirmed = self.with(|state| state.session.confirm_address(address.to_owned(), now));
        self.publish();
        if confirmed {
            Ok(())
        } else {
            Err("no citizen session: read the ID card first".into())
        }
    }

    pub fn wedge_input(&self, text: &str) -> Result<(), String> {
        match &self.wedge {
            Some(wedge) => wedge.send(text).map_err(|e| e.to_string()),
            None => Err("this kiosk has no keyboard-wedge reader (--card-reader wedge)".into()),
        }
    }

    fn demo(&self) -> Result<&SimulatorControl, String> {
        self.demo
            .as_ref()
            .ok_or_else(|| "only the demo's simulated card reader takes demo cards".to_owned())
    }

    pub fn demo_cards(&self) -> Result<Vec<DemoCard>, String> {
        Ok(self
            .demo()?
            .citizens()
            .iter()
            .enumerate()
            .map(|(i, c)| DemoCard {
                index: u32::try_from(i).unwrap_or(u32::MAX),
                full_name: c.full_name(),
            })
            .collect())
    }

    pub fn demo_insert(&self, index: u32) -> Result<(), String> {
        let index = usize::try_from(index).map_err(|e| e.to_string())?;
        self.demo()?.insert(index).map_err(|e| e.to_string())
    }

    pub fn demo_remove(&self) -> Result<(), String> {
        self.demo()?.remove();
        Ok(())
    }

    /// Whether removing the card ends a session with this reader.
    pub fn reader_reports_removal(&self) -> bool {
        self.reader_reports_removal
    }

    /// Everything the session holds, as text: the tests look for any trace of a citizen in it.
    #[doc(hidden)]
    pub fn debug_state(&self) -> String {
        format!(
            "{:?} {:?}",
            self.state.lock().unwrap_or_else(|p| p.into_inner()),
            self.view.borrow()
        )
    }
}

/// The reader's thread: passes events on until the session side is gone.
fn read_cards(mut reader: Box<dyn CardReader>, events: mpsc::Sender<ReaderEvent>) {
    tracing::info!(reader = reader.name(), "card reader started");
    loop {
        if events.is_closed() {
            return;
        }
        if let Some(event) = reader.next_event(READER_WAIT) {
            if events.blocking_send(event).is_err() {
                return;
            }
        }
    }
}

/// Tells the UI about every change of the session.
pub fn report_in_background<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let mut changes = app.state::<Kiosk>().sessions().subscribe();
        loop {
            let view = changes.borrow_and_update().clone();
            if let Err(e) = view.emit(&app) {
                tracing::warn!("could not tell the UI about the session: {e}");
            }
            if changes.changed().await.is_err() {
                return;
            }
        }
    });
}
