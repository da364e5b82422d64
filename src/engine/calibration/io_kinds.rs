//! The kinds of I/O as the calls they make. Each blocking kind is a sequence of calls that
//! release the GIL, each after Python work that holds it; one of them carries the scenario's
//! `io_ms` (the reply, the device, the query). All measured here with the program's own calls
//! (`conclab code`): "cost alone" is `validation/calibration.md` (a thread looping on the call,
//! the other side answering at once), the convoy and `kind` rows are
//! `validation/results.md`.

use super::{IO_CALL_PYTHON_ASYNCIO, IO_CALL_PYTHON_BLOCKING};
use crate::engine::time::Nanos;

/// One I/O operation of a kind as a thread makes it with blocking calls.
#[derive(Debug, PartialEq, Eq)]
pub struct IoCalls {
    /// Each GIL-releasing call in order: the Python work holding the GIL before it, and how
    /// long the call keeps the GIL released when the other side answers at once.
    pub calls: &'static [(Nanos, Nanos)],
    /// Which call waits for the other side: it also lasts the scenario's `io_ms`.
    pub waits: usize,
    /// Python work after the last call (reading the reply).
    pub after: Nanos,
    /// Whether the waiting call's time is work on a core (SQLite runs the query in its C code,
    /// in this process) rather than a wait for another machine or a device.
    pub on_core: bool,
}

impl IoCalls {
    /// The Python work of one operation, in all.
    pub fn python(&self) -> Nanos {
        self.calls.iter().map(|c| c.0).sum::<Nanos>() + self.after
    }
}

/// `time.sleep`: one call, with half of the blocking call's Python work on each side (the
/// reference calibration, unchanged so that every sleep scenario's trace stays put; measured
/// here, a 1 ms `time.sleep` lasts 1.079 ms and the Python around it 6 µs: sleeps, cost alone).
pub static SLEEP_CALLS: IoCalls = IoCalls {
    calls: &[(IO_CALL_PYTHON_BLOCKING / 2, 0)],
    waits: 0,
    after: IO_CALL_PYTHON_BLOCKING - IO_CALL_PYTHON_BLOCKING / 2,
    on_core: false,
};

/// A request and its reply on an open TCP connection: 56 µs a call alone, of which 8 µs of
/// Python (user CPU 3.2 µs, and the system calls made holding the GIL); the server answers in
/// the rest (cost alone). `sendall` is too short for a waiting thread to take the GIL, so it
/// counts as Python: beside one CPU-bound thread a call waits for the GIL once (the convoy
/// rows of `validation/results.md`).
pub static SOCKET_CALLS: IoCalls = IoCalls {
    calls: &[(5_000, 48_000)],
    waits: 0,
    after: 3_000,
    on_core: false,
};

/// `urllib.request.urlopen(url).read()`: connecting, sending and waiting for the reply,
/// closing. 370 µs a call alone, about 150 µs of it Python (user CPU 127 µs, system 57 µs),
/// the stand-in server's 188 µs of CPU on the other core most of the rest (cost alone). Three
/// calls that release the GIL with Python after them: beside one CPU-bound thread a request
/// waits three switch intervals (convoy rows).
pub static HTTP_CALLS: IoCalls = IoCalls {
    calls: &[(80_000, 30_000), (25_000, 180_000), (35_000, 5_000)],
    waits: 1,
    after: 10_000,
    on_core: false,
};

/// `open(path, "rb")`, the device's wait, `read()`, closing (64 kB from the OS's cache): 17 µs
/// alone besides the wait, 12 µs of it Python (cost alone, less `time.sleep(0)`); the program
/// stands in for the device with `time.sleep`, which lasts 76 µs more than asked (measured
/// here: sleeps, a 1 ms `time.sleep` took 1.079 ms). Three calls that release the GIL with
/// Python after them (convoy rows).
pub static FILE_CALLS: IoCalls = IoCalls {
    calls: &[(4_000, 3_000), (3_000, 80_000), (3_000, 2_000)],
    waits: 1,
    after: 2_000,
    on_core: false,
};

/// `db.execute(query).fetchone()` on an open SQLite connection: the query's first step (the
/// work: SQLite's C code, on a core, without the GIL), the step that finds no more rows, the
/// statement's reset: 3.4 µs a call alone, nearly all of it Python (cost alone). Three calls
/// that release the GIL with Python after them (convoy rows).
pub static SQLITE_CALLS: IoCalls = IoCalls {
    calls: &[(1_500, 300), (1_000, 200), (500, 100)],
    waits: 0,
    after: 300,
    on_core: true,
};

/// An awaited asyncio call of an awaitable kind: the event loop's Python work for it, in all
/// (split before and after the wait), and the wait it adds to the scenario's `io_ms` (a round
/// trip, a new connection).
#[derive(Debug, PartialEq, Eq)]
pub struct Awaited {
    /// The loop's Python work for one call.
    pub python: Nanos,
    /// Waiting beyond `io_ms`.
    pub extra_wait: Nanos,
}

/// `await asyncio.sleep(...)` (the reference calibration, unchanged so that every sleep
/// scenario's trace stays put; measured here, a 1 ms `asyncio.sleep` lasts 1.121 ms: sleeps).
pub static SLEEP_AWAITED: Awaited = Awaited {
    python: IO_CALL_PYTHON_ASYNCIO,
    extra_wait: 0,
};

/// `writer.write(...)`, `await reader.readline()`, each task in flight opening its connection
/// first: 143–185 ms for 1 000 tasks at once, waiting 2 ms each, in three runs of the
/// `kind socket asyncio` row (`validation/results.md` holds the last), less the loop's own work
/// for a task.
pub static SOCKET_AWAITED: Awaited = Awaited {
    python: 130_000,
    extra_wait: 60_000,
};

/// `asyncio.open_connection`, a request, `await reader.read()` and closing: 218–280 ms for
/// 1 000 requests at once, waiting 2 ms each, in three runs of the `kind http asyncio` row
/// (`validation/results.md` holds the last), less the loop's own work for a task; the
/// stand-in server's answer takes about 220 µs beyond the wait (cost alone).
pub static HTTP_AWAITED: Awaited = Awaited {
    python: 180_000,
    extra_wait: 220_000,
};
