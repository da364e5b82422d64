//! The page's side of its Web Worker (`static/worker.js`, running the tools wasm): requests go
//! out with an id of their own, and each answer is handed to the callback of the request it
//! echoes. The work itself is in `crate::offload`.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use wasm_bindgen::prelude::*;
use yew::Callback;

use crate::engine::{settings, Scenario};
use crate::links;
use crate::offload::{Answer, Job, Reply, Request};

/// The worker, with the message handler that must live as long as it.
type Running = (web_sys::Worker, Closure<dyn FnMut(web_sys::MessageEvent)>);

/// Where an answer goes.
type Done = Callback<Result<Reply, String>>;

thread_local! {
    static WORKER: RefCell<Option<Running>> = const { RefCell::new(None) };
    static PENDING: RefCell<BTreeMap<u64, Done>> = const { RefCell::new(BTreeMap::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

/// The worker, started on first use.
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
                let bytes = js_sys::Uint8Array::new(&e.data()).to_vec();
                let Ok(answer) = postcard::from_bytes::<Answer>(&bytes) else {
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

/// Asks the worker to do `job` for `s`, off the page's thread; `done` gets the reply.
pub fn ask(s: &Scenario, job: Job, done: Done) {
    let id = NEXT_ID.with(|n| n.replace(n.get() + 1));
    let request = Request {
        id,
        query: links::encode(&settings::to_pairs(s)),
        job,
    };
    let bytes = postcard::to_allocvec(&request).expect("requests serialise");
    match worker() {
        Some(w)
            if w.post_message(&js_sys::Uint8Array::from(&bytes[..]))
                .is_ok() =>
        {
            PENDING.with(|p| p.borrow_mut().insert(id, done));
        }
        _ => done.emit(Err(
            "this browser could not start the page's Web Worker".into()
        )),
    }
}

/// The worker's answer to `job` for `s` while `asking` (`None` until it comes); asked again
/// whenever the scenario changes. For panels that ask when they are opened.
#[yew::hook]
pub fn use_answer(asking: bool, s: &Scenario, job: Job) -> Option<Result<Reply, String>> {
    let answer = yew::use_state(|| None);
    {
        let answer = answer.clone();
        yew::use_effect_with((asking, s.clone(), job), move |(asking, s, job)| {
            if *asking {
                answer.set(None);
                ask(s, job.clone(), Callback::from(move |r| answer.set(Some(r))));
            }
        });
    }
    (*answer).clone()
}
