//! Long computations (the comparison of every model plus a 32-step sweep) run in a Web Worker
//! that loads the same wasm (`static/worker.js`), so the page never stalls. Where a worker cannot
//! start, the work runs in place instead.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use yew::Callback;

use crate::engine::{self, Comparison, Scenario};

/// The function the worker calls: a scenario as JSON in, a comparison (or an error) as JSON out.
#[wasm_bindgen]
pub fn compare_json(scenario: &str) -> String {
    let result: Result<Comparison, String> = serde_json::from_str::<Scenario>(scenario)
        .map_err(|e| e.to_string())
        .and_then(|s| engine::comparison(&s).map_err(|e| e.to_string()));
    serde_json::to_string(&result)
        .unwrap_or_else(|e| serde_json::json!({ "Err": e.to_string() }).to_string())
}

/// The worker, with the message handler that must live as long as it.
type Running = (web_sys::Worker, Closure<dyn FnMut(web_sys::MessageEvent)>);

thread_local! {
    static WORKER: RefCell<Option<Running>> = const { RefCell::new(None) };
    static PENDING: RefCell<Option<Callback<Result<Comparison, String>>>> = const { RefCell::new(None) };
}

fn worker() -> Option<web_sys::Worker> {
    WORKER.with(|cell| {
        if let Some((w, _)) = &*cell.borrow() {
            return Some(w.clone());
        }
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let w = web_sys::Worker::new_with_options("static/worker.js", &options).ok()?;
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
                let text = e.data().as_string().unwrap_or_default();
                let result = serde_json::from_str::<Result<Comparison, String>>(&text)
                    .unwrap_or_else(|e| Err(e.to_string()));
                if let Some(done) = PENDING.with(|p| p.borrow_mut().take()) {
                    done.emit(result);
                }
            });
        w.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        *cell.borrow_mut() = Some((w.clone(), on_message));
        Some(w)
    })
}

/// Computes the comparison of `s` off the main thread and hands it to `done`.
pub fn compare(s: &Scenario, done: Callback<Result<Comparison, String>>) {
    let json = serde_json::to_string(s).expect("scenarios serialise");
    match worker() {
        Some(w) if w.post_message(&json.clone().into()).is_ok() => {
            PENDING.with(|p| *p.borrow_mut() = Some(done))
        }
        _ => done.emit(engine::comparison(s).map_err(|e| e.to_string())),
    }
}
