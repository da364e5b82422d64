//! The concurrency models and multiprocessing start methods, with their names.

use serde::{Deserialize, Serialize};

use crate::engine::calibration;
use crate::engine::time::Nanos;

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
