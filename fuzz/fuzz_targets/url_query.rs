//! A page address's query, as a stranger might write it: decoded as the browser does, read
//! leniently into a scenario and embed options (as the Lab does), then run when small. It must
//! make a plan, keep only settings the query contained, and finish or fail clearly.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/integration/contracts.rs"]
mod contracts;

fuzz_target!(|query: &str| contracts::url_query(query));
