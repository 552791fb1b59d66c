//! Raw TCP (port 9100, "JetDirect"): the two-way link to a network receipt printer.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use qebul_notice::escpos::{interpret_status, split_at_commands, status_query, StatusRequest};

use crate::transport::{PrinterStatus, Transport, TransportError};

/// The port network receipt printers take raw jobs on.
pub const RAW_PORT: u16 = 9100;

/// The job is sent in pieces of about this many bytes, cut between whole commands, with a
/// status check after each: about one 128-row band at 80 mm (9 KB) or a few text lines, so a
/// printer that runs out of paper is noticed within a band, and even a 115200-baud printer
/// behind a network adapter takes each piece in well under the write timeout.
const PIECE_BYTES: usize = 4096;

/// The most stale bytes read away before a query: more means the device is not a printer
/// answering queries but something that keeps talking.
const MAX_STALE_BYTES: usize = 64 * 1024;

/// How long [`TcpTransport`] waits at each step; every wait is bounded, so a dead or silent
/// printer is an error after at most these times, never a hang.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TcpTimeouts {
    /// To open the connection.
    pub connect: Duration,
    /// For the answers to one round of status queries.
    pub answer: Duration,
    /// For the printer to take one piece of the job (a printer whose buffer stays full has
    /// stopped taking data).
    pub write: Duration,
}

impl Default for TcpTimeouts {
    /// Connect 3 s, answer 2 s, write 5 s: a printer on the local network answers in
    /// milliseconds, so these only decide how long the receptionist waits for a dead one.
    fn default() -> Self {
        TcpTimeouts {
            connect: Duration::from_secs(3),
            answer: Duration::from_secs(2),
            write: Duration::from_secs(5),
        }
    }
}

/// A receipt printer on the network, spoken to on its raw port: ESC/POS bytes out, `DLE EOT`
/// status answers back.
///
/// Each job opens its own connection: status (`DLE EOT` 1, 2, 4) first, refused with
/// [`TransportError::Stopped`] if the printer cannot print; then the job in pieces cut between
/// commands, with the paper and cover checked (`DLE EOT` 2, 4) after each, so a roll that runs
/// out mid-job fails at once with its reason; then the full status once more. `send` returns
/// `Ok` only if the printer reported no stop at the end.
///
/// A printer answers `DLE EOT` in real time, ahead of data still in its buffer, so `Ok` means
/// that every byte was taken and no stop was reported by the time the last one was; a stop in
/// the last centimetres of paper may come after that.
///
/// The printer is given by address, not by host name: name resolution has no time limit, and a
/// kiosk's printer has a fixed address.
#[derive(Debug, Clone)]
pub struct TcpTransport {
    address: SocketAddr,
    timeouts: TcpTimeouts,
}

impl TcpTransport {
    /// A transport to the printer at `address` (usually port [`RAW_PORT`]) with the default
    /// [`TcpTimeouts`].
    pub fn new(address: SocketAddr) -> TcpTransport {
        TcpTransport {
            address,
            timeouts: TcpTimeouts::default(),
        }
    }

    /// The same transport with other time limits.
    pub fn with_timeouts(self, timeouts: TcpTimeouts) -> TcpTransport {
        TcpTransport { timeouts, ..self }
    }

    /// The printer's address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    fn connect(&self) -> Result<Session, TransportError> {
        let target = self.describe();
        let unreachable = |reason: String| TransportError::Unreachable {
            target: target.clone(),
            reason,
        };
        let stream =
            TcpStream::connect_timeout(&self.address, self.timeouts.connect).map_err(|e| {
                unreachable(match e.kind() {
                    ErrorKind::TimedOut | ErrorKind::WouldBlock => {
                        format!("no answer within {}", seconds(self.timeouts.connect))
                    }
                    ErrorKind::ConnectionRefused => {
                        "the connection was refused (nothing takes print jobs there)".into()
                    }
                    _ => e.to_string(),
                })
            })?;
        stream
            .set_write_timeout(Some(self.timeouts.write))
            .and_then(|()| stream.set_nodelay(true))
            .map_err(|e| unreachable(e.to_string()))?;
        Ok(Session {
            stream,
            target,
            timeouts: self.timeouts,
        })
    }
}

impl Transport for TcpTransport {
    fn describe(&self) -> String {
        format!("TCP {}", self.address)
    }

    fn send(&self, job: &[u8]) -> Result<(), TransportError> {
        use StatusRequest::{OfflineCause, PaperSensor, Printer};
        let mut session = self.connect()?;
        session.require_printable(&[Printer, OfflineCause, PaperSensor])?;
        for piece in split_at_commands(job, PIECE_BYTES) {
            session.write(piece)?;
            session.require_printable(&[OfflineCause, PaperSensor])?;
        }
        session.require_printable(&[Printer, OfflineCause, PaperSensor])?;
        session.close();
        Ok(())
    }

    fn status(&self) -> Result<Option<PrinterStatus>, TransportError> {
        use StatusRequest::{OfflineCause, PaperSensor, Printer};
        let mut session = self.connect()?;
        let status = session.query(&[Printer, OfflineCause, PaperSensor])?;
        session.close();
        Ok(Some(status))
    }
}

/// One connection to the printer.
struct Session {
    stream: TcpStream,
    target: String,
    timeouts: TcpTimeouts,
}

impl Session {
    fn no_answer(&self, reason: impl Into<String>) -> TransportError {
        TransportError::NoAnswer {
            target: self.target.clone(),
            reason: reason.into(),
        }
    }

    /// Queries the status; an error naming the reason if the printer cannot print.
    fn require_printable(&mut self, requests: &[StatusRequest]) -> Result<(), TransportError> {
        let status = self.query(requests)?;
        if status.can_print() {
            Ok(())
        } else {
            Err(TransportError::Stopped { status })
        }
    }

    /// Sends `DLE EOT n` for each request in one write and reads one answer byte for each, in
    /// order, within the answer timeout.
    fn query(&mut self, requests: &[StatusRequest]) -> Result<PrinterStatus, TransportError> {
        self.discard_stale_input()?;
        let queries: Vec<u8> = requests.iter().flat_map(|&n| status_query(n)).collect();
        self.write(&queries)?;
        let mut answers = vec![0u8; requests.len()];
        let deadline = Instant::now() + self.timeouts.answer;
        let mut got = 0;
        while got < answers.len() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(self.silent());
            }
            self.stream
                .set_read_timeout(Some(left))
                .map_err(|e| self.no_answer(e.to_string()))?;
            match self.stream.read(&mut answers[got..]) {
                Ok(0) => return Err(self.no_answer("it closed the connection")),
                Ok(n) => got += n,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(self.silent())
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(self.no_answer(e.to_string())),
            }
        }
        let pairs: Vec<(StatusRequest, u8)> = requests
            .iter()
            .copied()
            .zip(answers.iter().copied())
            .collect();
        interpret_status(&pairs).map_err(|e| self.no_answer(e.to_string()))
    }

    fn silent(&self) -> TransportError {
        self.no_answer(format!(
            "no answer to a status query within {}",
            seconds(self.timeouts.answer)
        ))
    }

    /// Reads away whatever arrived unasked (a late answer to an earlier query, an automatic
    /// status message), so that it is not taken for the answer to the next query.
    fn discard_stale_input(&mut self) -> Result<(), TransportError> {
        self.stream
            .set_nonblocking(true)
            .map_err(|e| self.no_answer(e.to_string()))?;
        let mut scratch = [0u8; 512];
        let mut discarded = 0;
        let result = loop {
            match self.stream.read(&mut scratch) {
                Ok(0) => break Err(self.no_answer("it closed the connection")),
                Ok(n) => {
                    discarded += n;
                    if discarded > MAX_STALE_BYTES {
                        break Err(self.no_answer(
                            "it keeps sending data nobody asked for; is it a receipt printer?",
                        ));
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => break Ok(()),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => break Err(self.no_answer(e.to_string())),
            }
        };
        self.stream
            .set_nonblocking(false)
            .map_err(|e| self.no_answer(e.to_string()))?;
        result
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        self.stream.write_all(bytes).map_err(|e| match e.kind() {
            ErrorKind::WouldBlock | ErrorKind::TimedOut => self.no_answer(format!(
                "it took no data for {}",
                seconds(self.timeouts.write)
            )),
            ErrorKind::BrokenPipe | ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => {
                self.no_answer("it closed the connection in the middle of the job")
            }
            _ => self.no_answer(e.to_string()),
        })
    }

    /// Ends the connection politely; the job is complete whatever happens here.
    fn close(self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}
