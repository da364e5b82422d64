//! The program from top to bottom: header, imports, constants, `main()` (the concurrency, in
//! `concurrency.rs`), one function per task group (`tasks.rs`), the shared helpers, and the
//! entry point. Also what the other parts need to know about the scenario.

use super::layout::Writer;
use super::names::identifiers;
use super::{concurrency, helpers, locks, pipeline, tasks};
use crate::engine::scenario::TaskGroup;
use crate::engine::{calibration, IoKind, ModelKind, Named, Plan, StartMethod};
use crate::format;

/// What the parts of the program need to know about the scenario.
pub(super) struct Outline<'a> {
    /// The plan.
    pub s: &'a Plan,
    /// Its model.
    pub kind: ModelKind,
    /// The groups actually run.
    pub groups: Vec<TaskGroup>,
    /// Each group's function name.
    pub names: Vec<String>,
    /// The pool's or executor's size.
    pub workers: u32,
    /// The locks the groups name, in the order first named, and each one's variable.
    pub locks: Vec<(String, String)>,
    /// A pipeline's queues, in pipeline order (of the first group getting from each).
    pub queues: Vec<pipeline::Queue>,
    /// A pipeline's list of each group's tasks in `main()` ("upload_tasks"); empty without one.
    tasks_vars: Vec<String>,
}

impl<'a> Outline<'a> {
    fn new(s: &'a Plan) -> Self {
        let groups: Vec<TaskGroup> = s.groups().iter().map(|g| g.spec.clone()).collect();
        let mut locks: Vec<String> = Vec::new();
        for name in groups.iter().flat_map(|g| &g.lock) {
            if !locks.contains(name) {
                locks.push(name.clone());
            }
        }
        let mut queues: Vec<(String, u32)> = Vec::new();
        for g in &groups {
            if let Some(q) = g
                .get
                .as_ref()
                .filter(|q| !queues.iter().any(|(n, _)| n == *q))
            {
                let maxsize = groups.iter().find(|p| p.put.as_ref() == Some(q));
                queues.push((q.clone(), maxsize.map_or(0, |p| p.maxsize)));
            }
        }
        // Named together, so a lock's variable ("shared_lock"), a queue's ("jobs_queue") or a
        // list of tasks ("upload_tasks") never takes a group's name.
        let lock_words = locks.iter().map(|l| format!("{l} lock"));
        let queue_words = queues.iter().map(|(q, _)| format!("{q} queue"));
        let tasks_words = groups
            .iter()
            .filter(|_| !queues.is_empty())
            .map(|g| format!("{} tasks", g.name));
        let words: Vec<String> = lock_words.chain(queue_words).chain(tasks_words).collect();
        let all = groups.iter().map(|g| g.name.as_str());
        let mut names = identifiers(all.chain(words.iter().map(String::as_str)));
        let mut vars = names.split_off(groups.len());
        let tasks_vars = vars.split_off(locks.len() + queues.len());
        let queue_vars = vars.split_off(locks.len());
        Self {
            s,
            kind: s.model(),
            groups,
            names,
            workers: s.workers(),
            locks: locks.into_iter().zip(vars).collect(),
            queues: queues
                .into_iter()
                .zip(queue_vars)
                .map(|((name, maxsize), var)| pipeline::Queue { name, var, maxsize })
                .collect(),
            tasks_vars,
        }
    }

    /// Whether any group spends time in `phase`.
    pub fn any(&self, phase: fn(&TaskGroup) -> f64) -> bool {
        self.groups.iter().any(|g| phase(g) > 0.0)
    }

    /// Whether the model runs on an event loop.
    pub fn is_async(&self) -> bool {
        matches!(
            self.kind,
            ModelKind::Asyncio | ModelKind::AsyncioThreads | ModelKind::AsyncioProcesses
        )
    }

    /// Whether I/O of `kind` is awaited (`async def fetch`) rather than a blocking call.
    pub fn awaits(&self, kind: IoKind) -> bool {
        matches!(self.kind, ModelKind::Asyncio | ModelKind::AsyncioProcesses)
            && !self.s.scenario().model.blocking
            && kind.awaitable()
    }

    /// Whether any group does I/O of `kind` (I/O holding a lock is a sleep, `fetch`).
    pub fn uses(&self, kind: IoKind) -> bool {
        self.groups.iter().any(|g| {
            (g.io_ms > 0.0 && g.io_kind == kind) || (kind == IoKind::Sleep && g.locked_io_ms > 0.0)
        })
    }

    /// Whether `fetch`, the sleep that I/O holding a lock makes, is awaited.
    pub fn awaits_io(&self) -> bool {
        self.awaits(IoKind::Sleep)
    }

    /// Whether any group's I/O goes to the stand-in server.
    pub fn remote(&self) -> bool {
        self.uses(IoKind::Socket) || self.uses(IoKind::Http)
    }

    /// The asyncio Semaphore's size, when the scenario limits tasks in flight.
    pub fn limit(&self) -> Option<u32> {
        (self.is_async() && self.s.scenario().model.limit > 0)
            .then_some(self.s.scenario().model.limit)
    }

    /// The chunksize, when the scenario sets one; otherwise the program leaves it to the
    /// library, as the engine does.
    pub fn chunksize(&self) -> Option<u32> {
        self.s.scenario().model.chunksize
    }

    /// The start method, when the scenario sets one for a model that starts processes;
    /// otherwise the platform's default applies.
    pub fn start_method(&self) -> Option<StartMethod> {
        let processes = matches!(
            self.kind,
            ModelKind::Processes | ModelKind::AsyncioProcesses
        );
        self.s.scenario().model.start_method.filter(|_| processes)
    }

    /// The variable of the lock named `name`.
    pub fn lock_var(&self, name: &str) -> &str {
        let (_, var) = self
            .locks
            .iter()
            .find(|(n, _)| n == name)
            .expect("a named lock");
        var
    }

    /// The variable of the queue named `name`.
    pub fn queue_var(&self, name: &str) -> &str {
        let q = self.queues.iter().find(|q| q.name == name);
        &q.expect("a named queue").var
    }

    /// A pipeline's list of group `g`'s tasks in `main()`.
    pub fn tasks_var(&self, g: usize) -> &str {
        &self.tasks_vars[g]
    }

    /// Where the program makes its processes and their locks: the `multiprocessing` module,
    /// or the context of the start method the scenario sets.
    pub fn mp_context(&self) -> String {
        match self.start_method() {
            Some(method) => format!("multiprocessing.get_context(\"{}\")", method.name()),
            None => "multiprocessing".into(),
        }
    }

    /// `payloads(...)` for group `g`: its scaled task count, each with its payload.
    pub fn payloads(&self, g: usize) -> String {
        let group = &self.groups[g];
        format!("payloads({}, {})", group.tasks, group.payload_bytes)
    }

    /// The GIL switch interval in seconds, when the scenario changes it.
    pub fn switch_interval(&self) -> Option<f64> {
        let ms = self.s.scenario().python.switch_interval_ms;
        let default_ms = calibration::DEFAULT_SWITCH_INTERVAL as f64 / 1e6;
        (ms != default_ms).then_some(ms / 1000.0)
    }

    /// The I/O jitter, when there is I/O to vary.
    pub fn jitter(&self) -> Option<f64> {
        let jitter = self.s.scenario().workload.jitter;
        (jitter > 0.0 && self.any(|g| g.io_ms)).then_some(jitter)
    }
}

/// The program for `s` and its anchors.
pub(super) fn write(s: &Plan, predicted_s: Option<f64>) -> (String, Vec<super::Anchor>) {
    let o = Outline::new(s);
    let mut w = Writer::default();
    header(&mut w, &o, predicted_s);
    w.line(0, "");
    imports(&mut w, &o);
    w.line(0, "");
    helpers::constants(&mut w, &o);
    locks::declare(&mut w, &o);
    pipeline::declare(&mut w, &o);
    w.gap();
    concurrency::main(&mut w, &o);
    tasks::functions(&mut w, &o);
    helpers::helpers(&mut w, &o);
    w.gap();
    w.line(0, "if __name__ == \"__main__\":");
    let run = if o.is_async() {
        "asyncio.run(main())"
    } else {
        "main()"
    };
    w.line(1, run);
    w.finish()
}

/// A group's work in words: "200 times 1 ms of I/O and 3 ms of Python".
pub(super) fn describe(g: &TaskGroup) -> String {
    let io = match g.io_kind {
        IoKind::Sleep => "I/O".to_string(),
        kind => format!("I/O ({})", kind.label()),
    };
    let phases: Vec<String> = [
        (g.io_ms, io.as_str()),
        (g.cpu_ms, "Python"),
        (g.cext_ms, "C"),
    ]
    .into_iter()
    .filter(|(ms, _)| *ms > 0.0)
    .map(|(ms, what)| format!("{ms} ms of {what}"))
    .collect();
    let mut work = if phases.is_empty() {
        "no work".to_string()
    } else {
        and_list(&phases)
    };
    if !g.lock.is_empty() {
        let held: Vec<String> = [(g.locked_io_ms, "I/O"), (g.locked_ms, "Python")]
            .into_iter()
            .filter(|(ms, _)| *ms > 0.0)
            .map(|(ms, what)| format!("{ms} ms of {what}"))
            .collect();
        let held = if held.is_empty() {
            "nothing".to_string()
        } else {
            and_list(&held)
        };
        let locks = and_list(&g.lock);
        work = if phases.is_empty() {
            format!("{held} holding {locks}")
        } else {
            format!("{work}, then {held} holding {locks}")
        };
    }
    if let Some(q) = &g.put {
        work = format!("{work}, then a put into {q}");
    }
    match &g.get {
        Some(q) => format!("for each item from {q}: {work}"),
        None if g.repeat > 1 => format!("{} times {work}", g.repeat),
        None => work,
    }
}

fn header(w: &mut Writer, o: &Outline, predicted_s: Option<f64>) {
    let s = o.s;
    let work: Vec<String> = o
        .groups
        .iter()
        .map(|g| {
            let plural = if g.tasks == 1 { "" } else { "s" };
            format!("{} task{plural} \"{}\" ({})", g.tasks, g.name, describe(g))
        })
        .collect();
    w.comment(0, "Concurrency Lab: the scenario as a program you can run.");
    w.comment(0, &format!("Work: {}.", and_list(&work)));
    let version = s.python();
    // The code below says how the model is set up (pool size, start method, limit...).
    w.comment(
        0,
        &format!("Model: {} on Python {}.", o.kind.name(), version.name()),
    );
    if s.scenario().workload.remote_limit > 0 {
        w.comment(
            0,
            &format!(
                "The simulated server answers {} requests at a time; the stand-in here has no \
                 such limit.",
                s.scenario().workload.remote_limit
            ),
        );
    }
    if let Some(secs) = predicted_s {
        let cores = s.cores();
        let plural = if cores == 1 { "" } else { "s" };
        w.comment(
            0,
            &format!(
                "The simulator predicts {} on {cores} core{plural}. Run `python{} program.py` \
                 and compare with the wall time it prints.",
                format::duration(secs),
                version.name()
            ),
        );
    }
    if s.may_deadlock() {
        w.comment(
            0,
            "Its groups take the same locks in different orders, so this program can \
             deadlock: each task holding a lock another waits for, for ever. The simulator \
             stops there and reports the cycle.",
        );
    }
    w.comment(
        0,
        "The work is done by stand-ins sized by measured costs: see the helpers and constants \
         below.",
    );
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => items.concat(),
    }
}

fn imports(w: &mut Writer, o: &Outline) {
    let [asyncio, multiprocessing, socket, sqlite3, tempfile, urllib] = super::io::imports(o);
    let modules = [
        ("asyncio", o.is_async() || asyncio.1),
        ("hashlib", o.any(|g| g.cext_ms)),
        (
            "multiprocessing",
            o.kind == ModelKind::Processes
                || o.start_method().is_some()
                || multiprocessing.1
                || locks::in_workers(o),
        ),
        ("os", true),
        (
            "queue",
            !o.queues.is_empty() && matches!(o.kind, ModelKind::Sequential | ModelKind::Threads),
        ),
        ("random", o.jitter().is_some()),
        socket,
        sqlite3,
        ("sys", o.switch_interval().is_some()),
        tempfile,
        ("threading", locks::threading(o)),
        ("time", true),
        urllib,
    ];
    for (module, used) in modules {
        if used {
            w.line(0, &format!("import {module}"));
        }
    }
    let executor = match o.kind {
        ModelKind::Threads if !o.queues.is_empty() => Some("ThreadPoolExecutor, wait"),
        ModelKind::Threads | ModelKind::AsyncioThreads => Some("ThreadPoolExecutor"),
        ModelKind::AsyncioProcesses => Some("ProcessPoolExecutor"),
        ModelKind::Interpreters => Some("InterpreterPoolExecutor  # Python 3.14+"),
        _ => None,
    };
    if let Some(executor) = executor {
        w.line(0, &format!("from concurrent.futures import {executor}"));
    }
}
