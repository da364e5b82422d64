//! Recording lanes while the engine runs.

use super::{Lane, LaneKind, Span, State};
use crate::engine::time::Nanos;

/// Builds lanes span by span while the engine runs: a lane's state is set whenever it changes,
/// and consecutive settings of the same state merge into one span.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    lanes: Vec<Lane>,
    open: Vec<(Nanos, State, u32)>,
}

impl Recorder {
    /// Adds a lane that starts idle at time 0; returns its number.
    pub fn lane(&mut self, name: String, kind: LaneKind) -> u32 {
        self.lanes.push(Lane {
            name,
            kind,
            spans: Vec::new(),
        });
        self.open.push((0, State::Idle, Span::NOBODY));
        (self.lanes.len() - 1) as u32
    }

    /// Sets `lane`'s state from `now` on.
    pub fn set(&mut self, lane: u32, now: Nanos, state: State, who: u32) {
        let open = &mut self.open[lane as usize];
        if open.1 == state && open.2 == who {
            return;
        }
        if now > open.0 {
            self.lanes[lane as usize].spans.push(Span {
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
            if end > since {
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
