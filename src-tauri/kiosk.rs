//! The kiosk's state: where the catalog comes from, and the demo's devices.

use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context as _;
use qebul_core::Catalog;
use qebul_idcard::{CardReader, SimulatedCardReader};
use qebul_notice::{Notice, PaperWidth};
use qebul_printer::{Printer, VirtualPrinter};
use qebul_server::EmbeddedServer;
use qebul_sync::ServerClient;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event as _;

use crate::commands::kiosk::CatalogSynced;
use crate::commands::CommandError;
use crate::Args;

/// How often a kiosk with a catalog asks for a newer one.
const SYNC_EVERY: Duration = Duration::from_secs(300);
/// How soon a kiosk retries after a failed sync (the network may be back any moment).
const RETRY_AFTER: Duration = Duration::from_secs(30);

/// Everything the commands share. Devices sit behind their traits, so the demo's simulated
/// reader and virtual printer are swapped for real ones without touching a command.
pub struct Kiosk {
    client: ServerClient,
    catalog: tokio::sync::RwLock<Option<Catalog>>,
    reader: Option<Mutex<Box<dyn CardReader>>>,
    printer: Option<Box<dyn Printer>>,
    /// Kept alive for as long as the kiosk runs (demo mode).
    _server: Option<EmbeddedServer>,
}

impl Kiosk {
    /// Starts the kiosk's parts; in demo mode the embedded server, simulated reader and virtual
    /// printer, which prints a test page so the technician sees where notices go.
    pub async fn start(args: &Args) -> anyhow::Result<Kiosk> {
        if !args.demo {
            let url = args.server.as_deref().unwrap_or_default();
            return Ok(Kiosk::for_server(ServerClient::new(url)?));
        }
        let catalog = qebul_server::demo_catalog()?;
        let server = EmbeddedServer::start(catalog)
            .await
            .context("the embedded demo server could not start")?;
        tracing::info!(url = %server.base_url(), "demo: embedded reference server");
        let printer = VirtualPrinter::new(&args.notice_dir, PaperWidth::Mm80)?;
        let now = chrono::Local::now().format("%d.%m.%Y %H:%M").to_string();
        let receipt = printer.print(&Notice::test_page(now))?;
        for file in &receipt.files {
            tracing::info!(file = %file.display(), "demo: virtual printer wrote a test page");
        }
        let reader = SimulatedCardReader::demo()?;
        tracing::info!(
            citizens = reader.citizens().len(),
            "demo: simulated card reader"
        );
        Ok(Kiosk {
            client: ServerClient::new(&server.base_url())?,
            catalog: tokio::sync::RwLock::new(None),
            reader: Some(Mutex::new(Box::new(reader))),
            printer: Some(Box::new(printer)),
            _server: Some(server),
        })
    }

    /// A kiosk of a central server, with no devices attached yet.
    pub fn for_server(client: ServerClient) -> Kiosk {
        Kiosk {
            client,
            catalog: tokio::sync::RwLock::new(None),
            reader: None,
            printer: None,
            _server: None,
        }
    }

    /// The catalog: the last one synced, or a download now if there is none yet.
    pub async fn catalog(&self) -> Result<Catalog, CommandError> {
        if let Some(catalog) = self.catalog.read().await.as_ref() {
            return Ok(catalog.clone());
        }
        // No lock is held while the network is slow: other screens keep answering.
        let fresh = self.client.catalog().await.map_err(CommandError::from)?;
        self.keep(fresh.clone()).await;
        Ok(fresh)
    }

    /// Downloads the catalog and keeps it; true when it is newer than the one kept before.
    async fn sync(&self) -> Result<bool, qebul_sync::SyncError> {
        let fresh = self.client.catalog().await?;
        Ok(self.keep(fresh).await)
    }

    async fn keep(&self, fresh: Catalog) -> bool {
        let mut kept = self.catalog.write().await;
        let newer = kept.as_ref().is_none_or(|old| fresh.version > old.version);
        if newer {
            *kept = Some(fresh);
        }
        newer
    }

    pub fn reader_name(&self) -> Option<String> {
        let reader = self.reader.as_ref()?.lock().ok()?;
        Some(reader.name().to_owned())
    }

    pub fn printer_name(&self) -> Option<&str> {
        self.printer.as_deref().map(|p| p.name())
    }
}

/// Keeps the catalog fresh for as long as the kiosk runs, and tells the UI when it changes.
pub fn sync_in_background<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        loop {
            let kiosk = app.state::<Kiosk>();
            let wait = match kiosk.sync().await {
                Ok(changed) => {
                    if changed {
                        announce(&app, &kiosk).await;
                    }
                    SYNC_EVERY
                }
                Err(e) => {
                    tracing::warn!("catalog not synced, retrying in {RETRY_AFTER:?}: {e}");
                    RETRY_AFTER
                }
            };
            tokio::time::sleep(wait).await;
        }
    });
}

async fn announce<R: Runtime>(app: &AppHandle<R>, kiosk: &Kiosk) {
    let Some((version, officials)) = kiosk
        .catalog
        .read()
        .await
        .as_ref()
        .map(|c| (c.version, c.officials.len()))
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
