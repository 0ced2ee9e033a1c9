use std::fs;

use super::*;
use crate::import::ImportOptions;
use crate::library::tests::BUNDLE;
use crate::model::{Article, Color};
use crate::store::highlights::Span;

fn quote(text: &str) -> Span {
    Span::Text { quote: text.into(), occurrence: 1 }
}

fn no_cancel() -> Arc<AtomicBool> {
    Arc::new(AtomicBool::new(false))
}

/// Runs `f` with a task that reports nowhere and is never cancelled.
fn quietly<T>(f: impl FnOnce(&mut Task) -> T) -> T {
    let cancel = no_cancel();
    f(&mut Task { progress: &mut |_| {}, cancel: &cancel })
}

const NOTES: &str = "---\ntitle: My walking notes\ncategory: Mine\ntags: [walking]\n---\nWalk first thing in the \
                     morning. A short loop counts.\n\nThis paragraph will be rewritten later.\n";
const GONE: &str = "---\ntitle: Old list\n---\nCall Sam on Sundays.\n";

/// A library on disk with one of everything a person keeps: bookmarks with and without notes, highlights in
/// every colour, one with a note of many lines, one detached on an article that changed, one whose article was
/// deleted, and reading positions. Returns it, the folder its imports came from, and the folder itself.
fn full_library(dir: &Path) -> (Library, PathBuf) {
    let files = dir.join("notes");
    fs::create_dir_all(&files).unwrap();
    fs::write(files.join("walking.md"), NOTES).unwrap();
    fs::write(files.join("old.md"), GONE).unwrap();
    let lib = Library::open_with(dir.join("library.sqlite"), BUNDLE).unwrap();
    let report = lib.import(std::slice::from_ref(&files), &ImportOptions::default()).unwrap();
    assert_eq!(report.imported.len(), 2, "{report:?}");
    lib.add_bookmark("support-groups", Some("Tuesdays at 7.\nBring a friend.")).unwrap();
    lib.add_bookmark("sleep-and-recovery", None).unwrap();
    let passages = [
        ("sleep-and-recovery", "regular hours"),
        ("support-groups", "meet weekly"),
        ("support-groups", "cravings"),
        ("stopping-antidepressants", "gradual taper"),
        ("walking", "A short loop counts."),
    ];
    for (k, (slug, text)) in passages.iter().enumerate() {
        let note = if k == 1 { "first line\nsecond line, \"quoted\"" } else { "" };
        lib.add_highlight(slug, &quote(text), Color::ALL[k], note).unwrap();
    }
    lib.add_highlight("walking", &quote("will be rewritten later"), Color::Pink, "kept anyway").unwrap();
    lib.add_highlight("old", &quote("Call Sam"), Color::Green, "on Sundays").unwrap();
    fs::write(files.join("walking.md"), NOTES.replace("This paragraph will be rewritten later.", "New words here."))
        .unwrap();
    lib.import(&[files.join("walking.md")], &ImportOptions::default()).unwrap();
    lib.delete_article("old").unwrap();
    lib.set_reading_position("support-groups", 0.5).unwrap();
    lib.set_reading_position("sleep-and-recovery", 1.0).unwrap();
    (lib, files)
}

fn json_export(lib: &Library, dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    lib.export_annotations(AnnotationFormat::Json, &path).unwrap();
    fs::read_to_string(path).unwrap()
}

#[test]
fn the_full_library_has_one_of_everything() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, _) = full_library(dir.path());
    let all = lib.annotations().unwrap();
    let highlights: Vec<&crate::model::Highlight> = all.iter().flat_map(|a| &a.highlights).collect();
    assert_eq!(highlights.len(), 7);
    assert_eq!(highlights.iter().filter(|h| h.detached).count(), 2);
    let mut colours: Vec<&str> = highlights.iter().map(|h| h.color.as_str()).collect();
    colours.sort_unstable();
    colours.dedup();
    assert_eq!(colours.len(), 5, "every colour");
    assert!(all.iter().any(|a| a.slug == "old" && a.removed));
    assert_eq!(all.iter().filter(|a| a.bookmark.is_some()).count(), 2);
    assert_eq!(all.iter().filter(|a| a.reading.is_some()).count(), 2);
}

#[test]
fn backup_then_restore_into_a_fresh_library_gives_the_same_export_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, _) = full_library(dir.path());
    lib.set_setting("theme", "dark").unwrap();
    let before = json_export(&lib, dir.path(), "before.json");
    let backup = dir.path().join("haven-backup.sqlite");
    let mut stages = Vec::new();
    let cancel = no_cancel();
    lib.backup(&backup, &mut Task { progress: &mut |p| stages.push(p.stage), cancel: &cancel }).unwrap();
    assert!(stages.contains(&Stage::BackingUp));

    let elsewhere = tempfile::tempdir().unwrap();
    let fresh = Library::open_with(elsewhere.path().join("library.sqlite"), BUNDLE).unwrap();
    let mut stages = Vec::new();
    let report =
        fresh.restore(&backup, &mut Task { progress: &mut |p| stages.push(p.stage), cancel: &cancel }).unwrap();
    assert_eq!(report.schema, crate::store::migrations::latest());
    assert_eq!(report.totals, lib.totals().unwrap());
    for stage in [Stage::Reading, Stage::Checking, Stage::KeepingCurrent, Stage::Restoring] {
        assert!(stages.contains(&stage), "{stage:?} in {stages:?}");
    }
    let after = json_export(&fresh, elsewhere.path(), "after.json");
    assert_eq!(after, before);
    assert_eq!(fresh.setting("theme").unwrap().as_deref(), Some("dark"), "settings come back too");
    // The fresh library as it was is kept beside it, and the private copy of the backup is gone.
    let kept = PathBuf::from(report.kept.unwrap());
    assert!(kept.file_name().unwrap().to_string_lossy().starts_with("library-before-restore-"));
    assert_eq!(Library::open_with(&kept, BUNDLE).unwrap().totals().unwrap().highlights, 0);
    let names: Vec<String> = fs::read_dir(elsewhere.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.starts_with(".haven-restore-")), "{names:?}");
    let listed = fresh.backups(&elsewhere.path().join("backups")).unwrap();
    assert_eq!(listed.iter().map(|b| b.kind).collect::<Vec<_>>(), [BackupKind::BeforeRestore]);
}

#[test]
fn an_export_merged_into_a_fresh_library_with_the_same_articles_restores_everything_once() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, files) = full_library(dir.path());
    let before = json_export(&lib, dir.path(), "before.json");

    let elsewhere = tempfile::tempdir().unwrap();
    let fresh = Library::open_with(elsewhere.path().join("library.sqlite"), BUNDLE).unwrap();
    fresh.import(&[files.join("walking.md")], &ImportOptions::default()).unwrap();
    let report = fresh.merge_annotations(&dir.path().join("before.json")).unwrap();
    assert_eq!(
        (report.highlights_added, report.highlights_detached, report.bookmarks_added, report.positions_restored),
        (7, 2, 2, 2)
    );
    assert!(report.missing_articles.is_empty(), "{:?}", report.missing_articles);
    assert_eq!(json_export(&fresh, elsewhere.path(), "after.json"), before, "every annotation, exactly");

    let again = fresh.merge_annotations(&dir.path().join("before.json")).unwrap();
    assert_eq!((again.highlights_added, again.bookmarks_added, again.notes_merged), (0, 0, 0));
    assert_eq!((again.highlights_present, again.bookmarks_present), (7, 2));
    assert_eq!(json_export(&fresh, elsewhere.path(), "again.json"), before, "merging twice adds nothing");
}

/// The library's file, once everything is folded into it.
fn settled_bytes(path: &Path) -> Vec<u8> {
    drop(Library::open_with(path, BUNDLE).unwrap());
    fs::read(path).unwrap()
}

#[test]
fn bad_backups_and_exports_are_refused_by_name_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, _) = full_library(dir.path());
    let good = dir.path().join("good.sqlite");
    quietly(|task| lib.backup(&good, task)).unwrap();
    let export = json_export(&lib, dir.path(), "export.json");
    let path = lib.path().unwrap().to_path_buf();
    drop(lib);

    let bytes = fs::read(&good).unwrap();
    let write = |name: &str, contents: &[u8]| {
        let file = dir.path().join(name);
        fs::write(&file, contents).unwrap();
        file
    };
    let truncated = write("truncated.sqlite", &bytes[..bytes.len() * 2 / 3]);
    let random =
        write("random.bin", &(0..300_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect::<Vec<_>>());
    let newer = write("newer.sqlite", &bytes);
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", crate::store::migrations::latest() + 3)
        .unwrap();
    let missing_fields = write("missing.json", export.replace("\"TextQuoteSelector\"", "\"Nothing\"").as_bytes());
    let huge_note = {
        let mut value: serde_json::Value = serde_json::from_str(&export).unwrap();
        value["first"]["items"][2]["body"] =
            serde_json::json!({ "type": "TextualBody", "value": "n".repeat(10 << 20) });
        write("huge-note.json", value.to_string().as_bytes())
    };

    let original = settled_bytes(&path);
    let lib = Library::open_with(&path, BUNDLE).unwrap();
    for (file, kind, says) in [
        (&truncated, ErrorKind::InvalidInput, "it is cut short"),
        (&random, ErrorKind::InvalidInput, "it is not a library file"),
        (&newer, ErrorKind::NewerLibrary, "newer version of Haven"),
    ] {
        let err = quietly(|task| lib.restore(file, task)).unwrap_err();
        assert_eq!(err.kind, kind, "{}", err.message);
        assert!(err.message.contains(says) && err.message.contains(&file.display().to_string()), "{}", err.message);
    }
    for (file, kind, says) in [
        (&missing_fields, ErrorKind::InvalidInput, "has no quote (a TextQuoteSelector)"),
        (&huge_note, ErrorKind::TooLarge, "10485760 characters long"),
        (&random, ErrorKind::InvalidInput, "not a Haven annotations export"),
    ] {
        let err = lib.merge_annotations(file).unwrap_err();
        assert_eq!(err.kind, kind, "{}", err.message);
        assert!(err.message.contains(says), "{}", err.message);
    }
    drop(lib);
    assert_eq!(fs::read(&path).unwrap(), original, "the library is byte for byte as it was");
    let names: Vec<String> =
        fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("before-restore") || n.starts_with(".haven-restore")), "{names:?}");
}

#[test]
fn a_cancelled_restore_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, _) = full_library(dir.path());
    let backup = dir.path().join("backup.sqlite");
    quietly(|task| lib.backup(&backup, task)).unwrap();
    let before = json_export(&lib, dir.path(), "before.json");
    lib.add_bookmark("stopping-antidepressants", Some("after the backup")).unwrap();
    let after = json_export(&lib, dir.path(), "after.json");
    for stop_at in [Stage::Reading, Stage::Checking, Stage::Upgrading, Stage::KeepingCurrent] {
        let cancel = no_cancel();
        let flag = Arc::clone(&cancel);
        let err = lib
            .restore(
                &backup,
                &mut Task {
                    progress: &mut |p| {
                        if p.stage == stop_at {
                            flag.store(true, Ordering::Relaxed);
                        }
                    },
                    cancel: &cancel,
                },
            )
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Cancelled, "{stop_at:?}");
        assert_eq!(json_export(&lib, dir.path(), "now.json"), after, "{stop_at:?}");
    }
    assert_ne!(before, after);
}

#[test]
fn a_library_that_cannot_be_opened_is_restored_beside_it_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, _) = full_library(dir.path());
    let backup = dir.path().join("backup.sqlite");
    quietly(|task| lib.backup(&backup, task)).unwrap();
    let before = json_export(&lib, dir.path(), "before.json");
    let path = lib.path().unwrap().to_path_buf();
    drop(lib);
    let mut damaged = fs::read(&path).unwrap();
    damaged[..16].copy_from_slice(b"not a database!!");
    fs::write(&path, &damaged).unwrap();
    assert_eq!(Library::open_with(&path, BUNDLE).err().unwrap().kind, ErrorKind::CorruptLibrary);

    let report = quietly(|task| restore_unopened(&path, &backup, None, task)).unwrap();
    let kept = PathBuf::from(report.kept.unwrap());
    assert_eq!(fs::read(&kept).unwrap(), damaged, "the damaged file is kept as it was");
    let lib = Library::open_with(&path, BUNDLE).unwrap();
    assert_eq!(json_export(&lib, dir.path(), "after.json"), before);

    // On a new computer there is no library yet: the backup simply becomes it.
    let new_computer = tempfile::tempdir().unwrap();
    let path = new_computer.path().join("library.sqlite");
    let report = quietly(|task| restore_unopened(&path, &backup, None, task)).unwrap();
    assert_eq!(report.kept, None);
    assert_eq!(json_export(&Library::open_with(&path, BUNDLE).unwrap(), new_computer.path(), "new.json"), before);
}

#[test]
fn daily_backups_are_written_once_a_day_and_the_last_seven_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, _) = full_library(dir.path());
    let backups = dir.path().join("backups");
    fs::create_dir_all(&backups).unwrap();
    for day in 1..=9 {
        fs::write(backups.join(format!("library-2020-01-0{day}.sqlite")), b"old").unwrap();
    }
    fs::write(backups.join("library-notes.sqlite"), b"not a daily backup").unwrap();
    fs::write(backups.join("other-2020-01-01.sqlite"), b"another library's").unwrap();
    let written = lib.automatic_backup(&backups).unwrap().expect("today's backup");
    assert!(
        written.path.ends_with(&format!("library-{}.sqlite", time::civil_date(time::now_ms()))),
        "{}",
        written.path
    );
    assert_eq!(lib.automatic_backup(&backups).unwrap(), None, "one a day");
    let mut names: Vec<String> =
        fs::read_dir(&backups).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names.len(), 7 + 2, "{names:?}");
    assert!(
        names.contains(&"library-notes.sqlite".to_string()) && names.contains(&"other-2020-01-01.sqlite".to_string())
    );
    assert!(!names.contains(&"library-2020-01-03.sqlite".to_string()), "the oldest went: {names:?}");
    let listed = lib.backups(&backups).unwrap();
    assert_eq!(listed.len(), 7);
    assert_eq!(listed[0].path, written.path, "newest first");
    assert!(check_backup(Path::new(&written.path), None, &no_cancel()).is_ok());
}

#[test]
fn annotations_are_exported_in_each_form() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, _) = full_library(dir.path());
    let notes = dir.path().join("notes-export");
    let report = lib.export_annotations(AnnotationFormat::Markdown, &notes).unwrap();
    assert_eq!((report.files, report.highlights, report.bookmarks), (6, 7, 2));
    let index = fs::read_to_string(notes.join(notebook::INDEX)).unwrap();
    assert!(
        index.contains("[Support groups and peer recovery](support-groups.md) (2 highlights, bookmarked)"),
        "{index}"
    );
    let csv = dir.path().join("readwise.csv");
    let report = lib.export_annotations(AnnotationFormat::Csv, &csv).unwrap();
    assert_eq!(report.bytes, fs::metadata(&csv).unwrap().len());
    assert_eq!(fs::read_to_string(&csv).unwrap().lines().next(), Some("Highlight,Title,Author,URL,Note,Location,Date"));
    // A folder with something in it is never written into.
    let err = lib.export_annotations(AnnotationFormat::Markdown, &notes).unwrap_err();
    assert!(err.message.contains("already has files in it"), "{}", err.message);
    assert_eq!(fs::read_to_string(notes.join(notebook::INDEX)).unwrap(), index);
}

#[test]
fn articles_are_exported_as_their_markdown_with_pictures_beside() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("mine");
    fs::create_dir_all(&source).unwrap();
    let png = b"\x89PNG\r\n\x1a\n-a-small-picture";
    fs::write(source.join("path.png"), png).unwrap();
    fs::write(source.join("walk.md"), "---\ntitle: A walk\ncategory: Mine\n---\nThe path:\n\n![The path](path.png)\n")
        .unwrap();
    let lib = Library::open_with(dir.path().join("library.sqlite"), BUNDLE).unwrap();
    let imported = lib.import(&[source.join("walk.md")], &ImportOptions::default()).unwrap();
    assert_eq!(imported.imported[0].slug, "walk");

    let out = dir.path().join("export");
    let report = quietly(|task| {
        lib.export_articles(&ArticleSelection { category: Some("Mine".into()), ..Default::default() }, &out, task)
    })
    .unwrap();
    assert_eq!((report.articles, report.files), (1, 2));
    assert_eq!(fs::read(out.join("walk_files/picture-1.png")).unwrap(), png);
    let text = fs::read_to_string(out.join("walk.md")).unwrap();
    assert_eq!(text, "---\ntitle: A walk\ncategory: Mine\n---\nThe path:\n\n![The path](walk_files/picture-1.png)\n");

    let bundled = dir.path().join("bundled");
    let chosen = ArticleSelection { slugs: vec!["support-groups".into()], ..Default::default() };
    quietly(|task| lib.export_articles(&chosen, &bundled, task)).unwrap();
    assert_eq!(fs::read_to_string(bundled.join("support-groups.md")).unwrap(), crate::store::tests::ARTICLES[2].1);

    // One article saved under a name of the person's choosing: its pictures go in a folder named after it.
    let chosen_name = dir.path().join("saved").join("Morning walk.md");
    fs::create_dir_all(chosen_name.parent().unwrap()).unwrap();
    let report = lib.export_article_to("walk", &chosen_name).unwrap();
    assert_eq!(report.files, 2);
    assert_eq!(fs::read(dir.path().join("saved/Morning walk_files/picture-1.png")).unwrap(), png);
    assert!(fs::read_to_string(&chosen_name).unwrap().contains("![The path](Morning%20walk_files/picture-1.png)"));
    let err = lib.export_article_to("walk", &chosen_name).unwrap_err();
    assert!(
        err.message.contains("already has files in it"),
        "a second save never overwrites the pictures: {}",
        err.message
    );

    let nothing = ArticleSelection { category: Some("No such shelf".into()), ..Default::default() };
    let err = quietly(|task| lib.export_articles(&nothing, &dir.path().join("none"), task)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(!dir.path().join("none").exists(), "no empty folder is left behind");
    let unknown = ArticleSelection { slugs: vec!["no-such-article".into()], ..Default::default() };
    assert_eq!(
        quietly(|task| lib.export_articles(&unknown, &dir.path().join("none"), task)).unwrap_err().kind,
        ErrorKind::NotFound
    );
}

#[test]
fn a_cancelled_article_export_takes_away_what_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open_with(dir.path().join("library.sqlite"), BUNDLE).unwrap();
    let out = dir.path().join("export");
    let cancel = no_cancel();
    let flag = Arc::clone(&cancel);
    let mut seen = 0;
    let err = lib
        .export_articles(
            &ArticleSelection::default(),
            &out,
            &mut Task {
                progress: &mut |p| {
                    seen += 1;
                    if p.done == 2 {
                        flag.store(true, Ordering::Relaxed);
                    }
                },
                cancel: &cancel,
            },
        )
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Cancelled);
    assert_eq!(seen, 3);
    assert!(!out.exists());
}

#[test]
fn a_cancelled_notes_export_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, _) = full_library(dir.path());
    let out = dir.path().join("notes-export");
    let cancel = no_cancel();
    let flag = Arc::clone(&cancel);
    let err = lib
        .export_annotations_with(
            AnnotationFormat::Markdown,
            &out,
            &mut Task { progress: &mut |p| flag.store(p.done == 2, Ordering::Relaxed), cancel: &cancel },
        )
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Cancelled);
    assert!(!out.exists());
}

/// A backup made by an older Haven (schema 4: highlights without their own ids) is brought up to date as it is
/// restored, and its highlights get ids.
#[test]
fn a_backup_from_an_older_schema_is_upgraded_as_it_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, _) = full_library(dir.path());
    let backup = dir.path().join("old.sqlite");
    quietly(|task| lib.backup(&backup, task)).unwrap();
    let old = rusqlite::Connection::open(&backup).unwrap();
    crate::store::migrations::back_to_schema_6(&old).unwrap();
    // What schemas 5 and 6 added, taken away again.
    old.execute_batch(
        "DROP INDEX highlights_by_uid; ALTER TABLE highlights DROP COLUMN uid; DROP TABLE plan_items;
         PRAGMA user_version = 4;",
    )
    .unwrap();
    drop(old);
    let elsewhere = tempfile::tempdir().unwrap();
    let fresh = Library::open_with(elsewhere.path().join("library.sqlite"), BUNDLE).unwrap();
    let report = quietly(|task| fresh.restore(&backup, task)).unwrap();
    assert_eq!(report.schema, 4);
    let highlights: Vec<crate::model::Highlight> =
        fresh.annotations().unwrap().into_iter().flat_map(|a| a.highlights).collect();
    assert_eq!(highlights.len(), 7);
    assert!(highlights.iter().all(|h| h.uid.len() == 36), "every highlight has its own id now");
}

/// Schema 7 on a library as schema 6 wrote it: every article's source compressed, the HTML and plain text no
/// longer stored, the index rebuilt without text; bookmarks, notes, reading places and highlights as they were,
/// articles reading and searching as before, and the file smaller.
#[test]
fn a_schema_6_library_is_packed_in_place_keeping_everything_a_person_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, _) = full_library(dir.path());
    let slugs: Vec<String> = lib.list(&Default::default()).unwrap().items.into_iter().map(|a| a.slug).collect();
    let before: Vec<Article> = slugs.iter().map(|s| lib.article(s).unwrap()).collect();
    let bookmarks = lib.bookmarks().unwrap();
    let annotations = json_export(&lib, dir.path(), "before.json");
    let searched = |lib: &Library, q: &str| -> Vec<String> {
        lib.search(q, &Default::default(), 20, 0).unwrap().into_iter().map(|h| h.slug).collect()
    };
    let found = searched(&lib, "taper");
    assert!(!found.is_empty());
    drop(lib);
    let path = dir.path().join("library.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        crate::store::migrations::back_to_schema_6(&conn).unwrap();
        conn.execute_batch("VACUUM").unwrap();
    }
    let old_size = fs::metadata(&path).unwrap().len();

    let lib = Library::open_with(&path, BUNDLE).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, crate::store::migrations::latest());
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('articles')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for gone in ["markdown", "html", "body_text", "toc"] {
        assert!(!columns.contains(&gone.to_string()), "{gone} is still stored");
    }
    conn.execute_batch(
        "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1);
         INSERT INTO titles_fts (titles_fts, rank) VALUES ('integrity-check', 1);",
    )
    .unwrap();
    drop(conn);
    let lib = {
        drop(lib);
        let new_size = fs::metadata(&path).unwrap().len();
        assert!(new_size < old_size, "the file gave back the space of the dropped columns: {old_size} → {new_size}");
        Library::open_with(&path, BUNDLE).unwrap()
    };

    let after: Vec<Article> = slugs.iter().map(|s| lib.article(s).unwrap()).collect();
    assert_eq!(after, before, "every article reads as it did, highlights, notes and places included");
    assert_eq!(lib.bookmarks().unwrap(), bookmarks);
    assert_eq!(json_export(&lib, dir.path(), "after.json"), annotations);
    assert_eq!(searched(&lib, "taper"), found);
    let exported = dir.path().join("walking-again.md");
    lib.export_article_to("walking", &exported).unwrap();
    assert_eq!(
        fs::read_to_string(&exported).unwrap(),
        NOTES.replace("This paragraph will be rewritten later.", "New words here."),
        "the source comes back byte for byte"
    );
}
