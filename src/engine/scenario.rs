//! The raw input: a `Scenario` says what machine, which Python, what work and which concurrency
//! model, exactly as a person wrote it (a file, a link, the controls). The CLI, URLs, lesson files
//! and the UI all build this same type through the settings table ([`super::settings`]), which
//! checks each field; [`super::Plan`] then checks the fields against each other and resolves
//! what the scenario leaves to the libraries' defaults. The engine runs only a `Plan`.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::calibration;

mod kinds;
mod versions;
mod workload;

pub use kinds::{IoKind, ModelKind, StartMethod};
pub use versions::PyVersion;
pub use workload::{TaskGroup, Workload};

/// Largest number of tasks a scenario may hold: a million connections, the scale at which
/// asyncio's point is plain (a run of them keeps within the event limits).
pub const MAX_TASKS: u32 = 1_000_000;
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
    /// Tasks per message to a process pool (`Pool.map`'s chunksize); `None` = the library's
    /// default.
    pub chunksize: Option<u32>,
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
            chunksize: None,
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
