//! A bulk write (an import) and the two kinds of upkeep it takes off the writer while it runs: checkpoints and
//! full-text index merges. Both used to land on whichever commit crossed a threshold, and during an import that
//! commit is as likely to be a bookmark saved meanwhile as the import's own.
//!
//! Checkpoints. Normally the writer folds the WAL back into the file itself: the commit that takes the log past
//! `wal_autocheckpoint` pages runs the checkpoint before it returns, holding the writer. A 40 MB checkpoint (its
//! copy and its `fsync`) landing on a bookmark made, at 10,000 articles with eight threads reading beside an
//! import, the p95 of a small write's commit 16 ms with the writer checkpointing, 2.2 ms without. So while a
//! [`Bulk`] write is under way the writer does not checkpoint, and the bulk writer checkpoints on a connection of
//! its own between its batches, after every [`EVERY_BYTES`] and once more when it ends, without holding the
//! writer: a passive checkpoint runs beside the writer and the readers and waits for neither (opening its
//! connection, once, may wait on the busy timeout like any other). It is followed by one that cuts the log back
//! to nothing with this process's reads paused for it (a few milliseconds: store/readers.rs), as SQLite rewinds a
//! log only when nobody reads it and readers reading back to back never leave it so. When the last bulk write
//! ends the writer checkpoints as before.
//!
//! Merges. FTS5 writes each transaction's new terms as a new segment, and with `automerge` on, the commit that
//! crosses its work quantum merges segments before it returns: the same 10,000-article run had import commits of
//! 8 ms at p50 and 72 ms at p95, and a bookmark waiting for one waited 55 ms at p95. So while a bulk write is under
//! way neither index merges by itself (`automerge` 0), and the bulk writer merges after every batch, in steps of
//! about [`MERGE_PAGES`] pages (FTS5 never splits one term's list, so a common word's may make a step longer),
//! until no level holds FTS5's `usermerge` segments (4) and the body index no level whose deleted entries pass
//! its `deletemerge` share: the index is left shaped as automerge would leave it. A transaction of steps that has
//! held the writer 2 ms (`YIELD_AFTER`) while another write waits commits and lets it go first. After one batch
//! the import merges at most [`MERGE_STEPS`] steps, several times what a batch adds, so merging keeps pace with
//! the import, but a level that fills up (at a million articles, gigabytes) is merged over the batches that
//! follow, not in one go that the import's progress, its cancel and its checkpoints would wait for.
//!
//! `automerge` is kept in each index's config table, in the file, so an import killed part-way leaves it off:
//! the writer turns it back on whenever it opens (see [`restore_automerge`]), and a library whose import was
//! killed is at worst less merged until then (FTS5 still merges a level of 16 segments by itself).
//!
//! A bulk write is an optimisation only: when it cannot begin, the writer goes on as before, and a checkpoint or
//! merge that fails is logged; neither fails the import.
//!
//! Invariant: exactly while at least one active `Bulk` is alive in this store, the writer's `wal_autocheckpoint`
//! is 0 and so is both indexes' `automerge` (which another process's writer opening may turn back on: merging
//! then comes back to the commits, and nothing else changes). The count of them and the settings change
//! together, under the writer's mutex.

use std::sync::atomic::Ordering;
use std::time::Instant;

use rusqlite::{Connection, OptionalExtension};

use super::{lock, migrations, Store, WAL_AUTOCHECKPOINT};
use crate::error::Result;

/// Source bytes stored between two checkpoints of a bulk write: the log then holds roughly what the writer's
/// own checkpoints let it hold (an import writes about two to three bytes of log per byte of source).
#[cfg(not(test))]
pub const EVERY_BYTES: usize = 16 * 1024 * 1024;
/// In tests, small enough for an import of a few hundred small files to cross it more than once.
#[cfg(test)]
pub const EVERY_BYTES: usize = 256 * 1024;

/// Pages one merge step writes, about: a step is one statement and cannot be interrupted, so it is what a write
/// arriving during the import's merging waits for, beside the step's commit.
#[cfg(not(test))]
pub const MERGE_PAGES: i64 = 16;
/// In tests, one page, so that merging a few segments takes several steps.
#[cfg(test)]
pub const MERGE_PAGES: i64 = 1;

/// Merge steps after one batch, at most: about 2,000 pages of each index, where a batch of 128 articles adds some
/// 150 to the body index and automerge would merge that many times the index's number of levels.
#[cfg(not(test))]
pub const MERGE_STEPS: usize = 128;
/// In tests, few enough that merging a handful of segments takes more than one batch.
#[cfg(test)]
pub const MERGE_STEPS: usize = 4;

/// How long the checkpoint that cuts the log back waits for a reader or writer of another process (or a write
/// of this one) to finish; then it leaves the log to the next checkpoint. Reading in this process is paused
/// meanwhile, so it is short.
const REWIND_WAIT: std::time::Duration = std::time::Duration::from_millis(250);

/// Merge steps in one transaction when nobody waits: bounds what one commit adds to the log between checkpoints.
const STEPS_PER_COMMIT: usize = 8;

/// FTS5's own `automerge`, which the indexes have outside a bulk write.
const AUTOMERGE: i64 = 4;

/// The full-text indexes this module merges (store/fts.rs).
const INDEXES: [&str; 2] = ["articles_fts", "titles_fts"];

/// A bulk write in progress; see the module's documentation. Dropping it hands checkpoints and merges back to
/// the writer.
pub struct Bulk<'a> {
    store: &'a Store,
    /// Whether this bulk write took checkpoints and merges off the writer (false in memory, or when that failed).
    active: bool,
    /// The checkpointing connection, opened at the first checkpoint.
    conn: Option<Connection>,
    /// Source bytes stored since the last checkpoint.
    since: usize,
}

impl Store {
    /// Begins a bulk write: until the returned value is dropped, the writer leaves checkpoints and merges to it.
    /// When the writer cannot be told (the library cannot be written), the bulk write is inactive and the writer
    /// keeps both: whatever stops the writer then fails the import's first batch with its own message.
    pub fn bulk(&self) -> Bulk<'_> {
        let bulk = |active| Bulk { store: self, active, conn: None, since: 0 };
        if self.path.is_none() {
            return bulk(false);
        }
        let began = self.with_writer(|conn| {
            // A newer Haven may have migrated the file since it opened: then leave it alone.
            migrations::refuse_newer(conn)?;
            if self.bulk_writes.load(Ordering::Acquire) == 0 {
                set_automerge(conn, 0)?;
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

    /// A bulk write has ended; after the last, the writer checkpoints and merges again.
    fn end_bulk(&self) {
        let ended = self.with_writer(|conn| {
            if self.bulk_writes.fetch_sub(1, Ordering::AcqRel) == 1 {
                conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT)?;
                set_automerge(conn, AUTOMERGE)?;
            }
            Ok(())
        });
        if let Err(e) = ended {
            // The writer stays open from a bulk write's start to the store's end, so only the settings can fail
            // here; the next open sets both again, and closing the library folds the log back meanwhile.
            log::warn!("could not give checkpoints and merges back to the writer: {}", e.message);
        }
    }

    /// Merges both indexes in steps of [`MERGE_PAGES`], [`MERGE_STEPS`] at most, until neither has anything left
    /// to merge; commits every [`STEPS_PER_COMMIT`] steps, and sooner when another write waits
    /// ([`Store::should_yield`]), letting it go first.
    fn merge_indexes(&self) -> Result<()> {
        let mut steps = 0;
        while steps < MERGE_STEPS {
            let more = self.write(|tx| {
                let began = Instant::now();
                for _ in 0..STEPS_PER_COMMIT {
                    steps += 1;
                    if !merge_step(tx)? {
                        return Ok(false);
                    }
                    if steps == MERGE_STEPS || self.should_yield(began) {
                        break;
                    }
                }
                Ok(true)
            })?;
            if !more {
                break;
            }
            self.let_waiting_writers_go();
        }
        Ok(())
    }
}

/// One merge step on each index; whether either had anything to merge.
fn merge_step(conn: &Connection) -> Result<bool> {
    let mut merged = false;
    for index in INDEXES {
        // FTS5 counts the command as one change and each page a step writes as another: fewer than two means there
        // was nothing left to merge in this index.
        let before = conn.total_changes();
        conn.execute(&format!("INSERT INTO {index} ({index}, rank) VALUES ('merge', ?)"), [MERGE_PAGES])?;
        merged |= conn.total_changes() - before >= 2;
    }
    Ok(merged)
}

/// Sets both indexes' `automerge`, together: a write to their config tables, committed at once.
fn set_automerge(conn: &Connection, value: i64) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    for index in INDEXES {
        tx.execute(&format!("INSERT INTO {index} ({index}, rank) VALUES ('automerge', ?)"), [value])?;
    }
    Ok(tx.commit()?)
}

/// Turns both indexes' `automerge` back on if an import that ended part-way (or is under way in another process)
/// left it off. Called as the writer opens: a read of the schema version and two small tables when there is
/// nothing to do. Never in a schema newer than this build knows, and never fails: merging by itself is an
/// optimisation, and a writer that cannot restore it must still write, so a failure is logged.
pub(crate) fn restore_automerge(conn: &Connection) {
    let off = || -> Result<bool> {
        migrations::refuse_newer(conn)?;
        let mut off = false;
        for index in INDEXES {
            let sql = format!("SELECT v = 0 FROM {index}_config WHERE k = 'automerge'");
            off |= conn.query_row(&sql, [], |r| r.get::<_, bool>(0)).optional()?.unwrap_or(false);
        }
        Ok(off)
    };
    let restored = off().and_then(|off| {
        if off {
            log::info!("the index was left unmerged by an import that did not finish here; merging is back on");
            set_automerge(conn, AUTOMERGE)?;
        }
        Ok(())
    });
    if let Err(e) = restored {
        log::warn!("the index's own merging could not be turned back on: {}", e.message);
    }
}

impl Bulk<'_> {
    /// After a batch of `bytes` of source is stored (and committed): merges the indexes, and checkpoints once
    /// [`EVERY_BYTES`] have been stored since the last checkpoint. Returns whether a checkpoint ran (it may have
    /// found the log busy, or been able to fold in only part of it: whatever readers still need stays for the
    /// next). A merge or checkpoint that fails is logged and tried again after the next batch: the index is
    /// only less merged, and the log only grows, meanwhile.
    pub fn stored(&mut self, bytes: usize) -> bool {
        if !self.active {
            return false;
        }
        if let Err(e) = self.store.merge_indexes() {
            log::info!("a merge of the index during the import did not run: {}", e.message);
        }
        self.since += bytes;
        if self.since < EVERY_BYTES {
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

    /// A checkpoint on this bulk write's own connection, which then cuts the log back (see inside); returns the
    /// log's pages and those now in the file. Nothing to do in memory.
    fn checkpoint(&mut self) -> Result<(i64, i64)> {
        let Some(path) = &self.store.path else {
            return Ok((0, 0));
        };
        if self.conn.is_none() {
            let conn = Connection::open(path)?;
            lock::apply_key(&conn, self.store.key.as_ref())?;
            super::configure(&conn)?;
            conn.busy_timeout(REWIND_WAIT)?;
            self.conn = Some(conn);
        }
        let conn = self.conn.as_ref().expect("opened above");
        // (whether it was kept from finishing, the log's pages, the pages folded into the file)
        let checkpoint = |mode: &str| -> Result<(bool, i64, i64)> {
            let sql = format!("PRAGMA wal_checkpoint({mode})");
            Ok(conn.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
        };
        // Most of the log is folded in beside the readers; then, with this process's reads paused, the rest,
        // and the log is cut back to nothing: SQLite starts a log again from its beginning only when nobody reads
        // it, and readers reading back to back would otherwise keep it growing for the whole import.
        let (_, log, done) = checkpoint("PASSIVE")?;
        let Some(_paused) = self.store.reading.pause() else {
            return Ok((log, done));
        };
        let (busy, _, _) = checkpoint("TRUNCATE")?;
        Ok((log, if busy { done } else { log }))
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
    use crate::document::{ArticleFile, Document};
    use crate::store::articles;
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
        let log_file = dir.path().join("library.sqlite-wal");
        assert_eq!(std::fs::metadata(&log_file).unwrap().len(), 0, "and the log is cut back to nothing");

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

    /// Each index's `automerge` as its config table holds it (`None`: never set, FTS5's default).
    fn automerge(store: &Store) -> Vec<Option<i64>> {
        let guard = crate::store::hold(&store.writer);
        let conn = guard.as_ref().expect("the writer is open");
        INDEXES.map(|index| automerge_of(conn, index)).to_vec()
    }

    fn automerge_of(conn: &Connection, index: &str) -> Option<i64> {
        conn.query_row(&format!("SELECT v FROM {index}_config WHERE k = 'automerge'"), [], |r| r.get(0))
            .optional()
            .unwrap()
    }

    /// Segments in the body index now (merged or not).
    fn segments(store: &Store) -> i64 {
        store
            .read(|conn| Ok(conn.query_row("SELECT count(DISTINCT segid) FROM articles_fts_idx", [], |r| r.get(0))?))
            .unwrap()
    }

    /// Imports `n` notes, each in a transaction of its own, each with a thousand words of its own: its segment
    /// of the index is a few pages.
    fn notes_one_by_one(store: &Store, n: usize) {
        for i in 0..n {
            let own: Vec<String> = (0..1000).map(|j| format!("w{i}x{j}")).collect();
            let markdown =
                format!("# Note {i}\n\nA note on recovery, number {i}, with words of its own: {}.", own.join(" "));
            let doc =
                Document::from_markdown(&markdown, ArticleFile::imported(&format!("n{i}.md"), "Imported")).unwrap();
            store.write(|tx| articles::upsert_imported(tx, &doc, &format!("/notes/n{i}.md"))).unwrap();
        }
    }

    #[test]
    fn a_bulk_write_leaves_merging_to_itself_and_merges_a_little_after_each_batch_until_done() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("library.sqlite")).unwrap();
        store.set_setting("theme", "dark").unwrap();
        assert_eq!(automerge(&store), [None, None], "FTS5's own default before any import");
        let something_to_merge = || store.write(|tx| merge_step(tx)).unwrap();

        let mut bulk = store.bulk();
        assert_eq!(automerge(&store), [Some(0), Some(0)]);
        notes_one_by_one(&store, 30); // one transaction, so one new segment in each index, each
        let unmerged = segments(&store);
        assert!(unmerged > 2 * 4, "without automerge the segments pile up: {unmerged}");

        // Each batch merges at most MERGE_STEPS steps: a few batches go by before nothing is left.
        // (A merge part-way has its output segment beside its inputs: the count may go up before it goes down.)
        bulk.stored(1);
        assert!(something_to_merge(), "one batch's merging is bounded, and this is more than it merges");
        let mut batches = 1;
        loop {
            bulk.stored(1);
            batches += 1;
            if !something_to_merge() {
                break;
            }
            assert!(batches < 100, "merging never ends");
        }
        let merged = segments(&store);
        assert!(merged < unmerged / 2, "{unmerged} -> {merged} segments");

        drop(bulk);
        assert_eq!(automerge(&store), [Some(AUTOMERGE), Some(AUTOMERGE)], "merging is back with the writer");
        let hits = store.search("recovery", &crate::model::Filter::default(), 50, 0).unwrap();
        assert_eq!(hits.len(), 30, "the merged index still finds what it holds");
        store
            .write(|tx| {
                for index in INDEXES {
                    tx.execute(&format!("INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)"), [])?;
                }
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn an_import_killed_part_way_leaves_merging_off_until_the_writer_next_opens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        let store = Store::open(&path).unwrap();
        std::mem::forget(store.bulk()); // as if the process died during the import
        assert_eq!(automerge(&store), [Some(0), Some(0)]);
        drop(store);

        let store = Store::open(&path).unwrap();
        let in_file = store.read(|conn| Ok(INDEXES.map(|index| automerge_of(conn, index)))).unwrap();
        assert_eq!(in_file, [Some(0), Some(0)], "opening to read writes nothing");
        store.set_setting("theme", "dark").unwrap();
        assert_eq!(automerge(&store), [Some(AUTOMERGE), Some(AUTOMERGE)], "the writer turned it back on");
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
