//! Every lesson file parses, validates and tells the truth about the engine.

use concurrency_lab::engine::{self, Plan};
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
fn the_cli_prints_every_lesson_as_one_json_array() {
    let as_json: Vec<serde_json::Value> =
        serde_json::from_str(&lessons::bundle()).expect("one JSON array");
    assert_eq!(as_json.len(), lessons::files().len());
}

#[test]
fn the_browsers_lesson_file_reads_back_every_lesson() {
    let all = lessons::from_bundle(&lessons::bundle_bytes()).unwrap();
    assert_eq!(all, lessons::all());
    assert_eq!(all.len(), lessons::files().len());
}

#[test]
fn a_lesson_the_browser_cannot_read_is_left_out_and_a_file_with_none_is_an_error() {
    let mut records: Vec<Vec<u8>> = lessons::all()
        .iter()
        .map(|l| postcard::to_allocvec(l).unwrap())
        .collect();
    // A lesson from another version: its record ends where this version's reader expects more.
    let half = records[0].len() / 2;
    records[0].truncate(half);
    let read = lessons::from_bundle(&postcard::to_allocvec(&records).unwrap()).unwrap();
    assert_eq!(read.len(), lessons::all().len() - 1);
    assert_eq!(read[0], lessons::all()[1]);
    let none = postcard::to_allocvec(&Vec::<Vec<u8>>::new()).unwrap();
    for broken in [&b""[..], b"<!doctype html><p>Not found</p>", &none] {
        assert!(lessons::from_bundle(broken).is_err(), "{broken:?}");
    }
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

/// A lesson from TOML, converted and parsed as the build does.
fn lesson(text: &str) -> lessons::Lesson {
    let json = lessons::source::to_json("t.toml", text).unwrap();
    lessons::parse("t.toml", &json).unwrap()
}

/// One step of eight pure-Python crunches on four threads, with `extra` TOML after its scenario
/// (a `[steps.challenge]`, `controls`, …).
fn gil_step(text: &str, extra: &str) -> lessons::Lesson {
    lesson(&format!(
        r#"
id = "t"
title = "T"
goal = "g"
[[steps]]
text = """{text}"""
scenario = {{ preset = "cpu-bound", model = "threads", workers = 4, cores = 4 }}
{extra}
"#
    ))
}

/// A challenge on `gil_step` with these conditions, solution, par and shortcuts.
fn gil_challenge(conditions: &str, solution: &str, par: u32, shortcuts: &str) -> Vec<String> {
    let l = gil_step(
        "t",
        &format!(
            "[steps.challenge]\ngoal = \"g\"\nconditions = [{conditions}]\npar = {par}\n\
             hints = [\"h\"]\nsolution = {{ {solution} }}\nshortcuts = [{shortcuts}]\n"
        ),
    );
    lessons::check("t.toml", &l)
}

#[test]
fn a_fair_challenge_passes_the_checker() {
    let errors = gil_challenge(
        r#"{ metric = "speedup", min = 3.0 }, { setting = "python", one_of = ["3.11"] }"#,
        r#"model = "processes""#,
        1,
        r#"{ settings = { python = "3.14t" }, why = "no GIL" }"#,
    );
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_shortcut_that_meets_the_goal_is_caught() {
    let errors = gil_challenge(
        r#"{ metric = "speedup", min = 3.0 }"#,
        r#"model = "processes""#,
        1,
        r#"{ settings = { python = "3.14t" }, why = "no GIL" }"#,
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("meets the goal (no GIL)"), "{errors:?}");
}

#[test]
fn a_solution_over_its_par_is_caught() {
    let errors = gil_challenge(
        r#"{ metric = "speedup", min = 3.0 }"#,
        r#"model = "processes", switch_interval_ms = 1"#,
        1,
        "",
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("2 changes, over its par of 1"),
        "{errors:?}"
    );
}

#[test]
fn a_setting_condition_that_alone_refuses_no_shortcut_is_caught() {
    // Holding the cores refuses nothing here: no listed shortcut changes them.
    let errors = gil_challenge(
        r#"{ metric = "speedup", min = 3.0 }, { setting = "cores", max = 4 }"#,
        r#"model = "processes""#,
        1,
        "",
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("condition on 'cores'"), "{errors:?}");
}

#[test]
fn a_challenge_about_a_setting_outside_its_controls_is_caught() {
    let l = gil_step(
        "t",
        "controls = [\"workers\", \"no_such_setting\"]\n[steps.challenge]\ngoal = \"g\"\n\
         conditions = [{ metric = \"speedup\", min = 3.0 }]\npar = 1\nhints = [\"h\"]\n\
         solution = { model = \"processes\" }\n",
    );
    let errors = lessons::check("t.toml", &l);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("'no_such_setting' is not a setting"));
    assert!(errors[1].contains("about 'model', which is not among"));
}

#[test]
fn highlights_render_as_lane_and_time_references() {
    let html = lessons::source::markdown(
        "[the GIL](lane:gil), [it](<lane:Thread 2>) [at 5 ms](time:5ms) and [docs](https://x.org)",
    )
    .unwrap();
    assert!(
        html.contains(r##"<a class="ref" href="#" data-lane="gil">the GIL</a>"##),
        "{html}"
    );
    assert!(html.contains(r#"data-lane="Thread 2">it</a>"#), "{html}");
    assert!(
        html.contains(r#"data-time="5000000">at 5 ms</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="https://x.org">docs</a>"#),
        "{html}"
    );
    assert_eq!(lessons::source::duration_ns("1.5s"), Some(1_500_000_000));
    assert_eq!(lessons::source::duration_ns("250us"), Some(250_000));
}

#[test]
fn an_unreadable_time_highlight_fails_the_build_naming_file_and_step() {
    let text =
        "id = 'x'\ntitle = 't'\ngoal = 'g'\n[[steps]]\ntext = '[then](time:soon)'\nscenario = {}\n";
    let err = lessons::source::to_json("x.toml", text).unwrap_err();
    assert!(err.starts_with("x.toml: step 1:"), "{err}");
}

#[test]
fn highlights_must_name_a_lane_of_the_run_and_a_moment_within_it() {
    let l = gil_step(
        "[the GIL](lane:gil), [a thread](<lane:Thread 4>), [a loop](lane:loop), [late](time:10s)",
        "",
    );
    let errors = lessons::check("t.toml", &l);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("lane:loop names no lane"), "{errors:?}");
    assert!(errors[1].contains("not within the run"), "{errors:?}");
}

#[test]
fn unmet_conditions_read_in_the_units_the_results_show() {
    let l = gil_challenge_lesson();
    let c = l.steps[0].challenge.as_ref().unwrap();
    let start = l.steps[0].scenario().unwrap();
    let out = engine::run(&Plan::new(&start).unwrap()).unwrap();
    assert_eq!(
        c.unmet(&out.plan, &out.metrics),
        [
            "core use at least 50% (now 25%)",
            "makespan at most 120 ms (now 406 ms)",
            "speedup at least 3.00× (now 1.00×)",
            "Blocking calls in coroutines kept on",
            "Python set to 3.14t",
        ]
    );
}

/// A challenge whose every condition fails on its start, one of each kind.
fn gil_challenge_lesson() -> lessons::Lesson {
    gil_step(
        "t",
        r#"[steps.challenge]
goal = "g"
conditions = [
  { metric = "cpu_utilization", min = 0.5 },
  { metric = "makespan_s", max = 0.12 },
  { metric = "speedup", min = 3.0 },
  { setting = "blocking", min = 1 },
  { setting = "python", one_of = ["3.14t"] },
]
par = 1
hints = ["h"]
solution = { python = "3.14t" }
"#,
    )
}
