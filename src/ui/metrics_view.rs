//! The headline numbers (each in a `data-metric` element for tests and automation) and the live
//! counters that follow playback.

use yew::prelude::*;

use crate::engine::metrics::Progress;
use crate::engine::time::Nanos;
use crate::engine::Outcome;
use crate::format;
use crate::lab::Shared;

/// Props of [`Headline`].
#[derive(Properties, PartialEq)]
pub struct HeadlineProps {
    /// The run.
    pub outcome: Shared<Outcome>,
    /// The playback cursor, for the live counters.
    pub cursor: Nanos,
}

fn tile(metric: &'static str, label: &'static str, value: String, note: String) -> Html {
    html! {
        <div class="tile">
            <div class="tile-label">{ label }</div>
            <div class="tile-value" data-metric={metric}>{ value }</div>
            <div class="tile-note">{ note }</div>
        </div>
    }
}

/// The headline metrics of a run.
#[function_component(Headline)]
pub fn headline(p: &HeadlineProps) -> Html {
    let m = &p.outcome.metrics;
    let live = Progress::at(&p.outcome.trace, p.cursor);
    html! {
        <section class="headline" aria-label="Results">
            <div class="tiles" aria-live="polite">
                { tile("speedup", "Speedup", format::speedup(m.speedup), format!("vs sequential {}", format::duration(m.baseline_makespan_s))) }
                { tile("makespan", "Makespan", format::duration(m.makespan_s), format!("{} tasks", m.tasks_done)) }
                { tile("throughput", "Throughput", format::rate(m.throughput_per_s), "tasks per second".into()) }
                { tile("cpu-utilization", "Core use", format::percent(m.cpu_utilization), "of all cores".into()) }
                { tile("gil-wait", "GIL wait", format::percent(m.gil_wait_fraction), "of busy thread time".into()) }
                { tile("peak-memory", "Peak memory", format::bytes(m.peak_memory_bytes), "processes, threads, tasks".into()) }
            </div>
            <p class="live" data-testid="live">
                { format!("At the cursor: {} of {} tasks done · {} · cores {} busy",
                    live.tasks_done, m.tasks_done, format::rate(live.throughput_per_s), format::percent(live.cpu_utilization)) }
            </p>
            if m.groups.len() > 1 {
                <table class="groups" aria-label="Task groups">
                    <thead><tr><th>{ "Group" }</th><th>{ "Tasks" }</th><th>{ "Median repetition" }</th><th>{ "p99 repetition" }</th><th>{ "GIL wait" }</th></tr></thead>
                    <tbody>
                        { for m.groups.iter().map(|g| html! {
                            <tr data-group={g.name.clone()}>
                                <td>{ g.name.clone() }</td>
                                <td>{ g.tasks }</td>
                                <td data-testid="group-p50">{ format::duration(g.p50_latency_s) }</td>
                                <td>{ format::duration(g.p99_latency_s) }</td>
                                <td>{ format::percent(g.gil_wait_fraction) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            <p class="hint">{ format!("{} events simulated · trace hash ", m.events) }<code data-testid="trace-hash">{ m.trace_hash.clone() }</code></p>
        </section>
    }
}
