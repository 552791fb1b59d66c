//! `qebul-sim --seeds N [--seed S] [--steps K] [--threads T] [--break lease-end]`: runs seeds of
//! the deterministic simulation in parallel threads, each on its own single-threaded runtime;
//! prints a summary and every failing seed with the command that replays it; exits 1 on any
//! failure.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use clap::{Parser, ValueEnum};
use qebul_sim::{Config, Failure, Sim, Summary};

/// How many trace lines a failing seed shows (all with --trace).
const TRACE_TAIL: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Break {
    /// Book with the kiosk's raw wall clock instead of its lease clock.
    LeaseEnd,
}

#[derive(Debug, Parser)]
#[command(about = "Deterministic simulation of kiosks and the server")]
struct Args {
    /// How many seeds to run (1, 2, ... N), unless --seed is given.
    #[arg(long, default_value_t = 100)]
    seeds: u64,
    /// Run this one seed only, printing its trace when it fails.
    #[arg(long)]
    seed: Option<u64>,
    /// Steps per seed (the replay command of a failure assumes the default).
    #[arg(long, default_value_t = 100)]
    steps: u64,
    /// Seeds run at once (default: the machine's cores).
    #[arg(long)]
    threads: Option<usize>,
    #[arg(long)]
    kiosks: Option<usize>,
    /// With --seed: print the whole trace (a failing seed's last lines are printed anyway).
    #[arg(long)]
    trace: bool,
    /// Inject a known bug the simulation must find.
    #[arg(long = "break", value_enum)]
    broken: Option<Break>,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let mut config = Config::default();
    if let Some(k) = args.kiosks {
        config.kiosks = k.max(1);
    }
    config.break_lease_clock = args.broken == Some(Break::LeaseEnd);
    let seeds: Vec<u64> = match args.seed {
        Some(s) => vec![s],
        None => (1..=args.seeds).collect(),
    };
    let threads = args
        .threads
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1)
        .clamp(1, seeds.len().max(1));
    let started = Instant::now();
    let next = Arc::new(AtomicU64::new(0));
    let results: Arc<Mutex<Vec<Result<Summary, Failure>>>> = Arc::default();
    let seeds = Arc::new(seeds);
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (next, results, seeds, config) =
                (next.clone(), results.clone(), seeds.clone(), config.clone());
            let steps = args.steps;
            std::thread::spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst) as usize;
                let Some(&seed) = seeds.get(i) else { break };
                let result = Sim::new(seed, config.clone()).run(steps);
                results
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(result);
            })
        })
        .collect();
    for w in workers {
        if w.join().is_err() {
            eprintln!("a simulation thread panicked");
            return std::process::ExitCode::FAILURE;
        }
    }
    let results = std::mem::take(&mut *results.lock().unwrap_or_else(|p| p.into_inner()));
    let mut failures: Vec<&Failure> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    failures.sort_by_key(|f| f.seed);
    let passed: Vec<&Summary> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    let sum = |f: fn(&Summary) -> u64| passed.iter().map(|s| f(s)).sum::<u64>();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "sim: {} seeds, {} failed, {} steps, {} bookings ({} refused), {} comments, {} cancellations, \
         {} rounds ({} failed), {} crashes, {} server restarts, {} network faults, in {:.1} s \
         ({:.2} s/seed, {} threads)",
        results.len(),
        failures.len(),
        sum(|s| s.steps),
        sum(|s| s.bookings),
        sum(|s| s.refused_bookings),
        sum(|s| s.comments),
        sum(|s| s.cancellations),
        sum(|s| s.rounds),
        sum(|s| s.failed_rounds),
        sum(|s| s.crashes),
        sum(|s| s.server_restarts),
        sum(|s| s.network_faults),
        secs,
        secs * threads as f64 / results.len().max(1) as f64,
        threads,
    );
    if let (Some(_), [only]) = (args.seed, passed.as_slice()) {
        println!("seed {}: trace hash {:016x}", only.seed, only.trace_hash);
        if args.trace {
            for line in &only.trace {
                println!("    {line}");
            }
        }
    }
    for f in &failures {
        println!("{f}");
        if args.seed.is_some() {
            let from = if args.trace {
                0
            } else {
                f.trace.len().saturating_sub(TRACE_TAIL)
            };
            for line in &f.trace[from..] {
                println!("    {line}");
            }
        }
    }
    if failures.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}
