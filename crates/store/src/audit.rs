//! The audit log (audit jurnalı): what staff did at the kiosk, who and when. Rows are only ever
//! appended (triggers refuse an update or a delete), so the log can be exported as it was.
use chrono::{DateTime, Utc};
use rusqlite::{params, Transaction};

use crate::store::{parse_ts, ts, Store, StoreError};

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    /// The staff member's name (or `citizen`, `kiosk` for what the kiosk did by itself).
    pub actor: String,
    /// Kebab-case: `staff-open`, `reprint`, `resolve-refused`, …
    pub action: String,
    /// What it was done to: a booking id, a print job, an idempotency key, a member's name.
    pub subject: Option<String>,
    /// Anything else worth keeping (English, for the technician).
    pub detail: Option<String>,
}

impl AuditEntry {
    /// An entry at `at` by `actor`, with no subject or detail yet.
    pub fn new(at: DateTime<Utc>, actor: &str, action: &str) -> AuditEntry {
        AuditEntry {
            at,
            actor: actor.to_owned(),
            action: action.to_owned(),
            subject: None,
            detail: None,
        }
    }

    pub fn subject(mut self, subject: impl Into<String>) -> AuditEntry {
        self.subject = Some(subject.into());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> AuditEntry {
        self.detail = Some(detail.into());
        self
    }
}

/// Appends `entry` inside `tx` (the one write path of the audit log).
pub(crate) fn append(tx: &Transaction<'_>, entry: &AuditEntry) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            ts(entry.at),
            entry.actor,
            entry.action,
            entry.subject,
            entry.detail
        ],
    )?;
    Ok(())
}

impl Store {
    /// Appends one entry to the audit log.
    pub fn audit(
        &mut self,
        at: DateTime<Utc>,
        actor: &str,
        action: &str,
        subject: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        append(
            &tx,
            &AuditEntry {
                at,
                actor: actor.to_owned(),
                action: action.to_owned(),
                subject: subject.map(str::to_owned),
                detail: detail.map(str::to_owned),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The audit log in the order it was written, from `since` on (inclusive) when given.
    pub fn audit_entries(
        &self,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let since = since.map_or_else(String::new, ts);
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, actor, action, subject, detail FROM audit_log WHERE at >= ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([since], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(at, actor, action, subject, detail)| {
                Ok(AuditEntry {
                    at: parse_ts(&at)?,
                    actor,
                    action,
                    subject,
                    detail,
                })
            })
            .collect()
    }
}
