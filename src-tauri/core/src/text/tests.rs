use super::*;

#[test]
fn queries_are_built_from_words_never_syntax() {
    let cases = [
        ("sleep", Some(r#""sleep"*"#)),
        ("sleepin", Some(r#"("sleepin"* OR "sleep"*)"#)),
        ("withdr", Some(r#""withdr"*"#)),
        ("antidep", Some(r#""antidep"*"#)),
        ("cravin", Some(r#"("cravin"* OR "crav"*)"#)),
        ("medicatio", Some(r#"("medicatio"* OR "medic"*)"#)),
        ("discontinuati", Some(r#"("discontinuati"* OR "discontinu"*)"#)),
        ("sle", Some(r#""sle"*"#)),
        ("s", Some(r#""s""#)),
        ("sleep ", Some(r#""sleep""#)),
        ("Sleep Routine", Some(r#""sleep" AND ("routine"* OR "routi"*)"#)),
        (r#""side effects" weight"#, Some(r#""side effects" AND "weight"*"#)),
        (r#""unclosed phrase"#, Some(r#""unclosed phrase""#)),
        ("a AND b OR NOT c", Some(r#""a" AND "and" AND "b" AND "or" AND "not" AND "c""#)),
        ("NEAR(x y)", Some(r#""near" AND "x" AND "y""#)),
        ("don't", Some(r#""don't"*"#)),
        ("*", None),
        (")(", None),
        ("", None),
        ("   \" \"  ", None),
        ("café-crème", Some(r#""café" AND ("crème"* OR "crèm"*)"#)),
    ];
    for (input, want) in cases {
        assert_eq!(fts_query(input).as_deref(), want, "{input:?}");
    }
    assert_eq!(fts_query(&"word ".repeat(100)).unwrap().matches("\"word\"").count(), MAX_TERMS);
}

#[test]
fn a_half_typed_word_counts_as_the_whole_word() {
    assert_eq!(whole_words_query("medicatio").as_deref(), Some(r#""medic""#));
    assert_eq!(whole_words_query("sleep well").as_deref(), Some(r#""sleep" AND "well""#));
}

#[test]
fn related_queries_use_meaningful_words() {
    assert_eq!(any_of_words("How to stop and the NHS").as_deref(), Some(r#""stop" OR "nhs""#));
    assert_eq!(any_of_words("a an to"), None);
    assert_eq!(words("Don’t stop—'quoted' words"), ["don’t", "stop", "quoted", "words"]);
}

#[test]
fn the_words_before_the_one_being_typed() {
    assert_eq!(settled_words_query("sleep ta").as_deref(), Some("\"sleep\""));
    assert_eq!(settled_words_query("\"side effects\" sle").as_deref(), Some("\"side effects\""));
    assert_eq!(settled_words_query("sleep"), None, "the only word is the one being typed");
    assert_eq!(settled_words_query("sleep ta "), None, "nothing is being typed");
    assert_eq!(settled_words_query(""), None);
}

#[test]
fn a_short_prefix_is_two_or_three_letters_still_being_typed() {
    for short in ["re", "rec", "sleep re", "sleep rec", "“ré"] {
        assert!(typing_short_prefix(short), "{short}");
    }
    for not in ["r", "reco", "recover", "re ", "\"re\"", "sleep", "", "   "] {
        assert!(!typing_short_prefix(not), "{not}");
    }
}
