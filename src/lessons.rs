//! Guided lessons: data files in `lessons/`, compiled in at build time, parsed and checked here.
//!
//! A lesson has steps; a step has text (Markdown in the file, HTML once compiled), the scenario it loads (settings on top of the
//! defaults, with the same keys as URLs), and optionally a prediction to answer before the run
//! and a challenge to solve by changing the setup. Everything a lesson claims is checked against
//! the engine by [`check`], which the test suite runs on every file.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::engine::{self, settings, Metrics, Plan, Scenario};

pub mod progress;
#[cfg(not(target_arch = "wasm32"))]
pub mod source;

// Native builds carry the lessons (the CLI, the checker); the browser fetches them as one file
// (`lessons.json`, written by `conclab lessons --json`), so they cost the wasm nothing.
#[cfg(not(target_arch = "wasm32"))]
mod files {
    include!(concat!(env!("OUT_DIR"), "/lesson_files.rs"));
}

/// Settings as `key = value`, in URL keys, values as strings (the build writes `workers = 4` as
/// `"4"`; see [`source`]).
pub type Settings = BTreeMap<String, String>;

/// A metric a prediction or challenge can talk about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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
    /// The metric's value in `m`.
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

    /// How a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            MetricName::Speedup => "speedup",
            MetricName::MakespanS => "makespan (s)",
            MetricName::ThroughputPerS => "throughput (tasks/s)",
            MetricName::CpuUtilization => "core use (0–1)",
            MetricName::GilWaitFraction => "GIL wait (0–1)",
            MetricName::PeakMemoryBytes => "peak memory (bytes)",
            MetricName::P99LatencyS => "p99 latency (s)",
            MetricName::FirstGroupP50Ms => "first group's median repetition (ms)",
        }
    }
}

/// A multiple-choice question answered before the run.
#[derive(Debug, Clone, PartialEq, Deserialize)]
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

/// One condition of a challenge: a metric or a setting within bounds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// A metric to bound.
    #[serde(default)]
    pub metric: Option<MetricName>,
    /// Or a setting to bound (`cores`, `workers`, …), as a number.
    #[serde(default)]
    pub setting: Option<String>,
    /// Lowest allowed value.
    #[serde(default)]
    pub min: Option<f64>,
    /// Highest allowed value.
    #[serde(default)]
    pub max: Option<f64>,
}

/// A goal to reach by changing the setup.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Challenge {
    /// The goal in words.
    pub goal: String,
    /// All must hold.
    pub conditions: Vec<Condition>,
    /// How many settings a tidy solution changes.
    pub par: u32,
    /// Hints, revealed one at a time.
    pub hints: Vec<String>,
    /// Settings that solve it, applied on top of the step's scenario.
    pub solution: Settings,
}

/// One step of a lesson.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The step's text as HTML, rendered from the file's Markdown at build time.
    pub text: String,
    /// The scenario loaded with this step.
    pub scenario: Settings,
    /// A question to answer before running.
    #[serde(default)]
    pub predict: Option<Prediction>,
    /// A goal to reach.
    #[serde(default)]
    pub challenge: Option<Challenge>,
}

/// A lesson file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
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

/// A setting's value in force in `plan` (the library's default where the scenario leaves it
/// unset), as a number.
fn setting_value(plan: &Plan, key: &str) -> Option<f64> {
    settings::find(key).and_then(|d| d.get(&plan.resolved()).as_number())
}

impl Challenge {
    /// Whether `s`, run with metrics `m`, meets every condition; and the conditions not met.
    pub fn unmet(&self, s: &Plan, m: &Metrics) -> Vec<String> {
        self.conditions
            .iter()
            .filter_map(|c| {
                let (name, value) = match (&c.metric, &c.setting) {
                    (Some(metric), _) => (metric.label().to_string(), metric.of(m)),
                    (None, Some(key)) => (key.clone(), setting_value(s, key).unwrap_or(f64::NAN)),
                    (None, None) => return Some("a condition names nothing".into()),
                };
                // A value that is not a number (an unknown setting) meets no bound.
                let within =
                    c.min.is_none_or(|min| value >= min) && c.max.is_none_or(|max| value <= max);
                (!within).then(|| match (c.min, c.max) {
                    (Some(a), Some(b)) => format!("{name} must be from {a} to {b}"),
                    (Some(a), None) => format!("{name} must be at least {a}"),
                    (_, Some(b)) => format!("{name} must be at most {b}"),
                    (None, None) => format!("{name} has no bound"),
                })
            })
            .collect()
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

/// Every lesson as one JSON array, in file order: the file the browser loads.
#[cfg(not(target_arch = "wasm32"))]
pub fn bundle() -> String {
    let each: Vec<&str> = files::FILES.iter().map(|(_, json)| *json).collect();
    format!("[{}]", each.join(","))
}

/// Reads the lessons back from [`bundle`]'s form. A lesson that does not parse (a file from
/// another version) is left out rather than taking the others with it.
pub fn from_bundle(json: &str) -> Result<Vec<Lesson>, String> {
    let all: Vec<serde_json::Value> =
        serde_json::from_str(json).map_err(|e| format!("the lessons could not be read: {e}"))?;
    Ok(all
        .into_iter()
        .filter_map(|v| serde_json::from_value::<Lesson>(v).ok())
        .filter(|l| !l.steps.is_empty())
        .collect())
}

/// Checks a lesson against the engine: its scenarios run, each prediction's answer is what the
/// engine gives, and each challenge's start fails its goal while its solution meets it.
pub fn check(name: &str, l: &Lesson) -> Vec<String> {
    let mut errors = Vec::new();
    let mut err = |e: String| errors.push(format!("{name}: {e}"));
    if l.id.is_empty()
        || !l
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        err(format!(
            "id '{}' must be lowercase letters, digits and dashes",
            l.id
        ));
    }
    if l.steps.is_empty() {
        err("a lesson needs at least one step".into());
    }
    for (i, step) in l.steps.iter().enumerate() {
        let at = format!("step {}", i + 1);
        let s = match step
            .scenario()
            .and_then(|s| Plan::new(&s).map_err(|e| e.to_string()))
        {
            Ok(s) => s,
            Err(e) => {
                err(format!("{at}: scenario: {e}"));
                continue;
            }
        };
        let out = match engine::run(&s) {
            Ok(o) => o,
            Err(e) => {
                err(format!("{at}: the scenario does not run: {e}"));
                continue;
            }
        };
        if let Some(p) = &step.predict {
            if p.choices.len() < 2
                || p.choices.len() != p.ranges.len()
                || p.answer >= p.choices.len()
            {
                err(format!(
                    "{at}: a prediction needs 2+ choices, one range each, and an answer among them"
                ));
            } else {
                let v = p.metric.of(&out.metrics);
                let hits: Vec<usize> = (0..p.ranges.len())
                    .filter(|&c| v >= p.ranges[c][0] && v < p.ranges[c][1])
                    .collect();
                if hits != [p.answer] {
                    err(format!(
                        "{at}: the engine gives {} = {v:.3}, which is choice(s) {hits:?}, not {}",
                        p.metric.label(),
                        p.answer
                    ));
                }
            }
        }
        if let Some(c) = &step.challenge {
            if c.unmet(&s, &out.metrics).is_empty() {
                err(format!(
                    "{at}: the challenge is already met by its starting setup"
                ));
            }
            match settings::apply(s.scenario(), &pairs(&c.solution))
                .and_then(|solved| Plan::new(&solved))
                .map_err(|e| e.to_string())
                .and_then(|solved| engine::run(&solved).map_err(|e| e.to_string()))
            {
                Ok(o) => {
                    let unmet = c.unmet(&o.plan, &o.metrics);
                    if !unmet.is_empty() {
                        err(format!(
                            "{at}: the solution does not meet the goal: {}",
                            unmet.join("; ")
                        ));
                    }
                }
                Err(e) => err(format!("{at}: solution: {e}")),
            }
            if c.hints.is_empty() {
                err(format!("{at}: a challenge needs at least one hint"));
            }
        }
    }
    errors
}
