//! Locks the program takes, with timelines worked out by hand from the lock rules (see
//! `src/engine/sim/locks.rs`): a lock serialises its holders with or without a GIL, a thread
//! that asks again before the woken waiter runs keeps the lock (until, on 3.13+, the waiter has
//! waited 1 ms), and two locks taken in opposite orders deadlock — the run ends and says where.

use concurrency_lab::engine::calibration::{
    LOCK_FAIR_AFTER, LOCK_WAKEUP, LOCK_WITH, THREAD_START, TPE_SUBMIT, TPE_WORKER_PER_TASK,
};
use concurrency_lab::engine::time::{Nanos, MS};
use concurrency_lab::engine::trace::{Stuck, NEVER};
use concurrency_lab::engine::{simulate, Outcome, State};
use concurrency_lab::python_code::program;

use super::support::{plan, rows, run, scenario};

/// 3.14t runs pure Python 10% slower than the GIL build.
fn t314(ns: Nanos) -> Nanos {
    ns * 11 / 10
}

/// When the first worker thread takes its first lock on 3.14t, its task submitted by the main
/// thread (a submit, then starting the thread) and begun by the worker (its per-task work,
/// then the uncontended acquire).
fn first_lock_314t() -> Nanos {
    t314(TPE_SUBMIT) + t314(THREAD_START) + t314(TPE_WORKER_PER_TASK) + t314(LOCK_WITH)
}

/// The stretches a lane spends waiting for a lock, as (start, end).
fn lock_waits(o: &Outcome, lane: &str) -> Vec<(Nanos, Nanos)> {
    let lane = o.trace.lanes.iter().find(|l| l.name == lane).expect("lane");
    lane.spans
        .iter()
        .filter(|s| s.state == State::WaitingLock)
        .map(|s| (s.start, s.end))
        .collect()
}

/// Two threads, one task each doing 5 ms of Python holding one lock, on a free-threaded build
/// with two cores: no GIL stands between them, yet the lock does. Thread 1 takes the lock at
/// 0.164 ms (see [`first_lock_314t`]) and holds it 5.5 ms (5 ms at 3.14t's speed); Thread 2,
/// started 0.161 ms later, waits for it. The release hands it to Thread 2 — it has waited over
/// a millisecond, so `PyMutex` is fair to it — which runs a wake-up (10 µs) later, for 5.5 ms.
/// One character = 1 ms.
#[test]
fn two_threads_on_one_lock_take_turns_without_a_gil() {
    let o =
        run("groups=update:2:1:0:0:0:0:0::shared:5 model=threads workers=2 cores=2 python=3.14t");
    let want = first_lock_314t() + t314(5 * MS) + LOCK_WAKEUP + t314(5 * MS);
    assert_eq!(o.trace.makespan, want, "\n{}", o.trace.render_text(MS));
    assert_eq!(want, 11_173_625, "0.164 + 5.5 + 0.01 + 5.5 ms");
    let got = rows(&o, MS, "Thread");
    assert_eq!(got[0].1, "PPPPPP......", "\n{}", o.trace.render_text(MS));
    assert_eq!(got[1].1, "wwwwwwPPPPPP", "\n{}", o.trace.render_text(MS));
    // Thread 2 waited for the lock from its first ask until the hand-off, never for a GIL
    // there is not; that is a third of the threads' busy time (two 5.5 ms holds and the wait).
    let asked = first_lock_314t() + t314(TPE_SUBMIT) + t314(THREAD_START);
    let handed = first_lock_314t() + t314(5 * MS) + LOCK_WAKEUP;
    assert_eq!(lock_waits(&o, "Thread 2"), [(asked, handed)]);
    assert!(
        (0.3..0.34).contains(&o.metrics.lock_wait_fraction),
        "{}",
        o.metrics.lock_wait_fraction
    );
    assert_eq!(o.metrics.gil_wait_fraction, 0.0);
}

/// The same two tasks under the GIL take as long, give or take the GIL's own hand-offs: the
/// lock, not the GIL, is what makes them take turns.
#[test]
fn a_lock_serialises_threads_with_or_without_a_gil() {
    let gil = run("groups=update:2:1:0:0:0:0:0::shared:5 model=threads workers=2 cores=2");
    let free =
        run("groups=update:2:1:0:0:0:0:0::shared:5 model=threads workers=2 cores=2 python=3.14t");
    let no_lock = run("groups=update:2:1:0:5:0 model=threads workers=2 cores=2 python=3.14t");
    let ms = |o: &Outcome| o.metrics.makespan_s * 1e3;
    assert!((10.0..10.6).contains(&ms(&gil)), "{}", ms(&gil));
    assert!((11.0..11.3).contains(&ms(&free)), "{}", ms(&free));
    // Without the lock the free-threaded build runs both at once.
    assert!(ms(&no_lock) < 6.0, "{}", ms(&no_lock));
}

/// Two threads loop 200 times over a little Python outside the lock and 50 µs inside it, under
/// 3.11's semaphore lock (no fairness). Going round the loop takes Thread 1 5 µs, less than the
/// 10 µs a woken waiter needs: once Thread 2 (let in by the GIL's switch interval) waits for
/// the lock, Thread 1 takes it back every time, and Thread 2 waits in one stretch until
/// Thread 1 is done. With 20 µs outside, the woken waiter is first, so every release hands the
/// lock over; shown with a pool's `multiprocessing.Lock`, a semaphore too, because there no GIL
/// keeps the two from meeting on the lock (under one, Thread 2 first waits out the switch
/// intervals). Both workers then wait once per repetition, all but the few before they meet.
#[test]
fn a_thread_that_asks_again_before_the_woken_waiter_runs_keeps_the_lock() {
    let keeps = run("groups=loop:2:200:0:0.005:0:0:0::shared:0.05 model=threads workers=2 cores=2");
    let waits = lock_waits(&keeps, "Thread 2");
    assert_eq!(waits.len(), 1, "{waits:?}");
    let first = keeps.trace.tasks[0];
    assert_eq!(
        waits[0].1,
        first.end + LOCK_WAKEUP,
        "Thread 2 waits for Thread 1's last release"
    );

    let passes =
        run("groups=loop:2:200:0:0.02:0:0:0::shared:0.05 model=processes workers=2 cores=2");
    for lane in ["Worker 1", "Worker 2"] {
        let n = lock_waits(&passes, lane).len();
        assert!((180..200).contains(&n), "{lane} waited {n} times");
    }
    let keeps_too =
        run("groups=loop:2:200:0:0.005:0:0:0::shared:0.05 model=processes workers=2 cores=2");
    let n = lock_waits(&keeps_too, "Worker 1").len() + lock_waits(&keeps_too, "Worker 2").len();
    assert_eq!(n, 1, "one worker keeps the lock while the other waits once");
}

/// On 3.13+ `threading.Lock` is a `PyMutex`: the releaser still takes it back while the waiter
/// sleeps, but once a waiter has waited 1 ms the release hands the lock to it. So with 5 µs
/// outside the lock the two threads take turns in stretches of about a millisecond.
#[test]
fn a_waiter_that_waited_a_millisecond_is_handed_the_lock_on_3_13_and_later() {
    let o = run(
        "groups=loop:2:100:0:0.005:0:0:0::shared:0.05 model=threads workers=2 cores=2 python=3.14t",
    );
    let waits: Vec<Nanos> = ["Thread 1", "Thread 2"]
        .iter()
        .flat_map(|lane| lock_waits(&o, lane))
        .map(|(start, end)| end - start)
        .collect();
    assert!(waits.len() >= 6, "{waits:?}");
    // A wait ends at the first release after 1 ms (a repetition is 60.5 µs on 3.14t), plus the
    // wake-up; the last one of each thread may be shorter, when the other runs out of work.
    let turn = t314(5_000 + 50_000 + LOCK_WITH);
    let long = waits.iter().filter(|&&w| w >= LOCK_FAIR_AFTER).count();
    assert!(long + 2 >= waits.len(), "{waits:?}");
    for &w in waits.iter().filter(|&&w| w >= LOCK_FAIR_AFTER) {
        assert!(
            w <= LOCK_FAIR_AFTER + turn + LOCK_WAKEUP,
            "{w} ns: {waits:?}"
        );
    }
}

/// Group "left" takes lock a, does 5 ms of Python, then takes b for the other 5 ms; group
/// "right" takes them the other way round. On 3.14t with two cores, Thread 1 takes a at
/// 0.164 ms and Thread 2 takes b at 0.325 ms (its task was submitted second). Thread 1 asks
/// for b at 5.664 ms and waits; Thread 2 asks for a at 5.825 ms: each holds what the other
/// waits for. The run stops there with the cycle, instead of hanging.
#[test]
fn two_locks_taken_in_opposite_orders_deadlock_and_the_run_says_where() {
    let o = run(
        "groups=left:1:1:0:0:0:0:0::a,b:10;right:1:1:0:0:0:0:0::b,a:10 \
         model=threads workers=2 cores=2 python=3.14t",
    );
    let second_lock = first_lock_314t() + t314(TPE_SUBMIT) + t314(THREAD_START);
    let closed = second_lock + t314(5 * MS) + t314(LOCK_WITH);
    let d = o.metrics.deadlock.clone().expect("a deadlock");
    assert_eq!(d.at, closed, "{}", d.describe());
    assert_eq!(o.trace.makespan, closed, "nothing happens after it");
    let stuck = |task: u32, group: &str, lane: &str, holds: &str, waits_for: &str| Stuck {
        task,
        group: group.into(),
        lane: lane.into(),
        holds: vec![holds.into()],
        waits_for: waits_for.into(),
    };
    assert_eq!(
        d.cycle,
        [
            stuck(0, "left", "Thread 1", "a", "b"),
            stuck(1, "right", "Thread 2", "b", "a")
        ]
    );
    assert_eq!(
        d.describe(),
        "at 5.83 ms, task 1 (left) on Thread 1 holds a and waits for b; \
         task 2 (right) on Thread 2 holds b and waits for a"
    );
    assert_eq!(o.metrics.tasks_done, 0);
    assert!(o.trace.tasks.iter().all(|t| t.end == NEVER));
    assert!(o.diagnosis.findings[0].starts_with("The tasks deadlocked at 5.83 ms"));
    // Taken in one order, the same work finishes: one thread after the other.
    let fixed = run(
        "groups=left:1:1:0:0:0:0:0::a,b:10;right:1:1:0:0:0:0:0::a,b:10 \
         model=threads workers=2 cores=2 python=3.14t",
    );
    assert!(fixed.metrics.deadlock.is_none());
    assert_eq!(fixed.metrics.tasks_done, 2);
}

/// A coroutine holding an `asyncio.Lock` across an awaited 10 ms call keeps the other two out
/// for the whole wait: three calls take 30 ms, where without the lock they overlap in 10. Each
/// waiting task is handed the lock in turn and resumed by the loop.
#[test]
fn holding_an_asyncio_lock_across_an_await_serialises_the_tasks() {
    let locked = run("groups=fetch:3:1:0:0:0:0:0::cache:0:10 model=asyncio");
    let free = run("groups=fetch:3:1:10:0:0 model=asyncio");
    let ms = |o: &Outcome| o.metrics.makespan_s * 1e3;
    assert!((30.0..30.5).contains(&ms(&locked)), "{}", ms(&locked));
    assert!((10.0..10.5).contains(&ms(&free)), "{}", ms(&free));
}

/// A `multiprocessing.Lock` shared with a pool's workers serialises them as well: the second
/// worker, started once the first had begun its 20 ms, waits for the rest of it.
#[test]
fn a_multiprocessing_lock_serialises_a_pools_workers() {
    let o = run("groups=w:2:1:0:0:0:0:0::shared:20 model=processes workers=2 cores=2");
    let waits = lock_waits(&o, "Worker 2");
    assert_eq!(waits.len(), 1, "{waits:?}");
    let first = o.trace.tasks[0];
    assert_eq!(waits[0].1, first.end + LOCK_WAKEUP);
    assert!(waits[0].1 - waits[0].0 > 10 * MS, "{waits:?}");
}

/// The code view puts a thread waiting for the lock on the group's `with` line, and the one
/// holding it on the locked work inside: at 3 ms Thread 1 holds the lock and Thread 2 waits.
#[test]
fn the_code_view_marks_a_thread_waiting_for_a_lock_on_its_with_line() {
    let s = plan(&scenario(
        "groups=update:2:1:0:0:0:0:0::shared:5 model=threads workers=2 cores=2 python=3.14t",
    ));
    let trace = simulate(&s).expect("runs");
    let p = program(&s, None);
    let marks = p.anchors.marks_at(&trace, 3 * MS);
    let on = |text: &str| {
        marks
            .iter()
            .find(|m| p.line(m.line).trim() == text)
            .map(|m| m.words())
    };
    assert_eq!(
        on("with shared_lock:").as_deref(),
        Some("Thread 2: waiting for a lock"),
        "{marks:?}\n{}",
        p.text
    );
    assert_eq!(
        on("python_work(5)").as_deref(),
        Some("Thread 1: running Python")
    );
}

/// The two lock presets show what they stand for. On 3.14t, eight threads on eight cores gain
/// at most what the 0.2 ms outside the lock can overlap with the 1 ms inside it (1.2×), where
/// without the lock they would run eight at once; two orders of taking two locks deadlock
/// threads with a GIL or without, but not tasks run one after another.
#[test]
fn the_lock_presets_show_a_hot_lock_and_a_deadlock() {
    let hot = run("preset=lock-bound model=threads python=3.14t cores=8 workers=8");
    assert!(
        (1.0..1.2).contains(&hot.metrics.speedup),
        "{}",
        hot.metrics.speedup
    );
    assert!(hot.metrics.lock_wait_fraction > 0.5);
    let free = run("groups=update:8:50:0:1.2:0 model=threads python=3.14t cores=8 workers=8");
    assert!(free.metrics.speedup > 6.0, "{}", free.metrics.speedup);
    for python in ["3.11", "3.14t"] {
        let o = run(&format!("preset=deadlock model=threads python={python}"));
        let d = o.metrics.deadlock.expect("a deadlock");
        let locks = |s: &Stuck| (s.holds.clone(), s.waits_for.clone());
        let cycle: Vec<_> = d.cycle.iter().map(locks).collect();
        assert_eq!(
            cycle,
            [
                (vec!["accounts".to_string()], "log".to_string()),
                (vec!["log".to_string()], "accounts".to_string())
            ],
            "{python}"
        );
    }
    let one_by_one = run("preset=deadlock model=sequential");
    assert!(one_by_one.metrics.deadlock.is_none());
    assert_eq!(one_by_one.metrics.tasks_done, 8);
}
