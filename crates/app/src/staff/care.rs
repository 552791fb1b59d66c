//! Looking after the kiosk: the printer (its state, failed notices, retry, a test page) and the
//! kiosk itself (enrollment, catalog, leases, numbers, disk, version).

use chrono::Utc;
use qebul_notice::Notice;
use qebul_protocol::SignedCatalog;

use super::views::{KioskCareView, LeaseRow, PrinterCareView};
use super::{shown_time, staff_error, store_failed};
use crate::views::{AppError, ErrorCode, PrinterState};
use crate::Kiosk;

impl Kiosk {
    /// The printer's state (asked now) and the notices not printed, failed ones with reasons.
    pub async fn staff_printer(&self) -> Result<PrinterCareView, AppError> {
        self.staff_viewing()?;
        let queue = self.print_queue().await?;
        Ok(PrinterCareView {
            paper_low: queue.status == Some(PrinterState::PaperNearEnd),
            queue,
        })
    }

    /// A failed notice goes back to the queue; audited.
    pub async fn staff_retry(&self, job: u32) -> Result<(), AppError> {
        let who = self.staff_active()?;
        self.retry_print(job)?;
        self.staff_audit(&who, "retry-print", Some(job.to_string()), None)
            .await
    }

    /// Prints a test page on the configured printer; its failure is `PrintQueue` with the reason.
    pub async fn staff_test_page(&self) -> Result<(), AppError> {
        let who = self.staff_active()?;
        let printer = self
            .printing
            .as_ref()
            .map(|p| p.printer.clone())
            .ok_or_else(|| staff_error(ErrorCode::PrintQueue, "no printer is configured"))?;
        let now = qebul_core::time::baku_timestamp(&Utc::now());
        let printed = tokio::task::spawn_blocking(move || printer.print(&Notice::test_page(now)))
            .await
            .map_err(store_failed)?;
        let outcome = printed.as_ref().map(|_| ()).map_err(|e| e.to_string());
        self.staff_audit(
            &who,
            "test-page",
            None,
            Some(match &outcome {
                Ok(()) => "printed".to_owned(),
                Err(e) => format!("failed: {e}"),
            }),
        )
        .await?;
        outcome.map_err(|reason| staff_error(ErrorCode::PrintQueue, reason))
    }

    /// The kiosk as a technician sees it: enrollment, catalog, leases, numbers left, disk.
    pub async fn staff_kiosk(&self) -> Result<KioskCareView, AppError> {
        self.staff_viewing()?;
        let pinned = self.catalog_key;
        let (catalog, leases, numbers_left, database_bytes, path) = self
            .staff_store(|s| {
                Ok((
                    s.signed_catalog_text()?
                        .zip(s.catalog()?.map(|c| c.version)),
                    s.leases()?,
                    s.numbers_left()?,
                    s.database_bytes()?,
                    s.database_path(),
                ))
            })
            .await?;
        let (catalog_version, catalog_signature_ok) = match catalog {
            Some(((body, signature), version)) => {
                let signed = SignedCatalog {
                    body,
                    signature: signature.iter().map(|b| format!("{b:02x}")).collect(),
                };
                (
                    Some(u32::try_from(version).unwrap_or(u32::MAX)),
                    signed.verify(&pinned).is_ok(),
                )
            }
            None => (None, false),
        };
        let names = self.catalog.current();
        let official = |id: &str| {
            names
                .as_ref()
                .and_then(|c| c.officials.iter().find(|o| o.id == id))
                .map_or_else(|| id.to_owned(), |o| o.full_name.clone())
        };
        let disk_free = path
            .as_deref()
            .and_then(|p| p.parent())
            .map(crate::health::disk_free_bytes)
            .transpose()
            .map_err(|e| staff_error(ErrorCode::Session, format!("free disk space: {e}")))?;
        let sync = self.sync_view();
        Ok(KioskCareView {
            kiosk_id: self.printing.as_ref().map(|p| p.kiosk_id.clone()),
            server: Some(self.client.base_url().to_owned()),
            enrolled: sync.auth_problem.is_none(),
            catalog_version,
            catalog_signature_ok,
            leases: leases
                .into_iter()
                .map(|l| LeaseRow {
                    official: official(&l.official_id),
                    date: qebul_core::text::numeric_date(l.reception_date),
                    places: l.granted,
                    used: l.used,
                    until: shown_time(l.expires_at),
                })
                .collect(),
            numbers_left: u32::try_from(numbers_left).unwrap_or(u32::MAX),
            disk_free_bytes: disk_free.unwrap_or(0).to_string(),
            database_bytes: database_bytes.to_string(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        })
    }
}
