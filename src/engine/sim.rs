//! The scheduler: OS threads on cores, GILs, work queues and I/O, driven by an event queue.
//!
//! A thread works through a list of [`Op`]s. Python work needs the thread's interpreter's GIL
//! (if it has one) and a core; C work that releases the GIL needs only a core; I/O needs
//! neither. The rest are instant bookkeeping (queues, latches, task records).
//!
//! GIL ("new GIL", CPython 3.2+): a thread that wants a held GIL waits one switch interval; if
//! the GIL has not changed hands meanwhile, it sets a drop request and the holder drops the GIL
//! at its next check (at once if it is running; as soon as it runs again otherwise). Waiters are
//! served first-come first-served, and a thread forced to drop joins the back of the line, so it
//! cannot take the GIL back before another thread had it (FORCE_SWITCHING). The convoy effect
//! is not scripted anywhere: it follows from these rules.
//!
//! Locks the program takes: see [`locks`] for how they pass from task to task, and how a
//! deadlock is found. Queues between pipeline stages: see [`channels`].
//!
//! Cores: runnable threads beyond the core count wait in one FIFO run queue. A running thread
//! keeps its core until it blocks, or until its time slice
//! ([`OS_TIMESLICE`](super::calibration::OS_TIMESLICE)) ends while others
//! wait; it then goes to the back of the run queue. A thread waiting for the GIL uses no core.

use std::collections::VecDeque;

use super::queue::EventQueue;
use super::time::Nanos;
use super::trace::{
    Deadlock, GroupId, LaneId, Mark, Recorder, RepRecord, State, TaskId, TaskRecord, TaskState,
    TaskStep, Trace,
};
use super::TooLarge;

mod build;
mod channels;
mod cores;
mod gil;
mod keep;
mod locks;
mod op;
mod program;

use channels::Channel;
use locks::Lock;
use program::Program;

pub(crate) use locks::LockKind;
pub(crate) use op::{
    ChanId, GateId, InterpId, JobId, LatchId, LockId, Op, QueueId, ThreadId, Work,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    NotStarted,
    Running(usize),
    ReadyCore,
    WaitGil,
    Blocked,
    Done,
}

#[derive(Debug)]
struct Thread {
    lane: LaneId,
    interp: InterpId,
    program: Program,
    home: Option<QueueId>,
    /// The compute op in progress: (work, nanoseconds left, state shown).
    cur: Option<(Work, Nanos, State)>,
    status: Status,
    holds_gil: bool,
    /// Bumped whenever pending events about this thread become stale.
    gen: u32,
    seg_start: Nanos,
    /// When it began waiting for the GIL: its switch-interval timer ticks from here.
    gil_wait_since: Nanos,
    /// The task it works on, if any.
    task: Option<TaskId>,
    /// Whether it runs an event loop (whose tasks' states are recorded).
    runs_loop: bool,
    /// The lock it is blocked on (or being woken for), and since when it has waited for it.
    lock_wait: Option<(LockId, Nanos)>,
}

#[derive(Debug)]
struct Gil {
    lane: LaneId,
    holder: Option<ThreadId>,
    waiters: VecDeque<ThreadId>,
    /// When the GIL last changed hands.
    last_switch: Nanos,
    /// Bumped to cancel the pending drop-request timer.
    timer_gen: u32,
    drop_request: bool,
}

#[derive(Debug)]
struct Interp {
    gil: Option<Gil>,
    python_permille: u64,
}

#[derive(Debug)]
struct Core {
    lane: LaneId,
    running: Option<ThreadId>,
    since: Nanos,
    slice_armed: bool,
    gen: u32,
}

#[derive(Debug, Default)]
struct Queue {
    jobs: VecDeque<JobId>,
    waiters: VecDeque<ThreadId>,
    /// An event loop's ready queue: a job on it is a task ready to resume.
    ready_tasks: bool,
}

#[derive(Debug)]
struct Gate {
    permits: u32,
    pending: VecDeque<JobId>,
    target: QueueId,
}

#[derive(Debug)]
struct Latch {
    count: u64,
    waiter: Option<ThreadId>,
}

/// Where a finished I/O goes: back to the thread blocked on it (nothing else can wake a thread
/// blocked on I/O, so no generation is needed), or a job onto a queue.
#[derive(Debug, Clone, Copy)]
enum IoTarget {
    Wake(Idx),
    Deliver(QueueId, JobId),
}

/// A thread, core or interpreter index as events store it: narrow, because thousands of pending
/// events are moved around the event heap (12-byte events, 24-byte heap entries).
type Idx = u32;

/// Something that happens at a moment: each carries the generation of its thread, core or GIL
/// timer when scheduled, and is ignored if that has moved on.
#[derive(Debug, Clone, Copy)]
enum Ev {
    SegEnd(Idx, u32),
    Slice(Idx, u32),
    GilDrop(Idx, u32),
    Wake(Idx, u32),
    /// A thread woken by a lock's release is ready to take it.
    LockWake(Idx, u32),
    /// A local I/O wait ended.
    IoDone(IoTarget),
    /// A request to the remote side (which may limit how many it serves at once) ended.
    RemoteDone(IoTarget),
}

const _: () = assert!(std::mem::size_of::<Ev>() == 12);

/// An index narrowed for an event; a world has far fewer than 2³² threads, cores or GILs.
fn idx(i: usize) -> Idx {
    Idx::try_from(i).expect("fewer than 2^32 threads, cores and interpreters")
}

/// The most events one run may process (about 7 s natively); beyond it the scenario is refused
/// as too large rather than running for minutes. A million asyncio connections need 7 million.
pub const MAX_EVENTS: u64 = 100_000_000;

/// The most records a run may hold at once: pending events, and for a run that keeps its
/// timeline its spans, GIL marks, task steps, memory samples and repetitions (16–24 bytes each,
/// so at most some 800 MB with the vectors' spare room, which a browser tab can hold). A million
/// asyncio connections with their timeline hold about 20 million; a run whose threads trade the
/// GIL every microsecond for an hour would grow without end (each switch leaves a stale event
/// behind, dropped only when its time comes).
pub const MAX_HELD: u64 = 25_000_000;

/// How often (in events) a run counts what it holds against [`MAX_HELD`].
const HELD_CHECK: u64 = 1 << 16;

/// The simulated program and machine, and the event loop that runs them.
#[derive(Debug)]
pub(crate) struct World {
    threads: Vec<Thread>,
    interps: Vec<Interp>,
    cores: Vec<Core>,
    run_queue: VecDeque<ThreadId>,
    queues: Vec<Queue>,
    gates: Vec<Gate>,
    latches: Vec<Latch>,
    locks: Vec<Lock>,
    /// The lock each task waits for, if any: with each lock's holder, the graph a deadlock is
    /// a cycle of.
    lock_waits: Vec<Option<LockId>>,
    /// The first cycle of tasks waiting for each other's locks, once one closes.
    deadlock: Option<Deadlock>,
    /// The queues pipeline stages pass items through.
    channels: Vec<Channel>,
    /// Every op of every thread's program and job, each job a contiguous run of it: built once,
    /// read in place by the threads' cursors.
    arena: Vec<Op>,
    /// Where each job's ops are in `arena` (`start..end`, as `u32`: a large run has millions of
    /// jobs). Mostly one after another, but a pipeline stage's loop body is written after the
    /// jobs it names (`reserve_job`, `fill_job`), so each job keeps its own end.
    jobs: Vec<(u32, u32)>,
    remote_limit: u32,
    remote_busy: u32,
    remote_pending: VecDeque<(Nanos, IoTarget)>,
    switch_interval: Nanos,
    events: EventQueue<Ev>,
    now: Nanos,
    rec: Recorder,
    tasks: Vec<TaskRecord>,
    task_groups: Vec<GroupId>,
    group_names: Vec<String>,
    rep_start: Vec<Nanos>,
    reps: Vec<RepRecord>,
    marks: Vec<Mark>,
    /// Each task's state on its event loop, once it has one.
    task_state: Vec<Option<TaskState>>,
    task_steps: Vec<TaskStep>,
    memory: Vec<(Nanos, u64)>,
    mem_now: i64,
    end: Nanos,
    processed: u64,
}

impl World {
    /// Runs until nothing is left to happen, and returns the trace.
    pub fn run(mut self) -> Result<Trace, TooLarge> {
        while !self.step(u64::MAX)? {}
        Ok(self.finish())
    }

    /// Processes up to `budget` events; true once nothing is left to happen. Lets a caller run a
    /// large simulation in slices (a browser tab stays responsive between them).
    pub fn step(&mut self, budget: u64) -> Result<bool, TooLarge> {
        for _ in 0..budget {
            let Some((at, ev)) = self.events.pop() else {
                return Ok(true);
            };
            self.processed += 1;
            if self.processed > MAX_EVENTS {
                return Err(TooLarge::Events);
            }
            if self.processed % HELD_CHECK == 0 && self.held() > MAX_HELD {
                return Err(TooLarge::Held);
            }
            debug_assert!(at >= self.now, "time went backwards");
            self.now = at;
            self.handle(ev);
        }
        Ok(false)
    }

    /// Events processed so far.
    pub fn processed(&self) -> u64 {
        self.processed
    }

    fn handle(&mut self, ev: Ev) {
        match ev {
            Ev::SegEnd(t, gen) if self.threads[t as usize].gen == gen => {
                let t = t as usize;
                self.threads[t].cur = None;
                self.advance(t);
            }
            Ev::Slice(c, gen) if self.cores[c as usize].gen == gen => {
                let c = c as usize;
                self.cores[c].slice_armed = false;
                if let (Some(t), false) = (self.cores[c].running, self.run_queue.is_empty()) {
                    self.pause(t);
                    self.threads[t].status = Status::ReadyCore;
                    self.show(t);
                    self.run_queue.push_back(t);
                    self.free_core(c);
                }
            }
            Ev::GilDrop(i, gen)
                if self.interps[i as usize]
                    .gil
                    .as_ref()
                    .is_some_and(|g| g.timer_gen == gen) =>
            {
                self.drop_request(i as usize)
            }
            Ev::Wake(t, gen) if self.threads[t as usize].gen == gen => {
                let t = t as usize;
                self.threads[t].status = Status::Blocked;
                self.advance(t);
            }
            Ev::LockWake(t, gen) if self.threads[t as usize].gen == gen => {
                self.lock_woken(t as usize)
            }
            Ev::IoDone(target) | Ev::RemoteDone(target) => {
                if matches!(ev, Ev::RemoteDone(_)) && self.remote_limit > 0 {
                    self.remote_busy -= 1;
                    if let Some((ns, next)) = self.remote_pending.pop_front() {
                        self.remote_busy += 1;
                        self.events.push(self.now + ns, Ev::RemoteDone(next));
                    }
                }
                match target {
                    IoTarget::Wake(t) => {
                        let t = t as usize;
                        self.threads[t].status = Status::Blocked;
                        self.advance(t);
                    }
                    IoTarget::Deliver(q, job) => self.push(q, job),
                }
            }
            _ => {} // a stale event: the thread or core moved on since it was scheduled
        }
    }

    fn io(&mut self, ns: Nanos, remote: bool, target: IoTarget) {
        if remote && self.remote_limit > 0 {
            if self.remote_busy >= self.remote_limit {
                self.remote_pending.push_back((ns, target));
                return;
            }
            self.remote_busy += 1;
        }
        let ev = if remote {
            Ev::RemoteDone(target)
        } else {
            Ev::IoDone(target)
        };
        self.events.push(self.now + ns, ev);
    }

    /// Schedules `t` to continue its program at the current time.
    fn wake_later(&mut self, t: ThreadId) {
        let th = &mut self.threads[t];
        th.gen += 1;
        self.events.push(self.now, Ev::Wake(idx(t), th.gen));
    }
}
