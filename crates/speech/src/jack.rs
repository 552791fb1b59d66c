//! Headphones plugged into the kiosk turn speech on: the way a citizen who cannot see the screen
//! asks for it, as at a cash machine (EN 301 549 §5.1.3 lets the kiosk switch modes this way).
//!
//! Linux reports the jack as a switch of an input device (`/dev/input/eventN`, named e.g. "HDA
//! Intel PCH Headphone"): a stream of `struct input_event` records. Read directly, with no
//! udev, evdev or ALSA crate: one record type and one switch are all the kiosk needs.

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;
use std::thread::{self, JoinHandle};

/// The size of the kernel's `struct input_event` (a `timeval`, then `u16 type`, `u16 code`,
/// `i32 value`): 24 bytes on 64-bit Linux.
pub const INPUT_EVENT_LEN: usize = std::mem::size_of::<libc::input_event>();
/// `EV_SW`: a switch changed.
const EV_SW: u16 = 0x05;
/// `SW_HEADPHONE_INSERT`: the headphone jack.
const SW_HEADPHONE_INSERT: u16 = 0x02;

/// The headphone jack changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JackEvent {
    Plugged,
    Unplugged,
}

/// The jack events in `bytes`, a run of whole `input_event` records; other events (keys, other
/// switches, sync reports) are ignored. A partial record at the end is not read: the caller keeps
/// its `bytes.len() % INPUT_EVENT_LEN` last bytes for the next read.
pub fn jack_events(bytes: &[u8]) -> Vec<JackEvent> {
    bytes
        .chunks_exact(INPUT_EVENT_LEN)
        .filter_map(|record| {
            // type, code and value are the last 8 bytes, whatever the size of the time before.
            let tail = &record[INPUT_EVENT_LEN - 8..];
            let kind = u16::from_ne_bytes([tail[0], tail[1]]);
            let code = u16::from_ne_bytes([tail[2], tail[3]]);
            let value = i32::from_ne_bytes([tail[4], tail[5], tail[6], tail[7]]);
            match (kind, code, value) {
                (EV_SW, SW_HEADPHONE_INSERT, 0) => Some(JackEvent::Unplugged),
                (EV_SW, SW_HEADPHONE_INSERT, _) => Some(JackEvent::Plugged),
                _ => None,
            }
        })
        .collect()
}

/// Opens `path` (an input device, `/dev/input/eventN`) and calls `on_event` for each jack event
/// on a thread of its own, until the device ends (unplugged sound card) or fails. The open is
/// done here, so that a missing device or a missing permission (the kiosk's user must be in the
/// `input` group) is the caller's error, not a silent thread.
pub fn watch_jack(
    path: PathBuf,
    on_event: impl Fn(JackEvent) + Send + 'static,
) -> io::Result<JoinHandle<()>> {
    let mut device = File::open(&path)?;
    thread::Builder::new()
        .name("qebul-jack".into())
        .spawn(move || {
            let mut pending: Vec<u8> = Vec::with_capacity(INPUT_EVENT_LEN * 64);
            let mut buffer = [0u8; INPUT_EVENT_LEN * 64];
            loop {
                match device.read(&mut buffer) {
                    Ok(0) => {
                        tracing::info!(path = %path.display(), "headphone jack closed");
                        return;
                    }
                    Ok(read) => {
                        pending.extend_from_slice(&buffer[..read]);
                        let whole = pending.len() - pending.len() % INPUT_EVENT_LEN;
                        for event in jack_events(&pending[..whole]) {
                            on_event(event);
                        }
                        pending.drain(..whole);
                    }
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => {
                        tracing::warn!(path = %path.display(), %error, "headphone jack unreadable");
                        return;
                    }
                }
            }
        })
}

/// The input devices with a headphone jack, from `/proc/bus/input/devices`; none when it cannot
/// be read (not Linux, no /proc). Scanning every `/dev/input/event*` would open keyboards and
/// card readers too, and need ioctls to ask each what it is: the kernel's list says it in text.
pub fn find_headphone_devices() -> Vec<PathBuf> {
    match std::fs::read_to_string("/proc/bus/input/devices") {
        Ok(text) => headphone_devices(&text),
        Err(error) => {
            tracing::warn!(%error, "cannot list input devices: no headphone jack");
            Vec::new()
        }
    }
}

/// The devices of a `/proc/bus/input/devices` text whose switch bitmap (`B: SW=`) has
/// `SW_HEADPHONE_INSERT` set, as `/dev/input/eventN` of their `H: Handlers=` line.
pub fn headphone_devices(proc_bus_input_devices: &str) -> Vec<PathBuf> {
    proc_bus_input_devices
        .split("\n\n")
        .filter(|device| {
            device
                .lines()
                .find_map(|line| line.strip_prefix("B: SW="))
                .is_some_and(has_headphone_switch)
        })
        .filter_map(|device| {
            let handlers = device
                .lines()
                .find_map(|line| line.strip_prefix("H: Handlers="))?;
            let event = handlers.split_whitespace().find(|handler| {
                handler
                    .strip_prefix("event")
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })?;
            Some(PathBuf::from("/dev/input").join(event))
        })
        .collect()
}

/// The bitmap is hexadecimal words, most significant first: bit 2 is in the last word.
fn has_headphone_switch(bitmap: &str) -> bool {
    bitmap
        .split_whitespace()
        .next_back()
        .and_then(|word| u64::from_str_radix(word, 16).ok())
        .is_some_and(|word| word & (1 << SW_HEADPHONE_INSERT) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;
    use std::io::Write;
    use std::os::unix::ffi::OsStrExt;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    const EV_SYN: u16 = 0x00;
    const EV_KEY: u16 = 0x01;
    const KEY_ENTER: u16 = 28;
    const SW_MICROPHONE_INSERT: u16 = 0x04;

    /// A record as the kernel writes it on x86_64.
    fn record(kind: u16, code: u16, value: i32) -> Vec<u8> {
        let mut record = Vec::with_capacity(24);
        record.extend_from_slice(&1_765_000_000i64.to_ne_bytes()); // seconds
        record.extend_from_slice(&250_000i64.to_ne_bytes()); // microseconds
        record.extend_from_slice(&kind.to_ne_bytes());
        record.extend_from_slice(&code.to_ne_bytes());
        record.extend_from_slice(&value.to_ne_bytes());
        record
    }

    #[test]
    fn records_are_24_bytes() {
        assert_eq!(INPUT_EVENT_LEN, 24);
        assert_eq!(record(EV_SW, SW_HEADPHONE_INSERT, 1).len(), INPUT_EVENT_LEN);
    }

    #[test]
    fn only_the_headphone_switch_counts() {
        let bytes = [
            record(EV_KEY, KEY_ENTER, 1),
            record(EV_SW, SW_MICROPHONE_INSERT, 1),
            record(EV_SW, SW_HEADPHONE_INSERT, 1),
            record(EV_SYN, 0, 0),
            record(EV_SW, SW_HEADPHONE_INSERT, 0),
        ]
        .concat();
        assert_eq!(
            jack_events(&bytes),
            [JackEvent::Plugged, JackEvent::Unplugged]
        );
        // A partial record is left for the next read.
        assert_eq!(jack_events(&bytes[..bytes.len() - 1]), [JackEvent::Plugged]);
    }

    #[test]
    fn watch_jack_reads_a_device_until_it_closes() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("event10");
        let c_path = CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);

        // Opening a FIFO waits for the other end: the writer opens it on its own thread.
        let writer_path = fifo.clone();
        let writer = thread::spawn(move || {
            let mut device = std::fs::OpenOptions::new()
                .write(true)
                .open(writer_path)
                .unwrap();
            let key = record(EV_KEY, KEY_ENTER, 1);
            // A record split across two reads.
            device.write_all(&key[..10]).unwrap();
            device.flush().unwrap();
            thread::sleep(Duration::from_millis(50));
            device.write_all(&key[10..]).unwrap();
            device
                .write_all(&record(EV_SW, SW_HEADPHONE_INSERT, 1))
                .unwrap();
            device.write_all(&record(EV_SYN, 0, 0)).unwrap();
            thread::sleep(Duration::from_millis(50));
            device
                .write_all(&record(EV_SW, SW_HEADPHONE_INSERT, 0))
                .unwrap();
        });

        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let watcher = watch_jack(fifo, move |event| sink.lock().unwrap().push(event)).unwrap();
        writer.join().unwrap();
        watcher.join().unwrap(); // ends at EOF, when the writer closed
        assert_eq!(
            *seen.lock().unwrap(),
            [JackEvent::Plugged, JackEvent::Unplugged]
        );
    }

    #[test]
    fn watching_a_missing_device_is_an_error() {
        let error = watch_jack("/nonexistent/event99".into(), |_| {}).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
    }

    /// A laptop's list: the power button, the lid, the microphone jack and the headphone jack
    /// (`SW=14`: bits 2, headphone, and 4, microphone — a combined headset jack).
    const PROC_BUS_INPUT_DEVICES: &str = "\
I: Bus=0019 Vendor=0000 Product=0001 Version=0000
N: Name=\"Power Button\"
P: Phys=PNP0C0C/button/input0
S: Sysfs=/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0C:00/input/input0
U: Uniq=
H: Handlers=kbd event0 
B: PROP=0
B: EV=3
B: KEY=10000000000000 0

I: Bus=0019 Vendor=0000 Product=0005 Version=0000
N: Name=\"Lid Switch\"
P: Phys=PNP0C0D/button/input0
S: Sysfs=/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0D:00/input/input1
U: Uniq=
H: Handlers=event1 
B: PROP=0
B: EV=21
B: SW=1

I: Bus=0000 Vendor=0000 Product=0000 Version=0000
N: Name=\"HDA Intel PCH Mic\"
P: Phys=ALSA
S: Sysfs=/devices/pci0000:00/0000:00:1f.3/sound/card0/input12
U: Uniq=
H: Handlers=event9 
B: PROP=0
B: EV=21
B: SW=10

I: Bus=0000 Vendor=0000 Product=0000 Version=0000
N: Name=\"HDA Intel PCH Headphone\"
P: Phys=ALSA
S: Sysfs=/devices/pci0000:00/0000:00:1f.3/sound/card0/input13
U: Uniq=
H: Handlers=event10 
B: PROP=0
B: EV=21
B: SW=14

";

    #[test]
    fn finds_the_headphone_jack_among_input_devices() {
        assert_eq!(
            headphone_devices(PROC_BUS_INPUT_DEVICES),
            [PathBuf::from("/dev/input/event10")]
        );
        assert!(headphone_devices("").is_empty());
        assert!(headphone_devices("B: SW=zz\nH: Handlers=event3\n").is_empty());
        // A long bitmap: bit 2 is in the last word.
        assert_eq!(
            headphone_devices("H: Handlers=kbd event4\nB: SW=1 4\n"),
            [PathBuf::from("/dev/input/event4")]
        );
    }

    #[test]
    fn finding_devices_on_this_machine_does_not_fail() {
        // Whatever this machine has (a CI runner has no jack): it only must not panic.
        let _ = find_headphone_devices();
    }
}
