//! Search snippets: a short window of an article's plain text around what the reader searched for, with the
//! matching words marked.
//!
//! FTS5's own `snippet()` re-tokenizes a result's whole body through the Porter stemmer, about a third of a
//! millisecond per article: most of a search's time once ranking is bounded. Here the words are found directly:
//! each searched word becomes a *stem*, the word without the ending the Porter stemmer would take off ("effects"
//! → "effect", "recovery" → "recover"), and a word in the text matches when it begins with a stem. The window is
//! the stretch of text holding the most different searched words among the first matches.

use crate::{render, text};

/// Words in a snippet.
const WINDOW_WORDS: usize = 24;

/// Words shown before the first match in the window.
const LEAD_WORDS: usize = 5;

/// How much of an article is looked through for matches; a match further in is rare, and the opening serves.
const SCAN_BYTES: usize = 256 * 1024;

/// How far before the first occurrence of a stem reading begins: room for the lead words.
const LEAD_BYTES: usize = 160;

/// Matches considered as window positions.
const MAX_CANDIDATES: usize = 64;

/// Endings taken off a searched word to find its stem, longest first. The stem keeps at least four letters.
const ENDINGS: [&str; 22] = [
    "ations", "ation", "ities", "ments", "ness", "ings", "ment", "ity", "ies", "ied", "ing", "ion", "ful", "ous",
    "ive", "al", "ly", "ed", "es", "er", "s", "y",
];

/// What a search looks for in the text: one stem per searched word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needles {
    stems: Vec<Stem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Stem {
    text: String,
    /// Short words match only themselves: "to" must not mark "today".
    whole_word: bool,
}

impl Needles {
    /// The stems of the words in what a person typed; the last word, while being typed, matches as a prefix.
    pub fn from_input(input: &str) -> Needles {
        let words = text::words(input);
        let typing = !input.ends_with(char::is_whitespace) && !input.trim_end().ends_with('"');
        let mut stems: Vec<Stem> = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let stem = if typing && i + 1 == words.len() { typed_stem(word) } else { stem_of(word) };
            if !stems.contains(&stem) {
                stems.push(stem);
            }
        }
        Needles { stems }
    }

    /// Where the first stem occurs in `text` as a substring, ignoring ASCII case. `Some(0)` when a stem is not
    /// ASCII (its case cannot be folded this way) so that the text is read from the start.
    fn first_occurrence(&self, text: &str) -> Option<usize> {
        if self.stems.iter().any(|s| !s.text.is_ascii()) {
            return Some(0);
        }
        let lower = text.to_ascii_lowercase();
        self.stems.iter().filter_map(|s| lower.find(&s.text)).min()
    }

    /// The length of the longest stem, in bytes.
    fn longest(&self) -> usize {
        self.stems.iter().map(|s| s.text.len()).max().unwrap_or(0)
    }

    /// Which stem, if any, `word` matches, ignoring case (without allocating for ASCII words).
    fn matching(&self, word: &str) -> Option<usize> {
        if word.is_ascii() {
            return self.stems.iter().position(|s| {
                let head = word.as_bytes().get(..s.text.len());
                head.is_some_and(|h| h.eq_ignore_ascii_case(s.text.as_bytes()))
                    && (!s.whole_word || word.len() == s.text.len())
            });
        }
        let word = word.to_lowercase();
        self.stems.iter().position(|s| if s.whole_word { word == s.text } else { word.starts_with(&s.text) })
    }
}

fn stem_of(word: &str) -> Stem {
    let chars = word.chars().count();
    if chars <= 3 {
        return Stem { text: word.to_string(), whole_word: true };
    }
    let text = ENDINGS
        .iter()
        .find_map(|ending| word.strip_suffix(ending).filter(|stem| stem.chars().count() >= 4))
        .unwrap_or(word);
    Stem { text: text.to_string(), whole_word: false }
}

/// A half-typed word matches what begins with it, or with its part before a suffix being typed, as the search
/// itself does ("medicatio" finds "medical" through "medic").
fn typed_stem(word: &str) -> Stem {
    let typed = text::typing_stem(word).unwrap_or(word);
    Stem { text: typed.to_string(), whole_word: false }
}

/// The snippet for one article's text, HTML-escaped, with matches in `<mark>`. Text with no match gives its
/// opening words.
pub fn snippet(text: &str, needles: &Needles) -> String {
    snippet_of(text, needles, false, &mut Reading::default()).unwrap_or_default()
}

/// The snippet for an article's Markdown body, rendering only as much of its text as the snippet needs
/// ([`render::plain_text_deciding`]): the same as [`snippet`] of its whole [`render::plain_text`].
pub fn of_markdown(body: &str, needles: &Needles) -> String {
    let mut reading = Reading::default();
    render::plain_text_deciding(body, |text, continues| snippet_of(text, needles, continues, &mut reading))
        .unwrap_or_default()
}

/// How far a text's words have been read for its snippet, kept from one look at a growing text to the next, so
/// that each word is read once however often the text is looked at. Only what the text so far settles is kept:
/// where reading begins, and the words (and matches among them) before the last, which may still grow.
#[derive(Default)]
struct Reading {
    /// Where reading begins (a little before the first place a stem occurs), once a stem has been found.
    from: Option<usize>,
    /// Words read, as byte spans from `from`.
    words: Vec<(usize, usize)>,
    /// Matches among them: (word, stem).
    matches: Vec<(usize, usize)>,
    /// The first word of the window, once settled.
    chosen: Option<usize>,
}

impl Reading {
    /// Forgets the last word read when more text may make it longer ([`may_grow`]), and the match and window it
    /// made. A window settles only as a match is read, so a window settled before that word holds no match of it.
    fn unread_cut_word(&mut self, read: &str) {
        if self.words.last().is_some_and(|&(_, end)| may_grow(read, end)) {
            let index = self.words.len() - 1;
            self.words.pop();
            if self.matches.last().is_some_and(|&(word, _)| word == index) {
                self.matches.pop();
                self.chosen = None;
            }
        }
    }
}

/// [`snippet`] of `text`, or, when `continues` (`text` is only the start of the text), `None` if more of the text
/// could change the snippet. Only a snippet whose window, every word of it whole, and a word after it are all
/// in `text` is given early: everything it depends on is then already there. `reading` carries what earlier,
/// shorter starts of the same text settled.
fn snippet_of(text: &str, needles: &Needles, continues: bool, reading: &mut Reading) -> Option<String> {
    let scanned = &text[..floor_boundary(text, SCAN_BYTES)];
    // Beyond SCAN_BYTES nothing more would be read anyway.
    let open_end = continues && scanned.len() == text.len();
    // Words are read from a little before the first place a stem occurs at all (found by a plain substring
    // search, much cheaper than reading words), and only as far as needed: up to a window holding every stem
    // (or the best of the first candidates), plus that window's words.
    let from = match reading.from {
        Some(from) => Some(from),
        None => {
            let occurrence = needles.first_occurrence(scanned);
            if open_end {
                match occurrence {
                    // No stem yet: the snippet may lie further on.
                    None => return None,
                    // A stem ending past the text so far could still occur before this one.
                    Some(at) if at + needles.longest() > scanned.len() => return None,
                    Some(_) => {}
                }
            }
            occurrence.map(|at| floor_boundary(scanned, at.saturating_sub(LEAD_BYTES)))
        }
    };
    reading.from = from;
    let from = from.unwrap_or(0);
    // No stem anywhere: the opening words are the snippet, and nothing more is read.
    let most_words = if reading.from.is_some() { usize::MAX } else { WINDOW_WORDS + 1 };
    let scanned_from = &scanned[from..];
    let resume = reading.words.last().map_or(0, |&(_, end)| end);
    let Reading { words, matches, chosen, .. } = reading;
    let mut window_read = chosen.is_some_and(|first| words.len() >= first.saturating_sub(LEAD_WORDS) + WINDOW_WORDS);
    let unread = WordSpans::new(&scanned_from[resume..]).map(|(start, end)| (resume + start, resume + end));
    for (start, end) in unread.take(most_words.saturating_sub(words.len())) {
        if window_read {
            break;
        }
        let index = words.len();
        words.push((start, end));
        if chosen.is_none() {
            if let Some(stem) = needles.matching(&scanned_from[start..end]) {
                matches.push((index, stem));
                *chosen = window_with_every_stem(matches, needles.stems.len());
                if chosen.is_none() && matches.len() >= MAX_CANDIDATES {
                    *chosen = best_window(matches);
                }
            }
        }
        window_read = chosen.is_some_and(|first| words.len() >= first.saturating_sub(LEAD_WORDS) + WINDOW_WORDS);
    }
    // Read to the end of the text so far without settling on a window, or with the window's last word perhaps cut
    // short where the text so far ends: more text could change the snippet.
    if open_end && (!window_read || words.last().is_none_or(|&(_, end)| may_grow(scanned_from, end))) {
        reading.unread_cut_word(scanned_from);
        return None;
    }
    let (words, matches, chosen) = (&reading.words, &reading.matches, reading.chosen);
    let complete = chosen.is_some() || words.len() < WINDOW_WORDS;
    let first = chosen.or_else(|| best_window(matches));
    // Lead words before the first match, but not a partial word where reading began.
    let start = first.map_or(0, |first| first.saturating_sub(LEAD_WORDS).max(usize::from(from > 0)));
    let end = (start + WINDOW_WORDS).min(words.len());
    if start >= end {
        if open_end {
            reading.unread_cut_word(scanned_from);
            return None;
        }
        return Some(String::new());
    }
    let scanned = scanned_from;
    let mut out = String::with_capacity(WINDOW_WORDS * 10);
    if start > 0 || from > 0 {
        out.push('…');
    }
    let mut at = words[start].0;
    for &(word_start, word_end) in &words[start..end] {
        escape_into(&mut out, &scanned[at..word_start]);
        let word = &scanned[word_start..word_end];
        if needles.matching(word).is_some() {
            out.push_str("<mark>");
            escape_into(&mut out, word);
            out.push_str("</mark>");
        } else {
            escape_into(&mut out, word);
        }
        at = word_end;
    }
    let more_words = end < words.len() || !complete || WordSpans::new(&scanned[at..]).next().is_some();
    if more_words || from + scanned.len() < text.len() {
        out.push('…');
    } else if open_end {
        // Whether the text ends here, or only with what is read next.
        reading.unread_cut_word(scanned_from);
        return None;
    } else {
        escape_into(&mut out, scanned[at..].trim_end());
    }
    Some(out)
}

/// Whether the word ending at `end` of `text`, the text so far, may be longer in the whole text: it ends where
/// the text does, or only an apostrophe follows it, which a letter may yet follow ("don’" of "don’t").
fn may_grow(text: &str, end: usize) -> bool {
    text[end..].trim_start_matches(['\'', '’']).is_empty()
}

/// The first word of a window that holds every stem, if the latest match completes one.
fn window_with_every_stem(matches: &[(usize, usize)], stems: usize) -> Option<usize> {
    let &(last, _) = matches.last()?;
    let mut seen: Vec<usize> = Vec::new();
    let mut first = last;
    for &(word, stem) in matches.iter().rev().take_while(|(word, _)| last - word < WINDOW_WORDS - LEAD_WORDS) {
        first = word;
        if !seen.contains(&stem) {
            seen.push(stem);
        }
    }
    (seen.len() == stems).then_some(first)
}

/// The first word of the window, among the first matches, holding the most different stems.
fn best_window(matches: &[(usize, usize)]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None; // (distinct stems, first word)
    for (n, &(first, _)) in matches.iter().enumerate().take(MAX_CANDIDATES) {
        let mut seen: Vec<usize> = Vec::new();
        for &(word, stem) in &matches[n..] {
            if word >= first + WINDOW_WORDS - LEAD_WORDS {
                break;
            }
            if !seen.contains(&stem) {
                seen.push(stem);
            }
        }
        if best.is_none_or(|(count, _)| seen.len() > count) {
            best = Some((seen.len(), first));
        }
    }
    best.map(|(_, first)| first)
}

/// Byte ranges of the words in a text, in order: runs of letters and digits, apostrophes inside a word kept.
struct WordSpans<'a> {
    text: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
}

impl<'a> WordSpans<'a> {
    fn new(text: &'a str) -> WordSpans<'a> {
        WordSpans { text, chars: text.char_indices().peekable() }
    }
}

impl Iterator for WordSpans<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let mut start: Option<usize> = None;
        while let Some((i, c)) = self.chars.next() {
            let inner_apostrophe = matches!(c, '\'' | '’')
                && start.is_some()
                && self.chars.peek().is_some_and(|&(_, next)| next.is_alphanumeric());
            if c.is_alphanumeric() || inner_apostrophe {
                start.get_or_insert(i);
            } else if let Some(s) = start {
                return Some((s, i));
            }
        }
        start.map(|s| (s, self.text.len()))
    }
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' | '\t' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            _ => out.push(c),
        }
    }
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests;
