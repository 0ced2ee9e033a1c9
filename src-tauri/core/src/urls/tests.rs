use super::*;

#[derive(serde::Deserialize)]
struct Table {
    cases: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    href: String,
    link: LinkKind,
    image: bool,
}

/// The same table `ui/js/urls.js` is tested against (`tests/ui/urls.test.mjs`).
#[test]
fn every_address_in_the_shared_table_is_classified_as_written() {
    let table: Table = serde_json::from_str(include_str!("../../../../tests/fixtures/url-policy.json")).unwrap();
    assert!(table.cases.len() > 30);
    for case in &table.cases {
        assert_eq!(link_kind(&case.href), case.link, "link {:?}", case.href);
        assert_eq!(image_allowed(&case.href), case.image, "image {:?}", case.href);
    }
}

#[test]
fn only_external_links_are_handed_to_the_system_and_they_come_back_normalised() {
    assert_eq!(external(" https://www.nhs.uk/a b").unwrap(), "https://www.nhs.uk/a%20b");
    assert_eq!(external("MAILTO:help@example.org").unwrap(), "mailto:help@example.org");
    assert_eq!(
        external("mailto:help@example.org?subject=Hello&attach=/etc/passwd&body=Hi").unwrap(),
        "mailto:help@example.org?subject=Hello&body=Hi",
        "only the address, subject, body and copy go to the mail program"
    );
    for refused in ["javascript:alert(1)", "file:///etc/passwd", "tauri://localhost", "#/help", "http://", "mailto:"] {
        let err = external(refused).unwrap_err();
        assert_eq!(err.kind, crate::error::ErrorKind::InvalidInput, "{refused}");
    }
}

/// One rule for "is this picture a file on this computer", used when an import embeds pictures.
#[test]
fn local_files_are_paths_not_addresses() {
    for local in ["a/b.png", "walk%20map.png", "file:///home/me/x.png", "C:\\pics\\x.png", "/abs/x.png", "../up.png"] {
        assert!(is_local_file(local), "{local}");
    }
    for not_local in ["https://x/y.png", "//cdn/y.png", "", "  ", "data:image/png;base64,AA", "javascript:x", "blob:x"]
    {
        assert!(!is_local_file(not_local), "{not_local}");
    }
}
