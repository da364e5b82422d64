//! The model to recommend for a workload, from what every model achieved on it: the fastest,
//! or a simpler one within 3% of it. The words say which rule chose it, so a recommendation
//! never seems to contradict the Compare panel's "fastest".

use serde::Serialize;

use super::{work_kind, WorkKind};
use crate::engine::plan::Plan;
use crate::engine::scenario::ModelKind;
use crate::engine::{Brief, Named};
use crate::format;

/// The model that does best on a workload, as the engine measured it, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// The model.
    pub model: ModelKind,
    /// Its speedup over sequential code on this workload.
    pub speedup: f64,
    /// Why, in two or three sentences: the kind of work, then how it compares with the fastest
    /// or with the simpler models.
    pub why: String,
}

/// How much simpler a model is to write and run than another, for ties: plain code first, then
/// one pool, then an event loop, then the hybrids.
fn simplicity(m: ModelKind) -> u8 {
    match m {
        ModelKind::Sequential => 0,
        ModelKind::Threads => 1,
        ModelKind::Asyncio => 2,
        ModelKind::Processes => 3,
        ModelKind::Interpreters => 4,
        ModelKind::AsyncioThreads => 5,
        ModelKind::AsyncioProcesses => 6,
    }
}

/// Speedups within this share of the best count as a tie, won by the simpler model.
const TIE: f64 = 0.03;

/// What a model asks of the person writing the program beyond plain code, each worded as what
/// a model without it spares them.
fn burdens(m: ModelKind) -> &'static [&'static str] {
    const LOOP: &str = "no event loop to write";
    const THREADS: &str = "no thread pool to manage";
    const PROCESSES: &str = "no processes to start";
    const INTERPRETERS: &str = "no 3.14-only interpreter pool";
    const PICKLING: &str = "no data to pickle";
    match m {
        ModelKind::Sequential => &[],
        ModelKind::Threads => &[THREADS],
        ModelKind::Asyncio => &[LOOP],
        ModelKind::Processes => &[PROCESSES, PICKLING],
        ModelKind::Interpreters => &[INTERPRETERS, PICKLING],
        ModelKind::AsyncioThreads => &[LOOP, THREADS],
        ModelKind::AsyncioProcesses => &[LOOP, PROCESSES, PICKLING],
    }
}

/// What `simpler` spares compared with `other`: "no event loop to write and no processes to
/// start".
fn spared(simpler: ModelKind, other: ModelKind) -> String {
    let items: Vec<&str> = burdens(other)
        .iter()
        .filter(|b| !burdens(simpler).contains(b))
        .copied()
        .collect();
    match items.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Why `winner` does best on the work of `s`: the decision tree of the seed article "Choosing
/// the Right Tool", in the words of the model that won.
fn why(s: &Plan, winner: ModelKind) -> &'static str {
    let kind = work_kind(s);
    match winner {
        ModelKind::Sequential => "No model does much better than plain sequential code here: what each would save is eaten up by what it costs (starting workers, pickling, handing work over), so stay synchronous.",
        ModelKind::Asyncio if s.total_tasks() >= 1000 => "Mostly waiting, with thousands of things in flight: one event loop keeps them all on one thread at about a kilobyte each.",
        ModelKind::Asyncio => "Mostly waiting: one event loop overlaps every wait on a single thread, while a thread pool overlaps only as many waits as it has threads (size it up instead where the code must keep its blocking libraries).",
        ModelKind::Threads if kind == WorkKind::CextBound => "Mostly C code that releases the GIL (NumPy and friends): plain threads run it in parallel.",
        ModelKind::Threads if s.python().free_threaded() => "A free-threaded build: threads run pure Python in parallel, with nothing to pickle.",
        ModelKind::Threads => "Threads overlap the waits, and the Python between them is short enough for one GIL.",
        ModelKind::Processes if s.mean_phases().1 < 1.0 => "Pure-Python calculation in tiny tasks: a process pool pays off only because Pool.map sends them in large chunks.",
        ModelKind::Processes => "Mostly pure-Python calculation: only separate processes, each with its own GIL, use more than one core.",
        ModelKind::Interpreters => "Pure-Python calculation on 3.14: each interpreter has its own GIL, without a process of its own.",
        ModelKind::AsyncioThreads => "An event loop with a thread pool for the blocking parts: the waits overlap and the loop never stalls.",
        ModelKind::AsyncioProcesses => "Waiting and calculating: the event loop overlaps the waits and a process pool runs the calculation in parallel.",
    }
}

/// At this share of the work done holding a lock, the lock bounds the speedup, not the model.
const LOCK_BOUND: f64 = 0.5;

/// Why, when the program's own locks decide it rather than the kind of work: groups taking
/// locks in opposite orders, or most of the work done holding one.
fn lock_reason(s: &Plan, winner: ModelKind) -> Option<&'static str> {
    if s.may_deadlock() {
        Some(if winner == ModelKind::Sequential {
            "Its task groups take the same locks in opposite orders, so every concurrent model can deadlock: take the locks in one order everywhere (until then only one-at-a-time code finishes)."
        } else {
            "Beware: its task groups take the same locks in opposite orders, so another run can deadlock; take the locks in one order everywhere."
        })
    } else if s.locked_share() >= LOCK_BOUND {
        Some("Most of each task holds a lock the others need, so no model runs that part in parallel: hold the lock for less time (prepare outside it, write inside) rather than change the model.")
    } else {
        None
    }
}

/// Below this share of the chosen model's speedup, a simpler model is far behind, not just
/// outside the tie.
const FAR_BEHIND: f64 = 0.8;

/// The sentence that says which half of the rule chose `chosen` among the models that ran:
/// when it is not the fastest, that it comes within 3% of it and what it spares; when it is,
/// how far short the closest simpler model falls (plain sequential code aside, whose 1× says
/// nothing). Empty when there is nothing to compare it with.
fn rule(chosen: (ModelKind, f64), ran: &[(ModelKind, f64)]) -> String {
    let (model, speedup) = chosen;
    let fastest = ran.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1));
    match fastest {
        Some((best, x)) if x > speedup => format!(
            "It comes within {} of the fastest, {} ({}), and is simpler: {}.",
            format::percent(TIE),
            best.name(),
            format::speedup(x),
            spared(model, best)
        ),
        _ => ran
            .iter()
            .filter(|r| r.0 != ModelKind::Sequential && simplicity(r.0) < simplicity(model))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or_else(String::new, |&(closest, x)| {
                // "More than 3% short" understates a gap of 3×; say it as it is.
                if x < FAR_BEHIND * speedup {
                    format!(
                        "No simpler model comes close: the best of them, {}, reaches {}.",
                        closest.name(),
                        format::speedup(x)
                    )
                } else {
                    format!(
                        "Every simpler model falls more than {} short of it (the closest: {}, {}).",
                        format::percent(TIE),
                        closest.name(),
                        format::speedup(x)
                    )
                }
            }),
    }
}

/// The model to recommend for plan `s`, from what every model achieved on its work (`models`,
/// from [`crate::engine::compare`]): the fastest, or a simpler one within 3% of it. Never one
/// slower than sequential code, which is among the models compared.
pub fn recommendation(s: &Plan, models: &[Brief]) -> Option<Recommendation> {
    let ran: Vec<(ModelKind, f64)> = models
        .iter()
        .filter_map(|b| b.result.as_ref().ok().map(|r| (b.model, r.speedup)))
        .collect();
    let best = ran.iter().map(|r| r.1).fold(0.0, f64::max);
    let (model, speedup) = ran
        .iter()
        .copied()
        .filter(|r| r.1 >= best * (1.0 - TIE))
        .min_by_key(|r| simplicity(r.0))?;
    let rule = rule((model, speedup), &ran);
    Some(Recommendation {
        model,
        speedup,
        why: [
            lock_reason(s, model).unwrap_or(why(s, model)),
            rule.as_str(),
        ]
        .join(" ")
        .trim_end()
        .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Scenario, Speed};

    /// A plan of eight 50 ms pure-Python tasks (what the words are about matters little here).
    fn plan() -> Plan {
        let mut s = Scenario::default();
        s.workload.tasks = 8;
        s.workload.cpu_ms = 50.0;
        Plan::new(&s).unwrap()
    }

    /// Briefs of models that ran at these speedups.
    fn briefs(speedups: &[(ModelKind, f64)]) -> Vec<Brief> {
        speedups
            .iter()
            .map(|&(model, speedup)| Brief {
                model,
                workers: 4,
                result: Ok(Speed {
                    speedup,
                    makespan_s: 1.0 / speedup,
                }),
            })
            .collect()
    }

    #[test]
    fn locks_taken_in_opposite_orders_or_held_most_of_the_time_are_the_advice() {
        let preset = |name: &str| {
            let s = Scenario {
                workload: crate::engine::presets::find(name).unwrap().workload(),
                ..Scenario::default()
            };
            Plan::new(&s).unwrap()
        };
        let ran = briefs(&[(ModelKind::Sequential, 1.0), (ModelKind::Processes, 1.13)]);
        let r = recommendation(&preset("deadlock"), &ran[..1]).unwrap();
        assert!(
            r.why
                .starts_with("Its task groups take the same locks in opposite orders"),
            "{}",
            r.why
        );
        let r = recommendation(&preset("lock-bound"), &ran).unwrap();
        assert!(
            r.why.starts_with("Most of each task holds a lock"),
            "{}",
            r.why
        );
        assert!(!r.why.contains("calculation"), "{}", r.why);
        // Without locks, the kind of work speaks.
        let r = recommendation(&plan(), &ran).unwrap();
        assert!(
            r.why.starts_with("Mostly pure-Python calculation"),
            "{}",
            r.why
        );
    }

    #[test]
    fn a_simpler_model_within_three_percent_names_the_fastest_and_what_it_spares() {
        let r = recommendation(
            &plan(),
            &briefs(&[
                (ModelKind::Sequential, 1.0),
                (ModelKind::Processes, 3.80),
                (ModelKind::AsyncioProcesses, 3.85),
            ]),
        )
        .unwrap();
        assert_eq!(r.model, ModelKind::Processes);
        assert!(
            r.why.ends_with("It comes within 3% of the fastest, asyncio+processes (3.85×), and is simpler: no event loop to write."),
            "{}",
            r.why
        );
    }

    #[test]
    fn the_fastest_model_says_how_far_behind_the_closest_simpler_one_is() {
        let r = recommendation(
            &plan(),
            &briefs(&[
                (ModelKind::Sequential, 1.0),
                (ModelKind::Threads, 7.64),
                (ModelKind::Asyncio, 86.9),
            ]),
        )
        .unwrap();
        assert_eq!(r.model, ModelKind::Asyncio);
        assert!(
            r.why.ends_with(
                "No simpler model comes close: the best of them, threads, reaches 7.64×."
            ),
            "{}",
            r.why
        );
        assert!(!r.why.contains("within"), "{}", r.why);
    }

    #[test]
    fn a_fastest_model_with_only_sequential_code_simpler_says_only_why() {
        let r = recommendation(
            &plan(),
            &briefs(&[(ModelKind::Sequential, 1.0), (ModelKind::Threads, 3.9)]),
        )
        .unwrap();
        assert_eq!(r.why, why(&plan(), ModelKind::Threads));
    }

    #[test]
    fn every_simpler_model_spares_something_of_every_more_complex_one() {
        for &a in ModelKind::all() {
            for &b in ModelKind::all() {
                if simplicity(a) < simplicity(b) {
                    assert!(!spared(a, b).is_empty(), "{} vs {}", a.name(), b.name());
                }
            }
        }
        assert_eq!(
            spared(ModelKind::Sequential, ModelKind::AsyncioProcesses),
            "no event loop to write, no processes to start and no data to pickle"
        );
    }
}
