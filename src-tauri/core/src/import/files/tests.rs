use super::*;

/// Walks with nothing to stop it.
fn collect_all(paths: &[PathBuf], report: &mut ImportReport) -> Vec<SourceFile> {
    collect(paths, report, &AtomicBool::new(false))
}

#[test]
fn kinds_come_from_the_name() {
    for (name, kind) in [
        ("a.md", Some(Kind::Markdown)),
        ("a.MARKDOWN", Some(Kind::Markdown)),
        ("page.HTM", Some(Kind::WebPage)),
        ("page.html", Some(Kind::WebPage)),
        ("copy.txt", Some(Kind::PlainText)),
        ("a.pdf", None),
        ("README", None),
    ] {
        assert_eq!(Kind::of(Path::new(name)), kind, "{name}");
    }
}

fn listed(found: &[SourceFile], root: &Path) -> Vec<PathBuf> {
    found.iter().map(|f| f.path.strip_prefix(root).unwrap().to_path_buf()).collect()
}

#[test]
fn a_complete_save_imports_as_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for file in ["Story.html", "Story_files/style.css", "Story_files/photo.jpg", "Story_files/frame.html"] {
        fs::create_dir_all(d.join(file).parent().unwrap()).unwrap();
        fs::write(d.join(file), "x").unwrap();
    }
    fs::create_dir_all(d.join("Other_files")).unwrap();
    fs::write(d.join("Other_files/note.txt"), "not a saved page folder: nothing called Other.html").unwrap();
    let mut report = ImportReport::default();
    let found = collect_all(&[d.to_path_buf()], &mut report);
    assert_eq!(listed(&found, d), [PathBuf::from("Other_files/note.txt"), PathBuf::from("Story.html")]);
    assert_eq!(report.files(), 0, "the page's own folder is not listed file by file: {report:?}");
}

/// Makes a named pipe with the system's `mkfifo` (the core has no unsafe code to call it directly).
#[cfg(unix)]
fn fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success());
}

/// Regression: the walk listed named pipes and devices, and opening a pipe to read it blocks until someone
/// writes to it, which nobody ever does: the import hung for good.
#[cfg(unix)]
#[test]
fn pipes_and_devices_are_skipped_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fifo(&d.join("pipe.md"));
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.md")).unwrap();
    fs::write(d.join("real.md"), "A note.").unwrap();
    let mut report = ImportReport::default();
    let found = collect_all(&[d.to_path_buf()], &mut report);
    assert_eq!(listed(&found, d), [PathBuf::from("real.md")]);
    let reasons: Vec<(&str, &str)> =
        report.skipped.iter().map(|s| (s.path.rsplit('/').next().unwrap(), s.reason.as_str())).collect();
    assert_eq!(reasons, [("pipe.md", NOT_REGULAR), ("zero.md", OUTSIDE)], "{report:?}");
    // Chosen directly, they are refused with the same reason, and reading one never waits.
    let mut direct = ImportReport::default();
    assert!(collect_all(&[d.join("pipe.md"), PathBuf::from("/dev/null")], &mut direct).is_empty());
    assert!(direct.failed.iter().all(|f| f.reason == NOT_REGULAR), "{direct:?}");
    let err = read_regular(&d.join("pipe.md"), "pipe.md", 100).unwrap_err();
    assert_eq!(err.message, format!("pipe.md: {NOT_REGULAR}"));
    assert!(read_regular(Path::new("/dev/zero"), "zero", 100).is_err());
}

/// Regression: directory links were followed anywhere, and one link to `/` walked the whole disk into an
/// endless list of skipped files.
#[cfg(unix)]
#[test]
fn links_are_followed_only_inside_the_chosen_folder() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), "Not chosen.").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("notes/deeper")).unwrap();
    fs::write(d.join("notes/deeper/kept.md"), "Chosen.").unwrap();
    std::os::unix::fs::symlink("/", d.join("notes/root")).unwrap();
    std::os::unix::fs::symlink(outside.path(), d.join("notes/elsewhere")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), d.join("notes/secret-link.md")).unwrap();
    std::os::unix::fs::symlink(d.join("notes/deeper"), d.join("notes/shortcut")).unwrap();
    std::os::unix::fs::symlink(d.join("notes/deeper/kept.md"), d.join("notes/alias.md")).unwrap();
    let mut report = ImportReport::default();
    let started = std::time::Instant::now();
    let found = collect_all(&[d.join("notes")], &mut report);
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "the disk was not walked");
    assert_eq!(listed(&found, &d.join("notes")), [PathBuf::from("alias.md")], "one file, once, by its first name");
    let mut skipped: Vec<(String, &str)> = report
        .skipped
        .iter()
        .map(|s| (Path::new(&s.path).file_name().unwrap().to_string_lossy().into_owned(), s.reason.as_str()))
        .collect();
    skipped.sort();
    assert_eq!(
        skipped,
        [
            ("elsewhere".to_string(), OUTSIDE),
            ("root".to_string(), OUTSIDE),
            ("secret-link.md".to_string(), OUTSIDE),
            ("shortcut".to_string(), "a link to a folder that is already being imported")
        ]
    );
    assert!(report.failed.is_empty(), "{report:?}");
}

#[test]
fn the_report_lists_a_thousand_skips_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..1_050 {
        fs::write(dir.path().join(format!("photo-{i:04}.jpg")), "x").unwrap();
    }
    let mut report = ImportReport::default();
    assert!(collect_all(&[dir.path().to_path_buf()], &mut report).is_empty());
    assert_eq!((report.skipped.len(), report.skipped_unlisted, report.files()), (1_000, 50, 1_050));
}

#[test]
fn reading_stops_one_byte_past_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.md");
    fs::write(&path, vec![b'a'; 2 * 1024 * 1024 + 1]).unwrap();
    let err = read_regular(&path, "big.md", 2 * 1024 * 1024).unwrap_err();
    assert_eq!((err.kind, err.message.as_str()), (ErrorKind::TooLarge, "big.md: the file is larger than 2 MB"));
    assert_eq!(read_regular(&path, "big.md", 3 * 1024 * 1024).unwrap().len(), 2 * 1024 * 1024 + 1);
    let err = read_regular(&dir.path().join("gone.md"), "gone.md", 10).unwrap_err();
    assert_eq!(err.message, "gone.md: no such file or folder");
}

#[test]
fn a_walk_stops_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..20 {
        fs::write(dir.path().join(format!("n{i}.md")), "x").unwrap();
    }
    let mut report = ImportReport::default();
    assert!(collect(&[dir.path().to_path_buf()], &mut report, &AtomicBool::new(true)).is_empty());
}

/// A file the walk found that is replaced by a link before it is read is not followed out of the folder.
#[cfg(unix)]
#[test]
fn a_file_turned_into_a_link_after_the_walk_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), "Not chosen.").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let note = dir.path().join("note.md");
    fs::write(&note, "Chosen.").unwrap();
    let mut report = ImportReport::default();
    let found = collect_all(&[dir.path().to_path_buf()], &mut report);
    fs::remove_file(&note).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), &note).unwrap();
    let err = read_regular(found[0].canonical(), "note.md", 100).unwrap_err();
    assert_eq!(err.message, "note.md: it became a link after the folder was read, so it was not followed");
}

#[test]
fn a_file_keeps_its_canonical_path_only_where_it_is_spelled_differently() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().canonicalize().unwrap();
    fs::create_dir_all(d.join("notes")).unwrap();
    fs::write(d.join("notes/sleep.md"), "Rest.").unwrap();
    let canonical = d.join("notes/sleep.md");
    let dotted = PathBuf::from(format!("{}/./notes/sleep.md", d.display()));
    for (chosen, spelled) in [(d.join("notes"), false), (d.join("notes/../notes"), true), (dotted, true)] {
        let found = collect_all(std::slice::from_ref(&chosen), &mut ImportReport::default());
        assert_eq!(found.len(), 1, "{chosen:?}");
        assert_eq!(found[0].canonical.is_some(), spelled, "{chosen:?}: kept only when it differs");
        assert_eq!(found[0].canonical(), canonical, "{chosen:?}: the file read");
        assert_eq!(found[0].source_path(), canonical.to_string_lossy(), "{chosen:?}: the file as the library knows it");
    }
}

#[test]
fn seen_names_are_told_apart_and_repeats_are_caught() {
    let mut seen = Seen::default();
    let names: Vec<String> = (0..20_000).map(|i| format!("/notes/{i:05}.md")).collect();
    assert!(names.iter().all(|n| seen.insert(n)), "every different name is new");
    assert!(names.iter().all(|n| !seen.insert(n)), "every name again is a repeat");
    assert!(seen.insert("/notes/00000.md "), "one character more is another name");
}
