//! The headline numbers, each in a `data-metric` element for tests and automation. While a run
//! plays or is scrubbed they show what had happened by the cursor ("so far"); the final
//! figures appear when the cursor reaches the end.

use yew::prelude::*;

use crate::engine::time::{to_secs, Nanos};
use crate::engine::{Metrics, Named, Outcome, PyVersion};
use crate::format;
use crate::lab::Shared;

/// The metrics of `o` up to `cursor`, recomputed only when the cursor has moved far enough to
/// change what is shown: a large run's figures cost a pass over its trace.
#[hook]
pub fn use_metrics_at(o: &Shared<Outcome>, cursor: Nanos) -> std::rc::Rc<Metrics> {
    let end = o.trace.makespan;
    // About as many recomputations per run as the trace allows: fewer for huge traces.
    let spans: usize = o.trace.lanes.iter().map(|l| l.spans.len()).sum();
    let steps = (4_000_000 / spans.max(1)).clamp(20, 400) as u64;
    let step = (end / steps).max(1);
    let at = if cursor >= end {
        end
    } else {
        cursor / step * step
    };
    use_memo((o.clone(), at), |(o, at)| {
        // At the end they are the run's own metrics, computed already (a pass over a large
        // trace saved for each view that shows them).
        if *at >= end {
            o.metrics.clone()
        } else {
            Metrics::until(&o.trace, o.baseline, *at)
        }
    })
}

/// Props of [`Headline`].
#[derive(Properties, PartialEq)]
pub struct HeadlineProps {
    /// The run.
    pub outcome: Shared<Outcome>,
    /// The playback cursor.
    pub cursor: Nanos,
    /// Only the speedup, the time and core use: the numbers an embedded figure leads with.
    #[prop_or_default]
    pub few: bool,
}

fn tile(metric: &'static str, label: &str, value: String, note: String) -> Html {
    html! {
        <div class="tile">
            <div class="tile-label">{ label.to_string() }</div>
            <div class="tile-value" data-metric={metric}>{ value }</div>
            <div class="tile-note">{ note }</div>
        </div>
    }
}

/// The headline metrics of a run at the cursor.
#[function_component(Headline)]
pub fn headline(p: &HeadlineProps) -> Html {
    let m = use_metrics_at(&p.outcome, p.cursor);
    let fin = &p.outcome.metrics;
    let total = p.outcome.trace.tasks.len() as u64;
    let so_far = if m.complete { "" } else { " so far" };
    let pipeline = p.outcome.plan.groups().iter().any(|g| g.spec.get.is_some());
    // The baseline is sequential code on the same build: on another than 3.11 (a free-threaded
    // one runs Python slower) it differs from 3.11's, so the build is named.
    let python = p.outcome.plan.scenario().python.version;
    let on = if python == PyVersion::V311 {
        String::new()
    } else {
        format!(" on {}", python.name())
    };
    let done = format!(
        "{} of {} done",
        format::count(m.tasks_done.into()),
        format::plural(total, "task", "tasks")
    );
    html! {
        <section class="headline" aria-label="Results">
            <div class={classes!("tiles", (!m.complete).then_some("partial"), p.few.then_some("few"))} data-complete={m.complete.to_string()}>
                if m.complete && m.deadlock.is_some() {
                    // A deadlocked run never finishes: no speedup, and its end is the deadlock.
                    { tile("speedup", "Speedup", "none".into(), "it deadlocks: never finishes".into()) }
                    { tile("makespan", "Deadlocked at", format::duration(m.makespan_s), done) }
                } else if m.complete {
                    { tile("speedup", "Speedup", format::speedup(m.speedup), format!("vs sequential {}{on}", format::duration(m.baseline_makespan_s))) }
                    { tile("makespan", "Makespan", format::duration(m.makespan_s), done) }
                } else {
                    { tile("speedup", "Speedup", "…".into(), "known at the end".into()) }
                    { tile("makespan", "Elapsed", format::duration(to_secs(p.cursor)), done) }
                }
                if !p.few {
                    // A pipeline's tasks are its stages' workers: what goes through it is the
                    // items its last stage finishes (one repetition each).
                    if let Some(last) = m.groups.last().filter(|_| pipeline) {
                        { tile("throughput", "Throughput", format::rate(last.throughput_per_s), format!("items per second through {}{so_far}", last.name)) }
                    } else {
                        { tile("throughput", "Throughput", format::rate(m.throughput_per_s), format!("tasks per second{so_far}")) }
                    }
                }
                { tile("cpu-utilization", "Core use", format::percent(m.cpu_utilization), format!("of all cores{so_far}")) }
                if !p.few {
                    { tile("gil-wait", "GIL wait", format::percent(m.gil_wait_fraction), format!("of busy thread time{so_far}")) }
                    { tile("peak-memory", "Peak memory", format::bytes(m.peak_memory_bytes), "resident: processes, threads, tasks".into()) }
                }
            </div>
            if fin.groups.len() > 1 {
                <table class="groups" aria-label="Task groups">
                    <caption>{ "Each group's tasks; a repetition is one pass of a task's loop (a pipeline stage's: one item)" }</caption>
                    <thead><tr><th>{ "Group" }</th><th>{ "Tasks done" }</th><th>{ "Repetitions /s" }</th><th>{ "Median repetition" }</th><th>{ "p99" }</th><th>{ "GIL wait" }</th></tr></thead>
                    <tbody>
                        { for m.groups.iter().map(|g| html! {
                            <tr data-group={g.name.clone()}>
                                <td>{ g.name.clone() }</td>
                                <td>{ format::count(g.tasks.into()) }</td>
                                <td>{ format::rate(g.throughput_per_s) }</td>
                                // No repetition finished, no time to show (a deadlocked group).
                                <td data-testid="group-p50">{ if g.tasks == 0 { "—".into() } else { format::duration(g.p50_latency_s) } }</td>
                                <td>{ if g.tasks == 0 { "—".into() } else { format::duration(g.p99_latency_s) } }</td>
                                <td>{ format::percent(g.gil_wait_fraction) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
