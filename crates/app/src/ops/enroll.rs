//! `qebul-kiosk enroll`: a kiosk enrolled from the technician's terminal, before its first
//! start: the device token, kiosk id, pinned catalog key and notice key into the key store
//! exactly as the kiosk's first start puts them there ([`crate::kiosk::credentials`]), the store
//! created, and the first staff member (the receptionist who will hold the staff screen's PIN).

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use qebul_protocol::parse_public_key;
use qebul_store::key::{FreshStart, KeyStore, KIOSK_ID_NAME, SERVER_CREDENTIAL_NAME};
use qebul_sync::ServerClient;

use crate::staff::{add_staff_member, valid_pin};

/// What `enroll` is given.
#[derive(Debug, Clone)]
pub struct EnrollRequest {
    pub server: String,
    pub code: String,
    /// The catalog key to pin (64 hex digits); none: the key the server gives.
    pub catalog_key: Option<String>,
    pub data_dir: PathBuf,
    /// The first staff member's name and PIN (4–8 digits).
    pub staff_name: String,
    pub pin: String,
}

/// What `enroll` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    pub kiosk_id: String,
    /// The kiosk was enrolled before: its token was kept and the code not used.
    pub already: bool,
    pub database: PathBuf,
}

/// Enrolls the kiosk (unless it is already), creates its store and its first staff member.
/// The name and PIN are checked first, so a typo costs no enrollment code.
pub async fn enroll(
    keys: &dyn KeyStore,
    request: &EnrollRequest,
    now: DateTime<Utc>,
) -> anyhow::Result<Enrolled> {
    if request.staff_name.trim().is_empty() {
        anyhow::bail!("the staff member's name is empty (--staff-name \"Full Name\")");
    }
    if !valid_pin(&request.pin) {
        anyhow::bail!("a staff PIN is 4 to 8 digits");
    }
    let client = ServerClient::new(&request.server)?;
    let catalog_key = request
        .catalog_key
        .as_deref()
        .map(parse_public_key)
        .transpose()?;
    let already = keys.load_secret(SERVER_CREDENTIAL_NAME)?.is_some();
    crate::kiosk::credentials(keys, &client, Some(&request.code), catalog_key).await?;
    let kiosk_id = keys
        .load_secret(KIOSK_ID_NAME)?
        .unwrap_or_else(|| "unknown-kiosk".to_owned());
    let mut store = crate::kiosk::open_store(keys, &request.data_dir, FreshStart::Refuse)?;
    add_staff_member(&mut store, request.staff_name.trim(), &request.pin, now)
        .context("the first staff member")?;
    Ok(Enrolled {
        kiosk_id,
        already,
        database: database_path(&request.data_dir),
    })
}

fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join("kiosk.db")
}
