//! Hooks shared by every view that plays a run: the playback timer and the keyboard.

use gloo_events::EventListener;
use gloo_timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::state::{Action, LabState};

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

/// Advances a large run a slice at a time, letting the page render and respond in between;
/// runs the playback timer while `state` plays (dropping it on pause cancels it); and maps space
/// to play/pause and the arrows to stepping.
#[hook]
pub fn use_player(state: &UseReducerHandle<LabState>) {
    let dispatcher = state.dispatcher();
    use_effect_with(
        (state.running.clone(), state.progress),
        move |(running, _)| {
            let next = running
                .is_some()
                .then(|| Timeout::new(0, move || dispatcher.dispatch(Action::Advance)));
            move || drop(next)
        },
    );
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

/// Whether the reader asked for less motion (then nothing plays by itself).
pub fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// A callback that dispatches actions to `state`.
pub fn actions(state: &UseReducerHandle<LabState>) -> Callback<Action> {
    let d = state.dispatcher();
    Callback::from(move |a: Action| d.dispatch(a))
}
