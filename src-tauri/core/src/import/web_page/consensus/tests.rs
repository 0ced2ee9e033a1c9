use super::*;

fn opinion(text: &str) -> SecondOpinion {
    SecondOpinion { words: normalized(text) }
}

const ARTICLE: &str = "Detox is the first stage of treatment for many people, and it is safest with medical support.";
const MORE: &str = "A care team watches how the body responds, day and night, and adjusts medicines as needed.";

#[test]
fn blocks_both_extractors_found_are_kept_and_the_rest_dropped() {
    let markdown = format!(
        "{ARTICLE}\n\n## What to expect\n\n{MORE}\n\n![A calm room](data:image/png;base64,AAAA)\n\n- Sign up for our \
         newsletter\n- Follow us\n\nAbout Harbor Light: a family of treatment centres founded in 1998 on the coast."
    );
    let second = opinion(&format!("{ARTICLE}\nWhat to expect\n{MORE}\nSomething else entirely."));
    assert_eq!(
        second.agreed(&markdown, &[]),
        format!("{ARTICLE}\n\n## What to expect\n\n{MORE}\n\n![A calm room](data:image/png;base64,AAAA)")
    );
}

#[test]
fn captions_and_alt_texts_go_with_their_neighbours() {
    let markdown =
        format!("{ARTICLE}\n\nA quiet path through a park, at dawn\n\n*A photo that was not saved*\n\n{MORE}");
    let second = opinion(&format!("{ARTICLE} {MORE}"));
    let pictures = ["A quiet path through a park, at dawn".to_string(), "A photo that was not saved".to_string()];
    assert_eq!(second.agreed(&markdown, &pictures), markdown);
    assert_eq!(second.agreed(&markdown, &[]), format!("{ARTICLE}\n\n{MORE}"), "without them they are extra text");
}

#[test]
fn links_and_markup_do_not_hide_the_words() {
    let markdown = format!("Read the [NIDA guide](https://nida.nih.gov/x) on **withdrawal** \\*today\\*.\n\n{ARTICLE}");
    let second = opinion(&format!("Read the NIDA guide on withdrawal today. {ARTICLE}"));
    assert_eq!(second.agreed(&markdown, &[]), markdown);
}

#[test]
fn a_second_opinion_that_missed_the_article_changes_nothing() {
    let markdown = format!("{ARTICLE}\n\n{MORE}\n\n{MORE} Again.");
    assert_eq!(opinion("Menu Home About").agreed(&markdown, &[]), markdown, "far less text: it missed the article");
    // Enough text, but it shares almost nothing: keeping a quarter or less would lose the article.
    let unrelated = opinion(&"Completely different words about another subject entirely. ".repeat(10));
    assert_eq!(unrelated.agreed(&markdown, &[]), markdown);
}

#[test]
fn list_items_are_kept_or_dropped_one_by_one() {
    let markdown = format!("{ARTICLE}\n\n- Eat regular meals\n- Sleep at set times,\n  even at weekends\n  - Share this on Facebook\n- Follow us\n\n{MORE}");
    let second = opinion(&format!("{ARTICLE} Eat regular meals. Sleep at set times, even at weekends. {MORE}"));
    assert_eq!(
        second.agreed(&markdown, &[]),
        format!("{ARTICLE}\n\n- Eat regular meals\n- Sleep at set times,\n  even at weekends\n\n{MORE}")
    );
}

#[test]
fn fenced_code_is_one_block_blank_lines_and_all() {
    let markdown = format!("{ARTICLE}\n\n```\nline one\n\nline two\n```\n\n{MORE}");
    assert_eq!(blocks(&markdown).len(), 3);
    assert_eq!(blocks(&markdown)[1], "```\nline one\n\nline two\n```");
}

#[test]
fn normalized_text_is_lower_case_words() {
    assert_eq!(normalized("  Shift[1], “quoted” — Ünïcode!  "), "shift 1 quoted ünïcode");
    assert_eq!(words_of("![alt](data:x) [a link](http://x.example/y) text"), "a link text");
    assert_eq!(words_of("![remote alt](https://x.example/p.png)"), "remote alt", "shown as its alt text");
    assert_eq!(words_of("![A calm room](data:image/png;base64,AAAA)"), "");
}
