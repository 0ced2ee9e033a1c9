//! Schema 8: the vocabulary that a word being typed is looked up in (store/vocabulary.rs), filled from the
//! articles already there.
//!
//! The words come from the same text the index was given: each article's title, summary and tags as stored,
//! and the plain text of its body rendered from its source (`document::source_text`, which renders no HTML).

use std::sync::Mutex;

use rusqlite::{params, Connection};

use crate::document;
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
            // A damaged article (it cannot be opened either, and says why) keeps only the words of its title,
            // summary and tags here; a prefix of its body's words finds it no longer. The rest still migrate.
            let body = match packed::unpack(source, slug) {
                Ok(markdown) => document::source_text(&markdown, slug),
                Err(e) => {
                    log::warn!("vocabulary: {}", e.message);
                    String::new()
                }
            };
            vocabulary::add(conn, &text::index_words(&[title, summary, tags, &body]))?;
        }
        after = last;
    })
}
