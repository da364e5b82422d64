//! The engine's output: what every lane (thread, process, event loop, GIL, core) was doing, span
//! by span, plus task records and memory over time. Metrics are a pure function of this.

use std::hash::{Hash, Hasher};
use std::num::NonZeroU32;

use serde::Serialize;
use strum::{EnumString, IntoStaticStr, VariantArray, VariantNames};

use super::names::serde_by_name;

use super::time::Nanos;

mod deadlock;
mod hash;
mod queues;
mod recorder;
mod runs;
mod tasks;
pub use deadlock::{Deadlock, Ending, Stuck};
pub use hash::StableHasher;
pub use queues::{Depths, QueueDepth};
pub(crate) use recorder::Recorder;
pub use runs::Run;
pub use tasks::{RepRecord, TaskRecord, TaskState, TaskStep, NEVER};

/// An index stored as `index + 1` in a `NonZeroU32`, so that an `Option` of it costs nothing
/// (a large trace holds millions of spans). Serialised as the index.
macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(NonZeroU32);

        impl $name {
            /// The id of the item at `index` (a trace holds fewer than 2³² − 1 of anything).
            pub fn new(index: usize) -> Self {
                let n = u32::try_from(index + 1).ok().and_then(NonZeroU32::new);
                Self(n.expect("fewer than 2^32 - 1 items"))
            }

            /// Its index.
            pub fn index(self) -> usize {
                (self.0.get() - 1) as usize
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u64(self.index() as u64)
            }
        }
    };
}

index_type!(
    /// A lane of a trace: an index into [`Trace::lanes`].
    LaneId
);
index_type!(
    /// A task group: an index into [`Trace::groups`].
    GroupId
);
index_type!(
    /// A task: an index into [`Trace::tasks`].
    TaskId
);
index_type!(
    /// Whom a span concerns: on core and GIL lanes the thread lane running or holding
    /// ([`Who::lane`]); on thread, process and event-loop lanes the task being worked on
    /// ([`Who::task`]), so back-to-back stretches of two tasks stay two spans.
    Who
);

impl From<LaneId> for Who {
    fn from(l: LaneId) -> Self {
        Who(l.0)
    }
}

impl From<TaskId> for Who {
    fn from(t: TaskId) -> Self {
        Who(t.0)
    }
}

impl From<GroupId> for Who {
    fn from(g: GroupId) -> Self {
        Who(g.0)
    }
}

impl Who {
    /// The lane, on a core or GIL lane's span.
    pub fn lane(self) -> LaneId {
        LaneId(self.0)
    }

    /// The task, on a thread, process or event-loop lane's span.
    pub fn task(self) -> TaskId {
        TaskId(self.0)
    }

    /// The task group, where a span names one directly (hand-made lanes in tests).
    pub fn group(self) -> GroupId {
        GroupId(self.0)
    }
}

/// What a lane is doing during a span. Its name ([`crate::engine::Named`]) is the kebab-case
/// variant ("waiting-gil"), also used for CSS classes.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumString,
    IntoStaticStr,
    VariantArray,
    VariantNames,
)]
#[strum(serialize_all = "kebab-case")]
pub enum State {
    /// Running Python bytecode (holds its interpreter's GIL, if it has one).
    RunningPython,
    /// Running C code that released the GIL.
    RunningC,
    /// Ready to run Python but waiting for the GIL (uses no core).
    WaitingGil,
    /// Runnable, waiting for the OS to give it a core.
    WaitingCore,
    /// Blocked on I/O or a pipe (uses no core, holds no GIL).
    WaitingIo,
    /// Pickling arguments or results.
    Pickling,
    /// Unpickling arguments or results.
    Unpickling,
    /// Starting a process, thread or interpreter.
    Starting,
    /// Nothing to do.
    Idle,
    /// The event loop's own bookkeeping (creating, resuming and finishing tasks).
    LoopOverhead,
    /// On a GIL lane: the GIL is held (by `Span::who`).
    Held,
    /// Blocked until a lock the program takes (`threading.Lock`, `asyncio.Lock`,
    /// `multiprocessing.Lock`) is free: the program's own lock, not the GIL (uses no core,
    /// holds no GIL). Last, so the states before it keep the numbers pinned traces hash.
    WaitingLock,
    /// Blocked on a queue between pipeline stages: a get from an empty queue or a put into a
    /// full one (`queue.Queue`, `asyncio.Queue`); uses no core, holds no GIL. After
    /// `WaitingLock` for the same reason.
    WaitingQueue,
}

serde_by_name!(State);

impl State {
    /// A phrase for people: "waiting for the GIL".
    pub fn label(self) -> &'static str {
        match self {
            State::RunningPython => "running Python",
            State::RunningC => "running C (GIL released)",
            State::WaitingGil => "waiting for the GIL",
            State::WaitingCore => "waiting for a core",
            State::WaitingIo => "waiting for I/O",
            State::Pickling => "pickling",
            State::Unpickling => "unpickling",
            State::Starting => "starting",
            State::Idle => "idle",
            State::LoopOverhead => "event-loop overhead",
            State::Held => "GIL held",
            State::WaitingLock => "waiting for a lock",
            State::WaitingQueue => "waiting on a queue",
        }
    }

    /// One character per state for text timelines in tests and the CLI.
    pub fn glyph(self) -> char {
        match self {
            State::RunningPython => 'P',
            State::RunningC => 'C',
            State::WaitingGil => 'g',
            State::WaitingCore => 'r',
            State::WaitingIo => 'i',
            State::Pickling => 'k',
            State::Unpickling => 'u',
            State::Starting => 's',
            State::Idle => '.',
            State::LoopOverhead => 'l',
            State::Held => '#',
            State::WaitingLock => 'w',
            State::WaitingQueue => 'q',
        }
    }

    /// Whether a thread in this state is using a core.
    pub fn on_core(self) -> bool {
        matches!(
            self,
            State::RunningPython
                | State::RunningC
                | State::Pickling
                | State::Unpickling
                | State::Starting
                | State::LoopOverhead
        )
    }
}

/// What a lane stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, IntoStaticStr)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum LaneKind {
    /// A Python thread of the main process.
    Thread,
    /// A worker process's main thread (or a subinterpreter's thread).
    Process,
    /// The thread that runs an asyncio event loop.
    EventLoop,
    /// An interpreter's GIL.
    Gil,
    /// A CPU core.
    Core,
}

/// A span of time in one state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// Start, inclusive.
    pub start: Nanos,
    /// End, exclusive.
    pub end: Nanos,
    /// The state.
    pub state: State,
    /// Whom it concerns, if anyone (see [`Who`]).
    pub who: Option<Who>,
}

/// One lane of the timeline.
#[derive(Debug, Clone, PartialEq, Hash, Serialize)]
pub struct Lane {
    /// A name for people ("Thread 2", "GIL (main)", "Core 0").
    pub name: String,
    /// What it stands for.
    pub kind: LaneKind,
    /// Its spans, in time order, without gaps from 0 to the makespan.
    pub spans: Vec<Span>,
}

/// A GIL event worth pointing at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkKind {
    /// A waiting thread asked the holder to drop the GIL after a switch interval.
    DropRequest,
    /// The GIL passed from one thread to another.
    Handoff,
}

/// An instant event on a lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Mark {
    /// When.
    pub at: Nanos,
    /// The GIL lane it happened on.
    pub lane: LaneId,
    /// What happened.
    pub kind: MarkKind,
}

/// A complete run.
#[derive(Debug, Clone, PartialEq, Hash, Serialize)]
pub struct Trace {
    /// Every lane: threads, processes, event loops, GILs, cores.
    pub lanes: Vec<Lane>,
    /// Each task's start and end, by task number.
    pub tasks: Vec<TaskRecord>,
    /// The task groups' names.
    pub groups: Vec<String>,
    /// Every repetition of every task, in the order they ended.
    pub reps: Vec<RepRecord>,
    /// GIL drop requests and hand-offs.
    pub marks: Vec<Mark>,
    /// Every state change of every asyncio task, in time order (empty for models without an
    /// event loop): how many tasks are in flight, and where.
    pub task_steps: Vec<TaskStep>,
    /// (time, bytes in use) whenever memory in use changed.
    pub memory: Vec<(Nanos, u64)>,
    /// When the last task finished and the program ended.
    pub makespan: Nanos,
    /// Number of core lanes (the machine's cores).
    pub cores: u32,
    /// Events the engine processed.
    pub events: u64,
    /// The deadlock the run stopped on, if it did (its tasks never finish).
    pub deadlock: Ending,
    /// How many items each queue between pipeline stages held over time (none without a
    /// pipeline).
    pub queues: Depths,
}

impl Trace {
    /// A 64-bit hash of everything in the trace, for determinism checks across runs and
    /// targets: derived from the data (`#[derive(Hash)]`), so a new field is hashed too.
    pub fn fingerprint(&self) -> u64 {
        let mut h = StableHasher::default();
        self.hash(&mut h);
        h.finish()
    }

    /// How many asyncio tasks are in each [`TaskState`] at moment `at` (indexed by the state;
    /// all zero for models without an event loop).
    pub fn task_states_at(&self, at: Nanos) -> [u32; 5] {
        let mut now: Vec<Option<TaskState>> = vec![None; self.tasks.len()];
        for step in self.task_steps.iter().take_while(|s| s.at <= at) {
            now[step.task.index()] = Some(step.state);
        }
        let mut counts = [0; 5];
        for s in now.into_iter().flatten() {
            counts[s as usize] += 1;
        }
        counts
    }

    /// Draws the timeline as text, one row per lane and one character per `step` nanoseconds
    /// (the state at the middle of each step). Readable in test expectations:
    /// `Thread 1 |PPPPPggggg|`.
    pub fn render_text(&self, step: Nanos) -> String {
        let step = step.max(1);
        let cols = self.makespan.div_ceil(step);
        let width = self.lanes.iter().map(|l| l.name.len()).max().unwrap_or(0);
        let mut out = String::new();
        for lane in &self.lanes {
            let mut row = String::with_capacity(cols as usize);
            let mut i = 0;
            for c in 0..cols {
                let mid = c * step + step / 2;
                while i + 1 < lane.spans.len() && lane.spans[i].end <= mid {
                    i += 1;
                }
                row.push(lane.spans.get(i).map_or(' ', |s| s.state.glyph()));
            }
            out.push_str(&format!("{:width$} |{row}|\n", lane.name));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stable_hash_widens_sizes_so_every_target_agrees() {
        let hash = |f: &dyn Fn(&mut StableHasher)| {
            let mut h = StableHasher::default();
            f(&mut h);
            h.finish()
        };
        assert_eq!(hash(&|h| h.write_usize(7)), hash(&|h| h.write_u64(7)));
        assert_eq!(hash(&|h| h.write_isize(-1)), hash(&|h| h.write_i64(-1)));
        assert_ne!(hash(&|h| "ab".hash(h)), hash(&|h| "ab\0".hash(h)));
    }
}
