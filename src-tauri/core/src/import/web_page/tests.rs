use super::*;
use std::fs;

fn convert(html: &str) -> Result<String> {
    to_markdown(html, Path::new("/nonexistent/page.html"), "page.html")
}

#[test]
fn saved_from_marks_are_read() {
    let html = "<!DOCTYPE html>\n<!-- saved from url=(0038)https://www.example.org/a/b?c=1 -->\n<html>";
    assert_eq!(saved_from(html).as_deref(), Some("https://www.example.org/a/b?c=1"));
    assert_eq!(saved_from("<html>"), None);
    let long = format!("{}”{}", "a".repeat(4094), "b".repeat(100));
    assert_eq!(saved_from(&long), None, "the first 4 KiB are cut at a character, not a byte");
}

#[test]
fn pages_without_an_article_are_refused_by_name() {
    for html in ["<html><body><nav><a href=/>Home</a></nav></body></html>", "<html></html>", ""] {
        let err = convert(html).unwrap_err();
        assert_eq!(err.message, "page.html: Haven found no article text on this page", "{html}");
    }
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let deep = "<div>".repeat(100_000);
    assert!(convert(&deep).unwrap_err().message.contains("nested more than 1,000 levels"));
}

#[test]
fn pictures_are_embedded_from_the_page_folder_only() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("Story.html");
    fs::create_dir_all(dir.path().join("Story_files")).unwrap();
    fs::write(dir.path().join("Story_files/chart one.png"), b"\x89PNG\r\n\x1a\nrest-of-png").unwrap();
    fs::write(dir.path().join("Story_files/fake.jpg"), b"#!/bin/sh\necho not a picture").unwrap();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.png"), b"\x89PNG\r\n\x1a\nsecret").unwrap();
    let paragraph = "<p>Recovery takes time, and small steady steps add up over weeks and months of practice.</p>";
    let html = format!(
        r#"<html><head><title>Steady steps</title></head><body><article><h1>Steady steps</h1>{paragraph}
        <p><img src="Story_files/chart%20one.png" alt="A chart of progress"></p>{paragraph}
        <p><img src="Story_files/fake.jpg" alt="Not really a picture"></p>{paragraph}
        <p><img src="{}" alt="Outside"></p><p><img src="https://tracker.example/p.gif" alt="Remote"></p>
        {paragraph}</article></body></html>"#,
        outside.path().join("secret.png").display()
    );
    let markdown = to_markdown(&html, &page, "Story.html").unwrap();
    assert!(
        markdown.contains("![A chart of progress](data:image/png;base64,iVBORw0KGgpyZXN0LW9mLXBuZw=="),
        "{markdown}"
    );
    assert!(markdown.contains("*Not really a picture*") && markdown.contains("*Outside*"), "{markdown}");
    assert!(!markdown.contains("c2VjcmV0"), "a file outside the page's folder is never read");
    // A picture on the network is never fetched: it would show as its alt text alone, which is not article text
    // the second extractor found (see `consensus`).
    assert!(!markdown.contains("tracker.example") && !markdown.contains("Remote"), "{markdown}");
}
