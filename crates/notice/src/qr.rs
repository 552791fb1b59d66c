//! The seal's QR code, via `qrcode`.

use qrcode::{Color, EcLevel, QrCode};

/// Quiet zone around the symbol, in modules (the standard asks for 4).
pub(crate) const QUIET_MODULES: u32 = 4;

/// A QR symbol: `width × width` modules, row-major, `true` = dark.
pub(crate) struct Symbol {
    pub width: u32,
    pub dark: Vec<bool>,
}

impl Symbol {
    pub fn is_dark(&self, x: u32, y: u32) -> bool {
        self.dark[(y * self.width + x) as usize]
    }
}

/// The QR symbol for `text` at error correction level M (15 %: a creased or scuffed receipt
/// still scans), or `None` if the text is too long for any QR version.
pub(crate) fn symbol(text: &str) -> Option<Symbol> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = u32::try_from(code.width()).ok()?;
    Some(Symbol {
        width,
        dark: code
            .into_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seal_sized_text_fits_version_9_and_junk_lengths_are_refused() {
        let symbol = symbol(&"A".repeat(150)).unwrap();
        assert!(symbol.width <= 53, "{}", symbol.width);
        assert_eq!(symbol.dark.len(), (symbol.width * symbol.width) as usize);
        // Finder pattern: the top-left corner module is dark, the one inside the ring light.
        assert!(symbol.is_dark(0, 0) && !symbol.is_dark(1, 1));
        assert!(super::symbol(&"x".repeat(5000)).is_none());
    }
}
