//! The fleet as a technician sees it (`qebul-server kiosk list`): each kiosk's last health
//! report, and which kiosks need a visit and why. Pure: the moment to judge at is a parameter.
//!
//! A kiosk needs a visit when it has not been seen for longer than
//! [`VisitRules::offline_after`] (or never reported since its enrollment that long ago), when its
//! printer cannot print (paper out, cover open, offline, a fault), when its paper runs low, or
//! when its data disk has less than [`VisitRules::disk_low_bytes`] free. Revoked kiosks and
//! kiosks still waiting for enrollment are out of service: never flagged.

use chrono::{DateTime, TimeDelta, Utc};
use qebul_protocol::api::{KioskHealth, PrinterHealth};
use serde::Serialize;

use crate::db::{KioskRow, KioskStatus};

/// When a kiosk needs a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitRules {
    /// Not seen for longer than this: offline (the sync reports every minute or so).
    pub offline_after: TimeDelta,
    /// Less free space than this on the kiosk's data disk.
    pub disk_low_bytes: u64,
}

impl Default for VisitRules {
    /// 30 minutes, 1 GiB.
    fn default() -> VisitRules {
        VisitRules {
            offline_after: TimeDelta::minutes(30),
            disk_low_bytes: 1 << 30,
        }
    }
}

/// Why a kiosk needs a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitReason {
    /// Enrolled longer ago than the offline threshold, and no report since.
    NeverSeen,
    /// The last report is this old.
    Offline {
        for_: TimeDelta,
    },
    /// The printer cannot print (a state for which [`PrinterHealth::is_down`] holds).
    Printer(PrinterHealth),
    PaperLow,
    DiskLow {
        free_bytes: u64,
    },
}

impl std::fmt::Display for VisitReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VisitReason::NeverSeen => f.write_str("never reported since enrollment"),
            VisitReason::Offline { for_ } => write!(f, "offline for {}", age(*for_)),
            VisitReason::Printer(p) => write!(f, "printer: {}", printer_words(*p)),
            VisitReason::PaperLow => f.write_str("paper low"),
            VisitReason::DiskLow { free_bytes } => {
                write!(f, "disk low: {} free", bytes(*free_bytes))
            }
        }
    }
}

/// Where a kiosk stands with the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KioskState {
    /// Created, its enrollment code not used yet.
    NotEnrolled,
    Enrolled,
    Revoked,
}

impl KioskState {
    pub fn of(kiosk: &KioskRow) -> KioskState {
        match (kiosk.enrolled_at, kiosk.revoked_at) {
            (_, Some(_)) => KioskState::Revoked,
            (Some(_), None) => KioskState::Enrolled,
            (None, None) => KioskState::NotEnrolled,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            KioskState::NotEnrolled => "waiting for enrollment",
            KioskState::Enrolled => "enrolled",
            KioskState::Revoked => "revoked",
        }
    }
}

/// Why `status`'s kiosk needs a visit at `now`: none when it is fine or out of service.
pub fn visit_reasons(
    status: &KioskStatus,
    now: DateTime<Utc>,
    rules: &VisitRules,
) -> Vec<VisitReason> {
    let mut reasons = Vec::new();
    if KioskState::of(&status.kiosk) != KioskState::Enrolled {
        return reasons;
    }
    let Some(report) = &status.health else {
        if status
            .kiosk
            .enrolled_at
            .is_some_and(|at| now - at > rules.offline_after)
        {
            reasons.push(VisitReason::NeverSeen);
        }
        return reasons;
    };
    let silent = now - report.received_at;
    if silent > rules.offline_after {
        reasons.push(VisitReason::Offline { for_: silent });
    }
    let h = &report.health;
    if h.printer.is_down() {
        reasons.push(VisitReason::Printer(h.printer));
    } else if h.paper_low {
        // Paper out says more than paper low; low paper on a printer that prints is its own
        // reason: the roll must be changed before it runs out.
        reasons.push(VisitReason::PaperLow);
    }
    if let Some(free) = h.disk_free_bytes.filter(|&b| b < rules.disk_low_bytes) {
        reasons.push(VisitReason::DiskLow { free_bytes: free });
    }
    reasons
}

/// One kiosk as `kiosk list --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KioskListEntry {
    pub id: String,
    pub name: String,
    pub state: KioskState,
    /// When the last health report arrived (the server's clock).
    pub last_seen: Option<DateTime<Utc>>,
    /// The last report as the kiosk sent it.
    pub health: Option<KioskHealth>,
    /// The oldest unsent item's age now: its age when reported plus the time since.
    pub oldest_unsent_secs_now: Option<u64>,
    pub needs_visit: bool,
    /// The reasons, worded as in the text listing.
    pub reasons: Vec<String>,
}

/// `status` as `kiosk list --json` prints it, judged at `now`.
pub fn list_entry(status: &KioskStatus, now: DateTime<Utc>, rules: &VisitRules) -> KioskListEntry {
    let reasons: Vec<String> = visit_reasons(status, now, rules)
        .iter()
        .map(ToString::to_string)
        .collect();
    KioskListEntry {
        id: status.kiosk.id.clone(),
        name: status.kiosk.name.clone(),
        state: KioskState::of(&status.kiosk),
        last_seen: status.health.as_ref().map(|h| h.received_at),
        health: status.health.as_ref().map(|h| h.health.clone()),
        oldest_unsent_secs_now: oldest_unsent_now(status, now)
            .map(|d| u64::try_from(d.num_seconds()).unwrap_or(0)),
        needs_visit: !reasons.is_empty(),
        reasons,
    }
}

/// `status` as one line of `kiosk list`, judged at `now`: tab-separated fields, each labelled,
/// `?` for what the kiosk has not reported, the verdict last.
///
/// `<id>  <name>  <state>  last seen <UTC time> (<age> ago)|never seen  version <v>
/// printer <state>  paper low|ok  unsent <n>[ (oldest <age>)]  disk free <size>
/// OK|NEEDS A VISIT: <reason>, <reason>|-`
pub fn list_line(status: &KioskStatus, now: DateTime<Utc>, rules: &VisitRules) -> String {
    let state = KioskState::of(&status.kiosk);
    let report = status.health.as_ref();
    let seen = report.map_or_else(
        || "never seen".to_owned(),
        |r| {
            format!(
                "last seen {} ({} ago)",
                r.received_at.format("%Y-%m-%d %H:%M:%S UTC"),
                age(now - r.received_at)
            )
        },
    );
    let h = report.map(|r| &r.health);
    let version = h.map_or("?", |h| h.version.as_str());
    let printer = h.map_or("?", |h| printer_words(h.printer));
    let paper = match h {
        None => "?",
        Some(h) if h.paper_low => "low",
        Some(_) => "ok",
    };
    let unsent = match (h, oldest_unsent_now(status, now)) {
        (None, _) => "?".to_owned(),
        (Some(h), Some(oldest)) => format!("{} (oldest {})", h.unsent, age(oldest)),
        (Some(h), None) => h.unsent.to_string(),
    };
    let disk = h
        .and_then(|h| h.disk_free_bytes)
        .map_or_else(|| "?".to_owned(), bytes);
    let reasons = visit_reasons(status, now, rules);
    let verdict = if state != KioskState::Enrolled {
        "-".to_owned()
    } else if reasons.is_empty() {
        "OK".to_owned()
    } else {
        let words: Vec<String> = reasons.iter().map(ToString::to_string).collect();
        format!("NEEDS A VISIT: {}", words.join(", "))
    };
    format!(
        "{}\t{}\t{}\t{seen}\tversion {version}\tprinter {printer}\tpaper {paper}\tunsent {unsent}\tdisk free {disk}\t{verdict}",
        status.kiosk.id,
        status.kiosk.name,
        state.as_str(),
    )
}

/// How old the oldest unsent item is at `now`: its age when reported plus the time since.
fn oldest_unsent_now(status: &KioskStatus, now: DateTime<Utc>) -> Option<TimeDelta> {
    let report = status.health.as_ref()?;
    let secs = i64::try_from(report.health.oldest_unsent_secs?).unwrap_or(i64::MAX);
    let since = (now - report.received_at).max(TimeDelta::zero());
    Some(
        TimeDelta::try_seconds(secs)
            .and_then(|d| d.checked_add(&since))
            .unwrap_or(TimeDelta::MAX),
    )
}

fn printer_words(p: PrinterHealth) -> &'static str {
    match p {
        PrinterHealth::NotConfigured => "none",
        PrinterHealth::Unknown => "unknown",
        PrinterHealth::Ready => "ready",
        PrinterHealth::PaperOut => "paper out",
        PrinterHealth::CoverOpen => "cover open",
        PrinterHealth::Offline => "offline",
        PrinterHealth::Error => "error",
    }
}

/// A duration as a person reads it at a glance: `45s`, `12m`, `2h 05m`, `3d 4h`.
pub fn age(d: TimeDelta) -> String {
    let s = d.num_seconds().max(0);
    let (days, hours, minutes) = (s / 86_400, s / 3600 % 24, s / 60 % 60);
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{minutes}m")
    } else if s < 86_400 {
        format!("{hours}h {minutes:02}m")
    } else {
        format!("{days}d {hours}h")
    }
}

/// A size in binary units, one decimal from GiB up: `800 KiB`, `512 MiB`, `12.4 GiB`.
pub fn bytes(b: u64) -> String {
    const KIB: u64 = 1 << 10;
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    const TIB: u64 = 1 << 40;
    // Exact enough for a display: sizes below 2^53 bytes convert without loss.
    #[allow(clippy::cast_precision_loss)]
    let tenths = |unit: u64| (b as f64 / unit as f64 * 10.0).round() / 10.0;
    if b < KIB {
        format!("{b} B")
    } else if b < MIB {
        format!("{} KiB", b / KIB)
    } else if b < GIB {
        format!("{} MiB", b / MIB)
    } else if b < TIB {
        format!("{:.1} GiB", tenths(GIB))
    } else {
        format!("{:.1} TiB", tenths(TIB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::HealthReport;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, h, m, 0).unwrap()
    }

    fn healthy() -> KioskHealth {
        KioskHealth {
            version: "0.3.0".into(),
            printer: PrinterHealth::Ready,
            paper_low: false,
            unsent: 0,
            oldest_unsent_secs: None,
            disk_free_bytes: Some(20 << 30),
        }
    }

    fn kiosk(health: Option<(DateTime<Utc>, KioskHealth)>) -> KioskStatus {
        KioskStatus {
            kiosk: KioskRow {
                id: "k-1".into(),
                name: "Lobby 1".into(),
                created_at: at(8, 0),
                enrolled_at: Some(at(8, 5)),
                revoked_at: None,
                last_report_at: None,
            },
            health: health.map(|(received_at, health)| HealthReport {
                received_at,
                health,
            }),
        }
    }

    fn reasons(s: &KioskStatus, now: DateTime<Utc>) -> Vec<VisitReason> {
        visit_reasons(s, now, &VisitRules::default())
    }

    #[test]
    fn a_healthy_kiosk_seen_lately_needs_no_visit() {
        let s = kiosk(Some((at(10, 0), healthy())));
        assert_eq!(reasons(&s, at(10, 30)), vec![]);
        assert!(list_line(&s, at(10, 30), &VisitRules::default()).ends_with("\tOK"));
    }

    #[test]
    fn silence_longer_than_the_threshold_is_offline() {
        let s = kiosk(Some((at(10, 0), healthy())));
        assert_eq!(
            reasons(&s, at(10, 31)),
            vec![VisitReason::Offline {
                for_: TimeDelta::minutes(31)
            }]
        );
        let strict = VisitRules {
            offline_after: TimeDelta::minutes(5),
            ..VisitRules::default()
        };
        assert_eq!(visit_reasons(&s, at(10, 6), &strict).len(), 1);
        assert_eq!(visit_reasons(&s, at(10, 5), &strict), vec![]);
    }

    #[test]
    fn a_kiosk_never_seen_is_flagged_once_the_threshold_passed_since_enrollment() {
        let s = kiosk(None);
        assert_eq!(reasons(&s, at(8, 30)), vec![]);
        assert_eq!(reasons(&s, at(9, 0)), vec![VisitReason::NeverSeen]);
    }

    #[test]
    fn a_printer_that_cannot_print_is_flagged_and_says_how() {
        for (p, words) in [
            (PrinterHealth::PaperOut, "printer: paper out"),
            (PrinterHealth::CoverOpen, "printer: cover open"),
            (PrinterHealth::Offline, "printer: offline"),
            (PrinterHealth::Error, "printer: error"),
        ] {
            let s = kiosk(Some((
                at(10, 0),
                KioskHealth {
                    printer: p,
                    paper_low: true,
                    ..healthy()
                },
            )));
            // Paper low is not repeated when the printer is down.
            assert_eq!(reasons(&s, at(10, 1)), vec![VisitReason::Printer(p)]);
            assert!(list_line(&s, at(10, 1), &VisitRules::default())
                .ends_with(&format!("\tNEEDS A VISIT: {words}")));
        }
        for p in [
            PrinterHealth::Ready,
            PrinterHealth::Unknown,
            PrinterHealth::NotConfigured,
        ] {
            let s = kiosk(Some((
                at(10, 0),
                KioskHealth {
                    printer: p,
                    ..healthy()
                },
            )));
            assert_eq!(reasons(&s, at(10, 1)), vec![], "{p:?}");
        }
    }

    #[test]
    fn low_paper_and_a_full_disk_are_reasons_of_their_own() {
        let s = kiosk(Some((
            at(10, 0),
            KioskHealth {
                paper_low: true,
                disk_free_bytes: Some(512 << 20),
                ..healthy()
            },
        )));
        assert_eq!(
            reasons(&s, at(10, 40)),
            vec![
                VisitReason::Offline {
                    for_: TimeDelta::minutes(40)
                },
                VisitReason::PaperLow,
                VisitReason::DiskLow {
                    free_bytes: 512 << 20
                }
            ]
        );
        assert!(list_line(&s, at(10, 40), &VisitRules::default())
            .ends_with("\tNEEDS A VISIT: offline for 40m, paper low, disk low: 512 MiB free"));
        // Exactly the threshold is enough; an unknown free space is not flagged.
        let enough = kiosk(Some((
            at(10, 0),
            KioskHealth {
                disk_free_bytes: Some(1 << 30),
                ..healthy()
            },
        )));
        assert_eq!(reasons(&enough, at(10, 1)), vec![]);
        let unknown = kiosk(Some((
            at(10, 0),
            KioskHealth {
                disk_free_bytes: None,
                ..healthy()
            },
        )));
        assert_eq!(reasons(&unknown, at(10, 1)), vec![]);
    }

    #[test]
    fn revoked_and_unenrolled_kiosks_are_out_of_service() {
        let mut revoked = kiosk(Some((
            at(8, 0),
            KioskHealth {
                printer: PrinterHealth::PaperOut,
                ..healthy()
            },
        )));
        revoked.kiosk.revoked_at = Some(at(9, 0));
        assert_eq!(reasons(&revoked, at(20, 0)), vec![]);
        assert!(list_line(&revoked, at(20, 0), &VisitRules::default()).ends_with("\t-"));
        let mut waiting = kiosk(None);
        waiting.kiosk.enrolled_at = None;
        assert_eq!(reasons(&waiting, at(20, 0)), vec![]);
    }

    #[test]
    fn the_line_shows_every_field_and_ages_the_oldest_unsent_item() {
        let s = kiosk(Some((
            at(10, 0),
            KioskHealth {
                unsent: 3,
                oldest_unsent_secs: Some(300),
                ..healthy()
            },
        )));
        assert_eq!(
            list_line(&s, at(10, 2), &VisitRules::default()),
            "k-1\tLobby 1\tenrolled\tlast seen 2026-12-07 10:00:00 UTC (2m ago)\tversion 0.3.0\t\
             printer ready\tpaper ok\tunsent 3 (oldest 7m)\tdisk free 20.0 GiB\tOK"
        );
        assert_eq!(
            list_line(&kiosk(None), at(8, 10), &VisitRules::default()),
            "k-1\tLobby 1\tenrolled\tnever seen\tversion ?\tprinter ?\tpaper ?\tunsent ?\t\
             disk free ?\tOK"
        );
        let entry = list_entry(&s, at(10, 2), &VisitRules::default());
        assert_eq!(entry.oldest_unsent_secs_now, Some(420));
        assert!(!entry.needs_visit);
    }

    #[test]
    fn ages_and_sizes_read_at_a_glance() {
        assert_eq!(age(TimeDelta::seconds(-5)), "0s");
        assert_eq!(age(TimeDelta::seconds(59)), "59s");
        assert_eq!(age(TimeDelta::minutes(12)), "12m");
        assert_eq!(age(TimeDelta::minutes(125)), "2h 05m");
        assert_eq!(age(TimeDelta::hours(76)), "3d 4h");
        assert_eq!(bytes(900), "900 B");
        assert_eq!(bytes(800 << 10), "800 KiB");
        assert_eq!(bytes(512 << 20), "512 MiB");
        assert_eq!(bytes((12 << 30) + (400 << 20)), "12.4 GiB");
        assert_eq!(bytes(3 << 40), "3.0 TiB");
    }
}
