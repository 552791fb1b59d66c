//! Renders the seed's notice (Şəkil 7) at 58 and 80 mm as PNG and PDF into a folder, to look at.
//!
//! `cargo run -p qebul-notice --example render_seed -- /tmp/notice-check [MARK]`

use qebul_notice::{render, Notice, PaperWidth};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "notice-check".into()));
    let mark = args.next();
    std::fs::create_dir_all(&dir)?;
    let notice = Notice {
        authority: "Biləsuvar Rayon İcra Hakimiyyəti".into(),
        number: "10000061".into(),
        official_position: "Şöbə müdiri".into(),
        official_name: "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU".into(),
        reception_date: "07 APREL 2015".into(),
        reception_time: "bütün iş saatı".into(),
        citizen_name: "ABDULLAYEVA GÖHƏR NOVRUZ QIZI".into(),
        document_type: "Şəxsiyyət vəsiqəsi".into(),
        document_number: "AA****567".into(),
        created_at: "03.04.2015 16:31".into(),
        printed_at: "03.04.2015 16:30".into(),
        barcode: "030400000610704".into(),
        mark,
    };
    for (paper, name) in [(PaperWidth::Mm58, "58mm"), (PaperWidth::Mm80, "80mm")] {
        let bitmap = render(&notice, paper)?;
        std::fs::write(dir.join(format!("notice-{name}.png")), bitmap.to_png()?)?;
        std::fs::write(dir.join(format!("notice-{name}.pdf")), bitmap.to_pdf())?;
        println!("{name}: {} x {} dots", bitmap.width, bitmap.height);
    }
    Ok(())
}
