//! A web page saved from a browser, turned into a Markdown article.
//!
//! The page is untrusted and usually mostly chrome: menus, ads, share bars, cookie banners, comments. The main
//! content is found by `dom_smoothie`, a port of Mozilla's Readability (the algorithm behind Firefox's reader
//! view), and written out as Markdown by `dom_query`'s serializer, so the article then goes through the same
//! renderer and sanitizer as every other one. Nothing from the page reaches the library as HTML.
//!
//! Pictures: a page saved "complete" keeps its pictures in `Name_files/`. Those are read and embedded as
//! `data:` images (see [`super::pictures`]), so the library stays one self-contained file. Pictures on the
//! network are never fetched: the renderer shows their alt text. A local picture that cannot be embedded becomes
//! its alt text too.

use std::path::Path;

use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability, TextMode};

mod consensus;
mod headline;

use super::meta::{self, Meta};
use super::pictures::Pictures;
use crate::error::{Error, Result};
use crate::{frontmatter, markup, urls};

/// Elements the extractor will look at; a page with more is refused rather than ground through.
const MAX_ELEMENTS: usize = 250_000;

/// Shortest article text, in characters, that counts as an article.
const MIN_ARTICLE_CHARS: usize = 40;

/// Converts a decoded page to a Markdown article with front matter. `page` is where the file is, for its
/// pictures; `name` labels errors.
pub(crate) fn to_markdown(html: &str, page: &Path, name: &str) -> Result<String> {
    markup::refuse_deep_nesting(html, name)?;
    let dom = Dom::from(html);
    let language = dom.select("html[lang]").attr("lang").map(|l| l.trim().to_string());
    let mut meta = Meta { language: language.filter(|l| frontmatter::is_language_tag(l)), ..Meta::default() };
    for keywords in
        dom.select(r#"meta[name="keywords"], meta[name="news_keywords"], meta[property="article:tag"]"#).iter()
    {
        meta.add_keywords(&keywords.attr("content").unwrap_or_default());
    }
    let address = saved_from(html).or_else(|| {
        let canonical = dom.select(r#"link[rel="canonical"]"#).attr("href");
        canonical.or_else(|| dom.select(r#"meta[property="og:url"]"#).attr("content")).map(|a| a.to_string())
    });
    let dated = dom.select("time[datetime]").iter().find_map(|t| frontmatter::parse_date(&t.attr("datetime")?));
    let own = headline::of(&dom);
    // The captions and alt texts of the pictures saved with the page, which the second opinion does not read as
    // text (see `consensus`). A remote picture is never shown, so its caption is kept only if both extractors
    // read it as text.
    let pictures = embed_local_images(&dom, page);
    // A caption is a line of its own under its picture, not words run on after it.
    dom.select("figcaption").rename("p");

    let config = Config { text_mode: TextMode::Markdown, max_elements_to_parse: MAX_ELEMENTS, ..Config::default() };
    let no_article = || Error::invalid(format!("{name}: Haven found no article text on this page"));
    let mut readability = Readability::with_document(dom, None, Some(config)).map_err(|_| no_article())?;
    let article = readability.parse().map_err(|e| match e {
        dom_smoothie::ReadabilityError::TooManyElements(found, _) => Error::invalid(format!(
            "{name}: the page has {found} elements, more than the {MAX_ELEMENTS} Haven reads in one page"
        )),
        _ => no_article(),
    })?;
    // The page's own title fields first (see `headline`), then what Readability guessed, then the file's name.
    meta.title = own.title.clone().unwrap_or_else(|| meta::collapse_spaces(&article.title));
    if meta.title.is_empty() {
        meta.title = crate::document::title_for_file(name);
    }
    let mut body = tidy(&article.text_content, &meta.title);
    if body.chars().filter(|c| c.is_alphanumeric()).count() < MIN_ARTICLE_CHARS {
        return Err(no_article());
    }
    if let Some(byline) = own.author.as_deref().or(article.byline.as_deref()) {
        meta.set_byline(byline);
    }
    let date = |t: &str| frontmatter::parse_date(t).or_else(|| meta::date_in(t));
    meta.published =
        own.published.as_deref().and_then(date).or_else(|| article.published_time.as_deref().and_then(date)).or(dated);
    body = meta.take_credit_line(&body);
    // The second opinion only for a page Readability accepted: a page refused (too many elements, no article)
    // is not read a second time.
    if let Some(second) = consensus::SecondOpinion::of(html) {
        body = second.agreed(&body, &pictures);
    }
    if let Some(address) = address {
        meta.set_origin(&address, own.site_name.as_deref().or(article.site_name.as_deref()));
    }
    Ok(meta.to_markdown(&body))
}

/// The address in the `<!-- saved from url=(0042)https://… -->` mark some browsers write at the top.
fn saved_from(html: &str) -> Option<String> {
    let mut end = html.len().min(4096);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let head = &html[..end];
    let start = head.find("saved from url=(")? + "saved from url=(".len();
    let rest = &head[start..];
    let rest = &rest[rest.find(')')? + 1..];
    let rest = rest.split("-->").next().unwrap_or(rest);
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    Some(rest[..end].to_string())
}

/// Replaces each `<img>` whose picture is a file in the page's folder with an embedded `data:` image, and each
/// that cannot be shown (a missing or oversized file, a file outside the folder, not a picture) with its alt
/// text. Pictures on the network are left for the renderer, which shows their alt text. Returns the alt texts
/// and figure captions of the local pictures.
fn embed_local_images(dom: &Dom, page: &Path) -> Vec<String> {
    let mut pictures = Pictures::beside(page);
    let mut texts = Vec::new();
    for img in dom.select("img").iter() {
        let src = img.attr("src").map(|s| s.trim().to_string()).unwrap_or_default();
        if !urls::is_local_file(&src) {
            continue;
        }
        let alt = img.attr("alt").map(|a| meta::collapse_spaces(&a)).unwrap_or_default();
        let figure = img.ancestors(None).filter("figure");
        texts.extend(figure.select("figcaption").iter().map(|c| c.text().to_string()));
        texts.push(alt.clone());
        match pictures.embed(&src) {
            Some(uri) => {
                img.set_attr("src", &uri);
                img.remove_attrs(&["srcset", "data-src"]);
            }
            None if alt.is_empty() => img.remove(),
            None => img.replace_with_html(format!("<em>{}</em>", escape_text(&alt))),
        }
    }
    texts
}

fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Cleans the extracted Markdown: no heading that repeats the title at the top (Readability keeps the
/// headline in the content), no runs of blank lines.
fn tidy(markdown: &str, title: &str) -> String {
    let wanted = meta::collapse_spaces(title).to_lowercase();
    let mut lines: Vec<&str> = markdown.lines().map(str::trim_end).collect();
    if let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) {
        let heading = lines[first].trim_start_matches('#').trim();
        if lines[first].starts_with('#') && meta::collapse_spaces(heading).to_lowercase() == wanted {
            lines.remove(first);
        }
    }
    let mut out = String::with_capacity(markdown.len());
    let mut blank = 0;
    for line in lines {
        blank = if line.trim().is_empty() { blank + 1 } else { 0 };
        if blank <= 1 {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests;
