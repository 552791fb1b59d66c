//! The seam between [`crate::ServerClient`] and the network: one request in, one answer out.
//!
//! The kiosk sends through [`ReqwestTransport`] (HTTP with time limits); the deterministic
//! simulation (`qebul-sim`) sends through its own network, which loses, duplicates and delays
//! requests on purpose, to the server's router in the same process.
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A future the transport returns (boxed, so the trait stays object-safe).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The request did not get an answer (no connection, a timeout, a cut network). Answers with
/// an error status are answers, not this.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TransportError(Box<dyn std::error::Error + Send + Sync>);

impl TransportError {
    pub fn new(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> TransportError {
        TransportError(source.into())
    }
}

/// Carries one HTTP exchange to the server and back.
pub trait Transport: Send + Sync {
    /// Sends `request` and returns the whole answer (its body read), whatever its status.
    fn exchange(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>>;
}

/// HTTP through reqwest: 5 s to connect and 15 s for the whole exchange, so a dead network
/// never hangs a screen.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    pub fn new() -> Result<ReqwestTransport, TransportError> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(TransportError::new)?;
        Ok(ReqwestTransport { client })
    }
}

impl Transport for ReqwestTransport {
    fn exchange(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request).map_err(TransportError::new)?;
            let response = self
                .client
                .execute(request)
                .await
                .map_err(TransportError::new)?;
            let mut answer = http::Response::builder().status(response.status());
            if let Some(headers) = answer.headers_mut() {
                headers.extend(
                    response
                        .headers()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone())),
                );
            }
            let body = response.bytes().await.map_err(TransportError::new)?;
            answer.body(body.to_vec()).map_err(TransportError::new)
        })
    }
}
