//! A plain text file turned into a Markdown article.
//!
//! Text files come in two shapes: notes people wrote, and text copied from a whole web page, with the site's
//! menus, "Subscribe" and "Share" lines, ad labels, sign-in boxes, cookie notices and footers around the
//! article. The rules here, in order:
//!
//! 1. Each line is classed as *chrome* (a known site phrase, a menu of short items, a cookie or copyright
//!    notice), *prose* (sentence-like: long, or ending like a sentence) or *short* (everything else).
//! 2. The article starts at the headline before the first prose line (the longest short line there, or a
//!    `# Title` / underlined line) and ends before the first "Comments", "Related articles", copyright or
//!    similar line that follows it. Without a headline, the title is the first sentence-like line.
//! 3. Inside the article only chrome lines are dropped, plus menu-like short lines trailing the last prose:
//!    a paragraph of the article itself is never dropped, however short.
//!
//! What is kept is escaped, so text that happens to look like Markdown or HTML shows as written.

mod phrases;

use super::meta::{self, Meta};
use crate::error::{Error, Result};
use crate::markdown::escape;
use phrases::{ARTICLE_ENDS, CHROME_LINES, CHROME_OPENINGS, NOTICE_OPENINGS};

/// Lines before the first prose line searched for a headline.
const HEADLINE_WINDOW: usize = 12;

/// Converts a text file's contents to a Markdown article with front matter. `name` labels errors and gives the
/// title when nothing in the text can.
pub(crate) fn to_markdown(text: &str, name: &str) -> Result<String> {
    let lines = lines_of(text);
    if lines.is_empty() {
        return Err(Error::invalid(format!("{name}: the file is empty")));
    }
    let classes: Vec<Class> = lines.iter().map(|l| classify(&l.text)).collect();
    let Some(first_prose) = classes.iter().position(|c| *c == Class::Prose) else {
        return short_note(&lines, &classes, name);
    };
    let mut meta = Meta::default();
    let headline = find_headline(&lines, &classes, first_prose);
    let start = match headline {
        Some(h) => {
            meta.title = meta::collapse_spaces(lines[h].text.trim_start_matches('#'));
            // An underline belongs to the headline.
            if lines.get(h + 1).is_some_and(|l| is_rule(&l.text)) {
                h + 2
            } else {
                h + 1
            }
        }
        // A question standing alone before the text ("How long does detox take?") reads as a sentence, but it
        // is the headline.
        None if is_question_headline(&lines, &classes, first_prose) => {
            meta.title = meta::collapse_spaces(&lines[first_prose].text);
            first_prose + 1
        }
        None => {
            meta.title = first_sentence(&lines[first_prose].text);
            first_prose
        }
    };
    let end = (first_prose..lines.len()).find(|&i| is_article_end(&lines[i].text)).unwrap_or(lines.len());
    let last_prose = (first_prose..end).rev().find(|&i| classes[i] == Class::Prose).unwrap_or(first_prose);
    // Menu-like lines after the text are dropped only from what is evidently a copy of a web page.
    let page_copy = classes.contains(&Class::Chrome);
    let mut kept = Vec::new();
    for i in start..end {
        let line = &lines[i];
        if classes[i] == Class::Chrome || is_rule(&line.text) {
            continue;
        }
        if i < first_prose {
            // Between the headline and the text: a byline and a date are metadata; anything else (a subtitle)
            // is kept.
            if is_byline(&line.text) {
                meta.set_byline(&line.text);
                continue;
            }
            // A reviewer's credit belongs to the page, not the text.
            if is_review_line(&line.text) {
                continue;
            }
            if let Some(date) = date_line(&line.text) {
                meta.published.get_or_insert(date);
                continue;
            }
        }
        if page_copy && i > last_prose && !is_list_item(&line.text) && looks_like_menu_item(&line.text) {
            continue;
        }
        kept.push(i);
    }
    Ok(meta.to_markdown(&assemble(&lines, &classes, &kept)))
}

/// A text with no sentence-like line at all: a short note. Everything but chrome is kept.
fn short_note(lines: &[Line], classes: &[Class], name: &str) -> Result<String> {
    let kept: Vec<usize> =
        (0..lines.len()).filter(|&i| classes[i] != Class::Chrome && !is_rule(&lines[i].text)).collect();
    let Some(&first) = kept.first() else {
        return Err(Error::invalid(format!("{name}: Haven found no article text in this file")));
    };
    let meta = Meta { title: first_sentence(&lines[first].text), ..Meta::default() };
    Ok(meta.to_markdown(&assemble(lines, classes, &kept)))
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    text: String,
    /// A blank line came before this one.
    after_blank: bool,
}

/// Non-blank lines, trimmed, with tabs and no-break spaces as plain spaces.
fn lines_of(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut after_blank = false;
    for raw in text.trim_start_matches('\u{feff}').lines() {
        let text: String =
            raw.chars().map(|c| if matches!(c, '\t' | '\u{a0}' | '\u{2007}' | '\u{202f}') { ' ' } else { c }).collect();
        let text = text.trim();
        if text.is_empty() {
            after_blank = true;
        } else {
            lines.push(Line { text: text.to_string(), after_blank });
            after_blank = false;
        }
    }
    lines
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Chrome,
    Prose,
    Short,
}

fn classify(line: &str) -> Class {
    if is_chrome(line) {
        Class::Chrome
    } else if is_prose(line) {
        Class::Prose
    } else {
        Class::Short
    }
}

fn words(line: &str) -> usize {
    line.split_whitespace().count()
}

fn ends_like_a_sentence(line: &str) -> bool {
    line.trim_end_matches(['"', '\'', '”', '’', ')', '*']).ends_with(['.', '!', '?', '…'])
}

fn is_prose(line: &str) -> bool {
    let n = words(line);
    n >= 12 || (n >= 5 && !is_list_item(line) && ends_like_a_sentence(line))
}

fn normalized(line: &str) -> String {
    let lower = line.to_lowercase();
    let trimmed = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '©');
    // "Comments (12)", "Share 24"
    let without_count = trimmed.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '(' | ')' | ' '));
    meta::collapse_spaces(if without_count.is_empty() { trimmed } else { without_count })
}

fn is_chrome(line: &str) -> bool {
    let plain = normalized(line);
    let lower = line.to_lowercase();
    if NOTICE_OPENINGS.iter().any(|o| lower.starts_with(o)) || lower.contains("all rights reserved") {
        return true;
    }
    // A picture's caption with its credit, however long.
    if words(line) <= 40 && is_caption(&lower) {
        return true;
    }
    if words(line) > 12 {
        return false;
    }
    CHROME_LINES.contains(&plain.as_str())
        || CHROME_OPENINGS.iter().any(|o| lower.starts_with(o))
        || is_reading_time(&plain)
        || is_menu(line)
}

/// "6 min read", "4 minute read".
fn is_reading_time(plain: &str) -> bool {
    let rest = plain.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start();
    rest != plain && ["min read", "mins read", "minute read", "minutes read"].contains(&rest)
}

/// A line of three or more short items separated by `|`, `•`, `·`, `»`, `›`, `>`, ` / ` or wide gaps: a menu,
/// or a breadcrumb trail ("Home > Addiction > Alcohol").
fn is_menu(line: &str) -> bool {
    let items: Vec<&str> = if line.contains(['|', '•', '·', '»', '›', '>']) {
        line.split(['|', '•', '·', '»', '›', '>']).collect()
    } else if line.contains(" / ") {
        line.split(" / ").collect()
    } else {
        line.split("  ").collect()
    };
    let items: Vec<&str> = items.into_iter().map(str::trim).filter(|i| !i.is_empty()).collect();
    items.len() >= 3 && items.iter().all(|i| words(i) <= 3 && i.chars().count() <= 30 && !i.ends_with('.'))
}

/// A line that starts what follows an article: its comments, related links, the site's footer.
fn is_article_end(line: &str) -> bool {
    let plain = normalized(line);
    let lower = line.to_lowercase();
    words(line) <= 8
        && (ARTICLE_ENDS.contains(&plain.as_str())
            || plain.ends_with(" comments")
            || plain.starts_with("more from ")
            || lower.starts_with('©')
            || lower.starts_with("copyright ")
            || lower.contains("all rights reserved"))
}

/// The headline: a `# Title` or underlined line, else the short line among the few before the first prose line
/// that reads most like one ([`headline_score`]). Ties go to the earlier line: a headline comes before its
/// standfirst and its picture.
fn find_headline(lines: &[Line], classes: &[Class], first_prose: usize) -> Option<usize> {
    let window = first_prose.saturating_sub(HEADLINE_WINDOW)..first_prose;
    let candidate = |i: &usize| {
        let text = &lines[*i].text;
        classes[*i] == Class::Short
            && !is_byline(text)
            && !is_review_line(text)
            && date_line(text).is_none()
            && !is_list_item(text)
            && !is_rule(text)
            && words(text) <= 25
            && text.chars().count() <= 200
    };
    let marked = window
        .clone()
        .filter(candidate)
        .find(|&i| lines[i].text.starts_with("# ") || lines.get(i + 1).is_some_and(|next| is_rule(&next.text)));
    marked.or_else(|| {
        window
            .filter(candidate)
            .filter(|&i| words(&lines[i].text) >= 3)
            .map(|i| (headline_score(lines, i, first_prose), std::cmp::Reverse(i)))
            .filter(|&(score, _)| score > 0)
            .max()
            .map(|(_, std::cmp::Reverse(i))| i)
    })
}

/// How much line `i` reads like the article's headline rather than a caption, a button, a tagline or the site's
/// name: its length (a headline says more than a label), then what surrounds it. A byline, a date or a
/// "reviewed by" line just below is the strongest sign; a picture credit, a call to action, a phone number or a
/// line the page repeats elsewhere (a site's name, a menu item) count against.
fn headline_score(lines: &[Line], i: usize, first_prose: usize) -> i32 {
    let text = &lines[i].text;
    let lower = text.to_lowercase();
    let n = words(text) as i32;
    let mut score = n.min(14);
    let below = &lines[i + 1..first_prose.min(i + 3)];
    if below.iter().any(|l| is_byline(&l.text) || is_review_line(&l.text) || date_line(&l.text).is_some()) {
        score += 10;
    }
    if is_title_case(text) || text.ends_with('?') {
        score += 3;
    }
    if is_call_to_action(&lower) || has_phone_number(text) || text.ends_with(':') {
        score -= 20;
    }
    if lines.iter().enumerate().any(|(j, l)| j != i && l.text.eq_ignore_ascii_case(text)) {
        score -= 8;
    }
    score
}

/// Line `i` is one short question, and prose follows it.
fn is_question_headline(lines: &[Line], classes: &[Class], i: usize) -> bool {
    let text = &lines[i].text;
    text.ends_with('?')
        && words(text) <= 14
        && !text[..text.len() - 1].contains(['.', '?', '!'])
        && classes.get(i + 1) == Some(&Class::Prose)
}

/// Most words of four letters or more capitalised, as English headlines are often written.
fn is_title_case(text: &str) -> bool {
    let long: Vec<&str> =
        text.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4).collect();
    let capitalised =
        long.iter().filter(|w| w.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase)).count();
    long.len() >= 2 && capitalised * 10 >= long.len() * 7
}

/// A picture's caption or credit line.
fn is_caption(lower: &str) -> bool {
    const MARKS: [&str; 12] = [
        "photo:",
        "photo by",
        "photograph:",
        "image:",
        "image credit",
        "picture:",
        "credit:",
        "getty images",
        "istock",
        "shutterstock",
        "adobe stock",
        "(photo",
    ];
    MARKS.iter().any(|m| lower.contains(m)) || lower.starts_with("pictured") || lower.ends_with("stock photo")
}

/// A button or banner asking the reader to do something now: call, sign up, check their insurance.
fn is_call_to_action(lower: &str) -> bool {
    const OPENINGS: [&str; 16] = [
        "call ",
        "call now",
        "get help",
        "get started",
        "find a ",
        "find treatment",
        "contact us",
        "speak to ",
        "speak with ",
        "talk to ",
        "verify your insurance",
        "check your insurance",
        "book ",
        "download ",
        "learn more",
        "read more",
    ];
    OPENINGS.iter().any(|o| lower.starts_with(o)) || lower.contains("24/7") || lower.contains("free consultation")
}

/// Seven or more digits in a line of a few words: a phone number on a button or banner.
fn has_phone_number(text: &str) -> bool {
    text.chars().filter(char::is_ascii_digit).count() >= 7 && words(text) <= 10
}

/// "Medically reviewed by Dr Ana Ruiz", "Reviewed by ...", "Fact checked by ...": credits under a headline.
fn is_review_line(line: &str) -> bool {
    let lower = line.to_lowercase();
    ["medically reviewed by ", "clinically reviewed by ", "reviewed by ", "fact checked by ", "fact-checked by "]
        .iter()
        .any(|o| lower.starts_with(o))
        && words(line) <= 12
}

fn is_byline(line: &str) -> bool {
    let lower = line.to_lowercase();
    (lower.starts_with("by ") || lower.starts_with("written by ") || lower.starts_with("words by "))
        && words(line) <= 10
}

/// The date on a short "Published 3 March 2026" style line.
fn date_line(line: &str) -> Option<String> {
    if words(line) > 10 {
        return None;
    }
    meta::date_in(line)
}

/// `====`, `----`, `****`, `____`: underlines and separators.
fn is_rule(line: &str) -> bool {
    let line = line.replace(' ', "");
    line.len() >= 3 && ['=', '-', '*', '_', '~'].iter().any(|&c| line.chars().all(|x| x == c))
}

/// A short line with no sentence ending, of the kind a site's footer menu is made of.
fn looks_like_menu_item(line: &str) -> bool {
    words(line) <= 4 && !ends_like_a_sentence(line)
}

fn is_list_item(line: &str) -> bool {
    list_marker(line).is_some()
}

/// The Markdown marker for a list item line and the text after it: `- ` for bullets, `N. ` for numbers.
fn list_marker(line: &str) -> Option<(String, &str)> {
    for bullet in ['•', '◦', '▪', '‣', '-', '–', '*', '·'] {
        if let Some(rest) = line.strip_prefix(bullet) {
            if rest.starts_with(' ') {
                return Some(("- ".to_string(), rest.trim_start()));
            }
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if let Some(after) = rest.strip_prefix(['.', ')']).filter(|a| a.starts_with(' ')) {
            return Some((format!("{}. ", &line[..digits]), after.trim_start()));
        }
    }
    None
}

/// Turns the kept lines into Markdown blocks. Hard-wrapped lines (a long line that does not end a sentence,
/// then another without a blank between) are joined into one paragraph; a short line standing alone before a
/// paragraph becomes a section heading.
fn assemble(lines: &[Line], classes: &[Class], kept: &[usize]) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut in_list = false;
    for (n, &i) in kept.iter().enumerate() {
        let line = &lines[i];
        if let Some((marker, rest)) = list_marker(&line.text) {
            let item = format!("{marker}{}", escape(rest));
            match blocks.last_mut() {
                Some(list) if in_list => {
                    list.push('\n');
                    list.push_str(&item);
                }
                _ => blocks.push(item),
            }
            in_list = true;
            continue;
        }
        let previous = n.checked_sub(1).map(|p| &lines[kept[p]]);
        let continues = previous.is_some_and(|p| {
            !in_list
                && !line.after_blank
                && kept[n - 1] + 1 == i
                && p.text.chars().count() >= 50
                && !ends_like_a_sentence(&p.text)
        });
        in_list = false;
        if continues {
            if let Some(paragraph) = blocks.last_mut() {
                paragraph.push(' ');
                paragraph.push_str(&escape(&line.text));
                continue;
            }
        }
        let next_is_prose = kept.get(n + 1).is_some_and(|&j| classes[j] == Class::Prose);
        let heading = classes[i] == Class::Short
            && next_is_prose
            && words(&line.text) <= 12
            && line.text.chars().count() <= 90
            && !line.text.trim_end().ends_with(['.', ',', ';', ':']);
        blocks.push(if heading {
            format!("## {}", escape(line.text.trim_start_matches('#').trim()))
        } else {
            escape(&line.text)
        });
    }
    blocks.join("\n\n")
}

/// The first sentence of a line, cut to a title's length at a word boundary.
fn first_sentence(line: &str) -> String {
    let end = line
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && line[i + c.len_utf8()..].starts_with(' '))
        .map_or(line.len(), |(i, c)| i + c.len_utf8());
    let sentence = line[..end].trim_end_matches('.').trim();
    if sentence.chars().count() <= 90 {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(90).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests;
