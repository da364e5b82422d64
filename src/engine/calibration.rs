//! Every cost the simulator charges, as a named constant with its source.
//!
//! Figures marked "calibration" come from `shared/calibration/cpython-3.11-2core.md`: CPython
//! 3.11.7 measured on a 2-core Linux machine (an Intel Xeon; medians). Figures marked "measured
//! here" come from `validation/calibration.md` (written by `validation/calibrate.py`): the same
//! CPython on the 2-core AMD EPYC machine where the validation harness (`validation/run.py`)
//! compares the Lab with real programs; they are the kinds of I/O and memory, which the
//! earlier calibration did not measure. That file also measures the machinery below again; this
//! machine is faster at most of it (asyncio steps 1.4 µs, not 2.7; a spawn worker's boot 95 ms,
//! not 191), but the machinery keeps the reference machine's figures so that every scenario's
//! trace stays put, and `validation/results.md` shows what that costs. Figures marked
//! "estimate" are reasoned, not measured; the note says from what. All times are integer
//! nanoseconds.

use super::time::{Nanos, MS, US};

/// How long the OS lets a thread run before another runnable thread gets the core. Linux EEVDF's
/// base slice is 0.75 ms × (1 + log2 of the CPU count, capped at 8 CPUs) = 3 ms on most machines.
pub const OS_TIMESLICE: Nanos = 3 * MS;

/// CPython's default GIL switch interval, `sys.getswitchinterval()` = 0.005 (calibration).
pub const DEFAULT_SWITCH_INTERVAL: Nanos = 5 * MS;

/// Creating and starting one `threading.Thread` (calibration: thread_batch100 start per thread,
/// 113 µs). Charged to the creating thread, which holds the GIL while it does it.
pub const THREAD_START: Nanos = 113 * US;

/// `ThreadPoolExecutor.submit()` in the submitting thread (calibration: tpe_w4_submit_call_us).
pub const TPE_SUBMIT: Nanos = 33_600;

/// A pool worker's own Python work per work item: submit-to-done per task (35.5 µs) less the
/// submit call (33.6 µs), rounded up (calibration: tpe_w4_*).
pub const TPE_WORKER_PER_TASK: Nanos = 2 * US;

/// Python work around one blocking I/O call (building the request, the system calls, parsing the
/// reply), GIL held, charged half before the wait and half after. Half of a loopback
/// request/response round trip on a persistent connection (61 µs, calibration), since the other
/// half is the server's.
pub const IO_CALL_PYTHON_BLOCKING: Nanos = 30 * US;

/// The same for an awaited asyncio call: the blocking cost plus the extra an asyncio request
/// costs over a blocking one (new connection: 0.40 ms vs 0.26 ms, calibration) split between the
/// two, roughly 60 µs in all.
pub const IO_CALL_PYTHON_ASYNCIO: Nanos = 60 * US;

mod io_kinds;
pub use io_kinds::*;

/// One turn of the event loop to resume a task after an await (calibration:
/// await_sleep0_100_tasks_us_per_await = 2.72 µs).
pub const ASYNCIO_STEP: Nanos = 2_720;

/// `asyncio.create_task()` for one coroutine (calibration: create_task_only_10000_per_task_us).
pub const ASYNCIO_CREATE_TASK: Nanos = 6_520;

/// The rest of create_task + gather per task, paid when a task finishes (calibration:
/// create_task+gather 11.9 µs per task less create_task 6.52 µs).
pub const ASYNCIO_TASK_DONE: Nanos = 5_380;

/// `asyncio.to_thread` round trip of a no-op with many calls in flight (calibration:
/// to_thread_noop_1000_concurrent_per_call_us = 70.6 µs), split between the loop's submit
/// (like a TPE submit) and the future's completion callback on the loop.
pub const TO_THREAD_SUBMIT: Nanos = 35 * US;
/// The completion half of [`TO_THREAD_SUBMIT`]'s round trip.
pub const TO_THREAD_COMPLETE: Nanos = 33_600;

/// The asyncio default executor's worker count is `min(32, os.cpu_count() + 4)` (CPython docs).
pub fn default_executor_workers(cores: u32) -> u32 {
    (cores + 4).min(32)
}

/// Parent's Python work to create one pool worker, by start method: `Pool(4)` constructor time
/// divided by 4 (calibration: pool4_constructor_ms fork 21.4, spawn 28.4, forkserver 18.6).
pub const PROCESS_CREATE_FORK: Nanos = 5_350 * US;
/// See [`PROCESS_CREATE_FORK`].
pub const PROCESS_CREATE_SPAWN: Nanos = 7_100 * US;
/// See [`PROCESS_CREATE_FORK`].
pub const PROCESS_CREATE_FORKSERVER: Nanos = 4_650 * US;

/// A new worker's own start-up CPU before it takes work. fork: the child only runs its
/// initialiser (pool1 all-workers-ready 6.54 ms less the 5.35 ms create). spawn: a fresh
/// interpreter re-imports the main module (pool1 191 ms; four workers on 2 cores take 433 ms,
/// so the cost is per worker and on its own core). forkserver: 121 ms for one worker and 248 ms
/// for four on 2 cores, likewise per worker (all calibration).
pub const PROCESS_BOOT_FORK: Nanos = 1_200 * US;
/// See [`PROCESS_BOOT_FORK`].
pub const PROCESS_BOOT_SPAWN: Nanos = 190 * MS;
/// See [`PROCESS_BOOT_FORK`].
pub const PROCESS_BOOT_FORKSERVER: Nanos = 118 * MS;

/// Fixed cost of one message (a chunk of tasks or its results) through `multiprocessing.Pool`,
/// in the parent's task handler, the parent's result handler and the worker. Chosen so a warm
/// 2-worker pool at chunksize 1 costs about 50 µs per task (calibration:
/// warm_pool2_map_chunksize1_per_task_us fork = 50.0), which is bounded by the parent's GIL.
pub const POOL_MSG_PARENT_SEND: Nanos = 24 * US;
/// See [`POOL_MSG_PARENT_SEND`].
pub const POOL_MSG_PARENT_RECV: Nanos = 22 * US;
/// See [`POOL_MSG_PARENT_SEND`].
pub const POOL_MSG_WORKER: Nanos = 15 * US;
/// Per-task cost inside a chunk, on top of the message cost (calibration: chunksize 2500 costs
/// 0.25 µs per task).
pub const POOL_PER_ITEM: Nanos = 250;

/// `ProcessPoolExecutor` is heavier per message than `Pool`: 157 µs per task at chunksize 1 with
/// 2 workers (calibration: ppe2_map_chunksize1_per_task_us), again parent-bound.
pub const PPE_MSG_PARENT_SEND: Nanos = 80 * US;
/// See [`PPE_MSG_PARENT_SEND`].
pub const PPE_MSG_PARENT_RECV: Nanos = 70 * US;
/// See [`PPE_MSG_PARENT_SEND`].
pub const PPE_MSG_WORKER: Nanos = 20 * US;

/// Pickling speed of large binary payloads (bytes, NumPy arrays), bytes per second
/// (calibration: bytes_20MiB dumps 1227 MB/s, loads 4904 MB/s).
pub const PICKLE_DUMPS_BPS: u64 = 1_227_000_000;
/// See [`PICKLE_DUMPS_BPS`].
pub const PICKLE_LOADS_BPS: u64 = 4_904_000_000;

/// Pipe throughput between parent and worker once pickling is taken out: a 10 MiB send-only
/// round trip took 32.6 ms, of which pickling ~8.5 ms and unpickling ~2.1 ms (calibration), so
/// ~22 ms for 10 MiB, about 470 MB/s.
pub const PIPE_BPS: u64 = 470_000_000;

/// Creating a subinterpreter with its own GIL for `InterpreterPoolExecutor` (3.14): an estimate —
/// no fresh process and no fork, but each interpreter imports its modules anew; taken as a tenth
/// of a spawn start-up.
pub const INTERPRETER_BOOT: Nanos = 19 * MS;

/// Per-message cost of an interpreter pool (pickle through a cross-interpreter queue, no pipe):
/// an estimate, taken as the thread pool's submit cost.
pub const INTERP_MSG: Nanos = 34 * US;

/// Copying a pickled payload between interpreters of one process: an estimate at memory-copy
/// speed (a few GB/s for large buffers).
pub const INTERP_COPY_BPS: u64 = 4_000_000_000;

/// Resident memory of a Python process (estimate: a bare CPython 3.11 process is ~10 MB RSS;
/// a pool worker that imported asyncio, multiprocessing and friends ~20 MB).
pub const PROCESS_BYTES: u64 = 20_000_000;

/// Resident memory of one more OS thread running Python, idle: 14.5 kB each for 500 threads
/// blocked on an Event (measured here: Memory). Each also reserves about 10 MB of address space
/// (its 8 MiB stack and guard pages), which is not memory in use and is not counted.
pub const THREAD_BYTES: u64 = 14_500;

/// Resident memory of one pending asyncio task (awaiting `asyncio.sleep`): 2.5 kB each for
/// 20 000 tasks, of which 1.3 kB are the Python objects (task, coroutine, frame, timer) and the
/// rest the allocator's pages (measured here: Memory).
pub const ASYNC_TASK_BYTES: u64 = 2_500;

/// Memory of one subinterpreter (estimate: half a fresh process, since the allocator and the
/// binary are shared).
pub const INTERPRETER_BYTES: u64 = 10_000_000;

/// Single-thread slowdown of pure-Python code on free-threaded builds, in per mille: 3.13t runs
/// it ~40% slower (PEP 703 / "What's new in 3.13"), 3.14t 5–10% slower ("What's new in 3.14",
/// upper end taken).
pub const FREE_THREADED_SLOWDOWN_313T: u64 = 1_400;
/// See [`FREE_THREADED_SLOWDOWN_313T`].
pub const FREE_THREADED_SLOWDOWN_314T: u64 = 1_100;

/// An uncontended `with lock:` on a `threading.Lock` (acquire and release nobody waits for),
/// charged as Python work before the acquire: 146–152 ns (calibration/locks.py, CPython 3.11.7
/// here, under SCHED_FIFO so other processes do not interfere; see calibration/locks-3.11-2core.md).
pub const LOCK_WITH: Nanos = 150;

/// The same for a `multiprocessing.Lock` (a POSIX semaphore shared with the pool's workers):
/// 202–207 ns (calibration/locks.py).
pub const MP_LOCK_WITH: Nanos = 205;

/// The same for `async with` an `asyncio.Lock` nobody waits for: 392–410 ns
/// (calibration/locks.py).
pub const ASYNC_LOCK_WITH: Nanos = 400;

/// From the release of a contended `threading.Lock` (a semaphore until 3.12, a `PyMutex`
/// since) or `multiprocessing.Lock` (a semaphore shared between processes) to the woken waiter
/// trying to take it: whoever asks first in between takes it. Two threads looping over 50 µs of Python inside the lock and `x` µs
/// outside: the releaser took the lock straight back after 100% of contended releases at x = 0,
/// 79–99% at 4–6, 32–73% at 8, 16–59% at 10–12, 2–25% at 14–20 and at most 1% from 50 on
/// (calibration/locks-3.11-2core.md, under SCHED_FIFO): the waiter tries about 10 µs after the
/// release. A
/// blocked waiter resumes its Python 20–40 µs after the release (median), which also counts
/// waking from an idle CPU and taking the GIL back; the simulator charges the 10 µs only. On a
/// loaded machine the OS wakes the waiter milliseconds late, and the releaser kept the lock
/// 97–99% of the time even with 50 µs outside: not modelled.
pub const LOCK_WAKEUP: Nanos = 10 * US;

/// A waiter that has waited this long for a `threading.Lock` on CPython 3.13+ (a `PyMutex`,
/// gh-117721) is handed the lock by the release itself, so the releaser cannot take it back:
/// `TIME_TO_BE_FAIR_NS` in CPython's Python/lock.c.
pub const LOCK_FAIR_AFTER: Nanos = MS;

/// A contended `asyncio.Lock` hand-off: two tasks taking turns on one lock, each holding it
/// across an `await asyncio.sleep(0)`, cost 2.6–3.8 µs more per turn than one task alone
/// (calibration/locks.py): the waiter's future, its wake-up and its resumption, charged to the
/// loop when the waiting task resumes (instead of a plain resumption's `ASYNCIO_STEP`).
pub const ASYNC_LOCK_HANDOFF: Nanos = 3_600;

/// One `put` or `get` on a `queue.Queue` that waits for nothing, as Python work: a put and a
/// get in one thread took 1.22 µs together (measured here: The machinery, queues
/// queue_put_get_us).
pub const QUEUE_OP: Nanos = 610;

/// From a `queue.Queue` put (or get) to the thread it woke — blocked on an empty get (or a
/// full put) — running: two threads passing an item back and forth through two queues took
/// 24.0 µs a round trip, two such hand-offs of a put and a get each (1.22 µs), so
/// (24.0 − 2 × 1.22) / 2 ≈ 10.8 µs (measured here: queue_thread_round_trip_us). Like a
/// lock's [`LOCK_WAKEUP`], the condition variable wakes the thread by way of the OS.
pub const QUEUE_WAKEUP: Nanos = 10_800;

/// One `await q.put()` or `await q.get()` on an `asyncio.Queue` that does not suspend, as the
/// loop's work: 0.56 µs for the two (measured here: asyncio_queue_put_get_us).
pub const ASYNC_QUEUE_OP: Nanos = 280;

/// Resuming a task that waited on an `asyncio.Queue`, charged to the loop instead of a plain
/// resumption's [`ASYNCIO_STEP`]: two tasks passing an item back and forth took 7.77 µs a
/// round trip, two hand-offs of a put and a get (0.56 µs) each, so (7.77 − 2 × 0.56) / 2 ≈
/// 3.3 µs (measured here: asyncio_queue_task_round_trip_us).
pub const ASYNC_QUEUE_HANDOFF: Nanos = 3_300;

/// A `multiprocessing.Queue` put that waits for nothing, as Python work in the putting
/// process: 2.62 µs (measured here: queues mp_queue_put_us; its feeder thread pickles the
/// item and writes it to the pipe meanwhile). The rows mp_queue_put_us and mp_queue_get_us
/// come from a later run than the other queue rows (foreign load 0.64, not 0.43).
pub const MP_QUEUE_PUT: Nanos = 2_620;

/// A `multiprocessing.Queue` get of an item already in the pipe, as Python work in the
/// getting process: 2.65 µs (measured here: mp_queue_get_us).
pub const MP_QUEUE_GET: Nanos = 2_650;

/// From a `multiprocessing.Queue` put to a process blocked on an empty get running with the
/// item (or from a get to a process blocked on a full put): a small object's round trip to a
/// child process and back took 58.6 µs, two hand-offs of a put and a get (5.3 µs) each, so
/// 58.6 / 2 − 5.3 ≈ 24 µs: the feeder thread's pickling and write, the pipe, and the wake-up
/// (measured here: mp_queue_round_trip_us).
pub const MP_QUEUE_WAKEUP: Nanos = 24 * US;

/// Bytes a second an item moves through a `multiprocessing.Queue`, pickled, written, read and
/// unpickled: 1 MiB of bytes there and back took 2130 µs, (2130 − 58.6) µs for 2 MiB, about
/// 1.01 GB/s (measured here: mp_queue_round_trip_1MiB_us). Charged to the putter as pickling,
/// since its feeder thread does the larger part (pickling and writing the pipe).
pub const MP_QUEUE_BPS: u64 = 1_010_000_000;
