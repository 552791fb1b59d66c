//! The kiosk window and its lockdown: full screen, no way out to other pages or windows.

use tauri::webview::{NewWindowResponse, PageLoadEvent};
use tauri::{AppHandle, Runtime, Url, WebviewUrl, WebviewWindowBuilder};

pub const MAIN: &str = "main";

/// `cargo xtask bench` times the cold start to this file, written once the page has loaded (the
/// welcome screen mounted, its handlers attached); the empty Tauri app it compares with gives
/// the same signal.
pub const BENCH_READY_FILE: &str = "QEBUL_BENCH_READY_FILE";

/// Whether `url` is one of the app's own pages (served by the custom protocol).
pub fn is_app_url(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

pub fn open_main<R: Runtime>(app: &AppHandle<R>, windowed: bool) -> tauri::Result<()> {
    let builder = WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title("Qəbul Kiosk")
        // Devtools only for a developer's windowed debug build, never on a kiosk.
        .devtools(cfg!(debug_assertions) && windowed)
        .zoom_hotkeys_enabled(false)
        .disable_drag_drop_handler()
        .on_navigation(|url| {
            let allowed = is_app_url(url);
            if !allowed {
                tracing::warn!(%url, "navigation away from the app blocked");
            }
            allowed
        })
        .on_new_window(|url, _features| {
            tracing::warn!(%url, "new window blocked");
            NewWindowResponse::Deny
        })
        .on_page_load(|_window, payload| {
            if payload.event() == PageLoadEvent::Finished {
                if let Some(path) = std::env::var_os(BENCH_READY_FILE) {
                    if let Err(e) = std::fs::write(&path, b"ready\n") {
                        tracing::warn!(error = %e, "cannot write the benchmark's ready file");
                    }
                }
            }
        });
    let builder = if windowed {
        builder.inner_size(1280.0, 800.0).resizable(true)
    } else {
        builder
            .fullscreen(true)
            .decorations(false)
            .always_on_top(true)
            .resizable(false)
            .closable(false)
    };
    builder.build()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        s.parse().expect("valid url")
    }

    #[test]
    fn only_the_apps_own_pages_are_allowed() {
        assert!(is_app_url(&url("tauri://localhost/index.html")));
        assert!(is_app_url(&url("http://tauri.localhost/")));
        for away in [
            "https://e-gov.az/",
            "http://localhost:5173/",
            "tauri://evil.example/",
            "file:///etc/passwd",
            "http://tauri.localhost.evil.example/",
            "javascript:alert(1)",
        ] {
            assert!(!is_app_url(&url(away)), "{away}");
        }
    }
}
