//! What an import learns about a web page or text file besides its body (headline, author, date, tags, where
//! it came from) and how that is written down: as YAML front matter over a Markdown body, so a converted
//! article is stored, rendered and searched exactly like one written in Markdown.

use serde::Serialize;

use crate::frontmatter;
use crate::model::Source;

/// Most tags kept from a page's keywords: pages stuff that field for search engines.
const MAX_TAGS: usize = 8;

/// Longest tag kept; longer ones are phrases stuffed in for search engines.
const MAX_TAG_CHARS: usize = 40;

/// Longest author name kept; a longer byline is a sentence, not a name.
const MAX_NAME_CHARS: usize = 60;

/// The front matter of a converted article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Meta {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// The page's `<html lang>`, when it is a language tag.
    #[serde(rename = "lang", skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl Meta {
    /// The article as one Markdown file: front matter, a blank line, then the body.
    pub(crate) fn to_markdown(&self, body: &str) -> String {
        // Serializing plain strings and lists cannot fail; the fallback keeps the body if it ever did.
        let yaml = serde_yaml_ng::to_string(self).unwrap_or_default();
        format!("---\n{yaml}---\n\n{}\n", body.trim())
    }

    /// Adds tags from a comma-separated keyword list, skipping repeats and anything too long to be a tag.
    pub(crate) fn add_keywords(&mut self, keywords: &str) {
        for word in keywords.split([',', ';']) {
            let word = collapse_spaces(word);
            let fits = !word.is_empty() && word.chars().count() <= MAX_TAG_CHARS;
            if fits && self.tags.len() < MAX_TAGS && !self.tags.iter().any(|t| t.eq_ignore_ascii_case(&word)) {
                self.tags.push(word);
            }
        }
    }

    /// Sets the author from a byline such as "By Jane Doe" or "Written by Sam Lee, health reporter".
    pub(crate) fn set_byline(&mut self, byline: &str) {
        let byline = collapse_spaces(byline);
        let name = ["written by ", "words by ", "by "]
            .iter()
            .find(|p| byline.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p)))
            .map_or(byline.as_str(), |p| &byline[p.len()..]);
        let name = name.trim().trim_end_matches(['.', ',', '|', '·']).trim();
        if !name.is_empty() && name.chars().count() <= MAX_NAME_CHARS {
            self.author = Some(name.to_string());
        }
    }

    /// Takes a "By Jane Doe · 3 March 2026" line off the top of a body into the author and date, when the
    /// body opens with one. Returns the body without it; a body that does not open with one is unchanged.
    pub(crate) fn take_credit_line(&mut self, body: &str) -> String {
        let (first, rest) = body.split_once("\n\n").unwrap_or((body, ""));
        if first.split_whitespace().count() > 12
            || first.starts_with(['#', '-', '*', '>', '!'])
            || rest.trim().is_empty()
        {
            return body.to_string();
        }
        let parts: Vec<&str> = first.split(['·', '|', '•']).map(str::trim).filter(|p| !p.is_empty()).collect();
        let is_byline =
            |p: &&str| p.to_lowercase().starts_with("by ") && p.split_whitespace().count() <= 6 && !p.ends_with('.');
        let credit = parts.iter().all(|p| is_byline(p) || date_in(p).is_some());
        if !credit {
            return body.to_string();
        }
        for part in &parts {
            if is_byline(part) {
                if self.author.is_none() {
                    self.set_byline(part);
                }
            } else if self.published.is_none() {
                self.published = date_in(part);
            }
        }
        rest.trim_start().to_string()
    }

    /// Records where the page was saved from, when that is a web address.
    pub(crate) fn set_origin(&mut self, url: &str, site: Option<&str>) {
        let url = url.trim();
        let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else { return };
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty() {
            return;
        }
        let publisher = site.map(collapse_spaces).filter(|s| !s.is_empty()).unwrap_or_else(|| host.to_string());
        let title = if self.title.is_empty() { publisher.clone() } else { self.title.clone() };
        self.sources = vec![Source { title, url: url.to_string(), publisher, supports: None }];
    }
}

/// Whitespace runs become one space; ends are trimmed.
pub(crate) fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A date as people write it on pages: `2026-03-03` (with or without a time), `March 3, 2026`,
/// `3 March 2026`, `Mar 3 2026`, somewhere in `text`. Returns `YYYY-MM-DD`.
pub(crate) fn date_in(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '·' | '|' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    for (i, word) in words.iter().enumerate() {
        if let Some(date) = frontmatter::parse_date(word) {
            return Some(date);
        }
        let Some(month) = month_of(word) else { continue };
        let day_then_year = words.get(i + 1).zip(words.get(i + 2));
        let day_before = i.checked_sub(1).and_then(|d| words.get(d)).zip(words.get(i + 1));
        for (day, year) in day_then_year.into_iter().chain(day_before) {
            if let Some(date) = ymd(year, month, day) {
                return Some(date);
            }
        }
    }
    None
}

fn month_of(word: &str) -> Option<usize> {
    if word.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| m.starts_with(word) || (word.len() > 3 && word.starts_with(*m))).map(|m| m + 1)
}

fn ymd(year: &str, month: usize, day: &str) -> Option<String> {
    let day = day.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // 3rd, 21st
    let (year, day): (u32, u32) = (year.parse().ok()?, day.parse().ok()?);
    let date = format!("{year:04}-{month:02}-{day:02}");
    ((1900..=2200).contains(&year) && frontmatter::parse_date(&date).is_some()).then_some(date)
}

#[cfg(test)]
mod tests;
