//! Catalog files: JSON as the server signs it, and CSV for the officials list as authorities keep it.
use std::path::Path;

use qebul_protocol::{Catalog, InvalidCatalog};

/// A catalog file that cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum CatalogFileError {
    #[error("cannot read catalog file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("catalog file {path} is not a valid catalog: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    #[error("catalog file {path}: {source}")]
    Invalid {
        path: String,
        source: InvalidCatalog,
    },
}

/// Parses and checks a catalog; `path` only names it in errors.
pub fn parse_catalog(json: &str, path: &str) -> Result<Catalog, CatalogFileError> {
    let catalog: Catalog =
        serde_json::from_str(json).map_err(|source| CatalogFileError::Parse {
            path: path.to_owned(),
            source,
        })?;
    catalog
        .validate()
        .map_err(|source| CatalogFileError::Invalid {
            path: path.to_owned(),
            source,
        })?;
    Ok(catalog)
}

pub fn load_catalog(path: &Path) -> Result<Catalog, CatalogFileError> {
    let shown = path.display().to_string();
    let json = std::fs::read_to_string(path).map_err(|source| CatalogFileError::Read {
        path: shown.clone(),
        source,
    })?;
    parse_catalog(&json, &shown)
}

/// A row of an officials CSV that cannot be imported; `line` counts from 1, the header included.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("{path}: cannot read the CSV: {source}")]
    Read { path: String, source: csv::Error },
    #[error("{path}: the header must name the columns {expected}; it has {found:?}")]
    Header {
        path: String,
        expected: &'static str,
        found: Vec<String>,
    },
    #[error("{path}, line {line}: column {column:?}: {problem}")]
    Row {
        path: String,
        line: u64,
        column: &'static str,
        problem: String,
    },
    /// The catalog's version cannot grow: kiosks take only a higher version, so a merged list
    /// wrapped round to 0 would never reach them.
    #[error("{path}: the catalog is at version {version}, the highest there is; a new version cannot be published over it")]
    VersionExhausted { path: String, version: u64 },
}

/// The columns of an officials CSV, in any order; `reception` is the rule as the portal
/// publishes it ("birinci günlər Saat: 10:00-dan").
pub const OFFICIALS_CSV_COLUMNS: &str =
    "id, position_az, position_ru, position_en, full_name, reception, daily_capacity";

/// `catalog` with its officials replaced by those of the CSV (comma- or semicolon-separated,
/// UTF-8) and its version increased.
pub fn merge_officials_csv(catalog: &Catalog, text: &str, path: &str) -> Result<Catalog, CsvError> {
    let delimiter = match text.lines().next() {
        Some(header) if header.matches(';').count() > header.matches(',').count() => b';',
        _ => b',',
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let read = |source| CsvError::Read {
        path: path.to_owned(),
        source,
    };
    let header: Vec<String> = reader
        .headers()
        .map_err(read)?
        .iter()
        .map(str::to_owned)
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let names = [
        "id",
        "position_az",
        "position_ru",
        "position_en",
        "full_name",
        "reception",
        "daily_capacity",
    ];
    let idx: Vec<usize> = names
        .iter()
        .map(|n| column(n))
        .collect::<Option<_>>()
        .ok_or_else(|| CsvError::Header {
            path: path.to_owned(),
            expected: OFFICIALS_CSV_COLUMNS,
            found: header.clone(),
        })?;
    let mut officials = Vec::new();
    for record in reader.records() {
        let record = record.map_err(read)?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(idx[i]).unwrap_or("").to_owned();
        let bad = |column, problem: String| CsvError::Row {
            path: path.to_owned(),
            line,
            column,
            problem,
        };
        let optional = |s: String| if s.is_empty() { None } else { Some(s) };
        let id = field(0);
        if id.is_empty() {
            return Err(bad("id", "is empty".into()));
        }
        if officials
            .iter()
            .any(|o: &qebul_protocol::Official| o.id == id)
        {
            return Err(bad("id", format!("{id:?} appears twice")));
        }
        let position_az = field(1);
        if position_az.is_empty() {
            return Err(bad("position_az", "is empty".into()));
        }
        let full_name = qebul_core::text::upper(&field(4));
        if full_name.is_empty() {
            return Err(bad("full_name", "is empty".into()));
        }
        let rule = qebul_core::rule_phrase::parse_rule(&field(5)).map_err(|e| {
            bad(
                "reception",
                qebul_l10n::rule_phrase_error(qebul_l10n::Lang::En, &e),
            )
        })?;
        let daily_capacity = field(6)
            .parse::<u32>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| {
                bad(
                    "daily_capacity",
                    format!("{:?} is not a number of places above 0", field(6)),
                )
            })?;
        officials.push(qebul_protocol::Official {
            id,
            position: qebul_protocol::LocalizedText {
                az: position_az,
                ru: optional(field(2)),
                en: optional(field(3)),
            },
            full_name,
            reception: qebul_protocol::ReceptionRuleWire::from_rule(&rule),
            daily_capacity,
            room: None,
        });
    }
    let version = catalog
        .version
        .checked_add(1)
        .ok_or_else(|| CsvError::VersionExhausted {
            path: path.to_owned(),
            version: catalog.version,
        })?;
    let mut next = catalog.clone();
    next.officials = officials;
    next.version = version;
    next.capacity_overrides
        .retain(|o| next.officials.iter().any(|x| x.id == o.official_id));
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO_CATALOG: &str = include_str!("../demo/catalog.json");

    #[test]
    fn a_catalog_with_a_bad_rule_is_refused_naming_the_official() {
        let json = DEMO_CATALOG.replacen(
            "\"weekdays\": [\n          1\n        ]",
            "\"weekdays\": [9]",
            1,
        );
        assert_ne!(json, DEMO_CATALOG, "fixture edit must apply");
        let err = parse_catalog(&json, "x.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "catalog file x.json: official \"bilesuvar-1\" has an unusable reception rule: weekday 9 is not 1 (Monday) to 7 (Sunday)"
        );
    }

    #[test]
    fn a_file_that_is_not_json_is_refused_naming_it() {
        let err = parse_catalog("officials: none", "broken.json").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("catalog file broken.json is not a valid catalog"),
            "{err}"
        );
    }

    const OFFICIALS_CSV: &str =
        "id;position_az;position_ru;position_en;full_name;reception;daily_capacity
b-1;İcra başçısı;Глава;Head;quliyev mahir hacı oğlu;birinci günlər Saat: 10:00-dan;10
b-2;Şöbə müdiri;;;İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU;həftənin bütün iş günləri Saat: bütün iş saatı;20
";

    #[test]
    fn officials_csv_replaces_the_officials_with_parsed_rules() {
        let base = parse_catalog(DEMO_CATALOG, "demo").expect("demo");
        let next = merge_officials_csv(&base, OFFICIALS_CSV, "o.csv").expect("imports");
        assert_eq!(next.version, base.version + 1);
        assert_eq!(next.officials.len(), 2);
        // Turkic upper case: hacı → HACI, mahir → MAHİR.
        assert_eq!(next.officials[0].full_name, "QULİYEV MAHİR HACI OĞLU");
        assert_eq!(next.officials[0].reception.weekdays, [1]);
        assert_eq!(next.officials[1].position.ru, None);
        assert_eq!(next.officials[1].reception.weekdays, [1, 2, 3, 4, 5]);
        next.validate().expect("valid");
    }

    #[test]
    fn a_bad_officials_row_is_refused_naming_line_and_column() {
        let base = parse_catalog(DEMO_CATALOG, "demo").expect("demo");
        let csv = OFFICIALS_CSV.replace("Saat: 10:00-dan", "Saat: on");
        let err = merge_officials_csv(&base, &csv, "o.csv")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("o.csv, line 2: column \"reception\""),
            "{err}"
        );
        // The operator reads qebul-l10n's English words for the rule's error.
        assert!(
            err.contains("\"on\" is not understood as reception hours: write \"10:00-dan\""),
            "{err}"
        );
        let csv = OFFICIALS_CSV.replace(";20\n", ";none\n");
        let err = merge_officials_csv(&base, &csv, "o.csv")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("o.csv, line 3: column \"daily_capacity\""),
            "{err}"
        );
        let err = merge_officials_csv(&base, "name,rule\nx,y\n", "o.csv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("the header must name the columns"), "{err}");
    }

    /// Found by the `catalog_import` fuzz target: `version + 1` overflowed (a panic in debug
    /// builds, version 0 in release ones, which no kiosk would take).
    #[test]
    fn officials_merged_into_a_catalog_at_the_highest_version_are_refused() {
        let mut base = parse_catalog(DEMO_CATALOG, "demo").expect("demo");
        base.version = u64::MAX;
        let err = merge_officials_csv(&base, OFFICIALS_CSV, "o.csv").unwrap_err();
        assert!(
            matches!(
                err,
                CsvError::VersionExhausted {
                    version: u64::MAX,
                    ..
                }
            ),
            "{err}"
        );
        base.version = u64::MAX - 1;
        let next = merge_officials_csv(&base, OFFICIALS_CSV, "o.csv").expect("imports");
        assert_eq!(next.version, u64::MAX);
    }
}
