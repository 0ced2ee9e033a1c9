//! Finding the files an import covers, and reading one safely.
//!
//! The paths the reader chose are the roots. Folders are walked recursively, and every path ends up in exactly
//! one place: the list of files to import, or the report as failed (missing, unreadable, a broken link) or
//! skipped (a type Haven does not import, something that is not a regular file, a link leading out of the
//! folder or back into a folder already walked). Hidden files and folders are passed over silently, and so is
//! the `Name_files` folder a browser writes beside a page saved "complete": it belongs to `Name.html`.
//!
//! Links are followed only while they stay inside the root they were found in: one link to `/` must not turn
//! an import of a notes folder into a walk of the whole disk. Only regular files are ever opened: a named pipe
//! blocks whoever opens it for reading, and a device such as `/dev/zero` never ends. [`read_regular`] opens
//! without waiting, checks the opened handle (so a file swapped for a pipe after the walk is still caught) and
//! reads at most one byte past its limit.

use std::collections::HashSet;
use std::fs;
use std::hash::{BuildHasher, RandomState};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::ImportReport;
use crate::error::{Error, ErrorKind, Result};
use crate::paths::{self, PathStyle};

/// What kind of file an import reads, by its name's ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Markdown,
    WebPage,
    PlainText,
}

impl Kind {
    pub(crate) fn of(path: &Path) -> Option<Kind> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "md" | "markdown" => Some(Kind::Markdown),
            "html" | "htm" | "xhtml" => Some(Kind::WebPage),
            "txt" | "text" => Some(Kind::PlainText),
            _ => None,
        }
    }
}

/// A file an import will read.
///
/// The walk keeps one of these for every file until the import ends, so at a million files each byte of it is a
/// megabyte: the canonical path is kept only where it is spelled differently from `path` (a file reached by
/// walking a folder chosen by its canonical path is not), and the path Haven keeps for it is derived when the
/// file is prepared rather than kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceFile {
    /// The path as the reader gave it or the walk reached it, for the report.
    pub path: PathBuf,
    /// The canonical path, when it is not `path` itself.
    canonical: Option<PathBuf>,
    pub kind: Kind,
}

impl SourceFile {
    pub(crate) fn new(path: PathBuf, canonical: PathBuf, kind: Kind) -> SourceFile {
        // Compared as spelled: `Path`'s own equality takes `a/./b` for `a/b`, and the source kept must be the
        // canonical spelling.
        let canonical = (canonical.as_os_str() != path.as_os_str()).then_some(canonical);
        SourceFile { path, canonical, kind }
    }

    /// The canonical path, which is the one read.
    pub(crate) fn canonical(&self) -> &Path {
        self.canonical.as_deref().unwrap_or(&self.path)
    }

    /// The canonical path as Haven keeps it ([`paths::plain`]): what identifies the file across imports (and
    /// across links to it).
    pub(crate) fn source_path(&self) -> String {
        paths::plain(&self.canonical().to_string_lossy(), PathStyle::CURRENT)
    }
}

/// Expands folders into the files below them, in name order, and reports what cannot be imported. Stops
/// (with what it has) as soon as `stop` is set, checked at every folder entry.
pub(crate) fn collect(paths: &[PathBuf], report: &mut ImportReport, stop: &AtomicBool) -> Vec<SourceFile> {
    let mut walk = Walk { files: Vec::new(), seen_dirs: HashSet::new(), seen_files: Seen::default(), report, stop };
    for path in paths {
        if walk.stopped() {
            break;
        }
        let display = path.display().to_string();
        // A path the reader chose is followed wherever it leads: choosing it is consent.
        let canonical = match fs::canonicalize(path) {
            Ok(canonical) => canonical,
            Err(e) => {
                walk.report.fail(display, missing(path, &e));
                continue;
            }
        };
        match fs::metadata(&canonical) {
            Ok(meta) if meta.is_dir() => walk.folder(path, &canonical, &canonical),
            Ok(meta) if meta.is_file() => match Kind::of(path) {
                Some(kind) => walk.file(path, canonical, kind),
                None => walk.report.fail(display, unsupported(path)),
            },
            Ok(_) => walk.report.fail(display, NOT_REGULAR.into()),
            Err(e) => walk.report.fail(display, missing(path, &e)),
        }
    }
    walk.files
}

/// What every spelling of `canonical` has in common on this system (see [`paths::identity`]).
fn identity(canonical: &Path) -> String {
    paths::identity(&canonical.to_string_lossy(), PathStyle::CURRENT)
}

const NOT_REGULAR: &str = "not a regular file (a pipe, socket or device), so it was not read";
const OUTSIDE: &str = "a link to somewhere outside the folder being imported, so it was not followed";

struct Walk<'a> {
    files: Vec<SourceFile>,
    /// Canonical folders already walked, by [`identity`]: a link back to one of them would loop forever.
    seen_dirs: HashSet<String>,
    /// Canonical files already listed, by [`identity`], so a file reached twice (through a link, or chosen in two
    /// spellings) imports once.
    seen_files: Seen,
    report: &'a mut ImportReport,
    stop: &'a AtomicBool,
}

/// A set of strings kept as 128-bit fingerprints rather than copies: a walk of a million files keeps 16 bytes a
/// file here instead of its whole path. The fingerprint is two SipHash values under two different secret keys of
/// this process, so no name can be chosen to collide with another, and two of a million paths share one with a
/// probability near 10⁻²⁷: far below that of the disk returning a wrong byte.
struct Seen {
    keys: [RandomState; 2],
    fingerprints: HashSet<u128>,
}

impl Default for Seen {
    fn default() -> Seen {
        Seen { keys: [RandomState::new(), RandomState::new()], fingerprints: HashSet::new() }
    }
}

impl Seen {
    /// Adds `text`; false when it was already there.
    fn insert(&mut self, text: &str) -> bool {
        let [a, b] = self.keys.each_ref().map(|key| u128::from(key.hash_one(text)));
        self.fingerprints.insert(a << 64 | b)
    }
}

impl Walk<'_> {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    fn file(&mut self, path: &Path, canonical: PathBuf, kind: Kind) {
        if self.seen_files.insert(&identity(&canonical)) {
            self.files.push(SourceFile::new(path.to_path_buf(), canonical, kind));
        }
    }

    /// Walks `dir` (whose canonical path is `canonical`), inside the chosen folder `root`.
    fn folder(&mut self, dir: &Path, canonical: &Path, root: &Path) {
        let display = dir.display().to_string();
        if !self.seen_dirs.insert(identity(canonical)) {
            self.report.skip(display, "a link to a folder that is already being imported".into());
            return;
        }
        let mut entries: Vec<(PathBuf, fs::FileType)> = match fs::read_dir(dir) {
            Ok(entries) => entries.filter_map(|e| e.ok().and_then(|e| Some((e.path(), e.file_type().ok()?)))).collect(),
            Err(e) => {
                self.report.fail(display, Error::io(dir, &e).message);
                return;
            }
        };
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let names: Vec<&Path> = entries.iter().map(|(p, _)| p.as_path()).collect();
        for (path, kind) in &entries {
            if self.stopped() {
                return;
            }
            let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            let display = path.display().to_string();
            // Where the entry leads: itself, or for a link its target, which must stay inside the root.
            let (target, meta) = if kind.is_symlink() {
                let target = match fs::canonicalize(path) {
                    Ok(target) => target,
                    Err(e) => {
                        self.report.fail(display, missing(path, &e));
                        continue;
                    }
                };
                if !target.starts_with(root) {
                    self.report.skip(display, OUTSIDE.into());
                    continue;
                }
                match fs::metadata(&target) {
                    Ok(meta) => (target, meta.file_type()),
                    Err(e) => {
                        self.report.fail(display, missing(path, &e));
                        continue;
                    }
                }
            } else {
                (canonical.join(path.file_name().unwrap_or_default()), *kind)
            };
            if meta.is_dir() {
                if !is_saved_page_folder(path, &names) {
                    self.folder(path, &target, root);
                }
            } else if !meta.is_file() {
                self.report.skip(display, NOT_REGULAR.into());
            } else {
                match Kind::of(path) {
                    Some(kind) => self.file(path, target, kind),
                    None => self.report.skip(display, unsupported(path)),
                }
            }
        }
    }
}

/// Reads a regular file of at most `limit` bytes. `name` labels errors. Never blocks on a pipe, never reads a
/// device, never reads more than one byte past the limit.
pub(crate) fn read_regular(path: &Path, name: &str, limit: u64) -> Result<Vec<u8>> {
    let io = |why: String| Error::new(ErrorKind::Io, format!("{name}: {why}"));
    let file = open_without_waiting(path).map_err(|e| io(missing(path, &e)))?;
    let meta = file.metadata().map_err(|e| io(format!("the file could not be read ({e})")))?;
    if !meta.is_file() {
        return Err(Error::invalid(format!("{name}: {NOT_REGULAR}")));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| io(format!("the file could not be read ({e})")))?;
    if bytes.len() as u64 > limit {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!("{name}: the file is larger than {} MB", limit.div_ceil(1024 * 1024)),
        ));
    }
    Ok(bytes)
}

/// Opens for reading without waiting for a writer (`open` on a named pipe otherwise blocks until one comes), and
/// without following a link in the last step: the walk resolved links already, and a file replaced by a link
/// since then is refused rather than followed out of the chosen folder.
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW).open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<fs::File> {
    fs::File::open(path)
}

/// True for `Name_files` beside `Name.html` or `Name.htm`: the folder a browser saves a page's images,
/// styles and scripts into.
fn is_saved_page_folder(dir: &Path, siblings: &[&Path]) -> bool {
    let Some(page) = dir.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix("_files")) else {
        return false;
    };
    siblings.iter().any(|s| Kind::of(s) == Some(Kind::WebPage) && s.file_stem().and_then(|n| n.to_str()) == Some(page))
}

fn unsupported(path: &Path) -> String {
    let kind =
        path.extension().map_or_else(|| "a file without a type".into(), |e| format!("a .{} file", e.to_string_lossy()));
    format!("{kind} is not a type Haven imports (Markdown .md, web pages .html or .htm, plain text .txt)")
}

/// Why a path that was listed cannot be opened, in words.
pub(crate) fn missing(path: &Path, err: &std::io::Error) -> String {
    if err.kind() == std::io::ErrorKind::NotFound && fs::symlink_metadata(path).is_ok() {
        return "a symbolic link whose target does not exist".into();
    }
    if err.raw_os_error() == Some(40) {
        return if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) && fs::metadata(path).is_ok() {
            "it became a link after the folder was read, so it was not followed".into()
        } else {
            "a symbolic link that loops back on itself".into()
        };
    }
    Error::io(path, err).message.rsplit_once(": ").map_or_else(|| err.to_string(), |(_, why)| why.to_string())
}

#[cfg(test)]
mod tests;
