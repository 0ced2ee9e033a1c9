use super::*;

/// The whole output for a body: HTML, contents and plain text, as one snapshot.
fn rendered(markdown: &str) -> String {
    let r = render(markdown);
    let toc: Vec<String> = r.toc.iter().map(|t| format!("h{} #{} {}", t.level, t.id, t.title)).collect();
    format!(
        "title: {:?}\ntoc: {toc:#?}\nlinks: {:?}\nwords: {}\n--- html\n{}\n--- text\n{}\n",
        r.title, r.internal_links, r.word_count, r.html, r.text
    )
}

#[test]
fn lifts_the_title_and_builds_a_toc_with_stable_unique_ids() {
    insta::assert_snapshot!(rendered(
        "# The title\n\nIntro.\n\n## First steps\n\n### Ask *for* help\n\n## First steps\n\n## Custom {#mine}\n\n\
         ## Art therapy\n\n## Therapy {#art-therapy}\n\n#### Deep\n"
    ));
    // Rendering again gives the same ids: they are stable.
    assert_eq!(render("# The title\n\nIntro.\n\n## First steps\n").toc[0].id, "art-first-steps");
}

#[test]
fn a_thousand_headings_of_one_name_get_a_thousand_ids() {
    let r = render(&"## Notes\n\ntext\n\n".repeat(1_000));
    let ids: HashSet<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids.len(), 1_000);
    assert!(ids.contains("art-notes") && ids.contains("art-notes-1000"));
}

#[test]
fn a_heading_later_in_the_body_is_not_the_title() {
    let r = render("Intro.\n\n# Not a title\n");
    assert_eq!(r.title, None);
    assert!(r.html.contains("Not a title"));
}

#[test]
fn counts_words_and_reading_time() {
    let r = render(&"word ".repeat(461));
    assert_eq!(r.word_count, 461);
    assert_eq!(r.reading_minutes(), 3);
    assert_eq!(reading_minutes(0), 1);
    assert_eq!(count_words("a — b, 12 … c"), 4);
}

#[test]
fn plain_text_is_what_a_reader_sees() {
    let r = render("# T\n\nA *quiet* [link](https://nhs.uk).\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n`code`<span>x</span>\n");
    assert_eq!(r.text, "A quiet link.\n\none\n\ntwo\n\na b \n\n1 2 \n\ncodex");
}

#[test]
fn links_are_routed_marked_or_left_for_the_sanitizer() {
    insta::assert_snapshot!(rendered(
        "[a](other-article.md) [b](../articles/Sleep_Well.md#part) [c](https://www.nimh.nih.gov/health \"NIMH\") \
         [d](mailto:x@y.org) [e](javascript:alert(1)) [f](#local) [g](relative/page.html)"
    ));
}

/// Only pictures carried inside the article show; one on the network or beside a file becomes its alt text.
#[test]
fn pictures_show_only_from_inside_the_article() {
    insta::assert_snapshot!(rendered(
        "![A chart of sleep](https://example.org/c.png) ![local](img/a.png) ![share](\\\\host/x.png) \
         ![inline](data:image/png;base64,iVBORw0KGgo=)"
    ));
}

#[test]
fn tables_footnotes_code_and_smart_punctuation_render() {
    insta::assert_snapshot!(rendered(
        "| L | C |\n|:--|:-:|\n| 1 | 2 |\n\nSaid \"hi\"--ok.[^n]\n\n[^n]: A note.\n\n```rust\nfn x() {}\n```\n\n~~old~~\n"
    ));
}

#[test]
fn script_payloads_in_markdown_come_out_inert() {
    let r = render("Hi <img src=x onerror=alert(1)> <script>alert(2)</script>\n\n<iframe src=\"https://evil\"></iframe>\n\n[x](javascript:alert(3)) <a href=\"vbscript:x\" onclick=\"y\">v</a>\n\n<h2 id=\"toast\">t</h2>\n");
    let lower = r.html.to_lowercase();
    for bad in ["onerror", "<script", "alert(2)", "<iframe", "javascript:", "vbscript:", "onclick", "id=\"toast\""] {
        assert!(!lower.contains(bad), "{bad} in {}", r.html);
    }
}

#[test]
fn pathological_nesting_renders_without_blowing_the_stack() {
    let quotes = ">".repeat(10_000) + " deep";
    let r = render(&quotes);
    assert!(r.text.contains("deep"));
    assert!(r.html.matches("<blockquote>").count() <= MAX_NESTING);
    let brackets = "[".repeat(10_000) + "x" + &"]".repeat(10_000) + "(y)";
    assert!(render(&brackets).text.contains('x'));
    let lists = (0..5_000).map(|i| format!("{}- item", "  ".repeat(i))).collect::<Vec<_>>().join("\n");
    assert!(render(&lists).text.contains("item"));
}

#[test]
fn slugify_makes_plain_ids() {
    assert_eq!(slugify("  What to expect: weeks 1–4!  "), "what-to-expect-weeks-14");
    assert_eq!(slugify("Café & crème"), "café-crème");
    assert_eq!(slugify("stop_using/now.md"), "stop-using-now-md");
    assert_eq!(slugify("***"), "");
}
