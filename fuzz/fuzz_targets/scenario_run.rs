//! A scenario file (`conclab --scenario`, a lesson's settings): deserialised, checked into a
//! plan or refused naming a setting; a plan's settings written back read as the same scenario,
//! and when small it runs to the end or is refused as too large.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/integration/contracts.rs"]
mod contracts;

fuzz_target!(|text: &str| contracts::scenario_file(text));
