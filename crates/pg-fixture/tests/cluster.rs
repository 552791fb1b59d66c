//! The fixture against Debian's real PostgreSQL: start, query, create a database, stop.

use std::net::{Ipv4Addr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use qebul_pg_fixture::PgCluster;

fn port_open(port: u16) -> bool {
    TcpStream::connect_timeout(
        &(Ipv4Addr::LOCALHOST, port).into(),
        Duration::from_millis(200),
    )
    .is_ok()
}

#[test]
fn starts_answers_psql_and_creates_a_database() {
    let pg = PgCluster::start().expect("cluster starts");
    eprintln!("cluster started in {:?}", pg.startup_time());
    assert_eq!(
        pg.url(),
        format!("postgres://postgres@127.0.0.1:{}/postgres", pg.port())
    );

    // The plain `psql -c 'select 1'` a user would type, against url().
    let out = pg
        .command("psql")
        .args(["-X", "-At", "-d", &pg.url(), "-c", "select 1"])
        .output()
        .expect("psql runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1");

    // Durable by default, UTF-8, loopback only.
    assert_eq!(pg.psql("postgres", "show fsync").unwrap(), "on");
    assert_eq!(
        pg.psql("postgres", "show synchronous_commit").unwrap(),
        "on"
    );
    assert_eq!(pg.psql("postgres", "show server_encoding").unwrap(), "UTF8");
    assert_eq!(
        pg.psql("postgres", "show listen_addresses").unwrap(),
        "127.0.0.1"
    );

    let url = pg.create_database("bookings").expect("createdb");
    assert_eq!(url, pg.url_for("bookings"));
    let out = pg
        .command("psql")
        .args(["-X", "-At", "-d", &url, "-c", "select current_database()"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "bookings");

    // An existing name is an error that says why.
    let again = pg.create_database("bookings").unwrap_err().to_string();
    assert!(again.contains("already exists"), "{again}");
    assert!(pg.create_database("x; drop").is_err());

    assert!(
        pg.bin_dir().join("pgbench").is_file(),
        "pgbench ships with the server package"
    );
}

#[test]
fn drop_stops_the_server_and_removes_the_folder() {
    let pg = PgCluster::start().unwrap();
    let (port, dir) = (pg.port(), pg.dir().to_owned());
    assert!(port_open(port));
    let started = Instant::now();
    drop(pg);
    eprintln!("stopped and removed in {:?}", started.elapsed());
    assert!(!port_open(port), "port {port} still open after drop");
    assert!(!dir.exists(), "{} still exists after drop", dir.display());
}

#[test]
fn two_clusters_at_once() {
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| PgCluster::start().unwrap());
        let b = s.spawn(|| PgCluster::start().unwrap());
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_ne!(a.port(), b.port());
    assert_ne!(a.dir(), b.dir());
    a.psql("postgres", "create table only_in_a (x int)")
        .unwrap();
    assert_eq!(
        a.psql(
            "postgres",
            "select count(*) from pg_tables where tablename = 'only_in_a'"
        )
        .unwrap(),
        "1"
    );
    assert_eq!(
        b.psql(
            "postgres",
            "select count(*) from pg_tables where tablename = 'only_in_a'"
        )
        .unwrap(),
        "0"
    );
    let b_port = b.port();
    drop(a);
    assert!(
        port_open(b_port),
        "dropping one cluster left the other running"
    );
}

#[test]
fn fsync_can_be_turned_off_and_settings_passed() {
    let pg = PgCluster::builder()
        .fsync(false)
        .setting("max_connections", "20")
        .start()
        .unwrap();
    assert_eq!(pg.psql("postgres", "show fsync").unwrap(), "off");
    assert_eq!(pg.psql("postgres", "show max_connections").unwrap(), "20");
}

#[test]
fn pgbench_runs_against_it() {
    let pg = PgCluster::start().unwrap();
    pg.create_database("bench").unwrap();
    let init = pg
        .command("pgbench")
        .args(["-i", "-q", "-s", "1", "bench"])
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let run = pg
        .command("pgbench")
        .args(["-c", "2", "-t", "50", "bench"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(text.contains("tps = "), "{text}");
}

/// Child half of `a_killed_test_process_leaves_nothing_behind`: starts a cluster, prints where,
/// and exits without running destructors (as SIGKILL or a harness timeout would).
#[test]
fn child_starts_and_exits_without_dropping() {
    if std::env::var_os("QEBUL_PG_FIXTURE_CHILD").is_none() {
        return;
    }
    let pg = PgCluster::start().unwrap();
    println!("CLUSTER {} {}", pg.port(), pg.dir().display());
    std::process::exit(0);
}

#[test]
fn a_killed_test_process_leaves_nothing_behind() {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_starts_and_exits_without_dropping",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("QEBUL_PG_FIXTURE_CHILD", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("CLUSTER ").map(|(_, rest)| rest.trim()))
        .unwrap_or_else(|| {
            panic!(
                "child printed no cluster:\n{stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let (port, dir) = line.split_once(' ').unwrap();
    let (port, dir): (u16, std::path::PathBuf) = (port.parse().unwrap(), dir.into());
    let deadline = Instant::now() + Duration::from_secs(15);
    while (port_open(port) || dir.exists()) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!port_open(port), "orphaned server still listens on {port}");
    assert!(
        !dir.exists(),
        "orphaned folder {} left behind",
        dir.display()
    );
}

#[test]
fn a_missing_server_says_which_package_to_install() {
    // The only way to simulate Debian's package being absent without uninstalling it.
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_reports_missing_binaries",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("QEBUL_PG_FIXTURE_CHILD", "1")
        .env(qebul_pg_fixture::BIN_DIR_ENV, "/nonexistent")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("apt-get install postgresql"), "{stdout}");
}

#[test]
fn child_reports_missing_binaries() {
    if std::env::var_os("QEBUL_PG_FIXTURE_CHILD").is_none() {
        return;
    }
    println!("{}", PgCluster::start().unwrap_err());
}

#[test]
fn a_server_that_cannot_start_shows_its_log() {
    let error = PgCluster::builder()
        .setting("no_such_setting", "1")
        .start()
        .unwrap_err()
        .to_string();
    assert!(error.contains("exited while starting"), "{error}");
    assert!(error.contains("no_such_setting"), "{error}");
}

#[test]
fn a_server_too_slow_to_start_is_a_clear_error() {
    let error = PgCluster::builder()
        .startup_timeout(Duration::from_millis(1))
        .start()
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("did not accept connections within 1ms"),
        "{error}"
    );
    assert!(error.contains("end of its log"), "{error}");
}
