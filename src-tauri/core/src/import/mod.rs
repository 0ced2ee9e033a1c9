//! Importing the reader's own files: every file gets a line in the report, and one bad file never stops the
//! rest.
//!
//! Three kinds of file are read: Markdown as it is, saved web pages ([`web_page`]) and plain text
//! ([`plain_text`]), both converted to Markdown first. Everything imported is untrusted. Files are size-checked
//! before they are read, decoded strictly ([`decode`]), and become a [`Document`] through the same renderer and
//! sanitizer as bundled articles. Files are stored in batches of
//! [`BATCH`], one transaction each, so an import killed part-way leaves a consistent library, and running it
//! again reports what was already stored as duplicates and carries on with the rest.
//!
//! Identity: a file whose content is already in the library is a duplicate. A changed file at a path imported
//! before updates that article in place, keeping its bookmark, note and reading position.

mod decode;
mod files;
mod meta;
mod pictures;
mod plain_text;
mod web_page;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::document::{Document, ReadAs, MAX_ARTICLE_BYTES};
use crate::error::{Error, ErrorKind, Result};
use crate::frontmatter::Strictness;
use crate::model::Origin;
use crate::store::{articles, Library};
use files::{Found, Kind};

/// The category of imported articles when neither the reader nor the file names one.
pub const DEFAULT_CATEGORY: &str = "Imported";

/// Choices the reader makes for one import.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// Category for every imported article; `None` keeps the file's own, else "Imported".
    pub category: Option<String>,
    /// Tags added to every imported article, beside the file's own.
    pub tags: Vec<String>,
}

/// What an import did with every file it was given or found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub imported: Vec<Imported>,
    pub updated: Vec<Imported>,
    pub duplicates: Vec<Duplicate>,
    pub failed: Vec<Failure>,
    /// Files found in folders that are not of a type Haven imports.
    pub skipped: Vec<Failure>,
    /// True when the reader stopped the import before every file was done.
    pub cancelled: bool,
}

impl ImportReport {
    /// How many files the report covers.
    pub fn files(&self) -> usize {
        self.imported.len() + self.updated.len() + self.duplicates.len() + self.failed.len() + self.skipped.len()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub path: String,
    pub slug: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// What happened to one file.
enum Outcome {
    Imported(Imported),
    Updated(Imported),
    Duplicate(Duplicate),
}

impl Library {
    /// Imports files and folders (recursively).
    pub fn import(&self, paths: &[PathBuf], options: &ImportOptions) -> Result<ImportReport> {
        self.import_with_progress(paths, options, |_| true)
    }

    /// Imports files and folders, calling `progress` before each file. Returning `false` from it stops the
    /// import there: files already stored stay, and the report says it was cancelled.
    ///
    /// Reading, parsing, rendering and sanitizing run on worker threads; this thread stores the results in
    /// file order, [`BATCH`] files to a transaction. So the report and duplicate detection are the same as a
    /// one-by-one import, and an import killed part-way loses at most one batch, which the next run redoes.
    pub fn import_with_progress(
        &self,
        paths: &[PathBuf],
        options: &ImportOptions,
        mut progress: impl FnMut(&Progress) -> bool,
    ) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let files = files::collect(paths, &mut report);
        let total = files.len();
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8).min(total.max(1));
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let (sender, receiver) = mpsc::sync_channel::<(usize, Result<Prepared>)>(workers * 16);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let (sender, files, next, stop) = (sender.clone(), &files, &next, &stop);
                scope.spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = files.get(index) else { break };
                        if sender.send((index, prepare_guarded(file, options))).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            let stored = self.store_in_order(&files, receiver, &mut report, &mut progress);
            // Workers still reading see the stop flag, or a closed channel once `store_in_order` has returned.
            stop.store(true, Ordering::Relaxed);
            stored
        })?;
        if !report.cancelled {
            progress(&Progress { done: total, total, current: String::new(), failed: report.failed.len() });
        }
        Ok(report)
    }

    /// Takes prepared files as workers finish them and stores them in file order, a batch at a time.
    fn store_in_order(
        &self,
        files: &[Found],
        receiver: mpsc::Receiver<(usize, Result<Prepared>)>,
        report: &mut ImportReport,
        progress: &mut impl FnMut(&Progress) -> bool,
    ) -> Result<()> {
        // Results that arrived ahead of their turn. Bounded in practice by how far the other workers get while
        // one is on a large file; the channel itself is bounded.
        let mut early: BTreeMap<usize, Result<Prepared>> = BTreeMap::new();
        let mut batch = Vec::with_capacity(BATCH);
        let mut done = 0;
        'receiving: for (index, prepared) in receiver.iter() {
            early.insert(index, prepared);
            while let Some(prepared) = early.remove(&done) {
                let shown = files[done].path.display().to_string();
                let at = Progress { done, total: files.len(), current: shown.clone(), failed: report.failed.len() };
                if !progress(&at) {
                    report.cancelled = true;
                    break 'receiving;
                }
                match prepared {
                    Ok(prepared) => batch.push(prepared),
                    Err(e) => report.failed.push(Failure { path: shown, reason: e.message }),
                }
                done += 1;
                if batch.len() == BATCH {
                    self.store_batch(&mut batch, report)?;
                }
            }
        }
        self.store_batch(&mut batch, report)
    }

    /// Stores prepared files in one transaction. A library that cannot be written fails the whole import:
    /// nothing else would store either.
    fn store_batch(&self, batch: &mut Vec<Prepared>, report: &mut ImportReport) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            for prepared in batch.drain(..) {
                match store(tx, prepared)? {
                    Outcome::Imported(i) => report.imported.push(i),
                    Outcome::Updated(i) => report.updated.push(i),
                    Outcome::Duplicate(d) => report.duplicates.push(d),
                }
            }
            Ok(())
        })
    }
}

/// Files stored per transaction during an import.
pub const BATCH: usize = 128;

/// A file read and rendered, ready to store.
struct Prepared {
    doc: Document,
    /// The path as the reader gave it, for the report.
    shown: String,
    /// The canonical path, which identifies the file across imports.
    source: String,
}

/// Reads, converts and renders one file. Runs on a worker thread: no database access.
fn prepare(found: &Found, options: &ImportOptions) -> Result<Prepared> {
    let path = found.path.as_path();
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let bytes = read_bytes(path, &name)?;
    let markdown = match found.kind {
        Kind::Markdown => pictures::embed_in_markdown(&decode::markdown(&bytes, &name)?, path),
        Kind::WebPage => web_page::to_markdown(&not_empty(decode::web_page(&bytes, &name)?, &name)?, path, &name)?,
        Kind::PlainText => plain_text::to_markdown(&not_empty(decode::plain_text(&bytes, &name)?, &name)?, &name)?,
    };
    let read_as = ReadAs { file_name: &name, strictness: Strictness::Lenient, default_category: DEFAULT_CATEGORY };
    let mut doc = Document::from_markdown(&markdown, read_as)?;
    if let Some(category) = options.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        doc.category = category.to_string();
    }
    for tag in &options.tags {
        let tag = tag.trim();
        if !tag.is_empty() && !doc.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            doc.tags.push(tag.to_string());
        }
    }
    let shown = path.display().to_string();
    let source = found.canonical.display().to_string();
    Ok(Prepared { doc, shown, source })
}

/// [`prepare`], with a panic in a parser turned into that file's failure: one strange file never takes the
/// import (or the app) down with it.
fn prepare_guarded(found: &Found, options: &ImportOptions) -> Result<Prepared> {
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

/// Stores one prepared file: a duplicate of content already in the library, an update of the article imported
/// from the same file before, or a new article.
fn store(tx: &rusqlite::Transaction, prepared: Prepared) -> Result<Outcome> {
    let Prepared { doc, shown, source } = prepared;
    let same_content: Option<String> = tx
        .prepare_cached("SELECT slug FROM articles WHERE content_hash = ? LIMIT 1")?
        .query_row([&doc.content_hash], |r| r.get(0))
        .optional()?;
    if let Some(slug) = same_content {
        return Ok(Outcome::Duplicate(Duplicate { path: shown, slug }));
    }
    let earlier: Option<i64> = tx
        .prepare_cached("SELECT id FROM articles WHERE origin = 'imported' AND source_path = ?")?
        .query_row([&source], |r| r.get(0))
        .optional()?;
    let (id, updated) = match earlier {
        Some(id) => {
            articles::update(tx, id, &doc, Some(&source))?;
            (id, true)
        }
        None => (articles::insert(tx, &doc, Origin::Imported, Some(&source))?, false),
    };
    let slug: String = tx.query_row("SELECT slug FROM articles WHERE id = ?", [id], |r| r.get(0))?;
    let imported = Imported { path: shown, slug, title: doc.title };
    Ok(if updated { Outcome::Updated(imported) } else { Outcome::Imported(imported) })
}

/// Reads a file's bytes, refusing one larger than [`MAX_ARTICLE_BYTES`] without reading past the limit.
fn read_bytes(path: &Path, name: &str) -> Result<Vec<u8>> {
    let io = |why: String| Error::new(ErrorKind::Io, format!("{name}: {why}"));
    let file = fs::File::open(path).map_err(|e| io(files::missing(path, &e)))?;
    let mut bytes = Vec::new();
    file.take(MAX_ARTICLE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io(format!("the file could not be read ({e})")))?;
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!("{name}: the file is larger than {} MB", MAX_ARTICLE_BYTES / (1024 * 1024)),
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::library;

    fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn imports_a_folder_and_reports_every_file() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.md", "---\ntags: [calm]\n---\n# Breathing space\n\nSlow breathing helps.");
        write(dir.path(), "sub/b.markdown", "Walking every day helps mood.\n\n![A photo](photo.jpg)");
        write(dir.path(), "sub/photo.jpg", [0xFF, 0xD8, 0xFF, 0x00]);
        write(dir.path(), ".obsidian/config.md", "hidden");
        write(dir.path(), "empty.md", "");
        let lib = library();
        let options = ImportOptions { category: None, tags: vec!["mine".into()] };
        let report = lib.import(&[dir.path().to_path_buf()], &options).unwrap();
        let titles: Vec<_> = report.imported.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["Breathing space", "B"]);
        assert_eq!(report.failed.len(), 1);
        assert!(report.failed[0].reason.contains("empty.md: the file is empty"), "{:?}", report.failed);
        assert_eq!(report.skipped.len(), 1);
        assert!(report.skipped[0].reason.contains(".jpg file is not a type"));
        let a = lib.article(&report.imported[0].slug).unwrap();
        assert_eq!(
            (a.category.as_str(), a.tags.clone(), a.origin),
            ("Imported", vec!["calm".to_string(), "mine".to_string()], Origin::Imported)
        );
        assert!(a.source_path.unwrap().ends_with("a.md"));
        let b = lib.article(&report.imported[1].slug).unwrap();
        assert!(b.html.contains(r#"<img src="data:image/jpeg;base64,/9j/AA==" alt="A photo">"#), "{}", b.html);
    }

    #[test]
    fn duplicates_are_not_stored_twice_and_changes_update_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "note.md", "# My note\n\nFirst version.");
        let lib = library();
        let options = ImportOptions { category: Some("Journal".into()), tags: vec![] };
        let first = lib.import(std::slice::from_ref(&file), &options).unwrap();
        let slug = first.imported[0].slug.clone();
        lib.add_bookmark(&slug, Some("keep this")).unwrap();
        lib.set_reading_position(&slug, 0.5).unwrap();

        let again = lib.import(std::slice::from_ref(&file), &options).unwrap();
        assert_eq!(again.duplicates, [Duplicate { path: file.display().to_string(), slug: slug.clone() }]);

        fs::write(&file, "# My note\n\nSecond version.").unwrap();
        let changed = lib.import(std::slice::from_ref(&file), &options).unwrap();
        assert_eq!(changed.updated[0].slug, slug);
        let a = lib.article(&slug).unwrap();
        assert!(a.text.contains("Second version"));
        assert_eq!((a.note.as_deref(), a.position, a.category.as_str()), (Some("keep this"), 0.5, "Journal"));
        assert_eq!(lib.list(&Default::default()).unwrap().total, 4);
    }

    #[test]
    fn bad_files_fail_one_by_one_and_the_rest_import() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "binary.md", [b'#', b' ', 0, 1, 2, 3]);
        write(d, "latin1.md", b"caf\xe9 au lait");
        let mut bomb = String::from("---\na: &a [x,x,x,x,x,x,x,x,x]\n");
        for (p, n) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"]) {
            bomb.push_str(&format!("{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"));
        }
        bomb.push_str("title: *i\n---\nbody");
        write(d, "bomb.md", bomb);
        write(d, "front-only.md", "---\ntitle: x\n---\n");
        write(d, "huge.md", vec![b'a'; MAX_ARTICLE_BYTES + 10]);
        write(d, "hostile.md", "Hello <img src=x onerror=alert(1)><script>alert(2)</script> [x](javascript:alert(3))");
        write(d, "utf16.md", [0xFF, 0xFE, b'H', 0, b'i', 0, b'!', 0]);
        write(d, "good.md", "A good note.");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d.join("nowhere.md"), d.join("broken.md")).unwrap();
            std::os::unix::fs::symlink(d, d.join("loop")).unwrap();
        }
        let lib = library();
        let report = lib.import(&[d.to_path_buf(), d.join("missing.md")], &ImportOptions::default()).unwrap();
        let reasons: Vec<String> = report.failed.iter().map(|f| f.reason.clone()).collect();
        let has = |s: &str| reasons.iter().any(|r| r.contains(s));
        assert!(has("binary.md: the file is not text"), "{reasons:#?}");
        assert!(has("latin1.md: the file is not valid UTF-8 text"), "{reasons:#?}");
        assert!(has("bomb.md: the front matter expands YAML aliases too far"), "{reasons:#?}");
        assert!(has("front-only.md: the file has front matter but no article text"), "{reasons:#?}");
        assert!(has("huge.md: the file is larger than 20 MB"), "{reasons:#?}");
        assert!(has("no such file or folder"), "{reasons:#?}");
        #[cfg(unix)]
        {
            assert!(has("a symbolic link whose target does not exist"), "{reasons:#?}");
            assert!(report.skipped.iter().any(|s| s.reason.contains("already being imported")), "{:?}", report.skipped);
        }
        let titles: Vec<_> = report.imported.iter().map(|i| i.slug.as_str()).collect();
        assert_eq!(titles, ["good", "hostile", "utf16"]);
        let hostile = lib.article("hostile").unwrap().html.to_lowercase();
        assert!(
            !hostile.contains("onerror") && !hostile.contains("<script") && !hostile.contains("javascript:"),
            "{hostile}"
        );
        assert_eq!(lib.article("utf16").unwrap().text, "Hi!");
        assert_eq!(lib.list(&Default::default()).unwrap().total, 6, "the bundled articles are all still there");
    }

    #[test]
    fn cancelling_keeps_what_was_done() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            write(dir.path(), &format!("n{i}.md"), format!("Note number {i}."));
        }
        let lib = library();
        let mut seen = Vec::new();
        let report = lib
            .import_with_progress(&[dir.path().to_path_buf()], &ImportOptions::default(), |p| {
                seen.push((p.done, p.total));
                p.done < 2
            })
            .unwrap();
        assert!(report.cancelled);
        assert_eq!(report.imported.len(), 2);
        assert_eq!(seen, [(0, 5), (1, 5), (2, 5)]);
        // Running it again picks up where it stopped.
        let rest = lib.import(&[dir.path().to_path_buf()], &ImportOptions::default()).unwrap();
        assert_eq!((rest.duplicates.len(), rest.imported.len()), (2, 3));
    }

    #[test]
    fn a_large_import_reports_in_file_order_across_batches() {
        let dir = tempfile::tempdir().unwrap();
        let count = BATCH * 2 + 17;
        for i in 0..count {
            // Every hundredth file repeats the first one's text: a duplicate, found whichever batch it is in.
            let text = if i % 100 == 0 { "The same note.".to_string() } else { format!("Note number {i}.") };
            write(dir.path(), &format!("n{i:04}.md"), text);
        }
        let lib = library();
        let mut seen = Vec::new();
        let report = lib
            .import_with_progress(&[dir.path().to_path_buf()], &ImportOptions::default(), |p| {
                seen.push(p.done);
                true
            })
            .unwrap();
        assert_eq!(seen, (0..=count).collect::<Vec<_>>(), "progress counts up once per file, then reports the end");
        assert_eq!(report.imported.len() + report.duplicates.len(), count);
        assert_eq!(report.duplicates.len(), (count - 1) / 100);
        let paths: Vec<&str> = report.imported.iter().map(|i| i.path.as_str()).collect();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted, "the report lists files in the order they were found");
        assert!(report.imported[0].path.ends_with("n0000.md") && report.duplicates[0].path.ends_with("n0100.md"));
    }

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import")
    }

    /// Imports the fixtures folder and returns the library and report.
    fn import_fixtures() -> (Library, ImportReport) {
        let lib = library();
        let report = lib.import(&[fixtures()], &ImportOptions::default()).unwrap();
        (lib, report)
    }

    fn slug_of(report: &ImportReport, file: &str) -> String {
        let found = report.imported.iter().find(|i| i.path.ends_with(file));
        found.unwrap_or_else(|| panic!("{file} was not imported: {report:#?}")).slug.clone()
    }

    /// Each fixture imitates a real kind of page: its title, every paragraph of the article, and none of the
    /// chrome around it.
    #[test]
    fn pages_and_text_copies_keep_the_article_and_lose_the_chrome() {
        let (lib, report) = import_fixtures();
        let cases: [(&str, &str, &[&str], &[&str]); 6] = [
            (
                "news-article.html",
                "Peer support workers bring lived experience to addiction care",
                &[
                    "When Dana walked into her first support meeting",
                    "Peer support workers are people in recovery",
                    "According to SAMHSA, peer workers offer hope",
                    "A typical week might include accompanying someone",
                    "Someone who has been there can say things a professional cannot",
                    "Workers receive supervision of their own",
                    "If you are struggling with alcohol or drugs",
                ],
                &[
                    "Accept all cookies",
                    "Subscribe for",
                    "Advertisement",
                    "luxury rehab retreat",
                    "Share on Facebook",
                    "The Health Brief",
                    "Leave a comment",
                    "my brother found a peer mentor",
                    "Celebrity diet",
                    "All rights reserved",
                    "Five myths about cravings",
                    "Search Example News",
                ],
            ),
            (
                "blog-post.html",
                "Small routines that steadied me after rehab",
                &[
                    "Leaving a residential programme felt like stepping off a boat",
                    "My key worker had suggested building a handful of small routines",
                    "I set one alarm, made the bed",
                    "Evenings were harder.",
                    "an early meal with someone else whenever possible",
                    "writing three lines about the day before bed",
                    "On the nights when none of it worked, I called my sponsor.",
                    "A year on, the routines have loosened",
                ],
                &[
                    "About me",
                    "walking and bread",
                    "Archive",
                    "Related posts",
                    "What I packed for rehab",
                    "Leave a Reply",
                    "Buy calm supplements",
                    "Powered by",
                    "Share this",
                    "The Quiet Road",
                ],
            ),
            (
                "windows-1252.html",
                "Café culture and “dry” socialising",
                &[
                    "a decent crème brûlée besides",
                    "Renée, who stopped drinking two years ago",
                    "the “just one” that never was",
                    "Alcohol-free bars and late-opening cafés",
                ],
                &["Accueil", "Le Petit Journal"],
            ),
            (
                "utf16-bom.html",
                "Grounding when panic rises",
                &[
                    "Grounding techniques bring attention back",
                    "name five things you can see",
                    "Schritt für Schritt, step by step",
                ],
                &["Home"],
            ),
            (
                "complete-save.html",
                "Walking and mood: small steps, real effects",
                &[
                    "Regular physical activity is one of the self-help approaches",
                    "A short daily route can become a steady habit.",
                    "Start with ten minutes at an easy pace.",
                    "Many people find that walking with someone else",
                    "If low mood lasts for more than two weeks",
                    "A photo that was not saved",
                ],
                &["Shop", "Copyright 2026", "By Morgan Ellis"],
            ),
            (
                "cluttered-copy.txt",
                "Five things I wish I had known before detox",
                &[
                    "Going through detox was the first step of my recovery",
                    "It is safer with medical support.",
                    "Feeling worse before feeling better is common, and it does pass.",
                    "Sleep comes back slowly.",
                    "Detox is not the same as treatment.",
                    "Ask for help early.",
                    "The people who supported me most were the ones I let in",
                ],
                &[
                    "Skip to main content",
                    "Sign in",
                    "Subscribe",
                    "Advertisement",
                    "Tweet",
                    "Listen to this article",
                    "Enter your email",
                    "Related articles",
                    "What happens in the first week of rehab",
                    "mike_r",
                    "Careers",
                    "Daily Example Media",
                    "We use cookies",
                    "Accept all",
                    "Jordan Blake",
                    "6 min read",
                ],
            ),
        ];
        for (file, title, paragraphs, chrome) in cases {
            let article = lib.article(&slug_of(&report, file)).unwrap();
            assert_eq!(article.title, title, "{file}");
            for paragraph in paragraphs {
                assert!(article.text.contains(paragraph), "{file} lost {paragraph:?}:\n{}", article.text);
            }
            for junk in chrome {
                assert!(!article.text.contains(junk), "{file} kept {junk:?}:\n{}", article.text);
            }
            assert_eq!((article.category.as_str(), article.origin), ("Imported", Origin::Imported), "{file}");
            assert!(!article.text.starts_with(title), "{file}: the headline is the title, not the first line");
        }

        let news = lib.article(&slug_of(&report, "news-article.html")).unwrap();
        assert_eq!((news.author.as_deref(), news.published.as_deref()), (Some("Priya Shah"), Some("2026-03-03")));
        assert_eq!(news.tags, ["addiction", "recovery", "peer support"]);
        assert_eq!(news.sources[0].url, "https://news.example.org/health/peer-support-workers-lived-experience");
        assert_eq!(news.toc[0].title, "What the role looks like day to day");
        let blog = lib.article(&slug_of(&report, "blog-post.html")).unwrap();
        assert_eq!((blog.author.as_deref(), blog.published.as_deref()), (Some("Alex Moreno"), Some("2025-11-14")));
        let walk = lib.article(&slug_of(&report, "complete-save.html")).unwrap();
        assert_eq!((walk.author.as_deref(), walk.published.as_deref()), (Some("Morgan Ellis"), Some("2026-01-12")));
        assert!(walk.html.contains(r#"<img src="data:image/png;base64,iVBORw0KGgo"#), "{}", walk.html);
        assert!(walk.html.contains(r#"alt="A quiet path through a park""#), "{}", walk.html);
        let copy = lib.article(&slug_of(&report, "cluttered-copy.txt")).unwrap();
        assert_eq!((copy.author.as_deref(), copy.published.as_deref()), (Some("Jordan Blake"), Some("2026-06-18")));
        assert!(copy.html.contains("<ol>"), "numbered lines stay a list: {}", copy.html);
    }

    #[test]
    fn every_fixture_file_gets_its_line_in_the_report() {
        let (_, report) = import_fixtures();
        let reason = |file: &str| {
            let failure = report.failed.iter().chain(&report.skipped).find(|f| f.path.ends_with(file));
            failure.unwrap_or_else(|| panic!("{file} is not reported: {report:#?}")).reason.clone()
        };
        assert_eq!(reason("navigation-only.html"), "navigation-only.html: Haven found no article text on this page");
        assert_eq!(
            reason("bad-utf8.html"),
            "bad-utf8.html: the page says it is UTF-8 text, but it holds bytes that are not valid UTF-8"
        );
        assert!(reason("notes.pdf").starts_with("a .pdf file is not a type Haven imports"));
        assert_eq!(report.imported.len(), 7, "{report:#?}");
        assert_eq!(report.files(), 10, "the saved page's own folder is not listed: {report:#?}");
    }

    #[test]
    fn nothing_that_could_run_is_stored_from_a_hostile_page() {
        let (lib, report) = import_fixtures();
        let article = lib.article(&slug_of(&report, "hostile-page.html")).unwrap();
        let html = article.html.to_lowercase();
        for banned in [
            "<script",
            "onload",
            "onerror",
            "onclick",
            "onmouseover",
            "javascript:",
            "vbscript:",
            "<iframe",
            "<object",
            "<embed",
            "<svg",
            "<style",
            "style=",
            "<form",
            "<input",
            "<base",
            "<meta",
            "data:text",
            "tauri:",
            "<math",
        ] {
            assert!(!html.contains(banned), "{banned} survived: {html}");
        }
        assert!(html.contains(r#"<a href="https://www.samhsa.gov/find-help""#), "{html}");
        assert!(article.text.contains("mentions <script>alert(14)</script> as an example"), "{}", article.text);
        assert!(html.contains("&lt;script&gt;alert(14)"), "{html}");
    }

    #[test]
    fn pages_import_once_and_update_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.html");
        let body = "<p>Breathing slowly for a few minutes can ease the body's stress response, and it helps.</p>";
        fs::write(
            &page,
            format!("<html><head><title>Slow breathing</title></head><body><article>{body}</article></body></html>"),
        )
        .unwrap();
        let lib = library();
        let first = lib.import(std::slice::from_ref(&page), &ImportOptions::default()).unwrap();
        let slug = first.imported[0].slug.clone();
        lib.add_bookmark(&slug, Some("try at night")).unwrap();
        let again = lib.import(std::slice::from_ref(&page), &ImportOptions::default()).unwrap();
        assert_eq!(again.duplicates.len(), 1);
        fs::write(&page, format!("<html><head><title>Slow breathing</title></head><body><article>{body}{body}<p>New closing paragraph with enough words in it.</p></article></body></html>")).unwrap();
        let changed = lib.import(std::slice::from_ref(&page), &ImportOptions::default()).unwrap();
        assert_eq!(changed.updated[0].slug, slug);
        let article = lib.article(&slug).unwrap();
        assert!(article.text.contains("New closing paragraph"));
        assert_eq!(article.note.as_deref(), Some("try at night"));
    }

    #[test]
    fn hostile_html_and_text_files_fail_with_their_reasons() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "deep.html", "<div>".repeat(100_000) + "<p>deep</p>");
        write(d, "picture.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
        write(d, "huge.html", vec![b'a'; MAX_ARTICLE_BYTES + 1]);
        write(d, "empty.txt", "  \n");
        write(d, "broken.htm", "<html><body><p>Unclosed <b>tags <i>and a <table><tr><td>cell with enough words to be an article paragraph here, really.");
        write(d, "bad-utf16.txt", [0xFF, 0xFE, 0x00, 0xD8, b'a', 0]);
        let lib = library();
        let report = lib.import(&[d.to_path_buf()], &ImportOptions::default()).unwrap();
        let reasons: Vec<&str> = report.failed.iter().map(|f| f.reason.as_str()).collect();
        let has = |s: &str| reasons.iter().any(|r| r.contains(s));
        assert!(has("deep.html: the page nests its markup more than 1000 levels deep"), "{reasons:#?}");
        assert!(has("picture.html: the file is not text"), "{reasons:#?}");
        assert!(has("huge.html: the file is larger than 20 MB"), "{reasons:#?}");
        assert!(has("empty.txt: the file is empty"), "{reasons:#?}");
        assert!(has("bad-utf16.txt: its byte order mark says it is UTF-16LE text"), "{reasons:#?}");
        assert_eq!(report.imported.len(), 1, "malformed HTML still imports: {report:#?}");
        assert!(lib.article(&report.imported[0].slug).unwrap().text.contains("cell with enough words"));
    }
}
