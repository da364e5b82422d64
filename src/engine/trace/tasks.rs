//! What became of the tasks: when each ran and on which lane, each repetition, and an asyncio
//! task's changes of state.

use serde::Serialize;
use strum::{EnumString, IntoStaticStr, VariantArray, VariantNames};

use super::{GroupId, LaneId, TaskId};
use crate::engine::names::serde_by_name;
use crate::engine::time::Nanos;

/// When a task began and finished its work, and on which lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct TaskRecord {
    /// When a worker started the task.
    pub start: Nanos,
    /// When it finished; [`NEVER`] for a task a deadlock stopped.
    pub end: Nanos,
    /// The lane that ran it; `None` if it never started.
    pub lane: Option<LaneId>,
    /// Its task group.
    pub group: GroupId,
}

/// A [`TaskRecord::end`] that never came: the task was still running (or stuck waiting for a
/// lock) when the run ended.
pub const NEVER: Nanos = Nanos::MAX;

/// One repetition of a task's phases (a loop iteration), start to end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct RepRecord {
    /// Its task group.
    pub group: GroupId,
    /// When it began.
    pub start: Nanos,
    /// When it ended.
    pub end: Nanos,
}

/// Where an asyncio task is, as its event loop sees it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumString,
    IntoStaticStr,
    VariantArray,
    VariantNames,
)]
#[strum(serialize_all = "kebab-case")]
pub enum TaskState {
    /// Waiting for a permit of the Semaphore that limits tasks in flight.
    Blocked,
    /// Ready to resume, queued for the loop.
    Ready,
    /// Running on the loop.
    Running,
    /// Awaiting I/O or an executor.
    Awaiting,
    /// Finished.
    Done,
}

serde_by_name!(TaskState);

/// An asyncio task changing state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct TaskStep {
    /// When.
    pub at: Nanos,
    /// Which task.
    pub task: TaskId,
    /// Its new state.
    pub state: TaskState,
}
