//! What every stranger's input must get, shared by the property tests (`fuzz.rs`) and the
//! cargo-fuzz targets (`fuzz/fuzz_targets/`, which include this file): a value or a clear error,
//! never a panic. Failures are plain assertions, which both harnesses report.

use concurrency_lab::engine::{self, Scenario};
use concurrency_lab::lessons;

/// Larger scenarios are skipped to keep each case quick; the event cap bounds them anyway.
const MAX_TASKS_RUN: u32 = 2_000;

/// A lesson source converts, parses and is checked, or fails with a message naming the file.
pub fn lesson_source(text: &str) {
    let parsed = lessons::source::to_json("fuzz.toml", text)
        .and_then(|json| lessons::parse("fuzz.toml", &json));
    match parsed {
        // Checking may find problems in the lesson, but must not panic.
        Ok(lesson) => drop(lessons::check("fuzz.toml", &lesson)),
        Err(e) => assert!(
            e.starts_with("fuzz.toml:"),
            "error without the file name: {e}"
        ),
    }
}

/// A valid scenario, when small enough to be quick, runs every task or is refused as too large.
pub fn runs_or_is_too_large(s: &Scenario) {
    if s.workload.total_tasks() > MAX_TASKS_RUN {
        return;
    }
    match engine::run(s) {
        Ok(o) => assert_eq!(o.metrics.tasks_done, s.workload.total_tasks()),
        Err(e) => assert!(e.to_string().contains("too large"), "unexpected error: {e}"),
    }
}
