//! Writing Markdown that reads back as the text it was given: a person's words (an imported plain-text file, a
//! highlighted passage, a note) put into Markdown must show as written, never as emphasis, links, HTML or a list.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

/// Escapes one line of text for Markdown: every character Markdown or HTML could read as markup is preceded by a
/// backslash, and a line that would start a list, a heading underline or a numbered item does not.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '&' | '~' | '!') {
            out.push('\\');
        }
        out.push(c);
    }
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    // "12. " or "3) " would start a numbered list: its punctuation is escaped (a backslash before a digit is
    // not an escape in CommonMark, and would show).
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// Where each inline picture's address is written in Markdown `text` (byte range) and the address as parsed.
/// Reference-style pictures (`![alt][ref]`), whose address is written elsewhere, are not listed.
pub fn picture_addresses(text: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(text, crate::render::markdown_options()).into_offset_iter() {
        let Event::Start(Tag::Image { dest_url, .. }) = event else { continue };
        // The address as written sits after the `](` of this picture's own text.
        let span = &text[range.clone()];
        let Some(open) = span.rfind("](") else { continue };
        let Some(at) = span[open..].find(dest_url.as_ref()).map(|at| range.start + open + at) else { continue };
        found.push((at..at + dest_url.len(), dest_url.into_string()));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{escape, picture_addresses};

    #[test]
    fn picture_addresses_are_found_where_they_are_written() {
        let text = "Intro ![a [nested] alt](one.png \"title\") and ![b](data:image/png;base64,AAAA).\n\n![c][ref]\n\n[ref]: three.png\n";
        let found = picture_addresses(text);
        let written: Vec<&str> = found.iter().map(|(range, _)| &text[range.clone()]).collect();
        assert_eq!(written, ["one.png", "data:image/png;base64,AAAA"]);
        assert_eq!(found[1].1, "data:image/png;base64,AAAA");
    }

    fn rendered(markdown: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
        html
    }

    #[test]
    fn text_that_looks_like_markup_shows_as_written() {
        for (line, shown) in [
            ("*not emphasis* and _nor this_", "*not emphasis* and _nor this_"),
            ("- not a list", "- not a list"),
            ("+ nor this", "+ nor this"),
            ("12. not numbered", "12. not numbered"),
            ("3) nor this", "3) nor this"),
            ("# not a heading", "# not a heading"),
            ("[a](link) <b>bold</b> `code`", "[a](link) &lt;b&gt;bold&lt;/b&gt; `code`"),
            ("2026 was a year", "2026 was a year"),
            ("AT&T ~~strike~~ a|b", "AT&amp;T ~~strike~~ a|b"),
        ] {
            assert_eq!(rendered(&escape(line)), format!("<p>{shown}</p>\n"), "{line}");
        }
    }
}
