//! Haven's desktop app: a Tauri 2 window over `haven-core`. This crate only adapts: it owns the window, the
//! security settings, the command table, a background watcher and the daily backup, and every command calls
//! straight into the core.

mod command_names;
mod commands;
mod lock;
pub mod picker;
pub mod read_aloud;
mod safety;
pub mod state;
mod watch;
mod your_data;

use std::sync::Arc;

use tauri::webview::NewWindowResponse;
use tauri::{DragDropEvent, Manager, WebviewUrl, WebviewWindowBuilder, WindowEvent};

use read_aloud::ReadAloud;
use state::AppState;

pub use command_names::COMMANDS;

/// Registers every command the UI may call. The list must match [`COMMANDS`] (a test checks).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::library_status,
        commands::start_fresh_library,
        commands::list_articles,
        commands::categories,
        commands::tags,
        commands::get_article,
        commands::search,
        commands::add_bookmark,
        commands::set_note,
        commands::remove_bookmark,
        commands::list_bookmarks,
        commands::set_reading_position,
        commands::get_settings,
        commands::set_setting,
        commands::open_external,
        commands::delete_article,
        commands::choose_import_sources,
        commands::import_sources,
        commands::cancel_task,
        commands::add_highlight,
        commands::set_highlight_note,
        commands::set_highlight_color,
        commands::remove_highlight,
        commands::notebook,
        commands::set_caret_browsing,
        your_data::your_data,
        your_data::export_annotations,
        your_data::export_articles,
        your_data::save_article,
        your_data::backup_now,
        your_data::choose_restore_file,
        your_data::restore_backup,
        your_data::merge_annotations,
        safety::helplines,
        safety::plan,
        safety::add_plan_item,
        safety::set_plan_item,
        safety::remove_plan_item,
        safety::export_plan,
        lock::lock_status,
        lock::unlock,
        lock::lock_now,
        lock::set_passphrase,
        read_aloud::read_aloud,
        read_aloud::read_aloud_control,
        read_aloud::read_aloud_voice,
        read_aloud::read_aloud_voices,
    ])
}

/// Only the app's own pages may load in the webview: every other navigation is refused (links to the web are
/// opened in the system browser by `open_external`, after the reader confirms). The app is served from
/// `tauri://localhost` on Linux and macOS, and from `http(s)://tauri.localhost` on Windows only.
pub fn is_app_url(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => cfg!(windows) && url.host_str() == Some("tauri.localhost"),
        "about" => url.path() == "blank",
        _ => false,
    }
}

/// Files dropped on the window (a real drop, reported by the window system, not an event script can raise)
/// are granted for import.
pub fn on_window_event(state: &AppState, event: &WindowEvent) {
    if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
        state.grant(paths.iter().cloned());
    }
}

/// Read-aloud stops with the window: a voice must not go on reading once Haven is closed.
fn stop_reading_with(window: &tauri::Window, event: &WindowEvent) {
    if matches!(event, WindowEvent::CloseRequested { .. } | WindowEvent::Destroyed) {
        window.state::<ReadAloud>().stop();
    }
}

pub fn run() {
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            // A second launch brings the open window forward instead of starting another Haven.
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(
            // Failures worth a look later (bundled sync, re-rendering, imports, links that would not open) go to
            // a file in the app's log folder. Never article text; nothing leaves the computer.
            tauri_plugin_log::Builder::new()
                .clear_targets()
                .target(tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::LogDir {
                    file_name: Some("haven".into()),
                }))
                .level(log::LevelFilter::Info)
                .max_file_size(512 * 1024)
                .rotation_strategy(tauri_plugin_log::RotationStrategy::KeepOne)
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_opener::init())
        // Used from Rust only (the file picker, the leave-Haven question): the webview is granted no dialog
        // permission.
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(|window, event| {
            on_window_event(&window.state::<Arc<AppState>>(), event);
            stop_reading_with(window, event);
        })
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            let state = Arc::new(AppState::new(data_dir));
            app.manage(Arc::clone(&state));
            app.manage(ReadAloud::with_system_voices(app.handle().clone()));
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Haven")
                .inner_size(1100.0, 760.0)
                .min_inner_size(420.0, 480.0)
                .on_navigation(is_app_url)
                // No new windows: `window.open` and links with a target open nothing.
                .on_new_window(|_url, _features| NewWindowResponse::Deny)
                // The window's title follows the page's only when the reader turned that on; otherwise it is
                // "Haven", whatever the page says (a taskbar or a shared screen shows it).
                .on_document_title_changed({
                    let state = Arc::clone(&state);
                    move |webview, title| {
                        let shown =
                            if state.window_titles() && !title.trim().is_empty() { title } else { "Haven".into() };
                        let _ = webview.set_title(&shown);
                    }
                })
                .build()?;
            watch::start(app.handle().clone(), Arc::clone(&state));
            your_data::start_daily_backups(state);
            Ok(())
        });
    with_commands(builder).run(tauri::generate_context!()).unwrap_or_else(|e| {
        eprintln!("Haven could not start: {e}");
        std::process::exit(1);
    });
}
