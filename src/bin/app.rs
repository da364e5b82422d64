//! The Lab page's wasm (and scenario embeds): mounts the Lab. Its comparisons, the Python
//! program and pictures are worked out by the tools module in a Web Worker
//! (`src/bin/tools.rs`). Built for wasm32 by `./lab build`.

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
