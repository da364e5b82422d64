//! The locks a workload names, as each model has them: `threading.Lock` for threads,
//! `multiprocessing.Lock` shared with a process pool's workers, `asyncio.Lock` for coroutines;
//! and each repetition's locked work: take the locks in order, doing an equal part of the
//! locked Python after each (the locked I/O holding them all), then release them.

use super::{io_call, py, Builder, Task};
use crate::engine::calibration as cal;
use crate::engine::plan::Plan;
use crate::engine::scenario::ModelKind;
use crate::engine::sim::{LockId, LockKind, Op, QueueId, World};
use crate::engine::time::Nanos;
use crate::engine::trace::State;

/// A plan's locks: one per name, numbered in the order the groups first name them; which
/// each task group takes, in its order; how they behave and what taking one costs.
pub(super) struct Locks {
    names: Vec<String>,
    kind: LockKind,
    /// Each group's locks, in the order it takes them.
    pub of_group: Vec<Vec<LockId>>,
    /// An uncontended acquire and release, as Python work.
    pub cost: Nanos,
}

impl Locks {
    /// The locks `plan` names, as its model has them.
    pub fn of(plan: &Plan) -> Self {
        let (kind, cost) = kind(plan);
        let mut names: Vec<String> = Vec::new();
        let mut id = |name: &String| {
            let i = names.iter().position(|n| n == name).unwrap_or_else(|| {
                names.push(name.clone());
                names.len() - 1
            });
            LockId::try_from(i).expect("a workload names a handful of locks")
        };
        let of_group = plan
            .groups()
            .iter()
            .map(|g| g.spec.lock.iter().map(&mut id).collect())
            .collect();
        Self {
            names,
            kind,
            of_group,
            cost,
        }
    }

    /// Adds the locks to an empty world, so that each gets its number.
    pub fn add_to(&self, w: &mut World) {
        for name in &self.names {
            w.lock(name, self.kind);
        }
    }
}

/// How `plan`'s model's locks behave, and what an uncontended `with` costs.
fn kind(plan: &Plan) -> (LockKind, Nanos) {
    match plan.model() {
        ModelKind::Asyncio => (LockKind::Async, cal::ASYNC_LOCK_WITH),
        ModelKind::Processes | ModelKind::AsyncioProcesses => (
            LockKind::Blocking {
                wake: cal::LOCK_WAKEUP,
                fair_after: None,
            },
            cal::MP_LOCK_WITH,
        ),
        _ => (
            LockKind::Blocking {
                wake: cal::LOCK_WAKEUP,
                fair_after: plan.python().lock_is_fair().then_some(cal::LOCK_FAIR_AFTER),
            },
            cal::LOCK_WITH,
        ),
    }
}

/// The part of `total` done after taking lock `i` of `n`: equal parts that sum to `total`.
fn part(total: Nanos, n: usize, i: usize) -> Nanos {
    let (n, i) = (n as u64, i as u64);
    total * (i + 1) / n - total * i / n
}

/// One repetition's locked work with locks threads or processes block on: `with a:` …
/// `with b:` …, the I/O a blocking call.
pub(super) fn blocking_section(t: &Task, out: &mut Vec<Op>) {
    let n = t.locks.len();
    for (i, &lock) in t.locks.iter().enumerate() {
        out.extend([py(t.lock_cost, State::RunningPython), Op::Lock(lock)]);
        if i + 1 == n && t.locked_io > 0 {
            let (before, after) = io_call(t, cal::IO_CALL_PYTHON_BLOCKING);
            let io = Op::Io {
                ns: t.locked_io,
                remote: true,
            };
            out.extend([before, io, after]);
        }
        out.push(py(part(t.locked, n, i), State::RunningPython));
    }
    out.extend(t.locks.iter().rev().map(|&lock| Op::Unlock(lock)));
}

impl Builder<'_> {
    /// One repetition's locked work in a coroutine with `asyncio.Lock`s, followed by `rest`
    /// (the rest of the coroutine until it next awaits): returns the ops that follow the
    /// repetition's computing. Each `async with` goes on at once when the lock is free, and
    /// otherwise resumes from the loop's `ready` queue once the lock is handed over; awaited
    /// I/O resumes the same way when it completes. Built back to front, as the coroutine is.
    pub(super) fn async_section(&mut self, t: &Task, ready: QueueId, rest: &[Op]) -> Vec<Op> {
        let n = t.locks.len();
        let last = part(t.locked, n, n - 1);
        let mut inner = vec![py(last, State::RunningPython)];
        inner.extend(t.locks.iter().rev().map(|&lock| Op::Unlock(lock)));
        inner.push(Op::RepEnd(t.n));
        inner.extend_from_slice(rest);
        if t.locked_io > 0 {
            let (before, after) = io_call(t, cal::IO_CALL_PYTHON_ASYNCIO);
            if self.plan.scenario().model.blocking {
                let io = Op::Io {
                    ns: t.locked_io,
                    remote: true,
                };
                inner.splice(0..0, [before, io, after]);
            } else {
                let step = py(cal::ASYNCIO_STEP, State::LoopOverhead);
                let next = self
                    .w
                    .job(super::asyncio::segment(t.n, &[step, after], &inner));
                let io = Op::Async {
                    ns: t.locked_io,
                    queue: ready,
                    job: next,
                };
                inner = vec![before, io];
            }
        }
        for i in (0..n).rev() {
            if i + 1 < n {
                inner.insert(0, py(part(t.locked, n, i), State::RunningPython));
            }
            let now = self.w.job(inner.iter().copied());
            let handoff = py(cal::ASYNC_LOCK_HANDOFF, State::LoopOverhead);
            let later = self.w.job(super::asyncio::segment(t.n, &[handoff], &inner));
            let take = Op::LockAsync {
                lock: t.locks[i],
                queue: ready,
                now,
                later,
            };
            inner = vec![py(t.lock_cost, State::RunningPython), take];
        }
        inner
    }
}
