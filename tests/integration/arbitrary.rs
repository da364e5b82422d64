//! Random scenarios for property tests, covering every field of a scenario (task groups and
//! every knob included). `small` ones are quick to run; `any` ones take any value a setting
//! allows, to test reading and writing settings.

use concurrency_lab::engine::scenario::{
    Machine, Model, Python, TaskGroup, Workload, MAX_BYTES, MAX_CHUNK, MAX_CORES, MAX_GROUPS,
    MAX_PHASE_MS, MAX_WORKERS,
};
use concurrency_lab::engine::{IoKind, ModelKind, Named, PyVersion, Scenario, StartMethod};
use proptest::prelude::*;

/// How large the values may be.
#[derive(Clone, Copy)]
pub struct Scale {
    tasks: u32,
    phase_ms: f64,
    bytes: u64,
    repeat: u32,
    workers: u32,
    cores: u32,
    switch_ms: (f64, f64),
    chunk: u32,
}

/// Scenarios that run in a few milliseconds.
pub const SMALL: Scale = Scale {
    tasks: 12,
    phase_ms: 12.0,
    bytes: 300_000,
    repeat: 4,
    workers: 9,
    cores: 9,
    switch_ms: (0.5, 10.0),
    chunk: 5,
};

/// Any value a setting allows (for reading and writing, not for running).
pub const ANY: Scale = Scale {
    tasks: 6_000,
    phase_ms: MAX_PHASE_MS,
    bytes: MAX_BYTES,
    repeat: 10,
    workers: MAX_WORKERS,
    cores: MAX_CORES,
    switch_ms: (0.001, 1000.0),
    chunk: MAX_CHUNK,
};

fn one_of<T: Named + std::fmt::Debug>() -> impl Strategy<Value = T> {
    proptest::sample::select(T::all())
}

fn ms(scale: Scale) -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), 0.0..=scale.phase_ms]
}

/// Up to three of three lock names, in any order: groups that share two in opposite orders
/// may deadlock.
fn locks() -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(vec!["a", "b", "c"], 0..=3)
        .prop_shuffle()
        .prop_map(|names| names.into_iter().map(String::from).collect())
}

fn group(scale: Scale) -> impl Strategy<Value = TaskGroup> {
    (
        "[A-Za-z0-9]([A-Za-z0-9 ._-]{0,10}[A-Za-z0-9])?",
        (1..=scale.tasks, 1..=scale.repeat),
        (ms(scale), ms(scale), ms(scale)),
        (0..=scale.bytes, 0..=scale.bytes),
        (proptest::option::of(0.0..=200.0f64), one_of::<IoKind>()),
        (locks(), ms(scale), ms(scale)),
    )
        .prop_map(
            |(
                name,
                (tasks, repeat),
                (io_ms, cpu_ms, cext_ms),
                (payload_bytes, result_bytes),
                (io_call_us, io_kind),
                (lock, locked_ms, locked_io_ms),
            )| {
                // Work holding a lock needs a lock to hold.
                let (locked_ms, locked_io_ms) = match lock.is_empty() {
                    true => (0.0, 0.0),
                    false => (locked_ms, locked_io_ms),
                };
                TaskGroup {
                    name,
                    tasks,
                    repeat,
                    io_ms,
                    cpu_ms,
                    cext_ms,
                    payload_bytes,
                    result_bytes,
                    io_call_us,
                    io_kind,
                    lock,
                    locked_ms,
                    locked_io_ms,
                    ..TaskGroup::default()
                }
            },
        )
}

fn workload(scale: Scale) -> impl Strategy<Value = Workload> {
    let groups = if scale.tasks > SMALL.tasks {
        MAX_GROUPS
    } else {
        3
    };
    (
        (1..=scale.tasks, ms(scale), ms(scale), ms(scale)),
        (0..=scale.bytes, 0..=scale.bytes, 0.0..=1.0f64, 0..=8u32),
        (proptest::option::of(0.0..=200.0f64), one_of::<IoKind>()),
        prop_oneof![2 => Just(Vec::new()), 1 => proptest::collection::vec(group(scale), 1..=groups)],
    )
        .prop_map(
            |((tasks, io_ms, cpu_ms, cext_ms), (payload_bytes, result_bytes, jitter, remote_limit), (io_call_us, io_kind), groups)| {
                Workload {
                    tasks,
                    io_ms,
                    io_kind,
                    cpu_ms,
                    cext_ms,
                    payload_bytes,
                    result_bytes,
                    jitter,
                    remote_limit,
                    io_call_us,
                    groups,
                }
            },
        )
}

fn model(scale: Scale) -> impl Strategy<Value = Model> {
    (
        one_of::<ModelKind>(),
        proptest::option::of(1..=scale.workers),
        proptest::option::of(one_of::<StartMethod>()),
        proptest::option::of(1..=scale.chunk),
        0..=scale.chunk,
        any::<bool>(),
    )
        .prop_map(
            |(kind, workers, start_method, chunksize, limit, blocking)| Model {
                kind,
                workers,
                start_method,
                chunksize,
                limit,
                blocking,
            },
        )
}

/// A random valid scenario of the given scale.
pub fn scenario(scale: Scale) -> impl Strategy<Value = Scenario> {
    (
        workload(scale),
        model(scale),
        (
            1..=scale.cores,
            one_of::<PyVersion>(),
            scale.switch_ms.0..=scale.switch_ms.1,
        ),
        any::<u64>(),
        proptest::option::of(0..=5u32),
    )
        .prop_map(
            |(mut workload, mut model, (cores, mut version, switch_interval_ms), seed, queue)| {
                if let Some(maxsize) = queue {
                    pipeline(&mut workload.groups, maxsize, &mut model);
                }
                if model.kind == ModelKind::Interpreters && !version.has_interpreter_pool() {
                    version = PyVersion::V314;
                }
                if model.kind == ModelKind::Interpreters {
                    // Subinterpreters share no lock.
                    for g in &mut workload.groups {
                        (g.lock, g.locked_ms, g.locked_io_ms) = (Vec::new(), 0.0, 0.0);
                    }
                }
                Scenario {
                    machine: Machine { cores },
                    python: Python {
                        version,
                        switch_interval_ms,
                    },
                    workload,
                    model,
                    seed,
                }
            },
        )
}

/// Chains `groups` into a pipeline, each stage putting into a queue of `maxsize` (0:
/// unbounded) the next one gets from, and makes `model` one that runs it with a thread or task
/// for each task.
fn pipeline(groups: &mut [TaskGroup], maxsize: u32, model: &mut Model) {
    if groups.len() < 2 {
        return;
    }
    let last = groups.len() - 1;
    for (i, g) in groups.iter_mut().enumerate() {
        if i > 0 {
            (g.get, g.repeat) = (Some(format!("q{}", i - 1)), 1);
        }
        if i < last {
            (g.put, g.maxsize) = (Some(format!("q{i}")), maxsize);
        }
    }
    if !matches!(
        model.kind,
        ModelKind::Sequential | ModelKind::Threads | ModelKind::Processes | ModelKind::Asyncio
    ) {
        model.kind = ModelKind::Threads;
    }
    let tasks: u32 = groups.iter().map(|g| g.tasks).sum();
    if model.workers.is_some_and(|w| w < tasks) {
        model.workers = None;
    }
    if model.kind == ModelKind::Processes {
        model.chunksize = None;
    }
    if model.limit < tasks {
        model.limit = 0;
    }
}
