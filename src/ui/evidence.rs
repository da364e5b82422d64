//! "How close is this to real Python?": beside a run, what real CPython measured on its
//! workload and what the simulator predicts for the same runs. The Web Worker writes it from
//! the committed validation results (`crate::validation::panel`), so the page carries none of
//! them; it is asked for when the panel opens.

use yew::prelude::*;

use super::worker;
use crate::engine::Scenario;
use crate::offload::{Job, Reply};

/// Props of [`Evidence`].
#[derive(Properties, PartialEq)]
pub struct EvidenceProps {
    /// The scenario the figures are about.
    pub scenario: Scenario,
}

/// The evidence for the figures of a run of `scenario`, in a panel that opens on demand.
#[function_component(Evidence)]
pub fn evidence(p: &EvidenceProps) -> Html {
    let open = use_state(|| false);
    let answer = worker::use_answer(*open, &p.scenario, Job::Evidence);
    let toggle = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            open.set(!*open);
        })
    };
    let body = match answer {
        None => html! { <p class="hint" role="status">{ "Reading the measurements…" }</p> },
        Some(Ok(Reply::Markup(html))) => {
            html! { <div class="evidence-body" data-testid="evidence">{ Html::from_html_unchecked(html.into()) }</div> }
        }
        Some(Ok(_)) => {
            html! { <p class="error" role="alert">{ "The worker answered another question." }</p> }
        }
        Some(Err(e)) => {
            html! { <p class="error" role="alert">{ format!("The measurements could not be read: {e}.") }</p> }
        }
    };
    html! {
        <details class="evidence" open={*open}>
            <summary onclick={toggle}>{ "How close is this to real Python?" }</summary>
            if *open { { body } }
        </details>
    }
}
