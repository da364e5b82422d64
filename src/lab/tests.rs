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
    let (first, p, every) = s.compare_request().expect("asked");
    let plan = (p, every);
    // The person changes the scenario and asks again before the first answer arrives.
    let s = s.reduce(Action::Set("cores".into(), "2".into()));
    assert_eq!(
        s.compare,
        Compare::Idle,
        "a new scenario forgets the old question"
    );
    let s = finished(s).reduce(Action::Compare);
    let (second, ..) = s.compare_request().expect("asked again");
    assert_ne!(first, second);
    let stale = engine::comparison(&plan.0, plan.1).unwrap();
    let s = s.reduce(Action::Compared(first, Ok(stale)));
    assert_eq!(
        s.compare,
        Compare::Asked(second),
        "the stale answer is not shown"
    );
    let fresh = engine::comparison(s.plan.as_ref().unwrap(), false).unwrap();
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

#[test]
fn stepping_moves_to_the_next_moment_something_changes() {
    let s = lab("preset=cpu-bound&model=threads&workers=4").reduce(Action::Seek(0));
    let s = s.reduce(Action::Step(1));
    let first = s.cursor;
    assert!(
        first > 0 && first < 1_000_000,
        "the first change is at {first} ns"
    );
    let o = s.outcome().unwrap().clone();
    assert!(
        o.trace
            .lanes
            .iter()
            .any(|l| l.spans.iter().any(|sp| sp.start == first)),
        "a span starts exactly there"
    );
    let back = s.reduce(Action::Step(1)).reduce(Action::Step(-1));
    assert_eq!(back.cursor, first);
}

#[test]
fn zooming_keeps_the_moment_under_the_pointer_and_panning_stays_inside_the_run() {
    let s = lab("preset=cpu-bound&model=threads&workers=4");
    let end = s.makespan();
    let at = end / 4;
    let z = s.reduce(Action::Zoom(4.0, at));
    let w = z.window();
    assert_eq!(w.duration(), end / 4);
    let share = |w: Window| (at - w.start) as f64 / w.duration() as f64;
    assert!((share(w) - 0.25).abs() < 0.01, "{w:?}");
    let far = z.clone().reduce(Action::Pan(100.0)).window();
    assert_eq!(far.end, end, "panning stops at the end of the run");
    assert_eq!(z.reduce(Action::Fit).view, None);
}

#[test]
fn a_short_run_plays_slowed_down_and_a_run_of_seconds_in_real_time() {
    let cpu = lab("preset=cpu-bound");
    assert!(cpu.rate < 0.2, "407 ms plays over seconds: {}", cpu.rate);
    let scraper = lab("preset=web-scraper&model=threads&workers=4");
    assert_eq!(scraper.rate, 1.0, "a run of seconds plays in real time");
    assert_eq!(natural_rate(3_600 * SEC), 500.0);
}

#[test]
fn with_auto_compare_a_finished_run_asks_for_every_model() {
    let cpu = lab("preset=cpu-bound").scenario;
    let s = LabState::new(cpu, Vec::new()).reduce(Action::AutoCompare(true));
    assert_eq!(s.compare, Compare::Idle);
    assert!(matches!(finished(s).compare, Compare::Asked(_)));
}

#[test]
fn a_refused_change_keeps_the_scenario_and_counts_so_fields_show_it_again() {
    let s = lab("preset=io-bound&model=threads");
    let before = s.scenario.clone();
    let s = s.reduce(Action::Set("workers".into(), "10000".into()));
    assert_eq!(s.scenario, before);
    assert_eq!(s.refused, 1);
    assert!(
        s.notices
            .iter()
            .any(|n| n.starts_with("Not changed — workers")),
        "{:?}",
        s.notices
    );
    let s = s.reduce(Action::Set("workers".into(), "8".into()));
    assert_eq!(s.refused, 1, "an accepted change is not counted");
}

#[test]
fn cancel_stops_the_run_ignores_its_late_reports_and_run_again_starts_it_anew() {
    let s = LabState::new(Scenario::default(), Vec::new());
    let (id, plan) = s.job().unwrap();
    let s = s
        .reduce(Action::Progress(id, 300_000))
        .reduce(Action::Cancel);
    assert_eq!(s.run, Run::Stopped(300_000));
    assert_eq!(s.job(), None, "nothing is left to simulate");
    // A slice that was already running reports after the cancel: ignored.
    let o = Shared::new(engine::run(&plan).unwrap());
    let late = s.clone().reduce(Action::Finished(id, Ok(o)));
    assert_eq!(late.run, Run::Stopped(300_000));
    let again = s.reduce(Action::Rerun);
    let (new_id, _) = again.job().expect("a run to do");
    assert!(new_id > id);
    assert_eq!(again.run, Run::Simulating { events: 0 });
    // Cancel when nothing runs changes nothing.
    let done = finished(again);
    assert_eq!(done.clone().reduce(Action::Cancel), done);
}
