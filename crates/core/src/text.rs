//! Azerbaijani text: Turkic casing, alphabetical order, loose matching for search, and dates
//! written as notices and screens write them.
//!
//! # What ICU4X does and what is hand-written
//!
//! - **Casing** ([`lower`], [`upper`]) is ICU4X (`icu_casemap`) with the `az` language, which applies
//!   the Turkic rules `i ↔ İ`, `ı ↔ I` (and drops the combining dot above after `I`). Nothing is
//!   hand-written here.
//! - **Alphabetical order** ([`compare`], [`sort`], [`sort_by_key`]) is ICU4X (`icu_collator`) with
//!   CLDR's `az` tailoring: `a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u ü v y z`.
//! - **Loose matching** ([`LooseQuery`]) is hand-written. ICU4X's case folding and a primary-strength
//!   collator both keep `ə`, `ç`, `ş`, `ğ`, `ö`, `ü` and `ı` distinct from `a`/`e`, `c`, `s`, `g`,
//!   `o`, `u` and `i`, because in Azerbaijani they are letters, not accented variants; and no ICU
//!   service offers "ə is a *or* e" (how people type without an Azerbaijani keyboard, and how ID
//!   card MRZs transliterate names), nor a substring search. We lower case with ICU4X, then fold
//!   each letter with a small table written out below; that folding (with `ə` kept, or made `e`)
//!   is the only one in the crate: the rule phrases and the search's keywords use it too.
//! - **Month names and date formats** ([`month_name`], [`parse_month`], [`notice_date`],
//!   [`long_date`], [`numeric_date`]) are hand-written tables: ICU4X's date formatter (`icu_datetime`)
//!   is not a dependency of this crate and the notice's fixed upper-case form `07 APREL 2015` is a
//!   document convention, not a CLDR pattern; parsing month names (with abbreviations and without
//!   diacritics) is not something ICU4X does at all.

use std::cmp::Ordering;
use std::sync::OnceLock;

use chrono::{Datelike, Month, NaiveDate};
use icu_casemap::CaseMapper;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::{langid, locale, LanguageIdentifier};

use crate::Lang;

const AZ: LanguageIdentifier = langid!("az");

/// Lower case with the Azerbaijani (Turkic) rules: `ILQAR` → `ılqar`, `İSGƏNDƏROV` → `isgəndərov`.
pub fn lower(s: &str) -> String {
    CaseMapper::new().lowercase_to_string(s, &AZ).into_owned()
}

/// Upper case with the Azerbaijani (Turkic) rules: `şahin` → `ŞAHİN`, `ılqar` → `ILQAR`.
pub fn upper(s: &str) -> String {
    CaseMapper::new().uppercase_to_string(s, &AZ).into_owned()
}

fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        Collator::try_new(locale!("az").into(), Default::default())
            .expect("ICU4X compiled data includes the az collation")
    })
}

/// Compares two texts in Azerbaijani alphabetical order
/// (`a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u ü v y z`).
///
/// ```
/// use std::cmp::Ordering;
/// use qebul_core::text::compare;
///
/// assert_eq!(compare("QULİYEV", "MƏMMƏDOV"), Ordering::Less); // q comes right after k
/// assert_eq!(compare("XƏYALƏ", "İLQAR"), Ordering::Less); // x sits between h and ı
/// ```
pub fn compare(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

/// Sorts texts in Azerbaijani alphabetical order (stable).
pub fn sort<S: AsRef<str>>(items: &mut [S]) {
    items.sort_by(|a, b| compare(a.as_ref(), b.as_ref()));
}

/// Sorts anything by a text key in Azerbaijani alphabetical order (stable), e.g. officials by
/// `full_name`.
pub fn sort_by_key<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    items.sort_by(|a, b| compare(key(a), key(b)));
}

// ---------------------------------------------------------------------------------------------
// Loose matching
// ---------------------------------------------------------------------------------------------

/// `ə` in a loose text: it matches `a`, `e` and itself.
const SCHWA: char = 'ə';
/// A word boundary in a loose text.
const GAP: char = ' ';

/// What [`fold`] makes of `ə` (and of `ä`, which stood for `ə` in the 1991–1992 alphabet and on
/// some keyboards).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Schwa {
    /// `ə` stays `ə`: the search's loose matching lets it match `a`, `e` and itself.
    Keep,
    /// `ə` becomes `e`, how "həftə" is typed without an Azerbaijani keyboard ("hefte"): fixed
    /// vocabularies (rule phrases, status words) then compare as plain strings.
    AsE,
}

/// Whether `c` is a combining mark (the accent of a decomposed letter, the dot of a non-Turkic
/// "i̇"): the Combining Diacritical Marks blocks, which folding drops.
pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036f}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe20}'..='\u{fe2f}')
}

/// Whether `c` is a dash people type between numbers or words: hyphen-minus `-`, hyphen `‐`,
/// non-breaking hyphen `‑`, figure dash `‒`, en dash `–`, em dash `—` or minus sign `−`.
///
/// ```
/// use qebul_core::text::is_dash;
///
/// assert!("-‐‑‒–—−".chars().all(is_dash));
/// assert!(!is_dash('_') && !is_dash('~'));
/// ```
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

/// Folds one lower-cased character; `None` drops it (combining marks).
fn fold_char(c: char, schwa: Schwa) -> Option<char> {
    Some(match c {
        // Azerbaijani letters that people type without their marks.
        'ç' | 'ć' | 'č' => 'c',
        'ğ' | 'ĝ' => 'g',
        'ı' | 'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' => 'o',
        'ü' | 'ù' | 'ú' | 'û' | 'ū' => 'u',
        'ş' | 'ś' | 'š' | 'ș' => 's',
        'ə' | 'ä' => match schwa {
            Schwa::Keep => SCHWA,
            Schwa::AsE => 'e',
        },
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        'ž' | 'ź' | 'ż' => 'z',
        'ё' => 'е',
        c if is_combining_mark(c) => return None,
        c if is_dash(c) => '-',
        c => c,
    })
}

/// The spelling-insensitive form of a text, the one folding of this crate: lower case with the
/// Azerbaijani (Turkic) rules, then `ç`→`c`, `ğ`→`g`, `ı`→`i`, `ö`→`o`, `ü`→`u`, `ş`→`s` (and
/// the like for other accented Latin letters, `ё`→`е`), `ə` as `schwa` says, combining marks
/// dropped and every dash made `-`. Anything else (digits, punctuation, spaces) is kept as it is,
/// so positions of words in the folded text follow the original's.
///
/// `BİRİNCİ`, `BIRINCI` and `birinci` all fold to `birinci`; `Həftə` folds to `həftə`
/// ([`Schwa::Keep`]) or `hefte` ([`Schwa::AsE`]).
pub(crate) fn fold(s: &str, schwa: Schwa) -> String {
    lower(s)
        .chars()
        .filter_map(|c| fold_char(c, schwa))
        .collect()
}

/// The loose form of a text: [`fold`]ed with `ə` kept, every run of non-letters one gap.
fn loose_chars(s: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    for c in fold(s, Schwa::Keep).chars() {
        let c = if c.is_alphanumeric() { c } else { GAP };
        if c == GAP && out.last().is_none_or(|&l| l == GAP) {
            continue;
        }
        out.push(c);
    }
    if out.last() == Some(&GAP) {
        out.pop();
    }
    out
}

fn same(q: char, h: char) -> bool {
    q == h || (q == SCHWA && matches!(h, 'a' | 'e')) || (h == SCHWA && matches!(q, 'a' | 'e'))
}

/// The loose form of a text as a string (lower case, letters folded, `ə` kept, gaps as one
/// space): what the search parser compares keywords with.
pub(crate) fn loose_key(s: &str) -> String {
    loose_chars(s).into_iter().collect()
}

/// How well a [`LooseQuery`] matched: every word at the start of a word, or somewhere inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchRank {
    /// Every query word starts a word of the text ("isgen sah" in "İSGƏNDƏROV ŞAHİN").
    WordPrefix,
    /// Some query word sits inside a word ("dərov").
    Substring,
}

/// A search text matched loosely: any case, with or without diacritics, `ə` as `a` or `e`,
/// `ı`/`i`/`İ`/`I` alike; each word of the query must occur in the text, in any order.
///
/// ```
/// use qebul_core::text::LooseQuery;
///
/// let name = "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU";
/// for q in ["isgenderov", "ISGANDAROV", "isgəndərov", "sahin isgend", "huseyn oglu"] {
///     assert!(LooseQuery::new(q).matches(name), "{q}");
/// }
/// assert!(!LooseQuery::new("astanov").matches(name));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LooseQuery {
    words: Vec<Vec<char>>,
}

impl LooseQuery {
    /// Prepares a query. A query with no letters or digits matches everything.
    pub fn new(query: &str) -> Self {
        let words = loose_chars(query)
            .split(|&c| c == GAP)
            .filter(|w| !w.is_empty())
            .map(<[char]>::to_vec)
            .collect();
        LooseQuery { words }
    }

    /// True when the query has no words (it matches everything).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether every word of the query occurs in `haystack`.
    pub fn matches(&self, haystack: &str) -> bool {
        self.rank(haystack).is_some()
    }

    /// How well the query matches `haystack`, or `None` when it does not.
    pub fn rank(&self, haystack: &str) -> Option<MatchRank> {
        let hay = loose_chars(haystack);
        let mut rank = MatchRank::WordPrefix;
        for word in &self.words {
            let mut best = None;
            for start in 0..hay.len().saturating_sub(word.len() - 1) {
                let hit = word.iter().zip(&hay[start..]).all(|(&q, &h)| same(q, h));
                if hit {
                    if start == 0 || hay[start - 1] == GAP {
                        best = Some(MatchRank::WordPrefix);
                        break;
                    }
                    best = Some(MatchRank::Substring);
                }
            }
            rank = rank.max(best?);
        }
        Some(rank)
    }
}

// ---------------------------------------------------------------------------------------------
// Months and dates
// ---------------------------------------------------------------------------------------------

/// The grammatical form of a month name: Russian writes "апрель 2015" but "7 апреля 2015".
/// Azerbaijani and English names do not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MonthForm {
    /// "aprel", "апрель", "April": a month on its own.
    Nominative,
    /// "aprel", "апреля", "April": after a day number.
    Genitive,
}

const AZ_MONTHS: [&str; 12] = [
    "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr",
    "noyabr", "dekabr",
];
const RU_MONTHS: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
const RU_MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Spellings people use beyond the names above and their prefixes: (spelling, month).
const EXTRA_SPELLINGS: [(&str, u32); 3] = [
    ("iyn", 6),    // az abbreviation of iyun
    ("iyl", 7),    // az abbreviation of iyul
    ("avgust", 8), // the Russian name in Latin letters
];

fn month_index(month: Month) -> usize {
    month.number_from_month() as usize - 1
}

/// A month's name as it is written inside a sentence: lower case in az and ru, capitalised in en.
///
/// ```
/// use chrono::Month;
/// use qebul_core::{Lang, text::{month_name, MonthForm}};
///
/// assert_eq!(month_name(Month::April, Lang::Az, MonthForm::Genitive), "aprel");
/// assert_eq!(month_name(Month::April, Lang::Ru, MonthForm::Genitive), "апреля");
/// assert_eq!(month_name(Month::April, Lang::Ru, MonthForm::Nominative), "апрель");
/// assert_eq!(month_name(Month::April, Lang::En, MonthForm::Nominative), "April");
/// ```
pub fn month_name(month: Month, lang: Lang, form: MonthForm) -> &'static str {
    let i = month_index(month);
    match (lang, form) {
        (Lang::Az, _) => AZ_MONTHS[i],
        (Lang::Ru, MonthForm::Nominative) => RU_MONTHS[i],
        (Lang::Ru, MonthForm::Genitive) => RU_MONTHS_GENITIVE[i],
        (Lang::En, _) => EN_MONTHS[i],
    }
}

/// The month a name stands for, in Azerbaijani, Russian or English: nominative or genitive, full
/// or abbreviated (at least three letters, unambiguous, a trailing dot allowed), in any case, with
/// or without diacritics. `None` when the word is no month.
///
/// ```
/// use chrono::Month;
/// use qebul_core::text::parse_month;
///
/// for name in ["aprel", "APREL", "Apr.", "апреля", "Апр", "April", "APRİL"] {
///     assert_eq!(parse_month(name), Some(Month::April), "{name}");
/// }
/// assert_eq!(parse_month("iyu"), None); // iyun or iyul?
/// assert_eq!(parse_month("ma"), None);
/// ```
pub fn parse_month(name: &str) -> Option<Month> {
    let word = loose_key(name.trim().trim_end_matches('.'));
    if word.chars().count() < 3 || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let mut found: Option<u32> = None;
    for (spelling, number) in month_spellings() {
        if spelling.starts_with(&word) {
            if found.is_some_and(|f| f != *number) {
                return None;
            }
            found = Some(*number);
        }
    }
    found.and_then(|n| Month::try_from(n as u8).ok())
}

/// Every month spelling, folded as [`loose_key`] folds: (spelling, month number).
fn month_spellings() -> &'static [(String, u32)] {
    static SPELLINGS: OnceLock<Vec<(String, u32)>> = OnceLock::new();
    SPELLINGS.get_or_init(|| {
        let mut all = Vec::new();
        for table in [&AZ_MONTHS, &RU_MONTHS, &RU_MONTHS_GENITIVE, &EN_MONTHS] {
            for (number, name) in (1..).zip(table.iter()) {
                all.push((loose_key(name), number));
            }
        }
        for (spelling, number) in EXTRA_SPELLINGS {
            all.push((loose_key(spelling), number));
        }
        all
    })
}

/// An identity document's number as notices and screens show it: `AA1234567` → `AA****567`,
/// enough for the citizen to recognise their card, not enough to use a lost notice as the
/// card's number. Five characters or fewer are masked whole.
///
/// ```
/// use qebul_core::text::mask_document;
///
/// assert_eq!(mask_document("AA1234567"), "AA****567");
/// assert_eq!(mask_document("AZE0019283"), "AZ*****283");
/// assert_eq!(mask_document("12345"), "*****");
/// ```
pub fn mask_document(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    let (head, tail) = (2, 3);
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    chars[..head]
        .iter()
        .chain(std::iter::repeat_n(&'*', chars.len() - head - tail))
        .chain(&chars[chars.len() - tail..])
        .collect()
}

/// A date as the notice writes it: `07 APREL 2015` (two-digit day, Azerbaijani month in capitals).
///
/// ```
/// use chrono::NaiveDate;
/// use qebul_core::text::notice_date;
///
/// assert_eq!(notice_date(NaiveDate::from_ymd_opt(2015, 4, 7).unwrap()), "07 APREL 2015");
/// ```
pub fn notice_date(date: NaiveDate) -> String {
    format!(
        "{:02} {} {}",
        date.day(),
        upper(AZ_MONTHS[date.month0() as usize]),
        date.year()
    )
}

/// A date written out in a sentence: `7 aprel 2015`, `7 апреля 2015`, `April 7, 2015`.
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    let month = month_name(month_of(date), lang, MonthForm::Genitive);
    match lang {
        Lang::Az | Lang::Ru => format!("{} {} {}", date.day(), month, date.year()),
        Lang::En => format!("{} {}, {}", month, date.day(), date.year()),
    }
}

/// A month of a year: `aprel 2015`, `апрель 2015`, `April 2015`.
pub fn month_year(year: i32, month: Month, lang: Lang) -> String {
    format!(
        "{} {}",
        month_name(month, lang, MonthForm::Nominative),
        year
    )
}

/// A date as Azerbaijani forms write it: `dd.mm.yyyy` (`03.04.2015`).
pub fn numeric_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

fn month_of(date: NaiveDate) -> Month {
    Month::try_from(date.month() as u8).expect("a date's month is 1..=12")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const AZ_LOWER: &str = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz";
    const AZ_UPPER: &str = "ABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ";

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn turkic_casing_of_the_examples() {
        assert_eq!(upper("şahin"), "ŞAHİN");
        assert_eq!(lower("ILQAR"), "ılqar");
        assert_eq!(upper("İsgəndərov"), "İSGƏNDƏROV");
        assert_eq!(
            lower("İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU"),
            "isgəndərov şahin hüseyn oğlu"
        );
        assert_eq!(upper("ılqar"), "ILQAR");
        assert_eq!(
            upper("abdullayeva göhər novruz qızı"),
            "ABDULLAYEVA GÖHƏR NOVRUZ QIZI"
        );
        // A decomposed İ (I + combining dot above) lowercases to a plain i.
        assert_eq!(lower("I\u{307}LHAM"), "ilham");
    }

    #[test]
    fn the_alphabet_is_its_own_case_pair() {
        // The upper-case table lists I before İ because ı comes before i.
        assert_eq!(AZ_LOWER.chars().count(), 32);
        assert_eq!(upper(AZ_LOWER), AZ_UPPER);
        assert_eq!(lower(AZ_UPPER), AZ_LOWER);
    }

    /// The seed's eight officials (Şəkil 4), in the order the seed lists them.
    const SEED_OFFICIALS: [&str; 8] = [
        "QULİYEV MAHİR HACI OĞLU",
        "MƏMMƏDOV XANLAR BAYRAM OĞLU",
        "HƏSƏNOV ELSEVƏR CƏMİL OĞLU",
        "QƏMBƏROVA XƏYALƏ NAZİM QIZI",
        "ŞAHBAZOV ZAKİR VƏKİL OĞLU",
        "ƏZİMOV YAŞAR ŞAHAB OĞLU",
        "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU",
        "ASTANOV ELŞƏN ƏVƏZ OĞLU",
    ];

    #[test]
    fn seed_officials_sort_in_azerbaijani_order() {
        let mut names = SEED_OFFICIALS;
        sort(&mut names);
        assert_eq!(
            names,
            [
                "ASTANOV ELŞƏN ƏVƏZ OĞLU",
                "ƏZİMOV YAŞAR ŞAHAB OĞLU",
                "HƏSƏNOV ELSEVƏR CƏMİL OĞLU",
                "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU",
                "QƏMBƏROVA XƏYALƏ NAZİM QIZI",
                "QULİYEV MAHİR HACI OĞLU",
                "MƏMMƏDOV XANLAR BAYRAM OĞLU",
                "ŞAHBAZOV ZAKİR VƏKİL OĞLU",
            ]
        );
    }

    #[test]
    fn sort_by_key_sorts_records() {
        let mut records = vec![(2, "Şirin"), (1, "Səbinə"), (3, "Çinarə"), (4, "Cavid")];
        sort_by_key(&mut records, |r| r.1);
        assert_eq!(
            records.iter().map(|r| r.0).collect::<Vec<_>>(),
            [4, 3, 1, 2]
        );
    }

    #[test]
    fn azerbaijani_letters_sit_where_the_alphabet_puts_them() {
        use Ordering::*;
        // x between h and ı; q after k (and before l); ə after e.
        assert_eq!(compare("h", "x"), Less);
        assert_eq!(compare("x", "ı"), Less);
        assert_eq!(compare("Xanlar", "İlham"), Less);
        assert_eq!(compare("Hüseyn", "Xanlar"), Less);
        assert_eq!(compare("k", "q"), Less);
        assert_eq!(compare("q", "l"), Less);
        assert_eq!(compare("Kamil", "Qəmbər"), Less);
        assert_eq!(compare("Qəmbər", "Lalə"), Less);
        assert_eq!(compare("e", "ə"), Less);
        assert_eq!(compare("ə", "f"), Less);
        assert_eq!(compare("Elşən", "Əzim"), Less);
        assert_eq!(compare("ı", "i"), Less);
        assert_eq!(compare("ILQAR", "İLHAM"), Less);
        for pair in AZ_LOWER.chars().collect::<Vec<_>>().windows(2) {
            assert_eq!(
                compare(&pair[0].to_string(), &pair[1].to_string()),
                Less,
                "{pair:?}"
            );
        }
    }

    const SEED_NAME: &str = "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU";

    #[test]
    fn loose_query_finds_isgenderov_however_typed() {
        for q in [
            "isgenderov",
            "ISGANDAROV",
            "isgəndərov",
            "İsgəndərov",
            "ISGENDEROV SAHIN",
            "şahin hüseyn oğlu",
            "sahin huseyn oglu",
            "ısgandarov",
            "isgändärov",
            "  isgəndərov,  şahin ",
            "isgənd",
            "dərov",
            "",
        ] {
            assert!(LooseQuery::new(q).matches(SEED_NAME), "{q:?}");
        }
        for q in ["isgindirov", "astanov", "şahin qızı", "isgenderovv"] {
            assert!(!LooseQuery::new(q).matches(SEED_NAME), "{q:?}");
        }
        // ə is a or e, but a is not e.
        assert!(!LooseQuery::new("isgandarov").matches("ISGENDEROV"));
        // Decomposed input (s + cedilla, o + diaeresis) finds the composed name.
        assert!(LooseQuery::new("s\u{327}ahin").matches(SEED_NAME));
        assert!(LooseQuery::new("GO\u{308}HƏR").matches("ABDULLAYEVA GÖHƏR NOVRUZ QIZI"));
    }

    #[test]
    fn loose_query_ranks_word_starts_first() {
        assert_eq!(
            LooseQuery::new("isgen sah").rank(SEED_NAME),
            Some(MatchRank::WordPrefix)
        );
        assert_eq!(
            LooseQuery::new("dərov").rank(SEED_NAME),
            Some(MatchRank::Substring)
        );
        assert_eq!(LooseQuery::new("oğlu qızı").rank(SEED_NAME), None);
        assert!(LooseQuery::new(" -- ").is_empty());
    }

    #[test]
    fn one_folding_keeps_schwa_or_makes_it_e() {
        assert_eq!(fold("Həftə ÜZRƏ", Schwa::Keep), "həftə uzrə");
        assert_eq!(fold("Həftə ÜZRƏ", Schwa::AsE), "hefte uzre");
        assert_eq!(fold("isgändärov", Schwa::Keep), "isgəndərov");
        assert_eq!(fold("isgändärov", Schwa::AsE), "isgenderov");
        for s in ["BİRİNCİ", "BIRINCI", "birinci", "bırıncı"] {
            assert_eq!(fold(s, Schwa::AsE), "birinci", "{s}");
        }
        assert_eq!(
            fold("ÇƏRŞƏNBƏ AXŞAMI, Cümə; göz, Ağ", Schwa::AsE),
            "cersenbe axsami, cume; goz, ag"
        );
        assert_eq!(fold("ЗАВЕРШЁННЫЕ", Schwa::Keep), "завершенные");
        // Digits and punctuation stay where they were; every dash becomes '-'.
        assert_eq!(fold("10:00—13:00, 3‑cü", Schwa::AsE), "10:00-13:00, 3-cu");
        // The search's loose key is the same folding, with gaps for anything not a letter.
        assert_eq!(loose_key("  Həftə—ÜZRƏ!! 3-cü "), "həftə uzrə 3 cu");
    }

    #[test]
    fn combining_marks_are_dropped_wherever_they_come_from() {
        // s + cedilla, o + diaeresis, I + dot above, e + macron below (U+1DC0 block), a + U+20D7.
        assert_eq!(fold("s\u{327}o\u{308}I\u{307}", Schwa::AsE), "soi");
        assert_eq!(fold("e\u{1dd3}a\u{20d7}", Schwa::AsE), "ea");
        for c in [
            '\u{300}', '\u{36f}', '\u{1ab0}', '\u{1dff}', '\u{20d0}', '\u{fe2f}',
        ] {
            assert!(is_combining_mark(c), "{c:?}");
        }
        for c in ['a', 'ə', '-', ' ', '\u{2ff}', '\u{370}'] {
            assert!(!is_combining_mark(c), "{c:?}");
        }
    }

    #[test]
    fn dashes_are_the_seven_dash_characters() {
        let dashes: Vec<char> = "-\u{2010}\u{2011}\u{2012}\u{2013}\u{2014}\u{2212}"
            .chars()
            .collect();
        assert_eq!(dashes, ['-', '‐', '‑', '‒', '–', '—', '−']);
        assert!(dashes.iter().all(|&c| is_dash(c)));
        for c in ['_', '~', '.', '/', '\u{2015}', '\u{fe63}', 'a', ' '] {
            assert!(!is_dash(c), "{c:?}");
        }
    }

    #[test]
    fn dates_as_the_notice_writes_them() {
        assert_eq!(notice_date(d(2015, 4, 7)), "07 APREL 2015");
        assert_eq!(notice_date(d(2015, 8, 31)), "31 AVQUST 2015");
        assert_eq!(notice_date(d(2016, 6, 15)), "15 İYUN 2016");
        assert_eq!(numeric_date(d(2015, 4, 3)), "03.04.2015");
        assert_eq!(long_date(d(2015, 4, 7), Lang::Az), "7 aprel 2015");
        assert_eq!(long_date(d(2015, 4, 7), Lang::Ru), "7 апреля 2015");
        assert_eq!(long_date(d(2015, 4, 3), Lang::En), "April 3, 2015");
        assert_eq!(month_year(2015, Month::May, Lang::Ru), "май 2015");
        assert_eq!(month_year(2015, Month::May, Lang::En), "May 2015");
    }

    #[test]
    fn month_names_in_every_language_and_form_parse_back() {
        for n in 1..=12u8 {
            let m = Month::try_from(n).unwrap();
            for lang in Lang::ALL {
                for form in [MonthForm::Nominative, MonthForm::Genitive] {
                    let name = month_name(m, lang, form);
                    for variant in [name.to_owned(), upper(name), lower(name)] {
                        assert_eq!(parse_month(&variant), Some(m), "{variant}");
                    }
                    let abbr: String = name.chars().take(3).collect();
                    if abbr != "iyu" {
                        assert_eq!(parse_month(&format!("{abbr}.")), Some(m), "{abbr}");
                    }
                }
            }
        }
        for (s, n) in [
            ("iyn", 6),
            ("İYUL", 7),
            ("IYUL", 7),
            ("avq", 8),
            ("Avgust", 8),
            ("sent.", 9),
            ("Sept", 9),
            ("сент", 9),
            ("нояб.", 11),
            ("февр", 2),
            ("мая", 5),
            ("Jun", 6),
            ("jul", 7),
        ] {
            assert_eq!(parse_month(s), Month::try_from(n).ok(), "{s}");
        }
        for s in ["", "ma", "iyu", "ию", "xyz", "apr1", "aprelx", "bu gün"] {
            assert_eq!(parse_month(s), None, "{s}");
        }
    }

    fn alphabet_key(s: &str) -> Vec<usize> {
        s.chars()
            .map(|c| AZ_LOWER.chars().position(|a| a == c).unwrap())
            .collect()
    }

    fn az_word(letters: &'static str) -> impl Strategy<Value = String> {
        let chars: Vec<char> = letters.chars().collect();
        prop::collection::vec(prop::sample::select(chars), 0..12)
            .prop_map(|v| v.into_iter().collect())
    }

    fn az_text() -> impl Strategy<Value = String> {
        let chars: Vec<char> = format!("{AZ_LOWER}{AZ_UPPER} -").chars().collect();
        prop::collection::vec(prop::sample::select(chars), 0..24)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn casing_round_trips(s in az_text()) {
            prop_assert_eq!(upper(&lower(&upper(&s))), upper(&s));
            prop_assert_eq!(lower(&upper(&lower(&s))), lower(&s));
        }

        #[test]
        fn casing_is_a_bijection_on_the_alphabet(s in az_word(AZ_LOWER)) {
            let up = upper(&s);
            prop_assert_eq!(up.chars().count(), s.chars().count());
            prop_assert_eq!(lower(&up), s);
        }

        #[test]
        fn collation_follows_the_alphabet(a in az_word(AZ_LOWER), b in az_word(AZ_LOWER)) {
            prop_assert_eq!(compare(&a, &b), alphabet_key(&a).cmp(&alphabet_key(&b)));
            prop_assert_eq!(compare(&upper(&a), &upper(&b)), alphabet_key(&a).cmp(&alphabet_key(&b)));
            prop_assert_eq!(compare(&b, &a), compare(&a, &b).reverse());
        }

        #[test]
        fn any_piece_typed_loosely_finds_the_text(
            text in az_text(),
            start in 0usize..24,
            len in 1usize..10,
            schwa_as_a in any::<bool>(),
        ) {
            let chars: Vec<char> = text.chars().collect();
            let start = start.min(chars.len());
            let end = (start + len).min(chars.len());
            let piece: String = chars[start..end].iter().collect();
            // Typed on a keyboard without Azerbaijani letters.
            let ascii: String = lower(&piece)
                .chars()
                .map(|c| match c {
                    'ə' => if schwa_as_a { 'a' } else { 'e' },
                    'ç' => 'c', 'ğ' => 'g', 'ı' => 'i', 'ö' => 'o', 'ü' => 'u', 'ş' => 's',
                    c => c,
                })
                .collect();
            for q in [piece.clone(), upper(&piece), lower(&piece), ascii.clone(), ascii.to_uppercase()] {
                prop_assert!(LooseQuery::new(&q).matches(&text), "{:?} in {:?}", q, text);
            }
        }
    }
}
