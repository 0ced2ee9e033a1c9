//! Checkpoints during a bulk write (an import), taken off the writer.
//!
//! Normally the writer folds the WAL back into the file itself: the commit that takes the log past
//! `wal_autocheckpoint` pages runs the checkpoint before it returns, holding the writer. During an import that
//! commit is as likely to be a bookmark saved meanwhile as the import's own, and a 40 MB checkpoint (its copy
//! and its `fsync`) then lands on that bookmark: at 10,000 articles with eight threads reading beside an import,
//! the p95 of a small write's commit was 16 ms with the writer checkpointing, 2.2 ms without.
//!
//! So while a [`Bulk`] write is under way the writer does not checkpoint, and the bulk writer checkpoints on a
//! connection of its own between its batches, after every [`EVERY_BYTES`], without holding the writer: a passive
//! checkpoint runs beside the writer and the readers and waits for neither. When the last bulk write ends the
//! writer checkpoints as before.
//!
//! Invariant: the writer's `wal_autocheckpoint` is 0 exactly while at least one `Bulk` is alive in this store.

use std::sync::atomic::Ordering;

use rusqlite::Connection;

use super::{lock, Store, WAL_AUTOCHECKPOINT};
use crate::error::Result;

/// Source bytes stored between two checkpoints of a bulk write: the log then holds roughly what the writer's
/// own checkpoints let it hold (an import writes about two to three bytes of log per byte of source).
pub const EVERY_BYTES: usize = 16 * 1024 * 1024;

/// A bulk write in progress; see the module's documentation. Dropping it hands checkpoints back to the writer.
pub struct Bulk<'a> {
    store: &'a Store,
    /// The checkpointing connection, opened at the first checkpoint.
    conn: Option<Connection>,
    /// Source bytes stored since the last checkpoint.
    since: usize,
}

impl Store {
    /// Begins a bulk write: until the returned value is dropped, the writer leaves checkpoints to it.
    pub fn bulk(&self) -> Result<Bulk<'_>> {
        if self.path.is_some() && self.bulk_writes.fetch_add(1, Ordering::AcqRel) == 0 {
            let off = self.with_writer(|conn| Ok(conn.pragma_update(None, "wal_autocheckpoint", 0)?));
            if let Err(e) = off {
                self.end_bulk();
                return Err(e);
            }
        }
        Ok(Bulk { store: self, conn: None, since: 0 })
    }

    /// The last bulk write has ended: the writer checkpoints again.
    fn end_bulk(&self) {
        if self.bulk_writes.fetch_sub(1, Ordering::AcqRel) == 1 {
            let on = self.with_writer(|conn| Ok(conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT)?));
            if let Err(e) = on {
                // The next open sets it again; until then the log is folded back when the library closes.
                log::warn!("could not give checkpoints back to the writer: {}", e.message);
            }
        }
    }
}

impl Bulk<'_> {
    /// Records `bytes` more of source stored (and committed), and checkpoints once [`EVERY_BYTES`] have been.
    /// Whether it checkpointed. A checkpoint that fails is logged and tried again at the next one: the log only
    /// grows meanwhile.
    pub fn stored(&mut self, bytes: usize) -> bool {
        self.since += bytes;
        if self.since < EVERY_BYTES {
            return false;
        }
        self.since = 0;
        match self.checkpoint() {
            Ok(_) => true,
            Err(e) => {
                log::info!("a checkpoint during the import did not run: {}", e.message);
                false
            }
        }
    }

    /// A passive checkpoint on this bulk write's own connection; returns the log's pages and those now in the
    /// file. Nothing to do in memory.
    fn checkpoint(&mut self) -> Result<(i64, i64)> {
        let Some(path) = &self.store.path else {
            return Ok((0, 0));
        };
        if self.conn.is_none() {
            let conn = Connection::open(path)?;
            lock::apply_key(&conn, self.store.key.as_ref())?;
            super::configure(&conn)?;
            self.conn = Some(conn);
        }
        let conn = self.conn.as_ref().expect("opened above");
        Ok(conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok((r.get(1)?, r.get(2)?)))?)
    }
}

impl Drop for Bulk<'_> {
    fn drop(&mut self) {
        // The checkpointing connection closes first: it is not the last connection, so it leaves the log alone.
        self.conn.take();
        if self.store.path.is_some() {
            self.store.end_bulk();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::fill;

    /// The writer's `wal_autocheckpoint` now (a test's window onto the invariant).
    fn writer_autocheckpoint(store: &Store) -> i64 {
        let guard = crate::store::hold(&store.writer);
        let conn = guard.as_ref().expect("the writer is open");
        conn.pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_bulk_write_takes_checkpoints_off_the_writer_until_the_last_one_ends() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("library.sqlite")).unwrap();
        fill(&store);
        assert_eq!(writer_autocheckpoint(&store), WAL_AUTOCHECKPOINT);
        let first = store.bulk().unwrap();
        assert_eq!(writer_autocheckpoint(&store), 0);
        let second = store.bulk().unwrap();
        drop(first);
        assert_eq!(writer_autocheckpoint(&store), 0, "one bulk write is still under way");
        drop(second);
        assert_eq!(writer_autocheckpoint(&store), WAL_AUTOCHECKPOINT);
    }

    /// The theme as the library's main file alone holds it, without its log: what a checkpoint has folded in.
    fn theme_in_the_file_itself(dir: &std::path::Path) -> Option<String> {
        let copy = dir.join("file-alone.sqlite");
        std::fs::copy(dir.join("library.sqlite"), &copy).unwrap();
        let conn = Connection::open(&copy).unwrap();
        let theme = conn.query_row("SELECT value FROM settings WHERE key = 'theme'", [], |r| r.get(0));
        drop(conn);
        std::fs::remove_file(&copy).unwrap();
        theme.ok()
    }

    #[test]
    fn a_bulk_write_folds_the_log_into_the_file_itself_once_enough_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("library.sqlite")).unwrap();
        let mut bulk = store.bulk().unwrap();
        fill(&store);
        let (log, done) = bulk.checkpoint().unwrap();
        assert!(log > 0 && done == log, "everything committed is in the file: {done} of {log} pages");

        store.set_setting("theme", "dark").unwrap();
        assert!(!bulk.stored(EVERY_BYTES - 1), "not yet");
        assert_eq!(theme_in_the_file_itself(dir.path()), None, "the writer did not checkpoint the commit itself");
        assert!(bulk.stored(1), "now");
        assert_eq!(bulk.since, 0, "and the count starts again");
        assert_eq!(theme_in_the_file_itself(dir.path()).as_deref(), Some("dark"));
    }

    #[test]
    fn a_bulk_write_in_memory_does_nothing() {
        let store = Store::in_memory().unwrap();
        let mut bulk = store.bulk().unwrap();
        assert!(bulk.stored(EVERY_BYTES * 2), "a checkpoint with nothing to fold");
        assert_eq!(bulk.checkpoint().unwrap(), (0, 0));
        assert_eq!(store.bulk_writes.load(Ordering::Relaxed), 0, "a store in memory counts none");
    }
}
