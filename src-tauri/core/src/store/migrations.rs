//! Numbered schema migrations, embedded at compile time and applied in order when a library opens.
//!
//! `PRAGMA user_version` records how many have been applied. A migration only ever adds to or reshapes what
//! is there; it never drops a reader's bookmarks, notes or reading state. Add a migration by appending a new
//! numbered file to [`MIGRATIONS`]; never edit one that has shipped.
//!
//! Another process may open the same file at the same moment (the app and `haven-cli`). The version is read
//! again inside each migration's write transaction, so two openers never run the same migration twice, and a
//! file that a newer Haven has migrated is refused rather than written.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, ErrorKind, Result};

mod packed_source;
mod vocabulary;

/// How a migration is written.
pub enum Step {
    /// SQL, run as one batch.
    Sql(&'static str),
    /// Rust, for a change SQL cannot make by itself (compressing every article's text).
    Code(fn(&Connection) -> Result<()>),
}

impl Step {
    /// Runs the migration on `conn` (the migration's transaction).
    pub fn run(&self, conn: &Connection) -> Result<()> {
        match self {
            Step::Sql(sql) => Ok(conn.execute_batch(sql)?),
            Step::Code(migrate) => migrate(conn),
        }
    }
}

/// The schema's migrations, in order. Migration `n` (1-based) takes `user_version` from `n - 1` to `n`.
pub const MIGRATIONS: &[(&str, Step)] = &[
    ("0001_initial", Step::Sql(include_str!("migrations/0001_initial.sql"))),
    ("0002_title_index", Step::Sql(include_str!("migrations/0002_title_index.sql"))),
    ("0003_render_version", Step::Sql(include_str!("migrations/0003_render_version.sql"))),
    ("0004_highlights", Step::Sql(include_str!("migrations/0004_highlights.sql"))),
    ("0005_highlight_uids", Step::Sql(include_str!("migrations/0005_highlight_uids.sql"))),
    ("0006_safety_plan", Step::Sql(include_str!("migrations/0006_safety_plan.sql"))),
    ("0007_packed_source", Step::Code(packed_source::migrate)),
    ("0008_vocabulary", Step::Code(vocabulary::migrate)),
];

/// The first schema that stores articles compressed: a library migrated to it from an older one is vacuumed
/// afterwards, so the file gives back the space the dropped columns held.
const PACKED_SCHEMA: u32 = 7;

/// The schema version this build writes.
pub fn latest() -> u32 {
    MIGRATIONS.len() as u32
}

fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Whether an existing library (one with a schema) is older than this build, so opening it will migrate it.
pub fn pending(conn: &Connection) -> Result<bool> {
    let current = version(conn)?;
    Ok(current > 0 && current < latest())
}

/// Brings `conn` up to the latest schema, each migration in its own transaction. A library from a newer
/// Haven is refused untouched.
pub fn apply(conn: &mut Connection) -> Result<()> {
    refuse_newer(conn)?;
    let started = version(conn)?;
    if started == latest() {
        return Ok(());
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Read again now that this connection holds the write lock: another process may have migrated the
        // file in the meantime, and must not have its work done twice.
        let current = version(&tx)?;
        if current > latest() {
            return Err(newer(current));
        }
        let Some((name, step)) = MIGRATIONS.get(current as usize) else {
            break;
        };
        step.run(&tx)
            .map_err(|e| Error::new(ErrorKind::Storage, format!("schema migration {name} failed: {}", e.message)))?;
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
    }
    if started > 0 && started < PACKED_SCHEMA {
        // Best effort: a library that cannot be vacuumed now (a full disk) is whole, only larger than it
        // need be, and the copy kept before the migration is untouched either way.
        if let Err(e) = conn.execute_batch("VACUUM") {
            log::warn!("the library was updated but could not be compacted: {e}");
        }
    }
    Ok(())
}

/// Refuses a library whose schema is newer than this build's.
pub(crate) fn refuse_newer(conn: &Connection) -> Result<()> {
    let current = version(conn)?;
    if current > latest() {
        return Err(newer(current));
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

/// Keeps a copy of the library beside it before a migration changes it: `library-before-schema-3-2026-11-22.sqlite`
/// for `library.sqlite`, written with `VACUUM INTO` (a consistent copy, never a file copy of a live database).
/// Only the newest such copy of a library is kept. If the copy cannot be written, the library is not migrated.
pub fn back_up(conn: &Connection, path: &Path, key: Option<&crate::passphrase::Key>) -> Result<PathBuf> {
    let target = latest();
    let (dir, stem) = backup_place(path);
    let name = format!("{stem}-before-schema-{target}-{}.sqlite", crate::time::civil_date(crate::time::now_ms()));
    let backup = dir.join(&name);
    // Written under a name of its own, then renamed into place: two processes opening the library at once
    // each write a whole copy, and neither sees the other's half-written one.
    static COPIES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let copy = COPIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let partial = dir.join(format!(".{name}.{}-{copy}.partial", std::process::id()));
    let _ = std::fs::remove_file(&partial);
    conn.execute("VACUUM INTO ?", [partial.to_string_lossy()]).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        Error::new(
            ErrorKind::Storage,
            format!(
                "Haven keeps a copy of your library before updating it, and could not write {} ({e}); \
                 nothing was changed",
                backup.display()
            ),
        )
    })?;
    // Another process may have migrated the library between this one's look and its copy: a copy of the new
    // schema is no copy of the library as it was, and must not replace one that is.
    let copied: u32 = rusqlite::Connection::open_with_flags(&partial, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| {
            super::lock::apply_key(&c, key)?;
            c.pragma_query_value(None, "user_version", |r| r.get(0))
        })
        .unwrap_or(u32::MAX);
    if copied >= target {
        let _ = std::fs::remove_file(&partial);
        return Ok(backup);
    }
    std::fs::rename(&partial, &backup).map_err(|e| Error::io(&backup, &e))?;
    let prefix = format!("{stem}-before-schema-");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if file != name && file.starts_with(&prefix) && file.ends_with(".sqlite") {
                // An older copy; failing to remove it only leaves a file behind.
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(backup)
}

/// The folder a library's backups go in, and the name they start with.
fn backup_place(path: &Path) -> (PathBuf, String) {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let stem = path.file_stem().map_or_else(|| "library".to_string(), |s| s.to_string_lossy().into_owned());
    (dir, stem)
}

#[cfg(test)]
mod tests;

/// Makes a library at the current schema into one as schema 7 left it (no vocabulary), for tests of opening
/// the files older Havens wrote.
#[cfg(test)]
pub(crate) fn back_to_schema_7(conn: &Connection) -> Result<()> {
    Ok(conn.execute_batch("DROP TABLE vocabulary; PRAGMA user_version = 7;")?)
}

/// Makes a library at the current schema into one as schema 6 left it (Markdown, HTML and plain text stored as
/// text, an external-content index with prefix indexes), for tests of opening the files older Havens wrote.
#[cfg(test)]
pub(crate) fn back_to_schema_6(conn: &Connection) -> Result<()> {
    use crate::document::render_source;
    back_to_schema_7(conn)?;
    conn.execute_batch(
        "ALTER TABLE articles ADD COLUMN toc TEXT NOT NULL DEFAULT '[]';
         ALTER TABLE articles ADD COLUMN markdown TEXT NOT NULL DEFAULT '';
         ALTER TABLE articles ADD COLUMN html TEXT NOT NULL DEFAULT '';
         ALTER TABLE articles ADD COLUMN body_text TEXT NOT NULL DEFAULT '';",
    )?;
    let rows: Vec<(i64, String, Vec<u8>)> = conn
        .prepare("SELECT id, slug, source FROM articles")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, slug, source) in rows {
        let markdown = crate::packed::unpack(&source, &slug)?;
        let r = render_source(&markdown, &slug);
        conn.execute(
            "UPDATE articles SET markdown = ?2, html = ?3, body_text = ?4, toc = ?5 WHERE id = ?1",
            rusqlite::params![id, markdown, r.html, r.text, serde_json::to_string(&r.toc)?],
        )?;
    }
    conn.execute_batch(
        "ALTER TABLE articles DROP COLUMN source;
         DROP TABLE articles_fts;
         CREATE VIRTUAL TABLE articles_fts USING fts5 (
             title, summary, tags, body_text,
             content = 'articles', content_rowid = 'id',
             tokenize = 'porter unicode61 remove_diacritics 2',
             prefix = '2 3'
         );
         INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 5.0, 1.0)');
         INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
         PRAGMA user_version = 6;",
    )?;
    Ok(())
}
