//! "Verify a notice" (issue 17) through the kiosk's client, against the real reference server:
//! kiosk B asks about the QR seal of a notice kiosk A printed, and every verdict comes back as
//! an answer.
use chrono::{NaiveDate, Utc};
use qebul_protocol::api::NoticeVerdict;
use qebul_protocol::{NoticeSeal, SigningKey};
use qebul_server::{auth, EmbeddedServer};
use qebul_sync::{ServerClient, SyncError};
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_asks_the_server_about_another_kiosks_notice() {
    let dir = tempfile::tempdir().expect("dir");
    let server = EmbeddedServer::start_demo(dir.path())
        .await
        .expect("server");
    let client = ServerClient::new(&server.base_url()).expect("client");
    let key_a = SigningKey::from_bytes(&[11; 32]);
    let a = client
        .enroll_with_notice_key(&server.enrollment_code, Some(&key_a.verifying_key()))
        .await
        .expect("kiosk A enrolled");
    let code = auth::new_enrollment_code().expect("code");
    server
        .db
        .create_enrollment(
            "hall 2",
            &auth::secret_hash(&auth::normalise_code(&code)),
            Utc::now(),
        )
        .await
        .expect("enrollment");
    let b = client.enroll(&code).await.expect("kiosk B enrolled");
    let kiosk_b = client.clone().with_token(&b.token);

    let seal = NoticeSeal {
        kiosk: a.kiosk_id.clone(),
        booking: Uuid::now_v7(),
        number: "10000061".into(),
        reception_date: NaiveDate::from_ymd_opt(2026, 4, 7).expect("day"),
        official: "isgenderov-sahin".into(),
    };
    let text = seal.sign(&key_a).expect("seal");
    let genuine = kiosk_b.check_notice(&text).await.expect("answered");
    assert_eq!(genuine.verdict, NoticeVerdict::Genuine);
    assert_eq!(genuine.kiosk.as_deref(), Some(a.kiosk_id.as_str()));
    assert_eq!(genuine.kiosk_name.as_deref(), Some("demo kiosk"));
    assert_eq!(genuine.number.as_deref(), Some("10000061"));
    assert_eq!(genuine.reception_date, Some(seal.reception_date));
    assert_eq!(genuine.on_server, None);

    let altered = text.replacen(".10000061.", ".10000062.", 1);
    assert_ne!(altered, text);
    let forged = kiosk_b.check_notice(&altered).await.expect("answered");
    assert_eq!(forged.verdict, NoticeVerdict::Forged);

    let junk = kiosk_b
        .check_notice("not a seal at all")
        .await
        .expect("answered");
    assert_eq!(junk.verdict, NoticeVerdict::Unreadable);
    assert!(junk.reason.is_some());

    // Without a device token the server does not answer.
    let err = client.check_notice(&text).await.unwrap_err();
    assert!(matches!(err, SyncError::Unauthorized { .. }), "{err}");
}
