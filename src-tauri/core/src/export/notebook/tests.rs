use super::*;
use crate::export::web_annotation::tests::sample;

#[test]
fn each_article_is_a_note_with_front_matter_and_its_highlights() {
    let files = files(&sample(), 1_795_317_540_123);
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["grounding-for-cravings.md", "my-old-notes.md", INDEX]);
    let text = &files[0].text;
    let (front, body) = text.strip_prefix("---\n").unwrap().split_once("---\n").unwrap();
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(front).unwrap();
    assert_eq!(
        yaml["title"].as_str(),
        Some("Grounding: \"five things\" for cravings"),
        "a title with a colon and quotes survives"
    );
    assert_eq!(yaml["slug"].as_str(), Some("grounding-for-cravings"));
    assert_eq!(yaml["tags"][1].as_str(), Some("coping"));
    assert_eq!(yaml["sources"][0]["publisher"].as_str(), Some("NIDA"));
    assert_eq!(yaml["read"].as_str(), Some("42%"));
    assert!(body.contains("## Bookmark note\n\nRead before the weekend.\n\nTwice.\n"), "{body}");
    assert!(body.contains("> Name five things you can see.\n\n^h-0b8f7c1e\n\n*Yellow · 2026-11-22*\n"), "{body}");
    // A quote that looks like markup, and a note that looks like a list, show as written.
    assert!(body.contains("> \\=HYPERLINK(\"http://x\")\n"), "{body}");
    assert!(body.contains("Twice.\n\n## Highlights\n"), "{body}");
    assert!(body.contains("\\- ask about this, \"quoted\", comma\n"), "{body}");
    assert!(body.contains("*Blue · 2026-11-22 · no longer found in the article's text*"), "{body}");
    assert!(files[1].text.contains("removed_from_library: true"));
}

#[test]
fn the_index_links_every_note_by_category() {
    let files = files(&sample(), 1_795_317_540_123);
    let index = &files.last().unwrap().text;
    assert!(
        index.starts_with(
            "# Haven notebook\n\nExported from Haven on 2026-11-22: 2 articles, 4 highlights, 1 bookmark.\n"
        ),
        "{index}"
    );
    assert!(
        index.contains("## No longer in the library\n\n- [My old notes](my-old-notes.md) (1 highlight)\n"),
        "{index}"
    );
    assert!(index.contains("## Staying safe\n\n- [Grounding: \"five things\" for cravings](grounding-for-cravings.md) (3 highlights, bookmarked)\n"), "{index}");
}
