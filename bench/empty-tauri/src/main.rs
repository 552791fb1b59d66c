//! An empty Tauri 2 app: one full-screen window (as the kiosk's) whose page renders a heading.
//! With `QEBUL_BENCH_READY_FILE` set, it writes that file once the page has loaded, the same
//! signal the kiosk gives, so `cargo xtask bench` times both from spawn to the same event.

use tauri::webview::PageLoadEvent;
use tauri::{WebviewUrl, WebviewWindowBuilder};

fn main() {
    let app = tauri::Builder::default()
        .setup(|app| {
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Empty Tauri 2 app")
                .fullscreen(true)
                .decorations(false)
                .always_on_top(true)
                .resizable(false)
                .on_page_load(|_window, payload| {
                    if payload.event() == PageLoadEvent::Finished {
                        if let Some(path) = std::env::var_os("QEBUL_BENCH_READY_FILE") {
                            if let Err(e) = std::fs::write(&path, b"ready\n") {
                                eprintln!("could not write the ready file: {e}");
                            }
                        }
                    }
                })
                .build()?;
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("the empty app could not start: {e}");
            std::process::exit(1);
        }
    }
}
