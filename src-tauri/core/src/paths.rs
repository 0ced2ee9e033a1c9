//! File paths as each operating system spells them, for the paths an import reads and the sources it keeps.
//!
//! An imported article remembers its file by the file's canonical path, so that importing it again updates it
//! instead of adding it twice. Each platform has its own ways of writing the same file twice:
//!
//! - **Windows** canonical paths come back "verbatim" (`\\?\C:\Notes\a.md`, `\\?\UNC\server\share\a.md`); the
//!   same file also answers to `C:\notes\A.MD` (NTFS compares names without case) and to `C:/Notes/a.md`.
//! - **macOS** file systems compare names without case by default, and APFS keeps a name as it was written, in
//!   either Unicode form: "Café" arrives composed (NFC, `é`) from one program and decomposed (NFD, `e` + U+0301)
//!   from another.
//! - Elsewhere (Linux ext4, btrfs) names are bytes: two spellings are two files.
//!
//! [`plain`] is the form Haven keeps and shows; [`identity`] is what two spellings of one file have in common,
//! for finding the same file twice. Both are pure string functions of a [`PathStyle`], so the rules of every
//! platform are tested on any of them.

use unicode_normalization::UnicodeNormalization;

/// Whose rules a path follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    Windows,
    MacOs,
    /// Linux and the other Unix systems.
    Unix,
}

impl PathStyle {
    /// The rules of the system Haven runs on.
    pub const CURRENT: PathStyle = if cfg!(windows) {
        PathStyle::Windows
    } else if cfg!(target_os = "macos") {
        PathStyle::MacOs
    } else {
        PathStyle::Unix
    };
}

/// The longest path Windows programs can use without the verbatim prefix (`MAX_PATH`, with its final NUL).
const WINDOWS_MAX_PATH: usize = 259;

/// The path as Haven keeps and shows it. On Windows the verbatim prefix is dropped whenever the plain spelling
/// names the same file (not when it is longer than `MAX_PATH`, or holds a name Windows would read differently
/// without the prefix: `CON`, `a.`, `b `), and `/` becomes `\`. On macOS names are composed (NFC). Elsewhere the
/// path is returned as it is.
pub fn plain(path: &str, style: PathStyle) -> String {
    match style {
        PathStyle::Windows => windows_plain(path),
        PathStyle::MacOs => path.nfc().collect(),
        PathStyle::Unix => path.to_string(),
    }
}

/// What every spelling of one file has in common on that system's usual file systems: [`plain`], and then on
/// Windows and macOS without case. Two paths with the same identity are the same file there.
pub fn identity(path: &str, style: PathStyle) -> String {
    match style {
        PathStyle::Windows | PathStyle::MacOs => plain(path, style).chars().flat_map(char::to_lowercase).collect(),
        PathStyle::Unix => path.to_string(),
    }
}

/// A file's name as text to show or to make a title of: composed (NFC) on every system, so "Café" reads and
/// sorts the same whichever form the file system handed over.
pub fn display_name(name: &str) -> String {
    name.nfc().collect()
}

fn windows_plain(path: &str) -> String {
    let path = path.replace('/', "\\");
    let (rest, unc) = if let Some(rest) = path.strip_prefix(r"\\?\UNC\") {
        (rest, true)
    } else if let Some(rest) = path.strip_prefix(r"\\?\") {
        (rest, false)
    } else {
        return path;
    };
    let candidate = if unc { format!(r"\\{rest}") } else { rest.to_string() };
    let well_formed = if unc { is_unc_share(rest) } else { is_drive_path(rest) };
    if well_formed && candidate.chars().count() <= WINDOWS_MAX_PATH && names_survive_without_prefix(rest, unc) {
        candidate
    } else {
        path
    }
}

/// `C:\...`: a drive letter, a colon and a separator.
fn is_drive_path(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'\\'
}

/// `server\share\...`: a server and a share, both named.
fn is_unc_share(rest: &str) -> bool {
    let mut parts = rest.split('\\');
    matches!((parts.next(), parts.next()), (Some(server), Some(share)) if !server.is_empty() && !share.is_empty())
}

/// Whether every name in the path means the same without the verbatim prefix, which turns off Windows' own
/// rewriting of names: `.` and `..` resolved, trailing dots and spaces trimmed, device names (`CON`, `NUL`,
/// `COM1`, with any extension) taken as devices, and `<>:"|?*` refused.
fn names_survive_without_prefix(rest: &str, unc: bool) -> bool {
    // The drive (`C:`) or the server and share are not file names.
    let skip = if unc { 2 } else { 1 };
    rest.split('\\').skip(skip).enumerate().all(|(i, name)| {
        let last = i + skip + 1 == rest.split('\\').count();
        if name.is_empty() {
            // Only a trailing separator (a folder written `C:\Notes\`) leaves an empty name.
            return last;
        }
        name != "."
            && name != ".."
            && !name.ends_with('.')
            && !name.ends_with(' ')
            && !name.chars().any(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') || (c as u32) < 32)
            && !is_device_name(name)
    })
}

fn is_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ').to_ascii_uppercase();
    match stem.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" => true,
        _ => {
            let mut chars = stem.chars();
            let digit = chars.next_back();
            matches!(chars.as_str(), "COM" | "LPT") && matches!(digit, Some('1'..='9' | '¹' | '²' | '³'))
        }
    }
}

#[cfg(test)]
mod tests;
