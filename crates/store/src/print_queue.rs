//! The print queue: queued → printing → printed, or failed with a reason; retries; reprints.
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};
use uuid::Uuid;

use crate::store::{parse_opt_ts, parse_ts, parse_uuid, ts, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintState {
    Queued,
    Printing,
    Printed,
    Failed,
}

impl PrintState {
    pub fn as_str(self) -> &'static str {
        match self {
            PrintState::Queued => "queued",
            PrintState::Printing => "printing",
            PrintState::Printed => "printed",
            PrintState::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Result<PrintState, StoreError> {
        Ok(match text {
            "queued" => PrintState::Queued,
            "printing" => PrintState::Printing,
            "printed" => PrintState::Printed,
            "failed" => PrintState::Failed,
            other => return Err(StoreError::Corrupt(format!("print state {other:?}"))),
        })
    }
}

/// One booking's print job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJob {
    pub id: i64,
    pub booking_id: Uuid,
    pub state: PrintState,
    /// Why the last attempt failed (set in state `Failed`).
    pub reason: Option<String>,
    /// Attempts to print, reprints included.
    pub attempts: u32,
    /// Reprints asked for by a receptionist.
    pub reprint_count: u32,
    /// When the notice came out; only a printed job has one.
    pub printed_at: Option<DateTime<Utc>>,
}

impl PrintJob {
    /// Only a printed job counts as printed; a failed one never does.
    pub fn is_printed(&self) -> bool {
        self.state == PrintState::Printed
    }
}

const COLUMNS: &str = "id, booking_id, state, reason, attempts, reprint_count, printed_at";

type RawJob = (
    i64,
    String,
    String,
    Option<String>,
    u32,
    u32,
    Option<String>,
);

fn raw(r: &Row<'_>) -> rusqlite::Result<RawJob> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

fn parse(
    (id, booking, state, reason, attempts, reprints, printed_at): RawJob,
) -> Result<PrintJob, StoreError> {
    Ok(PrintJob {
        id,
        booking_id: parse_uuid(&booking)?,
        state: PrintState::parse(&state)?,
        reason,
        attempts,
        reprint_count: reprints,
        printed_at: parse_opt_ts(printed_at)?,
    })
}

impl Store {
    /// The print job of `booking`, if any.
    pub fn print_job_for(&self, booking: Uuid) -> Result<Option<PrintJob>, StoreError> {
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM print_jobs WHERE booking_id = ?1"
            ))?
            .query_row([booking.hyphenated().to_string()], raw)
            .optional()?;
        row.map(parse).transpose()
    }

    /// The print job `job`, if any.
    pub fn print_job(&self, job: i64) -> Result<Option<PrintJob>, StoreError> {
        let row = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM print_jobs WHERE id = ?1"))?
            .query_row([job], raw)
            .optional()?;
        row.map(parse).transpose()
    }

    /// Queued jobs, oldest first.
    pub fn queued_print_jobs(&self, limit: usize) -> Result<Vec<PrintJob>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM print_jobs WHERE state = 'queued' ORDER BY id LIMIT ?1"
            ))?
            .query_map([limit], raw)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(parse).collect()
    }

    /// Jobs not printed (queued, printing or failed), oldest first: the receptionist's list.
    pub fn unprinted_print_jobs(&self, limit: usize) -> Result<Vec<PrintJob>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM print_jobs WHERE state <> 'printed' ORDER BY id LIMIT ?1"
            ))?
            .query_map([limit], raw)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(parse).collect()
    }

    /// How many jobs are printed (failed ones never count).
    pub fn printed_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM print_jobs WHERE state = 'printed'",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// queued → printing: the bytes are about to go to the printer.
    pub fn start_printing(&mut self, job: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.transition(
            job,
            &[PrintState::Queued],
            "started",
            "UPDATE print_jobs SET state = 'printing', attempts = attempts + 1, updated_at = ?2
             WHERE id = ?1",
            params![job, ts(now)],
        )
    }

    /// printing → printed: the printer reported the notice out. The booking's timeline gets a
    /// "notice printed" event (or "notice reprinted"), so the first print's time survives
    /// reprints, which clear `printed_at` until they come out.
    pub fn mark_printed(&mut self, job: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let state: Option<String> = tx
            .query_row("SELECT state FROM print_jobs WHERE id = ?1", [job], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(state) = state else {
            return Err(StoreError::NotFound(format!("print job {job}")));
        };
        let state = PrintState::parse(&state)?;
        if state != PrintState::Printing {
            return Err(StoreError::InvalidTransition {
                job,
                state: state.as_str(),
                action: "marked printed",
            });
        }
        tx.execute(
            "UPDATE print_jobs SET state = 'printed', reason = NULL, printed_at = ?2,
                 updated_at = ?2
             WHERE id = ?1",
            params![job, ts(at)],
        )?;
        tx.execute(
            "INSERT INTO booking_events (booking_id, at, kind, detail)
             SELECT booking_id, ?2,
                    CASE WHEN reprint_count = 0 THEN 'notice-printed' ELSE 'notice-reprinted' END,
                    NULL
             FROM print_jobs WHERE id = ?1",
            params![job, ts(at)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// When the notice of `booking` first came out of the printer, if it ever did.
    pub fn first_printed_at(&self, booking: Uuid) -> Result<Option<DateTime<Utc>>, StoreError> {
        let at: Option<String> = self.conn.query_row(
            "SELECT min(at) FROM booking_events
                 WHERE booking_id = ?1 AND kind = 'notice-printed'",
            [booking.hyphenated().to_string()],
            |r| r.get(0),
        )?;
        at.as_deref().map(parse_ts).transpose()
    }

    /// printing → failed, with the reason (paper out, cover open, offline, ...).
    pub fn mark_print_failed(
        &mut self,
        job: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.transition(
            job,
            &[PrintState::Printing],
            "marked failed",
            "UPDATE print_jobs SET state = 'failed', reason = ?2, printed_at = NULL,
                 updated_at = ?3
             WHERE id = ?1",
            params![job, reason, ts(now)],
        )
    }

    /// Every queued job → failed with `reason`, in one transaction; returns how many. For when
    /// the citizen's session ends before their notices went to the printer: a notice printed
    /// after they left would wait in the tray for the next person. The receptionist reprints.
    pub fn hold_queued_print_jobs(
        &mut self,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "UPDATE print_jobs SET state = 'failed', reason = ?1, updated_at = ?2
             WHERE state = 'queued'",
            params![reason, ts(now)],
        )?)
    }

    /// failed → queued: try again (the reason of the last failure stays until the next outcome).
    pub fn retry_print(&mut self, job: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.transition(
            job,
            &[PrintState::Failed],
            "retried",
            "UPDATE print_jobs SET state = 'queued', updated_at = ?2 WHERE id = ?1",
            params![job, ts(now)],
        )
    }

    /// A receptionist asks for the notice of `booking` again: its job (printed or failed) goes
    /// back to the queue, the reprint is counted and written to the audit log, in one transaction.
    pub fn reprint(
        &mut self,
        booking: Uuid,
        receptionist: &str,
        now: DateTime<Utc>,
    ) -> Result<PrintJob, StoreError> {
        let booking_text = booking.hyphenated().to_string();
        let now_text = ts(now);
        let tx = self.conn.transaction()?;
        let row: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, state FROM print_jobs WHERE booking_id = ?1",
                [&booking_text],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((job, state)) = row else {
            return Err(StoreError::NotFound(format!(
                "print job of booking {booking}"
            )));
        };
        let state = PrintState::parse(&state)?;
        if !matches!(state, PrintState::Printed | PrintState::Failed) {
            return Err(StoreError::InvalidTransition {
                job,
                state: state.as_str(),
                action: "reprinted",
            });
        }
        tx.execute(
            "UPDATE print_jobs SET state = 'queued', reason = NULL, printed_at = NULL,
                 reprint_count = reprint_count + 1, updated_at = ?2
             WHERE id = ?1",
            params![job, now_text],
        )?;
        tx.execute(
            "INSERT INTO audit_log (at, actor, action, subject, detail)
             VALUES (?1, ?2, 'reprint', ?3, ?4)",
            params![
                now_text,
                receptionist,
                booking_text,
                format!("print job {job} was {}", state.as_str())
            ],
        )?;
        tx.commit()?;
        self.print_job(job)?
            .ok_or_else(|| StoreError::NotFound(format!("print job {job}")))
    }

    fn transition(
        &mut self,
        job: i64,
        from: &[PrintState],
        action: &'static str,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let state: Option<String> = tx
            .query_row("SELECT state FROM print_jobs WHERE id = ?1", [job], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(state) = state else {
            return Err(StoreError::NotFound(format!("print job {job}")));
        };
        let state = PrintState::parse(&state)?;
        if !from.contains(&state) {
            return Err(StoreError::InvalidTransition {
                job,
                state: state.as_str(),
                action,
            });
        }
        tx.execute(sql, params)?;
        tx.commit()?;
        Ok(())
    }
}
