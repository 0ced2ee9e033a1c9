//! Everything a person added to the library, gathered by article for an export, and merged back from one.
//!
//! Merging never loses or doubles anything: a highlight already here (the same `uid`, or the same quote in the
//! same article) is left as it is; a bookmark note that differs from the one here is added below it, never put
//! in its place; a reading position replaces this library's only when it was read more recently. The whole
//! merge is one transaction, so an interrupted one leaves the library as it was.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use super::highlights::{self as stored_highlights, from_row, COLUMNS};
use super::Store;
use crate::anchor::Quote;
use crate::error::Result;
use crate::model::{ArticleAnnotations, BookmarkNote, Highlight, ReadingState};

/// One article's annotations from an export, with its highlights placed on this library's text of it.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub annotations: ArticleAnnotations,
    /// The article here (its id and content hash), when this library has it.
    pub article: Option<(i64, String)>,
    /// Where each highlight (same order) sits in this library's text of the article; `None` when it cannot be
    /// placed with confidence, and it is then kept detached.
    pub placed: Vec<Option<Quote>>,
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// Highlights added, of which `highlights_detached` could not be placed on the article's text.
    pub highlights_added: u64,
    pub highlights_detached: u64,
    /// Highlights that were here already (the same highlight, or the same passage of the same article).
    pub highlights_present: u64,
    pub bookmarks_added: u64,
    /// Bookmarks here already whose note gained the export's, below its own.
    pub notes_merged: u64,
    pub bookmarks_present: u64,
    pub positions_restored: u64,
    /// Titles of articles this library does not have: their bookmarks and positions could not be restored
    /// (their highlights were kept, detached).
    pub missing_articles: Vec<String>,
}

/// How much the library holds, for a person deciding what to back up or restore.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub articles: u64,
    pub imported: u64,
    pub highlights: u64,
    pub bookmarks: u64,
}

impl Store {
    /// Counts of articles (and how many were imported), highlights and bookmarks.
    pub fn totals(&self) -> Result<Totals> {
        self.read(|conn| {
            Ok(conn.query_row(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM articles WHERE origin = 'imported'),
                        (SELECT count(*) FROM highlights), (SELECT count(*) FROM bookmarks)",
                [],
                |r| {
                    Ok(Totals {
                        articles: r.get::<_, i64>(0)? as u64,
                        imported: r.get::<_, i64>(1)? as u64,
                        highlights: r.get::<_, i64>(2)? as u64,
                        bookmarks: r.get::<_, i64>(3)? as u64,
                    })
                },
            )?)
        })
    }

    /// Every article with a bookmark, a reading position or a highlight, by slug; highlights whose article was
    /// deleted come under the slug and title they had, marked removed.
    pub fn annotations(&self) -> Result<Vec<ArticleAnnotations>> {
        self.read(|conn| {
            let mut articles: BTreeMap<String, ArticleAnnotations> = BTreeMap::new();
            let mut rows = conn.prepare(
                "SELECT a.slug, a.title, a.category, a.tags, a.author, a.sources, b.created_at, b.note, r.position,
                        r.finished, r.last_opened
                 FROM articles a
                 LEFT JOIN bookmarks b ON b.article_id = a.id
                 LEFT JOIN reading_state r ON r.article_id = a.id
                 WHERE b.article_id IS NOT NULL OR r.article_id IS NOT NULL
                    OR a.id IN (SELECT article_id FROM highlights WHERE article_id IS NOT NULL)",
            )?;
            let mut query = rows.query([])?;
            while let Some(r) = query.next()? {
                let slug: String = r.get(0)?;
                let bookmark = match r.get::<_, Option<i64>>(6)? {
                    Some(created) => Some(BookmarkNote { created, note: r.get(7)? }),
                    None => None,
                };
                let reading = match r.get::<_, Option<f64>>(8)? {
                    Some(position) => {
                        Some(ReadingState { position, finished: r.get(9)?, last_opened: r.get(10)? })
                    }
                    None => None,
                };
                articles.insert(
                    slug.clone(),
                    ArticleAnnotations {
                        slug,
                        title: r.get(1)?,
                        category: r.get(2)?,
                        tags: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
                        author: r.get(4)?,
                        sources: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default(),
                        removed: false,
                        bookmark,
                        reading,
                        highlights: Vec::new(),
                    },
                );
            }
            let highlights = conn
                .prepare(&format!(
                    "SELECT {COLUMNS}, h.article_id IS NULL FROM highlights h ORDER BY h.slug, h.detached, h.start, h.uid"
                ))?
                .query_map([], |r| Ok((from_row(r)?, r.get::<_, bool>(13)?)))?
                .collect::<rusqlite::Result<Vec<(Highlight, bool)>>>()?;
            for (highlight, removed) in highlights {
                let entry = articles.entry(highlight.slug.clone()).or_insert_with(|| ArticleAnnotations {
                    slug: highlight.slug.clone(),
                    title: highlight.title.clone(),
                    category: String::new(),
                    tags: Vec::new(),
                    author: None,
                    sources: Vec::new(),
                    removed,
                    bookmark: None,
                    reading: None,
                    highlights: Vec::new(),
                });
                entry.highlights.push(highlight);
            }
            Ok(articles.into_values().collect())
        })
    }

    /// Merges annotations from an export into this library, in one transaction (see the module's rules).
    pub fn merge_annotations(&self, incoming: &[Incoming]) -> Result<MergeReport> {
        self.write(|tx| {
            let mut report = MergeReport::default();
            for one in incoming {
                merge_article(tx, one, &mut report)?;
            }
            Ok(report)
        })
    }
}

fn merge_article(tx: &Transaction, one: &Incoming, report: &mut MergeReport) -> Result<()> {
    let a = &one.annotations;
    for (highlight, placed) in a.highlights.iter().zip(&one.placed) {
        if highlight_present(tx, highlight, placed.as_ref())? {
            report.highlights_present += 1;
            continue;
        }
        insert_highlight(tx, one, highlight, placed.as_ref())?;
        report.highlights_added += 1;
        if placed.is_none() {
            report.highlights_detached += 1;
        }
    }
    let Some((article_id, _)) = &one.article else {
        if a.bookmark.is_some() || a.reading.is_some() {
            report.missing_articles.push(a.title.clone());
        }
        return Ok(());
    };
    if let Some(bookmark) = &a.bookmark {
        let here: Option<String> = tx
            .prepare_cached("SELECT note FROM bookmarks WHERE article_id = ?")?
            .query_row([article_id], |r| r.get(0))
            .optional()?;
        match here {
            None => {
                tx.prepare_cached("INSERT INTO bookmarks (article_id, created_at, note) VALUES (?, ?, ?)")?
                    .execute(params![article_id, bookmark.created, bookmark.note])?;
                report.bookmarks_added += 1;
            }
            Some(note) if bookmark.note.is_empty() || note.contains(bookmark.note.as_str()) => {
                report.bookmarks_present += 1;
            }
            Some(note) => {
                let joined =
                    if note.is_empty() { bookmark.note.clone() } else { format!("{note}\n\n{}", bookmark.note) };
                tx.prepare_cached("UPDATE bookmarks SET note = ? WHERE article_id = ?")?
                    .execute(params![joined, article_id])?;
                report.notes_merged += 1;
            }
        }
    }
    if let Some(reading) = &a.reading {
        let changed = tx
            .prepare_cached(
                "INSERT INTO reading_state (article_id, position, last_opened, finished) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (article_id) DO UPDATE SET position = ?2, last_opened = ?3, finished = MAX(finished, ?4)
                 WHERE ?3 > last_opened",
            )?
            .execute(params![article_id, reading.position, reading.last_opened.unwrap_or(0), reading.finished])?;
        report.positions_restored += changed as u64;
    }
    Ok(())
}

/// Whether this highlight is here already: the same one (its uid), or the same passage of the same article.
fn highlight_present(tx: &Transaction, highlight: &Highlight, placed: Option<&Quote>) -> Result<bool> {
    let same: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM highlights WHERE uid = ?1)
                 OR EXISTS (SELECT 1 FROM highlights WHERE slug = ?2 AND (quote = ?3 OR quote = ?4))",
        )?
        .query_row(params![highlight.uid, highlight.slug, highlight.quote, placed.map(|q| q.quote.as_str())], |r| {
            r.get(0)
        })?;
    Ok(same)
}

fn insert_highlight(tx: &Transaction, one: &Incoming, highlight: &Highlight, placed: Option<&Quote>) -> Result<()> {
    let article_id = one.article.as_ref().map(|(id, _)| *id);
    let title = &one.annotations.title;
    // Placed: where it sits in this library's text. Not placed: kept as the export had it, detached.
    let (quote, prefix, suffix, start, hash, detached) = match (placed, &one.article) {
        (Some(q), Some((_, hash))) => (&q.quote, &q.prefix, &q.suffix, q.start as i64, hash.as_str(), false),
        _ => (&highlight.quote, &highlight.prefix, &highlight.suffix, highlight.start as i64, "", true),
    };
    let uid = if highlight.uid.is_empty() { None } else { Some(highlight.uid.as_str()) };
    tx.prepare_cached(&format!(
        "INSERT INTO highlights (article_id, slug, title, quote, prefix, suffix, start, content_hash, color, note,
             detached, created_at, updated_at, uid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, COALESCE(?14, {}))",
        stored_highlights::NEW_UID
    ))?
    .execute(params![
        article_id,
        highlight.slug,
        title,
        quote,
        prefix,
        suffix,
        start,
        hash,
        highlight.color.as_str(),
        highlight.note,
        detached,
        highlight.created,
        highlight.updated,
        uid
    ])?;
    let id = tx.last_insert_rowid();
    stored_highlights::index(tx, id, quote, &highlight.note)?;
    Ok(())
}

#[cfg(test)]
mod tests;
