//! The words for the Rust side's codes: every error has a message in every language, and the
//! reviewed wording (moved here from qebul-core's and qebul-store's tests with the texts).

use chrono::NaiveDate;
use qebul_core::rule_phrase::{parse_rule, RulePhraseError};
use qebul_core::search::{parse_date, parse_status, HistoryQuery, SearchError, StatusFilter};
use qebul_core::validation::{
    validate_booking, validate_comment, ActiveBooking, BookingContext, BookingForm, BookingPolicy,
    EmailProblem, Field, FieldError, PhoneProblem, Problem, COMMENT_MAX, NOTE_MAX,
};
use qebul_l10n::{
    book_error, field_error, field_error_msg, msg, policy_refusal, rule_phrase_error,
    rule_phrase_error_msg, search_error, search_error_msg, status_label, Lang,
};

fn date(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 4, d).expect("date")
}

const FIELDS: [Field; 12] = [
    Field::Official,
    Field::ReceptionDate,
    Field::Topic,
    Field::SocialStatus,
    Field::Privilege,
    Field::Email,
    Field::Phone,
    Field::Workplace,
    Field::Position,
    Field::Address,
    Field::Note,
    Field::Comment,
];

fn problems() -> Vec<Problem> {
    vec![
        Problem::Missing,
        Problem::NotInCatalog,
        Problem::DateUnreadable,
        Problem::DateNotOffered,
        Problem::TooLong { max: 10, found: 11 },
        Problem::Email(EmailProblem::NoAt),
        Problem::Email(EmailProblem::NonAsciiDomain),
        Problem::Phone(PhoneProblem::Empty),
        Problem::Phone(PhoneProblem::TooShort { digits: 8 }),
        Problem::Phone(PhoneProblem::TooLong { digits: 10 }),
        Problem::Phone(PhoneProblem::UnknownCode("31".into())),
        Problem::Phone(PhoneProblem::InvalidCharacter('x')),
        Problem::Phone(PhoneProblem::ForeignInvalid { digits: 3 }),
        Problem::Phone(PhoneProblem::NotE164),
    ]
}

#[test]
fn every_field_error_has_a_listed_message_in_every_language() {
    for field in FIELDS {
        for problem in problems() {
            let e = FieldError::new(field, problem);
            let m = field_error_msg(&e);
            assert!(msg::ALL.contains(&m), "{e}: {} is not listed", m.id);
            let [az, ru, en] = Lang::ALL.map(|l| field_error(l, &e));
            for text in [&az, &ru, &en] {
                assert!(!text.is_empty() && text != m.id, "{e}: {text}");
            }
            assert!(az != ru && ru != en && az != en, "{e}");
        }
    }
}

#[test]
fn a_message_id_is_validation_and_the_code_where_the_wording_is_the_fields_own() {
    for field in FIELDS {
        let missing = FieldError::new(field, Problem::Missing);
        assert_eq!(
            field_error_msg(&missing).id,
            format!("validation-{}", missing.code())
        );
    }
    let short = FieldError::new(
        Field::Phone,
        Problem::Phone(PhoneProblem::TooShort { digits: 8 }),
    );
    assert_eq!(field_error_msg(&short).id, "validation-phone-too-short");
}

#[test]
fn reviewed_wording_in_az_ru_and_en() {
    let privilege = FieldError::new(Field::Privilege, Problem::Missing);
    assert_eq!(
        field_error(Lang::Az, &privilege),
        "İmtiyazınızı və ya «İmtiyazım yoxdur» variantını seçin."
    );
    let unknown = FieldError::new(
        Field::Phone,
        Problem::Phone(PhoneProblem::UnknownCode("31".into())),
    );
    assert!(field_error(Lang::Ru, &unknown).starts_with("Код 031 неизвестен."));
    for lang in Lang::ALL {
        assert!(field_error(lang, &unknown).contains("031"), "{lang}");
    }
    let short = FieldError::new(
        Field::Phone,
        Problem::Phone(PhoneProblem::TooShort { digits: 7 }),
    );
    assert_eq!(
        field_error(Lang::Az, &short),
        "Telefon nömrəsini tam yazın, məsələn 050 123 45 67"
    );
    assert_eq!(
        field_error(Lang::Ru, &short),
        "Введите номер телефона полностью, например 050 123 45 67"
    );
    assert_eq!(
        field_error(Lang::En, &short),
        "Please enter the whole phone number, for example 050 123 45 67"
    );
    let domain = FieldError::new(Field::Email, Problem::Email(EmailProblem::NonAsciiDomain));
    assert!(field_error(Lang::Az, &domain).contains("latın hərfləri"));
    assert!(field_error(Lang::Ru, &domain).contains("латинскими буквами"));
    assert!(field_error(Lang::En, &domain).contains("Latin letters"));
}

#[test]
fn too_long_names_the_limit_and_the_length_without_isolation_marks() {
    let form = BookingForm {
        official_id: "o".into(),
        reception_date: "2015-04-07".into(),
        topic_id: "t".into(),
        social_status_id: "s".into(),
        phone: "050 123 45 67".into(),
        address_same_as_id: true,
        note: "ə\u{301}".repeat(NOTE_MAX + 1),
        ..BookingForm::default()
    };
    let ctx = BookingContext {
        official_ids: &["o"],
        offered_dates: &[date(7)],
        topic_ids: &["t"],
        social_status_ids: &["s"],
        privilege_ids: &[],
        no_privilege_id: None,
        registered_address: "Biləsuvar",
    };
    let errors = validate_booking(&form, &ctx).unwrap_err();
    assert_eq!(
        field_error(Lang::Az, &errors[0]),
        "Qeyd ən çox 400 simvol ola bilər, indi 401 simvoldur. Mətni qısaldın."
    );
    assert_eq!(
        field_error(Lang::Ru, &errors[0]),
        "Примечание: не более 400 символов, сейчас 401. Сократите, пожалуйста."
    );
    let comment = validate_comment(&"a".repeat(COMMENT_MAX + 1)).unwrap_err();
    assert_eq!(
        field_error(Lang::En, &comment),
        "Your comment can be at most 1000 characters; it has 1001. Please shorten it."
    );
    // Russian chooses the noun's form by the limit.
    let one = FieldError::new(Field::Note, Problem::TooLong { max: 1, found: 2 });
    assert!(field_error(Lang::Ru, &one).contains("не более 1 символа,"));
}

fn active(d: u32) -> ActiveBooking {
    ActiveBooking {
        official_id: "isgenderov-sahin".into(),
        reception_date: date(d),
    }
}

#[test]
fn policy_refusal_names_the_dates_already_booked() {
    let refusal = BookingPolicy::default()
        .check("isgenderov-sahin", &[active(8)])
        .unwrap_err();
    assert_eq!(
        policy_refusal(Lang::Az, &refusal),
        "Siz artıq bu vəzifəli şəxsin qəbuluna yazılmısınız: 08.04.2015. Həmin qəbuldan sonra yenidən yazıla bilərsiniz."
    );
    assert!(policy_refusal(Lang::Ru, &refusal).contains("08.04.2015"));
    assert!(policy_refusal(Lang::En, &refusal).contains("08.04.2015"));

    let two = BookingPolicy {
        max_active_per_official: 2,
    }
    .check("isgenderov-sahin", &[active(14), active(7)])
    .unwrap_err();
    assert_eq!(
        policy_refusal(Lang::Ru, &two),
        "Вы уже записаны к этому должностному лицу на 07.04.2015, 14.04.2015, это предел. Записаться снова можно после этих приёмов."
    );
    assert_eq!(
        policy_refusal(Lang::Az, &two),
        "Siz artıq bu vəzifəli şəxsin qəbuluna 2 dəfə yazılmısınız: 07.04.2015, 14.04.2015. Bu qəbullardan sonra yenidən yazıla bilərsiniz."
    );
    assert!(policy_refusal(Lang::En, &two).contains("You already have 2 bookings"));

    let closed = BookingPolicy {
        max_active_per_official: 0,
    }
    .check("isgenderov-sahin", &[])
    .unwrap_err();
    assert_eq!(
        policy_refusal(Lang::En, &closed),
        "Bookings with this official are not possible at the moment."
    );
}

#[test]
fn booking_refusals_by_code() {
    // A day this kiosk cannot book: another date, or the receptionist (never "go online").
    for code in ["no-lease", "no-place-left"] {
        assert!(
            book_error(Lang::Az, code).contains("Başqa tarix seçin"),
            "{code}"
        );
        assert!(
            book_error(Lang::Ru, code).contains("Выберите другую дату"),
            "{code}"
        );
        assert!(
            book_error(Lang::En, code).contains("choose another date"),
            "{code}"
        );
    }
    // No numbers left: nothing the citizen can choose helps.
    assert!(book_error(Lang::Az, "no-numbers-left").contains("qəbul işçisinə"));
    assert!(book_error(Lang::Ru, "no-numbers-left").contains("обратитесь к сотруднику"));
    assert!(book_error(Lang::En, "no-numbers-left").contains("ask the receptionist"));
    assert_eq!(
        book_error(Lang::Az, "store-error"),
        "Texniki xəta baş verdi. Zəhmət olmasa, qəbul işçisinə müraciət edin."
    );
    // An unknown code is a technical error, never the code itself.
    assert_eq!(
        book_error(Lang::En, "something-new"),
        book_error(Lang::En, "store-error")
    );
}

#[test]
fn a_missing_message_falls_back_to_azerbaijani_then_to_its_id() {
    assert_eq!(
        qebul_l10n::text(Lang::Ru, "welcome-title", &[]),
        "Добро пожаловать!"
    );
    assert_eq!(
        qebul_l10n::text(Lang::En, "no-such-message", &[]),
        "no-such-message"
    );
    assert_eq!(
        qebul_l10n::text(Lang::En, "session-greeting", &[("name", "GÖHƏR".into())]),
        "Welcome, GÖHƏR"
    );
}

// The history search (moved here from qebul-core's search.rs with the texts).

fn search(date: &str) -> SearchError {
    parse_date(date, date_in(2026, 4, 23)).unwrap_err()
}

fn date_in(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn search_errors() -> [SearchError; 5] {
    [
        search("abc"),
        search("31.02.2015"),
        search("3.13.2015"),
        search("3.4.1815"),
        parse_status("xyz").unwrap_err(),
    ]
}

#[test]
fn search_errors_speak_three_languages() {
    for e in &search_errors() {
        let m = search_error_msg(e);
        assert!(msg::ALL.contains(&m), "{e}: {} is not listed", m.id);
        assert_eq!(m.id, format!("search-{}", e.code()));
        let [az, ru, en] = Lang::ALL.map(|l| search_error(l, e));
        for text in [&az, &ru, &en] {
            assert!(text.chars().count() > 20 && text != m.id, "{text}");
            assert!(text.contains(e.input()), "{text}");
        }
        assert!(az != ru && ru != en && az != en, "{e}");
    }
}

#[test]
fn search_errors_reviewed_wording() {
    let [not_a_date, no_such_day, no_such_month, year, status] = search_errors();
    assert_eq!(
        search_error(Lang::Az, &not_a_date),
        "«abc» tarix deyil. Tarixi belə yazın: 03.04.2015, 3 aprel 2015, aprel 2015 və ya 2015."
    );
    assert_eq!(
        search_error(Lang::Ru, &no_such_day),
        "«31.02.2015»: такой даты нет, в этом месяце 28 дней."
    );
    assert_eq!(
        search_error(Lang::En, &no_such_day),
        "“31.02.2015”: there is no such date; that month has 28 days."
    );
    assert_eq!(
        search_error(Lang::Az, &no_such_day),
        "«31.02.2015»: belə tarix yoxdur, bu ayda 28 gün var."
    );
    assert_eq!(
        search_error(Lang::Ru, &no_such_month),
        "«3.13.2015»: месяца 13 нет, месяц — от 1 до 12 (день пишется первым: 03.04.2015)."
    );
    assert_eq!(
        search_error(Lang::En, &year),
        "“3.4.1815”: the year must be between 1900 and 2199."
    );
    assert_eq!(
        search_error(Lang::Ru, &status),
        "«xyz» — неизвестный статус: выберите активные, закрытые или отменённые обращения."
    );
    let negated = HistoryQuery::parse("", "", "Bağlanmamış", date_in(2026, 4, 23)).unwrap_err();
    assert_eq!(
        search_error(Lang::Az, &negated),
        "«Bağlanmamış» status deyil: aktiv, bağlanmış və ya ləğv edilmiş müraciətləri seçin."
    );
}

#[test]
fn russian_names_the_days_of_a_month_by_plural_form() {
    // 31 takes the singular (один день), 28, 29 and 30 the genitive plural.
    for (date, days) in [
        ("32.01.2015", "31 день"),
        ("30.02.2015", "28 дней"),
        ("30.02.2016", "29 дней"),
        ("31.04.2015", "30 дней"),
    ] {
        let e = search(date);
        assert_eq!(
            search_error(Lang::Ru, &e),
            format!("«{date}»: такой даты нет, в этом месяце {days}."),
        );
    }
    // A month of 21, 22 or 25 days does not exist, but the selector has those forms too.
    for (n, want) in [(21i64, "21 день"), (22, "22 дня"), (25, "25 дней")] {
        let text = qebul_l10n::message(
            Lang::Ru,
            msg::SEARCH_NO_SUCH_DAY,
            &[("input", "x".into()), ("days", n.into())],
        );
        assert!(text.ends_with(&format!("в этом месяце {want}.")), "{text}");
    }
}

#[test]
fn status_labels_read_back_as_their_filter() {
    for f in StatusFilter::ALL {
        let labels = Lang::ALL.map(|l| status_label(l, f));
        for (lang, label) in Lang::ALL.iter().zip(&labels) {
            assert_eq!(parse_status(label), Ok(Some(f)), "{lang}: {label}");
        }
        assert!(labels[0] != labels[1] && labels[1] != labels[2] && labels[0] != labels[2]);
    }
    assert_eq!(
        status_label(Lang::Az, StatusFilter::Closed),
        "Bağlanmış müraciətlər"
    );
    assert_eq!(
        status_label(Lang::Ru, StatusFilter::Active),
        "Активные обращения"
    );
    assert_eq!(
        status_label(Lang::En, StatusFilter::Active),
        "Active applications"
    );
}

// Reception-rule phrases (moved here from qebul-core's rule_phrase.rs with the texts).

#[test]
fn every_rule_phrase_error_reads_in_azerbaijani_russian_and_english() {
    let phrases = [
        "",
        "Saat: 10:00",
        "birinci günlər",
        "doqquzuncu günlər Saat: 10:00-dan",
        "birinci, birinci günlər Saat: 10:00-dan",
        "birinci günlər Saat: axşam",
        "birinci günlər Saat: 24:00-dan",
        "birinci günlər Saat: 14:00-dən 10:00-dək",
        "birinci günlər Saat: 10:00-dan !",
    ];
    let mut seen = std::collections::HashSet::new();
    for phrase in phrases {
        let err = parse_rule(phrase).unwrap_err();
        seen.insert(err.code());
        let m = rule_phrase_error_msg(&err);
        assert!(msg::ALL.contains(&m), "{err}: {} is not listed", m.id);
        assert_eq!(m.id, format!("rule-phrase-{}", err.code()));
        let [az, ru, en] = Lang::ALL.map(|l| rule_phrase_error(l, &err));
        assert!(az != ru && ru != en && az != en, "{az} | {ru} | {en}");
        assert!(ru.chars().any(|c| ('а'..='я').contains(&c)), "{ru}");
        assert!(
            en.starts_with(|c: char| c.is_uppercase()) && en.ends_with('.'),
            "{en}"
        );
        assert!(!phrase.is_empty() || az.contains("boşdur"));
        if !phrase.is_empty() {
            for msg in [&az, &ru, &en] {
                assert!(msg.contains(phrase), "{msg}");
            }
        }
    }
    assert_eq!(seen.len(), 9, "every variant is exercised");
}

#[test]
fn rule_phrase_errors_quote_the_part_not_understood() {
    let phrase = "Həftə üzrə qəbul günləri: səkkizinci günlər Saat: 10:00-dan";
    let err = parse_rule(phrase).unwrap_err();
    assert!(matches!(err, RulePhraseError::UnknownDay { .. }), "{err:?}");
    for lang in Lang::ALL {
        let msg = rule_phrase_error(lang, &err);
        assert!(
            msg.contains("«səkkizinci»") || msg.contains("\"səkkizinci\""),
            "{msg}"
        );
        assert!(msg.contains(phrase), "{msg}");
    }
    let late = parse_rule("birinci günlər Saat: 14:00-dən 10:00-dək").unwrap_err();
    assert_eq!(
        rule_phrase_error(Lang::Az, &late),
        "«birinci günlər Saat: 14:00-dən 10:00-dək» qaydasında qəbulun bitmə vaxtı (10:00) başlama vaxtından (14:00) sonra olmalıdır."
    );
    assert_eq!(
        rule_phrase_error(Lang::Ru, &late),
        "В правиле «birinci günlər Saat: 14:00-dən 10:00-dək» время окончания приёма (10:00) должно быть позже времени начала (14:00)."
    );
}

/// The server's import prints the English message: it is the text operators read before the
/// move (the `Display` text with a capital and a full stop).
#[test]
fn the_english_rule_phrase_errors_are_the_import_commands_text() {
    let err = parse_rule("birinci günlər Saat: 10:00-dan, hər həftə").unwrap_err();
    assert_eq!(
        rule_phrase_error(Lang::En, &err),
        "In the rule \"birinci günlər Saat: 10:00-dan, hər həftə\", \", hər həftə\" is not understood: the rule must end with the hours."
    );
    assert_eq!(
        rule_phrase_error(Lang::En, &RulePhraseError::Empty),
        "The reception rule is empty: write the reception days and hours, e.g. \"birinci günlər Saat: 10:00-dan\"."
    );
    for phrase in [
        "Saat: 10:00",
        "birinci günlər",
        "doqquzuncu günlər Saat: 10:00-dan",
        "birinci, birinci günlər Saat: 10:00-dan",
        "birinci günlər Saat: axşam",
        "birinci günlər Saat: 24:00-dan",
        "birinci günlər Saat: 14:00-dən 10:00-dək",
    ] {
        let err = parse_rule(phrase).unwrap_err();
        let display = err.to_string();
        let mut c = display.chars();
        let capitalised: String = c
            .next()
            .into_iter()
            .flat_map(char::to_uppercase)
            .chain(c)
            .collect();
        assert_eq!(
            rule_phrase_error(Lang::En, &err),
            capitalised + ".",
            "{phrase}"
        );
    }
}
