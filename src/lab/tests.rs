use super::*;
use crate::engine::{self, ModelKind};

/// A state whose current run was simulated to the end (as the page's hook would).
fn finished(mut s: LabState) -> LabState {
    let (id, plan) = s.job().expect("a run to do");
    let o = engine::run(&plan).expect("runs");
    s = s.reduce(Action::Finished(id, Ok(Shared::new(o))));
    s
}

fn lab(query: &str) -> LabState {
    let r = settings::read(&Scenario::default(), &crate::links::decode(query), &[]);
    finished(LabState::new(r.scenario, Vec::new()))
}

#[test]
fn a_comparison_answer_for_an_older_request_is_dropped() {
    let s = lab("preset=cpu-bound&model=threads");
    let s = s.reduce(Action::Compare);
    let (first, plan) = s.compare_request().expect("asked");
    // The person changes the scenario and asks again before the first answer arrives.
    let s = s.reduce(Action::Set("cores".into(), "2".into()));
    assert_eq!(
        s.compare,
        Compare::Idle,
        "a new scenario forgets the old question"
    );
    let s = finished(s).reduce(Action::Compare);
    let (second, _) = s.compare_request().expect("asked again");
    assert_ne!(first, second);
    let stale = engine::comparison(&plan).unwrap();
    let s = s.reduce(Action::Compared(first, Ok(stale)));
    assert_eq!(
        s.compare,
        Compare::Asked(second),
        "the stale answer is not shown"
    );
    let fresh = engine::comparison(s.plan.as_ref().unwrap()).unwrap();
    let s = s.reduce(Action::Compared(second, Ok(fresh.clone())));
    assert!(matches!(&s.compare, Compare::Ready(c) if **c == fresh));
}

#[test]
fn a_report_from_a_replaced_run_changes_nothing() {
    let s = LabState::new(Scenario::default(), Vec::new());
    let (old, plan) = s.job().unwrap();
    let s = s.reduce(Action::Set("model".into(), "threads".into()));
    let o = Shared::new(engine::run(&plan).unwrap());
    let after = s.clone().reduce(Action::Finished(old, Ok(o)));
    assert_eq!(after, s);
    assert!(matches!(after.run, Run::Simulating { .. }));
}

#[test]
fn a_refused_setting_keeps_the_scenario_and_says_why() {
    let s = lab("preset=cpu-bound");
    let before = s.scenario.clone();
    let s = s.reduce(Action::Set("model".into(), "interpreters".into()));
    assert_eq!(s.scenario, before);
    assert!(
        s.notices[0].contains("needs Python 3.14"),
        "{:?}",
        s.notices
    );
    let s = s.reduce(Action::Set("python".into(), "3.14".into()));
    let s = finished(s).reduce(Action::Set("model".into(), "interpreters".into()));
    assert_eq!(s.scenario.model.kind, ModelKind::Interpreters);
}

#[test]
fn with_autoplay_a_finished_run_plays_from_the_start() {
    let cpu = lab("preset=cpu-bound").scenario;
    let s = LabState::new(cpu.clone(), Vec::new()).reduce(Action::Autoplay(true));
    let s = finished(s);
    assert!(s.playing);
    assert_eq!(s.cursor, 0);
    let s = finished(LabState::new(cpu, Vec::new()));
    assert!(!s.playing);
    assert_eq!(s.cursor, s.makespan());
}
