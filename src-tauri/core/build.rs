//! Embeds the workspace's `articles/*.md` into the core, so every Haven binary carries its bundled library.
//! Generates `$OUT_DIR/bundled_articles.rs`: a slice of `BundledFile { path, text: include_str!(..) }`, and
//! `$OUT_DIR/bundle_id.rs`: an id of the whole bundle (see `bundled::bundle_id`), so opening a library that is
//! already up to date needs no hashing of the articles at all.
//!
//! Also compiles `sqlcipher/os_random.c`, where SQLCipher takes its random bytes from (see that file), and links
//! it whole: SQLCipher's archive, which calls its one function, comes after haven-core's on the linker's command
//! line, so a linker that reads archives once, in order (GNU ld), would otherwise have left it out.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    os_random();
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let articles = manifest.join("../../articles");
    println!("cargo:rerun-if-changed={}", articles.display());
    let mut files = Vec::new();
    if articles.is_dir() {
        collect(&articles, &articles, &mut files);
    }
    files.sort();
    let mut out = String::from("&[\n");
    for (relative, absolute) in &files {
        out.push_str(&format!(
            "    BundledFile {{ path: {relative:?}, text: include_str!({:?}) }},\n",
            absolute.display().to_string()
        ));
    }
    out.push(']');
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out_dir.join("bundled_articles.rs"), out).expect("OUT_DIR is writable");
    // The same hash as `bundled::id_of`, over the same (path, text) pairs in the same order.
    let mut hasher = DefaultHasher::new();
    files.len().hash(&mut hasher);
    for (relative, absolute) in &files {
        relative.hash(&mut hasher);
        fs::read_to_string(absolute).expect("articles are UTF-8 text").hash(&mut hasher);
    }
    fs::write(out_dir.join("bundle_id.rs"), format!("{:?}", format!("{:016x}", hasher.finish())))
        .expect("OUT_DIR is writable");
}

/// Builds SQLCipher's source of random bytes (sqlcipher/os_random.c).
fn os_random() {
    println!("cargo:rerun-if-changed=sqlcipher/os_random.c");
    cc::Build::new().file("sqlcipher/os_random.c").link_lib_modifier("+whole-archive").compile("haven_os_random");
    // .cargo/config.toml's [env] does not replace a LIBSQLITE3_FLAGS already set, nor apply to a build started
    // outside the workspace: say so, as SQLite then quietly goes back to OpenSSL's generator and shared mutexes.
    println!("cargo:rerun-if-env-changed=LIBSQLITE3_FLAGS");
    let flags = env::var("LIBSQLITE3_FLAGS").unwrap_or_default();
    if !flags.contains("-DRAND_bytes=haven_random_bytes") {
        println!("cargo:warning=LIBSQLITE3_FLAGS is not .cargo/config.toml's: SQLCipher is built as it comes (slower)");
    }
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        println!("cargo:rustc-link-lib=bcrypt");
    }
}

/// Every `.md` file below `dir`, except README files, as (path relative to `root` with `/`, absolute path).
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let entries = fs::read_dir(dir).expect("articles/ is readable");
    for entry in entries {
        let path = entry.expect("articles/ is readable").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, files);
        } else if name.ends_with(".md") && !name.eq_ignore_ascii_case("README.md") {
            let relative = path.strip_prefix(root).expect("below root").components();
            let relative: Vec<_> = relative.map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            let absolute = path.canonicalize().expect("article path resolves");
            files.push((relative.join("/"), absolute));
        }
    }
}
