//! The queues pipeline stages pass items through (`queue.Queue`, `asyncio.Queue`), called
//! channels here because the scheduler's own work queues are [`QueueId`]s.
//!
//! A get from an empty channel waits; so does a put into a full one (`maxsize` items). A put
//! hands its item straight to the first waiting getter, and a get makes room for the first
//! waiting putter, whose item goes in at once: both sides are served first-come first-served,
//! as `queue.Queue`'s condition variables and `asyncio.Queue`'s futures wake them. A woken
//! thread runs the channel's wake-up latency later; a woken asyncio task resumes from its
//! loop's ready queue. Once every task putting into a channel has ended, a getter finding it
//! empty ends too: the sentinel the program puts for each consumer once its producers are
//! done, which is not drawn in the depth.

use std::collections::VecDeque;

use super::{idx, ChanId, Ev, JobId, Op, QueueId, ThreadId, World};
use crate::engine::time::Nanos;
use crate::engine::trace::{QueueDepth, State, TaskState};

/// Who waits on a channel.
#[derive(Debug, Clone, Copy)]
enum Waiter {
    /// A blocked thread; a getter goes on with `job` once handed an item.
    Thread(ThreadId, Option<JobId>),
    /// A suspended asyncio task, resumed by putting `job` on the loop's ready queue; a getter
    /// resumes with `done` instead once the channel is closed.
    Task { job: JobId, done: JobId },
}

/// One queue of the program.
#[derive(Debug)]
pub(super) struct Channel {
    /// 0: unbounded.
    maxsize: u32,
    items: u32,
    /// Tasks putting into it that have not ended yet.
    putters_left: u32,
    getters: VecDeque<Waiter>,
    putters: VecDeque<Waiter>,
    /// From a put or get to the thread it woke running (threads only).
    wake: Nanos,
    /// The ready queue of the event loop its asyncio tasks run on.
    ready: Option<QueueId>,
    /// (time, items) whenever the number of items changed.
    depth: Vec<(Nanos, u32)>,
    name: String,
}

impl World {
    /// Adds a channel named `name` holding up to `maxsize` items (0: any number), which
    /// `putters` tasks put into; a woken thread runs `wake` later, an asyncio task resumes from
    /// `ready`.
    pub fn channel(
        &mut self,
        name: &str,
        maxsize: u32,
        putters: u32,
        wake: Nanos,
        ready: Option<QueueId>,
    ) -> ChanId {
        self.channels.push(Channel {
            maxsize,
            items: 0,
            putters_left: putters,
            getters: VecDeque::new(),
            putters: VecDeque::new(),
            wake,
            ready,
            depth: vec![(0, 0)],
            name: name.into(),
        });
        ChanId::try_from(self.channels.len() - 1).expect("a workload names a handful of queues")
    }

    /// A job whose ops are given later by [`World::fill_job`]: for a loop body that ends by
    /// getting its next item, and so names itself.
    pub fn reserve_job(&mut self) -> JobId {
        let at = self.arena_end();
        self.jobs.push((at, at));
        JobId::try_from(self.jobs.len() - 1).expect("jobs are bounded by the task limit")
    }

    /// Gives a reserved job its ops.
    pub fn fill_job(&mut self, job: JobId, ops: impl IntoIterator<Item = Op>) {
        let start = self.arena_end();
        self.arena.extend(ops);
        self.jobs[job as usize] = (start, self.arena_end());
    }

    /// Each channel's depth over time, for the trace.
    pub(super) fn depths(&mut self) -> Vec<QueueDepth> {
        std::mem::take(&mut self.channels)
            .into_iter()
            .map(|c| QueueDepth {
                name: c.name,
                maxsize: c.maxsize,
                depth: c.depth,
            })
            .collect()
    }

    fn set_items(&mut self, chan: ChanId, items: u32) {
        let now = self.now;
        let c = &mut self.channels[usize::from(chan)];
        c.items = items;
        match c.depth.last_mut() {
            Some(last) if last.0 == now => last.1 = items,
            _ => c.depth.push((now, items)),
        }
    }

    /// Wakes a waiter: a thread `wake` later (going on with `job` first, if any), a task by
    /// way of its loop's ready queue.
    fn wake_waiter(&mut self, chan: ChanId, w: Waiter, closed: bool) {
        let (wake, ready) = {
            let c = &self.channels[usize::from(chan)];
            (c.wake, c.ready)
        };
        match w {
            Waiter::Thread(t, job) => {
                if let (Some(job), false) = (job, closed) {
                    self.prepend(t, job);
                }
                let at = self.now + wake;
                let th = &mut self.threads[t];
                th.gen += 1;
                self.events.push(at, Ev::Wake(idx(t), th.gen));
            }
            Waiter::Task { job, done, .. } => {
                let ready = ready.expect("asyncio tasks wait on a channel with a loop");
                self.push(ready, if closed { done } else { job });
            }
        }
    }

    /// Takes an item, if there is one, letting the first waiting putter's in; true if taken.
    fn take(&mut self, chan: ChanId) -> bool {
        let c = &mut self.channels[usize::from(chan)];
        if c.items == 0 {
            return false;
        }
        let mut items = c.items - 1;
        if let Some(w) = c.putters.pop_front() {
            items += 1;
            self.wake_waiter(chan, w, false);
        }
        self.set_items(chan, items);
        true
    }

    /// Whether every task putting into the channel has ended and it is empty.
    fn drained(&self, chan: ChanId) -> bool {
        let c = &self.channels[usize::from(chan)];
        c.items == 0 && c.putters_left == 0
    }

    /// `Op::Get` on thread `t`: goes on with `job` holding an item, or (the channel drained)
    /// with the rest of its program; otherwise blocks. True if it goes on now.
    pub(super) fn get(&mut self, t: ThreadId, chan: ChanId, job: JobId) -> bool {
        if self.take(chan) {
            self.prepend(t, job);
            return true;
        }
        if self.drained(chan) {
            return true;
        }
        self.block(t, State::WaitingQueue);
        let c = &mut self.channels[usize::from(chan)];
        c.getters.push_back(Waiter::Thread(t, Some(job)));
        false
    }

    /// `Op::GetAsync` on the loop thread `t` for its task: goes on with `now` holding an item,
    /// with `done` once the channel is drained, or waits to resume with `later`.
    pub(super) fn get_async(&mut self, t: ThreadId, chan: ChanId, jobs: [JobId; 3]) {
        let [now, later, done] = jobs;
        if self.take(chan) {
            return self.prepend(t, now);
        }
        if self.drained(chan) {
            return self.prepend(t, done);
        }
        let n = self.task_of(t);
        self.task_step(n, TaskState::Blocked);
        let c = &mut self.channels[usize::from(chan)];
        c.getters.push_back(Waiter::Task { job: later, done });
    }

    /// Puts an item: to the first waiting getter, or in; false if the channel is full.
    fn give(&mut self, chan: ChanId) -> bool {
        let c = &mut self.channels[usize::from(chan)];
        if let Some(w) = c.getters.pop_front() {
            self.wake_waiter(chan, w, false);
            return true;
        }
        if c.maxsize > 0 && c.items >= c.maxsize {
            return false;
        }
        let items = c.items + 1;
        self.set_items(chan, items);
        true
    }

    /// `Op::Put` on thread `t`; false if it blocks until there is room.
    pub(super) fn put(&mut self, t: ThreadId, chan: ChanId) -> bool {
        if self.give(chan) {
            return true;
        }
        self.block(t, State::WaitingQueue);
        let c = &mut self.channels[usize::from(chan)];
        c.putters.push_back(Waiter::Thread(t, None));
        false
    }

    /// `Op::PutAsync` on the loop thread `t`: its task goes on with `now`, or waits for room to
    /// resume with `later`.
    pub(super) fn put_async(&mut self, t: ThreadId, chan: ChanId, (now, later): (JobId, JobId)) {
        if self.give(chan) {
            return self.prepend(t, now);
        }
        let n = self.task_of(t);
        self.task_step(n, TaskState::Blocked);
        let c = &mut self.channels[usize::from(chan)];
        c.putters.push_back(Waiter::Task {
            job: later,
            done: later,
        });
    }

    /// `Op::Close`: a task putting into `chan` ended; once none is left and the channel is
    /// empty, every waiting getter gets its sentinel.
    pub(super) fn close(&mut self, chan: ChanId) {
        let c = &mut self.channels[usize::from(chan)];
        c.putters_left -= 1;
        if self.drained(chan) {
            let waiting = std::mem::take(&mut self.channels[usize::from(chan)].getters);
            for w in waiting {
                self.wake_waiter(chan, w, true);
            }
        }
    }
}
