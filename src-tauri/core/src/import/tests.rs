//! The import's conversions, seen whole: each fixture page or text copy as the Markdown Haven stores and the
//! HTML it shows, as snapshots (`snapshots/`), so any change to what is kept or dropped is a visible diff; and
//! the report's lists, as a window gets them.

use std::path::{Path, PathBuf};

use super::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import")
}

fn prepared(file: &str) -> Prepared {
    let path = fixtures().join(file);
    let kind = files::Kind::of(&path).unwrap();
    let canonical = path.canonicalize().unwrap();
    let found = SourceFile::new(path, canonical, kind);
    prepare(&found, &ImportOptions::default()).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The stored Markdown, then the sanitized HTML, with pictures' bytes elided.
fn converted(file: &str) -> String {
    let p = prepared(file);
    let elide = |text: &str| {
        let mut out = String::new();
        for (i, part) in text.split(";base64,").enumerate() {
            if i == 0 {
                out.push_str(part);
            } else {
                let end = part.find(['"', ')', ' ']).unwrap_or(part.len());
                out.push_str(&format!(";base64,<{} bytes>", end));
                out.push_str(&part[end..]);
            }
        }
        out
    };
    format!("{}\n--- html\n{}\n", elide(&p.doc.markdown), elide(&p.doc.rendered.html))
}

#[test]
fn a_news_page_keeps_its_article_and_loses_the_chrome() {
    insta::assert_snapshot!(converted("news-article.html"));
}

#[test]
fn a_blog_post_keeps_its_article_and_loses_the_sidebar() {
    insta::assert_snapshot!(converted("blog-post.html"));
}

#[test]
fn a_windows_1252_page_is_decoded() {
    insta::assert_snapshot!(converted("windows-1252.html"));
}

#[test]
fn a_utf16_page_is_decoded() {
    insta::assert_snapshot!(converted("utf16-bom.html"));
}

#[test]
fn a_complete_save_embeds_its_own_pictures() {
    insta::assert_snapshot!(converted("complete-save.html"));
}

#[test]
fn a_cluttered_text_copy_keeps_the_article() {
    insta::assert_snapshot!(converted("cluttered-copy.txt"));
}

#[test]
fn a_hostile_page_is_stored_inert() {
    let p = prepared("hostile-page.html");
    let html = p.doc.rendered.html.to_lowercase();
    for banned in [
        "<script",
        "onload",
        "onerror",
        "onclick",
        "onmouseover",
        "javascript:",
        "vbscript:",
        "<iframe",
        "<object",
        "<embed",
        "<svg",
        "<style",
        "style=",
        "<form",
        "<input",
        "<base",
        "<meta",
        "data:text",
        "tauri:",
        "<math",
    ] {
        assert!(!html.contains(banned), "{banned} survived: {html}");
    }
    assert!(html.contains(r#"<a href="https://www.samhsa.gov/find-help""#), "{html}");
    assert!(p.doc.rendered.text.contains("mentions <script>alert(14)</script> as an example"), "shown as text");
    insta::assert_snapshot!(converted("hostile-page.html"));
}

/// The headline and metadata found for each page, beside its snapshot: what a failing snapshot would most
/// likely be about.
#[test]
fn titles_and_metadata_are_found() {
    let meta = |file: &str| {
        let d = prepared(file).doc;
        (d.title, d.author, d.published)
    };
    let news = meta("news-article.html");
    assert_eq!(news.0, "Peer support workers bring lived experience to addiction care");
    assert_eq!((news.1.as_deref(), news.2.as_deref()), (Some("Priya Shah"), Some("2026-03-03")));
    let blog = meta("blog-post.html");
    assert_eq!(
        (blog.0.as_str(), blog.1.as_deref(), blog.2.as_deref()),
        ("Small routines that steadied me after rehab", Some("Alex Moreno"), Some("2025-11-14"))
    );
    let copy = meta("cluttered-copy.txt");
    assert_eq!(
        (copy.0.as_str(), copy.1.as_deref(), copy.2.as_deref()),
        ("Five things I wish I had known before detox", Some("Jordan Blake"), Some("2026-06-18"))
    );
    let news = prepared("news-article.html").doc;
    assert_eq!(news.tags, ["addiction", "recovery", "peer support"]);
    assert_eq!(news.sources[0].url, "https://news.example.org/health/peer-support-workers-lived-experience");
}

#[test]
fn options_are_trimmed_and_checked() {
    let options = ImportOptions { category: Some("  ".into()), tags: vec!["a".into(), " A ".into(), "".into()] };
    assert_eq!(options.validated().unwrap(), ImportOptions { category: None, tags: vec!["a".into()] });
    let tabbed = ImportOptions { category: Some("a\tb".into()), tags: vec![] };
    assert!(tabbed.validated().unwrap_err().message.contains("not text"));
}

#[test]
fn a_report_cut_for_a_window_lists_the_first_articles_and_counts_the_rest() {
    let imported = |i| Imported { path: format!("/notes/{i}.md"), slug: format!("note-{i}"), title: format!("N {i}") };
    let mut report = ImportReport {
        imported: (0..250).map(imported).collect(),
        imported_unlisted: 5,
        updated: (0..3).map(imported).collect(),
        duplicates: (0..201).map(|i| Duplicate { path: format!("/again/{i}.md"), slug: format!("note-{i}") }).collect(),
        failed: (0..300).map(|i| Failure { path: format!("/bad/{i}.md"), reason: "empty".into() }).collect(),
        failed_unlisted: 7,
        ..ImportReport::default()
    };
    let files = report.files();
    report.list_at_most(200);
    assert_eq!(report.files(), files, "every file is still counted");
    // The window reads each kind's list and its `<kind>_unlisted` count (`reportCount` in import-task.js).
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["imported"].as_array().unwrap().len(), 200);
    assert_eq!(json["imported"][199]["slug"], "note-199", "the first ones, in file order");
    assert_eq!(json["imported_unlisted"], 55);
    assert_eq!((json["updated"].as_array().unwrap().len(), &json["updated_unlisted"]), (3, &0.into()));
    assert_eq!((json["duplicates"].as_array().unwrap().len(), &json["duplicates_unlisted"]), (200, &1.into()));
    assert_eq!(json["failed"].as_array().unwrap().len(), 300, "failures keep their own limit");
    assert_eq!(json["failed_unlisted"], 7);
}
