//! Plain-language findings derived from the metrics, and a recommendation that follows the
//! decision tree of the seed article "Choosing the Right Tool": what kind of work is it, how
//! much concurrency does it need, and is the CPU work pure Python or C that releases the GIL?

use serde::Serialize;

use super::metrics::Metrics;
use super::names::Named;
use super::plan::Plan;
use super::scenario::ModelKind;
use super::trace::State;

/// What the engine concludes from a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnosis {
    /// Findings, most important first, each one sentence.
    pub findings: Vec<String>,
    /// The model the decision tree points to for this workload.
    pub recommended: ModelKind,
    /// Why, in one or two sentences.
    pub recommendation: String,
}

/// What kind of work a task mostly does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkKind {
    /// Mostly waiting.
    IoBound,
    /// Mostly pure-Python calculation.
    CpuBound,
    /// Mostly C code that releases the GIL.
    CextBound,
    /// Both waiting and calculating in earnest.
    Mixed,
}

/// Classifies the workload by the time one task spends in each phase: one kind of work must
/// take three times as long as the other to dominate.
pub fn work_kind(s: &Plan) -> WorkKind {
    let (io, cpu, cext) = s.mean_phases();
    let compute = cpu + cext;
    if io >= 3.0 * compute {
        WorkKind::IoBound
    } else if compute >= 3.0 * io {
        if cext >= cpu {
            WorkKind::CextBound
        } else {
            WorkKind::CpuBound
        }
    } else {
        WorkKind::Mixed
    }
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn recommend(s: &Plan) -> (ModelKind, String) {
    let tasks = s.total_tasks();
    let (_, cpu_ms, _) = s.mean_phases();
    match work_kind(s) {
        WorkKind::IoBound if tasks >= 1000 => (
            ModelKind::Asyncio,
            "Mostly waiting, with thousands of things in flight: asyncio keeps them all on one thread at a couple of kilobytes each.".into(),
        ),
        WorkKind::IoBound => (
            ModelKind::Asyncio,
            "Mostly waiting: asyncio for new code; a thread pool if the code must keep using blocking libraries.".into(),
        ),
        WorkKind::CpuBound if s.python().free_threaded() => (
            ModelKind::Threads,
            "Mostly pure-Python calculation on a free-threaded build: threads run it in parallel without pickling anything.".into(),
        ),
        WorkKind::CpuBound if cpu_ms < 1.0 => (
            ModelKind::Processes,
            "Pure-Python calculation in tiny tasks: a process pool helps only with a large chunksize, or batch the work yourself.".into(),
        ),
        WorkKind::CpuBound => (
            ModelKind::Processes,
            "Mostly pure-Python calculation: only separate processes (each with its own GIL) use more than one core.".into(),
        ),
        WorkKind::CextBound => (
            ModelKind::Threads,
            "Mostly C code that releases the GIL (NumPy and friends): plain threads run it in parallel.".into(),
        ),
        WorkKind::Mixed => (
            ModelKind::AsyncioProcesses,
            "Waiting and calculating: await the I/O on an event loop and send the calculation to a process pool with run_in_executor.".into(),
        ),
    }
}

/// Derives findings and the recommendation for scenario `s` with metrics `m`.
pub fn diagnose(s: &Plan, m: &Metrics) -> Diagnosis {
    let mut f = Vec::new();
    let name = s.model().name();
    if s.model() != ModelKind::Sequential {
        if m.speedup >= 1.1 {
            f.push(format!(
                "{name} finished {:.1}× faster than running the tasks one after another.",
                m.speedup
            ));
        } else if m.speedup <= 0.9 {
            f.push(format!("{name} was slower than plain sequential code ({:.2}×): its overhead outweighed what it gained.", m.speedup));
        } else {
            f.push(format!(
                "{name} gained nothing over sequential code ({:.2}×).",
                m.speedup
            ));
        }
    }
    let busy: f64 = m
        .state_times
        .iter()
        .filter(|t| t.state != State::Idle)
        .map(|t| t.seconds)
        .sum();
    let share = |st: &[State]| {
        if busy > 0.0 {
            st.iter().map(|&x| m.time_in(x)).sum::<f64>() / busy
        } else {
            0.0
        }
    };
    if m.gil_wait_fraction >= 0.2 {
        f.push(format!(
            "Threads spent {} of their time waiting for the GIL: only one thread at a time can run Python code.",
            pct(m.gil_wait_fraction)
        ));
    }
    let starting = share(&[State::Starting]);
    if starting >= 0.2 {
        f.push(format!("Starting workers took {} of all the work: the tasks were too few or too short to pay for it.", pct(starting)));
    }
    let pickling = share(&[State::Pickling, State::Unpickling]);
    if pickling >= 0.15 {
        f.push(format!(
            "Pickling data to and from worker processes took {} of all the work.",
            pct(pickling)
        ));
    }
    let (io_ms, _, _) = s.mean_phases();
    if s.model() == ModelKind::Asyncio && s.scenario().model.blocking && io_ms > 0.0 {
        f.push("The coroutines made blocking calls, so the event loop stood still during every wait and the tasks ran one after another.".into());
    }
    let core_wait = share(&[State::WaitingCore]);
    if core_wait >= 0.15 {
        f.push(format!(
            "Runnable workers outnumbered the cores and spent {} of their time waiting for one.",
            pct(core_wait)
        ));
    }
    if m.cpu_utilization < 0.25 && io_ms > 0.0 {
        f.push(format!(
            "The cores were busy only {} of the time: the program mostly waits.",
            pct(m.cpu_utilization)
        ));
    }
    if m.groups.len() > 1 {
        if let Some(g) = m
            .groups
            .iter()
            .filter(|g| g.gil_wait_fraction >= 0.2)
            .max_by(|a, b| a.gil_wait_fraction.total_cmp(&b.gil_wait_fraction))
        {
            f.push(format!(
                "The '{}' tasks spent {} of their time waiting for the GIL held by other work in the same interpreter.",
                g.name,
                pct(g.gil_wait_fraction)
            ));
        }
    }
    let (recommended, recommendation) = recommend(s);
    Diagnosis {
        findings: f,
        recommended,
        recommendation,
    }
}
