//! The queues task groups chain into a pipeline, checked together: every queue has a stage
//! that puts into it and one that gets from it, and one `maxsize`; the stages are listed in
//! order, every group putting into a queue before every group getting from it. So no loop of
//! stages feeds itself (its queues would never be done), and sequential code can run the
//! stages one after another.

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
            if groups[i..].iter().any(|p| p.put.as_ref() == Some(q)) {
                return err(
                    i,
                    "get",
                    format!(
                        "must come after every group putting into queue '{q}' (list a \
                         pipeline's stages in order)"
                    ),
                );
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
    Ok(())
}
