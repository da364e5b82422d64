"""The real thing and the simulation side by side: a batch run under a ThreadPoolExecutor and
a multiprocessing Pool on this machine, and conclab's prediction for a probe's scenario."""

import json
import multiprocessing
import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Timings are the best of this many runs: other work on the machine only ever adds time.
REPEATS = 3


def conclab_binary() -> str:
    """`$CONCLAB`, else the repository's release or debug build of conclab."""
    env = os.environ.get("CONCLAB")
    candidates = [Path(env)] if env else [REPO / "target" / "release" / "conclab",
                                          REPO / "target" / "debug" / "conclab"]
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    raise AssertionError(
        f"conclab not found (looked for {', '.join(map(str, candidates))}): build it with "
        "`cargo build --release --bin conclab`, or set CONCLAB to the binary's path")


def predicted_speedup(scenario: dict, model: str, workers: int) -> float:
    """conclab's speedup over sequential for `scenario` run under `model` with `workers`."""
    out = subprocess.run(
        [conclab_binary(), "run", "--scenario", "-", "--model", model, "--workers", str(workers), "--json"],
        input=json.dumps(scenario), capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise AssertionError(f"conclab refused {scenario}: {out.stderr.strip()}")
    return json.loads(out.stdout)["speedup"]


def run_sequential(fn, items, workers=None) -> float:
    """Seconds to run `fn` over `items` one after another (the Lab's sequential model);
    `workers` is there only so that all runners are called alike."""
    t0 = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - t0


def run_threads(fn, items, workers: int) -> float:
    """Seconds from creating a ThreadPoolExecutor to having all results of its map."""
    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(fn, items))
        return time.perf_counter() - t0


def run_processes(fn, items, workers: int) -> float:
    """Seconds from creating a multiprocessing Pool (the default start method, as the Lab
    assumes) to having all results of its map at chunksize 1 (the Lab's default)."""
    t0 = time.perf_counter()
    pool = multiprocessing.Pool(workers)
    try:
        pool.map(fn, items, chunksize=1)
        return time.perf_counter() - t0
    finally:
        pool.close()
        pool.join()


def best_time(runner, fn, items, workers=None) -> float:
    """The shortest of REPEATS runs."""
    return min(runner(fn, items, workers) for _ in range(REPEATS))


# Other work may use at most this share of the machine's cores while CPU-bound timings are taken.
QUIET = 0.25


def busy_share(seconds: float = 1.0) -> float:
    """The share of all cores that other processes used over `seconds` (from /proc/stat; 0.0
    where that cannot be read). Read just before timing: a load average lags by a minute."""
    def ticks():
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
        idle = fields[3] + fields[4]  # idle and iowait
        return sum(fields) - idle, sum(fields)
    try:
        busy0, total0 = ticks()
        time.sleep(seconds)
        busy1, total1 = ticks()
    except OSError:
        return 0.0
    return (busy1 - busy0) / max(1, total1 - total0)


def skip_unless_quiet(test) -> None:
    """Skips `test` (a TestCase) when other work keeps the cores busy: parallel timings taken
    then measure the other work, not the code under test. A quiet machine (CI's, between
    stages) runs the test, so it can fail."""
    share = busy_share()
    if share > QUIET:
        test.skipTest(f"the machine is busy: other work used {share:.0%} of its cores; "
                      "these timings need free cores")
