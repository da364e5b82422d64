//! The simulator: pure Rust, integer-nanosecond time, one seeded RNG, an event queue ordered by
//! (time, sequence). It knows nothing of the browser.
//!
//! ```
//! use concurrency_lab::engine::{self, ModelKind, Plan, Scenario};
//! let mut s = Scenario::default();
//! s.workload.tasks = 4;
//! s.workload.cpu_ms = 50.0;
//! s.model.kind = ModelKind::Threads;
//! let plan = Plan::new(&s).unwrap();
//! let out = engine::run(&plan).unwrap();
//! // Pure-Python work does not run in parallel under the GIL.
//! assert!(out.metrics.speedup < 1.1);
//! ```

pub mod calibration;
pub mod diagnosis;
pub mod metrics;
mod models;
pub mod names;
pub mod plan;
pub mod presets;
mod queue;
mod report;
mod rng;
pub mod scenario;
pub mod settings;
mod sim;
mod simulation;
pub mod time;
pub mod trace;

use serde::{Deserialize, Serialize};
use std::fmt;

pub use diagnosis::{diagnose, Diagnosis, Recommendation};
pub use metrics::Metrics;
pub use names::Named;
pub use plan::{GroupPlan, Plan};
pub use report::{report, Report};
pub use scenario::{IoKind, ModelKind, PyVersion, Scenario, ScenarioError, StartMethod};
pub use sim::{MAX_EVENTS, MAX_HELD};
pub use simulation::Simulation;
pub use trace::{State, Trace};

/// A run larger than the engine allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooLarge {
    /// It needs more than [`MAX_EVENTS`] events.
    Events,
    /// It would hold more than [`MAX_HELD`] pending events and timeline records at once.
    Held,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TooLarge::Events => write!(
                f,
                "scenario too large: a run may process at most {MAX_EVENTS} simulation events"
            ),
            TooLarge::Held => write!(
                f,
                "scenario too large: a run may hold at most {MAX_HELD} pending events and timeline records at once"
            ),
        }?;
        write!(f, "; use fewer tasks, longer tasks or a larger chunksize")
    }
}

impl std::error::Error for TooLarge {}

/// A finished run: the trace, its metrics and what they mean.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The plan that ran.
    pub plan: Plan,
    /// What happened, lane by lane.
    pub trace: Trace,
    /// The makespan of the same work run sequentially.
    pub baseline: time::Nanos,
    /// The numbers.
    pub metrics: Metrics,
    /// Findings and a recommendation.
    pub diagnosis: Diagnosis,
}

/// Runs the plan's model alone and returns its trace.
pub fn simulate(plan: &Plan) -> Result<Trace, TooLarge> {
    models::build(plan).run()
}

/// Runs the plan with a known baseline makespan (to avoid re-running it in sweeps).
pub fn run_against(plan: &Plan, baseline_makespan: time::Nanos) -> Result<Outcome, TooLarge> {
    let trace = simulate(plan)?;
    let metrics = Metrics::compute(&trace, baseline_makespan);
    let diagnosis = diagnose(plan, &metrics);
    Ok(Outcome {
        plan: plan.clone(),
        trace,
        baseline: baseline_makespan,
        metrics,
        diagnosis,
    })
}

/// The makespan of the plan's work run sequentially (simulated without spans: only its end is
/// wanted).
pub fn baseline_makespan(plan: &Plan) -> Result<time::Nanos, TooLarge> {
    let world = models::build(&plan.sequential()).without_spans();
    Ok(world.run()?.makespan)
}

/// Runs the plan and its sequential baseline, and returns the outcome.
pub fn run(plan: &Plan) -> Result<Outcome, TooLarge> {
    let mut sim = Simulation::start(plan);
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
    /// The worker count used (0 when the model could not run here).
    pub workers: u32,
    /// Its metrics, or why it has none.
    pub metrics: Result<Metrics, NoFigures>,
}

/// Why a model's variant of a plan has no figures in a comparison or sweep. An enum, not a
/// message, so that the Compare panel and pictures can tell a deadlock (a finding about the
/// workload) from a setting the model cannot take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NoFigures {
    /// It cannot run here: its settings do not fit the model, or the run is too large. Why.
    CannotRun(String),
    /// Its tasks deadlock: who holds and who waits for what, in words.
    Deadlock(String),
}

impl std::fmt::Display for NoFigures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoFigures::CannotRun(why) => f.write_str(why),
            NoFigures::Deadlock(cycle) => write!(f, "deadlock {cycle}"),
        }
    }
}

/// The worker count of a model's variant of a plan, and `figures` of it, or why it has none:
/// it cannot run here, or its tasks deadlock (a run that never finishes is no candidate,
/// however short it was).
fn measure<T>(
    variant: Result<Plan, ScenarioError>,
    figures: impl FnOnce(&Plan) -> Result<(T, Option<trace::Deadlock>), TooLarge>,
) -> (u32, Result<T, NoFigures>) {
    match variant {
        Ok(p) => (
            p.workers(),
            match figures(&p) {
                Ok((_, Some(d))) => Err(NoFigures::Deadlock(d.describe())),
                Ok((f, None)) => Ok(f),
                Err(e) => Err(NoFigures::CannotRun(e.to_string())),
            },
        ),
        Err(e) => (0, Err(NoFigures::CannotRun(e.message))),
    }
}

/// A model's row: its full metrics (the spans recorded to compute them).
fn row(variant: Result<Plan, ScenarioError>, model: ModelKind, base: time::Nanos) -> Row {
    let (workers, metrics) = measure(variant, |p| {
        let o = run_against(p, base)?;
        let deadlock = o.metrics.deadlock.clone();
        Ok((o.metrics, deadlock))
    });
    Row {
        model,
        workers,
        metrics,
    }
}

/// A model's row in brief: simulated without spans, since its speed needs only when the run
/// and its tasks end (a comparison of seven models and a 32-worker sweep record nothing else).
fn brief(variant: Result<Plan, ScenarioError>, model: ModelKind, base: time::Nanos) -> Brief {
    timed_brief(variant, model, base).0
}

/// [`brief`], with the run's makespan when it ran to its end.
fn timed_brief(
    variant: Result<Plan, ScenarioError>,
    model: ModelKind,
    base: time::Nanos,
) -> (Brief, Option<time::Nanos>) {
    let (workers, result) = measure(variant, |p| {
        let t = models::build(p).without_spans().run()?;
        Ok(((Speed::of(&t, base), t.makespan), t.deadlock.0))
    });
    let makespan = result.as_ref().ok().map(|r| r.1);
    let brief = Brief {
        model,
        workers,
        result: result.map(|r| r.0),
    };
    (brief, makespan)
}

/// The model that does best on the work of run `o` (every model run on it, against the
/// baseline `o` already has), and why.
pub fn recommend(o: &Outcome) -> Result<Option<Recommendation>, TooLarge> {
    // The run's own model needs no second simulation: its figures are the outcome's (the
    // variant that sets a plan's own model is that plan).
    let own = Brief {
        model: o.plan.model(),
        workers: o.plan.workers(),
        result: match &o.metrics.deadlock {
            Some(d) => Err(NoFigures::Deadlock(d.describe())),
            None => Ok(Speed {
                speedup: o.metrics.speedup,
                makespan_s: o.metrics.makespan_s,
            }),
        },
    };
    let briefs = each_model(
        &o.plan,
        o.baseline,
        |variant, kind, base| {
            if kind == own.model {
                own.clone()
            } else {
                brief(variant, kind, base)
            }
        },
        brief_makespan,
    );
    Ok(diagnosis::recommendation(&o.plan, &briefs))
}

/// The same work under every model, fastest first (those that cannot run here last, with the
/// reason). Each model uses the plan's worker count when the scenario sets one, and otherwise
/// its library's default: the one rule the Lab and `conclab compare` share.
pub fn compare(plan: &Plan) -> Result<Vec<Row>, TooLarge> {
    Ok(compare_against(plan, baseline_makespan(plan)?))
}

/// When a brief's run ended, if it could run.
fn brief_makespan(b: &Brief) -> Option<f64> {
    b.result.as_ref().ok().map(|s| s.makespan_s)
}

/// [`compare`] with the baseline's makespan known.
pub fn compare_against(plan: &Plan, base: time::Nanos) -> Vec<Row> {
    each_model(plan, base, row, |r| {
        r.metrics.as_ref().ok().map(|m| m.makespan_s)
    })
}

/// `make` of the plan's work under every model, fastest first by `makespan_s` (`None`: it
/// could not run, and goes last).
fn each_model<R>(
    plan: &Plan,
    base: time::Nanos,
    make: impl Fn(Result<Plan, ScenarioError>, ModelKind, time::Nanos) -> R,
    makespan_s: fn(&R) -> Option<f64>,
) -> Vec<R> {
    let mut rows: Vec<R> = ModelKind::all()
        .iter()
        .map(|&kind| make(plan.variant(|s| s.model.kind = kind), kind, base))
        .collect();
    let key = |r: &R| makespan_s(r).unwrap_or(f64::INFINITY);
    rows.sort_by(|a, b| key(a).total_cmp(&key(b)));
    rows
}

/// The plan's model at each worker count in `workers`.
pub fn sweep(plan: &Plan, workers: std::ops::RangeInclusive<u32>) -> Result<Vec<Row>, TooLarge> {
    sweep_with(plan, workers, row)
}

/// `make` of the plan's model at each worker count in `workers`.
fn sweep_with<R>(
    plan: &Plan,
    workers: std::ops::RangeInclusive<u32>,
    make: fn(Result<Plan, ScenarioError>, ModelKind, time::Nanos) -> R,
) -> Result<Vec<R>, TooLarge> {
    let base = baseline_makespan(plan)?;
    Ok(workers
        .map(|n| {
            make(
                plan.variant(|s| s.model.workers = Some(n)),
                plan.model(),
                base,
            )
        })
        .collect())
}

/// Every model compared on one workload, and speedup against 1–32 workers for the scenario's
/// model (or, when asked, for every model with workers): what the Lab's Compare panel shows
/// (computed off the page's main thread in the browser).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// One row per model, fastest first.
    pub models: Vec<Brief>,
    /// Speedup against workers, one line per model swept.
    pub sweeps: Vec<Sweep>,
}

/// One model at 1..=32 workers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    /// The model.
    pub model: ModelKind,
    /// Its runs, by worker count.
    pub points: Vec<Brief>,
}

/// A [`Row`] in brief: the two figures the Compare panel shows. Kept small because it crosses
/// from the Web Worker to the page, and reading full metrics there would cost the page
/// 7 KB of compressed wasm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    /// The model.
    pub model: ModelKind,
    /// The worker count used.
    pub workers: u32,
    /// Its speedup and makespan, or why it has none.
    pub result: Result<Speed, NoFigures>,
}

/// How fast a run was.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Speed {
    /// Speedup over running the tasks one after another.
    pub speedup: f64,
    /// Wall time of the whole run, in seconds.
    pub makespan_s: f64,
}

impl Speed {
    /// How fast `trace` ran against a sequential run of `baseline`: what its [`Metrics`] say at
    /// its end, read from when the run and its tasks ended (no spans needed).
    pub fn of(trace: &Trace, baseline: time::Nanos) -> Speed {
        let done = trace
            .tasks
            .iter()
            .filter(|t| t.lane.is_some() && t.end <= trace.makespan)
            .count();
        let (speedup, makespan_s) =
            metrics::speed(baseline, done, trace.tasks.len(), trace.makespan);
        Speed {
            speedup,
            makespan_s,
        }
    }
}

/// Computes the [`Comparison`] of a plan: the sweep of its own model, or of every model with
/// workers when `every_model`.
pub fn comparison(plan: &Plan, every_model: bool) -> Result<Comparison, TooLarge> {
    let models = each_model(plan, baseline_makespan(plan)?, brief, brief_makespan);
    let swept: Vec<ModelKind> = ModelKind::all()
        .iter()
        .copied()
        .filter(|m| m.has_workers() && (every_model || *m == plan.model()))
        .collect();
    let mut sweeps = Vec::new();
    for model in swept {
        if let Ok(p) = plan.variant(|s| s.model.kind = model) {
            sweeps.push(Sweep {
                model,
                points: sweep_with(&p, 1..=32, brief)?,
            });
        }
    }
    Ok(Comparison { models, sweeps })
}
