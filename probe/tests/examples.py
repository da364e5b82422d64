"""Example workloads whose make-up is known, for probing: each takes one argument, so a pool
can map it over a batch, and returns something small.

Sizes give roughly 20 to 60 ms per call on the development machine: long enough that the
clocks' resolution and a thread switch do not matter, short enough for a quick suite.
"""

import functools
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
import zlib

SLEEP_S = 0.05
# Python loop iterations: ~40 ns each here (the calibration machine measured 103 ns).
PY_ITERATIONS = 1_200_000
CRC_PASSES = 3


@functools.lru_cache(maxsize=1)
def crc_data() -> bytes:
    """64 MiB of non-zero bytes (zero pages would all map to one cached page), made once:
    pool workers forked later share it."""
    return bytes(range(256)) * (64 << 12)


def sleep_briefly(seconds: float) -> None:
    """Waits, and nothing else."""
    time.sleep(seconds)


def socket_round_trip(address) -> int:
    """One request to a server that answers after a delay, on a new connection."""
    with socket.create_connection(tuple(address)) as s:
        s.sendall(b"ping\n")
        return len(s.recv(64))


def read_slow_file(directory: str, delay: float = SLEEP_S) -> int:
    """Reads a file whose content is not there yet: a named pipe, made for this call, whose
    writer comes after `delay`. (A file in the page cache would not make the read wait: it
    is memory copying, which the Lab does not model.)"""
    fifo = os.path.join(directory, f"fifo-{uuid.uuid4().hex}")
    os.mkfifo(fifo)
    writer = threading.Thread(target=_write_late, args=(fifo, delay))
    writer.start()
    try:
        with open(fifo, "rb") as f:  # blocks until the writer opens its end
            return len(f.read())
    finally:
        writer.join()
        os.remove(fifo)


def python_arithmetic(n: int) -> int:
    """Pure Python: holds the GIL throughout."""
    s = 0
    for i in range(n):
        s += i * i
    return s


def crc_buffer(passes: int) -> int:
    """zlib.crc32 over a large buffer: C that releases the GIL."""
    crc = 0
    for _ in range(passes):
        crc = zlib.crc32(crc_data(), crc)
    return crc


def mixed(sleep_s: float):
    """A sleep, then Python, then crc32 (the order the Lab models). Returns how long each
    piece took, timed here with plain clocks: the truth to check a probe against."""
    t0 = time.perf_counter()
    time.sleep(sleep_s)
    io = time.perf_counter() - t0
    c0 = time.thread_time()
    python_arithmetic(PY_ITERATIONS // 2)
    c1 = time.thread_time()
    zlib.crc32(crc_data())
    return io, c1 - c0, time.thread_time() - c1


def waits_of_four_kinds(address, directory: str, seconds: float) -> None:
    """Waits `seconds` in each of: a sleep, a socket, a file and a child process."""
    time.sleep(seconds)
    socket_round_trip(address)
    read_slow_file(directory, seconds)
    subprocess.run(["sleep", str(seconds)], check=True)


def _write_late(fifo: str, seconds: float) -> None:
    time.sleep(seconds)
    with open(fifo, "wb") as f:
        f.write(b"x")


def fails(message: str) -> None:
    """Raises, for the error-report tests."""
    raise ValueError(message)


_SERVER = r"""
import asyncio, os, sys, threading
delay = float(sys.argv[1])
async def handle(reader, writer):
    await reader.readline()
    await asyncio.sleep(delay)
    writer.write(b"pong\n")
    await writer.drain()
    writer.close()
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=128)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()
# The server lives as long as its parent holds its stdin open, so it never outlives the tests.
threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
asyncio.run(main())
"""


class LoopbackServer:
    """A server on 127.0.0.1 that answers each request after `delay` seconds, concurrently.
    It runs in its own process so it takes nothing from the measured process's GIL."""

    def __init__(self, delay: float):
        self.proc = subprocess.Popen([sys.executable, "-c", _SERVER, str(delay)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.address = ("127.0.0.1", int(self.proc.stdout.readline()))

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()
