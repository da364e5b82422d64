//! The run panel shared by the Lab and the lessons: headline numbers, playback, timelines (with
//! a pinned run on the same axis), the legend and the diagnosis.

use yew::prelude::*;

use super::explain::Diagnosis;
use super::legend::Legend;
use super::metrics_view::Headline;
use super::playback::Playback;
use super::state::{Action, LabState, Run};
use super::timeline::Timeline;
use crate::engine::settings;
use crate::picture::words;

/// Props of [`Simulator`].
#[derive(Properties, PartialEq)]
pub struct SimulatorProps {
    /// What to show.
    pub state: LabState,
    /// Where the person's intents go.
    pub on_action: Callback<Action>,
    /// Lanes to outline (a lesson's highlight).
    #[prop_or_default]
    pub highlight: Option<AttrValue>,
    /// Inside a lesson: no findings until the learner has watched the run, since they would
    /// answer its question.
    #[prop_or_default]
    pub lesson: Option<Watched>,
    /// What the pin bar offers besides pinning (the Lab's Share button).
    #[prop_or_default]
    pub children: Html,
    /// What follows the findings (the Lab's recommendation).
    #[prop_or_default]
    pub recommendation: Html,
}

/// Whether a lesson's learner has watched the run to its end (or skipped ahead on purpose).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Watched(pub bool);

/// What a run that is not done shows: progress (with a button to stop it), why it failed, or
/// that it was stopped (with a button to run it again).
pub fn unfinished(run: &Run, act: &Callback<Action>) -> Html {
    match run {
        Run::Simulating { events } => {
            html! { <Running events={*events} on_action={act.clone()} /> }
        }
        Run::Failed(e) => {
            html! { <div class="error" role="alert">{ format!("This scenario cannot run: {e}") }</div> }
        }
        Run::Stopped(events) => html! {
            <div class="running" role="status" data-testid="stopped">
                <span>{ format!("Stopped after {events} events.") }</span>
                <button type="button" onclick={act.reform(|_| Action::Rerun)}>{ "Run again" }</button>
            </div>
        },
        Run::Done(_) => html! {},
    }
}

/// The run panel: figures at the cursor, playback, the timeline (and a pinned run on the same
/// axis, following the same cursor), the legend and the diagnosis.
#[function_component(Simulator)]
pub fn simulator(p: &SimulatorProps) -> Html {
    let state = &p.state;
    let act = &p.on_action;
    let Some(o) = state.outcome() else {
        return unfinished(&state.run, act);
    };
    let end = state.end();
    let window = state.window();
    let pinned = state.pinned.is_some();
    let pin = act.reform(move |_: MouseEvent| if pinned { Action::Unpin } else { Action::Pin });
    // What B changed from A, by the settings' labels: two runs of one model read apart.
    let changed = state.pinned.as_ref().map_or(String::new(), |a| {
        let labels: Vec<&str> = settings::differences(a.plan.scenario(), o.plan.scenario())
            .into_iter()
            .filter_map(settings::find)
            .map(|d| d.label)
            .collect();
        match labels.is_empty() {
            true => String::new(),
            false => format!(" (changed: {})", labels.join(", ")),
        }
    });
    html! {
        <>
            // What is running, in words: the figures below are about it.
            <p class="run-title" data-testid="run-title">{ format!("{}, {}", words::title(&o.plan), words::machine(&o.plan)) }</p>
            <Headline outcome={o.clone()} cursor={state.cursor} />
            <Playback cursor={state.cursor} {end} playing={state.playing} rate={state.rate} on_action={act.clone()} />
            if let Some(a) = &state.pinned {
                <Timeline outcome={a.clone()} cursor={state.cursor.min(a.trace.makespan)} {window} on_action={act.clone()}
                    caption={format!("A (pinned): {}", words::model(&a.plan))} />
            }
            <Timeline outcome={o.clone()} cursor={state.cursor} {window} on_action={act.clone()} highlight={p.highlight.clone()}
                caption={pinned.then(|| format!("B: {}{changed}", words::model(&o.plan)))} />
            <Legend outcome={o.clone()} />
            <div class="pinbar">
                <button type="button" onclick={pin}>{ if pinned { "Unpin A" } else { "Pin this run as A" } }</button>
                <span class="hint">{ "Pin a run, change the setup, and watch both on one time axis." }</span>
                { p.children.clone() }
            </div>
            if p.lesson.is_none_or(|w| w.0) {
                <Diagnosis outcome={o.clone()} cursor={state.cursor}>{ p.recommendation.clone() }</Diagnosis>
            }
        </>
    }
}

/// Props of [`Notices`].
#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    /// The notices.
    pub notices: Vec<String>,
    /// Dismisses notice `n`.
    pub on_action: Callback<Action>,
}

/// Notices, each with a dismiss button.
#[function_component(Notices)]
pub fn notices(p: &NoticesProps) -> Html {
    html! {
        <div class="notices">
            { for p.notices.iter().enumerate().map(|(i, n)| html! {
                <div class="notice" role="status">
                    <span>{ n }</span>
                    <button type="button" aria-label="Dismiss" onclick={p.on_action.reform(move |_| Action::Dismiss(i))}>{ "×" }</button>
                </div>
            }) }
        </div>
    }
}

/// Props of [`Running`].
#[derive(Properties, PartialEq)]
pub struct RunningProps {
    /// Events simulated so far.
    pub events: u64,
    /// Where Cancel goes.
    pub on_action: Callback<Action>,
}

/// Progress of a large run, shown while it is simulated slice by slice, and a button to stop it.
#[function_component(Running)]
pub fn running(p: &RunningProps) -> Html {
    html! {
        <div class="running" role="status" data-testid="running">
            <progress aria-label="Simulating" />
            <span>{ format!("Simulating… {} events so far (the page stays usable meanwhile).", p.events) }</span>
            <button type="button" data-testid="cancel" onclick={p.on_action.reform(|_| Action::Cancel)}>{ "Cancel" }</button>
        </div>
    }
}
