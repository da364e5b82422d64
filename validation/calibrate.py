"""Measures the figures behind the Lab's costs on this machine's CPython and writes them to
`validation/calibration.md`, which `calibration.rs` cites.

    python3 validation/calibrate.py --conclab target/release/conclab [--repeats N]

- each kind's cost alone: a thread looping on the program's own call for it (`probe.py`),
  nothing else running, the other side answering at once: wall time per call, and the
  thread's user and system CPU time per call;
- how many rows SQLite's recursive count runs per millisecond (the program's ROWS_PER_MS);
- the resident memory of an idle thread and of a pending `asyncio.sleep` task;
- the machinery's own costs (`costs.py`): asyncio tasks, threads and executors, process pools
  by start method, pickling and pipes, the GIL's switching, sleeps.

The convoy latencies and the throughput of each kind under threads and asyncio are rows of the
validation harness (`run.py`, `results.md`). Standard library only.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import machine
from costs import MEASUREMENTS
from run import KINDS, Lab, convoy_settings, stand_in_sizes, steady

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "calibration.md"
COST_SECONDS = 2.0

# Memory: start this many idle threads or pending tasks in a fresh interpreter and divide the
# growth of its resident set (and of its reserved address space) by the count.
MEMORY = r"""
import asyncio, json, sys, threading, tracemalloc
N = int(sys.argv[2])

def status():
    fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return {k: int(fields[k].split()[0]) * 1024 for k in ("VmRSS", "VmSize")}

if sys.argv[1] == "thread":
    stop = threading.Event()
    threads = [threading.Thread(target=stop.wait) for _ in range(N)]
    before = status()
    for t in threads:
        t.start()
    after = status()
    stop.set()
    python = None
else:
    async def main():
        await asyncio.sleep(0)
        tracemalloc.start()
        before = status()
        tasks = [asyncio.create_task(asyncio.sleep(60)) for _ in range(N)]
        await asyncio.sleep(0.1)  # every task started and suspended
        after = status()
        python = tracemalloc.get_traced_memory()[0]
        for t in tasks:
            t.cancel()
        return before, after, python
    before, after, python = asyncio.run(main())
print(json.dumps({"rss": (after["VmRSS"] - before["VmRSS"]) / N,
                  "reserved": (after["VmSize"] - before["VmSize"]) / N,
                  "python": python and python / N}))
"""


def probe(path, kind, ms):
    out = subprocess.run([sys.executable, str(HERE / "probe.py"), str(path), kind, str(ms), "0",
                          "5", str(COST_SECONDS)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def memory(what, count):
    out = subprocess.run([sys.executable, "-c", MEMORY, what, str(count)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def cost(name):
    out = subprocess.run([sys.executable, str(HERE / "costs.py"), name], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def median(results, key):
    return statistics.median(r[key] for r in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conclab", required=True, help="the conclab binary (release)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (median)")
    args = parser.parse_args()
    priority = machine.prioritise()
    lines = ["# The Lab's costs, measured on this machine", "",
             "Written by `validation/calibrate.py`; `src/engine/calibration.rs` cites it.", "",
             *[f"- {k}: {v}" for k, v in machine.describe()], f"- priority: {priority}",
             f"- {args.repeats} runs per figure (median); each a fresh interpreter", ""]
    lines += ["## Cost alone", "",
              "A thread loops on the program's call for 2 s, nothing else running, the other "
              "side answering at once (`probe.py KIND 0 0 5 2`; `file` includes a "
              "`time.sleep(0)`, `sleep` is `time.sleep(0)`).", "",
              "| kind | wall µs per call | median µs | user CPU µs | system CPU µs "
              "| server CPU µs | foreign load |",
              "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="conclab-calibrate-") as workdir:
        lab = Lab(args.conclab, workdir, {})
        for kind in KINDS:
            path = lab.program(convoy_settings(kind, 1, 5))
            results, foreign = steady(lambda: probe(path, kind, 0), args.repeats)
            lines.append(f"| {kind} | {1e3 * median(results, 'mean_ms'):.1f} | "
                         f"{1e3 * median(results, 'median_ms'):.1f} | "
                         f"{median(results, 'user_us'):.1f} | "
                         f"{median(results, 'system_us'):.1f} | "
                         f"{median(results, 'server_us'):.1f} | {foreign:.3f} |")
            print(lines[-1], flush=True)
        # SQLite: the program's query asked for 20 ms, timed; its rows per ms follow.
        path = lab.program(convoy_settings("sqlite", 1, 5))
        rows_per_ms = int(next(line for line in path.read_text().splitlines()
                               if line.startswith("ROWS_PER_MS")).split("=")[1])
        results, _ = steady(lambda: probe(path, "sqlite", 20), args.repeats)
        took = median(results, "mean_ms")
        lines += ["", "## SQLite's count", "",
                  f"`query(20)` asks for {20 * rows_per_ms} rows (ROWS_PER_MS = {rows_per_ms}) "
                  f"and took {took:.2f} ms: {20 * rows_per_ms / took:.0f} rows per ms."]
        print(lines[-1], flush=True)
    lines += ["", "## Memory", "",
              "Growth of a fresh interpreter's resident set (VmRSS) and address space (VmSize) "
              "per idle thread (blocked on an Event) and per pending task (`asyncio.sleep(60)`), "
              "and the task's Python objects (tracemalloc).", "",
              "| what | count | resident bytes each | reserved bytes each | Python objects each |",
              "|---|---|---|---|---|"]
    for what, count in (("thread", 500), ("task", 20_000)):
        results = [memory(what, count) for _ in range(args.repeats)]
        python = median(results, "python") if results[0]["python"] else None
        lines.append(f"| {what} | {count} | {median(results, 'rss'):.0f} | "
                     f"{median(results, 'reserved'):.0f} | "
                     f"{'–' if python is None else f'{python:.0f}'} |")
        print(lines[-1], flush=True)
    lines += ["", "## The machinery", "",
              "Each function of `costs.py`, in a fresh interpreter; units in the names "
              "(us = µs).", "", "| measurement | figure | value |", "|---|---|---|"]
    for name in MEASUREMENTS:
        results, _ = steady(lambda: cost(name), args.repeats)
        for key in results[0]:
            lines.append(f"| {name} | {key} | {median(results, key):.4g} |")
            print(lines[-1], flush=True)
    OUTPUT.write_text("\n".join(lines) + "\n")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
