//! `cargo xtask test`'s API fuzzing suite: schemathesis against a running server's `/openapi.json`.
//!
//! The reference server (`qebul-server demo`: the demo authority, catalog and registry) runs
//! twice, on SQLite and on PostgreSQL (a throwaway cluster from `qebul-pg-cluster`, the
//! pg-fixture's own binary), each with a kiosk enrolled through `POST /v1/enroll`, so every
//! operation is fuzzed with a valid device token. schemathesis (pinned in
//! `tests/api-fuzz/requirements.txt`, installed into a virtualenv in the target directory)
//! checks that no answer is a 5xx, and that every answer's status, content type and body are
//! the ones `/openapi.json` documents. Counted: one test per (engine × operation), plus
//! schemathesis' stateful test per engine, from its JUnit report.
//!
//! What the fuzzing cannot reach, and why (every operation is still fuzzed and checked):
//! `POST /v1/enroll` takes one-time codes, and the only valid one is spent on the suite's own
//! kiosk, so it only ever answers its refusals (400, 403, 415, 422); `POST /v1/history` allows
//! a kiosk 20 requests a minute, so most of its requests are answered 429 (which is checked
//! too); cancel and comment run on one seeded booking (see `tests/api-fuzz/schemathesis.toml`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{bail, Context, Result};

use crate::suites::Outcome;

/// Test cases per operation and phase: both engines together take about two minutes here
/// (2 cores), and the run still reaches every documented answer of every operation.
const MAX_EXAMPLES: u32 = 100;
/// A fixed seed: a failure found in CI replays exactly with the same command.
const SEED: u32 = 18;
/// What schemathesis checks: no 5xx, and status, content type and body as documented; and
/// `ignored_auth`: every operation that documents the device token refuses a request without
/// it. (Not `negative_data_rejection`: utoipa writes a `u32` as `int32` and a `u64` as `int64`,
/// so a value past 2^31 that the server rightly takes counts as "invalid data accepted".)
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_schema_conformance,ignored_auth";
/// schemathesis' configuration: the booking that cancel and comment are fuzzed on.
const CONFIG: &str = "tests/api-fuzz/schemathesis.toml";
/// The variable the configuration reads the seeded booking's id from.
const BOOKING_ENV: &str = "QEBUL_API_FUZZ_BOOKING";
/// The demo registry's citizen the seeded booking is made for: the proof the schema's examples
/// carry (`CitizenProof`'s `5ZK7Q2M` / `AA1234567`), so cancel and comment reach their logic.
const SEED_CITIZEN: (&str, &str) = ("5ZK7Q2M", "AA1234567");
/// How long a server or a cluster may take to come up.
const START_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Clone, Copy)]
enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

pub fn suite(root: &Path, target: &Path) -> Result<Outcome> {
    println!("\n==> suite api-fuzz: schemathesis against qebul-server on SQLite and PostgreSQL");
    let schemathesis = ensure_venv(root, target)?;
    build_binaries(root)?;
    let work = target.join("api-fuzz");
    let (mut passed, mut failed, mut ok) = (0, 0, true);
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let started = Instant::now();
        let run = run_engine(
            engine,
            &schemathesis,
            &root.join(CONFIG),
            target,
            &work.join(engine.name()),
        )
        .with_context(|| format!("API fuzzing on {}", engine.name()))?;
        println!(
            "api-fuzz on {}: {} operations passed, {} failed, in {:.0} s",
            engine.name(),
            run.passed.len(),
            run.failed.len(),
            started.elapsed().as_secs_f64()
        );
        for name in &run.failed {
            println!("  FAILED on {}: {name}", engine.name());
        }
        passed += run.passed.len() as u64;
        failed += run.failed.len() as u64;
        ok &= run.exited_ok;
    }
    Ok(Outcome {
        suite: "api-fuzz",
        passed,
        failed,
        ok,
    })
}

/// The server and the cluster helper, as `cargo build --workspace` leaves them (quick when
/// they are fresh; needed when only this suite runs).
fn build_binaries(root: &Path) -> Result<()> {
    let status = Command::new("cargo")
        .args([
            "build",
            "--quiet",
            "-p",
            "qebul-server",
            "--bin",
            "qebul-server",
            "-p",
            "qebul-pg-fixture",
            "--bin",
            "qebul-pg-cluster",
        ])
        .current_dir(root)
        .status()
        .context("cargo build")?;
    crate::ensure(status, "building qebul-server and qebul-pg-cluster")
}

/// The Python that makes the virtualenv: Debian's own (`python3-venv`) when it works, so CI's
/// fresh Debian 12 and this machine agree; any `python3` on PATH otherwise.
fn python() -> PathBuf {
    let debian = PathBuf::from("/usr/bin/python3");
    let works = Command::new(&debian)
        .args(["-c", "import ensurepip, venv"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if works {
        debian
    } else {
        PathBuf::from("python3")
    }
}

/// `<target>/api-fuzz-venv` with the pinned requirements; installs again only when the
/// requirements file is newer than the venv's marker. Returns the `schemathesis` executable.
fn ensure_venv(root: &Path, target: &Path) -> Result<PathBuf> {
    let requirements = root.join("tests/api-fuzz/requirements.txt");
    let venv = target.join("api-fuzz-venv");
    let marker = venv.join(".requirements-installed");
    let schemathesis = venv.join("bin/schemathesis");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = match (modified(&marker), modified(&requirements)) {
        (Some(done), Some(wanted)) => done >= wanted && schemathesis.exists(),
        (_, None) => bail!("{} is missing", requirements.display()),
        _ => false,
    };
    if fresh {
        return Ok(schemathesis);
    }
    let python = python();
    println!(
        "==> {} -m venv {} && pip install -r {}",
        python.display(),
        venv.display(),
        requirements.display()
    );
    let status = Command::new(&python)
        .args(["-m", "venv", "--clear"])
        .arg(&venv)
        .status()
        .with_context(|| format!("running {}", python.display()))?;
    crate::ensure(
        status,
        "creating the virtualenv (on Debian: apt-get install python3-venv)",
    )?;
    let status = Command::new(venv.join("bin/pip"))
        .args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-input",
            "-r",
        ])
        .arg(&requirements)
        .status()
        .context("running pip")?;
    crate::ensure(status, "installing schemathesis from PyPI")?;
    std::fs::write(&marker, format!("{:?}\n", SystemTime::now()))?;
    Ok(schemathesis)
}

/// What one engine's run found: the JUnit test cases by name.
struct EngineRun {
    passed: Vec<String>,
    failed: Vec<String>,
    /// schemathesis exited 0 (it also fails on errors that are no test case, e.g. a schema it
    /// cannot load).
    exited_ok: bool,
}

/// A child process killed (and reaped) when dropped, so no server outlives a failed run.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `qebul-pg-cluster`: the cluster lives while its stdin is open.
struct Cluster {
    child: Child,
    stdin: Option<ChildStdin>,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // Closing its stdin asks it to stop the server and remove its folder.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

fn start_cluster(bin: &Path) -> Result<(Cluster, String)> {
    let mut child = Command::new(bin.join("qebul-pg-cluster"))
        .arg("qebul_api_fuzz")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting qebul-pg-cluster")?;
    let stdin = child.stdin.take();
    let stdout = child.stdout.take();
    let cluster = Cluster { child, stdin };
    let mut url = String::new();
    if let Some(out) = stdout {
        BufReader::new(out).read_line(&mut url)?;
    }
    let url = url.trim().to_owned();
    if !url.starts_with("postgres://") {
        bail!("qebul-pg-cluster did not start a cluster (said {url:?})");
    }
    Ok((cluster, url))
}

fn run_engine(
    engine: Engine,
    schemathesis: &Path,
    config: &Path,
    target: &Path,
    dir: &Path,
) -> Result<EngineRun> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let bin = target.join("debug");
    let (_cluster, db) = match engine {
        Engine::Sqlite => (None, dir.join("server.db").display().to_string()),
        Engine::Postgres => {
            let (cluster, url) = start_cluster(&bin)?;
            (Some(cluster), url)
        }
    };
    let port = free_port()?;
    let log = std::fs::File::create(dir.join("server.log"))?;
    let mut server = Guard(
        Command::new(bin.join("qebul-server"))
            .arg("demo")
            .args(["--db", &db, "--key"])
            .arg(dir.join("server.key"))
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .context("starting qebul-server demo")?,
    );
    // "demo server on http://…; enrollment code XXXX-XXXX-XXXX; catalog key …"
    let mut line = String::new();
    if let Some(out) = server.0.stdout.take() {
        BufReader::new(out).read_line(&mut line)?;
    }
    let code = line
        .split("enrollment code ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .with_context(|| {
            format!(
                "qebul-server demo printed no enrollment code (said {line:?}; see {})",
                dir.join("server.log").display()
            )
        })?
        .trim()
        .to_owned();
    wait_for_port(port, &mut server.0)?;
    let token = enroll(port, &code)?;
    let booking = seed_booking(port, &token)?;

    let junit = dir.join("junit.xml");
    let status = Command::new(schemathesis)
        // A global option, before the command.
        .arg("--config-file")
        .arg(config)
        .arg("run")
        .arg(format!("http://127.0.0.1:{port}/openapi.json"))
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--checks", CHECKS])
        .args(["--max-examples", &MAX_EXAMPLES.to_string()])
        .args(["--seed", &SEED.to_string()])
        // Both cores: one for schemathesis, one for the server (and PostgreSQL).
        .args(["--workers", "2"])
        // Every failure of an operation, not only its first.
        .arg("--continue-on-failure")
        // No examples saved between runs, so every run is the seed's run.
        .args(["--generation-database", "none"])
        .args(["--report", "junit", "--report-junit-path"])
        .arg(&junit)
        .arg("--no-color")
        .env(BOOKING_ENV, &booking)
        .current_dir(dir)
        .stdin(Stdio::null())
        .status()
        .context("running schemathesis")?;
    drop(server);
    let report = std::fs::read_to_string(&junit)
        .with_context(|| format!("schemathesis wrote no report ({status})"))?;
    let (passed, failed) = junit_cases(&report);
    Ok(EngineRun {
        passed,
        failed,
        exited_ok: status.success(),
    })
}

/// The names of a JUnit report's passed and failed test cases (skipped ones are neither).
fn junit_cases(report: &str) -> (Vec<String>, Vec<String>) {
    let (mut passed, mut failed) = (Vec::new(), Vec::new());
    for case in report.split("<testcase ").skip(1) {
        let name = case
            .split("name=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or("?")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let tag_end = case.find('>').unwrap_or(case.len());
        let body = if case[..tag_end].ends_with('/') {
            ""
        } else {
            case.split("</testcase>").next().unwrap_or("")
        };
        if body.contains("<failure") || body.contains("<error") {
            failed.push(name);
        } else if !body.contains("<skipped") {
            passed.push(name);
        }
    }
    (passed, failed)
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// Waits until the server accepts connections (it prints its code before it listens).
fn wait_for_port(port: u16, server: &mut Child) -> Result<()> {
    let deadline = Instant::now() + START_TIMEOUT;
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        if let Some(status) = server.try_wait()? {
            bail!("qebul-server exited before listening ({status})");
        }
        if Instant::now() > deadline {
            bail!("qebul-server did not listen on port {port} within {START_TIMEOUT:?}");
        }
        sleep(Duration::from_millis(50));
    }
    Ok(())
}

/// `POST /v1/enroll` with the demo's one-time code: the device token every fuzzed request
/// carries.
fn enroll(port: u16, code: &str) -> Result<String> {
    let value = post_json(
        port,
        "/v1/enroll",
        None,
        &serde_json::json!({ "code": code }),
    )?;
    value["token"]
        .as_str()
        .map(str::to_owned)
        .context("the enrollment answer has no token")
}

/// One booking of the demo citizen, pushed from the kiosk's first lease, so that cancel and
/// comment are fuzzed against a booking that exists (a random id is only ever 404). Returns
/// its id. The ids are fixed: every run starts from an empty database.
fn seed_booking(port: u16, token: &str) -> Result<String> {
    let grant = post_json(
        port,
        "/v1/leases",
        Some(token),
        &serde_json::json!({
            "kiosk_time": "2026-01-01T00:00:00Z", "numbers_left": 0, "outbox_pending": 0
        }),
    )?;
    let lease = grant["leases"]
        .get(0)
        .context("the demo catalog granted no lease (does its calendar still cover today?)")?;
    let number = grant["numbers"]["first"]
        .as_u64()
        .context("the lease grant has no number block")?;
    let booking_id = "0190a5b2-0000-7000-8000-00000000b001";
    let (fin, document_number) = SEED_CITIZEN;
    let push = serde_json::json!({ "items": [{
        "seq": 1,
        "idempotency_key": "0190a5b2-0000-7000-8000-00000000a001",
        "booking": {
            "booking_id": booking_id,
            "application_number": number,
            "official_id": lease["official_id"],
            "reception_date": lease["reception_date"],
            "created_at": grant["server_time"],
            "place": "lease",
            "topic_id": "agriculture",
            "social_status_id": "entrepreneur",
            "privilege_id": null,
            "citizen": {
                "fin": fin, "name": "ABDULLAYEVA GÖHƏR NOVRUZ QIZI",
                "document_number": document_number, "birth_date": null,
                "phone": "+994501234567", "email": null,
                "workplace": "Məlumat Hesablama Mərkəzi", "position": "mühəndis",
                "address": "Biləsuvar", "note": ""
            }
        }
    }]});
    let answer = post_json(port, "/v1/bookings/push", Some(token), &push)?;
    let outcome = &answer["results"][0]["outcome"]["kind"];
    if outcome != "accepted" {
        bail!("the seeded booking was not accepted: {answer}");
    }
    Ok(booking_id.to_owned())
}

/// One JSON request over a plain socket (xtask needs no HTTP client for three calls); an
/// answer other than 200 is an error.
fn post_json(
    port: u16,
    path: &str,
    token: Option<&str>,
    body: &serde_json::Value,
) -> Result<serde_json::Value> {
    let body = body.to_string();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
    stream.set_read_timeout(Some(START_TIMEOUT))?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         {auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let (head, json) = answer
        .split_once("\r\n\r\n")
        .with_context(|| format!("the answer to {path} has no body"))?;
    if !head.starts_with("HTTP/1.1 200") {
        bail!("POST {path} failed: {head} {json}");
    }
    serde_json::from_str(json).with_context(|| format!("the answer to {path} is not JSON"))
}

#[cfg(test)]
mod tests {
    use super::junit_cases;

    #[test]
    fn junit_cases_split_passed_failed_and_skipped() {
        let report = r#"<testsuites><testsuite name="schemathesis">
    <testcase name="POST /v1/arrivals" time="0.5" />
    <testcase name="GET /v1/registry/{fin}" time="0.1">
      <failure type="failure" message="Server error">500</failure>
    </testcase>
    <testcase name="GET /v1/catalog" time="0.1"><skipped message="no" /></testcase>
    <testcase name="Stateful tests" time="0.2"><error message="x" /></testcase>
  </testsuite></testsuites>"#;
        let (passed, failed) = junit_cases(report);
        assert_eq!(passed, ["POST /v1/arrivals"]);
        assert_eq!(failed, ["GET /v1/registry/{fin}", "Stateful tests"]);
    }
}
