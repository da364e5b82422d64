//! Each concurrency model as a program for the scheduler: which threads, processes and
//! interpreters exist, and what ops each runs. The costs all come from `calibration`.

use super::calibration as cal;
use super::rng::Rng;
use super::scenario::{ModelKind, Scenario};
use super::sim::{InterpId, JobId, LatchId, Op, QueueId, ThreadId, Work, World};
use super::time::{from_ms, transfer, Nanos};
use super::trace::{LaneKind, State};

/// One task's phases after jitter.
#[derive(Debug, Clone, Copy)]
struct Task {
    n: u32,
    io: Nanos,
    cpu: Nanos,
    cext: Nanos,
    payload: u64,
    result: u64,
}

fn py(ns: Nanos, state: State) -> Op {
    Op::Run {
        work: Work::Python,
        ns,
        state,
    }
}

fn tasks(s: &Scenario) -> Vec<Task> {
    let w = &s.workload;
    let mut rng = Rng::new(s.seed);
    (0..w.tasks)
        .map(|n| Task {
            n,
            io: rng.jitter(from_ms(w.io_ms), w.jitter),
            cpu: from_ms(w.cpu_ms),
            cext: from_ms(w.cext_ms),
            payload: w.payload_bytes,
            result: w.result_bytes,
        })
        .collect()
}

/// The task's work as a plain function running in one thread: a blocking call (with the
/// Python work around it), Python work, then C work.
fn blocking_work(t: &Task, out: &mut Vec<Op>) {
    if t.io > 0 {
        out.push(py(cal::IO_CALL_PYTHON_BLOCKING, State::RunningPython));
        out.push(Op::Io {
            ns: t.io,
            remote: true,
        });
    }
    out.push(py(t.cpu, State::RunningPython));
    out.push(Op::Run {
        work: Work::C,
        ns: t.cext,
        state: State::RunningC,
    });
}

/// Builds the world that runs scenario `s`; the caller runs it.
pub(crate) fn build(s: &Scenario) -> World {
    let tasks = tasks(s);
    let mut w = World::new(
        s.machine.cores,
        s.switch_interval(),
        s.workload.remote_limit,
        s.workload.tasks,
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

    /// The steps of one task's coroutine, each a job for the loop's ready queue; returns the
    /// first. Every resumption costs a loop turn.
    fn coroutine(
        &mut self,
        t: &Task,
        ready: QueueId,
        executor: Option<QueueId>,
        pool: Option<&Pool>,
        finish: Vec<Op>,
    ) -> JobId {
        let step = || py(cal::ASYNCIO_STEP, State::LoopOverhead);
        let mut last = vec![step()];
        if let Some(q) = executor {
            // await asyncio.to_thread(work): the whole blocking function runs in a thread.
            last.push(py(cal::TO_THREAD_COMPLETE, State::LoopOverhead));
            last.extend(finish);
            let back = self.w.job(last);
            let mut work = vec![py(cal::TPE_WORKER_PER_TASK, State::RunningPython)];
            blocking_work(t, &mut work);
            work.push(Op::Push {
                queue: ready,
                job: back,
            });
            let work = self.w.job(work);
            let first = vec![
                step(),
                Op::TaskStart(t.n),
                py(cal::TO_THREAD_SUBMIT, State::LoopOverhead),
                Op::Push {
                    queue: q,
                    job: work,
                },
            ];
            return self.w.job(first);
        }
        let mut first = vec![step(), Op::TaskStart(t.n)];
        let blocking = self.s.model.blocking;
        if let Some(pool) = pool {
            // await loop.run_in_executor(process_pool, cpu_part)
            last.extend(finish);
            let back = self.w.job(last);
            let reply = vec![Op::Push {
                queue: ready,
                job: back,
            }];
            let job = self.pool_chunk(pool, std::slice::from_ref(t), cpu_part, reply);
            last = vec![
                step(),
                py(cal::TPE_SUBMIT, State::LoopOverhead),
                Op::Push {
                    queue: pool.submit,
                    job,
                },
            ];
        } else {
            last.push(py(t.cpu, State::RunningPython));
            last.push(Op::Run {
                work: Work::C,
                ns: t.cext,
                state: State::RunningC,
            });
            last.extend(finish);
        }
        if t.io == 0 {
            first.extend(last.into_iter().skip(1));
        } else if blocking {
            // time.sleep / requests.get inside a coroutine: the whole loop waits.
            first.extend([
                py(cal::IO_CALL_PYTHON_BLOCKING, State::RunningPython),
                Op::Io {
                    ns: t.io,
                    remote: true,
                },
            ]);
            first.extend(last.into_iter().skip(1));
        } else {
            let next = self.w.job(last);
            first.extend([
                py(cal::IO_CALL_PYTHON_ASYNCIO, State::RunningPython),
                Op::Async {
                    ns: t.io,
                    queue: ready,
                    job: next,
                },
            ]);
        }
        self.w.job(first)
    }
}

/// A whole task as a pool worker runs it.
fn whole_task(t: &Task, out: &mut Vec<Op>) {
    out.push(Op::TaskStart(t.n));
    blocking_work(t, out);
    out.push(Op::TaskEnd(t.n));
}

/// The CPU part of a task, sent to a process pool by the asyncio+processes model.
fn cpu_part(t: &Task, out: &mut Vec<Op>) {
    out.push(py(t.cpu, State::RunningPython));
    out.push(Op::Run {
        work: Work::C,
        ns: t.cext,
        state: State::RunningC,
    });
}
