//! Checkpoints during a bulk write (an import), taken off the writer.
//!
//! Normally the writer folds the WAL back into the file itself: the commit that takes the log past
//! `wal_autocheckpoint` pages runs the checkpoint before it returns, holding the writer. During an import that
//! commit is as likely to be a bookmark saved meanwhile as the import's own, and a 40 MB checkpoint (its copy
//! and its `fsync`) then lands on that bookmark: at 10,000 articles with eight threads reading beside an import,
//! the p95 of a small write's commit was 16 ms with the writer checkpointing, 2.2 ms without.
//!
//! So while a [`Bulk`] write is under way the writer does not checkpoint, and the bulk writer checkpoints on a
//! connection of its own between its batches, after every [`EVERY_BYTES`] and once more when it ends, without
//! holding the writer: a passive checkpoint runs beside the writer and the readers and waits for neither (opening
//! its connection, once, may wait on the busy timeout like any other). When the last bulk write ends the writer
//! checkpoints as before. A bulk write is an optimisation only: when it cannot begin, the writer goes on
//! checkpointing, and a checkpoint that fails is logged; neither fails the import.
//!
//! Invariant: the writer's `wal_autocheckpoint` is 0 exactly while at least one active `Bulk` is alive in this
//! store. The count of them and the pragma change together, under the writer's mutex.

use std::sync::atomic::Ordering;

use rusqlite::Connection;

use super::{lock, Store, WAL_AUTOCHECKPOINT};
use crate::error::Result;

/// Source bytes stored between two checkpoints of a bulk write: the log then holds roughly what the writer's
/// own checkpoints let it hold (an import writes about two to three bytes of log per byte of source).
#[cfg(not(test))]
pub const EVERY_BYTES: usize = 16 * 1024 * 1024;
/// In tests, small enough for an import of a few hundred small files to cross it more than once.
#[cfg(test)]
pub const EVERY_BYTES: usize = 256 * 1024;

/// A bulk write in progress; see the module's documentation. Dropping it hands checkpoints back to the writer.
pub struct Bulk<'a> {
    store: &'a Store,
    /// Whether this bulk write took checkpoints off the writer (false in memory, or when that failed).
    active: bool,
    /// The checkpointing connection, opened at the first checkpoint.
    conn: Option<Connection>,
    /// Source bytes stored since the last checkpoint.
    since: usize,
}

impl Store {
    /// Begins a bulk write: until the returned value is dropped, the writer leaves checkpoints to it. When the
    /// writer cannot be told (the library cannot be written), the bulk write is inactive and the writer keeps
    /// its checkpoints: whatever stops the writer then fails the import's first batch with its own message.
    pub fn bulk(&self) -> Bulk<'_> {
        let bulk = |active| Bulk { store: self, active, conn: None, since: 0 };
        if self.path.is_none() {
            return bulk(false);
        }
        let began = self.with_writer(|conn| {
            if self.bulk_writes.load(Ordering::Acquire) == 0 {
                conn.pragma_update(None, "wal_autocheckpoint", 0)?;
            }
            self.bulk_writes.fetch_add(1, Ordering::AcqRel);
            Ok(())
        });
        match began {
            Ok(()) => bulk(true),
            Err(e) => {
                log::info!("the import leaves checkpoints to the writer: {}", e.message);
                bulk(false)
            }
        }
    }

    /// A bulk write has ended; after the last, the writer checkpoints again.
    fn end_bulk(&self) {
        let ended = self.with_writer(|conn| {
            if self.bulk_writes.fetch_sub(1, Ordering::AcqRel) == 1 {
                conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT)?;
            }
            Ok(())
        });
        if let Err(e) = ended {
            // The writer stays open from a bulk write's start to the store's end, so only the pragma can fail
            // here; the next open sets it again, and closing the library folds the log back meanwhile.
            log::warn!("could not give checkpoints back to the writer: {}", e.message);
        }
    }
}

impl Bulk<'_> {
    /// Records `bytes` more of source stored (and committed), and checkpoints once [`EVERY_BYTES`] have been.
    /// Returns whether a checkpoint ran (it may have found the log busy, or been able to fold in only part of
    /// it: whatever readers still need stays for the next). A checkpoint that fails is logged and tried again at
    /// the next one: the log only grows meanwhile.
    pub fn stored(&mut self, bytes: usize) -> bool {
        self.since += bytes;
        if !self.active || self.since < EVERY_BYTES {
            return false;
        }
        self.since = 0;
        self.checkpoint_logged()
    }

    fn checkpoint_logged(&mut self) -> bool {
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
        if !self.active {
            return;
        }
        // What was stored since the last checkpoint is folded in now, so the first bookmark after the import
        // does not pay for it either.
        if self.since > 0 {
            self.checkpoint_logged();
        }
        // The checkpointing connection closes first: it is not the last connection (the writer is open), so it
        // leaves the log alone.
        self.conn.take();
        self.store.end_bulk();
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
        let first = store.bulk();
        assert_eq!(writer_autocheckpoint(&store), 0);
        let second = store.bulk();
        assert!(first.active && second.active);
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
        let mut bulk = store.bulk();
        fill(&store);
        let (log, done) = bulk.checkpoint().unwrap();
        assert!(log > 0 && done == log, "everything committed is in the file: {done} of {log} pages");

        store.set_setting("theme", "dark").unwrap();
        assert!(!bulk.stored(EVERY_BYTES - 1), "not yet");
        assert!(bulk.stored(1), "now");
        assert_eq!(bulk.since, 0, "and the count starts again");
        assert_eq!(theme_in_the_file_itself(dir.path()).as_deref(), Some("dark"));

        // What was stored after the last checkpoint is folded in when the bulk write ends.
        store.set_setting("theme", "light").unwrap();
        bulk.stored(1);
        drop(bulk);
        assert_eq!(theme_in_the_file_itself(dir.path()).as_deref(), Some("light"));
    }

    #[test]
    fn a_bulk_write_in_memory_does_nothing() {
        let store = Store::in_memory().unwrap();
        let mut bulk = store.bulk();
        assert!(!bulk.active);
        assert!(!bulk.stored(EVERY_BYTES * 2), "no checkpoint");
        assert_eq!(bulk.checkpoint().unwrap(), (0, 0));
        assert_eq!(store.bulk_writes.load(Ordering::Relaxed), 0, "a store in memory counts none");
    }
}
