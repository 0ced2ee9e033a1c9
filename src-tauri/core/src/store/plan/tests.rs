use super::*;
use crate::store::tests::store;

#[test]
fn entries_are_kept_by_step_in_the_plan_s_order() {
    let store = store();
    let reason = store.add_plan_item(PlanSection::Reasons, "My sister's wedding in June", "").unwrap();
    let sign = store.add_plan_item(PlanSection::WarningSigns, "Not sleeping", "").unwrap();
    let sam = store.add_plan_item(PlanSection::People, "Sam", "07700 900123").unwrap();
    let second_sign = store.add_plan_item(PlanSection::WarningSigns, "Skipping meals", "").unwrap();
    let order: Vec<i64> = store.plan().unwrap().iter().map(|i| i.id).collect();
    assert_eq!(order, [sign.id, second_sign.id, sam.id, reason.id]);
    let sam = store.set_plan_item(sam.id, "Sam (evenings)", "07700 900124").unwrap();
    assert_eq!((sam.text.as_str(), sam.phone.as_str()), ("Sam (evenings)", "07700 900124"));
    let removed = store.remove_plan_item(sign.id).unwrap();
    assert_eq!(removed.text, "Not sleeping", "what was removed comes back, so it can be put back");
    assert_eq!(store.plan().unwrap().len(), 3);
    assert_eq!(store.remove_plan_item(sign.id).unwrap_err().kind, ErrorKind::NotFound);
    assert_eq!(store.set_plan_item(sign.id, "x", "").unwrap_err().kind, ErrorKind::NotFound);
}

#[test]
fn a_long_entry_is_kept_whole_and_markup_is_kept_as_written() {
    let store = store();
    let long: String = "I am allowed to rest. ".repeat(100_000 / 22 + 1);
    assert!(long.len() >= 100_000);
    let item = store.add_plan_item(PlanSection::Coping, &long, "").unwrap();
    let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    store.set_plan_item(item.id, hostile, "").unwrap();
    assert_eq!(store.plan().unwrap()[0].text, hostile, "stored as text; the UI shows it as text");
    store.set_plan_item(item.id, &long, "").unwrap();
    assert_eq!(store.plan().unwrap()[0].text, long);
    let too_long = "x".repeat(MAX_ENTRY_CHARS + 1);
    assert_eq!(store.set_plan_item(item.id, &too_long, "").unwrap_err().kind, ErrorKind::TooLarge);
    assert_eq!(store.plan().unwrap()[0].text, long, "a refused edit changes nothing");
}
