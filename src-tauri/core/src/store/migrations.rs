//! Numbered schema migrations, embedded at compile time and applied in order when a library opens.
//!
//! `PRAGMA user_version` records how many have been applied. A migration only ever adds to or reshapes what
//! is there; it never drops a reader's bookmarks, notes or reading state. Add a migration by appending a new
//! numbered file to [`MIGRATIONS`]; never edit one that has shipped.

use rusqlite::Connection;

use crate::error::{Error, ErrorKind, Result};

/// The schema's migrations, in order. Migration `n` (1-based) takes `user_version` from `n - 1` to `n`.
pub const MIGRATIONS: &[(&str, &str)] = &[("0001_initial", include_str!("migrations/0001_initial.sql"))];

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
            "PRAGMA foreign_key_check; INSERT INTO articles_fts(articles_fts) VALUES('integrity-check');",
        )
        .unwrap();
        let problems: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(problems, "ok");
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
