//! URL/CLI settings: they round-trip, and no string a stranger crafts makes them panic.

use concurrency_lab::engine::params::{apply, to_pairs};
use concurrency_lab::engine::Scenario;
use proptest::prelude::*;

use super::support::scenario;

#[test]
fn settings_written_back_give_the_same_scenario() {
    let s = scenario("preset=big-payload model=processes workers=3 start_method=spawn chunksize=4 cores=8 python=3.14 seed=7 switch_interval_ms=2.5");
    let mut back = Scenario::default();
    apply(&mut back, &to_pairs(&s)).unwrap();
    assert_eq!(back, s);
}

#[test]
fn the_preset_applies_first_wherever_it_stands() {
    let a = scenario("tasks=3 preset=cpu-bound");
    assert_eq!(a.workload.tasks, 3);
    assert_eq!(a.workload.cpu_ms, 50.7);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_query_is_accepted_or_refused_with_a_message(pairs in proptest::collection::vec(
        (prop_oneof![Just("tasks".to_string()), Just("cores".to_string()), Just("model".to_string()),
                     Just("cpu_ms".to_string()), Just("preset".to_string()), Just("python".to_string()),
                     Just("jitter".to_string()), Just("blocking".to_string()), "[a-z_]{1,12}"],
         "\\PC{0,20}"), 0..6)) {
        let mut s = Scenario::default();
        match apply(&mut s, &pairs) {
            Ok(()) => prop_assert!(s.validate().is_ok()),
            Err(e) => prop_assert!(!e.field.is_empty() && !e.message.is_empty()),
        }
    }
}

#[test]
fn a_link_with_bad_settings_keeps_the_good_ones_and_says_why() {
    let pairs: Vec<(String, String)> = [
        ("cores", "0"),
        ("model", "threads"),
        ("tasks", "lots"),
        ("view", "lab"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let (s, notices) = concurrency_lab::engine::params::lenient(&pairs, &["view"]);
    assert_eq!(s.model.kind.name(), "threads");
    assert_eq!(s.machine.cores, Scenario::default().machine.cores);
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(notices[0].contains("cores"), "{notices:?}");
}

proptest! {
    #[test]
    fn lenient_reading_always_gives_a_valid_scenario(pairs in proptest::collection::vec(("[a-z_]{1,14}", "\\PC{0,16}"), 0..8)) {
        let (s, _) = concurrency_lab::engine::params::lenient(&pairs, &[]);
        prop_assert!(s.validate().is_ok());
    }
}

proptest! {
    #[test]
    fn embed_options_accept_any_query(pairs in proptest::collection::vec(
        (prop_oneof![Just("controls".to_string()), Just("speed".to_string()), Just("height".to_string()),
                     Just("theme".to_string()), Just("lesson".to_string()), Just("step".to_string()),
                     Just("autoplay".to_string()), Just("loop".to_string()), "[a-z]{1,8}"],
         "\\PC{0,24}"), 0..10)) {
        let o = concurrency_lab::embed::EmbedOptions::from_pairs(&pairs);
        prop_assert!((0.1..=100.0).contains(&o.speed));
        prop_assert!(o.height.is_none_or(|h| (200..=4000).contains(&h)));
        prop_assert!(o.lesson.as_ref().is_none_or(|(id, step)| !id.is_empty() && *step < 1000));
    }
}

#[test]
fn groups_round_trip_through_a_link() {
    let s = scenario("groups=io-loop:1:500:1:0:0;crunch:2:1:0:2000:0:100:0:45 model=threads workers=3 io_call_us=12");
    assert_eq!(s.workload.groups.len(), 2);
    assert_eq!(s.workload.groups[1].io_call_us, Some(45.0));
    let mut back = Scenario::default();
    apply(&mut back, &to_pairs(&s)).unwrap();
    assert_eq!(back, s);
}

#[test]
fn malformed_groups_say_how_to_write_them() {
    let mut s = Scenario::default();
    let err = apply(&mut s, &[("groups".into(), "io:1:2".into())])
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("groups: group 1 has 3 fields; write name:tasks:repeat"),
        "{err}"
    );
    let err = apply(&mut s, &[("groups".into(), "io:1:0:1:0:0".into())])
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("groups[0].repeat: must be a whole number from 1"),
        "{err}"
    );
}
