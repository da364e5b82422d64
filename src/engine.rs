//! The simulator: pure Rust, integer-nanosecond time, one seeded RNG, an event queue ordered by
//! (time, sequence). It knows nothing of the browser.
//!
//! ```
//! use concurrency_lab::engine::{self, Scenario, ModelKind};
//! let mut s = Scenario::default();
//! s.workload.tasks = 4;
//! s.workload.cpu_ms = 50.0;
//! s.model.kind = ModelKind::Threads;
//! let out = engine::run(&s).unwrap();
//! // Pure-Python work does not run in parallel under the GIL.
//! assert!(out.metrics.speedup < 1.1);
//! ```

pub mod calibration;
pub mod diagnosis;
pub mod metrics;
mod models;
pub mod params;
pub mod presets;
mod queue;
mod rng;
pub mod scenario;
mod sim;
mod simulation;
pub mod time;
pub mod trace;

use serde::{Deserialize, Serialize};
use std::fmt;

pub use diagnosis::{diagnose, Diagnosis};
pub use metrics::Metrics;
pub use scenario::{ModelKind, PyVersion, Scenario, ScenarioError, StartMethod};
pub use sim::MAX_EVENTS;
pub use simulation::Simulation;
pub use trace::{State, Trace};

/// Why a scenario could not be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    /// A field is out of range.
    Invalid(ScenarioError),
    /// The run needs more events than the engine allows.
    TooLarge,
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Invalid(e) => e.fmt(f),
            EngineError::TooLarge => write!(
                f,
                "scenario too large: it needs more than {MAX_EVENTS} simulation events; use fewer tasks, longer tasks or a larger chunksize"
            ),
        }
    }
}

impl std::error::Error for EngineError {}

impl From<ScenarioError> for EngineError {
    fn from(e: ScenarioError) -> Self {
        EngineError::Invalid(e)
    }
}

/// A finished run: the trace, its metrics and what they mean.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The scenario that ran.
    pub scenario: Scenario,
    /// What happened, lane by lane.
    pub trace: Trace,
    /// The numbers.
    pub metrics: Metrics,
    /// Findings and a recommendation.
    pub diagnosis: Diagnosis,
}

/// Runs the scenario's model alone and returns its trace.
pub fn simulate(s: &Scenario) -> Result<Trace, EngineError> {
    s.validate()?;
    models::build(s).run().map_err(|_| EngineError::TooLarge)
}

/// Runs the scenario with a known baseline makespan (to avoid re-running it in sweeps).
pub fn run_against(s: &Scenario, baseline_makespan: time::Nanos) -> Result<Outcome, EngineError> {
    let trace = simulate(s)?;
    let metrics = Metrics::compute(&trace, baseline_makespan);
    let diagnosis = diagnose(s, &metrics);
    Ok(Outcome {
        scenario: s.clone(),
        trace,
        metrics,
        diagnosis,
    })
}

/// The makespan of the scenario's workload run sequentially.
pub fn baseline_makespan(s: &Scenario) -> Result<time::Nanos, EngineError> {
    Ok(simulate(&s.sequential_baseline())?.makespan)
}

/// Runs the scenario and its sequential baseline, and returns the outcome.
pub fn run(s: &Scenario) -> Result<Outcome, EngineError> {
    let mut sim = Simulation::start(s)?;
    loop {
        if let Some(outcome) = sim.advance(u64::MAX)? {
            return Ok(outcome);
        }
    }
}

/// One row of a comparison or sweep.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The model.
    pub model: ModelKind,
    /// The worker count used.
    pub workers: u32,
    /// Its metrics, or why it could not run.
    pub metrics: Result<Metrics, String>,
}

fn row(s: &Scenario, base: time::Nanos) -> Row {
    Row {
        model: s.model.kind,
        workers: s.effective_workers(),
        metrics: run_against(s, base)
            .map(|o| o.metrics)
            .map_err(|e| e.to_string()),
    }
}

/// The same workload under every model that this Python can run, sorted by makespan.
/// `workers` = None uses each model's default.
pub fn compare(s: &Scenario, workers: Option<u32>) -> Result<Vec<Row>, EngineError> {
    s.validate()?;
    let base = baseline_makespan(s)?;
    let mut rows: Vec<Row> = ModelKind::ALL
        .into_iter()
        .filter(|&k| k != ModelKind::Interpreters || s.python.version.has_interpreter_pool())
        .map(|kind| {
            let mut v = s.clone();
            v.model.kind = kind;
            v.model.workers = workers.or(s.model.workers);
            row(&v, base)
        })
        .collect();
    let key = |r: &Row| r.metrics.as_ref().map_or(f64::INFINITY, |m| m.makespan_s);
    rows.sort_by(|a, b| key(a).total_cmp(&key(b)));
    Ok(rows)
}

/// The scenario's model at each worker count in `workers`.
pub fn sweep(
    s: &Scenario,
    workers: std::ops::RangeInclusive<u32>,
) -> Result<Vec<Row>, EngineError> {
    s.validate()?;
    let base = baseline_makespan(s)?;
    Ok(workers
        .map(|n| {
            let mut v = s.clone();
            v.model.workers = Some(n);
            row(&v, base)
        })
        .collect())
}

/// Every model compared on one workload, and the scenario's model swept over 1–32 workers:
/// what the Lab's Compare panel shows (computed off the page's main thread in the browser).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// One row per model, fastest first.
    pub models: Vec<Brief>,
    /// The scenario's model at 1..=32 workers (empty for models without workers).
    pub sweep: Vec<Brief>,
}

/// A [`Row`] in brief: the two figures the Compare panel shows. Kept small because it crosses
/// from the Web Worker to the page as JSON, and reading full metrics there would cost the page
/// 7 KB of compressed wasm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    /// The model.
    pub model: ModelKind,
    /// The worker count used.
    pub workers: u32,
    /// Its speedup and makespan, or why it could not run.
    pub result: Result<Speed, String>,
}

/// How fast a run was.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Speed {
    /// Speedup over running the tasks one after another.
    pub speedup: f64,
    /// Wall time of the whole run, in seconds.
    pub makespan_s: f64,
}

impl From<Row> for Brief {
    fn from(r: Row) -> Self {
        Brief {
            model: r.model,
            workers: r.workers,
            result: r.metrics.map(|m| Speed {
                speedup: m.speedup,
                makespan_s: m.makespan_s,
            }),
        }
    }
}

/// Computes the [`Comparison`] of a scenario.
pub fn comparison(s: &Scenario) -> Result<Comparison, EngineError> {
    let brief = |rows: Vec<Row>| rows.into_iter().map(Brief::from).collect();
    let models = brief(compare(s, s.model.workers)?);
    let sweep = if s.model.kind.has_workers() {
        brief(sweep(s, 1..=32)?)
    } else {
        Vec::new()
    };
    Ok(Comparison { models, sweep })
}
