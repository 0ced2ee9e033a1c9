//! The library file: opening it safely, its connections, the transaction wrapper every write goes through, and
//! one module of SQL per table or concern. Nothing here imports or knows which articles Haven bundles: the store
//! keeps what it is given ([`crate::document::Document`] values) and answers queries. Of an article it keeps the
//! source (compressed, packed.rs) and what lists and the index need; the HTML shown is rendered from the source
//! by the pure renderer when an article is read, and a search result's snippet is cut from its plain text.
//!
//! Threading model: one writer connection behind a mutex serializes all writes, and a small pool of read-only
//! connections serves reads concurrently. The writer of a library that needs no migration opens on the first
//! write: a process that only reads (a script calling `haven-cli list`) opens one connection, the one that
//! checked the file, and keeps it as its first reader. The file is in WAL mode, so readers see a consistent
//! snapshot while the writer works and never wait for it. Writes begin `IMMEDIATE`, taking the write lock up front, so a
//! transaction never fails half-way with "database is locked" trying to upgrade; the busy timeout covers the
//! rare wait for a checkpoint or another process. `Store` is `Send + Sync`: share one behind an `Arc`, never wrap
//! it in another mutex. An in-memory store (tests) has no readers; its one connection serves everything.
//!
//! Other processes: the CLI may open the same file while the app has it open. Every write transaction first
//! re-reads the schema version, so an older Haven never writes into a file a newer one has migrated, and
//! [`Store::changed_elsewhere`] tells a front end when another process has committed.

pub mod annotations;
pub mod articles;
pub mod backup;
pub mod bookmarks;
pub mod bulk;
pub mod bundled;
mod fts;
pub mod highlights;
pub mod lock;
pub mod migrations;
pub mod plan;
mod readers;
pub mod reading;
mod related;
pub mod rendering;
pub mod search;
pub mod settings;
mod vocabulary;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};
use crate::passphrase::Key;

/// `PRAGMA application_id` of a Haven library: 'HAVN'.
pub const APPLICATION_ID: i64 = 0x4841_564E;

/// How long a connection waits for a lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Idle read connections kept open for reuse.
const MAX_IDLE_READERS: usize = 8;

/// The writer's page cache, in KiB (SQLite takes a negative `cache_size` as KiB).
const WRITER_CACHE_KIB: i64 = -32 * 1024;

/// A locked library's reader's page cache, in KiB. A plain library's pages come from the system's file cache
/// as they are; a locked one's are decrypted and checked on every read, so its readers keep more of them
/// decrypted. Search p95 against the plain library's, at 10,000 articles: 1.5-2.4x with SQLite's 2 MB, 0.9-1.1x
/// with 16 MB; at 100,000 articles with 32 MB: 0.8-1.2x but phrases 2.3x and prefixes 1.5x (1.5-3.4x with 2 MB).
/// The pool is reused last-in first-out, so one warm reader serves most searches.
const LOCKED_READER_CACHE_KIB: i64 = -32 * 1024;

/// An open library file.
pub struct Store {
    path: Option<PathBuf>,
    // Field order matters: fields drop in declaration order, and the readers must close before the writer.
    // The last connection to close folds the WAL back into the file, and only the writer can.
    readers: Mutex<Vec<Connection>>,
    /// How many connections read at once (readers.rs).
    reading: readers::ReadSlots,
    /// `None` until the first write (see [`Store::with_writer`]); always there in memory.
    writer: Mutex<Option<Connection>>,
    /// `PRAGMA data_version` as the writer last saw it: it changes when another connection commits.
    seen_data_version: Mutex<i64>,
    /// Threads waiting for the writer now: a long write (an import's batch) commits early and lets them go first.
    waiting_writers: AtomicUsize,
    /// Writes that have taken the writer so far (to know when those that were waiting have had their turn).
    writes_begun: AtomicUsize,
    /// Bulk writes under way (imports); while there is one, it checkpoints and merges the index, not the writer
    /// (bulk.rs).
    bulk_writes: AtomicUsize,
    /// The key of a locked library, set on every connection this store opens; `None` for a plain one.
    key: Option<Key>,
    /// Words the vocabulary is known to hold, so writes skip them (vocabulary.rs).
    vocabulary: Mutex<vocabulary::Known>,
}

impl Store {
    /// Opens (or creates) the library file at `path` and brings its schema up to date.
    ///
    /// A file that is not a Haven library, is damaged, or was written by a newer Haven is refused with an
    /// error naming it, and is left exactly as it was: nothing is written until it has been checked. Before a
    /// migration changes an existing library, a copy of it is kept beside it (see [`migrations::back_up`]).
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_keyed(path, None)
    }

    /// Opens the library file at `path` with `key` (a locked library's), or as [`Store::open`] without one. A
    /// key that does not open the file is a `locked` error, and the file is left as it was.
    pub fn open_keyed(path: impl AsRef<Path>, key: Option<Key>) -> Result<Store> {
        let path = path.as_ref();
        if let Some((probe, version)) = check_existing_file(path, key.as_ref())? {
            if version == migrations::latest() {
                // Nothing to migrate: the connection that checked the file is the first reader, and the writer
                // waits for the first write.
                configure_reader(&probe, key.as_ref())?;
                return Store::assemble(Some(path.to_path_buf()), Some(probe), None, key);
            }
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        let mut writer = open_writer(path, key.as_ref())?;
        if migrations::pending(&writer)? {
            migrations::back_up(&writer, path, key.as_ref())?;
        }
        migrations::apply(&mut writer)?;
        bulk::restore_automerge(&writer);
        Store::assemble(Some(path.to_path_buf()), None, Some(writer), key)
    }

    /// A store that lives in memory only, for tests.
    pub fn in_memory() -> Result<Store> {
        let mut writer = Connection::open_in_memory()?;
        configure(&writer)?;
        migrations::apply(&mut writer)?;
        Store::assemble(None, None, Some(writer), None)
    }

    /// A store from its first connections: a reader, the writer, or both (the writer's data version is the
    /// one [`Store::changed_elsewhere`] starts from; a writer opened later records its own).
    fn assemble(
        path: Option<PathBuf>,
        reader: Option<Connection>,
        writer: Option<Connection>,
        key: Option<Key>,
    ) -> Result<Store> {
        let seen = writer.as_ref().map(data_version).transpose()?.unwrap_or(0);
        Ok(Store {
            path,
            readers: Mutex::new(reader.into_iter().collect()),
            reading: readers::ReadSlots::default(),
            writer: Mutex::new(writer),
            seen_data_version: Mutex::new(seen),
            waiting_writers: AtomicUsize::new(0),
            writes_begun: AtomicUsize::new(0),
            bulk_writes: AtomicUsize::new(0),
            key,
            vocabulary: Mutex::default(),
        })
    }

    /// Runs `f` on the writer connection, opening it first if this store has not written yet.
    pub(crate) fn with_writer<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut guard = hold(&self.writer);
        if guard.is_none() {
            let path = self.path.as_deref().expect("an in-memory store opens its one connection at once");
            let conn = open_writer(path, self.key.as_ref())?;
            // This store's bulk writes need its writer, so none is under way yet; one in another process only
            // goes on with its index merging back on (bulk.rs).
            bulk::restore_automerge(&conn);
            *hold(&self.seen_data_version) = data_version(&conn)?;
            *guard = Some(conn);
        }
        f(guard.as_mut().expect("opened above"))
    }

    /// The file behind this store; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` on a read connection. Reads run concurrently with each other (at most [`readers::MAX_READING`] at
    /// once, each holding its slot until it returns) and with the writer.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let Some(path) = &self.path else {
            return f(hold(&self.writer).as_ref().expect("an in-memory store has its one connection"));
        };
        let _slot = self.reading.take();
        let idle = hold(&self.readers).pop();
        let conn = match idle {
            Some(conn) => conn,
            None => open_reader(path, self.key.as_ref())?,
        };
        let result = f(&conn);
        let mut idle = hold(&self.readers);
        if idle.len() < MAX_IDLE_READERS {
            idle.push(conn);
        }
        result
    }

    /// Runs `f` in one write transaction, committed if `f` succeeds and rolled back if it fails.
    ///
    /// The schema version is read again inside the transaction: another process (a newer `haven-cli`) may have
    /// migrated the file since it was opened, and this build must not write into a schema it does not know.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let waiting = Waiting::new(&self.waiting_writers);
        self.with_writer(|conn| {
            drop(waiting);
            self.writes_begun.fetch_add(1, Ordering::Relaxed);
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            migrations::refuse_newer(&tx)?;
            let version = data_version(&tx)?;
            vocabulary::in_write(&self.vocabulary, version, || {
                let value = f(&tx)?;
                tx.commit()?;
                // This connection's own commits do not change the data version it sees; nothing to record.
                Ok(value)
            })
        })
    }

    /// Whether a long write should commit what it has and let others write: another thread is waiting for the
    /// writer, and this transaction (begun at `began`) has held it a little while (so a steady stream of small
    /// writes cannot stall it either).
    pub(crate) fn should_yield(&self, began: Instant) -> bool {
        self.waiting_writers.load(Ordering::Relaxed) > 0 && began.elapsed() >= YIELD_AFTER
    }

    /// After a commit made early by [`Store::should_yield`]: lets the writers waiting now take the writer before
    /// this thread takes it again (a mutex is not fair). Only those: writers arriving meanwhile wait for the next
    /// turn, so a stream of them cannot starve the long write. A few milliseconds at most.
    pub(crate) fn let_waiting_writers_go(&self) {
        let turn = self.writes_begun.load(Ordering::Relaxed) + self.waiting_writers.load(Ordering::Relaxed);
        let deadline = Instant::now() + Duration::from_millis(5);
        while self.writes_begun.load(Ordering::Relaxed) < turn
            && self.waiting_writers.load(Ordering::Relaxed) > 0
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_micros(100));
        }
    }

    /// The key this store opens its connections with, when the library is locked.
    pub(crate) fn key(&self) -> Option<&Key> {
        self.key.as_ref()
    }

    /// Whether another connection (another process, such as `haven-cli` while the app is open) has committed
    /// a change since the last call. Cheap: one pragma on the writer, which notices commits by anyone else.
    pub fn changed_elsewhere(&self) -> Result<bool> {
        let now = self.with_writer(|conn| data_version(conn))?;
        let mut seen = hold(&self.seen_data_version);
        let changed = now != *seen;
        *seen = now;
        Ok(changed)
    }
}

/// How long a long write holds the writer before giving way to a waiting one: a bookmark or a note saved during
/// an import waits about this long, not for the import's whole batch. Each early commit costs the import a
/// commit and a small index segment, which the import's own merging folds in (bulk.rs). At 10,000 articles, eight
/// threads reading without pause and bookmarking one article in ten beside an import of 10,000 web pages: a
/// bookmark's p95 during the import was 15.6-18.3 ms at 10 ms, 12.8-13.2 ms at 2 ms (three runs), and 12.8 ms at
/// 0.5 ms, so going lower buys nothing; the import took 116-133 s beside the readers at 2 ms, 147 s at 10 ms.
const YIELD_AFTER: Duration = Duration::from_millis(2);

/// Counts a thread waiting for the writer, from its creation until it is dropped.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn new(count: &'a AtomicUsize) -> Waiting<'a> {
        count.fetch_add(1, Ordering::Relaxed);
        Waiting(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A poisoned lock only means another thread panicked while holding it; the connection itself is still sound
/// because an unfinished transaction rolls back when dropped.
fn hold<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Puts the file in WAL mode. Changing the journal mode needs the file to itself, and SQLite answers "busy"
/// at once rather than waiting when another process is opening it at the same moment; so this waits, up to
/// the busy timeout, until the mode is set (by this connection or the other).
fn use_wal(conn: &Connection) -> Result<()> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)) {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(_) => {}
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {}
            Err(e) => return Err(e.into()),
        }
        if std::time::Instant::now() > deadline {
            return Err(Error::new(
                crate::error::ErrorKind::Storage,
                "the library is in use by another program that has not let go of it; try again in a moment",
            ));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Log pages after which the writer's commit folds the log back into the file (when no bulk write does it).
const WAL_AUTOCHECKPOINT: i64 = 10_000;

/// The writer: WAL mode, `synchronous = NORMAL`, a large page cache and sparse checkpoints.
fn open_writer(path: &Path, key: Option<&Key>) -> Result<Connection> {
    let writer = Connection::open(path).map_err(|e| open_failure(path, e))?;
    lock::apply_key(&writer, key)?;
    configure(&writer)?;
    use_wal(&writer)?;
    writer.pragma_update(None, "synchronous", "NORMAL")?;
    // The writer's page cache holds a whole import batch (about 3 MB of rows and index) many times over, so
    // pages changed again and again within a transaction are written once, and checkpoints come every
    // 40 MB of log rather than every 4 MB. Measured on a 10,000-article import: 9.4-10.0 s -> 8.2-8.8 s,
    // a third less system time; 33 MB more memory at most.
    writer.pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;
    writer.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT)?;
    Ok(writer)
}

fn open_reader(path: &Path, key: Option<&Key>) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    lock::apply_key(&conn, key)?;
    configure_reader(&conn, key)?;
    Ok(conn)
}

fn configure_reader(conn: &Connection, key: Option<&Key>) -> Result<()> {
    configure(conn)?;
    if key.is_some() {
        conn.pragma_update(None, "cache_size", LOCKED_READER_CACHE_KIB)?;
    }
    Ok(())
}

fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
}

/// Checks an existing file before anything may write to it: it must be empty (a new library), or an SQLite
/// database that is a Haven library from this version or an older one, opened with `key` when it is locked.
/// The check opens the file read-only; for a Haven library it returns that read-only connection (with its key)
/// and the library's schema version, `None` for a new or empty file.
fn check_existing_file(path: &Path, key: Option<&Key>) -> Result<Option<(Connection, u32)>> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, &e)),
    };
    let meta = file.metadata().map_err(|e| Error::io(path, &e))?;
    if !meta.is_file() {
        return Err(Error::corrupt(path, "it is not a file"));
    }
    if meta.len() == 0 {
        return Ok(None);
    }
    let mut header = [0u8; 16];
    let plain = file.read_exact(&mut header).is_ok() && &header == b"SQLite format 3\0";
    drop(file);
    match (plain, key) {
        (true, Some(_)) => {
            return Err(Error::invalid(format!("{} is not locked: it opens without a passphrase", path.display())))
        }
        (false, None) if lock::marker_path(path).exists() => return Err(lock::locked(path)),
        (false, None) => {
            return Err(Error::corrupt(
                path,
                "it is not an SQLite database (if it was locked with a passphrase, its marker file beside it is \
                 missing; Haven can still try the passphrase)",
            ))
        }
        _ => {}
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| open_failure(path, e))?;
    lock::apply_key(&conn, key)?;
    let opens = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0));
    if key.is_some()
        && opens.as_ref().err().and_then(rusqlite::Error::sqlite_error_code) == Some(rusqlite::ErrorCode::NotADatabase)
    {
        return Err(lock::wrong_passphrase());
    }
    // One statement, so one snapshot: another process creating this library at the same moment is seen either
    // before it began (no tables, no mark) or after (both), never half-way.
    let probe = || -> rusqlite::Result<(i64, u32, i64)> {
        conn.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id()), (SELECT user_version FROM pragma_user_version()),
                    (SELECT count(*) FROM sqlite_schema)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    };
    let (app_id, version, tables) = probe().map_err(|e| open_failure(path, e))?;
    if app_id != APPLICATION_ID && !(app_id == 0 && tables == 0) {
        return Err(Error::corrupt(path, "it is an SQLite database, but not a Haven library"));
    }
    if version > migrations::latest() {
        return Err(migrations::newer(version));
    }
    if app_id == APPLICATION_ID {
        // A cheap probe, not `PRAGMA quick_check`: that reads the whole file, which takes seconds for a large
        // library. Reading the first rows of each table finds a file damaged at its roots; damage deeper down
        // surfaces as `corrupt_library` from whichever query meets it (see `From<rusqlite::Error>`), and the
        // file is never written because of it.
        let mut tables = vec!["articles", "tags", "article_tags", "bookmarks", "reading_state", "settings"];
        if version >= 4 {
            tables.push("highlights");
        }
        if version >= 6 {
            tables.push("plan_items");
        }
        for table in tables {
            conn.query_row(&format!("SELECT count(*) FROM (SELECT * FROM {table} LIMIT 8)"), [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|e| open_failure(path, e))?;
        }
        return Ok(Some((conn, version)));
    }
    Ok(None)
}

/// Why SQLite could not open or read a library file, as a person needs it: damage (`corrupt_library`, which lets
/// the reader start afresh beside it) only when SQLite says the file is damaged or not a database; a file held by
/// another program, or out of reach, is not damaged and says so.
fn open_failure(path: &Path, err: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    match err.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::corrupt(path, err),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::new(
            crate::error::ErrorKind::Storage,
            format!("{} is in use by another program just now; try again in a moment", path.display()),
        ),
        Some(
            ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::ReadOnly | ErrorCode::SystemIoFailure,
        ) => Error::new(crate::error::ErrorKind::Io, format!("{} could not be opened: {err}", path.display())),
        _ => Error::new(crate::error::ErrorKind::Storage, format!("{} could not be read: {err}", path.display())),
    }
}

pub(crate) use crate::time::now_ms;

#[cfg(test)]
pub(crate) mod tests;
