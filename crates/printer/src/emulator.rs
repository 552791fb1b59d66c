//! A receipt printer on TCP port 9100, emulated: what the tests and the demo print to.
//!
//! It behaves like a network ESC/POS printer where it matters to the kiosk: it serves one
//! connection at a time (others wait in the listen queue), reads the stream with the
//! [`Decoder`] however it is split, answers `DLE EOT n` as soon as it reads it, even when
//! stopped, and stops putting anything on paper when its paper runs out or its cover is open. A
//! page is printed when it is cut; what was on paper when the printer stopped, or when the
//! client went away mid-job, is torn off and never counts as a page.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use qebul_notice::escpos::{Decoder, Event, PageAssembler, StatusFlags};
use qebul_notice::Bitmap;

/// How often the threads look at the stop flag while waiting for a client or for bytes.
const POLL: Duration = Duration::from_millis(10);
/// A client that sends nothing for this long is disconnected, as real printers do, so that a
/// stuck client cannot keep the printer from everyone else.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a status answer may wait for the client to take it.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the emulated printer could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    /// The address could not be listened on (in use, or not this machine's).
    #[error(
        "the emulated printer cannot listen on {address}: {source}; is another printer or \
         program using that port?"
    )]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The listener's thread could not be started.
    #[error("the emulated printer could not start its thread: {0}")]
    Thread(std::io::Error),
}

/// A TCP 9100 ESC/POS receipt printer emulated on std threads; dropping it stops it.
///
/// ```
/// use qebul_printer::{EmulatedPrinter, TcpTransport, Transport};
/// use qebul_notice::escpos::{encode, EncodeOptions};
/// use qebul_notice::{render, Notice, PaperWidth};
///
/// let printer = EmulatedPrinter::start()?;
/// let bitmap = render(&Notice::seed_example(), PaperWidth::Mm80)?;
/// TcpTransport::new(printer.address()).send(&encode(&bitmap, &EncodeOptions::default()))?;
/// assert_eq!(printer.pages(), [bitmap]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct EmulatedPrinter {
    address: SocketAddr,
    shared: Arc<Shared>,
    listener: Option<JoinHandle<()>>,
}

#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    stop: AtomicBool,
}

/// The printer's mechanism and what came out of it.
#[derive(Debug, Default)]
struct State {
    /// Raster rows left on the roll; `None` for a roll that does not run out.
    rows_left: Option<u64>,
    paper_out: bool,
    cover_open: bool,
    near_end: bool,
    /// The page being printed.
    paper: PageAssembler,
    /// The page in progress was spoiled by a stop: nothing more of it is printed, and its cut
    /// does not make it a page.
    spoiled: bool,
    pages: Vec<Bitmap>,
    /// The bytes of each connection, in order, the current one last.
    received: Vec<Vec<u8>>,
}

impl State {
    fn stopped(&self) -> bool {
        self.paper_out || self.cover_open
    }

    fn flags(&self) -> StatusFlags {
        StatusFlags {
            offline: self.stopped(),
            cover_open: self.cover_open,
            paper_end_stop: self.paper_out,
            error: false,
            paper_near_end: self.near_end,
            paper_out: self.paper_out,
        }
    }

    /// The printer stops: the page on paper, if any, is lost.
    fn spoil_page_in_progress(&mut self) {
        if self.paper.in_progress() {
            self.spoiled = true;
        }
    }

    /// A new job or a fixed printer starts on fresh paper: the spoiled stub is torn off.
    fn tear_off(&mut self) {
        self.paper.discard();
        self.spoiled = false;
    }

    /// Applies one event; returns the status byte to send back, if it was a query.
    fn apply(&mut self, event: &Event) -> Option<u8> {
        match event {
            Event::StatusQuery(request) => return Some(self.flags().answer(*request)),
            Event::Init if self.spoiled && !self.stopped() => self.tear_off(),
            Event::Raster(_) | Event::Feed { .. } | Event::FeedLines { .. }
                if self.stopped() || self.spoiled =>
            {
                self.spoiled = true;
            }
            Event::Raster(band) => {
                let rows = u64::from(band.height);
                match self.rows_left {
                    Some(left) if rows > left => {
                        // The roll ends inside this band.
                        self.rows_left = None;
                        self.paper_out = true;
                        self.spoiled = true;
                    }
                    Some(left) => {
                        self.print(event);
                        self.rows_left = Some(left - rows);
                        if left == rows {
                            self.rows_left = None;
                            self.paper_out = true;
                            self.spoil_page_in_progress();
                        }
                    }
                    None => self.print(event),
                }
            }
            Event::Cut { .. } if self.stopped() => self.spoiled = true,
            Event::Cut { .. } if self.spoiled => self.tear_off(),
            _ => self.print(event),
        }
        None
    }

    /// Puts an event on the paper; a page the decoder cannot stack (bands of different widths,
    /// absurdly long) is spoiled rather than printed.
    fn print(&mut self, event: &Event) {
        match self.paper.push(event) {
            Ok(Some(page)) => self.pages.push(page),
            Ok(None) => {}
            Err(_) => self.spoiled = true,
        }
    }
}

impl EmulatedPrinter {
    /// Starts a printer on a free port of 127.0.0.1 (see [`EmulatedPrinter::address`]).
    pub fn start() -> Result<EmulatedPrinter, EmulatorError> {
        EmulatedPrinter::start_at(SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Starts a printer listening on `address`, e.g. `0.0.0.0:9100` for the demo.
    pub fn start_at(address: SocketAddr) -> Result<EmulatedPrinter, EmulatorError> {
        let bind_error = |source| EmulatorError::Bind { address, source };
        let listener = TcpListener::bind(address).map_err(bind_error)?;
        // Non-blocking accept, polled, so that dropping the printer never waits for a client.
        listener.set_nonblocking(true).map_err(bind_error)?;
        let address = listener.local_addr().map_err(bind_error)?;
        let shared = Arc::new(Shared::default());
        let for_thread = Arc::clone(&shared);
        let handle = std::thread::Builder::new()
            .name(format!("printer-emulator-{}", address.port()))
            .spawn(move || serve(&listener, &for_thread))
            .map_err(EmulatorError::Thread)?;
        Ok(EmulatedPrinter {
            address,
            shared,
            listener: Some(handle),
        })
    }

    /// Where the printer listens.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The pages printed (cut) so far, oldest first.
    pub fn pages(&self) -> Vec<Bitmap> {
        self.state().pages.clone()
    }

    /// The pages printed so far, removed from the printer's tray.
    pub fn take_pages(&self) -> Vec<Bitmap> {
        std::mem::take(&mut self.state().pages)
    }

    /// The bytes received on each connection so far, in order (the current one last).
    pub fn received(&self) -> Vec<Vec<u8>> {
        self.state().received.clone()
    }

    /// The roll runs out once `rows` more raster rows have been printed: from then on the
    /// printer puts nothing on paper, reports paper out, and the page it was printing is never
    /// cut. `0` runs it out now.
    pub fn run_out_of_paper_after(&self, rows: u64) {
        let mut state = self.state();
        if rows == 0 {
            state.rows_left = None;
            state.paper_out = true;
            state.spoil_page_in_progress();
        } else {
            state.rows_left = Some(rows);
        }
    }

    /// A new roll: paper out (and near end) are over, and the spoiled page is torn off.
    pub fn load_paper(&self) {
        let mut state = self.state();
        state.rows_left = None;
        state.paper_out = false;
        state.near_end = false;
        if state.spoiled {
            state.tear_off();
        }
    }

    /// Opens the cover: printing stops, and the page in progress is spoiled.
    pub fn open_cover(&self) {
        let mut state = self.state();
        state.cover_open = true;
        state.spoil_page_in_progress();
    }

    /// Closes the cover.
    pub fn close_cover(&self) {
        self.state().cover_open = false;
    }

    /// Whether the paper sensor reports the roll nearly used up (printing goes on).
    pub fn set_near_end(&self, near_end: bool) {
        self.state().near_end = near_end;
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.shared)
    }
}

impl Drop for EmulatedPrinter {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        if let Some(handle) = self.listener.take() {
            // The thread only panics on a bug; the printer is going away either way.
            let _ = handle.join();
        }
    }
}

/// The state, even if a thread panicked while holding it: the emulator has nothing to protect
/// that a half-applied event could break.
fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    shared.state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Accepts clients one at a time until stopped.
fn serve(listener: &TcpListener, shared: &Shared) {
    while !shared.stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((stream, _)) => serve_client(stream, shared),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            // WouldBlock (nobody waiting) and transient accept errors alike: wait and retry.
            Err(_) => std::thread::sleep(POLL),
        }
    }
}

/// Reads one client's stream until it hangs up, goes quiet or the printer stops; answers its
/// status queries as they come. Any I/O error ends the connection, never the printer.
fn serve_client(mut stream: TcpStream, shared: &Shared) {
    {
        let mut state = lock(shared);
        state.received.push(Vec::new());
        state.tear_off();
    }
    let ready = stream
        .set_nonblocking(false)
        .and_then(|()| stream.set_read_timeout(Some(POLL)))
        .and_then(|()| stream.set_write_timeout(Some(WRITE_TIMEOUT)));
    if ready.is_ok() {
        let mut decoder = Decoder::new();
        let mut buffer = vec![0u8; 16 * 1024];
        let mut last_heard = Instant::now();
        while !shared.stop.load(Ordering::Relaxed) {
            let n = match stream.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    if last_heard.elapsed() >= IDLE_TIMEOUT {
                        break;
                    }
                    continue;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            last_heard = Instant::now();
            let bytes = &buffer[..n];
            let events = decoder.feed(bytes);
            let answers: Vec<u8> = {
                let mut state = lock(shared);
                if let Some(received) = state.received.last_mut() {
                    received.extend_from_slice(bytes);
                }
                events.iter().filter_map(|e| state.apply(e)).collect()
            };
            if !answers.is_empty() && stream.write_all(&answers).is_err() {
                break;
            }
        }
    }
    // Whatever was not cut is torn off: the next job starts on fresh paper.
    lock(shared).tear_off();
    let _ = stream.shutdown(Shutdown::Both);
}
