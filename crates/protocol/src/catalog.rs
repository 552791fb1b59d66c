//! The catalog: what an authority publishes for its lobby kiosks.

use chrono::NaiveDate;
use qebul_core::calendar::WorkingCalendar;
use qebul_core::{ClockTime, InvalidRule, ReceptionHours, ReceptionRule, Weekday};
use serde::{Deserialize, Serialize};

/// What an authority publishes for its lobby kiosks: who receives citizens, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Increases with every change the server makes.
    pub version: u64,
    pub authority: Authority,
    pub officials: Vec<Official>,
    /// Müraciət istiqamətləri: what an application is about.
    #[serde(default)]
    pub topics: Vec<Choice>,
    /// Sosial statuslar.
    #[serde(default)]
    pub social_statuses: Vec<Choice>,
    /// Güzəştlər: privileges a citizen may claim.
    #[serde(default)]
    pub privileges: Vec<Choice>,
    /// Holidays and decrees: data from the server, never constants in the kiosk.
    #[serde(default)]
    pub calendar: CalendarWire,
    /// Days whose capacity differs from the official's `daily_capacity`.
    #[serde(default)]
    pub capacity_overrides: Vec<CapacityOverride>,
}

/// One entry of a list the citizen picks from (topic, social status, privilege).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub name: LocalizedText,
}

/// The working calendar on the wire: ISO weekday numbers and `YYYY-MM-DD` dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarWire {
    pub weekend: Vec<u8>,
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
    #[serde(default)]
    pub moved_off: Vec<NaiveDate>,
    #[serde(default)]
    pub moved_on: Vec<MovedOnDay>,
    #[serde(default)]
    pub shortened: Vec<NaiveDate>,
}

impl Default for CalendarWire {
    fn default() -> Self {
        CalendarWire {
            weekend: vec![6, 7],
            holidays: Vec::new(),
            moved_off: Vec::new(),
            moved_on: Vec::new(),
            shortened: Vec::new(),
        }
    }
}

/// A rest day declared a working day, following the schedule of weekday `follows`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovedOnDay {
    pub date: NaiveDate,
    pub follows: u8,
}

/// How many citizens `official_id` receives on `date`, when it is not the usual number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapacityOverride {
    pub official_id: String,
    pub date: NaiveDate,
    pub capacity: u32,
}

impl CalendarWire {
    pub fn to_calendar(&self) -> Result<WorkingCalendar, WireError> {
        let day = |n: u8| Weekday::from_number(n).ok_or(WireError::Weekday(n));
        Ok(WorkingCalendar {
            weekend: self
                .weekend
                .iter()
                .map(|&n| day(n))
                .collect::<Result<_, _>>()?,
            holidays: self.holidays.iter().copied().collect(),
            moved_off: self.moved_off.iter().copied().collect(),
            moved_on: self
                .moved_on
                .iter()
                .map(|m| Ok((m.date, day(m.follows)?)))
                .collect::<Result<_, WireError>>()?,
            shortened: self.shortened.iter().copied().collect(),
        })
    }
}

/// An executive authority (icra hakimiyyəti).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    pub id: String,
    /// The official name, in Azerbaijani: "Biləsuvar Rayon İcra Hakimiyyəti".
    pub name: String,
}

/// An official who receives citizens (səlahiyyətli şəxs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Official {
    pub id: String,
    pub position: LocalizedText,
    /// `SOYAD AD ATA-ADI OĞLU|QIZI`, upper case, as the registry writes it.
    pub full_name: String,
    pub reception: ReceptionRuleWire,
    /// How many citizens the official receives on a reception day (see
    /// [`Catalog::capacity_overrides`]).
    #[serde(default = "default_daily_capacity")]
    pub daily_capacity: u32,
    /// Where the official receives (floor, room), for the citizen who checks in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<LocalizedText>,
}

fn default_daily_capacity() -> u32 {
    DEFAULT_DAILY_CAPACITY
}

/// The capacity of a reception day when the catalog does not say.
pub const DEFAULT_DAILY_CAPACITY: u32 = 20;

/// A text in Azerbaijani, with optional Russian and English versions for the interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalizedText {
    pub az: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ru: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

/// A reception rule on the wire: ISO weekday numbers (1 = Monday) and hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceptionRuleWire {
    pub weekdays: Vec<u8>,
    pub hours: HoursWire,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum HoursWire {
    AllWorkingHours,
    From { from: String },
    Between { from: String, to: String },
}

/// A catalog entry that the kiosk cannot use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("weekday {0} is not 1 (Monday) to 7 (Sunday)")]
    Weekday(u8),
    #[error("time {0:?} is not HH:MM")]
    Time(String),
    #[error(transparent)]
    Rule(#[from] InvalidRule),
    #[error("a capacity is given for an official who is not in the catalog")]
    UnknownOfficial,
}

impl ReceptionRuleWire {
    pub fn to_rule(&self) -> Result<ReceptionRule, WireError> {
        let days = self
            .weekdays
            .iter()
            .map(|&n| Weekday::from_number(n).ok_or(WireError::Weekday(n)))
            .collect::<Result<Vec<_>, _>>()?;
        let time = |s: &str| ClockTime::parse(s).ok_or_else(|| WireError::Time(s.to_owned()));
        let hours = match &self.hours {
            HoursWire::AllWorkingHours => ReceptionHours::AllWorkingHours,
            HoursWire::From { from } => ReceptionHours::From(time(from)?),
            HoursWire::Between { from, to } => ReceptionHours::Between(time(from)?, time(to)?),
        };
        Ok(ReceptionRule::try_new(days, hours)?)
    }

    pub fn from_rule(rule: &ReceptionRule) -> ReceptionRuleWire {
        let hours = match rule.hours() {
            ReceptionHours::AllWorkingHours => HoursWire::AllWorkingHours,
            ReceptionHours::From(t) => HoursWire::From {
                from: t.to_string(),
            },
            ReceptionHours::Between(a, b) => HoursWire::Between {
                from: a.to_string(),
                to: b.to_string(),
            },
        };
        ReceptionRuleWire {
            weekdays: rule.days().map(Weekday::number).collect(),
            hours,
        }
    }
}

/// A catalog the kiosk refuses, naming the official whose entry is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("official {official:?} has an unusable reception rule: {source}")]
pub struct InvalidCatalog {
    pub official: String,
    pub source: WireError,
}

impl Catalog {
    /// The domain catalog, checking every entry, so that a kiosk never shows half a catalog.
    pub fn to_domain(&self) -> Result<qebul_core::Catalog, InvalidCatalog> {
        let officials = self
            .officials
            .iter()
            .map(|o| {
                let reception = o.reception.to_rule().map_err(|source| InvalidCatalog {
                    official: o.id.clone(),
                    source,
                })?;
                Ok(qebul_core::Official {
                    id: o.id.clone(),
                    position: qebul_core::LocalizedText {
                        az: o.position.az.clone(),
                        ru: o.position.ru.clone(),
                        en: o.position.en.clone(),
                    },
                    full_name: o.full_name.clone(),
                    reception,
                    room: o.room.as_ref().map(|r| qebul_core::LocalizedText {
                        az: r.az.clone(),
                        ru: r.ru.clone(),
                        en: r.en.clone(),
                    }),
                })
            })
            .collect::<Result<_, InvalidCatalog>>()?;
        Ok(qebul_core::Catalog {
            version: self.version,
            authority: qebul_core::Authority {
                id: self.authority.id.clone(),
                name: self.authority.name.clone(),
            },
            officials,
        })
    }

    /// Checks every entry (see [`Catalog::to_domain`]), the calendar and the lists.
    pub fn validate(&self) -> Result<(), InvalidCatalog> {
        self.to_domain()?;
        self.calendar
            .to_calendar()
            .map_err(|source| InvalidCatalog {
                official: "calendar".into(),
                source,
            })?;
        for o in &self.capacity_overrides {
            if self.official(&o.official_id).is_none() {
                return Err(InvalidCatalog {
                    official: o.official_id.clone(),
                    source: WireError::UnknownOfficial,
                });
            }
        }
        Ok(())
    }

    pub fn official(&self, id: &str) -> Option<&Official> {
        self.officials.iter().find(|o| o.id == id)
    }

    /// The capacity of `official_id`'s reception on `date` (an override, or the usual number);
    /// `None` for an unknown official.
    pub fn capacity(&self, official_id: &str, date: NaiveDate) -> Option<u32> {
        let official = self.official(official_id)?;
        Some(
            self.capacity_overrides
                .iter()
                .find(|o| o.official_id == official_id && o.date == date)
                .map_or(official.daily_capacity, |o| o.capacity),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_round_trip_through_the_wire() {
        let wire = ReceptionRuleWire {
            weekdays: vec![3, 5],
            hours: HoursWire::Between {
                from: "10:00".into(),
                to: "13:00".into(),
            },
        };
        let rule = wire.to_rule().expect("valid rule");
        assert_eq!(ReceptionRuleWire::from_rule(&rule), wire);
        let json = serde_json::to_string(&wire).expect("serialises");
        assert_eq!(
            json,
            r#"{"weekdays":[3,5],"hours":{"kind":"between","from":"10:00","to":"13:00"}}"#
        );
    }

    #[test]
    fn refuses_bad_weekdays_and_times_naming_them() {
        let bad_day = ReceptionRuleWire {
            weekdays: vec![0],
            hours: HoursWire::AllWorkingHours,
        };
        assert_eq!(bad_day.to_rule(), Err(WireError::Weekday(0)));
        let bad_time = ReceptionRuleWire {
            weekdays: vec![1],
            hours: HoursWire::From {
                from: "25:00".into(),
            },
        };
        assert_eq!(bad_time.to_rule(), Err(WireError::Time("25:00".into())));
    }

    #[test]
    fn unknown_fields_are_refused_not_ignored() {
        let json = r#"{"az":"Şöbə müdiri","de":"Abteilungsleiter"}"#;
        assert!(serde_json::from_str::<LocalizedText>(json).is_err());
    }

    #[test]
    fn a_catalog_becomes_the_domain_catalog_with_parsed_rules() {
        let wire = Catalog {
            version: 7,
            authority: Authority {
                id: "a".into(),
                name: "Biləsuvar Rayon İcra Hakimiyyəti".into(),
            },
            officials: vec![Official {
                id: "o1".into(),
                position: LocalizedText {
                    az: "Şöbə müdiri".into(),
                    ru: None,
                    en: Some("Head of department".into()),
                },
                full_name: "ASTANOV ELŞƏN ƏVƏZ OĞLU".into(),
                reception: ReceptionRuleWire {
                    weekdays: vec![1, 2, 3, 4, 5],
                    hours: HoursWire::AllWorkingHours,
                },
                daily_capacity: 12,
                room: Some(LocalizedText {
                    az: "2-ci mərtəbə, 204-cü otaq".into(),
                    ru: None,
                    en: Some("Floor 2, room 204".into()),
                }),
            }],
            topics: vec![],
            social_statuses: vec![],
            privileges: vec![],
            calendar: CalendarWire::default(),
            capacity_overrides: vec![],
        };
        let domain = wire.to_domain().expect("valid");
        assert_eq!(domain.version, 7);
        assert_eq!(
            domain.officials[0].position.get(qebul_core::Lang::En),
            "Head of department"
        );
        let room = domain.officials[0].room.as_ref().expect("room");
        assert_eq!(room.get(qebul_core::Lang::Ru), "2-ci mərtəbə, 204-cü otaq");
        assert_eq!(room.get(qebul_core::Lang::En), "Floor 2, room 204");
        assert_eq!(
            domain.officials[0]
                .reception
                .describe(qebul_core::Lang::Az)
                .days,
            "həftənin bütün iş günləri"
        );
        let mut broken = wire;
        broken.officials[0].reception.weekdays = vec![];
        let err = broken.to_domain().unwrap_err();
        assert_eq!(err.official, "o1");
        assert_eq!(err.source, WireError::Rule(InvalidRule::NoDays));
    }
}
