//! Bringing a library up to date with the articles bundled in this build.
//!
//! Each bundled file is compared with what the library holds by content hash. Only files that are new or
//! changed are rendered, outside any transaction; the store then applies the result in one `IMMEDIATE`
//! transaction, comparing again inside it, so the app and `haven-cli` opening a library together never store
//! an article twice. Changed articles are updated in place (ids kept, so bookmarks and reading state survive);
//! articles gone from the bundle are dropped unless the reader bookmarked or began reading them. With nothing
//! changed, nothing is written at all.
//!
//! The library keeps the id of the bundle it was last brought up to date with (`bundled::bundle_id`, computed
//! when Haven was built); opening it with that same bundle skips all of this, so a fresh process (a script
//! calling `haven-cli`) pays one settings lookup, not a hash of every article.

use crate::bundled::{bundle_id, BundledFile};
use crate::document::{content_hash, ArticleFile, Document};
use crate::error::{Error, Result};
use crate::store::bundled::Wanted;
use crate::store::Store;

/// What bringing the bundled articles up to date changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    pub added: u32,
    pub updated: u32,
    pub removed: u32,
    /// Articles gone from the bundle but kept because the reader bookmarked them or began reading them.
    pub kept_for_reader: u32,
    /// Bundled files that could not be read (the library keeps any earlier version of them).
    pub failed: Vec<Error>,
}

pub(crate) fn sync(store: &Store, bundle: &[BundledFile]) -> Result<SyncReport> {
    let id = bundle_id(bundle);
    if store.bundle_marker()?.as_deref() == Some(&*id) {
        return Ok(SyncReport::default());
    }
    let stored = store.bundled()?;
    let hashes: Vec<String> = bundle.iter().map(|f| content_hash(f.text)).collect();
    let mut report = SyncReport::default();
    let docs: Vec<Option<Document>> = bundle
        .iter()
        .zip(&hashes)
        .map(|(file, hash)| {
            if stored.get(file.path).is_some_and(|s| &s.content_hash == hash) {
                return None;
            }
            Document::from_markdown(file.text, ArticleFile::bundled(file.path)).map_err(|e| report.failed.push(e)).ok()
        })
        .collect();
    let wanted: Vec<Wanted> = bundle
        .iter()
        .zip(&hashes)
        .zip(&docs)
        .map(|((file, hash), doc)| Wanted { path: file.path, content_hash: hash, doc: doc.as_ref() })
        .collect();
    let applied = store.apply_bundle(&wanted, &id)?;
    report.added = applied.added;
    report.updated = applied.updated;
    report.removed = applied.removed;
    report.kept_for_reader = applied.kept_for_reader;
    Ok(report)
}

#[cfg(test)]
mod tests;
