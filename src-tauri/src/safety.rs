//! The commands behind Help now and My plan: the crisis lines (from the core, the one list), the safety plan's
//! entries, and saving the plan as Markdown where the reader chooses.

use std::sync::Arc;

use haven_core::helplines::{self, Helplines};
use haven_core::library::data::ExportReport;
use haven_core::model::{PlanItem, PlanSection, PlanStep};
use haven_core::{time, Result};
use tauri::State;

use crate::commands::on_library;
use crate::picker::{self, Ask, Kind};
use crate::state::{join_error, AppState};

/// The crisis and support lines. Needs no library, so Help now works even when the library cannot open.
#[tauri::command]
pub(crate) fn helplines() -> Helplines {
    helplines::all()
}

#[tauri::command]
pub(crate) async fn plan(state: State<'_, Arc<AppState>>) -> Result<Vec<PlanStep>> {
    on_library(state, |lib| lib.plan_steps()).await
}

#[tauri::command]
pub(crate) async fn add_plan_item(
    state: State<'_, Arc<AppState>>,
    section: PlanSection,
    text: String,
    phone: String,
) -> Result<PlanItem> {
    on_library(state, move |lib| lib.add_plan_item(section, &text, &phone)).await
}

#[tauri::command]
pub(crate) async fn set_plan_item(
    state: State<'_, Arc<AppState>>,
    id: i64,
    text: String,
    phone: String,
) -> Result<PlanItem> {
    on_library(state, move |lib| lib.set_plan_item(id, &text, &phone)).await
}

#[tauri::command]
pub(crate) async fn remove_plan_item(state: State<'_, Arc<AppState>>, id: i64) -> Result<PlanItem> {
    on_library(state, move |lib| lib.remove_plan_item(id)).await
}

/// Saves the plan as a Markdown file the reader names in the system's dialog.
#[tauri::command]
pub(crate) async fn export_plan<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, Arc<AppState>>,
) -> Result<Option<ExportReport>> {
    let state = Arc::clone(&state);
    let task = move || {
        let question = Ask {
            kind: Kind::Save,
            title: "Save your plan".into(),
            start: crate::your_data::start_dir(&app),
            name: Some(format!("My safety plan {}.md", time::civil_date(time::now_ms()))),
            filters: vec![("Markdown".into(), vec!["md".into()])],
        };
        let Some(file) = picker::ask(&app, &question)?.into_iter().next() else { return Ok(None) };
        state.library()?.export_plan(&file).map(Some)
    };
    tauri::async_runtime::spawn_blocking(task).await.map_err(join_error)?
}
