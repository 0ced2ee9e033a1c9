use super::*;
use crate::anchor::text_of_html;
use crate::bundled::FILES;
use crate::document::{ArticleFile, Document};

fn texts(script: &Script) -> Vec<&str> {
    script.sentences.iter().map(|s| s.text.as_str()).collect()
}

/// The characters `start..end` of the article's anchor text, as the UI would highlight them.
fn shown(html: &str, s: &Sentence) -> String {
    text_of_html(html).chars().skip(s.start).take(s.end - s.start).collect()
}

#[test]
fn the_title_comes_first_then_each_sentence_with_its_place() {
    let html = "<p>First one. Second one!</p>\n<h2>A heading</h2>\n<p>Third &amp; last?</p>";
    let script = Script::new("  The   title ", html);
    assert_eq!(texts(&script), ["The title", "First one.", "Second one!", "A heading", "Third & last?"]);
    let paragraphs: Vec<usize> = script.sentences.iter().map(|s| s.paragraph).collect();
    assert_eq!(paragraphs, [0, 1, 1, 2, 3]);
    assert!(script.sentences[0].title && script.sentences[1..].iter().all(|s| !s.title));
    for s in &script.sentences[1..] {
        assert_eq!(shown(html, s), s.text, "the range of {:?} is its text in the page", s.text);
    }
}

#[test]
fn abbreviations_initials_and_numbers_do_not_end_a_sentence() {
    let html = "<p>Dr. Patel saw J. R. Smith at 9.30 a.m. on the ward. Doses, e.g. 2.5 mg, vary (see Fig. 2). \
                The U.S. Food and Drug Administration agrees. “Is it safe?” she asked. Yes… It is.</p>";
    assert_eq!(
        texts(&Script::new("", html)),
        [
            "Dr. Patel saw J. R. Smith at 9.30 a.m. on the ward.",
            "Doses, e.g. 2.5 mg, vary (see Fig. 2).",
            "The U.S. Food and Drug Administration agrees.",
            "“Is it safe?” she asked.",
            "Yes…",
            "It is.",
        ]
    );
}

#[test]
fn footnote_markers_and_notes_are_not_spoken_but_still_counted() {
    let html = "<p>Relief is short.<sup class=\"footnote-reference\"><a href=\"#art-fn-a\">1</a></sup> \
                It costs more later.</p>\n<div class=\"footnote-definition\" id=\"art-fn-a\">\
                <sup class=\"footnote-definition-label\">1</sup>\n<p>NIDA, <a href=\"https://nida.nih.gov\">A \
                page</a>.</p>\n<a href=\"#art-fnref-a\" class=\"footnote-back\">↩</a></div>\n<p>After the notes.</p>";
    let script = Script::new("", html);
    assert_eq!(texts(&script), ["Relief is short.", "It costs more later.", "After the notes."]);
    for s in &script.sentences {
        assert_eq!(shown(html, s), s.text);
    }
}

#[test]
fn a_line_break_ends_a_sentence_within_its_paragraph() {
    let html = "<p>Samaritans<br>Call 116 123<br/>Any time</p><ul><li>One</li><li>Two <em>words</em></li></ul>";
    let script = Script::new("", html);
    assert_eq!(texts(&script), ["Samaritans", "Call 116 123", "Any time", "One", "Two words"]);
    let paragraphs: Vec<usize> = script.sentences.iter().map(|s| s.paragraph).collect();
    assert_eq!(paragraphs, [1, 1, 1, 2, 3]);
}

#[test]
fn previous_and_next_paragraph_move_as_a_player_does() {
    let script = Script::new("Title", "<p>A1. A2. A3.</p><p>B1.</p><p>C1. C2.</p>");
    // 0 title | 1 A1, 2 A2, 3 A3 | 4 B1 | 5 C1, 6 C2
    assert_eq!(script.next_paragraph(0), Some(1));
    assert_eq!(script.next_paragraph(2), Some(4));
    assert_eq!(script.next_paragraph(4), Some(5));
    assert_eq!(script.next_paragraph(6), None);
    assert_eq!(script.next_paragraph(99), None);
    assert_eq!(script.previous_paragraph(3), 1, "mid-paragraph: back to its start");
    assert_eq!(script.previous_paragraph(1), 0, "at a paragraph's start: the one before");
    assert_eq!(script.previous_paragraph(5), 4);
    assert_eq!(script.previous_paragraph(0), 0);
    assert_eq!(script.previous_paragraph(99), 5);
}

#[test]
fn listening_starts_where_the_reader_is() {
    let html = "<p>One two.</p><p>Three four. Five six.</p>";
    let script = Script::new("T", html);
    assert_eq!(script.at_offset(0), 0, "at the top: the title");
    let five = script.sentences.iter().position(|s| s.text == "Five six.").unwrap();
    assert_eq!(script.at_offset(script.sentences[five].start), five);
    assert_eq!(script.at_offset(10_000), 0, "past the end: from the start");
}

#[test]
fn empty_and_broken_markup_give_what_text_there_is() {
    assert!(Script::new("", "").is_empty());
    assert!(Script::new("  ", "<p> \n </p><div></div>").is_empty());
    let html = "<p>Open <b>bold <sup>never closed</p><p>Next.";
    let script = Script::new("", html);
    assert_eq!(texts(&script), ["Open bold", "Next."]);
    assert_eq!(shown(html, &script.sentences[1]), "Next.");
}

/// Every bundled article reads as a sequence of sentences whose ranges are their text in the page, in order and
/// without overlap, with nothing from the footnotes.
#[test]
fn every_bundled_article_reads_in_order() {
    for file in FILES {
        let doc = Document::from_markdown(file.text, ArticleFile::bundled(file.path)).unwrap();
        let html = &doc.rendered.html;
        let script = Script::new(&doc.title, html);
        let body: Vec<&Sentence> = script.sentences.iter().filter(|s| !s.title).collect();
        assert!(body.len() >= 20, "{}: only {} sentences", file.path, body.len());
        let text: Vec<char> = text_of_html(html).chars().collect();
        let mut last_end = 0;
        for s in &body {
            assert!(s.start >= last_end && s.end > s.start && s.end <= text.len(), "{}: {s:?}", file.path);
            last_end = s.end;
            let page: String = text[s.start..s.end].iter().collect();
            // What is spoken is the page's text, less footnote markers: its characters, in order, begin and end it.
            let mut page_chars = page.chars();
            assert!(s.text.chars().all(|c| page_chars.any(|p| p == c || (c == ' ' && p.is_whitespace()))));
            assert_eq!(page.chars().next(), s.text.chars().next(), "{}: {s:?}", file.path);
            assert_eq!(page.chars().last(), s.text.chars().last(), "{}: {s:?}", file.path);
            assert!(!s.text.contains('↩'), "{}: a footnote is read: {s:?}", file.path);
        }
    }
}
