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
        mark,
        ..Notice::seed_example()
    };
    for (paper, name) in [(PaperWidth::Mm58, "58mm"), (PaperWidth::Mm80, "80mm")] {
        let bitmap = render(&notice, paper)?;
        std::fs::write(dir.join(format!("notice-{name}.png")), bitmap.to_png()?)?;
        std::fs::write(dir.join(format!("notice-{name}.pdf")), bitmap.to_pdf())?;
        println!("{name}: {} x {} dots", bitmap.width, bitmap.height);
    }
    Ok(())
}
