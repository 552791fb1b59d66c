//! The committed TypeScript bindings must be what the Rust types generate today.
//! Regenerate with `cargo xtask bindings` (it runs this test with UPDATE_GENERATED=1).

use std::path::Path;

use specta_typescript::Typescript;

const COMMITTED: &str = "ui/src/lib/bindings.ts";

fn generate() -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bindings.ts");
    qebul_kiosk::specta_builder::<tauri::Wry>()
        .export(
            Typescript::default().header(
                "// Generated from the Rust types by `cargo xtask bindings`: do not edit.\n",
            ),
            &path,
        )
        .expect("bindings export");
    std::fs::read_to_string(&path).expect("read generated bindings")
}

#[test]
fn committed_typescript_bindings_match_the_rust_types() {
    let generated = generate();
    let committed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(COMMITTED);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&committed_path, &generated).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        committed == generated,
        "{COMMITTED} is stale: run `cargo xtask bindings` and commit the result"
    );
}

#[test]
fn bindings_name_every_command_and_event() {
    let generated = generate();
    for name in [
        "kioskInfo",
        "listOfficials",
        "catalogSynced",
        "OfficialsList",
        "ErrorCode",
    ] {
        assert!(generated.contains(name), "bindings lack {name}");
    }
}
