//! Invariants that must hold for every scenario, checked over many random ones.

use concurrency_lab::engine::trace::{LaneKind, State, Trace, NEVER};
use concurrency_lab::engine::{self, diagnosis, settings, ModelKind, Plan, Scenario};
use proptest::prelude::*;

use super::arbitrary::{self, SMALL};
use super::support::{plan, run_scenario};

/// Every lane's spans start at 0, touch end to end, never run backwards and end at the makespan.
fn check_time_flows_forward(t: &Trace) {
    for lane in &t.lanes {
        let mut at = 0;
        for s in &lane.spans {
            assert_eq!(s.start, at, "gap or overlap on {}", lane.name);
            assert!(s.end > s.start, "empty or backwards span on {}", lane.name);
            at = s.end;
        }
        assert_eq!(at, t.makespan, "{} does not end at the makespan", lane.name);
    }
}

/// At no instant do more lanes use a core than there are cores, or more than one thread of the
/// main interpreter run Python on a GIL build.
fn check_cores_and_gil(t: &Trace, has_gil: bool) {
    let mut edges: Vec<(u64, i32, i32)> = Vec::new();
    for lane in t.lanes.iter().filter(|l| {
        matches!(
            l.kind,
            LaneKind::Thread | LaneKind::Process | LaneKind::EventLoop
        )
    }) {
        for s in lane.spans.iter().filter(|s| s.state.on_core()) {
            let py = i32::from(s.state != State::RunningC && lane.kind != LaneKind::Process);
            edges.push((s.start, 1, py));
            edges.push((s.end, -1, -py));
        }
    }
    // Ends sort before starts at the same instant.
    edges.sort_by_key(|&(at, d, _)| (at, d));
    let (mut running, mut python) = (0, 0);
    for (_, d, p) in edges {
        running += d;
        python += p;
        assert!(running <= t.cores as i32, "more running threads than cores");
        if has_gil {
            assert!(
                python <= 1,
                "two threads of one interpreter ran Python at once"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// The Compare panel's and the recommendation's figures, simulated without spans, are the
    /// full runs' to the last bit: the same models, workers, speedups, makespans and refusals.
    #[test]
    fn comparisons_without_spans_equal_the_full_runs(s in arbitrary::scenario(SMALL)) {
        let p = Plan::new(&s).expect("a valid scenario");
        let full = engine::compare(&p).expect("compare runs");
        let brief = engine::comparison(&p, false).expect("comparison runs").models;
        prop_assert_eq!(full.len(), brief.len());
        for (f, b) in full.iter().zip(&brief) {
            prop_assert_eq!(f.model, b.model);
            prop_assert_eq!(f.workers, b.workers);
            match (&f.metrics, &b.result) {
                (Ok(m), Ok(speed)) => {
                    prop_assert_eq!(m.speedup.to_bits(), speed.speedup.to_bits());
                    prop_assert_eq!(m.makespan_s.to_bits(), speed.makespan_s.to_bits());
                }
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                (a, b) => prop_assert!(false, "full {:?} but brief {:?}", a.is_ok(), b.is_ok()),
            }
        }
        // A run's recommendation, which takes the run's own model from its outcome, is the
        // one every model simulated again would give.
        let own = engine::recommend(&engine::run(&p).expect("runs")).expect("recommends");
        prop_assert_eq!(own, diagnosis::recommendation(&p, &brief));
    }

    /// `conclab run`'s figures, added up as the run goes without keeping a span, are those
    /// computed from the full trace to the last bit (floats compared by their exact printed
    /// value), with the same findings and recommendation.
    #[test]
    fn metrics_added_up_as_the_run_goes_equal_those_of_the_stored_trace(
        s in arbitrary::scenario(SMALL)
    ) {
        let p = Plan::new(&s).expect("a valid scenario");
        let full = engine::run(&p).expect("runs");
        let report = engine::report(&p).expect("runs");
        prop_assert_eq!(format!("{:?}", report.metrics), format!("{:?}", full.metrics));
        prop_assert_eq!(report.diagnosis, full.diagnosis.clone());
        prop_assert_eq!(report.recommendation, engine::recommend(&full).expect("runs"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn every_run_keeps_the_invariants(s in arbitrary::scenario(SMALL)) {
        let p = Plan::new(&s).expect("a valid scenario");
        let out = engine::run(&p).expect("valid scenario runs");
        let t = &out.trace;
        prop_assert_eq!(t.tasks.len(), p.total_tasks() as usize);
        match &t.deadlock.0 {
            // Every task finishes exactly once, after it starts.
            None => {
                prop_assert!(t.tasks.iter().all(|r| r.lane.is_some() && r.end >= r.start));
                prop_assert_eq!(out.metrics.tasks_done, p.total_tasks());
            }
            // Only groups taking locks in conflicting orders deadlock, and the tasks of the
            // cycle never finish: the run ends instead of hanging.
            Some(d) => {
                prop_assert!(p.may_deadlock());
                prop_assert!(d.cycle.len() >= 2 && d.at <= t.makespan);
                prop_assert!(d.cycle.iter().all(|s| t.tasks[s.task as usize].end == NEVER));
                prop_assert!(out.metrics.tasks_done < p.total_tasks());
            }
        }
        check_time_flows_forward(t);
        check_cores_and_gil(t, !s.python.version.free_threaded());
        prop_assert!(out.metrics.cpu_utilization <= 1.0 + 1e-9);
        // Same scenario and seed, same trace.
        let again = engine::run(&p).expect("runs again");
        prop_assert_eq!(&again.trace, t);
        prop_assert_eq!(&again.metrics.trace_hash, &out.metrics.trace_hash);
        // The baseline, simulated without spans, ends when the full sequential run does.
        let sequential = engine::simulate(&p.sequential()).expect("sequential runs");
        prop_assert_eq!(out.baseline, sequential.makespan);
        prop_assert_eq!(engine::baseline_makespan(&p).expect("runs"), sequential.makespan);
    }
}

#[test]
fn a_different_seed_changes_a_jittered_run() {
    let mut s = Scenario::default();
    s.workload.tasks = 20;
    s.workload.io_ms = 10.0;
    s.workload.jitter = 0.5;
    s.model.kind = ModelKind::Threads;
    let a = run_scenario(&s).metrics.trace_hash;
    s.seed = 2;
    let b = run_scenario(&s).metrics.trace_hash;
    assert_ne!(a, b);
}

#[test]
fn a_run_beyond_the_event_limit_is_refused_not_hung() {
    let mut s = Scenario::default();
    // Two threads trading the GIL every microsecond for an hour: billions of switches.
    s.workload.tasks = 2;
    s.workload.cpu_ms = 3_600_000.0;
    s.model.kind = ModelKind::Threads;
    s.model.workers = Some(2);
    s.python.switch_interval_ms = 0.001;
    // Each switch leaves a stale event behind, and the timeline grows: refused when the run
    // holds too much, naming the limit, long before it has used up its events.
    let err = engine::run(&plan(&s)).unwrap_err();
    let limit = format!("at most {} pending events", engine::MAX_HELD);
    assert!(err.to_string().contains(&limit), "{err}");
}

#[test]
fn a_million_connections_are_accepted_and_one_more_is_refused_by_name() {
    let given = |tasks: u32| {
        let pairs = [
            ("preset", "chat-server".to_string()),
            ("tasks", tasks.to_string()),
        ]
        .map(|(k, v)| (k.to_string(), v));
        settings::apply(&Scenario::default(), &pairs).and_then(|s| Plan::new(&s))
    };
    assert_eq!(given(1_000_000).unwrap().total_tasks(), 1_000_000);
    let err = given(1_000_001).unwrap_err().to_string();
    assert!(
        err.starts_with("tasks: must be a whole number from 1 to 1000000"),
        "{err}"
    );
}

#[test]
fn running_in_slices_gives_the_same_outcome_as_one_go() {
    for settings in [
        "preset=chat-server model=asyncio",
        "preset=cpu-bound model=threads workers=4",
        "preset=image-batch model=processes",
    ] {
        let s = plan(&super::support::scenario(settings));
        let whole = engine::run(&s).unwrap();
        let mut sim = engine::Simulation::start(&s);
        let (mut slices, mut seen) = (0, 0);
        let sliced = loop {
            if let Some(o) = sim.advance(50).unwrap() {
                break o;
            }
            assert!(sim.events() > seen, "{settings}: progress");
            seen = sim.events();
            slices += 1;
        };
        assert!(slices > 3, "{settings}: {slices} slices");
        assert_eq!(sliced.trace, whole.trace, "{settings}");
        assert_eq!(sliced.metrics, whole.metrics, "{settings}");
    }
}
