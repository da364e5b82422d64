//! Reading settings onto a scenario: the preset first wherever it stands, then each setting
//! checked on its own, then the settings checked against each other. Because the per-setting
//! checks never look at another setting, the order of keys never changes the result.

use super::{find, unknown, Part};
use crate::engine::plan;
use crate::engine::scenario::{Scenario, ScenarioError};

/// What reading some settings gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The scenario with every setting that could be applied.
    pub scenario: Scenario,
    /// Each setting that could not, and why (its key is the error's field).
    pub dropped: Vec<ScenarioError>,
}

/// Reads `pairs` onto `base`, keeping every setting that can be applied and naming each one it
/// dropped; keys in `ignore` belong to someone else (a page's own options) and are skipped.
/// When two settings conflict (the interpreters model on a Python without it), the one the
/// conflict names keeps its value from before, so the result always makes a valid plan when
/// `base` does.
pub fn read(base: &Scenario, pairs: &[(String, String)], ignore: &[&str]) -> Reading {
    let mut s = base.clone();
    let mut dropped = Vec::new();
    let mine: Vec<&(String, String)> = pairs
        .iter()
        .filter(|(k, _)| !ignore.contains(&k.as_str()))
        .collect();
    let is_preset = |k: &str| find(k).is_some_and(|d| d.part == Part::Preset);
    let ordered = mine
        .iter()
        .filter(|(k, _)| is_preset(k))
        .chain(mine.iter().filter(|(k, _)| !is_preset(k)));
    let mut before = None;
    for (k, v) in ordered {
        if !is_preset(k) && before.is_none() {
            before = Some(s.clone());
        }
        match find(k) {
            None => dropped.push(unknown(k)),
            Some(d) => {
                if let Err(e) = d.parse_into(&mut s, v) {
                    dropped.push(e);
                }
            }
        }
    }
    let before = before.unwrap_or_else(|| s.clone());
    for _ in 0..super::SETTINGS.len() {
        let Err(conflict) = plan::together(&s) else {
            break;
        };
        let Some(d) = find(&conflict.field) else {
            break;
        };
        d.put(&mut s, d.get(&before));
        dropped.push(conflict);
    }
    Reading {
        scenario: s,
        dropped,
    }
}

/// Reads `pairs` onto `base` and refuses the first setting that cannot be applied.
pub fn apply(base: &Scenario, pairs: &[(String, String)]) -> Result<Scenario, ScenarioError> {
    let r = read(base, pairs, &[]);
    match r.dropped.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(r.scenario),
    }
}
