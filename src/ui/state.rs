//! The Lab's one state and the reducer every change goes through. The state holds the scenario,
//! the engine's finished outcome and a playback cursor; playing, stepping and scrubbing only move
//! the cursor, because the trace is complete before it is shown.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::shared::Shared;
use crate::engine::{params, time::Nanos, Comparison, Outcome, Scenario, Simulation};

/// One playback step is this share of the run.
const STEP_FRACTION: u64 = 100;
/// Events simulated per slice: a slice takes a few tens of milliseconds in a browser, so the page
/// stays responsive between slices of a large run. Most runs finish in the first.
pub const SLICE_EVENTS: u64 = 100_000;

/// At speed 1× a whole run plays in this many milliseconds of real time.
pub const PLAY_MS_AT_1X: f64 = 10_000.0;

/// Everything the Lab shows.
#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    /// What is simulated.
    pub scenario: Scenario,
    /// The engine's result, or why it could not run (or that it is still running).
    pub outcome: Result<Shared<Outcome>, String>,
    /// A run still in progress, advanced a slice at a time by `Action::Advance`.
    pub running: Option<RunningSim>,
    /// Events simulated so far by the run in progress.
    pub progress: u64,
    /// Playback position in simulated time.
    pub cursor: Nanos,
    /// Whether playback runs.
    pub playing: bool,
    /// Playback speed multiplier (0.1–100).
    pub speed: f64,
    /// Start again from the beginning at the end (embeds with `loop`).
    pub looping: bool,
    /// A run kept for comparison on the same time axis.
    pub pinned: Option<Shared<Outcome>>,
    /// The latest comparison of models, if asked for.
    pub comparison: Option<Shared<Comparison>>,
    /// A comparison is being computed.
    pub comparing: bool,
    /// Messages for the person, dismissable (bad URL settings, refused values).
    pub notices: Vec<String>,
}

/// What a person (or the timer) can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Change one setting, as `key=value` (the same keys as URLs).
    Set(String, String),
    /// Replace the scenario (from the URL or a lesson), with notices to show.
    Load(Box<Scenario>, Vec<String>),
    /// Play or pause.
    TogglePlay,
    /// Real time passed while playing, in milliseconds.
    Tick(f64),
    /// Step the cursor forward (+1) or back (-1).
    Step(i32),
    /// Move the cursor.
    Seek(Nanos),
    /// Set the playback speed.
    Speed(f64),
    /// Loop playback or not.
    Loop(bool),
    /// Keep the current run to compare against.
    Pin,
    /// Drop the kept run.
    Unpin,
    /// A comparison of every model (and a sweep over workers) has been asked for.
    Comparing,
    /// It arrived, or failed.
    Compared(Result<Comparison, String>),
    /// Hide notice `n`.
    Dismiss(usize),
    /// Simulate the next slice of the run in progress.
    Advance,
}

/// What a run looks like before it has finished.
const RUNNING: &str = "still simulating";

/// A run in progress, shared between renders (compared by identity).
pub type RunningSim = Shared<RefCell<Simulation>>;

/// Starts a run and simulates its first slice: either the outcome, or the run to continue.
fn start(s: &Scenario) -> (Result<Shared<Outcome>, String>, Option<RunningSim>) {
    let mut sim = match Simulation::start(s) {
        Ok(sim) => sim,
        Err(e) => return (Err(e.to_string()), None),
    };
    match sim.advance(SLICE_EVENTS) {
        Ok(Some(o)) => (Ok(Shared::new(o)), None),
        Ok(None) => (Err(RUNNING.into()), Some(Shared::new(RefCell::new(sim)))),
        Err(e) => (Err(e.to_string()), None),
    }
}

impl LabState {
    /// A state showing `scenario`'s finished run, with `notices`.
    pub fn new(scenario: Scenario, notices: Vec<String>) -> Self {
        let (outcome, running) = start(&scenario);
        let cursor = outcome.as_ref().map_or(0, |o| o.trace.makespan);
        Self {
            scenario,
            outcome,
            progress: running.as_ref().map_or(0, |r| r.0.borrow().events()),
            running,
            cursor,
            playing: false,
            speed: 1.0,
            looping: false,
            pinned: None,
            comparison: None,
            comparing: false,
            notices,
        }
    }

    /// The run's makespan, or 0 when it could not run.
    pub fn makespan(&self) -> Nanos {
        self.outcome.as_ref().map_or(0, |o| o.trace.makespan)
    }

    fn rerun(&mut self, scenario: Scenario) {
        let fresh = LabState::new(scenario, std::mem::take(&mut self.notices));
        *self = LabState {
            pinned: self.pinned.take(),
            speed: self.speed,
            looping: self.looping,
            ..fresh
        };
    }
}

impl Reducible for LabState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let end = s.makespan();
        match action {
            Action::Set(key, value) => {
                let mut next = s.scenario.clone();
                match params::apply_one(&mut next, &key, &value).and_then(|()| next.validate()) {
                    Ok(()) => s.rerun(next),
                    Err(e) => s.notices.push(format!("Not changed — {e}.")),
                }
            }
            Action::Load(scenario, notices) => {
                s.notices.extend(notices);
                s.rerun(*scenario);
            }
            Action::TogglePlay => {
                s.playing = !s.playing && end > 0;
                if s.playing && s.cursor >= end {
                    s.cursor = 0;
                }
            }
            Action::Tick(ms) => {
                if s.playing {
                    let advance = (end as f64 * ms * s.speed / PLAY_MS_AT_1X).max(1.0) as Nanos;
                    s.cursor = (s.cursor + advance).min(end);
                    if s.cursor >= end && s.looping {
                        s.cursor = 0;
                    }
                    s.playing = s.cursor < end;
                }
            }
            Action::Step(dir) => {
                let step = (end / STEP_FRACTION).max(1);
                s.playing = false;
                s.cursor = if dir < 0 {
                    s.cursor.saturating_sub(step)
                } else {
                    (s.cursor + step).min(end)
                };
            }
            Action::Seek(t) => s.cursor = t.min(end),
            Action::Speed(x) => {
                s.speed = if x.is_finite() {
                    x.clamp(0.1, 100.0)
                } else {
                    1.0
                }
            }
            Action::Loop(on) => s.looping = on,
            Action::Pin => s.pinned = s.outcome.clone().ok(),
            Action::Unpin => s.pinned = None,
            Action::Comparing => s.comparing = true,
            // A result nobody waits for any more belongs to a scenario since replaced.
            Action::Compared(_) if !s.comparing => {}
            Action::Compared(result) => {
                s.comparing = false;
                match result {
                    Ok(c) => s.comparison = Some(Shared::new(c)),
                    Err(e) => s
                        .notices
                        .push(format!("The comparison could not run: {e}.")),
                }
            }
            Action::Advance => {
                if let Some(sim) = s.running.clone() {
                    let step = sim.0.borrow_mut().advance(SLICE_EVENTS);
                    match step {
                        Ok(Some(o)) => {
                            s.cursor = o.trace.makespan;
                            s.outcome = Ok(Shared::new(o));
                            s.running = None;
                        }
                        Ok(None) => s.progress = sim.0.borrow().events(),
                        Err(e) => {
                            s.outcome = Err(e.to_string());
                            s.running = None;
                        }
                    }
                }
            }
            Action::Dismiss(n) => {
                if n < s.notices.len() {
                    s.notices.remove(n);
                }
            }
        }
        Rc::new(s)
    }
}
