use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::document::MAX_ARTICLE_BYTES;
use crate::import::{Duplicate, ImportOptions, ImportReport, BATCH};
use crate::library::tests::library;
use crate::library::Library;
use crate::model::Origin;

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn imports_a_folder_and_reports_every_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "---\ntags: [calm]\n---\n# Breathing space\n\nSlow breathing helps.");
    write(dir.path(), "sub/b.markdown", "Walking every day helps mood.\n\n![A photo](photo.jpg)");
    write(dir.path(), "sub/photo.jpg", [0xFF, 0xD8, 0xFF, 0x00]);
    write(dir.path(), ".obsidian/config.md", "hidden");
    write(dir.path(), "empty.md", "");
    let lib = library();
    let options = ImportOptions { category: None, tags: vec!["mine".into()] };
    let report = lib.import(&[dir.path().to_path_buf()], &options).unwrap();
    let titles: Vec<_> = report.imported.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Breathing space", "B"]);
    assert_eq!(report.failed.len(), 1);
    assert!(report.failed[0].reason.contains("empty.md: the file is empty"), "{:?}", report.failed);
    assert_eq!(report.skipped.len(), 1);
    assert!(report.skipped[0].reason.contains(".jpg file is not a type"));
    let a = lib.article(&report.imported[0].slug).unwrap();
    assert_eq!(
        (a.category.as_str(), a.tags.clone(), a.origin),
        ("Imported", vec!["calm".to_string(), "mine".to_string()], Origin::Imported)
    );
    assert!(a.source_path.unwrap().ends_with("a.md"));
    let b = lib.article(&report.imported[1].slug).unwrap();
    assert!(b.html.contains(r#"<img src="data:image/jpeg;base64,/9j/AA==" alt="A photo">"#), "{}", b.html);
}

#[test]
fn duplicates_are_not_stored_twice_and_changes_update_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "note.md", "# My note\n\nFirst version.");
    let lib = library();
    let options = ImportOptions { category: Some("Journal".into()), tags: vec![] };
    let first = lib.import(std::slice::from_ref(&file), &options).unwrap();
    let slug = first.imported[0].slug.clone();
    lib.add_bookmark(&slug, Some("keep this")).unwrap();
    lib.set_reading_position(&slug, 0.5).unwrap();

    let again = lib.import(std::slice::from_ref(&file), &options).unwrap();
    assert_eq!(again.duplicates, [Duplicate { path: file.display().to_string(), slug: slug.clone() }]);

    fs::write(&file, "# My note\n\nSecond version.").unwrap();
    let changed = lib.import(std::slice::from_ref(&file), &options).unwrap();
    assert_eq!(changed.updated[0].slug, slug);
    let a = lib.article(&slug).unwrap();
    assert!(a.text.contains("Second version"));
    assert_eq!((a.note.as_deref(), a.position, a.category.as_str()), (Some("keep this"), 0.5, "Journal"));
    assert_eq!(lib.list(&Default::default()).unwrap().total, 4);
}

#[test]
fn bad_files_fail_one_by_one_and_the_rest_import() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "binary.md", [b'#', b' ', 0, 1, 2, 3]);
    write(d, "latin1.md", b"caf\xe9 au lait");
    let mut bomb = String::from("---\na: &a [x,x,x,x,x,x,x,x,x]\n");
    for (p, n) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"]) {
        bomb.push_str(&format!("{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"));
    }
    bomb.push_str("title: *i\n---\nbody");
    write(d, "bomb.md", bomb);
    write(d, "front-only.md", "---\ntitle: x\n---\n");
    write(d, "huge.md", vec![b'a'; MAX_ARTICLE_BYTES + 10]);
    write(d, "hostile.md", "Hello <img src=x onerror=alert(1)><script>alert(2)</script> [x](javascript:alert(3))");
    write(d, "utf16.md", [0xFF, 0xFE, b'H', 0, b'i', 0, b'!', 0]);
    write(d, "good.md", "A good note.");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(d.join("nowhere.md"), d.join("broken.md")).unwrap();
        std::os::unix::fs::symlink(d, d.join("loop")).unwrap();
    }
    let lib = library();
    let report = lib.import(&[d.to_path_buf(), d.join("missing.md")], &ImportOptions::default()).unwrap();
    let reasons: Vec<String> = report.failed.iter().map(|f| f.reason.clone()).collect();
    let has = |s: &str| reasons.iter().any(|r| r.contains(s));
    assert!(has("binary.md: the file is not text"), "{reasons:#?}");
    assert!(has("latin1.md: the file is not valid UTF-8 text"), "{reasons:#?}");
    assert!(has("bomb.md: the front matter expands YAML aliases too far"), "{reasons:#?}");
    assert!(has("front-only.md: the file has front matter but no article text"), "{reasons:#?}");
    assert!(has("huge.md: the file is larger than 20 MB"), "{reasons:#?}");
    assert!(has("no such file or folder"), "{reasons:#?}");
    #[cfg(unix)]
    {
        assert!(has("a symbolic link whose target does not exist"), "{reasons:#?}");
        assert!(report.skipped.iter().any(|s| s.reason.contains("already being imported")), "{:?}", report.skipped);
    }
    let titles: Vec<_> = report.imported.iter().map(|i| i.slug.as_str()).collect();
    assert_eq!(titles, ["good", "hostile", "utf16"]);
    let hostile = lib.article("hostile").unwrap().html.to_lowercase();
    assert!(
        !hostile.contains("onerror") && !hostile.contains("<script") && !hostile.contains("javascript:"),
        "{hostile}"
    );
    assert_eq!(lib.article("utf16").unwrap().text, "Hi!");
    assert_eq!(lib.list(&Default::default()).unwrap().total, 6, "the bundled articles are all still there");
}

#[test]
fn cancelling_keeps_what_was_done() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5 {
        write(dir.path(), &format!("n{i}.md"), format!("Note number {i}."));
    }
    let lib = library();
    let mut seen = Vec::new();
    let cancel = AtomicBool::new(false);
    let report = lib
        .import_with_progress(&[dir.path().to_path_buf()], &ImportOptions::default(), &cancel, |p| {
            seen.push((p.done, p.total));
            if p.done == 1 {
                cancel.store(true, Ordering::Relaxed); // the reader presses Cancel while the second file is read
            }
        })
        .unwrap();
    assert!(report.cancelled);
    assert_eq!(report.imported.len(), 2);
    assert_eq!(seen, [(0, 5), (1, 5)]);
    // Running it again picks up where it stopped.
    let rest = lib.import(&[dir.path().to_path_buf()], &ImportOptions::default()).unwrap();
    assert_eq!((rest.duplicates.len(), rest.imported.len()), (2, 3));
}

#[test]
fn a_large_import_reports_in_file_order_across_batches() {
    let dir = tempfile::tempdir().unwrap();
    let count = BATCH * 2 + 17;
    for i in 0..count {
        // Every hundredth file repeats the first one's text: a duplicate, found whichever batch it is in.
        let text = if i % 100 == 0 { "The same note.".to_string() } else { format!("Note number {i}.") };
        write(dir.path(), &format!("n{i:04}.md"), text);
    }
    let lib = library();
    let mut seen = Vec::new();
    let report = lib
        .import_with_progress(&[dir.path().to_path_buf()], &ImportOptions::default(), &AtomicBool::new(false), |p| {
            seen.push(p.done)
        })
        .unwrap();
    assert_eq!(seen, (0..=count).collect::<Vec<_>>(), "progress counts up once per file, then reports the end");
    assert_eq!(report.imported.len() + report.duplicates.len(), count);
    assert_eq!(report.duplicates.len(), (count - 1) / 100);
    let paths: Vec<&str> = report.imported.iter().map(|i| i.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "the report lists files in the order they were found");
    assert!(report.imported[0].path.ends_with("n0000.md") && report.duplicates[0].path.ends_with("n0100.md"));
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import")
}

/// Imports the fixtures folder and returns the library and report.
fn import_fixtures() -> (Library, ImportReport) {
    let lib = library();
    let report = lib.import(&[fixtures()], &ImportOptions::default()).unwrap();
    (lib, report)
}

/// Each fixture imitates a real kind of page: its title, every paragraph of the article, and none of the
/// chrome around it.
#[test]
fn every_fixture_file_gets_its_line_in_the_report() {
    let (_, report) = import_fixtures();
    let reason = |file: &str| {
        let failure = report.failed.iter().chain(&report.skipped).find(|f| f.path.ends_with(file));
        failure.unwrap_or_else(|| panic!("{file} is not reported: {report:#?}")).reason.clone()
    };
    assert_eq!(reason("navigation-only.html"), "navigation-only.html: Haven found no article text on this page");
    assert_eq!(
        reason("bad-utf8.html"),
        "bad-utf8.html: the page says it is UTF-8 text, but it holds bytes that are not valid UTF-8"
    );
    assert!(reason("notes.pdf").starts_with("a .pdf file is not a type Haven imports"));
    assert_eq!(report.imported.len(), 7, "{report:#?}");
    assert_eq!(report.files(), 10, "the saved page's own folder is not listed: {report:#?}");
}

#[test]
fn pages_import_once_and_update_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    let body = "<p>Breathing slowly for a few minutes can ease the body's stress response, and it helps.</p>";
    fs::write(
        &page,
        format!("<html><head><title>Slow breathing</title></head><body><article>{body}</article></body></html>"),
    )
    .unwrap();
    let lib = library();
    let first = lib.import(std::slice::from_ref(&page), &ImportOptions::default()).unwrap();
    let slug = first.imported[0].slug.clone();
    lib.add_bookmark(&slug, Some("try at night")).unwrap();
    let again = lib.import(std::slice::from_ref(&page), &ImportOptions::default()).unwrap();
    assert_eq!(again.duplicates.len(), 1);
    fs::write(&page, format!("<html><head><title>Slow breathing</title></head><body><article>{body}{body}<p>New closing paragraph with enough words in it.</p></article></body></html>")).unwrap();
    let changed = lib.import(std::slice::from_ref(&page), &ImportOptions::default()).unwrap();
    assert_eq!(changed.updated[0].slug, slug);
    let article = lib.article(&slug).unwrap();
    assert!(article.text.contains("New closing paragraph"));
    assert_eq!(article.note.as_deref(), Some("try at night"));
}

#[test]
fn hostile_html_and_text_files_fail_with_their_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "deep.html", "<div>".repeat(100_000) + "<p>deep</p>");
    // Regression: a slash on a div (which HTML ignores) and end tags closing nothing hid the nesting.
    write(d, "slashed.html", "<div/>".repeat(100_000) + "<p>deep</p>");
    write(d, "stray.md", "<div></x>".repeat(100_000) + "deep");
    write(d, "picture.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    write(d, "huge.html", vec![b'a'; MAX_ARTICLE_BYTES + 1]);
    write(d, "empty.txt", "  \n");
    write(d, "broken.htm", "<html><body><p>Unclosed <b>tags <i>and a <table><tr><td>cell with enough words to be an article paragraph here, really.");
    write(d, "bad-utf16.txt", [0xFF, 0xFE, 0x00, 0xD8, b'a', 0]);
    let lib = library();
    let report = lib.import(&[d.to_path_buf()], &ImportOptions::default()).unwrap();
    let reasons: Vec<&str> = report.failed.iter().map(|f| f.reason.as_str()).collect();
    let has = |s: &str| reasons.iter().any(|r| r.contains(s));
    assert!(has("deep.html: its HTML is nested more than 1,000 levels deep"), "{reasons:#?}");
    assert!(has("slashed.html: its HTML is nested more than 1,000 levels deep"), "{reasons:#?}");
    assert!(has("stray.md: its HTML is nested more than 1,000 levels deep"), "{reasons:#?}");
    assert!(has("picture.html: the file is not text"), "{reasons:#?}");
    assert!(has("huge.html: the file is larger than 20 MB"), "{reasons:#?}");
    assert!(has("empty.txt: the file is empty"), "{reasons:#?}");
    assert!(has("bad-utf16.txt: its byte order mark says it is UTF-16LE text"), "{reasons:#?}");
    assert_eq!(report.imported.len(), 1, "malformed HTML still imports: {report:#?}");
    assert!(lib.article(&report.imported[0].slug).unwrap().text.contains("cell with enough words"));
}

/// Regression: every `index.md` of a Hugo site became `index`, `index-2`, `index-3`, ..., each found by trying
/// the names one at a time. A generic name now gives way to the article's title, else its folder.
#[test]
fn files_with_generic_names_take_their_slug_from_title_or_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "site/coping-with-cravings/index.md", "Urges come and go in waves.");
    write(d, "site/sleep/index.md", "---\ntitle: Sleeping well in early recovery\n---\nRest matters.");
    write(d, "site/walks/README.md", "# Evening walks\n\nA short walk helps.");
    write(d, "site/kept/index.md", "---\nslug: my-own-slug\n---\nAs the file asks.");
    write(d, "site/named.md", "A file with a telling name.");
    let lib = library();
    let report = lib.import(&[d.join("site")], &ImportOptions::default()).unwrap();
    let mut got: Vec<(String, String)> = report.imported.iter().map(|i| (i.slug.clone(), i.title.clone())).collect();
    got.sort();
    let want = [
        ("coping-with-cravings", "Coping with cravings"),
        ("evening-walks", "Evening walks"),
        ("my-own-slug", "Kept"),
        ("named", "Named"),
        ("sleeping-well-in-early-recovery", "Sleeping well in early recovery"),
    ];
    assert_eq!(got, want.map(|(s, t)| (s.to_string(), t.to_string())));
}

/// A folder holding a named pipe and a link to `/` imports its notes and reports the rest, quickly.
#[cfg(unix)]
#[test]
fn a_pipe_and_a_link_to_the_root_in_an_imported_folder_are_skipped_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "notes/a.md", "A calm note.");
    assert!(std::process::Command::new("mkfifo").arg(d.join("notes/pipe.md")).status().unwrap().success());
    std::os::unix::fs::symlink("/", d.join("notes/everything")).unwrap();
    let lib = library();
    let started = std::time::Instant::now();
    let report = lib.import(&[d.join("notes")], &ImportOptions::default()).unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
    assert_eq!(report.imported.len(), 1);
    assert_eq!(report.skipped.len(), 2, "{report:#?}");
    assert!(report.failed.is_empty(), "{report:#?}");
}

#[test]
fn unusable_import_options_are_refused_before_anything_is_read() {
    let lib = library();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "A note.");
    for options in [
        ImportOptions { category: Some("c".repeat(61)), tags: vec![] },
        ImportOptions { category: Some("Bad\u{7}bell".into()), tags: vec![] },
        ImportOptions { category: None, tags: (0..25).map(|i| format!("t{i}")).collect() },
        ImportOptions { category: None, tags: vec!["t".repeat(61)] },
    ] {
        let err = lib.import(&[dir.path().to_path_buf()], &options).unwrap_err();
        assert_eq!(err.kind, crate::error::ErrorKind::InvalidInput, "{options:?}");
    }
    assert_eq!(lib.list(&Default::default()).unwrap().total, 3, "nothing was imported");
    let fine =
        ImportOptions { category: Some("  Journal ".into()), tags: vec![" calm ".into(), "CALM".into(), " ".into()] };
    let report = lib.import(&[dir.path().to_path_buf()], &fine).unwrap();
    let a = lib.article(&report.imported[0].slug).unwrap();
    assert_eq!((a.category.as_str(), a.tags.clone()), ("Journal", vec!["calm".to_string()]));
}

#[test]
fn a_name_in_decomposed_unicode_gives_the_same_title_and_slug_as_the_composed_one() {
    // macOS hands over names as they were written, often decomposed (NFD): "e" + U+0301 for "é".
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "nfd/Cafe\u{301} conversations.md", "Talking over coffee helps.");
    write(dir.path(), "nfc/Caf\u{e9} mornings.md", "Mornings are slow.");
    let lib = library();
    let report = lib.import(&[dir.path().to_path_buf()], &ImportOptions::default()).unwrap();
    let mut got: Vec<_> = report.imported.iter().map(|i| (i.title.clone(), i.slug.clone())).collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("Caf\u{e9} conversations".to_string(), "caf\u{e9}-conversations".to_string()),
            ("Caf\u{e9} mornings".to_string(), "caf\u{e9}-mornings".to_string()),
        ]
    );
}

#[test]
fn one_file_chosen_twice_and_reached_through_a_link_imports_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "notes/sleep.md", "# Sleep\n\nA steady bedtime helps.");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&file, dir.path().join("notes/also-sleep.md")).unwrap();
    let lib = library();
    let spelled_twice = dir.path().join("notes/../notes/sleep.md");
    let report =
        lib.import(&[file.clone(), spelled_twice, dir.path().join("notes")], &ImportOptions::default()).unwrap();
    assert_eq!(report.imported.len(), 1, "{report:?}");
    let article = lib.article(&report.imported[0].slug).unwrap();
    assert_eq!(article.source_path.as_deref(), Some(file.canonicalize().unwrap().to_str().unwrap()));
}

/// Regression: the import counted its files' paths as the bytes it had stored, so it checkpointed once in some
/// 300,000 files, and with the writer's own checkpoints off the log grew without bound (23 GB and the disk
/// nearly full at 1,000,000 articles). The library file itself must grow as the import goes.
#[test]
fn an_import_folds_its_log_into_the_library_file_as_it_goes() {
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("files");
    std::fs::create_dir(&files).unwrap();
    let paragraph = "Small steps, taken often, are how a hard week becomes a manageable one. ".repeat(60);
    for i in 0..BATCH * 2 + 20 {
        write(&files, &format!("n{i:04}.md"), format!("# Note {i}\n\n{paragraph}\n\nNumber {i}."));
    }
    let path = dir.path().join("library.sqlite");
    let lib = Library::open(&path).unwrap();
    let file_size = || std::fs::metadata(&path).unwrap().len();
    let mut sizes = Vec::new();
    lib.import_with_progress(&[files], &ImportOptions::default(), &AtomicBool::new(false), |p| {
        if p.done == 0 || p.done == BATCH * 2 {
            sizes.push(file_size());
        }
    })
    .unwrap();
    let (before, after_two_batches) = (sizes[0], sizes[1]);
    let stored = (BATCH * 2 * paragraph.len()) as u64;
    assert!(stored > 2 * crate::store::bulk::EVERY_BYTES as u64, "the test crosses the threshold twice");
    assert!(
        after_two_batches > before + stored / 4,
        "the file grew from {before} to {after_two_batches} bytes while {stored} bytes of Markdown were stored"
    );
}
