//! Counting the pages a write appends to the WAL, by B-tree: shared by `benches/book.rs` and
//! `tests/pages.rs`. Every page written is encrypted, MACed, appended to the WAL and synced, so
//! pages per transaction is the store's cost model.
use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::Connection;

/// The store's page size (`cipher_page_size`); a WAL frame is a 24-byte header and a page.
pub const PAGE: usize = 2048;
const FRAME: usize = 24 + PAGE;
const WAL_HEADER: usize = 32;

/// Pages written to the WAL per call of `op`, on average over `n` calls.
#[derive(Debug, Clone, PartialEq)]
pub struct Pages {
    pub per_call: f64,
    /// By the B-tree (table or index, as `dbstat` names it) each page belongs to after the calls;
    /// page 1 is `sqlite_schema` (its header holds the database's size and free list).
    pub by_tree: BTreeMap<String, f64>,
}

impl Pages {
    /// `table 1.0, index 1.0, ...`
    pub fn breakdown(&self) -> String {
        self.by_tree
            .iter()
            .map(|(t, n)| format!("{t} {n:.2}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Runs `op` `n` times on `target` (after one call that starts the WAL) with auto-checkpoints
/// off, so the WAL only grows and holds every frame written; frame headers are not encrypted, so
/// their page numbers can be read, and `dbstat` says which B-tree each page is in.
pub fn wal_pages<T>(
    target: &mut T,
    conn: fn(&T) -> &Connection,
    db: &Path,
    n: usize,
    mut op: impl FnMut(&mut T),
) -> Pages {
    conn(target)
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 0;")
        .unwrap();
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    op(target);
    let before = std::fs::metadata(&wal).unwrap().len() as usize;
    assert_eq!((before - WAL_HEADER) % FRAME, 0, "a WAL of whole frames");
    for _ in 0..n {
        op(target);
    }
    let bytes = std::fs::read(&wal).unwrap();
    let conn = conn(target);
    conn.execute_batch("PRAGMA wal_autocheckpoint = 1000;")
        .unwrap();
    let owner: BTreeMap<u32, String> = conn
        .prepare("SELECT pageno, name FROM dbstat")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut by_tree = BTreeMap::new();
    let frames = bytes[before..].chunks_exact(FRAME);
    let count = frames.len();
    for frame in frames {
        let page = u32::from_be_bytes([frame[0], frame[1], frame[2], frame[3]]);
        let name = owner
            .get(&page)
            .cloned()
            .unwrap_or_else(|| "(free list)".into());
        *by_tree.entry(name).or_insert(0.0) += 1.0 / n as f64;
    }
    Pages {
        per_call: count as f64 / n as f64,
        by_tree,
    }
}
