"""The machine a measurement runs on: what it is, whether it is quiet, and a fair share of it.

The development machines are shared with people compiling Rust, so CPU timings are noisy while
they do. Three defences, used by `run.py` and `calibrate.py`:

- `prioritise()` moves this process into a session of its own at the highest priority. Linux
  groups processes by session (autogroups) and shares the CPU between the groups first, so a
  plain `nice` only ranks processes within one session; a new session with its group's nice
  value at -20 outranks the others' compilers.
- `wait_until_quiet()` waits (up to a limit) until the 1-minute load average is low and
  /proc/stat shows every core idle for a few seconds running.
- `Section` measures the foreign load while a measurement runs: the share of the machine's CPU
  time used by other processes. A measurement is repeated when it was disturbed, and the
  foreign load of the one kept is recorded beside it.
"""

import os
import platform
import sys
import time
from datetime import datetime, timezone

# Idle enough: a 1-minute load average below this, and this share of every core idle.
QUIET_LOAD = 0.8
QUIET_IDLE = 0.9
# How long the cores must stay idle, in seconds.
QUIET_SECONDS = 3.0


def prioritise():
    """Runs this process (and what it starts) in a session of its own at nice -20, as far as
    the system allows; returns what it managed, in words."""
    done = []
    try:
        os.setsid()
        done.append("own session")
    except OSError:
        pass  # already a session leader
    try:
        with open("/proc/self/autogroup", "w") as f:
            f.write("-20")
        done.append("autogroup nice -20")
    except OSError:
        pass
    try:
        os.nice(-20 - os.nice(0))
        done.append("nice -20")
    except OSError:
        pass
    return ", ".join(done) or "normal priority (not allowed to raise it)"


def cpu_jiffies():
    """(busy, total) clock ticks of all cores since boot, from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    total = sum(fields[:8])  # without guest time, which is counted in user already
    return total - idle, total


def own_cpu_seconds():
    """CPU seconds used by this process and its finished children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def wait_until_quiet(limit_s=600.0, log=print):
    """Waits until the machine is quiet, at most `limit_s` seconds; returns the seconds waited
    (a measurement taken after the limit is marked by its foreign load)."""
    start = time.monotonic()
    told = False
    while True:
        load1 = os.getloadavg()[0]
        busy0, total0 = cpu_jiffies()
        time.sleep(QUIET_SECONDS)
        busy1, total1 = cpu_jiffies()
        idle = 1 - (busy1 - busy0) / max(1, total1 - total0)
        waited = time.monotonic() - start
        if (load1 < QUIET_LOAD and idle >= QUIET_IDLE) or waited >= limit_s:
            return waited
        if not told:
            log(f"  waiting for a quiet machine (load {load1:.2f}, idle {idle:.0%})")
            told = True


class Section:
    """Measures the share of the machine's CPU time that other processes used while the
    `with` block ran (0 = none; 1 = every core, all the time). Work this process does in
    children counts as its own once they have finished."""

    def __enter__(self):
        self.jiffies = cpu_jiffies()
        self.own = own_cpu_seconds()
        self.clock = time.monotonic()
        return self

    def __exit__(self, *exc):
        busy1, total1 = cpu_jiffies()
        own = own_cpu_seconds() - self.own
        ticks = os.sysconf("SC_CLK_TCK")
        cores = os.cpu_count() or 1
        elapsed = time.monotonic() - self.clock
        busy = (busy1 - self.jiffies[0]) / ticks
        self.foreign = max(0.0, busy - own) / max(1e-9, elapsed * cores)
        return False


def describe():
    """The machine, the Python and the date, as (key, value) pairs."""
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return [
        ("date", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("cpu", cpu),
        ("cores", str(os.cpu_count())),
        ("os", platform.platform()),
        ("python", sys.version.split()[0]),
    ]
