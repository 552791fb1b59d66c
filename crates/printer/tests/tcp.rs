//! `TcpTransport` against the emulated TCP 9100 printer: jobs, stops before and during a job,
//! printers that are not there or do not answer, clients that go away.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use qebul_notice::escpos::{decode, encode, split_at_commands, EncodeOptions};
use qebul_notice::{render, Bitmap, Notice, PaperWidth};
use qebul_printer::{
    EmulatedPrinter, PrinterStatus, TcpTimeouts, TcpTransport, Transport, TransportError,
};

fn notice(paper: PaperWidth) -> (Bitmap, Vec<u8>) {
    let bitmap = render(&Notice::seed_example(), paper).unwrap();
    let job = encode(&bitmap, &EncodeOptions::default());
    (bitmap, job)
}

/// Quick time limits: the tests' printers are on this machine.
fn transport(printer: &EmulatedPrinter) -> TcpTransport {
    TcpTransport::new(printer.address()).with_timeouts(TcpTimeouts {
        connect: Duration::from_secs(2),
        answer: Duration::from_millis(500),
        write: Duration::from_secs(2),
    })
}

fn is_status_query(command: &[u8]) -> bool {
    command.len() == 3 && command[..2] == [0x10, 0x04]
}

/// The bytes a connection carried, status queries taken out (they only come between whole
/// commands), and how many queries there were.
fn without_queries(received: &[u8]) -> (Vec<u8>, usize) {
    let commands = split_at_commands(received, 1);
    let queries = commands.iter().filter(|c| is_status_query(c)).count();
    let rest = commands
        .into_iter()
        .filter(|c| !is_status_query(c))
        .collect::<Vec<_>>()
        .concat();
    (rest, queries)
}

fn stopped(result: Result<(), TransportError>) -> PrinterStatus {
    match result {
        Err(TransportError::Stopped { status }) => status,
        other => panic!("expected a stop, got {other:?}"),
    }
}

#[test]
fn a_job_reaches_the_printer_whole_and_prints_the_same_bitmap_on_58_and_80_mm() {
    let printer = EmulatedPrinter::start().unwrap();
    for paper in [PaperWidth::Mm80, PaperWidth::Mm58] {
        let (bitmap, job) = notice(paper);
        transport(&printer).send(&job).unwrap();
        assert_eq!(printer.take_pages(), [bitmap], "{paper}");
        let received = printer.received().pop().unwrap();
        let (bytes, queries) = without_queries(&received);
        assert_eq!(bytes, job, "the job's bytes arrive exactly, queries aside");
        assert!(
            queries >= 6,
            "status before, between pieces and after: {queries}"
        );
        assert!(received.starts_with(&[0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4]));
        assert!(received.ends_with(&[0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4]));
    }
    assert_eq!(printer.received().len(), 2);
    assert_eq!(
        transport(&printer).status().unwrap(),
        Some(PrinterStatus::Ready)
    );
}

#[test]
fn paper_out_before_the_job_refuses_it_and_prints_nothing() {
    let printer = EmulatedPrinter::start().unwrap();
    printer.run_out_of_paper_after(0);
    let (bitmap, job) = notice(PaperWidth::Mm80);
    let result = transport(&printer).send(&job);
    let message = result.as_ref().unwrap_err().to_string();
    assert_eq!(stopped(result), PrinterStatus::PaperOut);
    assert!(message.contains("out of paper"), "{message}");
    assert!(printer.pages().is_empty());
    let (bytes, _) = without_queries(&printer.received()[0]);
    assert!(bytes.is_empty(), "no job byte was sent");

    printer.load_paper();
    transport(&printer).send(&job).unwrap();
    assert_eq!(printer.pages(), [bitmap]);
}

#[test]
fn paper_out_in_the_middle_fails_fast_and_a_reprint_after_loading_paper_is_complete() {
    let printer = EmulatedPrinter::start().unwrap();
    let (bitmap, job) = notice(PaperWidth::Mm80);
    printer.run_out_of_paper_after(200);
    assert_eq!(
        stopped(transport(&printer).send(&job)),
        PrinterStatus::PaperOut
    );
    assert!(
        printer.pages().is_empty(),
        "the half-printed notice is no page"
    );
    let (sent, _) = without_queries(&printer.received()[0]);
    assert!(
        sent.len() < job.len(),
        "the transport stopped sending: {} of {} bytes",
        sent.len(),
        job.len()
    );
    assert_eq!(
        transport(&printer).status().unwrap(),
        Some(PrinterStatus::PaperOut)
    );

    printer.load_paper();
    transport(&printer).send(&job).unwrap();
    assert_eq!(printer.pages(), [bitmap]);
}

#[test]
fn an_open_cover_stops_the_job_until_it_is_closed() {
    let printer = EmulatedPrinter::start().unwrap();
    let (bitmap, job) = notice(PaperWidth::Mm58);
    printer.open_cover();
    let result = transport(&printer).send(&job);
    assert!(
        result.as_ref().unwrap_err().to_string().contains("cover"),
        "{result:?}"
    );
    assert_eq!(stopped(result), PrinterStatus::CoverOpen);
    assert!(printer.pages().is_empty());
    printer.close_cover();
    transport(&printer).send(&job).unwrap();
    assert_eq!(printer.pages(), [bitmap]);
}

#[test]
fn paper_near_end_still_prints_and_is_reported() {
    let printer = EmulatedPrinter::start().unwrap();
    let (bitmap, job) = notice(PaperWidth::Mm80);
    printer.set_near_end(true);
    transport(&printer).send(&job).unwrap();
    assert_eq!(printer.pages(), [bitmap]);
    assert_eq!(
        transport(&printer).status().unwrap(),
        Some(PrinterStatus::PaperNearEnd)
    );
    printer.set_near_end(false);
    assert_eq!(
        transport(&printer).status().unwrap(),
        Some(PrinterStatus::Ready)
    );
}

#[test]
fn a_printer_that_does_not_listen_is_unreachable() {
    let address = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    }; // closed again: nothing listens there now
    let transport = TcpTransport::new(address);
    let err = transport.send(b"\x1b@").unwrap_err();
    assert!(matches!(err, TransportError::Unreachable { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&address.to_string()), "{message}");
    assert!(message.contains("refused"), "{message}");
    assert!(matches!(
        transport.status().unwrap_err(),
        TransportError::Unreachable { .. }
    ));
}

#[test]
fn a_device_that_accepts_but_never_answers_is_no_answer_within_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    // Takes every byte, answers nothing, until the client hangs up.
    let silent = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut sink = Vec::new();
        let _ = stream.read_to_end(&mut sink);
        sink
    });
    let transport = TcpTransport::new(address).with_timeouts(TcpTimeouts {
        answer: Duration::from_millis(300),
        ..TcpTimeouts::default()
    });
    let err = transport.send(&notice(PaperWidth::Mm80).1).unwrap_err();
    assert!(matches!(err, TransportError::NoAnswer { .. }), "{err:?}");
    assert!(err.to_string().contains("no answer"), "{err}");
    // It only got the first status queries: no job was sent to a printer that did not answer.
    assert_eq!(
        silent.join().unwrap(),
        [0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4]
    );
}

#[test]
fn a_device_that_answers_nonsense_is_an_error_not_a_status() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let talker = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut query = [0u8; 9];
        stream.read_exact(&mut query).unwrap();
        stream.write_all(b"HTT").unwrap();
    });
    let err = TcpTransport::new(address).send(b"\x1b@").unwrap_err();
    talker.join().unwrap();
    assert!(matches!(err, TransportError::NoAnswer { .. }), "{err:?}");
    assert!(
        err.to_string().contains("not an ESC/POS status byte"),
        "{err}"
    );
}

#[test]
fn the_printer_survives_a_client_that_disconnects_mid_job() {
    let printer = EmulatedPrinter::start().unwrap();
    let (bitmap, job) = notice(PaperWidth::Mm80);
    // Half a job, cut inside a raster band, then gone.
    let half = &job[..job.len() / 2];
    {
        let mut client = TcpStream::connect(printer.address()).unwrap();
        client.write_all(half).unwrap();
    }
    // And one that goes away while waiting for a status answer.
    {
        let mut client = TcpStream::connect(printer.address()).unwrap();
        client.write_all(&job[..100]).unwrap();
        client.write_all(&[0x10, 0x04, 0x01]).unwrap();
    }
    transport(&printer).send(&job).unwrap();
    assert_eq!(printer.pages(), [bitmap], "no torn-off half page");
    let received = printer.received();
    assert_eq!(received.len(), 3);
    assert_eq!(received[0], half);
    assert!(decode(&received[0]).is_err(), "the first job was cut short");
}
