//! `haven-cli`: Haven's library from a terminal, over the same core as the desktop app.
//!
//! The command line, the JSON shapes and the exit statuses are a contract that scripts and tests rely on:
//! 0 success; 1 a user error, with one line on stderr naming what was wrong; 2 a usage error; 3 an import in
//! which some files failed (the report still lists every file). Long tasks (backup, restore, exports) draw a
//! progress line on stderr only when it is a terminal.

mod bench;
mod corpus;
mod import_report;

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use haven_core::library::data::{self, AnnotationFormat, ArticleSelection, DataProgress, RestoreReport, Stage, Task};
use haven_core::library::location;
use haven_core::library::lock::{self, LockState};
use haven_core::model::{Color, Filter, HighlightFilter, ListQuery, Sort};
use haven_core::store::annotations::MergeReport;
use haven_core::store::highlights::Span;
use haven_core::{Error, ErrorKind, ImportOptions};
use import_report::{FullReport, Lines};
use serde::Serialize;

#[derive(Parser)]
#[command(name = "haven-cli", version, about = "Read, search, bookmark and import articles in a Haven library.")]
struct Cli {
    /// The library file (SQLite); created with the bundled articles if missing.
    /// Default: $HAVEN_LIBRARY, else the desktop app's library.
    #[arg(long, global = true, value_name = "PATH")]
    library: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List articles, by title unless another order is chosen.
    List {
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        /// Only bookmarked articles.
        #[arg(long)]
        bookmarked: bool,
        /// Only articles never opened.
        #[arg(long)]
        unread: bool,
        #[arg(long, value_enum, default_value = "title")]
        sort: SortArg,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long)]
        json: bool,
    },
    /// Show one article (as plain text unless --html or --json).
    Show {
        slug: String,
        /// The sanitized article HTML.
        #[arg(long, group = "format")]
        html: bool,
        /// The title, then the body as plain text.
        #[arg(long, group = "format")]
        text: bool,
        #[arg(long, group = "format")]
        json: bool,
    },
    /// Search articles for words or "a phrase".
    Search {
        #[arg(required = true, num_args = 1.., value_name = "QUERY")]
        query: Vec<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Add or remove a bookmark.
    Bookmark {
        #[command(subcommand)]
        action: BookmarkAction,
    },
    /// Highlight a passage, change a highlight's note or colour, or remove it.
    Highlight {
        #[command(subcommand)]
        action: HighlightAction,
    },
    /// List highlights, newest first (one article's with SLUG).
    Highlights {
        slug: Option<String>,
        #[arg(long, value_enum)]
        color: Option<ColorArg>,
        /// Only highlights that could not be placed again after their article changed.
        #[arg(long)]
        detached: bool,
        #[arg(long)]
        json: bool,
    },
    /// List bookmarks, newest first.
    Bookmarks {
        #[arg(long)]
        json: bool,
    },
    /// Import Markdown (.md), saved web pages (.html, .htm) and plain text (.txt), and folders recursively.
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Category for every imported article (default: the file's own, else "Imported").
        #[arg(long)]
        category: Option<String>,
        /// A tag to add to every imported article (repeatable).
        #[arg(long = "tag")]
        tags: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Delete an imported article.
    Delete { slug: String },
    /// Categories with their article counts.
    Categories {
        #[arg(long)]
        json: bool,
    },
    /// Tags with their article counts.
    Tags {
        #[arg(long)]
        json: bool,
    },
    /// Show, or set (0 to 1), how far into an article you are.
    Position { slug: String, value: Option<f64> },
    /// Export annotations (highlights, notes, bookmarks, positions) or articles.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Write a backup of the whole library (articles, imports, annotations, settings) to PATH, while it is in use.
    Backup {
        path: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Restore a backup in place of the library (kept beside it as a dated copy), or merge an annotations export.
    Restore {
        /// A backup file; with --merge, a JSON annotations export.
        path: PathBuf,
        /// Merge the highlights, bookmarks and positions of a JSON export into the library instead.
        #[arg(long)]
        merge: bool,
        #[arg(long)]
        json: bool,
    },
    /// Lock the library with a passphrase, change it, or remove it; passphrases are read from standard input.
    Lock {
        #[command(subcommand)]
        action: LockAction,
    },
    /// What an import would keep from these files, without importing them: each file's title, metadata and the
    /// plain text a reader gets. Nothing is read from or written to a library.
    Extract {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// One JSON object per file, a line each.
        #[arg(long)]
        json: bool,
    },
    /// Measure Haven at several library sizes against ripgrep and a bare FTS5 floor (see the README).
    Bench {
        /// Library sizes, in articles.
        #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
        sizes: Vec<usize>,
        /// Where the generated corpora and libraries go (kept for the next run). Default: a temp folder.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Times each search query is run.
        #[arg(long, default_value_t = 20)]
        rounds: usize,
        #[arg(long, default_value_t = 20261121)]
        seed: u64,
        #[arg(long)]
        json: bool,
        /// Also measure open and search with the library out of the page cache (drops the system's cache, so it
        /// needs root; reported as not measured otherwise).
        #[arg(long)]
        cold: bool,
        /// The corpus: the bundle's paragraphs with a made-up long tail, or the bundle's own sentences recombined.
        #[arg(long, value_enum, default_value = "synthetic")]
        prose: corpus::Prose,
        /// Leave out the locked library, highlights and backup measurements (each makes another copy or import
        /// of the library): what a run at a million articles needs to fit a laptop's disk and an hour.
        #[arg(long)]
        lean: bool,
    },
}

#[derive(Subcommand)]
enum LockAction {
    /// Lock the library: reads the new passphrase from standard input (asked twice at a terminal).
    Set,
    /// Change the passphrase: reads the current passphrase, then the new one.
    Change,
    /// Remove the lock: reads the current passphrase.
    Remove,
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Every highlight, note, bookmark and reading position: a folder of Markdown notes (new or empty), a W3C Web
    /// Annotation JSON file (which `restore --merge` reads back), or Readwise's CSV.
    Annotations {
        #[arg(long, value_enum)]
        format: FormatArg,
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Articles as Markdown files with their pictures, into a new or empty folder: those in a category, with a
    /// tag, or named; every article when none is given.
    Articles {
        slugs: Vec<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Markdown,
    Json,
    Csv,
}

impl From<FormatArg> for AnnotationFormat {
    fn from(format: FormatArg) -> AnnotationFormat {
        match format {
            FormatArg::Markdown => AnnotationFormat::Markdown,
            FormatArg::Json => AnnotationFormat::Json,
            FormatArg::Csv => AnnotationFormat::Csv,
        }
    }
}

#[derive(Subcommand)]
enum BookmarkAction {
    /// Bookmark an article, optionally with a note (updates the note of an existing bookmark).
    Add {
        slug: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Remove a bookmark and its note.
    Remove { slug: String },
}

#[derive(Subcommand)]
enum HighlightAction {
    /// Highlight a passage of an article; prints the new highlight's id.
    Add {
        slug: String,
        /// The text to highlight, as it reads in the article (case and spacing do not matter).
        #[arg(long)]
        quote: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long, value_enum, default_value = "yellow")]
        color: ColorArg,
        /// Which appearance of the text, when it occurs more than once (1 is the first).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        occurrence: u32,
    },
    /// Set a highlight's note.
    Note { id: i64, text: String },
    /// Set a highlight's colour.
    Color {
        id: i64,
        #[arg(value_enum)]
        color: ColorArg,
    },
    /// Remove a highlight and its note.
    Remove { id: i64 },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ColorArg {
    Yellow,
    Green,
    Blue,
    Pink,
    Purple,
}

impl From<ColorArg> for Color {
    fn from(color: ColorArg) -> Color {
        match color {
            ColorArg::Yellow => Color::Yellow,
            ColorArg::Green => Color::Green,
            ColorArg::Blue => Color::Blue,
            ColorArg::Pink => Color::Pink,
            ColorArg::Purple => Color::Purple,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SortArg {
    Title,
    Newest,
    Recent,
}

impl From<SortArg> for Sort {
    fn from(sort: SortArg) -> Sort {
        match sort {
            SortArg::Title => Sort::Title,
            SortArg::Newest => Sort::Newest,
            SortArg::Recent => Sort::RecentlyRead,
        }
    }
}

/// A command's result: text for stdout and the exit status.
struct Output {
    body: Body,
    status: u8,
}

/// What a command prints: text made whole, or an import's report, written out as it is read back from its
/// temporary files (as one string, the report of a million files would be a quarter of a gigabyte).
enum Body {
    Text(String),
    Import { report: FullReport, json: bool },
}

impl Output {
    fn ok(text: String) -> Output {
        Output { body: Body::Text(text), status: 0 }
    }

    fn json(value: &impl Serialize) -> Result<Output, Error> {
        let text = serde_json::to_string_pretty(value).map_err(json_error)?;
        Ok(Output::ok(text + "\n"))
    }

    fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        match &self.body {
            Body::Text(text) => out.write_all(text.as_bytes()),
            Body::Import { report, json: true } => report.write_json(out),
            Body::Import { report, json: false } => report.write_text(out),
        }
    }
}

fn json_error(e: serde_json::Error) -> Error {
    Error::new(ErrorKind::Storage, format!("could not write JSON: {e}"))
}

/// One file as an import would keep it.
#[derive(Serialize)]
struct Extracted<'a> {
    path: &'a str,
    title: &'a str,
    author: Option<&'a str>,
    published: Option<&'a str>,
    sources: &'a [haven_core::model::Source],
    text: &'a str,
}

/// A file an import would refuse, and why.
#[derive(Serialize)]
struct NotExtracted<'a> {
    path: &'a str,
    error: &'a str,
}

/// `extract`: the import pipeline without a library. Prints each file's text (JSON lines with `--json`), and the
/// files' count and rate on standard error; exits 1 if any file failed.
fn extract(paths: &[PathBuf], json: bool) -> Result<Output, Error> {
    use haven_core::import::{self, Stored};
    fn json_line(value: &impl Serialize) -> Result<String, Error> {
        Ok(serde_json::to_string(value).map_err(json_error)? + "\n")
    }
    let cancel = AtomicBool::new(false);
    let mut text = String::new();
    let started = Instant::now();
    let report = import::run(
        paths,
        &ImportOptions::default(),
        &cancel,
        &mut |_| {},
        &mut |batch| {
            for file in batch {
                let doc = &file.doc;
                if json {
                    text.push_str(&json_line(&Extracted {
                        path: &file.display_path,
                        title: &doc.title,
                        author: doc.author.as_deref(),
                        published: doc.published.as_deref(),
                        sources: &doc.sources,
                        text: &doc.rendered.text,
                    })?);
                } else {
                    text.push_str(&format!("== {}\n# {}\n\n{}\n\n", file.display_path, doc.title, doc.rendered.text));
                }
            }
            Ok(batch.iter().map(|file| Stored::New { slug: file.doc.slug.clone() }).collect())
        },
        &mut |_| {},
    )?;
    let seconds = started.elapsed().as_secs_f64();
    for failure in &report.failed {
        if json {
            text.push_str(&json_line(&NotExtracted { path: &failure.path, error: &failure.reason })?);
        } else {
            text.push_str(&format!("== {}\n(not imported: {})\n\n", failure.path, failure.reason));
        }
    }
    let failed = report.failed_count();
    let files = report.imported_count() + failed;
    eprintln!(
        "extract: {files} files in {seconds:.2} s ({:.0} files/s), {failed} failed",
        files as f64 / seconds.max(1e-9)
    );
    Ok(Output { body: Body::Text(text), status: u8::from(failed > 0) })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(output) => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            match output.write(&mut stdout).and_then(|()| stdout.flush()) {
                // A closed pipe (`haven-cli list | head`) is the reader's choice, not an error.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("haven-cli: the output could not be written: {e}");
                    ExitCode::from(1)
                }
                _ => ExitCode::from(output.status),
            }
        }
        Err(e) => {
            eprintln!("haven-cli: {}", e.message.replace('\n', " "));
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<Output, Error> {
    if let Command::Extract { paths, json } = &cli.command {
        return extract(paths, *json);
    }
    if let Command::Bench { sizes, dir, rounds, seed, json, cold, prose, lean } = cli.command {
        let dir = dir.unwrap_or_else(|| std::env::temp_dir().join("haven-bench"));
        let options = bench::Options { sizes, dir, seed, rounds: rounds.max(1), cold, prose, lean };
        let report = bench::run(&options, |step| eprintln!("bench: {step}"))?;
        return if json { Output::json(&report) } else { Ok(Output::ok(bench::render_text(&report))) };
    }
    // The same resolver as the desktop app: --library, else HAVEN_LIBRARY, else the app's library (following a
    // "fresh library" the app started, and refusing to recreate one that has gone missing).
    let data_dir = location::data_dir();
    let location = location::resolve(cli.library, location::env_library(), data_dir.as_deref())?;
    if let Command::Lock { action } = &cli.command {
        return lock_command(&location.path, action);
    }
    // A locked library's passphrase comes from HAVEN_PASSPHRASE, else standard input (asked at a terminal).
    let passphrase = match lock::lock_state(&location.path)? {
        LockState::Locked | LockState::Unreadable => passphrase_from_outside(&location.path)?,
        LockState::New | LockState::Plain => None,
    };
    let opened = location.open_locked(passphrase.as_deref()).map_err(|e| match (e.kind, &passphrase) {
        (ErrorKind::Locked, None) => {
            Error::new(ErrorKind::Locked, format!("{} (give it on standard input or in HAVEN_PASSPHRASE)", e.message))
        }
        _ => e,
    });
    let library = match (opened, &cli.command) {
        (Ok(library), _) => library,
        // A library that cannot be opened (damaged, or gone) is what a backup is for: restored without opening it.
        (Err(e), Command::Restore { path, merge: false, json })
            if matches!(e.kind, ErrorKind::CorruptLibrary | ErrorKind::NotFound) =>
        {
            let report = data::restore_unopened(
                &location.path,
                path,
                passphrase.as_deref(),
                &mut Task { progress: &mut progress_line(), cancel: &never() },
            )?;
            return if *json { Output::json(&report) } else { Ok(Output::ok(restore_text(&report))) };
        }
        (Err(e), _) => return Err(e),
    };
    match cli.command {
        Command::List { category, tag, bookmarked, unread, sort, limit, offset, json } => {
            let filter = Filter { category, tag, bookmarked, unread, in_progress: false };
            let page = library.list(&ListQuery { filter, sort: sort.into(), offset, limit })?;
            if json {
                return Output::json(&page.items);
            }
            let lines: String = page
                .items
                .iter()
                .map(|a| {
                    format!(
                        "{}\t{}\t{}\t{} min{}\n",
                        a.slug,
                        a.title,
                        a.category,
                        a.reading_minutes,
                        star(a.bookmarked)
                    )
                })
                .collect();
            Ok(Output::ok(lines))
        }
        Command::Show { slug, html, text: _, json } => {
            let article = library.article(&slug)?;
            if json {
                Output::json(&article)
            } else if html {
                Ok(Output::ok(article.html + "\n"))
            } else {
                Ok(Output::ok(format!("{}\n\n{}\n", article.title, article.text)))
            }
        }
        Command::Search { query, category, tag, limit, json } => {
            let filter = Filter { category, tag, ..Filter::default() };
            let hits = library.search(&query.join(" "), &filter, limit, 0)?;
            if json {
                return Output::json(&hits);
            }
            let lines: String = hits
                .iter()
                .map(|h| format!("{}\t{}\t{}\n    {}\n", h.slug, h.title, h.category, plain_snippet(&h.snippet)))
                .collect();
            Ok(Output::ok(lines))
        }
        Command::Bookmark { action: BookmarkAction::Add { slug, note } } => {
            let bookmark = library.add_bookmark(&slug, note.as_deref())?;
            Ok(Output::ok(format!("Bookmarked “{}”.\n", bookmark.title)))
        }
        Command::Bookmark { action: BookmarkAction::Remove { slug } } => {
            library.remove_bookmark(&slug)?;
            Ok(Output::ok(format!("Removed the bookmark on {slug}.\n")))
        }
        Command::Highlight { action: HighlightAction::Add { slug, quote, note, color, occurrence } } => {
            let span = Span::Text { quote, occurrence: occurrence as usize };
            let highlight = library.add_highlight(&slug, &span, color.into(), note.as_deref().unwrap_or(""))?;
            Ok(Output::ok(format!("{}\n", highlight.id)))
        }
        Command::Highlight { action: HighlightAction::Note { id, text } } => {
            library.set_highlight_note(id, &text)?;
            Ok(Output::ok(format!("Set the note of highlight {id}.\n")))
        }
        Command::Highlight { action: HighlightAction::Color { id, color } } => {
            let highlight = library.set_highlight_color(id, color.into())?;
            Ok(Output::ok(format!("Highlight {id} is now {}.\n", highlight.color.as_str())))
        }
        Command::Highlight { action: HighlightAction::Remove { id } } => {
            library.remove_highlight(id)?;
            Ok(Output::ok(format!("Removed highlight {id}.\n")))
        }
        Command::Highlights { slug, color, detached, json } => {
            let filter = HighlightFilter {
                slug,
                color: color.map(Into::into),
                detached: detached.then_some(true),
                ..HighlightFilter::default()
            };
            let highlights = library.highlights(&filter)?;
            if json {
                return Output::json(&highlights);
            }
            let lines: String = highlights
                .iter()
                .map(|h| {
                    let state = if h.detached { " (detached)" } else { "" };
                    let note = if h.note.is_empty() {
                        String::new()
                    } else {
                        format!("\n    {}", h.note.replace('\n', "\n    "))
                    };
                    format!(
                        "{}\t{}\t{}{state}\n    “{}”{note}\n",
                        h.id,
                        h.slug,
                        h.color.as_str(),
                        h.quote.replace('\n', " ")
                    )
                })
                .collect();
            Ok(Output::ok(lines))
        }
        Command::Bookmarks { json } => {
            let bookmarks = library.bookmarks()?;
            if json {
                return Output::json(&bookmarks);
            }
            let lines: String = bookmarks
                .iter()
                .map(|b| {
                    let note = if b.note.is_empty() {
                        String::new()
                    } else {
                        format!("\n    {}", b.note.replace('\n', "\n    "))
                    };
                    format!("{}\t{}{note}\n", b.slug, b.title)
                })
                .collect();
            Ok(Output::ok(lines))
        }
        Command::Import { paths, category, tags, json } => {
            // Beside the library, which is where what it holds belongs (see import_report.rs).
            let folder = location.path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let mut lines = Lines::new(folder)?;
            let options = ImportOptions { category, tags };
            let report = library.import_each(&paths, &options, &AtomicBool::new(false), |_| {}, |l| lines.push(l))?;
            let report = lines.finish(report)?;
            let status = if report.failed_count() == 0 { 0 } else { 3 };
            Ok(Output { body: Body::Import { report, json }, status })
        }
        Command::Delete { slug } => {
            library.delete_article(&slug)?;
            Ok(Output::ok(format!("Deleted {slug}.\n")))
        }
        Command::Categories { json } => counts(library.categories()?, json),
        Command::Tags { json } => counts(library.tags()?, json),
        Command::Bench { .. } | Command::Lock { .. } | Command::Extract { .. } => {
            unreachable!("handled before the library is opened")
        }
        Command::Export { what: ExportWhat::Annotations { format, out, json } } => {
            let report = library.export_annotations(format.into(), &out)?;
            if json {
                return Output::json(&report);
            }
            Ok(Output::ok(format!(
                "Exported {} {} and {} {} from {} {} to {}.\n",
                report.highlights,
                plural(report.highlights, "highlight", "highlights"),
                report.bookmarks,
                plural(report.bookmarks, "bookmark", "bookmarks"),
                report.articles,
                plural(report.articles, "article", "articles"),
                report.path
            )))
        }
        Command::Export { what: ExportWhat::Articles { slugs, category, tag, out, json } } => {
            let selection = ArticleSelection { category, tag, slugs };
            let report = library.export_articles(
                &selection,
                &out,
                &mut Task { progress: &mut progress_line(), cancel: &never() },
            )?;
            if json {
                return Output::json(&report);
            }
            Ok(Output::ok(format!(
                "Exported {} {} ({} {}) to {}.\n",
                report.articles,
                plural(report.articles, "article", "articles"),
                report.files,
                plural(report.files, "file", "files"),
                report.path
            )))
        }
        Command::Backup { path, json } => {
            let report = library.backup(&path, &mut Task { progress: &mut progress_line(), cancel: &never() })?;
            if json {
                return Output::json(&report);
            }
            Ok(Output::ok(format!("Backed up the library to {} ({}).\n", report.path, megabytes(report.bytes))))
        }
        Command::Restore { path, merge: true, json } => {
            let report = library.merge_annotations(&path)?;
            if json {
                return Output::json(&report);
            }
            Ok(Output::ok(merge_text(&path, &report)))
        }
        Command::Restore { path, merge: false, json } => {
            let report = library.restore(&path, &mut Task { progress: &mut progress_line(), cancel: &never() })?;
            if json {
                return Output::json(&report);
            }
            Ok(Output::ok(restore_text(&report)))
        }
        Command::Position { slug, value } => {
            let state = match value {
                Some(value) => library.set_reading_position(&slug, value)?,
                None => library.reading_state(&slug)?,
            };
            let finished = if state.finished { " (finished)" } else { "" };
            Ok(Output::ok(format!("{:.2}{finished}\n", state.position)))
        }
    }
}

/// The passphrase of a locked library: `HAVEN_PASSPHRASE`, else asked at a terminal (not echoed), else the first
/// line of standard input. `None` when none is given.
fn passphrase_from_outside(library: &std::path::Path) -> Result<Option<String>, Error> {
    if let Some(given) = std::env::var("HAVEN_PASSPHRASE").ok().filter(|p| !p.is_empty()) {
        return Ok(Some(given));
    }
    let given = read_secret(&format!("Passphrase for {}: ", library.display()))?;
    Ok(Some(given).filter(|p| !p.is_empty()))
}

/// One secret: asked at a terminal without echo, else a line of standard input (its line ending removed).
fn read_secret(prompt: &str) -> Result<String, Error> {
    let io = |e: std::io::Error| Error::new(ErrorKind::Io, format!("the passphrase could not be read: {e}"));
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt).map_err(io);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(io)?;
    let kept = line.trim_end_matches(['\n', '\r']).to_string();
    haven_core::passphrase::forget(line);
    Ok(kept)
}

/// A new passphrase: at a terminal, asked twice, and the two must agree.
fn read_new_secret() -> Result<String, Error> {
    let new = read_secret("New passphrase: ")?;
    if std::io::stdin().is_terminal() && read_secret("The same passphrase again: ")? != new {
        return Err(Error::invalid("the two passphrases are not the same; nothing was changed"));
    }
    Ok(new)
}

fn lock_command(path: &std::path::Path, action: &LockAction) -> Result<Output, Error> {
    let text = match action {
        LockAction::Set => {
            let new = read_new_secret()?;
            lock::change_passphrase(path, None, Some(&new))?;
            haven_core::passphrase::forget(new);
            "The library is locked. Keep the passphrase safe: without it, nobody, you included, can open the \
             library or its backups again.\n"
        }
        LockAction::Change => {
            let current = read_secret("Current passphrase: ")?;
            let new = read_new_secret()?;
            lock::change_passphrase(path, Some(&current), Some(&new))?;
            haven_core::passphrase::forget(current);
            haven_core::passphrase::forget(new);
            "The passphrase is changed. Backups made before keep the old one.\n"
        }
        LockAction::Remove => {
            let current = read_secret("Current passphrase: ")?;
            lock::change_passphrase(path, Some(&current), None)?;
            haven_core::passphrase::forget(current);
            "The lock is removed: the library opens without a passphrase. Backups made before keep theirs.\n"
        }
    };
    Ok(Output::ok(text.to_string()))
}

/// Nothing cancels a command-line task but the process ending.
fn never() -> Arc<AtomicBool> {
    Arc::new(AtomicBool::new(false))
}

/// Progress for a person at a terminal: one line on stderr, redrawn, at most ten times a second; nothing when
/// stderr is not a terminal (a script reads only the result).
fn progress_line() -> impl FnMut(&DataProgress) {
    let terminal = std::io::stderr().is_terminal();
    let mut last: Option<Instant> = None;
    move |p: &DataProgress| {
        if !terminal || last.is_some_and(|t| t.elapsed() < Duration::from_millis(100)) {
            return;
        }
        last = Some(Instant::now());
        let what = match p.stage {
            Stage::Exporting => "exporting",
            Stage::BackingUp => "backing up",
            Stage::Reading => "reading the backup",
            Stage::Checking => "checking the backup",
            Stage::Upgrading => "bringing the backup up to date",
            Stage::KeepingCurrent => "keeping a copy of the library as it is",
            Stage::Restoring => "restoring",
        };
        let share = (p.done * 100).checked_div(p.total).map_or_else(String::new, |percent| format!(" {percent}%"));
        eprint!("\r\x1b[2Khaven-cli: {what}{share}");
        if p.total > 0 && p.done == p.total {
            eprintln!();
        }
    }
}

fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

fn restore_text(report: &RestoreReport) -> String {
    let t = report.totals;
    let kept = match &report.kept {
        Some(kept) => format!(" The library as it was is kept at {kept}."),
        None => String::new(),
    };
    format!(
        "Restored {}.{kept}\nThe library now holds {} {} ({} imported), {} {} and {} {}.\n",
        report.restored_from,
        t.articles,
        plural(t.articles, "article", "articles"),
        t.imported,
        t.highlights,
        plural(t.highlights, "highlight", "highlights"),
        t.bookmarks,
        plural(t.bookmarks, "bookmark", "bookmarks"),
    )
}

fn merge_text(path: &std::path::Path, r: &MergeReport) -> String {
    let mut out = format!(
        "Merged {}: {} {} added ({} not found in the article's text, kept detached), {} already here; \
         {} {} added, {} {} gained a note, {} already here; {} reading {} restored.\n",
        path.display(),
        r.highlights_added,
        plural(r.highlights_added, "highlight", "highlights"),
        r.highlights_detached,
        r.highlights_present,
        r.bookmarks_added,
        plural(r.bookmarks_added, "bookmark", "bookmarks"),
        r.notes_merged,
        plural(r.notes_merged, "bookmark", "bookmarks"),
        r.bookmarks_present,
        r.positions_restored,
        plural(r.positions_restored, "position", "positions"),
    );
    for title in &r.missing_articles {
        out.push_str(&format!("not in this library: {title} (its bookmark and position could not be restored)\n"));
    }
    out
}

fn star(bookmarked: bool) -> &'static str {
    if bookmarked {
        "\t★"
    } else {
        ""
    }
}

fn counts(items: Vec<haven_core::model::NameCount>, json: bool) -> Result<Output, Error> {
    if json {
        return Output::json(&items);
    }
    Ok(Output::ok(items.iter().map(|c| format!("{}\t{}\n", c.name, c.count)).collect()))
}

/// A search snippet for a terminal: the `<mark>` tags become «», entities are undone.
fn plain_snippet(snippet: &str) -> String {
    snippet
        .replace("<mark>", "«")
        .replace("</mark>", "»")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}
