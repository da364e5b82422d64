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
use crate::python_code::LineMark;

/// Props of [`Code`].
#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    /// The run.
    pub outcome: Shared<Outcome>,
    /// The playback cursor: the lines the lanes are on then are marked.
    pub cursor: Nanos,
}

/// Props of [`Diagnosis`].
#[derive(Properties, PartialEq)]
pub struct DiagnosisProps {
    /// The run.
    pub outcome: Shared<Outcome>,
    /// The playback cursor: findings speak of what had happened by then.
    pub cursor: Nanos,
    /// What follows the findings (the Lab's [`Recommendation`]).
    #[prop_or_default]
    pub children: Html,
}

/// Findings at the cursor.
#[function_component(Diagnosis)]
pub fn diagnosis(p: &DiagnosisProps) -> Html {
    let m = use_metrics_at(&p.outcome, p.cursor);
    let findings = diagnose(&p.outcome.plan, &m).findings;
    html! {
        <section class="diagnosis" aria-label="Diagnosis">
            <h2>{ if m.complete { "What happened" } else { "What is happening so far" } }</h2>
            <ul>{ for findings.iter().map(|f| html! { <li>{ f }</li> }) }</ul>
            { p.children.clone() }
        </section>
    }
}

/// Props of [`Recommendation`].
#[derive(Properties, PartialEq)]
pub struct RecommendationProps {
    /// The run.
    pub outcome: Shared<Outcome>,
    /// The comparison of every model, which the recommendation is made from.
    pub compare: Compare,
}

/// The model that does best on this work, from the comparison of every model (the Lab's; a
/// lesson has no comparison, so its module carries none of this).
#[function_component(Recommendation)]
pub fn recommendation(p: &RecommendationProps) -> Html {
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
    html! { <p class="recommendation" data-testid="recommendation">{ recommendation }</p> }
}

/// The program's source, one entry per line, with its highlighted pieces as spans of their
/// kind's class (a piece over several lines, a docstring, is cut at each line's end).
fn highlighted_lines(code: &CodeView) -> Vec<Html> {
    let text = &code.text;
    let mut lines: Vec<Vec<Html>> = vec![Vec::new()];
    let mut push = |piece: &str, class: Option<&str>| {
        for (i, part) in piece.split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
            }
            if part.is_empty() {
                continue;
            }
            let line = lines.last_mut().expect("one line at least");
            line.push(match class {
                Some(c) => html! { <span class={c.to_string()}>{ part.to_string() }</span> },
                None => html! { { part.to_string() } },
            });
        }
    };
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
        push(&text[at..start], None);
        push(
            &text[start..end],
            Some(&format!("tok-{}", <&str>::from(kind))),
        );
        at = end;
    }
    push(&text[at..], None);
    lines
        .into_iter()
        .map(|l| l.into_iter().collect::<Html>())
        .collect()
}

/// The program, a line per row, each line that a lane is on at the cursor marked in the colour
/// of that lane's state and saying who is there.
fn program(code: &CodeView, marks: &[LineMark]) -> Html {
    html! {
        <ol class="program" data-testid="program" aria-label="The program; marked lines are where the lanes are at the cursor">
            { for highlighted_lines(code).into_iter().enumerate().map(|(i, line)| {
                let mark = marks.iter().find(|m| m.line as usize == i + 1);
                html! {
                    <li class={classes!(mark.map(|m| format!("marked st-line-{}", m.state().name())))} data-line={(i + 1).to_string()}>
                        <code>{ line }</code>
                        if let Some(m) = mark {
                            <span class="line-mark">
                                <svg viewBox="0 0 10 10" class="swatch" aria-hidden="true"><rect class={format!("st st-{}", m.state().name())} width="10" height="10" /></svg>
                                { m.words() }
                            </span>
                        }
                    </li>
                }
            }) }
        </ol>
    }
}

/// The equivalent Python program, written by the worker when first opened, with a copy button.
#[function_component(Code)]
pub fn code(p: &ExplainProps) -> Html {
    let open = use_state(|| false);
    let copied = use_state(|| false);
    let code = worker::use_answer(*open, p.outcome.plan.scenario(), Job::Code).map(|r| {
        r.and_then(|reply| match reply {
            Reply::Code(c) => Ok(c),
            _ => Err("the worker answered another question".to_string()),
        })
    });
    let toggle = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            open.set(!*open);
        })
    };
    let body = match &code {
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
                    { program(c, &c.anchors.marks_at(&p.outcome.trace, p.cursor)) }
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
