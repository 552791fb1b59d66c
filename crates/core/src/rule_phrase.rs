//! The reception-rule phrases that authorities publish (seed, Şəkil 4), parsed into a
//! [`ReceptionRule`], and a rule published back as such a phrase.
//!
//! ```
//! use qebul_core::rule_phrase::{parse_rule, publish};
//! use qebul_core::{ReceptionHours, Weekday};
//!
//! let rule = parse_rule("Hafta üzrə qəbul günləri: üçüncü, beşinci günlər Saat: bütün iş saati").unwrap();
//! assert_eq!(rule.days().collect::<Vec<_>>(), [Weekday::Wed, Weekday::Fri]);
//! assert_eq!(rule.hours(), ReceptionHours::AllWorkingHours);
//! assert_eq!(
//!     publish(&rule),
//!     "Həftə üzrə qəbul günləri: üçüncü, beşinci günlər Saat: bütün iş saatı"
//! );
//! ```
//!
//! Accepted, in any letter case (Turkic: `İ`/`i`, `I`/`ı`), with or without Azerbaijani
//! letters (`günləri`/`gunleri`, `saatı`/`saati`, `həftə`/`hafta`/`heftə`) and with any spacing:
//!
//! * an optional prefix `[Həftə [üzrə]] [qəbul] [günləri] [:]`;
//! * the days: `həftənin bütün iş günləri` (or `bütün iş günləri`) = Monday to Friday, or a list of
//!   ordinals `birinci` … `yeddinci` (`1-ci`, `2-ci`, `3-cü`, `4-cü`, `5-ci`, `6-cı`, `7-ci`) or
//!   weekday names (`bazar ertəsi`, `çərşənbə axşamı`, `çərşənbə`, `cümə axşamı`, `cümə`,
//!   `şənbə`, `bazar`) separated by commas and/or `və`, optionally followed by `günlər`/`günləri`;
//! * an optional `,` and an optional label `[qəbul] Saat[:]` (also `saatı`, `saatları`);
//! * the hours: `bütün iş saatı` (also `saatları`, `vaxtı`); `10:00-dan`/`10:00-dən`/`10.00-dan`
//!   (a bare `10:00` also means "from 10:00"); a range `10:00-dan 13:00-dək`,
//!   `10:00-dan 13:00-a qədər` (or `-a kimi`, `-dəyədək`), `10:00-13:00`, `10:00 – 13:00`;
//! * an optional final full stop.
//!
//! Anything else is an error that quotes the part it did not understand and the whole phrase.

use std::sync::OnceLock;

use crate::text::{self, is_combining_mark, is_dash, Schwa};
use crate::{ClockTime, InvalidRule, Lang, ReceptionHours, ReceptionRule, Weekday};

/// Why a published reception-rule phrase could not be read. Every variant but `Empty` quotes the
/// phrase. A [`code`](RulePhraseError::code) and arguments: qebul-l10n words them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulePhraseError {
    #[error("the reception rule is empty: write the reception days and hours, e.g. \"birinci günlər Saat: 10:00-dan\"")]
    Empty,
    #[error("the rule \"{phrase}\" names no reception days: write e.g. \"birinci günlər\" or \"həftənin bütün iş günləri\" before the hours")]
    NoDays { phrase: String },
    #[error("in the rule \"{phrase}\", \"{word}\" is not a reception day: write \"birinci\" … \"yeddinci\" (Monday … Sunday) or \"həftənin bütün iş günləri\"")]
    UnknownDay { word: String, phrase: String },
    #[error("in the rule \"{phrase}\", the day \"{word}\" is written twice")]
    RepeatedDay { word: String, phrase: String },
    #[error("the rule \"{phrase}\" names no reception hours: write e.g. \"Saat: 10:00-dan\" or \"Saat: bütün iş saatı\" after the days")]
    NoHours { phrase: String },
    #[error("in the rule \"{phrase}\", \"{text}\" is not understood as reception hours: write \"10:00-dan\", \"10:00-dan 13:00-dək\" or \"bütün iş saatı\"")]
    UnknownHours { text: String, phrase: String },
    #[error("in the rule \"{phrase}\", \"{text}\" is not a valid time: write HH:MM between 00:00 and 23:59, e.g. \"10:00-dan\"")]
    BadTime { text: String, phrase: String },
    #[error("in the rule \"{phrase}\", reception must end ({end}) later than it starts ({start})")]
    EndsBeforeStart {
        start: ClockTime,
        end: ClockTime,
        phrase: String,
    },
    #[error(
        "in the rule \"{phrase}\", \"{text}\" is not understood: the rule must end with the hours"
    )]
    Unexpected { text: String, phrase: String },
}

impl RulePhraseError {
    /// The stable code: `empty`, `no-days`, `unknown-day`, `repeated-day`, `no-hours`,
    /// `unknown-hours`, `bad-time`, `ends-before-start`, `unexpected`. qebul-l10n's
    /// `rule_phrase_error` words it (message `rule-phrase-<code>`) for the operator importing a
    /// catalog; the `Display` text is the English one for logs.
    pub fn code(&self) -> &'static str {
        use RulePhraseError::*;
        match self {
            Empty => "empty",
            NoDays { .. } => "no-days",
            UnknownDay { .. } => "unknown-day",
            RepeatedDay { .. } => "repeated-day",
            NoHours { .. } => "no-hours",
            UnknownHours { .. } => "unknown-hours",
            BadTime { .. } => "bad-time",
            EndsBeforeStart { .. } => "ends-before-start",
            Unexpected { .. } => "unexpected",
        }
    }
}

/// The rule as the authority publishes it, in Azerbaijani:
/// "Həftə üzrə qəbul günləri: üçüncü, beşinci günlər Saat: bütün iş saatı".
/// The capacity, which authorities do not publish, is left out.
pub fn publish(rule: &ReceptionRule) -> String {
    let text = rule.describe(Lang::Az);
    format!(
        "Həftə üzrə qəbul günləri: {} Saat: {}",
        text.days, text.hours
    )
}

/// Reads a reception rule as authorities publish it (see the module documentation for what is
/// accepted). The rule has no capacity: the phrases do not state one.
pub fn parse_rule(phrase: &str) -> Result<ReceptionRule, RulePhraseError> {
    let phrase = phrase.trim();
    if phrase.is_empty() {
        return Err(RulePhraseError::Empty);
    }
    let mut p = Parser {
        phrase,
        toks: tokenize(phrase),
        pos: 0,
    };
    p.skip_prefix();
    let days = p.days()?;
    p.eat(Kind::Comma);
    p.skip_hours_label();
    let hours = p.hours()?;
    p.eat(Kind::Stop);
    if p.pos < p.toks.len() {
        return Err(p.unexpected(p.pos));
    }
    ReceptionRule::try_new(days, hours).map_err(|e| match e {
        InvalidRule::NoDays => RulePhraseError::NoDays {
            phrase: phrase.to_owned(),
        },
        InvalidRule::EndsBeforeStart { start, end } => RulePhraseError::EndsBeforeStart {
            start,
            end,
            phrase: phrase.to_owned(),
        },
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Letters: "günləri", "Saat".
    Word,
    /// Starts with a digit: "10:00-dan", "10:00-13:00", "3-cü".
    Num,
    /// "," or ";".
    Comma,
    Colon,
    /// A dash ([`is_dash`]) standing alone.
    Dash,
    /// A full stop standing alone.
    Stop,
    Other,
}

#[derive(Debug)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Lower-cased (Turkic) and stripped of diacritics: "Günləri" → "gunleri", "BİRİNCİ" and
    /// "BIRINCI" → "birinci".
    key: String,
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// The spelling-insensitive form of a word: the crate's one folding with `ə` made `e`, so the
/// variants people type compare equal ("Günləri", "gunleri" → "gunleri").
fn fold(s: &str) -> String {
    text::fold(s, Schwa::AsE)
}

fn tokenize(s: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if is_letter(c) || c.is_ascii_digit() {
            let word = is_letter(c);
            while let Some(&(i, n)) = it.peek() {
                let more = if word {
                    is_letter(n)
                } else {
                    is_letter(n) || n.is_ascii_digit() || matches!(n, ':' | '.') || is_dash(n)
                };
                if !more {
                    break;
                }
                end = i + n.len_utf8();
                it.next();
            }
            if word {
                Kind::Word
            } else {
                Kind::Num
            }
        } else if matches!(c, ',' | ';') {
            Kind::Comma
        } else if c == ':' {
            Kind::Colon
        } else if c == '.' {
            Kind::Stop
        } else if is_dash(c) {
            Kind::Dash
        } else {
            Kind::Other
        };
        // A number that ends a sentence ("10:00-dan.") keeps its full stop apart.
        if kind == Kind::Num && s[start..end].ends_with(['.', ':']) {
            let trimmed = s[start..end].trim_end_matches(['.', ':']).len();
            toks.push(Tok {
                kind,
                start,
                end: start + trimmed,
                key: fold(&s[start..start + trimmed]),
            });
            for (i, ch) in s[start + trimmed..end].char_indices() {
                let at = start + trimmed + i;
                toks.push(Tok {
                    kind: if ch == '.' { Kind::Stop } else { Kind::Colon },
                    start: at,
                    end: at + 1,
                    key: ch.to_string(),
                });
            }
            continue;
        }
        toks.push(Tok {
            kind,
            start,
            end,
            key: fold(&s[start..end]),
        });
    }
    toks
}

/// The weekday whose ordinal ("birinci" … "yeddinci", [`Weekday::az_ordinal`], the one table
/// that [`ReceptionRule::describe`] writes them with) folds to `key`.
fn ordinal_day(key: &str) -> Option<Weekday> {
    static FOLDED: OnceLock<Vec<(String, Weekday)>> = OnceLock::new();
    FOLDED
        .get_or_init(|| {
            (1..=7)
                .filter_map(Weekday::from_number)
                .map(|day| (fold(day.az_ordinal()), day))
                .collect()
        })
        .iter()
        .find(|(ordinal, _)| ordinal == key)
        .map(|&(_, day)| day)
}

/// "həftə", "hafta", "heftə" …, and with `genitive` "həftənin", "haftanın" ….
fn is_week(key: &str, genitive: bool) -> bool {
    let stem = if genitive {
        match key.strip_suffix("nin") {
            Some(stem) => stem,
            None => return false,
        }
    } else {
        key.strip_suffix("lik").unwrap_or(key)
    };
    matches!(stem, "hefte" | "hafta" | "hefta" | "hafte")
}

/// An ordinal written with digits: "1-ci", "3-cü", "4cü", "6-cı", "2-nci".
fn numeric_ordinal(key: &str) -> Option<Option<Weekday>> {
    let digits = key.chars().take_while(char::is_ascii_digit).count();
    let suffix = key[digits..].trim_start_matches('-');
    if !matches!(suffix, "ci" | "cu" | "nci" | "ncu") {
        return None;
    }
    Some(key[..digits].parse().ok().and_then(Weekday::from_number))
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Time(ClockTime),
    Dash,
    Word(String),
}

/// The pieces of a number token: "10:00-dan" → time, word "dan"; "10:00-13:00" → time, dash, time.
/// `Err(())` when a time in it is not a real time.
fn pieces_of_num(key: &str) -> Result<Vec<Piece>, ()> {
    let b = key.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let h_end = i + key[i..].bytes().take_while(u8::is_ascii_digit).count();
            if h_end - i > 2 {
                return Err(());
            }
            let hour: u8 = key[i..h_end].parse().map_err(|_| ())?;
            let mut minute = 0;
            i = h_end;
            if i < b.len() && matches!(b[i], b':' | b'.') {
                let m_end = i + 1 + key[i + 1..].bytes().take_while(u8::is_ascii_digit).count();
                if m_end - (i + 1) != 2 {
                    return Err(());
                }
                minute = key[i + 1..m_end].parse().map_err(|_| ())?;
                i = m_end;
            }
            out.push(Piece::Time(ClockTime::new(hour, minute).ok_or(())?));
        } else if b[i] == b'-' {
            // "-dan" is a suffix of the time before it; "-13:00" starts another time.
            if !key[i + 1..].starts_with(|c: char| c.is_alphabetic()) {
                out.push(Piece::Dash);
            }
            i += 1;
        } else if let Some(c) = key[i..].chars().next().filter(|c| c.is_alphabetic()) {
            let w_end = i + key[i..]
                .char_indices()
                .find(|&(_, c)| !c.is_alphabetic())
                .map_or(key.len() - i, |(j, _)| j);
            out.push(Piece::Word(key[i..w_end].to_owned()));
            i = w_end.max(i + c.len_utf8());
        } else {
            return Err(());
        }
    }
    Ok(out)
}

struct Parser<'a> {
    phrase: &'a str,
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser<'_> {
    fn key(&self, at: usize) -> Option<&str> {
        self.toks
            .get(at)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.key.as_str())
    }

    fn eat(&mut self, kind: Kind) -> bool {
        let hit = self.toks.get(self.pos).is_some_and(|t| t.kind == kind);
        self.pos += usize::from(hit);
        hit
    }

    fn eat_word(&mut self, words: &[&str]) -> bool {
        let hit = self.key(self.pos).is_some_and(|k| words.contains(&k));
        self.pos += usize::from(hit);
        hit
    }

    /// The phrase from token `from` through token `to` (inclusive), as written.
    fn quote(&self, from: usize, to: usize) -> String {
        let last = to.min(self.toks.len() - 1);
        self.phrase[self.toks[from].start..self.toks[last].end].to_owned()
    }

    fn unexpected(&self, from: usize) -> RulePhraseError {
        RulePhraseError::Unexpected {
            text: self.quote(from, self.toks.len() - 1),
            phrase: self.phrase.to_owned(),
        }
    }

    fn unknown_day(&self, from: usize) -> RulePhraseError {
        RulePhraseError::UnknownDay {
            word: self.quote(from, self.pos),
            phrase: self.phrase.to_owned(),
        }
    }

    /// "Həftə üzrə qəbul günləri:", every part optional.
    fn skip_prefix(&mut self) {
        if self.key(self.pos).is_some_and(|k| is_week(k, false)) {
            self.pos += 1;
        }
        self.eat_word(&["uzre"]);
        self.eat_word(&["qebul"]);
        self.eat_word(&["gunleri", "gunler", "gunu"]);
        self.eat(Kind::Colon);
    }

    /// "Saat:", "Qəbul saatı:", optional.
    fn skip_hours_label(&mut self) {
        let labels = ["saat", "saati", "saatlari"];
        if self.key(self.pos) == Some("qebul")
            && self.key(self.pos + 1).is_some_and(|k| labels.contains(&k))
        {
            self.pos += 1;
        }
        if self.eat_word(&labels) {
            self.eat(Kind::Colon);
        }
    }

    fn days(&mut self) -> Result<Vec<Weekday>, RulePhraseError> {
        let start = self.pos;
        let no_days = || RulePhraseError::NoDays {
            phrase: self.phrase.to_owned(),
        };
        let Some(first) = self.toks.get(self.pos) else {
            return Err(no_days());
        };
        if first.kind == Kind::Word && is_week(&first.key, true) {
            self.pos += 1;
            if self.key(self.pos) != Some("butun") {
                return Err(self.unknown_day(start));
            }
        }
        if self.eat_word(&["butun"]) {
            if self.eat_word(&["is"]) && self.eat_word(&["gunleri", "gunler"]) {
                return Ok(Weekday::WORKING.to_vec());
            }
            return Err(self.unknown_day(start));
        }
        let mut days: Vec<Weekday> = Vec::new();
        // After a separator ("," or "və") another day must follow; days may also just be spaced.
        let mut separated = true;
        loop {
            let at = self.pos;
            match self.day()? {
                Some(day) if days.contains(&day) => {
                    return Err(RulePhraseError::RepeatedDay {
                        word: self.quote(at, self.pos - 1),
                        phrase: self.phrase.to_owned(),
                    })
                }
                Some(day) => days.push(day),
                None if !separated => break,
                None if days.is_empty() && self.at_hours() => return Err(no_days()),
                // "birinci, ikinci, 10:00-dan": the comma before the hours was not a separator.
                None if self.at_hours() => break,
                None if self.pos >= self.toks.len() => return Err(no_days()),
                None => return Err(self.unknown_day(at)),
            }
            separated = false;
            while self.eat(Kind::Comma) || self.eat_word(&["ve"]) {
                separated = true;
            }
        }
        self.eat_word(&["gunler", "gunleri", "gun", "gunu"]);
        Ok(days)
    }

    /// Whether the hours (or their label) start here: the days are missing.
    fn at_hours(&self) -> bool {
        const LABELS: [&str; 3] = ["saat", "saati", "saatlari"];
        match self.toks.get(self.pos) {
            Some(t) if t.kind == Kind::Num => numeric_ordinal(&t.key).is_none(),
            Some(t) if t.key == "qebul" => {
                self.key(self.pos + 1).is_some_and(|k| LABELS.contains(&k))
            }
            Some(t) => t.key == "butun" || LABELS.contains(&t.key.as_str()),
            None => true,
        }
    }

    /// One day: an ordinal word, a numeric ordinal or a weekday name. `None` consumes nothing.
    fn day(&mut self) -> Result<Option<Weekday>, RulePhraseError> {
        let Some(tok) = self.toks.get(self.pos) else {
            return Ok(None);
        };
        if tok.kind == Kind::Num {
            return match numeric_ordinal(&tok.key) {
                Some(Some(day)) => {
                    self.pos += 1;
                    Ok(Some(day))
                }
                Some(None) => Err(self.unknown_day(self.pos)),
                None => Ok(None),
            };
        }
        if tok.kind != Kind::Word {
            return Ok(None);
        }
        if let Some(day) = ordinal_day(&tok.key) {
            self.pos += 1;
            return Ok(Some(day));
        }
        let next = self.key(self.pos + 1);
        let (day, words) = match (tok.key.as_str(), next) {
            ("bazar", Some("ertesi")) => (Weekday::Mon, 2),
            ("cersenbe", Some("axsami")) => (Weekday::Tue, 2),
            ("cume", Some("axsami")) => (Weekday::Thu, 2),
            ("cersenbe", _) => (Weekday::Wed, 1),
            ("cume", _) => (Weekday::Fri, 1),
            ("senbe", _) => (Weekday::Sat, 1),
            ("bazar", _) => (Weekday::Sun, 1),
            _ => return Ok(None),
        };
        self.pos += words;
        Ok(Some(day))
    }

    fn hours(&mut self) -> Result<ReceptionHours, RulePhraseError> {
        let start = self.pos;
        let Some(first) = self.toks.get(self.pos) else {
            return Err(RulePhraseError::NoHours {
                phrase: self.phrase.to_owned(),
            });
        };
        let unknown = |p: &Self, to: usize| RulePhraseError::UnknownHours {
            text: p.quote(start, to),
            phrase: p.phrase.to_owned(),
        };
        if first.kind == Kind::Word {
            if self.eat_word(&["butun"])
                && self.eat_word(&["is"])
                && self.eat_word(&["saati", "saatlari", "vaxti"])
            {
                return Ok(ReceptionHours::AllWorkingHours);
            }
            return Err(unknown(self, self.pos));
        }
        if first.kind != Kind::Num {
            return Err(unknown(self, start));
        }
        // The pieces of the time expression, each with the token it came from.
        let mut pieces: Vec<(Piece, usize)> = Vec::new();
        for (i, tok) in self.toks.iter().enumerate().skip(start) {
            match tok.kind {
                Kind::Num => {
                    let got = pieces_of_num(&tok.key).map_err(|()| RulePhraseError::BadTime {
                        text: self.phrase[tok.start..tok.end].to_owned(),
                        phrase: self.phrase.to_owned(),
                    })?;
                    pieces.extend(got.into_iter().map(|p| (p, i)));
                }
                Kind::Dash => pieces.push((Piece::Dash, i)),
                Kind::Word => pieces.push((Piece::Word(tok.key.clone()), i)),
                _ => break,
            }
        }
        let mut it = pieces.iter().peekable();
        let mut last_tok = start;
        let mut next_if = |want: &dyn Fn(&Piece) -> bool| {
            it.next_if(|(p, _)| want(p)).map(|(p, i)| {
                last_tok = *i;
                p.clone()
            })
        };
        let Some(Piece::Time(from)) = next_if(&|p| matches!(p, Piece::Time(_))) else {
            return Err(unknown(self, start));
        };
        let word_in =
            |p: &Piece, words: &[&str]| matches!(p, Piece::Word(w) if words.contains(&w.as_str()));
        let from_suffix = next_if(&|p| word_in(p, &["dan", "den"])).is_some();
        let dash = next_if(&|p| *p == Piece::Dash).is_some();
        let hours = match next_if(&|p| matches!(p, Piece::Time(_))) {
            Some(Piece::Time(until)) if from_suffix || dash => {
                if next_if(&|p| word_in(p, &["a", "e", "ya", "ye"])).is_some() {
                    if next_if(&|p| word_in(p, &["qeder", "kimi"])).is_none() {
                        return Err(unknown(self, last_tok + 1));
                    }
                } else {
                    next_if(&|p| word_in(p, &["dek", "dak", "deyedek", "dayadak"]));
                }
                ReceptionHours::Between(from, until)
            }
            Some(_) => return Err(unknown(self, last_tok)),
            None if dash => return Err(unknown(self, last_tok)),
            None => ReceptionHours::From(from),
        };
        match it.next() {
            // Something the time expression does not take: "10:00-dək", "10:00-dan hər gün".
            Some((_, i)) if *i == last_tok || *i == start => Err(unknown(self, *i)),
            Some((_, i)) => Err(self.unexpected(*i)),
            None => {
                self.pos = last_tok + 1;
                Ok(hours)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ReceptionHours::*;
    use Weekday::*;

    fn t(h: u8, m: u8) -> ClockTime {
        ClockTime::new(h, m).expect("valid time")
    }

    fn rule(days: &[Weekday], hours: ReceptionHours) -> ReceptionRule {
        ReceptionRule::new(days.iter().copied(), hours)
    }

    /// Şəkil 4, verbatim: position and name, then the published rule.
    const SEED: [(&str, &str); 8] = [
        (
            "İcra başçısı QULİYEV MAHİR HACI OĞLU",
            "Hafta üzrə qəbul günləri: birinci günlər Saat: 10:00-dan",
        ),
        (
            "İcra başçısının birinci müavini MƏMMƏDOV XANLAR BAYRAM OĞLU",
            "Hafta üzrə qəbul günləri: ikinci günlər Saat: 10:00-dan",
        ),
        (
            "İcra başçısının müavini HƏSƏNOV ELSEVƏR CƏMİL OĞLU",
            "Hafta üzrə qəbul günləri: üçüncü günlər Saat: 10:00-dan",
        ),
        (
            "İcra başçısının müavini QƏMBƏROVA XƏYALƏ NAZİM QIZI",
            "Hafta üzrə qəbul günləri: dördüncü günlər Saat: 10:00-dan",
        ),
        (
            "Şöbə müdiri ŞAHBAZOV ZAKİR VƏKİL OĞLU",
            "Hafta üzrə qəbul günləri: üçüncü, beşinci günlər Saat: bütün iş saati",
        ),
        (
            "Şöbə müdiri ƏZİMOV YAŞAR ŞAHAB OĞLU",
            "Hafta üzrə qəbul günləri: üçüncü, beşinci günlər Saat: bütün iş saati",
        ),
        (
            "Şöbə müdiri İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU",
            "Hafta üzrə qəbul günləri: heftənin bütün iş günləri Saat: bütün iş saati",
        ),
        (
            "Şöbə müdiri ASTANOV ELŞƏN ƏVƏZ OĞLU",
            "Hafta üzrə qəbul günləri: heftənin bütün iş günləri Saat: bütün iş saati",
        ),
    ];

    #[test]
    fn parses_every_line_of_the_seed_officials_list() {
        let want = [
            rule(&[Mon], From(t(10, 0))),
            rule(&[Tue], From(t(10, 0))),
            rule(&[Wed], From(t(10, 0))),
            rule(&[Thu], From(t(10, 0))),
            rule(&[Wed, Fri], AllWorkingHours),
            rule(&[Wed, Fri], AllWorkingHours),
            rule(&Weekday::WORKING, AllWorkingHours),
            rule(&Weekday::WORKING, AllWorkingHours),
        ];
        for ((official, phrase), want) in SEED.iter().zip(want) {
            assert_eq!(parse_rule(phrase), Ok(want), "{official}: {phrase}");
        }
    }

    #[test]
    fn publishes_the_seed_rules_as_the_authority_writes_them() {
        assert_eq!(
            publish(&rule(&[Wed, Fri], AllWorkingHours)),
            "Həftə üzrə qəbul günləri: üçüncü, beşinci günlər Saat: bütün iş saatı"
        );
        assert_eq!(
            publish(&rule(&[Mon], From(t(10, 0)))),
            "Həftə üzrə qəbul günləri: birinci günlər Saat: 10:00-dan"
        );
        assert_eq!(
            publish(&rule(&Weekday::WORKING, AllWorkingHours)),
            "Həftə üzrə qəbul günləri: həftənin bütün iş günləri Saat: bütün iş saatı"
        );
        // Capacity is not published.
        assert_eq!(
            publish(&rule(&[Mon], From(t(10, 0))).with_capacity(5)),
            "Həftə üzrə qəbul günləri: birinci günlər Saat: 10:00-dan"
        );
    }

    #[test]
    fn accepts_the_spellings_of_week_hours_and_days_people_type() {
        let wed_fri = rule(&[Wed, Fri], AllWorkingHours);
        for phrase in [
            "Həftə üzrə qəbul günləri: üçüncü, beşinci günlər Saat: bütün iş saatı",
            "Heftə üzrə qəbul günləri: üçüncü, beşinci günlər Saat: bütün iş saati",
            "Hafta uzre qebul gunleri: ucuncu, besinci gunler Saat: butun is saati",
            "qəbul günləri: üçüncü və beşinci günlər, saat: bütün iş saatı",
            "üçüncü, beşinci günlər Saat: bütün iş saatı",
            "üçüncü, beşinci günlər bütün iş saatı",
            "üçüncü beşinci günlər bütün iş saatı",
            "  üçüncü ,beşinci   günlər   Saat:bütün   iş   saatları. ",
            "3-cü, 5-ci günlər Saat: bütün iş vaxtı",
            "çərşənbə və cümə günləri, qəbul saatı: bütün iş saatı",
            // The optional comma before the hours, right after the last day.
            "üçüncü, beşinci, bütün iş saatı",
            "üçüncü, beşinci, qəbul saatı: bütün iş saatı",
            "3-cü, 5-ci, Saat: bütün iş saatı",
        ] {
            assert_eq!(parse_rule(phrase), Ok(wed_fri.clone()), "{phrase}");
        }
        let working = rule(&Weekday::WORKING, AllWorkingHours);
        for phrase in [
            "Həftə üzrə qəbul günləri: həftənin bütün iş günləri Saat: bütün iş saatı",
            "Hafta üzrə qəbul günləri: haftanın bütün iş günləri Saat: bütün iş saati",
            "bütün iş günləri, bütün iş saatı",
        ] {
            assert_eq!(parse_rule(phrase), Ok(working.clone()), "{phrase}");
        }
        assert_eq!(
            parse_rule("1-ci, 2-ci, 4-cü, 6-cı, 7-ci günlər Saat: 10:00-dan"),
            Ok(rule(&[Mon, Tue, Thu, Sat, Sun], From(t(10, 0))))
        );
        assert_eq!(
            parse_rule("birinci, ikinci, 10:00-dan"),
            Ok(rule(&[Mon, Tue], From(t(10, 0))))
        );
        assert_eq!(
            parse_rule("bazar ertəsi, çərşənbə axşamı, cümə axşamı, şənbə, bazar 10:00-dan"),
            Ok(rule(&[Mon, Tue, Thu, Sat, Sun], From(t(10, 0))))
        );
    }

    #[test]
    fn reads_upper_case_phrases_with_turkic_i() {
        let monday = Ok(rule(&[Mon], From(t(10, 0))));
        assert_eq!(
            parse_rule("HƏFTƏ ÜZRƏ QƏBUL GÜNLƏRİ: BİRİNCİ GÜNLƏR SAAT: 10:00-DAN"),
            monday
        );
        // Upper case typed on a keyboard without İ: "BIRINCI" lower-cases to "bırıncı".
        assert_eq!(parse_rule("BIRINCI GUNLER SAAT: 10:00-DAN"), monday);
        assert_eq!(
            parse_rule("HEFTƏNİN BÜTÜN İŞ GÜNLƏRİ SAAT: BÜTÜN İŞ SAATI"),
            Ok(rule(&Weekday::WORKING, AllWorkingHours))
        );
    }

    #[test]
    fn reads_a_start_time_in_every_common_writing() {
        for (phrase, want) in [
            ("birinci günlər Saat: 10:00-dan", t(10, 0)),
            ("birinci günlər Saat: 10:00-dən", t(10, 0)),
            ("birinci günlər Saat: 10.00-dan", t(10, 0)),
            ("birinci günlər Saat: 11:00-dən", t(11, 0)),
            ("birinci günlər Saat: 9:30-dan", t(9, 30)),
            ("birinci günlər Saat: 10:00dan", t(10, 0)),
            ("birinci günlər Saat: 10:00", t(10, 0)),
            ("birinci günlər saat 10-dan", t(10, 0)),
        ] {
            assert_eq!(parse_rule(phrase), Ok(rule(&[Mon], From(want))), "{phrase}");
        }
    }

    #[test]
    fn reads_a_time_range_in_every_common_writing() {
        let want = Ok(rule(&[Tue], Between(t(10, 0), t(13, 0))));
        for hours in [
            "10:00-dan 13:00-dək",
            "10:00-dan 13:00-dak",
            "10:00-dan 13:00-a qədər",
            "10:00-dan 13:00-a kimi",
            "10:00-dan 13:00-dəyədək",
            "10:00-13:00",
            "10:00 - 13:00",
            "10:00 – 13:00",
            "10.00-13.00",
            "10:00-dan 13:00",
            "10:00-DAN 13:00-DƏK",
            "10:00—13:00",
            "10:00 — 13:00",
            "10:00−13:00",
            "10:00‒13:00",
            "10:00‑13:00",
            "10:00‐13:00",
            "10:00—dan 13:00—dək",
        ] {
            let phrase = format!("Həftə üzrə qəbul günləri: ikinci günlər Saat: {hours}");
            assert_eq!(parse_rule(&phrase), want, "{phrase}");
        }
    }

    #[test]
    fn reads_the_ordinals_the_rules_are_described_with() {
        for day in (1..=7).filter_map(Weekday::from_number) {
            let ordinal = day.az_ordinal();
            // As written, in upper case (BİRİNCİ), without Azerbaijani letters (ucuncu).
            for written in [
                ordinal.to_owned(),
                crate::text::upper(ordinal),
                ascii(ordinal),
            ] {
                let phrase = format!("{written} günlər Saat: 10:00-dan");
                assert_eq!(
                    parse_rule(&phrase),
                    Ok(rule(&[day], From(t(10, 0)))),
                    "{phrase}"
                );
            }
        }
    }

    #[test]
    fn refuses_an_empty_phrase() {
        assert_eq!(parse_rule("   "), Err(RulePhraseError::Empty));
    }

    #[test]
    fn refuses_an_unknown_day_word_quoting_it() {
        let phrase = "Həftə üzrə qəbul günləri: səkkizinci günlər Saat: 10:00-dan";
        let err = parse_rule(phrase).unwrap_err();
        assert_eq!(
            err,
            RulePhraseError::UnknownDay {
                word: "səkkizinci".into(),
                phrase: phrase.into()
            }
        );
        assert_eq!(err.code(), "unknown-day");
        for (phrase, word) in [
            ("birinci, onuncu günlər Saat: 10:00-dan", "onuncu"),
            ("8-ci günlər Saat: 10:00-dan", "8-ci"),
            ("birinci və günlər Saat: 10:00-dan", "günlər"),
            ("həftənin günləri Saat: 10:00-dan", "həftənin günləri"),
            ("bütün günlər Saat: 10:00-dan", "bütün günlər"),
        ] {
            assert_eq!(
                parse_rule(phrase),
                Err(RulePhraseError::UnknownDay {
                    word: word.into(),
                    phrase: phrase.into()
                }),
                "{phrase}"
            );
        }
    }

    #[test]
    fn refuses_a_day_written_twice() {
        let phrase = "birinci, 1-ci günlər Saat: 10:00-dan";
        assert_eq!(
            parse_rule(phrase),
            Err(RulePhraseError::RepeatedDay {
                word: "1-ci".into(),
                phrase: phrase.into()
            })
        );
    }

    #[test]
    fn refuses_a_rule_without_days_or_without_hours() {
        for phrase in [
            "Saat: 10:00-dan",
            "Həftə üzrə qəbul günləri: Saat: bütün iş saatı",
            "Həftə üzrə qəbul günləri:",
        ] {
            assert_eq!(
                parse_rule(phrase),
                Err(RulePhraseError::NoDays {
                    phrase: phrase.into()
                }),
                "{phrase}"
            );
        }
        for phrase in ["birinci günlər", "birinci günlər Saat:"] {
            assert_eq!(
                parse_rule(phrase),
                Err(RulePhraseError::NoHours {
                    phrase: phrase.into()
                }),
                "{phrase}"
            );
        }
    }

    #[test]
    fn refuses_unknown_hours_quoting_them() {
        for (hours, quoted) in [
            ("bütün gün", "bütün gün"),
            ("səhər", "səhər"),
            ("10:00-dək", "10:00-dək"),
            ("10:00-dxn", "10:00-dxn"),
            ("10:00-", "10:00-"),
            ("10:00-dan 13:00-a", "10:00-dan 13:00-a"),
            ("10:00 13:00", "10:00 13:00"),
        ] {
            let phrase = format!("birinci günlər Saat: {hours}");
            assert_eq!(
                parse_rule(&phrase),
                Err(RulePhraseError::UnknownHours {
                    text: quoted.into(),
                    phrase: phrase.clone()
                }),
                "{phrase}"
            );
        }
    }

    #[test]
    fn refuses_a_time_that_is_not_on_the_clock() {
        for time in ["25:00-dan", "10:60-dan", "10:7-dan", "100:00-dan"] {
            let phrase = format!("birinci günlər Saat: {time}");
            assert_eq!(
                parse_rule(&phrase),
                Err(RulePhraseError::BadTime {
                    text: time.into(),
                    phrase: phrase.clone()
                }),
                "{phrase}"
            );
        }
    }

    #[test]
    fn refuses_hours_that_end_before_they_start() {
        let phrase = "birinci günlər Saat: 14:00-dən 10:00-dək";
        let err = parse_rule(phrase).unwrap_err();
        assert_eq!(
            err,
            RulePhraseError::EndsBeforeStart {
                start: t(14, 0),
                end: t(10, 0),
                phrase: phrase.into()
            }
        );
        assert_eq!(err.code(), "ends-before-start");
        assert!(parse_rule("birinci günlər Saat: 10:00-13:00-dək").is_ok());
        assert!(parse_rule("birinci günlər Saat: 10:00-10:00").is_err());
    }

    #[test]
    fn refuses_words_after_the_hours_quoting_them() {
        let phrase = "birinci günlər Saat: 10:00-dan, hər həftə";
        assert_eq!(
            parse_rule(phrase),
            Err(RulePhraseError::Unexpected {
                text: ", hər həftə".into(),
                phrase: phrase.into()
            })
        );
        let phrase = "birinci günlər Saat: 10:00-dan hər həftə";
        assert_eq!(
            parse_rule(phrase),
            Err(RulePhraseError::Unexpected {
                text: "hər həftə".into(),
                phrase: phrase.into()
            })
        );
    }

    /// Each variant has a code of its own (qebul-l10n's tests word every one of them, from the
    /// same phrases).
    #[test]
    fn every_error_has_its_own_code() {
        let phrases = [
            ("", "empty"),
            ("Saat: 10:00", "no-days"),
            ("birinci günlər", "no-hours"),
            ("doqquzuncu günlər Saat: 10:00-dan", "unknown-day"),
            ("birinci, birinci günlər Saat: 10:00-dan", "repeated-day"),
            ("birinci günlər Saat: axşam", "unknown-hours"),
            ("birinci günlər Saat: 24:00-dan", "bad-time"),
            (
                "birinci günlər Saat: 14:00-dən 10:00-dək",
                "ends-before-start",
            ),
            ("birinci günlər Saat: 10:00-dan !", "unexpected"),
        ];
        let mut seen = std::collections::HashSet::new();
        for (phrase, code) in phrases {
            let err = parse_rule(phrase).unwrap_err();
            assert_eq!(err.code(), code, "{phrase}");
            seen.insert(std::mem::discriminant(&err));
        }
        assert_eq!(seen.len(), 9, "every variant is exercised");
    }

    fn render(lang: Lang) -> String {
        SEED.iter()
            .map(|(official, phrase)| {
                let text = parse_rule(phrase).expect("seed line parses").describe(lang);
                format!("{official}\n  {}\n  {}\n", text.days, text.hours)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn seed_officials_rules_render_in_azerbaijani() {
        insta::assert_snapshot!("seed_officials_az", render(Lang::Az));
    }

    #[test]
    fn seed_officials_rules_render_in_russian() {
        insta::assert_snapshot!("seed_officials_ru", render(Lang::Ru));
    }

    #[test]
    fn seed_officials_rules_render_in_english() {
        insta::assert_snapshot!("seed_officials_en", render(Lang::En));
    }

    /// Rules the seed does not show: time ranges, weekend days, lists of three days.
    const MORE: [&str; 6] = [
        "ikinci günlər Saat: 10:00-dan 13:00-dək",
        "şənbə günü Saat: 11:00-dən",
        "6-cı, 7-ci günlər Saat: bütün iş saatı",
        "birinci, üçüncü və beşinci günlər Saat: 14:30-dan 17:00-a qədər",
        "bazar ertəsi, cümə axşamı, bazar günləri Saat: 09:00-12:00",
        "çərşənbə axşamı, çərşənbə, cümə Saat: 09:30-dan",
    ];

    fn render_more(lang: Lang) -> String {
        MORE.iter()
            .map(|phrase| {
                let text = parse_rule(phrase)
                    .expect("the phrase parses")
                    .describe(lang);
                format!("{phrase}\n  {}\n  {}\n", text.days, text.hours)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn ranges_weekends_and_three_day_lists_render_in_azerbaijani() {
        insta::assert_snapshot!("more_rules_az", render_more(Lang::Az));
    }

    #[test]
    fn ranges_weekends_and_three_day_lists_render_in_russian() {
        insta::assert_snapshot!("more_rules_ru", render_more(Lang::Ru));
    }

    #[test]
    fn ranges_weekends_and_three_day_lists_render_in_english() {
        insta::assert_snapshot!("more_rules_en", render_more(Lang::En));
    }

    fn any_hours() -> impl Strategy<Value = ReceptionHours> {
        let time = (0u8..24, 0u8..60).prop_map(|(h, m)| t(h, m));
        prop_oneof![
            Just(AllWorkingHours),
            time.clone().prop_map(From),
            (time.clone(), time)
                .prop_filter("end after start", |(a, b)| a < b)
                .prop_map(|(a, b)| Between(a, b)),
        ]
    }

    /// The text typed without Azerbaijani letters.
    fn ascii(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                'ə' => 'e',
                'ü' => 'u',
                'ö' => 'o',
                'ç' => 'c',
                'ş' => 's',
                'ğ' => 'g',
                'ı' => 'i',
                c => c,
            })
            .collect()
    }

    /// Random choices for [`write_rule`]: each draw takes the next number, modulo the options.
    struct Choices<'a>(std::slice::Iter<'a, usize>);

    impl Choices<'_> {
        fn pick<'s>(&mut self, options: &[&'s str]) -> &'s str {
            options[self.index(options.len())]
        }

        fn index(&mut self, n: usize) -> usize {
            self.0.next().copied().unwrap_or(0) % n
        }

        fn coin(&mut self) -> bool {
            self.index(2) == 1
        }
    }

    const WEEKDAY_NAMES: [&str; 7] = [
        "bazar ertəsi",
        "çərşənbə axşamı",
        "çərşənbə",
        "cümə axşamı",
        "cümə",
        "şənbə",
        "bazar",
    ];
    const NUMERIC_ORDINALS: [&str; 7] = ["1-ci", "2-ci", "3-cü", "4-cü", "5-ci", "6-cı", "7-ci"];

    fn write_time(time: ClockTime, c: &mut Choices) -> String {
        let text = time.to_string();
        match c.index(4) {
            0 => text.replace(':', "."),
            // "9:30" rather than "09:30".
            1 => text.strip_prefix('0').unwrap_or(&text).to_owned(),
            // "10" for "10:00".
            2 if text.ends_with(":00") => text[..2].to_owned(),
            _ => text,
        }
    }

    /// A rule written as people write it: any spelling of "həftə", "saatı", the days as ordinal
    /// words, numeric ordinals or weekday names in any order, any separator, any range form.
    fn write_rule(rule: &ReceptionRule, choices: &[usize]) -> String {
        let c = &mut Choices(choices.iter());
        let week = c.pick(&["Həftə", "Hafta", "Heftə", "həftə", "HAFTA", "Hefte"]);
        let mut phrase = match c.index(4) {
            0 => String::new(),
            1 => "qəbul günləri: ".to_owned(),
            _ => format!("{week} üzrə qəbul günləri: "),
        };
        let working = rule.days().eq(Weekday::WORKING);
        if working && c.coin() {
            let genitive = c.pick(&["həftənin", "haftanın", "heftənin", "haftanin"]);
            if c.coin() {
                phrase += &format!("{genitive} ");
            }
            phrase += "bütün iş günləri";
        } else {
            let mut days: Vec<(usize, Weekday)> = rule.days().map(|d| (c.index(100), d)).collect();
            days.sort();
            for (i, (_, day)) in days.iter().enumerate() {
                if i > 0 {
                    phrase += c.pick(&[", ", " və ", " ", ",", " , ", "; "]);
                }
                let n = usize::from(day.number()) - 1;
                let numeric = NUMERIC_ORDINALS[n];
                phrase += &match c.index(5) {
                    0 => day.az_ordinal().to_owned(),
                    1 => ascii(day.az_ordinal()),
                    2 => numeric.to_owned(),
                    3 => numeric.replace('-', ""),
                    _ => WEEKDAY_NAMES[n].to_owned(),
                };
            }
            phrase += c.pick(&["", " günlər", " günləri"]);
        }
        phrase += c.pick(&[
            " ",
            ", ",
            " Saat: ",
            " saat ",
            " Saat:",
            ", qəbul saatı: ",
            " saatı: ",
        ]);
        phrase += &match rule.hours() {
            AllWorkingHours => {
                let hours = c.pick(&["saatı", "saati", "saatları", "vaxtı"]);
                format!("bütün iş {hours}")
            }
            From(from) => {
                let suffix = c.pick(&["-dan", "-dən", "dan", "", "—dan"]);
                format!("{}{suffix}", write_time(from, c))
            }
            Between(from, until) => {
                let (a, b) = (write_time(from, c), write_time(until, c));
                let form = c.pick(&[
                    "{a}-dan {b}-dək",
                    "{a}-dən {b}-dək",
                    "{a}-dan {b}-dak",
                    "{a}-dan {b}-a qədər",
                    "{a}-dən {b}-ə qədər",
                    "{a}-dan {b}-a kimi",
                    "{a}-dan {b}-dəyədək",
                    "{a}-dan {b}",
                    "{a}-{b}",
                    "{a} - {b}",
                    "{a} – {b}",
                    "{a}—{b}",
                    "{a}−{b}",
                    "{a}-{b}-dək",
                ]);
                form.replace("{a}", &a).replace("{b}", &b)
            }
        };
        phrase += c.pick(&["", ".", " ."]);
        if c.coin() {
            phrase = crate::text::upper(&phrase);
        }
        phrase
    }

    fn any_rule() -> impl Strategy<Value = ReceptionRule> {
        (1u8..128, any_hours()).prop_map(|(mask, hours)| {
            let days = (1..=7)
                .filter(|n| mask & (1 << (n - 1)) != 0)
                .filter_map(Weekday::from_number);
            ReceptionRule::try_new(days, hours).expect("valid rule")
        })
    }

    #[test]
    fn the_test_writer_writes_what_people_write() {
        // Choices that pick, in turn, each option of the first few draws.
        let written: Vec<String> = (0..14)
            .map(|k| write_rule(&rule(&[Wed, Fri], Between(t(10, 0), t(13, 0))), &[k; 40]))
            .chain((0..14).map(|k| write_rule(&rule(&[Sat], From(t(9, 30))), &[k; 40])))
            .collect();
        for part in [
            "heftə",
            "3cü",
            "5ci",
            "çərşənbə",
            "13:00-a qədər",
            "13:00-dək",
            "10:00-13:00",
            "9:30",
        ] {
            assert!(
                written.iter().any(|w| crate::text::lower(w).contains(part)),
                "{part} in {written:#?}"
            );
        }
    }

    proptest! {
        #[test]
        fn a_published_rule_reads_back_as_the_same_rule(rule in any_rule()) {
            let published = publish(&rule);
            prop_assert_eq!(parse_rule(&published), Ok(rule), "{}", published);
        }

        #[test]
        fn a_published_rule_reads_back_in_upper_case(rule in any_rule()) {
            let published = crate::text::upper(&publish(&rule));
            prop_assert_eq!(parse_rule(&published), Ok(rule), "{}", published);
        }

        #[test]
        fn a_rule_written_any_common_way_reads_back(
            rule in any_rule(),
            choices in prop::collection::vec(0usize..10_000, 40),
        ) {
            let written = write_rule(&rule, &choices);
            prop_assert_eq!(parse_rule(&written), Ok(rule), "{}", written);
        }

        #[test]
        fn any_text_gives_a_rule_or_an_error_never_a_panic(s in "\\PC{0,60}") {
            let _ = parse_rule(&s);
        }
    }
}
