use super::super::tests::store;
use super::*;
use crate::document::{ArticleFile, Document};
use crate::error::ErrorKind;
use crate::model::Origin;
use crate::store::articles;

/// The store's article `slug`, its anchor text and content hash.
fn article(store: &Store, slug: &str) -> (i64, String, String) {
    let stored = store.article(slug).unwrap();
    (stored.article.id, anchor::text_of_html(&stored.article.html), stored.content_hash)
}

fn quote(text: &str, occurrence: usize) -> Span {
    Span::Text { quote: text.into(), occurrence }
}

fn check_index(store: &Store) {
    store
        .write(|tx| {
            tx.execute_batch("INSERT INTO highlights_fts (highlights_fts, rank) VALUES ('integrity-check', 1);")?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn highlights_are_added_by_offsets_or_by_quote_and_changed_and_removed() {
    let s = store();
    let (id, text, hash) = article(&s, "sleep-and-recovery");
    let start = text.find("regular hours").unwrap();
    let by_offsets = s
        .add_highlight(id, &text, &hash, &Span::Offsets { start, end: start + "regular hours".len() }, Color::Green, "")
        .unwrap();
    assert_eq!(
        (by_offsets.quote.as_str(), by_offsets.start as usize, by_offsets.color),
        ("regular hours", start, Color::Green)
    );
    assert!(by_offsets.prefix.ends_with("Keep ") && by_offsets.suffix.starts_with(" and a calm"), "{by_offsets:?}");
    let by_quote = s
        .add_highlight(id, &text, &hash, &quote("sleep often IMPROVES   slowly", 1), Color::Yellow, " for bad nights ")
        .unwrap();
    assert_eq!((by_quote.quote.as_str(), by_quote.note.as_str()), ("Sleep often improves slowly", "for bad nights"));
    assert_eq!(s.set_highlight_note(by_quote.id, "keep by the bed").unwrap().note, "keep by the bed");
    assert_eq!(s.set_highlight_color(by_quote.id, Color::Purple).unwrap().color, Color::Purple);
    let listed = s.highlights_of(id).unwrap();
    assert_eq!(listed.iter().map(|h| h.id).collect::<Vec<_>>(), [by_quote.id, by_offsets.id], "in text order");
    check_index(&s);
    s.remove_highlight(by_offsets.id).unwrap();
    assert_eq!(s.highlight(by_offsets.id).unwrap_err().kind, ErrorKind::NotFound);
    assert_eq!(s.remove_highlight(by_offsets.id).unwrap_err().kind, ErrorKind::NotFound);
    check_index(&s);
}

/// Bad input: each a clear message, and nothing stored.
#[test]
fn bad_highlights_are_refused_with_a_reason() {
    let s = store();
    let (id, text, hash) = article(&s, "sleep-and-recovery");
    let refused = |span: Span, note: &str| s.add_highlight(id, &text, &hash, &span, Color::Yellow, note).unwrap_err();
    let err = refused(quote("a sentence that is not there", 1), "");
    assert_eq!(
        (err.kind, err.message.as_str()),
        (ErrorKind::InvalidInput, "“a sentence that is not there” is not in this article's text")
    );
    assert!(refused(quote("   ", 1), "").message.contains("needs some text"));
    assert!(refused(quote("Sleep", 9), "").message.contains("does not occur 9 times"));
    assert!(refused(Span::Offsets { start: 5, end: 5 }, "").message.contains("empty"));
    assert!(refused(Span::Offsets { start: 0, end: 1_000_000 }, "").message.contains("at most"));
    let megabyte_note = "n".repeat(1024 * 1024);
    assert!(refused(quote("Sleep", 1), &megabyte_note).message.contains("at most 10000 characters"));
    assert!(s.highlights(&HighlightFilter::default()).unwrap().is_empty(), "nothing was stored");
    // A note holding markup is kept exactly as written; the UI shows it as text.
    let html_note = "<script>alert(1)</script><b>bold</b>";
    assert_eq!(s.add_highlight(id, &text, &hash, &quote("Sleep", 1), Color::Blue, html_note).unwrap().note, html_note);
}

#[test]
fn highlights_are_listed_by_colour_state_article_and_words() {
    let s = store();
    let (sleep, sleep_text, sleep_hash) = article(&s, "sleep-and-recovery");
    let (groups, groups_text, groups_hash) = article(&s, "support-groups");
    s.add_highlight(sleep, &sleep_text, &sleep_hash, &quote("regular hours", 1), Color::Green, "try this week")
        .unwrap();
    s.add_highlight(groups, &groups_text, &groups_hash, &quote("meet weekly", 1), Color::Pink, "ask about Tuesdays")
        .unwrap();
    s.add_highlight(groups, &groups_text, &groups_hash, &quote("cravings", 1), Color::Green, "").unwrap();
    let ids = |f: HighlightFilter| s.highlights(&f).unwrap().into_iter().map(|h| h.quote).collect::<Vec<_>>();
    assert_eq!(ids(HighlightFilter::default()).len(), 3);
    assert_eq!(ids(HighlightFilter { color: Some(Color::Green), ..Default::default() }), ["cravings", "regular hours"]);
    assert_eq!(
        ids(HighlightFilter { slug: Some("support-groups".into()), color: Some(Color::Pink), ..Default::default() }),
        ["meet weekly"]
    );
    assert_eq!(
        ids(HighlightFilter { query: Some("tuesday".into()), ..Default::default() }),
        ["meet weekly"],
        "notes are searched, stemmed"
    );
    assert_eq!(
        ids(HighlightFilter { query: Some("craving".into()), ..Default::default() }),
        ["cravings"],
        "quotes too"
    );
    assert_eq!(ids(HighlightFilter { category: Some("Medications".into()), ..Default::default() }).len(), 0);
    assert_eq!(ids(HighlightFilter { tag: Some("community".into()), ..Default::default() }).len(), 2);
    assert_eq!(ids(HighlightFilter { detached: Some(true), ..Default::default() }).len(), 0);
    assert!(ids(HighlightFilter { query: Some(")(*".into()), ..Default::default() }).is_empty());
}

/// When an article's text changes its highlights are placed again; one whose text went is kept, detached.
#[test]
fn an_edited_article_moves_its_highlights_and_detaches_what_went() {
    let s = store();
    let file = "---\ntitle: Walks\n---\nA short walk helps mood. Walking with a friend helps more.\n\nRest well too.\n";
    let doc = Document::from_markdown(file, ArticleFile::imported("walks.md", "Imported")).unwrap();
    let id = s.write(|tx| articles::insert(tx, &doc, Origin::Imported, Some("/x/walks.md"))).unwrap();
    let (_, text, hash) = article(&s, "walks");
    let friend = s
        .add_highlight(id, &text, &hash, &quote("Walking with a friend helps more.", 1), Color::Yellow, "Sam?")
        .unwrap();
    let rest = s.add_highlight(id, &text, &hash, &quote("Rest well too.", 1), Color::Blue, "").unwrap();
    let edited = "---\ntitle: Walks\n---\nA new first paragraph.\n\nA short walk lifts mood. Walking with a friend helps more.\n";
    let doc = Document::from_markdown(edited, ArticleFile::imported("walks.md", "Imported")).unwrap();
    s.write(|tx| articles::update(tx, id, &doc, Some("/x/walks.md"))).unwrap();
    let (_, new_text, new_hash) = article(&s, "walks");
    let moved = s.highlight(friend.id).unwrap();
    assert!(!moved.detached);
    assert_eq!(
        &new_text[moved.start as usize..moved.start as usize + moved.quote.len()],
        "Walking with a friend helps more."
    );
    assert!(moved.prefix.ends_with("lifts mood. "), "the context follows the new text: {moved:?}");
    let gone = s.highlight(rest.id).unwrap();
    assert!(gone.detached && gone.quote == "Rest well too." && gone.title == "Walks", "{gone:?}");
    assert_ne!(hash, new_hash);
    check_index(&s);
    // Deleting the article keeps both, detached, with where they came from.
    s.delete_imported("walks").unwrap();
    let kept = s.highlights(&HighlightFilter::default()).unwrap();
    assert_eq!(kept.len(), 2);
    assert!(kept.iter().all(|h| h.detached && h.slug == "walks" && h.title == "Walks"));
    assert_eq!(kept.iter().find(|h| h.id == friend.id).unwrap().note, "Sam?");
}
