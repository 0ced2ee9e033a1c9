use super::super::tests::store as library;
use crate::error::ErrorKind;

#[test]
fn bookmarks_with_notes_newest_first() {
    let lib = library();
    lib.add_bookmark("sleep-and-recovery", Some("  read before bed ")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(3));
    let b = lib.add_bookmark("support-groups", None).unwrap();
    assert_eq!(b.note, "");
    let all = lib.bookmarks().unwrap();
    let slugs: Vec<_> = all.iter().map(|b| b.slug.as_str()).collect();
    assert_eq!(slugs, ["support-groups", "sleep-and-recovery"]);
    assert_eq!(all[1].note, "read before bed");

    // Bookmarking again keeps the note unless a new one is given, and keeps the bookmark's age.
    let again = lib.add_bookmark("sleep-and-recovery", None).unwrap();
    assert_eq!((again.note.as_str(), again.created_at), ("read before bed", all[1].created_at));
    assert_eq!(lib.set_note("sleep-and-recovery", "new note").unwrap().note, "new note");
    assert_eq!(lib.article("sleep-and-recovery").unwrap().article.note.as_deref(), Some("new note"));

    lib.remove_bookmark("sleep-and-recovery").unwrap();
    lib.remove_bookmark("sleep-and-recovery").unwrap();
    assert_eq!(lib.bookmarks().unwrap().len(), 1);
    assert_eq!(lib.set_note("sleep-and-recovery", "x").unwrap_err().kind, ErrorKind::NotFound);
}

#[test]
fn bad_bookmark_input_is_refused() {
    let lib = library();
    assert_eq!(lib.add_bookmark("no-such-article", None).unwrap_err().kind, ErrorKind::NotFound);
    let long = "x".repeat(super::MAX_NOTE_CHARS + 1);
    assert_eq!(lib.add_bookmark("support-groups", Some(&long)).unwrap_err().kind, ErrorKind::InvalidInput);
    assert!(lib.bookmarks().unwrap().is_empty());
}
