//! The setup panel: workload, model, machine and Python. Every control is a row of the settings
//! table (its id, label and bounds come from there) and sends a `key=value` setting, the same
//! keys a link uses, so the controls and links can never disagree.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::engine::settings::{self, Def, Kind};
use crate::engine::{presets, ModelKind, Named, PyVersion, Scenario};
use crate::lessons::control_applies;

mod groups;

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The scenario as written.
    pub scenario: Scenario,
    /// The same with the libraries' defaults filled in (what the fields show).
    pub resolved: Scenario,
    /// Sends one changed setting.
    pub on_set: Callback<(String, String)>,
    /// Only the model, workers and cores (for embeds); with `focus`, only those settings.
    #[prop_or_default]
    pub compact: bool,
    /// How many changes were refused so far ([`crate::lab::LabState::refused`]): each one
    /// writes the values in force back into the fields.
    #[prop_or_default]
    pub refused: u64,
    /// The settings (by key) to show first, in order, the rest behind "More settings" (a lesson
    /// step's controls); `None` shows the whole panel.
    #[prop_or_default]
    pub focus: Option<Vec<String>>,
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

/// What a [`Field`] shows: a drop-down (each option's value and words, and whether the other
/// settings rule it out) or a text box of an input type with its bounds.
#[derive(PartialEq)]
enum Widget {
    Select(Vec<(&'static str, String, bool)>),
    Input {
        kind: &'static str,
        min: String,
        max: String,
        step: &'static str,
    },
}

/// Props of [`Field`].
#[derive(Properties, PartialEq)]
struct FieldProps {
    def: &'static Def<Scenario>,
    /// The value in force, as text.
    current: String,
    widget: Widget,
    /// A line under the field (it then spans the panel's width).
    #[prop_or_default]
    hint: Option<String>,
    /// Changes refused so far: a new refusal writes `current` back over what was typed.
    refused: u64,
    on_set: Callback<(String, String)>,
}

/// A reference for a drop-down or text box whose value is `current`, written to it only when
/// the value in force changes or a change is refused (`refused` counts them), never on other
/// renders: what a person is typing survives the re-renders of a playing run.
#[hook]
fn use_value_in_force(current: &str, refused: u64) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((current.to_string(), refused), move |(current, _)| {
            if let Some(el) = node.cast::<HtmlSelectElement>() {
                el.set_value(current);
            } else if let Some(el) = node.cast::<HtmlInputElement>() {
                el.set_value(current);
            }
        });
    }
    node
}

/// Settings whose drop-downs hold long names ("asyncio+processes", "3.14t (free-threaded)",
/// "web-scraper"): their field spans the panel's width, as one with a hint does, so no choice
/// is clipped in a two-column panel.
const FULL_ROW: [&Def<Scenario>; 3] = [&settings::PRESET, &settings::MODEL, &settings::PYTHON];

/// A labelled drop-down or text box for one setting, committed on change (a choice, Enter or
/// leaving the box). Its value is written to the element only when the value in force changes,
/// never on other renders: what a person is typing survives the re-renders of a playing run,
/// and a drop-down follows Back and Forward (an option's `selected` attribute stops moving the
/// selection once it has been used).
#[function_component(Field)]
fn field_view(p: &FieldProps) -> Html {
    let node = use_value_in_force(&p.current, p.refused);
    let (id, onchange) = (id(p.def), send(p.def, &p.on_set));
    let wide = p.hint.is_some() || FULL_ROW.iter().any(|d| d.key == p.def.key);
    html! {
        <div class={classes!("field", wide.then_some("wide"))}>
            <label for={id.clone()}>{ p.def.label }</label>
            {
                match &p.widget {
                    Widget::Select(options) => html! {
                        <select {id} ref={node} {onchange}>
                            { for options.iter().map(|(value, words, disabled)| html! {
                                <option value={*value} selected={*value == p.current} disabled={*disabled}>{ words.clone() }</option>
                            }) }
                        </select>
                    },
                    Widget::Input { kind, min, max, step } => html! {
                        <input {id} ref={node} type={*kind} min={min.clone()} max={max.clone()} step={*step} spellcheck="false" {onchange} />
                    },
                }
            }
            if let Some(h) = &p.hint { <p class="hint">{ h.clone() }</p> }
        </div>
    }
}

/// What every control of the panel reads: the scenario as written (`s`) and with the libraries'
/// defaults filled in (`r`), where changes go, and how many were refused.
struct Panel<'a> {
    s: &'a Scenario,
    r: &'a Scenario,
    on_set: &'a Callback<(String, String)>,
    refused: u64,
}

impl Panel<'_> {
    /// A [`Field`] for `def` showing `current`.
    fn field(
        &self,
        def: &'static Def<Scenario>,
        current: String,
        widget: Widget,
        hint: Option<String>,
    ) -> Html {
        html! { <Field {def} {current} {widget} {hint} refused={self.refused} on_set={self.on_set.clone()} /> }
    }

    /// A text box for a number setting of `from`, with its bounds.
    fn number(&self, def: &'static Def<Scenario>, from: &Scenario) -> Html {
        let (min, max, step) = match def.kind {
            Kind::Whole { min, max } => (min.to_string(), max.to_string(), "1"),
            Kind::Number { min, max } => (min.to_string(), max.to_string(), "any"),
            _ => (String::new(), String::new(), "any"),
        };
        let widget = Widget::Input {
            kind: "number",
            min,
            max,
            step,
        };
        self.field(
            def,
            def.get(from).to_text().unwrap_or_default(),
            widget,
            None,
        )
    }

    /// A drop-down for a choice setting of `from`; `label` words each option, `disabled` greys
    /// out the ones the other settings rule out.
    fn choice(
        &self,
        def: &'static Def<Scenario>,
        from: &Scenario,
        label: impl Fn(&str) -> String,
        disabled: impl Fn(&str) -> bool,
    ) -> Html {
        let Kind::Choice(names) = def.kind else {
            return html! {};
        };
        let widget = Widget::Select(names.iter().map(|&n| (n, label(n), disabled(n))).collect());
        self.field(
            def,
            def.get(from).to_text().unwrap_or_default(),
            widget,
            None,
        )
    }

    /// A checkbox for a switch setting.
    fn check(&self, def: &'static Def<Scenario>) -> Html {
        let checked = def.get(self.s) == settings::Value::Switch(true);
        html! {
            <div class="field check">
                <input id={id(def)} type="checkbox" {checked} onchange={send(def, self.on_set)} />
                <label for={id(def)}>{ def.label }</label>
            </div>
        }
    }

    /// The control of setting `def`, as the setup panel shows it.
    fn control(&self, def: &'static Def<Scenario>) -> Html {
        let (s, r) = (self.s, self.r);
        let python = s.python.version;
        // Rows are told apart by identity, so no setting's name is written twice.
        let is = |row: &Def<Scenario>| std::ptr::eq(def, row);
        match def {
            _ if is(&settings::PRESET) => {
                let preset = presets::matching(&s.workload);
                let options = presets::ALL
                    .iter()
                    .map(|x| (x.name, x.name.to_string(), false));
                let custom = preset.is_none().then(|| ("", "custom".to_string(), true));
                let widget = Widget::Select(options.chain(custom).collect());
                let current = preset.map_or("", |p| p.name).to_string();
                // Always a hint line, so the field has the panel's full width for long names.
                let hint = preset.map_or("Your own workload.", |x| x.description);
                self.field(def, current, widget, Some(hint.to_string()))
            }
            _ if is(&settings::GROUPS) => {
                let hint = if s.workload.groups.is_empty() {
                    "Task groups mix kinds of work, e.g. requests:1:200:1:0:0;crunch:1:1:0:3000:0 (name:tasks:repeat:io:cpu:C ms).".to_string()
                } else {
                    format!(
                        "Several kinds of task: {}. Clear it to go back to one kind.",
                        settings::groups::FORM
                    )
                };
                let widget = Widget::Input {
                    kind: "text",
                    min: String::new(),
                    max: String::new(),
                    step: "",
                };
                let line = self.field(
                    def,
                    def.get(s).to_text().unwrap_or_default(),
                    widget,
                    Some(hint),
                );
                html! {
                    <>
                        { line }
                        if !s.workload.groups.is_empty() {
                            <groups::GroupsEditor groups={s.workload.groups.clone()} on_set={self.on_set.clone()} refused={self.refused} />
                        }
                    </>
                }
            }
            _ if is(&settings::MODEL) => self.choice(def, s, str::to_string, move |name| {
                name == ModelKind::Interpreters.name() && !python.has_interpreter_pool()
            }),
            _ if is(&settings::PYTHON) => self.choice(
                def,
                s,
                |name| match PyVersion::parse(name) {
                    Some(v) if v.free_threaded() => format!("{name} (free-threaded)"),
                    _ => name.to_string(),
                },
                |_| false,
            ),
            // The pool's knobs show the size and method in force, a library default included.
            _ if is(&settings::WORKERS) || is(&settings::CHUNKSIZE) => self.number(def, r),
            _ if is(&settings::START_METHOD) => self.choice(def, r, str::to_string, |_| false),
            _ => match def.kind {
                Kind::Switch => self.check(def),
                Kind::Choice(_) => self.choice(def, s, str::to_string, |_| false),
                _ => self.number(def, s),
            },
        }
    }
}

/// The panel's sections: a legend and the settings it holds, in order (the last section's
/// settings sit behind "Advanced").
const SECTIONS: [(&str, &[&Def<Scenario>]); 4] = [
    (
        "What the program does",
        &[
            &settings::PRESET,
            &settings::GROUPS,
            &settings::TASKS,
            &settings::IO_MS,
            &settings::CPU_MS,
            &settings::CEXT_MS,
            &settings::PAYLOAD_BYTES,
            &settings::RESULT_BYTES,
        ],
    ),
    (
        "How it runs",
        &[
            &settings::MODEL,
            &settings::WORKERS,
            &settings::START_METHOD,
            &settings::CHUNKSIZE,
            &settings::LIMIT,
            &settings::BLOCKING,
        ],
    ),
    ("Where it runs", &[&settings::CORES, &settings::PYTHON]),
    (
        "Advanced",
        &[
            &settings::SWITCH_INTERVAL_MS,
            &settings::SEED,
            &settings::JITTER,
            &settings::REMOTE_LIMIT,
            &settings::GROUPS,
        ],
    ),
];

/// The setup panel. Every control shown is one [`control_applies`] allows for the scenario, so
/// the panel and the lesson checker agree on what a step can tell a learner to use.
#[function_component(Controls)]
pub fn controls(p: &ControlsProps) -> Html {
    let s = &p.scenario;
    let panel_of = Panel {
        s,
        r: &p.resolved,
        on_set: &p.on_set,
        refused: p.refused,
    };
    let submit = Callback::from(|e: SubmitEvent| e.prevent_default());
    let fields = |defs: &[&'static Def<Scenario>], skip: &[&str]| -> Html {
        defs.iter()
            .filter(|d| control_applies(d.key, s) && !skip.contains(&d.key))
            .map(|d| panel_of.control(d))
            .collect()
    };
    if p.compact && p.focus.is_none() {
        return html! {
            <form class="controls compact" aria-label="Scenario" onsubmit={submit}>
                { fields(&[&settings::MODEL, &settings::WORKERS, &settings::CORES], &[]) }
            </form>
        };
    }
    let focus: Vec<&str> = p.focus.iter().flatten().map(String::as_str).collect();
    // Task groups show where the single kind's fields would when there are some, else among
    // the advanced settings.
    let groups_here = !s.workload.groups.is_empty();
    let panel = |skip: &[&str]| -> Html {
        SECTIONS
            .iter()
            .map(|&(legend, defs)| {
                let advanced = legend == "Advanced";
                let here: Vec<_> = defs.iter().copied().filter(|d| d.key != settings::GROUPS.key || advanced != groups_here).collect();
                let inner = fields(&here, skip);
                if legend == "Advanced" {
                    html! { <details class="advanced"><summary>{ legend }</summary><div class="grid2">{ inner }</div></details> }
                } else {
                    html! { <fieldset><legend>{ legend }</legend><div class="grid2">{ inner }</div></fieldset> }
                }
            })
            .collect()
    };
    if focus.is_empty() {
        return html! { <form class="controls" aria-label="Scenario" onsubmit={submit}>{ panel(&[]) }</form> };
    }
    let focused: Vec<&'static Def<Scenario>> =
        focus.iter().filter_map(|k| settings::find(k)).collect();
    html! {
        <form class="controls focused" aria-label="Scenario" onsubmit={submit}>
            <div class="grid2">{ fields(&focused, &[]) }</div>
            if !p.compact {
                <details class="more">
                    <summary>{ "More settings" }</summary>
                    { panel(&focus) }
                </details>
            }
        </form>
    }
}
