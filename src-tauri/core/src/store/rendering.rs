//! Keeping what is derived from an article and kept current: which articles an older renderer indexed, and
//! storing what this build's rendering changes (the full-text index of its text, its word count, the places of
//! its highlights). The HTML itself is never stored: it is rendered from the source when read. The rendering
//! happens above the store (`library::rerender`), in small batches, so no transaction holds the library for long
//! and a stopped run resumes where it stopped.

use rusqlite::{params, OptionalExtension};

use super::fts::{self, IndexedText};
use super::highlights;
use super::Store;
use crate::error::Result;
use crate::packed;
use crate::render::Rendered;
use crate::text;

/// An article an older renderer indexed.
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
                    "SELECT id, COALESCE(source_path, slug), source, content_hash FROM articles
                     WHERE render_version < ?1 AND id > ?2 ORDER BY id LIMIT ?3",
                )?
                .query_map(params![current, after, limit], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Vec<u8>>(2)?, r.get::<_, String>(3)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter()
                .map(|(id, name, source, content_hash)| {
                    Ok(Stale { markdown: packed::unpack(&source, &name)?, id, name, content_hash })
                })
                .collect()
        })
    }

    /// Stores new renderings, in one transaction: the full-text index of the new text, the word count and the
    /// renderer version, and the highlights placed again in the new text. An article whose text changed since it was read is skipped. Metadata, ids, bookmarks
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
                let indexed = tx.prepare_cached("SELECT title, summary, tags FROM articles WHERE id = ?")?.query_row(
                    [stale.id],
                    |row| {
                        Ok(IndexedText {
                            title: row.get(0)?,
                            summary: row.get(1)?,
                            tags: row.get(2)?,
                            body_text: r.text.clone(),
                        })
                    },
                )?;
                fts::unindex(tx, stale.id)?;
                tx.prepare_cached(
                    "UPDATE articles SET word_count = ?2, reading_minutes = ?3, render_version = ?4 WHERE id = ?1",
                )?
                .execute(params![stale.id, r.word_count, r.reading_minutes(), r.version])?;
                let words = text::index_words(&[&indexed.title, &indexed.summary, &indexed.tags, &indexed.body_text]);
                fts::index(tx, stale.id, &indexed, &words)?;
                highlights::reanchor_article(tx, stale.id, &r.html, &stale.content_hash)?;
                stored += 1;
            }
            Ok(stored)
        })
    }
}
