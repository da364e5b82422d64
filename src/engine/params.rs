//! Flat `key=value` settings applied on top of a scenario: the one mechanism behind URL query
//! strings and `conclab run` flags, so both accept exactly the same fields.
//!
//! A `preset` key is applied first wherever it stands; every other key then overrides one field.
//! Unknown keys and unparsable values are errors naming the key and the allowed values.

use super::presets;
use super::scenario::{ModelKind, PyVersion, Scenario, ScenarioError, StartMethod, TaskGroup};

/// Every key a URL or the command line may set, in the order the scenario is written back.
pub const KEYS: [&str; 21] = [
    "preset",
    "tasks",
    "io_ms",
    "cpu_ms",
    "cext_ms",
    "payload_bytes",
    "result_bytes",
    "jitter",
    "remote_limit",
    "io_call_us",
    "groups",
    "model",
    "workers",
    "start_method",
    "chunksize",
    "limit",
    "blocking",
    "cores",
    "python",
    "switch_interval_ms",
    "seed",
];

fn int<T: std::str::FromStr>(key: &str, value: &str) -> Result<T, ScenarioError> {
    value.trim().parse().map_err(|_| {
        ScenarioError::new(
            key,
            format!("must be a whole number (got '{}')", shorten(value)),
        )
    })
}

fn num(key: &str, value: &str) -> Result<f64, ScenarioError> {
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(ScenarioError::new(
            key,
            format!("must be a number (got '{}')", shorten(value)),
        )),
    }
}

fn boolean(key: &str, value: &str) -> Result<bool, ScenarioError> {
    match value.trim() {
        "" | "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        other => Err(ScenarioError::new(
            key,
            format!("must be true or false (got '{}')", shorten(other)),
        )),
    }
}

fn one_of<T>(
    key: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
    names: &[&str],
) -> Result<T, ScenarioError> {
    parse(value.trim()).ok_or_else(|| {
        ScenarioError::new(
            key,
            format!(
                "must be one of {} (got '{}')",
                names.join(", "),
                shorten(value)
            ),
        )
    })
}

/// Keeps error messages one line long whatever a stranger typed.
fn shorten(value: &str) -> String {
    let clean: String = value.chars().filter(|c| !c.is_control()).take(40).collect();
    if value.chars().count() > 40 {
        format!("{clean}…")
    } else {
        clean
    }
}

/// Applies one `key=value` setting to `s`.
pub fn apply_one(s: &mut Scenario, key: &str, value: &str) -> Result<(), ScenarioError> {
    let w = &mut s.workload;
    let m = &mut s.model;
    match key {
        "preset" => {
            let p = presets::find(value.trim()).ok_or_else(|| {
                ScenarioError::new(
                    "preset",
                    format!(
                        "must be one of {} (got '{}')",
                        presets::names().join(", "),
                        shorten(value)
                    ),
                )
            })?;
            s.workload = p.workload;
        }
        "tasks" => w.tasks = int(key, value)?,
        "io_ms" => w.io_ms = num(key, value)?,
        "cpu_ms" => w.cpu_ms = num(key, value)?,
        "cext_ms" => w.cext_ms = num(key, value)?,
        "payload_bytes" => w.payload_bytes = int(key, value)?,
        "result_bytes" => w.result_bytes = int(key, value)?,
        "jitter" => w.jitter = num(key, value)?,
        "remote_limit" => w.remote_limit = int(key, value)?,
        "io_call_us" => {
            w.io_call_us = if value.trim().is_empty() {
                None
            } else {
                Some(num(key, value)?)
            }
        }
        "groups" => w.groups = parse_groups(value)?,
        "model" => {
            let names: Vec<&str> = ModelKind::ALL.iter().map(|k| k.name()).collect();
            m.kind = one_of(key, value, ModelKind::parse, &names)?;
        }
        "workers" => m.workers = Some(int(key, value)?),
        "start_method" => {
            let names: Vec<&str> = StartMethod::ALL.iter().map(|k| k.name()).collect();
            m.start_method = Some(one_of(key, value, StartMethod::parse, &names)?);
        }
        "chunksize" => m.chunksize = int(key, value)?,
        "limit" => m.limit = int(key, value)?,
        "blocking" => m.blocking = boolean(key, value)?,
        "cores" => s.machine.cores = int(key, value)?,
        "python" => {
            let names: Vec<&str> = PyVersion::ALL.iter().map(|k| k.name()).collect();
            s.python.version = one_of(key, value, PyVersion::parse, &names)?;
        }
        "switch_interval_ms" => s.python.switch_interval_ms = num(key, value)?,
        "seed" => s.seed = int(key, value)?,
        other => {
            return Err(ScenarioError::new(
                &shorten(other),
                format!("is not a setting; known settings are {}", KEYS.join(", ")),
            ))
        }
    }
    Ok(())
}

/// Applies settings in order, the preset first, then validates the result.
pub fn apply(s: &mut Scenario, pairs: &[(String, String)]) -> Result<(), ScenarioError> {
    for (k, v) in pairs.iter().filter(|(k, _)| k == "preset") {
        apply_one(s, k, v)?;
    }
    for (k, v) in pairs.iter().filter(|(k, _)| k != "preset") {
        apply_one(s, k, v)?;
    }
    s.validate()
}

/// Whether `key` describes the workload (what a preset sets): the keys after `preset` up to
/// `model` in [`KEYS`].
fn is_workload_key(key: &str) -> bool {
    let model = KEYS
        .iter()
        .position(|k| *k == "model")
        .unwrap_or(KEYS.len());
    KEYS[1..model].contains(&key)
}

/// Task groups as one setting: `name:tasks:repeat:io_ms:cpu_ms:cext_ms`, optionally followed by
/// `:payload_bytes:result_bytes:io_call_us`, groups separated by `;`.
/// Example: `io-loop:1:500:1:0:0;crunch:2:1:0:2000:0`.
pub fn format_groups(groups: &[TaskGroup]) -> String {
    groups
        .iter()
        .map(|g| {
            let mut f = format!(
                "{}:{}:{}:{}:{}:{}",
                g.name, g.tasks, g.repeat, g.io_ms, g.cpu_ms, g.cext_ms
            );
            if g.payload_bytes != 0 || g.result_bytes != 0 || g.io_call_us.is_some() {
                let call = g.io_call_us.map_or(String::new(), |c| c.to_string());
                f.push_str(&format!(":{}:{}:{call}", g.payload_bytes, g.result_bytes));
            }
            f
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// Parses [`format_groups`]'s form; ranges are checked by `Scenario::validate`.
pub fn parse_groups(text: &str) -> Result<Vec<TaskGroup>, ScenarioError> {
    let bad = |what: String| {
        ScenarioError::new(
            "groups",
            format!("{what}; write name:tasks:repeat:io_ms:cpu_ms:cext_ms[:payload_bytes:result_bytes:io_call_us], groups separated by ';'"),
        )
    };
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    text.split(';')
        .enumerate()
        .map(|(i, part)| {
            let f: Vec<&str> = part.split(':').map(str::trim).collect();
            if f.len() != 6 && f.len() != 9 {
                return Err(bad(format!("group {} has {} fields", i + 1, f.len())));
            }
            let num = |k: usize| {
                f[k].parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| {
                        bad(format!(
                            "group {}: '{}' is not a number",
                            i + 1,
                            shorten(f[k])
                        ))
                    })
            };
            let whole = |k: usize| {
                f[k].parse::<u64>().map_err(|_| {
                    bad(format!(
                        "group {}: '{}' is not a whole number",
                        i + 1,
                        shorten(f[k])
                    ))
                })
            };
            let mut g = TaskGroup {
                name: f[0].to_string(),
                tasks: whole(1)?.min(u64::from(u32::MAX)) as u32,
                repeat: whole(2)?.min(u64::from(u32::MAX)) as u32,
                io_ms: num(3)?,
                cpu_ms: num(4)?,
                cext_ms: num(5)?,
                ..TaskGroup::default()
            };
            if f.len() == 9 {
                g.payload_bytes = whole(6)?;
                g.result_bytes = whole(7)?;
                g.io_call_us = if f[8].is_empty() { None } else { Some(num(8)?) };
            }
            Ok(g)
        })
        .collect()
}

/// Every setting of `s` with the value in force (the effective worker count and start method
/// where the scenario leaves them to the library), in [`KEYS`] order without `preset`.
pub fn to_pairs_full(s: &Scenario) -> Vec<(String, String)> {
    let (w, m) = (&s.workload, &s.model);
    [
        ("tasks", w.tasks.to_string()),
        ("io_ms", w.io_ms.to_string()),
        ("cpu_ms", w.cpu_ms.to_string()),
        ("cext_ms", w.cext_ms.to_string()),
        ("payload_bytes", w.payload_bytes.to_string()),
        ("result_bytes", w.result_bytes.to_string()),
        ("jitter", w.jitter.to_string()),
        ("remote_limit", w.remote_limit.to_string()),
        (
            "io_call_us",
            w.io_call_us.map_or(String::new(), |c| c.to_string()),
        ),
        ("groups", format_groups(&w.groups)),
        ("model", m.kind.name().to_string()),
        ("workers", s.effective_workers().to_string()),
        (
            "start_method",
            s.effective_start_method().name().to_string(),
        ),
        ("chunksize", m.chunksize.to_string()),
        ("limit", m.limit.to_string()),
        ("blocking", m.blocking.to_string()),
        ("cores", s.machine.cores.to_string()),
        ("python", s.python.version.name().to_string()),
        (
            "switch_interval_ms",
            s.python.switch_interval_ms.to_string(),
        ),
        ("seed", s.seed.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// Writes a scenario as settings that [`apply`] turns back into the same scenario. Only fields
/// that differ from the defaults are written, and a workload equal to a preset is written as
/// the preset's name, so links stay short. Workers and start method are written only when the
/// scenario sets them, so a link keeps following the library's defaults otherwise.
pub fn to_pairs(s: &Scenario) -> Vec<(String, String)> {
    let defaults = to_pairs_full(&Scenario::default());
    let preset = presets::all()
        .into_iter()
        .find(|p| p.workload == s.workload);
    let mut out = Vec::new();
    if let Some(p) = &preset {
        out.push(("preset".to_string(), p.name.to_string()));
    }
    for ((k, v), (_, dv)) in to_pairs_full(s).into_iter().zip(defaults) {
        let skip = match k.as_str() {
            "workers" => s.model.workers.is_none(),
            "start_method" => s.model.start_method.is_none(),
            key if is_workload_key(key) && preset.is_some() => true,
            _ => v == dv,
        };
        if !skip {
            out.push((k, v));
        }
    }
    out
}

/// Builds a scenario from settings a stranger may have crafted (a URL): each bad setting is
/// skipped with a notice in plain words and the rest still apply; keys in `ignore` belong to
/// someone else (the page's own options). Never fails: the worst case is the default scenario.
pub fn lenient(pairs: &[(String, String)], ignore: &[&str]) -> (Scenario, Vec<String>) {
    let mut s = Scenario::default();
    let mut notices = Vec::new();
    let ordered = pairs
        .iter()
        .filter(|(k, _)| k == "preset")
        .chain(pairs.iter().filter(|(k, _)| k != "preset"));
    for (k, v) in ordered.filter(|(k, _)| !ignore.contains(&k.as_str())) {
        let mut next = s.clone();
        match apply_one(&mut next, k, v).and_then(|()| next.validate()) {
            Ok(()) => s = next,
            Err(e) => notices.push(format!(
                "Ignored a setting in the link — {e}; the default was used."
            )),
        }
    }
    (s, notices)
}
