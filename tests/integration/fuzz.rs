//! Fuzzing by property tests: whatever a stranger sends — a URL, a lesson file, a scenario file —
//! the answer is a value or a clear error, never a panic or a hang. A short run happens in every
//! `cargo test`; a long one on demand:
//!
//! `PROPTEST_CASES=50000 cargo test --release --test integration fuzz_`
//!
//! Failing inputs are kept by proptest under `tests/proptest-regressions/` and
//! replayed first on later runs.

use proptest::prelude::*;

use crate::contracts;

fn cases(short: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(short);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Bits of real scenario files, shuffled and mutated.
fn scenario_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"machine\":{\"cores\":3}".to_string()),
        Just("\"model\":{\"kind\":\"interpreters\",\"workers\":2}".to_string()),
        Just("\"python\":{\"version\":\"3.14t\",\"switch_interval_ms\":0.5}".to_string()),
        Just("\"workload\":{\"tasks\":5,\"cpu_ms\":2.5,\"io_ms\":-1}".to_string()),
        Just(
            "\"workload\":{\"groups\":[{\"name\":\"a\",\"tasks\":3,\"repeat\":2,\"io_ms\":1}]}"
                .to_string()
        ),
        Just(
            "\"workload\":{\"groups\":[{\"name\":\"p\",\"repeat\":4,\"cpu_ms\":1,\"put\":\"q\",\"maxsize\":2},{\"name\":\"c\",\"tasks\":2,\"io_ms\":3,\"get\":\"q\"}]}"
                .to_string()
        ),
        Just("\"seed\":7".to_string()),
        "\\PC{0,12}".prop_map(|s| format!("\"{s}\":1")),
    ];
    proptest::collection::vec(piece, 0..5).prop_map(|v| format!("{{{}}}", v.join(",")))
}

/// Query strings with real keys and values, escapes, `+` and junk.
fn query_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("preset=tiny-tasks".to_string()),
        Just("model=asyncio+threads".to_string()),
        Just("model=interpreters".to_string()),
        Just("python=3.14".to_string()),
        Just("groups=a%3A2%3A3%3A1%3A1%3A0%3Bb%3A1%3A1%3A0%3A5%3A1".to_string()),
        Just("preset=pipeline".to_string()),
        Just("groups=p%3A1%3A3%3A0%3A1%3A0%3A0%3A0%3A%3A%3A0%3A0%3Asleep%3A%3Aq%3A1%3Bc%3A2%3A1%3A2%3A0%3A0%3A0%3A0%3A%3A%3A0%3A0%3Asleep%3Aq".to_string()),
        Just("cores=0".to_string()),
        Just("workers=%34".to_string()),
        "[a-z_]{1,10}=[0-9a-z.%+]{0,8}",
        "\\PC{0,12}",
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|v| v.join("&"))
}

/// Bits of real lesson files, shuffled and mutated.
fn lesson_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("id = \"x\"\n".to_string()),
        Just("title = \"t\"\n".to_string()),
        Just("goal = \"g\"\n".to_string()),
        Just("[[steps]]\n".to_string()),
        Just("text = \"**hi** <b>x</b>\"\n".to_string()),
        Just("scenario = { preset = \"cpu-bound\", model = \"threads\" }\n".to_string()),
        Just("[steps.predict]\nquestion = \"q\"\nchoices = [\"a\", \"b\"]\nmetric = \"speedup\"\nranges = [[0, 1], [1, 9]]\nanswer = 1\nexplain = \"e\"\n".to_string()),
        Just("[steps.challenge]\ngoal = \"g\"\nconditions = [{ metric = \"speedup\", min = 2 }]\npar = 1\nhints = [\"h\"]\nsolution = { model = \"processes\" }\n".to_string()),
        "\\PC{0,30}",
    ];
    proptest::collection::vec(piece, 0..10).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn fuzz_lesson_sources_parse_or_fail_with_the_file_name(text in lesson_like()) {
        contracts::lesson_source(&text);
    }

    #[test]
    fn fuzz_scenario_files_make_a_plan_or_name_the_field(text in scenario_like()) {
        contracts::scenario_file(&text);
    }

    #[test]
    fn fuzz_url_queries_read_leniently_then_run_within_limits(query in query_like()) {
        contracts::url_query(&query);
    }
}
