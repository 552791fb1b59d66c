//! The demo kiosk: an embedded reference server, the simulated card reader and a virtual
//! printer. Behind the `demo` feature, so that a production kiosk does not link the server.

use crate::config::KioskConfig;
use crate::views::{AppError, ErrorCode};
use crate::Kiosk;

/// The demo's switches, for showing (and testing end to end) what the kiosk does when its
/// server goes down or its printer runs out of paper.
#[cfg(feature = "demo")]
pub(crate) struct DemoControls {
    server: std::sync::Arc<qebul_server::EmbeddedServer>,
    /// The virtual printer's roll (none when the demo prints on a real printer).
    paper: Option<qebul_printer::VirtualPaper>,
}

#[cfg(not(feature = "demo"))]
pub(crate) enum DemoControls {}

/// A booking as the demo's server holds it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct DemoServerBooking {
    pub number: u32,
    /// `yyyy-mm-dd`
    pub reception_date: String,
    /// RFC 3339
    pub created_at: String,
    /// Whether the server granted the place directly (not from the kiosk's lease).
    pub direct: bool,
}

fn no_demo() -> AppError {
    AppError::new(ErrorCode::Session, "this kiosk is not running the demo")
}

impl Kiosk {
    /// The demo's server goes down (`false`) or comes back (`true`); a sync round follows at
    /// once, so the screens show it.
    pub async fn demo_server(&self, online: bool) -> Result<(), AppError> {
        let Some(demo) = &self.demo else {
            return Err(no_demo());
        };
        #[cfg(feature = "demo")]
        {
            if online {
                demo.server
                    .restart()
                    .await
                    .map_err(|e| AppError::new(ErrorCode::Session, e.to_string()))?;
            } else {
                demo.server.stop().await;
            }
            self.sync_now();
            Ok(())
        }
        #[cfg(not(feature = "demo"))]
        {
            let _ = online;
            match *demo {}
        }
    }

    /// What the demo's server holds of booking `booking_id` (none if it has not got it): for
    /// the end-to-end test, which cannot reach the server itself.
    pub async fn demo_server_booking(
        &self,
        booking_id: &str,
    ) -> Result<Option<DemoServerBooking>, AppError> {
        let Some(demo) = &self.demo else {
            return Err(no_demo());
        };
        #[cfg(feature = "demo")]
        {
            let id = uuid::Uuid::parse_str(booking_id)
                .map_err(|e| AppError::new(ErrorCode::Session, e.to_string()))?;
            let stored = demo
                .server
                .db
                .booking(id)
                .await
                .map_err(|e| AppError::new(ErrorCode::Session, e.to_string()))?;
            Ok(stored.map(|b| DemoServerBooking {
                number: b.booking.application_number,
                reception_date: b.booking.reception_date.to_string(),
                created_at: b.booking.created_at.to_rfc3339(),
                direct: b.booking.place == qebul_protocol::api::PlaceSource::Direct,
            }))
        }
        #[cfg(not(feature = "demo"))]
        {
            let _ = booking_id;
            match *demo {}
        }
    }

    /// Bookings made elsewhere (the portal, other kiosks) take every free place the demo's
    /// server has for `official_id` on `date` (`yyyy-mm-dd`); returns how many.
    pub async fn demo_take_free_places(
        &self,
        official_id: &str,
        date: &str,
    ) -> Result<u32, AppError> {
        let Some(demo) = &self.demo else {
            return Err(no_demo());
        };
        #[cfg(feature = "demo")]
        {
            let day: chrono::NaiveDate = date
                .parse()
                .map_err(|e| AppError::new(ErrorCode::Session, format!("{date:?}: {e}")))?;
            demo.server
                .take_free_places(official_id, day)
                .await
                .map_err(|e| AppError::new(ErrorCode::Session, e.to_string()))
        }
        #[cfg(not(feature = "demo"))]
        {
            let _ = (official_id, date);
            match *demo {}
        }
    }

    /// The demo's virtual printer runs out of paper (`true`) or gets a new roll (`false`).
    pub fn demo_paper(&self, out: bool) -> Result<(), AppError> {
        let Some(demo) = &self.demo else {
            return Err(no_demo());
        };
        #[cfg(feature = "demo")]
        {
            let paper = demo.paper.as_ref().ok_or_else(|| {
                AppError::new(ErrorCode::Session, "the demo prints on a real printer")
            })?;
            paper.set_out(out);
            self.wake_printer();
            Ok(())
        }
        #[cfg(not(feature = "demo"))]
        {
            let _ = out;
            match *demo {}
        }
    }
}

#[cfg(not(feature = "demo"))]
pub(crate) async fn start(_config: &KioskConfig) -> anyhow::Result<Kiosk> {
    anyhow::bail!(
        "this build of the kiosk has no demo (it does not carry the reference server); \
         run `cargo xtask demo`, or build with `--features demo`"
    )
}

/// Keeps nothing between runs: its own folder (unless `data_dir` is given), a key held in
/// memory. Prints a test page so the technician sees where notices go; a printer that cannot
/// print now (no paper, unplugged) does not stop the kiosk.
#[cfg(feature = "demo")]
pub(crate) async fn start(config: &KioskConfig) -> anyhow::Result<Kiosk> {
    use anyhow::Context as _;
    use qebul_idcard::ReaderSpec;
    use qebul_notice::{Notice, PaperWidth};
    use qebul_store::key::{FreshStart, MemoryKeyStore};
    use qebul_sync::ServerClient;

    let demo_dir = match &config.data_dir {
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
        .map_or_else(|| config.data_dir(), |d| d.path().to_path_buf());
    let keys = MemoryKeyStore::new();
    let store = crate::kiosk::open_store(&keys, &data_dir, FreshStart::Allow)?;
    let server = qebul_server::EmbeddedServer::start_demo(&data_dir)
        .await
        .context("the embedded demo server could not start")?;
    tracing::info!(url = %server.base_url(), "demo: embedded reference server");
    let client = ServerClient::new(&server.base_url())?;
    let (token, pinned) = crate::kiosk::credentials(
        &keys,
        &client,
        Some(&server.enrollment_code),
        Some(server.catalog_key),
    )
    .await?;
    let mut kiosk = Kiosk::connect(store, client.with_token(&token), pinned).await?;
    let (printer, paper): (std::sync::Arc<dyn qebul_printer::Printer>, _) = match &config.printer {
        Some(spec) => (crate::printing::open_printer(spec)?, None),
        None => {
            let virtual_printer =
                qebul_printer::VirtualPrinter::new(&config.notice_dir, PaperWidth::Mm80)?;
            let roll = virtual_printer.roll();
            (std::sync::Arc::new(virtual_printer), Some(roll))
        }
    };
    let now = qebul_core::time::baku_timestamp(&chrono::Utc::now());
    match printer.print(&Notice::test_page(now)) {
        Ok(receipt) => {
            tracing::info!(printer = printer.name(), "demo: printed a test page");
            for file in &receipt.files {
                tracing::info!(file = %file.display(), "demo: the test page");
            }
        }
        Err(e) => tracing::warn!(printer = printer.name(), "demo: no test page: {e}"),
    }
    let reader = config.card_reader.clone().unwrap_or(ReaderSpec::Simulated);
    kiosk.use_card_reader(&reader, config.session)?;
    kiosk.attach_printer(printer, &keys)?;
    // The server stops, and the demo's folder goes, when the kiosk does (server first).
    let server = std::sync::Arc::new(server);
    kiosk.demo = Some(DemoControls {
        server: server.clone(),
        paper,
    });
    kiosk.keep_alive(Box::new((server, demo_dir)));
    Ok(kiosk)
}
