//! The PC/SC reader against a real pcscd with the vpcd virtual reader (Debian: `pcscd`,
//! `vsmartcard-vpcd`; these tests fail, rather than skip, without them).
//!
//! Isolation: Debian's pcscd 1.9.9 ignores `PCSCLITE_CSOCK_NAME` (only libpcsclite, the client
//! side, reads it), but it accepts its socket from systemd socket activation. So each test binds
//! a Unix socket of its own, hands it to `pcscd --foreground` as fd 3 with `LISTEN_FDS=1` and
//! `LISTEN_PID`, and points this process's libpcsclite at it with `PCSCLITE_CSOCK_NAME`. The
//! reader configuration is a private `--config` directory whose vpcd entry listens on a free
//! TCP port chosen by the test, so a system pcscd (or another test run) is never touched.
//! libpcsclite reads `PCSCLITE_CSOCK_NAME` once per process, so the tests in this binary share
//! one socket path and take turns (a mutex); each still starts its own pcscd.
//!
//! A virtual card is a TCP connection to vpcd speaking its protocol: messages are a 2-byte
//! big-endian length and a payload; vpcd sends 1-byte control messages (0 power off, 1 power on,
//! 2 reset, 4 "send your ATR") and APDUs; the card answers the ATR request with its ATR and each
//! APDU with a response, and is "in the slot" while the connection is open.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use qebul_idcard::{CardRead, CardReader, PcscConfig, PcscReader, ReaderEvent};

const VPCD_DRIVER: &str = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
/// Every wait in these tests ends; none of them measures speed.
const PATIENCE: Duration = Duration::from_secs(60);
/// ISO 14443 contactless card, no historical bytes (what a PC/SC contactless reader reports for
/// an eID card); the last byte is the check byte.
const ATR: [u8; 5] = [0x3B, 0x80, 0x80, 0x01, 0x01];

/// The per-process socket directory (libpcsclite's `PCSCLITE_CSOCK_NAME` points into it).
static SOCKET_DIR: OnceLock<PathBuf> = OnceLock::new();
static TAKE_TURNS: Mutex<()> = Mutex::new(());

/// Everything one test needs: its turn, a scratch directory, its vpcd port.
struct Bench {
    _turn: MutexGuard<'static, ()>,
    socket: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

impl Bench {
    fn new() -> Bench {
        let turn = TAKE_TURNS.lock().unwrap_or_else(|p| p.into_inner());
        for needed in ["/usr/sbin/pcscd", VPCD_DRIVER] {
            assert!(
                Path::new(needed).exists(),
                "{needed} is missing: apt-get install pcscd vsmartcard-vpcd"
            );
        }
        let socket_dir = SOCKET_DIR.get_or_init(|| {
            let dir = std::env::temp_dir().join(format!("qebul-pcsc-test-{}", std::process::id()));
            // Set once, before this process's first PC/SC call, while holding the turn.
            std::env::set_var("PCSCLITE_CSOCK_NAME", dir.join("pcscd.comm"));
            dir
        });
        // Made for each test and removed after it (see `Drop`).
        std::fs::create_dir_all(socket_dir).expect("socket directory");
        let socket = socket_dir.join("pcscd.comm");
        let _ = std::fs::remove_file(&socket);
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("reader.conf.d")).expect("config dir");
        Bench {
            _turn: turn,
            socket,
            dir,
            port: free_port_pair(),
        }
    }

    fn config_dir(&self) -> PathBuf {
        self.dir.path().join("reader.conf.d")
    }

    /// Declares the vpcd reader ("Virtual PCD 00 00" on `port`, "… 00 01" on `port + 1`).
    fn add_vpcd(&self) {
        let conf = format!(
            "FRIENDLYNAME \"Virtual PCD\"\nDEVICENAME   /dev/null:0x{port:X}\n\
             LIBPATH      {VPCD_DRIVER}\nCHANNELID    0x{port:X}\n",
            port = self.port
        );
        std::fs::write(self.config_dir().join("vpcd"), conf).expect("vpcd config");
    }

    fn start_pcscd(&self) -> Pcscd {
        Pcscd::start(
            &self.socket,
            &self.config_dir(),
            &self.dir.path().join("pcscd.log"),
        )
    }

    fn insert_card(&self) -> VirtualCard {
        VirtualCard::insert(self.port)
    }

    fn log(&self) -> String {
        let text = std::fs::read_to_string(self.dir.path().join("pcscd.log")).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(40).collect();
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    }

    /// Events until one satisfies `want` (returned with those before it); fails the test, with
    /// pcscd's log, if none does in time.
    fn until(
        &self,
        reader: &mut PcscReader,
        want: impl Fn(&ReaderEvent) -> bool,
    ) -> Vec<ReaderEvent> {
        let give_up = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        while Instant::now() < give_up {
            if let Some(event) = reader.next_event(Duration::from_millis(500)) {
                let done = want(&event);
                seen.push(event);
                if done {
                    return seen;
                }
            }
        }
        panic!(
            "the expected event never came; saw {seen:?}\npcscd's log ends with:\n{}",
            self.log()
        );
    }
}

impl Drop for Bench {
    fn drop(&mut self) {
        if let Some(dir) = self.socket.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Two consecutive free TCP ports (vpcd's two slots); returns the first.
fn free_port_pair() -> u16 {
    for _ in 0..100 {
        let Ok(first) = TcpListener::bind(("0.0.0.0", 0)) else {
            continue;
        };
        let Ok(port) = first.local_addr().map(|a| a.port()) else {
            continue;
        };
        if port < u16::MAX && TcpListener::bind(("0.0.0.0", port + 1)).is_ok() {
            return port;
        }
    }
    panic!("no two consecutive free TCP ports");
}

/// A pcscd of our own, socket-activated on our socket. Killed when dropped.
struct Pcscd {
    child: Child,
}

impl Pcscd {
    fn start(socket: &Path, config_dir: &Path, log: &Path) -> Pcscd {
        let _ = std::fs::remove_file(socket);
        let listener = UnixListener::bind(socket).expect("bind pcscd's socket");
        let fd = listener.as_raw_fd();
        let log = File::options()
            .create(true)
            .append(true)
            .open(log)
            .expect("pcscd log");
        let log2 = log.try_clone().expect("pcscd log");
        let mut command = Command::new("/bin/sh");
        command
            .arg("-c")
            // `$$` is the shell's pid, which `exec` hands to pcscd: systemd's LISTEN_PID check.
            .arg(r#"LISTEN_PID=$$ LISTEN_FDS=1 exec /usr/sbin/pcscd --foreground --debug --config "$0""#)
            .arg(config_dir)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2);
        // SAFETY: only async-signal-safe calls (dup2, fcntl) between fork and exec.
        unsafe {
            command.pre_exec(move || {
                if fd == 3 {
                    if libc::fcntl(3, libc::F_SETFD, 0) < 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                } else if libc::dup2(fd, 3) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("start pcscd");
        // pcscd has its copy; ours must go, or a dead pcscd's clients would hang in the backlog.
        drop(listener);
        Pcscd { child }
    }

    /// Kills pcscd as a crash would.
    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Stops pcscd as `systemctl stop` would (SIGTERM; SIGKILL if it lingers).
    fn terminate(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Ok(pid) = libc::pid_t::try_from(self.child.id()) {
            // SAFETY: signalling our own child (not yet reaped, so the pid is still ours).
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
        let give_up = Instant::now() + Duration::from_secs(10);
        while Instant::now() < give_up {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Pcscd {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A virtual ICC connected to vpcd: "in the slot" until removed.
struct VirtualCard {
    stream: TcpStream,
    thread: Option<JoinHandle<()>>,
}

impl VirtualCard {
    fn insert(port: u16) -> VirtualCard {
        let give_up = Instant::now() + PATIENCE;
        let stream = loop {
            match TcpStream::connect(("127.0.0.1", port)) {
                Ok(stream) => break stream,
                Err(err) if Instant::now() < give_up => {
                    eprintln!("vpcd not listening yet on {port}: {err}");
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(err) => panic!("vpcd never listened on port {port}: {err}"),
            }
        };
        let mut card_side = stream.try_clone().expect("clone the card's socket");
        let thread = std::thread::spawn(move || {
            // Ends when vpcd or the test closes the connection.
            while let Some(message) = read_message(&mut card_side) {
                let reply: &[u8] = match message.as_slice() {
                    [0x00] | [0x01] | [0x02] => continue, // power off, power on, reset
                    [0x04] => &ATR,
                    _ => &[0x90, 0x00], // any APDU: "OK", nothing more
                };
                if write_message(&mut card_side, reply).is_err() {
                    break;
                }
            }
        });
        VirtualCard {
            stream,
            thread: Some(thread),
        }
    }

    fn remove(mut self) {
        self.close();
    }

    fn close(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for VirtualCard {
    fn drop(&mut self) {
        self.close();
    }
}

fn read_message(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut len = [0u8; 2];
    stream.read_exact(&mut len).ok()?;
    let mut payload = vec![0u8; usize::from(u16::from_be_bytes(len))];
    stream.read_exact(&mut payload).ok()?;
    Some(payload)
}

fn write_message(stream: &mut TcpStream, payload: &[u8]) -> std::io::Result<()> {
    let len = u16::try_from(payload.len()).map_err(std::io::Error::other)?;
    let mut message = len.to_be_bytes().to_vec();
    message.extend_from_slice(payload);
    stream.write_all(&message)
}

fn named(reader: &str) -> PcscReader {
    PcscReader::new(PcscConfig {
        reader: Some(reader.to_owned()),
        retry_every: Duration::from_millis(200),
    })
}

fn is_lost(event: &ReaderEvent) -> bool {
    matches!(event, ReaderEvent::Lost(_))
}

const NOT_RUNNING: &str =
    "the card service pcscd is not running; restart the kiosk or ask IT to start pcscd";

#[test]
fn a_card_in_and_out_and_pcscd_going_away_and_coming_back() {
    let bench = Bench::new();
    bench.add_vpcd();
    let mut reader = named("Virtual PCD 00 00");
    assert!(reader.reports_removal());

    // No pcscd yet.
    let seen = bench.until(&mut reader, is_lost);
    assert_eq!(seen, [ReaderEvent::Lost(NOT_RUNNING.into())]);

    let pcscd = bench.start_pcscd();
    let seen = bench.until(&mut reader, |e| *e == ReaderEvent::Connected);
    assert_eq!(seen, [ReaderEvent::Connected]);
    assert_eq!(reader.reader_name().as_deref(), Some("Virtual PCD 00 00"));

    let card = bench.insert_card();
    let seen = bench.until(&mut reader, |e| *e != ReaderEvent::Connected);
    assert_eq!(seen, [ReaderEvent::Card(CardRead::Present)]);
    card.remove();
    let seen = bench.until(&mut reader, |_| true);
    assert_eq!(seen, [ReaderEvent::Removed]);

    // pcscd dies with a card in: the card is gone, then the service.
    let card = bench.insert_card();
    let seen = bench.until(&mut reader, |_| true);
    assert_eq!(seen, [ReaderEvent::Card(CardRead::Present)]);
    pcscd.kill();
    let seen = bench.until(&mut reader, is_lost);
    assert_eq!(
        seen,
        [ReaderEvent::Removed, ReaderEvent::Lost(NOT_RUNNING.into())]
    );
    drop(card);

    // pcscd is back: so is the reader, and cards are seen again.
    let _pcscd = bench.start_pcscd();
    let seen = bench.until(&mut reader, |e| *e == ReaderEvent::Connected);
    assert_eq!(seen, [ReaderEvent::Connected]);
    let card = bench.insert_card();
    let seen = bench.until(&mut reader, |_| true);
    assert_eq!(seen, [ReaderEvent::Card(CardRead::Present)]);
    card.remove();
    let seen = bench.until(&mut reader, |_| true);
    assert_eq!(seen, [ReaderEvent::Removed]);
}

#[test]
fn a_card_already_in_at_start_is_reported() {
    let bench = Bench::new();
    bench.add_vpcd();
    let _pcscd = bench.start_pcscd();
    // The card goes in as soon as vpcd listens, before the reader looks.
    let card = bench.insert_card();
    let mut reader = PcscReader::new(PcscConfig::default());
    let seen = bench.until(&mut reader, |e| matches!(e, ReaderEvent::Card(_)));
    assert_eq!(
        seen,
        [ReaderEvent::Connected, ReaderEvent::Card(CardRead::Present)]
    );
    assert_eq!(reader.reader_name().as_deref(), Some("Virtual PCD 00 00"));
    card.remove();
    let seen = bench.until(&mut reader, |_| true);
    assert_eq!(seen, [ReaderEvent::Removed]);
}

#[test]
fn a_reader_that_is_not_there_is_lost_until_it_comes() {
    let bench = Bench::new();
    let pcscd = bench.start_pcscd();
    let mut reader = named("virtual pcd");
    let seen = bench.until(&mut reader, is_lost);
    assert_eq!(
        seen,
        [ReaderEvent::Lost(
            "the card reader “virtual pcd” is not plugged in; plug it in".into()
        )]
    );
    // Nothing new while nothing changes (the reader waits for pcsc-lite's PnP notification).
    assert_eq!(reader.next_event(Duration::from_secs(1)), None);

    // pcscd is stopped while the reader waits for a reader to arrive.
    pcscd.terminate();
    let seen = bench.until(&mut reader, is_lost);
    assert_eq!(seen, [ReaderEvent::Lost(NOT_RUNNING.into())]);

    // pcscd comes back with the reader. (pcscd 1.9.9 hot-plugs only USB readers; vpcd is a
    // reader.conf.d reader, so its "plugging in" is a pcscd start.)
    bench.add_vpcd();
    let _pcscd = bench.start_pcscd();
    let seen = bench.until(&mut reader, |e| *e == ReaderEvent::Connected);
    assert_eq!(seen, [ReaderEvent::Connected]);
    assert_eq!(reader.reader_name().as_deref(), Some("Virtual PCD 00 00"));
    let card = bench.insert_card();
    let seen = bench.until(&mut reader, |_| true);
    assert_eq!(seen, [ReaderEvent::Card(CardRead::Present)]);
    card.remove();
    let seen = bench.until(&mut reader, |_| true);
    assert_eq!(seen, [ReaderEvent::Removed]);
}
