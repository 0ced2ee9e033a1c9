//! Tauri's build step, with the app manifest: every command the UI may call is declared here (from
//! `src/command_names.rs`, which `lib.rs` registers from too), so Tauri makes an `allow-<command>` permission for
//! each and refuses any call that `capabilities/` does not grant.

include!("src/command_names.rs");

fn main() {
    println!("cargo:rerun-if-changed=src/command_names.rs");
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("the Tauri build step failed");
}
