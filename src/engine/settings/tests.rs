use super::*;
use crate::engine::{ModelKind, Named, Plan, PyVersion};

fn pairs(text: &str) -> Vec<(String, String)> {
    crate::links::decode(text)
}

#[test]
fn the_order_of_keys_never_changes_the_result() {
    // Issue #12: the app wrote `model=interpreters&python=3.14`, and reading it back validated
    // after each key, so the model was refused before the Python that allows it arrived.
    let a = read(
        &Scenario::default(),
        &pairs("model=interpreters&python=3.14"),
        &[],
    );
    let b = read(
        &Scenario::default(),
        &pairs("python=3.14&model=interpreters"),
        &[],
    );
    assert_eq!(a, b);
    assert!(a.dropped.is_empty(), "{:?}", a.dropped);
    assert_eq!(a.scenario.model.kind, ModelKind::Interpreters);
    assert_eq!(a.scenario.python.version, PyVersion::V314);
}

#[test]
fn a_plus_in_a_model_name_works_raw_or_escaped() {
    for query in ["model=asyncio+threads", "model=asyncio%2Bthreads"] {
        let r = read(&Scenario::default(), &pairs(query), &[]);
        assert_eq!(r.scenario.model.kind, ModelKind::AsyncioThreads, "{query}");
        assert!(r.dropped.is_empty(), "{query}: {:?}", r.dropped);
    }
}

#[test]
fn conflicting_settings_drop_the_one_named_and_keep_the_rest() {
    let r = read(
        &Scenario::default(),
        &pairs("model=interpreters&cores=0&tasks=12&view=lab"),
        &["view"],
    );
    assert_eq!(r.scenario.workload.tasks, 12);
    assert_eq!(r.scenario.model.kind, ModelKind::Sequential);
    let fields: Vec<&str> = r.dropped.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["cores", "model"]);
    assert!(Plan::new(&r.scenario).is_ok());
}

#[test]
fn the_preset_applies_first_wherever_it_stands() {
    let s = apply(&Scenario::default(), &pairs("tasks=3&preset=cpu-bound")).unwrap();
    assert_eq!(s.workload.tasks, 3);
    assert_eq!(s.workload.cpu_ms, 50.7);
}

#[test]
fn settings_written_back_read_as_the_same_scenario() {
    let s = apply(
        &Scenario::default(),
        &pairs("preset=big-payload&model=processes&workers=3&start_method=spawn&chunksize=4&cores=8&python=3.14&seed=7&switch_interval_ms=2.5"),
    )
    .unwrap();
    let written = to_pairs(&s);
    assert_eq!(written[0], ("preset", "big-payload".to_string()));
    let back = read(
        &Scenario::default(),
        &pairs(&crate::links::encode(&written)),
        &[],
    );
    assert_eq!(back.scenario, s);
    assert!(back.dropped.is_empty());
}

#[test]
fn differences_count_what_was_set_not_what_was_resolved() {
    let a = apply(&Scenario::default(), &pairs("preset=cpu-bound")).unwrap();
    let b = apply(&a, &pairs("model=processes")).unwrap();
    // The library's default workers and start method differ between the two, but nobody set them.
    assert_eq!(differences(&a, &b), ["model"]);
}

#[test]
fn groups_round_trip_and_bad_ones_say_how_to_write_them() {
    let text = "io-loop:1:500:1:0:0;crunch:2:1:0:2000:0:100:0:45";
    let g = groups::parse(text).unwrap();
    assert_eq!(g[1].io_call_us, Some(45.0));
    assert_eq!(groups::format(&g), text);
    let err = groups::parse("io:1:2").unwrap_err().to_string();
    assert!(
        err.starts_with("groups: group 1 has 3 fields; write name:tasks:repeat"),
        "{err}"
    );
    let err = groups::parse("io:1:0:1:0:0").unwrap_err().to_string();
    assert!(
        err.starts_with("groups[0].repeat: must be a whole number from 1"),
        "{err}"
    );
    let err = groups::parse(" :1:1:1:0:0").unwrap_err().to_string();
    assert!(err.starts_with("groups[0].name"), "{err}");
}

#[test]
fn every_setting_has_a_unique_key_and_a_flag_made_from_it() {
    let mut keys: Vec<&str> = keys().collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), SETTINGS.len());
    assert_eq!(CPU_MS.flag(), "--cpu-ms");
    assert!(find(MODEL.key).is_some_and(|d| d.kind == Kind::Choice(ModelKind::names())));
}
