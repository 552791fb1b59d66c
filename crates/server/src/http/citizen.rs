//! The citizen's own actions, at any kiosk of the authority: their history, cancelling a
//! booking, commenting on it (each with the card in the reader as proof, see
//! [`crate::db::citizen`]), and checking in on the reception day with the notice's barcode.
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use qebul_core::numbering::BarcodePayload;
use qebul_protocol::api::{
    codes, ApiError, ArrivalOutcome, ArrivalRequest, CancelRequest, CommentRequest, HistoryRequest,
    HistoryResponse, MAX_COMMENT_CHARS,
};
use uuid::Uuid;

use super::{ApiJson, ApiPath, AppState, Failure, Kiosk};
use crate::db::{DbError, HistoryOutcome};

#[utoipa::path(post, path = "/v1/history", tag = "citizens", request_body = HistoryRequest,
    responses(
        (status = 200, body = HistoryResponse, description = "The citizen's applications from every kiosk, newest first"),
        (status = 400, body = ApiError, description = "A malformed FİN or document number"),
        (status = 403, body = ApiError, description = "`citizen-mismatch`: the FİN and the document do not belong together"),
        (status = 429, body = ApiError, description = "`too-many-requests`: this kiosk asked too often; see `Retry-After`"),
    ))]
pub(super) async fn history(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    body: Result<ApiJson<HistoryRequest>, Failure>,
) -> Result<Json<HistoryResponse>, Failure> {
    // A body that cannot be read is still a request, recorded and counted like the others.
    let (proof, unreadable) = match body {
        Ok(ApiJson(req)) => (Some(req.citizen), None),
        Err(failure) => (None, Some(failure)),
    };
    let limit = state.history_limit;
    let outcome = state
        .db
        .history(&kiosk.id, proof.as_ref(), limit, state.now())
        .await?;
    match outcome {
        HistoryOutcome::Answered(applications) => Ok(Json(HistoryResponse { applications })),
        HistoryOutcome::RateLimited { retry_after } => {
            let secs = retry_after.as_secs().max(1);
            let mut failure = Failure::new(
                StatusCode::TOO_MANY_REQUESTS,
                codes::TOO_MANY_REQUESTS,
                format!(
                    "this kiosk asked for {} histories within {} s; ask again in {secs} s",
                    limit.max,
                    limit.per.as_secs()
                ),
            );
            failure.retry_after = Some(secs);
            Err(failure)
        }
        HistoryOutcome::Malformed(reason) => Err(unreadable
            .unwrap_or_else(|| Failure::new(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, reason))),
        HistoryOutcome::Mismatch => Err(DbError::CitizenMismatch.into()),
    }
}

#[utoipa::path(post, path = "/v1/bookings/{id}/cancel", tag = "bookings",
    params(("id" = Uuid, Path, description = "the booking")), request_body = CancelRequest,
    responses(
        (status = 204, description = "Cancelled; the place is free again"),
        (status = 400, body = ApiError),
        (status = 403, body = ApiError, description = "`citizen-mismatch`: not this booking's citizen"),
        (status = 404, body = ApiError),
        (status = 409, body = ApiError, description = "`already-cancelled`, or `not-cancellable` (closed, or its day has passed)"),
    ))]
pub(super) async fn cancel(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<CancelRequest>,
) -> Result<StatusCode, Failure> {
    state
        .db
        .cancel(&kiosk.id, id, &req.citizen, state.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/v1/bookings/{id}/comments", tag = "bookings",
    params(("id" = Uuid, Path, description = "the booking")), request_body = CommentRequest,
    responses(
        (status = 204, description = "Stored, or stored already under this idempotency key"),
        (status = 400, body = ApiError),
        (status = 403, body = ApiError, description = "`citizen-mismatch`: not this booking's citizen"),
        (status = 404, body = ApiError),
    ))]
pub(super) async fn comment(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<CommentRequest>,
) -> Result<StatusCode, Failure> {
    let text = qebul_core::validation::clean_multiline(&req.text);
    let chars = qebul_core::validation::count_characters(&text);
    if text.is_empty() || chars > MAX_COMMENT_CHARS {
        return Err(Failure::new(
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
            format!("a comment has 1 to {MAX_COMMENT_CHARS} characters; this one has {chars}"),
        ));
    }
    // A cancelled booking takes comments too: the citizen may say why they cancelled.
    state
        .db
        .add_comment(
            &kiosk.id,
            id,
            req.idempotency_key,
            &req.citizen,
            &text,
            state.now(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/v1/arrivals", tag = "citizens", request_body = ArrivalRequest,
    responses(
        (status = 200, body = ArrivalOutcome, description = "Checked in, or why not (another day, cancelled, unknown)"),
        (status = 400, body = ApiError, description = "The barcode is malformed: the reason"),
    ))]
pub(super) async fn arrivals(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    ApiJson(req): ApiJson<ArrivalRequest>,
) -> Result<Json<ArrivalOutcome>, Failure> {
    let payload = BarcodePayload::decode(&req.barcode).map_err(|e| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
            format!("not a notice barcode: {e}"),
        )
    })?;
    let outcome = state
        .db
        .arrival(&kiosk.id, &payload, req.idempotency_key, req.at)
        .await?;
    Ok(Json(outcome))
}
