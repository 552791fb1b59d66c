//! A production kiosk does not link the reference server: the embedded demo server sits behind
//! the `demo` feature, and the release build's dependency tree has no HTTP server framework or
//! PostgreSQL client in it.

use std::process::Command;

/// The packages in the kiosk's normal and build dependency tree with `features`.
fn dependency_tree(features: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--package",
            "qebul-kiosk",
            "--features",
        ])
        .arg(features)
        .args([
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

const SERVER_ONLY: [&str; 3] = ["axum", "tokio-postgres", "qebul-server"];

#[test]
fn the_release_kiosk_does_not_link_the_reference_server() {
    let release = dependency_tree("custom-protocol");
    assert!(release.iter().any(|p| p == "qebul-app"), "{release:?}");
    for crate_name in SERVER_ONLY {
        assert!(
            !release.iter().any(|p| p == crate_name),
            "{crate_name} is in the release kiosk's dependencies"
        );
    }
    // The same question of the demo build says yes, so the one above can fail.
    let demo = dependency_tree("custom-protocol,demo");
    for crate_name in SERVER_ONLY {
        assert!(demo.iter().any(|p| p == crate_name), "{crate_name}");
    }
}
