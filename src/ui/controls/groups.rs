//! The task groups as a form: a box per group with a field for each column of the groups table
//! (`settings::groups::FIELDS`), beside the one-line form. Each change is sent as the whole
//! one-line form, so it is checked as a link's or a flag's would be.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::scenario::TaskGroup;
use crate::engine::settings::{self, groups};

/// Props of [`GroupsEditor`].
#[derive(Properties, PartialEq)]
pub struct GroupsProps {
    /// The groups in force.
    pub groups: Vec<TaskGroup>,
    /// Sends the changed `groups` setting.
    pub on_set: Callback<(String, String)>,
    /// Changes refused so far: a refusal writes the values in force back over what was typed.
    pub refused: u64,
}

/// Every field of every group as text, in the one-line form's order.
fn texts(groups: &[TaskGroup]) -> Vec<Vec<String>> {
    groups
        .iter()
        .map(|g| {
            groups::FIELDS
                .iter()
                .map(|f| f.get(g).to_text().unwrap_or_default())
                .collect()
        })
        .collect()
}

/// The one-line form of `texts`.
fn line(texts: &[Vec<String>]) -> String {
    texts
        .iter()
        .map(|g| g.join(":"))
        .collect::<Vec<_>>()
        .join(";")
}

/// Props of [`GroupField`].
#[derive(Properties, PartialEq)]
struct FieldProps {
    id: String,
    label: &'static str,
    doc: &'static str,
    /// The value in force, as text.
    current: String,
    /// Changes refused so far.
    refused: u64,
    /// Sends what was typed, once committed (Enter or leaving the box).
    onchange: Callback<String>,
}

/// One field of a group, its value written as the setup panel's own fields' are
/// ([`super::use_value_in_force`]).
#[function_component(GroupField)]
fn group_field(p: &FieldProps) -> Html {
    let node = super::use_value_in_force(&p.current, p.refused);
    let onchange = p
        .onchange
        .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <div class="field">
            <label for={p.id.clone()} title={p.doc}>{ p.label }</label>
            <input id={p.id.clone()} type="text" ref={node} {onchange} />
        </div>
    }
}

/// One box per group: its name and counts and phases always, the other fields where a group
/// uses them, the rest under "More".
#[function_component(GroupsEditor)]
pub fn groups_editor(p: &GroupsProps) -> Html {
    let all = texts(&p.groups);
    let default = TaskGroup::default();
    let send = |text: String| {
        let on_set = p.on_set.clone();
        move || on_set.emit((settings::GROUPS.key.to_string(), text.clone()))
    };
    let boxes = p.groups.iter().enumerate().map(|(i, g)| {
        let input = |j: usize| {
            let f = &groups::FIELDS[j];
            let onchange = {
                let (all, on_set) = (all.clone(), p.on_set.clone());
                Callback::from(move |value: String| {
                    let mut all = all.clone();
                    all[i][j] = value;
                    on_set.emit((settings::GROUPS.key.to_string(), line(&all)));
                })
            };
            html! {
                <GroupField id={format!("group{i}-{}", f.key)} label={f.label} doc={f.doc}
                    current={all[i][j].clone()} refused={p.refused} {onchange} />
            }
        };
        let used = |j: usize| j < groups::REQUIRED || groups::FIELDS[j].get(g) != groups::FIELDS[j].get(&default);
        let remove = {
            let mut rest = p.groups.clone();
            rest.remove(i);
            send(groups::format(&rest))
        };
        html! {
            <fieldset class="group-edit" key={i}>
                <legend>{ format!("Group {}: {}", i + 1, g.name) }</legend>
                <div class="group-fields">
                    { for (0..groups::FIELDS.len()).filter(|&j| used(j)).map(input) }
                </div>
                <details class="group-more">
                    <summary>{ "More fields" }</summary>
                    <div class="group-fields">{ for (0..groups::FIELDS.len()).filter(|&j| !used(j)).map(input) }</div>
                </details>
                <button type="button" onclick={move |_| remove()}>{ format!("Remove group {}", i + 1) }</button>
            </fieldset>
        }
    });
    // A new group starts as a copy of the last, under a name of its own.
    let add = {
        let mut more = p.groups.clone();
        if let Some(last) = p.groups.last() {
            more.push(TaskGroup {
                name: format!("group{}", p.groups.len() + 1),
                ..last.clone()
            });
        }
        send(groups::format(&more))
    };
    html! {
        <div class="groups-edit wide">
            { for boxes }
            <button type="button" onclick={move |_| add()}>{ "Add a group" }</button>
        </div>
    }
}
