use std::fs;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use super::*;
use crate::library::data::Task;
use crate::library::tests::BUNDLE;
use crate::model::{Color, Filter};
use crate::store::highlights::Span;

const PASSPHRASE: &str = "a calm harbour at dusk";
const NOTE: &str = "ask Dr Adeyemi about the taper";

fn bytes_hold(path: &Path, text: &str) -> bool {
    let bytes = fs::read(path).unwrap();
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

/// A library with a bookmark note and a highlight, closed, then locked.
fn locked_library(dir: &Path) -> PathBuf {
    let path = dir.join("library.sqlite");
    let lib = Library::open_with(&path, BUNDLE).unwrap();
    lib.add_bookmark("support-groups", Some(NOTE)).unwrap();
    lib.add_highlight(
        "sleep-and-recovery",
        &Span::Text { quote: "regular hours".into(), occurrence: 1 },
        Color::Blue,
        "mine",
    )
    .unwrap();
    drop(lib);
    assert!(bytes_hold(&path, NOTE), "plain before");
    change_passphrase(&path, None, Some(PASSPHRASE)).unwrap();
    path
}

#[test]
fn a_locked_library_holds_no_readable_text_and_opens_only_with_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = locked_library(dir.path());
    for text in [NOTE, "Sleep often improves slowly", "regular hours", "SQLite format 3"] {
        assert!(!bytes_hold(&path, text), "the file's bytes hold {text:?}");
    }
    assert!(marker_path(&path).exists());
    assert_eq!(lock_state(&path).unwrap(), LockState::Locked);
    let plain = rusqlite::Connection::open(&path).unwrap();
    let err = plain.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0)).unwrap_err();
    assert_eq!(err.sqlite_error_code(), Some(rusqlite::ErrorCode::NotADatabase), "sqlite cannot read it");
    drop(plain);

    let before = fs::read(&path).unwrap();
    let missing = Library::open_locked_with(&path, None, BUNDLE).err().unwrap();
    assert_eq!(missing.kind, ErrorKind::Locked);
    assert!(missing.message.starts_with("this library is locked"), "{}", missing.message);
    let wrong = Library::open_locked_with(&path, Some("a calm harbour at dawn"), BUNDLE).err().unwrap();
    assert_eq!(wrong.kind, ErrorKind::Locked);
    assert_eq!(fs::read(&path).unwrap(), before, "a wrong passphrase leaves the file byte for byte as it was");

    let lib = Library::open_locked_with(&path, Some(PASSPHRASE), BUNDLE).unwrap();
    assert!(lib.is_locked());
    assert_eq!(lib.bookmarks().unwrap()[0].note, NOTE);
    assert_eq!(lib.search("routine", &Filter::default(), 10, 0).unwrap()[0].slug, "sleep-and-recovery");
    assert!(lib.article("sleep-and-recovery").unwrap().html.contains("hl-blue"), "highlights are marked");
    lib.add_bookmark("stopping-antidepressants", Some("another secret")).unwrap();
    drop(lib);
    assert!(!bytes_hold(&path, "another secret"), "what is written later is encrypted too");
}

/// Each page's IV is SQLCipher's random bytes, which come from the operating system's generator
/// (sqlcipher/os_random.c): no two pages of a locked library carry the same IV (SQLCipher 4 keeps a page's
/// 16-byte IV at the start of the 80 bytes it reserves at the end of each 4,096-byte page). The salt is Haven's
/// own (passphrase.rs), and two libraries locked alike get different ones.
#[test]
fn locking_draws_a_fresh_salt_and_a_fresh_iv_for_every_page() {
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let files = dirs.map(|d| fs::read(locked_library(d.path())).unwrap());
    assert_ne!(files[0][..16], files[1][..16], "two libraries locked alike have the same salt");
    let ivs: Vec<&[u8]> = files[0].chunks_exact(4096).map(|page| &page[4096 - 80..4096 - 64]).collect();
    assert!(ivs.len() > 20, "{} pages", ivs.len());
    let distinct: std::collections::HashSet<&[u8]> = ivs.iter().copied().collect();
    assert_eq!(distinct.len(), ivs.len(), "pages share an IV");
}

#[test]
fn the_passphrase_is_changed_and_removed_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = locked_library(dir.path());
    let before = fs::read(&path).unwrap();
    let wrong = change_passphrase(&path, Some("not the one at all"), Some("a new passphrase")).unwrap_err();
    assert_eq!(wrong.kind, ErrorKind::Locked);
    assert_eq!(fs::read(&path).unwrap(), before, "nothing changed");
    assert!(change_passphrase(&path, Some(PASSPHRASE), Some("short")).is_err(), "too short");

    change_passphrase(&path, Some(PASSPHRASE), Some("a new passphrase")).unwrap();
    assert_eq!(Library::open_locked_with(&path, Some(PASSPHRASE), BUNDLE).err().unwrap().kind, ErrorKind::Locked);
    let lib = Library::open_locked_with(&path, Some("a new passphrase"), BUNDLE).unwrap();
    assert_eq!(lib.bookmarks().unwrap()[0].note, NOTE);
    drop(lib);

    change_passphrase(&path, Some("a new passphrase"), None).unwrap();
    assert_eq!(lock_state(&path).unwrap(), LockState::Plain);
    assert!(!marker_path(&path).exists());
    assert!(bytes_hold(&path, NOTE), "plain again");
    let lib = Library::open_locked_with(&path, None, BUNDLE).unwrap();
    assert!(!lib.is_locked());
    assert_eq!(lib.bookmarks().unwrap()[0].note, NOTE);
    let names: Vec<String> =
        fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.ends_with(".partial")), "{names:?}");
}

#[test]
fn a_library_open_elsewhere_is_not_re_encrypted_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let lib = Library::open_with(&path, BUNDLE).unwrap();
    let err = change_passphrase(&path, None, Some(PASSPHRASE)).unwrap_err();
    assert!(err.message.contains("open in another program"), "{}", err.message);
    assert_eq!(lib.bookmarks().unwrap().len(), 0, "and the library open meanwhile is untouched");
    drop(lib);
    assert_eq!(lock_state(&path).unwrap(), LockState::Plain);
}

#[test]
fn a_locked_library_s_backups_are_locked_the_same_way_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let path = locked_library(dir.path());
    let lib = Library::open_locked_with(&path, Some(PASSPHRASE), BUNDLE).unwrap();
    let cancel = Arc::new(AtomicBool::new(false));
    let backup = dir.path().join("backup.sqlite");
    lib.backup(&backup, &mut Task { progress: &mut |_| {}, cancel: &cancel }).unwrap();
    assert!(!bytes_hold(&backup, NOTE) && !bytes_hold(&backup, "SQLite format 3"), "the backup is encrypted");
    let daily = lib.automatic_backup(&dir.path().join("backups")).unwrap().unwrap();
    assert!(!bytes_hold(Path::new(&daily.path), NOTE));
    lib.remove_bookmark("support-groups").unwrap();
    let report = lib.restore(&backup, &mut Task { progress: &mut |_| {}, cancel: &cancel }).unwrap();
    assert_eq!(lib.bookmarks().unwrap()[0].note, NOTE, "restored");
    assert!(
        !bytes_hold(Path::new(report.kept.as_ref().unwrap()), NOTE),
        "the copy kept before restoring is locked too"
    );
    drop(lib);
    assert!(!bytes_hold(&path, NOTE));

    // A plain library cannot read a locked backup; a plain backup restored into a locked library is locked.
    let elsewhere = tempfile::tempdir().unwrap();
    let plain = Library::open_with(elsewhere.path().join("library.sqlite"), BUNDLE).unwrap();
    plain.add_bookmark("support-groups", Some("plain note")).unwrap();
    let err = plain.restore(&backup, &mut Task { progress: &mut |_| {}, cancel: &cancel }).unwrap_err();
    assert!(err.message.contains("a locked library's backup"), "{}", err.message);
    let plain_backup = elsewhere.path().join("plain.sqlite");
    plain.backup(&plain_backup, &mut Task { progress: &mut |_| {}, cancel: &cancel }).unwrap();
    let lib = Library::open_locked_with(&path, Some(PASSPHRASE), BUNDLE).unwrap();
    lib.restore(&plain_backup, &mut Task { progress: &mut |_| {}, cancel: &cancel }).unwrap();
    assert_eq!(lib.bookmarks().unwrap()[0].note, "plain note");
    drop(lib);
    assert!(!bytes_hold(&path, "plain note"), "still locked");
    assert!(Library::open_locked_with(&path, Some(PASSPHRASE), BUNDLE).is_ok());
}

#[test]
fn a_locked_library_whose_marker_is_lost_still_opens_with_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = locked_library(dir.path());
    fs::remove_file(marker_path(&path)).unwrap();
    assert_eq!(lock_state(&path).unwrap(), LockState::Unreadable);
    let err = Library::open_locked_with(&path, None, BUNDLE).err().unwrap();
    assert_eq!(err.kind, ErrorKind::CorruptLibrary);
    assert!(err.message.contains("marker file"), "{}", err.message);
    let lib = Library::open_locked_with(&path, Some(PASSPHRASE), BUNDLE).unwrap();
    assert_eq!(lib.bookmarks().unwrap()[0].note, NOTE);
}

#[test]
fn a_locked_library_is_kept_locked_when_a_migration_copies_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = locked_library(dir.path());
    // Made older by hand: schema 5, without the plan table, under its key.
    let key = Key::derive(PASSPHRASE, &crate::store::lock::salt_of(&path).unwrap()).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    crate::store::lock::apply_key(&conn, Some(&key)).unwrap();
    crate::store::migrations::back_to_schema_6(&conn).unwrap();
    conn.execute_batch("DROP TABLE plan_items; PRAGMA user_version = 5;").unwrap();
    drop(conn);
    let lib = Library::open_locked_with(&path, Some(PASSPHRASE), BUNDLE).unwrap();
    assert!(lib.plan().unwrap().is_empty(), "migrated");
    drop(lib);
    let copy = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("-before-schema-"))
        .unwrap();
    assert!(
        !bytes_hold(&copy, NOTE) && !bytes_hold(&copy, "SQLite format 3"),
        "the copy kept before the migration is locked"
    );
}
