//! The notice's layout, top to bottom, as in the seed's Şəkil 7 (and Şəkil 9 for the details
//! page): one layout for every target, receipts and office pages alike.

use crate::barcode::{self, QUIET_MODULES};
use crate::labels::{self, Label};
use crate::text::{Canvas, Fonts, Style};
use crate::{qr, Bitmap, Mark, Notice, NoticeError, PageSize, PaperWidth, MAX_HEIGHT};

/// What the layout is drawn for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// Receipt paper at 203 dpi.
    Receipt(PaperWidth),
    /// An office page's printable area at 300 dpi.
    Page(PageSize),
}

impl Target {
    fn width(self) -> u32 {
        match self {
            Target::Receipt(paper) => paper.dots(),
            Target::Page(page) => page.content_dots().0,
        }
    }

    fn dpi(self) -> u32 {
        match self {
            Target::Receipt(_) => 203,
            Target::Page(_) => crate::pdf::PAGE_DPI,
        }
    }

    fn describe(self) -> String {
        match self {
            Target::Receipt(paper) => paper.to_string(),
            Target::Page(PageSize::A4) => "A4".into(),
            Target::Page(PageSize::A5) => "A5".into(),
        }
    }
}

/// Sizes for one target, in dots.
struct Metrics {
    margin: u32,
    label_px: f32,
    /// The second-language line under a label.
    second_px: f32,
    body_px: f32,
    title_px: f32,
    date_px: f32,
    /// Preferred Code 128 module width; never below 2.
    module: u32,
    bar_height: u32,
    /// QR module size: at least 3 dots (0.375 mm at 203 dpi) so a phone or a counter scanner
    /// reads it.
    qr_module: u32,
    gap: u32,
}

impl Metrics {
    fn for_target(target: Target) -> Metrics {
        match target {
            Target::Receipt(PaperWidth::Mm80) => Metrics {
                margin: 16,
                label_px: 22.0,
                second_px: 18.0,
                body_px: 27.0,
                title_px: 30.0,
                date_px: 44.0,
                module: 3,
                bar_height: 96,
                qr_module: 4,
                gap: 12,
            },
            Target::Receipt(PaperWidth::Mm58) => Metrics {
                margin: 10,
                label_px: 19.0,
                second_px: 16.0,
                body_px: 22.0,
                title_px: 24.0,
                date_px: 34.0,
                module: 2,
                bar_height: 72,
                qr_module: 3,
                gap: 9,
            },
            // 300 dpi: 46 px is 11 pt, the body size of an office letter.
            Target::Page(_) => Metrics {
                margin: 0,
                label_px: 40.0,
                second_px: 32.0,
                body_px: 46.0,
                title_px: 58.0,
                date_px: 66.0,
                module: 6,
                bar_height: 180,
                qr_module: 8,
                gap: 24,
            },
        }
    }
}

/// A rendered notice and where its parts landed (the tests look at the barcode and the QR).
#[derive(Debug)]
pub(crate) struct Rendered {
    pub bitmap: Bitmap,
    /// Rows `[start, end)` of the barcode's bars.
    #[cfg_attr(not(test), allow(dead_code))]
    pub barcode_rows: (u32, u32),
    /// The module width used, in dots.
    #[cfg_attr(not(test), allow(dead_code))]
    pub module: u32,
    /// Rows `[start, end)` of the QR symbol, quiet zone included, if there is a seal.
    #[cfg_attr(not(test), allow(dead_code))]
    pub qr_rows: Option<(u32, u32)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Centre,
}

/// Draws top to bottom between `left` and `right`.
struct Writer {
    canvas: Canvas,
    y: u32,
    left: u32,
    right: u32,
}

impl Writer {
    fn content_width(&self) -> f32 {
        (self.right - self.left) as f32
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
                Align::Left => self.left as f32,
                Align::Centre => self.left as f32 + ((max - style.width(&line)) / 2.0).max(0.0),
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
        let (x0, x1) = (self.left, self.right);
        self.canvas.fill(x0, self.y, x1, self.y + thickness, true);
        self.y += thickness;
    }
}

fn check_fields(notice: &Notice, fonts: &Fonts) -> Result<(), NoticeError> {
    let details = notice.details.clone().unwrap_or_default();
    let mut fields: Vec<(&'static str, &str)> = vec![
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
        ("details.date_of_birth", &details.date_of_birth),
        ("details.social_status", &details.social_status),
        ("details.privilege", &details.privilege),
        ("details.topic", &details.topic),
        ("details.registered_address", &details.registered_address),
        ("details.home_address", &details.home_address),
        ("details.workplace", &details.workplace),
        ("details.contact", &details.contact),
        ("details.citizen_note", &details.citizen_note),
    ];
    fields.extend(
        details
            .timeline
            .iter()
            .map(|l| ("details.timeline", l.as_str())),
    );
    for (field, value) in fields {
        if let Some(character) = fonts.missing_char(value) {
            return Err(NoticeError::UnsupportedCharacter { field, character });
        }
    }
    Ok(())
}

pub(crate) fn render(notice: &Notice, target: Target) -> Result<Rendered, NoticeError> {
    let fonts = Fonts::load();
    check_fields(notice, &fonts)?;
    let m = Metrics::for_target(target);
    let width = target.width();
    let lang = notice.second_language;

    // The barcode and the QR first: they are the parts that can refuse to fit.
    let modules = barcode::modules(&notice.barcode).ok_or_else(|| NoticeError::InvalidBarcode {
        value: notice.barcode.clone(),
    })?;
    let symbol_modules = modules.len() as u32 + 2 * QUIET_MODULES;
    let seal = match notice.seal.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => {
            let too_long = || NoticeError::SealTooLong {
                len: text.len(),
                paper: target.describe(),
            };
            let symbol = qr::symbol(text).ok_or_else(too_long)?;
            let side = |module: u32| (symbol.width + 2 * qr::QUIET_MODULES) * module;
            let module = (3..=m.qr_module)
                .rev()
                .find(|&q| side(q) <= width - 2 * m.margin)
                .ok_or_else(too_long)?;
            Some((symbol, module))
        }
    };
    // On a page the QR goes beside the barcode when both fit at readable sizes (a barcode
    // module of at least 3 dots, 0.25 mm at 300 dpi); on a receipt, and otherwise, under it.
    let qr_side = seal
        .as_ref()
        .map(|(symbol, q)| (symbol.width + 2 * qr::QUIET_MODULES) * q);
    let beside = match (target, qr_side) {
        (Target::Page(_), Some(side)) => (3..=m.module)
            .rev()
            .find(|w| symbol_modules * w + side <= width - 2 * m.margin),
        _ => None,
    };
    let module = match beside {
        Some(module) => module,
        None => (m.module..=m.module)
            .chain((2..m.module).rev())
            .find(|w| symbol_modules * w <= width)
            .ok_or_else(|| NoticeError::BarcodeTooWide {
                value: notice.barcode.clone(),
                paper: match target {
                    Target::Receipt(paper) => paper,
                    Target::Page(_) => PaperWidth::Mm80,
                },
                needed: symbol_modules * 2,
            })?,
    };

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
        left: m.margin,
        right: width - m.margin,
    };

    if let Some(mark) = notice.mark {
        let label = match mark {
            Mark::Reprint => labels::REPRINT,
            Mark::Test => labels::TEST,
        };
        // An inverted band: black box inside the margins, white bold text.
        let style = bold(m.title_px);
        let second = regular(m.label_px);
        let pad = m.gap / 2 + 2;
        let inner = w.content_width() - 2.0 * pad as f32;
        let mut band_height = style.wrap(&label.az(), inner).len() as u32 * style.line_height();
        if let Some(text) = label.second(lang) {
            band_height += second.wrap(&text, inner).len() as u32 * second.line_height();
        }
        band_height += 2 * pad;
        let top = w.y;
        w.canvas
            .fill(m.margin, top, width - m.margin, top + band_height, true);
        (w.left, w.right) = (w.left + pad, w.right - pad);
        w.y += pad;
        w.text(style, &label.az(), Align::Centre, false)?;
        if let Some(text) = label.second(lang) {
            w.text(second, &text, Align::Centre, false)?;
        }
        (w.left, w.right) = (w.left - pad, w.right + pad);
        w.y = top + band_height + m.gap;
    }

    w.text(bold(m.title_px), &notice.authority, Align::Centre, true)?;
    w.space(m.gap / 3);
    heading(
        &mut w,
        regular(m.body_px),
        regular(m.second_px),
        labels::SERVICE,
        lang,
    )?;
    w.space(m.gap / 2);
    // The details page is the application's record (Şəkil 9), not the notice itself.
    let title = if notice.details.is_some() {
        labels::APPLICATION_NO
    } else {
        labels::NOTICE_NO
    };
    w.text(
        bold(m.title_px),
        &format!("{} {}", title.az(), notice.number),
        Align::Centre,
        true,
    )?;
    if let Some(text) = title.second(lang) {
        w.text(
            regular(m.second_px),
            &format!("{text} {}", notice.number),
            Align::Centre,
            true,
        )?;
    }
    w.space(m.gap / 2);
    w.rule(2);
    w.space(m.gap);
    if notice.details.is_some() {
        heading(
            &mut w,
            bold(m.body_px),
            regular(m.second_px),
            labels::DETAILS,
            lang,
        )?;
        w.space(m.gap);
    }

    let label_styles = (regular(m.label_px), regular(m.second_px));
    let blocks: [(Label, Vec<(&str, Style<'_>)>); 7] = [
        (
            labels::OFFICIAL,
            vec![
                (&notice.official_position, regular(m.body_px)),
                (&notice.official_name, bold(m.body_px)),
            ],
        ),
        (
            labels::RECEPTION,
            vec![
                (&notice.reception_date, bold(m.date_px)),
                (&notice.reception_time, bold(m.body_px)),
            ],
        ),
        (
            labels::CITIZEN,
            vec![(&notice.citizen_name, bold(m.body_px))],
        ),
        (
            labels::DOCUMENT_TYPE,
            vec![(&notice.document_type, regular(m.body_px))],
        ),
        (
            labels::DOCUMENT_NUMBER,
            vec![(&notice.document_number, bold(m.body_px))],
        ),
        (
            labels::CREATED,
            vec![(&notice.created_at, regular(m.body_px))],
        ),
        (
            labels::PRINTED,
            vec![(&notice.printed_at, regular(m.body_px))],
        ),
    ];
    // A third of an office page for the labels.
    let label_column = matches!(target, Target::Page(_)).then_some(width / 3);
    for (label, values) in blocks {
        block(
            &mut w,
            label_styles,
            label,
            lang,
            &values,
            m.gap,
            label_column,
        )?;
    }

    if let Some(details) = &notice.details {
        let value = regular(m.body_px);
        let fields = [
            (labels::DATE_OF_BIRTH, &details.date_of_birth),
            (labels::SOCIAL_STATUS, &details.social_status),
            (labels::PRIVILEGE, &details.privilege),
            (labels::TOPIC, &details.topic),
            (labels::REGISTERED_ADDRESS, &details.registered_address),
            (labels::HOME_ADDRESS, &details.home_address),
            (labels::WORKPLACE, &details.workplace),
            (labels::CONTACT, &details.contact),
            (labels::CITIZEN_NOTE, &details.citizen_note),
        ];
        for (label, text) in fields {
            if !text.trim().is_empty() {
                block(
                    &mut w,
                    label_styles,
                    label,
                    lang,
                    &[(text, value)],
                    m.gap,
                    label_column,
                )?;
            }
        }
        if !details.timeline.is_empty() {
            w.rule(1);
            w.space(m.gap / 2);
            heading(
                &mut w,
                bold(m.body_px),
                regular(m.second_px),
                labels::TIMELINE,
                lang,
            )?;
            w.space(m.gap / 2);
            for line in &details.timeline {
                w.text(value, line, Align::Left, true)?;
                w.space(m.gap / 3);
            }
            w.space(m.gap);
        }
    }

    w.rule(2);
    w.space(m.gap * 2);

    let (outer_left, outer_right) = (w.left, w.right);
    let side_by_side = beside.is_some();
    if let (true, Some(side)) = (side_by_side, qr_side) {
        w.right = outer_right - side;
    }
    let bars_width = modules.len() as u32 * module;
    let left = w.left + (w.right - w.left).saturating_sub(bars_width) / 2;
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

    let mut qr_rows = None;
    if let Some((symbol, q)) = seal {
        let below_barcode = w.y;
        if side_by_side {
            (w.left, w.right, w.y) = (w.right, outer_right, top);
        } else {
            w.space(m.gap);
        }
        let quiet = qr::QUIET_MODULES * q;
        let side = symbol.width * q + 2 * quiet;
        let left = w.left + (w.right - w.left).saturating_sub(side) / 2;
        let top = w.y;
        w.space(side);
        for y in 0..symbol.width {
            for x in 0..symbol.width {
                if symbol.is_dark(x, y) {
                    let (x0, y0) = (left + quiet + x * q, top + quiet + y * q);
                    w.canvas.fill(x0, y0, x0 + q, y0 + q, true);
                }
            }
        }
        qr_rows = Some((top, top + side));
        heading(
            &mut w,
            regular(m.second_px),
            regular(m.second_px),
            labels::SEAL,
            lang,
        )?;
        (w.left, w.right) = (outer_left, outer_right);
        w.y = w.y.max(below_barcode);
    }
    w.space(m.gap * 3);

    if w.y > MAX_HEIGHT {
        return Err(NoticeError::TooTall {
            height: w.y,
            limit: MAX_HEIGHT,
        });
    }
    let (width, height, dots) = w.canvas.into_dots();
    Ok(Rendered {
        bitmap: Bitmap::from_dots(width, height, &dots).with_dpi(target.dpi()),
        barcode_rows,
        module,
        qr_rows,
    })
}

/// A centred heading and, for a citizen's language, its second line.
fn heading(
    w: &mut Writer,
    style: Style<'_>,
    second: Style<'_>,
    label: Label,
    lang: Option<crate::Lang>,
) -> Result<(), NoticeError> {
    w.text(style, &label.az(), Align::Centre, true)?;
    if let Some(text) = label.second(lang) {
        w.text(second, &text, Align::Centre, true)?;
    }
    Ok(())
}

/// A labelled field: the Azerbaijani label, its second-language line, then the values. On a
/// receipt the values go under the label; on a page (`label_column` set) beside it, as a form.
fn block(
    w: &mut Writer,
    (label_style, second_style): (Style<'_>, Style<'_>),
    label: Label,
    lang: Option<crate::Lang>,
    values: &[(&str, Style<'_>)],
    gap: u32,
    label_column: Option<u32>,
) -> Result<(), NoticeError> {
    let (left, right, top) = (w.left, w.right, w.y);
    if let Some(column) = label_column {
        w.right = left + column - gap;
    }
    w.text(label_style, &label.az(), Align::Left, true)?;
    if let Some(text) = label.second(lang) {
        w.text(second_style, &text, Align::Left, true)?;
    }
    let below_label = w.y;
    match label_column {
        Some(column) => {
            (w.left, w.right, w.y) = (left + column, right, top);
        }
        None => w.space(gap / 4),
    }
    for (value, style) in values {
        w.text(*style, value, Align::Left, true)?;
    }
    (w.left, w.right) = (left, right);
    w.y = w.y.max(below_label);
    w.space(gap);
    Ok(())
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
            let bitmap = render(&seed_notice(), Target::Receipt(paper))
                .unwrap()
                .bitmap;
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
            let short = render(&seed_notice(), Target::Receipt(paper))
                .unwrap()
                .bitmap;
            let mut notice = seed_notice();
            notice.citizen_name = long_name.clone();
            notice.official_name = unbreakable.clone();
            notice.authority = long_name.clone();
            let long = render(&notice, Target::Receipt(paper)).unwrap().bitmap;
            assert!(
                long.height > short.height + 100,
                "{paper}: wrapping adds lines"
            );
            let margin = Metrics::for_target(Target::Receipt(paper)).margin;
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
            let rendered = render(&seed_notice(), Target::Receipt(paper)).unwrap();
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
    fn the_qr_goes_under_the_barcode_on_receipts_and_beside_it_on_pages() {
        let notice = Notice {
            seal: Some("QK1.".to_owned() + &"x".repeat(150)),
            ..seed_notice()
        };
        for paper in PAPERS {
            let r = render(&notice, Target::Receipt(paper)).unwrap();
            let (top, bottom) = r.qr_rows.unwrap();
            assert!(top > r.barcode_rows.1, "{paper}: under the barcode");
            assert!(bottom <= r.bitmap.height);
        }
        for page in [PageSize::A4, PageSize::A5] {
            let r = render(&notice, Target::Page(page)).unwrap();
            let (top, _) = r.qr_rows.unwrap();
            assert_eq!(top, r.barcode_rows.0, "{page:?}: beside the barcode");
            assert!(r.module >= 3);
        }
        let plain = render(&seed_notice(), Target::Receipt(PaperWidth::Mm80)).unwrap();
        assert_eq!(plain.qr_rows, None);
        let junk = Notice {
            seal: Some("x".repeat(3000)),
            ..seed_notice()
        };
        assert!(matches!(
            render(&junk, Target::Receipt(PaperWidth::Mm58)),
            Err(NoticeError::SealTooLong { .. })
        ));
    }

    #[test]
    fn mark_prints_an_inverted_band_at_the_top() {
        let mut notice = seed_notice();
        notice.mark = Some(Mark::Test);
        let plain = render(&seed_notice(), Target::Receipt(PaperWidth::Mm80))
            .unwrap()
            .bitmap;
        let marked = render(&notice, Target::Receipt(PaperWidth::Mm80))
            .unwrap()
            .bitmap;
        assert!(marked.height > plain.height);
        let m = Metrics::for_target(Target::Receipt(PaperWidth::Mm80));
        // The band's left edge, just inside the margin, is solid black near the top.
        let y = m.gap + 2;
        assert!((m.margin..m.margin + 4).all(|x| marked.is_black(x, y)));
    }

    #[test]
    fn bad_input_is_an_error_naming_the_field() {
        let mut notice = seed_notice();
        notice.citizen_name = "GÖHƏR \u{6F22}".into();
        let err = render(&notice, Target::Receipt(PaperWidth::Mm80)).unwrap_err();
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
            let err = render(&notice, Target::Receipt(PaperWidth::Mm58)).unwrap_err();
            assert!(
                matches!(err, NoticeError::InvalidBarcode { .. }),
                "{barcode:?}"
            );
        }

        let mut notice = seed_notice();
        notice.barcode = "1".repeat(60);
        let err = render(&notice, Target::Receipt(PaperWidth::Mm58)).unwrap_err();
        assert!(matches!(err, NoticeError::BarcodeTooWide { .. }), "{err}");

        let mut notice = seed_notice();
        notice.citizen_name = "ƏLİ ".repeat(20_000);
        let err = render(&notice, Target::Receipt(PaperWidth::Mm80)).unwrap_err();
        assert!(matches!(err, NoticeError::TooTall { .. }), "{err}");
    }

    #[test]
    fn empty_fields_render_without_panicking() {
        let notice = Notice {
            barcode: "0".into(),
            ..Notice::default()
        };
        for paper in PAPERS {
            assert_eq!(
                render(&notice, Target::Receipt(paper))
                    .unwrap()
                    .bitmap
                    .width,
                paper.dots()
            );
        }
    }

    #[test]
    fn png_round_trips_dimensions_and_dots() {
        for paper in PAPERS {
            let bitmap = render(&seed_notice(), Target::Receipt(paper))
                .unwrap()
                .bitmap;
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
        let bitmap = render(&seed_notice(), Target::Receipt(PaperWidth::Mm80))
            .unwrap()
            .bitmap;
        let pdf = bitmap.to_pdf();
        assert!(pdf.starts_with(b"%PDF-1.4\n"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains(&format!("/Width 576 /Height {}", bitmap.height)));
        // 576 dots at 203 dpi = 204.29557 pt, floored so a 203 dpi render is exactly 576 wide.
        assert!(text.contains("/MediaBox [0 0 204.2955 "), "{text:.400}");
    }
}
