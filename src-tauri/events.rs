//! The events the UI listens to: each announces a new snapshot of one of the application
//! layer's `watch` channels, under its own name (the snapshot is `SessionView`, the event
//! that carries it `SessionChanged`).

use qebul_app::{CatalogView, Kiosk, PrintQueueView, SessionView, StaffView, SyncView};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;
use tokio::sync::watch;

#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct SessionChanged(pub SessionView);

#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct SyncStatusChanged(pub SyncView);

#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct PrintQueueChanged(pub PrintQueueView);

/// A catalog has been cached, so open screens refresh.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct CatalogSynced(pub CatalogView);

/// The staff screen's gate opened, closed (by hand or when idle) or locked out.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct StaffChanged(pub StaffView);

/// Sends every change of the kiosk's states to the UI, for as long as the app runs.
pub fn forward_all<R: Runtime>(app: &AppHandle<R>, kiosk: &Kiosk) {
    forward(app, kiosk.session_changes(), |v| Some(SessionChanged(v)));
    forward(app, kiosk.sync_changes(), |v| Some(SyncStatusChanged(v)));
    forward(app, kiosk.print_queue_changes(), |v| {
        Some(PrintQueueChanged(v))
    });
    forward(app, kiosk.catalog_changes(), |v| v.map(CatalogSynced));
    forward(app, kiosk.staff_changes(), |v| Some(StaffChanged(v)));
}

fn forward<R: Runtime, T, E>(
    app: &AppHandle<R>,
    mut changes: watch::Receiver<T>,
    event: impl Fn(T) -> Option<E> + Send + 'static,
) where
    T: Clone + Send + Sync + 'static,
    E: Event + Serialize + Clone,
{
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let current = changes.borrow_and_update().clone();
            if let Some(e) = event(current) {
                if let Err(err) = e.emit(&app) {
                    tracing::warn!("could not tell the UI about {}: {err}", E::NAME);
                }
            }
            if changes.changed().await.is_err() {
                return;
            }
        }
    });
}
