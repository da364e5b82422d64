//! Which view the address asks for, and links that switch views without reloading the page.

use yew::prelude::*;

use super::url;

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
        if get("embed").is_some_and(|v| !matches!(v.as_str(), "0" | "false" | "no" | "off")) {
            return Route::Embed;
        }
        match get("view").as_deref() {
            Some("lessons") => Route::Lessons,
            Some("crash-test") => Route::CrashTest,
            Some("lesson") => match get("lesson") {
                Some(id) => Route::Lesson {
                    id,
                    step: get("step")
                        .and_then(|s| s.parse::<usize>().ok())
                        .unwrap_or(1)
                        .saturating_sub(1),
                },
                None => Route::Lessons,
            },
            _ => Route::Lab,
        }
    }

    /// The query string for this view.
    pub fn href(&self) -> String {
        match self {
            Route::Lab | Route::Embed => "?".into(),
            Route::CrashTest => "?view=crash-test".into(),
            Route::Lessons => "?view=lessons".into(),
            Route::Lesson { id, step } => format!("?view=lesson&lesson={id}&step={}", step + 1),
        }
    }

    /// Records the view in the address as a new history entry.
    pub fn push(&self) {
        let Some(w) = web_sys::window() else { return };
        let path = w.location().pathname().unwrap_or_default();
        if let Ok(h) = w.history() {
            let _ = h.push_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{}", self.href())),
            );
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
    html! { <a href={p.to.href()} {onclick}>{ p.children.clone() }</a> }
}
