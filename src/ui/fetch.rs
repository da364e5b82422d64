//! Data the app fetches from its own origin when a view needs it, rather than carrying it in
//! the wasm: the lessons (`lessons.bin`, written by `conclab lessons --bundle` at build time).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::lab::Shared;
use crate::lessons::{self, Lesson};

/// Every lesson, shared by the views that show them.
pub type Lessons = Rc<Vec<Shared<Lesson>>>;

thread_local! {
    /// The lessons once loaded: one request per page, whichever view asks first.
    static LESSONS: RefCell<Option<Lessons>> = const { RefCell::new(None) };
}

/// A file of the app's own, as bytes; errors in words.
async fn bytes(path: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| format!("{path} could not be loaded (are you offline?)"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!(
            "{path} could not be loaded ({})",
            response.status()
        ));
    }
    let body = response.array_buffer().map_err(|_| "no body")?;
    JsFuture::from(body)
        .await
        .map(|b| js_sys::Uint8Array::new(&b).to_vec())
        .map_err(|_| format!("{path} could not be read"))
}

/// The lessons: `None` while they load, then the lessons or why they could not be loaded.
#[hook]
pub fn use_lessons() -> Option<Result<Lessons, String>> {
    let loaded = use_state(|| LESSONS.with(|l| l.borrow().clone()).map(Ok));
    {
        let loaded = loaded.clone();
        use_effect_with((), move |_| {
            if loaded.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    let result = bytes("lessons.bin")
                        .await
                        .and_then(|b| lessons::from_bundle(&b))
                        .map(|all| Rc::new(all.into_iter().map(Shared::new).collect::<Vec<_>>()));
                    if let Ok(all) = &result {
                        LESSONS.with(|l| *l.borrow_mut() = Some(all.clone()));
                    }
                    loaded.set(Some(result));
                });
            }
        });
    }
    (*loaded).clone()
}

/// What a view shows while the lessons load, or when they could not be.
pub fn lessons_pending(state: &Option<Result<Lessons, String>>) -> Html {
    match state {
        Some(Err(e)) => {
            html! { <div class="notice" role="alert">{ format!("The lessons are not available: {e}. Reload to try again.") }</div> }
        }
        _ => html! { <p class="loading" role="status">{ "Loading the lessons…" }</p> },
    }
}
