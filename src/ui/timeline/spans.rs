//! The spans a pointer or a key lands on, and what each stands for in words.

use crate::engine::time::{to_secs, Nanos};
use crate::engine::trace::{LaneKind, Span, State, Trace};
use crate::engine::Outcome;
use crate::format;
use crate::picture::layout::Window;

/// What a span of a lane stands for, in words: "Thread 2: waiting for the GIL for task 3,
/// 4.80 ms from 12.0 ms".
pub(super) fn describe(o: &Outcome, lane: usize, s: &Span) -> String {
    let trace = &o.trace;
    let l = &trace.lanes[lane];
    let whom = match l.kind {
        LaneKind::Gil | LaneKind::Core => s
            .who
            .and_then(|w| trace.lanes.get(w.lane().index()))
            .map(|o| format!(" by {}", o.name)),
        _ => s.who.map(|w| {
            let t = w.task().index();
            match trace.tasks.get(t).map(|r| &trace.groups[r.group.index()]) {
                Some(g) if trace.groups.len() > 1 => format!(" for task {} ({g})", t + 1),
                _ => format!(" for task {}", t + 1),
            }
        }),
    };
    // A lock the program takes is named, with its group's order when it takes several.
    let locks = s
        .who
        .filter(|_| s.state == State::WaitingLock)
        .and_then(|w| trace.tasks.get(w.task().index()))
        .and_then(|r| o.plan.groups().get(r.group.index()))
        .map(|g| g.spec.lock.join(", then "))
        .filter(|names| !names.is_empty());
    let what = match (s.state, locks) {
        (State::Held, _) => "GIL held".to_string(),
        (state, Some(names)) => format!("{} ({names})", state.label()),
        (state, None) => state.label().to_string(),
    };
    format!(
        "{}: {what}{}, {} from {}",
        l.name,
        whom.unwrap_or_default(),
        format::duration(to_secs(s.end - s.start)),
        format::duration(to_secs(s.start))
    )
}

/// The spans of `lane` that show in `window` (idle ones are not drawn), as indices.
pub(super) fn shown(trace: &Trace, lane: usize, w: Window) -> std::ops::Range<usize> {
    let spans = &trace.lanes[lane].spans;
    spans.partition_point(|s| s.end <= w.start)..spans.partition_point(|s| s.start < w.end)
}

/// The span of row `row` at moment `t`, or the nearest drawn one in direction `dir` from span
/// `from` (skipping idle stretches, which are not drawn).
pub(super) fn step(trace: &Trace, lane: usize, w: Window, from: usize, dir: i32) -> Option<usize> {
    let spans = &trace.lanes[lane].spans;
    let r = shown(trace, lane, w);
    let mut i = from as i64;
    loop {
        i += i64::from(dir);
        if i < r.start as i64 || i >= r.end as i64 {
            return None;
        }
        if spans[i as usize].state != State::Idle {
            return Some(i as usize);
        }
    }
}

/// The drawn span of `lane` at (or after) moment `t`.
pub(super) fn at(trace: &Trace, lane: usize, w: Window, t: Nanos) -> Option<usize> {
    let spans = &trace.lanes[lane].spans;
    let i = spans.partition_point(|s| s.end <= t);
    if spans.get(i)?.state != State::Idle {
        return Some(i);
    }
    step(trace, lane, w, i, 1)
}
