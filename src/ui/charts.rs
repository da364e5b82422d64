//! Small SVG charts drawn from the metrics at the cursor (so they fill in as a run plays, on the
//! whole run's scale): throughput over time, each core's use over time, and how the program's
//! threads and processes spent their time.

use yew::prelude::*;

use super::metrics_view::use_metrics_at;
use crate::engine::metrics::{CoreUse, StateTime};
use crate::engine::time::Nanos;
use crate::engine::trace::State;
use crate::engine::Outcome;
use crate::format;
use crate::lab::Shared;
use crate::picture::timeline::state_class;

/// Props of the charts.
#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    /// The run.
    pub outcome: Shared<Outcome>,
    /// The playback cursor.
    pub cursor: Nanos,
}

/// `values` as a line of flat steps `w` × `h`, one per bin of the `bins` across the width,
/// scaled to `max`: each bin's rate holds for the whole bin, so a step is what it means. The
/// peak sits a little below the top, where the frame would hide a flat line.
fn steps(values: &[f64], bins: usize, max: f64, w: f64, h: f64) -> String {
    const TOP: f64 = 4.0;
    let max = max.max(1e-12);
    let x = |i: usize| w * i as f64 / bins.max(1) as f64;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let y = h - (h - TOP) * v / max;
            format!("{:.1},{y:.1} {:.1},{y:.1}", x(i), x(i + 1))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A state's colour swatch, as the legend draws it.
fn swatch(state: State) -> Html {
    html! {
        <svg viewBox="0 0 14 10" class="swatch" aria-hidden="true"><rect class={state_class(state)} width="14" height="10" /></svg>
    }
}

/// One core's use during one bucket: Python and C side by side in proportion, as dark as the
/// core was busy.
fn heat_cell(core: usize, x: f64, y: f64, w: f64, h: f64, u: &CoreUse) -> Html {
    let busy = u.busy();
    if busy <= 0.0 {
        return html! {};
    }
    let title = format!(
        "Core {core}: {} busy ({} Python, {} C)",
        format::percent(busy),
        format::percent(u.python),
        format::percent(u.c)
    );
    let opacity = format!("{busy:.2}");
    let python_w = w * u.python / busy;
    let part = |state: State, x: f64, width: f64| {
        (width > 0.0).then(|| html! {
            <rect class={state_class(state)} x={format!("{x:.2}")} y={y.to_string()}
                  width={format!("{:.2}", width + 0.3)} height={h.to_string()} fill-opacity={opacity.clone()}>
                <title>{ title.clone() }</title>
            </rect>
        })
    };
    html! {
        <>
            { part(State::RunningPython, x, python_w) }
            { part(State::RunningC, x + python_w, w - python_w) }
        </>
    }
}

/// "running Python 1.20 s (3%)"; within the waiting group "for I/O 83.2 h (97%)", since the
/// group's name already says waiting.
fn share_item(s: &StateTime, total: f64) -> String {
    let label = s.state.label();
    let label = label.strip_prefix("waiting ").unwrap_or(label);
    format!(
        "{label} {} ({})",
        format::duration(s.seconds),
        format::percent(s.seconds / total)
    )
}

/// Throughput, core use and time by state.
#[function_component(Charts)]
pub fn charts(p: &ChartsProps) -> Html {
    let m = use_metrics_at(&p.outcome, p.cursor);
    let whole = &p.outcome.metrics;
    let bins = whole.throughput_series.len();
    let peak = whole.throughput_series.iter().copied().fold(0.0, f64::max);
    let throughput = if bins > 1 {
        format!(
            "Tasks finished per second, in steps of {} (average {}, busiest step {})",
            format::duration(whole.throughput_bin_s),
            format::rate(whole.throughput_per_s),
            format::rate(peak)
        )
    } else {
        format!(
            "Tasks finished per second: {} (too few tasks to show how it varied)",
            format::rate(whole.throughput_per_s)
        )
    };
    // Idle time (threads with nothing to do) would swamp the picture; working (on a core) and
    // waiting are kept apart, since waiting is not work done.
    let (working, waiting): (Vec<&StateTime>, Vec<&StateTime>) = m
        .state_times
        .iter()
        .filter(|s| s.state != State::Idle)
        .partition(|s| s.state.on_core());
    let total: f64 = (working.iter().chain(&waiting))
        .map(|s| s.seconds)
        .sum::<f64>()
        .max(1e-12);
    let mut x = 0.0;
    let cores = m.core_series.len().max(1);
    let row_h = (60.0 / cores as f64).clamp(1.0, 12.0);
    let group = |name: &str, states: &[&StateTime]| -> Html {
        if states.is_empty() {
            return html! {};
        }
        let sum: f64 = states.iter().map(|s| s.seconds).sum();
        let items: Vec<String> = states.iter().map(|s| share_item(s, total)).collect();
        html! {
            <li><strong>{ format!("{name} {} ({})", format::duration(sum), format::percent(sum / total)) }</strong>
                { format!(": {}", items.join(", ")) }</li>
        }
    };
    html! {
        <section class="charts">
            <figure>
                <figcaption>{ throughput }</figcaption>
                <svg viewBox="0 0 300 70" role="img" aria-label="Tasks finished per second over the run">
                    <polyline class="line" points={steps(&m.throughput_series, bins, peak, 300.0, 66.0)} />
                </svg>
            </figure>
            <figure>
                <figcaption>
                    { format!("Core use over time ({} cores; darker = busier): ", m.core_series.len()) }
                    { swatch(State::RunningPython) }{ " Python " }{ swatch(State::RunningC) }{ " C code" }
                </figcaption>
                <svg viewBox={format!("0 0 300 {}", row_h * cores as f64)} role="img" aria-label="What each core ran over the run">
                    { for m.core_series.iter().enumerate().map(|(c, row)| {
                        let w = 300.0 / row.len().max(1) as f64;
                        html! {
                            <g>{ for row.iter().enumerate().map(|(i, u)| heat_cell(c, w * i as f64, row_h * c as f64, w, row_h, u)) }</g>
                        }
                    }) }
                </svg>
            </figure>
            <figure>
                <figcaption>{ "How the threads and processes spent their time, all added up (idle time left out)" }</figcaption>
                <svg viewBox="0 0 300 16" role="img" aria-label="Time by state: working, then waiting">
                    { for working.iter().chain(&waiting).map(|s| {
                        let w = 300.0 * s.seconds / total;
                        let r = html! { <rect class={state_class(s.state)} x={x.to_string()} y="0" width={w.to_string()} height="16">
                            <title>{ format!("{}: {} ({})", s.state.label(), format::duration(s.seconds), format::percent(s.seconds / total)) }</title>
                        </rect> };
                        x += w;
                        r
                    }) }
                </svg>
                <ul class="breakdown">
                    { group("Working on a core", &working) }
                    { group("Waiting", &waiting) }
                </ul>
            </figure>
        </section>
    }
}
