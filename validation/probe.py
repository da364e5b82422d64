"""One probe of one kind of I/O: a thread loops on a Lab program's own call for that kind
(`fetch`, `round_trip`, `http_get`, `read_file`, `query`) beside CPU-bound threads running
the program's `python_work`, and the calls' latency is printed as JSON.

    python3 probe.py PROGRAM.py KIND MS CPU_THREADS SWITCH_INTERVAL_MS SECONDS

PROGRAM.py is `conclab code` output for a scenario with a group doing KIND and a group doing
Python work; it is imported, not run, so its helpers (and its stand-in server) are the ones
its tasks use. Standard library only.
"""

import importlib.util
import json
import multiprocessing
import os
import resource
import statistics
import sys
import threading
import time

# The program's function for one I/O of each kind.
CALLS = {
    "sleep": "fetch",
    "socket": "round_trip",
    "http": "http_get",
    "file": "read_file",
    "sqlite": "query",
}
# Calls before timing starts: connections opened, caches warm.
WARM_UP = 5


def load(path):
    """The program at `path`, imported as a module."""
    spec = importlib.util.spec_from_file_location("lab_program", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["lab_program"] = module
    spec.loader.exec_module(module)
    return module


def server_cpu_seconds():
    """CPU seconds the program's stand-in server process has used (0 without one): it shares
    this machine's cores, which a remote server would not."""
    total = 0.0
    for child in multiprocessing.active_children():
        with open(f"/proc/{child.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def measure(call, ms, seconds):
    """Calls `call(ms)` for `seconds` seconds; returns the latencies (s) and the thread's user
    and system CPU seconds."""
    for _ in range(WARM_UP):
        call(ms)
    server = server_cpu_seconds()
    before = resource.getrusage(resource.RUSAGE_THREAD)
    latencies = []
    end = time.perf_counter() + seconds
    while (start := time.perf_counter()) < end:
        call(ms)
        latencies.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_THREAD)
    return (latencies, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime,
            server_cpu_seconds() - server)


def main():
    path, kind, ms, cpus, switch_ms, seconds = sys.argv[1:]
    program = load(path)
    if hasattr(program, "start_server"):
        program.start_server()
    if kind == "file":
        with open(program.DATA_FILE, "wb") as f:
            f.write(bytes(64 * 1024))
    sys.setswitchinterval(float(switch_ms) / 1000)
    stop = threading.Event()

    def crunch():
        while not stop.is_set():
            program.python_work(5)

    crunchers = [threading.Thread(target=crunch) for _ in range(int(cpus))]
    for t in crunchers:
        t.start()
    result = {}

    def probe():
        lat, user, system, server = measure(getattr(program, CALLS[kind]), float(ms),
                                            float(seconds))
        result.update(
            calls=len(lat),
            mean_ms=1e3 * sum(lat) / len(lat),
            median_ms=1e3 * statistics.median(lat),
            user_us=1e6 * user / len(lat),
            system_us=1e6 * system / len(lat),
            server_us=1e6 * server / len(lat),
        )

    prober = threading.Thread(target=probe)
    prober.start()
    prober.join()
    stop.set()
    for t in crunchers:
        t.join()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
