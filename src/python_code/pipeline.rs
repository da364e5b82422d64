//! A pipeline's program: its queues (`queue.Queue` between threads, `multiprocessing.Queue`
//! handed to a pool's workers as they start, `asyncio.Queue` between coroutines), a stage's loop getting items until the `None` that stops it, the puts after
//! each repetition, and a `main()` that starts every stage, waits for a queue's producers and
//! then puts one `None` per consumer — the sentinels the engine's drained queue stands for.

use super::anchors::{Site, IDLE, LOOP, QUEUE, TRAFFIC};
use super::concurrency::{with_pool, SUBMIT};
use super::layout::{mark, Doc, Writer};
use super::outline::Outline;
use crate::engine::trace::LaneKind;
use crate::engine::ModelKind;

/// One queue of the program.
pub(super) struct Queue {
    /// Its name in the scenario.
    pub name: String,
    /// Its variable.
    pub var: String,
    /// Its `maxsize` (0: unbounded).
    pub maxsize: u32,
}

/// Whether the queues live in worker processes, which get them from `main()` through the
/// pool's initializer: a `multiprocessing.Queue` is shared by inheritance only.
pub(super) fn in_workers(o: &Outline) -> bool {
    !o.queues.is_empty() && o.kind == ModelKind::Processes
}

/// The module-level queues, after the locks.
pub(super) fn declare(w: &mut Writer, o: &Outline) {
    if o.queues.is_empty() {
        return;
    }
    if in_workers(o) {
        w.comment(
            0,
            "The queues between the pipeline's stages: main() makes them and share sets them \
             in each worker process.",
        );
        for q in &o.queues {
            w.line(0, &format!("{} = None", q.var));
        }
        return;
    }
    let sequential = o.kind == ModelKind::Sequential;
    if sequential {
        w.comment(
            0,
            "The queues between the pipeline's stages. One thread runs the stages one after \
             another, so a queue holds all its items at once: no maxsize.",
        );
    } else {
        w.comment(
            0,
            "The queues between the pipeline's stages: a put waits while one is full.",
        );
    }
    let class = match o.kind {
        ModelKind::Asyncio => "asyncio.Queue",
        _ => "queue.Queue",
    };
    for q in &o.queues {
        let size = match q.maxsize {
            0 => String::new(),
            _ if sequential => String::new(),
            n => format!("maxsize={n}"),
        };
        w.line(0, &format!("{} = {class}({size})", q.var));
    }
}

/// The `await ` an asyncio queue's calls need.
fn awaiting(o: &Outline) -> &'static str {
    match o.kind {
        ModelKind::Asyncio => "await ",
        _ => "",
    }
}

/// Group `g`'s loop over the items it gets, if it gets any: true if written (its body one
/// level deeper).
pub(super) fn get_loop(w: &mut Writer, o: &Outline, g: usize, lane: LaneKind) -> bool {
    let Some(q) = &o.groups[g].get else {
        return false;
    };
    let line = format!(
        "while (item := {}{}.get()) is not None:",
        awaiting(o),
        o.queue_var(q)
    );
    w.marked(1, &line, &[mark(Site::Queue, Some(g as u32), lane, QUEUE)]);
    true
}

/// Group `g`'s put at the end of a repetition at `depth`: the item it got, or its payload.
pub(super) fn put(w: &mut Writer, o: &Outline, g: usize, depth: usize, lane: LaneKind) {
    let group = &o.groups[g];
    let Some(q) = &group.put else { return };
    let item = if group.get.is_some() {
        "item"
    } else {
        "payload"
    };
    let line = format!("{}{}.put({item})", awaiting(o), o.queue_var(q));
    w.marked(
        depth,
        &line,
        &[mark(Site::Queue, Some(g as u32), lane, QUEUE)],
    );
}

/// `stop`, among the helpers: the `None`s that end a queue's consumers; and, for worker
/// processes, `share`, which sets the locks and queues `main()` hands each one.
pub(super) fn helper(w: &mut Writer, o: &Outline) {
    if o.queues.is_empty() {
        return;
    }
    if in_workers(o) {
        let vars: Vec<&str> = o
            .locks
            .iter()
            .map(|(_, var)| var.as_str())
            .chain(o.queues.iter().map(|q| q.var.as_str()))
            .collect();
        w.gap();
        w.line(0, "def share(*shared):");
        w.docstring(
            1,
            "Sets, in a worker process, the locks and queues main() shares with it.",
        );
        w.line(1, &format!("global {}", vars.join(", ")));
        let targets = match vars.as_slice() {
            [one] => format!("({one},)"),
            _ => vars.join(", "),
        };
        w.line(1, &format!("{targets} = shared"));
    }
    w.gap();
    let asynchronous = if o.kind == ModelKind::Asyncio {
        "async "
    } else {
        ""
    };
    w.line(0, &format!("{asynchronous}def stop(items, consumers):"));
    w.docstring(
        1,
        "Puts one None into `items` for each of `consumers`: each stops at its own.",
    );
    w.line(1, "for _ in consumers:");
    w.line(2, &format!("{}items.put(None)", awaiting(o)));
}

/// The groups that put into queue `q`, and those that get from it.
fn stages<'a>(o: &'a Outline, q: &Queue) -> (Vec<usize>, Vec<usize>) {
    let of = |field: fn(&'a crate::engine::scenario::TaskGroup) -> &'a Option<String>| {
        (0..o.groups.len())
            .filter(|&g| field(&o.groups[g]).as_deref() == Some(q.name.as_str()))
            .collect()
    };
    (of(|g| &g.put), of(|g| &g.get))
}

/// `a_tasks + b_tasks`: the tasks of `groups`.
fn tasks_of(o: &Outline, groups: &[usize]) -> String {
    groups
        .iter()
        .map(|&g| o.tasks_var(g))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// `main()`'s part for a pipeline: every stage started, then, queue by queue in pipeline
/// order, its producers waited for and its consumers stopped; sequential code runs each stage
/// in turn, stopping a queue's consumers before the first of them runs.
pub(super) fn main(w: &mut Writer, o: &Outline) {
    match o.kind {
        ModelKind::Sequential => sequential(w, o),
        ModelKind::Threads => threads(w, o),
        ModelKind::Processes => processes(w, o),
        _ => coroutines(w, o),
    }
}

/// A process pool with a worker per task: the queues made in the start method's context and
/// handed to each worker (with the locks) as it starts, each group mapped asynchronously.
fn processes(w: &mut Writer, o: &Outline) {
    super::locks::make(w, o, 1);
    for q in &o.queues {
        let size = match q.maxsize {
            0 => String::new(),
            n => format!("maxsize={n}"),
        };
        w.line(1, &format!("{} = {}.Queue({size})", q.var, o.mp_context()));
    }
    let queues: Vec<&str> = o.queues.iter().map(|q| q.var.as_str()).collect();
    let shared = match (o.locks.is_empty(), queues.as_slice()) {
        (true, [one]) => format!("({one},)"),
        (true, _) => format!("({})", queues.join(", ")),
        (false, _) => format!("(*locks, {})", queues.join(", ")),
    };
    let mut args = vec![Doc::text(o.workers.to_string())];
    args.extend(
        [
            "initializer=share".to_string(),
            format!("initargs={shared}"),
        ]
        .map(Doc::text),
    );
    with_pool(w, o, args);
    let traffic: Vec<_> = [LaneKind::Thread, LaneKind::Process]
        .map(|lane| mark(Site::Start, None, lane, TRAFFIC))
        .to_vec();
    for g in 0..o.groups.len() {
        let mut args = vec![Doc::text(&o.names[g]), Doc::text(o.payloads(g))];
        if let Some(chunksize) = o.chunksize() {
            args.push(Doc::text(format!("chunksize={chunksize}")));
        }
        let call = Doc::group("pool.map_async(", args, true, ")");
        let doc = Doc::group(format!("{} = ", o.tasks_var(g)), vec![call], false, "");
        w.doc(2, &doc.with_marks(traffic.clone()));
    }
    w.comment(
        2,
        "Once a queue's producers are done, each of its consumers gets a None to stop at.",
    );
    for q in &o.queues {
        let (producers, consumers) = stages(o, q);
        for p in producers {
            w.line(2, &format!("{}.wait()", o.tasks_var(p)));
        }
        let counts: Vec<String> = consumers.iter().map(|&c| o.payloads(c)).collect();
        w.line(2, &format!("stop({}, {})", q.var, counts.join(" + ")));
    }
    let all: Vec<&str> = (0..o.groups.len()).map(|g| o.tasks_var(g)).collect();
    let wait = vec![mark(Site::Wait, None, LaneKind::Thread, IDLE)];
    let results = Doc::group(
        "results = [",
        vec![
            Doc::text("result"),
            Doc::text(format!("for done in [{}]", all.join(", "))),
            Doc::text("for result in done.get()"),
        ],
        false,
        "]",
    );
    w.doc(2, &results.with_marks(wait));
}

fn sequential(w: &mut Writer, o: &Outline) {
    w.line(1, "results = []");
    for g in 0..o.groups.len() {
        for q in o
            .queues
            .iter()
            .filter(|q| stages(o, q).1.first() == Some(&g))
        {
            let consumers: Vec<String> = stages(o, q).1.iter().map(|&c| o.payloads(c)).collect();
            w.line(1, &format!("stop({}, {})", q.var, consumers.join(" + ")));
        }
        let call = format!("{}(p)", o.names[g]);
        let doc = Doc::group(
            "results += [",
            vec![
                Doc::text(call),
                Doc::text(format!("for p in {}", o.payloads(g))),
            ],
            false,
            "]",
        );
        w.doc(1, &doc);
    }
}

/// Each queue's producers waited for and its consumers stopped, in pipeline order.
fn stop_each(w: &mut Writer, o: &Outline, depth: usize, wait: &str) {
    w.comment(
        depth,
        "Once a queue's producers are done, each of its consumers gets a None to stop at.",
    );
    for q in &o.queues {
        let (producers, consumers) = stages(o, q);
        w.line(depth, &format!("{wait}({})", tasks_of(o, &producers)));
        let stop = format!(
            "{}stop({}, {})",
            awaiting(o),
            q.var,
            tasks_of(o, &consumers)
        );
        w.line(depth, &stop);
    }
}

fn threads(w: &mut Writer, o: &Outline) {
    let pool_marks = [mark(Site::Pool, None, LaneKind::Thread, IDLE)];
    let with = format!(
        "with ThreadPoolExecutor(max_workers={}) as pool:",
        o.workers
    );
    w.marked(1, &with, &pool_marks);
    for g in 0..o.groups.len() {
        let submit = format!("pool.submit({}, p)", o.names[g]);
        let marks = vec![mark(Site::Start, None, LaneKind::Thread, SUBMIT)];
        w.doc(2, &started(o, g, Doc::marked(submit, marks)));
    }
    stop_each(w, o, 2, "wait");
    let all = tasks_of(o, &(0..o.groups.len()).collect::<Vec<_>>());
    let doc = Doc::group(
        "results = [",
        vec![
            Doc::text("future.result()"),
            Doc::text(format!("for future in {all}")),
        ],
        false,
        "]",
    );
    w.doc(1, &doc);
}

fn coroutines(w: &mut Writer, o: &Outline) {
    for g in 0..o.groups.len() {
        // The loop creates each task for no task in particular, then starts and finishes it
        // working for the task's group.
        let marks = [None, Some(g as u32)]
            .map(|group| mark(Site::Start, group, LaneKind::EventLoop, LOOP))
            .to_vec();
        let call = Doc::group(
            "asyncio.create_task(",
            vec![Doc::text(format!("{}(p)", o.names[g]))],
            false,
            ")",
        );
        w.doc(1, &started(o, g, call.with_marks(marks)));
    }
    stop_each(w, o, 1, "await asyncio.wait");
    let all: Vec<Doc> = (0..o.groups.len())
        .map(|g| Doc::text(format!("*{}", o.tasks_var(g))))
        .collect();
    let wait = vec![mark(Site::Wait, None, LaneKind::EventLoop, IDLE)];
    let doc = Doc::group("results = await asyncio.gather(", all, true, ")");
    w.doc(1, &doc.with_marks(wait));
}

/// `a_tasks = [start for p in payloads(...)]`.
fn started(o: &Outline, g: usize, start: Doc) -> Doc {
    Doc::group(
        format!("{} = [", o.tasks_var(g)),
        vec![start, Doc::text(format!("for p in {}", o.payloads(g)))],
        false,
        "]",
    )
}
