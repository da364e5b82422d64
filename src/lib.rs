//! Concurrency Lab: a deterministic simulator of Python concurrency (the GIL, threads,
//! processes, asyncio, free-threaded builds) and the browser app that shows it.
//!
//! - [`engine`]: the simulator, pure Rust; input a [`engine::Scenario`], output a
//!   [`engine::Trace`] and [`engine::Metrics`].
//! - [`picture`]: a run as a self-contained SVG picture, for places that forbid frames.
//! - `ui` (wasm32 only): Yew components that render them; [`offload`]: what the page hands to its
//!   Web Worker, which runs a second wasm (`src/bin/tools.rs`) with the heavier tools.

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod embed;
pub mod engine;
pub mod format;
pub mod lab;
pub mod lessons;
pub mod links;
pub mod offload;
pub mod picture;
pub mod python_code;
#[cfg(target_arch = "wasm32")]
pub mod ui;
pub mod validation;
