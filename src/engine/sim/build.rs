//! Setting up a world before it runs: cores, interpreters, threads and their programs, queues,
//! gates, latches and jobs.

use std::collections::VecDeque;

use super::{
    Core, Gate, GateId, Gil, Interp, InterpId, JobId, Latch, LatchId, Lock, LockId, LockKind, Op,
    Program, Queue, QueueId, Status, Thread, ThreadId, World,
};
use crate::engine::queue::EventQueue;
use crate::engine::time::Nanos;
use crate::engine::trace::{GroupId, LaneKind, Recorder, TaskRecord};

impl World {
    /// An empty world with `cores` cores, for tasks whose groups are `task_groups` (one entry
    /// per task) named `group_names`.
    pub fn new(
        cores: u32,
        switch_interval: Nanos,
        remote_limit: u32,
        task_groups: Vec<GroupId>,
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
            locks: Vec::new(),
            lock_waits: vec![None; task_groups.len()],
            deadlock: None,
            channels: Vec::new(),
            arena: Vec::new(),
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
                    lane: None,
                    group,
                })
                .collect(),
            rep_start: vec![0; task_groups.len()],
            task_state: vec![None; task_groups.len()],
            task_groups,
            group_names,
            reps: Vec::new(),
            marks: Vec::new(),
            task_steps: Vec::new(),
            memory: vec![(0, 0)],
            mem_now: 0,
            end: 0,
            processed: 0,
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
        ops: impl IntoIterator<Item = Op>,
        home: Option<QueueId>,
    ) -> ThreadId {
        let lane = self.rec.lane(name, kind);
        let job = self.job(ops);
        self.threads.push(Thread {
            lane,
            interp,
            program: Program::default(),
            home,
            cur: None,
            status: Status::NotStarted,
            holds_gil: false,
            gen: 0,
            seg_start: 0,
            gil_wait_since: 0,
            task: None,
            runs_loop: kind == LaneKind::EventLoop,
            lock_wait: None,
        });
        let t = self.threads.len() - 1;
        self.prepend(t, job);
        t
    }

    /// Adds an empty work queue.
    pub fn queue(&mut self) -> QueueId {
        self.queues.push(Queue::default());
        QueueId::try_from(self.queues.len() - 1).expect("a world has a handful of queues")
    }

    /// Adds an event loop's ready queue: every job put on it is a task ready to resume (its
    /// first op names the task), recorded as the task's state.
    pub fn ready_queue(&mut self) -> QueueId {
        let q = self.queue();
        self.queues[usize::from(q)].ready_tasks = true;
        q
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

    /// Adds a lock named `name` (for reports) that behaves as `kind`, free at first.
    pub fn lock(&mut self, name: &str, kind: LockKind) -> LockId {
        self.locks.push(Lock::new(name, kind));
        LockId::try_from(self.locks.len() - 1).expect("a workload names a handful of locks")
    }

    /// How many ops and jobs the world holds so far.
    pub fn ops_and_jobs(&self) -> (usize, usize) {
        (self.arena.len(), self.jobs.len())
    }

    /// Makes room for `ops` more ops and `jobs` more jobs at once, rather than growing (and
    /// copying) the arena a dozen times in a large run.
    pub fn reserve(&mut self, ops: usize, jobs: usize) {
        self.arena.reserve(ops);
        self.jobs.reserve(jobs);
    }

    /// Stores a job for a later `Push`.
    pub fn job(&mut self, ops: impl IntoIterator<Item = Op>) -> JobId {
        let start = u32::try_from(self.arena.len()).expect("fewer than 2^32 ops");
        self.arena.extend(ops);
        self.jobs.push((start, self.arena_end()));
        JobId::try_from(self.jobs.len() - 1).expect("jobs are bounded by the task limit")
    }

    /// Where the arena ends now, as a job's bound.
    pub(super) fn arena_end(&self) -> u32 {
        u32::try_from(self.arena.len()).expect("fewer than 2^32 ops")
    }

    /// Starts a thread at time 0.
    pub fn start(&mut self, t: ThreadId) {
        self.wake_later(t);
    }
}
