//! `CupsTransport` against a real cupsd of each test's own (see `support/cupsd.rs`), printing
//! through CUPS's stock socket backend to a listener that keeps the bytes.
//!
//! Every wait here is generous and nothing asserts on time: the machine may be loaded.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use qebul_notice::{Notice, PaperWidth};
use qebul_printer::{CupsTransport, PrinterStatus, Transport, TransportError};
use support::cupsd::{self, Cupsd};
use support::listener::Listener;

/// How long a test waits for anything that should happen at once.
const PATIENCE: Duration = Duration::from_secs(60);

/// A job with every byte value, ESC/POS's own among them (ESC @, DLE EOT, GS v 0, NUL).
fn escpos_job(len: usize) -> Vec<u8> {
    let mut job = b"\x1b@\x10\x04\x01\x10\x04\x04\x1dv0\x00\x48\x00\x10\x00".to_vec();
    let mut state: u32 = 0x1234_5678;
    while job.len() < len {
        // A small xorshift: every byte value, no pattern CUPS could mistake for a format.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        job.push((state >> 24) as u8);
    }
    job.extend_from_slice(b"\x00\x1b\x00\x1d\x00\x10\x04\x1dVB\x00");
    job
}

fn transport(queue: &str) -> CupsTransport {
    CupsTransport::new(queue).unwrap().with_timeout(PATIENCE)
}

fn spooler_reason(err: TransportError) -> String {
    let message = err.to_string();
    match err {
        TransportError::Spooler { reason, .. } => {
            assert!(message.contains(&reason));
            reason
        }
        other => panic!("expected a spooler error, got {other:?}"),
    }
}

fn no_files_in(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}

#[test]
fn an_escpos_job_arrives_byte_for_byte_and_leaves_no_temporary_file() {
    let cupsd = Cupsd::start();
    let printer = Listener::start();
    cupsd.add_raw_queue("kiosk", &printer.uri(), &[]);
    let cups = transport("kiosk");
    assert_eq!(cups.describe(), "CUPS queue kiosk");
    assert_eq!(cups.status().unwrap(), None);

    let job = escpos_job(50_000);
    let started = Instant::now();
    cups.send(&job).unwrap();
    let first = started.elapsed();
    let received = printer.wait_for_jobs(1, PATIENCE);
    assert!(received[0] == job, "the job arrived changed");

    // More jobs, to see what a round trip costs once libcups's connection is open.
    let mut times = Vec::new();
    for i in 0..10u8 {
        let mut job = escpos_job(2_000 + usize::from(i) * 5_000);
        job.push(i);
        let started = Instant::now();
        cups.send(&job).unwrap();
        times.push(started.elapsed());
        let received = printer.wait_for_jobs(2 + usize::from(i), PATIENCE);
        assert!(received.last().unwrap() == &job, "job {i} arrived changed");
    }
    times.sort();
    eprintln!(
        "CUPS round trip (submit → completed): first {first:?}; next 10: min {:?}, median {:?}, \
         max {:?}",
        times[0], times[5], times[9]
    );
    no_files_in(&cupsd.client_temp_dir());
    assert_eq!(cupsd.active_jobs("kiosk"), "");
}

#[test]
fn a_notice_through_a_raw_queue_reaches_the_emulated_printer_as_our_exact_bytes() {
    let cupsd = Cupsd::start();
    let emulator = qebul_printer::EmulatedPrinter::start().unwrap();
    let uri = format!("socket://{}", emulator.address());
    cupsd.add_raw_queue("receipts", &uri, &[]);
    let printer = qebul_printer::ReceiptPrinter::new(transport("receipts"), PaperWidth::Mm58);
    let notice = Notice {
        second_language: Some(qebul_notice::Lang::Ru),
        ..Notice::seed_example()
    };
    let job = printer.job(&notice).unwrap();
    qebul_printer::Printer::print(&printer, &notice).unwrap();
    let deadline = Instant::now() + PATIENCE;
    while emulator.pages().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let received = emulator.received();
    assert_eq!(received.len(), 1, "one connection from CUPS");
    assert!(received[0] == job, "CUPS changed our bytes");
    assert_eq!(
        emulator.take_pages(),
        [qebul_notice::render(&notice, PaperWidth::Mm58).unwrap()]
    );
}

#[test]
fn an_a4_notice_through_a_pdf_queue_arrives_whole_and_both_codes_read_back() {
    let pdftoppm = tool("pdftoppm", "poppler-utils");
    let zbarimg = tool("zbarimg", "zbar-tools");
    let cupsd = Cupsd::start();
    let listener = Listener::start();
    cupsd.add_raw_queue("office", &listener.uri(), &[]);
    let printer = qebul_printer::PagePrinter::new(transport("office"), qebul_notice::PageSize::A4);
    let seal = "QK1.kiosk-1.AZChssPUfl-KmwwdLj9KWw.10000061.20150407.isgenderov.sig";
    let notice = Notice {
        seal: Some(seal.into()),
        ..Notice::seed_details_example()
    };
    qebul_printer::Printer::print(&printer, &notice).unwrap();
    let received = listener.wait_for_jobs(1, PATIENCE).remove(0);
    assert!(
        received == qebul_notice::render_pdf(&notice, qebul_notice::PageSize::A4).unwrap(),
        "the PDF arrived changed"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("received.pdf");
    std::fs::write(&file, &received).unwrap();
    let png = dir.path().join("page");
    run(Command::new(pdftoppm)
        .args(["-png", "-r", "150", "-gray", "-singlefile"])
        .arg(&file)
        .arg(&png));
    let codes = run(Command::new(zbarimg)
        .args(["-q", "--nodbus"])
        .arg(png.with_extension("png")));
    assert!(codes.contains("CODE-128:030400000610704"), "{codes}");
    assert!(codes.contains(&format!("QR-Code:{seal}")), "{codes}");
}

#[test]
fn a_pdf_arrives_whole_and_its_barcode_reads_back() {
    let pdftoppm = tool("pdftoppm", "poppler-utils");
    let zbarimg = tool("zbarimg", "zbar-tools");
    let cupsd = Cupsd::start();
    let printer = Listener::start();
    // An office printer's queue, taking the notice as a PDF.
    cupsd.add_raw_queue("office", &printer.uri(), &[]);
    let pdf = qebul_notice::render(
        &qebul_notice::Notice::seed_example(),
        qebul_notice::PaperWidth::Mm80,
    )
    .unwrap()
    .to_pdf();

    transport("office").send(&pdf).unwrap();
    let received = printer.wait_for_jobs(1, PATIENCE).remove(0);
    assert!(received.starts_with(b"%PDF-"), "not a PDF");
    assert!(received == pdf, "the PDF arrived changed");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("received.pdf");
    std::fs::write(&file, &received).unwrap();
    let png = dir.path().join("page");
    run(Command::new(pdftoppm)
        .args(["-png", "-r", "300", "-singlefile"])
        .arg(&file)
        .arg(&png));
    let barcode = run(Command::new(zbarimg)
        .args(["--raw", "-q"])
        .arg(png.with_extension("png")));
    assert_eq!(barcode.trim(), "030400000610704");
}

#[test]
fn a_printer_that_refuses_connections_is_reported_when_cups_gives_up() {
    let cupsd = Cupsd::start();
    let closed = closed_port();
    // The socket backend retries a refused connection for a week by default; `contimeout`
    // makes it give up, and `abort-job` makes CUPS abort the job instead of stopping the queue.
    cupsd.add_raw_queue(
        "dead",
        &format!("socket://127.0.0.1:{closed}/?contimeout=1"),
        &["printer-error-policy=abort-job"],
    );
    let err = transport("dead").send(b"\x1b@hello").unwrap_err();
    let reason = spooler_reason(err);
    eprintln!("{reason}");
    assert!(reason.contains("gave up"), "{reason}");
    assert!(
        reason.contains("The printer is not responding."),
        "{reason}"
    );
    // The queue stays usable for the next job.
    assert_eq!(transport("dead").status().unwrap(), None);
}

#[test]
fn a_queue_stopped_by_a_failing_printer_is_reported_and_the_job_cancelled() {
    let cupsd = Cupsd::start();
    let closed = closed_port();
    // CUPS's default error policy: the backend's failure stops the queue, the job stays.
    cupsd.add_raw_queue(
        "stops",
        &format!("socket://127.0.0.1:{closed}/?contimeout=1"),
        &["printer-error-policy=stop-printer"],
    );
    let cups = transport("stops");
    let err = cups.send(b"\x1b@hello").unwrap_err();
    let reason = spooler_reason(err);
    eprintln!("{reason}");
    assert!(reason.contains("stopped"), "{reason}");
    assert!(reason.contains("cupsenable stops"), "{reason}");
    assert!(reason.contains("was cancelled"), "{reason}");
    assert_eq!(cupsd.active_jobs("stops"), "");
    assert_eq!(cups.status().unwrap(), Some(PrinterStatus::Offline));
}

#[test]
fn a_printer_that_never_answers_times_out_and_the_job_is_cancelled() {
    let cupsd = Cupsd::start();
    let closed = closed_port();
    // Stock settings: the backend would retry for a week.
    cupsd.add_raw_queue("silent", &format!("socket://127.0.0.1:{closed}"), &[]);
    let cups = CupsTransport::new("silent")
        .unwrap()
        .with_timeout(Duration::from_secs(2));
    let started = Instant::now();
    let err = cups.send(b"\x1b@hello").unwrap_err();
    eprintln!("gave up after {:?}", started.elapsed());
    let reason = spooler_reason(err);
    eprintln!("{reason}");
    assert!(
        reason.contains("did not finish the job within 2 s"),
        "{reason}"
    );
    assert!(reason.contains("was cancelled"), "{reason}");
    assert_eq!(cupsd.active_jobs("silent"), "");
}

#[test]
fn a_job_cancelled_on_the_server_is_reported() {
    let cupsd = Cupsd::start();
    let closed = closed_port();
    cupsd.add_raw_queue("silent", &format!("socket://127.0.0.1:{closed}"), &[]);
    std::thread::scope(|scope| {
        let sending = scope.spawn(|| transport("silent").send(b"\x1b@hello"));
        let deadline = Instant::now() + PATIENCE;
        while cupsd.active_jobs("silent").is_empty() {
            assert!(Instant::now() < deadline, "the job never appeared");
            std::thread::sleep(Duration::from_millis(10));
        }
        cupsd.run("cancel", &["-a", "silent"]);
        let reason = spooler_reason(sending.join().unwrap().unwrap_err());
        assert!(reason.contains("cancelled on the print server"), "{reason}");
    });
}

#[test]
fn a_queue_that_does_not_exist_is_a_clear_error() {
    let cupsd = Cupsd::start();
    let printer = Listener::start();
    cupsd.add_raw_queue("kiosk", &printer.uri(), &[]);
    let cups = transport("kiosk-typo");
    for err in [cups.send(b"x").unwrap_err(), cups.status().unwrap_err()] {
        let message = err.to_string();
        let reason = spooler_reason(err);
        assert!(
            reason.contains("no print queue named \"kiosk-typo\""),
            "{reason}"
        );
        assert!(message.contains("kiosk-typo"), "{message}");
    }
    assert!(printer.jobs().is_empty());
}

#[test]
fn no_cupsd_running_is_a_clear_error_not_a_hang() {
    let _nothing = cupsd::no_cupsd();
    let cups = transport("kiosk");
    for err in [cups.send(b"x").unwrap_err(), cups.status().unwrap_err()] {
        let reason = spooler_reason(err);
        assert!(
            reason.contains("print service (CUPS) is not running"),
            "{reason}"
        );
    }
}

#[test]
fn an_unusable_queue_name_is_refused_at_once() {
    for name in ["", "two words", "a/b", "x#1", "nul\0byte", &"q".repeat(128)] {
        let reason = spooler_reason(CupsTransport::new(name).unwrap_err());
        assert!(reason.contains("not a usable CUPS queue name"), "{reason}");
    }
    assert!(CupsTransport::new("EPSON_TM-T20III.kiosk").is_ok());
}

#[test]
fn a_disabled_or_rejecting_queue_is_reported_and_gets_no_job() {
    let cupsd = Cupsd::start();
    let printer = Listener::start();
    cupsd.add_raw_queue("kiosk", &printer.uri(), &[]);
    let cups = transport("kiosk");

    cupsd.run("cupsdisable", &["-r", "paper jam", "kiosk"]);
    assert_eq!(cups.status().unwrap(), Some(PrinterStatus::Offline));
    let reason = spooler_reason(cups.send(b"x").unwrap_err());
    assert!(reason.contains("the queue is stopped"), "{reason}");
    assert!(reason.contains("paper jam"), "{reason}");
    assert_eq!(cupsd.active_jobs("kiosk"), "", "no job may wait behind it");

    cupsd.run("cupsenable", &["kiosk"]);
    assert_eq!(cups.status().unwrap(), None);
    cups.send(b"after").unwrap();

    cupsd.run("cupsreject", &["kiosk"]);
    assert_eq!(cups.status().unwrap(), Some(PrinterStatus::Offline));
    let reason = spooler_reason(cups.send(b"x").unwrap_err());
    assert!(reason.contains("not accepting jobs"), "{reason}");

    cupsd.run("cupsaccept", &["kiosk"]);
    assert_eq!(cups.status().unwrap(), None);
    cups.send(b"again").unwrap();
    let jobs = printer.wait_for_jobs(2, PATIENCE);
    assert_eq!(jobs, [b"after".to_vec(), b"again".to_vec()]);
}

/// A port on which nothing listens (bound, then released).
fn closed_port() -> u16 {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap().port()
}

/// Runs a command, returns its standard output; panics with its errors on failure.
fn run(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The path of a tool the test needs, or a failure naming its Debian package.
fn tool(program: &str, package: &str) -> std::path::PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!("{program} is not installed: install the Debian package {package}")
        })
}

#[test]
#[should_panic(expected = "install the Debian package cups-daemon")]
fn a_missing_cupsd_fails_the_test_naming_the_package() {
    cupsd::find_program("qebul-no-such-cupsd", "cups-daemon");
}
