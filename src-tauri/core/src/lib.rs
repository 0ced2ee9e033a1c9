//! Haven's core: the article model, the library file, rendering and sanitizing, search, bookmarks and import.
//! This crate knows nothing of Tauri or any UI; the desktop app and `haven-cli` are thin front ends over it.
//!
//! Start at [`Library`]: open one with [`Library::open`] and every query is a method on it.

pub mod bundled;
pub mod document;
pub mod error;
pub mod frontmatter;
pub mod import;
pub mod model;
pub mod render;
pub mod sanitize;
pub mod search;
mod snippet;
pub mod store;

pub use error::{Error, ErrorKind, Result};
pub use import::{ImportOptions, ImportReport, Progress};
pub use store::Library;

/// The desktop app's identifier; its library lives in the platform's data folder under this name.
pub const APP_IDENTIFIER: &str = "org.haven.reader";

/// The file name of the library inside the app's data folder.
pub const LIBRARY_FILE: &str = "library.sqlite";

/// Where the desktop app keeps its library: `HAVEN_LIBRARY` if set, else `<data dir>/org.haven.reader/library.sqlite`
/// (`~/.local/share` on Linux, `~/Library/Application Support` on macOS, `%APPDATA%` on Windows).
pub fn default_library_path() -> Option<std::path::PathBuf> {
    if let Some(path) = std::env::var_os("HAVEN_LIBRARY").filter(|p| !p.is_empty()) {
        return Some(path.into());
    }
    dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER).join(LIBRARY_FILE))
}
