//! Native integration tests of the engine and the `conclab` command line, one module per topic.

mod claims;
mod cli;
mod contracts;
mod fuzz;
mod golden;
mod groups;
mod lessons;
mod params;
mod properties;
mod python_code;
mod support;
mod timelines;
