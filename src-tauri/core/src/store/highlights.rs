//! Highlights and their notes: storing them, finding them, and placing them again when their article changes.
//!
//! Invariant: a highlight is never deleted except by the reader removing it. When its article's text changes it
//! is placed again with `anchor::reanchor` (in the same transaction as the change); when that fails, or the
//! article is deleted, it is kept with its quote and note and marked detached. `highlights_fts` (quotes and
//! notes) is kept in step here with single-row statements, as `fts.rs` does for articles.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};

use super::{now_ms, Store};
use crate::anchor::{self, Quote};
use crate::error::{Error, Result};
use crate::model::{Color, Highlight, HighlightFilter};
use crate::text;

/// The longest note kept on a highlight, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;

/// The longest passage one highlight may hold, in characters.
pub const MAX_QUOTE_CHARS: usize = 20_000;

/// Highlights listed at most at once.
pub const MAX_LIST: u32 = 1_000;

pub(crate) const COLUMNS: &str = "h.id, h.slug, h.title, h.quote, h.prefix, h.suffix, h.start, h.note, h.color, \
                                  h.detached, h.created_at, h.updated_at, h.uid";

/// SQL for a new random UUID (version 4), as migration 0005 gave every highlight made before it.
pub(crate) const NEW_UID: &str = "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || \
    substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || \
    substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))";

pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Highlight> {
    Ok(Highlight {
        id: r.get(0)?,
        uid: r.get(12)?,
        slug: r.get(1)?,
        title: r.get(2)?,
        quote: r.get(3)?,
        prefix: r.get(4)?,
        suffix: r.get(5)?,
        start: r.get::<_, i64>(6)? as u64,
        note: r.get(7)?,
        color: Color::parse(&r.get::<_, String>(8)?).unwrap_or(Color::Yellow),
        detached: r.get(9)?,
        created: r.get(10)?,
        updated: r.get(11)?,
    })
}

/// A note as stored: trimmed, and refused when too long.
pub(crate) fn clean_note(note: &str) -> Result<String> {
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(Error::invalid(format!("a note can be at most {MAX_NOTE_CHARS} characters long")));
    }
    Ok(note.to_string())
}

pub(crate) fn index(tx: &Transaction, id: i64, quote: &str, note: &str) -> Result<()> {
    tx.prepare_cached("INSERT INTO highlights_fts (rowid, quote, note) VALUES (?, ?, ?)")?
        .execute(params![id, quote, note])?;
    Ok(())
}

/// Removes a highlight from the index, with the values it was indexed with (its row as it is now).
fn unindex(tx: &Transaction, id: i64) -> Result<()> {
    let old: Option<(String, String)> = tx
        .prepare_cached("SELECT quote, note FROM highlights WHERE id = ?")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((quote, note)) = old {
        tx.prepare_cached(
            "INSERT INTO highlights_fts (highlights_fts, rowid, quote, note) VALUES ('delete', ?, ?, ?)",
        )?
        .execute(params![id, quote, note])?;
    }
    Ok(())
}

fn by_id(conn: &Connection, id: i64) -> Result<Highlight> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM highlights h WHERE h.id = ?"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("there is no highlight {id}")))
}

/// Places the highlights of article `id` again in its new HTML, after its text changed: each found with
/// confidence is moved there (its quote and context refreshed), each not found is kept and marked detached.
/// The article's slug and title are copied onto them. Cheap when the article has no highlights.
pub(crate) fn reanchor_article(tx: &Transaction, id: i64, html: &str, content_hash: &str) -> Result<()> {
    let rows: Vec<(i64, Quote)> = tx
        .prepare_cached("SELECT id, quote, prefix, suffix, start FROM highlights WHERE article_id = ?")?
        .query_map([id], |r| {
            let quote =
                Quote { quote: r.get(1)?, prefix: r.get(2)?, suffix: r.get(3)?, start: r.get::<_, i64>(4)? as usize };
            Ok((r.get(0)?, quote))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if rows.is_empty() {
        return Ok(());
    }
    let (slug, title): (String, String) = tx
        .prepare_cached("SELECT slug, title FROM articles WHERE id = ?")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let text = anchor::text_of_html(html);
    for (highlight, old) in rows {
        // Even with the same source, a new renderer may have changed the text: always placed again (the exact
        // quote near its old place is found first, cheaply).
        match anchor::reanchor(&text, &old).and_then(|(start, end)| Quote::at(&text, start, end)) {
            Some(new) => {
                let note: String = tx
                    .prepare_cached("SELECT note FROM highlights WHERE id = ?")?
                    .query_row([highlight], |r| r.get(0))?;
                unindex(tx, highlight)?;
                tx.prepare_cached(
                    "UPDATE highlights SET quote = ?2, prefix = ?3, suffix = ?4, start = ?5, content_hash = ?6,
                         detached = 0, slug = ?7, title = ?8 WHERE id = ?1",
                )?
                .execute(params![
                    highlight,
                    new.quote,
                    new.prefix,
                    new.suffix,
                    new.start as i64,
                    content_hash,
                    slug,
                    title
                ])?;
                index(tx, highlight, &new.quote, &note)?;
            }
            None => {
                tx.prepare_cached("UPDATE highlights SET detached = 1, slug = ?2, title = ?3 WHERE id = ?1")?
                    .execute(params![highlight, slug, title])?;
            }
        }
    }
    Ok(())
}

/// Marks the highlights of an article about to be deleted as detached; deleting it then clears their article
/// (`ON DELETE SET NULL`), and they stay, with the title and slug they had.
pub(crate) fn detach_article(tx: &Transaction, id: i64) -> Result<()> {
    tx.prepare_cached("UPDATE highlights SET detached = 1 WHERE article_id = ?")?.execute([id])?;
    Ok(())
}

/// The range of a new highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Character offsets into the article's anchor text (what the reader selected).
    Offsets { start: usize, end: usize },
    /// The `occurrence`-th appearance of this text (as typed: case and spacing do not matter).
    Text { quote: String, occurrence: usize },
}

impl Store {
    /// Stores a new highlight on article `article_id`, whose anchor text (from the HTML the reader sees) is
    /// `text` and content hash `content_hash`.
    #[allow(clippy::too_many_arguments)]
    pub fn add_highlight(
        &self,
        article_id: i64,
        text: &str,
        content_hash: &str,
        span: &Span,
        color: Color,
        note: &str,
    ) -> Result<Highlight> {
        let note = clean_note(note)?;
        let (start, end) = match span {
            Span::Offsets { start, end } => (*start, *end),
            Span::Text { quote, occurrence } => {
                if quote.trim().is_empty() {
                    return Err(Error::invalid("a highlight needs some text to highlight"));
                }
                anchor::find(text, quote, *occurrence).ok_or_else(|| {
                    Error::invalid(match occurrence {
                        1 => format!("“{}” is not in this article's text", shorten(quote)),
                        n => format!("“{}” does not occur {n} times in this article's text", shorten(quote)),
                    })
                })?
            }
        };
        if end.saturating_sub(start) > MAX_QUOTE_CHARS {
            return Err(Error::invalid(format!("a highlight can hold at most {MAX_QUOTE_CHARS} characters")));
        }
        let quote = Quote::at(text, start, end)
            .ok_or_else(|| Error::invalid("that selection is not text in this article, or is empty"))?;
        self.write(|tx| {
            let (slug, title): (String, String) = tx
                .prepare_cached("SELECT slug, title FROM articles WHERE id = ?")?
                .query_row([article_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .ok_or_else(|| Error::not_found("that article is no longer in the library"))?;
            let now = now_ms();
            tx.prepare_cached(&format!(
                "INSERT INTO highlights (article_id, slug, title, quote, prefix, suffix, start, content_hash, color,
                     note, created_at, updated_at, uid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, {NEW_UID})"
            ))?
            .execute(params![
                article_id,
                slug,
                title,
                quote.quote,
                quote.prefix,
                quote.suffix,
                quote.start as i64,
                content_hash,
                color.as_str(),
                note,
                now
            ])?;
            let id = tx.last_insert_rowid();
            index(tx, id, &quote.quote, &note)?;
            by_id(tx, id)
        })
    }

    /// Changes a highlight's note.
    pub fn set_highlight_note(&self, id: i64, note: &str) -> Result<Highlight> {
        let note = clean_note(note)?;
        self.write(|tx| {
            let highlight = by_id(tx, id)?;
            unindex(tx, id)?;
            tx.prepare_cached("UPDATE highlights SET note = ?2, updated_at = ?3 WHERE id = ?1")?.execute(params![
                id,
                note,
                now_ms()
            ])?;
            index(tx, id, &highlight.quote, &note)?;
            by_id(tx, id)
        })
    }

    /// Changes a highlight's colour.
    pub fn set_highlight_color(&self, id: i64, color: Color) -> Result<Highlight> {
        self.write(|tx| {
            by_id(tx, id)?;
            tx.prepare_cached("UPDATE highlights SET color = ?2, updated_at = ?3 WHERE id = ?1")?.execute(params![
                id,
                color.as_str(),
                now_ms()
            ])?;
            by_id(tx, id)
        })
    }

    /// Removes a highlight and its note: the one way a highlight is ever deleted.
    pub fn remove_highlight(&self, id: i64) -> Result<()> {
        self.write(|tx| {
            by_id(tx, id)?;
            unindex(tx, id)?;
            tx.prepare_cached("DELETE FROM highlights WHERE id = ?")?.execute([id])?;
            Ok(())
        })
    }

    /// One highlight.
    pub fn highlight(&self, id: i64) -> Result<Highlight> {
        self.read(|conn| by_id(conn, id))
    }

    /// The highlights of one article, in text order (detached ones last).
    pub fn highlights_of(&self, article_id: i64) -> Result<Vec<Highlight>> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM highlights h WHERE h.article_id = ? ORDER BY h.detached, h.start, h.id"
                ))?
                .query_map([article_id], from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Highlights matching `filter`, newest first.
    ///
    /// With words to find, "newest" is the most recently made (the highest id): the index then yields matches
    /// in that order and the search stops at `limit`, where ranking by relevance would score every match (31 ms
    /// for a word in 33,000 of 100,000 notes against 5 ms). The Notebook groups them by article anyway.
    pub fn highlights(&self, filter: &HighlightFilter) -> Result<Vec<Highlight>> {
        let limit = if filter.limit == 0 { MAX_LIST } else { filter.limit.min(MAX_LIST) };
        let mut params: Vec<Value> = Vec::new();
        let mut sql = String::new();
        let query = filter.query.as_deref().and_then(text::fts_query);
        if filter.query.as_deref().is_some_and(|q| !q.trim().is_empty()) && query.is_none() {
            return Ok(Vec::new()); // only symbols: nothing can match
        }
        let from = if let Some(query) = &query {
            params.push(Value::Text(query.clone()));
            "highlights_fts f JOIN highlights h ON h.id = f.rowid"
        } else {
            "highlights h"
        };
        sql.push_str(&format!("SELECT {COLUMNS} FROM {from} LEFT JOIN articles a ON a.id = h.article_id WHERE 1 = 1"));
        if query.is_some() {
            sql.push_str(" AND highlights_fts MATCH ?");
        }
        if let Some(slug) = &filter.slug {
            sql.push_str(" AND h.slug = ?");
            params.push(Value::Text(slug.clone()));
        }
        if let Some(color) = filter.color {
            sql.push_str(" AND h.color = ?");
            params.push(Value::Text(color.as_str().into()));
        }
        if let Some(detached) = filter.detached {
            sql.push_str(" AND h.detached = ?");
            params.push(Value::Integer(i64::from(detached)));
        }
        if let Some(category) = &filter.category {
            sql.push_str(" AND a.category = ?");
            params.push(Value::Text(category.clone()));
        }
        if let Some(tag) = &filter.tag {
            sql.push_str(
                " AND h.article_id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE t.name = ?)",
            );
            params.push(Value::Text(tag.clone()));
        }
        sql.push_str(if query.is_some() { " ORDER BY f.rowid DESC" } else { " ORDER BY h.created_at DESC, h.id DESC" });
        sql.push_str(" LIMIT ? OFFSET ?");
        params.push(Value::Integer(i64::from(limit)));
        params.push(Value::Integer(i64::from(filter.offset)));
        self.read(|conn| {
            let rows = conn
                .prepare_cached(&sql)?
                .query_map(params_from_iter(&params), from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// The category of the article called `slug`, or `None` when there is no such article any more.
    pub fn article_category(&self, slug: &str) -> Result<Option<String>> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached("SELECT category FROM articles WHERE slug = ?")?
                .query_row([slug], |r| r.get(0))
                .optional()?)
        })
    }
}

fn shorten(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= 60 {
        return text.to_string();
    }
    format!("{}…", text.chars().take(59).collect::<String>())
}

#[cfg(test)]
mod tests;
