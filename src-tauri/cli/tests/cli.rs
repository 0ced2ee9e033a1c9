//! The `haven-cli` contract, driven as a script would drive it: real processes, temp libraries, fixtures
//! beside this file. Exit statuses: 0 ok, 1 user error (one stderr line), 2 usage, 3 import with failures.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A temp folder holding one library file.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }

    fn library(&self) -> PathBuf {
        self.dir.path().join("library.sqlite")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_haven-cli"))
            .arg("--library")
            .arg(self.library())
            .args(args)
            .env_remove("HAVEN_LIBRARY")
            .output()
            .unwrap()
    }

    /// Runs a command that must succeed and print JSON.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?} printed no JSON: {e}"))
    }

    fn import_notes(&self) -> Value {
        let notes = fixtures().join("notes");
        self.json(&["import", notes.to_str().unwrap(), "--json"])
    }
}

fn stderr_line(out: &Output) -> String {
    let text = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(text.lines().count(), 1, "exactly one line on stderr: {text:?}");
    text
}

#[test]
fn a_missing_library_is_created_and_lists_as_json() {
    let env = Env::new();
    let list = env.json(&["list", "--json"]);
    assert!(list.is_array());
    assert!(env.library().exists());
}

#[test]
fn import_reports_every_file_in_the_documented_shape() {
    let env = Env::new();
    let report = env.import_notes();
    for key in ["imported", "updated", "duplicates", "failed"] {
        assert!(report[key].is_array(), "{key} missing from {report}");
    }
    let imported = report["imported"].as_array().unwrap();
    assert_eq!(imported.len(), 2);
    assert_eq!(imported[0]["slug"], "grounding");
    assert_eq!(imported[0]["title"], "A grounding exercise for hard moments");
    assert!(imported[0]["path"].as_str().unwrap().ends_with("grounding.md"));
    assert_eq!(
        report["skipped"][0]["reason"],
        "a .png file is not a type Haven imports (Markdown .md, web pages .html or .htm, plain text .txt)"
    );

    // The same files again are duplicates, not new articles.
    let before = env.json(&["list", "--limit", "500", "--json"]).as_array().unwrap().len();
    let again = env.import_notes();
    assert_eq!(again["duplicates"].as_array().unwrap().len(), 2);
    assert_eq!(env.json(&["list", "--limit", "500", "--json"]).as_array().unwrap().len(), before);
}

#[test]
fn an_import_with_failures_exits_3_and_still_reports_everything() {
    let env = Env::new();
    let good = fixtures().join("notes/grounding.md");
    let bad = fixtures().join("broken-front-matter.md");
    let out = env.run(&["import", good.to_str().unwrap(), bad.to_str().unwrap(), "/no/such/file.md", "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["imported"].as_array().unwrap().len(), 1);
    let failed = report["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 2);
    assert!(failed
        .iter()
        .any(|f| f["reason"].as_str().unwrap().contains("broken-front-matter.md: the front matter is not valid YAML")));
    assert!(failed.iter().any(|f| f["path"] == "/no/such/file.md" && f["reason"] == "no such file or folder"));
    // Text output says the same, one line a file.
    let out = env.run(&["import", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with(&format!("duplicate  {} (already in the library as ", good.display())), "{text}");
    assert!(lines[1].starts_with(&format!("failed     {}: ", bad.display())), "{text}");
    assert_eq!(lines[2], "0 imported, 0 updated, 1 duplicates, 0 skipped, 1 failed");
}

/// The core's report lists the first 1,000 files of each kind; the CLI's contract lists every one, so it keeps
/// the lines it is handed as the import goes and prints them all.
#[test]
fn an_import_of_more_files_than_the_core_lists_reports_every_one() {
    let env = Env::new();
    let notes = env.dir.path().join("many");
    std::fs::create_dir(&notes).unwrap();
    let count = haven_core::import::MAX_LISTED + 150;
    for i in 0..count {
        std::fs::write(notes.join(format!("n{i:04}.md")), format!("# Note {i}\n\nA short note, number {i}.")).unwrap();
    }
    let report = env.json(&["import", notes.to_str().unwrap(), "--json"]);
    let imported = report["imported"].as_array().unwrap();
    assert_eq!(imported.len(), count, "every file is listed");
    assert_eq!(imported[count - 1]["title"], format!("Note {}", count - 1), "in file order, to the last");
    assert!(
        report.get("imported_unlisted").is_none(),
        "the contract's keys only: {:?}",
        report.as_object().unwrap().keys()
    );
    let out = env.run(&["import", notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), count + 1, "a line a file, then the totals");
    assert!(lines[count - 1].starts_with("duplicate  ") && lines[count - 1].contains(&format!("n{:04}.md", count - 1)));
    assert_eq!(lines[count], format!("0 imported, 0 updated, {count} duplicates, 0 skipped, 0 failed"));
}

/// Output that cannot be written (a full disk) is an error with its one line; only a closed pipe is not.
#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_exits_1_and_says_so() {
    let env = Env::new();
    env.json(&["list", "--json"]);
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_haven-cli"))
        .arg("--library")
        .arg(env.library())
        .args(["list", "--json"])
        .env_remove("HAVEN_LIBRARY")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_line(&out).starts_with("haven-cli: the output could not be written: "));
}

#[test]
fn show_gives_json_html_and_text() {
    let env = Env::new();
    env.import_notes();
    let article = env.json(&["show", "grounding", "--json"]);
    for key in [
        "slug",
        "title",
        "summary",
        "category",
        "tags",
        "reading_minutes",
        "reviewed",
        "sources",
        "toc",
        "html",
        "text",
        "bookmarked",
        "note",
    ] {
        assert!(article.get(key).is_some(), "{key} missing from show --json");
    }
    assert_eq!(article["category"], "Coping skills");
    assert_eq!(article["tags"], serde_json::json!(["anxiety", "grounding"]));
    assert_eq!(article["toc"][0]["id"], "art-how-it-works");
    assert_eq!(article["bookmarked"], false);

    let html = String::from_utf8(env.run(&["show", "grounding", "--html"]).stdout).unwrap();
    assert!(html.starts_with("<p>When a craving") && html.contains(r#"<h2 id="art-how-it-works">"#), "{html}");

    let text = String::from_utf8(env.run(&["show", "grounding", "--text"]).stdout).unwrap();
    assert!(text.starts_with("A grounding exercise for hard moments\n\nWhen a craving"), "{text}");
    assert!(!text.contains('<') && !text.contains("##"));
    // Two formats at once is a usage error.
    assert_eq!(env.run(&["show", "grounding", "--html", "--json"]).status.code(), Some(2));
}

#[test]
fn hostile_articles_are_stored_inert() {
    let env = Env::new();
    let hostile = fixtures().join("hostile.md");
    env.json(&["import", hostile.to_str().unwrap(), "--json"]);
    let html = String::from_utf8(env.run(&["show", "hostile", "--html"]).stdout).unwrap().to_lowercase();
    for bad in ["onerror", "<script", "javascript:", "vbscript:", "onclick", "<iframe", "<form", "<input"] {
        assert!(!html.contains(bad), "{bad} survived: {html}");
    }
    assert!(html.contains("hello"));
}

#[test]
fn search_returns_items_with_snippets_and_takes_any_input() {
    let env = Env::new();
    env.import_notes();
    let hits = env.json(&["search", "cravings", "--json"]);
    let hits = hits.as_array().unwrap();
    for mine in ["grounding", "walking"] {
        assert!(hits.iter().any(|h| h["slug"] == mine), "{mine} not found: {hits:?}");
    }
    for key in ["slug", "title", "category", "tags", "summary", "reading_minutes", "snippet"] {
        assert!(hits[0].get(key).is_some(), "{key} missing from search --json");
    }
    assert!(hits.iter().any(|h| h["snippet"].as_str().unwrap().contains("<mark>cravings</mark>")));
    assert_eq!(env.json(&["search", "grounding", "exercise", "--json"])[0]["slug"], "grounding");
    for odd in ["\"", "NEAR(", "*", ")(", "AND", "a OR"] {
        assert!(env.json(&["search", odd, "--json"]).is_array(), "{odd}");
    }
    let text = String::from_utf8(env.run(&["search", "walk", "--category", "Imported"]).stdout).unwrap();
    assert!(text.starts_with("walking\tWalking after work\tImported\n") && text.contains("«walk»"), "{text}");
}

#[test]
fn bookmarks_with_notes_survive_a_reimport_of_a_changed_file() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("journal.md");
    std::fs::write(&file, "# Journal\n\nDay one.").unwrap();
    env.json(&["import", file.to_str().unwrap(), "--json"]);
    assert_eq!(env.run(&["bookmark", "add", "journal", "--note", "read on Sundays"]).status.code(), Some(0));
    assert_eq!(env.run(&["position", "journal", "0.4"]).status.code(), Some(0));

    std::fs::write(&file, "# Journal\n\nDay one. Day two.").unwrap();
    let report = env.json(&["import", file.to_str().unwrap(), "--json"]);
    assert_eq!(report["updated"][0]["slug"], "journal");

    let bookmarks = env.json(&["bookmarks", "--json"]);
    assert_eq!(bookmarks[0]["slug"], "journal");
    assert_eq!(bookmarks[0]["note"], "read on Sundays");
    assert_eq!(String::from_utf8(env.run(&["position", "journal"]).stdout).unwrap(), "0.40\n");
    assert!(env.json(&["show", "journal", "--json"])["text"].as_str().unwrap().contains("Day two"));

    assert_eq!(env.run(&["bookmark", "remove", "journal"]).status.code(), Some(0));
    assert_eq!(env.json(&["bookmarks", "--json"]), serde_json::json!([]));
}

#[test]
fn list_filters_by_category_tag_and_bookmark() {
    let env = Env::new();
    env.import_notes();
    env.run(&["bookmark", "add", "walking"]);
    let slugs = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list", "--json"];
        all.extend_from_slice(args);
        env.json(&all).as_array().unwrap().iter().map(|a| a["slug"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(slugs(&["--category", "Coping skills"]), ["grounding"]);
    assert_eq!(slugs(&["--tag", "grounding"]), ["grounding"]);
    assert_eq!(slugs(&["--bookmarked"]), ["walking"]);
    assert_eq!(slugs(&["--limit", "1"]).len(), 1);
    let text = String::from_utf8(env.run(&["list", "--category", "Imported"]).stdout).unwrap();
    assert_eq!(text, "walking\tWalking after work\tImported\t1 min\t★\n");
    let text = String::from_utf8(env.run(&["list", "--category", "Coping skills"]).stdout).unwrap();
    assert_eq!(text, "grounding\tA grounding exercise for hard moments\tCoping skills\t1 min\n");
}

#[test]
fn user_errors_exit_1_with_one_line_and_usage_errors_exit_2() {
    let env = Env::new();
    let out = env.run(&["show", "no-such-article"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr_line(&out), "haven-cli: there is no article called “no-such-article”\n");
    assert_eq!(env.run(&["bookmark", "add", "nothing"]).status.code(), Some(1));
    assert_eq!(env.run(&["position", "nothing", "2"]).status.code(), Some(1));
    for usage in [&["frobnicate"][..], &["list", "--limit", "many"], &["search"], &["bookmark"], &["import"]] {
        assert_eq!(env.run(usage).status.code(), Some(2), "{usage:?}");
    }
}

#[test]
fn a_damaged_library_is_named_and_left_alone() {
    let env = Env::new();
    std::fs::write(env.library(), b"not a database at all").unwrap();
    let out = env.run(&["list"]);
    assert_eq!(out.status.code(), Some(1));
    let line = stderr_line(&out);
    assert!(
        line.contains(&env.library().display().to_string()) && line.contains("not a usable Haven library"),
        "{line}"
    );
    assert_eq!(std::fs::read(env.library()).unwrap(), b"not a database at all");
}

#[test]
fn the_library_location_comes_from_haven_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("from-env.sqlite");
    let out = Command::new(env!("CARGO_BIN_EXE_haven-cli"))
        .args(["list", "--json"])
        .env("HAVEN_LIBRARY", &path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(path.exists());
}

#[test]
fn categories_and_tags_count_articles() {
    let env = Env::new();
    env.import_notes();
    let cats = env.json(&["categories", "--json"]);
    let cats = cats.as_array().unwrap();
    assert!(cats.contains(&serde_json::json!({"name": "Coping skills", "count": 1})), "{cats:?}");
    assert!(cats.contains(&serde_json::json!({"name": "Imported", "count": 1})), "{cats:?}");
    let tags = env.json(&["tags", "--json"]);
    assert!(tags.as_array().unwrap().contains(&serde_json::json!({"name": "grounding", "count": 1})), "{tags}");
    assert_eq!(env.run(&["delete", "walking"]).status.code(), Some(0));
    let cats = env.json(&["categories", "--json"]);
    assert!(!cats.as_array().unwrap().iter().any(|c| c["name"] == "Imported"), "{cats}");
}

/// A small run of `haven-cli bench` keeps the benchmark compiling and its report well formed. It asserts the
/// report's shape and sanity, never a time: timings belong to the full run on a quiet machine.
#[test]
fn a_small_benchmark_run_reports_every_measure() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_haven-cli"))
        .args(["bench", "--sizes", "120", "--rounds", "1", "--json", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["machine"]["cpus"].as_u64().unwrap() >= 1);
    let size = &report["sizes"][0];
    assert_eq!(size["articles"], 120);
    assert!(size["import"]["articles_per_second"].as_f64().unwrap() > 0.0);
    assert!(size["import"]["ratio_to_floor"].as_f64().unwrap() > 0.0);
    assert_eq!(size["web_page_import"]["pages"], 120, "every generated web page imports");
    assert!(size["web_page_import"]["pages_per_second"].as_f64().unwrap() > 0.0);
    // The source is kept compressed and nothing else is: more than a fifth of the Markdown, never three times it.
    let ratio = size["size_ratio"].as_f64().unwrap();
    assert!(ratio > 0.2 && ratio < 3.0, "{ratio}");
    for measure in ["open_and_first_page_ms", "get_article_ms", "bookmark_toggle_ms"] {
        assert!(size[measure]["samples"].as_u64().unwrap() > 0, "{measure}");
    }
    let classes = size["search"].as_array().unwrap();
    assert_eq!(classes.len(), 7);
    assert!(classes.iter().all(|c| c["ms"]["samples"].as_u64().unwrap() >= 3));
    let highlights = &size["highlights"];
    assert_eq!(highlights["highlights"].as_u64(), Some(12_000 + highlights["article_highlights"].as_u64().unwrap()));
    assert!(highlights["article_highlights"].as_u64().unwrap() >= 100, "{highlights}");
    for measure in ["notebook_open_ms", "notebook_search_ms", "article_without_ms", "article_with_ms"] {
        assert!(highlights[measure]["samples"].as_u64().unwrap() > 0, "{measure}");
    }
    let locked = &size["locked"];
    assert!(locked["import_ratio"].as_f64().unwrap() > 0.0, "{locked}");
    assert_eq!(locked["search"].as_array().unwrap().len(), 7);
    assert!(!dir.path().join("library-120-locked.sqlite").exists(), "the locked copy is removed");
    assert!(size["cold"].is_null(), "a cold page cache only when asked for");
    let concurrent = &size["concurrent"];
    assert_eq!(concurrent["failure_count"], 0, "nothing fails while an import runs: {concurrent}");
    assert_eq!(concurrent["imported_files"], 120, "{concurrent}");
    for measure in ["article_ms", "search_ms", "bookmark_ms"] {
        assert!(concurrent["idle"][measure]["samples"].as_u64().unwrap() > 0, "{measure}: {concurrent}");
    }
    assert!(!dir.path().join("library-120-concurrent.sqlite").exists(), "the concurrent copy is removed");
    let data = &size["data"];
    assert_eq!(data["highlights"], highlights["highlights"]);
    for measure in [
        "backup_mb_per_second",
        "file_copy_mb_per_second",
        "backup_ratio",
        "export_json_seconds",
        "export_markdown_seconds",
        "export_csv_seconds",
    ] {
        assert!(data[measure].as_f64().unwrap() > 0.0, "{measure}: {data}");
    }
    assert!(
        !dir.path().join("backup-120.sqlite").exists() && !dir.path().join("export.json").exists(),
        "copies removed"
    );
    // The generated corpus is kept for the next run, one Markdown file per article.
    let written = std::fs::read_dir(dir.path().join("corpus-120/000")).unwrap().count();
    assert_eq!(written, 120);

    // --lean (the million-article run) leaves out the locked, highlights and data measures, and says so.
    let out = Command::new(env!("CARGO_BIN_EXE_haven-cli"))
        .args(["bench", "--sizes", "60", "--rounds", "1", "--json", "--lean", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let lean: Value = serde_json::from_slice(&out.stdout).unwrap();
    let size = &lean["sizes"][0];
    assert!(size["search"].as_array().unwrap().len() == 7 && size["concurrent"]["readers"].as_u64() > Some(0));
    for left_out in ["locked", "highlights", "data"] {
        assert!(size[left_out].is_null(), "{left_out}: {size}");
    }
    assert!(!dir.path().join("library-60-locked.sqlite").exists());
}

#[test]
fn web_pages_and_text_import_through_the_same_contract() {
    let env = Env::new();
    let pages = fixtures().join("../../../../tests/fixtures/import");
    let out = env.run(&["import", pages.to_str().unwrap(), "--category", "Saved pages", "--tag", "reading", "--json"]);
    assert_eq!(out.status.code(), Some(3), "two pages there cannot be imported");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["imported"].as_array().unwrap().len(), 7);
    assert_eq!(report["failed"].as_array().unwrap().len(), 2);
    let copy = report["imported"].as_array().unwrap().iter().find(|i| i["path"].as_str().unwrap().ends_with(".txt"));
    let slug = copy.unwrap()["slug"].as_str().unwrap().to_string();
    let article = env.json(&["show", &slug, "--json"]);
    assert_eq!(article["title"], "Five things I wish I had known before detox");
    assert_eq!(
        (&article["category"], &article["tags"]),
        (&Value::from("Saved pages"), &serde_json::json!(["reading"]))
    );
    let hits = env.json(&["search", "peer workers supervision", "--json"]);
    assert!(hits
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["title"] == "Peer support workers bring lived experience to addiction care"));
}

/// An import killed part-way leaves a consistent library, and running it again picks up where it stopped.
#[test]
fn a_killed_import_resumes_without_losing_or_doubling_anything() {
    let env = Env::new();
    let notes = tempfile::tempdir().unwrap();
    let total = 3_000;
    for i in 0..total {
        let text = format!("# Note {i}\n\nA calm note, number {i}, about steady routines and small steps.\n");
        std::fs::write(notes.path().join(format!("note-{i:05}.md")), text).unwrap();
    }
    env.json(&["list", "--json"]); // creates the library, with the bundled articles
    let mut child = Command::new(env!("CARGO_BIN_EXE_haven-cli"))
        .arg("--library")
        .arg(env.library())
        .args(["import", notes.path().to_str().unwrap(), "--json"])
        .env_remove("HAVEN_LIBRARY")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let imported = || -> i64 {
        let db =
            rusqlite::Connection::open_with_flags(env.library(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        db.query_row("SELECT count(*) FROM articles WHERE origin = 'imported'", [], |r| r.get(0)).unwrap_or(0)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while imported() == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let at_kill = imported();
    assert!(at_kill > 0 && at_kill < total, "killed part-way: {at_kill} of {total} stored");

    let db = rusqlite::Connection::open(env.library()).unwrap();
    let check: String = db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    drop(db);
    let report = env.json(&["import", notes.path().to_str().unwrap(), "--json"]);
    let count = |key: &str| report[key].as_array().unwrap().len() as i64;
    assert_eq!((count("duplicates"), count("imported")), (at_kill, total - at_kill));
    assert_eq!(imported(), total);
}

/// Regression: the CLI ignored the "fresh library" the app had started beside a damaged one, and opened (or
/// created) `library.sqlite` instead. Both now resolve the library with the core's one resolver.
#[test]
fn the_library_is_found_exactly_as_the_app_finds_it() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("org.haven.reader");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("library.sqlite"), b"damaged").unwrap();
    std::fs::write(data.join("active-library.txt"), "library-2.sqlite").unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_haven-cli"))
            .args(args)
            .env_remove("HAVEN_LIBRARY")
            .env("XDG_DATA_HOME", home.path())
            .env("HOME", home.path())
            .output()
            .unwrap()
    };
    // The pointer names a library that is not there: said plainly, and nothing is created in its place.
    let out = run(&["list", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_line(&out).contains("library-2.sqlite") && !data.join("library-2.sqlite").exists());
    // Once it exists, it is the one used.
    let made = Command::new(env!("CARGO_BIN_EXE_haven-cli"))
        .args([
            "--library",
            data.join("library-2.sqlite").to_str().unwrap(),
            "bookmark",
            "add",
            "getting-help-right-now",
        ])
        .output()
        .unwrap();
    assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    let out = run(&["bookmarks", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let bookmarks: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(bookmarks[0]["slug"], "getting-help-right-now");
    assert_eq!(std::fs::read(data.join("library.sqlite")).unwrap(), b"damaged");
}

/// Regression: the app and haven-cli opening a new library at the same moment each inserted every bundled
/// article, leaving `-2` copies. Several processes start together on one new file here.
#[test]
fn processes_opening_a_new_library_together_store_each_article_once() {
    for _ in 0..3 {
        let env = Env::new();
        let children: Vec<_> = (0..4)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_haven-cli"))
                    .arg("--library")
                    .arg(env.library())
                    .args(["categories", "--json"])
                    .env_remove("HAVEN_LIBRARY")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        }
        let list = env.json(&["list", "--limit", "500", "--json"]);
        let slugs: Vec<&str> = list.as_array().unwrap().iter().map(|a| a["slug"].as_str().unwrap()).collect();
        let bundled = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../articles")).unwrap().count();
        assert_eq!(slugs.len(), bundled, "{slugs:?}");
        assert!(slugs.iter().all(|s| !s.ends_with("-2")), "{slugs:?}");
    }
}

/// The highlight commands: add by quote (the id on stdout), list as JSON in the documented shape, change the note
/// and colour, mark the HTML, remove; bad input exits 1 with one line.
#[test]
fn highlights_are_made_listed_marked_changed_and_removed() {
    let env = Env::new();
    env.import_notes();
    let out = env.run(&[
        "highlight",
        "add",
        "grounding",
        "--quote",
        "name five things you can SEE",
        "--note",
        "try on the bus",
        "--color",
        "green",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let id: i64 = String::from_utf8(out.stdout).unwrap().trim().parse().expect("the new highlight's id");
    let listed = env.json(&["highlights", "grounding", "--json"]);
    let h = &listed[0];
    for key in
        ["id", "slug", "title", "quote", "prefix", "suffix", "start", "note", "color", "detached", "created", "updated"]
    {
        assert!(h.get(key).is_some(), "{key} missing from highlights --json: {h}");
    }
    assert_eq!(
        (h["id"].as_i64(), h["quote"].as_str(), h["color"].as_str()),
        (Some(id), Some("Name five things you can see"), Some("green"))
    );
    assert_eq!(h["note"], "try on the bus");
    let html = String::from_utf8(env.run(&["show", "grounding", "--html"]).stdout).unwrap();
    assert!(
        html.contains(&format!(
            "<mark class=\"hl hl-green\" data-highlight=\"{id}\">Name five things you can see</mark>"
        )),
        "{html}"
    );
    assert_eq!(env.run(&["highlight", "note", &id.to_string(), "on the train"]).status.code(), Some(0));
    assert_eq!(env.run(&["highlight", "color", &id.to_string(), "purple"]).status.code(), Some(0));
    let changed = env.json(&["highlights", "--json"]);
    assert_eq!((changed[0]["note"].as_str(), changed[0]["color"].as_str()), (Some("on the train"), Some("purple")));
    assert_eq!(env.json(&["highlights", "--detached", "--json"]), serde_json::json!([]));
    assert_eq!(env.run(&["highlight", "remove", &id.to_string()]).status.code(), Some(0));
    assert_eq!(env.json(&["highlights", "--json"]), serde_json::json!([]));

    let missing = env.run(&["highlight", "add", "grounding", "--quote", "words that are not in it"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr_line(&missing).contains("is not in this article's text"));
    let gone = env.run(&["highlight", "remove", "999"]);
    assert_eq!((gone.status.code(), stderr_line(&gone).contains("no highlight 999")), (Some(1), true));
    assert_eq!(env.run(&["highlight", "add", "grounding", "--quote", "x", "--color", "orange"]).status.code(), Some(2));
    assert_eq!(
        env.run(&["highlight", "add", "grounding", "--quote", "the", "--occurrence", "0"]).status.code(),
        Some(2)
    );
}

/// A highlight survives its file being changed and imported again; one whose passage was deleted is kept,
/// detached, with its quote and note.
#[test]
fn highlights_survive_a_reimport_of_a_changed_file() {
    let env = Env::new();
    let dir = env.dir.path().join("notes");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("walks.md");
    std::fs::write(&file, "# Walks\n\nA short walk helps mood. Walking with a friend helps more.\n\nRest well too.\n")
        .unwrap();
    env.json(&["import", dir.to_str().unwrap(), "--json"]);
    for (quote, note) in [("Walking with a friend helps more.", "ask Sam"), ("Rest well too.", "early nights")] {
        assert_eq!(env.run(&["highlight", "add", "walks", "--quote", quote, "--note", note]).status.code(), Some(0));
    }
    std::fs::write(
        &file,
        "# Walks\n\nA new first paragraph.\n\nA short walk lifts mood. Walking with a friend helps more.\n",
    )
    .unwrap();
    let report = env.json(&["import", dir.to_str().unwrap(), "--json"]);
    assert_eq!(report["updated"][0]["slug"], "walks");
    let all = env.json(&["highlights", "walks", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 2, "none is lost");
    let detached = env.json(&["highlights", "--detached", "--json"]);
    assert_eq!(
        (detached[0]["quote"].as_str(), detached[0]["note"].as_str()),
        (Some("Rest well too."), Some("early nights"))
    );
    let html = String::from_utf8(env.run(&["show", "walks", "--html"]).stdout).unwrap();
    assert!(html.contains(">Walking with a friend helps more.</mark>"), "{html}");
}

/// A library with a bookmark with a note, highlights with notes (one a would-be spreadsheet formula) and a
/// reading position, made through the CLI.
fn annotated(env: &Env) {
    env.import_notes();
    let ok = |args: &[&str]| {
        let out = env.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    ok(&["bookmark", "add", "grounding", "--note", "Before the meeting.\nTry it twice."]);
    ok(&[
        "highlight",
        "add",
        "grounding",
        "--quote",
        "Name five things you can see",
        "--color",
        "green",
        "--note",
        "=HYPERLINK(\"http://example.org\",\"x\")",
    ]);
    ok(&["highlight", "add", "grounding", "--quote", "about two minutes", "--color", "purple"]);
    ok(&["position", "grounding", "0.4"]);
}

fn path_arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn exports_a_backup_and_a_restore_give_back_every_annotation() {
    let env = Env::new();
    annotated(&env);
    let out = env.dir.path().join("annotations.json");
    let report = env.json(&["export", "annotations", "--format", "json", "--out", path_arg(&out), "--json"]);
    assert_eq!((report["highlights"].as_u64(), report["bookmarks"].as_u64()), (Some(2), Some(1)));
    let exported = std::fs::read_to_string(&out).unwrap();
    let backup = env.dir.path().join("haven.backup");
    let report = env.json(&["backup", path_arg(&backup), "--json"]);
    assert_eq!(report["bytes"].as_u64(), Some(std::fs::metadata(&backup).unwrap().len()));

    // A new computer: the backup becomes the library.
    let other = Env::new();
    let restored = other.json(&["restore", path_arg(&backup), "--json"]);
    assert_eq!(restored["totals"]["highlights"], 2);
    let again = other.dir.path().join("again.json");
    other.json(&["export", "annotations", "--format", "json", "--out", path_arg(&again), "--json"]);
    assert_eq!(std::fs::read_to_string(&again).unwrap(), exported, "byte for byte");

    // The JSON export merged into a library with the same articles, twice.
    let third = Env::new();
    third.import_notes();
    let merged = third.json(&["restore", "--merge", path_arg(&out), "--json"]);
    assert_eq!(
        (
            merged["highlights_added"].as_u64(),
            merged["bookmarks_added"].as_u64(),
            merged["positions_restored"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    let twice = third.json(&["restore", "--merge", path_arg(&out), "--json"]);
    assert_eq!(
        (twice["highlights_added"].as_u64(), twice["highlights_present"].as_u64(), twice["bookmarks_added"].as_u64()),
        (Some(0), Some(2), Some(0))
    );
    let text = third.run(&["restore", "--merge", path_arg(&out)]);
    assert!(String::from_utf8_lossy(&text.stdout).starts_with(&format!("Merged {}: 0 highlights added", out.display())));
}

#[test]
fn annotations_export_as_markdown_and_as_csv_that_no_spreadsheet_runs() {
    let env = Env::new();
    annotated(&env);
    let csv = env.dir.path().join("readwise.csv");
    let out = env.run(&["export", "annotations", "--format", "csv", "--out", path_arg(&csv)]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("Exported 2 highlights and 1 bookmark from 1 article to {}.\n", csv.display())
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("Highlight,Title,Author,URL,Note,Location,Date\r\n"), "{text}");
    assert!(text.contains(",\"'=HYPERLINK(\"\"http://example.org\"\",\"\"x\"\")\","), "{text}");
    assert!(!text.contains(",=HYPERLINK"), "{text}");

    let notes = env.dir.path().join("vault");
    env.json(&["export", "annotations", "--format", "markdown", "--out", path_arg(&notes), "--json"]);
    let note = std::fs::read_to_string(notes.join("grounding.md")).unwrap();
    assert!(note.starts_with("---\ntitle: A grounding exercise for hard moments\nslug: grounding\n"), "{note}");
    assert!(note.contains("> Name five things you can see\n"), "{note}");
    assert!(std::fs::read_to_string(notes.join("Haven notebook.md")).unwrap().contains("(grounding.md)"));
    // Into a folder that has files in it: refused, and the folder left as it was.
    let out = env.run(&["export", "annotations", "--format", "markdown", "--out", path_arg(&notes)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_line(&out).contains("already has files in it"));

    let articles = env.dir.path().join("articles");
    let report =
        env.json(&["export", "articles", "--category", "Coping skills", "--out", path_arg(&articles), "--json"]);
    assert_eq!(report["articles"], 1);
    assert_eq!(
        std::fs::read_to_string(articles.join("grounding.md")).unwrap(),
        std::fs::read_to_string(fixtures().join("notes/grounding.md")).unwrap(),
        "an imported Markdown file comes back as it was given"
    );
}

#[test]
fn bad_backups_and_exports_exit_1_naming_the_fault_and_change_nothing() {
    let env = Env::new();
    annotated(&env);
    let backup = env.dir.path().join("good.backup");
    env.json(&["backup", path_arg(&backup), "--json"]);
    let export = env.dir.path().join("good.json");
    env.json(&["export", "annotations", "--format", "json", "--out", path_arg(&export), "--json"]);
    let bytes = std::fs::read(&backup).unwrap();
    let write = |name: &str, contents: &[u8]| {
        let path = env.dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path
    };
    let truncated = write("truncated.backup", &bytes[..bytes.len() / 3]);
    let random = write(
        "random.backup",
        &(0..200_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 9) as u8).collect::<Vec<_>>(),
    );
    let newer = write("newer.backup", &bytes);
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let text = std::fs::read_to_string(&export).unwrap();
    let missing = write("missing.json", text.replace("\"exact\"", "\"inexact\"").as_bytes());
    let mut value: Value = serde_json::from_str(&text).unwrap();
    value["first"]["items"][1]["body"] = serde_json::json!({"type": "TextualBody", "value": "x".repeat(10_000_001)});
    let huge = write("huge.json", value.to_string().as_bytes());

    let before = std::fs::read(env.library()).unwrap();
    for (args, says) in [
        (vec!["restore", path_arg(&truncated)], "is not a Haven backup: it is cut short"),
        (vec!["restore", path_arg(&random)], "is not a Haven backup: it is not a library file"),
        (vec!["restore", path_arg(&newer)], "was made by a newer version of Haven (schema 99"),
        (vec!["restore", "--merge", path_arg(&missing)], "has an empty quote"),
        (vec!["restore", "--merge", path_arg(&huge)], "has a note 10000001 characters long"),
        (vec!["restore", "--merge", path_arg(&random)], "is not a Haven annotations export"),
        (vec!["restore", path_arg(&env.library())], "is the library itself"),
        (vec!["backup", path_arg(&env.library())], "cannot be written over the library itself"),
    ] {
        let out = env.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr_line(&out).contains(says), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(std::fs::read(env.library()).unwrap(), before, "the library is byte for byte as it was");
    let names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("before-restore") || n.starts_with('.')), "{names:?}");
}

/// Pads a library with 240 MB of settings rows, so a backup or a restore of it takes long enough to be killed
/// part-way, and marks it with `marker`.
fn pad(env: &Env, marker: &str) {
    let db = rusqlite::Connection::open(env.library()).unwrap();
    db.execute_batch(&format!(
        "BEGIN; INSERT OR REPLACE INTO settings (key, value) VALUES ('test.marker', '{marker}');
         WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 2399)
         INSERT OR REPLACE INTO settings (key, value) SELECT 'test.pad.' || i, hex(randomblob(50000)) FROM k; COMMIT;"
    ))
    .unwrap();
}

/// The library's marker, after checking it opens, is whole, and has everything `annotated` put in it.
fn marker_of_whole_library(env: &Env) -> String {
    let db = rusqlite::Connection::open(env.library()).unwrap();
    let check: String = db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    drop(db);
    let highlights = env.json(&["highlights", "--json"]);
    assert_eq!(highlights.as_array().unwrap().len(), 2, "{highlights}");
    assert_eq!(env.json(&["bookmarks", "--json"])[0]["note"], "Before the meeting.\nTry it twice.");
    let db = rusqlite::Connection::open(env.library()).unwrap();
    db.query_row("SELECT value FROM settings WHERE key = 'test.marker'", [], |r| r.get(0)).unwrap()
}

fn spawn(env: &Env, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_haven-cli"))
        .arg("--library")
        .arg(env.library())
        .args(args)
        .env_remove("HAVEN_LIBRARY")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn kill_9_during_a_backup_or_a_restore_leaves_a_library_that_opens_with_everything() {
    let env = Env::new();
    annotated(&env);
    pad(&env, "old");
    let backup = env.dir.path().join("padded.backup");
    env.json(&["backup", path_arg(&backup), "--json"]);
    rusqlite::Connection::open(&backup)
        .unwrap()
        .execute("UPDATE settings SET value = 'new' WHERE key = 'test.marker'", [])
        .unwrap();

    let mut seen = std::collections::BTreeSet::new();
    let mut backups_cut_short = 0;
    for (round, wait_ms) in [5u64, 40, 150, 400, 900, 1_600, 2_500].into_iter().enumerate() {
        // A backup killed part-way leaves the library whole and no file under the backup's name.
        let dest = env.dir.path().join(format!("killed-{round}.backup"));
        let mut child = spawn(&env, &["backup", path_arg(&dest)]);
        std::thread::sleep(std::time::Duration::from_millis(wait_ms / 4));
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(marker_of_whole_library(&env), "old");
        backups_cut_short += usize::from(!dest.exists());
        if dest.exists() {
            let db = rusqlite::Connection::open(&dest).unwrap();
            assert_eq!(
                db.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap(),
                "ok",
                "a backup under its name is whole"
            );
        }

        // A restore killed part-way leaves the library as it was or as the backup, whole either way.
        let mut child = spawn(&env, &["restore", path_arg(&backup)]);
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        let marker = marker_of_whole_library(&env);
        seen.insert(marker.clone());
        if marker == "new" {
            // Back to the old library for the next round, the way a person would: restore it.
            rusqlite::Connection::open(env.library())
                .unwrap()
                .execute("UPDATE settings SET value = 'old' WHERE key = 'test.marker'", [])
                .unwrap();
        }
    }
    assert!(seen.contains("old"), "some restore was killed before it finished: {seen:?}");
    assert!(backups_cut_short > 0, "some backup was killed before it finished");
}

/// Runs a command with `input` on standard input.
fn run_with_input(env: &Env, args: &[&str], input: &str) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_haven-cli"))
        .arg("--library")
        .arg(env.library())
        .args(args)
        .env_remove("HAVEN_LIBRARY")
        .env_remove("HAVEN_PASSPHRASE")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn file_holds(path: &Path, text: &str) -> bool {
    std::fs::read(path).unwrap().windows(text.len()).any(|w| w == text.as_bytes())
}

#[test]
fn a_locked_library_asks_for_its_passphrase_on_every_command() {
    let env = Env::new();
    annotated(&env);
    let set = run_with_input(&env, &["lock", "set"], "a calm harbour at dusk\n");
    assert_eq!(set.status.code(), Some(0), "{}", String::from_utf8_lossy(&set.stderr));
    assert!(!file_holds(&env.library(), "Before the meeting"), "the note is not in the file's bytes");
    assert!(!file_holds(&env.library(), "A grounding exercise"), "nor the article's words");

    let out = env.run(&["bookmarks"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_line(&out).starts_with("haven-cli: this library is locked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = std::fs::read(env.library()).unwrap();
    let wrong = run_with_input(&env, &["bookmarks"], "a calm harbour at dawn\n");
    assert_eq!(wrong.status.code(), Some(1));
    assert!(stderr_line(&wrong).contains("that passphrase does not open this library"));
    assert_eq!(std::fs::read(env.library()).unwrap(), before, "a wrong passphrase changes nothing");

    let listed = run_with_input(&env, &["bookmarks", "--json"], "a calm harbour at dusk\n");
    let marks: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(marks[0]["note"], "Before the meeting.\nTry it twice.");
    let by_env = Command::new(env!("CARGO_BIN_EXE_haven-cli"))
        .args(["--library", env.library().to_str().unwrap(), "search", "grounding", "--json"])
        .env_remove("HAVEN_LIBRARY")
        .env("HAVEN_PASSPHRASE", "a calm harbour at dusk")
        .output()
        .unwrap();
    assert_eq!(by_env.status.code(), Some(0));
    let hits: Value = serde_json::from_slice(&by_env.stdout).unwrap();
    assert_eq!(hits[0]["slug"], "grounding");
    let imported = run_with_input(
        &env,
        &["import", fixtures().join("hostile.md").to_str().unwrap(), "--json"],
        "a calm harbour at dusk\n",
    );
    assert_eq!(
        imported.status.code(),
        Some(0),
        "import works on a locked library: {}",
        String::from_utf8_lossy(&imported.stderr)
    );

    let changed = run_with_input(&env, &["lock", "change"], "a calm harbour at dusk\na new passphrase, longer\n");
    assert_eq!(changed.status.code(), Some(0), "{}", String::from_utf8_lossy(&changed.stderr));
    assert_eq!(run_with_input(&env, &["bookmarks"], "a calm harbour at dusk\n").status.code(), Some(1));
    assert_eq!(run_with_input(&env, &["bookmarks"], "a new passphrase, longer\n").status.code(), Some(0));
    let short = run_with_input(&env, &["lock", "change"], "a new passphrase, longer\nshort\n");
    assert_eq!(short.status.code(), Some(1));
    assert!(stderr_line(&short).contains("at least 8 characters"));
    let removed = run_with_input(&env, &["lock", "remove"], "a new passphrase, longer\n");
    assert_eq!(removed.status.code(), Some(0), "{}", String::from_utf8_lossy(&removed.stderr));
    assert!(file_holds(&env.library(), "Before the meeting"), "plain again");
    assert_eq!(env.run(&["bookmarks"]).status.code(), Some(0));
}

/// Opens with one of `passphrases` (or none) and holds everything `annotated` put in; returns which opened it.
fn opens_whole_with(env: &Env, passphrases: &[&str]) -> String {
    for pass in passphrases {
        let out = run_with_input(env, &["highlights", "--json"], &format!("{pass}\n"));
        if out.status.code() == Some(0) {
            let highlights: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(highlights.as_array().unwrap().len(), 2, "with {pass:?}: {highlights}");
            let marks = run_with_input(env, &["bookmarks", "--json"], &format!("{pass}\n"));
            let marks: Value = serde_json::from_slice(&marks.stdout).unwrap();
            assert_eq!(marks[0]["note"], "Before the meeting.\nTry it twice.");
            return pass.to_string();
        }
    }
    panic!("the library opened with none of {passphrases:?}");
}

#[test]
fn kill_9_while_the_lock_is_set_changed_or_removed_leaves_a_library_that_opens_with_one_of_the_passphrases() {
    let env = Env::new();
    annotated(&env);
    pad(&env, "padded");
    let (first, second) = ("first passphrase here", "second passphrase here");
    let (mut cut_short, mut finished) = (0, Vec::new());
    // Killed after 30 ms, 0.6 s and 1.3 s; in the last round each step runs to its end (how long that takes depends
    // on the machine's load, so it is waited for, not timed).
    for (round, wait_ms) in [Some(30u64), Some(600), Some(1_300), None].into_iter().enumerate() {
        for (args, input, before, after) in [
            (["lock", "set"], format!("{first}\n"), "", first),
            (["lock", "change"], format!("{first}\n{second}\n"), first, second),
            (["lock", "remove"], format!("{second}\n"), second, ""),
        ] {
            let current = opens_whole_with(&env, &["", first, second]);
            if current != before {
                continue; // an earlier round's kill came first or last; this step starts from elsewhere
            }
            let mut child = Command::new(env!("CARGO_BIN_EXE_haven-cli"))
                .args(["--library", env.library().to_str().unwrap()])
                .args(args)
                .env_remove("HAVEN_LIBRARY")
                .env_remove("HAVEN_PASSPHRASE")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write as _;
            child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
            if let Some(wait_ms) = wait_ms {
                std::thread::sleep(std::time::Duration::from_millis(wait_ms));
                child.kill().unwrap();
                child.wait().unwrap();
            } else {
                let out = child.wait_with_output().unwrap();
                assert!(out.status.success(), "{args:?} run to its end: {}", String::from_utf8_lossy(&out.stderr));
            }
            let now = opens_whole_with(&env, &["", first, second]);
            assert!(now == before || now == after, "round {round}, {args:?}: opened with {now:?}");
            cut_short += usize::from(now == before);
            if now == after {
                finished.push(args[1]);
            }
        }
    }
    assert!(cut_short > 0, "some change was killed before it was done");
    for step in ["set", "change", "remove"] {
        assert!(finished.contains(&step), "{step} also ran to the end once: {finished:?}");
    }
    let names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().filter(|n| n.ends_with(".partial")).count() <= 12, "{names:?}");
}

#[test]
fn extract_prints_what_an_import_would_keep_and_touches_no_library() {
    let env = Env::new();
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import");
    let news = pages.join("news-article.html");
    let out = env.run(&["extract", news.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> =
        String::from_utf8(out.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    let page = &lines[0];
    assert_eq!(page["title"], "Peer support workers bring lived experience to addiction care");
    assert_eq!(page["author"], "Priya Shah");
    let text = page["text"].as_str().unwrap();
    assert!(text.contains("When Dana walked into her first support meeting"), "{text}");
    assert!(!text.contains("Accept all cookies") && !text.contains("Subscribe"), "{text}");
    assert_eq!(page["sources"][0]["publisher"], "Example News");
    assert!(stderr_line(&out).starts_with("extract: 1 files in "));
    assert!(!env.library().exists(), "no library is opened or created");

    // A page with no article: its line names the reason, and the exit status says a file failed.
    let out = env.run(&["extract", pages.join("navigation-only.html").to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let failure: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(failure["error"].as_str().unwrap().contains("Haven found no article text on this page"), "{failure}");
}
