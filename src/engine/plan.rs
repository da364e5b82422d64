//! A [`Plan`]: a scenario whose settings were checked on their own and against each other, with
//! everything it leaves to the libraries resolved once (the worker count, the start method, the
//! chunksize), its task groups spelt out and its durations in nanoseconds. The engine runs only
//! plans, so no part of it checks or resolves a setting again.

use super::names::Named;
use super::scenario::{
    Model, ModelKind, PyVersion, Scenario, ScenarioError, StartMethod, TaskGroup, MAX_REPETITIONS,
    MAX_TASKS,
};
use super::settings;
use super::time::{from_ms, Nanos};

/// One kind of task, ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupPlan {
    /// The group as written (the single-kind settings make one group named "tasks").
    pub spec: TaskGroup,
    /// I/O wait per repetition.
    pub io: Nanos,
    /// Pure-Python work per repetition.
    pub cpu: Nanos,
    /// GIL-releasing C work per repetition.
    pub cext: Nanos,
    /// Python work around each I/O call, when the scenario sets it.
    pub io_call: Option<Nanos>,
    /// Pure-Python work per repetition holding the group's locks.
    pub locked: Nanos,
    /// I/O per repetition holding the group's locks.
    pub locked_io: Nanos,
}

/// A checked and resolved scenario: what the engine runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    scenario: Scenario,
    pub(crate) groups: Vec<GroupPlan>,
    pub(crate) workers: u32,
    pub(crate) start_method: StartMethod,
    pub(crate) chunksize: u32,
    /// How many tasks asyncio lets run at once, when limited.
    pub(crate) limit: Option<u32>,
    pub(crate) switch_interval: Nanos,
}

/// The shortest switch interval simulated (1 µs): a shorter one would only multiply events.
const MIN_SWITCH_INTERVAL: Nanos = 1_000;

/// The name the single-kind settings give their one group.
const SHORTHAND_GROUP: &str = "tasks";

/// Checks the settings of `s` against each other; an error names the setting to drop (the one
/// that asks for something the others rule out).
pub(crate) fn together(s: &Scenario) -> Result<(), ScenarioError> {
    if s.model.kind == ModelKind::Interpreters && !s.python.version.has_interpreter_pool() {
        return Err(ScenarioError::new(
            settings::MODEL.key,
            format!(
                "the interpreters model needs Python 3.14 or 3.14t (python is {})",
                s.python.version.name()
            ),
        ));
    }
    let groups = &s.workload.groups;
    if s.model.kind == ModelKind::Interpreters && groups.iter().any(|g| !g.lock.is_empty()) {
        // Subinterpreters share no lock object (PEP 734 shares queues and plain data only).
        return Err(ScenarioError::new(
            settings::MODEL.key,
            "the interpreters model cannot share a lock between interpreters (a task group \
             names one): use threads or processes",
        ));
    }
    let tasks: u64 = groups.iter().map(|g| u64::from(g.tasks)).sum();
    if groups.iter().any(|g| g.put.is_some()) {
        pipeline_fits(s, tasks)?;
    }
    let repetitions: u64 = groups
        .iter()
        .map(|g| u64::from(g.tasks) * u64::from(g.repeat))
        .sum();
    let key = settings::GROUPS.key;
    if tasks > MAX_TASKS.into() {
        return Err(ScenarioError::new(
            key,
            format!("at most {MAX_TASKS} tasks in all groups together (got {tasks})"),
        ));
    }
    if repetitions > MAX_REPETITIONS {
        return Err(ScenarioError::new(
            key,
            format!(
                "at most {MAX_REPETITIONS} repetitions in all (tasks × repeat; got {repetitions})"
            ),
        ));
    }
    Ok(())
}

/// Whether `s`'s model can run its pipeline of `tasks` tasks: each task of a stage blocks on
/// its queues, so it needs a thread or an asyncio task of its own (a task waiting in an
/// executor's queue behind a stage blocked on a full queue would wait forever).
fn pipeline_fits(s: &Scenario, tasks: u64) -> Result<(), ScenarioError> {
    let m = &s.model;
    if !matches!(
        m.kind,
        ModelKind::Sequential | ModelKind::Threads | ModelKind::Processes | ModelKind::Asyncio
    ) {
        return Err(ScenarioError::new(
            settings::MODEL.key,
            format!(
                "the {} model does not run pipelines here (a task group puts into a queue): \
                 use threads, processes or asyncio",
                m.kind.name()
            ),
        ));
    }
    let pool = matches!(m.kind, ModelKind::Threads | ModelKind::Processes);
    if pool && m.workers.is_some_and(|w| u64::from(w) < tasks) {
        return Err(ScenarioError::new(
            settings::WORKERS.key,
            format!("a pipeline's {tasks} tasks each block on a queue and need a worker of their own: at least {tasks}"),
        ));
    }
    if m.kind == ModelKind::Processes && m.chunksize.is_some_and(|c| c > 1) {
        return Err(ScenarioError::new(
            settings::CHUNKSIZE.key,
            "a pipeline's tasks each block on a queue and must go to workers one at a time: 1",
        ));
    }
    if m.kind == ModelKind::Asyncio && m.limit > 0 && u64::from(m.limit) < tasks {
        return Err(ScenarioError::new(
            settings::LIMIT.key,
            format!("a pipeline's {tasks} tasks each wait on a queue and must all run at once: 0 or at least {tasks}"),
        ));
    }
    Ok(())
}

impl Plan {
    /// Checks every setting of `s` on its own and against the others, and resolves it.
    pub fn new(s: &Scenario) -> Result<Plan, ScenarioError> {
        settings::check(s)?;
        together(s)?;
        let w = &s.workload;
        let specs = if w.groups.is_empty() {
            vec![TaskGroup {
                name: SHORTHAND_GROUP.into(),
                tasks: w.tasks,
                repeat: 1,
                io_ms: w.io_ms,
                cpu_ms: w.cpu_ms,
                cext_ms: w.cext_ms,
                payload_bytes: w.payload_bytes,
                result_bytes: w.result_bytes,
                io_call_us: w.io_call_us,
                io_kind: w.io_kind,
                ..TaskGroup::default()
            }]
        } else {
            w.groups.clone()
        };
        let groups: Vec<GroupPlan> = specs
            .into_iter()
            .map(|spec| GroupPlan {
                io: from_ms(spec.io_ms),
                cpu: from_ms(spec.cpu_ms),
                cext: from_ms(spec.cext_ms),
                io_call: spec.io_call_us.map(|us| from_ms(us / 1000.0)),
                locked: from_ms(spec.locked_ms),
                locked_io: from_ms(spec.locked_io_ms),
                spec,
            })
            .collect();
        let m = &s.model;
        let tasks = groups.iter().map(|g| g.spec.tasks).sum();
        // A pipeline's stages each get a thread or a worker of their own (`pipeline_fits`).
        let pipeline = matches!(m.kind, ModelKind::Threads | ModelKind::Processes)
            && groups.iter().any(|g| g.spec.put.is_some());
        let workers = m.workers.unwrap_or_else(|| match pipeline {
            true => tasks,
            false => m.kind.default_workers(s.machine.cores),
        });
        Ok(Plan {
            groups,
            workers,
            start_method: m
                .start_method
                .unwrap_or_else(|| s.python.version.default_start_method()),
            chunksize: m
                .chunksize
                .unwrap_or_else(|| m.kind.default_chunksize(tasks, workers)),
            limit: (m.limit > 0).then_some(m.limit),
            switch_interval: from_ms(s.python.switch_interval_ms).max(MIN_SWITCH_INTERVAL),
            scenario: s.clone(),
        })
    }

    /// The same plan with a change to its scenario (another model, another worker count).
    pub fn variant(&self, change: impl FnOnce(&mut Scenario)) -> Result<Plan, ScenarioError> {
        let mut s = self.scenario.clone();
        change(&mut s);
        Plan::new(&s)
    }

    /// The same work run sequentially: the baseline that speedup is measured against.
    pub fn sequential(&self) -> Plan {
        self.variant(|s| s.model = Model::default())
            .expect("sequential code conflicts with no other setting")
    }

    /// The scenario as written.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario with what it left to the libraries filled in (workers, start method,
    /// chunksize): the values in force.
    pub fn resolved(&self) -> Scenario {
        let mut s = self.scenario.clone();
        s.model.workers = Some(self.workers);
        s.model.start_method = Some(self.start_method);
        s.model.chunksize = Some(self.chunksize);
        s
    }

    /// The model.
    pub fn model(&self) -> ModelKind {
        self.scenario.model.kind
    }

    /// The worker count in force.
    pub fn workers(&self) -> u32 {
        self.workers
    }

    /// The start method in force.
    pub fn start_method(&self) -> StartMethod {
        self.start_method
    }

    /// The chunksize in force.
    pub fn chunksize(&self) -> u32 {
        self.chunksize
    }

    /// The machine's cores.
    pub fn cores(&self) -> u32 {
        self.scenario.machine.cores
    }

    /// The Python build.
    pub fn python(&self) -> PyVersion {
        self.scenario.python.version
    }

    /// The task groups (one for a single kind of task).
    pub fn groups(&self) -> &[GroupPlan] {
        &self.groups
    }

    /// Tasks in all groups.
    pub fn total_tasks(&self) -> u32 {
        self.groups.iter().map(|g| g.spec.tasks).sum()
    }

    /// Per-task phase times summed over repetitions and averaged over tasks, in ms: (I/O,
    /// Python, C). What "mostly waiting or mostly calculating" is judged on.
    pub fn mean_phases(&self) -> (f64, f64, f64) {
        let n = f64::from(self.total_tasks().max(1));
        let reps = self.repetitions();
        let sum = |f: fn(&TaskGroup) -> f64| {
            self.groups
                .iter()
                .zip(&reps)
                .map(|(g, &r)| f(&g.spec) * r)
                .sum::<f64>()
                / n
        };
        (
            sum(|g| g.io_ms + g.locked_io_ms),
            sum(|g| g.cpu_ms + g.locked_ms),
            sum(|g| g.cext_ms),
        )
    }

    /// How many repetitions each group runs in all: its tasks × `repeat`, or, for a pipeline
    /// stage getting from a queue, one per item put into that queue (its producers' repetitions;
    /// stages are listed after their producers).
    pub fn repetitions(&self) -> Vec<f64> {
        let mut reps: Vec<f64> = Vec::with_capacity(self.groups.len());
        for g in &self.groups {
            let r = match &g.spec.get {
                Some(queue) => self
                    .groups
                    .iter()
                    .zip(&reps)
                    .filter(|(p, _)| p.spec.put.as_ref() == Some(queue))
                    .map(|(_, &r)| r)
                    .sum(),
                None => f64::from(g.spec.tasks) * f64::from(g.spec.repeat),
            };
            reps.push(r);
        }
        reps
    }

    /// The share of the work done holding a lock (Python and I/O inside `with lock:`), over
    /// every task: at a half or more the lock, not the model, bounds the speedup.
    pub fn locked_share(&self) -> f64 {
        let (io, cpu, cext) = self.mean_phases();
        let n = f64::from(self.total_tasks().max(1));
        let locked: f64 = self
            .groups
            .iter()
            .zip(self.repetitions())
            .filter(|(g, _)| !g.spec.lock.is_empty())
            .map(|(g, r)| (g.spec.locked_ms + g.spec.locked_io_ms) * r)
            .sum::<f64>()
            / n;
        let all = io + cpu + cext;
        if all > 0.0 {
            locked / all
        } else {
            0.0
        }
    }

    /// Whether the groups take some locks in different orders (`a` then `b` in one group, `b`
    /// then `a` in another, or longer cycles), so that tasks may deadlock, each holding a lock
    /// another waits for. Whether they do depends on timing: the simulation tells.
    pub fn may_deadlock(&self) -> bool {
        // An edge a → b for each lock a taken before lock b; the orders conflict when the edges
        // form a cycle. Locks that no remaining edge leads to cannot be on one: drop theirs
        // until none is left (no cycle) or every remaining lock has one leading to it.
        let mut edges: Vec<(&str, &str)> = Vec::new();
        for g in &self.groups {
            let locks = &g.spec.lock;
            for (i, a) in locks.iter().enumerate() {
                edges.extend(locks[i + 1..].iter().map(|b| (a.as_str(), b.as_str())));
            }
        }
        loop {
            let before = edges.len();
            let entered: Vec<&str> = edges.iter().map(|e| e.1).collect();
            edges.retain(|e| entered.contains(&e.0));
            if edges.is_empty() || edges.len() == before {
                return !edges.is_empty();
            }
        }
    }
}
