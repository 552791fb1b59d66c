//! Properties of the MRZ parser over random documents.
//!
//! 1. Any zone the encoder builds parses back to the fields it was built from.
//! 2. Any single changed character is repaired back to the original, or refused — except where
//!    ICAO gives no protection, which the test states position by position:
//!    - names (TD1 line 3, TD3 line 1 from position 6) have no check digit: a changed name
//!      parses as that changed name, and nothing else changes;
//!    - the document code, the issuing state, the nationality and the sex have none either: a
//!      change there changes that field (and whether a FİN is looked for), nothing else;
//!    - in the protected fields, a character replaced by one whose value is the same mod 10
//!      (`0`/`A`/`K`/`U`/`<`…; or whose OCR look-alike is) leaves every check digit as it was:
//!      such a read parses as what it says (re-encoding it gives a zone that parses the same),
//!      and cannot be told from the original by any reader.
//!
//!    Everywhere else — every digit of the dates, every check digit, and any other change to
//!    the document number, the optional data or the personal number — the parse equals the
//!    original (with at most one repair, at the changed position) or fails.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use qebul_idcard::mrz::{
    encode_td1, encode_td3, parse, Correction, Mrz, MrzFields, MrzFormat, Sex,
};

#[derive(Debug, Clone)]
struct Case {
    today: NaiveDate,
    expected: Mrz,
}

impl Case {
    fn text(&self) -> String {
        let fields = MrzFields::from(&self.expected);
        match self.expected.format {
            MrzFormat::Td1 => encode_td1(&fields),
            MrzFormat::Td3 => encode_td3(&fields),
        }
    }
}

fn re(pattern: &str) -> impl Strategy<Value = String> {
    proptest::string::string_regex(pattern).expect("a valid pattern")
}

fn words(max_words: usize, max_len: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(re(&format!("[A-Z]{{1,{max_len}}}")), 0..=max_words)
        .prop_map(|w| w.join(" "))
}

fn is_fin(s: &str) -> bool {
    s.len() == 7
        && s.bytes()
            .all(|b| (b.is_ascii_uppercase() || b.is_ascii_digit()) && b != b'I' && b != b'O')
}

/// Optional data of at most `room` characters as parse reports it: no leading or trailing '<'.
fn optional(room: usize) -> impl Strategy<Value = String> {
    re(&format!("[A-Z0-9<]{{0,{room}}}")).prop_map(|s| s.trim_matches('<').to_string())
}

fn fin() -> impl Strategy<Value = String> {
    "[A-HJ-NP-Z0-9]{7}"
}

fn case() -> impl Strategy<Value = Case> {
    let today = (2000i32..2090, 1u32..=365)
        .prop_map(|(y, d)| NaiveDate::from_yo_opt(y, d).expect("a day of the year"));
    let dates = (today, 0u64..36_000, -17_500i64..17_500).prop_map(|(today, age, exp)| {
        let birth = today - Days::new(age);
        let expiry = if exp >= 0 {
            today + Days::new(exp.unsigned_abs())
        } else {
            today - Days::new(exp.unsigned_abs())
        };
        (today, birth, expiry.max(birth))
    });
    let sex = prop_oneof![Just(Sex::Male), Just(Sex::Female), Just(Sex::Unspecified)];
    let nationality = prop_oneof![Just("AZE".to_string()), "[A-Z]{1,3}"];
    let names = (1usize..=3, words(3, 8))
        .prop_flat_map(|(n, given)| (prop::collection::vec("[A-Z]{1,8}", n), Just(given)))
        .prop_map(|(surname, given)| (surname.join(" "), given));
    let document = prop_oneof![
        // Azerbaijani ID cards: the 2-letters-7-digits number or a long AZE number; the FİN
        // first in line 1's optional data.
        (
            prop_oneof![Just("ID"), Just("I")],
            prop_oneof!["[A-Z]{2}[0-9]{7}", "AZE[0-9]{7}"],
            fin(),
            optional(11),
        )
            .prop_map(|(code, number, fin, line2)| {
                let optional = [fin.clone(), line2].into_iter().filter(|s| !s.is_empty());
                let optional = optional.collect::<Vec<_>>().join(" ");
                (
                    MrzFormat::Td1,
                    code.to_string(),
                    "AZE".to_string(),
                    number,
                    optional,
                    Some(fin),
                )
            }),
        // Other TD1 documents, numbers of 1 to 12 characters.
        (
            prop_oneof![
                Just("I"),
                Just("ID"),
                Just("IR"),
                Just("A"),
                Just("AC"),
                Just("C")
            ],
            "[A-Z]{3}".prop_filter("not Azerbaijani", |s| s != "AZE"),
            "[A-Z0-9]{1,12}",
        )
            .prop_flat_map(|(code, state, number)| {
                let room1 = if number.len() <= 9 {
                    15
                } else {
                    15 - (number.len() - 9 + 2)
                };
                (
                    Just(code),
                    Just(state),
                    Just(number),
                    optional(room1),
                    optional(11),
                )
            })
            .prop_map(|(code, state, number, line1, line2)| {
                let optional = [line1, line2].into_iter().filter(|s| !s.is_empty());
                let optional = optional.collect::<Vec<_>>().join(" ");
                (
                    MrzFormat::Td1,
                    code.to_string(),
                    state,
                    number,
                    optional,
                    None,
                )
            }),
        // Passports, Azerbaijani (FİN, empty or other personal number) or not.
        (
            prop_oneof![Just("P"), Just("PD"), Just("PO")],
            prop_oneof![Just("AZE".to_string()), "[A-Z]{3}"],
            "[A-Z0-9]{1,9}",
            prop_oneof![fin(), optional(14)],
        )
            .prop_map(|(code, state, number, personal)| {
                let fin = (state == "AZE" && is_fin(&personal)).then(|| personal.clone());
                (
                    MrzFormat::Td3,
                    code.to_string(),
                    state,
                    number,
                    personal,
                    fin,
                )
            }),
    ];
    (dates, sex, nationality, names, document)
        .prop_filter(
            "the name fits",
            |(_, _, _, (surname, given), (format, ..))| {
                let width = if *format == MrzFormat::Td1 { 30 } else { 39 };
                let given = if given.is_empty() { 0 } else { given.len() };
                surname.len() + 2 + given <= width
            },
        )
        .prop_map(
            |((today, birth, expiry), sex, nationality, (surname, given), document)| {
                let (format, code, state, number, optional_data, fin) = document;
                Case {
                    today,
                    expected: Mrz {
                        format,
                        document_code: code,
                        issuing_state: state,
                        document_number: number,
                        surname,
                        given_names: given,
                        nationality,
                        birth_date: birth,
                        sex,
                        expiry_date: expiry,
                        optional_data,
                        fin,
                        corrections: vec![],
                    },
                }
            },
        )
}

/// Which protection a position of the zone has.
#[derive(Debug, PartialEq)]
enum Protection {
    /// Names: no check digit at all.
    Name,
    /// Document code, issuing state, nationality, sex: no check digit at all.
    Unprotected(&'static str),
    /// Covered by a check digit and the composite.
    Checked,
}

fn protection(format: MrzFormat, line: usize, col: usize) -> Protection {
    use Protection::*;
    match (format, line, col) {
        (_, 0, 0..=1) => Unprotected("document_code"),
        (_, 0, 2..=4) => Unprotected("issuing_state"),
        (MrzFormat::Td1, 1, 7) | (MrzFormat::Td3, 1, 20) => Unprotected("sex"),
        (MrzFormat::Td1, 1, 15..=17) | (MrzFormat::Td3, 1, 10..=12) => Unprotected("nationality"),
        (MrzFormat::Td1, 2, _) | (MrzFormat::Td3, 0, _) => Name,
        _ => Checked,
    }
}

fn value(c: char) -> u32 {
    match c {
        '0'..='9' => c as u32 - '0' as u32,
        'A'..='Z' => c as u32 - 'A' as u32 + 10,
        _ => 0,
    }
}

fn look_alike(c: char) -> Option<char> {
    let pairs = [('O', '0'), ('I', '1'), ('B', '8'), ('S', '5'), ('Z', '2')];
    pairs.iter().find_map(|&(l, d)| {
        if c == l {
            Some(d)
        } else if c == d {
            Some(l)
        } else {
            None
        }
    })
}

/// Whether no check digit can see `old` replaced by `new` (or by the look-alike of `new`).
fn invisible(old: char, new: char) -> bool {
    value(old) % 10 == value(new) % 10
        || look_alike(new).is_some_and(|l| value(l) % 10 == value(old) % 10)
}

fn without_corrections(mrz: &Mrz) -> Mrz {
    Mrz {
        corrections: vec![],
        ..mrz.clone()
    }
}

fn reencoded_parses_the_same(mrz: &Mrz, today: NaiveDate) -> bool {
    let fields = MrzFields::from(mrz);
    let text = match mrz.format {
        MrzFormat::Td1 => encode_td1(&fields),
        MrzFormat::Td3 => encode_td3(&fields),
    };
    parse(&text, today) == Ok(without_corrections(mrz))
}

const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn an_encoded_zone_parses_back_to_its_fields(case in case()) {
        let text = case.text();
        prop_assert_eq!(parse(&text, case.today), Ok(case.expected.clone()), "{}", text);
        // The same through a reader that joins the lines and answers in lower case.
        let joined = text.replace('\n', "").to_lowercase();
        prop_assert_eq!(parse(&joined, case.today), Ok(case.expected));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Exhaustive over positions and replacement characters, for each random document.
    #[test]
    fn a_single_changed_character_is_repaired_or_refused(case in case()) {
        let text = case.text();
        let original: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
        let expected = &case.expected;
        for (line, chars) in original.iter().enumerate() {
            for (col, &old) in chars.iter().enumerate() {
                for new in ALPHABET.chars().filter(|&c| c != old) {
                    let mut changed = original.clone();
                    changed[line][col] = new;
                    let changed: Vec<String> = changed.iter().map(|l| l.iter().collect()).collect();
                    let changed = changed.join("\n");
                    let Ok(got) = parse(&changed, case.today) else { continue };
                    let at = format!("{changed}\n(line {}, column {}: {old:?} → {new:?})", line + 1, col + 1);
                    match protection(expected.format, line, col) {
                        Protection::Name => {
                            prop_assert_eq!(
                                Mrz {
                                    surname: expected.surname.clone(),
                                    given_names: expected.given_names.clone(),
                                    ..got.clone()
                                },
                                expected.clone(),
                                "a changed name changed something else: {}", at
                            );
                        }
                        Protection::Unprotected(field) => {
                            let mut restored = got.clone();
                            restored.fin = expected.fin.clone();
                            match field {
                                "document_code" => restored.document_code = expected.document_code.clone(),
                                "issuing_state" => restored.issuing_state = expected.issuing_state.clone(),
                                "sex" => restored.sex = expected.sex,
                                _ => restored.nationality = expected.nationality.clone(),
                            }
                            prop_assert_eq!(&restored, expected, "{} changed more than itself: {}", field, at);
                        }
                        Protection::Checked if invisible(old, new) => {
                            prop_assert!(reencoded_parses_the_same(&got, case.today), "{}", at);
                        }
                        Protection::Checked => {
                            prop_assert_eq!(&without_corrections(&got), expected, "accepted as different data: {}", at);
                            let repairs: &[Correction] = &got.corrections;
                            prop_assert!(
                                repairs.is_empty()
                                    || repairs == [Correction { line: line + 1, column: col + 1, from: new, to: old }],
                                "repairs {:?}: {}", repairs, at
                            );
                        }
                    }
                }
            }
        }
    }
}
