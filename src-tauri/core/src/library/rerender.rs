//! Keeping what is derived from articles current when this build renders differently from the one that indexed
//! them.
//!
//! The HTML a reader sees is always this build's: it is rendered from the stored source whenever an article is
//! read, and never stored. What is kept is derived from the rendering too: the full-text index of its text, its
//! word count, and where its highlights sit in its text. Each article records the renderer version that last
//! derived them, and [`Library::rerender_stale`] brings an older one's up to date in batches of [`BATCH`], each
//! its own short transaction, so the library stays usable meanwhile and a run that is stopped resumes where it
//! stopped.

use super::Library;
use crate::document;
use crate::error::Result;
use crate::render::RENDER_VERSION;

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
            let rendered: Vec<_> = batch
                .into_iter()
                .map(|stale| {
                    let r = document::render_source(&stale.markdown, &stale.name);
                    (stale, r)
                })
                .collect();
            report.rendered += self.store.store_renderings(&rendered)? as u64;
            let done = report.rendered.min(total);
            if !progress(RerenderProgress { done, total }) {
                report.stopped = true;
                break;
            }
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests;
