//! Fuzzing by property tests: whatever a stranger sends — a URL, a lesson file, a scenario file —
//! the answer is a value or a clear error, never a panic or a hang. A short run happens in every
//! `cargo test`; a long one on demand:
//!
//! `PROPTEST_CASES=50000 cargo test --release --test integration fuzz_`
//!
//! Failing inputs are kept by proptest under `tests/integration/proptest-regressions/` and
//! replayed first on later runs.

use concurrency_lab::engine::{self, params, Scenario};
use concurrency_lab::lessons;
use proptest::prelude::*;

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
        match lessons::source::to_json("fuzz.toml", &text) {
            Ok(json) => match lessons::parse("fuzz.toml", &json) {
                Ok(l) => {
                    // Checking may find problems, but must not panic.
                    let _ = lessons::check("fuzz.toml", &l);
                }
                Err(e) => prop_assert!(e.starts_with("fuzz.toml:")),
            },
            Err(e) => prop_assert!(e.starts_with("fuzz.toml:")),
        }
    }

    #[test]
    fn fuzz_scenario_files_deserialise_or_fail(text in "\\PC{0,200}") {
        if let Ok(s) = serde_json::from_str::<Scenario>(&text) {
            let _ = s.validate();
        }
    }

    #[test]
    fn fuzz_url_settings_then_run_within_limits(pairs in proptest::collection::vec(
        (prop_oneof![Just("preset"), Just("tasks"), Just("cpu_ms"), Just("io_ms"), Just("model"), Just("workers"),
                     Just("cores"), Just("chunksize"), Just("groups"), Just("python"), Just("limit")],
         prop_oneof![Just("4".to_string()), Just("tiny-tasks".to_string()), Just("asyncio".to_string()), Just("0.5".to_string()),
                     Just("a:2:3:1:1:0;b:1:1:0:5:1".to_string()), Just("3.14t".to_string()), "[0-9]{1,3}", "\\PC{0,12}"]),
        0..6)) {
        let pairs: Vec<(String, String)> = pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let (s, _) = params::lenient(&pairs, &[]);
        prop_assert!(s.validate().is_ok());
        // Keep each case quick: the event cap still bounds anything bigger.
        if s.workload.total_tasks() <= 2_000 {
            match engine::run(&s) {
                Ok(o) => prop_assert_eq!(o.metrics.tasks_done, s.workload.total_tasks()),
                Err(e) => prop_assert!(e.to_string().contains("too large")),
            }
        }
    }
}
