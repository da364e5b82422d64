//! The Lab's state and its pure reducer: what every view shows and every change a person (or a
//! timer, or the engine) makes to it. No browser code lives here, so native tests drive it
//! exactly as the page does; `src/ui/` renders it and wires the reducer into Yew.
//!
//! A run is an explicit state: simulating (with progress), done, or failed. The reducer never
//! simulates: a hook starts the run for each new `run_id`, advances it a slice at a time, and
//! reports back with [`Action::Progress`] and [`Action::Finished`], which carry the id they
//! belong to so that a run of a scenario since replaced is ignored. Comparisons work the same
//! way, with their own request ids.

use crate::engine::time::Nanos;
use crate::engine::{settings, Comparison, Outcome, Plan, Scenario};

mod shared;

pub use shared::Shared;

/// At speed 1× a whole run plays in this many milliseconds of real time.
pub const PLAY_MS_AT_1X: f64 = 10_000.0;
/// One playback step is this share of the run.
const STEP_FRACTION: u64 = 100;

/// Where the run of the current scenario is.
#[derive(Debug, Clone, PartialEq)]
pub enum Run {
    /// The engine is working on it; `events` simulated so far.
    Simulating {
        /// Events simulated so far.
        events: u64,
    },
    /// Finished.
    Done(Shared<Outcome>),
    /// It could not run, and why.
    Failed(String),
}

/// Where the comparison of every model is.
#[derive(Debug, Clone, PartialEq)]
pub enum Compare {
    /// Not asked for (or the scenario changed since).
    Idle,
    /// Asked for with this request id; the answer is awaited.
    Asked(u64),
    /// Ready.
    Ready(Shared<Comparison>),
}

/// Everything a Lab view (the Lab, a lesson step, an embed) shows.
#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    /// What is simulated, as written.
    pub scenario: Scenario,
    /// Its plan, or why it has none.
    pub plan: Result<Plan, String>,
    /// The run of the current scenario.
    pub run: Run,
    /// Changes whenever a new run must start; reports of other runs are stale.
    pub run_id: u64,
    /// Playback position in simulated time.
    pub cursor: Nanos,
    /// Whether playback runs.
    pub playing: bool,
    /// Start playing as soon as a run finishes (the first screen, embeds with `autoplay`).
    pub autoplay: bool,
    /// Playback speed multiplier (0.1–100).
    pub speed: f64,
    /// Start again from the beginning at the end (embeds with `loop`).
    pub looping: bool,
    /// A run kept for comparison on the same time axis.
    pub pinned: Option<Shared<Outcome>>,
    /// The comparison of every model.
    pub compare: Compare,
    /// The next comparison request's id.
    next_request: u64,
    /// Messages for the person, dismissable (bad link settings, refused values).
    pub notices: Vec<String>,
}

/// What a person, a timer or the engine can do to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Change one setting, as `key=value` (the same keys as links).
    Set(String, String),
    /// Replace the scenario (from the address or a lesson), with notices to show.
    Load(Box<Scenario>, Vec<String>),
    /// Run `run_id` has simulated this many events.
    Progress(u64, u64),
    /// Run `run_id` finished, or failed.
    Finished(u64, Result<Shared<Outcome>, String>),
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
    /// Play as soon as the run is ready, or not.
    Autoplay(bool),
    /// Keep the current run to compare against.
    Pin,
    /// Drop the kept run.
    Unpin,
    /// Ask for a comparison of every model (and a sweep over workers).
    Compare,
    /// The answer to comparison request `id`, or why it failed.
    Compared(u64, Result<Comparison, String>),
    /// Hide notice `n`.
    Dismiss(usize),
}

impl LabState {
    /// A state about to run `scenario`, with `notices` to show.
    pub fn new(scenario: Scenario, notices: Vec<String>) -> Self {
        let mut s = LabState {
            plan: Err(String::new()),
            scenario: Scenario::default(),
            run: Run::Simulating { events: 0 },
            run_id: 0,
            cursor: 0,
            playing: false,
            autoplay: false,
            speed: 1.0,
            looping: false,
            pinned: None,
            compare: Compare::Idle,
            next_request: 1,
            notices,
        };
        s.rerun(scenario);
        s
    }

    /// The finished run, if there is one.
    pub fn outcome(&self) -> Option<&Shared<Outcome>> {
        match &self.run {
            Run::Done(o) => Some(o),
            _ => None,
        }
    }

    /// The run's makespan, or 0 while there is none.
    pub fn makespan(&self) -> Nanos {
        self.outcome().map_or(0, |o| o.trace.makespan)
    }

    /// The run the hook should be simulating: its id and plan.
    pub fn job(&self) -> Option<(u64, Plan)> {
        match (&self.run, &self.plan) {
            (Run::Simulating { .. }, Ok(plan)) => Some((self.run_id, plan.clone())),
            _ => None,
        }
    }

    /// The comparison request the page should send to the worker, if one is awaited.
    pub fn compare_request(&self) -> Option<(u64, Plan)> {
        match (&self.compare, &self.plan) {
            (Compare::Asked(id), Ok(plan)) => Some((*id, plan.clone())),
            _ => None,
        }
    }

    /// Starts over with `scenario`: a new run, no comparison.
    fn rerun(&mut self, scenario: Scenario) {
        self.plan = Plan::new(&scenario).map_err(|e| e.to_string());
        self.scenario = scenario;
        self.run_id += 1;
        self.run = match &self.plan {
            Ok(_) => Run::Simulating { events: 0 },
            Err(e) => Run::Failed(e.clone()),
        };
        self.cursor = 0;
        self.playing = false;
        self.compare = Compare::Idle;
    }

    /// The state after `action`. Pure: everything it needs is in the state and the action.
    pub fn reduce(mut self, action: Action) -> Self {
        let end = self.makespan();
        match action {
            Action::Set(key, value) => {
                let pairs = [(key, value)];
                match settings::apply(&self.scenario, &pairs).and_then(|s| Plan::new(&s).map(|_| s))
                {
                    Ok(s) => self.rerun(s),
                    Err(e) => self.notices.push(format!("Not changed — {e}.")),
                }
            }
            Action::Load(scenario, notices) => {
                self.notices.extend(notices);
                self.rerun(*scenario);
            }
            Action::Progress(id, events) if id == self.run_id => {
                if let Run::Simulating { .. } = self.run {
                    self.run = Run::Simulating { events };
                }
            }
            Action::Finished(id, result) if id == self.run_id => match result {
                Ok(o) => {
                    let end = o.trace.makespan;
                    self.run = Run::Done(o);
                    self.playing = self.autoplay && end > 0;
                    self.cursor = if self.playing { 0 } else { end };
                }
                Err(e) => self.run = Run::Failed(e),
            },
            // A report about a run since replaced.
            Action::Progress(..) | Action::Finished(..) => {}
            Action::TogglePlay => {
                self.playing = !self.playing && end > 0;
                if self.playing && self.cursor >= end {
                    self.cursor = 0;
                }
            }
            Action::Tick(ms) => {
                if self.playing {
                    let advance = (end as f64 * ms * self.speed / PLAY_MS_AT_1X).max(1.0) as Nanos;
                    self.cursor = (self.cursor + advance).min(end);
                    if self.cursor >= end && self.looping {
                        self.cursor = 0;
                    }
                    self.playing = self.cursor < end;
                }
            }
            Action::Step(dir) => {
                let step = (end / STEP_FRACTION).max(1);
                self.playing = false;
                self.cursor = if dir < 0 {
                    self.cursor.saturating_sub(step)
                } else {
                    (self.cursor + step).min(end)
                };
            }
            Action::Seek(t) => self.cursor = t.min(end),
            Action::Speed(x) => {
                self.speed = if x.is_finite() {
                    x.clamp(0.1, 100.0)
                } else {
                    1.0
                }
            }
            Action::Loop(on) => self.looping = on,
            Action::Autoplay(on) => self.autoplay = on,
            Action::Pin => self.pinned = self.outcome().cloned(),
            Action::Unpin => self.pinned = None,
            Action::Compare => {
                self.compare = Compare::Asked(self.next_request);
                self.next_request += 1;
            }
            Action::Compared(id, result) if self.compare == Compare::Asked(id) => match result {
                Ok(c) => self.compare = Compare::Ready(Shared::new(c)),
                Err(e) => {
                    self.compare = Compare::Idle;
                    self.notices
                        .push(format!("The comparison could not run: {e}."));
                }
            },
            // An answer nobody waits for any more: a newer request, or a scenario since replaced.
            Action::Compared(..) => {}
            Action::Dismiss(n) => {
                if n < self.notices.len() {
                    self.notices.remove(n);
                }
            }
        }
        self
    }
}

#[cfg(test)]
mod tests;
