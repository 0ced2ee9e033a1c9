//! Keeping stored HTML current: which articles were written by an older renderer, and storing their new
//! rendering. The rendering itself happens above the store (`library::rerender`), in small batches, so no
//! transaction holds the library for long and a stopped run resumes where it stopped.

use rusqlite::{params, OptionalExtension};

use super::fts::{self, IndexedText};
use super::highlights;
use super::Store;
use crate::error::Result;
use crate::render::Rendered;

/// An article whose HTML an older renderer wrote.
#[derive(Debug, Clone)]
pub struct Stale {
    pub id: i64,
    /// Names the article in errors: its file, or its slug.
    pub name: String,
    pub markdown: String,
    /// Identifies the text the new rendering is made from; a row changed meanwhile is left for the next pass.
    pub content_hash: String,
}

impl Store {
    /// How many articles an older renderer wrote.
    pub fn count_stale(&self, current: u32) -> Result<u64> {
        self.read(|conn| {
            let n: i64 = conn
                .prepare_cached("SELECT count(*) FROM articles WHERE render_version < ?")?
                .query_row([current], |r| r.get(0))?;
            Ok(n as u64)
        })
    }

    /// Up to `limit` articles an older renderer wrote, after id `after`, in id order.
    pub fn stale(&self, current: u32, after: i64, limit: u32) -> Result<Vec<Stale>> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT id, COALESCE(source_path, slug), markdown, content_hash FROM articles
                     WHERE render_version < ?1 AND id > ?2 ORDER BY id LIMIT ?3",
                )?
                .query_map(params![current, after, limit], |r| {
                    Ok(Stale { id: r.get(0)?, name: r.get(1)?, markdown: r.get(2)?, content_hash: r.get(3)? })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Stores new renderings, in one transaction: the HTML, contents, text (and so the full-text index) and the
    /// renderer version. An article whose text changed since it was read is skipped. Metadata, ids, bookmarks
    /// and reading state are untouched. Returns how many were stored.
    pub fn store_renderings(&self, rendered: &[(Stale, Rendered)]) -> Result<usize> {
        self.write(|tx| {
            let mut stored = 0;
            for (stale, r) in rendered {
                let current: Option<String> = tx
                    .prepare_cached("SELECT content_hash FROM articles WHERE id = ?")?
                    .query_row([stale.id], |row| row.get(0))
                    .optional()?;
                if current.as_deref() != Some(stale.content_hash.as_str()) {
                    continue;
                }
                let Some(old) = fts::unindex(tx, stale.id)? else { continue };
                tx.prepare_cached(
                    "UPDATE articles SET html = ?2, toc = ?3, body_text = ?4, word_count = ?5, reading_minutes = ?6,
                         render_version = ?7
                     WHERE id = ?1",
                )?
                .execute(params![
                    stale.id,
                    r.html,
                    serde_json::to_string(&r.toc)?,
                    r.text,
                    r.word_count,
                    r.reading_minutes(),
                    r.version
                ])?;
                fts::index(tx, stale.id, &IndexedText { body_text: r.text.clone(), ..old })?;
                highlights::reanchor_article(tx, stale.id, &r.html, &stale.content_hash)?;
                stored += 1;
            }
            Ok(stored)
        })
    }

    /// For an article whose Markdown no longer renders: its stored HTML passed through `clean` (the current
    /// sanitizer), marked current. Never left as an older sanitizer wrote it.
    pub fn resanitize(&self, id: i64, version: u32, clean: impl FnOnce(&str) -> String) -> Result<()> {
        self.write(|tx| {
            let html: Option<String> = tx
                .prepare_cached("SELECT html FROM articles WHERE id = ?")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            if let Some(html) = html {
                tx.prepare_cached("UPDATE articles SET html = ?2, render_version = ?3 WHERE id = ?1")?
                    .execute(params![id, clean(&html), version])?;
            }
            Ok(())
        })
    }
}
