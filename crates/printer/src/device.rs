//! [`DeviceTransport`]: a printer behind a device file (`/dev/usb/lp0`, `/dev/ttyUSB0`).
//!
//! The device is opened for each job and closed after it, never held: a USB printer unplugged
//! and plugged back gets a new device node, and an open descriptor to the old one would fail
//! forever. Opening at send time turns an unplugged printer into one clean error, and the next
//! job after it is plugged back simply works.
//!
//! The descriptor is non-blocking and every wait is bounded: `open` of a serial port does not
//! wait for the modem's carrier, and a printer that stops taking data (paper out on a one-way
//! link, flow control held) ends the job with [`TransportError::NoAnswer`] instead of hanging
//! the kiosk. A serial port's speed and flow control are the system's to set (udev rule or
//! `stty`); this transport only writes bytes.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::transport::{PrinterStatus, Transport, TransportError};

/// How often a serial port's output queue is checked while it drains.
const DRAIN_POLL: Duration = Duration::from_millis(10);

/// A printer reached by writing to a device file: a USB printer-class device or a serial port.
/// One-way: it cannot tell the printer's status.
#[derive(Debug, Clone)]
pub struct DeviceTransport {
    path: PathBuf,
    timeout: Duration,
}

impl DeviceTransport {
    /// How long the device may take no data before a job fails by default. A receipt printer
    /// takes a notice's raster in a few seconds even at 115200 baud; one that takes nothing for
    /// this long is stopped (paper, cover) or gone.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The printer at `path`, e.g. `/dev/usb/lp0`. Nothing is opened until a job is sent.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        DeviceTransport {
            path: path.into(),
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }

    /// Sets how long the device may take no data (or, for a serial port, not drain its output
    /// queue) before the job fails. Progress restarts the clock, so a long job on a slow link
    /// is not cut short.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The device file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How long the device may take no data.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    fn target(&self) -> String {
        self.path.display().to_string()
    }

    fn unreachable(&self, reason: String) -> TransportError {
        TransportError::Unreachable {
            target: self.target(),
            reason,
        }
    }

    fn no_answer(&self, reason: String) -> TransportError {
        TransportError::NoAnswer {
            target: self.target(),
            reason,
        }
    }

    /// Opens the device write-only, non-blocking, without making it the controlling terminal
    /// and without creating it: a missing `/dev` node must stay an error, never become a file.
    fn open(&self) -> Result<File, TransportError> {
        OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
            .open(&self.path)
            .map_err(|e| self.open_error(e))
    }

    fn open_error(&self, error: io::Error) -> TransportError {
        match error.raw_os_error() {
            Some(libc::ENOENT | libc::ENODEV | libc::ENXIO) => self.unreachable(format!(
                "the printer is unplugged or switched off ({error})"
            )),
            Some(libc::EACCES | libc::EPERM) => self.unreachable(format!(
                "the kiosk's user may not write to the device ({error}); add that user to the \
                 group that owns it (lp for USB printers, dialout for serial ports) and log in \
                 again"
            )),
            Some(libc::EISDIR | libc::ENOTDIR) => self.unreachable(format!(
                "the path is not a printer device ({error}); check the configured device path"
            )),
            Some(libc::EBUSY) => self.no_answer(format!(
                "the device is in use by another program ({error}); make sure CUPS or another \
                 program is not also printing to it"
            )),
            _ => self.no_answer(error.to_string()),
        }
    }

    fn write_error(&self, error: io::Error) -> TransportError {
        match error.raw_os_error() {
            Some(libc::ENODEV | libc::ENXIO | libc::ENOENT) => self.unreachable(format!(
                "the printer was unplugged or switched off during the job ({error})"
            )),
            _ => self.no_answer(error.to_string()),
        }
    }

    /// Writes all of `job`, waiting (bounded) whenever the device's buffer is full.
    fn write_all(&self, file: &mut File, job: &[u8]) -> Result<(), TransportError> {
        let mut written = 0;
        while written < job.len() {
            match file.write(&job[written..]) {
                Ok(0) => {
                    return Err(self.no_answer(format!(
                        "the device took no more data after {written} of {} bytes",
                        job.len()
                    )))
                }
                Ok(n) => written += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if !wait_writable(file, self.timeout).map_err(|e| self.write_error(e))? {
                        return Err(self.no_answer(format!(
                            "it took no data for {} s after {written} of {} bytes; check its \
                             paper and cover",
                            self.timeout.as_secs_f32(),
                            job.len()
                        )));
                    }
                }
                Err(e) => return Err(self.write_error(e)),
            }
        }
        Ok(())
    }

    /// On a serial port, waits until the kernel has transmitted everything queued, so `Ok`
    /// means the bytes left the kiosk; closing earlier could discard them on some drivers.
    /// Other devices have no output queue to wait for.
    fn drain(&self, file: &File) -> Result<(), TransportError> {
        let fd = file.as_raw_fd();
        // SAFETY: `fd` is open for the duration of the call.
        if unsafe { libc::isatty(fd) } != 1 {
            return Ok(());
        }
        let mut last = usize::MAX;
        let mut progress = Instant::now();
        loop {
            let mut queued: libc::c_int = 0;
            // SAFETY: TIOCOUTQ writes one int through the pointer.
            if unsafe { libc::ioctl(fd, libc::TIOCOUTQ, &mut queued) } != 0 {
                return Err(self.write_error(io::Error::last_os_error()));
            }
            let queued = usize::try_from(queued).unwrap_or(0);
            if queued == 0 {
                return Ok(());
            }
            if queued < last {
                last = queued;
                progress = Instant::now();
            } else if progress.elapsed() >= self.timeout {
                return Err(self.no_answer(format!(
                    "it took no data for {} s with {queued} bytes still to send; check its \
                     paper, cover and cable",
                    self.timeout.as_secs_f32()
                )));
            }
            std::thread::sleep(DRAIN_POLL);
        }
    }
}

/// Waits up to `timeout` for `file` to take data; `false` when it did not.
fn wait_writable(file: &File, timeout: Duration) -> io::Result<bool> {
    let deadline = Instant::now() + timeout;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let millis = libc::c_int::try_from(left.as_millis()).unwrap_or(libc::c_int::MAX);
        let mut pollfd = libc::pollfd {
            fd: file.as_raw_fd(),
            events: libc::POLLOUT,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let ready = unsafe { libc::poll(&mut pollfd, 1, millis) };
        match ready {
            // POLLERR/POLLHUP also count: the next write reports what went wrong.
            1.. => return Ok(true),
            0 if left.is_zero() => return Ok(false),
            0 => {}
            _ => {
                let error = io::Error::last_os_error();
                if error.kind() != io::ErrorKind::Interrupted {
                    return Err(error);
                }
            }
        }
    }
}

impl Transport for DeviceTransport {
    fn describe(&self) -> String {
        format!("device {}", self.path.display())
    }

    fn send(&self, job: &[u8]) -> Result<(), TransportError> {
        let mut file = self.open()?;
        self.write_all(&mut file, job)?;
        self.drain(&file)?;
        file.flush().map_err(|e| self.write_error(e))?;
        Ok(())
    }

    /// Always `None`: a device file is one-way here (reading a USB printer's answers needs the
    /// printer-class "get status" request, a serial printer's needs the port's settings).
    fn status(&self) -> Result<Option<PrinterStatus>, TransportError> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;
    use std::io::Read;
    use std::os::unix::ffi::OsStrExt;

    fn mkfifo(path: &Path) {
        let c = CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    }

    /// A job with every byte value, ESC/POS commands among them, longer than a pipe's buffer.
    fn job(len: usize) -> Vec<u8> {
        let mut job = b"\x1b@\x10\x04\x01\x1dv0\x00".to_vec();
        job.extend((0..len).map(|i| (i * 7 + i / 251) as u8));
        job
    }

    #[test]
    fn every_byte_reaches_a_fifo_standing_in_for_the_printer() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("lp0");
        mkfifo(&path);
        let reader_path = path.clone();
        let reader = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            File::open(reader_path)
                .unwrap()
                .read_to_end(&mut bytes)
                .unwrap();
            bytes
        });
        let printer = DeviceTransport::new(&path);
        // The reader may not have opened the FIFO yet: that is "unplugged" until it has.
        let sent = job(300_000);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match printer.send(&sent) {
                Ok(()) => break,
                Err(TransportError::Unreachable { .. }) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                Err(e) => panic!("{e}"),
            }
        }
        assert!(reader.join().unwrap() == sent, "bytes differ");
        assert_eq!(printer.status().unwrap(), None);
        assert_eq!(printer.describe(), format!("device {}", path.display()));
    }

    #[test]
    fn a_fifo_nobody_reads_is_an_unplugged_printer() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("lp0");
        mkfifo(&path);
        let err = DeviceTransport::new(&path).send(b"x").unwrap_err();
        assert!(matches!(err, TransportError::Unreachable { .. }), "{err:?}");
        assert!(err.to_string().contains("unplugged"), "{err}");
    }

    #[test]
    fn unplugged_then_plugged_back_is_an_error_then_success() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("lp0");
        std::fs::write(&path, b"").unwrap();
        let printer = DeviceTransport::new(&path);
        printer.send(b"first").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first");

        std::fs::remove_file(&path).unwrap();
        let err = printer.send(b"second").unwrap_err();
        assert!(matches!(err, TransportError::Unreachable { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.contains("unplugged"), "{message}");
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(!path.exists(), "a missing device must never be created");

        std::fs::write(&path, b"").unwrap();
        printer.send(b"third").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"third");
    }

    #[test]
    fn a_folder_is_not_a_printer() {
        let tmp = tempfile::tempdir().unwrap();
        let err = DeviceTransport::new(tmp.path()).send(b"x").unwrap_err();
        assert!(matches!(err, TransportError::Unreachable { .. }), "{err:?}");
        assert!(err.to_string().contains("not a printer device"), "{err}");
    }

    #[test]
    fn a_printer_that_stops_taking_data_ends_the_job_instead_of_hanging() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("lp0");
        mkfifo(&path);
        // A reader that opens the FIFO and never reads: the pipe's buffer fills and stays full.
        let (opened_tx, opened_rx) = std::sync::mpsc::channel();
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        let reader_path = path.clone();
        let reader = std::thread::spawn(move || {
            let file = File::open(reader_path).unwrap();
            opened_tx.send(()).unwrap();
            let _ = done_rx.recv();
            drop(file);
        });
        // Opening for reading blocks until a writer appears: hold the FIFO open meanwhile.
        let keep = OpenOptions::new().write(true).open(&path).unwrap();
        opened_rx.recv().unwrap();
        let printer = DeviceTransport::new(&path).with_timeout(Duration::from_millis(300));
        let err = printer.send(&job(4_000_000)).unwrap_err();
        assert!(matches!(err, TransportError::NoAnswer { .. }), "{err:?}");
        assert!(err.to_string().contains("took no data"), "{err}");
        done_tx.send(()).unwrap();
        reader.join().unwrap();
        drop(keep);
    }

    #[test]
    fn a_printer_that_goes_away_mid_job_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("lp0");
        mkfifo(&path);
        let reader_path = path.clone();
        let reader = std::thread::spawn(move || {
            let mut file = File::open(reader_path).unwrap();
            let mut first = [0u8; 1024];
            file.read_exact(&mut first).unwrap();
            // Dropped here: the writer's next write fails with EPIPE.
        });
        let keep = OpenOptions::new().write(true).open(&path).unwrap();
        let printer = DeviceTransport::new(&path);
        let err = printer.send(&job(4_000_000)).unwrap_err();
        assert!(matches!(err, TransportError::NoAnswer { .. }), "{err:?}");
        reader.join().unwrap();
        drop(keep);
    }

    /// A pseudo-terminal standing in for a serial port: the master end (the "printer"), the
    /// slave's path (what the kiosk would be configured with) and the slave kept open in raw
    /// mode, as `stty raw` would leave a printer's port.
    fn serial_stand_in() -> (File, PathBuf, File) {
        use std::os::fd::FromRawFd;
        // SAFETY: plain libc calls on a descriptor this function owns; ptsname_r writes a
        // NUL-terminated path into the buffer it is given.
        unsafe {
            let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
            assert!(master >= 0, "posix_openpt");
            let master_file = File::from_raw_fd(master);
            assert_eq!(libc::grantpt(master), 0);
            assert_eq!(libc::unlockpt(master), 0);
            let mut name = [0 as libc::c_char; 128];
            assert_eq!(libc::ptsname_r(master, name.as_mut_ptr(), name.len()), 0);
            let path = PathBuf::from(std::ffi::CStr::from_ptr(name.as_ptr()).to_str().unwrap());
            let slave = OpenOptions::new()
                .read(true)
                .write(true)
                .custom_flags(libc::O_NOCTTY)
                .open(&path)
                .unwrap();
            let mut termios = std::mem::zeroed::<libc::termios>();
            assert_eq!(libc::tcgetattr(slave.as_raw_fd(), &mut termios), 0);
            libc::cfmakeraw(&mut termios);
            assert_eq!(
                libc::tcsetattr(slave.as_raw_fd(), libc::TCSANOW, &termios),
                0
            );
            (master_file, path, slave)
        }
    }

    #[test]
    fn every_byte_reaches_a_serial_port() {
        let (mut master, path, _slave) = serial_stand_in();
        let sent = job(200_000);
        let len = sent.len();
        let reader = std::thread::spawn(move || {
            let mut received = vec![0u8; len];
            master.read_exact(&mut received).unwrap();
            received
        });
        DeviceTransport::new(&path).send(&sent).unwrap();
        assert!(reader.join().unwrap() == sent, "bytes differ");
    }

    #[test]
    fn a_serial_printer_that_takes_nothing_ends_the_job_instead_of_hanging() {
        let (_master, path, _slave) = serial_stand_in();
        let printer = DeviceTransport::new(&path).with_timeout(Duration::from_millis(300));
        let err = printer.send(&job(4_000_000)).unwrap_err();
        assert!(matches!(err, TransportError::NoAnswer { .. }), "{err:?}");
    }

    /// The path given to the unprivileged child run of this test through the environment.
    const CHILD_ENV: &str = "QEBUL_DEVICE_DENIED_PATH";

    /// Tests run as root, whom file modes do not stop: as root, the check runs again in a child
    /// process of this test binary started as `nobody`.
    #[test]
    fn permission_denied_names_the_groups_to_join() {
        if let Some(path) = std::env::var_os(CHILD_ENV) {
            // The unprivileged child: the root parent made the file.
            check_permission_denied(Path::new(&path));
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("lp0");
        std::fs::write(&path, b"").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
            check_permission_denied(&path);
            return;
        }
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        // The test binary may sit where `nobody` cannot reach it (a target directory under
        // /root): run a copy from the shared temporary folder.
        let child = tmp.path().join("test-binary");
        std::fs::copy(std::env::current_exe().unwrap(), &child).unwrap();
        std::fs::set_permissions(&child, std::fs::Permissions::from_mode(0o755)).unwrap();
        use std::os::unix::process::CommandExt;
        const NOBODY: u32 = 65534;
        let output = std::process::Command::new(&child)
            .args([
                "device::tests::permission_denied_names_the_groups_to_join",
                "--exact",
                "--nocapture",
            ])
            .env(CHILD_ENV, &path)
            .uid(NOBODY)
            .gid(NOBODY)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("1 passed"),
            "the unprivileged child failed: {}\n{stdout}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn check_permission_denied(path: &Path) {
        let err = DeviceTransport::new(path).send(b"x").unwrap_err();
        assert!(matches!(err, TransportError::Unreachable { .. }), "{err:?}");
        let message = err.to_string();
        for needle in ["may not write", "lp", "dialout"] {
            assert!(message.contains(needle), "{needle:?} missing: {message}");
        }
    }
}
