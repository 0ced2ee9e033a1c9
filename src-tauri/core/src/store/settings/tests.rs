use super::super::tests::store as library;
use crate::error::ErrorKind;

#[test]
fn settings_round_trip_and_hide_internal_keys() {
    let lib = library();
    lib.set_setting("theme", "sepia").unwrap();
    lib.set_setting("theme", "dark").unwrap();
    lib.set_setting("font_size", "18").unwrap();
    assert_eq!(lib.setting("theme").unwrap().as_deref(), Some("dark"));
    let all = lib.settings().unwrap();
    assert_eq!(all.len(), 2, "{all:?}");
    lib.write(|tx| super::put(tx, "haven.internal", "kept out of sight")).unwrap();
    assert_eq!(lib.settings().unwrap().len(), 2, "Haven's own keys are not the reader's settings");
    for bad in ["", "haven.render_version", "no spaces", &"k".repeat(65)] {
        assert_eq!(lib.set_setting(bad, "x").unwrap_err().kind, ErrorKind::InvalidInput, "{bad}");
    }
}
