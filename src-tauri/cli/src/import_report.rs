//! `haven-cli import`'s report, which by contract lists every file. The core's report lists only the first
//! [`MAX_LISTED`](haven_core::import::MAX_LISTED) of each kind, so that an import of a million files does not
//! hold a million lines in memory; the CLI takes every stored file's line as its batch is committed and keeps it
//! in an unnamed temporary file (one a kind, removed by the system when the process ends, however it ends), then
//! prints from there, text or JSON, in the contract's order.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};
use std::marker::PhantomData;

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
    fn new() -> std::io::Result<Spool> {
        Ok(Spool { file: BufWriter::new(tempfile::tempfile()?), count: 0 })
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
    pub(crate) fn new() -> Result<Lines, Error> {
        let spool = || Spool::new().map_err(|e| spool_error(&e));
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
            return Err(spool_error(&e));
        }
        let read = |spool: Spool| spool.into_read().map_err(|e| spool_error(&e));
        Ok(FullReport {
            imported: read(self.imported)?,
            updated: read(self.updated)?,
            duplicates: read(self.duplicates)?,
            report,
        })
    }
}

/// The files were stored; only their report is lost, and the message says so.
fn spool_error(e: &std::io::Error) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("the files were imported, but their report could not be kept in a temporary file: {e}"),
    )
}

/// A kind's lines, written and rewound.
struct Spooled {
    file: File,
    count: usize,
}

impl Spooled {
    /// Reads the lines back in the order they were written, giving each to `line`.
    fn each<T: DeserializeOwned>(&self, mut line: impl FnMut(T) -> std::io::Result<()>) -> std::io::Result<()> {
        let mut file = &self.file;
        file.rewind()?;
        for text in BufReader::new(file).lines() {
            line(serde_json::from_str(&text?)?)?;
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
        serde_json::to_writer_pretty(&mut *out, &json).map_err(std::io::Error::other)?;
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
        // A serializer's error cannot cross `each`'s io::Result, so the first one waits here.
        let mut failed = None;
        let read = self.spooled.each(|line: T| {
            if failed.is_none() {
                failed = seq.serialize_element(&line).err();
            }
            Ok(())
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

    /// What the CLI printed before the lines were spooled: the core's report, listing everything, as JSON.
    #[test]
    fn the_json_is_the_whole_report_as_it_was_printed_before() {
        let mut lines = Lines::new().unwrap();
        let mut whole = ImportReport::default();
        for i in 0..5 {
            let line = if i == 3 {
                Line::Duplicate(Duplicate { path: format!("/d/{i}.md"), slug: format!("n-{i}") })
            } else if i == 4 {
                Line::Updated(imported(i))
            } else {
                Line::Imported(imported(i))
            };
            lines.push(&line);
            match line {
                Line::Imported(i) => whole.imported.push(i),
                Line::Updated(i) => whole.updated.push(i),
                Line::Duplicate(d) => whole.duplicates.push(d),
            }
        }
        let report = ImportReport {
            failed: vec![Failure { path: "/bad.md".into(), reason: "it is empty".into() }],
            skipped_unlisted: 2,
            ..ImportReport::default()
        };
        let full = lines.finish(report.clone()).unwrap();
        let mut printed = Vec::new();
        full.write_json(&mut printed).unwrap();
        whole.failed = report.failed;
        whole.skipped_unlisted = 2;
        let mut expected = serde_json::to_value(&whole).unwrap();
        for kind in ["imported", "updated", "duplicates"] {
            expected.as_object_mut().unwrap().remove(&format!("{kind}_unlisted"));
        }
        let printed: serde_json::Value = serde_json::from_slice(&printed).unwrap();
        assert_eq!(printed, expected);
        let mut twice = Vec::new();
        full.write_json(&mut twice).unwrap();
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&twice).unwrap(), printed, "read again from the start");
    }

    #[test]
    fn the_text_lists_every_line_then_the_totals() {
        let mut lines = Lines::new().unwrap();
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
}
