//! The MRZ parser against ICAO's specimens, an Azerbaijani card, damaged reads and OCR repairs.

use chrono::NaiveDate;
use qebul_idcard::mrz::{
    check_digit, encode_td1, encode_td3, parse, transliterate_name, Correction, Mrz, MrzError,
    MrzField, MrzFields, MrzFormat, Sex,
};

const TD1_SPECIMEN: [&str; 3] = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
];
const TD3_SPECIMEN: [&str; 2] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
];

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

fn today() -> NaiveDate {
    day("2026-05-01")
}

fn td1_specimen() -> String {
    TD1_SPECIMEN.join("\n")
}

fn td3_specimen() -> String {
    TD3_SPECIMEN.join("\n")
}

/// Replaces the character at `line`, `column` (from 1).
fn with_char(text: &str, line: usize, column: usize, c: char) -> String {
    let mut lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    lines[line - 1][column - 1] = c;
    lines
        .iter()
        .map(|l| l.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Recomputes every check digit of a TD1 zone (to build damage the check digits do not see).
fn with_td1_checks(text: &str) -> String {
    let mut l: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let digit = |chars: &[char]| -> char {
        let d = check_digit(&chars.iter().collect::<String>()).expect("MRZ characters");
        char::from(b'0' + d)
    };
    if l[0][14] != '<' {
        l[0][14] = digit(&l[0][5..14]);
    }
    l[1][6] = digit(&l[1][0..6]);
    l[1][14] = digit(&l[1][8..14]);
    let composite: Vec<char> = [&l[0][5..30], &l[1][0..7], &l[1][8..15], &l[1][18..29]].concat();
    l[1][29] = digit(&composite);
    l.iter()
        .map(|l| l.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn aze_card() -> MrzFields {
    MrzFields {
        document_code: "ID".into(),
        issuing_state: "AZE".into(),
        document_number: "AA1234567".into(),
        surname: "ABDULLAYEVA".into(),
        given_names: "GÖHƏR".into(),
        nationality: "AZE".into(),
        birth_date: day("1980-03-05"),
        sex: Sex::Female,
        expiry_date: day("2031-06-30"),
        optional_data: "5ZK7Q2M".into(),
    }
}

#[test]
fn check_digits_follow_icao() {
    assert_eq!(check_digit("D23145890"), Some(7));
    assert_eq!(check_digit("740812"), Some(2));
    assert_eq!(check_digit("L898902C3"), Some(6));
    assert_eq!(check_digit("ZE184226B<<<<<"), Some(1));
    assert_eq!(check_digit(""), Some(0));
    assert_eq!(check_digit("<<<"), Some(0));
    assert_eq!(check_digit("ab"), None);
    assert_eq!(check_digit("A B"), None);
}

#[test]
fn the_icao_td1_specimen_parses_to_its_documented_fields() {
    let mrz = parse(&td1_specimen(), today()).expect("parses");
    assert_eq!(
        mrz,
        Mrz {
            format: MrzFormat::Td1,
            document_code: "I".into(),
            issuing_state: "UTO".into(),
            document_number: "D23145890".into(),
            surname: "ERIKSSON".into(),
            given_names: "ANNA MARIA".into(),
            nationality: "UTO".into(),
            birth_date: day("1974-08-12"),
            sex: Sex::Female,
            expiry_date: day("2012-04-15"),
            optional_data: String::new(),
            fin: None,
            corrections: vec![],
        }
    );
    assert!(mrz.is_expired(today()));
    assert!(
        !mrz.is_expired(day("2012-04-15")),
        "valid through its expiry day"
    );
    assert_eq!(encode_td1(&MrzFields::from(&mrz)), td1_specimen());
}

#[test]
fn the_icao_td3_specimen_parses_to_its_documented_fields() {
    let mrz = parse(&td3_specimen(), today()).expect("parses");
    assert_eq!(
        mrz,
        Mrz {
            format: MrzFormat::Td3,
            document_code: "P".into(),
            issuing_state: "UTO".into(),
            document_number: "L898902C3".into(),
            surname: "ERIKSSON".into(),
            given_names: "ANNA MARIA".into(),
            nationality: "UTO".into(),
            birth_date: day("1974-08-12"),
            sex: Sex::Female,
            expiry_date: day("2012-04-15"),
            optional_data: "ZE184226B".into(),
            fin: None,
            corrections: vec![],
        }
    );
    assert_eq!(encode_td3(&MrzFields::from(&mrz)), td3_specimen());
}

#[test]
fn the_icao_long_document_number_example_parses() {
    // ICAO 9303-5, note j: D23145890734, check digit 9, continued in the optional data.
    let text = with_td1_checks(
        &[
            "I<UTOD23145890<7349<<<<<<<<<<<",
            "7408122F1204159UTO<<<<<<<<<<<0",
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        ]
        .join("\n"),
    );
    let mrz = parse(&text, today()).expect("parses");
    assert_eq!(mrz.document_number, "D23145890734");
    assert_eq!(mrz.optional_data, "");
    assert_eq!(encode_td1(&MrzFields::from(&mrz)), text);
}

#[test]
fn an_azerbaijani_id_card_built_by_the_encoder_parses_back() {
    let fields = aze_card();
    let text = encode_td1(&fields);
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "IDAZEAA123456785ZK7Q2M<<<<<<<<",
            "8003052F3106305AZE<<<<<<<<<<<7",
            "ABDULLAYEVA<<GOHAR<<<<<<<<<<<<",
        ]
    );
    let mrz = parse(&text, today()).expect("parses");
    assert_eq!(mrz.fin.as_deref(), Some("5ZK7Q2M"));
    assert_eq!(mrz.document_number, "AA1234567");
    assert_eq!(
        (mrz.surname.as_str(), mrz.given_names.as_str()),
        ("ABDULLAYEVA", "GOHAR")
    );
    assert_eq!(mrz.optional_data, "5ZK7Q2M");
    assert_eq!(
        MrzFields::from(&mrz),
        MrzFields {
            given_names: "GOHAR".into(),
            ..fields
        }
    );
    assert!(!mrz.is_expired(today()));
}

#[test]
fn an_azerbaijani_card_with_a_ten_character_number_uses_the_long_number_convention() {
    let fields = MrzFields {
        document_number: "AZE0019283".into(),
        surname: "QASIMOVA".into(),
        given_names: "ÜLKƏR".into(),
        birth_date: day("1992-07-08"),
        expiry_date: day("2025-02-01"),
        optional_data: "7MP3X8K".into(),
        ..aze_card()
    };
    let text = encode_td1(&fields);
    let line1 = text.lines().next().expect("line 1");
    assert_eq!(
        &line1[5..15],
        "AZE001928<",
        "9 characters, then '<' for the check digit"
    );
    assert_eq!(
        &line1[15..17],
        "38",
        "the rest of the number, then its check digit"
    );
    let mrz = parse(&text, today()).expect("parses");
    assert_eq!(mrz.document_number, "AZE0019283");
    assert_eq!(mrz.fin.as_deref(), Some("7MP3X8K"));
    assert_eq!(
        mrz.optional_data, "7MP3X8K",
        "the number's continuation is not optional data"
    );
    assert!(mrz.is_expired(today()));
}

#[test]
fn the_fin_is_found_in_either_line_of_the_optional_data() {
    let card = |optional_data: &str| {
        let text = encode_td1(&MrzFields {
            optional_data: optional_data.into(),
            ..aze_card()
        });
        parse(&text, today()).map(|m| m.fin)
    };
    assert_eq!(card("5ZK7Q2M"), Ok(Some("5ZK7Q2M".into())));
    assert_eq!(card("<<<5ZK7Q2M"), Ok(Some("5ZK7Q2M".into())));
    assert_eq!(card("X12 5ZK7Q2M"), Ok(Some("5ZK7Q2M".into())));
    assert_eq!(card("X12 <<<<5ZK7Q2M"), Ok(Some("5ZK7Q2M".into())));
    assert_eq!(
        card("X12 5ZK7Q2O"),
        Err(MrzError::FinMalformed {
            found: "5ZK7Q2O".into()
        })
    );
}

#[test]
fn an_azerbaijani_passport_carries_the_fin_as_its_personal_number() {
    let fields = MrzFields {
        document_code: "P".into(),
        document_number: "C01234567".into(),
        optional_data: "5ZK7Q2M".into(),
        ..aze_card()
    };
    let mrz = parse(&encode_td3(&fields), today()).expect("parses");
    assert_eq!(mrz.fin.as_deref(), Some("5ZK7Q2M"));
    let without = MrzFields {
        optional_data: String::new(),
        ..fields
    };
    let mrz = parse(&encode_td3(&without), today()).expect("a passport may carry no FİN");
    assert_eq!(mrz.fin, None);
}

#[test]
fn what_readers_send_around_the_zone_is_tolerated() {
    let clean = parse(&td1_specimen(), today()).expect("parses");
    let variants = [
        format!("{}\n", td1_specimen()),
        format!("  \n{}\r\n\r\n", TD1_SPECIMEN.join("\r\n")),
        TD1_SPECIMEN.join("\r"),
        TD1_SPECIMEN.concat(),
        format!("\t{}  ", TD1_SPECIMEN.concat()),
        td1_specimen().to_lowercase(),
    ];
    for text in variants {
        assert_eq!(parse(&text, today()).as_ref(), Ok(&clean), "{text:?}");
    }
    let clean = parse(&td3_specimen(), today()).expect("parses");
    assert_eq!(parse(&TD3_SPECIMEN.concat(), today()), Ok(clean.clone()));
    assert_eq!(
        parse(&format!("{}\r\n", TD3_SPECIMEN.join("\r\n")), today()),
        Ok(clean)
    );
}

#[test]
fn centuries_are_resolved_against_today() {
    // The specimen, expiring in 2036 so that any birth date is before.
    let base = with_yymmdd(&td1_specimen(), 9, "360101");
    let birth = |yymmdd: &str| {
        let text = with_td1_checks(&with_yymmdd(&base, 1, yymmdd));
        parse(&text, today()).map(|m| m.birth_date)
    };
    assert_eq!(birth("950101"), Ok(day("1995-01-01")));
    assert_eq!(birth("100101"), Ok(day("2010-01-01")));
    assert_eq!(birth("300101"), Ok(day("1930-01-01")));
    assert_eq!(birth("260501"), Ok(day("2026-05-01")), "born today");
    assert_eq!(
        birth("260502"),
        Ok(day("1926-05-02")),
        "never in the future"
    );
    let expiry = |yymmdd: &str| {
        let text = with_td1_checks(&with_yymmdd(&td1_specimen(), 9, yymmdd));
        parse(&text, today()).map(|m| m.expiry_date)
    };
    assert_eq!(expiry("360101"), Ok(day("2036-01-01")));
    assert_eq!(expiry("750101"), Ok(day("2075-01-01")));
    assert_eq!(
        expiry("770101"),
        Ok(day("1977-01-01")),
        "more than 50 years ahead: the past"
    );
    assert_eq!(expiry("120415"), Ok(day("2012-04-15")));
}

fn with_yymmdd(text: &str, column: usize, yymmdd: &str) -> String {
    let mut out = text.to_string();
    for (i, c) in yymmdd.chars().enumerate() {
        out = with_char(&out, 2, column + i, c);
    }
    out
}

#[test]
fn every_kind_of_damage_is_its_own_error() {
    let td1 = td1_specimen();
    let td3 = td3_specimen();
    let aze = encode_td1(&aze_card());
    let aze_with = |optional_data: &str| {
        encode_td1(&MrzFields {
            optional_data: optional_data.into(),
            ..aze_card()
        })
    };
    // An AZE number read as "A812S4567" passes its check digit as read, and so does its
    // repair to the two-letters-seven-digits layout, "AB1254567".
    let ambiguous = encode_td1(&MrzFields {
        document_number: "A812S4567".into(),
        ..aze_card()
    });
    let td1_lines = |l: [&str; 3]| l.join("\n");
    let cases: Vec<(String, MrzError)> = vec![
        (String::new(), MrzError::Empty),
        (" \r\n\n\t".into(), MrzError::Empty),
        ("I<UTOD231458907".into(), MrzError::LineCount { found: 1 }),
        (
            format!("{td1}\n{}", TD1_SPECIMEN[2]),
            MrzError::LineCount { found: 4 },
        ),
        (
            TD1_SPECIMEN[..2].join("\n"),
            MrzError::LineCount { found: 2 },
        ),
        (
            td1_lines([TD1_SPECIMEN[0], &TD1_SPECIMEN[1][..29], TD1_SPECIMEN[2]]),
            MrzError::LineLength {
                line: 2,
                found: 29,
                expected: 30,
            },
        ),
        (
            format!("{}\n{}<", TD3_SPECIMEN[0], TD3_SPECIMEN[1]),
            MrzError::LineLength {
                line: 2,
                found: 45,
                expected: 44,
            },
        ),
        (
            "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6".into(),
            MrzError::UnknownFormat {
                lines: 2,
                length: 36,
            },
        ),
        (
            with_char(&td1, 1, 20, ' '),
            MrzError::InvalidCharacter {
                line: 1,
                column: 20,
                found: ' ',
            },
        ),
        (
            with_char(&td1, 3, 1, 'Ə'),
            MrzError::InvalidCharacter {
                line: 3,
                column: 1,
                found: 'Ə',
            },
        ),
        (
            with_char(&td1, 1, 1, 'P'),
            MrzError::UnknownDocumentCode { found: "P".into() },
        ),
        (
            with_char(&td3, 1, 1, 'V'),
            MrzError::UnknownDocumentCode { found: "V".into() },
        ),
        (
            with_td1_checks(&with_yymmdd(
                &td1.replace("D23145890", "<<<<<<<<<"),
                1,
                "740812",
            )),
            MrzError::MissingDocumentNumber,
        ),
        (
            with_char(&td1, 1, 15, '<'),
            MrzError::TruncatedDocumentNumber,
        ),
        (
            with_char(&td1, 2, 3, 'X'),
            MrzError::NotADigit {
                field: MrzField::BirthDate,
                line: 2,
                column: 3,
                found: 'X',
            },
        ),
        (
            with_char(&td1, 1, 15, '1'),
            MrzError::CheckDigit {
                field: MrzField::DocumentNumber,
                line: 1,
                column: 15,
            },
        ),
        (
            with_char(&td1, 2, 7, '3'),
            MrzError::CheckDigit {
                field: MrzField::BirthDate,
                line: 2,
                column: 7,
            },
        ),
        (
            with_char(&td1, 2, 15, '0'),
            MrzError::CheckDigit {
                field: MrzField::ExpiryDate,
                line: 2,
                column: 15,
            },
        ),
        (
            with_char(&td3, 2, 43, '2'),
            MrzError::CheckDigit {
                field: MrzField::PersonalNumber,
                line: 2,
                column: 43,
            },
        ),
        (
            with_char(&td1, 2, 30, '7'),
            MrzError::CompositeCheckDigit {
                line: 2,
                column: 30,
            },
        ),
        (
            // Optional data is covered by the composite only.
            with_char(&td1, 2, 20, 'X'),
            MrzError::CompositeCheckDigit {
                line: 2,
                column: 30,
            },
        ),
        (
            with_char(&td3, 2, 44, '1'),
            MrzError::CompositeCheckDigit {
                line: 2,
                column: 44,
            },
        ),
        (
            ambiguous,
            MrzError::AmbiguousCorrection {
                field: MrzField::DocumentNumber,
            },
        ),
        (
            with_td1_checks(&with_yymmdd(&td1, 1, "741312")),
            MrzError::ImpossibleDate {
                field: MrzField::BirthDate,
                value: "741312".into(),
            },
        ),
        (
            with_td1_checks(&with_yymmdd(&td1, 9, "270229")),
            MrzError::ImpossibleDate {
                field: MrzField::ExpiryDate,
                value: "270229".into(),
            },
        ),
        (
            encode_td1(&MrzFields {
                birth_date: day("2010-01-01"),
                expiry_date: day("2005-01-01"),
                ..aze_card()
            }),
            MrzError::ExpiryBeforeBirth {
                birth: day("2010-01-01"),
                expiry: day("2005-01-01"),
            },
        ),
        (
            with_char(&td1, 2, 8, 'Q'),
            MrzError::InvalidSex { found: 'Q' },
        ),
        (
            td1.replace(
                "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
                "ERIKSSON<ANNA<MARIA<ABCDEFGHIJ",
            ),
            MrzError::MissingNameSeparator { line: 3 },
        ),
        (
            td1.replace(
                "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
                "<<ANNA<MARIA<<<<<<<<<<<<<<<<<<",
            ),
            MrzError::EmptySurname { line: 3 },
        ),
        (
            with_char(&td1, 3, 7, '0'),
            MrzError::DigitInName {
                line: 3,
                column: 7,
                found: '0',
            },
        ),
        (
            with_char(&td3, 1, 12, '5'),
            MrzError::DigitInName {
                line: 1,
                column: 12,
                found: '5',
            },
        ),
        (aze_with(""), MrzError::FinMissing),
        (
            aze_with("5ZK7Q2"),
            MrzError::FinMalformed {
                found: "5ZK7Q2".into(),
            },
        ),
        (
            aze_with("5ZK7Q2MX"),
            MrzError::FinMalformed {
                found: "5ZK7Q2MX".into(),
            },
        ),
        (
            aze_with("5ZKIQ2M"),
            MrzError::FinMalformed {
                found: "5ZKIQ2M".into(),
            },
        ),
    ];
    let kinds: std::collections::HashSet<_> = cases
        .iter()
        .map(|(_, e)| std::mem::discriminant(e))
        .collect();
    assert_eq!(kinds.len(), 20, "one case at least for every variant");
    for (text, expected) in cases {
        let got = parse(&text, today());
        assert_eq!(got, Err(expected.clone()), "{text}");
        let message = expected.to_string();
        assert!(message.ends_with('.'), "{message}");
    }
    assert!(parse(&aze, today()).is_ok());
}

#[test]
fn messages_say_where_and_what_to_do() {
    let e = MrzError::CheckDigit {
        field: MrzField::BirthDate,
        line: 2,
        column: 7,
    };
    assert_eq!(
        e.to_string(),
        "The check digit of the date of birth (line 2, position 7) does not match: a character \
         was misread. Scan again; if this repeats, enter the data from the document."
    );
    let e = MrzError::InvalidCharacter {
        line: 1,
        column: 20,
        found: ' ',
    };
    assert!(e.to_string().contains("a space"), "{e}");
}

#[test]
fn a_letter_o_in_a_date_is_repaired_when_the_check_digit_then_holds() {
    let clean = parse(&td1_specimen(), today()).expect("parses");
    // 740812 read as 74O812.
    let mrz = parse(&with_char(&td1_specimen(), 2, 3, 'O'), today()).expect("repaired");
    assert_eq!(
        mrz.corrections,
        [Correction {
            line: 2,
            column: 3,
            from: 'O',
            to: '0'
        }]
    );
    assert_eq!(
        Mrz {
            corrections: vec![],
            ..mrz
        },
        clean
    );
    // A check digit read as a letter: 2 read as Z.
    let mrz = parse(&with_char(&td1_specimen(), 2, 7, 'Z'), today()).expect("repaired");
    assert_eq!(
        mrz.corrections,
        [Correction {
            line: 2,
            column: 7,
            from: 'Z',
            to: '2'
        }]
    );
    // Two repairs in the passport's expiry date and its check digit.
    let text = with_char(&with_char(&td3_specimen(), 2, 22, 'I'), 2, 27, 'S');
    let mrz = parse(&text, today()).expect("repaired");
    assert_eq!(
        mrz.corrections,
        [
            Correction {
                line: 2,
                column: 22,
                from: 'I',
                to: '1'
            },
            Correction {
                line: 2,
                column: 27,
                from: 'S',
                to: '5'
            },
        ]
    );
}

#[test]
fn a_repair_after_which_the_check_digit_fails_is_refused() {
    // 740812: the 1 read as S would be a 5: 740852 fails the check digit.
    assert_eq!(
        parse(&with_char(&td1_specimen(), 2, 5, 'S'), today()),
        Err(MrzError::CheckDigit {
            field: MrzField::BirthDate,
            line: 2,
            column: 7
        })
    );
    // The composite is checked after the repair as well: a repaired date with a wrong
    // composite is refused.
    let text = with_char(&with_char(&td1_specimen(), 2, 3, 'O'), 2, 30, '5');
    assert_eq!(
        parse(&text, today()),
        Err(MrzError::CompositeCheckDigit {
            line: 2,
            column: 30
        })
    );
}

#[test]
fn an_azerbaijani_card_number_is_repaired_by_its_layout_and_check_digit() {
    let text = encode_td1(&MrzFields {
        document_number: "AB1234567".into(),
        ..aze_card()
    });
    let clean = parse(&text, today()).expect("parses");
    // B read as 8 among the letters, 5 read as S among the digits.
    let damaged = with_char(&with_char(&text, 1, 7, '8'), 1, 12, 'S');
    let mrz = parse(&damaged, today()).expect("repaired");
    assert_eq!(
        mrz.corrections,
        [
            Correction {
                line: 1,
                column: 7,
                from: '8',
                to: 'B'
            },
            Correction {
                line: 1,
                column: 12,
                from: 'S',
                to: '5'
            },
        ]
    );
    assert_eq!(
        Mrz {
            corrections: vec![],
            ..mrz
        },
        clean
    );
}

#[test]
fn a_number_of_unknown_layout_is_not_guessed_at() {
    // The passport number L898902C3 with its 8 read as B: letters are legal there, so the
    // check digit alone cannot say which reading is right.
    assert_eq!(
        parse(&with_char(&td3_specimen(), 2, 3, 'B'), today()),
        Err(MrzError::CheckDigit {
            field: MrzField::DocumentNumber,
            line: 2,
            column: 10
        })
    );
}

#[test]
fn names_are_transliterated_as_azerbaijani_documents_do() {
    assert_eq!(transliterate_name("ƏLİYEV"), "ALIYEV");
    assert_eq!(transliterate_name("Göhər"), "GOHAR");
    assert_eq!(transliterate_name("ŞAHİN OĞLU"), "SAHIN OGLU");
    assert_eq!(
        transliterate_name("Çingiz  Ülkər-Qızı"),
        "CINGIZ ULKAR QIZI"
    );
    assert_eq!(transliterate_name("O'Neil"), "ONEIL");
}
