//! PDF output: a raster page for receipts and A4/A5 documents for office printers.
//!
//! Written by hand rather than with a PDF library: a raster-only document is a catalog, a page
//! tree, and per page a page object, a content stream and one image XObject, plus a
//! cross-reference table. It needs nothing a library would add (fonts, text, vector graphics):
//! the text is already rasterised from the embedded fonts, exactly as on the receipt. Each image
//! is DeviceGray, 1 bit per component, with `/Decode [1 0]` so a 1 bit is black,
//! Flate-compressed.

use crate::{Bitmap, PageSize};

/// Dots per inch of office pages (receipts are 203).
pub(crate) const PAGE_DPI: u32 = 300;

impl PageSize {
    /// The margin on every side, in millimetres.
    fn margin_mm(self) -> u32 {
        match self {
            PageSize::A4 => 20,
            PageSize::A5 => 15,
        }
    }

    /// The printable area at [`PAGE_DPI`], in dots: width (whole bytes) and height.
    pub(crate) fn content_dots(self) -> (u32, u32) {
        let (w, h) = self.mm();
        let dots = |mm: u32| (f64::from(mm) / 25.4 * f64::from(PAGE_DPI)).floor() as u32;
        let margin = 2 * self.margin_mm();
        (dots(w - margin) / 8 * 8, dots(h - margin))
    }
}

fn points(mm: u32) -> f64 {
    f64::from(mm) * 72.0 / 25.4
}

/// Splits a page-wide layout into pages, each at most a printable area tall. A cut goes through
/// a white row (between lines of text) as low on the page as possible; only a layout with no
/// white row in the lower half of a page is cut through ink.
pub(crate) fn split_pages(bitmap: &Bitmap, page: PageSize) -> Vec<Bitmap> {
    let (_, max) = page.content_dots();
    let white = |y: u32| bitmap.row(y).iter().all(|&b| b == 0);
    let mut pages = Vec::new();
    let mut top = 0;
    while top < bitmap.height {
        let mut end = (top + max).min(bitmap.height);
        if end < bitmap.height {
            if let Some(cut) = (top + max / 2..end).rev().find(|&y| white(y)) {
                end = cut;
            }
        }
        pages.push(bitmap.crop_rows(top, end));
        top = end;
        while top < bitmap.height && white(top) {
            top += 1;
        }
    }
    if pages.is_empty() {
        pages.push(bitmap.crop_rows(0, 0));
    }
    pages
}

/// One page of a document: its size and where its image sits, in points from the bottom left.
struct Placed<'b> {
    image: &'b Bitmap,
    media: (f64, f64),
    at: (f64, f64),
    size: (f64, f64),
}

/// A4/A5 document: each bitmap (at [`PAGE_DPI`]) at the top left of the printable area.
pub(crate) fn document(pages: &[Bitmap], page: PageSize) -> Vec<u8> {
    let (w_mm, h_mm) = page.mm();
    let (media_w, media_h) = (points(w_mm), points(h_mm));
    let margin = points(page.margin_mm());
    let to_pt = |dots: u32| f64::from(dots) * 72.0 / f64::from(PAGE_DPI);
    let placed: Vec<Placed<'_>> = pages
        .iter()
        .map(|image| {
            let size = (to_pt(image.width), to_pt(image.height));
            Placed {
                image,
                media: (media_w, media_h),
                at: (margin, media_h - margin - size.1),
                size,
            }
        })
        .collect();
    write(&placed)
}

/// A one-page PDF exactly the size of a receipt raster at `dpi`.
pub(crate) fn receipt(bitmap: &Bitmap, dpi: u32) -> Vec<u8> {
    // Points, floored to 4 decimals: a renderer at `dpi` rounds the page up to whole pixels,
    // so rounding up here would add a blank row and column.
    let to_pt = |dots: u32| (f64::from(dots) * 72.0 / f64::from(dpi) * 1e4).floor() / 1e4;
    let size = (to_pt(bitmap.width), to_pt(bitmap.height));
    write(&[Placed {
        image: bitmap,
        media: size,
        at: (0.0, 0.0),
        size,
    }])
}

fn write(pages: &[Placed<'_>]) -> Vec<u8> {
    let mut pdf: Vec<u8> = Vec::new();
    let mut offsets: Vec<usize> = Vec::new();
    pdf.extend_from_slice(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    let mut object = |pdf: &mut Vec<u8>, body: &[u8]| {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    };
    // Objects: 1 catalog, 2 page tree, then per page i: 3+3i page, 4+3i image, 5+3i content.
    let page_id = |i: usize| 3 + 3 * i;
    object(&mut pdf, b"<< /Type /Catalog /Pages 2 0 R >>");
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", page_id(i)))
        .collect();
    object(
        &mut pdf,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .as_bytes(),
    );
    for (i, page) in pages.iter().enumerate() {
        let (mw, mh) = page.media;
        object(
            &mut pdf,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {mw:.4} {mh:.4}] \
                 /Resources << /XObject << /Im0 {} 0 R >> >> /Contents {} 0 R >>",
                page_id(i) + 1,
                page_id(i) + 2
            )
            .as_bytes(),
        );
        let image = miniz_oxide::deflate::compress_to_vec_zlib(page.image.as_bytes(), 6);
        let mut image_object = format!(
            "<< /Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceGray \
             /BitsPerComponent 1 /Decode [1 0] /Filter /FlateDecode /Length {} >>\nstream\n",
            page.image.width,
            page.image.height,
            image.len()
        )
        .into_bytes();
        image_object.extend_from_slice(&image);
        image_object.extend_from_slice(b"\nendstream");
        object(&mut pdf, &image_object);
        let ((x, y), (w, h)) = (page.at, page.size);
        let content = format!("q\n{w:.4} 0 0 {h:.4} {x:.4} {y:.4} cm\n/Im0 Do\nQ\n");
        let mut content_object = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        content_object.extend_from_slice(content.as_bytes());
        content_object.extend_from_slice(b"endstream");
        object(&mut pdf, &content_object);
    }

    let xref_at = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n", offsets.len() + 1).as_bytes());
    // Each entry is exactly 20 bytes, ending in space + newline.
    pdf.extend_from_slice(b"0000000000 65535 f \n");
    for offset in &offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripes(width: u32, height: u32, ink_every: u32) -> Bitmap {
        let dots: Vec<u8> = (0..width * height)
            .map(|i| u8::from(!(i / width).is_multiple_of(ink_every)))
            .collect();
        Bitmap::from_dots(width, height, &dots)
    }

    #[test]
    fn printable_areas_are_whole_bytes_wide() {
        assert_eq!(PageSize::A4.content_dots(), (2000, 3035));
        assert_eq!(PageSize::A5.content_dots(), (1392, 2125));
    }

    #[test]
    fn a_tall_layout_is_cut_at_white_rows_and_loses_no_ink() {
        let (width, max) = PageSize::A5.content_dots();
        // Ink everywhere but every 50th row: cuts must land on those rows.
        let tall = stripes(width, max * 2 + 500, 50);
        let pages = split_pages(&tall, PageSize::A5);
        assert_eq!(pages.len(), 3);
        assert!(pages.iter().all(|p| p.height <= max && p.width == width));
        let ink = |b: &Bitmap| b.as_bytes().iter().map(|x| x.count_ones()).sum::<u32>();
        assert_eq!(pages.iter().map(ink).sum::<u32>(), ink(&tall));
        let short = stripes(width, 100, 50);
        assert_eq!(split_pages(&short, PageSize::A5), [short]);
    }

    #[test]
    fn a_document_has_one_page_object_per_page_and_true_xref_offsets() {
        let (width, _) = PageSize::A4.content_dots();
        let pages = [stripes(width, 40, 3), stripes(width, 30, 2)];
        let pdf = document(&pages, PageSize::A4);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Kids [3 0 R 6 0 R] /Count 2"));
        assert_eq!(text.matches("/MediaBox [0 0 595.2756 841.8898]").count(), 2);
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|tail| tail.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref value");
        let header = b"xref\n0 9\n";
        assert!(pdf[startxref..].starts_with(header));
        let table = &pdf[startxref + header.len()..];
        for object in 1..=8 {
            let entry = &table[object * 20..object * 20 + 20];
            let offset: usize = std::str::from_utf8(&entry[..10]).unwrap().parse().unwrap();
            assert!(
                pdf[offset..].starts_with(format!("{object} 0 obj\n").as_bytes()),
                "xref entry {object} points at {offset}"
            );
        }
    }
}
