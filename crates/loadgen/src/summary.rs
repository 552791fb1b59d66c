//! Latency percentiles per request kind, and the report: a block for people and one line in the
//! project's benchmark format (`baseline` and `ratio `) for `docs/benchmarks.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

/// The kinds of request a kiosk makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Enroll,
    Push,
    Cancel,
    Comment,
    Leases,
    Health,
    Updates,
    Catalog,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Enroll,
        Kind::Push,
        Kind::Cancel,
        Kind::Comment,
        Kind::Leases,
        Kind::Health,
        Kind::Updates,
        Kind::Catalog,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Enroll => "enroll",
            Kind::Push => "push",
            Kind::Cancel => "cancel",
            Kind::Comment => "comment",
            Kind::Leases => "leases",
            Kind::Health => "health",
            Kind::Updates => "updates",
            Kind::Catalog => "catalog",
        }
    }
}

/// A latency distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub count: usize,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

/// The nearest-rank percentile `p` (0 < p ≤ 100) of `sorted` (ascending): the smallest sample
/// with at least p % of the samples at or below it.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

impl Summary {
    pub fn of(mut samples: Vec<Duration>) -> Summary {
        samples.sort_unstable();
        Summary {
            count: samples.len(),
            p50: percentile(&samples, 50.0),
            p99: percentile(&samples, 99.0),
            max: samples.last().copied().unwrap_or_default(),
        }
    }
}

/// Everything a run measured.
#[derive(Debug, Clone, Default)]
pub struct LoadFigures {
    pub kiosks: usize,
    pub servers: usize,
    pub seconds: f64,
    pub per_kind: BTreeMap<Kind, Summary>,
    pub overall: Summary,
    /// Errors (a status other than 2xx/304, a transport failure, an unreadable answer) by kind
    /// and what went wrong.
    pub errors: BTreeMap<(Kind, String), u64>,
    /// Bookings the server refused in a push (answered 200, but not accepted), by code.
    pub refused: BTreeMap<String, u64>,
    pub bookings_accepted: u64,
    /// Each server's memory at the end and at its peak (sampled every second).
    pub server_memory: Vec<ServerMemory>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ServerMemory {
    pub end: crate::memory::Memory,
    pub peak: crate::memory::Memory,
}

/// The p99 goal of the issue.
pub const P99_GOAL: Duration = Duration::from_millis(100);

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

impl LoadFigures {
    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }

    pub fn requests_per_second(&self) -> f64 {
        if self.seconds <= 0.0 {
            return 0.0;
        }
        self.overall.count as f64 / self.seconds
    }

    /// The line for `docs/benchmarks.md`: p99 beside the 100 ms goal.
    pub fn report_line(&self) -> String {
        let ratio = self.overall.p99.as_secs_f64() / P99_GOAL.as_secs_f64();
        let memory = if self.server_memory.is_empty() {
            "servers' memory not measured (in-process server)".to_owned()
        } else {
            let rss: Vec<String> = self
                .server_memory
                .iter()
                .map(|m| format!("{:.0}", m.end.rss_mib()))
                .collect();
            format!("servers' memory {} MiB RSS", rss.join(" + "))
        };
        let errors = self.error_count();
        format!(
            "nationwide load, {} kiosks on {} servers + 1 PostgreSQL, {:.0} s: {:.0} req/s, p50 {}, p99 {}, {} error{}; {}; baseline: goal p99 100 ms; ratio {:.2}x ({})",
            self.kiosks,
            self.servers,
            self.seconds,
            self.requests_per_second(),
            ms(self.overall.p50),
            ms(self.overall.p99),
            errors,
            if errors == 1 { "" } else { "s" },
            memory,
            ratio,
            // The goal on the ratio is 1x (p99 at 100 ms), and no error at all.
            if ratio <= 1.0 && errors == 0 {
                "within the 1x goal".to_owned()
            } else if errors > 0 {
                format!("above the 1x goal: {errors} error{}, the goal is 0", if errors == 1 { "" } else { "s" })
            } else {
                "above the 1x goal".to_owned()
            },
        )
    }

    /// The summary block for people.
    pub fn report_block(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} kiosks, {} servers, {:.0} s measured; {} requests ({:.0}/s); {} bookings accepted",
            self.kiosks,
            self.servers,
            self.seconds,
            self.overall.count,
            self.requests_per_second(),
            self.bookings_accepted
        );
        let _ = writeln!(
            out,
            "{:<9} {:>8} {:>8} {:>10} {:>10} {:>10}",
            "kind", "count", "req/s", "p50", "p99", "max"
        );
        let rows = self
            .per_kind
            .iter()
            .map(|(k, s)| (k.name(), s))
            .chain(std::iter::once(("all", &self.overall)));
        for (name, s) in rows {
            let rate = if self.seconds > 0.0 {
                s.count as f64 / self.seconds
            } else {
                0.0
            };
            let _ = writeln!(
                out,
                "{:<9} {:>8} {:>8.1} {:>10} {:>10} {:>10}",
                name,
                s.count,
                rate,
                ms(s.p50),
                ms(s.p99),
                ms(s.max)
            );
        }
        if self.errors.is_empty() {
            let _ = writeln!(out, "errors: none");
        }
        for ((kind, what), n) in &self.errors {
            let _ = writeln!(out, "errors: {} × {n}: {what}", kind.name());
        }
        for (code, n) in &self.refused {
            let _ = writeln!(out, "bookings refused in pushes: {code} × {n}");
        }
        for (i, m) in self.server_memory.iter().enumerate() {
            let _ = writeln!(
                out,
                "server {}: {:.1} MiB RSS, {:.1} MiB PSS at the end; peak {:.1} MiB RSS, {:.1} MiB PSS",
                i + 1,
                m.end.rss_mib(),
                m.end.pss_mib(),
                m.peak.rss_mib(),
                m.peak.pss_mib()
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::Memory;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn nearest_rank_percentiles() {
        let samples: Vec<Duration> = (1..=100).rev().map(ms).collect();
        let s = Summary::of(samples);
        assert_eq!(
            (s.count, s.p50, s.p99, s.max),
            (100, ms(50), ms(99), ms(100))
        );
        let one = Summary::of(vec![ms(7)]);
        assert_eq!((one.p50, one.p99), (ms(7), ms(7)));
        assert_eq!(Summary::of(Vec::new()), Summary::default());
        // 1 slow request in 1000 stays out of p99; 11 do not.
        let mut v = vec![ms(2); 990];
        v.extend(vec![ms(500); 10]);
        assert_eq!(Summary::of(v.clone()).p99, ms(2));
        v.push(ms(500));
        assert_eq!(Summary::of(v).p99, ms(500));
    }

    #[test]
    fn the_report_line_has_the_bench_format() {
        let mut f = LoadFigures {
            kiosks: 1000,
            servers: 2,
            seconds: 120.0,
            overall: Summary {
                count: 37_440,
                p50: Duration::from_micros(4100),
                p99: ms(38),
                max: ms(90),
            },
            server_memory: vec![
                ServerMemory {
                    end: Memory {
                        rss_kib: 41 * 1024,
                        pss_kib: 40 * 1024,
                    },
                    peak: Memory::default(),
                },
                ServerMemory {
                    end: Memory {
                        rss_kib: 43 * 1024,
                        pss_kib: 42 * 1024,
                    },
                    peak: Memory::default(),
                },
            ],
            ..LoadFigures::default()
        };
        assert_eq!(
            f.report_line(),
            "nationwide load, 1000 kiosks on 2 servers + 1 PostgreSQL, 120 s: 312 req/s, p50 4.1 ms, p99 38 ms, 0 errors; servers' memory 41 + 43 MiB RSS; baseline: goal p99 100 ms; ratio 0.38x (within the 1x goal)"
        );
        f.errors.insert((Kind::Push, "HTTP 500".into()), 3);
        let line = f.report_line();
        assert!(
            line.contains("3 errors")
                && line.contains("(above the 1x goal: 3 errors, the goal is 0)"),
            "{line}"
        );
        assert!(f.report_block().contains("errors: push × 3: HTTP 500"));
    }
}
