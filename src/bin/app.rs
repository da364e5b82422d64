//! The Lab page's wasm (and scenario embeds): mounts the Lab, and in the Web Worker that runs its
//! comparisons, answers them (`static/worker.js?module=app` loads this same module, so a
//! comparison downloads nothing more). Built for wasm32 by `./lab build`.

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// Answers a comparison request (JSON in, JSON out), in the Web Worker.
    #[wasm_bindgen]
    pub fn answer(request: &str) -> String {
        concurrency_lab::offload::answer_compare(request)
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    concurrency_lab::ui::start_lab();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "The app runs in a browser: build it with `./lab build` and serve it with `./lab serve`."
    );
}
