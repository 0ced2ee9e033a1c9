//! Haven's desktop app: a Tauri 2 window over `haven-core`. This crate only adapts: it owns the window, the
//! security settings and the command table, and every command calls straight into the core.

mod commands;
pub mod state;

use std::sync::Arc;

use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};

use state::AppState;

/// Registers every command the UI may call. The list must match `COMMANDS` in `build.rs`.
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
        commands::cancel_import,
    ])
}

/// Only the app's own pages may load in the webview: every other navigation is refused (links to the web are
/// opened in the system browser by `open_external`, after the reader confirms).
pub fn is_app_url(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        "about" => url.path() == "blank",
        _ => false,
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
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_opener::init())
        // Used from Rust only (`choose_import_sources`): the webview is granted no dialog permission.
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            app.manage(Arc::new(AppState::new(data_dir)));
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Haven")
                .inner_size(1100.0, 760.0)
                .min_inner_size(420.0, 480.0)
                .on_navigation(is_app_url)
                .build()?;
            Ok(())
        });
    with_commands(builder).run(tauri::generate_context!()).unwrap_or_else(|e| {
        eprintln!("Haven could not start: {e}");
        std::process::exit(1);
    });
}
