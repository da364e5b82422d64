//! Which view the address asks for, and links that switch views without reloading the page.

use yew::prelude::*;

use super::url;
use crate::engine::settings::switch;
use crate::links::{self, page};

/// The Lab's page, relative to either page (both are at the app's root).
pub const LAB_PAGE: &str = "./";
/// `view=` of the deliberate crash.
const CRASH_TEST: &str = "crash-test";

/// A view of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// The Lab (the default).
    Lab,
    /// The list of lessons.
    Lessons,
    /// A simulation (or lesson step) embedded in someone else's page.
    Embed,
    /// Panics on purpose, so a test can prove the error panel appears (`?view=crash-test`).
    CrashTest,
    /// One lesson at one step (0-based).
    Lesson {
        /// The lesson's id.
        id: String,
        /// The step.
        step: usize,
    },
}

impl Route {
    /// The view in the current address. Steps are 1-based in addresses, as people count.
    pub fn current() -> Route {
        let pairs = url::pairs();
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        };
        // `embed` with any value but a false one (`embed`, `embed=1`, `embed=yes`).
        if get(page::EMBED).is_some_and(|v| switch(&v) != Some(false)) {
            return Route::Embed;
        }
        match get(page::VIEW).as_deref() {
            Some(page::LESSON_LIST) => Route::Lessons,
            Some(CRASH_TEST) => Route::CrashTest,
            Some(v) if v == page::LESSON => match get(page::LESSON) {
                Some(id) => Route::Lesson {
                    id,
                    step: get(page::STEP)
                        .and_then(|s| s.parse::<usize>().ok())
                        .unwrap_or(1)
                        .saturating_sub(1),
                },
                None => Route::Lessons,
            },
            _ => Route::Lab,
        }
    }

    /// This view's address relative to either page (both are at the app's root): the Lab's
    /// views are shown by `index.html`, the lessons by `lessons.html` (each page preloads its
    /// own module; `static/boot.js` sends an address meant for the other page there).
    pub fn href(&self) -> String {
        match self {
            Route::Lab | Route::Embed => LAB_PAGE.into(),
            Route::CrashTest => links::view(LAB_PAGE, CRASH_TEST),
            Route::Lessons => links::lessons(""),
            Route::Lesson { id, step } => links::lesson("", id, *step),
        }
    }

    /// Records the view in the address as a new history entry.
    pub fn push(&self) {
        let Some(w) = web_sys::window() else { return };
        if let Ok(h) = w.history() {
            let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&self.href()));
        }
    }
}

/// Props of [`Link`].
#[derive(Properties, PartialEq)]
pub struct LinkProps {
    /// Where it goes.
    pub to: Route,
    /// Navigates within the app.
    pub on_nav: Callback<Route>,
    /// The link text.
    pub children: Html,
    /// Classes, e.g. to look like a button.
    #[prop_or_default]
    pub class: Classes,
}

/// A real link (it works with a middle click or without script) that switches views in place.
#[function_component(Link)]
pub fn link(p: &LinkProps) -> Html {
    let onclick = {
        let (to, on_nav) = (p.to.clone(), p.on_nav.clone());
        Callback::from(move |e: MouseEvent| {
            if !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0) {
                e.prevent_default();
                on_nav.emit(to.clone());
            }
        })
    };
    html! { <a href={p.to.href()} class={p.class.clone()} {onclick}>{ p.children.clone() }</a> }
}
