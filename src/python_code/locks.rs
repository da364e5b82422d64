//! The locks the task groups share, as the model has them: a `threading.Lock` for threads,
//! an `asyncio.Lock` for coroutines, a `multiprocessing.Lock` handed to every worker process;
//! and each repetition's locked work, a `with` block per lock, nested in the group's order.

use super::anchors::{Site, IO_AWAITED, IO_BLOCKING, LOCK, PYTHON};
use super::layout::{mark, Writer};
use super::outline::Outline;
use crate::engine::trace::LaneKind;
use crate::engine::ModelKind;

/// Whether the locks live in worker processes, which get them from `main()` through the
/// pool's initializer: a spawned worker imports the module afresh, so a lock made at module
/// level would be a different lock in each process.
pub(super) fn in_workers(o: &Outline) -> bool {
    !o.locks.is_empty() && matches!(o.kind, ModelKind::Processes | ModelKind::AsyncioProcesses)
}

/// Whether the locks are `threading.Lock`s.
pub(super) fn threading(o: &Outline) -> bool {
    !o.locks.is_empty() && !in_workers(o) && o.kind != ModelKind::Asyncio
}

/// The module-level lock variables, after the constants.
pub(super) fn declare(w: &mut Writer, o: &Outline) {
    if o.locks.is_empty() {
        return;
    }
    let (comment, value) = if in_workers(o) {
        (
            "The locks the worker processes share: main() makes them and share_locks sets \
             them in each worker.",
            "None",
        )
    } else if o.kind == ModelKind::Asyncio {
        ("The locks the task groups share.", "asyncio.Lock()")
    } else {
        ("The locks the task groups share.", "threading.Lock()")
    };
    w.comment(0, comment);
    for (_, var) in &o.locks {
        w.line(0, &format!("{var} = {value}"));
    }
}

/// In `main()`, before the pool starts: the `multiprocessing.Lock`s, made in the pool's
/// context, as `locks`.
pub(super) fn make(w: &mut Writer, o: &Outline, depth: usize) {
    if in_workers(o) {
        let line = format!(
            "locks = [{}.Lock() for _ in range({})]",
            o.mp_context(),
            o.locks.len()
        );
        w.line(depth, &line);
    }
}

/// The pool's arguments that hand the locks to each worker as it starts (a pipeline's
/// initializer hands them with its queues, see `pipeline::share`).
pub(super) fn initializer(o: &Outline) -> Option<[&'static str; 2]> {
    (in_workers(o) && !super::pipeline::in_workers(o))
        .then_some(["initializer=share_locks", "initargs=locks"])
}

/// `share_locks`, run in each worker process as it starts, among the helpers.
pub(super) fn share(w: &mut Writer, o: &Outline) {
    if !in_workers(o) || super::pipeline::in_workers(o) {
        return;
    }
    let vars: Vec<&str> = o.locks.iter().map(|(_, var)| var.as_str()).collect();
    w.gap();
    w.line(0, "def share_locks(*shared):");
    w.docstring(
        1,
        "Sets, in a worker process, the locks main() shares with it.",
    );
    w.line(1, &format!("global {}", vars.join(", ")));
    let targets = match vars.as_slice() {
        [one] => format!("({one},)"),
        _ => vars.join(", "),
    };
    w.line(1, &format!("{targets} = shared"));
}

/// Group `g`'s locked work, run on lanes of kind `lane` at `depth`: `with a:` and the first
/// part of the locked Python, `with b:` inside it and the rest, the locked I/O in the
/// innermost block before its Python, as the engine runs it.
pub(super) fn section(w: &mut Writer, o: &Outline, g: usize, depth: usize, lane: LaneKind) {
    let group = &o.groups[g];
    let at = Some(g as u32);
    let n = group.lock.len();
    let on_loop = o.kind == ModelKind::Asyncio;
    let (with, note) = if on_loop {
        ("async with", "  # the event loop waits")
    } else {
        ("with", "")
    };
    for (i, name) in group.lock.iter().enumerate() {
        let var = o.lock_var(name);
        let marks = [mark(Site::Lock, at, lane, LOCK)];
        w.marked(depth + i, &format!("{with} {var}:"), &marks);
        let inner = depth + i + 1;
        let last = i + 1 == n;
        let mut empty = true;
        if last && group.locked_io_ms > 0.0 {
            io(w, o, g, inner, lane);
            empty = false;
        }
        let ms = part(group.locked_ms, n, i);
        if ms > 0.0 {
            let text = format!("python_work({ms}){note}");
            w.marked(inner, &text, &[mark(Site::PythonWork, at, lane, PYTHON)]);
            empty = false;
        }
        if last && empty {
            w.line(inner, "pass");
        }
    }
}

/// The I/O group `g` does holding its locks.
fn io(w: &mut Writer, o: &Outline, g: usize, depth: usize, lane: LaneKind) {
    let ms = o.groups[g].locked_io_ms;
    let at = Some(g as u32);
    match o.kind {
        // A worker process cannot await: it blocks, as a synchronous client would.
        ModelKind::AsyncioProcesses if o.awaits_io() => w.line(
            depth,
            &format!("time.sleep({ms} * SCALE / 1000)  # a blocking call"),
        ),
        ModelKind::Asyncio if o.awaits_io() => w.marked(
            depth,
            &format!("await fetch({ms})  # other tasks wait for the lock"),
            &[mark(Site::Io, at, lane, IO_AWAITED)],
        ),
        ModelKind::Asyncio => w.marked(
            depth,
            &format!("fetch({ms})  # a blocking call: the event loop waits"),
            &[mark(Site::Io, at, lane, IO_BLOCKING)],
        ),
        _ => w.marked(
            depth,
            &format!("fetch({ms})"),
            &[mark(Site::Io, at, lane, IO_BLOCKING)],
        ),
    }
}

/// The part of `total` ms done after taking lock `i` of `n`, as the engine splits it, to the
/// nanosecond.
fn part(total: f64, n: usize, i: usize) -> f64 {
    let (n, i) = (n as f64, i as f64);
    let ns = (total * 1e6 * (i + 1.0) / n).round() - (total * 1e6 * i / n).round();
    ns / 1e6
}

#[cfg(test)]
mod tests {
    use super::part;

    #[test]
    fn the_locked_python_splits_into_equal_parts_that_sum_to_it() {
        assert_eq!(part(10.0, 2, 0), 5.0);
        assert_eq!(part(0.05, 2, 1), 0.025);
        let thirds: f64 = (0..3).map(|i| part(1.0, 3, i)).sum();
        assert!((thirds - 1.0).abs() < 1e-12, "{thirds}");
        assert_eq!(part(1.0, 3, 0), 0.333333);
    }
}
