//! The notice's layout, top to bottom, as in the seed's Şəkil 7.

use crate::barcode::{self, QUIET_MODULES};
use crate::text::{Canvas, Fonts, Style};
use crate::{Bitmap, Notice, NoticeError, PaperWidth, MAX_HEIGHT};

/// Sizes for one paper width, in dots.
struct Metrics {
    margin: u32,
    label_px: f32,
    body_px: f32,
    title_px: f32,
    date_px: f32,
    /// Preferred Code 128 module width; never below 2.
    module: u32,
    bar_height: u32,
    gap: u32,
}

impl Metrics {
    fn for_paper(paper: PaperWidth) -> Metrics {
        match paper {
            PaperWidth::Mm80 => Metrics {
                margin: 16,
                label_px: 22.0,
                body_px: 27.0,
                title_px: 30.0,
                date_px: 44.0,
                module: 3,
                bar_height: 96,
                gap: 12,
            },
            PaperWidth::Mm58 => Metrics {
                margin: 10,
                label_px: 19.0,
                body_px: 22.0,
                title_px: 24.0,
                date_px: 34.0,
                module: 2,
                bar_height: 72,
                gap: 9,
            },
        }
    }
}

/// A rendered notice and where its parts landed (the tests look at the barcode).
#[derive(Debug)]
pub(crate) struct Rendered {
    pub bitmap: Bitmap,
    /// Rows `[start, end)` of the barcode's bars.
    #[cfg_attr(not(test), allow(dead_code))]
    pub barcode_rows: (u32, u32),
    /// The module width used, in dots.
    #[cfg_attr(not(test), allow(dead_code))]
    pub module: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Centre,
}

struct Writer {
    canvas: Canvas,
    y: u32,
    margin: u32,
}

impl Writer {
    fn content_width(&self) -> f32 {
        (self.canvas.width - 2 * self.margin) as f32
    }

    /// Writes `text` wrapped to the content width, advancing `y`; refuses to grow past
    /// [`MAX_HEIGHT`].
    fn text(
        &mut self,
        style: Style<'_>,
        text: &str,
        align: Align,
        black: bool,
    ) -> Result<(), NoticeError> {
        let max = self.content_width();
        for line in style.wrap(text, max) {
            if self.y + style.line_height() > MAX_HEIGHT {
                return Err(NoticeError::TooTall {
                    height: self.y + style.line_height(),
                    limit: MAX_HEIGHT,
                });
            }
            let left = match align {
                Align::Left => self.margin as f32,
                Align::Centre => self.margin as f32 + ((max - style.width(&line)) / 2.0).max(0.0),
            };
            self.canvas.draw_line(style, &line, left, self.y, black);
            self.y += style.line_height();
        }
        Ok(())
    }

    fn space(&mut self, dots: u32) {
        self.y += dots;
        self.canvas.grow_to(self.y);
    }

    fn rule(&mut self, thickness: u32) {
        let (x0, x1) = (self.margin, self.canvas.width - self.margin);
        self.canvas.fill(x0, self.y, x1, self.y + thickness, true);
        self.y += thickness;
    }
}

fn check_fields(notice: &Notice, fonts: &Fonts) -> Result<(), NoticeError> {
    let fields: [(&'static str, &str); 13] = [
        ("authority", &notice.authority),
        ("number", &notice.number),
        ("official_position", &notice.official_position),
        ("official_name", &notice.official_name),
        ("reception_date", &notice.reception_date),
        ("reception_time", &notice.reception_time),
        ("citizen_name", &notice.citizen_name),
        ("document_type", &notice.document_type),
        ("document_number", &notice.document_number),
        ("created_at", &notice.created_at),
        ("printed_at", &notice.printed_at),
        ("barcode", &notice.barcode),
        ("mark", notice.mark.as_deref().unwrap_or("")),
    ];
    for (field, value) in fields {
        if let Some(character) = fonts.missing_char(value) {
            return Err(NoticeError::UnsupportedCharacter { field, character });
        }
    }
    Ok(())
}

pub(crate) fn render(notice: &Notice, paper: PaperWidth) -> Result<Rendered, NoticeError> {
    let fonts = Fonts::load();
    check_fields(notice, &fonts)?;
    let m = Metrics::for_paper(paper);
    let width = paper.dots();

    // The barcode first: it is the one part that can refuse to fit.
    let modules = barcode::modules(&notice.barcode).ok_or_else(|| NoticeError::InvalidBarcode {
        value: notice.barcode.clone(),
    })?;
    let symbol_modules = modules.len() as u32 + 2 * QUIET_MODULES;
    let module = (m.module..=m.module)
        .chain((2..m.module).rev())
        .find(|w| symbol_modules * w <= width)
        .ok_or_else(|| NoticeError::BarcodeTooWide {
            value: notice.barcode.clone(),
            paper,
            needed: symbol_modules * 2,
        })?;

    let regular = |px| Style {
        font: &fonts.regular,
        px,
    };
    let bold = |px| Style {
        font: &fonts.bold,
        px,
    };
    let mut w = Writer {
        canvas: Canvas::new(width),
        y: m.gap,
        margin: m.margin,
    };

    if let Some(mark) = notice.mark.as_deref().filter(|s| !s.trim().is_empty()) {
        // An inverted band: black box inside the margins, white bold text.
        let style = bold(m.title_px);
        let pad = m.gap / 2 + 2;
        let lines = style.wrap(mark, w.content_width() - 2.0 * pad as f32).len() as u32;
        let band_height = lines * style.line_height() + 2 * pad;
        let top = w.y;
        w.canvas
            .fill(m.margin, top, width - m.margin, top + band_height, true);
        w.margin += pad;
        w.y += pad;
        w.text(style, mark, Align::Centre, false)?;
        w.margin -= pad;
        w.y = top + band_height + m.gap;
    }

    w.text(bold(m.title_px), &notice.authority, Align::Centre, true)?;
    w.space(m.gap / 3);
    w.text(
        regular(m.body_px),
        "VƏTƏNDAŞLARIN ELEKTRON QƏBULU",
        Align::Centre,
        true,
    )?;
    w.space(m.gap / 2);
    w.text(
        bold(m.title_px),
        &format!("BİLDİRİŞ № {}", notice.number),
        Align::Centre,
        true,
    )?;
    w.space(m.gap / 2);
    w.rule(2);
    w.space(m.gap);

    let blocks: [(&str, &[(&str, Style<'_>)]); 7] = [
        (
            "Qəbul edəcək vəzifəli şəxs:",
            &[
                (&notice.official_position, regular(m.body_px)),
                (&notice.official_name, bold(m.body_px)),
            ],
        ),
        (
            // The seed writes "saati"; the standard spelling is "saatı" (saat + back-vowel ı).
            "Qəbul tarixi və saatı:",
            &[
                (&notice.reception_date, bold(m.date_px)),
                (&notice.reception_time, bold(m.body_px)),
            ],
        ),
        (
            "Vətəndaşın soyadı, adı və atasının adı:",
            &[(&notice.citizen_name, bold(m.body_px))],
        ),
        (
            "Qeydiyyat sənədinin növü:",
            &[(&notice.document_type, regular(m.body_px))],
        ),
        (
            "Sənədin nömrəsi:",
            &[(&notice.document_number, bold(m.body_px))],
        ),
        (
            "Müraciətin yaranma tarixi:",
            &[(&notice.created_at, regular(m.body_px))],
        ),
        ("Çap tarixi:", &[(&notice.printed_at, regular(m.body_px))]),
    ];
    for (label, values) in blocks {
        w.text(regular(m.label_px), label, Align::Left, true)?;
        w.space(m.gap / 4);
        for (value, style) in values {
            w.text(*style, value, Align::Left, true)?;
        }
        w.space(m.gap);
    }

    w.rule(2);
    w.space(m.gap * 2);

    let bars_width = modules.len() as u32 * module;
    let left = (width - bars_width) / 2;
    let top = w.y;
    for (i, &bar) in modules.iter().enumerate() {
        if bar {
            let x = left + i as u32 * module;
            w.canvas.fill(x, top, x + module, top + m.bar_height, true);
        }
    }
    w.y += m.bar_height;
    let barcode_rows = (top, w.y);
    w.space(m.gap / 2);
    w.text(regular(m.body_px), &notice.barcode, Align::Centre, true)?;
    w.space(m.gap * 3);

    if w.y > MAX_HEIGHT {
        return Err(NoticeError::TooTall {
            height: w.y,
            limit: MAX_HEIGHT,
        });
    }
    let (width, height, dots) = w.canvas.into_dots();
    Ok(Rendered {
        bitmap: Bitmap::from_dots(width, height, &dots),
        barcode_rows,
        module,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::barcode::tests::{decode_values, values_to_text};

    pub(crate) fn seed_notice() -> Notice {
        Notice::seed_example()
    }

    const PAPERS: [PaperWidth; 2] = [PaperWidth::Mm58, PaperWidth::Mm80];

    fn black_in_columns(bitmap: &Bitmap, columns: std::ops::Range<u32>) -> usize {
        (0..bitmap.height)
            .flat_map(|y| columns.clone().map(move |x| (x, y)))
            .filter(|&(x, y)| bitmap.is_black(x, y))
            .count()
    }

    #[test]
    fn seed_notice_is_as_wide_as_the_paper_on_58_and_80_mm() {
        for paper in PAPERS {
            let bitmap = render(&seed_notice(), paper).unwrap().bitmap;
            assert_eq!(bitmap.width, paper.dots());
            assert_eq!(bitmap.rows().len(), bitmap.height as usize);
            assert!(bitmap.rows().all(|r| r.len() * 8 == paper.dots() as usize));
            assert!(
                bitmap.height > 400 && bitmap.height < 2000,
                "{}",
                bitmap.height
            );
        }
    }

    #[test]
    fn a_120_character_name_wraps_taller_and_leaves_the_right_margin_white() {
        let long_name = "ABDULLAYEVA-MƏMMƏDQULUZADƏ GÖHƏRTAC NOVRUZ QIZI ".repeat(3);
        let long_name = long_name.trim_end().chars().take(120).collect::<String>();
        assert_eq!(long_name.chars().count(), 120);
        // And one "word" longer than any line, which must break between letters.
        let unbreakable = "ŞƏXSİYYƏTVƏSİQƏSİ".repeat(4);
        for paper in PAPERS {
            let short = render(&seed_notice(), paper).unwrap().bitmap;
            let mut notice = seed_notice();
            notice.citizen_name = long_name.clone();
            notice.official_name = unbreakable.clone();
            notice.authority = long_name.clone();
            let long = render(&notice, paper).unwrap().bitmap;
            assert!(
                long.height > short.height + 100,
                "{paper}: wrapping adds lines"
            );
            let margin = Metrics::for_paper(paper).margin;
            let w = paper.dots();
            assert_eq!(
                black_in_columns(&long, w - margin / 2..w),
                0,
                "{paper}: right margin"
            );
            assert_eq!(
                black_in_columns(&long, 0..margin / 2),
                0,
                "{paper}: left margin"
            );
        }
    }

    #[test]
    fn barcode_bars_decode_back_to_the_digits() {
        for (paper, expected_module) in [(PaperWidth::Mm58, 2), (PaperWidth::Mm80, 3)] {
            let rendered = render(&seed_notice(), paper).unwrap();
            assert_eq!(rendered.module, expected_module);
            let (top, bottom) = rendered.barcode_rows;
            assert!(bottom - top >= 64);
            for y in [top, (top + bottom) / 2, bottom - 1] {
                let row: Vec<bool> = (0..rendered.bitmap.width)
                    .map(|x| rendered.bitmap.is_black(x, y))
                    .collect();
                let first = row.iter().position(|&b| b).unwrap() as u32;
                let last = row.iter().rposition(|&b| b).unwrap() as u32;
                let quiet = 10 * rendered.module;
                assert!(first >= quiet && rendered.bitmap.width - 1 - last >= quiet);
                let mut runs: Vec<u32> = Vec::new();
                for x in first..=last {
                    let black = rendered.bitmap.is_black(x, y);
                    let previous = x > first && rendered.bitmap.is_black(x - 1, y);
                    if x == first || black != previous {
                        runs.push(1);
                    } else {
                        *runs.last_mut().unwrap() += 1;
                    }
                }
                let values = decode_values(&runs, rendered.module).unwrap();
                assert_eq!(values_to_text(&values).unwrap(), "030400000610704");
            }
        }
    }

    #[test]
    fn mark_prints_an_inverted_band_at_the_top() {
        let mut notice = seed_notice();
        notice.mark = Some("SINAQ ÇAPI".into());
        let plain = render(&seed_notice(), PaperWidth::Mm80).unwrap().bitmap;
        let marked = render(&notice, PaperWidth::Mm80).unwrap().bitmap;
        assert!(marked.height > plain.height);
        let m = Metrics::for_paper(PaperWidth::Mm80);
        // The band's left edge, just inside the margin, is solid black near the top.
        let y = m.gap + 2;
        assert!((m.margin..m.margin + 4).all(|x| marked.is_black(x, y)));
    }

    #[test]
    fn bad_input_is_an_error_naming_the_field() {
        let mut notice = seed_notice();
        notice.citizen_name = "GÖHƏR \u{6F22}".into();
        let err = render(&notice, PaperWidth::Mm80).unwrap_err();
        assert!(matches!(
            err,
            NoticeError::UnsupportedCharacter {
                field: "citizen_name",
                character: '\u{6F22}'
            }
        ));
        assert!(err.to_string().contains("citizen_name"), "{err}");

        for barcode in ["", "0304-0000061", "3.14", " 42"] {
            let mut notice = seed_notice();
            notice.barcode = barcode.into();
            let err = render(&notice, PaperWidth::Mm58).unwrap_err();
            assert!(
                matches!(err, NoticeError::InvalidBarcode { .. }),
                "{barcode:?}"
            );
        }

        let mut notice = seed_notice();
        notice.barcode = "1".repeat(60);
        let err = render(&notice, PaperWidth::Mm58).unwrap_err();
        assert!(matches!(err, NoticeError::BarcodeTooWide { .. }), "{err}");

        let mut notice = seed_notice();
        notice.citizen_name = "ƏLİ ".repeat(20_000);
        let err = render(&notice, PaperWidth::Mm80).unwrap_err();
        assert!(matches!(err, NoticeError::TooTall { .. }), "{err}");
    }

    #[test]
    fn empty_fields_render_without_panicking() {
        let notice = Notice {
            barcode: "0".into(),
            ..Notice::default()
        };
        for paper in PAPERS {
            assert_eq!(render(&notice, paper).unwrap().bitmap.width, paper.dots());
        }
    }

    #[test]
    fn png_round_trips_dimensions_and_dots() {
        for paper in PAPERS {
            let bitmap = render(&seed_notice(), paper).unwrap().bitmap;
            let png = bitmap.to_png().unwrap();
            let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
            decoder.set_transformations(png::Transformations::EXPAND);
            let mut reader = decoder.read_info().unwrap();
            let mut buf = vec![0; reader.output_buffer_size().unwrap()];
            let info = reader.next_frame(&mut buf).unwrap();
            assert_eq!((info.width, info.height), (bitmap.width, bitmap.height));
            assert_eq!(info.color_type, png::ColorType::Grayscale);
            let stride = info.line_size;
            let mut compared = 0;
            for y in (0..bitmap.height).step_by(7) {
                for x in (0..bitmap.width).step_by(3) {
                    let png_black = buf[y as usize * stride + x as usize] == 0;
                    assert_eq!(png_black, bitmap.is_black(x, y), "dot ({x}, {y})");
                    compared += 1;
                }
            }
            assert!(compared > 1000);
            assert!(bitmap.as_bytes().iter().any(|&b| b != 0));
        }
    }

    #[test]
    fn pdf_of_the_seed_notice_is_well_formed() {
        let bitmap = render(&seed_notice(), PaperWidth::Mm80).unwrap().bitmap;
        let pdf = bitmap.to_pdf();
        assert!(pdf.starts_with(b"%PDF-1.4\n"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains(&format!("/Width 576 /Height {}", bitmap.height)));
        // 576 dots at 203 dpi = 204.29557 pt, floored so a 203 dpi render is exactly 576 wide.
        assert!(text.contains("/MediaBox [0 0 204.2955 "), "{text:.400}");
    }
}
