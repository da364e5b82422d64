//! Recording lanes while the engine runs.

use super::{Lane, LaneId, LaneKind, Span, State, Who};
use crate::engine::time::Nanos;

/// Builds lanes span by span while the engine runs: a lane's state is set whenever it changes,
/// and consecutive settings of the same state merge into one span.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    lanes: Vec<Lane>,
    open: Vec<(Nanos, State, Option<Who>)>,
    /// Keep only each lane's current state, no spans: a run whose makespan alone is wanted
    /// (the sequential baseline) costs no memory for its picture.
    no_spans: bool,
}

impl Recorder {
    /// Adds a lane that starts idle at time 0; returns its number.
    pub fn lane(&mut self, name: String, kind: LaneKind) -> LaneId {
        self.lanes.push(Lane {
            name,
            kind,
            spans: Vec::new(),
        });
        self.open.push((0, State::Idle, None));
        LaneId::new(self.lanes.len() - 1)
    }

    /// The name of `lane`.
    pub fn name(&self, lane: LaneId) -> &str {
        &self.lanes[lane.index()].name
    }

    /// From now on, records no spans (see `no_spans`).
    pub fn drop_spans(&mut self) {
        self.no_spans = true;
    }

    /// Sets `lane`'s state from `now` on.
    pub fn set(&mut self, lane: LaneId, now: Nanos, state: State, who: Option<Who>) {
        let open = &mut self.open[lane.index()];
        if open.1 == state && open.2 == who {
            return;
        }
        if now > open.0 && !self.no_spans {
            self.lanes[lane.index()].spans.push(Span {
                start: open.0,
                end: now,
                state: open.1,
                who: open.2,
            });
        }
        *open = (now, state, who);
    }

    /// Closes every lane at `end` and returns them.
    pub fn finish(mut self, end: Nanos) -> Vec<Lane> {
        for (lane, &(since, state, who)) in self.lanes.iter_mut().zip(&self.open) {
            if end > since && !self.no_spans {
                lane.spans.push(Span {
                    start: since,
                    end,
                    state,
                    who,
                });
            }
        }
        for lane in &mut self.lanes {
            lane.spans.retain(|s| s.start < end);
            if let Some(last) = lane.spans.last_mut() {
                last.end = last.end.min(end);
            }
        }
        self.lanes
    }
}
