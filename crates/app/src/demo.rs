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
    /// The demo printer's paper (none when the demo prints on a real printer).
    paper: Option<DemoPaper>,
}

/// The paper of the demo's own printer, which the demo's switch runs out and reloads.
#[cfg(feature = "demo")]
enum DemoPaper {
    Virtual(qebul_printer::VirtualPaper),
    /// The emulator runs out as a real printer does: it reports paper out to the status query
    /// and spoils the page in progress.
    Emulated(std::sync::Arc<qebul_printer::EmulatedPrinter>),
}

#[cfg(feature = "demo")]
impl DemoPaper {
    fn set_out(&self, out: bool) {
        match (self, out) {
            (DemoPaper::Virtual(roll), out) => roll.set_out(out),
            (DemoPaper::Emulated(printer), true) => printer.run_out_of_paper_after(0),
            (DemoPaper::Emulated(printer), false) => printer.load_paper(),
        }
    }
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
    /// `booked`, `in_review`, `closed` or `cancelled`.
    pub status: String,
    /// Whether the citizen checked in (an `arrived` event).
    pub arrived: bool,
    /// The booking's comments, as the server keeps them.
    pub comments: Vec<String>,
    /// Places still free on its official's day, on the server: not taken by any kiosk's lease or
    /// a direct booking, plus leased places their kiosks have not used. A cancellation gives one
    /// back.
    pub free_places: u32,
}

/// A booking for today made elsewhere for the citizen at the kiosk (the demo's way to a
/// reception day that is today).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct DemoTodayBooking {
    pub booking_id: String,
    /// As the notice shows it.
    pub number: String,
    /// The notice barcode's 15 digits.
    pub barcode: String,
}

/// The demo's staff member and PIN (printed by the demo and in the README).
pub const DEMO_STAFF_NAME: &str = "Demo";
pub const DEMO_STAFF_PIN: &str = "2468";

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
            // At once, even while the sync task backs off after the server went away.
            self.sync.retry_now();
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
            let Some(b) = stored else {
                return Ok(None);
            };
            let failed =
                |e: qebul_server::DbError| AppError::new(ErrorCode::Session, e.to_string());
            // Every event of the booking is in the timeline of the kiosk that made it.
            let events: Vec<_> = demo
                .server
                .db
                .updates(&b.kiosk_id, 0, 10_000)
                .await
                .map_err(failed)?
                .events
                .into_iter()
                .filter(|e| e.booking_id == id)
                .collect();
            use qebul_protocol::api::EventKind;
            let day = demo
                .server
                .db
                .day_capacity(&b.booking.official_id, b.booking.reception_date)
                .await
                .map_err(failed)?;
            Ok(Some(DemoServerBooking {
                number: b.booking.application_number,
                reception_date: b.booking.reception_date.to_string(),
                created_at: b.booking.created_at.to_rfc3339(),
                direct: b.booking.place == qebul_protocol::api::PlaceSource::Direct,
                status: b.status.as_str().to_owned(),
                arrived: events.iter().any(|e| e.kind == EventKind::Arrived),
                comments: events
                    .iter()
                    .filter(|e| e.kind == EventKind::Comment)
                    .filter_map(|e| e.text.clone())
                    .collect(),
                free_places: day
                    .map_or(0, |d| d.capacity.saturating_sub(d.taken) + d.leased_unused),
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

    /// A booking for today with the catalog's first official, made elsewhere for the citizen of
    /// session `generation`, so that checking in can be shown (and tested) on any day.
    pub async fn demo_book_today(&self, generation: u32) -> Result<DemoTodayBooking, AppError> {
        let Some(demo) = &self.demo else {
            return Err(no_demo());
        };
        #[cfg(feature = "demo")]
        {
            use qebul_core::numbering::{ApplicationNumber, BarcodePayload};
            let fail = |e: String| AppError::new(ErrorCode::Session, e);
            let (citizen, _) = self
                .sessions
                .citizen(generation)
                .ok_or_else(|| fail("no citizen at the kiosk".into()))?;
            let official = self
                .catalog
                .current()
                .and_then(|c| c.officials.first().map(|o| o.id.clone()))
                .ok_or_else(|| fail("no catalog yet".into()))?;
            let now = chrono::Utc::now();
            let today = qebul_core::time::baku_date(&now);
            let booking = demo
                .server
                .book_elsewhere(
                    qebul_protocol::api::CitizenWire {
                        fin: citizen.fin.clone().unwrap_or_default(),
                        name: citizen.full_name.clone(),
                        document_number: citizen.document_number.clone(),
                        birth_date: Some(citizen.birth_date),
                        phone: "+994501234567".into(),
                        email: None,
                        workplace: "-".into(),
                        position: "-".into(),
                        address: citizen.address.clone().unwrap_or_default(),
                        note: String::new(),
                    },
                    &official,
                    today,
                )
                .await
                .map_err(|e| fail(e.to_string()))?;
            let number = ApplicationNumber::new(booking.application_number)
                .map_err(|e| fail(e.to_string()))?;
            let created = qebul_core::time::baku_date(&booking.created_at);
            self.sessions.history.forget();
            Ok(DemoTodayBooking {
                booking_id: booking.booking_id.hyphenated().to_string(),
                number: number.displayed(),
                barcode: BarcodePayload::new(number, created, today).encode(),
            })
        }
        #[cfg(not(feature = "demo"))]
        {
            let _ = generation;
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
    kiosk.health.set_data_dir(data_dir.clone());
    let (printer, paper): (std::sync::Arc<dyn qebul_printer::Printer>, _) = match &config.printer {
        Some(spec) => (crate::printing::open_printer(spec)?, None),
        None if config.demo_printer == crate::DemoPrinter::Emulated => {
            let emulator = std::sync::Arc::new(
                qebul_printer::EmulatedPrinter::start()
                    .context("the demo's printer emulator could not start")?,
            );
            let spec: qebul_printer::PrinterSpec = format!("tcp:{}", emulator.address())
                .parse()
                .context("the emulator's address")?;
            tracing::info!(address = %emulator.address(), "demo: ESC/POS printer emulator");
            (
                crate::printing::open_printer(&spec)?,
                Some(DemoPaper::Emulated(emulator)),
            )
        }
        None => {
            let virtual_printer =
                qebul_printer::VirtualPrinter::new(&config.notice_dir, PaperWidth::Mm80)?;
            let roll = virtual_printer.roll();
            (
                std::sync::Arc::new(virtual_printer),
                Some(DemoPaper::Virtual(roll)),
            )
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
    kiosk.set_staff_idle(config.staff_idle);
    {
        let mut store = kiosk.store.lock().unwrap_or_else(|p| p.into_inner());
        crate::staff::add_staff_member(
            &mut store,
            DEMO_STAFF_NAME,
            DEMO_STAFF_PIN,
            chrono::Utc::now(),
        )
        .context("the demo's staff member")?;
    }
    tracing::info!(
        name = DEMO_STAFF_NAME,
        pin = DEMO_STAFF_PIN,
        "demo: the staff screen's PIN"
    );
    kiosk.start_speech(config);
    // The server stops, and the demo's folder goes, when the kiosk does (server first).
    let server = std::sync::Arc::new(server);
    kiosk.demo = Some(DemoControls {
        server: server.clone(),
        paper,
    });
    kiosk.keep_alive(Box::new((server, demo_dir)));
    Ok(kiosk)
}
