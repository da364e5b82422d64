"""Concurrency Lab's validation harness: runs the Lab's own Python programs on this machine's
CPython and compares what they measure with what the simulator predicts for the same scenario.

    python3 validation/run.py --conclab target/release/conclab [--repeats N] [--only TEXT]

(`./lab validate` builds conclab and runs this; `report.py` writes what it measures.) Three
sets of rows:

- every preset under every model that runs on CPython 3.11, scaled down to seconds: the
  program of `conclab code` for the scaled scenario, and its sequential program for the
  baseline, give the measured speedup; `conclab run --json` for the same scenario the
  predicted one;
- each kind of I/O under threads and asyncio: the makespan of many short calls;
- the convoy probes: a thread looping on one kind of I/O call beside 0, 1 and 2 CPU-bound
  threads, at switch intervals of 5 ms and 1 ms (`probe.py`): its mean latency.

It writes `validation/results.csv` (one row each, with the tolerance the native test
`tests/integration/validation.rs` holds the engine to), `validation/about.csv` (the machine,
the date, how) and `validation/results.md`. Every
figure is the median of `--repeats` runs, each set taken on a quiet machine when one comes
(see `machine.py`) and repeated when other processes disturbed it. Standard library only.
"""

import argparse
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import machine
from report import LATENCY_TOLERANCE, SPEEDUP_TOLERANCE, link, repredicted, row, write

HERE = Path(__file__).resolve().parent
# A set of runs is taken again (up to ATTEMPTS times in all; --attempts changes it) when other
# processes used more than this share of the machine meanwhile; the least disturbed is kept.
# Other processes run while the program waits for I/O too, when they cost it nothing, so the
# bar is not zero.
DISTURBED = 0.3
ATTEMPTS = 2
# How long to wait for a quiet machine before each set, by default (a busy one is outranked
# anyway, see machine.prioritise, and its foreign load recorded); --quiet-wait changes it.
QUIET_WAIT_S = 60
# The machine's cores: every prediction is for this machine.
CORES = str(os.cpu_count() or 2)

# Each preset scaled down to seconds: fewer tasks (or shorter waits where a sequential run
# would take minutes), and no jitter, so that the program and the simulator draw no different
# random numbers. Everything else is the preset's own.
SCALED = {
    "cpu-bound": [],
    "io-bound": [("tasks", "40")],
    "mixed": [("tasks", "24")],
    "numpy": [],
    "tiny-tasks": [],
    "big-payload": [],
    "web-scraper": [("tasks", "15")],
    "image-batch": [("tasks", "40")],
    "chat-server": [("tasks", "100"), ("io_ms", "20")],
    "api-gateway": [],
}
# The models CPython 3.11 runs (it has no InterpreterPoolExecutor); sequential is the baseline.
# --models measures fewer (a busy machine's subset), and each preset's model the engine ranks
# first besides.
MODELS = ["threads", "processes", "asyncio", "asyncio+threads", "asyncio+processes"]
KINDS = ["sleep", "socket", "http", "file", "sqlite"]
# Many short calls of one kind: 1000 tasks of 2 ms, under 32 threads and under asyncio.
KIND_WORK = [("tasks", "1000"), ("io_ms", "2"), ("cores", CORES)]
KIND_MODELS = [[("model", "threads"), ("workers", "32")], [("model", "asyncio")]]
# The convoy probes: calls that wait 10 ms, 100 of them in the simulation, beside CPU-bound
# threads that outlast them; each probe runs for PROBE_SECONDS here.
CONVOY_MS = 10
CONVOY_REPS = 100
CONVOY_CRUNCH_MS = 20_000
PROBE_SECONDS = 2.0


# The stand-ins' sizes, measured here (the best of 5): a program's python_work, c_work and
# query last the milliseconds the scenario says on this machine, not on the Lab's.
STAND_INS = r"""
import hashlib, json, sqlite3, time
def best(f):
    times = []
    for _ in range(5):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)
def loop(n=2_000_000):
    total = 0
    for i in range(n):
        total += i * i
zeros = bytes(16 << 20)
db = sqlite3.connect(":memory:")
count = ("WITH RECURSIVE rows(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM rows "
         "WHERE n < ?) SELECT count(*) FROM rows")
print(json.dumps({
    "LOOP_STEP_NS": round(best(loop) * 1e9 / 2_000_000),
    "SHA256_BYTES_PER_MS": round((16 << 20) / (1e3 * best(lambda: hashlib.sha256(zeros)))),
    "ROWS_PER_MS": round(200_000 / (1e3 * best(lambda: db.execute(count, (200_000,)).fetchone()))),
}))
"""


def log(text):
    print(f"{time.strftime('%H:%M:%S')} {text}", flush=True)


def stand_in_sizes():
    """The constants that size a program's stand-ins, measured on this machine."""
    out = subprocess.run([sys.executable, "-c", STAND_INS], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


class Lab:
    """The `conclab` binary: predictions and programs."""

    def __init__(self, binary, workdir, sizes):
        self.binary = binary
        self.workdir = Path(workdir)
        self.sizes = sizes
        self.count = 0

    def __call__(self, *args):
        out = subprocess.run([self.binary, *args], capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise SystemExit(f"conclab {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout

    def run(self, settings):
        """`conclab run --json` for `settings`."""
        return json.loads(self("run", "--json", *flags(settings)))

    def program(self, settings):
        """The path of the program `conclab code` writes for `settings`, its stand-ins sized
        for this machine."""
        self.count += 1
        path = self.workdir / f"program_{self.count}.py"
        text = self("code", *flags(settings))
        for name, value in self.sizes.items():
            text = re.sub(rf"^{name} = \d+$", f"{name} = {value}", text, flags=re.M)
        path.write_text(text)
        return path


def flags(settings):
    """Settings as conclab's flags: `--cpu-ms 5`."""
    return [part for key, value in settings for part in (f"--{key.replace('_', '-')}", value)]


def steady(measure, repeats):
    """`repeats` results of `measure()`, taken again when other processes disturbed them;
    returns them and the foreign load while they ran."""
    best = None
    for _ in range(ATTEMPTS):
        machine.wait_until_quiet(limit_s=QUIET_WAIT_S, log=log)
        with machine.Section() as section:
            values = [measure() for _ in range(repeats)]
        if best is None or section.foreign < best[1]:
            best = (values, section.foreign)
        if section.foreign <= DISTURBED:
            break
    return best


def median_of(measure, repeats):
    """The median of `repeats` steady results of `measure()`, and the foreign load."""
    values, foreign = steady(measure, repeats)
    return statistics.median(values), foreign


def wall_time(path):
    """Runs a Lab program; returns the wall time it prints, in seconds."""
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                         check=False, timeout=600)
    found = re.fullmatch(r"\d+ tasks in (\d+\.\d+) s\n", out.stdout)
    if out.returncode != 0 or not found:
        raise SystemExit(f"{path}: exit {out.returncode}\n{out.stdout}{out.stderr}")
    return float(found.group(1))


def probe_latency(path, kind, cpus, switch_ms):
    """The mean latency (ms) of a probe thread's calls of `kind`, from `probe.py`."""
    out = subprocess.run(
        [sys.executable, str(HERE / "probe.py"), str(path), kind, str(CONVOY_MS), str(cpus),
         str(switch_ms), str(PROBE_SECONDS)],
        capture_output=True, text=True, check=False, timeout=600)
    if out.returncode != 0:
        raise SystemExit(f"probe {kind}: {out.stderr}")
    return json.loads(out.stdout)["mean_ms"]


def ranked_first(lab, base):
    """The model the engine predicts the best speedup for, of those CPython 3.11 runs."""
    return max(MODELS, key=lambda m: lab.run([*base, ("model", m)])["speedup"])


def preset_rows(lab, repeats, wanted, chosen, done):
    """Each round runs the sequential program and then each model's, so that a speedup is
    the ratio of two runs taken moments apart, whatever the machine was doing; the speedup is
    the median over the rounds. `chosen` models are measured, and the one the engine ranks
    first; `done(rows)` is told each preset's rows as they come."""
    rows = []
    for preset, scale in SCALED.items():
        base = [("preset", preset), *scale, ("jitter", "0"), ("cores", CORES)]
        first = ranked_first(lab, base)
        models = [m for m in MODELS
                  if (m in chosen or m == first) and wanted(f"{preset} {m}")]
        if not models:
            continue
        log(f"{preset}: sequential and {', '.join(models)}")
        paths = {m: lab.program([*base, ("model", m)]) for m in ["sequential", *models]}
        rounds, foreign = steady(lambda: {m: wall_time(p) for m, p in paths.items()}, repeats)
        for model in models:
            settings = [*base, ("model", model)]
            measured = statistics.median(r["sequential"] / r[model] for r in rounds)
            predicted = lab.run(settings)["speedup"]
            rows.append(row("preset", preset, model, settings, "speedup", measured,
                            predicted, SPEEDUP_TOLERANCE, foreign))
            log(f"  {model:18} measured {measured:6.2f}x  predicted {predicted:6.2f}x")
        done(rows)
    return rows


def kind_rows(lab, repeats, wanted, done):
    rows = []
    for kind in KINDS:
        for model in KIND_MODELS:
            settings = [*KIND_WORK, ("io_kind", kind), *model]
            name = f"{kind} {model[0][1]}"
            if not wanted(f"kinds {name}"):
                continue
            path = lab.program(settings)
            took, foreign = median_of(lambda: wall_time(path), repeats)
            predicted = lab.run(settings)["makespan_s"]
            rows.append(row("kind", kind, model[0][1], settings, "makespan_ms", 1e3 * took,
                            1e3 * predicted, SPEEDUP_TOLERANCE, foreign))
            log(f"kind {name:16} measured {1e3 * took:8.1f} ms  predicted {1e3 * predicted:8.1f} ms")
            done(rows)
    return rows


def convoy_settings(kind, cpus, switch_ms):
    """The convoy probe as a scenario: one thread looping on `kind` beside `cpus` threads
    crunching Python."""
    groups = f"probe:1:{CONVOY_REPS}:{CONVOY_MS}:0:0:0:0:::0:0:{kind}"
    if cpus:
        groups += f";crunch:{cpus}:1:0:{CONVOY_CRUNCH_MS}:0"
    return [("groups", groups), ("model", "threads"), ("workers", str(cpus + 1)),
            ("cores", CORES), ("switch_interval_ms", str(switch_ms))]


def convoy_rows(lab, repeats, wanted, done):
    rows = []
    for kind in KINDS:
        # The probe drives the helpers of a program that has both groups.
        path = lab.program(convoy_settings(kind, 1, 5))
        for switch_ms in (5, 1):
            for cpus in (0, 1, 2):
                name = f"{kind} beside {cpus} at {switch_ms} ms"
                if not wanted(f"convoy {name}"):
                    continue
                settings = convoy_settings(kind, cpus, switch_ms)
                latency, foreign = median_of(
                    lambda: probe_latency(path, kind, cpus, switch_ms), repeats)
                group = next(g for g in lab.run(settings)["groups"] if g["name"] == "probe")
                predicted = 1e3 * group["mean_latency_s"]
                rows.append(row("convoy", kind, f"threads+{cpus}cpu@{switch_ms}ms", settings,
                                "latency_ms", latency, predicted, LATENCY_TOLERANCE, foreign))
                log(f"convoy {name:24} measured {latency:8.2f} ms  predicted {predicted:8.2f} ms")
                done(rows)
    return rows


def command(args):
    """The `./lab validate` command that measures what this run measures."""
    words = ["./lab validate", f"--repeats {args.repeats}", f"--quiet-wait {args.quiet_wait:g}",
             f"--attempts {args.attempts}"]
    if args.models != ",".join(MODELS):
        words.append(f"--models {args.models}")
    if args.only:
        words.append(f"--only '{args.only}'")
    return " ".join(words)


def main():
    global QUIET_WAIT_S, ATTEMPTS  # one setting for the whole run
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conclab", required=True, help="the conclab binary (release)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--only", default="", help="only rows whose name contains this")
    parser.add_argument("--models", default=",".join(MODELS),
                        help="the models measured for each preset (with the one the engine "
                             "ranks first), comma-separated")
    parser.add_argument("--quiet-wait", type=float, default=QUIET_WAIT_S,
                        help="seconds to wait for a quiet machine before each set of runs")
    parser.add_argument("--attempts", type=int, default=ATTEMPTS,
                        help="times a disturbed set of runs may be taken in all")
    parser.add_argument("--repredict", action="store_true",
                        help="measure nothing: set the predictions of --out's results.csv anew")
    parser.add_argument("--out", default=str(HERE), help="where results.csv/.md go")
    args = parser.parse_args()
    QUIET_WAIT_S, ATTEMPTS = args.quiet_wait, args.attempts
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.repredict:
        with open(out / "results.csv", newline="") as f:
            rows = list(csv.DictReader(f))
        with open(out / "about.csv", newline="") as f:
            about = [tuple(r) for r in csv.reader(f)]
        write(repredicted(Lab(args.conclab, out, {}), rows), about, out)
        log(f"set the predictions of {out / 'results.csv'} anew")
        return
    chosen = args.models.split(",")
    priority = machine.prioritise()
    sizes = stand_in_sizes()
    measured = "every model" if set(chosen) >= set(MODELS) else \
        f"{', '.join(chosen)} and the model the engine ranks first"
    about = [*machine.describe(), ("priority", priority),
             ("repeats", f"{args.repeats} runs per figure, median"),
             ("presets", f"{measured} (sequential is the baseline)"),
             ("command", command(args)),
             ("stand-ins", ", ".join(f"{k} = {v}" for k, v in sizes.items()))]
    log("\n".join(f"{k}: {v}" for k, v in about))

    def wanted(name):
        return args.only in name

    done = []

    def save(rows):
        # Written after every set, so that a run cut short leaves what it measured.
        write([*done, *rows], about, out)

    with tempfile.TemporaryDirectory(prefix="conclab-validate-") as workdir:
        lab = Lab(args.conclab, workdir, sizes)
        # The kinds of I/O first: theirs are the costs measured for this machine.
        done += kind_rows(lab, args.repeats, wanted, save)
        done += convoy_rows(lab, args.repeats, wanted, save)
        done += preset_rows(lab, args.repeats, wanted, chosen, save)
    if not done:
        raise SystemExit(f"no rows match --only {args.only!r}")
    log(f"wrote results.csv, about.csv and results.md in {out}")


if __name__ == "__main__":
    main()
