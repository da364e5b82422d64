//! What part of a run the Lab shows and how fast it plays: the zoom window, stepping from
//! change to change, and the natural playback rate.

use super::LabState;
use crate::engine::time::{Nanos, SEC};
use crate::picture::layout::Window;

/// How long a run plays at its natural speed, in seconds of real time, unless real time fits.
const PLAY_SECONDS: f64 = 8.0;
/// Runs this long or shorter (in seconds) play in real time at their natural speed.
const REAL_TIME_UP_TO: f64 = 20.0;
/// ...and this long or longer: shorter ones would be over before the eye can follow.
const REAL_TIME_FROM: f64 = 2.0;
/// The narrowest zoom window (10 µs): the time axis counts in microseconds at the finest.
pub(super) const MIN_WINDOW: Nanos = 10_000;

/// The natural playback rate of a run `makespan` long, in seconds of program per second of
/// screen: real time where the run lasts 2–20 s, otherwise the 1-2-5 rate that plays it in
/// about eight seconds.
pub fn natural_rate(makespan: Nanos) -> f64 {
    let secs = makespan as f64 / SEC as f64;
    if (REAL_TIME_FROM..=REAL_TIME_UP_TO).contains(&secs) {
        return 1.0;
    }
    crate::picture::axis::nice_step(secs / PLAY_SECONDS)
}

impl LabState {
    /// The stretch of time a timeline of the current run shows: the zoom window, or the whole
    /// run (and a pinned run's, so both share one axis).
    pub fn window(&self) -> Window {
        self.view.unwrap_or_else(|| self.window_of_run())
    }

    /// The moments where something changes on any lane, the nearest one after (`dir` > 0) or
    /// before the cursor: what stepping moves to.
    pub(super) fn next_event(&self, dir: i32) -> Nanos {
        let Some(o) = self.outcome() else {
            return self.cursor;
        };
        let c = self.cursor;
        let edges = o.trace.lanes.iter().filter_map(|l| {
            let i = l.spans.partition_point(|s| s.start <= c);
            if dir > 0 {
                l.spans.get(i).map(|s| s.start)
            } else {
                let j = l.spans.partition_point(|s| s.start < c);
                j.checked_sub(1).map(|j| l.spans[j].start)
            }
        });
        if dir > 0 {
            edges.min().unwrap_or(o.trace.makespan)
        } else {
            edges.max().unwrap_or(0)
        }
    }

    /// The whole run (and a pinned one): the widest the timeline can show.
    pub(super) fn window_of_run(&self) -> Window {
        let end = self
            .pinned
            .as_ref()
            .map_or(0, |a| a.trace.makespan)
            .max(self.makespan());
        Window::new(0, end.max(1))
    }

    /// Shows `[start, start + width)`, kept inside the run; the whole run clears the zoom.
    pub(super) fn set_view(&mut self, start: Nanos, width: Nanos) {
        let whole = self.window_of_run();
        let width = width.clamp(MIN_WINDOW.min(whole.end), whole.end);
        let start = start.min(whole.end - width);
        self.view = (width < whole.end).then(|| Window::new(start, start + width));
    }

    /// While playing zoomed in, turns the page when the cursor leaves the window.
    pub(super) fn follow_cursor(&mut self) {
        if let Some(w) = self.view {
            if self.cursor >= w.end || self.cursor < w.start {
                let start = self.cursor.saturating_sub(w.duration() / 10);
                self.set_view(start, w.duration());
            }
        }
    }
}
