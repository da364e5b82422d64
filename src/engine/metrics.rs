//! Numbers derived from a [`Trace`]: a pure function, so the UI, the CLI and the tests always
//! agree on what a run means.

use serde::{Deserialize, Serialize};

use super::names::Named;
use super::time::{to_secs, Nanos};
use super::trace::{Deadlock, State, TaskRecord, Trace, Who};

mod fingerprint;
pub(crate) mod tally;

pub(crate) use tally::Tally;

/// What a run's metrics read besides its tally: its tasks' records and how it ended.
pub(crate) struct Run<'a> {
    /// Each task's start and end.
    pub tasks: &'a [TaskRecord],
    /// The task groups' names.
    pub groups: &'a [String],
    /// When the run ended.
    pub makespan: Nanos,
    /// The machine's cores.
    pub cores: u32,
    /// Events the engine processed.
    pub events: u64,
    /// The deadlock it stopped on, if any.
    pub deadlock: Option<&'a Deadlock>,
}

/// How many buckets the core-use series has.
pub const SERIES_BUCKETS: usize = 60;

/// At most this many bins in the throughput series...
pub const THROUGHPUT_BINS: usize = 30;
/// ...and at least this many tasks per bin on average: a bin that holds one completion or none
/// draws a comb of spikes, not a rate.
pub const TASKS_PER_BIN: usize = 4;

/// How many bins the throughput series of a run of `tasks` tasks has.
pub fn throughput_bins(tasks: usize) -> usize {
    (tasks / TASKS_PER_BIN).clamp(1, THROUGHPUT_BINS)
}

/// Time spent in one state, summed over every thread, process and event-loop lane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateTime {
    /// The state.
    pub state: State,
    /// Seconds spent in it.
    pub seconds: f64,
}

/// What one core did during one bucket of time, as shares of the bucket (together at most 1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct CoreUse {
    /// Running the interpreter: Python code, pickling, starting up, the event loop's own work.
    pub python: f64,
    /// Running C code that released the GIL.
    pub c: f64,
}

impl CoreUse {
    /// The share of the bucket the core was busy at all.
    pub fn busy(&self) -> f64 {
        self.python + self.c
    }
}

/// The figures of one task group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupMetrics {
    /// The group's name.
    pub name: String,
    /// Tasks that finished.
    pub tasks: u32,
    /// Repetitions finished per second of makespan.
    pub throughput_per_s: f64,
    /// Mean time of one repetition (one loop iteration), start to end.
    pub mean_latency_s: f64,
    /// Median repetition time.
    pub p50_latency_s: f64,
    /// 99th-percentile repetition time.
    pub p99_latency_s: f64,
    /// Share of the time its threads spent on it that they waited for the GIL (0–1).
    pub gil_wait_fraction: f64,
    /// Share of the time its threads spent on it that they waited for a lock the program
    /// takes (0–1).
    pub lock_wait_fraction: f64,
}

/// Everything the product shows about one run, or about a run up to a moment (its cursor).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Whether these are the whole run's figures (or only up to a moment).
    pub complete: bool,
    /// Wall-clock time from start until the last task finished and the program ended (or until
    /// the moment, for part of a run).
    pub makespan_s: f64,
    /// Tasks finished per second of makespan.
    pub throughput_per_s: f64,
    /// The sequential run's makespan over this run's (for part of a run: the sequential time
    /// of the tasks finished so far over the time so far).
    pub speedup: f64,
    /// The sequential run's makespan.
    pub baseline_makespan_s: f64,
    /// Share of all cores' time spent running something (0–1).
    pub cpu_utilization: f64,
    /// Share of busy thread time spent waiting for a GIL (0–1).
    pub gil_wait_fraction: f64,
    /// Share of busy thread time spent waiting for a lock the program takes (0–1).
    pub lock_wait_fraction: f64,
    /// Fraction of thread-busy time spent waiting on a queue between pipeline stages (a get
    /// from an empty queue, a put into a full one).
    pub queue_wait_fraction: f64,
    /// Most resident memory in use at once (threads' reserved stacks are not counted).
    pub peak_memory_bytes: u64,
    /// Mean time from a task's start to its end.
    pub mean_latency_s: f64,
    /// Median task latency.
    pub p50_latency_s: f64,
    /// 95th-percentile task latency.
    pub p95_latency_s: f64,
    /// 99th-percentile task latency.
    pub p99_latency_s: f64,
    /// Tasks that finished.
    pub tasks_done: u32,
    /// Events the engine processed.
    pub events: u64,
    /// Width of one bucket of the core-use series, in seconds.
    pub bucket_s: f64,
    /// Width of one bin of the throughput series, in seconds ([`throughput_bins`] of them
    /// cover the whole run).
    pub throughput_bin_s: f64,
    /// Tasks finished per second, bin by bin, for the bins begun by the moment (all of them
    /// for a whole run; the last one of part of a run counts only the tasks finished so far).
    pub throughput_series: Vec<f64>,
    /// What each core ran, bucket by bucket.
    pub core_series: Vec<Vec<CoreUse>>,
    /// Time per state across the program's lanes.
    pub state_times: Vec<StateTime>,
    /// The whole trace's fingerprint, in hex, for determinism checks (empty for part of a run).
    pub trace_hash: String,
    /// Per task group (one group for a plain workload).
    pub groups: Vec<GroupMetrics>,
    /// The deadlock the run stopped on, once it has happened (its tasks never finish).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadlock: Option<Deadlock>,
}

/// Speedup and elapsed seconds at moment `at` of a run in which `done` of `total` tasks have
/// finished, against a sequential run of `baseline`: the sequential time of the work done so
/// far (the baseline's share of finished tasks) over the time taken. One formula for the
/// metrics and for comparisons simulated without spans ([`crate::engine::Speed::of`]).
pub(crate) fn speed(baseline: Nanos, done: usize, total: usize, at: Nanos) -> (f64, f64) {
    let span = at.max(1);
    let baseline_so_far = baseline as f64 * done as f64 / total.max(1) as f64;
    (baseline_so_far / span as f64, to_secs(span))
}

fn percentile(sorted: &[Nanos], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    // Nearest-rank percentile: the smallest value with at least p of the data at or below it.
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    to_secs(sorted[rank - 1])
}

/// The mean of some durations, in seconds (0 for none).
fn mean_secs(values: &[Nanos]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        to_secs(values.iter().sum::<u64>()) / values.len() as f64
    }
}

/// `part` as a share of `whole` (0 when `whole` is 0).
fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl Metrics {
    /// Computes the metrics of `trace`, given the makespan of the sequential baseline.
    pub fn compute(trace: &Trace, baseline_makespan: Nanos) -> Metrics {
        Self::until(trace, baseline_makespan, trace.makespan)
    }

    /// The metrics of `trace` up to moment `at`: what had happened by then ("so far"), as the
    /// Lab shows while a run plays. At or after the makespan they are the whole run's.
    pub fn until(trace: &Trace, baseline_makespan: Nanos, at: Nanos) -> Metrics {
        let at = at.min(trace.makespan);
        let mut tally = Tally::new(
            trace.lanes.iter().map(|l| l.kind),
            trace.groups.len(),
            trace.makespan,
            at,
        );
        let group = |w: Who| trace.tasks.get(w.task().index()).map(|t| t.group);
        for (i, lane) in trace.lanes.iter().enumerate() {
            for s in &lane.spans {
                if !tally.span(i, s, group) {
                    break;
                }
            }
        }
        for r in &trace.reps {
            tally.rep(r.group, r.start, r.end);
        }
        for &(when, bytes) in &trace.memory {
            tally.memory(when, bytes);
        }
        tally.close();
        let run = Run {
            tasks: &trace.tasks,
            groups: &trace.groups,
            makespan: trace.makespan,
            cores: trace.cores,
            events: trace.events,
            deadlock: trace.deadlock.0.as_ref(),
        };
        Self::of(&run, tally, baseline_makespan, at)
    }

    /// The metrics of `run` up to moment `at` (at most its makespan) from its `tally` up to then.
    pub(crate) fn of(run: &Run, tally: Tally, baseline_makespan: Nanos, at: Nanos) -> Metrics {
        let complete = at >= run.makespan;
        let span = at.max(1);
        let Tally {
            state_ns,
            group_ns,
            core_busy,
            cores,
            mut reps,
            peak_memory,
            ..
        } = tally;
        let bucket = run.makespan.max(1).div_ceil(SERIES_BUCKETS as Nanos).max(1);
        let share_of_bucket = |ns: f64| (ns / bucket as f64).min(1.0);
        let core_series = cores
            .iter()
            .map(|[python, c]| {
                python
                    .iter()
                    .zip(c)
                    .map(|(&p, &c)| CoreUse {
                        python: share_of_bucket(p),
                        c: share_of_bucket(c),
                    })
                    .collect()
            })
            .collect();
        let busy: u64 = State::all()
            .iter()
            .filter(|s| !matches!(s, State::Idle | State::Held))
            .map(|&s| state_ns[s as usize])
            .sum();
        let done: Vec<_> = run
            .tasks
            .iter()
            .filter(|t| t.lane.is_some() && t.end <= at)
            .collect();
        let (speedup, secs) = speed(baseline_makespan, done.len(), run.tasks.len(), at);
        let mut latencies: Vec<Nanos> = done.iter().map(|t| t.end - t.start).collect();
        latencies.sort_unstable();
        // Bins of the whole run, so the series keeps its axis; only those begun are reported.
        let bins = throughput_bins(run.tasks.len());
        let bin = run.makespan.max(1).div_ceil(bins as Nanos).max(1);
        let begun = if complete {
            bins
        } else {
            ((at / bin) as usize + 1).min(bins)
        };
        let mut tput = vec![0.0; begun];
        for t in &done {
            tput[((t.end / bin) as usize).min(begun - 1)] += 1.0;
        }
        let (bucket_s, bin_s) = (to_secs(bucket), to_secs(bin));
        let mut metrics = Metrics {
            complete,
            makespan_s: secs,
            throughput_per_s: done.len() as f64 / secs,
            speedup,
            baseline_makespan_s: to_secs(baseline_makespan),
            cpu_utilization: core_busy as f64 / (span as f64 * f64::from(run.cores.max(1))),
            gil_wait_fraction: share(state_ns[State::WaitingGil as usize], busy),
            lock_wait_fraction: share(state_ns[State::WaitingLock as usize], busy),
            queue_wait_fraction: share(state_ns[State::WaitingQueue as usize], busy),
            peak_memory_bytes: peak_memory,
            mean_latency_s: mean_secs(&latencies),
            p50_latency_s: percentile(&latencies, 0.50),
            p95_latency_s: percentile(&latencies, 0.95),
            p99_latency_s: percentile(&latencies, 0.99),
            tasks_done: done.len() as u32,
            events: run.events,
            bucket_s,
            throughput_bin_s: bin_s,
            throughput_series: tput.into_iter().map(|n| n / bin_s).collect(),
            core_series,
            state_times: State::all()
                .iter()
                .filter(|&&s| s != State::Held && state_ns[s as usize] > 0)
                .map(|&s| StateTime {
                    state: s,
                    seconds: to_secs(state_ns[s as usize]),
                })
                .collect(),
            trace_hash: String::new(),
            groups: run
                .groups
                .iter()
                .zip(reps.iter_mut())
                .enumerate()
                .map(|(g, (name, reps))| {
                    reps.sort_unstable();
                    let (gil, lock, busy) = group_ns[g];
                    GroupMetrics {
                        name: name.clone(),
                        tasks: done.iter().filter(|t| t.group.index() == g).count() as u32,
                        throughput_per_s: reps.len() as f64 / secs,
                        mean_latency_s: mean_secs(reps),
                        p50_latency_s: percentile(reps, 0.50),
                        p99_latency_s: percentile(reps, 0.99),
                        gil_wait_fraction: share(gil, busy),
                        lock_wait_fraction: share(lock, busy),
                    }
                })
                .collect(),
            deadlock: run.deadlock.filter(|d| d.at <= at).cloned(),
        };
        if complete {
            metrics.trace_hash = format!("{:016x}", metrics.fingerprint());
        }
        metrics
    }

    /// Seconds spent in `state` across the program's lanes.
    pub fn time_in(&self, state: State) -> f64 {
        self.state_times
            .iter()
            .find(|s| s.state == state)
            .map_or(0.0, |s| s.seconds)
    }
}
