//! The rows of the articles Haven bundles: what the library holds of each bundled file, and bringing those
//! rows in line with a build's bundle. Which files are bundled, and rendering them, is not the store's
//! business (see `library::sync`); it is handed the wanted state and applies it.
//!
//! The app and `haven-cli` may open a library at the same moment. So what is stored is compared again inside
//! the write transaction, which `IMMEDIATE` makes exclusive: whoever comes second finds the work done and
//! writes nothing. A partial unique index on bundled source paths (schema 3) backs this up.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, Transaction};

use super::{articles, settings, Store};
use crate::document::Document;
use crate::error::Result;
use crate::model::Origin;

/// The setting holding the id of the bundle the library was last brought up to date with.
const BUNDLE_KEY: &str = "haven.bundle";

/// What the library holds for one bundled file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBundled {
    pub id: i64,
    pub content_hash: String,
    /// The reader has bookmarked it or begun reading it: it is never dropped.
    pub kept_for_reader: bool,
}

/// One bundled file as this build has it: its path, its content hash, and its document when the library may
/// need it (the library lacks it or holds other content).
pub struct Wanted<'a> {
    pub path: &'a str,
    pub content_hash: &'a str,
    pub doc: Option<&'a Document>,
}

/// What applying a bundle changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    pub added: u32,
    pub updated: u32,
    pub removed: u32,
    /// Articles gone from the bundle but kept because the reader bookmarked them or began reading them.
    pub kept_for_reader: u32,
}

fn stored(conn: &Connection) -> Result<HashMap<String, StoredBundled>> {
    let rows = conn
        .prepare_cached(
            "SELECT a.source_path, a.id, a.content_hash, b.article_id IS NOT NULL OR r.article_id IS NOT NULL
             FROM articles a LEFT JOIN bookmarks b ON b.article_id = a.id
                  LEFT JOIN reading_state r ON r.article_id = a.id
             WHERE a.origin = 'bundled'",
        )?
        .query_map([], |r| {
            Ok((r.get(0)?, StoredBundled { id: r.get(1)?, content_hash: r.get(2)?, kept_for_reader: r.get(3)? }))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Whether `wanted` (every bundled file) differs from what `stored` holds: a file missing or changed, or a
/// stored one no longer bundled and not kept for the reader.
fn differs(stored: &HashMap<String, StoredBundled>, wanted: &[Wanted]) -> bool {
    let present: HashSet<&str> = wanted.iter().map(|w| w.path).collect();
    wanted.iter().any(|w| stored.get(w.path).is_none_or(|s| s.content_hash != w.content_hash))
        || stored.iter().any(|(path, s)| !present.contains(path.as_str()) && !s.kept_for_reader)
}

impl Store {
    /// What the library holds of each bundled file, by its path under `articles/`.
    pub fn bundled(&self) -> Result<HashMap<String, StoredBundled>> {
        self.read(stored)
    }

    /// Brings the bundled rows in line with `wanted`, which lists every file of the bundle: adds what is
    /// missing, updates what changed in place (keeping ids, so bookmarks and reading state survive), and drops
    /// rows of files no longer bundled unless the reader bookmarked or began reading them. A file whose document is `None` (it
    /// could not be read) is left as the library has it. Writes nothing when nothing differs.
    /// Brings the bundled rows to `wanted`, and records `bundle` (the bundle's id) as the one the library is up
    /// to date with, in the same transaction.
    pub fn apply_bundle(&self, wanted: &[Wanted], bundle: &str) -> Result<Applied> {
        if !differs(&self.bundled()?, wanted) {
            // Up to date already (another process did it, or a library from before the id was kept): record the
            // id so the next open skips the comparison. Best effort: a library on a read-only disk still opens.
            let _ = self.write(|tx| settings::put(tx, BUNDLE_KEY, bundle));
            return Ok(Applied { kept_for_reader: self.kept_for_reader(wanted)?, ..Applied::default() });
        }
        self.write(|tx| {
            let applied = apply(tx, wanted)?;
            settings::put(tx, BUNDLE_KEY, bundle)?;
            Ok(applied)
        })
    }

    /// The id of the bundle this library was last brought up to date with.
    pub fn bundle_marker(&self) -> Result<Option<String>> {
        self.setting(BUNDLE_KEY)
    }

    fn kept_for_reader(&self, wanted: &[Wanted]) -> Result<u32> {
        let present: HashSet<&str> = wanted.iter().map(|w| w.path).collect();
        let stored = self.bundled()?;
        Ok(stored.iter().filter(|(path, s)| !present.contains(path.as_str()) && s.kept_for_reader).count() as u32)
    }
}

/// The changes, decided from what the library holds now that the write lock is held.
fn apply(tx: &Transaction, wanted: &[Wanted]) -> Result<Applied> {
    let stored = stored(tx)?;
    let mut applied = Applied::default();
    for w in wanted {
        let existing = stored.get(w.path);
        if existing.is_some_and(|s| s.content_hash == w.content_hash) {
            continue;
        }
        let Some(doc) = w.doc else { continue };
        match existing {
            Some(s) => {
                articles::update(tx, s.id, doc, Some(w.path))?;
                applied.updated += 1;
            }
            None => {
                articles::insert(tx, doc, Origin::Bundled, Some(w.path))?;
                applied.added += 1;
            }
        }
    }
    let present: HashSet<&str> = wanted.iter().map(|w| w.path).collect();
    for (path, s) in &stored {
        if present.contains(path.as_str()) {
            continue;
        }
        if s.kept_for_reader {
            applied.kept_for_reader += 1;
        } else {
            articles::delete(tx, s.id)?;
            applied.removed += 1;
        }
    }
    Ok(applied)
}
