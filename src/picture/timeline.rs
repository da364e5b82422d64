//! The Lab's own timeline as SVG markup, classed for the page's stylesheet (unlike [`super::svg`],
//! whose pictures carry their own style): drawn in the Web Worker from the same layout the
//! pictures use, so the page carries no drawing code. The page reveals it up to the playback
//! cursor by changing one clip rectangle's width, and moves the playhead and the selection
//! outline the same way, so a frame of playback touches a few attributes, not thousands of
//! elements.

use serde::{Deserialize, Serialize};

use super::labels;
use super::layout::{drawn_as, Plan, Section, Viewport, Window};
use super::palette::HOLDER_COLOURS;
use super::xml::{esc, num};
use crate::engine::time::Nanos;
use crate::engine::trace::{State, TaskState, Trace};
use crate::engine::Named;

/// Type size of labels, in pixels: readable on a phone.
pub const FONT: f64 = 12.0;
/// Type size of the time axis's labels (`.tick text` in style.css).
const TICK_FONT: f64 = 11.0;
/// A lane's height.
pub const LANE_H: f64 = 18.0;
const GAP: f64 = 3.0;
const SECTION_GAP: f64 = 8.0;
const AXIS_H: f64 = 20.0;
const BAND_H: f64 = 40.0;
/// A queue's depth band's height.
const QUEUE_H: f64 = 26.0;
/// Narrowest bar, in pixels: finer spans merge. A pixel, so that a hundred requests across a
/// phone's 267 px plot still leave a hundred marks.
const COLUMN_PX: f64 = 1.0;
/// Most lanes drawn; beyond, the timeline says how many it left out.
pub const MAX_LANES: usize = 40;

/// CSS class of a state's fill (colours and hatching live in style.css).
pub fn state_class(s: State) -> String {
    format!("st st-{}", s.name())
}

/// The in-flight band's states, bottom up: awaiting, ready, running, blocked by a Semaphore
/// (coloured as a task's own lane shows them, see [`drawn_as`]).
const BAND: [TaskState; 4] = [
    TaskState::Awaiting,
    TaskState::Ready,
    TaskState::Running,
    TaskState::Blocked,
];

/// The in-flight band's class where the tasks' states are unknown (threads, processes).
const IN_FLIGHT_CLASS: &str = "st st-in-flight";

/// A queue's depth band's class.
const QUEUE_CLASS: &str = "queue-depth";

/// Where a timeline's rows sit: the plot's geometry in pixels.
struct Geometry {
    width: f64,
    label_w: f64,
    plot_w: f64,
    height: f64,
    rows_y: Vec<f64>,
    tasks_y: Vec<f64>,
    /// Each queue band's top.
    queues_y: Vec<f64>,
    band_y: Option<f64>,
}

/// The lane names' column, narrower on a phone.
fn label_width(width: f64) -> f64 {
    if width < 600.0 {
        100.0
    } else {
        128.0
    }
}

/// The plot's width beside the names.
fn plot_width(width: f64) -> f64 {
    (width - label_width(width) - 8.0).max(100.0)
}

impl Geometry {
    fn new(plan: &Plan, width: f64) -> Geometry {
        let label_w = label_width(width);
        let mut y = AXIS_H;
        let mut rows_y = Vec::with_capacity(plan.rows.len());
        let mut tasks_y = Vec::new();
        let mut queues_y = Vec::new();
        let mut band_y = None;
        for (i, row) in plan.rows.iter().enumerate() {
            if i > 0 && plan.rows[i - 1].section != row.section {
                if plan.rows[i - 1].section == Section::Program {
                    for _ in &plan.tasks {
                        tasks_y.push(y);
                        y += LANE_H + GAP;
                    }
                    if plan.in_flight.is_some() {
                        band_y = Some(y);
                        y += BAND_H + GAP;
                    }
                    for _ in &plan.queues {
                        queues_y.push(y);
                        y += QUEUE_H + GAP;
                    }
                }
                y += SECTION_GAP;
            }
            rows_y.push(y);
            y += LANE_H + GAP;
        }
        Geometry {
            width,
            label_w,
            plot_w: plot_width(width),
            height: y + 2.0,
            rows_y,
            tasks_y,
            queues_y,
            band_y,
        }
    }

    fn x(&self, window: Window, t: Nanos) -> f64 {
        self.label_w + window.x(t, self.plot_w)
    }
}

/// Bars gathered by class, one path per class: a busy lane is thousands of bars, and a path's
/// rectangle costs a fifth of a `<rect>` element's bytes and no element of its own.
#[derive(Default)]
struct Paths(Vec<(String, String)>);

impl Paths {
    /// A bar from `x0` to `x1` (at least 0.6 px wide), `h` high from `y`, filled as `class`.
    fn add(&mut self, class: &str, x0: f64, x1: f64, y: f64, h: f64) {
        use std::fmt::Write;
        let i = self.0.iter().position(|p| p.0 == class).unwrap_or_else(|| {
            self.0.push((class.to_string(), String::new()));
            self.0.len() - 1
        });
        let d = &mut self.0[i].1;
        let w = num((x1 - x0).max(0.6));
        let _ = write!(d, "M{} {}h{w}v{}h-{w}z", num(x0), num(y), num(h));
    }

    /// The paths, in the order their classes first appeared.
    fn write(self, o: &mut String) {
        use std::fmt::Write;
        for (class, d) in self.0 {
            let _ = write!(o, r#"<path class="{class}" d="{d}"/>"#);
        }
    }
}

/// The whole timeline as SVG markup, drawn once per plan: the bars are revealed up to the
/// cursor by a clip path whose width alone changes as the run plays, so a frame of playback
/// touches two attributes rather than thousands of elements. Every name is escaped.
fn markup(plan: &Plan, g: &Geometry, id: &str) -> String {
    use std::fmt::Write;
    let w = plan.window;
    let x = |t: Nanos| g.x(w, t);
    let (lw, pw) = (g.label_w, g.plot_w);
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        r#"<svg width="{0}" height="{1}" viewBox="0 0 {0} {1}" aria-hidden="true"><defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="4" class="hatch-line"/></pattern><pattern id="dots" width="4" height="4" patternUnits="userSpaceOnUse"><rect width="4" height="4" class="dots-bg"/><circle cx="2" cy="2" r="0.9" class="dots-dot"/></pattern><pattern id="bars" width="4" height="4" patternUnits="userSpaceOnUse"><rect width="4" height="4" class="bars-bg"/><line x1="2" y1="0" x2="2" y2="4" class="bars-line"/></pattern><clipPath id="{id}"><rect class="reveal" x="0" y="0" width="{0}" height="{1}"/></clipPath></defs>"#,
        num(g.width),
        num(g.height)
    );
    for t in &plan.ticks {
        let tx = num(lw + t.x);
        let _ = write!(
            o,
            r#"<g class="tick"><line x1="{tx}" x2="{tx}" y1="{}" y2="{}"/><text x="{tx}" y="{}" text-anchor="{}">{}</text></g>"#,
            num(AXIS_H - 4.0),
            num(g.height),
            num(AXIS_H - 7.0),
            t.anchor.svg(),
            esc(&t.label)
        );
    }
    let lane_bg = |o: &mut String, y: f64, h: f64| {
        let _ = write!(
            o,
            r#"<rect class="lane-bg" x="{}" y="{}" width="{}" height="{}"/>"#,
            num(lw),
            num(y),
            num(pw),
            num(h)
        );
    };
    let label = |o: &mut String, y: f64, text: &str| {
        let _ = write!(
            o,
            r#"<text class="lane-label" x="{}" y="{}" text-anchor="end">{}</text>"#,
            num(lw - 6.0),
            num(y + LANE_H - 5.0),
            esc(&labels::fit(text, lw - 18.0, FONT))
        );
    };
    // Labels and backgrounds first, then every bar in one clipped group.
    for (row, &y) in plan.rows.iter().zip(&g.rows_y) {
        if let Some(h) = row.holder {
            let _ = write!(
                o,
                r#"<rect class="hd{}" x="2" y="{}" width="8" height="8" rx="2"/>"#,
                h % HOLDER_COLOURS,
                num(y + 5.0)
            );
        }
        label(&mut o, y, &row.name);
        lane_bg(&mut o, y, LANE_H);
    }
    for (t, &y) in plan.tasks.iter().zip(&g.tasks_y) {
        label(&mut o, y, &format!("Task {}", t.task.index() + 1));
        lane_bg(&mut o, y, LANE_H);
    }
    if let Some(y) = g.band_y {
        let _ = write!(
            o,
            r#"<text class="lane-label" x="{}" y="{}" text-anchor="end">In flight</text>"#,
            num(lw - 6.0),
            num(y + 14.0)
        );
        lane_bg(&mut o, y, BAND_H);
    }
    for (q, &y) in plan.queues.iter().zip(&g.queues_y) {
        // Named as a lane is, with the depth drawn at full height in small type under it.
        label(&mut o, y, &format!("Queue {}", q.name));
        let _ = write!(
            o,
            r#"<text class="queue-full" x="{}" y="{}" text-anchor="end">{} items</text>"#,
            num(lw - 6.0),
            num(y + QUEUE_H - 1.0),
            q.full
        );
        lane_bg(&mut o, y, QUEUE_H);
    }
    let _ = write!(o, r#"<g clip-path="url(#{id})">"#);
    for (row, &y) in plan.rows.iter().zip(&g.rows_y) {
        let mut bars = Paths::default();
        for bb in &row.bars {
            let mut class = match (bb.state, bb.holder) {
                (State::Held, Some(h)) => format!("st hd{}", h % HOLDER_COLOURS),
                (s, _) => state_class(s),
            };
            if bb.faint {
                class.push_str(" faint");
            }
            let x0 = x(bb.start) + if bb.seam { 1.0 } else { 0.0 };
            bars.add(&class, x0, x(bb.end), y, LANE_H);
        }
        bars.write(&mut o);
    }
    for (t, &y) in plan.tasks.iter().zip(&g.tasks_y) {
        let mut bars = Paths::default();
        for bb in &t.bars {
            bars.add(&state_class(bb.state), x(bb.start), x(bb.end), y, LANE_H);
        }
        bars.write(&mut o);
    }
    if let (Some(levels), Some(y)) = (&plan.in_flight, g.band_y) {
        let peak = f64::from(plan.peak_in_flight().max(1));
        let mut band = Paths::default();
        for l in levels.iter().filter(|l| l.count > 0) {
            let mut base = y + BAND_H;
            let parts: Vec<(u32, String)> = if l.states == [0; 4] {
                // Without an event loop nothing says what a task in flight is doing (waiting
                // for I/O, for the GIL, running): a neutral colour rather than "running Python".
                vec![(l.count, IN_FLIGHT_CLASS.to_string())]
            } else {
                BAND.iter()
                    .map(|&s| (l.states[s as usize], state_class(drawn_as(s))))
                    .collect()
            };
            for (n, class) in parts.into_iter().filter(|p| p.0 > 0) {
                let h = BAND_H * f64::from(n) / peak;
                base -= h;
                band.add(&class, x(l.start), x(l.end), base, h);
            }
        }
        band.write(&mut o);
    }
    for (q, &y) in plan.queues.iter().zip(&g.queues_y) {
        let mut band = Paths::default();
        for &(start, end, items) in q.levels.iter().filter(|l| l.2 > 0) {
            let h = QUEUE_H * f64::from(items.min(q.full)) / f64::from(q.full);
            band.add(QUEUE_CLASS, x(start), x(end), y + QUEUE_H - h, h);
        }
        band.write(&mut o);
    }
    if let Some(at) = plan.deadlock {
        // Where the program would hang for ever (the lanes simply stop there otherwise),
        // revealed with the bars, so that it is no spoiler before the cursor gets there.
        let dx = num(x(at));
        let _ = write!(
            o,
            r#"<g class="deadlock"><line x1="{dx}" x2="{dx}" y1="{}" y2="{}"/><text x="{}" y="{}" text-anchor="end">deadlock</text></g>"#,
            num(AXIS_H),
            num(g.height),
            num(x(at) - 3.0),
            num(AXIS_H + 10.0)
        );
    }
    let _ = write!(
        o,
        r#"</g><rect class="chosen" x="0" y="0" width="0" height="0"/><line class="playhead" x1="0" x2="0" y1="{}" y2="{}"/></svg>"#,
        num(AXIS_H - 4.0),
        num(g.height)
    );
    o
}

/// A timeline as drawn: its markup and where things are in it, for the page to reveal, point
/// at and walk with the keyboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drawn {
    /// The SVG markup.
    pub svg: String,
    /// The time shown.
    pub window: (Nanos, Nanos),
    /// Width of the lane names' column, in pixels.
    pub label_w: f64,
    /// Width of the plot beside it.
    pub plot_w: f64,
    /// Each drawn lane: its index in the trace and its top.
    pub rows: Vec<(u32, f64)>,
    /// How many lanes were left out.
    pub left_out: u32,
    /// Most tasks in flight at once in the window (0 when the band is not drawn).
    pub peak_in_flight: u32,
}

impl Drawn {
    /// Where moment `t` is across the SVG, in pixels.
    pub fn x(&self, t: Nanos) -> f64 {
        self.label_w + Window::new(self.window.0, self.window.1).x(t, self.plot_w)
    }
}

/// Draws `trace` over `window` at `width` pixels; `id` names its clip path (two timelines may
/// share a page).
pub fn draw(trace: &Trace, window: Window, width: f64, id: &str) -> Drawn {
    let plan = Plan::new(
        trace,
        &Viewport {
            window,
            width: plot_width(width),
            column_px: COLUMN_PX,
            max_lanes: MAX_LANES,
            tick_font_px: TICK_FONT,
        },
    );
    let g = Geometry::new(&plan, width);
    Drawn {
        svg: markup(&plan, &g, id),
        window: (window.start, window.end),
        label_w: g.label_w,
        plot_w: g.plot_w,
        rows: plan
            .rows
            .iter()
            .zip(&g.rows_y)
            .map(|(r, &y)| (r.lane as u32, y))
            .collect(),
        left_out: plan.left_out as u32,
        peak_in_flight: plan.peak_in_flight(),
    }
}

#[cfg(test)]
mod tests;
