//! Importing into the library: the `import` pipeline prepares files with no database access, and each batch
//! it hands back is stored here, in one transaction, by the store's rule for imported files.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use super::Library;
use crate::error::Result;
use crate::import::{self, ImportOptions, ImportReport, Line, Prepared, Progress, Stored};
use crate::store::articles::Upserted;

impl Library {
    /// Imports files and folders (recursively).
    pub fn import(&self, paths: &[PathBuf], options: &ImportOptions) -> Result<ImportReport> {
        self.import_with_progress(paths, options, &AtomicBool::new(false), |_| {})
    }

    /// Imports files and folders, calling `progress` before each file. Setting `cancel` stops the import
    /// between files, or while waiting for a slow one: files already stored stay, and the report says it was
    /// cancelled. An import stopped or killed part-way leaves the library consistent, and running it again
    /// reports what was stored as duplicates and carries on with the rest.
    pub fn import_with_progress(
        &self,
        paths: &[PathBuf],
        options: &ImportOptions,
        cancel: &AtomicBool,
        progress: impl FnMut(&Progress),
    ) -> Result<ImportReport> {
        self.import_each(paths, options, cancel, progress, |_| {})
    }

    /// [`Library::import_with_progress`], handing `each` every stored file's line in file order as its batch is
    /// committed: the report lists only the first [`import::MAX_LISTED`] of each kind.
    pub fn import_each(
        &self,
        paths: &[PathBuf],
        options: &ImportOptions,
        cancel: &AtomicBool,
        mut progress: impl FnMut(&Progress),
        mut each: impl FnMut(&Line),
    ) -> Result<ImportReport> {
        // The import folds the log back into the file and merges the index between its batches, so that a
        // bookmark saved meanwhile no longer commits into a checkpoint or a merge (store/bulk.rs).
        let mut bulk = self.store.bulk();
        let mut store = |batch: &[Prepared]| -> Result<Vec<Stored>> {
            let upserted = self.store.upsert_imported(batch.iter().map(|p| (&p.doc, p.source_path.as_str())))?;
            // The Markdown's bytes, which the log grows with (counting the length of the files' paths, as it once
            // did, an import checkpointed once in every 300,000 files and its log grew to tens of gigabytes).
            bulk.stored(batch.iter().map(|p| p.doc.markdown.len()).sum());
            Ok(upserted
                .into_iter()
                .map(|u| match u {
                    Upserted::Inserted { slug } => Stored::New { slug },
                    Upserted::Updated { slug } => Stored::Updated { slug },
                    Upserted::Duplicate { slug } => Stored::Duplicate { slug },
                })
                .collect())
        };
        let report = import::run(paths, options, cancel, &mut progress, &mut store, &mut each)?;
        for failure in &report.failed {
            log::info!("import: a file could not be imported: {}", failure.reason);
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests;
