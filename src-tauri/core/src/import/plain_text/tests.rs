use super::*;
use crate::frontmatter::{self, FrontMatter, Strictness};

fn convert(text: &str) -> (FrontMatter, String) {
    let markdown = to_markdown(text, "copy.txt").unwrap();
    let (yaml, body) = frontmatter::split(&markdown, "copy.txt").unwrap();
    (FrontMatter::parse(yaml.unwrap(), "copy.txt", Strictness::Lenient).unwrap(), body.trim().to_string())
}

#[test]
fn a_note_without_chrome_is_kept_whole() {
    let (meta, body) = convert(
        "Walking helped me more than I expected. I started with ten minutes a day.\n\nThen twenty.\n\nNow I look forward to it.",
    );
    assert_eq!(meta.title.as_deref(), Some("Walking helped me more than I expected"));
    assert_eq!(
        body,
        "Walking helped me more than I expected. I started with ten minutes a day.\n\nThen twenty.\n\nNow I look forward to it."
    );
}

#[test]
fn a_headline_line_is_lifted_with_byline_and_date() {
    let (meta, body) = convert(
        "Example News\nHome | Health | Science | Opinion\nHealth\nWhy sleep matters in early recovery\nBy Sam Rivera\nMarch 3, 2026 · 5 min read\n\nSleep often changes in the first weeks after stopping alcohol, and that can feel alarming.\n\nIt usually settles.",
    );
    assert_eq!(meta.title.as_deref(), Some("Why sleep matters in early recovery"));
    assert_eq!(meta.author.as_deref(), Some("Sam Rivera"));
    assert_eq!(meta.published.as_deref(), Some("2026-03-03"));
    assert_eq!(
        body,
        "Sleep often changes in the first weeks after stopping alcohol, and that can feel alarming.\n\nIt usually settles."
    );
}

#[test]
fn hard_wrapped_paragraphs_are_joined_and_short_lines_before_text_become_headings() {
    let (_, body) = convert(
        "Notes on cravings\n================\n\nA craving is a strong urge that rises, peaks and passes, usually\nwithin half an hour, even when it feels endless.\n\nWhat helps\nDelaying, distracting and talking to someone all help a craving pass without acting on it.\n- Call a friend\n- Go outside",
    );
    assert_eq!(
        body,
        "A craving is a strong urge that rises, peaks and passes, usually within half an hour, even when it feels endless.\n\n## What helps\n\nDelaying, distracting and talking to someone all help a craving pass without acting on it.\n\n- Call a friend\n- Go outside"
    );
}

#[test]
fn markup_in_text_shows_as_written() {
    let (_, body) =
        convert("Type <script>alert(1)</script> and *stars* or [links](x) here, please, and more words.\n\n-- signed");
    assert!(body.starts_with(r"Type \<script\>alert(1)\</script\> and \*stars\* or \[links\](x)"), "{body}");
    assert!(body.ends_with(r"\-- signed"), "{body}");
}

#[test]
fn chrome_is_recognised_and_prose_is_not() {
    for line in [
        "Skip to main content",
        "Share  Tweet  Email",
        "Advertisement",
        "Comments (12)",
        "© 2026 Example Media Ltd",
        "We use cookies to give you the best experience. By continuing you agree to our use of cookies and similar technologies.",
        "6 min read",
        "News / Health / Wellbeing / Science",
        "Subscribe to our newsletter",
    ] {
        assert_eq!(classify(line), Class::Chrome, "{line}");
    }
    for line in [
        "Share your worries with someone you trust; it is not a burden to them.",
        "Home detox without medical support can be dangerous for some people.",
    ] {
        assert_eq!(classify(line), Class::Prose, "{line}");
    }
}

#[test]
fn text_with_nothing_but_chrome_is_refused() {
    let err = to_markdown("Menu\nSign in\nSubscribe\n", "menu.txt").unwrap_err();
    assert_eq!(err.message, "menu.txt: Haven found no article text in this file");
    assert_eq!(to_markdown("\n \n", "blank.txt").unwrap_err().message, "blank.txt: the file is empty");
}

/// Copies of whole pages, as a person gets them with select all, copy and paste into a text file: the headline
/// is found past a caption, a breadcrumb trail, a cookie banner and the site's name.
mod page_copies {
    use super::convert;

    const TEXT: &str = "Detox is the first stage of treatment for many people, and it is safest with medical support \
                        because withdrawal can be unpredictable.\n\nA care team watches how the body responds.";

    #[test]
    fn a_caption_longer_than_the_headline_is_not_the_title() {
        let (meta, body) = convert(&format!(
            "Harbor Light Recovery\nCall now (800) 555-0134\nWhat Happens During Alcohol Detox\nMedically reviewed by \
             Dr. Ana Ruiz, MD\nA man sits on a wooden bench at the edge of a quiet lake in the early morning light \
             (Photo: iStock)\n\n{TEXT}"
        ));
        assert_eq!(meta.title.as_deref(), Some("What Happens During Alcohol Detox"));
        assert!(body.starts_with("Detox is the first stage"), "{body}");
        assert!(!body.contains("iStock") && !body.contains("reviewed by"), "{body}");
    }

    #[test]
    fn a_caption_without_a_credit_loses_to_the_headline_above_its_byline() {
        let (meta, _) = convert(&format!(
            "What happens during alcohol detox\nBy Sam Okafor\nUpdated 4 May 2026\nA nurse talks with a patient \
             about the days ahead\n\n{TEXT}"
        ));
        assert_eq!(meta.title.as_deref(), Some("What happens during alcohol detox"));
    }

    #[test]
    fn a_breadcrumb_trail_is_neither_title_nor_text() {
        let (meta, body) = convert(&format!(
            "Home > Addiction Treatment > Alcohol > Detox Programs\nHome / Treatment / Alcohol / Detox\nHow long \
             does alcohol detox take?\n\n{TEXT}"
        ));
        assert_eq!(meta.title.as_deref(), Some("How long does alcohol detox take?"));
        assert!(body.starts_with("Detox is the first stage"), "{body}");
    }

    #[test]
    fn a_cookie_banner_and_sign_in_before_the_headline_are_dropped() {
        let (meta, body) = convert(&format!(
            "We use cookies to improve your experience on our site and to show you relevant advertising.\nAccept \
             all\nSign in\nUnderstanding withdrawal from opioids\n\n{TEXT}\n\nAccept all"
        ));
        assert_eq!(meta.title.as_deref(), Some("Understanding withdrawal from opioids"));
        assert!(!body.contains("cookies") && !body.contains("Sign in"), "{body}");
    }

    #[test]
    fn the_site_name_and_its_tagline_are_not_the_title() {
        let (meta, _) = convert(&format!(
            "Harbor Light Recovery Centers of the Pacific Coast\nYour path to lasting recovery starts here\nAlcohol \
             Detox Explained\nBy Harbor Light Staff\n\n{TEXT}\n\nHarbor Light Recovery Centers of the Pacific Coast\n\
             Your path to lasting recovery starts here"
        ));
        assert_eq!(meta.title.as_deref(), Some("Alcohol Detox Explained"));
    }
}
