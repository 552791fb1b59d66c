//! The kiosk's health as a technician needs it: free disk space, and (issue 17) the report each
//! sync sends to the server.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use qebul_protocol::api::{KioskHealth, PrinterHealth};
use qebul_store::{Store, StoreError};
use qebul_sync::HealthProvider;
use tokio::sync::watch;

use crate::views::{PrintQueueView, PrinterState};

/// Bytes free for an unprivileged user on the file system holding `path`.
pub fn disk_free_bytes(path: &Path) -> std::io::Result<u64> {
    use std::os::unix::ffi::OsStrExt as _;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let mut buf = std::mem::MaybeUninit::<libc::statvfs>::zeroed();
    // SAFETY: `c` is a valid NUL-terminated path and `buf` is large enough for the struct.
    let rc = unsafe { libc::statvfs(c.as_ptr(), buf.as_mut_ptr()) };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: statvfs returned 0, so it filled the struct.
    let s = unsafe { buf.assume_init() };
    #[allow(clippy::useless_conversion)]
    Ok(u64::from(s.f_bavail).saturating_mul(u64::from(s.f_frsize)))
}

/// The printer's state in a health report, and whether its paper runs low, from the print
/// queue as the kiosk last saw it (`None`: not known yet). The printer is not asked here: a
/// status query may take seconds, and the print worker asks it every few anyway.
pub fn printer_health(view: Option<&PrintQueueView>) -> (PrinterHealth, bool) {
    let Some(view) = view else {
        return (PrinterHealth::Unknown, false);
    };
    if view.printer.is_none() {
        return (PrinterHealth::NotConfigured, false);
    }
    match view.status {
        None => (PrinterHealth::Unknown, false),
        Some(PrinterState::Ready) => (PrinterHealth::Ready, false),
        Some(PrinterState::PaperNearEnd) => (PrinterHealth::Ready, true),
        Some(PrinterState::PaperOut) => (PrinterHealth::PaperOut, false),
        Some(PrinterState::CoverOpen) => (PrinterHealth::CoverOpen, false),
        Some(PrinterState::Offline) => (PrinterHealth::Offline, false),
        Some(PrinterState::Error) => (PrinterHealth::Error, false),
    }
}

/// What waits to reach the server (bookings, then cancellations, comments and check-ins; those
/// the server refused are final and not counted): how many, and when the oldest was made.
pub fn unsent(store: &Store) -> Result<(u64, Option<DateTime<Utc>>), StoreError> {
    // The staff screen's "unsent" list, oldest first: one definition of what waits.
    let work = store.unsent_work()?;
    Ok((work.len() as u64, work.first().map(|w| w.at)))
}

/// The kiosk's health report at `now`: this build's version, the printer as the print queue
/// last saw it, what waits to reach the server, and the free space where the store lives
/// (`data_dir`; none when not known).
pub fn kiosk_health(
    store: &Store,
    print_queue: Option<&PrintQueueView>,
    data_dir: Option<&Path>,
    now: DateTime<Utc>,
) -> Result<KioskHealth, StoreError> {
    let (printer, paper_low) = printer_health(print_queue);
    let (count, oldest) = unsent(store)?;
    Ok(KioskHealth {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        printer,
        paper_low,
        unsent: u32::try_from(count).unwrap_or(u32::MAX),
        // A booking made "in the future" by a clock set back since counts as just made.
        oldest_unsent_secs: oldest.map(|at| u64::try_from((now - at).num_seconds()).unwrap_or(0)),
        disk_free_bytes: data_dir.and_then(|d| disk_free_bytes(d).ok()),
    })
}

/// What the health report reads besides the store, learnt as the kiosk's parts start (the
/// sync task, which sends the report, starts before the printer is attached).
#[derive(Clone, Default)]
pub(crate) struct HealthInputs(Arc<RwLock<Inputs>>);

#[derive(Default)]
struct Inputs {
    print_queue: Option<watch::Receiver<PrintQueueView>>,
    data_dir: Option<PathBuf>,
}

impl HealthInputs {
    /// The print queue the report reads from now on (the no-printer one, then the printer's).
    pub(crate) fn watch_print_queue(&self, view: watch::Receiver<PrintQueueView>) {
        if let Ok(mut inputs) = self.0.write() {
            inputs.print_queue = Some(view);
        }
    }

    /// The folder whose disk's free space the report gives.
    pub(crate) fn set_data_dir(&self, dir: PathBuf) {
        if let Ok(mut inputs) = self.0.write() {
            inputs.data_dir = Some(dir);
        }
    }

    /// The sync task's health provider, reading these inputs at each round.
    pub(crate) fn provider(&self) -> HealthProvider {
        let inputs = self.clone();
        HealthProvider::new(move |store| {
            let (view, dir) = match inputs.0.read() {
                Ok(i) => (
                    i.print_queue.as_ref().map(|rx| rx.borrow().clone()),
                    i.data_dir.clone(),
                ),
                Err(_) => (None, None),
            };
            match kiosk_health(store, view.as_ref(), dir.as_deref(), Utc::now()) {
                Ok(health) => Some(health),
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the store for the health report");
                    None
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_space_of_a_real_folder_is_known_and_of_a_missing_one_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(disk_free_bytes(dir.path()).unwrap() > 0);
        assert!(disk_free_bytes(&dir.path().join("missing")).is_err());
    }

    fn view(printer: Option<&str>, status: Option<PrinterState>) -> PrintQueueView {
        PrintQueueView {
            printer: printer.map(str::to_owned),
            status,
            status_error: None,
            jobs: Vec::new(),
        }
    }

    #[test]
    fn the_printer_is_reported_as_the_print_queue_last_saw_it() {
        assert_eq!(printer_health(None), (PrinterHealth::Unknown, false));
        assert_eq!(
            printer_health(Some(&view(None, None))),
            (PrinterHealth::NotConfigured, false)
        );
        let p = Some("virtual");
        for (state, expected) in [
            (None, (PrinterHealth::Unknown, false)),
            (Some(PrinterState::Ready), (PrinterHealth::Ready, false)),
            (
                Some(PrinterState::PaperNearEnd),
                (PrinterHealth::Ready, true),
            ),
            (
                Some(PrinterState::PaperOut),
                (PrinterHealth::PaperOut, false),
            ),
            (
                Some(PrinterState::CoverOpen),
                (PrinterHealth::CoverOpen, false),
            ),
            (Some(PrinterState::Offline), (PrinterHealth::Offline, false)),
            (Some(PrinterState::Error), (PrinterHealth::Error, false)),
        ] {
            assert_eq!(printer_health(Some(&view(p, state))), expected, "{state:?}");
        }
    }

    #[test]
    fn an_empty_store_has_nothing_unsent_and_reports_its_disk() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(
            &dir.path().join("kiosk.db"),
            &qebul_store::key::DbKey::random_for_tests(),
        )
        .unwrap();
        let h = kiosk_health(&store, None, Some(dir.path()), Utc::now()).unwrap();
        assert_eq!(h.unsent, 0);
        assert_eq!(h.oldest_unsent_secs, None);
        assert!(h.disk_free_bytes.is_some_and(|b| b > 0));
        assert_eq!(h.version, env!("CARGO_PKG_VERSION"));
        let h = kiosk_health(&store, None, None, Utc::now()).unwrap();
        assert_eq!(h.disk_free_bytes, None);
    }
}
