//! The Web Worker's wasm (`static/worker.js` loads it): the comparison of every model, the
//! Python program of a scenario and pictures of runs, answered from requests the page sends
//! (`concurrency_lab::offload`). A module of its own, so the page's wasm carries none of it.

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// Answers one request (its bytes in, the answer's out; `concurrency_lab::offload`).
    #[wasm_bindgen]
    pub fn answer(request: &[u8]) -> Vec<u8> {
        concurrency_lab::offload::answer(request)
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("The tools module runs in the browser's Web Worker: build it with `./lab build`.");
}
