//! The receptionist's screen (işçi ekranı, issue 17): the PIN gate ([`gate`], pure) and its
//! driver here (the idle close on a timer, the gate's record in the store, `StaffChanged`), and
//! the staff actions as methods of [`Kiosk`]: `notices.rs` (reprint, verify a seal, preview),
//! `desk.rs` (the day's list, unsent work), `care.rs` (printer, kiosk). Every staff command is
//! refused unless the screen is open; every action that changes something or shows a citizen's
//! data (a search, the day's list, a preview) counts as activity and is audited with who did it.
//! The views the screen refreshes by itself (unsent work, the printer, the kiosk's facts) are
//! neither: they would keep an unattended screen open and fill the log.
//!
//! Nothing here publishes citizen data: the only event is [`StaffView`] (the gate); a list with
//! citizens in it is the answer to the command that asked for it, and nothing else.

mod care;
mod desk;
pub mod gate;
mod notices;
mod pin;
mod views;

use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use qebul_store::{AuditEntry, Store, StoreError};
use tokio::sync::{watch, Notify};

pub use pin::{add_staff_member, hash_pin, valid_pin, verify_pin, PinError};
pub use views::*;

use crate::views::{AppError, ErrorCode};
use crate::Kiosk;
use gate::{Gate, Wrong};

/// The staff screen closes after this long without activity, unless configured otherwise.
pub const DEFAULT_STAFF_IDLE: Duration = Duration::from_secs(120);

/// The actor of an audit entry whose PIN matched no member.
const UNKNOWN: &str = "unknown";

/// The gate and its timer.
pub(crate) struct Staff {
    gate: Mutex<Gate>,
    view: watch::Sender<StaffView>,
    origin: Instant,
    rearm: Arc<Notify>,
    /// One PIN is tried at a time, so parallel guesses are counted like consecutive ones.
    attempt: tokio::sync::Mutex<()>,
    store: Arc<Mutex<Store>>,
}

impl Staff {
    /// The gate as the store left it (a lock-out survives a restart), closed, and the task that
    /// closes it when idle (it ends when the returned `Arc` is dropped).
    pub(crate) fn start(store: Arc<Mutex<Store>>) -> anyhow::Result<Arc<Staff>> {
        let record = store
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .staff_gate()?;
        let gate = Gate::new(record, DEFAULT_STAFF_IDLE);
        let staff = Arc::new(Staff {
            view: watch::channel(gate.view(Utc::now())).0,
            gate: Mutex::new(gate),
            origin: Instant::now(),
            rearm: Arc::new(Notify::new()),
            attempt: tokio::sync::Mutex::new(()),
            store,
        });
        tokio::spawn(idle_close(Arc::downgrade(&staff)));
        Ok(staff)
    }

    fn mono(&self) -> Duration {
        self.origin.elapsed()
    }

    fn with<T>(&self, f: impl FnOnce(&mut Gate) -> T) -> T {
        f(&mut self.gate.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub(crate) fn set_idle(&self, idle: Duration) {
        self.with(|g| g.set_idle(idle));
        self.publish();
    }

    /// Publishes the gate's view (if it changed) and re-arms the idle timer.
    fn publish(&self) {
        let view = self.with(|g| g.view(Utc::now()));
        self.view.send_if_modified(|current| {
            let changed = *current != view;
            *current = view;
            changed
        });
        self.rearm.notify_one();
    }

    fn audit(&self, entry: &AuditEntry) {
        let written = self.store.lock().unwrap_or_else(|p| p.into_inner()).audit(
            entry.at,
            &entry.actor,
            &entry.action,
            entry.subject.as_deref(),
            entry.detail.as_deref(),
        );
        if let Err(e) = written {
            tracing::error!(action = %entry.action, "cannot write the audit log: {e}");
        }
    }
}

/// Closes the staff screen when its member has done nothing for the idle time.
async fn idle_close(staff: Weak<Staff>) {
    loop {
        let Some(s) = staff.upgrade() else { return };
        let deadline = s
            .with(|g| g.poll_timeout())
            .map(|at| tokio::time::Instant::from_std(s.origin + at));
        // `notify_one` keeps a permit when nobody waits: no wake-up is lost before the wait.
        let rearm = s.rearm.clone();
        drop(s);
        let sleep = async {
            match deadline {
                Some(at) => tokio::time::sleep_until(at).await,
                // Closed: look again now and then so a dropped kiosk ends this task.
                None => tokio::time::sleep(Duration::from_secs(5)).await,
            }
        };
        tokio::select! {
            _ = sleep => {
                let Some(s) = staff.upgrade() else { return };
                if let Some(who) = s.with(|g| g.tick(s.mono())) {
                    tracing::info!(%who, "the staff screen closed itself: idle");
                    s.audit(&AuditEntry::new(Utc::now(), &who, "staff-idle-close"));
                    s.publish();
                }
            }
            _ = rearm.notified() => {}
        }
    }
}

pub(crate) fn staff_error(code: ErrorCode, detail: impl Into<String>) -> AppError {
    AppError::new(code, detail)
}

pub(crate) fn store_failed(e: impl std::fmt::Display) -> AppError {
    staff_error(ErrorCode::Session, format!("the kiosk's store failed: {e}"))
}

impl Kiosk {
    /// The staff screen's gate now.
    pub fn staff_status(&self) -> StaffView {
        self.staff.with(|g| g.view(Utc::now()))
    }

    /// The gate, and every change after (opened, closed, locked out, idle close).
    pub fn staff_changes(&self) -> watch::Receiver<StaffView> {
        self.staff.view.subscribe()
    }

    /// How long the staff screen stays open without activity.
    pub fn set_staff_idle(&self, idle: Duration) {
        self.staff.set_idle(idle);
    }

    /// Opens the staff screen with `pin`, which names its member. Five wrong PINs in a row
    /// lock the gate (60 s, doubling); the count and the lock are in the store. Opening ends the
    /// citizen session, as "finish" does.
    pub async fn staff_open(&self, pin: &str) -> Result<StaffView, AppError> {
        let staff = self.staff.clone();
        let _one_at_a_time = staff.attempt.lock().await;
        let now = Utc::now();
        let locked = staff.with(|g| g.locked_seconds(now));
        if locked > 0 {
            staff.audit(
                &AuditEntry::new(now, UNKNOWN, "staff-open-refused").detail("during a lock-out"),
            );
            return Err(staff_error(ErrorCode::StaffLockedOut, locked.to_string()));
        }
        // The hashes are read under the store's lock; argon2 runs without it (it is slow on
        // purpose, and bookings must not wait for it).
        let members = self.staff_store(|s| s.staff_members()).await?;
        let pin = pin.to_owned();
        let who = tokio::task::spawn_blocking(move || {
            members
                .into_iter()
                .find(|m| verify_pin(&pin, &m.pin_hash))
                .map(|m| m.name)
        })
        .await
        .map_err(store_failed)?;
        let mono = staff.mono();
        let (record, outcome) = staff.with(|g| {
            let outcome = match &who {
                Some(who) => {
                    g.opened(who, mono);
                    None
                }
                None => Some(g.wrong(now)),
            };
            (g.record(), outcome)
        });
        let mut audit = vec![match &who {
            Some(who) => AuditEntry::new(now, who, "staff-open"),
            None => AuditEntry::new(now, UNKNOWN, "staff-open-refused").detail("wrong PIN"),
        }];
        if let Some(Wrong::LockedOut { seconds }) = outcome {
            audit.push(
                AuditEntry::new(now, UNKNOWN, "staff-locked-out")
                    .detail(format!("{seconds} s after five wrong PINs")),
            );
        }
        self.staff_store(move |s| s.save_staff_gate(&record, &audit))
            .await?;
        staff.publish();
        match outcome {
            None => {
                // The receptionist's screen replaces the citizen's: their session ends now.
                self.finish();
                Ok(self.staff_status())
            }
            Some(Wrong::TryAgain { attempts_left }) => Err(staff_error(
                ErrorCode::StaffPinWrong,
                format!("wrong PIN; {attempts_left} more before a lock-out"),
            )),
            Some(Wrong::LockedOut { seconds }) => {
                Err(staff_error(ErrorCode::StaffLockedOut, seconds.to_string()))
            }
        }
    }

    /// Closes the staff screen (nothing to do when it is closed).
    pub fn staff_close(&self) -> Result<(), AppError> {
        if let Some(who) = self.staff.with(|g| g.close()) {
            self.staff
                .audit(&AuditEntry::new(Utc::now(), &who, "staff-close"));
        }
        self.staff.publish();
        Ok(())
    }

    /// The receptionist is still there.
    pub fn staff_touch(&self) -> Result<(), AppError> {
        self.staff_active().map(|_| ())
    }

    /// A new PIN for the member who has the screen open: `old` must be theirs, `new` 4 to 8
    /// digits and no other member's.
    pub async fn staff_change_pin(&self, old: &str, new: &str) -> Result<(), AppError> {
        let who = self.staff_active()?;
        if !valid_pin(new) {
            return Err(staff_error(
                ErrorCode::StaffPinInvalid,
                "a staff PIN is 4 to 8 digits",
            ));
        }
        let members = self.staff_store(|s| s.staff_members()).await?;
        let (old, new_pin) = (old.to_owned(), new.to_owned());
        let name = who.clone();
        let checked = tokio::task::spawn_blocking(move || {
            let own = members
                .iter()
                .any(|m| m.name == name && verify_pin(&old, &m.pin_hash));
            let taken = members
                .iter()
                .any(|m| m.name != name && verify_pin(&new_pin, &m.pin_hash));
            (own, taken, hash_pin(&new_pin))
        })
        .await
        .map_err(store_failed)?;
        match checked {
            (false, _, _) => Err(staff_error(
                ErrorCode::StaffPinWrong,
                "the current PIN is wrong",
            )),
            (true, true, _) => Err(staff_error(
                ErrorCode::StaffPinInvalid,
                "another staff member has this PIN: choose another one",
            )),
            (true, false, Err(e)) => Err(staff_error(ErrorCode::StaffPinInvalid, e.to_string())),
            (true, false, Ok(hash)) => {
                let audit = AuditEntry::new(Utc::now(), &who, "staff-pin-changed").subject(&who);
                self.staff_store(move |s| s.set_staff_pin(&who, &hash, &audit))
                    .await
            }
        }
    }

    /// The member who has the staff screen open, counting this as activity; `StaffClosed` when
    /// it is not open (or has just closed itself).
    pub(crate) fn staff_active(&self) -> Result<String, AppError> {
        self.staff_member(true)
    }

    /// The member who has the staff screen open, without counting as activity: the views the
    /// screen refreshes by itself (the unsent work after each sync round, the printer after each
    /// print) must not keep an unattended staff screen open.
    pub(crate) fn staff_viewing(&self) -> Result<String, AppError> {
        self.staff_member(false)
    }

    fn staff_member(&self, activity: bool) -> Result<String, AppError> {
        let mono = self.staff.mono();
        let (idled, who) = self.staff.with(|g| {
            // Past its idle time the screen is closed, even if the timer has not fired yet.
            let idled = g.tick(mono);
            let open = if activity {
                g.touch(mono)
            } else {
                g.who().is_some()
            };
            let who = open.then(|| g.who().map(str::to_owned)).flatten();
            (idled, who)
        });
        if let Some(idled) = idled {
            self.staff
                .audit(&AuditEntry::new(Utc::now(), &idled, "staff-idle-close"));
        }
        self.staff.publish();
        who.ok_or_else(|| staff_error(ErrorCode::StaffClosed, "the staff screen is not open"))
    }

    /// Appends an audit entry by `who` now.
    pub(crate) async fn staff_audit(
        &self,
        who: &str,
        action: &str,
        subject: Option<String>,
        detail: Option<String>,
    ) -> Result<(), AppError> {
        let mut entry = AuditEntry::new(Utc::now(), who, action);
        entry.subject = subject;
        entry.detail = detail;
        self.staff_store(move |s| {
            s.audit(
                entry.at,
                &entry.actor,
                &entry.action,
                entry.subject.as_deref(),
                entry.detail.as_deref(),
            )
        })
        .await
    }

    /// Runs `f` on the store on the blocking pool.
    pub(crate) async fn staff_store<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, AppError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(&mut store.lock().unwrap_or_else(|p| p.into_inner())))
            .await
            .map_err(store_failed)?
            .map_err(|e| match e {
                StoreError::NotFound(what) => staff_error(ErrorCode::StaffNotFound, what),
                other => store_failed(other),
            })
    }
}

/// `Əliyev Ə.`: the surname (the name's first word, as cards and the registry write names) and
/// the first letter of the given name, for lists on the staff screen (as little as will do).
pub(crate) fn short_name(full: &str) -> String {
    let mut words = full.split_whitespace();
    let Some(surname) = words.next() else {
        return String::new();
    };
    let title = |w: &str| {
        let mut chars = w.chars();
        chars.next().map_or_else(String::new, |first| {
            let rest: String = chars.collect();
            qebul_core::text::upper(&first.to_string()) + &qebul_core::text::lower(&rest)
        })
    };
    match words.next().and_then(|w| w.chars().next()) {
        Some(initial) => format!(
            "{} {}.",
            title(surname),
            qebul_core::text::upper(&initial.to_string())
        ),
        None => title(surname),
    }
}

/// A time for the staff screen: Baku time, `dd.mm.yyyy HH:MM`.
pub(crate) fn shown_time(at: DateTime<Utc>) -> String {
    qebul_core::time::baku_timestamp(&at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_name_is_the_surname_and_an_initial_in_turkic_case() {
        assert_eq!(short_name("ƏLİYEV ƏLİ VAQİF OĞLU"), "Əliyev Ə.");
        assert_eq!(
            short_name("ABDULLAYEVA GÖHƏR NOVRUZ QIZI"),
            "Abdullayeva G."
        );
        // Turkic casing: I lowers to ı, İ to i.
        assert_eq!(short_name("İSMAYILOV İLKİN"), "İsmayılov İ.");
        assert_eq!(short_name("ISGƏNDƏROV"), "Isgəndərov");
        assert_eq!(short_name("göhər"), "Göhər");
        assert_eq!(short_name("  "), "");
    }
}
