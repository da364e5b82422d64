"""The costs of CPython's concurrency machinery, measured on this machine: each function runs
in a fresh interpreter (`python3 costs.py NAME`) and prints its figures as JSON. `calibrate.py`
runs them all and writes them to `calibration.md`, which `calibration.rs` cites. Standard
library only."""

import asyncio
import json
import multiprocessing
import pickle
import queue
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def timed(f, *args):
    """Seconds `f(*args)` took."""
    start = time.perf_counter()
    f(*args)
    return time.perf_counter() - start


def noop(x=None):
    return x


def spin(steps):
    """Pure-Python work: `steps` steps of the Lab's python_work loop."""
    total = 0
    for i in range(steps):
        total += i * i
    return total


def asyncio_tasks():
    """Per task: create_task alone; create_task + gather of no-op coroutines; one
    `await asyncio.sleep(0)` with 100 tasks taking turns (µs)."""
    n = 10_000

    async def nothing():
        pass

    async def turns(k):
        for _ in range(k):
            await asyncio.sleep(0)

    async def main():
        start = time.perf_counter()
        tasks = [asyncio.create_task(nothing()) for _ in range(n)]
        create = time.perf_counter() - start
        await asyncio.gather(*tasks)
        start = time.perf_counter()
        await asyncio.gather(*[asyncio.create_task(nothing()) for _ in range(n)])
        both = time.perf_counter() - start
        start = time.perf_counter()
        await asyncio.gather(*[turns(100) for _ in range(100)])
        step = (time.perf_counter() - start) / 10_000
        return create, both, step

    create, both, step = asyncio.run(main())
    return {"create_task_us": 1e6 * create / n, "create_task_gather_us": 1e6 * both / n,
            "await_sleep0_100_tasks_us": 1e6 * step}


def threads():
    """Starting and joining 100 threads, per thread; ThreadPoolExecutor(4): the submit call
    and submit-to-all-done, per task; asyncio.to_thread of a no-op with 1000 in flight (µs)."""
    batch = [threading.Thread(target=noop) for _ in range(100)]
    start = time.perf_counter()
    for t in batch:
        t.start()
    for t in batch:
        t.join()
    thread = (time.perf_counter() - start) / 100
    n = 10_000
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(noop, range(100)))  # workers started
        start = time.perf_counter()
        futures = [pool.submit(noop) for _ in range(n)]
        submit = time.perf_counter() - start
        for f in futures:
            f.result()
        done = time.perf_counter() - start

    async def to_thread():
        start = time.perf_counter()
        await asyncio.gather(*[asyncio.to_thread(noop) for _ in range(1000)])
        return (time.perf_counter() - start) / 1000

    return {"thread_start_join_us": 1e6 * thread, "tpe4_submit_us": 1e6 * submit / n,
            "tpe4_submit_to_done_us": 1e6 * done / n,
            "to_thread_1000_us": 1e6 * asyncio.run(to_thread())}


def pools():
    """multiprocessing.Pool by start method: the constructor per worker (Pool(4)), and until
    every worker of Pool(1) has run a task (ms); a warm Pool(2) map at chunksize 1 and 2500,
    and ProcessPoolExecutor(2) at chunksize 1, per task (µs)."""
    out = {}
    for method in ("fork", "spawn", "forkserver"):
        ctx = multiprocessing.get_context(method)
        start = time.perf_counter()
        pool = ctx.Pool(4)
        out[f"pool4_constructor_{method}_ms"] = 1e3 * (time.perf_counter() - start)
        pool.close()
        pool.join()
        start = time.perf_counter()
        with ctx.Pool(1) as pool:
            pool.apply(noop)
            out[f"pool1_first_task_{method}_ms"] = 1e3 * (time.perf_counter() - start)
    n = 20_000
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(noop, range(100))
        out["pool2_chunksize1_us"] = 1e6 * timed(pool.map, noop, range(n), 1) / n
        out["pool2_chunksize2500_us"] = 1e6 * timed(pool.map, noop, range(n), 2500) / n
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(noop, range(100)))
        out["ppe2_chunksize1_us"] = 1e6 * timed(lambda: list(pool.map(noop, range(n)))) / n
    return out


def payloads():
    """pickle of 20 MiB of bytes, dumps and loads (MB/s); a warm Pool(1) (fork) sent 10 MiB
    and returning its length, round trip (ms)."""
    data = bytes(20 << 20)
    dumped = pickle.dumps(data, protocol=4)
    dumps = min(timed(pickle.dumps, data, 4) for _ in range(5))
    loads = min(timed(pickle.loads, dumped) for _ in range(5))
    payload = bytes(10 << 20)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        pool.apply(len, (b"",))
        send = min(timed(pool.apply, len, (payload,)) for _ in range(5))
    return {"pickle_dumps_MBps": len(data) / dumps / 1e6, "pickle_loads_MBps": len(data) / loads / 1e6,
            "pool1_send_10MiB_ms": 1e3 * send}


def gil():
    """The same pure-Python work (0.4 s alone) in 1, 2 and 6 threads under the GIL, at switch
    intervals of 5 ms and 1 ms, and in 2 processes (s): what switching costs, and how two
    cores run Python side by side."""
    steps = 4_000_000
    alone = min(timed(spin, steps) for _ in range(3))
    out = {"alone_s": alone}
    for interval in (0.005, 0.001):
        sys.setswitchinterval(interval)
        for k in (2, 6):
            workers = [threading.Thread(target=spin, args=(steps // k,)) for _ in range(k)]
            start = time.perf_counter()
            for t in workers:
                t.start()
            for t in workers:
                t.join()
            out[f"threads{k}_{1e3 * interval:.0f}ms_s"] = time.perf_counter() - start
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(spin, [1000, 1000])
        out["processes2_s"] = timed(pool.map, spin, [steps // 2] * 2, 1)
    return out


def sleeps():
    """How long time.sleep(0.001) and asyncio.sleep(0.001) really take (ms, median of 200)."""
    def median(xs):
        return sorted(xs)[len(xs) // 2]
    blocking = median([timed(time.sleep, 0.001) for _ in range(200)])

    async def awaited():
        times = []
        for _ in range(200):
            start = time.perf_counter()
            await asyncio.sleep(0.001)
            times.append(time.perf_counter() - start)
        return median(times)

    return {"time_sleep_1ms_ms": 1e3 * blocking, "asyncio_sleep_1ms_ms": 1e3 * asyncio.run(awaited())}


def _echo(inbox, outbox):
    """A child process that sends back what it receives until it receives None."""
    for item in iter(inbox.get, None):
        outbox.put(item)


def queues():
    """queue.Queue: put + get of one item in one thread; one thread streaming items to another
    through Queue(maxsize=10), per item; two threads passing items one at a time through two
    queues (a round trip: each side blocked on an empty get); the same for
    asyncio.Queue between two tasks; multiprocessing.Queue (fork): a put alone, a get of an
    item already sent, a round trip of a small object to a child process and back, and of 1 MiB
    of bytes (µs per item or round trip)."""
    n = 20_000
    q = queue.Queue()

    def put_get():
        for i in range(n):
            q.put(i)
            q.get()

    out = {"queue_put_get_us": 1e6 * min(timed(put_get) for _ in range(3)) / n}
    bounded = queue.Queue(maxsize=10)

    def drain():
        for _ in range(n):
            bounded.get()

    def stream():
        consumer = threading.Thread(target=drain)
        consumer.start()
        for i in range(n):
            bounded.put(i)
        consumer.join()

    out["queue10_stream_us"] = 1e6 * min(timed(stream) for _ in range(3)) / n
    ping, pong = queue.Queue(), queue.Queue()

    def echo():
        for item in iter(ping.get, None):
            pong.put(item)

    def round_trips(k):
        for i in range(k):
            ping.put(i)
            pong.get()

    echoer = threading.Thread(target=echo)
    echoer.start()
    round_trips(100)
    out["queue_thread_round_trip_us"] = 1e6 * timed(round_trips, 5000) / 5000
    ping.put(None)
    echoer.join()

    async def asyncio_queues():
        aq = asyncio.Queue()
        start = time.perf_counter()
        for i in range(n):
            await aq.put(i)
            await aq.get()
        alone = (time.perf_counter() - start) / n
        aping, apong = asyncio.Queue(), asyncio.Queue()

        async def aecho():
            while (item := await aping.get()) is not None:
                await apong.put(item)

        task = asyncio.create_task(aecho())
        start = time.perf_counter()
        for i in range(n):
            await aping.put(i)
            await apong.get()
        trip = (time.perf_counter() - start) / n
        await aping.put(None)
        await task
        return alone, trip

    alone, trip = asyncio.run(asyncio_queues())
    out["asyncio_queue_put_get_us"] = 1e6 * alone
    out["asyncio_queue_task_round_trip_us"] = 1e6 * trip
    ctx = multiprocessing.get_context("fork")
    inbox, outbox = ctx.Queue(), ctx.Queue()
    child = ctx.Process(target=_echo, args=(inbox, outbox))
    child.start()

    def mp_round_trips(item, k):
        for _ in range(k):
            inbox.put(item)
            outbox.get()

    # A put alone (the feeder thread pickles and writes it meanwhile), and a get of an item
    # already in the pipe: 2000 small items fit in the pipe's buffer.
    k = 2000
    spare = ctx.Queue()
    out["mp_queue_put_us"] = 1e6 * timed(lambda: [spare.put(i) for i in range(k)]) / k
    time.sleep(0.5)
    out["mp_queue_get_us"] = 1e6 * timed(lambda: [spare.get() for _ in range(k)]) / k
    mp_round_trips(0, 100)
    out["mp_queue_round_trip_us"] = 1e6 * timed(mp_round_trips, 0, 2000) / 2000
    big = bytes(1 << 20)
    mp_round_trips(big, 5)
    out["mp_queue_round_trip_1MiB_us"] = 1e6 * timed(mp_round_trips, big, 50) / 50
    inbox.put(None)
    child.join()
    return out


MEASUREMENTS = {f.__name__: f for f in (asyncio_tasks, threads, pools, payloads, gil, sleeps,
                                            queues)}

if __name__ == "__main__":
    print(json.dumps(MEASUREMENTS[sys.argv[1]]()))
