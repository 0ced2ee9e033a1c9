use super::*;

#[test]
fn anchor_text_is_what_text_content_reads() {
    let html =
        "<h2 id=\"art-a\">Cafe &amp; “tea”</h2>\n<p>One <strong>bold</strong> word&nbsp;here.</p>\n<p>x &lt; y</p>";
    assert_eq!(text_of_html(html), "Cafe & “tea”\nOne bold word\u{a0}here.\nx < y");
    assert_eq!(text_of_html("<p title=\"a > b\">t</p>"), "t");
    assert_eq!(text_of_html("a &#233; &#x1F600; &bogus; & b"), "a é 😀 &bogus; & b");
}

#[test]
fn a_quote_keeps_its_context() {
    let text = "Cravings come in waves. Each one passes. Ride it out.";
    let q = Quote::at(text, 24, 39).unwrap();
    assert_eq!(
        (q.quote.as_str(), q.prefix.as_str(), q.suffix.as_str()),
        ("Each one passes", "Cravings come in waves. ", ". Ride it out.")
    );
    assert_eq!(q.end(), 39);
    assert_eq!(Quote::at(text, 5, 5), None);
    assert_eq!(Quote::at(text, 0, 999), None);
    assert_eq!(Quote::at("a   b", 1, 4), None, "only spaces is no quote");
}

#[test]
fn a_typed_quote_is_found_whatever_its_spacing_and_case() {
    let text = "Walk daily.\nWalking   helps\nmood. Walk daily.";
    assert_eq!(find(text, "walking helps mood", 1), Some((12, 32)));
    assert_eq!(find(text, "Walk daily.", 2), Some((34, 45)));
    assert_eq!(find(text, "Walk daily.", 3), None);
    assert_eq!(find(text, "   ", 1), None);
    assert_eq!(find(text, "not here", 1), None);
}

fn anchored(text: &str, start: usize, end: usize) -> Quote {
    Quote::at(text, start, end).unwrap()
}

fn placed(text: &str, q: &Quote) -> Option<String> {
    reanchor(text, q).map(|(s, e)| text.chars().skip(s).take(e - s).collect())
}

#[test]
fn an_unchanged_or_moved_quote_is_found_exactly() {
    let text = "Sleep comes back slowly. Keep regular hours. Sleep comes back slowly.";
    let second = anchored(text, 45, 68);
    assert_eq!(reanchor(text, &second), Some((45, 68)), "the right one of two identical sentences");
    let moved = format!("A new opening paragraph.\n\n{text}");
    assert_eq!(reanchor(&moved, &second), Some((45 + 26, 68 + 26)));
}

#[test]
fn changed_punctuation_spacing_and_a_reworded_word_still_place_it() {
    let text = "If cravings rise, call someone you trust, then go for a short walk outside.";
    let q = anchored(text, 18, 74);
    let punctuation = "If cravings rise; call someone you trust — then go for a short walk outside.";
    assert_eq!(placed(punctuation, &q).as_deref(), Some("call someone you trust — then go for a short walk outside"));
    let reworded = "If cravings rise, call someone you really trust, then go for a brief walk outside.";
    assert_eq!(
        placed(reworded, &q).as_deref(),
        Some("call someone you really trust, then go for a brief walk outside")
    );
}

#[test]
fn a_deleted_sentence_is_not_guessed() {
    let text = "Keep a list of reasons to stay well. Review it each week with someone you trust.";
    let q = anchored(text, 37, 80);
    let gone = "Keep a list of reasons to stay well. Then put it somewhere you will see it.";
    assert_eq!(reanchor(gone, &q), None);
    assert_eq!(reanchor("", &q), None);
}

#[test]
fn marks_wrap_text_across_formatting_and_paragraphs() {
    let html = "<p>One <strong>bold</strong> word.</p>\n<p>Next &amp; last.</p>";
    let text = text_of_html(html);
    let start = text.find("bold").unwrap();
    let end = text.find("Next").unwrap() + 4;
    let marked = apply_marks(html, &[Mark { start, end, color: "green", id: 7 }]);
    assert_eq!(
        marked,
        "<p>One <strong><mark class=\"hl hl-green\" data-highlight=\"7\">bold</mark></strong>\
         <mark class=\"hl hl-green\" data-highlight=\"7\"> word.</mark></p>\n\
         <p><mark class=\"hl hl-green\" data-highlight=\"7\">Next</mark> &amp; last.</p>"
    );
    assert_eq!(text_of_html(&marked), text, "marking changes no text");
    assert_eq!(apply_marks(html, &[]), html);
}

#[test]
fn overlapping_marks_draw_the_inner_one() {
    let html = "<p>abcdefghij</p>";
    let marks = [Mark { start: 0, end: 10, color: "yellow", id: 1 }, Mark { start: 3, end: 6, color: "blue", id: 2 }];
    let out = apply_marks(html, &marks);
    assert_eq!(
        out,
        "<p><mark class=\"hl hl-yellow\" data-highlight=\"1\">abc</mark><mark class=\"hl hl-blue\" data-highlight=\"2\">def</mark>\
         <mark class=\"hl hl-yellow\" data-highlight=\"1\">ghij</mark></p>"
    );
}
