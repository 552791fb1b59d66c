//! Screen text rewritten as a listener should hear it.
//!
//! A voice reads `10000061` as "ten million sixty-one", which nobody can write down or compare
//! with a notice, `08.12.2026` as three numbers, and `AA****567` as noise. This module turns what
//! the screen shows into what the voice should say, and leaves the rest to espeak-ng, which reads
//! plain numbers, times ("14:30") and words well in az, ru and en.
//!
//! Hand-written scanning, no regex or number-to-words crate: none of them knows Azerbaijani dates
//! or numbers, the Russian genitive of months, or the kiosk's own shapes (masked document
//! numbers, application numbers, phones grouped as `+994 50 123 45 67`), and each rule here is a
//! few lines over a slice of characters.

use chrono::{Month, NaiveDate};
use qebul_core::text::{month_name, MonthForm};
use qebul_core::Lang;

/// Digit runs at least this long are spelled digit by digit: a listener copies them down or
/// compares them with paper, they do not want the number's value.
const SPELLED_DIGITS_FROM: usize = 5;
/// Spelled digits come in groups this long, separated by a pause, the way people dictate them.
const DIGIT_GROUP: usize = 3;
/// All-capital letter runs up to this long next to digits or masks are a document series
/// ("AA", "AZE") and are spelled; longer ones are words.
const SPELLED_LETTERS_UP_TO: usize = 3;
/// E.164 allows no more digits in a phone number: a phone never swallows the numbers after it.
const PHONE_DIGITS_MAX: usize = 15;

/// `text` as it should be spoken in `lang`: dates, time ranges, fractions and phones as words,
/// long numbers and codes spelled in groups, masked characters counted, arrows and decorative
/// symbols dropped, whitespace collapsed.
///
/// ```
/// use qebul_core::Lang;
/// use qebul_speech::spoken;
///
/// assert_eq!(spoken("Qəbul günü 08.12.2026", Lang::Az), "Qəbul günü 8 dekabr 2026");
/// assert_eq!(spoken("№ 10000061", Lang::Ru), "номер 1 0 0, 0 0 0, 6 1");
/// assert_eq!(spoken("AA****567", Lang::Az), "A A, 4 gizli simvol, 5 6 7");
/// ```
pub fn spoken(text: &str, lang: Lang) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Spoken::default();
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        let at_word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        if at_word_start {
            if let Some((len, said)) = SHAPES.iter().find_map(|shape| shape(rest, lang)) {
                out.push_str(&said);
                i += len;
                continue;
            }
        }
        let c = chars[i];
        if is_token_char(c) {
            let len = rest.iter().take_while(|&&c| is_token_char(c)).count();
            let token = &rest[..len];
            if is_series(token) && starts_number(&rest[len..]) {
                out.push_str(&spell_letters(token, lang));
                out.punctuation(',');
            } else {
                out.push_str(&code_or_word(token, lang));
            }
            i += len;
        } else if c.is_whitespace() || is_decorative(c) {
            out.space();
            i += 1;
        } else if c == '№' {
            out.push_str(number_sign(lang));
            out.space();
            i += 1;
        } else {
            out.punctuation(c);
            i += 1;
        }
    }
    out.finish()
}

/// The shapes recognised at the start of a word, in order: each returns how many characters it
/// took and what to say instead.
type Shape = fn(&[char], Lang) -> Option<(usize, String)>;
const SHAPES: [Shape; 5] = [phone, date, time_range, clock_time, fraction];

/// `+994 50 123 45 67` → `plus 994, 50, 123, 45, 67`: the groups as written, read as numbers, a
/// pause between them. A masked group counts its characters.
fn phone(s: &[char], lang: Lang) -> Option<(usize, String)> {
    if s.first() != Some(&'+') || !s.get(1).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let mut groups: Vec<&[char]> = Vec::new();
    let mut digits = 0;
    let mut i = 1;
    loop {
        let len = s[i..].iter().take_while(|c| is_digit_or_mask(**c)).count();
        let group = &s[i..i + len];
        let group_digits = group.iter().filter(|c| c.is_ascii_digit()).count();
        if len == 0 || !same_class(group) || digits + group_digits > PHONE_DIGITS_MAX {
            break;
        }
        groups.push(group);
        digits += group_digits;
        i += len;
        let continues = matches!(s.get(i), Some(' ' | '-'))
            && s.get(i + 1).is_some_and(|&c| is_digit_or_mask(c));
        if !continues {
            break;
        }
        i += 1;
    }
    if groups.is_empty() {
        return None;
    }
    let end = groups.iter().map(|g| g.len() + 1).sum::<usize>();
    if continues_word(s, end) {
        return None;
    }
    let said: Vec<String> = groups
        .iter()
        .map(|group| match group[0] {
            c if is_mask(c) => masked(group.len(), lang),
            _ if group.len() >= SPELLED_DIGITS_FROM => spell_digits(group),
            _ => group.iter().collect(),
        })
        .collect();
    let plus = match lang {
        Lang::Az | Lang::En => "plus",
        Lang::Ru => "плюс",
    };
    Some((end, format!("{plus} {}", said.join(", "))))
}

/// `08.12.2026` or `8.12.2026` → `8 dekabr 2026` / `8 декабря 2026 года` / `8 December 2026`;
/// `08.12` → the day and month. Without a year the month must have two digits, so that `3.5`
/// stays a number.
fn date(s: &[char], lang: Lang) -> Option<(usize, String)> {
    let (day, mut i) = number_at(s, 0, 1..=2)?;
    if s.get(i) != Some(&'.') {
        return None;
    }
    let month_start = i + 1;
    let (month, month_end) = number_at(s, month_start, 1..=2)?;
    i = month_end;
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let year = match (s.get(i), number_at(s, i + 1, 4..=4)) {
        (Some('.'), Some((year, end))) if !continues_word(s, end) => {
            i = end;
            Some(year)
        }
        _ => None,
    };
    let month_word = month_name(month, lang, MonthForm::Genitive);
    match year {
        Some(year) => {
            NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month.number_from_month(), day)?;
            let said = match lang {
                Lang::Ru => format!("{day} {month_word} {year} года"),
                Lang::Az | Lang::En => format!("{day} {month_word} {year}"),
            };
            Some((i, said))
        }
        None => {
            let two_digit_month = month_end - month_start == 2;
            let number_goes_on =
                s.get(i) == Some(&'.') && s.get(i + 1).is_some_and(char::is_ascii_digit);
            if !(1..=31).contains(&day)
                || !two_digit_month
                || number_goes_on
                || continues_word(s, i)
            {
                return None;
            }
            Some((i, format!("{day} {month_word}")))
        }
    }
}

/// `09:00–13:00` → `09:00 ilə 13:00 arası` / `с 09:00 до 13:00` / `09:00 to 13:00`: a dash between
/// two times is read as "minus" or nothing at all otherwise.
fn time_range(s: &[char], lang: Lang) -> Option<(usize, String)> {
    let from_end = time_at(s, 0)?;
    let mut i = from_end;
    i += s[i..].iter().take_while(|&&c| c == ' ').count();
    if !matches!(s.get(i), Some('-' | '–' | '—')) {
        return None;
    }
    i += 1;
    i += s[i..].iter().take_while(|&&c| c == ' ').count();
    let to_start = i;
    let to_end = time_at(s, to_start)?;
    if continues_word(s, to_end) {
        return None;
    }
    let from = said_time(&s[..from_end], lang);
    let to = said_time(&s[to_start..to_end], lang);
    let said = match lang {
        Lang::Az => format!("{from} ilə {to} arası"),
        Lang::Ru => format!("с {from} до {to}"),
        Lang::En => format!("{from} to {to}"),
    };
    Some((to_end, said))
}

/// `3 / 8` (a page, a step) → `3, cəmi 8` / `3 из 8` / `3 of 8`: a voice reads the slash as a
/// word of its own.
fn fraction(s: &[char], lang: Lang) -> Option<(usize, String)> {
    let (part, mut i) = number_at(s, 0, 1..=4)?;
    i += s[i..].iter().take_while(|&&c| c == ' ').count();
    if s.get(i) != Some(&'/') {
        return None;
    }
    i += 1;
    i += s[i..].iter().take_while(|&&c| c == ' ').count();
    let (whole, end) = number_at(s, i, 1..=4)?;
    let goes_on = s.get(end) == Some(&'/')
        || continues_word(s, end)
        || (s.get(end) == Some(&'.') && s.get(end + 1).is_some_and(char::is_ascii_digit));
    if goes_on {
        return None;
    }
    let said = match lang {
        Lang::Az => format!("{part}, cəmi {whole}"),
        Lang::Ru => format!("{part} из {whole}"),
        Lang::En => format!("{part} of {whole}"),
    };
    Some((end, said))
}

/// One run of letters, digits and mask characters with nothing recognised in it.
///
/// A code (capital letters with digits or masks: `AA1234567`, `AA****567`, a FİN `5ZK7J2P`) is
/// read part by part with a pause between parts: short capital runs letter by letter, digits one
/// by one, masks counted. Elsewhere only long digit runs are spelled and masks counted; a lone
/// `*` or `•` is a required-field star or a bullet and is dropped.
fn code_or_word(token: &[char], lang: Lang) -> String {
    let parts = parts(token);
    let has_lowercase = token.iter().any(|c| c.is_lowercase());
    let has_letters = token.iter().any(|c| c.is_alphabetic());
    let has_digits = token.iter().any(char::is_ascii_digit);
    let has_masks = token.iter().any(|&c| is_mask(c));
    let code = !has_lowercase && parts.len() > 1 && (has_masks || (has_letters && has_digits));
    let mut changed = false;
    let mut said: Vec<String> = Vec::new();
    for part in parts {
        let first = part[0];
        let rewritten = if is_mask(first) {
            if !code && part.len() == 1 {
                changed = true;
                continue;
            }
            masked(part.len(), lang)
        } else if first.is_ascii_digit() && (code || part.len() >= SPELLED_DIGITS_FROM) {
            spell_digits(part)
        } else if first.is_alphabetic() && code && part.len() <= SPELLED_LETTERS_UP_TO {
            spell_letters(part, lang)
        } else {
            said.push(part.iter().collect());
            continue;
        };
        changed = true;
        said.push(rewritten);
    }
    // A pause between the parts of anything rewritten: "Əli, 4 gizli simvol", not "Əli4 gizli".
    if changed {
        said.join(", ")
    } else {
        said.concat()
    }
}

/// The runs of one kind (letters, ASCII digits, masks) a token is made of.
fn parts(token: &[char]) -> Vec<&[char]> {
    let kind = |c: char| {
        if c.is_ascii_digit() {
            0
        } else if is_mask(c) {
            1
        } else {
            2
        }
    };
    token.chunk_by(|a, b| kind(*a) == kind(*b)).collect()
}

/// `10000061` → `1 0 0, 0 0 0, 6 1`.
fn spell_digits(digits: &[char]) -> String {
    let groups: Vec<String> = digits
        .chunks(DIGIT_GROUP)
        .map(|group| join_chars(group, " "))
        .collect();
    groups.join(", ")
}

/// `AA` → `A A` in Azerbaijani. Russian and English voices read Latin letters with espeak-ng's
/// English rules, which take the "A" of "A A" for the article "a": a hyphen keeps every letter a
/// letter there (`A-A`).
fn spell_letters(letters: &[char], lang: Lang) -> String {
    match lang {
        Lang::Az => join_chars(letters, " "),
        Lang::Ru | Lang::En => join_chars(letters, "-"),
    }
}

/// `n` masked characters, with the plural each language wants after a number.
fn masked(n: usize, lang: Lang) -> String {
    match lang {
        // Azerbaijani nouns stay singular after a numeral.
        Lang::Az => format!("{n} gizli simvol"),
        Lang::Ru => {
            let words = match (n % 10, n % 100) {
                (1, 11) | (2..=4, 12..=14) => "скрытых символов",
                (1, _) => "скрытый символ",
                (2..=4, _) => "скрытых символа",
                _ => "скрытых символов",
            };
            format!("{n} {words}")
        }
        Lang::En if n == 1 => "1 hidden character".to_owned(),
        Lang::En => format!("{n} hidden characters"),
    }
}

fn number_sign(lang: Lang) -> &'static str {
    match lang {
        Lang::Az => "nömrə",
        Lang::Ru => "номер",
        Lang::En => "number",
    }
}

/// A document series standing apart from its number (`AA 1234567`): two or three capitals.
fn is_series(token: &[char]) -> bool {
    (2..=SPELLED_LETTERS_UP_TO).contains(&token.len()) && token.iter().all(|c| c.is_uppercase())
}

/// Whether what follows (after spaces) begins with a digit or a mask, as a series' number does.
fn starts_number(s: &[char]) -> bool {
    s.first() == Some(&' ')
        && s.iter()
            .find(|&&c| c != ' ')
            .is_some_and(|&c| is_digit_or_mask(c))
}

/// The value of the run of ASCII digits at `start` and where it ends; `None` unless its length
/// is within `len` (at most 4, so no overflow).
fn number_at(
    s: &[char],
    start: usize,
    len: std::ops::RangeInclusive<usize>,
) -> Option<(u32, usize)> {
    let digits = s
        .get(start..)?
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if !len.contains(&digits) {
        return None;
    }
    let value = s[start..start + digits]
        .iter()
        .try_fold(0u32, |acc, c| Some(acc * 10 + c.to_digit(10)?))?;
    Some((value, start + digits))
}

/// A time of day on its own (`10:00-dan`, `saat 14:30`), as [`said_time`] says it.
fn clock_time(s: &[char], lang: Lang) -> Option<(usize, String)> {
    let end = time_at(s, 0)?;
    Some((end, said_time(&s[..end], lang)))
}

/// A time `hh:mm` as a voice should read it: espeak reads `09:00` as "nine zero zero", so a
/// whole hour is the hour alone (`9`, "9 o'clock" in English) and a leading zero goes.
fn said_time(time: &[char], lang: Lang) -> String {
    let text: String = time.iter().collect();
    let (hour, minutes) = text.split_once(':').unwrap_or((&text, "00"));
    let hour = hour.trim_start_matches('0');
    let hour = if hour.is_empty() { "0" } else { hour };
    match (minutes, lang) {
        ("00", Lang::En) => format!("{hour} o'clock"),
        ("00", _) => hour.to_owned(),
        _ => format!("{hour}:{minutes}"),
    }
}

/// The end of a time of day `h:mm` or `hh:mm` at `start`.
fn time_at(s: &[char], start: usize) -> Option<usize> {
    let (hour, colon) = number_at(s, start, 1..=2)?;
    if s.get(colon) != Some(&':') {
        return None;
    }
    let (minute, end) = number_at(s, colon + 1, 2..=2)?;
    (hour <= 24 && minute <= 59).then_some(end)
}

/// Whether the character at `i` still belongs to the word before it (so nothing ends there).
fn continues_word(s: &[char], i: usize) -> bool {
    s.get(i).is_some_and(|c| c.is_alphanumeric())
}

fn same_class(group: &[char]) -> bool {
    group.iter().all(char::is_ascii_digit) || group.iter().all(|&c| is_mask(c))
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || is_mask(c)
}

fn is_mask(c: char) -> bool {
    matches!(c, '*' | '•')
}

fn is_digit_or_mask(c: char) -> bool {
    c.is_ascii_digit() || is_mask(c)
}

/// Arrows, check marks, shapes, emoji and their joiners: the screen's decoration, which a voice
/// would read by Unicode name ("leftwards arrow") or as noise.
fn is_decorative(c: char) -> bool {
    matches!(c as u32,
        0x2190..=0x21FF // arrows
        | 0x2300..=0x23FF // misc technical (⏎, ⏳)
        | 0x2500..=0x27BF // box drawing, blocks, shapes (◐), misc symbols, dingbats (✓ ✗)
        | 0x27F0..=0x27FF // supplemental arrows A
        | 0x2900..=0x297F // supplemental arrows B
        | 0x2B00..=0x2BFF // misc symbols and arrows
        | 0x1F000..=0x1FAFF // emoji (🔊) and pictographs
        | 0x200D // zero-width joiner
        | 0xFE0E..=0xFE0F // variation selectors
    )
}

fn join_chars(chars: &[char], separator: &str) -> String {
    let strings: Vec<String> = chars.iter().map(char::to_string).collect();
    strings.join(separator)
}

/// The text being built: one space at most between words, none before punctuation.
#[derive(Default)]
struct Spoken(String);

impl Spoken {
    fn push_str(&mut self, s: &str) {
        self.0.push_str(s);
    }

    fn space(&mut self) {
        if !self.0.is_empty() && !self.0.ends_with(' ') {
            self.0.push(' ');
        }
    }

    fn punctuation(&mut self, c: char) {
        if matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')') && self.0.ends_with(' ') {
            self.0.pop();
        }
        self.0.push(c);
    }

    fn finish(self) -> String {
        self.0.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the kiosk's screens show, in every language's rendering: dates, hours, numbers,
    /// masks, decorations. Reviewed by ear (`cargo test -p qebul-speech --test voice` writes
    /// WAVs of a few of them).
    const SCREEN_TEXTS: &[&str] = &[
        "Qəbul günü 08.12.2026, saat 14:30.",
        "8.1.2027",
        "Son gün: 31.12",
        "31.02.2026",
        "Qəbul saatları: 09:00–13:00",
        "9:00 - 13:00",
        "Saat: 10:00-dan",
        "14:30",
        "Müraciət № 10000061",
        "№10000061",
        "12345",
        "1234",
        "Telefon: +994 50 123 45 67",
        "+994 50 *** ** 67",
        "+994501234567",
        "Sənəd: AA****567",
        "AA1234567",
        "AZE 12345678",
        "AA *234567",
        "FİN: 5ZK7J2P",
        "FİN: 5ZK****",
        "Şifrə: ••••••",
        "***********",
        "Telefon *",
        "← Geri",
        "Növbəti →",
        "✓ Göndərildi",
        "🔊 Dinlə",
        "◐ Yüklənir",
        "Ərizə • 8 dekabr",
        "Səhifə 3 / 8",
        "3/8",
        "  çox   boşluq\n\tvar  ",
        "3.5 saat",
        "2026-cı il",
        "MƏLUMATLARI GÖNDƏR",
    ];

    fn table(texts: &[&str], lang: Lang) -> String {
        texts
            .iter()
            .map(|text| format!("{text:?} → {:?}\n", spoken(text, lang)))
            .collect()
    }

    #[test]
    fn screen_texts_in_azerbaijani() {
        insta::assert_snapshot!("az", table(SCREEN_TEXTS, Lang::Az));
    }

    #[test]
    fn screen_texts_in_russian() {
        let russian = [
            "Приём 08.12.2026, 09:00–13:00",
            "Заявление № 10000061 отправлено.",
            "Документ: AA*234567",
            "Пароль: ••",
            "Пароль: •••••",
            "Пароль: •••••••••••",
            "Пароль: •••••••••••••••••••••",
            "Пароль: ••••••••••••••••••••••",
            "Страница 3 / 8",
        ];
        let texts: Vec<&str> = SCREEN_TEXTS.iter().copied().chain(russian).collect();
        insta::assert_snapshot!("ru", table(&texts, Lang::Ru));
    }

    #[test]
    fn screen_texts_in_english() {
        let english = [
            "Reception day 08.12.2026, 09:00-13:00",
            "Application № 10000061 sent.",
            "Document: AA*234567",
            "Page 3 / 8",
        ];
        let texts: Vec<&str> = SCREEN_TEXTS.iter().copied().chain(english).collect();
        insta::assert_snapshot!("en", table(&texts, Lang::En));
    }

    #[test]
    fn dates_are_day_month_and_year() {
        assert_eq!(spoken("08.12.2026", Lang::Az), "8 dekabr 2026");
        assert_eq!(spoken("08.12.2026", Lang::Ru), "8 декабря 2026 года");
        assert_eq!(spoken("8.12.2026", Lang::En), "8 December 2026");
        assert_eq!(spoken("08.12", Lang::Ru), "8 декабря");
    }

    #[test]
    fn time_ranges_are_from_and_to() {
        assert_eq!(spoken("09:00–13:00", Lang::Az), "9 ilə 13 arası");
        assert_eq!(spoken("09:00-13:00", Lang::Ru), "с 9 до 13");
        assert_eq!(spoken("09:00 – 13:30", Lang::En), "9 o'clock to 13:30");
        assert_eq!(spoken("saat 14:30", Lang::Az), "saat 14:30");
        // espeak reads "09:00" as "nine zero zero": a whole hour is the hour alone.
        assert_eq!(spoken("10:00-dan", Lang::Az), "10-dan");
        assert_eq!(spoken("08:05", Lang::Ru), "8:05");
    }

    #[test]
    fn application_numbers_are_spelled_in_groups_of_three() {
        for lang in Lang::ALL {
            assert_eq!(spoken("10000061", lang), "1 0 0, 0 0 0, 6 1");
        }
    }

    #[test]
    fn phones_keep_their_groups() {
        assert_eq!(
            spoken("+994 50 123 45 67", Lang::Az),
            "plus 994, 50, 123, 45, 67"
        );
        assert_eq!(
            spoken("+994 50 123 45 67", Lang::Ru),
            "плюс 994, 50, 123, 45, 67"
        );
    }

    #[test]
    fn masked_characters_are_counted() {
        assert_eq!(spoken("AA****567", Lang::Az), "A A, 4 gizli simvol, 5 6 7");
        assert_eq!(
            spoken("AA*234567", Lang::Ru),
            "A-A, 1 скрытый символ, 2 3 4, 5 6 7"
        );
        assert_eq!(spoken("••", Lang::Ru), "2 скрытых символа");
        assert_eq!(spoken("•••••", Lang::Ru), "5 скрытых символов");
        assert_eq!(spoken("•", Lang::En), "");
        assert_eq!(spoken("**", Lang::En), "2 hidden characters");
    }

    #[test]
    fn decorations_are_dropped_and_signs_read() {
        assert_eq!(spoken("← Geri", Lang::Az), "Geri");
        assert_eq!(spoken("✓ ✗ • ◐ 🔊", Lang::Az), "");
        assert_eq!(spoken("№ 5", Lang::En), "number 5");
        assert_eq!(spoken("3 / 8", Lang::Az), "3, cəmi 8");
        assert_eq!(spoken("3 / 8", Lang::Ru), "3 из 8");
        assert_eq!(spoken("3 / 8", Lang::En), "3 of 8");
    }
}
