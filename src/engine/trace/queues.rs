//! The queues between pipeline stages over a run: how many items each held, and when.

use std::hash::{Hash, Hasher};

use serde::Serialize;

use crate::engine::time::Nanos;

/// One queue's depth over a run.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct QueueDepth {
    /// The queue's name, as the task groups write it.
    pub name: String,
    /// Its `maxsize` (0: unbounded).
    pub maxsize: u32,
    /// (time, items) whenever the number of items changed, from (0, 0).
    pub depth: Vec<(Nanos, u32)>,
}

impl QueueDepth {
    /// The most items it held at once.
    pub fn peak(&self) -> u32 {
        self.depth.iter().map(|d| d.1).max().unwrap_or(0)
    }

    /// How many items it held at `at`.
    pub fn at(&self, at: Nanos) -> u32 {
        self.depth
            .iter()
            .take_while(|d| d.0 <= at)
            .last()
            .map_or(0, |d| d.1)
    }
}

/// Every queue's depth. Hashed only when there is a queue, so runs without a pipeline keep the
/// fingerprints pinned before queues existed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Depths(pub Vec<QueueDepth>);

impl Hash for Depths {
    fn hash<H: Hasher>(&self, state: &mut H) {
        if !self.0.is_empty() {
            self.0.hash(state);
        }
    }
}
