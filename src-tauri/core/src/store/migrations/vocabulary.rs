//! Schema 8: the vocabulary that a word being typed is looked up in (store/vocabulary.rs), filled from the
//! articles already there.
//!
//! The words come from each article's Markdown as stored, not from its rendered text: rendering every article
//! again would make this migration several times slower, and the source holds every word of the text (markup
//! adds a few, such as the parts of a link's address, which only ever match nothing or something real).

use std::sync::Mutex;

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::packed;
use crate::store::vocabulary;
use crate::text;

/// Articles read at a time: the migration's memory stays a batch of sources, however large the library.
const BATCH: i64 = 256;

pub(super) fn migrate(conn: &Connection) -> Result<()> {
    conn.execute_batch("CREATE TABLE vocabulary (word TEXT PRIMARY KEY) WITHOUT ROWID;")?;
    let mut read =
        conn.prepare("SELECT id, slug, title, summary, tags, source FROM articles WHERE id > ? ORDER BY id LIMIT ?")?;
    let mut after = i64::MIN;
    // One transaction: each word is written once however many articles hold it.
    vocabulary::in_write(&Mutex::default(), 0, || loop {
        let batch: Vec<(i64, String, String, String, String, Vec<u8>)> = read
            .query_map(params![after, BATCH], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let Some(last) = batch.last().map(|row| row.0) else { return Ok(()) };
        for (_, slug, title, summary, tags, source) in &batch {
            // A damaged article's words are left out, as its text is from the index; the rest still migrate.
            let markdown = packed::unpack(source, slug).unwrap_or_default();
            vocabulary::add(conn, &text::index_words(&[title, summary, tags, &markdown]))?;
        }
        after = last;
    })
}
