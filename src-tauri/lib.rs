//! The Tauri shell of Qəbul Kiosk: it wires state, commands and hardware; logic lives in `crates/`.

pub mod cli;
mod commands;
mod events;
mod ipc;
mod window;

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Parser;
use tauri::{Manager, Runtime};

pub use commands::COMMANDS;
pub use ipc::specta_builder;
pub use qebul_app::Kiosk;
pub use window::is_app_url;

/// How the kiosk is started: with no subcommand, the kiosk itself; with one, a technician's
/// tool (no window). Flags override the configuration file (`--config`).
#[derive(Debug, Clone, Parser)]
#[command(version, about = "Qəbul Kiosk: the self-service lobby kiosk")]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<cli::Command>,
    /// The configuration file (TOML; every key documented in packaging/kiosk.toml). Default:
    /// /etc/qebul-kiosk/kiosk.toml, if it exists.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Where the log files go (key `log_dir`; default /var/log/qebul-kiosk, or
    /// $XDG_STATE_HOME/qebul-kiosk/log when that cannot be written).
    #[arg(long, value_name = "DIR", global = true)]
    pub log_dir: Option<PathBuf>,
    /// A normal window instead of full screen, for development.
    #[arg(long)]
    pub windowed: bool,
    /// Demo mode: an embedded reference server, the simulated card reader and a virtual printer
    /// (only in a build with the `demo` feature, as `cargo xtask demo` makes).
    #[arg(long, conflicts_with = "server")]
    pub demo: bool,
    /// The central server's base URL (key `server`; required, here or in the file, but in demo
    /// mode).
    #[arg(long, value_name = "URL", global = true)]
    pub server: Option<String>,
    /// Where the kiosk keeps its encrypted store (key `data_dir`; default:
    /// ~/.local/share/qebul-kiosk; the demo: a new temporary folder, removed when it ends).
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// The one-time code from `qebul-server kiosk enroll`, for the first start.
    #[arg(long, value_name = "CODE")]
    pub enroll_code: Option<String>,
    /// The server's catalog key (64 hex digits, printed by `qebul-server import`) to pin; without
    /// it the key the server gives at enrollment is pinned.
    #[arg(long, value_name = "HEX", global = true)]
    pub catalog_key: Option<String>,
    /// Start over with an empty store when the keyring says this kiosk had one that is gone
    /// (only once every booking of this kiosk is on the server; see the store's recovery notes).
    #[arg(long)]
    pub new_database: bool,
    /// The notice printer: tcp:HOST[:PORT], device:/dev/usb/lp0, cups:QUEUE (receipts, add
    /// ,58mm for narrow paper), cups-pdf:QUEUE (office pages, ,A4 or ,A5) or virtual:DIR. The demo
    /// defaults to a virtual printer in --notice-dir; without it a kiosk prints nothing.
    #[arg(long, value_name = "PRINTER", global = true)]
    pub printer: Option<qebul_printer::PrinterSpec>,
    /// The ID-card reader: serial:/dev/ttyACM0[,9600] (a document reader sending MRZ lines),
    /// wedge (a scanner typing like a keyboard), pcsc or pcsc:<reader name> (card presence),
    /// simulated (the demo citizens; the demo's default) or none (the default otherwise).
    #[arg(long, value_name = "READER", global = true)]
    pub card_reader: Option<qebul_idcard::ReaderSpec>,
    /// Seconds without a touch before the citizen's session starts its countdown (key
    /// `idle_seconds`, default 90).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(5..=3600))]
    pub idle_seconds: Option<u64>,
    /// Seconds of the visible countdown before the session ends and is wiped (key
    /// `countdown_seconds`, default 15).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(3..=300))]
    pub countdown_seconds: Option<u64>,
    /// Let an expired identity document start a session (the authority's policy; by default
    /// the citizen is sent to the reception desk).
    #[arg(long)]
    pub accept_expired: bool,
    /// Where the demo's virtual printer writes each notice (ESC/POS bytes, the PNG they decode
    /// to, and an A4 PDF).
    #[arg(long, value_name = "DIR", default_value_os_t = std::env::temp_dir().join("qebul-demo-notices"))]
    pub notice_dir: PathBuf,
    /// The demo's printer when no --printer is named: virtual (files in --notice-dir) or
    /// emulated (the ESC/POS receipt printer emulator on a loopback port; its paper runs out on
    /// the demo's switch).
    #[arg(long, value_name = "PRINTER", default_value = "virtual")]
    pub demo_printer: qebul_app::DemoPrinter,
    /// Where speech mode speaks: device (espeak-ng on the sound card), off, or wav:DIR (each
    /// utterance as a WAV file and its text, for tests). Key `speech`, default device.
    #[arg(long, value_name = "OUTPUT")]
    pub speech: Option<qebul_app::SpeechOutput>,
    /// The headphone jack's input device (/dev/input/eventN), whose plug turns speech mode on;
    /// by default the first one with a headphone switch in /proc/bus/input/devices.
    #[arg(long, value_name = "DEVICE")]
    pub headphone_jack: Option<PathBuf>,
    /// Seconds without a touch before the staff screen closes by itself (key
    /// `staff_idle_seconds`, default 120).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(10..=3600))]
    pub staff_idle_seconds: Option<u64>,
}

impl Args {
    /// What the application layer is started with: the flags over the defaults.
    pub fn config(&self) -> qebul_app::KioskConfig {
        self.config_over(&qebul_app::ops::Settings::default())
    }

    /// What the application layer is started with: the flags over the configuration file.
    pub fn config_over(&self, file: &qebul_app::ops::Settings) -> qebul_app::KioskConfig {
        use std::time::Duration;
        let file_config = file.kiosk_config();
        let secs = |flag: Option<u64>, default: Duration| flag.map_or(default, Duration::from_secs);
        qebul_app::KioskConfig {
            server: self.server.clone().or(file_config.server),
            demo: self.demo,
            data_dir: self.data_dir.clone().or(file_config.data_dir),
            enroll_code: self.enroll_code.clone(),
            catalog_key: self.catalog_key.clone().or(file_config.catalog_key),
            new_database: self.new_database,
            printer: self.printer.clone().or(file_config.printer),
            // The demo's reader is its simulator unless one is named on the command line.
            card_reader: self.card_reader.clone().or(if self.demo {
                None
            } else {
                file_config.card_reader
            }),
            session: qebul_app::SessionConfig {
                idle: secs(self.idle_seconds, file_config.session.idle),
                countdown: secs(self.countdown_seconds, file_config.session.countdown),
                accept_expired: self.accept_expired || file_config.session.accept_expired,
            },
            notice_dir: self.notice_dir.clone(),
            demo_printer: self.demo_printer,
            speech: self.speech.clone().unwrap_or(file_config.speech),
            headphone_jack: self.headphone_jack.clone().or(file_config.headphone_jack),
            staff_idle: secs(self.staff_idle_seconds, file_config.staff_idle),
        }
    }
}

/// The app context generated from tauri.conf.json and the capabilities (tests use it too).
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

impl Args {
    /// Refuses, before any window exists, what would otherwise fail deep inside GTK or later.
    pub fn check(&self, env: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        if self.demo && !qebul_app::DEMO_AVAILABLE {
            anyhow::bail!(
                "this build of the kiosk has no demo (a production kiosk does not carry the \
                 reference server); run `cargo xtask demo`, or build with `--features demo`"
            );
        }
        if let Some(url) = &self.server {
            qebul_sync::ServerClient::new(url)?;
        }
        if let Some(key) = &self.catalog_key {
            qebul_protocol::parse_public_key(key)?;
        }
        let has = |name: &str| env(name).is_some_and(|v| !v.is_empty());
        if cfg!(target_os = "linux") && !has("DISPLAY") && !has("WAYLAND_DISPLAY") {
            anyhow::bail!(
                "no display to show the kiosk on (neither DISPLAY nor WAYLAND_DISPLAY is set); \
                 on a machine without a screen, `cargo xtask demo` runs the kiosk under Xvfb"
            );
        }
        Ok(())
    }
}

/// Starts the kiosk with the configuration file's `settings` under its flags, and blocks until
/// it quits (logging is set up by the caller, [`cli::main`]).
pub fn run(args: Args, settings: &qebul_app::ops::Settings) -> anyhow::Result<()> {
    args.check(|name| std::env::var(name).ok())?;
    let config = args.config_over(settings);
    if !config.demo && config.server.is_none() {
        anyhow::bail!(
            "no central server: set `server = \"http://…\"` in the configuration file ({}) or \
             pass --server URL (or --demo)",
            args.config
                .as_deref()
                .unwrap_or(std::path::Path::new(qebul_app::ops::DEFAULT_CONFIG_PATH))
                .display()
        );
    }
    let specta = specta_builder::<tauri::Wry>();
    tauri::Builder::default()
        // First plugin, as its docs require: a second launch brings this window forward and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(w) = app.get_webview_window(window::MAIN) {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            // After the single-instance check: a second launch must not start devices or servers.
            let kiosk = tauri::async_runtime::block_on(Kiosk::start(&config))?;
            specta.mount_events(app);
            events::forward_all(app.handle(), &kiosk);
            app.manage(kiosk);
            window::open_main(app.handle(), args.windowed)?;
            Ok(())
        })
        .run(context())
        .context("the kiosk window could not run")
}
