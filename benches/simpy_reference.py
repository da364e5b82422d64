"""The same scenarios as Concurrency Lab's engine, written in SimPy, for a speed comparison.

Run by `./lab bench` (benches/engine.rs), which prints both engines' figures side by side.
Prints one JSON object: for each scenario, SimPy's processed events, wall seconds (fastest of
three runs) and the
simulated makespan (which should agree with the engine's within the small per-task overheads
the engine also models).

Rules, as in the engine: a thread needs the GIL to run Python; a waiter sleeps one switch
interval at a time and, if the GIL has not changed hands meanwhile, asks the holder to drop it;
the holder drops at once and queues behind the waiters (FIFO). asyncio: one loop thread runs
ready callbacks one at a time; each resumption costs a loop turn.
"""
import json
import random
import sys
import time
from collections import deque

import simpy

MS = 1e-3
US = 1e-6


def count_events(env):
    n = 0
    while env.peek() != float("inf"):
        env.step()
        n += 1
    return n


def threads_gil(tasks=2000, cpu=10 * MS, workers=8, interval=5 * MS, io=0.0, jitter=0.0, seed=1):
    """Tasks on a thread pool under the GIL (cores >= threads): each waits `io` (varying by
    ±`jitter`, the GIL released) and then runs `cpu` of Python."""
    env = simpy.Environment()
    rng = random.Random(seed)
    gil = {"holder": None, "waiters": deque(), "switches": 0}
    queue = deque(range(tasks))
    done = [0.0]

    def take(proc):
        gil["holder"] = proc
        gil["switches"] += 1

    def release():
        gil["holder"] = None
        if gil["waiters"]:
            proc, ev = gil["waiters"].popleft()
            take(proc)
            ev.succeed()

    def thread(me):
        while queue:
            queue.popleft()
            if io > 0:
                if gil["holder"] is me:
                    release()
                yield env.timeout(io * (1 + jitter * (2 * rng.random() - 1)))
            left = cpu
            while left > 0:
                if gil["holder"] is not None and gil["holder"] is not me:
                    got = env.event()
                    gil["waiters"].append((me, got))
                    while not got.triggered:
                        seen = gil["switches"]
                        yield got | env.timeout(interval)
                        if not got.triggered and gil["switches"] == seen and gil["holder"] is not None:
                            gil["holder_proc"].interrupt("drop")
                elif gil["holder"] is None:
                    take(me)
                gil["holder_proc"] = procs[me]
                start = env.now
                try:
                    yield env.timeout(left)
                    left = 0
                except simpy.Interrupt:
                    left -= env.now - start
                    release()
                    # FORCE_SWITCHING: queue behind the thread that takes it.
                    continue
            if gil["holder"] is me:
                release()
        done[0] = max(done[0], env.now)

    procs = {}
    for i in range(workers):
        procs[i] = env.process(thread(i))
    t0 = time.perf_counter()
    events = count_events(env)
    return {"events": events, "seconds": time.perf_counter() - t0, "makespan_s": done[0]}


def asyncio_chat(tasks=10_000, io=30_000 * MS, cpu=0.2 * MS, jitter=0.5, seed=1):
    """One event loop, each task awaiting one long I/O then computing briefly."""
    env = simpy.Environment()
    rng = random.Random(seed)
    ready = simpy.Store(env)
    done = [0.0]

    def io_wait(delay, cont):
        yield env.timeout(delay)
        yield ready.put(cont)

    def loop():
        for _ in range(tasks):  # create every task
            yield env.timeout(6.52 * US)
            yield ready.put(("start", None))
        finished = 0
        while finished < tasks:
            kind, _ = yield ready.get()
            yield env.timeout(2.72 * US)  # a loop turn
            if kind == "start":
                yield env.timeout(30 * US)  # build the request
                env.process(io_wait(io * (1 + jitter * (2 * rng.random() - 1)), ("resume", None)))
            else:
                yield env.timeout(30 * US + cpu + 5.38 * US)
                finished += 1
        done[0] = env.now

    env.process(loop())
    t0 = time.perf_counter()
    events = count_events(env)
    return {"events": events, "seconds": time.perf_counter() - t0, "makespan_s": done[0]}


def fastest(scenario, runs=3):
    """The fastest of a few runs: the least noisy estimate on a busy machine (the Rust side
    reports its fastest run too)."""
    return min((scenario() for _ in range(runs)), key=lambda r: r["seconds"])


if __name__ == "__main__":
    def threads_mixed():
        return threads_gil(tasks=5000, io=50 * MS, cpu=20.4 * MS, workers=32, jitter=0.1)

    json.dump({"threads_gil": fastest(threads_gil), "asyncio_chat": fastest(asyncio_chat),
               "threads_mixed": fastest(threads_mixed),
               "simpy": simpy.__version__}, sys.stdout)
    print()
