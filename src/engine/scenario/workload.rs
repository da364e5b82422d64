//! What the program does: its tasks, alone or in several task groups.

use serde::{Deserialize, Serialize};

use super::IoKind;

/// The tasks: each does, in order, an I/O wait, pure-Python work and GIL-releasing C work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Workload {
    /// How many tasks.
    pub tasks: u32,
    /// I/O wait per task, in ms (a network call, a disk read; the GIL is released).
    pub io_ms: f64,
    /// What the I/O is; the default (`sleep`) is left out of files, so older files read the
    /// same.
    #[serde(skip_serializing_if = "IoKind::is_sleep")]
    pub io_kind: IoKind,
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
    /// reply), in µs, GIL held; unset = the kind's own (sleep: 30 µs blocking, 60 µs awaited).
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
            io_kind: IoKind::Sleep,
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
    /// As [`Workload::io_kind`], for this group.
    #[serde(skip_serializing_if = "IoKind::is_sleep")]
    pub io_kind: IoKind,
    /// The locks its locked work holds, shared with every group naming the same lock, taken
    /// in this order (`with a: with b:`) after the repetition's other work and released
    /// together. A file writes one as `lock = "name"`, several as `lock = ["a", "b"]` (or
    /// `locks = […]`).
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        alias = "locks",
        serialize_with = "names::write",
        deserialize_with = "names::read"
    )]
    pub lock: Vec<String>,
    /// Pure-Python work per repetition done holding the locks, ms, in equal parts: one after
    /// taking each lock (with two, half holding the first and half holding both).
    #[serde(skip_serializing_if = "is_zero")]
    pub locked_ms: f64,
    /// I/O per repetition done holding every lock, ms (before the last part of `locked_ms`).
    #[serde(skip_serializing_if = "is_zero")]
    pub locked_io_ms: f64,
    /// The queue each repetition first takes its item from (`item = q.get()`): the group is a
    /// pipeline stage that runs once per item, each task until the stage feeding the queue is
    /// done (then it gets its sentinel and ends).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub get: Option<String>,
    /// The queue each repetition ends by putting its item into (`q.put(item)`), shared by
    /// name with the groups that get from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub put: Option<String>,
    /// The `maxsize` of the queue it puts into: a put waits while the queue holds this many
    /// items (back-pressure); 0 = unbounded, as in Python.
    #[serde(skip_serializing_if = "is_unbounded")]
    pub maxsize: u32,
}

/// Whether a queue has no bound (left out of files, which then read as before queues existed).
fn is_unbounded(maxsize: &u32) -> bool {
    *maxsize == 0
}

/// Whether a phase is empty (left out of files, which then read as before locks existed).
fn is_zero(ms: &f64) -> bool {
    *ms == 0.0
}

/// A group's locks in a file: one name, or a list of them.
mod names {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    pub fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        Ok(match OneOrMany::deserialize(d)? {
            OneOrMany::One(name) => vec![name],
            OneOrMany::Many(names) => names,
        })
    }

    pub fn write<S: Serializer>(names: &[String], s: S) -> Result<S::Ok, S::Error> {
        match names {
            [one] => one.serialize(s),
            many => many.serialize(s),
        }
    }
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
            io_kind: IoKind::Sleep,
            lock: Vec::new(),
            locked_ms: 0.0,
            locked_io_ms: 0.0,
            get: None,
            put: None,
            maxsize: 0,
        }
    }
}
