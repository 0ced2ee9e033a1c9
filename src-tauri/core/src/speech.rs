//! What read-aloud says, one sentence at a time, and where each sentence sits in the article.
//!
//! Read-aloud speaks an article through the operating system's speech engine, a sentence per utterance. Speaking
//! sentence by sentence is what makes the rest work the same on every engine: the sentence being read can be
//! highlighted (an engine's own word events differ by platform, and some have none), pausing stops at a sentence
//! and resuming starts it again (engines disagree on mid-utterance pause), and previous/next paragraph is a jump
//! to a sentence.
//!
//! A [`Script`] is made from the article's title and its sanitized HTML. Each body sentence carries its character
//! range in the article's anchor text (see [`crate::anchor`]): the same offsets highlights use, so the UI finds
//! the sentence in the page it shows. Footnote markers (`<sup>`) and the footnotes themselves are not spoken;
//! their characters still count, so the ranges stay true.

use serde::Serialize;

use crate::anchor::{for_each_piece, Piece};

/// One utterance: a sentence of the body, or the title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// 0 for the title; body paragraphs (headings, paragraphs, list items...) count from 1.
    pub paragraph: usize,
    /// Character range in the article's anchor text (empty for the title, which is not part of the body).
    pub start: usize,
    pub end: usize,
    /// True for the title.
    pub title: bool,
    /// The words to speak: the sentence's text with runs of spaces and line breaks made one space.
    pub text: String,
}

/// An article as read-aloud speaks it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    pub sentences: Vec<Sentence>,
}

/// Elements whose start or end begins a new paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Elements with no end tag.
const VOID: &[&str] = &["area", "br", "col", "hr", "img", "input", "source", "track", "wbr"];

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "approx", "cf", "co", "dr", "e.g", "fig", "i.e", "inc", "jr", "ltd", "mr", "mrs", "ms", "no", "prof", "sr", "st",
    "vs",
];

impl Script {
    /// The script of an article: its title, then every sentence of its body, in order.
    pub fn new(title: &str, html: &str) -> Script {
        let mut sentences = Vec::new();
        let title_text = spoken(title.chars());
        if !title_text.is_empty() {
            sentences.push(Sentence { paragraph: 0, start: 0, end: 0, title: true, text: title_text });
        }
        let mut walker = Walker { sentences, paragraph: 0, pos: 0, chars: Vec::new(), open: Vec::new(), silent: 0 };
        for_each_piece(html, |piece| match piece {
            Piece::Text(text) => walker.text(text),
            Piece::Tag(tag) => walker.tag(tag),
        });
        walker.flush();
        Script { sentences: walker.sentences }
    }

    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// The first sentence that ends after character `offset` of the body (where a reader who has scrolled to
    /// `offset` would want to start listening); the title when `offset` is 0.
    pub fn at_offset(&self, offset: usize) -> usize {
        if offset == 0 {
            return 0;
        }
        self.sentences.iter().position(|s| !s.title && s.end > offset).unwrap_or(0)
    }

    /// The first sentence of the next paragraph after sentence `index`'s, if there is one.
    pub fn next_paragraph(&self, index: usize) -> Option<usize> {
        let paragraph = self.sentences.get(index)?.paragraph;
        self.sentences.iter().skip(index + 1).position(|s| s.paragraph != paragraph).map(|n| index + 1 + n)
    }

    /// Back a paragraph, as a media player goes back a track: to the start of sentence `index`'s own paragraph when
    /// it is not already there, else to the start of the paragraph before.
    pub fn previous_paragraph(&self, index: usize) -> usize {
        let index = index.min(self.sentences.len().saturating_sub(1));
        let start = self.paragraph_start(index);
        if start < index || start == 0 {
            start
        } else {
            self.paragraph_start(start - 1)
        }
    }

    fn paragraph_start(&self, index: usize) -> usize {
        let Some(paragraph) = self.sentences.get(index).map(|s| s.paragraph) else { return 0 };
        self.sentences[..index].iter().rposition(|s| s.paragraph != paragraph).map_or(0, |i| i + 1)
    }
}

/// Walks the HTML's pieces, gathering each paragraph's spoken characters with their offsets.
struct Walker {
    sentences: Vec<Sentence>,
    paragraph: usize,
    /// Characters of anchor text seen so far.
    pos: usize,
    /// The current paragraph's spoken characters and their offsets.
    chars: Vec<(usize, char)>,
    /// Open elements, and whether each silences its content.
    open: Vec<(String, bool)>,
    /// How many open elements silence their content.
    silent: usize,
}

impl Walker {
    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if self.silent == 0 {
                self.chars.push((self.pos, c));
            }
            self.pos += 1;
        }
    }

    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with("</");
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name.is_empty() {
            return; // a comment or a doctype: no text, no structure
        }
        if BLOCKS.contains(&name.as_str()) {
            self.flush();
        } else if name == "br" {
            // A line break ends a sentence (an address, a verse) without ending the paragraph.
            self.end_sentence();
        }
        if closing {
            if let Some(at) = self.open.iter().rposition(|(open, _)| *open == name) {
                for (_, silences) in self.open.drain(at..) {
                    self.silent -= usize::from(silences);
                }
            }
        } else if !VOID.contains(&name.as_str()) && !tag.ends_with("/>") {
            // Footnote markers and the footnotes themselves are read with the eyes, not aloud.
            let silences = name == "sup" || tag.contains("footnote-definition");
            self.silent += usize::from(silences);
            self.open.push((name, silences));
        }
    }

    /// Ends the current paragraph.
    fn flush(&mut self) {
        self.end_sentence();
        if self.sentences.last().is_some_and(|s| s.paragraph == self.paragraph && !s.title) {
            self.paragraph += 1;
        }
    }

    /// Splits what has gathered into sentences, as part of the current paragraph.
    fn end_sentence(&mut self) {
        if self.chars.iter().all(|(_, c)| c.is_whitespace()) {
            self.chars.clear();
            return;
        }
        let paragraph = self.paragraph.max(1);
        self.paragraph = paragraph;
        for range in split_sentences(&self.chars) {
            let piece = &self.chars[range];
            let text = spoken(piece.iter().map(|(_, c)| *c));
            if text.is_empty() {
                continue;
            }
            let first = piece.iter().position(|(_, c)| !c.is_whitespace()).unwrap_or(0);
            let last = piece.iter().rposition(|(_, c)| !c.is_whitespace()).unwrap_or(0);
            self.sentences.push(Sentence {
                paragraph,
                start: piece[first].0,
                end: piece[last].0 + 1,
                title: false,
                text,
            });
        }
        self.chars.clear();
    }
}

/// `chars` with runs of whitespace made one space, trimmed.
fn spoken(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in chars {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The sentences of a paragraph, as index ranges into `chars`. A sentence ends at `.`, `!`, `?` or `…` (and any
/// closing quotes or brackets after it) followed by a space and then a word that does not start in lower case;
/// a full stop after an abbreviation or an initial does not end one, nor does one inside a number or a web
/// address.
fn split_sentences(chars: &[(usize, char)]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut begin = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if !matches!(c, '.' | '!' | '?' | '…') {
            i += 1;
            continue;
        }
        let mut after = i + 1;
        while after < chars.len() && is_closing(chars[after].1) {
            after += 1;
        }
        let mut next = after;
        while next < chars.len() && chars[next].1.is_whitespace() {
            next += 1;
        }
        let ends = next > after
            && next < chars.len()
            && !chars[next].1.is_lowercase()
            && !(c == '.' && abbreviation(&chars[begin..i]));
        if ends {
            out.push(begin..after);
            begin = next;
            i = next;
        } else {
            i = after.max(i + 1);
        }
    }
    if begin < chars.len() {
        out.push(begin..chars.len());
    }
    out
}

fn is_closing(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

/// Whether the word just before a full stop is an abbreviation or an initial ("Dr", "e.g", "J").
fn abbreviation(before: &[(usize, char)]) -> bool {
    let start = before.iter().rposition(|(_, c)| c.is_whitespace()).map_or(0, |i| i + 1);
    let word: String = before[start..]
        .iter()
        .map(|(_, c)| *c)
        .skip_while(|c| !c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let mut letters = word.chars();
    let initial = matches!((letters.next(), letters.next()), (Some(c), None) if c.is_alphabetic());
    initial || ABBREVIATIONS.contains(&word.as_str()) || (word.contains('.') && word.len() <= 5)
}

#[cfg(test)]
mod tests;
