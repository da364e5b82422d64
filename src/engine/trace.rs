//! The engine's output: what every lane (thread, process, event loop, GIL, core) was doing, span
//! by span, plus task records and memory over time. Metrics are a pure function of this.

use serde::{Deserialize, Serialize};

use super::time::Nanos;

mod recorder;
pub(crate) use recorder::Recorder;

/// What a lane is doing during a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
}

impl State {
    /// Every state, in legend order.
    pub const ALL: [State; 11] = [
        State::RunningPython,
        State::RunningC,
        State::WaitingGil,
        State::WaitingCore,
        State::WaitingIo,
        State::Pickling,
        State::Unpickling,
        State::Starting,
        State::Idle,
        State::LoopOverhead,
        State::Held,
    ];

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
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

/// A span of time in one state. `who` names the lane a core or GIL span belongs to, or
/// [`Span::NOBODY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Start, inclusive.
    pub start: Nanos,
    /// End, exclusive.
    pub end: Nanos,
    /// The state.
    pub state: State,
    /// On core and GIL lanes, the thread lane running or holding; on thread lanes, the task
    /// group being worked on; else `NOBODY`.
    pub who: u32,
}

impl Span {
    /// `who` for spans that concern nobody else.
    pub const NOBODY: u32 = u32::MAX;
}

/// One lane of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lane {
    /// A name for people ("Thread 2", "GIL (main)", "Core 0").
    pub name: String,
    /// What it stands for.
    pub kind: LaneKind,
    /// Its spans, in time order, without gaps from 0 to the makespan.
    pub spans: Vec<Span>,
}

/// A stretch of one state on a lane, as drawn at a given resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Start, inclusive.
    pub start: Nanos,
    /// End, exclusive.
    pub end: Nanos,
    /// The state shown for the stretch.
    pub state: State,
    /// As [`Span::who`], for the run's first span.
    pub who: u32,
}

impl Lane {
    /// The lane reduced to at most `columns` runs over `[0, end)`: each column shows the state at
    /// its middle, and neighbouring columns in the same state merge. This keeps drawing cost
    /// bounded by the screen, not by the number of spans (a loop lane can hold 100 000).
    pub fn runs(&self, end: Nanos, columns: u32) -> Vec<Run> {
        let columns = u64::from(columns.max(1));
        let step = end.div_ceil(columns).max(1);
        let mut out: Vec<Run> = Vec::new();
        let mut i = 0;
        let mut at = 0;
        while at < end {
            let mid = at + step / 2;
            while i + 1 < self.spans.len() && self.spans[i].end <= mid {
                i += 1;
            }
            let until = (at + step).min(end);
            if let Some(span) = self.spans.get(i) {
                match out.last_mut() {
                    Some(last) if last.state == span.state && last.end == at => last.end = until,
                    _ => out.push(Run {
                        start: at,
                        end: until,
                        state: span.state,
                        who: span.who,
                    }),
                }
            }
            at = until;
        }
        out
    }
}

/// When a task began and finished its work, and on which lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TaskRecord {
    /// When a worker started the task.
    pub start: Nanos,
    /// When it finished.
    pub end: Nanos,
    /// The lane that ran it.
    pub lane: u32,
    /// Its task group (index into [`Trace::groups`]).
    pub group: u32,
}

/// One repetition of a task's phases (a loop iteration), start to end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RepRecord {
    /// Its task group.
    pub group: u32,
    /// When it began.
    pub start: Nanos,
    /// When it ended.
    pub end: Nanos,
}

/// A GIL event worth pointing at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkKind {
    /// A waiting thread asked the holder to drop the GIL after a switch interval.
    DropRequest,
    /// The GIL passed from one thread to another.
    Handoff,
}

/// An instant event on a lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Mark {
    /// When.
    pub at: Nanos,
    /// The GIL lane it happened on.
    pub lane: u32,
    /// What happened.
    pub kind: MarkKind,
}

/// A complete run.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// (time, bytes in use) whenever memory in use changed.
    pub memory: Vec<(Nanos, u64)>,
    /// When the last task finished and the program ended.
    pub makespan: Nanos,
    /// Number of core lanes (the machine's cores).
    pub cores: u32,
    /// Events the engine processed.
    pub events: u64,
}

impl Trace {
    /// A 64-bit FNV-1a hash of everything in the trace, for determinism checks across runs and
    /// targets. It walks the data directly so that it costs no allocation.
    pub fn hash(&self) -> u64 {
        let mut h = Fnv::default();
        h.u64(self.makespan);
        h.u64(self.events);
        h.u64(self.cores.into());
        for lane in &self.lanes {
            h.bytes(lane.name.as_bytes());
            h.u64(lane.kind as u64);
            for s in &lane.spans {
                h.u64(s.start);
                h.u64(s.end);
                h.u64(s.state as u64);
                h.u64(s.who.into());
            }
        }
        for t in &self.tasks {
            h.u64(t.start);
            h.u64(t.end);
            h.u64(t.lane.into());
            h.u64(t.group.into());
        }
        for g in &self.groups {
            h.bytes(g.as_bytes());
        }
        for r in &self.reps {
            h.u64(r.group.into());
            h.u64(r.start);
            h.u64(r.end);
        }
        for m in &self.marks {
            h.u64(m.at);
            h.u64(m.lane.into());
            h.u64(m.kind as u64);
        }
        for &(t, b) in &self.memory {
            h.u64(t);
            h.u64(b);
        }
        h.0
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

/// FNV-1a over 64-bit words (not bytes), with a shift to fold high bits down: cheap enough to
/// hash every span of a large trace on each run, and stable on every target.
#[derive(Debug)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn bytes(&mut self, b: &[u8]) {
        for chunk in b.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.u64(u64::from_le_bytes(word));
        }
        self.u64(b.len() as u64);
    }
    fn u64(&mut self, v: u64) {
        self.0 = (self.0 ^ v).wrapping_mul(0x0100_0000_01b3);
        self.0 ^= self.0 >> 29;
    }
}
