//! The HTTP API end to end, on SQLite and on PostgreSQL: signed catalog with ETag, enrollment,
//! revocation, idempotent pushes, JSON errors with stable codes, and the OpenAPI document.
mod support;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use chrono::{DateTime, NaiveTime, TimeDelta, Utc};
use qebul_core::numbering::{ApplicationNumber, BarcodePayload};
use qebul_core::time::baku_date;
use qebul_protocol::api::{
    codes, paths, ArrivalOutcome, ArrivalRequest, BookingStatus, CancelRequest, CitizenProof,
    CommentRequest, EnrollResponse, EventKind, HistoryRequest, HistoryResponse, KioskHealth,
    LeaseRequest, PrinterHealth, PushItem, PushOutcome, PushRequest, UpdatesResponse,
    MAX_PUSH_BATCH,
};
use qebul_protocol::{parse_public_key, SignedCatalog};
use qebul_server::{auth, load_demo, AppState, EmbeddedServer, RateLimit, ServerDb};
use reqwest::StatusCode;
use support::running::{booking, expect_error, leases, push, start, start_with, Running};
use support::Backend;
use uuid::Uuid;

async fn catalog_is_signed_and_an_unchanged_sync_is_one_304(backend: Backend) {
    let s = start(backend).await;
    let enrolled = s.enroll().await;
    let pinned = parse_public_key(&enrolled.catalog_key).expect("key");
    assert_eq!(pinned, s.key.verifying_key());
    let r = s
        .http
        .get(s.url(paths::CATALOG))
        .bearer_auth(&enrolled.token)
        .send()
        .await
        .expect("catalog");
    assert_eq!(r.status(), StatusCode::OK);
    let etag = r.headers()["etag"].to_str().expect("etag").to_owned();
    let signed: SignedCatalog = r.json().await.expect("signed catalog");
    let catalog = signed.verify(&pinned).expect("verifies");
    assert_eq!(catalog.officials.len(), 8);

    let r = s
        .http
        .get(s.url(paths::CATALOG))
        .bearer_auth(&enrolled.token)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("catalog again");
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert!(r.bytes().await.expect("body").is_empty());

    // A new version is served whole, under a new tag.
    let mut next = catalog;
    next.version += 1;
    next.officials.pop();
    s.server
        .db
        .store_catalog(&SignedCatalog::sign(&next, &s.key), next.version)
        .await
        .expect("store");
    let r = s
        .http
        .get(s.url(paths::CATALOG))
        .bearer_auth(&enrolled.token)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("catalog after import");
    assert_eq!(r.status(), StatusCode::OK);
    assert_ne!(r.headers()["etag"].to_str().expect("etag"), etag);
    let newer: SignedCatalog = r.json().await.expect("json");
    assert_eq!(newer.verify(&pinned).expect("verifies").officials.len(), 7);
}

async fn a_code_enrolls_once_and_a_revoked_kiosk_is_refused(backend: Backend) {
    let s = start(backend).await;
    let enrolled = s.enroll().await;
    let again = s
        .http
        .post(s.url(paths::ENROLL))
        .json(&serde_json::json!({ "code": s.server.enrollment_code }))
        .send()
        .await
        .expect("enroll again");
    expect_error(again, StatusCode::FORBIDDEN, codes::BAD_ENROLLMENT_CODE).await;

    for token in [None, Some("0".repeat(64))] {
        let mut req = s.http.get(s.url(paths::CATALOG));
        if let Some(t) = &token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.expect("catalog");
        expect_error(r, StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED).await;
    }

    s.server
        .db
        .revoke_kiosk(&enrolled.kiosk_id, Utc::now())
        .await
        .expect("revoke");
    let r = s
        .http
        .get(s.url(paths::CATALOG))
        .bearer_auth(&enrolled.token)
        .send()
        .await
        .expect("catalog");
    expect_error(r, StatusCode::UNAUTHORIZED, codes::KIOSK_REVOKED).await;
}

async fn replayed_duplicated_and_reordered_pushes_make_no_duplicates(backend: Backend) {
    let s = start(backend).await;
    let token = s.enroll().await.token;
    let grant = leases(&s, &token).await;
    let numbers = grant.numbers.expect("a number block");
    assert!(grant.leases[0].places >= 2, "{grant:?}");
    let a = booking(&grant, numbers.first, "AAAAAA1");
    let b = booking(&grant, numbers.first + 1, "BBBBBB2");
    use PushOutcome::{Accepted, Duplicate};
    assert_eq!(
        push(&s, &token, vec![a.clone(), b.clone()]).await,
        [Accepted, Accepted]
    );
    assert_eq!(
        push(&s, &token, vec![b.clone(), a.clone(), b.clone()]).await,
        [Duplicate, Duplicate, Duplicate]
    );
    assert_eq!(s.server.db.count_bookings().await.expect("count"), 2);
    let again = leases(&s, &token).await;
    let lease = again
        .leases
        .iter()
        .find(|l| {
            l.official_id == grant.leases[0].official_id
                && l.reception_date == grant.leases[0].reception_date
        })
        .expect("the same lease");
    assert_eq!(lease.used, 2, "a replay must not spend the lease again");
}

async fn errors_are_json_with_stable_codes(backend: Backend) {
    let s = start(backend).await;
    let token = s.enroll().await.token;
    let grant = leases(&s, &token).await;
    let first = grant.numbers.expect("numbers").first;

    let too_many: Vec<_> = (0..=MAX_PUSH_BATCH as u32)
        .map(|i| booking(&grant, first + i, "CCCCCC3"))
        .collect();
    let r = s
        .http
        .post(s.url(paths::PUSH))
        .bearer_auth(&token)
        .json(&PushRequest { items: too_many })
        .send()
        .await
        .expect("push");
    expect_error(r, StatusCode::PAYLOAD_TOO_LARGE, codes::TOO_LARGE).await;

    let r = s
        .http
        .post(s.url(paths::PUSH))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"items\": [")
        .send()
        .await
        .expect("push");
    expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;

    // On a connection of its own: the server answers before reading the whole body and closes
    // the connection, which a pooled client would then reuse.
    let r = reqwest::Client::new()
        .post(s.url(paths::PUSH))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(vec![b' '; 5 * 1024 * 1024])
        .send()
        .await
        .expect("push");
    expect_error(r, StatusCode::PAYLOAD_TOO_LARGE, codes::TOO_LARGE).await;

    let r = s.http.get(s.url("/v1/nothing")).send().await.expect("get");
    expect_error(r, StatusCode::NOT_FOUND, codes::NOT_FOUND).await;

    let r = s
        .http
        .post(s.url("/v1/bookings/not-a-uuid/cancel"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("cancel");
    expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;

    let a = booking(&grant, first, "DDDDDD4");
    let id = a.booking.booking_id;
    push(&s, &token, vec![a]).await;
    let citizen = proof("DDDDDD4", "AA1234567");
    let long = "ə".repeat(1001);
    let r = comment(&s, &token, id, Uuid::now_v7(), &citizen, &long).await;
    let err = expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;
    assert!(err.message.contains("1001"), "{}", err.message);
    let r = comment(&s, &token, id, Uuid::now_v7(), &citizen, " \n ").await;
    expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;
    let r = comment(&s, &token, id, Uuid::now_v7(), &citizen, &"ə".repeat(1000)).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // The old body (text alone) is refused by name.
    let r = s
        .http
        .post(s.url(&format!("/v1/bookings/{id}/comments")))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "text": "x" }))
        .send()
        .await
        .expect("comment");
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, codes::BAD_REQUEST).await;

    let r = s
        .http
        .get(s.url("/v1/registry/5ZK7Q2M"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("registry");
    assert_eq!(r.status(), StatusCode::OK);
    let entry: qebul_protocol::api::RegistryEntry = r.json().await.expect("entry");
    assert_eq!(entry.full_name, "ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
    let r = s
        .http
        .get(s.url("/v1/registry/0000000"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("registry");
    expect_error(r, StatusCode::NOT_FOUND, codes::NOT_FOUND).await;
}

async fn the_openapi_document_names_every_endpoint(backend: Backend) {
    let s = start(backend).await;
    let doc: serde_json::Value = s
        .http
        .get(s.url(paths::OPENAPI))
        .send()
        .await
        .expect("openapi")
        .json()
        .await
        .expect("json");
    for path in [
        paths::CATALOG,
        paths::ENROLL,
        paths::LEASES,
        paths::PUSH,
        paths::UPDATES,
        paths::CANCEL,
        paths::COMMENT,
        paths::REGISTRY,
        paths::HISTORY,
        paths::ARRIVALS,
        paths::KIOSK_HEALTH,
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from /openapi.json"
        );
    }
    assert!(doc["components"]["schemas"]["PushItem"].is_object());
    // The new endpoints with their bodies.
    let body_of = |path: &str| {
        doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .map(str::to_owned)
    };
    let answer_of = |path: &str| {
        doc["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["$ref"]
            .as_str()
            .map(str::to_owned)
    };
    for (path, request, answer) in [
        (paths::HISTORY, "HistoryRequest", Some("HistoryResponse")),
        (paths::ARRIVALS, "ArrivalRequest", Some("ArrivalOutcome")),
        (paths::CANCEL, "CancelRequest", None),
        (paths::COMMENT, "CommentRequest", None),
        (paths::KIOSK_HEALTH, "KioskHealth", None),
    ] {
        assert_eq!(
            body_of(path),
            Some(format!("#/components/schemas/{request}")),
            "{path}"
        );
        assert_eq!(
            answer_of(path),
            answer.map(|a| format!("#/components/schemas/{a}")),
            "{path}"
        );
        assert!(
            doc["components"]["schemas"][request].is_object(),
            "{request}"
        );
    }
    for schema in [
        "PrinterHealth",
        "Application",
        "ApplicationEvent",
        "CitizenProof",
        "HistoryResponse",
        "ArrivalOutcome",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    assert!(doc["paths"][paths::HISTORY]["post"]["responses"]["429"].is_object());
}

async fn enrollment_registers_the_kiosks_notice_key_and_refuses_a_bad_one(backend: Backend) {
    let s = start(backend).await;
    let bad = s
        .http
        .post(s.url(paths::ENROLL))
        .json(&serde_json::json!({ "code": s.server.enrollment_code, "notice_key": "not-a-key" }))
        .send()
        .await
        .expect("enroll");
    let err = expect_error(bad, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;
    assert!(err.message.contains("not-a-key"), "{}", err.message);
    // The code was not used up by the refused request.
    let key = qebul_protocol::SigningKey::from_bytes(&[4; 32]).verifying_key();
    let r = s
        .http
        .post(s.url(paths::ENROLL))
        .json(&serde_json::json!({
            "code": s.server.enrollment_code,
            "notice_key": qebul_protocol::public_key_hex(&key),
        }))
        .send()
        .await
        .expect("enroll");
    assert_eq!(r.status(), StatusCode::OK);
    let enrolled: EnrollResponse = r.json().await.expect("json");
    let stored = s
        .server
        .db
        .notice_key(&enrolled.kiosk_id)
        .await
        .expect("read");
    assert_eq!(stored, Some(qebul_protocol::public_key_hex(&key)));
}

// --- the citizen at any kiosk (issue 15) ----------------------------------------------------

/// The demo registry's citizen and the document number on their demo card.
const FIN: &str = "5ZK7Q2M";
const CARD: &str = "AA1234567";

fn proof(fin: &str, document_number: &str) -> CitizenProof {
    CitizenProof {
        fin: fin.into(),
        document_number: document_number.into(),
    }
}

/// Enrolls a second kiosk, as `qebul-server kiosk enroll` and the technician would.
async fn enroll_another(s: &Running, name: &str) -> EnrollResponse {
    let code = auth::new_enrollment_code().expect("code");
    s.server
        .db
        .create_enrollment(
            name,
            &auth::secret_hash(&auth::normalise_code(&code)),
            Utc::now(),
        )
        .await
        .expect("enrollment");
    let r = s
        .http
        .post(s.url(paths::ENROLL))
        .json(&serde_json::json!({ "code": code }))
        .send()
        .await
        .expect("enroll");
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("enroll response")
}

async fn post<T: serde::Serialize>(
    s: &Running,
    token: &str,
    path: &str,
    body: &T,
) -> reqwest::Response {
    s.http
        .post(s.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("request")
}

async fn history(s: &Running, token: &str, citizen: CitizenProof) -> reqwest::Response {
    post(s, token, paths::HISTORY, &HistoryRequest { citizen }).await
}

async fn history_ok(s: &Running, token: &str, citizen: CitizenProof) -> HistoryResponse {
    let r = history(s, token, citizen).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("history")
}

async fn cancel(s: &Running, token: &str, id: Uuid, citizen: CitizenProof) -> reqwest::Response {
    let path = paths::CANCEL.replace("{id}", &id.to_string());
    post(s, token, &path, &CancelRequest { citizen }).await
}

async fn comment(
    s: &Running,
    token: &str,
    id: Uuid,
    key: Uuid,
    citizen: &CitizenProof,
    text: &str,
) -> reqwest::Response {
    let path = paths::COMMENT.replace("{id}", &id.to_string());
    let body = CommentRequest {
        idempotency_key: key,
        citizen: citizen.clone(),
        text: text.into(),
    };
    post(s, token, &path, &body).await
}

async fn updates(s: &Running, token: &str) -> UpdatesResponse {
    let r = s
        .http
        .get(s.url(paths::UPDATES))
        .bearer_auth(token)
        .send()
        .await
        .expect("updates");
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("updates")
}

async fn arrive(
    s: &Running,
    token: &str,
    barcode: &str,
    key: Uuid,
    at: DateTime<Utc>,
) -> reqwest::Response {
    let body = ArrivalRequest {
        idempotency_key: key,
        barcode: barcode.into(),
        at,
    };
    post(s, token, paths::ARRIVALS, &body).await
}

async fn arrive_ok(s: &Running, token: &str, barcode: &str, at: DateTime<Utc>) -> ArrivalOutcome {
    let r = arrive(s, token, barcode, Uuid::now_v7(), at).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("outcome")
}

/// The lease `item` was booked from, as its kiosk holds it now.
async fn lease_of(s: &Running, token: &str, item: &PushItem) -> qebul_protocol::api::Lease {
    leases(s, token)
        .await
        .leases
        .into_iter()
        .find(|l| {
            l.official_id == item.booking.official_id
                && l.reception_date == item.booking.reception_date
        })
        .expect("the lease")
}

async fn history_is_the_citizens_own_at_any_kiosk(backend: Backend) {
    let s = start(backend).await;
    let a = s.enroll().await;
    let b = enroll_another(&s, "lobby 2").await;
    let (ga, gb) = (leases(&s, &a.token).await, leases(&s, &b.token).await);
    let (na, nb) = (
        ga.numbers.expect("numbers").first,
        gb.numbers.expect("numbers").first,
    );
    let mut older = booking(&ga, na, FIN);
    older.booking.created_at = Utc::now() - TimeDelta::hours(1);
    let newer = booking(&gb, nb, FIN);
    let someone_else = booking(&ga, na + 1, "2HQ9R4T");
    use PushOutcome::Accepted;
    assert_eq!(
        push(&s, &a.token, vec![older.clone(), someone_else]).await,
        [Accepted, Accepted]
    );
    assert_eq!(push(&s, &b.token, vec![newer.clone()]).await, [Accepted]);

    for (asking, lowercase) in [(&a, false), (&b, true)] {
        let citizen = if lowercase {
            proof(" 5zk7q2m ", " aa1234567")
        } else {
            proof(FIN, CARD)
        };
        let apps = history_ok(&s, &asking.token, citizen).await.applications;
        let ids: Vec<Uuid> = apps.iter().map(|x| x.booking.booking_id).collect();
        assert_eq!(ids, [newer.booking.booking_id, older.booking.booking_id]);
        assert_eq!(
            (apps[0].kiosk_id.as_str(), apps[1].kiosk_id.as_str()),
            (b.kiosk_id.as_str(), a.kiosk_id.as_str())
        );
        assert_eq!(apps[1].booking.citizen, older.booking.citizen);
        for app in &apps {
            assert_eq!(app.status, BookingStatus::Booked);
            let kinds: Vec<EventKind> = app.events.iter().map(|e| e.kind).collect();
            assert_eq!(kinds, [EventKind::Received]);
        }
    }
    // The demo registry knows this citizen's card: another document is refused.
    let r = history(&s, &a.token, proof(FIN, "AA7654321")).await;
    expect_error(r, StatusCode::FORBIDDEN, codes::CITIZEN_MISMATCH).await;
    for malformed in ["12", "ABC DEF1"] {
        let r = history(&s, &a.token, proof(malformed, CARD)).await;
        let err = expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;
        assert!(err.message.contains("FİN"), "{}", err.message);
    }
    let r = history(&s, &a.token, proof(FIN, " ")).await;
    expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;
    let r = s
        .http
        .post(s.url(paths::HISTORY))
        .bearer_auth(&a.token)
        .header("content-type", "application/json")
        .body("{\"citizen\": ")
        .send()
        .await
        .expect("history");
    expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;

    let log = s.server.db.history_log(&a.kiosk_id).await.expect("log");
    let outcomes: Vec<&str> = log.iter().map(|r| r.outcome.as_str()).collect();
    assert_eq!(
        outcomes,
        [
            "answered",
            "mismatch",
            "malformed",
            "malformed",
            "malformed",
            "malformed"
        ]
    );
    assert_eq!(log[0].fin, FIN);
    assert_eq!(
        s.server
            .db
            .history_log(&b.kiosk_id)
            .await
            .expect("log")
            .len(),
        1
    );

    // A revoked kiosk is refused before anything is read or recorded.
    s.server
        .db
        .revoke_kiosk(&b.kiosk_id, Utc::now())
        .await
        .expect("revoke");
    let r = history(&s, &b.token, proof(FIN, CARD)).await;
    expect_error(r, StatusCode::UNAUTHORIZED, codes::KIOSK_REVOKED).await;
    assert_eq!(
        s.server
            .db
            .history_log(&b.kiosk_id)
            .await
            .expect("log")
            .len(),
        1
    );
}

async fn history_is_rate_limited_per_kiosk(backend: Backend) {
    let s = start_with(backend, |state| {
        state.history_limit = RateLimit {
            max: 3,
            per: std::time::Duration::from_secs(60),
        }
    })
    .await;
    let a = s.enroll().await;
    let b = enroll_another(&s, "lobby 2").await;
    history_ok(&s, &a.token, proof(FIN, CARD)).await;
    let r = history(&s, &a.token, proof(FIN, "AA0000000")).await;
    expect_error(r, StatusCode::FORBIDDEN, codes::CITIZEN_MISMATCH).await;
    history_ok(&s, &a.token, proof("2HQ9R4T", "AA7654321")).await;
    let r = history(&s, &a.token, proof(FIN, CARD)).await;
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .expect("header")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry), "{retry}");
    let err = expect_error(r, StatusCode::TOO_MANY_REQUESTS, codes::TOO_MANY_REQUESTS).await;
    assert!(
        err.message.contains(&format!("ask again in {retry} s")),
        "{}",
        err.message
    );
    // Another kiosk is not slowed by this one.
    history_ok(&s, &b.token, proof(FIN, CARD)).await;
    let log = s.server.db.history_log(&a.kiosk_id).await.expect("log");
    let outcomes: Vec<&str> = log.iter().map(|r| r.outcome.as_str()).collect();
    assert_eq!(
        outcomes,
        ["answered", "mismatch", "answered", "rate-limited"]
    );
}

async fn a_citizen_cancels_and_comments_at_another_kiosk(backend: Backend) {
    let s = start_with(backend, |state| state.leases.places_per_kiosk = 5).await;
    let maker = s.enroll().await;
    let other = enroll_another(&s, "lobby 2").await;
    let grant = leases(&s, &maker.token).await;
    let n = grant.numbers.expect("numbers").first;
    let booked = booking(&grant, n, FIN);
    // Other citizens of the demo registry, with their cards' numbers.
    let to_close = booking(&grant, n + 1, "3KD8V5N");
    let to_pass = booking(&grant, n + 2, "6RT4W9P");
    assert_eq!(
        push(
            &s,
            &maker.token,
            vec![booked.clone(), to_close.clone(), to_pass.clone()]
        )
        .await,
        [
            PushOutcome::Accepted,
            PushOutcome::Accepted,
            PushOutcome::Accepted
        ]
    );
    assert_eq!(lease_of(&s, &maker.token, &booked).await.used, 3);
    let id = booked.booking.booking_id;

    for wrong in [proof(FIN, "AA7654321"), proof("2HQ9R4T", "AA7654321")] {
        let r = cancel(&s, &other.token, id, wrong).await;
        expect_error(r, StatusCode::FORBIDDEN, codes::CITIZEN_MISMATCH).await;
    }
    let r = cancel(&s, &other.token, Uuid::now_v7(), proof(FIN, CARD)).await;
    expect_error(r, StatusCode::NOT_FOUND, codes::NOT_FOUND).await;
    let r = cancel(&s, &other.token, id, proof(FIN, CARD)).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // The place is back in the maker's lease, and the maker hears of it.
    assert_eq!(lease_of(&s, &maker.token, &booked).await.used, 2);
    let day = s
        .server
        .db
        .day_capacity(&booked.booking.official_id, booked.booking.reception_date)
        .await
        .expect("read")
        .expect("day");
    assert_eq!(day.taken, day.leased + day.direct, "{day:?}");
    let feed = updates(&s, &maker.token).await;
    let last = feed.events.last().expect("events");
    assert_eq!((last.booking_id, last.kind), (id, EventKind::Cancelled));
    assert!(updates(&s, &other.token).await.events.is_empty());
    let r = cancel(&s, &other.token, id, proof(FIN, CARD)).await;
    expect_error(r, StatusCode::CONFLICT, codes::ALREADY_CANCELLED).await;

    // A comment on the cancelled booking, sent twice: stored once, in the maker's feed.
    let key = Uuid::now_v7();
    for _ in 0..2 {
        let r = comment(
            &s,
            &other.token,
            id,
            key,
            &proof(FIN, CARD),
            "Başqa gün gələcəyəm",
        )
        .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
    }
    let comments: Vec<_> = updates(&s, &maker.token)
        .await
        .events
        .into_iter()
        .filter(|e| e.kind == EventKind::Comment)
        .collect();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].text.as_deref(), Some("Başqa gün gələcəyəm"));
    let r = comment(
        &s,
        &other.token,
        id,
        Uuid::now_v7(),
        &proof(FIN, "AA7654321"),
        "x",
    )
    .await;
    expect_error(r, StatusCode::FORBIDDEN, codes::CITIZEN_MISMATCH).await;
    let r = comment(
        &s,
        &other.token,
        id,
        Uuid::now_v7(),
        &proof(FIN, CARD),
        &"x".repeat(1001),
    )
    .await;
    expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;

    // Closed by the authority: no longer the citizen's to cancel.
    s.server
        .db
        .set_status(
            to_close.booking.booking_id,
            BookingStatus::Closed,
            None,
            Utc::now(),
        )
        .await
        .expect("close");
    let r = cancel(
        &s,
        &other.token,
        to_close.booking.booking_id,
        proof("3KD8V5N", "AA1357924"),
    )
    .await;
    expect_error(r, StatusCode::CONFLICT, codes::NOT_CANCELLABLE).await;
    // Its reception day has passed (the server's clock moved past it).
    let ahead = (to_pass.booking.reception_date - baku_date(&Utc::now())).num_days() + 2;
    s.skew.store(ahead * 86_400, Ordering::SeqCst);
    let r = cancel(
        &s,
        &other.token,
        to_pass.booking.booking_id,
        proof("6RT4W9P", "AA2468013"),
    )
    .await;
    let err = expect_error(r, StatusCode::CONFLICT, codes::NOT_CANCELLABLE).await;
    assert!(err.message.contains("passed"), "{}", err.message);
    s.skew.store(0, Ordering::SeqCst);
    let r = cancel(
        &s,
        &other.token,
        to_pass.booking.booking_id,
        proof("6RT4W9P", "AA2468013"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
}

async fn a_citizen_checks_in_on_the_day_with_the_notices_barcode(backend: Backend) {
    let s = start(backend).await;
    let k = s.enroll().await;
    let grant = leases(&s, &k.token).await;
    let booked = booking(&grant, grant.numbers.expect("numbers").first, FIN);
    push(&s, &k.token, vec![booked.clone()]).await;
    let b = &booked.booking;
    let barcode = |number: u32| {
        BarcodePayload::new(
            ApplicationNumber::new(number).expect("number"),
            baku_date(&b.created_at),
            b.reception_date,
        )
        .encode()
    };
    // 10:00 in Baku (UTC+4) on the reception day.
    let on_the_day = b
        .reception_date
        .and_time(NaiveTime::from_hms_opt(6, 0, 0).expect("time"))
        .and_utc();
    let checked_in = |first: bool| ArrivalOutcome::CheckedIn {
        booking_id: b.booking_id,
        official_id: b.official_id.clone(),
        reception_date: b.reception_date,
        place_in_line: 1,
        first,
    };
    assert_eq!(
        arrive_ok(&s, &k.token, &barcode(b.application_number), on_the_day).await,
        checked_in(true)
    );
    assert_eq!(
        arrive_ok(&s, &k.token, &barcode(b.application_number), on_the_day).await,
        checked_in(false)
    );
    let arrived = updates(&s, &k.token)
        .await
        .events
        .into_iter()
        .filter(|e| e.kind == EventKind::Arrived)
        .count();
    assert_eq!(arrived, 1);
    assert!(matches!(
        arrive_ok(
            &s,
            &k.token,
            &barcode(b.application_number),
            on_the_day - TimeDelta::days(1)
        )
        .await,
        ArrivalOutcome::OtherDay { .. }
    ));
    assert_eq!(
        arrive_ok(&s, &k.token, &barcode(9_999_999), on_the_day).await,
        ArrivalOutcome::Unknown
    );
    for malformed in ["12345", "03040000O610704"] {
        let r = arrive(&s, &k.token, malformed, Uuid::now_v7(), on_the_day).await;
        expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;
    }
    let r = cancel(&s, &k.token, b.booking_id, proof(FIN, CARD)).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(matches!(
        arrive_ok(&s, &k.token, &barcode(b.application_number), on_the_day).await,
        ArrivalOutcome::Cancelled { .. }
    ));
}

/// A kiosk's health report is kept (the last one, with the server's time) and `kiosk list`'s
/// judgement flags what needs a visit; a bad report is refused, a kiosk without a token too.
async fn a_kiosk_reports_its_health_and_the_list_flags_it(backend: Backend) {
    use qebul_server::fleet::{list_line, visit_reasons, VisitReason, VisitRules};
    let s = start(backend).await;
    let k = s.enroll().await;
    let post = |token: Option<&str>, body: serde_json::Value| {
        let mut req = s.http.post(s.url(paths::KIOSK_HEALTH)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    let report = KioskHealth {
        version: "0.9.1".into(),
        printer: PrinterHealth::Ready,
        paper_low: false,
        unsent: 2,
        oldest_unsent_secs: Some(65),
        disk_free_bytes: Some(40 << 30),
    };
    let json = |r: &KioskHealth| serde_json::to_value(r).expect("json");

    let statuses = s.server.db.kiosk_statuses().await.expect("statuses");
    assert_eq!(statuses.len(), 1);
    assert_eq!(statuses[0].health, None, "no report yet");

    let r = post(Some(&k.token), json(&report)).await.expect("report");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let before = Utc::now();
    let statuses = s.server.db.kiosk_statuses().await.expect("statuses");
    let kept = statuses[0].health.as_ref().expect("kept");
    assert_eq!(kept.health, report);
    assert!(kept.received_at <= before + TimeDelta::seconds(1));
    assert_eq!(
        visit_reasons(&statuses[0], Utc::now(), &VisitRules::default()),
        vec![]
    );

    // The next report replaces it: the printer is out of paper, the disk nearly full.
    let worse = KioskHealth {
        printer: PrinterHealth::PaperOut,
        disk_free_bytes: Some(100 << 20),
        ..report.clone()
    };
    let r = post(Some(&k.token), json(&worse)).await.expect("report");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let statuses = s.server.db.kiosk_statuses().await.expect("statuses");
    assert_eq!(statuses.len(), 1);
    let status = &statuses[0];
    assert_eq!(status.health.as_ref().map(|h| &h.health), Some(&worse));
    assert_eq!(
        visit_reasons(status, Utc::now(), &VisitRules::default()),
        vec![
            VisitReason::Printer(PrinterHealth::PaperOut),
            VisitReason::DiskLow {
                free_bytes: 100 << 20
            }
        ]
    );
    let line = list_line(status, Utc::now(), &VisitRules::default());
    assert!(
        line.starts_with(&format!("{}\tlobby 1\tenrolled\tlast seen ", k.kiosk_id)),
        "{line}"
    );
    assert!(
        line.ends_with(
            "\tversion 0.9.1\tprinter paper out\tpaper ok\tunsent 2 (oldest 1m)\t\
             disk free 100 MiB\tNEEDS A VISIT: printer: paper out, disk low: 100 MiB free"
        ),
        "{line}"
    );
    // An hour of silence later (the server's clock moves), it is offline too.
    assert!(matches!(
        visit_reasons(
            status,
            Utc::now() + TimeDelta::hours(1),
            &VisitRules::default()
        )[0],
        VisitReason::Offline { .. }
    ));

    // Refused: no token, an unknown field, a state the protocol does not know, no version.
    let r = post(None, json(&report)).await.expect("no token");
    expect_error(r, StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED).await;
    let mut extra = json(&report);
    extra["battery"] = serde_json::json!(80);
    let r = post(Some(&k.token), extra).await.expect("extra field");
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, codes::BAD_REQUEST).await;
    let mut jammed = json(&report);
    jammed["printer"] = serde_json::json!("jammed");
    let r = post(Some(&k.token), jammed).await.expect("unknown state");
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, codes::BAD_REQUEST).await;
    let r = post(
        Some(&k.token),
        json(&KioskHealth {
            version: String::new(),
            ..report.clone()
        }),
    )
    .await
    .expect("no version");
    expect_error(r, StatusCode::BAD_REQUEST, codes::BAD_REQUEST).await;
    // None of them replaced the last good report.
    let statuses = s.server.db.kiosk_statuses().await.expect("statuses");
    assert_eq!(statuses[0].health.as_ref().map(|h| &h.health), Some(&worse));
}

/// "Nothing left to push" gives a kiosk's unused places back only when it is said now: a lease
/// request delayed or replayed past the lease's end (the simulation found one) may predate
/// bookings still on their way, which would then be refused although their notices were printed.
async fn a_stale_empty_outbox_report_gives_no_places_back(backend: Backend) {
    let s = start(backend).await;
    let token = s.enroll().await.token;
    let grant = leases(&s, &token).await;
    let lease = grant.leases[0].clone();
    let taken = || async {
        s.server
            .db
            .day_capacity(&lease.official_id, lease.reception_date)
            .await
            .expect("day")
            .expect("the leased day")
            .leased_unused
    };
    let held = taken().await;
    assert!(held >= lease.places, "{held} < {}", lease.places);
    // Two days later by the server's clock, long past the lease's end and the drift.
    let written = Utc::now();
    s.skew.store(2 * 86_400, Ordering::SeqCst);
    let report = |kiosk_time| {
        s.http
            .post(s.url(paths::LEASES))
            .bearer_auth(&token)
            .json(&LeaseRequest {
                kiosk_time,
                numbers_left: 1000,
                outbox_pending: 0,
            })
            .send()
    };
    let r = report(written).await.expect("stale report");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(taken().await, held, "a stale report reclaimed places");
    let r = report(Utc::now() + TimeDelta::days(2))
        .await
        .expect("fresh report");
    assert_eq!(r.status(), StatusCode::OK);
    // The next request reclaims what the fresh report freed.
    report(Utc::now() + TimeDelta::days(2))
        .await
        .expect("again");
    assert!(
        taken().await < held,
        "a fresh report after the lease's end gave nothing back"
    );
}

/// Answers go gzipped when the kiosk asks: an unchanged sync round is mostly the lease grant.
async fn answers_are_gzipped_when_asked(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = start(backend).await;
    let token = s.enroll().await.token;
    let address = s.server.base_url().trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Accept-Encoding: gzip\r\nConnection: close\r\n\r\n",
        paths::CATALOG
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read");
    let head = String::from_utf8_lossy(&answer[..answer.len().min(1024)]).to_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-encoding: gzip"), "{head}");
}

on_both_databases!(
    answers_are_gzipped_when_asked,
    a_stale_empty_outbox_report_gives_no_places_back,
    a_kiosk_reports_its_health_and_the_list_flags_it,
    enrollment_registers_the_kiosks_notice_key_and_refuses_a_bad_one,
    catalog_is_signed_and_an_unchanged_sync_is_one_304,
    a_code_enrolls_once_and_a_revoked_kiosk_is_refused,
    replayed_duplicated_and_reordered_pushes_make_no_duplicates,
    errors_are_json_with_stable_codes,
    the_openapi_document_names_every_endpoint,
    history_is_the_citizens_own_at_any_kiosk,
    history_is_rate_limited_per_kiosk,
    a_citizen_cancels_and_comments_at_another_kiosk,
    a_citizen_checks_in_on_the_day_with_the_notices_barcode,
);

/// With the token cache on (as deployed), a revocation made by another process is seen once the
/// cache's time is up, never later.
#[tokio::test]
async fn a_revocation_takes_effect_within_the_token_cache_time() {
    let backend = support::sqlite();
    let db = ServerDb::open(&backend.target).await.expect("open db");
    let key = auth::new_signing_key().expect("key");
    let code = load_demo(&db, &key, "lobby 1").await.expect("demo data");
    let mut state = AppState::new(db, key.verifying_key());
    state.auth_ttl = std::time::Duration::from_millis(300);
    let server = EmbeddedServer::start(state, code).await.expect("server");
    let s = Running {
        server,
        key,
        http: reqwest::Client::new(),
        skew: Arc::default(),
        _backend: backend,
    };
    let enrolled = s.enroll().await;
    let get = || {
        s.http
            .get(s.url(paths::CATALOG))
            .bearer_auth(&enrolled.token)
            .send()
    };
    assert_eq!(get().await.expect("get").status(), StatusCode::OK);
    s.server
        .db
        .revoke_kiosk(&enrolled.kiosk_id, Utc::now())
        .await
        .expect("revoke");
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let r = get().await.expect("get");
    expect_error(r, StatusCode::UNAUTHORIZED, codes::KIOSK_REVOKED).await;
}
