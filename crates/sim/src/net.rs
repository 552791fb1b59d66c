//! The simulated network between the kiosks and the server: every request a kiosk's
//! [`qebul_sync::ServerClient`] sends goes through [`SimTransport`], which decides from the
//! seed what becomes of it and hands it to the server's axum router in the same process.
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use qebul_sync::transport::BoxFuture;
use qebul_sync::{Transport, TransportError};
use rand::rngs::ChaCha8Rng;
use rand::RngExt;
use tower::ServiceExt;

/// The largest answer the simulation reads back (a full updates page fits with room).
const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// What becomes of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Deliver,
    /// Lost on the way: the server never sees it.
    LoseRequest,
    /// The server processes it; its answer is lost.
    LoseResponse,
    /// The server gets it twice (the kiosk sees the first answer).
    Duplicate,
    /// Held in the network: the kiosk times out, the server gets it at a later step.
    Delay,
    /// Delivered, and a copy replayed to the server at a later step (a stale retransmission).
    Replay,
}

/// A copy of a request the network still holds, for the server at `due` (a step number).
struct Held {
    due: u64,
    kiosk: usize,
    request: http::Request<Vec<u8>>,
}

/// Everything the transports of all kiosks share; the simulation changes it between steps.
pub struct NetState {
    rng: ChaCha8Rng,
    /// The server's router; `None` while it restarts (a request then gets no answer).
    pub router: Option<Router>,
    /// The current step (for delayed copies).
    pub step: u64,
    /// Per kiosk: cut off until this step (exclusive).
    pub partitioned_until: BTreeMap<usize, u64>,
    /// Faults on (off while enrolling and while healing at the end).
    pub faulty: bool,
    held: Vec<Held>,
    /// What happened, for the trace: one line per request.
    pub log: Vec<String>,
}

impl NetState {
    pub fn new(rng: ChaCha8Rng) -> NetState {
        NetState {
            rng,
            router: None,
            step: 0,
            partitioned_until: BTreeMap::new(),
            faulty: false,
            held: Vec::new(),
            log: Vec::new(),
        }
    }

    fn fate(&mut self, kiosk: usize) -> Result<Fate, &'static str> {
        if !self.faulty {
            return Ok(Fate::Deliver);
        }
        if self
            .partitioned_until
            .get(&kiosk)
            .is_some_and(|&until| self.step < until)
        {
            return Err("partitioned");
        }
        let roll = self.rng.random_range(0..100u32);
        Ok(match roll {
            0..=77 => Fate::Deliver,
            78..=82 => Fate::LoseRequest,
            83..=88 => Fate::LoseResponse,
            89..=92 => Fate::Duplicate,
            93..=96 => Fate::Delay,
            _ => Fate::Replay,
        })
    }

    fn hold(&mut self, kiosk: usize, request: http::Request<Vec<u8>>) {
        let due = self.step + self.rng.random_range(1..30u64);
        self.held.push(Held {
            due,
            kiosk,
            request,
        });
    }

    /// The held copies due at this step (all of them with `all`), oldest first, and the
    /// router to deliver them to.
    pub fn take_due(&mut self, all: bool) -> Vec<(usize, http::Request<Vec<u8>>)> {
        let step = self.step;
        let (due, keep): (Vec<Held>, Vec<Held>) = std::mem::take(&mut self.held)
            .into_iter()
            .partition(|h| all || h.due <= step);
        self.held = keep;
        due.into_iter().map(|h| (h.kiosk, h.request)).collect()
    }

    pub fn held_count(&self) -> usize {
        self.held.len()
    }
}

pub type Net = Arc<Mutex<NetState>>;

pub fn lock(net: &Net) -> std::sync::MutexGuard<'_, NetState> {
    net.lock().unwrap_or_else(|p| p.into_inner())
}

/// Copies a request (an `http::Request` is not `Clone`: its extensions may not be).
fn copy(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

/// Hands `request` to `router` and reads the whole answer.
pub async fn deliver(
    router: Router,
    request: http::Request<Vec<u8>>,
) -> Result<http::Response<Vec<u8>>, TransportError> {
    let response = router
        .oneshot(request.map(axum::body::Body::from))
        .await
        .map_err(TransportError::new)?;
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_ANSWER_BYTES)
        .await
        .map_err(TransportError::new)?;
    Ok(http::Response::from_parts(parts, bytes.to_vec()))
}

/// `path` with its UUIDs as `{id}`: the trace must not depend on the random part of the ids.
pub fn shown_path(path: &str) -> String {
    path.split('/')
        .map(|s| {
            if uuid::Uuid::parse_str(s).is_ok() {
                "{id}"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// One kiosk's side of the simulated network.
pub struct SimTransport {
    pub kiosk: usize,
    pub net: Net,
}

#[derive(Debug, thiserror::Error)]
#[error("simulated network: {0}")]
struct NetFault(&'static str);

impl Transport for SimTransport {
    fn exchange(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        Box::pin(async move {
            let what = format!("{} {}", request.method(), shown_path(request.uri().path()));
            let (fate, router) = {
                let mut net = lock(&self.net);
                let fate = net.fate(self.kiosk);
                let line = match &fate {
                    Ok(f) => format!("net k{} {what}: {f:?}", self.kiosk),
                    Err(e) => format!("net k{} {what}: {e}", self.kiosk),
                };
                net.log.push(line);
                (fate, net.router.clone())
            };
            let fate = fate.map_err(|e| TransportError::new(NetFault(e)))?;
            let Some(router) = router else {
                return Err(TransportError::new(NetFault("the server is down")));
            };
            match fate {
                Fate::Deliver => deliver(router, request).await,
                Fate::LoseRequest => Err(TransportError::new(NetFault("request lost"))),
                Fate::LoseResponse => {
                    // Whatever the server answered, the kiosk never hears it.
                    let _ = deliver(router, request).await;
                    Err(TransportError::new(NetFault("answer lost")))
                }
                Fate::Duplicate => {
                    let second = copy(&request);
                    let first = deliver(router.clone(), request).await;
                    let _ = deliver(router, second).await;
                    first
                }
                Fate::Delay => {
                    lock(&self.net).hold(self.kiosk, request);
                    Err(TransportError::new(NetFault("timed out (request held)")))
                }
                Fate::Replay => {
                    lock(&self.net).hold(self.kiosk, copy(&request));
                    deliver(router, request).await
                }
            }
        })
    }
}
