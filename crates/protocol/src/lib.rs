//! Wire types shared by the kiosk and the central server.
//!
//! This crate alone knows the wire format: domain types from `qebul-core` are converted at the
//! edge ([`ReceptionRuleWire::to_rule`]) and never serialised directly, so the domain can change
//! without breaking kiosks in the field.

/// The protocol version a kiosk speaks; the server answers requests under `/v{PROTOCOL_VERSION}/`.
pub const PROTOCOL_VERSION: u32 = 1;

/// Where the catalog is served.
pub const CATALOG_PATH: &str = api::paths::CATALOG;

pub mod api;
pub mod catalog;
pub mod seal;
pub mod signed;

pub use catalog::*;
/// The Ed25519 keys of the catalog signature.
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use seal::{NoticeSeal, SealError};
pub use signed::{parse_public_key, public_key_hex, BadPublicKey, CatalogRefused, SignedCatalog};
