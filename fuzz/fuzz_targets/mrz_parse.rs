//! Fuzzes `qebul_idcard::mrz::parse` with arbitrary UTF-8.
//!
//! Invariants: parsing never panics, whatever `today` is; and a successful parse is faithful —
//! the fields it returns, encoded again, parse to the same fields (with no repairs needed).
//!
//! Run (stable toolchain; see the crate docs for why RUSTC_BOOTSTRAP):
//! `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run mrz_parse -- -max_total_time=20`

#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use qebul_idcard::mrz::{encode_td1, encode_td3, parse, Mrz, MrzFields, MrzFormat};

fuzz_target!(|text: &str| {
    // A leap day, an ordinary day, the eve of a century: the century rules meet their edges.
    for (y, m, d) in [(2026, 5, 1), (2000, 2, 29), (2099, 12, 31)] {
        let Some(today) = NaiveDate::from_ymd_opt(y, m, d) else {
            return;
        };
        let Ok(mrz) = parse(text, today) else {
            continue;
        };
        let fields = MrzFields::from(&mrz);
        let again = match mrz.format {
            MrzFormat::Td1 => encode_td1(&fields),
            MrzFormat::Td3 => encode_td3(&fields),
        };
        let reparsed = parse(&again, today);
        let expected = Mrz {
            corrections: Vec::new(),
            ..mrz.clone()
        };
        assert_eq!(reparsed, Ok(expected), "{text:?} re-encoded as {again:?}");
        // A repair only ever swaps OCR look-alikes.
        for c in &mrz.corrections {
            let pair = [c.from, c.to];
            assert!(
                [['O', '0'], ['I', '1'], ['B', '8'], ['S', '5'], ['Z', '2']]
                    .iter()
                    .any(|p| *p == pair || [p[1], p[0]] == pair),
                "{c:?}"
            );
        }
    }
});
