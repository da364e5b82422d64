//! Small SVG charts drawn from the metrics at the cursor (so they fill in as a run plays, on the
//! whole run's scale): throughput over time, each core's use over time, and where the time went.

use yew::prelude::*;

use super::metrics_view::use_metrics_at;
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

/// `values` as points of a line `w` × `h`, scaled to `max`.
fn polyline(values: &[f64], max: f64, w: f64, h: f64) -> String {
    let max = max.max(1e-12);
    let n = values.len().max(2) - 1;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", w * i as f64 / n as f64, h - h * v / max))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Throughput, core use and time by state.
#[function_component(Charts)]
pub fn charts(p: &ChartsProps) -> Html {
    let m = use_metrics_at(&p.outcome, p.cursor);
    let peak = (p.outcome.metrics.throughput_series.iter())
        .cloned()
        .fold(0.0, f64::max);
    // Idle time (threads with nothing to do) would swamp the picture of where work went.
    let busy: Vec<_> = m
        .state_times
        .iter()
        .filter(|s| s.state != State::Idle)
        .collect();
    let total: f64 = busy.iter().map(|s| s.seconds).sum::<f64>().max(1e-12);
    let mut x = 0.0;
    let cores = m.core_series.len().max(1);
    let row_h = (60.0 / cores as f64).clamp(1.0, 12.0);
    html! {
        <section class="charts">
            <figure>
                <figcaption>{ format!("Throughput over time (peak {})", format::rate(peak)) }</figcaption>
                <svg viewBox="0 0 300 70" role="img" aria-label="Tasks finished per second over the run">
                    <polyline class="line" points={polyline(&m.throughput_series, peak, 300.0, 66.0)} />
                </svg>
            </figure>
            <figure>
                <figcaption>{ format!("Core use over time ({} cores; darker = busier)", m.core_series.len()) }</figcaption>
                <svg viewBox={format!("0 0 300 {}", row_h * cores as f64)} role="img" aria-label="Each core's use over the run">
                    { for m.core_series.iter().enumerate().map(|(c, row)| html! {
                        <g>{ for row.iter().enumerate().map(|(i, v)| html! {
                            <rect class="heat" x={(300.0 * i as f64 / row.len() as f64).to_string()} y={(row_h * c as f64).to_string()}
                                  width={(300.0 / row.len() as f64 + 0.3).to_string()} height={row_h.to_string()}
                                  fill-opacity={format!("{:.2}", v)}>
                                <title>{ format!("Core {c}: {} busy", format::percent(*v)) }</title>
                            </rect>
                        }) }</g>
                    }) }
                </svg>
            </figure>
            <figure>
                <figcaption>{ "Where the busy time went (all threads and processes)" }</figcaption>
                <svg viewBox="0 0 300 16" role="img" aria-label="Time by state">
                    { for busy.iter().map(|s| {
                        let w = 300.0 * s.seconds / total;
                        let r = html! { <rect class={state_class(s.state)} x={x.to_string()} y="0" width={w.to_string()} height="16">
                            <title>{ format!("{}: {} ({})", s.state.label(), format::duration(s.seconds), format::percent(s.seconds / total)) }</title>
                        </rect> };
                        x += w;
                        r
                    }) }
                </svg>
                <ul class="breakdown">
                    { for busy.iter().map(|s| html! {
                        <li>{ format!("{}: {} ({})", s.state.label(), format::duration(s.seconds), format::percent(s.seconds / total)) }</li>
                    }) }
                </ul>
            </figure>
        </section>
    }
}
