//! The reference central server that speaks the kiosk protocol.
//!
//! The national system is not ours; this server stands in for it in development, demos, tests
//! and small deployments: one SQLite file by default, PostgreSQL with several server processes
//! side by side where a region outgrows one machine.
//!
//! ```no_run
//! # async fn run() -> anyhow::Result<()> {
//! let dir = tempfile::tempdir()?;
//! let demo = qebul_server::EmbeddedServer::start_demo(dir.path()).await?;
//! println!("enroll at {} with code {}", demo.base_url(), demo.enrollment_code);
//! # Ok(()) }
//! ```

pub mod auth;
pub mod catalog_file;
pub mod db;
pub mod demo;
pub mod fleet;
pub mod http;
pub mod notices;
pub mod plan;

use std::net::SocketAddr;
use std::path::Path;

use qebul_protocol::{SignedCatalog, SigningKey, VerifyingKey};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use catalog_file::{load_catalog, merge_officials_csv, parse_catalog, CatalogFileError};
pub use db::{DbError, RateLimit, RegistryRecord, ServerDb};
pub use demo::{demo_catalog, demo_registry};
pub use http::{router, AppState};

/// Serves until the listener fails.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    tracing::info!(addr = ?listener.local_addr().ok(), "reference server listening");
    axum::serve(listener, router(state)).await
}

/// Why the demo server could not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Catalog(#[from] CatalogFileError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Random(#[from] auth::RandomError),
    #[error("cannot listen on loopback: {0}")]
    Listen(#[from] std::io::Error),
    /// The server has no catalog, or not that official, or a catalog it cannot read.
    #[error("{0}")]
    NoSuchDay(String),
}

/// Loads the demo data into `db`, signing the catalog with `key`, and creates an enrollment code
/// for a kiosk named `kiosk_name` (returned).
pub async fn load_demo(
    db: &ServerDb,
    key: &SigningKey,
    kiosk_name: &str,
) -> Result<String, DemoError> {
    let catalog = demo_catalog()?;
    db.store_catalog(&SignedCatalog::sign(&catalog, key), catalog.version)
        .await?;
    db.put_registry(&demo_registry()?).await?;
    let code = auth::new_enrollment_code()?;
    db.create_enrollment(
        kiosk_name,
        &auth::secret_hash(&auth::normalise_code(&code)),
        chrono::Utc::now(),
    )
    .await?;
    Ok(code)
}

/// A server running inside another process (the kiosk's demo mode, tests) on a free loopback
/// port, over an SQLite file, with the demo data loaded.
pub struct EmbeddedServer {
    addr: SocketAddr,
    state: AppState,
    /// The serving task and what stops it; none while stopped.
    running: std::sync::Mutex<Option<Running>>,
    /// A one-time code that enrolls one kiosk.
    pub enrollment_code: String,
    /// The key the catalog is signed with, for the kiosk to pin.
    pub catalog_key: VerifyingKey,
    pub db: ServerDb,
}

impl EmbeddedServer {
    /// Binds 127.0.0.1 on a free port and serves the demo data from `dir/server.db`.
    pub async fn start_demo(dir: &Path) -> Result<EmbeddedServer, DemoError> {
        let db = ServerDb::open(&dir.join("server.db").to_string_lossy()).await?;
        let key = auth::new_signing_key()?;
        let enrollment_code = load_demo(&db, &key, "demo kiosk").await?;
        Self::start(AppState::new(db, key.verifying_key()), enrollment_code).await
    }

    /// Serves `state` on a free loopback port.
    pub async fn start(
        state: AppState,
        enrollment_code: String,
    ) -> Result<EmbeddedServer, DemoError> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let catalog_key = state.catalog_key;
        let db = state.db.clone();
        let running = Running::spawn(listener, state.clone());
        Ok(EmbeddedServer {
            addr,
            state,
            running: std::sync::Mutex::new(Some(running)),
            enrollment_code,
            catalog_key,
            db,
        })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops serving, as a server that went down would: the port refuses connections, and open
    /// ones are closed (after at most two seconds for a request in flight). The data stays.
    pub async fn stop(&self) {
        let running = self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(running) = running {
            running.stop().await;
        }
    }

    /// Serves again on the same address after [`EmbeddedServer::stop`]; nothing if it serves.
    pub async fn restart(&self) -> std::io::Result<()> {
        if self.is_serving() {
            return Ok(());
        }
        let listener = TcpListener::bind(self.addr).await?;
        let running = Running::spawn(listener, self.state.clone());
        *self.running.lock().unwrap_or_else(|p| p.into_inner()) = Some(running);
        Ok(())
    }

    /// Takes every free place of `official_id` on `day` as bookings made elsewhere would (the
    /// portal, other kiosks), through the same push a kiosk makes: the demo's and the tests' way
    /// to have a day fill up while a citizen is at the kiosk. Returns how many it took.
    pub async fn take_free_places(
        &self,
        official_id: &str,
        day: chrono::NaiveDate,
    ) -> Result<u32, DemoError> {
        use qebul_protocol::api::{CitizenWire, PlaceSource, PushItem, PushOutcome};
        let now = chrono::Utc::now();
        let (catalog, capacity) = self.catalog_and_capacity(official_id, day).await?;
        let (elsewhere, block) = self
            .elsewhere("elsewhere (the portal, other kiosks)", capacity.max(1))
            .await?;
        let today = qebul_core::time::baku_date(&now);
        let mut taken = 0;
        for (i, number) in (block.first..=block.last).enumerate() {
            let item = PushItem {
                seq: i as u64,
                idempotency_key: uuid::Uuid::now_v7(),
                booking: stand_in_booking(
                    &catalog,
                    official_id,
                    day,
                    number,
                    PlaceSource::Direct,
                    CitizenWire {
                        fin: format!("{:07}", 9_000_000 + i),
                        name: format!("ELSEWHERE {i}"),
                        document_number: format!("AZE{:07}", i),
                        birth_date: None,
                        phone: "+994501234567".into(),
                        email: None,
                        workplace: String::new(),
                        position: String::new(),
                        address: "-".into(),
                        note: String::new(),
                    },
                ),
            };
            let outcome = self
                .db
                .push(
                    &elsewhere,
                    &item,
                    capacity,
                    &self.state.booking_policy,
                    today,
                    now,
                )
                .await?;
            match outcome {
                PushOutcome::Accepted | PushOutcome::Duplicate => taken += 1,
                PushOutcome::Refused { .. } => break,
            }
        }
        Ok(taken)
    }

    /// A booking for `citizen` with `official_id` on `day`, made "elsewhere" (another kiosk of
    /// the authority) on a place leased to it for that day, whatever the day: the demo's and the
    /// tests' way to a booking for today, which no kiosk offers after the morning's cut-off.
    /// Returns the booking as the server holds it.
    pub async fn book_elsewhere(
        &self,
        citizen: qebul_protocol::api::CitizenWire,
        official_id: &str,
        day: chrono::NaiveDate,
    ) -> Result<qebul_protocol::api::BookingWire, DemoError> {
        use qebul_protocol::api::{PlaceSource, PushItem, PushOutcome};
        let now = chrono::Utc::now();
        let (catalog, capacity) = self.catalog_and_capacity(official_id, day).await?;
        let (elsewhere, block) = self.elsewhere("elsewhere (another kiosk)", 1).await?;
        self.db
            .grant_leases(
                &elsewhere,
                &[(official_id.to_owned(), day, capacity.max(1))],
                1,
                now + chrono::TimeDelta::days(1),
                now,
            )
            .await?;
        let booking = stand_in_booking(
            &catalog,
            official_id,
            day,
            block.first,
            PlaceSource::Lease,
            citizen,
        );
        let item = PushItem {
            seq: 0,
            idempotency_key: uuid::Uuid::now_v7(),
            booking: booking.clone(),
        };
        let today = qebul_core::time::baku_date(&now);
        match self
            .db
            .push(
                &elsewhere,
                &item,
                capacity,
                &self.state.booking_policy,
                today,
                now,
            )
            .await?
        {
            PushOutcome::Accepted | PushOutcome::Duplicate => Ok(booking),
            PushOutcome::Refused { code, message } => Err(DemoError::NoSuchDay(format!(
                "the booking elsewhere was refused: {code}: {message}"
            ))),
        }
    }

    /// The catalog the server serves, verified, and the capacity of `official_id` on `day`.
    async fn catalog_and_capacity(
        &self,
        official_id: &str,
        day: chrono::NaiveDate,
    ) -> Result<(qebul_protocol::Catalog, u32), DemoError> {
        let signed = self
            .db
            .latest_catalog()
            .await?
            .ok_or_else(|| DemoError::NoSuchDay("the server has no catalog".into()))?;
        let catalog = signed
            .verify(&self.catalog_key)
            .map_err(|e| DemoError::NoSuchDay(format!("the catalog does not verify: {e}")))?;
        let capacity = catalog.capacity(official_id, day).ok_or_else(|| {
            DemoError::NoSuchDay(format!("the catalog has no official {official_id:?}"))
        })?;
        Ok((catalog, capacity))
    }

    /// A stand-in kiosk for "elsewhere" (the portal, other kiosks), with `numbers` application
    /// numbers of its own.
    async fn elsewhere(
        &self,
        name: &str,
        numbers: u32,
    ) -> Result<(String, qebul_protocol::api::NumberBlock), DemoError> {
        let now = chrono::Utc::now();
        let code = auth::secret_hash(&auth::normalise_code(&auth::new_enrollment_code()?));
        let kiosk = self.db.create_enrollment(name, &code, now).await?;
        let block = self.db.allocate_numbers(&kiosk, numbers).await?;
        Ok((kiosk, block))
    }

    pub fn is_serving(&self) -> bool {
        self.running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }
}

/// A booking made "elsewhere" for the demo and the tests: made now, on the catalog's first topic
/// and social status.
fn stand_in_booking(
    catalog: &qebul_protocol::Catalog,
    official_id: &str,
    day: chrono::NaiveDate,
    number: u32,
    place: qebul_protocol::api::PlaceSource,
    citizen: qebul_protocol::api::CitizenWire,
) -> qebul_protocol::api::BookingWire {
    let first = |list: &[qebul_protocol::catalog::Choice]| {
        list.first().map(|t| t.id.clone()).unwrap_or_default()
    };
    qebul_protocol::api::BookingWire {
        booking_id: uuid::Uuid::now_v7(),
        application_number: number,
        official_id: official_id.to_owned(),
        reception_date: day,
        created_at: chrono::Utc::now(),
        place,
        topic_id: first(&catalog.topics),
        social_status_id: first(&catalog.social_statuses),
        privilege_id: None,
        citizen,
    }
}

/// A serving task and the signal that ends it.
struct Running {
    task: JoinHandle<std::io::Result<()>>,
    shutdown: tokio::sync::oneshot::Sender<()>,
}

impl Running {
    fn spawn(listener: TcpListener, state: AppState) -> Running {
        let (shutdown, signal) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router(state))
                .with_graceful_shutdown(async move {
                    let _ = signal.await;
                })
                .await
        });
        Running { task, shutdown }
    }

    async fn stop(self) {
        let _ = self.shutdown.send(());
        let abort = self.task.abort_handle();
        if tokio::time::timeout(std::time::Duration::from_secs(2), self.task)
            .await
            .is_err()
        {
            abort.abort();
        }
    }
}

impl Drop for EmbeddedServer {
    fn drop(&mut self) {
        if let Some(running) = self
            .running
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            running.task.abort();
        }
    }
}
