//! The app's one background thread: it opens the library as the app starts (off the main thread), brings the
//! HTML of articles an older Haven rendered up to date in small batches, and then notices when another process
//! (`haven-cli`) changes the library, so the window can refresh what it shows.
//!
//! Events for the window: `library-updating` (`{done, total}`, while articles are re-rendered) and
//! `library-changed` (another process committed a change).

use std::sync::{Arc, Weak};
use std::time::Duration;

use haven_core::{Library, RerenderProgress};
use tauri::{AppHandle, Emitter, Runtime};

use crate::state::AppState;

/// How often the library is asked whether another process changed it.
const POLL_EVERY: Duration = Duration::from_millis(1_500);

pub(crate) fn start<R: Runtime>(app: AppHandle<R>, state: Arc<AppState>) {
    let spawned = std::thread::Builder::new().name("haven-library-watch".into()).spawn(move || {
        // Open now, so the first screen does not wait for a migration or the bundled articles.
        if let Ok(library) = state.library() {
            state.read_window_titles(&library);
        }
        let mut brought_up_to_date: Weak<Library> = Weak::new();
        loop {
            if let Some(library) = state.open_library() {
                if !brought_up_to_date.upgrade().is_some_and(|done| Arc::ptr_eq(&done, &library)) {
                    rerender(&app, &library);
                    brought_up_to_date = Arc::downgrade(&library);
                }
                match library.changed_elsewhere() {
                    Ok(true) => {
                        let _ = app.emit("library-changed", ());
                    }
                    Ok(false) => {}
                    Err(e) => log::warn!("could not check the library for changes: {}", e.message),
                }
            }
            std::thread::sleep(POLL_EVERY);
        }
    });
    if let Err(e) = spawned {
        log::error!("the library watcher could not start: {e}");
    }
}

/// Re-renders what an older Haven stored, telling the window how far it has got.
fn rerender<R: Runtime>(app: &AppHandle<R>, library: &Library) {
    match library.count_stale() {
        Ok(0) => return,
        Ok(total) => log::info!("re-rendering {total} articles written by an older Haven"),
        Err(e) => return log::warn!("could not count articles to re-render: {}", e.message),
    }
    let report = library.rerender_stale(|progress: RerenderProgress| {
        let _ = app.emit("library-updating", progress);
        true
    });
    match report {
        Ok(report) => log::info!("re-indexed {} articles", report.rendered),
        Err(e) => log::warn!("re-rendering stopped: {}", e.message),
    }
}
