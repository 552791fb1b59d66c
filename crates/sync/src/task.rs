//! The sync loop: in the background, for as long as the kiosk runs.
//!
//! Each round, in this order:
//! 1. **push** the outbox in batches of [`SyncConfig::push_batch`] until nothing is due (every
//!    answer is applied before the next batch: accepted/duplicate → delivered, refused → final);
//! 1. then the citizens' queued **actions** (cancel, comment, check in), one by one; a final
//!    refusal is recorded, anything else stops the round and is tried again;
//! 2. **leases**: report the kiosk's clock, numbers left and outbox count, apply the grant and
//!    anchor the [`LeaseClock`] on it;
//! 2. then the kiosk's **health** ([`SyncConfig::health`]), when the kiosk gives a
//!    [`HealthProvider`]: best effort, a failure is logged and never fails the round (an older
//!    server without the endpoint answers 404);
//! 3. **updates**: pull the timeline of this kiosk's bookings page by page until exhausted;
//! 4. **catalog**: fetch it with its ETag; a new one is verified under the pinned key and saved
//!    with its ETag; a refused one leaves the last good one in the store.
//!
//! After each round a [`SyncStatus`] goes out on a `watch` channel. A success waits
//! [`SyncConfig::interval`] (cut short by [`SyncHandle::sync_now`]); a failure waits the
//! [`Backoff`]; a revoked or unknown device token is recorded in the store for the receptionist
//! and the task then only re-checks every [`SyncConfig::auth_recheck`]. None of this ever stops
//! local booking: the store keeps booking within its leases until they end.
//!
//! The store is synchronous: it is shared as `Arc<std::sync::Mutex<Store>>` and every use runs
//! on tokio's blocking pool ([`tokio::task::spawn_blocking`]), so the lock is never held across
//! an `.await` and SQLite's fsyncs never stall the runtime.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use qebul_protocol::api::{KioskHealth, LeaseRequest, PushRequest, MAX_PUSH_BATCH};
use qebul_protocol::VerifyingKey;
use qebul_store::{AuthProblem, AuthProblemKind, GrantApplied, Store, StoreError, UpdatesApplied};
use tokio::sync::{watch, Notify};

use crate::backoff::Backoff;
use crate::clock::LeaseClock;
use crate::{CatalogFetch, ServerClient, SyncError};

/// What the kiosk reports of its health each round, built from the store (given under the
/// sync task's lock, on the blocking pool) and whatever else the kiosk knows (its printer, its
/// disk). `None` skips the report this round (e.g. the store could not be read).
#[derive(Clone)]
pub struct HealthProvider(Arc<BuildHealth>);

type BuildHealth = dyn Fn(&Store) -> Option<KioskHealth> + Send + Sync;

impl HealthProvider {
    pub fn new(f: impl Fn(&Store) -> Option<KioskHealth> + Send + Sync + 'static) -> Self {
        HealthProvider(Arc::new(f))
    }

    pub fn report(&self, store: &Store) -> Option<KioskHealth> {
        (self.0)(store)
    }
}

impl std::fmt::Debug for HealthProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HealthProvider")
    }
}

/// How the sync task paces itself.
#[derive(Debug, Clone)]
pub struct SyncConfig {
    /// The server's catalog key, pinned at installation (or from enrolment).
    pub catalog_key: VerifyingKey,
    /// Between two successful rounds.
    pub interval: Duration,
    /// The first retry delay's ceiling after a failure; doubles up to `backoff_cap`.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// How often a kiosk whose token was refused (revoked, unknown) asks again.
    pub auth_recheck: Duration,
    /// Bookings per push (at most [`MAX_PUSH_BATCH`]).
    pub push_batch: usize,
    /// The kiosk's health, reported to the server each round; none reports nothing.
    pub health: Option<HealthProvider>,
}

impl SyncConfig {
    /// A minute between rounds, retries from 2 s up to 5 min, a revoked kiosk asks every 30 min.
    pub fn new(catalog_key: VerifyingKey) -> SyncConfig {
        SyncConfig {
            catalog_key,
            interval: Duration::from_secs(60),
            backoff_base: Duration::from_secs(2),
            backoff_cap: Duration::from_secs(300),
            auth_recheck: Duration::from_secs(1800),
            push_batch: MAX_PUSH_BATCH,
            health: None,
        }
    }
}

/// What the receptionist's screen shows about the server.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncStatus {
    /// The last round went through completely.
    pub online: bool,
    /// The end of the last complete round (kiosk clock).
    pub last_success: Option<DateTime<Utc>>,
    /// Outbox entries not yet delivered (refused ones not counted).
    pub pending: u64,
    /// Outbox entries the server refused (final; see `Store::refused_entries`).
    pub refused: u64,
    /// Citizens' cancellations, comments and check-ins not yet on the server.
    pub queued_actions: u64,
    /// The server turned the device token away.
    pub auth_problem: Option<AuthProblem>,
    /// Why the last round failed, for the receptionist or the log (not for citizens).
    pub last_error: Option<String>,
    /// The version of the cached catalog.
    pub catalog_version: Option<i64>,
}

/// What a round did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoundReport {
    pub delivered: usize,
    pub refused: usize,
    pub push_requests: usize,
    /// Citizens' actions the server answered.
    pub actions: usize,
    pub leases: GrantApplied,
    pub updates: UpdatesApplied,
    /// The version of a new catalog saved this round.
    pub new_catalog: Option<u64>,
    /// The server took this round's health report.
    pub health_reported: bool,
}

/// The shell's side of a running [`SyncTask`].
#[derive(Clone)]
pub struct SyncHandle {
    pub status: watch::Receiver<SyncStatus>,
    /// The clock to pass to `Store::book` as "now" (see [`crate::lease_clock`]).
    pub clock: LeaseClock,
    kick: Arc<Notify>,
    retry: Arc<Notify>,
}

impl SyncHandle {
    /// Starts a round now if the task is waiting out its normal interval (a new booking to
    /// push). Ignored while it backs off after a failure or waits out a token refusal.
    pub fn sync_now(&self) {
        self.kick.notify_one();
    }

    /// Starts a round now even while the task backs off after a failure: someone knows the
    /// server is back (the demo's switch). Not while it waits out a token refusal.
    pub fn retry_now(&self) {
        self.retry.notify_one();
    }
}

/// The background sync loop; see the module doc.
pub struct SyncTask {
    client: ServerClient,
    store: Arc<Mutex<Store>>,
    config: SyncConfig,
    backoff: Backoff,
    clock: LeaseClock,
    status: watch::Sender<SyncStatus>,
    kick: Arc<Notify>,
    retry: Arc<Notify>,
}

/// How long to wait after a round, and whether a kick may cut the wait short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait {
    pub delay: Duration,
    pub kickable: bool,
}

/// The wait after a round: the interval after a success (the backoff starts over), the slow
/// re-check after a token refusal, the backoff after any other failure.
pub fn wait_after(
    result: &Result<RoundReport, SyncError>,
    backoff: &mut Backoff,
    config: &SyncConfig,
) -> Wait {
    match result {
        Ok(_) => {
            backoff.reset();
            Wait {
                delay: config.interval,
                kickable: true,
            }
        }
        Err(e) if e.is_auth() => {
            backoff.reset();
            Wait {
                delay: config.auth_recheck,
                kickable: false,
            }
        }
        Err(_) => Wait {
            delay: backoff.next_delay(),
            kickable: false,
        },
    }
}

impl SyncTask {
    /// A task for `client` (with its device token) and `store`; its handle carries the status
    /// channel (starting from what the store remembers) and the lease clock (anchored where
    /// the store's last grant left it).
    pub fn new(
        client: ServerClient,
        store: Arc<Mutex<Store>>,
        config: SyncConfig,
    ) -> Result<(SyncTask, SyncHandle), SyncError> {
        let clock = {
            let guard = store.lock().unwrap_or_else(|p| p.into_inner());
            let state = guard.sync_state()?;
            LeaseClock::new(state.lease_anchor_at, state.lease_anchor_reading.as_deref())
        };
        SyncTask::with_clock(client, store, config, clock)
    }

    /// The same with the caller's lease clock (tests move its wall clock).
    pub fn with_clock(
        client: ServerClient,
        store: Arc<Mutex<Store>>,
        config: SyncConfig,
        clock: LeaseClock,
    ) -> Result<(SyncTask, SyncHandle), SyncError> {
        let initial = {
            let guard = store.lock().unwrap_or_else(|p| p.into_inner());
            status_from(&guard, false, None)?
        };
        let (status, receiver) = watch::channel(initial);
        let kick = Arc::new(Notify::new());
        let retry = Arc::new(Notify::new());
        let backoff = Backoff::new(config.backoff_base, config.backoff_cap);
        let handle = SyncHandle {
            status: receiver,
            clock: clock.clone(),
            kick: kick.clone(),
            retry: retry.clone(),
        };
        Ok((
            SyncTask {
                client,
                store,
                config,
                backoff,
                clock,
                status,
                kick,
                retry,
            },
            handle,
        ))
    }

    /// Replaces the backoff (tests inject its random source).
    pub fn with_backoff(mut self, backoff: Backoff) -> SyncTask {
        self.backoff = backoff;
        self
    }

    /// Runs rounds until every [`SyncHandle`] (status receiver) is dropped.
    pub async fn run(mut self) {
        loop {
            let result = self.round().await;
            if self.status.is_closed() {
                return;
            }
            let refused = matches!(&result, Err(e) if e.is_auth());
            let wait = wait_after(&result, &mut self.backoff, &self.config);
            if wait.kickable {
                tokio::select! {
                    _ = tokio::time::sleep(wait.delay) => {}
                    _ = self.kick.notified() => {}
                    _ = self.retry.notified() => {}
                }
            } else if !refused {
                tokio::select! {
                    _ = tokio::time::sleep(wait.delay) => {}
                    _ = self.retry.notified() => {}
                }
            } else {
                tokio::time::sleep(wait.delay).await;
            }
        }
    }

    /// One round (see the module doc); records its outcome in the store and sends the status.
    pub async fn round(&mut self) -> Result<RoundReport, SyncError> {
        let result = self.round_steps().await;
        let now = self.clock.wall();
        let (online, error) = match &result {
            Ok(_) => (true, None),
            Err(e) => (false, Some(e.to_string())),
        };
        let auth = match &result {
            Err(SyncError::Revoked { message }) => {
                Some((AuthProblemKind::Revoked, message.clone()))
            }
            Err(SyncError::Unauthorized { message }) => {
                Some((AuthProblemKind::Unauthorized, message.clone()))
            }
            _ => None,
        };
        let recorded = self
            .with_store(move |store| {
                if online {
                    store.record_sync_success(now)?;
                }
                if let Some((kind, message)) = auth {
                    store.record_auth_problem(kind, &message, now)?;
                }
                status_from(store, online, error)
            })
            .await;
        match recorded {
            Ok(status) => {
                self.status.send_replace(status);
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot record the sync round in the store");
                self.status.send_modify(|s| {
                    s.online = false;
                    s.last_error = Some(e.to_string());
                });
            }
        }
        if let Err(e) = &result {
            tracing::warn!(error = %e, "sync round failed");
        }
        result
    }

    async fn round_steps(&mut self) -> Result<RoundReport, SyncError> {
        let mut report = RoundReport::default();
        let batch_size = self.config.push_batch.clamp(1, MAX_PUSH_BATCH);

        // 1. Push until nothing is due. Due by the lease clock: bookings are dated by it, so a
        // wall clock set back must not hold them until it catches up.
        loop {
            let now = self.clock.now();
            let batch = self
                .with_store(move |s| s.push_batch(now, batch_size))
                .await?;
            if batch.is_empty() {
                break;
            }
            if !batch.unreadable.is_empty() {
                for u in &batch.unreadable {
                    tracing::error!(seq = u.seq, error = %u.error, "outbox entry cannot be sent");
                }
                let local = batch.unreadable_results();
                let applied = self
                    .with_store(move |s| s.apply_push_results(&local, now))
                    .await?;
                report.refused += applied.refused;
            }
            if batch.items.is_empty() {
                continue;
            }
            let sent = batch.items.len();
            let response = self
                .client
                .push(&PushRequest { items: batch.items })
                .await?;
            report.push_requests += 1;
            let answered = self.clock.wall();
            let results = response.results;
            let applied = self
                .with_store(move |s| s.apply_push_results(&results, answered))
                .await?;
            report.delivered += applied.delivered;
            report.refused += applied.refused;
            if applied.delivered + applied.refused < sent {
                return Err(SyncError::Protocol(format!(
                    "the push answer settled {} of the {sent} bookings sent",
                    applied.delivered + applied.refused
                )));
            }
        }

        // 1b. The citizens' queued actions, after the bookings they are about.
        loop {
            let now = self.clock.now();
            let due = self.with_store(move |s| s.due_actions(now, 50)).await?;
            if due.is_empty() {
                break;
            }
            for action in due {
                let answer = crate::actions::send_action(&self.client, &action).await;
                let at = self.clock.wall();
                match answer {
                    Ok(answer) => {
                        self.with_store(move |s| {
                            crate::actions::settle_action(s, &action, Ok(&answer), at, at)
                        })
                        .await?;
                        report.actions += 1;
                    }
                    // Tried again next round (after the backoff), as a failed push is.
                    Err(e) => {
                        let error = e.to_string();
                        self.with_store(move |s| {
                            crate::actions::settle_action(s, &action, Err(&error), at, at)
                        })
                        .await?;
                        return Err(e);
                    }
                }
            }
        }

        // 2. Leases.
        let (numbers_left, pending) = self
            .with_store(|s| Ok((s.numbers_left()?, s.outbox_counts()?.pending)))
            .await?;
        let request = LeaseRequest {
            kiosk_time: self.clock.wall(),
            numbers_left: u32::try_from(numbers_left).unwrap_or(u32::MAX),
            outbox_pending: u32::try_from(pending).unwrap_or(u32::MAX),
        };
        let grant = self.client.request_leases(&request).await?;
        let received = self.clock.wall();
        let reading = self.clock.reading();
        let anchor = received.max(grant.server_time);
        // Kept beside the anchor in one write, so a restart on the same boot still counts
        // from this grant; the clock takes the anchor once the store has it.
        let kept = reading.to_text();
        report.leases = self
            .with_store(move |s| s.apply_lease_grant_read_at(&grant, received, Some(&kept)))
            .await?;
        self.clock.set_anchor(anchor, reading);

        // 2b. Health: what a technician needs to know without walking to the kiosk.
        report.health_reported = self.report_health().await;

        // 3. Updates until exhausted.
        let mut cursor = self
            .with_store(|s| Ok(s.sync_state()?.updates_cursor))
            .await?;
        loop {
            let page = self.client.updates(cursor).await?;
            let exhausted = page.events.is_empty() || page.next <= cursor;
            let next = page.next;
            let done = self.with_store(move |s| s.apply_updates(&page)).await?;
            report.updates.applied += done.applied;
            report.updates.already_applied += done.already_applied;
            report.updates.unknown_booking += done.unknown_booking;
            if exhausted {
                break;
            }
            cursor = next;
        }

        // 4. The catalog.
        let etag = self
            .with_store(|s| Ok(s.sync_state()?.catalog_etag))
            .await?;
        match self
            .client
            .catalog_if_changed(etag.as_deref(), &self.config.catalog_key)
            .await?
        {
            CatalogFetch::NotModified => {}
            CatalogFetch::New {
                version,
                signed,
                etag,
                ..
            } => {
                let signature = hex::decode(&signed.signature).map_err(|e| {
                    SyncError::Internal(format!("a verified signature is not hex: {e}"))
                })?;
                let at = self.clock.wall();
                self.with_store(move |s| {
                    s.save_signed_catalog(version, &signature, &signed.body, &etag, at)
                })
                .await?;
                report.new_catalog = Some(version);
            }
        }
        Ok(report)
    }

    /// Sends the health report, if the kiosk gives one; whether the server took it. Never an
    /// error: health is for the technician, and a round must not fail for it.
    async fn report_health(&self) -> bool {
        let Some(provider) = self.config.health.clone() else {
            return false;
        };
        let health = match self.with_store(move |s| Ok(provider.report(s))).await {
            Ok(Some(health)) => health,
            Ok(None) => return false,
            Err(e) => {
                tracing::warn!(error = %e, "cannot build the health report");
                return false;
            }
        };
        match self.client.report_health(&health).await {
            Ok(()) => true,
            Err(SyncError::Api { status: 404, .. } | SyncError::Status { status: 404, .. }) => {
                tracing::debug!("the server takes no health reports (an older server)");
                false
            }
            Err(e) => {
                tracing::warn!(error = %e, "health report not sent");
                false
            }
        }
    }

    /// Runs `f` on the store on the blocking pool; the lock is taken and released there. A lock
    /// poisoned by a panic elsewhere is used all the same: every store method is one SQLite
    /// transaction, which a panic rolls back.
    async fn with_store<T, F>(&self, f: F) -> Result<T, SyncError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard).map_err(SyncError::from)
        })
        .await
        .map_err(|e| SyncError::Internal(format!("store task: {e}")))?
    }
}

fn status_from(
    store: &Store,
    online: bool,
    last_error: Option<String>,
) -> Result<SyncStatus, StoreError> {
    let state = store.sync_state()?;
    let counts = store.outbox_counts()?;
    Ok(SyncStatus {
        online,
        last_success: state.last_success_at,
        pending: counts.pending,
        refused: counts.refused,
        queued_actions: store.queued_action_count()?,
        auth_problem: state.auth_problem,
        last_error,
        catalog_version: store.catalog()?.map(|c| c.version),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SyncConfig {
        let mut c =
            SyncConfig::new(qebul_protocol::SigningKey::from_bytes(&[1; 32]).verifying_key());
        c.interval = Duration::from_secs(60);
        c.backoff_base = Duration::from_secs(1);
        c.backoff_cap = Duration::from_secs(8);
        c.auth_recheck = Duration::from_secs(1800);
        c
    }

    #[test]
    fn a_success_waits_the_interval_and_resets_the_backoff() {
        let c = config();
        let mut b = Backoff::with_random(c.backoff_base, c.backoff_cap, Box::new(|| u64::MAX));
        let failed: Result<RoundReport, SyncError> = Err(SyncError::Protocol("x".into()));
        for _ in 0..5 {
            let w = wait_after(&failed, &mut b, &c);
            assert!(!w.kickable);
            assert!(w.delay <= c.backoff_cap);
        }
        assert_eq!(b.attempt(), 5);
        let w = wait_after(&Ok(RoundReport::default()), &mut b, &c);
        assert_eq!(
            w,
            Wait {
                delay: c.interval,
                kickable: true
            }
        );
        assert_eq!(b.attempt(), 0);
    }

    #[test]
    fn a_refused_token_waits_the_slow_recheck() {
        let c = config();
        let mut b = Backoff::with_random(c.backoff_base, c.backoff_cap, Box::new(|| 0));
        for e in [
            SyncError::Revoked {
                message: "r".into(),
            },
            SyncError::Unauthorized {
                message: "u".into(),
            },
        ] {
            let w = wait_after(&Err(e), &mut b, &c);
            assert_eq!(
                w,
                Wait {
                    delay: c.auth_recheck,
                    kickable: false
                }
            );
        }
    }
}
