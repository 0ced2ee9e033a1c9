use super::*;

fn lenient(name: &str) -> ArticleFile<'_> {
    ArticleFile::imported(name, "Imported")
}

#[test]
fn derives_what_the_front_matter_leaves_out() {
    let doc =
        Document::from_markdown("# Finding calm\n\nA first paragraph.\n\nMore.", lenient("notes/finding_calm.md"))
            .unwrap();
    assert_eq!(doc.slug, "finding-calm");
    assert_eq!(doc.title, "Finding calm");
    assert_eq!(doc.summary, "A first paragraph.");
    assert_eq!(doc.category, "Imported");
    let doc = Document::from_markdown("Just text here.", lenient("my_own-note.markdown")).unwrap();
    assert_eq!(doc.title, "My own note");
    assert_eq!(doc.slug, "my-own-note");
}

#[test]
fn front_matter_wins_over_derived_values() {
    let doc = Document::from_markdown(
        "---\ntitle: Real title\nslug: Real Slug\ncategory: Recovery\nsummary: S.\n---\n# Other\n\nBody.",
        lenient("x.md"),
    )
    .unwrap();
    assert_eq!(
        (doc.title.as_str(), doc.slug.as_str(), doc.category.as_str(), doc.summary.as_str()),
        ("Real title", "real-slug", "Recovery", "S.")
    );
    assert_eq!(doc.content_hash.len(), 64);
}

#[test]
fn long_first_paragraphs_are_cut_at_a_word() {
    let summary = summary_from_text(&"calm words, ".repeat(40));
    assert!(summary.ends_with("words…") && summary.chars().count() <= SUMMARY_CHARS + 1, "{summary}");
}

#[test]
fn empty_and_body_less_files_are_refused_by_name() {
    for (text, why) in [
        ("", "is empty"),
        ("  \n", "is empty"),
        ("---\ntitle: x\n---\n", "front matter but no article text"),
        ("<div></div>", "no readable text"),
    ] {
        let err = Document::from_markdown(text, lenient("a.md")).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.starts_with("a.md: ") && err.message.contains(why), "{}", err.message);
    }
}

#[test]
fn huge_files_and_hostile_nesting_are_refused() {
    let big = "a ".repeat(MAX_ARTICLE_BYTES / 2 + 1);
    assert_eq!(Document::from_markdown(&big, lenient("big.md")).unwrap_err().kind, ErrorKind::TooLarge);
    let deep = "<div>".repeat(50_000);
    let err = Document::from_markdown(&deep, lenient("deep.md")).unwrap_err();
    assert_eq!(err.message, "deep.md: its HTML is nested more than 1,000 levels deep, which no article needs");
    // Regression: `<div/>` on a normal element opens it (HTML ignores the slash); it was counted as closed.
    assert!(Document::from_markdown(&"<div/>".repeat(50_000), lenient("slashed.md")).is_err());
}

#[test]
fn a_ten_megabyte_article_renders() {
    let para = "Recovery is a process of change through which people improve their health. ".repeat(20) + "\n\n";
    let text = format!("# Big\n\n{}", para.repeat(10 * 1024 * 1024 / para.len()));
    let doc = Document::from_markdown(&text, lenient("big.md")).unwrap();
    assert!(doc.rendered.word_count > 1_000_000);
    assert_eq!(doc.title, "Big");
}

#[test]
fn strict_reading_requires_complete_front_matter() {
    let err = Document::from_markdown("---\ntitle: x\n---\nBody", ArticleFile::bundled("articles/x.md")).unwrap_err();
    assert_eq!(err.message, "articles/x.md: front matter field `summary` is required");
}
