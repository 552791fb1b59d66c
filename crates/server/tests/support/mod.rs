//! Both databases for the server's tests: an SQLite file, and a real PostgreSQL cluster
//! started on loopback by `qebul-pg-fixture`.
#![allow(dead_code)]

pub mod running;

use qebul_pg_fixture::PgCluster;
use tempfile::TempDir;

/// A database the server can open, kept alive as long as the test needs it.
pub struct Backend {
    /// An SQLite path or a PostgreSQL URL.
    pub target: String,
    pub dir: TempDir,
    pub cluster: Option<PgCluster>,
}

pub fn sqlite() -> Backend {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("server.db").to_string_lossy().into_owned();
    Backend {
        target,
        dir,
        cluster: None,
    }
}

pub fn postgres() -> Backend {
    let dir = tempfile::tempdir().expect("temp dir");
    let cluster = PgCluster::start()
        .expect("a PostgreSQL cluster on loopback (cargo xtask test installs PostgreSQL)");
    let target = cluster.create_database("qebul").expect("create database");
    Backend {
        target,
        dir,
        cluster: Some(cluster),
    }
}

/// Runs `$scenario(backend)` once against SQLite and once against PostgreSQL, as two tests.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name(super::support::sqlite()).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name(super::support::postgres()).await
                }
            )*
        }
    };
}
