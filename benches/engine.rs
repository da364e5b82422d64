//! Engine speed, printed rather than asserted (`cargo bench --bench engine` or `./lab bench`).
//! Targets: ≥ 10 M events/s, and a full 7-model × 32-worker sweep of a 1 000-task workload in
//! under 0.5 s, natively.

use std::hint::black_box;
use std::time::Instant;

use concurrency_lab::engine::{self, params, ModelKind, Scenario};

fn scenario(settings: &[(&str, &str)]) -> Scenario {
    let pairs: Vec<(String, String)> = settings
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut s = Scenario::default();
    params::apply(&mut s, &pairs).expect("valid bench scenario");
    s
}

fn events_per_second(name: &str, s: &Scenario) {
    let start = Instant::now();
    let mut events = 0u64;
    let mut runs = 0;
    while start.elapsed().as_secs_f64() < 1.0 {
        let trace = engine::simulate(black_box(s)).expect("runs");
        events += trace.events;
        runs += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "events/s  {name:<44} {:>6.1} M events/s  ({runs} runs of {} events)",
        events as f64 / secs / 1e6,
        events / runs
    );
}

fn main() {
    println!("Concurrency Lab engine benchmark (native, release)\n");
    events_per_second(
        "GIL contention: 2000×10 ms CPU, 8 threads",
        &scenario(&[
            ("tasks", "2000"),
            ("cpu_ms", "10"),
            ("model", "threads"),
            ("workers", "8"),
        ]),
    );
    events_per_second(
        "chat-server: 10 000 connections, asyncio",
        &scenario(&[("preset", "chat-server"), ("model", "asyncio")]),
    );
    events_per_second(
        "image-batch: 1000 tasks, processes chunksize 1",
        &scenario(&[("preset", "image-batch"), ("model", "processes")]),
    );

    let base = scenario(&[("preset", "image-batch"), ("python", "3.14")]);
    let start = Instant::now();
    let rows = engine::compare(&base, Some(4)).expect("compare runs");
    println!(
        "\ncompare   image-batch (1000 tasks), {} models: {:.1} ms",
        rows.len(),
        start.elapsed().as_secs_f64() * 1e3
    );

    let start = Instant::now();
    let mut runs = 0;
    for kind in ModelKind::ALL {
        let mut s = base.clone();
        s.model.kind = kind;
        runs += engine::sweep(&s, 1..=32).expect("sweep runs").len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "sweep     image-batch (1000 tasks), 7 models × 32 workers = {runs} runs: {:.0} ms",
        secs * 1e3
    );
}
