//! The concurrency models, multiprocessing start methods and kinds of I/O, with their names.

use strum::{EnumString, IntoStaticStr, VariantArray, VariantNames};

use crate::engine::calibration;
use crate::engine::names::serde_by_name;
use crate::engine::time::Nanos;

/// The concurrency model of the program, in the order the UI lists them.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    EnumString,
    IntoStaticStr,
    VariantArray,
    VariantNames,
)]
#[strum(serialize_all = "lowercase")]
pub enum ModelKind {
    /// One thread runs every task in turn.
    Sequential,
    /// A `ThreadPoolExecutor`.
    Threads,
    /// A `multiprocessing.Pool` and `map`.
    Processes,
    /// One event loop running a coroutine per task.
    Asyncio,
    /// asyncio, with each task's blocking body sent through `asyncio.to_thread`.
    #[strum(serialize = "asyncio+threads")]
    AsyncioThreads,
    /// asyncio, with each task's CPU part sent to a `ProcessPoolExecutor`.
    #[strum(serialize = "asyncio+processes")]
    AsyncioProcesses,
    /// 3.14's `InterpreterPoolExecutor`: one GIL per worker, pickled arguments.
    Interpreters,
}

impl ModelKind {
    /// The model in a sentence: "the thread pool", "the event loop with a process pool".
    pub fn noun(self) -> &'static str {
        match self {
            ModelKind::Sequential => "sequential code",
            ModelKind::Threads => "the thread pool",
            ModelKind::Processes => "the process pool",
            ModelKind::Asyncio => "the event loop",
            ModelKind::AsyncioThreads => "the event loop with a thread pool",
            ModelKind::AsyncioProcesses => "the event loop with a process pool",
            ModelKind::Interpreters => "the interpreter pool",
        }
    }

    /// Whether the model has a worker count to choose.
    pub fn has_workers(self) -> bool {
        !matches!(self, ModelKind::Sequential | ModelKind::Asyncio)
    }

    /// Whether the model runs an event loop.
    pub fn is_async(self) -> bool {
        matches!(
            self,
            ModelKind::Asyncio | ModelKind::AsyncioThreads | ModelKind::AsyncioProcesses
        )
    }

    /// Whether the model starts worker processes (and so has a start method).
    pub fn has_processes(self) -> bool {
        matches!(self, ModelKind::Processes | ModelKind::AsyncioProcesses)
    }

    /// The library's default chunksize for `tasks` tasks on `workers` workers: `Pool.map` sends
    /// `ceil(tasks / (4 × workers))` per message (`Lib/multiprocessing/pool.py`); the
    /// executors' `map`, `submit` and `run_in_executor` one at a time.
    pub fn default_chunksize(self, tasks: u32, workers: u32) -> u32 {
        match self {
            ModelKind::Processes => tasks.div_ceil(4 * workers.max(1)).max(1),
            _ => 1,
        }
    }

    /// The library's default worker count for this model on a machine with `cores` cores.
    pub fn default_workers(self, cores: u32) -> u32 {
        match self {
            ModelKind::Sequential | ModelKind::Asyncio => 1,
            // ThreadPoolExecutor and asyncio's default executor: min(32, cpu_count + 4).
            ModelKind::Threads | ModelKind::AsyncioThreads => {
                calibration::default_executor_workers(cores)
            }
            // Pool(), ProcessPoolExecutor() and InterpreterPoolExecutor() default to cpu_count.
            ModelKind::Processes | ModelKind::AsyncioProcesses | ModelKind::Interpreters => cores,
        }
    }
}

/// How a multiprocessing pool starts its workers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumString, IntoStaticStr, VariantArray, VariantNames,
)]
#[strum(serialize_all = "lowercase")]
pub enum StartMethod {
    /// Copy the parent with `fork()`: fast, shares memory copy-on-write.
    Fork,
    /// Start a fresh interpreter that re-imports the main module: slow.
    Spawn,
    /// Fork each worker from a clean server process.
    Forkserver,
}

/// What a task's I/O is: which calls it makes, each releasing the GIL while it waits, with
/// Python work between them that holds it (see `calibration::io_calls`).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    EnumString,
    IntoStaticStr,
    VariantArray,
    VariantNames,
)]
#[strum(serialize_all = "lowercase")]
pub enum IoKind {
    /// `time.sleep` / `asyncio.sleep`: one wait, the GIL released once.
    #[default]
    Sleep,
    /// A request and its reply on an open TCP connection.
    Socket,
    /// An HTTP request with `urllib` on a new connection to a server.
    Http,
    /// Reading a file: open, read, close.
    File,
    /// An SQLite query: SQLite's C code runs it on a core, without the GIL.
    Sqlite,
}

impl IoKind {
    /// Whether this is the default (`sleep`), which scenario files and links leave out.
    pub fn is_sleep(&self) -> bool {
        *self == IoKind::Sleep
    }

    /// The kind in words, for people: "an HTTP request".
    pub fn label(self) -> &'static str {
        match self {
            IoKind::Sleep => "a sleep",
            IoKind::Socket => "a socket round trip",
            IoKind::Http => "an HTTP request",
            IoKind::File => "a file read",
            IoKind::Sqlite => "a database query",
        }
    }

    /// Whether asyncio can await it: the standard library has no non-blocking file or SQLite
    /// API, so a coroutine that reads a file or queries SQLite blocks the event loop.
    pub fn awaitable(self) -> bool {
        !matches!(self, IoKind::File | IoKind::Sqlite)
    }
}

serde_by_name!(ModelKind, StartMethod, IoKind);

impl StartMethod {
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
