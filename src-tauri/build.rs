//! Tauri's build step, with the app manifest: every command the UI may call is declared here, so Tauri makes
//! an `allow-<command>` permission for each and refuses any call that `capabilities/` does not grant.

/// Must match `with_commands` in `src/lib.rs`.
const COMMANDS: &[&str] = &[
    "library_status",
    "start_fresh_library",
    "list_articles",
    "categories",
    "tags",
    "get_article",
    "search",
    "add_bookmark",
    "set_note",
    "remove_bookmark",
    "list_bookmarks",
    "set_reading_position",
    "get_settings",
    "set_setting",
    "open_external",
    "delete_article",
    "choose_import_sources",
    "import_sources",
    "cancel_import",
];

fn main() {
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("the Tauri build step failed");
}
