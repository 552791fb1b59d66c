//! The citizen's applications (seed Şəkil 8–10): the history of the citizen whose card is in
//! the reader, its search, one application's details and timeline, a comment, a cancellation,
//! and printing the notice again.
//!
//! Online, the history is the server's (every kiosk of the authority), merged with this kiosk's
//! applications not yet sent; offline, this kiosk's own. It is fetched once per session and
//! searched here, so a citizen's searches cost the server nothing (it rate-limits histories).
//! A comment or a cancellation is queued in the store first (durable), then sent at once when
//! the kiosk is online; otherwise the sync task sends it when the connection returns, and the
//! screens show it as not yet sent ("cancelling").

use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use qebul_core::search::{parse_date, HistoryEntry, HistoryQuery, StatusFilter};
use qebul_core::text::{mask_document, LooseQuery};
use qebul_core::time::baku_date;
use qebul_protocol::api::{
    codes, Application, ApplicationEvent, BookingStatus, BookingWire, CancelRequest, CitizenProof,
    CitizenWire, CommentRequest, EventKind, HistoryRequest, PlaceSource, MAX_COMMENT_CHARS,
};
use qebul_store::{ActionRecord, ActionRequest, ActionState, CitizenAction, StoredBooking};
use qebul_sync::ActionAnswer;
use uuid::Uuid;

use crate::catalog::Cached;
use crate::views::{
    ApplicationRow, ApplicationStatusView, ApplicationView, CitizenError, CitizenErrorCode,
    HistoryQueryView, HistorySource, HistoryView, NoticeState, NoticeStatusView, StatusFilterView,
    TimelineKind, TimelineRow, UiLang, Worded,
};
use crate::Kiosk;

/// How long the citizen waits for the server's history or for an action to go through.
const SERVER_WAIT: Duration = Duration::from_secs(6);
/// When the sync task may send an action a screen is sending itself (so they do not race).
/// Within the store's `LONGEST_ACTION_DELAY`, or the task would take it as a time set by a
/// clock that was ahead, and send it at once (a test holds this).
const SCREEN_SENDS_FIRST: chrono::TimeDelta = chrono::TimeDelta::seconds(30);

/// One application as the kiosk knows it: from the server's history, or from its own store.
#[derive(Debug, Clone)]
pub(crate) struct Known {
    pub wire: BookingWire,
    pub status: BookingStatus,
    /// The server's timeline, or the store's for an application only known here.
    pub events: Vec<ApplicationEvent>,
    /// Made at this kiosk (it has the print job).
    pub made_here: bool,
    /// Made here and not yet on the server.
    pub not_sent: bool,
}

/// The history of one session: the server's answer (kept, as the server rate-limits histories)
/// merged with what this kiosk holds now (read again every time).
#[derive(Debug, Clone)]
pub(crate) struct Fetched {
    pub source: HistorySource,
    pub apps: Vec<Known>,
}

/// The server's answer for one session.
#[derive(Debug, Clone)]
struct ServerHistory {
    generation: u32,
    at: DateTime<Utc>,
    applications: Vec<Application>,
}

/// The last server history fetched: forgotten when the session ends, after an action, and
/// when the sync task has settled an action since.
#[derive(Debug, Default)]
pub(crate) struct HistoryCache(Mutex<Option<ServerHistory>>);

impl HistoryCache {
    fn get(&self, generation: u32, settled: Option<DateTime<Utc>>) -> Option<ServerHistory> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .filter(|f| f.generation == generation && settled.is_none_or(|s| s < f.at))
    }

    fn put(&self, fetched: ServerHistory) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(fetched);
    }

    pub(crate) fn forget(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

pub(crate) fn citizen_error(code: CitizenErrorCode, detail: impl Into<String>) -> CitizenError {
    use qebul_l10n::msg;
    let m = match code {
        CitizenErrorCode::CardNeeded => msg::CITIZEN_CARD_NEEDED,
        CitizenErrorCode::NotFound => msg::CITIZEN_NOT_FOUND,
        CitizenErrorCode::Mismatch => msg::CITIZEN_MISMATCH,
        CitizenErrorCode::NotCancellable => msg::CITIZEN_NOT_CANCELLABLE,
        CitizenErrorCode::AlreadyPrinting => msg::CITIZEN_ALREADY_PRINTING,
        CitizenErrorCode::PrintElsewhere => msg::CITIZEN_PRINT_ELSEWHERE,
        CitizenErrorCode::BarcodeUnreadable => msg::CHECKIN_BARCODE_UNREADABLE,
        CitizenErrorCode::Search | CitizenErrorCode::CommentInvalid | CitizenErrorCode::Failed => {
            msg::CITIZEN_FAILED
        }
    };
    CitizenError {
        code,
        message: Worded::by(|lang| qebul_l10n::message(lang, m, &[])),
        detail: detail.into(),
    }
}

fn failed(e: impl std::fmt::Display) -> CitizenError {
    citizen_error(CitizenErrorCode::Failed, e.to_string())
}

/// `dd.mm.yyyy HH:MM` in Baku.
fn baku_minute(at: &DateTime<Utc>) -> String {
    qebul_core::time::baku_timestamp(at)
}

pub(crate) fn dmy(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

fn status_class(status: ApplicationStatusView) -> StatusFilter {
    match status {
        ApplicationStatusView::Booked
        | ApplicationStatusView::InReview
        | ApplicationStatusView::Cancelling => StatusFilter::Active,
        ApplicationStatusView::Closed => StatusFilter::Closed,
        ApplicationStatusView::Cancelled => StatusFilter::Cancelled,
    }
}

pub(crate) fn status_view(status: BookingStatus) -> ApplicationStatusView {
    match status {
        BookingStatus::Booked => ApplicationStatusView::Booked,
        BookingStatus::InReview => ApplicationStatusView::InReview,
        BookingStatus::Closed => ApplicationStatusView::Closed,
        BookingStatus::Cancelled => ApplicationStatusView::Cancelled,
    }
}

/// The store's status names (`held` is "Baxılır").
pub(crate) fn stored_status(status: &str) -> BookingStatus {
    match status {
        "held" => BookingStatus::InReview,
        "closed" => BookingStatus::Closed,
        "cancelled" => BookingStatus::Cancelled,
        _ => BookingStatus::Booked,
    }
}

impl From<StatusFilterView> for StatusFilter {
    fn from(s: StatusFilterView) -> Self {
        match s {
            StatusFilterView::Active => StatusFilter::Active,
            StatusFilterView::Closed => StatusFilter::Closed,
            StatusFilterView::Cancelled => StatusFilter::Cancelled,
        }
    }
}

/// A booking of this store as the history shows it, with its local timeline.
fn known_from_store(
    b: StoredBooking,
    timeline: Vec<qebul_store::TimelineEntry>,
    comments: Vec<qebul_store::StoredComment>,
) -> Known {
    let status = stored_status(&b.status);
    let mut events: Vec<ApplicationEvent> = timeline
        .into_iter()
        .filter_map(|t| {
            let kind = match t.kind.as_str() {
                "status_changed" => EventKind::StatusChanged,
                "reply" => EventKind::Reply,
                "cancelled" => EventKind::Cancelled,
                "arrived" => EventKind::Arrived,
                // `booked` and `received`: the application itself, shown as "applied".
                _ => return None,
            };
            Some(ApplicationEvent {
                at: t.at,
                kind,
                status,
                text: t.detail.filter(|_| kind == EventKind::Reply),
            })
        })
        .collect();
    events.extend(comments.into_iter().map(|c| ApplicationEvent {
        at: c.at,
        kind: EventKind::Comment,
        status,
        text: Some(c.body),
    }));
    events.sort_by_key(|e| e.at);
    let not_sent = b.acknowledged_at.is_none();
    Known {
        wire: BookingWire {
            booking_id: b.id,
            application_number: b.number,
            official_id: b.official_id,
            reception_date: b.reception_date,
            created_at: b.created_at,
            place: PlaceSource::Lease,
            topic_id: b.topic_id,
            social_status_id: b.social_status_id,
            privilege_id: b.privilege_id,
            citizen: CitizenWire {
                fin: b.citizen_fin.unwrap_or_default(),
                name: b.citizen_name.unwrap_or_default(),
                document_number: b.document_number.unwrap_or_default(),
                birth_date: b.birth_date,
                phone: b.phone.unwrap_or_default(),
                email: b.email,
                workplace: b.workplace.unwrap_or_default(),
                position: b.position.unwrap_or_default(),
                address: b.address.unwrap_or_default(),
                note: b.note.unwrap_or_default(),
            },
        },
        status,
        events,
        made_here: true,
        not_sent,
    }
}

/// The server's applications and this kiosk's, one entry per booking, newest first.
fn merge(server: Vec<Application>, local: Vec<Known>) -> Vec<Known> {
    let mut apps: Vec<Known> = server
        .into_iter()
        .map(|a| {
            let here = local
                .iter()
                .any(|l| l.wire.booking_id == a.booking.booking_id);
            Known {
                wire: a.booking,
                status: a.status,
                events: a.events,
                made_here: here,
                not_sent: false,
            }
        })
        .collect();
    for l in local {
        if !apps.iter().any(|a| a.wire.booking_id == l.wire.booking_id) {
            apps.push(l);
        }
    }
    apps.sort_by(|a, b| {
        (b.wire.created_at, b.wire.application_number)
            .cmp(&(a.wire.created_at, a.wire.application_number))
    });
    apps
}

/// What the actions queued here change in what the server said.
struct Pending {
    cancelling: bool,
    checked_in: bool,
    rows: Vec<TimelineRow>,
}

fn pending(actions: &[ActionRecord], status: BookingStatus) -> Pending {
    let mut p = Pending {
        cancelling: false,
        checked_in: false,
        rows: Vec::new(),
    };
    for a in actions {
        let queued = a.state == ActionState::Queued;
        let refused = matches!(a.state, ActionState::Refused { .. });
        match (a.kind.as_str(), queued) {
            ("cancel", true) if status != BookingStatus::Cancelled => p.cancelling = true,
            ("arrival", true) => p.checked_in = true,
            _ => {}
        }
        let kind = match a.kind.as_str() {
            "comment" => TimelineKind::Comment,
            "cancel" => TimelineKind::Cancelled,
            _ => TimelineKind::Arrived,
        };
        if queued || refused {
            p.rows.push(TimelineRow {
                at: baku_minute(&a.created_at),
                kind,
                status: None,
                text: a.text.clone(),
                by_citizen: kind == TimelineKind::Comment,
                not_sent: queued,
                refused,
            });
        }
    }
    p
}

fn row(app: &Known, cached: Option<&Cached>, lang: UiLang, pending: &Pending) -> ApplicationRow {
    let official = cached.and_then(|c| {
        c.domain
            .officials
            .iter()
            .find(|o| o.id == app.wire.official_id)
    });
    let status = if pending.cancelling {
        ApplicationStatusView::Cancelling
    } else {
        status_view(app.status)
    };
    ApplicationRow {
        booking_id: app.wire.booking_id.hyphenated().to_string(),
        number: qebul_core::numbering::ApplicationNumber::new(app.wire.application_number)
            .map(|n| n.displayed())
            .unwrap_or_else(|_| app.wire.application_number.to_string()),
        official_id: app.wire.official_id.clone(),
        official_position: official
            .map(|o| o.position.get(lang.into()).to_owned())
            .unwrap_or_default(),
        official_name: official
            .map(|o| o.full_name.clone())
            .unwrap_or_else(|| app.wire.official_id.clone()),
        applied_at: baku_minute(&app.wire.created_at),
        reception_date: dmy(app.wire.reception_date),
        status,
        not_sent: app.not_sent,
        checked_in: pending.checked_in || app.events.iter().any(|e| e.kind == EventKind::Arrived),
    }
}

impl Kiosk {
    /// The proof the server asks for: the FİN and document of the card in the reader, for
    /// session `generation` only.
    pub(crate) fn card_proof(&self, generation: u32) -> Result<CitizenProof, CitizenError> {
        let (citizen, _) = self.sessions.citizen(generation).ok_or_else(|| {
            citizen_error(CitizenErrorCode::CardNeeded, "no citizen in this session")
        })?;
        let fin = citizen.fin.ok_or_else(|| {
            citizen_error(CitizenErrorCode::CardNeeded, "the document carries no FİN")
        })?;
        Ok(CitizenProof {
            fin,
            document_number: citizen.document_number,
        })
    }

    /// Runs `f` on the store on the blocking pool.
    pub(crate) async fn on_store<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut qebul_store::Store) -> Result<T, qebul_store::StoreError> + Send + 'static,
    ) -> Result<T, CitizenError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(&mut store.lock().unwrap_or_else(|p| p.into_inner())))
            .await
            .map_err(failed)?
            .map_err(failed)
    }

    fn online(&self) -> bool {
        self.sync.status.borrow().online
    }

    /// The history of the citizen of session `generation`: the server's (asked once per
    /// session, and again after an action) merged with this kiosk's records as they are now.
    pub(crate) async fn fetched(&self, generation: u32) -> Result<Fetched, CitizenError> {
        let proof = self.card_proof(generation)?;
        let fin = proof.fin.clone();
        let (local, settled) = self
            .on_store(move |s| {
                let local = s
                    .bookings_of(&fin)?
                    .into_iter()
                    .map(|b| {
                        let (t, c) = (s.timeline(b.id)?, s.comments(b.id)?);
                        Ok(known_from_store(b, t, c))
                    })
                    .collect::<Result<Vec<_>, qebul_store::StoreError>>()?;
                Ok((local, s.last_action_settled_at()?))
            })
            .await?;
        let server = match self.sessions.history.get(generation, settled) {
            Some(cached) => Some(cached.applications),
            None if self.online() => {
                let at = Utc::now();
                let request = HistoryRequest { citizen: proof };
                match tokio::time::timeout(SERVER_WAIT, self.client.history(&request)).await {
                    Ok(Ok(h)) => {
                        // Only while the session is still on screen: never keep a previous
                        // citizen's.
                        if self.sessions.is_current(generation) {
                            self.sessions.history.put(ServerHistory {
                                generation,
                                at,
                                applications: h.applications.clone(),
                            });
                        }
                        Some(h.applications)
                    }
                    Ok(Err(e)) => {
                        tracing::warn!("history from this kiosk's records only: {e}");
                        None
                    }
                    Err(_) => {
                        tracing::warn!(
                            "history from this kiosk's records only: the server is slow"
                        );
                        None
                    }
                }
            }
            None => None,
        };
        Ok(match server {
            Some(server) => Fetched {
                source: HistorySource::Server,
                apps: merge(server, local),
            },
            None => Fetched {
                source: HistorySource::ThisKiosk,
                apps: merge(Vec::new(), local),
            },
        })
    }

    async fn actions_of(&self, ids: Vec<Uuid>) -> Result<Vec<Vec<ActionRecord>>, CitizenError> {
        self.on_store(move |s| ids.iter().map(|id| s.actions_for(*id)).collect())
            .await
    }

    /// The citizen's applications, newest first, filtered by `query` (Şəkil 8 and 10).
    pub async fn history(
        &self,
        generation: u32,
        query: HistoryQueryView,
        lang: UiLang,
    ) -> Result<HistoryView, CitizenError> {
        let today = baku_date(&Utc::now());
        let date = match query.date.trim() {
            "" => None,
            d => Some(parse_date(d, today).map_err(|e| CitizenError {
                code: CitizenErrorCode::Search,
                message: Worded::by(|l| qebul_l10n::search_error(l, &e)),
                detail: e.to_string(),
            })?),
        };
        let search = HistoryQuery {
            date,
            official: Some(LooseQuery::new(&query.official)).filter(|q| !q.is_empty()),
            status: query.status.map(StatusFilter::from),
        };
        let fetched = self.fetched(generation).await?;
        let cached = self.catalog.cached();
        let actions = self
            .actions_of(fetched.apps.iter().map(|a| a.wire.booking_id).collect())
            .await?;
        let mut rows = Vec::new();
        for (app, actions) in fetched.apps.iter().zip(&actions) {
            let p = pending(actions, app.status);
            let r = row(app, cached.as_deref(), lang, &p);
            let entry = HistoryEntry {
                applied_on: baku_date(&app.wire.created_at),
                reception_date: app.wire.reception_date,
                official: &r.official_name,
                status: status_class(r.status),
            };
            if search.matches(&entry) {
                rows.push(r);
            }
        }
        Ok(HistoryView {
            source: fetched.source,
            total: u32::try_from(fetched.apps.len()).unwrap_or(u32::MAX),
            applications: rows,
            date_searched: date.map(|d| d.describe(lang.into())),
        })
    }

    async fn find(&self, generation: u32, booking_id: &str) -> Result<Known, CitizenError> {
        let id = Uuid::parse_str(booking_id).map_err(|e| {
            citizen_error(CitizenErrorCode::NotFound, format!("{booking_id:?}: {e}"))
        })?;
        self.fetched(generation)
            .await?
            .apps
            .into_iter()
            .find(|a| a.wire.booking_id == id)
            .ok_or_else(|| {
                citizen_error(CitizenErrorCode::NotFound, format!("no application {id}"))
            })
    }

    /// One application with every field and its timeline (Şəkil 9).
    pub async fn application(
        &self,
        generation: u32,
        booking_id: &str,
        lang: UiLang,
    ) -> Result<ApplicationView, CitizenError> {
        let app = self.find(generation, booking_id).await?;
        let id = app.wire.booking_id;
        let (actions, printed) = self
            .on_store(move |s| Ok((s.actions_for(id)?, s.first_printed_at(id)?)))
            .await?;
        let p = pending(&actions, app.status);
        let cached = self.catalog.cached();
        let row = row(&app, cached.as_deref(), lang, &p);
        let l: qebul_core::Lang = lang.into();
        let choice = |list: &[qebul_protocol::catalog::Choice], id: Option<&str>| -> String {
            id.and_then(|id| list.iter().find(|c| c.id == id))
                .map(|c| crate::booking::localized(&c.name, l))
                .unwrap_or_default()
        };
        let (topic, social_status, privilege, room) = match cached.as_deref() {
            Some(c) => (
                choice(&c.wire.topics, Some(&app.wire.topic_id)),
                choice(&c.wire.social_statuses, Some(&app.wire.social_status_id)),
                // No privilege is stored as none; the list names it ("İmtiyazım yoxdur").
                choice(
                    &c.wire.privileges,
                    Some(
                        app.wire
                            .privilege_id
                            .as_deref()
                            .unwrap_or(crate::booking::NO_PRIVILEGE),
                    ),
                ),
                c.domain
                    .officials
                    .iter()
                    .find(|o| o.id == app.wire.official_id)
                    .and_then(|o| o.room.as_ref())
                    .map(|r| r.get(l).to_owned()),
            ),
            None => Default::default(),
        };
        let mut timeline = vec![TimelineRow {
            at: baku_minute(&app.wire.created_at),
            kind: TimelineKind::Applied,
            status: Some(ApplicationStatusView::Booked),
            text: None,
            by_citizen: false,
            not_sent: app.not_sent,
            refused: false,
        }];
        let mut dated: Vec<(DateTime<Utc>, TimelineRow)> = Vec::new();
        if let Some(at) = printed {
            dated.push((
                at,
                timeline_row(at, TimelineKind::Printed, None, None, false),
            ));
        }
        for e in &app.events {
            let (kind, status) = match e.kind {
                EventKind::Received => continue,
                EventKind::StatusChanged => {
                    (TimelineKind::StatusChanged, Some(status_view(e.status)))
                }
                EventKind::Reply => (TimelineKind::Reply, None),
                EventKind::Comment => (TimelineKind::Comment, None),
                EventKind::Cancelled => (
                    TimelineKind::Cancelled,
                    Some(ApplicationStatusView::Cancelled),
                ),
                EventKind::Arrived => (TimelineKind::Arrived, None),
            };
            // Every comment sent from a kiosk is the citizen's; the authority answers by reply.
            let by_citizen = kind == TimelineKind::Comment;
            dated.push((
                e.at,
                timeline_row(e.at, kind, status, e.text.clone(), by_citizen),
            ));
        }
        dated.sort_by_key(|(at, _)| *at);
        timeline.extend(dated.into_iter().map(|(_, r)| r));
        timeline.extend(p.rows);
        let today = baku_date(&Utc::now());
        let can_cancel = matches!(
            row.status,
            ApplicationStatusView::Booked | ApplicationStatusView::InReview
        ) && app.wire.reception_date >= today;
        let c = &app.wire.citizen;
        Ok(ApplicationView {
            room,
            citizen_name: c.name.clone(),
            document: mask_document(&c.document_number),
            birth_date: c.birth_date.map(dmy),
            topic,
            social_status,
            privilege,
            // Stored as E.164; shown as notices print it (`+994 50 123 45 67`).
            phone: qebul_core::validation::Phone::from_e164(&c.phone)
                .map(|p| p.to_string())
                .unwrap_or_else(|_| c.phone.clone()),
            email: c.email.clone().unwrap_or_default(),
            workplace: c.workplace.clone(),
            position: c.position.clone(),
            address: c.address.clone(),
            note: c.note.clone(),
            timeline,
            can_cancel,
            can_comment: true,
            can_print: app.made_here,
            comment_limit: u32::try_from(MAX_COMMENT_CHARS).unwrap_or(u32::MAX),
            row,
        })
    }

    /// Queues `request` (durable first), then, online, sends it at once. `Ok(None)` when it
    /// stays queued for the sync task; the server's answer otherwise.
    pub(crate) async fn queue_and_send(
        &self,
        booking: Uuid,
        request: ActionRequest,
    ) -> Result<Option<ActionAnswer>, CitizenError> {
        let now = Utc::now();
        let online = self.online();
        let first_attempt = if online {
            now + SCREEN_SENDS_FIRST
        } else {
            now
        };
        let queued = request.clone();
        let key = self
            .on_store(move |s| s.queue_action(booking, &queued, now, first_attempt))
            .await?;
        if !online {
            return Ok(None);
        }
        let action = CitizenAction {
            key,
            booking,
            request,
            created_at: now,
            attempts: 0,
        };
        let answer =
            tokio::time::timeout(SERVER_WAIT, qebul_sync::send_action(&self.client, &action))
                .await
                .unwrap_or_else(|_| {
                    Err(qebul_sync::SyncError::Internal(
                        "the server did not answer in time".into(),
                    ))
                });
        let settled = match &answer {
            Ok(a) => Ok(a.clone()),
            Err(e) => Err(e.to_string()),
        };
        let at = Utc::now();
        self.on_store(move |s| {
            let retry = at + chrono::TimeDelta::seconds(5);
            qebul_sync::settle_action(
                s,
                &action,
                settled.as_ref().map_err(String::as_str),
                at,
                retry,
            )
        })
        .await?;
        // Whatever happened, the next screen asks the server (or the store) again.
        self.sessions.history.forget();
        match answer {
            Ok(a) => Ok(Some(a)),
            Err(e) => {
                tracing::warn!("an action stays queued: {e}");
                self.sync.sync_now();
                Ok(None)
            }
        }
    }

    /// The citizen writes to the authority about an application ("Müraciət ilə əlaqəli
    /// fikirləriniz"): checked by the core (1 to 1000 characters), queued, sent when possible.
    pub async fn comment_application(
        &self,
        generation: u32,
        booking_id: &str,
        text: &str,
        lang: UiLang,
    ) -> Result<ApplicationView, CitizenError> {
        let text = qebul_core::validation::validate_comment(text).map_err(|e| CitizenError {
            code: CitizenErrorCode::CommentInvalid,
            message: Worded::by(|l| qebul_l10n::field_error(l, &e)),
            detail: e.to_string(),
        })?;
        let app = self.find(generation, booking_id).await?;
        let request = ActionRequest::Comment(CommentRequest {
            idempotency_key: Uuid::now_v7(),
            citizen: self.card_proof(generation)?,
            text,
        });
        if let Some(ActionAnswer::Refused { code, message }) =
            self.queue_and_send(app.wire.booking_id, request).await?
        {
            return Err(refusal(&code, &message));
        }
        self.sessions.history.forget();
        self.application(generation, booking_id, lang).await
    }

    /// The citizen cancels an application: the place is freed on the server (at once online,
    /// or when the connection returns; "cancelling" until then).
    pub async fn cancel_application(
        &self,
        generation: u32,
        booking_id: &str,
        lang: UiLang,
    ) -> Result<ApplicationView, CitizenError> {
        let view = self.application(generation, booking_id, lang).await?;
        if !view.can_cancel {
            return Err(citizen_error(
                CitizenErrorCode::NotCancellable,
                format!("application {booking_id} is {:?}", view.row.status),
            ));
        }
        let app = self.find(generation, booking_id).await?;
        let request = ActionRequest::Cancel(CancelRequest {
            citizen: self.card_proof(generation)?,
        });
        if let Some(ActionAnswer::Refused { code, message }) =
            self.queue_and_send(app.wire.booking_id, request).await?
        {
            return Err(refusal(&code, &message));
        }
        self.sessions.history.forget();
        self.application(generation, booking_id, lang).await
    }

    /// Prints the notice of an application made here again (marked as a reprint).
    pub async fn print_application(
        &self,
        generation: u32,
        booking_id: &str,
    ) -> Result<NoticeStatusView, CitizenError> {
        let app = self.find(generation, booking_id).await?;
        if !app.made_here {
            return Err(citizen_error(
                CitizenErrorCode::PrintElsewhere,
                format!("application {booking_id} was made at another kiosk"),
            ));
        }
        let id = app.wire.booking_id;
        let job = self
            .on_store(move |s| match s.reprint(id, "citizen", Utc::now()) {
                Err(qebul_store::StoreError::InvalidTransition { .. }) => Ok(None),
                other => other.map(Some),
            })
            .await?
            .ok_or_else(|| {
                citizen_error(
                    CitizenErrorCode::AlreadyPrinting,
                    "the notice is in the queue",
                )
            })?;
        self.wake_printer();
        Ok(NoticeStatusView {
            job: u32::try_from(job.id).unwrap_or(u32::MAX),
            state: NoticeState::Queued,
        })
    }
}

fn timeline_row(
    at: DateTime<Utc>,
    kind: TimelineKind,
    status: Option<ApplicationStatusView>,
    text: Option<String>,
    by_citizen: bool,
) -> TimelineRow {
    TimelineRow {
        at: baku_minute(&at),
        kind,
        status,
        text,
        by_citizen,
        not_sent: false,
        refused: false,
    }
}

/// The server's final refusal of an action, worded for the citizen.
fn refusal(code: &str, message: &str) -> CitizenError {
    let kind = match code {
        codes::NOT_CANCELLABLE => CitizenErrorCode::NotCancellable,
        codes::CITIZEN_MISMATCH => CitizenErrorCode::Mismatch,
        codes::NOT_FOUND => CitizenErrorCode::NotFound,
        _ => CitizenErrorCode::Failed,
    };
    citizen_error(kind, format!("{code}: {message}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_screens_first_try_is_within_the_longest_delay_the_queue_keeps() {
        assert!(super::SCREEN_SENDS_FIRST < qebul_store::LONGEST_ACTION_DELAY);
    }

    use super::*;

    fn wire(n: u32, created: &str) -> BookingWire {
        BookingWire {
            booking_id: Uuid::now_v7(),
            application_number: n,
            official_id: "o".into(),
            reception_date: NaiveDate::from_ymd_opt(2026, 12, 9).expect("date"),
            created_at: created.parse().expect("time"),
            place: PlaceSource::Lease,
            topic_id: "t".into(),
            social_status_id: "s".into(),
            privilege_id: None,
            citizen: CitizenWire {
                fin: "5ZK7Q2M".into(),
                name: "X".into(),
                document_number: "AA1234567".into(),
                birth_date: None,
                phone: String::new(),
                email: None,
                workplace: String::new(),
                position: String::new(),
                address: String::new(),
                note: String::new(),
            },
        }
    }

    fn known(w: BookingWire, not_sent: bool) -> Known {
        Known {
            wire: w,
            status: BookingStatus::Booked,
            events: Vec::new(),
            made_here: true,
            not_sent,
        }
    }

    #[test]
    fn the_merge_keeps_one_entry_per_booking_newest_first_with_unsent_ones() {
        let sent = wire(1, "2026-12-01T08:00:00Z");
        let elsewhere = wire(2, "2026-12-03T08:00:00Z");
        let unsent = wire(3, "2026-12-02T08:00:00Z");
        let server = [&sent, &elsewhere]
            .into_iter()
            .map(|w| Application {
                booking: w.clone(),
                status: BookingStatus::InReview,
                kiosk_id: "k".into(),
                events: Vec::new(),
            })
            .collect();
        let local = vec![known(sent.clone(), false), known(unsent.clone(), true)];
        let apps = merge(server, local);
        let numbers: Vec<_> = apps.iter().map(|a| a.wire.application_number).collect();
        assert_eq!(numbers, [2, 3, 1]);
        assert!(!apps[0].made_here && apps[1].made_here && apps[2].made_here);
        assert!(apps[1].not_sent && !apps[2].not_sent);
        // The server's status wins for a booking it has.
        assert_eq!(apps[2].status, BookingStatus::InReview);
    }

    #[test]
    fn a_queued_cancellation_shows_as_cancelling_and_a_refused_comment_as_refused() {
        let at: DateTime<Utc> = "2026-12-06T08:00:00Z".parse().expect("time");
        let record = |kind: &str, state: ActionState, text: Option<&str>| ActionRecord {
            key: Uuid::now_v7(),
            booking: Uuid::now_v7(),
            kind: kind.into(),
            created_at: at,
            state,
            text: text.map(str::to_owned),
        };
        let p = pending(
            &[
                record("cancel", ActionState::Queued, None),
                record("comment", ActionState::Refused { code: "x".into() }, None),
                record("comment", ActionState::Queued, Some("Zəng edin")),
            ],
            BookingStatus::Booked,
        );
        assert!(p.cancelling && !p.checked_in);
        assert_eq!(p.rows.len(), 3);
        assert!(p.rows[1].refused && !p.rows[1].not_sent);
        assert_eq!(p.rows[2].text.as_deref(), Some("Zəng edin"));
        assert!(p.rows[2].not_sent && p.rows[2].by_citizen);
        // Once the server says cancelled, a cancellation still queued changes nothing.
        let done = pending(
            &[record("cancel", ActionState::Queued, None)],
            BookingStatus::Cancelled,
        );
        assert!(!done.cancelling);
    }

    #[test]
    fn statuses_fall_in_the_search_classes() {
        assert_eq!(
            status_class(ApplicationStatusView::Cancelling),
            StatusFilter::Active
        );
        assert_eq!(
            status_class(ApplicationStatusView::InReview),
            StatusFilter::Active
        );
        assert_eq!(
            status_class(ApplicationStatusView::Closed),
            StatusFilter::Closed
        );
        assert_eq!(
            status_class(ApplicationStatusView::Cancelled),
            StatusFilter::Cancelled
        );
        assert_eq!(stored_status("held"), BookingStatus::InReview);
    }
}
