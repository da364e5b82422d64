//! The Share panel: a permalink, an `<iframe>` snippet and a script snippet, each with a copy
//! button, and a live preview of the embed.

use yew::prelude::*;

use crate::embed::{self, ControlsLevel, Placeholder};
use crate::engine::Scenario;
use crate::engine::{Named, Outcome};
use crate::lab::Shared;
use crate::links;

/// Props of [`Share`].
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// What to share.
    pub scenario: Scenario,
    /// A lesson step to share instead: (lesson id, 0-based step).
    #[prop_or_default]
    pub lesson: Option<(String, usize)>,
    /// The scenario's run, if it is known: the snippets reserve room for every row of its
    /// timeline ([`embed::timeline_rows`]).
    #[prop_or_default]
    pub outcome: Option<Shared<Outcome>>,
    /// More to offer at the top of the panel (the Lab's picture downloads).
    #[prop_or_default]
    pub children: Html,
}

/// The app's folder address, where both its pages are, e.g. `https://example.org/lab/`.
pub fn base_url() -> String {
    web_sys::window()
        .map(|w| {
            let loc = w.location();
            let path = loc.pathname().unwrap_or_default();
            // The folder: the page's own name (`index.html`, `lessons.html`) is the address's
            // to add.
            let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
            format!("{}{folder}", loc.origin().unwrap_or_default())
        })
        .unwrap_or_default()
}

/// Copies `text` to the clipboard.
pub fn copy(text: String) -> Callback<MouseEvent> {
    Callback::from(move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
        }
    })
}

/// The choices of what a scenario's embed shows, in words.
const SHOWS: [(ControlsLevel, &str); 3] = [
    (ControlsLevel::None, "The figure only"),
    (
        ControlsLevel::Compact,
        "The figure, with model, workers and cores",
    ),
    (ControlsLevel::Full, "The figure, with every setting"),
];

/// A Share button that opens the panel: a link, three snippets (each with a copy button, shown
/// in full) and a live preview at the height the snippets reserve.
#[function_component(Share)]
pub fn share(p: &ShareProps) -> Html {
    let open = use_state(|| false);
    let shows = use_state(|| ControlsLevel::Compact);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let base = base_url();
    let lesson = p.lesson.as_ref().map(|(id, step)| (id.as_str(), *step));
    let link = match lesson {
        Some((id, step)) => links::lesson(&base, id, step),
        None => links::lab(&base, &p.scenario),
    };
    let controls = *shows;
    let timeline_rows = match (&p.outcome, *open) {
        (Some(o), true) => embed::timeline_rows(&o.trace),
        _ => 0,
    };
    let script =
        |form| embed::script_snippet(&base, &p.scenario, lesson, controls, form, timeline_rows);
    let rows = [
        ("share-link", "Link", link),
        (
            "share-iframe",
            "Embed with an iframe",
            embed::iframe_snippet(&base, &p.scenario, lesson, controls, timeline_rows),
        ),
        (
            "share-script",
            "Embed with a script tag",
            script(Placeholder::Div),
        ),
        (
            "share-element",
            "Embed as an element",
            script(Placeholder::Element),
        ),
    ];
    let choose = {
        let shows = shows.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            if let Some(level) = Named::parse(&value) {
                shows.set(level);
            }
        })
    };
    let height = embed::frame_height(controls, lesson.is_some(), true, timeline_rows);
    html! {
        <div class={classes!("share", open.then_some("open"))}>
            <button type="button" onclick={toggle} aria-expanded={open.to_string()}>{ if *open { "Close sharing" } else { "Share" } }</button>
            if *open {
                <section class="share-panel" aria-label="Share">
                    if lesson.is_none() {
                        <div class="share-row">
                            <label for="share-shows">{ "The embed shows" }</label>
                            <select id="share-shows" onchange={choose}>
                                { for SHOWS.iter().map(|&(level, words)| html! {
                                    <option value={<&str>::from(level)} selected={level == controls}>{ words }</option>
                                }) }
                            </select>
                        </div>
                    }
                    { for rows.into_iter().map(|(id, label, text)| html! {
                        <div class="share-row">
                            <label for={id}>{ label }</label>
                            // Tall enough to show the whole snippet at about 60 characters a line.
                            <textarea id={id} readonly=true rows={(text.len() / 60 + 1).clamp(1, 8).to_string()} value={text.clone()} />
                            <button type="button" onclick={copy(text)}>{ "Copy" }</button>
                        </div>
                    }) }
                    { p.children.clone() }
                    <figure>
                        <figcaption>{ format!("Preview, {height} px tall as the snippets reserve (the figure fits itself to the frame)") }</figcaption>
                        <iframe class="share-preview" title="Embed preview" height={height.to_string()}
                            src={links::embed(&base, &p.scenario, lesson, controls.into())} />
                    </figure>
                </section>
            }
        </div>
    }
}
