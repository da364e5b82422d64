//! The queues task groups chain into a pipeline, checked together: every queue has a stage
//! that puts into it and one that gets from it, one `maxsize`, and is fed by stages that end
//! (no loop of stages feeding each other, whose queues could never be closed).

use super::field_name;
use crate::engine::scenario::{ScenarioError, TaskGroup};

/// Checks the queues `groups` name against each other; an error names the field to change.
pub(super) fn check(groups: &[TaskGroup]) -> Result<(), ScenarioError> {
    let err = |i: usize, key: &str, message: String| {
        Err(ScenarioError::new(&field_name(i, key), message))
    };
    for (i, g) in groups.iter().enumerate() {
        if g.maxsize > 0 && g.put.is_none() {
            return err(
                i,
                "maxsize",
                "is the size of the queue the group puts into: name it in put".into(),
            );
        }
        if g.get.is_some() && g.repeat != 1 {
            return err(
                i,
                "repeat",
                "must be 1 for a group that gets from a queue: it runs once per item".into(),
            );
        }
        if let Some(q) = &g.get {
            if !groups.iter().any(|p| p.put.as_ref() == Some(q)) {
                return err(i, "get", format!("no group puts into queue '{q}'"));
            }
        }
        if let Some(q) = &g.put {
            if !groups.iter().any(|c| c.get.as_ref() == Some(q)) {
                return err(i, "put", format!("no group gets from queue '{q}'"));
            }
            let first = groups.iter().find(|p| p.put.as_ref() == Some(q));
            if first.is_some_and(|p| p.maxsize != g.maxsize) {
                return err(
                    i,
                    "maxsize",
                    format!("differs from another group's maxsize for queue '{q}'"),
                );
            }
        }
    }
    // A stage ends when its queue is closed (every stage putting into it has ended); a stage
    // without one ends after its repetitions. Close queues until nothing changes: one left open
    // is fed, directly or not, by a stage waiting on it.
    let mut ends: Vec<bool> = groups.iter().map(|g| g.get.is_none()).collect();
    loop {
        let closed = |q: &String| {
            groups
                .iter()
                .zip(&ends)
                .all(|(p, &e)| e || p.put.as_ref() != Some(q))
        };
        let newly: Vec<usize> = (0..groups.len())
            .filter(|&i| !ends[i] && groups[i].get.as_ref().is_some_and(closed))
            .collect();
        if newly.is_empty() {
            break;
        }
        for i in newly {
            ends[i] = true;
        }
    }
    match ends.iter().position(|e| !e) {
        Some(i) => err(
            i,
            "get",
            format!(
                "queue '{}' is fed by a loop of stages that wait on each other, so it is never \
                 done",
                groups[i].get.as_deref().unwrap_or_default()
            ),
        ),
        None => Ok(()),
    }
}
