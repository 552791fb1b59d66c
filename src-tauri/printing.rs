//! The kiosk's printer and the worker that empties the store's print queue into it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use chrono::Utc;
use qebul_printer::queue::{self, NoticeContext};
use qebul_printer::{
    CupsTransport, DeviceTransport, PagePrinter, Printer, PrinterSpec, PrinterStatus,
    ReceiptPrinter, TcpTransport, VirtualPrinter,
};
use qebul_protocol::SigningKey;
use qebul_store::{PrintState, Store};
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event as _;

use crate::commands::printing::{PrintJobView, PrintQueueChanged};
use crate::Kiosk;

/// How often the worker looks at the queue and the printer when nothing wakes it.
const POLL: Duration = Duration::from_secs(3);

/// The printer, and what the notices it prints are sealed with.
pub struct Printing {
    pub printer: Arc<dyn Printer>,
    pub seal_key: SigningKey,
    pub kiosk_id: String,
    /// Wakes the worker at once (a new job, a retry).
    pub wake: tokio::sync::Notify,
}

/// The printer a spec names.
pub fn open_printer(spec: &PrinterSpec) -> anyhow::Result<Arc<dyn Printer>> {
    Ok(match spec {
        PrinterSpec::Tcp { address, paper } => {
            let address = address.parse().with_context(|| {
                format!("the receipt printer's address {address} is not IP:PORT (write the printer's IP address, not its name)")
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

fn status_name(status: PrinterStatus) -> &'static str {
    match status {
        PrinterStatus::Ready => "ready",
        PrinterStatus::PaperNearEnd => "paper-near-end",
        PrinterStatus::PaperOut => "paper-out",
        PrinterStatus::CoverOpen => "cover-open",
        PrinterStatus::Offline => "offline",
        PrinterStatus::Error => "error",
    }
}

/// The queue as the receptionist sees it: every job not printed, with its reason.
pub fn queue_view(
    store: &Mutex<Store>,
    printer: Option<&dyn Printer>,
) -> Result<PrintQueueChanged, qebul_store::StoreError> {
    let (status, status_error) = match printer.map(|p| p.status()) {
        None | Some(Ok(None)) => (None, None),
        Some(Ok(Some(s))) => (Some(status_name(s).to_owned()), None),
        Some(Err(e)) => (None, Some(e.to_string())),
    };
    let store = store.lock().unwrap_or_else(|p| p.into_inner());
    let mut jobs = Vec::new();
    for job in store.unprinted_print_jobs(100)? {
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
            state: job.state.as_str().to_owned(),
            reason: job.reason,
            attempts: job.attempts,
        });
    }
    Ok(PrintQueueChanged {
        printer: printer.map(|p| p.name().to_owned()),
        status,
        status_error,
        jobs,
    })
}

/// Prints queued notices as they come, and tells the UI whenever the queue or the printer's
/// status changes. A failed job stays failed (with its reason) until the receptionist retries.
pub fn print_in_background<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let mut last: Option<PrintQueueChanged> = None;
        loop {
            let kiosk = app.state::<Kiosk>();
            let Some(printing) = kiosk.printing() else {
                return;
            };
            if let Ok(catalog) = kiosk.catalog().await {
                let queued = {
                    let store = kiosk.store().lock().unwrap_or_else(|p| p.into_inner());
                    store.queued_print_jobs(20)
                };
                match queued {
                    Ok(jobs) => {
                        for job in jobs {
                            let (store, printing, catalog) =
                                (kiosk.store().clone(), printing.clone(), catalog.clone());
                            let language = kiosk.sessions().language();
                            let printed = tauri::async_runtime::spawn_blocking(move || {
                                let ctx = NoticeContext {
                                    catalog: &catalog,
                                    kiosk_id: &printing.kiosk_id,
                                    seal_key: &printing.seal_key,
                                    language,
                                };
                                queue::print_job(&store, job.id, &*printing.printer, &ctx, Utc::now)
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
            let (store, printer) = (kiosk.store().clone(), printing.printer.clone());
            let view =
                tauri::async_runtime::spawn_blocking(move || queue_view(&store, Some(&*printer)))
                    .await;
            match view {
                Ok(Ok(view)) if last.as_ref() != Some(&view) => {
                    if let Err(e) = view.emit(&app) {
                        tracing::warn!("could not tell the UI about the print queue: {e}");
                    }
                    last = Some(view);
                }
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::error!("cannot read the print queue: {e}"),
                Err(e) => tracing::error!("print queue view: {e}"),
            }
            let _ = tokio::time::timeout(POLL, printing.wake.notified()).await;
        }
    });
}
