//! The CPython releases and builds the simulator knows, with what differs between them.

use serde::{Deserialize, Serialize};

use super::StartMethod;
use crate::engine::calibration;

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
