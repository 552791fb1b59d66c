//! The serial reader against a pseudo-terminal: the test writes what a document scanner would
//! send to the pty's master side; the reader opens a symlink to the slave side as its "device",
//! so that unplugging is closing the master and deleting the link, and replugging is a new pty
//! behind a new link.

use std::fs::File;
use std::io::Write;
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use qebul_idcard::{mrz, CardRead, CardReader, ReaderEvent, SerialConfig, SerialReader};

const L1: &str = "I<AZEAA123456785ZK7Q2M<<<<<<<<";
const L2: &str = "8003052F3106305AZE<<<<<<<<<<<7";
const L3: &str = "ABDULLAYEVA<<GOHAR<<<<<<<<<<<<";
/// Every wait in these tests ends; none of them measures speed.
const PATIENCE: Duration = Duration::from_secs(30);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default()
}

fn expected_card() -> ReaderEvent {
    let text = [L1, L2, L3].join("\n");
    ReaderEvent::Card(CardRead::Mrz(Box::new(
        mrz::parse(&text, today()).expect("the sample MRZ is valid"),
    )))
}

/// A pseudo-terminal standing in for a scanner, reachable at `link`.
struct FakeScanner {
    master: File,
}

impl FakeScanner {
    /// A new pty whose slave side `link` points to.
    fn plug(link: &Path) -> FakeScanner {
        let mut master = -1;
        let mut slave = -1;
        // SAFETY: the out-pointers are valid; name, termios and winsize may be null.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened and belong to us.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let slave_path = std::fs::read_link(format!("/proc/self/fd/{}", {
            use std::os::fd::AsRawFd;
            slave.as_raw_fd()
        }))
        .expect("the pty slave's path");
        drop(slave);
        let _ = std::fs::remove_file(link);
        std::os::unix::fs::symlink(&slave_path, link).expect("symlink to the pty");
        FakeScanner {
            master: File::from(master),
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).expect("write to the pty");
    }

    /// Pulls the cable: the pty goes away and so does the link.
    fn unplug(self, link: &Path) {
        std::fs::remove_file(link).expect("remove the link");
        drop(self.master);
    }
}

struct Setup {
    _dir: tempfile::TempDir,
    link: PathBuf,
    reader: SerialReader,
}

fn setup(idle_timeout: Duration) -> Setup {
    let dir = tempfile::tempdir().expect("temp dir");
    let link = dir.path().join("ttyACM0");
    let mut config = SerialConfig::new(&link, 9600);
    config.idle_timeout = idle_timeout;
    config.retry_every = Duration::from_millis(100);
    let reader = SerialReader::new(config, Box::new(today)).expect("valid config");
    Setup {
        _dir: dir,
        link,
        reader,
    }
}

/// Events until one satisfies `want` (returned with those before it); fails the test if none
/// does within [`PATIENCE`].
fn until(reader: &mut SerialReader, want: impl Fn(&ReaderEvent) -> bool) -> Vec<ReaderEvent> {
    let give_up = Instant::now() + PATIENCE;
    let mut seen = Vec::new();
    while Instant::now() < give_up {
        if let Some(event) = reader.next_event(Duration::from_millis(200)) {
            let done = want(&event);
            seen.push(event);
            if done {
                return seen;
            }
        }
    }
    panic!("the expected event never came; saw {seen:?}");
}

fn connected(reader: &mut SerialReader) {
    let seen = until(reader, |e| *e == ReaderEvent::Connected);
    assert_eq!(seen, [ReaderEvent::Connected]);
}

/// The next event, which must come.
fn next(reader: &mut SerialReader) -> ReaderEvent {
    let seen = until(reader, |_| true);
    seen.into_iter().next().expect("one event")
}

#[test]
fn a_clean_read_is_an_mrz() {
    let mut s = setup(Duration::from_secs(1));
    let mut scanner = FakeScanner::plug(&s.link);
    connected(&mut s.reader);
    assert_eq!(
        s.reader.name(),
        format!("serial {} (9600 baud)", s.link.display())
    );
    scanner.send(format!("{L1}\r{L2}\r{L3}\r").as_bytes());
    assert_eq!(next(&mut s.reader), expected_card());
    assert_eq!(s.reader.next_event(Duration::from_millis(300)), None);
}

#[test]
fn line_ends_and_framing_bytes_vary_between_scanners() {
    let mut s = setup(Duration::from_secs(1));
    let mut scanner = FakeScanner::plug(&s.link);
    connected(&mut s.reader);
    for framed in [
        format!("{L1}\r\n{L2}\r\n{L3}\r\n"),
        format!("{L1}\n{L2}\n{L3}\n"),
        format!("\x02{L1}\r{L2}\r{L3}\x03"),
        format!("\x02{L1}\r\n{L2}\r\n{L3}\r\n\x03\r\n"),
    ] {
        scanner.send(framed.as_bytes());
        assert_eq!(next(&mut s.reader), expected_card(), "{framed:?}");
    }
}

#[test]
fn a_read_arriving_in_pieces_is_assembled() {
    // A long idle timeout: the pauses below never matter, however slow the machine.
    let mut s = setup(Duration::from_secs(20));
    let mut scanner = FakeScanner::plug(&s.link);
    connected(&mut s.reader);
    let text = format!("{L1}\r\n{L2}\r\n{L3}\r\n");
    let mut events = Vec::new();
    for piece in text.as_bytes().chunks(7) {
        scanner.send(piece);
        std::thread::sleep(Duration::from_millis(20));
        // The reader is polled between pieces, as the kiosk's thread would.
        events.extend(s.reader.next_event(Duration::from_millis(10)));
    }
    if events.is_empty() {
        events.push(next(&mut s.reader));
    }
    assert_eq!(events, [expected_card()]);
}

#[test]
fn noise_between_reads_is_ignored_and_a_bad_read_is_unreadable() {
    let mut s = setup(Duration::from_secs(1));
    let mut scanner = FakeScanner::plug(&s.link);
    connected(&mut s.reader);
    scanner.send(b"\x00\xff\xfeREADY\r\nDESKO PENTA 4.1\r\n\r\n#?!\n");
    scanner.send(format!("{L1}\r\n{L2}\r\n{L3}\r\n").as_bytes());
    scanner.send(b"OK\r\n\x1b[0m\r\n");
    assert_eq!(next(&mut s.reader), expected_card());
    // A misread: the second line lost a character. The read ends at ETX and is refused.
    scanner.send(format!("\x02{L1}\r\n{}\r\n{L3}\r\n\x03", &L2[1..]).as_bytes());
    let event = next(&mut s.reader);
    assert!(
        matches!(event, ReaderEvent::Card(CardRead::Unreadable(_))),
        "{event:?}"
    );
    // And the reader goes on reading.
    scanner.send(format!("{L1}\r\n{L2}\r\n{L3}\r\n").as_bytes());
    assert_eq!(next(&mut s.reader), expected_card());
}

#[test]
fn unplugging_is_lost_and_replugging_is_connected_again() {
    let mut s = setup(Duration::from_secs(1));
    let scanner = FakeScanner::plug(&s.link);
    connected(&mut s.reader);
    scanner.unplug(&s.link);
    let unplugged = format!(
        "the document reader on {} is unplugged; plug it back in",
        s.link.display()
    );
    assert_eq!(next(&mut s.reader), ReaderEvent::Lost(unplugged));
    // While it is away, the retries fail quietly.
    assert_eq!(s.reader.next_event(Duration::from_millis(500)), None);

    let mut scanner = FakeScanner::plug(&s.link);
    connected(&mut s.reader);
    scanner.send(format!("{L1}\r\n{L2}\r\n{L3}\r\n").as_bytes());
    assert_eq!(next(&mut s.reader), expected_card());
}

#[test]
fn a_reader_missing_at_start_is_connected_when_it_appears() {
    let mut s = setup(Duration::from_secs(1));
    let missing = format!(
        "the document reader on {} is unplugged; plug it back in",
        s.link.display()
    );
    assert_eq!(next(&mut s.reader), ReaderEvent::Lost(missing));
    let mut scanner = FakeScanner::plug(&s.link);
    connected(&mut s.reader);
    scanner.send(format!("{L1}\n{L2}\n{L3}\n").as_bytes());
    assert_eq!(next(&mut s.reader), expected_card());
}
