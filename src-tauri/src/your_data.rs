//! The commands behind Settings → Your data and the reader's "Save as Markdown": exports, backups, restoring.
//!
//! Every file is chosen in the system's own dialog, opened here in Rust (`picker.rs`): the webview names no path
//! to write, and reads back only a file chosen that way or one Haven lists as its own backup. Long tasks take the app's
//! one task slot (see `state.rs`), report progress on a channel and stop on `cancel_task`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use haven_core::library::data::{
    AnnotationFormat, ArticleSelection, BackupFile, BackupReport, DataProgress, ExportReport, RestoreReport, Task,
};
use haven_core::store::annotations::{MergeReport, Totals};
use haven_core::{time, Error, ErrorKind, Result};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{Manager, State};

use crate::picker::{self, Ask, Kind};
use crate::state::{blocking, AppState};

/// The setting that turns the daily backup off (`"off"`); on unless set so.
pub(crate) const AUTOMATIC_BACKUPS: &str = "backups.automatic";

/// Shortest gap between two progress messages.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

/// What Settings → Your data shows.
#[derive(Serialize)]
pub(crate) struct YourData {
    totals: Totals,
    library_path: String,
    backups_dir: String,
    automatic: bool,
    backups: Vec<BackupFile>,
}

/// A file chosen to restore from: a backup, or an annotations export to merge.
#[derive(Serialize)]
pub(crate) struct Chosen {
    path: String,
    kind: &'static str,
    bytes: u64,
}

#[tauri::command]
pub(crate) async fn your_data(state: State<'_, Arc<AppState>>) -> Result<YourData> {
    let state = Arc::clone(&state);
    blocking(move || {
        let library = state.library()?;
        let dir = state.backups_dir();
        Ok(YourData {
            totals: library.totals()?,
            library_path: state.library_path().display().to_string(),
            backups_dir: dir.display().to_string(),
            automatic: library.setting(AUTOMATIC_BACKUPS)?.as_deref() != Some("off"),
            backups: library.backups(&dir)?,
        })
    })
    .await
}

/// Exports every annotation to a file (JSON, CSV) or a new folder (Markdown) the reader chooses. `None` when
/// the dialog was closed.
#[tauri::command]
pub(crate) async fn export_annotations<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, Arc<AppState>>,
    format: AnnotationFormat,
    progress: Channel<DataProgress>,
) -> Result<Option<ExportReport>> {
    let state = Arc::clone(&state);
    blocking(move || {
        let today = time::civil_date(time::now_ms());
        let target = match format {
            AnnotationFormat::Markdown => choose_folder(&app, "Export your notes into a folder")?
                .map(|dir| fresh_folder(&dir, &format!("Haven notebook {today}"))),
            AnnotationFormat::Json => {
                save_file(&app, "Export your annotations", &format!("Haven annotations {today}.json"), "JSON", "json")?
            }
            AnnotationFormat::Csv => {
                save_file(&app, "Export for Readwise", &format!("Haven highlights {today}.csv"), "CSV", "csv")?
            }
        };
        let Some(target) = target else { return Ok(None) };
        let run = state.begin_task("an export")?;
        let mut report = throttled(&progress);
        let mut task = Task { progress: &mut report, cancel: run.cancel_flag() };
        state.library()?.export_annotations_with(format, &target, &mut task).map(Some)
    })
    .await
}

/// Exports articles (a category, a tag, or every article) into a new folder inside the one the reader chooses.
#[tauri::command]
pub(crate) async fn export_articles<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, Arc<AppState>>,
    selection: ArticleSelection,
    progress: Channel<DataProgress>,
) -> Result<Option<ExportReport>> {
    let state = Arc::clone(&state);
    blocking(move || {
        let Some(dir) = choose_folder(&app, "Export articles into a folder")? else { return Ok(None) };
        let name = selection.category.as_deref().or(selection.tag.as_deref()).unwrap_or("articles");
        let target = fresh_folder(&dir, &format!("Haven {} {}", file_safe(name), time::civil_date(time::now_ms())));
        let run = state.begin_task("an export")?;
        let mut report = throttled(&progress);
        state
            .library()?
            .export_articles(&selection, &target, &mut Task { progress: &mut report, cancel: run.cancel_flag() })
            .map(Some)
    })
    .await
}

/// Saves one article as a Markdown file the reader names, its pictures beside it.
#[tauri::command]
pub(crate) async fn save_article<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, Arc<AppState>>,
    slug: String,
) -> Result<Option<ExportReport>> {
    let state = Arc::clone(&state);
    blocking(move || {
        let library = state.library()?;
        library.article(&slug)?;
        let Some(file) = save_file(&app, "Save this article as Markdown", &format!("{slug}.md"), "Markdown", "md")?
        else {
            return Ok(None);
        };
        library.export_article_to(&slug, &file).map(Some)
    })
    .await
}

/// Writes a backup of the whole library to a file the reader chooses.
#[tauri::command]
pub(crate) async fn backup_now<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, Arc<AppState>>,
    progress: Channel<DataProgress>,
) -> Result<Option<BackupReport>> {
    let state = Arc::clone(&state);
    blocking(move || {
        let name = format!("Haven backup {}.sqlite", time::civil_date(time::now_ms()));
        let Some(file) = save_file(&app, "Back up your library", &name, "Haven backup", "sqlite")? else {
            return Ok(None);
        };
        let run = state.begin_task("a backup")?;
        let mut report = throttled(&progress);
        state.library()?.backup(&file, &mut Task { progress: &mut report, cancel: run.cancel_flag() }).map(Some)
    })
    .await
}

/// Asks the reader for a backup or an annotations export to restore from, and says which it is. The file is
/// granted: `restore_backup` or `merge_annotations` may read it.
#[tauri::command]
pub(crate) async fn choose_restore_file<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, Arc<AppState>>,
) -> Result<Option<Chosen>> {
    let state = Arc::clone(&state);
    blocking(move || {
        let question = Ask {
            kind: Kind::OpenFile,
            title: "Restore from a backup or an export".into(),
            start: start_dir(&app),
            name: None,
            filters: vec![
                ("Haven backups and exports".into(), vec!["sqlite".into(), "json".into()]),
                ("Any file".into(), vec!["*".into()]),
            ],
        };
        let Some(path) = picker::ask(&app, &question)?.into_iter().next() else { return Ok(None) };
        let mut head = [0u8; 16];
        let bytes = std::fs::metadata(&path).map_err(|e| Error::io(&path, &e))?.len();
        let read = std::fs::File::open(&path)
            .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
            .map_err(|e| Error::io(&path, &e))?;
        let kind = if &head[..read] == b"SQLite format 3\0" { "backup" } else { "export" };
        state.grant([path.clone()]);
        Ok(Some(Chosen { path: path.display().to_string(), kind, bytes }))
    })
    .await
}

/// Restores a backup: one the reader chose in the picker, or one of Haven's own listed in Your data.
#[tauri::command]
pub(crate) async fn restore_backup(
    state: State<'_, Arc<AppState>>,
    path: String,
    progress: Channel<DataProgress>,
) -> Result<RestoreReport> {
    let state = Arc::clone(&state);
    blocking(move || {
        let path = PathBuf::from(path);
        let library = state.library()?;
        let listed = library.backups(&state.backups_dir())?.iter().any(|b| Path::new(&b.path) == path);
        if !listed {
            state.check_granted(std::slice::from_ref(&path))?;
        }
        let run = state.begin_task("a restore")?;
        let mut report = throttled(&progress);
        let restored = library.restore(&path, &mut Task { progress: &mut report, cancel: run.cancel_flag() })?;
        state.read_window_titles(&library);
        Ok(restored)
    })
    .await
}

/// Merges an annotations export the reader chose into the library.
#[tauri::command]
pub(crate) async fn merge_annotations(state: State<'_, Arc<AppState>>, path: String) -> Result<MergeReport> {
    let state = Arc::clone(&state);
    blocking(move || {
        let path = PathBuf::from(path);
        state.check_granted(std::slice::from_ref(&path))?;
        let _run = state.begin_task("a restore")?;
        state.library()?.merge_annotations(&path)
    })
    .await
}

/// Sends progress on `channel` at most every [`PROGRESS_EVERY`], and always the last step.
fn throttled(channel: &Channel<DataProgress>) -> impl FnMut(&DataProgress) + '_ {
    let mut last: Option<Instant> = None;
    move |at: &DataProgress| {
        if last.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) || (at.total > 0 && at.done == at.total) {
            last = Some(Instant::now());
            // A closed window cannot take messages; the task still finishes.
            let _ = channel.send(at.clone());
        }
    }
}

/// Where file dialogs open: the person's documents folder, else their home. Never the library's own folder,
/// which is hidden in the app's data folder (see `picker.rs` for why that matters).
pub(crate) fn start_dir<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> Option<PathBuf> {
    app.path().document_dir().ok().filter(|d| d.is_dir()).or_else(|| app.path().home_dir().ok())
}

fn choose_folder<R: tauri::Runtime>(app: &tauri::AppHandle<R>, title: &str) -> Result<Option<PathBuf>> {
    let question =
        Ask { kind: Kind::Folder, title: title.into(), start: start_dir(app), name: None, filters: Vec::new() };
    Ok(picker::ask(app, &question)?.into_iter().next())
}

fn save_file<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    title: &str,
    name: &str,
    kind: &str,
    extension: &str,
) -> Result<Option<PathBuf>> {
    let question = Ask {
        kind: Kind::Save,
        title: title.into(),
        start: start_dir(app),
        name: Some(name.into()),
        filters: vec![(kind.into(), vec![extension.into()])],
    };
    Ok(picker::ask(app, &question)?.into_iter().next())
}

/// `dir/name`, or `dir/name (2)` and so on when that is taken: an export never writes into a folder that exists.
fn fresh_folder(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    (2..).map(|n| dir.join(format!("{name} ({n})"))).find(|p| !p.exists()).unwrap_or(first)
}

/// A category or tag as part of a folder name: no path separators or characters Windows refuses.
fn file_safe(name: &str) -> String {
    let safe: String =
        name.chars().map(|c| if c.is_control() || r#"<>:"/\|?*"#.contains(c) { ' ' } else { c }).collect();
    let safe = safe.trim().trim_end_matches('.').trim().to_string();
    if safe.is_empty() {
        "articles".into()
    } else {
        safe
    }
}

/// The daily backup, written in the background: shortly after the app starts, then once an hour (a new day
/// brings a new backup), unless the reader turned it off. Reading is never blocked: the backup reads one
/// snapshot of the library while the app goes on.
pub(crate) fn start_daily_backups(state: Arc<AppState>) {
    const FIRST_AFTER: Duration = Duration::from_secs(8);
    const EVERY: Duration = Duration::from_secs(3_600);
    let spawned = std::thread::Builder::new().name("haven-daily-backup".into()).spawn(move || {
        std::thread::sleep(FIRST_AFTER);
        loop {
            if let Some(library) = state.open_library() {
                let on = library.setting(AUTOMATIC_BACKUPS).map(|v| v.as_deref() != Some("off")).unwrap_or(true);
                if on {
                    match library.automatic_backup(&state.backups_dir()) {
                        Ok(Some(report)) => log::info!("wrote today's backup ({} bytes)", report.bytes),
                        Ok(None) => {}
                        Err(e) if e.kind == ErrorKind::Cancelled => {}
                        Err(e) => log::warn!("today's backup could not be written: {}", e.message),
                    }
                }
            }
            std::thread::sleep(EVERY);
        }
    });
    if let Err(e) = spawned {
        log::error!("the daily backup could not start: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_folders_are_new_and_safely_named() {
        let dir = tempfile::tempdir().unwrap();
        let first = fresh_folder(dir.path(), "Haven notebook 2026-11-22");
        assert_eq!(first, dir.path().join("Haven notebook 2026-11-22"));
        std::fs::create_dir(&first).unwrap();
        assert_eq!(
            fresh_folder(dir.path(), "Haven notebook 2026-11-22"),
            dir.path().join("Haven notebook 2026-11-22 (2)")
        );
        assert_eq!(file_safe("Mine/Theirs: \"a|b\"?"), "Mine Theirs   a b");
        assert!(!file_safe("../..").contains('/'));
        assert_eq!(file_safe("///"), "articles");
    }
}
