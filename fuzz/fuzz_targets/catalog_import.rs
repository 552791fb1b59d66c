//! Fuzzes the catalog import of `qebul-server catalog` (`qebul_server::catalog_file`): a catalog
//! file (JSON) and an officials list (CSV, with the rule phrases authorities publish).
//!
//! Each input is read both ways: as a catalog file, and as an officials CSV merged into the demo
//! catalog; a catalog file that is accepted also has a small officials CSV merged into it.
//!
//! Invariants: nothing panics; an accepted catalog file validates; a merged catalog validates
//! (the server signs and serves it as it is), keeps the base's calendar, and has a higher
//! version than its base.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use qebul_protocol::Catalog;

/// `qebul_server::catalog_file`, from its source: a pure module that uses nothing else of the
/// server (see Cargo.toml for why the server crate is not linked). `load_catalog` reads a file,
/// which no target does.
#[path = "../../crates/server/src/catalog_file.rs"]
#[allow(dead_code)]
mod catalog_file;

use catalog_file::{merge_officials_csv, parse_catalog};

const DEMO_CATALOG: &str = include_str!("../../crates/server/demo/catalog.json");

const OFFICIALS_CSV: &str =
    "id;position_az;position_ru;position_en;full_name;reception;daily_capacity
b-1;İcra başçısı;Глава;Head;quliyev mahir hacı oğlu;birinci günlər Saat: 10:00-dan;10
";

fn demo() -> &'static Catalog {
    static DEMO: OnceLock<Catalog> = OnceLock::new();
    DEMO.get_or_init(|| parse_catalog(DEMO_CATALOG, "demo").expect("the demo catalog parses"))
}

fn check_merge(base: &Catalog, csv: &str) {
    let Ok(next) = merge_officials_csv(base, csv, "fuzz.csv") else {
        return;
    };
    assert!(next.version > base.version);
    assert_eq!(next.calendar, base.calendar);
    if let Err(e) = next.validate() {
        panic!("merging {csv:?} gave an invalid catalog: {e}");
    }
}

fuzz_target!(|text: &str| {
    if let Ok(catalog) = parse_catalog(text, "fuzz.json") {
        assert!(catalog.validate().is_ok());
        check_merge(&catalog, OFFICIALS_CSV);
    }
    check_merge(demo(), text);
});
