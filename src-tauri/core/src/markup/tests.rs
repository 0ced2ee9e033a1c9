use super::*;
use crate::error::ErrorKind;

#[test]
fn ordinary_markup_scores_its_real_depth() {
    assert_eq!(depth_up_to("<p>a<p>b<br><img src=x><hr/><li>c", 100), 0);
    assert_eq!(depth_up_to("<div><section><p>x</p></section></div><div></div>", 100), 2);
    assert_eq!(depth_up_to("<ul><li>a<ul><li>b</ul></ul>", 100), 2);
    assert_eq!(depth_up_to("", 100), 0);
    assert_eq!(depth_up_to("a < b and 3<4", 100), 0);
}

/// Regression: `<div/>` was counted as self-closed and every `</x>` lowered the depth, so both of these scored
/// about zero while html5ever built a tree 100,000 levels deep.
#[test]
fn self_closing_slashes_and_stray_end_tags_do_not_hide_nesting() {
    let slashed = "<div/>".repeat(100_000);
    assert!(too_deep(&slashed));
    let stray = "<div></x>".repeat(100_000);
    assert!(too_deep(&stray));
    let err = refuse_deep_nesting(&stray, "deep.html").unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(err.message, "deep.html: its HTML is nested more than 1,000 levels deep, which no article needs");
}

#[test]
fn end_tags_close_what_they_name_and_everything_inside_it() {
    // `</div>` closes the unclosed span inside it too, as a parser does.
    assert_eq!(depth_up_to(&"<div><span></div>".repeat(5_000), 10_000), 2);
    assert!(!too_deep(&"<div><b><i></div>".repeat(100_000)));
    // Void elements written with or without a slash never nest.
    assert!(!too_deep(&"<br/><img src=x/>".repeat(100_000)));
}

#[test]
fn comments_quotes_and_raw_text_hold_no_tags() {
    assert_eq!(depth_up_to("<!-- <div><div> -->text", 100), 0);
    assert_eq!(depth_up_to(r#"<a title="x > y <div>">t</a>"#, 100), 1);
    let script = format!("<script>var s = '{}';</script><p>x", "<div>".repeat(5_000));
    assert!(!too_deep(&script));
    assert_eq!(depth_up_to("<style>div > p { }</style><textarea><div></TEXTAREA >", 100), 0);
    // An unclosed script swallows the rest, for a parser and for the scan alike.
    assert_eq!(depth_up_to(&format!("<script>{}", "<div>".repeat(2_000)), 5_000), 0);
}

#[test]
fn the_limit_is_inclusive_and_the_scan_stops_early() {
    let at_limit = "<div>".repeat(MAX_DEPTH) + "fine" + &"</div>".repeat(MAX_DEPTH);
    assert!(!too_deep(&at_limit));
    assert!(too_deep(&("<div>".repeat(MAX_DEPTH + 1))));
    assert_eq!(depth_up_to(&"<div>".repeat(50_000), 10), 10);
}

#[test]
fn odd_bytes_never_panic() {
    for input in ["<", "</", "<!", "<!--", "<a", "<a \"", "</x", "<script", "<script></scrip", "<é>", "<\u{0}>"] {
        let _ = depth_up_to(input, 10);
    }
}
