use super::*;
use crate::export::web_annotation::tests::sample;

fn rows() -> Vec<Vec<String>> {
    let bytes = write(&sample()).unwrap();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

#[test]
fn highlights_are_rows_readwise_reads() {
    let rows = rows();
    assert_eq!(rows[0], HEADER);
    assert_eq!(rows.len(), 5, "a header and four highlights");
    assert_eq!(
        rows[1],
        [
            "Name five things you can see.",
            "Grounding: \"five things\" for cravings",
            "Haven editors",
            "https://nida.nih.gov/",
            "",
            "121",
            "2026-11-22 03:19:00"
        ]
    );
}

#[test]
fn cells_a_spreadsheet_would_run_are_made_inert() {
    let rows = rows();
    assert_eq!(rows[2][0], "'=HYPERLINK(\"http://x\")");
    assert_eq!(rows[2][4], "'- ask about this, \"quoted\", comma", "quotes and commas survive the csv crate's quoting");
    for (cell, inert_form) in [("@SUM(A1)", "'@SUM(A1)"), ("+1", "'+1"), ("\tx", "'\tx"), ("plain", "plain"), ("", "")]
    {
        assert_eq!(inert(cell), inert_form);
    }
}
