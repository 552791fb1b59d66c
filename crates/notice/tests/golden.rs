//! Golden images of the notice as printers receive it, in all three scripts' labels:
//! receipts decoded back from our ESC/POS bytes, office pages rendered from our PDF by poppler's
//! `pdftoppm`; and the barcode and the signed QR read back from those images by a real decoder
//! (`zbarimg`, Debian's zbar-tools).
//!
//! `UPDATE_GOLDEN=1 cargo test -p qebul-notice --test golden` rewrites the golden files; look at
//! them before committing.

use std::path::{Path, PathBuf};
use std::process::Command;

use qebul_notice::escpos::{decode, encode, EncodeOptions};
use qebul_notice::{render, render_pdf, Bitmap, Lang, Mark, Notice, PageSize, PaperWidth};
use qebul_protocol::{NoticeSeal, SealError, SigningKey};

const BARCODE: &str = "030400000610704";

fn key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

fn seal() -> NoticeSeal {
    NoticeSeal {
        kiosk: "demo-kiosk-1".into(),
        booking: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".parse().unwrap(),
        number: "10000061".into(),
        reception_date: chrono::NaiveDate::from_ymd_opt(2015, 4, 7).unwrap(),
        official: "isgenderov-sahin".into(),
    }
}

fn sealed(notice: Notice) -> Notice {
    Notice {
        seal: Some(seal().sign(&key()).unwrap()),
        ..notice
    }
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn out_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qebul-golden-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn tool(name: &str, package: &str) -> Command {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "{name} is not installed: install Debian's {package} (the README's test command does)"
    );
    Command::new(name)
}

/// Dots of a PNG, `true` = black (any gray below the middle).
fn png_dots(bytes: &[u8]) -> (u32, u32, Vec<bool>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let dots = (0..(info.width * info.height) as usize)
        .map(|i| {
            let (y, x) = (i / info.width as usize, i % info.width as usize);
            buf[y * info.line_size + x * channels] < 128
        })
        .collect();
    (info.width, info.height, dots)
}

/// Compares `actual` (a PNG) with the golden file `name`; at most `tolerance` of the dots may
/// differ (0 for our own raster, a little for another program's rendering).
fn check_golden(name: &str, actual: &[u8], tolerance: f64) {
    let golden = golden_dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&golden).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_GOLDEN=1 to create it",
            golden.display()
        )
    });
    let (ew, eh, e) = png_dots(&expected);
    let (aw, ah, a) = png_dots(actual);
    let keep = out_dir().join(name);
    std::fs::write(&keep, actual).unwrap();
    assert_eq!(
        (aw, ah),
        (ew, eh),
        "{name}: size differs from the golden image; the new image is {}",
        keep.display()
    );
    let differing = e.iter().zip(&a).filter(|(x, y)| x != y).count();
    let allowed = (e.len() as f64 * tolerance) as usize;
    assert!(
        differing <= allowed,
        "{name}: {differing} dots differ from the golden image (allowed {allowed}); \
         the new image is {}",
        keep.display()
    );
}

/// What zbarimg reads in a PNG: (symbology, text) pairs.
fn scan(png: &Path) -> Vec<(String, String)> {
    let out = tool("zbarimg", "zbar-tools")
        .args(["-q", "--nodbus"])
        .arg(png)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(kind, value)| (kind.to_owned(), value.to_owned()))
        .collect()
}

/// The barcode and the seal read back from `png` equal what was printed, and the seal verifies.
fn check_codes(png: &Path) {
    let codes = scan(png);
    let find = |kind: &str| {
        codes
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("zbarimg found no {kind} in {}: {codes:?}", png.display()))
    };
    assert_eq!(find("CODE-128"), BARCODE, "{}", png.display());
    let qr = find("QR-Code");
    assert_eq!(
        NoticeSeal::verify(&qr, &key().verifying_key()),
        Ok(seal()),
        "{}",
        png.display()
    );
    // A changed payload fails: another application number, or another kiosk's key.
    let altered = qr.replace(".10000061.", ".10000062.");
    assert!(matches!(
        NoticeSeal::verify(&altered, &key().verifying_key()),
        Err(SealError::BadSignature { .. })
    ));
    let other = SigningKey::from_bytes(&[8; 32]).verifying_key();
    assert!(NoticeSeal::verify(&qr, &other).is_err());
}

/// The receipt as the printer gets it: rendered, encoded to ESC/POS, decoded back.
fn receipt_png(notice: &Notice, paper: PaperWidth) -> Vec<u8> {
    let bitmap = render(notice, paper).unwrap();
    let bytes = encode(&bitmap, &EncodeOptions::default());
    let pages = decode(&bytes).unwrap();
    assert_eq!(pages.len(), 1, "one cut, one page");
    let printed: &Bitmap = &pages[0];
    assert_eq!(printed.width, paper.dots());
    // The decoded page is the raster plus the feed before the cut: the raster's rows are its top.
    assert!(printed.height >= bitmap.height);
    for y in 0..bitmap.height {
        for x in 0..bitmap.width {
            assert_eq!(
                printed.is_black(x, y),
                bitmap.is_black(x, y),
                "dot ({x}, {y})"
            );
        }
    }
    printed.to_png().unwrap()
}

#[test]
fn receipts_decoded_from_escpos_match_the_golden_images_and_their_codes_read_back() {
    let cases = [
        ("notice-58mm-az.png", PaperWidth::Mm58, None, None),
        ("notice-58mm-ru.png", PaperWidth::Mm58, Some(Lang::Ru), None),
        ("notice-80mm-az.png", PaperWidth::Mm80, None, None),
        (
            "notice-80mm-ru-reprint.png",
            PaperWidth::Mm80,
            Some(Lang::Ru),
            Some(Mark::Reprint),
        ),
        ("notice-80mm-en.png", PaperWidth::Mm80, Some(Lang::En), None),
    ];
    for (name, paper, language, mark) in cases {
        let notice = sealed(Notice {
            second_language: language,
            mark,
            ..Notice::seed_example()
        });
        let png = receipt_png(&notice, paper);
        check_golden(name, &png, 0.0);
        let file = out_dir().join(name);
        std::fs::write(&file, &png).unwrap();
        check_codes(&file);
    }
}

fn pdftoppm_first_page(pdf: &[u8], name: &str) -> PathBuf {
    let dir = out_dir();
    let input = dir.join(format!("{name}.pdf"));
    std::fs::write(&input, pdf).unwrap();
    let stem = dir.join(name);
    let status = tool("pdftoppm", "poppler-utils")
        .args([
            "-r",
            "150",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(&input)
        .arg(&stem)
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed on {}", input.display());
    stem.with_extension("png")
}

#[test]
fn office_pages_rendered_by_poppler_match_the_golden_images_and_their_codes_read_back() {
    let cases = [
        ("details-a4-az", PageSize::A4, None),
        ("details-a4-ru", PageSize::A4, Some(Lang::Ru)),
        ("notice-a5-en", PageSize::A5, Some(Lang::En)),
    ];
    for (name, page, language) in cases {
        let base = if name.starts_with("details") {
            Notice::seed_details_example()
        } else {
            Notice::seed_example()
        };
        let notice = sealed(Notice {
            second_language: language,
            ..base
        });
        let pdf = render_pdf(&notice, page).unwrap();
        assert!(pdf.starts_with(b"%PDF-1.4"));
        let png = pdftoppm_first_page(&pdf, name);
        // Debian 12's poppler renders the same dots on every run, so any change shows (a moved
        // colon is 16 dots); another poppler version may differ: regenerate and look.
        check_golden(&format!("{name}.png"), &std::fs::read(&png).unwrap(), 0.0);
        check_codes(&png);
    }
}

#[test]
fn every_letter_of_the_three_alphabets_prints_in_every_field() {
    const AZERBAIJANI: &str = "ABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ abcçdeəfgğhxıijkqlmnoöprsştuüvyz";
    const RUSSIAN: &str = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
    const ENGLISH: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz";
    for text in [AZERBAIJANI, RUSSIAN, ENGLISH] {
        let notice = Notice {
            citizen_name: text.into(),
            official_name: text.into(),
            authority: text.into(),
            ..Notice::seed_details_example()
        };
        for paper in [PaperWidth::Mm58, PaperWidth::Mm80] {
            let bitmap = render(&notice, paper).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(bitmap.width, paper.dots());
        }
        render_pdf(&notice, PageSize::A4).unwrap();
    }
}
