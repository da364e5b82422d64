//! Every model side by side on the current workload, and speedup against worker count. Bars
//! are laid out by the page (labels wrap rather than clip); speedups that span orders of
//! magnitude are drawn on a log scale, which says so.

use yew::prelude::*;

use super::state::Action;
use crate::engine::{Comparison, Named, NoFigures, Plan};
use crate::format;
use crate::lab::Shared;

/// Props of [`Compare`].
#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The comparison, once computed.
    pub comparison: Option<Shared<Comparison>>,
    /// One is being computed.
    pub computing: bool,
    /// The scenario compared (its model is marked).
    pub plan: Plan,
    /// Where intents go.
    pub on_action: Callback<Action>,
}

/// Whether a log scale is needed: the largest speedup is over 30 times the smallest.
fn log_scale(values: &[f64]) -> bool {
    let (lo, hi) = values.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &v| {
        (lo.min(v), hi.max(v))
    });
    hi > 30.0 * lo.max(1e-9)
}

/// Bars of speedup per model (the best marked, those that cannot run say why) and speedup
/// against workers.
#[function_component(Compare)]
pub fn compare(p: &CompareProps) -> Html {
    let act = &p.on_action;
    let busy = html! { if p.computing { <p class="hint" role="status" data-testid="comparing">{ "Running every model and 32 worker counts…" }</p> } };
    let Some(c) = &p.comparison else {
        return html! {
            <section class="compare">
                <h2>{ "Compare the models" }</h2>
                <button type="button" onclick={act.reform(|_| Action::Compare)} disabled={p.computing}>{ "Compare every model on this work" }</button>
                { busy }
            </section>
        };
    };
    let speedups: Vec<f64> = c
        .models
        .iter()
        .filter_map(|r| r.result.as_ref().ok().map(|m| m.speedup))
        .collect();
    let best = speedups.iter().cloned().fold(0.0, f64::max);
    let log = log_scale(&speedups);
    let lo = speedups
        .iter()
        .cloned()
        .fold(f64::INFINITY, f64::min)
        .min(1.0);
    // A bar's length: linear, or logarithmic from the smallest speedup (never 0 wide).
    let share = |x: f64| {
        if log {
            ((x / lo).ln() / (best / lo).ln()).clamp(0.02, 1.0)
        } else {
            (x / best.max(1e-9)).clamp(0.01, 1.0)
        }
    };
    let every = c.sweeps.len() > 1;
    html! {
        <section class="compare">
            <h2>{ "Compare the models" }</h2>
            <p class="hint">{ format!("The same work under every model, {} cores, Python {}. Speedup over running the tasks one after another{}.",
                p.plan.cores(), p.plan.python().name(), if log { "; log scale: each step is ten times the last" } else { "" }) }</p>
            <ol class="bars" aria-label="Speedup of every model">
                { for c.models.iter().map(|r| {
                    let name = r.model.name();
                    let current = r.model == p.plan.model();
                    match &r.result {
                        Ok(m) => {
                            let is_best = (m.speedup - best).abs() < 1e-12;
                            let workers = if r.model.has_workers() { format!(" · {}", format::plural(r.workers.into(), "worker", "workers")) } else { String::new() };
                            html! {
                                <li class={classes!("bar", is_best.then_some("best"), current.then_some("current"))} data-model={name}>
                                    <span class="bar-name">{ name }{ if current { " (this run)" } else { "" } }</span>
                                    // An SVG, not a styled span: the page allows no inline styles.
                                    <svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                                        <rect class="bar-fill" width={format!("{:.1}", share(m.speedup) * 100.0)} height="10" />
                                    </svg>
                                    <span class="bar-value">{ format!("{} · {}{workers}{}", format::speedup(m.speedup), format::duration(m.makespan_s), if is_best { " · fastest" } else { "" }) }</span>
                                </li>
                            }
                        }
                        Err(e) => html! {
                            <li class="bar unavailable" data-model={name}>
                                <span class="bar-name">{ name }</span>
                                <span class="bar-value">{ match e { NoFigures::Deadlock(_) => e.to_string(), NoFigures::CannotRun(why) => format!("cannot run here: {why}") } }</span>
                            </li>
                        },
                    }
                }) }
            </ol>
            { busy }
            if !c.sweeps.is_empty() {
                <Sweeps comparison={c.clone()} />
                <label class="check-row">
                    <input type="checkbox" checked={every} onchange={act.reform(move |_| Action::SweepEveryModel(!every))} />
                    { " One line per model" }
                </label>
            }
        </section>
    }
}

/// Props of [`Sweeps`].
#[derive(Properties, PartialEq)]
struct SweepsProps {
    comparison: Shared<Comparison>,
}

/// Speedup against workers, 1–32: one line per model swept, both axes labelled.
#[function_component(Sweeps)]
fn sweeps(p: &SweepsProps) -> Html {
    let c = &p.comparison;
    let (w, h, left, bottom, top) = (360.0, 170.0, 44.0, 30.0, 10.0);
    let max = c
        .sweeps
        .iter()
        .flat_map(|s| s.points.iter())
        .filter_map(|b| b.result.as_ref().ok().map(|m| m.speedup))
        .fold(1.0, f64::max);
    let (step, top_value) = crate::picture::axis::linear_axis(max, h - bottom - top);
    let x = |workers: u32| left + (w - left - 10.0) * f64::from(workers - 1) / 31.0;
    let y = |s: f64| h - bottom - (h - bottom - top) * s / top_value;
    let ticks: Vec<f64> = (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|&v| v <= top_value + 1e-9)
        .collect();
    let title = match c.sweeps.as_slice() {
        [one] => format!("Speedup against workers: {}", one.model.name()),
        _ => "Speedup against workers, one line per model".into(),
    };
    html! {
        <figure>
            <figcaption>{ title.clone() }</figcaption>
            <svg viewBox={format!("0 0 {w} {h}")} role="img" aria-label={format!("{title}; workers 1 to 32 across, speedup up")} class="sweep">
                { for ticks.iter().map(|&v| html! {
                    <g class="tick">
                        <line x1={left.to_string()} x2={(w - 10.0).to_string()} y1={y(v).to_string()} y2={y(v).to_string()} />
                        <text x={(left - 4.0).to_string()} y={(y(v) + 4.0).to_string()} text-anchor="end">{ format::speedup(v) }</text>
                    </g>
                }) }
                { for [1u32, 8, 16, 24, 32].iter().map(|&n| html! {
                    <text x={x(n).to_string()} y={(h - bottom + 14.0).to_string()} text-anchor="middle">{ n }</text>
                }) }
                <text x={((left + w) / 2.0).to_string()} y={(h - 3.0).to_string()} text-anchor="middle" class="axis-title">{ "workers" }</text>
                <text x="10" y={((h - bottom) / 2.0).to_string()} text-anchor="middle" class="axis-title"
                      transform={format!("rotate(-90 10 {})", (h - bottom) / 2.0)}>{ "speedup" }</text>
                { for c.sweeps.iter().enumerate().map(|(i, s)| {
                    let pts: Vec<String> = s.points.iter().filter_map(|b| b.result.as_ref().ok().map(|m| format!("{:.1},{:.1}", x(b.workers), y(m.speedup)))).collect();
                    html! { <polyline class={format!("line series{}", i % 6)} points={pts.join(" ")}><title>{ s.model.name() }</title></polyline> }
                }) }
            </svg>
            // Worker counts with no point (a run that deadlocks, a pool too large) say why
            // rather than leave a gap unexplained.
            { for c.sweeps.iter().filter_map(|s| {
                let failed: Vec<&NoFigures> = s.points.iter().filter_map(|b| b.result.as_ref().err()).collect();
                let why = match failed.first()? { NoFigures::Deadlock(_) => "they deadlock".to_string(), other => other.to_string() };
                Some(html! { <p class="hint">{ format!("{}: no point at {} of {} worker counts: {why}.", s.model.name(), failed.len(), s.points.len()) }</p> })
            }) }
            if c.sweeps.len() > 1 {
                <ul class="legend">
                    { for c.sweeps.iter().enumerate().map(|(i, s)| html! {
                        <li><svg viewBox="0 0 14 10" class="swatch" aria-hidden="true"><line class={format!("line series{}", i % 6)} x1="0" y1="5" x2="14" y2="5" /></svg>{ s.model.name() }</li>
                    }) }
                </ul>
            }
        </figure>
    }
}
