//! Settings kept in the library file: the reader's preferences (theme, font size, line width) and Haven's
//! own bookkeeping, as plain key-value text.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::Store;
use crate::error::{Error, Result};

/// Keys under this prefix belong to Haven itself and are not the reader's to change.
const INTERNAL_PREFIX: &str = "haven.";

impl Store {
    /// One setting's value, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.read(|conn| get(conn, key))
    }

    /// Every setting the reader has made (Haven's own bookkeeping left out).
    pub fn settings(&self) -> Result<BTreeMap<String, String>> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached("SELECT key, value FROM settings WHERE key NOT LIKE 'haven.%'")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Stores a reader's setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        let key_ok =
            !key.is_empty() && key.len() <= 64 && key.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
        if !key_ok || key.starts_with(INTERNAL_PREFIX) {
            return Err(Error::invalid(format!("“{key}” is not a setting name Haven accepts")));
        }
        if value.len() > 4096 {
            return Err(Error::invalid("a setting's value can be at most 4,096 bytes"));
        }
        self.write(|tx| put(tx, key, value))
    }
}

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT value FROM settings WHERE key = ?")?.query_row([key], |r| r.get(0)).optional()?)
}

pub(crate) fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
    )?
    .execute(params![key, value])?;
    Ok(())
}

#[cfg(test)]
mod tests;
