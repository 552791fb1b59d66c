//! Renders the seed's notice (Şəkil 7) and details page (Şəkil 9) in every form the kiosk prints,
//! into a folder, to look at and to compare with the seed.
//!
//! `cargo run -p qebul-notice --example render_seed -- /tmp/notice-check`
//!
//! Writes `notice-80mm.png`, `notice-58mm.png`, `notice-80mm-ru.png` (with the Russian second
//! lines and the reprint mark), `notice-80mm-en.png`, `notice-80mm.escpos` (the bytes a printer
//! gets), `details-a4.pdf`, `details-a5.pdf` and `details-a4.png` (the first A4 page). The QR
//! seal is signed with a fixed demo key, so the output is the same on every run.

use qebul_notice::{
    escpos, render, render_pages, render_pdf, Lang, Mark, Notice, PageSize, PaperWidth,
};
use qebul_protocol::{NoticeSeal, SigningKey};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "notice-check".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let key = SigningKey::from_bytes(&[7; 32]);
    let seal = NoticeSeal {
        kiosk: "demo-kiosk-1".into(),
        booking: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".parse()?,
        number: "10000061".into(),
        reception_date: chrono::NaiveDate::from_ymd_opt(2015, 4, 7).ok_or("date")?,
        official: "isgenderov-sahin".into(),
    }
    .sign(&key)?;
    let notice = Notice {
        seal: Some(seal),
        ..Notice::seed_example()
    };
    let png = |name: &str, notice: &Notice, paper| -> Result<(), Box<dyn std::error::Error>> {
        let bitmap = render(notice, paper)?;
        std::fs::write(dir.join(name), bitmap.to_png()?)?;
        println!("{name}: {} x {} dots", bitmap.width, bitmap.height);
        Ok(())
    };
    png("notice-80mm.png", &notice, PaperWidth::Mm80)?;
    png("notice-58mm.png", &notice, PaperWidth::Mm58)?;
    let russian_reprint = Notice {
        second_language: Some(Lang::Ru),
        mark: Some(Mark::Reprint),
        ..notice.clone()
    };
    png("notice-80mm-ru.png", &russian_reprint, PaperWidth::Mm80)?;
    let english = Notice {
        second_language: Some(Lang::En),
        ..notice.clone()
    };
    png("notice-80mm-en.png", &english, PaperWidth::Mm80)?;
    let bytes = escpos::encode(&render(&notice, PaperWidth::Mm80)?, &Default::default());
    std::fs::write(dir.join("notice-80mm.escpos"), &bytes)?;
    println!("notice-80mm.escpos: {} bytes", bytes.len());

    let details = Notice {
        seal: notice.seal.clone(),
        ..Notice::seed_details_example()
    };
    std::fs::write(
        dir.join("details-a4.pdf"),
        render_pdf(&details, PageSize::A4)?,
    )?;
    std::fs::write(
        dir.join("details-a5.pdf"),
        render_pdf(&details, PageSize::A5)?,
    )?;
    let pages = render_pages(&details, PageSize::A4)?;
    if let Some(first) = pages.first() {
        std::fs::write(dir.join("details-a4.png"), first.to_png()?)?;
    }
    println!("details: {} A4 page(s)", pages.len());
    Ok(())
}
