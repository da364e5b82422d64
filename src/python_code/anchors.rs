//! Where each lane of the timeline is in the program: the lines tied to (task group, state,
//! kind of lane), so the Lab can mark, at its cursor, the line each thread is on.

use serde::{Deserialize, Serialize};

use crate::engine::time::Nanos;
use crate::engine::trace::{LaneKind, State, Trace};
use crate::engine::Named;

/// What an anchored line does. The order is the order of preference when several lines match a
/// lane: the work itself before the machinery around it, and a group's `def` line last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Site {
    /// `python_work(...)`: pure-Python work, holding the GIL.
    PythonWork,
    /// `c_work(...)`: C code that released the GIL.
    CWork,
    /// `fetch(...)`: an I/O wait, with the Python that builds the request and reads the reply.
    Io,
    /// `with lock:` (or `async with`): waiting to take a lock the program shares.
    Lock,
    /// A pipeline stage's `q.get()` or `q.put(...)`: waiting on an empty or a full queue.
    Queue,
    /// A coroutine awaiting an executor (`loop.run_in_executor(...)`).
    Await,
    /// Where a group's tasks are handed to the model: a submit, a pool's `map`, a coroutine
    /// given to `gather`, or a call in a loop.
    Start,
    /// Where the program waits for its results.
    Wait,
    /// Where the pool or executor is created, and where its idle workers wait for work.
    Pool,
    /// A task group's `def` line: the lane is somewhere in that function.
    Function,
}

impl Site {
    /// Every site, in order of preference.
    pub const ALL: [Site; 10] = [
        Site::PythonWork,
        Site::CWork,
        Site::Io,
        Site::Lock,
        Site::Queue,
        Site::Await,
        Site::Start,
        Site::Wait,
        Site::Pool,
        Site::Function,
    ];
}

/// A set of [`State`]s, one bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct States(u16);

impl States {
    /// The set of `states`.
    pub const fn of(states: &[State]) -> Self {
        let mut bits = 0;
        let mut i = 0;
        while i < states.len() {
            bits |= 1 << states[i] as u16;
            i += 1;
        }
        Self(bits)
    }

    /// Whether `state` is in the set.
    pub fn contains(self, state: State) -> bool {
        self.0 & (1 << state as u16) != 0
    }

    /// The states in the set, in legend order.
    pub fn iter(self) -> impl Iterator<Item = State> {
        State::all()
            .iter()
            .copied()
            .filter(move |&s| self.contains(s))
    }
}

// The states a lane shows on each kind of line.
use State::*;
/// A blocking I/O call: the wait, and the Python around it (a thread waiting for the GIL or a
/// core after its I/O is about to parse the reply).
pub(super) const IO_BLOCKING: States =
    States::of(&[WaitingIo, RunningPython, WaitingGil, WaitingCore]);
/// An SQLite query: as a blocking call, and the query running in SQLite's C code.
pub(super) const IO_QUERY: States =
    States::of(&[WaitingIo, RunningPython, WaitingGil, WaitingCore, RunningC]);
/// An awaited I/O call: the Python around it, and the loop resuming the task after it.
pub(super) const IO_AWAITED: States =
    States::of(&[RunningPython, WaitingGil, WaitingCore, LoopOverhead]);
/// Pure-Python work.
pub(super) const PYTHON: States = States::of(&[RunningPython, WaitingGil, WaitingCore]);
/// Waiting to take a lock the program shares.
pub(super) const LOCK: States = States::of(&[WaitingLock]);
/// A get or a put on a queue between pipeline stages: waiting on it, its own Python, and
/// pickling the item into a `multiprocessing.Queue`.
pub(super) const QUEUE: States = States::of(&[
    WaitingQueue,
    RunningPython,
    WaitingGil,
    WaitingCore,
    Pickling,
]);
/// C work that released the GIL.
pub(super) const C: States = States::of(&[RunningC, WaitingCore]);
/// Anything a task's own code does.
pub(super) const BUSY: States = States::of(&[
    RunningPython,
    RunningC,
    WaitingGil,
    WaitingCore,
    WaitingIo,
    LoopOverhead,
]);
/// The event loop's own work for a task: creating, resuming and finishing it.
pub(super) const LOOP: States = States::of(&[LoopOverhead, WaitingGil, WaitingCore]);
/// Messages through a pool: pickling, the pipe, unpickling, and the handlers' Python.
pub(super) const TRAFFIC: States = States::of(&[
    Pickling,
    Unpickling,
    WaitingIo,
    RunningPython,
    WaitingGil,
    WaitingCore,
]);
/// Starting threads, processes or interpreters.
pub(super) const STARTING: States = States::of(&[Starting]);
/// Waiting for work or results.
pub(super) const IDLE: States = States::of(&[Idle]);
/// A pool's workers: starting, then waiting for work.
pub(super) const STARTING_IDLE: States = States::of(&[Starting, Idle]);

/// One line of the program tied to what a lane shows while it runs that line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The 1-based line number.
    pub line: u32,
    /// What the line does.
    pub site: Site,
    /// The task group (index into the workload's groups) a lane works for while on this line;
    /// `None` for the model's own work (submitting, pickling, starting workers), done for no
    /// task in particular.
    pub group: Option<u32>,
    /// The kind of lane that runs it.
    pub lane: LaneKind,
    /// The states the lane shows while on it (a thread waiting for the GIL or for a core is
    /// about to run the line).
    pub states: States,
}

impl Anchor {
    /// Whether a lane of kind `lane`, working for `group`, in `state`, is on this line.
    pub fn covers(&self, group: Option<u32>, state: State, lane: LaneKind) -> bool {
        self.group == group && self.lane == lane && self.states.contains(state)
    }
}

/// Every anchored line of a program, most specific first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Anchors(Vec<Anchor>);

impl Anchors {
    /// Gathers anchors in order of [`Site`], those of one site in the order they were written.
    /// One pass per site rather than a sort, which would add a sort routine to the page.
    pub(super) fn new(all: Vec<Anchor>) -> Self {
        let by_site = Site::ALL
            .iter()
            .flat_map(|&site| all.iter().filter(move |a| a.site == site).cloned());
        Self(by_site.collect())
    }

    /// The line a lane is on: the most specific of [`Anchors::lines`]. `group` is the task
    /// group of the lane's span (`Span::who` on thread lanes; `None` for `Span::NOBODY`).
    pub fn line(&self, group: Option<u32>, state: State, lane: LaneKind) -> Option<u32> {
        self.lines(group, state, lane).next()
    }

    /// Every line a lane in this situation may be on, most specific first. The engine does not
    /// say which of a task's Python calls is running, so a thread running Python in a group
    /// that both fetches and computes may be on either line.
    pub fn lines(
        &self,
        group: Option<u32>,
        state: State,
        lane: LaneKind,
    ) -> impl Iterator<Item = u32> + '_ {
        self.0
            .iter()
            .filter(move |a| a.covers(group, state, lane))
            .map(|a| a.line)
    }

    /// The anchors on line `line`: what a lane does while there, to highlight the spans where
    /// the line ran.
    pub fn at_line(&self, line: u32) -> impl Iterator<Item = &Anchor> {
        self.0.iter().filter(move |a| a.line == line)
    }

    /// Every anchor.
    pub fn iter(&self) -> impl Iterator<Item = &Anchor> {
        self.0.iter()
    }

    /// Where the lanes of `trace` are in the program at moment `t`: for each line some thread,
    /// process or event loop is on, the state most of them show there, how many they are and the
    /// first one's name ("Thread 2"), in line order.
    pub fn marks_at(&self, trace: &Trace, t: Nanos) -> Vec<LineMark> {
        let mut marks: Vec<LineMark> = Vec::new();
        let lanes = trace.lanes.iter().filter(|l| {
            matches!(
                l.kind,
                LaneKind::Thread | LaneKind::Process | LaneKind::EventLoop
            )
        });
        for lane in lanes {
            let i = lane.spans.partition_point(|s| s.end <= t);
            let Some(span) = lane.spans.get(i).filter(|s| s.start <= t) else {
                continue;
            };
            let group = span
                .who
                .and_then(|w| trace.tasks.get(w.task().index()))
                .map(|r| r.group.index() as u32);
            let Some(line) = self.line(group, span.state, lane.kind) else {
                continue;
            };
            // Kept in line order as they come (an insertion, not a sort routine in the page).
            let at = marks.partition_point(|m| m.line < line);
            match marks.get_mut(at).filter(|m| m.line == line) {
                Some(m) => {
                    m.lanes += 1;
                    m.by_state[span.state as usize] += 1;
                }
                None => {
                    let mut by_state = [0; STATES];
                    by_state[span.state as usize] = 1;
                    let first = lane.name.clone();
                    marks.insert(
                        at,
                        LineMark {
                            line,
                            lanes: 1,
                            first,
                            by_state,
                        },
                    );
                }
            }
        }
        marks
    }
}

/// How many [`State`]s there are.
const STATES: usize = <State as strum::VariantArray>::VARIANTS.len();

/// The lanes on one line of the program at a moment: see [`Anchors::marks_at`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMark {
    /// The 1-based line.
    pub line: u32,
    /// How many lanes are on it.
    pub lanes: u32,
    /// The first of them, by name.
    pub first: String,
    /// How many of them show each state, by [`State`] as an index.
    by_state: [u32; STATES],
}

impl LineMark {
    /// The state most of its lanes show (the first in [`State`]'s order on a tie).
    pub fn state(&self) -> State {
        State::all()
            .iter()
            .copied()
            .max_by_key(|&s| (self.by_state[s as usize], std::cmp::Reverse(s as usize)))
            .unwrap_or(State::Idle)
    }

    /// In words: "Thread 2: waiting for the GIL", or "Thread 1 and 3 more: running Python"
    /// (the most common state).
    pub fn words(&self) -> String {
        match self.lanes {
            1 => format!("{}: {}", self.first, self.state().label()),
            n => format!(
                "{} and {} more: {}",
                self.first,
                n - 1,
                self.state().label()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(line: u32, site: Site, states: &[State]) -> Anchor {
        Anchor {
            line,
            site,
            group: Some(0),
            lane: LaneKind::Thread,
            states: States::of(states),
        }
    }

    #[test]
    fn the_work_itself_comes_before_the_function_around_it() {
        let anchors = Anchors::new(vec![
            anchor(3, Site::Function, &[State::RunningPython, State::WaitingIo]),
            anchor(5, Site::Io, &[State::WaitingIo, State::RunningPython]),
            anchor(6, Site::PythonWork, &[State::RunningPython]),
        ]);
        let at = |state| {
            anchors
                .lines(Some(0), state, LaneKind::Thread)
                .collect::<Vec<_>>()
        };
        assert_eq!(at(State::RunningPython), [6, 5, 3]);
        assert_eq!(at(State::WaitingIo), [5, 3]);
        assert_eq!(
            anchors.line(Some(0), State::RunningC, LaneKind::Thread),
            None
        );
        assert_eq!(anchors.line(None, State::WaitingIo, LaneKind::Thread), None);
        assert_eq!(
            anchors.line(Some(0), State::WaitingIo, LaneKind::Process),
            None
        );
    }

    #[test]
    fn a_state_set_holds_exactly_its_states() {
        let set = States::of(&[State::WaitingGil, State::Held]);
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [State::WaitingGil, State::Held]
        );
        assert!(!set.contains(State::RunningPython));
    }
}
