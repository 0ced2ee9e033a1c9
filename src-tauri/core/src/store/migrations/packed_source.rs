//! Schema 7: every article's source compressed into `articles.source`, and the columns it replaces dropped
//! (the first part, in `0007_packed_source.sql`, rebuilt the full-text index). SQL has no DEFLATE, so this
//! part is Rust; it runs in the migration's transaction like any other.
//!
//! Only the article rows change: ids, and so every bookmark, note, highlight and reading place that hangs on
//! them, stay as they are.

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::packed;

/// Articles read and rewritten at a time: the migration's memory stays a batch of sources, however large the
/// library.
const BATCH: i64 = 256;

pub(super) fn migrate(conn: &Connection) -> Result<()> {
    conn.execute_batch(include_str!("0007_packed_source.sql"))?;
    let mut read = conn.prepare("SELECT id, markdown FROM articles WHERE id > ? ORDER BY id LIMIT ?")?;
    let mut write = conn.prepare("UPDATE articles SET source = ? WHERE id = ?")?;
    let mut after = i64::MIN;
    loop {
        let batch: Vec<(i64, String)> =
            read.query_map(params![after, BATCH], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let Some(&(last, _)) = batch.last() else { break };
        for (id, markdown) in &batch {
            write.execute(params![packed::pack(markdown), id])?;
        }
        after = last;
    }
    conn.execute_batch(
        "ALTER TABLE articles DROP COLUMN markdown;
         ALTER TABLE articles DROP COLUMN html;
         ALTER TABLE articles DROP COLUMN body_text;
         ALTER TABLE articles DROP COLUMN toc;",
    )?;
    Ok(())
}
