//! Importing the reader's own files, up to the point of storing them: finding them, reading, converting and
//! rendering each into a [`Document`], and the report. Nothing here touches the library file: the
//! `library::import` facade hands each batch to `store::articles::upsert_imported`.
//!
//! Three kinds of file are read: Markdown as it is, saved web pages ([`web_page`]) and plain text
//! ([`plain_text`]), both converted to Markdown first. Everything imported is untrusted. Only regular files are
//! read, never more than [`MAX_ARTICLE_BYTES`] of one, decoded strictly ([`decode`]), nesting-checked before any
//! HTML parser sees them, and made into a [`Document`] through the same renderer and sanitizer as bundled
//! articles. Every file gets a line in the report, and one bad file never stops the rest.

mod decode;
mod files;
mod meta;
mod pictures;
mod pipeline;
mod plain_text;
mod priority;
mod web_page;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use serde::{Deserialize, Serialize};

use crate::document::{title_for_file, ArticleFile, Document, MAX_ARTICLE_BYTES};
use crate::error::{Error, Result};
use crate::frontmatter::{MAX_LABEL_CHARS, MAX_TAGS};
use crate::paths::{self, PathStyle};
use crate::render::slugify;
use files::{Kind, SourceFile};

pub use pipeline::{BATCH, BATCH_BYTES, WINDOW};

/// The category of imported articles when neither the reader nor the file names one.
pub const DEFAULT_CATEGORY: &str = "Imported";

/// Most files of each kind the report lists (imported, updated, already there, failed, skipped); the rest are
/// counted in the kind's `_unlisted` field. A folder of photos, a whole home folder chosen by mistake, or a
/// library of a million notes must not become a report of a million lines held in memory: a caller that wants
/// every line takes them as they come ([`run`]'s `each`) and keeps them where it likes.
pub const MAX_LISTED: usize = 1_000;

/// Choices the reader makes for one import.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// Category for every imported article; `None` keeps the file's own, else "Imported".
    pub category: Option<String>,
    /// Tags added to every imported article, beside the file's own.
    pub tags: Vec<String>,
}

impl ImportOptions {
    /// The options with spaces trimmed and empty entries dropped, or an error saying what is unusable: a
    /// category or tag longer than a label may be, control characters, or more tags than an article keeps.
    pub fn validated(&self) -> Result<ImportOptions> {
        let label = |what: &str, text: &str| -> Result<Option<String>> {
            let text = text.trim();
            if text.chars().any(char::is_control) {
                return Err(Error::invalid(format!(
                    "the {what} “{}” holds characters that are not text",
                    text.escape_debug()
                )));
            }
            if text.chars().count() > MAX_LABEL_CHARS {
                return Err(Error::invalid(format!("a {what} can be at most {MAX_LABEL_CHARS} characters long")));
            }
            Ok((!text.is_empty()).then(|| text.to_string()))
        };
        let category = match &self.category {
            Some(category) => label("category", category)?,
            None => None,
        };
        let mut tags: Vec<String> = Vec::new();
        for tag in &self.tags {
            if let Some(tag) = label("tag", tag)? {
                if !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
                    tags.push(tag);
                }
            }
        }
        if tags.len() > MAX_TAGS {
            return Err(Error::invalid(format!("an import can add at most {MAX_TAGS} tags")));
        }
        Ok(ImportOptions { category, tags })
    }
}

/// What an import did with every file it was given or found: the first [`MAX_LISTED`] files of each kind, in
/// file order, and how many more there were.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub imported: Vec<Imported>,
    pub imported_unlisted: usize,
    pub updated: Vec<Imported>,
    pub updated_unlisted: usize,
    pub duplicates: Vec<Duplicate>,
    pub duplicates_unlisted: usize,
    /// Files that could not be imported, with the reason.
    pub failed: Vec<Failure>,
    pub failed_unlisted: usize,
    /// Files found in folders that are not of a type Haven imports.
    pub skipped: Vec<Failure>,
    pub skipped_unlisted: usize,
    /// True when the reader stopped the import before every file was done.
    pub cancelled: bool,
}

impl ImportReport {
    /// How many files the report covers.
    pub fn files(&self) -> usize {
        self.imported_count()
            + self.updated_count()
            + self.duplicates_count()
            + self.failed_count()
            + self.skipped_count()
    }

    /// How many files became new articles, listed or not.
    pub fn imported_count(&self) -> usize {
        self.imported.len() + self.imported_unlisted
    }

    /// How many files updated an article imported before from the same file, listed or not.
    pub fn updated_count(&self) -> usize {
        self.updated.len() + self.updated_unlisted
    }

    /// How many files were already in the library, listed or not.
    pub fn duplicates_count(&self) -> usize {
        self.duplicates.len() + self.duplicates_unlisted
    }

    /// How many files failed, listed or not.
    pub fn failed_count(&self) -> usize {
        self.failed.len() + self.failed_unlisted
    }

    /// How many files were passed over, listed or not.
    pub fn skipped_count(&self) -> usize {
        self.skipped.len() + self.skipped_unlisted
    }

    /// Lists at most `most` articles of each kind (imported, updated, already there), counting the rest: for a
    /// window that shows no more than that. Failed and skipped files keep their own limit.
    pub fn list_at_most(&mut self, most: usize) {
        fn cut<T>(list: &mut Vec<T>, unlisted: &mut usize, most: usize) {
            *unlisted += list.len().saturating_sub(most);
            list.truncate(most);
        }
        cut(&mut self.imported, &mut self.imported_unlisted, most);
        cut(&mut self.updated, &mut self.updated_unlisted, most);
        cut(&mut self.duplicates, &mut self.duplicates_unlisted, most);
    }

    /// Notes a stored file, listing it while its kind's list is short.
    pub(crate) fn stored(&mut self, line: Line) {
        match line {
            Line::Imported(i) => listed(&mut self.imported, &mut self.imported_unlisted, i),
            Line::Updated(i) => listed(&mut self.updated, &mut self.updated_unlisted, i),
            Line::Duplicate(d) => listed(&mut self.duplicates, &mut self.duplicates_unlisted, d),
        }
    }

    /// Notes a file passed over, listing it while the list is short.
    pub(crate) fn skip(&mut self, path: String, reason: String) {
        listed(&mut self.skipped, &mut self.skipped_unlisted, Failure { path, reason });
    }

    /// Notes a file that could not be imported, listing it while the list is short.
    pub(crate) fn fail(&mut self, path: String, reason: String) {
        listed(&mut self.failed, &mut self.failed_unlisted, Failure { path, reason });
    }
}

/// Pushes `entry` onto `list` while it holds fewer than [`MAX_LISTED`], else counts it in `unlisted`.
fn listed<T>(list: &mut Vec<T>, unlisted: &mut usize, entry: T) {
    if list.len() < MAX_LISTED {
        list.push(entry);
    } else {
        *unlisted += 1;
    }
}

/// One stored file's line in the report, handed to [`run`]'s `each` as its batch is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Imported(Imported),
    Updated(Imported),
    Duplicate(Duplicate),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub path: String,
    pub slug: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    pub path: String,
    pub slug: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub path: String,
    pub reason: String,
}

/// Where an import is, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub current: String,
    pub failed: usize,
}

/// A file read and rendered, ready to store.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub doc: Document,
    /// The path as the reader gave it or the walk reached it, for the report.
    pub display_path: String,
    /// The canonical path, which identifies the file across imports (the `source_path` column; not to be taken
    /// for `doc.source`, the stored text).
    pub source_path: String,
}

impl Prepared {
    /// Roughly how much memory the prepared file holds, for bounding what waits to be stored.
    fn bytes(&self) -> usize {
        self.doc.markdown.len() + self.doc.source.len() + self.doc.rendered.html.len() + self.doc.rendered.text.len()
    }
}

/// What storing a prepared file did, as the store reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    New { slug: String },
    Updated { slug: String },
    Duplicate { slug: String },
}

/// Imports `paths` (folders recursively): prepares files on worker threads and hands them to `store` in file
/// order, a batch at a time. `cancel` stops the import between files (and is checked while waiting for a slow
/// one); files already stored stay, and the report says it was cancelled. `each` sees every stored file's line
/// in file order, listed in the report or not. See [`pipeline`].
pub fn run(
    paths: &[PathBuf],
    options: &ImportOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&Progress),
    store: &mut dyn FnMut(&[Prepared]) -> Result<Vec<Stored>>,
    each: &mut dyn FnMut(&Line),
) -> Result<ImportReport> {
    let options = options.validated()?;
    pipeline::run(paths, options, cancel, progress, store, each, std::sync::Arc::new(prepare_guarded))
}

/// File names that say nothing of their article: `index.md` in every folder of a Hugo or Jekyll site. Such a
/// file takes its slug (and, if it has no title, its title) from its headline or its folder.
const GENERIC_NAMES: [&str; 8] = ["index", "_index", "readme", "default", "untitled", "page", "post", "article"];

/// Reads, converts and renders one file. Runs on a worker thread: no database access.
fn prepare(found: &SourceFile, options: &ImportOptions) -> Result<Prepared> {
    let path = found.path.as_path();
    let name = paths::display_name(
        &path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned()),
    );
    // The canonical path: the walk resolved any links to it, and only that file, inside the folder, is read.
    let bytes = files::read_regular(found.canonical(), &name, MAX_ARTICLE_BYTES as u64)?;
    let markdown = match found.kind {
        Kind::Markdown => pictures::embed_in_markdown(&decode::markdown(&bytes, &name)?, path),
        Kind::WebPage => web_page::to_markdown(&not_empty(decode::web_page(&bytes, &name)?, &name)?, path, &name)?,
        Kind::PlainText => plain_text::to_markdown(&not_empty(decode::plain_text(&bytes, &name)?, &name)?, &name)?,
    };
    let mut doc = Document::from_markdown(&markdown, ArticleFile::imported(&name, DEFAULT_CATEGORY))?;
    let title = doc.title.clone();
    let tags = doc.tags.len();
    name_from_folder_if_generic(&mut doc, path);
    if let Some(category) = &options.category {
        doc.category = category.clone();
    }
    for tag in &options.tags {
        if !doc.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) && doc.tags.len() < MAX_TAGS {
            doc.tags.push(tag.clone());
        }
    }
    if doc.title != title || doc.tags.len() != tags {
        doc.find_words();
    }
    let display_path = paths::plain(&path.display().to_string(), PathStyle::CURRENT);
    Ok(Prepared { doc, display_path, source_path: found.source_path() })
}

/// For `index.md` and the like: the slug from the article's own title, or from its folder's name when the
/// title too came only from the file's name; and then the title from the folder as well.
fn name_from_folder_if_generic(doc: &mut Document, path: &Path) {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
    if !GENERIC_NAMES.contains(&stem.as_str()) {
        return;
    }
    let folder = path.parent().and_then(Path::file_name).map(|f| f.to_string_lossy().into_owned());
    let folder = folder.filter(|f| !slugify(f).is_empty());
    let title_from_name = doc.title == title_for_file(&stem);
    // A slug the front matter chose stays; one made from the file's name does not.
    if doc.slug == slugify(&stem) {
        let base = if title_from_name { folder.as_deref().map(slugify) } else { Some(slugify(&doc.title)) };
        if let Some(base) = base.filter(|b| !b.is_empty()) {
            doc.slug = base;
        }
    }
    if let (true, Some(folder)) = (title_from_name, &folder) {
        doc.title = title_for_file(folder);
    }
}

/// [`prepare`], with a panic in a parser turned into that file's failure: one strange file never takes the
/// import (or the app) down with it.
fn prepare_guarded(found: &SourceFile, options: &ImportOptions) -> Result<Prepared> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| prepare(found, options))).unwrap_or_else(|_| {
        let name = found
            .path
            .file_name()
            .map_or_else(|| found.path.display().to_string(), |n| n.to_string_lossy().into_owned());
        Err(Error::invalid(format!("{name}: Haven could not make sense of this file")))
    })
}

fn not_empty(text: String, name: &str) -> Result<String> {
    if text.trim().is_empty() {
        return Err(Error::invalid(format!("{name}: the file is empty")));
    }
    Ok(text)
}

#[cfg(test)]
mod tests;
