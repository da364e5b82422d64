//! The setup panel: workload, model, machine and Python. Every control is a row of the settings
//! table (its id, label and bounds come from there) and sends a `key=value` setting, the same
//! keys a link uses, so the controls and links can never disagree.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::engine::settings::{self, Def, Kind};
use crate::engine::{presets, Named, PyVersion, Scenario};

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The scenario as written.
    pub scenario: Scenario,
    /// The same with the libraries' defaults filled in (what the fields show).
    pub resolved: Scenario,
    /// Sends one changed setting.
    pub on_set: Callback<(String, String)>,
    /// Only the model, workers and cores (for embeds).
    #[prop_or_default]
    pub compact: bool,
}

/// The id of a setting's control.
fn id(def: &Def<Scenario>) -> String {
    format!("ctl-{}", def.key)
}

fn send(def: &'static Def<Scenario>, on_set: &Callback<(String, String)>) -> Callback<Event> {
    let on_set = on_set.clone();
    Callback::from(move |e: Event| {
        let value = if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
            select.value()
        } else {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if input.type_() == "checkbox" {
                input.checked().to_string()
            } else {
                input.value()
            }
        };
        on_set.emit((def.key.to_string(), value));
    })
}

/// A labelled field for a number setting; the value is committed on change (Enter or leaving
/// the field), never while the person types.
fn number(def: &'static Def<Scenario>, s: &Scenario, on_set: &Callback<(String, String)>) -> Html {
    let (min, max, step) = match def.kind {
        Kind::Whole { min, max } => (min.to_string(), max.to_string(), "1"),
        Kind::Number { min, max } => (min.to_string(), max.to_string(), "any"),
        _ => (String::new(), String::new(), "any"),
    };
    let value = def.get(s).to_text().unwrap_or_default();
    html! {
        <div class="field">
            <label for={id(def)}>{ def.label }</label>
            <input id={id(def)} type="number" {value} {min} {max} {step} onchange={send(def, on_set)} />
        </div>
    }
}

/// Props of [`Choice`].
#[derive(Properties, PartialEq)]
struct ChoiceProps {
    def: &'static Def<Scenario>,
    /// The value in force.
    current: String,
    /// Each option's value and words, and whether the other settings rule it out.
    options: Vec<(&'static str, String, bool)>,
    on_set: Callback<(String, String)>,
}

/// A labelled drop-down of a choice setting. Its value is set on the element itself after each
/// change of state: an option's `selected` attribute no longer moves the selection once the
/// person has used the drop-down, so Back and Forward would otherwise leave it stale.
#[function_component(Choice)]
fn choice_field(p: &ChoiceProps) -> Html {
    let select = use_node_ref();
    {
        let select = select.clone();
        use_effect_with(p.current.clone(), move |current| {
            if let Some(el) = select.cast::<HtmlSelectElement>() {
                el.set_value(current);
            }
        });
    }
    html! {
        <div class="field">
            <label for={id(p.def)}>{ p.def.label }</label>
            <select id={id(p.def)} ref={select} onchange={send(p.def, &p.on_set)}>
                { for p.options.iter().map(|(value, words, disabled)| html! {
                    <option value={*value} selected={*value == p.current} disabled={*disabled}>{ words.clone() }</option>
                }) }
            </select>
        </div>
    }
}

/// A drop-down for a choice setting; `label` words each option, `disabled` greys out the ones
/// the other settings rule out.
fn choice(
    def: &'static Def<Scenario>,
    s: &Scenario,
    on_set: &Callback<(String, String)>,
    label: impl Fn(&str) -> String,
    disabled: impl Fn(&str) -> bool,
) -> Html {
    let Kind::Choice(names) = def.kind else {
        return html! {};
    };
    let options: Vec<_> = names.iter().map(|&n| (n, label(n), disabled(n))).collect();
    let current = def.get(s).to_text().unwrap_or_default();
    html! { <Choice {def} {current} {options} on_set={on_set.clone()} /> }
}

/// A checkbox for a switch setting.
fn check(def: &'static Def<Scenario>, s: &Scenario, on_set: &Callback<(String, String)>) -> Html {
    let checked = def.get(s) == settings::Value::Switch(true);
    html! {
        <div class="field check">
            <input id={id(def)} type="checkbox" {checked} onchange={send(def, on_set)} />
            <label for={id(def)}>{ def.label }</label>
        </div>
    }
}

/// The task-groups field (the `groups` setting in its one-line form).
fn groups_field(s: &Scenario, on_set: &Callback<(String, String)>) -> Html {
    let def = &settings::GROUPS;
    let value = def.get(s).to_text().unwrap_or_default();
    html! {
        <div class="field">
            <label for={id(def)}>{ def.label }</label>
            <input id={id(def)} type="text" {value} spellcheck="false" onchange={send(def, on_set)} />
        </div>
    }
}

/// The setup panel.
#[function_component(Controls)]
pub fn controls(p: &ControlsProps) -> Html {
    let s = &p.scenario;
    let r = &p.resolved;
    let on_set = &p.on_set;
    let kind = s.model.kind;
    let python = s.python.version;
    let model_unavailable = move |name: &str| {
        name == crate::engine::ModelKind::Interpreters.name() && !python.has_interpreter_pool()
    };
    let python_label = |name: &str| match PyVersion::parse(name) {
        Some(v) if v.free_threaded() => format!("{name} (free-threaded)"),
        _ => name.to_string(),
    };
    let plain = |name: &str| name.to_string();
    let never = |_: &str| false;
    let submit = Callback::from(|e: SubmitEvent| e.prevent_default());
    if p.compact {
        return html! {
            <form class="controls compact" aria-label="Scenario" onsubmit={submit}>
                { choice(&settings::MODEL, s, on_set, plain, model_unavailable) }
                if kind.has_workers() { { number(&settings::WORKERS, r, on_set) } }
                { number(&settings::CORES, s, on_set) }
            </form>
        };
    }
    let preset = presets::matching(&s.workload);
    html! {
        <form class="controls" aria-label="Scenario" onsubmit={submit}>
            <fieldset>
                <legend>{ "What the program does" }</legend>
                <Choice def={&settings::PRESET} current={preset.map_or("", |p| p.name).to_string()}
                    options={presets::ALL.iter().map(|x| (x.name, x.name.to_string(), false))
                        .chain(preset.is_none().then(|| ("", "custom".to_string(), true))).collect::<Vec<_>>()}
                    on_set={on_set.clone()} />
                if let Some(x) = preset { <p class="hint">{ x.description }</p> }
                if !s.workload.groups.is_empty() {
                    { groups_field(s, on_set) }
                    <p class="hint">{ format!("Several kinds of task: {}. Clear it to go back to one kind.", settings::groups::FORM) }</p>
                } else {
                    <div class="grid2">
                        { for [&settings::TASKS, &settings::IO_MS, &settings::CPU_MS, &settings::CEXT_MS,
                               &settings::PAYLOAD_BYTES, &settings::RESULT_BYTES].into_iter().map(|d| number(d, s, on_set)) }
                    </div>
                }
            </fieldset>
            <fieldset>
                <legend>{ "How it runs" }</legend>
                { choice(&settings::MODEL, s, on_set, plain, model_unavailable) }
                if kind.has_workers() { { number(&settings::WORKERS, r, on_set) } }
                if kind.has_processes() { { choice(&settings::START_METHOD, r, on_set, plain, never) } }
                if kind == crate::engine::ModelKind::Processes { { number(&settings::CHUNKSIZE, r, on_set) } }
                if kind.is_async() { { number(&settings::LIMIT, s, on_set) } }
                if kind == crate::engine::ModelKind::Asyncio { { check(&settings::BLOCKING, s, on_set) } }
            </fieldset>
            <fieldset>
                <legend>{ "Where it runs" }</legend>
                <div class="grid2">
                    { number(&settings::CORES, s, on_set) }
                    { choice(&settings::PYTHON, s, on_set, python_label, never) }
                </div>
                <details>
                    <summary>{ "Advanced" }</summary>
                    <div class="grid2">
                        { for [&settings::SWITCH_INTERVAL_MS, &settings::SEED, &settings::JITTER, &settings::REMOTE_LIMIT]
                            .into_iter().map(|d| number(d, s, on_set)) }
                    </div>
                    if s.workload.groups.is_empty() {
                        { groups_field(s, on_set) }
                        <p class="hint">{ "Task groups mix kinds of work, e.g. requests:1:200:1:0:0;crunch:1:1:0:3000:0 (name:tasks:repeat:io:cpu:C ms)." }</p>
                    }
                </details>
            </fieldset>
        </form>
    }
}
