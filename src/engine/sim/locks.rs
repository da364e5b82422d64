//! The program's own locks: taking one, waiting for it, and how it passes from task to task;
//! and finding the deadlock when tasks wait for each other's locks in a cycle.
//!
//! A lock threads or processes block on (`threading.Lock`, `multiprocessing.Lock`) is not
//! first-come first-served. Releasing it wakes one sleeping waiter, which the OS runs a
//! wake-up latency later; only then does the waiter try to take it. Whoever asks in between —
//! very often the thread that just released it, going round its loop — takes it first, and
//! the waiter, finding it held, sleeps again at the back of the line. CPython 3.13+ builds
//! `threading.Lock` on `PyMutex`, which is fair to a waiter that has waited long enough: the
//! release hands the lock straight to it. An `asyncio.Lock` is handed to the first waiting
//! task at once, and the loop resumes that task in its turn.
//!
//! Holders and waiters are tasks (an asyncio task holds its lock across awaits, whatever
//! thread runs it). Each new wait follows the chain "waits for a lock held by a task that waits
//! for a lock held by…": a chain that comes back to the new waiter is a deadlock. The run then
//! goes on while anything else can run, and ends with the cycle reported (see `World::finish`).

use std::collections::VecDeque;

use super::{idx, Ev, JobId, LockId, QueueId, ThreadId, World};
use crate::engine::time::Nanos;
use crate::engine::trace::{Deadlock, LaneId, State, Stuck, TaskState};

/// How a lock passes from task to task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LockKind {
    /// Threads or processes block on it; a release wakes one waiter, which takes the lock
    /// `wake` later if it is still free then.
    Blocking {
        /// From a release to the woken waiter running.
        wake: Nanos,
        /// A waiter that has waited this long when the lock is released gets it directly
        /// (`PyMutex`'s fairness); `None`: never (a semaphore).
        fair_after: Option<Nanos>,
    },
    /// `asyncio.Lock`: handed to the first waiting task on release.
    Async,
}

/// Who waits for a lock.
#[derive(Debug, Clone, Copy)]
enum Sleeper {
    /// A blocked thread, waiting since the moment given.
    Thread(ThreadId, Nanos),
    /// A suspended asyncio task, resumed by putting `job` on `queue`.
    Task { n: u32, queue: QueueId, job: JobId },
}

/// One lock of the program.
#[derive(Debug)]
pub(super) struct Lock {
    name: String,
    kind: LockKind,
    /// The task holding it, and the lane it took it on.
    holder: Option<(u32, LaneId)>,
    sleepers: VecDeque<Sleeper>,
}

impl Lock {
    pub fn new(name: &str, kind: LockKind) -> Self {
        Self {
            name: name.into(),
            kind,
            holder: None,
            sleepers: VecDeque::new(),
        }
    }
}

impl World {
    /// The task thread `t` works for: locks are taken, and queues used, inside tasks.
    pub(super) fn task_of(&self, t: ThreadId) -> u32 {
        let task = self.threads[t]
            .task
            .expect("a lock or a queue is used inside a task");
        task.index() as u32
    }

    /// `Op::Lock`: thread `t` takes `lock`, or blocks; true if it took it.
    pub(super) fn acquire(&mut self, t: ThreadId, lock: LockId) -> bool {
        let (n, lane) = (self.task_of(t), self.threads[t].lane);
        let l = &mut self.locks[usize::from(lock)];
        if l.holder.is_none() {
            l.holder = Some((n, lane));
            return true;
        }
        l.sleepers.push_back(Sleeper::Thread(t, self.now));
        self.threads[t].lock_wait = Some((lock, self.now));
        self.lock_waits[n as usize] = Some(lock);
        self.block(t, State::WaitingLock);
        self.find_deadlock(n, lane, lock);
        false
    }

    /// `Op::LockAsync` on the loop thread `t`: its task takes `lock` and goes on with `now`, or
    /// waits to resume with `later` from `queue`.
    pub(super) fn acquire_async(
        &mut self,
        t: ThreadId,
        lock: LockId,
        queue: QueueId,
        (now, later): (JobId, JobId),
    ) {
        let (n, lane) = (self.task_of(t), self.threads[t].lane);
        let l = &mut self.locks[usize::from(lock)];
        if l.holder.is_none() {
            l.holder = Some((n, lane));
            return self.prepend(t, now);
        }
        l.sleepers.push_back(Sleeper::Task {
            n,
            queue,
            job: later,
        });
        self.lock_waits[n as usize] = Some(lock);
        self.task_step(n, TaskState::Blocked);
        self.find_deadlock(n, lane, lock);
    }

    /// `Op::Unlock`: frees `lock`, then wakes or hands it to its first waiter.
    pub(super) fn unlock(&mut self, lock: LockId) {
        let l = &mut self.locks[usize::from(lock)];
        let lane = l.holder.take().map(|(_, lane)| lane);
        let Some(next) = l.sleepers.pop_front() else {
            return;
        };
        match (l.kind, next) {
            (LockKind::Blocking { wake, fair_after }, Sleeper::Thread(t, since)) => {
                if fair_after.is_some_and(|after| self.now - since >= after) {
                    let n = self.task_of(t);
                    self.locks[usize::from(lock)].holder = Some((n, self.threads[t].lane));
                    self.lock_waits[n as usize] = None;
                }
                let th = &mut self.threads[t];
                th.gen += 1;
                self.events
                    .push(self.now + wake, Ev::LockWake(idx(t), th.gen));
            }
            (_, Sleeper::Task { n, queue, job }) => {
                // The task resumes on the loop that released the lock.
                let lane = lane.expect("a held lock was released");
                self.locks[usize::from(lock)].holder = Some((n, lane));
                self.lock_waits[n as usize] = None;
                self.push(queue, job);
            }
            (LockKind::Async, Sleeper::Thread(..)) => {
                unreachable!("threads block only on locks threads block on")
            }
        }
    }

    /// A thread woken by a release runs: it holds the lock if it was handed over, takes it if
    /// it is still free, and otherwise sleeps again at the back of the line.
    pub(super) fn lock_woken(&mut self, t: ThreadId) {
        let (lock, since) = self.threads[t].lock_wait.expect("woken for a lock");
        let (n, lane) = (self.task_of(t), self.threads[t].lane);
        let l = &mut self.locks[usize::from(lock)];
        match l.holder {
            Some((holder, _)) if holder == n => {}
            None => l.holder = Some((n, lane)),
            Some(_) => return l.sleepers.push_back(Sleeper::Thread(t, since)),
        }
        self.lock_waits[n as usize] = None;
        self.threads[t].lock_wait = None;
        self.advance(t);
    }

    /// Task `n` (on `lane`) began waiting for `lock`: if the tasks' waits now form a cycle
    /// through it, records the first such deadlock.
    fn find_deadlock(&mut self, n: u32, lane: LaneId, lock: LockId) {
        if self.deadlock.is_some() {
            return;
        }
        let mut chain = vec![(n, lane, lock)];
        // A chain longer than the number of locks repeats a lock: a cycle that does not pass
        // through `n` was reported when it closed.
        for _ in 0..self.locks.len() {
            let (_, _, waited) = chain[chain.len() - 1];
            let Some((holder, holder_lane)) = self.locks[usize::from(waited)].holder else {
                return;
            };
            if holder == n {
                let mut cycle: Vec<Stuck> =
                    chain.iter().map(|&(t, l, w)| self.stuck(t, l, w)).collect();
                // Told from the first task on, as people number them.
                let first = (0..cycle.len()).min_by_key(|&i| cycle[i].task).unwrap_or(0);
                cycle.rotate_left(first);
                self.deadlock = Some(Deadlock {
                    at: self.now,
                    cycle,
                });
                return;
            }
            let Some(next) = self.lock_waits[holder as usize] else {
                return;
            };
            chain.push((holder, holder_lane, next));
        }
    }

    /// Task `n` on `lane` waiting for `lock`, for the report.
    fn stuck(&self, n: u32, lane: LaneId, lock: LockId) -> Stuck {
        let group = self.task_groups[n as usize].index();
        Stuck {
            task: n,
            group: self.group_names[group].clone(),
            lane: self.rec.name(lane).to_string(),
            holds: self
                .locks
                .iter()
                .filter(|l| l.holder.is_some_and(|(h, _)| h == n))
                .map(|l| l.name.clone())
                .collect(),
            waits_for: self.locks[usize::from(lock)].name.clone(),
        }
    }
}
