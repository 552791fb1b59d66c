//! Embedded fonts, text measuring and wrapping, and the canvas everything is drawn on.

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};

static REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// Coverage at or above which an antialiased pixel becomes a black dot.
const THRESHOLD: f32 = 0.5;

/// The two embedded faces.
pub(crate) struct Fonts {
    pub regular: FontRef<'static>,
    pub bold: FontRef<'static>,
}

impl Fonts {
    pub fn load() -> Fonts {
        // The fonts are compiled in and parsed by the tests: they cannot be malformed at run time.
        Fonts {
            regular: FontRef::try_from_slice(REGULAR_TTF).expect("embedded DejaVuSans.ttf parses"),
            bold: FontRef::try_from_slice(BOLD_TTF).expect("embedded DejaVuSans-Bold.ttf parses"),
        }
    }

    /// The first character in `text` (other than whitespace) that either face lacks, or a control
    /// character (some fonts map those to an empty glyph: it would vanish silently).
    pub fn missing_char(&self, text: &str) -> Option<char> {
        text.chars().find(|&c| {
            !c.is_whitespace()
                && (c.is_control()
                    || self.regular.glyph_id(c) == GlyphId(0)
                    || self.bold.glyph_id(c) == GlyphId(0))
        })
    }
}

/// A face at a pixel size.
#[derive(Clone, Copy)]
pub(crate) struct Style<'f> {
    pub font: &'f FontRef<'static>,
    pub px: f32,
}

impl Style<'_> {
    fn scaled(&self) -> ab_glyph::PxScaleFont<&FontRef<'static>> {
        self.font.as_scaled(PxScale::from(self.px))
    }

    /// Distance from one baseline to the next, in dots.
    pub fn line_height(&self) -> u32 {
        let s = self.scaled();
        (s.ascent() - s.descent() + s.line_gap()).ceil() as u32
    }

    /// Advance width of `text` on one line, kerning included.
    pub fn width(&self, text: &str) -> f32 {
        let s = self.scaled();
        let mut width = 0.0;
        let mut previous: Option<GlyphId> = None;
        for c in text.chars() {
            let id = s.glyph_id(c);
            if let Some(p) = previous {
                width += s.kern(p, id);
            }
            width += s.h_advance(id);
            previous = Some(id);
        }
        width
    }

    /// Breaks `text` into lines no wider than `max` dots: on whitespace where possible, between
    /// letters when a single word is wider than a line. Never drops a character.
    pub fn wrap(&self, text: &str, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if self.width(word) <= max {
                line = word.to_owned();
                continue;
            }
            // A word wider than the line: break it between letters, at least one per line.
            for c in word.chars() {
                let mut longer = line.clone();
                longer.push(c);
                if !line.is_empty() && self.width(&longer) > max {
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                } else {
                    line = longer;
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// A white canvas of fixed width that grows downwards; one byte per dot while drawing.
pub(crate) struct Canvas {
    pub width: u32,
    pub height: u32,
    dots: Vec<u8>,
}

impl Canvas {
    pub fn new(width: u32) -> Canvas {
        Canvas {
            width,
            height: 0,
            dots: Vec::new(),
        }
    }

    /// Grows the canvas (white) so it is at least `height` rows tall.
    pub fn grow_to(&mut self, height: u32) {
        if height > self.height {
            self.height = height;
            self.dots.resize(self.width as usize * height as usize, 0);
        }
    }

    /// Sets the dot at (`x`, `y`), growing downwards if needed; dots outside the width are
    /// ignored (the layout never puts any there).
    pub fn set(&mut self, x: i64, y: i64, black: bool) {
        if x < 0 || y < 0 || x >= i64::from(self.width) {
            return;
        }
        self.grow_to(y as u32 + 1);
        self.dots[y as usize * self.width as usize + x as usize] = u8::from(black);
    }

    /// Fills the rectangle `[x0, x1) × [y0, y1)`.
    pub fn fill(&mut self, x0: u32, y0: u32, x1: u32, y1: u32, black: bool) {
        for y in y0..y1 {
            for x in x0..x1 {
                self.set(i64::from(x), i64::from(y), black);
            }
        }
    }

    /// Draws one line of text with its top at `top` and its left edge at `left`.
    pub fn draw_line(&mut self, style: Style<'_>, text: &str, left: f32, top: u32, black: bool) {
        let s = style.scaled();
        let baseline = top as f32 + s.ascent();
        let mut x = left;
        let mut previous: Option<GlyphId> = None;
        for c in text.chars() {
            let id = s.glyph_id(c);
            if let Some(p) = previous {
                x += s.kern(p, id);
            }
            let glyph = id.with_scale_and_position(s.scale, ab_glyph::point(x, baseline));
            if let Some(outline) = style.font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                let (bx, by) = (bounds.min.x as i64, bounds.min.y as i64);
                outline.draw(|gx, gy, coverage| {
                    if coverage >= THRESHOLD {
                        self.set(bx + i64::from(gx), by + i64::from(gy), black);
                    }
                });
            }
            x += s.h_advance(id);
            previous = Some(id);
        }
        self.grow_to(top + style.line_height());
    }

    pub fn into_dots(self) -> (u32, u32, Vec<u8>) {
        (self.width, self.height, self.dots)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AZERBAIJANI: &str = "AaBbCcÇçDdEeƏəFfGgĞğHhXxIıİiJjKkQqLlMmNnOoÖöPpRrSsŞşTtUuÜüVvYyZz";
    const RUSSIAN: &str = "АаБбВвГгДдЕеЁёЖжЗзИиЙйКкЛлМмНнОоПпРрСсТтУуФфХхЦцЧчШшЩщЪъЫыЬьЭэЮюЯя";
    const ENGLISH: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    #[test]
    fn every_azerbaijani_russian_and_english_letter_has_a_glyph_in_both_fonts() {
        let fonts = Fonts::load();
        for (name, font) in [("regular", &fonts.regular), ("bold", &fonts.bold)] {
            for c in AZERBAIJANI
                .chars()
                .chain(RUSSIAN.chars())
                .chain(ENGLISH.chars())
                .chain("0123456789№.,:-*()".chars())
            {
                assert_ne!(font.glyph_id(c), GlyphId(0), "{name} font lacks {c:?}");
                assert!(
                    font.outline_glyph(font.glyph_id(c).with_scale(24.0))
                        .is_some(),
                    "{name} font has no outline for {c:?}"
                );
            }
        }
        assert_eq!(RUSSIAN.chars().count(), 66);
        assert_eq!(AZERBAIJANI.chars().count(), 64);
    }

    #[test]
    fn a_character_outside_the_fonts_is_reported() {
        let fonts = Fonts::load();
        assert_eq!(fonts.missing_char("ŞAHİN Əli\tqızı"), None);
        assert_eq!(fonts.missing_char("Əli \u{6F22}"), Some('\u{6F22}'));
        assert_eq!(fonts.missing_char("a\u{0}b"), Some('\u{0}'));
    }

    #[test]
    fn wraps_on_words_and_breaks_a_word_longer_than_a_line() {
        let fonts = Fonts::load();
        let style = Style {
            font: &fonts.regular,
            px: 20.0,
        };
        let lines = style.wrap(
            "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU",
            style.width("İSGƏNDƏROV ŞAHİN"),
        );
        assert_eq!(lines, ["İSGƏNDƏROV ŞAHİN", "HÜSEYN OĞLU"]);
        let long = "Ə".repeat(50);
        let lines = style.wrap(&long, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), long);
        assert!(lines.iter().all(|l| style.width(l) <= 100.0));
    }
}
