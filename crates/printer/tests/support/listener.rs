//! A stand-in printer for tests: a TCP listener on 127.0.0.1 that keeps every byte of every
//! connection, one connection per job (what CUPS's socket backend and a 9100 printer do).
//!
//! Kept apart from the cupsd fixture on purpose: the printer emulator will replace it.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The jobs received so far, in the order their connections ended.
#[derive(Default)]
struct Received {
    jobs: Mutex<Vec<Vec<u8>>>,
    arrived: Condvar,
}

/// A listening stand-in printer; stops on drop.
pub struct Listener {
    port: u16,
    received: Arc<Received>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Listener {
    /// Listens on a free port of 127.0.0.1.
    pub fn start() -> Listener {
        let socket = TcpListener::bind("127.0.0.1:0").expect("bind the test printer's port");
        let port = socket.local_addr().unwrap().port();
        let received = Arc::new(Received::default());
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let received = Arc::clone(&received);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for stream in socket.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let received = Arc::clone(&received);
                    std::thread::spawn(move || capture(stream, &received));
                }
            })
        };
        Listener {
            port,
            received,
            stop,
            thread: Some(thread),
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The device URI of a CUPS socket queue that prints here.
    pub fn uri(&self) -> String {
        format!("socket://127.0.0.1:{}", self.port)
    }

    /// Every job received so far.
    pub fn jobs(&self) -> Vec<Vec<u8>> {
        self.received.jobs.lock().unwrap().clone()
    }

    /// Waits until `count` jobs have been received; panics after `timeout`.
    pub fn wait_for_jobs(&self, count: usize, timeout: Duration) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + timeout;
        let mut jobs = self.received.jobs.lock().unwrap();
        while jobs.len() < count {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "the test printer received {} jobs within {timeout:?}, expected {count}",
                jobs.len()
            );
            jobs = self.received.arrived.wait_timeout(jobs, left).unwrap().0;
        }
        jobs.clone()
    }
}

/// Reads one connection to its end, then closes it: the socket backend half-closes after the
/// job and waits for the printer to close too.
fn capture(mut stream: TcpStream, received: &Received) {
    let mut job = Vec::new();
    if stream.read_to_end(&mut job).is_err() {
        return;
    }
    drop(stream);
    received.jobs.lock().unwrap().push(job);
    received.arrived.notify_all();
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
