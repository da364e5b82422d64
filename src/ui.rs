//! The browser UI: Yew function components that render a Scenario, a Trace and Metrics and
//! send user intents. No simulation logic lives here: the reducer (`crate::lab`) and the engine
//! do that.
//!
//! Two pages, each its own wasm module so that each stays small: the Lab (`start_lab`, with
//! scenario embeds) and the lessons (`start_lessons`, with lesson embeds), on two HTML pages
//! (`index.html`, `lessons.html`) that each preload their own; links between them are plain
//! links ([`Route::href`]).

mod charts;
mod compare;
mod controls;
mod crash;
mod embed_view;
mod evidence;
mod explain;
mod fetch;
mod hooks;
mod lab_view;
mod legend;
mod lesson_list;
mod lessons_view;
mod measure;
mod metrics_view;
mod pictures;
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

use route::Route;

/// The header with the two pages, the current one marked.
fn header(lab: bool) -> Html {
    html! {
        <header class="top">
            <h1>{ "Concurrency Lab" }</h1>
            <nav class="views" aria-label="Views">
                <span class={classes!(lab.then_some("current"))}><a href={Route::Lab.href()}>{ "Lab" }</a></span>
                <span class={classes!((!lab).then_some("current"))}><a href={Route::Lessons.href()}>{ "Lessons" }</a></span>
            </nav>
            <p class="tagline">{ "Is your Python program waiting or calculating? Pick a workload and a model, and watch." }</p>
        </header>
    }
}

/// The view the address asks for, kept in step with Back and Forward.
#[hook]
fn use_route() -> UseStateHandle<Route> {
    let route = use_state(Route::current);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .map(|w| EventListener::new(&w, "popstate", move |_| route.set(Route::current())));
            move || drop(listener)
        });
    }
    route
}

/// The Lab page (and a scenario embedded in someone else's page).
#[function_component(LabApp)]
fn lab_app() -> Html {
    let route = use_route();
    match *route {
        Route::CrashTest => {
            panic!("deliberate crash for the test of the error panel (view=crash-test)")
        }
        Route::Embed => html! { <embed_view::EmbedScenarioView /> },
        _ => html! { <div class="app">{ header(true) }<lab_view::Lab /></div> },
    }
}

/// The lessons page: the list, a lesson, or a lesson step embedded in someone else's page.
#[function_component(LessonsApp)]
fn lessons_app() -> Html {
    let route = use_route();
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
    let view = match &*route {
        Route::Embed => return html! { <embed_view::EmbedLessonView /> },
        Route::Lesson { id, step } => {
            html! { <lessons_view::LessonPlayer id={id.clone()} step={*step} on_nav={on_nav.clone()} /> }
        }
        _ => html! { <lesson_list::LessonList on_nav={on_nav.clone()} /> },
    };
    html! { <div class="app">{ header(false) }{ view }</div> }
}

/// Mounts component `C` on the page's `#app` element (in a page; in a worker there is none).
fn mount<C: BaseComponent<Properties = ()>>() {
    crash::install();
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    {
        root.set_inner_html("");
        yew::Renderer::<C>::with_root(root).render();
    }
}

/// Starts the Lab page.
pub fn start_lab() {
    mount::<LabApp>();
}

/// Starts the lessons page.
pub fn start_lessons() {
    mount::<LessonsApp>();
}
