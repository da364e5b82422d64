//! The vocabulary of the simulated program: what a thread can be asked to do, and the
//! indices that name threads, queues, jobs and the rest.

use crate::engine::time::Nanos;
use crate::engine::trace::State;

/// Index of a thread in the world.
pub(crate) type ThreadId = usize;
/// Index of a work queue. A world has a handful (one per loop, pool or executor), and a
/// narrow index keeps [`Op`] at 16 bytes: a large run reads hundreds of thousands of ops.
pub(crate) type QueueId = u16;
/// Index of a job: a run of ops in the world's arena, waiting to be handed to a thread.
pub(crate) type JobId = u32;
/// Index of a latch.
pub(crate) type LatchId = usize;
/// Index of a gate (a semaphore in front of a queue).
pub(crate) type GateId = usize;
/// Index of an interpreter.
pub(crate) type InterpId = usize;
/// Index of a lock the program takes (a workload names a handful).
pub(crate) type LockId = u16;
/// Index of a queue pipeline stages pass items through (a workload names a handful).
pub(crate) type ChanId = u16;

/// Whether work needs the GIL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Work {
    /// Python bytecode: needs the GIL and a core.
    Python,
    /// C code that released the GIL: needs only a core.
    C,
}

/// One step of a thread's program.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Op {
    /// Compute for `ns`, shown as `state`.
    Run { work: Work, ns: Nanos, state: State },
    /// Block on I/O for `ns`; `remote` requests count against the remote side's limit.
    Io { ns: Nanos, remote: bool },
    /// Start a non-blocking remote I/O request; when it completes, `job` goes to `queue`.
    Async {
        ns: Nanos,
        queue: QueueId,
        job: JobId,
    },
    /// Put `job` on `queue` (waking a waiting thread).
    Push { queue: QueueId, job: JobId },
    /// Put `job` through `gate` (passes at once if a permit is free).
    PushGated { gate: GateId, job: JobId },
    /// Return a permit to `gate`.
    Release { gate: GateId },
    /// Take the next job from `queue`, blocking while it is empty.
    Pop { queue: QueueId },
    /// Let a created thread begin its program.
    Start { thread: ThreadId },
    /// Record that task `n` began.
    TaskStart(u32),
    /// Record that task `n` finished.
    TaskEnd(u32),
    /// Task `n` begins a repetition of its phases.
    RepStart(u32),
    /// Task `n` ends a repetition.
    RepEnd(u32),
    /// The thread now works for task `n` (for the event loop, which switches between tasks), or
    /// for none.
    Working(Option<u32>),
    /// Memory in use changes by this many bytes.
    Mem(i64),
    /// Count a latch down by `n`.
    CountDown { latch: LatchId, n: u32 },
    /// Block until a latch reaches zero.
    WaitLatch { latch: LatchId },
    /// Take a lock threads or processes block on (`threading.Lock`, `multiprocessing.Lock`),
    /// waiting while another task holds it.
    Lock(LockId),
    /// `async with lock`: the running task takes `lock` and goes on with job `now` at once; or,
    /// while another task holds it, waits, and once the lock is handed to it resumes with job
    /// `later` from the loop's ready `queue`.
    LockAsync {
        lock: LockId,
        queue: QueueId,
        now: JobId,
        later: JobId,
    },
    /// Release a lock, waking or handing it to a waiter.
    Unlock(LockId),
    /// `item = q.get()` in a thread: go on with `job` (the loop body, which ends by getting
    /// the next item) once there is an item; once the queue is drained, with the rest of the
    /// program (the sentinel came).
    Get { chan: ChanId, job: JobId },
    /// `item = await q.get()`: the running task goes on with `now` if there is an item, with
    /// `done` if the queue is drained, and otherwise waits to resume with `later` from its
    /// loop's ready queue.
    GetAsync {
        chan: ChanId,
        now: JobId,
        later: JobId,
        done: JobId,
    },
    /// `q.put(item)` in a thread, blocking while the queue is full.
    Put(ChanId),
    /// `await q.put(item)`: the running task goes on with `now`, or while the queue is full
    /// waits to resume with `later` from its loop's ready queue.
    PutAsync {
        chan: ChanId,
        now: JobId,
        later: JobId,
    },
    /// A task putting into a queue ended (when none is left, its getters get their sentinels).
    Close(ChanId),
}

// Large runs read hundreds of thousands of ops once each, so their size is memory traffic.
const _: () = assert!(std::mem::size_of::<Op>() == 16);
