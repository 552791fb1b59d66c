//! The kiosk's state: where the catalog comes from, and the demo's devices.

use std::sync::Mutex;

use anyhow::Context as _;
use qebul_idcard::{CardReader, SimulatedCardReader};
use qebul_notice::{Notice, PaperWidth};
use qebul_printer::{Printer, VirtualPrinter};
use qebul_protocol::Catalog;
use qebul_server::EmbeddedServer;
use qebul_sync::ServerClient;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event as _;

use crate::commands::kiosk::CatalogSynced;
use crate::commands::CommandError;
use crate::Args;

/// Everything the commands share. Devices sit behind their traits, so the demo's simulated
/// reader and virtual printer are swapped for real ones without touching a command.
pub struct Kiosk {
    client: ServerClient,
    catalog: tokio::sync::Mutex<Option<Catalog>>,
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
        let receipt = printer.print(&test_page(chrono::Local::now().naive_local()))?;
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
            catalog: tokio::sync::Mutex::new(None),
            reader: Some(Mutex::new(Box::new(reader))),
            printer: Some(Box::new(printer)),
            _server: Some(server),
        })
    }

    /// A kiosk of a central server, with no devices attached yet.
    pub fn for_server(client: ServerClient) -> Kiosk {
        Kiosk {
            client,
            catalog: tokio::sync::Mutex::new(None),
            reader: None,
            printer: None,
            _server: None,
        }
    }

    /// The catalog, downloaded on first use.
    pub async fn catalog(&self) -> Result<Catalog, CommandError> {
        let mut cached = self.catalog.lock().await;
        if let Some(catalog) = cached.as_ref() {
            return Ok(catalog.clone());
        }
        let fresh = self.client.catalog().await.map_err(CommandError::from)?;
        *cached = Some(fresh.clone());
        Ok(fresh)
    }

    pub fn reader_name(&self) -> Option<String> {
        let reader = self.reader.as_ref()?.lock().ok()?;
        Some(reader.name().to_owned())
    }

    pub fn printer_name(&self) -> Option<&str> {
        self.printer.as_deref().map(|p| p.name())
    }
}

/// Fetches the catalog at start and tells the UI, which may already be showing the welcome screen.
pub fn sync_in_background<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let kiosk = app.state::<Kiosk>();
        match kiosk.catalog().await {
            Ok(catalog) => {
                let event = CatalogSynced {
                    version: u32::try_from(catalog.version).unwrap_or(u32::MAX),
                    officials: u32::try_from(catalog.officials.len()).unwrap_or(u32::MAX),
                };
                if let Err(e) = event.emit(&app) {
                    tracing::warn!("could not tell the UI about the catalog: {e}");
                }
            }
            Err(e) => tracing::warn!(code = ?e.code, "catalog not synced: {}", e.detail),
        }
    });
}

/// The printer's test page: the seed's own notice (Şəkil 7), marked as a test.
fn test_page(now: chrono::NaiveDateTime) -> Notice {
    Notice {
        authority: "Biləsuvar Rayon İcra Hakimiyyəti".into(),
        number: "SINAQ".into(),
        official_position: "Şöbə müdiri".into(),
        official_name: "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU".into(),
        reception_date: "07 APREL 2015".into(),
        reception_time: "bütün iş saatı".into(),
        citizen_name: "ABDULLAYEVA GÖHƏR NOVRUZ QIZI".into(),
        document_type: "Şəxsiyyət vəsiqəsi".into(),
        document_number: "AA****567".into(),
        created_at: "03.04.2015 16:31".into(),
        printed_at: now.format("%d.%m.%Y %H:%M").to_string(),
        barcode: "030400000610704".into(),
        mark: Some("SINAQ ÇAPI".into()),
    }
}
