//! The browser UI: Yew function components that render a Scenario, a Trace and Metrics and
//! send user intents. No simulation logic lives here.

use yew::prelude::*;

/// The root component.
#[function_component(App)]
pub fn app() -> Html {
    html! { <main><h1>{ "Concurrency Lab" }</h1></main> }
}

/// Mounts the app on the page's `#app` element.
pub fn start() {
    let root = gloo_utils_root();
    yew::Renderer::<App>::with_root(root).render();
}

fn gloo_utils_root() -> web_sys::Element {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .expect("index.html has #app")
}
