//! ID cards (şəxsiyyət vəsiqəsi): what the kiosk reads from one, and the card-reader trait.
//!
//! The real readers (MRZ scanner, chip over PC/SC) come later; [`SimulatedCardReader`] is a real
//! implementation of the same trait that the demo and the tests drive.
//!
//! ```
//! use qebul_idcard::{CardReader, SimulatedCardReader};
//!
//! let mut reader = SimulatedCardReader::demo().expect("demo citizens");
//! assert!(reader.read().expect("reader works").is_none());
//! reader.insert(0).expect("citizen 0 exists");
//! let card = reader.read().expect("reader works").expect("a card is in");
//! assert_eq!(card.surname, "ABDULLAYEVA");
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const DEMO_CITIZENS: &str = include_str!("../demo/citizens.json");

/// What the kiosk takes from an ID card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardHolder {
    pub document_number: String,
    /// FİN: the 7-character personal identification number.
    pub fin: String,
    pub surname: String,
    pub given_names: String,
    /// "NOVRUZ QIZI": father's name with oğlu/qızı.
    pub patronymic: String,
    pub birth_date: NaiveDate,
    pub expiry_date: NaiveDate,
}

impl CardHolder {
    /// `SOYAD AD ATA-ADI OĞLU|QIZI`, as notices write it.
    pub fn full_name(&self) -> String {
        [&self.surname, &self.given_names, &self.patronymic]
            .into_iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether the card is still valid on `today` (the caller reads the clock).
    pub fn is_valid_on(&self, today: NaiveDate) -> bool {
        today <= self.expiry_date
    }
}

/// A card reader failed; the citizen is asked to try again or call the receptionist.
#[derive(Debug, thiserror::Error)]
pub enum ReaderError {
    #[error("the card reader is not connected")]
    Disconnected,
    #[error("there is no demo citizen number {index}: the simulated reader holds {count}")]
    NoSuchCitizen { index: usize, count: usize },
    #[error("the demo citizen list is unreadable: {0}")]
    BadCitizenList(#[from] serde_json::Error),
}

/// Anything that can tell whether a card is present and read it.
pub trait CardReader: Send {
    /// A short name for logs and the receptionist screen.
    fn name(&self) -> &str;
    /// The card in the reader, if any.
    fn read(&mut self) -> Result<Option<CardHolder>, ReaderError>;
}

/// A reader with a list of demo citizens; a test or the demo "inserts" one of them.
#[derive(Debug, Clone)]
pub struct SimulatedCardReader {
    citizens: Vec<CardHolder>,
    inserted: Option<usize>,
}

impl SimulatedCardReader {
    pub fn new(citizens: Vec<CardHolder>) -> SimulatedCardReader {
        SimulatedCardReader {
            citizens,
            inserted: None,
        }
    }

    /// The demo citizens shipped with the kiosk.
    pub fn demo() -> Result<SimulatedCardReader, ReaderError> {
        Ok(SimulatedCardReader::new(serde_json::from_str(
            DEMO_CITIZENS,
        )?))
    }

    pub fn citizens(&self) -> &[CardHolder] {
        &self.citizens
    }

    pub fn insert(&mut self, index: usize) -> Result<(), ReaderError> {
        if index >= self.citizens.len() {
            return Err(ReaderError::NoSuchCitizen {
                index,
                count: self.citizens.len(),
            });
        }
        self.inserted = Some(index);
        Ok(())
    }

    pub fn remove(&mut self) {
        self.inserted = None;
    }
}

impl CardReader for SimulatedCardReader {
    fn name(&self) -> &str {
        "simulated"
    }

    fn read(&mut self) -> Result<Option<CardHolder>, ReaderError> {
        Ok(self.inserted.and_then(|i| self.citizens.get(i)).cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_citizens_have_seven_character_fins_without_i_or_o() {
        let reader = SimulatedCardReader::demo().expect("demo list parses");
        assert!(reader.citizens().len() >= 3);
        for c in reader.citizens() {
            assert_eq!(c.fin.chars().count(), 7, "{}", c.fin);
            assert!(c
                .fin
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() && ch != 'I' && ch != 'O'));
        }
    }

    #[test]
    fn reads_the_inserted_card_until_it_is_removed() {
        let mut reader = SimulatedCardReader::demo().expect("demo list parses");
        reader.insert(1).expect("exists");
        let card = reader.read().expect("reads").expect("present");
        assert_eq!(card.full_name(), "ƏLİYEV İLQAR ŞAHİN OĞLU");
        reader.remove();
        assert_eq!(reader.read().expect("reads"), None);
    }

    #[test]
    fn inserting_a_citizen_that_does_not_exist_is_refused() {
        let mut reader = SimulatedCardReader::demo().expect("demo list parses");
        let err = reader.insert(99).unwrap_err();
        assert_eq!(
            err.to_string(),
            "there is no demo citizen number 99: the simulated reader holds 3"
        );
    }

    #[test]
    fn an_expired_card_is_not_valid() {
        let reader = SimulatedCardReader::demo().expect("demo list parses");
        let expired = &reader.citizens()[2];
        let day = |s: &str| s.parse::<NaiveDate>().expect("date");
        assert!(!expired.is_valid_on(day("2026-11-24")));
        assert!(expired.is_valid_on(day("2025-02-01")));
    }
}
