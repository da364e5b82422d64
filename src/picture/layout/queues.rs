//! The queues between a pipeline's stages: how many items each held over the window, drawn
//! as a band under the program's lanes, full height at its `maxsize`.

use crate::engine::time::Nanos;
use crate::engine::trace::Trace;

use super::Window;

/// One queue's depth over a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueBand {
    /// The queue's name.
    pub name: String,
    /// The depth drawn at full height: its `maxsize`, or its peak when unbounded (at least 1).
    pub full: u32,
    /// `(start, end, items)`: the depth at the middle of each column, equal neighbours merged.
    pub levels: Vec<(Nanos, Nanos, u32)>,
}

/// Each queue's depth over `window` in `columns` columns (none without a pipeline).
pub fn queue_bands(trace: &Trace, window: Window, columns: u32) -> Vec<QueueBand> {
    let columns = u64::from(columns.max(1));
    trace
        .queues
        .0
        .iter()
        .map(|q| {
            let mut levels: Vec<(Nanos, Nanos, u32)> = Vec::new();
            for c in 0..columns {
                let (from, to) = (window.edge(c, columns), window.edge(c + 1, columns));
                let items = q.at(from + (to - from) / 2);
                match levels.last_mut() {
                    Some(last) if last.2 == items => last.1 = to,
                    _ => levels.push((from, to, items)),
                }
            }
            let full = if q.maxsize > 0 { q.maxsize } else { q.peak() };
            QueueBand {
                name: q.name.clone(),
                full: full.max(1),
                levels,
            }
        })
        .collect()
}
