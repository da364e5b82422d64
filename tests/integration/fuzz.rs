//! Fuzzing by property tests: whatever a stranger sends — a URL, a lesson file, a scenario file —
//! the answer is a value or a clear error, never a panic or a hang. A short run happens in every
//! `cargo test`; a long one on demand:
//!
//! `PROPTEST_CASES=50000 cargo test --release --test integration fuzz_`
//!
//! Failing inputs are kept by proptest under `tests/proptest-regressions/` and
//! replayed first on later runs.

use concurrency_lab::engine::{params, Scenario};
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
        contracts::runs_or_is_too_large(&s);
    }
}
