//! `cargo xtask bench`: every benchmark, each figure beside its baseline and goal, into
//! docs/benchmarks.md, and a chart of the ratios against their goals into docs/benchmarks.png.
//!
//! The figures come from three places, all as one line each with "baseline" and "ratio " in it:
//! the crates' benches (`cargo bench`), the app's cold start and idle memory measured here beside
//! an empty Tauri 2 app (`bench/empty-tauri/`), and `<target>/load-figures.txt` when `cargo
//! xtask load` wrote it. The end-to-end section written by `cargo xtask screenshots` is kept.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::{deps, display, ensure, suites};

/// Runs every benchmark and writes docs/benchmarks.md and docs/benchmarks.png.
pub fn run(root: &Path) -> Result<()> {
    // The server's benchmark starts PostgreSQL and runs pgbench beside it; the app's runs under
    // Xvfb.
    deps::ensure_installed(deps::Purpose::Test)?;
    let target = crate::target_dir(root)?;
    // The app's start first: its build fails fast, and its timing has the machine to itself.
    let mut lines = app::figures(root, &target)?;
    lines.extend(crate_benches(root)?);
    match std::fs::read_to_string(target.join(LOAD_FIGURES)) {
        Ok(text) => lines.extend(figure_lines(&text)),
        Err(_) => println!("no {LOAD_FIGURES} (run `cargo xtask load` first to include it)"),
    }
    let figures: Vec<Figure> = lines.iter().filter_map(|l| parse_figure(l)).collect();
    if figures.is_empty() {
        bail!("no benchmark printed a figure with its baseline");
    }

    let docs = root.join("docs");
    std::fs::create_dir_all(&docs)?;
    let report = markdown(&machine(), &figures, &lines);
    // The end-to-end figures come from `cargo xtask screenshots`: kept as they are.
    let previous = std::fs::read_to_string(docs.join("benchmarks.md")).unwrap_or_default();
    let report = match previous.split_once(suites::E2E_SECTION) {
        Some((_, section)) => format!("{report}\n{}{section}", suites::E2E_SECTION),
        None => report,
    };
    std::fs::write(docs.join("benchmarks.md"), report)?;
    chart::draw(&chart::bars(&figures), &docs.join("benchmarks.png"))?;
    println!("\nwrote docs/benchmarks.md and docs/benchmarks.png");
    Ok(())
}

/// The nationwide load test's figure, written by `cargo xtask load` into the target directory.
const LOAD_FIGURES: &str = "load-figures.txt";

/// The crates' benches, as today's `cargo bench`; their figure lines.
fn crate_benches(root: &Path) -> Result<Vec<String>> {
    let out = Command::new("cargo")
        .args([
            "bench",
            "-p",
            "qebul-core",
            "-p",
            "qebul-store",
            "-p",
            "qebul-server",
            "-p",
            "qebul-sync",
            "-p",
            "qebul-notice",
            "--benches",
        ])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .context("cargo bench")?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    ensure(out.status, "the benchmarks")?;
    Ok(figure_lines(&text))
}

/// The lines of `text` that give a figure beside its baseline.
fn figure_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.contains("baseline") && l.contains("ratio "))
        .map(|l| l.trim().to_owned())
        .collect()
}

/// One figure as a benchmark printed it: `name: value; … baseline: …; ratio 2.4x (within the
/// 1.5x goal)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub name: String,
    pub value: String,
    /// The baseline's name and value (`bare insert+commit: 234 µs`).
    pub baseline: String,
    pub ratio: f64,
    pub goal: Option<Goal>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// As the table shows it: `≤ 1.5x`, `≥ 0.5x`, `≤ 10 ms / 90 KB`.
    pub text: String,
    pub met: bool,
    /// The goal on the ratio itself (`1.5` for `≤ 1.5x`); none for a goal in time or bytes.
    pub ratio: Option<f64>,
}

/// Reads a figure line; none when it has no ratio.
pub fn parse_figure(line: &str) -> Option<Figure> {
    let (name, rest) = line.split_once(':')?;
    let at = rest.find("ratio ")?;
    let (before, after) = rest.split_at(at);
    let after = &after["ratio ".len()..];
    let number: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let ratio: f64 = number.parse().ok()?;
    let mut parts = split_outside_parentheses(before, ';')
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let value = parts.next().unwrap_or_default().to_owned();
    let baseline = parts
        .find(|p| p.contains("baseline"))
        .map(|p| p.replacen(" baseline", "", 1))
        .unwrap_or_default();
    let goal = after
        .find('(')
        .zip(after.rfind(')'))
        .and_then(|(open, close)| (open < close).then(|| &after[open + 1..close]))
        .and_then(parse_goal);
    Some(Figure {
        name: name.trim().to_owned(),
        value,
        baseline,
        ratio,
        goal,
    })
}

/// `text` split at `sep`, but not inside parentheses (`1.8 KB (4 requests; 1072 B up)` stays
/// whole).
fn split_outside_parentheses(text: &str, sep: char) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0usize, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if c == sep && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// `within the 1.5x goal`, `above the 10 s goal`, `meets the 0.5x goal`, `below the 0.5x goal`;
/// words after the goal (`above the 1x goal: 3 errors, ...`) are the line's, not the goal's.
fn parse_goal(words: &str) -> Option<Goal> {
    let (verdict, rest) = words.trim().split_once(' ')?;
    let (met, at_least) = match verdict {
        "within" => (true, false),
        "above" => (false, false),
        "meets" => (true, true),
        "below" => (false, true),
        _ => return None,
    };
    let goal = rest.trim().strip_prefix("the ").unwrap_or(rest).trim();
    let goal = goal.split_once(" goal")?.0.trim();
    let ratio = goal.strip_suffix('x').and_then(|n| n.parse::<f64>().ok());
    Some(Goal {
        text: format!("{} {goal}", if at_least { "≥" } else { "≤" }),
        met,
        ratio,
    })
}

/// The machine the figures were measured on.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    machine_from(&cpuinfo, &meminfo, kernel.trim(), cores())
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

fn machine_from(cpuinfo: &str, meminfo: &str, kernel: &str, cores: usize) -> String {
    let field = |text: &str, key: &str| {
        text.lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split(':').nth(1))
            .map(|v| v.trim().to_owned())
    };
    let cpu = field(cpuinfo, "model name").unwrap_or_else(|| "unknown CPU".into());
    let memory = field(meminfo, "MemTotal")
        .and_then(|v| v.trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kib| format!("{:.1} GiB", kib / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    let kernel = if kernel.is_empty() { "unknown" } else { kernel };
    format!("{cpu}, {cores} cores, {memory} of memory, Linux {kernel}")
}

/// docs/benchmarks.md above its end-to-end section.
fn markdown(machine: &str, figures: &[Figure], lines: &[String]) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut rows = String::new();
    for f in figures {
        let (goal, met) = match &f.goal {
            Some(g) => (g.text.clone(), if g.met { "met" } else { "NOT met" }),
            None => ("none".into(), "–"),
        };
        rows.push_str(&format!(
            "| {} | {} | {} | {:.2}× | {} | {met} |\n",
            cell(&f.name),
            cell(&f.value),
            cell(&f.baseline),
            f.ratio,
            cell(&goal)
        ));
    }
    let met = figures
        .iter()
        .filter(|f| f.goal.as_ref().is_some_and(|g| g.met))
        .count();
    let goals = figures.iter().filter(|f| f.goal.is_some()).count();
    format!(
        "# Benchmarks\n\nWritten by `cargo xtask bench`, all figures from one run, on {machine}. Each figure \
         is measured beside its baseline in the same run; the ratio is figure ÷ baseline. Shared machines \
         are noisy: compare ratios, not absolute times. {met} of {goals} goals met.\n\n\
         | Figure | Value | Baseline | Ratio | Goal | |\n|---|---|---|---|---|---|\n{rows}\n\
         ![Every ratio beside its goal](benchmarks.png)\n\n\
         The app's figures: the kiosk (`--demo`) and an empty Tauri 2 app (`bench/empty-tauri/`, a \
         page with one heading, same tauri version, features and build profile), started alternately \
         under Xvfb with a warm disk cache; the start is timed from spawn to the page's load finished \
         (the kiosk's welcome screen mounted, its handlers attached), the memory is the proportional \
         set size of the whole process tree (WebKit's web and network processes included) after \
         {} s idle; medians of {} runs each.\n\nThe lines as the benchmarks printed them:\n\n```\n{}\n```\n",
        app::IDLE.as_secs(),
        app::RUNS,
        lines.join("\n")
    )
}

/// The chart: one bar per figure, its ratio on a log scale, beside its goal.
mod chart {
    use std::path::Path;

    use anyhow::{anyhow, Result};
    use plotters::prelude::*;
    use plotters::style::FontStyle;

    use super::Figure;

    /// DejaVu Sans, as the notices embed it: no system font lookup that could fail silently.
    static FONT: &[u8] = include_bytes!("../../crates/notice/fonts/DejaVuSans.ttf");

    /// One bar of the chart.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Bar {
        pub label: String,
        pub ratio: f64,
        /// The goal line on the ratio, when the goal is a ratio.
        pub goal_ratio: Option<f64>,
        /// Met, not met, or no goal.
        pub met: Option<bool>,
        /// Shown beside the bar: the ratio, and a goal in time or bytes.
        pub note: String,
    }

    const LABEL_CHARS: usize = 44;

    pub fn bars(figures: &[Figure]) -> Vec<Bar> {
        figures
            .iter()
            .map(|f| {
                let label = if f.name.chars().count() > LABEL_CHARS {
                    let cut: String = f.name.chars().take(LABEL_CHARS - 1).collect();
                    format!("{}…", cut.trim_end())
                } else {
                    f.name.clone()
                };
                let note = match &f.goal {
                    Some(g) if g.ratio.is_none() => format!(
                        "{:.2}×; goal {} {}",
                        f.ratio,
                        g.text,
                        if g.met { "met" } else { "NOT met" }
                    ),
                    Some(g) => format!(
                        "{:.2}× (goal {}{})",
                        f.ratio,
                        g.text,
                        if g.met { "" } else { ", NOT met" }
                    ),
                    None => format!("{:.2}×", f.ratio),
                };
                Bar {
                    label,
                    ratio: f.ratio,
                    goal_ratio: f.goal.as_ref().and_then(|g| g.ratio),
                    met: f.goal.as_ref().map(|g| g.met),
                    note,
                }
            })
            .collect()
    }

    /// The ratio axis: powers of ten around every ratio and goal (a log scale, as ratios run
    /// from 0.4 to 50).
    pub fn axis(bars: &[Bar]) -> (f64, f64) {
        let values = bars
            .iter()
            .flat_map(|b| std::iter::once(b.ratio).chain(b.goal_ratio))
            .filter(|v| *v > 0.0 && v.is_finite());
        let (lo, hi) = values.fold((1.0f64, 1.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        (
            10f64.powf((lo / 1.5).log10().floor()),
            10f64.powf((hi * 3.0).log10().ceil()),
        )
    }

    pub fn draw(bars: &[Bar], path: &Path) -> Result<()> {
        plotters::style::register_font("sans-serif", FontStyle::Normal, FONT)
            .map_err(|_| anyhow!("the embedded DejaVu Sans does not load"))?;
        let row = 56u32;
        let height = 150 + row * bars.len().max(1) as u32;
        let root = BitMapBackend::new(path, (1600, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
        let (lo, hi) = axis(bars);
        let n = bars.len() as f64;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "Each figure ÷ its baseline, log scale. Red mark: a goal on the ratio; bar green: goal met, red: NOT met, grey: no goal",
                ("sans-serif", 22),
            )
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(430)
            .build_cartesian_2d((lo..hi).log_scale(), 0f64..n)
            .map_err(|e| anyhow!("{e}"))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_desc("ratio (×)")
            .label_style(("sans-serif", 18))
            .draw()
            .map_err(|e| anyhow!("{e}"))?;
        let green = RGBColor(46, 139, 87);
        let red = RGBColor(200, 40, 40);
        let grey = RGBColor(140, 140, 140);
        for (i, bar) in bars.iter().enumerate() {
            // The first figure at the top.
            let y = n - 1.0 - i as f64;
            let colour = match bar.met {
                Some(true) => green,
                Some(false) => red,
                None => grey,
            };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(lo, y + 0.2), (bar.ratio.max(lo), y + 0.8)],
                    colour.filled(),
                )))
                .map_err(|e| anyhow!("{e}"))?;
            if let Some(goal) = bar.goal_ratio {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(goal, y + 0.05), (goal, y + 0.95)],
                        red.stroke_width(4),
                    )))
                    .map_err(|e| anyhow!("{e}"))?;
            }
            let (x, ty) = chart.backend_coord(&(lo, y + 0.5));
            root.draw(&Text::new(
                bar.label.clone(),
                (12, ty - 10),
                ("sans-serif", 19).into_font().color(&BLACK),
            ))
            .map_err(|e| anyhow!("{e}"))?;
            // After the bar and its goal mark, whichever ends further right.
            let end = bar.ratio.max(bar.goal_ratio.unwrap_or(lo)).max(lo);
            let (bx, _) = chart.backend_coord(&(end, y + 0.5));
            let note_x = bx.max(x) + 10;
            root.draw(&Text::new(
                bar.note.clone(),
                (note_x, ty - 10),
                ("sans-serif", 17).into_font().color(&BLACK),
            ))
            .map_err(|e| anyhow!("{e}"))?;
        }
        root.present().map_err(|e| anyhow!("{e}"))?;
        Ok(())
    }
}

/// The app's cold start to its first screen and its idle memory, beside an empty Tauri 2 app.
mod app {
    use super::*;

    /// Runs of each app, alternating.
    pub const RUNS: usize = 5;
    /// How long each app idles before its memory is read.
    pub const IDLE: Duration = Duration::from_secs(10);
    /// Both apps write this file once their page has loaded (src-tauri/window.rs and
    /// bench/empty-tauri/src/main.rs).
    const READY_FILE: &str = "QEBUL_BENCH_READY_FILE";
    const GOAL: f64 = 1.3;

    struct Run {
        start: Duration,
        pss_kib: u64,
    }

    pub fn figures(root: &Path, target: &Path) -> Result<Vec<String>> {
        crate::build_ui(root)?;
        let kiosk = crate::build_app(root, false)?;
        let empty = build_empty_app(root, target)?;
        let work = target.join("bench-app");
        let notices = work.join("notices");
        std::fs::create_dir_all(&notices)?;
        let logs = work.join("logs");
        std::fs::create_dir_all(&logs)?;
        let kiosk_args: Vec<std::ffi::OsString> = vec![
            "--demo".into(),
            "--notice-dir".into(),
            notices.clone().into(),
            "--log-dir".into(),
            logs.into(),
        ];
        let screen = display::VirtualScreen::start()?;
        println!(
            "==> app start-up: {RUNS} runs of the kiosk and of the empty Tauri 2 app, alternating"
        );
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for i in 0..RUNS {
            let a = start_once(&kiosk, &kiosk_args, &screen, &work)
                .with_context(|| format!("the kiosk's run {}", i + 1))?;
            let b = start_once(&empty, &[], &screen, &work)
                .with_context(|| format!("the empty app's run {}", i + 1))?;
            println!(
                "    run {}: kiosk {:.2} s, {} MiB; empty app {:.2} s, {} MiB",
                i + 1,
                a.start.as_secs_f64(),
                a.pss_kib / 1024,
                b.start.as_secs_f64(),
                b.pss_kib / 1024
            );
            ours.push(a);
            theirs.push(b);
        }
        let start = |runs: &[Run]| median(runs.iter().map(|r| r.start.as_secs_f64()).collect());
        let pss = |runs: &[Run]| median(runs.iter().map(|r| r.pss_kib as f64 / 1024.0).collect());
        let lines = vec![
            figure_line(
                "app cold start to first screen (debug build)",
                &format!("{:.2} s", start(&ours)),
                &format!("{:.2} s", start(&theirs)),
                start(&ours) / start(&theirs),
            ),
            figure_line(
                "app idle memory (PSS, process tree; debug build)",
                &format!("{:.0} MiB", pss(&ours)),
                &format!("{:.0} MiB", pss(&theirs)),
                pss(&ours) / pss(&theirs),
            ),
        ];
        // Printed now as well: the report is written only once every benchmark has run.
        for line in &lines {
            println!("{line}");
        }
        Ok(lines)
    }

    pub(super) fn figure_line(name: &str, ours: &str, theirs: &str, ratio: f64) -> String {
        format!(
            "{name}: {ours}; empty Tauri 2 app baseline: {theirs}; ratio {ratio:.2}x ({} the {GOAL}x goal)",
            if ratio <= GOAL { "within" } else { "above" }
        )
    }

    pub(super) fn median(mut v: Vec<f64>) -> f64 {
        v.sort_by(f64::total_cmp);
        match v.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => v[n / 2],
            n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        }
    }

    /// The empty app, built as the kiosk is (debug, `custom-protocol`, the same target folder);
    /// its lockfile starts as a copy of the kiosk's so the two link the same tauri.
    fn build_empty_app(root: &Path, target: &Path) -> Result<PathBuf> {
        let dir = root.join("bench/empty-tauri");
        if !dir.join("Cargo.lock").exists() {
            std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
                .context("copying Cargo.lock for the empty app")?;
        }
        println!("==> building the empty Tauri 2 app (bench/empty-tauri)");
        let status = Command::new("cargo")
            .args(["build", "--features", "custom-protocol", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", target)
            .status()
            .context("cargo build (the empty app)")?;
        ensure(status, "the empty app's build")?;
        Ok(target.join("debug/qebul-empty-tauri"))
    }

    /// Starts `bin`, times it to its ready file, lets it idle, reads its tree's memory, stops it.
    fn start_once(
        bin: &Path,
        args: &[std::ffi::OsString],
        screen: &display::VirtualScreen,
        work: &Path,
    ) -> Result<Run> {
        use std::os::unix::process::CommandExt as _;
        let ready = work.join("ready");
        let _ = std::fs::remove_file(&ready);
        let log = std::fs::File::create(work.join("app.log"))?;
        let started = Instant::now();
        let child = Command::new(bin)
            .args(args)
            .env("DISPLAY", screen.name())
            .env_remove("WAYLAND_DISPLAY")
            .env(READY_FILE, &ready)
            .stdout(Stdio::null())
            .stderr(log)
            .process_group(0)
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        let mut app = Tree(child);
        let deadline = started + Duration::from_secs(120);
        while !ready.exists() {
            if let Some(status) = app.0.try_wait()? {
                bail!(
                    "{} exited before its first screen ({status}); see {}",
                    bin.display(),
                    work.join("app.log").display()
                );
            }
            if Instant::now() > deadline {
                bail!("{} showed no first screen within 120 s", bin.display());
            }
            sleep(Duration::from_millis(5));
        }
        let start = started.elapsed();
        sleep(IDLE);
        let pids = tree_pids(app.0.id());
        let pss_kib = pids
            .iter()
            .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok())
            .filter_map(|text| pss_kib(&text))
            .sum();
        if pss_kib == 0 {
            bail!("no proportional set size readable for {}", bin.display());
        }
        Ok(Run { start, pss_kib })
    }

    /// The app and every process it started, stopped when dropped (TERM, then KILL).
    struct Tree(Child);

    impl Drop for Tree {
        fn drop(&mut self) {
            let pids = tree_pids(self.0.id());
            signal(&pids, libc::SIGTERM);
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if matches!(self.0.try_wait(), Ok(Some(_))) {
                    break;
                }
                sleep(Duration::from_millis(50));
            }
            // Whatever of the tree is left (a web process whose parent is gone).
            let left: Vec<u32> = pids
                .into_iter()
                .filter(|p| Path::new(&format!("/proc/{p}")).exists())
                .collect();
            signal(&left, libc::SIGKILL);
            let _ = self.0.wait();
        }
    }

    fn signal(pids: &[u32], sig: libc::c_int) {
        for &pid in pids {
            if let Ok(pid) = libc::pid_t::try_from(pid) {
                // SAFETY: kill(2) with a pid this process started (or its descendant).
                unsafe {
                    libc::kill(pid, sig);
                }
            }
        }
    }

    /// `root` and its descendants, from /proc.
    fn tree_pids(root: u32) -> Vec<u32> {
        let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
            .filter_map(|pid| {
                let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
                Some((pid, parent_of(&stat)?))
            })
            .collect();
        descendants(root, &parents)
    }

    /// The parent pid in a /proc/<pid>/stat line (after the command's closing parenthesis,
    /// which may itself contain spaces and parentheses).
    pub(super) fn parent_of(stat: &str) -> Option<u32> {
        let after = &stat[stat.rfind(')')? + 1..];
        after.split_whitespace().nth(1)?.parse().ok()
    }

    /// `root` and every process below it, from (pid, parent) pairs.
    pub(super) fn descendants(root: u32, parents: &[(u32, u32)]) -> Vec<u32> {
        let mut tree = vec![root];
        let mut i = 0;
        while i < tree.len() {
            let p = tree[i];
            tree.extend(
                parents
                    .iter()
                    .filter(|(pid, parent)| *parent == p && *pid != p)
                    .map(|(pid, _)| *pid),
            );
            i += 1;
        }
        tree
    }

    /// The `Pss:` line of a smaps_rollup, in KiB.
    pub(super) fn pss_kib(smaps_rollup: &str) -> Option<u64> {
        smaps_rollup
            .lines()
            .find(|l| l.starts_with("Pss:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOK: &str =
        "book(): 560 µs; bare insert+commit baseline: 234 µs; ratio 2.4x (above the 1.5x goal)";
    const PG: &str = "server bookings on PostgreSQL, 32 clients: 1464/s; pgbench simple-update baseline: 3339 tps; ratio 0.44x (below the 0.5x goal)";
    const NOTICE: &str = "notice -> 80 mm ESC/POS: 5.17 ms, 70675 bytes (raw raster 100728 bytes); notice -> PNG baseline: 9.13 ms; ratio 0.57x (within the 10 ms / 90 KB goal)";
    const DATES: &str = "next-4-dates: 0.27 µs; naive baseline: 1.33 µs; ratio 5.0x";

    #[test]
    fn a_figure_line_gives_its_value_baseline_ratio_and_goal() {
        let f = parse_figure(BOOK).unwrap();
        assert_eq!(f.name, "book()");
        assert_eq!(f.value, "560 µs");
        assert_eq!(f.baseline, "bare insert+commit: 234 µs");
        assert_eq!(f.ratio, 2.4);
        let g = f.goal.unwrap();
        assert_eq!(g.text, "≤ 1.5x");
        assert!(!g.met);
        assert_eq!(g.ratio, Some(1.5));
    }

    #[test]
    fn a_semicolon_inside_parentheses_stays_in_the_value() {
        let f = parse_figure("unchanged sync round: 3.7 ms, 1.80 KB on the wire (4 requests; 1072 B up, 769 B down); one bare GET baseline: 0.07 ms, 0.20 KB; ratio 55.0x (within the 20 ms / 2 KB goal)").unwrap();
        assert_eq!(
            f.value,
            "3.7 ms, 1.80 KB on the wire (4 requests; 1072 B up, 769 B down)"
        );
        assert_eq!(f.baseline, "one bare GET: 0.07 ms, 0.20 KB");
    }

    #[test]
    fn goals_at_least_and_goals_in_time_and_bytes_are_read() {
        let pg = parse_figure(PG).unwrap().goal.unwrap();
        assert_eq!(
            (pg.text.as_str(), pg.met, pg.ratio),
            ("≥ 0.5x", false, Some(0.5))
        );
        let notice = parse_figure(NOTICE).unwrap();
        // The parenthesis inside the value is not the goal.
        assert_eq!(
            notice.value,
            "5.17 ms, 70675 bytes (raw raster 100728 bytes)"
        );
        let g = notice.goal.unwrap();
        assert_eq!(
            (g.text.as_str(), g.met, g.ratio),
            ("≤ 10 ms / 90 KB", true, None)
        );
        assert_eq!(parse_figure(DATES).unwrap().goal, None);
        assert_eq!(parse_figure("no ratio here: 5 ms; x baseline: 1 ms"), None);
    }

    #[test]
    fn the_apps_lines_read_back_as_figures_with_their_goal() {
        let line = app::figure_line("app idle memory", "180 MiB", "150 MiB", 1.2);
        let f = parse_figure(&line).unwrap();
        assert_eq!(f.baseline, "empty Tauri 2 app: 150 MiB");
        assert_eq!(
            f.goal.unwrap(),
            Goal {
                text: "≤ 1.3x".into(),
                met: true,
                ratio: Some(1.3)
            }
        );
        let over = parse_figure(&app::figure_line("app cold start", "3 s", "1 s", 3.0)).unwrap();
        assert!(!over.goal.unwrap().met);
    }

    #[test]
    fn chart_bars_carry_the_goal_line_and_the_axis_holds_every_bar_and_goal() {
        let figures: Vec<Figure> = [BOOK, PG, NOTICE, DATES]
            .iter()
            .filter_map(|l| parse_figure(l))
            .collect();
        let bars = chart::bars(&figures);
        assert_eq!(bars.len(), 4);
        assert_eq!((bars[0].goal_ratio, bars[0].met), (Some(1.5), Some(false)));
        assert_eq!((bars[2].goal_ratio, bars[2].met), (None, Some(true)));
        assert!(
            bars[2].note.contains("goal ≤ 10 ms / 90 KB met"),
            "{}",
            bars[2].note
        );
        assert_eq!(bars[3].met, None);
        let (lo, hi) = chart::axis(&bars);
        assert!(lo <= 0.44 && hi >= 5.0, "{lo}..{hi}");
        assert_eq!((lo, hi), (0.1, 100.0));
    }

    #[test]
    fn the_chart_is_drawn_as_a_png_with_a_row_per_figure() {
        let lines = [
            BOOK,
            PG,
            NOTICE,
            DATES,
            &app::figure_line(
                "app cold start to first screen (debug build)",
                "1.9 s",
                "1.5 s",
                1.27,
            ),
        ];
        let figures: Vec<Figure> = lines.iter().filter_map(|l| parse_figure(l)).collect();
        let path =
            std::env::temp_dir().join(format!("xtask-bench-chart-{}.png", std::process::id()));
        chart::draw(&chart::bars(&figures), &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        if std::env::var_os("KEEP_CHART").is_none() {
            std::fs::remove_file(&path).unwrap();
        }
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!((width, height), (1600, 150 + 56 * 5));
    }

    #[test]
    fn the_load_tests_line_reads_back_with_its_goal() {
        let ok = parse_figure("nationwide load, 1000 kiosks on 2 servers + 1 PostgreSQL, 60 s: 351 req/s, p50 5.4 ms, p99 38 ms, 0 errors; servers' memory 60 + 60 MiB RSS; baseline: goal p99 100 ms; ratio 0.38x (within the 1x goal)").unwrap();
        let goal = ok.goal.unwrap();
        assert_eq!((goal.met, goal.ratio), (true, Some(1.0)));
        let errors = parse_figure("nationwide load, 1000 kiosks: 351 req/s, p99 38 ms, 3 errors; baseline: goal p99 100 ms; ratio 0.38x (above the 1x goal: 3 errors, the goal is 0)").unwrap();
        let goal = errors.goal.unwrap();
        assert_eq!((goal.met, goal.text.as_str()), (false, "≤ 1x"));
    }

    #[test]
    fn long_names_are_cut_for_the_chart() {
        let f = parse_figure("drain 10000 queued bookings after an outage and some more words: 7.37 s; db baseline: 4.74 s; ratio 1.6x (within the 10 s goal)").unwrap();
        let bar = &chart::bars(&[f])[0];
        assert!(
            bar.label.ends_with('…') && bar.label.chars().count() <= 44,
            "{}",
            bar.label
        );
    }

    #[test]
    fn the_report_lists_each_figure_with_its_goal_and_verdict() {
        let figures: Vec<Figure> = [BOOK, NOTICE]
            .iter()
            .filter_map(|l| parse_figure(l))
            .collect();
        let md = markdown("a machine", &figures, &[BOOK.into(), NOTICE.into()]);
        assert!(
            md.contains(
                "| book() | 560 µs | bare insert+commit: 234 µs | 2.40× | ≤ 1.5x | NOT met |"
            ),
            "{md}"
        );
        assert!(md.contains("| ≤ 10 ms / 90 KB | met |"), "{md}");
        assert!(md.contains("1 of 2 goals met"));
        assert!(md.contains("on a machine"));
    }

    #[test]
    fn the_machine_is_named_from_proc() {
        let m = machine_from(
            "processor: 0\nmodel name\t: AMD EPYC 7B13\n",
            "MemTotal:       24576000 kB\n",
            "6.1.0-18-amd64",
            2,
        );
        assert_eq!(
            m,
            "AMD EPYC 7B13, 2 cores, 23.4 GiB of memory, Linux 6.1.0-18-amd64"
        );
    }

    #[test]
    fn the_process_tree_and_its_memory_are_read_from_proc_text() {
        assert_eq!(
            app::parent_of("123 (Web Content (x)) S 45 123 123 0"),
            Some(45)
        );
        let parents = [(2, 1), (3, 2), (4, 3), (5, 1), (6, 9), (1, 0)];
        let mut tree = app::descendants(2, &parents);
        tree.sort();
        assert_eq!(tree, vec![2, 3, 4]);
        assert_eq!(
            app::pss_kib("Rss: 10 kB\nPss:               4242 kB\nPss_Anon: 1 kB\n"),
            Some(4242)
        );
        assert_eq!(app::pss_kib("Rss: 10 kB\n"), None);
        assert_eq!(app::median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(app::median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
    }
}
