//! The evidence for the simulator's figures: how far they are from real CPython 3.11 on the
//! machine where the validation harness (`validation/run.py`, run by `./lab validate`) last ran.
//! Its committed results are compiled in (native builds only: the page never carries them), so
//! `conclab validation --json` can hand them to the app and a native test can hold the engine
//! to them.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::engine::{self, settings, Plan, PyVersion, Scenario};

mod view;
use crate::links;
pub use view::{page, panel, PAGE};

/// The harness's results, one row per measured figure.
const RESULTS: &str = include_str!("../validation/results.csv");
/// Where and how they were measured (`key,value` rows).
const ABOUT: &str = include_str!("../validation/about.csv");
/// Where the figures for builds that cannot be measured here come from.
const LITERATURE: &str = "../shared/calibration/literature.md";

/// What a row measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// The speedup over the sequential program.
    Speedup,
    /// The program's wall time, in ms.
    MakespanMs,
    /// The mean latency of the task group named "probe"'s repetitions, in ms.
    LatencyMs,
}

/// One measured figure beside the simulator's prediction for the same scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Which set of measurements: `preset`, `kind` (many calls of one kind of I/O) or
    /// `convoy` (a probe thread beside CPU-bound threads).
    pub source: String,
    /// The workload: a preset's name, or the kind of I/O.
    pub preset: String,
    /// The model (for convoy rows, the threads and the switch interval too).
    pub model: String,
    /// The CPython it ran on.
    pub python: String,
    /// The scenario, as a link's query: what the simulator is asked.
    pub settings: String,
    /// What was measured.
    pub metric: Metric,
    /// The measurement (median of the harness's runs).
    pub measured: f64,
    /// The simulator's prediction when the harness ran.
    pub predicted: f64,
    /// (predicted − measured) / measured, when the harness ran.
    pub error: f64,
    /// How far the prediction may be from the measurement, as a fraction of it.
    pub tolerance: f64,
    /// The share of the machine other processes used while it was measured.
    pub foreign_load: f64,
    /// Why a row is outside its target, if it is.
    pub note: String,
}

impl Row {
    /// The scenario the row measured, as the engine runs it.
    pub fn plan(&self) -> Result<Plan, String> {
        let s = settings::apply(&Scenario::default(), &links::decode(&self.settings))
            .map_err(|e| e.to_string())?;
        Plan::new(&s).map_err(|e| e.to_string())
    }

    /// What the engine predicts for the row's scenario now.
    pub fn predict(&self) -> Result<f64, String> {
        let outcome = engine::run(&self.plan()?).map_err(|e| e.to_string())?;
        let m = &outcome.metrics;
        Ok(match self.metric {
            Metric::Speedup => m.speedup,
            Metric::MakespanMs => m.makespan_s * 1e3,
            Metric::LatencyMs => {
                let probe = m.groups.iter().find(|g| g.name == "probe");
                probe
                    .ok_or("the scenario has no group named probe")?
                    .mean_latency_s
                    * 1e3
            }
        })
    }

    /// How far `predicted` is from the measurement, as a fraction of it.
    pub fn error_of(&self, predicted: f64) -> f64 {
        (predicted - self.measured) / self.measured
    }
}

/// Every committed row.
pub fn rows() -> Result<Vec<Row>, String> {
    csv::Reader::from_reader(RESULTS.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .map_err(|e| format!("validation/results.csv: {e}"))
}

/// Where and how the rows were measured, as (key, value) pairs.
pub fn about() -> Result<Vec<(String, String)>, String> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(ABOUT.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .map_err(|e| format!("validation/about.csv: {e}"))
}

/// What the Lab's figures for a Python build rest on, when it cannot run here.
fn estimate(version: PyVersion) -> &'static str {
    match version {
        PyVersion::V311 => "measured: see the rows",
        PyVersion::V312 | PyVersion::V313 => {
            "estimate: 3.11's measured costs (no figures of its own here)"
        }
        PyVersion::V313t => {
            "estimate: 3.11's costs with pure Python about 40 % slower (free-threading howto, 3.13)"
        }
        PyVersion::V314 => {
            "estimate: 3.11's costs, forkserver by default, a subinterpreter started in about 19 ms"
        }
        PyVersion::V314t => {
            "estimate: 3.11's costs with pure Python about 10 % slower (What's New in 3.14)"
        }
    }
}

/// How to measure the rows again.
const REPRODUCE: &str = "./lab validate (validation/run.py; minutes): runs the Lab's own \
Python programs on this machine's python3 and writes validation/results.csv and results.md";

/// The evidence as the app shows it: a header (the machine, the date, how to reproduce), every
/// row with the engine's prediction now, and what the builds that cannot be measured here rest
/// on.
pub fn evidence() -> Result<Value, String> {
    let mut header: serde_json::Map<String, Value> = about()?
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    header.insert("reproduce".into(), json!(REPRODUCE));
    let rows = rows()?
        .into_iter()
        .map(|r| {
            let now = r.predict()?;
            let mut v = serde_json::to_value(&r).map_err(|e| e.to_string())?;
            v["predicted_now"] = json!(now);
            v["error_now"] = json!(r.error_of(now));
            Ok(v)
        })
        .collect::<Result<Vec<_>, String>>()?;
    let builds: Vec<Value> = <PyVersion as engine::Named>::all()
        .iter()
        .map(|&v| {
            let source = match v {
                PyVersion::V311 => "validation/results.md",
                _ => LITERATURE,
            };
            json!({"python": engine::Named::name(v), "basis": estimate(v), "source": source})
        })
        .collect();
    Ok(json!({ "header": header, "rows": rows, "builds": builds }))
}
