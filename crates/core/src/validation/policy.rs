//! The booking policy: how many active bookings one citizen may hold with one official.

use chrono::NaiveDate;

use super::error::t;
use crate::Lang;

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
    /// The stable code.
    pub fn code(&self) -> &'static str {
        "booking-limit-reached"
    }

    /// A short, polite message that says what the citizen can do.
    pub fn message(&self, lang: Lang) -> String {
        let dates = self
            .active_dates
            .iter()
            .map(|d| d.format("%d.%m.%Y").to_string())
            .collect::<Vec<_>>()
            .join(", ");
        match (self.active_dates.as_slice(), lang) {
            ([], _) => t(
                lang,
                "Bu vəzifəli şəxsin qəbuluna hazırda yazılmaq mümkün deyil.",
                "Записаться к этому должностному лицу сейчас нельзя.",
                "Bookings with this official are not possible at the moment.",
            ),
            ([_], Lang::Az) => format!(
                "Siz artıq bu vəzifəli şəxsin qəbuluna yazılmısınız: {dates}. Həmin qəbuldan sonra yenidən yazıla bilərsiniz."
            ),
            ([_], Lang::Ru) => format!(
                "Вы уже записаны к этому должностному лицу на {dates}. Записаться снова можно после этого приёма."
            ),
            ([_], Lang::En) => format!(
                "You already have a booking with this official on {dates}. You can book again after that reception."
            ),
            (_, Lang::Az) => format!(
                "Siz artıq bu vəzifəli şəxsin qəbuluna {} dəfə yazılmısınız: {dates}. Bu qəbullardan sonra yenidən yazıla bilərsiniz.",
                self.active_dates.len()
            ),
            (_, Lang::Ru) => format!(
                "Вы уже записаны к этому должностному лицу на {dates}, это предел. Записаться снова можно после этих приёмов."
            ),
            (_, Lang::En) => format!(
                "You already have {} bookings with this official: {dates}. You can book again after those receptions.",
                self.active_dates.len()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::fixtures::*;
    use crate::Lang;

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
        assert_eq!(
            refusal.message(Lang::Az),
            "Siz artıq bu vəzifəli şəxsin qəbuluna yazılmısınız: 08.04.2015. Həmin qəbuldan sonra yenidən yazıla bilərsiniz."
        );
        assert!(refusal.message(Lang::Ru).contains("08.04.2015"));
        assert!(refusal.message(Lang::En).contains("08.04.2015"));
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
        assert!(refusal.message(Lang::En).contains("07.04.2015, 14.04.2015"));
        let closed = BookingPolicy {
            max_active_per_official: 0,
        };
        let refusal = closed.check("isgenderov-sahin", &[]).unwrap_err();
        for lang in Lang::ALL {
            assert!(!refusal.message(lang).is_empty());
        }
    }
}
