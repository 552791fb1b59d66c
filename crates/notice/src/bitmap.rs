//! The 1-bit raster and its PNG and PDF encodings.

use crate::NoticeError;

/// Dots per inch of the raster (thermal receipt printers: 203).
pub(crate) const DPI: u32 = 203;

/// A 1-bit raster: rows of packed bytes, MSB = leftmost dot, 1 = black, each row padded to whole
/// bytes — the layout `GS v 0` expects.
#[derive(Clone, PartialEq, Eq)]
pub struct Bitmap {
    /// Width in dots.
    pub width: u32,
    /// Height in dots (rows).
    pub height: u32,
    /// Resolution: 203 for receipts, 300 for office pages.
    dpi: u32,
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
            dpi: DPI,
            data,
        }
    }

    /// A bitmap from rows already packed as [`Bitmap::rows`] gives them (what `GS v 0` carries):
    /// `data` holds `height` rows of `width.div_ceil(8)` bytes.
    pub(crate) fn from_packed(width: u32, height: u32, data: Vec<u8>) -> Bitmap {
        debug_assert_eq!(data.len(), width.div_ceil(8) as usize * height as usize);
        Bitmap {
            width,
            height,
            dpi: DPI,
            data,
        }
    }

    /// The same dots, tagged with another resolution.
    pub(crate) fn with_dpi(self, dpi: u32) -> Bitmap {
        Bitmap { dpi, ..self }
    }

    /// Resolution in dots per inch: 203 for receipts, 300 for office pages.
    pub fn dpi(&self) -> u32 {
        self.dpi
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
            xppu: (f64::from(self.dpi) / 0.0254).round() as u32,
            yppu: (f64::from(self.dpi) / 0.0254).round() as u32,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder.write_header()?;
        // PNG grayscale: 0 = black, so invert our 1 = black.
        let inverted: Vec<u8> = self.data.iter().map(|b| !b).collect();
        writer.write_image_data(&inverted)?;
        writer.finish()?;
        Ok(out)
    }

    /// Encodes the bitmap as a one-page PDF the size of the raster at its resolution.
    pub fn to_pdf(&self) -> Vec<u8> {
        crate::pdf::receipt(self, self.dpi)
    }

    /// Row `y`'s packed bytes (empty outside the bitmap).
    pub(crate) fn row(&self, y: u32) -> &[u8] {
        let stride = self.bytes_per_row();
        let start = y as usize * stride;
        self.data.get(start..start + stride).unwrap_or(&[])
    }

    /// Rows `[top, bottom)` as a bitmap of their own.
    pub(crate) fn crop_rows(&self, top: u32, bottom: u32) -> Bitmap {
        let stride = self.bytes_per_row();
        let (top, bottom) = (top.min(self.height), bottom.min(self.height).max(top));
        Bitmap {
            width: self.width,
            height: bottom - top,
            dpi: self.dpi,
            data: self.data[top as usize * stride..bottom as usize * stride].to_vec(),
        }
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
