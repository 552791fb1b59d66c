//! Which card reader a kiosk uses, as a technician writes it (`--card-reader`).

use std::path::PathBuf;
use std::str::FromStr;

/// A card reader and how to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReaderSpec {
    /// `serial:/dev/ttyACM0[,BAUD]`: a document reader that sends MRZ lines (default 9600 baud).
    Serial { path: PathBuf, baud: u32 },
    /// `wedge`: a scanner that types the MRZ like a keyboard.
    Wedge,
    /// `pcsc` or `pcsc:READER NAME`: card presence in a PC/SC slot (pcscd).
    Pcsc { reader: Option<String> },
    /// `simulated`: the demo citizens (the demo's reader).
    Simulated,
    /// `none`: no reader (the kiosk only browses).
    None,
}

/// A reader string that names no reader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{input:?} is not a card reader: {reason}. Write serial:/dev/ttyACM0[,9600], wedge, pcsc, \
     pcsc:<reader name>, simulated or none"
)]
pub struct BadReaderSpec {
    /// What was given.
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl FromStr for ReaderSpec {
    type Err = BadReaderSpec;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let bad = |reason| BadReaderSpec {
            input: input.to_owned(),
            reason,
        };
        let trimmed = input.trim();
        let (kind, rest) = match trimmed.split_once(':') {
            Some((kind, rest)) => (kind.trim(), Some(rest.trim())),
            None => (trimmed, None),
        };
        Ok(match (kind, rest) {
            ("wedge", None) => ReaderSpec::Wedge,
            ("simulated", None) => ReaderSpec::Simulated,
            ("none", None) => ReaderSpec::None,
            ("pcsc", None) => ReaderSpec::Pcsc { reader: None },
            ("pcsc", Some("")) => return Err(bad("no reader name after ':'")),
            ("pcsc", Some(name)) => ReaderSpec::Pcsc {
                reader: Some(name.to_owned()),
            },
            ("serial", Some(rest)) => {
                let (path, baud) = match rest.split_once(',') {
                    Some((path, baud)) => (
                        path.trim(),
                        baud.trim()
                            .parse::<u32>()
                            .ok()
                            .filter(|b| (1200..=921_600).contains(b))
                            .ok_or_else(|| {
                                bad("the speed must be a baud rate such as 9600 or 115200")
                            })?,
                    ),
                    None => (rest, 9600),
                };
                if !path.starts_with('/') {
                    return Err(bad(
                        "a serial port is an absolute path such as /dev/ttyACM0",
                    ));
                }
                ReaderSpec::Serial {
                    path: path.into(),
                    baud,
                }
            }
            ("serial", None) => return Err(bad("no serial port after 'serial:'")),
            ("wedge" | "simulated" | "none", Some(_)) => return Err(bad("this kind takes no ':'")),
            _ => return Err(bad("unknown kind")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_parses() {
        let cases = [
            (
                "serial:/dev/ttyACM0",
                ReaderSpec::Serial {
                    path: "/dev/ttyACM0".into(),
                    baud: 9600,
                },
            ),
            (
                " serial:/dev/ttyUSB1, 115200 ",
                ReaderSpec::Serial {
                    path: "/dev/ttyUSB1".into(),
                    baud: 115_200,
                },
            ),
            ("wedge", ReaderSpec::Wedge),
            ("pcsc", ReaderSpec::Pcsc { reader: None }),
            (
                "pcsc:ACS ACR39U 00 00",
                ReaderSpec::Pcsc {
                    reader: Some("ACS ACR39U 00 00".into()),
                },
            ),
            ("simulated", ReaderSpec::Simulated),
            ("none", ReaderSpec::None),
        ];
        for (input, expected) in cases {
            assert_eq!(input.parse::<ReaderSpec>(), Ok(expected), "{input}");
        }
    }

    #[test]
    fn bad_strings_say_what_is_wrong() {
        for (input, reason) in [
            ("usb", "unknown kind"),
            ("serial", "no serial port after 'serial:'"),
            (
                "serial:ttyACM0",
                "a serial port is an absolute path such as /dev/ttyACM0",
            ),
            (
                "serial:/dev/ttyACM0,fast",
                "the speed must be a baud rate such as 9600 or 115200",
            ),
            (
                "serial:/dev/ttyACM0,7",
                "the speed must be a baud rate such as 9600 or 115200",
            ),
            ("pcsc:", "no reader name after ':'"),
            ("wedge:x", "this kind takes no ':'"),
        ] {
            let err = input.parse::<ReaderSpec>().unwrap_err();
            assert_eq!(err.reason, reason, "{input}");
            assert!(err.to_string().contains("serial:/dev/ttyACM0"), "{err}");
        }
    }
}
