//! Task groups and loops: two kinds of work in one program, and the convoy effect they cause.

use concurrency_lab::engine::scenario::TaskGroup;
use concurrency_lab::engine::{ModelKind, Plan, PyVersion, Scenario};

use super::support::{rows, run_scenario};

fn io_loop(repeat: u32) -> TaskGroup {
    TaskGroup {
        name: "io-loop".into(),
        tasks: 1,
        repeat,
        io_ms: 1.0,
        ..TaskGroup::default()
    }
}

fn crunch(tasks: u32, cpu_ms: f64) -> TaskGroup {
    TaskGroup {
        name: "crunch".into(),
        tasks,
        cpu_ms,
        ..TaskGroup::default()
    }
}

/// An I/O loop beside `cpu_threads` CPU-bound threads, on threads.
fn convoy(cpu_threads: u32) -> Scenario {
    let mut s = Scenario::default();
    s.workload.groups = vec![io_loop(200)];
    if cpu_threads > 0 {
        s.workload.groups.push(crunch(cpu_threads, 3000.0));
    }
    s.model.kind = ModelKind::Threads;
    s.model.workers = Some(1 + cpu_threads);
    s
}

fn io_p50_ms(s: &Scenario) -> f64 {
    let o = run_scenario(s);
    o.metrics.groups[0].p50_latency_s * 1e3
}

#[test]
fn convoy_effect_adds_about_a_switch_interval_to_every_io_call() {
    let alone = io_p50_ms(&convoy(0));
    let one = io_p50_ms(&convoy(1));
    let two = io_p50_ms(&convoy(2));
    assert!((alone - 1.03).abs() < 0.05, "alone: {alone} ms");
    assert!(
        (one - alone - 5.0).abs() < 0.5,
        "beside one CPU thread: {one} ms"
    );
    assert!(
        two > one + 2.0,
        "beside two CPU threads: {two} ms (one: {one})"
    );

    let mut smaller = convoy(1);
    smaller.python.switch_interval_ms = 1.0;
    let small = io_p50_ms(&smaller);
    assert!(small < alone + 1.5, "1 ms switch interval: {small} ms");

    let mut processes = convoy(1);
    processes.model.kind = ModelKind::Processes;
    assert!(
        (io_p50_ms(&processes) - alone).abs() < 0.1,
        "CPU work in another process"
    );

    let mut free = convoy(1);
    free.python.version = PyVersion::V314t;
    assert!(
        (io_p50_ms(&free) - alone).abs() < 0.1,
        "free-threaded build"
    );
}

#[test]
fn convoy_is_named_in_the_diagnosis_and_group_metrics() {
    let o = run_scenario(&convoy(1));
    let g = &o.metrics.groups;
    assert_eq!(
        (g[0].name.as_str(), g[1].name.as_str()),
        ("io-loop", "crunch")
    );
    assert_eq!((g[0].tasks, g[1].tasks), (1, 1));
    assert!(g[0].gil_wait_fraction > 0.7, "{}", g[0].gil_wait_fraction);
    assert!(g[1].gil_wait_fraction < 0.1, "{}", g[1].gil_wait_fraction);
    assert!(
        o.diagnosis.findings.iter().any(|f| f.contains("'io-loop'")),
        "{:?}",
        o.diagnosis.findings
    );
}

/// Worked by hand: T1 (3 × 1 ms of I/O, 15 µs of Python each side of each call) gets the GIL
/// at 0.294 ms and starts waiting on its first call at 0.311; T2 (20 ms of Python) takes the GIL
/// then. Each time T1's I/O ends it waits a full switch interval for T2 to be asked to drop the
/// GIL (6.311, 12.341, 18.371), parses the reply, makes its next call, and T2 takes the GIL back:
/// every repetition takes 1 ms + 5 ms + 30 µs. T2 finishes at 20.388. One character = 1 ms.
#[test]
fn two_group_timeline_matches_the_hand_computed_one() {
    let mut s = Scenario::default();
    s.workload.groups = vec![io_loop(3), crunch(1, 20.0)];
    s.model.kind = ModelKind::Threads;
    s.model.workers = Some(2);
    s.machine.cores = 2;
    let o = run_scenario(&s);
    let got = rows(&o, 1_000_000, "Thread");
    let want = vec![
        ("Thread 1".to_string(), "igggggigggggiggggg...".to_string()),
        ("Thread 2".to_string(), "PPPPPPPPPPPPPPPPPPPPP".to_string()),
    ];
    assert_eq!(got, want, "\n{}", o.trace.render_text(1_000_000));
    assert!(
        (o.metrics.makespan_s - 0.020388).abs() < 0.000005,
        "{}",
        o.metrics.makespan_s
    );
    let reps: Vec<u64> = o
        .trace
        .reps
        .iter()
        .filter(|r| r.group.index() == 0)
        .map(|r| r.end - r.start)
        .collect();
    assert_eq!(reps, vec![6_030_000, 6_030_000, 6_030_000]);
    // While Thread 1 runs the I/O task, its spans are attributed to the I/O group (the pool's
    // own bookkeeping before the task starts belongs to no group).
    let task = o.trace.tasks[0];
    let t1 = o.trace.lanes.iter().find(|l| l.name == "Thread 1").unwrap();
    let during: Vec<_> = t1
        .spans
        .iter()
        .filter(|s| s.start >= task.start && s.end <= task.end)
        .collect();
    assert!(
        during.len() >= 6
            && during
                .iter()
                .all(|s| s.who.map(|w| o.trace.tasks[w.task().index()].group.index()) == Some(0)),
        "{during:?}"
    );
}

#[test]
fn a_plain_workload_is_one_group() {
    let mut s = Scenario::default();
    s.workload.tasks = 3;
    s.workload.cpu_ms = 1.0;
    let o = run_scenario(&s);
    assert_eq!(o.metrics.groups.len(), 1);
    assert_eq!(o.metrics.groups[0].tasks, 3);
}

#[test]
fn bad_groups_are_refused_naming_the_field() {
    let mut s = Scenario::default();
    s.workload.groups = vec![TaskGroup {
        repeat: 0,
        ..TaskGroup::default()
    }];
    assert_eq!(
        Plan::new(&s).unwrap_err().to_string(),
        "groups[0].repeat: must be a whole number from 1 to 100000 (got 0)"
    );
    s.workload.groups = vec![TaskGroup {
        name: " ".into(),
        ..TaskGroup::default()
    }];
    assert!(Plan::new(&s)
        .unwrap_err()
        .to_string()
        .starts_with("groups[0].name"));
}
