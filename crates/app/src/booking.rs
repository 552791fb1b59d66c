//! Booking at the kiosk: the form checked by the core against the cached catalog and the
//! citizen at the screen, one transaction in the store, then the print worker and the sync
//! task woken. "Sent" may be shown only once [`Kiosk::book`] has returned `Ok`: the booking is
//! durable by then.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use qebul_core::calendar::{next_reception_dates, DateOptions, ReceptionDate};
use qebul_core::validation::{
    validate_booking, BookingContext, BookingForm, BookingPolicy, FieldError,
};
use qebul_protocol::api::{codes, PushItem, PushOutcome, PushRequest};
use qebul_store::{BookError, Booked, BookingRequest};

use crate::catalog::Cached;
use crate::kiosk::official_row;
use crate::views::{
    AppError, BookedView, BookingError, BookingErrorCode, BookingFormView, BookingOptions,
    ChoiceRow, DateOption, ErrorCode, FieldProblem, FormField, NoticeState, NoticeStatusView,
    UiLang, Worded,
};
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
    /// The day's last place went while the form was filled (the lease is spent, and the server
    /// has none left either): another date, the form kept.
    #[error("the last place for official {official_id:?} on {reception_date} has gone")]
    PlaceGone {
        official_id: String,
        reception_date: NaiveDate,
    },
    /// Online, the server refused the place for a reason of its own (its policy, say).
    #[error("the server refused the booking: {code}: {message}")]
    ServerRefused { code: String, message: String },
}

/// How long a citizen waits for the server to grant a place directly, per attempt.
const DIRECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(8);

/// The next reception dates of `official_id` (seed Şəkil 5: the next 4), from now, over the
/// catalog's working calendar; none for an official the catalog does not have.
fn next_dates(cached: &Cached, official_id: &str) -> Result<Vec<ReceptionDate>, AppError> {
    let calendar = cached
        .wire
        .calendar
        .to_calendar()
        .map_err(|e| AppError::new(ErrorCode::CatalogInvalid, e.to_string()))?;
    let Some(official) = cached.domain.officials.iter().find(|o| o.id == official_id) else {
        return Ok(Vec::new());
    };
    next_reception_dates(
        &official.reception,
        &calendar,
        &Utc::now(),
        &BTreeMap::new(),
        &DateOptions::default(),
    )
    .map_err(|e| AppError::new(ErrorCode::CatalogInvalid, e.to_string()))
}

fn offered_dates(cached: &Cached, official_id: &str) -> Vec<NaiveDate> {
    next_dates(cached, official_id)
        .unwrap_or_default()
        .into_iter()
        .map(|d| d.date)
        .collect()
}

impl Kiosk {
    /// The dates the citizen may choose for `official_id` (the booking form's date buttons).
    pub fn reception_dates(&self, official_id: &str) -> Result<Vec<NaiveDate>, AppError> {
        let cached = self.cached_catalog()?;
        Ok(offered_dates(&cached, official_id))
    }

    /// Books what `form` says for the citizen at the screen in session `generation` (the one the
    /// form was filled in), in their language and with their document, then wakes the printer
    /// (the notice is queued in the same transaction) and the sync task (so it goes up at once
    /// when online).
    pub async fn book(&self, form: BookingForm, generation: u32) -> Result<Booked, BookingRefusal> {
        let request = self.booking_request(&form, generation)?;
        self.book_request(request, generation).await
    }

    /// `form` checked as [`Kiosk::book`] would, for the citizen of session `generation`, and
    /// turned into what the store books. Writes nothing.
    fn booking_request(
        &self,
        form: &BookingForm,
        generation: u32,
    ) -> Result<BookingRequest, BookingRefusal> {
        let (citizen, language) = self
            .sessions
            .citizen(generation)
            .ok_or(BookingRefusal::NoCitizen)?;
        let address = match (&citizen.address, citizen.is_complete()) {
            (Some(address), true) => address.clone(),
            _ => return Err(BookingRefusal::AddressNotConfirmed),
        };
        let cached = self
            .cached_catalog()
            .map_err(|_| BookingRefusal::NoCatalog)?;
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
        let booking = validate_booking(form, &ctx).map_err(BookingRefusal::Invalid)?;
        Ok(BookingRequest {
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
        })
    }

    async fn book_request(
        &self,
        request: BookingRequest,
        generation: u32,
    ) -> Result<Booked, BookingRefusal> {
        let store = self.store.clone();
        let lease_request = request.clone();
        // The lease clock, not the wall clock: a clock set back must not stretch a lease (the
        // simulation's "lease spent after its end" is this mistake).
        let now = self.sync.clock.now();
        let from_lease = tokio::task::spawn_blocking(move || {
            store.lock().unwrap_or_else(|p| p.into_inner()).book(
                &lease_request,
                now,
                &BookingPolicy::default(),
            )
        })
        .await
        .map_err(task_failed)?;
        let booked = match from_lease {
            Ok(booked) => booked,
            // This kiosk holds no place for the day: online, the server may still have one.
            Err(BookError::NoLease { .. } | BookError::NoPlaceLeft { .. })
                if self.sync.status.borrow().online =>
            {
                self.book_direct(request).await?
            }
            Err(BookError::NoPlaceLeft {
                official_id,
                reception_date,
            }) => {
                return Err(BookingRefusal::PlaceGone {
                    official_id,
                    reception_date,
                })
            }
            Err(e) => return Err(e.into()),
        };
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

fn task_failed(e: tokio::task::JoinError) -> BookingRefusal {
    BookingRefusal::Store(BookError::Store(qebul_store::StoreError::Corrupt(format!(
        "the booking task failed: {e}"
    ))))
}

impl Kiosk {
    /// Books `request` on a place the server grants now (`place: direct`), then stores it: the
    /// number is taken first (a refused place leaves a gap in the numbering), the booking is
    /// written only once the server has it, already delivered. One retry with the same
    /// idempotency key, so a lost answer is not a second booking.
    async fn book_direct(&self, request: BookingRequest) -> Result<Booked, BookingRefusal> {
        let store = self.store.clone();
        let req = request.clone();
        let direct = tokio::task::spawn_blocking(move || {
            store
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .prepare_direct(&req, Utc::now(), &BookingPolicy::default())
        })
        .await
        .map_err(task_failed)??;
        let push = PushRequest {
            items: vec![PushItem {
                // Not an outbox entry yet: the server keeps the sequence for the receptionist only.
                seq: 0,
                idempotency_key: direct.idempotency_key(),
                booking: direct.wire.clone(),
            }],
        };
        let mut last_error = String::new();
        let mut outcome = None;
        for _ in 0..2 {
            match tokio::time::timeout(DIRECT_TIMEOUT, self.client.push(&push)).await {
                Ok(Ok(response)) => {
                    outcome = response.results.into_iter().next().map(|r| r.outcome);
                    break;
                }
                Ok(Err(e)) => last_error = e.to_string(),
                Err(_) => last_error = "the server did not answer in time".to_owned(),
            }
        }
        let (official_id, reception_date) = (request.official_id.clone(), request.reception_date);
        match outcome {
            Some(PushOutcome::Accepted | PushOutcome::Duplicate) => {
                let store = self.store.clone();
                tokio::task::spawn_blocking(move || {
                    store
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .record_direct(&request, &direct, Utc::now())
                })
                .await
                .map_err(task_failed)?
                .map_err(BookingRefusal::Store)
            }
            Some(PushOutcome::Refused { code, .. })
                if code == codes::NO_PLACE_LEFT || code == codes::NO_LEASE =>
            {
                Err(BookingRefusal::PlaceGone {
                    official_id,
                    reception_date,
                })
            }
            Some(PushOutcome::Refused { code, message }) => {
                Err(BookingRefusal::ServerRefused { code, message })
            }
            None => {
                tracing::warn!("a direct booking got no answer from the server: {last_error}");
                Err(BookingRefusal::Store(BookError::NoLease {
                    official_id,
                    reception_date,
                }))
            }
        }
    }
}

/// Above this many places, a date button does not count them.
const FEW_PLACES: u32 = 5;

impl Kiosk {
    /// What the booking form offers for `official_id`, in `lang`: the next reception dates (with
    /// the places this kiosk holds, and whether it can book them now), and the catalog's lists.
    pub async fn booking_options(
        &self,
        official_id: &str,
        lang: UiLang,
    ) -> Result<BookingOptions, AppError> {
        let cached = self.cached_catalog()?;
        let core_lang = lang.into();
        let official = cached
            .domain
            .officials
            .iter()
            .find(|o| o.id == official_id)
            .map(|o| official_row(o, lang))
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::CatalogInvalid,
                    format!("the catalog has no official {official_id:?}"),
                )
            })?;
        let dates = next_dates(&cached, official_id)?;
        let (store, id) = (self.store.clone(), official_id.to_owned());
        let days: Vec<NaiveDate> = dates.iter().map(|d| d.date).collect();
        let now = self.sync.clock.now();
        let places = tokio::task::spawn_blocking(move || {
            let store = store.lock().unwrap_or_else(|p| p.into_inner());
            days.iter()
                .map(|day| store.places_here(&id, *day, now))
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|e| AppError::new(ErrorCode::CatalogUnavailable, e.to_string()))?
        .map_err(|e| AppError::new(ErrorCode::CatalogUnavailable, e.to_string()))?;
        // Online, a day this kiosk holds no place for is booked on the server directly.
        let online = self.sync.status.borrow().online;
        let dates = dates
            .iter()
            .zip(places)
            .map(|(d, here)| DateOption {
                date: d.date.to_string(),
                label: qebul_core::text::long_date(d.date, core_lang),
                weekday: d.schedule.into(),
                shortened: d.shortened,
                // Only offline: online the server may hold many more than this kiosk does.
                places_left: here.filter(|n| *n <= FEW_PLACES && !online),
                bookable_here: here.is_some_and(|n| n > 0),
                bookable: here.is_some_and(|n| n > 0) || online,
            })
            .collect();
        let rows = |choices: &[qebul_protocol::catalog::Choice]| -> Vec<ChoiceRow> {
            choices
                .iter()
                .map(|c| ChoiceRow {
                    id: c.id.clone(),
                    name: localized(&c.name, core_lang),
                })
                .collect()
        };
        let mut privileges = rows(&cached.wire.privileges);
        // "İmtiyazım yoxdur" first, as most citizens choose it.
        privileges.sort_by_key(|c| c.id != NO_PRIVILEGE);
        Ok(BookingOptions {
            official,
            dates,
            topics: rows(&cached.wire.topics),
            social_statuses: rows(&cached.wire.social_statuses),
            privileges,
        })
    }

    /// [`Kiosk::book`] for the screen: the form as the UI sends it, and every refusal worded.
    pub async fn book_form(
        &self,
        form: BookingFormView,
        generation: u32,
    ) -> Result<BookedView, BookingError> {
        match self.book(form.into(), generation).await {
            Ok(booked) => Ok(BookedView {
                number: qebul_core::numbering::ApplicationNumber::new(booked.number)
                    .map(|n| n.displayed())
                    .unwrap_or_else(|_| booked.number.to_string()),
                booking_id: booked.id.hyphenated().to_string(),
                print_job: u32::try_from(booked.print_job).unwrap_or(u32::MAX),
            }),
            Err(refusal) => Err(booking_error(&refusal)),
        }
    }

    /// The form checked as "MƏLUMATLARI GÖNDƏR" would check it, without booking: the refused
    /// fields (none when it would go through to the store), or why it cannot be booked at all.
    // The error goes to the screen whole (serialised over IPC), once per tap: its size is moot.
    #[allow(clippy::result_large_err)]
    pub fn check_form(
        &self,
        form: BookingFormView,
        generation: u32,
    ) -> Result<Vec<FieldProblem>, BookingError> {
        match self.booking_request(&form.into(), generation) {
            Ok(_) => Ok(Vec::new()),
            Err(BookingRefusal::Invalid(errors)) => Ok(field_problems(&errors)),
            Err(refusal) => Err(booking_error(&refusal)),
        }
    }

    /// Where the notice of booking `booking_id` stands, for the screen that says it is printing.
    pub fn notice_status(&self, booking_id: &str) -> Result<NoticeStatusView, AppError> {
        let id = uuid::Uuid::parse_str(booking_id)
            .map_err(|e| AppError::new(ErrorCode::PrintQueue, format!("{booking_id:?}: {e}")))?;
        let job = self
            .store
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .print_job_for(id)
            .map_err(|e| AppError::new(ErrorCode::PrintQueue, e.to_string()))?
            .ok_or_else(|| {
                AppError::new(ErrorCode::PrintQueue, format!("no notice for booking {id}"))
            })?;
        use qebul_store::PrintState as S;
        let state = match job.state {
            S::Queued => NoticeState::Queued,
            S::Printing => NoticeState::Printing,
            S::Printed => NoticeState::Printed,
            // Never tried: held back when the session ended before its turn came.
            S::Failed if job.attempts == 0 => NoticeState::Held,
            S::Failed => NoticeState::Failed,
        };
        Ok(NoticeStatusView {
            job: u32::try_from(job.id).unwrap_or(u32::MAX),
            state,
        })
    }
}

/// The catalog's id of "İmtiyazım yoxdur".
pub(crate) const NO_PRIVILEGE: &str = "none";

pub(crate) fn localized(
    text: &qebul_protocol::catalog::LocalizedText,
    lang: qebul_core::Lang,
) -> String {
    match lang {
        qebul_core::Lang::Az => text.az.clone(),
        qebul_core::Lang::Ru => text.ru.clone().unwrap_or_else(|| text.az.clone()),
        qebul_core::Lang::En => text.en.clone().unwrap_or_else(|| text.az.clone()),
    }
}

fn form_field(field: qebul_core::validation::Field) -> FormField {
    use qebul_core::validation::Field as F;
    match field {
        F::Official => FormField::Official,
        F::ReceptionDate => FormField::ReceptionDate,
        F::Topic => FormField::Topic,
        F::SocialStatus => FormField::SocialStatus,
        F::Privilege => FormField::Privilege,
        F::Email => FormField::Email,
        F::Phone => FormField::Phone,
        F::Workplace => FormField::Workplace,
        F::Position => FormField::Position,
        F::Address => FormField::Address,
        // The form has no comment field; a comment is sent from the details screen.
        F::Note | F::Comment => FormField::Note,
    }
}

fn field_problems(errors: &[FieldError]) -> Vec<FieldProblem> {
    errors
        .iter()
        .map(|e| FieldProblem {
            field: form_field(e.field),
            code: e.code(),
            message: Worded::by(|lang| qebul_l10n::field_error(lang, e)),
        })
        .collect()
}

/// A refusal as the screen shows it: a code, the words in three languages, the fields.
fn booking_error(refusal: &BookingRefusal) -> BookingError {
    use qebul_l10n::msg;
    let simple = |code, m: msg::Msg| BookingError {
        code,
        message: Worded::by(|lang| qebul_l10n::message(lang, m, &[])),
        fields: Vec::new(),
        detail: refusal.to_string(),
    };
    match refusal {
        BookingRefusal::NoCitizen => simple(BookingErrorCode::NoCitizen, msg::BOOKING_NO_CITIZEN),
        BookingRefusal::AddressNotConfirmed => simple(
            BookingErrorCode::AddressNotConfirmed,
            msg::BOOKING_ADDRESS_NOT_CONFIRMED,
        ),
        BookingRefusal::NoCatalog => BookingError {
            code: BookingErrorCode::CatalogUnavailable,
            message: Worded::by(|lang| qebul_l10n::text(lang, "error-catalog-unavailable", &[])),
            fields: Vec::new(),
            detail: refusal.to_string(),
        },
        BookingRefusal::Invalid(errors) => BookingError {
            code: BookingErrorCode::Invalid,
            message: Worded::by(|lang| qebul_l10n::message(lang, msg::BOOKING_FORM_INVALID, &[])),
            fields: field_problems(errors),
            detail: refusal.to_string(),
        },
        BookingRefusal::Store(BookError::Policy(p)) => BookingError {
            code: BookingErrorCode::LimitReached,
            message: Worded::by(|lang| qebul_l10n::policy_refusal(lang, p)),
            fields: Vec::new(),
            detail: refusal.to_string(),
        },
        BookingRefusal::Store(
            e @ (BookError::NoLease { .. }
            | BookError::NoPlaceLeft { .. }
            | BookError::NoNumbersLeft),
        ) => BookingError {
            code: BookingErrorCode::NoPlaceHere,
            message: Worded::by(|lang| qebul_l10n::book_error(lang, e.code())),
            fields: Vec::new(),
            detail: refusal.to_string(),
        },
        BookingRefusal::PlaceGone { .. } => {
            simple(BookingErrorCode::PlaceGone, msg::BOOKING_PLACE_GONE)
        }
        BookingRefusal::ServerRefused { code, .. } if code == codes::POLICY => {
            simple(BookingErrorCode::LimitReached, msg::BOOKING_SERVER_POLICY)
        }
        BookingRefusal::ServerRefused { .. } => {
            simple(BookingErrorCode::NoPlaceHere, msg::BOOKING_SERVER_REFUSED)
        }
        BookingRefusal::Store(e) => BookingError {
            code: BookingErrorCode::StoreFailed,
            message: Worded::by(|lang| qebul_l10n::book_error(lang, e.code())),
            fields: Vec::new(),
            detail: refusal.to_string(),
        },
    }
}
