//! Recording lanes while the engine runs.

use super::{GroupId, Lane, LaneId, LaneKind, Span, State, Who};
use crate::engine::metrics::Tally;
use crate::engine::time::Nanos;

/// Builds lanes span by span while the engine runs: a lane's state is set whenever it changes,
/// and consecutive settings of the same state merge into one span.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    lanes: Vec<Lane>,
    open: Vec<(Nanos, State, Option<Who>)>,
    keep: Keep,
}

/// What becomes of a span once it ends.
#[derive(Debug, Default)]
enum Keep {
    /// It is stored in its lane: the trace the Lab draws.
    #[default]
    Spans,
    /// It is forgotten: a run whose end alone is wanted (a baseline, a comparison's row).
    Nothing,
    /// It is added to the metrics' running sums, then forgotten: a run whose metrics alone are
    /// wanted. With each task's group, which a span's time counts for.
    Tally(Box<Tally>, Vec<GroupId>),
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

    /// From now on, keeps no spans.
    pub fn drop_spans(&mut self) {
        self.keep = Keep::Nothing;
    }

    /// From now on, adds spans up to `makespan` (the run's, known beforehand) to a tally instead
    /// of keeping them; `task_groups` is each task's group.
    pub fn tally_spans(&mut self, makespan: Nanos, groups: usize, task_groups: Vec<GroupId>) {
        let kinds = self.lanes.iter().map(|l| l.kind);
        let tally = Tally::new(kinds, groups, makespan, makespan);
        self.keep = Keep::Tally(Box::new(tally), task_groups);
    }

    /// Whether spans are stored: if not, nor is anything else only the picture shows (GIL marks,
    /// asyncio task steps, memory over time, each repetition).
    pub fn keeps_detail(&self) -> bool {
        matches!(self.keep, Keep::Spans)
    }

    /// How many spans are stored.
    pub fn spans(&self) -> usize {
        self.lanes.iter().map(|l| l.spans.len()).sum()
    }

    /// The tally spans are added to, if they are.
    pub fn tally(&mut self) -> Option<&mut Tally> {
        match &mut self.keep {
            Keep::Tally(tally, _) => Some(tally),
            _ => None,
        }
    }

    /// Sets `lane`'s state from `now` on.
    pub fn set(&mut self, lane: LaneId, now: Nanos, state: State, who: Option<Who>) {
        let open = &mut self.open[lane.index()];
        if open.1 == state && open.2 == who {
            return;
        }
        if now > open.0 {
            let span = Span {
                start: open.0,
                end: now,
                state: open.1,
                who: open.2,
            };
            self.keep(lane.index(), span);
        }
        self.open[lane.index()] = (now, state, who);
    }

    /// What becomes of a span that ended: see [`Keep`].
    fn keep(&mut self, lane: usize, span: Span) {
        match &mut self.keep {
            Keep::Spans => self.lanes[lane].spans.push(span),
            Keep::Nothing => {}
            Keep::Tally(tally, groups) => {
                tally.span(lane, &span, |w| groups.get(w.task().index()).copied());
            }
        }
    }

    /// Closes every lane at `end` and returns them, with the tally if spans went to one.
    pub fn finish(mut self, end: Nanos) -> (Vec<Lane>, Option<Tally>) {
        let open = std::mem::take(&mut self.open);
        for (lane, (since, state, who)) in open.into_iter().enumerate() {
            if end > since {
                let span = Span {
                    start: since,
                    end,
                    state,
                    who,
                };
                self.keep(lane, span);
            }
        }
        for lane in &mut self.lanes {
            lane.spans.retain(|s| s.start < end);
            if let Some(last) = lane.spans.last_mut() {
                last.end = last.end.min(end);
            }
        }
        let tally = match self.keep {
            Keep::Tally(tally, _) => Some(*tally),
            _ => None,
        };
        (self.lanes, tally)
    }
}
