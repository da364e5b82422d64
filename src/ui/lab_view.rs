//! The Lab page: a tour on a first visit, the settings, the run, the comparison and the
//! program. (The lessons are a page of their own, `lessons_view`.)

use gloo_events::EventListener;
use yew::prelude::*;

use super::hooks::{self, use_actions, use_comparisons, use_lab};
use super::route::Route;
use super::state::{Action, Compare, LabState};
use super::{
    charts, compare, controls, evidence, explain, measure, pictures, share, simulator, url,
};
use crate::format;
use crate::lab::Run;

/// One step of the first screen's short tour: a question, what to watch, the scenario, and
/// the one obvious next action.
struct TourStep {
    title: &'static str,
    watch: &'static str,
    query: &'static str,
    /// Keep the previous run as A, to compare on one axis.
    pin: bool,
    next: &'static str,
}

/// The first screen: the seed articles' flagship comparison, one action at a time.
const TOUR: [TourStep; 3] = [
    TourStep {
        title: "Eight pure-Python tasks on four threads. Why is it no faster?",
        watch: "Watch the GIL lane at the top change colour as the threads hand it to one another: only one of them runs Python at a time, and the four cores below are mostly idle.",
        query: "preset=cpu-bound&model=threads&workers=4&cores=4",
        pin: false,
        next: "Run the same work in processes →",
    },
    TourStep {
        title: "The same work in four processes",
        watch: "The threads run is pinned as A. In B each worker process has its own interpreter and its own GIL: after a short start-up, all four cores work at once.",
        query: "preset=cpu-bound&model=processes&workers=4&cores=4",
        pin: true,
        next: "Now a program that mostly waits →",
    },
    TourStep {
        title: "A hundred requests that mostly wait",
        watch: "Waiting needs no core and no GIL, so the waits overlap: one event loop keeps all hundred requests in flight at once (the band under its lane).",
        query: "preset=io-bound&model=asyncio",
        pin: false,
        next: "Open every setting and try your own →",
    },
];

fn tour_scenario(step: &TourStep) -> crate::engine::Scenario {
    let pairs = crate::links::decode(step.query);
    crate::engine::settings::read(&crate::engine::Scenario::default(), &pairs, &[]).scenario
}

/// The Lab: setup on the left, the run on the right. The address always holds the scenario; a
/// visit to the bare address starts with a short tour that plays by itself.
#[function_component(Lab)]
pub fn lab() -> Html {
    let tour = use_state(|| {
        let pairs = url::pairs();
        pairs
            .iter()
            .all(|(k, _)| crate::links::page::KEYS.contains(&k.as_str()))
            .then_some(0usize)
    });
    let state = use_reducer({
        let touring = tour.is_some();
        move || {
            let (scenario, notices) = if touring {
                (tour_scenario(&TOUR[0]), Vec::new())
            } else {
                url::scenario()
            };
            LabState::new(scenario, notices)
                .reduce(Action::AutoCompare(true))
                .reduce(Action::Autoplay(touring && !hooks::reduced_motion()))
        }
    });
    use_lab(&state);
    use_comparisons(&state);
    // The address follows the scenario once the visitor has left the tour.
    use_effect_with((state.scenario.clone(), tour.is_some()), |(s, touring)| {
        if !touring {
            url::push(s)
        }
    });
    // Back and forward restore the scenario in the address.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "popstate", move |_| {
                    if Route::current() == Route::Lab {
                        let (s, notices) = url::scenario();
                        dispatcher.dispatch(Action::Load(Box::new(s), notices));
                    }
                })
            });
            move || drop(listener)
        });
    }
    let act = use_actions(&state);
    let on_set = use_memo((), {
        let act = act.clone();
        move |_| act.reform(|(k, v)| Action::Set(k, v))
    });
    let resolved = state
        .plan
        .as_ref()
        .map_or_else(|_| state.scenario.clone(), |p| p.resolved());
    // Below the run on every screen: drawn a task after the first run ends.
    let later = hooks::use_later(!matches!(state.run, Run::Simulating { .. }));
    let extras = state.outcome().filter(|_| later).map(|o| {
        let (comparison, computing) = match &state.compare {
            Compare::Ready(c) => (Some(c.clone()), false),
            Compare::Asked(_) => (None, true),
            Compare::Idle => (None, false),
        };
        html! {
            <>
                <charts::Charts outcome={o.clone()} cursor={state.cursor} />
                <compare::Compare {comparison} {computing} plan={o.plan.clone()} on_action={act.clone()} />
                <explain::Code outcome={o.clone()} cursor={state.cursor} />
                <p class="hint run-facts">
                    { format!("{} simulation events · trace fingerprint ", format::count(o.trace.events)) }
                    <code data-testid="trace-hash">{ o.metrics.trace_hash.clone() }</code>
                </p>
            </>
        }
    });
    let tour_card = tour.map(|i| {
        let step = &TOUR[i];
        let next = {
            let (tour, act) = (tour.clone(), act.clone());
            Callback::from(move |_| match TOUR.get(i + 1) {
                Some(following) => {
                    if following.pin {
                        act.emit(Action::Pin);
                    } else {
                        act.emit(Action::Unpin);
                    }
                    act.emit(Action::Load(Box::new(tour_scenario(following)), Vec::new()));
                    tour.set(Some(i + 1));
                }
                None => {
                    act.emit(Action::Autoplay(false));
                    tour.set(None);
                }
            })
        };
        let leave = {
            let (tour, act) = (tour.clone(), act.clone());
            Callback::from(move |_| {
                act.emit(Action::Autoplay(false));
                tour.set(None);
            })
        };
        html! {
            <section class="tour" aria-label="Tour" data-testid="tour">
                <p class="tour-step">{ format!("{} of {}", i + 1, TOUR.len()) }</p>
                <h2>{ step.title }</h2>
                <p>{ step.watch }</p>
                <div class="row">
                    <button type="button" class="primary" onclick={next}>{ step.next }</button>
                    if i + 1 < TOUR.len() {
                        <button type="button" class="link" onclick={leave}>{ "Skip to every setting" }</button>
                    }
                </div>
            </section>
        }
    });
    // The page's first run starts in the same task as this render (hooks::use_lab) and most
    // runs end in its first slice: until that slice has run, draw only the loading line, so the
    // browser builds and lays out the page once, with the results, not once before them too.
    let first = use_mut_ref(|| true);
    if *first.borrow() && matches!(state.run, Run::Simulating { events: 0 }) {
        return html! { <p class="loading">{ "Loading the simulator…" }</p> };
    }
    *first.borrow_mut() = false;
    html! {
        <>
            <simulator::Notices notices={state.notices.clone()} on_action={act.clone()} />
            <div class={classes!("columns", tour.is_some().then_some("touring"))}>
                if tour.is_none() {
                    <aside id="setup"><controls::Controls scenario={state.scenario.clone()} {resolved} on_set={(*on_set).clone()} refused={state.refused} /></aside>
                }
                <main>
                    { for tour_card }
                    <simulator::Simulator state={(*state).clone()} on_action={act.clone()}
                        recommendation={state.outcome().map(|o| html! { <explain::Recommendation outcome={o.clone()} compare={state.compare.clone()} /> }).unwrap_or_default()}>
                        if let Some(o) = state.outcome() {
                            <share::Share scenario={state.scenario.clone()} outcome={Some(o.clone())}>
                                <pictures::Pictures scenario={state.scenario.clone()} outcome={o.clone()} />
                            </share::Share>
                        }
                    </simulator::Simulator>
                    // On a phone the settings come after the whole run: a way there from its figures.
                    if tour.is_none() {
                        <a class="to-setup" href="#setup">{ "Change the setup ↓" }</a>
                    }
                    { for extras }
                    if tour.is_none() && later {
                        <evidence::Evidence scenario={state.scenario.clone()} />
                    }
                    // Outside the run's extras: what it says must outlive the run it starts.
                    if tour.is_none() && later {
                        <measure::Measure scenario={state.scenario.clone()} on_action={act.clone()} />
                    }
                </main>
            </div>
        </>
    }
}
