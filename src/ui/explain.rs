//! The engine's diagnosis in words, and the Python program the scenario stands for.

use yew::prelude::*;

use super::metrics_view::use_metrics_at;
use super::state::Compare;
use super::worker;
use crate::engine::time::Nanos;
use crate::engine::{diagnose, diagnosis, Named, Outcome};
use crate::format;
use crate::lab::Shared;
use crate::offload::{CodeView, Job, Reply};

/// Props of [`Code`].
#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    /// The run.
    pub outcome: Shared<Outcome>,
}

/// Props of [`Diagnosis`].
#[derive(Properties, PartialEq)]
pub struct DiagnosisProps {
    /// The run.
    pub outcome: Shared<Outcome>,
    /// The playback cursor: findings speak of what had happened by then.
    pub cursor: Nanos,
    /// The comparison of every model, which the recommendation is made from.
    pub compare: Compare,
}

/// Findings at the cursor, and the model that does best on this work.
#[function_component(Diagnosis)]
pub fn diagnosis(p: &DiagnosisProps) -> Html {
    let m = use_metrics_at(&p.outcome, p.cursor);
    let findings = diagnose(&p.outcome.plan, &m).findings;
    let recommendation = match &p.compare {
        Compare::Ready(c) => match diagnosis::recommendation(&p.outcome.plan, &c.models) {
            Some(r) => html! {
                <>
                    <strong>{ format!("Recommended for this work: {} ({} here). ", r.model.name(), format::speedup(r.speedup)) }</strong>
                    { r.why }
                </>
            },
            None => html! { "No model could run this work." },
        },
        Compare::Asked(_) => {
            html! { <span class="hint">{ "Running every model on this work to recommend one…" }</span> }
        }
        Compare::Idle => html! {},
    };
    html! {
        <section class="diagnosis" aria-label="Diagnosis">
            <h2>{ if m.complete { "What happened" } else { "What is happening so far" } }</h2>
            <ul>{ for findings.iter().map(|f| html! { <li>{ f }</li> }) }</ul>
            <p class="recommendation" data-testid="recommendation">{ recommendation }</p>
        </section>
    }
}

/// The program's source with its highlighted pieces as spans of their kind's class.
fn highlighted(code: &CodeView) -> Html {
    let text = &code.text;
    let mut out = Vec::new();
    let mut at = 0usize;
    for &(start, end, kind) in &code.tokens {
        let (start, end) = (start as usize, end as usize);
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push(html! { { &text[at..start] } });
        let class = format!("tok-{}", <&str>::from(kind));
        out.push(html! { <span {class}>{ &text[start..end] }</span> });
        at = end;
    }
    out.push(html! { { &text[at..] } });
    out.into_iter().collect()
}

/// The equivalent Python program, written by the worker when first opened, with a copy button.
#[function_component(Code)]
pub fn code(p: &ExplainProps) -> Html {
    let open = use_state(|| false);
    let code = use_state(|| None::<Result<CodeView, String>>);
    let copied = use_state(|| false);
    {
        let code = code.clone();
        let scenario = p.outcome.plan.scenario().clone();
        use_effect_with((*open, scenario), move |(open, scenario)| {
            if *open {
                code.set(None);
                let done = Callback::from(move |r: Result<Reply, String>| {
                    code.set(Some(r.and_then(|reply| match reply {
                        Reply::Code(c) => Ok(c),
                        _ => Err("the worker answered another question".into()),
                    })))
                });
                worker::ask(scenario, Job::Code, done);
            }
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            open.set(!*open);
        })
    };
    let body = match &*code {
        None => html! { <p class="hint" role="status">{ "Writing the program…" }</p> },
        Some(Err(e)) => {
            html! { <p class="error" role="alert">{ format!("The program could not be written: {e}.") }</p> }
        }
        Some(Ok(c)) => {
            let onclick = {
                let (text, copied) = (c.text.clone(), copied.clone());
                Callback::from(move |_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.navigator().clipboard().write_text(&text);
                        copied.set(true);
                    }
                })
            };
            html! {
                <>
                    <button type="button" {onclick}>{ if *copied { "Copied" } else { "Copy" } }</button>
                    <pre data-testid="program"><code>{ highlighted(c) }</code></pre>
                </>
            }
        }
    };
    html! {
        <details class="code" open={*open}>
            <summary onclick={toggle}>{ "The same program in Python" }</summary>
            if *open { { body } }
        </details>
    }
}
