//! Keyboard-wedge MRZ scanners: the scanner is a USB keyboard that "types" the MRZ into the
//! webview; the UI captures the keystrokes and hands the text to Rust through [`WedgeInput`].
//!
//! [`MrzAssembler`] turns a stream of characters (whole lines, chunks or one key at a time) into
//! MRZ candidates. It is pure: the caller passes the time each chunk arrived, so garbage left
//! behind by a stray key press is dropped once the stream has been idle for the configured
//! inter-character timeout. The serial reader uses it too.

use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};

use crate::reader::{CardReader, ReaderEvent};
use crate::{card_event, Clock};

/// Start of text: some readers frame a read with STX … ETX.
const STX: char = '\u{2}';
/// End of text.
const ETX: char = '\u{3}';
/// End of transmission, used by a few readers instead of ETX.
const EOT: char = '\u{4}';
/// A line longer than this is noise (an MRZ line has 30, 36 or 44 characters).
const MAX_LINE: usize = 120;

/// Assembles MRZ candidates from characters as a scanner sends them.
///
/// * Lines end with CR, LF or CRLF; blank lines are ignored; leading and trailing spaces are
///   trimmed; ASCII lower case is taken as upper case (a scanner typing with Caps Lock on).
/// * STX starts a new read (anything pending is dropped); ETX or EOT ends one.
/// * When the last complete lines are 3 of 30 characters (TD1, the ID card) or 2 of 44 (TD3,
///   a passport) they are a candidate at once.
/// * A read that ends (ETX, a noise line, or the idle timeout) with at least two MRZ-like lines
///   that do not make a full MRZ is a candidate too: the parser refuses it and the citizen is
///   asked to try again, rather than the read vanishing silently.
/// * Anything else (noise lines, half lines, stray keys) is dropped: a noise line at once, an
///   unfinished line once nothing has arrived for the idle timeout.
///
/// A candidate is the MRZ's lines separated by `\n`, ready for [`crate::mrz::parse`].
#[derive(Debug, Clone)]
pub struct MrzAssembler {
    idle_timeout: Duration,
    /// MRZ-like lines of the read under way.
    lines: Vec<String>,
    /// The line being received.
    partial: String,
    /// The line being received grew past [`MAX_LINE`]: it is noise.
    overlong: bool,
    /// When the last character arrived, while something is pending.
    last_at: Option<Instant>,
}

impl MrzAssembler {
    /// An assembler that drops unfinished input after `idle_timeout` without characters.
    pub fn new(idle_timeout: Duration) -> MrzAssembler {
        MrzAssembler {
            idle_timeout,
            lines: Vec::new(),
            partial: String::new(),
            overlong: false,
            last_at: None,
        }
    }

    pub fn idle_timeout(&self) -> Duration {
        self.idle_timeout
    }

    /// Feeds `text` that arrived at `at`; returns the candidates it completed (usually none or
    /// one). If the previous character arrived more than the idle timeout before `at`, the read
    /// pending from then is ended first (see [`MrzAssembler::poll`]).
    pub fn feed(&mut self, text: &str, at: Instant) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(candidate) = self.poll(at) {
            out.push(candidate);
        }
        for c in text.chars() {
            let done = match c {
                STX => {
                    self.discard();
                    None
                }
                ETX | EOT => self.end_read(),
                '\r' | '\n' => self.end_line(),
                c if c.is_control() => None,
                c => {
                    self.push_char(c.to_ascii_uppercase());
                    None
                }
            };
            out.extend(done);
        }
        self.last_at = if self.is_empty() { None } else { Some(at) };
        out
    }

    /// Ends the pending read if nothing has arrived for the idle timeout by `now`: an MRZ typed
    /// without a final Enter becomes a candidate, anything else is dropped. Call it when the
    /// caller's wait ends; [`MrzAssembler::deadline`] says when it next matters.
    pub fn poll(&mut self, now: Instant) -> Option<String> {
        let last = self.last_at?;
        if now.saturating_duration_since(last) >= self.idle_timeout {
            self.end_read()
        } else {
            None
        }
    }

    /// When the pending input expires (the next moment [`MrzAssembler::poll`] can yield or drop
    /// something); `None` when nothing is pending.
    pub fn deadline(&self) -> Option<Instant> {
        self.last_at.map(|last| last + self.idle_timeout)
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.partial.is_empty() && !self.overlong
    }

    /// Drops everything pending (a reader reconnected, a new session began).
    pub fn discard(&mut self) {
        self.lines.clear();
        self.partial.clear();
        self.overlong = false;
        self.last_at = None;
    }

    fn push_char(&mut self, c: char) {
        if self.overlong {
            return;
        }
        if self.partial.chars().count() >= MAX_LINE {
            self.partial.clear();
            self.overlong = true;
        } else {
            self.partial.push(c);
        }
    }

    /// A line terminator arrived.
    fn end_line(&mut self) -> Option<String> {
        let line = self.partial.trim().to_owned();
        let overlong = self.overlong;
        self.partial.clear();
        self.overlong = false;
        if line.is_empty() && !overlong {
            return None;
        }
        if overlong || !mrz_like(&line) {
            // Noise: it breaks any read under way.
            return self.take_broken_read();
        }
        self.lines.push(line);
        if self.lines.len() > 3 {
            self.lines.remove(0);
        }
        for (count, width) in [(3, 30), (2, 44)] {
            if self.lines.len() >= count {
                let tail = &self.lines[self.lines.len() - count..];
                if tail.iter().all(|l| l.chars().count() == width) {
                    let candidate = tail.join("\n");
                    self.lines.clear();
                    return Some(candidate);
                }
            }
        }
        None
    }

    /// The read ended (ETX, idle timeout): finish the last line and yield what there is.
    fn end_read(&mut self) -> Option<String> {
        let mut out = None;
        if !self.partial.trim().is_empty() || self.overlong {
            out = self.end_line();
        }
        if out.is_none() {
            out = self.take_broken_read();
        }
        self.discard();
        out
    }

    /// Two or more MRZ-like lines that never made a full MRZ: a failed read worth reporting.
    fn take_broken_read(&mut self) -> Option<String> {
        let lines = std::mem::take(&mut self.lines);
        (lines.len() >= 2).then(|| lines.join("\n"))
    }
}

/// Whether a line looks like an MRZ line (possibly misread): 20 to 50 characters, at least one
/// filler `<`, and at least 90 % of them from the MRZ alphabet.
fn mrz_like(line: &str) -> bool {
    let total = line.chars().count();
    let good = line
        .chars()
        .filter(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '<')
        .count();
    (20..=50).contains(&total) && line.contains('<') && good * 10 >= total * 9
}

/// The UI's side of a [`WedgeReader`]: a Tauri command calls [`WedgeInput::send`] with the
/// characters it captured (Enter as `"\n"`). Cloneable and shareable between threads.
#[derive(Debug, Clone)]
pub struct WedgeInput {
    tx: Sender<(String, Instant)>,
}

/// The [`WedgeReader`] it fed is gone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the keyboard-wedge card reader is no longer running")]
pub struct WedgeClosed;

impl WedgeInput {
    /// Hands over characters typed by the scanner, stamped with the time they arrive here.
    pub fn send(&self, text: &str) -> Result<(), WedgeClosed> {
        self.send_at(text, Instant::now())
    }

    /// Hands over characters that arrived at `at`.
    pub fn send_at(&self, text: &str, at: Instant) -> Result<(), WedgeClosed> {
        self.tx.send((text.to_owned(), at)).map_err(|_| WedgeClosed)
    }
}

/// A keyboard-wedge scanner behind the [`CardReader`] trait. It cannot tell when a card is taken
/// away, nor whether the scanner is plugged in: it only ever sends [`ReaderEvent::Card`].
pub struct WedgeReader {
    assembler: MrzAssembler,
    rx: Receiver<(String, Instant)>,
    /// Kept so that [`WedgeReader::input`] can hand out more senders; also keeps the channel open.
    tx: Sender<(String, Instant)>,
    clock: Clock,
    pending: VecDeque<ReaderEvent>,
}

impl WedgeReader {
    /// The default inter-character timeout: scanners type a whole MRZ in well under a second;
    /// this also absorbs the UI's delivery delays.
    pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_millis(800);

    /// A reader whose unfinished input expires after `idle_timeout`; `clock` gives today's date
    /// for the MRZ's expiry check.
    pub fn new(idle_timeout: Duration, clock: Clock) -> WedgeReader {
        let (tx, rx) = mpsc::channel();
        WedgeReader {
            assembler: MrzAssembler::new(idle_timeout),
            rx,
            tx,
            clock,
            pending: VecDeque::new(),
        }
    }

    /// A handle for the UI to send keystrokes through.
    pub fn input(&self) -> WedgeInput {
        WedgeInput {
            tx: self.tx.clone(),
        }
    }

    fn take(&mut self, (text, at): (String, Instant)) {
        for candidate in self.assembler.feed(&text, at) {
            self.pending.push_back(card_event(&candidate, &self.clock));
        }
    }
}

impl CardReader for WedgeReader {
    fn name(&self) -> &str {
        "keyboard wedge"
    }

    fn next_event(&mut self, wait: Duration) -> Option<ReaderEvent> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            let now = Instant::now();
            if let Some(candidate) = self.assembler.poll(now) {
                self.pending.push_back(card_event(&candidate, &self.clock));
                continue;
            }
            if now >= deadline {
                // Take what has already arrived, without waiting.
                match self.rx.try_recv() {
                    Ok(message) => {
                        self.take(message);
                        continue;
                    }
                    Err(TryRecvError::Empty | TryRecvError::Disconnected) => return None,
                }
            }
            let until = self
                .assembler
                .deadline()
                .map_or(deadline, |d| d.min(deadline));
            match self.rx.recv_timeout(until.saturating_duration_since(now)) {
                Ok(message) => self.take(message),
                Err(RecvTimeoutError::Timeout) => {}
                // Cannot happen (the reader holds a sender); never spin if it did.
                Err(RecvTimeoutError::Disconnected) => {
                    std::thread::sleep(until.saturating_duration_since(now));
                }
            }
        }
    }

    fn reports_removal(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::CardRead;
    use chrono::NaiveDate;

    const L1: &str = "I<AZEAA123456785ZK7Q2M<<<<<<<<";
    const L2: &str = "8003052F3106305AZE<<<<<<<<<<<7";
    const L3: &str = "ABDULLAYEVA<<GOHAR<<<<<<<<<<<<";
    const P1: &str = "P<AZEALIYEV<<ILQAR<<<<<<<<<<<<<<<<<<<<<<<<<<";
    const P2: &str = "C012345672AZE7511208M2901156<<<<<<<<<<<<<<02";

    fn td1() -> String {
        [L1, L2, L3].join("\n")
    }

    fn t0() -> Instant {
        Instant::now()
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default()
    }

    fn clock() -> Clock {
        Box::new(today)
    }

    #[test]
    fn the_sample_lines_have_mrz_widths() {
        assert!([L1, L2, L3].iter().all(|l| l.len() == 30));
        assert!([P1, P2].iter().all(|l| l.len() == 44));
    }

    #[test]
    fn three_lines_of_thirty_are_a_candidate_whatever_the_line_ends() {
        for end in ["\n", "\r", "\r\n", "\n\n"] {
            let mut a = MrzAssembler::new(ms(500));
            let text = format!("{L1}{end}{L2}{end}{L3}{end}");
            assert_eq!(a.feed(&text, t0()), vec![td1()], "{end:?}");
            assert!(a.is_empty());
        }
    }

    #[test]
    fn two_lines_of_forty_four_are_a_candidate() {
        let mut a = MrzAssembler::new(ms(500));
        let out = a.feed(&format!("{P1}\r\n{P2}\r\n"), t0());
        assert_eq!(out, vec![format!("{P1}\n{P2}")]);
    }

    #[test]
    fn keys_one_at_a_time_make_the_same_candidate() {
        let mut a = MrzAssembler::new(ms(500));
        let start = t0();
        let mut out = Vec::new();
        for (i, c) in format!("{L1}\n{L2}\n{L3}\n").chars().enumerate() {
            out.extend(a.feed(&c.to_string(), start + ms(i as u64 * 10)));
        }
        assert_eq!(out, vec![td1()]);
    }

    #[test]
    fn lower_case_spaces_and_framing_bytes_are_tolerated() {
        let mut a = MrzAssembler::new(ms(500));
        let text = format!(
            "\u{2}  {}\r\n{}  \r\n{}\r\n\u{3}",
            L1.to_lowercase(),
            L2,
            L3
        );
        assert_eq!(a.feed(&text, t0()), vec![td1()]);
    }

    #[test]
    fn the_last_line_without_enter_is_a_candidate_after_the_idle_timeout() {
        let mut a = MrzAssembler::new(ms(500));
        let start = t0();
        assert!(a.feed(&format!("{L1}\n{L2}\n{L3}"), start).is_empty());
        assert_eq!(a.deadline(), Some(start + ms(500)));
        assert_eq!(a.poll(start + ms(499)), None);
        assert_eq!(a.poll(start + ms(500)), Some(td1()));
        assert!(a.is_empty());
        assert_eq!(a.deadline(), None);
    }

    #[test]
    fn etx_ends_a_read_without_a_final_line_end() {
        let mut a = MrzAssembler::new(ms(500));
        let text = format!("\u{2}{L1}\r{L2}\r{L3}\u{3}");
        assert_eq!(a.feed(&text, t0()), vec![td1()]);
    }

    #[test]
    fn stray_keys_before_a_scan_are_dropped_after_the_timeout() {
        let mut a = MrzAssembler::new(ms(500));
        let start = t0();
        assert!(a.feed("asd", start).is_empty());
        let out = a.feed(&format!("{L1}\n{L2}\n{L3}\n"), start + ms(2000));
        assert_eq!(out, vec![td1()]);
    }

    #[test]
    fn noise_lines_between_reads_are_ignored() {
        let mut a = MrzAssembler::new(ms(500));
        let text = format!("READY\r\n\r\nDESKO v1.2 OK\n{L1}\n{L2}\n{L3}\n#$%^&\n");
        assert_eq!(a.feed(&text, t0()), vec![td1()]);
        assert!(a.is_empty());
    }

    #[test]
    fn a_read_broken_by_a_misread_line_is_a_candidate_the_parser_refuses() {
        let mut a = MrzAssembler::new(ms(500));
        let short = &L3[..25];
        let text = format!("{L1}\n{L2}\n{short}\n");
        let start = t0();
        // 25 MRZ characters are still MRZ-like: the read waits for more lines…
        assert!(a.feed(&text, start).is_empty());
        // …and, when none come, it is handed over as it is.
        let candidate = a.poll(start + ms(600)).expect("a broken read");
        assert_eq!(candidate, format!("{L1}\n{L2}\n{short}"));
        assert!(crate::mrz::parse(&candidate, NaiveDate::MIN).is_err());
    }

    #[test]
    fn a_lone_half_line_is_dropped_silently() {
        let mut a = MrzAssembler::new(ms(500));
        let start = t0();
        assert!(a.feed(&L1[..12], start).is_empty());
        assert_eq!(a.poll(start + ms(600)), None);
        assert!(a.is_empty());
    }

    #[test]
    fn a_pause_shorter_than_the_timeout_keeps_the_read() {
        let mut a = MrzAssembler::new(ms(500));
        let start = t0();
        assert!(a.feed(&format!("{L1}\n{}", &L2[..10]), start).is_empty());
        let out = a.feed(&format!("{}\n{L3}\n", &L2[10..]), start + ms(400));
        assert_eq!(out, vec![td1()]);
    }

    #[test]
    fn an_endless_line_is_noise() {
        let mut a = MrzAssembler::new(ms(500));
        let junk = "<".repeat(5000);
        let out = a.feed(&format!("{junk}\n{L1}\n{L2}\n{L3}\n"), t0());
        assert_eq!(out, vec![td1()]);
    }

    #[test]
    fn the_wedge_reader_turns_keystrokes_into_card_events() {
        let mut reader = WedgeReader::new(ms(300), clock());
        let input = reader.input();
        assert!(!reader.reports_removal());
        assert_eq!(reader.next_event(Duration::ZERO), None);
        let sender = std::thread::spawn(move || {
            for c in format!("{L1}\n{L2}\n{L3}\n").chars() {
                input.send(&c.to_string()).expect("reader alive");
            }
        });
        let event = next_within(&mut reader, Duration::from_secs(30));
        sender.join().expect("sender thread");
        let expected = crate::mrz::parse(&td1(), today()).expect("the sample MRZ is valid");
        assert_eq!(
            event,
            Some(ReaderEvent::Card(CardRead::Mrz(Box::new(expected))))
        );
    }

    #[test]
    fn the_wedge_reader_reports_a_bad_read_as_unreadable() {
        let mut reader = WedgeReader::new(ms(300), clock());
        let input = reader.input();
        let start = Instant::now();
        input
            .send_at(&format!("{L1}\n{}\n{L3}\n", &L2[..29]), start)
            .expect("reader alive");
        let event = next_within(&mut reader, Duration::from_secs(30));
        assert!(
            matches!(event, Some(ReaderEvent::Card(CardRead::Unreadable(_)))),
            "{event:?}"
        );
    }

    #[test]
    fn input_to_a_dropped_reader_is_an_error_not_a_panic() {
        let reader = WedgeReader::new(ms(300), clock());
        let input = reader.input();
        drop(reader);
        assert_eq!(input.send("x"), Err(WedgeClosed));
    }

    fn next_within(reader: &mut WedgeReader, limit: Duration) -> Option<ReaderEvent> {
        let until = Instant::now() + limit;
        while Instant::now() < until {
            if let Some(event) = reader.next_event(ms(100)) {
                return Some(event);
            }
        }
        None
    }
}
