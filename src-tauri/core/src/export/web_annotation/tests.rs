use super::*;
use crate::model::Source;

/// Two articles' annotations with one of everything: a bookmark with a note, positions, highlights in two
/// colours (one with a note, one detached), and an article no longer in the library.
pub(crate) fn sample() -> Vec<ArticleAnnotations> {
    let highlight = |uid: &str, quote: &str, start: u64, color: Color, note: &str, detached: bool| Highlight {
        id: 0,
        uid: uid.into(),
        slug: String::new(),
        title: String::new(),
        quote: quote.into(),
        prefix: "before ".into(),
        suffix: " after".into(),
        start,
        note: note.into(),
        color,
        detached,
        created: 1_795_317_540_123,
        updated: 1_795_317_600_000,
    };
    let mut grounding = ArticleAnnotations {
        slug: "grounding-for-cravings".into(),
        title: "Grounding: \"five things\" for cravings".into(),
        category: "Staying safe".into(),
        tags: vec!["cravings".into(), "coping".into()],
        author: Some("Haven editors".into()),
        sources: vec![Source {
            title: "Cravings".into(),
            url: "https://nida.nih.gov/".into(),
            publisher: "NIDA".into(),
            supports: None,
        }],
        removed: false,
        bookmark: Some(BookmarkNote { created: 1_795_000_000_000, note: "Read before the weekend.\n\nTwice.".into() }),
        reading: Some(ReadingState { position: 0.42, finished: false, last_opened: Some(1_795_100_000_000) }),
        highlights: vec![
            highlight(
                "0b8f7c1e-2d3a-4b5c-8d6e-7f8091a2b3c4",
                "Name five things you can see.",
                120,
                Color::Yellow,
                "",
                false,
            ),
            highlight(
                "1c9f7c1e-2d3a-4b5c-9d6e-7f8091a2b3c5",
                "=HYPERLINK(\"http://x\")",
                300,
                Color::Purple,
                "- ask about this, \"quoted\", comma",
                false,
            ),
            highlight(
                "2d9f7c1e-2d3a-4b5c-ad6e-7f8091a2b3c6",
                "A passage since rewritten",
                40,
                Color::Blue,
                "kept",
                true,
            ),
        ],
    };
    for h in &mut grounding.highlights {
        h.slug = grounding.slug.clone();
        h.title = grounding.title.clone();
    }
    let mut gone = ArticleAnnotations {
        slug: "my-old-notes".into(),
        title: "My old notes".into(),
        category: String::new(),
        tags: Vec::new(),
        author: None,
        sources: Vec::new(),
        removed: true,
        bookmark: None,
        reading: None,
        highlights: vec![highlight(
            "3e9f7c1e-2d3a-4b5c-bd6e-7f8091a2b3c7",
            "Walk first thing.",
            5,
            Color::Green,
            "yes",
            true,
        )],
    };
    gone.highlights[0].slug = gone.slug.clone();
    gone.highlights[0].title = gone.title.clone();
    vec![grounding, gone]
}

/// What reading keeps of what was written: everything but the row ids, the sources and the authors' sources.
fn comparable(mut articles: Vec<ArticleAnnotations>) -> Vec<ArticleAnnotations> {
    for a in &mut articles {
        a.sources.clear();
        for h in &mut a.highlights {
            h.id = 0;
        }
    }
    articles
}

#[test]
fn annotations_read_back_exactly_as_written() {
    let text = write(&sample());
    let read = read(text.as_bytes(), 0).unwrap();
    assert_eq!(read, comparable(sample()));
    assert_eq!(write(&read), write(&comparable(sample())), "and write the same bytes again");
}

#[test]
fn the_export_is_a_w3c_annotation_collection() {
    let value: Value = serde_json::from_str(&write(&sample())).unwrap();
    assert_eq!(value["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(value["type"], "AnnotationCollection");
    assert_eq!(value["total"], 5);
    let items = value["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    let bookmark = &items[0];
    assert_eq!(bookmark["motivation"], "bookmarking");
    assert_eq!(bookmark["target"], "urn:haven:article:grounding-for-cravings");
    assert_eq!(bookmark["body"]["value"], "Read before the weekend.\n\nTwice.");
    let purple = &items[2];
    assert_eq!(purple["id"], "urn:uuid:1c9f7c1e-2d3a-4b5c-9d6e-7f8091a2b3c5");
    assert_eq!(purple["motivation"], "highlighting");
    assert_eq!(purple["created"], "2026-11-22T03:19:00.123Z");
    assert_eq!(purple["target"]["selector"][0]["type"], "TextQuoteSelector");
    assert_eq!(purple["target"]["selector"][0]["exact"], "=HYPERLINK(\"http://x\")");
    assert_eq!(purple["target"]["selector"][1], json!({"type": "TextPositionSelector", "start": 300, "end": 322}));
    assert_eq!(purple["body"]["purpose"], "commenting");
    assert_eq!(purple["haven:color"], "purple");
    assert_eq!(value["haven:reading"][0]["position"], 0.42);
}

fn error_of(json: &str) -> Error {
    read(json.as_bytes(), 0).unwrap_err()
}

fn one(item: Value) -> String {
    json!({ "@context": CONTEXT, "type": "AnnotationCollection", "first": { "items": [item] } }).to_string()
}

#[test]
fn what_is_missing_or_wrong_is_named() {
    let good = json!({
        "id": "urn:uuid:0b8f7c1e-2d3a-4b5c-8d6e-7f8091a2b3c4",
        "type": "Annotation",
        "motivation": "highlighting",
        "target": { "source": "urn:haven:article:sleep", "selector": [{ "type": "TextQuoteSelector", "exact": "rest" }] },
    });
    assert!(read(one(good.clone()).as_bytes(), 0).is_ok());
    let cases: Vec<(Value, &str)> = vec![
        (json!({ "motivation": "highlighting" }), "annotation 1 has no target"),
        (
            json!({ "id": "x", "target": { "source": "urn:haven:article:sleep" } }),
            "annotation 1 (x) has no quote (a TextQuoteSelector)",
        ),
        (
            json!({ "target": { "source": "https://example.org/page", "selector": [] } }),
            "is about “https://example.org/page”",
        ),
        (json!({ "motivation": "tagging", "target": "urn:haven:article:a" }), "a motivation Haven does not keep"),
        (
            {
                let mut v = good.clone();
                v["haven:color"] = json!("orange");
                v
            },
            "a colour Haven does not have",
        ),
        (
            {
                let mut v = good.clone();
                v["created"] = json!("last week");
                v
            },
            "“created” that is not a date",
        ),
        (
            {
                let mut v = good.clone();
                v["target"]["selector"][0]["exact"] = json!("  ");
                v
            },
            "an empty quote",
        ),
    ];
    for (item, expected) in cases {
        let err = error_of(&one(item.clone()));
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{item}");
        assert!(err.message.contains(expected), "{item}: {}", err.message);
    }
    for not_an_export in ["", "{", "[1, 2", "{\"hello\": 1}", "\u{feff}nonsense"] {
        let err = error_of(not_an_export);
        assert!(err.message.starts_with("this is not a Haven annotations export"), "{not_an_export}: {}", err.message);
    }
}

#[test]
fn a_note_too_long_to_keep_is_refused_with_its_length() {
    let mut item = json!({
        "id": "urn:uuid:0b8f7c1e-2d3a-4b5c-8d6e-7f8091a2b3c4",
        "target": { "source": "urn:haven:article:sleep", "selector": [{ "type": "TextQuoteSelector", "exact": "rest" }] },
    });
    item["body"] = json!({ "type": "TextualBody", "value": "x".repeat(10 * 1024 * 1024) });
    let err = error_of(&one(item));
    assert_eq!(err.kind, ErrorKind::TooLarge);
    assert!(err.message.contains("10485760 characters long"), "{}", err.message);
}

#[test]
fn other_tools_shapes_are_read_too() {
    // A bare list, a body given as a string, a tag body left out, no times (now is used), no colour (yellow).
    let list = json!([{
        "id": "https://example.org/anno/1",
        "motivation": "commenting",
        "body": ["first thought", { "type": "TextualBody", "value": "calm", "purpose": "tagging" }],
        "target": { "source": "urn:haven:article:sleep", "selector": { "type": "TextQuoteSelector", "exact": "rest" } },
    }]);
    let read = read(list.to_string().as_bytes(), 77).unwrap();
    let h = &read[0].highlights[0];
    assert_eq!(
        (h.uid.as_str(), h.note.as_str(), h.color, h.created, h.start),
        ("https://example.org/anno/1", "first thought", Color::Yellow, 77, 0)
    );
}
