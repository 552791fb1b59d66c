//! `qebul-loadgen`: the nationwide load test. Starts a throwaway PostgreSQL, loads a catalog of
//! every authority's officials into it, starts `qebul-server serve` processes on loopback ports
//! against it, enrolls the simulated kiosks over HTTP, lets them sync, and reports requests/s,
//! latency percentiles, errors and the servers' memory. `cargo xtask load` builds and runs it.

use std::io::Write;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use chrono::Utc;
use clap::Parser;
use qebul_loadgen::catalog::{nationwide, Country};
use qebul_loadgen::memory::{self, Memory};
use qebul_loadgen::schedule::{server_of, Workload};
use qebul_loadgen::summary::ServerMemory;
use qebul_loadgen::{run_fleet, FleetConfig, KioskEndpoint};
use qebul_pg_fixture::PgCluster;
use qebul_protocol::SignedCatalog;
use qebul_server::{auth, ServerDb};

#[derive(Parser, Debug)]
#[command(
    about = "The nationwide load test: simulated kiosks against reference servers on one PostgreSQL"
)]
struct Args {
    /// The `qebul-server` binary to run (a release build).
    #[arg(long)]
    server_bin: PathBuf,
    #[arg(long, default_value_t = 1000)]
    kiosks: usize,
    /// How long the measured phase lasts, after every kiosk's first (unmeasured) round.
    #[arg(long, default_value_t = 120)]
    seconds: u64,
    #[arg(long, default_value_t = 2)]
    servers: usize,
    /// Authorities in the catalog. A server serves one catalog of one authority, so the
    /// nation's 80 authorities are one catalog of `authorities × officials_per_authority`
    /// officials; every kiosk is then leased every official's days (see the report of issue 18:
    /// with 80 today's server needs 1–2 s for one kiosk's leases). The default is the demo's
    /// one authority, which the server can be measured with today.
    #[arg(long, default_value_t = 1)]
    authorities: usize,
    #[arg(long, default_value_t = 8)]
    officials_per_authority: usize,
    /// Seconds between a kiosk's syncs.
    #[arg(long, default_value_t = 10)]
    sync_every: u64,
    /// Bookings per kiosk per minute.
    #[arg(long, default_value_t = 0.5)]
    bookings_per_minute: f64,
    #[arg(long, default_value_t = 18)]
    seed: u64,
    /// Where the servers' logs and the catalog key go.
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Where PostgreSQL's cluster goes (default: TMPDIR or /tmp). A real disk, since commits are
    /// fsynced; under root the `postgres` user must be able to reach it (not under /root).
    #[arg(long)]
    pg_dir: Option<PathBuf>,
    /// Also write the report line to this file (for `cargo xtask bench`).
    #[arg(long)]
    figures_out: Option<PathBuf>,
}

/// Lets the process hold a socket per kiosk and more: the soft open-file limit up to the hard one.
fn raise_open_files() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// A `qebul-server serve` child, killed when dropped.
struct ServerProcess {
    child: Child,
    base_url: String,
    log: PathBuf,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn log_tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

async fn wait_healthy(server: &mut ServerProcess) -> anyhow::Result<()> {
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = server.child.try_wait()? {
            bail!(
                "qebul-server exited at start ({status}); its log:\n{}",
                log_tail(&server.log)
            );
        }
        let url = format!("{}/health", server.base_url);
        if let Ok(r) = http.get(&url).send().await {
            if r.status().is_success() {
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            bail!(
                "qebul-server did not answer {url} within 30 s; its log:\n{}",
                log_tail(&server.log)
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.kiosks == 0 || args.servers == 0 || args.authorities == 0 {
        bail!("--kiosks, --servers and --authorities must be at least 1");
    }
    raise_open_files();
    let scratch;
    let work_dir = match &args.work_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            dir.clone()
        }
        None => {
            scratch = tempfile::tempdir()?;
            scratch.path().to_owned()
        }
    };

    // Two servers' pools (16 each) and the tools, with room to spare.
    let started = Instant::now();
    let mut builder = PgCluster::builder().setting("max_connections", "200");
    if let Some(dir) = &args.pg_dir {
        builder = builder.parent_dir(dir);
    }
    let cluster = builder
        .start()
        .context("cannot start PostgreSQL (apt-get install postgresql)")?;
    let url = cluster.create_database("qebul")?;
    eprintln!(
        "PostgreSQL on port {} ({:.1} s)",
        cluster.port(),
        started.elapsed().as_secs_f64()
    );

    // The data, through the server's own library: the catalog signed, the demo registry, and a
    // one-time enrollment code per kiosk.
    let db = ServerDb::open(&url).await?;
    let key = auth::new_signing_key()?;
    let policy = qebul_server::plan::LeasePolicy::default();
    let country = Country {
        authorities: args.authorities,
        officials_per_authority: args.officials_per_authority,
        daily_capacity: Country::capacity_for(args.kiosks, policy.places_per_kiosk, 1000),
    };
    let mut catalog = nationwide(&qebul_server::demo_catalog()?, country);
    catalog.version = 1;
    db.store_catalog(&SignedCatalog::sign(&catalog, &key), catalog.version)
        .await?;
    db.put_registry(&qebul_server::demo_registry()?).await?;
    let mut codes = Vec::with_capacity(args.kiosks);
    for i in 0..args.kiosks {
        let code = auth::new_enrollment_code()?;
        db.create_enrollment(
            &format!("load kiosk {i}"),
            &auth::secret_hash(&auth::normalise_code(&code)),
            Utc::now(),
        )
        .await?;
        codes.push(code);
    }
    drop(db);
    let key_path = work_dir.join("catalog.key");
    {
        let mut file = std::fs::File::create(&key_path)?;
        writeln!(file, "{}", hex::encode(key.to_bytes()))?;
    }
    eprintln!(
        "catalog: {} officials ({} authorities × {}), capacity {} a day; {} enrollment codes",
        catalog.officials.len(),
        args.authorities,
        args.officials_per_authority,
        country.daily_capacity,
        codes.len()
    );

    let mut servers = Vec::new();
    for i in 0..args.servers {
        let port = free_port()?;
        let log = work_dir.join(format!("server-{}.log", i + 1));
        let child = Command::new(&args.server_bin)
            .args(["serve", "--db", &url, "--key"])
            .arg(&key_path)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log)?)
            .spawn()
            .with_context(|| format!("cannot run {}", args.server_bin.display()))?;
        let mut server = ServerProcess {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            log,
        };
        wait_healthy(&mut server).await?;
        servers.push(server);
    }
    let pids: Vec<u32> = servers.iter().map(|s| s.child.id()).collect();
    eprintln!(
        "servers: {:?} (pids {pids:?})",
        servers.iter().map(|s| &s.base_url).collect::<Vec<_>>()
    );

    // Each server's memory, sampled every second for its peak.
    let peaks = Arc::new(Mutex::new(vec![Memory::default(); pids.len()]));
    let sampling = Arc::new(AtomicBool::new(true));
    let sampler = {
        let (peaks, sampling, pids) = (peaks.clone(), sampling.clone(), pids.clone());
        tokio::spawn(async move {
            while sampling.load(Ordering::Relaxed) {
                for (i, pid) in pids.iter().enumerate() {
                    if let (Ok(m), Ok(mut peaks)) = (memory::read(*pid), peaks.lock()) {
                        peaks[i] = peaks[i].max(m);
                    }
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        })
    };

    let endpoints: Vec<KioskEndpoint> = codes
        .into_iter()
        .enumerate()
        .map(|(i, code)| KioskEndpoint {
            base_url: servers[server_of(i, servers.len())].base_url.clone(),
            code,
        })
        .collect();
    let config = FleetConfig {
        workload: Workload {
            sync_every: Duration::from_secs(args.sync_every.max(1)),
            bookings_per_kiosk_minute: args.bookings_per_minute,
            ..Workload::default()
        },
        measured: Duration::from_secs(args.seconds),
        seed: args.seed,
        catalog_key: key.verifying_key(),
        authorities: args.authorities,
        warmup_concurrency: 32,
    };
    let outcome = run_fleet(&config, &endpoints).await;

    sampling.store(false, Ordering::Relaxed);
    let _ = sampler.await;
    let mut server_memory = Vec::new();
    for (i, server) in servers.iter_mut().enumerate() {
        if let Some(status) = server.child.try_wait()? {
            bail!(
                "qebul-server {} exited during the run ({status}); its log:\n{}",
                i + 1,
                log_tail(&server.log)
            );
        }
        let end = memory::read(pids[i])?;
        let peak = peaks.lock().map(|p| p[i]).unwrap_or_default().max(end);
        server_memory.push(ServerMemory { end, peak });
    }
    let mut figures = outcome?;
    figures.server_memory = server_memory;

    println!("{}", figures.report_block());
    let line = figures.report_line();
    println!("{line}");
    if let Some(path) = &args.figures_out {
        std::fs::write(path, format!("{line}\n"))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    for (i, s) in servers.iter().enumerate() {
        let warnings = std::fs::read_to_string(&s.log)
            .unwrap_or_default()
            .lines()
            .count();
        if warnings > 0 {
            eprintln!(
                "server {} logged {warnings} warning/error lines ({}); the last:\n{}",
                i + 1,
                s.log.display(),
                log_tail(&s.log)
            );
        }
    }
    drop(servers);
    drop(cluster);
    Ok(())
}
