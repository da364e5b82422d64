//! Helpers shared by the integration tests.

use concurrency_lab::engine::{self, presets, settings, ModelKind, Outcome, Plan, Scenario};

/// Whether `model` runs preset `preset`: the interpreters model shares no lock between
/// interpreters, so it refuses the presets whose tasks take one; only sequential code,
/// threads, processes and asyncio run a pipeline.
pub fn runs(preset: &str, model: ModelKind) -> bool {
    let workload = presets::find(preset).expect("a preset").workload();
    let locks = workload.groups.iter().any(|g| !g.lock.is_empty());
    let pipeline = workload.groups.iter().any(|g| g.put.is_some());
    let runs_pipelines = matches!(
        model,
        ModelKind::Sequential | ModelKind::Threads | ModelKind::Processes | ModelKind::Asyncio
    );
    let shares_locks = !locks || model != ModelKind::Interpreters;
    shares_locks && (!pipeline || runs_pipelines)
}

/// Builds a scenario from `key=value` settings, as a URL or the CLI would.
pub fn scenario(settings: &str) -> Scenario {
    let pairs: Vec<(String, String)> = settings
        .split_whitespace()
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("key=value");
            (k.to_string(), v.to_string())
        })
        .collect();
    settings::apply(&Scenario::default(), &pairs)
        .unwrap_or_else(|e| panic!("bad test scenario '{settings}': {e}"))
}

/// The plan of a scenario the test knows to be valid.
pub fn plan(s: &Scenario) -> Plan {
    Plan::new(s).unwrap_or_else(|e| panic!("bad test scenario {s:?}: {e}"))
}

/// Runs a scenario the test knows to be valid and small.
pub fn run_scenario(s: &Scenario) -> Outcome {
    engine::run(&plan(s)).unwrap_or_else(|e| panic!("run {s:?} failed: {e}"))
}

/// Runs a scenario given as settings.
pub fn run(settings: &str) -> Outcome {
    run_scenario(&scenario(settings))
}

/// The rendered rows of the lanes whose names start with `prefix`, as (name, row).
pub fn rows(o: &Outcome, step_ns: u64, prefix: &str) -> Vec<(String, String)> {
    o.trace
        .render_text(step_ns)
        .lines()
        .filter_map(|line| {
            let (name, rest) = line.split_once('|')?;
            let name = name.trim().to_string();
            name.starts_with(prefix)
                .then(|| (name, rest.trim_end_matches('|').to_string()))
        })
        .collect()
}
