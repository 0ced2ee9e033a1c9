//! `haven-cli import`'s report, which by contract lists every file. The core's report lists only the first
//! [`MAX_LISTED`](haven_core::import::MAX_LISTED) of each kind, so that an import of a million files does not
//! hold a million lines in memory; the CLI takes every stored file's line as its batch is committed and keeps it
//! in an unnamed temporary file (one a kind, removed by the system when the process ends, however it ends), then
//! prints from there, text or JSON, in the contract's order.
//!
//! The files are made in the library's own folder, not the system's temporary one: the lines name what went into
//! the library, which belongs with it rather than in a folder other accounts share, and a temporary folder held
//! in memory (tmpfs) would spend on them the memory this saves.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};
use std::marker::PhantomData;
use std::path::Path;

use haven_core::import::{Duplicate, Failure, Imported, Line};
use haven_core::{Error, ErrorKind, ImportReport};
use serde::de::DeserializeOwned;
use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};

/// Every stored file's line as the import goes, each kind in its own temporary file, one JSON object a line.
pub(crate) struct Lines {
    imported: Spool,
    updated: Spool,
    duplicates: Spool,
    /// The first failure to write, after which nothing more is written (the import itself goes on).
    error: Option<std::io::Error>,
}

struct Spool {
    file: BufWriter<File>,
    count: usize,
}

impl Spool {
    fn new(folder: &Path) -> std::io::Result<Spool> {
        Ok(Spool { file: BufWriter::new(tempfile::tempfile_in(folder)?), count: 0 })
    }

    fn push(&mut self, line: &impl Serialize) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.file, line)?;
        self.file.write_all(b"\n")?;
        self.count += 1;
        Ok(())
    }

    /// The file, written out and ready to be read from its start.
    fn into_read(self) -> std::io::Result<Spooled> {
        let mut file = self.file.into_inner().map_err(std::io::IntoInnerError::into_error)?;
        file.rewind()?;
        Ok(Spooled { file, count: self.count })
    }
}

impl Lines {
    /// Three empty spools in `folder`, before anything is imported.
    pub(crate) fn new(folder: &Path) -> Result<Lines, Error> {
        let spool = || {
            Spool::new(folder).map_err(|e| {
                Error::new(
                    ErrorKind::Io,
                    format!("nothing was imported: no temporary file for the report in {}: {e}", folder.display()),
                )
            })
        };
        Ok(Lines { imported: spool()?, updated: spool()?, duplicates: spool()?, error: None })
    }

    /// Keeps one stored file's line.
    pub(crate) fn push(&mut self, line: &Line) {
        if self.error.is_some() {
            return;
        }
        let written = match line {
            Line::Imported(i) => self.imported.push(i),
            Line::Updated(i) => self.updated.push(i),
            Line::Duplicate(d) => self.duplicates.push(d),
        };
        self.error = written.err();
    }

    /// The whole report: every line kept, with the failed and skipped files and the rest from the core's.
    pub(crate) fn finish(self, report: ImportReport) -> Result<FullReport, Error> {
        if let Some(e) = self.error {
            return Err(spool_error(&report, &e));
        }
        let read = |spool: Spool| spool.into_read().map_err(|e| spool_error(&report, &e));
        Ok(FullReport {
            imported: read(self.imported)?,
            updated: read(self.updated)?,
            duplicates: read(self.duplicates)?,
            report,
        })
    }
}

/// The files were stored; only their report is lost, and the message says so, with the counts it still has.
fn spool_error(report: &ImportReport, e: &std::io::Error) -> Error {
    Error::new(
        ErrorKind::Io,
        format!(
            "{} imported, {} updated, {} duplicates, {} skipped, {} failed, but the list of files could not be kept \
             in a temporary file: {e}",
            report.imported_count(),
            report.updated_count(),
            report.duplicates_count(),
            report.skipped_count(),
            report.failed_count()
        ),
    )
}

/// A kind's lines, written and rewound.
struct Spooled {
    file: File,
    count: usize,
}

impl Spooled {
    /// Reads the lines back in the order they were written, giving each to `line`. A line that cannot be read
    /// back, or one missing, is an error of its own kind, told apart from one of `line`'s (a closed pipe).
    fn each<T: DeserializeOwned>(&self, mut line: impl FnMut(T) -> std::io::Result<()>) -> std::io::Result<()> {
        let read_back = |e: &dyn std::fmt::Display| {
            std::io::Error::other(format!(
                "the list of imported files could not be read back from its temporary file: {e}"
            ))
        };
        let mut file = &self.file;
        file.rewind().map_err(|e| read_back(&e))?;
        let mut read = 0;
        for text in BufReader::new(file).lines() {
            let text = text.map_err(|e| read_back(&e))?;
            line(serde_json::from_str(&text).map_err(|e| read_back(&e))?)?;
            read += 1;
        }
        if read != self.count {
            return Err(read_back(&format_args!("{read} lines of {}", self.count)));
        }
        Ok(())
    }
}

/// An import's report with every file's line, for printing.
pub(crate) struct FullReport {
    imported: Spooled,
    updated: Spooled,
    duplicates: Spooled,
    report: ImportReport,
}

impl FullReport {
    pub(crate) fn failed_count(&self) -> usize {
        self.report.failed_count()
    }

    /// The report as text: a line a file, kind by kind, then the totals.
    pub(crate) fn write_text(&self, out: &mut impl Write) -> std::io::Result<()> {
        self.imported.each(|i: Imported| writeln!(out, "imported   {} → {} ({})", i.path, i.slug, i.title))?;
        self.updated.each(|i: Imported| writeln!(out, "updated    {} → {} ({})", i.path, i.slug, i.title))?;
        self.duplicates
            .each(|d: Duplicate| writeln!(out, "duplicate  {} (already in the library as {})", d.path, d.slug))?;
        let report = &self.report;
        for s in &report.skipped {
            writeln!(out, "skipped    {}: {}", s.path, s.reason)?;
        }
        if report.skipped_unlisted > 0 {
            writeln!(out, "skipped    …and {} more not listed", report.skipped_unlisted)?;
        }
        for f in &report.failed {
            writeln!(out, "failed     {}: {}", f.path, f.reason)?;
        }
        if report.failed_unlisted > 0 {
            writeln!(out, "failed     …and {} more not listed", report.failed_unlisted)?;
        }
        writeln!(
            out,
            "{} imported, {} updated, {} duplicates, {} skipped, {} failed",
            self.imported.count,
            self.updated.count,
            self.duplicates.count,
            report.skipped_count(),
            report.failed_count()
        )
    }

    /// The report as the contract's JSON document, written as it is read back.
    pub(crate) fn write_json(&self, out: &mut impl Write) -> std::io::Result<()> {
        let report = &self.report;
        let json = Json {
            imported: Listed::new(&self.imported),
            updated: Listed::new(&self.updated),
            duplicates: Listed::new(&self.duplicates),
            failed: &report.failed,
            failed_unlisted: report.failed_unlisted,
            skipped: &report.skipped,
            skipped_unlisted: report.skipped_unlisted,
            cancelled: report.cancelled,
        };
        // An error writing to `out` comes back as itself (a closed pipe stays one); reading back, as its message.
        serde_json::to_writer_pretty(&mut *out, &json).map_err(std::io::Error::from)?;
        out.write_all(b"\n")
    }
}

/// The JSON document, its keys in the order they have always been printed.
#[derive(Serialize)]
struct Json<'a> {
    imported: Listed<'a, Imported>,
    updated: Listed<'a, Imported>,
    duplicates: Listed<'a, Duplicate>,
    failed: &'a [Failure],
    failed_unlisted: usize,
    skipped: &'a [Failure],
    skipped_unlisted: usize,
    cancelled: bool,
}

/// A spooled kind, serialized as an array read from its file one line at a time.
struct Listed<'a, T> {
    spooled: &'a Spooled,
    kind: PhantomData<T>,
}

impl<'a, T> Listed<'a, T> {
    fn new(spooled: &'a Spooled) -> Self {
        Listed { spooled, kind: PhantomData }
    }
}

impl<T: Serialize + DeserializeOwned> Serialize for Listed<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.spooled.count))?;
        // A serializer's error (the output closed) cannot cross `each`'s io::Result: it waits here, and reading
        // stops at once.
        let mut failed = None;
        let read = self.spooled.each(|line: T| match seq.serialize_element(&line) {
            Ok(()) => Ok(()),
            Err(e) => {
                failed = Some(e);
                Err(std::io::Error::other("the output closed"))
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        read.map_err(S::Error::custom)?;
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imported(i: usize) -> Imported {
        Imported { path: format!("/n/{i}.md"), slug: format!("n-{i}"), title: format!("Note “{i}”\nend") }
    }

    fn lines() -> (tempfile::TempDir, Lines) {
        let dir = tempfile::tempdir().unwrap();
        let lines = Lines::new(dir.path()).unwrap();
        (dir, lines)
    }

    /// The report as the CLI printed it before the lines were spooled: the core's report, which then listed
    /// every file, with its fields in this order.
    #[derive(Serialize, Default)]
    struct Before {
        imported: Vec<Imported>,
        updated: Vec<Imported>,
        duplicates: Vec<Duplicate>,
        failed: Vec<Failure>,
        failed_unlisted: usize,
        skipped: Vec<Failure>,
        skipped_unlisted: usize,
        cancelled: bool,
    }

    #[test]
    fn the_json_is_byte_for_byte_what_was_printed_before() {
        let (_dir, mut lines) = lines();
        let mut before = Before::default();
        for i in 0..5 {
            let line = match i {
                3 => Line::Duplicate(Duplicate { path: format!("/d/{i}.md"), slug: format!("n-{i}") }),
                4 => Line::Updated(imported(i)),
                _ => Line::Imported(imported(i)),
            };
            lines.push(&line);
            match line {
                Line::Imported(i) => before.imported.push(i),
                Line::Updated(i) => before.updated.push(i),
                Line::Duplicate(d) => before.duplicates.push(d),
            }
        }
        let failed = vec![Failure { path: "/bad.md".into(), reason: "it is empty".into() }];
        let report = ImportReport { failed: failed.clone(), skipped_unlisted: 2, ..ImportReport::default() };
        let full = lines.finish(report).unwrap();
        let mut printed = Vec::new();
        full.write_json(&mut printed).unwrap();
        before.failed = failed;
        before.skipped_unlisted = 2;
        let expected = serde_json::to_string_pretty(&before).unwrap() + "\n";
        assert_eq!(String::from_utf8(printed).unwrap(), expected);
        let mut twice = Vec::new();
        full.write_json(&mut twice).unwrap();
        assert_eq!(String::from_utf8(twice).unwrap(), expected, "read again from the start");
    }

    #[test]
    fn the_text_lists_every_line_then_the_totals() {
        let (_dir, mut lines) = lines();
        for i in 0..3 {
            lines.push(&Line::Imported(imported(i)));
        }
        lines.push(&Line::Duplicate(Duplicate { path: "/again.md".into(), slug: "n-0".into() }));
        let full = lines.finish(ImportReport { failed_unlisted: 4, ..ImportReport::default() }).unwrap();
        let mut printed = Vec::new();
        full.write_text(&mut printed).unwrap();
        let printed = String::from_utf8(printed).unwrap();
        assert_eq!(
            printed,
            "imported   /n/0.md → n-0 (Note “0”\nend)\n\
             imported   /n/1.md → n-1 (Note “1”\nend)\n\
             imported   /n/2.md → n-2 (Note “2”\nend)\n\
             duplicate  /again.md (already in the library as n-0)\n\
             failed     …and 4 more not listed\n\
             3 imported, 0 updated, 1 duplicates, 0 skipped, 4 failed\n"
        );
    }

    #[test]
    fn a_line_missing_when_read_back_is_an_error_not_a_shorter_report() {
        let (_dir, mut lines) = lines();
        lines.push(&Line::Imported(imported(0)));
        let mut full = lines.finish(ImportReport::default()).unwrap();
        full.imported.count += 1; // as if a line had been lost on the way
        let err = full.write_text(&mut Vec::new()).unwrap_err();
        assert_ne!(err.kind(), std::io::ErrorKind::BrokenPipe, "not taken for a closed pipe");
        assert!(
            err.to_string().contains("could not be read back") && err.to_string().contains("1 lines of 2"),
            "{err}"
        );
        assert!(full.write_json(&mut Vec::new()).unwrap_err().to_string().contains("could not be read back"));
    }

    /// Writing to a closed pipe stays a closed pipe, which `main` passes over; reading stops there.
    #[test]
    fn a_closed_output_is_told_apart() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let (_dir, mut lines) = lines();
        lines.push(&Line::Imported(imported(0)));
        let full = lines.finish(ImportReport::default()).unwrap();
        assert_eq!(full.write_text(&mut Closed).unwrap_err().kind(), std::io::ErrorKind::BrokenPipe);
        assert_eq!(full.write_json(&mut Closed).unwrap_err().kind(), std::io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn no_folder_for_the_spool_means_nothing_is_imported_and_says_so() {
        let err = Lines::new(Path::new("/no/such/folder")).err().unwrap();
        assert!(err.message.starts_with("nothing was imported: no temporary file for the report in /no/such/folder"));
    }

    #[test]
    fn a_spool_that_failed_gives_the_counts_it_still_has() {
        let (_dir, mut lines) = lines();
        lines.error = Some(std::io::Error::other("no space left on device"));
        let report = ImportReport { imported_unlisted: 1_200, failed_unlisted: 3, ..ImportReport::default() };
        let err = lines.finish(report).err().unwrap();
        assert_eq!(
            err.message,
            "1200 imported, 0 updated, 0 duplicates, 0 skipped, 3 failed, but the list of files could not be kept \
             in a temporary file: no space left on device"
        );
    }
}
