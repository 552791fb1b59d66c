//! The citizen's session at the edge: the card reader's thread, the timer, registry look-ups and
//! the wipe. The rules are [`CitizenSession`] (sans-IO); this driver feeds it inputs and time,
//! carries out its effects, and publishes a [`SessionView`] after every input.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use qebul_idcard::reader::{CardReader, ReaderEvent};
use qebul_idcard::{
    PcscConfig, PcscReader, ReaderSpec, SerialConfig, SerialReader, SimulatedCardReader,
    SimulatorControl, WedgeInput, WedgeReader,
};
use qebul_store::Store;
use qebul_sync::ServerClient;
use tokio::runtime::Handle;
use tokio::sync::{mpsc, watch, Notify};

use crate::session::{CitizenSession, Effect, Input, RegistryAnswer, SessionConfig};
use crate::views::{AppError, DemoCard, ErrorCode, SessionView};

/// How long the reader thread waits for an event before checking whether the kiosk ended.
const READER_WAIT: Duration = Duration::from_millis(250);

/// The reader a spec names, with the demo's or the keyboard wedge's handle when it is one of
/// those.
pub(crate) struct OpenedReader {
    /// `None`: the kiosk has no card reader (touches still start and end sessions).
    reader: Option<Box<dyn CardReader>>,
    demo: Option<SimulatorControl>,
    wedge: Option<WedgeInput>,
}

pub(crate) fn open_reader(spec: &ReaderSpec) -> anyhow::Result<OpenedReader> {
    let today = Box::new(crate::time::today_in_baku);
    let (reader, demo, wedge): (Box<dyn CardReader>, _, _) = match spec {
        ReaderSpec::None => {
            return Ok(OpenedReader {
                reader: None,
                demo: None,
                wedge: None,
            })
        }
        ReaderSpec::Simulated => {
            let reader = SimulatedCardReader::demo()?.with_clock(today);
            let control = reader.control();
            (Box::new(reader), Some(control), None)
        }
        ReaderSpec::Wedge => {
            let reader = WedgeReader::new(WedgeReader::DEFAULT_IDLE_TIMEOUT, today);
            let input = reader.input();
            (Box::new(reader), None, Some(input))
        }
        ReaderSpec::Serial { path, baud } => (
            Box::new(SerialReader::new(
                SerialConfig::new(path.clone(), *baud),
                today,
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
    };
    Ok(OpenedReader {
        reader: Some(reader),
        demo,
        wedge,
    })
}

/// The session and what feeds it.
pub(crate) struct Sessions {
    machine: Mutex<CitizenSession>,
    origin: Instant,
    view: watch::Sender<SessionView>,
    /// Re-arms the timer after an input changed the next deadline.
    rearm: Arc<Notify>,
    reader_name: String,
    demo: Option<SimulatorControl>,
    wedge: Option<WedgeInput>,
    store: Arc<Mutex<Store>>,
    registry: Option<ServerClient>,
    runtime: Handle,
    /// The history of the citizen at the screen, forgotten when their session ends.
    pub(crate) history: crate::applications::HistoryCache,
    /// The voice of speech mode: silenced and set back to its defaults when a session ends.
    speech: Mutex<Option<Arc<qebul_speech::Speech>>>,
}

impl Sessions {
    /// Sessions fed by `opened` (its reader in a thread of its own). Must be called within a
    /// tokio runtime; the driver ends when the returned `Arc` is dropped.
    pub fn start(
        opened: OpenedReader,
        config: SessionConfig,
        store: Arc<Mutex<Store>>,
        registry: Option<ServerClient>,
    ) -> anyhow::Result<Arc<Sessions>> {
        let OpenedReader {
            reader,
            demo,
            wedge,
        } = opened;
        let machine = CitizenSession::new(config);
        let (events, incoming) = mpsc::channel::<ReaderEvent>(16);
        let sessions = Arc::new(Sessions {
            view: watch::channel(SessionView::from(&machine)).0,
            machine: Mutex::new(machine),
            origin: Instant::now(),
            rearm: Arc::new(Notify::new()),
            reader_name: reader.as_ref().map_or("none", |r| r.name()).to_owned(),
            demo,
            wedge,
            store,
            registry,
            runtime: Handle::try_current()?,
            history: Default::default(),
            speech: Mutex::new(None),
        });
        // No reader, no thread: the channel is left out rather than fed by nothing.
        let mut incoming = match reader {
            Some(reader) => {
                std::thread::Builder::new()
                    .name("card-reader".into())
                    .spawn(move || read_cards(reader, events))?;
                Some(incoming)
            }
            None => None,
        };
        let weak = Arc::downgrade(&sessions);
        let rearm = sessions.rearm.clone();
        sessions.runtime.spawn(async move {
            // `incoming` carries the reader's events until its thread ends (it should not; the
            // session's timers and the touch screen go on without it).
            loop {
                let Some(sessions) = weak.upgrade() else {
                    return;
                };
                let deadline = sessions
                    .with(|m| m.poll_timeout())
                    .map(|at| tokio::time::Instant::from_std(sessions.origin + at));
                let sleep = async {
                    match deadline {
                        Some(at) => tokio::time::sleep_until(at).await,
                        None => std::future::pending().await,
                    }
                };
                let event = async {
                    match incoming.as_mut() {
                        Some(rx) => rx.recv().await,
                        None => std::future::pending().await,
                    }
                };
                // Hold only a weak reference while waiting, so dropping the kiosk ends this task
                // (`Sessions`' drop wakes it).
                drop(sessions);
                let mut reader_gone = false;
                tokio::select! {
                    event = event => match (event, weak.upgrade()) {
                        (Some(event), Some(sessions)) => {
                            let today = crate::time::today_in_baku();
                            sessions.input(Input::Reader { event, today });
                        }
                        (None, Some(_)) => reader_gone = true,
                        (_, None) => return,
                    },
                    _ = sleep => {
                        let Some(sessions) = weak.upgrade() else { return };
                        sessions.input(Input::Tick);
                    }
                    _ = rearm.notified() => {}
                }
                if reader_gone {
                    tracing::error!("the card reader's thread ended; sessions go on without it");
                    incoming = None;
                }
            }
        });
        Ok(sessions)
    }

    fn with<T>(&self, f: impl FnOnce(&mut CitizenSession) -> T) -> T {
        f(&mut self.machine.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Feeds `input` to the machine now, carries out its effects and publishes the result.
    pub fn input(self: &Arc<Self>, input: Input) {
        let now = self.origin.elapsed();
        // Effects and the view happen under the machine's lock, in the order of the inputs: a
        // slower input can never publish an older state (a wiped citizen) last, and the UI sees
        // a wipe only once its notices are held back. (Lock order: machine, then store; nothing
        // takes them the other way round.)
        self.with(|m| {
            for effect in m.handle(input, now) {
                match effect {
                    Effect::LookUpRegistry { fin } => self.look_up(fin),
                    Effect::Wiped {
                        reason,
                        had_citizen,
                    } => {
                        tracing::info!(%reason, "session ended; data wiped");
                        self.history.forget();
                        if let Some(speech) =
                            &*self.speech.lock().unwrap_or_else(|p| p.into_inner())
                        {
                            speech.reset();
                        }
                        if had_citizen {
                            self.hold_queued_notices();
                        }
                    }
                }
            }
            let view = SessionView::from(&*m);
            self.view.send_if_modified(|current| {
                let changed = *current != view;
                *current = view;
                changed
            });
        });
        self.rearm.notify_one();
    }

    /// Notices still waiting for the printer when their citizen has gone are held back: one
    /// coming out later would be left for the next person to pick up; the receptionist reprints.
    /// Synchronous on purpose: the print worker must not take a job between the wipe and this.
    pub fn hold_queued_notices(&self) {
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

    fn look_up(self: &Arc<Self>, fin: String) {
        let Some(client) = self.registry.clone() else {
            return;
        };
        let weak = Arc::downgrade(self);
        self.runtime.spawn(async move {
            match client.registry(&fin).await {
                Ok(Some(entry)) => {
                    if let Some(sessions) = weak.upgrade() {
                        sessions.input(Input::Registry(RegistryAnswer {
                            fin: entry.fin,
                            full_name: entry.full_name,
                            birth_date: entry.birth_date,
                            address: entry.address,
                        }));
                    }
                }
                Ok(None) => tracing::info!("the registry does not know this FİN"),
                // Offline: the card's data is used and the citizen confirms the address. The
                // error is not logged: its URL names the FİN.
                Err(_) => tracing::info!("registry not reachable, using the card's data"),
            }
        });
    }

    pub fn use_speech(&self, speech: Option<Arc<qebul_speech::Speech>>) {
        *self.speech.lock().unwrap_or_else(|p| p.into_inner()) = speech;
    }

    /// How the person at the screen is served now.
    pub fn access(&self) -> crate::session::Access {
        self.with(|m| m.access())
    }

    /// The language of the person at the screen now.
    pub fn language(&self) -> qebul_core::Lang {
        self.with(|m| m.language())
    }

    pub fn view(&self) -> SessionView {
        self.view.borrow().clone()
    }

    pub fn subscribe(&self) -> watch::Receiver<SessionView> {
        self.view.subscribe()
    }

    pub fn reader_name(&self) -> &str {
        &self.reader_name
    }

    /// The citizen at the screen with their language, if `generation` is still the session
    /// on screen: a form sent for a session that has since ended is nobody's.
    pub fn citizen(&self, generation: u32) -> Option<(crate::session::Citizen, qebul_core::Lang)> {
        self.with(|m| {
            (m.generation() == generation)
                .then(|| m.citizen().cloned().map(|c| (c, m.language())))
                .flatten()
        })
    }

    /// Whether session `generation` is still on screen with a citizen.
    pub fn is_current(&self, generation: u32) -> bool {
        self.with(|m| m.generation() == generation && m.citizen().is_some())
    }

    /// Offline, the citizen confirms their registered address; the core cleans and counts it
    /// as it does on the booking form.
    pub fn confirm_address(
        self: &Arc<Self>,
        address: &str,
        generation: u32,
    ) -> Result<(), AppError> {
        use qebul_core::validation::{validate_address, Problem};
        let address = validate_address(address).map_err(|e| {
            let code = match e.problem {
                Problem::Missing => ErrorCode::AddressEmpty,
                _ => ErrorCode::AddressTooLong,
            };
            AppError::new(code, e.code())
        })?;
        if !self.is_current(generation) {
            return Err(AppError::new(
                ErrorCode::Session,
                "no citizen session, or another one since: read the ID card first",
            ));
        }
        self.input(Input::ConfirmAddress {
            address,
            generation,
        });
        Ok(())
    }

    pub fn wedge_input(&self, text: &str) -> Result<(), AppError> {
        match &self.wedge {
            Some(wedge) => wedge
                .send(text)
                .map_err(|e| AppError::new(ErrorCode::Session, e.to_string())),
            None => Err(AppError::new(
                ErrorCode::Session,
                "this kiosk has no keyboard-wedge reader (--card-reader wedge)",
            )),
        }
    }

    fn demo(&self) -> Result<&SimulatorControl, AppError> {
        self.demo.as_ref().ok_or_else(|| {
            AppError::new(
                ErrorCode::Session,
                "only the demo's simulated card reader takes demo cards",
            )
        })
    }

    pub fn demo_cards(&self) -> Result<Vec<DemoCard>, AppError> {
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

    pub fn demo_insert(&self, index: u32) -> Result<(), AppError> {
        let index =
            usize::try_from(index).map_err(|e| AppError::new(ErrorCode::Session, e.to_string()))?;
        self.demo()?
            .insert(index)
            .map_err(|e| AppError::new(ErrorCode::Session, e.to_string()))
    }

    pub fn demo_remove(&self) -> Result<(), AppError> {
        self.demo()?.remove();
        Ok(())
    }

    /// Everything the session holds, as text: the tests look for any trace of a citizen in it.
    pub fn debug_state(&self) -> String {
        format!(
            "{:?} {:?}",
            self.machine.lock().unwrap_or_else(|p| p.into_inner()),
            self.view.borrow()
        )
    }
}

impl Drop for Sessions {
    fn drop(&mut self) {
        // Wakes the driver, which then finds the sessions gone, ends, and so closes the reader's
        // channel: the reader's thread ends too.
        self.rearm.notify_one();
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
