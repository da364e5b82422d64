//! asyncio: one event loop running a coroutine per task, and the hybrids that send each task's
//! blocking part to threads or its CPU part to a process pool.

use super::pool::{cpu_part, Pool};
use super::{
    awaited, awaited_wait, blocking_io, blocking_work, compute, io_call, py, Builder, Task,
};
use crate::engine::calibration as cal;
use crate::engine::scenario::ModelKind;
use crate::engine::sim::{JobId, Op, QueueId};
use crate::engine::trace::{LaneKind, State};

impl Builder<'_> {
    /// One event loop running a coroutine per task, optionally behind a Semaphore, with the
    /// blocking or CPU part of each task sent to an executor for the hybrid models.
    pub(super) fn asyncio(&mut self, tasks: &[Task]) {
        let kind = self.plan.model();
        let ready = self.w.ready_queue();
        // Without a limit every task passes the gate at once.
        let permits = self.plan.limit.unwrap_or(tasks.len() as u32);
        let gate = self.w.gate(permits, ready);
        let chans = std::mem::take(&mut self.chans);
        self.add_channels(&chans, 0, Some(ready));
        let mut ops = Vec::new();
        let executor = match kind {
            ModelKind::AsyncioThreads => {
                let q = self.w.queue();
                for i in 0..self.plan.workers.min(tasks.len() as u32) {
                    self.spawn_thread(format!("Executor thread {}", i + 1), q, &mut ops);
                }
                Some(q)
            }
            _ => None,
        };
        let pool = (kind == ModelKind::AsyncioProcesses).then(|| self.pool(&mut ops));
        self.each(tasks, &mut ops, |b, ops, _, t| {
            let finish = [
                py(cal::ASYNCIO_TASK_DONE, State::LoopOverhead),
                Op::TaskEnd(t.n),
                Op::Release { gate },
                Op::Mem(-(cal::ASYNC_TASK_BYTES as i64)),
            ];
            let closed = t.put.map(Op::Close);
            let finish: Vec<Op> = finish.into_iter().chain(closed).collect();
            let first = b.coroutine(t, ready, executor, pool.as_ref(), &finish);
            ops.extend([
                py(cal::ASYNCIO_CREATE_TASK, State::LoopOverhead),
                Op::Mem(cal::ASYNC_TASK_BYTES as i64),
                Op::PushGated { gate, job: first },
            ]);
        });
        self.main_thread(ops, LaneKind::EventLoop, Some(ready));
    }

    /// The segments of one task's coroutine, each a job for the loop's ready queue (every
    /// resumption costs a loop turn); returns the first. Built back to front, since each
    /// segment ends by arranging for the next.
    pub(super) fn coroutine(
        &mut self,
        t: &Task,
        ready: QueueId,
        executor: Option<QueueId>,
        pool: Option<&Pool>,
        finish: &[Op],
    ) -> JobId {
        let n = t.n;
        let step = || py(cal::ASYNCIO_STEP, State::LoopOverhead);
        if let Some(q) = executor {
            // await asyncio.to_thread(work): the whole blocking function runs in a thread.
            let back = self.w.job(segment(
                n,
                &[step(), py(cal::TO_THREAD_COMPLETE, State::LoopOverhead)],
                finish,
            ));
            let mut work = vec![
                Op::Working(Some(n)),
                py(cal::TPE_WORKER_PER_TASK, State::RunningPython),
            ];
            blocking_work(t, &mut work);
            work.extend([
                Op::Working(None),
                Op::Push {
                    queue: ready,
                    job: back,
                },
            ]);
            let work = self.w.job(work);
            let first = [
                step(),
                Op::TaskStart(n),
                py(cal::TO_THREAD_SUBMIT, State::LoopOverhead),
                Op::Push {
                    queue: q,
                    job: work,
                },
            ];
            return self.w.job(segment(n, &first, &[]));
        }
        // Two buffers, reused across tasks: what follows the current repetition's I/O
        // (`after_io`), and the rest of the coroutine from the repetition on (`tail`).
        let (mut tail, mut after_io) = std::mem::take(&mut self.scratch);
        tail.clear();
        tail.extend_from_slice(finish);
        // A stage getting from a queue: one repetition, ending with the next get.
        let get = t.get.map(|chan| {
            let (get, jobs) = self.get_async(chan, &tail);
            tail.clone_from(&get);
            (get, jobs)
        });
        for rep in (0..t.repeat as usize).rev() {
            if let Some(chan) = t.put {
                tail = self.put_async(chan, n, &tail);
            }
            after_io.clear();
            match pool {
                // await loop.run_in_executor(process_pool, cpu_part)
                Some(pool) => {
                    let back = self.w.job(segment(n, &[step(), Op::RepEnd(n)], &tail));
                    let job = self.pool_chunk(
                        pool,
                        std::slice::from_ref(t),
                        cpu_part,
                        vec![Op::Push {
                            queue: ready,
                            job: back,
                        }],
                    );
                    after_io.extend([
                        py(cal::TPE_SUBMIT, State::LoopOverhead),
                        Op::Push {
                            queue: pool.submit,
                            job,
                        },
                    ]);
                }
                None => {
                    compute(t, &mut after_io);
                    if t.locks.is_empty() {
                        after_io.push(Op::RepEnd(n));
                        after_io.extend_from_slice(&tail);
                    } else {
                        let locked = self.async_section(t, ready, &tail);
                        after_io.extend(locked);
                    }
                }
            }
            tail.clear();
            tail.push(Op::RepStart(n));
            if t.io[rep] == 0 {
                tail.extend_from_slice(&after_io);
            } else if self.plan.scenario().model.blocking || !t.io_kind.awaitable() {
                // time.sleep / requests.get inside a coroutine, or a file read or an SQLite
                // query (asyncio has no API that awaits them): the whole loop waits.
                blocking_io(t, rep, &mut tail);
                tail.extend_from_slice(&after_io);
            } else {
                let (before, after) = io_call(t, awaited(t.io_kind).python);
                let next = self.w.job(segment(n, &[step(), after], &after_io));
                tail.extend([
                    before,
                    Op::Async {
                        ns: awaited_wait(t, rep),
                        queue: ready,
                        job: next,
                    },
                ]);
            }
        }
        if let Some((get, jobs)) = get {
            self.fill_get_async(n, jobs, &tail);
            tail = get;
        }
        let first = self.w.job(segment(n, &[step(), Op::TaskStart(n)], &tail));
        self.scratch = (tail, after_io);
        first
    }
}

/// One resumption of task `n`'s coroutine: the loop works for the task (`head`, then `tail`),
/// then for nobody. Written straight into the world's op arena: there are three per task, and
/// thousands of tasks.
pub(super) fn segment<'a>(n: u32, head: &'a [Op], tail: &'a [Op]) -> impl Iterator<Item = Op> + 'a {
    std::iter::once(Op::Working(Some(n)))
        .chain(head.iter().copied())
        .chain(tail.iter().copied())
        .chain([Op::Working(None)])
}
