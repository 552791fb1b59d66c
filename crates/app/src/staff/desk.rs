//! The reception desk's lists: today's and tomorrow's bookings per official, and the work that
//! has not reached the server (with "sync now" and resolving a refusal).

use chrono::Utc;
use qebul_core::numbering::ApplicationNumber;
use qebul_core::time::baku_date;
use qebul_core::Lang;
use qebul_store::{AuditEntry, StoreError, WorkItem, WorkKind};
use uuid::Uuid;

use super::views::{
    DayBooking, DayChoice, DayListView, DayOfficial, RefusedItem, UnsentItem, UnsentKind,
    UnsentView,
};
use super::{short_name, shown_time, staff_error};
use crate::views::{AppError, ErrorCode};
use crate::Kiosk;

/// The longest note on a resolved refusal, in characters.
pub const MAX_NOTE: usize = 500;

fn kind(kind: WorkKind) -> UnsentKind {
    match kind {
        WorkKind::Booking => UnsentKind::Booking,
        WorkKind::Cancel => UnsentKind::Cancellation,
        WorkKind::Comment => UnsentKind::Comment,
        WorkKind::Arrival => UnsentKind::CheckIn,
    }
}

fn number(n: Option<u32>) -> String {
    n.and_then(|n| ApplicationNumber::new(n).ok())
        .map(|n| n.displayed())
        .unwrap_or_default()
}

/// The note on a resolved refusal, trimmed: 1 to [`MAX_NOTE`] characters.
pub(crate) fn valid_note(note: &str) -> Option<&str> {
    let note = note.trim();
    (!note.is_empty() && note.chars().count() <= MAX_NOTE).then_some(note)
}

impl Kiosk {
    /// Today's or tomorrow's bookings made here (Baku dates), per official in the catalog's
    /// order, with who has checked in.
    pub async fn staff_day_list(&self, day: DayChoice) -> Result<DayListView, AppError> {
        let who = self.staff_active()?;
        let today = baku_date(&Utc::now());
        let date = match day {
            DayChoice::Today => today,
            DayChoice::Tomorrow => today.succ_opt().unwrap_or(today),
        };
        let rows = self
            .staff_store(move |s| {
                s.bookings_on(date)?
                    .into_iter()
                    .map(|b| Ok((s.count_events(b.id, &["arrived"])? > 0, b)))
                    .collect::<Result<Vec<_>, StoreError>>()
            })
            .await?;
        let catalog = self.catalog.current();
        let mut officials: Vec<(usize, String, DayOfficial)> = Vec::new();
        for (arrived, b) in rows {
            let entry = match officials.iter_mut().find(|(_, id, _)| *id == b.official_id) {
                Some(entry) => entry,
                None => {
                    let known = catalog.as_ref().and_then(|c| {
                        c.officials
                            .iter()
                            .enumerate()
                            .find(|(_, o)| o.id == b.official_id)
                    });
                    officials.push((
                        known.map_or(usize::MAX, |(i, _)| i),
                        b.official_id.clone(),
                        DayOfficial {
                            official: known.map_or_else(
                                || b.official_id.clone(),
                                |(_, o)| o.full_name.clone(),
                            ),
                            room: known.and_then(|(_, o)| {
                                o.room.as_ref().map(|r| r.get(Lang::Az).to_owned())
                            }),
                            bookings: Vec::new(),
                        },
                    ));
                    officials.last_mut().ok_or_else(|| {
                        staff_error(ErrorCode::Session, "the day list lost an official")
                    })?
                }
            };
            entry.2.bookings.push(DayBooking {
                number: number(Some(b.number)),
                citizen: b
                    .citizen_name
                    .as_deref()
                    .map(short_name)
                    .unwrap_or_default(),
                checked_in: arrived,
                cancelled: b.status == "cancelled",
            });
        }
        officials.sort_by_key(|(order, id, _)| (*order, id.clone()));
        self.staff_audit(&who, "day-list", Some(date.to_string()), None)
            .await?;
        Ok(DayListView {
            date: qebul_core::text::numeric_date(date),
            officials: officials.into_iter().map(|(_, _, o)| o).collect(),
        })
    }

    /// What has not reached the server, what it refused (not resolved yet), and the sync status.
    pub async fn staff_unsent(&self) -> Result<UnsentView, AppError> {
        self.staff_viewing()?;
        let (unsent, refused) = self
            .staff_store(|s| Ok((s.unsent_work()?, s.refused_work()?)))
            .await?;
        let sync = self.sync_view();
        // A booking's push fails as a whole round (the server unreachable): the round's error
        // is its error until it has one of its own.
        let round_error = (!sync.online).then(|| sync.last_error.clone()).flatten();
        Ok(UnsentView {
            items: unsent
                .into_iter()
                .map(|w: WorkItem| UnsentItem {
                    kind: kind(w.kind),
                    number: number(w.number),
                    since: shown_time(w.at),
                    attempts: w.attempts,
                    last_error: w.last_error.or_else(|| round_error.clone()),
                })
                .collect(),
            refused: refused
                .into_iter()
                .map(|w| RefusedItem {
                    id: w.key.hyphenated().to_string(),
                    kind: kind(w.kind),
                    number: number(w.number),
                    refused_at: shown_time(w.at),
                    reason: w.last_error.unwrap_or_default(),
                })
                .collect(),
            sync,
        })
    }

    /// "Sync now": a sync round at once, even while the sync task backs off.
    pub async fn staff_sync_now(&self) -> Result<(), AppError> {
        let who = self.staff_active()?;
        self.staff_audit(&who, "sync-now", None, None).await?;
        self.sync.retry_now();
        Ok(())
    }

    /// Records how the refused push `id` (its idempotency key) was resolved: it no longer counts
    /// as refused; the audit log keeps who, when and `note`.
    pub async fn staff_resolve_refused(&self, id: &str, note: &str) -> Result<(), AppError> {
        let who = self.staff_active()?;
        let note = valid_note(note)
            .ok_or_else(|| {
                staff_error(
                    ErrorCode::StaffNoteInvalid,
                    format!("the note must be 1 to {MAX_NOTE} characters"),
                )
            })?
            .to_owned();
        let key = Uuid::parse_str(id.trim()).map_err(|_| {
            staff_error(ErrorCode::StaffNotFound, format!("no refused entry {id:?}"))
        })?;
        let audit = AuditEntry::new(Utc::now(), &who, "resolve-refused")
            .subject(key.hyphenated().to_string())
            .detail(note.clone());
        self.staff_store(move |s| s.resolve_refused(key, &note, &audit))
            .await?;
        // The sync status counts refusals at the end of a round: one now shows the change.
        self.sync.retry_now();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_one_to_five_hundred_characters_trimmed() {
        assert_eq!(
            valid_note("  called the citizen "),
            Some("called the citizen")
        );
        assert_eq!(valid_note("   "), None);
        assert_eq!(valid_note(""), None);
        let long = "ə".repeat(MAX_NOTE);
        assert_eq!(valid_note(&long), Some(long.as_str()));
        assert_eq!(valid_note(&format!("{long}ə")), None);
    }
}
