//! One function per task group: its repetitions as a loop, each doing its I/O, its Python work
//! and its C work, as the engine runs a task. Under asyncio the function is a coroutine, and
//! under `asyncio+processes` its computing is a second function sent to the process pool.

use super::anchors::{Site, BUSY, C, LOOP, PYTHON, TRAFFIC};
use super::layout::{mark, Doc, Writer};
use super::names::CPU_PART;
use super::outline::{describe, Outline};
use crate::engine::trace::LaneKind;
use crate::engine::ModelKind;

/// Every group's function, in group order, after `main()`.
pub(super) fn functions(w: &mut Writer, o: &Outline) {
    for g in 0..o.groups.len() {
        w.gap();
        function(w, o, g);
        if o.kind == ModelKind::AsyncioProcesses {
            w.gap();
            cpu_part(w, o, g);
        }
    }
}

/// The kinds of lane that run a group's function, and its computing.
fn lanes(kind: ModelKind) -> (LaneKind, LaneKind) {
    match kind {
        ModelKind::Sequential | ModelKind::Threads | ModelKind::AsyncioThreads => {
            (LaneKind::Thread, LaneKind::Thread)
        }
        ModelKind::Processes | ModelKind::Interpreters => (LaneKind::Process, LaneKind::Process),
        ModelKind::Asyncio => (LaneKind::EventLoop, LaneKind::EventLoop),
        ModelKind::AsyncioProcesses => (LaneKind::EventLoop, LaneKind::Process),
    }
}

fn function(w: &mut Writer, o: &Outline, g: usize) {
    let group = &o.groups[g];
    let name = &o.names[g];
    let at = Some(g as u32);
    let (lane, compute_lane) = lanes(o.kind);
    let coroutine = matches!(o.kind, ModelKind::Asyncio | ModelKind::AsyncioProcesses);
    let hybrid = o.kind == ModelKind::AsyncioProcesses;
    let def = format!(
        "{}def {name}(payload{}):",
        if coroutine { "async " } else { "" },
        if hybrid { ", pool" } else { "" }
    );
    w.marked(0, &def, &[mark(Site::Function, at, lane, BUSY)]);
    w.docstring(
        1,
        &format!("Task group \"{}\": {}.", group.name, describe(group)),
    );
    if hybrid {
        w.line(1, "loop = asyncio.get_running_loop()");
    }
    let gets = super::pipeline::get_loop(w, o, g, lane);
    let repeats = group.repeat > 1 && !gets;
    if repeats {
        w.line(1, &format!("for _ in range(scaled({})):", group.repeat));
    }
    let depth = if repeats || gets { 2 } else { 1 };
    if group.io_ms > 0.0 {
        let (text, states) = super::io::call(o, group.io_kind, group.io_ms);
        w.marked(depth, &text, &[mark(Site::Io, at, lane, states)]);
    }
    if !hybrid {
        work(w, o, g, depth, compute_lane);
        super::pipeline::put(w, o, g, depth, lane);
        if gets && idle(group) {
            w.line(depth, "pass");
        }
        w.line(1, &format!("return bytes({})", group.result_bytes));
        return;
    }
    // The event loop hands the computing to the pool; the pool's handler threads and workers
    // move it there and back for no task in particular.
    let mut marks = vec![mark(Site::Await, at, LaneKind::EventLoop, LOOP)];
    marks
        .extend([LaneKind::Thread, LaneKind::Process].map(|l| mark(Site::Await, None, l, TRAFFIC)));
    let keyword = if repeats { "result =" } else { "return" };
    let args = [
        "pool".to_string(),
        format!("{name}{CPU_PART}"),
        "payload".into(),
    ];
    let call = Doc::group(
        format!("{keyword} await loop.run_in_executor("),
        args.into_iter().map(Doc::text).collect(),
        true,
        ")",
    );
    w.doc(depth, &call.with_marks(marks));
    if repeats {
        w.line(1, "return result");
    }
}

/// The computing of `asyncio+processes` group `g`, run in a worker process.
fn cpu_part(w: &mut Writer, o: &Outline, g: usize) {
    let group = &o.groups[g];
    let at = Some(g as u32);
    w.marked(
        0,
        &format!("def {}{CPU_PART}(payload):", o.names[g]),
        &[mark(Site::Function, at, LaneKind::Process, BUSY)],
    );
    w.docstring(
        1,
        &format!(
            "The computing of task group \"{}\", run in a worker process.",
            group.name
        ),
    );
    work(w, o, g, 1, LaneKind::Process);
    w.line(1, &format!("return bytes({})", group.result_bytes));
}

/// Group `g`'s Python work, C work and locked work, run on lanes of kind `lane`.
fn work(w: &mut Writer, o: &Outline, g: usize, depth: usize, lane: LaneKind) {
    let group = &o.groups[g];
    let at = Some(g as u32);
    // On the event loop itself, computing stalls every other task: worth saying where it
    // happens.
    let note = if o.kind == ModelKind::Asyncio {
        "  # the event loop waits"
    } else {
        ""
    };
    if group.cpu_ms > 0.0 {
        let text = format!("python_work({}){note}", group.cpu_ms);
        w.marked(depth, &text, &[mark(Site::PythonWork, at, lane, PYTHON)]);
    }
    if group.cext_ms > 0.0 {
        let text = format!("c_work({}){note}", group.cext_ms);
        w.marked(depth, &text, &[mark(Site::CWork, at, lane, C)]);
    }
    super::locks::section(w, o, g, depth, lane);
}

/// Whether a group's repetition writes no line: no phase, no lock, no put.
fn idle(g: &crate::engine::scenario::TaskGroup) -> bool {
    g.io_ms == 0.0 && g.cpu_ms == 0.0 && g.cext_ms == 0.0 && g.lock.is_empty() && g.put.is_none()
}
