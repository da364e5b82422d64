//! Small scenarios whose timelines were worked out by hand from the GIL rules.

use super::support::{rows, run};
use concurrency_lab::engine::trace::State;

/// Two CPU-bound threads, 12 ms of Python each, 5 ms switch interval. The main thread submits
/// both (≈0.3 ms), then Thread 1 gets the GIL; Thread 2 waits one interval, asks for a drop,
/// and from then on they alternate every 5 ms: T1 runs 0.3–5.3, 10.3–15.3, 20.3–22.3;
/// T2 runs 5.3–10.3, 15.3–20.3, 22.3–24.3. One character = 1 ms.
#[test]
fn two_cpu_threads_alternate_every_switch_interval() {
    let o = run("tasks=2 cpu_ms=12 model=threads workers=2 cores=2");
    let got = rows(&o, 1_000_000, "Thread");
    let want = vec![
        (
            "Thread 1".to_string(),
            "PPPPPgggggPPPPPgggggPP...".to_string(),
        ),
        (
            "Thread 2".to_string(),
            "gggggPPPPPgggggPPPPPggPPP".to_string(),
        ),
    ];
    assert_eq!(got, want, "\n{}", o.trace.render_text(1_000_000));
    assert!(
        (o.metrics.makespan_s - 0.0243).abs() < 0.0002,
        "makespan {}",
        o.metrics.makespan_s
    );
}

/// A smaller switch interval makes the same threads alternate faster, at the same total time.
#[test]
fn switch_interval_sets_the_alternation_period() {
    let o = run("tasks=2 cpu_ms=12 model=threads workers=2 cores=2 switch_interval_ms=2");
    let got = rows(&o, 1_000_000, "Thread 1");
    assert_eq!(
        got[0].1,
        "PPggPPggPPggPPggPPggPPgg.",
        "\n{}",
        o.trace.render_text(1_000_000)
    );
}

/// Two processes run two tasks at the same time on two cores, after the pool starts.
#[test]
fn process_pool_runs_tasks_side_by_side() {
    let o = run("tasks=2 cpu_ms=10 model=processes workers=2 cores=2");
    let (a, b) = (o.trace.tasks[0], o.trace.tasks[1]);
    assert_ne!(a.lane, b.lane, "each worker takes one task");
    assert!(
        a.start < b.end && b.start < a.end,
        "the tasks overlap: {a:?} {b:?}"
    );
    // fork: 2 handler threads (0.226 ms), 2 × 5.35 ms to fork, worker 2's 1.2 ms start-up,
    // 15 µs to unpickle, 10 ms of work, 22 µs for the parent to take the result = 22.163 ms.
    assert!(
        (o.metrics.makespan_s - 0.022163).abs() < 0.00001,
        "makespan {}",
        o.metrics.makespan_s
    );
}

/// A blocking call inside a coroutine holds up the whole event loop: three 10 ms waits take
/// 30 ms, where awaited they take 10.
#[test]
fn blocking_call_in_a_coroutine_serialises_the_loop() {
    let blocking = run("tasks=3 io_ms=10 model=asyncio blocking=true");
    let awaited = run("tasks=3 io_ms=10 model=asyncio");
    assert!(
        (blocking.metrics.makespan_s - 0.030).abs() < 0.0005,
        "{}",
        blocking.metrics.makespan_s
    );
    assert!(
        (awaited.metrics.makespan_s - 0.010).abs() < 0.0005,
        "{}",
        awaited.metrics.makespan_s
    );
    let lanes = rows(&blocking, 1_000_000, "Event loop");
    // 30 one-millisecond columns of waiting (the 31st holds the last task's bookkeeping).
    assert!(
        lanes[0]
            .1
            .chars()
            .take(30)
            .all(|c| c == State::WaitingIo.glyph()),
        "{}",
        lanes[0].1
    );
}
