//! The engine's diagnosis in words, and the Python program the scenario stands for.

use yew::prelude::*;

use crate::engine::{Named, Outcome};
use crate::lab::Shared;
use crate::python_code;

/// Props of [`Diagnosis`] and [`Code`].
#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    /// The run.
    pub outcome: Shared<Outcome>,
}

/// Findings and the recommendation.
#[function_component(Diagnosis)]
pub fn diagnosis(p: &ExplainProps) -> Html {
    let d = &p.outcome.diagnosis;
    html! {
        <section class="diagnosis" aria-label="Diagnosis">
            <h2>{ "What happened" }</h2>
            <ul>{ for d.findings.iter().map(|f| html! { <li>{ f }</li> }) }</ul>
            <p class="recommendation" data-testid="recommendation">
                <strong>{ format!("Recommended: {}. ", d.recommended.name()) }</strong>{ d.recommendation.clone() }
            </p>
        </section>
    }
}

/// The equivalent Python program with a copy button.
#[function_component(Code)]
pub fn code(p: &ExplainProps) -> Html {
    let text = python_code::program(&p.outcome.plan, Some(p.outcome.metrics.makespan_s)).text;
    let copied = use_state(|| false);
    let onclick = {
        let text = text.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&text);
                copied.set(true);
            }
        })
    };
    html! {
        <details class="code">
            <summary>{ "The same program in Python" }</summary>
            <button type="button" {onclick}>{ if *copied { "Copied" } else { "Copy" } }</button>
            <pre><code>{ text }</code></pre>
        </details>
    }
}
