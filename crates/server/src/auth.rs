//! Kiosk credentials: one-time enrollment codes a technician types, and device tokens. The
//! database keeps only their SHA-256 hashes, so a copy of it lets nobody act as a kiosk.
use sha2::{Digest, Sha256};

/// Letters and digits that cannot be mistaken for one another on paper (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

#[derive(Debug, thiserror::Error)]
#[error("the operating system's random source failed: {0}")]
pub struct RandomError(String);

fn random_bytes<const N: usize>() -> Result<[u8; N], RandomError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| RandomError(e.to_string()))?;
    Ok(bytes)
}

/// A new enrollment code, `XXXX-XXXX-XXXX` (about 59 bits).
pub fn new_enrollment_code() -> Result<String, RandomError> {
    let bytes = random_bytes::<12>()?;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect();
    Ok(chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

/// A code as typed (lower case, spaces, missing dashes) in the one form that is hashed.
pub fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A new device token: 32 random bytes as hex.
pub fn new_device_token() -> Result<String, RandomError> {
    Ok(hex::encode(random_bytes::<32>()?))
}

/// What the database stores of a code or a token.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A new Ed25519 key for signing catalogs.
pub fn new_signing_key() -> Result<qebul_protocol::SigningKey, RandomError> {
    Ok(qebul_protocol::SigningKey::from_bytes(
        &random_bytes::<32>()?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_unambiguous_and_typed_forms_hash_alike() {
        let code = new_enrollment_code().expect("random");
        assert_eq!(code.len(), 14);
        assert!(code
            .chars()
            .all(|c| c == '-' || CODE_ALPHABET.contains(&(c as u8))));
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(
            secret_hash(&normalise_code(&typed)),
            secret_hash(&normalise_code(&code))
        );
        assert_ne!(new_enrollment_code().expect("random"), code);
    }

    #[test]
    fn tokens_are_long_and_distinct_and_hashes_hide_them() {
        let a = new_device_token().expect("random");
        let b = new_device_token().expect("random");
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(secret_hash(&a), a);
        assert_eq!(secret_hash(&a), secret_hash(&a));
    }
}
