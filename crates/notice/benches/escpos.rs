//! The seed notice (reprinted, with Russian lines and its QR seal) to ESC/POS bytes at 80 mm (render, then `encode`), beside the same notice to
//! PNG (render, then `to_png`: what the virtual printer does), in one run; prints the ratio, the
//! job's size and the goals (≤ 10 ms median, ≤ 90 KB).
//!
//! `cargo bench -p qebul-notice --bench escpos`. Under `cargo test --benches` it returns at once.
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use qebul_notice::escpos::{encode, EncodeOptions};
use qebul_notice::{render, Lang, Mark, Notice, PaperWidth};
use qebul_protocol::{NoticeSeal, SigningKey};

const GOAL_MS: f64 = 10.0;
const GOAL_BYTES: usize = 90_000;

fn to_escpos(notice: &Notice) -> Vec<u8> {
    let bitmap = render(notice, PaperWidth::Mm80).unwrap();
    encode(&bitmap, &EncodeOptions::default())
}

fn to_png(notice: &Notice) -> Vec<u8> {
    render(notice, PaperWidth::Mm80).unwrap().to_png().unwrap()
}

fn median_ms(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    // The tallest everyday notice: a reprint, with Russian second lines and a QR seal as long as
    // a real kiosk's (its id is a UUID).
    let seal = NoticeSeal {
        kiosk: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".into(),
        booking: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c".parse().unwrap(),
        number: "10000061".into(),
        reception_date: chrono::NaiveDate::from_ymd_opt(2015, 4, 7).unwrap(),
        official: "isgenderov-sahin".into(),
    }
    .sign(&SigningKey::from_bytes(&[7; 32]))
    .unwrap();
    let notice = Notice {
        seal: Some(seal),
        second_language: Some(Lang::Ru),
        mark: Some(Mark::Reprint),
        ..Notice::seed_example()
    };
    let bitmap = render(&notice, PaperWidth::Mm80).unwrap();

    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    c.bench_function("notice -> 80 mm ESC/POS", |b| {
        b.iter(|| to_escpos(black_box(&notice)))
    });
    c.bench_function("encode only (80 mm bitmap)", |b| {
        b.iter(|| encode(black_box(&bitmap), &EncodeOptions::default()))
    });
    c.bench_function("notice -> 80 mm PNG", |b| {
        b.iter(|| to_png(black_box(&notice)))
    });

    // The ratio line: interleaved, so both see the same machine at the same time.
    let (mut escpos, mut png) = (Vec::new(), Vec::new());
    let mut size = 0;
    for _ in 0..100 {
        let t = Instant::now();
        size = black_box(to_escpos(&notice)).len();
        escpos.push(t.elapsed());
        let t = Instant::now();
        black_box(to_png(&notice));
        png.push(t.elapsed());
    }
    let (x, y) = (median_ms(escpos), median_ms(png));
    let within = x <= GOAL_MS && size <= GOAL_BYTES;
    println!(
        "notice -> 80 mm ESC/POS: {x:.2} ms, {size} bytes (raw raster {} bytes); notice -> PNG \
         baseline: {y:.2} ms; ratio {:.2}x ({} the {GOAL_MS} ms / {} KB goal)",
        bitmap.as_bytes().len(),
        x / y,
        if within { "within" } else { "above" },
        GOAL_BYTES / 1000,
    );
    c.final_summary();
}
