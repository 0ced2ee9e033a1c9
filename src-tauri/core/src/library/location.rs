//! Where the library is: one answer for the desktop app and `haven-cli`, so both always open the same file.
//!
//! In order: a path given outright (`haven-cli --library`), else `HAVEN_LIBRARY`, else the app's data folder.
//! In the data folder the library is `library.sqlite`, unless the reader has started a fresh library beside a
//! damaged one, which `active-library.txt` then names. A library named by that pointer must exist: if it has
//! gone, opening says so rather than quietly starting an empty library in its place, which would look as if
//! everything the reader kept had vanished.

use std::path::{Path, PathBuf};

use super::Library;
use crate::error::{Error, ErrorKind, Result};

/// The desktop app's identifier; its data folder is named after it.
pub const APP_IDENTIFIER: &str = "org.haven.reader";

/// The library's file name inside the data folder.
pub const LIBRARY_FILE: &str = "library.sqlite";

/// The file in the data folder naming the library in use, when it is not `library.sqlite`.
pub const POINTER_FILE: &str = "active-library.txt";

/// Where a library is, and whether it may be created there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// Named by the pointer file: opened only if it is there.
    pub must_exist: bool,
}

impl Location {
    /// Opens the library here. One named by the pointer file that has gone missing is a `not_found` error
    /// naming it.
    pub fn open(&self) -> Result<Library> {
        if self.must_exist && !self.path.exists() {
            return Err(Error::new(
                ErrorKind::NotFound,
                format!(
                    "the library Haven was using, {}, is missing; it may have been moved or deleted",
                    self.path.display()
                ),
            ));
        }
        Library::open(&self.path)
    }

    /// [`Location::open`], with the passphrase of a locked library.
    pub fn open_locked(&self, passphrase: Option<&str>) -> Result<Library> {
        if self.must_exist && !self.path.exists() {
            return self.open();
        }
        Library::open_locked(&self.path, passphrase)
    }
}

/// Where the daily backups of the library at `library` go: a `backups` folder beside it (in the app's data folder
/// for the app's own library).
pub fn backups_dir(library: &Path) -> PathBuf {
    library.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new(".")).join("backups")
}

/// The platform's data folder for Haven: `~/.local/share/org.haven.reader` on Linux,
/// `~/Library/Application Support/org.haven.reader` on macOS, `%APPDATA%\org.haven.reader` on Windows (the
/// folder Tauri gives the app as its data folder).
pub fn data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER))
}

/// Where the library is: `explicit` if given, else `HAVEN_LIBRARY` (`env`), else in `data_dir`.
pub fn resolve(explicit: Option<PathBuf>, env: Option<PathBuf>, data_dir: Option<&Path>) -> Result<Location> {
    if let Some(path) = explicit.or(env).filter(|p| !p.as_os_str().is_empty()) {
        return Ok(Location { path, must_exist: false });
    }
    let dir = data_dir.ok_or_else(|| {
        Error::invalid("there is no data folder for a library here; give one with --library PATH or HAVEN_LIBRARY")
    })?;
    Ok(match pointed_name(dir)? {
        Some(name) => Location { path: dir.join(name), must_exist: true },
        None => Location { path: dir.join(LIBRARY_FILE), must_exist: false },
    })
}

/// `HAVEN_LIBRARY`, when set to something.
pub fn env_library() -> Option<PathBuf> {
    std::env::var_os("HAVEN_LIBRARY").filter(|p| !p.is_empty()).map(PathBuf::from)
}

/// The library name the pointer file holds, if there is one. Only a plain file name in the data folder is
/// accepted: the pointer never sends Haven elsewhere.
fn pointed_name(dir: &Path) -> Result<Option<String>> {
    let pointer = dir.join(POINTER_FILE);
    let text = match std::fs::read_to_string(&pointer) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&pointer, &e)),
    };
    let name = text.trim();
    if name.is_empty() {
        return Ok(None);
    }
    if !is_plain_file_name(name) {
        return Err(Error::new(
            ErrorKind::CorruptLibrary,
            format!("{} does not name a library file in {}", pointer.display(), dir.display()),
        ));
    }
    Ok(Some(name.to_string()))
}

fn is_plain_file_name(name: &str) -> bool {
    let path = Path::new(name);
    path.components().count() == 1
        && matches!(path.components().next(), Some(std::path::Component::Normal(_)))
        && !name.contains(['/', '\\', ':'])
        && name.ends_with(".sqlite")
}

/// Starts a new, empty library (with the bundled articles) in `dir`, beside whatever is there, and makes it the
/// one opened from now on. The pointer is written to a temporary file and renamed over the old one, so a crash
/// leaves either the old pointer or the new one, never half of one. Returns the new library's path.
pub fn start_fresh(dir: &Path) -> Result<(PathBuf, Library)> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    let name = fresh_name(dir);
    let path = dir.join(&name);
    let library = Library::open(&path)?;
    let pointer = dir.join(POINTER_FILE);
    let temporary = dir.join(format!("{POINTER_FILE}.new"));
    std::fs::write(&temporary, &name).map_err(|e| Error::io(&temporary, &e))?;
    std::fs::rename(&temporary, &pointer).map_err(|e| Error::io(&pointer, &e))?;
    Ok((path, library))
}

/// `library-2.sqlite`, `library-3.sqlite`, ...: the first name not yet taken.
fn fresh_name(dir: &Path) -> String {
    (2..10_000)
        .map(|n| format!("library-{n}.sqlite"))
        .find(|name| !dir.join(name).exists())
        .unwrap_or_else(|| "library-new.sqlite".to_string())
}

#[cfg(test)]
mod tests;
