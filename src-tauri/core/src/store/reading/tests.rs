use super::super::tests::store as library;
use crate::error::ErrorKind;

#[test]
fn position_is_saved_and_finishing_sticks() {
    let lib = library();
    assert_eq!(lib.reading_state("support-groups").unwrap().position, 0.0);
    let s = lib.set_reading_position("support-groups", 0.5).unwrap();
    assert!(!s.finished && s.last_opened.is_some());
    assert_eq!(lib.reading_state("support-groups").unwrap().position, 0.5);
    assert!(lib.set_reading_position("support-groups", 0.99).unwrap().finished);
    let back = lib.set_reading_position("support-groups", 0.1).unwrap();
    assert!(back.finished && back.position == 0.1);
    assert_eq!(lib.article("support-groups").unwrap().article.position, 0.1);
}

#[test]
fn out_of_range_positions_and_unknown_articles_are_refused() {
    let lib = library();
    for bad in [-0.1, 1.5, f64::NAN] {
        assert_eq!(lib.set_reading_position("support-groups", bad).unwrap_err().kind, ErrorKind::InvalidInput);
    }
    assert_eq!(lib.set_reading_position("nope", 0.2).unwrap_err().kind, ErrorKind::NotFound);
}
