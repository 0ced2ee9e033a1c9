//! The import pipeline: worker threads read, convert and render files; the calling thread hands them to the
//! store in file order, a batch at a time, so reports and duplicate detection are the same as a one-by-one
//! import, and an import killed part-way loses at most one batch, which the next run redoes.
//!
//! Bounds, so that no file can make an import grow without limit or hold it up:
//! - Workers run at most [`WINDOW`] files ahead of the next file to store, and wait while the files prepared
//!   but not yet stored hold more than [`PENDING_BYTES`]. One slow file therefore never lets the others pile up
//!   in memory behind it.
//! - A batch is stored at [`BATCH`] files or [`BATCH_BYTES`], whichever comes first.
//! - Cancelling is seen within [`CANCEL_CHECK`] even while waiting for a file that never finishes (a network
//!   drive that stopped answering). The workers are not scoped to the import: one stuck in a read is left to
//!   finish on its own, and the import returns (freeing the app's one import slot) without waiting for it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use super::files::{self, SourceFile};
use super::{Duplicate, ImportOptions, ImportReport, Imported, Line, Prepared, Progress, Stored};
use crate::error::Result;

/// Files stored per transaction.
pub const BATCH: usize = 128;

/// Prepared bytes stored per transaction at most (a batch of large pages is stored early).
pub const BATCH_BYTES: usize = 32 * 1024 * 1024;

/// How far ahead of the next file to store the workers may go.
pub const WINDOW: usize = 64;

/// Prepared bytes waiting to be stored beyond which workers wait (the next file in order always proceeds).
const PENDING_BYTES: usize = 128 * 1024 * 1024;

/// How often cancelling is checked while no file is ready.
const CANCEL_CHECK: Duration = Duration::from_millis(100);

/// Turns one file into a document; `prepare_guarded` in the import, a stand-in in tests.
pub(crate) type PrepareFn = dyn Fn(&SourceFile, &ImportOptions) -> Result<Prepared> + Send + Sync;

/// What the workers share with the storing thread.
struct Shared {
    files: Vec<SourceFile>,
    options: ImportOptions,
    prepare: Arc<PrepareFn>,
    next: AtomicUsize,
    stop: AtomicBool,
    window: Mutex<Window>,
    moved: Condvar,
}

/// How far storing has got, and what waits for it.
struct Window {
    /// Files handed on to be stored, in order: the next to store is `files[stored]`.
    stored: usize,
    /// Bytes of files prepared but not yet handed on.
    pending_bytes: usize,
}

impl Shared {
    fn window(&self) -> std::sync::MutexGuard<'_, Window> {
        self.window.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until file `index` may be prepared: inside the window, and with room in memory unless it is the
    /// very next file. False when the import has stopped.
    fn wait_for_turn(&self, index: usize) -> bool {
        let mut window = self.window();
        loop {
            if self.stop.load(Ordering::Relaxed) {
                return false;
            }
            let in_window = index < window.stored + WINDOW;
            let room = window.pending_bytes < PENDING_BYTES || index == window.stored;
            if in_window && room {
                return true;
            }
            window = self.moved.wait_timeout(window, CANCEL_CHECK).unwrap_or_else(PoisonError::into_inner).0;
        }
    }
}

pub(crate) fn run(
    paths: &[PathBuf],
    options: ImportOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&Progress),
    store: &mut dyn FnMut(&[Prepared]) -> Result<Vec<Stored>>,
    each: &mut dyn FnMut(&Line),
    prepare: Arc<PrepareFn>,
) -> Result<ImportReport> {
    let Some((files, mut report)) = walk(paths, cancel)? else {
        return Ok(ImportReport { cancelled: true, ..ImportReport::default() });
    };
    let total = files.len();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8).min(total.max(1));
    let shared = Arc::new(Shared {
        files,
        options,
        prepare,
        next: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        window: Mutex::new(Window { stored: 0, pending_bytes: 0 }),
        moved: Condvar::new(),
    });
    let (sender, receiver) = mpsc::channel::<(usize, Result<Prepared>)>();
    for _ in 0..workers {
        let (shared, sender) = (Arc::clone(&shared), sender.clone());
        std::thread::spawn(move || work(&shared, &sender));
    }
    drop(sender);
    let mut reporting = Reporting { report: &mut report, each };
    let result = store_in_order(&shared, &receiver, cancel, &mut reporting, progress, store);
    shared.stop.store(true, Ordering::Relaxed);
    shared.moved.notify_all();
    result?;
    if !report.cancelled {
        progress(&Progress { done: total, total, current: String::new(), failed: report.failed_count() });
    }
    Ok(report)
}

/// Finds the files, on a thread of its own so that a folder walk that hangs (a network drive that stopped
/// answering) cannot keep cancel from returning. `None` when cancelled during the walk.
fn walk(paths: &[PathBuf], cancel: &AtomicBool) -> Result<Option<(Vec<SourceFile>, ImportReport)>> {
    let stop = Arc::new(AtomicBool::new(false));
    let (sender, receiver) = mpsc::channel();
    let (paths, walk_stop) = (paths.to_vec(), Arc::clone(&stop));
    std::thread::spawn(move || {
        let mut report = ImportReport::default();
        let files = files::collect(&paths, &mut report, &walk_stop);
        let _ = sender.send((files, report));
    });
    loop {
        match receiver.recv_timeout(CANCEL_CHECK) {
            Ok(found) if !cancel.load(Ordering::Relaxed) => return Ok(Some(found)),
            Ok(_) => return Ok(None),
            Err(RecvTimeoutError::Timeout) if cancel.load(Ordering::Relaxed) => {
                stop.store(true, Ordering::Relaxed);
                return Ok(None);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                return Err(crate::error::Error::new(
                    crate::error::ErrorKind::Io,
                    "Haven stopped unexpectedly while looking through the folders",
                ))
            }
        }
    }
}

/// One worker: takes the next file whose turn has come, prepares it, sends it on, until none are left.
fn work(shared: &Shared, sender: &mpsc::Sender<(usize, Result<Prepared>)>) {
    super::priority::lower_this_thread();
    loop {
        let index = shared.next.fetch_add(1, Ordering::Relaxed);
        let Some(file) = shared.files.get(index) else { return };
        if !shared.wait_for_turn(index) {
            return;
        }
        let prepared = (shared.prepare)(file, &shared.options);
        if let Ok(p) = &prepared {
            shared.window().pending_bytes += p.bytes();
        }
        if sender.send((index, prepared)).is_err() {
            return; // the import has ended
        }
    }
}

/// Takes prepared files as workers finish them and stores them in file order, a batch at a time.
fn store_in_order(
    shared: &Shared,
    receiver: &mpsc::Receiver<(usize, Result<Prepared>)>,
    cancel: &AtomicBool,
    reporting: &mut Reporting,
    progress: &mut dyn FnMut(&Progress),
    store: &mut dyn FnMut(&[Prepared]) -> Result<Vec<Stored>>,
) -> Result<()> {
    let total = shared.files.len();
    // Results that arrived ahead of their turn: at most `WINDOW` of them.
    let mut early: BTreeMap<usize, Result<Prepared>> = BTreeMap::new();
    let mut batch: Vec<Prepared> = Vec::with_capacity(BATCH);
    let mut batch_bytes = 0;
    let mut done = 0;
    while done < total {
        if cancel.load(Ordering::Relaxed) {
            reporting.report.cancelled = true;
            break;
        }
        let Some(prepared) = early.remove(&done) else {
            match receiver.recv_timeout(CANCEL_CHECK) {
                Ok((index, prepared)) => {
                    early.insert(index, prepared);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            continue;
        };
        let current = shared.files[done].path.display().to_string();
        progress(&Progress { done, total, current: current.clone(), failed: reporting.report.failed_count() });
        match prepared {
            Ok(prepared) => {
                let bytes = prepared.bytes();
                shared.window().pending_bytes -= bytes;
                batch_bytes += bytes;
                batch.push(prepared);
            }
            Err(e) => reporting.report.fail(current, e.message),
        }
        done += 1;
        shared.window().stored = done;
        shared.moved.notify_all();
        if batch.len() == BATCH || batch_bytes >= BATCH_BYTES {
            store_batch(&mut batch, reporting, store)?;
            batch_bytes = 0;
        }
    }
    store_batch(&mut batch, reporting, store)
}

/// The report as the import fills it in, and the caller's eye on each stored file.
struct Reporting<'a> {
    report: &'a mut ImportReport,
    each: &'a mut dyn FnMut(&Line),
}

/// Stores prepared files in one go (one transaction) and reports each.
fn store_batch(
    batch: &mut Vec<Prepared>,
    reporting: &mut Reporting,
    store: &mut dyn FnMut(&[Prepared]) -> Result<Vec<Stored>>,
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let outcomes = store(batch)?;
    for (prepared, outcome) in batch.drain(..).zip(outcomes) {
        let path = prepared.display_path;
        let line = match outcome {
            Stored::New { slug } => Line::Imported(Imported { path, slug, title: prepared.doc.title }),
            Stored::Updated { slug } => Line::Updated(Imported { path, slug, title: prepared.doc.title }),
            Stored::Duplicate { slug } => Line::Duplicate(Duplicate { path, slug }),
        };
        (reporting.each)(&line);
        reporting.report.stored(line);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
