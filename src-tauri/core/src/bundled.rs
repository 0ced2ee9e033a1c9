//! The articles that ship inside Haven, and bringing a library up to date with them.
//!
//! `build.rs` embeds every Markdown file under the workspace's `articles/` folder into the binary, so the app
//! and the CLI carry their library with them and need no files beside them. When a library opens, [`sync`]
//! compares the bundled files with what the library holds, by content hash, and in one transaction adds new
//! articles, updates changed ones in place (keeping ids, so bookmarks and reading state survive), and drops
//! removed ones unless the reader bookmarked them. With nothing changed it writes nothing at all.

use std::collections::{HashMap, HashSet};

use crate::document::{content_hash, Document, ReadAs};
use crate::error::{Error, Result};
use crate::frontmatter::Strictness;
use crate::model::Origin;
use crate::store::{articles, Library};

/// One Markdown file from `articles/`: its path relative to that folder, and its text.
#[derive(Debug, Clone, Copy)]
pub struct BundledFile {
    pub path: &'static str,
    pub text: &'static str,
}

/// The articles bundled into this build.
pub static FILES: &[BundledFile] = include!(concat!(env!("OUT_DIR"), "/bundled_articles.rs"));

/// What bringing the bundled articles up to date changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    pub added: u32,
    pub updated: u32,
    pub removed: u32,
    /// Articles gone from the bundle but kept because the reader bookmarked them.
    pub kept_bookmarked: u32,
    /// Bundled files that could not be read (the library keeps any earlier version of them).
    pub failed: Vec<Error>,
}

/// What the library holds for one bundled file.
struct Stored {
    id: i64,
    hash: String,
    bookmarked: bool,
}

pub(crate) fn sync(library: &Library, bundle: &[BundledFile]) -> Result<SyncReport> {
    let stored: HashMap<String, Stored> = library.read(|conn| {
        let rows = conn
            .prepare(
                "SELECT a.source_path, a.id, a.content_hash, b.article_id IS NOT NULL
                 FROM articles a LEFT JOIN bookmarks b ON b.article_id = a.id WHERE a.origin = 'bundled'",
            )?
            .query_map([], |r| Ok((r.get(0)?, Stored { id: r.get(1)?, hash: r.get(2)?, bookmarked: r.get(3)? })))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    })?;

    let mut report = SyncReport::default();
    let mut writes: Vec<(Option<i64>, &'static str, Document)> = Vec::new();
    for file in bundle {
        let existing = stored.get(file.path);
        if existing.is_some_and(|s| s.hash == content_hash(file.text)) {
            continue;
        }
        let read_as = ReadAs { file_name: file.path, strictness: Strictness::Strict, default_category: "" };
        match Document::from_markdown(file.text, read_as) {
            Ok(doc) => writes.push((existing.map(|s| s.id), file.path, doc)),
            Err(e) => report.failed.push(e),
        }
    }
    let present: HashSet<&str> = bundle.iter().map(|f| f.path).collect();
    let mut removals = Vec::new();
    for (path, s) in &stored {
        if !present.contains(path.as_str()) {
            if s.bookmarked {
                report.kept_bookmarked += 1;
            } else {
                removals.push(s.id);
            }
        }
    }
    if writes.is_empty() && removals.is_empty() {
        return Ok(report);
    }
    library.write(|tx| {
        for (id, path, doc) in &writes {
            match id {
                Some(id) => {
                    articles::update(tx, *id, doc, Some(path))?;
                    report.updated += 1;
                }
                None => {
                    articles::insert(tx, doc, Origin::Bundled, Some(path))?;
                    report.added += 1;
                }
            }
        }
        for id in &removals {
            articles::delete(tx, *id)?;
            report.removed += 1;
        }
        Ok(())
    })?;
    Ok(report)
}

/// The categories bundled articles use. A small fixed set keeps the library easy to browse.
pub const CATEGORIES: [&str; 7] = [
    "Get help now",
    "Depression",
    "Addiction",
    "Medications",
    "Treatment and therapy",
    "Recovery and wellbeing",
    "Family and support",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::BUNDLE;

    fn leak(text: String) -> &'static str {
        Box::leak(text.into_boxed_str())
    }

    #[test]
    fn opening_twice_with_nothing_changed_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        let first = Library::open_with(&path, BUNDLE).unwrap();
        assert_eq!((first.sync_report().added, first.sync_report().failed.len()), (3, 0));
        drop(first);
        let before = std::fs::read(&path).unwrap();
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        let second = Library::open_with(&path, BUNDLE).unwrap();
        assert_eq!(second.sync_report(), &SyncReport::default());
        drop(second);
        assert_eq!(std::fs::read(&path).unwrap(), before, "the file's bytes are unchanged");
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), modified);
    }

    #[test]
    fn updates_keep_bookmarks_and_reading_state_and_removals_spare_bookmarks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        let lib = Library::open_with(&path, BUNDLE).unwrap();
        lib.add_bookmark("sleep-and-recovery", Some("helpful")).unwrap();
        lib.set_reading_position("sleep-and-recovery", 0.6).unwrap();
        lib.add_bookmark("support-groups", None).unwrap();
        let id = lib.article("sleep-and-recovery").unwrap().id;
        drop(lib);

        // Next release: the sleep article changed, the other two are gone, one article is new.
        let changed = leak(BUNDLE[0].text.replace("Keep regular hours", "Keep steady hours"));
        let new = leak(BUNDLE[1].text.replace("slug", "x").replace("Stopping antidepressants safely", "New one"));
        let next = [
            BundledFile { path: "sleep-and-recovery.md", text: changed },
            BundledFile { path: "new-one.md", text: new },
        ];
        let lib = Library::open_with(&path, &next).unwrap();
        let report = lib.sync_report().clone();
        assert_eq!((report.added, report.updated, report.removed, report.kept_bookmarked), (1, 1, 1, 1));
        let a = lib.article("sleep-and-recovery").unwrap();
        assert_eq!(a.id, id);
        assert!(a.text.contains("Keep steady hours"));
        assert_eq!((a.note.as_deref(), a.position), (Some("helpful"), 0.6));
        assert!(lib.article("support-groups").is_ok(), "bookmarked, so kept");
        assert!(lib.article("stopping-antidepressants").is_err(), "removed");
        assert_eq!(lib.search("steady", &Default::default(), 5, 0).unwrap().len(), 1, "the index followed the update");
        assert!(lib.search("regular hours", &Default::default(), 5, 0).unwrap().is_empty());
    }

    #[test]
    fn a_broken_bundled_file_is_reported_and_the_rest_load() {
        let broken = [BundledFile { path: "broken.md", text: "---\ntitle: [\n---\nx" }, BUNDLE[0]];
        let lib = Library::in_memory(&broken).unwrap();
        let report = lib.sync_report();
        assert_eq!(report.added, 1);
        assert!(report.failed[0].message.starts_with("broken.md:"));
    }

    #[test]
    fn the_core_works_with_whatever_articles_are_bundled() {
        let lib = Library::in_memory(FILES).unwrap();
        assert!(lib.sync_report().failed.is_empty(), "{:?}", lib.sync_report().failed);
        assert_eq!(lib.list(&Default::default()).unwrap().total as usize, FILES.len());
    }

    /// Every article that ships with Haven: complete front matter from the fixed category set, real sources,
    /// at least 700 words, a one-sentence summary, a closing "When to get help" section and the standard note,
    /// links only to articles that exist, no duplicate slugs, and nothing for the sanitizer to remove.
    #[test]
    fn every_bundled_article_is_complete_and_renders_cleanly() {
        let mut docs = Vec::new();
        let mut slugs = HashSet::new();
        for file in FILES {
            let read_as = ReadAs { file_name: file.path, strictness: Strictness::Strict, default_category: "" };
            let doc = Document::from_markdown(file.text, read_as).unwrap_or_else(|e| panic!("{e}"));
            let name = file.path;
            assert!(slugs.insert(doc.slug.clone()), "{name}: the slug {} is used twice", doc.slug);
            assert!(
                CATEGORIES.contains(&doc.category.as_str()),
                "{name}: category {:?} is not one of {CATEGORIES:?}",
                doc.category
            );
            assert!(doc.rendered.word_count >= 700, "{name}: {} words, fewer than 700", doc.rendered.word_count);
            assert!(doc.author.is_some() && doc.published.is_some(), "{name}: author and published are expected");
            assert!(!doc.tags.is_empty(), "{name}: no tags");
            for source in &doc.sources {
                assert!(source.url.starts_with("https://"), "{name}: source {} is not https", source.url);
            }
            let summary = doc.summary.trim();
            let sentences =
                summary.matches(". ").count() + summary.matches("? ").count() + summary.matches("! ").count();
            assert!(
                summary.ends_with(['.', '?']) && sentences == 0,
                "{name}: the summary should be one sentence: {summary}"
            );
            assert_eq!(
                doc.rendered.toc.last().map(|t| t.id.as_str()),
                Some("when-to-get-help"),
                "{name}: must end with a \"When to get help\" section"
            );
            assert!(
                doc.rendered.text.contains("This article is information, not medical advice."),
                "{name}: the standard note is missing"
            );
            let (_, body) = crate::frontmatter::split(file.text, name).unwrap();
            let lost = crate::sanitize::losses(&crate::render::unsanitized_html(body), &doc.rendered.html);
            assert!(lost.is_empty(), "{name}: the sanitizer removed {lost:?}");
            docs.push(doc);
        }
        for doc in &docs {
            for link in &doc.rendered.internal_links {
                assert!(slugs.contains(link), "{} links to {link}.md, which does not exist", doc.slug);
            }
        }
    }

    #[test]
    fn the_bundled_library_has_at_least_twenty_articles_across_every_category() {
        let lib = Library::in_memory(FILES).unwrap();
        assert!(lib.sync_report().failed.is_empty(), "{:?}", lib.sync_report().failed);
        assert!(FILES.len() >= 20, "only {} bundled articles", FILES.len());
        let used: HashSet<String> = lib.categories().unwrap().into_iter().map(|c| c.name).collect();
        for category in CATEGORIES {
            assert!(used.contains(category), "no bundled article in {category}");
        }
    }
}
