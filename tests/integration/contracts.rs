//! What every stranger's input must get, shared by the property tests (`fuzz.rs`) and the
//! cargo-fuzz targets (`fuzz/fuzz_targets/`, which include this file): a value or a clear error,
//! never a panic. Failures are plain assertions, which both harnesses report.

use concurrency_lab::embed::EmbedOptions;
use concurrency_lab::engine::settings::{self, Part};
use concurrency_lab::engine::{self, presets, Plan, Scenario};
use concurrency_lab::lessons;
use concurrency_lab::links;

/// Larger scenarios are skipped to keep each case quick; the event cap bounds them anyway.
const MAX_TASKS_RUN: u32 = 2_000;
/// A case simulates at most this many events (a few hundred milliseconds under the fuzzer's
/// instrumentation): a few tasks of seconds of contended Python reach the engine's own cap of
/// millions, which its tests cover; here they would only slow the search down.
const MAX_EVENTS_RUN: u64 = 300_000;

/// A lesson source converts, parses and is checked, or fails with a message naming the file.
pub fn lesson_source(text: &str) {
    let parsed = lessons::source::to_json("fuzz.toml", text)
        .and_then(|json| lessons::parse("fuzz.toml", &json));
    match parsed {
        // Checking may find problems in the lesson, but must not panic.
        Ok(lesson) => drop(lessons::check("fuzz.toml", &lesson)),
        Err(e) => assert!(
            e.starts_with("fuzz.toml:"),
            "error without the file name: {e}"
        ),
    }
}

/// A plan, when small enough to be quick, runs every task or is refused as too large.
pub fn runs_or_is_too_large(s: &Plan) {
    if s.total_tasks() > MAX_TASKS_RUN {
        return;
    }
    match engine::Simulation::start(s).advance(MAX_EVENTS_RUN) {
        Ok(Some(o)) => assert_eq!(o.metrics.tasks_done, s.total_tasks()),
        Ok(None) => {} // longer than a case may take
        Err(e) => assert!(e.to_string().contains("too large"), "unexpected error: {e}"),
    }
}

/// Whether `field` names a setting (`cores`) or a task group's field (`groups[2].repeat`).
fn names_a_setting(field: &str) -> bool {
    let group_field = field
        .strip_prefix("groups[")
        .and_then(|rest| rest.split_once("]."))
        .is_some_and(|(i, key)| {
            i.parse::<usize>().is_ok() && settings::groups::FIELDS.iter().any(|f| f.key == key)
        });
    settings::find(field).is_some() || group_field
}

/// A scenario file that deserialises either makes a plan — and then its settings written as a
/// link read back as the same scenario — or is refused naming a setting.
pub fn scenario_file(text: &str) {
    let Ok(s) = serde_json::from_str::<Scenario>(text) else {
        return;
    };
    match Plan::new(&s) {
        Ok(plan) => {
            let back = settings::read(
                &Scenario::default(),
                &settings::to_pairs(&s)
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect::<Vec<_>>(),
                &[],
            );
            assert!(back.dropped.is_empty(), "{:?}", back.dropped);
            assert_eq!(back.scenario, s, "written back differently");
            runs_or_is_too_large(&plan);
        }
        Err(e) => assert!(names_a_setting(&e.field), "error names no setting: {e}"),
    }
}

/// A page's query, decoded as the browser does, read leniently as the Lab does: the result
/// always makes a plan, every setting it changed was in the query (or came with a preset the
/// query named), and it runs or is refused as too large.
pub fn url_query(query: &str) {
    let pairs = links::decode(query);
    let _ = EmbedOptions::from_pairs(&pairs);
    let r = settings::read(&Scenario::default(), &pairs, &links::page::KEYS);
    let plan = Plan::new(&r.scenario).expect("lenient reading gave a scenario that makes no plan");
    let given = |k: &str| pairs.iter().any(|(key, _)| key == k);
    let preset_given = pairs
        .iter()
        .any(|(k, v)| k == settings::PRESET.key && presets::find(v.trim()).is_some());
    let default = Scenario::default();
    for d in settings::SETTINGS {
        let changed = d.part != Part::Preset && d.get(&r.scenario) != d.get(&default);
        assert!(
            !changed || given(d.key) || (preset_given && d.part == Part::Workload),
            "{} changed without being in the query",
            d.key
        );
    }
    runs_or_is_too_large(&plan);
}
