//! Plain-language findings derived from the metrics, and a recommendation that follows the
//! decision tree of the seed article "Choosing the Right Tool": what kind of work is it, how
//! much concurrency does it need, and is the CPU work pure Python or C that releases the GIL?

use serde::Serialize;

use super::metrics::Metrics;
use super::plan::Plan;
use super::scenario::ModelKind;
use super::trace::State;
use crate::format;

mod recommendation;
pub use recommendation::{recommendation, Recommendation};

/// What a run shows, in sentences about the model that ran.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnosis {
    /// Findings, most important first, each one sentence.
    pub findings: Vec<String>,
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
    format::percent(x)
}

fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(c).collect())
}

/// What the findings say of part of a run in which nothing stands out (a whole run always has
/// its speedup, or the baseline's, to report).
pub const NOTHING_YET: &str = "Nothing stands out yet: watch the lanes.";

/// Findings about plan `s`'s run with metrics `m` (the whole run, or the part up to a cursor),
/// each a sentence about the model that ran; never none.
pub fn diagnose(s: &Plan, m: &Metrics) -> Diagnosis {
    let mut f = Vec::new();
    let model = s.model();
    let name = capitalised(model.noun());
    if let Some(d) = &m.deadlock {
        // No speedup to speak of: the program would hang here.
        f.push(format!(
            "The tasks deadlocked {}: each waits for a lock another holds, so the program would hang here. Taking the locks in one order everywhere makes this impossible.",
            d.describe()
        ));
    } else if model == ModelKind::Sequential && m.complete {
        // Without this a plain run that went as expected had nothing to say at its end.
        f.push("Sequential code ran the tasks one after another, on one core at a time: the baseline (1×) every other model's speedup is measured against.".into());
    } else if m.complete {
        let x = format::speedup(m.speedup);
        if m.speedup >= 1.1 {
            f.push(format!(
                "{name} finished {x} as fast as running the tasks one after another."
            ));
        } else if m.speedup <= 0.9 {
            f.push(format!("{name} was slower than plain sequential code ({x}): its overhead outweighed what it gained."));
        } else {
            f.push(format!("{name} gained nothing over sequential code ({x})."));
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
        let who = match model {
            // A pool's only threads sharing a GIL are the parent's task and result handlers.
            ModelKind::Processes | ModelKind::AsyncioProcesses | ModelKind::Interpreters => {
                "The pool's handler threads in the parent"
            }
            ModelKind::AsyncioThreads => "The event loop and its executor threads",
            _ => "Threads",
        };
        f.push(format!(
            "{who} spent {} of their time waiting for the GIL: only one thread at a time can run Python code.",
            pct(m.gil_wait_fraction)
        ));
    }
    if m.lock_wait_fraction >= 0.2 {
        f.push(format!(
            "Workers spent {} of their time waiting for a lock the program takes: only one at a time can hold it, GIL or no GIL, so the work inside it runs one piece after another.",
            pct(m.lock_wait_fraction)
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
    if f.is_empty() {
        // Early in a run nothing may have happened yet that deserves a sentence; an empty panel
        // would look broken.
        f.push(NOTHING_YET.into());
    }
    Diagnosis { findings: f }
}
