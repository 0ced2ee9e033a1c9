//! Highlights as Readwise's CSV import takes them: `Highlight,Title,Author,URL,Note,Location,Date`.
//!
//! Quoting is the `csv` crate's. A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return, as OWASP lists them) is written with a leading apostrophe, so opening the
//! export in a spreadsheet shows a person's note instead of running it.

use crate::error::{Error, ErrorKind, Result};
use crate::model::ArticleAnnotations;
use crate::time;

const HEADER: [&str; 7] = ["Highlight", "Title", "Author", "URL", "Note", "Location", "Date"];

/// The CSV of every highlight in `articles`, a header row first.
pub fn write(articles: &[ArticleAnnotations]) -> Result<Vec<u8>> {
    let failed = |e: csv::Error| Error::new(ErrorKind::Io, format!("the CSV could not be written: {e}"));
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    out.write_record(HEADER).map_err(failed)?;
    for a in articles {
        let url = a.sources.first().map_or("", |s| s.url.as_str());
        for h in &a.highlights {
            let location = (h.start + 1).to_string();
            let date = time::date_time(h.created);
            let record = [
                inert(&h.quote),
                inert(&a.title),
                inert(a.author.as_deref().unwrap_or("")),
                inert(url),
                inert(&h.note),
                location,
                date,
            ];
            out.write_record(&record).map_err(failed)?;
        }
    }
    out.into_inner().map_err(|e| Error::new(ErrorKind::Io, format!("the CSV could not be written: {e}")))
}

/// A cell that no spreadsheet runs as a formula.
fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests;
