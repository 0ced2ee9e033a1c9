use crate::bundled::BundledFile;
use crate::library::tests::BUNDLE;
use crate::library::{Library, SyncReport};

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

#[test]
fn opening_twice_with_nothing_changed_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let first = Library::open_with(&path, BUNDLE).unwrap();
    assert_eq!((first.sync_report().added, first.sync_report().failed.len()), (3, 0));
    drop(first);
    let before = std::fs::read(&path).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let second = Library::open_with(&path, BUNDLE).unwrap();
    assert_eq!(second.sync_report(), &SyncReport::default());
    drop(second);
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file's bytes are unchanged");
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), modified);
}

#[test]
fn updates_keep_reading_state_and_removals_spare_what_the_reader_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let lib = Library::open_with(&path, BUNDLE).unwrap();
    lib.add_bookmark("sleep-and-recovery", Some("helpful")).unwrap();
    lib.set_reading_position("sleep-and-recovery", 0.6).unwrap();
    lib.add_bookmark("support-groups", None).unwrap();
    let id = lib.article("sleep-and-recovery").unwrap().id;
    drop(lib);

    // Next release: the sleep article changed, the other two are gone, one article is new.
    let changed = leak(BUNDLE[0].text.replace("Keep regular hours", "Keep steady hours"));
    let new = leak(BUNDLE[1].text.replace("slug", "x").replace("Stopping antidepressants safely", "New one"));
    let next =
        [BundledFile { path: "sleep-and-recovery.md", text: changed }, BundledFile { path: "new-one.md", text: new }];
    let lib = Library::open_with(&path, &next).unwrap();
    let report = lib.sync_report().clone();
    assert_eq!((report.added, report.updated, report.removed, report.kept_for_reader), (1, 1, 1, 1));
    let a = lib.article("sleep-and-recovery").unwrap();
    assert_eq!(a.id, id);
    assert!(a.text.contains("Keep steady hours"));
    assert_eq!((a.note.as_deref(), a.position), (Some("helpful"), 0.6));
    assert!(lib.article("support-groups").is_ok(), "bookmarked, so kept");
    assert!(lib.article("stopping-antidepressants").is_err(), "removed");
    assert_eq!(lib.search("steady", &Default::default(), 5, 0).unwrap().len(), 1, "the index followed the update");
    assert!(lib.search("regular hours", &Default::default(), 5, 0).unwrap().is_empty());
    drop(lib);
    // A reading place alone also keeps an article: "never lost by an update of the bundled articles".
    let lib = Library::open_with(&path, BUNDLE).unwrap();
    lib.set_reading_position("stopping-antidepressants", 0.3).unwrap();
    drop(lib);
    let lib = Library::open_with(&path, &next).unwrap();
    assert_eq!(lib.reading_state("stopping-antidepressants").unwrap().position, 0.3);
}

#[test]
fn a_broken_bundled_file_is_reported_and_the_rest_load() {
    let broken = [BundledFile { path: "broken.md", text: "---\ntitle: [\n---\nx" }, BUNDLE[0]];
    let lib = Library::in_memory(&broken).unwrap();
    let report = lib.sync_report();
    assert_eq!(report.added, 1);
    assert!(report.failed[0].message.starts_with("broken.md:"));
}

#[test]
fn a_library_remembers_its_bundle_and_an_older_one_learns_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let lib = Library::open_with(&path, BUNDLE).unwrap();
    let id = crate::bundled::bundle_id(BUNDLE).into_owned();
    assert_eq!(lib.store.bundle_marker().unwrap(), Some(id.clone()), "kept with the articles it describes");
    // A library from before the id was kept: the articles are compared once, found current, and the id is kept.
    lib.store.write(|tx| Ok(tx.execute("DELETE FROM settings WHERE key = 'haven.bundle'", [])?)).unwrap();
    drop(lib);
    let lib = Library::open_with(&path, BUNDLE).unwrap();
    assert_eq!(lib.sync_report(), &SyncReport::default());
    assert_eq!(lib.store.bundle_marker().unwrap(), Some(id));
    // Another bundle: compared and applied, whatever the id said.
    drop(lib);
    let lib = Library::open_with(&path, &BUNDLE[..1]).unwrap();
    assert_eq!(lib.sync_report().removed, 2);
    assert_eq!(lib.store.bundle_marker().unwrap().as_deref(), Some(&*crate::bundled::bundle_id(&BUNDLE[..1])));
}
