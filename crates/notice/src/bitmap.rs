//! The 1-bit raster and its PNG and PDF encodings.

use crate::NoticeError;

/// Dots per inch of the raster (thermal receipt printers: 203).
const DPI: u32 = 203;

/// A 1-bit raster: rows of packed bytes, MSB = leftmost dot, 1 = black, each row padded to whole
/// bytes — the layout `GS v 0` expects.
#[derive(Clone, PartialEq, Eq)]
pub struct Bitmap {
    /// Width in dots.
    pub width: u32,
    /// Height in dots (rows).
    pub height: u32,
    data: Vec<u8>,
}

impl std::fmt::Debug for Bitmap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bitmap")
            .field("width", &self.width)
            .field("height", &self.height)
            .finish_non_exhaustive()
    }
}

impl Bitmap {
    /// Packs a row-major buffer of `width * height` dots (non-zero = black).
    pub(crate) fn from_dots(width: u32, height: u32, dots: &[u8]) -> Bitmap {
        let stride = width.div_ceil(8) as usize;
        let mut data = vec![0u8; stride * height as usize];
        if width > 0 {
            for (y, row) in dots.chunks_exact(width as usize).enumerate() {
                let out = &mut data[y * stride..(y + 1) * stride];
                for (x, &dot) in row.iter().enumerate() {
                    if dot != 0 {
                        out[x / 8] |= 0x80 >> (x % 8);
                    }
                }
            }
        }
        Bitmap {
            width,
            height,
            data,
        }
    }

    /// Bytes per row: `width` rounded up to whole bytes divided by 8 (`xL xH` of `GS v 0`).
    pub fn bytes_per_row(&self) -> usize {
        self.width.div_ceil(8) as usize
    }

    /// The packed rows, top to bottom, each [`Bitmap::bytes_per_row`] long.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &[u8]> + '_ {
        // `max(1)`: chunks_exact panics on 0; a zero-width bitmap has empty data anyway.
        self.data.chunks_exact(self.bytes_per_row().max(1))
    }

    /// All packed rows, concatenated.
    pub fn as_bytes(&self) -> &[u8] {
        &self.data
    }

    /// Whether the dot at (`x`, `y`) is black; `false` outside the bitmap.
    pub fn is_black(&self, x: u32, y: u32) -> bool {
        if x >= self.width || y >= self.height {
            return false;
        }
        let byte = self.data[y as usize * self.bytes_per_row() + x as usize / 8];
        byte & (0x80 >> (x % 8)) != 0
    }

    /// Encodes the bitmap as a 1-bit grayscale PNG tagged with 203 dpi.
    pub fn to_png(&self) -> Result<Vec<u8>, NoticeError> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            // 203 dots per inch = 7992 dots per metre.
            xppu: (f64::from(DPI) / 0.0254).round() as u32,
            yppu: (f64::from(DPI) / 0.0254).round() as u32,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder.write_header()?;
        // PNG grayscale: 0 = black, so invert our 1 = black.
        let inverted: Vec<u8> = self.data.iter().map(|b| !b).collect();
        writer.write_image_data(&inverted)?;
        writer.finish()?;
        Ok(out)
    }

    /// Encodes the bitmap as a one-page PDF the size of the raster at 203 dpi.
    ///
    /// Written by hand rather than with a PDF library: a raster-only page is five small objects
    /// (catalog, pages, page, content stream, one image XObject) and a cross-reference table, and
    /// needs nothing a library would add (fonts, text, vector graphics). The image is DeviceGray,
    /// 1 bit per component, with `/Decode [1 0]` so a 1 bit is black, Flate-compressed.
    pub fn to_pdf(&self) -> Vec<u8> {
        // Points, floored to the 4 decimals written below: a renderer at 203 dpi rounds the page
        // up to whole pixels, so rounding up here would add a blank row and column.
        let to_pt = |dots: u32| (f64::from(dots) * 72.0 / f64::from(DPI) * 1e4).floor() / 1e4;
        let (width_pt, height_pt) = (to_pt(self.width), to_pt(self.height));
        let image = miniz_oxide::deflate::compress_to_vec_zlib(&self.data, 9);
        let content = format!("q\n{width_pt:.4} 0 0 {height_pt:.4} 0 0 cm\n/Im0 Do\nQ\n");

        let mut pdf: Vec<u8> = Vec::new();
        let mut offsets: Vec<usize> = Vec::new();
        pdf.extend_from_slice(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");

        let mut object = |pdf: &mut Vec<u8>, body: &[u8]| {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
            pdf.extend_from_slice(body);
            pdf.extend_from_slice(b"\nendobj\n");
        };
        object(&mut pdf, b"<< /Type /Catalog /Pages 2 0 R >>");
        object(&mut pdf, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        object(
            &mut pdf,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width_pt:.4} {height_pt:.4}] \
                 /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>"
            )
            .as_bytes(),
        );
        let mut image_object = format!(
            "<< /Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceGray \
             /BitsPerComponent 1 /Decode [1 0] /Filter /FlateDecode /Length {} >>\nstream\n",
            self.width,
            self.height,
            image.len()
        )
        .into_bytes();
        image_object.extend_from_slice(&image);
        image_object.extend_from_slice(b"\nendstream");
        object(&mut pdf, &image_object);
        let mut content_object = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        content_object.extend_from_slice(content.as_bytes());
        content_object.extend_from_slice(b"endstream");
        object(&mut pdf, &content_object);

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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checker() -> Bitmap {
        // 10 x 3, not a multiple of 8 wide, so padding is exercised.
        let dots: Vec<u8> = (0..30).map(|i| ((i % 10 + i / 10) % 2) as u8).collect();
        Bitmap::from_dots(10, 3, &dots)
    }

    #[test]
    fn packs_rows_msb_first_padded_to_whole_bytes() {
        let bitmap = checker();
        assert_eq!(bitmap.bytes_per_row(), 2);
        let rows: Vec<&[u8]> = bitmap.rows().collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0], &[0b0101_0101, 0b0100_0000]);
        assert_eq!(rows[1], &[0b1010_1010, 0b1000_0000]);
        assert!(bitmap.is_black(1, 0) && !bitmap.is_black(0, 0) && bitmap.is_black(0, 1));
        assert!(!bitmap.is_black(10, 1), "outside is white");
    }

    #[test]
    fn pdf_xref_offsets_point_at_their_objects() {
        let pdf = checker().to_pdf();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|tail| tail.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref value");
        assert!(pdf[startxref..].starts_with(b"xref\n0 6\n"));
        let table = &pdf[startxref + b"xref\n0 6\n".len()..];
        for object in 1..=5 {
            let entry = &table[object * 20..object * 20 + 20];
            let offset: usize = std::str::from_utf8(&entry[..10]).unwrap().parse().unwrap();
            let expected = format!("{object} 0 obj\n");
            assert!(
                pdf[offset..].starts_with(expected.as_bytes()),
                "xref entry {object} points at {offset}"
            );
        }
    }
}
