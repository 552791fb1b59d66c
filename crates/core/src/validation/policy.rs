//! The booking policy: how many active bookings one citizen may hold with one official.

use chrono::NaiveDate;

/// How many active bookings one citizen may hold with one official, so that one person cannot
/// take every place. The default is 1; 0 refuses every booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingPolicy {
    pub max_active_per_official: usize,
}

impl Default for BookingPolicy {
    fn default() -> Self {
        BookingPolicy {
            max_active_per_official: 1,
        }
    }
}

/// One of the citizen's bookings that is still active (not closed, not yet held), as the caller
/// found it for this citizen (by FİN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveBooking {
    pub official_id: String,
    pub reception_date: NaiveDate,
}

impl BookingPolicy {
    /// May the citizen whose active bookings are `active` book `official_id` once more?
    pub fn check(&self, official_id: &str, active: &[ActiveBooking]) -> Result<(), PolicyRefusal> {
        let mut dates: Vec<NaiveDate> = active
            .iter()
            .filter(|b| b.official_id == official_id)
            .map(|b| b.reception_date)
            .collect();
        if dates.len() < self.max_active_per_official {
            return Ok(());
        }
        dates.sort();
        Err(PolicyRefusal {
            official_id: official_id.to_owned(),
            max: self.max_active_per_official,
            active_dates: dates,
        })
    }
}

/// The policy's refusal: the citizen already holds as many bookings with this official as allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("booking-limit-reached: {} active booking(s) with official {official_id:?}, at most {max}", active_dates.len())]
pub struct PolicyRefusal {
    pub official_id: String,
    pub max: usize,
    /// The reception dates already booked with this official, earliest first.
    pub active_dates: Vec<NaiveDate>,
}

impl PolicyRefusal {
    /// The stable code. The words (naming [`active_dates`](Self::active_dates)) are qebul-l10n's.
    pub fn code(&self) -> &'static str {
        "booking-limit-reached"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::fixtures::*;

    // ----- policy -----

    #[test]
    fn citizen_with_no_booking_may_book() {
        assert_eq!(
            BookingPolicy::default().check("isgenderov-sahin", &[]),
            Ok(())
        );
    }

    #[test]
    fn second_booking_with_the_same_official_is_refused() {
        let refusal = BookingPolicy::default()
            .check("isgenderov-sahin", &[active("isgenderov-sahin", 8)])
            .unwrap_err();
        assert_eq!(refusal.code(), "booking-limit-reached");
        assert_eq!(refusal.active_dates, [date(2015, 4, 8)]);
        assert_eq!(refusal.max, 1);
    }

    #[test]
    fn booking_with_another_official_is_not_limited() {
        assert_eq!(
            BookingPolicy::default().check("sahbazov-zakir", &[active("isgenderov-sahin", 8)]),
            Ok(())
        );
    }

    #[test]
    fn limit_per_official_is_configurable() {
        let two = BookingPolicy {
            max_active_per_official: 2,
        };
        let one = [active("isgenderov-sahin", 14)];
        assert_eq!(two.check("isgenderov-sahin", &one), Ok(()));
        let both = [
            active("isgenderov-sahin", 14),
            active("isgenderov-sahin", 7),
        ];
        let refusal = two.check("isgenderov-sahin", &both).unwrap_err();
        assert_eq!(refusal.active_dates, [date(2015, 4, 7), date(2015, 4, 14)]);
        let closed = BookingPolicy {
            max_active_per_official: 0,
        };
        let refusal = closed.check("isgenderov-sahin", &[]).unwrap_err();
        assert_eq!((refusal.max, refusal.active_dates.len()), (0, 0));
    }
}
