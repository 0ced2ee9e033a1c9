use super::*;
use crate::frontmatter::{FrontMatter, Strictness};

#[test]
fn front_matter_round_trips_through_the_markdown_reader() {
    let mut meta = Meta { title: "Peer support: why it helps \"so much\"".into(), ..Meta::default() };
    meta.set_byline("By  Jane O'Neil.");
    meta.add_keywords("recovery, Peer Support, recovery,, a keyword that is far too long to be a tag for anything");
    meta.set_origin("https://news.example.org/health/peer?x=1", Some("Example News"));
    meta.published = date_in("Published March 3, 2026 · 6 min read");
    let text = meta.to_markdown("Body text.");
    let (yaml, body) = frontmatter::split(&text, "x").unwrap();
    let parsed = FrontMatter::parse(yaml.unwrap(), "x", Strictness::Strict).unwrap();
    assert_eq!(parsed.title.as_deref(), Some("Peer support: why it helps \"so much\""));
    assert_eq!(parsed.author.as_deref(), Some("Jane O'Neil"));
    assert_eq!(parsed.tags, ["recovery", "Peer Support"]);
    assert_eq!(parsed.published.as_deref(), Some("2026-03-03"));
    assert_eq!(parsed.sources[0].publisher, "Example News");
    assert_eq!(body.trim(), "Body text.");
}

#[test]
fn dates_are_found_as_people_write_them() {
    for (text, date) in [
        ("2026-03-03T10:00:00Z", Some("2026-03-03")),
        ("Updated 3 March 2026", Some("2026-03-03")),
        ("Mar. 21st, 2025", Some("2025-03-21")),
        ("September 31, 2026", None),
        ("May I ask, 5 things", None),
        ("no date here", None),
    ] {
        assert_eq!(date_in(text).as_deref(), date, "{text}");
    }
}

#[test]
fn a_credit_line_at_the_top_becomes_author_and_date() {
    let mut meta = Meta::default();
    let body = meta.take_credit_line("By Morgan Ellis · 12 January 2026\n\nFirst paragraph.");
    assert_eq!(body, "First paragraph.");
    assert_eq!((meta.author.as_deref(), meta.published.as_deref()), (Some("Morgan Ellis"), Some("2026-01-12")));
    for body in ["By the time I left, I knew.\n\nMore.", "Short opening line\n\nMore.", "By Sam"] {
        assert_eq!(Meta::default().take_credit_line(body), body, "not a credit line: {body}");
    }
}

#[test]
fn only_web_addresses_become_a_source() {
    let mut meta = Meta::default();
    meta.set_origin("file:///home/me/page.html", None);
    assert!(meta.sources.is_empty());
    meta.set_origin("https://www.nhs.uk/mental-health/", None);
    assert_eq!(meta.sources[0].publisher, "www.nhs.uk");
}
