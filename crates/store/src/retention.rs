//! Retention: personal data is kept only as long as needed.
use chrono::{DateTime, Days, Utc};
use rusqlite::params;

use crate::store::{ts, Store, StoreError};

/// Days after the reception date that a booking's personal data is kept, unless configured.
pub const DEFAULT_RETENTION_DAYS: u32 = 30;

/// What a delivered outbox payload becomes once its booking's personal data is erased.
const ERASED_PAYLOAD: &str = r#"{"personal_data":"erased"}"#;

impl Store {
    /// Erases the personal fields of every booking whose reception date is at least
    /// `days_after_reception` days before `now`'s date in Baku and that the server has acknowledged;
    /// the delivered outbox payloads of those bookings go too. The non-personal record (number,
    /// official, date, status, topic, social status, privilege, timeline, print job) stays for
    /// statistics. A booking the server has not acknowledged is never touched (the schema refuses
    /// it as well). Returns how many bookings were erased.
    pub fn erase_personal_data(
        &mut self,
        now: DateTime<Utc>,
        days_after_reception: u32,
    ) -> Result<usize, StoreError> {
        let today = qebul_core::time::baku_date(&now);
        // Due when reception_date + days <= today, i.e. reception_date <= today - days.
        let Some(cutoff) = today.checked_sub_days(Days::new(u64::from(days_after_reception)))
        else {
            return Ok(0);
        };
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE outbox SET payload = ?2
             WHERE delivered_at IS NOT NULL AND booking_id IN (
                 SELECT id FROM bookings
                 WHERE personal_erased_at IS NULL AND acknowledged_at IS NOT NULL
                   AND reception_date <= ?1)",
            params![cutoff, ERASED_PAYLOAD],
        )?;
        let erased = tx.execute(
            "UPDATE bookings SET citizen_name = NULL, citizen_fin = NULL, document_number = NULL,
                 birth_date = NULL, phone = NULL, email = NULL, workplace = NULL, position = NULL,
                 address = NULL, note = NULL, personal_erased_at = ?2
             WHERE personal_erased_at IS NULL AND acknowledged_at IS NOT NULL
               AND reception_date <= ?1",
            params![cutoff, ts(now)],
        )?;
        // Comments to the authority may name people too.
        tx.execute(
            "UPDATE comments SET body = '' WHERE booking_id IN (
                 SELECT id FROM bookings WHERE personal_erased_at = ?1)",
            params![ts(now)],
        )?;
        tx.commit()?;
        // secure_delete (set at open) zeroes the freed space; the checkpoint moves the change out
        // of the WAL, whose old frames would otherwise keep the erased values until reused.
        if erased > 0 {
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(erased)
    }
}
