//! Keeping stored HTML current when this build renders or sanitizes differently from the one that stored it.
//!
//! Each article records the renderer version that wrote it. An article from an older one is rendered afresh
//! whenever it is read ([`refresh`]), so the webview only ever sees this build's sanitizer; and
//! [`Library::rerender_stale`] rewrites the stored rows in batches of [`BATCH`], each its own short
//! transaction, so the library stays usable meanwhile and a run that is stopped resumes where it stopped. An
//! article whose Markdown no longer renders keeps its HTML only after passing it through this build's sanitizer.

use super::Library;
use crate::document::{ArticleFile, Document};
use crate::error::Result;
use crate::model::Article;
use crate::render::RENDER_VERSION;
use crate::sanitize;
use crate::store::rendering::Stale;
use crate::store::Store;

/// Articles re-rendered per transaction.
pub(crate) const BATCH: u32 = 64;

/// How far a re-render has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RerenderProgress {
    pub done: u64,
    pub total: u64,
}

/// What a re-render did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RerenderReport {
    pub rendered: u64,
    /// Articles whose Markdown no longer renders: their stored HTML was sanitized again instead.
    pub resanitized: u64,
    /// True when `progress` asked to stop before the end.
    pub stopped: bool,
}

impl Library {
    /// How many articles an older renderer wrote.
    pub fn count_stale(&self) -> Result<u64> {
        self.store.count_stale(RENDER_VERSION)
    }

    /// Re-renders every article an older renderer wrote, a batch at a time, calling `progress` after each
    /// batch; returning `false` from it stops there (what is done stays done).
    pub fn rerender_stale(&self, mut progress: impl FnMut(RerenderProgress) -> bool) -> Result<RerenderReport> {
        let total = self.store.count_stale(RENDER_VERSION)?;
        let mut report = RerenderReport::default();
        let mut after = 0;
        loop {
            let batch = self.store.stale(RENDER_VERSION, after, BATCH)?;
            let Some(last) = batch.last() else { break };
            after = last.id;
            let mut rendered = Vec::with_capacity(batch.len());
            for stale in batch {
                match render(&stale) {
                    Ok(doc) => rendered.push((stale, doc.rendered)),
                    Err(e) => {
                        log::warn!(
                            "article {} no longer renders ({}); its HTML was sanitized again",
                            stale.id,
                            e.message
                        );
                        self.store.resanitize(stale.id, RENDER_VERSION, sanitize::clean)?;
                        report.resanitized += 1;
                    }
                }
            }
            report.rendered += self.store.store_renderings(&rendered)? as u64;
            let done = (report.rendered + report.resanitized).min(total);
            if !progress(RerenderProgress { done, total }) {
                report.stopped = true;
                break;
            }
        }
        Ok(report)
    }
}

/// The stored source of an article, rendered by this build.
fn render(stale: &Stale) -> Result<Document> {
    Document::from_markdown(&stale.markdown, ArticleFile::imported(&stale.name, ""))
}

/// Replaces what an older renderer stored in `article` with this build's rendering of its source, or, if the
/// source no longer renders, with the stored HTML sanitized again.
pub(crate) fn refresh(store: &Store, article: &mut Article) -> Result<()> {
    let markdown = store.markdown(article.id)?;
    match Document::from_markdown(&markdown, ArticleFile::imported(&article.slug, "")) {
        Ok(doc) => {
            let r = doc.rendered;
            article.reading_minutes = r.reading_minutes();
            (article.html, article.toc, article.text, article.word_count) = (r.html, r.toc, r.text, r.word_count);
        }
        Err(_) => article.html = sanitize::clean(&article.html),
    }
    Ok(())
}

#[cfg(test)]
mod tests;
