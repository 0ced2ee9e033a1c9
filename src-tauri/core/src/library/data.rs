//! A person's data leaving Haven and coming back: exports of annotations and articles, backups (by hand and a
//! daily one), restoring a backup, and merging an export of annotations back in.
//!
//! Rules kept here:
//! - Nothing a person has is overwritten by an export: a folder export goes into a new or empty folder, and a
//!   file export is written whole under a name of its own and then renamed into place.
//! - A backup is a consistent copy made while the library is in use (`store::backup`), never a file copy.
//! - Restoring checks the backup first (a copy of it, so the original is never touched), brings it to this
//!   build's schema, then keeps the current library as a dated copy beside it, and only then replaces the
//!   library's contents in one transaction. A backup that fails any check changes nothing.
//! - Merging an export reads and checks all of it before writing, then merges in one transaction.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Library;
use crate::anchor::{self, Quote};
use crate::error::{Error, ErrorKind, Result};
use crate::export::{article_files, notebook, readwise, web_annotation};
use crate::model::{ArticleAnnotations, Filter};
use crate::passphrase::Key;
use crate::store::annotations::{Incoming, MergeReport, Totals};
use crate::store::backup::{check_backup, partial_name, sync_dir};
use crate::store::lock::{lock_state, LockState};
use crate::store::Store;
use crate::time;

/// Daily backups kept by [`Library::automatic_backup`].
pub const DAILY_BACKUPS_KEPT: usize = 7;

/// The largest annotations export merged back: far beyond 100,000 highlights with long notes.
const MAX_EXPORT_BYTES: u64 = 1 << 30;

/// The forms annotations are exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnotationFormat {
    /// A folder of Markdown notes, one per article, and an index.
    Markdown,
    /// One W3C Web Annotation collection, which Haven merges back.
    Json,
    /// Readwise's CSV.
    Csv,
}

/// Which articles to export: every article in `category` and/or with `tag`, and those named in `slugs`. With
/// none of them, every article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleSelection {
    pub category: Option<String>,
    pub tag: Option<String>,
    pub slugs: Vec<String>,
}

/// A step of a long task, for a progress bar: `done` of `total` (a `total` of 0 means no measure is known).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataProgress {
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Writing export files (articles).
    Exporting,
    /// Copying the library into a backup (pages).
    BackingUp,
    /// Reading the backup into a private copy (bytes).
    Reading,
    /// Checking the backup is whole and a Haven library.
    Checking,
    /// Bringing an older backup to this version's schema.
    Upgrading,
    /// Keeping the current library as a dated copy (pages).
    KeepingCurrent,
    /// Putting the backup's contents in place.
    Restoring,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportReport {
    /// The file or folder written.
    pub path: String,
    pub files: u64,
    pub articles: u64,
    pub highlights: u64,
    pub bookmarks: u64,
    pub bytes: u64,
}

/// A backup written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupReport {
    pub path: String,
    pub bytes: u64,
}

/// What restoring a backup did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreReport {
    pub restored_from: String,
    /// The library as it was before, kept beside it (`None` when there was none to keep).
    pub kept: Option<String>,
    /// The backup's schema version, before it was brought up to this version's.
    pub schema: u32,
    pub totals: Totals,
}

/// What kind of copy a backup file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// The daily automatic backup.
    Daily,
    /// The library as it was before a backup was restored over it.
    BeforeRestore,
    /// The library as it was before an update of Haven changed its schema.
    BeforeUpdate,
}

/// A backup on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupFile {
    pub path: String,
    pub kind: BackupKind,
    /// When it was written (Unix milliseconds, from the file).
    pub modified: i64,
    pub bytes: u64,
}

/// Passed along a long task: reports progress and says when to stop.
pub struct Task<'a> {
    pub progress: &'a mut dyn FnMut(&DataProgress),
    pub cancel: &'a Arc<AtomicBool>,
}

impl Task<'_> {
    fn report(&mut self, stage: Stage, done: u64, total: u64) -> Result<()> {
        (self.progress)(&DataProgress { stage, done, total });
        self.check()
    }

    fn check(&self) -> Result<()> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(Error::new(ErrorKind::Cancelled, "cancelled; nothing was changed"));
        }
        Ok(())
    }
}

impl Library {
    /// Counts of what the library holds.
    pub fn totals(&self) -> Result<Totals> {
        self.store.totals()
    }

    /// Every article with a bookmark, a reading position or a highlight, with them, by slug.
    pub fn annotations(&self) -> Result<Vec<ArticleAnnotations>> {
        self.store.annotations()
    }

    /// Exports every annotation: Markdown into the folder `out` (new or empty), JSON or CSV into the file
    /// `out` (replaced once the new one is whole).
    pub fn export_annotations(&self, format: AnnotationFormat, out: &Path) -> Result<ExportReport> {
        let cancel = Arc::new(AtomicBool::new(false));
        self.export_annotations_with(format, out, &mut Task { progress: &mut |_| {}, cancel: &cancel })
    }

    /// [`Library::export_annotations`], reporting the notes written (Markdown) and stopping when cancelled: a
    /// cancelled export leaves nothing behind.
    pub fn export_annotations_with(
        &self,
        format: AnnotationFormat,
        out: &Path,
        task: &mut Task,
    ) -> Result<ExportReport> {
        let articles = self.store.annotations()?;
        task.check()?;
        let highlights = articles.iter().map(|a| a.highlights.len() as u64).sum();
        let bookmarks = articles.iter().filter(|a| a.bookmark.is_some()).count() as u64;
        let (files, bytes) = match format {
            AnnotationFormat::Json => (1, write_file(out, web_annotation::write(&articles).as_bytes())?),
            AnnotationFormat::Csv => (1, write_file(out, &readwise::write(&articles)?)?),
            AnnotationFormat::Markdown => {
                let created = prepare_folder(out)?;
                let files = notebook::files(&articles, time::now_ms());
                let total = files.len() as u64;
                let mut bytes = 0;
                for (k, file) in files.iter().enumerate() {
                    let written = task
                        .report(Stage::Exporting, k as u64, total)
                        .and_then(|()| write_new(&out.join(&file.name), file.text.as_bytes()));
                    bytes += written.inspect_err(|_| created.undo())?;
                }
                (files.len() as u64, bytes)
            }
        };
        Ok(ExportReport {
            path: out.display().to_string(),
            files,
            articles: articles.len() as u64,
            highlights,
            bookmarks,
            bytes,
        })
    }

    /// Exports articles as the Markdown files they came from, with their pictures as files, into the folder
    /// `out` (new or empty). Cancelling removes what was written.
    pub fn export_articles(&self, selection: &ArticleSelection, out: &Path, task: &mut Task) -> Result<ExportReport> {
        let mut chosen: Vec<(i64, String)> = Vec::new();
        if selection.category.is_some() || selection.tag.is_some() || selection.slugs.is_empty() {
            let filter =
                Filter { category: selection.category.clone(), tag: selection.tag.clone(), ..Filter::default() };
            chosen = self.store.slugs(&filter)?;
        }
        for slug in &selection.slugs {
            if !chosen.iter().any(|(_, s)| s == slug) {
                chosen.push((self.store.article(slug)?.article.id, slug.clone()));
            }
        }
        if chosen.is_empty() {
            return Err(Error::not_found("no article matches that choice; nothing was exported"));
        }
        let created = prepare_folder(out)?;
        let total = chosen.len() as u64;
        let mut report = ExportReport {
            path: out.display().to_string(),
            files: 0,
            articles: total,
            highlights: 0,
            bookmarks: 0,
            bytes: 0,
        };
        let written = (|| -> Result<()> {
            for (k, (id, slug)) in chosen.iter().enumerate() {
                task.report(Stage::Exporting, k as u64, total)?;
                for file in article_files::files(slug, &self.store.markdown(*id)?) {
                    let path = out.join(&file.path);
                    if let Some(folder) = path.parent() {
                        fs::create_dir_all(folder).map_err(|e| Error::io(folder, &e))?;
                    }
                    report.bytes += write_new(&path, &file.bytes)?;
                    report.files += 1;
                }
            }
            task.report(Stage::Exporting, total, total)
        })();
        written.inspect_err(|_| created.undo())?;
        Ok(report)
    }

    /// Saves one article as the Markdown file `file` (replaced once the new one is whole: the system's save
    /// dialog has asked), its pictures as files in a folder beside it named after it (`<name>_files/`), which must
    /// not already hold files.
    pub fn export_article_to(&self, slug: &str, file: &Path) -> Result<ExportReport> {
        let id = self.store.article(slug)?.article.id;
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).filter(|s| !s.is_empty());
        let stem = stem.ok_or_else(|| Error::invalid(format!("{} is not a file name", file.display())))?;
        let dir = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
        let files = article_files::files(&stem, &self.store.markdown(id)?);
        let pictures = if files.len() > 1 { Some(prepare_folder(&dir.join(format!("{stem}_files")))?) } else { None };
        let mut report = ExportReport {
            path: file.display().to_string(),
            files: 0,
            articles: 1,
            highlights: 0,
            bookmarks: 0,
            bytes: 0,
        };
        let written = (|| -> Result<()> {
            for (k, one) in files.iter().enumerate() {
                let path = if k == 0 { file.to_path_buf() } else { dir.join(&one.path) };
                report.bytes += write_file(&path, &one.bytes)?;
                report.files += 1;
            }
            Ok(())
        })();
        if let (Err(_), Some(pictures)) = (&written, &pictures) {
            pictures.undo();
        }
        written.map(|()| report)
    }

    /// Saves the safety plan as a Markdown file (replaced once the new one is whole).
    pub fn export_plan(&self, file: &Path) -> Result<ExportReport> {
        let items = self.store.plan()?;
        let text = crate::export::plan::markdown(&items, time::now_ms());
        let bytes = write_file(file, text.as_bytes())?;
        Ok(ExportReport { path: file.display().to_string(), files: 1, articles: 0, highlights: 0, bookmarks: 0, bytes })
    }

    /// Writes a backup of the whole library (articles, imports, annotations, settings) to `dest`, while it
    /// stays in use. `dest` is replaced only once the new backup is whole.
    pub fn backup(&self, dest: &Path, task: &mut Task) -> Result<BackupReport> {
        if self.path().is_some_and(|p| same_file(p, dest)) {
            return Err(Error::invalid("a backup cannot be written over the library itself; choose another file"));
        }
        let bytes = self.store.back_up_to(dest, &mut |done, total| {
            (task.progress)(&DataProgress { stage: Stage::BackingUp, done, total });
            !task.cancel.load(Ordering::Relaxed)
        })?;
        Ok(BackupReport { path: dest.display().to_string(), bytes })
    }

    /// Today's automatic backup in `dir` (`<library>-YYYY-MM-DD.sqlite`), unless there is one already; the
    /// oldest beyond [`DAILY_BACKUPS_KEPT`] are then removed. Returns the backup written, if one was.
    pub fn automatic_backup(&self, dir: &Path) -> Result<Option<BackupReport>> {
        let Some(path) = self.path() else { return Ok(None) };
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        let stem = stem(path);
        let today = dir.join(format!("{stem}-{}.sqlite", time::civil_date(time::now_ms())));
        remove_stale_leftovers(dir);
        if let Some(beside) = path.parent() {
            remove_stale_leftovers(beside);
        }
        if today.exists() {
            return Ok(None);
        }
        let cancel = Arc::new(AtomicBool::new(false));
        let report = self.backup(&today, &mut Task { progress: &mut |_| {}, cancel: &cancel })?;
        let mut daily: Vec<PathBuf> = daily_backups(dir, &stem);
        daily.sort();
        let extra = daily.len().saturating_sub(DAILY_BACKUPS_KEPT);
        for old in daily.into_iter().take(extra) {
            // An old daily copy that cannot be removed is only a file left behind.
            let _ = fs::remove_file(old);
        }
        Ok(Some(report))
    }

    /// The backups there are: the daily ones in `dir`, and the copies kept beside the library before a restore
    /// or an update. Newest first.
    pub fn backups(&self, dir: &Path) -> Result<Vec<BackupFile>> {
        let Some(path) = self.path() else { return Ok(Vec::new()) };
        let stem = stem(path);
        let mut found: Vec<BackupFile> =
            daily_backups(dir, &stem).into_iter().filter_map(|p| backup_file(p, BackupKind::Daily)).collect();
        if let Some(beside) = path.parent() {
            for entry in fs::read_dir(beside).into_iter().flatten().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let kind = if name.starts_with(&format!("{stem}-before-restore-")) {
                    BackupKind::BeforeRestore
                } else if name.starts_with(&format!("{stem}-before-schema-")) {
                    BackupKind::BeforeUpdate
                } else {
                    continue;
                };
                if name.ends_with(".sqlite") {
                    found.extend(backup_file(entry.path(), kind));
                }
            }
        }
        found.sort_by(|a, b| b.modified.cmp(&a.modified).then_with(|| a.path.cmp(&b.path)));
        Ok(found)
    }

    /// Restores the backup at `backup` in place of this library's contents, keeping the current library as a
    /// dated copy beside it first (see the module's rules). The bundled articles are then brought up to date.
    pub fn restore(&self, backup: &Path, task: &mut Task) -> Result<RestoreReport> {
        let path = self.path().ok_or_else(|| Error::invalid("a library in memory cannot be restored"))?;
        if same_file(path, backup) {
            return Err(Error::invalid("that file is the library itself, not a backup of it"));
        }
        let staging = Staging::new(path)?;
        let schema = staging.prepare(backup, self.store.key(), task)?;
        let kept = beside(path, &format!("{}-before-restore-{}.sqlite", stem(path), time::file_stamp(time::now_ms())));
        self.store.back_up_to(&kept, &mut |done, total| {
            (task.progress)(&DataProgress { stage: Stage::KeepingCurrent, done, total });
            !task.cancel.load(Ordering::Relaxed)
        })?;
        task.report(Stage::Restoring, 0, 0)?;
        self.store.replace_with(&staging.file)?;
        let report = super::sync::sync(&self.store, &self.bundle)?;
        for failure in &report.failed {
            log::warn!("a bundled article could not be read: {}", failure.message);
        }
        Ok(RestoreReport {
            restored_from: backup.display().to_string(),
            kept: Some(kept.display().to_string()),
            schema,
            totals: self.store.totals()?,
        })
    }

    /// Merges an annotations export (JSON, as [`AnnotationFormat::Json`] writes it) into this library: every
    /// highlight, bookmark and reading position not here already. The file is read and checked whole before
    /// anything is written; the merge is one transaction.
    pub fn merge_annotations(&self, export: &Path) -> Result<MergeReport> {
        let bytes = read_limited(export, MAX_EXPORT_BYTES)?;
        let articles = web_annotation::read(&bytes, time::now_ms())?;
        let mut incoming = Vec::with_capacity(articles.len());
        for mut annotations in articles {
            let here = match self.store.article(&annotations.slug) {
                Ok(stored) => Some(stored),
                Err(e) if e.kind == ErrorKind::NotFound => None,
                Err(e) => return Err(e),
            };
            let (article, placed) = match here {
                Some(stored) => {
                    let text = anchor::text_of_html(&stored.article.html);
                    annotations.title = stored.article.title.clone();
                    let placed = annotations.highlights.iter().map(|h| place(&text, h)).collect();
                    (Some((stored.article.id, stored.content_hash)), placed)
                }
                None => (None, vec![None; annotations.highlights.len()]),
            };
            incoming.push(Incoming { annotations, article, placed });
        }
        self.store.merge_annotations(&incoming)
    }
}

/// Restores `backup` as the library at `library` without opening that library: for when it cannot be opened
/// (damaged, or missing on a new computer). The file there, if any, is kept beside it as
/// `<name>-damaged-<date>.sqlite`, with its write-ahead log. A locked backup needs its `passphrase`, and the
/// library it becomes stays locked with it.
pub fn restore_unopened(
    library: &Path,
    backup: &Path,
    passphrase: Option<&str>,
    task: &mut Task,
) -> Result<RestoreReport> {
    if same_file(library, backup) {
        return Err(Error::invalid("that file is the library itself, not a backup of it"));
    }
    let key = match (lock_state(backup)?, passphrase) {
        (LockState::Locked | LockState::Unreadable, Some(passphrase)) => {
            Some(Key::derive(passphrase, &crate::store::lock::salt_of(backup)?)?)
        }
        _ => None,
    };
    let staging = Staging::new(library)?;
    let schema = staging.prepare(backup, key.as_ref(), task)?;
    task.report(Stage::Restoring, 0, 0)?;
    let mut kept = None;
    if library.exists() {
        let aside = beside(library, &format!("{}-damaged-{}.sqlite", stem(library), time::file_stamp(time::now_ms())));
        for suffix in ["-wal", "-shm"] {
            let (from, to) = (with_suffix(library, suffix), with_suffix(&aside, suffix));
            if from.exists() {
                fs::rename(&from, &to).map_err(|e| Error::io(&from, &e))?;
            }
        }
        fs::rename(library, &aside).map_err(|e| Error::io(library, &e))?;
        kept = Some(aside.display().to_string());
    }
    if key.is_some() {
        crate::store::lock::mark_locked(library)?;
    }
    fs::rename(&staging.file, library).map_err(|e| Error::io(library, &e))?;
    sync_dir(library);
    // Counted from the store alone: the bundled articles are brought up to date when the library is next opened.
    let totals = Store::open_keyed(library, key)?.totals()?;
    Ok(RestoreReport { restored_from: backup.display().to_string(), kept, schema, totals })
}

/// Where a highlight from an export sits in this library's text of its article, if it can be placed.
fn place(text: &str, h: &crate::model::Highlight) -> Option<Quote> {
    let old =
        Quote { quote: h.quote.clone(), prefix: h.prefix.clone(), suffix: h.suffix.clone(), start: h.start as usize };
    anchor::reanchor(text, &old).and_then(|(start, end)| Quote::at(text, start, end))
}

/// A private folder beside the library for a backup being checked and prepared; removed when dropped.
struct Staging {
    dir: PathBuf,
    file: PathBuf,
}

impl Staging {
    fn new(library: &Path) -> Result<Staging> {
        static N: AtomicU64 = AtomicU64::new(0);
        let name = format!(".haven-restore-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        let dir = beside(library, &name);
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, &e))?;
        Ok(Staging { file: dir.join("library.sqlite"), dir })
    }

    /// Copies the backup here, checks it, and brings it to this build's schema; a plain backup for a library
    /// locked with `key` is locked the same way. Returns its schema as it was.
    fn prepare(&self, backup: &Path, key: Option<&Key>, task: &mut Task) -> Result<u32> {
        copy_with_progress(backup, &self.file, task)?;
        task.report(Stage::Checking, 0, 0)?;
        let info = check_backup(&self.file, key, task.cancel).map_err(|e| {
            // The check ran on the copy: the message names the file the person chose.
            Error::new(e.kind, e.message.replace(&self.file.display().to_string(), &backup.display().to_string()))
        })?;
        task.report(Stage::Upgrading, 0, 0)?;
        let staged_locked = lock_state(&self.file)? != LockState::Plain;
        drop(Store::open_keyed(&self.file, if staged_locked { key.cloned() } else { None })?);
        task.check()?;
        if key.is_some() && !staged_locked {
            // Restored into a locked library, a plain backup becomes locked the same way.
            crate::store::lock::change(&self.file, None, key)?;
        }
        Ok(info.schema)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Copies `from` to `to` in pieces, reporting bytes and stopping when cancelled.
fn copy_with_progress(from: &Path, to: &Path, task: &mut Task) -> Result<()> {
    let mut source = fs::File::open(from).map_err(|e| Error::io(from, &e))?;
    let meta = source.metadata().map_err(|e| Error::io(from, &e))?;
    if !meta.is_file() {
        return Err(Error::invalid(format!("{} is not a file", from.display())));
    }
    let total = meta.len();
    let mut target = fs::File::create(to).map_err(|e| Error::io(to, &e))?;
    let mut buffer = vec![0u8; 8 << 20];
    let mut done = 0;
    loop {
        task.report(Stage::Reading, done, total)?;
        let n = source.read(&mut buffer).map_err(|e| Error::io(from, &e))?;
        if n == 0 {
            break;
        }
        target.write_all(&buffer[..n]).map_err(|e| Error::io(to, &e))?;
        done += n as u64;
    }
    target.sync_all().map_err(|e| Error::io(to, &e))?;
    Ok(())
}

/// Reads a file of at most `limit` bytes.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let file = fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let length = file.metadata().map_err(|e| Error::io(path, &e))?.len();
    if length > limit {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!("{} is {} MB, larger than any export Haven reads", path.display(), length >> 20),
        ));
    }
    let mut bytes = Vec::with_capacity(length as usize);
    file.take(limit).read_to_end(&mut bytes).map_err(|e| Error::io(path, &e))?;
    Ok(bytes)
}

/// Writes `bytes` to `path` whole: into a file of its own beside it, then renamed over it. Returns the size.
fn write_file(path: &Path, bytes: &[u8]) -> Result<u64> {
    if path.is_dir() {
        return Err(Error::invalid(format!("{} is a folder; choose a file name to export to", path.display())));
    }
    let partial = partial_name(path);
    let written = (|| {
        let mut file = fs::File::create(&partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&partial, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&partial);
        return Err(Error::io(path, &e));
    }
    Ok(bytes.len() as u64)
}

/// Writes a file into a folder an export made or found empty: nothing there to keep whole, so no copy-and-rename
/// and no sync per file (100,000 notes: 27 s with them, 3 s without).
fn write_new(path: &Path, bytes: &[u8]) -> Result<u64> {
    fs::write(path, bytes).map_err(|e| Error::io(path, &e))?;
    Ok(bytes.len() as u64)
}

/// A folder an export was written into, and whether the export made it (so a failed export can take it away).
struct Prepared {
    dir: PathBuf,
    made: bool,
}

impl Prepared {
    /// Removes what the failed export wrote: the folder if it made it, else what is now in it (it was empty).
    fn undo(&self) {
        if self.made {
            let _ = fs::remove_dir_all(&self.dir);
        } else if let Ok(entries) = fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                let _ = if path.is_dir() { fs::remove_dir_all(path) } else { fs::remove_file(path) };
            }
        }
    }
}

/// Makes sure `dir` is a new or empty folder, creating it if needed.
fn prepare_folder(dir: &Path) -> Result<Prepared> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::invalid(format!(
                    "{} already has files in it; export into a new or empty folder so nothing there is replaced",
                    dir.display()
                )));
            }
            Ok(Prepared { dir: dir.to_path_buf(), made: false })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
            Ok(Prepared { dir: dir.to_path_buf(), made: true })
        }
        Err(e) if dir.is_file() => Err(Error::invalid(format!("{} is a file, not a folder ({e})", dir.display()))),
        Err(e) => Err(Error::io(dir, &e)),
    }
}

fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(|| "library".into(), |s| s.to_string_lossy().into_owned())
}

fn beside(path: &Path, name: &str) -> PathBuf {
    path.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| PathBuf::from(name), |p| p.join(name))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The daily backups of the library called `stem` in `dir`: `<stem>-YYYY-MM-DD.sqlite`.
fn daily_backups(dir: &Path, stem: &str) -> Vec<PathBuf> {
    let prefix = format!("{stem}-");
    fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let date = name.strip_prefix(&prefix).and_then(|rest| rest.strip_suffix(".sqlite"));
            date.is_some_and(|d| time::parse_iso8601(d).is_some() && d.len() == 10)
        })
        .collect()
}

fn backup_file(path: PathBuf, kind: BackupKind) -> Option<BackupFile> {
    let meta = fs::metadata(&path).ok().filter(fs::Metadata::is_file)?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_millis() as i64);
    Some(BackupFile { path: path.display().to_string(), kind, modified, bytes: meta.len() })
}

/// Removes what an interrupted backup or restore left in `dir` more than a day ago: `.*.partial` files and
/// `.haven-restore-*` folders. Anything newer may belong to one still running in another process.
fn remove_stale_leftovers(dir: &Path) {
    let day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let leftover = (name.starts_with('.') && name.ends_with(".partial")) || name.starts_with(".haven-restore-");
        let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < day_ago);
        if leftover && old {
            let path = entry.path();
            let _ = if path.is_dir() { fs::remove_dir_all(path) } else { fs::remove_file(path) };
        }
    }
}

#[cfg(test)]
mod tests;
