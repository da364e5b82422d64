//! The embed view (`?embed=1`): a simulation with minimal chrome for someone else's page,
//! configured entirely by the address.

use yew::prelude::*;

use super::controls::Controls;
use super::hooks::{actions, reduced_motion, use_player};
use super::lessons_view::LessonPlayer;
use super::metrics_view::Headline;
use super::playback::Playback;
use super::route::Route;
use super::share::base_url;
use super::simulator::{Notices, Running};
use super::state::{Action, LabState};
use super::timeline::{Legend, Timeline};
use super::url;
use crate::embed::{self, ControlsLevel, EmbedOptions, Theme};
use crate::lessons;

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

/// The embed view.
#[function_component(EmbedView)]
pub fn embed_view() -> Html {
    let opts = use_memo((), |_| EmbedOptions::from_pairs(&url::pairs()));
    use_effect_with(opts.theme, |&t| apply_theme(t));
    let lesson_known = opts
        .lesson
        .as_ref()
        .is_some_and(|(id, _)| lessons::all().iter().any(|l| &l.id == id));
    match &opts.lesson {
        Some((id, step)) if lesson_known => html! {
            <div class="embed">
                <LessonPlayer id={id.clone()} step={*step} on_nav={Callback::from(|r: Route| r.push())} embedded=true />
            </div>
        },
        _ => html! { <EmbedScenario opts={(*opts).clone()} /> },
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
        let (scenario, mut notices) = url::scenario();
        if let Some((id, _)) = &opts.lesson {
            notices.push(format!(
                "There is no lesson called '{id}'; showing the scenario instead."
            ));
        }
        LabState::new(scenario, notices)
    });
    use_player(&state);
    let act = actions(&state);
    {
        let (act, opts) = (act.clone(), opts.clone());
        use_effect_with((), move |_| {
            act.emit(Action::Speed(opts.speed));
            act.emit(Action::Loop(opts.looping));
            if opts.autoplay && !reduced_motion() {
                act.emit(Action::TogglePlay);
            }
        });
    }
    let controls = match opts.controls {
        ControlsLevel::None => html! {},
        level => {
            html! { <Controls scenario={state.scenario.clone()} on_set={act.reform(|(k, v)| Action::Set(k, v))} compact={level == ControlsLevel::Compact} /> }
        }
    };
    let body = match &state.outcome {
        _ if state.running.is_some() => html! { <Running events={state.progress} /> },
        Err(e) => {
            html! { <div class="error" role="alert">{ format!("This scenario cannot run: {e}") }</div> }
        }
        Ok(o) => {
            let end = state.makespan();
            html! {
                <>
                    <Headline outcome={o.clone()} cursor={state.cursor} />
                    <Playback cursor={state.cursor} {end} playing={state.playing} speed={state.speed}
                        on_toggle={act.reform(|_| Action::TogglePlay)} on_step={act.reform(Action::Step)}
                        on_seek={act.reform(Action::Seek)} on_speed={act.reform(Action::Speed)} />
                    <Timeline outcome={o.clone()} cursor={state.cursor} scale_end={end} />
                    <Legend />
                </>
            }
        }
    };
    html! {
        <div class={classes!("embed", opts.height.map(|_| "fixed-height"))}>
            <Notices state={state.clone()} />
            { controls }
            { body }
            <p class="embed-foot">
                <a href={embed::permalink(&base_url(), &state.scenario)} target="_blank" rel="noopener">{ "Open in the full Concurrency Lab ↗" }</a>
            </p>
        </div>
    }
}
