//! The promises, as pure checks over what the simulation accepted (its model, plain data) and
//! what it read from the server's database and each kiosk's store after a step.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// A booking `Store::book` accepted: its notice was printed (or queued), perhaps offline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub kiosk: usize,
    pub id: Uuid,
    pub number: u32,
    pub official: String,
    pub date: NaiveDate,
    /// The true (simulated) time it was booked.
    pub at: DateTime<Utc>,
    pub fin: String,
    pub document: String,
}

/// A cancellation or a comment a citizen queued at a kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    Cancel,
    Comment,
}

/// What became of a queued action, as its kiosk's store says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionState {
    Queued,
    Delivered,
    Refused(String),
    /// The store does not know it (lost).
    Missing,
}

/// One queued action and how many times the server applied it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionSeen {
    pub kind: ActionKind,
    pub kiosk: usize,
    pub booking: Uuid,
    pub state: ActionState,
    /// Comments: the server's events with this action's key. Cancellations: the booking's
    /// "cancelled" events (every cancellation of one booking is the same one).
    pub applied: u64,
}

/// A booking as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerBooking {
    pub id: String,
    pub number: u32,
    pub official: String,
    pub date: NaiveDate,
    pub cancelled: bool,
}

/// What one kiosk's store holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KioskSeen {
    /// (booking id, application number).
    pub bookings: Vec<(String, u32)>,
    /// Bookings whose outbox entry the server acknowledged.
    pub delivered: Vec<String>,
    /// Bookings whose outbox entry the server refused, with its code.
    pub refused: Vec<(String, String)>,
}

/// Everything read after a step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    pub server: Vec<ServerBooking>,
    pub kiosks: Vec<KioskSeen>,
    pub actions: Vec<ActionSeen>,
}

/// A broken promise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub invariant: &'static str,
    pub details: String,
}

fn broken(invariant: &'static str, details: String) -> Result<(), Broken> {
    Err(Broken { invariant, details })
}

/// A lease place was spent at true time `at`; the server had granted that lease until
/// `ends_at` (`None`: the server holds no such lease).
pub fn lease_in_time(
    booking: &Accepted,
    ends_at: Option<DateTime<Utc>>,
    kiosk_judged: DateTime<Utc>,
) -> Result<(), Broken> {
    match ends_at {
        Some(end) if booking.at < end => Ok(()),
        Some(end) => broken(
            "lease spent after its end",
            format!(
                "kiosk {} booked #{} ({} on {}) at {} but the server's lease ended at {} \
                 (the kiosk judged the time {})",
                booking.kiosk,
                booking.number,
                booking.official,
                booking.date,
                booking.at,
                end,
                kiosk_judged
            ),
        ),
        None => broken(
            "lease spent after its end",
            format!(
                "kiosk {} booked #{} ({} on {}) from a lease the server never granted",
                booking.kiosk, booking.number, booking.official, booking.date
            ),
        ),
    }
}

/// Every invariant that holds after every step; with `end`, also those that hold once the
/// network healed and the kiosks synced until quiet.
pub fn check(
    accepted: &[Accepted],
    seen: &Observed,
    capacity: impl Fn(&str, NaiveDate) -> Option<u32>,
    end: bool,
) -> Result<(), Broken> {
    capacity_holds(seen, capacity)?;
    numbers_unique(seen)?;
    // Before "nothing lost": a refused booking never reaches the server, and the refusal is
    // the more precise report.
    offline_notices_honoured(accepted, seen)?;
    nothing_lost(accepted, seen, end)?;
    actions_once(seen, end)
}

/// No official's day has more active bookings on the server than the catalog's capacity.
pub fn capacity_holds(
    seen: &Observed,
    capacity: impl Fn(&str, NaiveDate) -> Option<u32>,
) -> Result<(), Broken> {
    let mut per_day: BTreeMap<(&str, NaiveDate), u32> = BTreeMap::new();
    for b in seen.server.iter().filter(|b| !b.cancelled) {
        *per_day.entry((&b.official, b.date)).or_default() += 1;
    }
    for ((official, date), count) in per_day {
        match capacity(official, date) {
            Some(cap) if count <= cap => {}
            cap => {
                return broken(
                    "day over capacity",
                    format!("{official} on {date}: {count} active bookings, capacity {cap:?}"),
                )
            }
        }
    }
    Ok(())
}

/// One application number, one booking, across every kiosk and the server.
pub fn numbers_unique(seen: &Observed) -> Result<(), Broken> {
    let mut owner: BTreeMap<u32, (&str, String)> = BTreeMap::new();
    let server = seen
        .server
        .iter()
        .map(|b| ("server".to_owned(), b.id.as_str(), b.number));
    let kiosks = seen.kiosks.iter().enumerate().flat_map(|(k, s)| {
        s.bookings
            .iter()
            .map(move |(id, n)| (format!("kiosk {k}"), id.as_str(), *n))
    });
    for (place, id, number) in server.chain(kiosks) {
        match owner.get(&number) {
            Some((other, at)) if *other != id => {
                return broken(
                    "application numbers unique",
                    format!("#{number} is booking {other} at {at} and booking {id} at {place}"),
                )
            }
            Some(_) => {}
            None => {
                owner.insert(number, (id, place));
            }
        }
    }
    Ok(())
}

/// Every accepted booking is in its kiosk's store; once acknowledged it is on the server; at
/// the end every one of them is on the server.
pub fn nothing_lost(accepted: &[Accepted], seen: &Observed, end: bool) -> Result<(), Broken> {
    let on_server: BTreeSet<&str> = seen.server.iter().map(|b| b.id.as_str()).collect();
    for (k, kiosk) in seen.kiosks.iter().enumerate() {
        for id in &kiosk.delivered {
            if !on_server.contains(id.as_str()) {
                return broken(
                    "no accepted booking lost",
                    format!("kiosk {k}'s booking {id} was acknowledged but is not on the server"),
                );
            }
        }
    }
    for a in accepted {
        let id = a.id.hyphenated().to_string();
        let stored = seen
            .kiosks
            .get(a.kiosk)
            .is_some_and(|k| k.bookings.iter().any(|(b, _)| *b == id));
        if !stored {
            return broken(
                "no accepted booking lost",
                format!(
                    "booking #{} is gone from kiosk {}'s store",
                    a.number, a.kiosk
                ),
            );
        }
        if end && !on_server.contains(id.as_str()) {
            return broken(
                "no accepted booking lost",
                format!(
                    "booking #{} of kiosk {} never reached the server after healing",
                    a.number, a.kiosk
                ),
            );
        }
    }
    Ok(())
}

/// A booking from a lease (its notice printed, perhaps offline) is never refused.
pub fn offline_notices_honoured(accepted: &[Accepted], seen: &Observed) -> Result<(), Broken> {
    for (k, kiosk) in seen.kiosks.iter().enumerate() {
        if let Some((id, code)) = kiosk.refused.first() {
            let number = accepted
                .iter()
                .find(|a| a.id.hyphenated().to_string() == *id)
                .map_or_else(
                    || "not in the model".to_owned(),
                    |a| format!("#{}", a.number),
                );
            return broken(
                "notice printed offline honoured",
                format!("the server refused kiosk {k}'s booking {number} ({id}): {code}"),
            );
        }
    }
    Ok(())
}

/// Every comment and cancellation applied at most once, exactly once once delivered; at the
/// end none is still queued.
pub fn actions_once(seen: &Observed, end: bool) -> Result<(), Broken> {
    for a in &seen.actions {
        let what = match a.kind {
            ActionKind::Cancel => "cancellation",
            ActionKind::Comment => "comment",
        };
        let bad = match (&a.state, a.applied) {
            (_, n) if n > 1 => Some(format!("applied {n} times")),
            (ActionState::Delivered, 0) => Some("delivered but not on the server".into()),
            (ActionState::Missing, _) => Some("gone from its kiosk's store".into()),
            (ActionState::Queued, _) if end => Some("still queued after healing".into()),
            _ => None,
        };
        if let Some(bad) = bad {
            return broken(
                "comment or cancellation applied exactly once",
                format!(
                    "a {what} of booking {} queued at kiosk {}: {bad} ({:?})",
                    a.booking, a.kiosk, a.state
                ),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, 13).unwrap()
    }

    fn accepted(kiosk: usize, n: u32) -> Accepted {
        Accepted {
            kiosk,
            id: Uuid::from_u128(n as u128),
            number: n,
            official: "o1".into(),
            date: day(),
            at: Utc.with_ymd_and_hms(2027, 1, 11, 10, 0, 0).unwrap(),
            fin: "1000001".into(),
            document: "AA0000001".into(),
        }
    }

    fn server(n: u32) -> ServerBooking {
        ServerBooking {
            id: Uuid::from_u128(n as u128).hyphenated().to_string(),
            number: n,
            official: "o1".into(),
            date: day(),
            cancelled: false,
        }
    }

    fn kiosk_with(ns: &[u32]) -> KioskSeen {
        KioskSeen {
            bookings: ns
                .iter()
                .map(|&n| (Uuid::from_u128(n as u128).hyphenated().to_string(), n))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_lease_spent_at_or_after_its_end_is_caught() {
        let a = accepted(0, 1);
        let at = a.at;
        assert!(lease_in_time(&a, Some(at + chrono::TimeDelta::seconds(1)), at).is_ok());
        let err = lease_in_time(&a, Some(at), at).unwrap_err();
        assert_eq!(err.invariant, "lease spent after its end");
        assert!(lease_in_time(&a, None, at).is_err());
    }

    #[test]
    fn a_day_over_capacity_is_caught_and_cancelled_bookings_do_not_count() {
        let mut seen = Observed {
            server: vec![server(1), server(2)],
            ..Default::default()
        };
        assert!(capacity_holds(&seen, |_, _| Some(2)).is_ok());
        assert_eq!(
            capacity_holds(&seen, |_, _| Some(1)).unwrap_err().invariant,
            "day over capacity"
        );
        seen.server[1].cancelled = true;
        assert!(capacity_holds(&seen, |_, _| Some(1)).is_ok());
    }

    #[test]
    fn one_number_for_two_bookings_is_caught() {
        let mut seen = Observed {
            server: vec![server(7)],
            kiosks: vec![kiosk_with(&[7])],
            ..Default::default()
        };
        assert!(
            numbers_unique(&seen).is_ok(),
            "the same booking in two places"
        );
        seen.kiosks[0].bookings[0].0 = Uuid::from_u128(99).hyphenated().to_string();
        assert_eq!(
            numbers_unique(&seen).unwrap_err().invariant,
            "application numbers unique"
        );
    }

    #[test]
    fn a_booking_lost_from_its_kiosk_or_never_on_the_server_is_caught() {
        let a = [accepted(0, 3)];
        let mut seen = Observed {
            kiosks: vec![kiosk_with(&[3])],
            ..Default::default()
        };
        assert!(nothing_lost(&a, &seen, false).is_ok());
        assert!(
            nothing_lost(&a, &seen, true).is_err(),
            "not on the server at the end"
        );
        seen.server.push(server(3));
        assert!(nothing_lost(&a, &seen, true).is_ok());
        seen.kiosks[0].delivered.push("elsewhere".into());
        assert!(
            nothing_lost(&a, &seen, false).is_err(),
            "acknowledged, not there"
        );
        seen.kiosks[0] = KioskSeen::default();
        assert!(
            nothing_lost(&a, &seen, false).is_err(),
            "gone from the store"
        );
    }

    #[test]
    fn a_refused_lease_booking_is_caught() {
        let mut seen = Observed {
            kiosks: vec![kiosk_with(&[3])],
            ..Default::default()
        };
        assert!(offline_notices_honoured(&[accepted(0, 3)], &seen).is_ok());
        seen.kiosks[0].refused.push(("x".into(), "no-lease".into()));
        assert!(offline_notices_honoured(&[accepted(0, 3)], &seen).is_err());
    }

    #[test]
    fn an_action_applied_twice_or_delivered_without_effect_is_caught() {
        let action = |state, applied| ActionSeen {
            kind: ActionKind::Comment,
            kiosk: 0,
            booking: Uuid::from_u128(1),
            state,
            applied,
        };
        let ok = |a: ActionSeen, end| {
            actions_once(
                &Observed {
                    actions: vec![a],
                    ..Default::default()
                },
                end,
            )
            .is_ok()
        };
        assert!(ok(action(ActionState::Delivered, 1), true));
        assert!(ok(action(ActionState::Queued, 0), false));
        assert!(ok(
            action(ActionState::Refused("not-found".into()), 0),
            true
        ));
        assert!(!ok(action(ActionState::Delivered, 2), false));
        assert!(!ok(action(ActionState::Delivered, 0), false));
        assert!(!ok(action(ActionState::Queued, 0), true));
        assert!(!ok(action(ActionState::Missing, 0), false));
    }
}
