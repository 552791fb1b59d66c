use serde::Serialize;
use specta::Type;
use tauri::State;

use super::{CommandError, UiLang};
use crate::Kiosk;

/// The officials list (seed Şəkil 4), written out in the citizen's language.
#[derive(Debug, Clone, Serialize, Type)]
pub struct OfficialsList {
    pub authority: String,
    pub officials: Vec<OfficialRow>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct OfficialRow {
    pub id: String,
    pub position: String,
    pub full_name: String,
    pub reception_days: String,
    pub reception_hours: String,
}

#[tauri::command]
#[specta::specta]
pub async fn list_officials(
    lang: UiLang,
    kiosk: State<'_, Kiosk>,
) -> Result<OfficialsList, CommandError> {
    let catalog = kiosk.catalog().await?;
    let lang = lang.into();
    let officials = catalog
        .officials
        .into_iter()
        .map(|o| {
            let rule = o.reception.describe(lang);
            OfficialRow {
                position: o.position.get(lang).to_owned(),
                id: o.id,
                full_name: o.full_name,
                reception_days: rule.days,
                reception_hours: rule.hours,
            }
        })
        .collect();
    Ok(OfficialsList {
        authority: catalog.authority.name,
        officials,
    })
}
