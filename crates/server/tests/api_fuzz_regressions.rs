//! What the API fuzzing suite (`cargo xtask test --only api-fuzz`, schemathesis) found, each
//! kept as a test on both databases: bad input is a 4xx JSON `ApiError`, never a 5xx, and
//! `/openapi.json` documents every answer an operation really gives.
mod support;

use chrono::Utc;
use qebul_protocol::api::{codes, paths, PushOutcome};
use qebul_server::{auth, ServerDb};
use reqwest::StatusCode;
use support::running::{booking, expect_error, leases, push, start};
use support::Backend;

/// Found on PostgreSQL: a FİN holding a NUL byte (PostgreSQL's text cannot) made the history
/// request's audit row fail, and the answer a 500. It is a malformed request like any other:
/// 400, and recorded, without the control characters.
async fn a_history_fin_with_a_nul_is_a_recorded_400(backend: Backend) {
    let s = start(backend).await;
    let enrolled = s.enroll().await;
    let r = s
        .http
        .post(s.url(paths::HISTORY))
        .bearer_auth(&enrolled.token)
        .json(&serde_json::json!({
            "citizen": { "fin": "]kA\u{0}5\u{1b}Z", "document_number": "AA1234567" }
        }))
        .send()
        .await
        .expect("history");
    expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;
    let log = s
        .server
        .db
        .history_log(&enrolled.kiosk_id)
        .await
        .expect("log");
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].outcome, "malformed");
    assert_eq!(log[0].fin, "]KA5Z");
}

/// A registry lookup of a FİN with a control character: no registry holds one, so 400 on
/// both databases (PostgreSQL would refuse the NUL in the query itself).
async fn a_registry_fin_with_a_control_character_is_a_400(backend: Backend) {
    let s = start(backend).await;
    let enrolled = s.enroll().await;
    for fin in ["%00ABCDE", "5ZK7%0AQ2M"] {
        let r = s
            .http
            .get(s.url(&format!("/v1/registry/{fin}")))
            .bearer_auth(&enrolled.token)
            .send()
            .await
            .expect("registry");
        let message = expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST)
            .await
            .message;
        assert!(message.contains("control"), "{message}");
    }
}

/// A health report whose version holds a NUL (PostgreSQL's text cannot) or another control
/// character is refused like one too long: 400, not 500.
async fn a_health_version_with_a_control_character_is_a_400(backend: Backend) {
    let s = start(backend).await;
    let enrolled = s.enroll().await;
    for version in ["1.0\u{0}", "1.0\u{1b}[2J"] {
        let r = s
            .http
            .post(s.url(paths::KIOSK_HEALTH))
            .bearer_auth(&enrolled.token)
            .json(&serde_json::json!({
                "version": version, "paper_low": false, "oldest_unsent_secs": 0, "unsent": 0,
                "disk_free_bytes": 0, "printer": "ready"
            }))
            .send()
            .await
            .expect("health");
        let message = expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST)
            .await
            .message;
        assert!(message.contains("control"), "{message}");
    }
}

/// A pushed booking whose text holds a NUL byte is refused by itself (the kiosk's store could
/// never hold it), and the rest of the batch goes through; nothing is a 500.
async fn a_pushed_booking_with_a_nul_is_refused_alone(backend: Backend) {
    let s = start(backend).await;
    let enrolled = s.enroll().await;
    let grant = leases(&s, &enrolled.token).await;
    let first = grant.numbers.as_ref().expect("numbers").first;
    let mut with_nul = booking(&grant, first, "EEEEEE5");
    with_nul.booking.citizen.name = "ABDULLAYEVA\u{0} GÖHƏR".into();
    let results = push(
        &s,
        &enrolled.token,
        vec![with_nul, booking(&grant, first + 1, "EEEEEE5")],
    )
    .await;
    match &results[0] {
        PushOutcome::Refused { code, message } => {
            assert_eq!(code, codes::BAD_REQUEST);
            assert!(message.contains("control"), "{message}");
        }
        other => panic!("a NUL in a name was not refused: {other:?}"),
    }
    assert_eq!(results[1], PushOutcome::Accepted);
}

on_both_databases!(
    a_history_fin_with_a_nul_is_a_recorded_400,
    a_registry_fin_with_a_control_character_is_a_400,
    a_pushed_booking_with_a_nul_is_refused_alone,
    a_health_version_with_a_control_character_is_a_400,
);

/// Found by schemathesis' status-code check: every operation answered 415 and 422 (a body that
/// is not JSON, or of another shape) and 401 (no token), which `/openapi.json` did not list.
#[test]
fn every_operation_documents_the_errors_of_its_body_and_its_token() {
    let doc = serde_json::to_value(<qebul_server::http::ApiDoc as utoipa::OpenApi>::openapi())
        .expect("json");
    let operations = doc["paths"].as_object().expect("paths");
    assert!(operations.len() >= 12, "{}", operations.len());
    for (path, item) in operations {
        for (method, op) in item.as_object().expect("path item") {
            let responses = op["responses"].as_object().expect("responses");
            let has = |status: &str| responses.contains_key(status);
            if op.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(has(status), "{method} {path} lacks {status}");
                    assert_eq!(
                        responses[status]["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ApiError",
                        "{method} {path} {status}"
                    );
                }
            }
            let needs_token = path != paths::ENROLL;
            assert_eq!(has("401"), needs_token, "{method} {path}: 401");
            assert_eq!(
                op["security"][0]["device_token"].is_array(),
                needs_token,
                "{method} {path}: security"
            );
            assert!(has("408"), "{method} {path} lacks 408");
        }
    }
}

/// The net under those checks: text PostgreSQL refuses (SQLSTATE 22021, a NUL) is the
/// request's fault, `bad-request` (HTTP 400), not `internal` (500), and its message says what
/// PostgreSQL said instead of tokio-postgres' bare "db error". (No API call lets a NUL reach
/// the database any more, so the database is asked directly.)
#[tokio::test]
async fn postgres_refusing_a_nul_is_a_bad_request() {
    let backend = support::postgres();
    let db = ServerDb::open(&backend.target).await.expect("open db");
    let err = db
        .create_enrollment("lobby\u{0}1", &auth::secret_hash("code"), Utc::now())
        .await
        .expect_err("PostgreSQL stores no NUL");
    assert_eq!(err.code(), codes::BAD_REQUEST, "{err}");
    assert!(err.to_string().contains("0x00"), "{err}");
}
