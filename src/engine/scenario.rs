//! The one input type: a `Scenario` says what machine, which Python, what work and which
//! concurrency model. The CLI, URLs, lesson files and the UI all build this same type.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::calibration;
use super::time::{from_ms, Nanos};

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

/// A CPython release; the `t` builds are free-threaded (no GIL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PyVersion {
    /// CPython 3.11.
    #[serde(rename = "3.11")]
    V311,
    /// CPython 3.12.
    #[serde(rename = "3.12")]
    V312,
    /// CPython 3.13.
    #[serde(rename = "3.13")]
    V313,
    /// CPython 3.13, free-threaded build.
    #[serde(rename = "3.13t")]
    V313t,
    /// CPython 3.14.
    #[serde(rename = "3.14")]
    V314,
    /// CPython 3.14, free-threaded build.
    #[serde(rename = "3.14t")]
    V314t,
}

impl PyVersion {
    /// Every version, in release order.
    pub const ALL: [PyVersion; 6] = [
        PyVersion::V311,
        PyVersion::V312,
        PyVersion::V313,
        PyVersion::V313t,
        PyVersion::V314,
        PyVersion::V314t,
    ];

    /// The version as Python writes it, e.g. `3.13t`.
    pub fn name(self) -> &'static str {
        match self {
            PyVersion::V311 => "3.11",
            PyVersion::V312 => "3.12",
            PyVersion::V313 => "3.13",
            PyVersion::V313t => "3.13t",
            PyVersion::V314 => "3.14",
            PyVersion::V314t => "3.14t",
        }
    }

    /// Parses a version name as written by [`PyVersion::name`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.name() == s)
    }

    /// Whether this build runs without a GIL.
    pub fn free_threaded(self) -> bool {
        matches!(self, PyVersion::V313t | PyVersion::V314t)
    }

    /// Per-mille cost of pure-Python work relative to the GIL build of the same release.
    pub fn python_cost_permille(self) -> u64 {
        match self {
            PyVersion::V313t => calibration::FREE_THREADED_SLOWDOWN_313T,
            PyVersion::V314t => calibration::FREE_THREADED_SLOWDOWN_314T,
            _ => 1000,
        }
    }

    /// multiprocessing's default start method on Linux: fork until 3.13, forkserver from 3.14.
    pub fn default_start_method(self) -> StartMethod {
        match self {
            PyVersion::V314 | PyVersion::V314t => StartMethod::Forkserver,
            _ => StartMethod::Fork,
        }
    }

    /// Whether `concurrent.futures.InterpreterPoolExecutor` exists (3.14 and later).
    pub fn has_interpreter_pool(self) -> bool {
        matches!(self, PyVersion::V314 | PyVersion::V314t)
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

/// The tasks: each does, in order, an I/O wait, pure-Python work and GIL-releasing C work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Workload {
    /// How many tasks.
    pub tasks: u32,
    /// I/O wait per task, in ms (a network call, a disk read; the GIL is released).
    pub io_ms: f64,
    /// Pure-Python work per task, in ms (holds the GIL).
    pub cpu_ms: f64,
    /// C-extension work per task that releases the GIL (NumPy, hashlib, zlib), in ms.
    pub cext_ms: f64,
    /// Bytes sent to a worker process with each task (its pickled arguments).
    pub payload_bytes: u64,
    /// Bytes sent back with each result.
    pub result_bytes: u64,
    /// Random spread of each I/O wait, as a fraction (0.2 = ±20%), drawn from the seed.
    pub jitter: f64,
    /// How many requests the remote side serves at once (0 = no limit).
    pub remote_limit: u32,
    /// Python work around each I/O call (building the request, the system call, parsing the
    /// reply), in µs, GIL held; unset = the calibrated default (30 µs blocking, 60 µs awaited).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub io_call_us: Option<f64>,
    /// Several kinds of task in one program. When present, they replace the single-group
    /// fields above (`jitter` and `remote_limit` still apply to all).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<TaskGroup>,
}

impl Default for Workload {
    fn default() -> Self {
        Self {
            tasks: 1,
            io_ms: 0.0,
            cpu_ms: 0.0,
            cext_ms: 0.0,
            payload_bytes: 0,
            result_bytes: 0,
            jitter: 0.0,
            remote_limit: 0,
            io_call_us: None,
            groups: Vec::new(),
        }
    }
}

/// One kind of task in a workload: `tasks` tasks that each repeat their phases `repeat` times
/// (a loop: "one thread, 500 × (I/O 1 ms)").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TaskGroup {
    /// A name for people ("requests", "crunch").
    pub name: String,
    /// How many tasks.
    pub tasks: u32,
    /// How many times each task runs its phases.
    pub repeat: u32,
    /// I/O wait per repetition, ms.
    pub io_ms: f64,
    /// Pure-Python work per repetition, ms.
    pub cpu_ms: f64,
    /// GIL-releasing C work per repetition, ms.
    pub cext_ms: f64,
    /// Bytes sent to a worker process with each task.
    pub payload_bytes: u64,
    /// Bytes sent back with each result.
    pub result_bytes: u64,
    /// As [`Workload::io_call_us`], for this group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub io_call_us: Option<f64>,
}

impl Default for TaskGroup {
    fn default() -> Self {
        Self {
            name: "tasks".into(),
            tasks: 1,
            repeat: 1,
            io_ms: 0.0,
            cpu_ms: 0.0,
            cext_ms: 0.0,
            payload_bytes: 0,
            result_bytes: 0,
            io_call_us: None,
        }
    }
}

impl Workload {
    /// The groups actually run: the explicit ones, or one group made of the single-group fields.
    pub fn effective_groups(&self) -> Vec<TaskGroup> {
        if !self.groups.is_empty() {
            return self.groups.clone();
        }
        vec![TaskGroup {
            name: "tasks".into(),
            tasks: self.tasks,
            repeat: 1,
            io_ms: self.io_ms,
            cpu_ms: self.cpu_ms,
            cext_ms: self.cext_ms,
            payload_bytes: self.payload_bytes,
            result_bytes: self.result_bytes,
            io_call_us: self.io_call_us,
        }]
    }

    /// Tasks in all groups.
    pub fn total_tasks(&self) -> u32 {
        self.effective_groups().iter().map(|g| g.tasks).sum()
    }

    /// Per-task phase times summed over repetitions and averaged over tasks, in ms:
    /// (I/O, Python, C). What "mostly waiting or mostly calculating" is judged on.
    pub fn mean_phases(&self) -> (f64, f64, f64) {
        let groups = self.effective_groups();
        let n: f64 = groups
            .iter()
            .map(|g| f64::from(g.tasks))
            .sum::<f64>()
            .max(1.0);
        let sum = |f: fn(&TaskGroup) -> f64| {
            groups
                .iter()
                .map(|g| f(g) * f64::from(g.tasks) * f64::from(g.repeat))
                .sum::<f64>()
                / n
        };
        (sum(|g| g.io_ms), sum(|g| g.cpu_ms), sum(|g| g.cext_ms))
    }
}

/// The concurrency model of the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ModelKind {
    /// One thread runs every task in turn.
    #[serde(rename = "sequential")]
    Sequential,
    /// A `ThreadPoolExecutor`.
    #[serde(rename = "threads")]
    Threads,
    /// A `multiprocessing.Pool` and `map`.
    #[serde(rename = "processes")]
    Processes,
    /// One event loop running a coroutine per task.
    #[serde(rename = "asyncio")]
    Asyncio,
    /// asyncio, with each task's blocking body sent through `asyncio.to_thread`.
    #[serde(rename = "asyncio+threads")]
    AsyncioThreads,
    /// asyncio, with each task's CPU part sent to a `ProcessPoolExecutor`.
    #[serde(rename = "asyncio+processes")]
    AsyncioProcesses,
    /// 3.14's `InterpreterPoolExecutor`: one GIL per worker, pickled arguments.
    #[serde(rename = "interpreters")]
    Interpreters,
}

impl ModelKind {
    /// Every model, in the order the UI lists them.
    pub const ALL: [ModelKind; 7] = [
        ModelKind::Sequential,
        ModelKind::Threads,
        ModelKind::Processes,
        ModelKind::Asyncio,
        ModelKind::AsyncioThreads,
        ModelKind::AsyncioProcesses,
        ModelKind::Interpreters,
    ];

    /// The model's name as used in URLs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Sequential => "sequential",
            ModelKind::Threads => "threads",
            ModelKind::Processes => "processes",
            ModelKind::Asyncio => "asyncio",
            ModelKind::AsyncioThreads => "asyncio+threads",
            ModelKind::AsyncioProcesses => "asyncio+processes",
            ModelKind::Interpreters => "interpreters",
        }
    }

    /// Parses a model name as written by [`ModelKind::name`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == s)
    }

    /// Whether the model has a worker count to choose.
    pub fn has_workers(self) -> bool {
        !matches!(self, ModelKind::Sequential | ModelKind::Asyncio)
    }
}

/// How a multiprocessing pool starts its workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StartMethod {
    /// Copy the parent with `fork()`: fast, shares memory copy-on-write.
    Fork,
    /// Start a fresh interpreter that re-imports the main module: slow.
    Spawn,
    /// Fork each worker from a clean server process.
    Forkserver,
}

impl StartMethod {
    /// Every start method.
    pub const ALL: [StartMethod; 3] = [
        StartMethod::Fork,
        StartMethod::Spawn,
        StartMethod::Forkserver,
    ];

    /// The method's name as multiprocessing spells it.
    pub fn name(self) -> &'static str {
        match self {
            StartMethod::Fork => "fork",
            StartMethod::Spawn => "spawn",
            StartMethod::Forkserver => "forkserver",
        }
    }

    /// Parses a start method name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == s)
    }

    /// (parent's cost to create one worker, the worker's own start-up CPU).
    pub fn costs(self) -> (Nanos, Nanos) {
        match self {
            StartMethod::Fork => (
                calibration::PROCESS_CREATE_FORK,
                calibration::PROCESS_BOOT_FORK,
            ),
            StartMethod::Spawn => (
                calibration::PROCESS_CREATE_SPAWN,
                calibration::PROCESS_BOOT_SPAWN,
            ),
            StartMethod::Forkserver => (
                calibration::PROCESS_CREATE_FORKSERVER,
                calibration::PROCESS_BOOT_FORKSERVER,
            ),
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
