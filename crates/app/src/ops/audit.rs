//! `qebul-kiosk export-audit`: the store's audit log (audit jurnalı) as CSV, for the authority's
//! inspectors, from a day on.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use std::path::Path;

use qebul_store::key::{KeyStore, DB_KEY_NAME};
use qebul_store::{AuditEntry, Store};

/// The CSV's columns, in order.
pub const HEADER: [&str; 6] = ["at_utc", "at_baku", "actor", "action", "subject", "detail"];

/// The entries as CSV (RFC 4180: a header line, then one row per entry, quoted where needed).
pub fn to_csv(entries: &[AuditEntry]) -> Result<String, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(HEADER)?;
    for e in entries {
        out.write_record([
            e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            qebul_core::time::baku_timestamp(&e.at),
            e.actor.clone(),
            e.action.clone(),
            e.subject.clone().unwrap_or_default(),
            e.detail.clone().unwrap_or_default(),
        ])?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The audit log of the store in `data_dir` (opened with its key from `keys`) from `since` on,
/// as CSV. Nothing is created: a kiosk without a store or key is an error saying so.
pub fn export(
    keys: &dyn KeyStore,
    data_dir: &Path,
    since: Option<DateTime<Utc>>,
) -> anyhow::Result<(usize, String)> {
    let path = data_dir.join("kiosk.db");
    if !path.is_file() {
        anyhow::bail!(
            "no database at {}: is `data_dir` right, and is this kiosk enrolled?",
            path.display()
        );
    }
    let key = keys.load(DB_KEY_NAME)?.ok_or_else(|| {
        anyhow::anyhow!(
            "the keyring has no key for {}; run `qebul-kiosk doctor`",
            path.display()
        )
    })?;
    let store = Store::open(&path, &key)?;
    let entries = store.audit_entries(since)?;
    Ok((entries.len(), to_csv(&entries)?))
}

/// `--since`: a day (`2026-12-01` or `01.12.2026`: from its start in Baku) or an instant
/// (`2026-12-01T09:30:00Z`, RFC 3339).
pub fn parse_since(text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"))
        .map_err(|_| {
            format!("{text:?} is not a date: write 2026-12-01, 01.12.2026 or 2026-12-01T09:30:00Z")
        })?;
    let midnight: NaiveDateTime = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    qebul_core::time::ZONE
        .from_local_datetime(&midnight)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| format!("{text:?}: that day has no midnight in Baku"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_midnight_in_baku() {
        let want = Utc.with_ymd_and_hms(2026, 11, 30, 20, 0, 0).unwrap();
        assert_eq!(parse_since("2026-12-01").unwrap(), want);
        assert_eq!(parse_since("01.12.2026").unwrap(), want);
        assert_eq!(
            parse_since("2026-12-01T09:30:00Z").unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap()
        );
        assert!(parse_since("yesterday").unwrap_err().contains("not a date"));
    }

    #[test]
    fn fields_with_commas_and_quotes_are_quoted() {
        let entry = AuditEntry {
            at: Utc.with_ymd_and_hms(2026, 12, 6, 8, 0, 0).unwrap(),
            actor: "Məmmədova, Aynur".into(),
            action: "reprint".into(),
            subject: Some("0304-0000061".into()),
            detail: Some("said \"lost\"".into()),
        };
        assert_eq!(
            to_csv(&[entry]).unwrap(),
            "at_utc,at_baku,actor,action,subject,detail\n\
             2026-12-06T08:00:00Z,06.12.2026 12:00,\"Məmmədova, Aynur\",reprint,0304-0000061,\"said \"\"lost\"\"\"\n"
        );
    }
}
