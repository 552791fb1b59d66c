//! Notices at the reception desk: find one to reprint (a scanned barcode, a number, a name or a
//! date), reprint it (marked "TƏKRAR ÇAP"), check a notice's QR seal, preview a notice as the
//! printer would draw it.

use base64::Engine as _;
use chrono::Utc;
use qebul_core::numbering::{ApplicationNumber, BarcodePayload, DayMonth};
use qebul_core::text::LooseQuery;
use qebul_core::time::baku_date;
use qebul_notice::{escpos, PaperWidth};
use qebul_printer::queue::{notice_for, NoticeContext};
use qebul_protocol::{NoticeSeal, SealError};
use qebul_store::{StoreError, StoredBooking};
use uuid::Uuid;

use super::views::{SealCheckView, SealVerdict, StaffNoticeRow};
use super::{short_name, shown_time, staff_error, store_failed};
use crate::views::{AppError, ApplicationStatusView, ErrorCode};
use crate::Kiosk;

/// The most rows a search answers.
const MAX_ROWS: usize = 20;

/// What a reprint search asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NoticeQuery {
    /// A notice's barcode, as scanned (`0304·0000061·0704`, or the 15 digits a wedge types).
    Barcode(BarcodePayload),
    Number(ApplicationNumber),
    Dates(qebul_core::search::DateRange),
    Name(String),
}

impl NoticeQuery {
    /// Digits (with the barcode's `·` or spaces between groups) are a barcode or a number; then
    /// a date in any format the history search takes; anything else a name.
    pub(crate) fn parse(text: &str, today: chrono::NaiveDate) -> Option<NoticeQuery> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let digits: String = text
            .chars()
            .filter(|c| !matches!(c, '·' | ' ' | '\u{a0}'))
            .collect();
        if digits.bytes().all(|b| b.is_ascii_digit()) {
            if digits.len() == BarcodePayload::LEN {
                return BarcodePayload::decode(&digits)
                    .ok()
                    .map(NoticeQuery::Barcode);
            }
            return digits.parse().ok().map(NoticeQuery::Number);
        }
        if let Ok(range) = qebul_core::search::parse_date(text, today) {
            return Some(NoticeQuery::Dates(range));
        }
        Some(NoticeQuery::Name(text.to_owned()))
    }
}

fn status_of(stored: &str) -> ApplicationStatusView {
    crate::applications::status_view(crate::applications::stored_status(stored))
}

fn displayed(number: u32) -> String {
    ApplicationNumber::new(number).map_or_else(|_| number.to_string(), |n| n.displayed())
}

fn parse_booking(id: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(id.trim())
        .map_err(|_| staff_error(ErrorCode::StaffNotFound, format!("no booking {id:?}")))
}

impl Kiosk {
    /// This kiosk's notices that `query` finds, newest reception date first, at most 20.
    pub async fn staff_find_notices(&self, query: &str) -> Result<Vec<StaffNoticeRow>, AppError> {
        let who = self.staff_active()?;
        let Some(query) = NoticeQuery::parse(query, baku_date(&Utc::now())) else {
            return Ok(Vec::new());
        };
        // A search shows citizens' names: who searched, for what kind of thing, is audited (the
        // text itself may be a name, so it is not kept).
        let kind = match &query {
            NoticeQuery::Barcode(_) => "barcode",
            NoticeQuery::Number(_) => "number",
            NoticeQuery::Dates(_) => "date",
            NoticeQuery::Name(_) => "name",
        };
        let found = self
            .staff_store(move |s| {
                let bookings: Vec<StoredBooking> = match &query {
                    NoticeQuery::Barcode(payload) => s
                        .booking_by_number(payload.number().get())?
                        .filter(|b| {
                            DayMonth::of(baku_date(&b.created_at)) == payload.created()
                                && DayMonth::of(b.reception_date) == payload.reception()
                        })
                        .into_iter()
                        .collect(),
                    NoticeQuery::Number(n) => s.booking_by_number(n.get())?.into_iter().collect(),
                    NoticeQuery::Dates(range) => {
                        s.bookings_between(range.first, range.last, MAX_ROWS)?
                    }
                    NoticeQuery::Name(name) => {
                        let loose = LooseQuery::new(name);
                        s.bookings_with_names()?
                            .into_iter()
                            .filter(|b| b.citizen_name.as_deref().is_some_and(|n| loose.matches(n)))
                            .take(MAX_ROWS)
                            .collect()
                    }
                };
                bookings
                    .into_iter()
                    .map(|b| {
                        let printed =
                            s.count_events(b.id, &["notice-printed", "notice-reprinted"])?;
                        Ok((b, printed))
                    })
                    .collect::<Result<Vec<_>, StoreError>>()
            })
            .await?;
        self.staff_audit(
            &who,
            "find-notices",
            None,
            Some(format!("by {kind}: {} found", found.len())),
        )
        .await?;
        let catalog = self.catalog.current();
        let official = |id: &str| {
            catalog
                .as_ref()
                .and_then(|c| c.officials.iter().find(|o| o.id == id))
                .map_or_else(|| id.to_owned(), |o| o.full_name.clone())
        };
        Ok(found
            .into_iter()
            .map(|(b, printed)| StaffNoticeRow {
                booking: b.id.hyphenated().to_string(),
                number: displayed(b.number),
                citizen: b
                    .citizen_name
                    .as_deref()
                    .map(short_name)
                    .unwrap_or_default(),
                official: official(&b.official_id),
                date: qebul_core::text::numeric_date(b.reception_date),
                times_printed: printed,
                status: status_of(&b.status),
            })
            .collect())
    }

    /// Queues the notice of `booking` again, marked as a reprint; audited with who. Returns the
    /// print job.
    pub async fn staff_reprint(&self, booking: &str) -> Result<u32, AppError> {
        let who = self.staff_active()?;
        let id = parse_booking(booking)?;
        let job = self
            .staff_store(move |s| match s.reprint(id, &who, Utc::now()) {
                Err(StoreError::InvalidTransition { job, state, .. }) => Ok(Err(format!(
                    "the notice is already in the queue (job {job} is {state})"
                ))),
                other => other.map(Ok),
            })
            .await?
            .map_err(|detail| staff_error(ErrorCode::PrintQueue, detail))?;
        self.wake_printer();
        Ok(u32::try_from(job.id).unwrap_or(u32::MAX))
    }

    /// What a scanned QR seal says: genuine when its signature holds under this kiosk's notice
    /// key; another kiosk's notice is asked of the central server (`POST /v1/notices/check`),
    /// which holds every kiosk's key; offline, it cannot be vouched for here.
    pub async fn staff_verify_seal(&self, text: &str) -> Result<SealCheckView, AppError> {
        let who = self.staff_active()?;
        let view = self.check_seal(text).await?;
        self.staff_audit(
            &who,
            "verify-seal",
            view.number.clone(),
            Some(format!(
                "{:?}{}",
                view.verdict,
                view.kiosk
                    .as_deref()
                    .map(|k| format!(" (kiosk {k})"))
                    .unwrap_or_default()
            )),
        )
        .await?;
        Ok(view)
    }

    async fn check_seal(&self, text: &str) -> Result<SealCheckView, AppError> {
        let empty = |verdict, reason: String| SealCheckView {
            verdict,
            kiosk: None,
            number: None,
            official: None,
            date: None,
            issued_at: None,
            reason: Some(reason),
        };
        let claimed = match NoticeSeal::read_unverified(text) {
            Ok(seal) => seal,
            Err(e) => return Ok(empty(SealVerdict::Unreadable, e.to_string())),
        };
        let official = self.catalog.current().and_then(|c| {
            c.officials
                .iter()
                .find(|o| o.id == claimed.official)
                .map(|o| o.full_name.clone())
        });
        let mut view = SealCheckView {
            verdict: SealVerdict::Genuine,
            kiosk: Some(claimed.kiosk.clone()),
            number: Some(claimed.number.clone()),
            official,
            date: Some(qebul_core::text::numeric_date(claimed.reception_date)),
            issued_at: None,
            reason: None,
        };
        let Some(printing) = self
            .printing
            .as_ref()
            .filter(|p| p.kiosk_id == claimed.kiosk)
        else {
            // Another kiosk's notice (or this kiosk holds no notice key): the server knows
            // every kiosk's key.
            return Ok(self.check_seal_at_server(text, view).await);
        };
        match NoticeSeal::verify(text, &printing.seal_key.verifying_key()) {
            Ok(seal) => {
                let booking = self.staff_store(move |s| s.booking(seal.booking)).await?;
                view.issued_at = booking.map(|b| shown_time(b.created_at));
            }
            Err(e @ SealError::BadSignature { .. }) => {
                view.verdict = SealVerdict::Forged;
                view.reason = Some(e.to_string());
            }
            Err(e) => {
                view.verdict = SealVerdict::Unreadable;
                view.reason = Some(e.to_string());
            }
        }
        Ok(view)
    }

    /// Asks the central server about a seal this kiosk cannot check itself; offline, says so.
    async fn check_seal_at_server(&self, text: &str, mut view: SealCheckView) -> SealCheckView {
        use qebul_protocol::api::NoticeVerdict;
        match self.client.check_notice(text).await {
            Ok(check) => {
                view.verdict = match check.verdict {
                    NoticeVerdict::Genuine => SealVerdict::Genuine,
                    NoticeVerdict::Forged => SealVerdict::Forged,
                    NoticeVerdict::Unreadable => SealVerdict::Unreadable,
                    NoticeVerdict::UnknownKiosk | NoticeVerdict::NoKey => SealVerdict::UnknownKiosk,
                };
                if let (Some(id), Some(name)) = (&check.kiosk, &check.kiosk_name) {
                    view.kiosk = Some(format!("{name} ({id})"));
                }
                view.reason = match (check.on_server, check.reason) {
                    (_, Some(reason)) => Some(reason),
                    (Some(on_server), None) if !on_server.matches => Some(
                        "the seal is genuine, but the server holds this booking with other \
                         details (number, day or official)"
                            .into(),
                    ),
                    _ => None,
                };
            }
            Err(e) => {
                view.verdict = SealVerdict::UnknownKiosk;
                view.reason = Some(format!(
                    "this notice names kiosk {}, not this one, and the central server, which \
                     checks other kiosks' notices, cannot be asked now: {e}",
                    view.kiosk.as_deref().unwrap_or("?")
                ));
            }
        }
        view
    }

    /// The notice of `booking` as the printer would draw it: the notice, its ESC/POS bytes, and
    /// those bytes decoded back, as a `data:image/png;base64,…` URL.
    pub async fn staff_notice_preview(&self, booking: &str) -> Result<String, AppError> {
        let who = self.staff_active()?;
        let id = parse_booking(booking)?;
        let stored = self
            .staff_store(move |s| {
                s.booking(id)?
                    .ok_or_else(|| StoreError::NotFound(format!("booking {id}")))
            })
            .await?;
        let printing = self.printing.clone().ok_or_else(|| {
            staff_error(
                ErrorCode::PrintQueue,
                "this kiosk has no printer configured",
            )
        })?;
        let catalog = self.cached_catalog()?;
        let png = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
            let ctx = NoticeContext {
                catalog: &catalog.domain,
                kiosk_id: &printing.kiosk_id,
                seal_key: &printing.seal_key,
            };
            let notice = notice_for(&stored, false, &ctx, Utc::now()).map_err(|e| e.to_string())?;
            let bitmap =
                qebul_notice::render(&notice, PaperWidth::Mm80).map_err(|e| e.to_string())?;
            let bytes = escpos::encode(&bitmap, &escpos::EncodeOptions::default());
            let page = escpos::decode(&bytes)
                .map_err(|e| e.to_string())?
                .into_iter()
                .next()
                .ok_or("the notice's ESC/POS bytes hold no page")?;
            page.to_png().map_err(|e| e.to_string())
        })
        .await
        .map_err(store_failed)?
        .map_err(|detail| staff_error(ErrorCode::PrintQueue, detail))?;
        self.staff_audit(&who, "notice-preview", Some(id.to_string()), None)
            .await?;
        Ok(format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(png)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    #[test]
    fn a_scan_a_number_a_date_and_a_name_are_told_apart() {
        let barcode = BarcodePayload::decode("030400000610704").unwrap();
        for scanned in [
            "030400000610704",
            "0304·0000061·0704",
            " 0304 0000061 0704\n",
        ] {
            assert_eq!(
                NoticeQuery::parse(scanned, today()),
                Some(NoticeQuery::Barcode(barcode)),
                "{scanned:?}"
            );
        }
        let n61 = Some(NoticeQuery::Number(ApplicationNumber::new(61).unwrap()));
        for typed in ["61", "0000061", "10000061"] {
            assert_eq!(NoticeQuery::parse(typed, today()), n61, "{typed:?}");
        }
        assert!(matches!(
            NoticeQuery::parse("07.04.2015", today()),
            Some(NoticeQuery::Dates(r)) if r.first == NaiveDate::from_ymd_opt(2015, 4, 7).unwrap()
        ));
        assert!(matches!(
            NoticeQuery::parse("aprel 2015", today()),
            Some(NoticeQuery::Dates(r)) if r.last == NaiveDate::from_ymd_opt(2015, 4, 30).unwrap()
        ));
        assert_eq!(
            NoticeQuery::parse("Abdullayeva", today()),
            Some(NoticeQuery::Name("Abdullayeva".into()))
        );
        assert_eq!(NoticeQuery::parse("   ", today()), None);
        // Fifteen digits that are no barcode (a 31st of February) find nothing.
        assert_eq!(NoticeQuery::parse("310200000610704", today()), None);
    }
}
