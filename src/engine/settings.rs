//! The settings table: every setting a link, a `conclab` flag, a lesson, a scenario file or a
//! control may set, stated once with its name, a line of documentation, its kind and range, and
//! how it reads and writes a [`Scenario`]. Everything else is derived from it: URL keys and CLI
//! flags (`--cpu-ms` is `cpu_ms`), the controls' ids and bounds, the usage text, the README
//! tables (a test compares them), and every check of a single field.
//!
//! Reading is two steps (see [`read`]): each setting on its own first, so the order of keys
//! never matters, then the settings against each other ([`super::plan`]).

use super::scenario::{Scenario, ScenarioError};

mod docs;
pub mod groups;
mod read;
mod table;
mod value;

pub use docs::{markdown_table, usage};
pub use read::{apply, read, Reading};
pub use table::*;
pub use value::{switch, Field, Kind, Value};

pub(crate) use value::shorten;

/// Which part of a scenario a setting belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The named workload that sets every workload setting at once.
    Preset,
    /// What the program does (what a preset sets).
    Workload,
    /// How it runs: the concurrency model and its knobs.
    Model,
    /// The simulated machine.
    Machine,
    /// The Python build.
    Python,
    /// The run itself (the seed).
    Run,
}

/// One setting of a `T` (a [`Scenario`], or a [`TaskGroup`](super::scenario::TaskGroup) for
/// the fields of a task group).
pub struct Def<T: 'static> {
    /// Its name in links, lessons and files; on the command line `--` and `-` for `_`.
    pub key: &'static str,
    /// Its label on a control.
    pub label: &'static str,
    /// What it means, in one line.
    pub doc: &'static str,
    /// What values it takes.
    pub kind: Kind,
    /// Whether it may be left unset (an empty value), leaving the choice to the library.
    pub optional: bool,
    /// Where it belongs.
    pub part: Part,
    get: fn(&T) -> Value,
    set: fn(&mut T, Value),
}

impl<T> std::fmt::Debug for Def<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Def").field("key", &self.key).finish()
    }
}

/// Settings are the same when they have the same key (a table never repeats one).
impl<T> PartialEq for Def<T> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<T> Def<T> {
    /// The setting's value in `t`.
    pub fn get(&self, t: &T) -> Value {
        (self.get)(t)
    }

    /// Reads `text` (checked on its own) and sets it in `t`.
    pub fn parse_into(&self, t: &mut T, text: &str) -> Result<(), ScenarioError> {
        let v = self.kind.parse(self.key, text, self.optional)?;
        (self.set)(t, v);
        Ok(())
    }

    /// Sets a value already checked for this setting.
    pub(crate) fn put(&self, t: &mut T, v: Value) {
        (self.set)(t, v)
    }

    /// Checks `t`'s value of this setting on its own, naming it as `key` in errors.
    pub fn check(&self, t: &T, key: &str) -> Result<(), ScenarioError> {
        let v = self.get(t);
        if v == Value::Unset && !self.optional {
            return Err(ScenarioError::new(key, "must be set"));
        }
        self.kind.check(key, &v)
    }

    /// The flag that sets it on the command line: `--cpu-ms`.
    pub fn flag(&self) -> String {
        format!("--{}", self.key.replace('_', "-"))
    }
}

/// Finds a setting by key.
pub fn find(key: &str) -> Option<&'static Def<Scenario>> {
    SETTINGS.iter().copied().find(|d| d.key == key)
}

/// The error for a key that is not a setting.
pub fn unknown(key: &str) -> ScenarioError {
    ScenarioError::new(
        &shorten(key),
        format!(
            "is not a setting; known settings are {}",
            keys().collect::<Vec<_>>().join(", ")
        ),
    )
}

/// Every setting's key, in table order.
pub fn keys() -> impl Iterator<Item = &'static str> {
    SETTINGS.iter().map(|d| d.key)
}

/// Checks every field of `s` on its own (ranges, names), as a scenario from a file needs.
pub fn check(s: &Scenario) -> Result<(), ScenarioError> {
    SETTINGS.iter().try_for_each(|d| d.check(s, d.key))
}

/// The settings that write `s` back: the preset when the workload is one, then every setting
/// that differs from the defaults (workload settings only when no preset names the workload),
/// in table order. [`read`] turns them into the same scenario.
pub fn to_pairs(s: &Scenario) -> Vec<(&'static str, String)> {
    let defaults = Scenario::default();
    let preset = super::presets::matching(&s.workload).is_some();
    SETTINGS
        .iter()
        .filter(|d| match d.part {
            Part::Preset => preset,
            Part::Workload => !preset && d.get(s) != d.get(&defaults),
            _ => d.get(s) != d.get(&defaults),
        })
        .filter_map(|d| d.get(s).to_text().map(|v| (d.key, v)))
        .collect()
}

/// The settings that differ between two scenarios, by key: what a person changed. The preset
/// is not one of them (its workload settings are).
pub fn differences(a: &Scenario, b: &Scenario) -> Vec<&'static str> {
    SETTINGS
        .iter()
        .filter(|d| d.part != Part::Preset && d.get(a) != d.get(b))
        .map(|d| d.key)
        .collect()
}

#[cfg(test)]
mod tests;
