//! A deterministic corpus of realistic articles for benchmarks: the same seed always writes the same files.
//!
//! Articles are recombined from the bundled library's own paragraphs, list items and headings, so the text
//! reads like real prose with real word frequencies. A sprinkling of words drawn with Zipf-like frequency from a
//! large made-up vocabulary gives the long tail of rare terms a real corpus has (names, jargon, typos), which
//! search must handle. Lengths vary around 1,000 words; articles have headings, lists, links to each other and
//! to the web. Files are written one at a time: the corpus is never held in memory.
//!
//! [`Prose::Sentences`] is the other corpus: paragraphs made of the bundled articles' own sentences, recombined,
//! with no made-up words, so its vocabulary and word frequencies are those of real health-information prose
//! (its long tail is the bundle's own rare words). It flatters a full-text index less in one way (real
//! sentences) and more in another (a closed vocabulary); the benchmark reports whichever it is given.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use haven_core::bundled::{self, CATEGORIES};

/// A small, fast, deterministic generator (xorshift64*).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A rank in `0..n` with probability falling as 1/(rank+1): Zipf's law with exponent 1.
    pub(crate) fn zipf(&mut self, n: usize) -> usize {
        // Inverse of the continuous approximation: rank ≈ n^u - 1 for u uniform in [0, 1).
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

/// Which prose a corpus is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Prose {
    /// The bundle's paragraphs, with one word in thirty from a Zipf-distributed made-up vocabulary.
    Synthetic,
    /// The bundle's sentences, recombined into new paragraphs; no made-up words.
    Sentences,
}

/// Text pieces taken from the bundled articles.
struct Pool {
    paragraphs: Vec<String>,
    sentences: Vec<String>,
    items: Vec<String>,
    headings: Vec<String>,
    tags: Vec<String>,
}

impl Pool {
    fn from_bundle() -> Pool {
        let mut pool = Pool {
            paragraphs: Vec::new(),
            sentences: Vec::new(),
            items: Vec::new(),
            headings: Vec::new(),
            tags: Vec::new(),
        };
        for file in bundled::FILES {
            let body = haven_core::frontmatter::split(file.text, file.path).map_or(file.text, |(_, body)| body);
            for block in body.split("\n\n").map(str::trim) {
                if let Some(heading) = block.strip_prefix("## ") {
                    pool.headings.push(heading.to_string());
                } else if block.starts_with("- ") || block.starts_with("1. ") {
                    pool.items.extend(
                        block
                            .lines()
                            .map(|l| l.trim_start_matches(['-', '1', '2', '3', '4', '5', '.', ' ']).to_string()),
                    );
                } else if !block.starts_with(['#', '*', '|', '>']) && block.split_whitespace().count() >= 20 {
                    // Links inside the source paragraphs would point at bundled slugs; keep their text only.
                    pool.paragraphs.push(block.replace("](", "] (").replace(['[', ']'], ""));
                }
            }
            if let Some(line) = file.text.lines().find(|l| l.starts_with("tags:")) {
                let tags = line.trim_start_matches("tags:").trim().trim_matches(['[', ']']);
                pool.tags.extend(tags.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()));
            }
        }
        pool.tags.sort();
        pool.tags.dedup();
        // The paragraphs' sentences, split as read-aloud splits them (abbreviations and numbers kept whole).
        for paragraph in &pool.paragraphs {
            let html = haven_core::render::render(paragraph).html;
            pool.sentences.extend(haven_core::speech::Script::new("", &html).sentences.into_iter().map(|s| s.text));
        }
        if pool.paragraphs.is_empty() {
            // An empty bundle still gives a usable (if plain) corpus.
            pool.paragraphs.push("Recovery is a process of change through which people improve their health and wellness, live a self-directed life, and strive to reach their full potential.".into());
            pool.sentences.push(pool.paragraphs[0].clone());
            pool.headings.push("Finding support".into());
            pool.tags.push("recovery".into());
        }
        pool
    }
}

/// Made-up words for the long tail: pronounceable, distinct, and never real English.
pub(crate) fn rare_word(rank: usize) -> String {
    const START: [&str; 16] = ["b", "br", "c", "d", "dr", "f", "g", "k", "l", "m", "n", "p", "qu", "s", "t", "v"];
    const VOWEL: [&str; 6] = ["a", "e", "i", "o", "u", "ae"];
    const END: [&str; 8] = ["l", "n", "r", "x", "th", "sk", "mp", "nd"];
    let mut n = rank;
    let mut word = String::new();
    for _ in 0..3 {
        word.push_str(START[n % START.len()]);
        n /= START.len();
        word.push_str(VOWEL[n % VOWEL.len()]);
        n /= VOWEL.len();
    }
    word.push_str(END[rank % END.len()]);
    word
}

/// The size of the made-up vocabulary.
pub(crate) const RARE_VOCABULARY: usize = 60_000;

/// Totals of a written corpus.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Corpus {
    pub files: usize,
    pub bytes: u64,
}

impl Corpus {
    /// Writes one file of the corpus (a subfolder per thousand keeps folders small, as real collections tend
    /// to be), skipping a file already there at the same length: the same seed writes the same text.
    fn add(&mut self, path: &Path, text: &str) -> io::Result<()> {
        if fs::metadata(path).map(|m| m.len() as usize != text.len()).unwrap_or(true) {
            fs::create_dir_all(path.parent().expect("has a parent"))?;
            fs::write(path, text)?;
        }
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }
}

/// Writes `count` articles of `prose` into `dir` (created if needed), reusing files already there from the same
/// seed.
pub(crate) fn write(dir: &Path, count: usize, seed: u64, prose: Prose) -> io::Result<Corpus> {
    fs::create_dir_all(dir)?;
    let pool = Pool::from_bundle();
    let mut rng = Rng::new(seed);
    let mut corpus = Corpus::default();
    let mut text = String::with_capacity(16 * 1024);
    for i in 0..count {
        text.clear();
        article(&pool, &mut rng, i, count, prose, &mut text);
        corpus.add(&dir.join(format!("{:03}", i / 1000)).join(format!("article-{i:06}.md")), &text)?;
    }
    Ok(corpus)
}

/// Writes `count` web pages into `dir`, each an article like [`write`]'s wrapped in the chrome of a news site:
/// navigation, a cookie banner, adverts, a share bar, related links, comments, a footer and scripts. What a
/// browser's "Save page as" gives for an article page, give or take the site.
pub(crate) fn write_pages(dir: &Path, count: usize, seed: u64) -> io::Result<Corpus> {
    fs::create_dir_all(dir)?;
    let pool = Pool::from_bundle();
    let mut rng = Rng::new(seed ^ 0x5EED_F00D);
    let mut corpus = Corpus::default();
    let mut markdown = String::with_capacity(16 * 1024);
    for i in 0..count {
        markdown.clear();
        article(&pool, &mut rng, i, count, Prose::Synthetic, &mut markdown);
        let page = web_page(&markdown, i, &mut rng, &pool);
        corpus.add(&dir.join(format!("{:03}", i / 1000)).join(format!("page-{i:06}.html")), &page)?;
    }
    Ok(corpus)
}

fn web_page(markdown: &str, i: usize, rng: &mut Rng, pool: &Pool) -> String {
    let (title, body) = markdown
        .split_once("\n---\n")
        .map(|(front, body)| {
            let title = front.lines().find_map(|l| l.strip_prefix("title: ")).unwrap_or("Article");
            (title.trim_matches('\'').replace("''", "'"), body)
        })
        .unwrap_or_else(|| ("Article".to_string(), markdown));
    let html = haven_core::render::render(body).html;
    let related: String =
        (0..5).map(|n| format!("<li><a href=\"/news/{n}\">{}</a></li>", rng.pick(&pool.headings))).collect();
    let comments: String = (0..3 + rng.below(5))
        .map(|n| {
            format!("<div class=\"comment\"><p class=\"author\">reader{n}</p><p>{}</p></div>", rng.pick(&pool.items))
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<!-- saved from url=(0040)https://news.example.org/health/{i} -->\n<html lang=\"en\"><head>\
         <meta charset=\"utf-8\"><title>{title} | Example News</title>\
         <meta name=\"keywords\" content=\"health, recovery\"><meta property=\"og:site_name\" content=\"Example News\">\
         <link rel=\"stylesheet\" href=\"/site.css\"><script>window.dataLayer=[];function track(){{}}</script></head>\
         <body><div class=\"cookie-banner\"><p>We use cookies to personalise content and ads.</p><button>Accept all</button></div>\
         <header><a href=\"/\">Example News</a><nav><ul><li><a href=\"/news\">News</a></li><li><a href=\"/health\">Health</a></li>\
         <li><a href=\"/science\">Science</a></li><li><a href=\"/subscribe\">Subscribe</a></li></ul></nav></header>\
         <div class=\"ad\"><span>Advertisement</span><img src=\"https://ads.example.net/b.gif\" alt=\"\"></div>\
         <main><article><h1>{title}</h1><p class=\"byline\">By Sam Rivera</p><time datetime=\"2026-03-03\">3 March 2026</time>\
         <div class=\"share\"><a href=\"#\">Share</a> <a href=\"#\">Tweet</a></div><div class=\"story-body\">{html}</div></article>\
         <aside class=\"related\"><h2>Related</h2><ul>{related}</ul></aside>\
         <section id=\"comments\"><h2>Comments</h2>{comments}</section></main>\
         <footer><p>© 2026 Example News. All rights reserved.</p></footer><script src=\"/ads.js\"></script></body></html>\n"
    )
}

fn article(pool: &Pool, rng: &mut Rng, i: usize, count: usize, prose: Prose, out: &mut String) {
    let heading = rng.pick(&pool.headings).clone();
    let category = CATEGORIES[rng.below(CATEGORIES.len())];
    let tags: Vec<&str> = (0..2 + rng.below(3)).map(|_| rng.pick(&pool.tags).as_str()).collect();
    let target_words = 400 + rng.below(500) + rng.below(500) + rng.below(400);
    let _ = write!(
        out,
        "---\ntitle: '{} ({i})'\nsummary: 'A generated article about {}.'\ncategory: {category}\ntags: [{}]\n\
         published: 20{:02}-{:02}-{:02}\nreviewed: 2026-11-01\n---\n\n",
        heading.replace('\'', "''"),
        heading.to_lowercase().replace('\'', "''"),
        tags.join(", "),
        10 + rng.below(17),
        1 + rng.below(12),
        1 + rng.below(28),
    );
    let mut words = 0;
    let mut section = 0;
    while words < target_words {
        if words > 0 && rng.below(3) == 0 {
            section += 1;
            let _ = write!(out, "## {} {section}\n\n", rng.pick(&pool.headings));
        }
        if rng.below(6) == 0 {
            for _ in 0..3 + rng.below(3) {
                let _ = writeln!(out, "- {}", rng.pick(&pool.items));
            }
            out.push('\n');
        }
        let paragraph = match prose {
            Prose::Synthetic => paragraph(pool, rng, i, count),
            Prose::Sentences => sentence_paragraph(pool, rng),
        };
        words += paragraph.split_whitespace().count();
        out.push_str(&paragraph);
        out.push_str("\n\n");
    }
}

/// Two to seven of the bundle's sentences, picked at random, as one paragraph.
fn sentence_paragraph(pool: &Pool, rng: &mut Rng) -> String {
    let sentences: Vec<&str> = (0..2 + rng.below(6)).map(|_| rng.pick(&pool.sentences).as_str()).collect();
    sentences.join(" ")
}

/// Words that occur once in the bundle's sentences (seven letters or more, so they are words, not numbers):
/// the long tail of [`Prose::Sentences`], for the benchmark's rare-word searches.
pub(crate) fn rare_bundle_words(count: usize) -> Vec<String> {
    let pool = Pool::from_bundle();
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for sentence in &pool.sentences {
        for word in sentence.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().count() >= 7) {
            *seen.entry(word.to_lowercase()).or_default() += 1;
        }
    }
    seen.into_iter().filter(|(_, n)| *n == 1).map(|(w, _)| w).step_by(37).take(count).collect()
}

fn paragraph(pool: &Pool, rng: &mut Rng, i: usize, count: usize) -> String {
    let mut text = String::new();
    for (n, word) in rng.pick(&pool.paragraphs).clone().split_whitespace().enumerate() {
        if n > 0 {
            text.push(' ');
        }
        // About one word in thirty comes from the long tail.
        if rng.below(30) == 0 {
            text.push_str(&rare_word(rng.zipf(RARE_VOCABULARY)));
            text.push(' ');
        }
        text.push_str(word);
    }
    match rng.below(8) {
        0 => {
            let other = rng.below(count);
            let _ = write!(text, " See also [article {other}](article-{other:06}.md).");
        }
        1 => {
            let _ = write!(text, " More at [this source](https://www.example.org/guide/{}).", i % 97);
        }
        _ => {}
    }
    text
}

#[cfg(test)]
mod tests;
