//! The drawing plan of a timeline: which lanes to draw and in what order, each lane reduced to
//! bars for a time window at a pixel width, who holds the GIL, the time ticks, and how many
//! tasks are in flight. Pure data, no markup: the SVG pictures draw it, and so can the Lab's own
//! timeline.

use crate::engine::time::Nanos;
use crate::engine::trace::{Lane, LaneId, LaneKind, Span, State, Trace, Who};
use crate::engine::Named;

use super::axis::{self, Tick};
use super::marks::{self, Piece, Resolution};
use super::xml::text_width;

mod queues;
mod tasks;
pub use queues::{queue_bands, QueueBand};
pub use tasks::{drawn_as, in_flight, task_rows, Level, TaskRow, MAX_TASK_ROWS};

/// The main interpreter's GIL lane, as the engine names it. Worker processes' and
/// subinterpreters' own GILs are left out of the picture: each is always held by its one worker.
const MAIN_GIL: &str = "GIL (main)";

/// A stretch of time `[start, end)` drawn across the plot's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First instant shown.
    pub start: Nanos,
    /// First instant after the window (always after `start`).
    pub end: Nanos,
}

impl Window {
    /// The window `[start, end)`, at least 1 ns long.
    pub fn new(start: Nanos, end: Nanos) -> Window {
        Window {
            start,
            end: end.max(start + 1),
        }
    }

    /// The whole run.
    pub fn whole(trace: &Trace) -> Window {
        Window::new(0, trace.makespan)
    }

    /// How long the window is.
    pub fn duration(self) -> Nanos {
        self.end - self.start
    }

    /// Where `t` falls on a plot `width` px wide (0 at `start`, `width` at `end`).
    pub fn x(self, t: Nanos, width: f64) -> f64 {
        t.saturating_sub(self.start) as f64 / self.duration() as f64 * width
    }

    /// The left edge of column `i` of `columns` splitting the window evenly; exact integers, so
    /// the columns tile the window with no gap or overlap.
    pub(super) fn edge(self, i: u64, columns: u64) -> Nanos {
        // In 64 bits whenever that cannot overflow (windows under about 50 days): a 128-bit
        // division is a slow library call in the browser, and drawing takes a few per column.
        let d = self.duration();
        self.start
            + d.checked_mul(i).map_or_else(
                || (u128::from(d) * u128::from(i) / u128::from(columns)) as Nanos,
                |p| p / columns,
            )
    }
}

/// The three groups of lanes, drawn in this order with a little space between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// The main interpreter's GIL.
    Gil,
    /// The program's threads, worker processes and event loop.
    Program,
    /// The machine's cores.
    Cores,
}

impl Section {
    /// The section a lane of `kind` is drawn in.
    pub fn of(kind: LaneKind) -> Section {
        match kind {
            LaneKind::Gil => Section::Gil,
            LaneKind::Thread | LaneKind::Process | LaneKind::EventLoop => Section::Program,
            LaneKind::Core => Section::Cores,
        }
    }
}

/// Which lanes to draw, as indices into the trace's lanes, in drawing order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The lanes drawn: the main GIL, the program's lanes, then the cores.
    pub lanes: Vec<usize>,
    /// How many lanes were left out to stay within the cap.
    pub left_out: usize,
}

/// Chooses at most `max` lanes (at least 3): the main GIL, the program's lanes, the cores, each
/// group in the trace's order. Over the cap, the cores keep at least a third of the room, since
/// how busy the machine is matters as much as any one thread.
pub fn select_lanes(lanes: &[Lane], max: usize) -> Selection {
    let of = |section: Section| -> Vec<usize> {
        (0..lanes.len())
            .filter(|&i| Section::of(lanes[i].kind) == section)
            .filter(|&i| lanes[i].kind != LaneKind::Gil || lanes[i].name == MAIN_GIL)
            .collect()
    };
    let (gil, program, cores) = (of(Section::Gil), of(Section::Program), of(Section::Cores));
    let room = max.max(3).saturating_sub(gil.len());
    let core_room = cores
        .len()
        .min((room / 3).max(room.saturating_sub(program.len())));
    let program_room = program.len().min(room - core_room);
    let core_room = cores.len().min(room - program_room);
    let left_out = (program.len() - program_room) + (cores.len() - core_room);
    let mut chosen = gil;
    chosen.extend(&program[..program_room]);
    chosen.extend(&cores[..core_room]);
    Selection {
        lanes: chosen,
        left_out,
    }
}

/// A stretch of one state on a lane as drawn: spans narrower than a column are reduced to what
/// the column shows (see [`marks`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar {
    /// Start, inclusive.
    pub start: Nanos,
    /// End, exclusive.
    pub end: Nanos,
    /// The state shown.
    pub state: State,
    /// As [`Span::who`](crate::engine::trace::Span::who): the thread lane on core and GIL
    /// lanes, the task on thread lanes; `None` where the bar merges several.
    pub who: Option<Who>,
    /// On a GIL lane, which holder (index into [`Plan::holders`]) holds it.
    pub holder: Option<usize>,
    /// It directly follows a bar in the same state for someone else (another thread on a core,
    /// another task group): draw a gap so the two read as two.
    pub seam: bool,
    /// Its columns are drawn in less than half of their time: drawn pale, so that a lane
    /// busy now and then does not read as busy throughout.
    pub faint: bool,
}

/// `lane` over `window` reduced to bars at `resolution`: each column shows the state
/// holding it longest, and every span leaves a mark at least a column wide where it does not
/// crowd others out (see [`marks`]); a GIL held by two threads is two colours. Idle stretches
/// are left out (the lane's background shows them). The cost is bounded by the columns and the
/// spans inside the window, however long the lane.
pub fn bars(lane: &Lane, window: Window, resolution: Resolution) -> Vec<Bar> {
    span_bars(&lane.spans, window, resolution)
}

/// How a span is coloured: by its state, and on a GIL lane by who holds it; idle is not drawn.
fn piece(s: &Span) -> Piece<(State, Option<Who>)> {
    Piece {
        start: s.start,
        end: s.end,
        colour: match s.state {
            State::Idle => None,
            State::Held => Some((s.state, s.who)),
            state => Some((state, None)),
        },
        who: s.who,
    }
}

/// [`bars`] of any spans in time order (a lane's, or an asyncio task's states drawn as a lane's).
fn span_bars(spans: &[Span], window: Window, resolution: Resolution) -> Vec<Bar> {
    let marks = marks::reduce(spans, piece, window, resolution);
    let column = window.duration() / u64::from(resolution.columns.max(1));
    let mut out: Vec<Bar> = Vec::with_capacity(marks.len());
    for m in marks {
        let state = m.colour.0;
        // A gap cut into a bar under two columns wide would leave it half background: a paler
        // bar that reads as another state. Bars that narrow mostly merge several tasks anyway.
        let seam = m.end - m.start >= 2 * column
            && out
                .last()
                .is_some_and(|prev| prev.end == m.start && prev.state == state);
        out.push(Bar {
            start: m.start,
            end: m.end,
            state,
            who: m.who,
            holder: None,
            seam,
            faint: m.faint,
        });
    }
    out
}

/// A thread that held a drawn GIL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Its lane in the trace.
    pub lane: LaneId,
    /// Its name, for labels.
    pub name: String,
}

/// The threads that held the GIL lanes in `gil_lanes`, in the order they first took one over the
/// whole run: a holder keeps its index (and so its colour) whatever window is shown.
pub fn holders(trace: &Trace, gil_lanes: &[usize]) -> Vec<Holder> {
    let mut out: Vec<Holder> = Vec::new();
    for &g in gil_lanes {
        for s in &trace.lanes[g].spans {
            let Some(lane) = s.who.filter(|_| s.state == State::Held).map(Who::lane) else {
                continue;
            };
            if !out.iter().any(|h| h.lane == lane) {
                let name = trace.lanes.get(lane.index()).map_or("?", |l| &l.name);
                out.push(Holder {
                    lane,
                    name: name.to_string(),
                });
            }
        }
    }
    out
}

/// What a timeline is drawn into.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// The time shown.
    pub window: Window,
    /// The plot's width in pixels (without the lane names).
    pub width: f64,
    /// The narrowest bar, in pixels: spans are merged to this resolution.
    pub column_px: f64,
    /// Most lanes drawn.
    pub max_lanes: usize,
    /// Type size of the time axis's labels, in pixels (to keep them inside the axis).
    pub tick_font_px: f64,
}

/// One lane as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Its index in the trace's lanes.
    pub lane: usize,
    /// Its name.
    pub name: String,
    /// What it stands for.
    pub kind: LaneKind,
    /// Its group.
    pub section: Section,
    /// Its bars, in time order.
    pub bars: Vec<Bar>,
    /// Its index in [`Plan::holders`], if it held the GIL: label it in the holder's colour.
    pub holder: Option<usize>,
}

/// Everything a timeline draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The time shown.
    pub window: Window,
    /// The lanes drawn, in order.
    pub rows: Vec<Row>,
    /// How many lanes were left out.
    pub left_out: usize,
    /// Who held the drawn GIL, in the order they first took it.
    pub holders: Vec<Holder>,
    /// The time axis.
    pub ticks: Vec<Tick<Nanos>>,
    /// Tasks in flight, when more are in flight at once than the program has lanes (asyncio's
    /// one loop running a hundred requests); drawn under the program's lanes.
    pub in_flight: Option<Vec<Level>>,
    /// A lane per asyncio task, when there are only a few.
    pub tasks: Vec<TaskRow>,
    /// The depth of each queue between pipeline stages, drawn under the program's lanes.
    pub queues: Vec<QueueBand>,
    /// When the run deadlocked, if it did within the window: marked across the lanes.
    pub deadlock: Option<Nanos>,
}

impl Plan {
    /// Plans the timeline of `trace` in `view`.
    pub fn new(trace: &Trace, view: &Viewport) -> Plan {
        let window = view.window;
        let columns = (view.width / view.column_px.max(0.1)).round().max(1.0) as u32;
        let resolution = Resolution { columns };
        let selection = select_lanes(&trace.lanes, view.max_lanes);
        let gil_lanes: Vec<usize> = selection
            .lanes
            .iter()
            .copied()
            .filter(|&i| trace.lanes[i].kind == LaneKind::Gil)
            .collect();
        let holders = holders(trace, &gil_lanes);
        let holder_of = |lane: LaneId| holders.iter().position(|h| h.lane == lane);
        let rows: Vec<Row> = selection
            .lanes
            .iter()
            .map(|&i| {
                let lane = &trace.lanes[i];
                let mut bars = bars(lane, window, resolution);
                if lane.kind == LaneKind::Gil {
                    for b in bars.iter_mut().filter(|b| b.state == State::Held) {
                        b.holder = b.who.and_then(|w| holder_of(w.lane()));
                    }
                }
                Row {
                    lane: i,
                    name: lane.name.clone(),
                    kind: lane.kind,
                    section: Section::of(lane.kind),
                    bars,
                    holder: holder_of(LaneId::new(i)),
                }
            })
            .collect();
        let program = rows
            .iter()
            .filter(|r| r.section == Section::Program)
            .count();
        let levels = in_flight(trace, window, columns);
        let peak = levels.iter().map(|l| l.count).max().unwrap_or(0);
        Plan {
            window,
            ticks: axis::time_ticks(window, view.width, |label| {
                text_width(label, view.tick_font_px, false)
            }),
            in_flight: (peak as usize > program.max(1)).then_some(levels),
            tasks: task_rows(trace, window, resolution),
            queues: queue_bands(trace, window, columns),
            deadlock: trace
                .deadlock
                .0
                .as_ref()
                .map(|d| d.at)
                .filter(|&at| window.start <= at && at <= window.end),
            left_out: selection.left_out,
            holders,
            rows,
        }
    }

    /// The states drawn anywhere in the plan, in legend order.
    pub fn states(&self) -> Vec<State> {
        State::all()
            .iter()
            .copied()
            .filter(|&s| {
                self.rows
                    .iter()
                    .any(|r| r.bars.iter().any(|b| b.state == s))
            })
            .collect()
    }

    /// Most tasks in flight at once in the window (0 when the plan does not show them).
    pub fn peak_in_flight(&self) -> u32 {
        self.in_flight
            .iter()
            .flatten()
            .map(|l| l.count)
            .max()
            .unwrap_or(0)
    }
}
