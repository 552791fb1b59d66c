//! Text as the form keeps it: cleaned of what a reader cannot see, counted as a person counts.

use unicode_segmentation::UnicodeSegmentation;

/// Dashes and hyphens people (and list placeholders) write: ASCII hyphen-minus, hyphen,
/// non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign.
pub(super) const DASHES: [char; 8] = [
    '-', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}',
];

/// Characters as a person counts them: extended grapheme clusters. "ə́" (ə + combining acute) is
/// one, so is 🇦🇿 (two regional indicators) and 👨‍👩‍👧 (joined by ZWJ).
pub fn count_characters(text: &str) -> usize {
    text.graphemes(true).count()
}

/// Invisible characters that cleaning removes: the default-ignorable format characters (Cf) and
/// unassigned default-ignorables, plus the Hangul fillers that render as blanks. ZWNJ (U+200C) and
/// ZWJ (U+200D) are not among them, nor the variation selectors (Mn); tag characters are decided by
/// [`strip_invisible`], which keeps them inside a complete emoji tag sequence.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                 // soft hyphen
        | '\u{061C}'               // Arabic letter mark
        | '\u{115F}' | '\u{1160}' // Hangul choseong and jungseong fillers
        | '\u{180E}'               // Mongolian vowel separator
        | '\u{200B}'               // zero-width space
        | '\u{200E}' | '\u{200F}' // left-to-right and right-to-left marks
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates, deprecated
        | '\u{3164}'               // Hangul filler
        | '\u{FEFF}'               // zero-width no-break space (byte order mark)
        | '\u{FFA0}'               // halfwidth Hangul filler
        | '\u{FFF0}'..='\u{FFF8}' // unassigned, default-ignorable
        | '\u{1BCA0}'..='\u{1BCA3}' // shorthand format controls
        | '\u{1D173}'..='\u{1D17A}' // musical symbol format controls
        | '\u{E0000}'..='\u{E0FFF}' // tags and unassigned default-ignorables
    )
}

/// Joiners and variation selectors: kept, but they alone do not make a text non-empty.
fn is_joiner_or_selector(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

const BLACK_FLAG: char = '\u{1F3F4}';
const TAG_SPEC: std::ops::RangeInclusive<char> = '\u{E0020}'..='\u{E007E}';
const CANCEL_TAG: char = '\u{E007F}';

/// Removes control characters (Cc) other than whitespace, and [invisible](is_invisible) ones; the
/// tags of a complete emoji tag sequence (🏴, tag letters, cancel tag) stay, any other tag
/// character goes.
fn strip_invisible(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c == BLACK_FLAG {
            out.push(c);
            let spec = chars[i..]
                .iter()
                .take_while(|&&c| TAG_SPEC.contains(&c))
                .count();
            if spec > 0 && chars.get(i + spec) == Some(&CANCEL_TAG) {
                out.extend(&chars[i..=i + spec]);
                i += spec + 1;
            }
        } else if (c.is_whitespace() || !c.is_control()) && !is_invisible(c) {
            out.push(c);
        }
    }
    out
}

/// Empty when nothing visible is left (only joiners and variation selectors).
fn visible_or_empty(text: String) -> String {
    if text
        .chars()
        .all(|c| c.is_whitespace() || is_joiner_or_selector(c))
    {
        String::new()
    } else {
        text
    }
}

/// One-line free text: control and invisible characters removed, whitespace runs (line breaks
/// included) made one space, trimmed.
pub fn clean_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in strip_invisible(text).chars() {
        if c.is_whitespace() {
            pending_space = true;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
    visible_or_empty(out)
}

/// Multi-line free text (note, comment): CR LF, CR, NEL and the Unicode line and paragraph
/// separators become LF, a tab (or another whitespace control) becomes a space, other control and
/// invisible characters are removed, each line loses its trailing whitespace, and the whole text
/// is trimmed.
pub fn clean_multiline(text: &str) -> String {
    let unified = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], "\n");
    let lines: Vec<String> = strip_invisible(&unified)
        .split('\n')
        .map(|line| {
            line.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect();
    visible_or_empty(lines.join("\n").trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_keeps_line_breaks_and_drops_control_characters() {
        assert_eq!(
            clean_multiline("  Salam,\r\nsualım var:\t torpaq \rsahəsi\u{1b}[31m  \n"),
            "Salam,\nsualım var:  torpaq\nsahəsi[31m"
        );
        // CR LF counts once, as LF.
        assert_eq!(count_characters(&clean_multiline("a\r\nb")), 3);
    }

    #[test]
    fn joiners_variation_selectors_and_emoji_tag_sequences_are_kept() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let heart = "❤\u{fe0f}";
        let persian = "می\u{200c}خواهم";
        let scotland = "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}";
        for kept in [family, heart, persian, scotland] {
            assert_eq!(clean_line(kept), kept);
            assert_eq!(clean_multiline(kept), kept);
        }
        assert_eq!(count_characters(scotland), 1);
        // Tag characters outside a complete sequence are hidden text: dropped.
        assert_eq!(clean_line("🏴\u{e0067}\u{e0062} ok\u{e0041}"), "🏴 ok");
    }

    #[test]
    fn one_line_fields_join_lines_and_collapse_spaces() {
        assert_eq!(
            clean_line("\u{202e} Məlumat\n\tHesablama   Mərkəzi \u{0}"),
            "Məlumat Hesablama Mərkəzi"
        );
    }
}
