//! The CPython releases and builds the simulator knows, with what differs between them.

use strum::{EnumString, IntoStaticStr, VariantArray, VariantNames};

use super::StartMethod;
use crate::engine::calibration;
use crate::engine::names::serde_by_name;

/// A CPython release, in release order; the `t` builds are free-threaded (no GIL).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumString, IntoStaticStr, VariantArray, VariantNames,
)]
pub enum PyVersion {
    /// CPython 3.11.
    #[strum(serialize = "3.11")]
    V311,
    /// CPython 3.12.
    #[strum(serialize = "3.12")]
    V312,
    /// CPython 3.13.
    #[strum(serialize = "3.13")]
    V313,
    /// CPython 3.13, free-threaded build.
    #[strum(serialize = "3.13t")]
    V313t,
    /// CPython 3.14.
    #[strum(serialize = "3.14")]
    V314,
    /// CPython 3.14, free-threaded build.
    #[strum(serialize = "3.14t")]
    V314t,
}

serde_by_name!(PyVersion);

impl PyVersion {
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

    /// Whether `threading.Lock` is a `PyMutex` (3.13 and later, gh-117721), which hands the
    /// lock straight to a waiter that has waited long enough.
    pub fn lock_is_fair(self) -> bool {
        !matches!(self, PyVersion::V311 | PyVersion::V312)
    }

    /// Whether `concurrent.futures.InterpreterPoolExecutor` exists (3.14 and later).
    pub fn has_interpreter_pool(self) -> bool {
        matches!(self, PyVersion::V314 | PyVersion::V314t)
    }
}
