use super::*;
use crate::model::Color;
use crate::store::tests::store;

fn article(store: &Store, slug: &str) -> (i64, String) {
    store
        .read(|c| {
            Ok(c.query_row("SELECT id, content_hash FROM articles WHERE slug = ?", [slug], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
        })
        .unwrap()
}

fn highlight(uid: &str, slug: &str, quote: &str) -> Highlight {
    Highlight {
        id: 0,
        uid: uid.into(),
        slug: slug.into(),
        title: String::new(),
        quote: quote.into(),
        prefix: String::new(),
        suffix: String::new(),
        start: 0,
        note: "mine".into(),
        color: Color::Green,
        detached: false,
        created: 1_000,
        updated: 2_000,
    }
}

fn incoming(
    store: &Store,
    slug: &str,
    bookmark: Option<&str>,
    reading: Option<(f64, i64)>,
    highlights: Vec<Highlight>,
) -> Incoming {
    let placed = highlights
        .iter()
        .map(|h| Some(Quote { quote: h.quote.clone(), prefix: String::new(), suffix: String::new(), start: 7 }))
        .collect();
    Incoming {
        annotations: ArticleAnnotations {
            slug: slug.into(),
            title: slug.into(),
            category: String::new(),
            tags: Vec::new(),
            author: None,
            sources: Vec::new(),
            removed: false,
            bookmark: bookmark.map(|note| BookmarkNote { created: 5, note: note.into() }),
            reading: reading.map(|(position, at)| ReadingState { position, finished: false, last_opened: Some(at) }),
            highlights,
        },
        article: Some(article(store, slug)),
        placed,
    }
}

#[test]
fn a_merge_adds_what_is_new_and_nothing_twice() {
    let store = store();
    let batch = vec![incoming(
        &store,
        "support-groups",
        Some("Tuesdays"),
        Some((0.5, 10)),
        vec![highlight("u-1", "support-groups", "meet weekly"), highlight("u-2", "support-groups", "cravings")],
    )];
    let first = store.merge_annotations(&batch).unwrap();
    assert_eq!((first.highlights_added, first.bookmarks_added, first.positions_restored), (2, 1, 1));
    let second = store.merge_annotations(&batch).unwrap();
    assert_eq!(
        second,
        MergeReport { highlights_present: 2, bookmarks_present: 1, ..MergeReport::default() },
        "merging the same export again adds nothing"
    );
    let all = store.annotations().unwrap();
    assert_eq!(all.len(), 1);
    let h = &all[0].highlights;
    assert_eq!(
        h.iter().map(|h| (h.uid.as_str(), h.note.as_str(), h.created, h.updated)).collect::<Vec<_>>(),
        [("u-1", "mine", 1_000, 2_000), ("u-2", "mine", 1_000, 2_000)]
    );
    // The same passage of the same article under another id is not doubled either.
    let again = store
        .merge_annotations(&[incoming(
            &store,
            "support-groups",
            None,
            None,
            vec![highlight("u-3", "support-groups", "cravings")],
        )])
        .unwrap();
    assert_eq!(again.highlights_present, 1);
}

#[test]
fn a_different_bookmark_note_is_added_below_never_put_in_place() {
    let store = store();
    store.add_bookmark("support-groups", Some("my own note")).unwrap();
    let report =
        store.merge_annotations(&[incoming(&store, "support-groups", Some("from the export"), None, vec![])]).unwrap();
    assert_eq!(report.notes_merged, 1);
    assert_eq!(store.bookmarks().unwrap()[0].note, "my own note\n\nfrom the export");
    let report =
        store.merge_annotations(&[incoming(&store, "support-groups", Some("from the export"), None, vec![])]).unwrap();
    assert_eq!((report.notes_merged, report.bookmarks_present), (0, 1));
    assert_eq!(store.bookmarks().unwrap()[0].note, "my own note\n\nfrom the export");
}

#[test]
fn a_reading_position_is_taken_only_when_read_more_recently() {
    let store = store();
    let here = store.set_reading_position("sleep-and-recovery", 0.3).unwrap();
    let older = here.last_opened.unwrap() - 1_000;
    let report =
        store.merge_annotations(&[incoming(&store, "sleep-and-recovery", None, Some((0.9, older)), vec![])]).unwrap();
    assert_eq!(report.positions_restored, 0);
    assert_eq!(store.reading_state("sleep-and-recovery").unwrap().position, 0.3);
    let newer = here.last_opened.unwrap() + 1_000;
    store.merge_annotations(&[incoming(&store, "sleep-and-recovery", None, Some((0.9, newer)), vec![])]).unwrap();
    assert_eq!(store.reading_state("sleep-and-recovery").unwrap().position, 0.9);
}

#[test]
fn what_cannot_be_placed_is_kept_detached_and_a_missing_article_is_reported() {
    let store = store();
    let mut unplaced =
        incoming(&store, "support-groups", None, None, vec![highlight("u-9", "support-groups", "not in the text")]);
    unplaced.placed = vec![None];
    let mut missing =
        incoming(&store, "support-groups", Some("note"), None, vec![highlight("u-10", "gone", "anything")]);
    missing.annotations.slug = "gone".into();
    missing.annotations.title = "A gone article".into();
    missing.article = None;
    missing.placed = vec![None];
    let report = store.merge_annotations(&[unplaced, missing]).unwrap();
    assert_eq!((report.highlights_added, report.highlights_detached), (2, 2));
    assert_eq!(report.missing_articles, ["A gone article"]);
    let all = store.annotations().unwrap();
    let gone = all.iter().find(|a| a.slug == "gone").unwrap();
    assert!(gone.removed && gone.highlights[0].detached);
    let kept = all.iter().find(|a| a.slug == "support-groups").unwrap();
    assert_eq!((kept.highlights[0].quote.as_str(), kept.highlights[0].detached), ("not in the text", true));
}

#[test]
fn totals_count_what_the_library_holds() {
    let store = store();
    store.add_bookmark("support-groups", None).unwrap();
    assert_eq!(store.totals().unwrap(), Totals { articles: 3, imported: 0, highlights: 0, bookmarks: 1 });
}
