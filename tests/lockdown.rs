//! The security configuration that ships: CSP, capabilities, and the command list they name.

use serde_json::Value;

fn read(path: &str) -> String {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read_json(path: &str) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every source a directive may name: the app itself, nothing, or Tauri's IPC.
const ALLOWED_SOURCES: [&str; 4] = ["'self'", "'none'", "ipc:", "http://ipc.localhost"];

#[test]
fn csp_allows_only_the_apps_own_resources() {
    let conf = read_json("tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .expect("the CSP is a map of directives, not switched off");
    let directive = |name: &str| {
        csp.get(name)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("CSP lacks {name}"))
    };
    assert_eq!(directive("default-src"), "'self'");
    assert_eq!(
        directive("script-src"),
        "'self'",
        "no inline or remote scripts"
    );
    assert_eq!(directive("style-src"), "'self'", "no inline styles");
    assert_eq!(directive("connect-src"), "ipc: http://ipc.localhost");
    for name in [
        "object-src",
        "frame-src",
        "frame-ancestors",
        "base-uri",
        "form-action",
    ] {
        assert_eq!(directive(name), "'none'", "{name}");
    }
    // The staff screen's notice preview is a PNG drawn by Rust and shown as a data: URL; an
    // image cannot run script, and no other directive may name data:.
    assert_eq!(directive("img-src"), "'self' data:");
    for (name, value) in csp {
        let value = value.as_str().expect("directive is a string");
        for source in value.split_whitespace() {
            assert!(
                ALLOWED_SOURCES.contains(&source) || (name == "img-src" && source == "data:"),
                "CSP {name} allows {source}: only {ALLOWED_SOURCES:?} may appear"
            );
        }
    }
    let security = &conf["app"]["security"];
    assert_eq!(
        security["dangerousDisableAssetCspModification"],
        Value::Null
    );
    assert_eq!(security["freezePrototype"], true);
    assert_eq!(
        conf["app"]["withGlobalTauri"], false,
        "no window.__TAURI__ for injected scripts"
    );
}

#[test]
fn the_only_capability_allows_exactly_the_apps_commands_and_event_listening() {
    let conf = read_json("tauri.conf.json");
    assert_eq!(
        conf["app"]["security"]["capabilities"],
        serde_json::json!(["kiosk"])
    );
    let cap = read_json("src-tauri/capabilities/kiosk.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert_eq!(
        cap["remote"],
        Value::Null,
        "no remote URL may call commands"
    );
    let permissions: Vec<String> = cap["permissions"]
        .as_array()
        .expect("permissions list")
        .iter()
        .map(|p| p.as_str().expect("plain permission names only").to_owned())
        .collect();
    let mut expected: Vec<String> = qebul_kiosk::COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    expected.extend([
        "core:event:allow-listen".into(),
        "core:event:allow-unlisten".into(),
    ]);
    assert_eq!(permissions, expected);
    let caps_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities");
    let files: Vec<_> = std::fs::read_dir(caps_dir)
        .expect("capabilities dir")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    assert_eq!(
        files,
        ["kiosk.json"],
        "one capability file, reviewed like code"
    );
}

#[test]
fn the_bindings_call_exactly_the_commands_that_build_rs_declares() {
    let bindings = read("ui/src/lib/bindings.ts");
    let mut invoked: Vec<&str> = bindings
        .split("__TAURI_INVOKE(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    invoked.sort_unstable();
    let mut declared = qebul_kiosk::COMMANDS.to_vec();
    declared.sort_unstable();
    assert_eq!(
        invoked, declared,
        "a command in ipc.rs but not in commands/names.rs cannot be allowed"
    );
}
