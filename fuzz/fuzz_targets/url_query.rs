//! A page address's query, as a stranger might write it: decoded the way the browser's
//! `URLSearchParams` does, read leniently into a scenario and embed options (as the Lab does),
//! then run when small. It must end in a valid scenario and a finished run or a clear error.
#![no_main]

use concurrency_lab::embed::EmbedOptions;
use concurrency_lab::engine::params;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/integration/contracts.rs"]
mod contracts;

fuzz_target!(|query: &str| {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let _ = EmbedOptions::from_pairs(&pairs);
    let (s, _notices) = params::lenient(&pairs, &[]);
    assert!(
        s.validate().is_ok(),
        "lenient reading gave an invalid scenario"
    );
    contracts::runs_or_is_too_large(&s);
});
