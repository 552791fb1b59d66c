use std::collections::BTreeSet;
use std::fmt;

use crate::Lang;

/// A day of the working week, numbered as the authorities number them: Monday is the "first day".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    Mon = 1,
    Tue = 2,
    Wed = 3,
    Thu = 4,
    Fri = 5,
    Sat = 6,
    Sun = 7,
}

impl Weekday {
    pub const WORKING: [Weekday; 5] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ];
    const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// The weekday with ISO number `n` (1 = Monday … 7 = Sunday).
    pub fn from_number(n: u8) -> Option<Weekday> {
        Weekday::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    pub fn number(self) -> u8 {
        self as u8
    }

    /// "birinci", "ikinci" …: the seed writes reception days as ordinals of the week.
    pub fn az_ordinal(self) -> &'static str {
        [
            "birinci",
            "ikinci",
            "üçüncü",
            "dördüncü",
            "beşinci",
            "altıncı",
            "yeddinci",
        ][self as usize - 1]
    }

    /// Plural dative, as in "по понедельникам".
    fn ru_plural(self) -> &'static str {
        [
            "понедельникам",
            "вторникам",
            "средам",
            "четвергам",
            "пятницам",
            "субботам",
            "воскресеньям",
        ][self as usize - 1]
    }

    fn en_plural(self) -> &'static str {
        [
            "Mondays",
            "Tuesdays",
            "Wednesdays",
            "Thursdays",
            "Fridays",
            "Saturdays",
            "Sundays",
        ][self as usize - 1]
    }
}

/// A time of day, minutes after midnight; the wire and the screen write it `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

impl ClockTime {
    pub fn new(hour: u8, minute: u8) -> Option<ClockTime> {
        (hour < 24 && minute < 60).then(|| ClockTime(u16::from(hour) * 60 + u16::from(minute)))
    }

    /// Parses `HH:MM` (or `H:MM`).
    pub fn parse(s: &str) -> Option<ClockTime> {
        let (h, m) = s.trim().split_once(':')?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        ClockTime::new(h.parse().ok()?, m.parse().ok()?)
    }
}

impl ClockTime {
    /// The ablative suffix ("from") for this time as it is read aloud: "10:00-dan" (on),
    /// "11:00-dən" (on bir), "10:30-dan" (on otuz). Vowel harmony follows the last number word.
    fn az_ablative(self) -> &'static str {
        let (hour, minute) = (self.0 / 60, self.0 % 60);
        let spoken_last = if minute == 0 { hour } else { minute };
        if az_number_ends_back_vowel(spoken_last) {
            "dan"
        } else {
            "dən"
        }
    }
}

/// Whether the Azerbaijani reading of `n` (0–59) ends in a word whose last vowel is back
/// (a, ı, o, u), which takes "-dan"; front vowels (e, ə, i, ö, ü) take "-dən".
fn az_number_ends_back_vowel(n: u16) -> bool {
    // Units 1–9: bir iki üç dörd beş altı yeddi səkkiz doqquz.
    const UNITS_BACK: [bool; 10] = [
        true, false, false, false, false, false, true, false, false, true,
    ];
    // Tens 0–50: sıfır on iyirmi otuz qırx əlli.
    const TENS_BACK: [bool; 6] = [true, true, false, true, true, false];
    match n % 10 {
        0 => TENS_BACK[usize::from(n / 10).min(5)],
        units => UNITS_BACK[usize::from(units)],
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// The hours of a reception day (qəbul saatı).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceptionHours {
    /// "bütün iş saatı": the whole working day.
    AllWorkingHours,
    /// "10:00-dan": from a time until the end of the working day.
    From(ClockTime),
    /// "10:00-dan 13:00-dək".
    Between(ClockTime, ClockTime),
}

/// When an official receives citizens: the weekly days and the hours (the seed's Şəkil 4), and
/// optionally how many citizens a reception day takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceptionRule {
    days: BTreeSet<Weekday>,
    hours: ReceptionHours,
    capacity: Option<u32>,
}

/// A rule that cannot describe a real reception.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidRule {
    #[error("a reception rule needs at least one reception day")]
    NoDays,
    #[error("reception hours end ({end}) before they start ({start})")]
    EndsBeforeStart { start: ClockTime, end: ClockTime },
}

/// A rule written out for people, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleText {
    pub days: String,
    pub hours: String,
}

impl ReceptionRule {
    /// A rule from values known to be valid (tests, examples). Data from outside goes through
    /// [`ReceptionRule::try_new`]; a rule built here without days still describes itself honestly
    /// ("qəbul günü yoxdur") rather than as an empty list.
    pub fn new(days: impl IntoIterator<Item = Weekday>, hours: ReceptionHours) -> ReceptionRule {
        ReceptionRule {
            days: days.into_iter().collect(),
            hours,
            capacity: None,
        }
    }

    /// The same rule, taking at most `places` citizens a day.
    pub fn with_capacity(self, places: u32) -> ReceptionRule {
        ReceptionRule {
            capacity: Some(places),
            ..self
        }
    }

    /// Citizens a reception day takes; `None` when the authority sets no limit.
    pub fn capacity(&self) -> Option<u32> {
        self.capacity
    }

    /// Whether `day` is one of the rule's weekly reception days.
    pub fn receives_on(&self, day: Weekday) -> bool {
        self.days.contains(&day)
    }

    /// A rule from untrusted data: at least one day, and hours that do not end before they start.
    pub fn try_new(
        days: impl IntoIterator<Item = Weekday>,
        hours: ReceptionHours,
    ) -> Result<ReceptionRule, InvalidRule> {
        let rule = ReceptionRule::new(days, hours);
        if rule.days.is_empty() {
            return Err(InvalidRule::NoDays);
        }
        if let ReceptionHours::Between(start, end) = hours {
            if end <= start {
                return Err(InvalidRule::EndsBeforeStart { start, end });
            }
        }
        Ok(rule)
    }

    pub fn days(&self) -> impl Iterator<Item = Weekday> + '_ {
        self.days.iter().copied()
    }

    pub fn hours(&self) -> ReceptionHours {
        self.hours
    }

    fn every_working_day(&self) -> bool {
        self.days.iter().copied().eq(Weekday::WORKING)
    }

    /// The rule as the authority would publish it, in `lang`.
    pub fn describe(&self, lang: Lang) -> RuleText {
        RuleText {
            days: self.describe_days(lang),
            hours: describe_hours(self.hours, lang),
        }
    }

    fn describe_days(&self, lang: Lang) -> String {
        if self.days.is_empty() {
            return match lang {
                Lang::Az => "qəbul günü yoxdur",
                Lang::Ru => "нет дней приёма",
                Lang::En => "no reception days",
            }
            .to_owned();
        }
        if self.every_working_day() {
            return match lang {
                Lang::Az => "həftənin bütün iş günləri",
                Lang::Ru => "все рабочие дни недели",
                Lang::En => "every working day",
            }
            .to_owned();
        }
        let names = |f: fn(Weekday) -> &'static str| -> Vec<&'static str> {
            self.days.iter().copied().map(f).collect()
        };
        match lang {
            Lang::Az => format!("{} günlər", names(Weekday::az_ordinal).join(", ")),
            Lang::Ru => format!("по {}", join_with_and(&names(Weekday::ru_plural), "и")),
            Lang::En => join_with_and(&names(Weekday::en_plural), "and"),
        }
    }
}

fn describe_hours(hours: ReceptionHours, lang: Lang) -> String {
    match (hours, lang) {
        (ReceptionHours::AllWorkingHours, Lang::Az) => "bütün iş saatı".to_owned(),
        (ReceptionHours::AllWorkingHours, Lang::Ru) => "весь рабочий день".to_owned(),
        (ReceptionHours::AllWorkingHours, Lang::En) => "all working hours".to_owned(),
        (ReceptionHours::From(t), Lang::Az) => format!("{t}-{}", t.az_ablative()),
        (ReceptionHours::From(t), Lang::Ru) => format!("с {t}"),
        (ReceptionHours::From(t), Lang::En) => format!("from {t}"),
        (ReceptionHours::Between(a, b), Lang::Az) => format!("{a}-{} {b}-dək", a.az_ablative()),
        (ReceptionHours::Between(a, b), Lang::Ru) => format!("с {a} до {b}"),
        (ReceptionHours::Between(a, b), Lang::En) => format!("{a} to {b}"),
    }
}

/// "a, b and c".
fn join_with_and(items: &[&str], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReceptionHours::*;
    use Weekday::*;

    fn ten() -> ClockTime {
        ClockTime::new(10, 0).expect("valid time")
    }

    #[test]
    fn describes_the_seed_officials_rules_as_the_seed_writes_them() {
        let cases = [
            (vec![Mon], From(ten()), "birinci günlər", "10:00-dan"),
            (vec![Tue], From(ten()), "ikinci günlər", "10:00-dan"),
            (vec![Thu], From(ten()), "dördüncü günlər", "10:00-dan"),
            (
                vec![Wed, Fri],
                AllWorkingHours,
                "üçüncü, beşinci günlər",
                "bütün iş saatı",
            ),
            (
                Weekday::WORKING.to_vec(),
                AllWorkingHours,
                "həftənin bütün iş günləri",
                "bütün iş saatı",
            ),
        ];
        for (days, hours, want_days, want_hours) in cases {
            let text = ReceptionRule::new(days, hours).describe(Lang::Az);
            assert_eq!(text.days, want_days);
            assert_eq!(text.hours, want_hours);
        }
    }

    #[test]
    fn describes_rules_in_russian_and_english() {
        let rule = ReceptionRule::new([Wed, Fri], From(ten()));
        assert_eq!(
            rule.describe(Lang::Ru),
            RuleText {
                days: "по средам и пятницам".into(),
                hours: "с 10:00".into()
            }
        );
        assert_eq!(
            rule.describe(Lang::En),
            RuleText {
                days: "Wednesdays and Fridays".into(),
                hours: "from 10:00".into()
            }
        );
        let three = ReceptionRule::new([Mon, Wed, Fri], Between(ten(), ClockTime(13 * 60)));
        assert_eq!(
            three.describe(Lang::En).days,
            "Mondays, Wednesdays and Fridays"
        );
        assert_eq!(three.describe(Lang::Az).hours, "10:00-dan 13:00-dək");
        assert_eq!(three.describe(Lang::Ru).hours, "с 10:00 до 13:00");
    }

    #[test]
    fn a_rule_without_days_says_so_instead_of_an_empty_list() {
        let none = ReceptionRule::new([], AllWorkingHours);
        assert_eq!(none.describe(Lang::Az).days, "qəbul günü yoxdur");
        assert_eq!(none.describe(Lang::Ru).days, "нет дней приёма");
        assert_eq!(none.describe(Lang::En).days, "no reception days");
    }

    #[test]
    fn refuses_a_rule_without_days_or_with_hours_backwards() {
        assert_eq!(
            ReceptionRule::try_new([], AllWorkingHours),
            Err(InvalidRule::NoDays)
        );
        let err = ReceptionRule::try_new([Mon], Between(ClockTime(14 * 60), ten())).unwrap_err();
        assert_eq!(
            err.to_string(),
            "reception hours end (10:00) before they start (14:00)"
        );
    }

    #[test]
    fn the_from_suffix_follows_vowel_harmony_of_the_time_read_aloud() {
        let from = |h, m| describe_hours(From(ClockTime::new(h, m).expect("time")), Lang::Az);
        assert_eq!(from(10, 0), "10:00-dan"); // on
        assert_eq!(from(11, 0), "11:00-dən"); // on bir
        assert_eq!(from(9, 0), "09:00-dan"); // doqquz
        assert_eq!(from(14, 0), "14:00-dən"); // on dörd
        assert_eq!(from(16, 0), "16:00-dan"); // on altı
        assert_eq!(from(20, 0), "20:00-dən"); // iyirmi
        assert_eq!(from(10, 30), "10:30-dan"); // on otuz
        assert_eq!(from(9, 15), "09:15-dən"); // doqquz on beş
        assert_eq!(from(9, 40), "09:40-dan"); // qırx
        assert_eq!(from(8, 50), "08:50-dən"); // əlli
        assert_eq!(
            describe_hours(Between(ClockTime(14 * 60), ClockTime(17 * 60)), Lang::Az),
            "14:00-dən 17:00-dək"
        );
    }

    #[test]
    fn clock_times_parse_only_real_times() {
        assert_eq!(
            ClockTime::parse("9:05").map(|t| t.to_string()),
            Some("09:05".into())
        );
        for bad in ["24:00", "10:60", "10", "10:0", ":30", "ab:cd", "100:00"] {
            assert_eq!(ClockTime::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn weekday_numbers_round_trip() {
        for n in 1..=7 {
            assert_eq!(Weekday::from_number(n).map(Weekday::number), Some(n));
        }
        assert_eq!(Weekday::from_number(0), None);
        assert_eq!(Weekday::from_number(8), None);
    }
}
