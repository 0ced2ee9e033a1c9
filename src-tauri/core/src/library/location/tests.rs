use super::*;
use crate::library::tests::BUNDLE;

#[test]
fn an_explicit_path_wins_then_the_environment_then_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let explicit = resolve(Some("/a/lib.sqlite".into()), Some("/b/lib.sqlite".into()), Some(d)).unwrap();
    assert_eq!(explicit, Location { path: "/a/lib.sqlite".into(), must_exist: false });
    let env = resolve(None, Some("/b/lib.sqlite".into()), Some(d)).unwrap();
    assert_eq!(env.path, PathBuf::from("/b/lib.sqlite"));
    let default = resolve(None, None, Some(d)).unwrap();
    assert_eq!(default, Location { path: d.join(LIBRARY_FILE), must_exist: false });
    assert_eq!(resolve(None, None, None).unwrap_err().kind, ErrorKind::InvalidInput);
}

#[test]
fn a_fresh_library_is_named_by_the_pointer_from_then_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join(LIBRARY_FILE), b"damaged").unwrap();
    let (path, _library) = start_fresh(d).unwrap();
    assert_eq!(path, d.join("library-2.sqlite"));
    assert_eq!(std::fs::read_to_string(d.join(POINTER_FILE)).unwrap(), "library-2.sqlite");
    assert!(!d.join(format!("{POINTER_FILE}.new")).exists(), "the pointer was renamed into place");
    assert_eq!(std::fs::read(d.join(LIBRARY_FILE)).unwrap(), b"damaged", "the damaged file is kept");
    let location = resolve(None, None, Some(d)).unwrap();
    assert_eq!(location, Location { path: path.clone(), must_exist: true });
    assert!(location.open().is_ok());
}

/// Regression: a pointer naming a library that had gone was opened as a new, empty library in its place.
#[test]
fn a_library_the_pointer_names_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join(POINTER_FILE), "library-2.sqlite\n").unwrap();
    let location = resolve(None, None, Some(d)).unwrap();
    let err = location.open().err().unwrap();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(err.message.contains("library-2.sqlite") && err.message.contains("missing"), "{}", err.message);
    assert!(!d.join("library-2.sqlite").exists(), "nothing was created in its place");
    drop(Library::open_with(d.join("library-2.sqlite"), BUNDLE).unwrap());
    assert!(location.open().is_ok());
}

#[test]
fn the_pointer_never_leads_out_of_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["../elsewhere.sqlite", "/etc/passwd", "sub/lib.sqlite", "notes.txt", "..", "C:\\x.sqlite"] {
        std::fs::write(dir.path().join(POINTER_FILE), bad).unwrap();
        let err = resolve(None, None, Some(dir.path())).unwrap_err();
        assert_eq!(err.kind, ErrorKind::CorruptLibrary, "{bad}");
    }
}
