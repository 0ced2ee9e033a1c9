//! The values Haven passes around: what an article is, and the shapes of query results that front ends receive.
//!
//! Everything here is plain data with `serde` derives; the JSON field names are part of the CLI's contract and
//! of the UI's, so rename nothing without updating both.

use serde::{Deserialize, Serialize};

/// A reference an article's facts come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Source {
    pub title: String,
    pub url: String,
    pub publisher: String,
    /// What the source supports in the article that cites it, in a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports: Option<String>,
}

/// One entry of an article's table of contents (its h2 and h3 headings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    pub level: u8,
    /// The heading's `id` in the rendered HTML, stable for the same heading text.
    pub id: String,
    pub title: String,
}

/// Where an article came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Shipped inside the app from `articles/`.
    Bundled,
    /// Imported by the user from a file of their own.
    Imported,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Bundled => "bundled",
            Origin::Imported => "imported",
        }
    }

    pub(crate) fn parse(s: &str) -> Origin {
        if s == "imported" {
            Origin::Imported
        } else {
            Origin::Bundled
        }
    }
}

/// An article as listed: enough to draw a card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleSummary {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub tags: Vec<String>,
    pub reading_minutes: u32,
    pub published: Option<String>,
    pub reviewed: Option<String>,
    pub origin: Origin,
    pub bookmarked: bool,
    /// Reading position 0..1 when the article has been opened, else `None`.
    pub progress: Option<f64>,
    pub finished: bool,
}

/// A short reference to another article (previous/next, related).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleLink {
    pub slug: String,
    pub title: String,
    pub category: String,
}

/// An article as read: everything the reader view shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub tags: Vec<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub reviewed: Option<String>,
    pub sources: Vec<Source>,
    pub content_warnings: Vec<String>,
    pub word_count: u32,
    pub reading_minutes: u32,
    pub toc: Vec<TocEntry>,
    /// Sanitized HTML of the body: the only article markup a front end may display.
    pub html: String,
    /// The body as plain text, as a reader sees it.
    pub text: String,
    pub origin: Origin,
    /// For imported articles, the file it came from.
    pub source_path: Option<String>,
    /// The language of the text as a BCP 47 tag, when known: bundled articles are `en`; an imported one has
    /// what its file said, else none.
    pub language: Option<String>,
    /// Unix milliseconds when the article entered this library.
    pub added_at: i64,
    pub bookmarked: bool,
    pub note: Option<String>,
    pub position: f64,
    pub finished: bool,
    pub last_opened: Option<i64>,
    pub previous: Option<ArticleLink>,
    pub next: Option<ArticleLink>,
    pub related: Vec<ArticleLink>,
    /// The reader's highlights in this article, in text order, detached ones (which could not be placed after
    /// the article changed) included. `html` marks the attached ones.
    pub highlights: Vec<Highlight>,
}

/// How a list of articles is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Title,
    Newest,
    RecentlyRead,
}

/// Which articles a list or search keeps. All filters combine with AND.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub category: Option<String>,
    pub tag: Option<String>,
    pub bookmarked: bool,
    /// Never opened.
    pub unread: bool,
    /// Opened and not finished: the "Continue reading" shelf.
    pub in_progress: bool,
}

/// A list request: filters, order and a page window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    #[serde(flatten)]
    pub filter: Filter,
    pub sort: Sort,
    pub offset: u32,
    pub limit: u32,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery { filter: Filter::default(), sort: Sort::Title, offset: 0, limit: 50 }
    }
}

/// One page of a longer result, with the total so a UI can size a virtual list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub offset: u32,
    pub limit: u32,
}

/// A category or tag and how many articles carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameCount {
    pub name: String,
    pub count: u64,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub slug: String,
    pub title: String,
    pub category: String,
    pub tags: Vec<String>,
    pub summary: String,
    pub reading_minutes: u32,
    /// A short excerpt, HTML-escaped, with the matched terms wrapped in `<mark>`.
    pub snippet: String,
    pub bookmarked: bool,
}

/// A saved article with the reader's note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bookmark {
    pub slug: String,
    pub title: String,
    pub category: String,
    pub summary: String,
    pub reading_minutes: u32,
    pub note: String,
    /// Unix milliseconds when it was bookmarked.
    pub created_at: i64,
}

/// Where a reader is in an article.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReadingState {
    pub position: f64,
    pub finished: bool,
    pub last_opened: Option<i64>,
}

/// A highlight's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Color {
    Yellow,
    Green,
    Blue,
    Pink,
    Purple,
}

impl Color {
    pub const ALL: [Color; 5] = [Color::Yellow, Color::Green, Color::Blue, Color::Pink, Color::Purple];

    pub fn as_str(self) -> &'static str {
        match self {
            Color::Yellow => "yellow",
            Color::Green => "green",
            Color::Blue => "blue",
            Color::Pink => "pink",
            Color::Purple => "purple",
        }
    }

    /// The colour called `name`; `None` for any other word.
    pub fn parse(name: &str) -> Option<Color> {
        Color::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// A passage the reader highlighted, with their note. Its JSON is the CLI's `highlights --json` item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlight {
    pub id: i64,
    /// The same in every copy of the library (a random UUID): how an export merged back is known again.
    pub uid: String,
    pub slug: String,
    pub title: String,
    /// The exact text highlighted, with up to 32 characters before and after it (W3C TextQuoteSelector).
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
    /// Its character offset in the article's text (W3C TextPositionSelector).
    pub start: u64,
    pub note: String,
    pub color: Color,
    /// It could not be placed after the article changed (or the article was deleted): kept, with its quote
    /// and note, and shown under the article and in the Notebook.
    pub detached: bool,
    /// Unix milliseconds.
    pub created: i64,
    pub updated: i64,
}

/// Which highlights to list. All filters combine with AND.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HighlightFilter {
    /// One article's.
    pub slug: Option<String>,
    pub color: Option<Color>,
    /// Only detached ones (`Some(true)`), only placed ones (`Some(false)`).
    pub detached: Option<bool>,
    pub category: Option<String>,
    pub tag: Option<String>,
    /// Words to find in quotes and notes, as a search takes them.
    pub query: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

/// One article in the Notebook: its highlights and its bookmark note, newest activity first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotebookEntry {
    pub slug: String,
    pub title: String,
    /// Empty when the article is no longer in the library.
    pub category: String,
    /// The article is no longer in the library; its highlights are kept.
    pub removed: bool,
    pub bookmark_note: Option<String>,
    pub highlights: Vec<Highlight>,
    /// Unix milliseconds of the newest highlight or bookmark here.
    pub latest: i64,
}

/// A bookmark's own part of an export: when it was made and its note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookmarkNote {
    /// Unix milliseconds.
    pub created: i64,
    pub note: String,
}

/// Everything a person has added to one article (bookmark and note, reading position, highlights): what an export
/// of annotations holds, and what merging one back brings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleAnnotations {
    pub slug: String,
    pub title: String,
    /// Empty when the article is no longer in the library, or is not known (read from an export).
    pub category: String,
    pub tags: Vec<String>,
    pub author: Option<String>,
    pub sources: Vec<Source>,
    /// The article is no longer in the library; its highlights are kept.
    pub removed: bool,
    pub bookmark: Option<BookmarkNote>,
    pub reading: Option<ReadingState>,
    /// In text order, detached ones last.
    pub highlights: Vec<Highlight>,
}

/// One step of the safety plan: the seven Stanley–Brown steps, then the five of a relapse prevention plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanSection {
    WarningSigns,
    Coping,
    Distractions,
    People,
    Professionals,
    SafeEnvironment,
    Reasons,
    Triggers,
    EarlySigns,
    Instead,
    WhoICall,
    AfterSlip,
}

impl PlanSection {
    /// Every step, in the plan's order.
    pub const ALL: [PlanSection; 12] = [
        PlanSection::WarningSigns,
        PlanSection::Coping,
        PlanSection::Distractions,
        PlanSection::People,
        PlanSection::Professionals,
        PlanSection::SafeEnvironment,
        PlanSection::Reasons,
        PlanSection::Triggers,
        PlanSection::EarlySigns,
        PlanSection::Instead,
        PlanSection::WhoICall,
        PlanSection::AfterSlip,
    ];

    /// The name stored in the library and used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanSection::WarningSigns => "warning_signs",
            PlanSection::Coping => "coping",
            PlanSection::Distractions => "distractions",
            PlanSection::People => "people",
            PlanSection::Professionals => "professionals",
            PlanSection::SafeEnvironment => "safe_environment",
            PlanSection::Reasons => "reasons",
            PlanSection::Triggers => "triggers",
            PlanSection::EarlySigns => "early_signs",
            PlanSection::Instead => "instead",
            PlanSection::WhoICall => "who_i_call",
            PlanSection::AfterSlip => "after_slip",
        }
    }

    pub fn parse(name: &str) -> Option<PlanSection> {
        PlanSection::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Its heading, in the plan's own plain words.
    pub fn title(self) -> &'static str {
        match self {
            PlanSection::WarningSigns => "Warning signs that a hard time may be starting",
            PlanSection::Coping => "Things I can do on my own to feel a little better",
            PlanSection::Distractions => "People and places that help take my mind off things",
            PlanSection::People => "People I can ask for help",
            PlanSection::Professionals => "Professionals and services I can contact",
            PlanSection::SafeEnvironment => "Making where I am safer",
            PlanSection::Reasons => "My reasons for living",
            PlanSection::Triggers => "Things that can set off a craving or a slip",
            PlanSection::EarlySigns => "Early warning signs",
            PlanSection::Instead => "What I can do instead",
            PlanSection::WhoICall => "Who I call",
            PlanSection::AfterSlip => "What I will do after a slip",
        }
    }

    /// What belongs here, said plainly, with an example or two.
    pub fn prompt(self) -> &'static str {
        match self {
            PlanSection::WarningSigns => {
                "Thoughts, feelings, situations or things I do that tell me a hard time may be coming: not \
                 sleeping, pulling away from people, thinking “what’s the point”."
            }
            PlanSection::Coping => {
                "Things I can do by myself to take my mind off things, even a little: a walk, a shower, music, \
                 breathing slowly."
            }
            PlanSection::Distractions => {
                "People to be around, and places to go, that help me feel less alone, even without talking about \
                 how I feel."
            }
            PlanSection::People => "People I trust, and can tell how I am really doing.",
            PlanSection::Professionals => {
                "My doctor, counsellor, key worker or local services, with their numbers. The crisis lines below \
                 are there any time too."
            }
            PlanSection::SafeEnvironment => {
                "Ways to make where I am safer: asking someone to keep my medicines, or moving things I could use \
                 to hurt myself out of reach."
            }
            PlanSection::Reasons => "What matters most to me and is worth living for: people, pets, plans, hopes.",
            PlanSection::Triggers => "People, places, feelings or times of day that make me want to use or drink.",
            PlanSection::EarlySigns => "Signs in what I think, feel or do that I may be heading towards a slip.",
            PlanSection::Instead => "What I can do when a craving comes, until it passes.",
            PlanSection::WhoICall => "People who support my recovery, and when to call them.",
            PlanSection::AfterSlip => {
                "A slip is not the end of recovery. What I will do to get back on track, and who I will tell."
            }
        }
    }

    /// Whether its entries are people or services with a phone number.
    pub fn has_phone(self) -> bool {
        matches!(
            self,
            PlanSection::Distractions | PlanSection::People | PlanSection::Professionals | PlanSection::WhoICall
        )
    }

    /// Whether it belongs to the optional relapse prevention part.
    pub fn is_relapse(self) -> bool {
        matches!(
            self,
            PlanSection::Triggers
                | PlanSection::EarlySigns
                | PlanSection::Instead
                | PlanSection::WhoICall
                | PlanSection::AfterSlip
        )
    }
}

/// One entry of the safety plan, as the reader wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanItem {
    pub id: i64,
    pub section: PlanSection,
    pub text: String,
    /// A phone number, for the steps about people and services; empty otherwise.
    pub phone: String,
    /// Unix milliseconds.
    pub updated: i64,
}

/// One step of the safety plan with what the reader wrote in it: what the plan screen draws.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanStep {
    pub section: PlanSection,
    pub title: &'static str,
    pub prompt: &'static str,
    pub has_phone: bool,
    /// Part of the optional relapse prevention plan.
    pub relapse: bool,
    pub items: Vec<PlanItem>,
}
