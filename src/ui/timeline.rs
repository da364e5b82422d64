//! The timeline: one row per thread, process or event loop, the main interpreter's GIL (who
//! holds it) and every core, drawn up to the playback cursor.

use yew::prelude::*;

use crate::engine::time::{to_secs, Nanos};
use crate::engine::trace::{Lane, LaneKind, Run, State, Trace};
use crate::engine::{Named, Outcome};
use crate::format;
use crate::lab::Shared;

/// Most lanes drawn; beyond this the timeline says how many it left out.
const MAX_LANES: usize = 64;
/// Columns a lane is reduced to (about one per two drawn units).
const COLUMNS: u32 = 430;
const LABEL_W: f64 = 130.0;
const PLOT_W: f64 = 860.0;
const LANE_H: f64 = 16.0;
const GAP: f64 = 3.0;
const AXIS_H: f64 = 18.0;

/// CSS class of a state's fill (colours and hatching live in style.css).
pub fn state_class(s: State) -> String {
    format!("st st-{}", s.name())
}

/// One drawn lane: its name, kind, and its runs with their descriptions.
struct Row {
    name: String,
    kind: LaneKind,
    runs: Vec<(Run, String)>,
}

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The run to draw.
    pub outcome: Shared<Outcome>,
    /// Draw up to this moment.
    pub cursor: Nanos,
    /// The time at the right edge (shared by two timelines compared on one axis).
    pub scale_end: Nanos,
    /// A caption, e.g. "A: threads".
    #[prop_or_default]
    pub caption: Option<String>,
}

/// Which lanes to draw, in order: the main GIL, the program's lanes, then the cores. Worker
/// processes' own GILs are left out: each is always held by its one worker.
fn visible(lanes: &[Lane]) -> (Vec<&Lane>, usize) {
    let rank = |l: &Lane| match l.kind {
        LaneKind::Gil => 0,
        LaneKind::Thread | LaneKind::EventLoop | LaneKind::Process => 1,
        LaneKind::Core => 2,
    };
    let mut shown: Vec<&Lane> = lanes
        .iter()
        .filter(|l| l.kind != LaneKind::Gil || l.name == "GIL (main)")
        .collect();
    shown.sort_by_key(|l| rank(l));
    let hidden = shown.len().saturating_sub(MAX_LANES);
    shown.truncate(MAX_LANES);
    (shown, hidden)
}

fn describe(trace: &Trace, lane: &Lane, run: &Run) -> String {
    let (lanes, groups, tasks) = (&trace.lanes, &trace.groups, &trace.tasks);
    let who = run
        .who
        .and_then(|w| lanes.get(w.lane().index()))
        .map(|l| l.name.as_str());
    let dur = format::duration(to_secs(run.end - run.start));
    match (lane.kind, who) {
        (LaneKind::Gil, Some(w)) if run.state == State::Held => {
            format!("{} held by {w}, {dur}", lane.name)
        }
        (LaneKind::Gil, _) => format!("{} free, {dur}", lane.name),
        (LaneKind::Core, Some(w)) => format!("{}: {w} {}, {dur}", lane.name, run.state.label()),
        (LaneKind::Core, None) => format!("{} idle, {dur}", lane.name),
        _ => match run
            .who
            .and_then(|w| tasks.get(w.task().index()))
            .and_then(|t| groups.get(t.group.index()))
        {
            Some(g) if groups.len() > 1 => {
                format!("{} {} ({g}), {dur}", lane.name, run.state.label())
            }
            _ => format!("{} {}, {dur}", lane.name, run.state.label()),
        },
    }
}

/// The timeline of one run.
#[function_component(Timeline)]
pub fn timeline(p: &TimelineProps) -> Html {
    let selected = use_state(|| None::<String>);
    let end = p.scale_end.max(1);
    let runs = {
        let outcome = p.outcome.clone();
        use_memo((outcome, end), |(o, end)| {
            let (lanes, hidden) = visible(&o.trace.lanes);
            let rows: Vec<Row> = lanes
                .iter()
                .map(|l| {
                    // A run shorter than the axis gets proportionally fewer columns.
                    let span = o.trace.makespan;
                    let columns = (f64::from(COLUMNS) * span as f64 / *end as f64)
                        .ceil()
                        .max(1.0) as u32;
                    let runs = l.runs(span, columns);
                    let runs = runs
                        .into_iter()
                        .filter(|r| r.state != State::Idle)
                        .map(|r| (r, describe(&o.trace, l, &r)))
                        .collect();
                    Row {
                        name: l.name.clone(),
                        kind: l.kind,
                        runs,
                    }
                })
                .collect();
            (rows, hidden)
        })
    };
    let (rows, hidden) = &*runs;
    let x = |t: Nanos| LABEL_W + PLOT_W * (t as f64 / end as f64);
    let height = AXIS_H + rows.len() as f64 * (LANE_H + GAP) + 4.0;
    let cursor = p.cursor;
    let ticks: Vec<Nanos> = (0..=4).map(|i| end * i / 4).collect();
    html! {
        <figure class="timeline">
            if let Some(c) = &p.caption { <figcaption class="tl-caption">{ c }</figcaption> }
            <svg viewBox={format!("0 0 1000 {height}")} role="img"
                 aria-label={format!("Timeline of {} lanes; hover or tap a bar for details", rows.len())}>
                <defs>
                    <pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="4" height="4" class="hatch-bg" />
                        <line x1="0" y1="0" x2="0" y2="4" class="hatch-line" />
                    </pattern>
                    <pattern id="dots" width="4" height="4" patternUnits="userSpaceOnUse">
                        <rect width="4" height="4" class="dots-bg" />
                        <circle cx="2" cy="2" r="0.9" class="dots-dot" />
                    </pattern>
                </defs>
                { for ticks.iter().map(|&t| html! {
                    <g class="tick">
                        <line x1={x(t).to_string()} x2={x(t).to_string()} y1="12" y2={height.to_string()} />
                        <text x={x(t).to_string()} y="10" text-anchor="middle">{ format::duration(to_secs(t)) }</text>
                    </g>
                }) }
                { for rows.iter().enumerate().map(|(i, Row { name, kind, runs })| {
                    let y = AXIS_H + i as f64 * (LANE_H + GAP);
                    html! {
                        <g class={classes!("lane", format!("lane-{}", <&str>::from(*kind)))}>
                            <text class="lane-label" x={(LABEL_W - 6.0).to_string()} y={(y + LANE_H - 4.0).to_string()} text-anchor="end">{ name.clone() }</text>
                            <rect class="lane-bg" x={LABEL_W.to_string()} y={y.to_string()} width={PLOT_W.to_string()} height={LANE_H.to_string()} />
                            { for runs.iter().filter(|(r, _)| r.start < cursor).map(|(r, text)| {
                                let (x0, x1) = (x(r.start), x(r.end.min(cursor)));
                                let onclick = { let selected = selected.clone(); let text = text.clone(); Callback::from(move |_| selected.set(Some(text.clone()))) };
                                html! {
                                    <rect class={state_class(r.state)} x={x0.to_string()} y={y.to_string()}
                                          width={(x1 - x0).max(0.6).to_string()} height={LANE_H.to_string()} {onclick}>
                                        <title>{ text.clone() }</title>
                                    </rect>
                                }
                            }) }
                        </g>
                    }
                }) }
                <line class="playhead" x1={x(cursor).to_string()} x2={x(cursor).to_string()} y1="12" y2={height.to_string()} />
            </svg>
            <p class="tl-detail" aria-live="polite">
                { selected.as_ref().cloned().unwrap_or_else(|| "Hover or tap a bar to see what it is.".into()) }
                if *hidden > 0 { { format!(" ({hidden} more lanes not drawn.)") } }
            </p>
        </figure>
    }
}

/// The colour key: one swatch per state.
#[function_component(Legend)]
pub fn legend() -> Html {
    let states = State::all().iter().filter(|s| !matches!(s, State::Idle));
    html! {
        <ul class="legend" aria-label="Legend">
            { for states.map(|&s| html! {
                <li>
                    <svg viewBox="0 0 14 10" class="swatch" aria-hidden="true"><rect class={state_class(s)} width="14" height="10" /></svg>
                    { if s == State::Held { "GIL held".to_string() } else { s.label().to_string() } }
                </li>
            }) }
        </ul>
    }
}
