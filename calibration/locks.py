"""What a lock costs in CPython, and how it passes from thread to thread: the figures behind the
lock constants of Concurrency Lab's engine (src/engine/calibration.rs).

    python3 calibration/locks.py          # about a minute; prints one table

Measures, on the machine it runs on:

1. Uncontended `with lock: pass` for threading.Lock, multiprocessing.Lock and asyncio.Lock:
   the cost of an acquire and a release nobody waits for (best of several timeit runs, less
   the same loop without the lock).
2. A contended hand-off, threading.Lock between two threads and multiprocessing.Lock between
   two processes: one side holds the lock while the other is blocked in acquire(); the holder
   notes the time and releases; the waiter notes the time it returns from acquire(). The
   holder then either blocks at once ("idle"), or keeps its core busy for 2 ms in C code that
   releases the GIL ("busy", as a thread going on with its work does), so the waiter never
   waits for the GIL: the figure is the wake-up alone (median of many).
3. How often a thread that releases a contended threading.Lock takes it straight back: two
   threads loop over (Python work outside the lock, then Python work inside it); just before
   each release the holder notes whether the other thread is blocked on the lock, and the
   order of owners says who took it next. Reported for several lengths of the outside work:
   the releaser keeps the lock while its outside work is shorter than the waiter's wake-up.
4. A contended asyncio.Lock hand-off: two tasks alternating on one lock, against one task
   alone, per hand-off.

Only the standard library; every figure is printed, none is asserted.
"""

import asyncio
import hashlib
import multiprocessing
import statistics
import sys
import threading
import time
import timeit

NS = 1e9


def uncontended_ns(make_lock):
    """Nanoseconds per `with lock: pass` beyond the loop's own cost."""
    setup = "lock = make()"
    env = {"make": make_lock}
    number = 200_000
    with_lock = min(timeit.repeat("with lock: pass", setup, number=number, repeat=7, globals=env))
    bare = min(timeit.repeat("pass", setup, number=number, repeat=7, globals=env))
    return (with_lock - bare) / number * NS


def asyncio_uncontended_ns(n=200_000):
    """Nanoseconds per `async with lock: pass` beyond an empty loop, in one coroutine."""

    async def run(use_lock):
        lock = asyncio.Lock()
        start = time.perf_counter_ns()
        if use_lock:
            for _ in range(n):
                async with lock:
                    pass
        else:
            for _ in range(n):
                pass
        return time.perf_counter_ns() - start

    best = min(asyncio.run(run(True)) for _ in range(5))
    bare = min(asyncio.run(run(False)) for _ in range(5))
    return (best - bare) / n


def handoff_waiter(lock, go, stamps, rounds):
    """The waiting side of a hand-off: once told the lock is held, block on it, and note when
    acquire() returns."""
    for _ in range(rounds):
        go.get()
        lock.acquire()
        stamps.put(time.perf_counter_ns())
        lock.release()


ZEROS = bytes(256 << 10)


def busy_without_gil(ms):
    """Keeps this thread's core busy for `ms` ms in C code that releases the GIL."""
    end = time.perf_counter_ns() + ms * 1_000_000
    while time.perf_counter_ns() < end:
        hashlib.sha256(ZEROS).digest()


def handoff_ns(lock, go, stamps, start_waiter, rounds, busy):
    """Median and deciles of the nanoseconds from a release to the blocked waiter's return
    from acquire()."""
    samples = []
    start_waiter()
    for _ in range(rounds):
        lock.acquire()
        go.put(None)
        time.sleep(0.002)  # the waiter is now blocked in acquire()
        released = time.perf_counter_ns()
        lock.release()
        if busy:
            busy_without_gil(2)
        # Blocking here releases the GIL, so the waiter needs nothing but the wake-up.
        got = stamps.get()
        samples.append(got - released)
    return statistics.median(samples), statistics.quantiles(samples, n=10)


def thread_handoff(busy, rounds=300):
    import queue

    lock, go, stamps = threading.Lock(), queue.Queue(), queue.Queue()
    t = threading.Thread(target=handoff_waiter, args=(lock, go, stamps, rounds))
    result = handoff_ns(lock, go, stamps, t.start, rounds, busy)
    t.join()
    return result


def process_handoff(busy, rounds=200):
    ctx = multiprocessing.get_context("fork")
    lock, go, stamps = ctx.Lock(), ctx.SimpleQueue(), ctx.SimpleQueue()
    p = ctx.Process(target=handoff_waiter, args=(lock, go, stamps, rounds))
    result = handoff_ns(lock, go, stamps, p.start, rounds, busy)
    p.join()
    return result


def spin(ns):
    """Pure-Python work for about `ns` nanoseconds (holds the GIL)."""
    end = time.perf_counter_ns() + ns
    while time.perf_counter_ns() < end:
        pass


def reacquire_share(outside_us, inside_us=50, reps=1500):
    """Of the releases made while the other thread was blocked on the lock, the share after
    which the releaser took the lock again first; and how many such releases there were."""
    lock = threading.Lock()
    waiting = [False, False]
    log = []  # (owner, the other was waiting when it released), in lock order

    def worker(me):
        other = 1 - me
        for _ in range(reps):
            spin(outside_us * 1000)
            waiting[me] = True
            lock.acquire()
            waiting[me] = False
            spin(inside_us * 1000)
            log.append((me, waiting[other]))
            lock.release()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    contended = [(i, who) for i, (who, other_waited) in enumerate(log[:-1]) if other_waited]
    kept = sum(1 for i, who in contended if log[i + 1][0] == who)
    return kept / max(1, len(contended)), len(contended)


def asyncio_handoff_ns(n=50_000):
    """Extra nanoseconds per iteration when two tasks take turns on one asyncio.Lock (each
    holds it across an `await asyncio.sleep(0)`), against one task doing the same alone."""

    async def body(lock, k):
        for _ in range(k):
            async with lock:
                await asyncio.sleep(0)

    async def run(tasks):
        lock = asyncio.Lock()
        start = time.perf_counter_ns()
        await asyncio.gather(*(body(lock, n // tasks) for _ in range(tasks)))
        return time.perf_counter_ns() - start

    alone = min(asyncio.run(run(1)) for _ in range(5)) / n
    taking_turns = min(asyncio.run(run(2)) for _ in range(5)) / n
    return taking_turns - alone


def main():
    print(f"CPython {sys.version.split()[0]} on {sys.platform}, {multiprocessing.cpu_count()} CPUs")
    print("| figure | value |")
    print("|---|---|")
    print(f"| threading.Lock uncontended with-block | {uncontended_ns(threading.Lock):.0f} ns |")
    mp_lock = multiprocessing.get_context("fork").Lock
    print(f"| multiprocessing.Lock uncontended with-block | {uncontended_ns(mp_lock):.0f} ns |")
    print(f"| asyncio.Lock uncontended async-with-block | {asyncio_uncontended_ns():.0f} ns |")
    for what, handoff in (("threading", thread_handoff), ("multiprocessing", process_handoff)):
        for busy in (False, True):
            median, deciles = handoff(busy)
            print(
                f"| {what}.Lock hand-off, releaser {'busy' if busy else 'idle'}, median "
                f"(p10–p90) | {median / 1000:.1f} µs ({deciles[0] / 1000:.1f}–"
                f"{deciles[-1] / 1000:.1f}) |"
            )
    print(f"| asyncio.Lock hand-off between two tasks, per turn | {asyncio_handoff_ns():.0f} ns |")
    for outside in (0, 5, 8, 10, 12, 15, 20, 50, 500):
        share, n = reacquire_share(outside)
        print(
            f"| threading.Lock, 50 µs inside, {outside} µs outside: releaser takes it back | "
            f"{share:.0%} of {n} contended releases |"
        )


if __name__ == "__main__":
    main()
