//! The card-reader trait: every reader (document scanner on a serial port, keyboard wedge, PC/SC
//! card slot, simulator) reports what happens as [`ReaderEvent`]s.

use std::time::Duration;

use crate::mrz::{Mrz, MrzError};

/// What a reader saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardRead {
    /// The machine-readable zone was read and parsed.
    Mrz(Box<Mrz>),
    /// The MRZ was read but refused: the citizen is asked to try again, the receptionist sees why.
    Unreadable(MrzError),
    /// A card is in the slot, its data not read (a PC/SC slot where the chip itself is not read):
    /// presence drives the session; the data comes from an MRZ read or the registry.
    Present,
}

/// Something that happened at a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReaderEvent {
    /// A card was read (or, for a slot, inserted).
    Card(CardRead),
    /// The card was taken out. Only readers that can tell send this
    /// ([`CardReader::reports_removal`]); a swipe scanner cannot.
    Removed,
    /// The reader is connected (at start, or plugged back in).
    Connected,
    /// The reader is gone or failing; it keeps trying to come back by itself. The reason is for
    /// the receptionist.
    Lost(String),
}

/// A card reader. Implementations never panic and never block longer than the `wait` they are
/// given (plus a small bounded margin): an unplugged reader is a [`ReaderEvent::Lost`], a
/// re-plugged one a [`ReaderEvent::Connected`].
pub trait CardReader: Send {
    /// A short name for logs and the receptionist screen, e.g. `serial /dev/ttyACM0 (9600 baud)`.
    fn name(&self) -> &str;

    /// The next event, waiting at most `wait`; `None` when nothing happened.
    fn next_event(&mut self, wait: Duration) -> Option<ReaderEvent>;

    /// Whether this reader tells when a card is taken out; only then does a removal end the
    /// citizen's session (otherwise "finish" or idleness does).
    fn reports_removal(&self) -> bool;
}
