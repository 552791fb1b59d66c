//! Code 128 modules for a string of digits, via `barcoders`.

/// Quiet zone on each side of the symbol, in modules (the standard asks for at least 10).
pub(crate) const QUIET_MODULES: u32 = 10;

/// The Code 128 modules (`true` = bar) for `digits`: code set C for digit pairs and, for an odd
/// count, code set B for the last digit (`{C` + pairs + `{B` + digit), with checksum and stop.
/// `None` if `digits` is empty or not all ASCII digits.
pub(crate) fn modules(digits: &str) -> Option<Vec<bool>> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // barcoders spells the code sets as Ć (C) and Ɓ (B).
    let split = digits.len() - digits.len() % 2;
    let mut data = String::new();
    if split > 0 {
        data.push('Ć');
        data.push_str(&digits[..split]);
    }
    if split < digits.len() {
        data.push('Ɓ');
        data.push_str(&digits[split..]);
    }
    let code = barcoders::sym::code128::Code128::new(data).ok()?;
    Some(code.encode().into_iter().map(|m| m == 1).collect())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The Code 128 symbol table, values 0–106, as bar/space widths in modules (from ISO/IEC
    /// 15417): an independent reference to decode what was drawn.
    const PATTERNS: [&str; 107] = [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212",
        "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221",
        "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122", "321221",
        "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123", "131321",
        "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331", "132131",
        "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131",
        "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111",
        "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
        "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", "111242",
        "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
        "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ];
    const START_B: usize = 104;
    const START_C: usize = 105;
    const CODE_B: usize = 100;
    const CODE_C: usize = 99;
    const STOP: usize = 106;

    #[test]
    fn reference_table_is_well_formed() {
        for (value, pattern) in PATTERNS.iter().enumerate() {
            let sum: u32 = pattern.bytes().map(|b| u32::from(b - b'0')).sum();
            assert_eq!(sum, if value == STOP { 13 } else { 11 }, "value {value}");
            assert_eq!(PATTERNS.iter().filter(|p| *p == pattern).count(), 1);
        }
    }

    /// Decodes a scanline of run widths in dots (bar first, quiet zones already stripped) into
    /// the symbol values, checking module width, checksum and stop.
    pub(crate) fn decode_values(runs: &[u32], module: u32) -> Result<Vec<usize>, String> {
        if runs.iter().any(|r| r % module != 0) {
            return Err(format!(
                "a run is not a multiple of {module} dots: {runs:?}"
            ));
        }
        let widths: String = runs
            .iter()
            .map(|r| char::from(b'0' + (r / module) as u8))
            .collect();
        let mut values = Vec::new();
        let mut rest = widths.as_str();
        while !rest.is_empty() {
            let len = if rest.len() == 7 { 7 } else { 6 };
            let chunk = rest.get(..len).ok_or("truncated symbol")?;
            let value = PATTERNS
                .iter()
                .position(|p| *p == chunk)
                .ok_or_else(|| format!("unknown pattern {chunk}"))?;
            values.push(value);
            rest = &rest[len..];
        }
        if values.last() != Some(&STOP) {
            return Err("no stop pattern".into());
        }
        let data = &values[..values.len() - 2];
        let checksum = data
            .iter()
            .enumerate()
            .map(|(i, v)| v * i.max(1))
            .sum::<usize>()
            % 103;
        if checksum != values[values.len() - 2] {
            return Err(format!(
                "checksum {checksum} != {}",
                values[values.len() - 2]
            ));
        }
        Ok(values)
    }

    /// Turns symbol values into text (code sets B and C only, which is all digits need).
    pub(crate) fn values_to_text(values: &[usize]) -> Result<String, String> {
        let mut set = match values.first() {
            Some(&START_B) => 'B',
            Some(&START_C) => 'C',
            other => return Err(format!("unexpected start {other:?}")),
        };
        let mut text = String::new();
        for &v in &values[1..values.len() - 2] {
            match (set, v) {
                (_, CODE_B) if set == 'C' => set = 'B',
                (_, CODE_C) if set == 'B' => set = 'C',
                ('C', 0..=99) => text.push_str(&format!("{v:02}")),
                ('B', 0..=94) => text.push(char::from(b' ' + v as u8)),
                _ => return Err(format!("unexpected value {v} in set {set}")),
            }
        }
        Ok(text)
    }

    /// Run widths of a module sequence, first bar to last bar.
    fn runs(modules: &[bool], module: u32) -> Vec<u32> {
        let mut runs: Vec<u32> = Vec::new();
        let mut last = None;
        for &m in modules {
            if last == Some(m) {
                *runs.last_mut().unwrap() += module;
            } else {
                runs.push(module);
                last = Some(m);
            }
        }
        runs
    }

    #[test]
    fn seed_barcode_is_start_c_seven_pairs_code_b_and_the_last_digit() {
        let modules = modules("030400000610704").unwrap();
        let values = decode_values(&runs(&modules, 1), 1).unwrap();
        // 105 + 3·1 + 4·2 + 0·3 + 0·4 + 6·5 + 10·6 + 70·7 + 100·8 + 20·9 = 1676 ≡ 28 (mod 103)
        assert_eq!(values, [105, 3, 4, 0, 0, 6, 10, 70, 100, 20, 28, 106]);
        assert_eq!(values_to_text(&values).unwrap(), "030400000610704");
    }

    #[test]
    fn even_odd_and_single_digit_values_round_trip() {
        for digits in ["0", "7", "42", "123", "10000061", "99999999999999999999"] {
            let modules = modules(digits).unwrap();
            let values = decode_values(&runs(&modules, 1), 1).unwrap();
            assert_eq!(values_to_text(&values).unwrap(), digits);
        }
    }

    #[test]
    fn refuses_anything_but_digits() {
        assert_eq!(modules(""), None);
        assert_eq!(modules("12a4"), None);
        assert_eq!(
            modules("١٢"),
            None,
            "Arabic-Indic digits are not ASCII digits"
        );
    }
}
