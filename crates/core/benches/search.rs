//! The history search's date parser against a baseline: chrono parsing `dd.mm.yyyy` with a fixed
//! format, the least any "any format" parser has to do.
//!
//! `cargo bench --bench search` runs criterion's measurements and then prints one summary line:
//! `search parse: … ns/query; chrono dd.mm.yyyy baseline: … ns; ratio …x`.

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use criterion::Criterion;
use qebul_core::search::{parse_date, HistoryQuery};

/// What receptionists and citizens type: every format the parser accepts, and a few mistakes.
const QUERIES: [&str; 16] = [
    "3-4-2015",
    "03.04.2015",
    "3/4/15",
    "2015-04-03",
    "3 aprel 2015",
    "3 апреля 2015",
    "April 3, 2015",
    "aprel 2015",
    "2015",
    "bu gün",
    "сегодня",
    "07 APREL 2015",
    "03042015",
    "3.4",
    "31.02.2015",
    "İSGƏNDƏROV",
];

/// The dd.mm.yyyy ones, for the baseline.
const DOTTED: [&str; 3] = ["03.04.2015", "31.12.1999", "29.02.2016"];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 4, 10).expect("a real date")
}

fn parse_all() -> usize {
    let today = today();
    QUERIES
        .iter()
        .filter(|q| parse_date(black_box(q), today).is_ok())
        .count()
}

fn chrono_all() -> usize {
    DOTTED
        .iter()
        .filter(|q| NaiveDate::parse_from_str(black_box(q), "%d.%m.%Y").is_ok())
        .count()
}

fn benches(c: &mut Criterion) {
    let today = today();
    let mut group = c.benchmark_group("search");
    group.bench_function("parse_date: 16 mixed queries", |b| b.iter(parse_all));
    group.bench_function("parse_date: 03.04.2015", |b| {
        b.iter(|| parse_date(black_box("03.04.2015"), today))
    });
    group.bench_function("chrono baseline: 3 dd.mm.yyyy", |b| b.iter(chrono_all));
    group.bench_function("HistoryQuery::parse: seed Şəkil 10", |b| {
        b.iter(|| {
            HistoryQuery::parse(
                black_box("3-4-2015"),
                black_box("İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU"),
                black_box("Bağlanmış müraciətlər"),
                today,
            )
        })
    });
    group.finish();
}

/// Nanoseconds per call of `f`, which handles `per_call` queries: the best of several rounds.
fn ns_per_query(per_call: usize, f: fn() -> usize) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..7 {
        let rounds = 20_000;
        let start = Instant::now();
        for _ in 0..rounds {
            black_box(f());
        }
        let ns = start.elapsed().as_nanos() as f64 / (rounds * per_call) as f64;
        best = best.min(ns);
    }
    best
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
    // `cargo test --benches` runs this binary without `--bench`: keep that quick.
    if std::env::args().any(|a| a == "--bench") {
        let parse = ns_per_query(QUERIES.len(), parse_all);
        let chrono = ns_per_query(DOTTED.len(), chrono_all);
        println!(
            "search parse: {parse:.0} ns/query; chrono dd.mm.yyyy baseline: {chrono:.0} ns; ratio {:.1}x",
            parse / chrono
        );
    }
}
