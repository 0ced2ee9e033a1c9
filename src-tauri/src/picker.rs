//! The system's file dialogs, which Haven opens from Rust (the webview names no path), and on Linux in a process
//! of their own.
//!
//! Why a process of its own: GTK's file dialog opens the files it lists to sniff their type. Closing a file
//! drops every POSIX lock the process holds on it, so a dialog showing the library's folder in Haven's process
//! would silently drop SQLite's locks on the library and its `-shm` file; `haven-cli` could then take itself for
//! the library's last user and remove the write-ahead log Haven is still writing to (SQLite's "How To Corrupt
//! An SQLite Database File", section 2.2; seen here with strace, and as a restore lost). The dialog process is
//! Haven's own binary started with [`ARG`]: it shows one dialog and prints the chosen paths as JSON. Elsewhere
//! the dialog plugin runs in-process (Windows locks files differently; macOS's panels are the system's).

use std::path::PathBuf;

use haven_core::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};

/// The argument that makes Haven's binary show one file dialog and exit.
pub const ARG: &str = "--haven-file-dialog";

/// One question for the reader.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ask {
    pub kind: Kind,
    pub title: String,
    /// The folder it opens in.
    pub start: Option<PathBuf>,
    /// For a save: the name offered.
    pub name: Option<String>,
    /// `(label, name endings)`.
    pub filters: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub enum Kind {
    Save,
    OpenFile,
    OpenFiles,
    Folder,
    Folders,
}

/// Asks the reader and returns what they chose (nothing when they closed the dialog). Blocking.
pub(crate) fn ask<R: tauri::Runtime>(app: &tauri::AppHandle<R>, question: &Ask) -> Result<Vec<PathBuf>> {
    #[cfg(target_os = "linux")]
    {
        let _ = app;
        in_own_process(question)
    }
    #[cfg(not(target_os = "linux"))]
    {
        in_this_process(app, question)
    }
}

#[cfg(target_os = "linux")]
fn in_own_process(question: &Ask) -> Result<Vec<PathBuf>> {
    let failed = |why: String| Error::new(ErrorKind::Io, format!("the file dialog could not open: {why}"));
    let exe = std::env::current_exe().map_err(|e| failed(e.to_string()))?;
    let request = serde_json::to_string(question).map_err(|e| failed(e.to_string()))?;
    let output = std::process::Command::new(exe)
        .arg(ARG)
        .arg(request)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| failed(e.to_string()))?;
    if !output.status.success() {
        return Err(failed(format!("it stopped ({})", output.status)));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| failed(e.to_string()))
}

#[cfg(not(target_os = "linux"))]
fn in_this_process<R: tauri::Runtime>(app: &tauri::AppHandle<R>, question: &Ask) -> Result<Vec<PathBuf>> {
    use tauri::Manager;
    use tauri_plugin_dialog::DialogExt;
    let mut dialog = app.dialog().file().set_title(&question.title);
    if let Some(start) = &question.start {
        dialog = dialog.set_directory(start);
    }
    if let Some(name) = &question.name {
        dialog = dialog.set_file_name(name);
    }
    for (label, endings) in &question.filters {
        let endings: Vec<&str> = endings.iter().map(String::as_str).collect();
        dialog = dialog.add_filter(label, &endings);
    }
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let chosen = match question.kind {
        Kind::Save => dialog.blocking_save_file().into_iter().collect(),
        Kind::OpenFile => dialog.blocking_pick_file().into_iter().collect(),
        Kind::OpenFiles => dialog.blocking_pick_files().unwrap_or_default(),
        Kind::Folder => dialog.blocking_pick_folder().into_iter().collect(),
        Kind::Folders => dialog.blocking_pick_folders().unwrap_or_default(),
    };
    Ok(chosen.into_iter().filter_map(|p| p.into_path().ok()).collect())
}

/// In the dialog process: when Haven's binary was started with [`ARG`], shows the dialog, prints the chosen
/// paths as a JSON list and returns `true` (the caller then exits). `false` for a normal start.
pub fn serve_if_asked() -> bool {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() != Some(ARG) {
        return false;
    }
    let chosen = args.next().and_then(|request| serde_json::from_str::<Ask>(&request).ok()).map(|q| show(&q));
    let paths: Vec<PathBuf> = chosen.unwrap_or_default();
    println!("{}", serde_json::to_string(&paths).unwrap_or_else(|_| "[]".into()));
    true
}

/// Shows the dialog with GTK on this process's main thread, and lets GTK finish before returning, so the
/// process ends cleanly. (A helper that runs GTK on a thread of its own, as `rfd` does, crashed about one exit in
/// four, as the main thread's exit tore GTK down under it.)
#[cfg(target_os = "linux")]
fn show(question: &Ask) -> Vec<PathBuf> {
    use gtk::prelude::*;
    use gtk::{FileChooserAction, FileChooserDialog, FileFilter, ResponseType};

    if gtk::init().is_err() {
        return Vec::new();
    }
    let (action, accept) = match question.kind {
        Kind::Save => (FileChooserAction::Save, "_Save"),
        Kind::OpenFile | Kind::OpenFiles => (FileChooserAction::Open, "_Open"),
        Kind::Folder | Kind::Folders => (FileChooserAction::SelectFolder, "_Select"),
    };
    let dialog = FileChooserDialog::with_buttons(
        Some(question.title.as_str()),
        None::<&gtk::Window>,
        action,
        &[("_Cancel", ResponseType::Cancel), (accept, ResponseType::Accept)],
    );
    dialog.set_default_response(ResponseType::Accept);
    dialog.set_select_multiple(matches!(question.kind, Kind::OpenFiles | Kind::Folders));
    if let Some(start) = &question.start {
        dialog.set_current_folder(start);
    }
    if let Kind::Save = question.kind {
        // A file that exists is replaced only after the person says so.
        dialog.set_do_overwrite_confirmation(true);
        if let Some(name) = &question.name {
            dialog.set_current_name(name);
        }
    }
    for (label, endings) in &question.filters {
        let filter = FileFilter::new();
        filter.set_name(Some(label.as_str()));
        for ending in endings {
            filter.add_pattern(&if ending == "*" { "*".to_string() } else { format!("*.{ending}") });
        }
        dialog.add_filter(filter);
    }
    let chosen = if dialog.run() == ResponseType::Accept { dialog.filenames() } else { Vec::new() };
    dialog.hide();
    while gtk::events_pending() {
        gtk::main_iteration();
    }
    chosen
}

#[cfg(not(target_os = "linux"))]
fn show(_question: &Ask) -> Vec<PathBuf> {
    Vec::new()
}
