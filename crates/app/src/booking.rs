//! Booking at the kiosk: the form checked by the core against the cached catalog and the
//! citizen at the screen, one transaction in the store, then the print worker and the sync
//! task woken. "Sent" may be shown only once [`Kiosk::book`] has returned `Ok`: the booking is
//! durable by then.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use qebul_core::calendar::{next_reception_dates, DateOptions};
use qebul_core::validation::{
    validate_booking, BookingContext, BookingForm, BookingPolicy, FieldError,
};
use qebul_store::{BookError, Booked, BookingRequest};

use crate::catalog::Cached;
use crate::views::{AppError, ErrorCode};
use crate::Kiosk;

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Why a booking was not made. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum BookingRefusal {
    /// Nobody is identified at the screen, or the form was filled in a session that has ended.
    #[error("no citizen is identified (or the session changed): read the ID card first")]
    NoCitizen,
    /// Offline, the citizen has not confirmed the registered address yet.
    #[error("the registered address is not confirmed yet")]
    AddressNotConfirmed,
    /// No catalog is cached (the kiosk never synced).
    #[error("no catalog yet: this kiosk has not synced with its server")]
    NoCatalog,
    /// The form has errors, every one of them, in the order of the form.
    #[error("the form has {} error(s)", .0.len())]
    Invalid(Vec<FieldError>),
    /// The store refused (no place in the lease, the booking policy) or failed.
    #[error(transparent)]
    Store(#[from] BookError),
}

/// The next reception dates of `official_id` (seed Şəkil 5: the next 4), from now, over the
/// catalog's working calendar; none for an official the catalog does not have.
fn offered_dates(cached: &Cached, official_id: &str) -> Vec<NaiveDate> {
    let Ok(calendar) = cached.wire.calendar.to_calendar() else {
        return Vec::new();
    };
    cached
        .domain
        .officials
        .iter()
        .find(|o| o.id == official_id)
        .and_then(|o| {
            next_reception_dates(
                &o.reception,
                &calendar,
                &Utc::now(),
                &BTreeMap::new(),
                &DateOptions::default(),
            )
            .ok()
        })
        .unwrap_or_default()
        .into_iter()
        .map(|d| d.date)
        .collect()
}

impl Kiosk {
    /// The dates the citizen may choose for `official_id` (the booking form's date buttons).
    pub fn reception_dates(&self, official_id: &str) -> Result<Vec<NaiveDate>, AppError> {
        self.catalog()?;
        let cached = self
            .catalog
            .cached()
            .ok_or_else(|| AppError::new(ErrorCode::CatalogUnavailable, "no catalog cached"))?;
        Ok(offered_dates(&cached, official_id))
    }

    /// Books what `form` says for the citizen at the screen in session `generation` (the one the
    /// form was filled in), in their language and with their document, then wakes the printer
    /// (the notice is queued in the same transaction) and the sync task (so it goes up at once
    /// when online).
    pub async fn book(&self, form: BookingForm, generation: u32) -> Result<Booked, BookingRefusal> {
        let (citizen, language) = self
            .sessions
            .citizen(generation)
            .ok_or(BookingRefusal::NoCitizen)?;
        let address = match (&citizen.address, citizen.is_complete()) {
            (Some(address), true) => address.clone(),
            _ => return Err(BookingRefusal::AddressNotConfirmed),
        };
        let cached = self.catalog.cached().ok_or(BookingRefusal::NoCatalog)?;
        let offered = offered_dates(&cached, &form.official_id);
        let ids = |choices: &[qebul_protocol::catalog::Choice]| -> Vec<String> {
            choices.iter().map(|c| c.id.clone()).collect()
        };
        let (officials, topics, statuses, privileges) = (
            cached
                .domain
                .officials
                .iter()
                .map(|o| o.id.clone())
                .collect::<Vec<_>>(),
            ids(&cached.wire.topics),
            ids(&cached.wire.social_statuses),
            ids(&cached.wire.privileges),
        );
        let (officials, topics, statuses, privileges) = (
            refs(&officials),
            refs(&topics),
            refs(&statuses),
            refs(&privileges),
        );
        // The catalog lists "İmtiyazım yoxdur" among the privileges, as the portal's form does.
        let no_privilege = privileges.iter().copied().find(|id| *id == "none");
        let ctx = BookingContext {
            official_ids: &officials,
            offered_dates: &offered,
            topic_ids: &topics,
            social_status_ids: &statuses,
            privilege_ids: &privileges,
            no_privilege_id: no_privilege,
            registered_address: &address,
        };
        let booking = validate_booking(&form, &ctx).map_err(BookingRefusal::Invalid)?;
        let request = BookingRequest {
            official_id: booking.official_id,
            language,
            document_kind: citizen.document_kind,
            reception_date: booking.reception_date,
            // A foreign passport has no FİN: its number identifies the citizen to the policy.
            citizen_fin: citizen
                .fin
                .clone()
                .unwrap_or_else(|| citizen.document_number.clone()),
            citizen_name: citizen.full_name.clone(),
            document_number: citizen.document_number.clone(),
            birth_date: Some(citizen.birth_date),
            phone: booking.phone.e164(),
            email: booking.email.map(|e| e.to_string()),
            workplace: booking.workplace,
            position: booking.position,
            address: booking.address.text().to_owned(),
            note: booking.note,
            topic_id: booking.topic_id,
            social_status_id: booking.social_status_id,
            privilege_id: booking.privilege_id,
        };
        let store = self.store.clone();
        let booked = tokio::task::spawn_blocking(move || {
            store.lock().unwrap_or_else(|p| p.into_inner()).book(
                &request,
                Utc::now(),
                &BookingPolicy::default(),
            )
        })
        .await
        .map_err(|e| {
            BookingRefusal::Store(BookError::Store(qebul_store::StoreError::Corrupt(format!(
                "the booking task failed: {e}"
            ))))
        })??;
        // The session may have ended while the booking was written, after its wipe held back
        // the queued notices: this one must not come out for the next person either.
        if !self.sessions.is_current(generation) {
            self.sessions.hold_queued_notices();
        }
        self.wake_printer();
        self.sync.sync_now();
        Ok(booked)
    }
}
