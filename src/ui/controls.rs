//! The setup panel: workload, model, machine and Python. Every control sends a `key=value`
//! setting, the same keys a URL uses, so the controls and links can never disagree.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::engine::scenario::{
    ModelKind, PyVersion, Scenario, StartMethod, MAX_CORES, MAX_TASKS, MAX_WORKERS,
};
use crate::engine::{params, presets};

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The scenario shown.
    pub scenario: Scenario,
    /// Sends one changed setting.
    pub on_set: Callback<(String, String)>,
    /// Only the model, workers and cores (for embeds).
    #[prop_or_default]
    pub compact: bool,
}

fn select_cb(key: &'static str, on_set: &Callback<(String, String)>) -> Callback<Event> {
    let on_set = on_set.clone();
    Callback::from(move |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        on_set.emit((key.to_string(), v));
    })
}

fn input_cb(key: &'static str, on_set: &Callback<(String, String)>) -> Callback<Event> {
    let on_set = on_set.clone();
    Callback::from(move |e: Event| {
        let el = e.target_unchecked_into::<HtmlInputElement>();
        let v = if el.type_() == "checkbox" {
            el.checked().to_string()
        } else {
            el.value()
        };
        on_set.emit((key.to_string(), v));
    })
}

/// A labelled number field; the value is committed on change (Enter or leaving the field).
fn number(
    id: &'static str,
    label: &str,
    value: String,
    min: &str,
    max: &str,
    step: &str,
    on_set: &Callback<(String, String)>,
) -> Html {
    html! {
        <div class="field">
            <label for={format!("ctl-{id}")}>{ label.to_string() }</label>
            <input id={format!("ctl-{id}")} type="number" value={value} min={min.to_string()} max={max.to_string()}
                   step={step.to_string()} onchange={input_cb(id, on_set)} />
        </div>
    }
}

/// The task-groups field (the `groups` setting in its one-line form).
fn groups_field(value: &str, on_set: &Callback<(String, String)>) -> Html {
    html! {
        <div class="field">
            <label for="ctl-groups">{ "Task groups" }</label>
            <input id="ctl-groups" type="text" value={value.to_string()} spellcheck="false" onchange={input_cb("groups", on_set)} />
        </div>
    }
}

/// The setup panel.
#[function_component(Controls)]
pub fn controls(p: &ControlsProps) -> Html {
    let s = &p.scenario;
    let w = &s.workload;
    let preset = presets::all().into_iter().find(|x| &x.workload == w);
    let preset_name = preset.as_ref().map_or("custom", |x| x.name);
    let on_set = &p.on_set;
    let kind = s.model.kind;
    let is_pool = matches!(kind, ModelKind::Processes | ModelKind::AsyncioProcesses);
    let is_async = matches!(
        kind,
        ModelKind::Asyncio | ModelKind::AsyncioThreads | ModelKind::AsyncioProcesses
    );
    let submit = Callback::from(|e: SubmitEvent| e.prevent_default());
    if p.compact {
        return html! {
            <form class="controls compact" aria-label="Scenario" onsubmit={submit}>
                <div class="field">
                    <label for="ctl-model">{ "Model" }</label>
                    <select id="ctl-model" onchange={select_cb("model", on_set)}>
                        { for ModelKind::ALL.iter().filter(|m| **m != ModelKind::Interpreters || s.python.version.has_interpreter_pool()).map(|m| html! {
                            <option value={m.name()} selected={*m == kind}>{ m.name() }</option>
                        }) }
                    </select>
                </div>
                if kind.has_workers() {
                    { number("workers", "Workers", s.effective_workers().to_string(), "1", &MAX_WORKERS.to_string(), "1", on_set) }
                }
                { number("cores", "Cores", s.machine.cores.to_string(), "1", &MAX_CORES.to_string(), "1", on_set) }
            </form>
        };
    }
    html! {
        <form class="controls" aria-label="Scenario" onsubmit={submit}>
            <fieldset>
                <legend>{ "What the program does" }</legend>
                <div class="field">
                    <label for="ctl-preset">{ "Workload" }</label>
                    <select id="ctl-preset" onchange={select_cb("preset", on_set)}>
                        { for presets::all().into_iter().map(|x| html! {
                            <option value={x.name} selected={x.name == preset_name} title={x.description}>{ x.name }</option>
                        }) }
                        if preset.is_none() { <option value="custom" selected=true disabled=true>{ "custom" }</option> }
                    </select>
                </div>
                if let Some(x) = &preset { <p class="hint">{ x.description }</p> }
                if !w.groups.is_empty() {
                    { groups_field(&params::format_groups(&w.groups), on_set) }
                    <p class="hint">{ "Several kinds of task: name:tasks:repeat:io_ms:cpu_ms:cext_ms, separated by ';'. Clear it to go back to one kind." }</p>
                } else {
                <div class="grid2">
                    { number("tasks", "Tasks", w.tasks.to_string(), "1", &MAX_TASKS.to_string(), "1", on_set) }
                    { number("io_ms", "I/O ms", w.io_ms.to_string(), "0", "3600000", "any", on_set) }
                    { number("cpu_ms", "Python ms", w.cpu_ms.to_string(), "0", "3600000", "any", on_set) }
                    { number("cext_ms", "C ext. ms", w.cext_ms.to_string(), "0", "3600000", "any", on_set) }
                    { number("payload_bytes", "Payload bytes", w.payload_bytes.to_string(), "0", "1073741824", "1", on_set) }
                    { number("result_bytes", "Result bytes", w.result_bytes.to_string(), "0", "1073741824", "1", on_set) }
                </div>
                }
            </fieldset>
            <fieldset>
                <legend>{ "How it runs" }</legend>
                <div class="field">
                    <label for="ctl-model">{ "Model" }</label>
                    <select id="ctl-model" onchange={select_cb("model", on_set)}>
                        { for ModelKind::ALL.iter().map(|m| html! {
                            <option value={m.name()} selected={*m == kind}
                                    disabled={*m == ModelKind::Interpreters && !s.python.version.has_interpreter_pool()}>
                                { m.name() }
                            </option>
                        }) }
                    </select>
                </div>
                if kind.has_workers() {
                    { number("workers", "Workers", s.effective_workers().to_string(), "1", &MAX_WORKERS.to_string(), "1", on_set) }
                }
                if is_pool {
                    <div class="field">
                        <label for="ctl-start_method">{ "Start method" }</label>
                        <select id="ctl-start_method" onchange={select_cb("start_method", on_set)}>
                            { for StartMethod::ALL.iter().map(|m| html! {
                                <option value={m.name()} selected={*m == s.effective_start_method()}>{ m.name() }</option>
                            }) }
                        </select>
                    </div>
                }
                if matches!(kind, ModelKind::Processes) {
                    { number("chunksize", "Chunksize", s.model.chunksize.to_string(), "1", "100000", "1", on_set) }
                }
                if is_async {
                    { number("limit", "Limit (0 = none)", s.model.limit.to_string(), "0", "100000", "1", on_set) }
                }
                if matches!(kind, ModelKind::Asyncio) {
                    <div class="field check">
                        <input id="ctl-blocking" type="checkbox" checked={s.model.blocking} onchange={input_cb("blocking", on_set)} />
                        <label for="ctl-blocking">{ "Blocking calls in coroutines" }</label>
                    </div>
                }
            </fieldset>
            <fieldset>
                <legend>{ "Where it runs" }</legend>
                <div class="grid2">
                    { number("cores", "Cores", s.machine.cores.to_string(), "1", &MAX_CORES.to_string(), "1", on_set) }
                    <div class="field">
                        <label for="ctl-python">{ "Python" }</label>
                        <select id="ctl-python" onchange={select_cb("python", on_set)}>
                            { for PyVersion::ALL.iter().map(|v| html! {
                                <option value={v.name()} selected={*v == s.python.version}>
                                    { if v.free_threaded() { format!("{} (free-threaded)", v.name()) } else { v.name().to_string() } }
                                </option>
                            }) }
                        </select>
                    </div>
                </div>
                <details>
                    <summary>{ "Advanced" }</summary>
                    <div class="grid2">
                        { number("switch_interval_ms", "Switch interval ms", s.python.switch_interval_ms.to_string(), "0.001", "1000", "any", on_set) }
                        { number("seed", "Seed", s.seed.to_string(), "0", "18446744073709551615", "1", on_set) }
                        { number("jitter", "I/O jitter (0–1)", w.jitter.to_string(), "0", "1", "any", on_set) }
                        { number("remote_limit", "Server limit (0 = none)", w.remote_limit.to_string(), "0", "1024", "1", on_set) }
                    </div>
                    if w.groups.is_empty() {
                        { groups_field("", on_set) }
                        <p class="hint">{ "Task groups mix kinds of work, e.g. requests:1:200:1:0:0;crunch:1:1:0:3000:0 (name:tasks:repeat:io:cpu:C ms)." }</p>
                    }
                </details>
            </fieldset>
        </form>
    }
}
