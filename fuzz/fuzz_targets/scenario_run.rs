//! A scenario file (`conclab --scenario`, a lesson's settings): deserialised, validated, and
//! when valid and small, run. A run ends with every task done or with the "too large" error.
#![no_main]

use concurrency_lab::engine::Scenario;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/integration/contracts.rs"]
mod contracts;

fuzz_target!(|text: &str| {
    let Ok(s) = serde_json::from_str::<Scenario>(text) else {
        return;
    };
    if s.validate().is_ok() {
        contracts::runs_or_is_too_large(&s);
    }
});
