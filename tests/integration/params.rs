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
