// The commands the UI may call, by name. One list for three places that must agree: `build.rs` includes it to
// write the app manifest (so Tauri makes an `allow-<command>` permission for each and refuses any call that
// `capabilities/` does not grant), `lib.rs` registers the same commands, and `tests/commands.rs` checks that
// the handler, this list and `capabilities/default.json` name exactly the same commands.

/// Every command the app registers and its window is allowed to call.
pub const COMMANDS: &[&str] = &[
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
    "cancel_task",
    "add_highlight",
    "set_highlight_note",
    "set_highlight_color",
    "remove_highlight",
    "notebook",
    "set_caret_browsing",
    "your_data",
    "export_annotations",
    "export_articles",
    "save_article",
    "backup_now",
    "choose_restore_file",
    "restore_backup",
    "merge_annotations",
];
