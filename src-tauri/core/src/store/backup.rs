//! Copies of the library file: writing one while the library is in use, checking one before it is trusted, and
//! putting one's contents in place of the library's.
//!
//! Every copy is made with SQLite's online backup API from one read snapshot, never by copying the file: a live
//! library is a file and its write-ahead log, and a file copy taken while either changes is not a database. A
//! copy is written under a name of its own and renamed into place when complete, so a copy interrupted (a full
//! disk, kill -9) is never mistaken for a backup. Restoring writes the backup's pages into the library in one
//! write transaction: until it commits, readers and a crash see the library as it was; after, as the backup.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{hold, lock, migrations, open_reader, Store, APPLICATION_ID};
use crate::error::{Error, ErrorKind, Result};
use crate::passphrase::Key;

/// Pages copied between progress reports: 16 MiB at SQLite's default page size.
const STEP_PAGES: i32 = 4_096;

/// What a backup file holds, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    /// Its schema version: this build's or older (newer ones are refused).
    pub schema: u32,
    pub bytes: u64,
}

impl Store {
    /// Writes a consistent copy of the library to `dest`, replacing a file there only once the copy is whole.
    /// `progress(done, total)` hears how many pages are copied after each step and returns `false` to cancel
    /// (the partial copy is then removed and the error is `cancelled`). Reading and writing the library go on
    /// meanwhile. Returns the copy's size in bytes.
    pub fn back_up_to(&self, dest: &Path, progress: &mut dyn FnMut(u64, u64) -> bool) -> Result<u64> {
        let partial = partial_name(dest);
        let _ = std::fs::remove_file(&partial);
        let result = match &self.path {
            Some(path) => {
                // A connection of its own, holding one read snapshot for the whole copy: writers go on (the file
                // is in WAL mode), and the copy is the library as it was at one moment.
                let source = open_reader(path, self.key())?;
                source.execute_batch("BEGIN")?;
                source.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))?;
                let copied = copy_pages(&source, &partial, self.key(), progress);
                let _ = source.execute_batch("COMMIT");
                copied
            }
            None => self.with_writer(|conn| copy_pages(conn, &partial, None, progress)),
        };
        let finished = result.and_then(|()| {
            let bytes = std::fs::metadata(&partial).map_err(|e| Error::io(&partial, &e))?.len();
            std::fs::rename(&partial, dest).map_err(|e| Error::io(dest, &e))?;
            sync_dir(dest);
            Ok(bytes)
        });
        if finished.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        finished
    }

    /// Replaces everything in the library with the contents of the library file at `source`, which must have
    /// been checked ([`check_backup`]) and migrated to this build's schema. One write transaction: readers see
    /// the old library until it commits, and an interruption leaves the old library whole.
    pub fn replace_with(&self, source: &Path) -> Result<()> {
        let source_conn = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(|e| Error::new(ErrorKind::Storage, format!("{} could not be opened: {e}", source.display())))?;
        lock::apply_key(&source_conn, self.key())?;
        self.with_writer(|writer| {
            // The vocabulary is the backup's from here on (whether or not the copy completes), and the writer's
            // own data version does not show it.
            super::vocabulary::forget(&self.vocabulary);
            // SQLCipher answers `page_size` on a keyed connection as text (its `cipher_page_size`).
            let page_size = |c: &Connection| {
                c.pragma_query_value(None, "page_size", |r| match r.get_ref(0)? {
                    rusqlite::types::ValueRef::Integer(n) => Ok(n),
                    value => Ok(value.as_str().ok().and_then(|t| t.trim().parse().ok()).unwrap_or(0)),
                })
            };
            let wanted = page_size(writer)?;
            if page_size(&source_conn)? != wanted {
                // A WAL-mode library only takes pages of its own size: the source is rebuilt at that size first.
                source_conn.pragma_update(None, "journal_mode", "DELETE")?;
                source_conn.pragma_update(None, "page_size", wanted)?;
                source_conn.execute_batch("VACUUM")?;
            }
            let version: u32 = source_conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version != migrations::latest() {
                return Err(Error::new(
                    ErrorKind::Storage,
                    format!("a backup must be brought to schema {} before it is restored", migrations::latest()),
                ));
            }
            let backup = Backup::new(&source_conn, writer)?;
            loop {
                match backup.step(-1)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    StepResult::Busy | StepResult::Locked => std::thread::sleep(std::time::Duration::from_millis(20)),
                    _ => {}
                }
            }
            drop(backup);
            // The write-ahead log now holds the restored library; folding it in keeps it from doubling the file.
            let _ = writer.pragma_query_value(None, "wal_checkpoint(TRUNCATE)", |r| r.get::<_, i64>(0));
            *hold(&self.seen_data_version) = super::data_version(writer)?;
            Ok(())
        })
    }
}

/// Checks that `path` is a Haven library this build can restore: an SQLite database marked as a Haven library,
/// of this schema or an older one, that passes SQLite's `integrity_check`. The file is opened read-write (it
/// must be a private copy: a backup in WAL mode cannot be read otherwise) and is not changed. A locked backup is
/// read with `key`. Setting `cancel` stops the check (it reads the whole file) with a `cancelled` error.
pub fn check_backup(path: &Path, key: Option<&Key>, cancel: &Arc<AtomicBool>) -> Result<BackupInfo> {
    let name = path.display();
    let not_a_backup = |why: &str| Error::invalid(format!("{name} is not a Haven backup: {why}"));
    let mut file = File::open(path).map_err(|e| Error::io(path, &e))?;
    let bytes = file.metadata().map_err(|e| Error::io(path, &e))?.len();
    let mut header = [0u8; 100];
    let read = file.read_exact(&mut header).is_ok();
    if read && &header[..16] != b"SQLite format 3\0" {
        return check_locked_backup(path, bytes, key, cancel);
    }
    if !read {
        return Err(not_a_backup("it is not a library file (SQLite database)"));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([header[28], header[29], header[30], header[31]]));
    // The header's page count is to be trusted only when written with the change counter it sits beside.
    let counted = header[24..28] == header[92..96];
    if counted && page_size >= 512 && pages > 0 && bytes < page_size * pages {
        return Err(not_a_backup(&format!(
            "it is cut short ({bytes} bytes of the {} it should have); it may not have finished copying",
            page_size * pages
        )));
    }
    drop(file);
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|e| not_a_backup(&format!("it is damaged ({e})")))?;
    check_contents(path, &conn, bytes, cancel)
}

/// A backup that does not start like an SQLite file: a locked library's, opened with `key` (the locked library's
/// own, the one passphrase Haven holds), or else not a backup at all.
fn check_locked_backup(path: &Path, bytes: u64, key: Option<&Key>, cancel: &Arc<AtomicBool>) -> Result<BackupInfo> {
    let name = path.display();
    let Some(key) = key else {
        return Err(Error::invalid(format!(
            "{name} is not a Haven backup: it is not a library file (SQLite database), unless it is a locked \
             library's backup, which only a library locked with the same passphrase can read"
        )));
    };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|e| Error::invalid(format!("{name} is not a Haven backup: it is damaged ({e})")))?;
    lock::apply_key(&conn, Some(key))?;
    if conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)).is_err() {
        return Err(Error::invalid(format!(
            "{name} is not a Haven backup this library can read: it is not a library file (SQLite database), or \
             it was locked with another passphrase"
        )));
    }
    check_contents(path, &conn, bytes, cancel)
}

/// The checks a readable backup goes through: a Haven library, of a schema this build knows, undamaged.
fn check_contents(path: &Path, conn: &Connection, bytes: u64, cancel: &Arc<AtomicBool>) -> Result<BackupInfo> {
    let name = path.display();
    let not_a_backup = |why: &str| Error::invalid(format!("{name} is not a Haven backup: {why}"));
    let damaged = |e: rusqlite::Error| not_a_backup(&format!("it is damaged ({e})"));
    let (app_id, schema): (i64, u32) = conn
        .query_row("SELECT (SELECT application_id FROM pragma_application_id()), (SELECT user_version FROM pragma_user_version())", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(damaged)?;
    if app_id != APPLICATION_ID {
        return Err(not_a_backup("it is an SQLite database, but not a Haven library"));
    }
    if schema > migrations::latest() {
        return Err(Error::new(
            ErrorKind::NewerLibrary,
            format!(
                "{name} was made by a newer version of Haven (schema {schema}; this version knows up to {}). \
                 Update Haven to restore it; nothing was changed",
                migrations::latest()
            ),
        ));
    }
    let flag = Arc::clone(cancel);
    conn.progress_handler(100_000, Some(move || flag.load(Ordering::Relaxed)))?;
    let verdict: rusqlite::Result<Vec<String>> =
        conn.prepare("PRAGMA integrity_check(5)").and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
    if cancel.load(Ordering::Relaxed) {
        return Err(Error::new(ErrorKind::Cancelled, "restoring was cancelled; nothing was changed"));
    }
    let verdict = verdict.map_err(damaged)?;
    if verdict != ["ok"] {
        return Err(not_a_backup(&format!("it is damaged ({})", verdict.join("; "))));
    }
    Ok(BackupInfo { schema, bytes })
}

fn copy_pages(
    source: &Connection,
    dest: &Path,
    key: Option<&Key>,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<()> {
    let io = |e: rusqlite::Error| {
        Error::new(ErrorKind::Io, format!("the backup could not be written to {}: {e}", dest.display()))
    };
    let mut target = Connection::open(dest).map_err(io)?;
    // A locked library's backup is locked the same way: the same key and salt, so the same passphrase opens it.
    lock::apply_key(&target, key).map_err(io)?;
    {
        let backup = Backup::new(source, &mut target).map_err(io)?;
        loop {
            let step = backup.step(STEP_PAGES).map_err(io)?;
            let at = backup.progress();
            let total = at.pagecount.max(0) as u64;
            let done = total.saturating_sub(at.remaining.max(0) as u64);
            if !progress(done, total) {
                return Err(Error::new(ErrorKind::Cancelled, "the backup was cancelled; nothing was written"));
            }
            match step {
                StepResult::Done => break,
                StepResult::More => {}
                _ => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    }
    // The copy carries the library's journal mode; as a single file of its own it needs no write-ahead log.
    target.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(())).map_err(io)?;
    target.close().map_err(|(_, e)| io(e))?;
    Ok(())
}

/// `.name.PID-N.partial` beside `dest`: unique to this copy, hidden, and never taken for a backup.
pub(crate) fn partial_name(dest: &Path) -> PathBuf {
    static COPIES: AtomicU64 = AtomicU64::new(0);
    let n = COPIES.fetch_add(1, Ordering::Relaxed);
    let name = dest.file_name().map_or_else(|| "backup".into(), |n| n.to_string_lossy().into_owned());
    dest.with_file_name(format!(".{name}.{}-{n}.partial", std::process::id()))
}

/// Makes a rename durable where the system allows it (a directory can be synced on Unix).
pub(crate) fn sync_dir(file: &Path) {
    #[cfg(unix)]
    if let Some(dir) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = file;
}

#[cfg(test)]
mod tests;
