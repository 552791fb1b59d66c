//! Staff members (işçilər) and the PIN gate's state: the hashes are made and checked by the
//! application layer (argon2id); the store keeps them, and keeps the gate's wrong PINs and
//! lock-out so that a restart does not give a guesser five more tries.
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use crate::audit::{append, AuditEntry};
use crate::store::{parse_opt_ts, parse_ts, ts, Store, StoreError};

/// A staff member as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub name: String,
    /// An argon2id PHC string (`$argon2id$v=19$…`).
    pub pin_hash: String,
    pub created_at: DateTime<Utc>,
}

/// The PIN gate's lasting state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StaffGateRecord {
    /// Wrong PINs in a row since the last success or lock-out.
    pub failures: u32,
    /// Lock-outs in a row since the last success (each doubles the next).
    pub lockouts: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

impl Store {
    /// Adds the staff member `name` with `pin_hash` (an argon2id PHC string), or gives an
    /// existing member of that name the new PIN (enrolling again).
    pub fn add_staff_member(
        &mut self,
        name: &str,
        pin_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO staff_members (name, pin_hash, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET pin_hash = excluded.pin_hash",
            params![name, pin_hash, ts(now)],
        )?;
        Ok(())
    }

    /// Every staff member, by name.
    pub fn staff_members(&self) -> Result<Vec<StaffMember>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, pin_hash, created_at FROM staff_members ORDER BY name")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(name, pin_hash, at)| {
                Ok(StaffMember {
                    name,
                    pin_hash,
                    created_at: parse_ts(&at)?,
                })
            })
            .collect()
    }

    /// Gives member `name` a new PIN hash, and audits it, in one transaction.
    pub fn set_staff_pin(
        &mut self,
        name: &str,
        pin_hash: &str,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE staff_members SET pin_hash = ?2 WHERE name = ?1",
            params![name, pin_hash],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound(format!("staff member {name:?}")));
        }
        append(&tx, audit)?;
        tx.commit()?;
        Ok(())
    }

    /// The PIN gate as last saved.
    pub fn staff_gate(&self) -> Result<StaffGateRecord, StoreError> {
        let row: Option<(u32, u32, Option<String>)> = self
            .conn
            .query_row(
                "SELECT failures, lockouts, locked_until FROM staff_gate WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((failures, lockouts, locked_until)) = row else {
            return Ok(StaffGateRecord::default());
        };
        Ok(StaffGateRecord {
            failures,
            lockouts,
            locked_until: parse_opt_ts(locked_until)?,
        })
    }

    /// Saves the PIN gate and appends `audit` (what happened at the gate), in one transaction.
    pub fn save_staff_gate(
        &mut self,
        gate: &StaffGateRecord,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO staff_gate (id, failures, lockouts, locked_until) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET failures = excluded.failures,
                 lockouts = excluded.lockouts, locked_until = excluded.locked_until",
            params![gate.failures, gate.lockouts, gate.locked_until.map(ts)],
        )?;
        for entry in audit {
            append(&tx, entry)?;
        }
        tx.commit()?;
        Ok(())
    }
}
