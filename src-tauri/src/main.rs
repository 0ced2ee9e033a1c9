// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Started as the file dialog's own process (see picker.rs): one dialog, then out.
    if haven_app::picker::serve_if_asked() {
        return;
    }
    haven_app::run();
}
