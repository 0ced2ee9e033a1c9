use super::*;
use crate::error::ErrorKind;

/// Depth as the parser builds it, measured even for short input.
fn depth(html: &str) -> usize {
    depth_up_to(html, 100)
}

#[test]
fn ordinary_markup_measures_its_real_depth() {
    assert_eq!(depth("<p>a<p>b<br><img src=x><hr/><li>c"), 2, "paragraphs and items side by side, a picture in one");
    assert_eq!(depth("<div><section><p>x</p></section></div><div></div>"), 3);
    assert_eq!(depth("<ul><li>a<ul><li>b</ul></ul>"), 4);
    assert_eq!(depth("a < b and 3<4"), 0);
    assert_eq!(depth(""), 0);
}

/// Each of these once passed a scan that imitated some of HTML's rules, while the parser built a tree as
/// deep as the input is long: a slash HTML ignores, end tags that close nothing, elements thought to close
/// themselves, a comment ended the other way, a stray quote, a `<style>` that is an element inside SVG, and
/// formatting elements re-opened in every paragraph.
#[test]
fn nesting_that_hides_from_a_scan_is_found() {
    let n = 5_000;
    let payloads = [
        ("slash", "<div/>".repeat(n)),
        ("stray end tags", "<div></x>".repeat(n)),
        ("optgroup", "<optgroup>".repeat(n)),
        ("ruby text", "<rt>".repeat(n)),
        ("ignored end tags", "<span><div></span>".repeat(n)),
        ("short comment", format!("<!-->{}", "<div>".repeat(n))),
        ("stray quote", format!("<div a\">{}", "<div>".repeat(n))),
        ("svg style", format!("<svg><style>{}", "<g>".repeat(n))),
        ("re-opened formatting", (0..n).map(|i| format!("<p><b id={i}>x</p>")).collect()),
        ("tables in cells", "<table><td>".repeat(n)),
    ];
    for (what, html) in payloads {
        assert!(too_deep(&html), "{what} was not found too deep");
    }
    let err = refuse_deep_nesting(&"<div></x>".repeat(n), "deep.html").unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(err.message, "deep.html: its HTML is nested more than 1,000 levels deep, which no article needs");
}

#[test]
fn long_documents_that_do_not_nest_pass() {
    assert!(!too_deep(&"<p>A paragraph of text.</p>\n".repeat(20_000)));
    assert!(!too_deep(&"<p>Unclosed paragraphs, as old pages write them.\n".repeat(20_000)));
    assert!(!too_deep(&format!("<ul>{}</ul>", "<li>an item".repeat(20_000))));
    assert!(!too_deep(&"<div><b>bold</b> and <i>italic</i></div>".repeat(10_000)));
    let script = format!("<script>var s = '{}';</script><p>x", "<div>".repeat(5_000));
    assert!(!too_deep(&script), "a script's text holds no elements");
}

#[test]
fn the_limit_is_inclusive_and_measuring_stops_early() {
    let at_limit = "<div>".repeat(MAX_DEPTH) + "fine" + &"</div>".repeat(MAX_DEPTH);
    assert!(!too_deep(&at_limit));
    assert!(too_deep(&("<div>".repeat(MAX_DEPTH + 1))));
    assert_eq!(depth_up_to(&"<div>".repeat(50_000), 10), 10);
    // Twenty megabytes of nesting is refused after the first chunks, not parsed to the end.
    assert!(too_deep(&"<div>".repeat(4_000_000)));
}

#[test]
fn few_tags_are_passed_without_parsing() {
    assert_eq!(tags_up_to("<p>a</p><br>", 100), 3);
    assert_eq!(tags_up_to(&"<a>".repeat(1_000), 10), 10);
    assert_eq!(depth_up_to("<div><div>x</div></div>", MAX_DEPTH + 1), 0, "counted, not measured");
}

#[test]
fn odd_input_never_panics() {
    for input in [
        "<",
        "</",
        "<!",
        "<!--",
        "<a",
        "<a \"",
        "</x",
        "<script",
        "<script></scrip",
        "<é>",
        "<\u{0}>",
        "<template><div>",
    ] {
        let _ = depth(input);
        let _ = depth(&input.repeat(400));
    }
}
