//! Crash test: a child process books in a loop and reports each committed booking; it is killed
//! with SIGKILL at random moments, 200 times. After every kill the store reopens and every
//! reported booking must be there, whole (booking, outbox entry, print job), and the database
//! must pass `PRAGMA integrity_check`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use qebul_store::key::DbKey;
use qebul_store::Store;

const KILLS: u32 = 200;
const CHILD: &str = env!("CARGO_BIN_EXE_qebul-store-crash-child");

/// A small deterministic generator, so a failing run can be repeated from its seed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn every_committed_booking_survives_sigkill_at_random_moments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kiosk.db");
    let key_bytes: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(11));
    let key_hex: String = key_bytes.iter().map(|b| format!("{b:02x}")).collect();
    let key = DbKey::from_bytes(key_bytes);
    {
        let mut store = Store::open(&path, &key).expect("store opens");
        store.grant_numbers(1, 9_999_999).expect("numbers");
        let reception = NaiveDate::from_ymd_opt(2099, 1, 9).expect("date");
        let expires = Utc
            .with_ymd_and_hms(2099, 1, 9, 0, 0, 0)
            .single()
            .expect("time");
        store
            .grant_lease("bilesuvar-7", reception, 1_000_000, expires)
            .expect("lease");
    }

    let seed = 0x5eed_u64;
    let mut rng = Lcg(seed);
    let mut reported: BTreeMap<String, Reported> = BTreeMap::new();
    let mut killed_mid_run = 0u32;
    for run in 0..KILLS {
        let mut child = Command::new(CHILD)
            .arg(&path)
            .arg(&key_hex)
            .arg(run.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("child starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Anywhere from before the store is open to well into the loop.
        std::thread::sleep(Duration::from_millis(rng.next() % 120));
        match child.try_wait().expect("child state") {
            None => killed_mid_run += 1,
            Some(status) => {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut e, &mut err);
                }
                panic!("run {run} (seed {seed:#x}): the child ended by itself ({status}): {err}");
            }
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        reader.join().expect("reader thread");
        for line in rx.try_iter() {
            let mut parts = line.split_whitespace();
            if parts.next() != Some("BOOKED") {
                continue;
            }
            let fields: Vec<&str> = parts.collect();
            if let [id, fin, number, outbox_key, print_job] = fields[..] {
                reported.insert(
                    id.to_owned(),
                    Reported {
                        fin: fin.to_owned(),
                        number: number.parse().expect("number"),
                        outbox_key: outbox_key.parse().expect("outbox key"),
                        print_job: print_job.parse().expect("print job id"),
                    },
                );
            }
        }

        let store = Store::open(&path, &key).unwrap_or_else(|e| panic!("run {run}: reopen: {e}"));
        assert!(
            store.integrity_check().expect("integrity check runs"),
            "run {run}: integrity"
        );
        if run % 20 == 19 || run == KILLS - 1 {
            check_all(&store, &reported, run);
        }
    }
    let store = Store::open(&path, &key).expect("final reopen");
    check_all(&store, &reported, KILLS);
    assert!(
        killed_mid_run == KILLS,
        "every kill landed while the child ran"
    );
    assert!(
        reported.len() > 100,
        "the children committed too few bookings to prove much: {}",
        reported.len()
    );
    println!(
        "crash test: {KILLS} SIGKILLs, {} committed bookings reported, all present with outbox entry and print job; integrity_check ok after every kill (seed {seed:#x})",
        reported.len()
    );
}

/// What the child reported for one committed booking.
struct Reported {
    fin: String,
    number: u32,
    outbox_key: uuid::Uuid,
    print_job: i64,
}

fn check_all(store: &Store, reported: &BTreeMap<String, Reported>, run: u32) {
    // Every place spent belongs to a booking that is there: nothing half-written.
    let conn = store.connection();
    let bookings: i64 = conn
        .query_row("SELECT count(*) FROM bookings", [], |r| r.get(0))
        .expect("count bookings");
    let used: i64 = conn
        .query_row("SELECT used FROM capacity_leases", [], |r| r.get(0))
        .expect("lease");
    assert_eq!(used, bookings, "run {run}: places used = bookings stored");
    assert!(
        bookings >= reported.len() as i64,
        "run {run}: bookings stored >= reported"
    );
    for (id, want) in reported {
        let uuid: uuid::Uuid = id.parse().expect("uuid");
        let booking = store
            .booking(uuid)
            .expect("read booking")
            .unwrap_or_else(|| panic!("run {run}: reported booking {id} is missing"));
        assert_eq!(
            booking.citizen_fin.as_deref(),
            Some(want.fin.as_str()),
            "run {run}: {id} FİN"
        );
        assert_eq!(
            booking.number, want.number,
            "run {run}: {id} application number"
        );
        let outbox = store.outbox_entry_for(uuid).expect("read outbox");
        assert_eq!(
            outbox.map(|o| o.key),
            Some(want.outbox_key),
            "run {run}: {id} outbox entry"
        );
        let job = store.print_job_for(uuid).expect("read print job");
        assert_eq!(
            job.map(|j| j.id),
            Some(want.print_job),
            "run {run}: {id} print job"
        );
    }
}
