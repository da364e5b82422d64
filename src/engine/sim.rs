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
//! Cores: runnable threads beyond the core count wait in one FIFO run queue. A running thread
//! keeps its core until it blocks, or until its time slice ([`OS_TIMESLICE`]) ends while others
//! wait; it then goes to the back of the run queue. A thread waiting for the GIL uses no core.

use std::collections::VecDeque;

use super::calibration::OS_TIMESLICE;
use super::queue::EventQueue;
use super::time::{scale_permille, Nanos};
use super::trace::{LaneKind, Mark, MarkKind, Recorder, RepRecord, Span, State, TaskRecord, Trace};

/// Index of a thread in the world.
pub(crate) type ThreadId = usize;
/// Index of a work queue.
pub(crate) type QueueId = usize;
/// Index of a job (a list of ops waiting to be handed to a thread).
pub(crate) type JobId = usize;
/// Index of a latch.
pub(crate) type LatchId = usize;
/// Index of a gate (a semaphore in front of a queue).
pub(crate) type GateId = usize;
/// Index of an interpreter.
pub(crate) type InterpId = usize;

/// Whether work needs the GIL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Work {
    /// Python bytecode: needs the GIL and a core.
    Python,
    /// C code that released the GIL: needs only a core.
    C,
}

/// One step of a thread's program.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    /// Compute for `ns`, shown as `state`.
    Run { work: Work, ns: Nanos, state: State },
    /// Block on I/O for `ns`; `remote` requests count against the remote side's limit.
    Io { ns: Nanos, remote: bool },
    /// Start a non-blocking remote I/O request; when it completes, `job` goes to `queue`.
    Async {
        ns: Nanos,
        queue: QueueId,
        job: JobId,
    },
    /// Put `job` on `queue` (waking a waiting thread).
    Push { queue: QueueId, job: JobId },
    /// Put `job` through `gate` (passes at once if a permit is free).
    PushGated { gate: GateId, job: JobId },
    /// Return a permit to `gate`.
    Release { gate: GateId },
    /// Take the next job from `queue`, blocking while it is empty.
    Pop { queue: QueueId },
    /// Let a created thread begin its program.
    Start { thread: ThreadId },
    /// Record that task `n` began.
    TaskStart(u32),
    /// Record that task `n` finished.
    TaskEnd(u32),
    /// Task `n` begins a repetition of its phases.
    RepStart(u32),
    /// Task `n` ends a repetition.
    RepEnd(u32),
    /// The thread now works for task `n` (for the event loop, which switches between tasks), or
    /// for none (`u32::MAX`).
    Working(u32),
    /// Memory in use changes by this many bytes.
    Mem(i64),
    /// Count a latch down by `n`.
    CountDown { latch: LatchId, n: u32 },
    /// Block until a latch reaches zero.
    WaitLatch { latch: LatchId },
}

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
    lane: u32,
    interp: InterpId,
    ops: VecDeque<Op>,
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
    /// The task group it works for, or `Span::NOBODY`.
    group: u32,
}

#[derive(Debug)]
struct Gil {
    lane: u32,
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
    lane: u32,
    running: Option<ThreadId>,
    since: Nanos,
    slice_armed: bool,
    gen: u32,
}

#[derive(Debug, Default)]
struct Queue {
    jobs: VecDeque<JobId>,
    waiters: VecDeque<ThreadId>,
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

#[derive(Debug, Clone, Copy)]
enum IoTarget {
    Wake(ThreadId, u32),
    Deliver(QueueId, JobId),
}

#[derive(Debug, Clone, Copy)]
enum Ev {
    SegEnd(ThreadId, u32),
    Slice(usize, u32),
    GilDrop(InterpId, u32),
    Wake(ThreadId, u32),
    IoDone(IoTarget, bool),
}

/// Why a run could not finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// The run needed more events than [`MAX_EVENTS`].
    TooManyEvents,
}

/// The most events one run may process (about half a second natively, a second or two in a
/// browser); beyond it the scenario is refused as too large rather than freezing a tab. The
/// largest preset (10 000 connections) needs 80 000.
pub const MAX_EVENTS: u64 = 5_000_000;

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
    jobs: Vec<Vec<Op>>,
    remote_limit: u32,
    remote_busy: u32,
    remote_pending: VecDeque<(Nanos, IoTarget)>,
    switch_interval: Nanos,
    events: EventQueue<Ev>,
    now: Nanos,
    rec: Recorder,
    tasks: Vec<TaskRecord>,
    task_groups: Vec<u32>,
    group_names: Vec<String>,
    rep_start: Vec<Nanos>,
    reps: Vec<RepRecord>,
    marks: Vec<Mark>,
    memory: Vec<(Nanos, u64)>,
    mem_now: i64,
    end: Nanos,
}

impl World {
    /// An empty world with `cores` cores, for tasks whose groups are `task_groups` (one entry
    /// per task) named `group_names`.
    pub fn new(
        cores: u32,
        switch_interval: Nanos,
        remote_limit: u32,
        task_groups: Vec<u32>,
        group_names: Vec<String>,
    ) -> Self {
        let mut rec = Recorder::default();
        let mut cs = Vec::new();
        for i in 0..cores {
            let lane = rec.lane(format!("Core {i}"), LaneKind::Core);
            cs.push(Core {
                lane,
                running: None,
                since: 0,
                slice_armed: false,
                gen: 0,
            });
        }
        Self {
            threads: Vec::new(),
            interps: Vec::new(),
            cores: cs,
            run_queue: VecDeque::new(),
            queues: Vec::new(),
            gates: Vec::new(),
            latches: Vec::new(),
            jobs: Vec::new(),
            remote_limit,
            remote_busy: 0,
            remote_pending: VecDeque::new(),
            switch_interval,
            events: EventQueue::default(),
            now: 0,
            rec,
            tasks: task_groups
                .iter()
                .map(|&group| TaskRecord {
                    start: 0,
                    end: 0,
                    lane: Span::NOBODY,
                    group,
                })
                .collect(),
            rep_start: vec![0; task_groups.len()],
            task_groups,
            group_names,
            reps: Vec::new(),
            marks: Vec::new(),
            memory: vec![(0, 0)],
            mem_now: 0,
            end: 0,
        }
    }

    /// Adds an interpreter, with a GIL unless free-threaded; `python_permille` scales its
    /// Python work.
    pub fn interp(&mut self, name: &str, has_gil: bool, python_permille: u64) -> InterpId {
        let gil = has_gil.then(|| Gil {
            lane: self.rec.lane(format!("GIL ({name})"), LaneKind::Gil),
            holder: None,
            waiters: VecDeque::new(),
            last_switch: 0,
            timer_gen: 0,
            drop_request: false,
        });
        self.interps.push(Interp {
            gil,
            python_permille,
        });
        self.interps.len() - 1
    }

    /// Adds a thread that runs `ops`, then serves `home` (if any) forever. It begins when
    /// started by an [`Op::Start`] or by [`World::start`].
    pub fn thread(
        &mut self,
        name: String,
        kind: LaneKind,
        interp: InterpId,
        ops: Vec<Op>,
        home: Option<QueueId>,
    ) -> ThreadId {
        let lane = self.rec.lane(name, kind);
        self.threads.push(Thread {
            lane,
            interp,
            ops: ops.into(),
            home,
            cur: None,
            status: Status::NotStarted,
            holds_gil: false,
            gen: 0,
            seg_start: 0,
            gil_wait_since: 0,
            group: Span::NOBODY,
        });
        self.threads.len() - 1
    }

    /// Adds an empty work queue.
    pub fn queue(&mut self) -> QueueId {
        self.queues.push(Queue::default());
        self.queues.len() - 1
    }

    /// Adds a gate with `permits` in front of `target`.
    pub fn gate(&mut self, permits: u32, target: QueueId) -> GateId {
        self.gates.push(Gate {
            permits,
            pending: VecDeque::new(),
            target,
        });
        self.gates.len() - 1
    }

    /// Adds a latch that opens after `count` count-downs.
    pub fn latch(&mut self, count: u64) -> LatchId {
        self.latches.push(Latch {
            count,
            waiter: None,
        });
        self.latches.len() - 1
    }

    /// Stores a job for a later `Push`.
    pub fn job(&mut self, ops: Vec<Op>) -> JobId {
        self.jobs.push(ops);
        self.jobs.len() - 1
    }

    /// Starts a thread at time 0.
    pub fn start(&mut self, t: ThreadId) {
        self.wake_later(t);
    }

    /// Runs until nothing is left to happen, and returns the trace.
    pub fn run(mut self) -> Result<Trace, RunError> {
        let mut count: u64 = 0;
        while let Some((at, ev)) = self.events.pop() {
            count += 1;
            if count > MAX_EVENTS {
                return Err(RunError::TooManyEvents);
            }
            debug_assert!(at >= self.now, "time went backwards");
            self.now = at;
            self.handle(ev);
        }
        let end = self.end;
        Ok(Trace {
            cores: self.cores.len() as u32,
            lanes: self.rec.finish(end),
            tasks: self.tasks,
            groups: self.group_names,
            reps: self.reps,
            marks: self.marks,
            memory: self.memory,
            makespan: end,
            events: count,
        })
    }

    fn handle(&mut self, ev: Ev) {
        match ev {
            Ev::SegEnd(t, gen) if self.threads[t].gen == gen => {
                self.threads[t].cur = None;
                self.advance(t);
            }
            Ev::Slice(c, gen) if self.cores[c].gen == gen => {
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
                if self.interps[i]
                    .gil
                    .as_ref()
                    .is_some_and(|g| g.timer_gen == gen) =>
            {
                self.drop_request(i)
            }
            Ev::Wake(t, gen) if self.threads[t].gen == gen => {
                self.threads[t].status = Status::Blocked;
                self.advance(t);
            }
            Ev::IoDone(target, remote) => {
                if remote && self.remote_limit > 0 {
                    self.remote_busy -= 1;
                    if let Some((ns, next)) = self.remote_pending.pop_front() {
                        self.remote_busy += 1;
                        self.events.push(self.now + ns, Ev::IoDone(next, true));
                    }
                }
                match target {
                    IoTarget::Wake(t, gen) => self.handle(Ev::Wake(t, gen)),
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
        self.events.push(self.now + ns, Ev::IoDone(target, remote));
    }

    /// Schedules `t` to continue its program at the current time.
    fn wake_later(&mut self, t: ThreadId) {
        let th = &mut self.threads[t];
        th.gen += 1;
        self.events.push(self.now, Ev::Wake(t, th.gen));
    }

    /// Runs `t`'s instant ops until it must compute, block or exit.
    fn advance(&mut self, t: ThreadId) {
        loop {
            let th = &mut self.threads[t];
            let op = match th.ops.pop_front() {
                Some(op) => op,
                None => match th.home {
                    Some(queue) => Op::Pop { queue },
                    None => return self.exit(t),
                },
            };
            match op {
                Op::Run { ns: 0, .. } => {}
                Op::Run { work, ns, state } => {
                    let permille = self.interps[th.interp].python_permille;
                    let ns = if work == Work::Python {
                        scale_permille(ns, permille).max(1)
                    } else {
                        ns
                    };
                    th.cur = Some((work, ns, state));
                    return self.resume(t);
                }
                Op::Io { ns, remote } => {
                    self.block(t, State::WaitingIo);
                    let gen = self.threads[t].gen;
                    return self.io(ns, remote, IoTarget::Wake(t, gen));
                }
                Op::Async { ns, queue, job } => self.io(ns, true, IoTarget::Deliver(queue, job)),
                Op::Push { queue, job } => self.push(queue, job),
                Op::PushGated { gate, job } => {
                    let g = &mut self.gates[gate];
                    if g.permits > 0 {
                        g.permits -= 1;
                        let target = g.target;
                        self.push(target, job);
                    } else {
                        g.pending.push_back(job);
                    }
                }
                Op::Release { gate } => {
                    let g = &mut self.gates[gate];
                    match g.pending.pop_front() {
                        Some(job) => {
                            let target = g.target;
                            self.push(target, job);
                        }
                        None => g.permits += 1,
                    }
                }
                Op::Pop { queue } => match self.queues[queue].jobs.pop_front() {
                    Some(job) => self.prepend(t, job),
                    None => {
                        self.block(t, State::Idle);
                        return self.queues[queue].waiters.push_back(t);
                    }
                },
                Op::Start { thread } => self.wake_later(thread),
                Op::TaskStart(n) => {
                    let th = &mut self.threads[t];
                    let group = self.task_groups[n as usize];
                    th.group = group;
                    let lane = th.lane;
                    self.tasks[n as usize] = TaskRecord {
                        start: self.now,
                        end: self.now,
                        lane,
                        group,
                    };
                    self.show(t);
                }
                Op::TaskEnd(n) => {
                    self.tasks[n as usize].end = self.now;
                    self.end = self.end.max(self.now);
                    self.threads[t].group = Span::NOBODY;
                    self.show(t);
                }
                Op::RepStart(n) => self.rep_start[n as usize] = self.now,
                Op::RepEnd(n) => self.reps.push(RepRecord {
                    group: self.task_groups[n as usize],
                    start: self.rep_start[n as usize],
                    end: self.now,
                }),
                Op::Working(n) => {
                    self.threads[t].group = self
                        .task_groups
                        .get(n as usize)
                        .copied()
                        .unwrap_or(Span::NOBODY);
                    self.show(t);
                }
                Op::Mem(delta) => {
                    self.mem_now += delta;
                    let bytes = self.mem_now.max(0) as u64;
                    match self.memory.last_mut() {
                        Some(last) if last.0 == self.now => last.1 = bytes,
                        _ => self.memory.push((self.now, bytes)),
                    }
                }
                Op::CountDown { latch, n } => {
                    let l = &mut self.latches[latch];
                    l.count = l.count.saturating_sub(n.into());
                    if l.count == 0 {
                        if let Some(w) = l.waiter.take() {
                            self.wake_later(w);
                        }
                    }
                }
                Op::WaitLatch { latch } => {
                    if self.latches[latch].count > 0 {
                        self.block(t, State::Idle);
                        self.latches[latch].waiter = Some(t);
                        return;
                    }
                }
            }
        }
    }

    fn prepend(&mut self, t: ThreadId, job: JobId) {
        let ops = std::mem::take(&mut self.jobs[job]);
        let th = &mut self.threads[t];
        for op in ops.into_iter().rev() {
            th.ops.push_front(op);
        }
    }

    fn push(&mut self, queue: QueueId, job: JobId) {
        match self.queues[queue].waiters.pop_front() {
            Some(w) => {
                self.prepend(w, job);
                self.wake_later(w);
            }
            None => self.queues[queue].jobs.push_back(job),
        }
    }

    fn exit(&mut self, t: ThreadId) {
        self.block(t, State::Idle);
        self.threads[t].status = Status::Done;
        self.end = self.end.max(self.now);
    }

    /// `t` has a compute op: get it the GIL if it needs one, then a core, then run it.
    fn resume(&mut self, t: ThreadId) {
        let Some((work, _, _)) = self.threads[t].cur else {
            return;
        };
        let interp = self.threads[t].interp;
        if let Some(gil) = &self.interps[interp].gil {
            let holds = self.threads[t].holds_gil;
            if work == Work::Python && holds && gil.drop_request {
                // Asked to drop: do so now, and queue behind the waiter (FORCE_SWITCHING).
                self.release_gil(t);
            }
            let holds = self.threads[t].holds_gil;
            let gil = self.interps[interp].gil.as_mut().expect("checked above");
            if work == Work::Python && !holds {
                if gil.holder.is_none() {
                    self.take_gil(t);
                } else {
                    gil.waiters.push_back(t);
                    // Mark it waiting before freeing its core: the thread that gets the core
                    // may release the GIL and hand it straight to this one.
                    let th = &mut self.threads[t];
                    let core = match th.status {
                        Status::Running(c) => Some(c),
                        _ => None,
                    };
                    th.status = Status::WaitGil;
                    th.gen += 1;
                    th.gil_wait_since = self.now;
                    self.show(t);
                    self.arm_drop_timer(interp);
                    if let Some(c) = core {
                        self.free_core(c);
                    }
                    return;
                }
            } else if work == Work::C && holds {
                self.release_gil(t);
            }
        }
        match self.threads[t].status {
            Status::Running(c) => self.begin_segment(t, c),
            _ => self.want_core(t),
        }
    }

    fn take_gil(&mut self, t: ThreadId) {
        let now = self.now;
        let lane = self.threads[t].lane;
        let gil = self.interps[self.threads[t].interp]
            .gil
            .as_mut()
            .expect("has a GIL");
        gil.holder = Some(t);
        gil.last_switch = now;
        gil.drop_request = false;
        let gil_lane = gil.lane;
        let interp = self.threads[t].interp;
        self.threads[t].holds_gil = true;
        self.rec.set(gil_lane, now, State::Held, lane);
        self.marks.push(Mark {
            at: now,
            lane: gil_lane,
            kind: MarkKind::Handoff,
        });
        self.arm_drop_timer(interp);
    }

    /// Releases `t`'s GIL and hands it to the first waiter, who then wants a core.
    fn release_gil(&mut self, t: ThreadId) {
        self.threads[t].holds_gil = false;
        let gil = self.interps[self.threads[t].interp]
            .gil
            .as_mut()
            .expect("has a GIL");
        gil.holder = None;
        gil.drop_request = false;
        let gil_lane = gil.lane;
        match gil.waiters.pop_front() {
            Some(w) => {
                self.threads[w].status = Status::ReadyCore;
                self.take_gil(w);
                self.want_core(w);
            }
            None => {
                gil.timer_gen += 1;
                self.rec.set(gil_lane, self.now, State::Idle, Span::NOBODY)
            }
        }
    }

    /// Schedules the next drop request of `interp`'s GIL, if anyone waits for it.
    ///
    /// In CPython every waiter sleeps one switch interval at a time; when it wakes and the GIL
    /// has not changed hands since it went to sleep, it sets the drop request. A waiter that
    /// began waiting at `since` therefore wakes at `since + k·interval`, and the first wake-up
    /// that started at or after the last switch finds no switch. One timer per GIL, at the
    /// earliest such moment over all waiters, gives the same drop requests as a timer per
    /// waiter without the event traffic of idle wake-ups.
    fn arm_drop_timer(&mut self, interp: InterpId) {
        let interval = self.switch_interval;
        let Some(gil) = self.interps[interp].gil.as_mut() else {
            return;
        };
        gil.timer_gen += 1;
        if gil.holder.is_none() || gil.drop_request {
            return;
        }
        let last = gil.last_switch;
        let due = gil
            .waiters
            .iter()
            .map(|&w| {
                let since = self.threads[w].gil_wait_since;
                let skipped = last.saturating_sub(since).div_ceil(interval);
                since + (skipped + 1) * interval
            })
            .min();
        if let Some(at) = due {
            self.events.push(at, Ev::GilDrop(interp, gil.timer_gen));
        }
    }

    fn drop_request(&mut self, interp: InterpId) {
        let gil = self.interps[interp].gil.as_mut().expect("has a GIL");
        let Some(holder) = gil.holder else { return };
        gil.drop_request = true;
        let now = self.now;
        self.marks.push(Mark {
            at: now,
            lane: gil.lane,
            kind: MarkKind::DropRequest,
        });
        // A running holder notices at its next eval-breaker check, here at once; one that is
        // waiting for a core notices when it runs again (see `resume`).
        if let Status::Running(_) = self.threads[holder].status {
            self.pause(holder);
            self.resume(holder);
        }
    }

    /// Stops `t`'s running segment, keeping the work it has left.
    fn pause(&mut self, t: ThreadId) {
        let now = self.now;
        let th = &mut self.threads[t];
        if let (Status::Running(_), Some(cur)) = (th.status, th.cur.as_mut()) {
            cur.1 -= (now - th.seg_start).min(cur.1);
            th.seg_start = now;
        }
        th.gen += 1;
    }

    /// Blocks `t` (I/O, an empty queue, a latch): it drops the GIL and its core.
    fn block(&mut self, t: ThreadId, state: State) {
        if self.threads[t].holds_gil {
            self.release_gil(t);
        }
        self.unseat(t);
        let th = &mut self.threads[t];
        th.status = Status::Blocked;
        th.gen += 1;
        let (lane, group) = (th.lane, th.group);
        self.rec.set(lane, self.now, state, group);
    }

    /// Takes `t` off its core, if it has one.
    fn unseat(&mut self, t: ThreadId) {
        if let Status::Running(c) = self.threads[t].status {
            self.threads[t].status = Status::Blocked;
            self.free_core(c);
        }
    }

    fn want_core(&mut self, t: ThreadId) {
        match self.cores.iter().position(|c| c.running.is_none()) {
            Some(c) => self.seat(t, c),
            None => {
                self.threads[t].status = Status::ReadyCore;
                self.show(t);
                self.run_queue.push_back(t);
                self.arm_slices();
            }
        }
    }

    /// Gives core `c` to `t`.
    fn seat(&mut self, t: ThreadId, c: usize) {
        let core = &mut self.cores[c];
        core.running = Some(t);
        core.since = self.now;
        core.gen += 1;
        core.slice_armed = false;
        self.threads[t].status = Status::Running(c);
        if !self.run_queue.is_empty() {
            self.arm_slices();
        }
        // It may have been asked to drop the GIL while it waited for this core.
        self.resume(t);
    }

    fn free_core(&mut self, c: usize) {
        let core = &mut self.cores[c];
        core.running = None;
        core.gen += 1;
        core.slice_armed = false;
        let lane = core.lane;
        self.rec.set(lane, self.now, State::Idle, Span::NOBODY);
        if let Some(next) = self.run_queue.pop_front() {
            self.seat(next, c);
        }
    }

    /// Once threads queue for cores, every running thread's time slice counts.
    fn arm_slices(&mut self) {
        for (i, core) in self.cores.iter_mut().enumerate() {
            if core.running.is_some() && !core.slice_armed {
                core.slice_armed = true;
                let at = self.now.max(core.since + OS_TIMESLICE);
                self.events.push(at, Ev::Slice(i, core.gen));
            }
        }
    }

    fn begin_segment(&mut self, t: ThreadId, c: usize) {
        let now = self.now;
        let th = &mut self.threads[t];
        let (_, left, _) = th.cur.expect("has work");
        th.seg_start = now;
        th.gen += 1;
        self.events.push(now + left, Ev::SegEnd(t, th.gen));
        let lane = th.lane;
        self.show(t);
        let state = self.threads[t].cur.map_or(State::Idle, |c| c.2);
        self.rec.set(self.cores[c].lane, now, state, lane);
    }

    /// Records `t`'s visible state.
    fn show(&mut self, t: ThreadId) {
        let th = &self.threads[t];
        let state = match th.status {
            Status::Running(_) => th.cur.map_or(State::Idle, |c| c.2),
            Status::ReadyCore => State::WaitingCore,
            Status::WaitGil => State::WaitingGil,
            Status::Blocked | Status::NotStarted | Status::Done => State::Idle,
        };
        self.rec.set(th.lane, self.now, state, th.group);
    }
}
