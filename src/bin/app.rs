//! The browser app's entry point: mounts the Yew UI. Built for wasm32 by `./lab build`.

#[cfg(target_arch = "wasm32")]
fn main() {
    concurrency_lab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "The app runs in a browser: build it with `./lab build` and serve it with `./lab serve`."
    );
}
