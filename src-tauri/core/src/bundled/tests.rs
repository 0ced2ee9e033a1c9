use std::collections::HashSet;

use super::*;
use crate::document::{ArticleFile, Document};

/// Every article that ships with Haven: complete front matter from the fixed category set, real sources,
/// at least 700 words, a one-sentence summary, a closing "When to get help" section and the standard note,
/// links only to articles that exist, no duplicate slugs, and nothing for the sanitizer to remove.
#[test]
fn every_bundled_article_is_complete_and_renders_cleanly() {
    let mut docs = Vec::new();
    let mut slugs = HashSet::new();
    for file in FILES {
        let doc = Document::from_markdown(file.text, ArticleFile::bundled(file.path)).unwrap_or_else(|e| panic!("{e}"));
        let name = file.path;
        assert!(slugs.insert(doc.slug.clone()), "{name}: the slug {} is used twice", doc.slug);
        assert!(
            CATEGORIES.contains(&doc.category.as_str()),
            "{name}: category {:?} is not one of {CATEGORIES:?}",
            doc.category
        );
        assert!(doc.rendered.word_count >= 700, "{name}: {} words, fewer than 700", doc.rendered.word_count);
        assert!(doc.author.is_some() && doc.published.is_some(), "{name}: author and published are expected");
        assert!(!doc.tags.is_empty(), "{name}: no tags");
        for source in &doc.sources {
            assert!(source.url.starts_with("https://"), "{name}: source {} is not https", source.url);
        }
        let summary = doc.summary.trim();
        let sentences = summary.matches(". ").count() + summary.matches("? ").count() + summary.matches("! ").count();
        assert!(
            summary.ends_with(['.', '?']) && sentences == 0,
            "{name}: the summary should be one sentence: {summary}"
        );
        assert_eq!(
            doc.rendered.toc.last().map(|t| t.id.as_str()),
            Some("art-when-to-get-help"),
            "{name}: must end with a \"When to get help\" section"
        );
        assert!(
            doc.rendered.text.contains("This article is information, not medical advice."),
            "{name}: the standard note is missing"
        );
        let (_, body) = crate::frontmatter::split(file.text, name).unwrap();
        let lost = crate::sanitize::losses(&crate::render::unsanitized_html(body), &doc.rendered.html);
        assert!(lost.is_empty(), "{name}: the sanitizer removed {lost:?}");
        docs.push(doc);
    }
    for doc in &docs {
        for link in &doc.rendered.internal_links {
            assert!(slugs.contains(link), "{} links to {link}.md, which does not exist", doc.slug);
        }
    }
}

/// Claim-level citations: every article cites its sources in footnotes; every citation has its note and every
/// note is cited; each note links to one of the article's sources, each source is cited by a note and says what
/// it supports.
#[test]
fn every_bundled_article_cites_its_sources_claim_by_claim() {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    for file in FILES {
        let name = file.path;
        let doc = Document::from_markdown(file.text, ArticleFile::bundled(name)).unwrap();
        let (_, body) = crate::frontmatter::split(file.text, name).unwrap();
        let mut cited = HashSet::new();
        let mut notes: Vec<(String, Vec<String>)> = Vec::new();
        let mut in_note = false;
        for event in Parser::new_ext(body, crate::render::markdown_options()) {
            match event {
                Event::FootnoteReference(key) => {
                    cited.insert(key.to_string());
                }
                Event::Start(Tag::FootnoteDefinition(key)) => {
                    notes.push((key.to_string(), Vec::new()));
                    in_note = true;
                }
                Event::End(TagEnd::FootnoteDefinition) => in_note = false,
                Event::Start(Tag::Link { dest_url, .. }) if in_note => {
                    notes.last_mut().unwrap().1.push(dest_url.to_string());
                }
                _ => {}
            }
        }
        assert!(!cited.is_empty(), "{name}: no claim cites a source");
        let defined: HashSet<String> = notes.iter().map(|(key, _)| key.clone()).collect();
        for key in &cited {
            assert!(defined.contains(key), "{name}: [^{key}] is cited but has no note");
        }
        let urls: HashSet<&str> = doc.sources.iter().map(|s| s.url.as_str()).collect();
        let mut used = HashSet::new();
        for (key, links) in &notes {
            assert!(cited.contains(key), "{name}: the note [^{key}] is never cited");
            let linked: Vec<&String> = links.iter().filter(|l| urls.contains(l.as_str())).collect();
            assert!(!linked.is_empty(), "{name}: the note [^{key}] links to none of the sources ({links:?})");
            used.extend(linked.into_iter().map(String::as_str));
        }
        for source in &doc.sources {
            assert!(used.contains(source.url.as_str()), "{name}: no note cites {}", source.url);
            assert!(
                source.supports.as_deref().is_some_and(|s| !s.trim().is_empty()),
                "{name}: the source {} does not say what it supports",
                source.url
            );
        }
    }
}

/// Every "When to get help" gives the same crisis lines, whatever the article is about.
#[test]
fn every_bundled_article_ends_with_the_crisis_lines() {
    for file in FILES {
        let doc = Document::from_markdown(file.text, ArticleFile::bundled(file.path)).unwrap();
        let text = &doc.rendered.text;
        let at = text.rfind("When to get help").unwrap_or_else(|| panic!("{}: no When to get help", file.path));
        let section = &text[at..];
        for line in ["988", "116 123", "13 11 14", "1737"] {
            assert!(section.contains(line), "{}: When to get help lacks {line}", file.path);
        }
    }
}

#[test]
fn the_bundled_library_has_at_least_forty_articles_across_every_category() {
    assert!(FILES.len() >= 40, "only {} bundled articles", FILES.len());
    let mut used = HashSet::new();
    for file in FILES {
        let doc = Document::from_markdown(file.text, ArticleFile::bundled(file.path)).unwrap();
        used.insert(doc.category);
    }
    for category in CATEGORIES {
        assert!(used.contains(category), "no bundled article in {category}");
    }
}

#[test]
fn the_build_time_bundle_id_is_the_bundle_s_own() {
    assert_eq!(FILES_ID, id_of(FILES), "build.rs and id_of hash the same way");
    assert_eq!(bundle_id(FILES), FILES_ID);
    let fewer = &FILES[1..];
    assert_ne!(bundle_id(fewer), FILES_ID, "another bundle, another id");
    let mut edited: Vec<BundledFile> = FILES.to_vec();
    edited[0].text = "# Changed\n";
    assert_ne!(bundle_id(&edited), FILES_ID);
}
