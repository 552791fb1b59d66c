//! The kiosk window and its lockdown: full screen, no way out to other pages or windows.

use tauri::webview::NewWindowResponse;
use tauri::{AppHandle, Runtime, Url, WebviewUrl, WebviewWindowBuilder};

pub const MAIN: &str = "main";

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
