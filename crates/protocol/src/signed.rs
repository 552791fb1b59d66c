//! The signed catalog: the kiosk pins the server's Ed25519 public key and refuses a catalog whose
//! signature fails, keeping the last good one.
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, InvalidCatalog};

/// The catalog exactly as signed: `body` is the catalog's JSON text, and the signature covers
/// its UTF-8 bytes, so no re-serialisation can change what was signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignedCatalog {
    pub body: String,
    /// Ed25519 signature of `body`, 128 hex digits.
    pub signature: String,
}

/// Why a kiosk refused a catalog.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogRefused {
    #[error("the catalog's signature is not 64 bytes of hex")]
    MalformedSignature,
    #[error("the catalog's signature does not match the server's pinned key: it was changed or signed by someone else")]
    BadSignature,
    #[error("the signed catalog is not a catalog: {0}")]
    Malformed(String),
    #[error(transparent)]
    Invalid(#[from] InvalidCatalog),
}

/// A public key that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an Ed25519 public key (64 hex digits)")]
pub struct BadPublicKey(pub String);

impl SignedCatalog {
    /// Serialises and signs `catalog`.
    pub fn sign(catalog: &Catalog, key: &SigningKey) -> SignedCatalog {
        // Serialising plain data with string keys cannot fail.
        let body = serde_json::to_string(catalog).unwrap_or_default();
        let signature = hex::encode(key.sign(body.as_bytes()).to_bytes());
        SignedCatalog { body, signature }
    }

    /// The catalog, if `key` signed exactly this body and every entry is usable.
    pub fn verify(&self, key: &VerifyingKey) -> Result<Catalog, CatalogRefused> {
        let bytes: [u8; 64] = hex::decode(&self.signature)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(CatalogRefused::MalformedSignature)?;
        key.verify(self.body.as_bytes(), &Signature::from_bytes(&bytes))
            .map_err(|_| CatalogRefused::BadSignature)?;
        let catalog: Catalog = serde_json::from_str(&self.body)
            .map_err(|e| CatalogRefused::Malformed(e.to_string()))?;
        catalog.validate()?;
        Ok(catalog)
    }

    /// The HTTP entity tag: Ed25519 signatures are deterministic, so the signature names the body.
    pub fn etag(&self) -> String {
        format!("\"{}\"", &self.signature[..self.signature.len().min(32)])
    }
}

/// The hex form of a public key, as a technician pastes it into the kiosk's configuration.
pub fn public_key_hex(key: &VerifyingKey) -> String {
    hex::encode(key.as_bytes())
}

pub fn parse_public_key(text: &str) -> Result<VerifyingKey, BadPublicKey> {
    let bad = || BadPublicKey(text.to_owned());
    let bytes: [u8; 32] = hex::decode(text.trim())
        .map_err(|_| bad())?
        .try_into()
        .map_err(|_| bad())?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Authority, CalendarWire};

    fn catalog() -> Catalog {
        Catalog {
            version: 3,
            authority: Authority {
                id: "a".into(),
                name: "Biləsuvar Rayon İcra Hakimiyyəti".into(),
            },
            officials: vec![],
            topics: vec![],
            social_statuses: vec![],
            privileges: vec![],
            calendar: CalendarWire::default(),
            capacity_overrides: vec![],
        }
    }

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    #[test]
    fn a_signed_catalog_verifies_under_its_key_only() {
        let signed = SignedCatalog::sign(&catalog(), &key(1));
        assert_eq!(signed.verify(&key(1).verifying_key()), Ok(catalog()));
        assert_eq!(
            signed.verify(&key(2).verifying_key()),
            Err(CatalogRefused::BadSignature)
        );
    }

    #[test]
    fn any_change_to_the_body_or_signature_is_refused() {
        let signed = SignedCatalog::sign(&catalog(), &key(1));
        let mut tampered = signed.clone();
        tampered.body = tampered.body.replace("Biləsuvar", "Bilesuvar");
        assert_ne!(tampered.body, signed.body);
        assert_eq!(
            tampered.verify(&key(1).verifying_key()),
            Err(CatalogRefused::BadSignature)
        );
        let mut flipped = signed.clone();
        flipped.signature.replace_range(
            0..1,
            if &signed.signature[0..1] == "0" {
                "1"
            } else {
                "0"
            },
        );
        assert_eq!(
            flipped.verify(&key(1).verifying_key()),
            Err(CatalogRefused::BadSignature)
        );
        let mut short = signed;
        short.signature.truncate(10);
        assert_eq!(
            short.verify(&key(1).verifying_key()),
            Err(CatalogRefused::MalformedSignature)
        );
    }

    #[test]
    fn etag_changes_with_the_body() {
        let a = SignedCatalog::sign(&catalog(), &key(1));
        let mut next = catalog();
        next.version = 4;
        let b = SignedCatalog::sign(&next, &key(1));
        assert_ne!(a.etag(), b.etag());
        assert_eq!(a.etag(), SignedCatalog::sign(&catalog(), &key(1)).etag());
    }

    #[test]
    fn public_keys_round_trip_as_hex_and_garbage_is_refused() {
        let k = key(7).verifying_key();
        assert_eq!(parse_public_key(&public_key_hex(&k)), Ok(k));
        assert!(parse_public_key("abc").is_err());
        assert!(parse_public_key(&"zz".repeat(32)).is_err());
    }
}
