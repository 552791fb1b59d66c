//! The notice seal (QR code of a printed bildiriş): what a notice says about its booking, signed
//! with the kiosk's Ed25519 key, so a receptionist's scan can tell a real notice from a forged or
//! altered one without a network.
//!
//! The QR is readable by anyone who finds a lost notice, so it carries no personal data: no name,
//! no FİN, no document number. It names the booking, the kiosk, the application number, the
//! reception day and the official.
//!
//! Text form, kept short so the QR stays small enough for 58 mm paper (about 150 bytes, QR version
//! 8–9):
//!
//! ```text
//! QK1.<kiosk>.<booking, base64url>.<number>.<yyyymmdd>.<official>.<signature, base64url>
//! ```
//!
//! The signature covers every byte before the last `.`.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::NaiveDate;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use uuid::Uuid;

/// The version tag that starts every seal.
const TAG: &str = "QK1";

/// What a notice's QR code vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeSeal {
    /// The kiosk that booked and printed (its id from enrollment).
    pub kiosk: String,
    /// The booking's UUID.
    pub booking: Uuid,
    /// The application number printed as "BİLDİRİŞ №".
    pub number: String,
    /// The reception day.
    pub reception_date: NaiveDate,
    /// The receiving official's id in the catalog.
    pub official: String,
}

/// Why a scanned QR is not a valid seal. Each is worded for the receptionist holding the notice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// A field would break the text form (empty, or holding a `.` or a non-ASCII character).
    #[error("the notice's {field} {value:?} cannot go into a QR seal: it must be non-empty ASCII letters, digits, '-' or '_'")]
    UnsealableField {
        /// Which field.
        field: &'static str,
        /// Its value.
        value: String,
    },
    /// The scanned text is not a Qəbul Kiosk notice seal at all.
    #[error("this QR code is not a Qəbul Kiosk notice (it does not start with {TAG})")]
    NotASeal,
    /// It looks like a seal but a part is missing or malformed.
    #[error("this notice's QR code is damaged or incomplete ({0}); check the notice by its number instead")]
    Malformed(&'static str),
    /// The signature does not match: the notice was altered, or not printed by this kiosk.
    #[error("this notice's QR code does not match its signature: the notice was altered or was not printed by kiosk {kiosk}")]
    BadSignature {
        /// The kiosk the seal claims.
        kiosk: String,
    },
}

fn check_field(field: &'static str, value: &str) -> Result<(), SealError> {
    let ok = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(SealError::UnsealableField {
            field,
            value: value.to_owned(),
        })
    }
}

impl NoticeSeal {
    fn body(&self) -> Result<String, SealError> {
        check_field("kiosk", &self.kiosk)?;
        check_field("number", &self.number)?;
        check_field("official", &self.official)?;
        Ok(format!(
            "{TAG}.{}.{}.{}.{}.{}",
            self.kiosk,
            URL_SAFE_NO_PAD.encode(self.booking.as_bytes()),
            self.number,
            self.reception_date.format("%Y%m%d"),
            self.official
        ))
    }

    /// The QR text, signed with the kiosk's key.
    pub fn sign(&self, key: &SigningKey) -> Result<String, SealError> {
        let body = self.body()?;
        let signature = key.sign(body.as_bytes());
        Ok(format!(
            "{body}.{}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes())
        ))
    }

    /// Reads a scanned QR text without checking the signature: which kiosk it claims, so the
    /// caller can find that kiosk's key.
    pub fn read_unverified(text: &str) -> Result<NoticeSeal, SealError> {
        Self::split(text.trim()).map(|(seal, _, _)| seal)
    }

    /// Reads a scanned QR text and checks its signature with the key of the kiosk it names.
    pub fn verify(text: &str, key: &VerifyingKey) -> Result<NoticeSeal, SealError> {
        let (seal, body, signature) = Self::split(text.trim())?;
        key.verify(body.as_bytes(), &signature)
            .map_err(|_| SealError::BadSignature {
                kiosk: seal.kiosk.clone(),
            })?;
        Ok(seal)
    }

    fn split(text: &str) -> Result<(NoticeSeal, &str, Signature), SealError> {
        if !text.starts_with(&format!("{TAG}.")) {
            return Err(SealError::NotASeal);
        }
        let (body, signature) = text
            .rsplit_once('.')
            .ok_or(SealError::Malformed("no signature"))?;
        let parts: Vec<&str> = body.split('.').collect();
        let [_, kiosk, booking, number, date, official] = parts[..] else {
            return Err(SealError::Malformed("wrong number of parts"));
        };
        let booking: [u8; 16] = URL_SAFE_NO_PAD
            .decode(booking)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(SealError::Malformed("booking id"))?;
        let reception_date = NaiveDate::parse_from_str(date, "%Y%m%d")
            .map_err(|_| SealError::Malformed("reception date"))?;
        let signature: [u8; 64] = URL_SAFE_NO_PAD
            .decode(signature)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(SealError::Malformed("signature"))?;
        let seal = NoticeSeal {
            kiosk: kiosk.to_owned(),
            booking: Uuid::from_bytes(booking),
            number: number.to_owned(),
            reception_date,
            official: official.to_owned(),
        };
        for (field, value) in [
            ("kiosk", &seal.kiosk),
            ("number", &seal.number),
            ("official", &seal.official),
        ] {
            check_field(field, value).map_err(|_| SealError::Malformed(field))?;
        }
        Ok((seal, body, Signature::from_bytes(&signature)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn seal() -> NoticeSeal {
        NoticeSeal {
            kiosk: "kiosk-7".into(),
            booking: Uuid::from_u128(0x0190_1234_5678_7abc_8def_0123_4567_89ab),
            number: "10000061".into(),
            reception_date: NaiveDate::from_ymd_opt(2015, 4, 7).unwrap(),
            official: "isgenderov".into(),
        }
    }

    #[test]
    fn a_signed_seal_verifies_and_reads_back_every_field() {
        let text = seal().sign(&key(1)).unwrap();
        assert!(text.starts_with("QK1.kiosk-7."), "{text}");
        assert!(text.len() < 160, "{} bytes: {text}", text.len());
        assert_eq!(
            NoticeSeal::verify(&text, &key(1).verifying_key()),
            Ok(seal())
        );
        assert_eq!(NoticeSeal::read_unverified(&text), Ok(seal()));
        // A scanner may add a newline.
        assert_eq!(
            NoticeSeal::verify(&format!("{text}\n"), &key(1).verifying_key()),
            Ok(seal())
        );
    }

    #[test]
    fn any_changed_character_or_another_key_fails() {
        let text = seal().sign(&key(1)).unwrap();
        assert_eq!(
            NoticeSeal::verify(&text, &key(2).verifying_key()),
            Err(SealError::BadSignature {
                kiosk: "kiosk-7".into()
            })
        );
        let altered = text.replace(".10000061.", ".10000062.");
        assert_ne!(altered, text);
        assert!(matches!(
            NoticeSeal::verify(&altered, &key(1).verifying_key()),
            Err(SealError::BadSignature { .. })
        ));
        // Every single-character change is refused, one way or another.
        for i in 0..text.len() {
            let mut bytes = text.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(bytes).unwrap();
            assert!(
                NoticeSeal::verify(&changed, &key(1).verifying_key()).is_err(),
                "change at {i}: {changed}"
            );
        }
    }

    #[test]
    fn junk_is_refused_with_a_reason() {
        let k = key(1).verifying_key();
        assert_eq!(
            NoticeSeal::verify("https://example.com", &k),
            Err(SealError::NotASeal)
        );
        assert_eq!(
            NoticeSeal::verify("QK1.a.b", &k),
            Err(SealError::Malformed("wrong number of parts"))
        );
        let text = seal().sign(&key(1)).unwrap();
        let cut = &text[..text.len() - 10];
        assert_eq!(
            NoticeSeal::verify(cut, &k),
            Err(SealError::Malformed("signature"))
        );
        let mut bad = seal();
        bad.number = "10.61".into();
        assert!(matches!(
            bad.sign(&key(1)),
            Err(SealError::UnsealableField {
                field: "number",
                ..
            })
        ));
        bad.number = String::new();
        assert!(bad.sign(&key(1)).is_err());
    }
}
