//! The commands the UI may invoke. Each one is a few lines: run the core on a blocking thread and hand back
//! its value or its `{kind, message}` error. Every command here is listed in `command_names.rs`, so the app
//! manifest makes each one a permission that `capabilities/default.json` must grant.
//!
//! Trust decisions are made here, in Rust, never only in the webview: which files may be imported (those the
//! reader granted, see `state.rs`), and which links leave the app (`urls::external`, after the reader says yes
//! in a dialog that the system draws, not the webview).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use haven_core::model::{
    Article, ArticleSummary, Bookmark, Color, Filter, Highlight, HighlightFilter, ListQuery, NameCount, NotebookEntry,
    Page, ReadingState, SearchHit,
};
use haven_core::store::highlights::Span;
use haven_core::{Error, ImportOptions, ImportReport, Library, Progress, Result};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{Manager, State};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use crate::picker::{Ask, Kind};
use tauri_plugin_opener::OpenerExt;

use crate::state::{join_error, AppState};

/// Runs `f` on the open library in a blocking task, off the main thread and the async runtime's workers.
pub(crate) async fn on_library<T: Send + 'static>(
    state: State<'_, Arc<AppState>>,
    f: impl FnOnce(&Library) -> Result<T> + Send + 'static,
) -> Result<T> {
    let state = Arc::clone(&state);
    let task = move || -> Result<T> {
        let library = state.library()?;
        f(&library)
    };
    tauri::async_runtime::spawn_blocking(task).await.map_err(join_error)?
}

/// Whether the library opened, and where it is: the UI's first question.
#[derive(Serialize)]
pub(crate) struct LibraryStatus {
    path: String,
    articles: u64,
    error: Option<Error>,
}

#[tauri::command]
pub(crate) async fn library_status(state: State<'_, Arc<AppState>>) -> Result<LibraryStatus> {
    let state = Arc::clone(&state);
    tauri::async_runtime::spawn_blocking(move || {
        let path = state.library_path().display().to_string();
        match state.library().and_then(|lib| lib.list(&ListQuery { limit: 1, ..ListQuery::default() })) {
            Ok(page) => LibraryStatus { path, articles: page.total, error: None },
            Err(error) => LibraryStatus { path, articles: 0, error: Some(error) },
        }
    })
    .await
    .map_err(join_error)
}

#[tauri::command]
pub(crate) async fn start_fresh_library(state: State<'_, Arc<AppState>>) -> Result<String> {
    let state = Arc::clone(&state);
    let path =
        tauri::async_runtime::spawn_blocking(move || state.start_fresh_library()).await.map_err(join_error)??;
    Ok(path.display().to_string())
}

#[tauri::command]
pub(crate) async fn list_articles(state: State<'_, Arc<AppState>>, query: ListQuery) -> Result<Page<ArticleSummary>> {
    on_library(state, move |lib| lib.list(&query)).await
}

#[tauri::command]
pub(crate) async fn categories(state: State<'_, Arc<AppState>>) -> Result<Vec<NameCount>> {
    on_library(state, |lib| lib.categories()).await
}

#[tauri::command]
pub(crate) async fn tags(state: State<'_, Arc<AppState>>) -> Result<Vec<NameCount>> {
    on_library(state, |lib| lib.tags()).await
}

#[tauri::command]
pub(crate) async fn get_article(state: State<'_, Arc<AppState>>, slug: String) -> Result<Article> {
    on_library(state, move |lib| lib.article(&slug)).await
}

#[tauri::command]
pub(crate) async fn search(
    state: State<'_, Arc<AppState>>,
    query: String,
    filter: Option<Filter>,
    limit: Option<u32>,
    offset: Option<u32>,
) -> Result<Vec<SearchHit>> {
    let (limit, offset) = (limit.unwrap_or(20), offset.unwrap_or(0));
    on_library(state, move |lib| lib.search(&query, &filter.unwrap_or_default(), limit, offset)).await
}

#[tauri::command]
pub(crate) async fn add_bookmark(
    state: State<'_, Arc<AppState>>,
    slug: String,
    note: Option<String>,
) -> Result<Bookmark> {
    on_library(state, move |lib| lib.add_bookmark(&slug, note.as_deref())).await
}

#[tauri::command]
pub(crate) async fn set_note(state: State<'_, Arc<AppState>>, slug: String, note: String) -> Result<Bookmark> {
    on_library(state, move |lib| lib.set_note(&slug, &note)).await
}

#[tauri::command]
pub(crate) async fn remove_bookmark(state: State<'_, Arc<AppState>>, slug: String) -> Result<()> {
    on_library(state, move |lib| lib.remove_bookmark(&slug)).await
}

#[tauri::command]
pub(crate) async fn list_bookmarks(state: State<'_, Arc<AppState>>) -> Result<Vec<Bookmark>> {
    on_library(state, |lib| lib.bookmarks()).await
}

#[tauri::command]
pub(crate) async fn set_reading_position(
    state: State<'_, Arc<AppState>>,
    slug: String,
    position: f64,
) -> Result<ReadingState> {
    on_library(state, move |lib| lib.set_reading_position(&slug, position)).await
}

#[tauri::command]
pub(crate) async fn get_settings(state: State<'_, Arc<AppState>>) -> Result<BTreeMap<String, String>> {
    on_library(state, |lib| lib.settings()).await
}

#[tauri::command]
pub(crate) async fn set_setting(state: State<'_, Arc<AppState>>, key: String, value: String) -> Result<()> {
    let app_state = Arc::clone(&state);
    on_library(state, move |lib| {
        lib.set_setting(&key, &value)?;
        if key == crate::state::WINDOW_TITLES {
            app_state.read_window_titles(lib);
        }
        Ok(())
    })
    .await
}

/// Opens a web or mail link in the system's browser or mail program, once the reader has said yes to a question
/// the system draws (a native dialog: nothing in the webview can answer it). Only `https:`, `http:` and
/// `mailto:` links are opened; the webview itself never navigates away.
#[tauri::command]
pub(crate) async fn open_external<R: tauri::Runtime>(app: tauri::AppHandle<R>, url: String) -> Result<bool> {
    let url = haven_core::urls::external(&url)?;
    let task = move || {
        let mut question = app
            .dialog()
            .message(format!("This link leaves Haven and opens in your web browser:\n\n{url}"))
            .title("Open this link in your browser?")
            .kind(MessageDialogKind::Info)
            .buttons(MessageDialogButtons::OkCancelCustom("Open in browser".into(), "Stay in Haven".into()));
        if let Some(window) = app.get_webview_window("main") {
            question = question.parent(&window);
        }
        let leave = question.blocking_show();
        if !leave {
            return Ok(false);
        }
        app.opener().open_url(&url, None::<&str>).map_err(|e| {
            log::warn!("a link could not be opened: {e}");
            Error::new(haven_core::ErrorKind::Io, format!("the link could not be opened: {e}"))
        })?;
        Ok(true)
    };
    tauri::async_runtime::spawn_blocking(task).await.map_err(join_error)?
}

/// Highlights what the reader selected: `start..end` are character offsets into the article's text as shown.
#[tauri::command]
pub(crate) async fn add_highlight(
    state: State<'_, Arc<AppState>>,
    slug: String,
    start: usize,
    end: usize,
    color: Color,
    note: Option<String>,
) -> Result<Highlight> {
    on_library(state, move |lib| {
        lib.add_highlight(&slug, &Span::Offsets { start, end }, color, note.as_deref().unwrap_or(""))
    })
    .await
}

#[tauri::command]
pub(crate) async fn set_highlight_note(state: State<'_, Arc<AppState>>, id: i64, note: String) -> Result<Highlight> {
    on_library(state, move |lib| lib.set_highlight_note(id, &note)).await
}

#[tauri::command]
pub(crate) async fn set_highlight_color(state: State<'_, Arc<AppState>>, id: i64, color: Color) -> Result<Highlight> {
    on_library(state, move |lib| lib.set_highlight_color(id, color)).await
}

#[tauri::command]
pub(crate) async fn remove_highlight(state: State<'_, Arc<AppState>>, id: i64) -> Result<()> {
    on_library(state, move |lib| lib.remove_highlight(id)).await
}

#[tauri::command]
pub(crate) async fn notebook(
    state: State<'_, Arc<AppState>>,
    filter: Option<HighlightFilter>,
) -> Result<Vec<NotebookEntry>> {
    on_library(state, move |lib| lib.notebook(&filter.unwrap_or_default())).await
}

/// Turns keyboard text selection (caret browsing: Shift+arrows select text, as F7 does in a browser) on or off.
/// WebKitGTK has it as a setting; elsewhere the answer is `false` and the UI says selecting needs the mouse.
#[tauri::command]
pub(crate) async fn set_caret_browsing<R: tauri::Runtime>(window: tauri::WebviewWindow<R>, on: bool) -> Result<bool> {
    #[cfg(target_os = "linux")]
    {
        window
            .with_webview(move |webview| {
                use webkit2gtk::{SettingsExt, WebViewExt};
                if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                    settings.set_enable_caret_browsing(on);
                }
            })
            .map_err(|e| {
                Error::new(haven_core::ErrorKind::Io, format!("keyboard selection could not be changed: {e}"))
            })?;
        Ok(true)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (window, on);
        Ok(false)
    }
}

#[tauri::command]
pub(crate) async fn delete_article(state: State<'_, Arc<AppState>>, slug: String) -> Result<()> {
    on_library(state, move |lib| lib.delete_article(&slug)).await
}

/// File name endings offered by the file picker: the kinds the core imports.
const IMPORTABLE: &[&str] = &["md", "markdown", "html", "htm", "txt"];

/// Asks the reader for files (or folders) to import with the system's own dialog. Returns the chosen paths,
/// or none when the dialog was closed.
#[tauri::command]
pub(crate) async fn choose_import_sources<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, Arc<AppState>>,
    folders: bool,
) -> Result<Vec<String>> {
    let state = Arc::clone(&state);
    let task = move || {
        let question = Ask {
            kind: if folders { Kind::Folders } else { Kind::OpenFiles },
            title: if folders { "Import folders" } else { "Import files" }.into(),
            start: crate::your_data::start_dir(&app),
            name: None,
            filters: if folders {
                Vec::new()
            } else {
                vec![("Articles and saved pages".into(), IMPORTABLE.iter().map(|e| e.to_string()).collect())]
            },
        };
        let paths = crate::picker::ask(&app, &question)?;
        state.grant(paths.iter().cloned());
        Ok(paths.iter().map(|p| p.display().to_string()).collect())
    };
    tauri::async_runtime::spawn_blocking(task).await.map_err(join_error)?
}

/// Shortest gap between two progress messages: enough for a smooth bar, few enough for 100,000 files.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

/// Articles of each kind (imported, updated, already there) an import's report lists for the window: the
/// screen shows this many (`REPORT_LIST_LIMIT` in `import-screen.js`) and counts the rest, so a large import's
/// report is not megabytes of JSON for the webview to parse.
const REPORT_LISTED: usize = 200;

/// Imports files and folders in the background, sending progress on `progress` and returning the report.
/// Only paths the reader granted (picked in the system's dialog or dropped on the window) are accepted. One
/// long task runs at a time; `cancel_task` stops it.
#[tauri::command]
pub(crate) async fn import_sources(
    state: State<'_, Arc<AppState>>,
    paths: Vec<String>,
    options: ImportOptions,
    progress: Channel<Progress>,
) -> Result<ImportReport> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    state.check_granted(&paths)?;
    let run = state.begin_task("an import")?;
    on_library(state, move |lib| {
        let mut last: Option<Instant> = None;
        lib.import_with_progress(&paths, &options, run.cancel_flag(), |at| {
            if last.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) || at.done == at.total {
                last = Some(Instant::now());
                // A closed window cannot take messages; the import still finishes and is stored.
                let _ = progress.send(at.clone());
            }
        })
        .map(|mut report| {
            report.list_at_most(REPORT_LISTED);
            report
        })
    })
    .await
}

/// Asks the running import, export, backup or restore to stop.
#[tauri::command]
pub(crate) async fn cancel_task(state: State<'_, Arc<AppState>>) -> Result<()> {
    state.cancel_task();
    Ok(())
}
