//! A lesson file as an author might get it wrong: converted (TOML and Markdown, as `build.rs`
//! does), parsed and checked against the engine. Errors must name the file; nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/integration/contracts.rs"]
mod contracts;

fuzz_target!(|text: &str| contracts::lesson_source(text));
