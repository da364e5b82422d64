//! What a run keeps as it goes — every span, nothing, or a tally of its metrics — and what it
//! hands back at its end: the trace, or the metrics alone.

use super::World;
use crate::engine::metrics::{Metrics, Run};
use crate::engine::time::Nanos;
use crate::engine::trace::{Depths, Ending, Trace};

impl World {
    /// The same world, recording no spans: for a run whose makespan alone is wanted (the
    /// sequential baseline), which then allocates nothing for its picture.
    pub fn without_spans(mut self) -> Self {
        self.rec.drop_spans();
        self
    }

    /// How many records the run holds: see [`MAX_HELD`](super::MAX_HELD).
    pub(super) fn held(&self) -> u64 {
        let detail = self.rec.spans()
            + self.marks.len()
            + self.task_steps.len()
            + self.memory.len()
            + self.reps.len();
        (self.events.len() + detail) as u64
    }

    /// The same world, keeping no spans but adding them up for its metrics as it goes
    /// ([`World::finish_metrics`]): `makespan` must be the run's own, known from a run without
    /// spans, since the metrics' series divide it.
    pub fn tallied(mut self, makespan: Nanos) -> Self {
        let groups = self.group_names.len();
        self.rec
            .tally_spans(makespan, groups, self.task_groups.clone());
        self
    }

    /// When a finished run ended. One that deadlocked ends when its last event happened:
    /// whatever could still run has run, and the rest waits forever.
    fn ended(&self) -> Nanos {
        match self.deadlock {
            Some(_) => self.end.max(self.now),
            None => self.end,
        }
    }

    /// The metrics of a finished [`World::tallied`] run against a sequential run of `baseline`;
    /// `None` if it did not end at the makespan it was told.
    pub fn finish_metrics(self, baseline: Nanos) -> Option<Metrics> {
        let end = self.ended();
        let (_, tally) = self.rec.finish(end);
        let mut tally = tally?;
        tally.close();
        if tally.makespan() != end {
            return None;
        }
        let deadlock = self.deadlock.as_ref();
        let run = Run {
            tasks: &self.tasks,
            groups: &self.group_names,
            makespan: end,
            cores: self.cores.len() as u32,
            events: self.processed,
            deadlock,
        };
        Some(Metrics::of(&run, tally, baseline, end))
    }

    /// The trace of a finished run.
    pub fn finish(mut self) -> Trace {
        let end = self.ended();
        let queues = Depths(self.depths());
        Trace {
            cores: self.cores.len() as u32,
            lanes: self.rec.finish(end).0,
            tasks: self.tasks,
            groups: self.group_names,
            reps: self.reps,
            marks: self.marks,
            task_steps: self.task_steps,
            memory: self.memory,
            makespan: end,
            events: self.processed,
            deadlock: Ending(self.deadlock),
            queues,
        }
    }
}
