//! Staff PINs (PIN kodu): 4 to 8 digits, kept only as argon2id PHC strings. A PIN identifies its
//! member, so two members never share one.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use qebul_store::{Store, StoreError};

/// Why a PIN or a staff member was refused.
#[derive(Debug, thiserror::Error)]
pub enum PinError {
    #[error("a staff PIN is 4 to 8 digits")]
    Invalid,
    #[error("a staff member's name cannot be empty")]
    EmptyName,
    #[error("another staff member already has this PIN: choose another one")]
    Taken,
    #[error("the PIN could not be hashed: {0}")]
    Hash(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whether `pin` can be a staff PIN: 4 to 8 ASCII digits.
pub fn valid_pin(pin: &str) -> bool {
    (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

/// The argon2id PHC string of `pin` (a fresh random salt each time; the crate's default cost).
pub fn hash_pin(pin: &str) -> Result<String, PinError> {
    if !valid_pin(pin) {
        return Err(PinError::Invalid);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PinError::Hash(e.to_string()))
}

/// Whether `pin` matches the PHC string `hash`. A hash that cannot be read matches nothing.
pub fn verify_pin(pin: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(pin.as_bytes(), &parsed)
            .is_ok(),
        Err(e) => {
            tracing::error!("a staff member's PIN hash cannot be read: {e}");
            false
        }
    }
}

/// The member whose PIN `pin` is, if any (checked against every hash: slow on purpose).
pub(crate) fn member_with_pin(store: &Store, pin: &str) -> Result<Option<String>, StoreError> {
    Ok(store
        .staff_members()?
        .into_iter()
        .find(|m| verify_pin(pin, &m.pin_hash))
        .map(|m| m.name))
}

/// Adds staff member `name` with `pin` (hashed), or gives an existing member of that name the
/// new PIN: `qebul-kiosk enroll --staff-name NAME` and the demo. A PIN another member already
/// has is refused (the PIN is what tells members apart). Audited as `staff-enrolled`.
pub fn add_staff_member(
    store: &mut Store,
    name: &str,
    pin: &str,
    now: DateTime<Utc>,
) -> Result<(), PinError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(PinError::EmptyName);
    }
    let hash = hash_pin(pin)?;
    if member_with_pin(store, pin)?.is_some_and(|other| other != name) {
        return Err(PinError::Taken);
    }
    store.add_staff_member(name, &hash, now)?;
    store.audit(now, "kiosk", "staff-enrolled", Some(name), None)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_four_to_eight_digits_are_a_pin() {
        for good in ["2468", "12345678", "0000"] {
            assert!(valid_pin(good), "{good}");
        }
        for bad in ["", "123", "123456789", "12a4", "١٢٣٤", " 1234", "12 34"] {
            assert!(!valid_pin(bad), "{bad:?}");
            assert!(matches!(hash_pin(bad), Err(PinError::Invalid)), "{bad:?}");
        }
    }

    #[test]
    fn a_hash_is_argon2id_salted_and_verifies_only_its_pin() {
        let a = hash_pin("2468").unwrap();
        let b = hash_pin("2468").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify_pin("2468", &a) && verify_pin("2468", &b));
        assert!(!verify_pin("2469", &a));
        assert!(!verify_pin("2468", "not a hash"));
    }

    #[test]
    fn members_are_told_apart_by_pin_and_a_taken_pin_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(
            &dir.path().join("k.db"),
            &qebul_store::key::DbKey::random_for_tests(),
        )
        .unwrap();
        let now = Utc::now();
        add_staff_member(&mut store, "Aygün", "1357", now).unwrap();
        add_staff_member(&mut store, "Demo", "2468", now).unwrap();
        assert!(matches!(
            add_staff_member(&mut store, "Other", "2468", now),
            Err(PinError::Taken)
        ));
        assert!(matches!(
            add_staff_member(&mut store, "  ", "9999", now),
            Err(PinError::EmptyName)
        ));
        // Enrolling the same name again changes its PIN.
        add_staff_member(&mut store, "Demo", "8642", now).unwrap();
        assert_eq!(
            member_with_pin(&store, "8642").unwrap().as_deref(),
            Some("Demo")
        );
        assert_eq!(member_with_pin(&store, "2468").unwrap(), None);
        assert_eq!(
            member_with_pin(&store, "1357").unwrap().as_deref(),
            Some("Aygün")
        );
        let audit = store.audit_entries(None).unwrap();
        assert_eq!(audit.len(), 3);
        assert!(audit.iter().all(|e| e.action == "staff-enrolled"));
    }
}
