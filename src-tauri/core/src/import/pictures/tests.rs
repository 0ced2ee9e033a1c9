use super::*;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\nrest-of-png";

#[test]
fn markdown_pictures_beside_the_file_are_embedded() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("attachments")).unwrap();
    fs::write(dir.path().join("attachments/walk map.png"), PNG).unwrap();
    fs::write(dir.path().join("attachments/notes.txt"), "not a picture").unwrap();
    let text = "A walk. ![The route](attachments/walk%20map.png \"Map\")\n\n![Text](attachments/notes.txt) \
                ![Gone](attachments/missing.png) ![Web](https://example.org/a.png) ![Up](../secret.png)\n";
    let out = embed_in_markdown(text, &dir.path().join("walk.md"));
    assert!(out.contains("![The route](data:image/png;base64,iVBORw0KGgpyZXN0LW9mLXBuZw== \"Map\")"), "{out}");
    for kept in
        ["](attachments/notes.txt)", "](attachments/missing.png)", "](https://example.org/a.png)", "](../secret.png)"]
    {
        assert!(out.contains(kept), "{kept} is left as written: {out}");
    }
}

#[test]
fn the_budget_limits_what_one_article_embeds() {
    let dir = tempfile::tempdir().unwrap();
    let big = [PNG, &vec![0u8; (MAX_IMAGE_BYTES - 100) as usize]].concat();
    for i in 0..6 {
        fs::write(dir.path().join(format!("p{i}.png")), &big).unwrap();
    }
    let mut pictures = Pictures::beside(&dir.path().join("page.html"));
    let embedded = (0..6).filter(|i| pictures.embed(&format!("p{i}.png")).is_some()).count();
    assert_eq!(embedded, (MAX_IMAGES_BYTES / MAX_IMAGE_BYTES) as usize);
}
