#!/usr/bin/env python3
"""conclab-probe: measure your own function, then open Concurrency Lab on the result.

    python3 conclab_probe.py mymodule:handle_one --args-json '["https://example.org"]'
        [--kwargs-json '{}'] [--items FILE] [--runs N] [--lab-url URL] [--json]

For one call of the function it measures the wall time, the time the thread spent on a CPU,
the time it was blocked (and in what: sleep, socket, file, subprocess, select, lock), how
much of its CPU time ran in C code that releases the GIL, and the pickled size of its
arguments and result (what a process pool would send). It prints a summary, the scenario
that `conclab run --scenario FILE` reads, and a Lab link with the scenario filled in.

As a library (standard library only, Python 3.9 or later)::

    m = conclab_probe.measure(tasks=len(items))
    with m:                      # or decorate: handle_one = m(handle_one)
        handle_one(items[0])
    print(m.report().summary())

A block runs once, so each entry measures one thing, in turn: the plain timing, then the
kinds of wait (C calls traced), then the GIL share (beside a GIL meter thread). Enter it at
least three times (a loop, a decorated function) for all three; `probe()` does that for you.
"""

import argparse
import asyncio
import functools
import importlib
import importlib.util
import inspect
import json
import os
import statistics
import sys
import threading
import time
import traceback
import types
from dataclasses import dataclass, field
from multiprocessing.reduction import ForkingPickler
from typing import Optional
from urllib.parse import quote, urlencode

DEFAULT_LAB_URL = "http://127.0.0.1:8080/"
CLEAN, TRACE, GIL = "clean", "trace", "gil"
_ROTATION = (CLEAN, TRACE, GIL)
# The Lab refuses larger batches (engine::scenario::MAX_TASKS).
_MAX_TASKS = 100_000
# Off-CPU time below this inside one C call is clock noise, not a wait: a thread that
# really blocks pays a context switch, which alone costs more.
_MIN_WAIT_S = 5e-6
# The GIL meter: a switch interval no call outlasts; how long it runs between rests (the
# longest the measured thread waits for the GIL back) and rests (a sleep of 10 µs lasts
# about 60 µs: the meter misses ~3 % of the GIL-free time).
_NO_FORCED_SWITCH_S = 100.0
_METER_BURST_S = 2e-3
_METER_REST_S = 1e-5
# The shortest span of time the tracer reads all clocks for.
_SPAN_S = 50e-6
# How many calls of a decorated function have their arguments and result pickled.
_SIZE_SAMPLES = 5

# What kind of wait a blocking C call is, by its name, else by its module.
_NAMED_KINDS = {
    "time.sleep": "sleep",
    "_posixsubprocess.fork_exec": "subprocess",
    **{f"os.{n}": "subprocess" for n in ("system", "wait", "wait3", "wait4", "waitid", "waitpid")},
}
_MODULE_KINDS = {
    "socket": "socket", "_socket": "socket", "ssl": "socket", "_ssl": "socket",
    "io": "file", "_io": "file", "os": "file",
    "select": "select", "_thread": "lock", "_queue": "lock",
}
# A file read or a poll made on behalf of these modules is really waiting for them.
_CALLER_KINDS = (("subprocess.py", "subprocess"), (f"{os.sep}asyncio{os.sep}", "event-loop"))


class _RunQueue:
    """How long one thread has waited for a free core (Linux schedstat), 0 where unknown.

    On a busy machine a call also waits for a core; that is neither its work nor its I/O.
    """

    def __init__(self, native_id: int):
        try:
            self._fd: Optional[int] = os.open(f"/proc/self/task/{native_id}/schedstat", os.O_RDONLY)
        except OSError:
            self._fd = None

    def seconds(self) -> float:
        return 0.0 if self._fd is None else int(os.pread(self._fd, 64, 0).split()[1]) * 1e-9

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class _GilMeter:
    """A thread that runs pure Python beside the measured one, to see when the GIL is free.

    While it runs, the switch interval is so long that neither thread is ever made to hand
    the GIL over: the meter gets it only when the measured thread releases it (C code, I/O),
    and gives it back by resting briefly every two milliseconds. So whenever both run at
    once, the measured thread is in C code that has released the GIL; and the meter's CPU
    time holds no wake-ups to ask for the GIL, which are costly on a loaded virtual machine
    and which made the measured thread hand over in the middle of the probe's own hooks.
    """

    def __init__(self):
        self._interval = sys.getswitchinterval()
        self._running = True
        ready = threading.Event()
        self._thread = threading.Thread(target=self._spin, args=(ready,), daemon=True,
                                        name="conclab-probe GIL meter")
        sys.setswitchinterval(_NO_FORCED_SWITCH_S)
        try:
            self._thread.start()
            ready.wait()
            self._clock = time.pthread_getcpuclockid(self._thread.ident)
        except BaseException:
            self.stop()
            raise

    def _spin(self, ready: threading.Event) -> None:
        ready.set()
        steps = range(1000)
        while self._running:
            until = time.perf_counter() + _METER_BURST_S
            while time.perf_counter() < until:
                for _ in steps:
                    pass
            time.sleep(_METER_REST_S)

    def cpu(self) -> float:
        return time.clock_gettime(self._clock)

    def stop(self) -> None:
        self._running = False
        if self._thread.ident is not None:
            self._thread.join()
        sys.setswitchinterval(self._interval)


def _c_name(fn) -> str:
    """'module.qualname' of a C callable, e.g. 'time.sleep' or 'socket.socket.recv'."""
    owner = getattr(fn, "__objclass__", None) or getattr(fn, "__self__", None)
    if owner is None or isinstance(owner, types.ModuleType):
        module = getattr(fn, "__module__", None) or getattr(owner, "__name__", "?")
    else:
        cls = owner if isinstance(owner, type) else type(owner)
        module = next((c.__module__ for c in cls.__mro__ if c.__module__ in _MODULE_KINDS),
                      cls.__module__)
    module = "os" if module == "posix" else module
    return f"{module}.{getattr(fn, '__qualname__', type(fn).__qualname__)}"


def _kind(name: str, frame) -> str:
    kind = _NAMED_KINDS.get(name) or _MODULE_KINDS.get(name.split(".")[0], "other C")
    if kind in ("sleep", "socket"):
        return kind
    for _ in range(40):
        if frame is None:
            break
        hit = next((k for part, k in _CALLER_KINDS if part in frame.f_code.co_filename), None)
        if hit:
            return hit
        frame = frame.f_back
    return kind


def _runs_as_python(fn) -> bool:
    """Whether sys.monitoring runs this callable in a Python frame (so no C_RETURN follows)."""
    if type(fn) is types.MethodType:
        fn = fn.__func__
    return type(fn) is types.FunctionType


class _Tracer:
    """Follows the calling thread in and out of C calls, in spans of at least `_SPAN_S`.

    Clocks are read in full only where a span ends (most C calls take a fraction of a
    microsecond; reading the clocks around each would slow the program down a hundredfold);
    in between, each call and return only notes the time. A span's off-CPU time is a wait of
    the kind of the C call that took most of its wall time, if one did. With a GIL meter, the
    span's CPU time counts as GIL-free as far as the meter ran meanwhile, less the time this
    thread ran Python (holding the GIL) in it. (Not as far as the meter queued for a core:
    after each rest it queues even while this thread holds the GIL, so on a busy machine the
    count comes out low rather than made up.)
    """

    def __init__(self, runq: Optional[_RunQueue], meter: Optional[_GilMeter]):
        self.runq, self.meter = runq, meter
        self.waits: dict[str, list] = {}  # C function name -> [kind, seconds]
        self.gil_free = 0.0
        self._stack: list[tuple[object, object]] = []  # C calls in progress: (callable, frame)
        self._thread = threading.get_ident()
        self._tool: Optional[int] = None
        self._previous = None
        self._last: tuple[float, ...] = ()  # the full reading that began the span
        self._mark = 0.0  # when the last call or return was
        self._pure = True  # whether only the C call on top of the stack ran since then
        self._c_wall = 0.0  # the span's wall time in C calls alone
        self._top: tuple[float, object] = (0.0, None)  # its longest such stretch, and the call

    def _read(self) -> tuple[float, float, float, float]:
        return (time.perf_counter(), time.thread_time(),
                self.runq.seconds() if self.runq else 0.0,
                self.meter.cpu() if self.meter else 0.0)

    def _boundary(self) -> None:
        """A C call begins or ends (before the stack changes)."""
        now = time.perf_counter()
        if self._pure and self._stack:
            stretch = now - self._mark
            self._c_wall += stretch
            if stretch > self._top[0]:
                self._top = (stretch, self._stack[-1])
        self._mark = now
        self._pure = True
        if now - self._last[0] >= _SPAN_S:
            self._end_span()

    def _end_span(self) -> None:
        now = self._read()
        wall, cpu, queued, meter = (b - a for a, b in zip(self._last, now))
        self._last = now
        # With C calls in the span, the rest of its wall time ran Python, holding the GIL.
        without_python = cpu - (wall - self._c_wall) if self._c_wall else cpu
        self.gil_free += max(0.0, min(without_python, meter))
        off = wall - cpu - queued
        stretch, entry = self._top
        if entry is not None and stretch >= wall / 2 and off > _MIN_WAIT_S:
            name = _c_name(entry[0])
            self.waits.setdefault(name, [_kind(name, entry[1]), 0.0])[1] += off
        self._c_wall, self._top = 0.0, (0.0, None)

    def c_call(self, fn, frame) -> None:
        self._boundary()
        self._stack.append((fn, frame))

    def c_return(self, fn) -> None:
        stack = self._stack
        if stack and stack[-1][0] is fn or any(entry[0] is fn for entry in stack):
            self._boundary()
            while stack.pop()[0] is not fn:  # sys.monitoring may miss a return
                pass

    def python_event(self, *_) -> None:
        # Also other threads' Python (sys.monitoring's events are process-wide): erring on the
        # side of not naming a wait is harmless.
        self._pure = False

    def _profile(self, frame, event, arg) -> None:
        if event == "c_call":
            self.c_call(arg, frame)
        elif event in ("c_return", "c_exception"):
            self.c_return(arg)
        else:
            self._pure = False

    def _mon_call(self, code, offset, fn, arg0) -> None:
        if threading.get_ident() == self._thread and not _runs_as_python(fn):
            self.c_call(fn, sys._getframe(1))

    def _mon_return(self, code, offset, fn, arg0) -> None:
        if threading.get_ident() == self._thread:
            self.c_return(fn)

    def _hooks(self):
        """sys.monitoring's events and callbacks (Python 3.12+); empty before."""
        mon = getattr(sys, "monitoring", None)
        if mon is None:
            return mon, []
        e = mon.events
        python = (e.PY_START, e.PY_RESUME, e.PY_RETURN, e.PY_YIELD, e.PY_UNWIND, e.PY_THROW)
        return mon, [(e.CALL, self._mon_call), (e.C_RETURN, self._mon_return),
                     (e.C_RAISE, self._mon_return)] + [(p, self.python_event) for p in python]

    def start(self) -> None:
        self._last = self._read()  # before the hooks, which would see this read's C calls
        self._mark = self._last[0]
        mon, hooks = self._hooks()
        if mon is not None:  # tool ids 2-4 are the profiler's and two free ones
            self._tool = next((t for t in (2, 3, 4) if mon.get_tool(t) is None), None)
        if self._tool is None:
            self._previous = sys.getprofile()
            sys.setprofile(self._profile)
        else:
            mon.use_tool_id(self._tool, "conclab-probe")
            for event, callback in hooks:
                mon.register_callback(self._tool, event, callback)
            mon.set_events(self._tool, functools.reduce(int.__or__, (e for e, _ in hooks)))

    def stop(self) -> None:
        mon, hooks = self._hooks()
        if self._tool is None:
            sys.setprofile(self._previous)
        else:
            mon.set_events(self._tool, 0)
            for event, _ in hooks:
                mon.register_callback(self._tool, event, None)
            mon.free_tool_id(self._tool)
        self._boundary()
        self._end_span()


class _Entry:
    """One measured run of a block, in one mode; always removes its hooks and thread."""

    def __init__(self, measure: "Measure", mode: str):
        self.measure, self.mode = measure, mode
        self.meter: Optional[_GilMeter] = None
        self.tracer: Optional[_Tracer] = None

    def _now(self) -> tuple[float, float, float]:
        return time.perf_counter(), time.thread_time(), self.runq.seconds()

    def __enter__(self) -> "Measure":
        self.runq = _RunQueue(threading.get_native_id())
        try:
            if self.mode == GIL:
                self.meter = _GilMeter()
            if self.mode != CLEAN:
                # Reading the run queue (a file read) releases the GIL: not beside the meter.
                self.tracer = _Tracer(None if self.meter else self.runq, self.meter)
            self.start = self._now()
            if self.tracer:
                self.tracer.start()
        except BaseException:
            self._close()
            raise
        return self.measure

    def __exit__(self, exc_type, *_) -> bool:
        try:
            if self.tracer:
                self.tracer.stop()
            wall, cpu, queued = (b - a for a, b in zip(self.start, self._now()))
        finally:
            self._close()
        if exc_type is None:
            self.measure._record(self.mode, (wall, cpu, queued), self.tracer)
        return False

    def _close(self) -> None:
        if self.meter:
            self.meter.stop()
        self.runq.close()


class Measure:
    """Collects measurements of a block or a function; `report()` sums them up.

    A context manager (`with m:`) and a decorator (`m(fn)`). Entries take turns measuring
    plain timing, kinds of wait and the GIL share. One thread at a time is measured; calls
    from other threads meanwhile run unmeasured.
    """

    def __init__(self, tasks: int = 1):
        self.tasks = tasks
        self.clean: list[tuple[float, float, float]] = []  # wall, CPU, run-queue seconds
        self.gil: list[float] = []  # GIL-free CPU seconds per call
        self.traced: list[tuple[float, dict[str, list]]] = []  # off-CPU seconds, waits
        self.payload: list[int] = []
        self.result: list[int] = []
        self.notes: list[str] = []
        self._entries = 0
        self._busy = threading.Lock()
        self._local = threading.local()

    def entry(self, mode: str) -> _Entry:
        """A context manager measuring one run of a block in `mode` (CLEAN, TRACE or GIL)."""
        if mode == GIL and not hasattr(time, "pthread_getcpuclockid"):
            mode = CLEAN  # the meter needs another thread's CPU clock
        return _Entry(self, mode)

    def __enter__(self) -> "Measure":
        self._local.entry = None
        if self._busy.acquire(blocking=False):
            try:
                self._local.entry = self.entry(_ROTATION[self._entries % len(_ROTATION)])
                self._entries += 1
                self._local.entry.__enter__()
            except BaseException:
                self._busy.release()
                raise
        return self

    def __exit__(self, *exc) -> bool:
        entry = self._local.entry
        if entry is not None:
            try:
                entry.__exit__(*exc)
            finally:
                self._busy.release()
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def measured(*args, **kwargs):
            with self:
                result = fn(*args, **kwargs)
            if len(self.payload) < _SIZE_SAMPLES:
                self.note_sizes(args, kwargs, result)
            return result
        return measured

    def note_sizes(self, args: tuple, kwargs: dict, result) -> None:
        """Records what a process pool would pickle for this call: arguments and result."""
        for sizes, what, obj in ((self.payload, "arguments", (args, kwargs) if kwargs else args),
                                 (self.result, "result", result)):
            try:
                sizes.append(len(ForkingPickler.dumps(obj)))
            except Exception as e:
                note = (f"the {what} cannot be pickled ({type(e).__name__}: {e}): "
                        "a process pool could not send them")
                if note not in self.notes:
                    self.notes.append(note)

    def _record(self, mode: str, times: tuple[float, float, float], tracer: Optional[_Tracer]) -> None:
        wall, cpu, queued = times
        if mode == CLEAN:
            self.clean.append(times)
        elif mode == GIL:
            self.gil.append(tracer.gil_free)
        else:
            self.traced.append((max(0.0, wall - cpu - queued), tracer.waits))

    def report(self) -> "Report":
        """The measurements so far, per call (medians)."""
        if not self.clean:
            raise ValueError("nothing measured yet: run the block or the function at least once")
        wall, cpu, queued = (statistics.median(x) for x in zip(*self.clean))
        blocked = [max(0.0, w - c - q) for w, c, q in self.clean]
        io = statistics.median(blocked)
        cext = min(cpu, statistics.median(self.gil)) if self.gil else 0.0
        waits, top = _split_waits(io, self.traced)
        jitter = 0.0
        if len(blocked) >= 3 and io >= 1e-3:
            jitter = min(1.0, round((max(blocked) - min(blocked)) / 2 / io, 2))
        notes = list(self.notes)
        if not self.gil:
            notes.append("GIL share not measured (run it at least 3 times): all CPU time counted as Python")
        if not self.traced:
            notes.append("waits not split by kind (run it at least 2 times)")
        if lab_python_version().endswith("t"):
            notes.append("this Python runs without a GIL: all its CPU time can run in parallel")
        if self.tasks > _MAX_TASKS:
            notes.append(f"{self.tasks} tasks; the Lab simulates at most {_MAX_TASKS}")
        return Report(tasks=max(1, min(self.tasks, _MAX_TASKS)), calls=len(self.clean),
                      wall_ms=wall * 1e3, io_ms=io * 1e3, cpu_ms=(cpu - cext) * 1e3,
                      cext_ms=cext * 1e3, queued_ms=queued * 1e3, gil_measured=bool(self.gil),
                      waits=waits, top_waits=top,
                      payload_bytes=_median_int(self.payload), result_bytes=_median_int(self.result),
                      jitter=jitter, notes=notes)


def _median_int(values: list[int]) -> Optional[int]:
    return int(statistics.median(values)) if values else None


def _split_waits(io: float, traced) -> tuple[dict[str, float], list[tuple[str, str, float]]]:
    """Shares out the blocked time `io` (s) by kind of wait, in proportion to the traced calls."""
    per_name: dict[str, list] = {}
    total = 0.0
    for off, waits in traced:
        total += off
        for name, (kind, seconds) in waits.items():
            per_name.setdefault(name, [kind, 0.0])[1] += seconds
    total = max(total, sum(s for _, s in per_name.values()))
    if total <= 0:
        return {}, []
    top = sorted(((n, k, io * s / total * 1e3) for n, (k, s) in per_name.items()), key=lambda t: -t[2])
    kinds: dict[str, float] = {}
    for _, kind, ms in top:
        kinds[kind] = kinds.get(kind, 0.0) + ms
    rest = io * 1e3 - sum(kinds.values())
    if rest > 0.05 * io * 1e3:
        kinds["outside C calls"] = rest
    return dict(sorted(kinds.items(), key=lambda kv: -kv[1])), top


def measure(tasks: int = 1) -> Measure:
    """A `Measure` for a block (`with measure() as m:`) or a function (`@m`); `tasks` is the
    batch size to put in the scenario."""
    return Measure(tasks)


def lab_python_version() -> str:
    """The running interpreter as the nearest version the Lab knows (3.11 to 3.14, `t` = no GIL)."""
    minor = min(max(sys.version_info.minor, 11), 14)
    free = not getattr(sys, "_is_gil_enabled", lambda: True)()
    return f"3.{max(minor, 13) if free else minor}" + ("t" if free else "")


def _pct(part: float, whole: float) -> str:
    return f"{round(100 * part / whole)} %" if whole > 0 else "0 %"


def _bytes(n: int) -> str:
    return next(f"{n / 10 ** p:.3g} {u}" for p, u in ((9, "GB"), (6, "MB"), (3, "kB"), (0, "B"))
                if n >= 10 ** p or p == 0)


@dataclass
class Report:
    """What one call of the function does, per task, and the same as a Lab scenario."""

    tasks: int
    calls: int  # plain calls the medians come from
    wall_ms: float
    io_ms: float  # blocked: waiting for I/O, a sleep, a lock, a child process
    cpu_ms: float  # on a CPU holding the GIL: Python, and C that keeps it
    cext_ms: float  # on a CPU in C that has released the GIL
    queued_ms: float  # waiting for a free core (a busy machine): none of the above
    gil_measured: bool  # whether cext_ms was measured (else all CPU time is in cpu_ms)
    waits: dict[str, float]  # ms of io_ms by kind of wait, largest first
    top_waits: list[tuple[str, str, float]]  # (C function, kind, ms), largest first
    payload_bytes: Optional[int]
    result_bytes: Optional[int]
    jitter: float  # spread of io_ms over the calls, as a fraction
    notes: list[str] = field(default_factory=list)
    python: str = field(default_factory=lab_python_version)
    cores: int = field(default_factory=lambda: os.cpu_count() or 1)
    switch_interval_ms: float = field(default_factory=lambda: sys.getswitchinterval() * 1e3)

    def scenario(self) -> dict:
        """The scenario `conclab run --scenario FILE` reads, model sequential."""
        return {
            "machine": {"cores": self.cores},
            "python": {"version": self.python, "switch_interval_ms": round(self.switch_interval_ms, 3)},
            "workload": {"tasks": self.tasks, "io_ms": round(self.io_ms, 3),
                         "cpu_ms": round(self.cpu_ms, 3), "cext_ms": round(self.cext_ms, 3),
                         "payload_bytes": self.payload_bytes or 0,
                         "result_bytes": self.result_bytes or 0, "jitter": self.jitter},
            "model": {"kind": "sequential"},
        }

    def lab_url(self, base: str = DEFAULT_LAB_URL) -> str:
        """A Lab link with the scenario in its query (the Lab's flat setting names)."""
        s = self.scenario()
        flat = {**s["workload"], "cores": s["machine"]["cores"], "python": s["python"]["version"],
                "switch_interval_ms": s["python"]["switch_interval_ms"], "model": s["model"]["kind"]}
        return base + ("&" if "?" in base else "?") + urlencode(flat, quote_via=quote)

    def verdict(self) -> str:
        """Waiting or calculating, in one phrase."""
        total = self.io_ms + self.cpu_ms + self.cext_ms
        if total < 1e-3:
            return "too quick to tell: under a microsecond"
        if self.io_ms >= total / 2:
            kind, ms = next(iter(self.waits.items()), ("", 0.0))
            where = f"in {kind} calls" if kind and kind != "outside C calls" else "blocked"
            return f"mostly waiting: {_pct(ms if kind else self.io_ms, total)} of the time {where}"
        if self.cpu_ms >= total / 2:
            return f"mostly calculating in Python: {_pct(self.cpu_ms, total)} of the time holds the GIL"
        if self.cext_ms >= total / 2:
            return f"mostly calculating in C that releases the GIL: {_pct(self.cext_ms, total)} of the time"
        return (f"mixed: {_pct(self.io_ms, total)} waiting, {_pct(self.cpu_ms, total)} Python, "
                f"{_pct(self.cext_ms, total)} C without the GIL")

    def summary(self, target: str = "the function") -> str:
        """A plain-text account for people."""
        total = self.io_ms + self.cpu_ms + self.cext_ms
        on_cpu = self.cpu_ms + self.cext_ms
        lines = [
            f"conclab-probe: {target}, {self.calls} call(s) measured (medians)",
            f"  per call   {self.wall_ms:.1f} ms: waiting {self.io_ms:.1f} ms ({_pct(self.io_ms, total)}), "
            f"Python {self.cpu_ms:.1f} ms ({_pct(self.cpu_ms, total)}), "
            f"C without the GIL {self.cext_ms:.1f} ms ({_pct(self.cext_ms, total)})",
            f"  verdict    {self.verdict()}",
        ]
        if self.waits and self.io_ms >= 0.05:  # below that, the waits are clock noise
            shown = [(n, ms) for n, _, ms in self.top_waits[:3] if ms >= self.io_ms / 100]
            calls = ", ".join(f"{name} {ms:.1f} ms" for name, ms in shown)
            kinds = ", ".join(f"{kind} {ms:.1f} ms" for kind, ms in self.waits.items() if ms >= 0.05)
            lines.append(f"  waits      {kinds} (largest: {calls})")
        if self.gil_measured:
            lines.append(f"  GIL        of {on_cpu:.1f} ms on a CPU, {_pct(self.cext_ms, on_cpu)} ran while "
                         "another Python thread could run (C code that releases the GIL)")
        if self.payload_bytes is not None and self.result_bytes is not None:
            lines.append(f"  processes  a pool would send {_bytes(self.payload_bytes)} of arguments and "
                         f"{_bytes(self.result_bytes)} of result per task")
        batch = "" if self.tasks > 1 else " (--items FILE counts a batch)"
        lines.append(f"  tasks      {self.tasks}{batch}")
        if self.queued_ms >= 0.05 * max(self.wall_ms, 1e-9):
            lines.append(f"  note       the machine was busy: {self.queued_ms:.1f} ms per call waiting "
                         "for a free core, left out")
        lines += [f"  note       {note}" for note in self.notes]
        return "\n".join(lines)


def _caller(fn, args: tuple, kwargs: dict):
    if inspect.iscoroutinefunction(fn):
        return lambda: asyncio.run(fn(*args, **kwargs))
    return lambda: fn(*args, **kwargs)


def probe(fn, args: tuple = (), kwargs: Optional[dict] = None, runs: int = 3, tasks: int = 1) -> Report:
    """Measures `fn(*args, **kwargs)` (a coroutine function runs under `asyncio.run`): one
    warm-up call (imports, caches and connections it makes once), then `runs` plain calls and
    `runs` beside the GIL meter, then one traced call. Exceptions from `fn` propagate."""
    call = _caller(fn, tuple(args), dict(kwargs or {}))
    m = Measure(tasks)
    m.note_sizes(tuple(args), dict(kwargs or {}), call())
    for _ in range(runs):
        with m.entry(CLEAN):
            call()
        with m.entry(GIL):
            call()
    with m.entry(TRACE):
        call()
    return m.report()


def load_target(spec: str):
    """The callable named by `module:function` or `path/to/file.py:function` (dots allowed
    after the colon, e.g. `module:Class.method`)."""
    module_name, _, attr = spec.rpartition(":")
    if not module_name or not attr:
        raise ValueError(f"'{spec}': write module:function or path/to/file.py:function")
    if module_name.endswith(".py") or os.sep in module_name:
        path = os.path.abspath(module_name)
        name = os.path.splitext(os.path.basename(path))[0]
        sys.path.insert(0, os.path.dirname(path))  # its own imports resolve as under `python file.py`
        loader_spec = importlib.util.spec_from_file_location(name, path)
        if loader_spec is None:
            raise ImportError(f"cannot load {path}")
        module = importlib.util.module_from_spec(loader_spec)
        sys.modules[name] = module  # so its classes pickle by reference
        loader_spec.loader.exec_module(module)
    else:
        if os.getcwd() not in sys.path:
            sys.path.insert(0, os.getcwd())  # as `python -m` would
        module = importlib.import_module(module_name)
    target = functools.reduce(getattr, attr.split("."), module)
    if not callable(target):
        raise TypeError(f"'{spec}' is not callable")
    return target


def count_items(path: str) -> int:
    """Tasks in a batch file: the length of a JSON array, else its non-blank lines."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    return len(data) if isinstance(data, list) else sum(1 for line in text.splitlines() if line.strip())


def _user_traceback(exc: BaseException) -> str:
    """The traceback from the user's code down, without the probe's own frames."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


def _json_arg(kind: type):
    def parse(text: str):
        value = json.loads(text)
        if not isinstance(value, kind):
            raise ValueError
        return value
    parse.__name__ = f"JSON {kind.__name__}"
    return parse


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError
    return value


def main(argv: Optional[list[str]] = None) -> int:
    """The command line; returns the exit status (1: the function raised, 2: bad input)."""
    parser = argparse.ArgumentParser(
        prog="conclab-probe", description="Measure one call of your function and open "
        "Concurrency Lab on the result: is it waiting or calculating?")
    parser.add_argument("target", help="module:function or path/to/file.py:function")
    parser.add_argument("--args-json", type=_json_arg(list), default=[], metavar="JSON",
                        help="positional arguments, a JSON array (default [])")
    parser.add_argument("--kwargs-json", type=_json_arg(dict), default={}, metavar="JSON",
                        help="keyword arguments, a JSON object (default {})")
    parser.add_argument("--items", metavar="FILE",
                        help="the whole batch, a JSON array or one item per line: its length is "
                        "the number of tasks")
    parser.add_argument("--runs", type=_positive, default=3, metavar="N",
                        help="calls per measurement, medians taken (default 3)")
    parser.add_argument("--lab-url", default=DEFAULT_LAB_URL, metavar="URL",
                        help=f"the Lab to link to (default {DEFAULT_LAB_URL}, what ./lab serve starts)")
    parser.add_argument("--json", action="store_true", help="print only the scenario, for scripts")
    opts = parser.parse_args(argv)
    try:
        tasks = count_items(opts.items) if opts.items else 1
    except OSError as e:
        parser.error(f"--items: {e}")
    if tasks < 1:
        parser.error(f"--items: {opts.items} holds no items")
    try:
        fn = load_target(opts.target)
    except Exception as e:
        print(f"conclab-probe: cannot load {opts.target}:\n{_user_traceback(e)}", end="", file=sys.stderr)
        return 2
    try:
        report = probe(fn, opts.args_json, opts.kwargs_json, opts.runs, tasks)
    except Exception as e:
        print(f"conclab-probe: {opts.target} raised {type(e).__name__}:\n{_user_traceback(e)}",
              end="", file=sys.stderr)
        return 1
    scenario = json.dumps(report.scenario(), indent=2)
    if opts.json:
        print(scenario)
    else:
        print(report.summary(opts.target))
        print(f"\nScenario (save it as s.json, then: conclab run --scenario s.json):\n{scenario}")
        print(f"\nOpen it in the Lab: {report.lab_url(opts.lab_url)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
