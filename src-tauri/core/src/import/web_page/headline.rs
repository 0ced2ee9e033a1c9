//! A saved page's own title, from what the page says about itself rather than from its tab title alone.
//!
//! In order: Open Graph's `og:title`; the `<h1>` inside the article (`<article>`, `<main>`, or an element marked
//! `itemprop="headline"`); JSON-LD's `headline`; then `<title>` with the site's name taken off ("Detox: what to
//! expect | Harbor Light" → "Detox: what to expect"). Every candidate has the site's name taken off the same
//! way, so an `og:title` that repeats it is cleaned too. Captions, breadcrumbs and banners never get here: each
//! source is a field the page sets for its title.

use dom_query::Document as Dom;
use serde_json::Value;

use crate::import::meta::collapse_spaces;

/// Longest title kept, in characters; longer text in a title field is not a headline.
const MAX_TITLE_CHARS: usize = 300;

/// The separators sites put between a page's title and their own name.
const SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " · ", " • "];

/// What the page says about itself: its title, and the site's name when it gives one.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct PageTitle {
    pub title: Option<String>,
    pub site_name: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
}

pub(crate) fn of(dom: &Dom) -> PageTitle {
    let meta = |selector: &str| {
        dom.select(selector)
            .iter()
            .find_map(|m| m.attr("content").map(|c| collapse_spaces(&c)))
            .filter(|c| !c.is_empty())
    };
    let ld = json_ld(dom);
    let site_name = meta(r#"meta[property="og:site_name"]"#).or(ld.site_name);
    let h1 = dom
        .select("article h1, main h1, [itemprop=headline]")
        .iter()
        .map(|h| collapse_spaces(&h.text()))
        .find(|t| !t.is_empty());
    let tab = dom.select("head title").iter().map(|t| collapse_spaces(&t.text())).find(|t| !t.is_empty());
    let title = [meta(r#"meta[property="og:title"]"#), h1, ld.headline, tab]
        .into_iter()
        .flatten()
        .map(|t| without_site_name(&t, site_name.as_deref()))
        .find(|t| !t.is_empty() && t.chars().count() <= MAX_TITLE_CHARS);
    let author = meta(r#"meta[name="author"]"#)
        .or_else(|| meta(r#"meta[property="article:author"]"#).filter(|a| !a.contains("://")))
        .or(ld.author);
    let published = meta(r#"meta[property="article:published_time"]"#).or(ld.published);
    PageTitle { title, site_name, author, published }
}

/// `title` without the site's name at its end or start. With the name unknown, a last part after a separator
/// is taken off when it is shorter than what comes before it (a site's name is short; a title's second half,
/// "Detox - what to expect", is not cut because it is as long as the first).
pub(crate) fn without_site_name(title: &str, site: Option<&str>) -> String {
    let title = collapse_spaces(title);
    if let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) {
        for separator in SEPARATORS {
            for (head, tail) in [title.rsplit_once(separator), title.split_once(separator)].into_iter().flatten() {
                if tail.eq_ignore_ascii_case(site) {
                    return head.trim().to_string();
                }
                if head.eq_ignore_ascii_case(site) {
                    return tail.trim().to_string();
                }
            }
        }
        return title;
    }
    for separator in [" | ", " – ", " — ", " :: ", " · ", " • ", " - "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            let (head_words, tail_words) = (head.split_whitespace().count(), tail.split_whitespace().count());
            if tail_words <= 4 && tail_words * 2 <= head_words {
                return head.trim().to_string();
            }
        }
    }
    title
}

/// The fields of a page's JSON-LD Article (or NewsArticle, BlogPosting, MedicalWebPage, ...) that Haven uses.
#[derive(Debug, Default)]
struct LinkedData {
    headline: Option<String>,
    author: Option<String>,
    published: Option<String>,
    site_name: Option<String>,
}

fn json_ld(dom: &Dom) -> LinkedData {
    let mut found = LinkedData::default();
    for script in dom.select(r#"script[type="application/ld+json"]"#).iter() {
        let Ok(value) = serde_json::from_str::<Value>(script.text().trim()) else { continue };
        let mut items = Vec::new();
        collect_items(&value, &mut items, 0);
        for item in items {
            let kind = item.get("@type").map(type_names).unwrap_or_default();
            if kind.iter().any(|k| k == "WebSite" || k == "Organization") {
                found.site_name = found.site_name.or_else(|| text_of(item.get("name")));
                continue;
            }
            if item.get("headline").is_some() {
                found.headline = found.headline.or_else(|| text_of(item.get("headline")));
                found.author = found.author.or_else(|| item.get("author").and_then(author_name));
                found.published = found.published.or_else(|| text_of(item.get("datePublished")));
                found.site_name =
                    found.site_name.or_else(|| item.get("publisher").and_then(|p| text_of(p.get("name"))));
            }
        }
    }
    found
}

/// Every object in a JSON-LD value: the value itself, arrays, and `@graph` lists (a few levels deep at most).
fn collect_items<'a>(value: &'a Value, items: &mut Vec<&'a Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(list) => list.iter().for_each(|v| collect_items(v, items, depth + 1)),
        Value::Object(object) => {
            items.push(value);
            if let Some(graph) = object.get("@graph") {
                collect_items(graph, items, depth + 1);
            }
        }
        _ => {}
    }
}

fn type_names(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(list) => list.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

fn text_of(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(collapse_spaces).filter(|s| !s.is_empty())
}

/// `"author": "Ana"`, `{"name": "Ana"}` or a list of those: the first name.
fn author_name(value: &Value) -> Option<String> {
    match value {
        Value::String(_) => text_of(Some(value)),
        Value::Object(_) => text_of(value.get("name")),
        Value::Array(list) => list.iter().find_map(author_name),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
