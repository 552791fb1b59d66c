//! The security configuration that ships: CSP, capabilities, window lockdown.

use serde_json::Value;

fn read_json(path: &str) -> Value {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn csp_allows_only_the_apps_own_resources() {
    let conf = read_json("tauri.conf.json");
    let csp = &conf["app"]["security"]["csp"];
    let directive = |name: &str| {
        csp[name]
            .as_str()
            .unwrap_or_else(|| panic!("CSP lacks {name}"))
    };
    assert_eq!(directive("default-src"), "'self'");
    assert_eq!(
        directive("script-src"),
        "'self'",
        "no inline or remote scripts"
    );
    assert_eq!(directive("object-src"), "'none'");
    assert_eq!(directive("frame-ancestors"), "'none'");
    assert_eq!(directive("base-uri"), "'none'");
    assert_eq!(directive("form-action"), "'none'");
    for (name, value) in csp.as_object().expect("CSP is a map of directives") {
        let value = value.as_str().expect("directive is a string");
        for bad in ["'unsafe-eval'", "'unsafe-inline'", "*", "http:", "https:"] {
            assert!(
                !value.split_whitespace().any(|s| s == bad),
                "CSP {name} allows {bad}: {value}"
            );
        }
    }
    assert_eq!(
        conf["app"]["security"]["dangerousDisableAssetCspModification"],
        Value::Null
    );
    assert_eq!(
        conf["app"]["withGlobalTauri"], false,
        "no window.__TAURI__ for injected scripts"
    );
}

#[test]
fn the_only_capability_allows_only_the_apps_commands_and_events() {
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
    let permissions: Vec<&str> = cap["permissions"]
        .as_array()
        .expect("permissions list")
        .iter()
        .map(|p| p.as_str().expect("plain permission names only"))
        .collect();
    assert_eq!(
        permissions,
        [
            "allow-kiosk-info",
            "allow-list-officials",
            "core:event:allow-listen",
            "core:event:allow-unlisten"
        ]
    );
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
fn navigation_is_limited_to_the_apps_pages() {
    let url = |s: &str| s.parse().expect("url");
    assert!(qebul_kiosk::is_app_url(&url(
        "tauri://localhost/index.html"
    )));
    assert!(!qebul_kiosk::is_app_url(&url("https://www.e-gov.az/")));
}
