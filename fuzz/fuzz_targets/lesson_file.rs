//! A lesson file as an author might get it wrong: converted (TOML and Markdown, as `build.rs`
//! does), parsed and checked against the engine. Errors must name the file; nothing may panic.
#![no_main]

use concurrency_lab::lessons;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match lessons::source::to_json("fuzz.toml", text) {
        Ok(json) => match lessons::parse("fuzz.toml", &json) {
            Ok(lesson) => {
                let _ = lessons::check("fuzz.toml", &lesson);
            }
            Err(e) => assert!(e.starts_with("fuzz.toml:"), "{e}"),
        },
        Err(e) => assert!(e.starts_with("fuzz.toml:"), "{e}"),
    }
});
