//! The print queue's worker: a stored booking becomes a [`Notice`], goes to the printer, and the
//! job's outcome goes back to the store.
//!
//! The store's lock is never held while the printer works (a receipt takes seconds, a stopped
//! printer up to its timeout), so booking goes on beside a slow or stuck printer.

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use qebul_core::numbering::{ApplicationNumber, BarcodePayload, NumberError};
use qebul_core::text::{mask_document, notice_date};
use qebul_core::{Catalog, DocumentKind, Lang as CoreLang};
use qebul_notice::{Lang, Mark, Notice};
use qebul_protocol::{NoticeSeal, SigningKey};
use qebul_store::{PrintJob, Store, StoreError, StoredBooking};

use crate::{PrintError, Printer};

/// What a notice needs besides the booking: who prints it and how.
pub struct NoticeContext<'a> {
    /// The cached, verified catalog: the authority's name, the officials.
    pub catalog: &'a Catalog,
    /// This kiosk's id from enrollment, named in the seal.
    pub kiosk_id: &'a str,
    /// This kiosk's notice key; the seal in the QR is signed with it.
    pub seal_key: &'a SigningKey,
}

/// Why a queued notice was not printed. The job stays in the store, failed with this reason
/// where the printer was at fault, for the receptionist to retry.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueueError {
    /// The store failed; nothing was printed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The job or its booking is not in the store.
    #[error("print job {0} or its booking is not in the store")]
    NotFound(i64),
    /// The booking's personal data has been erased (retention), so its notice cannot be printed
    /// again; the receptionist can still find the booking by its number.
    #[error(
        "booking {number}'s personal data has been erased after its reception, so its notice \
         cannot be printed again"
    )]
    PersonalDataErased {
        /// The application number as displayed.
        number: String,
    },
    /// The booking names an official the catalog no longer has.
    #[error(
        "the official {official} of booking {number} is no longer in the catalog; \
         print the details from the central server instead"
    )]
    UnknownOfficial {
        /// The application number as displayed.
        number: String,
        /// The official's id.
        official: String,
    },
    /// The stored number cannot be an application number (a damaged store).
    #[error("the stored booking's number cannot be printed: {0}")]
    Number(#[from] NumberError),
    /// The printer did not print it; the job is marked failed with this reason.
    #[error(transparent)]
    Print(#[from] PrintError),
}

/// A booking's notice, as the layout wants it: dates in Baku time, the document number masked, the
/// QR seal signed. `reprint` puts the "TƏKRAR ÇAP" mark on it.
pub fn notice_for(
    booking: &StoredBooking,
    reprint: bool,
    ctx: &NoticeContext<'_>,
    now: DateTime<Utc>,
) -> Result<Notice, QueueError> {
    let application = ApplicationNumber::new(booking.number)?;
    let number = application.displayed();
    let (Some(citizen_name), Some(document_number)) =
        (&booking.citizen_name, &booking.document_number)
    else {
        return Err(QueueError::PersonalDataErased { number });
    };
    let official = ctx
        .catalog
        .officials
        .iter()
        .find(|o| o.id == booking.official_id)
        .ok_or_else(|| QueueError::UnknownOfficial {
            number: number.clone(),
            official: booking.official_id.clone(),
        })?;
    let created = qebul_core::time::baku_date(&booking.created_at);
    let barcode = BarcodePayload::new(application, created, booking.reception_date).encode();
    let seal = NoticeSeal {
        kiosk: ctx.kiosk_id.to_owned(),
        booking: booking.id,
        number: number.clone(),
        reception_date: booking.reception_date,
        official: official.id.clone(),
    }
    .sign(ctx.seal_key)
    .ok();
    let timestamp = |at: DateTime<Utc>| qebul_core::time::baku_timestamp(&at);
    Ok(Notice {
        authority: ctx.catalog.authority.name.clone(),
        number,
        official_position: official.position.az.clone(),
        official_name: official.full_name.clone(),
        reception_date: notice_date(booking.reception_date),
        reception_time: official.reception.describe(CoreLang::Az).hours,
        citizen_name: citizen_name.clone(),
        document_type: document_type(booking.document_kind),
        document_number: mask_document(document_number),
        created_at: timestamp(booking.created_at),
        printed_at: timestamp(now),
        barcode,
        mark: reprint.then_some(Mark::Reprint),
        seal,
        // The language the citizen booked in, not whoever is at the kiosk when it is reprinted.
        second_language: match booking.language {
            CoreLang::Az => None,
            CoreLang::Ru => Some(Lang::Ru),
            CoreLang::En => Some(Lang::En),
        },
        details: None,
    })
}

/// The document's name as the notice prints it (the official text: Azerbaijani).
fn document_type(kind: DocumentKind) -> String {
    qebul_l10n::text(CoreLang::Az, &format!("document-{}", kind.code()), &[])
}

/// Prints queued job `job`: queued → printing → printed, or → failed with the printer's reason.
/// Returns the job as it ended. A job whose notice cannot even be built (erased data, unknown
/// official) is marked failed with that reason too, so it shows on the receptionist's screen.
pub fn print_job(
    store: &Mutex<Store>,
    job: i64,
    printer: &dyn Printer,
    ctx: &NoticeContext<'_>,
    now: impl Fn() -> DateTime<Utc>,
) -> Result<PrintJob, QueueError> {
    let lock = || {
        store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    let (booking, reprint) = {
        let mut store = lock();
        let record = store.print_job(job)?.ok_or(QueueError::NotFound(job))?;
        let booking = store
            .booking(record.booking_id)?
            .ok_or(QueueError::NotFound(job))?;
        store.start_printing(job, now())?;
        (booking, record.reprint_count > 0)
    };
    let outcome = notice_for(&booking, reprint, ctx, now())
        .and_then(|notice| printer.print(&notice).map_err(QueueError::from));
    let mut store = lock();
    match outcome {
        Ok(_) => store.mark_printed(job, now())?,
        Err(error) => {
            store.mark_print_failed(job, &error.to_string(), now())?;
            tracing::warn!(job, %error, "notice not printed");
        }
    }
    store.print_job(job)?.ok_or(QueueError::NotFound(job))
}
