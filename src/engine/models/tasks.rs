//! Every task of a plan as the models build it: its group's shape, its own repetition count and
//! I/O waits (drawn from the seeded generator in task order), and its group.

use super::{locks, pipeline};
use crate::engine::plan::Plan;
use crate::engine::rng::Rng;
use crate::engine::scenario::{IoKind, ModelKind};
use crate::engine::sim::{ChanId, LockId};
use crate::engine::time::Nanos;
use crate::engine::trace::GroupId;

/// What every task of a group shares: its phases but their I/O and their repetition count
/// (a sequential pipeline stage's share of the items).
#[derive(Debug, Clone)]
pub(super) struct Shape {
    pub(super) cpu: Nanos,
    pub(super) cext: Nanos,
    pub(super) payload: u64,
    pub(super) result: u64,
    /// Python work around each I/O call, when the scenario sets it.
    pub(super) io_call: Option<Nanos>,
    /// What its I/O is.
    pub(super) io_kind: IoKind,
    /// The locks its locked work holds, in the order it takes them (none: no locked work).
    pub(super) locks: Vec<LockId>,
    /// Taking and releasing one of them, uncontended.
    pub(super) lock_cost: Nanos,
    /// Python work holding the locks, per repetition.
    pub(super) locked: Nanos,
    /// I/O holding the locks, per repetition.
    pub(super) locked_io: Nanos,
    /// The queue it gets each item from (a stage looping until the queue is drained).
    pub(super) get: Option<ChanId>,
    /// The queue it puts an item into after each repetition.
    pub(super) put: Option<ChanId>,
    /// What its puts and gets cost.
    pub(super) queue_cost: pipeline::QueueCost,
}

/// One task: its group's [`Shape`] (which it derefs to) and its own I/O waits, after jitter.
/// Small, since a large run holds a million of them while its programs are built.
#[derive(Debug, Clone, Copy)]
pub(super) struct Task<'a> {
    pub(super) n: u32,
    /// How many times it runs its phases.
    pub(super) repeat: u32,
    /// I/O wait of each repetition (jittered one by one).
    pub(super) io: &'a [Nanos],
    pub(super) shape: &'a Shape,
}

impl std::ops::Deref for Task<'_> {
    type Target = Shape;
    fn deref(&self) -> &Shape {
        self.shape
    }
}

/// Every task's figures: the groups' shapes, each task's repetition count and group, every
/// repetition's I/O wait in task order, and the groups' names.
pub(super) struct Tasks {
    pub(super) shapes: Vec<Shape>,
    pub(super) repeats: Vec<u32>,
    pub(super) io: Vec<Nanos>,
    pub(super) groups: Vec<GroupId>,
    pub(super) names: Vec<String>,
}

impl Tasks {
    /// Every task of every group, in group order. In sequential code a task getting from a
    /// queue repeats once per item of its share and uses no queue; elsewhere it gets items until
    /// its queue is drained.
    pub(super) fn of(plan: &Plan, locks: &locks::Locks, chans: &pipeline::Channels) -> Self {
        let queues = plan.model() != ModelKind::Sequential;
        let mut rng = Rng::new(plan.scenario().seed);
        let jitter = plan.scenario().workload.jitter;
        let total = plan.total_tasks() as usize;
        let (mut io, mut groups) = (Vec::new(), Vec::with_capacity(total));
        let (mut shapes, mut repeats) = (Vec::new(), Vec::with_capacity(total));
        for (gi, g) in plan.groups().iter().enumerate() {
            let (get, put) = chans.of_group[gi];
            io.reserve(g.spec.tasks as usize * g.spec.repeat as usize);
            for k in 0..g.spec.tasks {
                match get {
                    // One body for every item, so one I/O wait drawn for all.
                    Some(chan) => {
                        let repeat = if queues {
                            1
                        } else {
                            chans.share(chan, k, g.spec.tasks)
                        };
                        let wait = rng.jitter(g.io, jitter);
                        io.extend(std::iter::repeat_n(wait, repeat as usize));
                        repeats.push(repeat);
                    }
                    None => {
                        io.extend((0..g.spec.repeat).map(|_| rng.jitter(g.io, jitter)));
                        repeats.push(g.spec.repeat);
                    }
                }
                groups.push(GroupId::new(gi));
            }
            shapes.push(Shape {
                cpu: g.cpu,
                cext: g.cext,
                payload: g.spec.payload_bytes,
                result: g.spec.result_bytes,
                io_call: g.io_call,
                io_kind: g.spec.io_kind,
                locks: locks.of_group[gi].clone(),
                lock_cost: locks.cost,
                locked: g.locked,
                locked_io: g.locked_io,
                get: get.filter(|_| queues),
                put: put.filter(|_| queues),
                queue_cost: pipeline::QueueCost::of(
                    plan.model(),
                    get.map_or(g.spec.payload_bytes, |q| chans.item_bytes(q)),
                ),
            });
        }
        let names = plan.groups().iter().map(|g| g.spec.name.clone()).collect();
        Self {
            shapes,
            repeats,
            io,
            groups,
            names,
        }
    }

    /// Each task, by number.
    pub(super) fn each(&self) -> Vec<Task<'_>> {
        let mut io = &self.io[..];
        self.groups
            .iter()
            .zip(&self.repeats)
            .enumerate()
            .map(|(n, (g, &repeat))| {
                let (mine, rest) = io.split_at(repeat as usize);
                io = rest;
                Task {
                    n: n as u32,
                    repeat,
                    io: mine,
                    shape: &self.shapes[g.index()],
                }
            })
            .collect()
    }
}
