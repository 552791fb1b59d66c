//! The crash test's child: books in a loop and reports each booking on stdout only after
//! `book()` has returned, i.e. after its transaction committed. The parent kills it with SIGKILL.
//!
//! Arguments: `<database path> <key as 64 hex digits> <run number>`.

use std::io::Write;
use std::path::Path;

use chrono::{NaiveDate, Utc};
use qebul_core::validation::BookingPolicy;
use qebul_store::key::DbKey;
use qebul_store::{BookingRequest, Store};

fn main() {
    if let Err(e) = run() {
        eprintln!("crash child: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("no database path")?;
    let key = parse_key(&args.next().ok_or("no key")?)?;
    let run: u32 = args.next().ok_or("no run number")?.parse()?;
    let mut store = Store::open(Path::new(&path), &key)?;
    let policy = BookingPolicy::default();
    let reception = NaiveDate::from_ymd_opt(2099, 1, 9).ok_or("date")?;
    let mut out = std::io::stdout().lock();
    for i in 0u32.. {
        let request = BookingRequest {
            language: qebul_core::Lang::Az,
            document_kind: qebul_core::DocumentKind::IdCard,
            official_id: "bilesuvar-7".into(),
            reception_date: reception,
            // One citizen per booking: the policy allows one active booking per official.
            citizen_fin: format!("R{run:03}N{i:05}"),
            citizen_name: "ABDULLAYEVA GÖHƏR NOVRUZ QIZI".into(),
            document_number: format!("AA{run:03}{i:05}"),
            birth_date: NaiveDate::from_ymd_opt(1980, 3, 5),
            phone: "+994 50 123 45 67".into(),
            email: None,
            workplace: "Məlumat Hesablama Mərkəzi".into(),
            position: "mühəndis".into(),
            address: "Biləsuvar şəhəri".into(),
            note: format!("crash run {run}, booking {i}"),
            topic_id: "kend-teserrufati".into(),
            social_status_id: "sahibkar".into(),
            privilege_id: None,
        };
        let booked = store.book(&request, Utc::now(), &policy)?;
        writeln!(
            out,
            "BOOKED {} {} {} {} {}",
            booked.id, request.citizen_fin, booked.number, booked.outbox_key, booked.print_job
        )?;
        out.flush()?;
    }
    Ok(())
}

fn parse_key(hex: &str) -> Result<DbKey, Box<dyn std::error::Error>> {
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return Err("the key must be 64 hex digits".into());
    }
    let mut key = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        key[i] = u8::from_str_radix(std::str::from_utf8(pair)?, 16)?;
    }
    Ok(DbKey::from_bytes(key))
}
