use super::*;

fn snip(text: &str, input: &str) -> String {
    snippet(text, &Needles::from_input(input))
}

#[test]
fn marks_the_words_searched_for_in_their_forms() {
    assert_eq!(
        snip("Recovering takes time. Recovery is a process, and it helps.", "recovery help"),
        "<mark>Recovering</mark> takes time. <mark>Recovery</mark> is a process, and it <mark>helps</mark>."
    );
    assert_eq!(
        snip("Talk to your doctor today.", "talk to doctor"),
        "<mark>Talk</mark> <mark>to</mark> your <mark>doctor</mark> today."
    );
    assert_eq!(
        snip("Medical care and medications help.", "medicatio"),
        "<mark>Medical</mark> care and <mark>medications</mark> help."
    );
    assert_eq!(snip("Withdrawal can be hard.", "withdr"), "<mark>Withdrawal</mark> can be hard.");
}

#[test]
fn the_window_holds_the_most_searched_words() {
    let filler = "word ".repeat(60);
    let text = format!("Sleep first. {filler} Then sleep and routine together here. {filler}");
    let s = snip(&text, "sleep routine");
    assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
    assert!(s.contains("<mark>sleep</mark> and <mark>routine</mark>"), "{s}");
    assert!(s.matches("word").count() + s.matches("<mark>").count() <= WINDOW_WORDS + 2, "{s}");
}

#[test]
fn text_is_escaped_and_a_text_without_matches_gives_its_opening() {
    assert_eq!(snip("a <b> & \"c\"\n\nd", "c"), "a &lt;b&gt; &amp; \"<mark>c</mark>\" d".replace('"', "&quot;"));
    let opening = snip(&"calm ".repeat(40), "sleep");
    assert_eq!(opening.matches("calm").count(), WINDOW_WORDS);
    assert!(opening.ends_with('…') && !opening.contains("<mark>"));
    assert_eq!(snip("", "sleep"), "");
}

#[test]
fn a_match_deep_in_a_long_text_is_found_without_reading_all_of_it() {
    let text = format!(
        "{}The word naltrexone appears here, once. {}",
        "Calm filler sentence. ".repeat(5_000),
        "More. ".repeat(100)
    );
    let s = snip(&text, "naltrexone");
    assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
    assert!(s.contains("The word <mark>naltrexone</mark> appears here, once."), "{s}");
    assert!(!s.starts_with("…ler") && !s.starts_with("…iller"), "no partial word where reading began: {s}");
}

#[test]
fn stems_leave_short_words_whole_and_keep_four_letters() {
    assert_eq!(stem_of("to"), Stem { text: "to".into(), whole_word: true });
    assert_eq!(stem_of("effects").text, "effect");
    assert_eq!(stem_of("symptoms").text, "symptom");
    assert_eq!(stem_of("uses").text, "uses", "a stem keeps four letters");
    assert_eq!(Needles::from_input("sleep ").stems[0].text, "sleep");
}
