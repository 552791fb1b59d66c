//! The demo data `qebul-server demo` and the kiosk's demo load: the seed's authority
//! (Biləsuvar) and its eight officials, topics, social statuses, privileges, a 2026–2027
//! holiday calendar and the demo citizens' registry entries.
//!
//! The calendar is demo data in the shape the real one comes in (holidays, days moved off,
//! shortened eves); the real dates are the Cabinet of Ministers' decrees, loaded by `import`.
use qebul_protocol::Catalog;

use crate::catalog_file::{parse_catalog, CatalogFileError};
use crate::db::RegistryRecord;

const DEMO_CATALOG: &str = include_str!("../demo/catalog.json");
const DEMO_REGISTRY: &str = include_str!("../demo/registry.json");

/// The demo catalog compiled into the server.
pub fn demo_catalog() -> Result<Catalog, CatalogFileError> {
    parse_catalog(DEMO_CATALOG, "demo/catalog.json")
}

/// The demo citizens as the population registry would give them (the same people as the
/// simulated card reader's demo cards, with the document numbers printed on those cards, so a
/// demo card proves its holder for their history).
pub fn demo_registry() -> Result<Vec<RegistryRecord>, CatalogFileError> {
    serde_json::from_str(DEMO_REGISTRY).map_err(|source| CatalogFileError::Parse {
        path: "demo/registry.json".into(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_catalog_has_the_seed_authority_and_its_eight_officials() {
        let catalog = demo_catalog().expect("demo catalog is valid");
        assert_eq!(catalog.authority.name, "Biləsuvar Rayon İcra Hakimiyyəti");
        let names: Vec<_> = catalog
            .officials
            .iter()
            .map(|o| o.full_name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "QULİYEV MAHİR HACI OĞLU",
                "MƏMMƏDOV XANLAR BAYRAM OĞLU",
                "HƏSƏNOV ELSEVƏR CƏMİL OĞLU",
                "QƏMBƏROVA XƏYALƏ NAZİM QIZI",
                "ŞAHBAZOV ZAKİR VƏKİL OĞLU",
                "ƏZİMOV YAŞAR ŞAHAB OĞLU",
                "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU",
                "ASTANOV ELŞƏN ƏVƏZ OĞLU",
            ]
        );
        assert!(catalog
            .topics
            .iter()
            .any(|t| t.name.az == "Kənd təsərrüfatı məsələləri"));
        assert!(catalog
            .social_statuses
            .iter()
            .any(|t| t.name.az == "Sahibkar"));
        assert!(catalog
            .privileges
            .iter()
            .any(|t| t.name.az == "İmtiyazım yoxdur"));
        let calendar = catalog.calendar.to_calendar().expect("calendar");
        let novruz = chrono::NaiveDate::from_ymd_opt(2027, 3, 22).expect("date");
        assert_eq!(calendar.day(novruz), qebul_core::calendar::DayKind::Rest);
    }

    #[test]
    fn demo_registry_knows_the_demo_cards() {
        let registry = demo_registry().expect("registry");
        assert_eq!(registry.len(), 5);
        assert!(registry
            .iter()
            .any(|r| r.fin == "5ZK7Q2M" && r.full_name == "ABDULLAYEVA GÖHƏR NOVRUZ QIZI"));
        // As printed on the simulated reader's demo cards (crates/idcard/demo/citizens.json).
        let documents: Vec<(&str, Option<&str>)> = registry
            .iter()
            .map(|r| (r.fin.as_str(), r.document_number.as_deref()))
            .collect();
        assert_eq!(
            documents,
            [
                ("5ZK7Q2M", Some("AA1234567")),
                ("2HQ9R4T", Some("AA7654321")),
                ("7MP3X8K", Some("AZE0019283")),
                ("6RT4W9P", Some("AA2468013")),
                ("3KD8V5N", Some("AA1357924")),
            ]
        );
    }
}
