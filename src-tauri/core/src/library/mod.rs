//! The library as front ends see it: [`Library`] composes the store with what Haven does around it.
//!
//! - Opening ([`Library::open`]): the store checks and migrates the file, then the bundled articles are brought
//!   up to date ([`sync`]). Articles an older renderer wrote are not re-rendered at open: reading one renders
//!   it afresh on the spot, and [`Library::rerender_stale`] brings the stored HTML up to date in small batches,
//!   which the app runs in the background ([`rerender`]).
//! - Importing ([`Library::import_with_progress`]): the `import` pipeline prepares files with no database,
//!   and each batch is stored by `store::articles::upsert_imported` ([`import`]).
//! - Highlights ([`highlights`]): placed on the text the reader sees, marked in the HTML when an article is
//!   served (the stored HTML stays clean), and gathered by article for the Notebook.
//! - Your data ([`data`]): exports of annotations and articles, backups, restoring one, merging an export.
//! - The lock ([`lock`]): opening a locked library with its passphrase; setting, changing or removing it.
//! - Where the library is ([`location`]): one resolver for the app and the CLI.
//!
//! Everything else is the store's, passed straight through.

pub mod data;
mod highlights;
mod import;
pub mod location;
pub mod lock;
mod rerender;
mod sync;

use std::collections::BTreeMap;
use std::path::Path;

use crate::bundled::{self, BundledFile};
use crate::error::Result;
use crate::model::{
    Article, ArticleSummary, Bookmark, Filter, ListQuery, NameCount, Page, PlanItem, PlanSection, PlanStep,
    ReadingState, SearchHit,
};
use crate::store::Store;

pub use rerender::{RerenderProgress, RerenderReport};
pub use sync::SyncReport;

/// An open Haven library. `Send + Sync`: share one behind an `Arc`.
pub struct Library {
    store: Store,
    sync_report: SyncReport,
    /// The articles this library was opened with, brought up to date again after a restore.
    bundle: Vec<BundledFile>,
}

impl Library {
    /// Opens (or creates) the library at `path` with the articles bundled in this build.
    pub fn open(path: impl AsRef<Path>) -> Result<Library> {
        Library::open_with(path, bundled::FILES)
    }

    /// Opens (or creates) the library at `path`, bringing its bundled articles up to date with `bundle`.
    ///
    /// A file that is not a Haven library, is damaged, or was written by a newer Haven is refused with an
    /// error naming it, and is left exactly as it was.
    pub fn open_with(path: impl AsRef<Path>, bundle: &[BundledFile]) -> Result<Library> {
        Library::with_store(Store::open(path)?, bundle)
    }

    /// A library that lives in memory only, for tests.
    pub fn in_memory(bundle: &[BundledFile]) -> Result<Library> {
        Library::with_store(Store::in_memory()?, bundle)
    }

    fn with_store(store: Store, bundle: &[BundledFile]) -> Result<Library> {
        let sync_report = sync::sync(&store, bundle)?;
        for failure in &sync_report.failed {
            log::warn!("a bundled article could not be read: {}", failure.message);
        }
        Ok(Library { store, sync_report, bundle: bundle.to_vec() })
    }

    /// The file behind this library; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.store.path()
    }

    /// What bringing the bundled articles up to date did when this library opened.
    pub fn sync_report(&self) -> &SyncReport {
        &self.sync_report
    }

    /// One page of articles matching `query`, with the total for paging.
    pub fn list(&self, query: &ListQuery) -> Result<Page<ArticleSummary>> {
        self.store.list(query)
    }

    /// Every category with its number of articles, by name.
    pub fn categories(&self) -> Result<Vec<NameCount>> {
        self.store.categories()
    }

    /// Every tag with its number of articles, most used first.
    pub fn tags(&self) -> Result<Vec<NameCount>> {
        self.store.tags()
    }

    /// Everything the reader shows for one article, its highlights marked in its HTML. The HTML is rendered from
    /// the stored source by this build, so what is shown always comes from this build's sanitizer.
    pub fn article(&self, slug: &str) -> Result<Article> {
        let mut article = self.store.article(slug)?.article;
        highlights::mark(&self.store, &mut article)?;
        Ok(article)
    }

    /// What read-aloud says for an article: its title, then its body sentence by sentence, each with its place in
    /// the text the reader sees.
    pub fn speech_script(&self, slug: &str) -> Result<crate::speech::Script> {
        let article = self.store.article(slug)?.article;
        Ok(crate::speech::Script::new(&article.title, &article.html))
    }

    /// Deletes an imported article with its bookmark and reading state. Bundled articles cannot be deleted.
    pub fn delete_article(&self, slug: &str) -> Result<()> {
        self.store.delete_imported(slug)
    }

    /// Articles matching a person's words, best first, with the same filters as [`Library::list`].
    pub fn search(&self, input: &str, filter: &Filter, limit: u32, offset: u32) -> Result<Vec<SearchHit>> {
        self.store.search(input, filter, limit, offset)
    }

    /// Bookmarks an article, or updates the note of an existing bookmark; a `None` note leaves it as it is.
    pub fn add_bookmark(&self, slug: &str, note: Option<&str>) -> Result<Bookmark> {
        self.store.add_bookmark(slug, note)
    }

    /// Sets the note of an existing bookmark.
    pub fn set_note(&self, slug: &str, note: &str) -> Result<Bookmark> {
        self.store.set_note(slug, note)
    }

    /// Removes a bookmark and its note.
    pub fn remove_bookmark(&self, slug: &str) -> Result<()> {
        self.store.remove_bookmark(slug)
    }

    /// Every bookmark, newest first.
    pub fn bookmarks(&self) -> Result<Vec<Bookmark>> {
        self.store.bookmarks()
    }

    /// Where the reader is in an article.
    pub fn reading_state(&self, slug: &str) -> Result<ReadingState> {
        self.store.reading_state(slug)
    }

    /// Records the reading position (0 to 1) and that the article was opened now.
    pub fn set_reading_position(&self, slug: &str, position: f64) -> Result<ReadingState> {
        self.store.set_reading_position(slug, position)
    }

    /// One setting's value, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.store.setting(key)
    }

    /// Every setting the reader has made.
    pub fn settings(&self) -> Result<BTreeMap<String, String>> {
        self.store.settings()
    }

    /// Stores a reader's setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.store.set_setting(key, value)
    }

    /// The safety plan: every entry, step by step.
    pub fn plan(&self) -> Result<Vec<PlanItem>> {
        self.store.plan()
    }

    /// The safety plan as the plan screen draws it: every step, in order, with its entries.
    pub fn plan_steps(&self) -> Result<Vec<PlanStep>> {
        let mut items = self.store.plan()?;
        Ok(PlanSection::ALL
            .into_iter()
            .map(|section| {
                let (mine, rest): (Vec<PlanItem>, Vec<PlanItem>) = items.drain(..).partition(|i| i.section == section);
                items = rest;
                PlanStep {
                    section,
                    title: section.title(),
                    prompt: section.prompt(),
                    has_phone: section.has_phone(),
                    relapse: section.is_relapse(),
                    items: mine,
                }
            })
            .collect())
    }

    /// Adds an entry at the end of a step of the safety plan.
    pub fn add_plan_item(&self, section: PlanSection, text: &str, phone: &str) -> Result<PlanItem> {
        self.store.add_plan_item(section, text, phone)
    }

    /// Sets an entry of the safety plan as the reader typed it.
    pub fn set_plan_item(&self, id: i64, text: &str, phone: &str) -> Result<PlanItem> {
        self.store.set_plan_item(id, text, phone)
    }

    /// Removes an entry of the safety plan, returning it so it can be put back.
    pub fn remove_plan_item(&self, id: i64) -> Result<PlanItem> {
        self.store.remove_plan_item(id)
    }

    /// Whether another process (`haven-cli` while the app is open) has changed the library since last asked.
    pub fn changed_elsewhere(&self) -> Result<bool> {
        self.store.changed_elsewhere()
    }
}

#[cfg(test)]
pub(crate) mod tests;
