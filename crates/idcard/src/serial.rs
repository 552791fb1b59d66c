//! Document scanners on a serial or USB-CDC port (`/dev/ttyACM0`, `/dev/ttyUSB0`,
//! `/dev/serial/by-id/…`) that send the MRZ as lines of text.
//!
//! # Why raw termios through `libc` rather than the `serialport` crate
//!
//! What this reader needs from the port is small: open it, set raw 8N1 at one baud rate, wait
//! for bytes with a timeout, and tell an unplugged device from a quiet one. With `libc` (already
//! a dependency) that is a few calls whose failure modes are the kernel's own: `poll` reports
//! `POLLHUP`/`POLLERR` and `read` returns `EIO` or 0 when a USB-CDC device goes away, and this
//! module maps each of them to [`ReaderEvent::Lost`]. `serialport` (even without its `libudev`
//! feature) adds `nix`, `bitflags` and friends, hides those cases behind its own timeout and
//! error mapping (a hang-up can surface as a timeout or a generic error depending on the
//! version), and its port discovery, flow control and modem lines are not needed. Only Linux
//! (and other Unixes) are supported, like the kiosk itself.

use std::collections::VecDeque;
use std::ffi::CString;
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::reader::{CardReader, ReaderEvent};
use crate::wedge::MrzAssembler;
use crate::{card_event, Clock};

/// How to reach a serial document reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialConfig {
    /// The device file, e.g. `/dev/ttyACM0` or a stable `/dev/serial/by-id/…` link.
    pub path: PathBuf,
    /// One of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600
    /// (a USB-CDC device ignores it). Always 8 data bits, no parity, 1 stop bit, no flow control.
    pub baud_rate: u32,
    /// Unfinished input is dropped (or, if it is a whole MRZ without a final line end, read)
    /// after this long without a byte.
    pub idle_timeout: Duration,
    /// How often to try to open the device again while it is missing.
    pub retry_every: Duration,
}

impl SerialConfig {
    /// `path` at `baud_rate`, with a 1 s idle timeout and a retry every second.
    pub fn new(path: impl Into<PathBuf>, baud_rate: u32) -> SerialConfig {
        SerialConfig {
            path: path.into(),
            baud_rate,
            idle_timeout: Duration::from_secs(1),
            retry_every: Duration::from_secs(1),
        }
    }
}

/// A serial reader's configuration is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SerialError {
    #[error(
        "{0} baud is not a supported serial speed; use one of 1200, 2400, 4800, 9600, 19200, \
         38400, 57600, 115200, 230400, 460800 or 921600"
    )]
    UnsupportedBaudRate(u32),
}

/// A serial or USB-CDC MRZ scanner behind the [`CardReader`] trait.
///
/// The device is opened on the first [`CardReader::next_event`] ([`ReaderEvent::Connected`], or
/// [`ReaderEvent::Lost`] if it cannot be), and again about every
/// [`SerialConfig::retry_every`] after it is lost. Lines are assembled by an [`MrzAssembler`]:
/// CR, LF or CRLF line ends, STX/ETX framing and noise lines between reads are all tolerated.
/// A scanner cannot tell when the card is taken away: no [`ReaderEvent::Removed`].
pub struct SerialReader {
    config: SerialConfig,
    speed: libc::speed_t,
    name: String,
    clock: Clock,
    port: Option<File>,
    assembler: MrzAssembler,
    /// The last connection state reported: `None` before the first, `Some(None)` connected,
    /// `Some(Some(reason))` lost.
    reported: Option<Option<String>>,
    next_open: Instant,
    next_path_check: Instant,
    pending: VecDeque<ReaderEvent>,
}

impl std::fmt::Debug for SerialReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SerialReader")
            .field("config", &self.config)
            .field("open", &self.port.is_some())
            .field("reported", &self.reported)
            .finish_non_exhaustive()
    }
}

/// Re-checks that the device file still exists this often while it is open (a hang-up is
/// usually noticed at once; this covers devices that vanish without one).
const PATH_CHECK_EVERY: Duration = Duration::from_secs(1);

impl SerialReader {
    /// A reader for `config`; `clock` gives today's date for the MRZ's expiry check. Nothing is
    /// opened yet.
    pub fn new(config: SerialConfig, clock: Clock) -> Result<SerialReader, SerialError> {
        let speed = baud_constant(config.baud_rate)
            .ok_or(SerialError::UnsupportedBaudRate(config.baud_rate))?;
        let now = Instant::now();
        Ok(SerialReader {
            name: format!(
                "serial {} ({} baud)",
                config.path.display(),
                config.baud_rate
            ),
            assembler: MrzAssembler::new(config.idle_timeout),
            config,
            speed,
            clock,
            port: None,
            reported: None,
            next_open: now,
            next_path_check: now,
            pending: VecDeque::new(),
        })
    }

    pub fn config(&self) -> &SerialConfig {
        &self.config
    }

    fn report(&mut self, lost: Option<String>) {
        if self.reported.as_ref() != Some(&lost) {
            self.pending.push_back(match &lost {
                None => ReaderEvent::Connected,
                Some(reason) => ReaderEvent::Lost(reason.clone()),
            });
            self.reported = Some(lost);
        }
    }

    fn try_open(&mut self) {
        match open_port(&self.config.path, self.speed) {
            Ok(file) => {
                self.port = Some(file);
                self.assembler.discard();
                self.next_path_check = Instant::now() + PATH_CHECK_EVERY;
                self.report(None);
            }
            Err(err) => {
                self.next_open = Instant::now() + self.config.retry_every;
                let reason = open_failure(&self.config.path, &err);
                self.report(Some(reason));
            }
        }
    }

    fn lose(&mut self, reason: String) {
        self.port = None;
        self.assembler.discard();
        self.next_open = Instant::now() + self.config.retry_every;
        self.report(Some(reason));
    }

    /// Same wording as a device missing at open time, so a retry does not repeat the news.
    fn unplugged(&self) -> String {
        format!(
            "the document reader on {} is unplugged; plug it back in",
            self.config.path.display()
        )
    }

    fn take_bytes(&mut self, bytes: &[u8], at: Instant) {
        // MRZ text is ASCII; anything else is noise and must not merge with its neighbours.
        let text: String = bytes
            .iter()
            .map(|&b| if b.is_ascii() { b as char } else { '\u{FFFD}' })
            .collect();
        for candidate in self.assembler.feed(&text, at) {
            self.pending.push_back(card_event(&candidate, &self.clock));
        }
    }

    /// Waits on the open port until `until` for bytes or a hang-up.
    fn wait_on_port(&mut self, until: Instant) {
        let Some(port) = self.port.as_mut() else {
            return;
        };
        let mut pfd = libc::pollfd {
            fd: port.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let timeout = poll_millis(until.saturating_duration_since(Instant::now()));
        // SAFETY: `pfd` is a valid pollfd for the duration of the call; nfds is 1.
        let ready = unsafe { libc::poll(&mut pfd, 1, timeout) };
        if ready < 0 {
            let err = io::Error::last_os_error();
            if err.kind() != io::ErrorKind::Interrupted {
                let reason = format!(
                    "the document reader on {} stopped answering ({err}); unplug it and plug it \
                     back in",
                    self.config.path.display()
                );
                self.lose(reason);
            }
            return;
        }
        if ready == 0 {
            return;
        }
        if pfd.revents & libc::POLLIN != 0 {
            let mut buf = [0u8; 512];
            match port.read(&mut buf) {
                Ok(0) => {
                    let reason = self.unplugged();
                    self.lose(reason);
                }
                Ok(n) => self.take_bytes(&buf[..n], Instant::now()),
                Err(err)
                    if matches!(
                        err.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                    ) => {}
                Err(err) => {
                    let reason = if err.raw_os_error() == Some(libc::EIO)
                        || err.raw_os_error() == Some(libc::ENODEV)
                        || err.raw_os_error() == Some(libc::ENXIO)
                    {
                        self.unplugged()
                    } else {
                        format!(
                            "the document reader on {} cannot be read ({err}); unplug it and \
                             plug it back in",
                            self.config.path.display()
                        )
                    };
                    self.lose(reason);
                }
            }
        } else if pfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            let reason = self.unplugged();
            self.lose(reason);
        }
    }
}

impl CardReader for SerialReader {
    fn name(&self) -> &str {
        &self.name
    }

    fn next_event(&mut self, wait: Duration) -> Option<ReaderEvent> {
        let deadline = Instant::now() + wait;
        let mut first = true;
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            let now = Instant::now();
            if !first && now >= deadline {
                return None;
            }
            first = false;
            if self.port.is_none() {
                if now >= self.next_open {
                    self.try_open();
                } else {
                    std::thread::sleep(self.next_open.min(deadline).saturating_duration_since(now));
                }
                continue;
            }
            if now >= self.next_path_check {
                self.next_path_check = now + PATH_CHECK_EVERY;
                if matches!(std::fs::metadata(&self.config.path), Err(e) if e.kind() == io::ErrorKind::NotFound)
                {
                    let reason = self.unplugged();
                    self.lose(reason);
                    continue;
                }
            }
            if let Some(candidate) = self.assembler.poll(now) {
                self.pending.push_back(card_event(&candidate, &self.clock));
                continue;
            }
            let mut until = deadline.min(self.next_path_check);
            if let Some(expiry) = self.assembler.deadline() {
                until = until.min(expiry);
            }
            self.wait_on_port(until);
        }
    }

    fn reports_removal(&self) -> bool {
        false
    }
}

/// A duration as `poll`'s milliseconds, rounded up so that a short wait does not spin.
fn poll_millis(d: Duration) -> libc::c_int {
    let ms = d.as_micros().div_ceil(1000);
    libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX)
}

fn baud_constant(baud: u32) -> Option<libc::speed_t> {
    Some(match baud {
        1200 => libc::B1200,
        2400 => libc::B2400,
        4800 => libc::B4800,
        9600 => libc::B9600,
        19200 => libc::B19200,
        38400 => libc::B38400,
        57600 => libc::B57600,
        115200 => libc::B115200,
        230400 => libc::B230400,
        460800 => libc::B460800,
        921600 => libc::B921600,
        _ => return None,
    })
}

/// The receptionist's reason for a device that cannot be opened.
fn open_failure(path: &Path, err: &io::Error) -> String {
    let path = path.display();
    match err.raw_os_error() {
        Some(libc::ENOENT | libc::ENODEV | libc::ENXIO) => {
            format!("the document reader on {path} is unplugged; plug it back in")
        }
        Some(libc::EACCES | libc::EPERM) => format!(
            "the kiosk is not allowed to open the document reader on {path}; ask IT to give the \
             kiosk's user access to it (the dialout group)"
        ),
        Some(libc::EBUSY) => format!(
            "the document reader on {path} is in use by another program; close that program or \
             restart the kiosk"
        ),
        Some(libc::ENOTTY) => format!(
            "{path} is not a serial port; check the document reader's port in the kiosk settings"
        ),
        _ => format!(
            "the document reader on {path} cannot be opened ({err}); unplug it and plug it back in"
        ),
    }
}

/// Opens `path` non-blocking as a raw 8N1 port at `speed`, exclusively, with stale input
/// discarded.
fn open_port(path: &Path, speed: libc::speed_t) -> io::Result<File> {
    let c_path = CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::from_raw_os_error(libc::ENOENT))?;
    // SAFETY: `c_path` is a valid NUL-terminated string.
    let fd = unsafe {
        libc::open(
            c_path.as_ptr(),
            libc::O_RDWR | libc::O_NOCTTY | libc::O_NONBLOCK | libc::O_CLOEXEC,
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just opened and is owned by nothing else.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let raw = fd.as_raw_fd();
    // SAFETY: termios is plain data; tcgetattr fills it in before it is used.
    let mut tio: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: `raw` is an open descriptor and `tio` a valid termios.
    if unsafe { libc::tcgetattr(raw, &mut tio) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `tio` is a valid termios.
    unsafe { libc::cfmakeraw(&mut tio) };
    tio.c_cflag &= !(libc::PARENB | libc::CSTOPB | libc::CSIZE | libc::CRTSCTS);
    tio.c_cflag |= libc::CS8 | libc::CLOCAL | libc::CREAD;
    tio.c_iflag &= !(libc::IXON | libc::IXOFF | libc::IXANY);
    tio.c_cc[libc::VMIN] = 0;
    tio.c_cc[libc::VTIME] = 0;
    // SAFETY: as above.
    let speed_ok = unsafe {
        libc::cfsetispeed(&mut tio, speed) == 0 && libc::cfsetospeed(&mut tio, speed) == 0
    };
    if !speed_ok {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `raw` is open, `tio` valid.
    if unsafe { libc::tcsetattr(raw, libc::TCSANOW, &tio) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // Best effort: keep other programs (a stray terminal, ModemManager) off the port, and drop
    // whatever arrived before we were listening.
    // SAFETY: `raw` is open; TIOCEXCL takes no argument; tcflush only discards input.
    unsafe {
        libc::ioctl(raw, libc::TIOCEXCL);
        libc::tcflush(raw, libc::TCIFLUSH);
    }
    Ok(File::from(fd))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_baud_rates_are_refused_with_the_list() {
        let err = SerialReader::new(
            SerialConfig::new("/dev/ttyACM0", 9601),
            crate::system_clock(),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("9601 baud is not a supported"));
    }

    #[test]
    fn a_missing_device_is_lost_once_with_a_reason_for_the_receptionist() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("ttyACM0");
        let mut config = SerialConfig::new(&path, 9600);
        config.retry_every = Duration::from_millis(50);
        let mut reader = SerialReader::new(config, crate::system_clock()).expect("config");
        assert!(!reader.reports_removal());
        assert_eq!(
            reader.next_event(Duration::from_secs(5)),
            Some(ReaderEvent::Lost(format!(
                "the document reader on {} is unplugged; plug it back in",
                path.display()
            )))
        );
        // Retries do not repeat the same news.
        assert_eq!(reader.next_event(Duration::from_millis(200)), None);
    }

    #[test]
    fn a_file_that_is_not_a_tty_is_reported_as_such() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("notatty");
        std::fs::write(&path, b"").expect("write");
        let mut reader = SerialReader::new(SerialConfig::new(&path, 9600), crate::system_clock())
            .expect("config");
        let event = reader.next_event(Duration::from_secs(5));
        assert!(
            matches!(&event, Some(ReaderEvent::Lost(r)) if r.contains("is not a serial port")),
            "{event:?}"
        );
    }

    #[test]
    fn poll_timeouts_round_up() {
        assert_eq!(poll_millis(Duration::from_micros(1)), 1);
        assert_eq!(poll_millis(Duration::ZERO), 0);
        assert_eq!(poll_millis(Duration::from_secs(u64::MAX)), libc::c_int::MAX);
    }
}
