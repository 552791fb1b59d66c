//! qebul-core stays pure: nothing in its dependency tree does I/O, talks to a database or the
//! network, reads the clock, or knows Tauri.

use std::process::Command;

/// Crates whose presence would mean the core can reach outside itself.
const FORBIDDEN: &[&str] = &[
    "tokio",
    "async-std",
    "mio",
    "socket2",
    "hyper",
    "reqwest",
    "ureq",
    "h2",
    "axum",
    "rusqlite",
    "libsqlite3-sys",
    "sqlx",
    "postgres",
    "tokio-postgres",
    "tauri",
    "wry",
    "tao",
    "webkit2gtk",
    "gtk",
    "printers",
    "keyring",
    "iana-time-zone",
    "rustls",
    "openssl",
    "native-tls",
    "ring",
    "tempfile",
    "fs-err",
    "walkdir",
    "libc",
    "nix",
];

#[test]
fn the_core_depends_on_no_io_database_network_clock_or_tauri_crate() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "-p",
            "qebul-core",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .args(["--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    let names: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(
        names.contains(&"icu_collator"),
        "the tree was read: {names:?}"
    );
    let found: Vec<&&str> = FORBIDDEN.iter().filter(|f| names.contains(f)).collect();
    assert!(found.is_empty(), "qebul-core depends on {found:?}");
}
