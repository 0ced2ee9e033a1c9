//! Reading, searching and bookmarking while an import runs, as a reader does in the app while a big folder
//! imports: reader threads share one `Library` with the import, as the app's commands do, and every operation
//! is timed; the same threads first run with nothing else going on, for the idle figures beside them. Each
//! thread opens articles and searches without pause and bookmarks one article in ten.
//!
//! What must hold: each operation's p95 during the import within twice its idle p95, and no operation failing
//! (no "database is locked"): reads run on their own WAL snapshots and bookmark writes queue for the writer
//! between the import's batches.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use haven_core::model::Filter;
use haven_core::{Error, ErrorKind, ImportOptions, Library};
use serde::Serialize;

use super::Stats;
use crate::corpus::Rng;

/// Threads reading beside the import.
pub(crate) const READERS: usize = 8;

/// How long the idle round runs: at 10,000 articles, some 450 bookmarks (in 4 s, some 150, whose p95 moved between
/// 5 and 7 ms from run to run, and the ratio during an import with it).
const IDLE: Duration = Duration::from_secs(12);

const QUERIES: [&str; 6] = ["recovery", "side effects", "naltrexone", "\"withdrawal symptoms\"", "antidep", "sleep"];

#[derive(Serialize)]
pub(crate) struct ConcurrentBench {
    pub readers: usize,
    /// What was imported meanwhile, and how long it took with the readers running.
    pub imported_files: usize,
    pub import_seconds: f64,
    pub idle: Operations,
    pub during: Operations,
    /// Operations that failed during either round (kind and message), at most ten; with their total count.
    pub failures: Vec<String>,
    pub failure_count: usize,
}

#[derive(Serialize, Default)]
pub(crate) struct Operations {
    pub article_ms: Stats,
    pub search_ms: Stats,
    pub bookmark_ms: Stats,
}

#[derive(Default)]
struct Samples {
    article: Vec<Duration>,
    search: Vec<Duration>,
    bookmark: Vec<Duration>,
    failures: Vec<String>,
    failure_count: usize,
}

impl Samples {
    fn operations(self) -> (Operations, Vec<String>, usize) {
        let ops = Operations {
            article_ms: Stats::of(self.article),
            search_ms: Stats::of(self.search),
            bookmark_ms: Stats::of(self.bookmark),
        };
        (ops, self.failures, self.failure_count)
    }
}

/// Copies the library at `library` (closed: no process has it open), then measures `READERS` threads on the copy
/// idle, and again while `files_dir` is imported into it.
pub(crate) fn run(library: &Path, files_dir: &Path, n: usize, seed: u64) -> Result<ConcurrentBench, Error> {
    let io = |e: std::io::Error| Error::new(ErrorKind::Io, format!("benchmark files: {e}"));
    let copy = library.with_file_name(format!("library-{n}-concurrent.sqlite"));
    super::remove_library(&copy);
    std::fs::copy(library, &copy).map_err(io)?;
    let wal = format!("{}-wal", library.display());
    if Path::new(&wal).exists() {
        std::fs::copy(&wal, format!("{}-wal", copy.display())).map_err(io)?;
    }
    let lib = Library::open(&copy)?;

    let idle = Mutex::new(Samples::default());
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        for t in 0..READERS {
            let (lib, idle, stop) = (&lib, &idle, &stop);
            s.spawn(move || reader(lib, n, seed ^ t as u64, stop, idle));
        }
        std::thread::sleep(IDLE);
        stop.store(true, Ordering::Relaxed);
    });

    let during = Mutex::new(Samples::default());
    let stop = AtomicBool::new(false);
    let mut import = None;
    std::thread::scope(|s| {
        for t in 0..READERS {
            let (lib, during, stop) = (&lib, &during, &stop);
            s.spawn(move || reader(lib, n, seed ^ (t as u64 + 100), stop, during));
        }
        let started = Instant::now();
        let report = lib.import(&[files_dir.to_path_buf()], &ImportOptions::default());
        import = Some(report.map(|r| (r.imported_count(), started.elapsed().as_secs_f64())));
        stop.store(true, Ordering::Relaxed);
    });
    drop(lib);
    super::remove_library(&copy);
    let (imported_files, import_seconds) = import.expect("the import ran")?;

    let (idle, mut failures, idle_failures) = idle.into_inner().unwrap_or_else(|e| e.into_inner()).operations();
    let (during, more, during_failures) = during.into_inner().unwrap_or_else(|e| e.into_inner()).operations();
    failures.extend(more);
    failures.truncate(10);
    Ok(ConcurrentBench {
        readers: READERS,
        imported_files,
        import_seconds,
        idle,
        during,
        failures,
        failure_count: idle_failures + during_failures,
    })
}

/// Every how many articles a reader bookmarks one (and takes the bookmark off again): people read more than they
/// bookmark, and a thread writing without pause measures a queue of writers, not the import.
const BOOKMARK_EVERY: usize = 10;

/// One reader: open an article and search, over and over until `stop`, bookmarking every tenth article.
fn reader(lib: &Library, n: usize, seed: u64, stop: &AtomicBool, into: &Mutex<Samples>) {
    let mut rng = Rng::new(seed);
    let mut mine = Samples::default();
    let mut round = 0;
    let failed = |mine: &mut Samples, e: Error| {
        mine.failure_count += 1;
        if mine.failures.len() < 10 {
            mine.failures.push(format!("{}: {}", e.kind.as_str(), e.message));
        }
    };
    while !stop.load(Ordering::Relaxed) {
        let slug = format!("article-{:06}", rng.below(n));
        let started = Instant::now();
        match lib.article(&slug) {
            Ok(article) => {
                mine.article.push(started.elapsed());
                std::hint::black_box(article);
            }
            Err(e) => failed(&mut mine, e),
        }
        let query = rng.pick(&QUERIES);
        let started = Instant::now();
        match lib.search(query, &Filter::default(), super::SEARCH_PAGE, 0) {
            Ok(hits) => {
                mine.search.push(started.elapsed());
                std::hint::black_box(hits);
            }
            Err(e) => failed(&mut mine, e),
        }
        round += 1;
        if round % BOOKMARK_EVERY != 0 {
            continue;
        }
        let started = Instant::now();
        match lib.add_bookmark(&slug, Some("while importing")).and_then(|_| lib.remove_bookmark(&slug)) {
            Ok(_) => mine.bookmark.push(started.elapsed() / 2),
            Err(e) => failed(&mut mine, e),
        }
    }
    let mut all = into.lock().unwrap_or_else(|e| e.into_inner());
    all.article.extend(mine.article);
    all.search.extend(mine.search);
    all.bookmark.extend(mine.bookmark);
    all.failure_count += mine.failure_count;
    all.failures.extend(mine.failures);
}
