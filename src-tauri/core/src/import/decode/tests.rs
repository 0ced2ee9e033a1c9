use super::*;
use encoding_rs::UTF_8;

#[test]
fn markdown_takes_utf8_and_byte_order_marks_only() {
    assert_eq!(markdown(b"\xEF\xBB\xBFhi", "a").unwrap(), "hi");
    assert_eq!(markdown(&[0xFE, 0xFF, 0, b'h', 0, b'i'], "a").unwrap(), "hi");
    assert_eq!(markdown(&[0xFF, 0xFE, b'h', 0, b'i', 0], "a").unwrap(), "hi");
    let err = markdown(b"caf\xe9", "a.md").unwrap_err();
    assert_eq!(err.message, "a.md: the file is not valid UTF-8 text (bad byte at position 3)");
    assert!(markdown(&[0xFF, 0xFE, 0x00, 0xD8], "a").unwrap_err().message.contains("UTF-16LE"));
    assert!(markdown(b"PK\x03\x04\x00\x00", "a").unwrap_err().message.contains("binary"));
    assert!(markdown(&[0xFF, 0xFE, 0, 0, 1, 0], "a").unwrap_err().message.contains("binary"));
}

#[test]
fn plain_text_falls_back_to_windows_1252() {
    assert_eq!(plain_text(b"caf\xe9 \x93quoted\x94", "a.txt").unwrap(), "café “quoted”");
    assert_eq!(plain_text("café".as_bytes(), "a.txt").unwrap(), "café");
}

#[test]
fn web_pages_are_read_in_their_declared_encoding() {
    let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\
                 </head><body>\x93Caf\xe9\x94</body></html>";
    assert!(web_page(page, "p.html").unwrap().contains("“Café”"));
    let page = b"<meta charset='ISO-8859-1'><p>na\xefve</p>";
    assert!(web_page(page, "p.html").unwrap().contains("naïve"), "latin1 is windows-1252 on the web");
    let page = b"<meta charset=shift_jis><p>\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd</p>";
    assert!(web_page(page, "p.html").unwrap().contains("こんにちは"));
    let page = b"<meta charset=\"utf-8\"><p>caf\xe9</p>";
    assert_eq!(
        web_page(page, "p.html").unwrap_err().message,
        "p.html: the page says it is UTF-8 text, but it holds bytes that are not valid UTF-8"
    );
    assert!(web_page(b"<p>caf\xe9</p>", "p.html").unwrap().contains("café"), "undeclared: like a browser");
    assert!(web_page(b"<meta charset=klingon><p>ok</p>", "p.html").unwrap().contains("ok"));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("<p>Grüße</p>".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(web_page(&utf16, "p.html").unwrap(), "<p>Grüße</p>");
}

#[test]
fn only_meta_tags_in_the_first_kilobyte_declare_an_encoding() {
    assert_eq!(declared_encoding(b"<META CHARSET = \"UTF-8\">"), Some(UTF_8));
    assert_eq!(declared_encoding(b"<meta charset=utf-16>"), Some(UTF_8));
    assert_eq!(declared_encoding(b"<p>charset=latin1</p>"), None);
    let late = [vec![b' '; PRESCAN_BYTES], b"<meta charset=latin1>".to_vec()].concat();
    assert_eq!(declared_encoding(&late), None);
}
