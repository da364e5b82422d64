//! Running a thread's program: what each op does, from compute (which waits for the GIL and a
//! core) to the instant bookkeeping ops (queues, gates, latches, task records, memory).

use super::{IoTarget, JobId, Op, QueueId, Span, Status, ThreadId, Work, World};
use crate::engine::time::scale_permille;
use crate::engine::trace::{RepRecord, State, TaskRecord};

impl World {
    /// Runs `t`'s instant ops until it must compute, block or exit.
    pub(super) fn advance(&mut self, t: ThreadId) {
        loop {
            let th = &mut self.threads[t];
            let op = match th.ops.pop_front() {
                Some(op) => op,
                None => match th.home {
                    Some(queue) => Op::Pop { queue },
                    None => return self.exit(t),
                },
            };
            match op {
                Op::Run { ns: 0, .. } => {}
                Op::Run { work, ns, state } => {
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
                    let gen = self.threads[t].gen;
                    return self.io(ns, remote, IoTarget::Wake(t, gen));
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
                Op::Pop { queue } => match self.queues[queue].jobs.pop_front() {
                    Some(job) => self.prepend(t, job),
                    None => {
                        self.block(t, State::Idle);
                        return self.queues[queue].waiters.push_back(t);
                    }
                },
                Op::Start { thread } => self.wake_later(thread),
                Op::TaskStart(n) => {
                    let th = &mut self.threads[t];
                    let group = self.task_groups[n as usize];
                    th.group = group;
                    let lane = th.lane;
                    self.tasks[n as usize] = TaskRecord {
                        start: self.now,
                        end: self.now,
                        lane,
                        group,
                    };
                    self.show(t);
                }
                Op::TaskEnd(n) => {
                    self.tasks[n as usize].end = self.now;
                    self.end = self.end.max(self.now);
                    self.threads[t].group = Span::NOBODY;
                    self.show(t);
                }
                Op::RepStart(n) => self.rep_start[n as usize] = self.now,
                Op::RepEnd(n) => self.reps.push(RepRecord {
                    group: self.task_groups[n as usize],
                    start: self.rep_start[n as usize],
                    end: self.now,
                }),
                Op::Working(n) => {
                    self.threads[t].group = self
                        .task_groups
                        .get(n as usize)
                        .copied()
                        .unwrap_or(Span::NOBODY);
                    self.show(t);
                }
                Op::Mem(delta) => {
                    self.mem_now += delta;
                    let bytes = self.mem_now.max(0) as u64;
                    match self.memory.last_mut() {
                        Some(last) if last.0 == self.now => last.1 = bytes,
                        _ => self.memory.push((self.now, bytes)),
                    }
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
            }
        }
    }

    pub(super) fn prepend(&mut self, t: ThreadId, job: JobId) {
        let ops = std::mem::take(&mut self.jobs[job]);
        let th = &mut self.threads[t];
        for op in ops.into_iter().rev() {
            th.ops.push_front(op);
        }
    }

    pub(super) fn push(&mut self, queue: QueueId, job: JobId) {
        match self.queues[queue].waiters.pop_front() {
            Some(w) => {
                self.prepend(w, job);
                self.wake_later(w);
            }
            None => self.queues[queue].jobs.push_back(job),
        }
    }

    pub(super) fn exit(&mut self, t: ThreadId) {
        self.block(t, State::Idle);
        self.threads[t].status = Status::Done;
        self.end = self.end.max(self.now);
    }
}
