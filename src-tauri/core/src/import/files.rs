//! Finding the files an import covers: the paths the reader chose, with folders expanded recursively.
//!
//! Every path ends up in exactly one place: the list of files to import, or the report as failed (missing,
//! unreadable, a broken link) or skipped (a type Haven does not import, a link back into a folder already
//! walked). Hidden files and folders are passed over silently, and so is the `Name_files` folder a browser
//! writes beside a page saved "complete": it belongs to `Name.html`, whose images are read from it.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::{Failure, ImportReport};
use crate::error::Error;

/// What kind of file an import reads, by its name's ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Markdown,
    WebPage,
    PlainText,
}

impl Kind {
    pub fn of(path: &Path) -> Option<Kind> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "md" | "markdown" => Some(Kind::Markdown),
            "html" | "htm" | "xhtml" => Some(Kind::WebPage),
            "txt" | "text" => Some(Kind::PlainText),
            _ => None,
        }
    }
}

/// A file to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The path as the reader gave it or the walk reached it, for the report.
    pub path: PathBuf,
    /// The canonical path, which identifies the file across imports (and across links to it).
    pub canonical: PathBuf,
    pub kind: Kind,
}

/// Expands folders into the files below them, in name order, and reports what cannot be imported.
pub fn collect(paths: &[PathBuf], report: &mut ImportReport) -> Vec<Found> {
    let mut walk = Walk { files: Vec::new(), seen_dirs: HashSet::new(), seen_files: HashSet::new(), report };
    for path in paths {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk.folder(path),
            Ok(_) => match Kind::of(path) {
                Some(kind) => walk.file(path, kind),
                None => {
                    walk.report.failed.push(Failure { path: path.display().to_string(), reason: unsupported(path) })
                }
            },
            Err(e) => walk.report.failed.push(Failure { path: path.display().to_string(), reason: missing(path, &e) }),
        }
    }
    walk.files
}

struct Walk<'a> {
    files: Vec<Found>,
    /// Canonical folders already walked: a link back to one of them would loop forever.
    seen_dirs: HashSet<PathBuf>,
    /// Canonical files already listed, so a file reached twice (through a link) imports once.
    seen_files: HashSet<PathBuf>,
    report: &'a mut ImportReport,
}

impl Walk<'_> {
    fn file(&mut self, path: &Path, kind: Kind) {
        let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if self.seen_files.insert(canonical.clone()) {
            self.files.push(Found { path: path.to_path_buf(), canonical, kind });
        }
    }

    fn folder(&mut self, dir: &Path) {
        let shown = dir.display().to_string();
        let Ok(canonical) = fs::canonicalize(dir) else {
            self.report.failed.push(Failure { path: shown, reason: "the folder cannot be opened".into() });
            return;
        };
        if !self.seen_dirs.insert(canonical) {
            let reason = "a link to a folder that is already being imported".into();
            self.report.skipped.push(Failure { path: shown, reason });
            return;
        }
        let mut entries: Vec<PathBuf> = match fs::read_dir(dir) {
            Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                self.report.failed.push(Failure { path: shown, reason: Error::io(dir, &e).message });
                return;
            }
        };
        entries.sort();
        for path in &entries {
            let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            match fs::metadata(path) {
                Ok(meta) if meta.is_dir() => {
                    if !is_saved_page_folder(path, &entries) {
                        self.folder(path);
                    }
                }
                Ok(_) => match Kind::of(path) {
                    Some(kind) => self.file(path, kind),
                    None => {
                        let reason = unsupported(path);
                        self.report.skipped.push(Failure { path: path.display().to_string(), reason });
                    }
                },
                Err(e) => {
                    self.report.failed.push(Failure { path: path.display().to_string(), reason: missing(path, &e) })
                }
            }
        }
    }
}

/// True for `Name_files` beside `Name.html` or `Name.htm`: the folder a browser saves a page's images,
/// styles and scripts into.
fn is_saved_page_folder(dir: &Path, siblings: &[PathBuf]) -> bool {
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
pub fn missing(path: &Path, err: &std::io::Error) -> String {
    if err.kind() == std::io::ErrorKind::NotFound && fs::symlink_metadata(path).is_ok() {
        return "a symbolic link whose target does not exist".into();
    }
    if err.raw_os_error() == Some(40) {
        return "a symbolic link that loops back on itself".into();
    }
    Error::io(path, err).message.rsplit_once(": ").map_or_else(|| err.to_string(), |(_, why)| why.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_name() {
        for (name, kind) in [
            ("a.md", Some(Kind::Markdown)),
            ("a.MARKDOWN", Some(Kind::Markdown)),
            ("page.HTM", Some(Kind::WebPage)),
            ("page.html", Some(Kind::WebPage)),
            ("copy.txt", Some(Kind::PlainText)),
            ("a.pdf", None),
            ("README", None),
        ] {
            assert_eq!(Kind::of(Path::new(name)), kind, "{name}");
        }
    }

    #[test]
    fn a_complete_save_imports_as_one_page() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for file in ["Story.html", "Story_files/style.css", "Story_files/photo.jpg", "Story_files/frame.html"] {
            fs::create_dir_all(d.join(file).parent().unwrap()).unwrap();
            fs::write(d.join(file), "x").unwrap();
        }
        fs::create_dir_all(d.join("Other_files")).unwrap();
        fs::write(d.join("Other_files/note.txt"), "not a saved page folder: nothing called Other.html").unwrap();
        let mut report = ImportReport::default();
        let found = collect(&[d.to_path_buf()], &mut report);
        let names: Vec<_> = found.iter().map(|f| f.path.strip_prefix(d).unwrap().to_path_buf()).collect();
        assert_eq!(names, [PathBuf::from("Other_files/note.txt"), PathBuf::from("Story.html")]);
        assert_eq!(report.files(), 0, "the page's own folder is not listed file by file: {report:?}");
    }
}
