use super::*;
use crate::store::tests::fill;

fn library(dir: &Path) -> (Store, PathBuf) {
    let path = dir.join("library.sqlite");
    let store = Store::open(&path).unwrap();
    fill(&store);
    (store, path)
}

fn no_cancel() -> Arc<AtomicBool> {
    Arc::new(AtomicBool::new(false))
}

#[test]
fn a_backup_is_a_whole_library_written_while_the_library_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = library(dir.path());
    store.add_bookmark("support-groups", Some("Tuesdays")).unwrap();
    let dest = dir.path().join("backup.sqlite");
    let mut reports = Vec::new();
    let bytes = store
        .back_up_to(&dest, &mut |done, total| {
            reports.push((done, total));
            true
        })
        .unwrap();
    assert_eq!(bytes, std::fs::metadata(&dest).unwrap().len());
    assert_eq!(reports.last().map(|(d, t)| d == t), Some(true), "{reports:?}");
    let info = check_backup(&dest, None, &no_cancel()).unwrap();
    assert_eq!(info.schema, migrations::latest());
    // A file of its own: no write-ahead log goes with it.
    let mode: String = Connection::open(&dest).unwrap().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete");
    let copy = Store::open(&dest).unwrap();
    assert_eq!(copy.bookmarks().unwrap()[0].note, "Tuesdays");
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_cancelled_backup_leaves_no_file_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = library(dir.path());
    let dest = dir.path().join("backup.sqlite");
    std::fs::write(&dest, b"yesterday's backup").unwrap();
    let err = store.back_up_to(&dest, &mut |_, _| false).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Cancelled);
    assert_eq!(std::fs::read(&dest).unwrap(), b"yesterday's backup");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        3 + 1,
        "the library, its -wal and -shm, and the old backup"
    );
}

#[test]
fn what_is_not_a_whole_haven_backup_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = library(dir.path());
    let good = dir.path().join("good.sqlite");
    store.back_up_to(&good, &mut |_, _| true).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let write = |name: &str, contents: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path
    };
    let truncated = write("truncated.sqlite", &bytes[..bytes.len() / 2]);
    let random = write(
        "random.sqlite",
        &(0..50_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect::<Vec<_>>(),
    );
    let empty = write("empty.sqlite", b"");
    let foreign = dir.path().join("foreign.sqlite");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    let newer = write("newer.sqlite", &bytes);
    Connection::open(&newer).unwrap().pragma_update(None, "user_version", migrations::latest() + 1).unwrap();
    let mut damaged_bytes = bytes.clone();
    for b in &mut damaged_bytes[4096 * 3..4096 * 3 + 600] {
        *b = 0x5A;
    }
    let damaged = write("damaged.sqlite", &damaged_bytes);
    for (path, kind, says) in [
        (&truncated, ErrorKind::InvalidInput, "it is cut short"),
        (&random, ErrorKind::InvalidInput, "it is not a library file"),
        (&empty, ErrorKind::InvalidInput, "it is not a library file"),
        (&foreign, ErrorKind::InvalidInput, "not a Haven library"),
        (&newer, ErrorKind::NewerLibrary, "was made by a newer version of Haven"),
        (&damaged, ErrorKind::InvalidInput, "it is damaged"),
    ] {
        let before = std::fs::read(path).unwrap();
        let err = check_backup(path, None, &no_cancel()).unwrap_err();
        assert_eq!(err.kind, kind, "{}: {}", path.display(), err.message);
        assert!(err.message.contains(says) && err.message.contains(&path.display().to_string()), "{}", err.message);
        assert_eq!(std::fs::read(path).unwrap(), before, "checking changes nothing");
    }
}

#[test]
fn replacing_a_library_swaps_its_contents_in_one_go() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = library(dir.path());
    store.add_bookmark("support-groups", Some("before")).unwrap();
    let saved = dir.path().join("saved.sqlite");
    store.back_up_to(&saved, &mut |_, _| true).unwrap();
    store.set_note("support-groups", "after").unwrap();
    store.add_bookmark("sleep-and-recovery", None).unwrap();
    store.replace_with(&saved).unwrap();
    let notes: Vec<String> = store.bookmarks().unwrap().into_iter().map(|b| b.note).collect();
    assert_eq!(notes, ["before"]);
    // Reads on the pooled connections see the restored library too.
    assert_eq!(store.totals().unwrap().bookmarks, 1);
    assert!(!store.changed_elsewhere().unwrap(), "the restore is this store's own change");
}

#[test]
fn a_restore_is_seen_by_another_process_that_changed_the_library_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let (app, path) = library(dir.path());
    app.add_bookmark("support-groups", Some("before")).unwrap();
    let saved = dir.path().join("saved.sqlite");
    app.back_up_to(&saved, &mut |_, _| true).unwrap();
    let cli = Store::open(&path).unwrap();
    cli.add_bookmark("sleep-and-recovery", Some("made elsewhere after the backup")).unwrap();
    drop(cli);
    assert_eq!(app.bookmarks().unwrap().len(), 2);
    app.replace_with(&saved).unwrap();
    assert_eq!(app.bookmarks().unwrap().len(), 1, "the app sees the restore");
    let later = Store::open(&path).unwrap();
    assert_eq!(later.bookmarks().unwrap().len(), 1, "and so does another process after it");
}
