//! Which printer a kiosk uses, as a technician writes it on the command line or in its
//! configuration: one string per printer, the same on fifty kiosks but for the address.

use std::path::PathBuf;
use std::str::FromStr;

use qebul_notice::{PageSize, PaperWidth};

/// A printer and how to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterSpec {
    /// `tcp:HOST[:PORT]`: a receipt printer on the network, raw port 9100 by default.
    Tcp { address: String, paper: PaperWidth },
    /// `device:/dev/usb/lp0`: a receipt printer on a USB printer-class or serial device file.
    Device { path: PathBuf, paper: PaperWidth },
    /// `cups:QUEUE`: a receipt printer behind a raw CUPS queue (ESC/POS bytes untouched).
    CupsReceipt { queue: String, paper: PaperWidth },
    /// `cups-pdf:QUEUE`: an office printer behind a CUPS queue, sent PDF pages.
    CupsPage { queue: String, page: PageSize },
    /// `virtual:DIR`: the demo's printer, a folder of files.
    Virtual { dir: PathBuf, paper: PaperWidth },
}

/// A printer string that does not name a printer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{input:?} is not a printer: {reason}. Write one of tcp:HOST[:PORT], device:/dev/usb/lp0, \
     cups:QUEUE, cups-pdf:QUEUE or virtual:DIR, optionally followed by ,58mm / ,80mm \
     (receipts, default 80mm) or ,A4 / ,A5 (office pages, default A4)"
)]
pub struct BadPrinterSpec {
    /// What was given.
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl FromStr for PrinterSpec {
    type Err = BadPrinterSpec;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let bad = |reason| BadPrinterSpec {
            input: input.to_owned(),
            reason,
        };
        let (head, size) = match input.trim().rsplit_once(',') {
            Some((head, size)) => (head, Some(size.trim())),
            None => (input.trim(), None),
        };
        let (kind, target) = head
            .split_once(':')
            .ok_or_else(|| bad("no kind before ':'"))?;
        let target = target.trim();
        if target.is_empty() {
            return Err(bad("nothing after ':'"));
        }
        let paper = || match size.map(str::to_ascii_lowercase).as_deref() {
            None | Some("80mm") | Some("80") => Ok(PaperWidth::Mm80),
            Some("58mm") | Some("58") => Ok(PaperWidth::Mm58),
            Some(_) => Err(bad("receipt paper is 58mm or 80mm")),
        };
        let page = || match size.map(str::to_ascii_uppercase).as_deref() {
            None | Some("A4") => Ok(PageSize::A4),
            Some("A5") => Ok(PageSize::A5),
            Some(_) => Err(bad("office paper is A4 or A5")),
        };
        Ok(match kind.trim() {
            "tcp" => {
                let address = if target
                    .rsplit_once(':')
                    .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
                {
                    target.to_owned()
                } else if target.contains(':') {
                    return Err(bad("the port must be a number from 1 to 65535"));
                } else {
                    format!("{target}:9100")
                };
                PrinterSpec::Tcp {
                    address,
                    paper: paper()?,
                }
            }
            "device" => {
                if !target.starts_with('/') {
                    return Err(bad("a device is an absolute path such as /dev/usb/lp0"));
                }
                PrinterSpec::Device {
                    path: target.into(),
                    paper: paper()?,
                }
            }
            "cups" => PrinterSpec::CupsReceipt {
                queue: target.to_owned(),
                paper: paper()?,
            },
            "cups-pdf" => PrinterSpec::CupsPage {
                queue: target.to_owned(),
                page: page()?,
            },
            "virtual" => PrinterSpec::Virtual {
                dir: target.into(),
                paper: paper()?,
            },
            _ => return Err(bad("unknown kind")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_parses_with_its_defaults_and_sizes() {
        let cases = [
            (
                "tcp:192.168.1.50",
                PrinterSpec::Tcp {
                    address: "192.168.1.50:9100".into(),
                    paper: PaperWidth::Mm80,
                },
            ),
            (
                "tcp:printer.local:9101,58mm",
                PrinterSpec::Tcp {
                    address: "printer.local:9101".into(),
                    paper: PaperWidth::Mm58,
                },
            ),
            (
                "device:/dev/usb/lp0,58",
                PrinterSpec::Device {
                    path: "/dev/usb/lp0".into(),
                    paper: PaperWidth::Mm58,
                },
            ),
            (
                "cups:kiosk",
                PrinterSpec::CupsReceipt {
                    queue: "kiosk".into(),
                    paper: PaperWidth::Mm80,
                },
            ),
            (
                " cups-pdf:office,a5 ",
                PrinterSpec::CupsPage {
                    queue: "office".into(),
                    page: PageSize::A5,
                },
            ),
            (
                "virtual:/tmp/notices",
                PrinterSpec::Virtual {
                    dir: "/tmp/notices".into(),
                    paper: PaperWidth::Mm80,
                },
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(input.parse::<PrinterSpec>(), Ok(expected), "{input}");
        }
    }

    #[test]
    fn bad_strings_say_what_is_wrong_and_what_works() {
        for (input, reason) in [
            ("192.168.1.50", "no kind before ':'"),
            ("tcp:", "nothing after ':'"),
            (
                "tcp:host:ninety",
                "the port must be a number from 1 to 65535",
            ),
            (
                "device:lp0",
                "a device is an absolute path such as /dev/usb/lp0",
            ),
            ("cups:kiosk,110mm", "receipt paper is 58mm or 80mm"),
            ("cups-pdf:office,letter", "office paper is A4 or A5"),
            ("usb:/dev/usb/lp0", "unknown kind"),
        ] {
            let err = input.parse::<PrinterSpec>().unwrap_err();
            assert_eq!(err.reason, reason, "{input}");
            assert!(err.to_string().contains("tcp:HOST[:PORT]"), "{err}");
        }
    }
}
