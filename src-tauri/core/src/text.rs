//! Words, stems and FTS5 queries: what a person typed, made into something the full-text index can answer.
//!
//! Search input is never FTS5 syntax. [`fts_query`] takes words and "quoted phrases" out of whatever was typed
//! and writes each as an FTS5 string, so `AND`, `NEAR(`, `*`, `)(` and unbalanced quotes are just words (or
//! nothing) and can never make SQLite report a syntax error. The last word is a prefix while the person is
//! still typing it. Nothing here touches a database: `store::search` runs the queries.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// At most this many terms are searched for; the rest of a pasted paragraph is ignored.
pub const MAX_TERMS: usize = 16;

/// Turns what a person typed into an FTS5 query, or `None` when it holds no searchable word.
pub fn fts_query(input: &str) -> Option<String> {
    fts_query_expanded(input, &mut |_| None)
}

/// [`fts_query`] with the word being typed matched as the words it may become, where `expand` names them (see
/// store/vocabulary.rs), and as a prefix where it gives `None`. Only a prefix of at least [`MIN_BODY_PREFIX`]
/// characters is expanded: a shorter one is matched in titles and tags alone, whose index has prefix indexes.
pub fn fts_query_expanded(input: &str, expand: &mut dyn FnMut(&str) -> Option<Vec<String>>) -> Option<String> {
    build_query(input, Typed::Prefix, expand)
}

/// The query with the word being typed taken as a whole word: it matches a subset of [`fts_query`]'s matches
/// and, having no prefix to expand, is cheap to count even for a word in every article.
pub fn whole_words_query(input: &str) -> Option<String> {
    build_query(input, Typed::Whole, &mut |_| None)
}

/// The query of the words before the one being typed, or `None` when there are none (or nothing is being
/// typed): what the rest of a search matches while its last word is too short to expand.
pub fn settled_words_query(input: &str) -> Option<String> {
    build_query(input, Typed::Left, &mut |_| None)
}

/// The shortest typed prefix the body index expands. A shorter one stands for thousands of words; the body
/// index has no prefix index to find them by (see store/fts.rs), so it is matched in titles and tags only.
pub const MIN_BODY_PREFIX: usize = 4;

/// Whether the word being typed is a prefix shorter than [`MIN_BODY_PREFIX`] characters.
pub fn typing_short_prefix(input: &str) -> bool {
    let (terms, being_typed) = terms(input);
    // A quoted word is two quotes longer than the word (and a quote inside it is doubled, never shorter).
    being_typed && terms.last().is_some_and(|t| (2..MIN_BODY_PREFIX).contains(&(t.chars().count() - 2)))
}

/// What becomes of the word still being typed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Typed {
    /// It matches as a prefix (see [`typing_prefix`]).
    Prefix,
    /// It matches as a whole word (its half-typed suffix left off).
    Whole,
    /// It is left out.
    Left,
}

fn build_query(input: &str, typing: Typed, expand: &mut dyn FnMut(&str) -> Option<Vec<String>>) -> Option<String> {
    let (mut terms, being_typed) = terms(input);
    if being_typed {
        let last = terms.pop()?;
        let word = &last[1..last.len() - 1];
        match typing {
            // The word being typed matches as a prefix, once it is long enough to be worth it.
            Typed::Prefix => terms.push(typing_prefix(word, expand)),
            // As a whole word, a half-typed suffix is left off: "medicatio" counts as "medic".
            Typed::Whole => terms.push(quote(typing_stem(word).unwrap_or(word))),
            Typed::Left => {}
        }
    } else if typing == Typed::Left {
        return None;
    }
    if terms.is_empty() {
        return None;
    }
    // Explicit ANDs: FTS5 does not accept an implicit AND next to a parenthesised group.
    Some(terms.join(" AND "))
}

/// The words and phrases of `input`, each quoted as an FTS5 string, and whether the last is a word still being
/// typed (nothing after it, not even a space).
fn terms(input: &str) -> (Vec<String>, bool) {
    let mut terms: Vec<String> = Vec::new();
    let mut rest = input;
    let mut last_is_prefix = false;
    while !rest.is_empty() && terms.len() < MAX_TERMS {
        if let Some(after) = rest.strip_prefix('"') {
            // A phrase runs to the next quote, or to the end when it is never closed.
            let (phrase, tail) = after.split_once('"').unwrap_or((after, ""));
            let words = words(phrase);
            if !words.is_empty() {
                terms.push(quote(&words.join(" ")));
            }
            last_is_prefix = false;
            rest = tail;
            continue;
        }
        let end = rest.find(|c: char| c.is_whitespace() || c == '"').unwrap_or(rest.len());
        let chunk = &rest[..end];
        for word in words(chunk) {
            terms.push(quote(&word));
            last_is_prefix = end == rest.len();
        }
        rest = rest[end..].trim_start_matches(char::is_whitespace);
    }
    // A word cut off by the limit is not the one being typed.
    last_is_prefix &= terms.len() <= MAX_TERMS;
    terms.truncate(MAX_TERMS);
    (terms, last_is_prefix && !input.ends_with(char::is_whitespace))
}

/// The query for a word still being typed. The index holds Porter stems, and a half-typed suffix can miss the
/// stem it is heading for: "cravin" is not a prefix of "crave" (the stem of "cravings"), nor "medicatio" of
/// "medic". So when the end of the typed word could be the start of a suffix Porter strips ("in" of "-ing",
/// "atio" of "-ation"), the word also matches the part before it, if that is at least four letters. Nothing else
/// is shortened: "withdr" must not also search for every word beginning "with".
fn typing_prefix(word: &str, expand: &mut dyn FnMut(&str) -> Option<Vec<String>>) -> String {
    if word.chars().count() < 2 {
        return quote(word);
    }
    let mut words: Vec<String> = Vec::new();
    let mut prefixes: Vec<String> = Vec::new();
    for prefix in std::iter::once(word).chain(typing_stem(word)) {
        match (prefix.chars().count() >= MIN_BODY_PREFIX).then(|| expand(prefix)).flatten().filter(|w| !w.is_empty()) {
            Some(expanded) => {
                for w in expanded {
                    if !words.contains(&w) {
                        words.push(w);
                    }
                }
            }
            None => prefixes.push(prefix.to_string()),
        }
    }
    let alternatives: Vec<String> =
        words.iter().map(|w| quote(w)).chain(prefixes.iter().map(|p| format!("{}*", quote(p)))).collect();
    match alternatives.as_slice() {
        [one] => one.clone(),
        _ => format!("({})", alternatives.join(" OR ")),
    }
}

/// The part of a half-typed word before a suffix the Porter stemmer strips, if the word ends part-way into
/// one and at least four letters come before it (see [`typing_prefix`]).
pub fn typing_stem(word: &str) -> Option<&str> {
    let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    (4..starts.len())
        .map(|k| starts[k])
        .find(|&at| STRIPPED_SUFFIXES.iter().any(|suffix| suffix.starts_with(&word[at..])))
        .map(|at| &word[..at])
}

/// English suffixes the Porter stemmer removes or rewrites, whose beginnings a reader may be part-way through.
const STRIPPED_SUFFIXES: [&str; 24] = [
    "ing", "ings", "ion", "ions", "ation", "ations", "ational", "ed", "er", "ers", "es", "ness", "ment", "ments",
    "ity", "ities", "ive", "ous", "ance", "ence", "able", "ible", "ization", "isation",
];

/// Words that carry meaning for "related articles": three letters or more, not a stop word, each once.
pub fn meaningful_words(text: &str) -> Vec<String> {
    const STOP: [&str; 24] = [
        "and", "the", "for", "with", "from", "your", "you", "what", "when", "how", "why", "about", "into", "can",
        "are", "after", "before", "this", "that", "who", "does", "not", "its", "our",
    ];
    let mut seen = std::collections::HashSet::new();
    words(text)
        .into_iter()
        .filter(|w| w.chars().count() >= 3 && !STOP.contains(&w.as_str()) && seen.insert(w.clone()))
        .take(MAX_TERMS)
        .collect()
}

/// An FTS5 query matching any of the meaningful words of `text`, for "related articles".
pub fn any_of_words(text: &str) -> Option<String> {
    let words: Vec<String> = meaningful_words(text).iter().map(|w| quote(w)).collect();
    (!words.is_empty()).then(|| words.join(" OR "))
}

/// A word longer than this is kept by [`index_words`] as its first this-many characters followed by
/// [`CUT_MARK`] (a pasted hash or a run of digits could otherwise be megabytes).
pub const MAX_INDEX_WORD_CHARS: usize = 40;

/// Ends a word [`index_words`] cut short. It is never part of a word, so no typed prefix takes it for one.
pub const CUT_MARK: char = '*';

/// The distinct words of an article's indexed text, as [`index_words`] finds them: sorted, each once, all in one
/// string, a line each. An article has hundreds, and a `String` each was most of what finding them cost (made on
/// an import's worker thread, freed on the writer's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexWords(String);

impl IndexWords {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.lines()
    }
}

/// Whether `c` belongs to a word as the index's tokenizer (`unicode61`) splits text: letters, digits, and the
/// combining accents (U+0300 to U+036F) that it keeps inside a word and then takes off.
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// The distinct words of `texts` as the full-text index splits them, each folded as [`fold`] does: what
/// store/vocabulary.rs keeps for an article. Where this and the index's tokenizer could disagree (scripts other
/// than Latin, whose marks and letters it treats in ways of its own), the vocabulary is not consulted: only
/// words of ASCII letters and digits are ever looked up (store/vocabulary.rs).
pub fn index_words(texts: &[&str]) -> IndexWords {
    let mut raw: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for text in texts {
        raw.extend(text.split(|c: char| !in_word(c)).filter(|w| !w.is_empty()));
    }
    // Folded into one buffer; most words are ASCII and need no allocation of their own.
    let mut folded = String::with_capacity(raw.iter().map(|w| w.len()).sum());
    let mut ends: Vec<usize> = Vec::with_capacity(raw.len());
    for word in raw {
        let start = folded.len();
        if word.is_ascii() {
            folded.push_str(word);
            folded[start..].make_ascii_lowercase();
        } else {
            folded.push_str(&fold(word));
        }
        if let Some((cut, _)) = folded[start..].char_indices().nth(MAX_INDEX_WORD_CHARS) {
            folded.truncate(start + cut);
            folded.push(CUT_MARK);
        }
        // A run of accents alone folds to nothing, and is no word.
        if folded.len() > start {
            ends.push(folded.len());
        }
    }
    let mut words: Vec<&str> = Vec::with_capacity(ends.len());
    let mut start = 0;
    for end in ends {
        words.push(&folded[start..end]);
        start = end;
    }
    words.sort_unstable();
    words.dedup();
    let mut lines = String::with_capacity(folded.len() + words.len());
    for word in words {
        lines.push_str(word);
        lines.push('\n');
    }
    IndexWords(lines)
}

/// A word or prefix lowercased and without its diacritics ("Naïve" → "naive"), as the index compares them (its
/// tokenizer's `remove_diacritics`).
pub fn fold(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    lower.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

/// Runs of letters and digits, lowercased (apostrophes inside a word keep it whole: "don't").
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(['\'', '’']))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

#[cfg(test)]
mod tests;
