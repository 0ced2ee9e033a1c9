//! How an article's source is kept in the library: its text, compressed with DEFLATE (RFC 1951, no header).
//!
//! The source is the one thing about an article that cannot be derived, so it is the one thing stored: the HTML
//! a reader sees, its contents and its plain text are rendered from it when it is read (a fraction of a
//! millisecond for an article of ordinary length), and the full-text index keeps no copy of the text at all.
//! Measured at 10,000 articles of the benchmark corpus: Markdown, HTML and plain text stored as text took 3.0 times
//! the Markdown; the source alone, compressed, takes 0.47 times it.
//!
//! A document is packed where it is made, so an import's worker threads do the
//! compressing and the single writer only stores the bytes. The fastest level is used: the slowest gain three
//! hundredths of the Markdown's size for twice the time.

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};

use crate::error::{Error, ErrorKind, Result};

/// DEFLATE level: 1, the fastest (see the module docs).
const LEVEL: u8 = 1;

/// The most an article's text unpacks to: the largest file an article may be made from (`document`'s
/// `MAX_ARTICLE_BYTES`, which the tests check this equals), so damage can never unpack into more.
const MAX_ARTICLE_BYTES: usize = 20 * 1024 * 1024;

/// The stored form of an article's text.
pub fn pack(text: &str) -> Vec<u8> {
    compress_to_vec(text.as_bytes(), LEVEL)
}

/// An article's text from its stored form. A value that does not inflate to UTF-8 text no longer than an
/// article may be is reported as damage to the library file, naming the article; it never reaches a renderer.
pub fn unpack(stored: &[u8], article: &str) -> Result<String> {
    let bytes =
        decompress_to_vec_with_limit(stored, MAX_ARTICLE_BYTES).map_err(|_| damaged(article, "it does not unpack"))?;
    String::from_utf8(bytes).map_err(|_| damaged(article, "it is not UTF-8 text"))
}

/// The start of an article's text, at most `max_bytes` of it, ending on a character: a search result's snippet
/// needs only the start of a long article, and unpacking stops there.
pub fn unpack_start(stored: &[u8], max_bytes: usize, article: &str) -> Result<String> {
    let mut bytes = match decompress_to_vec_with_limit(stored, max_bytes) {
        Ok(bytes) => bytes,
        Err(e) if e.status == TINFLStatus::HasMoreOutput => e.output,
        Err(_) => return Err(damaged(article, "it does not unpack")),
    };
    bytes.truncate(max_bytes);
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        // Cut inside a character: keep the characters before it (at most three bytes are lost).
        Err(e) if e.utf8_error().error_len().is_none() => {
            let valid = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(valid);
            Ok(String::from_utf8(bytes).unwrap_or_default())
        }
        Err(_) => Err(damaged(article, "it is not UTF-8 text")),
    }
}

fn damaged(article: &str, what: &str) -> Error {
    Error::new(
        ErrorKind::Storage,
        format!("the stored text of “{article}” is damaged ({what}); importing its file again replaces it"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_comes_back_as_it_went_in() {
        for text in ["", "a", "# Sleep\n\nRest — ünïcödé, 日本語, emoji 🌙.\n", &"Recovery takes time. ".repeat(5_000)]
        {
            assert_eq!(unpack(&pack(text), "x").unwrap(), text);
        }
        let prose = "Recovery takes time, and support helps. ".repeat(200);
        assert!(pack(&prose).len() < prose.len() / 4, "repetitive prose compresses");
    }

    #[test]
    fn damage_is_reported_with_the_article_and_never_panics() {
        let good = pack("Sleep well, and talk to someone you trust.");
        let mut cases: Vec<Vec<u8>> = vec![vec![], vec![0xff; 64], good[..good.len() / 2].to_vec()];
        let mut flipped = good.clone();
        flipped[0] ^= 0xff;
        cases.push(flipped);
        cases.push(pack("x").into_iter().chain([0u8; 3]).collect());
        for stored in &cases {
            if let Err(e) = unpack(stored, "sleep-well") {
                assert_eq!(e.kind, ErrorKind::Storage);
                assert!(e.message.contains("“sleep-well”"), "{}", e.message);
            }
        }
        let not_utf8 = compress_to_vec(&[0xc3, 0x28, 0xa0], 1);
        let e = unpack(&not_utf8, "a").unwrap_err();
        assert!(e.message.contains("not UTF-8"), "{}", e.message);
        let e = unpack(&[0xff; 64], "a").unwrap_err();
        assert!(e.message.contains("does not unpack"), "{}", e.message);
    }

    #[test]
    fn the_start_of_a_text_ends_on_a_character() {
        let text = "é".repeat(1_000); // two bytes each
        let stored = pack(&text);
        assert_eq!(unpack_start(&stored, 11, "x").unwrap(), "é".repeat(5));
        assert_eq!(unpack_start(&stored, 12, "x").unwrap(), "é".repeat(6));
        assert_eq!(unpack_start(&stored, 1 << 20, "x").unwrap(), text);
        assert_eq!(unpack_start(&[0xff; 16], 64, "x").unwrap_err().kind, ErrorKind::Storage);
    }

    #[test]
    fn the_limit_is_the_largest_article() {
        assert_eq!(MAX_ARTICLE_BYTES, crate::document::MAX_ARTICLE_BYTES);
    }

    #[test]
    fn a_bomb_stops_at_the_article_size_limit() {
        let bomb = compress_to_vec(&vec![b'a'; MAX_ARTICLE_BYTES + 1], 9);
        assert!(bomb.len() < 100_000);
        let e = unpack(&bomb, "bomb").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Storage);
    }
}
