//! The error answers every operation shares, added to `/openapi.json` in one place.
//!
//! Each handler's annotation documents the answers of its own logic (403 `citizen-mismatch`,
//! 404, 409, 429, ...). The answers of the layers around it are the same everywhere and are
//! added here, so no annotation can forget one: a JSON body that cannot be read (400, 413, 415,
//! 422 from [`super::ApiJson`]), a path or query value that cannot be read (400 from
//! [`super::ApiPath`], [`super::ApiQuery`]), a missing or refused device token (401 from
//! [`super::Kiosk`]) and the request timeout (408). Schemathesis' status-code check holds the
//! server to exactly this list.
use qebul_protocol::api::paths;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};

/// The name of the bearer scheme ([`super::BearerAuth`]) that every operation but enrollment needs.
pub(super) const DEVICE_TOKEN: &str = "device_token";

/// Adds the shared error answers and the device-token requirement to every operation.
pub(super) struct CommonErrors;

impl utoipa::Modify for CommonErrors {
    fn modify(&self, openapi: &mut OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                // Enrollment is how a kiosk gets its token, so it is the one call without one.
                let needs_token = path != paths::ENROLL;
                add_common_errors(operation, needs_token);
            }
        }
    }
}

fn add_common_errors(operation: &mut Operation, needs_token: bool) {
    let mut errors: Vec<(&str, &str)> = Vec::new();
    if operation.request_body.is_some() {
        errors.extend([
            (
                "400",
                "`bad-request`: the body is not JSON, or a value in it is malformed",
            ),
            (
                "413",
                "`too-large`: the body is larger than the server accepts",
            ),
            (
                "415",
                "`bad-request`: the body is not sent as `Content-Type: application/json`",
            ),
            (
                "422",
                "`bad-request`: JSON of another shape (a field missing, unknown or of the wrong type)",
            ),
        ]);
    }
    if operation.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
        errors.push((
            "400",
            "`bad-request`: a path or query parameter is malformed",
        ));
    }
    if needs_token {
        errors.push((
            "401",
            "`unauthorized` (no device token, or an unknown one) or `kiosk-revoked`",
        ));
        operation
            .security
            .get_or_insert_with(Vec::new)
            .push(SecurityRequirement::new(DEVICE_TOKEN, Vec::<String>::new()));
    }
    for (status, description) in errors {
        // An annotation's own description of the same status says more; it stays.
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| api_error(description));
    }
    // The timeout layer answers without a body.
    operation
        .responses
        .responses
        .entry("408".to_owned())
        .or_insert_with(|| {
            RefOr::T(
                ResponseBuilder::new()
                    .description("The request took too long; its transaction was rolled back")
                    .build(),
            )
        });
}

fn api_error(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ApiError")))
                    .build(),
            )
            .build(),
    )
}
