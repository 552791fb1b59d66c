//! The imperative shell of one seed: the server, the kiosks, the clocks, the steps.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_protocol::api::{CancelRequest, CitizenProof, CommentRequest};
use qebul_protocol::{Catalog, SigningKey};
use qebul_server::{auth, AppState, ServerDb};
use qebul_store::key::DbKey;
use qebul_store::{ActionRequest, BookingRequest, Store};
use qebul_sync::{LeaseClock, MonotonicReading, ServerClient, SyncConfig, SyncTask};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use uuid::Uuid;

use crate::invariants::{
    self, Accepted, ActionKind, ActionSeen, ActionState, KioskSeen, Observed, ServerBooking,
};
use crate::net::{self, Net, NetState, SimTransport};
use crate::{Config, Failure, Summary};

/// Rounds per kiosk, at most, to become quiet after healing, an hour apart. Far fewer hours
/// than a clock is ever ahead ([`MAX_SKEW_MS`]): an entry dated by a clock that was ahead must
/// not wait for the corrected clock to catch up.
const HEAL_ROUNDS: usize = 3;
/// Citizens who come to the kiosks (the policy allows one active booking per official each).
const CITIZENS: u32 = 40;

/// The simulation's true time, in milliseconds since the epoch; the server's clock reads it.
#[derive(Clone)]
struct TrueClock(Arc<AtomicI64>);

impl TrueClock {
    fn now(&self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(self.0.load(Ordering::SeqCst))
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    fn advance(&self, by: TimeDelta) {
        self.0.fetch_add(by.num_milliseconds(), Ordering::SeqCst);
    }
}

/// A queued citizen action, as the simulation remembers it.
struct ActionModel {
    kind: ActionKind,
    kiosk: usize,
    key: Uuid,
    booking: Uuid,
}

/// A running kiosk: its store, sync task and lease clock (gone while it crashes).
struct Live {
    store: Arc<Mutex<Store>>,
    task: SyncTask,
    clock: LeaseClock,
}

struct Kiosk {
    id: String,
    token: String,
    path: PathBuf,
    key: [u8; 32],
    /// The kiosk's wall clock minus the true time, in milliseconds.
    skew: Arc<AtomicI64>,
    live: Option<Live>,
}

impl Kiosk {
    fn wall(&self, clock: &TrueClock) -> DateTime<Utc> {
        clock.now() + TimeDelta::milliseconds(self.skew.load(Ordering::SeqCst))
    }
}

struct World {
    seed: u64,
    config: Config,
    rng: ChaCha8Rng,
    step: u64,
    clock: TrueClock,
    origin: DateTime<Utc>,
    net: Net,
    signing: SigningKey,
    server_path: PathBuf,
    server_ro: Option<rusqlite::Connection>,
    catalog: Catalog,
    kiosks: Vec<Kiosk>,
    accepted: Vec<Accepted>,
    actions: Vec<ActionModel>,
    trace: Vec<String>,
    summary: Summary,
    _dir: tempfile::TempDir,
}

/// A setup or I/O error of the simulation itself (not a broken invariant).
fn setup(seed: u64, step: u64, what: &str, e: impl std::fmt::Display) -> Failure {
    Failure {
        seed,
        step,
        invariant: "simulation error".into(),
        details: format!("{what}: {e}"),
        trace: Vec::new(),
    }
}

/// Where the files go: memory when there is a tmpfs (fsync is then cheap).
fn temp_dir() -> std::io::Result<tempfile::TempDir> {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(dir) = tempfile::Builder::new()
            .prefix("qebul-sim-")
            .tempdir_in(shm)
        {
            return Ok(dir);
        }
    }
    tempfile::Builder::new().prefix("qebul-sim-").tempdir()
}

pub(crate) async fn run(seed: u64, config: Config, steps: u64) -> Result<Summary, Failure> {
    let mut world = World::new(seed, config).await?;
    for _ in 0..steps {
        world.step += 1;
        world.one_step().await?;
        world.check(false).await?;
    }
    world.step = steps + 1;
    world.heal().await?;
    world.check(true).await?;
    world.summary.steps = steps;
    world.summary.trace_hash = fnv1a(&world.trace);
    world.summary.trace = std::mem::take(&mut world.trace);
    Ok(world.summary)
}

/// FNV-1a over the trace's lines: stable across runs and builds (std's hasher is not).
fn fnv1a(lines: &[String]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for line in lines {
        for byte in line.bytes().chain(std::iter::once(b'\n')) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

impl World {
    async fn new(seed: u64, config: Config) -> Result<World, Failure> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let net_rng = ChaCha8Rng::seed_from_u64(rng.random::<u64>());
        let dir = temp_dir().map_err(|e| setup(seed, 0, "temporary directory", e))?;
        // A Monday morning in Baku in the demo calendar's year, give or take a few days.
        let origin = Utc
            .with_ymd_and_hms(2027, 1, 11, 5, 0, 0)
            .single()
            .ok_or_else(|| setup(seed, 0, "origin", "no such time"))?
            + TimeDelta::minutes(rng.random_range(0..4 * 24 * 60));
        let clock = TrueClock(Arc::new(AtomicI64::new(origin.timestamp_millis())));
        let mut key = [0u8; 32];
        rng.fill(&mut key);
        let signing = SigningKey::from_bytes(&key);
        let catalog =
            qebul_server::demo_catalog().map_err(|e| setup(seed, 0, "demo catalog", e))?;
        let server_path = dir.path().join("server.db");
        let mut world = World {
            seed,
            config,
            rng,
            step: 0,
            clock,
            origin,
            net: Arc::new(Mutex::new(NetState::new(net_rng))),
            signing,
            server_path,
            server_ro: None,
            catalog,
            kiosks: Vec::new(),
            accepted: Vec::new(),
            actions: Vec::new(),
            trace: Vec::new(),
            summary: Summary {
                seed,
                ..Summary::default()
            },
            _dir: dir,
        };
        world.enrol_fleet().await?;
        net::lock(&world.net).faulty = true;
        Ok(world)
    }

    fn fail_setup(&self, what: &str, e: impl std::fmt::Display) -> Failure {
        let mut f = setup(self.seed, self.step, what, e);
        f.trace = self.tail();
        f
    }

    /// The trace so far, for a failure (the binary shows its last lines).
    fn tail(&self) -> Vec<String> {
        self.trace.clone()
    }

    fn note(&mut self, line: String) {
        let network = std::mem::take(&mut net::lock(&self.net).log);
        self.summary.network_faults +=
            network.iter().filter(|l| !l.ends_with("Deliver")).count() as u64;
        self.trace.extend(network);
        self.trace.push(format!("step {}: {line}", self.step));
    }

    /// The demo data, one enrollment code per kiosk, and each kiosk enrolled through the real
    /// endpoint.
    async fn enrol_fleet(&mut self) -> Result<(), Failure> {
        let db = ServerDb::open(&self.server_path.to_string_lossy())
            .await
            .map_err(|e| self.fail_setup("server database", e))?;
        let first = qebul_server::load_demo(&db, &self.signing, "sim kiosk 0")
            .await
            .map_err(|e| self.fail_setup("demo data", e))?;
        let mut codes = vec![first];
        for k in 1..self.config.kiosks.max(1) {
            let code = auth::new_enrollment_code().map_err(|e| self.fail_setup("code", e))?;
            db.create_enrollment(
                &format!("sim kiosk {k}"),
                &auth::secret_hash(&auth::normalise_code(&code)),
                self.clock.now(),
            )
            .await
            .map_err(|e| self.fail_setup("enrollment", e))?;
            codes.push(code);
        }
        drop(db);
        self.start_server().await?;
        for (k, code) in codes.iter().enumerate() {
            let client = self.client(k)?;
            let enrolled = client
                .enroll(code)
                .await
                .map_err(|e| self.fail_setup("enrolling", e))?;
            let mut key = [0u8; 32];
            self.rng.fill(&mut key);
            let mut kiosk = Kiosk {
                id: enrolled.kiosk_id,
                token: enrolled.token,
                path: self._dir.path().join(format!("kiosk-{k}.db")),
                key,
                skew: Arc::new(AtomicI64::new(0)),
                live: None,
            };
            kiosk.live = Some(self.open_kiosk(k, &kiosk)?);
            self.kiosks.push(kiosk);
        }
        self.note(format!("{} kiosks enrolled", self.kiosks.len()));
        Ok(())
    }

    fn client(&self, k: usize) -> Result<ServerClient, Failure> {
        let transport = Arc::new(SimTransport {
            kiosk: k,
            net: self.net.clone(),
        });
        ServerClient::with_transport("http://server.sim", transport)
            .map_err(|e| self.fail_setup("client", e))
    }

    /// Opens kiosk `k`'s store from disk and starts its sync as the app does after a restart:
    /// the lease clock anchored where the store's last grant left it, with the monotonic
    /// reading kept beside it.
    fn open_kiosk(&self, k: usize, kiosk: &Kiosk) -> Result<Live, Failure> {
        let store = Store::open(&kiosk.path, &DbKey::from_bytes(kiosk.key))
            .map_err(|e| self.fail_setup("opening a kiosk's store", e))?;
        let state = store
            .sync_state()
            .map_err(|e| self.fail_setup("sync state", e))?;
        let (clock, skew) = (self.clock.clone(), kiosk.skew.clone());
        let wall =
            Arc::new(move || clock.now() + TimeDelta::milliseconds(skew.load(Ordering::SeqCst)));
        let (clock, origin) = (self.clock.clone(), self.origin);
        // One boot for the whole run: a kiosk's crash restarts its process, not its machine.
        let monotonic = Arc::new(move || MonotonicReading {
            boot: "sim".to_owned(),
            since_boot: (clock.now() - origin).to_std().unwrap_or_default(),
        });
        let lease_clock = LeaseClock::with_clocks(
            state.lease_anchor_at,
            state.lease_anchor_reading.as_deref(),
            wall,
            monotonic,
        );
        let client = self.client(k)?.with_token(&kiosk.token);
        let store = Arc::new(Mutex::new(store));
        let (task, _handle) = SyncTask::with_clock(
            client,
            store.clone(),
            SyncConfig::new(self.signing.verifying_key()),
            lease_clock.clone(),
        )
        .map_err(|e| self.fail_setup("sync task", e))?;
        Ok(Live {
            store,
            task,
            clock: lease_clock,
        })
    }

    /// (Re)opens the server's database and serves it with the simulation's clock.
    async fn start_server(&mut self) -> Result<(), Failure> {
        let db = ServerDb::open(&self.server_path.to_string_lossy())
            .await
            .map_err(|e| self.fail_setup("server database", e))?;
        let mut state = AppState::new(db, self.signing.verifying_key());
        let clock = self.clock.clone();
        state.clock = Arc::new(move || clock.now());
        net::lock(&self.net).router = Some(qebul_server::router(state));
        if self.server_ro.is_none() {
            let ro = rusqlite::Connection::open_with_flags(
                &self.server_path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| self.fail_setup("reading the server's database", e))?;
            self.server_ro = Some(ro);
        }
        Ok(())
    }

    fn pick_kiosk(&mut self) -> usize {
        self.rng.random_range(0..self.kiosks.len())
    }

    async fn one_step(&mut self) -> Result<(), Failure> {
        let due = {
            let mut net = net::lock(&self.net);
            net.step = self.step;
            let router = net.router.clone();
            router.map(|r| (r, net.take_due(false)))
        };
        if let Some((router, due)) = due {
            for (k, request) in due {
                let what = format!(
                    "{} {}",
                    request.method(),
                    net::shown_path(request.uri().path())
                );
                let answer = net::deliver(router.clone(), request).await;
                self.trace.push(format!(
                    "net k{k} {what}: held copy delivered ({})",
                    answer.map(|r| r.status().as_u16()).unwrap_or(0)
                ));
            }
        }
        self.clock
            .advance(TimeDelta::seconds(self.rng.random_range(5..120)));
        let k = self.pick_kiosk();
        match self.rng.random_range(0..100u32) {
            0..=27 => self.book(k).await,
            28..=31 => self.queue_action(k, ActionKind::Cancel).await,
            32..=37 => self.queue_action(k, ActionKind::Comment).await,
            38..=61 => self.round(k).await,
            62..=64 => self.crash(k).await,
            65..=66 => self.restart_server().await,
            67..=70 => {
                self.skew(k);
                Ok(())
            }
            71..=76 => self.printer(k, true).await,
            77..=79 => self.printer(k, false).await,
            80..=91 => {
                self.advance();
                Ok(())
            }
            92..=95 => {
                let span = self.rng.random_range(3..40);
                net::lock(&self.net)
                    .partitioned_until
                    .insert(k, self.step + span);
                self.note(format!("k{k} cut off for {span} steps"));
                Ok(())
            }
            _ => {
                self.note("nothing happens".into());
                Ok(())
            }
        }
    }

    fn live(&self, k: usize) -> Result<&Live, Failure> {
        self.kiosks[k]
            .live
            .as_ref()
            .ok_or_else(|| self.fail_setup("kiosk", format!("kiosk {k} is not running")))
    }

    /// A citizen books at kiosk `k` on one of its leases, as the app books offline.
    async fn book(&mut self, k: usize) -> Result<(), Failure> {
        let store = self.live(k)?.store.clone();
        let leases: Vec<(String, String)> = {
            let guard = store.lock().unwrap_or_else(|p| p.into_inner());
            let mut stmt = guard
                .connection()
                .prepare(
                    "SELECT official_id, reception_date FROM capacity_leases
                     WHERE used < granted ORDER BY official_id, reception_date",
                )
                .map_err(|e| self.fail_setup("reading leases", e))?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(|e| self.fail_setup("reading leases", e))?;
            rows
        };
        if leases.is_empty() {
            self.note(format!("k{k} book: no lease with a place"));
            return Ok(());
        }
        let (official, date) = leases[self.rng.random_range(0..leases.len())].clone();
        let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            .map_err(|e| self.fail_setup("lease date", e))?;
        let citizen = self.rng.random_range(0..CITIZENS);
        let request = booking_request(&official, date, citizen);
        let live = self.live(k)?;
        let judged = live.clock.now();
        let wall = self.kiosks[k].wall(&self.clock);
        let now = if self.config.break_lease_clock {
            wall
        } else {
            judged
        };
        let result = store.lock().unwrap_or_else(|p| p.into_inner()).book(
            &request,
            now,
            &BookingPolicy::default(),
        );
        match result {
            Ok(booked) => {
                let accepted = Accepted {
                    kiosk: k,
                    id: booked.id,
                    number: booked.number,
                    official: official.clone(),
                    date,
                    at: self.clock.now(),
                    fin: request.citizen_fin.clone(),
                    document: request.document_number.clone(),
                };
                self.note(format!(
                    "k{k} book {official} {date} citizen {citizen}: #{}",
                    booked.number
                ));
                self.summary.bookings += 1;
                let ends_at = self.server_lease_end(&self.kiosks[k].id, &official, date)?;
                let checked = invariants::lease_in_time(&accepted, ends_at, now);
                self.accepted.push(accepted);
                checked.map_err(|b| self.broken(b))
            }
            Err(e) => {
                self.summary.refused_bookings += 1;
                self.note(format!(
                    "k{k} book {official} {date} citizen {citizen}: refused {}",
                    e.code()
                ));
                Ok(())
            }
        }
    }

    fn server_lease_end(
        &self,
        kiosk_id: &str,
        official: &str,
        date: NaiveDate,
    ) -> Result<Option<DateTime<Utc>>, Failure> {
        let Some(ro) = &self.server_ro else {
            return Ok(None);
        };
        let end: Option<String> = ro
            .query_row(
                "SELECT ends_at FROM leases
                 WHERE kiosk_id = ?1 AND official_id = ?2 AND reception_date = ?3",
                rusqlite::params![kiosk_id, official, date.format("%Y-%m-%d").to_string()],
                |r| r.get(0),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })
            .map_err(|e| self.fail_setup("reading the server's leases", e))?;
        end.map(|t| {
            DateTime::parse_from_rfc3339(&t)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| self.fail_setup("a lease end", e))
        })
        .transpose()
    }

    fn broken(&self, b: invariants::Broken) -> Failure {
        Failure {
            seed: self.seed,
            step: self.step,
            invariant: b.invariant.to_owned(),
            details: b.details,
            trace: self.tail(),
        }
    }

    /// A citizen cancels or comments on one of the accepted bookings (made at any kiosk), at
    /// kiosk `k`: queued in the store as the app queues it offline, sent by the sync task.
    async fn queue_action(&mut self, k: usize, kind: ActionKind) -> Result<(), Failure> {
        if self.accepted.is_empty() {
            self.note(format!("k{k} {kind:?}: no application yet"));
            return Ok(());
        }
        let i = self.rng.random_range(0..self.accepted.len());
        let (booking, number, citizen) = {
            let a = &self.accepted[i];
            (
                a.id,
                a.number,
                CitizenProof {
                    fin: a.fin.clone(),
                    document_number: a.document.clone(),
                },
            )
        };
        let request = match kind {
            ActionKind::Cancel => ActionRequest::Cancel(CancelRequest { citizen }),
            ActionKind::Comment => ActionRequest::Comment(CommentRequest {
                idempotency_key: Uuid::now_v7(),
                citizen,
                text: format!("Zəhmət olmasa, zəng edin ({})", self.step),
            }),
        };
        let now = self.kiosks[k].wall(&self.clock);
        let store = self.live(k)?.store.clone();
        let key = store
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .queue_action(booking, &request, now, now)
            .map_err(|e| self.fail_setup("queueing an action", e))?;
        match kind {
            ActionKind::Cancel => self.summary.cancellations += 1,
            ActionKind::Comment => self.summary.comments += 1,
        }
        self.actions.push(ActionModel {
            kind,
            kiosk: k,
            key,
            booking,
        });
        self.note(format!("k{k} {kind:?} #{number}"));
        Ok(())
    }

    async fn round(&mut self, k: usize) -> Result<(), Failure> {
        let Some(live) = self.kiosks[k].live.as_mut() else {
            return Err(self.fail_setup("kiosk", format!("kiosk {k} is not running")));
        };
        let result = live.task.round().await;
        self.summary.rounds += 1;
        let line = match result {
            Ok(r) => format!(
                "k{k} round: ok, {} delivered, {} refused, {} actions, {} leases",
                r.delivered, r.refused, r.actions, r.leases.leases
            ),
            Err(_) => {
                self.summary.failed_rounds += 1;
                format!("k{k} round: failed")
            }
        };
        self.note(line);
        Ok(())
    }

    async fn crash(&mut self, k: usize) -> Result<(), Failure> {
        // Everything in memory goes: the store's connection, the task, the lease clock.
        self.kiosks[k].live = None;
        let live = self.open_kiosk(k, &self.kiosks[k])?;
        self.kiosks[k].live = Some(live);
        self.summary.crashes += 1;
        self.note(format!("k{k} crashes and restarts"));
        Ok(())
    }

    async fn restart_server(&mut self) -> Result<(), Failure> {
        net::lock(&self.net).router = None;
        self.start_server().await?;
        self.summary.server_restarts += 1;
        self.note("the server restarts".into());
        Ok(())
    }

    fn skew(&mut self, k: usize) {
        let skew = &self.kiosks[k].skew;
        let line = match self.rng.random_range(0..3u32) {
            0 => {
                let m = self.rng.random_range(1..180i64);
                skew.fetch_add(m * 60_000, Ordering::SeqCst);
                clamp_skew(skew);
                format!("k{k} clock forward {m} min")
            }
            1 => {
                let m = self.rng.random_range(1..600i64);
                skew.fetch_sub(m * 60_000, Ordering::SeqCst);
                clamp_skew(skew);
                format!("k{k} clock set back {m} min")
            }
            _ => {
                skew.store(0, Ordering::SeqCst);
                "clock corrected".to_owned()
            }
        };
        let line = if line.starts_with("clock") {
            format!("k{k} {line}")
        } else {
            line
        };
        self.note(line);
    }

    /// Kiosk `k`'s printer takes its next queued notice: prints it, or fails (paper out).
    async fn printer(&mut self, k: usize, works: bool) -> Result<(), Failure> {
        let now = self.kiosks[k].wall(&self.clock);
        let store = self.live(k)?.store.clone();
        let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
        let job = guard
            .queued_print_jobs(1)
            .map_err(|e| self.fail_setup("print queue", e))?
            .into_iter()
            .next();
        let Some(job) = job else {
            drop(guard);
            self.note(format!("k{k} printer: nothing queued"));
            return Ok(());
        };
        guard
            .start_printing(job.id, now)
            .map_err(|e| self.fail_setup("printing", e))?;
        if works {
            guard
                .mark_printed(job.id, now)
                .map_err(|e| self.fail_setup("printed", e))?;
        } else {
            guard
                .mark_print_failed(job.id, "paper out", now)
                .map_err(|e| self.fail_setup("print failed", e))?;
        }
        drop(guard);
        if works {
            self.summary.printed += 1;
        } else {
            self.summary.print_failures += 1;
        }
        self.note(format!(
            "k{k} printer: {}",
            if works { "printed" } else { "failed" }
        ));
        Ok(())
    }

    fn advance(&mut self) {
        let minutes = if self.rng.random_bool(0.2) {
            self.rng.random_range(4 * 60..30 * 60)
        } else {
            self.rng.random_range(10..240)
        };
        self.clock.advance(TimeDelta::minutes(minutes));
        self.note(format!("time passes: {minutes} min"));
    }

    /// The network heals, the clocks are corrected, held copies arrive, and every kiosk syncs
    /// until it has nothing left to send.
    async fn heal(&mut self) -> Result<(), Failure> {
        let (router, held) = {
            let mut net = net::lock(&self.net);
            net.faulty = false;
            net.partitioned_until.clear();
            (net.router.clone(), net.take_due(true))
        };
        if let Some(router) = router {
            for (_, request) in held {
                let _ = net::deliver(router.clone(), request).await;
            }
        }
        for kiosk in &self.kiosks {
            kiosk.skew.store(0, Ordering::SeqCst);
        }
        self.note("healing".into());
        for _ in 0..HEAL_ROUNDS {
            self.clock.advance(TimeDelta::hours(1));
            let mut quiet = true;
            for k in 0..self.kiosks.len() {
                let Some(live) = self.kiosks[k].live.as_mut() else {
                    continue;
                };
                let ok = live.task.round().await.is_ok();
                let store = live.store.clone();
                let guard = store.lock().unwrap_or_else(|p| p.into_inner());
                let pending = guard
                    .outbox_counts()
                    .map_err(|e| self.fail_setup("outbox", e))?
                    .pending;
                let queued = guard
                    .queued_action_count()
                    .map_err(|e| self.fail_setup("actions", e))?;
                quiet &= ok && pending == 0 && queued == 0;
            }
            if quiet {
                break;
            }
        }
        self.note("healed".into());
        Ok(())
    }

    async fn check(&mut self, end: bool) -> Result<(), Failure> {
        let seen = self.observe()?;
        let catalog = &self.catalog;
        invariants::check(&self.accepted, &seen, |o, d| catalog.capacity(o, d), end)
            .map_err(|b| self.broken(b))
    }

    /// Reads the server's database and every kiosk's store.
    fn observe(&self) -> Result<Observed, Failure> {
        let err = |e: rusqlite::Error| self.fail_setup("reading the state", e);
        let Some(ro) = &self.server_ro else {
            return Err(self.fail_setup("server", "not started"));
        };
        let mut stmt = ro
            .prepare_cached(
                "SELECT booking_id, application_number, official_id, reception_date, status
                 FROM bookings ORDER BY application_number",
            )
            .map_err(err)?;
        let server = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(err)?
            .into_iter()
            .map(|(id, number, official, date, status)| {
                let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                    .map_err(|e| self.fail_setup("a server date", e))?;
                Ok(ServerBooking {
                    id,
                    number,
                    official,
                    date,
                    cancelled: status == "cancelled",
                })
            })
            .collect::<Result<Vec<_>, Failure>>()?;
        let mut kiosks = Vec::new();
        for kiosk in &self.kiosks {
            let Some(live) = &kiosk.live else {
                kiosks.push(KioskSeen::default());
                continue;
            };
            let guard = live.store.lock().unwrap_or_else(|p| p.into_inner());
            let conn = guard.connection();
            let pairs = |sql: &str| -> Result<Vec<(String, String)>, rusqlite::Error> {
                conn.prepare_cached(sql)?
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect()
            };
            let bookings = conn
                .prepare_cached("SELECT id, application_number FROM bookings")
                .and_then(|mut s| {
                    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<Result<Vec<(String, u32)>, _>>()
                })
                .map_err(err)?;
            let delivered =
                pairs("SELECT booking_id, delivered_at FROM outbox WHERE delivered_at IS NOT NULL")
                    .map_err(err)?
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect();
            let refused = pairs(
                "SELECT booking_id, coalesce(refused_code, '') FROM outbox
                 WHERE refused_at IS NOT NULL AND delivered_at IS NULL",
            )
            .map_err(err)?;
            kiosks.push(KioskSeen {
                bookings,
                delivered,
                refused,
            });
        }
        let mut actions = Vec::new();
        let mut states: BTreeMap<(usize, Uuid), Vec<qebul_store::ActionRecord>> = BTreeMap::new();
        for a in &self.actions {
            if let std::collections::btree_map::Entry::Vacant(entry) =
                states.entry((a.kiosk, a.booking))
            {
                let records = match &self.kiosks[a.kiosk].live {
                    Some(live) => live
                        .store
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .actions_for(a.booking)
                        .map_err(|e| self.fail_setup("actions", e))?,
                    None => Vec::new(),
                };
                entry.insert(records);
            }
            let state = states
                .get(&(a.kiosk, a.booking))
                .and_then(|records| records.iter().find(|r| r.key == a.key))
                .map(|r| match &r.state {
                    qebul_store::ActionState::Queued => ActionState::Queued,
                    qebul_store::ActionState::Delivered(_) => ActionState::Delivered,
                    qebul_store::ActionState::Refused { code } => {
                        ActionState::Refused(code.clone())
                    }
                })
                .unwrap_or(ActionState::Missing);
            let booking = a.booking.hyphenated().to_string();
            let applied: i64 = match a.kind {
                ActionKind::Comment => ro.query_row(
                    "SELECT count(*) FROM timeline_events WHERE action_key = ?1",
                    [a.key.hyphenated().to_string()],
                    |r| r.get(0),
                ),
                ActionKind::Cancel => ro.query_row(
                    "SELECT count(*) FROM timeline_events
                     WHERE booking_id = ?1 AND kind = 'cancelled'",
                    [&booking],
                    |r| r.get(0),
                ),
            }
            .map_err(err)?;
            let applied = u64::try_from(applied).unwrap_or(0);
            actions.push(ActionSeen {
                kind: a.kind,
                kiosk: a.kiosk,
                booking: a.booking,
                state,
                applied,
            });
        }
        Ok(Observed {
            server,
            kiosks,
            actions,
        })
    }
}

/// The most a kiosk's clock is off, either way: hours, as a wrong time zone or a dead RTC
/// battery makes it (the heal phase outlasts it).
const MAX_SKEW_MS: i64 = 12 * 3600 * 1000;

fn clamp_skew(skew: &AtomicI64) {
    let clamped = skew.load(Ordering::SeqCst).clamp(-MAX_SKEW_MS, MAX_SKEW_MS);
    skew.store(clamped, Ordering::SeqCst);
}

/// A citizen's booking form, filled in as the app fills it from the card and the screens.
fn booking_request(official: &str, date: NaiveDate, citizen: u32) -> BookingRequest {
    BookingRequest {
        language: qebul_core::Lang::Az,
        document_kind: qebul_core::DocumentKind::IdCard,
        official_id: official.into(),
        reception_date: date,
        citizen_fin: format!("S{:06}", citizen),
        citizen_name: format!("SINAQ VƏTƏNDAŞ {citizen}"),
        document_number: format!("AA{:07}", citizen),
        birth_date: NaiveDate::from_ymd_opt(1980, 1, 1 + citizen % 28),
        phone: "+994501234567".into(),
        email: None,
        workplace: "Məlumat Hesablama Mərkəzi".into(),
        position: "mühəndis".into(),
        address: "Biləsuvar rayonu, Bəydili kəndi".into(),
        note: String::new(),
        topic_id: "agriculture".into(),
        social_status_id: "entrepreneur".into(),
        privilege_id: None,
    }
}
