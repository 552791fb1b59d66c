//! The clock, read at the edge only (the core takes "now" as a parameter).

/// Today in Baku, for the MRZ's dates (the century of a birth year, an expired document).
pub(crate) fn today_in_baku() -> chrono::NaiveDate {
    qebul_core::time::baku_date(&chrono::Utc::now())
}
