//! Native integration tests of the engine and the `conclab` command line, one module per topic.

mod arbitrary;
mod claims;
mod cli;
mod contracts;
mod fuzz;
mod golden;
mod groups;
mod in_flight;
mod lessons;
mod locks;
mod panels;
mod picture;
mod picture_layout;
mod pipelines;
mod properties;
mod python_code;
mod python_code_cases;
mod settings;
mod support;
mod timeline_marks;
mod timelines;
mod validation;
