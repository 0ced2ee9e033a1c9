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

/// [`of_markdown`], and whether its answer came before the whole text was rendered.
fn early_snippet(body: &str, needles: &Needles) -> (String, bool) {
    let mut early = false;
    let mut reading = Reading::default();
    let snippet = render::plain_text_deciding(body, |text, continues| {
        let decided = snippet_of(text, needles, continues, &mut reading);
        early |= continues && decided.is_some();
        decided
    });
    (snippet.unwrap_or_default(), early)
}

/// Rendering only as much of an article as its snippet needs gives the snippet of its whole text. Every bundled
/// article (read from the workspace's articles/), searched for words from its start, middle and end, alone and
/// in twos and threes, half typed, quoted, short, and absent; and bodies made to end at awkward places. In tests
/// the text is first looked at after 24 bytes, so the question is asked at every kind of boundary.
#[test]
fn a_snippet_from_the_start_of_a_text_is_the_snippet_of_the_whole_text() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../articles");
    let mut bodies: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") && !path.ends_with("README.md") {
            let source = std::fs::read_to_string(&path).unwrap();
            let name = path.display().to_string();
            let body = crate::frontmatter::split(&source, &name).map_or(source.as_str(), |(_, body)| body).to_string();
            bodies.push((name, body));
        }
    }
    let articles = bodies.len();
    assert!(articles >= 40, "{articles} articles");
    for (i, made) in [
        "",
        "Sleep.",
        "Sleep well",
        "Sleep well.\n\n   \n",
        "# Title\n\nThe word sleep, then nothing but punctuation!?…",
        "| sleep | routine |\n|---|---|\n| calm | days |\n\nAfter the table, sleep again.",
        "1. one sleep\n2. two\n\n> quoted routine and sleep[^n]\n\n[^n]: A note about sleep.",
        "Médicament et sommeil: le médicament aide. Sleep comes last after many more words of text here.",
    ]
    .iter()
    .enumerate()
    {
        bodies.push((format!("made {i}"), made.to_string()));
    }
    // A window whose last word is followed by an apostrophe, and the text so far ending there or just after
    // (smart punctuation makes the apostrophe an event of its own): "don" may yet become "don’t".
    for lead in 0..48 {
        let window: Vec<String> = (1..23).map(|i| format!("w{i}")).collect();
        bodies.push((
            format!("apostrophe {lead}"),
            format!("{}\n\nsleep {} don't rest, sleep.", "ab ".repeat(lead), window.join(" ")),
        ));
    }
    let (mut compared, mut in_articles, mut early) = (0, 0, 0);
    for (i, (name, body)) in bodies.iter().enumerate() {
        let text = render::plain_text(body);
        let words: Vec<&str> =
            text.split_whitespace().filter(|w| w.len() > 1 && w.chars().all(char::is_alphanumeric)).collect();
        let at = |fraction: usize| words.get(words.len() * fraction / 10).copied().unwrap_or("sleep");
        let mut queries: Vec<String> = (0..10).map(|f| format!("{} ", at(f))).collect();
        queries.extend([
            words.last().map_or("calm ".into(), |w| format!("{w} ")),
            format!("{} {} ", at(0), at(5)),
            format!("{} {} {} ", at(1), at(4), at(9)),
            format!("{} {}", at(2), at(3).chars().take(5).collect::<String>()),
            format!("\"{} {}\"", at(5), words.get(words.len() / 2 + 1).copied().unwrap_or("well")),
            "to the ".into(),
            "zqxjv ".into(),
            "sleep routine ".into(),
            "médicament ".into(),
        ]);
        for query in &queries {
            let needles = Needles::from_input(query);
            let (got, was_early) = early_snippet(body, &needles);
            assert_eq!(got, snippet(&text, &needles), "{name}: {query:?}");
            assert_eq!(got, of_markdown(body, &needles), "{name}: {query:?}");
            compared += 1;
            if i < articles {
                in_articles += 1;
                early += usize::from(was_early);
            }
        }
    }
    assert!(compared > 1000, "{compared} compared");
    assert!(
        early * 2 > in_articles,
        "only {early} of {in_articles} articles' snippets came before the whole text was rendered"
    );
}
