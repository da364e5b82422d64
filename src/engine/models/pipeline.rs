//! The queues a workload's stages pass items through, as each model has them: `queue.Queue`
//! between threads, `multiprocessing.Queue` between a process pool's workers (each item
//! pickled through a pipe), `asyncio.Queue` between coroutines. A stage that gets from a queue runs its
//! phases once per item until the queue is drained: its loop body is one job that ends by
//! getting the next item. A stage that puts does so after each repetition, and its task closes
//! the queue for its part when it ends. Sequential code has no queue: each consumer task runs
//! its even share of the items, one stage after another.

use super::asyncio::segment;
use super::{blocking_work, py, Builder, Task};
use crate::engine::calibration as cal;
use crate::engine::plan::Plan;
use crate::engine::scenario::ModelKind;
use crate::engine::sim::{ChanId, JobId, Op, QueueId};
use crate::engine::time::{transfer, Nanos};
use crate::engine::trace::State;

/// A plan's queues: one per name, numbered in the order the groups first put into them.
#[derive(Default)]
pub(super) struct Channels {
    names: Vec<String>,
    maxsize: Vec<u32>,
    /// How many tasks put into each.
    putters: Vec<u32>,
    /// How many items each carries over the run.
    items: Vec<u64>,
    /// The bytes of each of its items.
    item_bytes: Vec<u64>,
    /// Each group's (get, put) queues.
    pub of_group: Vec<(Option<ChanId>, Option<ChanId>)>,
}

impl Channels {
    /// The queues `plan`'s groups name.
    pub fn of(plan: &Plan) -> Self {
        let groups = plan.groups();
        let mut names: Vec<String> = Vec::new();
        let (mut maxsize, mut putters) = (Vec::new(), Vec::new());
        for g in groups {
            if let Some(q) = &g.spec.put {
                match names.iter().position(|n| n == q) {
                    Some(i) => putters[i] += g.spec.tasks,
                    None => {
                        names.push(q.clone());
                        maxsize.push(g.spec.maxsize);
                        putters.push(g.spec.tasks);
                    }
                }
            }
        }
        let id = |q: &Option<String>| {
            q.as_ref().map(|q| {
                let i = names
                    .iter()
                    .position(|n| n == q)
                    .expect("checked: every queue is put into");
                ChanId::try_from(i).expect("a workload names a handful of queues")
            })
        };
        let of_group: Vec<_> = groups
            .iter()
            .map(|g| (id(&g.spec.get), id(&g.spec.put)))
            .collect();
        // Items into a queue: each putting group's repetitions, or, for a stage that gets, the
        // items of its own queue (checked: stages form no loop, so this ends).
        fn into(q: ChanId, plan: &Plan, of_group: &[(Option<ChanId>, Option<ChanId>)]) -> u64 {
            plan.groups()
                .iter()
                .zip(of_group)
                .filter(|(_, (_, put))| *put == Some(q))
                .map(|(g, (get, _))| match get {
                    Some(from) => into(*from, plan, of_group),
                    None => u64::from(g.spec.tasks) * u64::from(g.spec.repeat),
                })
                .sum()
        }
        let items = (0..names.len())
            .map(|i| into(i as ChanId, plan, &of_group))
            .collect();
        // Stages are listed in order, so a stage's input queue is sized before its output.
        let mut item_bytes = vec![0; names.len()];
        for (g, &(get, put)) in groups.iter().zip(&of_group) {
            if let Some(put) = put {
                let bytes = get.map_or(g.spec.payload_bytes, |q| item_bytes[usize::from(q)]);
                let slot = &mut item_bytes[usize::from(put)];
                *slot = bytes.max(*slot);
            }
        }
        Self {
            names,
            maxsize,
            putters,
            items,
            item_bytes,
            of_group,
        }
    }

    /// The bytes of each item in `chan`: what its producers put (their payload, passed on
    /// unchanged by the stages between), the largest if they differ.
    pub fn item_bytes(&self, chan: ChanId) -> u64 {
        self.item_bytes[usize::from(chan)]
    }

    /// How many items task `k` of a group of `tasks` tasks getting from `chan` handles when
    /// the items are shared out evenly (sequential code).
    pub fn share(&self, chan: ChanId, k: u32, tasks: u32) -> u32 {
        let items = self.items[usize::from(chan)];
        let (each, rest) = (items / u64::from(tasks), items % u64::from(tasks));
        u32::try_from(each + u64::from(u64::from(k) < rest)).expect("items are bounded")
    }
}

/// What a task's use of its queues costs in a thread or a worker process.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct QueueCost {
    /// A put that waits for nothing, as Python work.
    pub put: Nanos,
    /// A get that waits for nothing, as Python work.
    pub get: Nanos,
    /// Moving each item it puts to the other side (pickled through a pipe), before the put.
    pub item: Nanos,
}

impl QueueCost {
    /// The costs under `kind` of a task whose items are `item_bytes` long.
    pub fn of(kind: ModelKind, item_bytes: u64) -> Self {
        match kind {
            ModelKind::Processes => Self {
                put: cal::MP_QUEUE_PUT,
                get: cal::MP_QUEUE_GET,
                item: transfer(item_bytes, cal::MP_QUEUE_BPS),
            },
            _ => Self {
                put: cal::QUEUE_OP,
                get: cal::QUEUE_OP,
                item: 0,
            },
        }
    }

    /// The ops of a put into `chan`.
    pub fn put(self, chan: ChanId) -> [Op; 3] {
        [
            py(self.put, State::RunningPython),
            py(self.item, State::Pickling),
            Op::Put(chan),
        ]
    }
}

impl Builder<'_> {
    /// Adds the plan's queues to the world: a woken thread runs `wake` later, a woken asyncio
    /// task resumes from `ready`.
    pub(super) fn add_channels(&mut self, chans: &Channels, wake: Nanos, ready: Option<QueueId>) {
        for (i, name) in chans.names.iter().enumerate() {
            self.w
                .channel(name, chans.maxsize[i], chans.putters[i], wake, ready);
        }
    }

    /// A task's work in a thread: its repetitions (each followed by a put, if it puts), or, if
    /// it gets from a queue, a loop of a get and a repetition until the queue is drained.
    pub(super) fn stage_work(&mut self, t: &Task, out: &mut Vec<Op>) {
        let Some(chan) = t.get else {
            return blocking_work(t, out);
        };
        let body = self.w.reserve_job();
        let get = [
            py(t.queue_cost.get, State::RunningPython),
            Op::Get { chan, job: body },
        ];
        let mut ops = Vec::new();
        blocking_work(t, &mut ops);
        ops.extend(get);
        self.w.fill_job(body, ops);
        out.extend(get);
    }

    /// `await q.put(item)` on `chan`, followed by `rest`: the ops that replace `rest` at the
    /// end of a repetition.
    pub(super) fn put_async(&mut self, chan: ChanId, n: u32, rest: &[Op]) -> Vec<Op> {
        let now = self.w.job(rest.iter().copied());
        let handoff = py(cal::ASYNC_QUEUE_HANDOFF, State::LoopOverhead);
        let later = self.w.job(segment(n, &[handoff], rest));
        vec![
            py(cal::ASYNC_QUEUE_OP, State::RunningPython),
            Op::PutAsync { chan, now, later },
        ]
    }

    /// `item = await q.get()` on `chan` in task `n`, ending with `finish` once the queue is
    /// drained: the get, and the body and its resumption (jobs whose ops the caller gives by
    /// [`Builder::fill_get_async`] once the body is built).
    pub(super) fn get_async(&mut self, chan: ChanId, finish: &[Op]) -> (Vec<Op>, [JobId; 2]) {
        let now = self.w.reserve_job();
        let later = self.w.reserve_job();
        let done = self.w.job(finish.iter().copied());
        let get = vec![
            py(cal::ASYNC_QUEUE_OP, State::RunningPython),
            Op::GetAsync {
                chan,
                now,
                later,
                done,
            },
        ];
        (get, [now, later])
    }

    /// Gives a get's body (`body`: one repetition, ending with the next get) to its jobs.
    pub(super) fn fill_get_async(&mut self, n: u32, [now, later]: [JobId; 2], body: &[Op]) {
        self.w.fill_job(now, body.iter().copied());
        let handoff = py(cal::ASYNC_QUEUE_HANDOFF, State::LoopOverhead);
        self.w.fill_job(later, segment(n, &[handoff], body));
    }
}
