//! Each concurrency model as a program for the scheduler: which threads, processes and
//! interpreters exist, and what ops each runs. The costs all come from `calibration`.
//!
//! A repetition of a task runs its I/O, its Python work, its C work, then its locked work (see
//! `locks`); a pipeline stage gets its item before and puts one after (see `pipeline`).

use super::calibration as cal;
use super::plan::Plan;
use super::scenario::{IoKind, ModelKind};
use super::sim::{InterpId, Op, QueueId, ThreadId, Work, World};
use super::time::Nanos;
use super::trace::{LaneKind, State};

fn py(ns: Nanos, state: State) -> Op {
    Op::Run {
        work: Work::Python,
        ns,
        state,
    }
}

/// The calls a blocking I/O operation of `kind` makes.
fn calls(kind: IoKind) -> &'static cal::IoCalls {
    match kind {
        IoKind::Sleep => &cal::SLEEP_CALLS,
        IoKind::Socket => &cal::SOCKET_CALLS,
        IoKind::Http => &cal::HTTP_CALLS,
        IoKind::File => &cal::FILE_CALLS,
        IoKind::Sqlite => &cal::SQLITE_CALLS,
    }
}

/// What an awaited asyncio call of `kind` costs (kinds asyncio cannot await block the loop).
fn awaited(kind: IoKind) -> &'static cal::Awaited {
    match kind {
        IoKind::Socket => &cal::SOCKET_AWAITED,
        IoKind::Http => &cal::HTTP_AWAITED,
        _ => &cal::SLEEP_AWAITED,
    }
}

/// The Python work around one I/O call (`default` unless the scenario's `io_call_us` says),
/// split evenly before the wait (building the request) and after it (parsing the reply): so a
/// task always needs the GIL or the loop back when its I/O ends. An awaited call's default is
/// its kind's [`awaited`] figure; I/O holding a lock is a sleep.
fn io_call(t: &Task, default: Nanos) -> (Op, Op) {
    let total = t.io_call.unwrap_or(default);
    (
        py(total / 2, State::RunningPython),
        py(total - total / 2, State::RunningPython),
    )
}

/// How long an awaited I/O call of repetition `rep` waits.
fn awaited_wait(t: &Task, rep: usize) -> Nanos {
    t.io[rep] + awaited(t.io_kind).extra_wait
}

/// One repetition's I/O as blocking calls: each after its Python work, which holds the GIL, so
/// a thread needs the GIL back after every call. The scenario's `io_call_us` replaces the
/// kind's Python work in all, shared out in the kind's proportions.
fn blocking_io(t: &Task, rep: usize, out: &mut Vec<Op>) {
    if t.io[rep] == 0 {
        return;
    }
    let kind = calls(t.io_kind);
    let default = kind.python();
    let mut left = t.io_call.unwrap_or(default);
    let total = left;
    // Each piece of Python work, scaled to the total; the last takes what rounding left over.
    let mut python = |ns: Nanos| {
        let piece = (u128::from(ns) * u128::from(total) / u128::from(default.max(1))) as Nanos;
        left -= piece.min(left);
        py(piece, State::RunningPython)
    };
    for (i, &(before, call)) in kind.calls.iter().enumerate() {
        out.push(python(before));
        out.push(match i == kind.waits {
            true if kind.on_core => Op::Run {
                work: Work::C,
                ns: t.io[rep] + call,
                state: State::RunningC,
            },
            true => Op::Io {
                ns: t.io[rep] + call,
                remote: true,
            },
            false => Op::Io {
                ns: call,
                remote: false,
            },
        });
    }
    out.push(py(left, State::RunningPython));
}

/// One repetition's computation: Python work, then C work that releases the GIL.
fn compute(t: &Task, out: &mut Vec<Op>) {
    out.push(py(t.cpu, State::RunningPython));
    out.push(Op::Run {
        work: Work::C,
        ns: t.cext,
        state: State::RunningC,
    });
}

/// The task's work as a plain function running in one thread: each repetition makes a blocking
/// call, computes, then does its locked work.
fn blocking_work(t: &Task, out: &mut Vec<Op>) {
    for rep in 0..t.repeat as usize {
        out.push(Op::RepStart(t.n));
        blocking_io(t, rep, out);
        compute(t, out);
        locks::blocking_section(t, out);
        out.push(Op::RepEnd(t.n));
        if let Some(chan) = t.put {
            out.extend(t.queue_cost.put(chan));
        }
    }
}

/// Builds the world that runs `plan`; the caller runs it.
pub(crate) fn build(plan: &Plan) -> World {
    let locks = locks::Locks::of(plan);
    let chans = pipeline::Channels::of(plan);
    let figures = Tasks::of(plan, &locks, &chans);
    let tasks = figures.each();
    let mut w = World::new(
        plan.cores(),
        plan.switch_interval,
        plan.scenario().workload.remote_limit,
        figures.groups.clone(),
        figures.names.clone(),
    );
    locks.add_to(&mut w);
    let version = plan.python();
    let main_interp = w.interp(
        "main",
        !version.free_threaded(),
        version.python_cost_permille(),
    );
    let mut b = Builder {
        w,
        plan,
        main_interp,
        chans,
        scratch: Default::default(),
    };
    match plan.model() {
        ModelKind::Sequential => b.sequential(&tasks),
        ModelKind::Threads => b.threads(&tasks),
        ModelKind::Processes | ModelKind::Interpreters => b.pool_map(&tasks),
        ModelKind::Asyncio | ModelKind::AsyncioThreads | ModelKind::AsyncioProcesses => {
            b.asyncio(&tasks)
        }
    }
    b.w
}

mod asyncio;
mod locks;
mod pipeline;
mod pool;
mod tasks;

use tasks::{Task, Tasks};

struct Builder<'a> {
    w: World,
    plan: &'a Plan,
    main_interp: InterpId,
    /// The queues the plan's stages pass items through.
    chans: pipeline::Channels,
    /// Buffers a model may reuse from task to task while it assembles ops.
    scratch: (Vec<Op>, Vec<Op>),
}

impl Builder<'_> {
    /// Builds each item (a task, or a chunk of tasks) with `build`, given its index: its jobs
    /// go into the world, its part of the main thread's program onto `main`. Once the first is
    /// built, room is made for the rest at its size, and for `main`, which joins the op arena
    /// last: a workload's tasks are alike, so a large run's arena is allocated once, and about
    /// as large as it needs.
    fn each<T>(
        &mut self,
        items: &[T],
        main: &mut Vec<Op>,
        mut build: impl FnMut(&mut Self, &mut Vec<Op>, usize, &T),
    ) {
        /// Ops the main thread's program gets besides the items' (memory, a final wait).
        const MAIN_EXTRA: usize = 4;
        for (i, item) in items.iter().enumerate() {
            let (ops, jobs) = self.w.ops_and_jobs();
            let before = main.len();
            build(self, main, i, item);
            if i == 0 {
                let rest = items.len() - 1;
                let in_main = main.len() - before;
                main.reserve(in_main * rest + MAIN_EXTRA);
                let (ops_now, jobs_now) = self.w.ops_and_jobs();
                let in_jobs = ops_now - ops;
                self.w.reserve(
                    (in_jobs + in_main) * rest + main.len() + MAIN_EXTRA,
                    (jobs_now - jobs) * rest + 1,
                );
            }
        }
    }

    fn main_thread(&mut self, ops: Vec<Op>, kind: LaneKind, home: Option<QueueId>) -> ThreadId {
        let name = if kind == LaneKind::EventLoop {
            "Event loop"
        } else {
            "Main thread"
        };
        let all = std::iter::once(Op::Mem(cal::PROCESS_BYTES as i64)).chain(ops);
        let t = self
            .w
            .thread(name.into(), kind, self.main_interp, all, home);
        self.w.start(t);
        t
    }

    /// Ops that create and start a thread of the main interpreter.
    fn spawn_thread(&mut self, name: String, home: QueueId, ops: &mut Vec<Op>) {
        let thread = self
            .w
            .thread(name, LaneKind::Thread, self.main_interp, vec![], Some(home));
        ops.extend([
            py(cal::THREAD_START, State::Starting),
            Op::Mem(cal::THREAD_BYTES as i64),
            Op::Start { thread },
        ]);
    }

    fn sequential(&mut self, tasks: &[Task]) {
        let mut ops = Vec::new();
        self.each(tasks, &mut ops, |_, ops, _, t| {
            ops.push(Op::TaskStart(t.n));
            blocking_work(t, ops);
            ops.push(Op::TaskEnd(t.n));
        });
        self.main_thread(ops, LaneKind::Thread, None);
    }

    /// `ThreadPoolExecutor(workers)`: the main thread submits every task (starting a worker
    /// thread on each of the first submits, as the executor does), then waits for all.
    fn threads(&mut self, tasks: &[Task]) {
        let workers = self.plan.workers.min(tasks.len() as u32) as usize;
        let chans = std::mem::take(&mut self.chans);
        self.add_channels(&chans, cal::QUEUE_WAKEUP, None);
        let q = self.w.queue();
        let done = self.w.latch(tasks.len() as u64);
        let mut ops = Vec::new();
        self.each(tasks, &mut ops, |b, ops, i, t| {
            ops.push(py(cal::TPE_SUBMIT, State::RunningPython));
            if i < workers {
                b.spawn_thread(format!("Thread {}", i + 1), q, ops);
            }
            let mut job = vec![
                py(cal::TPE_WORKER_PER_TASK, State::RunningPython),
                Op::TaskStart(t.n),
            ];
            b.stage_work(t, &mut job);
            job.push(Op::TaskEnd(t.n));
            job.extend(t.put.map(Op::Close));
            job.push(Op::CountDown { latch: done, n: 1 });
            let job = b.w.job(job);
            ops.push(Op::Push { queue: q, job });
        });
        ops.push(Op::WaitLatch { latch: done });
        self.main_thread(ops, LaneKind::Thread, None);
    }
}
