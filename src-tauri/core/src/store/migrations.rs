//! Numbered schema migrations, embedded at compile time and applied in order when a library opens.
//!
//! `PRAGMA user_version` records how many have been applied. A migration only ever adds to or reshapes what
//! is there; it never drops a reader's bookmarks, notes or reading state. Add a migration by appending a new
//! numbered file to [`MIGRATIONS`]; never edit one that has shipped.

use rusqlite::Connection;

use crate::error::{Error, ErrorKind, Result};

/// The schema's migrations, in order. Migration `n` (1-based) takes `user_version` from `n - 1` to `n`.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial", include_str!("migrations/0001_initial.sql")),
    ("0002_title_index", include_str!("migrations/0002_title_index.sql")),
];

/// The schema version this build writes.
pub fn latest() -> u32 {
    MIGRATIONS.len() as u32
}

/// Brings `conn` up to the latest schema, each migration in its own transaction. A library from a newer
/// Haven is refused untouched.
pub fn apply(conn: &mut Connection) -> Result<()> {
    let current: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if current > latest() {
        return Err(newer(current));
    }
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)
            .map_err(|e| Error::new(ErrorKind::Storage, format!("schema migration {name} failed: {e}")))?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

pub(crate) fn newer(version: u32) -> Error {
    Error::new(
        ErrorKind::NewerLibrary,
        format!(
            "this library was written by a newer version of Haven (schema {version}, this version knows up to {}); \
             please update Haven to open it. The file was not changed",
            latest()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_cleanly_and_are_idempotent() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        apply(&mut conn).unwrap();
        let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, latest());
        let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
        assert_eq!(app_id, super::super::APPLICATION_ID);
        // The schema is consistent: foreign keys point at real tables and the FTS index is well formed.
        conn.execute_batch(
            "PRAGMA foreign_key_check; INSERT INTO articles_fts(articles_fts) VALUES('integrity-check');
             INSERT INTO titles_fts(titles_fts) VALUES('integrity-check');",
        )
        .unwrap();
        let problems: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(problems, "ok");
    }

    /// A library written at schema 1 gains the title index, filled from the articles already there, and keeps
    /// its bookmarks.
    #[test]
    fn schema_2_indexes_the_titles_of_an_existing_library() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0].1).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO articles (id, slug, title, category, tags, word_count, reading_minutes, markdown, html,
                 body_text, content_hash, origin, added_at, updated_at)
             VALUES (7, 'calm', 'Finding calm', 'Imported', '[\"breathing\"]', 2, 1, 'x', 'x', 'Calm words.', 'h',
                 'imported', 0, 0);
             INSERT INTO bookmarks (article_id, created_at, note) VALUES (7, 0, 'keep');",
        )
        .unwrap();
        apply(&mut conn).unwrap();
        let found: i64 = conn
            .query_row("SELECT rowid FROM titles_fts WHERE titles_fts MATCH 'breathing calm'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(found, 7);
        let note: String = conn.query_row("SELECT note FROM bookmarks WHERE article_id = 7", [], |r| r.get(0)).unwrap();
        assert_eq!(note, "keep");
        let triggers: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'", [], |r| r.get(0)).unwrap();
        assert_eq!(triggers, 0, "the indexes are kept by store/fts.rs, not by triggers");
        conn.execute_batch("INSERT INTO titles_fts (titles_fts, rank) VALUES ('integrity-check', 1);").unwrap();
    }

    #[test]
    fn every_migration_is_numbered_in_order() {
        for (i, (name, sql)) in MIGRATIONS.iter().enumerate() {
            assert!(name.starts_with(&format!("{:04}_", i + 1)), "{name} is out of order");
            assert!(!sql.trim().is_empty());
        }
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest() + 1).unwrap();
        let err = apply(&mut conn).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NewerLibrary);
        assert!(err.message.contains("newer version of Haven"));
    }
}
