//! The one input type: a `Scenario` says what machine, which Python, what work and which
//! concurrency model. The CLI, URLs, lesson files and the UI all build this same type.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::calibration;
use super::time::{from_ms, Nanos};

mod kinds;
mod versions;
mod workload;

pub use kinds::{ModelKind, StartMethod};
pub use versions::PyVersion;
pub use workload::{TaskGroup, Workload};

/// Largest number of tasks a scenario may hold (keeps a run within the event limit).
pub const MAX_TASKS: u32 = 100_000;
/// Largest worker count of a pool or executor.
pub const MAX_WORKERS: u32 = 1_024;
/// Largest core count of the simulated machine.
pub const MAX_CORES: u32 = 256;
/// Longest phase of one task, in milliseconds (one hour).
pub const MAX_PHASE_MS: f64 = 3_600_000.0;
/// Largest payload or result of one task (1 GiB).
pub const MAX_BYTES: u64 = 1 << 30;
/// Largest chunksize and asyncio limit.
pub const MAX_CHUNK: u32 = 100_000;
/// Most task groups in one workload.
pub const MAX_GROUPS: usize = 16;
/// Most repetitions of a task's phases.
pub const MAX_REPEAT: u32 = 100_000;
/// Most repetitions in a whole workload (tasks × repeat, summed over groups).
pub const MAX_REPETITIONS: u64 = 1_000_000;

/// A complete description of one simulation run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scenario {
    /// The simulated machine.
    pub machine: Machine,
    /// The Python build and its settings.
    pub python: Python,
    /// The tasks to run.
    pub workload: Workload,
    /// How the program runs them.
    pub model: Model,
    /// Seed of the engine's random generator (only I/O jitter draws from it).
    pub seed: u64,
}

impl Default for Scenario {
    fn default() -> Self {
        Self {
            machine: Machine::default(),
            python: Python::default(),
            workload: Workload::default(),
            model: Model::default(),
            seed: 1,
        }
    }
}

/// The simulated machine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Machine {
    /// Number of CPU cores (1–256).
    pub cores: u32,
}

impl Default for Machine {
    fn default() -> Self {
        Self { cores: 4 }
    }
}

/// The Python build and its settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Python {
    /// The release and build.
    pub version: PyVersion,
    /// `sys.setswitchinterval`, in milliseconds.
    pub switch_interval_ms: f64,
}

impl Default for Python {
    fn default() -> Self {
        Self {
            version: PyVersion::V311,
            switch_interval_ms: calibration::DEFAULT_SWITCH_INTERVAL as f64 / 1e6,
        }
    }
}

/// The concurrency model and its knobs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Model {
    /// Which model.
    pub kind: ModelKind,
    /// Pool or executor size; `None` = the library's default for this model.
    pub workers: Option<u32>,
    /// multiprocessing start method; `None` = the Python version's default.
    pub start_method: Option<StartMethod>,
    /// Tasks per message to a process pool (`Pool.map`'s chunksize).
    pub chunksize: u32,
    /// asyncio: how many tasks may be in flight at once (a Semaphore); 0 = no limit.
    pub limit: u32,
    /// asyncio: the coroutines call blocking functions (`time.sleep`, `requests`) instead of
    /// awaiting.
    pub blocking: bool,
}

impl Default for Model {
    fn default() -> Self {
        Self {
            kind: ModelKind::Sequential,
            workers: None,
            start_method: None,
            chunksize: 1,
            limit: 0,
            blocking: false,
        }
    }
}

/// Why a scenario was rejected: the field and the allowed values, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// The field, as named in URLs and on the command line (e.g. `cores`).
    pub field: String,
    /// What is allowed, and what was given.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ScenarioError {}

impl ScenarioError {
    /// Creates an error for `field`.
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

fn check_int(field: &str, value: u64, min: u64, max: u64) -> Result<(), ScenarioError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ScenarioError::new(
            field,
            format!("must be a whole number from {min} to {max} (got {value})"),
        ))
    }
}

fn check_float(field: &str, value: f64, min: f64, max: f64) -> Result<(), ScenarioError> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ScenarioError::new(
            field,
            format!("must be a number from {min} to {max} (got {value})"),
        ))
    }
}

impl Scenario {
    /// Checks every field against its allowed range; the first problem is returned.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        check_int("cores", self.machine.cores.into(), 1, MAX_CORES.into())?;
        check_float(
            "switch_interval_ms",
            self.python.switch_interval_ms,
            0.001,
            1000.0,
        )?;
        let w = &self.workload;
        check_int("tasks", w.tasks.into(), 1, MAX_TASKS.into())?;
        check_float("io_ms", w.io_ms, 0.0, MAX_PHASE_MS)?;
        check_float("cpu_ms", w.cpu_ms, 0.0, MAX_PHASE_MS)?;
        check_float("cext_ms", w.cext_ms, 0.0, MAX_PHASE_MS)?;
        check_int("payload_bytes", w.payload_bytes, 0, MAX_BYTES)?;
        check_int("result_bytes", w.result_bytes, 0, MAX_BYTES)?;
        check_float("jitter", w.jitter, 0.0, 1.0)?;
        check_int("remote_limit", w.remote_limit.into(), 0, MAX_WORKERS.into())?;
        if let Some(us) = w.io_call_us {
            check_float("io_call_us", us, 0.0, 1_000_000.0)?;
        }
        if w.groups.len() > MAX_GROUPS {
            return Err(ScenarioError::new(
                "groups",
                format!("at most {MAX_GROUPS} task groups (got {})", w.groups.len()),
            ));
        }
        let mut repetitions = 0u64;
        for (i, g) in w.groups.iter().enumerate() {
            let f = |name: &str| format!("groups[{i}].{name}");
            let name_ok = |c: char| c.is_alphanumeric() || " -_.".contains(c);
            if g.name.trim().is_empty()
                || g.name.chars().count() > 40
                || !g.name.chars().all(name_ok)
            {
                return Err(ScenarioError::new(
                    &f("name"),
                    "must be 1 to 40 letters, digits, spaces, '-', '_' or '.'",
                ));
            }
            check_int(&f("tasks"), g.tasks.into(), 1, MAX_TASKS.into())?;
            check_int(&f("repeat"), g.repeat.into(), 1, MAX_REPEAT.into())?;
            check_float(&f("io_ms"), g.io_ms, 0.0, MAX_PHASE_MS)?;
            check_float(&f("cpu_ms"), g.cpu_ms, 0.0, MAX_PHASE_MS)?;
            check_float(&f("cext_ms"), g.cext_ms, 0.0, MAX_PHASE_MS)?;
            check_int(&f("payload_bytes"), g.payload_bytes, 0, MAX_BYTES)?;
            check_int(&f("result_bytes"), g.result_bytes, 0, MAX_BYTES)?;
            if let Some(us) = g.io_call_us {
                check_float(&f("io_call_us"), us, 0.0, 1_000_000.0)?;
            }
            repetitions += u64::from(g.tasks) * u64::from(g.repeat);
        }
        check_int("tasks", w.total_tasks().into(), 1, MAX_TASKS.into())?;
        if repetitions > MAX_REPETITIONS {
            return Err(ScenarioError::new("groups", format!("at most {MAX_REPETITIONS} repetitions in all (tasks × repeat; got {repetitions})")));
        }
        let m = &self.model;
        if let Some(n) = m.workers {
            check_int("workers", n.into(), 1, MAX_WORKERS.into())?;
        }
        check_int("chunksize", m.chunksize.into(), 1, MAX_CHUNK.into())?;
        check_int("limit", m.limit.into(), 0, MAX_CHUNK.into())?;
        if m.kind == ModelKind::Interpreters && !self.python.version.has_interpreter_pool() {
            return Err(ScenarioError::new(
                "python",
                format!(
                    "the interpreters model needs Python 3.14 or 3.14t (got {})",
                    self.python.version.name()
                ),
            ));
        }
        Ok(())
    }

    /// The worker count actually used: the chosen one, or the library default for the model.
    pub fn effective_workers(&self) -> u32 {
        let cores = self.machine.cores;
        match self.model.kind {
            ModelKind::Sequential | ModelKind::Asyncio => 1,
            // ThreadPoolExecutor and asyncio's default executor: min(32, cpu_count + 4).
            ModelKind::Threads | ModelKind::AsyncioThreads => self
                .model
                .workers
                .unwrap_or_else(|| calibration::default_executor_workers(cores)),
            // Pool(), ProcessPoolExecutor() and InterpreterPoolExecutor() default to cpu_count.
            ModelKind::Processes | ModelKind::AsyncioProcesses | ModelKind::Interpreters => {
                self.model.workers.unwrap_or(cores)
            }
        }
    }

    /// The start method actually used.
    pub fn effective_start_method(&self) -> StartMethod {
        self.model
            .start_method
            .unwrap_or_else(|| self.python.version.default_start_method())
    }

    /// The GIL switch interval in nanoseconds (at least 1 µs).
    pub fn switch_interval(&self) -> Nanos {
        from_ms(self.python.switch_interval_ms).max(1_000)
    }

    /// The same scenario run sequentially: the baseline that speedup is measured against.
    pub fn sequential_baseline(&self) -> Scenario {
        let mut s = self.clone();
        s.model = Model::default();
        s
    }
}
