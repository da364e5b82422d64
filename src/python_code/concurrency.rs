//! `main()`: the part that differs by model. It starts every group's tasks the way the model
//! does, waits for their results and prints the wall time.

use super::anchors::{Site, States, IDLE, LOOP, STARTING, STARTING_IDLE, TRAFFIC};
use super::layout::{mark, Doc, Mark, Writer};
use super::locks;
use super::outline::Outline;
use crate::engine::trace::{LaneKind, State};
use crate::engine::{ModelKind, Named};

/// What a thread of the main process does while submitting to a thread pool: the submit, and
/// starting a worker thread on each of the first submits, as `ThreadPoolExecutor` does.
pub(super) const SUBMIT: States = States::of(&[
    State::RunningPython,
    State::WaitingGil,
    State::WaitingCore,
    State::Starting,
]);

/// `main()`, first in the program after the constants.
pub(super) fn main(w: &mut Writer, o: &Outline) {
    let asynchronous = if o.is_async() { "async " } else { "" };
    w.line(0, &format!("{asynchronous}def main():"));
    w.docstring(
        1,
        "Runs every task as the model does; prints the wall time.",
    );
    if let Some(seconds) = o.switch_interval() {
        w.line(1, &format!("sys.setswitchinterval({seconds})"));
    }
    super::io::setup(w, o);
    w.line(1, "started = time.perf_counter()");
    match o.kind {
        _ if !o.queues.is_empty() => super::pipeline::main(w, o),
        ModelKind::Sequential => sequential(w, o),
        ModelKind::Threads | ModelKind::Interpreters => executor(w, o),
        ModelKind::Processes => pool(w, o),
        ModelKind::Asyncio | ModelKind::AsyncioThreads | ModelKind::AsyncioProcesses => {
            gather(w, o)
        }
    }
    w.line(1, "elapsed = time.perf_counter() - started");
    w.line(1, "print(f\"{len(results)} tasks in {elapsed:.3f} s\")");
}

/// `[call for p in payloads(...)]`, appended to `list` after the first group.
fn comprehension(o: &Outline, g: usize, list: &str, call: String, marks: Vec<Mark>) -> Doc {
    let assign = if g == 0 { "=" } else { "+=" };
    Doc::group(
        format!("{list} {assign} ["),
        vec![
            Doc::marked(call, marks),
            Doc::text(format!("for p in {}", o.payloads(g))),
        ],
        false,
        "]",
    )
}

fn sequential(w: &mut Writer, o: &Outline) {
    for (g, name) in o.names.iter().enumerate() {
        let doc = comprehension(o, g, "results", format!("{name}(p)"), Vec::new());
        w.doc(1, &doc);
    }
}

/// `ThreadPoolExecutor` or `InterpreterPoolExecutor`: every call submitted, the `with` block's
/// end waiting for all of them.
fn executor(w: &mut Writer, o: &Outline) {
    let threads = o.kind == ModelKind::Threads;
    let (class, traffic, pool_marks) = if threads {
        // Idle worker threads wait in the pool, and the main thread waits for them at the end
        // of the `with` block.
        (
            "ThreadPoolExecutor",
            vec![mark(Site::Start, None, LaneKind::Thread, SUBMIT)],
            vec![mark(Site::Pool, None, LaneKind::Thread, IDLE)],
        )
    } else {
        let both = |site, states| {
            [LaneKind::Thread, LaneKind::Process].map(|lane| mark(site, None, lane, states))
        };
        (
            "InterpreterPoolExecutor",
            both(Site::Start, TRAFFIC).to_vec(),
            both(Site::Pool, STARTING_IDLE).to_vec(),
        )
    };
    w.marked(
        1,
        &format!("with {class}(max_workers={}) as pool:", o.workers),
        &pool_marks,
    );
    for (g, name) in o.names.iter().enumerate() {
        let call = format!("pool.submit({name}, p)");
        w.doc(2, &comprehension(o, g, "futures", call, traffic.clone()));
    }
    w.comment(1, "Leaving the with block waits for every task.");
    w.line(1, "results = [future.result() for future in futures]");
}

/// `multiprocessing.Pool`: one `map` per group, asynchronous when there are several so that
/// every group is queued at once, as the simulator queues them.
fn pool(w: &mut Writer, o: &Outline) {
    locks::make(w, o, 1);
    let mut args = vec![Doc::text(o.workers.to_string())];
    args.extend(locks::initializer(o).into_iter().flatten().map(Doc::text));
    with_pool(w, o, args);
    // The main thread waits on this line; the parent's handler threads idle there too.
    let wait = mark(Site::Wait, None, LaneKind::Thread, IDLE);
    let traffic: Vec<Mark> = [LaneKind::Thread, LaneKind::Process]
        .map(|lane| mark(Site::Start, None, lane, TRAFFIC))
        .to_vec();
    let map = |method: &str, g: usize| {
        let mut args = vec![Doc::text(&o.names[g]), Doc::text(o.payloads(g))];
        if let Some(chunksize) = o.chunksize() {
            args.push(Doc::text(format!("chunksize={chunksize}")));
        }
        (format!("pool.{method}("), args)
    };
    if o.groups.len() == 1 {
        let (open, args) = map("map", 0);
        let mut marks = traffic;
        marks.push(wait);
        let doc = Doc::group(format!("results = {open}"), args, true, ")").with_marks(marks);
        w.doc(2, &doc);
        return;
    }
    let calls = (0..o.groups.len())
        .map(|g| {
            let (open, args) = map("map_async", g);
            Doc::group(open, args, true, ")").with_marks(traffic.clone())
        })
        .collect();
    w.doc(2, &Doc::group("pending = [", calls, true, "]"));
    w.marked(
        2,
        "results = [result for done in pending for result in done.get()]",
        &[wait],
    );
}

/// `with multiprocessing.Pool(args) as pool:`, where the parent's handler threads and the
/// workers start.
pub(super) fn with_pool(w: &mut Writer, o: &Outline, args: Vec<Doc>) {
    let pool_marks = vec![
        mark(Site::Pool, None, LaneKind::Thread, STARTING),
        mark(Site::Pool, None, LaneKind::Process, STARTING_IDLE),
    ];
    let with = Doc::group(
        format!("with {}.Pool(", o.mp_context()),
        args,
        true,
        ") as pool:",
    );
    w.doc(1, &with.with_marks(pool_marks));
}

/// The asyncio models: a coroutine per task given to `asyncio.gather`, behind a Semaphore when
/// the scenario limits tasks in flight, with the executor the hybrid models need.
fn gather(w: &mut Writer, o: &Outline) {
    let mut depth = 1;
    match o.kind {
        ModelKind::AsyncioThreads => {
            w.line(1, "loop = asyncio.get_running_loop()");
            let marks = [
                mark(Site::Pool, None, LaneKind::EventLoop, STARTING),
                mark(Site::Pool, None, LaneKind::Thread, IDLE),
            ];
            let executor = format!(
                "loop.set_default_executor(ThreadPoolExecutor(max_workers={}))",
                o.workers
            );
            w.marked(1, &executor, &marks);
        }
        ModelKind::AsyncioProcesses => {
            locks::make(w, o, 1);
            let mut args = vec![Doc::text(format!("max_workers={}", o.workers))];
            if let Some(method) = o.start_method() {
                args.push(Doc::text(format!(
                    "mp_context=multiprocessing.get_context(\"{}\")",
                    method.name()
                )));
            }
            args.extend(locks::initializer(o).into_iter().flatten().map(Doc::text));
            let marks = vec![
                mark(Site::Pool, None, LaneKind::EventLoop, STARTING),
                mark(Site::Pool, None, LaneKind::Process, STARTING_IDLE),
                mark(Site::Pool, None, LaneKind::Thread, IDLE),
            ];
            let with = Doc::group("with ProcessPoolExecutor(", args, true, ") as pool:");
            w.doc(1, &with.with_marks(marks));
            depth = 2;
        }
        _ => {}
    }
    if let Some(limit) = o.limit() {
        w.line(depth, &format!("gate = asyncio.Semaphore({limit})"));
    }
    let coroutines = (0..o.groups.len())
        .map(|g| {
            let name = &o.names[g];
            let args = |args: [&str; 2]| args.into_iter().map(Doc::text).collect();
            // The loop creates each task for no task in particular, then starts and finishes
            // it working for the task's group.
            let marks = [None, Some(g as u32)]
                .map(|group| mark(Site::Start, group, LaneKind::EventLoop, LOOP))
                .to_vec();
            let call = match o.kind {
                ModelKind::AsyncioThreads => {
                    Doc::group("asyncio.to_thread(", args([name, "p"]), true, ")")
                }
                ModelKind::AsyncioProcesses => {
                    Doc::group(format!("{name}("), args(["p", "pool"]), true, ")")
                }
                _ => Doc::text(format!("{name}(p)")),
            }
            .with_marks(marks);
            let call = match o.limit() {
                Some(_) => Doc::group("limited(", vec![Doc::text("gate"), call], true, ")"),
                None => call,
            };
            Doc::group(
                "*(",
                vec![call, Doc::text(format!("for p in {}", o.payloads(g)))],
                false,
                ")",
            )
        })
        .collect();
    let wait = vec![mark(Site::Wait, None, LaneKind::EventLoop, IDLE)];
    let doc = Doc::group("results = await asyncio.gather(", coroutines, true, ")");
    w.doc(depth, &doc.with_marks(wait));
}
