use super::*;

fn page(head: &str, body: &str) -> PageTitle {
    of(&Dom::from(format!("<html><head>{head}</head><body>{body}</body></html>")))
}

#[test]
fn og_title_comes_first_without_the_site_name() {
    let found = page(
        r#"<title>Tab title | Harbor Light</title><meta property="og:title" content="What detox is like | Harbor Light">
        <meta property="og:site_name" content="Harbor Light">"#,
        "<article><h1>Another heading</h1></article>",
    );
    assert_eq!(found.title.as_deref(), Some("What detox is like"));
    assert_eq!(found.site_name.as_deref(), Some("Harbor Light"));
}

#[test]
fn then_the_articles_h1_not_a_caption_or_a_banner() {
    let found = page(
        "<title>Harbor Light Recovery</title>",
        r#"<div class="banner"><h1>Call 24/7: (800) 555-0134</h1></div><figure><figcaption>A quiet lake at dawn,
        photographed for this story by a member of our team</figcaption></figure>
        <article><h1>  Alcohol detox,
        explained </h1><p>Text.</p></article>"#,
    );
    assert_eq!(found.title.as_deref(), Some("Alcohol detox, explained"));
}

#[test]
fn then_json_ld_headline_author_and_date() {
    let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","name":"Harbor Light"},
        {"@type":["MedicalWebPage","Article"],"headline":"Opioid withdrawal: a timeline",
         "author":[{"@type":"Person","name":"Dr. Ana Ruiz"}],"datePublished":"2026-05-04T09:00:00Z"}]}</script>
        <script type="application/ld+json">not json at all</script>"#;
    let found = page(&format!("<title>Opioid withdrawal: a timeline | Harbor Light</title>{ld}"), "<p>Text.</p>");
    assert_eq!(found.title.as_deref(), Some("Opioid withdrawal: a timeline"));
    assert_eq!(found.author.as_deref(), Some("Dr. Ana Ruiz"));
    assert_eq!(found.published.as_deref(), Some("2026-05-04T09:00:00Z"));
    assert_eq!(found.site_name.as_deref(), Some("Harbor Light"));
}

#[test]
fn then_the_tab_title_without_the_site_name() {
    assert_eq!(
        page("<title>Sleep in early recovery - Example News</title>", "").title.as_deref(),
        Some("Sleep in early recovery")
    );
    assert_eq!(
        page(
            "<title>Example News | Sleep in early recovery</title><meta property=og:site_name content='Example News'>",
            ""
        )
        .title
        .as_deref(),
        Some("Sleep in early recovery")
    );
    // A dash inside a title is not a site name.
    assert_eq!(page("<title>Detox - what to expect</title>", "").title.as_deref(), Some("Detox - what to expect"));
    assert_eq!(page("", "<p>No title anywhere.</p>").title, None);
}

#[test]
fn an_author_that_is_an_address_is_not_a_name() {
    let found = page(r#"<meta property="article:author" content="https://social.example/ana">"#, "");
    assert_eq!(found.author, None);
}
