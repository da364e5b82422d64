//! The Share panel: a permalink, an `<iframe>` snippet and a script snippet, each with a copy
//! button, and a live preview of the embed.

use yew::prelude::*;

use crate::embed;
use crate::engine::Scenario;
use crate::links;

/// Props of [`Share`].
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// What to share.
    pub scenario: Scenario,
    /// A lesson step to share instead: (lesson id, 0-based step).
    #[prop_or_default]
    pub lesson: Option<(String, usize)>,
}

/// The app's own address without a query, e.g. `https://example.org/lab/`.
pub fn base_url() -> String {
    web_sys::window()
        .map(|w| {
            let loc = w.location();
            format!(
                "{}{}",
                loc.origin().unwrap_or_default(),
                loc.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

fn copy(text: String) -> Callback<MouseEvent> {
    Callback::from(move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
        }
    })
}

/// A Share button that opens the panel.
#[function_component(Share)]
pub fn share(p: &ShareProps) -> Html {
    let open = use_state(|| false);
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
    let rows = [
        ("share-link", "Link", link),
        (
            "share-iframe",
            "Embed with an iframe",
            embed::iframe_snippet(&base, &p.scenario, lesson),
        ),
        (
            "share-script",
            "Embed with a script tag",
            embed::script_snippet(&base, &p.scenario, lesson),
        ),
    ];
    html! {
        <div class="share">
            <button type="button" onclick={toggle} aria-expanded={open.to_string()}>{ if *open { "Close sharing" } else { "Share" } }</button>
            if *open {
                <section class="share-panel" aria-label="Share">
                    { for rows.into_iter().map(|(id, label, text)| html! {
                        <div class="share-row">
                            <label for={id}>{ label }</label>
                            <textarea id={id} readonly=true rows={if id == "share-link" { "2" } else { "3" }} value={text.clone()} />
                            <button type="button" onclick={copy(text)}>{ "Copy" }</button>
                        </div>
                    }) }
                    <figure>
                        <figcaption>{ "Preview of the embed" }</figcaption>
                        <iframe class="share-preview" title="Embed preview" src={links::embed(&base, &p.scenario, lesson)} loading="lazy" />
                    </figure>
                </section>
            }
        </div>
    }
}
