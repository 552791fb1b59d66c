//! Checking in on the reception day (beyond the portal): a citizen inserts their card, or scans
//! their notice's barcode at the welcome screen, and is told they are checked in, where to go
//! and their place in the official's line. The arrival is queued like the other actions
//! (durable first, sent at once online); a second check-in records nothing new.

use chrono::Utc;
use qebul_core::numbering::{ApplicationNumber, BarcodePayload, DayMonth};
use qebul_core::time::baku_date;
use qebul_protocol::api::{ArrivalOutcome, ArrivalRequest, BookingStatus};
use qebul_store::ActionRequest;
use qebul_sync::ActionAnswer;
use uuid::Uuid;

use crate::applications::{citizen_error, dmy};
use crate::kiosk::official_row;
use crate::views::{
    CheckInOutcome, CheckInRow, CheckInView, CitizenError, CitizenErrorCode, UiLang,
};
use crate::Kiosk;

/// A booking the kiosk can vouch for (its own, or one in the server's history of the card).
struct Vouched {
    booking: Uuid,
    official_id: String,
    reception_date: chrono::NaiveDate,
    status: BookingStatus,
    /// Made here: its arrival is also written in the local timeline.
    here: bool,
}

impl Kiosk {
    fn check_in_row(
        &self,
        outcome: CheckInOutcome,
        number: Option<u32>,
        official_id: Option<&str>,
        reception_date: Option<chrono::NaiveDate>,
        lang: UiLang,
    ) -> CheckInRow {
        let cached = self.catalog.cached();
        let official = official_id.and_then(|id| {
            cached
                .as_deref()
                .and_then(|c| c.domain.officials.iter().find(|o| o.id == id))
        });
        CheckInRow {
            outcome,
            number: number
                .and_then(|n| ApplicationNumber::new(n).ok())
                .map(|n| n.displayed()),
            official: official.map(|o| official_row(o, lang)),
            room: official
                .and_then(|o| o.room.as_ref())
                .map(|r| r.get(lang.into()).to_owned()),
            reception_date: reception_date.map(dmy),
            place_in_line: None,
            queued: false,
        }
    }

    /// The citizen of session `generation` checks in for every booking they have today (none:
    /// an empty answer, and the screen goes on to booking).
    pub async fn check_in_card(
        &self,
        generation: u32,
        lang: UiLang,
    ) -> Result<CheckInView, CitizenError> {
        let today = baku_date(&Utc::now());
        let fetched = self.fetched(generation).await?;
        let mut rows = Vec::new();
        for app in fetched.apps.iter().filter(|a| {
            a.wire.reception_date == today
                && matches!(a.status, BookingStatus::Booked | BookingStatus::InReview)
        }) {
            let payload = BarcodePayload::new(
                ApplicationNumber::new(app.wire.application_number)
                    .map_err(|e| citizen_error(CitizenErrorCode::Failed, e.to_string()))?,
                baku_date(&app.wire.created_at),
                app.wire.reception_date,
            );
            let vouched = Vouched {
                booking: app.wire.booking_id,
                official_id: app.wire.official_id.clone(),
                reception_date: app.wire.reception_date,
                status: app.status,
                here: app.made_here,
            };
            rows.push(self.arrive(&payload, Some(vouched), lang).await?);
        }
        Ok(CheckInView { rows })
    }

    /// Someone scans a notice's barcode (a keyboard-wedge scanner types its 15 digits).
    pub async fn check_in_barcode(
        &self,
        text: &str,
        lang: UiLang,
    ) -> Result<CheckInView, CitizenError> {
        let payload = BarcodePayload::decode(text)
            .map_err(|e| citizen_error(CitizenErrorCode::BarcodeUnreadable, e.to_string()))?;
        let number = payload.number().get();
        let local = self.on_store(move |s| s.booking_by_number(number)).await?;
        let vouched = local
            .filter(|b| {
                DayMonth::of(baku_date(&b.created_at)) == payload.created()
                    && DayMonth::of(b.reception_date) == payload.reception()
            })
            .map(|b| Vouched {
                booking: b.id,
                official_id: b.official_id.clone(),
                reception_date: b.reception_date,
                status: match b.status.as_str() {
                    "cancelled" => BookingStatus::Cancelled,
                    "closed" => BookingStatus::Closed,
                    _ => BookingStatus::Booked,
                },
                here: true,
            });
        let row = self.arrive(&payload, vouched, lang).await?;
        Ok(CheckInView { rows: vec![row] })
    }

    /// Checks in the booking `payload` names. A booking the kiosk can vouch for is judged here
    /// first (cancelled, another day) and its arrival queued; any other is asked of the server.
    async fn arrive(
        &self,
        payload: &BarcodePayload,
        vouched: Option<Vouched>,
        lang: UiLang,
    ) -> Result<CheckInRow, CitizenError> {
        let now = Utc::now();
        let today = baku_date(&now);
        let number = Some(payload.number().get());
        let request = ArrivalRequest {
            idempotency_key: Uuid::now_v7(),
            barcode: payload.encode(),
            at: now,
        };
        let Some(v) = vouched else {
            // Not a booking this kiosk knows: only the server can say.
            if !self.sync.status.borrow().online {
                return Ok(self.check_in_row(CheckInOutcome::Unverified, number, None, None, lang));
            }
            let asked = tokio::time::timeout(
                std::time::Duration::from_secs(6),
                self.client.arrival(&request),
            )
            .await;
            return Ok(match asked {
                Ok(Ok(outcome)) => self.outcome_row(outcome, number, lang),
                Ok(Err(e)) => {
                    tracing::warn!("a check-in could not be verified: {e}");
                    self.check_in_row(CheckInOutcome::Unverified, number, None, None, lang)
                }
                Err(_) => self.check_in_row(CheckInOutcome::Unverified, number, None, None, lang),
            });
        };
        let row = |outcome| {
            self.check_in_row(
                outcome,
                number,
                Some(&v.official_id),
                Some(v.reception_date),
                lang,
            )
        };
        if v.status == BookingStatus::Cancelled {
            return Ok(row(CheckInOutcome::Cancelled));
        }
        if v.reception_date != today {
            return Ok(row(CheckInOutcome::OtherDay));
        }
        let first = if v.here {
            let id = v.booking;
            self.on_store(move |s| s.record_local_arrival(id, now))
                .await?
        } else {
            true
        };
        let answer = if first {
            self.queue_and_send(v.booking, ActionRequest::Arrival(request))
                .await?
        } else if self.sync.status.borrow().online {
            // Checked in before: ask again only for the place in line (nothing is recorded).
            tokio::time::timeout(
                std::time::Duration::from_secs(6),
                self.client.arrival(&request),
            )
            .await
            .ok()
            .and_then(Result::ok)
            .map(|o| ActionAnswer::Done(Some(o)))
        } else {
            None
        };
        let mut r = row(if first {
            CheckInOutcome::CheckedIn
        } else {
            CheckInOutcome::AlreadyCheckedIn
        });
        match answer {
            Some(ActionAnswer::Done(Some(ArrivalOutcome::CheckedIn {
                place_in_line,
                first: server_first,
                ..
            }))) => {
                r.place_in_line = Some(place_in_line);
                if !server_first {
                    r.outcome = CheckInOutcome::AlreadyCheckedIn;
                }
            }
            Some(ActionAnswer::Done(Some(other))) => {
                return Ok(self.outcome_row(other, number, lang))
            }
            Some(_) => {}
            None => r.queued = first,
        }
        Ok(r)
    }

    fn outcome_row(
        &self,
        outcome: ArrivalOutcome,
        number: Option<u32>,
        lang: UiLang,
    ) -> CheckInRow {
        match outcome {
            ArrivalOutcome::CheckedIn {
                official_id,
                reception_date,
                place_in_line,
                first,
                ..
            } => {
                let kind = if first {
                    CheckInOutcome::CheckedIn
                } else {
                    CheckInOutcome::AlreadyCheckedIn
                };
                let mut r =
                    self.check_in_row(kind, number, Some(&official_id), Some(reception_date), lang);
                r.place_in_line = Some(place_in_line);
                r
            }
            ArrivalOutcome::OtherDay {
                official_id,
                reception_date,
                ..
            } => self.check_in_row(
                CheckInOutcome::OtherDay,
                number,
                Some(&official_id),
                Some(reception_date),
                lang,
            ),
            ArrivalOutcome::Cancelled {
                official_id,
                reception_date,
                ..
            } => self.check_in_row(
                CheckInOutcome::Cancelled,
                number,
                Some(&official_id),
                Some(reception_date),
                lang,
            ),
            ArrivalOutcome::Unknown => {
                self.check_in_row(CheckInOutcome::Unknown, None, None, None, lang)
            }
        }
    }
}
