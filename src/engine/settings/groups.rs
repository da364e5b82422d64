//! Task groups as one setting: `name:tasks:repeat:io_ms:cpu_ms:cext_ms`, optionally followed by
//! `:payload_bytes:result_bytes:io_call_us:lock:locked_ms:locked_io_ms:io_kind:get:put:maxsize`,
//! groups separated by `;`. Example: `io-loop:1:500:1:0:0;crunch:2:1:0:2000:0`, or two groups taking locks `a`
//! and `b` in opposite orders: `left:1:1:0:0:0:0:0::a,b:10;right:1:1:0:0:0:0:0::b,a:10`. The
//! fields, in that order, are [`FIELDS`], whose kinds and ranges are those of the matching
//! single-kind settings.

use super::table::{def, field, BYTE_COUNT, CALL_US, IO_KINDS, PHASE, REPEAT_COUNT, TASK_COUNT};
use super::value::MAX_NAMES;
use super::{Def, Field, Kind, Part, Value};
use crate::engine::scenario::{ScenarioError, TaskGroup, MAX_GROUPS, MAX_TASKS};

/// The fields of a task group, in the order the one-line form writes them.
pub static FIELDS: &[Def<TaskGroup>] = &[
    def!(Workload "name" "Name", Kind::Label, false, field!(TaskGroup, name), "a name for people"),
    def!(Workload "tasks" "Tasks", TASK_COUNT, false, field!(TaskGroup, tasks), "how many tasks"),
    def!(Workload "repeat" "Repeat", REPEAT_COUNT, false, field!(TaskGroup, repeat),
        "how many times each task runs its phases (a loop)"),
    def!(Workload "io_ms" "I/O ms", PHASE, false, field!(TaskGroup, io_ms), "I/O wait per repetition, ms"),
    def!(Workload "cpu_ms" "Python ms", PHASE, false, field!(TaskGroup, cpu_ms), "pure-Python work per repetition, ms"),
    def!(Workload "cext_ms" "C ext. ms", PHASE, false, field!(TaskGroup, cext_ms),
        "GIL-releasing C work per repetition, ms"),
    def!(Workload "payload_bytes" "Payload bytes", BYTE_COUNT, false, field!(TaskGroup, payload_bytes),
        "bytes sent to a worker process with each task"),
    def!(Workload "result_bytes" "Result bytes", BYTE_COUNT, false, field!(TaskGroup, result_bytes),
        "bytes sent back with each result"),
    def!(Workload "io_call_us" "Python per I/O call µs", CALL_US, true, field!(TaskGroup, io_call_us),
        "Python work around each I/O call, µs"),
    def!(Workload "lock" "Locks", Kind::Names, false, field!(TaskGroup, lock),
        "the locks the locked work holds, shared by name with other groups, taken in this order"),
    def!(Workload "locked_ms" "Python ms holding the locks", PHASE, false, field!(TaskGroup, locked_ms),
        "pure-Python work per repetition holding the locks, ms (split evenly after each lock)"),
    def!(Workload "locked_io_ms" "I/O ms holding the locks", PHASE, false, field!(TaskGroup, locked_io_ms),
        "I/O per repetition holding every lock, ms"),
    def!(Workload "io_kind" "I/O kind", IO_KINDS, false, field!(TaskGroup, io_kind),
        "what each I/O is (sleep, socket, http, file, sqlite)"),
    def!(Workload "get" "Gets from queue", Kind::Label, true, field!(TaskGroup, get),
        "the queue each repetition first gets its item from: the group runs once per item"),
    def!(Workload "put" "Puts into queue", Kind::Label, true, field!(TaskGroup, put),
        "the queue each repetition ends by putting its item into"),
    def!(Workload "maxsize" "Queue maxsize", QUEUE_SIZE, false, field!(TaskGroup, maxsize),
        "maxsize of the queue it puts into: a put waits while it is full (0 = unbounded)"),
];

/// A queue's `maxsize`.
const QUEUE_SIZE: Kind = Kind::Whole {
    min: 0,
    max: MAX_TASKS as u64,
};

/// Fields every group must write (name to cext_ms); the rest are optional.
pub const REQUIRED: usize = 6;

/// The form in words, for messages and docs.
pub const FORM: &str = "name:tasks:repeat:io_ms:cpu_ms:cext_ms[:payload_bytes:result_bytes:io_call_us:lock:locked_ms:locked_io_ms:io_kind:get:put:maxsize], groups separated by ';', a group's locks by ','";

/// The name of group `i`'s field `key` in errors: `groups[0].repeat`.
fn field_name(i: usize, key: &str) -> String {
    format!("groups[{i}].{key}")
}

/// Writes groups in the one-line form, each up to its last field that differs from the default.
pub fn format(groups: &[TaskGroup]) -> String {
    let default = TaskGroup::default();
    groups
        .iter()
        .map(|g| {
            let used = FIELDS
                .iter()
                .rposition(|f| f.get(g) != f.get(&default))
                .map_or(0, |i| i + 1)
                .max(REQUIRED);
            FIELDS[..used]
                .iter()
                .map(|f| f.get(g).to_text().unwrap_or_default())
                .collect::<Vec<_>>()
                .join(":")
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// Reads the one-line form; each field is checked as its single-kind setting is.
pub fn parse(text: &str) -> Result<Vec<TaskGroup>, ScenarioError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let groups = text
        .split(';')
        .enumerate()
        .map(|(i, part)| {
            let values: Vec<&str> = part.split(':').map(str::trim).collect();
            if !(REQUIRED..=FIELDS.len()).contains(&values.len()) {
                return Err(ScenarioError::new(
                    "groups",
                    format!("group {} has {} fields; write {FORM}", i + 1, values.len()),
                ));
            }
            let mut g = TaskGroup::default();
            for (f, v) in FIELDS.iter().zip(values) {
                f.parse_into(&mut g, v)
                    .map_err(|e| ScenarioError::new(&field_name(i, f.key), e.message))?;
            }
            Ok(g)
        })
        .collect::<Result<Vec<_>, _>>()?;
    check(&groups)?;
    Ok(groups)
}

/// Checks every field of every group on its own, and the number of groups.
pub fn check(groups: &[TaskGroup]) -> Result<(), ScenarioError> {
    if groups.len() > MAX_GROUPS {
        return Err(ScenarioError::new(
            "groups",
            format!("at most {MAX_GROUPS} task groups (got {})", groups.len()),
        ));
    }
    for (i, g) in groups.iter().enumerate() {
        for f in FIELDS {
            f.check(g, &field_name(i, f.key))?;
        }
        if g.lock.is_empty() && (g.locked_ms > 0.0 || g.locked_io_ms > 0.0) {
            return Err(ScenarioError::new(
                &field_name(i, "lock"),
                format!(
                    "must name a lock (up to {MAX_NAMES}, separated by ',') for the work done \
                     holding it (locked_ms, locked_io_ms)"
                ),
            ));
        }
    }
    pipeline::check(groups)
}

mod pipeline;
