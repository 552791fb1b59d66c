//! A notice's QR seal checked for a kiosk's staff screen ("Verify a notice", issue 17): a kiosk
//! knows only its own notice key, so a notice printed by another kiosk of the authority is
//! checked here, against the key that kiosk gave at enrollment ([`crate::notices`]).
use axum::extract::State;
use axum::Json;
use qebul_protocol::api::{
    ApiError, NoticeCheck, NoticeCheckRequest, NoticeOnServer, NoticeVerdict,
};
use qebul_protocol::{NoticeSeal, SealError};

use super::{ApiJson, AppState, Failure, Kiosk};
use crate::db::{DbError, KioskRow};
use crate::notices::{check_notice, CheckedNotice, NoticeCheckError};

#[utoipa::path(post, path = "/v1/notices/check", tag = "notices", request_body = NoticeCheckRequest,
    responses(
        (status = 200, body = NoticeCheck, description = "The verdict: genuine, forged, unknown-kiosk, unreadable (a malformed seal is an answer too) or no-key"),
        (status = 400, body = ApiError, description = "The body is not JSON"),
        (status = 422, body = ApiError, description = "The body is not a notice check request (no seal, an unknown field)"),
        (status = 401, body = ApiError),
    ))]
pub(super) async fn check(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    ApiJson(req): ApiJson<NoticeCheckRequest>,
) -> Result<Json<NoticeCheck>, Failure> {
    let checked = check_notice(&state.db, &req.seal).await;
    // The kiosks are listed for the name of the one the seal names; a seal that cannot be read
    // names none.
    let kiosks = if NoticeSeal::read_unverified(&req.seal).is_ok() {
        state.db.list_kiosks().await?
    } else {
        Vec::new()
    };
    let answer = answer(&req.seal, checked, &kiosks)?;
    tracing::info!(
        kiosk = %kiosk.id,
        verdict = answer.verdict.as_str(),
        sealed_by = answer.kiosk.as_deref().unwrap_or("-"),
        "notice seal checked"
    );
    Ok(Json(answer))
}

/// The answer for the seal `text`, given what [`check_notice`] made of it and the server's
/// kiosks; only a database failure is not an answer.
fn answer(
    text: &str,
    checked: Result<CheckedNotice, NoticeCheckError>,
    kiosks: &[KioskRow],
) -> Result<NoticeCheck, DbError> {
    let (verdict, seal, on_server, reason) = match checked {
        Ok(CheckedNotice { seal, on_server }) => (
            NoticeVerdict::Genuine,
            Some(seal),
            on_server.map(|o| NoticeOnServer {
                status: o.status,
                matches: o.matches,
            }),
            None,
        ),
        Err(NoticeCheckError::Db(e)) => return Err(e),
        Err(e) => {
            let verdict = match &e {
                NoticeCheckError::Seal(SealError::BadSignature { .. }) => NoticeVerdict::Forged,
                NoticeCheckError::UnknownKiosk(_) => NoticeVerdict::UnknownKiosk,
                NoticeCheckError::NoKey(_) => NoticeVerdict::NoKey,
                _ => NoticeVerdict::Unreadable,
            };
            // What the notice claims, vouched for by nothing.
            let claimed = NoticeSeal::read_unverified(text).ok();
            (verdict, claimed, None, Some(e.to_string()))
        }
    };
    let kiosk_name = seal.as_ref().and_then(|s| {
        kiosks
            .iter()
            .find(|k| k.id == s.kiosk)
            .map(|k| k.name.clone())
    });
    Ok(NoticeCheck {
        verdict,
        kiosk_name,
        kiosk: seal.as_ref().map(|s| s.kiosk.clone()),
        booking_id: seal.as_ref().map(|s| s.booking),
        number: seal.as_ref().map(|s| s.number.clone()),
        reception_date: seal.as_ref().map(|s| s.reception_date),
        official: seal.map(|s| s.official),
        on_server,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Utc};
    use qebul_protocol::api::BookingStatus;
    use qebul_protocol::SigningKey;
    use uuid::Uuid;

    use super::*;
    use crate::notices::OnServer;

    fn sealed() -> (NoticeSeal, String) {
        let seal = NoticeSeal {
            kiosk: "k-a".into(),
            booking: Uuid::from_u128(42),
            number: "10000061".into(),
            reception_date: NaiveDate::from_ymd_opt(2026, 4, 7).unwrap(),
            official: "isgenderov".into(),
        };
        let text = seal.sign(&SigningKey::from_bytes(&[3; 32])).unwrap();
        (seal, text)
    }

    fn kiosks() -> Vec<KioskRow> {
        vec![KioskRow {
            id: "k-a".into(),
            name: "lobby 1".into(),
            created_at: Utc::now(),
            enrolled_at: None,
            revoked_at: None,
            last_report_at: None,
        }]
    }

    #[test]
    fn a_genuine_seal_carries_its_fields_the_kiosks_name_and_the_server_booking() {
        let (seal, text) = sealed();
        let checked = Ok(CheckedNotice {
            seal: seal.clone(),
            on_server: Some(OnServer {
                status: BookingStatus::Cancelled,
                matches: true,
            }),
        });
        let a = answer(&text, checked, &kiosks()).unwrap();
        assert_eq!(a.verdict, NoticeVerdict::Genuine);
        assert_eq!(
            (a.kiosk.as_deref(), a.kiosk_name.as_deref()),
            (Some("k-a"), Some("lobby 1"))
        );
        assert_eq!(a.booking_id, Some(seal.booking));
        assert_eq!(a.number.as_deref(), Some("10000061"));
        assert_eq!(a.reception_date, Some(seal.reception_date));
        assert_eq!(a.official.as_deref(), Some("isgenderov"));
        assert_eq!(
            a.on_server,
            Some(NoticeOnServer {
                status: BookingStatus::Cancelled,
                matches: true
            })
        );
        assert_eq!(a.reason, None);
    }

    #[test]
    fn each_refusal_is_its_verdict_with_the_reason() {
        let (_, text) = sealed();
        let forged = Err(NoticeCheckError::Seal(SealError::BadSignature {
            kiosk: "k-a".into(),
        }));
        let a = answer(&text, forged, &kiosks()).unwrap();
        assert_eq!(a.verdict, NoticeVerdict::Forged);
        // What it claims is shown, with the named kiosk's real name.
        assert_eq!(a.kiosk_name.as_deref(), Some("lobby 1"));
        assert_eq!(a.number.as_deref(), Some("10000061"));
        assert!(a.reason.unwrap().contains("does not match its signature"));

        let unknown = Err(NoticeCheckError::UnknownKiosk("k-a".into()));
        let a = answer(&text, unknown, &[]).unwrap();
        assert_eq!(
            (a.verdict, a.kiosk.as_deref(), a.kiosk_name),
            (NoticeVerdict::UnknownKiosk, Some("k-a"), None)
        );

        let no_key = Err(NoticeCheckError::NoKey("k-a".into()));
        let a = answer(&text, no_key, &kiosks()).unwrap();
        assert_eq!(a.verdict, NoticeVerdict::NoKey);
        assert!(a.reason.unwrap().contains("no notice key"));

        let junk = Err(NoticeCheckError::Seal(SealError::NotASeal));
        let a = answer("https://example.az", junk, &kiosks()).unwrap();
        assert_eq!(a.verdict, NoticeVerdict::Unreadable);
        assert_eq!((a.kiosk, a.number, a.on_server), (None, None, None));
        assert!(a.reason.unwrap().contains("not a Qəbul Kiosk notice"));
    }
}
