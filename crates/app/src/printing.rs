//! The kiosk's printer and the worker that empties the store's print queue into it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use qebul_printer::queue::{self, NoticeContext};
use qebul_printer::{
    CupsTransport, DeviceTransport, PagePrinter, Printer, PrinterSpec, ReceiptPrinter,
    TcpTransport, VirtualPrinter,
};
use qebul_protocol::SigningKey;
use qebul_store::{PrintState, Store, StoreError};
use tokio::sync::{watch, Notify};

use crate::catalog::CatalogCache;
use crate::views::{PrintJobState, PrintJobView, PrintQueueView};

/// How often the worker looks at the queue and the printer when nothing wakes it.
const POLL: Duration = Duration::from_secs(3);

/// The printer, and what the notices it prints are sealed with.
pub(crate) struct Printing {
    pub printer: Arc<dyn Printer>,
    pub seal_key: SigningKey,
    pub kiosk_id: String,
    /// Wakes the worker at once (a new job, a retry).
    pub wake: Notify,
    pub view: watch::Sender<PrintQueueView>,
}

/// The printer a spec names.
pub fn open_printer(spec: &PrinterSpec) -> anyhow::Result<Arc<dyn Printer>> {
    Ok(match spec {
        PrinterSpec::Tcp { address, paper } => {
            let address = address.parse().map_err(|_| {
                anyhow::anyhow!("the receipt printer's address {address} is not IP:PORT (write the printer's IP address, not its name)")
            })?;
            Arc::new(ReceiptPrinter::new(TcpTransport::new(address), *paper))
        }
        PrinterSpec::Device { path, paper } => Arc::new(ReceiptPrinter::new(
            DeviceTransport::new(path.clone()),
            *paper,
        )),
        PrinterSpec::CupsReceipt { queue, paper } => Arc::new(ReceiptPrinter::new(
            CupsTransport::new(queue.clone())?,
            *paper,
        )),
        PrinterSpec::CupsPage { queue, page } => {
            Arc::new(PagePrinter::new(CupsTransport::new(queue.clone())?, *page))
        }
        PrinterSpec::Virtual { dir, paper } => Arc::new(VirtualPrinter::new(dir, *paper)?),
    })
}

/// The queue as the receptionist sees it: every job not printed, with its reason.
pub(crate) fn queue_view(
    store: &Mutex<Store>,
    printer: Option<&dyn Printer>,
) -> Result<PrintQueueView, StoreError> {
    let (status, status_error) = match printer.map(|p| p.status()) {
        None | Some(Ok(None)) => (None, None),
        Some(Ok(Some(s))) => (Some(s.into()), None),
        Some(Err(e)) => (None, Some(e.to_string())),
    };
    let store = store.lock().unwrap_or_else(|p| p.into_inner());
    let mut jobs = Vec::new();
    for job in store.unprinted_print_jobs(100)? {
        let state = match job.state {
            PrintState::Queued => PrintJobState::Queued,
            PrintState::Printing => PrintJobState::Printing,
            PrintState::Failed => PrintJobState::Failed,
            PrintState::Printed => continue,
        };
        let number = store
            .booking(job.booking_id)?
            .map(|b| {
                qebul_core::numbering::ApplicationNumber::new(b.number)
                    .map(|n| n.displayed())
                    .unwrap_or_else(|_| b.number.to_string())
            })
            .unwrap_or_default();
        jobs.push(PrintJobView {
            id: u32::try_from(job.id).unwrap_or(u32::MAX),
            number,
            state,
            reason: job.reason,
            attempts: job.attempts,
        });
    }
    Ok(PrintQueueView {
        printer: printer.map(|p| p.name().to_owned()),
        status,
        status_error,
        jobs,
    })
}

/// Prints queued notices as they come, and publishes the queue whenever it or the printer's
/// status changes. A failed job stays failed (with its reason) until the receptionist retries.
/// Ends when the kiosk is dropped.
pub(crate) async fn run_worker(
    printing: std::sync::Weak<Printing>,
    store: Arc<Mutex<Store>>,
    catalog: Arc<CatalogCache>,
) {
    loop {
        let Some(p) = printing.upgrade() else { return };
        if let Some(catalog) = catalog.current() {
            let queued = {
                let store = store.lock().unwrap_or_else(|p| p.into_inner());
                store.queued_print_jobs(20)
            };
            match queued {
                Ok(jobs) => {
                    // Announced before printing too: a notice that is queued, then printed, must
                    // show as two changes, or a screen waiting for it would never hear.
                    if !jobs.is_empty() {
                        publish(&p, &store).await;
                    }
                    for job in jobs {
                        let (store, p, catalog) = (store.clone(), p.clone(), catalog.clone());
                        let printed = tokio::task::spawn_blocking(move || {
                            let ctx = NoticeContext {
                                catalog: &catalog,
                                kiosk_id: &p.kiosk_id,
                                seal_key: &p.seal_key,
                            };
                            queue::print_job(&store, job.id, &*p.printer, &ctx, Utc::now)
                        })
                        .await;
                        match printed {
                            Ok(Ok(job)) if job.state == PrintState::Printed => {
                                tracing::info!(job = job.id, "notice printed")
                            }
                            Ok(Ok(job)) => {
                                tracing::warn!(job = job.id, reason = ?job.reason, "notice not printed")
                            }
                            Ok(Err(e)) => tracing::error!("print queue: {e}"),
                            Err(e) => tracing::error!("print worker: {e}"),
                        }
                    }
                }
                Err(e) => tracing::error!("cannot read the print queue: {e}"),
            }
        }
        publish(&p, &store).await;
        let _ = tokio::time::timeout(POLL, p.wake.notified()).await;
    }
}

/// Publishes the queue and the printer's status, if they changed.
async fn publish(p: &Arc<Printing>, store: &Arc<Mutex<Store>>) {
    let (store, printer) = (store.clone(), p.printer.clone());
    match tokio::task::spawn_blocking(move || queue_view(&store, Some(&*printer))).await {
        Ok(Ok(view)) => {
            p.view.send_if_modified(|current| {
                let changed = *current != view;
                *current = view;
                changed
            });
        }
        Ok(Err(e)) => tracing::error!("cannot read the print queue: {e}"),
        Err(e) => tracing::error!("print queue view: {e}"),
    }
}
