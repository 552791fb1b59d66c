// Generates the context and the app's own command permissions: a command missing from
// commands/names.rs cannot be allowed by a capability, so it cannot be called.
include!("commands/names.rs");

fn main() {
    // `tauri::generate_context!` needs the UI folder to exist; a fresh clone has not built it yet.
    // The placeholder says so on screen; `cargo xtask demo|test` always builds the real UI first.
    let dist = std::path::Path::new("ui/dist");
    if !dist.join("index.html").exists() {
        let _ = std::fs::create_dir_all(dist);
        let _ = std::fs::write(
            dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>Qəbul Kiosk</title>\
             <p>UI not built: run <code>cargo xtask demo</code>.</p>",
        );
    }
    println!("cargo:rerun-if-changed=src-tauri/commands/names.rs");
    // The capabilities live outside the default folder, so tauri-build does not watch them.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(manifest);
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
