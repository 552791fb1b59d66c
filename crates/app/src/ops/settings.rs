//! The kiosk's configuration file (TOML, `/etc/qebul-kiosk/kiosk.toml` by default): every key
//! optional with a documented default (`packaging/kiosk.toml` lists them all), unknown keys
//! refused, and every error naming the file, the line and the key, so that a technician editing
//! fifty kiosks finds the typo without reading code. Command-line flags override the file (the
//! shell does that, [`Settings`] only knows the file).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use qebul_idcard::ReaderSpec;
use qebul_printer::PrinterSpec;
use serde::{Deserialize, Deserializer};

use crate::config::{DemoPrinter, KioskConfig};
use crate::session::SessionConfig;
use crate::SpeechOutput;

/// Where the configuration file is unless `--config` names another.
pub const DEFAULT_CONFIG_PATH: &str = "/etc/qebul-kiosk/kiosk.toml";

/// Where logs go unless `log_dir` names another folder.
pub const DEFAULT_LOG_DIR: &str = "/var/log/qebul-kiosk";

/// Every key of the configuration file, in the order `packaging/kiosk.toml` documents them.
pub const KEYS: &[&str] = &[
    "server",
    "catalog_key",
    "data_dir",
    "printer",
    "card_reader",
    "idle_seconds",
    "countdown_seconds",
    "accept_expired",
    "staff_idle_seconds",
    "speech",
    "headphone_jack",
    "log_dir",
    "log_files",
    "log_filter",
    "min_free_disk_mib",
    "max_clock_skew_seconds",
];

/// The configuration file, read. Absent keys have their defaults ([`Settings::default`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// The central server's base URL (`http://…`). Default: none (the kiosk cannot start
    /// without one, here or as `--server`).
    #[serde(deserialize_with = "server_url")]
    pub server: Option<String>,
    /// The catalog key to pin (64 hex digits). Default: the key the server gives at enrollment.
    #[serde(deserialize_with = "catalog_key")]
    pub catalog_key: Option<String>,
    /// Where the encrypted store lives. Default: `$XDG_DATA_HOME/qebul-kiosk`
    /// (`~/.local/share/qebul-kiosk` of the kiosk's user).
    pub data_dir: Option<PathBuf>,
    /// The notice printer (`tcp:…`, `device:…`, `cups:…`, `cups-pdf:…`, `virtual:…`).
    /// Default: none (the kiosk prints nothing; `doctor` fails).
    #[serde(deserialize_with = "parsed_opt")]
    pub printer: Option<PrinterSpec>,
    /// The ID-card reader. Default `none`.
    #[serde(deserialize_with = "parsed")]
    pub card_reader: ReaderSpec,
    /// Seconds without a touch before the citizen's session starts its countdown (5–3600).
    #[serde(deserialize_with = "ranged::<_, _, 5, 3600>")]
    pub idle_seconds: u64,
    /// Seconds of the visible countdown (3–300).
    #[serde(deserialize_with = "ranged::<_, _, 3, 300>")]
    pub countdown_seconds: u64,
    /// Let an expired identity document start a session.
    pub accept_expired: bool,
    /// Seconds without a touch before the staff screen closes (10–3600).
    #[serde(deserialize_with = "ranged::<_, _, 10, 3600>")]
    pub staff_idle_seconds: u64,
    /// Where speech mode speaks: `device`, `off` or `wav:DIR`.
    #[serde(deserialize_with = "parsed")]
    pub speech: SpeechOutput,
    /// The headphone jack's input device. Default: the first one with a headphone switch.
    pub headphone_jack: Option<PathBuf>,
    /// Where the log files go (rotated daily); when it cannot be written,
    /// `$XDG_STATE_HOME/qebul-kiosk/log` (`~/.local/state/qebul-kiosk/log`).
    pub log_dir: PathBuf,
    /// How many daily log files are kept (1–365).
    #[serde(deserialize_with = "ranged::<_, _, 1, 365>")]
    pub log_files: usize,
    /// What is logged (`tracing` filter syntax; `RUST_LOG` overrides it).
    #[serde(deserialize_with = "log_filter")]
    pub log_filter: String,
    /// `doctor` fails when the disk holding the store has less free space than this, in MiB
    /// (1–1048576).
    #[serde(deserialize_with = "ranged::<_, _, 1, 1_048_576>")]
    pub min_free_disk_mib: u64,
    /// `doctor` fails when the kiosk's clock and the server's differ by more than this (1–86400).
    #[serde(deserialize_with = "ranged::<_, _, 1, 86_400>")]
    pub max_clock_skew_seconds: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        let session = SessionConfig::default();
        Settings {
            server: None,
            catalog_key: None,
            data_dir: None,
            printer: None,
            card_reader: ReaderSpec::None,
            idle_seconds: session.idle.as_secs(),
            countdown_seconds: session.countdown.as_secs(),
            accept_expired: session.accept_expired,
            staff_idle_seconds: crate::staff::DEFAULT_STAFF_IDLE.as_secs(),
            speech: SpeechOutput::Device,
            headphone_jack: None,
            log_dir: PathBuf::from(DEFAULT_LOG_DIR),
            log_files: 14,
            log_filter: "info,qebul=debug".to_owned(),
            min_free_disk_mib: 1024,
            max_clock_skew_seconds: 120,
        }
    }
}

impl Settings {
    /// Reads the configuration file at `path`. A missing file is the defaults when it is the
    /// default path (`required` false: a kiosk configured by flags alone), an error when the
    /// technician named it (`--config`).
    pub fn load(path: &Path, required: bool) -> Result<Settings, SettingsError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Settings::parse(&text, &path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                Ok(Settings::default())
            }
            Err(source) => Err(SettingsError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Parses the text of a configuration file; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Settings, SettingsError> {
        toml::from_str(text).map_err(|e| SettingsError::from_toml(&e, text, file))
    }

    /// The kiosk's start-up configuration this file gives (flags not yet applied).
    pub fn kiosk_config(&self) -> KioskConfig {
        KioskConfig {
            server: self.server.clone(),
            demo: false,
            data_dir: self.data_dir.clone(),
            enroll_code: None,
            catalog_key: self.catalog_key.clone(),
            new_database: false,
            printer: self.printer.clone(),
            card_reader: Some(self.card_reader.clone()),
            session: SessionConfig {
                idle: Duration::from_secs(self.idle_seconds),
                countdown: Duration::from_secs(self.countdown_seconds),
                accept_expired: self.accept_expired,
            },
            notice_dir: std::env::temp_dir().join("qebul-demo-notices"),
            demo_printer: DemoPrinter::default(),
            speech: self.speech.clone(),
            headphone_jack: self.headphone_jack.clone(),
            staff_idle: Duration::from_secs(self.staff_idle_seconds),
        }
    }

    /// The smallest free disk space `doctor` accepts, in bytes.
    pub fn min_free_disk_bytes(&self) -> u64 {
        self.min_free_disk_mib.saturating_mul(1024 * 1024)
    }

    pub fn max_clock_skew(&self) -> Duration {
        Duration::from_secs(self.max_clock_skew_seconds)
    }
}

/// Why the configuration file cannot be used. The message names the file, the line and the key.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read the configuration file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", invalid_message(file, *line, key.as_deref(), message))]
    Invalid {
        file: String,
        /// 1-based; none when the parser could not say where.
        line: Option<usize>,
        /// The key the error is about, when known.
        key: Option<String>,
        message: String,
    },
}

fn invalid_message(file: &str, line: Option<usize>, key: Option<&str>, message: &str) -> String {
    let place = match line {
        Some(line) => format!("{file} line {line}"),
        None => file.to_owned(),
    };
    match key {
        Some(key) => format!("{place}, key `{key}`: {message}"),
        None => format!("{place}: {message}"),
    }
}

impl SettingsError {
    fn from_toml(e: &toml::de::Error, text: &str, file: &str) -> SettingsError {
        let span = e.span();
        let line = span.as_ref().map(|s| line_of(text, s.start));
        let raw = e.message().trim();
        // serde's words for a struct are "field"; the file's are "key".
        if let Some(rest) = raw.strip_prefix("unknown field `") {
            let name = rest.split('`').next().unwrap_or_default();
            return SettingsError::Invalid {
                file: file.to_owned(),
                line,
                key: None,
                message: format!(
                    "unknown key `{name}` (the keys are {}; see packaging/kiosk.toml)",
                    KEYS.join(", ")
                ),
            };
        }
        let key = span.as_ref().and_then(|s| key_of_value(text, s));
        let message = match key {
            Some(_) => raw.to_owned(),
            None if span.is_some() => format!("not valid TOML: {raw}"),
            None => raw.to_owned(),
        };
        SettingsError::Invalid {
            file: file.to_owned(),
            line,
            key,
            message,
        }
    }
}

/// The 1-based line of byte offset `at`.
fn line_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The key whose value `span` covers, read from the source line (`key = value`), when the span
/// lies after its `=` sign (an error about a value, not about the TOML itself).
fn key_of_value(text: &str, span: &Range<usize>) -> Option<String> {
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..start];
    let (key, _) = before.split_once('=')?;
    let key = key.trim().trim_matches('"');
    let simple = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (simple && KEYS.contains(&key)).then(|| key.to_owned())
}

fn parsed<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let s = String::deserialize(d)?;
    s.parse().map_err(serde::de::Error::custom)
}

fn parsed_opt<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: std::fmt::Display,
{
    parsed(d).map(Some)
}

fn ranged<'de, D, T, const MIN: u64, const MAX: u64>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<u64>,
{
    let v = i64::deserialize(d)?;
    let out_of_range = || serde::de::Error::custom(format!("must be {MIN}–{MAX} (found {v})"));
    match u64::try_from(v) {
        Ok(n) if (MIN..=MAX).contains(&n) => T::try_from(n).map_err(|_| out_of_range()),
        _ => Err(out_of_range()),
    }
}

fn server_url<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let url = String::deserialize(d)?;
    qebul_sync::ServerClient::new(&url).map_err(serde::de::Error::custom)?;
    Ok(Some(url))
}

fn catalog_key<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let key = String::deserialize(d)?;
    qebul_protocol::parse_public_key(&key).map_err(serde::de::Error::custom)?;
    Ok(Some(key))
}

fn log_filter<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let filter = String::deserialize(d)?;
    if filter.trim().is_empty() {
        return Err(serde::de::Error::custom(
            "must name what to log, e.g. \"info\" or \"info,qebul=debug\"",
        ));
    }
    Ok(filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented example, as packaged into /etc/qebul-kiosk/kiosk.toml.
    const EXAMPLE: &str = include_str!("../../../../packaging/kiosk.toml");

    fn error(text: &str) -> String {
        Settings::parse(text, "kiosk.toml").unwrap_err().to_string()
    }

    #[test]
    fn the_packaged_example_documents_every_key_with_its_real_default() {
        // Commented out, it is the defaults.
        assert_eq!(
            Settings::parse(EXAMPLE, "kiosk.toml").unwrap(),
            Settings::default()
        );
        // Its `# key = value` lines uncommented are the defaults too, so what it says is true.
        let defaults: String = EXAMPLE
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest
                        .split_once(" = ")
                        .is_some_and(|(k, _)| KEYS.contains(&k)) =>
                {
                    rest
                }
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let uncommented = defaults
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert!(uncommented >= 10, "{uncommented} default lines");
        assert_eq!(
            Settings::parse(&defaults, "kiosk.toml").unwrap(),
            Settings::default()
        );
        // Each key is there, as a default line or an example (`#   e.g. key = …`).
        for key in KEYS {
            let documented = EXAMPLE.lines().any(|l| {
                l.starts_with(&format!("# {key} = "))
                    || l.starts_with(&format!("#   e.g. {key} = "))
            });
            assert!(documented, "packaging/kiosk.toml does not document `{key}`");
        }
    }

    #[test]
    fn every_key_is_read() {
        let text = r#"
server = "http://10.20.0.5:8700"
catalog_key = "0101010101010101010101010101010101010101010101010101010101010101"
data_dir = "/srv/kiosk"
printer = "tcp:192.168.1.50,58mm"
card_reader = "serial:/dev/ttyACM0,19200"
idle_seconds = 60
countdown_seconds = 10
accept_expired = true
staff_idle_seconds = 300
speech = "off"
headphone_jack = "/dev/input/event5"
log_dir = "/srv/log"
log_files = 30
log_filter = "warn"
min_free_disk_mib = 2048
max_clock_skew_seconds = 30
"#;
        let s = Settings::parse(text, "kiosk.toml").unwrap();
        assert_eq!(s.server.as_deref(), Some("http://10.20.0.5:8700"));
        assert_eq!(s.printer, Some("tcp:192.168.1.50,58mm".parse().unwrap()));
        assert_eq!(
            s.card_reader,
            ReaderSpec::Serial {
                path: "/dev/ttyACM0".into(),
                baud: 19200
            }
        );
        assert_eq!(s.min_free_disk_bytes(), 2048 * 1024 * 1024);
        assert_eq!(s.max_clock_skew(), Duration::from_secs(30));
        assert_eq!((s.log_files, s.log_filter.as_str()), (30, "warn"));
        let c = s.kiosk_config();
        assert_eq!(c.session.idle, Duration::from_secs(60));
        assert_eq!(c.session.countdown, Duration::from_secs(10));
        assert!(c.session.accept_expired);
        assert_eq!(c.staff_idle, Duration::from_secs(300));
        assert_eq!(c.speech, SpeechOutput::Off);
        assert_eq!(c.data_dir.as_deref(), Some(Path::new("/srv/kiosk")));
        assert_eq!(
            c.headphone_jack.as_deref(),
            Some(Path::new("/dev/input/event5"))
        );
        assert!(!c.demo);
        // Every field of the struct is a documented key (a new one must be added to KEYS).
        assert_eq!(
            text.lines().filter(|l| l.contains(" = ")).count(),
            KEYS.len()
        );
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line() {
        let e = error("server = \"http://10.0.0.1\"\n\n# the printer\nprintr = \"tcp:10.0.0.9\"\n");
        assert!(
            e.starts_with("kiosk.toml line 4: unknown key `printr`"),
            "{e}"
        );
        assert!(e.contains("printer"), "the keys are listed: {e}");
    }

    #[test]
    fn a_value_out_of_range_names_its_line_and_key() {
        let e = error("# kiosk\n\nidle_seconds = 2\n");
        assert_eq!(
            e,
            "kiosk.toml line 3, key `idle_seconds`: must be 5–3600 (found 2)"
        );
        let e = error("log_files = 0\n");
        assert_eq!(
            e,
            "kiosk.toml line 1, key `log_files`: must be 1–365 (found 0)"
        );
    }

    #[test]
    fn a_bad_value_says_what_is_wrong_with_it() {
        let e = error("speech = \"loud\"\n");
        assert!(e.starts_with("kiosk.toml line 1, key `speech`: "), "{e}");
        assert!(e.contains("device, off or wav:DIR"), "{e}");
        let e = error("idle_seconds = 60\nprinter = \"laser\"\n");
        assert!(e.starts_with("kiosk.toml line 2, key `printer`: "), "{e}");
        assert!(e.contains("is not a printer"), "{e}");
        let e = error("server = \"https://qebul.example\"\n");
        assert!(e.starts_with("kiosk.toml line 1, key `server`: "), "{e}");
        assert!(e.contains("https"), "{e}");
        let e = error("accept_expired = \"yes\"\n");
        assert!(
            e.starts_with("kiosk.toml line 1, key `accept_expired`: "),
            "{e}"
        );
        let e = error("card_reader = \"usb\"\n");
        assert!(
            e.starts_with("kiosk.toml line 1, key `card_reader`: "),
            "{e}"
        );
    }

    #[test]
    fn broken_toml_names_its_line() {
        let e = error("idle_seconds = 60\nserver = http://10.0.0.1\n");
        assert!(e.starts_with("kiosk.toml line 2"), "{e}");
        let e = error("idle_seconds = 60\n\n[printer\n");
        assert!(e.starts_with("kiosk.toml line 3"), "{e}");
    }

    #[test]
    fn a_missing_file_is_the_defaults_unless_it_was_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("kiosk.toml");
        assert_eq!(
            Settings::load(&missing, false).unwrap(),
            Settings::default()
        );
        let e = Settings::load(&missing, true).unwrap_err().to_string();
        assert!(e.contains("cannot read the configuration file"), "{e}");
        std::fs::write(&missing, "countdown_seconds = 1000\n").unwrap();
        let e = Settings::load(&missing, false).unwrap_err().to_string();
        assert!(
            e.starts_with(&format!(
                "{} line 1, key `countdown_seconds`",
                missing.display()
            )),
            "{e}"
        );
    }
}
