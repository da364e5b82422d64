//! What the timeline shows of concurrency: asyncio tasks in flight, waiting and ready (recorded
//! as each task's state on its loop), a Semaphore's permits, and one thread's back-to-back tasks
//! kept apart.

use concurrency_lab::engine::trace::{LaneKind, State, TaskState, Trace};

use super::support::run;

/// Tasks in each state at every step, as (at, counts by state).
fn counts(t: &Trace) -> Vec<(u64, [u32; 5])> {
    let mut now = vec![None; t.tasks.len()];
    let mut out: Vec<(u64, [u32; 5])> = Vec::new();
    for step in &t.task_steps {
        now[step.task.index()] = Some(step.state);
        let mut c = [0; 5];
        for s in now.iter().flatten() {
            c[*s as usize] += 1;
        }
        out.push((step.at, c));
    }
    out
}

#[test]
fn a_hundred_requests_on_one_event_loop_are_all_in_flight_at_once() {
    let o = run("preset=io-bound model=asyncio");
    let t = &o.trace;
    assert!(
        t.task_steps.windows(2).all(|w| w[0].at <= w[1].at),
        "steps in time order"
    );
    let peak = counts(t)
        .iter()
        .map(|(_, c)| c[TaskState::Awaiting as usize])
        .max()
        .unwrap();
    assert_eq!(peak, 100, "every request awaits its reply at the same time");
    let last = counts(t).last().unwrap().1;
    assert_eq!(last[TaskState::Done as usize], 100, "every task ends done");
    // The same counts, asked of the trace at a moment in the middle of the waits.
    let all = counts(t);
    let mid = all
        .iter()
        .find(|(_, c)| c[TaskState::Awaiting as usize] == 100)
        .unwrap();
    assert_eq!(t.task_states_at(mid.0), mid.1);
    // Each task: ready, running, awaiting, ready, running, done.
    for task in 0..t.tasks.len() {
        let states: Vec<TaskState> = t
            .task_steps
            .iter()
            .filter(|s| s.task.index() == task)
            .map(|s| s.state)
            .collect();
        use TaskState::*;
        assert_eq!(
            states,
            [Ready, Running, Awaiting, Ready, Running, Done],
            "task {task}"
        );
    }
}

#[test]
fn a_semaphore_keeps_the_rest_blocked_and_its_permits_in_use_never_exceed_the_limit() {
    let o = run("preset=io-bound model=asyncio limit=10");
    let c = counts(&o.trace);
    let past_gate = |c: &[u32; 5]| {
        c[TaskState::Ready as usize]
            + c[TaskState::Running as usize]
            + c[TaskState::Awaiting as usize]
    };
    assert!(c.iter().all(|(_, c)| past_gate(c) <= 10));
    assert_eq!(c.iter().map(|(_, c)| past_gate(c)).max(), Some(10));
    assert_eq!(
        c.iter().map(|(_, c)| c[TaskState::Blocked as usize]).max(),
        Some(90),
        "the other 90 wait for a permit"
    );
}

#[test]
fn models_without_an_event_loop_record_no_task_steps() {
    assert!(run("preset=io-bound model=threads")
        .trace
        .task_steps
        .is_empty());
}

#[test]
fn one_threads_back_to_back_tasks_are_separate_spans() {
    let o = run("preset=io-bound model=threads workers=1 jitter=0");
    let t1 = o.trace.lanes.iter().find(|l| l.name == "Thread 1").unwrap();
    assert_eq!(t1.kind, LaneKind::Thread);
    let waits: Vec<_> = t1
        .spans
        .iter()
        .filter(|s| s.state == State::WaitingIo)
        .collect();
    assert_eq!(waits.len(), 100, "one wait per task, none merged");
    let tasks: std::collections::BTreeSet<usize> = waits
        .iter()
        .map(|s| s.who.unwrap().task().index())
        .collect();
    assert_eq!(tasks.len(), 100);
}
