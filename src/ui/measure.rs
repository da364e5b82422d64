//! "Measure your own program": the probe's command to copy (and the probe itself to download),
//! and a place to paste what it prints. The pasted scenario is read and checked by the tools
//! worker, like any scenario file, and then loaded into the Lab.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::share::copy;
use super::state::Action;
use super::worker;
use crate::engine::{settings, Scenario};
use crate::links;
use crate::offload::{Job, Reply};

/// The probe, published beside the app under this fixed name.
const PROBE: &str = "static/conclab_probe.py";

/// The command a reader adapts: their module, function and one call's arguments.
const COMMAND: &str =
    "python3 conclab_probe.py mymodule:handle_one --args-json '[\"https://example.org\"]' --json";

/// Props of [`Measure`].
#[derive(Properties, PartialEq)]
pub struct MeasureProps {
    /// The scenario now shown (the worker needs one to answer with).
    pub scenario: Scenario,
    /// Where the loaded scenario goes.
    pub on_action: Callback<Action>,
}

/// The panel.
#[function_component(Measure)]
pub fn measure(p: &MeasureProps) -> Html {
    let text = use_node_ref();
    let status = use_state(|| None::<Result<String, String>>);
    let load = {
        let (text, status, act, scenario) = (
            text.clone(),
            status.clone(),
            p.on_action.clone(),
            p.scenario.clone(),
        );
        Callback::from(move |_| {
            let pasted = text
                .cast::<HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            if pasted.trim().is_empty() {
                status.set(Some(Err("Paste what the probe printed first.".into())));
                return;
            }
            let (status, act) = (status.clone(), act.clone());
            let done = Callback::from(move |r: Result<Reply, String>| match r {
                Ok(Reply::Settings(query)) => {
                    let read = settings::read(&Scenario::default(), &links::decode(&query), &[]);
                    act.emit(Action::Load(Box::new(read.scenario), Vec::new()));
                    status.set(Some(Ok(
                        "Loaded: the Lab now shows your program's work.".into()
                    )));
                }
                Ok(_) => status.set(Some(Err("The worker answered another question.".into()))),
                Err(e) => status.set(Some(Err(format!("Not loaded: {e}.")))),
            });
            worker::ask(&scenario, Job::Read { text: pasted }, done);
        })
    };
    html! {
        <details class="measure">
            <summary>{ "Measure your own program" }</summary>
            <p>{ "Waiting or calculating? Measure one call of your function instead of guessing: the probe times it, splits the time into waiting, Python and C that releases the GIL, and prints a scenario to load here. One Python file, standard library only, Python 3.9 or later." }</p>
            <ol>
                <li><a href={PROBE} download="conclab_probe.py">{ "Download conclab_probe.py" }</a>{ " into your project." }</li>
                <li>
                    { "Run it on your function (module:function, and one call's arguments as JSON):" }
                    <div class="row">
                        <code class="command">{ COMMAND }</code>
                        <button type="button" onclick={copy(COMMAND.to_string())}>{ "Copy" }</button>
                    </div>
                </li>
                <li>
                    <label for="probe-json">{ "Paste what it printed, and load it:" }</label>
                    <textarea id="probe-json" ref={text} rows="6" spellcheck="false" placeholder="{ \"workload\": { \"tasks\": 200, \"io_ms\": 20.1, … } }" />
                    <div class="row">
                        <button type="button" class="primary" onclick={load}>{ "Load it" }</button>
                        {
                            match &*status {
                                Some(Ok(s)) => html! { <span class="hint" role="status" data-testid="probe-status">{ s.clone() }</span> },
                                Some(Err(e)) => html! { <span class="error" role="alert" data-testid="probe-status">{ e.clone() }</span> },
                                None => html! {},
                            }
                        }
                    </div>
                </li>
            </ol>
        </details>
    }
}
