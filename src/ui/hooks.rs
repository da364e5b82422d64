//! Hooks shared by every view that shows a run: simulating it a slice at a time, asking the
//! worker for comparisons, the playback timer and the keyboard. They only report to the
//! reducer; what to show is decided there.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::state::{Action, LabState};
use super::worker;
use crate::engine::{Plan, Simulation};
use crate::lab::Shared;
use crate::offload::{Job, Reply};

/// Milliseconds between playback frames.
const FRAME_MS: u32 = 33;
/// How long a slice of a run may simulate, ms: short enough that the page answers a click or a
/// key between the slices of a large run.
const SLICE_MS: f64 = 30.0;
/// How long the page's first run may simulate before it shows progress, ms: nothing of the run
/// is on screen yet, and a phone at a quarter of a laptop's speed simulates the chat server's
/// 10 000 connections in about this, so they appear in one step rather than after a progress
/// bar and a second layout of the page.
const FIRST_SLICE_MS: f64 = 300.0;
/// Events simulated between looks at the clock (about a millisecond on a phone).
const CHUNK_EVENTS: u64 = 5_000;

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

/// Simulates run `id` of `plan` a slice at a time, reporting progress and the outcome. The first
/// slice (`first_ms` long) runs at once, so a run that fits in it (most do) is drawn in the same
/// task as the view that asked for it: the browser lays the page out once, with the results,
/// rather than once without and again with them. Each later slice runs in a task of its own, so
/// the page renders and responds between them. Dropping the returned handle cancels the slices
/// not yet run.
fn simulate(
    id: u64,
    plan: Plan,
    report: Callback<Action>,
    first_ms: f64,
) -> Rc<RefCell<Option<Timeout>>> {
    let pending = Rc::new(RefCell::new(None));
    let sim = Rc::new(RefCell::new(Simulation::start(&plan)));
    /// Runs one slice of `ms`; schedules the next while the run goes on.
    fn slice(
        id: u64,
        sim: Rc<RefCell<Simulation>>,
        pending: Rc<RefCell<Option<Timeout>>>,
        report: Callback<Action>,
        ms: f64,
    ) {
        let until = now_ms() + ms;
        let step = loop {
            match sim.borrow_mut().advance(CHUNK_EVENTS) {
                Ok(None) if now_ms() < until => continue,
                step => break step,
            }
        };
        match step {
            Ok(None) => {
                report.emit(Action::Progress(id, sim.borrow().events()));
                let next = pending.clone();
                let timeout = Timeout::new(0, move || slice(id, sim, next, report, SLICE_MS));
                *pending.borrow_mut() = Some(timeout);
            }
            Ok(Some(o)) => report.emit(Action::Finished(id, Ok(Shared::new(o)))),
            Err(e) => report.emit(Action::Finished(id, Err(e.to_string()))),
        }
    }
    slice(id, sim, pending.clone(), report, first_ms);
    pending
}

/// False until a task after `ready` first holds, then true for good: the parts of a view below
/// its first screen render a task after the rest, so the browser paints the first results
/// without waiting for them (and never removes them again once shown).
#[hook]
pub fn use_later(ready: bool) -> bool {
    let later = use_state(|| false);
    {
        let later = later.clone();
        use_effect_with(ready && !*later, move |&due| {
            let timer = due.then(|| Timeout::new(0, move || later.set(true)));
            move || drop(timer)
        });
    }
    *later
}

/// Runs the state's simulation, the playback timer while it plays, and maps space to
/// play/pause and the arrows to stepping.
#[hook]
pub fn use_lab(state: &UseReducerHandle<LabState>) {
    let report = actions(state);
    // The view's first run may take longer before it shows progress (see FIRST_SLICE_MS).
    let ran = use_mut_ref(|| false);
    use_effect_with(state.run_id, {
        let job = state.job();
        move |_| {
            let first_ms = if ran.replace(true) {
                SLICE_MS
            } else {
                FIRST_SLICE_MS
            };
            let pending = job.map(|(id, plan)| simulate(id, plan, report, first_ms));
            move || {
                if let Some(p) = pending {
                    p.borrow_mut().take();
                }
            }
        }
    });
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
            // Not passive: space must not scroll the page when it plays or pauses.
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&d, "keydown", options, move |e| {
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

/// Sends the state's comparison requests to the Web Worker and hands back its answers (the
/// Lab's; the lessons compare nothing, so their module carries none of this).
#[hook]
pub fn use_comparisons(state: &UseReducerHandle<LabState>) {
    let report = actions(state);
    use_effect_with(state.compare_request().map(|(id, ..)| id), {
        let request = state.compare_request();
        move |_| {
            if let Some((id, plan, every_model)) = request {
                let done = report.reform(move |r: Result<Reply, String>| {
                    Action::Compared(
                        id,
                        r.and_then(|reply| match reply {
                            Reply::Compared(c) => Ok(c),
                            _ => Err("the worker answered another question".into()),
                        }),
                    )
                });
                worker::ask(plan.scenario(), Job::Compare { every_model }, done);
            }
        }
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

/// Scrolls the first element matching `selector` just far enough to show it whole (nothing
/// moves when it is already in view, as on a wide screen): a phone's reader who answers a
/// question sees the run start below it, and the verdict once the run ends.
pub fn bring_into_view(selector: &str) {
    let found = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten());
    if let Some(el) = found {
        let how = web_sys::ScrollIntoViewOptions::new();
        how.set_block(web_sys::ScrollLogicalPosition::Nearest);
        how.set_behavior(if reduced_motion() {
            web_sys::ScrollBehavior::Instant
        } else {
            web_sys::ScrollBehavior::Smooth
        });
        el.scroll_into_view_with_scroll_into_view_options(&how);
    }
}

/// A callback that dispatches actions to `state`, the same one on every render (so the props
/// of components given it compare equal, and a playback tick does not re-render them).
#[hook]
pub fn use_actions(state: &UseReducerHandle<LabState>) -> Callback<Action> {
    let d = state.dispatcher();
    (*use_memo((), move |_| Callback::from(move |a: Action| d.dispatch(a)))).clone()
}

/// A callback that dispatches actions to `state`.
pub fn actions(state: &UseReducerHandle<LabState>) -> Callback<Action> {
    let d = state.dispatcher();
    Callback::from(move |a: Action| d.dispatch(a))
}
