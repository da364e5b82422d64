//! Process pools (`multiprocessing.Pool`, `ProcessPoolExecutor`) and interpreter pools: worker
//! start-up, the parent's handler threads, and every message pickled, moved and unpickled.

use super::{compute, py, Builder, Task};
use crate::engine::calibration as cal;
use crate::engine::scenario::ModelKind;
use crate::engine::sim::{JobId, LatchId, Op, QueueId, Work};
use crate::engine::time::{transfer, Nanos};
use crate::engine::trace::{LaneKind, State};

/// A pool of workers fed by a task-handler thread and drained by a result-handler thread in
/// the parent, with what it charges per message and how fast bytes move to and from it.
pub(super) struct Pool {
    pub(super) submit: QueueId,
    inq: QueueId,
    results: QueueId,
    send: Nanos,
    recv: Nanos,
    worker: Nanos,
    move_bps: u64,
}

impl Builder<'_> {
    /// Creates a process pool (an interpreter pool for `interpreters`); `ops` gets the parent's
    /// work of starting it: its two handler threads and each worker.
    pub(super) fn pool(&mut self, ops: &mut Vec<Op>) -> Pool {
        let kind = self.plan.model();
        let workers = self.plan.workers;
        let version = self.plan.python();
        let interpreters = kind == ModelKind::Interpreters;
        let (create, boot, bytes) = if interpreters {
            (
                cal::THREAD_START,
                cal::INTERPRETER_BOOT,
                cal::INTERPRETER_BYTES,
            )
        } else {
            let (create, boot) = self.plan.start_method.costs();
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
    pub(super) fn pool_chunk(
        &mut self,
        pool: &Pool,
        chunk: &[Task],
        body: fn(&mut Self, &Task, &mut Vec<Op>),
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
            body(self, t, &mut work);
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
    pub(super) fn pool_map(&mut self, tasks: &[Task]) {
        let mut ops = Vec::new();
        let chans = std::mem::take(&mut self.chans);
        self.add_channels(&chans, cal::MP_QUEUE_WAKEUP, None);
        let pool = self.pool(&mut ops);
        let done: LatchId = self.w.latch(tasks.len() as u64);
        let chunks: Vec<&[Task]> = tasks.chunks(self.plan.chunksize as usize).collect();
        self.each(&chunks, &mut ops, |b, ops, _, chunk| {
            let reply = vec![Op::CountDown {
                latch: done,
                n: chunk.len() as u32,
            }];
            let job = b.pool_chunk(&pool, chunk, Self::whole_task, reply);
            ops.push(Op::Push {
                queue: pool.submit,
                job,
            });
        });
        ops.push(Op::WaitLatch { latch: done });
        self.main_thread(ops, LaneKind::Thread, None);
    }
}

impl Builder<'_> {
    /// A whole task as a pool worker runs it (a pipeline stage's loop over its items too).
    fn whole_task(&mut self, t: &Task, out: &mut Vec<Op>) {
        out.push(Op::TaskStart(t.n));
        self.stage_work(t, out);
        out.push(Op::TaskEnd(t.n));
        out.extend(t.put.map(Op::Close));
    }
}

/// One repetition's CPU part, sent to a process pool by the asyncio+processes model: its
/// computing and its locked work, under `multiprocessing.Lock`s shared with the workers.
pub(super) fn cpu_part(_: &mut Builder, t: &Task, out: &mut Vec<Op>) {
    out.push(Op::Working(Some(t.n)));
    compute(t, out);
    super::locks::blocking_section(t, out);
    out.push(Op::Working(None));
}
