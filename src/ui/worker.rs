//! Long computations (the comparison of every model plus a 32-step sweep) run in a Web Worker
//! that loads the same wasm (`static/worker.js`), so the page never stalls. Every request
//! carries an id that the answer echoes, so an answer is delivered to the request it belongs
//! to (the reducer then drops answers nobody waits for). Where a worker cannot start, the work
//! runs in place instead.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use yew::Callback;

use crate::engine::{self, Comparison, Plan, Scenario};

/// A request to the worker.
#[derive(Serialize, Deserialize)]
struct Request {
    id: u64,
    scenario: Scenario,
}

/// The worker's answer.
#[derive(Serialize, Deserialize)]
struct Answer {
    id: u64,
    result: Result<Comparison, String>,
}

fn compute(s: &Scenario) -> Result<Comparison, String> {
    let plan = Plan::new(s).map_err(|e| e.to_string())?;
    engine::comparison(&plan).map_err(|e| e.to_string())
}

/// The function the worker calls: a request as JSON in, the answer as JSON out.
#[wasm_bindgen]
pub fn compare_json(request: &str) -> String {
    let answer = match serde_json::from_str::<Request>(request) {
        Ok(r) => Answer {
            id: r.id,
            result: compute(&r.scenario),
        },
        Err(e) => Answer {
            id: 0,
            result: Err(e.to_string()),
        },
    };
    serde_json::to_string(&answer).unwrap_or_default()
}

/// The worker, with the message handler that must live as long as it.
type Running = (web_sys::Worker, Closure<dyn FnMut(web_sys::MessageEvent)>);

thread_local! {
    static WORKER: RefCell<Option<Running>> = const { RefCell::new(None) };
    static PENDING: RefCell<BTreeMap<u64, Callback<Result<Comparison, String>>>> = const { RefCell::new(BTreeMap::new()) };
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
                let Ok(answer) = serde_json::from_str::<Answer>(&text) else {
                    return;
                };
                if let Some(done) = PENDING.with(|p| p.borrow_mut().remove(&answer.id)) {
                    done.emit(answer.result);
                }
            });
        w.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        *cell.borrow_mut() = Some((w.clone(), on_message));
        Some(w)
    })
}

/// Computes the comparison of `plan` off the main thread as request `id`, and hands it to
/// `done`.
pub fn compare(id: u64, plan: &Plan, done: Callback<Result<Comparison, String>>) {
    let request = Request {
        id,
        scenario: plan.scenario().clone(),
    };
    let json = serde_json::to_string(&request).expect("requests serialise");
    match worker() {
        Some(w) if w.post_message(&json.into()).is_ok() => {
            PENDING.with(|p| p.borrow_mut().insert(id, done));
        }
        _ => done.emit(compute(plan.scenario())),
    }
}
