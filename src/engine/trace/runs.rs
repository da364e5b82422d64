//! A lane reduced to what a screen can show: at most one run of a state per column.

use super::{Lane, State, Who};
use crate::engine::time::Nanos;

/// A stretch of one state on a lane, as drawn at a given resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Start, inclusive.
    pub start: Nanos,
    /// End, exclusive.
    pub end: Nanos,
    /// The state shown for the stretch.
    pub state: State,
    /// As [`Span::who`](super::Span::who), for the run's first span.
    pub who: Option<Who>,
}

impl Lane {
    /// The lane reduced to at most `columns` runs over `[0, end)`: each column shows the state at
    /// its middle, and neighbouring columns in the same state merge. This keeps drawing cost
    /// bounded by the screen, not by the number of spans (a loop lane can hold 100 000).
    pub fn runs(&self, end: Nanos, columns: u32) -> Vec<Run> {
        let columns = u64::from(columns.max(1));
        let step = end.div_ceil(columns).max(1);
        let mut out: Vec<Run> = Vec::new();
        let mut i = 0;
        let mut at = 0;
        while at < end {
            let mid = at + step / 2;
            while i + 1 < self.spans.len() && self.spans[i].end <= mid {
                i += 1;
            }
            let until = (at + step).min(end);
            if let Some(span) = self.spans.get(i) {
                match out.last_mut() {
                    Some(last) if last.state == span.state && last.end == at => last.end = until,
                    _ => out.push(Run {
                        start: at,
                        end: until,
                        state: span.state,
                        who: span.who,
                    }),
                }
            }
            at = until;
        }
        out
    }
}
