//! The GIL rules: taking and handing on the GIL, switch-interval drop requests, and the decision
//! a thread makes before running (GIL first, then a core). See the module `sim` for the rules in
//! words.

use super::{idx, Ev, Status, ThreadId, Work, World};
use crate::engine::sim::InterpId;
use crate::engine::trace::{Mark, MarkKind, State};

impl World {
    /// `t` has a compute op: get it the GIL if it needs one, then a core, then run it.
    pub(super) fn resume(&mut self, t: ThreadId) {
        let Some((work, _, _)) = self.threads[t].cur else {
            return;
        };
        let interp = self.threads[t].interp;
        if let Some(gil) = &self.interps[interp].gil {
            let holds = self.threads[t].holds_gil;
            if work == Work::Python && holds && gil.drop_request {
                // Asked to drop: do so now, and queue behind the waiter (FORCE_SWITCHING).
                self.release_gil(t);
            }
            let holds = self.threads[t].holds_gil;
            let gil = self.interps[interp].gil.as_mut().expect("checked above");
            if work == Work::Python && !holds {
                if gil.holder.is_none() {
                    self.take_gil(t);
                } else {
                    gil.waiters.push_back(t);
                    // Mark it waiting before freeing its core: the thread that gets the core
                    // may release the GIL and hand it straight to this one.
                    let th = &mut self.threads[t];
                    let core = match th.status {
                        Status::Running(c) => Some(c),
                        _ => None,
                    };
                    th.status = Status::WaitGil;
                    th.gen += 1;
                    th.gil_wait_since = self.now;
                    self.show(t);
                    self.arm_drop_timer(interp);
                    if let Some(c) = core {
                        self.free_core(c);
                    }
                    return;
                }
            } else if work == Work::C && holds {
                self.release_gil(t);
            }
        }
        match self.threads[t].status {
            Status::Running(c) => self.begin_segment(t, c),
            _ => self.want_core(t),
        }
    }

    pub(super) fn take_gil(&mut self, t: ThreadId) {
        let now = self.now;
        let lane = self.threads[t].lane;
        let gil = self.interps[self.threads[t].interp]
            .gil
            .as_mut()
            .expect("has a GIL");
        gil.holder = Some(t);
        gil.last_switch = now;
        gil.drop_request = false;
        let gil_lane = gil.lane;
        let interp = self.threads[t].interp;
        self.threads[t].holds_gil = true;
        self.rec.set(gil_lane, now, State::Held, Some(lane.into()));
        if self.rec.keeps_detail() {
            self.marks.push(Mark {
                at: now,
                lane: gil_lane,
                kind: MarkKind::Handoff,
            });
        }
        self.arm_drop_timer(interp);
    }

    /// Releases `t`'s GIL and hands it to the first waiter, who then wants a core.
    pub(super) fn release_gil(&mut self, t: ThreadId) {
        self.threads[t].holds_gil = false;
        let gil = self.interps[self.threads[t].interp]
            .gil
            .as_mut()
            .expect("has a GIL");
        gil.holder = None;
        gil.drop_request = false;
        let gil_lane = gil.lane;
        match gil.waiters.pop_front() {
            Some(w) => {
                self.threads[w].status = Status::ReadyCore;
                self.take_gil(w);
                self.want_core(w);
            }
            None => {
                gil.timer_gen += 1;
                self.rec.set(gil_lane, self.now, State::Idle, None)
            }
        }
    }

    /// Schedules the next drop request of `interp`'s GIL, if anyone waits for it.
    ///
    /// In CPython every waiter sleeps one switch interval at a time; when it wakes and the GIL
    /// has not changed hands since it went to sleep, it sets the drop request. A waiter that
    /// began waiting at `since` therefore wakes at `since + k·interval`, and the first wake-up
    /// that started at or after the last switch finds no switch. One timer per GIL, at the
    /// earliest such moment over all waiters, gives the same drop requests as a timer per
    /// waiter without the event traffic of idle wake-ups.
    pub(super) fn arm_drop_timer(&mut self, interp: InterpId) {
        let interval = self.switch_interval;
        let Some(gil) = self.interps[interp].gil.as_mut() else {
            return;
        };
        gil.timer_gen += 1;
        if gil.holder.is_none() || gil.drop_request {
            return;
        }
        let last = gil.last_switch;
        let due = gil
            .waiters
            .iter()
            .map(|&w| {
                let since = self.threads[w].gil_wait_since;
                let skipped = last.saturating_sub(since).div_ceil(interval);
                since + (skipped + 1) * interval
            })
            .min();
        if let Some(at) = due {
            self.events
                .push(at, Ev::GilDrop(idx(interp), gil.timer_gen));
        }
    }

    pub(super) fn drop_request(&mut self, interp: InterpId) {
        let gil = self.interps[interp].gil.as_mut().expect("has a GIL");
        let Some(holder) = gil.holder else { return };
        gil.drop_request = true;
        let now = self.now;
        if self.rec.keeps_detail() {
            self.marks.push(Mark {
                at: now,
                lane: gil.lane,
                kind: MarkKind::DropRequest,
            });
        }
        // A running holder notices at its next eval-breaker check, here at once; one that is
        // waiting for a core notices when it runs again (see `resume`).
        if let Status::Running(_) = self.threads[holder].status {
            self.pause(holder);
            self.resume(holder);
        }
    }
}
