//! `qebul-server`: the reference central server.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(version, about = "The reference central server of Qəbul Kiosk")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve a catalog file (JSON) to kiosks.
    Serve {
        /// The catalog to serve.
        #[arg(long)]
        catalog: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8700")]
        listen: SocketAddr,
    },
    /// Serve the seed's demo authority (Biləsuvar) and its eight officials.
    Demo {
        #[arg(long, default_value = "127.0.0.1:8700")]
        listen: SocketAddr,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let (catalog, listen) = match Cli::parse().command {
        Command::Serve { catalog, listen } => (qebul_server::load_catalog(&catalog)?, listen),
        Command::Demo { listen } => (qebul_server::demo_catalog()?, listen),
    };
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    qebul_server::serve(listener, catalog).await?;
    Ok(())
}
