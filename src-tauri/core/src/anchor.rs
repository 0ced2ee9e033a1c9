//! Where a highlight sits in an article, in a form that survives the article changing under it.
//!
//! An article's *anchor text* is the text of its sanitized HTML, text node after text node, exactly as a webview's
//! `textContent` of the article body reads it; offsets into it count characters (Unicode scalar values), which
//! the UI converts from and to its own. A highlight is kept as the W3C Web Annotation model keeps one: the exact
//! quote, up to [`CONTEXT`] characters before and after it (a TextQuoteSelector), and its offset (a
//! TextPositionSelector).
//!
//! When the article changes (a re-imported file, a revised bundled article, a new renderer), [`reanchor`] finds
//! the quote again, in this order: the exact quote, preferring the occurrence whose surroundings match and which
//! is nearest its old place; the same words ignoring spacing and punctuation; then a fuzzy match, found with
//! diff-match-patch's Bitap matcher around the expected place and accepted only when the text found is close to
//! the quote and its surroundings agree. What cannot be placed with confidence is not guessed: the caller keeps
//! the highlight as detached, with its quote and note.

use diff_match_patch_rs::{Compat, DiffMatchPatch};

/// Characters of context kept on each side of a quote.
pub const CONTEXT: usize = 32;

/// A quote and where it was, in an article's anchor text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
    /// Character offset of the quote's first character.
    pub start: usize,
}

impl Quote {
    /// The quote spanning characters `start..end` of `text`, with its context; `None` when the range is empty
    /// or outside the text.
    pub fn at(text: &str, start: usize, end: usize) -> Option<Quote> {
        let chars: Vec<char> = text.chars().collect();
        if start >= end || end > chars.len() {
            return None;
        }
        let quote: String = chars[start..end].iter().collect();
        if quote.trim().is_empty() {
            return None;
        }
        Some(Quote {
            quote,
            prefix: chars[start.saturating_sub(CONTEXT)..start].iter().collect(),
            suffix: chars[end..(end + CONTEXT).min(chars.len())].iter().collect(),
            start,
        })
    }

    /// The quote's end offset.
    pub fn end(&self) -> usize {
        self.start + self.quote.chars().count()
    }
}

/// The text of a piece of sanitized HTML, as `textContent` reads it: every text node, entities decoded, nothing
/// added between elements.
pub fn text_of_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for_each_piece(html, |piece| {
        if let Piece::Text(text) = piece {
            out.push_str(text);
        }
    });
    out
}

/// A piece of HTML, in document order: a tag as written (`<p class="x">`, `</p>`), or the decoded text between
/// two tags. The text pieces, joined, are [`text_of_html`]; read-aloud walks the tags too.
pub(crate) enum Piece<'a> {
    Tag(&'a str),
    Text(&'a str),
}

/// Calls `f` with each piece of `html`, in order.
pub(crate) fn for_each_piece(html: &str, mut f: impl FnMut(Piece<'_>)) {
    let mut text = String::new();
    let mut rest = html;
    loop {
        let open = rest.find('<').unwrap_or(rest.len());
        text.clear();
        decode_into(&mut text, &rest[..open]);
        if !text.is_empty() {
            f(Piece::Text(&text));
        }
        rest = &rest[open..];
        if rest.is_empty() {
            return;
        }
        let close = tag_end(rest);
        f(Piece::Tag(&rest[..close]));
        rest = &rest[close..];
    }
}

/// Just past the `>` ending the tag `html` starts with (quoted attribute values may hold `>`).
fn tag_end(html: &str) -> usize {
    let mut quote = None;
    for (i, c) in html.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    html.len()
}

/// Appends `text` with its character references decoded.
fn decode_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match rest.find(';').filter(|&end| end <= 10) {
            Some(end) => {
                match entity(&rest[1..end]) {
                    Some(c) => out.push(c),
                    None => out.push_str(&rest[..=end]),
                }
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Where `quote` occurs in `text`, as a character range: its `occurrence`-th appearance (1-based), matched
/// without regard to case, runs of spaces or line breaks, so a quote copied from a terminal or typed by hand is
/// found as the reader sees it.
pub fn find(text: &str, quote: &str, occurrence: usize) -> Option<(usize, usize)> {
    let (hay, hay_map) = normalized(text, false);
    let (needle, _) = normalized(quote, false);
    if needle.trim().is_empty() || occurrence == 0 {
        return None;
    }
    let needle = needle.trim();
    let mut from = 0;
    let mut seen = 0;
    while let Some(at) = hay[from..].find(needle) {
        let at = from + at;
        seen += 1;
        if seen == occurrence {
            return Some(span(&hay, &hay_map, at, needle.len()));
        }
        from = at + needle.len().max(1);
    }
    None
}

/// `text` lower-cased with every run of whitespace (and, with `drop_punctuation`, punctuation) made one space,
/// and for each byte of the result the character offset in `text` it came from.
fn normalized(text: &str, drop_punctuation: bool) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut in_gap = false;
    for (i, c) in text.chars().enumerate() {
        let gap = c.is_whitespace() || (drop_punctuation && !c.is_alphanumeric());
        if gap {
            if !in_gap {
                out.push(' ');
                map.push(i);
            }
            in_gap = true;
            continue;
        }
        in_gap = false;
        for lower in c.to_lowercase() {
            let before = out.len();
            out.push(lower);
            map.extend(std::iter::repeat_n(i, out.len() - before));
        }
    }
    map.push(text.chars().count());
    (out, map)
}

/// The character range of `text` that bytes `at..at + len` of its normalized form came from.
fn span(_normal: &str, map: &[usize], at: usize, len: usize) -> (usize, usize) {
    let start = map[at];
    let last = map[at + len - 1];
    (start, last + 1)
}

/// How sure a placement must be: the text found must be this close to the quote (0 to 1, from the diff's ratio).
const ACCEPT_RATIO: f32 = 0.8;

/// Places `old` in `text`, the article as it is now: the quote's new character range, or `None` when it cannot
/// be placed with confidence (the text was removed, or changed too much).
pub fn reanchor(text: &str, old: &Quote) -> Option<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    exact(&chars, old).or_else(|| loose(text, old)).or_else(|| fuzzy(&chars, old))
}

/// Every exact occurrence of the quote, the one whose surroundings match best (then the nearest) chosen.
fn exact(chars: &[char], old: &Quote) -> Option<(usize, usize)> {
    let quote: Vec<char> = old.quote.chars().collect();
    if quote.is_empty() || quote.len() > chars.len() {
        return None;
    }
    let prefix: Vec<char> = old.prefix.chars().collect();
    let suffix: Vec<char> = old.suffix.chars().collect();
    (0..=chars.len() - quote.len())
        .filter(|&at| chars[at..at + quote.len()] == quote[..])
        .max_by_key(|&at| {
            let before = common_suffix(&chars[at.saturating_sub(prefix.len())..at], &prefix);
            let after =
                common_prefix(&chars[at + quote.len()..(at + quote.len() + suffix.len()).min(chars.len())], &suffix);
            (before + after, std::cmp::Reverse(at.abs_diff(old.start)))
        })
        .map(|at| (at, at + quote.len()))
}

/// The quote's words in order, ignoring case, spacing and punctuation: a quote whose commas or line breaks
/// changed.
fn loose(text: &str, old: &Quote) -> Option<(usize, usize)> {
    let (hay, map) = normalized(text, true);
    let (needle, _) = normalized(&old.quote, true);
    let needle = needle.trim();
    if needle.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
        return None;
    }
    let found: Vec<usize> = hay.match_indices(needle).map(|(at, _)| at).collect();
    // The one nearest the old place, taken only when its surroundings agree: the same words elsewhere in the
    // article (a sentence repeated in a summary) are not the passage that was highlighted.
    let best = *found.iter().min_by_key(|&&at| map[at].abs_diff(old.start))?;
    let (start, end) = span(&hay, &map, best, needle.len());
    if !context_agrees(text, start, end, old) {
        return None;
    }
    Some(widen_to_punctuation(text, start, end, &old.quote))
}

/// A match made ignoring punctuation widened over the punctuation at its ends where the quote had some: a
/// quoted sentence that ended with a full stop still ends with its (perhaps new) closing mark.
fn widen_to_punctuation(text: &str, start: usize, end: usize, quote: &str) -> (usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let is_mark = |c: &char| !c.is_alphanumeric() && !c.is_whitespace();
    let (mut start, mut end) = (start, end);
    if quote.chars().next().is_some_and(|c| is_mark(&c)) {
        while start > 0 && is_mark(&chars[start - 1]) {
            start -= 1;
        }
    }
    if quote.chars().last().is_some_and(|c| is_mark(&c)) {
        while end < chars.len() && is_mark(&chars[end]) {
            end += 1;
        }
    }
    (start, end)
}

/// A fuzzy match: the quote's first and last stretches found with diff-match-patch's Bitap matcher near where
/// they should be, and the text between them accepted only if it is close to the quote and its surroundings
/// agree with the old ones.
fn fuzzy(chars: &[char], old: &Quote) -> Option<(usize, usize)> {
    let quote: Vec<char> = old.quote.chars().collect();
    if quote.len() < 8 || chars.is_empty() {
        return None;
    }
    let text: String = chars.iter().collect();
    let mut dmp = DiffMatchPatch::new();
    dmp.set_match_threshold(0.35);
    dmp.set_match_distance(5_000);
    let bits = 32.min(quote.len());
    let head: String = quote[..bits].iter().collect();
    let tail: String = quote[quote.len() - bits..].iter().collect();
    // `Compat` mode works in characters, as these offsets do (its Bitap matcher takes at most 32 of them).
    let expected = old.start.min(chars.len().saturating_sub(1));
    let start = dmp.match_main::<Compat>(&text, &head, expected)?;
    let tail_expected = (start + quote.len() - bits).min(chars.len().saturating_sub(1));
    let tail_at = dmp.match_main::<Compat>(&text, &tail, tail_expected)?;
    let end = tail_at + bits;
    if end <= start || end > chars.len() || end - start > quote.len() * 2 {
        return None;
    }
    let (start, end, ratio) = refine(chars, start, end, &old.quote);
    (ratio >= ACCEPT_RATIO && context_agrees(&text, start, end, old)).then_some((start, end))
}

/// How far a fuzzy match's ends are moved, each way, to fit the quote best.
const REFINE: usize = 12;

/// The bounds near `start..end` whose text is most like `quote` (the end first, then the start), and that
/// likeness. Bitap places the quote's first and last stretches only approximately.
fn refine(chars: &[char], start: usize, end: usize, quote: &str) -> (usize, usize, f32) {
    let likeness = |s: usize, e: usize| {
        let found: String = chars[s..e].iter().collect();
        similar::TextDiff::from_chars(quote, found.as_str()).ratio()
    };
    let best = |candidates: Vec<(usize, usize)>| {
        candidates.into_iter().filter(|(s, e)| s < e).map(|(s, e)| (s, e, likeness(s, e))).fold(
            None,
            |best: Option<(usize, usize, f32)>, c| match best {
                Some(b) if b.2 >= c.2 => Some(b),
                _ => Some(c),
            },
        )
    };
    let ends = (end.saturating_sub(REFINE)..=(end + REFINE).min(chars.len())).map(|e| (start, e)).collect();
    let Some((_, end, _)) = best(ends) else { return (start, end, 0.0) };
    let starts = (start.saturating_sub(REFINE)..=start + REFINE).map(|s| (s, end)).collect();
    best(starts).unwrap_or((start, end, 0.0))
}

/// Whether the text around `start..end` still looks like the quote's old surroundings on at least one side: a
/// few characters right next to it unchanged, or the context as a whole much the same. Unrelated English text
/// shares many letters, so a loose likeness is not enough.
fn context_agrees(text: &str, start: usize, end: usize, old: &Quote) -> bool {
    const ADJACENT: usize = 6;
    const ALIKE: f32 = 0.75;
    let chars: Vec<char> = text.chars().collect();
    let before: Vec<char> = chars[start.saturating_sub(CONTEXT)..start].to_vec();
    let after: Vec<char> = chars[end..(end + CONTEXT).min(chars.len())].to_vec();
    let (prefix, suffix): (Vec<char>, Vec<char>) = (old.prefix.chars().collect(), old.suffix.chars().collect());
    let alike = |a: &[char], b: &[char]| {
        let (a, b): (String, String) = (a.iter().collect(), b.iter().collect());
        a.is_empty() && b.is_empty() || similar::TextDiff::from_chars(a.as_str(), b.as_str()).ratio() >= ALIKE
    };
    common_suffix(&before, &prefix) >= ADJACENT.min(prefix.len().max(1))
        || common_prefix(&after, &suffix) >= ADJACENT.min(suffix.len().max(1))
        || alike(&before, &prefix)
        || alike(&after, &suffix)
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[char], b: &[char]) -> usize {
    a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count()
}

/// One highlight to draw: its character range in the anchor text, its colour and its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark<'a> {
    pub start: usize,
    pub end: usize,
    pub color: &'a str,
    pub id: i64,
}

/// `html` (sanitized article HTML) with each mark's text wrapped in `<mark class="hl hl-COLOR"
/// data-highlight="ID">`, one element per text node it covers, so a highlight may cross bold text, links and
/// paragraphs and the markup stays well formed. Whitespace-only text between elements is left unwrapped (it may
/// sit where a `mark` cannot, inside a table). Colours are checked by the caller; ids are numbers.
pub fn apply_marks(html: &str, marks: &[Mark]) -> String {
    if marks.is_empty() {
        return html.to_string();
    }
    let mut marks: Vec<&Mark> = marks.iter().filter(|m| m.end > m.start).collect();
    marks.sort_by_key(|m| (m.start, m.end));
    let mut out = String::with_capacity(html.len() + marks.len() * 64);
    let mut offset = 0; // characters of anchor text passed
    let mut rest = html;
    loop {
        let next_tag = rest.find('<').unwrap_or(rest.len());
        let segment = &rest[..next_tag];
        mark_segment(&mut out, segment, &mut offset, &marks);
        rest = &rest[next_tag..];
        if rest.is_empty() {
            break;
        }
        let close = tag_end(rest);
        out.push_str(&rest[..close]);
        rest = &rest[close..];
    }
    out
}

/// Writes one text segment (still escaped, as in the HTML), wrapping the parts the marks cover.
fn mark_segment(out: &mut String, segment: &str, offset: &mut usize, marks: &[&Mark]) {
    let mut decoded = String::new();
    decode_into(&mut decoded, segment);
    let length = decoded.chars().count();
    let (from, to) = (*offset, *offset + length);
    *offset = to;
    if length == 0 || decoded.trim().is_empty() || !marks.iter().any(|m| m.start < to && m.end > from) {
        out.push_str(segment);
        return;
    }
    // Cut points inside this segment where a mark begins or ends.
    let mut cuts: Vec<usize> = vec![from, to];
    for m in marks {
        for at in [m.start, m.end] {
            if at > from && at < to {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let chars: Vec<char> = decoded.chars().collect();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let piece: String = chars[a - from..b - from].iter().collect();
        let escaped = escape(&piece);
        // The innermost (latest-starting) mark covering this piece draws it.
        match marks.iter().filter(|m| m.start <= a && m.end >= b).max_by_key(|m| m.start) {
            Some(m) => {
                out.push_str(&format!("<mark class=\"hl hl-{}\" data-highlight=\"{}\">{escaped}</mark>", m.color, m.id))
            }
            None => out.push_str(&escaped),
        }
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
