use super::*;
use crate::error::ErrorKind;

fn strict(yaml: &str) -> Result<FrontMatter> {
    FrontMatter::parse(yaml, "a.md", Strictness::Strict)
}

#[test]
fn splits_front_matter_from_body() {
    let (yaml, body) = split("---\ntitle: Hi\n---\n# Body\n", "a.md").unwrap();
    assert_eq!(yaml, Some("title: Hi\n"));
    assert_eq!(body, "# Body\n");
    let (yaml, body) = split("\u{feff}---\r\ntitle: Hi\r\n...\r\nBody", "a.md").unwrap();
    assert_eq!(yaml, Some("title: Hi\r\n"));
    assert_eq!(body, "Body");
    assert_eq!(split("No front matter\n---\n", "a.md").unwrap(), (None, "No front matter\n---\n"));
    assert_eq!(split("---\n---\n", "a.md").unwrap(), (Some(""), ""));
}

#[test]
fn unclosed_or_oversized_front_matter_is_refused() {
    let err = split("---\ntitle: x\nbody", "a.md").unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(err.message.starts_with("a.md:"), "{}", err.message);
    let huge = format!("---\n{}---\n", "k: v\n".repeat(20_000));
    assert!(split(&huge, "a.md").unwrap_err().message.contains("longer than 64 KiB"));
}

#[test]
fn reads_every_field() {
    let fm = strict(
        "title: Sleep and recovery\nslug: sleep\nsummary: Why rest matters.\ncategory: Recovery\n\
         tags: [sleep, habits]\nauthor: Haven editors\npublished: 2026-01-02\nreviewed: 2026-11-01\n\
         sources:\n  - {title: Sleep, url: 'https://www.nhs.uk/x', publisher: NHS}\n\
         content_warnings: [relapse]\nextra: ignored\n",
    )
    .unwrap();
    assert_eq!(fm.title.as_deref(), Some("Sleep and recovery"));
    assert_eq!(fm.slug.as_deref(), Some("sleep"));
    assert_eq!(fm.tags, ["sleep", "habits"]);
    assert_eq!(fm.published.as_deref(), Some("2026-01-02"));
    assert_eq!(fm.sources[0].publisher, "NHS");
    assert_eq!(fm.content_warnings, ["relapse"]);
    fm.require_complete("a.md").unwrap();
}

#[test]
fn strict_errors_name_the_file_and_field() {
    let cases = [
        ("title: [a, b]", "`title`"),
        ("reviewed: 2026-02-30", "`reviewed`"),
        ("sources: nope", "`sources`"),
        ("sources:\n  - {title: x, url: 'javascript:alert(1)', publisher: y}", "`sources[0]`"),
        ("tags: [{a: b}]", "`tags`"),
    ];
    for (yaml, field) in cases {
        let err = strict(yaml).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{yaml}");
        assert!(err.message.starts_with("a.md: front matter field ") && err.message.contains(field), "{err}");
    }
    let err = strict("title: x\nsummary: y\ncategory: z\nreviewed: 2026-01-01").unwrap().require_complete("a.md");
    assert!(err.unwrap_err().message.contains("`sources` is required"));
}

#[test]
fn lenient_reading_accepts_what_other_tools_write() {
    let fm = FrontMatter::parse(
        "title: 1984\ntags: 'a, #b, a'\ndate: 2021-03-04 10:00:00 +0000\nauthor: [Ann, Bo]\n\
         sources: 7\nreviewed: someday\naliases: [x]\ncssclass: wide\n",
        "note.md",
        Strictness::Lenient,
    )
    .unwrap();
    assert_eq!(fm.title.as_deref(), Some("1984"));
    assert_eq!(fm.tags, ["a", "b"]);
    assert_eq!(fm.published.as_deref(), Some("2021-03-04"));
    assert_eq!(fm.author.as_deref(), Some("Ann, Bo"));
    assert!(fm.sources.is_empty());
    assert_eq!(fm.reviewed, None);
}

#[test]
fn a_yaml_alias_bomb_is_refused_not_expanded() {
    let mut yaml = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"]) {
        yaml.push_str(&format!(
            "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    yaml.push_str("title: *i\n");
    let err = FrontMatter::parse(&yaml, "bomb.md", Strictness::Lenient).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(err.message.contains("bomb.md") && err.message.contains("aliases"), "{}", err.message);
}

#[test]
fn front_matter_that_is_not_a_mapping_is_refused() {
    assert!(strict("- a\n- b").unwrap_err().message.contains("`key: value`"));
    assert!(strict("title: [unclosed").unwrap_err().message.contains("not valid YAML"));
    assert_eq!(strict("# only a comment").unwrap(), FrontMatter::default());
}

#[test]
fn dates_must_be_real() {
    assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
    assert_eq!(parse_date("2023-02-29"), None);
    assert_eq!(parse_date("2024-13-01"), None);
    assert_eq!(parse_date("2024-01-01T09:00:00Z").as_deref(), Some("2024-01-01"));
    assert_eq!(parse_date("2024-01-011"), None);
    assert_eq!(parse_date("soon"), None);
}

/// Regression: tags were unbounded, and reading an article runs a query per tag for related articles.
#[test]
fn tags_and_labels_are_bounded() {
    let many: Vec<String> = (0..10_000).map(|i| format!("tag{i}")).collect();
    let yaml = format!("tags: [{}]\ncategory: {}\n", many.join(", "), "c".repeat(200));
    let fm = FrontMatter::parse(&yaml, "many.md", Strictness::Lenient).unwrap();
    assert_eq!(fm.tags.len(), MAX_TAGS);
    assert_eq!(fm.tags[0], "tag0");
    assert_eq!(fm.category, None, "an overlong category is dropped, and the default used");
    let long_tag = format!("tags: [ok, {}]", "t".repeat(MAX_LABEL_CHARS + 1));
    assert_eq!(FrontMatter::parse(&long_tag, "a.md", Strictness::Lenient).unwrap().tags, ["ok"]);
    let err = strict(&format!("tags: [{}]", many.join(", "))).unwrap_err();
    assert!(err.message.contains("`tags`") && err.message.contains("at most 24"), "{}", err.message);
    assert!(strict(&format!("category: {}", "c".repeat(61))).unwrap_err().message.contains("`category`"));
}

#[test]
fn a_language_is_a_tag_or_nothing() {
    let fm = FrontMatter::parse("lang: pt-BR", "a.md", Strictness::Lenient).unwrap();
    assert_eq!(fm.language.as_deref(), Some("pt-BR"));
    assert_eq!(
        FrontMatter::parse("language: de", "a.md", Strictness::Lenient).unwrap().language.as_deref(),
        Some("de")
    );
    assert_eq!(FrontMatter::parse("lang: \"en\\\" onload=x\"", "a.md", Strictness::Lenient).unwrap().language, None);
    assert!(strict("lang: not a tag").is_err());
    for good in ["en", "en-GB", "zh-Hant-TW", "gsw"] {
        assert!(is_language_tag(good), "{good}");
    }
    for bad in ["", "e", "en_GB", "en-", "toolonglanguage", "en-toolongsubtag", "<en>"] {
        assert!(!is_language_tag(bad), "{bad}");
    }
}
