//! The demo kiosk: an embedded reference server, the simulated card reader and a virtual
//! printer. Behind the `demo` feature, so that a production kiosk does not link the server.

use crate::config::KioskConfig;
use crate::Kiosk;

#[cfg(not(feature = "demo"))]
pub(crate) async fn start(_config: &KioskConfig) -> anyhow::Result<Kiosk> {
    anyhow::bail!(
        "this build of the kiosk has no demo (it does not carry the reference server); \
         run `cargo xtask demo`, or build with `--features demo`"
    )
}

/// Keeps nothing between runs: its own folder (unless `data_dir` is given), a key held in
/// memory. Prints a test page so the technician sees where notices go; a printer that cannot
/// print now (no paper, unplugged) does not stop the kiosk.
#[cfg(feature = "demo")]
pub(crate) async fn start(config: &KioskConfig) -> anyhow::Result<Kiosk> {
    use anyhow::Context as _;
    use qebul_idcard::ReaderSpec;
    use qebul_notice::{Notice, PaperWidth};
    use qebul_printer::PrinterSpec;
    use qebul_store::key::{FreshStart, MemoryKeyStore};
    use qebul_sync::ServerClient;

    let demo_dir = match &config.data_dir {
        Some(_) => None,
        None => Some(
            tempfile::Builder::new()
                .prefix("qebul-demo-")
                .tempdir()
                .context("cannot create the demo's data folder")?,
        ),
    };
    let data_dir = demo_dir
        .as_ref()
        .map_or_else(|| config.data_dir(), |d| d.path().to_path_buf());
    let keys = MemoryKeyStore::new();
    let store = crate::kiosk::open_store(&keys, &data_dir, FreshStart::Allow)?;
    let server = qebul_server::EmbeddedServer::start_demo(&data_dir)
        .await
        .context("the embedded demo server could not start")?;
    tracing::info!(url = %server.base_url(), "demo: embedded reference server");
    let client = ServerClient::new(&server.base_url())?;
    let (token, pinned) = crate::kiosk::credentials(
        &keys,
        &client,
        Some(&server.enrollment_code),
        Some(server.catalog_key),
    )
    .await?;
    let mut kiosk = Kiosk::connect(store, client.with_token(&token), pinned).await?;
    let spec = config.printer.clone().unwrap_or(PrinterSpec::Virtual {
        dir: config.notice_dir.clone(),
        paper: PaperWidth::Mm80,
    });
    let printer = crate::printing::open_printer(&spec)?;
    let now = qebul_core::time::baku_timestamp(&chrono::Utc::now());
    match printer.print(&Notice::test_page(now)) {
        Ok(receipt) => {
            tracing::info!(printer = printer.name(), "demo: printed a test page");
            for file in &receipt.files {
                tracing::info!(file = %file.display(), "demo: the test page");
            }
        }
        Err(e) => tracing::warn!(printer = printer.name(), "demo: no test page: {e}"),
    }
    let reader = config.card_reader.clone().unwrap_or(ReaderSpec::Simulated);
    kiosk.use_card_reader(&reader, config.session)?;
    kiosk.attach_printer(printer, &keys)?;
    // The server stops, and the demo's folder goes, when the kiosk does (server first).
    kiosk.keep_alive(Box::new((server, demo_dir)));
    Ok(kiosk)
}
