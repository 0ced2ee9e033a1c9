//! The app's state: where the library is and the library once it is open, the one long task (an import, an
//! export, a backup, a restore) allowed at a time, and the files the reader has granted Haven.
//!
//! The library opens off the main thread (a background task at start, or the first command, whichever comes
//! first): opening may migrate a schema or bring the bundled articles up to date. If it cannot be opened the
//! error is kept and reported to the UI; only when it says the library is damaged or missing may the reader
//! start a fresh library beside it.
//!
//! Files: the webview names paths to import, but it may only name paths the reader gave Haven through the
//! system's file picker or by dropping them on the window. Both of those happen in Rust (the picker is opened
//! by a command, a drop arrives as a window event), which records the paths here; `import_sources` refuses
//! any other. Script running in the webview could otherwise import any readable file. Restoring takes the same
//! rule: a backup or an export is read only when chosen in the system's picker, or listed by Haven as a backup.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use haven_core::library::location::{self, Location};
use haven_core::{Error, ErrorKind, Library, Result};

/// The setting that lets the window's title name what is being read (`"on"`; off unless set).
pub const WINDOW_TITLES: &str = "window_titles";

pub struct AppState {
    data_dir: PathBuf,
    /// Set by `HAVEN_LIBRARY`: tests and scripts choose the file; the pointer file is then ignored.
    fixed_path: Option<PathBuf>,
    library: Mutex<Option<Arc<Library>>>,
    /// Why the library last failed to open, if it did.
    open_failure: Mutex<Option<ErrorKind>>,
    /// The long task running now, if any, with what it is (for the message to a second one): one at a time.
    task: Mutex<Option<(&'static str, Arc<AtomicBool>)>>,
    /// Paths chosen in the system's picker or dropped on the window: the only ones an import may read.
    granted: Mutex<HashSet<PathBuf>>,
    /// Set while the lock is being changed: the library stays closed until the change is done.
    changing_lock: AtomicBool,
    /// The reader's `window_titles` setting, kept here for the main thread (which never reads the library):
    /// whether the window's title may name what is being read.
    window_titles: AtomicBool,
}

/// A long task in progress. Dropping it (when the task ends, however it ends) frees the slot for the next.
pub struct TaskRun {
    state: Arc<AppState>,
    cancel: Arc<AtomicBool>,
}

impl TaskRun {
    /// The flag `cancel_task` sets.
    pub fn cancel_flag(&self) -> &Arc<AtomicBool> {
        &self.cancel
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

impl Drop for TaskRun {
    fn drop(&mut self) {
        *lock(&self.state.task) = None;
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl AppState {
    /// State for the app: the library in `data_dir`, unless `HAVEN_LIBRARY` names a file.
    pub fn new(data_dir: PathBuf) -> AppState {
        AppState::with_paths(data_dir, location::env_library())
    }

    /// State with the library location given outright (tests, which must not share process environment).
    pub fn with_paths(data_dir: PathBuf, fixed_path: Option<PathBuf>) -> AppState {
        AppState {
            data_dir,
            fixed_path,
            library: Mutex::new(None),
            open_failure: Mutex::new(None),
            task: Mutex::new(None),
            granted: Mutex::new(HashSet::new()),
            window_titles: AtomicBool::new(false),
            changing_lock: AtomicBool::new(false),
        }
    }

    /// Where the library is: the core's resolver, exactly as `haven-cli` uses it.
    pub fn location(&self) -> Result<Location> {
        location::resolve(None, self.fixed_path.clone(), Some(&self.data_dir))
    }

    /// The library file this app uses, for messages.
    pub fn library_path(&self) -> PathBuf {
        self.location().map_or_else(|_| self.data_dir.join(location::POINTER_FILE), |l| l.path)
    }

    /// The open library, opening it on first use. Blocking: call from a blocking task only.
    pub fn library(&self) -> Result<Arc<Library>> {
        self.open_with(None)
    }

    /// Opens a locked library with its passphrase; it stays open until it is locked again. A wrong passphrase
    /// is a `locked` error, and nothing changes.
    pub fn unlock(&self, passphrase: &str) -> Result<Arc<Library>> {
        // Open already (a lock that could not close it, or another window's unlock): the passphrase is still
        // checked, so the lock screen never lets anyone through on any words at all.
        if let Some(library) = self.open_library().filter(|l| l.is_locked()) {
            haven_core::library::lock::check_passphrase(&self.location()?.path, passphrase)?;
            return Ok(library);
        }
        self.open_with(Some(passphrase))
    }

    fn open_with(&self, passphrase: Option<&str>) -> Result<Arc<Library>> {
        let mut slot = lock(&self.library);
        if let Some(library) = slot.as_ref() {
            return Ok(library.clone());
        }
        if self.changing_lock.load(Ordering::Relaxed) {
            return Err(Error::new(ErrorKind::Storage, "Haven is changing the library's lock; try again in a moment"));
        }
        match self.location().and_then(|l| l.open_locked(passphrase)) {
            Ok(library) => {
                let library = Arc::new(library);
                *slot = Some(library.clone());
                *lock(&self.open_failure) = None;
                Ok(library)
            }
            Err(e) => {
                log::warn!("the library could not be opened: {}", e.message);
                *lock(&self.open_failure) = Some(e.kind);
                Err(e)
            }
        }
    }

    /// Closes the library: it is taken out of use at once, and its connections close as soon as nothing else in
    /// the app holds it (waiting up to ten seconds; after that it is put back and the answer is "busy").
    pub fn close_library(&self) -> Result<()> {
        let Some(mut held) = lock(&self.library).take() else { return Ok(()) };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match Arc::try_unwrap(held) {
                Ok(library) => {
                    drop(library);
                    return Ok(());
                }
                Err(still) if Instant::now() > deadline => {
                    *lock(&self.library) = Some(still);
                    return Err(Error::new(
                        ErrorKind::Storage,
                        "Haven is still busy with the library; try again in a moment",
                    ));
                }
                Err(still) => {
                    held = still;
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
        }
    }

    /// Locks a locked library again: closed, so only its passphrase opens it. Returns whether it was locked
    /// (a library without a passphrase stays open).
    pub fn lock_now(&self) -> Result<bool> {
        let locked = self.open_library().is_some_and(|l| l.is_locked());
        if locked {
            self.close_library()?;
        }
        Ok(locked)
    }

    /// Sets, changes or removes the passphrase: the library is closed, re-written under the new key, and opened
    /// again (with the new passphrase, or none). If the change fails the library is opened as it was.
    pub fn change_passphrase(&self, current: Option<&str>, new: Option<&str>) -> Result<()> {
        let path = self.location()?.path;
        // The passphrase it has now is checked first, with the library still open: a wrong one changes nothing,
        // and a failed change can open the library again with the one that is right.
        if let Some(current) = current {
            if self.open_library().is_some_and(|l| l.is_locked()) {
                haven_core::library::lock::check_passphrase(&path, current)?;
            }
        }
        self.changing_lock.store(true, Ordering::Relaxed);
        let changed =
            self.close_library().and_then(|()| haven_core::library::lock::change_passphrase(&path, current, new));
        self.changing_lock.store(false, Ordering::Relaxed);
        let reopened = match &changed {
            Ok(()) => self.open_with(new),
            Err(_) => self.open_with(current),
        };
        changed?;
        reopened.map(|_| ())
    }

    /// The library if it is open already; never opens it.
    pub fn open_library(&self) -> Option<Arc<Library>> {
        lock(&self.library).clone()
    }

    /// Claims the slot for a long task (`what`: "an import", "a backup"...), or says which one is running. One
    /// at a time: a restore must not replace the library under an import, nor two backups race for a file.
    pub fn begin_task(self: &Arc<Self>, what: &'static str) -> Result<TaskRun> {
        let mut slot = lock(&self.task);
        if let Some((running, _)) = slot.as_ref() {
            return Err(Error::invalid(format!(
                "Haven is busy with {running}; wait for it to finish or cancel it, then try again"
            )));
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *slot = Some((what, cancel.clone()));
        Ok(TaskRun { state: Arc::clone(self), cancel })
    }

    /// Asks the running task, if any, to stop.
    pub fn cancel_task(&self) {
        if let Some((_, cancel)) = lock(&self.task).as_ref() {
            cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Records paths the reader gave Haven (chosen in the system's picker, or dropped on the window). Only
    /// absolute paths to something that exists are kept: a drop of anything but files (a link dragged about
    /// inside the window arrives as a relative "path") grants nothing.
    pub fn grant(&self, paths: impl IntoIterator<Item = PathBuf>) {
        lock(&self.granted).extend(paths.into_iter().filter(|p| p.is_absolute() && p.exists()));
    }

    /// Refuses unless every path was granted by the reader.
    pub fn check_granted(&self, paths: &[PathBuf]) -> Result<()> {
        let granted = lock(&self.granted);
        match paths.iter().find(|p| !granted.contains(p.as_path())) {
            Some(path) => Err(Error::new(
                ErrorKind::NotAllowed,
                format!(
                    "Haven reads only files you choose in its file picker or drop on its window, and {} was not \
                     chosen that way",
                    path.display()
                ),
            )),
            None => Ok(()),
        }
    }

    /// Where the daily backups of the library go: a `backups` folder beside it.
    pub fn backups_dir(&self) -> PathBuf {
        location::backups_dir(&self.library_path())
    }

    /// Starts a new library beside one that is damaged or missing (which is kept exactly as it was) and uses
    /// it from now on. Refused at any other time: a library from a newer Haven, for one, is not damaged, and
    /// starting afresh then would leave the reader's real library behind after they update. Returns the new
    /// file's path.
    pub fn start_fresh_library(&self) -> Result<PathBuf> {
        if self.fixed_path.is_some() {
            return Err(Error::invalid(
                "this library was chosen with HAVEN_LIBRARY; choose another file there to start afresh",
            ));
        }
        let mut slot = lock(&self.library);
        let refused = || {
            Error::new(
                ErrorKind::NotAllowed,
                "Haven starts a fresh library only when the one it has is damaged or missing",
            )
        };
        if slot.is_some() {
            return Err(refused());
        }
        // Asked again now, not taken from the last attempt: a library that was only busy, or has been put back,
        // opens, and is kept.
        let location = self.location()?;
        match location.open() {
            Ok(library) => {
                *slot = Some(Arc::new(library));
                *lock(&self.open_failure) = None;
                return Ok(location.path);
            }
            Err(e) if matches!(e.kind, ErrorKind::CorruptLibrary | ErrorKind::NotFound) => {}
            Err(e) => {
                *lock(&self.open_failure) = Some(e.kind);
                return Err(refused());
            }
        }
        let (path, library) = location::start_fresh(&self.data_dir)?;
        log::info!("started a fresh library at {}", path.display());
        *slot = Some(Arc::new(library));
        *lock(&self.open_failure) = None;
        Ok(path)
    }

    /// Whether the window's title may name what is being read.
    pub fn window_titles(&self) -> bool {
        self.window_titles.load(Ordering::Relaxed)
    }

    /// Takes the `window_titles` setting from the library (after it opens, or a restore changed it).
    pub fn read_window_titles(&self, library: &Library) {
        let on = library.setting(WINDOW_TITLES).ok().flatten().is_some_and(|v| v == "on");
        self.window_titles.store(on, Ordering::Relaxed);
    }

    /// The folder the app keeps its data in.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}

/// A blocking task that panicked or was cancelled, as a core error.
pub fn join_error(err: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Storage, format!("Haven's background task stopped unexpectedly: {err}"))
}

/// Runs `task` on a blocking thread (off the main thread and the async runtime's workers) and hands back its result.
pub async fn blocking<T: Send + 'static>(task: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tauri::async_runtime::spawn_blocking(task).await.map_err(join_error)?
}
