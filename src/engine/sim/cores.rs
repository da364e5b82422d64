//! Cores: giving threads cores, time slices when threads outnumber cores, blocking, and what
//! each thread lane shows.

use super::{idx, Ev, Status, ThreadId, World};
use crate::engine::calibration::OS_TIMESLICE;
use crate::engine::trace::State;

impl World {
    /// Stops `t`'s running segment, keeping the work it has left.
    pub(super) fn pause(&mut self, t: ThreadId) {
        let now = self.now;
        let th = &mut self.threads[t];
        if let (Status::Running(_), Some(cur)) = (th.status, th.cur.as_mut()) {
            cur.1 -= (now - th.seg_start).min(cur.1);
            th.seg_start = now;
        }
        th.gen += 1;
    }

    /// Blocks `t` (I/O, an empty queue, a latch): it drops the GIL and its core.
    pub(super) fn block(&mut self, t: ThreadId, state: State) {
        if self.threads[t].holds_gil {
            self.release_gil(t);
        }
        self.unseat(t);
        let th = &mut self.threads[t];
        th.status = Status::Blocked;
        th.gen += 1;
        let (lane, task) = (th.lane, th.task);
        self.rec.set(lane, self.now, state, task.map(Into::into));
    }

    /// Takes `t` off its core, if it has one.
    pub(super) fn unseat(&mut self, t: ThreadId) {
        if let Status::Running(c) = self.threads[t].status {
            self.threads[t].status = Status::Blocked;
            self.free_core(c);
        }
    }

    pub(super) fn want_core(&mut self, t: ThreadId) {
        match self.cores.iter().position(|c| c.running.is_none()) {
            Some(c) => self.seat(t, c),
            None => {
                self.threads[t].status = Status::ReadyCore;
                self.show(t);
                self.run_queue.push_back(t);
                self.arm_slices();
            }
        }
    }

    /// Gives core `c` to `t`.
    pub(super) fn seat(&mut self, t: ThreadId, c: usize) {
        let core = &mut self.cores[c];
        core.running = Some(t);
        core.since = self.now;
        core.gen += 1;
        core.slice_armed = false;
        self.threads[t].status = Status::Running(c);
        if !self.run_queue.is_empty() {
            self.arm_slices();
        }
        // It may have been asked to drop the GIL while it waited for this core.
        self.resume(t);
    }

    pub(super) fn free_core(&mut self, c: usize) {
        let core = &mut self.cores[c];
        core.running = None;
        core.gen += 1;
        core.slice_armed = false;
        let lane = core.lane;
        self.rec.set(lane, self.now, State::Idle, None);
        if let Some(next) = self.run_queue.pop_front() {
            self.seat(next, c);
        }
    }

    /// Once threads queue for cores, every running thread's time slice counts.
    pub(super) fn arm_slices(&mut self) {
        for (i, core) in self.cores.iter_mut().enumerate() {
            if core.running.is_some() && !core.slice_armed {
                core.slice_armed = true;
                let at = self.now.max(core.since + OS_TIMESLICE);
                self.events.push(at, Ev::Slice(idx(i), core.gen));
            }
        }
    }

    pub(super) fn begin_segment(&mut self, t: ThreadId, c: usize) {
        let now = self.now;
        let th = &mut self.threads[t];
        let (_, left, _) = th.cur.expect("has work");
        th.seg_start = now;
        th.gen += 1;
        self.events.push(now + left, Ev::SegEnd(idx(t), th.gen));
        let lane = th.lane;
        self.show(t);
        let state = self.threads[t].cur.map_or(State::Idle, |c| c.2);
        self.rec
            .set(self.cores[c].lane, now, state, Some(lane.into()));
    }

    /// Records `t`'s visible state.
    pub(super) fn show(&mut self, t: ThreadId) {
        let th = &self.threads[t];
        let state = match th.status {
            Status::Running(_) => th.cur.map_or(State::Idle, |c| c.2),
            Status::ReadyCore => State::WaitingCore,
            Status::WaitGil => State::WaitingGil,
            Status::Blocked | Status::NotStarted | Status::Done => State::Idle,
        };
        self.rec
            .set(th.lane, self.now, state, th.task.map(Into::into));
    }
}
