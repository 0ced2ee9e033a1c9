//! The two full-text indexes over `articles`, kept in step by the code that writes articles, in the same
//! transaction.
//!
//! `articles_fts` indexes title, summary, tags and body text; `titles_fts` only titles and tags, so that a
//! common word's title matches are a short list (see search.rs). Both are external-content FTS5 tables: the
//! text lives once, in `articles`, and removing an entry means handing FTS5 the exact values it indexed.
//!
//! Why not triggers: a statement that fires a trigger runs inside a statement savepoint, and FTS5 writes its
//! pending terms out as a new segment at every savepoint. With triggers each imported article became its own
//! segment, and merging those segments was most of an import's cost (measured: six times the index writing of
//! the same text inserted directly). Every function here is a single-row statement, which opens no savepoint,
//! so FTS5 writes one segment per transaction.
//!
//! Invariant: every write of `title`, `summary`, `tags` or `body_text` in `articles` goes through
//! [`unindex`] before it and [`index`] after it; the tests check both indexes with FTS5's `integrity-check` after every
//! kind of write.

use rusqlite::{params, OptionalExtension, Transaction};

use crate::error::Result;

/// What the indexes hold for one article.
pub(crate) struct IndexedText {
    pub title: String,
    pub summary: String,
    /// The JSON list stored in `articles.tags`, indexed as it is stored.
    pub tags: String,
    pub body_text: String,
}

/// Adds an article to both indexes.
pub(crate) fn index(tx: &Transaction, id: i64, row: &IndexedText) -> Result<()> {
    tx.prepare_cached("INSERT INTO articles_fts (rowid, title, summary, tags, body_text) VALUES (?, ?, ?, ?, ?)")?
        .execute(params![id, row.title, row.summary, row.tags, row.body_text])?;
    tx.prepare_cached("INSERT INTO titles_fts (rowid, title, tags) VALUES (?, ?, ?)")?
        .execute(params![id, row.title, row.tags])?;
    Ok(())
}

/// Removes an article from both indexes, with the values it was indexed with (its row as it is now). Returns
/// them, or `None` when there is no such article.
pub(crate) fn unindex(tx: &Transaction, id: i64) -> Result<Option<IndexedText>> {
    let old = tx
        .prepare_cached("SELECT title, summary, tags, body_text FROM articles WHERE id = ?")?
        .query_row([id], |r| {
            Ok(IndexedText { title: r.get(0)?, summary: r.get(1)?, tags: r.get(2)?, body_text: r.get(3)? })
        })
        .optional()?;
    if let Some(old) = &old {
        tx.prepare_cached(
            "INSERT INTO articles_fts (articles_fts, rowid, title, summary, tags, body_text)
             VALUES ('delete', ?, ?, ?, ?, ?)",
        )?
        .execute(params![id, old.title, old.summary, old.tags, old.body_text])?;
        tx.prepare_cached("INSERT INTO titles_fts (titles_fts, rowid, title, tags) VALUES ('delete', ?, ?, ?)")?
            .execute(params![id, old.title, old.tags])?;
    }
    Ok(old)
}
