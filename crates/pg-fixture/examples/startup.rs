//! Measures how long a throwaway cluster takes to start and to stop: `cargo run --example startup`.

use std::time::Instant;

fn main() -> Result<(), qebul_pg_fixture::PgFixtureError> {
    let runs = 5;
    // `startup /dev/shm` measures on a tmpfs instead of TMPDIR.
    let parent = std::env::args_os().nth(1).map(std::path::PathBuf::from);
    for fsync in [true, false] {
        let mut starts = Vec::new();
        let mut stops = Vec::new();
        for _ in 0..runs {
            let mut builder = qebul_pg_fixture::PgCluster::builder().fsync(fsync);
            if let Some(parent) = &parent {
                builder = builder.parent_dir(parent);
            }
            let pg = builder.start()?;
            starts.push(pg.startup_time());
            let began = Instant::now();
            drop(pg);
            stops.push(began.elapsed());
        }
        starts.sort();
        stops.sort();
        println!(
            "fsync={fsync}: start min {:?} median {:?} max {:?}; stop+remove median {:?}",
            starts[0],
            starts[runs / 2],
            starts[runs - 1],
            stops[runs / 2]
        );
    }
    Ok(())
}
