//! A run that ended in a deadlock: tasks each holding a lock the next one waits for, in a
//! cycle, so none of them can ever go on.

use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

use crate::engine::time::{to_secs, Nanos};
use crate::format;

/// The cycle a deadlocked run stopped on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Deadlock {
    /// When the cycle closed: the moment its last task began to wait.
    pub at: Nanos,
    /// The tasks in the cycle, in order: each waits for a lock the next one holds, and the last
    /// for one the first holds.
    pub cycle: Vec<Stuck>,
}

/// One task of a deadlock's cycle.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stuck {
    /// The task's index in the trace's tasks (people count from 1).
    pub task: u32,
    /// Its task group's name.
    pub group: String,
    /// The lane it waits on ("Thread 2"; "Event loop" for an asyncio task).
    pub lane: String,
    /// The locks it holds, in the order it took them.
    pub holds: Vec<String>,
    /// The lock it waits for.
    pub waits_for: String,
}

impl Deadlock {
    /// The cycle in words: "at 5.70 ms, task 1 (left) on Thread 1 holds a and waits for b;
    /// task 2 (right) on Thread 2 holds b and waits for a".
    pub fn describe(&self) -> String {
        let who: Vec<String> = self
            .cycle
            .iter()
            .map(|s| {
                format!(
                    "task {} ({}) on {} holds {} and waits for {}",
                    s.task + 1,
                    s.group,
                    s.lane,
                    s.holds.join(" and "),
                    s.waits_for
                )
            })
            .collect();
        format!(
            "at {}, {}",
            format::duration(to_secs(self.at)),
            who.join("; ")
        )
    }
}

/// How a run ended, when its tasks did not all finish: the deadlock it stopped on. Hashed only
/// when there is one, so runs without locks keep the fingerprints pinned before locks existed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Ending(pub Option<Deadlock>);

impl Hash for Ending {
    fn hash<H: Hasher>(&self, state: &mut H) {
        if let Some(d) = &self.0 {
            d.hash(state);
        }
    }
}
