//! The table itself. A setting's place here is its place when written back into a link.

use super::{Def, Field, Kind, Part, Value};
use strum::VariantNames;

use crate::engine::presets;
use crate::engine::scenario::{
    Scenario, MAX_BYTES, MAX_CHUNK, MAX_CORES, MAX_PHASE_MS, MAX_REPEAT, MAX_TASKS, MAX_WORKERS,
};
use crate::engine::{ModelKind, PyVersion, StartMethod};

/// Tasks of one kind.
pub(crate) const TASK_COUNT: Kind = Kind::Whole {
    min: 1,
    max: MAX_TASKS as u64,
};
/// How many times a task repeats its phases.
pub(crate) const REPEAT_COUNT: Kind = Kind::Whole {
    min: 1,
    max: MAX_REPEAT as u64,
};
/// One phase of a task, in milliseconds.
pub(crate) const PHASE: Kind = Kind::Number {
    min: 0.0,
    max: MAX_PHASE_MS,
};
/// A payload or a result.
pub(crate) const BYTE_COUNT: Kind = Kind::Whole {
    min: 0,
    max: MAX_BYTES,
};
/// Python work around one I/O call, in microseconds.
pub(crate) const CALL_US: Kind = Kind::Number {
    min: 0.0,
    max: 1_000_000.0,
};

/// A getter and a setter for a field of `$t` at a path (`workload.tasks`).
macro_rules! field {
    ($t:ty, $($path:ident).+) => {
        (
            |s: &$t| Field::to_value(&s.$($path).+),
            |s: &mut $t, v: Value| s.$($path).+ = Field::from_value(v),
        )
    };
}
pub(crate) use field;

/// One row of the table.
macro_rules! def {
    ($part:ident $key:literal $label:literal, $kind:expr, $optional:literal, $access:expr, $doc:literal) => {{
        let (get, set) = $access;
        Def {
            key: $key,
            label: $label,
            // The pages show no setting's description (the README and `conclab --help` do), so
            // their wasm carries none.
            doc: if cfg!(target_arch = "wasm32") {
                ""
            } else {
                $doc
            },
            kind: $kind,
            optional: $optional,
            part: Part::$part,
            get,
            set,
        }
    }};
}
pub(crate) use def;

/// The `preset` setting.
pub static PRESET: Def<Scenario> = def!(Preset "preset" "Workload", Kind::Choice(&presets::NAMES), true,
        (
            |s: &Scenario| presets::matching(&s.workload).map_or(Value::Unset, |p| Value::Choice(p.name)),
            |s: &mut Scenario, v: Value| {
                if let Some(p) = presets::find(&v.to_text().unwrap_or_default()) {
                    s.workload = p.workload();
                }
            },
        ),
        "a named workload (`conclab presets`); applied first, the other settings then change it");

/// The `tasks` setting.
pub static TASKS: Def<Scenario> = def!(Workload "tasks" "Tasks", TASK_COUNT, false, field!(Scenario, workload.tasks),
        "how many tasks (all alike; `groups` for several kinds)");

/// The `io_ms` setting.
pub static IO_MS: Def<Scenario> = def!(Workload "io_ms" "I/O ms", PHASE, false, field!(Scenario, workload.io_ms),
        "I/O wait per task, ms: a network call or a disk read (the GIL is released)");

/// The `cpu_ms` setting.
pub static CPU_MS: Def<Scenario> = def!(Workload "cpu_ms" "Python ms", PHASE, false, field!(Scenario, workload.cpu_ms),
        "pure-Python work per task, ms (holds the GIL)");

/// The `cext_ms` setting.
pub static CEXT_MS: Def<Scenario> = def!(Workload "cext_ms" "C ext. ms", PHASE, false, field!(Scenario, workload.cext_ms),
        "C work per task that releases the GIL (NumPy, hashlib, zlib), ms");

/// The `payload_bytes` setting.
pub static PAYLOAD_BYTES: Def<Scenario> = def!(Workload "payload_bytes" "Payload bytes", BYTE_COUNT, false, field!(Scenario, workload.payload_bytes),
        "bytes sent to a worker process with each task (its pickled arguments)");

/// The `result_bytes` setting.
pub static RESULT_BYTES: Def<Scenario> = def!(Workload "result_bytes" "Result bytes", BYTE_COUNT, false, field!(Scenario, workload.result_bytes),
        "bytes sent back with each result");

/// The `jitter` setting.
pub static JITTER: Def<Scenario> = def!(Workload "jitter" "I/O jitter (0–1)", Kind::Number { min: 0.0, max: 1.0 }, false, field!(Scenario, workload.jitter),
        "random spread of each I/O wait (0.2 = ±20%), drawn from the seed");

/// The `remote_limit` setting.
pub static REMOTE_LIMIT: Def<Scenario> = def!(Workload "remote_limit" "Server limit (0 = none)", Kind::Whole { min: 0, max: MAX_WORKERS as u64 }, false,
        field!(Scenario, workload.remote_limit),
        "how many requests the other side serves at once; 0 = no limit");

/// The `io_call_us` setting.
pub static IO_CALL_US: Def<Scenario> = def!(Workload "io_call_us" "Python per I/O call µs", CALL_US, true, field!(Scenario, workload.io_call_us),
        "Python work around each I/O call, µs (unset: 30 blocking, 60 awaited)");

/// The `groups` setting.
pub static GROUPS: Def<Scenario> = def!(Workload "groups" "Task groups", Kind::Groups, false, field!(Scenario, workload.groups),
        "several kinds of task, replacing the single kind above");

/// The `model` setting.
pub static MODEL: Def<Scenario> = def!(Model "model" "Model", Kind::Choice(<ModelKind as VariantNames>::VARIANTS), false, field!(Scenario, model.kind),
        "the concurrency model");

/// The `workers` setting.
pub static WORKERS: Def<Scenario> = def!(Model "workers" "Workers", Kind::Whole { min: 1, max: MAX_WORKERS as u64 }, true, field!(Scenario, model.workers),
        "pool or executor size (unset: the library's default)");

/// The `start_method` setting.
pub static START_METHOD: Def<Scenario> = def!(Model "start_method" "Start method", Kind::Choice(<StartMethod as VariantNames>::VARIANTS), true, field!(Scenario, model.start_method),
        "how a process pool starts its workers (unset: the Python version's default)");

/// The `chunksize` setting.
pub static CHUNKSIZE: Def<Scenario> = def!(Model "chunksize" "Chunksize", Kind::Whole { min: 1, max: MAX_CHUNK as u64 }, true, field!(Scenario, model.chunksize),
        "tasks per message to a process pool (unset: the library's default)");

/// The `limit` setting.
pub static LIMIT: Def<Scenario> = def!(Model "limit" "Limit (0 = none)", Kind::Whole { min: 0, max: MAX_CHUNK as u64 }, false, field!(Scenario, model.limit),
        "asyncio: how many tasks may be in flight at once (a Semaphore); 0 = no limit");

/// The `blocking` setting.
pub static BLOCKING: Def<Scenario> = def!(Model "blocking" "Blocking calls in coroutines", Kind::Switch, false, field!(Scenario, model.blocking),
        "asyncio: the coroutines call blocking functions instead of awaiting");

/// The `cores` setting.
pub static CORES: Def<Scenario> = def!(Machine "cores" "Cores", Kind::Whole { min: 1, max: MAX_CORES as u64 }, false, field!(Scenario, machine.cores),
        "CPU cores of the simulated machine");

/// The `python` setting.
pub static PYTHON: Def<Scenario> = def!(Python "python" "Python", Kind::Choice(<PyVersion as VariantNames>::VARIANTS), false, field!(Scenario, python.version),
        "the CPython release; a `t` build is free-threaded (no GIL)");

/// The `switch_interval_ms` setting.
pub static SWITCH_INTERVAL_MS: Def<Scenario> = def!(Python "switch_interval_ms" "Switch interval ms", Kind::Number { min: 0.001, max: 1000.0 }, false,
        field!(Scenario, python.switch_interval_ms),
        "`sys.setswitchinterval`, ms");

/// The `seed` setting.
pub static SEED: Def<Scenario> = def!(Run "seed" "Seed", Kind::Whole { min: 0, max: u64::MAX }, false, field!(Scenario, seed),
        "seed of the random generator (only I/O jitter draws from it)");

/// Every setting of a scenario, in the order links write them.
pub static SETTINGS: &[&Def<Scenario>] = &[
    &PRESET,
    &TASKS,
    &IO_MS,
    &CPU_MS,
    &CEXT_MS,
    &PAYLOAD_BYTES,
    &RESULT_BYTES,
    &JITTER,
    &REMOTE_LIMIT,
    &IO_CALL_US,
    &GROUPS,
    &MODEL,
    &WORKERS,
    &START_METHOD,
    &CHUNKSIZE,
    &LIMIT,
    &BLOCKING,
    &CORES,
    &PYTHON,
    &SWITCH_INTERVAL_MS,
    &SEED,
];
