use super::*;

use PathStyle::{MacOs, Unix, Windows};

#[test]
fn windows_drops_the_verbatim_prefix_when_the_plain_path_is_the_same_file() {
    assert_eq!(plain(r"\\?\C:\Users\Ana\Notes\a.md", Windows), r"C:\Users\Ana\Notes\a.md");
    assert_eq!(plain(r"\\?\UNC\server\share\Notes\a.md", Windows), r"\\server\share\Notes\a.md");
    assert_eq!(plain(r"\\?\D:\", Windows), r"D:\");
    assert_eq!(plain("C:/Users/Ana/a.md", Windows), r"C:\Users\Ana\a.md");
    assert_eq!(plain(r"\\server\share\a.md", Windows), r"\\server\share\a.md");
}

#[test]
fn windows_keeps_the_prefix_when_without_it_the_path_would_mean_something_else() {
    let long = format!(r"\\?\C:\{}\a.md", "folder\\".repeat(40));
    assert!(long.len() > 260);
    assert_eq!(plain(&long, Windows), long, "longer than MAX_PATH");
    for kept in [
        r"\\?\C:\Notes\CON.md",
        r"\\?\C:\Notes\nul",
        r"\\?\C:\Notes\com1.txt",
        r"\\?\C:\Notes\LPT9",
        r"\\?\C:\Notes\COM².md",
        r"\\?\C:\Notes\trailing dot.",
        r"\\?\C:\Notes\trailing space \a.md",
        r"\\?\C:\Notes\..\a.md",
        r"\\?\C:\Notes\.\a.md",
        r"\\?\C:\Notes\a?.md",
        r"\\?\C:\Notes\\a.md",
        r"\\?\Volume{0a1b2c3d-0000-0000-0000-100000000000}\a.md",
        r"\\?\GLOBALROOT\Device\HarddiskVolume2\a.md",
        r"\\?\UNC\server",
        r"\\?\UNC\\share\a.md",
    ] {
        assert_eq!(plain(kept, Windows), kept, "{kept}");
    }
    // Names that only look like devices are ordinary files.
    assert_eq!(plain(r"\\?\C:\Notes\console.md", Windows), r"C:\Notes\console.md");
    assert_eq!(plain(r"\\?\C:\Notes\COM10.md", Windows), r"C:\Notes\COM10.md");
    assert_eq!(plain(r"\\?\C:\Notes\.hidden\a.md", Windows), r"C:\Notes\.hidden\a.md");
}

#[test]
fn windows_identity_ignores_case_prefix_and_separators() {
    let spellings = [r"\\?\C:\Users\Ana\Notes\Sleep.md", r"C:\users\ana\notes\SLEEP.MD", "c:/Users/Ana/Notes/sleep.md"];
    let first = identity(spellings[0], Windows);
    for s in spellings {
        assert_eq!(identity(s, Windows), first, "{s}");
    }
    assert_ne!(identity(r"C:\Notes\a.md", Windows), identity(r"D:\Notes\a.md", Windows));
    assert_eq!(identity(r"\\?\UNC\Server\Share\A.md", Windows), identity(r"\\server\share\a.md", Windows));
    // Case folding beyond ASCII, as NTFS does it.
    assert_eq!(identity(r"C:\Notizen\ÜBUNG.md", Windows), identity(r"C:\notizen\übung.md", Windows));
}

#[test]
fn macos_composes_names_and_ignores_case() {
    let decomposed = "/Users/ana/Notes/Cafe\u{301} talk.md";
    let composed = "/Users/ana/Notes/Caf\u{e9} talk.md";
    assert_ne!(decomposed, composed);
    assert_eq!(plain(decomposed, MacOs), composed);
    assert_eq!(identity(decomposed, MacOs), identity(composed, MacOs));
    assert_eq!(identity("/Users/ana/Notes/CAFÉ TALK.md", MacOs), identity(composed, MacOs));
    assert_ne!(identity("/Users/ana/a.md", MacOs), identity("/Users/ana/b.md", MacOs));
}

#[test]
fn unix_paths_are_bytes() {
    let decomposed = "/home/ana/Cafe\u{301}.md";
    assert_eq!(plain(decomposed, Unix), decomposed);
    assert_ne!(identity(decomposed, Unix), identity("/home/ana/Caf\u{e9}.md", Unix));
    assert_ne!(identity("/home/ana/A.md", Unix), identity("/home/ana/a.md", Unix));
    assert_eq!(plain(r"/home/ana/back\slash.md", Unix), r"/home/ana/back\slash.md");
}

#[test]
fn display_names_are_composed_everywhere() {
    assert_eq!(display_name("Cafe\u{301} notes"), "Caf\u{e9} notes");
    assert_eq!(display_name("plain.md"), "plain.md");
}
