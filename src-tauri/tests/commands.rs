//! The app's commands on Tauri's mock runtime: no display, no webview. Each test invokes commands the way the
//! UI does and checks what comes back, including the `{kind, message}` shape of errors the UI switches on.

use std::path::Path;
use std::sync::Arc;

use haven_app::read_aloud::ReadAloud;
use haven_app::state::AppState;
use haven_core::{Error, ErrorKind};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

fn app(data_dir: &Path, library: Option<&Path>) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let state = AppState::with_paths(data_dir.to_path_buf(), library.map(Path::to_path_buf));
    // No speech engine here: read-aloud answers as it does on a computer without one.
    let no_voices = ReadAloud::start(
        Box::new(|_| Err(Error::new(ErrorKind::SpeechUnavailable, "install speech-dispatcher and espeak-ng"))),
        |_| {},
    );
    let app = haven_app::with_commands(mock_builder())
        .manage(Arc::new(state))
        .manage(no_voices)
        .build(mock_context(noop_assets()))
        .expect("the mock app builds");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("a mock window");
    (app, webview)
}

fn invoke(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(webview, request).map(|body| body.deserialize::<Value>().unwrap())
}

fn import_note(library: &Path, name: &str, text: &str) {
    let dir = library.parent().unwrap().join("import");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
    let lib = haven_core::Library::open(library).unwrap();
    let report = lib.import(&[dir.join(name)], &Default::default()).unwrap();
    assert_eq!(report.imported.len(), 1, "{report:?}");
}

#[test]
fn reading_commands_return_the_core_s_values() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    import_note(
        &library,
        "calm.md",
        "---\ntitle: Calm breathing\ntags: [anxiety]\n---\nBreathe out slowly.\n\n## Why\n\nIt helps.",
    );
    let (_app, webview) = app(dir.path(), Some(&library));

    let status = invoke(&webview, "library_status", json!({})).unwrap();
    assert_eq!(status["error"], Value::Null);
    assert_eq!(status["path"], library.display().to_string());

    let page = invoke(&webview, "list_articles", json!({"query": {"category": "Imported", "sort": "title"}})).unwrap();
    assert_eq!(page["items"][0]["slug"], "calm");
    assert_eq!(page["total"], 1);
    let all = invoke(&webview, "list_articles", json!({"query": {"limit": 5}})).unwrap();
    assert_eq!(all["items"].as_array().unwrap().len(), 5);
    assert_eq!(all["total"].as_u64(), Some(haven_core::bundled::FILES.len() as u64 + 1));

    let article = invoke(&webview, "get_article", json!({"slug": "calm"})).unwrap();
    assert_eq!(article["title"], "Calm breathing");
    assert!(article["html"].as_str().unwrap().contains(r#"<h2 id="art-why">"#));

    let hits = invoke(&webview, "search", json!({"query": "breath", "filter": {"category": "Imported"}})).unwrap();
    assert_eq!(hits[0]["slug"], "calm");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("<mark>"));

    let categories = invoke(&webview, "categories", json!({})).unwrap();
    assert!(categories.as_array().unwrap().contains(&json!({"name": "Imported", "count": 1})), "{categories}");
    let tags = invoke(&webview, "tags", json!({})).unwrap();
    assert!(tags.as_array().unwrap().iter().any(|t| t["name"] == "anxiety"), "{tags}");
}

#[test]
fn writing_commands_persist_bookmarks_positions_and_settings() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    import_note(&library, "walk.md", "A daily walk.");
    let (_app, webview) = app(dir.path(), Some(&library));

    let bookmark = invoke(&webview, "add_bookmark", json!({"slug": "walk", "note": "mornings"})).unwrap();
    assert_eq!(bookmark["note"], "mornings");
    invoke(&webview, "set_note", json!({"slug": "walk", "note": "evenings"})).unwrap();
    assert_eq!(invoke(&webview, "list_bookmarks", json!({})).unwrap()[0]["note"], "evenings");
    let state = invoke(&webview, "set_reading_position", json!({"slug": "walk", "position": 0.5})).unwrap();
    assert_eq!(state["position"], 0.5);
    invoke(&webview, "set_setting", json!({"key": "theme", "value": "sepia"})).unwrap();
    assert_eq!(invoke(&webview, "get_settings", json!({})).unwrap(), json!({"theme": "sepia"}));
    invoke(&webview, "remove_bookmark", json!({"slug": "walk"})).unwrap();
    assert_eq!(invoke(&webview, "list_bookmarks", json!({})).unwrap(), json!([]));
}

#[test]
fn errors_reach_the_ui_as_kind_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path(), Some(&dir.path().join("library.sqlite")));
    let err = invoke(&webview, "get_article", json!({"slug": "missing"})).unwrap_err();
    assert_eq!(err, json!({"kind": "not_found", "message": "there is no article called “missing”"}));
    let err = invoke(&webview, "set_reading_position", json!({"slug": "missing", "position": 3.0})).unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    let err = invoke(&webview, "open_external", json!({"url": "javascript:alert(1)"})).unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    let err = invoke(&webview, "open_external", json!({"url": "file:///etc/passwd"})).unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
}

#[test]
fn a_damaged_library_is_reported_and_a_fresh_one_can_start_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("library.sqlite"), b"garbage").unwrap();
    let (_app, webview) = app(dir.path(), None);
    let status = invoke(&webview, "library_status", json!({})).unwrap();
    assert_eq!(status["error"]["kind"], "corrupt_library");
    assert!(status["error"]["message"].as_str().unwrap().contains("library.sqlite"));
    assert_eq!(invoke(&webview, "list_articles", json!({"query": {}})).unwrap_err()["kind"], "corrupt_library");

    let fresh = invoke(&webview, "start_fresh_library", json!({})).unwrap();
    assert_eq!(fresh, dir.path().join("library-2.sqlite").display().to_string());
    assert_eq!(invoke(&webview, "library_status", json!({})).unwrap()["error"], Value::Null);
    assert_eq!(std::fs::read(dir.path().join("library.sqlite")).unwrap(), b"garbage", "the damaged file is kept");
    // The next launch uses the fresh library.
    let (_app2, webview2) = app(dir.path(), None);
    assert_eq!(invoke(&webview2, "library_status", json!({})).unwrap()["path"], fresh);
    // With a library that opens, there is nothing to start afresh from.
    let err = invoke(&webview2, "start_fresh_library", json!({})).unwrap_err();
    assert_eq!(err["kind"], "not_allowed");
}

/// Regression: "start a fresh library" was offered, and callable, for a library from a newer Haven too: the
/// reader's real library was then left behind for good once they updated Haven again.
#[test]
fn a_fresh_library_is_refused_beside_a_library_from_a_newer_haven() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    drop(haven_core::Library::open(&path).unwrap());
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", 999).unwrap();
    let (_app, webview) = app(dir.path(), None);
    let status = invoke(&webview, "library_status", json!({})).unwrap();
    assert_eq!(status["error"]["kind"], "newer_library");
    let err = invoke(&webview, "start_fresh_library", json!({})).unwrap_err();
    assert_eq!(err["kind"], "not_allowed");
    assert!(!dir.path().join("library-2.sqlite").exists() && !dir.path().join("active-library.txt").exists());
}

#[test]
fn navigation_stays_inside_the_app() {
    for (url, allowed) in [
        ("tauri://localhost/index.html", true),
        ("http://tauri.localhost/index.html", cfg!(windows)),
        ("https://example.com/", false),
        ("http://localhost:8080/", false),
        ("file:///etc/passwd", false),
        ("javascript:alert(1)", false),
        ("data:text/html,hi", false),
    ] {
        assert_eq!(haven_app::is_app_url(&url.parse().unwrap()), allowed, "{url}");
    }
}

#[test]
fn an_import_runs_through_its_command_and_imported_articles_can_be_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let notes = dir.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(notes.join("rest.md"), "# Rest days\n\nRest is part of recovery.").unwrap();
    std::fs::write(notes.join("page.html"), "<title>Tea</title><article><p>A warm drink in the evening can become a calm ritual worth keeping.</p></article>").unwrap();
    std::fs::write(notes.join("photo.jpg"), [0xFF, 0xD8, 0xFF]).unwrap();
    let (app, webview) = app(dir.path(), Some(&library));
    // The reader drops the folder on the window: the window system reports it, and Rust grants the path.
    drop_on_window(&app, std::slice::from_ref(&notes));

    // The UI passes a channel for progress; the mock webview accepts and drops its messages.
    let args =
        json!({"paths": [notes], "options": {"category": "Mine", "tags": ["self-care"]}, "progress": "__CHANNEL__:7"});
    let report = invoke(&webview, "import_sources", args.clone()).unwrap();
    let titles: Vec<&str> =
        report["imported"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Tea", "Rest days"]);
    assert!(report["skipped"][0]["path"].as_str().unwrap().ends_with("photo.jpg"));
    assert_eq!(report["cancelled"], false);
    let article = invoke(&webview, "get_article", json!({"slug": "rest"})).unwrap();
    assert_eq!(
        (&article["category"], &article["tags"], &article["origin"]),
        (&json!("Mine"), &json!(["self-care"]), &json!("imported"))
    );
    assert!(article["source_path"].as_str().unwrap().ends_with("rest.md"));

    // The slot is free again once an import ends, so the same folder imports again: all duplicates now.
    let again = invoke(&webview, "import_sources", args).unwrap();
    assert_eq!(again["duplicates"].as_array().unwrap().len(), 2);
    invoke(&webview, "cancel_task", json!({})).unwrap();

    invoke(&webview, "delete_article", json!({"slug": "rest"})).unwrap();
    assert_eq!(invoke(&webview, "get_article", json!({"slug": "rest"})).unwrap_err()["kind"], "not_found");
    let bundled = invoke(&webview, "list_articles", json!({"query": {"category": "Depression", "limit": 1}})).unwrap();
    let err = invoke(&webview, "delete_article", json!({"slug": bundled["items"][0]["slug"]})).unwrap_err();
    assert_eq!(err["kind"], "invalid_input", "{err}");
}

/// What the window system reports when files are dropped on Haven's window.
fn drop_on_window(app: &tauri::App<MockRuntime>, paths: &[std::path::PathBuf]) {
    let state = app.state::<Arc<AppState>>();
    let event = tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop {
        paths: paths.to_vec(),
        position: tauri::PhysicalPosition::new(10.0, 10.0),
    });
    haven_app::on_window_event(&state, &event);
}

/// Regression: `import_sources` read any path the webview named, so script in the webview could import any
/// readable file (and show it). Only paths from the native picker or a real drop on the window are accepted;
/// a drop "event" raised by script is not a window event and grants nothing.
#[test]
fn a_path_the_reader_did_not_give_haven_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let secret = dir.path().join("private");
    std::fs::create_dir_all(&secret).unwrap();
    std::fs::write(secret.join("diary.md"), "# Private\n\nNot for importing.").unwrap();
    let (app, webview) = app(dir.path(), Some(&library));
    let args = json!({"paths": [secret], "options": {}, "progress": "__CHANNEL__:7"});
    let err = invoke(&webview, "import_sources", args.clone()).unwrap_err();
    assert_eq!(err["kind"], "not_allowed", "{err}");
    assert!(err["message"].as_str().unwrap().contains("private"), "{err}");
    // Dropping something else grants only that; a "path" that is not an absolute path to something grants nothing.
    drop_on_window(&app, &[dir.path().join("other"), "private".into(), "https:/example.org".into()]);
    assert_eq!(invoke(&webview, "import_sources", args.clone()).unwrap_err()["kind"], "not_allowed");
    assert_eq!(invoke(&webview, "get_article", json!({"slug": "diary"})).unwrap_err()["kind"], "not_found");
    // Once the reader drops it on the window, it imports.
    drop_on_window(&app, std::slice::from_ref(&secret));
    assert_eq!(invoke(&webview, "import_sources", args).unwrap()["imported"][0]["slug"], "diary");
}

/// The command table (`generate_handler!` in lib.rs), the app manifest's list (`command_names.rs`, read by
/// build.rs) and the window's capability must name exactly the same commands, and the window may listen to
/// events but not raise them.
#[test]
fn the_handler_the_manifest_and_the_capability_agree() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path(), Some(&dir.path().join("library.sqlite")));
    let unknown = invoke(&webview, "no_such_command", json!({})).unwrap_err().to_string();
    assert!(unknown.contains("not found"), "the probe tells a missing command apart: {unknown}");
    for command in haven_app::COMMANDS {
        let answer = invoke(&webview, command, json!({"__probe": true}));
        if let Err(err) = &answer {
            let text = err.to_string();
            assert!(!text.contains("not found"), "{command} is listed but not registered: {text}");
        }
    }
    let source = include_str!("../src/lib.rs");
    let handler = source.split("generate_handler![").nth(1).unwrap().split(']').next().unwrap();
    let registered: std::collections::BTreeSet<&str> =
        handler.split(',').filter_map(|c| c.trim().rsplit("::").next()).filter(|c| !c.is_empty()).collect();
    let listed: std::collections::BTreeSet<&str> = haven_app::COMMANDS.iter().copied().collect();
    assert_eq!(registered, listed, "generate_handler! and COMMANDS differ");
    let capability: Value = serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
    let granted: std::collections::BTreeSet<String> =
        capability["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    let mut expected: std::collections::BTreeSet<String> =
        listed.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    expected.insert("core:event:allow-listen".into());
    expected.insert("core:event:allow-unlisten".into());
    assert_eq!(granted, expected, "the capability grants exactly the commands, and listening to events");
}

#[test]
fn one_long_task_runs_at_a_time_and_cancel_reaches_it() {
    let dir = tempfile::tempdir().unwrap();
    let state = Arc::new(AppState::with_paths(dir.path().to_path_buf(), Some(dir.path().join("library.sqlite"))));
    let run = state.begin_task("an import").unwrap();
    let busy = state.begin_task("a restore").err().expect("a second task is refused while one runs");
    assert_eq!(busy.kind, haven_core::ErrorKind::InvalidInput);
    assert!(busy.message.contains("busy with an import"), "{}", busy.message);
    assert!(!run.cancelled());
    state.cancel_task();
    assert!(run.cancelled());
    drop(run);
    assert!(!state.begin_task("a backup").unwrap().cancelled(), "a new task starts uncancelled");
}

/// Your data: what the library holds and its backups are listed; a backup or an export is read only when the
/// reader chose it in the picker, or Haven lists it as one of its own backups.
#[test]
fn restoring_reads_only_what_the_reader_chose_or_haven_lists() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let (_app, webview) = app(dir.path(), Some(&library));
    let data = invoke(&webview, "your_data", json!({})).unwrap();
    assert_eq!(data["automatic"], true);
    assert_eq!(data["backups"], json!([]));
    assert_eq!(data["backups_dir"], dir.path().join("backups").display().to_string());
    assert!(data["totals"]["articles"].as_u64().unwrap() >= 40);

    let lib = haven_core::Library::open(&library).unwrap();
    let elsewhere = dir.path().join("elsewhere.sqlite");
    let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut quiet = |_: &haven_core::library::data::DataProgress| {};
    lib.backup(&elsewhere, &mut haven_core::library::data::Task { progress: &mut quiet, cancel: &cancel }).unwrap();
    lib.export_annotations(haven_core::library::data::AnnotationFormat::Json, &dir.path().join("export.json")).unwrap();
    let daily = lib.automatic_backup(&dir.path().join("backups")).unwrap().unwrap();
    drop(lib);

    let progress = "__CHANNEL__:1";
    for (command, args) in [
        ("restore_backup", json!({"path": elsewhere.display().to_string(), "progress": progress})),
        ("merge_annotations", json!({"path": dir.path().join("export.json").display().to_string()})),
    ] {
        let err = invoke(&webview, command, args).unwrap_err();
        assert_eq!(err["kind"], "not_allowed", "{command}: {err}");
    }
    // One of Haven's own backups, listed in Your data, may be restored.
    let listed = invoke(&webview, "your_data", json!({})).unwrap();
    assert_eq!(listed["backups"][0]["path"], daily.path);
    assert_eq!(listed["backups"][0]["kind"], "daily");
    let restored = invoke(&webview, "restore_backup", json!({"path": daily.path, "progress": progress}));
    assert!(restored.is_ok(), "{restored:?}");
}

/// Help now's lines need no library: they come even when the library cannot be opened. The plan saves entries.
#[test]
fn help_now_works_without_a_library_and_the_plan_keeps_entries() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = dir.path().join("library.sqlite");
    std::fs::write(&damaged, b"not a database at all").unwrap();
    let (_app, webview) = app(dir.path(), Some(&damaged));
    let lines = invoke(&webview, "helplines", json!({})).unwrap();
    assert!(lines["lines"].as_array().unwrap().iter().any(|l| l["how"] == "Call 116 123 (free)"));
    assert_eq!(invoke(&webview, "plan", json!({})).unwrap_err()["kind"], "corrupt_library");

    let other = tempfile::tempdir().unwrap();
    let (_app, webview) = app(other.path(), Some(&other.path().join("library.sqlite")));
    let added = invoke(&webview, "add_plan_item", json!({"section": "people", "text": "Sam", "phone": "07700 900123"}))
        .unwrap();
    invoke(&webview, "set_plan_item", json!({"id": added["id"], "text": "Sam (evenings)", "phone": "07700 900123"}))
        .unwrap();
    let steps = invoke(&webview, "plan", json!({})).unwrap();
    let people = steps.as_array().unwrap().iter().find(|s| s["section"] == "people").unwrap();
    assert_eq!(people["has_phone"], true);
    assert_eq!(people["items"][0]["text"], "Sam (evenings)");
    assert_eq!(steps.as_array().unwrap().len(), 12);
    let bad = invoke(&webview, "add_plan_item", json!({"section": "scores", "text": "x", "phone": ""})).unwrap_err();
    assert!(bad.to_string().contains("scores"), "{bad}");
}

/// The lock through the app's commands: set it, lock, a wrong passphrase, unlock, change, remove.
#[test]
fn the_lock_is_set_used_and_removed_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let (_app, webview) = app(dir.path(), Some(&library));
    invoke(&webview, "add_bookmark", json!({"slug": "making-a-safety-plan", "note": "private words"})).unwrap();
    assert_eq!(invoke(&webview, "lock_status", json!({})).unwrap(), json!({"locked": false, "open": true}));
    assert_eq!(invoke(&webview, "lock_now", json!({})).unwrap(), false, "a library without a passphrase stays open");

    let short = invoke(&webview, "set_passphrase", json!({"current": null, "new": "short"})).unwrap_err();
    assert!(short["message"].as_str().unwrap().contains("at least 8"), "{short}");
    invoke(&webview, "set_passphrase", json!({"current": null, "new": "a quiet room upstairs"})).unwrap();
    assert_eq!(invoke(&webview, "lock_status", json!({})).unwrap(), json!({"locked": true, "open": true}));
    let bytes = std::fs::read(&library).unwrap();
    assert!(!bytes.windows(13).any(|w| w == b"private words"), "encrypted at rest");

    assert_eq!(invoke(&webview, "lock_now", json!({})).unwrap(), true);
    assert_eq!(invoke(&webview, "lock_status", json!({})).unwrap(), json!({"locked": true, "open": false}));
    assert_eq!(invoke(&webview, "library_status", json!({})).unwrap()["error"]["kind"], "locked");
    assert_eq!(invoke(&webview, "list_bookmarks", json!({})).unwrap_err()["kind"], "locked", "nothing behind the lock");
    let wrong = invoke(&webview, "unlock", json!({"passphrase": "a quiet room downstairs"})).unwrap_err();
    assert_eq!(wrong["kind"], "locked");
    invoke(&webview, "unlock", json!({"passphrase": "a quiet room upstairs"})).unwrap();
    assert_eq!(invoke(&webview, "list_bookmarks", json!({})).unwrap()[0]["note"], "private words");

    let bad =
        invoke(&webview, "set_passphrase", json!({"current": "not it at all", "new": "another phrase"})).unwrap_err();
    assert_eq!(bad["kind"], "locked");
    assert_eq!(
        invoke(&webview, "list_bookmarks", json!({})).unwrap()[0]["note"],
        "private words",
        "still open after a failed change"
    );
    invoke(&webview, "set_passphrase", json!({"current": "a quiet room upstairs", "new": null})).unwrap();
    assert_eq!(invoke(&webview, "lock_status", json!({})).unwrap(), json!({"locked": false, "open": true}));
    assert!(std::fs::read(&library).unwrap().windows(13).any(|w| w == b"private words"), "plain again");
}

#[test]
fn read_aloud_names_what_is_missing_and_refuses_unknown_controls() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.sqlite");
    let (_app, webview) = app(dir.path(), Some(&library));
    let args = |slug: &str| json!({"slug": slug, "from": 0, "speed": 1.0, "voice": ""});
    let missing = invoke(&webview, "read_aloud", args("no-such-article")).unwrap_err();
    assert_eq!(missing["kind"], "not_found", "{missing}");
    let no_engine = invoke(&webview, "read_aloud", args("making-a-safety-plan")).unwrap_err();
    assert_eq!(no_engine["kind"], "speech_unavailable", "{no_engine}");
    assert!(no_engine["message"].as_str().unwrap().contains("espeak-ng"), "{no_engine}");
    let voices = invoke(&webview, "read_aloud_voices", json!({"language": "en"})).unwrap_err();
    assert_eq!(voices["kind"], "speech_unavailable", "{voices}");
    assert!(invoke(&webview, "read_aloud_control", json!({"action": "pause"})).is_ok());
    assert!(invoke(&webview, "read_aloud_control", json!({"action": "explode"})).is_err());
}
