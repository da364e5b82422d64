//! The Lab's pictures of a run, from the Share panel: the SVG that plays the run by itself,
//! a still SVG and a PNG (drawn by the tools worker, saved by `static/download.js`), and the
//! Markdown to paste beside the picture. Only the Lab offers them, so only its module carries
//! this code.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::share::{base_url, copy};
use super::worker;
use crate::engine::{presets, Named, Outcome, Scenario};
use crate::lab::Shared;
use crate::offload::{Job, Reply};
use crate::picture::words;

#[wasm_bindgen(module = "/static/download.js")]
extern "C" {
    /// Saves `svg` as a file called `name`.
    #[wasm_bindgen(js_name = saveSvg)]
    fn save_svg(svg: &str, name: &str);
    /// Draws `svg` into a PNG at twice its size and saves it as `name`.
    #[wasm_bindgen(js_name = savePng)]
    fn save_png(svg: &str, name: &str) -> js_sys::Promise;
}

/// What a download button makes.
#[derive(Clone, Copy, PartialEq)]
enum Picture {
    /// The SVG that plays the run by itself.
    Animated,
    /// The SVG of the whole run, still.
    Still,
    /// The still picture as a PNG.
    Png,
}

/// The pictures the Share panel offers, with their buttons' words.
const PICTURES: [(Picture, &str); 3] = [
    (Picture::Animated, "Download animated SVG"),
    (Picture::Still, "Download still SVG"),
    (Picture::Png, "Download PNG"),
];

/// A file name for pictures of `s`: "concurrency-lab-cpu-bound-threads".
fn file_stem(s: &Scenario) -> String {
    let work = presets::matching(&s.workload).map_or("custom", |p| p.name);
    format!(
        "concurrency-lab-{work}-{}",
        s.model.kind.name().replace('+', "-")
    )
}

/// Asks the worker for the picture of `s` and saves it; `status` says how it went.
fn download(s: &Scenario, what: Picture, status: UseStateHandle<Option<String>>) {
    let name = format!(
        "{}.{}",
        file_stem(s),
        if what == Picture::Png { "png" } else { "svg" }
    );
    let job = Job::Picture {
        width: 960,
        dark: false,
        still: what != Picture::Animated,
        lab_url: base_url(),
    };
    status.set(Some("Drawing the picture…".into()));
    let done = Callback::from(move |r: Result<Reply, String>| match r {
        Ok(Reply::Markup(svg)) if what == Picture::Png => {
            let status = status.clone();
            let name = name.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let saved = wasm_bindgen_futures::JsFuture::from(save_png(&svg, &name)).await;
                status.set(Some(match saved {
                    Ok(_) => format!("Saved {name}."),
                    Err(_) => "The PNG could not be made in this browser; the SVG can be.".into(),
                }));
            });
        }
        Ok(Reply::Markup(svg)) => {
            save_svg(&svg, &name);
            status.set(Some(format!("Saved {name}.")));
        }
        Ok(_) => status.set(Some("The worker answered another question.".into())),
        Err(e) => status.set(Some(format!("The picture could not be made: {e}."))),
    });
    worker::ask(s, job, done);
}

/// Props of [`Pictures`].
#[derive(Properties, PartialEq)]
pub struct PicturesProps {
    /// The scenario pictured.
    pub scenario: Scenario,
    /// Its run.
    pub outcome: Shared<Outcome>,
}

/// Download buttons for the run's pictures, and the Markdown to put beside one.
#[function_component(Pictures)]
pub fn pictures(p: &PicturesProps) -> Html {
    let saving = use_state(|| None::<String>);
    let file = format!("{}.svg", file_stem(&p.scenario));
    let markdown = words::markdown(&p.outcome.plan, &file, &base_url());
    html! {
        <>
            <div class="share-row">
                <span class="label">{ "A picture of the run" }</span>
                <div class="row downloads">
                    { for PICTURES.iter().map(|&(what, words)| {
                        let (scenario, saving) = (p.scenario.clone(), saving.clone());
                        html! { <button type="button" onclick={Callback::from(move |_| download(&scenario, what, saving.clone()))}>{ words }</button> }
                    }) }
                    if let Some(s) = &*saving { <span class="hint" role="status" data-testid="saving">{ s.clone() }</span> }
                </div>
            </div>
            <div class="share-row">
                <label for="share-markdown">{ "Markdown beside the picture" }</label>
                <textarea id="share-markdown" readonly=true rows="3" value={markdown.clone()} />
                <button type="button" onclick={copy(markdown)}>{ "Copy" }</button>
            </div>
        </>
    }
}
