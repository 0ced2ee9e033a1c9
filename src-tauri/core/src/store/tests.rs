use super::*;
use crate::document::{ArticleFile, Document};
use crate::error::ErrorKind;
use crate::model::Origin;

/// Three small articles used across the store's tests, as (file, text).
pub(crate) const ARTICLES: &[(&str, &str)] = &[
    (
        "sleep-and-recovery.md",
        "---\ntitle: Sleep and recovery\nsummary: Why rest matters early in recovery.\ncategory: Recovery and wellbeing\ntags: [sleep, habits]\nreviewed: 2026-11-01\npublished: 2026-10-01\nsources:\n  - {title: Insomnia, url: 'https://www.nhs.uk/conditions/insomnia/', publisher: NHS}\n---\n# Sleep and recovery\n\nSleep often improves slowly during recovery from alcohol.\n\n## Building a routine\n\nKeep regular hours and a calm evening.\n\nSee also [stopping antidepressants](stopping-antidepressants.md).\n",
    ),
    (
        "stopping-antidepressants.md",
        "---\ntitle: Stopping antidepressants safely\nsummary: Why tapering with a prescriber matters.\ncategory: Medications\ntags: [antidepressants, withdrawal]\nreviewed: 2026-11-01\npublished: 2026-09-15\nsources:\n  - {title: Stopping antidepressants, url: 'https://www.nhs.uk/mental-health/talking-therapies-medicine-treatments/medicines-and-psychiatry/antidepressants/', publisher: NHS}\n---\nDiscontinuation symptoms can include dizziness and irritability. A gradual taper, planned with a prescriber, lowers the risk.\n\n## Why not stop abruptly\n\nStopping suddenly can cause discontinuation symptoms. Sleep may be disturbed too.\n",
    ),
    (
        "support-groups.md",
        "---\ntitle: Support groups and peer recovery\nsummary: What mutual-help groups offer.\ncategory: Recovery and wellbeing\ntags: [support, community, habits]\nreviewed: 2026-11-01\nsources:\n  - {title: Recovery support, url: 'https://www.samhsa.gov/', publisher: SAMHSA}\ncontent_warnings: [relapse]\n---\nPeer support groups such as SMART Recovery meet weekly. Sharing sleep troubles and cravings with peers helps.\n",
    ),
];

/// Stores `ARTICLES` in `store` as bundled articles.
pub(crate) fn fill(store: &Store) {
    for (path, text) in ARTICLES {
        let doc = Document::from_markdown(text, ArticleFile::bundled(path)).unwrap();
        store.write(|tx| articles::insert(tx, &doc, Origin::Bundled, Some(path))).unwrap();
    }
}

/// An in-memory store holding `ARTICLES`.
pub(crate) fn store() -> Store {
    let store = Store::in_memory().unwrap();
    fill(&store);
    store
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite");
    std::fs::write(&path, b"these are my notes, not a database\n").unwrap();
    let err = Store::open(&path).err().unwrap();
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
    let err = Store::open(&path).err().unwrap();
    assert_eq!(err.kind, ErrorKind::CorruptLibrary);
    assert!(err.message.contains("not a Haven library"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_damaged_library_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let store = Store::open(&path).unwrap();
    fill(&store);
    drop(store);
    assert!(!dir.path().join("library.sqlite-wal").exists(), "closing folds the WAL into the file");
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8192, "{} bytes", bytes.len());
    // Wreck every page after the first (the header and schema survive, the tables do not).
    for b in &mut bytes[4096..] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert_eq!(err.kind, ErrorKind::CorruptLibrary, "{}", err.message);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    // A truncated file is refused too.
    std::fs::write(&path, &bytes[..100]).unwrap();
    assert_eq!(Store::open(&path).err().unwrap().kind, ErrorKind::CorruptLibrary);
    assert_eq!(std::fs::read(&path).unwrap(), &bytes[..100]);
}

#[test]
fn a_library_from_a_newer_haven_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    drop(Store::open(&path).unwrap());
    Connection::open(&path).unwrap().pragma_update(None, "user_version", migrations::latest() + 5).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert_eq!(err.kind, ErrorKind::NewerLibrary);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn an_empty_file_becomes_a_new_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/library.sqlite");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.list(&Default::default()).unwrap().total, 0);
}

/// The desktop app calls the core from many threads at once: 8 threads mixing searches, lists, article
/// reads, bookmark writes and reading-position writes for a few seconds must see no error at all (in
/// particular no "database is locked").
#[test]
fn eight_threads_mixing_reads_and_writes_never_fail() {
    let dir = tempfile::tempdir().unwrap();
    let library = std::sync::Arc::new(Store::open(dir.path().join("library.sqlite")).unwrap());
    fill(&library);
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

#[test]
fn a_folder_where_the_library_should_be_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).err().unwrap();
    assert_eq!(err.kind, ErrorKind::CorruptLibrary, "{}", err.message);
}

/// Regression: an older Haven (the app, open for hours) kept writing into a file that a newer `haven-cli` had
/// migrated meanwhile. Every write now reads the schema version first.
#[test]
fn a_store_refuses_to_write_once_a_newer_haven_has_migrated_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let store = Store::open(&path).unwrap();
    fill(&store);
    store.add_bookmark("support-groups", Some("before")).unwrap();
    Connection::open(&path).unwrap().pragma_update(None, "user_version", migrations::latest() + 1).unwrap();
    let err = store.add_bookmark("sleep-and-recovery", Some("after")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NewerLibrary);
    let bookmarks: i64 =
        Connection::open(&path).unwrap().query_row("SELECT count(*) FROM bookmarks", [], |r| r.get(0)).unwrap();
    assert_eq!(bookmarks, 1, "nothing was written into the newer schema");
}

/// The app polls this to learn that `haven-cli` changed the library while it was open; its own writes, and a
/// quiet library, are not changes from elsewhere.
#[test]
fn changes_from_another_process_are_noticed_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let app = Store::open(&path).unwrap();
    fill(&app);
    assert!(!app.changed_elsewhere().unwrap(), "nothing changed");
    app.add_bookmark("support-groups", None).unwrap();
    assert!(!app.changed_elsewhere().unwrap(), "its own writes are not news to it");
    let cli = Store::open(&path).unwrap();
    cli.add_bookmark("sleep-and-recovery", Some("from the terminal")).unwrap();
    drop(cli);
    assert!(app.changed_elsewhere().unwrap(), "the other process's commit is seen");
    assert!(!app.changed_elsewhere().unwrap(), "and reported once");
}

#[test]
fn a_store_that_only_reads_never_opens_its_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    drop(Store::open(&path).unwrap()); // a new library: created (and migrated) by its writer
    let store = Store::open(&path).unwrap();
    assert!(hold(&store.writer).is_none(), "an up-to-date library opens without a writer");
    assert_eq!(hold(&store.readers).len(), 1, "the connection that checked the file is kept as a reader");
    assert_eq!(store.setting("theme").unwrap(), None);
    assert_eq!(store.list(&Default::default()).unwrap().total, 0);
    assert!(hold(&store.writer).is_none(), "reads leave it closed");
    assert_eq!(hold(&store.readers).len(), 1, "and reuse that one connection");
    store.set_setting("theme", "dark").unwrap();
    assert!(hold(&store.writer).is_some(), "the first write opens it");
    assert_eq!(store.setting("theme").unwrap().as_deref(), Some("dark"));
    // Another process's commit is noticed by a store that opened its writer late, as by any other.
    assert!(!store.changed_elsewhere().unwrap());
    Store::open(&path).unwrap().set_setting("theme", "light").unwrap();
    assert!(store.changed_elsewhere().unwrap());
}

#[test]
fn a_long_write_gives_way_only_when_someone_waits_and_it_has_held_the_writer_a_while() {
    let store = Store::in_memory().unwrap();
    let long_ago = Instant::now() - YIELD_AFTER * 2;
    assert!(!store.should_yield(long_ago), "nobody waits");
    let waiting = Waiting::new(&store.waiting_writers);
    assert!(store.should_yield(long_ago), "someone waits, and the write has held the writer long enough");
    // A write begun "later" than now has held the writer no time at all (elapsed() saturates at zero), whatever
    // this machine's scheduler does between the two calls.
    let just_begun = Instant::now() + Duration::from_secs(60);
    assert!(!store.should_yield(just_begun), "a write that has just begun goes on");
    drop(waiting);
    assert!(!store.should_yield(long_ago), "the waiting writer got in");
    store.let_waiting_writers_go(); // returns at once: nobody waits
    assert_eq!(store.waiting_writers.load(Ordering::Relaxed), 0);
    // A write that cannot start (here: none fails) still stops counting as waiting.
    store.set_setting("theme", "dark").unwrap();
    assert_eq!(store.waiting_writers.load(Ordering::Relaxed), 0);
}

/// SQLite is built without the two process-wide mutexes every connection would otherwise take (.cargo/config.toml):
/// a build that lost the flags (cargo run from outside the workspace, a changed libsqlite3-sys) fails here rather
/// than quietly making concurrent reading and writing slower.
#[test]
fn sqlite_is_built_without_process_wide_locks_on_memory_and_the_page_cache() {
    let store = Store::in_memory().unwrap();
    let options: Vec<String> = store
        .read(|conn| {
            let mut stmt = conn.prepare("PRAGMA compile_options")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    assert!(options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"), "memory statistics are kept: {options:?}");
    assert!(!options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"), "page caches share one LRU: {options:?}");
}

/// SQLCipher takes its random bytes from sqlcipher/os_random.c, not from OpenSSL's generator, whose start-up was
/// half of every fresh process's instructions (.cargo/config.toml): a build that lost the flag imports
/// `RAND_bytes` from the system's libcrypto again, and its name is then among this binary's dynamic symbols.
#[cfg(target_os = "linux")]
#[test]
fn sqlcipher_does_not_call_openssl_s_generator() {
    let binary = std::fs::read(std::env::current_exe().unwrap()).unwrap();
    // A symbol's name is a string between two NULs. Spelt backwards here, so that this test's own bytes do not
    // hold the name it looks for.
    let name: Vec<u8> = b"setyb_DNAR".iter().rev().copied().collect();
    let imported = binary.split(|&b| b == 0).any(|s| s == name);
    assert!(!imported, "SQLCipher calls OpenSSL's RAND_bytes: LIBSQLITE3_FLAGS lost its -DRAND_bytes");
}
