//! An event loop's tasks: how many are in flight at each moment and in which state, and a row
//! per task when there are only a few.

use crate::engine::time::Nanos;
use crate::engine::trace::{Span, State, TaskId, TaskState, Trace};
use crate::picture::marks::Resolution;

use super::{span_bars, Bar, Window};

/// The lane state a task's state is drawn as: awaiting its reply as waiting for I/O, ready as
/// waiting for a core (for the loop, here), running as running Python, held by a Semaphore with
/// the GIL's hatching; done, not at all.
pub fn drawn_as(s: TaskState) -> State {
    match s {
        TaskState::Awaiting => State::WaitingIo,
        TaskState::Ready => State::WaitingCore,
        TaskState::Running => State::RunningPython,
        TaskState::Blocked => State::WaitingGil,
        TaskState::Done => State::Idle,
    }
}

/// How many tasks were in flight (started, not yet finished) during `[start, end)`, and, for
/// an event loop's tasks, where: index [`TaskState`] `Blocked`, `Ready`, `Running`, `Awaiting`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    /// Start, inclusive.
    pub start: Nanos,
    /// End, exclusive.
    pub end: Nanos,
    /// Tasks in flight.
    pub count: u32,
    /// Of those, how many in each state of [`TaskState`] before `Done` (all zero for models
    /// without an event loop).
    pub states: [u32; 4],
}

/// Tasks in flight over `window`, sampled at the middle of each of `columns` columns, equal
/// neighbours merged. It shows what one event-loop lane cannot: a hundred requests awaiting
/// their replies at once, some ready and queued for the loop, the rest held by a Semaphore.
pub fn in_flight(trace: &Trace, window: Window, columns: u32) -> Vec<Level> {
    let columns = u64::from(columns.max(1));
    let mut out: Vec<Level> = Vec::new();
    let mut push = |from: Nanos, to: Nanos, count: u32, states: [u32; 4]| match out.last_mut() {
        Some(last) if last.count == count && last.states == states => last.end = to,
        _ => out.push(Level {
            start: from,
            end: to,
            count,
            states,
        }),
    };
    if trace.task_steps.is_empty() {
        let ran = trace.tasks.iter().filter(|t| t.lane.is_some());
        let mut starts: Vec<Nanos> = ran.clone().map(|t| t.start).collect();
        let mut ends: Vec<Nanos> = ran.map(|t| t.end).collect();
        starts.sort_unstable();
        ends.sort_unstable();
        for c in 0..columns {
            let (from, to) = (window.edge(c, columns), window.edge(c + 1, columns));
            let mid = from + (to - from) / 2;
            let count = starts.partition_point(|&s| s <= mid) - ends.partition_point(|&e| e <= mid);
            push(from, to, count as u32, [0; 4]);
        }
    } else {
        // Replay the steps (in time order) up to each column's middle.
        let mut now: Vec<Option<TaskState>> = vec![None; trace.tasks.len()];
        let mut counts = [0u32; 5];
        let mut next = 0;
        for c in 0..columns {
            let (from, to) = (window.edge(c, columns), window.edge(c + 1, columns));
            let mid = from + (to - from) / 2;
            while let Some(step) = trace.task_steps.get(next).filter(|s| s.at <= mid) {
                let was = now[step.task.index()].replace(step.state);
                if let Some(w) = was {
                    counts[w as usize] -= 1;
                }
                counts[step.state as usize] += 1;
                next += 1;
            }
            let states = [counts[0], counts[1], counts[2], counts[3]];
            push(from, to, states.iter().sum(), states);
        }
    }
    out
}

/// One asyncio task's states over a window, for a lane of its own when there are few tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    /// The task.
    pub task: TaskId,
    /// Its states as the lane states they are [`drawn_as`], in time order, reduced to the
    /// window's columns as a lane's are (`Done` left out).
    pub bars: Vec<Bar>,
}

/// At most this many tasks get a lane of their own; more show only as tasks in flight.
pub const MAX_TASK_ROWS: usize = 8;

/// Each asyncio task's states over `window` at `resolution`, when there are at most
/// [`MAX_TASK_ROWS`] tasks.
pub fn task_rows(trace: &Trace, window: Window, resolution: Resolution) -> Vec<TaskRow> {
    if trace.task_steps.is_empty() || trace.tasks.len() > MAX_TASK_ROWS {
        return Vec::new();
    }
    (0..trace.tasks.len())
        .map(|i| {
            let steps: Vec<_> = trace
                .task_steps
                .iter()
                .filter(|s| s.task.index() == i)
                .collect();
            let spans: Vec<Span> = steps
                .iter()
                .enumerate()
                .map(|(k, s)| Span {
                    start: s.at,
                    end: steps.get(k + 1).map_or(trace.makespan, |n| n.at),
                    state: drawn_as(s.state),
                    who: None,
                })
                .collect();
            let bars = span_bars(&spans, window, resolution);
            TaskRow {
                task: TaskId::new(i),
                bars,
            }
        })
        .collect()
}
