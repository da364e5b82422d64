//! The embed view (`?embed=1`): a simulation with minimal chrome for someone else's page,
//! configured entirely by the address.

use yew::prelude::*;

use super::controls::Controls;
use super::hooks::{reduced_motion, use_actions, use_lab};
use super::legend::Legend;
use super::lessons_view::LessonPlayer;
use super::metrics_view::Headline;
use super::playback::Playback;
use super::route::Route;
use super::share::base_url;
use super::simulator::{unfinished, Notices};
use super::state::{Action, LabState};
use super::timeline::Timeline;
use super::url;
use crate::embed::{ControlsLevel, EmbedOptions, Theme};
use crate::links;

/// Marks the page as embedded and applies the theme (CSS does the rest).
fn apply_theme(theme: Theme) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let class = match theme {
        Theme::Auto => "embedded",
        Theme::Light => "embedded theme-light",
        Theme::Dark => "embedded theme-dark",
    };
    root.set_class_name(class);
}

/// A scenario embedded in someone else's page (the Lab's module).
#[function_component(EmbedScenarioView)]
pub fn embed_scenario_view() -> Html {
    let opts = use_memo((), |_| EmbedOptions::from_pairs(&url::pairs()));
    use_effect_with(opts.theme, |&t| apply_theme(t));
    html! { <EmbedScenario opts={(*opts).clone()} /> }
}

/// A lesson step embedded in someone else's page (the lessons' module).
#[function_component(EmbedLessonView)]
pub fn embed_lesson_view() -> Html {
    let opts = use_memo((), |_| EmbedOptions::from_pairs(&url::pairs()));
    use_effect_with(opts.theme, |&t| apply_theme(t));
    let (id, step) = opts.lesson.clone().unwrap_or_default();
    html! {
        <div class="embed embed-lesson">
            <LessonPlayer {id} {step} on_nav={Callback::from(|r: Route| r.push())} embedded=true />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ScenarioProps {
    opts: EmbedOptions,
}

#[function_component(EmbedScenario)]
fn embed_scenario(p: &ScenarioProps) -> Html {
    let opts = &p.opts;
    let state = use_reducer(|| {
        let (scenario, notices) = url::scenario();
        LabState::new(scenario, notices)
            .reduce(Action::Speed(opts.speed))
            .reduce(Action::Loop(opts.looping))
            .reduce(Action::Autoplay(opts.autoplay && !reduced_motion()))
    });
    use_lab(&state);
    let act = use_actions(&state);
    let resolved = state
        .plan
        .as_ref()
        .map_or_else(|_| state.scenario.clone(), |p| p.resolved());
    let controls = match opts.controls {
        ControlsLevel::None => html! {},
        level => {
            html! { <Controls scenario={state.scenario.clone()} {resolved} on_set={act.reform(|(k, v)| Action::Set(k, v))} compact={level == ControlsLevel::Compact} refused={state.refused} /> }
        }
    };
    let body = match state.outcome() {
        None => unfinished(&state.run, &act),
        Some(o) => {
            let end = state.end();
            html! {
                <>
                    <Headline outcome={o.clone()} cursor={state.cursor} few=true />
                    <Playback cursor={state.cursor} {end} playing={state.playing} rate={state.rate} on_action={act.clone()} />
                    <Timeline outcome={o.clone()} cursor={state.cursor} window={state.window()} on_action={act.clone()} />
                    <Legend outcome={o.clone()} />
                </>
            }
        }
    };
    // A figure: what the run shows, captioned by the way to the full Lab. The trace's hash is an
    // attribute, not text: readers need no debugging details, tests and curious writers can
    // still check that the run is the one they shared.
    html! {
        <figure class="embed embed-scenario" data-trace-hash={state.outcome().map(|o| o.metrics.trace_hash.clone())}>
            <Notices notices={state.notices.clone()} on_action={act.clone()} />
            { controls }
            { body }
            <figcaption class="embed-foot">
                <a href={links::lab(&base_url(), &state.scenario)} target="_blank" rel="noopener">{ "Open in Concurrency Lab ↗" }</a>
            </figcaption>
        </figure>
    }
}
