//! `qebul-pg-cluster [DATABASE]`: a throwaway cluster for tools that are not Rust tests (xtask's
//! API fuzzing starts `qebul-server serve` on it).
//!
//! Starts a [`PgCluster`] (fsync off: nothing measured), creates `DATABASE` (default `qebul`),
//! prints its URL as one line on stdout, then waits until its stdin closes, and stops the
//! cluster and removes its folder. The caller keeps a pipe to its stdin and closes it (or dies)
//! when done, so the cluster never outlives it.

use std::io::{Read, Write};

use qebul_pg_fixture::PgCluster;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "qebul".to_owned());
    let pg = PgCluster::builder().fsync(false).start()?;
    let url = pg.create_database(&name)?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{url}")?;
    stdout.flush()?;
    // Anything read, or end of file, or an error: the caller is done (or gone).
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    drop(pg);
    Ok(())
}
