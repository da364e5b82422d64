//! The lessons page's wasm (and lesson embeds): mounts the lesson list and player. A module of
//! its own so the Lab's page does not carry the lessons, nor the lessons the Lab's tools. Built
//! for wasm32 by `./lab build`.

#[cfg(target_arch = "wasm32")]
fn main() {
    concurrency_lab::ui::start_lessons();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The lessons run in a browser: build them with `./lab build` and serve them with `./lab serve`.");
}
