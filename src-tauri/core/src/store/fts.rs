//! The two full-text indexes over `articles`, kept in step by the code that writes articles, in the same
//! transaction.
//!
//! `articles_fts` indexes title, summary, tags and body text; `titles_fts` only titles and tags, so that a
//! common word's title matches are a short list (see search.rs).
//!
//! `articles_fts` is contentless (`content=''`, `contentless_delete=1`): it keeps the index and no copy of the
//! text, and an entry is removed by its rowid alone. The body text it indexes is rendered from the stored
//! source (packed.rs) and is not stored anywhere. It has no prefix indexes: they were more than half of the
//! index (measured at 10,000 articles: 106 MB with prefixes of two and three characters, 47 MB without) and
//! tripled the cost of writing it; search expands a prefix of fewer than four characters in `titles_fts`
//! only, which keeps them (search.rs). `titles_fts` is an external-content table over `articles.title` and
//! `articles.tags`: removing its entry means handing FTS5 the exact values it indexed, the row as it is.
//!
//! Why not triggers: a statement that fires a trigger runs inside a statement savepoint, and FTS5 writes its
//! pending terms out as a new segment at every savepoint. With triggers each imported article became its own
//! segment, and merging those segments was most of an import's cost (measured: six times the index writing of
//! the same text inserted directly). Every function here is a single-row statement, which opens no savepoint,
//! so FTS5 writes one segment per transaction.
//!
//! Invariant: every write of `title`, `summary`, `tags` or `source` in `articles` goes through
//! [`unindex`] before it and [`index`] after it; the tests check both indexes with FTS5's `integrity-check` after every
//! kind of write.

use rusqlite::{params, OptionalExtension, Transaction};

use super::vocabulary;
use crate::document;
use crate::error::Result;
use crate::packed;
use crate::text;

/// What the indexes hold for one article.
pub(crate) struct IndexedText {
    pub title: String,
    pub summary: String,
    /// The JSON list stored in `articles.tags`, indexed as it is stored.
    pub tags: String,
    pub body_text: String,
}

/// Adds an article to both indexes, and its `words` (`text::index_words` of the same text) to the vocabulary
/// (store/vocabulary.rs).
pub(crate) fn index(tx: &Transaction, id: i64, row: &IndexedText, words: &text::IndexWords) -> Result<()> {
    tx.prepare_cached("INSERT INTO articles_fts (rowid, title, summary, tags, body_text) VALUES (?, ?, ?, ?, ?)")?
        .execute(params![id, row.title, row.summary, row.tags, row.body_text])?;
    tx.prepare_cached("INSERT INTO titles_fts (rowid, title, tags) VALUES (?, ?, ?)")?
        .execute(params![id, row.title, row.tags])?;
    vocabulary::add(tx, words)
}

/// The words an article's indexed text holds as stored now (`text::index_words` of its title, summary, tags and
/// the plain text of its source), or `None` when there is no such article. A source that cannot be read gives
/// the words of the rest.
pub(crate) fn words_of(tx: &Transaction, id: i64) -> Result<Option<text::IndexWords>> {
    let row: Option<(String, String, String, String, Vec<u8>)> = tx
        .prepare_cached("SELECT slug, title, summary, tags, source FROM articles WHERE id = ?")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()?;
    let Some((slug, title, summary, tags, source)) = row else { return Ok(None) };
    let body = packed::unpack(&source, &slug).map(|m| document::source_text(&m, &slug)).unwrap_or_default();
    Ok(Some(text::index_words(&[&title, &summary, &tags, &body])))
}

/// Removes an article from both indexes. Returns whether there was such an article.
pub(crate) fn unindex(tx: &Transaction, id: i64) -> Result<bool> {
    let titled: Option<(String, String)> = tx
        .prepare_cached("SELECT title, tags FROM articles WHERE id = ?")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((title, tags)) = titled else { return Ok(false) };
    tx.prepare_cached("DELETE FROM articles_fts WHERE rowid = ?")?.execute([id])?;
    tx.prepare_cached("INSERT INTO titles_fts (titles_fts, rowid, title, tags) VALUES ('delete', ?, ?, ?)")?
        .execute(params![id, title, tags])?;
    Ok(true)
}
