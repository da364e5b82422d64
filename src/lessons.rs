//! Guided lessons: data files in `lessons/`, compiled in at build time, parsed and checked here.
//!
//! A lesson has steps; a step has text (Markdown in the file, HTML once compiled, with
//! highlights that point at lanes and moments), the scenario it loads (settings on top of the
//! defaults, with the same keys as URLs), the controls it is about, and optionally a prediction
//! to answer before the run and a challenge to solve by changing the setup. Everything a lesson
//! claims is checked against the engine by [`check()`], which the test suite runs on every file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::settings::{self, Def};
use crate::engine::trace::{Lane, LaneKind};
use crate::engine::{Metrics, ModelKind, Scenario};
use crate::format;

mod challenge;
mod check;
pub use challenge::{Challenge, Condition, Shortcut};
pub use check::check;
pub mod progress;
#[cfg(not(target_arch = "wasm32"))]
pub mod source;

// Native builds carry the lessons (the CLI, the checker); the browser fetches them as one file
// (`lessons.bin`, written by `conclab lessons --bundle`), so they cost the wasm nothing.
#[cfg(not(target_arch = "wasm32"))]
mod files {
    include!(concat!(env!("OUT_DIR"), "/lesson_files.rs"));
}

/// Settings as `key = value`, in URL keys, values as strings (the build writes `workers = 4` as
/// `"4"`; see [`source`]).
pub type Settings = BTreeMap<String, String>;

/// A metric a prediction or challenge can talk about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricName {
    /// Speedup over sequential.
    Speedup,
    /// Makespan, seconds.
    MakespanS,
    /// Tasks per second.
    ThroughputPerS,
    /// Core use, 0–1.
    CpuUtilization,
    /// GIL wait share, 0–1.
    GilWaitFraction,
    /// Peak memory, bytes.
    PeakMemoryBytes,
    /// 99th-percentile latency, seconds.
    P99LatencyS,
    /// The first task group's median time for one repetition (loop iteration), milliseconds.
    FirstGroupP50Ms,
}

impl MetricName {
    /// The metric's value in `m`, in the unit its key names (the unit files write bounds in).
    pub fn of(self, m: &Metrics) -> f64 {
        match self {
            MetricName::Speedup => m.speedup,
            MetricName::MakespanS => m.makespan_s,
            MetricName::ThroughputPerS => m.throughput_per_s,
            MetricName::CpuUtilization => m.cpu_utilization,
            MetricName::GilWaitFraction => m.gil_wait_fraction,
            MetricName::PeakMemoryBytes => m.peak_memory_bytes as f64,
            MetricName::P99LatencyS => m.p99_latency_s,
            MetricName::FirstGroupP50Ms => m.groups.first().map_or(0.0, |g| g.p50_latency_s * 1e3),
        }
    }

    /// How the results panel calls it: "core use".
    pub fn label(self) -> &'static str {
        match self {
            MetricName::Speedup => "speedup",
            MetricName::MakespanS => "makespan",
            MetricName::ThroughputPerS => "throughput",
            MetricName::CpuUtilization => "core use",
            MetricName::GilWaitFraction => "GIL wait",
            MetricName::PeakMemoryBytes => "peak memory",
            MetricName::P99LatencyS => "p99 latency",
            MetricName::FirstGroupP50Ms => "median repetition of the first group",
        }
    }

    /// A value of this metric (in its key's unit) as the results panel writes it: "50%",
    /// "1.20 s", "3.00×", "100 MB".
    pub fn show(self, value: f64) -> String {
        match self {
            MetricName::Speedup => format::speedup(value),
            MetricName::MakespanS | MetricName::P99LatencyS => format::duration(value),
            MetricName::FirstGroupP50Ms => format::duration(value / 1e3),
            MetricName::ThroughputPerS => format::rate(value),
            MetricName::CpuUtilization | MetricName::GilWaitFraction => format::percent(value),
            // Bounds in files are whole bytes; a negative one would be a mistake the checker
            // reports anyway.
            MetricName::PeakMemoryBytes => format::bytes(value.max(0.0) as u64),
        }
    }
}

/// A multiple-choice question answered before the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prediction {
    /// The question.
    pub question: String,
    /// The choices.
    pub choices: Vec<String>,
    /// The metric the choices are about.
    pub metric: MetricName,
    /// For each choice, the `[low, high)` range of the metric it stands for.
    pub ranges: Vec<[f64; 2]>,
    /// The index of the right choice: the engine's value must fall in its range.
    pub answer: usize,
    /// Why, shown after the run, as HTML rendered from the file's Markdown.
    pub explain: String,
}

/// One step of a lesson.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The step's text as HTML, rendered from the file's Markdown at build time. Links to
    /// `lane:…` and `time:…` are highlights (see [`source`]): `<a class="ref" data-lane="gil">`
    /// and `<a class="ref" data-time="5000000">` (nanoseconds).
    pub text: String,
    /// The scenario loaded with this step.
    pub scenario: Settings,
    /// The settings (by key) whose controls this step shows, in order; the rest stay behind
    /// "More settings". `None`: the whole panel for the model.
    #[serde(default)]
    pub controls: Option<Vec<String>>,
    /// A question to answer before running.
    #[serde(default)]
    pub predict: Option<Prediction>,
    /// A goal to reach.
    #[serde(default)]
    pub challenge: Option<Challenge>,
}

/// A lesson file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Stable identifier used in URLs and saved progress.
    pub id: String,
    /// Title.
    pub title: String,
    /// What the learner will be able to say afterwards, in one line.
    pub goal: String,
    /// The steps.
    pub steps: Vec<Step>,
}

/// Turns settings into `key=value` pairs.
pub fn pairs(settings: &Settings) -> Vec<(String, String)> {
    settings
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

impl Step {
    /// The step's scenario.
    pub fn scenario(&self) -> Result<Scenario, String> {
        settings::apply(&Scenario::default(), &pairs(&self.scenario)).map_err(|e| e.to_string())
    }
}

/// Whether the setup panel has a control for setting `key` while `s` is loaded: the pool's
/// knobs only for models with that pool, the single-kind workload only without task groups.
/// Lessons are checked against it, so that a step never tells a learner to use a control that
/// its model does not show.
pub fn control_applies(key: &str, s: &Scenario) -> bool {
    use settings::{
        BLOCKING, CEXT_MS, CHUNKSIZE, CPU_MS, IO_CALL_US, IO_MS, LIMIT, PAYLOAD_BYTES,
        RESULT_BYTES, START_METHOD, TASKS, WORKERS,
    };
    let Some(def) = settings::find(key) else {
        return false;
    };
    // Rows are told apart by identity, so no setting's name is written twice.
    let is = |rows: &[&Def<Scenario>]| rows.iter().any(|row| std::ptr::eq(def, *row));
    let kind = s.model.kind;
    if is(&[
        &TASKS,
        &IO_MS,
        &CPU_MS,
        &CEXT_MS,
        &PAYLOAD_BYTES,
        &RESULT_BYTES,
    ]) {
        s.workload.groups.is_empty()
    } else if is(&[&WORKERS]) {
        kind.has_workers()
    } else if is(&[&START_METHOD]) {
        kind.has_processes()
    } else if is(&[&CHUNKSIZE]) {
        kind == ModelKind::Processes
    } else if is(&[&LIMIT]) {
        kind.is_async()
    } else if is(&[&BLOCKING]) {
        kind == ModelKind::Asyncio
    } else {
        // Set only from links and files: the panel has no control for it.
        !is(&[&IO_CALL_US])
    }
}

/// The words a highlight (`lane:WHAT`) uses for every lane of a kind.
pub const LANE_KINDS: [(&str, LaneKind); 5] = [
    ("gil", LaneKind::Gil),
    ("thread", LaneKind::Thread),
    ("process", LaneKind::Process),
    ("loop", LaneKind::EventLoop),
    ("core", LaneKind::Core),
];

/// Whether the highlight `lane:WHAT` points at `lane`: a word of [`LANE_KINDS`] names every
/// lane of its kind, anything else the lane with exactly that name ("Thread 2", "GIL (main)").
pub fn highlights(what: &str, lane: &Lane) -> bool {
    match LANE_KINDS.iter().find(|(word, _)| *word == what) {
        Some((_, kind)) => lane.kind == *kind,
        None => lane.name == what,
    }
}

/// How many settings differ between two scenarios (a challenge's score; lower is tidier).
pub fn changes(from: &Scenario, to: &Scenario) -> u32 {
    settings::differences(from, to).len() as u32
}

/// Parses one compiled lesson (JSON, see [`source`]); errors name the file and the reason.
pub fn parse(name: &str, json: &str) -> Result<Lesson, String> {
    serde_json::from_str(json).map_err(|e| format!("{name}: {e}"))
}

/// Every lesson compiled into the build, in file order. A malformed file is a test failure
/// (`check`), so at run time it can only have been left out, never crash the page.
#[cfg(not(target_arch = "wasm32"))]
pub fn all() -> Vec<Lesson> {
    files::FILES
        .iter()
        .filter_map(|(name, text)| parse(name, text).ok())
        .filter(|l| !l.steps.is_empty())
        .collect()
}

/// The lesson files compiled in, as (file name, JSON).
#[cfg(not(target_arch = "wasm32"))]
pub fn files() -> &'static [(&'static str, &'static str)] {
    files::FILES
}

/// Every lesson as one JSON array, in file order, one lesson per line: what
/// `conclab lessons --json` prints.
#[cfg(not(target_arch = "wasm32"))]
pub fn bundle() -> String {
    let each: Vec<&str> = files::FILES.iter().map(|(_, json)| *json).collect();
    format!("[\n{}\n]", each.join(",\n"))
}

/// Every lesson in the form the browser loads (`lessons.bin`, written by
/// `conclab lessons --bundle`): postcard's compact binary rather than JSON, whose reader for
/// the lesson types would cost the lessons page 5 KB of compressed wasm. Each lesson is a
/// record of its own, so that [`from_bundle`] can leave out one it cannot read.
#[cfg(not(target_arch = "wasm32"))]
pub fn bundle_bytes() -> Vec<u8> {
    let records: Vec<Vec<u8>> = all()
        .iter()
        .map(|l| postcard::to_allocvec(l).expect("lessons serialise"))
        .collect();
    postcard::to_allocvec(&records).expect("lessons serialise")
}

/// Reads the lessons back from [`bundle_bytes`]' form. A lesson that does not read (a file from
/// another version) is left out rather than taking the others with it; a file with no lesson
/// at all is an error.
pub fn from_bundle(bytes: &[u8]) -> Result<Vec<Lesson>, String> {
    let records: Vec<Vec<u8>> = postcard::from_bytes(bytes).unwrap_or_default();
    let all: Vec<Lesson> = records
        .iter()
        .filter_map(|r| postcard::from_bytes::<Lesson>(r).ok())
        .filter(|l| !l.steps.is_empty())
        .collect();
    if all.is_empty() {
        return Err("the lessons could not be read (the file holds none)".into());
    }
    Ok(all)
}
