//! The kiosk's state: the encrypted store, the sync task with the central server, and the
//! devices. The catalog shown comes from the store's cache (verified against the pinned key when
//! it arrived), so the kiosk works offline once it has synced once.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use qebul_core::Catalog;
use qebul_idcard::ReaderSpec;
use qebul_notice::{Notice, PaperWidth};
use qebul_printer::{Printer, PrinterSpec};
use qebul_protocol::{parse_public_key, public_key_hex, VerifyingKey};
use qebul_server::EmbeddedServer;
use qebul_store::key::{
    confirm_database, database_key_with, notice_key, FreshStart, KeyStore, KeyringKeyStore,
    MemoryKeyStore, KIOSK_ID_NAME, SERVER_CREDENTIAL_NAME,
};
use qebul_store::Store;
use qebul_sync::{ServerClient, SyncConfig, SyncHandle, SyncStatus, SyncTask};
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event as _;

use crate::commands::kiosk::{CatalogSynced, SyncStatusChanged};
use crate::commands::printing::PrintQueueChanged;
use crate::commands::{CommandError, ErrorCode};
use crate::printing::{open_printer, queue_view, Printing};
use crate::session::{open_reader, SessionConfig, Sessions};
use crate::Args;

/// How long the start waits for the first sync round before showing the screens anyway.
const FIRST_SYNC_WAIT: std::time::Duration = std::time::Duration::from_secs(25);

/// Keyring entry of the server's catalog key, pinned at enrollment (public, but kept where no
/// other account can change it).
pub const CATALOG_KEY_NAME: &str = "catalog-key";

/// Everything the commands share. Devices sit behind their traits, so the demo's simulated
/// reader and virtual printer are swapped for real ones without touching a command.
pub struct Kiosk {
    store: Arc<Mutex<Store>>,
    sync: SyncHandle,
    /// The catalog parsed from the store's cache, with its version.
    catalog: tokio::sync::RwLock<Option<(i64, Catalog)>>,
    /// The citizen's session and the card reader feeding it.
    sessions: Arc<Sessions>,
    reader_name: String,
    /// For registry look-ups (the sync task has its own copy).
    client: ServerClient,
    printing: Option<Arc<Printing>>,
    /// Kept alive for as long as the kiosk runs (demo mode).
    _server: Option<EmbeddedServer>,
    /// The demo's own data folder, removed when the kiosk ends.
    _demo_dir: Option<tempfile::TempDir>,
    task: tauri::async_runtime::JoinHandle<()>,
}

/// The store, opened with its key from the key store.
fn open_store(keys: &dyn KeyStore, data_dir: &Path, fresh: FreshStart) -> anyhow::Result<Store> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data folder {}", data_dir.display()))?;
    let path = data_dir.join("kiosk.db");
    let key = database_key_with(keys, &path, fresh)?;
    let store = Store::open(&path, &key)?;
    confirm_database(keys, &path)?;
    Ok(store)
}

/// The device token and the pinned catalog key: from the key store, or by enrolling now.
async fn credentials(
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
    /// round, so a kiosk that can reach its server shows the catalog at once); in demo mode the
    /// embedded server, simulated reader and virtual printer, which prints a test page so the
    /// technician sees where notices go.
    pub async fn start(args: &Args) -> anyhow::Result<Kiosk> {
        let fresh = if args.new_database {
            FreshStart::Allow
        } else {
            FreshStart::Refuse
        };
        if !args.demo {
            let url = args.server.as_deref().unwrap_or_default();
            let keys = KeyringKeyStore::new();
            let store = open_store(&keys, &args.data_dir(), fresh)?;
            let client = ServerClient::new(url)?;
            let catalog_key = args
                .catalog_key
                .as_deref()
                .map(parse_public_key)
                .transpose()?;
            let (token, pinned) =
                credentials(&keys, &client, args.enroll_code.as_deref(), catalog_key).await?;
            let mut kiosk = Kiosk::connect(store, client.with_token(&token), pinned, None).await?;
            if let Some(spec) = &args.printer {
                kiosk.attach_printer(open_printer(spec)?, &keys)?;
            }
            let reader = args.card_reader.clone().unwrap_or(ReaderSpec::None);
            kiosk.use_card_reader(&reader, args.session_config())?;
            return Ok(kiosk);
        }
        // The demo keeps nothing between runs: its own folder, a key held in memory.
        let demo_dir = match &args.data_dir {
            Some(_) => None,
            None => Some(
                tempfile::Builder::new()
                    .prefix("qebul-demo-")
                    .tempdir()
                    .context("cannot create the demo's data folder")?,
            ),
        };
        let data_dir = demo_dir
            .as_ref()
            .map_or_else(|| args.data_dir(), |d| d.path().to_path_buf());
        let keys = MemoryKeyStore::new();
        let store = open_store(&keys, &data_dir, FreshStart::Allow)?;
        let server = EmbeddedServer::start_demo(&data_dir)
            .await
            .context("the embedded demo server could not start")?;
        tracing::info!(url = %server.base_url(), "demo: embedded reference server");
        let client = ServerClient::new(&server.base_url())?;
        let (token, pinned) = credentials(
            &keys,
            &client,
            Some(&server.enrollment_code),
            Some(server.catalog_key),
        )
        .await?;
        let mut kiosk =
            Kiosk::connect(store, client.with_token(&token), pinned, Some(server)).await?;
        let spec = args.printer.clone().unwrap_or(PrinterSpec::Virtual {
            dir: args.notice_dir.clone(),
            paper: PaperWidth::Mm80,
        });
        let printer = open_printer(&spec)?;
        let now = chrono::Utc::now()
            .with_timezone(&chrono_tz::Asia::Baku)
            .format("%d.%m.%Y %H:%M")
            .to_string();
        // A printer that cannot print now (no paper, unplugged) must not stop the kiosk: the
        // receptionist sees its state in the header.
        match printer.print(&Notice::test_page(now)) {
            Ok(receipt) => {
                tracing::info!(printer = printer.name(), "demo: printed a test page");
                for file in &receipt.files {
                    tracing::info!(file = %file.display(), "demo: the test page");
                }
            }
            Err(e) => tracing::warn!(printer = printer.name(), "demo: no test page: {e}"),
        }
        let reader = args.card_reader.clone().unwrap_or(ReaderSpec::Simulated);
        kiosk.use_card_reader(&reader, args.session_config())?;
        kiosk._demo_dir = demo_dir;
        kiosk.attach_printer(printer, &keys)?;
        Ok(kiosk)
    }

    /// A kiosk of the server `client` speaks to (with its device token), whose catalogs are
    /// signed with `pinned`: runs one sync round now (a failure is logged, the kiosk starts
    /// offline), then keeps syncing in the background.
    pub async fn connect(
        store: Store,
        client: ServerClient,
        pinned: VerifyingKey,
        server: Option<EmbeddedServer>,
    ) -> anyhow::Result<Kiosk> {
        let store = Arc::new(Mutex::new(store));
        let registry = client.clone();
        let (task, sync) = SyncTask::new(client, store.clone(), SyncConfig::new(pinned))?;
        // The task's first round starts at once; its report changes the status. Waiting for it
        // (bounded by the client's own time limits) shows the catalog on the first screen.
        let mut first = sync.status.clone();
        let task = tauri::async_runtime::spawn(task.run());
        if tokio::time::timeout(FIRST_SYNC_WAIT, first.changed())
            .await
            .is_err()
        {
            tracing::warn!("no answer from the central server yet: starting offline");
        } else if let Some(e) = &first.borrow().last_error {
            tracing::warn!("first sync failed, starting offline: {e}");
        }
        let (reader, demo, wedge) = open_reader(&ReaderSpec::None)?;
        let reader_name = reader.name().to_owned();
        let sessions = Sessions::start(
            reader,
            demo,
            wedge,
            SessionConfig::default(),
            store.clone(),
            Some(registry.clone()),
        )?;
        let kiosk = Kiosk {
            store,
            sync,
            catalog: tokio::sync::RwLock::new(None),
            sessions,
            reader_name,
            client: registry,
            printing: None,
            _server: server,
            _demo_dir: None,
            task,
        };
        kiosk.refresh_catalog().await;
        Ok(kiosk)
    }

    /// The catalog: the one cached in the store. Without one (never synced), the error says why.
    pub async fn catalog(&self) -> Result<Catalog, CommandError> {
        if let Some((_, catalog)) = self.catalog.read().await.as_ref() {
            return Ok(catalog.clone());
        }
        self.refresh_catalog().await;
        if let Some((_, catalog)) = self.catalog.read().await.as_ref() {
            return Ok(catalog.clone());
        }
        let status = self.status();
        Err(CommandError {
            code: ErrorCode::CatalogUnavailable,
            detail: format!(
                "no catalog yet: this kiosk has not synced with its server ({})",
                status
                    .last_error
                    .unwrap_or_else(|| "no attempt finished yet".to_owned())
            ),
        })
    }

    /// Re-reads the cached catalog if its version changed; true when it did.
    async fn refresh_catalog(&self) -> bool {
        let cached = {
            let store = self.store.lock().unwrap_or_else(|p| p.into_inner());
            store.catalog()
        };
        let cached = match cached {
            Ok(Some(c)) => c,
            Ok(None) => return false,
            Err(e) => {
                tracing::error!("cannot read the cached catalog: {e}");
                return false;
            }
        };
        if self
            .catalog
            .read()
            .await
            .as_ref()
            .is_some_and(|(v, _)| *v == cached.version)
        {
            return false;
        }
        // The cache holds only catalogs verified on arrival; an unreadable one is a bug or a
        // damaged store, logged, and the previous one stays on screen.
        let parsed = serde_json::from_value::<qebul_protocol::Catalog>(cached.body)
            .map_err(|e| e.to_string())
            .and_then(|c| c.to_domain().map_err(|e| e.to_string()));
        match parsed {
            Ok(catalog) => {
                *self.catalog.write().await = Some((cached.version, catalog));
                true
            }
            Err(e) => {
                tracing::error!("the cached catalog cannot be read: {e}");
                false
            }
        }
    }

    pub fn status(&self) -> SyncStatus {
        self.sync.status.borrow().clone()
    }

    pub fn reader_name(&self) -> Option<String> {
        (self.reader_name != "none").then(|| self.reader_name.clone())
    }

    pub fn sessions(&self) -> &Sessions {
        &self.sessions
    }

    /// Starts the citizen sessions with the reader `spec` names (replacing the previous reader).
    pub fn use_card_reader(
        &mut self,
        spec: &ReaderSpec,
        config: SessionConfig,
    ) -> anyhow::Result<()> {
        let (reader, demo, wedge) = open_reader(spec)?;
        self.reader_name = reader.name().to_owned();
        tracing::info!(reader = %self.reader_name, "card reader");
        self.sessions = Sessions::start(
            reader,
            demo,
            wedge,
            config,
            self.store.clone(),
            Some(self.client.clone()),
        )?;
        Ok(())
    }

    pub fn printer_name(&self) -> Option<&str> {
        self.printing.as_deref().map(|p| p.printer.name())
    }

    pub fn printing(&self) -> Option<Arc<Printing>> {
        self.printing.clone()
    }

    pub fn store(&self) -> &Arc<Mutex<Store>> {
        &self.store
    }

    /// The print queue and the printer's status, for the receptionist.
    pub async fn print_queue(&self) -> Result<PrintQueueChanged, CommandError> {
        let (store, printer) = (
            self.store.clone(),
            self.printing.as_ref().map(|p| p.printer.clone()),
        );
        tauri::async_runtime::spawn_blocking(move || queue_view(&store, printer.as_deref()))
            .await
            .map_err(|e| e.to_string())
            .and_then(|view| view.map_err(|e| e.to_string()))
            .map_err(|detail| CommandError {
                code: ErrorCode::PrintQueue,
                detail,
            })
    }

    /// A failed job goes back to the queue, and the worker is woken for it.
    pub fn retry_print(&self, job: i64) -> Result<(), qebul_store::StoreError> {
        self.store
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retry_print(job, chrono::Utc::now())?;
        if let Some(printing) = &self.printing {
            printing.wake.notify_one();
        }
        Ok(())
    }

    /// Sets the printer; its notices are sealed with the key in `keys` (created on first use).
    fn attach_printer(
        &mut self,
        printer: Arc<dyn Printer>,
        keys: &dyn KeyStore,
    ) -> anyhow::Result<()> {
        let seal_key = notice_key(keys)?;
        let kiosk_id = keys
            .load_secret(KIOSK_ID_NAME)?
            .unwrap_or_else(|| "unknown-kiosk".to_owned());
        self.printing = Some(Arc::new(Printing {
            printer,
            seal_key,
            kiosk_id,
            wake: tokio::sync::Notify::new(),
        }));
        Ok(())
    }
}

impl Drop for Kiosk {
    fn drop(&mut self) {
        // No sync round may outlive the kiosk (and write to its store while the process ends).
        self.task.abort();
    }
}

impl Args {
    /// The session's times and policy from the command line.
    pub fn session_config(&self) -> SessionConfig {
        SessionConfig {
            idle: std::time::Duration::from_secs(self.idle_seconds),
            countdown: std::time::Duration::from_secs(self.countdown_seconds),
            accept_expired: self.accept_expired,
        }
    }

    /// Where the kiosk keeps its store: `--data-dir`, or `$XDG_DATA_HOME/qebul-kiosk`
    /// (`~/.local/share/qebul-kiosk`). The demo, without `--data-dir`, uses a fresh temporary
    /// folder instead.
    pub fn data_dir(&self) -> PathBuf {
        if let Some(dir) = &self.data_dir {
            return dir.clone();
        }
        std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
            .unwrap_or_else(std::env::temp_dir)
            .join("qebul-kiosk")
    }
}

/// Tells the UI about every change of the sync status, and about a new catalog.
pub fn report_in_background<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let mut status = app.state::<Kiosk>().sync.status.clone();
        loop {
            let current = status.borrow_and_update().clone();
            let kiosk = app.state::<Kiosk>();
            if kiosk.refresh_catalog().await {
                announce_catalog(&app, &kiosk).await;
            }
            if let Err(e) = SyncStatusChanged::from(&current).emit(&app) {
                tracing::warn!("could not tell the UI about the sync status: {e}");
            }
            if status.changed().await.is_err() {
                return;
            }
        }
    });
}

async fn announce_catalog<R: Runtime>(app: &AppHandle<R>, kiosk: &Kiosk) {
    let Some((version, officials)) = kiosk
        .catalog
        .read()
        .await
        .as_ref()
        .map(|(v, c)| (*v, c.officials.len()))
    else {
        return;
    };
    let event = CatalogSynced {
        version: u32::try_from(version).unwrap_or(u32::MAX),
        officials: u32::try_from(officials).unwrap_or(u32::MAX),
    };
    if let Err(e) = event.emit(app) {
        tracing::warn!("could not tell the UI about the catalog: {e}");
    }
}
