//! A step's challenge: the goal, its conditions and how an unmet one is worded for the learner,
//! and the tempting shortcuts the checker proves it refuses.

use serde::{Deserialize, Serialize};

use super::{MetricName, Settings};
use crate::engine::settings;
use crate::engine::{Metrics, Plan};

/// One condition of a challenge: a metric or a setting within bounds, or a setting among
/// named values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// A metric to bound.
    #[serde(default)]
    pub metric: Option<MetricName>,
    /// Or a setting to bound (`cores`, `workers`, …), as a number (a switch is 0 or 1), read
    /// from the values in force (a pool's default size counts as its size).
    #[serde(default)]
    pub setting: Option<String>,
    /// Lowest allowed value.
    #[serde(default)]
    pub min: Option<f64>,
    /// Highest allowed value.
    #[serde(default)]
    pub max: Option<f64>,
    /// For a setting that takes names (`model`, `python`): the values allowed.
    #[serde(default)]
    pub one_of: Option<Vec<String>>,
    /// The condition in the learner's words, shown while it is unmet in place of the
    /// automatic wording: for a setting whose allowed values would give the answer away (a
    /// task-groups line).
    #[serde(default)]
    pub says: Option<String>,
}

/// A tempting change that must not reach a challenge's goal: the checker applies `settings`
/// on top of the step's scenario and asserts that the conditions refuse it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shortcut {
    /// The change, in URL keys (written as strings, as a scenario's).
    pub settings: Settings,
    /// Why it misses the lesson's point, for people (and for the checker's messages).
    pub why: String,
}

/// A goal to reach by changing the setup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Challenge {
    /// The goal in words.
    pub goal: String,
    /// All must hold.
    pub conditions: Vec<Condition>,
    /// How many settings a tidy solution changes (the checker holds `solution` to it).
    pub par: u32,
    /// Hints, revealed one at a time.
    pub hints: Vec<String>,
    /// Settings that solve it, applied on top of the step's scenario.
    pub solution: Settings,
    /// Changes that would meet the numbers without learning the point, which the conditions
    /// close (the checker proves each one fails).
    #[serde(default)]
    pub shortcuts: Vec<Shortcut>,
}

/// A setting's value in force in `plan` (the library's default where the scenario leaves it
/// unset).
fn setting_value(plan: &Plan, key: &str) -> Option<settings::Value> {
    settings::find(key).map(|d| d.get(&plan.resolved()))
}

/// How a bound reads: a metric's value in its results unit, a setting's as its control shows
/// it (a switch is on or off).
struct Shown<'a> {
    name: &'a str,
    show: &'a dyn Fn(f64) -> String,
    switch: bool,
}

impl Shown<'_> {
    /// What `min` and `max` ask of `value` when it misses them.
    fn unmet(&self, value: f64, min: Option<f64>, max: Option<f64>) -> Option<String> {
        // A value that is not a number (an unknown setting) meets no bound.
        let within = min.is_none_or(|a| value >= a) && max.is_none_or(|b| value <= b);
        let (name, show) = (self.name, self.show);
        (!within).then(|| match (min, max) {
            (Some(a), Some(b)) if a == b && self.switch => format!("{name} kept {}", show(a)),
            (Some(a), Some(b)) if a == b => format!("{name} kept at {}", show(a)),
            (Some(a), Some(b)) => format!("{name} from {} to {}", show(a), show(b)),
            (Some(a), None) if self.switch => format!("{name} kept {}", show(a.ceil())),
            (Some(a), None) => format!("{name} at least {}", show(a)),
            (None, Some(b)) if self.switch => format!("{name} kept {}", show(b.floor())),
            (None, Some(b)) => format!("{name} at most {}", show(b)),
            (None, None) => format!("{name} has no bound"),
        })
    }
}

impl Condition {
    /// Whether `s` run with metrics `m` meets this condition; if not, what it asks for, in the
    /// words and units the setup panel and the results use ("core use at least 50%",
    /// "Cores at most 4", "Blocking calls in coroutines kept on").
    pub fn unmet(&self, s: &Plan, m: &Metrics) -> Option<String> {
        let unmet = self.unmet_in_its_units(s, m)?;
        Some(self.says.clone().unwrap_or(unmet))
    }

    /// [`Condition::unmet`] in the units of its metric or setting.
    fn unmet_in_its_units(&self, s: &Plan, m: &Metrics) -> Option<String> {
        match (&self.metric, &self.setting) {
            // A metric says where the run stands, since the cards may not show it (p99).
            (Some(metric), _) => Shown {
                name: metric.label(),
                show: &|x| metric.show(x),
                switch: false,
            }
            .unmet(metric.of(m), self.min, self.max)
            .map(|u| format!("{u} (now {})", metric.show(metric.of(m)))),
            (None, Some(key)) => {
                let def = settings::find(key);
                let label = def.map_or(key.as_str(), |d| d.label);
                let value = setting_value(s, key);
                if let Some(names) = &self.one_of {
                    let now = value.and_then(|v| v.to_text());
                    return (!names.iter().any(|n| Some(n) == now.as_ref())).then(|| {
                        match names.as_slice() {
                            [one] => format!("{label} set to {one}"),
                            [first @ .., last] => {
                                format!("{label} set to {} or {last}", first.join(", "))
                            }
                            [] => format!("{label} has no allowed value"),
                        }
                    });
                }
                let switch = def.is_some_and(|d| d.kind == settings::Kind::Switch);
                let show = |x: f64| match switch {
                    true if x >= 0.5 => "on".to_string(),
                    true => "off".to_string(),
                    false => x.to_string(),
                };
                let x = value.and_then(|v| v.as_number()).unwrap_or(f64::NAN);
                Shown {
                    name: label,
                    show: &show,
                    switch,
                }
                .unmet(x, self.min, self.max)
            }
            (None, None) => Some("a condition names nothing".into()),
        }
    }
}

impl Challenge {
    /// The conditions that `s`, run with metrics `m`, does not meet, in words (empty: solved).
    pub fn unmet(&self, s: &Plan, m: &Metrics) -> Vec<String> {
        self.conditions
            .iter()
            .filter_map(|c| c.unmet(s, m))
            .collect()
    }
}
