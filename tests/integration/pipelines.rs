//! Pipelines: stages passing items through bounded queues (see `src/engine/sim/channels.rs`),
//! with steady-state throughputs worked out by hand: the slowest stage sets the pace, a fast
//! producer blocks on the full queue, and fast consumers wait on an empty one.

use concurrency_lab::engine::calibration::{
    QUEUE_OP, QUEUE_WAKEUP, THREAD_START, TPE_SUBMIT, TPE_WORKER_PER_TASK,
};
use concurrency_lab::engine::time::{Nanos, MS};
use concurrency_lab::engine::{settings, Outcome, Plan, Scenario, State};

use super::support::{plan, run, scenario};

/// One producer task making 400 items, each 2 ms of GIL-releasing C work, into a queue of
/// `maxsize` 10, and two consumer tasks each taking 10 ms of I/O per item (no Python around
/// it), on four cores.
const FAST_PRODUCER: &str =
    "groups=make:1:400:0:0:2:0:0:::0:0:sleep::jobs:10;send:2:1:10:0:0:0:0:0::0:0:sleep:jobs cores=4";

/// Items the `group`'s stage finished per second between `from` and `to`.
fn rate(o: &Outcome, group: usize, from: Nanos, to: Nanos) -> f64 {
    let done = o
        .trace
        .reps
        .iter()
        .filter(|r| r.group.index() == group && (from..to).contains(&r.end))
        .count();
    done as f64 / ((to - from) as f64 / 1e9)
}

/// Time the lanes whose names start with `prefix` spent waiting on a queue.
fn queue_wait(o: &Outcome, prefix: &str) -> Nanos {
    o.trace
        .lanes
        .iter()
        .filter(|l| l.name.starts_with(prefix))
        .flat_map(|l| &l.spans)
        .filter(|s| s.state == State::WaitingQueue)
        .map(|s| s.end - s.start)
        .sum()
}

/// 3.14t runs pure Python 10% slower than the GIL build.
fn t314(ns: Nanos) -> Nanos {
    ns * 11 / 10
}

/// One item handed over, worked out by hand on 3.14t (no GIL to wait for) with two cores.
/// The producer's thread starts after a submit and a thread start, takes its task, computes
/// 1 ms in C and puts the item; the consumer's thread, started a submit and a thread start
/// later, takes its task and finds the queue empty. The put wakes it: it runs a wake-up
/// (10.8 µs) later with the item, and its next get finds the queue drained (the producer has
/// ended: the sentinel), so it ends after that get.
#[test]
fn a_put_wakes_the_consumer_blocked_on_an_empty_get() {
    let o = run("groups=make:1:1:0:0:1:0:0:::0:0:sleep::q;take:1:1:0:0:0:0:0:::0:0:sleep:q model=threads cores=2 python=3.14t");
    let start = t314(TPE_SUBMIT) + t314(THREAD_START);
    let put = start + t314(TPE_WORKER_PER_TASK) + MS + t314(QUEUE_OP);
    let asked = 2 * start + t314(TPE_WORKER_PER_TASK) + t314(QUEUE_OP);
    let woken = put + QUEUE_WAKEUP;
    let consumer = o
        .trace
        .lanes
        .iter()
        .find(|l| l.name == "Thread 2")
        .expect("lane");
    let waits: Vec<(Nanos, Nanos)> = consumer
        .spans
        .iter()
        .filter(|s| s.state == State::WaitingQueue)
        .map(|s| (s.start, s.end))
        .collect();
    assert_eq!(
        waits,
        [(asked, woken)],
        "\n{}",
        o.trace.render_text(MS / 10)
    );
    assert_eq!(o.trace.makespan, woken + t314(QUEUE_OP));
    assert_eq!(
        o.trace.makespan, 1_175_602,
        "0.1613 started + 0.0022 taken + 1 computed + 0.0007 put + 0.0108 woken + 0.0007 got ms"
    );
}

/// Two consumers at 10 ms an item take 2 × 100 = 200 items a second; the producer could make
/// 500. In the steady state (0.5 s to 1.5 s) both stages run at 200 a second, the queue stays
/// full and the producer spends most of its time blocked on its put: 3 ms of every 5 (the
/// 400 items take about 2 s, of which it computes 0.8 s).
#[test]
fn a_fast_producer_is_held_to_the_consumers_pace_by_a_full_queue() {
    let o = run(&format!("{FAST_PRODUCER} model=threads"));
    for group in [0, 1] {
        let r = rate(&o, group, 500 * MS, 1500 * MS);
        assert!((198.0..=202.0).contains(&r), "group {group}: {r}/s");
    }
    let depth = &o.trace.queues.0[0];
    assert_eq!((depth.name.as_str(), depth.maxsize), ("jobs", 10));
    assert_eq!(depth.peak(), 10, "never above maxsize");
    assert!(depth.at(1000 * MS) >= 9, "full in the steady state");
    let blocked = queue_wait(&o, "Thread 1") as f64 / o.trace.makespan as f64;
    assert!((0.5..0.65).contains(&blocked), "{blocked}");
    // 400 items at 200 a second, every task ended (the consumers by their sentinels).
    assert!(
        (2.0..2.02).contains(&o.metrics.makespan_s),
        "{}",
        o.metrics.makespan_s
    );
    assert_eq!(o.metrics.tasks_done, 3);
    // Of the three threads' 6 s, the producer's 1.2 s blocked.
    assert!(
        (0.15..0.25).contains(&o.metrics.queue_wait_fraction),
        "{}",
        o.metrics.queue_wait_fraction
    );
}

/// The other way round: a producer at 10 ms an item feeds two consumers that need 2 ms each,
/// so 100 items a second pass, the queue never holds more than one item, and each consumer,
/// taking every other item, waits on it empty 18 ms of every 20.
#[test]
fn fast_consumers_wait_on_an_empty_queue_for_a_slow_producer() {
    let o = run("groups=make:1:200:0:0:10:0:0:::0:0:sleep::jobs:10;send:2:1:2:0:0:0:0:0::0:0:sleep:jobs cores=4 model=threads");
    let r = rate(&o, 1, 500 * MS, 1500 * MS);
    assert!((99.0..=101.0).contains(&r), "{r}/s");
    assert!(o.trace.queues.0[0].peak() <= 1);
    let waited = queue_wait(&o, "Thread 2") + queue_wait(&o, "Thread 3");
    let share = waited as f64 / (2.0 * o.trace.makespan as f64);
    assert!((0.88..0.92).contains(&share), "{share}");
}

/// asyncio.Queue gives the same pace with one thread: the loop awaits every stage's I/O, so
/// 2 ms awaits for the producer and 10 ms for each of two consumers make 200 items a second.
#[test]
fn an_asyncio_pipeline_runs_at_its_slowest_stage_too() {
    let o = run("groups=make:1:400:2:0:0:0:0:0::0:0:sleep::jobs:10;send:2:1:10:0:0:0:0:0::0:0:sleep:jobs model=asyncio");
    let r = rate(&o, 1, 500 * MS, 1500 * MS);
    assert!((197.0..=202.0).contains(&r), "{r}/s");
    assert_eq!(o.trace.queues.0[0].peak(), 10);
    assert_eq!(o.metrics.tasks_done, 3);
}

/// In worker processes the items go through a `multiprocessing.Queue`, pickled: a producer
/// putting 1.01 MB items, which take 1 ms each to move (`MP_QUEUE_BPS`), after 2 ms of C work
/// makes one every 3 ms, so two consumers at 2 ms get 333 a second between them, and the
/// producer's process spends a third of its time pickling.
#[test]
fn a_process_pipeline_pays_for_moving_each_item() {
    let o = run("groups=make:1:400:0:0:2:1010000:0:::0:0:sleep::jobs:10;send:2:1:2:0:0:0:0:0::0:0:sleep:jobs cores=4 model=processes");
    let r = rate(&o, 1, 500 * MS, 1000 * MS);
    assert!((325.0..=335.0).contains(&r), "{r}/s");
    let producer = o
        .trace
        .lanes
        .iter()
        .find(|l| l.name == "Worker 1")
        .expect("lane");
    let pickling: Nanos = producer
        .spans
        .iter()
        .filter(|s| s.state == State::Pickling)
        .map(|s| s.end - s.start)
        .sum();
    assert_eq!(pickling, 400 * MS, "1 ms for each of 400 items");
    assert_eq!(o.metrics.tasks_done, 3);
}

/// Sequential code runs the stages one after another: 400 × 2 ms, then 400 × 10 ms (each
/// consumer task its 200 items), 4.8 s, the baseline the threads' 2 s is 2.4× faster than.
#[test]
fn sequential_code_runs_a_pipeline_stage_after_stage() {
    let o = run(&format!("{FAST_PRODUCER} model=sequential"));
    assert!(
        (4.8..4.81).contains(&o.metrics.makespan_s),
        "{}",
        o.metrics.makespan_s
    );
    assert!(o.trace.queues.0.is_empty());
    let threads = run(&format!("{FAST_PRODUCER} model=threads"));
    assert!(
        (2.35..2.41).contains(&threads.metrics.speedup),
        "{}",
        threads.metrics.speedup
    );
}

/// A stage whose queue nobody feeds, a model without pipelines, too few threads for the
/// stages, tasks sent to a pool's workers several at a time, stages out of order: each
/// refused, naming the setting to change.
#[test]
fn a_pipeline_that_cannot_run_is_refused_naming_the_setting() {
    let refused = |settings: &str| {
        let pairs: Vec<(String, String)> = settings
            .split_whitespace()
            .map(|kv| kv.split_once('=').expect("key=value"))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let e = match settings::apply(&Scenario::default(), &pairs) {
            Ok(s) => Plan::new(&s).map(|_| ()).unwrap_err(),
            Err(e) => e,
        };
        e.to_string()
    };
    let e = refused("groups=send:2:1:10:0:0:0:0:0::0:0:sleep:jobs");
    assert!(
        e.starts_with("groups[0].get:") && e.contains("no group puts into queue 'jobs'"),
        "{e}"
    );
    let e = refused(&format!("{FAST_PRODUCER} model=asyncio+threads"));
    assert!(
        e.starts_with("model:") && e.contains("use threads, processes or asyncio"),
        "{e}"
    );
    let e = refused(&format!("{FAST_PRODUCER} model=processes chunksize=2"));
    assert!(e.starts_with("chunksize:"), "{e}");
    let e = refused(&format!("{FAST_PRODUCER} model=threads workers=2"));
    assert!(e.starts_with("workers:") && e.contains("at least 3"), "{e}");
    let e = refused("groups=a:1:1:0:0:0:0:0:::0:0:sleep:y:x;b:1:1:0:0:0:0:0:::0:0:sleep:x:y");
    assert!(
        e.starts_with("groups[0].get:") && e.contains("must come after"),
        "{e}"
    );
    // Left unset, the thread pool gets a thread per task.
    assert_eq!(
        plan(&scenario(&format!("{FAST_PRODUCER} model=threads"))).workers(),
        3
    );
}

/// A pipeline is judged by what it does per item: its consumers run once per item of their
/// queue, not once per task, so the uploaders' waits outweigh the reader's C work and the work
/// is I/O-bound (it read as C-bound when each consumer counted as one repetition).
#[test]
fn a_pipeline_is_judged_by_the_work_of_each_item() {
    let p = plan(&scenario(FAST_PRODUCER));
    assert_eq!(p.repetitions(), vec![400.0, 400.0]);
    assert_eq!(
        concurrency_lab::engine::diagnosis::work_kind(&p),
        concurrency_lab::engine::diagnosis::WorkKind::IoBound
    );
}
