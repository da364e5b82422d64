//! The Lab's state and its pure reducer: what every view shows and every change a person (or a
//! timer, or the engine) makes to it. No browser code lives here, so native tests drive it
//! exactly as the page does; `src/ui/` renders it and wires the reducer into Yew.
//!
//! A run is an explicit state: simulating (with progress), done, or failed. The reducer never
//! simulates: a hook starts the run for each new `run_id`, advances it a slice at a time, and
//! reports back with [`Action::Progress`] and [`Action::Finished`], which carry the id they
//! belong to so that a run of a scenario since replaced is ignored. Comparisons work the same
//! way, with their own request ids.

use crate::engine::time::{Nanos, SEC};
use crate::engine::{settings, Comparison, Outcome, Plan, Scenario};
use crate::picture::layout::Window;

mod shared;
mod view;

pub use shared::Shared;
pub use view::natural_rate;
use view::MIN_WINDOW;

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
    /// The person stopped it after this many events.
    Stopped(u64),
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
    /// How many changes were refused: each one sets the fields back to the values in force
    /// (what was typed stays otherwise, since the scenario did not change).
    pub refused: u64,
    /// Playback position in simulated time.
    pub cursor: Nanos,
    /// Whether playback runs.
    pub playing: bool,
    /// Start playing as soon as a run finishes (the first screen, embeds with `autoplay`).
    pub autoplay: bool,
    /// Compare every model as soon as a run finishes (the Lab recommends a model from it).
    pub auto_compare: bool,
    /// Playback rate: seconds of program per second of screen (1 = real time).
    pub rate: f64,
    /// Playback speed relative to the run's natural rate (0.1–100; embeds set it).
    pub speed: f64,
    /// The stretch of time the timeline shows, when zoomed in (`None`: the whole run).
    pub view: Option<Window>,
    /// Start again from the beginning at the end (embeds with `loop`).
    pub looping: bool,
    /// A run kept for comparison on the same time axis.
    pub pinned: Option<Shared<Outcome>>,
    /// The comparison of every model.
    pub compare: Compare,
    /// Sweep every model over worker counts, not only the scenario's.
    pub sweep_every_model: bool,
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
    /// Set the playback rate, in seconds of program per second of screen.
    Rate(f64),
    /// Set the playback speed relative to the run's natural rate.
    Speed(f64),
    /// Zoom the timeline by `factor` (above 1 zooms in) around moment `at`.
    Zoom(f64, Nanos),
    /// Move the timeline's window by this share of its width (negative: back in time).
    Pan(f64),
    /// Show the whole run again.
    Fit,
    /// Loop playback or not.
    Loop(bool),
    /// Play as soon as the run is ready, or not.
    Autoplay(bool),
    /// Compare every model as soon as the run is ready, or not.
    AutoCompare(bool),
    /// Keep the current run to compare against.
    Pin,
    /// Drop the kept run.
    Unpin,
    /// Ask for a comparison of every model (and a sweep over workers).
    Compare,
    /// Sweep every model over worker counts (or only the scenario's), and compare again.
    SweepEveryModel(bool),
    /// The answer to comparison request `id`, or why it failed.
    Compared(u64, Result<Comparison, String>),
    /// Hide notice `n`.
    Dismiss(usize),
    /// Stop the run being simulated (a large one takes seconds).
    Cancel,
    /// Run the scenario again (after it was stopped).
    Rerun,
}

impl LabState {
    /// A state about to run `scenario`, with `notices` to show.
    pub fn new(scenario: Scenario, notices: Vec<String>) -> Self {
        let mut s = LabState {
            plan: Err(String::new()),
            scenario: Scenario::default(),
            run: Run::Simulating { events: 0 },
            run_id: 0,
            refused: 0,
            cursor: 0,
            playing: false,
            autoplay: false,
            auto_compare: false,
            rate: 1.0,
            speed: 1.0,
            view: None,
            looping: false,
            pinned: None,
            compare: Compare::Idle,
            sweep_every_model: false,
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

    /// Where playback ends: the run's end, or a pinned run's if that is later (both play on
    /// one time axis).
    pub fn end(&self) -> Nanos {
        let pinned = self.pinned.as_ref().map_or(0, |a| a.trace.makespan);
        if self.outcome().is_some() {
            self.makespan().max(pinned)
        } else {
            0
        }
    }

    /// The run the hook should be simulating: its id and plan.
    pub fn job(&self) -> Option<(u64, Plan)> {
        match (&self.run, &self.plan) {
            (Run::Simulating { .. }, Ok(plan)) => Some((self.run_id, plan.clone())),
            _ => None,
        }
    }

    /// The comparison request the page should send to the worker, if one is awaited: its id,
    /// the plan, and whether to sweep every model.
    pub fn compare_request(&self) -> Option<(u64, Plan, bool)> {
        match (&self.compare, &self.plan) {
            (Compare::Asked(id), Ok(plan)) => Some((*id, plan.clone(), self.sweep_every_model)),
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
        self.view = None;
        self.compare = Compare::Idle;
    }

    /// Asks for a comparison of every model (with a new request id).
    fn ask_comparison(&mut self) {
        self.compare = Compare::Asked(self.next_request);
        self.next_request += 1;
    }

    /// The state after `action`. Pure: everything it needs is in the state and the action.
    pub fn reduce(mut self, action: Action) -> Self {
        let end = self.end();
        match action {
            Action::Set(key, value) => {
                let pairs = [(key, value)];
                match settings::apply(&self.scenario, &pairs).and_then(|s| Plan::new(&s).map(|_| s))
                {
                    Ok(s) => self.rerun(s),
                    Err(e) => {
                        self.notices.push(format!("Not changed — {e}."));
                        self.refused += 1;
                    }
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
                    self.run = Run::Done(o);
                    let end = self.end();
                    self.rate = natural_rate(end) * self.speed;
                    self.playing = self.autoplay && end > 0;
                    self.cursor = if self.playing { 0 } else { end };
                    if self.auto_compare {
                        self.ask_comparison();
                    }
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
                    let advance = (ms / 1e3 * self.rate * SEC as f64).max(1.0) as Nanos;
                    self.cursor = (self.cursor + advance).min(end);
                    if self.cursor >= end && self.looping {
                        self.cursor = 0;
                    }
                    self.playing = self.cursor < end;
                    self.follow_cursor();
                }
            }
            Action::Step(dir) => {
                self.playing = false;
                self.cursor = self.next_event(dir).min(end);
                self.follow_cursor();
            }
            Action::Seek(t) => self.cursor = t.min(end),
            Action::Rate(x) if x.is_finite() && x > 0.0 => self.rate = x,
            Action::Rate(_) => {}
            Action::Speed(x) => {
                self.speed = if x.is_finite() {
                    x.clamp(0.1, 100.0)
                } else {
                    1.0
                };
                self.rate = natural_rate(end) * self.speed;
            }
            Action::Zoom(factor, at) if factor.is_finite() && factor > 0.0 => {
                let w = self.window();
                let width = (w.duration() as f64 / factor) as Nanos;
                // Keep the moment under the pointer where it was on screen.
                let left = (at.saturating_sub(w.start)) as f64 / w.duration() as f64;
                let start = at.saturating_sub((left * width.max(MIN_WINDOW) as f64) as Nanos);
                self.set_view(start, width);
            }
            Action::Zoom(..) => {}
            Action::Pan(share) if share.is_finite() => {
                let w = self.window();
                let shift = (share * w.duration() as f64) as i64;
                let start = (w.start as i64 + shift).max(0) as Nanos;
                self.set_view(start, w.duration());
            }
            Action::Pan(_) => {}
            Action::Fit => self.view = None,
            Action::Loop(on) => self.looping = on,
            Action::Autoplay(on) => self.autoplay = on,
            Action::AutoCompare(on) => self.auto_compare = on,
            Action::Pin => self.pinned = self.outcome().cloned(),
            Action::Unpin => self.pinned = None,
            Action::Compare => self.ask_comparison(),
            Action::SweepEveryModel(on) => {
                self.sweep_every_model = on;
                self.ask_comparison();
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
            Action::Cancel => {
                if let Run::Simulating { events } = self.run {
                    // A new id: the hook drops the slices still to run, and ignores late reports.
                    self.run_id += 1;
                    self.run = Run::Stopped(events);
                }
            }
            Action::Rerun => self.rerun(self.scenario.clone()),
        }
        self
    }
}

#[cfg(test)]
mod tests;
