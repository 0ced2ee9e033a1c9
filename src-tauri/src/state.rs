//! The app's one piece of state: where the library is, and the library once it is open.
//!
//! The library opens lazily, on the first command, inside a blocking task: opening may migrate a schema or
//! bring the bundled articles up to date, and that never runs on the main thread. If the file is damaged the
//! error is kept, reported to the UI with the file's path, and the file is left alone; the reader can start a
//! fresh library beside it, which is remembered for the next launch.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use haven_core::{Error, ErrorKind, Library, Result};

/// A file in the app's data folder naming the library in use, when it is not the default one.
const ACTIVE_LIBRARY_POINTER: &str = "active-library.txt";

pub struct AppState {
    data_dir: PathBuf,
    /// Set by `HAVEN_LIBRARY`: tests and scripts choose the file; the pointer file is then ignored.
    fixed_path: Option<PathBuf>,
    library: Mutex<Option<Arc<Library>>>,
    /// The import running now, if any: one at a time.
    import: Mutex<Option<Arc<AtomicBool>>>,
}

/// An import in progress. Dropping it (when the import ends, however it ends) frees the slot for the next.
pub struct ImportRun {
    state: Arc<AppState>,
    cancel: Arc<AtomicBool>,
}

impl ImportRun {
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

impl Drop for ImportRun {
    fn drop(&mut self) {
        *self.state.import.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

impl AppState {
    /// State for the app: the library in `data_dir`, unless `HAVEN_LIBRARY` names a file.
    pub fn new(data_dir: PathBuf) -> AppState {
        let fixed_path = std::env::var_os("HAVEN_LIBRARY").filter(|p| !p.is_empty()).map(PathBuf::from);
        AppState::with_paths(data_dir, fixed_path)
    }

    /// State with the library location given outright (tests, which must not share process environment).
    pub fn with_paths(data_dir: PathBuf, fixed_path: Option<PathBuf>) -> AppState {
        AppState { data_dir, fixed_path, library: Mutex::new(None), import: Mutex::new(None) }
    }

    /// The library file this app uses.
    pub fn library_path(&self) -> PathBuf {
        if let Some(path) = &self.fixed_path {
            return path.clone();
        }
        let pointer = self.data_dir.join(ACTIVE_LIBRARY_POINTER);
        match std::fs::read_to_string(pointer) {
            Ok(name) if !name.trim().is_empty() => self.data_dir.join(name.trim()),
            _ => self.data_dir.join(haven_core::LIBRARY_FILE),
        }
    }

    /// The open library, opening it on first use. Blocking: call from a blocking task only.
    pub fn library(&self) -> Result<Arc<Library>> {
        let mut slot = self.library.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(library) = slot.as_ref() {
            return Ok(library.clone());
        }
        let library = Arc::new(Library::open(self.library_path())?);
        *slot = Some(library.clone());
        Ok(library)
    }

    /// Claims the import slot, or says an import is already running.
    pub fn begin_import(self: &Arc<Self>) -> Result<ImportRun> {
        let mut slot = self.import.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.is_some() {
            return Err(Error::invalid("an import is already running; wait for it to finish or cancel it"));
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *slot = Some(cancel.clone());
        Ok(ImportRun { state: Arc::clone(self), cancel })
    }

    /// Asks the running import, if any, to stop after the file in hand.
    pub fn cancel_import(&self) {
        if let Some(cancel) = self.import.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Starts a new, empty library beside a damaged one (which is kept exactly as it was) and uses it from now
    /// on. Returns the new file's path.
    pub fn start_fresh_library(&self) -> Result<PathBuf> {
        if self.fixed_path.is_some() {
            return Err(Error::invalid(
                "this library was chosen with HAVEN_LIBRARY; choose another file there to start afresh",
            ));
        }
        let mut slot = self.library.lock().unwrap_or_else(PoisonError::into_inner);
        let name = fresh_name(&self.data_dir);
        let library = Library::open(self.data_dir.join(&name))?;
        std::fs::write(self.data_dir.join(ACTIVE_LIBRARY_POINTER), &name)
            .map_err(|e| Error::io(&self.data_dir.join(ACTIVE_LIBRARY_POINTER), &e))?;
        *slot = Some(Arc::new(library));
        Ok(self.data_dir.join(name))
    }
}

/// `library-2.sqlite`, `library-3.sqlite`, ...: the first name not yet taken.
fn fresh_name(dir: &Path) -> String {
    (2..)
        .map(|n| format!("library-{n}.sqlite"))
        .find(|name| !dir.join(name).exists())
        .unwrap_or_else(|| "library-new.sqlite".to_string())
}

/// A blocking task that panicked or was cancelled, as a core error.
pub fn join_error(err: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Storage, format!("Haven's background task stopped unexpectedly: {err}"))
}
