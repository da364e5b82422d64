//! Adding up a run span by span: time per state, per task group and per core, the repetitions'
//! durations and the memory peak. Fed either from a stored trace (the Lab, which keeps every
//! span to draw it) or by the engine as the run goes (`conclab run`, which keeps no span), by
//! the same code, so the two give bit-identical metrics.

use crate::engine::time::Nanos;
use crate::engine::trace::{GroupId, LaneKind, Span, State, Who};

use super::SERIES_BUCKETS;

/// How many states there are.
const STATES: usize = <State as strum::VariantArray>::VARIANTS.len();

/// What a lane adds to.
#[derive(Debug, Clone, Copy)]
enum Adds {
    /// A core lane: its slot in the core-use series.
    Core(usize),
    /// A GIL lane: nothing (its holder's lane counts the time).
    Nothing,
    /// A thread, process or event-loop lane: the time per state and per group.
    States,
}

/// Running sums of a run up to a moment.
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    /// Spans count up to here (the moment, or the whole run's makespan).
    at: Nanos,
    /// Width of one bucket of the core-use series: the whole run's makespan over the buckets,
    /// so the series keeps its axis while a cursor moves.
    bucket: Nanos,
    /// The whole run's makespan.
    makespan: Nanos,
    lanes: Vec<Adds>,
    /// Nanoseconds per state on the program's lanes.
    pub state_ns: [u64; STATES],
    /// Per group: nanoseconds waiting for the GIL, for a lock, and in all, on lanes working for it.
    pub group_ns: Vec<(u64, u64, u64)>,
    /// Nanoseconds any core was busy.
    pub core_busy: u64,
    /// Per core: nanoseconds running Python and running C, per bucket. Sums of integers below
    /// 2⁵³ in `f64` are exact, whatever order spans arrive in.
    pub cores: Vec<[Vec<f64>; 2]>,
    /// Per group: the durations of the repetitions that ended by `at`.
    pub reps: Vec<Vec<Nanos>>,
    /// The most memory in use at the end of any moment up to `at`.
    pub peak_memory: u64,
    /// The memory in use at the latest moment it changed, not yet counted in the peak: a moment
    /// counts with the last value it had (allocations and frees at one instant net out).
    memory_now: Option<(Nanos, u64)>,
}

impl Tally {
    /// An empty tally up to `at` of a run `makespan` long, of lanes of `kinds` and `groups` task
    /// groups.
    pub fn new(
        kinds: impl IntoIterator<Item = LaneKind>,
        groups: usize,
        makespan: Nanos,
        at: Nanos,
    ) -> Self {
        let mut cores = Vec::new();
        let lanes = kinds
            .into_iter()
            .map(|kind| match kind {
                LaneKind::Core => {
                    cores.push([vec![0.0; SERIES_BUCKETS], vec![0.0; SERIES_BUCKETS]]);
                    Adds::Core(cores.len() - 1)
                }
                LaneKind::Gil => Adds::Nothing,
                LaneKind::Thread | LaneKind::Process | LaneKind::EventLoop => Adds::States,
            })
            .collect();
        Self {
            at,
            bucket: makespan.max(1).div_ceil(SERIES_BUCKETS as Nanos).max(1),
            makespan,
            lanes,
            state_ns: [0; STATES],
            group_ns: vec![(0, 0, 0); groups],
            core_busy: 0,
            cores,
            reps: vec![Vec::new(); groups],
            peak_memory: 0,
            memory_now: None,
        }
    }

    /// Adds span `s` of lane `lane` (its part before `at`); `group` says which task group the
    /// span's [`Who`] works for, on a program's lane. False if the span begins at or after
    /// `at` (a lane's later spans need not be offered).
    pub fn span(&mut self, lane: usize, s: &Span, group: impl Fn(Who) -> Option<GroupId>) -> bool {
        if s.start >= self.at {
            return false;
        }
        let (start, end) = (s.start, s.end.min(self.at));
        let d = end - start;
        match self.lanes[lane] {
            Adds::Core(_) if s.state == State::Idle => {}
            Adds::Core(slot) => {
                self.core_busy += d;
                // Slot 0 is Python (and the interpreter's other work), slot 1 C.
                let kind = usize::from(s.state == State::RunningC);
                spread(&mut self.cores[slot][kind], self.bucket, start, end);
            }
            Adds::Nothing => {}
            Adds::States => {
                self.state_ns[s.state as usize] += d;
                let g = s.who.and_then(group);
                if let Some(g) = g.and_then(|g| self.group_ns.get_mut(g.index())) {
                    g.2 += d;
                    match s.state {
                        State::WaitingGil => g.0 += d,
                        State::WaitingLock => g.1 += d,
                        _ => {}
                    }
                }
            }
        }
        true
    }

    /// The makespan the tally was made for.
    pub fn makespan(&self) -> Nanos {
        self.makespan
    }

    /// Adds a repetition of a task of `group` that ran from `start` to `end`.
    pub fn rep(&mut self, group: GroupId, start: Nanos, end: Nanos) {
        if end <= self.at {
            self.reps[group.index()].push(end - start);
        }
    }

    /// Notes that `bytes` are in use from moment `at` on.
    pub fn memory(&mut self, at: Nanos, bytes: u64) {
        if let Some((then, was)) = self.memory_now {
            if then < at && then <= self.at {
                self.peak_memory = self.peak_memory.max(was);
            }
        }
        self.memory_now = Some((at, bytes));
    }

    /// Counts the last change of memory in the peak: call once nothing more happens.
    pub fn close(&mut self) {
        if let Some((then, was)) = self.memory_now.take() {
            if then <= self.at {
                self.peak_memory = self.peak_memory.max(was);
            }
        }
    }
}

/// Adds `[start, end)` to per-bucket totals.
fn spread(buckets: &mut [f64], bucket: Nanos, start: Nanos, end: Nanos) {
    let mut t = start;
    while t < end {
        let i = ((t / bucket) as usize).min(buckets.len() - 1);
        let edge = if i == buckets.len() - 1 {
            end
        } else {
            ((i as Nanos) + 1) * bucket
        };
        let until = edge.min(end);
        buckets[i] += (until - t) as f64;
        t = until;
    }
}
