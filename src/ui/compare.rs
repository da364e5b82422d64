//! Every model side by side on the current workload, and speedup against worker count.

use yew::prelude::*;

use crate::engine::Comparison;
use crate::engine::Named;
use crate::format;
use crate::lab::Shared;

/// Props of [`Compare`].
#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The comparison, once computed.
    pub comparison: Option<Shared<Comparison>>,
    /// One is being computed.
    pub computing: bool,
    /// Asks for it.
    pub on_compare: Callback<()>,
}

/// Bars of speedup per model (the best marked) and a speedup-versus-workers line.
#[function_component(Compare)]
pub fn compare(p: &CompareProps) -> Html {
    let onclick = p.on_compare.reform(|_: MouseEvent| ());
    let busy = html! { if p.computing { <p class="hint" role="status" data-testid="comparing">{ "Running every model and 32 worker counts…" }</p> } };
    let Some(c) = &p.comparison else {
        return html! {
            <section class="compare">
                <h2>{ "Compare" }</h2>
                <button type="button" {onclick} disabled={p.computing}>{ "Compare all models on this workload" }</button>
                { busy }
            </section>
        };
    };
    let best = c
        .models
        .iter()
        .filter_map(|r| r.result.as_ref().ok().map(|m| m.speedup))
        .fold(0.0, f64::max);
    let rows = c.models.len();
    let sweep: Vec<(u32, f64)> = c
        .sweep
        .iter()
        .filter_map(|r| r.result.as_ref().ok().map(|m| (r.workers, m.speedup)))
        .collect();
    let max_s = sweep.iter().map(|s| s.1).fold(1.0, f64::max);
    let pts: String = sweep
        .iter()
        .map(|(w, s)| {
            format!(
                "{:.1},{:.1}",
                20.0 + 270.0 * f64::from(w - 1) / 31.0,
                95.0 - 85.0 * s / max_s
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    html! {
        <section class="compare">
            <h2>{ "Compare" }</h2>
            <button type="button" {onclick} disabled={p.computing}>{ "Run the comparison again" }</button>
            { busy }
            <svg viewBox={format!("0 0 400 {}", rows * 22)} role="img" aria-label="Speedup of every model" class="bars">
                { for c.models.iter().enumerate().map(|(i, r)| {
                    let y = i as f64 * 22.0;
                    match &r.result {
                        Ok(m) => {
                            let w = 220.0 * m.speedup / best.max(1e-9);
                            let is_best = (m.speedup - best).abs() < 1e-12;
                            html! { <g class={classes!("bar", is_best.then_some("best"))} data-model={r.model.name()}>
                                <text x="118" y={(y + 14.0).to_string()} text-anchor="end">{ r.model.name() }</text>
                                <rect x="124" y={(y + 3.0).to_string()} width={w.max(1.0).to_string()} height="15" />
                                <text x={(128.0 + w).to_string()} y={(y + 14.0).to_string()}>
                                    { format!("{} · {}{}", format::speedup(m.speedup), format::duration(m.makespan_s), if is_best { " ★ best" } else { "" }) }
                                </text>
                            </g> }
                        }
                        Err(e) => html! { <text x="118" y={(y + 14.0).to_string()}>{ format!("{}: {e}", r.model.name()) }</text> },
                    }
                }) }
            </svg>
            if !sweep.is_empty() {
                <figure>
                    <figcaption>{ format!("Speedup against workers, 1–32 (peak {})", format::speedup(max_s)) }</figcaption>
                    <svg viewBox="0 0 300 110" role="img" aria-label="Speedup against the number of workers" class="sweep">
                        <line class="axis" x1="20" y1="95" x2="290" y2="95" />
                        <line class="axis" x1="20" y1="10" x2="20" y2="95" />
                        <text x="20" y="108">{ "1" }</text><text x="285" y="108">{ "32" }</text>
                        <text x="2" y="14">{ format!("{max_s:.0}×") }</text>
                        <polyline class="line" points={pts} />
                    </svg>
                </figure>
            }
        </section>
    }
}
