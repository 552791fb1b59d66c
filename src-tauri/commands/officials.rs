use serde::Serialize;
use specta::Type;
use tauri::State;

use super::{CommandError, ErrorCode, UiLang};
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
        .iter()
        .map(|o| {
            let rule = o.reception.to_rule().map_err(|e| CommandError {
                code: ErrorCode::CatalogInvalid,
                detail: format!("official {}: {e}", o.id),
            })?;
            let text = rule.describe(lang);
            Ok(OfficialRow {
                id: o.id.clone(),
                position: o.position.get(lang).to_owned(),
                full_name: o.full_name.clone(),
                reception_days: text.days,
                reception_hours: text.hours,
            })
        })
        .collect::<Result<_, CommandError>>()?;
    Ok(OfficialsList {
        authority: catalog.authority.name,
        officials,
    })
}
