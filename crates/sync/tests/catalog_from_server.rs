//! The sync client against the real reference server on loopback.

use std::io::{Read, Write};
use std::net::TcpListener;

use qebul_sync::{ServerClient, SyncError};

#[tokio::test]
async fn downloads_the_demo_catalog_from_the_reference_server() {
    let catalog = qebul_server::demo_catalog().expect("demo catalog");
    let server = qebul_server::EmbeddedServer::start(catalog.clone())
        .await
        .expect("server starts");
    let client = ServerClient::new(&server.base_url()).expect("valid url");
    let want = catalog.to_domain().expect("demo catalog is valid");
    assert_eq!(client.catalog().await.expect("catalog"), want);
}

#[tokio::test]
async fn a_server_that_is_down_is_a_clear_error() {
    // Bind and drop, so nothing listens on the port.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let client = ServerClient::new(&format!("http://127.0.0.1:{port}")).expect("valid url");
    let err = client.catalog().await.unwrap_err();
    assert!(matches!(err, SyncError::Unreachable { .. }), "{err}");
    assert!(err
        .to_string()
        .starts_with("cannot reach the central server at http://127.0.0.1:"));
}

/// A one-shot HTTP server that answers `response` to the first request.
fn answer_once(response: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(response.as_bytes());
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_garbled_catalog_is_refused() {
    let url =
        answer_once("HTTP/1.1 200 OK\r\ncontent-length: 9\r\nconnection: close\r\n\r\n{\"nope\":1");
    let err = ServerClient::new(&url)
        .expect("url")
        .catalog()
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::Malformed(_)), "{err}");
}

#[tokio::test]
async fn a_server_error_status_is_reported_with_its_code() {
    let url = answer_once(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
    );
    let err = ServerClient::new(&url)
        .expect("url")
        .catalog()
        .await
        .unwrap_err();
    assert!(
        matches!(err, SyncError::Status { status: 503, .. }),
        "{err}"
    );
}

#[test]
fn an_address_that_is_not_http_is_refused() {
    assert!(matches!(
        ServerClient::new("ftp://x"),
        Err(SyncError::BadAddress(_))
    ));
}
