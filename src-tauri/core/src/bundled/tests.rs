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

#[test]
fn the_bundled_library_has_at_least_twenty_articles_across_every_category() {
    assert!(FILES.len() >= 20, "only {} bundled articles", FILES.len());
    let mut used = HashSet::new();
    for file in FILES {
        let doc = Document::from_markdown(file.text, ArticleFile::bundled(file.path)).unwrap();
        used.insert(doc.category);
    }
    for category in CATEGORIES {
        assert!(used.contains(category), "no bundled article in {category}");
    }
}
