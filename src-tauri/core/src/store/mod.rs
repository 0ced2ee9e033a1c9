//! The library file: opening it safely, its connections, and the transaction wrapper every write goes through.
//!
//! Threading model: one writer connection behind a mutex serializes all writes, and a small pool of read-only
//! connections serves reads concurrently. The file is in WAL mode, so readers see a consistent snapshot while
//! the writer works and never wait for it. Writes begin `IMMEDIATE`, taking the write lock up front, so a
//! transaction never fails half-way with "database is locked" trying to upgrade; the busy timeout covers the
//! rare wait for a checkpoint. `Library` is `Send + Sync`: share one behind an `Arc`, never wrap it in
//! another mutex. An in-memory library (tests) has no readers; its one connection serves everything.

pub mod articles;
pub mod bookmarks;
pub(crate) mod fts;
pub mod migrations;
pub mod reading;
pub mod settings;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::bundled::{self, BundledFile, SyncReport};
use crate::error::{Error, Result};

/// `PRAGMA application_id` of a Haven library: 'HAVN'.
pub const APPLICATION_ID: i64 = 0x4841_564E;

/// How long a connection waits for a lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Idle read connections kept open for reuse.
const MAX_IDLE_READERS: usize = 8;

/// An open Haven library.
pub struct Library {
    path: Option<PathBuf>,
    // Field order matters: fields drop in declaration order, and the readers must close before the writer.
    // The last connection to close folds the WAL back into the file, and only the writer can.
    readers: Mutex<Vec<Connection>>,
    writer: Mutex<Connection>,
    sync_report: SyncReport,
}

impl Library {
    /// Opens (or creates) the library at `path` with the articles bundled in this build.
    pub fn open(path: impl AsRef<Path>) -> Result<Library> {
        Library::open_with(path, bundled::FILES)
    }

    /// Opens (or creates) the library at `path`, bringing its bundled articles up to date with `bundle`.
    ///
    /// A file that is not a Haven library, is damaged, or was written by a newer Haven is refused with an
    /// error naming it, and is left exactly as it was: nothing is written until it has been checked.
    pub fn open_with(path: impl AsRef<Path>, bundle: &[BundledFile]) -> Result<Library> {
        let path = path.as_ref();
        check_existing_file(path)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        let mut writer = Connection::open(path).map_err(|e| Error::corrupt(path, e))?;
        configure(&writer)?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        writer.pragma_update(None, "synchronous", "NORMAL")?;
        // The writer's page cache holds a whole import batch (about 3 MB of rows and index) many times over, so
        // pages changed again and again within a transaction are written once, and checkpoints come every
        // 40 MB of log rather than every 4 MB. Measured on a 10,000-article import: 9.4-10.0 s -> 8.2-8.8 s,
        // a third less system time; 33 MB more memory at most.
        writer.pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;
        writer.pragma_update(None, "wal_autocheckpoint", 10_000)?;
        migrations::apply(&mut writer)?;
        Library::finish_open(Some(path.to_path_buf()), writer, bundle)
    }

    /// A library that lives in memory only, for tests.
    pub fn in_memory(bundle: &[BundledFile]) -> Result<Library> {
        let mut writer = Connection::open_in_memory()?;
        configure(&writer)?;
        migrations::apply(&mut writer)?;
        Library::finish_open(None, writer, bundle)
    }

    fn finish_open(path: Option<PathBuf>, writer: Connection, bundle: &[BundledFile]) -> Result<Library> {
        let mut library = Library {
            path,
            readers: Mutex::new(Vec::new()),
            writer: Mutex::new(writer),
            sync_report: SyncReport::default(),
        };
        library.sync_report = bundled::sync(&library, bundle)?;
        articles::rerender_if_stale(&library)?;
        Ok(library)
    }

    /// The file behind this library; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// What bringing the bundled articles up to date did when this library opened.
    pub fn sync_report(&self) -> &SyncReport {
        &self.sync_report
    }

    /// Runs `f` on a read connection. Reads run concurrently with each other and with the writer.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let Some(path) = &self.path else {
            return f(&lock(&self.writer));
        };
        let idle = lock(&self.readers).pop();
        let conn = match idle {
            Some(conn) => conn,
            None => open_reader(path)?,
        };
        let result = f(&conn);
        let mut idle = lock(&self.readers);
        if idle.len() < MAX_IDLE_READERS {
            idle.push(conn);
        }
        result
    }

    /// Runs `f` in one write transaction, committed if `f` succeeds and rolled back if it fails.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

/// A poisoned lock only means another thread panicked while holding it; the connection itself is still sound
/// because an unfinished transaction rolls back when dropped.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The writer's page cache, in KiB (SQLite takes a negative `cache_size` as KiB).
const WRITER_CACHE_KIB: i64 = -32 * 1024;

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

fn open_reader(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    configure(&conn)?;
    Ok(conn)
}

/// Checks an existing file before anything may write to it: it must be empty (a new library), or an SQLite
/// database that is a Haven library from this version or an older one. The check opens the file read-only.
fn check_existing_file(path: &Path) -> Result<()> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(path, &e)),
    };
    let len = file.metadata().map_err(|e| Error::io(path, &e))?.len();
    if len == 0 {
        return Ok(());
    }
    let mut header = [0u8; 16];
    if file.read_exact(&mut header).is_err() || &header != b"SQLite format 3\0" {
        return Err(Error::corrupt(path, "it is not an SQLite database"));
    }
    drop(file);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| Error::corrupt(path, e))?;
    let probe = || -> rusqlite::Result<(i64, u32, i64)> {
        let app_id = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tables = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok((app_id, version, tables))
    };
    let (app_id, version, tables) = probe().map_err(|e| Error::corrupt(path, e))?;
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
        for table in ["articles", "tags", "article_tags", "bookmarks", "reading_state", "settings"] {
            conn.query_row(&format!("SELECT count(*) FROM (SELECT * FROM {table} LIMIT 8)"), [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|e| Error::corrupt(path, e))?;
        }
    }
    Ok(())
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::error::ErrorKind;

    /// A small bundle used across the core's tests.
    pub(crate) const BUNDLE: &[BundledFile] = &[
        BundledFile {
            path: "sleep-and-recovery.md",
            text: "---\ntitle: Sleep and recovery\nsummary: Why rest matters early in recovery.\ncategory: Recovery and wellbeing\ntags: [sleep, habits]\nreviewed: 2026-11-01\npublished: 2026-10-01\nsources:\n  - {title: Insomnia, url: 'https://www.nhs.uk/conditions/insomnia/', publisher: NHS}\n---\n# Sleep and recovery\n\nSleep often improves slowly during recovery from alcohol.\n\n## Building a routine\n\nKeep regular hours and a calm evening.\n\nSee also [stopping antidepressants](stopping-antidepressants.md).\n",
        },
        BundledFile {
            path: "stopping-antidepressants.md",
            text: "---\ntitle: Stopping antidepressants safely\nsummary: Why tapering with a prescriber matters.\ncategory: Medications\ntags: [antidepressants, withdrawal]\nreviewed: 2026-11-01\npublished: 2026-09-15\nsources:\n  - {title: Stopping antidepressants, url: 'https://www.nhs.uk/mental-health/talking-therapies-medicine-treatments/medicines-and-psychiatry/antidepressants/', publisher: NHS}\n---\nDiscontinuation symptoms can include dizziness and irritability. A gradual taper, planned with a prescriber, lowers the risk.\n\n## Why not stop abruptly\n\nStopping suddenly can cause discontinuation symptoms. Sleep may be disturbed too.\n",
        },
        BundledFile {
            path: "support-groups.md",
            text: "---\ntitle: Support groups and peer recovery\nsummary: What mutual-help groups offer.\ncategory: Recovery and wellbeing\ntags: [support, community, habits]\nreviewed: 2026-11-01\nsources:\n  - {title: Recovery support, url: 'https://www.samhsa.gov/', publisher: SAMHSA}\ncontent_warnings: [relapse]\n---\nPeer support groups such as SMART Recovery meet weekly. Sharing sleep troubles and cravings with peers helps.\n",
        },
    ];

    pub(crate) fn library() -> Library {
        Library::in_memory(BUNDLE).unwrap()
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.sqlite");
        std::fs::write(&path, b"these are my notes, not a database\n").unwrap();
        let err = Library::open_with(&path, BUNDLE).err().unwrap();
        assert_eq!(err.kind, ErrorKind::CorruptLibrary);
        assert!(err.message.contains(&path.display().to_string()), "{}", err.message);
        assert_eq!(std::fs::read(&path).unwrap(), b"these are my notes, not a database\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no -wal or -journal file was made");
    }

    #[test]
    fn a_foreign_sqlite_database_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        Connection::open(&path).unwrap().execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = Library::open_with(&path, BUNDLE).err().unwrap();
        assert_eq!(err.kind, ErrorKind::CorruptLibrary);
        assert!(err.message.contains("not a Haven library"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_damaged_library_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        drop(Library::open_with(&path, BUNDLE).unwrap());
        assert!(!dir.path().join("library.sqlite-wal").exists(), "closing folds the WAL into the file");
        let mut bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() > 8192, "{} bytes", bytes.len());
        // Wreck every page after the first (the header and schema survive, the tables do not).
        for b in &mut bytes[4096..] {
            *b = 0xA5;
        }
        std::fs::write(&path, &bytes).unwrap();
        let err = Library::open_with(&path, BUNDLE).err().unwrap();
        assert_eq!(err.kind, ErrorKind::CorruptLibrary, "{}", err.message);
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        // A truncated file is refused too.
        std::fs::write(&path, &bytes[..100]).unwrap();
        assert_eq!(Library::open_with(&path, BUNDLE).err().unwrap().kind, ErrorKind::CorruptLibrary);
        assert_eq!(std::fs::read(&path).unwrap(), &bytes[..100]);
    }

    #[test]
    fn a_library_from_a_newer_haven_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        drop(Library::open_with(&path, BUNDLE).unwrap());
        Connection::open(&path).unwrap().pragma_update(None, "user_version", migrations::latest() + 5).unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = Library::open_with(&path, BUNDLE).err().unwrap();
        assert_eq!(err.kind, ErrorKind::NewerLibrary);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn an_empty_file_becomes_a_new_library() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/folder/library.sqlite");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, b"").unwrap();
        let library = Library::open_with(&path, BUNDLE).unwrap();
        assert_eq!(library.sync_report().added, 3);
    }

    /// The desktop app calls the core from many threads at once: 8 threads mixing searches, lists, article
    /// reads, bookmark writes and reading-position writes for a few seconds must see no error at all (in
    /// particular no "database is locked").
    #[test]
    fn eight_threads_mixing_reads_and_writes_never_fail() {
        let dir = tempfile::tempdir().unwrap();
        let library = std::sync::Arc::new(Library::open_with(dir.path().join("library.sqlite"), BUNDLE).unwrap());
        let slugs = ["sleep-and-recovery", "stopping-antidepressants", "support-groups"];
        let deadline = std::time::Instant::now() + Duration::from_secs(3);
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let library = library.clone();
                std::thread::spawn(move || {
                    let mut operations = 0u32;
                    while std::time::Instant::now() < deadline {
                        let slug = slugs[(operations as usize + t) % slugs.len()];
                        match (operations + t as u32) % 5 {
                            0 => drop(library.search("sleep", &Default::default(), 10, 0).unwrap()),
                            1 => drop(library.add_bookmark(slug, Some(&format!("note {t} {operations}"))).unwrap()),
                            2 => library.remove_bookmark(slug).unwrap(),
                            3 => drop(library.set_reading_position(slug, f64::from(operations % 100) / 100.0).unwrap()),
                            _ => {
                                drop(library.article(slug).unwrap());
                                drop(library.list(&Default::default()).unwrap());
                            }
                        }
                        operations += 1;
                    }
                    operations
                })
            })
            .collect();
        let total: u32 = threads.into_iter().map(|t| t.join().expect("no thread panicked")).sum();
        assert!(total > 100, "only {total} operations ran");
        assert_eq!(library.list(&Default::default()).unwrap().total, 3);
    }
}
