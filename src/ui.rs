//! The browser UI: Yew function components that render a Scenario, a Trace and Metrics and
//! send user intents. No simulation logic lives here: the reducer asks the engine.

mod charts;
mod compare;
mod controls;
mod crash;
mod embed_view;
mod explain;
mod fetch;
mod hooks;
mod lessons_view;
mod metrics_view;
mod playback;
mod route;
mod share;
mod simulator;
mod state;
mod storage;
mod timeline;
mod url;
mod worker;

use gloo_events::EventListener;
use yew::prelude::*;

use hooks::{use_actions, use_lab};
use route::{Link, Route};
use state::{Action, Compare, LabState};

/// The Lab: setup on the left, the run on the right. The address always holds the scenario.
#[function_component(Lab)]
fn lab() -> Html {
    let state = use_reducer(|| {
        let (scenario, notices) = url::scenario();
        LabState::new(scenario, notices)
    });
    use_lab(&state);
    use_effect_with(state.scenario.clone(), url::push);
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
    let extras = state.outcome().map(|o| {
        let (comparison, computing) = match &state.compare {
            Compare::Ready(c) => (Some(c.clone()), false),
            Compare::Asked(_) => (None, true),
            Compare::Idle => (None, false),
        };
        html! {
            <>
                <charts::Charts outcome={o.clone()} />
                <compare::Compare {comparison} {computing} on_compare={act.reform(|_| Action::Compare)} />
                <explain::Code outcome={o.clone()} />
            </>
        }
    });
    html! {
        <>
            <simulator::Notices notices={state.notices.clone()} on_action={act.clone()} />
            <div class="columns">
                <aside><controls::Controls scenario={state.scenario.clone()} {resolved} on_set={(*on_set).clone()} /></aside>
                <main>
                    <simulator::Simulator state={(*state).clone()} on_action={act.clone()} />
                    { for extras }
                </main>
            </div>
        </>
    }
}

/// The app: a header with the two views, and the view the address asks for.
#[function_component(App)]
pub fn app() -> Html {
    let route = use_state(Route::current);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .map(|w| EventListener::new(&w, "popstate", move |_| route.set(Route::current())));
            move || drop(listener)
        });
    }
    let on_nav = {
        let route = route.clone();
        Callback::from(move |to: Route| {
            to.push();
            route.set(to);
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
        })
    };
    if *route == Route::CrashTest {
        panic!("deliberate crash for the test of the error panel (view=crash-test)");
    }
    if *route == Route::Embed {
        return html! { <embed_view::EmbedView /> };
    }
    let view = match &*route {
        Route::Lab | Route::Embed | Route::CrashTest => html! { <Lab /> },
        Route::Lessons => html! { <lessons_view::LessonList on_nav={on_nav.clone()} /> },
        Route::Lesson { id, step } => {
            html! { <lessons_view::LessonPlayer id={id.clone()} step={*step} on_nav={on_nav.clone()} /> }
        }
    };
    let is_lab = *route == Route::Lab;
    html! {
        <div class="app">
            <header class="top">
                <h1>{ "Concurrency Lab" }</h1>
                <nav class="views" aria-label="Views">
                    <span class={classes!(is_lab.then_some("current"))}><Link to={Route::Lab} on_nav={on_nav.clone()}>{ "Lab" }</Link></span>
                    <span class={classes!((!is_lab).then_some("current"))}><Link to={Route::Lessons} on_nav={on_nav.clone()}>{ "Lessons" }</Link></span>
                </nav>
                <p class="tagline">{ "Is your Python program waiting or calculating? Pick a workload and a model, and watch." }</p>
            </header>
            { view }
        </div>
    }
}

/// Mounts the app on the page's `#app` element (in a page; in a worker there is none).
pub fn start() {
    crash::install();
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    {
        root.set_inner_html("");
        yew::Renderer::<App>::with_root(root).render();
    }
}
