//! The citizen's proof: who is at a kiosk, read from the card in its reader, and the one rule
//! that decides whether the server answers for them (history) or acts for them (cancel,
//! comment). Pure: the engines read what they know of a FİN and ask [`check`].
//!
//! A kiosk is trusted to read a card, not to say whose card it is: the FİN alone is printed on
//! notices and known to many people, so it is paired with the document number of the card, which
//! only its holder carries. They belong together when the population registry holds that number
//! for the FİN; when the registry does not say, when one of the FİN's own bookings was made with
//! that document (so a citizen whose card the registry does not know yet can still act on the
//! bookings they made with it).
use std::time::Duration;

use qebul_protocol::api::CitizenProof;

/// The longest FİN kept in the history log when the request's FİN is malformed: a refused
/// request is still recorded, but junk is not stored at any length.
const LOGGED_FIN_MAX: usize = 16;

/// A citizen proof, normalised: the FİN is 7 characters `[0-9A-Z]`, the document number is
/// trimmed, upper case and not empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
    pub fin: String,
    pub document_number: String,
}

/// Why a proof is malformed (HTTP 400, `bad-request`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("a FİN has 7 characters, each a digit or a Latin capital letter; {0:?} is not one")]
    Fin(String),
    #[error("the card's document number is empty")]
    EmptyDocument,
}

impl Proof {
    /// Normalises a proof from the wire (trim, upper case), refusing a malformed one.
    pub fn parse(proof: &CitizenProof) -> Result<Proof, ProofError> {
        let fin = normalise_fin(&proof.fin)?;
        let document_number = normalise_document(&proof.document_number);
        if document_number.is_empty() {
            return Err(ProofError::EmptyDocument);
        }
        Ok(Proof {
            fin,
            document_number,
        })
    }
}

/// A FİN trimmed and in ASCII upper case, if it is 7 characters `[0-9A-Z]`.
pub fn normalise_fin(fin: &str) -> Result<String, ProofError> {
    let fin = fin.trim().to_ascii_uppercase();
    if fin.len() == 7
        && fin
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        Ok(fin)
    } else {
        Err(ProofError::Fin(fin))
    }
}

/// A document number as the registry and the proof are compared: trimmed, upper case.
pub fn normalise_document(number: &str) -> String {
    number.trim().to_uppercase()
}

/// The FİN to record for a request whose proof may be malformed: the normalised FİN when it is
/// one, else what was sent, trimmed, upper case and cut to a few characters.
pub(super) fn logged_fin(proof: &CitizenProof) -> String {
    normalise_fin(&proof.fin).unwrap_or_else(|_| {
        proof
            .fin
            .trim()
            .to_uppercase()
            .chars()
            .take(LOGGED_FIN_MAX)
            .collect()
    })
}

/// What [`check`] made of a proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofCheck {
    /// The FİN and the document belong together.
    Match,
    /// They do not (HTTP 403, `citizen-mismatch`).
    Mismatch,
    /// The server holds no document for this FİN, in the registry or in a booking: it has
    /// nothing of theirs to show, and nothing to check the proof against.
    Unknown,
}

/// The proof rule: `registry` is the registry's document number for the FİN (`None` when the
/// registry has no entry or no number for it), `bookings` the document numbers of the FİN's
/// bookings. Stored numbers are compared normalised, whatever their case or spaces.
pub fn check<'a>(
    proof: &Proof,
    registry: Option<&str>,
    bookings: impl IntoIterator<Item = &'a str>,
) -> ProofCheck {
    let matches = |stored: &str| normalise_document(stored) == proof.document_number;
    if let Some(registered) = registry.filter(|r| !r.trim().is_empty()) {
        return if matches(registered) {
            ProofCheck::Match
        } else {
            ProofCheck::Mismatch
        };
    }
    let mut any = false;
    for stored in bookings {
        if matches(stored) {
            return ProofCheck::Match;
        }
        any = true;
    }
    if any {
        ProofCheck::Mismatch
    } else {
        ProofCheck::Unknown
    }
}

/// How many history requests one kiosk may make in a window of time. A kiosk shows one
/// citizen's history at a time, at a person's pace: a kiosk asking faster is being used to
/// walk through FİNs, and is slowed down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests answered or refused (malformed, mismatch) within `per`; requests refused for
    /// the rate itself do not count, so a kiosk that waits as told gets through.
    pub max: u32,
    pub per: Duration,
}

impl Default for RateLimit {
    /// 20 per minute: a queue of citizens each looking at their history, with room for retries.
    fn default() -> RateLimit {
        RateLimit {
            max: 20,
            per: Duration::from_secs(60),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proof(fin: &str, doc: &str) -> Result<Proof, ProofError> {
        Proof::parse(&CitizenProof {
            fin: fin.into(),
            document_number: doc.into(),
        })
    }

    #[test]
    fn a_fin_is_seven_capitals_or_digits_after_trimming() {
        let p = proof(" 5zk7q2m ", " aa1234567 ").expect("valid");
        assert_eq!(
            (p.fin.as_str(), p.document_number.as_str()),
            ("5ZK7Q2M", "AA1234567")
        );
        for bad in [
            "12", "ABC DEF1", "ABCDEF", "ABCDEFGH", "ABCDƏF1", "ABC-EF1", "",
        ] {
            assert!(
                matches!(proof(bad, "AA1"), Err(ProofError::Fin(_))),
                "{bad:?}"
            );
        }
        assert_eq!(proof("5ZK7Q2M", "  "), Err(ProofError::EmptyDocument));
    }

    #[test]
    fn the_registry_decides_when_it_knows_the_document() {
        let p = proof("5ZK7Q2M", "AA1234567").expect("valid");
        assert_eq!(check(&p, Some("aa1234567 "), []), ProofCheck::Match);
        // A booking made with an old card does not outvote the registry.
        assert_eq!(
            check(&p, Some("AA7654321"), ["AA1234567"]),
            ProofCheck::Mismatch
        );
    }

    #[test]
    fn without_the_registry_a_booking_with_that_document_decides() {
        let p = proof("5ZK7Q2M", "AA1234567").expect("valid");
        assert_eq!(
            check(&p, None, ["AA0000001", "AA1234567"]),
            ProofCheck::Match
        );
        assert_eq!(check(&p, Some(""), ["AA1234567"]), ProofCheck::Match);
        assert_eq!(check(&p, None, ["AA0000001"]), ProofCheck::Mismatch);
        assert_eq!(check(&p, None, []), ProofCheck::Unknown);
    }
}
