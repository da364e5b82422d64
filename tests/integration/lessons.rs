//! Every lesson file parses, validates and tells the truth about the engine.

use concurrency_lab::lessons;

#[test]
fn every_lesson_parses_and_its_claims_hold_in_the_engine() {
    let files = lessons::files();
    assert!(
        files.len() >= 17,
        "expected at least 17 lessons, found {}",
        files.len()
    );
    let mut errors = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    for (name, text) in files {
        match lessons::parse(name, text) {
            Ok(l) => {
                if !ids.insert(l.id.clone()) {
                    errors.push(format!("{name}: duplicate id '{}'", l.id));
                }
                errors.extend(lessons::check(name, &l));
            }
            Err(e) => errors.push(e),
        }
    }
    assert!(errors.is_empty(), "\n{}", errors.join("\n"));
}

#[test]
fn a_malformed_lesson_is_refused_with_its_file_name() {
    let err = lessons::source::to_json("99-broken.toml", "id = 'x'\ntitle = ").unwrap_err();
    assert!(err.starts_with("99-broken.toml:"), "{err}");
    let json = lessons::source::to_json(
        "98-wrong-type.toml",
        "id = 'x'\ntitle = 3\ngoal = 'g'\nsteps = []",
    )
    .unwrap();
    let err = lessons::parse("98-wrong-type.toml", &json).unwrap_err();
    assert!(err.starts_with("98-wrong-type.toml:"), "{err}");
}

#[test]
fn a_lesson_whose_prediction_is_wrong_is_caught() {
    let text = r#"
id = "wrong"
title = "Wrong"
goal = "g"
[[steps]]
text = "t"
scenario = { preset = "cpu-bound", model = "threads", workers = 4 }
[steps.predict]
question = "q"
choices = ["1x", "4x"]
metric = "speedup"
ranges = [[0.0, 2.0], [2.0, 100.0]]
answer = 1
explain = "e"
"#;
    let l = lessons::parse(
        "wrong.toml",
        &lessons::source::to_json("wrong.toml", text).unwrap(),
    )
    .unwrap();
    let errors = lessons::check("wrong.toml", &l);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("not 1"), "{errors:?}");
}

#[test]
fn markdown_drops_raw_html() {
    let html = lessons::source::markdown("Hello <script>alert(1)</script> **world**").unwrap();
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("<strong>world</strong>"));
}
