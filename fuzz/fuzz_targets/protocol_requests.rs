//! Fuzzes every request body the server accepts (`qebul_protocol::api`), read as the server's
//! JSON extractor reads it (`serde_json::from_slice`), and the checks the server then runs on it
//! before touching its database: the citizen proof, a comment's text, an arrival's barcode, a
//! notice's seal, an enrolling kiosk's notice key, and a catalog (`Catalog::validate`,
//! `to_domain`, signing).
//!
//! Each input is tried as every body type (most inputs are none of them; the JSON reader's
//! corners are shared).
//!
//! Invariants: nothing panics; a body that is accepted serialises back to JSON that is read as
//! the same value (what the kiosk sends is what the server reads); a catalog that validates,
//! signed, is verified back unchanged.

#![no_main]

use std::fmt::Debug;

use libfuzzer_sys::fuzz_target;
use qebul_core::numbering::{ApplicationNumber, BarcodePayload};
use qebul_core::validation::{clean_multiline, count_characters};
use qebul_protocol::api::{
    ArrivalRequest, CancelRequest, CitizenProof, CommentRequest, EnrollRequest, HistoryRequest,
    KioskHealth, LeaseRequest, NoticeCheckRequest, PushRequest,
};
use qebul_protocol::{
    parse_public_key, Catalog, NoticeSeal, SignedCatalog, SigningKey, VerifyingKey,
};

/// `qebul_server::db::citizen`, from its source: a pure module that uses nothing else of the
/// server (see Cargo.toml for why the server crate is not linked); the targets use its proof
/// checks only.
#[path = "../../crates/server/src/db/citizen.rs"]
#[allow(dead_code)]
mod citizen;

use citizen::{normalise_fin, Proof};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Reads `bytes` as a `T`; if it is one, checks that it survives the trip back to JSON.
fn body<T: DeserializeOwned + Serialize + PartialEq + Debug>(bytes: &[u8]) -> Option<T> {
    let value: T = serde_json::from_slice(bytes).ok()?;
    let json = serde_json::to_vec(&value).expect("a wire type serialises");
    let back: T = serde_json::from_slice(&json)
        .unwrap_or_else(|e| panic!("{value:?} serialised as {json:?} does not read back: {e}"));
    assert_eq!(
        back,
        value,
        "serialised as {:?}",
        String::from_utf8_lossy(&json)
    );
    Some(value)
}

fn proof(citizen: &CitizenProof) {
    if let Ok(p) = Proof::parse(citizen) {
        assert_eq!(p.fin.len(), 7, "{citizen:?}");
        assert!(!p.document_number.is_empty(), "{citizen:?}");
    }
}

/// A key that is not the kiosk's: verifying a random seal with it must refuse, never panic.
fn some_key() -> VerifyingKey {
    SigningKey::from_bytes(&[7; 32]).verifying_key()
}

fuzz_target!(|bytes: &[u8]| {
    if let Some(req) = body::<EnrollRequest>(bytes) {
        if let Some(key) = &req.notice_key {
            let _ = parse_public_key(key);
        }
    }
    let _ = body::<LeaseRequest>(bytes);
    if let Some(req) = body::<PushRequest>(bytes) {
        for item in &req.items {
            let _ = ApplicationNumber::new(item.booking.application_number);
            let _ = normalise_fin(&item.booking.citizen.fin);
        }
    }
    if let Some(req) = body::<CancelRequest>(bytes) {
        proof(&req.citizen);
    }
    if let Some(req) = body::<HistoryRequest>(bytes) {
        proof(&req.citizen);
    }
    if let Some(req) = body::<CommentRequest>(bytes) {
        proof(&req.citizen);
        let text = clean_multiline(&req.text);
        let _ = count_characters(&text);
    }
    if let Some(req) = body::<ArrivalRequest>(bytes) {
        if let Ok(payload) = BarcodePayload::decode(&req.barcode) {
            assert_eq!(
                BarcodePayload::decode(&payload.encode()).as_ref(),
                Ok(&payload),
                "{:?}",
                req.barcode
            );
        }
    }
    let _ = body::<KioskHealth>(bytes);
    if let Some(req) = body::<NoticeCheckRequest>(bytes) {
        let _ = NoticeSeal::read_unverified(&req.seal);
        let _ = NoticeSeal::verify(&req.seal, &some_key());
    }
    if let Some(catalog) = body::<Catalog>(bytes) {
        let _ = catalog.to_domain();
        if catalog.validate().is_ok() {
            let key = SigningKey::from_bytes(&[9; 32]);
            let signed = SignedCatalog::sign(&catalog, &key);
            assert_eq!(signed.verify(&key.verifying_key()), Ok(catalog));
        }
    }
    if let Some(signed) = body::<SignedCatalog>(bytes) {
        let _ = signed.verify(&some_key());
        let _ = signed.etag();
    }
});
