//! [`Kiosk`]: the kiosk's store, sync task, print worker, catalog and citizen session behind one
//! type, with a method for every action the UI takes and a watch channel for every state it shows.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use qebul_idcard::ReaderSpec;
use qebul_printer::Printer;
use qebul_protocol::{parse_public_key, public_key_hex, VerifyingKey};
use qebul_store::key::{
    confirm_database, database_key_with, notice_key, FreshStart, KeyStore, KeyringKeyStore,
    KIOSK_ID_NAME, SERVER_CREDENTIAL_NAME,
};
use qebul_store::Store;
use qebul_sync::{ServerClient, SyncConfig, SyncHandle, SyncTask};
use tokio::sync::{watch, Notify};

use crate::catalog::CatalogCache;
use crate::config::KioskConfig;
use crate::printing::{self, Printing};
use crate::session::{Input, SessionConfig};
use crate::sessions::{open_reader, Sessions};
use crate::views::{
    AppError, CatalogView, DemoCard, ErrorCode, KioskInfo, OfficialRow, OfficialsList,
    PrintQueueView, SessionView, SyncView, UiLang,
};

/// How long the start waits for the first sync round before showing the screens anyway.
const FIRST_SYNC_WAIT: Duration = Duration::from_secs(25);

/// Keyring entry of the server's catalog key, pinned at enrollment (public, but kept where no
/// other account can change it).
pub const CATALOG_KEY_NAME: &str = "catalog-key";

/// The running kiosk. Devices sit behind their traits, so the demo's simulated reader and
/// virtual printer are swapped for real ones without touching a screen. Dropping it stops its
/// background tasks.
pub struct Kiosk {
    pub(crate) store: Arc<Mutex<Store>>,
    pub(crate) sync: SyncHandle,
    pub(crate) catalog: Arc<CatalogCache>,
    pub(crate) sessions: Arc<Sessions>,
    /// For registry look-ups (the sync task has its own copy).
    pub(crate) client: ServerClient,
    pub(crate) printing: Option<Arc<Printing>>,
    /// The voice of speech mode; none when the kiosk speaks nothing.
    pub(crate) speech: Option<Arc<qebul_speech::Speech>>,
    /// Announced when there is no printer (and, until the worker's first round, when there is).
    print_view: watch::Sender<PrintQueueView>,
    sync_view: watch::Sender<SyncView>,
    /// Kept alive for as long as the kiosk runs (demo mode).
    _demo: Option<Box<dyn std::any::Any + Send + Sync>>,
    /// The demo's switches (its server, its printer's paper); none outside the demo.
    pub(crate) demo: Option<crate::demo::DemoControls>,
    /// The staff screen's PIN gate and its idle close (issue 17).
    pub(crate) staff: Arc<crate::staff::Staff>,
    /// The pinned catalog key: the staff screen checks the cached catalog's signature again.
    pub(crate) catalog_key: VerifyingKey,
    /// What the sync task's health report reads besides the store (issue 17).
    pub(crate) health: crate::health::HealthInputs,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

/// The store, opened with its key from the key store.
pub(crate) fn open_store(
    keys: &dyn KeyStore,
    data_dir: &Path,
    fresh: FreshStart,
) -> anyhow::Result<Store> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data folder {}", data_dir.display()))?;
    let path = data_dir.join("kiosk.db");
    let key = database_key_with(keys, &path, fresh)?;
    let store = Store::open(&path, &key)?;
    confirm_database(keys, &path)?;
    Ok(store)
}

/// The device token and the pinned catalog key: from the key store, or by enrolling now.
pub(crate) async fn credentials(
    keys: &dyn KeyStore,
    client: &ServerClient,
    enroll_code: Option<&str>,
    catalog_key: Option<VerifyingKey>,
) -> anyhow::Result<(String, VerifyingKey)> {
    let stored_key = keys
        .load_secret(CATALOG_KEY_NAME)?
        .map(|k| parse_public_key(&k))
        .transpose()?;
    if let (Some(token), Some(pinned)) = (keys.load_secret(SERVER_CREDENTIAL_NAME)?, stored_key) {
        if catalog_key.is_some_and(|k| k != pinned) {
            anyhow::bail!(
                "--catalog-key differs from the key this kiosk pinned at enrollment ({}); \
                 re-enroll the kiosk to change it",
                public_key_hex(&pinned)
            );
        }
        return Ok((token, pinned));
    }
    let code = enroll_code.context(
        "this kiosk is not enrolled: start it once with --enroll-code <code from `qebul-server kiosk enroll`>",
    )?;
    // The notice key is created now if need be, so the server knows it from the start.
    let notice_key = notice_key(keys)?.verifying_key();
    let enrolled = client
        .enroll_with_notice_key(code, Some(&notice_key))
        .await?;
    let offered = parse_public_key(&enrolled.catalog_key)?;
    let pinned = match catalog_key {
        Some(k) if k != offered => anyhow::bail!(
            "the server signs catalogs with {}, not with the --catalog-key given; is this the right server?",
            enrolled.catalog_key
        ),
        Some(k) => k,
        None => offered,
    };
    keys.save_secret(SERVER_CREDENTIAL_NAME, &enrolled.token)?;
    keys.save_secret(KIOSK_ID_NAME, &enrolled.kiosk_id)?;
    keys.save_secret(CATALOG_KEY_NAME, &public_key_hex(&pinned))?;
    tracing::info!(kiosk = %enrolled.kiosk_id, "enrolled with the central server");
    Ok((enrolled.token, pinned))
}

impl Kiosk {
    /// Starts the kiosk's parts: the store, enrollment if needed, the sync task (after one
    /// round, so a kiosk that can reach its server shows the catalog at once), the card reader
    /// and the printer. In demo mode: see [`crate::demo`].
    pub async fn start(config: &KioskConfig) -> anyhow::Result<Kiosk> {
        if config.demo {
            return crate::demo::start(config).await;
        }
        let fresh = if config.new_database {
            FreshStart::Allow
        } else {
            FreshStart::Refuse
        };
        let url = config
            .server
            .as_deref()
            .context("no central server given (--server URL)")?;
        let keys = KeyringKeyStore::new();
        let store = open_store(&keys, &config.data_dir(), fresh)?;
        let client = ServerClient::new(url)?;
        let catalog_key = config
            .catalog_key
            .as_deref()
            .map(parse_public_key)
            .transpose()?;
        let (token, pinned) =
            credentials(&keys, &client, config.enroll_code.as_deref(), catalog_key).await?;
        let mut kiosk = Kiosk::connect(store, client.with_token(&token), pinned).await?;
        kiosk.health.set_data_dir(config.data_dir());
        if let Some(spec) = &config.printer {
            kiosk.attach_printer(printing::open_printer(spec)?, &keys)?;
        }
        let reader = config.card_reader.clone().unwrap_or(ReaderSpec::None);
        kiosk.use_card_reader(&reader, config.session)?;
        kiosk.set_staff_idle(config.staff_idle);
        kiosk.start_speech(config);
        Ok(kiosk)
    }

    /// The voice and the headphone jack the configuration names. Neither stops the kiosk: a
    /// kiosk whose jack cannot be read still speaks once speech mode is turned on by touch.
    pub(crate) fn start_speech(&mut self, config: &KioskConfig) {
        self.use_speech(&config.speech);
        if self.speech.is_none() {
            return;
        }
        let jack = config
            .headphone_jack
            .clone()
            .or_else(|| qebul_speech::find_headphone_devices().into_iter().next());
        if let Some(path) = jack {
            match self.watch_headphones(path.clone()) {
                Ok(()) => tracing::info!(jack = %path.display(), "watching the headphone jack"),
                Err(e) => {
                    tracing::warn!(jack = %path.display(), "cannot watch the headphone jack: {e}")
                }
            }
        }
    }

    /// A kiosk of the server `client` speaks to (with its device token), whose catalogs are
    /// signed with `pinned`: runs one sync round now (a failure is logged, the kiosk starts
    /// offline), then keeps syncing in the background. No card reader and no printer yet.
    pub async fn connect(
        store: Store,
        client: ServerClient,
        pinned: VerifyingKey,
    ) -> anyhow::Result<Kiosk> {
        Kiosk::connect_with(store, client, SyncConfig::new(pinned)).await
    }

    /// [`Kiosk::connect`] with the sync task's pacing given (tests use short intervals).
    pub async fn connect_with(
        store: Store,
        client: ServerClient,
        mut sync_config: SyncConfig,
    ) -> anyhow::Result<Kiosk> {
        let health = crate::health::HealthInputs::default();
        if sync_config.health.is_none() {
            sync_config.health = Some(health.provider());
        }
        let store = Arc::new(Mutex::new(store));
        let catalog_key = sync_config.catalog_key;
        let staff = crate::staff::Staff::start(store.clone())?;
        let registry = client.clone();
        let (task, sync) = SyncTask::new(client, store.clone(), sync_config)?;
        // The task's first round starts at once; its report changes the status. Waiting for it
        // (bounded by the client's own time limits) shows the catalog on the first screen.
        let mut first = sync.status.clone();
        let mut tasks = vec![tokio::spawn(task.run())];
        if tokio::time::timeout(FIRST_SYNC_WAIT, first.changed())
            .await
            .is_err()
        {
            tracing::warn!("no answer from the central server yet: starting offline");
        } else if let Some(e) = &first.borrow().last_error {
            tracing::warn!("first sync failed, starting offline: {e}");
        }
        let catalog = Arc::new(CatalogCache::new(store.clone()));
        catalog.refresh();
        let sessions = Sessions::start(
            open_reader(&ReaderSpec::None)?,
            SessionConfig::default(),
            store.clone(),
            Some(registry.clone()),
        )?;
        let sync_view = watch::channel(SyncView::from(&*sync.status.borrow())).0;
        let print_view = watch::channel(PrintQueueView {
            printer: None,
            status: None,
            status_error: None,
            jobs: Vec::new(),
        })
        .0;
        health.watch_print_queue(print_view.subscribe());
        tasks.push(tokio::spawn(follow_sync(
            sync.status.clone(),
            catalog.clone(),
            sync_view.clone(),
        )));
        Ok(Kiosk {
            store,
            sync,
            catalog,
            sessions,
            client: registry,
            printing: None,
            speech: None,
            print_view,
            sync_view,
            _demo: None,
            demo: None,
            staff,
            catalog_key,
            health,
            tasks,
        })
    }

    /// Starts the citizen sessions with the reader `spec` names (replacing the previous reader).
    pub fn use_card_reader(
        &mut self,
        spec: &ReaderSpec,
        config: SessionConfig,
    ) -> anyhow::Result<()> {
        let opened = open_reader(spec)?;
        self.sessions = Sessions::start(
            opened,
            config,
            self.store.clone(),
            Some(self.client.clone()),
        )?;
        self.sessions.use_speech(self.speech.clone());
        tracing::info!(reader = %self.sessions.reader_name(), "card reader");
        Ok(())
    }

    /// Sets the printer and starts its worker; its notices are sealed with the key in `keys`
    /// (created on first use).
    pub fn attach_printer(
        &mut self,
        printer: Arc<dyn Printer>,
        keys: &dyn KeyStore,
    ) -> anyhow::Result<()> {
        let seal_key = notice_key(keys)?;
        let kiosk_id = keys
            .load_secret(KIOSK_ID_NAME)?
            .unwrap_or_else(|| "unknown-kiosk".to_owned());
        let printing = Arc::new(Printing {
            view: watch::channel(PrintQueueView {
                printer: Some(printer.name().to_owned()),
                status: None,
                status_error: None,
                jobs: Vec::new(),
            })
            .0,
            printer,
            seal_key,
            kiosk_id,
            wake: Notify::new(),
        });
        self.health.watch_print_queue(printing.view.subscribe());
        self.tasks.push(tokio::spawn(printing::run_worker(
            Arc::downgrade(&printing),
            self.store.clone(),
            self.catalog.clone(),
        )));
        self.printing = Some(printing);
        Ok(())
    }

    #[cfg(feature = "demo")]
    pub(crate) fn keep_alive(&mut self, thing: Box<dyn std::any::Any + Send + Sync>) {
        self._demo = Some(thing);
    }

    // ---- What the screens show -------------------------------------------------------------

    pub fn info(&self) -> KioskInfo {
        KioskInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            authority: self.catalog.current().map(|c| c.authority.name),
            card_reader: self.reader_name(),
            printer: self.printer_name().map(str::to_owned),
        }
    }

    /// The catalog: the one cached in the store. Without one (never synced), the error says why.
    pub fn catalog(&self) -> Result<qebul_core::Catalog, AppError> {
        Ok(self.cached_catalog()?.domain.clone())
    }

    /// The cached catalog, read from the store if it has not been yet.
    pub(crate) fn cached_catalog(&self) -> Result<Arc<crate::catalog::Cached>, AppError> {
        if let Some(c) = self.catalog.cached() {
            return Ok(c);
        }
        self.catalog.refresh();
        self.catalog.cached().ok_or_else(|| {
            AppError::new(
                ErrorCode::CatalogUnavailable,
                format!(
                    "no catalog yet: this kiosk has not synced with its server ({})",
                    self.sync
                        .status
                        .borrow()
                        .last_error
                        .clone()
                        .unwrap_or_else(|| "no attempt finished yet".to_owned())
                ),
            )
        })
    }

    /// The officials list (seed Şəkil 4), in `lang`.
    pub fn officials(&self, lang: UiLang) -> Result<OfficialsList, AppError> {
        let cached = self.cached_catalog()?;
        let catalog = &cached.domain;
        Ok(OfficialsList {
            authority: catalog.authority.name.clone(),
            officials: catalog
                .officials
                .iter()
                .map(|o| official_row(o, lang))
                .collect(),
        })
    }

    /// A new catalog was cached (so open screens refresh).
    pub fn catalog_changes(&self) -> watch::Receiver<Option<CatalogView>> {
        self.catalog.subscribe()
    }

    pub fn sync_view(&self) -> SyncView {
        self.sync_view.borrow().clone()
    }

    pub fn sync_changes(&self) -> watch::Receiver<SyncView> {
        self.sync_view.subscribe()
    }

    pub fn reader_name(&self) -> Option<String> {
        let name = self.sessions.reader_name();
        (name != "none").then(|| name.to_owned())
    }

    pub fn printer_name(&self) -> Option<&str> {
        self.printing.as_deref().map(|p| p.printer.name())
    }

    /// The print queue and the printer's status, asked now, for the receptionist.
    pub async fn print_queue(&self) -> Result<PrintQueueView, AppError> {
        let (store, printer) = (
            self.store.clone(),
            self.printing.as_ref().map(|p| p.printer.clone()),
        );
        tokio::task::spawn_blocking(move || printing::queue_view(&store, printer.as_deref()))
            .await
            .map_err(|e| e.to_string())
            .and_then(|view| view.map_err(|e| e.to_string()))
            .map_err(|detail| AppError::new(ErrorCode::PrintQueue, detail))
    }

    /// The print queue as the worker last saw it, and every change after.
    pub fn print_queue_changes(&self) -> watch::Receiver<PrintQueueView> {
        match &self.printing {
            Some(p) => p.view.subscribe(),
            None => self.print_view.subscribe(),
        }
    }

    pub fn session(&self) -> SessionView {
        self.sessions.view()
    }

    pub fn session_changes(&self) -> watch::Receiver<SessionView> {
        self.sessions.subscribe()
    }

    // ---- What the UI does ------------------------------------------------------------------

    /// A failed job goes back to the queue, and the worker is woken for it.
    pub fn retry_print(&self, job: u32) -> Result<(), AppError> {
        self.store
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retry_print(i64::from(job), chrono::Utc::now())
            .map_err(|e| AppError::new(ErrorCode::PrintQueue, e.to_string()))?;
        self.wake_printer();
        Ok(())
    }

    /// Asks the sync task for a round now (after a booking).
    pub fn sync_now(&self) {
        self.sync.sync_now();
    }

    pub(crate) fn wake_printer(&self) {
        if let Some(printing) = &self.printing {
            printing.wake.notify_one();
        }
    }

    /// A touch, or "I need more time": the person is still there (or has just come).
    pub fn touch(&self) {
        self.sessions.input(Input::Touch);
    }

    /// The person chose a language: the screens', and their notices' second lines.
    pub fn set_language(&self, lang: UiLang) {
        self.sessions.input(Input::Language(lang.into()));
    }

    /// "Finish" or "Start over": the session ends and everything about the person is wiped.
    pub fn finish(&self) {
        self.sessions.input(Input::Finish);
    }

    /// Offline, the citizen confirms (or types) the registered address, on the screen of
    /// session `generation` (`SessionView::generation`).
    pub fn confirm_address(&self, address: &str, generation: u32) -> Result<(), AppError> {
        self.sessions.confirm_address(address, generation)
    }

    /// What a keyboard-wedge scanner typed into the window.
    pub fn submit_mrz(&self, text: &str) -> Result<(), AppError> {
        self.sessions.wedge_input(text)
    }

    pub fn demo_cards(&self) -> Result<Vec<DemoCard>, AppError> {
        self.sessions.demo_cards()
    }

    pub fn demo_insert_card(&self, index: u32) -> Result<(), AppError> {
        self.sessions.demo_insert(index)
    }

    pub fn demo_remove_card(&self) -> Result<(), AppError> {
        self.sessions.demo_remove()
    }

    /// Everything the session holds, as text: the tests look for any trace of a citizen in it.
    #[doc(hidden)]
    pub fn session_debug_state(&self) -> String {
        self.sessions.debug_state()
    }

    /// The store, for tests and the staff's tools.
    #[doc(hidden)]
    pub fn store(&self) -> &Arc<Mutex<Store>> {
        &self.store
    }

    /// The clock the booking flow judges lease ends by, for tests (a clock set back) only.
    #[doc(hidden)]
    pub fn lease_clock(&self) -> &qebul_sync::LeaseClock {
        &self.sync.clock
    }
}

impl Drop for Kiosk {
    fn drop(&mut self) {
        // No sync round may outlive the kiosk (and write to its store while the process ends).
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// An official as the screens list them (seed Şəkil 4), in `lang`.
pub(crate) fn official_row(o: &qebul_core::Official, lang: UiLang) -> OfficialRow {
    let lang = lang.into();
    let rule = o.reception.describe(lang);
    OfficialRow {
        id: o.id.clone(),
        position: o.position.get(lang).to_owned(),
        full_name: o.full_name.clone(),
        reception_days: rule.days,
        reception_hours: rule.hours,
        room: o.room.as_ref().map(|r| r.get(lang).to_owned()),
    }
}

/// Follows the sync task: after every round, a new cached catalog is parsed and announced, and
/// the sync status goes out as the UI shows it.
async fn follow_sync(
    mut status: watch::Receiver<qebul_sync::SyncStatus>,
    catalog: Arc<CatalogCache>,
    view: watch::Sender<SyncView>,
) {
    loop {
        let current = SyncView::from(&*status.borrow_and_update());
        let cache = catalog.clone();
        // The store's lock may wait on a booking's fsync: not on the runtime's threads.
        let _ = tokio::task::spawn_blocking(move || cache.refresh()).await;
        view.send_if_modified(|v| {
            let changed = *v != current;
            *v = current;
            changed
        });
        if status.changed().await.is_err() {
            return;
        }
    }
}
