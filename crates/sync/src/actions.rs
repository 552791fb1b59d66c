//! Sending what a citizen asked about an application (cancel, comment, check in): the one place
//! that decides which answers are final. The app sends an action at once when it can; the sync
//! task sends whatever is still queued, after the outbox (an application booked offline must
//! reach the server before its cancellation does).
use chrono::{DateTime, Utc};
use qebul_protocol::api::ArrivalOutcome;
use qebul_store::{ActionRequest, CitizenAction, Store, StoreError};

use crate::{ServerClient, SyncError};

/// The server's answer to one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionAnswer {
    /// The server has it (a cancellation it had already counts); an arrival's outcome.
    Done(Option<ArrivalOutcome>),
    /// The server said no for good (`citizen-mismatch`, `not-cancellable`, `not-found`, ...).
    Refused { code: String, message: String },
}

/// Sends one action. `Err` means "not answered, try again later" (network, timeouts, server
/// errors, a refused device token, the rate limit).
pub async fn send_action(
    client: &ServerClient,
    action: &CitizenAction,
) -> Result<ActionAnswer, SyncError> {
    let sent = match &action.request {
        ActionRequest::Cancel(r) => client.cancel(action.booking, r).await.map(|_| None),
        ActionRequest::Comment(r) => client.comment(action.booking, r).await.map(|_| None),
        ActionRequest::Arrival(r) => client.arrival(r).await.map(Some),
    };
    match sent {
        Ok(outcome) => Ok(ActionAnswer::Done(outcome)),
        Err(SyncError::Api {
            status,
            code,
            message,
        }) if is_final(status) => Ok(ActionAnswer::Refused { code, message }),
        Err(e) => Err(e),
    }
}

/// A 4xx answer is the server's last word on this request, but for a timeout (408) and the
/// rate limit (429), which pass.
fn is_final(status: u16) -> bool {
    (400..500).contains(&status) && status != 408 && status != 429
}

/// Writes what became of a sent action into the store: delivered, refused, or to be tried
/// again at `retry_at`.
pub fn settle_action(
    store: &mut Store,
    action: &CitizenAction,
    answer: Result<&ActionAnswer, &str>,
    now: DateTime<Utc>,
    retry_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    match answer {
        Ok(ActionAnswer::Done(_)) => store.action_delivered(action.key, now),
        Ok(ActionAnswer::Refused { code, message }) => {
            tracing::info!(key = %action.key, kind = action.request.kind(), code, "action refused");
            store.action_refused(action.key, code, message, now)
        }
        Err(error) => store.action_failed(action.key, error, retry_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_definite_client_error_is_final() {
        for s in [400, 403, 404, 409, 413] {
            assert!(is_final(s), "{s}");
        }
        for s in [408, 429, 500, 502, 503] {
            assert!(!is_final(s), "{s}");
        }
    }
}
