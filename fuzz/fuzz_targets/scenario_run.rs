//! A scenario file (`conclab --scenario`, a lesson's settings): deserialised, validated, and
//! when valid and small, run. A run ends with every task done or with the "too large" error.
#![no_main]

use concurrency_lab::engine::{self, Scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(s) = serde_json::from_str::<Scenario>(text) else {
        return;
    };
    if s.validate().is_err() || s.workload.total_tasks() > 2_000 {
        return;
    }
    match engine::run(&s) {
        Ok(o) => assert_eq!(o.metrics.tasks_done, s.workload.total_tasks()),
        Err(e) => assert!(e.to_string().contains("too large"), "unexpected error: {e}"),
    }
});
