//! The browser UI: Yew function components that render a Scenario, a Trace and Metrics and
//! send user intents. No simulation logic lives here: the reducer asks the engine.

mod charts;
mod compare;
mod controls;
mod explain;
mod metrics_view;
mod playback;
mod shared;
mod state;
mod timeline;
mod url;

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use state::{Action, LabState};

/// Milliseconds between playback frames.
const FRAME_MS: u32 = 33;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Whether the key event comes from a form field (where space and arrows belong to the field).
/// The scrubber is the exception: on it, space and arrows drive playback.
fn from_field(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            let scrubber = el.get_attribute("type").as_deref() == Some("range");
            !scrubber
                && matches!(
                    el.tag_name().as_str(),
                    "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON" | "SUMMARY"
                )
        })
}

/// The Lab: setup on the left, the run on the right.
#[function_component(Lab)]
pub fn lab() -> Html {
    let state = use_reducer(|| {
        let (scenario, notices) = url::scenario();
        LabState::new(scenario, notices)
    });

    // Playback timer: exists only while playing; dropping it on pause cancels it.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.playing, move |&playing| {
            let timer = playing.then(|| {
                let last = std::cell::Cell::new(now_ms());
                Interval::new(FRAME_MS, move || {
                    let t = now_ms();
                    dispatcher.dispatch(Action::Tick(t - last.replace(t)));
                })
            });
            move || drop(timer)
        });
    }
    // The address always holds the scenario.
    use_effect_with(state.scenario.clone(), url::push);
    // Back and forward restore the scenario in the address.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "popstate", move |_| {
                    let (s, notices) = url::scenario();
                    dispatcher.dispatch(Action::Load(Box::new(s), notices));
                })
            });
            move || drop(listener)
        });
    }
    // Keyboard: space plays or pauses, arrows step.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|d| {
                EventListener::new(&d, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if from_field(e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let action = match e.key().as_str() {
                        " " => Action::TogglePlay,
                        "ArrowLeft" => Action::Step(-1),
                        "ArrowRight" => Action::Step(1),
                        _ => return,
                    };
                    e.prevent_default();
                    dispatcher.dispatch(action);
                })
            });
            move || drop(listener)
        });
    }

    let d = state.dispatcher();
    let act = {
        let d = d.clone();
        Callback::from(move |a: Action| d.dispatch(a))
    };
    let on_set = Callback::from({
        let d = d.clone();
        move |(k, v): (String, String)| d.dispatch(Action::Set(k, v))
    });
    let notices = state.notices.iter().enumerate().map(|(i, n)| {
        let d = d.clone();
        html! {
            <div class="notice" role="status">
                <span>{ n }</span>
                <button type="button" aria-label="Dismiss" onclick={Callback::from(move |_| d.dispatch(Action::Dismiss(i)))}>{ "×" }</button>
            </div>
        }
    });
    let main = match &state.outcome {
        Err(e) => {
            html! { <div class="error" role="alert">{ format!("This scenario cannot run: {e}") }</div> }
        }
        Ok(o) => {
            let end = state.makespan();
            let scale_end = state
                .pinned
                .as_ref()
                .map_or(end, |a| a.trace.makespan.max(end));
            let pin = {
                let d = d.clone();
                let pinned = state.pinned.is_some();
                Callback::from(move |_| {
                    d.dispatch(if pinned { Action::Unpin } else { Action::Pin })
                })
            };
            html! {
                <>
                    <metrics_view::Headline outcome={o.clone()} cursor={state.cursor} />
                    <playback::Playback cursor={state.cursor} {end} playing={state.playing} speed={state.speed}
                        on_toggle={act.reform(|_| Action::TogglePlay)} on_step={act.reform(Action::Step)}
                        on_seek={act.reform(Action::Seek)} on_speed={act.reform(Action::Speed)} />
                    <div class="pinbar">
                        <button type="button" onclick={pin}>{ if state.pinned.is_some() { "Unpin A" } else { "Pin as A" } }</button>
                        <span class="hint">{ "Pin a run, change the setup, and compare both on one time axis." }</span>
                    </div>
                    if let Some(a) = &state.pinned {
                        <timeline::Timeline outcome={a.clone()} cursor={a.trace.makespan} {scale_end}
                            caption={format!("A: {} ({} workers)", a.scenario.model.kind.name(), a.scenario.effective_workers())} />
                    }
                    <timeline::Timeline outcome={o.clone()} cursor={state.cursor} {scale_end}
                        caption={state.pinned.as_ref().map(|_| format!("B: {}", o.scenario.model.kind.name()))} />
                    <timeline::Legend />
                    <explain::Diagnosis outcome={o.clone()} />
                    <charts::Charts outcome={o.clone()} />
                    <compare::Compare comparison={state.comparison.clone()} on_compare={act.reform(|_| Action::Compare)} />
                    <explain::Code outcome={o.clone()} />
                </>
            }
        }
    };
    html! {
        <div class="lab">
            <header class="top">
                <h1>{ "Concurrency Lab" }</h1>
                <p class="tagline">{ "Is your Python program waiting or calculating? Pick a workload and a model, and watch." }</p>
            </header>
            <div class="notices">{ for notices }</div>
            <div class="columns">
                <aside><controls::Controls scenario={state.scenario.clone()} {on_set} /></aside>
                <main>{ main }</main>
            </div>
        </div>
    }
}

/// Mounts the app on the page's `#app` element.
pub fn start() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    {
        root.set_inner_html("");
        yew::Renderer::<Lab>::with_root(root).render();
    }
}
