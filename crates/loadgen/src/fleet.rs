//! The simulated kiosks: each a tokio task with its own [`ServerClient`] (its own connection,
//! as a real kiosk has), enrolled over HTTP, then syncing every period as the kiosk's sync task
//! does: push the outbox → the citizens' cancellations and comments → leases (reporting an empty
//! outbox) → health → timeline updates from its cursor → the catalog with its ETag.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use qebul_protocol::api::{
    BookingWire, CancelRequest, CitizenProof, CitizenWire, CommentRequest, KioskHealth, Lease,
    LeaseRequest, NumberBlock, PlaceSource, PrinterHealth, PushItem, PushOutcome, PushRequest,
};
use qebul_protocol::VerifyingKey;
use qebul_sync::{CatalogFetch, ServerClient, SyncError};
use tokio::sync::Semaphore;
use uuid::Uuid;

use crate::schedule::{fin, Rng, Workload};
use crate::summary::{Kind, LoadFigures, Summary};

/// Where kiosk i enrolls: its server and its one-time code.
#[derive(Debug, Clone)]
pub struct KioskEndpoint {
    pub base_url: String,
    pub code: String,
}

#[derive(Debug, Clone)]
pub struct FleetConfig {
    pub workload: Workload,
    /// How long the measured phase lasts (after every kiosk's warm-up round).
    pub measured: Duration,
    pub seed: u64,
    /// The key the catalog is signed with: each kiosk verifies what it downloads.
    pub catalog_key: VerifyingKey,
    /// How many authorities the kiosks are spread over (kiosk i belongs to authority
    /// i / ceil(kiosks / authorities)), and book with their own authority's officials.
    pub authorities: usize,
    /// Kiosks enrolling and warming up at the same time.
    pub warmup_concurrency: usize,
}

/// What the fleet measured (no server memory: the caller samples it).
pub type FleetReport = LoadFigures;

#[derive(Debug, thiserror::Error)]
pub enum FleetError {
    #[error("kiosk {kiosk} could not enroll at {url}: {source}")]
    Enroll {
        kiosk: usize,
        url: String,
        source: SyncError,
    },
    #[error("a kiosk task failed: {0}")]
    Task(String),
}

/// What one kiosk measured.
#[derive(Debug, Default)]
struct Recorder {
    samples: Vec<(Kind, Duration)>,
    errors: BTreeMap<(Kind, String), u64>,
    refused: BTreeMap<String, u64>,
    accepted: u64,
}

impl Recorder {
    /// Times `call` as a request of `kind`; an error is counted and returned as `None`.
    async fn time<T>(
        &mut self,
        kind: Kind,
        call: impl std::future::Future<Output = Result<T, SyncError>>,
    ) -> Option<T> {
        let started = Instant::now();
        let result = call.await;
        self.samples.push((kind, started.elapsed()));
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                *self.errors.entry((kind, describe(&e))).or_default() += 1;
                None
            }
        }
    }
}

/// A short, groupable description of a failed request.
fn describe(e: &SyncError) -> String {
    match e {
        SyncError::Unreachable { source, .. } => {
            // The innermost cause (timed out, connection refused...) groups failures alike.
            let mut cause: &dyn std::error::Error = source;
            while let Some(inner) = cause.source() {
                cause = inner;
            }
            format!(
                "transport: {}",
                cause.to_string().chars().take(60).collect::<String>()
            )
        }
        SyncError::Status { status, .. } => format!("HTTP {status}"),
        SyncError::Api { status, code, .. } => format!("HTTP {status} {code}"),
        SyncError::Unauthorized { .. } => "HTTP 401 unauthorized".into(),
        SyncError::Revoked { .. } => "kiosk-revoked".into(),
        SyncError::Malformed(_) => "unreadable answer".into(),
        other => other.to_string().chars().take(80).collect(),
    }
}

/// An accepted booking of this kiosk, which its citizen may later cancel or comment on.
struct Booked {
    id: Uuid,
    proof: CitizenProof,
    cancelled: bool,
}

struct SimKiosk {
    index: usize,
    client: ServerClient,
    rng: Rng,
    /// The officials' id prefix of this kiosk's authority.
    authority_prefix: String,
    leases: Vec<Lease>,
    blocks: Vec<NumberBlock>,
    outbox: Vec<PushItem>,
    seq: u64,
    made: u32,
    booked: Vec<Booked>,
    cursor: u64,
    etag: Option<String>,
}

impl SimKiosk {
    fn numbers_left(&self) -> u32 {
        self.blocks.iter().map(|b| b.last + 1 - b.first).sum()
    }

    fn next_number(&mut self) -> Option<u32> {
        let block = self.blocks.first_mut()?;
        let n = block.first;
        if block.first >= block.last {
            self.blocks.remove(0);
        } else {
            block.first += 1;
        }
        Some(n)
    }

    /// A booking made at this kiosk: from a lease with a place left, or direct on one of its
    /// authority's reception days; `None` when it has no number or no day to book.
    fn book(&mut self, from_lease: bool) -> Option<()> {
        let now = Utc::now();
        let own: Vec<usize> = (0..self.leases.len())
            .filter(|&i| {
                self.leases[i]
                    .official_id
                    .starts_with(&self.authority_prefix)
            })
            .collect();
        let candidates = if own.is_empty() {
            (0..self.leases.len()).collect()
        } else {
            own
        };
        let with_place: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| {
                self.leases[i].used < self.leases[i].places && self.leases[i].ends_at > now
            })
            .collect();
        let (i, place) = if from_lease && !with_place.is_empty() {
            (
                with_place[self.rng.below(with_place.len())],
                PlaceSource::Lease,
            )
        } else if !candidates.is_empty() {
            (
                candidates[self.rng.below(candidates.len())],
                PlaceSource::Direct,
            )
        } else {
            return None;
        };
        let number = self.next_number()?;
        if place == PlaceSource::Lease {
            self.leases[i].used += 1;
        }
        let lease = &self.leases[i];
        let citizen_fin = fin(self.index, self.made);
        self.made += 1;
        self.seq += 1;
        self.outbox.push(PushItem {
            seq: self.seq,
            idempotency_key: Uuid::now_v7(),
            booking: BookingWire {
                booking_id: Uuid::now_v7(),
                application_number: number,
                official_id: lease.official_id.clone(),
                reception_date: lease.reception_date,
                created_at: now,
                place,
                topic_id: "land".into(),
                social_status_id: "pensioner".into(),
                privilege_id: None,
                citizen: CitizenWire {
                    fin: citizen_fin,
                    name: "ƏLİYEV İLQAR ŞAHİN OĞLU".into(),
                    document_number: format!("AA{:07}", self.index * 1000 + self.made as usize),
                    birth_date: None,
                    phone: "+994501234567".into(),
                    email: None,
                    workplace: String::new(),
                    position: String::new(),
                    address: "Biləsuvar".into(),
                    note: String::new(),
                },
            },
        });
        Some(())
    }

    async fn leases(&mut self, rec: &mut Recorder) -> Option<()> {
        let request = LeaseRequest {
            kiosk_time: Utc::now(),
            numbers_left: self.numbers_left(),
            outbox_pending: 0,
        };
        let grant = rec
            .time(Kind::Leases, self.client.request_leases(&request))
            .await?;
        // Pushed before asking, so the server's `used` counts every booking made here.
        self.leases = grant.leases;
        self.blocks.extend(grant.numbers);
        Some(())
    }

    async fn catalog(&mut self, rec: &mut Recorder, key: &VerifyingKey) -> Option<()> {
        let fetched = rec
            .time(
                Kind::Catalog,
                self.client.catalog_if_changed(self.etag.as_deref(), key),
            )
            .await?;
        if let CatalogFetch::New { etag, .. } = fetched {
            self.etag = Some(etag);
        }
        Some(())
    }

    async fn push(&mut self, rec: &mut Recorder) {
        if self.outbox.is_empty() {
            return;
        }
        let request = PushRequest {
            items: self.outbox.clone(),
        };
        let Some(response) = rec.time(Kind::Push, self.client.push(&request)).await else {
            return; // kept for the next round, as a kiosk's outbox is
        };
        for result in &response.results {
            let Some(item) = self.outbox.iter().find(|i| i.seq == result.seq) else {
                continue;
            };
            match &result.outcome {
                PushOutcome::Accepted | PushOutcome::Duplicate => {
                    rec.accepted += u64::from(result.outcome == PushOutcome::Accepted);
                    self.booked.push(Booked {
                        id: item.booking.booking_id,
                        proof: CitizenProof {
                            fin: item.booking.citizen.fin.clone(),
                            document_number: item.booking.citizen.document_number.clone(),
                        },
                        cancelled: false,
                    });
                }
                PushOutcome::Refused { code, .. } => {
                    *rec.refused.entry(code.clone()).or_default() += 1;
                }
            }
        }
        self.outbox.clear();
    }

    fn pick_active(&mut self) -> Option<usize> {
        let active: Vec<usize> = (0..self.booked.len())
            .filter(|&i| !self.booked[i].cancelled)
            .collect();
        (!active.is_empty()).then(|| active[self.rng.below(active.len())])
    }

    async fn cancel(&mut self, rec: &mut Recorder) {
        let Some(i) = self.pick_active() else { return };
        let request = CancelRequest {
            citizen: self.booked[i].proof.clone(),
        };
        if rec
            .time(
                Kind::Cancel,
                self.client.cancel(self.booked[i].id, &request),
            )
            .await
            .is_some()
        {
            self.booked[i].cancelled = true;
        }
    }

    async fn comment(&mut self, rec: &mut Recorder) {
        let Some(i) = self.pick_active() else { return };
        let request = CommentRequest {
            idempotency_key: Uuid::now_v7(),
            citizen: self.booked[i].proof.clone(),
            text: "Qəbul vaxtını dəqiqləşdirmək istəyirəm.".into(),
        };
        rec.time(
            Kind::Comment,
            self.client.comment(self.booked[i].id, &request),
        )
        .await;
    }

    async fn health(&mut self, rec: &mut Recorder) {
        let report = KioskHealth {
            version: concat!("loadgen ", env!("CARGO_PKG_VERSION")).into(),
            printer: PrinterHealth::Ready,
            paper_low: false,
            unsent: 0,
            oldest_unsent_secs: None,
            disk_free_bytes: Some(20 << 30),
        };
        rec.time(Kind::Health, self.client.report_health(&report))
            .await;
    }

    async fn updates(&mut self, rec: &mut Recorder) {
        // Page on while pages come back full.
        for _ in 0..20 {
            let Some(page) = rec
                .time(Kind::Updates, self.client.updates(self.cursor))
                .await
            else {
                return;
            };
            let full = page.events.len() >= qebul_server::http::UPDATES_PAGE as usize;
            self.cursor = self.cursor.max(page.next);
            if !full {
                return;
            }
        }
    }

    /// One sync round after `plan`'s citizens came and went.
    async fn round(&mut self, workload: &Workload, rec: &mut Recorder, key: &VerifyingKey) {
        let plan = workload.round(&mut self.rng);
        for b in 0..plan.bookings {
            let _ = self.book(b < plan.from_lease);
        }
        self.push(rec).await;
        if plan.cancel {
            self.cancel(rec).await;
        }
        if plan.comment {
            self.comment(rec).await;
        }
        let _ = self.leases(rec).await;
        self.health(rec).await;
        self.updates(rec).await;
        let _ = self.catalog(rec, key).await;
    }
}

/// Enrolls every kiosk of `endpoints` (kiosk i at `endpoints[i]`), runs one unmeasured round of
/// each (its first leases, number block and catalog), then lets them all sync for
/// `config.measured` and returns what they measured.
pub async fn run_fleet(
    config: &FleetConfig,
    endpoints: &[KioskEndpoint],
) -> Result<FleetReport, FleetError> {
    let kiosks = endpoints.len();
    let per_authority = kiosks.div_ceil(config.authorities.max(1)).max(1);
    let gate = Arc::new(Semaphore::new(config.warmup_concurrency.max(1)));
    let enroll_started = Instant::now();
    let mut warmups = Vec::with_capacity(kiosks);
    for (index, endpoint) in endpoints.iter().cloned().enumerate() {
        let gate = gate.clone();
        let key = config.catalog_key;
        let seed = config.seed;
        warmups.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await;
            let mut rec = Recorder::default();
            let enroll = |source| FleetError::Enroll {
                kiosk: index,
                url: endpoint.base_url.clone(),
                source,
            };
            let client = ServerClient::new(&endpoint.base_url).map_err(enroll)?;
            let started = Instant::now();
            let enrolled = client.enroll(&endpoint.code).await.map_err(enroll)?;
            rec.samples.push((Kind::Enroll, started.elapsed()));
            let mut kiosk = SimKiosk {
                index,
                client: client.with_token(&enrolled.token),
                rng: Rng::for_kiosk(seed, index),
                authority_prefix: crate::catalog::authority_prefix(index / per_authority),
                leases: Vec::new(),
                blocks: Vec::new(),
                outbox: Vec::new(),
                seq: 0,
                made: 0,
                booked: Vec::new(),
                cursor: 0,
                etag: None,
            };
            // A failed first round is counted, not fatal: the kiosk tries again at its first
            // measured sync, as a kiosk does.
            let _ = kiosk.leases(&mut rec).await;
            let _ = kiosk.catalog(&mut rec, &key).await;
            Ok::<_, FleetError>((kiosk, rec))
        }));
    }
    let mut ready = Vec::with_capacity(kiosks);
    let mut warmup = Recorder::default();
    for task in warmups {
        let (kiosk, rec) = task.await.map_err(|e| FleetError::Task(e.to_string()))??;
        warmup.samples.extend(rec.samples);
        for ((kind, what), n) in rec.errors {
            *warmup
                .errors
                .entry((kind, format!("warm-up, {what}")))
                .or_default() += n;
        }
        ready.push(kiosk);
    }
    let warmup_took = enroll_started.elapsed();
    let enroll = Summary::of(
        warmup
            .samples
            .iter()
            .filter(|(k, _)| *k == Kind::Enroll)
            .map(|(_, d)| *d)
            .collect(),
    );
    let first_leases = Summary::of(
        warmup
            .samples
            .iter()
            .filter(|(k, _)| *k == Kind::Leases)
            .map(|(_, d)| *d)
            .collect(),
    );
    eprintln!(
        "warm-up: {kiosks} kiosks enrolled and leased in {:.1} s (enroll p50 {:?} p99 {:?}; first leases p50 {:?} p99 {:?})",
        warmup_took.as_secs_f64(),
        enroll.p50,
        enroll.p99,
        first_leases.p50,
        first_leases.p99
    );

    let started = Instant::now();
    let deadline = started + config.measured;
    let mut tasks = Vec::with_capacity(kiosks);
    for mut kiosk in ready {
        let workload = config.workload.clone();
        let key = config.catalog_key;
        tasks.push(tokio::spawn(async move {
            let mut rec = Recorder::default();
            let phase = workload.phase(&mut kiosk.rng);
            let mut ticks =
                tokio::time::interval_at(tokio::time::Instant::now() + phase, workload.sync_every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if Instant::now() >= deadline {
                    break;
                }
                kiosk.round(&workload, &mut rec, &key).await;
            }
            rec
        }));
    }
    let mut all = Recorder {
        errors: warmup.errors,
        ..Recorder::default()
    };
    for task in tasks {
        let rec = task.await.map_err(|e| FleetError::Task(e.to_string()))?;
        all.samples.extend(rec.samples);
        for (k, n) in rec.errors {
            *all.errors.entry(k).or_default() += n;
        }
        for (k, n) in rec.refused {
            *all.refused.entry(k).or_default() += n;
        }
        all.accepted += rec.accepted;
    }
    let seconds = started.elapsed().as_secs_f64();

    let mut per_kind = BTreeMap::new();
    for kind in Kind::ALL {
        let samples: Vec<Duration> = all
            .samples
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, d)| *d)
            .collect();
        if !samples.is_empty() {
            per_kind.insert(kind, Summary::of(samples));
        }
    }
    Ok(LoadFigures {
        kiosks,
        servers: {
            let mut urls: Vec<&str> = endpoints.iter().map(|e| e.base_url.as_str()).collect();
            urls.sort_unstable();
            urls.dedup();
            urls.len()
        },
        seconds,
        per_kind,
        overall: Summary::of(all.samples.into_iter().map(|(_, d)| d).collect()),
        errors: all.errors,
        refused: all.refused,
        bookings_accepted: all.accepted,
        server_memory: Vec::new(),
    })
}
