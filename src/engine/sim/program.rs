//! Running a thread's program: what each op does, from compute (which waits for the GIL and a
//! core) to the instant bookkeeping ops (queues, gates, latches, task records, memory).

use super::{idx, IoTarget, JobId, Op, QueueId, Status, ThreadId, Work, World};
use crate::engine::time::{scale_permille, Nanos};
use crate::engine::trace::{RepRecord, State, TaskId, TaskRecord, TaskState, TaskStep, NEVER};

impl World {
    /// Runs `t`'s instant ops until it must compute, block or exit.
    pub(super) fn advance(&mut self, t: ThreadId) {
        loop {
            let th = &mut self.threads[t];
            let op = match th.program.next(&self.arena) {
                Some(op) => op,
                None => match th.home {
                    Some(queue) => Op::Pop { queue },
                    None => return self.exit(t),
                },
            };
            match op {
                Op::Run { ns: 0, .. } => {}
                Op::Run { work, ns, state } => {
                    let ns = ns + th.program.more_of(&self.arena, work, state);
                    let permille = self.interps[th.interp].python_permille;
                    let ns = if work == Work::Python {
                        scale_permille(ns, permille).max(1)
                    } else {
                        ns
                    };
                    th.cur = Some((work, ns, state));
                    return self.resume(t);
                }
                Op::Io { ns, remote } => {
                    self.block(t, State::WaitingIo);
                    return self.io(ns, remote, IoTarget::Wake(idx(t)));
                }
                Op::Async { ns, queue, job } => self.io(ns, true, IoTarget::Deliver(queue, job)),
                Op::Push { queue, job } => self.push(queue, job),
                Op::PushGated { gate, job } => {
                    let g = &mut self.gates[gate];
                    if g.permits > 0 {
                        g.permits -= 1;
                        let target = g.target;
                        self.push(target, job);
                    } else {
                        g.pending.push_back(job);
                        self.task_step_of(job, TaskState::Blocked);
                    }
                }
                Op::Release { gate } => {
                    let g = &mut self.gates[gate];
                    match g.pending.pop_front() {
                        Some(job) => {
                            let target = g.target;
                            self.push(target, job);
                        }
                        None => g.permits += 1,
                    }
                }
                Op::Pop { queue } => match self.queues[usize::from(queue)].jobs.pop_front() {
                    Some(job) => self.prepend(t, job),
                    None => {
                        self.block(t, State::Idle);
                        return self.queues[usize::from(queue)].waiters.push_back(t);
                    }
                },
                Op::Start { thread } => self.wake_later(thread),
                Op::TaskStart(n) => {
                    let th = &mut self.threads[t];
                    let group = self.task_groups[n as usize];
                    th.task = Some(TaskId::new(n as usize));
                    let lane = th.lane;
                    self.tasks[n as usize] = TaskRecord {
                        start: self.now,
                        end: NEVER,
                        lane: Some(lane),
                        group,
                    };
                    self.show(t);
                }
                Op::TaskEnd(n) => {
                    self.tasks[n as usize].end = self.now;
                    self.end = self.end.max(self.now);
                    if self.threads[t].runs_loop {
                        self.task_step(n, TaskState::Done);
                    } else {
                        self.threads[t].task = None;
                        self.show(t);
                    }
                }
                Op::RepStart(n) => self.rep_start[n as usize] = self.now,
                Op::RepEnd(n) => {
                    let rep = RepRecord {
                        group: self.task_groups[n as usize],
                        start: self.rep_start[n as usize],
                        end: self.now,
                    };
                    if self.rec.keeps_detail() {
                        self.reps.push(rep);
                    } else if let Some(tally) = self.rec.tally() {
                        tally.rep(rep.group, rep.start, rep.end);
                    }
                }
                Op::Working(n) => {
                    let th = &mut self.threads[t];
                    let (before, runs_loop) = (th.task, th.runs_loop);
                    th.task = n.map(|n| TaskId::new(n as usize));
                    self.show(t);
                    if runs_loop {
                        match (n, before) {
                            (Some(n), _) => self.task_step(n, TaskState::Running),
                            // The step ended without finishing the task: it awaits something.
                            (None, Some(b)) => {
                                if self.task_state[b.index()] == Some(TaskState::Running) {
                                    self.task_step(b.index() as u32, TaskState::Awaiting);
                                }
                            }
                            (None, None) => {}
                        }
                    }
                }
                Op::Mem(delta) => {
                    self.mem_now += delta;
                    self.memory_in_use(self.mem_now.max(0) as u64);
                }
                Op::CountDown { latch, n } => {
                    let l = &mut self.latches[latch];
                    l.count = l.count.saturating_sub(n.into());
                    if l.count == 0 {
                        if let Some(w) = l.waiter.take() {
                            self.wake_later(w);
                        }
                    }
                }
                Op::WaitLatch { latch } => {
                    if self.latches[latch].count > 0 {
                        self.block(t, State::Idle);
                        self.latches[latch].waiter = Some(t);
                        return;
                    }
                }
                Op::Lock(lock) => {
                    if !self.acquire(t, lock) {
                        return;
                    }
                }
                Op::LockAsync {
                    lock,
                    queue,
                    now,
                    later,
                } => self.acquire_async(t, lock, queue, (now, later)),
                Op::Unlock(lock) => self.unlock(lock),
                Op::Get { chan, job } => {
                    if !self.get(t, chan, job) {
                        return;
                    }
                }
                Op::GetAsync {
                    chan,
                    now,
                    later,
                    done,
                } => self.get_async(t, chan, [now, later, done]),
                Op::Put(chan) => {
                    if !self.put(t, chan) {
                        return;
                    }
                }
                Op::PutAsync { chan, now, later } => self.put_async(t, chan, (now, later)),
                Op::Close(chan) => self.close(chan),
            }
        }
    }

    /// Notes that `bytes` are in use from now on: in the memory series (several changes at one
    /// moment leave its last value), or only in the tally's peak.
    fn memory_in_use(&mut self, bytes: u64) {
        if let Some(tally) = self.rec.tally() {
            tally.memory(self.now, bytes);
        }
        if self.rec.keeps_detail() {
            match self.memory.last_mut() {
                Some(last) if last.0 == self.now => last.1 = bytes,
                _ => self.memory.push((self.now, bytes)),
            }
        }
    }

    /// Makes `job` the next thing `t` runs, before the rest of its program.
    pub(super) fn prepend(&mut self, t: ThreadId, job: JobId) {
        let (start, end) = self.job_ops(job);
        self.threads[t].program.push(start, end);
    }

    /// Where `job`'s ops are in the arena: `start..end`.
    fn job_ops(&self, job: JobId) -> (usize, usize) {
        let (start, end) = self.jobs[job as usize];
        (start as usize, end as usize)
    }

    /// Records that task `n` is now in `state`, if that is a change.
    pub(super) fn task_step(&mut self, n: u32, state: TaskState) {
        let current = &mut self.task_state[n as usize];
        if *current != Some(state) {
            *current = Some(state);
            if !self.rec.keeps_detail() {
                return;
            }
            self.task_steps.push(TaskStep {
                at: self.now,
                task: TaskId::new(n as usize),
                state,
            });
        }
    }

    /// Records that the task whose coroutine step `job` is now is in `state` (a step begins by
    /// naming its task; jobs that are not coroutine steps are left alone).
    fn task_step_of(&mut self, job: JobId, state: TaskState) {
        if let Op::Working(Some(n)) = self.arena[self.job_ops(job).0] {
            self.task_step(n, state);
        }
    }

    pub(super) fn push(&mut self, queue: QueueId, job: JobId) {
        if self.queues[usize::from(queue)].ready_tasks {
            self.task_step_of(job, TaskState::Ready);
        }
        match self.queues[usize::from(queue)].waiters.pop_front() {
            Some(w) => {
                self.prepend(w, job);
                self.wake_later(w);
            }
            None => self.queues[usize::from(queue)].jobs.push_back(job),
        }
    }

    pub(super) fn exit(&mut self, t: ThreadId) {
        self.block(t, State::Idle);
        self.threads[t].status = Status::Done;
        self.end = self.end.max(self.now);
    }
}

/// What a thread runs next: cursors `(next, end)` into the world's op arena, innermost last. A
/// job handed to the thread becomes a new cursor on top, so no op is ever copied.
#[derive(Debug, Default)]
pub(super) struct Program(Vec<(usize, usize)>);

impl Program {
    /// Runs `arena[start..end]` before the rest.
    pub fn push(&mut self, start: usize, end: usize) {
        if start < end {
            self.0.push((start, end));
        }
    }

    /// Takes the next op.
    pub fn next(&mut self, arena: &[Op]) -> Option<Op> {
        let cursor = self.0.last_mut()?;
        let op = arena[cursor.0];
        cursor.0 += 1;
        if cursor.0 == cursor.1 {
            self.0.pop();
        }
        Some(op)
    }

    /// Takes the compute ops of the same kind and look that come straight after (and empty
    /// ones between them) and returns their total: the thread does it all without a pause, and
    /// one segment instead of several is events saved.
    pub fn more_of(&mut self, arena: &[Op], work: Work, state: State) -> Nanos {
        let mut more = 0;
        while let Some(&(next, _)) = self.0.last() {
            match arena[next] {
                Op::Run {
                    work: w,
                    ns,
                    state: s,
                } if ns == 0 || (w, s) == (work, state) => {
                    more += ns;
                    self.next(arena);
                }
                _ => break,
            }
        }
        more
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ns: Nanos, state: State) -> Op {
        Op::Run {
            work: Work::Python,
            ns,
            state,
        }
    }

    /// The task numbers of the `TaskStart` ops left, in the order the thread takes them.
    fn drain(p: &mut Program, arena: &[Op]) -> Vec<u32> {
        std::iter::from_fn(|| p.next(arena))
            .map(|op| match op {
                Op::TaskStart(n) => n,
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_job_handed_to_a_thread_runs_before_the_rest_of_its_program() {
        let arena: Vec<Op> = (0..5).map(Op::TaskStart).collect();
        let mut p = Program::default();
        p.push(0, 3);
        assert!(matches!(p.next(&arena), Some(Op::TaskStart(0))));
        p.push(3, 5);
        p.push(4, 4); // an empty job changes nothing
        assert_eq!(drain(&mut p, &arena), vec![3, 4, 1, 2]);
    }

    #[test]
    fn back_to_back_compute_of_one_kind_is_taken_as_one() {
        let py = State::RunningPython;
        let arena = vec![
            run(5, py),
            Op::Run {
                work: Work::C,
                ns: 0,
                state: State::RunningC,
            },
            run(7, py),
            run(1, State::LoopOverhead),
            run(2, py),
        ];
        let mut p = Program::default();
        p.push(0, arena.len());
        assert!(matches!(p.next(&arena), Some(Op::Run { ns: 5, .. })));
        // The empty C step between them is skipped; the loop's own work is not merged.
        assert_eq!(p.more_of(&arena, Work::Python, py), 7);
        assert!(matches!(p.next(&arena), Some(Op::Run { ns: 1, .. })));
        assert_eq!(p.more_of(&arena, Work::Python, State::LoopOverhead), 0);
        assert!(matches!(p.next(&arena), Some(Op::Run { ns: 2, .. })));
        assert!(p.next(&arena).is_none());
    }
}
