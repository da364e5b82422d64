//! Each concurrency model as a program for the scheduler: which threads, processes and
//! interpreters exist, and what ops each runs. The costs all come from `calibration`.

use super::calibration as cal;
use super::rng::Rng;
use super::scenario::{ModelKind, Scenario};
use super::sim::{InterpId, JobId, LatchId, Op, QueueId, ThreadId, Work, World};
use super::time::{from_ms, transfer, Nanos};
use super::trace::{LaneKind, Span, State};

/// One task: its phases (repeated `repeat` times), after jitter.
#[derive(Debug, Clone)]
struct Task {
    n: u32,
    repeat: u32,
    /// I/O wait of each repetition (jittered one by one).
    io: Vec<Nanos>,
    cpu: Nanos,
    cext: Nanos,
    payload: u64,
    result: u64,
    /// Python work around each I/O call, when the scenario sets it.
    io_call: Option<Nanos>,
}

fn py(ns: Nanos, state: State) -> Op {
    Op::Run {
        work: Work::Python,
        ns,
        state,
    }
}

/// Every task of every group, in group order, and the group of each.
fn tasks(s: &Scenario) -> (Vec<Task>, Vec<u32>, Vec<String>) {
    let w = &s.workload;
    let mut rng = Rng::new(s.seed);
    let groups = w.effective_groups();
    let mut tasks = Vec::new();
    let mut of = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        for _ in 0..g.tasks {
            let n = tasks.len() as u32;
            tasks.push(Task {
                n,
                repeat: g.repeat,
                io: (0..g.repeat)
                    .map(|_| rng.jitter(from_ms(g.io_ms), w.jitter))
                    .collect(),
                cpu: from_ms(g.cpu_ms),
                cext: from_ms(g.cext_ms),
                payload: g.payload_bytes,
                result: g.result_bytes,
                io_call: g.io_call_us.map(|us| from_ms(us / 1000.0)),
            });
            of.push(gi as u32);
        }
    }
    (tasks, of, groups.into_iter().map(|g| g.name).collect())
}

/// The Python work around one I/O call, split evenly before the wait (building the request)
/// and after it (parsing the reply): so a thread always needs the GIL back when its I/O ends.
fn io_call(t: &Task, default: Nanos) -> (Op, Op) {
    let total = t.io_call.unwrap_or(default);
    (
        py(total / 2, State::RunningPython),
        py(total - total / 2, State::RunningPython),
    )
}

/// One repetition's I/O as a blocking call, with the Python work around it.
fn blocking_io(t: &Task, rep: usize, out: &mut Vec<Op>) {
    if t.io[rep] > 0 {
        let (before, after) = io_call(t, cal::IO_CALL_PYTHON_BLOCKING);
        out.extend([
            before,
            Op::Io {
                ns: t.io[rep],
                remote: true,
            },
            after,
        ]);
    }
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
/// call, then computes.
fn blocking_work(t: &Task, out: &mut Vec<Op>) {
    for rep in 0..t.repeat as usize {
        out.push(Op::RepStart(t.n));
        blocking_io(t, rep, out);
        compute(t, out);
        out.push(Op::RepEnd(t.n));
    }
}

/// Builds the world that runs scenario `s`; the caller runs it.
pub(crate) fn build(s: &Scenario) -> World {
    let (tasks, task_groups, group_names) = tasks(s);
    let mut w = World::new(
        s.machine.cores,
        s.switch_interval(),
        s.workload.remote_limit,
        task_groups,
        group_names,
    );
    let version = s.python.version;
    let main_interp = w.interp(
        "main",
        !version.free_threaded(),
        version.python_cost_permille(),
    );
    let mut b = Builder { w, s, main_interp };
    match s.model.kind {
        ModelKind::Sequential => b.sequential(&tasks),
        ModelKind::Threads => b.threads(&tasks),
        ModelKind::Processes | ModelKind::Interpreters => b.pool_map(&tasks),
        ModelKind::Asyncio | ModelKind::AsyncioThreads | ModelKind::AsyncioProcesses => {
            b.asyncio(&tasks)
        }
    }
    b.w
}

struct Builder<'a> {
    w: World,
    s: &'a Scenario,
    main_interp: InterpId,
}

/// A pool of workers fed by a task-handler thread and drained by a result-handler thread in
/// the parent, with what it charges per message and how fast bytes move to and from it.
struct Pool {
    submit: QueueId,
    inq: QueueId,
    results: QueueId,
    send: Nanos,
    recv: Nanos,
    worker: Nanos,
    move_bps: u64,
}

impl Builder<'_> {
    fn main_thread(&mut self, ops: Vec<Op>, kind: LaneKind, home: Option<QueueId>) -> ThreadId {
        let name = if kind == LaneKind::EventLoop {
            "Event loop"
        } else {
            "Main thread"
        };
        let mut all = vec![Op::Mem(cal::PROCESS_BYTES as i64)];
        all.extend(ops);
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
        for t in tasks {
            ops.push(Op::TaskStart(t.n));
            blocking_work(t, &mut ops);
            ops.push(Op::TaskEnd(t.n));
        }
        self.main_thread(ops, LaneKind::Thread, None);
    }

    /// `ThreadPoolExecutor(workers)`: the main thread submits every task (starting a worker
    /// thread on each of the first submits, as the executor does), then waits for all.
    fn threads(&mut self, tasks: &[Task]) {
        let workers = self.s.effective_workers().min(tasks.len() as u32) as usize;
        let q = self.w.queue();
        let done = self.w.latch(tasks.len() as u64);
        let mut ops = Vec::new();
        for (i, t) in tasks.iter().enumerate() {
            ops.push(py(cal::TPE_SUBMIT, State::RunningPython));
            if i < workers {
                self.spawn_thread(format!("Thread {}", i + 1), q, &mut ops);
            }
            let mut job = vec![
                py(cal::TPE_WORKER_PER_TASK, State::RunningPython),
                Op::TaskStart(t.n),
            ];
            blocking_work(t, &mut job);
            job.extend([Op::TaskEnd(t.n), Op::CountDown { latch: done, n: 1 }]);
            let job = self.w.job(job);
            ops.push(Op::Push { queue: q, job });
        }
        ops.push(Op::WaitLatch { latch: done });
        self.main_thread(ops, LaneKind::Thread, None);
    }

    /// Creates a process pool (an interpreter pool for `interpreters`); `ops` gets the parent's
    /// work of starting it: its two handler threads and each worker.
    fn pool(&mut self, ops: &mut Vec<Op>) -> Pool {
        let kind = self.s.model.kind;
        let workers = self.s.effective_workers();
        let version = self.s.python.version;
        let interpreters = kind == ModelKind::Interpreters;
        let (create, boot, bytes) = if interpreters {
            (
                cal::THREAD_START,
                cal::INTERPRETER_BOOT,
                cal::INTERPRETER_BYTES,
            )
        } else {
            let (create, boot) = self.s.effective_start_method().costs();
            (create, boot, cal::PROCESS_BYTES)
        };
        let (send, recv, worker, move_bps) = match kind {
            ModelKind::Interpreters => (
                cal::INTERP_MSG,
                cal::INTERP_MSG,
                cal::INTERP_MSG / 2,
                cal::INTERP_COPY_BPS,
            ),
            ModelKind::Processes => (
                cal::POOL_MSG_PARENT_SEND,
                cal::POOL_MSG_PARENT_RECV,
                cal::POOL_MSG_WORKER,
                cal::PIPE_BPS,
            ),
            _ => (
                cal::PPE_MSG_PARENT_SEND,
                cal::PPE_MSG_PARENT_RECV,
                cal::PPE_MSG_WORKER,
                cal::PIPE_BPS,
            ),
        };
        let pool = Pool {
            submit: self.w.queue(),
            inq: self.w.queue(),
            results: self.w.queue(),
            send,
            recv,
            worker,
            move_bps,
        };
        self.spawn_thread("Task handler".into(), pool.submit, ops);
        self.spawn_thread("Result handler".into(), pool.results, ops);
        for i in 0..workers {
            let name = if interpreters {
                format!("Interpreter {}", i + 1)
            } else {
                format!("Worker {}", i + 1)
            };
            let interp = self.w.interp(
                &name,
                !version.free_threaded(),
                version.python_cost_permille(),
            );
            let boot_ops = vec![Op::Run {
                work: Work::Python,
                ns: boot,
                state: State::Starting,
            }];
            let thread = self
                .w
                .thread(name, LaneKind::Process, interp, boot_ops, Some(pool.inq));
            ops.extend([
                py(create, State::Starting),
                Op::Mem(bytes as i64),
                Op::Start { thread },
            ]);
        }
        pool
    }

    /// The job that sends `chunk` through `pool`: pickled by the parent's task handler, moved,
    /// unpickled and run by a worker (`body` for each task), and its results sent back to the
    /// result handler, which unpickles them and then runs `reply`.
    fn pool_chunk(
        &mut self,
        pool: &Pool,
        chunk: &[Task],
        body: fn(&Task, &mut Vec<Op>),
        reply: Vec<Op>,
    ) -> JobId {
        let items = chunk.len() as u64;
        let payload: u64 = chunk.iter().map(|t| t.payload).sum();
        let result: u64 = chunk.iter().map(|t| t.result).sum();
        let mut back = vec![py(
            pool.recv + transfer(result, cal::PICKLE_LOADS_BPS),
            State::Unpickling,
        )];
        back.extend(reply);
        let back = self.w.job(back);
        let mut work = vec![
            py(
                pool.worker + transfer(payload, cal::PICKLE_LOADS_BPS),
                State::Unpickling,
            ),
            Op::Mem(payload as i64),
        ];
        for t in chunk {
            body(t, &mut work);
        }
        work.extend([
            py(transfer(result, cal::PICKLE_DUMPS_BPS), State::Pickling),
            Op::Mem(-(payload as i64)),
            Op::Io {
                ns: transfer(result, pool.move_bps),
                remote: false,
            },
            Op::Push {
                queue: pool.results,
                job: back,
            },
        ]);
        let work = self.w.job(work);
        let send = py(
            pool.send + items * cal::POOL_PER_ITEM + transfer(payload, cal::PICKLE_DUMPS_BPS),
            State::Pickling,
        );
        let send = vec![
            send,
            Op::Io {
                ns: transfer(payload, pool.move_bps),
                remote: false,
            },
            Op::Push {
                queue: pool.inq,
                job: work,
            },
        ];
        self.w.job(send)
    }

    /// `Pool(workers).map(f, tasks, chunksize)` (or `InterpreterPoolExecutor.map`).
    fn pool_map(&mut self, tasks: &[Task]) {
        let mut ops = Vec::new();
        let pool = self.pool(&mut ops);
        let done: LatchId = self.w.latch(tasks.len() as u64);
        for chunk in tasks.chunks(self.s.model.chunksize as usize) {
            let reply = vec![Op::CountDown {
                latch: done,
                n: chunk.len() as u32,
            }];
            let job = self.pool_chunk(&pool, chunk, whole_task, reply);
            ops.push(Op::Push {
                queue: pool.submit,
                job,
            });
        }
        ops.push(Op::WaitLatch { latch: done });
        self.main_thread(ops, LaneKind::Thread, None);
    }

    /// One event loop running a coroutine per task, optionally behind a Semaphore, with the
    /// blocking or CPU part of each task sent to an executor for the hybrid models.
    fn asyncio(&mut self, tasks: &[Task]) {
        let kind = self.s.model.kind;
        let ready = self.w.queue();
        let limit = match self.s.model.limit {
            0 => u32::MAX,
            n => n,
        };
        let gate = self.w.gate(limit, ready);
        let mut ops = Vec::new();
        let executor = match kind {
            ModelKind::AsyncioThreads => {
                let q = self.w.queue();
                for i in 0..self.s.effective_workers().min(tasks.len() as u32) {
                    self.spawn_thread(format!("Executor thread {}", i + 1), q, &mut ops);
                }
                Some(q)
            }
            _ => None,
        };
        let pool = (kind == ModelKind::AsyncioProcesses).then(|| self.pool(&mut ops));
        for t in tasks {
            let finish = vec![
                py(cal::ASYNCIO_TASK_DONE, State::LoopOverhead),
                Op::TaskEnd(t.n),
                Op::Release { gate },
                Op::Mem(-(cal::ASYNC_TASK_BYTES as i64)),
            ];
            let first = self.coroutine(t, ready, executor, pool.as_ref(), finish);
            ops.extend([
                py(cal::ASYNCIO_CREATE_TASK, State::LoopOverhead),
                Op::Mem(cal::ASYNC_TASK_BYTES as i64),
                Op::PushGated { gate, job: first },
            ]);
        }
        self.main_thread(ops, LaneKind::EventLoop, Some(ready));
    }

    /// The segments of one task's coroutine, each a job for the loop's ready queue (every
    /// resumption costs a loop turn); returns the first. Built back to front, since each
    /// segment ends by arranging for the next.
    fn coroutine(
        &mut self,
        t: &Task,
        ready: QueueId,
        executor: Option<QueueId>,
        pool: Option<&Pool>,
        finish: Vec<Op>,
    ) -> JobId {
        let n = t.n;
        let step = || py(cal::ASYNCIO_STEP, State::LoopOverhead);
        // Each segment is the loop working for this task, and then for nobody.
        let segment = |mut ops: Vec<Op>| {
            ops.insert(0, Op::Working(n));
            ops.push(Op::Working(Span::NOBODY));
            ops
        };
        if let Some(q) = executor {
            // await asyncio.to_thread(work): the whole blocking function runs in a thread.
            let back = self.w.job(segment(
                [
                    vec![step(), py(cal::TO_THREAD_COMPLETE, State::LoopOverhead)],
                    finish,
                ]
                .concat(),
            ));
            let mut work = vec![
                Op::Working(n),
                py(cal::TPE_WORKER_PER_TASK, State::RunningPython),
            ];
            blocking_work(t, &mut work);
            work.extend([
                Op::Working(Span::NOBODY),
                Op::Push {
                    queue: ready,
                    job: back,
                },
            ]);
            let work = self.w.job(work);
            let first = vec![
                step(),
                Op::TaskStart(n),
                py(cal::TO_THREAD_SUBMIT, State::LoopOverhead),
                Op::Push {
                    queue: q,
                    job: work,
                },
            ];
            return self.w.job(segment(first));
        }
        let mut tail = finish;
        for rep in (0..t.repeat as usize).rev() {
            let after_io = match pool {
                // await loop.run_in_executor(process_pool, cpu_part)
                Some(pool) => {
                    let back = self
                        .w
                        .job(segment([vec![step(), Op::RepEnd(n)], tail].concat()));
                    let job = self.pool_chunk(
                        pool,
                        std::slice::from_ref(t),
                        cpu_part,
                        vec![Op::Push {
                            queue: ready,
                            job: back,
                        }],
                    );
                    vec![
                        py(cal::TPE_SUBMIT, State::LoopOverhead),
                        Op::Push {
                            queue: pool.submit,
                            job,
                        },
                    ]
                }
                None => {
                    let mut ops = Vec::new();
                    compute(t, &mut ops);
                    ops.push(Op::RepEnd(n));
                    ops.extend(tail);
                    ops
                }
            };
            let mut ops = vec![Op::RepStart(n)];
            if t.io[rep] == 0 {
                ops.extend(after_io);
            } else if self.s.model.blocking {
                // time.sleep / requests.get inside a coroutine: the whole loop waits.
                blocking_io(t, rep, &mut ops);
                ops.extend(after_io);
            } else {
                let (before, after) = io_call(t, cal::IO_CALL_PYTHON_ASYNCIO);
                let next = self
                    .w
                    .job(segment([vec![step(), after], after_io].concat()));
                ops.extend([
                    before,
                    Op::Async {
                        ns: t.io[rep],
                        queue: ready,
                        job: next,
                    },
                ]);
            }
            tail = ops;
        }
        self.w
            .job(segment([vec![step(), Op::TaskStart(n)], tail].concat()))
    }
}

/// A whole task as a pool worker runs it.
fn whole_task(t: &Task, out: &mut Vec<Op>) {
    out.push(Op::TaskStart(t.n));
    blocking_work(t, out);
    out.push(Op::TaskEnd(t.n));
}

/// One repetition's CPU part, sent to a process pool by the asyncio+processes model.
fn cpu_part(t: &Task, out: &mut Vec<Op>) {
    out.push(Op::Working(t.n));
    compute(t, out);
    out.push(Op::Working(Span::NOBODY));
}
