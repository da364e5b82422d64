//! The lesson checker: replays every claim a lesson makes through the engine. The test suite runs
//! it on every file, so a lesson cannot promise what the simulator does not show.
//!
//! For each step it checks that the scenario runs; that the controls it names exist and show the
//! settings its challenge is about; that each highlight names a lane of the step's run or a
//! moment within it; that a prediction's answer is the engine's; and that a challenge is fair:
//! its start fails, its solution meets every condition within par, and every shortcut it lists
//! is refused — and each condition on a setting is the one condition refusing at least one
//! shortcut, so no constraint is there for show and every stated one is exercised.

use super::{
    changes, control_applies, highlights, pairs, Challenge, Condition, Lesson, Settings, Step,
};
use crate::engine::{self, settings, Outcome, Plan, Scenario, Trace};

/// Checks a lesson against the engine; each problem is one line naming the file and step.
pub fn check(name: &str, l: &Lesson) -> Vec<String> {
    let mut errors = Vec::new();
    let valid_id = !l.id.is_empty()
        && l.id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid_id {
        errors.push(format!(
            "id '{}' must be lowercase letters, digits and dashes",
            l.id
        ));
    }
    if l.steps.is_empty() {
        errors.push("a lesson needs at least one step".into());
    }
    for (i, step) in l.steps.iter().enumerate() {
        errors.extend(
            check_step(step)
                .into_iter()
                .map(|e| format!("step {}: {e}", i + 1)),
        );
    }
    errors.into_iter().map(|e| format!("{name}: {e}")).collect()
}

/// Runs `change` on top of `start`: the scenario, and its run (or why it cannot run).
fn run_with(start: &Scenario, change: &Settings) -> Result<(Scenario, Outcome), String> {
    let s = settings::apply(start, &pairs(change)).map_err(|e| e.to_string())?;
    let plan = Plan::new(&s).map_err(|e| e.to_string())?;
    let out = engine::run(&plan).map_err(|e| e.to_string())?;
    Ok((s, out))
}

/// Everything wrong with one step.
fn check_step(step: &Step) -> Vec<String> {
    let start = match step.scenario() {
        Ok(s) => s,
        Err(e) => return vec![format!("scenario: {e}")],
    };
    let out = match run_with(&start, &Default::default()) {
        Ok((_, out)) => out,
        Err(e) => return vec![format!("the scenario does not run: {e}")],
    };
    let mut errors = Vec::new();
    let solved = step
        .challenge
        .as_ref()
        .and_then(|c| settings::apply(&start, &pairs(&c.solution)).ok());
    errors.extend(check_controls(step, &start, solved.as_ref()));
    errors.extend(check_highlights(step, &out.trace));
    if let Some(p) = &step.predict {
        if p.choices.len() < 2 || p.choices.len() != p.ranges.len() || p.answer >= p.choices.len() {
            errors.push(
                "a prediction needs 2+ choices, one range each, and an answer among them".into(),
            );
        } else {
            let v = p.metric.of(&out.metrics);
            let hits: Vec<usize> = (0..p.ranges.len())
                .filter(|&c| v >= p.ranges[c][0] && v < p.ranges[c][1])
                .collect();
            if hits != [p.answer] {
                errors.push(format!(
                    "the engine gives {} = {v:.3}, which is choice(s) {hits:?}, not {}",
                    p.metric.label(),
                    p.answer
                ));
            }
        }
    }
    if let Some(c) = &step.challenge {
        errors.extend(check_challenge(c, &start, &out));
    }
    errors
}

/// The step's controls are settings that its panel can show (with the start's model or the
/// solution's), and they include every setting its challenge changes or bounds.
fn check_controls(step: &Step, start: &Scenario, solved: Option<&Scenario>) -> Vec<String> {
    let mut errors = Vec::new();
    let applies =
        |key: &str| control_applies(key, start) || solved.is_some_and(|s| control_applies(key, s));
    let shown = |key: &str| {
        applies(key)
            && step
                .controls
                .as_ref()
                .is_none_or(|keys| keys.iter().any(|k| k == key))
    };
    for key in step.controls.iter().flatten() {
        if settings::find(key).is_none() {
            errors.push(format!("controls: '{key}' is not a setting"));
        } else if !applies(key) {
            errors.push(format!(
                "controls: the panel shows no '{key}' control for this step's model"
            ));
        }
    }
    if let Some(c) = &step.challenge {
        let keys = c
            .solution
            .keys()
            .chain(c.conditions.iter().filter_map(|d| d.setting.as_ref()));
        for key in keys {
            if !shown(key) {
                errors.push(format!(
                    "the challenge is about '{key}', which is not among the step's controls"
                ));
            }
        }
    }
    errors
}

/// The `(attribute, value)` of every highlight in rendered HTML (`data-lane`, `data-time`).
fn highlight_refs(html: &str) -> Vec<(&'static str, String)> {
    let mut refs = Vec::new();
    for attr in ["data-lane", "data-time"] {
        let open = format!("{attr}=\"");
        for (at, _) in html.match_indices(&open) {
            let rest = &html[at + open.len()..];
            let value = rest.split('"').next().unwrap_or_default();
            let value = value
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            refs.push((attr, value));
        }
    }
    refs
}

/// Each highlight in the step's text and explanation names a lane of its run, or a moment
/// within it.
fn check_highlights(step: &Step, trace: &Trace) -> Vec<String> {
    let explain = step.predict.as_ref().map(|p| p.explain.as_str());
    let mut errors = Vec::new();
    for (attr, value) in std::iter::once(step.text.as_str())
        .chain(explain)
        .flat_map(highlight_refs)
    {
        match attr {
            "data-lane" if !trace.lanes.iter().any(|l| highlights(&value, l)) => errors.push(
                format!("the highlight lane:{value} names no lane of the run"),
            ),
            "data-time" if value.parse::<u64>().map_or(true, |t| t > trace.makespan) => errors
                .push(format!(
                    "the highlight at {value} ns is not within the run ({} ns)",
                    trace.makespan
                )),
            _ => {}
        }
    }
    errors
}

/// A condition names one metric or one setting, with bounds that can hold.
fn check_condition(c: &Condition) -> Option<String> {
    let names_one = c.metric.is_some() != c.setting.is_some();
    let bounded = c.min.is_some() || c.max.is_some();
    let reason = if !names_one {
        "a condition names exactly one metric or one setting"
    } else if c
        .setting
        .as_deref()
        .is_some_and(|k| settings::find(k).is_none())
    {
        "a condition's setting is not a setting"
    } else if c.one_of.is_some() && (bounded || c.metric.is_some()) {
        "`one_of` is for a setting, without min or max"
    } else if c.one_of.is_none() && !bounded {
        "a condition needs min, max or one_of"
    } else if c.min.zip(c.max).is_some_and(|(a, b)| a > b) {
        "a condition's min is above its max"
    } else if c.setting.as_deref() == Some(settings::GROUPS.key) && c.says.is_none() {
        // Its allowed values are the answer itself, written out.
        "a condition on task groups needs `says`: its values would give the answer away"
    } else {
        return None;
    };
    Some(reason.into())
}

/// The challenge is fair: its start fails, its solution meets it within par, every shortcut is
/// refused, and every condition on a setting alone closes some shortcut.
fn check_challenge(c: &Challenge, start: &Scenario, out: &Outcome) -> Vec<String> {
    let mut errors: Vec<String> = c.conditions.iter().filter_map(check_condition).collect();
    if c.hints.is_empty() {
        errors.push("a challenge needs at least one hint".into());
    }
    if c.unmet(&out.plan, &out.metrics).is_empty() {
        errors.push("the challenge is already met by its starting setup".into());
    }
    match run_with(start, &c.solution) {
        Ok((solved, o)) => {
            let unmet = c.unmet(&o.plan, &o.metrics);
            if !unmet.is_empty() {
                errors.push(format!(
                    "the solution does not meet the goal: {}",
                    unmet.join("; ")
                ));
            }
            let n = changes(start, &solved);
            if n > c.par {
                errors.push(format!(
                    "the solution makes {n} changes, over its par of {}",
                    c.par
                ));
            }
        }
        Err(e) => errors.push(format!("solution: {e}")),
    }
    // Which conditions some shortcut fails alone: without them, that shortcut would win.
    let mut decisive = vec![false; c.conditions.len()];
    for s in &c.shortcuts {
        let what = format!("shortcut {:?}", pairs(&s.settings));
        if s.settings.is_empty() || s.why.trim().is_empty() {
            errors.push(format!("{what}: a shortcut needs settings and a why"));
        }
        match run_with(start, &s.settings) {
            Ok((_, o)) => {
                let refused: Vec<usize> = (0..c.conditions.len())
                    .filter(|&i| c.conditions[i].unmet(&o.plan, &o.metrics).is_some())
                    .collect();
                match refused[..] {
                    [] => errors.push(format!("{what} meets the goal ({})", s.why)),
                    [only] => decisive[only] = true,
                    _ => {}
                }
            }
            Err(e) => errors.push(format!("{what}: {e}")),
        }
    }
    for (d, proven) in c.conditions.iter().zip(decisive) {
        if let (Some(key), false) = (&d.setting, proven) {
            errors.push(format!(
                "the condition on '{key}' alone refuses no listed shortcut: list the shortcut \
                 it forbids, or drop it"
            ));
        }
    }
    errors
}
