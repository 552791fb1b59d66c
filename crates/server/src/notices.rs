//! A notice checked at the back office: the QR seal's signature against the key its kiosk gave
//! at enrollment, and the booking it names against what the server holds. This is how a notice
//! printed offline is honoured even if its kiosk is gone.

use qebul_protocol::api::BookingStatus;
use qebul_protocol::{parse_public_key, NoticeSeal, SealError};

use crate::db::{DbError, ServerDb};

/// A notice whose seal is genuine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedNotice {
    pub seal: NoticeSeal,
    /// The booking as the server holds it, if its kiosk has pushed it yet (a kiosk offline since
    /// it printed has not).
    pub on_server: Option<OnServer>,
}

/// What the server holds of the sealed booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnServer {
    pub status: BookingStatus,
    /// Whether the number, reception day and official on the server are the seal's.
    pub matches: bool,
}

/// Why a notice cannot be vouched for.
#[derive(Debug, thiserror::Error)]
pub enum NoticeCheckError {
    #[error(transparent)]
    Seal(#[from] SealError),
    #[error("the notice names kiosk {0}, which this server does not know; the notice is not ours or was altered")]
    UnknownKiosk(String),
    #[error("kiosk {0} gave no notice key at enrollment, so its notices cannot be checked here; check the notice by its number")]
    NoKey(String),
    #[error("the server database failed: {0}")]
    Db(#[from] DbError),
}

/// Checks the text of a scanned QR seal.
pub async fn check_notice(db: &ServerDb, text: &str) -> Result<CheckedNotice, NoticeCheckError> {
    let claimed = NoticeSeal::read_unverified(text)?;
    let known = db
        .list_kiosks()
        .await?
        .into_iter()
        .any(|k| k.id == claimed.kiosk);
    if !known {
        return Err(NoticeCheckError::UnknownKiosk(claimed.kiosk));
    }
    let key = db
        .notice_key(&claimed.kiosk)
        .await?
        .and_then(|hex| parse_public_key(&hex).ok())
        .ok_or_else(|| NoticeCheckError::NoKey(claimed.kiosk.clone()))?;
    let seal = NoticeSeal::verify(text, &key)?;
    let on_server = db.booking(seal.booking).await?.map(|stored| {
        let b = &stored.booking;
        OnServer {
            status: stored.status,
            matches: stored.kiosk_id == seal.kiosk
                && qebul_core::numbering::ApplicationNumber::new(b.application_number)
                    .map(|n| n.displayed() == seal.number)
                    .unwrap_or(false)
                && b.reception_date == seal.reception_date
                && b.official_id == seal.official,
        }
    });
    Ok(CheckedNotice { seal, on_server })
}
